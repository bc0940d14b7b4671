"""Same input, same output: remove the build date that MkDocs writes into the sitemap."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

_LASTMOD = re.compile(r"\s*<lastmod>[^<]*</lastmod>")


def make_sitemap_reproducible(site_dir: Path) -> None:
    """Drop ``<lastmod>`` (MkDocs fills it with the build date) and zero the gzip timestamp."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return
    text = _LASTMOD.sub("", sitemap.read_text(encoding="utf-8"))
    sitemap.write_text(text, encoding="utf-8")
    with open(site_dir / "sitemap.xml.gz", "wb") as raw, gzip.GzipFile(
        fileobj=raw, filename="sitemap.xml.gz", mode="wb", mtime=0
    ) as compressed:
        compressed.write(text.encode("utf-8"))
