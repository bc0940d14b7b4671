"""A generated page's Markdown turned into HTML without Python-Markdown, when it is only a skeleton.

Most generated pages (a practice, a story) are headings, a few paragraphs of plain text and the placeholders
of their HTML blocks (pages.py): everything else on them is already HTML. Python-Markdown would spend some
milliseconds a page on parsing that skeleton; here it is written out directly, as Python-Markdown and MkDocs
would write it: the same HTML, ids, permalinks, table of contents, anchors and title.

A page is converted here only when every block of it is of a kind written out exactly (``_kind``) and
the site's Markdown settings are ones this module knows (``Skeletons.of``); any other page goes to Markdown as
before. A test compares both ways on random documents.
"""

from __future__ import annotations

import html
import importlib
import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import markdown
from markdown.extensions.toc import nest_toc_tokens, strip_tags, unescape, unique
from markdown.serializers import _escape_attrib as attribute  # as Python-Markdown writes XHTML (its default)
from markdown.serializers import _escape_cdata as text_of

# Extensions that leave a skeleton as core Markdown writes it: each needs a character a skeleton has not.
_NEUTRAL = {"toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition", "sane_lists"}
_NEUTRAL |= {f"markdown.extensions.{name}" for name in _NEUTRAL}
# Characters that start something in Markdown's inline syntax or in these extensions (links, emphasis, code,
# HTML, entities, escapes, tables, attribute lists), and control characters (Markdown drops or changes some
# before it parses: tabs, carriage returns, its own placeholders' markers).
_SPECIAL = re.compile(r"[\\`*_\[\]!<>&|{}~\x00-\x09\x0b-\x1f\x7f]")
# A line that would open a block other than a paragraph: heading, list, quote, rule, setext underline, code.
_OPENS_BLOCK = re.compile(r"[#>*+=\-\s]|\d+[.)]")
_HEADING = re.compile(r"(#{1,6}) ([^#\s](?:[^#]*[^#\s])?)(?: \{: #([A-Za-z0-9][A-Za-z0-9_-]*) \})?")
_PLACEHOLDER = re.compile(r'<div data-omo-block="\d+"></div>')


@dataclass
class Article:
    """What MkDocs' ``Page.render`` leaves on a page, made without Markdown."""

    html: str
    toc_tokens: list[dict[str, Any]]
    anchors: set[str]
    title: str | None
    permalinks: list[str]

    def render_into(self, page: Any) -> None:
        """Set on ``page`` what the running engine's ``Page.render`` sets (MkDocs, or ProperDocs, its fork)."""
        engine = type(page).__module__.split(".")[0]
        page.content = self.html
        page.toc = importlib.import_module(f"{engine}.structure.toc").get_toc(self.toc_tokens)
        page._title_from_render = self.title
        page.present_anchor_ids = set(self.anchors)
        # MkDocs notes links to anchors unless it logs at DEBUG level; ProperDocs always does.
        if engine != "mkdocs" or logging.getLogger(f"{engine}.structure.pages").getEffectiveLevel() > logging.DEBUG:
            # A skeleton's only links are its headings' permalinks, to anchors on the page itself.
            own: dict[str, str] = {}
            for anchor in self.permalinks:
                own.setdefault(urlsplit(f"#{anchor}").fragment, f"#{anchor}")
            page.links_to_anchors = {page.file: own} if own else {}


class Skeletons:
    """Skeletons -> HTML with one site's table-of-contents settings."""

    def __init__(self, toc: Any, ids: bool):
        self._ids = ids  # whether `{: #id }` after a heading is its id (attr_list)
        self._slugify, self._separator = toc.slugify, toc.sep
        self._top, self._bottom = toc.toc_top, toc.toc_bottom
        permalink = toc.use_permalinks
        if permalink in (False, None):
            self._permalink = None
        else:
            text = "&para;" if permalink is True else text_of(str(permalink))
            title = f' title="{attribute(toc.permalink_title)}"' if toc.permalink_title else ""
            self._permalink = (f'<a class="{attribute(toc.permalink_class)}" href="#', f'"{title}>{text}</a>')

    @classmethod
    def of(cls, extensions: list[Any], configs: dict[str, Any]) -> Skeletons | None:
        """The converter for these Markdown settings, or None where a skeleton may come out differently."""
        if not all(isinstance(name, str) and name in _NEUTRAL for name in extensions):
            return None
        toc = markdown.Markdown(extensions=extensions, extension_configs=configs).treeprocessors["toc"] \
            if any(name.endswith("toc") for name in extensions) else None
        # MkDocs takes a page's title from its first heading without the permalink only of this class; a marker
        # other than «[TOC]» (which a skeleton cannot hold) could be a paragraph of plain text.
        if toc is None or toc.use_anchors or toc.permalink_leading or toc.base_level \
                or toc.permalink_class != "headerlink" or toc.marker not in ("", "[TOC]"):
            return None
        return cls(toc, ids="attr_list" in extensions or "markdown.extensions.attr_list" in extensions)

    def convert(self, text: str) -> Article | None:
        """The page's article, or None when it is more than a skeleton."""
        blocks = [block for block in text.split("\n\n") if block.strip("\n")]
        kinds = [_kind(block.strip("\n"), self._ids) for block in blocks]
        if not blocks or None in kinds:
            return None
        used = {found[3] for kind, found in kinds if kind == "heading" and found[3]}
        parts, tokens, anchors, permalinks = [], [], set(used), []
        for kind, found in kinds:
            if kind == "placeholder":  # Markdown keeps the line break that ends raw HTML
                parts.append(found[0] + "\n")
            elif kind == "paragraph":
                parts.append(f"<p>{found}</p>")
            else:
                level, inner = len(found[1]), found[2]
                name = strip_tags(inner)
                anchor = found[3] or unique(self._slugify(html.unescape(name), self._separator), used)
                anchors.add(anchor)
                if self._top <= level <= self._bottom:
                    tokens.append({"level": level, "id": unescape(anchor), "name": name, "html": inner,
                                   "data-toc-label": ""})
                value = attribute(anchor)
                link = value.join(self._permalink) if self._permalink else ""
                if link:
                    permalinks.append(anchor)
                parts.append(f'<h{level} id="{value}">{inner}{link}</h{level}>')
        first = kinds[0]
        # MkDocs' title from a first <h1>: its text with white space collapsed (a skeleton's heading has no tags).
        title = " ".join(first[1][2].split()) if first[0] == "heading" and len(first[1][1]) == 1 else None
        return Article("\n".join(parts).strip(), nest_toc_tokens(tokens), anchors, title, permalinks)


def _kind(block: str, ids: bool) -> tuple[str, Any] | None:
    """A block of a skeleton: one heading line, one placeholder line, or lines of plain text."""
    if "\n" not in block:
        if (found := _HEADING.fullmatch(block)) and not _SPECIAL.search(found[2]) and (ids or not found[3]):
            return "heading", found
        if found := _PLACEHOLDER.fullmatch(block):
            return "placeholder", found
    lines = block.split("\n")
    if any(not line or line != line.strip() or _OPENS_BLOCK.match(line) for line in lines) or _SPECIAL.search(block):
        return None
    return "paragraph", block


_EMPTY = Article("", [], set(), None, [])


def render_without_markdown(page: Any, markdown: str, skeletons: Skeletons | None = None) -> str:
    """``markdown`` for the page, which MkDocs' ``Page.render`` (called right after the plugins' Markdown
    event) will not give to Python-Markdown when it is empty or a skeleton: its article is made here."""
    article = _EMPTY if not markdown else skeletons.convert(markdown) if skeletons is not None else None
    if article is not None:
        def render(config: Any, files: Any) -> None:  # noqa: ARG001  (called as Page.render is)
            del page.render  # once: a later build of the same page decides anew
            article.render_into(page)

        page.render = render
    return markdown
