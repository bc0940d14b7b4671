"""The exports for spreadsheets and programs: every resolution item and every district report, as CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY_EPOCH, Project

from generator.core.build import load_site
from generator.core.project import project_paths
from generator.outputs.export import export_site
from generator.outputs.exports import ITEM_COLUMNS, REPORT_COLUMNS, Column, csv_cell, export_files

SITE_URL = "https://omo.example.org/"
SEKCIYA = "2024-08-27-sekciya-omo"
NAMES = ("resolution-items.csv", "resolution-items.json", "reports.csv", "reports.json")
# Coordinators' names and contacts in conftest: exported by no file, with consent or without.
COORDINATORS = ("С. С. Скрытова", "Скрытова", "skrytova@hislavichi.example.ru", "48140", "1-11-11",
                "И. И. Иванова", "omo@vyazma.example.ru", "48131", "0-00-00")
HOSTILE = '=HYPERLINK("http://evil","x")'


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV starts with a byte-order mark"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def read_json(data: bytes) -> list[dict[str, Any]]:
    assert not data.startswith(b"\xef\xbb\xbf"), "JSON has no byte-order mark"
    return json.loads(data.decode("utf-8"))


def exported(built: Project, name: str) -> bytes:
    return (built.root / "site" / "exports" / name).read_bytes()


def as_records(columns: tuple[Column, ...], table: list[list[str]]) -> list[dict[str, str]]:
    """CSV rows as dictionaries by JSON key, the header checked against the columns."""
    header, *rows = table
    assert header == [column.title for column in columns]
    return [dict(zip([column.key for column in columns], row, strict=True)) for row in rows]


# The built site ----------------------------------------------------------------------------


def test_the_four_files_are_published_and_linked_from_resolutions(built: Project) -> None:
    for name in NAMES:
        assert (built.root / "site" / "exports" / name).is_file()
    links = {a["href"] for a in built.html("resolutions").select("article a[href]")}
    assert {f"../exports/{name}" for name in NAMES} <= links


def test_items_table_has_one_row_per_item(built: Project) -> None:
    table = read_csv(exported(built, "resolution-items.csv"))
    assert table[0][:4] == ["id заседания", "Дата заседания", "Заседание", "Статус резолюции"]
    assert table[0][-4:] == ["Районов: выполнено", "Районов: выполняется", "Районов: не начато",
                             "Районов: нет отчёта"]
    rows = as_records(ITEM_COLUMNS, table)
    # 2024-08-27: ribc ×2, rmo ×1; 2025-03-20: ribc ×1 — resolutions in meeting order, items in file order.
    assert [(r["meeting_id"], r["item"]) for r in rows] == [
        (SEKCIYA, "ribc-1"), (SEKCIYA, "ribc-2"), (SEKCIYA, "rmo-1"), ("2025-03-20-seminar", "ribc-1")]
    first, due, district, seminar = rows
    assert first["meeting_date"] == "2024-08-27" and first["resolution_status"] == "проект"
    assert first["audience_name"] == "РИБЦ ГАУ ДПО СОИРО" and first["item_number"] == "1"
    assert first["text"] == "продолжить и расширить работу с образовательными ресурсами"
    assert first["due"] == first["progress"] == "" and first["overdue"] == "нет"
    assert first["url"] == f"https://omo.example.org/resolutions/{SEKCIYA}/#ribc-1"
    # Due 2025-05-31, still «выполняется» on 2025-06-01: overdue.
    assert (due["due"], due["progress"], due["overdue"]) == ("2025-05-31", "выполняется", "да")
    # Only items for district audiences count district reports.
    assert [due[key] for key in ("districts_done", "districts_no_report")] == ["", ""]
    assert [district[key] for key in ("districts_done", "districts_in_progress", "districts_not_started",
                                      "districts_no_report")] == ["1", "1", "0", "1"]
    assert seminar["resolution_status"] == "принята" and seminar["meeting_title"] == "Семинар {{ 7*7 }} <b>жирный</b>"


def test_items_json_has_the_same_rows_with_types(built: Project) -> None:
    rows = read_json(exported(built, "resolution-items.json"))
    assert [list(row) for row in rows] == [[column.key for column in ITEM_COLUMNS]] * 4
    due, district = rows[1], rows[2]
    assert due["overdue"] is True and rows[0]["overdue"] is False
    assert due["due"] == "2025-05-31" and rows[0]["due"] is None and due["districts_done"] is None
    assert (district["districts_done"], district["districts_in_progress"], district["districts_not_started"],
            district["districts_no_report"]) == (1, 1, 0, 1)
    assert district["item_number"] == 1
    assert_same_rows(ITEM_COLUMNS, exported(built, "resolution-items.csv"), rows)


def test_reports_table_has_one_row_per_reported_item(built: Project) -> None:
    rows = as_records(REPORT_COLUMNS, read_csv(exported(built, "reports.csv")))
    # Districts in the order of data/municipalities.yml: hislavichskiy before vyazemskiy.
    assert [(r["municipality_id"], r["item"]) for r in rows] == [("hislavichskiy", "rmo-1"), ("vyazemskiy", "rmo-1")]
    hislavichi, vyazma = rows
    assert hislavichi == {
        "meeting_id": SEKCIYA, "municipality_id": "hislavichskiy", "item": "rmo-1",
        "municipality_name": "Хиславичский муниципальный округ", "reporter": "РМО Хиславичского округа",
        "url": f"https://omo.example.org/resolutions/{SEKCIYA}/#rmo-1", "due": "", "progress": "выполнено",
        "overdue": "нет", "date": "2025-01-20", "text": "Рассылка идёт каждый месяц.", "links": "", "example": "нет"}
    assert vyazma["links"] == "Публикация — https://vyazma.example.ru/news/omo"
    assert vyazma["progress"] == "выполняется" and vyazma["date"] == "2025-03-01"

    records = read_json(exported(built, "reports.json"))
    assert records[1]["links"] == [{"title": "Публикация", "url": "https://vyazma.example.ru/news/omo"}]
    assert records[0]["links"] == [] and records[0]["example"] is False
    assert_same_rows(REPORT_COLUMNS, exported(built, "reports.csv"), records)


def assert_same_rows(columns: tuple[Column, ...], csv_data: bytes, records: list[dict[str, Any]]) -> None:
    """Each JSON object, written as CSV cells, is the CSV row at its place."""
    rows = as_records(columns, read_csv(csv_data))
    assert rows == [{key: csv_cell(value) for key, value in record.items()} for record in records]


def test_no_coordinator_name_or_contact_is_exported(built: Project) -> None:
    for name in NAMES:
        text = exported(built, name).decode("utf-8-sig")
        for secret in COORDINATORS:
            assert secret not in text, (name, secret)


def test_export_command_writes_the_same_files(built: Project, tmp_path: Path) -> None:
    target = tmp_path / "export"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
        export_site(project_paths(built.root), target)
    for name in NAMES:
        assert (target / "docs" / "exports" / name).read_bytes() == exported(built, name)


# Hostile and awkward text ------------------------------------------------------------------

AWKWARD_DIRECTIVE = f"""\
    status: принята
    items:
      ribc:
        - '{HOSTILE}'
        - "-1+2"
        - "@SUM(A1:A2)"
        - "+7 (000) 000-00-00"
        - |-
          Первая строка; «кавычки» и "прямые кавычки"
          вторая строка, запятая
      rmo:
        - text: обычный пункт
          due: 2025-05-31
          progress: выполнено
    """


@pytest.fixture
def awkward(project: Project, monkeypatch: pytest.MonkeyPatch) -> list:
    project.write(f"data/directives/{SEKCIYA}.yml", AWKWARD_DIRECTIVE)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
    site = load_site(project.root, project.root / "data", project.root / "content")
    return export_files(site, SITE_URL)


def test_formulas_are_neutralised_in_csv_only(awkward: list) -> None:
    files = {file.src_uri: file.content for file in awkward}
    rows = as_records(ITEM_COLUMNS, read_csv(files["exports/resolution-items.csv"]))
    texts = [row["text"] for row in rows if row["meeting_id"] == SEKCIYA]
    assert texts[:4] == [f"'{HOSTILE}", "'-1+2", "'@SUM(A1:A2)", "'+7 (000) 000-00-00"]
    assert texts[4] == 'Первая строка; «кавычки» и "прямые кавычки"\nвторая строка, запятая'
    # JSON is for programs: the text as typed.
    records = read_json(files["exports/resolution-items.json"])
    assert [r["text"] for r in records][:2] == [HOSTILE, "-1+2"]
    # Done on time is not overdue.
    assert [r["overdue"] for r in records if r["item"] == "rmo-1" and r["meeting_id"] == SEKCIYA] == [False]


def test_cells_that_start_like_a_formula() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_cell(f"{start}1") == f"'{start}1"
    assert csv_cell("1-2") == "1-2" and csv_cell(None) == "" and csv_cell(True) == "да" and csv_cell(0) == "0"


def test_same_content_gives_the_same_bytes(awkward: list, project: Project) -> None:
    site = load_site(project.root, project.root / "data", project.root / "content")
    assert export_files(site, SITE_URL) == awkward
    items = next(file.content for file in awkward if file.src_uri == "exports/resolution-items.csv")
    # A header and 7 rows, each ending with CRLF; the line break inside the two-line item stays a bare LF.
    assert items.endswith(b"\r\n") and items.count(b"\r\n") == 8 and items.count(b"\n") == 9


# LibreOffice -------------------------------------------------------------------------------

SOFFICE = shutil.which("soffice")


def require_soffice() -> str:
    """Skip on a developer's machine without LibreOffice; in CI a missing LibreOffice is a failure."""
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is not installed: .ci/run must install libreoffice-calc-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    return SOFFICE


def test_libreoffice_reads_cyrillic_separators_and_newlines(awkward: list, tmp_path: Path) -> None:
    soffice = require_soffice()
    original = next(file.content for file in awkward if file.src_uri == "exports/resolution-items.csv")
    source = tmp_path / "resolution-items.csv"
    source.write_bytes(original)
    out = tmp_path / "out"
    # Open as Excel with Russian settings does: «;» between fields, '"' around them, UTF-8 (76), from line 1;
    # save as a plain comma-separated UTF-8 file and read it back.
    result = subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
         "--infilter=CSV:59,34,76,1", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1",
         "--outdir", str(out), str(source)],
        capture_output=True, text=True, timeout=180, check=False)
    converted = out / "resolution-items.csv"
    assert result.returncode == 0 and converted.is_file(), result.stdout + result.stderr
    table = list(csv.reader(io.StringIO(converted.read_text(encoding="utf-8"), newline="")))
    assert table == read_csv(original)
    texts = [row[[c.key for c in ITEM_COLUMNS].index("text")] for row in table]
    assert 'Первая строка; «кавычки» и "прямые кавычки"\nвторая строка, запятая' in texts
    assert f"'{HOSTILE}" in texts and "x" not in texts  # kept as text, never run as a formula
