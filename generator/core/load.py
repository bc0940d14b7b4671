"""Files -> records. Reads every editors' file, collecting every problem.

Nothing here knows about pages or MkDocs: the result is a ``Content`` of
validated records, each remembering its file and the positions of its values.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, Generic, TypeVar, get_args, get_origin

import frontmatter
from pydantic import BaseModel, TypeAdapter, ValidationError

from . import model
from .absent import Trimmed
from .errors import Problem, describe_char, field_name, id_slips, is_invisible
from .indented_code import indented_code
from .layout import MARKDOWN_SUFFIXES, REPORTS, RESERVED_IDS, STORIES, YAML_SUFFIXES, content_pages, data_problems
from .markdown_limits import limit_problems
from .markdown_links import page_problems, site_addresses
from .pasted_text import WORD_BULLETS, pasted_text, shown_bullet
from .slugs import make_id
from .uploads import is_litter, notepad_name, published_file_problems
from .yamlio import Document, ReadError, SourceFile, missing_colon, parse_yaml, text_above, yaml_text

T = TypeVar("T", bound=BaseModel)

VOCABULARIES = {"audiences": model.Audience, "municipalities": model.Municipality, "themes": model.Theme}
OPTIONAL_LISTS = {"partners": model.Partner}  # lists without ids that a site may do without
COLLECTIONS = {"meetings": model.Meeting, "directives": model.Directive, "practices": model.Practice}
STORY_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Entry(Generic[T]):
    """One validated record and where it came from."""

    id: str
    path: str
    data: T
    doc: Document = field(repr=False, compare=False)
    loc: tuple[Any, ...] = ()  # where the record sits inside its file (an index in a list file)
    # Empty values taken out before validation (absent.py): positions in the record -> positions in the file.
    trimmed: Trimmed | None = field(default=None, repr=False, compare=False)

    @property
    def raw(self) -> Any:
        """The record's data as parsed from YAML."""
        value = self.doc.data
        for key in self.loc:
            value = value[key]
        return value

    def in_file(self, loc: tuple[Any, ...]) -> tuple[Any, ...]:
        """A place in the validated record as it is written in the file (empty list items counted)."""
        return self.trimmed.original(loc) if self.trimmed is not None else loc

    def line(self, *loc: Any) -> int:
        return self.doc.line(self.loc + self.in_file(loc))

    def problem(self, loc: tuple[Any, ...], message: str) -> Problem:
        return Problem(self.path, self.line(*loc), field_name(self.in_file(loc)), message)


@dataclass(frozen=True)
class Story(Entry[model.StoryMeta]):
    body: str = ""


@dataclass
class Content:
    audiences: list[Entry[model.Audience]] = field(default_factory=list)
    municipalities: list[Entry[model.Municipality]] = field(default_factory=list)
    themes: list[Entry[model.Theme]] = field(default_factory=list)
    partners: list[Entry[model.Partner]] = field(default_factory=list)
    meetings: list[Entry[model.Meeting]] = field(default_factory=list)
    directives: list[Entry[model.Directive]] = field(default_factory=list)
    practices: list[Entry[model.Practice]] = field(default_factory=list)
    reports: list[Entry[model.Report]] = field(default_factory=list)  # id: "<meeting id>/<municipality id>"
    stories: list[Story] = field(default_factory=list)
    home_meta: model.PageMeta = field(default_factory=lambda: model.PageMeta())
    home_intro: str = ""  # the body of content/index.md
    examples: Entry[model.Examples] | None = None  # data/examples.yml: the project's samples
    problems: list[Problem] = field(default_factory=list)
    # Ids whose files exist but failed to load, by collection: references to them are not errors of their own.
    broken: dict[str, set[str]] = field(default_factory=dict)
    # Vocabularies whose file is missing or unreadable: references to them are not reported one by one.
    unreadable: set[str] = field(default_factory=set)
    # Records that failed to load, with the fields that are valid on their own: their references are
    # still checked, so that one wrong field does not hide a wrong reference until the next run.
    salvaged: list[Entry] = field(default_factory=list)
    # Relative addresses in stories and hand-written pages (file, line, address): checked against the site's
    # files and pages, in Russian, before MkDocs would warn about them in English.
    page_links: list[tuple[str, int, str]] = field(default_factory=list)


def load_content(project: Path, data: Path, docs: Path) -> Content:
    """Read every data file and story; problems are collected, not raised.

    File names in problems are relative to ``project``, the folder of ``mkdocs.yml``.
    """
    content = Content()
    for name, schema in VOCABULARIES.items():
        getattr(content, name).extend(_load_vocabulary(project, data, name, schema, content))
    for name, schema in OPTIONAL_LISTS.items():
        if any((data / f"{name}{suffix}").is_file() for suffix in YAML_SUFFIXES):
            getattr(content, name).extend(_load_vocabulary(project, data, name, schema, content))
    for name, schema in COLLECTIONS.items():
        broken = content.broken.setdefault(name, set())
        entries = _load_collection(project, data / name, schema, content, broken)
        getattr(content, name).extend(entries)
    content.reports.extend(_load_reports(project, data / REPORTS, content))
    content.examples = _load_examples(project, data, content.problems)
    content.stories.extend(_load_stories(project, docs / "stories", content))
    content.problems.extend(data_problems(project, data))
    pages, misplaced = content_pages(project, docs)
    content.problems.extend(misplaced)
    for page in pages:
        loaded = _load_page(SourceFile(page, project), content.problems, content.page_links)
        if page == docs / "index.md" and loaded is not None:
            content.home_meta, content.home_intro = loaded
    content.problems.extend(published_file_problems(project, docs, data))
    return content


# Reading files --------------------------------------------------------------

def _read(source: SourceFile, problems: list[Problem]) -> str | None:
    try:
        return source.read_text()
    except ReadError as error:
        problems.append(error.problem)
        return None


def _parse(source: SourceFile, text: str, problems: list[Problem], first_line: int = 1) -> Document | None:
    """The parsed document, or None (with a problem) when it cannot be read or holds nothing."""
    try:
        doc = parse_yaml(text, source.name, first_line)
    except ReadError as error:
        problems.append(error.problem)
        return None
    problems.extend(doc.problems)
    return doc if doc.data is not None else None


def _load_vocabulary(project: Path, data: Path, name: str, schema: type[T], content: Content) -> list[Entry[T]]:
    problems = content.problems
    path = next((data / f"{name}{suffix}" for suffix in YAML_SUFFIXES if (data / f"{name}{suffix}").is_file()), None)
    if path is None:
        problems.append(Problem(f"{data.relative_to(project).as_posix()}/{name}.yml", 0, "",
                                "файл справочника не найден: он обязателен"))
        content.unreadable.add(name)
        return []
    source = SourceFile(path, project)
    text = _read(source, problems)
    doc = None if text is None else _parse(source, text, problems)
    if text is None or doc is None:
        if text is not None and not problems_for(source.name, problems):
            problems.append(Problem(source.name, 1, "", "файл пуст: ожидается список записей «- id: …»"))
        content.unreadable.add(name)
        return []
    if not isinstance(doc.data, list):
        problems.append(Problem(source.name, 1, "", "ожидается список записей, каждая начинается с «- id: …»"))
        content.unreadable.add(name)
        return []
    entries: list[Entry[T]] = []
    seen: dict[str, int] = {}
    keyed = "id" in schema.model_fields
    for index, item in enumerate(doc.data):
        entry = _validate(schema, item, source.name, doc, (index,), problems,
                          record_id=None if keyed else str(index + 1))
        if entry is None:
            if keyed and isinstance(item, dict) and isinstance(item.get("id"), str):
                content.broken.setdefault(name, set()).add(item["id"].strip())  # no follow-on errors
            continue
        if entry.id in seen:
            problems.append(entry.problem(("id",), f"id «{entry.id}» уже есть в строке {seen[entry.id]}"))
            continue
        if entry.id in RESERVED_IDS:
            problems.append(entry.problem(("id",), f"id «{entry.id}» занят страницей раздела: выберите другой"))
            continue
        seen[entry.id] = entry.line("id")
        entries.append(entry)
    return entries


def _load_examples(project: Path, data: Path, problems: list[Problem]) -> Entry[model.Examples] | None:
    """``data/examples.yml``, when the project has one: which entries are its samples."""
    path = next((data / f"examples{suffix}" for suffix in YAML_SUFFIXES if (data / f"examples{suffix}").is_file()),
                None)
    if path is None:
        return None
    source = SourceFile(path, project)
    text = _read(source, problems)
    doc = None if text is None else _parse(source, text, problems)
    if doc is None:
        return None
    return _validate(model.Examples, doc.data, source.name, doc, (), problems, record_id="examples")


def problems_for(name: str, problems: list[Problem]) -> bool:
    return any(p.path == name for p in problems)


def _entry_files(project: Path, folder: Path, suffixes: tuple[str, ...], problems: list[Problem],
                 misnamed: list[Path] | None = None) -> dict[str, Path]:
    """Files of one collection by id; wrong names and doubled ids are problems. A file refused for its name only
    goes to ``misnamed``: its fields are checked too, so that renaming it does not reveal more problems."""
    found: dict[str, Path] = {}
    misnamed = [] if misnamed is None else misnamed
    if not folder.is_dir():
        return found
    for path in sorted(folder.iterdir()):
        if is_litter(path.name) or path.is_dir() or notepad_name(path.name) is not None:
            continue  # subfolders are refused by ``layout``, «x.yml.txt» by ``uploads``
        name = path.relative_to(project).as_posix()
        if path.suffix.lower() not in suffixes:
            if folder.name == STORIES and path.suffix.lower() in MARKDOWN_SUFFIXES:
                continue  # «x.markdown»: ``layout`` tells to rename it
            expected = " или ".join(suffixes)
            problems.append(Problem(name, 0, "", f"файл здесь не прочитан: ожидается расширение {expected}"))
            continue
        entry_id = path.stem
        if entry_id in found:
            other = found[entry_id].relative_to(project).as_posix()
            problems.append(Problem(name, 0, "", f"запись с id «{entry_id}» уже есть в файле {other}: "
                                                 "оставьте один файл"))
            continue
        copy = _COPY.match(entry_id)
        if copy and not (folder / f"{copy[1] or copy[2]}{path.suffix}").is_file():
            copy = None  # «Копия картины Репина»: a title, not a copy of a file that is here
        if copy and not model.ID_PATTERN.match(entry_id):  # «kviz - копия.yml»: renamed as told, it would be twice
            original = f"{copy[1] or copy[2]}{path.suffix.lower()}"
            problems.append(Problem(name, 0, "", f"похоже на копию файла {original}: если копия не нужна, удалите её; "
                                                 "если это новая запись, назовите файл по её названию латиницей"))
            continue
        if folder.parent.name == REPORTS and not model.ID_PATTERN.match(entry_id) and path.suffix.islower():
            found[entry_id] = path  # «Вязьма.yml»: the check names the district's id to write (core/site.py)
            continue
        if not model.ID_PATTERN.match(entry_id) or path.suffix != path.suffix.lower():
            suggestion = make_id(entry_id) or "zapis"
            if folder.name == "stories" and not STORY_NAME.match(suggestion):
                suggestion = f"ГГГГ-ММ-ДД-{suggestion}"  # stories are named by their date
            problems.append(Problem(name, 0, "", "имя файла должно состоять из строчных латинских букв, цифр и "
                                                 f"дефисов: переименуйте в {suggestion}{path.suffix.lower()}"))
            misnamed.append(path)
            continue
        if entry_id in RESERVED_IDS:
            problems.append(Problem(name, 0, "", f"имя «{entry_id}» занято страницей раздела {folder.name}/: "
                                                 "назовите файл по названию записи латиницей, например "
                                                 f"akciya-podari-knigu{path.suffix.lower()}"))
            misnamed.append(path)
            continue
        found[entry_id] = path
    return found


def _load_collection(project: Path, folder: Path, schema: type[T], content: Content,
                     broken: set[str]) -> list[Entry[T]]:
    problems = content.problems
    entries = []
    misnamed: list[Path] = []
    files = list(_entry_files(project, folder, YAML_SUFFIXES, problems, misnamed).items())
    for entry_id, path in files + [(None, path) for path in misnamed]:
        if entry_id is not None:
            broken.add(entry_id)  # until it loads
        source = SourceFile(path, project)
        text = _read(source, problems)
        if text is None:
            continue
        doc = _parse(source, text, problems)
        if doc is None:
            if entry_id is not None and not problems_for(source.name, problems):
                problems.append(Problem(source.name, 1, "", "файл пуст: заполните поля записи"))
            continue
        entry = _validate(schema, doc.data, source.name, doc, (), problems, record_id=entry_id or path.stem,
                          salvaged=content.salvaged if entry_id is not None else None)
        if entry is not None and entry_id is not None:
            entries.append(entry)
            broken.discard(entry_id)
    return entries


def _load_reports(project: Path, folder: Path, content: Content) -> list[Entry[model.Report]]:
    """District reports, one folder per resolution: each id is ``<meeting id>/<municipality id>``."""
    reports = []
    for meeting_folder in sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else ():
        if is_litter(meeting_folder.name):
            continue
        for entry in _load_collection(project, meeting_folder, model.Report, content, set()):
            reports.append(replace(entry, id=f"{meeting_folder.name}/{entry.id}"))
    return reports


def _real_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:  # 2026-11-31
        return False
    return True


def _load_stories(project: Path, folder: Path, content: Content) -> list[Story]:
    problems = content.problems
    stories = []
    misnamed: list[Path] = []
    files: list[tuple[str | None, Path]] = list(_entry_files(project, folder, (".md",), problems, misnamed).items())
    for story_id, path in files + [(None, path) for path in misnamed]:
        source = SourceFile(path, project)
        if story_id is not None and not STORY_NAME.match(story_id):
            reversed_date = re.match(r"^(\d{2})-(\d{2})-(\d{4})-", story_id)  # 28-11-2026-itogi
            example = (f"{reversed_date[3]}-{reversed_date[2]}-{reversed_date[1]}-{story_id[11:]}.md" if reversed_date
                       else "2024-08-28-itogi-sekcii.md")
            problems.append(Problem(source.name, 0, "", "имя файла новости: ГГГГ-ММ-ДД-название-латиницей.md, "
                                                        f"например {example}"))
            story_id = None  # its text is checked all the same: renamed, it shows no new problem
        elif story_id is not None and not _real_day(story_id[:10]):  # the address would keep a day that never was
            problems.append(Problem(source.name, 0, "", f"в имени файла дата {story_id[:10]}, а такого дня в "
                                                        "календаре нет: исправьте дату в имени файла"))
            story_id = None
        text = _read(source, problems)
        if text is None:
            continue
        front, body = _split_front_matter(text)
        if front is None:
            problems.append(Problem(source.name, 1, "", _no_fields_message(text)))
            continue
        problems += _body_problems(source.name, text, body, content.page_links)
        before = len(problems)
        doc = _parse(source, front, problems)
        _text_among_fields(text, problems, before)
        if doc is None:
            if not problems_for(source.name, problems):
                problems.append(Problem(source.name, 1, "", "блок полей пуст: нужны хотя бы title и date"))
            continue
        entry = _validate(model.StoryMeta, doc.data, source.name, doc, (), problems, record_id=story_id or path.stem,
                          salvaged=content.salvaged if story_id is not None else None)
        if story_id is None:
            continue
        if entry is not None and not entry.data.draft and not body.strip():
            problems.append(Problem(source.name, text[: len(text) - len(body)].count("\n") + 1, "",
                                    "текст новости не написан: напишите его под второй строкой --- "
                                    "(пока новость не готова, добавьте в поля строку draft: true)"))
        elif entry is not None:
            stories.append(Story(entry.id, entry.path, entry.data, entry.doc, entry.loc, entry.trimmed, body))
    return stories


def read_page(path: Path, project: Path) -> tuple[model.PageMeta, str]:
    """A hand-written page that the checks have passed: its fields and body."""
    return _load_page(SourceFile(path, project), []) or (model.PageMeta(), "")


def _load_page(source: SourceFile, problems: list[Problem],
               links: list[tuple[str, int, str]] | None = None) -> tuple[model.PageMeta, str] | None:
    """A hand-written page: the fields at its top, checked like a story's, and its body."""
    text = _read(source, problems)
    if text is None:
        return None
    if not text.startswith("---"):
        problems += _body_problems(source.name, text, text, links)
        return model.PageMeta(), text
    front, body = _split_front_matter(text)
    problems += _body_problems(source.name, text, body, links)
    if front is None:
        problems.append(Problem(source.name, 1, "", "не закрыт блок полей в начале файла: после полей нужна "
                                                    "строка ---"))
        return None
    before = len(problems)
    doc = _parse(source, front, problems)
    _text_among_fields(text, problems, before)
    if doc is None:
        return model.PageMeta(), body
    before = len(problems)
    entry = _validate(model.PageMeta, doc.data, source.name, doc, (), problems, record_id=source.name)
    _story_out_of_place(source.name, problems, before)
    return (entry.data, body) if entry is not None else None


_STORY_ONLY = frozenset(model.StoryMeta.model_fields) - frozenset(model.PageMeta.model_fields)


def _story_out_of_place(name: str, problems: list[Problem], before: int) -> None:
    """A page with a story's fields (``date``, ``summary``) is a story out of its folder: «delete the field» would
    publish it as a page that no news list, feed or menu shows."""
    for index in range(before, len(problems)):
        problem = problems[index]
        if problem.field in _STORY_ONLY and problem.message.startswith("неизвестное поле"):
            problems[index] = Problem(problem.path, problem.line, problem.field,
                                      f"поле {problem.field} есть только у новостей, а новости лежат в папке "
                                      f"{name.split('/')[0]}/stories/ и называются ГГГГ-ММ-ДД-название.md: "
                                      "перенесите файл туда")


# Names Windows, macOS and file managers give a copy: «x - копия», «x — копия» (Windows 10 and 11), «x - Copy (2)»,
# «x (2)», «x (копия)», «Копия x», «x copy».
_COPY = re.compile(r"^(?:Копия|Copy of)\s+(.+)$|^(.+?)(?:\s*[-–—]\s*(?:копия|copy)(?:\s*\(\d+\))?|\s+\(\d+\)"
                   r"|\s*\((?:копия|copy)(?:\s+\d+)?\)|\s+copy)$", re.IGNORECASE)
_DASHES = re.compile(r"^[ \t]*(?:[—–]|-{1,2}|-{4,})[ \t]*$")  # Word's dash for «---», or a line of other length


def _no_fields_message(text: str) -> str:
    """Why a story has no block of fields at its top, as the editor can see it."""
    first = text.split("\n", 1)[0]
    if text.startswith("---"):
        return "не закрыт блок полей в начале файла: после полей нужна строка ---"
    if text.lstrip().startswith("---"):
        return ("перед первой строкой --- есть пустая строка или пробелы: удалите их, блок полей начинается с первой "
                "строки файла")
    if _DASHES.match(first):
        return (f"первая строка «{first.strip()}» должна быть из трёх дефисов ---: Word заменяет их на тире; "
                "напишите --- в начале и в конце блока полей")
    return "в начале файла нет блока полей между строками --- (title, date)"


def _text_among_fields(text: str, problems: list[Problem], before: int) -> None:
    """A line of text where a field was expected (``problems[before:]``): the closing ``---`` is missing above it,
    and a ``---`` further down the text closed the block instead. Say so, not «add a colon»."""
    lines = text.split("\n")
    for index in range(before, len(problems)):
        problem = problems[index]
        line = lines[problem.line - 1] if 0 < problem.line <= len(lines) else ""
        if problem.field == "" and "ошибка в записи YAML" in problem.message and line.strip() \
                and ":" not in line and re.search("[А-Яа-яЁё]{3}", line):
            problems[index] = Problem(problem.path, problem.line, "", "строка похожа на текст, а не на поле: если "
                                      "здесь начинается текст новости, поставьте строку --- после последнего поля, "
                                      "перед текстом; если это продолжение значения из строки выше, сдвиньте строку "
                                      "вправо пробелами")


def _body_problems(name: str, text: str, body: str, links: list[tuple[str, int, str]] | None) -> list[Problem]:
    """Problems of the Markdown below a file's fields (``body`` ends ``text``); its addresses into the site are
    added to ``links`` for the site's checks."""
    first_line = text.count("\n", 0, len(text) - len(body)) + 1
    if links is not None and ("](" in body or "]:" in body):
        links += [(name, first_line + line, address) for line, address in site_addresses(body)]
    found = page_problems(name, first_line, body, name.split("/")[0], html_is_text="/stories/" in name)
    story = "/stories/" in name
    slips = limit_problems(body, html=not story) + indented_code(body, stripped=story) + pasted_text(body, story)
    return found + [Problem(name, first_line + body.count("\n", 0, start), "", advice) for start, advice in slips]


def _split_front_matter(text: str) -> tuple[str | None, str]:
    """The fields between the opening and closing ``---`` lines (None when absent or not closed), and the body.

    The fields keep the opening line's place, so that their line numbers are the file's.
    """
    handler = frontmatter.YAMLHandler()
    if not handler.detect(text):
        return None, text
    try:
        fields, body = handler.split(text)
    except ValueError:  # no closing line
        return None, text
    return fields, body.removeprefix("\n")


# Validation -----------------------------------------------------------------

def _validate(schema: type[T], value: Any, path: str, doc: Document, loc: tuple[Any, ...], problems: list[Problem],
              record_id: str | None, salvaged: list[Entry] | None = None) -> Entry[T] | None:
    trimmed = Trimmed(value)  # "", null, [] and {} are fields not given (the browser editor writes them)
    value = trimmed.value
    try:
        data = schema.model_validate(value)
    except ValidationError as error:
        if salvaged is not None and record_id is not None and isinstance(value, dict):
            salvaged.append(Entry(record_id, path, _salvage(schema, value), doc, loc, trimmed))
        errors = error.errors(include_url=False)
        # A text with «: » read as a field, or a report's item outside «items:», explains the field found missing
        # beside it: one message, not advice to fill in a field and to delete the editor's text.
        # Only where the heuristic holds: a list item (the text with «: » is the item's one required field), and a
        # report's item key at the report's top level.
        explained = {tuple(item["loc"][:-1]) for item in errors
                     if (text_with_a_colon(item) and len(item["loc"]) > 1 and isinstance(item["loc"][-2], int))
                     or (schema is model.Report and item["type"] == "extra_forbidden" and len(item["loc"]) == 1
                         and _ITEM_KEY.match(str(item["loc"][-1])))}
        meant = {tuple(item["loc"][:-1]) + (field,) for item in errors if item["type"] == "extra_forbidden"
                 and (field := _as_field_name(str(item["loc"][-1]), fields_beside(schema, tuple(item["loc"]))))}
        for item in errors:
            if item["type"] == "missing" and (tuple(item["loc"][:-1]) in explained or tuple(item["loc"]) in meant):
                continue
            inner = trimmed.original(tuple(item["loc"]))
            ctx = item.get("ctx") or {}
            if "field" in ctx:
                inner += (ctx["field"],)
            where = loc + inner
            message = russian_message(item, field_description(schema, tuple(item["loc"])),
                                      fields_beside(schema, tuple(item["loc"])))
            line = doc.line(where)
            # Only where no field of its record is like it: «resluts:» under a block is a misspelt field.
            if message == UNKNOWN_FIELD + _NO_SUCH_FIELD and (above := text_above(doc.text, line - doc.first_line)):
                # In a block (``|``) the line joins the text as it is; a wrapped value would read its «: » as a
                # field again, so it becomes a block.
                field, block = above
                move = ("сдвиньте строку вправо пробелами, вровень с этим текстом" if block else
                        f"запишите текст блоком: после «{field}:» поставьте знак |, а все строки текста, и эту тоже, "
                        "начните ниже с новой строки с отступом в два пробела")
                message = (f"строка стоит левее текста поля {field} и читается как новое поле «{item['loc'][-1]}»: "
                           f"если это продолжение текста {field}, {move}; если это поле, проверьте написание")
            problems.append(Problem(path, line, field_name(inner), message + _record_example(schema, item)))
        return None
    entry_id = record_id if record_id is not None else data.id
    return Entry(entry_id, path, data, doc, loc, trimmed)


def _salvage(schema: type[T], value: dict[Any, Any]) -> T:
    """A record of the fields that are valid on their own; the others empty (for reference checks only). A list
    or a mapping of records keeps each record in its place, itself salvaged: a wrong time in one item of a
    program does not hide a wrong speaker in it, nor a wrong date in a resolution item the items after it."""
    fields: dict[str, Any] = {}
    for name, info in schema.model_fields.items():
        if name in value:
            try:
                fields[name] = _field_adapter(schema, name).validate_python(value[name])
                continue
            except ValidationError:
                salvaged = _salvage_value(info.annotation, value[name])
                if salvaged is not None:
                    fields[name] = salvaged
                    continue
        origin = get_origin(info.annotation)
        fields[name] = [] if origin is list else {} if origin is dict else None
    return schema.model_construct(**fields)


def _salvage_value(annotation: Any, value: Any) -> Any:
    """``value`` as ``annotation`` (a record, or a list or mapping of them) with what is wrong in it emptied;
    None when nothing of it can be kept."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is list and isinstance(value, list) and args:
        return [_salvage_item(args[0], item) for item in value]
    if origin is dict and isinstance(value, dict) and len(args) == 2:
        keys = TypeAdapter(args[0])
        kept = {}
        for key, item in value.items():
            try:
                kept[keys.validate_python(key)] = _salvage_item(args[1], item)
            except ValidationError:
                continue
        return kept
    schemas = _models_in(annotation)
    if origin not in (list, dict) and len(schemas) == 1 and isinstance(value, dict):  # a record, not a list of them
        return _salvage(schemas[0], value)
    return None


def _salvage_item(annotation: Any, item: Any) -> Any:
    """One item of a list or mapping: valid as it is, salvaged, or (a record) an empty one holding its place."""
    try:
        return TypeAdapter(annotation).validate_python(item)
    except ValidationError:
        salvaged = _salvage_value(annotation, item)
        if salvaged is not None:
            return salvaged
        origin, schemas = get_origin(annotation), _models_in(annotation)
        if origin in (list, dict):
            return origin()
        return _salvage(schemas[0], {}) if len(schemas) == 1 else None


@cache
def _field_adapter(schema: type[BaseModel], name: str) -> TypeAdapter[Any]:
    return TypeAdapter(schema.model_fields[name].rebuild_annotation())


def field_description(schema: type[BaseModel], loc: tuple[Any, ...]) -> str:
    """The Russian description of the field at ``loc`` (as in the JSON Schema), or an empty string."""
    description = ""
    for _, info in _fields_along(schema, loc):
        if info is not None:
            description = info.description or ""
    return description


def fields_beside(schema: type[BaseModel], loc: tuple[Any, ...]) -> dict[str, str]:
    """The field names of the record that holds the field ``loc`` ends with, and their Russian descriptions: what a
    misspelt name, or one typed in Russian, may have meant."""
    steps = list(_fields_along(schema, loc))
    if not steps or any(info is None for _, info in steps[:-1]):
        return {}
    return {name: info.description or "" for m in steps[-1][0] for name, info in sorted(m.model_fields.items())}


def _fields_along(schema: type[BaseModel], loc: tuple[Any, ...]) -> Iterator[tuple[list[type[BaseModel]], Any]]:
    """For each field name in ``loc``: the record types that may hold it, and its FieldInfo (None if unknown).
    List indexes and mapping keys stay within the same kind of record."""
    models: list[type[BaseModel]] = [schema]
    keyed = False  # the last field was a mapping: the next part is a key of it (``items.ribc``), not a field
    for part in loc:
        if not isinstance(part, str):
            continue
        if keyed:
            keyed = False
            continue
        info = next((m.model_fields[part] for m in models if part in m.model_fields), None)
        yield models, info
        if info is not None:
            models = _models_in(info.annotation)
            keyed = _is_mapping(info.annotation)


def _is_mapping(annotation: Any) -> bool:
    """Whether a field holds a mapping of keys to values: ``dict[Id, list[Item]] | None``."""
    return get_origin(annotation) is dict or any(_is_mapping(arg) for arg in get_args(annotation))


def _record_example(schema: type[BaseModel], error: dict[str, Any]) -> str:
    """For text written where a record is expected (``- И. И. Иванова`` among speakers): the record it should be,
    with the text as its one required field."""
    value = error.get("input")
    if error["type"] not in ("dict_type", "model_type", "model_attributes_type") or not isinstance(value, str):
        return ""
    steps = list(_fields_along(schema, tuple(error["loc"])))
    models = _models_in(steps[-1][1].annotation) if steps and steps[-1][1] is not None else []
    required = [name for name, info in models[0].model_fields.items() if info.is_required()] if models else []
    if len(models) != 1 or len(required) != 1:
        return ""
    dash = "- " if isinstance(error["loc"][-1], int) else ""
    timed = re.match(r"^(\d{1,2}[:.]\d{2})\s+(.+)$", value)
    if timed and "time" in models[0].model_fields:  # «- 10:00 Открытие» in a programme
        return (f"; запишите так: {dash}time: \"{timed[1].replace('.', ':')}\" и строкой ниже, под time, "
                f"{required[0]}: {yaml_text(timed[2])}")
    return f"; запишите так: {dash}{required[0]}: {yaml_text(value)}"


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The record types a field holds: ``list[Person] | None`` -> [Person]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [found for arg in get_args(annotation) for found in _models_in(arg)]


# Names editors type by habit for a field named otherwise, which no spelling of it is near.
_SYNONYMS = {"deadline": "due", "due_date": "due", "duedate": "due", "term": "due", "state": "progress",
             "status": "progress", "author": "authors", "name": "title", "body": "text"}
_KNOWN_FIELDS = sorted({name for cls in vars(model).values() if isinstance(cls, type)
                        and issubclass(cls, BaseModel) for name in cls.model_fields})
_MAPPING = "ожидается набор полей вида «название: значение»"
UNKNOWN_FIELD = "неизвестное поле"
_NO_SUCH_FIELD = ": удалите его или проверьте написание"
MESSAGES = {
    "missing": "обязательное поле не заполнено",
    "string_type": "ожидается текст",
    "string_too_short": "поле пустое: заполните его или удалите строку",
    "list_type": "ожидается список: каждый пункт с новой строки после «- »",
    "dict_type": _MAPPING,
    "model_type": _MAPPING,
    "model_attributes_type": _MAPPING,
    "bool_type": "здесь пишется true (да) или false (нет), латиницей и без кавычек",
    "bool_parsing": "здесь пишется true (да) или false (нет), латиницей и без кавычек",
    "too_short": "список пуст: нужен хотя бы один пункт",
}


_ITEM_KEY = re.compile(r"^[a-z0-9]+-\d+$")  # a report's key of a resolution item: rmo-1
_WORD_BULLET = re.compile(f"\\s*([{WORD_BULLETS}])\\s")  # a list pasted from Word: one text to YAML


def _as_field_name(name: str, labels: Mapping[str, str]) -> str | None:
    """The field a name typed in Russian means: ``описание`` -> ``description`` (a word of its description)."""
    word = name.strip().lower()
    if not re.fullmatch(r"[а-яё]+(?: [а-яё]+)?", word):
        return None
    found = [field for field, label in labels.items()
             if word in (words := re.findall(r"[а-яё]+", short_label(label).lower())) or " ".join(words) == word
             or difflib.get_close_matches(word, words, n=1, cutoff=0.85)]
    return found[0] if len(found) == 1 else None


def form_label(path: str, field: str) -> str:
    """The name the browser editor's form gives ``field`` (``program[2].title``) of the file at ``path``: a form's
    user knows «Время окончания», not end_time. "" when the file or the field has none."""
    parts = path.split("/")
    if "stories" in parts[:-1]:
        schema: type[BaseModel] | None = model.StoryMeta
    elif len(parts) >= 3 and parts[-3] == "reports":
        schema = model.Report
    else:
        schema = COLLECTIONS.get(parts[-2]) if len(parts) >= 2 else None
    names = tuple(part for part in re.split(r"[.\[\]]+", field) if part and not part.isdigit())
    steps = list(_fields_along(schema, names)) if schema is not None and names else []
    info = steps[-1][1] if steps else None
    return short_label(info.description) if info is not None and info.description else ""


def short_label(description: str) -> str:
    """A field's name in its description (messages and the browser editor's form give it): ``Срок выполнения``
    of «Срок выполнения, ГГГГ-ММ-ДД»."""
    return re.split(r"[,:(;.]| — ", description, maxsplit=1)[0].strip()


def text_with_a_colon(error: dict[str, Any]) -> bool:
    """An unknown field whose name is several words: a list item of text with «: » inside, read as a field."""
    name = error["loc"][-1] if error["loc"] else ""
    return error["type"] == "extra_forbidden" and isinstance(name, str) and len(name.split()) > 1 \
        and not _ITEM_KEY.match(name)


def _text_read_as_field(error: dict[str, Any]) -> str:
    """Text with «: » where text is expected (``- Развитие: сетевого взаимодействия`` in a list of text): YAML read
    it as a field and its value. The advice, or "" for anything else."""
    value = error.get("input")
    if not isinstance(value, dict) or len(value) != 1:
        return ""
    (name, rest), = value.items()
    scalar = (str, int, float, dt.date)  # «- 2024: год», «- 2024-09-01: начало» too
    if isinstance(name, bool) or not isinstance(name, scalar) or not (rest is None or isinstance(rest, scalar)):
        return ""
    dash = "- " if error["loc"] and isinstance(error["loc"][-1], int) else ""
    shown = yaml_text(f"{name}: {rest}" if rest is not None else f"{name}:")
    return (f"похоже на текст с двоеточием, прочитанный как название поля «{name}»: возьмите весь текст в "
            f"кавычки: {dash}{shown}")


def russian_message(error: dict[str, Any], description: str = "", known: Mapping[str, str] | None = None) -> str:
    kind = error["type"]
    if kind == "ru":
        return error["msg"]
    if kind == "missing" and description:
        name = next((str(part) for part in reversed(error["loc"]) if isinstance(part, str)), "")
        return f"{MESSAGES['missing']}: {description} — впишите значение после «{name}:»"
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        known = known or _KNOWN_FIELDS  # the fields of this very record, when the caller knows them
        hidden = [ch for ch in name if is_invisible(ch)]
        clean = "".join(ch for ch in name if not is_invisible(ch)).strip()
        if hidden and clean in known:
            return (f"в названии поля невидимый символ {describe_char(hidden[0])}: удалите его, "
                    f"должно быть {clean}")
        slips, fixed = id_slips(name)  # «fоrm» with a Russian «о»: it looks right, so say which letter
        if slips and fixed in known:
            return f"в названии поля {'; '.join(slips)}: должно быть {fixed}"
        first, _, rest = name.partition(" ")
        if rest.strip() and first in known:  # «summary Итоги: кратко»
            return missing_colon(first)
        labels = known if isinstance(known, Mapping) else {}
        if (meant := _as_field_name(name, labels)) is not None:
            return f"поле называется латиницей: {meant} ({short_label(labels[meant])})"
        if _ITEM_KEY.match(name) and "items" in known and len(error["loc"]) == 1:
            return (f"пункт «{name}» пишется внутри поля items: добавьте выше строку «items:» и сдвиньте пункты "
                    "вправо на два пробела")
        if text_with_a_colon(error) and len(error["loc"]) > 1 and isinstance(error["loc"][-2], int):
            value = error.get("input")
            shown = yaml_text(f"{name}: {value if isinstance(value, str) else '…'}")
            return (f"похоже на текст с двоеточием, прочитанный как название поля «{name}»: возьмите весь текст в "
                    f"кавычки: {shown}")
        # Not this record's field: the one of its own it was meant for, or else it belongs to other records
        # («- title: …» for a resolution item), which is no spelling to offer.
        if name.lower() != name and name.lower() in known:  # «Due:», «TITLE:»
            return f"название поля пишется строчными буквами: {name.lower()}"
        if (synonym := _SYNONYMS.get(name.lower())) in known:  # «deadline:», «срок» is found by its label
            return f"{UNKNOWN_FIELD}: может быть, {synonym}?"
        close = difflib.get_close_matches(name, [field for field in known if field != name], n=1, cutoff=0.7)
        if close:
            return f"{UNKNOWN_FIELD}: может быть, {close[0]}?"
        if name in _KNOWN_FIELDS:
            return (f"{UNKNOWN_FIELD} здесь: {name} пишется у других записей; удалите его или проверьте, под той ли "
                    "записью и с тем ли отступом оно стоит")
        return UNKNOWN_FIELD + _NO_SUCH_FIELD
    if kind == "string_type" and (colon := _text_read_as_field(error)):
        return colon
    if kind == "list_type" and isinstance(error.get("input"), str) and (bullet := _WORD_BULLET.match(error["input"])):
        return (f"ожидается список: пункты пишутся каждый с новой строки после «- » (дефис и пробел), а не после "
                f"значка «{shown_bullet(bullet[1])}» из Word")
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "").replace("'", "").replace(" or ", ", ")
        return f"недопустимое значение «{error['input']}»; допустимые: {expected}"
    return MESSAGES.get(kind, "недопустимое значение")

