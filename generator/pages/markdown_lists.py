"""Lists in editors' Markdown read as the editor typed them, as the browser editor's preview and CommonMark read them.

Python-Markdown, which MkDocs runs, wants an empty line before a list and four spaces before a nested item. An
editor writes «Победители:» and the list on the next line, or indents a sub-item by two spaces, and sees a list in
the browser editor's preview; Python-Markdown would publish one paragraph «Победители: - команда А; - команда Б»,
or put the sub-items among the numbered ones and number «Второй тур» 4. Before Markdown reads a field, a story or a
page, this module writes such lists the way Python-Markdown reads them the same:

- a bulleted list, or a numbered one starting at 1, right after a line of a paragraph gets the empty line before it
  (a line «2025. год» inside a paragraph stays text, as in CommonMark);
- an item indented by two or more spaces more than the item above is nested under it, at four spaces a level, and
  the lines that go on its text move with it.

Code (fenced, or indented after an empty line), quotes, tables and raw HTML are left as they are. The text is
changed nowhere else, and a text already written for Python-Markdown comes out the same.
"""

from __future__ import annotations

import re

_ITEM = re.compile(r"( *)([-*+]|(\d{1,9})\.)( +)(?=\S)")
_RULE = re.compile(r" {0,3}([-*_])(?: *\1){2,} *$")  # «- - -» is a line across the page, not an item
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_OTHER_BLOCK = re.compile(r" {0,3}(?:#|>|\||<|```|~~~)")  # heading, quote, table, raw HTML, code
_MAYBE = re.compile(r"\n *(?:[-*+]|\d{1,9}\.) +\S")  # a text without an item after a line break needs nothing
NESTED = 4  # spaces Python-Markdown wants per level of a nested list


def lists_as_typed(text: str) -> str:
    """``text`` with its lists written so that Python-Markdown reads them as CommonMark does (see the module)."""
    if not _MAYBE.search(text):
        return text
    out: list[str] = []
    fence = ""
    block = "blank"  # what the last line that was not empty belongs to: paragraph, list, other (blank: none yet)
    after_blank = False
    items: list[tuple[int, int]] = []  # the open items of the list: (indent typed, indent written)
    item_paragraph = False  # the last line is a paragraph of an item's own, after an empty line
    for line in text.split("\n"):
        if fence:
            out.append(line)
            if line.lstrip().startswith(fence):
                fence = ""
            continue
        if not line.strip():
            out.append(line)
            after_blank = True
            continue
        indent = len(line) - len(line.lstrip(" "))
        in_list = block == "list" and (not after_blank or indent > 0 or _ITEM.match(line) is not None)
        if not in_list:
            items = []
            opened = _FENCE.match(line)
            if opened or (after_blank or block == "blank") and indent >= NESTED:
                fence = opened[1] if opened else ""
                out.append(line)  # code, shown as typed
                block, after_blank = "other", False
                continue
        item = _ITEM.match(line) if not _RULE.match(line) else None
        if item is not None and in_list:
            while items and indent < items[-1][0] + 2:  # two spaces deeper than an item: its sub-item
                items.pop()
            written = items[-1][1] + NESTED if items else indent
            items.append((indent, written))
            if item_paragraph and not after_blank:
                out.append("")  # Python-Markdown would take the item for a line of that paragraph
            out.append(" " * written + line[indent:])
            item_paragraph = False
        elif item is not None and (block != "paragraph" or after_blank or item[3] in (None, "1")):
            if block == "paragraph" and not after_blank:
                out.append("")  # the empty line Python-Markdown needs before a list
            items = [(indent, indent)]
            out.append(line)
            block, item_paragraph = "list", False
        elif in_list:  # the text of the item above goes on: it moves with its item
            typed, written = items[-1] if items else (0, 0)
            out.append(" " * (written - typed) + line if indent > typed else line)
            item_paragraph = item_paragraph or after_blank
        else:
            out.append(line)
            block = "other" if _OTHER_BLOCK.match(line) else "paragraph"
        after_blank = False
    return "\n".join(out)
