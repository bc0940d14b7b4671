"""Publish a new site folder in one step: the previous site stays until the new one is complete."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path


def staging_folder(site_dir: Path) -> Path:
    """Where a build is written before it replaces ``site_dir``: beside it, on the same disk."""
    return site_dir.with_name(f".{site_dir.name}.new")


def replace_folder(new: Path, target: Path) -> None:
    """Put ``new`` in place of ``target`` with two renames; the old folder is removed afterwards."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


class WarningCounter(logging.Handler):
    """Counts warnings, as ``mkdocs build --strict`` does before it aborts."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
