"""`mkdocs serve` after an edit: only changed pages are made again, and nothing stale stays (generator/live.py)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Project, make_project
from mkdocs.commands import serve as serve_command
from mkdocs.config import load_config

SERVE_URL = "http://127.0.0.1:8000/"


class _Server:
    """What the plugin's on_serve uses of MkDocs' live-reload server; a rebuild goes through the serve command."""

    def __init__(self, rebuild: object):
        self.builder = rebuild

    def watch(self, *paths: object) -> None:
        pass


@pytest.fixture
def preview(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Project, Path, _Server]]:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    project = make_project(tmp_path / "project")
    site = tmp_path / "site"
    monkeypatch.chdir(project.root)

    def config() -> object:
        loaded = load_config(os.fspath(project.root / "mkdocs.yml"), site_dir=os.fspath(site))
        loaded.site_url = SERVE_URL
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)
    serve_command.build(first, serve_url=SERVE_URL, dirty=False)
    server = _Server(lambda: serve_command.build(config(), serve_url=SERVE_URL, dirty=False))
    first.plugins["omo"].on_serve(server, config=first, builder=server.builder)
    yield project, site, server


def _text(site: Path, address: str) -> str:
    return (site / address / "index.html").read_text(encoding="utf-8")


def test_an_edit_remakes_its_page_and_the_lists_that_show_it(preview: tuple[Project, Path, _Server]) -> None:
    project, site, server = preview
    untouched = site / "meetings" / "2024-08-27-sekciya-omo" / "index.html"
    before = untouched.stat().st_mtime_ns
    practice = project.root / "data" / "practices" / "kviz.yml"
    practice.write_text(re.sub(r"(?m)^title:.*$", "title: Квиз «Новое название»", practice.read_text(encoding="utf-8"),
                               count=1), encoding="utf-8")
    server.builder()
    assert "Новое название" in _text(site, "practices/kviz")
    assert "Новое название" in _text(site, "practices")
    assert "Новое название" in _text(site, "municipalities/smolensk")
    assert untouched.stat().st_mtime_ns == before  # its text did not change: not made again


def test_a_removed_story_leaves_the_site(preview: tuple[Project, Path, _Server]) -> None:
    project, site, server = preview
    assert (site / "stories" / "2025-03-21-kviz" / "index.html").is_file()
    (project.root / "content" / "stories" / "2025-03-21-kviz.md").unlink()
    server.builder()
    assert not (site / "stories" / "2025-03-21-kviz" / "index.html").exists()
    assert "Квиз в Смоленске" not in _text(site, "stories")


def test_a_theme_change_remakes_every_page(preview: tuple[Project, Path, _Server]) -> None:
    project, site, server = preview
    footer = project.root / "theme" / "partials" / "copyright.html"
    footer.write_text(footer.read_text(encoding="utf-8") + "\n<!-- изменение темы -->\n", encoding="utf-8")
    server.builder()
    assert "изменение темы" in (site / "practices" / "kviz" / "index.html").read_text(encoding="utf-8")
