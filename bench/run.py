"""Benchmark of the site build: a report, not a test (nothing here fails on a slow figure).

    python bench/run.py --scale 1000 [3000 10000] [--repeat 3] [--serve [--dirty]] [--engines] [--profile]
    python bench/run.py --example [--repeat 3] [--serve] [--engines]

For each scale, generates a project (generate.py) or copies the repository's own site, times its builds
and our own code (timing.py), weighs what a reader downloads (weight.py), builds a plain Material project
of the same size (baseline.py) and prints the figures and the targets (report.py). See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

import baseline
import generate
import report
import timing
import weight
from timing import say


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--scale", type=int, nargs="+", default=[1000], metavar="N",
                      help="N of bench/generate.py, one or more (default 1000; 10000 takes minutes)")
    what.add_argument("--example", action="store_true", help="measure the repository's own example site")
    parser.add_argument("--repeat", type=int, default=3, help="builds of each kind; medians are reported")
    parser.add_argument("--serve", action="store_true", help="also measure edit-to-served time of mkdocs serve")
    parser.add_argument("--dirty", action="store_true", help="with --serve: run `mkdocs serve --dirty`, which "
                                                             "renders again only the pages whose text changed")
    parser.add_argument("--engines", action="store_true",
                        help="also time ProperDocs on the project and Zensical on its export, beside MkDocs")
    parser.add_argument("--keep", type=Path, help="write the project here (kept, with its last site in site/)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the plain Material comparison")
    parser.add_argument("--profile", action="store_true",
                        help="also profile one in-process build (cProfile) and print where the time goes")
    args = parser.parse_args(argv)
    if args.repeat < 1 or min(args.scale) < 1:
        parser.error("--repeat and --scale must be at least 1")
    if args.keep and len(args.scale) > 1 and not args.example:
        parser.error("--keep takes one scale")

    print(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, mkdocs {metadata.version('mkdocs')}, "
          f"mkdocs-material {metadata.version('mkdocs-material')}; repeats: {args.repeat}")
    measured: dict[str, dict] = {}
    for scale in [None] if args.example else args.scale:
        label = "example" if scale is None else f"scale-{scale}"
        work = Path(tempfile.mkdtemp(prefix="omo-bench-"))
        try:
            measured[label] = measure(args, scale, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print("\n".join(["", *report.describe(measured[label])]), flush=True)
        report.save_result(label, measured[label])

    print("\nTargets (n/a: not measured in this run)")
    print("\n".join(target.line() for target in report.targets(measured)))
    return 0


def measure(args: argparse.Namespace, scale: int | None, work: Path) -> dict:
    """Every figure of one site: the example (``scale`` None) or a generated one."""
    project = args.keep.resolve() if args.keep else work / "project"
    say(f"Benchmark {'example' if scale is None else f'scale {scale}'}: project in {project}")
    if scale is None:
        stats = generate.copy_example(project)
    else:
        started = time.perf_counter()
        stats = generate.generate(scale, project)
        say(f"  generated in {time.perf_counter() - started:.1f} s: {stats}")
    m: dict = {"title": "Example site of the repository" if scale is None else f"Synthetic site, scale {scale}",
               "stats": stats, "repeat": args.repeat}

    # As on a fresh clone, then as a CI that keeps `.cache/` between runs (the articles of unchanged pages are
    # not made again), then the plain Material site of as many pages (known after our first build): in
    # rounds, each of the three in turn.
    empty = timing.Series("ours-empty-cache", project, empty_cache=True)
    kept = timing.Series("ours-cache-kept", project)
    empty.build(work, 1, args.repeat)
    assert empty.site is not None
    pages = weight.site_stats(empty.site)["html"] - 1  # 404.html: the theme's
    plain = None if args.no_baseline else make_baseline(project, work, pages)
    others = [kept] + ([plain] if plain else [])
    for series in others:
        series.build(work, 1, args.repeat)
    timing.run_rounds([empty, *others], work, args.repeat, first=2)
    m["build"], m["build_kept"] = timing.median_of(empty.results), timing.median_of(kept.results)
    shutil.rmtree(empty.site, ignore_errors=True)
    site = kept.site
    assert site is not None
    m["core"] = timing.our_code(project, args.repeat)

    m["output"] = weight.site_stats(site)
    index_files = [path for path in (site / "pagefind").rglob("*") if path.is_file()]
    m["index"] = {"files": len(index_files), "bytes": sum(path.stat().st_size for path in index_files)}
    practice_ids = sorted(p.stem for p in (project / "data" / "practices").glob("*.yml"))
    m["practice"] = None
    if practice_ids:
        m["practice"] = {**weight.page_weight(site, f"practices/{practice_ids[0]}"),
                         "page": f"practices/{practice_ids[0]}",
                         "html_gzip_all": sorted(weight.gz((site / "practices" / pid / "index.html").read_bytes())
                                                 for pid in practice_ids)}
    say("  page weights …")
    m["largest"] = weight.largest_page(site)
    say("  first search in Chromium …")
    m["search"] = weight.first_search(site)

    if plain is not None:
        m["baseline"] = baseline_figures(plain)
    if args.engines:
        m["engines"] = timing.other_engines(project, work, args.repeat)
    if args.serve and practice_ids:
        m["serve"] = {**timing.measure_serve(project, practice_ids[0], work, dirty=args.dirty), "dirty": args.dirty}
    if args.profile:
        m["profile"] = timing.profile(project, work)
    if args.keep:
        shutil.rmtree(project / "site", ignore_errors=True)
        shutil.move(str(site), project / "site")
        m["kept"] = project
    return m


def make_baseline(project: Path, work: Path, pages: int) -> timing.Series:
    """The plain Material project of ``pages`` Markdown pages."""
    info = baseline.make_baseline(project, work / "baseline", pages)
    say(f"  baseline: {info['pages']} pages of ~{info['words']} words")
    plain = timing.Series("baseline", work / "baseline")
    plain.info = info
    return plain


def baseline_figures(plain: timing.Series) -> dict:
    assert plain.site is not None
    index = plain.site / "search" / "search_index.json"
    data = index.read_bytes() if index.is_file() else b""
    return {**plain.info, **timing.median_of(plain.results), "html": weight.site_stats(plain.site)["html"],
            "index_raw": len(data), "index_gzip": weight.gz(data)}


if __name__ == "__main__":
    sys.exit(main())
