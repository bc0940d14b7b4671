"""`mkdocs serve` after an edit: only the pages whose text changed are made again.

MkDocs skips a page in a `--dirty` build when its file says it is unchanged; the plugin says so for generated
pages whose Markdown and HTML blocks are the same as in the last build. Here every rebuild of `mkdocs serve`
is such a build, with or without `--dirty`, and nothing stale is left behind:

- a change to what every page shows (`mkdocs.yml`, the theme folder, the navigation, `extra`) makes every page
  again (``site_fingerprint``);
- a hand-written page is made again when its file, the vocabularies (the guide's tables come from them) or
  the frame changed, and after an error page stood in for it;
- a generated page that is gone is removed from the site folder (``remove_pages``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
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


def editor_not_reloaded(server: Any, folder: str) -> None:
    """`mkdocs serve` reloads every open page of the site after each rebuild, and a save in the browser editor
    starts one: the editor's page would reload a second or two after the save, with what the editor had begun
    to type meanwhile (the next entry, after «Опубликовать и создать новую»). The editor reads the files
    itself, so its pages are served without the reloading script. (A server without these steps of
    MkDocs 1.6 keeps reloading: nothing else changes.)"""
    serve_request, inject = getattr(server, "_serve_request", None), getattr(server, "_inject_js_into_html", None)
    if serve_request is None or inject is None:
        return
    editor_path = server.mount_path + folder.strip("/") + "/"
    serving = threading.local()

    def serve_editor_unreloaded(environ: dict[str, Any], start_response: Any) -> Any:
        serving.editor = str(environ.get("PATH_INFO", "")).startswith(editor_path)
        return serve_request(environ, start_response)

    def inject_outside_editor(content: bytes, epoch: int) -> bytes:
        return content if getattr(serving, "editor", False) else inject(content, epoch)

    server._serve_request = serve_editor_unreloaded
    server._inject_js_into_html = inject_outside_editor


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


# An edit seen at once -----------------------------------------------------------------------------------------
#
# After an edit to one record's file, the rebuild first makes only that record's own pages (its page, its
# resolution or monitoring page) from the whole, checked site, and the browser shows them; a second rebuild,
# asked for right after, makes every other page that shows the record (lists, district pages, feeds). The
# site is whole again a few seconds later; what the editor is looking at is shown first.


Stamps = dict[str, tuple[int, int]]


def source_stamps(project: Path, folders: Iterable[Path]) -> Stamps:
    """Every file under ``folders``: its path relative to the project, its modification time and size."""
    stamps: Stamps = {}
    for folder in folders:
        for current, _, names in os.walk(folder):
            for name in names:
                path = Path(current) / name
                try:
                    stat = path.stat()
                except OSError:
                    continue
                stamps[path.relative_to(project).as_posix()] = (stat.st_mtime_ns, stat.st_size)
    return stamps


def changed_files(before: Stamps, now: Stamps) -> set[str] | None:
    """Files edited since ``before``; None when a file came or went (new records change lists first)."""
    if before.keys() != now.keys():
        return None
    return {path for path, stamp in now.items() if before[path] != stamp}


def own_pages(site: Any) -> dict[str, set[str]]:
    """A record's file -> the pages that are that record's own (``Addresses``); other files have none."""
    from ..core.addresses import Addresses

    pages: dict[str, set[str]] = {}
    for practice in site.practices.values():
        pages.setdefault(practice.path, set()).add(Addresses.practice(practice.id))
    for meeting in site.meetings.values():
        pages.setdefault(meeting.path, set()).add(Addresses.meeting(meeting.id))
    for meeting_id, directive in site.directives.items():
        own = {Addresses.resolution(meeting_id)}
        if site.district_lines(meeting_id):
            own.add(Addresses.monitoring(meeting_id))
        pages.setdefault(directive.path, set()).update(own)
    for meeting_id, reports in site.reports.items():
        for municipality_id, report in reports.items():
            pages.setdefault(report.path, set()).update({Addresses.monitoring(meeting_id),
                                                         Addresses.municipality(municipality_id)})
    for story in site.stories:
        pages.setdefault(story.path, set()).add(Addresses.story(story.id))
    return pages


def first_pages(changed: set[str] | None, site: Any, hand_written: set[str]) -> set[str] | None:
    """The generated pages to show first after an edit of ``changed`` files (hand-written pages among them
    are made by MkDocs); None when the whole site must be made (a settings, vocabulary or theme file
    changed, a file came or went, nothing changed)."""
    if not changed:
        return None
    owners = own_pages(site)
    if not changed <= owners.keys() | hand_written:
        return None
    return set().union(*(owners.get(path, set()) for path in changed))


def request_rebuild(server: Any) -> bool:
    """Ask MkDocs' live-reload server for one more rebuild after this one (its own file-change signal)."""
    condition = getattr(server, "_rebuild_cond", None)
    if condition is None or not hasattr(server, "_want_rebuild"):
        return False
    with condition:
        server._want_rebuild = True
        condition.notify_all()
    return True


def rebuild_wanted(server: Any) -> bool:
    """A file changed while this rebuild runs: MkDocs' live-reload server will rebuild right after it."""
    return bool(getattr(server, "_want_rebuild", False))
