"""Autoescaping for the theme: every value reaches the HTML escaped for where it lands.

MkDocs renders Material's templates with autoescape off, so a page title or a
description from an editor's file would be printed as HTML, also inside
attributes (``<meta content="…">``). Here autoescape is switched on, and the
few values that already are HTML made by the build (the article, headings
taken from it and its table of contents) are marked as such. Everything else
(front matter, ``config.extra``, partners) is escaped by Jinja, including
after ``striptags``, which then can no longer turn entities back into tags.
"""

from __future__ import annotations

from typing import Any

import jinja2
import jinja2.bccache
from markupsafe import Markup


def escape_theme_output(env: jinja2.Environment) -> jinja2.Environment:
    env.autoescape = True  # MkDocs makes a new environment for each build, before any template is loaded
    env.bytecode_cache = COMPILED_TEMPLATES  # compiled as escaping templates: only for escaping environments
    return env


# A heading's text as Markdown renders it keeps `"` and `'` as they are (and a `<` or `>` that was not part of a
# tag): harmless between tags, but a title also lands in attributes (``<meta property="og:title" content="…">``).
_RAW_IN_TEXT = str.maketrans({'"': "&#34;", "'": "&#39;", "<": "&lt;", ">": "&gt;"})


def mark_rendered_html(page: Any) -> None:
    """Headings rendered by Markdown are HTML text (entities kept, tags stripped): the title taken from one and
    the table of contents are marked so that autoescape does not escape them twice, with every character that
    could end an attribute or open a tag made an entity, so that they are safe in text and attributes alike.
    Marking twice changes nothing (kept pages are marked again when they come back from the cache)."""
    if "title" not in page.meta and isinstance(getattr(page, "_title_from_render", None), str):
        page._title_from_render = rendered_text(page._title_from_render)
    _mark_toc(page.toc)


def rendered_text(text: str) -> Markup:
    return Markup(str(text).translate(_RAW_IN_TEXT))


def _mark_toc(items: Any) -> None:
    for item in items:
        item.title = rendered_text(item.title)
        _mark_toc(item.children)


class _CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once per process: MkDocs makes a new environment for every build of
    `mkdocs serve`, and compiling Material's templates again costs more than a changed page. Kept by
    template and source checksum; every environment it serves escapes (``escape_theme_output``)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}
        self._kept: jinja2.BytecodeCache | None = None

    def keep_in(self, kept: jinja2.BytecodeCache | None) -> None:
        """Also keep them in ``kept`` between processes and builds (template_cache.py), or not (None)."""
        self._kept = kept

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)
        elif self._kept is not None:
            self._kept.load_bytecode(bucket)  # a kept file that does not fit leaves the bucket empty: compiled anew

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
        if self._kept is not None:
            self._kept.dump_bytecode(bucket)


COMPILED_TEMPLATES = _CompiledTemplates()
