"""Problems found in the editors' files, reported all at once in Russian.

Also the words for characters an editor cannot see: a problem never prints an
invisible character as it is (``smo[U+200B]lensk``), and an id typed with
Russian letters that look Latin is explained letter by letter.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, order=True)
class Problem:
    """One thing an editor must fix: where it is and what is wrong."""

    path: str
    line: int
    field: str
    message: str

    def __post_init__(self) -> None:
        # What an editor cannot see must not be printed as it is: «smo[U+200B]lensk».
        for name in ("path", "field", "message"):
            object.__setattr__(self, name, visible(getattr(self, name)))
        # A whole pasted text quoted back would bury the message: quoted values are cut short.
        object.__setattr__(self, "message", _LONG_QUOTE.sub(_shorten, self.message))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


_QUOTED_LIMIT = 80
_LONG_QUOTE = re.compile(f"«([^«»\n]{{{_QUOTED_LIMIT + 1},}})»|«([^«»]*\n[^«»]*)»")


def _shorten(match: re.Match[str]) -> str:
    text = " ".join((match[1] or match[2]).split())
    return f"«{text[:_QUOTED_LIMIT - 1]}…»" if len(text) > _QUOTED_LIMIT else f"«{text}»"


class ContentError(Exception):
    """The content has problems; nothing may be written."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"Найдено ошибок: {count}. Сайт не собран: исправьте их и запустите сборку снова.")
        return "\n".join(lines)


def field_name(loc: tuple[Any, ...]) -> str:
    """``('program', 0, 'title')`` -> ``program[1].title``: items counted from 1, as editors count."""
    name = ""
    for part in loc:
        if isinstance(part, int):
            name += f"[{part + 1}]"
        elif part == "[key]":  # pydantic's mark for the key of a mapping: the key itself is the field
            continue
        else:
            name += f".{part}" if name else str(part)
    return name


# Characters ------------------------------------------------------------------

_NAMES = {
    "\x00": "нулевой символ", "\x07": "звуковой сигнал", "\x08": "забой, Backspace", "\x0b": "вертикальная "
    "табуляция, разрыв строки из Word", "\x0c": "разрыв страницы", "\r": "возврат каретки", "\x1b": "Escape",
    "\x7f": "удаление, Delete", "\u00a0": "неразрывный пробел", "\u00ad": "мягкий перенос",
    "\u200b": "пробел нулевой ширины", "\u200c": "разъединитель нулевой ширины",
    "\u200d": "соединитель нулевой ширины", "\u200e": "знак направления письма", "\u200f": "знак направления письма",
    "\u2028": "разделитель строк", "\u2029": "разделитель абзацев", "\u2060": "невидимый соединитель",
    "\ufeff": "метка порядка байтов, BOM", "\ufffe": "недопустимый символ", "\uffff": "недопустимый символ",
    **{chr(c): "смена направления письма" for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]},
}
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"}


def code(char: str) -> str:
    """``U+0008``: how a character is named in messages."""
    return f"U+{ord(char):04X}"


def describe_char(char: str) -> str:
    """``U+0008 (забой (Backspace))``: the code and, when known, what the character is."""
    if "\ud800" <= char <= "\udfff":
        return f"{code(char)} (половина суррогатной пары)"
    name = _NAMES.get(char)
    return f"{code(char)} ({name})" if name else code(char)


def is_invisible(char: str) -> bool:
    """A character that shows as nothing or as a plain space, other than the space, tab and line break."""
    return char not in " \t\n" and unicodedata.category(char) in _INVISIBLE_CATEGORIES


def comparable(text: str) -> str:
    """Text for comparing names and titles as an editor sees them: lowercase, ё as е, no invisible characters,
    single spaces."""
    return " ".join("".join(ch for ch in text if not is_invisible(ch)).lower().replace("ё", "е").split())


# Characters that turn the letters after them around on the screen (embeddings, overrides, isolates): a title
# «отчёт\u202Efdp.exe» shows as «отчётexe.pdf». Russian text has no use for them.
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
# Characters no text of the site may hold, whether typed or written as an escape ("\u2028"): control characters
# other than tab and line break, surrogates, U+FFFE and U+FFFF (invalid in XML, the news feed), the BOM and Unicode's
# line and paragraph separators (invisible, and a line break in JavaScript and some readers), and BIDI_CONTROLS.
# As typed in a file (surrogates cannot be: the file would not be UTF-8), and as an escape may write them:
NOT_IN_TEXT = f"\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ufeff\u2028\u2029{BIDI_CONTROLS}"
FORBIDDEN = re.compile(f"[{NOT_IN_TEXT}\ud800-\udfff]")
_INVISIBLE = re.compile(r"[^\x20-\x7e\u0400-\u04ff\t\n]")  # a quick prefilter: ASCII and Cyrillic are fine


def visible(text: str) -> str:
    """Text with every invisible character written as ``[U+200B]``."""
    if not _INVISIBLE.search(text):
        return text
    return "".join(f"[{code(ch)}]" if is_invisible(ch) else ch for ch in text)


# Ids -------------------------------------------------------------------------

# Russian letters that look like Latin ones, and the Latin letter meant.
LOOKALIKES = {
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
    "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d",
}
LOOKALIKES |= {k.upper(): v for k, v in LOOKALIKES.items() if k.upper() != k}
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)


def id_slips(value: str) -> tuple[list[str], str]:
    """What is wrong with an almost-id, in words, and the id without those slips.

    Invisible characters (from Word or a web page) are dropped; Russian letters
    that look like Latin ones are replaced when the id also has Latin letters.
    """
    slips: list[str] = []
    fixed = value
    hidden = list(dict.fromkeys(ch for ch in value if is_invisible(ch)))
    if hidden:
        slips.append(("невидимые символы " if len(hidden) > 1 else "невидимый символ ")
                     + ", ".join(describe_char(ch) for ch in hidden) + " — так бывает при копировании из Word "
                     "или с веб-страницы")
        fixed = "".join(ch for ch in fixed if ch not in hidden)
    cyrillic = [ch for ch in fixed if "\u0400" <= ch <= "\u04ff"]
    if cyrillic and _LATIN.search(fixed) and all(ch in LOOKALIKES for ch in cyrillic):
        # Which letters: they look the same, so their places are named too.
        letters = ", ".join(f"«{ch}» ({place}-я буква)" for place, ch in enumerate(fixed, start=1)
                            if ch in LOOKALIKES)
        slips.append(f"русские буквы, похожие на латинские: {letters}")
        fixed = "".join(LOOKALIKES.get(ch, ch) for ch in fixed)
    return slips, fixed.strip().lower() if slips else fixed
