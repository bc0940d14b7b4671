"""Where a project keeps its content, read from ``mkdocs.yml`` without MkDocs itself."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, leaving Python-specific tags (``!!python/name:…``) as nothing."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class ProjectPaths:
    root: Path
    docs: Path
    data: Path


def project_paths(root: Path) -> ProjectPaths:
    """Folders of the project whose ``mkdocs.yml`` is in ``root`` (defaults when it is absent)."""
    settings: dict[str, Any] = {}
    config_file = root / "mkdocs.yml"
    if config_file.is_file():
        loaded = yaml.load(config_file.read_text(encoding="utf-8-sig"), Loader=_LenientLoader)  # noqa: S506
        settings = loaded if isinstance(loaded, dict) else {}
    data_dir = "data"
    for plugin in settings.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("omo"), dict):
            data_dir = plugin["omo"].get("data_dir", data_dir)
    return ProjectPaths(root, root / str(settings.get("docs_dir") or "docs"), root / data_dir)
