"""Editors' text inside generated Markdown: plain text escaped, Markdown made safe.

Templates write Markdown, so every value they print is escaped by default
(``finalize``): a title with ``*``, ``<b>`` or ``{{ 7*7 }}`` is shown exactly as
typed. Only values marked safe (``Markup``) go in as they are: sanitized
Markdown fields and addresses made by the generator.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from ..core.markdown_links import code_parts
from .bare_links import bare_links_as_links
from .markdown_lists import lists_as_typed

# Characters that Python-Markdown gives a meaning to anywhere in a line; each escape costs the
# Markdown parser time, so the common ``-`` and ``.`` are escaped only where they start a block.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]])")
_BLOCK_START = re.compile(r"^(?:([#>+-])|(\d+)([.)]))")
# Raw HTML in Markdown fields: only these bare tags stay, everything else is shown as text.
# Every pattern here runs in time linear in the text, whatever an editor pastes: no two ways for a
# quantifier to match the same characters, and no match that may run on to the end from every start.
_SAFE_TAG = re.compile(r"</?(?:br|sup|sub|b|i|em|strong|u|s|mark)\s*/?>", re.IGNORECASE)
# Python-Markdown reads «<mailto:…>» as an address only with «@» in it (its AUTOMAIL pattern); without, as a tag,
# whose «/» separates attributes: <mailto:x/onfocus=…/autofocus>.
_AUTOLINK = re.compile(r"<(?:https?://[^<>\s]+|mailto:[^<>\s!@]+@[^<>\s@/\"']+)>", re.IGNORECASE)
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
# A browser drops tabs and line breaks inside an address: ``java<TAB>script:`` is ``javascript:``.
_SCHEME = "(?:" + "|".join("[\t\n\r]*".join(word) for word in ("javascript", "vbscript", "data")) + ")[\t\n\r]*:"
_UNSAFE_LINK = re.compile(r"\]\(\s*(?:<\s*)?" + _SCHEME + r"(?:[^()]|\([^()]*\))*\)", re.IGNORECASE)
# A reference definition also counts inside a quote or a list item (``> [1]: …``, ``- [1]: …``), with its address
# on the next line too.
_UNSAFE_REFERENCE = re.compile(r"^((?:[ \t]*>|[ \t]*(?:[-*+]|\d+[.)])(?=[ \t]))*[ \t]*\[[^\]\n]+\]:[ \t]*"
                               r"(?:\n[ \t>]*)?)<?[ \t]*" + _SCHEME + r"[^\n]*", re.IGNORECASE | re.MULTILINE)
# A browser decodes character references in an address (``&#106;avascript:``): numeric ones and
# names other than the typographic ones editors type are shown as typed.
_ENTITY = re.compile(r"&(?!(?:nbsp|shy|mdash|ndash|laquo|raquo|bdquo|ldquo|rdquo|hellip|quot|amp|lt|gt|copy|"
                     r"reg|deg|plusmn|times|numero|thinsp|ensp|emsp|minus|middot|bull|sect|para|euro|rarr|larr);)",
                     re.IGNORECASE)


def escape_text(value: str) -> str:
    """Plain text as Markdown that renders to exactly that text, on one line."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(" ".join(value.split()), quote=False))
    # A value may open a line: «# 1», «- …», «1. …» must not become a heading or a list.
    return _BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


def finalize(value: Any) -> Markup:
    """Jinja's hook on every printed value: escape unless marked safe."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    return Markup(escape_text(str(value)))


def markdown_field(value: str | None) -> Markup:
    """A Markdown field of an editor, with raw HTML and script links neutralised."""
    if not value:
        return Markup("")
    # A field stands on several pages (its entry's, lists, cards): made safe once.
    return _safe_field(value) if type(value) is str else _safe_markdown(value)


@lru_cache(maxsize=4096)
def _safe_field(value: str) -> Markup:
    return _safe_markdown(value)


def _safe_markdown(value: str) -> Markup:
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    value = lists_as_typed(value.replace("\x00", "\ufffd"))  # the placeholders' mark cannot come from the editor
    # Code is shown as typed by Markdown itself: leave code blocks and code spans alone.
    pieces: list[str] = []
    end = 0
    for start, stop in code_parts(value):
        kept.append(value[start:stop])
        pieces += [value[end:start], f"\x00{len(kept) - 1}\x00"]
        end = stop
    text = bare_links_as_links("".join(pieces) + value[end:])
    text = _AUTOLINK.sub(keep, _SAFE_TAG.sub(keep, text))
    text = _TAG_START.sub("&lt;", _ENTITY.sub("&amp;", text))
    text = _UNSAFE_LINK.sub("](#)", text)
    text = _UNSAFE_REFERENCE.sub(r"\1#", text)
    text = re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], text)
    return Markup(text.strip())


# For builders without our plugin (the export), which sanitize nothing. An attribute list (`{: onclick=… }`,
# `{: .md-consent__overlay }`) would reach the page as written: every brace becomes a character reference, which
# Markdown shows as a brace. A heading may give the page its title, printed in attributes: its quotes too. Code is
# not spared: what a builder takes for code (a fence with words after it, an escaped backtick) is not ours to guess,
# and a brace or quote in code shown as a reference is harmless.
_BRACE = "&#123;"
_HEADING_LINE = re.compile(r"^(?:[ \t]{0,3}#.*|.*\S.*(?=\n[ \t]*(?:=+|-+)[ \t]*$))$", re.MULTILINE)


def inert_markdown(text: str) -> str:
    """Safe Markdown (``markdown_field``) that stays inert under a builder that sanitizes nothing: no attribute
    lists, no quotes in headings."""
    text = text.replace("{", _BRACE)
    return _HEADING_LINE.sub(lambda line: line[0].replace('"', "&quot;").replace("'", "&#39;"), text)
