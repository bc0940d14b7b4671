"""The report: each measured site's figures, the targets of the project met or not, and the last figures of
each kind of run kept in bench/results/ (not committed) so that growth can be judged against them.

A measurement is a dict made by bench/run.py; a kilobyte is 1000 bytes, a gigabyte 10⁹ bytes.
"""

from __future__ import annotations

import json
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
RESULTS = BENCH / "results"
KB = 1000
GB = 10**9

# Targets (bench/README.md).
EXAMPLE_BUILD_S = 2.0
SCALE_1000_BUILD_S = 8.0
BASELINE_RATIO = 1.00  # at 1,000 and 3,000 entities
GROWTH = {3000: 3.1, 10000: 11.0}  # build time at N over build time at 1,000
PEAK_MEMORY_10000 = 1.5 * GB
OUR_SHARE = 0.10
SERVE_EDIT_S = 2.0  # at 1,000 entities (issue of speed): larger sites print their figure without a target
FIRST_SEARCH_BYTES = {"example": 200 * KB, "scale-1000": 200 * KB, "scale-10000": 300 * KB}
SEARCH_SHOWN_MS = 300  # on the 1,000 site (issue of search): other sites print their figures without a target
TIMED_AT = "scale-1000"  # the site the time targets of serve and search are set for
PAGE_BYTES = 150 * KB  # any page before search, HTML + its CSS and JS, gzip


# Formatting -------------------------------------------------------------------

def size(n: float) -> str:
    if n >= 10**6:
        return f"{n / 10**6:.2f} MB"
    if n >= KB:
        return f"{n / KB:.1f} KB"
    return f"{int(n)} B"


def secs(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def short_scale(label: str) -> str:
    return "example" if label == "example" else f"{int(label.split('-')[1]):,}"


# One site --------------------------------------------------------------------------

def describe(m: dict) -> list[str]:
    """The figures of one measured site."""
    out: list[str] = []
    p = out.append
    stats, build, core = m["stats"], m["build"], m["core"]
    p(f"== {m['title']} ==")
    p(f"content: {stats.get('practices')} practices, {stats.get('stories')} stories, {stats.get('meetings')} "
      f"meetings, {stats.get('directives')} resolutions, {stats.get('reports', 0)} district reports")
    if m.get("kept"):
        p(f"project kept in {m['kept']} (site in {m['kept'] / 'site'})")
    p("Build")
    p(f"  mkdocs build, clean, own process (median) {build['median']:8.2f} s   runs: {secs(build['times'])}"
      "   (empty .cache/, as a fresh clone)")
    if kept := m.get("build_kept"):
        p(f"  the same, .cache/ of the last build kept  {kept['median']:8.2f} s   runs: {secs(kept['times'])}"
          "   (as a CI that keeps .cache/)")
    p(f"  peak memory of the build (max RSS)        {build['rss'] / 2**20:8.0f} MiB")
    p("Our code, in-process (median; imports excluded)")
    p(f"  load + validate   load_site()             {core['load']:8.2f} s")
    p(f"  page generation   generate_pages()        {core['pages']:8.2f} s   {core['page_count']} pages, "
      f"{size(core['markdown_bytes'])} of Markdown")
    p(f"  feeds             feed_files()            {core['feeds']:8.2f} s   {core['feed_count']} files, "
      f"{size(core['feed_bytes'])}")
    p(f"  total                                     {core['total']:8.2f} s   = {core['total'] / build['median']:.1%} "
      "of the build median")
    p(f"  (import of the generator package          {core['import']:8.2f} s, not counted above)")
    output = m["output"]
    p("Output")
    p(f"  HTML pages                                {output['html']:8d}")
    p(f"  files written                             {output['files']:8d}")
    p(f"  bytes written                             {size(output['bytes']):>11}")
    p("Search index (pagefind/: what the site stores; a query downloads only its chunks)")
    p(f"  files                                     {m['index']['files']:8d}")
    p(f"  bytes                                     {size(m['index']['bytes']):>11}")
    practice = m["practice"]
    if practice:
        p(f"A practice page before any search (gzip -6 each), {practice['page']}/")
        _parts(p, practice)
        if practice["external"]:
            p(f"  (other sites, not counted: {', '.join(practice['external'])})")
        sizes = practice["html_gzip_all"]
        p(f"  HTML alone, all {len(sizes)} practice pages: median {size(statistics.median(sizes))}, "
          f"largest {size(sizes[-1])} gzip")
    largest = m["largest"]
    p(f"Largest page before any search, of {largest['pages']} (HTML + its CSS and JS, gzip -6)")
    p(f"  {largest['page']:<58} {size(largest['gzip']):>10} gzip  (HTML {size(largest['html_gzip'])})")
    search = m["search"]
    p(f"First search ({search['how']}; on the wire: gzip -6, index files as stored)")
    _parts(p, search)
    if m.get("baseline"):
        _baseline(p, m["baseline"], build["median"], m["build_kept"]["median"] if m.get("build_kept") else None)
    if m.get("engines"):
        _engines(p, m["engines"], build, m.get("build_kept"))
    if m.get("serve"):
        serve = m["serve"]
        p(f"mkdocs serve{' --dirty' if serve['dirty'] else ''}: edit a practice title -> new title served")
        times = ", ".join("timeout" if t is None else f"{t:.2f}" for t in serve["times"])
        median = "n/a (a run timed out)" if serve["median"] is None else f"{serve['median']:.2f} s"
        p(f"  first served after start                  {serve['startup']:8.1f} s")
        p(f"  edit -> served (median of {len(serve['times'])})              {median:>11}   runs: {times}")
    if m.get("profile"):
        _profile(p, m["profile"])
    return out


def _parts(p, measured: dict) -> None:
    for name, raw, packed in measured["parts"]:
        p(f"  {name:<58} {size(raw):>10} raw  {size(packed):>10} gzip")
    p(f"  {'total':<58} {size(measured['raw']):>10} raw  {size(measured['gzip']):>10} gzip")


def _baseline(p, baseline: dict, ours: float, kept: float | None) -> None:
    p(f"Baseline: plain Material + navigation.prune + its search plugin (lunr), {baseline['pages']} Markdown pages "
      f"x ~{baseline['words']} words, folders of 100, {baseline['nav_pages']} pages in nav")
    p(f"  mkdocs build (median)                     {baseline['median']:8.2f} s   runs: "
      f"{secs(baseline['times'])}; {baseline['html']} HTML pages; max RSS {baseline['rss'] / 2**20:.0f} MiB")
    p(f"  search index (search/search_index.json)   {size(baseline['index_raw']):>11} raw, "
      f"{size(baseline['index_gzip'])} gzip")
    p(f"  ours / baseline                           {ours / baseline['median']:8.2f} x   (empty .cache/)")
    if kept is not None:
        p(f"  ours / baseline, .cache/ kept             {kept / baseline['median']:8.2f} x")


def _engines(p, engines: dict, build: dict, kept: dict | None) -> None:
    """ProperDocs builds the project after our builds, with the `.cache/` they left (ProperDocs and MkDocs share
    it): its time compares with MkDocs' own with `.cache/` kept, not with an empty one."""
    p("Other engines (median, clean builds in their own process)")
    for how, series in (("empty .cache/", build), (".cache/ kept ", kept)):
        if series is not None:
            rss = series["rss"] / 2**20
            p(f"  MkDocs 1.6, the project, {how}    {series['median']:8.2f} s   max RSS {rss:.0f} MiB")
    rows = [("ProperDocs, the project, .cache/ kept", engines["properdocs"]),
            ("MkDocs, the export (no plugin)", engines["export_mkdocs"]),
            ("Zensical, the export", engines["zensical"])]
    for name, found in rows:
        if "missing" in found:
            p(f"  {name:<40}  not timed: {found['missing'].splitlines()[0]}")
            continue
        if "failed" in found:
            p(f"  {name:<40}  failed: {found['failed']}")
            continue
        note = f"   max RSS {found['rss'] / 2**20:.0f} MiB"
        if "html" in found:
            note += f"; {found['html']} HTML pages"
        if found.get("our_theme") is False:
            note += "; without theme/ (MiniJinja cannot render it), Material's templates"
        p(f"  {name:<40}  {found['median']:8.2f} s{note}")


def _profile(p, profiled: dict) -> None:
    p(f"Profile: one in-process build under cProfile ({profiled['seconds']:.1f} s with profiling overhead)")
    p("  self time by package (C functions counted for their caller):")
    total = sum(t for _, t in profiled["self_by_package"]) or 1
    for name, seconds in profiled["self_by_package"][:14]:
        p(f"    {name:<28} {seconds:7.2f} s  {seconds / total:6.1%}")
    p("  top functions by cumulative time:")
    lines = profiled["cumulative"].splitlines()
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    body = "\n".join("    " + line.strip() for line in lines[start:] if line.strip())
    p(re.sub(r"\S*/(?:site-packages|lib/python3\.\d+)/", "", body).replace(str(REPO) + "/", ""))


# Targets ---------------------------------------------------------------------------

@dataclass
class Target:
    name: str
    figure: str
    goal: str
    met: bool | None  # None: not measured in this run

    def line(self) -> str:
        mark = {True: "met", False: "NOT MET", None: "n/a"}[self.met]
        return f"  [{mark:^7}] {self.name:<46} {self.figure:<22} target {self.goal}"


def targets(measured: dict[str, dict]) -> list[Target]:
    """The project's targets for the sites measured in this run; growth against the run's own 1,000 or,
    failing that, the last saved one."""
    found: list[Target] = []
    for label, m in measured.items():
        found += _site_targets(label, m)
    one_k = measured.get("scale-1000") or load_result("scale-1000")
    for scale, limit in GROWTH.items():
        label = f"scale-{scale}"
        if label not in measured:
            continue
        if one_k is None:
            found.append(Target(f"growth {scale:,} / 1,000 build", "run --scale 1000 first", f"<= {limit:g} x", None))
            continue
        growth = measured[label]["build"]["median"] / _build_median(one_k)
        found.append(Target(f"growth {scale:,} / 1,000 build", f"{growth:.2f} x", f"<= {limit:g} x", growth <= limit))
    return found


def _build_median(result: dict) -> float:
    return result["build"]["median"] if "build" in result else result["build_median"]


def _site_targets(label: str, m: dict) -> list[Target]:
    at = f"[{short_scale(label)}]"
    build, search = m["build"]["median"], m["search"]
    found = []
    if label == "example":
        found.append(Target(f"{at} build", f"{build:.2f} s", f"<= {EXAMPLE_BUILD_S:g} s", build <= EXAMPLE_BUILD_S))
    if label == "scale-1000":
        found.append(Target(f"{at} build", f"{build:.2f} s", f"<= {SCALE_1000_BUILD_S:g} s",
                            build <= SCALE_1000_BUILD_S))
    if label in ("scale-1000", "scale-3000"):
        runs = [("empty .cache/", build)]
        if m.get("build_kept"):
            runs.append((".cache/ kept", m["build_kept"]["median"]))
        for how, seconds in runs:
            ratio = seconds / m["baseline"]["median"] if m.get("baseline") else None
            found.append(Target(f"{at} build vs plain Material, {how}", f"{ratio:.2f} x" if ratio else "not measured",
                                f"<= {BASELINE_RATIO:.2f} x", ratio <= BASELINE_RATIO if ratio else None))
    if label == "scale-10000":
        rss = m["build"]["rss"]
        found.append(Target(f"{at} peak memory of the build", f"{rss / GB:.2f} GB", f"<= {PEAK_MEMORY_10000 / GB:g} GB",
                            rss <= PEAK_MEMORY_10000))
    share = m["core"]["total"] / build
    found.append(Target(f"{at} our code share of the build", f"{share:.1%}", f"<= {OUR_SHARE:.0%}", share <= OUR_SHARE))
    if m.get("serve") and label == TIMED_AT:
        median = m["serve"]["median"]
        found.append(Target(f"{at} serve: edit -> served", "timeout" if median is None else f"{median:.2f} s",
                            f"<= {SERVE_EDIT_S:g} s", median is not None and median <= SERVE_EDIT_S))
    largest = m["largest"]["gzip"]
    found.append(Target(f"{at} largest page before search", size(largest), f"<= {size(PAGE_BYTES)}",
                        largest <= PAGE_BYTES))
    if m["practice"]:
        weight = m["practice"]["gzip"]
        found.append(Target(f"{at} practice page download", size(weight), f"<= {size(PAGE_BYTES)}",
                            weight <= PAGE_BYTES))
    if label in FIRST_SEARCH_BYTES:
        budget = FIRST_SEARCH_BYTES[label]
        found.append(Target(f"{at} first search download", size(search["gzip"]), f"<= {size(budget)}",
                            search["gzip"] <= budget))
    timed = (("next query shown", "warm_ms"), ("first query, index loading", "ms")) if label == TIMED_AT else ()
    for name, key in timed:
        ms = search[key]
        found.append(Target(f"{at} search: {name}", "no browser" if ms is None else f"{ms:.0f} ms",
                            f"<= {SEARCH_SHOWN_MS} ms", None if ms is None else ms <= SEARCH_SHOWN_MS))
    return found


# Saved results ----------------------------------------------------------------------

def load_result(label: str) -> dict | None:
    try:
        return json.loads((RESULTS / f"{label}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def save_result(label: str, m: dict) -> None:
    """The figures of the last run of each kind, without the long texts (parts lists, profile)."""
    kept = {key: value for key, value in m.items() if key not in ("profile", "kept", "title")}
    for key in ("practice", "search"):
        if kept.get(key):
            kept[key] = {k: v for k, v in kept[key].items() if k not in ("parts", "html_gzip_all")}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{label}.json").write_text(json.dumps(kept, indent=2, ensure_ascii=False), encoding="utf-8")
