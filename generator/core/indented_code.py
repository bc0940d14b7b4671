"""Text that Python-Markdown would show as program code because its first line is indented.

A block of lines after an empty line (or at the start of a text) indented by a tab or four spaces is a code block
in Markdown: monospaced, in a grey frame, scrolled sideways on a phone. Librarians indent a paragraph's first line
with a tab, as on paper, and the browser editor's form shows a paragraph; the site would show code. The check
names the line instead. Where an indented block goes on a list item or a note (``!!! note``) written above it, or
stands inside HTML, it is that item's text, as Python-Markdown reads it, and is left alone.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator

from .markdown_links import code_parts

TAB = 4  # columns of a tab, as Python-Markdown expands them (``tab_length``)

# What an indented block after it goes on: a list item, a note, a footnote, a definition, HTML.
_CONTAINER = re.compile(r"!!!|\?\?\?| {0,3}(?:[-*+][ \t]|\d+\.[ \t]|\[\^[^\]]*\]:|:[ \t]|<)")
# Python-Markdown's headings start at the line's start; «#ЧитаемВместе» is text (markdown_lists.py escapes it).
_HEADING = re.compile(r"#+(?:[ \t]|$)")
_MAYBE = re.compile(r"(?:^|\n)(?: {0,3}\t| {4})")  # a line indented as code

INDENTED_CODE = ("абзац начинается с отступа (табуляции или четырёх пробелов): на сайте он стал бы блоком "
                 "программного кода — моноширинным шрифтом в серой рамке. Уберите отступ в начале строки: абзацы "
                 "разделяет пустая строка, сайт сам отделяет их друг от друга; если это и правда код, поставьте "
                 "строку ``` до него и после")


def indented_code(text: str, stripped: bool = False) -> list[tuple[int, str]]:
    """Where each block that would become code begins (character offset), and the message. ``stripped``: the
    text's own first line is rendered without its indent (an editor's field, a story's text), only later ones
    count."""
    if not _MAYBE.search(text):
        return []
    if stripped:
        first = len(text) - len(text.lstrip())
        return [(start + first, message) for start, message in indented_code(text[first:])
                if start > 0]
    fenced = deque((start, end) for start, end in code_parts(text)
              if text.startswith(("```", "~~~"), start) and text[start - 1:start] in ("", "\n"))
    found, previous = [], "blank"  # what the block above is: blank (none), text, table, container, code
    after_blank = True
    for start, line in _lines(text):
        while fenced and fenced[0][1] <= start:
            fenced.popleft()
        if fenced and fenced[0][0] <= start:  # fenced code: a block of its own, what follows starts a new one
            previous, after_blank = "text", True
            continue
        if not line.strip():
            if start > 0 or not line:
                after_blank = True
            else:  # Python-Markdown reads a text's first line of spaces as a line of its first block
                previous, after_blank = "text", False
            continue
        indent = _columns(line)
        if indent >= TAB:
            if after_blank and previous != "container":  # each paragraph, though Markdown joins them
                found.append((start, INDENTED_CODE))
                previous = "code"
            # otherwise the line goes on the paragraph, item or code above it
        elif _CONTAINER.match(line):
            previous = "container"
        elif previous == "container" and not (after_blank and indent == 0):
            pass  # an item's lazy line, or its text indented less than code, goes on the item
        elif previous == "table" and not after_blank:
            pass  # a table takes every line of its block as a row, «# …» too
        else:  # maybe a table's first line: no heading in its block is one
            previous = "table" if "|" in line else "text"
        # A heading is a block of its own: an indented line right under it starts a block as after an empty line.
        after_blank = previous == "text" and _HEADING.match(line) is not None
    return found


def _lines(text: str) -> Iterator[tuple[int, str]]:
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def _columns(line: str) -> int:
    """How far the line's text starts, a tab reaching the next multiple of ``TAB``."""
    column = 0
    for char in line:
        if char == " ":
            column += 1
        elif char == "\t":
            column += TAB - column % TAB
        else:
            break
    return column
