"""Editors' Markdown fields rendered to HTML once, with the site's Markdown settings, and kept by content.

A generated page carries a rendered field as an HTML block, which Markdown passes through without parsing
it again. The HTML of a field depends only on its text and the Markdown settings, so it is kept in memory
by both: `mkdocs serve` renders again only the fields an edit changed.

A field stays Markdown in the page when rendering it apart would change it: a heading belongs to the page's
table of contents, and a relative link or image is resolved by MkDocs from the page's address.

With a cache folder (the plugin gives the project's git-ignored ``.cache/omo/``) the rendered fields are also
kept on disk between builds, in a file named after the Markdown settings and the versions of Python-Markdown
and of this package, each field under the hash of its text. A page's HTML is sanitized after it is put
together, so even a tampered cache file cannot bring a script into the site.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import markdown

from .skeleton import Skeletons

# A heading line (ATX or setext underline), or a link, image or reference whose address is not absolute.
_PAGE_BOUND = re.compile(
    r"^ {0,3}(?:#{1,6}(?:[ \t]|$)|=+[ \t]*$|-+[ \t]*$)"
    r"|\]\(\s*<?(?![a-z][a-z0-9+.-]*:|#)"
    r"|^ {0,3}\[[^\]\n]+\]:[ \t]*<?(?![a-z][a-z0-9+.-]*:|#)",
    re.MULTILINE | re.IGNORECASE,
)

_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def without_addresses(settings: str) -> str:
    """Settings as text for a cache key: a function's address (`<function f at 0x7f…>`, as in the slugify of
    the toc settings) differs in every process and is not a setting."""
    return _ADDRESS.sub("", settings)


class FieldRenderer:
    """Sanitized Markdown fields -> HTML with one set of Markdown settings, kept by the hash of the text."""

    def __init__(self, extensions: Sequence[Any], configs: Mapping[str, Any], key: str = ""):
        self._markdown = markdown.Markdown(extensions=list(extensions), extension_configs=dict(configs))
        self._skeletons = Skeletons.of(list(extensions), dict(configs))  # plain paragraphs need no Markdown
        self._key = key
        self._html: dict[str, str] = {}
        self._file: Path | None = None
        self._new = 0  # fields rendered since the cache file was read or written

    def html(self, text: str) -> str:
        """The field's HTML, wherever it stands."""
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        html = self._html.get(digest)
        if html is None:
            # Raw HTML in a field is Markdown's to pass on (a skeleton's only HTML is the pages' placeholders).
            plain = self._skeletons.convert(text) if self._skeletons is not None and "<" not in text else None
            html = plain.html if plain is not None else self._markdown.reset().convert(text)
            self._html[digest] = html
            self._new += 1
        return html

    def use_folder(self, folder: Path) -> None:
        """Keep the rendered fields in ``folder`` too, and start from what an earlier build left there."""
        file = folder / fields_file_name(self._key)
        if file == self._file:
            return
        self._file = file
        self._html.update(self._stored())

    def _stored(self) -> dict[str, str]:
        """What the cache file holds; nothing if there is none yet or it is broken (it is written anew)."""
        try:
            stored = json.loads(self._file.read_text(encoding="utf-8")) if self._file is not None else None
        except (OSError, ValueError):
            return {}
        if not isinstance(stored, dict):
            return {}
        return {key: value for key, value in stored.items() if isinstance(key, str) and isinstance(value, str)}

    def forget(self) -> None:
        """Let the rendered fields go from memory (what is on disk stays)."""
        self._html = {}
        self._file = None

    def save(self) -> None:
        """Write the cache file when fields were rendered since it was read (atomically: a build that stops
        half-way leaves the old file)."""
        if self._file is None or not self._new:
            return
        self._file.parent.mkdir(parents=True, exist_ok=True)
        self._html = {**self._stored(), **self._html}  # and what another process of the build saved meanwhile
        handle, temporary = tempfile.mkstemp(dir=self._file.parent, prefix=".fields-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(self._html, out, ensure_ascii=False)
        os.replace(temporary, self._file)
        self._new = 0

    def block(self, text: str) -> str | None:
        """The field's HTML as a block of a Markdown page, or None where the page must render it."""
        return None if page_bound(text) else self.html(text)


def page_bound(text: str) -> bool:
    """Whether a field has a heading (the page's contents) or a relative address (resolved from the page)."""
    return _PAGE_BOUND.search(text) is not None


_renderers: dict[str, FieldRenderer] = {}  # by settings: one per process, kept across `mkdocs serve` rebuilds


def fields_file_name(key: str) -> str:
    """The file in `.cache/omo/` of fields rendered with the settings ``key`` (``settings_key``)."""
    return f"fields-{key[:24]}.json"


def settings_key(extensions: Sequence[Any], configs: Mapping[str, Any]) -> str:
    """What the HTML made of Markdown depends on besides the text: these settings, the packages' versions and
    this package's own code (a fix to sanitizing or typography makes every kept page anew)."""
    settings = repr((list(extensions), sorted(dict(configs).items(), key=str), markdown.__version__, _VERSION,
                     code_digest()))
    return hashlib.sha256(without_addresses(settings).encode()).hexdigest()


def field_renderer(extensions: Sequence[Any], configs: Mapping[str, Any]) -> FieldRenderer:
    """The renderer for these Markdown settings (MkDocs' ``markdown_extensions`` and ``mdx_configs``)."""
    key = settings_key(extensions, configs)
    if key not in _renderers:
        _renderers[key] = FieldRenderer(extensions, configs, key)
    return _renderers[key]


@lru_cache(maxsize=1)
def code_digest() -> str:
    """This package's files (code, page templates, assets) as one digest: an editable install keeps its version
    number while its code changes."""
    package = Path(__file__).resolve().parent.parent  # the whole generator package, every layer
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def cache_stem(src_uri: str) -> str:
    """The name, without its suffix, of a page's files in `.cache/omo/` (page_cache.py, source_memo.py)."""
    return hashlib.sha256(src_uri.encode()).hexdigest()[:32]


def installed_versions(*packages: str) -> str:
    """The installed versions of ``packages`` (``-`` for one that is not installed), for a cache key."""
    versions = []
    for package in packages:
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} -")
    return ", ".join(versions)


# This package's version and that of the extensions' package other than Python-Markdown's own.
_VERSION = installed_versions("omo-site", "pymdown-extensions", "nh3")
