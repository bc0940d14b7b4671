"""The resolution as tracked work: audience action lists, district reports, coordinators, deadlines, print."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path

import pytest
from browser import browser_page, serve
from conftest import Project, main_text, text_is
from test_readers import axe_violations, require_axe

MEETING = "2024-08-27-sekciya-omo"
HIDDEN = ("С. С. Скрытова", "Скрытова", "skrytova@hislavichi.example.ru", "skrytova", "48140 1-11-11")
HOSTILE = "*x* <b>y</b> {{ 7*7 }}"


def squeeze(node: object) -> str:
    return " ".join(node.get_text(" ").split())


def test_audience_page_is_an_action_list(built: Project) -> None:
    soup = built.html("audiences/ribc")
    text = main_text(soup)
    assert "3 пункта, из них просрочено 1." in text
    overdue = soup.find(id=f"{MEETING}-ribc-2")
    assert "action-item--overdue" in overdue["class"]
    assert overdue.select_one(".omo-overdue").get_text() == "просрочено"
    assert "Пункт 2 · до 31 мая 2025 г. · выполняется · просрочено" in squeeze(overdue)
    assert overdue.find("a", string=text_is("Пункт 2"))["href"] == f"../../resolutions/{MEETING}/#ribc-2"
    assert soup.find(id=f"{MEETING}-ribc-1").select_one(".omo-overdue") is None
    # The item with the nearest deadline first.
    items = [li["id"] for li in soup.select("li.action-item")]
    assert items[0] == f"{MEETING}-ribc-2"

    rmo = built.html("audiences/rmo")
    rmo_text = main_text(rmo)
    assert "1 пункт, просроченных нет." in rmo_text
    assert "выполнено: 1, выполняется: 1, нет отчёта: 1" in squeeze(rmo.find(id=f"{MEETING}-rmo-1"))
    assert rmo.find("a", string=text_is("Ход выполнения по районам"))["href"] == f"../../monitoring/{MEETING}/"


def test_resolution_page_shows_district_reports_under_items(built: Project) -> None:
    soup = built.html(f"resolutions/{MEETING}")
    item = soup.find(id="rmo-1")
    details = item.select_one("details.district-reports")
    assert squeeze(details.summary) == "Отчёты районов: 2 из 3"
    text = squeeze(details)
    assert "Хиславичский — выполнено, 20 января 2025 г." in text and "Рассылка идёт каждый месяц." in text
    assert "Вяземский — выполняется, 1 марта 2025 г." in text
    assert details.find("a", string=text_is("Вяземский"))["href"] == "../../municipalities/vyazemskiy/"
    assert details.find("a", string=text_is("Публикация"))["href"] == "https://vyazma.example.ru/news/omo"
    assert "просрочено" in squeeze(soup.find(id="ribc-2"))
    # The printed header: issuing body, status, meeting, date and place, the date the data is for.
    header = squeeze(soup.select_one(".resolution-header"))
    assert "ГАУ ДПО «Смоленский областной институт развития образования» Региональный информационно-библиотечный " \
           "центр" in header
    assert "Статус: проект" in header
    assert "Секция ОМО школьных библиотекарей · 27 августа 2024 г., 10:00–13:30 (мск) · ГАУ ДПО СОИРО, г. Смоленск" \
        in header
    assert "по состоянию на 1 июня 2025 г." in squeeze(soup.select_one(".resolution-printed"))


def test_district_page_shows_coordinator_assignments_and_reports(built: Project) -> None:
    soup = built.html("municipalities/vyazemskiy")
    coordinator = squeeze(soup.select_one(".omo-coordinator"))
    assert "Должность: главный специалист" in coordinator and "Имя: И. И. Иванова" in coordinator
    assert "Телефон: +7 48131 0-00-00" in coordinator
    assert soup.select_one(".omo-coordinator a")["href"] == "mailto:omo@vyazma.example.ru"
    text = main_text(soup)
    assert "1 пункт резолюций выполняет каждый район; отчёт прислан по 1 пункту (выполняется: 1)." in text
    report = soup.find(id=f"report-{MEETING}-rmo-1")
    assert "Руководители районных методических объединений (РМО): пункт 1 · выполняется (отчёт от 1 марта 2025 г.)" \
        in squeeze(report)
    assert "Рассылка о заседаниях ОМО" in squeeze(report)

    smolensk = main_text(built.html("municipalities/smolensk"))
    assert "Ответственный за работу ОМО школьных библиотекарей здесь пока не указан." in smolensk
    assert "отчётов пока нет" in smolensk
    assert "Отчёта нет: Руководители районных методических объединений (РМО) — п. 1 ." in smolensk


def test_coordinator_without_consent_is_shown_by_role_only_everywhere(built: Project) -> None:
    page = main_text(built.html("municipalities/hislavichskiy"))
    assert "Должность: методист" in page and "Организация: Отдел образования Хиславичского округа" in page
    found = []
    for path in sorted((built.root / "site").rglob("*")):
        if path.is_file():
            raw = path.read_bytes()
            if raw.startswith(b"\x1f\x8b"):  # the search index (pagefind/) is stored gzipped
                raw = gzip.decompress(raw)
            data = raw.decode("utf-8", errors="ignore")
            found += [(path.name, word) for word in HIDDEN if word in data]
    assert found == []
    # The search index was checked too: the coordinator's page is in it, without the hidden name.
    fragments = [gzip.decompress(path.read_bytes()).decode("utf-8", errors="ignore")
                 for path in (built.root / "site" / "pagefind" / "fragment").glob("*.pf_fragment")]
    assert any("Хиславичского округа" in fragment for fragment in fragments)


def test_home_page_lists_deadlines(built: Project, project: Project) -> None:
    text = main_text(built.html(""))
    assert "В ближайшие 60 дней сроков по пунктам резолюций нет." in text
    assert "Просрочено: 1 пункт. По адресатам: РИБЦ ГАУ ДПО СОИРО — 1." in text

    project.write(f"data/directives/{MEETING}.yml", """\
        status: принята
        items:
          ribc:
            - text: провести семинар
              due: 2025-06-20
            - text: выпустить сборник
              due: 2025-07-15
              progress: выполнено
          rmo:
            - обеспечивать своевременное информирование
        """)
    assert project.build().returncode == 0
    soup = project.html("")
    home = main_text(soup)
    assert "до 20 июня 2025 г. — РИБЦ ГАУ ДПО СОИРО, пункт 1" in home
    assert "сборник" not in home and "Просроченных пунктов нет." in home
    assert soup.find("a", string=text_is("РИБЦ ГАУ ДПО СОИРО, пункт 1"))["href"] == f"audiences/ribc/#{MEETING}-ribc-1"
    printed = project.html(f"resolutions/{MEETING}")
    assert squeeze(printed.select_one(".resolution-header__status")) == "Статус: принята"


def test_hostile_names_and_report_text_show_as_typed(project: Project) -> None:
    municipalities = (project.root / "data/municipalities.yml").read_text(encoding="utf-8")
    municipalities = municipalities.replace("short: Вяземский", f'short: "{HOSTILE}"')
    project.write("data/municipalities.yml", municipalities.replace("name: Вяземский муниципальный округ",
                                                                    f'name: "{HOSTILE} округ"'))
    project.write(f"data/reports/{MEETING}/vyazemskiy.yml", f"""\
        reporter: "{HOSTILE}"
        items:
          rmo-1:
            progress: выполнено
            date: 2025-03-01
            text: "<script>alert(1)</script> {{{{ 7*7 }}}} [ссылка](javascript:alert(1))"
        """)
    result = project.build()
    assert result.returncode == 0, result.stderr
    for address in (f"resolutions/{MEETING}", "municipalities/vyazemskiy", "municipalities", "audiences/rmo"):
        soup = project.html(address)
        text = main_text(soup)
        article = soup.select_one("article")
        if address != "audiences/rmo":
            assert HOSTILE in text, address
        assert not article.select("b, script") and "49" not in text, address
        assert not article.select("a[href^=javascript]"), address
    for address in (f"resolutions/{MEETING}", "municipalities/vyazemskiy"):
        assert "{{ 7*7 }}" in main_text(project.html(address)), address


def pdf_text(pdf: Path) -> str:
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
    try:
        from pypdf import PdfReader
    except ImportError:
        pytest.skip("neither pdftotext (poppler-utils) nor pypdf is installed")
    return PdfReader(str(pdf)).pages[0].extract_text()


def test_pages_pass_axe_and_the_printed_resolution_has_its_header(built: Project, tmp_path: Path) -> None:
    require_axe()
    with serve(built.root / "site") as site, browser_page() as page:
        problems = {}
        for address in ("audiences/rmo/", "audiences/ribc/", "municipalities/vyazemskiy/", "municipalities/",
                        f"resolutions/{MEETING}/", ""):
            page.goto(site + address)
            page.wait_for_load_state("networkidle")
            found = axe_violations(page)
            if found:
                problems[address] = found
        assert problems == {}
        page.goto(site + f"resolutions/{MEETING}/")
        page.emulate_media(media="print")
        assert page.evaluate("getComputedStyle(document.querySelector('.see-also')).display") == "none"
        pdf = tmp_path / "resolution.pdf"
        pdf.write_bytes(page.pdf(format="A4"))
    text = " ".join(pdf_text(pdf).replace("\u00ad", "").split())  # soft hyphens of long headings
    assert "ГАУ ДПО «Смоленский областной институт развития образования»" in text
    assert "Региональный информационно-библиотечный центр" in text
    assert "ПРОЕКТ" in text and "Предложения в проект резолюции" in text
    assert "27 августа 2024 г." in text and "по состоянию на 1 июня 2025 г." in text
    assert "Срок: до 31 мая 2025 г." in text and "просрочено" in text
