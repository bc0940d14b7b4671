"""Russian word forms in Material's site search (see assets/search_word_forms.js)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

MARKER = b"/* Russian word forms in site search."


def add_word_forms_to_search(site_dir: Path) -> bool:
    """Put the stemming prelude in front of the built search worker; False if there is none."""
    prelude = files("generator").joinpath("assets/search_word_forms.js").read_bytes()
    workers = sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    for worker in workers:
        code = worker.read_bytes()
        if not code.startswith(MARKER):
            worker.write_bytes(prelude + b"\n" + code)
    return bool(workers)
