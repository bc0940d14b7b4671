"""Editors' text never becomes active HTML, and no file vanishes or replaces a page behind a green build."""

from __future__ import annotations

import html
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import icalendar
import material
import pytest
from bs4 import BeautifulSoup
from conftest import REPO, Project, make_project
from test_bad_input import problems

from generator.pages.sanitize import THEME_ID_PREFIX, THEME_IDS

PRACTICE = "data/practices/kviz.yml"
STORY = "content/stories/2025-03-21-kviz.md"

# Values that would close an attribute, open an element or run a script if printed as they are.
HOSTILE = [
    'Акция "Подари книгу"',
    '"><script>alert(1)</script>',
    "x\" http-equiv=\"refresh\" content=\"0;url=https://evil.example/",
    "<svg onload=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "' onmouseover='alert(1)",
]


def assert_inert(soup: BeautifulSoup) -> None:
    """No element, handler or address an editor could have made active."""
    assert not soup.find_all(["iframe", "object", "embed", "base"])
    assert not soup.select("article form, article input, article script, article style")
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.startswith("on"), (tag.name, name)
            if name in ("href", "src", "content"):
                assert "javascript:" not in str(value).replace(" ", "").lower(), (tag.name, value)
        if tag.name == "meta":
            assert tag.get("http-equiv") is None, tag
    for script in soup.find_all("script"):
        assert "alert(1)" not in script.get_text(), script
    assert not soup.find_all("svg", onload=True)


def quoted(value: str) -> str:
    """A YAML single-quoted scalar: the value exactly as typed."""
    return "'" + value.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """One practice, one story and one hand-written page titled by its first heading per hostile value, built
    once."""
    project = make_project(tmp_path_factory.mktemp("hostile"))
    for number, value in enumerate(HOSTILE, start=1):
        project.write(f"data/practices/kviz-{number}.yml", f"""\
            title: {quoted("Квиз " + value)}
            organization: {quoted(value)}
            municipality: smolensk
            themes: local-history
            form: квиз
            school_year: 2024/2025
            summary: {quoted("Кратко " + value)}
            description: Командная игра.
            """)
        project.write(f"content/stories/2025-03-2{number}-kviz-{number}.md", f"""\
            ---
            title: {quoted("Новость " + value)}
            date: 2025-03-2{number}
            description: {quoted("Описание " + value)}
            practices: [kviz-{number}]
            ---
            Шесть команд.
            """)
        project.write(f"content/zagolovok-{number}.md", f"# Заголовок {value}\n\nТекст.\n")
    result = project.build()
    assert result.returncode == 0, result.stderr
    return project


@pytest.mark.parametrize(("number", "value"), list(enumerate(HOSTILE, start=1)))
def test_titles_and_descriptions_land_as_text_in_head_and_body(hostile: Project, number: int, value: str) -> None:
    practice = hostile.html(f"practices/kviz-{number}")
    assert practice.title.get_text() == f"Квиз {value} — ОМО школьных библиотекарей"
    assert practice.find("meta", attrs={"name": "description"})["content"] == "Кратко " + value
    assert practice.find("meta", property="og:title")["content"] == "Квиз " + value
    assert practice.find("meta", property="og:description")["content"] == "Кратко " + value
    assert practice.find("h1").get_text().rstrip("¶") == "Квиз " + value
    story = hostile.html(f"stories/2025-03-2{number}-kviz-{number}")
    assert story.find("meta", attrs={"name": "description"})["content"] == "Описание " + value
    assert story.find("meta", property="og:title")["content"] == "Новость " + value


@pytest.mark.parametrize("number", range(1, len(HOSTILE) + 1))
def test_a_title_taken_from_the_first_heading_lands_as_text_in_attributes(hostile: Project, number: int) -> None:
    # Markdown leaves quotes in a heading as they are: as a title they must not end <meta content="…">.
    page = hostile.html(f"zagolovok-{number}")
    title = page.title.get_text().removesuffix(" — ОМО школьных библиотекарей")
    assert title.startswith("Заголовок"), title
    assert page.find("meta", property="og:title")["content"] == title
    assert_inert(page)


def test_no_page_holds_an_active_element(hostile: Project) -> None:
    pages = list(hostile.root.joinpath("site").rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        assert_inert(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser"))


def test_partners_in_the_footer_are_text(project: Project) -> None:
    name = '<img src=x onerror=alert(1)> «Музей» & "Книга"'
    project.write("data/partners.yml", f"- name: {quoted(name)}\n  url: https://museum.example.org/?a=1&b=2\n")
    result = project.build()
    assert result.returncode == 0, result.stderr
    soup = project.html("")
    link = soup.select_one(".omo-footer__partners a")
    assert link.get_text() == name
    assert link["href"] == "https://museum.example.org/?a=1&b=2"
    assert_inert(soup)


@pytest.mark.parametrize(("url", "why"), [
    ('https://museum.example.org/" onmouseover="alert(1)', "в ссылке не может быть символ \""),
    ("javascript:alert(1)", "ссылка должна начинаться с https://, http:// или mailto:"),
    ("https://museum.example.org/a b", "в ссылке не может быть пробел"),
    ("https://museum.example.org/<b>", "в ссылке не может быть символ <"),
    ("https://", "ссылка записана неполно"),
    ("https://javascript:alert(1)@x", "ссылка записана неполно"),
])
def test_partner_url_must_be_a_clean_web_address(project: Project, url: str, why: str) -> None:
    project.write("data/partners.yml", f"- name: Музей\n  url: {quoted(url)}\n")
    found = problems(project)
    assert len(found) == 1 and found[0].startswith(f"data/partners.yml:2: url: {why}"), found


def test_bad_partner_url_stops_the_build(project: Project) -> None:
    project.write("data/partners.yml", "- name: Музей\n  url: 'https://x.org/\" onmouseover=\"alert(1)'\n")
    result = project.build()
    assert result.returncode == 1 and not (project.root / "site").exists()
    assert "data/partners.yml:2: url: в ссылке не может быть символ" in result.stderr


@pytest.mark.parametrize("url", ["https://vk.com/wall-1_1", "http://www.dpo-smolensk.ru/l-ribc/",
                                 "mailto:ribc@dpo-smolensk.ru", "https://смоленск.рф/путь?a=1&b=%20#x"])
def test_real_addresses_pass(project: Project, url: str) -> None:
    project.write("data/partners.yml", f"- name: Музей\n  url: {quoted(url)}\n")
    assert problems(project) == []


def test_theme_prints_no_value_unescaped() -> None:
    """The rule of SECURITY.md, kept by grep: no filter in the theme turns a value back into markup."""
    theme = Path(__file__).resolve().parent.parent / "theme"
    for template in theme.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for marker in ("striptags", "|safe", "| safe", "Markup", "autoescape false"):
            assert marker not in text.replace("never striptags, safe or Markup", ""), (template.name, marker)


# Files that would vanish or replace a page --------------------------------------

def test_story_in_a_subfolder_is_refused(project: Project) -> None:
    project.write("content/stories/2025/2025-04-02-v-papke.md",
                  "---\ntitle: Черновик в папке\ndate: 2025-04-02\ndraft: true\n---\n<script>alert(1)</script>\n")
    assert problems(project) == ["content/stories/2025/2025-04-02-v-papke.md: новость во вложенной папке не "
                                 "читается: перенесите файл прямо в папку content/stories/"]
    result = project.build()
    assert result.returncode == 1 and not (project.root / "site").exists()


def test_practice_in_a_subfolder_and_unknown_data_files_are_refused(project: Project) -> None:
    project.write("data/practices/2025/vystavka-2.yml", "title: Выставка\n")
    project.write("data/practice/kviz-2.yml", "title: Квиз\n")
    project.write("data/notes.txt", "заметки\n")
    assert problems(project) == [
        "data/notes.txt: файл не читается сайтом: в папке data/ лежат только audiences.yml, municipalities.yml, "
        "themes.yml, partners.yml, examples.yml и папки meetings/, directives/, practices/, reports/",
        "data/practice/kviz-2.yml: папка data/practice/ не читается сайтом: записи лежат в папках meetings, "
        "directives, practices, reports",
        "data/practices/2025/vystavka-2.yml: файлы во вложенных папках не читаются: перенесите файл прямо в папку "
        "data/practices/",
    ]


LITTER = [".DS_Store", "Thumbs.db", "kviz.yml.swp", "~$kviz.docx", ".~lock.kviz.yml#", "kviz.yml~"]


def test_editor_litter_is_ignored_and_not_published(project: Project) -> None:
    for litter in LITTER:
        project.write(f"data/practices/{litter}", b"\x00\x01litter")
        project.write(f"content/stories/{litter}", b"\x00\x01litter")
        project.write(f"content/files/{litter}", b"\x00\x01litter")
    assert problems(project) == []
    result = project.build()
    assert result.returncode == 0, result.stderr
    published = {path.name for path in (project.root / "site").rglob("*")}
    assert not published & set(LITTER)


@pytest.mark.parametrize(("path", "expected"), [
    ("data/practices/index.yml", "data/practices/index.yml: имя «index» занято страницей раздела practices/"),
    ("data/meetings/index.yml", "data/meetings/index.yml: имя «index» занято страницей раздела meetings/"),
])
def test_reserved_ids_are_refused(project: Project, path: str, expected: str) -> None:
    project.write(path, project.root.joinpath(PRACTICE if "practices" in path
                                              else "data/meetings/2025-09-10-zasedanie.yml").read_text("utf-8"))
    found = problems(project)
    assert len(found) == 1 and found[0].startswith(expected), found


def test_reserved_vocabulary_id(project: Project) -> None:
    text = project.root.joinpath("data/themes.yml").read_text(encoding="utf-8")
    project.write("data/themes.yml", text + "- id: index\n  name: Всё\n")
    assert problems(project) == ["data/themes.yml:5: id: id «index» занят страницей раздела: выберите другой"]


@pytest.mark.parametrize("path", ["content/practices/kviz.md", "content/meetings/index.md",
                                  "content/assets/javascripts/bundle.js", "content/feed.xml", "content/404.md"])
def test_hand_written_file_over_a_generated_one_is_refused(project: Project, path: str) -> None:
    project.write(path, "# Подмена\n")
    found = problems(project)
    assert any(p.startswith(f"{path}: ") and "создаётся при сборке сайта" in p for p in found), found


@pytest.mark.parametrize("page", ["admin", "practices", "monitoring"])
def test_a_page_named_like_a_generated_address_is_refused(project: Project, page: str) -> None:
    # content/admin.md would be published as admin/index.html, over the browser editor (a log-in page to fake).
    project.write(f"content/{page}.md", "---\ntitle: Подмена\n---\nЭто не редактор.\n")
    assert problems(project) == [f"content/{page}.md: content/{page} создаётся при сборке сайта, и этот файл заменил "
                                 "бы созданное: перенесите файл в другую папку или переименуйте его"]
    result = project.build()
    assert result.returncode == 1 and not (project.root / "site").exists()


@pytest.mark.parametrize(("path", "fixed"), [
    ("content/<img src=x onerror=alert(1)>.md", "img-src-x-onerror-alert-1.md"),
    ('content/x" onmouseover="alert(2).md', "x-onmouseover-alert-2.md"),
    ("content/О нас.md", "o-nas.md"),
    ("content/Документы/План работы.md", "dokumenty/plan-raboty.md"),
    ("content/p\udcfe.md", "p.md"),
])
def test_a_page_name_becomes_an_address_and_must_be_latin(project: Project, path: str, fixed: str) -> None:
    # Without a title or a heading, a page is titled by its file name; a builder without our plugin prints that
    # title unescaped, so a name is an id, as an entry's is.
    project.root.joinpath(path).parent.mkdir(parents=True, exist_ok=True)
    Path(os.fsencode(project.root / path).decode("utf-8", "surrogateescape")).write_text("Текст.\n", encoding="utf-8")
    found = problems(project)
    assert len(found) == 1 and found[0].endswith(f"переименуйте в {fixed}"), found
    assert "должно состоять из строчных латинских букв" in found[0]
    result = project.build()
    assert result.returncode == 1 and "Traceback" not in result.stderr and not (project.root / "site").exists()


@pytest.mark.parametrize(("name", "expected"), [
    ("plan#2.pdf", "знак «#» в имени файла или папки в адресе значит другое, и ссылка на файл не откроется: "
                   "переименуйте в files/plan2.pdf"),
    ("100%?.pdf", "знак «?», «%» в имени файла или папки в адресе значит другое, и ссылка на файл не откроется: "
                  "переименуйте в files/100.pdf"),
    ("b\udcff.pdf", "имя файла или папки записано не в кодировке UTF-8 и не может быть адресом на сайте: "
                     "переименуйте его"),
])
def test_an_attachment_name_that_cannot_be_an_address_is_refused(project: Project, name: str, expected: str) -> None:
    target = project.root / "content" / "files" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"%PDF-1.4\n%%EOF\n")
    found = [line for line in problems(project) if expected in line]
    assert len(found) == 1, problems(project)
    result = project.build()
    assert result.returncode == 1 and "Traceback" not in result.stderr and not (project.root / "site").exists()


def test_duplicates_in_id_lists_name_the_repeated_id(project: Project) -> None:
    text = project.root.joinpath(PRACTICE).read_text(encoding="utf-8")
    project.write(PRACTICE, text.replace("themes: local-history", "themes: [local-history, patriotic, local-history]"))
    assert problems(project) == [f"{PRACTICE}:4: themes[3]: «local-history» указан в списке дважды: "
                                 "оставьте один раз"]


def test_hand_written_pages_front_matter_is_checked(project: Project) -> None:
    project.write("content/about.md", "---\ntitle: О нас\ntemplate: evil.html\nhide: [navigaton]\n---\n# О нас\n")
    project.write("content/editors/help.md", "---\ntitle: [не закрыт\n---\n# Помощь\n")
    found = problems(project)
    assert found[:2] == [
        "content/about.md:3: template: неизвестное поле: удалите его или проверьте написание",
        "content/about.md:4: hide[1]: недопустимое значение «navigaton»; допустимые: navigation, toc, footer, "
        "path, tags",
    ], found
    assert found[2].startswith("content/editors/help.md:") and "ошибка в записи YAML" in found[2], found


def test_hand_written_pages_are_sanitized(project: Project) -> None:
    project.write("content/about.md", "# О нас\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
                                      "[ссылка](javascript:alert(1))\n")
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert_inert(project.html("about"))


def test_field_error_does_not_hide_reference_errors(project: Project) -> None:
    text = project.root.joinpath(PRACTICE).read_text(encoding="utf-8")
    project.write(PRACTICE, text.replace("form: квиз", "form: игра").replace("municipality: smolensk",
                                                                              "municipality: smolenks"))
    found = problems(project)
    assert [p.split(":")[2].strip() for p in found] == ["municipality", "form"], found
    assert "возможно, вы имели в виду: smolensk" in found[0]


def test_broken_vocabulary_entry_causes_no_follow_on_errors(project: Project) -> None:
    text = project.root.joinpath("data/municipalities.yml").read_text(encoding="utf-8")
    project.write("data/municipalities.yml", text.replace("kind: городской округ", "kind: город"))
    found = problems(project)
    assert len(found) == 1 and found[0].startswith("data/municipalities.yml:3: kind:"), found


def test_search_results_show_hostile_titles_as_text(hostile: Project) -> None:
    from browser import browser_page, serve
    from test_search import search

    with serve(hostile.root / "site") as base, browser_page() as page:
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(base)
        assert len(search(page, "Квиз")) >= len(HOSTILE)
        results = page.inner_text(".md-search-result").replace("\u00ad", "")
        assert "Квиз <svg onload=alert(1)>" in results
        assert 'Квиз "><script>alert(1)</script>' in results
        assert page.locator(".md-search-result svg[onload], .md-search-result script").count() == 0
        page.wait_for_timeout(300)
    assert dialogs == []


def test_export_stays_inert_without_our_plugin(hostile: Project, tmp_path: Path) -> None:
    """A builder that escapes and sanitizes nothing gets pages already safe."""
    import shutil

    from test_workflow import generator

    source = Project(tmp_path / "source")
    shutil.copytree(hostile.root, source.root, ignore=shutil.ignore_patterns("site"))
    source.write("content/index.md", "---\ntitle: 'Главная \"><script>alert(1)</script>'\n---\n# Добро\n\n"
                                     "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
                                     "[клик](java\tscript:alert(3))\n")
    source.write("content/about.md", "---\ndescription: 'О нас \"><svg onload=alert(1)>'\n---\n# О нас\n\n"
                                     "<object data=https://evil.example/></object>\n")
    partner = 'Музей <img src=x onerror=alert(4)> «Смоленск» & Co'
    # Attribute lists: rendered fields, fields that stay Markdown (a heading), hand-written pages.
    source.write("data/practices/atributy.yml", """\
title: Атрибуты
organization: Школа
municipality: smolensk
themes: local-history
form: квиз
school_year: 2024/2025
description: |
  ![обложка](images/cover.svg){: onerror="alert(5)" }

  Настройки {: #__config }
results: |
  ## Итоги {: onclick="alert(6)" }

  [подробнее](https://evil.example/phish){: .md-consent__overlay }
""")
    source.write("content/refresh.md", '#0;url=https://evil.example/" http-equiv="refresh\n\n'
                                       'Абзац {: onclick="alert(7)" }\n\n`код {: #x }`\n')
    # What this filter and a builder could disagree on as code: a fence with words after it, a code span in a heading.
    source.write("content/fence.md", '# 0;url=https://evil.example/ `c` " http-equiv="refresh" x="\n\n'
                                     '``` not a fence\n\nАбзац\n{: onclick="alert(8)" #__config }\n\n```\n')
    source.write("data/partners.yml", f"- name: {quoted(partner)}\n  url: https://museum.example.org/?a=1&b=2\n")
    target = tmp_path / "export"
    result = generator(source, "export", str(target))
    assert result.returncode == 0, result.stderr
    exported = Project(target)
    built = exported.build()
    assert built.returncode == 0, built.stderr
    for page in (target / "site").rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert_inert(soup)
        for link in soup.find_all("a", href=True):
            assert not link["href"].replace("\t", "").lower().startswith("javascript:"), link
    home = exported.html("")
    assert home.title.get_text() == 'Главная "><script>alert(1)</script> — ОМО школьных библиотекарей'
    assert exported.html("about").find("meta", attrs={"name": "description"})["content"] == \
        'О нас "><svg onload=alert(1)>'
    practice = exported.html("practices/kviz-2")
    assert practice.find("meta", property="og:title")["content"] == 'Квиз "><script>alert(1)</script>'
    attributes = exported.html("practices/atributy")
    assert [tag.name for tag in attributes.select('[id="__config"]')] == ["script"]
    assert not attributes.select(".md-consent__overlay")
    assert "Итоги" in attributes.find("article").get_text()
    refresh = exported.html("refresh")
    # «#0;…» with no space is text, as in CommonMark (markdown_lists.py): the page is titled by its file's name.
    assert refresh.find("meta", property="og:title")["content"] == "Refresh"
    assert '#0;url=https://evil.example/" http-equiv="refresh' in refresh.find("article").get_text()
    assert refresh.find("code") is not None and not refresh.select('[id="x"]')  # in code a brace shows as &#123;
    assert "http-equiv" in exported.html("fence").find("meta", property="og:title")["content"]
    # The footer's partners come from editors' files; the exported theme renders them as text.
    link = home.select_one(".omo-footer__partners a")
    assert link.get_text() == partner and link["href"] == "https://museum.example.org/?a=1&b=2"


def test_coordinator_fields_land_as_text(project: Project) -> None:
    text = project.root.joinpath("data/municipalities.yml").read_text(encoding="utf-8")
    value = '"><script>alert(1)</script> «Отдел» & <b>x</b>'
    text = (text.replace("position: главный специалист", f"position: {quoted(value)}")
            .replace("name: И. И. Иванова", f"name: {quoted('Иванова ' + value)}"))
    project.write("data/municipalities.yml", text)
    result = project.build()
    assert result.returncode == 0, result.stderr
    for address in ("municipalities/vyazemskiy", "municipalities"):
        soup = project.html(address)
        assert_inert(soup)
        assert not soup.select("article script, article b"), address
    page = " ".join(project.html("municipalities/vyazemskiy").select_one(".omo-coordinator").get_text(" ").split())
    assert value in page and "Иванова " + value in page


def test_a_pipe_in_place_of_a_file_is_refused_without_waiting(project: Project) -> None:
    import os

    os.mkfifo(project.root / "data/practices/truba.yml")
    os.mkfifo(project.root / "content/files/truba.pdf")
    found = problems(project)  # returns: nothing is opened for reading
    assert "data/practices/truba.yml: это не обычный файл: положите сюда сам файл" in found
    assert any(p.startswith("content/files/truba.pdf: ") for p in found), found


def test_editors_ids_cannot_take_the_ids_the_theme_looks_up(project: Project) -> None:
    # Material reads its settings from the first #__config on the page: one in the article would point it elsewhere.
    build_with(project, PRACTICE, "description: Командная игра по книгам смоленских писателей.", """\
description: |
  {"base":"https://evil.example/","features":["navigation.instant"]}
  {: #__config }

  Календарь {: #omo-calendar }

  <p id="__search">поиск</p>

  ## OMO-2025
""")
    page = project.html("practices/kviz")
    assert [tag.name for tag in page.select('[id="__config"]')] == ["script"]
    assert [tag.name for tag in page.select('[id="__search"]')] == ["input"]
    assert [tag.name for tag in page.select('[id="omo-calendar"]')] == ["h2"]  # the footer's heading
    assert "evil.example" in page.find("article").get_text()  # the text stays, as text
    assert page.select_one('[id="omo-2025"]').get_text().startswith("OMO-2025")  # other ids stay


def test_the_ids_the_theme_uses_are_kept_from_editors() -> None:
    """Every id written in our templates and Material's is one sanitize_html refuses to editors."""
    material_templates = Path(material.__file__).parent / "templates"
    templates = [*REPO.joinpath("theme").rglob("*.html"), *material_templates.rglob("*.html")]
    ids = {match for path in templates for match in re.findall(r'\bid="([^"{]+)"', path.read_text(encoding="utf-8"))}
    assert {"__config", "omo-calendar"} <= ids
    assert not {found for found in ids if not found.startswith(THEME_ID_PREFIX) and found not in THEME_IDS}


def build_with(project: Project, relative: str, old: str, new: str) -> None:
    """The project built, with ``old`` in one of its files replaced by ``new``."""
    path = project.root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    result = project.build()
    assert result.returncode == 0, result.stderr


def test_a_relative_link_in_a_resolution_item_leads_to_the_file_from_every_page(project: Project) -> None:
    # Written from content/, as file: is: a data file has no folder on the site.
    build_with(project, "data/directives/2024-08-27-sekciya-omo.yml", "    - обеспечивать своевременное информирование",
               "    - обеспечивать информирование, см. [план](files/2024-08-27/plan.pdf)")
    for address in ("resolutions/2024-08-27-sekciya-omo", "audiences/rmo", "municipalities/vyazemskiy"):
        link = project.html(address).find("a", string="план")
        target = urljoin(f"https://omo.example.org/{address}/", link["href"])
        assert target == "https://omo.example.org/files/2024-08-27/plan.pdf", (address, link)
    assert (project.root / "site/files/2024-08-27/plan.pdf").is_file()


def test_a_line_break_in_a_meeting_title_adds_no_line_to_the_calendars(project: Project) -> None:
    build_with(project, "data/meetings/2024-08-27-sekciya-omo.yml", "title: Секция ОМО школьных библиотекарей",
               "title: |\n  Секция ОМО\n  ATTACH:https://evil.example/x.exe")
    for name in ("meetings/2024-08-27-sekciya-omo.ics", "meetings.ics"):
        calendar = icalendar.Calendar.from_ical((project.root / "site" / name).read_bytes())
        assert not [part for part in calendar.walk() if "ATTACH" in part], name
        titles = [str(part["SUMMARY"]) for part in calendar.walk("VEVENT")]
        assert "Секция ОМО\nATTACH:https://evil.example/x.exe" in titles, name
    single = icalendar.Calendar.from_ical((project.root / "site/meetings/2024-08-27-sekciya-omo.ics").read_bytes())
    # The calendar's name, a property the parser does not know, read back as written: the break escaped in it.
    assert str(single["X-WR-CALNAME"]) == "Секция ОМО\\nATTACH:https://evil.example/x.exe"


def test_editors_classes_cannot_be_the_themes(project: Project) -> None:
    # Material loads Mermaid from unpkg.com for a .mermaid element, and .md-consent__overlay covers the window.
    project.write("content/about.md", '# О нас\n\n<pre class="mermaid">graph TD; A-->B</pre>\n\n'
                                      '[подробнее](https://evil.example/phish){: .md-consent__overlay .vazhno }\n')
    result = project.build()
    assert result.returncode == 0, result.stderr
    article = project.html("about").find("article")
    assert not article.select(".mermaid, [class*=md-consent]")
    assert article.find("a", string="подробнее")["class"] == ["vazhno"]  # other classes stay


def test_a_title_and_a_summary_reach_feed_readers_as_the_text_typed(project: Project) -> None:
    # RSS readers show <title> and <description> as HTML: plain text must not become an image that loads or runs.
    summary = '<img src=https://evil.example/t.png onerror=alert(1)> «Итоги» & итоги'
    title = '<img src=x onerror=alert(2)> Итоги & планы'
    story = project.root / "content/stories/2024-08-28-itogi.md"
    project.write("content/stories/2024-08-28-itogi.md", story.read_text(encoding="utf-8")
                  .replace("summary: Коротко о главном", f"summary: {quoted(summary)}")
                  .replace("title: Итоги секции", f"title: {quoted(title)}"))
    result = project.build()
    assert result.returncode == 0, result.stderr
    for feed in ("feed.xml", "feed-all.xml"):
        channel = ET.fromstring((project.root / "site" / feed).read_bytes()).find("channel")
        item = next(item for item in channel.iter("item") if "Итоги &amp; планы" in item.findtext("title"))
        for shown in (item.findtext("title"), item.findtext("description")):
            parsed = BeautifulSoup(shown, "html.parser")
            assert parsed.find_all(True) == [] and parsed.get_text() in (title, summary), feed


# Links in data files' Markdown fields ------------------------------------------

def test_links_in_a_practice_are_written_from_content_and_lead_there(project: Project) -> None:
    build_with(project, PRACTICE, "description: Командная игра по книгам смоленских писателей.",
               "description: Игра, см. [план](files/2024-08-27/plan.pdf), [выставку](practices/vystavka.md#itogi) "
               "и [новость](stories/2024-08-28-itogi.md).")
    links = {a.get_text(): a["href"] for a in project.html("practices/kviz").select("article a")}
    base = "https://omo.example.org/practices/kviz/"
    assert urljoin(base, links["план"]) == "https://omo.example.org/files/2024-08-27/plan.pdf"
    assert urljoin(base, links["выставку"]) == "https://omo.example.org/practices/vystavka/#itogi"
    assert urljoin(base, links["новость"]) == "https://omo.example.org/stories/2024-08-28-itogi/"


def test_links_that_lead_nowhere_are_named_with_their_field_and_line(project: Project) -> None:
    text = project.root.joinpath(PRACTICE).read_text(encoding="utf-8")
    project.write(PRACTICE, text.replace(
        "description: Командная игра по книгам смоленских писателей.",
        "description: |\n  Игра.\n\n  [нет](files/net.pdf) [назад](../files/2024-08-27/plan.pdf)\n"
        "  [комп](C:\\Users\\Библиотекарь\\plan.docx) [страница](practices/vystavka/) [Plan](files/2024-08-27/Plan.pdf)"
        "\n\n  `[в коде](files/net.pdf)`, [сайт](https://example.org/x), [якорь](#itogi)"))
    def at(line: int) -> str:  # the line of the link in the block of text, not the field's first line
        return f"{PRACTICE}:{line}: description: ссылка "

    assert sorted(problems(project)) == sorted([
        at(10) + "«../files/2024-08-27/plan.pdf»: путь пишется от папки content/, без «../» (files/plan.pdf); "
                 "ссылка на страницу сайта — как practices/kviz.md",
        at(11) + "«C:\\Users\\Библиотекарь\\plan.docx» ведёт на файл на вашем компьютере, читатели его не откроют: "
                 "загрузите файл в content/files/ и напишите путь от папки content/ через «/», например files/plan.pdf",
        at(11) + "«files/2024-08-27/Plan.pdf» ведёт на файл, которого нет: есть файл plan.pdf: имя отличается "
                 "заглавными и строчными буквами; напишите имя как у файла",
        at(10) + "«files/net.pdf» ведёт на файл, которого нет: путь пишется от папки content/, как в поле file: "
                 "(files/plan.pdf); ссылка на страницу сайта — как practices/kviz.md",
        at(11) + "«practices/vystavka/»: на страницу сайта ссылаются по её файлу: practices/vystavka.md",
    ])
    result = project.build()
    assert result.returncode == 1 and not (project.root / "site").exists()


def test_a_link_to_a_record_with_problems_is_not_reported_again(project: Project) -> None:
    broken = project.root / "data/practices/vystavka.yml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    text = project.root.joinpath(PRACTICE).read_text(encoding="utf-8")
    project.write(PRACTICE, text.replace("писателей.", "писателей, см. [выставку](practices/vystavka.md)."))
    assert not [found for found in problems(project) if "ссылка" in found], problems(project)


@pytest.mark.parametrize(("path", "text", "line"), [
    (PRACTICE, None, 8),  # the picture's line in the block of text
    (STORY, "---\ntitle: Квиз\ndate: 2025-03-21\n---\nШесть команд.\n\n{}\n", 7),
    ("content/o-nas.md", "# О нас\n\n{}\n", 3),
])
@pytest.mark.parametrize("picture", ["![p](https://evil.example/pixel.png)", "![p][r]\n\n[r]: //evil.example/p.png"])
def test_a_picture_from_another_site_is_refused(project: Project, path: str, text: str | None, line: int,
                                                picture: str) -> None:
    # Every reader's browser would ask that site for it, telling it who reads the page: a tracking pixel.
    if text is None:
        original = project.root.joinpath(path).read_text(encoding="utf-8")
        project.write(path, original.replace("description: Командная игра по книгам смоленских писателей.",
                                             "description: |\n  " + picture.replace("\n", "\n  ")))
    else:
        project.write(path, text.format(picture))
    address = "https://evil.example/pixel.png" if "https" in picture else "//evil.example/p.png"
    found = problems(project)
    line = line + (2 if "[r]:" in picture else 0)  # the line of the reference's address
    field = "description: " if text is None else ""
    assert found == [f"{path}:{line}: {field}картинка «{address}» загружается с другого сайта: браузер каждого "
                     "читателя обратится к нему и сообщит свой адрес, а удалят её там — пропадёт и здесь; скачайте "
                     "картинку и загрузите в content/images/, а в тексте сошлитесь на этот файл"], found


def test_a_path_on_the_editors_computer_in_a_story_is_refused(project: Project) -> None:
    project.write(STORY, "---\ntitle: Квиз\ndate: 2025-03-21\n---\nШесть команд.\n\n"
                         "Фото: ![фото](C:\\Users\\Библиотекарь\\foto.jpg)\n"
                         "План: [план](file:///C:/Users/Lib/plan.docx)\n`[в коде](C:\\x)`\n")
    advice = ("ведёт на файл на вашем компьютере, читатели его не откроют: загрузите файл в content/files/ и напишите "
              "путь от этой страницы через «/», например ../files/plan.pdf")
    assert problems(project) == [f"{STORY}:7: ссылка «C:\\Users\\Библиотекарь\\foto.jpg» {advice}",
                                 f"{STORY}:8: ссылка «file:///C:/Users/Lib/plan.docx» {advice}"]


def test_links_in_a_story_are_checked_from_its_folder_in_russian(project: Project) -> None:
    # Before, MkDocs warned in English about a generated file the editor does not have, or said nothing at all.
    project.write(STORY, "---\ntitle: Квиз\ndate: 2025-03-21\n---\nШесть команд.\n\n"
                         "[план](../files/2024-08-27/plan.pdf) [выставка](../practices/vystavka.md#itogi) "
                         "[новость](2024-08-28-itogi.md)\n"
                         "[нет](../files/net.pdf) [каталог](../practices/vystavka/) [наружу](../../secret.txt)\n")
    advice = ("путь пишется от этой страницы: к файлу из content/files/ — ../files/plan.pdf, к странице сайта — по её "
              "файлу, ../practices/kviz.md")
    assert problems(project) == [
        f"{STORY}:8: ссылка «../../secret.txt» ведёт за пределы папки content/: {advice}",
        f"{STORY}:8: ссылка «../files/net.pdf» ведёт на файл, которого нет: {advice}",
        f"{STORY}:8: ссылка «../practices/vystavka/»: на страницу сайта ссылаются по её файлу: "
        "../practices/vystavka.md",
    ]
    project.write(STORY, project.root.joinpath(STORY).read_text(encoding="utf-8").split("[нет]")[0])
    result = project.build()
    assert result.returncode == 0, result.stderr
    links = {a.get_text(): a["href"] for a in project.html("stories/2025-03-21-kviz").select("article a")}
    base = "https://omo.example.org/stories/2025-03-21-kviz/"
    assert urljoin(base, links["план"]) == "https://omo.example.org/files/2024-08-27/plan.pdf"
    assert urljoin(base, links["выставка"]) == "https://omo.example.org/practices/vystavka/#itogi"


@pytest.mark.parametrize("picture", [
    "![a [b] c](https://evil.example/1.png)", "![x](\nhttps://evil.example/2.png)",
    "![x] [r]\n\n[r]: https://evil.example/3.png", "![x][r]\n\n> [ r ]: https://evil.example/4.png",
    '![x](../images/cover.svg){: src="https://evil.example/5.png" }', '<img src="&#47;&#47;evil.example/6.png">',
    '<img src="HTTPS://evil.example/7.png">', '<img src=" https://evil.example/8.png">',
    '<img src="&#1;https://evil.example/9.png">', '<img src="/&#9;/evil.example/10.png">',
])
def test_no_form_of_markdown_brings_a_picture_from_another_site(project: Project, picture: str) -> None:
    # The check names the common forms; the sanitizer drops every other one, whatever Markdown made of it. Raw
    # HTML goes in a hand-written page, where it is rendered.
    path, address = ("content/o-nas.md", "o-nas") if picture.startswith("<") else (STORY, "stories/2025-03-21-kviz")
    front = "" if path == "content/o-nas.md" else "---\ntitle: Квиз\ndate: 2025-03-21\n---\n"
    project.write(path, f"{front}Шесть команд.\n\n{picture}\n")
    result = project.build()
    if result.returncode != 0:  # refused by the check, by name
        assert "загружается с другого сайта" in result.stdout + result.stderr, result.stderr
        return
    sources = [html.unescape(img.get("src", "")) for img in project.html(address).select("article img")]
    assert not [src for src in sources if "evil.example" in src], sources


def test_a_rebased_address_never_becomes_a_script(project: Project) -> None:
    text = project.root.joinpath(PRACTICE).read_text(encoding="utf-8")
    project.write(PRACTICE, text.replace("description: Командная игра по книгам смоленских писателей.",
                                         "description: '[x](practices/vystavka.md?/../javascript:alert(1))'"))
    result = project.build()
    assert result.returncode == 0, result.stderr
    hrefs = [a["href"] for a in project.html("practices/kviz").select("article a[href]")]
    assert hrefs and not [href for href in hrefs if href.replace(" ", "").lower().startswith("javascript:")], hrefs


@pytest.mark.parametrize("text", ["\\`<img src=x onerror=alert(1)>`", "> [q]: javascript:alert(1)\n\n[клик][q]",
                                  "- [q]: javascript:alert(1)\n\n[клик][q]",
                                  "[q]:\n  javascript:alert(1)\n\n[клик][q]",
                                  "`a\n\n<img src=x onerror=alert(1)>\n\nb`",
                                  "```foo bar\n<img src=x onerror=alert(2)>\n```",
                                  "`x\n<div onmouseover=alert(3)>\ny`",
                                  # Python-Markdown reads «<mailto:…>» as an address only with «@» in it;
                                  # without, as a tag, whose «/» separates attributes
                                  "Пишите <mailto:x/autofocus/contenteditable/onfocus=document.title=1>",
                                  "<mailto:a@b.ru/onfocus=alert(4)/autofocus> и <MAILTO:x/onclick=alert(5)>",
                                  # a code span ends where a quote, a heading or a rule starts a block
                                  "Текст `начало\n> <img src=x onerror=alert(6)> конец`",
                                  "Текст `начало\n## <svg onload=alert(7)> x`",
                                  "Текст `начало\n***\n<img src=x onerror=alert(8)> конец`",
                                  "Текст `начало\n---\n<img src=x onerror=alert(9)> конец`",
                                  "Текст `начало\n   # <img src=x onerror=alert(10)> конец`",
                                  # … and a list item or a table's row
                                  "- пункт `код\n- <img src=x onerror=alert(11)>`",
                                  "1. пункт `код\n2. <b onmouseover=alert(12)>x</b>`",
                                  "| `x | y |\n|---|---|\n| <img src=x onerror=alert(13)> | ` |"])
def test_what_the_filter_and_markdown_disagreed_on_stays_inert_in_the_export(project: Project, tmp_path: Path,
                                                                            text: str) -> None:
    from test_workflow import generator

    project.write("content/o-nas.md", f"# О нас\n\n{text}\n")
    target = tmp_path / "export"
    assert generator(project, "export", str(target)).returncode == 0
    exported = Project(target)
    built = exported.build()
    assert built.returncode == 0, built.stderr
    page = exported.html("o-nas")
    assert_inert(page)
    assert not page.select("article img[onerror]")
    assert not [a for a in page.select("article a[href]") if a["href"].lower().startswith("javascript")]


def test_code_in_editors_fields_is_code_in_the_export_as_on_the_site(project: Project, tmp_path: Path) -> None:
    """MkDocs always reads fenced code; the export's renderer of fields did not, and the code's HTML came out as
    elements (a link to anywhere, an element that sanitizing keeps) where the site shows text."""
    from test_workflow import generator

    text = project.root.joinpath(PRACTICE).read_text(encoding="utf-8")
    code = '<a href="https://evil.example/">войти</a>\n<b>жирный</b>'
    project.write(PRACTICE, text.replace("description: Командная игра по книгам смоленских писателей.",
                                         "description: |\n  Игра.\n\n  ```\n"
                                         + "".join(f"  {line}\n" for line in code.split("\n")) + "  ```\n"))
    assert project.build().returncode == 0
    target = tmp_path / "export"
    assert generator(project, "export", str(target)).returncode == 0
    exported = Project(target)
    built = exported.build()
    assert built.returncode == 0, built.stderr
    for site in (project, exported):
        article = site.html("practices/kviz").select_one("article")
        assert [block.get_text() for block in article.select("pre code")] == [code + "\n"]
        assert not article.select("a[href^='https://evil'], b")


def test_the_addresses_links_may_name_are_the_files_the_build_makes(project: Project) -> None:
    # The link check knows the generated pages from the core (no pages layer there); it must not drift from them.
    from generator.core.build import load_site
    from generator.outputs.exports import export_files
    from generator.outputs.feeds import feed_files
    from generator.pages.pages import generate_pages

    site = load_site(project.root, project.root / "data", project.root / "content")
    made = {page.src_uri for page in generate_pages(site)}
    made |= {file.src_uri for file in [*feed_files(site, "https://omo.example.org/", "ОМО", ""),
                                       *export_files(site, "https://omo.example.org/")]}
    assert site.generated_addresses == made


def test_links_to_every_kind_of_generated_file_pass_and_a_page_not_made_does_not(project: Project) -> None:
    text = project.root.joinpath(PRACTICE).read_text(encoding="utf-8")
    links = ("[план](plan/2024-2025.md) [формы](forms/index.md) [лента](feed.xml) [календарь](meetings.ics) "
             "[выгрузка](exports/reports.csv) [квиз](forms/kviz.md) [мониторинг](monitoring/2025-03-20-seminar.md)")
    project.write(PRACTICE, text.replace("description: Командная игра по книгам смоленских писателей.",
                                         f"description: '{links}'"))
    assert [line.split(": ссылка ")[1].split(" ведёт")[0] for line in problems(project)] == \
        ["«monitoring/2025-03-20-seminar.md»"]  # no district reports on that resolution: no monitoring page


@pytest.mark.parametrize(("link", "expected"), [
    ("[ВК](vk.com/club123)", "ссылка «vk.com/club123» похожа на адрес сайта: он начинается с https:// — "
                             "https://vk.com/club123"),
    ("[план](<files/2024-08-27/plan.pdf>)", "адрес в угловых скобках «<files/2024-08-27/plan.pdf>» не читается: "
                                            "уберите скобки, а файл с пробелами в имени переименуйте (пробелы "
                                            "замените дефисами)"),
])
def test_a_link_slip_in_a_field_gets_its_own_advice(project: Project, link: str, expected: str) -> None:
    text = project.root.joinpath(PRACTICE).read_text(encoding="utf-8")
    project.write(PRACTICE, text.replace("description: Командная игра по книгам смоленских писателей.",
                                         f"description: '{link}'"))
    assert problems(project) == [f"{PRACTICE}:7: description: {expected}"]


def test_a_cover_on_the_editors_computer_is_told_to_be_uploaded(project: Project) -> None:
    text = project.root.joinpath(PRACTICE).read_text(encoding="utf-8")
    project.write(PRACTICE, text + "cover: C:\\Users\\Lib\\foto.jpg\n")
    found = problems(project)
    assert len(found) == 1 and "ведёт на файл на вашем компьютере" in found[0] and "C:/Users" not in found[0], found


def test_a_table_in_a_hand_written_page_is_html_there_not_a_paste(project: Project) -> None:
    project.write("content/o-nas.md", "# О нас\n\n<table><tr><td>Место</td></tr></table>\n")
    assert problems(project) == []


@pytest.mark.parametrize(("first", "second"), [("content/editors.md", "content/editors/index.md"),
                                                ("content/o-nas.md", "content/o-nas/index.md")])
def test_two_pages_at_one_address_are_both_named(project: Project, first: str, second: str) -> None:
    project.write(first, "# Одна\n")
    project.write(second, "# Другая\n")
    found = problems(project)
    assert len(found) == 2 and all("публикуются по одному адресу" in line for line in found), found


def test_a_page_at_the_news_lists_address_is_refused(project: Project) -> None:
    project.write("content/stories.md", "# Новости\n")
    assert any(line.startswith("content/stories.md: ") and "создаётся при сборке сайта" in line
               for line in problems(project)), problems(project)


def test_an_id_with_a_final_line_break_is_not_an_id() -> None:
    from generator.core.model import ID_PATTERN

    assert ID_PATTERN.match("kviz") and not ID_PATTERN.match("kviz\n")



def test_the_home_intro_and_fields_printed_inside_lines_stay_inert_in_the_export(project: Project,
                                                                                tmp_path: Path) -> None:
    from test_workflow import generator

    project.write("content/index.md", '# Добро\n\n![p](images/cover.svg){: onload="alert(5)" }\n')
    meeting = "data/meetings/2025-09-10-zasedanie.yml"
    text = project.root.joinpath(meeting).read_text(encoding="utf-8")
    project.write(meeting, text + 'problem_field:\n  - \'[x](https://example.org){: onmouseover="alert(6)" }\'\n')
    target = tmp_path / "export"
    assert generator(project, "export", str(target)).returncode == 0
    exported = Project(target)
    built = exported.build()
    assert built.returncode == 0, built.stderr
    for page in (target / "site").rglob("*.html"):
        assert_inert(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser"))


def test_a_link_in_a_field_printed_inside_a_line_leads_to_the_file(project: Project) -> None:
    meeting = "data/meetings/2025-09-10-zasedanie.yml"
    text = project.root.joinpath(meeting).read_text(encoding="utf-8")
    build_with(project, meeting, text, text + "problem_field:\n  - См. [план](files/2024-08-27/plan.pdf)\n")
    pages = [page for page in (project.root / "site").rglob("index.html") if "plan" in page.parts]
    found = []
    for page in pages:
        address = page.parent.relative_to(project.root / "site").as_posix()
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        found += [urljoin(f"https://omo.example.org/{address}/", a["href"]) for a in soup.select("article a")
                  if a.get_text() == "план"]
    assert found and set(found) == {"https://omo.example.org/files/2024-08-27/plan.pdf"}, found


def test_the_link_checks_parse_no_file_again_when_there_is_nothing_to_report(project: Project,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # A line is found by the careful parser; asking for it for every field made every build parse every file twice.
    from generator.core import yamlio
    from generator.core.build import load_site

    calls: list[str] = []
    careful = yamlio._careful_parse
    monkeypatch.setattr(yamlio, "_careful_parse", lambda text, name, first: calls.append(name) or careful(text, name,
                                                                                                         first))
    load_site(project.root, project.root / "data", project.root / "content")
    assert [name for name in calls if name.count("/") > 1] == []  # no record's file (vocabularies are read so)
