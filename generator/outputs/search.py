"""Site search: Pagefind indexes the built HTML, so search does not depend on MkDocs or Material internals.

The theme marks what is indexed (theme/main.html): each page's article carries `data-pagefind-body` and a
`section:editors` filter on the editors' guide only (readers' pages are the rest); the 404 page has no
article body and is left out. Pagefind writes a chunked index to `pagefind/` in the site: a query downloads
only the chunks for its words. One Russian index whatever a page's `lang` says: Snowball's Russian stemmer,
ё folded to е, quotes and brackets split words.

During a build each page goes to Pagefind as soon as MkDocs has written it (``SearchIndex.add``): Pagefind
runs as a separate process (``pagefind --service``) and indexes on another core while Python renders the
next pages; ``write`` only waits for the last pages and writes the bundle.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .search_cache import KeptFragments

BUNDLE = "pagefind"
SOFT_HYPHEN = "\u00ad"
LANGUAGE = "ru"
# Page furniture inside the article that is not the page's text. (Leaving out the district pages' short lines
# of older resolutions saves 4 % of Pagefind's memory at 10,000 entities but moves its chunk boundaries so that
# the first search downloads 325 KB instead of 269 KB: they stay in.)
# Words the same on every page of a kind are marked REPEATED there and left out: how to subscribe to the meetings
# calendar (indexed on the list of meetings only), links such as «Добавить в календарь», «Версия для печати»,
# «Все новости», and the names of facts («Организация:», «Форма:», «Дата:»), whose values stay in. A search for
# «календарь», «печать» or «форма» then lists the pages about them, not a thousand meetings or practices, excerpts
# start with the page's own text, and Pagefind holds 4 % less at 10,000 entities.
REPEATED = "omo-repeated"
EXCLUDE = [".headerlink", ".md-content__button", ".md-source-file", ".md-tags", f".{REPEATED}"]
# Pagefind's ready-made interfaces: the site has its own (theme/assets/javascripts/search.js).
UNUSED = ["pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js",
          "wasm.unknown.pagefind"]
IN_FLIGHT = 16  # pages sent to Pagefind and not yet indexed, at most
QUEUED = 500  # pages waiting in the build's process to be sent, at most: the build goes on meanwhile
# Pagefind silent this long while the build waits for it has hung (stopped, not ended): the build stops rather than
# wait for ever. Its longest silence is the writing of the bundle, under a minute at 10,000 entities.
SILENT_AT_MOST = 600.0  # seconds
CONFIG = {"force_language": LANGUAGE, "exclude_selectors": EXCLUDE}  # what every page is indexed with
_MARKER = "data-pagefind-body"  # pages without it are left out by Pagefind anyway: they are not sent
_HTML_TAG = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_TITLE = re.compile(r"<title\b[^>]*>.*?</title>", re.IGNORECASE | re.DOTALL)
# What before the indexed element could still change the index: Pagefind's attributes and the first <h1>,
# which gives a page its title.
_READ_BEFORE_BODY = (b"<h1",)
# The theme's article ends the indexed element (theme/main.html puts it inside Material's <article>): what follows
# (the footer, the scripts, a third of a page) is not indexed, and Pagefind needs it only if it holds one of these.
# (A theme with text of its own after the article, outside any element, or a <title> there, would need the page
# sent whole.)
_READ_AFTER_BODY = (b"<h1", b"<img")
_ATTRIBUTES = b"data-pagefind-"
_NAME_GOES_ON = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789_")  # after "<h1": another tag, as "<h1x"
_ARTICLE_END = "</article>"
# Pagefind's memory allocator (the jemalloc built into its binary reads _RJEM_MALLOC_CONF; a binary without it
# ignores the variable): freed memory goes back to the system at once, one arena serves every thread, and threads
# keep no freed blocks of their own (tcache_max:0; tcache:false saves as much at twice the cost in time). Writing
# the bundle allocates and frees hundreds of megabytes, which would otherwise stay counted against the build: at
# 10,000 entities Pagefind's peak falls from about 1.8 to 1.48 GB (1.53 GB with the threads' blocks kept). It costs
# time (at 10,000 entities Pagefind's work grows from 33 to 43 s of processor time, on the core the build leaves
# it), so it is for large sites only, where memory runs out first.
ALLOCATOR = "narenas:1,dirty_decay_ms:0,muzzy_decay_ms:0,tcache_max:0"
THRIFTY_FROM = 5000  # pages: from here on Pagefind saves memory rather than time


class SearchError(RuntimeError):
    """Pagefind refused a request or stopped."""


def searchable_text(html: str) -> str:
    """The page as Pagefind reads it: soft hyphens that break long words in headings (typography.py)
    are not part of any word."""
    return html.replace(SOFT_HYPHEN, "").replace("&shy;", "")


def essentials(html: str) -> str:
    """The part of a page Pagefind reads: its <html> tag (language), <title> and the element with
    `data-pagefind-body`, up to the end of the article around it. The header and the navigation before it,
    the footer and the scripts after it, most of every page, are left out: Pagefind would parse and drop them.
    A page with anything else Pagefind reads before that element is sent whole, and one with anything it reads
    after the article is sent with its end."""
    body = html.rfind("<", 0, html.find(_MARKER))
    before = html[:body]
    opening = _HTML_TAG.search(before)
    if body < 0 or opening is None or _read_by_pagefind(before, _READ_BEFORE_BODY):
        return html
    title = _TITLE.search(before, opening.end())
    end, closing = html.rfind(_ARTICLE_END) + len(_ARTICLE_END), "</body></html>"
    if end <= body or _read_by_pagefind(html[end:], _READ_AFTER_BODY) or not _closed(html, body, end):
        end, closing = len(html), ""
    return f"{opening.group()}<head>{title.group() if title else ''}</head><body>{html[body:end]}{closing}"


def _read_by_pagefind(html: str, tags: tuple[bytes, ...]) -> bool:
    """Whether ``html`` holds one of Pagefind's attributes or one of ``tags``, in any case, as HTML names go.
    Searched in bytes lowered as ASCII: on every page, in most of its text, a case-blind regular expression took
    six times as long. A letter outside ASCII after a tag's name counts as its end (the page is sent whole)."""
    text = html.encode().lower()
    if _ATTRIBUTES in text:
        return True
    for tag in tags:
        at = text.find(tag)
        while at >= 0:
            after = at + len(tag)
            if after == len(text) or text[after] not in _NAME_GOES_ON:
                return True
            at = text.find(tag, after)
    return False


def _closed(html: str, start: int, end: int) -> bool:
    """Whether the element that opens at ``start`` is closed before ``end`` (its tag closed as often as opened)."""
    tag = re.match(r"<([a-zA-Z][a-zA-Z0-9]*)", html[start:start + 20])
    if tag is None:
        return False
    part = html[start:end].lower()
    name = tag.group(1).lower()
    return len(re.findall(rf"<{name}\b", part)) <= part.count(f"</{name}>")


def page_url(dest_uri: str) -> str:
    """The address Pagefind gives a page written to ``dest_uri`` in the site: ``/practices/x/``."""
    folder, _, name = dest_uri.rpartition("/")
    if name == "index.html":
        return f"/{folder}/" if folder else "/"
    return "/" + dest_uri


def _executable() -> str:
    from pagefind.service import get_executable

    path = get_executable()
    if path is None:
        raise SearchError("не найдена программа Pagefind (пакет pagefind[extended])")
    return os.fspath(path)


class SearchIndex:
    """One Pagefind index, fed page by page; requests are written by a thread of their own, so that
    the build never waits for Pagefind until ``write``."""

    def __init__(self, pages: int = 0, kept: KeptFragments | None = None) -> None:
        """``pages``: about how many pages will come (``THRIFTY_FROM``); ``kept``: fragments of the last
        build (search_cache.py)."""
        thrifty = {"_RJEM_MALLOC_CONF": ALLOCATOR} if pages >= THRIFTY_FROM else {}
        self._process = subprocess.Popen([_executable(), "--service"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                         env={**os.environ, **thrifty})
        self._outbox: queue.SimpleQueue[tuple[bytes, bool] | None] = queue.SimpleQueue()  # (request, a page?)
        # Pages sent and not yet indexed: Pagefind reads every request at once and holds what it has not indexed,
        # so when it falls behind, pages wait here (the build makes the next ones meanwhile: pages kept from the
        # last build come faster than Pagefind takes them), and beyond QUEUED the build waits too.
        self._in_flight = threading.BoundedSemaphore(IN_FLIGHT)
        self._queued = threading.BoundedSemaphore(QUEUED)
        self._replies: dict[int, dict[str, Any]] = {}
        self._arrived = threading.Condition()
        self._next_id = 0
        self._waited: set[int] = set()  # requests other than pages, whose replies someone waits for
        self._failure: str | None = None
        self._heard = time.monotonic()  # when Pagefind last said anything
        self.pages = 0
        self._kept = kept
        threading.Thread(target=self._send_all, daemon=True).start()
        threading.Thread(target=self._read_all, daemon=True).start()
        self._index_id = self._request({"type": "NewIndex", "config": CONFIG})["index_id"]

    def add(self, dest_uri: str, html: str) -> None:
        """A built page (``dest_uri`` as in the site folder, its whole HTML)."""
        if _MARKER not in html:
            return
        waiting = _Waiting()
        while True:  # a stopped Pagefind stops the build at the next page, queue full or not
            if self._failure is not None:
                raise SearchError(f"Pagefind: {self._failure}")
            if self._queued.acquire(timeout=1.0):
                break
            self._notice_silence(waiting)
        self.pages += 1
        url, text = page_url(dest_uri), searchable_text(essentials(html))
        if self._kept is not None:
            self._kept.note(url, text)
        self._send({"type": "AddFile", "index_id": self._index_id, "url": url, "file_path": None,
                    "file_contents": text}, page=True)

    def write(self, site_dir: Path, meanwhile: Callable[[], None] | None = None) -> int:
        """Write the bundle into ``site_dir/pagefind/`` once every page sent is indexed; ends the process.
        ``meanwhile`` runs while Pagefind writes, which the build would otherwise only wait for."""
        bundle = site_dir / BUNDLE
        try:
            # From nothing: a bundle left by an earlier build (`--dirty`, `mkdocs serve`) would keep its fragments.
            shutil.rmtree(bundle, ignore_errors=True)
            if self._kept is not None:
                self._kept.seed(bundle)
            self._write_files(bundle, meanwhile)
            if self._kept is not None and not self._kept.whole(bundle):
                shutil.rmtree(bundle)  # a kept fragment Pagefind did not want: written again, from nothing
                self._kept.forget_seeds()
                self._write_files(bundle)
        finally:
            self.close()
        if self._kept is not None:
            self._kept.keep(bundle)
        for pattern in UNUSED:
            for path in (site_dir / BUNDLE).glob(pattern):
                path.unlink()
        return self.pages

    def _write_files(self, bundle: Path, meanwhile: Callable[[], None] | None = None) -> None:
        written = self._send({"type": "WriteFiles", "index_id": self._index_id,
                              "output_path": os.fspath(bundle.resolve())}, waited=True)
        if meanwhile is not None:
            meanwhile()
        self._wait(written)
        # Pagefind may answer before its last files are on disk, and it stops as soon as its input closes:
        # the process is kept until the bundle is whole.
        _wait_until_written(bundle)

    def close(self) -> None:
        self._outbox.put(None)
        try:
            self._process.wait(timeout=0 if self._failure == _SILENT else 30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def _request(self, payload: dict[str, Any]) -> dict[str, Any]:
        """A request other than a page, and its reply."""
        return self._wait(self._send(payload, waited=True))

    def _send(self, payload: dict[str, Any], waited: bool = False, page: bool = False) -> int:
        self._next_id += 1
        if waited:
            self._waited.add(self._next_id)
        message = {"message_id": self._next_id, "payload": payload}
        # As UTF-8: Russian text written as \uXXXX escapes would be three times as long to encode, send and read.
        self._outbox.put((base64.b64encode(json.dumps(message, ensure_ascii=False).encode("utf-8")) + b",", page))
        return self._next_id

    def _wait(self, message_id: int) -> dict[str, Any]:
        # Pagefind answers in order: when this reply is here, every earlier page is indexed.
        waiting = _Waiting()
        with self._arrived:
            while not self._arrived.wait_for(lambda: message_id in self._replies or self._failure is not None,
                                             timeout=1.0):
                self._notice_silence(waiting)
            reply = self._replies.pop(message_id, None)
        if reply is None or reply.get("type") == "Error":
            raise SearchError(f"Pagefind: {(reply or {}).get('message') or self._failure}")
        return reply

    def _notice_silence(self, waiting: _Waiting) -> None:
        """Called about every second while the build waits for Pagefind: silent for ``SILENT_AT_MOST`` since
        the wait began (or since its last word), it has hung."""
        if waiting.silent_for(self._heard) > SILENT_AT_MOST:
            with self._arrived:
                self._failure = self._failure or _SILENT
                self._arrived.notify_all()

    def _send_all(self) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        while (request := self._outbox.get()) is not None:
            chunk, page = request
            if page and not self._in_flight.acquire(blocking=False):
                try:
                    stdin.flush()  # what Pagefind has not received yet it cannot index and release
                except OSError:
                    return
                while not self._in_flight.acquire(timeout=1.0):
                    if self._failure is not None:
                        return
            try:
                stdin.write(chunk)
                if self._outbox.empty():
                    stdin.flush()
            except OSError:
                return
            finally:
                if page:
                    self._queued.release()
        stdin.close()

    def _read_all(self) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        buffer = b""
        while chunk := stdout.read1(1 << 16):
            self._heard = time.monotonic()
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            for message in messages:
                reply = json.loads(base64.b64decode(message))
                payload = reply.get("payload") or {}
                if payload.get("type") in ("Error", "IndexedFile") and reply.get("message_id") not in self._waited:
                    self._in_flight.release()  # a page, indexed or refused
                if payload.get("type") == "Error":  # a page Pagefind could not read stops the index too
                    with self._arrived:
                        self._failure = self._failure or payload.get("message") or "ошибка"
                        self._arrived.notify_all()
                    continue
                if payload.get("type") == "IndexedFile" and payload.get("page_url"):
                    continue  # a page: only the replies someone waits for are kept
                with self._arrived:
                    self._replies[reply["message_id"]] = payload
                    self._arrived.notify_all()
        with self._arrived:
            self._failure = self._failure or "Pagefind остановился"
            self._arrived.notify_all()


class _Waiting:
    """One wait for Pagefind, as the build's process lived it: a pause of the process itself (Ctrl+Z, a machine
    put to sleep) pauses Pagefind too and is not its silence."""

    PAUSE = 5.0  # seconds between two looks of a wait that looks every second: the process was not running

    def __init__(self) -> None:
        self.since = self.looked = time.monotonic()

    def silent_for(self, heard: float) -> float:
        now = time.monotonic()
        if now - self.looked > self.PAUSE:
            self.since = now  # counted again from the end of the pause
        self.looked = now
        return now - max(heard, self.since)


_SILENT = (f"не отвечает {SILENT_AT_MOST / 60:g} мин и, похоже, завис: индекс поиска не собран; "
           "запустите сборку снова")


def _wait_until_written(bundle: Path, seconds: float = 30.0, settle: float = 0.2) -> None:
    """Until the bundle's entry file (which the browser reads first) is whole and no file of the bundle has
    changed for ``settle`` seconds; a build that cannot see that stops rather than publish a broken search."""
    deadline = time.monotonic() + seconds
    before = None
    while time.monotonic() < deadline:
        now = _snapshot(bundle)
        if now is not None and now == before:
            return
        before = now
        time.sleep(settle)
    raise SearchError("Pagefind не дописал индекс поиска (pagefind-entry.json): сайт не собран, запустите сборку "
                      "снова")


def _snapshot(bundle: Path) -> tuple[tuple[str, int], ...] | None:
    """Names and sizes of the bundle's files, or None while its entry file is missing or cut."""
    try:
        json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        return tuple(sorted((path.relative_to(bundle).as_posix(), path.stat().st_size)
                            for path in bundle.rglob("*") if path.is_file()))
    except (OSError, ValueError):
        return None


# Folders of the site that are not reading matter: the browser editor (admin.py).
NOT_SEARCHED = ("admin",)


def index_site(site_dir: Path, stop: Any = None) -> int:
    """Index a built site folder into `site_dir/pagefind/`; returns the number of pages sent (-1 if ``stop()``
    said, between two pages, that the index is no longer wanted)."""
    def searched(page: Path) -> bool:
        parts = page.relative_to(site_dir).parts
        return BUNDLE not in parts and parts[0] not in NOT_SEARCHED

    pages = [page for page in sorted(site_dir.rglob("*.html")) if searched(page)]
    index = SearchIndex(pages=len(pages))
    try:
        for page in pages:
            if stop is not None and stop():
                index.close()
                return -1
            index.add(page.relative_to(site_dir).as_posix(), page.read_text(encoding="utf-8"))
    except BaseException:
        index.close()
        raise
    return index.write(site_dir)


class DeferredIndex:
    """`mkdocs serve`: the preview is shown first, its search index follows in the background from the site
    folder; a newer build makes an older index unnecessary, and stops one that is being made (it would only
    take the processor from the rebuild)."""

    def __init__(self, warn: Callable[[str], None] | None = None) -> None:
        """``warn``: told why an index that no newer build replaced could not be made."""
        self._generation = 0
        self._running = threading.Lock()
        self._warn = warn

    def start(self, site_dir: Path, delay: float = 3.0) -> None:
        """Index the site folder once no build has followed this one for ``delay`` seconds (an editor
        saving again and again waits for the preview, not for the index)."""
        self._generation += 1
        timer = threading.Timer(delay, self._run, args=(site_dir, self._generation))
        timer.daemon = True
        timer.start()

    def cancel(self) -> None:
        """A rebuild begins: the index of the last build is not wanted any more."""
        self._generation += 1

    def _run(self, site_dir: Path, generation: int) -> None:
        with self._running:
            if generation != self._generation:
                return
            try:
                index_site(site_dir, stop=lambda: generation != self._generation)
            except (OSError, SearchError, ValueError) as error:
                # A newer build changed the folder under the index: it makes a new one. Otherwise the preview
                # is left without search (Pagefind missing, stopped or hung), and the editor is told.
                if generation == self._generation and self._warn is not None and isinstance(error, SearchError):
                    self._warn(str(error))
