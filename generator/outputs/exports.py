"""Tables for spreadsheets and programs: every resolution item and every district report, as CSV and JSON.

CONTENT-MODEL.md, "Addresses": CSV is UTF-8 with a byte-order mark and ``;`` between fields, so that Excel
with Russian settings opens it as it is; JSON is a UTF-8 array of objects with the same fields.

Each table is declared once as columns: a JSON key (English, for programs) and the CSV header (Russian, for
people with a spreadsheet), one to one and in the same order. Values come from the content only, never from
the clock, so two builds of the same content give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..core.addresses import Addresses
from ..core.model import Link
from ..core.site import REPORT_STATES, DirectiveLine, Site
from .feeds import GeneratedFile, public_url


@dataclass(frozen=True)
class Column:
    key: str  # the JSON key
    title: str  # the CSV header


# Counts of district reports per state, in the order of REPORT_STATES.
_COUNT_KEYS = ("districts_done", "districts_in_progress", "districts_not_started", "districts_no_report")

ITEM_COLUMNS = (
    Column("meeting_id", "id заседания"),
    Column("meeting_date", "Дата заседания"),
    Column("meeting_title", "Заседание"),
    Column("resolution_status", "Статус резолюции"),
    Column("audience_id", "id адресата"),
    Column("audience_name", "Адресат"),
    Column("item_number", "№ пункта"),
    Column("item", "Код пункта"),
    Column("url", "Ссылка на пункт"),
    Column("text", "Текст пункта"),
    Column("due", "Срок"),
    Column("progress", "Ход выполнения"),
    Column("overdue", "Просрочено"),
    *(Column(key, f"Районов: {state}") for key, state in zip(_COUNT_KEYS, REPORT_STATES, strict=True)),
)

REPORT_COLUMNS = (
    Column("meeting_id", "id заседания"),
    Column("municipality_id", "id муниципального образования"),
    Column("municipality_name", "Муниципальное образование"),
    Column("reporter", "Кто отчитывается"),
    Column("item", "Код пункта"),
    Column("url", "Ссылка на пункт"),
    Column("due", "Срок"),
    Column("progress", "Ход выполнения"),
    Column("overdue", "Просрочено"),
    Column("date", "Дата отчёта"),
    Column("text", "Что сделано"),
    Column("links", "Ссылки"),
    Column("example", "Пример"),
)

# A spreadsheet reads a cell starting with one of these as a formula (OWASP, "CSV Injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_files(site: Site, site_url: str) -> list[GeneratedFile]:
    """``/exports/resolution-items.csv|json`` and ``/exports/reports.csv|json``."""
    return [GeneratedFile(src_uri, make()) for src_uri, make in export_makers(site, site_url).items()]


def export_makers(site: Site, site_url: str) -> dict[str, Callable[[], bytes]]:
    """``export_files`` by name, each file made when asked (``feeds.feed_makers``); the rows are read once."""
    items = cache(lambda: list(item_rows(site, site_url)))
    reports = cache(lambda: list(report_rows(site, site_url)))
    return {
        Addresses.items_csv: lambda: to_csv(ITEM_COLUMNS, items()),
        Addresses.items_json: lambda: to_json(items()),
        Addresses.reports_csv: lambda: to_csv(REPORT_COLUMNS, reports()),
        Addresses.reports_json: lambda: to_json(reports()),
    }


def item_url(site_url: str, line: DirectiveLine) -> str:
    """The item's anchor on its resolution's page, absolute."""
    return f"{public_url(site_url, Addresses.resolution(line.meeting.id))}#{line.anchor}"


def item_rows(site: Site, site_url: str) -> Iterator[dict[str, Any]]:
    """One row per item of every resolution: resolutions in meeting order, items in file order."""
    for meeting_id, directive in site.directives.items():
        for line in site.directive_lines(meeting_id):
            item = line.item
            row: dict[str, Any] = {
                "meeting_id": meeting_id,
                "meeting_date": line.meeting.data.date.isoformat(),
                "meeting_title": line.meeting.data.title,
                "resolution_status": directive.data.status,
                "audience_id": line.audience.id,
                "audience_name": line.audience.data.name,
                "item_number": line.number,
                "item": line.anchor,
                "url": item_url(site_url, line),
                "text": item.text,
                "due": item.due.isoformat() if item.due else None,
                "progress": item.progress,
                "overdue": site.is_overdue(line),
            }
            counts = site.district_counts(line) if line.for_districts else {}
            row.update({key: counts.get(state) for key, state in zip(_COUNT_KEYS, REPORT_STATES, strict=True)})
            yield row


def report_rows(site: Site, site_url: str) -> Iterator[dict[str, Any]]:
    """One row per item of every district report: resolutions in meeting order, then districts in the order
    of data/municipalities.yml, then items in the resolution's order.

    Coordinators are not exported at all: their names and contacts are shown only on pages, and only with consent.
    """
    for meeting_id, by_district in site.reports.items():
        lines = site.district_lines(meeting_id)
        for municipality_id in by_district:
            for line in lines:
                found = site.district_report(line, municipality_id)
                if found is None:
                    continue
                yield {
                    "meeting_id": meeting_id,
                    "municipality_id": municipality_id,
                    "municipality_name": found.municipality.data.name,
                    "reporter": found.report.data.reporter,
                    "item": found.anchor,
                    "url": item_url(site_url, line),
                    "due": line.item.due.isoformat() if line.item.due else None,
                    "progress": found.item.progress,
                    "overdue": site.district_is_late(line, found),
                    "date": found.item.date.isoformat(),
                    "text": found.item.text,
                    "links": [_link(link) for link in found.item.links],
                    "example": found.report.data.example,
                }


def _link(link: Link) -> dict[str, str]:
    return {"title": link.title, "url": str(link.url)}


def to_json(rows: Sequence[dict[str, Any]]) -> bytes:
    """A UTF-8 array of objects, without a byte-order mark, ending with a newline."""
    return (json.dumps(list(rows), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def to_csv(columns: Sequence[Column], rows: Sequence[dict[str, Any]]) -> bytes:
    """UTF-8 with a byte-order mark, ``;`` between fields, CRLF after each row, one header row."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([column.title for column in columns])
    for row in rows:
        writer.writerow([csv_cell(row[column.key]) for column in columns])
    return buffer.getvalue().encode("utf-8-sig")


def csv_cell(value: Any) -> str:
    """A value as a spreadsheet cell: «да»/«нет» for flags, links as «title — url | …», never a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        value = " | ".join(f"{link['title']} — {link['url']}" for link in value)
    text = str(value)
    # OWASP's advice: a leading apostrophe keeps the cell text, so a hostile item cannot run as a formula.
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
