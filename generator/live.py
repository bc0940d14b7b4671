"""`mkdocs serve` after an edit: only the pages whose text changed are made again.

MkDocs skips a page in a `--dirty` build when its file says it is unchanged; the plugin says so for generated
pages whose Markdown and HTML blocks are the same as in the last build. Here every rebuild of `mkdocs serve`
is such a build, with or without `--dirty`, and nothing stale is left behind:

- a change to what every page shows (`mkdocs.yml`, the theme folder, the navigation, `extra`) makes every page
  again (``site_fingerprint``);
- hand-written pages are always made again: there are few, and their text may come from data (the guide's
  tables);
- a generated page that is gone is removed from the site folder (``remove_pages``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mkdocs.commands import build as build_command
from mkdocs.commands import serve as serve_command

_DIRTY_WARNING = "A 'dirty' build is being performed"


def incremental_rebuilds(server: Any) -> None:
    """Make the server's rebuilds `--dirty` builds (the first, full build has been made already)."""
    rebuild = server.builder
    real_build = build_command.build

    def dirty_build(config: Any, *, serve_url: str | None = None, dirty: bool = False) -> None:  # noqa: ARG001
        real_build(config, serve_url=serve_url, dirty=True)

    def incremental() -> None:
        # MkDocs' serve command builds with the `dirty` it was started with; for this call it builds dirty.
        serve_command.build = dirty_build
        try:
            rebuild()
        finally:
            serve_command.build = real_build

    server.builder = incremental
    logging.getLogger("mkdocs.commands.build").addFilter(_quiet_dirty_warning)


def _quiet_dirty_warning(record: logging.LogRecord) -> bool:
    """MkDocs warns about `--dirty` on every such build: here the plugin keeps the pages right."""
    return not str(record.msg).startswith(_DIRTY_WARNING)


def site_fingerprint(config: Any) -> str:
    """What every page shows besides its own text: settings, navigation and the theme folder's files."""
    digest = hashlib.sha256()
    settings = [config.site_name, config.site_url, config.nav, config.extra, dict(config.theme),
                config.markdown_extensions, config.mdx_configs, config.use_directory_urls]
    digest.update(json.dumps(settings, sort_keys=True, default=repr, ensure_ascii=False).encode())
    for path in [Path(config.config_file_path)] if config.config_file_path else []:
        digest.update(_stamp(path))
    custom = config.theme.custom_dir
    for path in sorted(_files(Path(custom))) if custom else []:
        digest.update(_stamp(path))
    return digest.hexdigest()


def _files(folder: Path) -> Iterable[Path]:
    for current, _, names in os.walk(folder):
        for name in names:
            yield Path(current) / name


def _stamp(path: Path) -> bytes:
    try:
        stat = path.stat()
    except OSError:
        return f"{path}:missing".encode()
    return f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode()


def remove_pages(site_dir: Path, dest_uris: Iterable[str]) -> None:
    """Pages of an earlier build that this build no longer makes."""
    for dest_uri in dest_uris:
        (site_dir / dest_uri).unlink(missing_ok=True)
