"""Lists in editors' Markdown read as the editor typed them, as the browser editor's preview and CommonMark read them.

Python-Markdown, which MkDocs runs, wants an empty line before a list and four spaces before a nested item. An
editor writes «Победители:» and the list on the next line, or indents a sub-item by two spaces, and sees a list in
the browser editor's preview; Python-Markdown would publish one paragraph «Победители: - команда А; - команда Б»,
or put the sub-items among the numbered ones and number «Второй тур» 4. Before Markdown reads a field, a story or a
page, this module writes such lists the way Python-Markdown reads them the same:

- a bulleted list, or a numbered one starting at 1, right after a line of a paragraph gets the empty line before it
  (a line «2025. год» inside a paragraph stays text, and so does a line indented by four spaces, as in CommonMark);
- an item indented by two or more spaces more than the item above is nested under it, at four spaces a level, and
  the lines of its text move with it;
- a numbered list right after a bulleted one (or the other way) is a list of its own (``sane_lists`` then keeps it).

A line that starts with «#» and a letter (``#ЧитаемВместе``, tags copied from a social network) is text, as in
CommonMark: Python-Markdown would make it a main heading without its «#». Its «#» is escaped.

Code (fenced, indented, or a code span over lines), raw HTML (``<pre>``, comments, other blocks up to an empty line),
quotes and tables are left as they are, and so is a list written for Python-Markdown; a text written once comes out
the same a second time (a test tries random texts).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..core.markdown_links import code_parts

_ITEM = re.compile(r"( *)([-*+]|(\d{1,9})\.)( +)(?=\S)")
_RULE = re.compile(r" {0,3}([-*_])(?: *\1){2,} *$")  # «- - -» is a line across the page, not an item
_FENCE = re.compile(r" *(`{3,}|~{3,})")
_HTML = re.compile(r" {0,3}<")
_OTHER_BLOCK = re.compile(r" {0,3}(?:#|>|\|)")  # heading, quote, table
_TABLE_RULE = re.compile(r" *\|? *:?-+:? *(?:\| *:?-+:? *)+\|? *$")  # «--- | ---»: the rows below are a table's
_MAYBE = re.compile(r"\n *(?:[-*+]|\d{1,9}\.) +\S|^[ \t>]*#{1,6}[^\s#]", re.MULTILINE)  # else the text needs nothing
_HASHTAG = re.compile(r"([ \t]*(?:>[ \t]?)*)#{1,6}[^\s#]")  # no space after «#»: no heading in CommonMark
NESTED = 4  # spaces Python-Markdown wants per level of a nested list, and before code


@dataclass
class _Item:
    typed: int  # its marker's indent as typed
    content: int  # where its text starts as typed
    written: int  # its marker's indent as written
    numbered: bool


def lists_as_typed(text: str) -> str:
    """``text`` with its lists written so that Python-Markdown reads them as CommonMark does (see the module)."""
    if not _MAYBE.search(text):
        return text
    lines = text.split("\n")
    # Lines that start inside a code span running over lines (`код\n- x`): text of the span, as typed.
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    in_code: set[int] = set()
    for begin, end in code_parts(text):
        in_code.update(range(bisect.bisect_right(starts, begin), bisect.bisect_left(starts, end)))
    return "\n".join(_Lines().rewrite(lines, in_code))


class _Lines:
    """One pass over the lines: where each stands (code, HTML, a paragraph, a list) decides what it becomes."""

    def __init__(self) -> None:
        self.verbatim_until: re.Pattern[str] | None = None  # inside a fence, <pre> or comment: its end
        self.code_from: int | None = None  # inside indented code: lines indented this much or more
        self.block = "blank"  # what the last line that was not empty belongs to: paragraph, list, html, other
        self.after_blank = False
        self.items: list[_Item] = []  # the open items of the list, outermost first
        self.item_paragraph = False  # the last line is of a paragraph of an item's own, after an empty line
        self.loose = False  # the list has an empty line inside: Python-Markdown wants one before each item then

    def rewrite(self, lines: list[str], as_typed: set[int]) -> list[str]:
        out: list[str] = []
        for index, line in enumerate(lines):
            out += [line] if index in as_typed else self._line(line)
        return out

    def _line(self, line: str) -> list[str]:
        if self.verbatim_until is not None:
            if self.verbatim_until.search(line):
                self.verbatim_until = None
            return [line]
        if not line.strip():
            self.after_blank = True
            self.loose = self.loose or self.block == "list"
            if self.block in ("html", "table"):
                self.block = "other"  # an HTML block other than <pre> and comments, or a table, ends at an empty line
            return [line]
        if self.block == "table" or (_TABLE_RULE.match(line) and self.block == "paragraph" and not self.after_blank):
            self.block = "table"  # its rows as typed, «- x | y» too
            return [line]
        indent = len(line) - len(line.lstrip(" "))
        if self.code_from is not None and indent >= self.code_from:
            return [line]
        self.code_from = None
        done = self._verbatim(line, indent)
        if done is not None:
            self.after_blank = False
            return done
        item = _ITEM.match(line) if not _RULE.match(line) else None
        if item is not None and self.block == "list" and self.items and not self.after_blank \
                and indent >= self.items[-1].content + NESTED:
            item = None  # as deep as code under the item's text: a line of that text, as in CommonMark
        in_list = self.block == "list" and (not self.after_blank or indent > 0 or item is not None)
        if not in_list:
            self.items = []
        if in_list and item is None and self.after_blank and indent >= self._owner(indent).content + NESTED:
            self.code_from = self._owner(indent).content + NESTED  # code inside an item: as typed
            self.after_blank = False
            return [line]
        if not in_list and indent >= NESTED and (self.after_blank or self.block == "blank"):
            self.code_from, self.block, self.after_blank = NESTED, "other", False
            return [line]
        if item is None and (tag := _HASHTAG.match(line)) is not None:  # in a list item, a quote or a note too
            line = f"{line[:tag.end(1)]}\\{line[tag.end(1):]}"
        out = self._item(line, indent, item) if item is not None and (in_list or self._opens_list(indent, item)) \
            else self._text(line, indent, in_list)
        self.after_blank = False
        return out

    def _verbatim(self, line: str, indent: int) -> list[str] | None:
        """A fence, or raw HTML at the start of a block: the lines up to their end as typed."""
        fence = _FENCE.match(line)
        if fence is not None:
            mark = fence[1]
            self.verbatim_until = re.compile(rf"^ *{re.escape(mark[0])}{{{len(mark)},}}\s*$")
            return [line]
        if self.block == "html" or (_HTML.match(line) and (self.block != "paragraph" or self.after_blank)):
            stripped = line.lstrip().lower()
            if stripped.startswith("<pre") and "</pre>" not in stripped:
                self.verbatim_until = re.compile(r"</pre>", re.IGNORECASE)
            elif stripped.startswith("<!--") and "-->" not in stripped:
                self.verbatim_until = re.compile(r"-->")
            self.block = "html" if self.block == "html" or self.verbatim_until is None else "other"
            return [line]
        return None

    def _opens_list(self, indent: int, item: re.Match[str]) -> bool:
        """Whether an item outside a list starts one: indented less than code, and inside a paragraph only a
        bulleted item or one numbered 1."""
        if indent >= NESTED:
            return False
        return self.block != "paragraph" or self.after_blank or item[3] in (None, "1")

    def _item(self, line: str, indent: int, item: re.Match[str]) -> list[str]:
        out = []
        numbered = item[3] is not None
        content = indent + len(item[2]) + len(item[4])
        if self.block == "list" and self.items:
            sibling = None
            while self.items and indent < self.items[-1].typed + 2:  # two spaces deeper than an item: its sub-item
                sibling = self.items.pop()
            written = self.items[-1].written + NESTED if self.items else indent
            other_kind = sibling is not None and sibling.numbered != numbered
            if other_kind and not self.items:  # a list of its own: the last one's empty lines are not its
                self.loose = False
            if (self.item_paragraph or other_kind or self.loose) and not self.after_blank:
                out.append("")  # else Python-Markdown takes it for a line of that paragraph or of that list
        else:
            written, self.loose = indent, False
            if self.block in ("paragraph", "other") and not self.after_blank:
                out.append("")  # the empty line Python-Markdown needs before a list
        self.items.append(_Item(indent, content, written, numbered))
        self.block, self.item_paragraph = "list", False
        out.append(" " * written + line[indent:])
        return out

    def _text(self, line: str, indent: int, in_list: bool) -> list[str]:
        if not in_list:
            self.block = "other" if _OTHER_BLOCK.match(line) else "paragraph"
            return [line]
        if indent == 0 and not self.after_blank:  # a lazy line of the item's text: as typed
            return [line]
        owner = self._owner(indent)
        self.item_paragraph = self.item_paragraph or self.after_blank
        # Under its item's text, four spaces past the item as written; deeper as typed stays as deep.
        return [" " * max(owner.written + NESTED, indent) + line[indent:]]

    def _owner(self, indent: int) -> _Item:
        """The item whose text a line indented so goes on: the deepest one it is indented past."""
        return next((item for item in reversed(self.items) if indent > item.typed), self.items[0])
