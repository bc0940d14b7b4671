"""Text pasted from Word or typed as in Word that Markdown would publish other than it looks, found by the check.

- A list copied from Word keeps its bullets (``•``, Word's symbol-font bullet U+F0B7, ``▪``…) or numbers «1)»:
  Markdown knows neither, so the items run together into one line of text.
- A table copied from Word is lines of cells separated by tabs: its columns and rows run together too.
- In a story's text or a field, a line «# Заголовок» is a second main heading of the page, beside its title.

Each kind is named once per text, at its first line: the advice fits every such line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

from .markdown_links import code_parts

# Bullets of Word and other editors (private-use ones are Symbol and Wingdings bullets pasted as characters).
WORD_BULLETS = "•·▪▫●◦■□➢➤►▶✓✔❖\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf06e\uf0e8"
_BULLET = re.compile(f"^[ \t]*([{WORD_BULLETS}])(?:[ \t]|$)", re.MULTILINE)
_PAREN_NUMBER = re.compile(r"^[ \t]*(\d{1,3}\))[ \t]", re.MULTILINE)
# A line with a tab between its words (past the spaces and a list's marker at its start).
_CELLS = re.compile(f"^[ \t]*(?!\\|)(?:(?:[-*+{WORD_BULLETS}]|\\d{{1,3}}[.)])[ \t]+)?+\\S[^\t\n]*\t+\\S", re.MULTILINE)
# «# Итоги», or «Итоги» over a line of «=» as the first line of its paragraph (Markdown's other main heading).
_MAIN_HEADING = re.compile(r"^#(?:[ \t]|$)|(?:\A|(?<=\n))(?<![^\n]\n)[ \t]{0,3}\S[^\n]*\n[ \t]{0,3}=+[ \t]*$",
                           re.MULTILINE)
_MAYBE = re.compile(f"[\t#)={WORD_BULLETS}]")

BULLET = ("строка начинается со значка списка из Word «{mark}»: Markdown его не знает, и пункты сольются в одну "
          "строку. Замените значок в начале каждого пункта на «- » (дефис и пробел)")
PAREN_NUMBER = ("пункт списка начинается с «{mark}»: такие номера Markdown не знает, и пункты сольются в одну "
                "строку. Пишите номер с точкой: «1. », «2. »")
TABBED = ("строки с табуляцией внутри — похоже на таблицу из Word: на сайте её столбцы и строки сольются в одну "
          "строку. Запишите её таблицей Markdown (строки «| a | b |») или приложите файлом; если табуляция "
          "случайна, замените её пробелом")
MAIN_HEADING = ("строка «# …» (или строка над чертой «===») — второй главный заголовок страницы рядом с её "
                "названием (title): начните подзаголовок с «## »")


def pasted_text(text: str, main_heading: bool = True) -> list[tuple[int, str]]:
    """Where each kind of slip first stands in ``text`` (character offset), and the advice; code is left alone.
    ``main_heading``: a line «# …» is refused (a story's text, a field; a hand-written page's is its title)."""
    if _MAYBE.search(text) is None:
        return []
    code = list(code_parts(text))
    starts = [start for start, _ in code]

    def in_code(place: int) -> bool:
        at = bisect_right(starts, place) - 1
        return at >= 0 and place < code[at][1]

    found = []
    # A list's items or a table's rows run together only where two such lines stand one under the other: one
    # line «► Регистрация открыта» between empty lines, or «2) …» going on a sentence, reads as typed.
    for pattern, advice in ((_BULLET, BULLET), (_PAREN_NUMBER, PAREN_NUMBER), (_CELLS, TABBED)):
        if (match := _two_lines_in_a_row(pattern, text, in_code)) is not None:
            found.append((match.start(), advice.format(mark=shown_bullet(match[1]) if pattern.groups else "")))
    if main_heading and (heading := next((m for m in _MAIN_HEADING.finditer(text) if not in_code(m.start())),
                                         None)) is not None:
        found.append((heading.start(), MAIN_HEADING))
    return sorted(found)


def _two_lines_in_a_row(pattern: re.Pattern[str], text: str, in_code: Callable[[int], bool]) -> re.Match[str] | None:
    """The first of the first two lines in a row that ``pattern`` finds (it matches from a line's start)."""
    previous: re.Match[str] | None = None
    previous_end = -2  # where the last such line ends
    for match in pattern.finditer(text):
        start = match.start()
        if in_code(start):
            continue
        if start == previous_end + 1 and previous is not None:
            return previous
        previous, previous_end = match, text.find("\n", start)
    return None


def shown_bullet(mark: str) -> str:
    """A private-use bullet shows as an empty box: it is named instead."""
    return f"значок Word U+{ord(mark):04X}" if len(mark) == 1 and "\ue000" <= mark <= "\uf8ff" else mark
