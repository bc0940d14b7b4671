"""Site search: Pagefind indexes the built HTML, so search does not depend on MkDocs or Material internals.

The theme marks what is indexed (theme/main.html): each page's article carries `data-pagefind-body` and a
`section` filter, `editors` for the editors' guide and `readers` for everything else; the 404 page has no
article body and is left out. Pagefind writes a chunked index to `pagefind/` in the site: a query downloads
only the chunks for its words. One Russian index whatever a page's `lang` says: Snowball's Russian stemmer,
ё folded to е, quotes and brackets split words.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

BUNDLE = "pagefind"
SOFT_HYPHEN = "\u00ad"
LANGUAGE = "ru"
# Page furniture inside the article that is not the page's text.
EXCLUDE = [".headerlink", ".md-content__button", ".md-source-file", ".md-tags"]
# Pagefind's ready-made interfaces: the site has its own (theme/assets/javascripts/search.js).
UNUSED = ["pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js",
          "wasm.unknown.pagefind"]


async def _index(site_dir: Path) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(
        force_language=LANGUAGE,
        exclude_selectors=EXCLUDE,
        # Pagefind takes a relative path from the working directory, not from the site: always absolute.
        output_path=os.fspath((site_dir / BUNDLE).resolve()),
    )
    pages = [page for page in sorted(site_dir.rglob("*.html")) if BUNDLE not in page.relative_to(site_dir).parts]
    # Pagefind reads a folder much faster than page by page: it reads a copy of the pages as it should see them.
    with tempfile.TemporaryDirectory(prefix="omo-search-") as folder:
        for page in pages:
            copy = Path(folder) / page.relative_to(site_dir)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(_text(page), encoding="utf-8")
        async with PagefindIndex(config=config) as index:  # the bundle is written when the block ends
            await index.add_directory(folder)
    return len(pages)


def _text(page: Path) -> str:
    """The page as Pagefind reads it: soft hyphens that break long words in headings (typography.py)
    are not part of any word."""
    return page.read_text(encoding="utf-8").replace(SOFT_HYPHEN, "").replace("&shy;", "")




def index_site(site_dir: Path) -> int:
    """Index the built site into `site_dir/pagefind/`; returns the number of pages indexed."""
    pages = asyncio.run(_index(site_dir))
    for pattern in UNUSED:
        for path in (site_dir / BUNDLE).glob(pattern):
            path.unlink()
    return pages
