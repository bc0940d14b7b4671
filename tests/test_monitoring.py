"""/monitoring/<meeting id>/: the districts × items table, its summary rows and the SVG chart."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from browser import browser_page, serve
from bs4 import BeautifulSoup
from conftest import Project, main_text, text_of
from test_readers import axe_violations, require_axe

from generator.pages.chart import BAR_WIDTH, STATES, Bar, bar_chart, segments

ADDRESS = "monitoring/2024-08-27-sekciya-omo"
REPORT = "#report-2024-08-27-sekciya-omo-rmo-1"


def table_rows(soup: BeautifulSoup) -> dict[str, list[str]]:
    """Row header -> the cells' text, for every row of the districts table."""
    table = soup.select_one("table.monitoring-table")
    return {" ".join(row.th.get_text(" ").split()): [" ".join(td.get_text(" ").split()) for td in row.find_all("td")]
            for row in table.select("tbody tr")}


# The page in the test project ----------------------------------------------------------------


def test_cells_say_each_district_state_in_words(built: Project) -> None:
    rows = table_rows(built.html(ADDRESS))
    # Districts in the order of data/municipalities.yml; one column: the only item for a district audience.
    assert list(rows)[:3] == ["город Смоленск", "Хиславичский", "Вяземский"]
    assert rows["город Смоленск"] == ["нет отчёта"]
    assert rows["Хиславичский"] == ["✓ выполнено"]
    assert rows["Вяземский"] == ["… выполняется"]


DIRECTIVE = "data/directives/2024-08-27-sekciya-omo.yml"


def with_deadline(project: Project, item_progress: str = "") -> None:
    """The district item «rmo-1» due 2025-03-01 (the build's day is 2025-06-01): Хиславичский reported it done,
    Вяземский in progress, Смоленск not at all."""
    text = project.root.joinpath(DIRECTIVE).read_text(encoding="utf-8")
    project.write(DIRECTIVE, text.replace("    - обеспечивать своевременное информирование",
                                          "    - text: обеспечивать своевременное информирование\n"
                                          "      due: 2025-03-01" + (f"\n      progress: {item_progress}"
                                                                  if item_progress else "")))


def overdue_everywhere(project: Project) -> dict[str, object]:
    """What each page and export says of «rmo-1» being late."""
    import csv
    import io

    def late(address: str, selector: str) -> bool:
        return any("просрочено" in part.get_text() for part in project.html(address).select(selector))

    items = list(csv.DictReader(io.StringIO((project.root / "site/exports/resolution-items.csv")
                                            .read_text(encoding="utf-8-sig")), delimiter=";"))
    reports = list(csv.DictReader(io.StringIO((project.root / "site/exports/reports.csv")
                                              .read_text(encoding="utf-8-sig")), delimiter=";"))
    return {
        "monitoring item": late(ADDRESS, ".monitoring-items li"),
        "monitoring cells": [" ".join(cells) for cells in table_rows(project.html(ADDRESS)).values()][:3],
        "resolution": late("resolutions/2024-08-27-sekciya-omo", "#rmo-1"),
        "Смоленск": late("municipalities/smolensk", "article"),
        "Хиславичский": late("municipalities/hislavichskiy", "article"),
        "items.csv": next(row["Просрочено"] for row in items if row["Код пункта"] == "rmo-1"),
        "reports.csv": [(row["id муниципального образования"], row["Просрочено"]) for row in reports],
    }


def test_a_district_item_past_due_is_late_where_a_district_has_not_reported_it_done(project: Project) -> None:
    with_deadline(project)
    assert project.build().returncode == 0
    header = project.html(ADDRESS).select("table.monitoring-table thead th")
    assert "срок 01.03.2025" in " ".join(th.get_text(" ") for th in header)
    assert overdue_everywhere(project) == {
        "monitoring item": True,
        "monitoring cells": ["нет отчёта просрочено", "✓ выполнено", "… выполняется просрочено"],
        "resolution": True, "Смоленск": True, "Хиславичский": False, "items.csv": "да",
        "reports.csv": [("hislavichskiy", "нет"), ("vyazemskiy", "да")],
    }


@pytest.mark.parametrize("how", ["the item marked done as a whole", "every district reported it done"])
def test_a_district_item_done_is_late_nowhere(project: Project, how: str) -> None:
    """The monitoring page and the resolution said «выполнено», the district pages «просрочено», of one item."""
    with_deadline(project, "выполнено" if how == "the item marked done as a whole" else "выполняется")
    if how == "every district reported it done":
        for district in ("smolensk", "vyazemskiy"):
            project.write(f"data/reports/2024-08-27-sekciya-omo/{district}.yml",
                          "items:\n  rmo-1:\n    progress: выполнено\n    date: 2025-02-20\n")
    assert project.build().returncode == 0
    found = overdue_everywhere(project)
    assert not any(found[key] for key in ("monitoring item", "resolution", "Смоленск", "Хиславичский"))
    assert not any("просрочено" in cells for cells in found["monitoring cells"])
    assert found["items.csv"] == "нет" and {late for _, late in found["reports.csv"]} == {"нет"}


def test_summary_rows_count_each_state(built: Project) -> None:
    rows = table_rows(built.html(ADDRESS))
    assert rows["Итого: выполнено"] == ["1"]
    assert rows["Итого: выполняется"] == ["1"]
    assert rows["Итого: не начато"] == ["0"]
    assert rows["Итого: нет отчёта"] == ["1"]


def test_links_lead_to_districts_reports_and_items(built: Project) -> None:
    soup = built.html(ADDRESS)
    table = soup.select_one("table.monitoring-table")
    districts = [row.th.a["href"] for row in table.select("tbody tr") if row.th.a]
    assert districts == ["../../municipalities/smolensk/", "../../municipalities/hislavichskiy/",
                         "../../municipalities/vyazemskiy/"]
    reports = [a["href"] for a in table.select("td a")]
    assert reports == ["../../municipalities/hislavichskiy/" + REPORT, "../../municipalities/vyazemskiy/" + REPORT]
    items = [a["href"] for a in table.select("thead a")]
    assert items == ["../../resolutions/2024-08-27-sekciya-omo/#rmo-1"]
    # The symbol is a help for the eye; the word is what is read out.
    assert all(span["aria-hidden"] == "true" for span in table.select("td span"))


def test_intro_says_what_resolution_how_many_reports_and_how_to_send_one(built: Project) -> None:
    soup = built.html(ADDRESS)
    title = " ".join(soup.title.get_text().replace("\xa0", " ").split())
    assert title == ("Выполнение резолюции по районам: Секция ОМО школьных библиотекарей, 27 августа 2024 г. — "
                     "ОМО школьных библиотекарей")
    text = main_text(soup).replace("\xa0", " ")
    assert "Резолюция: Предложения в проект резолюции , статус: проект" in text
    assert "Отчёты прислали: 2 территории из 3" in text
    assert "Данные на: 1 июня 2025 г." in text
    assert "присылает отчёт по резолюции в РИБЦ ГАУ ДПО СОИРО" in text
    assert soup.select_one('article a[href="../../resolutions/2024-08-27-sekciya-omo/"]') is not None


def test_chart_is_labelled_and_its_numbers_are_given_as_text(built: Project) -> None:
    soup = built.html(ADDRESS)
    svg = soup.select_one("figure.monitoring-chart svg")
    assert svg["role"] == "img"
    title = soup.find(id=svg["aria-labelledby"])
    assert title.name == "title" and title.get_text() == "Выполнение пунктов резолюции по территориям"
    described = svg["aria-describedby"].split()
    assert described == ["monitoring-chart-desc", "monitoring-counts"]
    desc = soup.find(id="monitoring-chart-desc")
    assert desc.name == "desc" and "из 3" in desc.get_text() and "не прислали отчёт" in desc.get_text()
    # The text alternative: the same numbers, visible, next to the item they count.
    counts = text_of(soup.find(id="monitoring-counts"))
    assert "Руководители районных методических объединений (РМО)" in counts
    assert "обеспечивать своевременное информирование" in counts
    assert "✓ выполнено: 1 · … выполняется: 1 · ○ не начато: 0 · — нет отчёта: 1" in counts
    # One bar, split in three: done, in progress, no report.
    fills = [rect["fill"] for rect in svg.select("g rect") if rect["fill"] != "none"]
    assert fills == ["#2e7d32", "url(#monitoring-chart-progress)", "#ffffff"]
    assert svg.find("pattern", id="monitoring-chart-progress") is not None


def test_page_has_no_script_and_nothing_from_elsewhere(built: Project) -> None:
    soup = built.html(ADDRESS)
    article = soup.select_one("article")
    assert article.find("script") is None
    assert not article.find_all(["foreignobject", "foreignObject", "image", "use", "iframe"])
    for tag in article.find_all(True):
        assert not any(name.startswith("on") for name in tag.attrs), tag
        for name in ("href", "src", "fill", "stroke"):
            value = str(tag.get(name, ""))
            assert not value.startswith(("http", "//")) and "url(http" not in value, tag


def test_only_resolutions_with_district_items_get_a_page(built: Project) -> None:
    assert (built.root / "site" / ADDRESS / "index.html").is_file()
    assert not (built.root / "site" / "monitoring" / "2025-03-20-seminar").exists()


def test_names_are_shown_as_typed(project: Project) -> None:
    name = "Округ *№1* <b>жирный</b> & [ссылка](https://evil.example)"
    audience = "РМО _курсив_ <i>"
    municipalities = (project.root / "data/municipalities.yml").read_text(encoding="utf-8")
    project.write("data/municipalities.yml", municipalities.replace("short: Вяземский", f"short: '{name}'"))
    audiences = (project.root / "data/audiences.yml").read_text(encoding="utf-8")
    project.write("data/audiences.yml", audiences.replace(
        "name: Руководители районных методических объединений (РМО)", f"name: '{audience}'"))
    result = project.build()
    assert result.returncode == 0, result.stderr
    soup = project.html(ADDRESS)
    rows = table_rows(soup)
    assert rows[name] == ["… выполняется"]
    header = soup.select_one("table.monitoring-table thead th[scope=colgroup]")
    assert header.get_text() == audience
    assert soup.select_one("table.monitoring-table b, table.monitoring-table i, table.monitoring-table em") is None
    assert not soup.select('article a[href^="https://evil"]')
    chart_text = [text.get_text() for text in soup.select("figure.monitoring-chart svg text")]
    assert audience in chart_text
    assert soup.select_one("figure.monitoring-chart svg i") is None


# The chart on its own -------------------------------------------------------------------------


def counts(done: int = 0, progress: int = 0, idle: int = 0, none: int = 0) -> dict[str, int]:
    return dict(zip(STATES, (done, progress, idle, none), strict=True))


def test_segments_are_proportional_and_fill_the_bar() -> None:
    assert segments(counts(1, 1, 0, 25), width=270) == [("выполнено", 0, 10), ("выполняется", 10, 10),
                                                         ("нет отчёта", 20, 250)]


def test_segments_of_27_districts_add_up_exactly() -> None:
    for split in [(7, 9, 11, 0), (1, 1, 1, 24), (27, 0, 0, 0), (0, 0, 0, 27), (13, 0, 14, 0)]:
        found = segments(counts(*split))
        assert [state for state, _, _ in found] == [s for s, n in zip(STATES, split, strict=True) if n]
        assert round(sum(size for _, _, size in found), 2) == BAR_WIDTH
        for (_, x, size), (_, after, _) in zip(found, found[1:], strict=False):
            assert round(x + size, 2) == after
    assert segments(counts(27)) == [("выполнено", 0, BAR_WIDTH)]


def test_no_counts_give_an_empty_outlined_bar() -> None:
    assert segments(counts()) == []
    svg = ET.fromstring(bar_chart([Bar("РМО", "п. 1", counts())], "Заголовок", "Описание"))
    rects = [rect for rect in svg.iter("rect") if rect.get("height") == "20"]
    assert [(rect.get("fill"), rect.get("width")) for rect in rects] == [("none", f"{BAR_WIDTH:g}")]


def test_chart_is_well_formed_labelled_and_escaped() -> None:
    bars = [Bar("Руководители <РМО> & «Ко»", "п. 1", counts(3, 4, 5, 15)),
            Bar("Руководители <РМО> & «Ко»", "п. 2", counts(0, 0, 0, 27)),
            Bar("ШБ и ШИБЦ", "п. 1", counts(27))]
    markup = bar_chart(bars, "Выполнение <пунктов>", "По каждому пункту — из 27", described_by=["list"])
    svg = ET.fromstring(markup)  # well-formed XML: every editor's character escaped
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "monitoring-chart-title"
    assert svg.get("aria-describedby") == "monitoring-chart-desc list"
    assert svg.find("title").text == "Выполнение <пунктов>"
    assert svg.find("desc").text == "По каждому пункту — из 27"
    texts = [text.text for text in svg.iter("text")]
    # The legend names every state with its symbol, and the numbers are written under every bar.
    assert texts[:4] == ["✓ выполнено", "… выполняется", "○ не начато", "— нет отчёта"]
    assert "Руководители <РМО> & «Ко»" in texts and texts.count("ШБ и ШИБЦ") == 1
    assert "✓ 3 · … 4 · ○ 5 · — 15" in texts and "✓ 27 · … 0 · ○ 0 · — 0" in texts
    groups = svg.findall("g")
    assert [group.find("title").text for group in groups][0] == (
        "Руководители <РМО> & «Ко», п. 1: выполнено: 3; выполняется: 4; не начато: 5; нет отчёта: 15")
    # Paint is a colour or a pattern of this picture; nothing is fetched from elsewhere.
    for element in svg.iter():
        for name in ("fill", "stroke"):
            value = element.get(name)
            assert value is None or value.startswith(("#", "url(#monitoring-chart-")) or value in (
                "none", "currentColor"), value
    heights = [float(svg.get("height")), float(svg.get("viewBox").split()[3])]
    assert heights[0] == heights[1] > 0


# In a browser, on the example site (ten items, 27 districts) -----------------------------------


@pytest.fixture(scope="module")
def example_site(example: Project):
    with serve(example.root / "site") as base:
        yield base


def test_phone_scrolls_only_inside_the_table(example_site: str) -> None:
    with browser_page(width=390, height=844) as page:
        outside: list[str] = []
        page.on("request", lambda request: None if request.url.startswith(example_site)
                or request.url.startswith("data:") else outside.append(request.url))
        page.goto(example_site + ADDRESS + "/")
        sizes = page.evaluate("""() => {
            const box = document.querySelector('.monitoring-scroll');
            return {page: document.documentElement.scrollWidth, inner: box.scrollWidth, box: box.clientWidth,
                    tabindex: box.getAttribute('tabindex'), role: box.getAttribute('role'),
                    label: box.getAttribute('aria-label'),
                    chart: document.querySelector('.monitoring-chart svg').getBoundingClientRect().width};
        }""")
        assert sizes["page"] <= 390
        assert sizes["inner"] > sizes["box"]
        assert sizes["tabindex"] == "0" and sizes["role"] == "region" and sizes["label"]
        assert 300 < sizes["chart"] <= 390
        # The keyboard scrolls the box: focus it and press the right arrow.
        page.focus(".monitoring-scroll")
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(300)
        assert page.evaluate("document.querySelector('.monitoring-scroll').scrollLeft") > 0
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert outside == []


def test_no_report_is_drawn_in_the_pages_background_in_every_scheme(example_site: str) -> None:
    """A white «нет отчёта» bar glared on the black page of the version for the visually impaired."""
    with browser_page(width=390, height=844) as page:
        for scheme in (None, "wb", "blue"):
            page.add_init_script(f"localStorage.setItem('omo-a11y', JSON.stringify({{scheme: {scheme!r}}}))"
                                 if scheme else "localStorage.removeItem('omo-a11y')")
            page.goto(example_site + ADDRESS + "/")
            colours = page.evaluate("""() => {
                const none = [...document.querySelectorAll('.monitoring-chart svg rect')]
                    .filter((rect) => rect.getAttribute('fill') === '#ffffff');
                const own = getComputedStyle(document.querySelector('.md-content')).backgroundColor;
                return {page: own === 'rgba(0, 0, 0, 0)' ? getComputedStyle(document.body).backgroundColor : own,
                        bars: none.length, fills: [...new Set(none.map((rect) => getComputedStyle(rect).fill))]};
            }""")
            assert colours["bars"] > 1 and colours["fills"] == [colours["page"]], (scheme, colours)


def test_example_page_links_the_editors_guide(example: Project) -> None:
    assert example.html(ADDRESS).select_one('article a[href="../../editors/"]') is not None


def test_monitoring_page_passes_axe(example_site: str) -> None:
    require_axe()
    for width in (390, 1280):
        with browser_page(width=width, height=844) as page:
            page.goto(example_site + ADDRESS + "/")
            assert axe_violations(page) == []
