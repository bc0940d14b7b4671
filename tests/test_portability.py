"""The site outside MkDocs 1.6: ProperDocs builds it with our plugin, Zensical builds its export.

How each engine is installed, and why Zensical renders with Material's templates: bench/engines.py.

What differs, as built here. ProperDocs: only `<meta name="generator">`, and so the content hashes in
Pagefind's file names. Zensical, against MkDocs on the same export: the page chrome (Material's instead of
the export's theme; our theme/ renders too, without Python string methods), its own `search.json`, no
`sitemap.xml` from the stand-in theme, and code blocks coloured by Pygments. The same: the set of pages, each
article's text, feeds, calendars, the CSV and JSON exports, uploaded files.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, TODAY_EPOCH, Project, text_of

sys.path.insert(0, str(REPO / "bench"))
from engines import EngineMissing, for_zensical, properdocs_command, zensical_command  # noqa: E402

ENV = os.environ | {"SOURCE_DATE_EPOCH": TODAY_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')


def engine(get: Callable[[], list[str]]) -> list[str]:
    """An engine's command. Locally a missing engine skips its tests; in CI (CI=true) it fails them."""
    try:
        return get()
    except EngineMissing as error:
        if os.environ.get("CI"):
            pytest.fail(str(error))
        pytest.skip(str(error))


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True, encoding="utf-8",
                          stdin=subprocess.DEVNULL, check=False)


def copy_example(root: Path) -> Path:
    """The repository's own site, as the `example` fixture copies it."""
    root.mkdir(parents=True)
    for name in ("mkdocs.yml", "data", "content", "theme"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    return root


def files_of(site: Path) -> dict[str, Path]:
    return {path.relative_to(site).as_posix(): path for path in sorted(site.rglob("*")) if path.is_file()}


def article_text(path: Path) -> str:
    """A page's article as a reader reads it. Code blocks count as their characters: one engine colours
    code with Pygments (a span per token), the other does not."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    assert article is not None, path
    for block in article.select("pre"):
        block.replace_with(block.get_text(""))
    return text_of(article)


def pages_of(site: Path) -> dict[str, str]:
    return {name: article_text(path) for name, path in files_of(site).items()
            if name.endswith("index.html") and not name.startswith("pagefind/")}


# ProperDocs ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    properdocs = engine(properdocs_command)
    root = copy_example(tmp_path_factory.mktemp("properdocs") / "project")
    result = run([*properdocs, "build", "--strict"], root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_properdocs_builds_the_same_files(example: Project, properdocs_site: Path) -> None:
    ours, theirs = files_of(example.root / "site"), files_of(properdocs_site)
    outside_search = {name for name in ours if not name.startswith("pagefind/")}
    assert outside_search == {name for name in theirs if not name.startswith("pagefind/")}
    assert sum(name.endswith(".html") for name in outside_search) > 60

    # Byte for byte, but for the engine's name in <meta name="generator">.
    def without_tag(path: Path) -> bytes:
        return GENERATOR_TAG.sub(b"", path.read_bytes())

    assert [name for name in sorted(outside_search) if without_tag(ours[name]) != without_tag(theirs[name])] == []
    assert b"ProperDocs" in theirs["index.html"].read_bytes()


def test_properdocs_site_has_the_same_search_index(example: Project, properdocs_site: Path) -> None:
    # Pagefind names its files by content hashes, and the generator tag is in every page it reads:
    # the same number of files and the same pages indexed.
    def bundle(site: Path) -> tuple[int, dict]:
        entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
        return len(list((site / "pagefind").rglob("*"))), {k: v["page_count"] for k, v in entry["languages"].items()}

    assert bundle(properdocs_site) == bundle(example.root / "site")


# Zensical ---------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def zensical() -> list[str]:
    return engine(zensical_command)


@pytest.fixture(scope="module")
def export(example: Project, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site exported, and built with MkDocs (no plugin of ours) into site/."""
    target = tmp_path_factory.mktemp("export") / "export"
    result = run([sys.executable, "-m", "generator", "export", str(target), "--project", str(example.root)], REPO)
    assert result.returncode == 0, result.stderr
    built = run([sys.executable, "-m", "mkdocs", "build", "--strict"], target)
    assert built.returncode == 0, built.stderr
    return target


def zensical_build(zensical: list[str], export: Path, where: Path, *, our_theme: bool) -> subprocess.CompletedProcess:
    shutil.copytree(export, where, ignore=shutil.ignore_patterns("site"))
    for_zensical(where, our_theme=our_theme)
    return run([*zensical, "build"], where)


@pytest.fixture(scope="module")
def zensical_site(zensical: list[str], export: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("zensical") / "export"
    result = zensical_build(zensical, export, root, our_theme=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_zensical_builds_the_same_pages_with_the_same_text(example: Project, export: Path,
                                                            zensical_site: Path) -> None:
    ours, theirs = pages_of(export / "site"), pages_of(zensical_site)
    assert set(theirs) == set(ours) == set(pages_of(example.root / "site"))
    assert len(ours) > 60
    assert {name: text for name, text in theirs.items() if text != ours[name]} == {}
    assert (zensical_site / "404.html").is_file()


def test_zensical_publishes_feeds_calendars_and_exports_unchanged(export: Path, zensical_site: Path) -> None:
    # Made by the export as files in docs/, copied as they are: no engine needs to know what they are.
    ours, theirs = files_of(export / "site"), files_of(zensical_site)
    made = [name for name in ours if name.endswith((".xml", ".ics", ".csv", ".json")) and name != "sitemap.xml"]
    assert {"feed.xml", "feed-all.xml", "meetings.ics", "exports/reports.csv"} <= set(made)
    assert any(re.fullmatch(r"meetings/[^/]+\.ics", name) for name in made)
    assert [name for name in made if theirs.get(name) is None or
            theirs[name].read_bytes() != ours[name].read_bytes()] == []
    uploads = [name for name in ours if name.startswith(("files/", "images/"))]
    assert uploads and all(theirs[name].read_bytes() == ours[name].read_bytes() for name in uploads)


def test_pagefind_indexes_the_zensical_build(zensical_site: Path, tmp_path: Path) -> None:
    # Search is made from the built pages by Pagefind's own command, whatever engine built them.
    # With the build's own exclusions, words repeated on every meeting are found on the list of meetings only.
    from generator.outputs.search import EXCLUDE

    site = tmp_path / "site"
    shutil.copytree(zensical_site, site)
    excluded = [argument for selector in EXCLUDE for argument in ("--exclude-selectors", selector)]
    result = run([sys.executable, "-m", "pagefind", "--site", str(site), "--force-language", "ru", *excluded],
                 tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["ru"]["page_count"] >= len(pages_of(zensical_site))
    fragments = [json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])
                 for path in (site / "pagefind" / "fragment").glob("*.pf_fragment")]
    assert [f["url"] for f in fragments if "Подписной календарь" in f["content"]] == ["/meetings/"]


def test_zensical_renders_our_theme(zensical: list[str], export: Path, tmp_path: Path) -> None:
    result = zensical_build(zensical, export, tmp_path / "export", our_theme=True)
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "export" / "site"
    page = (site / "practices" / "kviz-znatoki-rodnogo-kraya" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" in page and "omo.css" in page
    # The guide's pages carry the search filter that keeps them apart from readers' pages.
    guide = (site / "editors" / "index.html").read_text(encoding="utf-8")
    assert 'data-pagefind-filter="section:editors"' in guide
    assert "data-pagefind-filter" not in page
    # The footer's one-tap calendar link is built without Python string methods.
    assert "webcal://" in page and "meetings.ics" in page


# The browser editor without our plugin ------------------------------------------------------------

def with_editor(root: Path) -> Path:
    """A copy of the example that asks for the browser editor (package.json), Decap CMS installed or not."""
    copy_example(root)
    shutil.copy(REPO / "package.json", root / "package.json")
    return root


def test_the_browser_editor_is_exported_and_works_in_the_zensical_build(zensical: list[str],
                                                                       tmp_path: Path) -> None:
    """`export` writes /admin/ into the docs folder as files: Zensical publishes the build's editor unchanged."""
    from browser import browser_page, serve
    from test_admin import require_decap

    require_decap()
    root = with_editor(tmp_path / "project")
    (root / "node_modules").symlink_to(REPO / "node_modules")
    built = run([sys.executable, "-m", "mkdocs", "build", "--strict"], root)
    assert built.returncode == 0, built.stderr
    exported = run([sys.executable, "-m", "generator", "export", str(tmp_path / "export"), "--project", str(root)],
                   REPO)
    assert exported.returncode == 0 and "Предупреждение" not in exported.stderr, exported.stderr
    result = zensical_build(zensical, tmp_path / "export", tmp_path / "zensical", our_theme=False)
    assert result.returncode == 0, result.stdout + result.stderr
    ours = {name: path.read_bytes() for name, path in files_of(root / "site" / "admin").items()}
    theirs = {name: path.read_bytes() for name, path in files_of(tmp_path / "zensical" / "site" / "admin").items()}
    assert {"index.html", "config.yml", "omo.json", "decap-cms.js", "admin.js"} <= set(ours)
    assert theirs == ours
    with serve(tmp_path / "zensical" / "site") as base, browser_page() as page:
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(base + "admin/")
        page.wait_for_function("() => window.omoFormats !== undefined && window.CMS !== undefined")
        assert errors == []


def test_export_without_decap_warns_and_a_publication_stops(tmp_path: Path) -> None:
    root = with_editor(tmp_path / "project")
    exported = run([sys.executable, "-m", "generator", "export", str(tmp_path / "export"), "--project", str(root)],
                   REPO)
    assert exported.returncode == 0, exported.stderr
    assert "Предупреждение: редактор /admin/ не собран: не установлен Decap CMS" in exported.stderr
    assert (tmp_path / "export" / "docs" / "index.md").is_file()
    assert not (tmp_path / "export" / "docs" / "admin").exists()
    published = subprocess.run([sys.executable, "-m", "generator", "export", str(tmp_path / "published"),
                                "--project", str(root)], cwd=REPO, capture_output=True, text=True, encoding="utf-8",
                               env=ENV | {"OMO_PUBLISH": "1", "SITE_URL": "https://omo.test/"}, check=False)
    assert published.returncode == 1
    assert ("Ошибка: выгрузка для публикации не сделана: редактор /admin/ не собран: не установлен Decap CMS"
            in published.stderr and "npm install" in published.stderr)
    assert not (tmp_path / "published").exists()  # stopped before writing: the same command works after the fix


def test_a_list_too_long_for_zensicals_own_search_is_left_out_of_that_search_only(zensical: list[str],
                                                                                   tmp_path: Path) -> None:
    """At 10,000 entries a district's list of older resolutions outgrows Zensical's limit for one section of its
    own search index (the export stopped there): the export marks the list, Zensical leaves it out of
    search.json and still shows it; our build, searched by Pagefind, keeps it and drops the mark."""
    from generate import generate

    project = tmp_path / "project"
    generate(300, project)  # 30 resolutions: more than a district page shows in full
    exported = run([sys.executable, "-m", "generator", "export", str(tmp_path / "export"), "--project", str(project)],
                   REPO)
    assert exported.returncode == 0, exported.stderr
    result = zensical_build(zensical, tmp_path / "export", tmp_path / "zensical", our_theme=False)
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "zensical" / "site"
    items = json.loads((site / "search.json").read_text(encoding="utf-8"))["items"]
    district = [item["location"] for item in items if item["location"].startswith("municipalities/demidovskiy/")]
    assert any("#assignments-20" in location for location in district), district
    assert not any(location.endswith("#assignments-earlier") for location in district)
    page = BeautifulSoup((site / "municipalities/demidovskiy/index.html").read_text(encoding="utf-8"), "html.parser")
    heading = page.select_one("#assignments-earlier")
    assert heading is not None and heading.find_next("a", href=re.compile("resolutions/")) is not None
    built = run([sys.executable, "-m", "mkdocs", "build"], project)  # not strict: the bench's corpus has no images
    assert built.returncode == 0, built.stderr
    ours = (project / "site/municipalities/demidovskiy/index.html").read_text(encoding="utf-8")
    assert 'id="assignments-earlier"' in ours and "data-search-exclude" not in ours


def test_export_with_wrong_editor_settings_stops_before_writing(tmp_path: Path) -> None:
    root = with_editor(tmp_path / "project")
    settings = root / "mkdocs.yml"
    text, count = re.subn(r"local_port: \d+", "local_port: 80", settings.read_text(encoding="utf-8"))
    assert count == 1
    settings.write_text(text, encoding="utf-8")
    exported = run([sys.executable, "-m", "generator", "export", str(tmp_path / "export"), "--project", str(root)],
                   REPO)
    assert exported.returncode == 1
    assert "Ошибка: " in exported.stderr and "local_port: номер порта от 1024 до 65535, а не «80»" in exported.stderr
    assert not (tmp_path / "export").exists()


@pytest.mark.parametrize(("change", "expected"), [
    # PyYAML, which MkDocs reads settings with, would quietly take one of two values: the export says which line.
    (lambda text: text.replace("site_url: https://omo.example.org/\n",
                               "site_url: https://omo.example.org/\nsite_url: https://omo.test/\n"),
     "mkdocs.yml:3: site_url: поле повторяется: оставьте одно значение"),
    (lambda text: text.replace("docs_dir: content\n", 'docs_dir: "content\n'),
     "mkdocs.yml:3: ошибка в записи YAML: не закрыты кавычки"),
    (lambda text: text + "extra:\n  - omo\n", "mkdocs.yml:25: extra: ожидаются настройки вида «название: значение»"),
    (lambda text: text + "extra:\n  omo: да\n",
     "mkdocs.yml:26: extra.omo: ожидаются настройки вида «название: значение»"),
    (lambda text: text + "extra:\n  omo:\n    contacts: г. Смоленск\n",
     "mkdocs.yml:27: extra.omo.contacts: ожидается список"),
    (lambda text: text.replace("plugins:\n  - omo\n", "plugins: omo\n"),
     "mkdocs.yml:9: plugins: ожидается список"),
    (lambda text: "- site_name\n", "mkdocs.yml: ожидаются настройки вида «название: значение»"),
    # A key the editor cannot see whole is quoted so that the terminal shows it whole.
    (lambda text: text + "ev\u200bil: 1\nev\u200bil: 2\n", "mkdocs.yml:26: ev[U+200B]il: поле повторяется"),
])
def test_unreadable_settings_stop_export_and_check_with_their_line(project: Project, tmp_path: Path,
                                                                         change: Callable[[str], str],
                                                                         expected: str) -> None:
    settings = project.root / "mkdocs.yml"
    settings.write_text(change(settings.read_text(encoding="utf-8")), encoding="utf-8")
    exported = run([sys.executable, "-m", "generator", "export", str(tmp_path / "export"), "--project",
                    str(project.root)], REPO)
    assert exported.returncode == 1
    assert f"Ошибка: {expected}" in exported.stderr and "Traceback" not in exported.stderr, exported.stderr
    assert not (tmp_path / "export").exists()
    checked = run([sys.executable, "-m", "generator", "check", "--project", str(project.root)], REPO)
    assert checked.returncode == 1 and f"Ошибка: {expected}" in checked.stderr, checked.stderr


@pytest.mark.parametrize(("addition", "expected"), [
    # MkDocs itself would build these: one of two values quietly taken, the footer's contacts a letter per line,
    # or a crash in the plugin.
    ("site_name: Другое имя\n", "mkdocs.yml:25: site_name: поле повторяется: оставьте одно значение"),
    ("extra:\n  omo: РИБЦ\n", "mkdocs.yml:26: extra.omo: ожидаются настройки вида «название: значение»"),
    ("extra:\n  omo:\n    - РИБЦ\n", "mkdocs.yml:26: extra.omo: ожидаются настройки вида «название: значение»"),
    ("extra:\n  omo:\n    contacts: г. Смоленск\n", "mkdocs.yml:27: extra.omo.contacts: ожидается список"),
])
def test_settings_mkdocs_lets_through_stop_the_build_with_their_line(project: Project, addition: str,
                                                                     expected: str) -> None:
    settings = project.root / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + addition, encoding="utf-8")
    result = project.build()
    assert result.returncode == 1
    assert f"Ошибка в настройках сайта: {expected}" in result.stderr and "Traceback" not in result.stderr, \
        result.stderr
    assert not (project.root / "site").exists()


def test_a_settings_error_does_not_hide_the_contents_problems(project: Project) -> None:
    settings = project.root / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "site_name: Другое имя\n", encoding="utf-8")
    practice = project.root / "data/practices/kviz.yml"
    practice.write_text(practice.read_text(encoding="utf-8").replace("municipality: smolensk",
                                                                     "municipality: smolenks"), encoding="utf-8")
    result = project.build()
    assert result.returncode == 1
    assert "Ошибка в настройках сайта: mkdocs.yml:25: site_name: поле повторяется" in result.stderr, result.stderr
    assert "data/practices/kviz.yml:3: municipality: нет муниципального образования с id «smolenks»" in result.stderr


def test_settings_of_the_plugin_all_commented_out_build(project: Project) -> None:
    settings = project.root / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "extra:\n  omo:\n  # age_mark: 12+\n",
                        encoding="utf-8")
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert (project.root / "site" / "index.html").is_file()


def test_export_of_settings_not_in_utf8_says_so(project: Project, tmp_path: Path) -> None:
    settings = project.root / "mkdocs.yml"
    settings.write_bytes(settings.read_text(encoding="utf-8").encode("cp1251"))  # as Notepad of old saved it
    exported = run([sys.executable, "-m", "generator", "export", str(tmp_path / "export"), "--project",
                    str(project.root)], REPO)
    assert exported.returncode == 1
    assert "Ошибка: mkdocs.yml: файл не в кодировке UTF-8: сохраните его в UTF-8" in exported.stderr, exported.stderr
    assert not (tmp_path / "export").exists()


def test_the_editor_command_tells_unreadable_settings_with_their_line(project: Project) -> None:
    from generator.editors.edit import DECAP_SERVER, EditError, editor_commands
    from generator.outputs.admin import DECAP, YAML_LIBRARY

    for installed in (DECAP / "decap-cms.js", YAML_LIBRARY / "index.js", DECAP_SERVER):  # as npm install leaves them
        project.write(installed.as_posix(), "")
    settings = project.root / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "extra: [omo]\n", encoding="utf-8")
    with pytest.raises(EditError, match=r"^mkdocs\.yml:25: extra: ожидаются настройки"):
        editor_commands(project.root, 8000)
