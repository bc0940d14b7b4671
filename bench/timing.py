"""Timing, each measurement in a process of its own (bench/child.py): clean builds with MkDocs, ProperDocs or
Zensical and their peak memory, our own code without MkDocs, one profiled build, and how long an edit takes
to show in `mkdocs serve`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")
MKDOCS = [PYTHON, "-m", "mkdocs"]


class BuildFailed(SystemExit):
    """A build that failed: ends the run with its log's tail, unless the caller has another way."""


def say(text: str) -> None:
    """Progress goes to stderr; the report to stdout."""
    print(text, file=sys.stderr, flush=True)


def child(*args: str, timeout: float = 3600) -> dict:
    completed = subprocess.run([PYTHON, str(BENCH / "child.py"), *args], capture_output=True, text=True, env=ENV,
                               timeout=timeout, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"bench/child.py {' '.join(args[:2])} failed:\n{completed.stderr[-4000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def run_builds(project: Path, work: Path, label: str, repeat: int, engine: list[str] = MKDOCS,
               zensical: bool = False, empty_cache: bool = False) -> tuple[list[dict], Path]:
    """``repeat`` clean builds of ``project``, each in its own process, each into a new site folder; the last
    site is kept. With ``empty_cache`` the project's `.cache/` (articles and fields kept between builds) is
    removed before each build, as on a fresh clone; otherwise each build finds what the one before left, as
    a CI that keeps `.cache/` between runs. Zensical has no site folder option: it builds into
    ``project/site``, emptied first, and is told to drop its cache."""
    series = Series(label, project, engine, zensical, empty_cache)
    for number in range(1, repeat + 1):
        series.build(work, number, repeat)
    assert series.site is not None
    return series.results, series.site


class Series:
    """Builds of one kind (a project, an engine, with or without `.cache/`), one at a time."""

    def __init__(self, label: str, project: Path, engine: list[str] = MKDOCS, zensical: bool = False,
                 empty_cache: bool = False) -> None:
        self.label, self.project, self.engine = label, project, engine
        self.zensical, self.empty_cache = zensical, empty_cache
        self.results: list[dict] = []
        self.site: Path | None = None
        self.info: dict = {}  # what the caller knows of the project (the baseline's page count)

    def build(self, work: Path, number: int, repeat: int) -> None:
        """One clean build; the site of the one before is removed."""
        if self.site is not None:
            shutil.rmtree(self.site, ignore_errors=True)
        if self.empty_cache:
            shutil.rmtree(self.project / ".cache", ignore_errors=True)
        label, project = self.label, self.project
        site = self.site = project / "site" if self.zensical else work / f"{label}-site-{number}"
        log = work / f"{label}-build-{number}.log"
        say(f"  {label}: build {number}/{repeat} …")
        where = ["--clean"] if self.zensical else ["-d", str(site)]
        command = [*self.engine, "build", "-f", str(project / "mkdocs.yml"), *where]
        result = child("build", str(log), *command)
        if result["returncode"] != 0 or not (site / "index.html").is_file():
            tail = log.read_text(encoding="utf-8", errors="replace")[-4000:]
            raise BuildFailed(f"{label}: build of {project} failed (exit {result['returncode']}):\n{tail}")
        say(f"    {result['seconds']:.2f} s")
        self.results.append(result)


def run_rounds(series: list[Series], work: Path, repeat: int, first: int = 1) -> None:
    """Rounds ``first`` to ``repeat`` of one build of each series, in turn: a machine that gets faster or slower
    during the run (a shared one does) weighs on every series alike, and their ratios stay fair."""
    for number in range(first, repeat + 1):
        for one in series:
            one.build(work, number, repeat)


def median_of(builds: list[dict]) -> dict:
    """Median wall time and peak memory (bytes) of a series of builds."""
    return {"times": [b["seconds"] for b in builds], "median": statistics.median(b["seconds"] for b in builds),
            "rss": statistics.median(b["maxrss_kib"] for b in builds) * 1024}


def our_code(project: Path, repeat: int) -> dict:
    """Our code in-process, without MkDocs and imports: medians of load, page generation and feeds."""
    runs = []
    for number in range(1, repeat + 1):
        say(f"  our code in-process {number}/{repeat} …")
        runs.append(child("core", str(project)))
    medians = {key: statistics.median(run[key] for run in runs) for key in ("import", "load", "pages", "feeds")}
    return {**runs[-1], **medians, "total": medians["load"] + medians["pages"] + medians["feeds"]}


def other_engines(project: Path, work: Path, repeat: int) -> dict:
    """ProperDocs on the same project; the export folder (`python -m generator export`) with MkDocs and with
    Zensical, which runs no plugin of ours. An engine that cannot be had is reported, not timed."""
    import engines

    found: dict = {}
    try:
        builds, _ = run_builds(project, work, "properdocs", repeat, engines.properdocs_command())
        found["properdocs"] = median_of(builds)
    except engines.EngineMissing as error:
        found["properdocs"] = {"missing": str(error)}
    export = work / "export"
    say("  export: python -m generator export …")
    exported = subprocess.run([PYTHON, "-m", "generator", "export", str(export), "--project", str(project)],
                              capture_output=True, text=True, env=ENV, stdin=subprocess.DEVNULL, check=False)
    if exported.returncode != 0:
        raise SystemExit(f"export failed:\n{exported.stderr[-4000:]}")
    builds, export_site = run_builds(export, work, "export-mkdocs", repeat)
    found["export_mkdocs"] = {**median_of(builds), "html": _html_pages(export_site)}
    try:
        zensical = engines.zensical_command()
    except engines.EngineMissing as error:
        found["zensical"] = {"missing": str(error)}
        return found
    folder = work / "export-zensical"
    for our_theme in (True, False):  # our theme where Zensical can render it, else Material's templates alone
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(export, folder, ignore=shutil.ignore_patterns("site"))
        engines.for_zensical(folder, our_theme=our_theme)
        try:
            builds, site = run_builds(folder, work, "zensical", repeat, zensical, zensical=True)
        except BuildFailed as error:
            if not our_theme:  # reported beside the other figures: the rest of the run is not lost
                found["zensical"] = {"failed": _last_line(str(error))}
                break
            say("    our theme does not render under Zensical: built without theme/")
            continue
        found["zensical"] = {**median_of(builds), "html": _html_pages(site), "our_theme": our_theme}
        break
    return found


def _last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else text


def _html_pages(site: Path) -> int:
    return sum(1 for path in site.rglob("*.html") if path.relative_to(site).parts[0] != "pagefind")


def profile(project: Path, work: Path) -> dict:
    say("  profile: one in-process build under cProfile …")
    return child("profile", str(project / "mkdocs.yml"), str(work / "profile-site"), "30")


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
        command = [*MKDOCS, "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
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
