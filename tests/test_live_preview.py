"""`mkdocs serve` after an edit: only changed pages are made again, nothing stale stays (generator/mkdocs/live.py)."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Project, make_project
from mkdocs.commands import serve as serve_command
from mkdocs.config import load_config

SERVE_URL = "http://127.0.0.1:8000/"


class _Server:
    """What the plugin uses of MkDocs' live-reload server: a rebuild goes through the serve command, and a
    rebuild asked for during one (``_want_rebuild`` under ``_rebuild_cond``) follows it."""

    def __init__(self, rebuild: object):
        self.builder = rebuild
        self._rebuild_cond = threading.Condition()
        self._want_rebuild = False
        self.builds = 0

    def watch(self, *paths: object) -> None:
        pass

    def rebuild_once(self) -> None:
        """One rebuild, as the server makes it after a file change."""
        self._want_rebuild = False
        self.builds += 1
        self.builder()

    def settle(self) -> None:
        """Rebuild after a file change, then as long as a rebuild asks for another one."""
        self.rebuild_once()
        while self._want_rebuild:
            self.rebuild_once()


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
    server.settle()
    assert server.builds == 2  # the practice's own page first, then the lists
    assert "Новое название" in _text(site, "practices/kviz")
    assert "Новое название" in _text(site, "practices")
    assert "Новое название" in _text(site, "municipalities/smolensk")
    assert untouched.stat().st_mtime_ns == before  # its text did not change: not made again


def test_a_removed_story_leaves_the_site(preview: tuple[Project, Path, _Server]) -> None:
    project, site, server = preview
    assert (site / "stories" / "2025-03-21-kviz" / "index.html").is_file()
    (project.root / "content" / "stories" / "2025-03-21-kviz.md").unlink()
    server.settle()
    assert server.builds == 1  # a file gone: the whole site at once
    assert not (site / "stories" / "2025-03-21-kviz" / "index.html").exists()
    assert "Квиз в Смоленске" not in _text(site, "stories")


def test_a_theme_change_remakes_every_page(preview: tuple[Project, Path, _Server]) -> None:
    project, site, server = preview
    footer = project.root / "theme" / "partials" / "copyright.html"
    footer.write_text(footer.read_text(encoding="utf-8") + "\n<!-- изменение темы -->\n", encoding="utf-8")
    server.settle()
    assert "изменение темы" in (site / "practices" / "kviz" / "index.html").read_text(encoding="utf-8")


def _retitle(path: Path, title: str) -> None:
    path.write_text(re.sub(r"(?m)^title:.*$", f"title: {title}", path.read_text(encoding="utf-8"), count=1),
                    encoding="utf-8")


def test_an_edit_shows_its_own_page_first_and_the_lists_right_after(preview: tuple[Project, Path, _Server]) -> None:
    project, site, server = preview
    lists = site / "practices" / "index.html"
    before = lists.read_text(encoding="utf-8")
    _retitle(project.root / "data" / "practices" / "kviz.yml", "Квиз «Сначала своя страница»")
    server.rebuild_once()
    assert "Сначала своя страница" in _text(site, "practices/kviz")
    assert lists.read_text(encoding="utf-8") == before  # not yet: the next rebuild, already asked for
    assert server._want_rebuild
    server.rebuild_once()
    assert "Сначала своя страница" in _text(site, "practices")
    assert "Сначала своя страница" in _text(site, "municipalities/smolensk")
    assert not server._want_rebuild


def test_an_edit_during_the_second_rebuild_is_shown_first(preview: tuple[Project, Path, _Server],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The rebuild that makes the lists gives way to a newer edit: it stops, the edit's own page is made
    next, and the lists then hold both edits."""
    project, site, server = preview
    practices = project.root / "data" / "practices"
    _retitle(practices / "kviz.yml", "Квиз «Первая правка»")
    server.rebuild_once()  # the practice's own page
    from generator.pages import pages

    real = pages.PageWriter.render

    def render_and_edit(self: object, *args: object, **kwargs: object) -> object:
        if not server._want_rebuild:  # an editor saves another file while the lists are being made
            other = next(path for path in sorted(practices.glob("*.yml")) if path.name != "kviz.yml")
            _retitle(other, "Вторая правка")
            server._want_rebuild = True
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pages.PageWriter, "render", render_and_edit)
    server.rebuild_once()  # gives way
    monkeypatch.setattr(pages.PageWriter, "render", real)
    assert "Первая правка" not in _text(site, "practices")
    server.settle()
    listing = _text(site, "practices")
    assert "Первая правка" in listing and "Вторая правка" in listing


def test_an_edit_with_a_mistake_shows_the_problem_at_once(preview: tuple[Project, Path, _Server]) -> None:
    project, site, server = preview
    practice = project.root / "data" / "practices" / "kviz.yml"
    good = practice.read_text(encoding="utf-8")
    practice.write_text(good.replace("municipality: smolensk", "municipality: nowhere"), encoding="utf-8")
    server.settle()
    assert "nowhere" in _text(site, "practices/kviz")  # the error page stands for every page
    practice.write_text(good, encoding="utf-8")
    server.settle()
    assert "nowhere" not in _text(site, "practices/kviz")


def test_a_hand_written_page_is_made_again_only_when_it_or_the_vocabularies_changed(
        preview: tuple[Project, Path, _Server]) -> None:
    project, site, server = preview
    page = project.root / "content" / "about.md"
    page.write_text("# О сайте\n\nТерритории:\n\n<!-- omo:municipalities -->\n", encoding="utf-8")
    server.settle()
    made = site / "about" / "index.html"
    before = made.stat().st_mtime_ns
    _retitle(project.root / "data" / "practices" / "kviz.yml", "Квиз «Только запись»")
    server.settle()
    assert made.stat().st_mtime_ns == before  # neither it nor the vocabularies changed
    page.write_text(page.read_text(encoding="utf-8") + "\nНовый абзац.\n", encoding="utf-8")
    server.settle()
    assert "Новый абзац" in made.read_text(encoding="utf-8")
    vocabulary = project.root / "data" / "municipalities.yml"
    renamed = vocabulary.read_text(encoding="utf-8").replace("name: город Смоленск", "name: город-герой Смоленск", 1)
    vocabulary.write_text(renamed, encoding="utf-8")
    server.settle()
    assert "город-герой Смоленск" in made.read_text(encoding="utf-8")  # the guide's table follows the vocabulary
    # After a mistake every page shows the problems; after the fix the hand-written page is itself again.
    practice = project.root / "data" / "practices" / "kviz.yml"
    good = practice.read_text(encoding="utf-8")
    practice.write_text(good.replace("municipality: smolensk", "municipality: nowhere"), encoding="utf-8")
    server.settle()
    assert "nowhere" in made.read_text(encoding="utf-8")
    practice.write_text(good, encoding="utf-8")
    server.settle()
    assert "nowhere" not in made.read_text(encoding="utf-8") and "Новый абзац" in made.read_text(encoding="utf-8")
