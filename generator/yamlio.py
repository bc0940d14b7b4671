"""Reading editors' YAML: YAML 1.2 rules, positions for every value, clear errors.

Two parsers, one result. The fast one is libyaml (through PyYAML) with YAML
1.2 rules; it reads every good file. ruamel.yaml, pure Python and ten times
slower, reads YAML 1.2 too, refuses duplicated keys and aliases and keeps the
line of every key and list item: it is used for a file only when the fast
parser refuses it, or when an error message needs a line number.

Under both, ``no`` and ``10:30`` are text, and dates and decimals stay text so
that the models can report an impossible date (2024-02-30) as such.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent

from .errors import Problem

BOM = "\ufeff"


class _TextConstructor(RoundTripConstructor):
    """Dates and decimal numbers stay as typed: ``9.30`` is reported as 9.30, not 9.3."""

    def construct_as_text(self, node: Any, values: Any = None) -> str:  # noqa: ARG002
        return self.construct_scalar(node)


for _tag in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:float"):
    _TextConstructor.add_constructor(_tag, _TextConstructor.construct_as_text)


class _NoAliasComposer(Composer):
    """Refuses YAML aliases (``*name``): editors do not need them, and nested
    aliases can grow a small file into billions of values."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            event = self.parser.peek_event()
            raise MarkedYAMLError(
                problem="ссылки YAML (*имя) не поддерживаются: впишите значение полностью",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


def _yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.Constructor = _TextConstructor
    yaml.Composer = _NoAliasComposer
    yaml.allow_duplicate_keys = False
    return yaml


class SourceFile:
    """A text file of the editors, decoded, with its path as they see it."""

    def __init__(self, path: Path, root: Path):
        self.path = path
        self.name = path.relative_to(root).as_posix()

    def read_text(self) -> str:
        """The file's text; raises ``ReadError`` in Russian for non-text files."""
        try:
            data = self.path.read_bytes()
        except OSError as error:
            raise ReadError(Problem(self.name, 0, "", f"файл не читается: {error.strerror}")) from None
        if b"\x00" in data:
            raise ReadError(Problem(self.name, 0, "", "это не текстовый файл (двоичные данные)"))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            hint = _guess_encoding(data)
            raise ReadError(
                Problem(self.name, line, "", f"файл не в кодировке UTF-8{hint}: сохраните его как UTF-8")
            ) from None
        return text.removeprefix(BOM).replace("\r\n", "\n")


def _guess_encoding(data: bytes) -> str:
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        return ""
    letters = sum("а" <= ch.lower() <= "я" or ch in "ёЁ" for ch in text)
    return " (похоже на Windows-1251)" if letters else ""


class ReadError(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


class _SlowPath(Exception):
    """The fast parser met something only the careful one reports well."""


class _FastLoader(getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)):  # type: ignore[misc]
    """libyaml with the YAML 1.2 core schema: only true/false, null and plain integers are not text."""

    yaml_implicit_resolvers: dict[Any, Any] = {}

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        keys = [self.construct_object(key, deep=True) for key, _ in node.value]
        if len(keys) != len({repr(k) for k in keys}):
            raise _SlowPath("duplicated key")
        return super().construct_mapping(node, deep=deep)


for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789"),
):
    _FastLoader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


def _fast_parse(text: str) -> Any:
    data = pyyaml.load(text, Loader=_FastLoader)  # noqa: S506 (a safe loader)
    _refuse_shared(data, set())
    return data


def _refuse_shared(value: Any, seen: set[int]) -> None:
    """A mapping or list met twice came from an alias (``*name``): let the careful parser refuse it."""
    if isinstance(value, dict | list):
        if id(value) in seen:
            raise _SlowPath("alias")
        seen.add(id(value))
        for item in value.values() if isinstance(value, dict) else value:
            _refuse_shared(item, seen)


class Document:
    """Parsed YAML text: the data at once, the line of each value when asked."""

    def __init__(self, text: str, name: str, first_line: int = 1):
        self.text = text
        self.name = name
        self.first_line = first_line
        self._positions: Any = None
        try:
            self.data = _fast_parse(text)
        except (pyyaml.YAMLError, _SlowPath, RecursionError):
            self._positions = _careful_parse(text, name, first_line)  # raises ReadError in Russian
            self.data = self._positions

    def line(self, loc: tuple[Any, ...]) -> int:
        if self._positions is None:
            try:
                self._positions = _careful_parse(self.text, self.name, self.first_line)
            except ReadError as error:  # libyaml read what ruamel refuses: point at what ruamel saw
                return error.problem.line or self.first_line
        return line_of(self._positions, loc, self.first_line)


def parse_yaml(text: str, name: str, first_line: int = 1) -> Document:
    """Parse YAML text; ``first_line`` is the file line where the text starts."""
    _refuse_tabs(text, name, first_line)
    return Document(text, name, first_line)


def _refuse_tabs(text: str, name: str, first_line: int) -> None:
    if "\t" in text:
        for number, line in enumerate(text.split("\n"), start=first_line):
            indent = line[: len(line) - len(line.lstrip(" \t"))]
            if "\t" in indent:
                raise ReadError(
                    Problem(name, number, "", "отступ сделан табуляцией: в YAML отступы делаются пробелами")
                )


def _careful_parse(text: str, name: str, first_line: int) -> Any:
    try:
        return _yaml().load(text)
    except DuplicateKeyError as error:
        mark = error.problem_mark
        key = str(error.problem).split('"')[1] if '"' in str(error.problem) else ""
        raise ReadError(
            Problem(name, mark.line + first_line, key, "поле повторяется: оставьте одно значение")
        ) from None
    except MarkedYAMLError as error:
        # An unclosed quote is found at the end of the file; the editor needs the line where it opened.
        opened = "quoted scalar" in str(error.context or "") and error.context_mark is not None
        mark = error.context_mark if opened else (error.problem_mark or error.context_mark)
        line = mark.line + first_line if mark else first_line
        raise ReadError(Problem(name, line, "", _describe(error))) from None
    except YAMLError as error:
        raise ReadError(Problem(name, first_line, "", f"ошибка в записи YAML: {error}")) from None


def _describe(error: MarkedYAMLError) -> str:
    problem = str(error.problem or "")
    known = {
        "could not find expected ':'": "после названия поля нужно двоеточие",
        "mapping values are not allowed here": "лишнее двоеточие или неверный отступ; "
        "текст с двоеточием возьмите в кавычки",
        "found character '\\t'": "табуляция вместо пробелов",
        "found undefined alias": "ссылки YAML (*имя) не поддерживаются",
        "expected <block end>, but found": "неверный отступ: строки одного уровня должны начинаться ровно под "
        "друг другом",
        "while scanning a quoted scalar": "не закрыты кавычки",
        "found unexpected end of stream": "не закрыты кавычки или скобки",
        "did not find expected key": "неверный отступ или лишний символ перед названием поля",
        "did not find expected '-' indicator": "неверный отступ в списке: пункты начинаются с «- » на одном уровне",
        "found character that cannot start any token": "символ, с которого не может начинаться значение "
        "(например @ или `): возьмите значение в кавычки",
    }
    for english, russian in known.items():
        if english in problem or english in str(error.context or ""):
            return f"ошибка в записи YAML: {russian}"
    if problem.startswith("ссылки"):
        return problem
    return "ошибка в записи YAML: проверьте отступы, двоеточия и кавычки в этой строке"


def line_of(data: Any, loc: tuple[Any, ...], first_line: int = 1) -> int:
    """The file line of the value at ``loc`` (keys and list indexes), as deep as it exists."""
    line = first_line
    node = data
    for key in loc:
        if isinstance(node, CommentedMap) and key in node:
            line = node.lc.key(key)[0] + first_line
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
            line = node.lc.item(key)[0] + first_line
            node = node[key]
        else:
            break
    return line
