"""Benchmark of the site build: a report, not a test (nothing here fails on a slow figure).

    python bench/run.py --scale 1000 [--repeat 3] [--serve] [--keep DIR] [--profile]
    python bench/run.py --example [--repeat 3] [--serve]

Generates a project (bench/generate.py) or copies the repository's own example
site, builds it with `mkdocs build` in subprocesses, times our own code
in-process, measures what the site weighs for a reader, builds a plain
Material project of the same size for comparison and, with --serve, measures
how long an edit takes to show in `mkdocs serve`. See bench/README.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
import generate  # noqa: E402

PYTHON = sys.executable
RESULTS = BENCH / "results"
KB = 1000  # budgets are in kilobytes of 1000 bytes
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")

# Targets (see bench/README.md).
EXAMPLE_BUILD_S = 2.0
SCALE_1000_BUILD_S = 8.0
BASELINE_RATIO = 1.15
SCALE_3000_RATIO = 3.3
OUR_SHARE = 0.10
SERVE_EDIT_S = 2.0
FIRST_SEARCH_BYTES = 200 * KB  # at 1,000 entities (the search issue's target)
PRACTICE_PAGE_BYTES = 150 * KB


# Formatting -------------------------------------------------------------------

def size(n: float) -> str:
    if n >= 10**6:
        return f"{n / 10**6:.2f} MB"
    if n >= KB:
        return f"{n / KB:.1f} KB"
    return f"{int(n)} B"


def secs(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def say(text: str) -> None:
    """Progress goes to stderr; the report to stdout."""
    print(text, file=sys.stderr, flush=True)


# Projects -----------------------------------------------------------------------

def copy_example(out: Path) -> None:
    """The repository's own site, as it is now, copied so that nothing in the repository is touched."""
    generate.prepare_folder(out)
    shutil.copy2(REPO / "mkdocs.yml", out / "mkdocs.yml")
    for folder in ("theme", "data", "content"):
        shutil.copytree(REPO / folder, out / folder)
    (out / generate.MARKER).write_text("example\n", encoding="utf-8")


class Tagged:
    """A YAML value with a tag PyYAML's safe loader does not know (``!!python/…``, ``!ENV``), kept as written."""

    def __init__(self, tag: str, value: Any):
        self.tag, self.value = tag, value


class _KeepLoader(yaml.SafeLoader):
    pass


class _KeepDumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:  # noqa: ARG001
    if isinstance(node, yaml.MappingNode):
        return Tagged(node.tag, loader.construct_mapping(node, deep=True))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(node.tag, loader.construct_sequence(node, deep=True))
    return Tagged(node.tag, loader.construct_scalar(node))


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_KeepLoader.add_multi_constructor("", _construct_tagged)
_KeepDumper.add_representer(Tagged, _represent_tagged)


def _nav_files(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [f for item in nav for f in _nav_files(item)]
    if isinstance(nav, dict):
        return [f for value in nav.values() for f in _nav_files(value)]
    return []


def _remap_nav(nav: Any, targets: list[str]) -> Any:
    """The same nav shape, each page replaced by the next of ``targets``; entries past the end are dropped."""
    if isinstance(nav, str):
        return targets.pop(0) if targets else None
    if isinstance(nav, list):
        items = [_remap_nav(item, targets) for item in nav]
        return [item for item in items if item not in (None, [], {})]
    if isinstance(nav, dict):
        mapped = {key: _remap_nav(value, targets) for key, value in nav.items()}
        mapped = {key: value for key, value in mapped.items() if value not in (None, [])}
        return mapped or None
    return nav


def make_baseline(source: Path, out: Path, pages: int) -> dict:
    """A plain Material project: the same settings without the ``omo`` plugin, ``pages`` Markdown pages of
    ~600 Russian words in folders of 100, the same nav shape (a handful of section pages)."""
    generate.prepare_folder(out)
    settings = yaml.load((source / "mkdocs.yml").read_text(encoding="utf-8-sig"), Loader=_KeepLoader)  # noqa: S506
    settings["plugins"] = [p for p in settings.get("plugins") or []
                           if (p if isinstance(p, str) else next(iter(p))) != "omo"]
    settings["docs_dir"] = "docs"
    custom_dir = (settings.get("theme") or {}).get("custom_dir")
    if custom_dir:
        shutil.copytree(source / custom_dir, out / custom_dir)
    docs = out / "docs"
    rng = random.Random(generate.SEED + 1)
    names = ["index.md"]
    folder_count = (pages - 1 + 99) // 100
    for folder in range(1, folder_count + 1):
        in_folder = min(100, pages - 1 - (folder - 1) * 100)
        names += [f"razdel-{folder:02d}/index.md" if i == 1 else f"razdel-{folder:02d}/stranica-{i:03d}.md"
                  for i in range(1, in_folder + 1)]
    words = 0
    for number, name in enumerate(names):
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = _baseline_page(rng, number)
        words += generate.words_of(text)
        path.write_text(text, encoding="utf-8")
    # Nav: the section pages first (home, then each folder's index), as ours lists section pages.
    order = ["index.md"] + [n for n in names if n.endswith("/index.md")] + [n for n in names[1:]
                                                                           if not n.endswith("/index.md")]
    nav_pages = len(_nav_files(settings.get("nav") or []))
    settings["nav"] = _remap_nav(settings.get("nav") or [], order[:nav_pages])
    (out / "mkdocs.yml").write_text(
        yaml.dump(settings, Dumper=_KeepDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (out / generate.MARKER).write_text("baseline\n", encoding="utf-8")
    return {"pages": len(names), "words": words // max(1, len(names)), "nav_pages": nav_pages}


def _baseline_page(rng: random.Random, number: int) -> str:
    title = rng.choice(generate.MEETING_TOPICS) if number % 3 else \
        rng.choice(generate.TITLE_BY_FORM[rng.choice(generate.FORMS)]).format(rng.choice(generate.PRACTICE_NAMES))
    parts = [f"# {title}"]
    paragraphs = generate.paragraphs(rng, 545, 8)
    for index, paragraph in enumerate(paragraphs):
        if index % 2 == 0 and index:
            parts.append(f"## {rng.choice(generate.PROBLEMS).rstrip('.')}")
        parts.append(paragraph)
        if index == 3:
            parts.append("\n".join(f"- {generate._cap(o)};" for o in rng.sample(generate.OBJECTS, 4)))
    return "\n\n".join(parts) + "\n"


# Measurements -----------------------------------------------------------------------

def child(*args: str, timeout: float = 1800) -> dict:
    completed = subprocess.run([PYTHON, str(BENCH / "child.py"), *args], capture_output=True, text=True, env=ENV,
                               timeout=timeout, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"bench/child.py {' '.join(args)} failed:\n{completed.stderr[-4000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def run_builds(project: Path, work: Path, label: str, repeat: int) -> tuple[list[dict], Path]:
    """``repeat`` clean builds, each into a new site folder, each in its own process; the last site is kept."""
    results, site = [], None
    for number in range(1, repeat + 1):
        if site is not None:
            shutil.rmtree(site, ignore_errors=True)
        site = work / f"{label}-site-{number}"
        log = work / f"{label}-build-{number}.log"
        say(f"  {label}: build {number}/{repeat} …")
        result = child("build", str(project / "mkdocs.yml"), str(site), str(log))
        if result["returncode"] != 0 or not (site / "index.html").is_file():
            tail = log.read_text(encoding="utf-8", errors="replace")[-4000:]
            raise SystemExit(f"mkdocs build of {project} failed (exit {result['returncode']}):\n{tail}")
        say(f"    {result['seconds']:.2f} s")
        results.append(result)
    assert site is not None
    return results, site


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


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, timeout: float) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (127.0.0.1 only)
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def measure_serve(project: Path, practice_id: str, work: Path, edits: int = 3, dirty: bool = False) -> dict:
    """Start `mkdocs serve` (``--dirty`` when asked), change a practice's title ``edits`` times,
    time until the page shows it."""
    port = free_port()
    root = f"http://127.0.0.1:{port}/"
    page_url = f"{root}practices/{practice_id}/"
    practice_file = project / "data" / "practices" / f"{practice_id}.yml"
    original = practice_file.read_text(encoding="utf-8")
    log_path = work / "serve.log"
    times: list[float | None] = []
    with open(log_path, "wb") as log:
        command = [PYTHON, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
        server = subprocess.Popen(command + (["--dirty"] if dirty else []), stdout=log, stderr=subprocess.STDOUT,
                                  env=ENV, cwd=project)
        try:
            say(f"  serve: starting on {root} …")
            started = time.perf_counter()
            deadline = started + 900
            while time.perf_counter() < deadline and server.poll() is None:
                if _get(page_url, timeout=30) is not None:
                    break
                time.sleep(0.2)
            else:
                tail = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
                raise SystemExit(f"mkdocs serve did not start:\n{tail}")
            startup = time.perf_counter() - started
            say(f"    serving after {startup:.1f} s")
            time.sleep(1.0)
            for number in range(1, edits + 1):
                title = f"Замер правки номер {number} {os.getpid()}"
                text = re.sub(r"(?m)^title:.*$", f"title: {title}", original, count=1)
                changed = time.perf_counter()
                practice_file.write_text(text, encoding="utf-8")
                elapsed = None
                while time.perf_counter() - changed < 120:
                    body = _get(page_url, timeout=max(1.0, 120 - (time.perf_counter() - changed)))
                    if body is not None and title in body:
                        elapsed = time.perf_counter() - changed
                        break
                    time.sleep(0.1)
                say(f"    edit {number}: " + (f"{elapsed:.2f} s" if elapsed is not None else "not seen in 120 s"))
                times.append(elapsed)
                time.sleep(1.0)  # let the watcher settle before the next edit
        finally:
            practice_file.write_text(original, encoding="utf-8")
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=20)
    seen = [t for t in times if t is not None]
    return {"startup": startup, "times": times, "median": statistics.median(seen) if len(seen) == len(times) else None}


# Report -----------------------------------------------------------------------------

@dataclass
class Target:
    name: str
    figure: str
    goal: str
    met: bool | None  # None: not measured in this run

    def line(self) -> str:
        mark = {True: "met", False: "NOT MET", None: "n/a"}[self.met]
        return f"  [{mark:^7}] {self.name:<34} {self.figure:<22} target {self.goal}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--scale", type=int, default=1000, help="N of bench/generate.py (default 1000)")
    what.add_argument("--example", action="store_true", help="measure the repository's own example site")
    parser.add_argument("--repeat", type=int, default=3, help="builds of each kind; medians are reported")
    parser.add_argument("--serve", action="store_true", help="also measure edit-to-served time of mkdocs serve")
    parser.add_argument("--dirty", action="store_true", help="with --serve: run `mkdocs serve --dirty`, which "
                                                             "renders again only the pages whose text changed")
    parser.add_argument("--keep", type=Path, help="write the project here (kept, with its last site in site/)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the plain Material comparison")
    parser.add_argument("--profile", action="store_true",
                        help="also profile one in-process build (cProfile) and print where the time goes")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.scale < 1:
        parser.error("--repeat and --scale must be at least 1")

    work = Path(tempfile.mkdtemp(prefix="omo-bench-"))
    try:
        return run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> int:
    label = "example" if args.example else f"scale-{args.scale}"
    project = args.keep.resolve() if args.keep else work / "project"
    say(f"Benchmark {label}: project in {project}")
    if args.example:
        copy_example(project)
        stats = {"practices": len(list((project / "data" / "practices").glob("*.yml"))),
                 "stories": len(list((project / "content" / "stories").glob("*.md"))),
                 "meetings": len(list((project / "data" / "meetings").glob("*.yml"))),
                 "directives": len(list((project / "data" / "directives").glob("*.yml")))}
    else:
        started = time.perf_counter()
        stats = generate.generate(args.scale, project)
        say(f"  generated in {time.perf_counter() - started:.1f} s: {stats}")

    builds, site = run_builds(project, work, "ours", args.repeat)
    build_times = [b["seconds"] for b in builds]
    build_median = statistics.median(build_times)
    rss_median = statistics.median(b["maxrss_kib"] for b in builds) * 1024

    cores = []
    for number in range(1, args.repeat + 1):
        say(f"  our code in-process {number}/{args.repeat} …")
        cores.append(child("core", str(project)))
    core = {key: statistics.median(c[key] for c in cores) for key in ("import", "load", "pages", "feeds")}
    core_total = core["load"] + core["pages"] + core["feeds"]

    output = site_stats(site)
    index_files = [path for path in (site / "pagefind").rglob("*") if path.is_file()]
    index_bytes = sum(path.stat().st_size for path in index_files)
    practice_ids = sorted(p.stem for p in (project / "data" / "practices").glob("*.yml"))
    practice = page_weight(site, f"practices/{practice_ids[0]}") if practice_ids else None
    practice_html_gz = sorted(gz((site / "practices" / pid / "index.html").read_bytes()) for pid in practice_ids)
    search = first_search(site)

    baseline = None
    if not args.no_baseline:
        info = make_baseline(project, work / "baseline", output["html"] - 1)  # 404.html comes from the theme
        say(f"  baseline: {info['pages']} pages of ~{info['words']} words")
        base_builds, base_site = run_builds(work / "baseline", work, "baseline", args.repeat)
        base_times = [b["seconds"] for b in base_builds]
        base_index = base_site / "search" / "search_index.json"
        base_index_bytes = base_index.read_bytes() if base_index.is_file() else b""
        baseline = {**info, "times": base_times, "median": statistics.median(base_times),
                    "html": site_stats(base_site)["html"], "index_raw": len(base_index_bytes),
                    "index_gzip": gz(base_index_bytes),
                    "rss": statistics.median(b["maxrss_kib"] for b in base_builds) * 1024}

    serve = (measure_serve(project, practice_ids[0], work, dirty=args.dirty)
             if args.serve and practice_ids else None)

    profiled = None
    if args.profile:
        say("  profile: one in-process build under cProfile …")
        profiled = child("profile", str(project / "mkdocs.yml"), str(work / "profile-site"), "30")

    if args.keep:
        target_site = project / "site"
        shutil.rmtree(target_site, ignore_errors=True)
        shutil.move(str(site), target_site)

    # Report ----------------------------------------------------------------
    out: list[str] = []
    p = out.append
    title = ("Example site of the repository" if args.example else
             f"Synthetic site, scale {args.scale}")
    p(f"== OMO site benchmark: {title} ==")
    p(f"content: {stats.get('practices')} practices, {stats.get('stories')} stories, {stats.get('meetings')} "
      f"meetings, {stats.get('directives')} resolutions, {stats.get('reports', 0)} district reports")
    p(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, mkdocs {metadata.version('mkdocs')}, "
      f"mkdocs-material {metadata.version('mkdocs-material')}; repeats: {args.repeat}")
    if args.keep:
        p(f"project kept in {project} (site in {project / 'site'})")
    p("")
    p("Build")
    p(f"  mkdocs build, clean, own process (median) {build_median:8.2f} s   runs: {secs(build_times)}")
    p(f"  peak memory of the build (max RSS)        {rss_median / 2**20:8.0f} MiB")
    p("Our code, in-process (median; imports excluded)")
    p(f"  load + validate   load_site()             {core['load']:8.2f} s")
    p(f"  page generation   generate_pages()        {core['pages']:8.2f} s   {cores[-1]['page_count']} pages, "
      f"{size(cores[-1]['markdown_bytes'])} of Markdown")
    p(f"  feeds             feed_files()            {core['feeds']:8.2f} s   {cores[-1]['feed_count']} files, "
      f"{size(cores[-1]['feed_bytes'])}")
    p(f"  total                                     {core_total:8.2f} s   = {core_total / build_median:.1%} of the "
      "build median")
    p(f"  (import of the generator package          {core['import']:8.2f} s, not counted above)")
    p("Output")
    p(f"  HTML pages                                {output['html']:8d}")
    p(f"  files written                             {output['files']:8d}")
    p(f"  bytes written                             {size(output['bytes']):>11}")
    p("Search index (pagefind/: what the site stores; a query downloads only its chunks)")
    p(f"  files                                     {len(index_files):8d}")
    p(f"  bytes                                     {size(index_bytes):>11}")
    if practice:
        p(f"A practice page before any search (gzip -6 each), practices/{practice_ids[0]}/")
        for name, raw, packed in practice["parts"]:
            p(f"  {name:<58} {size(raw):>10} raw  {size(packed):>10} gzip")
        p(f"  {'total':<58} {size(practice['raw']):>10} raw  {size(practice['gzip']):>10} gzip")
        if practice["external"]:
            p(f"  (other sites, not counted: {', '.join(practice['external'])})")
        p(f"  HTML alone, all {len(practice_html_gz)} practice pages: median "
          f"{size(statistics.median(practice_html_gz))}, largest {size(practice_html_gz[-1])} gzip")
    p(f"First search ({search['how']}; on the wire: gzip -6, index files as stored)")
    for name, raw, packed in search["parts"]:
        p(f"  {name:<58} {size(raw):>10} raw  {size(packed):>10} gzip")
    p(f"  {'total':<58} {size(search['raw']):>10} raw  {size(search['gzip']):>10} gzip")
    if baseline:
        ratio = build_median / baseline["median"]
        p(f"Baseline: plain Material, {baseline['pages']} Markdown pages x ~{baseline['words']} words, folders of 100, "
          f"{baseline['nav_pages']} pages in nav")
        p(f"  mkdocs build (median)                     {baseline['median']:8.2f} s   runs: "
          f"{secs(baseline['times'])}; {baseline['html']} HTML pages; max RSS {baseline['rss'] / 2**20:.0f} MiB")
        p(f"  search index                              {size(baseline['index_raw']):>11} raw, "
          f"{size(baseline['index_gzip'])} gzip")
        p(f"  ours / baseline                           {ratio:8.2f} x")
    if serve:
        p(f"mkdocs serve{' --dirty' if args.dirty else ''}: edit a practice title -> new title served")
        times = ", ".join("timeout" if t is None else f"{t:.2f}" for t in serve["times"])
        median = "n/a (a run timed out)" if serve["median"] is None else f"{serve['median']:.2f} s"
        p(f"  first served after start                  {serve['startup']:8.1f} s")
        p(f"  edit -> served (median of {len(serve['times'])})              {median:>11}   runs: {times}")
    if profiled:
        p(f"Profile: one in-process build under cProfile ({profiled['seconds']:.1f} s with profiling overhead)")
        p("  self time by package (C functions counted for their caller):")
        total = sum(t for _, t in profiled["self_by_package"]) or 1
        for name, seconds in profiled["self_by_package"][:14]:
            p(f"    {name:<28} {seconds:7.2f} s  {seconds / total:6.1%}")
        p("  top functions by cumulative time:")
        p(_short_profile(profiled["cumulative"]))

    targets = [
        Target("example site build", f"{build_median:.2f} s" if args.example else "-", f"<= {EXAMPLE_BUILD_S:g} s",
               build_median <= EXAMPLE_BUILD_S if args.example else None),
        Target("1,000 entities build", f"{build_median:.2f} s" if label == "scale-1000" else "-",
               f"<= {SCALE_1000_BUILD_S:g} s", build_median <= SCALE_1000_BUILD_S if label == "scale-1000" else None),
    ]
    ratio = build_median / baseline["median"] if baseline else None
    targets.append(Target("1,000 entities vs baseline",
                          f"{ratio:.2f} x" if ratio and label == "scale-1000" else "-", f"<= {BASELINE_RATIO:g} x",
                          ratio <= BASELINE_RATIO if ratio and label == "scale-1000" else None))
    previous = _load_result("scale-1000")
    if label == "scale-3000" and previous:
        growth = build_median / previous["build_median"]
        targets.append(Target("3,000 vs 1,000 build", f"{growth:.2f} x", f"<= {SCALE_3000_RATIO:g} x",
                              growth <= SCALE_3000_RATIO))
    else:
        hint = "-" if label != "scale-3000" else "run --scale 1000 first"
        targets.append(Target("3,000 vs 1,000 build", hint, f"<= {SCALE_3000_RATIO:g} x", None))
    share = core_total / build_median
    targets += [
        Target("our code share of the build", f"{share:.1%}", f"<= {OUR_SHARE:.0%}", share <= OUR_SHARE),
        Target("serve: edit -> served", f"{serve['median']:.2f} s" if serve and serve["median"] is not None else
               ("timeout" if serve else "-"), f"<= {SERVE_EDIT_S:g} s",
               (serve["median"] is not None and serve["median"] <= SERVE_EDIT_S) if serve else None),
        Target("first search download", size(search["gzip"]), f"<= {size(FIRST_SEARCH_BYTES)}",
               search["gzip"] <= FIRST_SEARCH_BYTES),
        Target("practice page download", size(practice["gzip"]) if practice else "-",
               f"<= {size(PRACTICE_PAGE_BYTES)}", practice["gzip"] <= PRACTICE_PAGE_BYTES if practice else None),
    ]
    p("")
    p("Targets (n/a: not measured in this run)")
    out.extend(t.line() for t in targets)
    print("\n".join(out))

    _save_result(label, {"build_median": build_median, "build_times": build_times, "core": core,
                         "share": share, "html": output["html"], "files": output["files"], "bytes": output["bytes"],
                         "search_gzip": search["gzip"], "search_ms": search["ms"],
                         "search_warm_ms": search["warm_ms"],
                         "practice_gzip": practice["gzip"] if practice else None,
                         "baseline_median": baseline["median"] if baseline else None,
                         "serve_median": serve["median"] if serve else None, "rss": rss_median})
    return 0


def _short_profile(text: str) -> str:
    """pstats output without its header and with short file names."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    body = "\n".join("    " + line.strip() for line in lines[start:] if line.strip())
    return re.sub(r"\S*/(?:site-packages|lib/python3\.\d+)/", "", body).replace(str(REPO) + "/", "")


def _load_result(label: str) -> dict | None:
    path = RESULTS / f"{label}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _save_result(label: str, data: dict) -> None:
    """The figures of the last run of each kind (bench/results/, not committed): the 3,000 target needs 1,000's."""
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{label}.json").write_text(json.dumps(data, indent=2), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
