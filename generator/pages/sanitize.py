"""The last guard on editors' text: the HTML of generated pages keeps only safe tags and attributes.

Markdown fields are cleaned before rendering (``markdown_text``), but Markdown itself
can still make a ``javascript:`` link (reference links, entities) or an event handler
(``{: onclick=… }``). The rendered HTML of every page made from editors' files is
therefore passed through ammonia (nh3) with the tags our templates use.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import nh3

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "details", "div", "dl", "dt", "em", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "mark", "nav", "ol", "p", "pre", "s",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
    # Charts drawn at build time (generator/pages/chart.py): shapes, text and fill patterns, nothing that links or runs.
    "svg", "g", "rect", "path", "text", "title", "desc", "defs", "pattern",
}
_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "aria-label", "aria-hidden", "role"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "div": {"tabindex"},  # a table's scroll box, reachable by keyboard
    "svg": {"viewBox", "width", "height", "aria-labelledby", "aria-describedby"},
    "rect": {"x", "y", "width", "height", "fill", "stroke", "stroke-width"},
    "path": {"d", "fill", "stroke", "stroke-width"},
    "text": {"x", "y", "font-size", "font-weight", "fill"},
    "pattern": {"width", "height", "patternUnits"},
}
# Paint in SVG: a colour or a pattern of the same picture, never an address elsewhere.
_PAINT = re.compile(r"#[0-9a-fA-F]{3,8}|none|currentColor|url\(#[A-Za-z][\w-]*\)")
_CHECKED = {"fill": _PAINT, "stroke": _PAINT, "tabindex": re.compile(r"0|-1"),
            "patternUnits": re.compile(r"userSpaceOnUse|objectBoundingBox")}


# Ids the theme's scripts and labels look up: Material's begin with ``__`` (``__config``, ``__search``…), ours are
# listed (a test holds the list to the theme). An element of the article with one of them would be found instead
# of the theme's own: ``#__config`` after the article would give Material another site's address to load pages
# from. Editors' ids (``{: #…}``) may not take them.
THEME_ID_PREFIX = "__"
THEME_IDS = frozenset({"omo-a11y-panel", "omo-search-input", "omo-search-status", "omo-contacts", "omo-partners",
                       "omo-calendar"})


def _theme_id(value: str) -> bool:
    value = value.strip().lower()
    return value.startswith(THEME_ID_PREFIX) or value in THEME_IDS


# Classes Material's scripts and styles act on: `mermaid` makes the page load Mermaid from unpkg.com, and `md-…`
# ones are the theme's own (`md-consent__overlay` covers the whole window: one link over every page). No page
# of ours uses them in the article; editors' classes (`{: .…}`, `class="…"`) may not.
_THEME_CLASS_PREFIX = "md-"
_THEME_CLASSES = frozenset({"mermaid"})


def _editors_classes(value: str) -> str | None:
    kept = [name for name in value.split() if not name.lower().startswith(_THEME_CLASS_PREFIX)
            and name.lower() not in _THEME_CLASSES]
    return " ".join(kept) or None


# A picture's address on another host (a scheme, ``//host``, ``\\host`` a browser reads as ``//host``): every
# reader's browser would ask that host for it and tell it who reads the page. The check names the Markdown forms
# it knows (``markdown_links``); this is the rule for every form Markdown may render.
_ELSEWHERE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:|[/\\]{2}")
# What a browser drops from an address before reading it: spaces and control characters around it, and tabs and
# line breaks anywhere (``" https://…"``, ``"/\t/host"``).
_DROPPED = re.compile(r"^[\x00-\x20]+|[\t\n\r]")


def _attribute_value(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src" and _ELSEWHERE.match(_DROPPED.sub("", html.unescape(value))):
        return None
    if attribute == "id":
        return None if _theme_id(value) else value
    if attribute == "class":
        return _editors_classes(value)
    pattern = _CHECKED.get(attribute)
    return value if pattern is None or pattern.fullmatch(value) else None


# One cleaner for every page: ``nh3.clean`` builds the same rules anew for each call.
_clean: Callable[[str], str] = nh3.Cleaner(tags=_TAGS, attributes=_ATTRIBUTES,
                                           url_schemes={"http", "https", "mailto", "webcal"}, link_rel=None,
                                           strip_comments=True, attribute_filter=_attribute_value,
                                           # Pictures load as the reader scrolls to them: on a slow line the text
                                           # comes first. (One attribute: nh3 writes several set ones in any order,
                                           # and a build must give the same bytes each time.)
                                           set_tag_attribute_values={"img": {"loading": "lazy"}}).clean


def sanitize_html(html: str) -> str:
    """Drop scripts, event handlers, unknown tags, links other than web, mail and relative ones, and ids and
    classes the theme's scripts and styles act on."""
    return _clean(html)
