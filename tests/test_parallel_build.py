"""`mkdocs build` on two cores (generator/mkdocs/parallel.py): the same site as one process makes, errors and
warnings of the helper process reach the build."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest
from conftest import TODAY_EPOCH, Project, build_in_process, copy_example, site_files
from mkdocs.exceptions import Abort

from generator.mkdocs import parallel
from generator.outputs import exports, feeds, search
from generator.pages import pages, typography


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.delenv("OMO_ONE_PROCESS", raising=False)


def _helper_pages(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """The helper takes every other generated page even of a small site; the shares it was given."""
    shares: list[set[str]] = []
    assert parallel.helper_share([f"{number}.md" for number in range(10)]) == set()  # small: one process
    monkeypatch.setattr(parallel, "SMALLEST_SHARE", 1)

    def share(generated: list[str]) -> set[str]:
        shares.append(parallel.helper_share(generated))
        return shares[-1]

    monkeypatch.setattr("generator.mkdocs.plugin.helper_share", share)
    return shares


def _over_an_old_site(tmp_path: Path) -> tuple[Path, Path]:
    """The example project, and its site folder holding a page of an earlier build."""
    project = copy_example(tmp_path / "project")
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("старый сайт", encoding="utf-8")
    return project, site


def test_two_processes_make_the_same_site_as_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_example(tmp_path / "project")
    monkeypatch.setenv("OMO_ONE_PROCESS", "1")
    build_in_process(project, tmp_path / "one")
    monkeypatch.delenv("OMO_ONE_PROCESS")
    shares = _helper_pages(monkeypatch)
    build_in_process(project, tmp_path / "two")
    assert shares and len(shares[0]) > 20  # the helper made its share of the pages
    one, two = site_files(tmp_path / "one"), site_files(tmp_path / "two")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    for share in shares[0]:
        page = share[:-3] + "/index.html" if not share.endswith("index.md") else share[:-2] + "html"
        assert page in two
    # The search index holds every page, the helper's too.
    entry = json.loads((tmp_path / "two" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    entry_one = json.loads((tmp_path / "one" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["ru"]["page_count"] == entry_one["languages"]["ru"]["page_count"]


def _failing_in_helper(project: Path, site: Path, monkeypatch: pytest.MonkeyPatch,
                       caplog: pytest.LogCaptureFixture, error: BaseException) -> str:
    """Build with the helper raising ``error`` on each page it makes; the build's error messages."""
    _helper_pages(monkeypatch)
    parent = os.getpid()
    real = typography.typeset_page

    def fails_in_helper(html: str, page: object) -> str:
        if os.getpid() != parent:
            raise error
        return real(html, page)

    monkeypatch.setattr("generator.mkdocs.plugin.typeset_page", fails_in_helper)
    with pytest.raises(Abort):
        build_in_process(project, site)
    return "\n".join(record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR)


def test_an_error_in_the_helper_stops_the_build_and_keeps_the_old_site(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch,
                                                                         caplog: pytest.LogCaptureFixture) -> None:
    project, site = _over_an_old_site(tmp_path)
    errors = _failing_in_helper(project, site, monkeypatch, caplog, ValueError("сбой во втором процессе"))
    assert "Сборка страниц во втором процессе остановилась: ValueError: сбой во втором процессе" in errors
    assert (site / "old.html").read_text(encoding="utf-8") == "старый сайт"  # nothing half-made published
    assert not list(tmp_path.glob("site.*"))  # no staging folder left behind


def test_a_page_too_deep_for_the_helper_stops_the_build_in_russian(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    """A RecursionError while the helper makes a page: the page is named in Russian, not a traceback."""
    project, site = _over_an_old_site(tmp_path)
    errors = _failing_in_helper(project, site, monkeypatch, caplog, RecursionError("maximum recursion depth exceeded"))
    assert "Сборка страниц во втором процессе остановилась: страница /" in errors
    assert "(её текст — из папки data/): страница не собрана — текст в ней вложен слишком глубоко" in errors
    assert "RecursionError" not in errors and "Traceback" not in errors
    assert (site / "old.html").read_text(encoding="utf-8") == "старый сайт"


def test_a_helper_that_dies_without_a_word_stops_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    """Killed by the system (out of memory, a signal): no message comes, the exit code tells."""
    project = copy_example(tmp_path / "project")
    _helper_pages(monkeypatch)
    parent = os.getpid()
    real = typography.typeset_page

    def dies_in_helper(html: str, page: object) -> str:
        if os.getpid() != parent:
            os._exit(3)
        return real(html, page)

    monkeypatch.setattr("generator.mkdocs.plugin.typeset_page", dies_in_helper)
    with pytest.raises(Abort):
        build_in_process(project, tmp_path / "site")
    errors = "\n".join(record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR)
    assert "Сборка страниц во втором процессе остановилась: процесс завершился с кодом 3" in errors
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_warning_in_the_helper_is_shown_once_and_counts_in_strict_mode(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch,
                                                                         caplog: pytest.LogCaptureFixture) -> None:
    project = copy_example(tmp_path / "project")
    shares = _helper_pages(monkeypatch)
    parent = os.getpid()
    real = typography.typeset_page

    def warns_in_helper(html: str, page: object) -> str:
        if os.getpid() != parent and page.file.src_uri == sorted(shares[-1])[0]:  # type: ignore[attr-defined]
            logging.getLogger("mkdocs.plugins.omo").warning("предупреждение из второго процесса")
        return real(html, page)

    monkeypatch.setattr("generator.mkdocs.plugin.typeset_page", warns_in_helper)
    with caplog.at_level(logging.INFO), pytest.raises(Abort, match="strict"):
        build_in_process(project, tmp_path / "site")
    assert [r.getMessage() for r in caplog.records].count("предупреждение из второго процесса") == 1
    assert not (tmp_path / "site" / "index.html").exists()  # strict: nothing published


# Articles kept between builds (generator/mkdocs/page_cache.py) ----------------------------------------------------

def test_a_second_build_takes_unchanged_articles_from_the_cache(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_example(tmp_path / "project")
    monkeypatch.setenv("OMO_ONE_PROCESS", "1")  # the counts below are of this process
    from generator.mkdocs import plugin

    sanitized: list[int] = []
    real = plugin.sanitize_html

    def counted(html: str) -> str:
        sanitized.append(1)
        return real(html)

    monkeypatch.setattr(plugin, "sanitize_html", counted)
    build_in_process(project, tmp_path / "first")
    first = len(sanitized)
    practice = sorted((project / "data" / "practices").glob("*.yml"))[0]
    practice.write_text(practice.read_text(encoding="utf-8").replace("title: ", "title: Новое ", 1), encoding="utf-8")
    sanitized.clear()
    build_in_process(project, tmp_path / "second")
    # Only the pages that show the practice were made again; the rest came from the cache.
    assert 0 < len(sanitized) < first / 3
    assert "Новое" in (tmp_path / "second" / "practices" / practice.stem / "index.html").read_text(encoding="utf-8")
    sanitized.clear()
    build_in_process(project, tmp_path / "third")
    assert site_files(tmp_path / "second") == site_files(tmp_path / "third")
    # A build without the cache makes the same site.
    monkeypatch.setattr("generator.mkdocs.plugin.GeneratorPlugin._page_cache", lambda self, config: None)
    build_in_process(project, tmp_path / "fresh")
    assert site_files(tmp_path / "fresh") == site_files(tmp_path / "third")


def test_a_kept_article_is_not_used_when_its_text_or_a_link_target_changed(tmp_path: Path) -> None:
    from generator.mkdocs.page_cache import Article, PageCache, link_targets

    cache = PageCache(tmp_path, "settings")
    html = '<p><a href="../kviz/">Квиз</a> <img src="../../files/%D1%84.pdf"> <a href="#x">x</a></p>'
    targets = link_targets(html, "practices/a/")
    assert targets == ["files/%D1%84.pdf", "practices/kviz"]
    article = Article(html=html, toc=[], anchors=["x"], links=None, targets=targets)
    key = cache.key("practices/a.md", "# А", b"blocks")
    cache.put("practices/a.md", key, article)
    everything = {"practices/kviz", "files/%D1%84.pdf", "practices/a"}
    assert cache.get("practices/a.md", key, everything) == article
    assert cache.get("practices/a.md", cache.key("practices/a.md", "# Б", b"blocks"), everything) is None
    assert cache.get("practices/a.md", cache.key("practices/a.md", "# А", b"other"), everything) is None
    assert cache.get("practices/a.md", key, everything - {"practices/kviz"}) is None  # the target is gone
    stored = next(tmp_path.rglob("*.article"))
    line, html_part = stored.read_bytes().split(b"\n", 1)
    assert html_part == html.encode()  # the HTML as it is, after one line of what MkDocs knows of it
    for broken in ("{", '{"key": 1}', "[]", "", f'{{"key": "{key}", "article": {{"html": "x"}}}}\n<p>',
                   f'{{"key": "{key}", "article": {{}}}}\n<p>'):
        stored.write_text(broken, encoding="utf-8")
        assert cache.get("practices/a.md", key, everything) is None
    stored.write_bytes(line + b"\n" + b"\xff")  # not UTF-8
    assert cache.get("practices/a.md", key, everything) is None
    cache.keep_only([])
    assert not list(tmp_path.rglob("*.article"))


def test_finished_pages_are_kept_until_the_theme_or_settings_change(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_example(tmp_path / "project")
    shares = _helper_pages(monkeypatch)
    from generator.mkdocs import plugin

    themed: list[str] = []
    real = plugin.hyphenate_headings

    def counted(html: str) -> str:
        themed.append(html)
        return real(html)

    monkeypatch.setattr(plugin, "hyphenate_headings", counted)
    build_in_process(project, tmp_path / "first")
    assert shares  # two processes made the site
    fields = next((project / ".cache" / "omo").glob("fields-*.json"))
    stamp = fields.stat().st_mtime_ns, fields.stat().st_size
    themed.clear()
    build_in_process(project, tmp_path / "second")
    # The theme was run for the hand-written pages only; every field both processes rendered was kept.
    assert 0 < len(themed) <= len(list((project / "content" / "editors").glob("*.md"))) + 1
    assert (fields.stat().st_mtime_ns, fields.stat().st_size) == stamp
    assert site_files(tmp_path / "first") == site_files(tmp_path / "second")
    footer = project / "theme" / "partials" / "copyright.html"
    footer.write_text(footer.read_text(encoding="utf-8") + "\n<!-- новая тема -->\n", encoding="utf-8")
    settings = project / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("age_mark: \"12+\"", "age_mark: \"6+\""),
                        encoding="utf-8")
    build_in_process(project, tmp_path / "third")
    practice = next((tmp_path / "third" / "practices").glob("*/index.html")).read_text(encoding="utf-8")
    assert "новая тема" in practice and "Возрастная маркировка: 6+" in practice and "12+" not in practice


def test_finished_pages_kept_by_one_mkdocs_build_are_taken_by_the_next(tmp_path: Path) -> None:
    """Two separate `mkdocs build` processes, as in CI that keeps `.cache/`: the settings differ only in
    what cannot be a setting (the address of the toc's slugify function), and the second build takes every
    finished page the first one kept instead of running the theme again."""
    project = Project(copy_example(tmp_path / "project"))
    assert project.build().returncode == 0
    kept = {path: path.stat().st_mtime_ns for path in (project.root / ".cache" / "omo").rglob("*.html-z")}
    first = site_files(project.root / "site")
    assert len(kept) > 40
    result = project.build()
    assert result.returncode == 0, result.stderr
    rewritten = [path.name for path, stamp in kept.items() if path.stat().st_mtime_ns != stamp]
    assert rewritten == []
    assert site_files(project.root / "site") == first


def test_kept_pages_are_written_while_pagefind_writes_and_taken_by_the_next_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both processes keep their pages' files in memory until their pages are in, then write them: the main
    process while Pagefind writes the bundle, the helper while the main process goes on. The next build finds
    every one of them."""
    from generator.mkdocs import page_cache

    project = copy_example(tmp_path / "project")
    shares = _helper_pages(monkeypatch)
    parent = os.getpid()
    events: list[str] = []
    sent, store = search.SearchIndex._send, page_cache.PageCache._store

    def send(self: search.SearchIndex, payload: dict, **options: bool) -> int:
        events.append(f"sent {payload['type']}")
        return sent(self, payload, **options)

    def stored(path: Path, data: bytes) -> None:
        if os.getpid() == parent:
            events.append("stored")
        store(path, data)

    monkeypatch.setattr(search.SearchIndex, "_send", send)
    monkeypatch.setattr(page_cache.PageCache, "_store", staticmethod(stored))
    build_in_process(project, tmp_path / "site")
    assert "stored" in events and events.index("sent WriteFiles") < events.index("stored"), events
    folder = next((project / ".cache" / "omo").glob("pages-*"))
    outputs = {path.name: path.stat().st_mtime_ns for path in folder.glob("*.html-z")}
    helper_outputs = {page_cache.cache_stem(src_uri) + ".html-z" for src_uri in shares[0]}
    assert len(helper_outputs) > 20 and helper_outputs <= outputs.keys()  # the helper wrote its pages' files
    assert not list(folder.glob(".page-*"))  # no file left half-written
    first = site_files(tmp_path / "site")
    build_in_process(project, tmp_path / "again")
    assert [name for name, stamp in outputs.items() if (folder / name).stat().st_mtime_ns != stamp] == []
    assert site_files(tmp_path / "again") == first


def test_a_helper_that_fails_writing_its_kept_pages_stops_the_build(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    """The helper writes its cache files after its pages are in: a failure then still stops the build before
    anything is published, and its message is shown."""
    from generator.mkdocs import page_cache

    project, site = _over_an_old_site(tmp_path)
    _helper_pages(monkeypatch)
    parent = os.getpid()
    store = page_cache.PageCache._store

    def stored(path: Path, data: bytes) -> None:
        if os.getpid() != parent:
            raise OSError(28, "На диске нет места")
        store(path, data)

    monkeypatch.setattr(page_cache.PageCache, "_store", staticmethod(stored))
    with pytest.raises(Abort):
        build_in_process(project, site)
    errors = "\n".join(record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR)
    assert "Сборка страниц во втором процессе остановилась: OSError: [Errno 28] На диске нет места" in errors
    assert sorted(path.name for path in site.iterdir()) == ["old.html"]
    assert not list(tmp_path.glob(".site*"))


def _git(project: Path, *args: str) -> None:
    import subprocess

    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "т", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "т", "GIT_COMMITTER_EMAIL": "t@example.org"})


def test_a_cache_that_came_through_git_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    """Kept pages are published as they are: a merge request that adds `.cache/` files (git add -f) must not
    put its own HTML on the site."""
    project = copy_example(tmp_path / "project")
    monkeypatch.setenv("OMO_ONE_PROCESS", "1")
    build_in_process(project, tmp_path / "first", strict=False)
    kept = sorted((project / ".cache" / "omo").rglob("*.article"))
    practice = next(path for path in kept if "<h2" in path.read_text(encoding="utf-8"))
    with practice.open("a", encoding="utf-8") as article:  # the article's HTML comes last
        article.write('<script>alert("из кэша")</script>')
    for output in (project / ".cache" / "omo").rglob("*.html-z"):
        output.unlink()  # the finished pages would be taken as they are: only the article is poisoned here
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "add", "-f", ".cache")
    _git(project, "commit", "-qm", "с кэшем")
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build_in_process(project, tmp_path / "strict")  # strict: the warning stops the build
    assert "Кэш сборки не используется: в git добавлены файлы папки .cache" in caplog.text
    build_in_process(project, tmp_path / "second", strict=False)
    assert not [path for path in (tmp_path / "second").rglob("*.html") if "из кэша" in path.read_text("utf-8")]
    _git(project, "rm", "-rq", "--cached", ".cache")
    caplog.clear()
    build_in_process(project, tmp_path / "third", strict=False)  # untracked again: this machine's own cache is read
    assert "Кэш сборки" not in caplog.text
    assert [path for path in (tmp_path / "third").rglob("*.html") if "из кэша" in path.read_text("utf-8")]


def test_a_linked_cache_folder_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           caplog: pytest.LogCaptureFixture) -> None:
    project = copy_example(tmp_path / "project")
    (tmp_path / "elsewhere").mkdir()
    (project / ".cache").symlink_to(tmp_path / "elsewhere")
    with caplog.at_level(logging.WARNING):
        build_in_process(project, tmp_path / "site", strict=False)
    assert "Кэш сборки не используется: папка .cache — ссылка" in caplog.text
    assert not list((tmp_path / "elsewhere").rglob("*"))  # nothing written through the link either


def test_what_builds_with_other_settings_kept_is_removed(tmp_path: Path) -> None:
    """Every upgrade of the generator or change of the Markdown settings starts a new set in `.cache/omo/`;
    a build removes the old sets and nothing else."""
    project = Project(copy_example(tmp_path / "project"))
    assert project.build().returncode == 0
    cache = project.root / ".cache" / "omo"
    current = sorted(path.name for path in cache.iterdir())
    assert [name.split("-")[0] for name in current] == ["fields", "pages", "parsed", "pictures", "search",
                                                        "templates", "templates", "templates"]
    (cache / "pages-0000000000000000").mkdir()
    (cache / "pages-0000000000000000" / "a.json").write_text("{}", encoding="utf-8")
    (cache / "search-0000000000000000" / "fragment").mkdir(parents=True)
    (cache / "fields-000000000000000000000000.json").write_text("{}", encoding="utf-8")
    (cache / "parsed-000000000000000000000000.marshal").write_bytes(b"old")
    (cache / "templates-theme-0000000000000000").mkdir()
    (cache / "pictures-0000000000000000").mkdir()
    (cache / "notes.txt").write_text("не кэш", encoding="utf-8")
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in cache.iterdir()) == sorted([*current, "notes.txt"])


def test_pages_kept_from_the_last_build_reach_the_index_while_the_others_are_made(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind indexes one page at a time: the pages kept from the last build go to it as each is made, not once
    the process has made its whole share (at 10,000 entities that share took ten seconds, and Pagefind waited)."""
    project = copy_example(tmp_path / "project")
    _helper_pages(monkeypatch)
    build_in_process(project, tmp_path / "first")
    events: list[str] = []
    made, added = pages.PageWriter.render, search.SearchIndex.add

    def render(self: object, template: str, src_uri: str, **context: object) -> object:
        events.append("made")
        return made(self, template, src_uri, **context)

    def add(self: search.SearchIndex, dest_uri: str, html: str) -> None:
        events.append("indexed")
        added(self, dest_uri, html)

    monkeypatch.setattr(pages.PageWriter, "render", render)
    monkeypatch.setattr(search.SearchIndex, "add", add)
    build_in_process(project, tmp_path / "second")
    last_made = len(events) - events[::-1].index("made")
    assert events.count("made") > 20 and "indexed" in events[:last_made - 10], events


def test_feeds_and_exports_are_made_while_pagefind_writes_the_bundle(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Before the fork only one core works: the feeds, calendars and exports, known there by name, are made at
    the end, while the build's process would only wait for Pagefind (the bytes as one process makes them:
    ``test_two_processes_make_the_same_site_as_one``)."""
    project = copy_example(tmp_path / "project")
    _helper_pages(monkeypatch)
    events: list[str] = []
    sent, whole = search.SearchIndex._send, search._wait_until_written
    news, table = feeds.news_feed, exports.to_csv

    def send(self: search.SearchIndex, payload: dict, **options: bool) -> int:
        events.append(f"sent {payload['type']}")
        return sent(self, payload, **options)

    def written(bundle: Path) -> None:
        whole(bundle)
        events.append("bundle whole")

    def feed(*args: object) -> bytes:
        events.append("feed")
        return news(*args)

    def csv(*args: object) -> bytes:
        events.append("export")
        return table(*args)

    monkeypatch.setattr(search.SearchIndex, "_send", send)
    monkeypatch.setattr(search, "_wait_until_written", written)
    monkeypatch.setattr(feeds, "news_feed", feed)
    monkeypatch.setattr(exports, "to_csv", csv)
    build_in_process(project, tmp_path / "site")
    assert events.count("feed") == 1 and events.count("export") == 2, events
    writing = events.index("sent WriteFiles")
    assert writing < events.index("feed") < events.index("bundle whole"), events
    assert writing < events.index("export") < events.index("bundle whole"), events
    assert b"<rss" in (tmp_path / "site" / "feed.xml").read_bytes()


def test_a_failure_while_making_the_feeds_stops_the_build_and_keeps_the_old_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The feeds are made while Pagefind writes: a failure there publishes nothing and leaves no Pagefind running."""
    project, site = _over_an_old_site(tmp_path)
    _helper_pages(monkeypatch)
    indexes: list[search.SearchIndex] = []
    started = search.SearchIndex.__init__

    def start(self: search.SearchIndex, *args: object, **kwargs: object) -> None:
        started(self, *args, **kwargs)
        indexes.append(self)

    def broken(*args: object) -> bytes:
        raise ValueError("сбой ленты")

    monkeypatch.setattr(search.SearchIndex, "__init__", start)
    monkeypatch.setattr(feeds, "news_feed", broken)
    with pytest.raises(ValueError, match="сбой ленты"):
        build_in_process(project, site)
    assert (site / "old.html").read_text(encoding="utf-8") == "старый сайт"  # nothing half-made published
    assert sorted(path.name for path in site.iterdir()) == ["old.html"]
    assert not list(tmp_path.glob("site.*")) and not list(tmp_path.glob(".site*"))  # no staging folder left
    assert len(indexes) == 1 and indexes[0]._process.poll() is not None  # Pagefind has stopped
