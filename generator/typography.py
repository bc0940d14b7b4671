"""Russian typesetting of built HTML: non-breaking spaces and soft hyphens.

Runs on the sanitized HTML of every page (``plugin.on_page_content``), on text only: tags, attributes and
the text of ``code``, ``pre``, ``script``, ``style``, ``svg`` and ``textarea`` stay as they are. Every rule
turns ordinary spaces into no-break spaces (or adds soft hyphens to long words), never the other way, so
a second pass changes nothing. One pass over the page with bounded look-around: linear in its length.

- a number and «г.», «гг.», «в.», «вв.»: ``2024&nbsp;г.``;
- «№» and its number: ``№&nbsp;1``;
- initials and a surname: ``Т.&nbsp;И.&nbsp;Ковторова``, ``Ковторова&nbsp;Т.&nbsp;И.``;
- a day and its month: ``15&nbsp;февраля``;
- before an em dash: ``Главная&nbsp;— …``.

One-letter prepositions are left alone: binding them changes link texts and the words readers search and
select, for a small gain on a phone.

Headings (h1–h3) get soft hyphens in words longer than ``LONG_WORD`` letters from the Russian hyphenation
dictionary (pyphen), so that a long word wraps with a hyphen on a narrow screen: Chromium hyphenates
nothing with ``hyphens: auto`` unless it has downloaded its dictionaries.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pyphen

NBSP = "\u00a0"
SOFT_HYPHEN = "\u00ad"
LONG_WORD = 10  # letters; shorter words fit a phone's line at 200 % font
_CONTEXT = 40  # characters of the neighbouring text a rule may look at

# A tag with quoted attributes (``>`` may stand in a value), a comment, or text up to the next tag.
_TOKEN = re.compile(r"<!--.*?-->|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>|[^<]+|<", re.DOTALL)
_TAG_NAME = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)")
_RAW = frozenset({"code", "pre", "script", "style", "svg", "textarea", "kbd", "samp", "math"})
# Tags whose edge ends a line of text: a rule never joins words across them.
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "img", "li", "main", "nav",
    "ol", "p", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
_HEADINGS = frozenset({"h1", "h2", "h3"})
# A quoted attribute value may hold ``>`` or ``<``: a tag is read to its real end.
_TAG_BODY = r"""(?:[^>"']|"[^"]*"|'[^']*')*+>"""
_EDGE_NAMES = "|".join(sorted(_BLOCK | _RAW, key=len, reverse=True))
_EDGE_TAG = rf"<\s*/?\s*(?:{_EDGE_NAMES})(?=[\s/>])"
# A piece (text, comments and inline tags) and the edge that ends it: a block or raw tag, or the end.
_EDGE = re.compile(
    rf"((?:[^<]++|<!--.*?-->|(?!{_EDGE_TAG})<{_TAG_BODY}|(?!{_EDGE_TAG})<(?![^>]*>))*+)({_EDGE_TAG}{_TAG_BODY}|$)",
    re.DOTALL | re.IGNORECASE,
)
_HEADING = re.compile(r"<h([1-3])(?=[\s>])(?:[^>\"']|\"[^\"]*\"|'[^']*')*>.*?</h\1\s*>", re.DOTALL | re.IGNORECASE)
_ANY_TAG = re.compile(rf"<!--.*?-->|<{_TAG_BODY}", re.DOTALL)

_MONTHS = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
_SPACE = r"[ \t\r\n]+"  # an ordinary space; \s would also take the no-break space
_NO_BREAK = re.compile("|".join(f"(?:{rule})" for rule in (
    rf"(?<=\d){_SPACE}(?=(?:гг?|вв?)\.)",  # 2024 г., 1990–2000 гг., XX в. (written with digits)
    rf"(?<=№){_SPACE}(?=\d)",  # № 1
    rf"(?<=(?<![\w.])[А-ЯЁ]\.){_SPACE}(?=[А-ЯЁ]\.)",  # Т. И.
    rf"(?<=(?<![\w.])[А-ЯЁ]\.){_SPACE}(?=[А-ЯЁ][а-яё])",  # И. Ковторова
    rf"(?<=[а-яё]){_SPACE}(?=[А-ЯЁ]\.[ \u00a0]?[А-ЯЁ]\.(?!\w))",  # Ковторова Т. И.
    rf"(?<=(?<!\d)\d\d){_SPACE}(?=(?:{_MONTHS})(?!\w))",  # 15 февраля
    rf"(?<=(?<!\d)\d){_SPACE}(?=(?:{_MONTHS})(?!\w))",  # 1 марта
    rf"(?<=\S){_SPACE}(?=—)",  # before an em dash
    "\u202f",  # Babel's narrow no-break space (``2024 г.``): one kind of no-break space on the site
)))
# Every rule needs one of these next to the space it binds: text without them is left at once.
_TRIGGER = re.compile("[0-9№.—\u202f]")
# What every rule's match holds (a quick test before the rules themselves): a digit before «г.», «в.» or a
# month, «№», an initial, an em dash, U+202F.
_LOOK_AHEAD = 12  # characters after a candidate: the longest month and the end of its word
_CANDIDATE = re.compile(f"(?=(№{_SPACE}|[А-ЯЁ]\\.{_SPACE}|{_SPACE}(?:—|[А-ЯЁ]\\.)|\\d{_SPACE}[гвяфмаисонд]|\u202f))")
_WORD = re.compile(rf"[А-ЯЁа-яё]{{{LONG_WORD + 1},}}")


def _escape(text: str) -> str:
    """Text as html5ever (nh3) writes it: ``&``, ``<``, ``>`` and the no-break space as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(NBSP, "&nbsp;")


@lru_cache(maxsize=1)
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="ru_RU", left=2, right=2)


@lru_cache(maxsize=4096)
def _hyphenated(word: str) -> str:
    return _dictionary().inserted(word, hyphen=SOFT_HYPHEN)


def hyphenate(text: str) -> str:
    """Soft hyphens in the Russian words of ``text`` longer than ``LONG_WORD`` letters."""
    return _WORD.sub(lambda match: _hyphenated(match[0]), text)


def typeset_text(text: str) -> str:
    """Plain text (a title, a description) with the no-break spaces of Russian typesetting."""
    return _NO_BREAK.sub(NBSP, text)


def _typeset_runs(runs: list[tuple[int, str]], out: list[str]) -> None:
    """Text nodes of one line of text (``out`` positions and decoded text): each with its neighbours
    as context, so that ``<b>2024</b> г.`` and ``№ <a>1</a>`` are typeset too."""
    for number, (position, text) in enumerate(runs):
        before = runs[number - 1][1][-_CONTEXT:] if number else ""
        after = runs[number + 1][1][:_CONTEXT] if number + 1 < len(runs) else ""
        joined = before + text + after
        if not _TRIGGER.search(joined):
            continue
        start, end = len(before), len(before) + len(text)
        pieces, last, changed = [], start, False
        for match in _NO_BREAK.finditer(joined, max(0, start - 1)):
            if match.start() >= end:
                break
            # A space that began in the node before is its no-break space: this node's part of it goes.
            pieces += [joined[last:max(match.start(), start)], NBSP if match.start() >= start else ""]
            last, changed = min(match.end(), end), True
        if changed:
            pieces.append(joined[last:end])
            out[position] = _escape("".join(pieces))


def typeset_html(source: str, *, spaces: bool = True, hyphens: bool = False) -> str:
    """HTML with Russian no-break spaces in its text (``spaces``) and soft hyphens in long words of h1–h3
    (``hyphens``).

    The page is cut at block and raw tags (``_EDGE``): no rule joins words across them, so each piece between
    two is typeset on its own, and a piece that no rule can change (most of them) is copied as it is.
    """
    out: list[str] = []
    raw: list[str] = []  # open raw elements (code, pre, svg…): their text is left alone
    headings = 0
    end = 0
    for match in _EDGE.finditer(source):
        if match.start() != end:  # text the pattern could not read (broken markup): kept as it is
            out.append(source[end:match.start()])
        end = match.end()
        piece, edge = match[1], match[2]
        if piece:
            out.append(piece if raw else _typeset_piece(piece, spaces, hyphens and headings > 0))
        if not edge:
            continue
        out.append(edge)
        tag = _TAG_NAME.match(edge)
        if tag is None:
            continue
        closing, name = tag[1] == "/", tag[2].lower()
        self_closing = edge.endswith("/>")
        if name in _RAW:
            if closing:
                if name in raw:
                    del raw[len(raw) - 1 - raw[::-1].index(name):]
            elif not self_closing:
                raw.append(name)
        if name in _HEADINGS and not self_closing:
            headings = max(0, headings - 1) if closing else headings + 1
    if end != len(source):
        out.append(source[end:])
    return "".join(out)


def _typeset_piece(piece: str, spaces: bool, hyphens: bool) -> str:
    """Text and inline tags between two edges, one line of text."""
    if not hyphens:
        if not spaces or not _TRIGGER.search(piece):
            return piece
        text = _ANY_TAG.sub("", piece)
        if not _CANDIDATE.search(html.unescape(text) if "&" in text else text):
            return piece
    out: list[str] = []
    runs: list[tuple[int, str]] = []  # the text nodes of the piece
    for match in _TOKEN.finditer(piece):
        token = match[0]
        if token[0] != "<" or token == "<":
            text = html.unescape(token) if "&" in token else token
            if hyphens:
                hyphenated = hyphenate(text)
                if hyphenated != text:
                    text, token = hyphenated, _escape(hyphenated)
            if spaces:
                runs.append((len(out), text))
        out.append(token)
    if runs:
        _bind(runs, out)
    return "".join(out)


def _bind(runs: list[tuple[int, str]], out: list[str]) -> None:
    """The no-break spaces of one line of text (``out`` positions and decoded text of its text nodes), found
    in the line as a whole: ``<b>2024</b> г.`` and ``№ <a>1</a>`` are typeset too. A space that runs over
    several nodes becomes one no-break space in the node where it begins."""
    joined = "".join(text for _, text in runs)
    # The rules run only next to what they need (``_CANDIDATE``), on a window long enough for every rule's
    # look-ahead; a match is taken only for the candidate's own space, which no window cuts short.
    found: dict[int, int] = {}
    for candidate in _CANDIDATE.finditer(joined):
        for match in _NO_BREAK.finditer(joined, candidate.start(), candidate.end(1) + _LOOK_AHEAD):
            if match.start() < candidate.end(1):
                found[match.start()] = match.end()
    if not found:
        return
    matches = sorted(found.items())
    start = 0
    for position, text in runs:
        end = start + len(text)
        pieces, last = [], start
        for first, stop in matches:
            if stop <= start or first >= end:
                continue
            pieces += [joined[last:max(first, start)], NBSP if first >= start else ""]
            last = min(stop, end)
        if pieces:
            pieces.append(joined[last:end])
            out[position] = _escape("".join(pieces))
        start = end


def hyphenate_headings(source: str) -> str:
    """Soft hyphens in the long words of a page's h1–h3. Run after the search index has read the page:
    search results and the table of contents keep whole words."""
    # Only a heading with a long word changes: each is typeset on its own, the rest is copied.
    return _HEADING.sub(lambda found: typeset_html(found[0], spaces=False, hyphens=True)
                        if _WORD.search(found[0]) else found[0], source)


def typeset_toc(items: Iterable[Any]) -> None:
    """The table of contents: titles are HTML made by Markdown, typeset like the article (no soft hyphens)."""
    for item in items:
        item.title = typeset_html(item.title)
        typeset_toc(item.children)


def typeset_page(html_text: str, page: Any) -> str:
    """A page's article, its table of contents and the title taken from its first heading."""
    typeset_toc(page.toc)
    title = getattr(page, "_title_from_render", None)
    if "title" not in page.meta and isinstance(title, str):
        page._title_from_render = typeset_html(title)
    return typeset_html(html_text)
