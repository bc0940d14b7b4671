"""The whole core in one call: read, check, model. Used by the plugin and the command line."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .load import load_content
from .site import Site, build_site


def load_site(project: Path, data: Path, docs: Path) -> Site:
    """Read and check everything; raises ``ContentError`` listing every problem."""
    with collector_paused():
        content = load_content(project, data, docs)
        return build_site(content, docs)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused: reading the site and making its pages create millions of objects and
    hardly a cycle, and the collector would walk all of them again and again (at 10,000 entities it took about
    a third of the reading time). What cycles there are go at the next collection after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
