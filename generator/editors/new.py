"""``new meeting|practice|story``: a new entry file with every field present and commented.

Nothing is invented: a field the editor did not give stays empty in the file,
and an empty required field fails the check (file, line, field, what to write)
until it is filled. So a half-made entry is never published with placeholder
text, a guessed municipality or a guessed theme.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ..core import dates
from ..core.build import load_site
from ..core.errors import ContentError, Problem
from ..core.load import load_content
from ..core.project import ProjectPaths
from ..core.slugs import ID_LENGTH, make_id
from .new_fields import AnswerError, Vocabularies, read_values, vocabulary_choices

KINDS = ("meeting", "practice", "story")


class NewEntryError(Exception):
    """Why a new entry was not written, in Russian."""


@dataclass
class NewEntry:
    path: Path
    to_fill: list[Problem] = field(default_factory=list)  # what the check says until the editor fills the file


def vocabularies(paths: ProjectPaths) -> Vocabularies:
    """Municipalities and themes of the project, for choices and for reading answers."""
    content = load_content(paths.root, paths.data, paths.docs)
    return vocabulary_choices([(m.id, m.data.name, m.data.short) for m in content.municipalities],
                              [(t.id, t.data.name) for t in content.themes])


def entry_path(paths: ProjectPaths, kind: str, title: str, day: dt.date) -> Path:
    slug = make_id(title, max_length=ID_LENGTH)
    if not slug:
        raise NewEntryError("из названия не получилось имя файла: в нём должны быть буквы или цифры")
    if kind == "meeting":
        return paths.data / "meetings" / f"{day.isoformat()}-{slug}.yml"
    if kind == "practice":
        return paths.data / "practices" / f"{slug}.yml"
    return paths.docs / "stories" / f"{day.isoformat()}-{slug}.md"


def create_entry(paths: ProjectPaths, kind: str, given: dict[str, str],
                 choices: Vocabularies | None = None) -> NewEntry:
    """Write the file for a new entry from the values given (command-line flags or answers)."""
    try:
        values = read_values(kind, given, choices or vocabularies(paths))
    except AnswerError as error:
        raise NewEntryError(str(error)) from None
    _refuse_undecodable(values)
    title = values.get("title", "")
    if not title:
        raise NewEntryError("укажите название: --title «…»")
    day = values.get("date") or (dates.today().isoformat() if kind != "practice" else "")
    path = entry_path(paths, kind, title, dt.date.fromisoformat(day) if day else dates.today())
    if path.exists() or path.with_suffix(".yaml").exists():
        raise NewEntryError(f"запись уже есть: {path.relative_to(paths.root).as_posix()} — "
                            "выберите другое название или исправьте существующий файл")
    context = {
        "title": _quoted(title), "date": day, "kind": values.get("kind", "заседание"),
        "format": values.get("format", "очно"), "time": values.get("time", ""),
        "place": _quoted(values.get("place", "")), "organization": _quoted(values.get("organization", "")),
        "municipality": values.get("municipality", ""),
        "themes": [t.strip() for t in values.get("themes", "").split(",") if t.strip()],
        "form": values.get("form", "другое"), "summary": _quoted(values.get("summary", "")),
        "description": values.get("description", ""), "body": "",
    }
    text = _templates().get_template(f"{kind}.{'md' if kind == 'story' else 'yml'}.j2").render(context)
    data = text.encode("utf-8")  # before the file is opened: nothing half-written is left behind
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return NewEntry(path, _problems_to_fill(paths, path, text))


def _refuse_undecodable(values: dict[str, str]) -> None:
    """Text that came in another encoding than UTF-8 reaches Python as lone surrogates: say so, write nothing."""
    for name, value in values.items():
        if any("\ud800" <= char <= "\udfff" for char in str(value)):
            raise NewEntryError(f"{name}: текст пришёл не в кодировке UTF-8 (например, в cp1251), и русские буквы "
                                "в нём не прочитать. Переключите терминал на UTF-8 (в Windows: команда chcp 65001) "
                                "и повторите")


def _field_at(text: str, line: int | None) -> str:
    """The field a line of the new file belongs to: the nearest «name:» at or above it."""
    lines = text.splitlines()
    for number in range(min(line or 0, len(lines)), 0, -1):
        if match := re.match(r"([a-z_]+):", lines[number - 1]):
            return match.group(1)
    return "поле"


def _quoted(text: str) -> str:
    """A YAML string exactly as typed (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False) if text else ""


def _templates() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("generator.editors", "new_templates"), autoescape=False,
                              keep_trailing_newline=True, undefined=jinja2.StrictUndefined)


# Problems of a new file that only mean "not filled yet": the editor fills these in the file.
_UNFILLED = ("обязательное поле не заполнено", "укажите дату (date) или учебный год", "текст новости не написан")


def _problems_to_fill(paths: ProjectPaths, path: Path, text: str) -> list[Problem]:
    """The check's problems with the new file: empty fields are left to fill; anything else removes the file."""
    name = path.relative_to(paths.root).as_posix()
    try:
        load_site(paths.root, paths.data, paths.docs)
    except ContentError as error:
        own = [p for p in error.problems if p.path == name]
        wrong = [p for p in own if not p.message.startswith(_UNFILLED)]
        if wrong:
            path.unlink()
            named = [f"{p.field or _field_at(text, p.line)}: {p.message}" for p in wrong]
            raise NewEntryError("файл не создан: " + "; ".join(named)) from None
        return own
    return []
