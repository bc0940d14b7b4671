"""Some of a site's generated pages, the others not made: the pages an edit shows first in `mkdocs serve`
(live.py) and the share of `mkdocs build`'s helper process (parallel.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..core.site import Site
from .pages import Page, PageWriter


def pages_among(site: Site, wanted: set[str], **options: Any) -> Iterator[Page]:
    """Only the ``wanted`` generated pages of ``site`` (``pages.iter_pages`` with the same ``options``), each as
    soon as it is made: a page kept from the last build goes to the search index before the next is made."""
    return (page for page in _pages_or_addresses(site, wanted, **options) if not isinstance(page, str))


def page_addresses(site: Site, **options: Any) -> list[str]:
    """Every generated page's ``src_uri``, in the order ``pages.iter_pages`` makes them, none of them made."""
    return [page for page in _pages_or_addresses(site, set(), **options) if isinstance(page, str)]


def _pages_or_addresses(site: Site, wanted: set[str], **options: Any) -> Iterator[Page | str]:
    """Each generated page in order: made if ``wanted``, else only its address."""
    class Among(PageWriter):
        def render(self, template: str, src_uri: str, **context: Any) -> Any:
            return super().render(template, src_uri, **context) if src_uri in wanted else src_uri

    return Among(site, **options).pages()
