"""Generated pages' articles kept between builds: Markdown, sanitizing and typography run once per text.

A generated page's article is made from its Markdown text, its HTML blocks, its address and the site's
Markdown settings: together they are the key. What the article links to must also still be there: an
article with a link that leads nowhere now is made anew, so that MkDocs reports the link as before.
Kept in the project's git-ignored ``.cache/omo/`` as one JSON file per page, overwritten when the page
changes; files of pages the site no longer has are removed after a whole build.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc

# A relative address in an article: not a scheme, not an anchor, not a root path.
_RELATIVE = re.compile(r'\s(?:href|src)="(?![a-zA-Z][a-zA-Z0-9+.-]*:|#|/)([^"#?]*)')


@dataclass(frozen=True)
class Article:
    """What MkDocs and the plugin made of a page's text: the article and what MkDocs knows of it."""

    html: str
    toc: list[dict[str, Any]]  # the table of contents as the Markdown `toc` extension gives it
    anchors: list[str] | None  # ids on the page (links to them are checked)
    links: dict[str, dict[str, str]] | None  # links to anchors of other pages: page -> anchor -> link
    targets: list[str]  # the site addresses the article links to

    def table_of_contents(self) -> TableOfContents:
        return get_toc(self.toc)  # type: ignore[arg-type]


def toc_tokens(toc: Iterable[AnchorLink]) -> list[dict[str, Any]]:
    return [{"level": item.level, "id": item.id, "name": str(item.title), "children": toc_tokens(item.children)}
            for item in toc]


def link_targets(html: str, page_url: str) -> list[str]:
    """The site addresses an article links to, relative addresses resolved from the page's address."""
    folder = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    return sorted({site_path(folder + found) for found in _RELATIVE.findall(html) if found})


def site_path(url: str) -> str:
    """An address in the site in one spelling: ``a/b/../c/`` and ``a/c`` are the same."""
    return posixpath.normpath("/" + url).lstrip("/")


class PageCache:
    def __init__(self, folder: Path, settings: str):
        self._folder = folder / f"pages-{settings[:16]}"

    def key(self, src_uri: str, markdown: str, blocks: bytes | None) -> str:
        digest = hashlib.sha256()
        for part in (src_uri.encode(), markdown.encode(), blocks or b""):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
        return digest.hexdigest()

    def _file(self, src_uri: str) -> Path:
        return self._folder / (hashlib.sha256(src_uri.encode()).hexdigest()[:32] + ".json")

    def get(self, src_uri: str, key: str, addresses: set[str]) -> Article | None:
        """The page's article if it was made from the same text and everything it links to is still there."""
        try:
            stored = json.loads(self._file(src_uri).read_text(encoding="utf-8"))
            if not isinstance(stored, dict) or stored.get("key") != key:
                return None
            article = Article(**stored["article"])
        except (OSError, ValueError, KeyError, TypeError):  # none yet, or broken: the page is made anew
            return None
        return article if all(target in addresses for target in article.targets) else None

    def put(self, src_uri: str, key: str, article: Article) -> None:
        path = self._file(src_uri)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".page-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"key": key, "article": article.__dict__}, out, ensure_ascii=False)
        os.replace(temporary, path)

    def keep_only(self, src_uris: Iterable[str]) -> None:
        """Remove the files of pages the site no longer has."""
        kept = {self._file(src_uri).name for src_uri in src_uris}
        try:
            names = os.listdir(self._folder)
        except OSError:
            return
        for name in names:
            if name not in kept:
                (self._folder / name).unlink(missing_ok=True)
