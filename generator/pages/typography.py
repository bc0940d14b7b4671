"""Russian typesetting of built HTML: non-breaking spaces and soft hyphens.

Runs on the sanitized HTML of every page (``plugin.on_page_content``), on text only: tags, attributes and
the text of ``code``, ``pre``, ``script``, ``style``, ``svg`` and ``textarea`` stay as they are. Every rule
turns ordinary spaces into no-break spaces (or adds soft hyphens to long words), never the other way, so
a second pass changes nothing. One pass over the page with bounded look-around: linear in its length.

- a number and «г.», «гг.», «в.», «вв.»: ``2024&nbsp;г.``;
- «№» and its number: ``№&nbsp;1``;
- initials and a surname: ``Т.&nbsp;И.&nbsp;Ковторова``, ``Ковторова&nbsp;Т.&nbsp;И.``;
- a day and its month: ``15&nbsp;февраля``;
- before an em dash: ``Главная&nbsp;— …``;
- an abbreviation and the name or number it stands before: ``г.&nbsp;Смоленск``, ``им.&nbsp;Пушкина``,
  ``п.&nbsp;1``;
- a preposition, conjunction or particle of one or two letters and the word after it: ``в&nbsp;школе``,
  ``на&nbsp;уроке``, ``не&nbsp;опубликована`` (a phone's narrow line would otherwise end with it).

The search index reads the no-break space as a space: words stay found as they are.

Headings (h1–h3) get soft hyphens in words longer than ``LONG_WORD`` letters from the Russian hyphenation
dictionary (pyphen), so that a long word wraps with a hyphen on a narrow screen: Chromium hyphenates
nothing with ``hyphens: auto`` unless it has downloaded its dictionaries.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import pyphen

NBSP = "\u00a0"
SOFT_HYPHEN = "\u00ad"
LONG_WORD = 10  # letters; shorter words fit a phone's line at 200 % font

# A tag with quoted attributes (``>`` may stand in a value), a comment, or text up to the next tag.
_TOKEN = re.compile(r"<!--.*?-->|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>|[^<]+|<", re.DOTALL)
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


def _alternatives(names: Iterable[str]) -> str:
    """A pattern for ``names`` as a tree of their common beginnings (``p(?:re)?``): the engine tries a few
    letters at each ``<`` instead of every name in turn. It matches the same strings as ``a|b|…``."""
    by_first: dict[str, list[str]] = {}
    for name in sorted(names):
        by_first.setdefault(name[0], []).append(name[1:])
    branches = []
    for first, rests in by_first.items():
        longer = [rest for rest in rests if rest]
        if not longer:
            branches.append(first)
        else:
            branches.append(f"{first}(?:{_alternatives(longer)}){'?' if '' in rests else ''}")
    return "|".join(branches)


_EDGE_NAMES = _alternatives(_BLOCK | _RAW)
_EDGE_TAG = rf"<\s*/?\s*(?:{_EDGE_NAMES})(?=[\s/>])"
# A piece (text, comments and inline tags) and the edge that ends it: a block or raw tag, or the end; the
# edge's ``/`` and name as groups 3 and 4.
_EDGE = re.compile(
    rf"((?:[^<]++|<!--.*?-->|(?!{_EDGE_TAG})<{_TAG_BODY}|(?!{_EDGE_TAG})<(?![^>]*>))*+)"
    rf"(<\s*(/?)\s*({_EDGE_NAMES})(?=[\s/>]){_TAG_BODY}|$)",
    re.DOTALL | re.IGNORECASE,
)
_HEADING = re.compile(r"<h([1-3])(?=[\s>])(?:[^>\"']|\"[^\"]*\"|'[^']*')*>.*?</h\1\s*>", re.DOTALL | re.IGNORECASE)
_ANY_TAG = re.compile(rf"<!--.*?-->|<{_TAG_BODY}", re.DOTALL)

_SPACE = r"[ \t\r\n]+"  # an ordinary space; \s would also take the no-break space
_MONTHS = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
# Abbreviations that stand before a name (город, улица, переулок, площадь, посёлок, деревня, имени, село) or a
# number (пункт, статья, страница, рисунок, том, дом). A year's «г.» and the «д.» of «т. д.» may end a sentence:
# a capital after them is the next sentence's.
_BEFORE_NAMES = ("г", "ул", "пер", "пл", "пос", "дер", "им", "с")
_BEFORE_NUMBERS = ("п", "ст", "стр", "рис", "т", "д", "с", "ул")
_ABBREVIATIONS = tuple(sorted(set(_BEFORE_NAMES + _BEFORE_NUMBERS)))
_NOT_A_SENTENCE_END = r"(?<!\d[ \u00a0])(?<!т\.[ \u00a0])"  # «2024 г. В школе», «и т. д. Потом»
# Prepositions, conjunctions and particles of one or two letters, with a capital too (a sentence's first word).
_SHORT = ("в", "к", "с", "у", "о", "и", "а", "я", "во", "ко", "со", "об", "на", "по", "за", "из", "от", "до",
          "не", "ни", "но")
_SHORT_FORMS = sorted({form for word in _SHORT for form in (word, word.capitalize())})


def _words_before(words: Iterable[str], after: str, rule_ahead: str, not_after: str = "") -> list[str]:
    """Rules binding the space after one of ``words`` (then ``after``; not where ``not_after``, a look-behind,
    says) to what ``rule_ahead`` finds: one rule per length of word, as a look-behind must have one width."""
    by_length: dict[int, list[str]] = {}
    for word in words:
        by_length.setdefault(len(word), []).append(word)
    return [rf"(?<=(?<![\w.\-\u00ad]){not_after}(?:{'|'.join(same)}){after}){_SPACE}(?={rule_ahead})"
            for _, same in sorted(by_length.items())]


_NO_BREAK = re.compile("|".join(f"(?:{rule})" for rule in (
    rf"(?<=\d){_SPACE}(?=(?:гг?|вв?)\.)",  # 2024 г., 1990–2000 гг., XX в. (written with digits)
    rf"(?<=№){_SPACE}(?=\d)",  # № 1
    rf"(?<=(?<![\w.])[А-ЯЁ]\.){_SPACE}(?=[А-ЯЁ]\.)",  # Т. И.
    rf"(?<=(?<![\w.])[А-ЯЁ]\.){_SPACE}(?=[А-ЯЁ][а-яё])",  # И. Ковторова
    rf"(?<=[а-яё]){_SPACE}(?=[А-ЯЁ]\.[ \u00a0]?[А-ЯЁ]\.(?!\w))",  # Ковторова Т. И.
    rf"(?<=(?<!\d)\d\d){_SPACE}(?=(?:{_MONTHS})(?!\w))",  # 15 февраля
    rf"(?<=(?<!\d)\d){_SPACE}(?=(?:{_MONTHS})(?!\w))",  # 1 марта
    rf"(?<=\S){_SPACE}(?=—)",  # before an em dash
    *_words_before(_BEFORE_NAMES, r"\.", "[А-ЯЁ]", _NOT_A_SENTENCE_END),  # г. Смоленск, им. Пушкина
    *_words_before(_BEFORE_NUMBERS, r"\.", "[0-9]"),  # п. 1, д. 5
    "\u202f",  # Babel's narrow no-break space (``2024 г.``): one kind of no-break space on the site
)))
# Every rule needs one of these next to the space it binds: text without them is left at once.
# A short word and the space after it (group 1), before a word: в школе, на уроке, не опубликована. Found in one
# pass over a line, apart from the rules above (such words are in nearly every line), by a pattern that starts
# with a set of letters (searched fast); ``_short_word_spaces`` keeps the whole words among its matches.
_SHORT_WORD = re.compile(rf"[вксуоиаяВКСУОИАЯнНпПзЗдД][оабзтеи]?({_SPACE})(?=[\w«\"(№])")
_SHORT_SET = frozenset(_SHORT_FORMS)


def _short_word_spaces(text: str) -> Iterator[tuple[int, int]]:
    """Where the spaces after short words are in ``text`` (start, end)."""
    for found in _SHORT_WORD.finditer(text):
        start = found.start()
        before = text[start - 1] if start else " "
        if text[start:found.start(1)] in _SHORT_SET and not (before.isalnum() or before in "_.-\u00ad"):
            yield found.start(1), found.end(1)


_TRIGGER = re.compile("[0-9№.—\u202f]")
# A quick look for a short word after a space, a tag or an opening bracket or quote (most text has none within a
# line of a card or a table): a regular expression that starts with a set of letters is searched fast.
_MAYBE_SHORT = re.compile(r"[ \t\r\n>(«\"“„'/\[—–][вксуоиаяВКСУОИАЯнНпПзЗдД][оабзтеи]?[ \t\r\n]")


def _may_bind_a_short_word(text: str) -> bool:
    return _MAYBE_SHORT.search(text) is not None or next(_short_word_spaces(text[:4]), None) is not None
# What every rule's match holds (a quick test before the rules themselves): a digit before «г.», «в.» or a
# month, «№», an initial, an em dash, U+202F. Found where each begins, overlapping (``Т. И.``).
# A run of spaces is a candidate only where it begins: found at each of its spaces, a run of thousands took minutes.
_CANDIDATES = (f"№{_SPACE}|[А-ЯЁ]\\.{_SPACE}|(?<![ \t\r\n]){_SPACE}(?:—|[А-ЯЁ]\\.)|\\d{_SPACE}[гвяфмаисонд]|\u202f"
               f"|(?<![\\w.])(?:{'|'.join(_ABBREVIATIONS)})\\.{_SPACE}")
_LOOK_AHEAD = 12  # characters after a candidate: the longest month and the end of its word
_CANDIDATE = re.compile(f"(?=({_CANDIDATES}))")
# Whether a text has one at all: without the look-ahead, which makes a search slower.
_ANY_CANDIDATE = re.compile(_CANDIDATES)
_WORD = re.compile(rf"[А-ЯЁа-яё]{{{LONG_WORD + 1},}}")


def _escape(text: str) -> str:
    """Text as html5ever (nh3) writes it: ``&``, ``<``, ``>`` and the no-break space as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(NBSP, "&nbsp;")


@lru_cache(maxsize=1)
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="ru_RU", left=2, right=2)


MOST_HYPHENATED = 60  # letters: no Russian word is longer; pyphen's time grows with the square of a word's length


@lru_cache(maxsize=4096)
def _hyphenated(word: str) -> str:
    return _dictionary().inserted(word, hyphen=SOFT_HYPHEN) if len(word) <= MOST_HYPHENATED else word


def hyphenate(text: str) -> str:
    """Soft hyphens in the Russian words of ``text`` longer than ``LONG_WORD`` letters."""
    return _WORD.sub(lambda match: _hyphenated(match[0]), text)


def typeset_text(text: str) -> str:
    """Plain text (a title, a description) with the no-break spaces of Russian typesetting."""
    text = _NO_BREAK.sub(NBSP, text)
    pieces, last = [], 0
    for start, end in _short_word_spaces(text):
        pieces += [text[last:start], NBSP]
        last = end
    return "".join(pieces) + text[last:]


def typeset_html(source: str, *, spaces: bool = True, hyphens: bool = False) -> str:
    """HTML with Russian no-break spaces in its text (``spaces``) and soft hyphens in long words of h1–h3
    (``hyphens``).

    The page is cut at block and raw tags (``_EDGE``): no rule joins words across them, so each piece between
    two is typeset on its own, and a piece that no rule can change (most of them) is copied as it is.
    """
    out: list[str] = []  # the source between changed pieces, and the changed pieces
    copied = 0  # where the source is copied up to
    raw: list[str] = []  # open raw elements (code, pre, svg…): their text is left alone
    headings = 0
    # Text the pattern cannot read (broken markup) is skipped by it and copied as it is, like every piece
    # that no rule changes.
    for match in _EDGE.finditer(source):
        piece, edge, slash, name = match.groups()
        # Most pieces have nothing a rule needs: they are not looked at again.
        if piece and not raw and (hyphens and headings or spaces and (_TRIGGER.search(piece)
                                                                       or _may_bind_a_short_word(piece))):
            typeset = _typeset_piece(piece, spaces, hyphens and headings > 0)
            if typeset != piece:
                start = match.start()
                out += [source[copied:start], typeset]
                copied = start + len(piece)
        if not edge:
            continue
        name = name.lower()
        if name in _RAW:
            if slash:
                if name in raw:
                    del raw[len(raw) - 1 - raw[::-1].index(name):]
            elif not edge.endswith("/>"):
                raw.append(name)
        elif name in _HEADINGS and not edge.endswith("/>"):
            headings = max(0, headings - 1) if slash else headings + 1
    if not out:
        return source
    out.append(source[copied:])
    return "".join(out)


@lru_cache(maxsize=16384)  # a card or a line of facts stands on many pages
def _typeset_piece(piece: str, spaces: bool, hyphens: bool) -> str:
    """Text and inline tags between two edges, one line of text (with a ``_TRIGGER`` or maybe a short word when
    not ``hyphens``)."""
    if not hyphens:
        text = _ANY_TAG.sub("", piece) if "<" in piece else piece
        text = html.unescape(text) if "&" in text else text
        if not _ANY_CANDIDATE.search(text) and not _may_bind_a_short_word(text):
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
    for start, end in _short_word_spaces(joined):
        found[start] = end
    if not found:
        return
    matches = sorted(found.items())  # spaces, apart and in order: each node looks only at its own
    index = start = 0
    for position, text in runs:
        end = start + len(text)
        while index < len(matches) and matches[index][1] <= start:
            index += 1
        pieces, last, at = [], start, index
        while at < len(matches) and matches[at][0] < end:
            first, stop = matches[at]
            pieces += [joined[last:max(first, start)], NBSP if first >= start else ""]
            last = min(stop, end)
            at += 1
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
