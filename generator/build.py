"""The whole core in one call: read, check, model. Used by the plugin and the command line."""

from __future__ import annotations

from pathlib import Path

from .load import load_content
from .site import Site, build_site


def load_site(project: Path, data: Path, docs: Path) -> Site:
    """Read and check everything; raises ``ContentError`` listing every problem."""
    content = load_content(project, data, docs)
    return build_site(content, docs)
