"""One measurement in a process of its own; prints one JSON line. Used by bench/run.py.

    python bench/child.py build LOG COMMAND…
        runs a build command (`mkdocs build …`, `properdocs build …`, `zensical build …`) as a subprocess and
        reports its wall time and the peak memory (ru_maxrss of RUSAGE_CHILDREN: this process has exactly
        one child).
    python bench/child.py core PROJECT
        imports the generator package, then times load_site, generate_pages and feed_files.
    python bench/child.py profile CONFIG SITE_DIR TOP
        one in-process build under cProfile: the TOP functions by cumulative time and self time by package.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path


def build(log: str, command: list[str]) -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with open(log, "wb") as out:
        start = time.perf_counter()
        returncode = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, env=env, check=False).returncode
        seconds = time.perf_counter() - start
    # Linux reports ru_maxrss in KiB.
    return {"seconds": seconds, "maxrss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
            "returncode": returncode}


def _site_settings(config: Path) -> dict:
    import yaml

    class Lenient(yaml.SafeLoader):
        pass

    Lenient.add_multi_constructor("", lambda loader, suffix, node: None)
    return yaml.load(config.read_text(encoding="utf-8-sig"), Loader=Lenient) or {}  # noqa: S506


def _page_options(config_file: Path) -> dict:
    """What the plugin gives generate_pages beside the site: where it renders editors' Markdown fields
    itself, a renderer with the site's Markdown settings (as after the plugin's on_config)."""
    try:
        from generator.pages.render_cache import field_renderer
    except ImportError:
        return {}
    from mkdocs.config import load_config

    config = load_config(config_file=str(config_file))
    config = config.plugins.on_config(config)
    return {"render_field": field_renderer(config.markdown_extensions, config.mdx_configs)}


def core(project: str) -> dict:
    start = time.perf_counter()
    from generator.core.build import load_site
    from generator.core.project import project_paths
    from generator.outputs.feeds import feed_files
    from generator.pages.pages import generate_pages

    imported = time.perf_counter()
    root = Path(project).resolve()
    paths = project_paths(root)
    settings = _site_settings(root / "mkdocs.yml")
    options = _page_options(root / "mkdocs.yml")
    begin = time.perf_counter()
    site = load_site(paths.root, paths.data, paths.docs)
    loaded = time.perf_counter()
    pages = generate_pages(site, **options)
    generated = time.perf_counter()
    files = feed_files(site, settings.get("site_url") or "https://example.org/", settings.get("site_name") or "",
                       settings.get("site_description") or "")
    fed = time.perf_counter()
    return {"import": imported - start, "load": loaded - begin, "pages": generated - loaded, "feeds": fed - generated,
            "page_count": len(pages), "markdown_bytes": sum(len(p.markdown.encode()) for p in pages),
            "feed_count": len(files), "feed_bytes": sum(len(f.content) for f in files),
            "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}


def _package(filename: str) -> str:
    """Who owns a profiled function: ``generator``, ``mkdocs``, ``ruamel`` … or ``python`` (standard library)."""
    path = filename.replace("\\", "/")
    if "/site-packages/" in path:
        return path.split("/site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if "/generator/" in path:
        return "generator"
    if path.startswith("<") or path == "~":
        return "builtins"
    return "python"


def profile(config: str, site_dir: str, top: str) -> dict:
    import cProfile
    import io
    import logging
    import pstats

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    cfg = load_config(config_file=config, site_dir=site_dir)
    cfg.plugins.on_startup(command="build", dirty=False)
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    try:
        mkdocs_build(cfg)
    finally:
        profiler.disable()
        cfg.plugins.on_shutdown()
    seconds = time.perf_counter() - start
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("cumulative").print_stats(int(top))
    by_package: dict[str, float] = {}
    for (filename, _, _), (_, _, self_time, _, callers) in stats.stats.items():  # type: ignore[attr-defined]
        owner = _package(filename)
        if owner == "builtins" and callers:
            # Time in C functions (str.join, re.sub …) counts for the package that called them.
            for (caller_file, _, _), caller_stats in callers.items():
                caller = _package(caller_file)
                by_package[caller] = by_package.get(caller, 0.0) + caller_stats[2]
        else:
            by_package[owner] = by_package.get(owner, 0.0) + self_time
    return {"seconds": seconds, "cumulative": stream.getvalue(),
            "self_by_package": sorted(by_package.items(), key=lambda item: -item[1])}


def main(argv: list[str]) -> int:
    if argv[:1] == ["build"] and len(argv) >= 3:
        result = build(argv[1], argv[2:])
    elif argv[:1] == ["core"] and len(argv) == 2:
        result = core(argv[1])
    elif argv[:1] == ["profile"] and len(argv) == 4:
        result = profile(*argv[1:])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
