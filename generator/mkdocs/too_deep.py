"""Where the build could not make a page in bounded stack: said in Russian, with the page, not a traceback
(the message: ``pages/too_deep.py``)."""

from __future__ import annotations

import logging
import re

from mkdocs.exceptions import PluginError

from ..pages.too_deep import TOO_DEEP, GeneratedPageTooDeep

# MkDocs' own line before the build's message: «Error reading page 'x.md': maximum recursion depth exceeded».
_SAID_AGAIN = re.compile(r"Error (?:reading|building) page '[^\n]*': maximum recursion depth exceeded[^\n]*")


class _SaidOnce(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return _SAID_AGAIN.fullmatch(record.getMessage()) is None


SAID_ONCE = _SaidOnce()


def say_once(engine_logger: str) -> None:
    """MkDocs' English line that repeats what the build says next in Russian is left out (``engine_logger``:
    ``mkdocs.commands.build``, or a fork's)."""
    logging.getLogger(engine_logger).addFilter(SAID_ONCE)


class PageTooDeep(PluginError):
    """Raised instead of ``RecursionError`` while a page is made; its message is all the editor needs."""


def in_russian(error: BaseException, page_in_work: str | None) -> PageTooDeep | None:
    """What to say instead of ``error`` if it is a page too deep to make: a generated page's fields (named by
    its address), or the page MkDocs was making (``page_in_work``, as the editor finds it). A RecursionError
    outside any page is no editor's text: it stays as it is, with its traceback."""
    if isinstance(error, PageTooDeep):
        return error
    if isinstance(error, GeneratedPageTooDeep):
        return PageTooDeep(str(error))
    if isinstance(error, RecursionError) and page_in_work is not None:
        return PageTooDeep(TOO_DEEP.format(page=page_in_work))
    return None
