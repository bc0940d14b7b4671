"""Reading editors' YAML: YAML 1.2 rules, positions for every value, clear errors.

Two parsers, one result. The fast one is libyaml (through PyYAML) with YAML
1.2 rules; it reads every good file. ruamel.yaml, pure Python and ten times
slower, reads YAML 1.2 too, refuses duplicated keys and aliases and keeps the
line of every key and list item: it is used for a file only when the fast
parser refuses it, or when an error message needs a line number.

Under both, ``no`` and ``10:30`` are text, and dates and decimals stay text so
that the models can report an impossible date (2024-02-30) as such.

Slips of pasting and typing are answered here, before and after parsing:
control and other invisible characters (with their ``U+`` code and line), a
non-breaking space around a key's colon (accepted as a space), a field name
without its colon, and nesting no editor's file needs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, ScalarEvent
from ruamel.yaml.nodes import MappingNode

from . import model, parsed_cache
from .errors import BIDI_CONTROLS, FORBIDDEN, NOT_IN_TEXT, Problem, describe_char, field_name
from .uploads import link_problem

BOM = "\ufeff"
MAX_DEPTH = 50  # levels of lists and fields; the deepest editors' file needs about 6
FIELD_NAMES = frozenset(name for cls in vars(model).values() if isinstance(cls, type)
                        and issubclass(cls, model.BaseModel) for name in cls.model_fields)


class _TextConstructor(RoundTripConstructor):
    """Dates and decimal numbers stay as typed: ``9.30`` is reported as 9.30, not 9.3."""

    def construct_as_text(self, node: Any, values: Any = None) -> str:  # noqa: ARG002
        return self.construct_scalar(node)


for _tag in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:float"):
    _TextConstructor.add_constructor(_tag, _TextConstructor.construct_as_text)


_MERGE = "tag:yaml.org,2002:merge"


class _NoAliasComposer(Composer):
    """Refuses YAML aliases (``*name``) and merge keys (``<<:``): editors do not need them, nested aliases can grow
    a small file into billions of values, and merged fields have no line of their own to report."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            event = self.parser.peek_event()
            raise MarkedYAMLError(
                problem="ссылки YAML (*имя) не поддерживаются: впишите значение полностью",
                problem_mark=event.start_mark,
            )
        # A mapping's key is composed with no index; a quoted "<<" is an ordinary key, one tagged !!merge is not.
        event = self.parser.peek_event() if isinstance(parent, MappingNode) and index is None else None
        node = super().compose_node(parent, index)
        if event is not None and isinstance(event, ScalarEvent) and node.tag == _MERGE:
            raise MarkedYAMLError(problem="слияние YAML («<<:») не поддерживается: впишите поля полностью",
                                  problem_mark=event.start_mark)
        return node


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
        self.root = root
        self.name = path.relative_to(root).as_posix()

    def read_text(self) -> str:
        """The file's text; raises ``ReadError`` in Russian for non-text files, links and other non-files."""
        problem = link_problem(self.path, self.root)  # a link is refused before anything reads through it
        if problem is not None:
            raise ReadError(Problem(self.name, 0, "", problem))
        if not self.path.is_file():  # a device or a pipe would block the build
            raise ReadError(Problem(self.name, 0, "", "это не обычный файл: положите сюда сам файл"))
        try:
            data = self.path.read_bytes()
        except PermissionError:
            raise ReadError(Problem(self.name, 0, "", "файл не читается: нет прав на чтение")) from None
        except OSError:
            raise ReadError(Problem(self.name, 0, "", "файл не читается: сохраните его заново")) from None
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's «Юникод»: UTF-16, a zero byte in every letter
            raise ReadError(Problem(self.name, 1, "", "файл в кодировке UTF-16 (в Блокноте — «Юникод»): "
                                                      "сохраните его как UTF-8"))
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
        text = text.removeprefix(BOM).replace("\r\n", "\n")
        _refuse_invisible(text, self.name)
        return text


# Characters no editor's file needs, as typed (not as escapes, which are checked after parsing):
# control characters other than tab and line break, a BOM inside the file, Unicode line separators.
_RAW_FORBIDDEN = re.compile(f"[{NOT_IN_TEXT}]")
_BIDI_ADVICE = ("удалите его: он переворачивает порядок букв на экране (попадает при копировании из мессенджеров "
                "и с сайтов на арабском или иврите)")
_RAW_ADVICE = {
    "\x0b": "замените его обычным переводом строки (Enter) или пробелом",
    "\ufeff": "удалите его (он остаётся, когда склеивают файлы или копируют текст из другого файла)",
    "\r": "сохраните файл с обычными переводами строк (Windows или Unix)",
    "\u2028": "замените его обычным переводом строки (Enter)",
    "\u2029": "замените его обычным переводом строки (Enter)",
}


def _refuse_invisible(text: str, name: str, first_line: int = 1) -> None:
    """A control or invisible character typed or pasted into the file: its line, what it is, what to do."""
    found = _RAW_FORBIDDEN.search(text)
    if not found:
        return
    start = text.rfind("\n", 0, found.start()) + 1
    before = " ".join(text[start:found.start()].split())  # a tab before it, shown as the space it looks like
    where = f" после «{before[-30:]}»" if before else " в начале строки"
    char = found[0]
    advice = _RAW_ADVICE.get(char, _BIDI_ADVICE if _BIDI.match(char)
                             else "удалите его (обычно он попадает при копировании из Word или веб-страницы)")
    raise ReadError(Problem(name, text.count("\n", 0, found.start()) + first_line, "",
                            f"невидимый символ {describe_char(char)}{where}: {advice}"))


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

    def flatten_mapping(self, node: Any) -> None:
        # A merge key, «<<» or tagged !!merge: PyYAML would merge it in silently; the careful parser refuses it.
        if any(key.tag == _MERGE for key, _ in node.value):
            raise _SlowPath("merge key")
        super().flatten_mapping(node)

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        keys = [self.construct_object(key, deep=True) for key, _ in node.value]
        if len(keys) != len({repr(k) for k in keys}):
            raise _SlowPath("duplicated key")
        return super().construct_mapping(node, deep=deep)


for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789"),
    (_MERGE, r"^<<$", "<"),  # a plain «<<» key is a merge key: sent to the careful parser, which refuses it
):
    _FastLoader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


def _refuse_binary(loader: Any, node: Any) -> Any:
    raise _SlowPath("binary")  # bytes would pass every text check: the careful parser's value is reported


_FastLoader.add_constructor("tag:yaml.org,2002:binary", _refuse_binary)
_THOUSANDS_OF_DIGITS = re.compile(r"\d{4000,}")  # more than Python reads as a number: the careful parser says so


def _fast_parse(text: str) -> Any:
    if _THOUSANDS_OF_DIGITS.search(text):
        raise _SlowPath("long number")
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
        self.kept_as: tuple[bytes, bytes] | None = None  # its key and data in the cache of parsed files
        self._positions: Any = None
        # Control characters made by escapes: reported, and taken out so that the rest of the
        # record is still checked and every other problem is reported in the same run.
        self.problems: list[Problem] = []
        try:
            self.data = _fast_parse(text)
        except (pyyaml.YAMLError, _SlowPath):
            self._positions = _careful_parse(text, name, first_line)  # raises ReadError in Russian
            self.data = self._positions
        except RecursionError:
            raise ReadError(Problem(name, _deep_line(text, first_line), "", _TOO_DEEP)) from None
        self._check_values()
        self.problems += _comments_that_cut_text(text, name, first_line)
        self.problems += _items_read_as_text(text, name, first_line)
        self.problems += _anchors_without_values(text, name, first_line)

    @classmethod
    def parsed(cls, text: str, name: str, first_line: int, data: Any) -> Document:
        """The document of a text parsed cleanly before, from its data."""
        doc = cls.__new__(cls)
        doc.text, doc.name, doc.first_line, doc.kept_as, doc._positions, doc.problems, doc.data = (
            text, name, first_line, None, None, [], data)
        return doc

    @property
    def clean(self) -> bool:
        """Read by the fast parser without any problem: the data alone makes the document again."""
        return not self.problems and self._positions is None

    def _check_values(self) -> None:
        """Every text value and key: no control characters (from escapes in double quotes), no deep nesting."""
        stack: list[tuple[Any, tuple[Any, ...]]] = [(self.data, ())]
        while stack:
            value, loc = stack.pop()
            if len(loc) >= MAX_DEPTH and isinstance(value, dict | list) and value:
                where = loc + (next(iter(value)),) if isinstance(value, dict) else loc  # where it starts
                raise ReadError(Problem(self.name, self.line(where), "", _TOO_DEEP))
            if isinstance(value, dict):
                for key, item in list(value.items()):
                    if isinstance(item, bytes):
                        value[key] = self._refused_binary(loc + (key,))
                    elif isinstance(item, str) and not item.isprintable():
                        value[key] = self._checked_text(item, loc + (key,))
                    stack.append((value[key], loc + (key,)))
                    if isinstance(key, str) and not key.isprintable():
                        value[self._checked_text(key, loc + (key,))] = value.pop(key)
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, bytes):
                        self._refused_binary(loc + (index,))
                        value[index] = None  # an item that could not be read: no reference check follows it
                    elif isinstance(item, str) and not item.isprintable():
                        value[index] = self._checked_text(item, loc + (index,))
                    stack.append((value[index], loc + (index,)))
        if isinstance(self.data, str) and not self.data.isprintable():
            self.data = self._checked_text(self.data, ())

    def _refused_binary(self, loc: tuple[Any, ...]) -> str:
        """``!!binary``: bytes, which no text check sees; reported, and read as the text «?» so that the rest of the
        record is still checked."""
        field_loc = loc[1:] if isinstance(self.data, list) and loc and isinstance(loc[0], int) else loc
        self.problems.append(Problem(self.name, self.line(loc), field_name(field_loc),
                                     "двоичные данные (!!binary) здесь не читаются: впишите текст"))
        return "?"

    def _checked_text(self, text: str, loc: tuple[Any, ...]) -> str:
        """The text without forbidden characters; the first one found is reported."""
        found = FORBIDDEN.search(text)
        if found is None:
            return text
        bad = found[0]
        # In a list of records (a vocabulary), fields are named inside their record, as other messages do.
        field_loc = loc[1:] if isinstance(self.data, list) and loc and isinstance(loc[0], int) else loc
        self.problems.append(Problem(self.name, self.line(loc), field_name(field_loc), _escaped_message(bad)))
        return FORBIDDEN.sub("", text)

    def line(self, loc: tuple[Any, ...]) -> int:
        if self._positions is None:
            try:
                self._positions = _careful_parse(self.text, self.name, self.first_line)
            except ReadError as error:  # libyaml read what ruamel refuses: point at what ruamel saw
                return error.problem.line or self.first_line
        return line_of(self._positions, loc, self.first_line)


_TOO_DEEP = (f"слишком глубокая вложенность: больше {MAX_DEPTH} уровней списков и полей, так записи не пишутся; "
             "проверьте скобки [ ] и { } и отступы")


_HASH_WORD = re.compile(r"\s#\S")  # « #5», « #хештег»: a comment to YAML, a part of the text to the editor
_KEY = re.compile(r"^\s*(?:-\s+)?([^\s#:\[\]{},][^:#]*?):(?:\s|$)")


def _comments_that_cut_text(text: str, name: str, first_line: int) -> list[Problem]:
    """Comments that start right after a value with a word (``СШ #5``, ``#чтение``): YAML drops the rest of the
    line without a word, and the site would show «СШ». A comment meant as one has a space after ``#``."""
    if "#" not in text or not (_HASH_WORD.search(text) or _INDENTED_COMMENT.search(text)
                               or _ONE_SPACE_AFTER_TEXT.search(text)):  # most files: no «#» that may cut text
        return []
    ends: dict[int, int] = {}  # line -> where its last value, colon, comma or bracket ends
    plain: dict[int, bool] = {}  # line -> whether that last thing is a plain text value (one that may go on)
    colon: dict[int, bool] = {}  # line -> whether that last thing is the colon after a field's name
    try:
        for token in pyyaml.scan(text, Loader=_FastLoader):
            if getattr(token, "style", None) in ("|", ">") or token.end_mark.column == 0:
                continue  # a block of text holds its «#» as text; zero-width marks end nothing
            line = token.end_mark.line
            if token.end_mark.column >= ends.get(line, 0):
                ends[line] = token.end_mark.column
                plain[line] = isinstance(token, pyyaml.ScalarToken) and not token.style
                colon[line] = isinstance(token, pyyaml.ValueToken)
    except pyyaml.YAMLError:
        return []  # the careful parser has read the text: its own problems are reported
    problems = []
    lines = text.split("\n")
    problems += _comment_lines_that_cut_text(lines, plain, name, first_line)
    for line, column in sorted(ends.items()):
        rest = lines[line][column:]
        if "#" not in rest:
            continue
        key = _KEY.match(lines[line])
        field = key.group(1).strip() if key else ""
        value = lines[line][key.end():].strip() if key else ""
        quoted = f"{field}: {yaml_text(value)}" if key and value and value[0] not in "[{'\"" else '"МБОУ СШ #5"'
        if re.match(r"\s+#\S", rest):
            problems.append(Problem(name, line + first_line, field,
                                    f"текст «{rest.strip()}» не попадёт на сайт: знак «#» после пробела начинает "
                                    f"комментарий; если это часть текста, возьмите всё значение в кавычки: {quoted}; "
                                    "если это комментарий, поставьте пробел после «#» и два пробела перед ним"))
        elif _ONE_SPACE_COMMENT.match(rest) and plain.get(line):
            problems.append(Problem(name, line + first_line, field,
                                    f"текст «{rest.strip()}» не попадёт на сайт: « # » начинает комментарий; если это "
                                    f"часть текста, возьмите всё значение в кавычки: {quoted}; если это "
                                    "комментарий, поставьте перед «#» два пробела или перенесите его на отдельную "
                                    "строку"))
        elif _ONE_SPACE_COMMENT.match(rest) and colon.get(line) and key and not _nested_below(lines, line):
            meant = yaml_text(rest.strip()[1:].strip())
            problems.append(Problem(name, line + first_line, field,
                                    f"поле пустое: текст «{rest.strip()}» после «#» — комментарий и на сайт не "
                                    f"попадёт; если это значение поля, уберите «#»: {field}: {meant}; если это "
                                    "комментарий, поставьте перед «#» два пробела"))
    return problems


# A comment one space after a value or a field's name: meant as text (« # 5»), since a comment of the project's own
# files and examples stands two or more spaces away, as yamllint asks.
_ONE_SPACE_COMMENT = re.compile(r"[ \t]#\s")
_ONE_SPACE_AFTER_TEXT = re.compile(r"\S[ \t]#\s")


def _nested_below(lines: list[str], line: int) -> bool:
    """Whether the field named on ``line`` holds a list or fields on the lines below (deeper, or a list at its depth):
    then the comment after its name loses nothing."""
    depth = len(lines[line]) - len(lines[line].lstrip(" -"))
    for below in lines[line + 1:]:
        stripped = below.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        below_depth = len(below) - len(stripped)
        return below_depth > depth or (below_depth == depth and stripped.startswith("- "))
    return False


_INDENTED_COMMENT = re.compile(r"\n[ \t]+#")
# A list item's line, then a line «- …» indented more than it: the only files where an item may have become text.
# (The whole indent is taken, so that the second line is deeper than the first and nothing is tried twice.)
_DEEPER_ITEM = re.compile(r"^( *)- [^\n]*[^:|>\n \t][ \t]*\n\1[ \t]+- ", re.MULTILINE)


# The start of a line up to its value: a list's dash, a field's name and colon, each if there.
_UP_TO_VALUE = r"""^[ \t]*(?:-[ \t]+)?(?:(?P<field>[^\s:#"'-][^:#\n]*):[ \t]+)?"""
_ANCHOR = re.compile(_UP_TO_VALUE + r"(?P<value>&[^\n]*)$", re.MULTILINE)


def _anchors_without_values(text: str, name: str, first_line: int) -> list[Problem]:
    """``audience: &амп``, ``organization: &Гимназия им. Пушкина``: to YAML a name for the value after it (the
    file then has no use for it: ``*name`` is refused), and the word vanishes without a word. Only where YAML
    reads an anchor: «&» inside a block of text, a quoted value or a wrapped line is text."""
    if "&" not in text or not _ANCHOR.search(text):  # most files: no «&» opening a value
        return []
    lines = text.split("\n")
    anchors = []
    try:
        for token in pyyaml.scan(text, Loader=_FastLoader):
            if isinstance(token, pyyaml.AliasToken):
                return []  # anchors used by references: refused as such (``_refuse_shared``)
            if isinstance(token, pyyaml.AnchorToken):
                anchors.append(token.start_mark.line)
    except pyyaml.MarkedYAMLError as error:  # an anchor in Russian letters: YAML 1.2 (the careful parser) reads it
        if "anchor" not in str(error.context or "") or error.context_mark is None:
            return []  # another mistake: the careful parser reports it
        anchors.append(error.context_mark.line)
    except pyyaml.YAMLError:
        return []
    return [Problem(name, line + first_line, (found["field"] or "").strip(), _special_start_message(found))
            for line in dict.fromkeys(anchors) if (found := _ANCHOR.match(lines[line]))]


def _items_read_as_text(text: str, name: str, first_line: int) -> list[Problem]:
    """A «- » line that YAML reads as the text of the list item above goes on: an item typed deeper than the one
    before (or the one before typed less deep) merges into it, and the items after it are numbered anew. Nothing
    is wrong to YAML, so nothing else says it."""
    if not _DEEPER_ITEM.search(text):
        return []
    lines = text.split("\n")
    problems = []
    try:
        for token in pyyaml.scan(text, Loader=_FastLoader):
            if not isinstance(token, pyyaml.ScalarToken) or token.style or token.end_mark.line == token.start_mark.line:
                continue
            start = lines[token.start_mark.line]
            if not start.lstrip().startswith("- ") or _KEY.match(start):
                continue  # a field's long value wrapped onto a line «- 9 классов»: a dash in the text, as meant
            above = token.start_mark.line + first_line
            for index in range(token.start_mark.line + 1, token.end_mark.line + 1):
                shown = lines[index].strip()
                if shown.startswith("- "):
                    problems.append(Problem(name, index + first_line, "", (
                        f"строка «{shown}» не стала пунктом списка: она сдвинута вправо сильнее пункта в строке "
                        f"{above}, и YAML прочёл её как продолжение его текста (номера следующих пунктов сдвинулись "
                        "бы); поставьте «- » обоих пунктов ровно друг под другом, под «- » других пунктов")))
    except pyyaml.YAMLError:
        return []  # the careful parser reports it
    return problems


def _comment_lines_that_cut_text(lines: list[str], plain: dict[int, bool], name: str,
                                 first_line: int) -> list[Problem]:
    """A line starting with «#» deeper than the field above, whose text value runs over lines: the editor meant
    it to go on (``#ЧитаемВместе …``), YAML ends the value there. At the field's own depth it is a comment."""
    problems = []
    for index, line in enumerate(lines):
        stripped = line.lstrip()
        if not stripped.startswith("#") or index == 0 or not plain.get(index - 1):
            continue
        above = lines[index - 1]
        key = _KEY.match(above)
        depth = len(above) - len(above.lstrip(" -")) if key else len(above) - len(above.lstrip())
        if len(line) - len(stripped) > depth:
            field = key.group(1).strip() if key else ""
            problems.append(Problem(name, index + first_line, field,
                                    f"строка «{stripped}» не попадёт на сайт: строка, которая начинается с «#», — "
                                    "комментарий, и текст из строки выше на ней обрывается; возьмите всё значение в "
                                    "кавычки или уберите «#» в начале строки"))
    return problems


_KEY_AT = re.compile(r"^(\s*(?:-\s+)?)([^\s#:\[\]{},][^:#]*?):(?:[ \t]+(.*))?$")


def text_above(text: str, index: int) -> tuple[str, bool] | None:
    """The field whose text runs over the lines right above line ``index`` (0-based) at its depth, and whether it is
    a block (``text: |`` and its lines) or a long value wrapped onto the next lines. A line typed less deep than that
    text is read as a field of its own (``Охват: 16 школ.``), and the editor meant it to go on."""
    lines = text.split("\n")
    if index >= len(lines):
        return None
    depth = len(lines[index]) - len(lines[index].lstrip())
    deeper = 0
    for above in reversed(lines[:index]):
        stripped = above.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key = _KEY_AT.match(above)
        column = len(key[1]) if key else len(above) - len(above.lstrip())
        if column > depth:
            deeper += 1
            continue
        if key is None or column != depth:
            return None
        value = (key[3] or "").split(" #")[0].strip()
        block = re.fullmatch(r"[|>][-+0-9]*", value) is not None
        return (key[2].strip(), block) if deeper and (block or (value and value[0] not in "[{&*!'\"")) else None
    return None


_NEEDS_QUOTES = re.compile(r": |\s#|^[-?:,\[\]{}#&*!|>'\"%@`«“„”]|^\s|\s$|:$")


def yaml_text(value: str) -> str:
    """``value`` as an editor can paste it after «field: »: as it is when YAML reads it back the same, otherwise in
    straight double quotes."""
    if _NEEDS_QUOTES.search(value) or value.lower() in ("true", "false", "null", "~", ""):
        return json.dumps(value, ensure_ascii=False)
    return value


_BIDI = re.compile(f"[{BIDI_CONTROLS}]")


def _escaped_message(char: str) -> str:
    if _BIDI.match(char):
        return f"в тексте символ {describe_char(char)}: {_BIDI_ADVICE.replace('удалите его', 'удалите его код')}"
    if char in "\ufeff\u2028\u2029":
        return f"в тексте невидимый символ {describe_char(char)}: удалите его код (\\u…) или замените обычным пробелом"
    return (f"в тексте управляющий символ {describe_char(char)}: в двойных кавычках обратная косая черта \\ "
            "начинает особый символ (\\b, \\v, \\x07…); пишите её дважды (\\\\server\\\\books) "
            "или возьмите текст в одинарные кавычки ('\\server\\books')")


def _deep_line(text: str, first_line: int) -> int:
    """The line where nesting gets deeper than anyone needs, found without recursion."""
    depth = 0
    try:
        for event in pyyaml.parse(text, Loader=_FastLoader):
            if isinstance(event, pyyaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + first_line
            elif isinstance(event, pyyaml.CollectionEndEvent):
                depth -= 1
    except pyyaml.YAMLError:
        pass
    return first_line


def parse_yaml(text: str, name: str, first_line: int = 1) -> Document:
    """Parse YAML text; ``first_line`` is the file line where the text starts."""
    # `mkdocs serve` reads every file again after each edit: a file's text as parsed last time is not
    # parsed again (a Document is not changed once made).
    key = (name, first_line)
    kept = parsed_cache.current()
    if (last := _LAST_PARSED.get(key)) is not None and last[0] == text:
        if kept is not None and last[1].kept_as is not None:
            kept.keep(*last[1].kept_as)
        return last[1]
    # A file read cleanly by the last build, with the same text, is not parsed again (parsed_cache.py).
    kept_key = kept.key(text, name, first_line) if kept is not None else b""
    if kept is not None and (found := kept.get(kept_key)) is not parsed_cache.MISSING:
        data, packed = found
        doc = Document.parsed(_accept_nbsp(text), name, first_line, data)
        doc.kept_as = (kept_key, packed)
    else:
        # A tab in an indent is reported; the file is still read with two spaces for each, so that its other
        # problems are reported in the same run (if it cannot be read so, the tab is the one problem said).
        tabbed = _tab_problem(text, name, first_line)
        read = _TAB_INDENT.sub(lambda found: found[0].replace("\t", "  "), text) if tabbed is not None else text
        try:
            _refuse_invisible(read, name, first_line)
            spaced = _accept_nbsp(read)
            _refuse_continued_field(spaced, name, first_line)
            doc = Document(spaced, name, first_line)
        except ReadError:
            if tabbed is not None:
                raise ReadError(tabbed) from None
            raise
        if tabbed is not None:
            doc.problems.insert(0, tabbed)
        if kept is not None and doc.clean and (packed := kept.put(kept_key, doc.data)) is not None:
            doc.kept_as = (kept_key, packed)
    _LAST_PARSED[key] = (text, doc)
    return doc


_LAST_PARSED: dict[tuple[str, int], tuple[str, Document]] = {}


# A non-breaking space (Word and web pages put them everywhere) around a key's colon, after a list's
# dash or in an indent means a space: it is read as one, on the same line.
_SPACES = "\u00a0\u2007\u202f"
_NBSP_KEY = re.compile(f"^( *(?:-[ {_SPACES}]+)?[A-Za-z_][A-Za-z0-9_-]*)[ {_SPACES}]*[{_SPACES}][ {_SPACES}]*:",
                       re.MULTILINE)
_NBSP_AFTER_COLON = re.compile(f"^( *(?:-[ {_SPACES}]+)?[A-Za-z_][A-Za-z0-9_-]*:)[{_SPACES}]+", re.MULTILINE)
_NBSP_INDENT = re.compile(f"^[ {_SPACES}]*[{_SPACES}][ {_SPACES}]*(?:-[ {_SPACES}]+)?|^ *-[{_SPACES}]+",
                          re.MULTILINE)


def _accept_nbsp(text: str) -> str:
    if not any(space in text for space in _SPACES):
        return text
    text = _NBSP_INDENT.sub(lambda m: re.sub(f"[{_SPACES}]", " ", m[0]), text)
    text = _NBSP_KEY.sub(lambda m: re.sub(f"[{_SPACES}]", " ", m[1]) + ":", text)
    return _NBSP_AFTER_COLON.sub(lambda m: m[1] + " ", text)


# A field name and its value without the colon between them, on a line the parser reads as the
# previous value going on (``title: Итоги`` then ``  summary Коротко``): the value would silently grow.
_NO_COLON = re.compile(r"^( *)(?:- +)?(" + "|".join(sorted(FIELD_NAMES, key=len, reverse=True))
                       + r") +[^\s:#]", re.MULTILINE)
_NO_SPACE_AFTER_COLON = re.compile(r"^ *(?:- +)?(?P<field>" + "|".join(sorted(FIELD_NAMES, key=len, reverse=True))
                                   + r"):(?P<value>[^\s:][^\n]*)$")  # «format:очно»: YAML reads one word
_PLAIN_VALUE = re.compile(r"^( *(?:- +)?)[A-Za-z_][A-Za-z0-9_-]*: +[^\s|>'\"\[{&*!#%@`]")


def _refuse_continued_field(text: str, name: str, first_line: int) -> None:
    for found in _NO_COLON.finditer(text):
        previous = _PLAIN_VALUE.match(_previous_line(text, found.start()))
        if previous and len(found[1]) > len(previous[1]):
            raise ReadError(Problem(name, text.count("\n", 0, found.start()) + first_line, found[2],
                                    missing_colon(found[2])))


def _previous_line(text: str, start: int) -> str:
    """The nearest non-blank line before the line starting at ``start``."""
    while start > 0:
        line_start = text.rfind("\n", 0, start - 1) + 1
        line = text[line_start:start - 1]
        if line.strip():
            return line
        start = line_start
    return ""


def missing_colon(field: str) -> str:
    return f"после названия поля {field} нужно двоеточие: {field}: …"


_TAB_INDENT = re.compile(r"^[ \t]*\t[ \t]*", re.MULTILINE)


def _tab_problem(text: str, name: str, first_line: int) -> Problem | None:
    """The first line indented with a tab, which YAML refuses."""
    found = _TAB_INDENT.search(text) if "\t" in text else None
    if found is None:
        return None
    return Problem(name, text.count("\n", 0, found.start()) + first_line, "",
                   "отступ сделан табуляцией: в YAML отступы делаются пробелами")


def _careful_parse(text: str, name: str, first_line: int) -> Any:
    try:
        return _yaml().load(text)
    except RecursionError:
        raise ReadError(Problem(name, _deep_line(text, first_line), "", _TOO_DEEP)) from None
    except YAMLError as error:
        raise ReadError(yaml_problem(error, text, name, first_line)) from None
    except ValueError:  # a number of thousands of digits: Python refuses to read it
        long = _THOUSANDS_OF_DIGITS.search(text)
        line = text.count("\n", 0, long.start()) + first_line if long else first_line
        raise ReadError(Problem(name, line, "", "число из тысяч цифр: если это текст, возьмите его в кавычки")) \
            from None


def yaml_problem(error: YAMLError, text: str, name: str, first_line: int = 1) -> Problem:
    """What an editor must fix in a YAML text the parser refused: the line to look at, in Russian."""
    if isinstance(error, DuplicateKeyError):
        mark = error.problem_mark
        key = str(error.problem).split('"')[1] if '"' in str(error.problem) else ""
        return Problem(name, mark.line + first_line, key, "поле повторяется: оставьте одно значение")
    if not isinstance(error, MarkedYAMLError):
        return Problem(name, first_line, "", "ошибка в записи YAML: проверьте отступы, двоеточия и кавычки")
    context = str(error.context or "")
    if (unclosed := _unclosed_bracket(error, text)) is not None:
        return Problem(name, unclosed[0] + first_line, unclosed[1], unclosed[2])
    # An unclosed quote is found at the end of the file; the editor needs the line where it opened,
    # and a key without its colon is found on the next line; the editor needs the key's line.
    opened = ("quoted scalar" in context or "simple key" in context) and error.context_mark is not None
    mark = error.context_mark if opened else (error.problem_mark or error.context_mark)
    line = mark.line + first_line if mark else first_line
    # «format:очно» is one word to YAML: it stops there, or a line later when the next line goes on as its text.
    for glued_line in (mark.line, mark.line - 1) if mark is not None else ():
        if 0 <= glued_line < len(text.split("\n")) and \
                (glued := _NO_SPACE_AFTER_COLON.match(text.split("\n")[glued_line])):
            return Problem(name, glued_line + first_line, glued["field"],
                           f"после двоеточия нужен пробел: {glued['field']}: {glued['value'].strip()}")
    if "simple key" in context and mark is not None:
        key = _NO_COLON.match(text.split("\n")[mark.line])
        if key:
            return Problem(name, line, key[2], missing_colon(key[2]))
    quote = _swallowing_quote(text, mark.line) if mark is not None and not opened else None
    if quote is not None:  # the quote closed lines later, at the next field's quote
        return Problem(name, quote + first_line, "", "ошибка в записи YAML: не закрыты кавычки")
    lines = text.split("\n")
    if mark is not None and mark.line < len(lines) and "mapping values are not allowed" in str(error.problem or "") \
            and (typed := _TYPOGRAPHIC_QUOTE.match(lines[mark.line])) and ": " in lines[mark.line][typed.end():]:
        field, value = typed[1].strip(), lines[mark.line][typed.end(1) + 1:].strip()
        return Problem(name, line, field, f"ошибка в записи YAML: кавычки {typed[2]}…{_CLOSING[typed[2]]} для YAML — "
                       "часть текста, а не кавычки; возьмите значение в прямые кавычки: "
                       f"{field}: {json.dumps(value, ensure_ascii=False)}")
    # The dash's line, or the one above at the same depth (the next item is where YAML stops: «– a» was text);
    # one deeper above is inside something else (a dialogue in a block of text).
    dashed = [index for index in (mark.line, mark.line - 1) if mark is not None and 0 <= index < len(lines)
              and _DASH_ITEM.match(lines[index])
              and (index == mark.line or _depth(lines[index]) == _depth(lines[mark.line]))]
    if dashed:
        typed = _DASH_ITEM.match(lines[dashed[0]])[1]
        return Problem(name, dashed[0] + first_line, "", f"пункт списка начинается с тире «{typed}», а не с дефиса "
                                                    "(Word заменяет дефис тире): напишите в начале строки дефис и "
                                                    "пробел «- »")
    if mark is not None and "mapping values are not allowed" in str(error.problem or "") \
            and (under := _field_under_short_item(lines, mark.line)) is not None:
        return Problem(name, line, under[0], under[1])
    if mark is not None and mark.line < len(lines) and "mapping values are not allowed" in str(error.problem or "") \
            and len(lines[mark.line]) <= _LONGEST_LINE_ADVISED and (plain := _COLON_IN_VALUE.match(lines[mark.line])) \
            and ": " in (value := plain["value"].split(" #")[0].strip()):
        field = plain["field"]
        return Problem(name, line, field, "ошибка в записи YAML: в значении двоеточие с пробелом, и YAML принимает "
                       "текст после него за новое поле; возьмите всё значение в кавычки: "
                       f"{field}: {_in_quotes(value)}")
    described = _describe(error)
    if described.startswith(("ссылки", "слияние")):  # the file uses YAML's references: said as such
        return Problem(name, line, "", described)
    if mark is not None and mark.line < len(lines) and (sign := _SPECIAL_START.match(lines[mark.line])) \
            and not sign["value"].startswith("!!"):  # «!!str», «!!merge»: YAML's own tags, typed on purpose
        return Problem(name, line, (sign["field"] or "").strip(), _special_start_message(sign))
    if mark is not None and mark.line < len(lines) and (after := _TEXT_AFTER_QUOTES.match(lines[mark.line])):
        field, value = (after["field"] or "").strip(), after["value"].strip()
        return Problem(name, line, field, "ошибка в записи YAML: значение начинается с кавычек, и YAML читает "
                       "значением только текст в них, а остальное — ошибкой; чтобы кавычки остались частью текста, "
                       f"возьмите всё значение в другие кавычки: {'- ' if not field else field + ': '}"
                       f"{_quoted_whole(value)}")
    return Problem(name, line, "", described)


_DASH_ITEM = re.compile(r"^\s*([–—])\s+\S")  # «– пункт»: Word's dash for the «- » of a list item
_FIELD_ALONE = re.compile(r"^( +)([A-Za-z_][A-Za-z0-9_]*):(?:[ \t]|$)")
_SHORT_ITEM = re.compile(r"^( *)- +(?![A-Za-z_][A-Za-z0-9_]*:(?:[ \t]|$))(\S.*)$")


def _field_under_short_item(lines: list[str], at: int) -> tuple[str, str] | None:
    """``due: 2025-03-01`` written under ``- текст пункта``, an item of one line: the field, and how to write the
    item so that it can have fields (``- text: …``). YAML reads the field as the item's text going on."""
    if not 0 < at < len(lines) or (field := _FIELD_ALONE.match(lines[at])) is None:
        return None
    above = next((line for line in reversed(lines[:at]) if line.strip() and not line.lstrip().startswith("#")), "")
    item = _SHORT_ITEM.match(above)
    if item is None or len(field[1]) <= len(item[1]):
        return None
    text = item[2] if len(item[2]) <= 60 else item[2][:60].rstrip() + "…"
    indent = " " * (len(item[1]) + 2)
    return field[2], (f"поле {field[2]} стоит под пунктом, записанным одной строкой: чтобы у пункта были поля, "
                      f"запишите его подробно — «- text: {text}», а «{field[2]}: …» ниже, под словом text, "
                      f"с тем же отступом ({len(indent)} пробелов)")
_BRACKETS = {"flow sequence": ("[", "]"), "flow mapping": ("{", "}")}
_FIELD_BEFORE = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_-]*)\s*:")


def _unclosed_bracket(error: MarkedYAMLError, text: str) -> tuple[int, str, str] | None:
    """``themes: [reading, partnership`` with no «]»: YAML reads the next lines as more of the list and stops
    there, at a line with nothing wrong in it. The editor needs the bracket's line (line, field, message)."""
    kind = next((kind for kind in _BRACKETS if kind in str(error.context or "")), None)
    mark = error.context_mark
    if kind is None or mark is None or "expected ','" not in str(error.problem or ""):
        return None
    opening, closing = _BRACKETS[kind]
    line = text.split("\n")[mark.line]
    if closing in line[mark.column:]:
        return None  # closed on its line: something inside is wrong, at the line YAML names
    field = _FIELD_BEFORE.match(line)
    return (mark.line, field[1] if field else "",
            f"ошибка в записи YAML: скобка «{opening}» в этой строке не закрыта: допишите «{closing}» после "
            "последнего значения списка")


def _depth(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


# A field's plain value with «: » inside, on the field's own line: «title: Семинар: библиотека и семья» (a comment
# may follow). A line that goes on a value above is not one: the advice would drop the value's start.
_COLON_IN_VALUE = re.compile(r"[ \t]*(?:-[ \t]+)?(?P<field>[A-Za-z_][A-Za-z0-9_-]*):[ \t]+"
                             r"""(?P<value>[^\s"'\[{|>#&*!%@`][^\n]*)""")
_LONGEST_LINE_ADVISED = 2000  # characters: the advice copies the line; a longer one is no line an editor typed


def _in_quotes(value: str) -> str:
    """``value`` in quotes YAML reads back as typed."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return f"'{value}'" if "'" not in value else json.dumps(value, ensure_ascii=False)


# A value that opens with a sign YAML reads as its own: a tag (!), an anchor (&), a directive (%), or one it
# refuses (@, `).
_SPECIAL_START = re.compile(_UP_TO_VALUE + r"(?P<value>[!&%@`][^\n]*)$")


def _special_start_message(sign: re.Match[str]) -> str:
    value = sign["value"].split(" #")[0].strip()
    field = (sign["field"] or "").strip()
    quoted = json.dumps(value, ensure_ascii=False)
    return (f"значение начинается со знака «{value[0]}», который YAML читает по-особому, и текст не попадёт на сайт: "
            f"возьмите всё значение в кавычки: {field + ': ' if field else '- '}{quoted}")


# A value that opens with quotes closed before its end: «"Знатоки края" — квиз», «'Гимназия' им. Пушкина».
_TEXT_AFTER_QUOTES = re.compile(_UP_TO_VALUE + r"""(?P<value>(?P<q>["'])(?:(?!(?P=q)).)*(?P=q)[ \t]*[^\s#,\]}].*)$""")


def _quoted_whole(value: str) -> str:
    """``value`` in the quotes YAML reads it back from as typed: single ones around double quotes, and back; the
    outer pair dropped if the editor meant it for YAML (``"МБОУ "СШ № 5""``)."""
    quote = value[0]
    inner = value[1:-1]
    # The outer pair was meant for YAML when the first quote inside opens a name («"МБОУ "СШ № 5""»), not when it
    # closes one («"Знатоки края" — квиз "Сезон 2"»).
    first = inner.find(quote)
    meant_for_yaml = len(value) > 1 and value[-1] == quote and first >= 0 and (first == 0 or inner[first - 1].isspace())
    inner = inner if meant_for_yaml else value
    if "'" not in inner:
        return f"'{inner}'"
    if '"' not in inner:
        return f'"{inner}"'
    return json.dumps(inner, ensure_ascii=False)


# A value that opens with a typographic quote: Word's “…” or «…», which YAML does not take for quotes.
_TYPOGRAPHIC_QUOTE = re.compile(r"^\s*(?:-\s+)?([^\s:#][^:#]*):[ \t]+([«“„”])")
_CLOSING = {"«": "»", "“": "”", "„": "“", "”": "”"}


_FIELD_LINE = re.compile(r"\n *(?:- +)?[A-Za-z_][A-Za-z0-9_-]*: ")


def _swallowing_quote(text: str, error_line: int) -> int | None:
    """The line of a quoted value that ran on over the next fields up to where the parser stopped
    (``title: "Итоги`` with no closing quote, closed by the quote of ``time: "11:00"``)."""
    found = None
    try:
        for token in pyyaml.scan(text):
            if token.start_mark.line > error_line:
                break
            if (isinstance(token, pyyaml.ScalarToken) and token.style in ('"', "'")
                    and token.start_mark.line < token.end_mark.line <= error_line
                    and _FIELD_LINE.search(text, token.start_mark.index, token.end_mark.index)):
                found = token.start_mark.line
    except pyyaml.YAMLError:
        pass
    return found


def _describe(error: MarkedYAMLError) -> str:
    problem = str(error.problem or "")
    known = {
        "could not find expected ':'": "в строке нет двоеточия после названия поля («название: значение»); если "
        "это продолжение текста из строки выше, сдвиньте её вправо пробелами",
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
    if problem.startswith(("ссылки", "слияние")):
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
