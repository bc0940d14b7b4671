"""Reading editors' YAML: YAML 1.2 rules, positions for every value, clear errors.

ruamel.yaml reads YAML 1.2 (``no`` is text, ``10:30`` is text), refuses
duplicated keys and keeps the line of every key and list item, which is what
error messages need. Dates are left as text so that the models can report an
impossible date (2024-02-30) instead of the parser crashing on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


def parse_yaml(text: str, name: str, first_line: int = 1) -> Any:
    """Parse YAML text; ``first_line`` is the file line where the text starts."""
    if "\t" in text:
        for number, line in enumerate(text.split("\n"), start=first_line):
            indent = line[: len(line) - len(line.lstrip(" \t"))]
            if "\t" in indent:
                raise ReadError(
                    Problem(name, number, "", "отступ сделан табуляцией: в YAML отступы делаются пробелами")
                )
    try:
        return _yaml().load(text)
    except DuplicateKeyError as error:
        mark = error.problem_mark
        key = str(error.problem).split('"')[1] if '"' in str(error.problem) else ""
        raise ReadError(
            Problem(name, mark.line + first_line, key, "поле повторяется: оставьте одно значение")
        ) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
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
        "found unexpected end of stream": "не закрыты кавычки или скобки",
        "while scanning a quoted scalar": "не закрыты кавычки",
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
