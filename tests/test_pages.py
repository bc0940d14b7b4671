"""Every generated page type, built by MkDocs from a small real project."""

from __future__ import annotations

from conftest import Project, main_text, text_is, text_of

MEETING = "meetings/2024-08-27-sekciya-omo"


def test_meetings_list_groups_by_school_year_and_status(built: Project) -> None:
    soup = built.html("meetings")
    text = main_text(soup)
    assert "2025/2026 учебный год" in text and "2024/2025 учебный год" in text
    # Newest year first; in it planned and cancelled meetings apart.
    assert text.index("2025/2026 учебный год") < text.index("2024/2025 учебный год")
    planned = text_of(soup.find(id="2025-2026-planned").find_next("ul"))
    cancelled = text_of(soup.find(id="2025-2026-cancelled").find_next("ul"))
    held = text_of(soup.find(id="2024-2025-held").find_next("ul"))
    assert "Заседание ОМО" in planned and "10 сентября 2025 г." in planned
    assert "Отменённый вебинар" in cancelled
    # Held meetings: latest first.
    assert held.index("20 марта 2025 г.") < held.index("27 августа 2024 г.")
    links = {a["href"] for a in soup.select("article a")}
    assert "2024-08-27-sekciya-omo/" in links and "../plan/2024-2025/" in links


def test_meeting_page_shows_problem_field_program_materials_and_resolution(built: Project) -> None:
    soup = built.html(MEETING)
    text = main_text(soup)
    assert text_of(soup.h1).startswith("Секция ОМО школьных библиотекарей")
    assert "27 августа 2024 г., 10:00–13:30 (мск)" in text
    assert "Учебный год: 2024/2025" in text
    problem = soup.find(id="проблемное-поле")  # readable anchor from a Cyrillic heading
    assert problem is not None
    items = [li.get_text(" ", strip=True) for li in problem.find_next("ul").find_all("li")]
    assert items[0] == "Ценностные ориентиры при организации библиотечной работы."
    assert soup.find(id="проблемное-поле").find_next("ul").find("strong").get_text() == "патриотического"
    program = text_of(soup.find(id="программа").find_next("ol"))
    assert "Т. И. Ковторова" in program and "МБОУ «Хиславичская СШ»" in program and "Хиславичский" in program
    # A person without consent is shown by role and school only.
    assert "Скрытная" not in text and "МБОУ «СШ № 1»" in program
    material = soup.find("a", string=text_is("Презентация выступления"))
    assert material["href"] == "../../files/2024-08-27/plan.pdf"
    assert soup.find("a", string=text_is("Видеозапись"))["href"] == "https://example.org/video"
    ribc_2 = soup.find(id="ribc-2")
    assert ribc_2.name == "li" and "организовать трансляцию лучших практик" in ribc_2.get_text()
    assert "Срок: до 31 мая 2025 г." in text_of(ribc_2) and "выполняется · просрочено" in text_of(ribc_2)
    assert soup.find(id="rmo-1") is not None


def test_plain_text_is_shown_exactly_as_typed(built: Project) -> None:
    soup = built.html("meetings/2025-03-20-seminar")
    assert soup.h1.get_text(strip=True).startswith("Семинар {{ 7*7 }} <b>жирный</b>")
    assert soup.select_one("article b") is None
    assert "Семинар {{ 7*7 }}" in soup.title.get_text()
    assert "https://example.org/room" in main_text(soup)


def test_resolutions_list_and_printable_resolution(built: Project) -> None:
    listing = built.html("resolutions")
    text = main_text(listing)
    assert text.index("Резолюция семинара") < text.index("Предложения в проект резолюции")
    # Grouped by school year, newest first, as the meetings are; each year a heading in the page's contents.
    years = [heading["id"] for heading in listing.select("article h2[id]")]
    assert years == ["2024-2025", "таблицы-для-отчётов"], years
    assert listing.select_one('.md-sidebar--secondary a[href="#2024-2025"]') is not None
    year = [li.get_text() for li in listing.find(id="2024-2025").find_next("ul").select("li")]
    assert [line.split("\u00a0")[0] for line in year] == ["20", "27"], year  # 20 March 2025, then 27 August 2024
    assert "3 пункта" in text and "пунктов:" not in text and "принята" in text
    soup = built.html("resolutions/2024-08-27-sekciya-omo")
    assert [li["id"] for li in soup.select("li[id]")] == ["ribc-1", "ribc-2", "rmo-1"]
    assert soup.find(id="ribc").get_text(strip=True).startswith("РИБЦ ГАУ ДПО СОИРО")
    assert "Открыт раздел на сайте." in text_of(soup.find(id="ribc-2"))
    assert soup.find("a", string=text_is("Секция ОМО школьных библиотекарей"))["href"] == "../../" + MEETING + "/"


def test_audience_page_collects_items_across_resolutions(built: Project) -> None:
    soup = built.html("audiences/ribc")
    text = main_text(soup)
    assert "3 пункта, из них просрочено 1." in text
    item = soup.find(id="2024-08-27-sekciya-omo-ribc-2")
    assert "организовать трансляцию лучших практик" in item.get_text()
    assert "до 31 мая 2025 г. · выполняется · просрочено" in " ".join(item.get_text(" ").split())
    assert soup.find(id="2025-03-20-seminar-ribc-1") is not None
    # Nearest deadline first, each linking to its place in the resolution.
    assert text.index("организовать трансляцию") < text.index("продолжить и расширить") < text.index("провести вебинар")
    assert soup.find("a", href="../../resolutions/2025-03-20-seminar/#ribc") is not None
    libraries = main_text(built.html("audiences/libraries"))
    assert "Школьные библиотеки и школьные информационно-библиотечные центры" in libraries
    assert "Пунктов резолюций для этого адресата пока нет." in libraries
    assert "РИБЦ ГАУ ДПО СОИРО — 3 пункта" in main_text(built.html("audiences"))


def test_plan_of_a_school_year(built: Project) -> None:
    soup = built.html("plan/2025-2026")
    assert text_of(soup.h1).startswith("План работы ОМО на 2025/2026 учебный год")
    text = main_text(soup)
    assert text.index("10 сентября 2025 г.") < text.index("1 октября 2025 г.")
    assert "запланировано" in text and "отменено" in text
    assert "Секция" not in text
    assert "Секция ОМО школьных библиотекарей" in main_text(built.html("plan/2024-2025"))


def test_home_page_has_intro_upcoming_meetings_and_latest_resolution(built: Project) -> None:
    soup = built.html("")
    text = main_text(soup)
    assert "Вступление редакторов." in text
    upcoming = soup.find(id="ближайшие-заседания").find_next("ul").get_text(" ")
    assert "Заседание ОМО" in upcoming and "Секция" not in upcoming and "Отменённый" not in upcoming
    latest = soup.find(id="последняя-резолюция").find_next("p").get_text(" ")
    assert "Резолюция семинара" in latest


def test_site_settings_russian_and_searchable(built: Project) -> None:
    soup = built.html("")
    assert soup.html["lang"] == "ru"
    # Listings repeat what the pages they list say: they stay out of the index, which readers download.
    indexed = {path.parent.relative_to(built.root / "site").as_posix() + "/"
               for path in (built.root / "site").rglob("index.html")
               if "data-pagefind-body" in path.read_text(encoding="utf-8")}
    for listing in ("resolutions/2024-08-27-sekciya-omo/", "plan/2024-2025/", "practices/", "themes/patriotic/",
                    "forms/vystavka/", "stories/"):
        assert listing not in indexed, listing
    assert {"practices/vystavka/", "stories/2024-08-28-itogi/", "meetings/2024-08-27-sekciya-omo/",
            "audiences/rmo/", "municipalities/hislavichskiy/"} <= indexed
    assert (built.root / "site/pagefind/wasm.ru.pagefind").is_file()  # the Russian index
