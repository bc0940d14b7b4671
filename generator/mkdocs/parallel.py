"""`mkdocs build` on two cores: a forked helper process makes every other generated page.

MkDocs makes pages one after another in one process. Once the navigation is known (``on_nav``) the build
forks: the helper reads, renders and writes its share of the generated pages with MkDocs' own steps and
every plugin's events, the main process makes the rest as usual and passes over the helper's pages (an
empty Markdown text, an empty template: MkDocs writes nothing for them). Back through a pipe come what the
main process still needs of the helper's pages: their HTML for the search index, their anchors and links
to anchors (MkDocs checks those once every page is made) and the helper's log records, so that warnings
are shown once and counted by `--strict`. Once its pages are in, the helper says so ("made") and writes what it
keeps for the next build while the main process goes on; the main process waits for its end before publishing.

Only where the system can fork (not on Windows), only for `mkdocs build`, only for a site big enough to
gain from it; otherwise the build is the usual one.
"""

from __future__ import annotations

import gc
import importlib
import logging
import os
import sys
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection, Pipe
from pathlib import Path
from typing import Any

from ..outputs.search import essentials
from ..pages.too_deep import GeneratedPageTooDeep
from .too_deep import in_russian

SMALLEST_SHARE = 200  # fewer generated pages than twice this: forking costs more than it saves
ELSEWHERE = "omo-made-elsewhere.html"  # the empty template of the pages the helper makes


def can_fork() -> bool:
    return hasattr(os, "fork") and os.environ.get("OMO_ONE_PROCESS", "") == ""


def helper_share(generated: list[str]) -> set[str]:
    """Every other generated page (in the order MkDocs makes them): both processes get long and short ones."""
    return set(generated[1::2]) if len(generated) >= 2 * SMALLEST_SHARE else set()


def _engine(config: Any, module: str) -> Any:
    """A module of the running engine (MkDocs or a fork of it with its own package name)."""
    return importlib.import_module(f"{type(config).__module__.partition('.')[0]}.{module}")


class _Forward(logging.Handler):
    """The helper's log records, sent to the main process instead of the terminal."""

    def __init__(self, send: Callable[[Any], None]):
        super().__init__(logging.DEBUG)
        self._send = send

    def emit(self, record: logging.LogRecord) -> None:
        self._send(("log", record.name, record.levelno, record.getMessage()))


class PageHelper:
    """The forked helper as the main process sees it."""

    def __init__(self, pid: int, inbox: Connection, on_page: Callable[[str, str], None]):
        self.pid = pid
        self._inbox = inbox
        self._on_page = on_page
        self.anchors: dict[str, tuple[set[str] | None, dict[str, dict[str, str]] | None]] = {}
        self._failure: str | None = None
        self._finished = False
        self._pages_made = False
        self._made = threading.Event()  # its pages are made (or it has stopped); it may still write its cache
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    @classmethod
    def start(cls, work: Callable[[Callable[[Any], None]], None],
              on_page: Callable[[str, str], None]) -> PageHelper:
        """Fork; the child runs ``work(send)`` and ends, the parent gets the helper."""
        inbox, outbox = Pipe(duplex=False)
        sys.stdout.flush()
        sys.stderr.flush()
        # What both processes hold (the site, MkDocs' files and pages) is left out of the garbage collector's
        # walks: the walks cost time in each process and touch every object, which copies memory after a fork.
        gc.freeze()
        pid = os.fork()
        if pid == 0:  # the helper: never returns into the build
            inbox.close()
            _run_helper(outbox, work)
        outbox.close()
        return cls(pid, inbox, on_page)

    def _read(self) -> None:
        try:
            while True:
                message = self._inbox.recv()
                kind = message[0]
                if kind == "page":
                    _, src_uri, dest_uri, html, present, links = message
                    self.anchors[src_uri] = (present, links)
                    self._on_page(dest_uri, html)
                elif kind == "search":  # a page kept from an earlier build, for the index before it is written
                    self._on_page(message[1], message[2])
                elif kind == "log":
                    _, name, level, text = message
                    logging.getLogger(name).log(level, text)
                elif kind == "made":
                    self._pages_made = True
                    self._made.set()
                elif kind == "failed":
                    self._failure = message[1]
                elif kind == "done":
                    self._finished = True
        except EOFError:
            pass
        except Exception as error:  # noqa: BLE001  # reported by wait()
            self._failure = f"{type(error).__name__}: {error}"
        finally:
            self._made.set()

    def wait_made(self) -> None:
        """Until the helper has made its pages and sent what the main process needs of them; it may go on
        writing what it keeps for the next build (``wait``). Raises ``RuntimeError`` if it could not."""
        self._made.wait()
        if not self._pages_made:
            self.wait()  # it stopped before: its message and exit status say why

    def wait(self) -> None:
        """Until the helper has ended; raises ``RuntimeError`` if it did not finish its work."""
        self._reader.join()
        _, status = os.waitpid(self.pid, 0)
        self._inbox.close()
        if self._failure is None and (not self._finished or os.waitstatus_to_exitcode(status) != 0):
            self._failure = f"процесс завершился с кодом {os.waitstatus_to_exitcode(status)}"
        if self._failure is not None:
            raise RuntimeError(self._failure)

    def stop(self) -> None:
        """The build failed elsewhere: the helper is not needed."""
        try:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        self._inbox.close()


def _run_helper(outbox: Connection, work: Callable[[Callable[[Any], None]], None]) -> None:
    code = 0
    forward = _Forward(outbox.send)
    # Every record reaches the main process and only there the terminal: the root logger and each logger that
    # keeps its records to itself (the command lines of MkDocs and ProperDocs set `propagate = False`).
    known = [logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)]
    loggers = [logging.getLogger()] + [logger for logger in known if logger.handlers or not logger.propagate]
    for logger in loggers:
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        if logger is loggers[0] or not logger.propagate:
            logger.addHandler(forward)
    try:
        work(outbox.send)
        outbox.send(("done",))
    except BaseException as error:  # noqa: BLE001  # whatever stops the helper stops the build
        code = 1
        too_deep = in_russian(error, None)  # its pages are named where they are made (make_pages)
        said = str(too_deep) if too_deep is not None else \
            f"{type(error).__name__}: {error}\n{traceback.format_exc(limit=5)}"
        try:
            outbox.send(("failed", said))
        except OSError:
            pass
    finally:
        try:
            outbox.close()
        finally:
            os._exit(code)


def make_pages(config: Any, files: Any, nav: Any, share: set[str], send: Callable[[Any], None],
               indexed: set[str]) -> None:
    """In the helper: MkDocs' own steps for each page of ``share``, with every plugin's events (pages in
    ``indexed`` have gone to the search index already)."""
    build = _engine(config, "commands.build")
    inclusion = _engine(config, "structure.files").InclusionLevel.is_included
    env = config.theme.get_env()
    env = config.plugins.on_env(env, config=config, files=files)
    doc_files = files.documentation_pages(inclusion=inclusion)
    for file in doc_files:
        if file.src_uri not in share:
            continue
        page = file.page
        try:
            build._populate_page(page, config, files)
            build._build_page(page, config, doc_files, nav, env)
        except RecursionError:  # a shape of text the check does not know yet (too_deep.py)
            raise GeneratedPageTooDeep(file.src_uri) from None
        links = {target.src_uri: dict(found) for target, found in (page.links_to_anchors or {}).items()}
        try:  # the part of the page as written that Pagefind reads: what the main process gives the index
            written = "" if file.src_uri in indexed else Path(file.abs_dest_path).read_text(encoding="utf-8")
        except FileNotFoundError:  # MkDocs writes nothing for an empty page
            written = ""
        send(("page", file.src_uri, file.dest_uri, essentials(written), page.present_anchor_ids,
              links if page.links_to_anchors is not None else None))


def apply_anchors(helper: PageHelper, files: Any) -> None:
    """The helper's pages' anchors and links to anchors, on the main process's pages, before MkDocs checks them."""
    for src_uri, (present, links) in helper.anchors.items():
        file = files.get_file_from_path(src_uri)
        if file is None or file.page is None:
            continue
        file.page.present_anchor_ids = present
        if links is not None:
            file.page.links_to_anchors = {target: found for uri, found in links.items()
                                          if (target := files.get_file_from_path(uri)) is not None}


def quiet_skipped(share: set[str]) -> logging.Filter:
    """MkDocs logs each page it did not write; for the helper's pages that is expected."""
    class Quiet(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            text = str(record.msg)
            return not (text.startswith("Page skipped: '") and text[len("Page skipped: '"):].split("'")[0] in share)

    return Quiet()
