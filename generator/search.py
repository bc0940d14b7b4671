"""Site search for Russian readers on slow connections (see assets/search_word_forms.js)."""

from __future__ import annotations

import json
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


def compact_search_index(site_dir: Path) -> None:
    """Rewrite the index as UTF-8: Material escapes every Cyrillic letter as six ASCII bytes."""
    index = site_dir / "search" / "search_index.json"
    if index.is_file():
        data = json.loads(index.read_text(encoding="utf-8"))
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
