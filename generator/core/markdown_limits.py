"""Markdown that Python-Markdown cannot render in bounded stack or time, refused by the check with its line.

- Lists nested hundreds deep (``- - - … x`` on one line, or items indented ever deeper), and notes
  (``!!! note``) indented hundreds of levels deep, end the build in a RecursionError: Python-Markdown parses each
  level by calling itself.
- Emphasis (``*``, ``_``) opened about a thousand deep in one paragraph (``*a *a *a … x b* b* b*``, or
  ``**`` two thousand times before a word): each level is matched by calling the inline parser again.
- Headings and rules (``# …``, ``---``, ``***``, a heading's underline) line after line with no empty line between
  them: after each, Python-Markdown reads the rest of the block again (80 KB of ``a`` and ``-`` lines took 42 s).
- Square brackets without their pair: for each «[» Python-Markdown looks for its «]», to the end of the
  paragraph when there is none, and for the «)» of a «](»; a paragraph of many such brackets takes time in the
  product of their number and its length (8,000 «[» take 7 s, 2,000 before 100 KB of text 45 s). So does «<»
  without «>» where HTML is HTML (a hand-written page: «<a » 20,000 times took a minute).

No text an editor writes comes near either bound; only a slip of a program or a hostile file does.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from .markdown_links import code_parts

MOST_LEVELS = 50  # of lists and quotes on one line; Python-Markdown's stack runs out at about 250
# Characters Python-Markdown goes over looking for closing brackets (about 4.5 million a second), in one text.
MOST_BRACKET_SEARCH = 5_000_000

# What opens a level: a list item, a quote, a note (``!!! note``, ``??? note``: admonitions nest by indent too).
_LEVEL = re.compile(r"(?:[-*+>]|\d+[.)]|!!!|\?\?\?\+?)(?:[ \t]+|$)")  # any number of digits, as Python-Markdown
MOST_EMPHASIS = 200  # «*» and «_» open at once in one paragraph; Python-Markdown's stack runs out at about 1,000
_EMPHASIS = re.compile(r"[*_]+")
MOST_REREADING = 200_000_000  # characters read again after headings and rules in blocks (about 2 s)
LINE_COST = 10  # each line read again costs as much as ten characters more
_SPLITTING_LINE = re.compile(r"^[ \t]*(?:#|[=*_-][ \t=*_-]*$)", re.MULTILINE)
_BRACKET = re.compile(r"[\[\]()]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_TAG_START = re.compile(r"<[A-Za-z/!?]")
_TAG_END = re.compile(">")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)([^<>]*)>")
_MARKDOWN_ATTRIBUTE = re.compile(r"(?<![\w-])markdown(?![\w-])", re.IGNORECASE)
_QUOTED_VALUE = re.compile(r"=[ \t\r\n]*([\"'])")

NESTED_TOO_DEEP = ("списки или врезки вложены слишком глубоко: уровней вложенности в одной строке — {levels}, можно "
                   "не больше {most}; уберите лишние «- » и отступы в начале строки")
BLOCKS_TOO_DEEP = ("блоки HTML с атрибутом markdown вложены слишком глубоко: можно не больше {most} уровней; "
                   "уберите лишние вложенные блоки")
TOO_MANY_OPEN_TAGS = ("в тексте страницы слишком много знаков «<» без закрывающего «>» (или кавычек, не закрытых "
                      "внутри тега): сайт с ним собирался бы минуты; уберите лишние знаки «<» или допишите тегам "
                      "закрывающие кавычки и «>»")
EMPHASIS_TOO_DEEP = ("знаки выделения «*» и «_» вложены слишком глубоко: в абзаце открыто сразу {levels}, можно не "
                     "больше {most}; уберите лишние «*» и «_» (или закройте выделения)")
TOO_MANY_SPLITS = ("в тексте слишком много заголовков или линий («# …», «---», «***», «===») строка за строкой, без "
                   "пустых строк между ними: сайт с ним собирался бы минуты; отделите их от текста пустыми строками")
TOO_MANY_BRACKETS = ("в абзаце слишком много квадратных скобок «[» без пары (или «](» без «)»): сайт с ним "
                     "собирался бы минуты; уберите лишние скобки или разделите текст на абзацы пустыми строками")


def limit_problems(text: str, html: bool = False) -> list[tuple[int, str]]:
    """Where ``text`` goes past a bound, and the message: (character offset, message), at most one of each.
    ``html``: the text's HTML is HTML (a hand-written page), not text shown as typed."""
    found = []
    if (deep := _too_deep(text)) is not None:
        found.append(deep)
    if ("*" in text or "_" in text) and (emphasis := _emphasis_too_deep(text)) is not None:
        found.append(emphasis)
    if (reread := _too_much_rereading(text)) is not None:
        found.append(reread)
    if "[" in text and (searched := _too_much_search(text)) is not None:
        found.append(searched)
    if html and "<" in text and (tags := _too_many_open_tags(text)) is not None:
        found.append(tags)
    if html and "markdown" in text and (blocks := _blocks_too_deep(text)) is not None:
        found.append(blocks)
    return found


def _blocks_too_deep(text: str) -> tuple[int, str] | None:
    """Where HTML blocks whose Markdown is read (``<div markdown="1">``, the md_in_html extension) open more than
    ``MOST_LEVELS`` deep: Python-Markdown reads each inside the one around it by calling itself."""
    open_names: list[str] = []
    for tag in _TAG.finditer(text):
        closing, name, attributes = tag[1], tag[2].lower(), tag[3]
        if closing:
            if name in open_names:
                del open_names[len(open_names) - 1 - open_names[::-1].index(name):]
        elif _MARKDOWN_ATTRIBUTE.search(attributes) and not attributes.rstrip().endswith("/"):
            open_names.append(name)
            if len(open_names) > MOST_LEVELS:
                return tag.start(), BLOCKS_TOO_DEEP.format(most=MOST_LEVELS)
    return None


def _too_many_open_tags(text: str) -> tuple[int, str] | None:
    """Where Python-Markdown's reading of a page's HTML goes past the bound: it parses the page's HTML as one
    document, and for each «<» that may open a tag it looks for the tag's «>» over the rest of the page (past a
    quoted attribute's value first: «<a href="» with no closing quote or «>» makes it read to the page's end).
    The tag that makes the longest search is named."""
    closing = [m.start() for m in _TAG_END.finditer(text)]
    quotes = {quote: [m.start() for m in re.finditer(quote, text)] for quote in "\"'"}
    total, worst = 0, (0, 0)
    for match in _TAG_START.finditer(text):
        start = match.start()
        end = _next(closing, start, len(text))
        if (value := _QUOTED_VALUE.search(text, start, end)) is not None:  # its «>» may stand inside the value
            end = _next(closing, _next(quotes[value[1]], value.end(), len(text)), len(text))
        total += end - start
        worst = max(worst, (end - start, -start))
        if total > MOST_BRACKET_SEARCH:
            return -worst[1], TOO_MANY_OPEN_TAGS
    return None


def _next(positions: list[int], after: int, default: int) -> int:
    """The first of the sorted ``positions`` at ``after`` or later, else ``default``."""
    at = bisect_left(positions, after)
    return positions[at] if at < len(positions) else default


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Where the paragraphs of ``text`` start and end (blocks between empty lines)."""
    edges = [0] + [edge for m in _PARAGRAPH_BREAK.finditer(text) for edge in (m.start(), m.end())] + [len(text)]
    return list(zip(edges[::2], edges[1::2], strict=True))


def _too_deep(text: str) -> tuple[int, str] | None:
    start = 0
    for line in text.split("\n"):
        body = line.lstrip(" \t")
        if body[:1] in "-*+>0123456789!?" and body:
            indent = len(line[:len(line) - len(body)].expandtabs(4))
            levels = indent // 2
            position = 0
            while (marker := _LEVEL.match(body, position)) is not None:
                levels += 1
                position = marker.end()
            if levels > MOST_LEVELS and position:
                return start, NESTED_TOO_DEEP.format(levels=levels, most=MOST_LEVELS)
        start += len(line) + 1
    return None


def _emphasis_too_deep(text: str) -> tuple[int, str] | None:
    """Where emphasis closes inside more than ``MOST_EMPHASIS`` levels opened before it in one paragraph: Python-
    Markdown matches each pair inside the one around it by calling itself, and only pairs that close do (a form's
    blanks «Я, ______, проживающий …» open many and close none). A run of «*» or «_» opens as many levels as it is
    long when a word follows it and none precedes it (``*a``, ``(**a``), and closes when one precedes it and none
    follows (``a*``, ``a**.``); a run of «*» inside a word (``x**a``) closes what is open, or else opens. Runs of
    «_» inside a word, between spaces, or in code do neither. Counted over a paragraph: it only overestimates."""
    code = list(code_parts(text)) if "`" in text or "~~~" in text else []
    code_starts = [start for start, _ in code]
    for paragraph_start, end in _paragraphs(text):
        levels = 0
        for run in _EMPHASIS.finditer(text, paragraph_start, end):
            at, after = run.start(), run.end()
            index = bisect_right(code_starts, at) - 1
            if index >= 0 and at < code[index][1]:
                continue
            before_sign = text[at - 1] if at > paragraph_start else " "
            after_sign = text[after] if after < end else " "
            opens = not after_sign.isspace() and not before_sign.isalnum()
            closes = not before_sign.isspace() and not after_sign.isalnum()
            if run[0][0] == "*" and before_sign.isalnum() and after_sign.isalnum():
                opens, closes = not levels, bool(levels)
            if closes and not opens and levels:
                if levels > MOST_EMPHASIS:
                    return at, EMPHASIS_TOO_DEEP.format(levels=levels, most=MOST_EMPHASIS)
                levels = max(0, levels - (after - at))
            elif opens and not closes:
                levels += after - at
    return None


def _too_much_rereading(text: str) -> tuple[int, str] | None:
    """The block where Python-Markdown's reading again of what follows a heading or a rule, summed over the text,
    goes past ``MOST_REREADING``: each such line costs the lines and the characters left in its block (a line
    costs about as much as ``LINE_COST`` characters). The block that costs most is named. Code and quotes are
    counted too, which only overestimates."""
    total, worst = 0, (0, 0)
    for start, end in _paragraphs(text):
        splits = [line.start() for line in _SPLITTING_LINE.finditer(text, start, end)]
        if not splits:
            continue
        lines_left = text.count("\n", start, end) + 1
        cost = 0
        for number, at in enumerate(splits):
            if number:
                lines_left -= text.count("\n", splits[number - 1], at)
            cost += lines_left * LINE_COST + end - at
        total += cost
        worst = max(worst, (cost, -start))
        if total > MOST_REREADING:
            return -worst[1], TOO_MANY_SPLITS
    return None


def _too_much_search(text: str) -> tuple[int, str] | None:
    """The paragraph where the search for closing brackets goes past the bound, counted as Python-Markdown goes:
    from each «[» to its «]» (to the paragraph's end without one), and from each «](» to its «)». Code is left out;
    escaped brackets are counted as brackets, which only overestimates."""
    code = list(code_parts(text)) if "`" in text or "~~~" in text else []
    code_starts = [start for start, _ in code]
    total = 0
    worst = (0, 0)  # (search, offset of its paragraph)
    for paragraph_start, end in _paragraphs(text):
        search = _search_in(text, paragraph_start, end, code, code_starts)
        total += search
        worst = max(worst, (search, -paragraph_start))
    worst = (worst[0], -worst[1])  # the first of equal paragraphs
    return (worst[1], TOO_MANY_BRACKETS) if total > MOST_BRACKET_SEARCH else None


def _search_in(text: str, start: int, end: int, code: list[tuple[int, int]], code_starts: list[int]) -> int:
    open_squares: list[int] = []
    open_rounds: list[int] = []  # «(» right after «]»; other «(» only nest inside them
    nested_rounds: list[bool] = []
    search = 0
    for match in _BRACKET.finditer(text, start, end):
        at = match.start()
        index = bisect_right(code_starts, at) - 1
        if index >= 0 and at < code[index][1]:
            continue
        sign = match[0]
        if sign == "[":
            open_squares.append(at)
        elif sign == "]" and open_squares:
            search += at - open_squares.pop()
        elif sign == "(":
            link = at > 0 and text[at - 1] == "]"
            if link or open_rounds:
                nested_rounds.append(link)
                if link:
                    open_rounds.append(at)
        elif sign == ")" and nested_rounds:
            if nested_rounds.pop():
                search += at - open_rounds.pop()
    return search + sum(end - at for at in open_squares) + sum(end - at for at in open_rounds)
