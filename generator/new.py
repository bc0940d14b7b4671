"""``new meeting|practice|story``: a new entry file with every field present and commented."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import dates
from .build import load_site
from .errors import ContentError
from .load import VOCABULARIES, load_content
from .project import ProjectPaths
from .slugs import make_id

KINDS = ("meeting", "practice", "story")
ID_LENGTH = 60
PLACEHOLDER = "(заполнить)"


class NewEntryError(Exception):
    """Why a new entry was not written, in Russian."""


@dataclass
class NewEntry:
    path: Path
    to_fill: list[str] = field(default_factory=list)  # fields left with placeholders


def entry_path(paths: ProjectPaths, kind: str, title: str, day: dt.date) -> Path:
    slug = make_id(title, max_length=ID_LENGTH)
    if not slug:
        raise NewEntryError("из названия не получилось имя файла: в нём должны быть буквы или цифры")
    if kind == "meeting":
        return paths.data / "meetings" / f"{day.isoformat()}-{slug}.yml"
    if kind == "practice":
        return paths.data / "practices" / f"{slug}.yml"
    return paths.docs / "stories" / f"{day.isoformat()}-{slug}.md"


def create_entry(paths: ProjectPaths, kind: str, values: dict[str, str],
                 ask: Callable[[str, str], str] | None = None) -> NewEntry:
    """Write the file for a new entry; ``ask(question, default)`` fills missing fields when given."""
    def value(name: str, question: str, default: str = "") -> str:
        given = (values.get(name) or "").strip()
        if not given and ask is not None:
            given = ask(question, default).strip()
        return given or default

    title = value("title", "Название")
    if not title:
        raise NewEntryError("укажите название: --title «…»")
    day_text = value("date", "Дата (ГГГГ-ММ-ДД)", dates.today().isoformat())
    try:
        day = dt.date.fromisoformat(day_text)
    except ValueError:
        raise NewEntryError(f"дата записывается как ГГГГ-ММ-ДД, например 2024-08-27, а не «{day_text}»") from None
    path = entry_path(paths, kind, title, day)
    if path.exists() or path.with_suffix(".yaml").exists():
        raise NewEntryError(f"запись уже есть: {path.relative_to(paths.root).as_posix()} — "
                            "выберите другое название или исправьте существующий файл")
    context: dict[str, object] = {"title": _quoted(title), "date": day.isoformat()}
    to_fill: list[str] = []
    if kind == "meeting":
        context |= {"kind": value("kind", "Вид (заседание, секция, семинар, вебинар, конференция)", "заседание"),
                    "format": value("format", "Формат (очно, дистанционно, смешанно)", "очно"),
                    "time": value("time", "Время начала (ЧЧ:ММ)"), "place": _quoted(value("place", "Место"))}
    elif kind == "practice":
        vocabularies = _vocabulary_ids(paths)
        context |= {
            "organization": _quoted(value("organization", "Образовательная организация")),
            "municipality": value("municipality", "Муниципальное образование (id из data/municipalities.yml)"),
            "themes": [t.strip() for t in value("themes", "Направления (id через запятую)").split(",") if t.strip()],
            "form": value("form", "Форма работы (выставка, акция, проект, библиотечный урок, клуб, конкурс, квиз, "
                                  "другое)", "другое"),
            "summary": _quoted(value("summary", "Кратко, одно-два предложения")),
            "description": value("description", "Описание") or f"Описание практики {PLACEHOLDER}.",
        }
        for name, placeholder in (("organization", _quoted(f"Образовательная организация {PLACEHOLDER}")),
                                  ("municipality", next(iter(vocabularies["municipalities"]), "")),
                                  ("themes", list(vocabularies["themes"])[:1])):
            if not context[name] or context[name] == '""':
                context[name] = placeholder
                to_fill.append(name)
        if PLACEHOLDER in str(context["description"]):
            to_fill.append("description")
    else:
        context |= {"summary": _quoted(value("summary", "Коротко о главном"))}
    text = _templates().get_template(f"new/{kind}.{'md' if kind == 'story' else 'yml'}.j2").render(context)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    _refuse_if_invalid(paths, path)
    return NewEntry(path, to_fill)


def _quoted(text: str) -> str:
    """A YAML string exactly as typed (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False) if text else ""


def _templates() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("generator", "templates"), autoescape=False,
                              keep_trailing_newline=True, undefined=jinja2.StrictUndefined)


def _vocabulary_ids(paths: ProjectPaths) -> dict[str, list[str]]:
    content = load_content(paths.root, paths.data, paths.docs)
    return {name: [entry.id for entry in getattr(content, name)] for name in VOCABULARIES}


def _refuse_if_invalid(paths: ProjectPaths, path: Path) -> None:
    """A new file must pass the check; otherwise it is removed and the problems are reported."""
    name = path.relative_to(paths.root).as_posix()
    try:
        load_site(paths.root, paths.data, paths.docs)
    except ContentError as error:
        own = [p for p in error.problems if p.path == name]
        if own:
            path.unlink()
            raise NewEntryError("файл не создан: " + "; ".join(f"{p.field or 'поле'}: {p.message}" for p in own)
                                ) from None
