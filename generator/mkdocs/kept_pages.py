"""One build's use of the kept pages (page_cache.py): which generated pages it takes from `.cache/omo/`,
which it keeps for the next build. The plugin asks at each step of a page; this class holds the answers."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .page_cache import Article, PageCache, frame_key, link_targets, site_path, toc_tokens
from .theme_escaping import mark_rendered_html


class KeptPages:
    def __init__(self, cache: PageCache, config: Any, files: Any):
        self.cache = cache
        self.addresses = {site_path(file.url) for file in files}  # what a kept article may link to
        self.frame = frame_key(config, files)  # what the theme prints around every generated page
        self.articles: dict[str, Article] = {}  # pages whose article is kept: Markdown has nothing to do
        self.outputs: dict[str, str] = {}  # pages whose finished HTML is kept: the theme has nothing to do
        self.keys: dict[str, str] = {}  # articles to keep once made
        self.output_keys: dict[str, str] = {}  # finished pages to keep once written
        self.found: dict[str, bool] = {}  # pages looked up in this build (as soon as made, then before Markdown)

    def output_key(self, article_key: str, meta: dict[str, Any]) -> str:
        """A finished page's key: its article, its front matter (title, description: the theme prints them)
        and the frame."""
        front = json.dumps(meta, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256("\0".join((article_key, front, self.frame)).encode()).hexdigest()

    def find(self, src_uri: str, markdown: str, meta: dict[str, Any], blocks: bytes | None) -> bool:
        """Whether the page's article is kept (then ``outputs`` may hold the whole page); else its keys are
        noted for ``keep_article``. Looked up once per build: the page's text does not change in between."""
        if src_uri in self.found:
            return self.found[src_uri]
        key = self.cache.key(src_uri, markdown, blocks)
        article = self.cache.get(src_uri, key, self.addresses)
        output_key = self.output_key(key, meta)
        if article is None:
            self.keys[src_uri] = key
            self.output_keys[src_uri] = output_key
        else:
            self.articles[src_uri] = article
            if (output := self.cache.output(src_uri, output_key)) is not None:
                self.outputs[src_uri] = output
            else:
                self.output_keys[src_uri] = output_key
        self.found[src_uri] = article is not None
        return article is not None

    def article(self, page: Any, files: Any) -> str | None:
        """The kept article, with what MkDocs knew of it (contents, anchors, links to anchors) put back."""
        article = self.articles.pop(page.file.src_uri, None)
        if article is None:
            return None
        page.toc = article.table_of_contents()
        page.present_anchor_ids = set(article.anchors) if article.anchors is not None else None
        if article.links is not None:
            page.links_to_anchors = {target: found for uri, found in article.links.items()
                                     if (target := files.get_file_from_path(uri)) is not None}
        mark_rendered_html(page)
        return article.html

    def keep_article(self, html: str, page: Any) -> None:
        """An article made in this build, kept for the next."""
        if (key := self.keys.pop(page.file.src_uri, None)) is None:
            return
        links, anchors = page.links_to_anchors, page.present_anchor_ids
        self.cache.put(page.file.src_uri, key, Article(
            html=html, toc=toc_tokens(page.toc), anchors=sorted(anchors) if anchors is not None else None,
            links={file.src_uri: dict(on) for file, on in links.items()} if links is not None else None,
            targets=link_targets(html, page.url)))

    def output(self, src_uri: str, made: str) -> str:
        """The page as it is written: the kept one, or ``made``, which is kept for the next build."""
        if (kept := self.outputs.pop(src_uri, None)) is not None:
            return kept
        if (key := self.output_keys.pop(src_uri, None)) is not None:
            self.cache.put_output(src_uri, key, made)
        return made
