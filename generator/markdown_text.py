"""Editors' text inside generated Markdown: plain text escaped, Markdown made safe.

Templates write Markdown, so every value they print is escaped by default
(``finalize``): a title with ``*``, ``<b>`` or ``{{ 7*7 }}`` is shown exactly as
typed. Only values marked safe (``Markup``) go in as they are: sanitized
Markdown fields and addresses made by the generator.
"""

from __future__ import annotations

import html
import re
from typing import Any

from markupsafe import Markup

# Characters that Python-Markdown gives a meaning to anywhere in a line; each escape costs the
# Markdown parser time, so the common ``-`` and ``.`` are escaped only where they start a block.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]])")
_BLOCK_START = re.compile(r"^(?:([#>+-])|(\d+)([.)]))")
# Raw HTML in Markdown fields: only these bare tags stay, everything else is shown as text.
_SAFE_TAG = re.compile(r"</?(?:br|sup|sub|b|i|em|strong|u|s|mark)\s*/?>", re.IGNORECASE)
_CODE = re.compile(r"^(```|~~~).*?^\1[ \t]*$|(`+)(?!`).+?(?<!`)\2(?!`)", re.DOTALL | re.MULTILINE)
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^>\s]+>", re.IGNORECASE)
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_UNSAFE_LINK = re.compile(r"\]\(\s*<?\s*(?:javascript|vbscript|data):(?:[^()]|\([^()]*\))*\)", re.IGNORECASE)


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
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    # Code is shown as typed by Markdown itself: leave code blocks and code spans alone.
    text = _CODE.sub(keep, value)
    text = _AUTOLINK.sub(keep, _SAFE_TAG.sub(keep, text))
    text = _TAG_START.sub("&lt;", text)
    text = _UNSAFE_LINK.sub("](#)", text)
    text = re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], text)
    return Markup(text.strip())
