"""What the site weighs for a reader: bytes on disk, a page before any search, every page's largest, and the
first search in headless Chromium (its downloads and how long its results take). Sizes are in bytes; a
kilobyte is 1000 bytes; "gzip" is gzip -6, as a web server sends text.
"""

from __future__ import annotations

import gzip
import re
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def site_stats(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    return {"files": len(files), "html": sum(1 for p in files if p.suffix == ".html"),
            "bytes": sum(p.stat().st_size for p in files)}


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "link" and "stylesheet" in values.get("rel", "").lower().split() and values.get("href"):
            self.refs.append(("css", values["href"]))
        elif tag == "script" and values.get("src"):
            self.refs.append(("js", values["src"]))


def page_weight(site: Path, page: str) -> dict:
    """A page's HTML plus the same-site stylesheets and scripts it references, each gzip-compressed."""
    base = "http://site.invalid/"
    html_path = site / page / "index.html"
    html = html_path.read_bytes()
    parts = [(f"{page}/index.html", len(html), gz(html))]
    external = []
    parser = _Refs()
    parser.feed(html.decode("utf-8"))
    seen = set()
    for _, ref in parser.refs:
        url = urljoin(base + page + "/", ref)
        if urlsplit(url).netloc != urlsplit(base).netloc:
            external.append(ref)
            continue
        path = urlsplit(url).path.lstrip("/")
        if path in seen:
            continue
        seen.add(path)
        target = site / path
        data = target.read_bytes() if target.is_file() else b""
        parts.append((path + ("" if target.is_file() else "  (missing!)"), len(data), gz(data)))
    return {"parts": parts, "gzip": sum(p[2] for p in parts), "raw": sum(p[1] for p in parts), "external": external}


_ASSET = re.compile(rb'<link\b[^>]*\brel="?stylesheet"?[^>]*>|<script\b[^>]*\bsrc=[^>]*>')
_ADDRESS = re.compile(rb'\b(?:href|src)="([^"]+)"')


def largest_page(site: Path) -> dict:
    """The heaviest page before any search: each HTML page plus its same-site stylesheets and scripts, gzip.
    The pages share their assets, so each asset is compressed once."""
    asset_sizes: dict[Path, int] = {}
    largest = {"page": None, "gzip": 0, "html_gzip": 0, "pages": 0}
    for html_path in site.rglob("*.html"):
        if html_path.relative_to(site).parts[0] == "pagefind":
            continue
        html = html_path.read_bytes()
        total = html_gzip = gz(html)
        for tag in _ASSET.findall(html):
            address = _ADDRESS.search(tag)
            if not address or b"://" in address.group(1) or address.group(1).startswith(b"//"):
                continue
            path = address.group(1).decode().split("?")[0]
            target = (site / path.lstrip("/") if path.startswith("/") else html_path.parent / path).resolve()
            if target not in asset_sizes:
                asset_sizes[target] = gz(target.read_bytes()) if target.is_file() else 0
            total += asset_sizes[target]
        largest["pages"] += 1
        if total > largest["gzip"]:
            largest.update(page=html_path.relative_to(site).as_posix(), gzip=total, html_gzip=html_gzip)
    return largest


SEARCH_QUERY = "библиотеки"  # a word on most pages: the heaviest ordinary first query
WARM_QUERY = "выставка"  # a second query, once the index is loaded
SEARCH_STATIC = ["pagefind.js", "pagefind-entry.json", "wasm.ru.pagefind"]  # no worker: see search.js


def _wire(data: bytes) -> int:
    """Bytes on the wire: Pagefind's index files are gzipped already, the rest is counted at gzip -6."""
    return len(data) if data.startswith(b"\x1f\x8b") else gz(data)


def first_search(site: Path, query: str = SEARCH_QUERY) -> dict:
    """What the first query downloads from pagefind/, and how long its results take, in headless Chromium.

    Without Chromium, an upper bound from the files: the fixed part, the filters, the largest index chunk and
    the 13 largest fragments (the results the page shows)."""
    bundle = site / "pagefind"
    try:
        paths, ms, warm_ms = _first_search_in_browser(site, query)
        how = (f"Chromium, query «{query}», {ms:.0f} ms to results with the index loading, then «{WARM_QUERY}» "
               f"{warm_ms:.0f} ms")
    except Exception as error:  # no browser here: count from the files
        paths, ms, warm_ms = _first_search_upper_bound(bundle), None, None
        how = f"no browser ({type(error).__name__}): upper bound from the files"
    parts = []
    for rel in paths:
        path = bundle / rel
        data = path.read_bytes() if path.is_file() else b""
        parts.append((f"pagefind/{rel}" + ("" if path.is_file() else "  (missing!)"), len(data), _wire(data)))
    return {"parts": parts, "gzip": sum(p[2] for p in parts), "raw": sum(p[1] for p in parts), "ms": ms,
            "warm_ms": warm_ms, "how": how}


def _first_search_upper_bound(bundle: Path) -> list[str]:
    def largest(pattern: str, count: int) -> list[str]:
        found = sorted(bundle.glob(pattern), key=lambda path: path.stat().st_size, reverse=True)[:count]
        return [path.relative_to(bundle).as_posix() for path in found]

    return [*SEARCH_STATIC, *largest("*.pf_meta", 1), *largest("filter/*", 100), *largest("index/*", 1),
            *largest("fragment/*", 13)]


def _first_search_in_browser(site: Path, query: str) -> tuple[list[str], float, float]:
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from playwright.sync_api import sync_playwright

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            page.goto(base + "practices/")
            page.wait_for_load_state("networkidle")
            field = page.locator("#omo-search-input")
            shown = """q => {
                const root = document.querySelector('[data-omo-pagefind]');
                return !root.hasAttribute('aria-busy') && root.getAttribute('data-query') === q;
            }"""
            # Cold: the field is focused and the query typed at once, so the bundle loads meanwhile.
            field.fill(query)
            start = time.perf_counter()
            page.wait_for_function(shown, arg=query)
            ms = (time.perf_counter() - start) * 1000
            first = list(requested)
            # As a reader searches again: the bundle is loaded; a new word needs its own chunks.
            field.fill(WARM_QUERY)
            start = time.perf_counter()
            page.wait_for_function(shown, arg=WARM_QUERY)
            warm_ms = (time.perf_counter() - start) * 1000
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    prefix = base + "pagefind/"
    paths = list(dict.fromkeys(url[len(prefix):].split("?")[0] for url in first if url.startswith(prefix)))
    if not paths:
        raise RuntimeError("the query downloaded nothing from pagefind/")
    return paths, ms, warm_ms
