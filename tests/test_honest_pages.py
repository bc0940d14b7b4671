"""Honest and finished pages: «уточняется» marks, the site's address from SITE_URL and the publish guard,
section index pages, empty theme pages, the meetings calendar and the feeds."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys

import feedparser
import icalendar
import pytest
from conftest import REPO, TODAY_EPOCH, Project, main_text, make_project, text_is

from generator.core.addresses import site_url_from_environment, site_url_problem
from generator.core.model import Meeting

UNCONFIRMED = "unconfirmed: [date, place]\n"


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The test project with the August meeting's date and place marked, and a theme without practices."""
    project = make_project(tmp_path_factory.mktemp("marked"))
    path = project.root / "data/meetings/2024-08-27-sekciya-omo.yml"
    path.write_text(path.read_text(encoding="utf-8") + UNCONFIRMED, encoding="utf-8")
    project.write("data/themes.yml", "- id: patriotic\n  name: Военно-патриотическое воспитание\n"
                                     "- id: local-history\n  name: Историко-краеведческое воспитание\n"
                                     "- id: network\n  name: Сетевое взаимодействие\n")
    result = project.build()
    assert result.returncode == 0, result.stderr
    return project


# «уточняется» -------------------------------------------------------------------------------------

def test_unconfirmed_is_a_checked_list_of_fields() -> None:
    meeting = Meeting.model_validate({"title": "x", "date": "2024-08-27", "unconfirmed": "place"})
    assert meeting.unconfirmed == ["place"] and meeting.unconfirmed_note("place") == "место уточняется"
    assert meeting.unconfirmed_note("date") == ""
    with pytest.raises(ValueError, match="дважды"):
        Meeting.model_validate({"title": "x", "date": "2024-08-27", "unconfirmed": ["date", "date"]})


def test_wrong_unconfirmed_field_is_reported_in_russian(project: Project) -> None:
    path = project.root / "data/meetings/2024-08-27-sekciya-omo.yml"
    path.write_text(path.read_text(encoding="utf-8") + "unconfirmed: [data]\n", encoding="utf-8")
    result = project.build()
    assert result.returncode != 0
    assert "unconfirmed[1]: недопустимое значение «data»; допустимые: date, time" in result.stderr


def test_marks_on_meeting_page_list_and_plan(marked: Project) -> None:
    page = marked.html("meetings/2024-08-27-sekciya-omo")
    facts = " ".join(page.select_one(".meeting-facts").get_text(" ").split())
    assert "27 августа 2024 г. (дата уточняется)" in facts
    assert "ГАУ ДПО СОИРО, г. Смоленск (место уточняется)" in facts
    assert "(дата уточняется)" in page.title.get_text()
    assert "27 августа 2024 г. (дата уточняется)" in main_text(marked.html("meetings"))
    plan = main_text(marked.html("plan/2024-2025"))
    assert "(дата уточняется)" in plan and "(место уточняется)" in plan
    # Confirmed facts carry no mark.
    assert "уточняется" not in main_text(marked.html("meetings/2025-09-10-zasedanie")).split("Календарь заседаний")[0]


def test_seed_meeting_marks_its_date_and_place(example: Project) -> None:
    facts = " ".join(example.html("meetings/2024-08-27-sekciya-omo").select_one(".meeting-facts").get_text(" ")
                     .split())
    assert "(дата уточняется)" in facts and "(место уточняется)" in facts


def test_calendar_event_says_what_is_unconfirmed(marked: Project) -> None:
    calendar = icalendar.Calendar.from_ical((marked.root / "site/meetings.ics").read_bytes())
    event = next(e for e in calendar.walk("VEVENT") if str(e["uid"]).startswith("2024-08-27"))
    assert "Не подтверждено источником: дата уточняется, место уточняется." in str(event["description"])


# site_url ----------------------------------------------------------------------------------------

def test_site_url_helpers() -> None:
    assert site_url_from_environment("https://example.org/", {"SITE_URL": "https://omo.test"}) == "https://omo.test/"
    assert site_url_from_environment("https://example.org/", {"SITE_URL": " "}) == "https://example.org/"
    assert site_url_problem("https://example.org/") and site_url_problem("https://omo.example.org/")
    assert site_url_problem("omo.ru") and site_url_problem("https://omo.test/") is None


def _build(project: Project, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "OMO_PUBLISH")}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project.root,
                          env=environ | {"SOURCE_DATE_EPOCH": TODAY_EPOCH, "NO_MKDOCS_2_WARNING": "1"} | env,
                          capture_output=True, text=True, encoding="utf-8", check=False)


def test_site_url_from_the_environment(project: Project) -> None:
    result = _build(project, SITE_URL="https://omo.test/")
    assert result.returncode == 0, result.stderr
    site = project.root / "site"
    assert project.html("practices").find("link", rel="canonical")["href"] == "https://omo.test/practices/"
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.entries[0].link.startswith("https://omo.test/stories/")
    calendar = icalendar.Calendar.from_ical((site / "meetings.ics").read_bytes())
    assert all(str(e["url"]).startswith("https://omo.test/meetings/") for e in calendar.walk("VEVENT"))
    assert "https://omo.test/" in (site / "sitemap.xml").read_text(encoding="utf-8")
    footer = project.html("").select_one(".omo-footer__feeds")
    assert footer.find("a", string=text_is("Подписаться на календарь заседаний"))["href"] == "webcal://omo.test/meetings.ics"
    # The meetings page offers the one-tap subscription in its own text, not only in the footer.
    offer = project.html("meetings").select_one("article").find("a", string=text_is("Подписаться в одно нажатие"))
    assert offer["href"] == "webcal://omo.test/meetings.ics"


def test_publishing_with_the_placeholder_address_stops(project: Project) -> None:
    result = _build(project, OMO_PUBLISH="1")
    assert result.returncode != 0
    assert "Сайт не опубликован: адрес сайта «https://omo.example.org/» — заготовка из примера" in result.stderr
    assert "SITE_URL" in result.stderr
    assert _build(project).returncode == 0  # a local build keeps working with the placeholder
    assert _build(project, OMO_PUBLISH="1", SITE_URL="https://omo.test/").returncode == 0


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_publish_refuses_the_placeholder(project: Project) -> None:
    shutil.copy(REPO / "Makefile", project.root / "Makefile")
    target = project.root / "published"
    environ = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "OMO_PUBLISH")}
    result = subprocess.run(["make", "publish", f"PYTHON={sys.executable}", f"PUBLISH_TARGET={target}/"],
                            cwd=project.root, env=environ, capture_output=True, text=True, encoding="utf-8",
                            check=False)
    assert result.returncode != 0
    assert "заготовка из примера" in result.stderr
    assert not target.exists()


def test_ci_publish_jobs_set_the_guard() -> None:
    github = (REPO / ".github/workflows/site.yml").read_text(encoding="utf-8")
    gitlab = (REPO / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert "SITE_URL: ${{ vars.SITE_URL }}" in github and "OMO_PUBLISH:" in github
    assert 'OMO_PUBLISH: "1"' in gitlab and "SITE_URL" in gitlab


# Finished pages ------------------------------------------------------------------------------------

def test_forms_and_plans_have_index_pages(built: Project) -> None:
    forms = built.html("forms")
    assert forms.h1.get_text(strip=True).startswith("Формы работы")
    assert forms.find("a", href="kviz/") is not None and "1 практика" in main_text(forms)
    plans = built.html("plan")
    assert plans.find("a", href="2024-2025/") is not None and plans.find("a", href="2025-2026/") is not None
    assert built.html("meetings").find("a", href="../plan/") is not None


def test_theme_without_practices_says_so_and_how_to_add(marked: Project) -> None:
    text = main_text(marked.html("themes/network"))
    assert "Практик по этому направлению пока нет" in text and "пришлите её описание" in text
    assert "Сетевое взаимодействие — практик пока нет" in main_text(marked.html("themes"))


def test_generated_listings_hide_the_one_link_sidebar(built: Project) -> None:
    for address in ("meetings", "meetings/2025-03-20-seminar", "plan", "plan/2024-2025", "forms", "themes",
                    "themes/patriotic"):
        assert built.html(address).select_one(".md-sidebar--primary[hidden]") is not None, address


def test_meeting_without_program_has_the_same_sections(built: Project) -> None:
    bare = built.html("meetings/2025-03-20-seminar")
    full = built.html("meetings/2024-08-27-sekciya-omo")
    for page in (bare, full):
        assert page.find(id="программа") is not None and page.find(id="календарь") is not None
        assert page.select_one(".md-sidebar--secondary:not([hidden])") is not None
    assert "Программа заседания пока не опубликована." in main_text(bare)


def test_404_links_do_not_depend_on_the_host(built: Project) -> None:
    page = (built.root / "site/404.html").read_text(encoding="utf-8")
    assert 'href="/meetings/"' in page and 'href="/plan/"' in page and "omo.example.org/meetings/" not in page


# Calendar and feeds --------------------------------------------------------------------------------

def test_calendar_is_offered_with_how_to_subscribe(built: Project) -> None:
    for address, link in (("meetings", "../meetings.ics"), ("meetings/2025-09-10-zasedanie", "../../meetings.ics")):
        page = built.html(address)
        section = page.find(id="календарь")
        assert section is not None, address
        assert page.find("a", string=text_is("Адрес календаря"), href=link) is not None
        assert page.find("a", string=text_is("Подписаться в одно нажатие"),
                         href="webcal://omo.example.org/meetings.ics") is not None
        text = main_text(page)
        assert "Android (Google Календарь)" in text and "Добавить по URL" in text
        assert "Настройки → Календарь → Учётные записи → Добавить учётную запись → Другое → Подписной календарь" in text
        assert "занимает 2 часа" in text and "весь день" in text
        assert page.select_one('.omo-footer__feeds a[href^="webcal://omo.example.org/"]') is not None


def test_calendar_uids_stamps_and_durations(built: Project) -> None:
    calendar = icalendar.Calendar.from_ical((built.root / "site/meetings.ics").read_bytes())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"{m}@omo-smolensk" for m in ("2024-08-27-sekciya-omo", "2025-03-20-seminar",
                                                         "2025-09-10-zasedanie", "2025-10-01-otmena")}
    today = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    for event in events.values():
        assert event.decoded("dtstamp") <= today
    assert events["2024-08-27-sekciya-omo@omo-smolensk"].decoded("dtstamp") == dt.datetime(2024, 8, 27,
                                                                                             tzinfo=dt.UTC)
    planned = events["2025-09-10-zasedanie@omo-smolensk"]
    assert planned.decoded("dtstamp") == dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    assert planned.decoded("dtend") - planned.decoded("dtstart") == dt.timedelta(hours=2)
    assert "в календаре отведено 2 часа" in str(planned["description"])
    allday = events["2025-03-20-seminar@omo-smolensk"]
    assert allday.decoded("dtend") - allday.decoded("dtstart") == dt.timedelta(days=1)
    assert "событие на весь день" in str(allday["description"])


def test_feeds_have_self_links(built: Project) -> None:
    for name in ("feed.xml", "feed-all.xml"):
        feed = feedparser.parse((built.root / "site" / name).read_bytes())
        assert not feed.bozo, name
        links = {link.rel: link.href for link in feed.feed.links}
        assert links["self"] == f"https://omo.example.org/{name}"


def test_resolutions_and_practices_are_in_a_feed(built: Project) -> None:
    feed = feedparser.parse((built.root / "site/feed-all.xml").read_bytes())
    links = [entry.link for entry in feed.entries]
    assert "https://omo.example.org/resolutions/2025-03-20-seminar/" in links
    assert "https://omo.example.org/practices/vystavka/" in links
    assert "https://omo.example.org/practices/kviz/" in links
    assert "https://omo.example.org/stories/2025-03-21-kviz/" in links
    dates = [dt.datetime(*entry.published_parsed[:6]) for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)
    assert {entry.tags[0].term for entry in feed.entries} == {"Новости", "Резолюции", "Практики"}
    footer = built.html("").select_one(".omo-footer__feeds")
    assert footer.find("a", href="feed-all.xml") is not None


def test_jump_link_to_the_resolution(built: Project) -> None:
    page = built.html("meetings/2024-08-27-sekciya-omo")
    jump = page.find("a", href="#резолюция")
    assert jump is not None and "резолюци" in jump.get_text()
    facts = page.select_one(".meeting-facts")
    assert jump.sourceline < facts.sourceline  # above the facts, near the top
    assert page.find(id="резолюция").name == "h2"
    assert page.find(id="resolution") is not None  # the former anchor still leads there
    assert built.html("meetings/2025-09-10-zasedanie").find("a", href="#резолюция") is None


# Footer --------------------------------------------------------------------------------------------

def test_footer_has_no_partners_block_without_partners(example: Project) -> None:
    footer = example.html("").find("footer")
    assert "Наши партнёры" not in footer.get_text()
    assert "Календарь и ленты" in footer.get_text()
