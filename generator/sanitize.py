"""The last guard on editors' text: the HTML of generated pages keeps only safe tags and attributes.

Markdown fields are cleaned before rendering (``markdown_text``), but Markdown itself
can still make a ``javascript:`` link (reference links, entities) or an event handler
(``{: onclick=… }``). The rendered HTML of every page made from editors' files is
therefore passed through ammonia (nh3) with the tags our templates use.
"""

from __future__ import annotations

import nh3

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "details", "div", "dl", "dt", "em", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "mark", "nav", "ol", "p", "pre", "s",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
}
_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "aria-label", "aria-hidden", "role"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
}


def sanitize_html(html: str) -> str:
    """Drop scripts, event handlers, unknown tags and links other than web, mail and relative ones."""
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel=None, strip_comments=True)
