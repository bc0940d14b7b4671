"""Practices, themes, forms, municipalities, stories, the news feed and the meetings calendar."""

from __future__ import annotations

import datetime as dt
import gzip
from zoneinfo import ZoneInfo

import feedparser
import icalendar
from conftest import Project, main_text, text_is, text_of

MOSCOW = ZoneInfo("Europe/Moscow")


def test_practices_catalogue_newest_first_with_cards(built: Project) -> None:
    soup = built.html("practices")
    text = main_text(soup)
    # 2024/2025 school year (from August 2024) is newer than 15 February 2024.
    assert text.index("Квиз «Знатоки края»") < text.index("Книжно-иллюстрированная выставка «Память»")
    card = text_of(soup.find(id="vystavka").find_next("p"))
    for part in ("МБОУ «Хиславичская СШ»", "Хиславичский", "выставка", "5–11 классы", "15 февраля 2024"):
        assert part in card, part
    assert "Выставка о земляках-героях." in text
    # Filters at the top lead to the theme and form catalogues.
    assert soup.find("a", string=text_is("Военно-патриотическое воспитание"))["href"] == "../themes/patriotic/"
    assert soup.find("a", string=text_is("квиз"))["href"] == "../forms/kviz/"
    assert "Направления: Военно-патриотическое воспитание, Историко-краеведческое воспитание" in text


def test_practice_page_shows_every_field_and_backlinks(built: Project) -> None:
    soup = built.html("practices/vystavka")
    text = main_text(soup)
    assert "Пример оформления" in text  # invented examples are marked as such
    for part in ("Т. И. Ковторова", "педагог-библиотекарь", "Хиславичский районный краеведческий музей",
                 "Познакомить с историей края.", "Школьная библиотека собрала книги и письма.",
                 "Выставку посетили 240 человек.", "15 февраля 2024"):
        assert part in text, part
    assert "(PDF, 14 байт)" in text
    assert soup.find("a", string=text_is("Публикация ВКонтакте"))["href"] == "https://vk.com/wall-1_1"
    assert soup.find("img", alt="Обложка практики «Книжно-иллюстрированная выставка «Память»»") is not None
    meeting = soup.find("a", string=text_is("Секция ОМО школьных библиотекарей"))
    assert meeting["href"] == "../../meetings/2024-08-27-sekciya-omo/"
    assert soup.find("a", string=text_is("Итоги секции"))["href"] == "../../stories/2024-08-28-itogi/"
    assert "2024/2025 учебный год" in main_text(built.html("practices/kviz"))


def test_theme_and_form_catalogues(built: Project) -> None:
    local = main_text(built.html("themes/local-history"))
    assert "Квиз «Знатоки края»" in local and "выставка «Память»" in local
    patriotic = main_text(built.html("themes/patriotic"))
    assert "выставка «Память»" in patriotic and "Квиз" not in patriotic
    assert "1 практика. Все практики" in main_text(built.html("forms/vystavka"))
    assert "Историко-краеведческое воспитание — 2 практики" in main_text(built.html("themes"))


def test_municipality_pages(built: Project) -> None:
    listing = main_text(built.html("municipalities"))
    assert "Хиславичский муниципальный округ — ответственный указан; 1 отчёт, 1 практика, 1 выступающий, 1 новость" \
        in listing
    assert "Вяземский муниципальный округ — ответственный указан; 1 отчёт" in listing
    assert "город Смоленск — ответственный не указан; 1 практика" in listing
    assert "практик: 0" not in listing and "выступающих: 0" not in listing
    page = built.html("municipalities/hislavichskiy")
    text = main_text(page)
    assert "выставка «Память»" in text and "Итоги секции" in text
    assert "Т. И. Ковторова" in text_of(page.find(id="выступления-на-заседаниях").find_next("ul"))
    assert "пока нет" in main_text(built.html("municipalities/vyazemskiy"))


def test_meeting_shows_presented_practices_stories_and_calendar_link(built: Project) -> None:
    soup = built.html("meetings/2024-08-27-sekciya-omo")
    assert soup.find(id="vystavka") is not None
    assert soup.find("a", string=text_is("Итоги секции"))["href"] == "../../stories/2024-08-28-itogi/"
    assert soup.find("a", string=text_is("Добавить в календарь"))["href"] == "../2024-08-27-sekciya-omo.ics"


def test_story_page_and_news_list(built: Project) -> None:
    soup = built.html("stories/2024-08-28-itogi")
    text = main_text(soup)
    assert soup.h1.get_text(strip=True).startswith("Итоги секции")
    assert "28 августа 2024 г." in text and "Секция прошла в ГАУ ДПО СОИРО." in text
    assert soup.find("a", string=text_is("Книжно-иллюстрированная выставка «Память»")) is not None
    assert soup.find("a", string=text_is("Хиславичский"))["href"] == "../../municipalities/hislavichskiy/"
    assert soup.find("img", alt="Иллюстрация к новости «Итоги секции»") is not None
    news = main_text(built.html("stories"))
    assert news.index("Квиз в Смоленске") < news.index("Итоги секции")


def test_news_list_is_paginated_by_ten(project: Project) -> None:
    for day in range(1, 13):
        project.write(f"content/stories/2025-05-{day:02d}-novost.md",
                      f"---\ntitle: Новость {day}\ndate: 2025-05-{day:02d}\n---\nТекст.\n")
    assert project.build().returncode == 0
    first, second = main_text(project.html("stories")), main_text(project.html("stories/page/2"))
    assert "Новость 12" in first and "Новость 3" in first and "Новость 2" not in first
    assert "Новость 2" in second and "Итоги секции" in second
    assert project.html("stories").find("a", string=text_is("Старше →"))["href"] == "page/2/"


def test_draft_story_is_published_nowhere(built: Project) -> None:
    site = built.root / "site"
    assert not (site / "stories/2025-04-01-chernovik").exists()
    everything = "".join(p.read_text(encoding="utf-8", errors="ignore") for p in site.rglob("*")
                         if p.is_file() and p.suffix in {".html", ".xml", ".json", ".ics"})
    assert "chernovik" not in everything and "Секретный черновик" not in everything
    index = b"".join(gzip.decompress(p.read_bytes()) for p in (site / "pagefind").rglob("*.pf_*"))
    assert "Секретный черновик".encode() not in index and b"chernovik" not in index


def test_news_feed_parses_with_absolute_links(built: Project) -> None:
    feed = feedparser.parse((built.root / "site/feed.xml").read_bytes())
    assert not feed.bozo
    assert feed.feed.language == "ru"
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Квиз в Смоленске", "Итоги секции"]
    first = feed.entries[1]
    assert first.link == "https://omo.example.org/stories/2024-08-28-itogi/"
    assert first.summary == "Коротко о главном"
    assert dt.datetime(*first.published_parsed[:6], tzinfo=dt.UTC).date() == dt.date(2024, 8, 28)


def test_meetings_calendar_in_moscow_time(built: Project) -> None:
    calendar = icalendar.Calendar.from_ical((built.root / "site/meetings.ics").read_bytes())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == 4
    section = events["2024-08-27-sekciya-omo@omo-smolensk"]
    start = section.decoded("dtstart")
    assert start == dt.datetime(2024, 8, 27, 10, 0, tzinfo=MOSCOW)
    assert start.astimezone(dt.UTC).hour == 7
    assert section.decoded("dtend") == dt.datetime(2024, 8, 27, 13, 30, tzinfo=MOSCOW)
    assert str(section["location"]) == "ГАУ ДПО СОИРО, г. Смоленск"
    assert str(section["url"]) == "https://omo.example.org/meetings/2024-08-27-sekciya-omo/"
    assert str(events["2025-10-01-otmena@omo-smolensk"]["status"]) == "CANCELLED"
    online = events["2025-03-20-seminar@omo-smolensk"]
    assert online.decoded("dtstart") == dt.date(2025, 3, 20)
    assert "https://example.org/room" in str(online["description"])
    single = icalendar.Calendar.from_ical((built.root / "site/meetings/2024-08-27-sekciya-omo.ics").read_bytes())
    assert [str(e["uid"]) for e in single.walk("VEVENT")] == ["2024-08-27-sekciya-omo@omo-smolensk"]
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Europe/Moscow"


def test_home_page_lists_latest_news_and_advertises_feeds(built: Project) -> None:
    soup = built.html("")
    news = text_of(soup.find(id="новости").find_next("ul"))
    assert news.index("Квиз в Смоленске") < news.index("Итоги секции")
    feeds = {link["type"]: link["href"] for link in soup.select("link[rel=alternate]")}
    assert feeds == {"application/rss+xml": "feed.xml", "text/calendar": "meetings.ics"}


def test_story_description_and_hide_reach_the_page(project: Project) -> None:
    project.write("content/stories/2025-03-21-kviz.md", "---\ntitle: Квиз\ndate: 2025-03-21\nsummary: Кратко\n"
                                                       "description: Для поисковиков\nhide: [toc]\n---\nТекст.\n")
    assert project.build().returncode == 0
    soup = project.html("stories/2025-03-21-kviz")
    assert soup.find("meta", attrs={"name": "description"})["content"] == "Для поисковиков"
    assert soup.select_one(".md-sidebar--secondary[hidden]") is not None
