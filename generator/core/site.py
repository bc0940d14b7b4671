"""Records -> one site: lookups, checked references and derived facts."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any, get_args
from urllib.parse import unquote

from . import dates, model
from .addresses import Addresses
from .copies import copy_problems
from .errors import ContentError, Problem, comparable, field_name, id_slips
from .indented_code import indented_code
from .layout import BUILT_BESIDE_PAGES, STORIES
from .load import Content, Entry, Story
from .markdown_limits import limit_problems
from .markdown_links import (
    addresses,
    from_another_site,
    is_computer_path,
    is_local,
    is_relative,
    is_remote,
    on_my_computer,
    pasted_html,
    pictures,
)
from .pasted_text import pasted_text
from .slugs import make_id
from .uploads import asset_problem, link_problem


@dataclass(frozen=True)
class DirectiveLine:
    """One resolution item with its place: ``ribc-2`` is the second item for РИБЦ."""

    meeting: Entry[model.Meeting]
    audience: Entry[model.Audience]
    number: int
    item: model.DirectiveItem

    @property
    def anchor(self) -> str:
        return f"{self.audience.id}-{self.number}"

    @property
    def for_districts(self) -> bool:
        """Carried out in every district (РМО, local authorities, school libraries), each reporting on it."""
        return self.audience.data.districts


# A district's word on an item, in the order pages show them; "нет отчёта" when it has not reported.
REPORT_STATES = ("выполнено", "выполняется", "не начато", "нет отчёта")


@dataclass(frozen=True)
class DistrictReport:
    """What one district reported on one item of a resolution."""

    municipality: Entry[model.Municipality]
    report: Entry[model.Report]  # the district's file for the whole resolution
    anchor: str
    item: model.ReportItem


@dataclass(frozen=True)
class DistrictWork:
    """One resolution as one district sees it: its items, those it reported, the others by audience."""

    meeting: Entry[model.Meeting]
    directive: Entry[model.Directive]
    report: Entry[model.Report] | None
    total: int
    reported: list[tuple[DirectiveLine, DistrictReport]]
    missing: list[tuple[Entry[model.Audience], list[DirectiveLine]]]
    late: int


def _by_audience(lines: list[DirectiveLine]) -> list[tuple[Entry[model.Audience], list[DirectiveLine]]]:
    groups: dict[str, tuple[Entry[model.Audience], list[DirectiveLine]]] = {}
    for line in lines:
        groups.setdefault(line.audience.id, (line.audience, []))[1].append(line)
    return list(groups.values())


@dataclass
class Site:
    audiences: dict[str, Entry[model.Audience]]
    municipalities: dict[str, Entry[model.Municipality]]
    themes: dict[str, Entry[model.Theme]]
    meetings: dict[str, Entry[model.Meeting]]
    directives: dict[str, Entry[model.Directive]]
    practices: dict[str, Entry[model.Practice]]
    stories: list[Story]
    today: dt.date
    docs: Path
    home_meta: model.PageMeta = field(default_factory=lambda: model.PageMeta())
    home_intro: str = ""
    partners: list[model.Partner] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)  # ids of draft stories: published nowhere
    # District reports: meeting id -> municipality id -> the district's file, in municipalities' order.
    reports: dict[str, dict[str, Entry[model.Report]]] = field(default_factory=dict)
    site_url: str = ""  # the published address (mkdocs.yml or SITE_URL), for links that must be absolute

    def calendar_subscription(self) -> str:
        """The meetings calendar as a webcal:// address, which a phone opens in its calendar app ("" if unknown)."""
        host_and_path = self.site_url.partition("://")[2]
        return f"webcal://{host_and_path.rstrip('/')}/meetings.ics" if host_and_path else ""

    # Meetings ---------------------------------------------------------------

    def status(self, meeting: Entry[model.Meeting]) -> str:
        if meeting.data.cancelled:
            return "cancelled"
        return "planned" if meeting.data.date >= self.today else "held"

    def school_years(self) -> list[int]:
        """Years that have meetings, newest first."""
        return sorted({dates.school_year_start(m.data.date) for m in self.meetings.values()}, reverse=True)

    def meetings_of_year(self, start: int) -> list[Entry[model.Meeting]]:
        return [m for m in self.meetings.values() if dates.school_year_start(m.data.date) == start]

    def meetings_by_status(self, start: int) -> dict[str, list[Entry[model.Meeting]]]:
        """A year's meetings: planned (soonest first), held (latest first), cancelled."""
        groups: dict[str, list[Entry[model.Meeting]]] = {"planned": [], "held": [], "cancelled": []}
        for meeting in self.meetings_of_year(start):
            groups[self.status(meeting)].append(meeting)
        groups["held"].reverse()
        return {status: group for status, group in groups.items() if group}

    def upcoming_meetings(self) -> list[Entry[model.Meeting]]:
        return [m for m in self.meetings.values() if self.status(m) == "planned"]

    # Resolutions ------------------------------------------------------------

    def directive_lines(self, meeting_id: str) -> Iterator[DirectiveLine]:
        directive = self.directives.get(meeting_id)
        return iter(()) if directive is None else _directive_lines(self, self.meetings[meeting_id], directive)

    def lines_for_audience(self, audience_id: str) -> list[DirectiveLine]:
        """Every item addressed to one audience, newest resolution first."""
        return [line for meeting_id in reversed(self.directives)
                for line in self.directive_lines(meeting_id) if line.audience.id == audience_id]

    def latest_directive(self) -> Entry[model.Directive] | None:
        return self.directives[next(reversed(self.directives))] if self.directives else None

    def is_overdue(self, line: DirectiveLine) -> bool:
        """Its due date has passed (Moscow time, at build) and it is not done: an item every district carries
        out, while one district has not reported it done (and the item is not marked done as a whole). The
        monitoring page, the district pages and the exports say the same of it."""
        if not self._past_due(line):
            return False
        return not line.for_districts or any(self.district_is_late(line, self.district_report(line, municipality_id))
                                             for municipality_id in self.municipalities)

    def _past_due(self, line: DirectiveLine) -> bool:
        return line.item.due is not None and line.item.due < self.today and line.item.progress != "выполнено"

    def directive_lines_by_due(self, lines: Iterable[DirectiveLine]) -> list[DirectiveLine]:
        """Nearest deadline first, items without one last; otherwise in the resolution's order."""
        return sorted(lines, key=lambda line: (line.item.due is None, line.item.due or dt.date.max))

    def due_soon(self, days: int = 60) -> list[DirectiveLine]:
        """Items not done whose deadline is within ``days`` from today, nearest first."""
        last = self.today + dt.timedelta(days=days)
        return self.directive_lines_by_due(
            line for meeting_id in self.directives for line in self.directive_lines(meeting_id)
            if line.item.due is not None and self.today <= line.item.due <= last
            and line.item.progress != "выполнено")

    def overdue_lines(self) -> list[DirectiveLine]:
        return self.directive_lines_by_due(line for meeting_id in self.directives
                                           for line in self.directive_lines(meeting_id) if self.is_overdue(line))

    # District reports -------------------------------------------------------

    def district_lines(self, meeting_id: str) -> list[DirectiveLine]:
        """Items of one resolution that every district carries out."""
        return [line for line in self.directive_lines(meeting_id) if line.for_districts]

    def district_report(self, line: DirectiveLine, municipality_id: str) -> DistrictReport | None:
        report = self.reports.get(line.meeting.id, {}).get(municipality_id)
        item = report.data.items.get(line.anchor) if report else None
        if report is None or item is None:
            return None
        return DistrictReport(self.municipalities[municipality_id], report, line.anchor, item)

    def district_reports(self, line: DirectiveLine) -> list[DistrictReport]:
        """Reports on one item, in the order of data/municipalities.yml."""
        found = (self.district_report(line, municipality_id) for municipality_id in self.municipalities)
        return [report for report in found if report is not None]

    def district_counts(self, line: DirectiveLine) -> dict[str, int]:
        """How many districts report each state of an item; those that have not, under "нет отчёта"."""
        counts = dict.fromkeys(REPORT_STATES, 0)
        reports = self.district_reports(line)
        for report in reports:
            counts[report.item.progress] += 1
        counts["нет отчёта"] = len(self.municipalities) - len(reports)
        return counts

    def reports_of(self, municipality_id: str) -> list[Entry[model.Report]]:
        """A district's report files, newest resolution first."""
        return [by_district[municipality_id] for meeting_id, by_district in reversed(self.reports.items())
                if municipality_id in by_district]

    def district_is_late(self, line: DirectiveLine, report: DistrictReport | None) -> bool:
        """The item's deadline has passed, the item is not marked done as a whole, and the district has not
        reported it done."""
        return self._past_due(line) and not (report is not None and report.item.progress == "выполнено")

    def district_work(self, municipality_id: str) -> list[DistrictWork]:
        """A district's items resolution by resolution, newest first: what it reported in full, the rest by number."""
        work = []
        for meeting_id in reversed(self.directives):
            lines = self.district_lines(meeting_id)
            if not lines:
                continue
            reported, missing = [], []
            for line in lines:
                report = self.district_report(line, municipality_id)
                if report is None:
                    missing.append(line)
                else:
                    reported.append((line, report))
            late = sum(self.district_is_late(line, report) for line, report in reported)
            late += sum(self.district_is_late(line, None) for line in missing)
            work.append(DistrictWork(self.meetings[meeting_id], self.directives[meeting_id],
                                     self.reports.get(meeting_id, {}).get(municipality_id), len(lines), reported,
                                     _by_audience(missing), late))
        return work

    # Practices --------------------------------------------------------------

    def practices_newest_first(self) -> list[Entry[model.Practice]]:
        return sorted(self.practices.values(), key=lambda p: (practice_day(p.data), p.id), reverse=True)

    def practices_where(self, **condition: str) -> list[Entry[model.Practice]]:
        """Newest first, by one condition: ``theme``, ``form``, ``municipality`` or ``meeting``."""
        ((key, value),) = condition.items()
        return self._practices_by[key].get(value, [])

    @cached_property
    def _practices_by(self) -> dict[str, dict[str, list[Entry[model.Practice]]]]:
        """Every listing of practices, grouped once: pages ask for them thousands of times."""
        groups: dict[str, dict[str, list[Entry[model.Practice]]]] = {
            "theme": {}, "form": {}, "municipality": {}, "meeting": {}}
        for practice in self.practices_newest_first():
            keys = {"theme": practice.data.themes, "form": [practice.data.form],
                    "municipality": [practice.data.municipality], "meeting": self.meetings_of_practice(practice.id)}
            for kind, values in keys.items():
                for value in values:
                    groups[kind].setdefault(value, []).append(practice)
        return groups

    def meetings_of_practice(self, practice_id: str) -> list[str]:
        """Meetings where a practice was presented: its own ``meeting`` or a program item naming it."""
        return self._practice_meetings.get(practice_id, [])

    @cached_property
    def _practice_meetings(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for meeting in self.meetings.values():  # in date order
            for point in meeting.data.program:
                if point.practice and meeting.id not in found.setdefault(point.practice, []):
                    found[point.practice].append(meeting.id)
        for practice in self.practices.values():
            own = practice.data.meeting
            if own and own not in found.setdefault(practice.id, []):
                found[practice.id].append(own)
                found[practice.id].sort(key=lambda mid: self.meetings[mid].data.date)
        return found

    def forms_in_use(self) -> list[str]:
        used = {p.data.form for p in self.practices.values()}
        return [form for form in get_args(model.PracticeForm) if form in used]

    # People and places ------------------------------------------------------

    def speeches_from(self, municipality_id: str) -> list[Speech]:
        """Talks at meetings by people of one municipality, newest first."""
        return [Speech(meeting, point, person)
                for meeting in reversed(self.meetings.values())
                for point in meeting.data.program
                for person in point.speakers if person.municipality == municipality_id]

    def speakers_count(self, municipality_id: str) -> int:
        return len({(s.person.name, s.person.organization) for s in self.speeches_from(municipality_id)})

    def has_page(self, relative: str) -> bool:
        """Whether the docs folder has this page (``editors/index.md``)."""
        return (self.docs / relative).is_file()

    def file_size(self, relative: str) -> int:
        """Size in bytes of an attachment under the docs folder (checked to exist when loading)."""
        return (self.docs / relative).stat().st_size

    # Stories ----------------------------------------------------------------

    def stories_where(self, **condition: str) -> list[Story]:
        """Published stories, newest first, by one condition: ``meeting``, ``practice`` or ``municipality``."""
        ((key, value),) = condition.items()
        return self._stories_by[key].get(value, [])

    @cached_property
    def _stories_by(self) -> dict[str, dict[str, list[Story]]]:
        groups: dict[str, dict[str, list[Story]]] = {"meeting": {}, "practice": {}, "municipality": {}}
        for story in self.stories:
            data = story.data
            places = {data.municipality, *(self.practices[p].data.municipality for p in data.practices)}
            keys = {"meeting": [data.meeting], "practice": data.practices, "municipality": places}
            for kind, values in keys.items():
                for value in dict.fromkeys(v for v in values if v):
                    groups[kind].setdefault(value, []).append(story)
        return groups

    def story_pages(self, per_page: int = 10) -> list[list[Story]]:
        """The news list cut into pages; at least one page, even when empty."""
        return [self.stories[i:i + per_page] for i in range(0, len(self.stories), per_page)] or [[]]

    @cached_property
    def generated_addresses(self) -> frozenset[str]:
        """Every page and file the build makes, as paths in the docs folder: what a link in an editor's Markdown
        may name besides the editors' own files (a test holds it to the pages the build makes)."""
        a = Addresses
        found = {a.home, a.meetings, a.plans, a.resolutions, a.audiences, a.practices, a.themes, a.forms,
                 a.municipalities, a.stories, a.feed, a.feed_all, a.calendar,
                 a.items_csv, a.items_json, a.reports_csv, a.reports_json}
        found |= {path for i in self.meetings for path in (a.meeting(i), a.meeting_calendar(i))}
        found |= {a.plan(start) for start in self.school_years()}
        found |= {a.resolution(i) for i in self.directives}
        found |= {a.monitoring(i) for i in self.directives if self.district_lines(i)}
        found |= {a.audience(i) for i in self.audiences} | {a.practice(i) for i in self.practices}
        found |= {a.theme(i) for i in self.themes} | {a.form(form) for form in self.forms_in_use()}
        found |= {a.municipality(i) for i in self.municipalities}
        found |= {a.story(story.id) for story in self.stories}
        found |= {a.stories_page(number) for number in range(1, len(self.story_pages()) + 1)}
        return frozenset(found)


@dataclass(frozen=True)
class Speech:
    meeting: Entry[model.Meeting]
    point: model.ProgramItem
    person: model.Person


def practice_day(practice: model.Practice) -> dt.date:
    """When a practice took place, for ordering: its date, or the start of its school year."""
    if practice.date:
        return practice.date
    return dt.date(int(practice.school_year[:4]), dates.SCHOOL_YEAR_START_MONTH, 1)


def build_site(content: Content, docs: Path, today: dt.date | None = None) -> Site:
    """Check every reference between records; raise ``ContentError`` with all problems."""
    site = Site(
        audiences=_by_id(content.audiences),
        municipalities=_by_id(content.municipalities),
        themes=_by_id(content.themes),
        meetings=_by_id(sorted(content.meetings, key=lambda m: (m.data.date, m.data.time or dt.time(), m.id))),
        directives={},
        practices=_by_id(sorted(content.practices, key=lambda p: p.id)),
        stories=sorted((s for s in content.stories if not s.data.draft), key=lambda s: (s.data.date, s.id),
                       reverse=True),
        today=today or dates.today(),
        docs=docs,
        home_meta=content.home_meta,
        home_intro=content.home_intro,
        drafts=sorted(s.id for s in content.stories if s.data.draft),
        partners=[entry.data for entry in content.partners],
    )
    directives = {d.id: d for d in content.directives}
    # Resolutions follow their meetings' order.
    site.directives = {mid: directives[mid] for mid in site.meetings if mid in directives}
    by_meeting: dict[str, dict[str, Any]] = {}  # reports "<meeting>/<municipality>", grouped once
    for report in content.reports:
        parts = report.id.split("/")
        by_meeting.setdefault(parts[0], {})[parts[1]] = report
    for meeting_id in site.directives:
        found = by_meeting.get(meeting_id, {})
        site.reports[meeting_id] = {mid: found[mid] for mid in site.municipalities if mid in found}
    refs = _check_references(site, content, docs)
    problems = [p for p in content.problems if p.line or p.field or p.path not in refs.refused_files]
    problems += refs.problems + copy_problems(content)
    if problems:
        raise ContentError(problems)
    return site


def _by_id(entries: Iterable[Entry]) -> dict[str, Entry]:
    return {entry.id: entry for entry in entries}


# The start of a web address typed without its scheme: a host name with a dot and a top-level domain.
_EMAIL = re.compile(r"^[^/@\s:]+@[^/@\s]+\.[^/@\s.]{2,}$")
_HOST = re.compile(r"^(?:www\.)?[a-zа-яё0-9-]+(?:\.[a-zа-яё0-9-]+)*\.(?:ru|рф|com|org|net|su|info|edu|gov|рус)(?:/|$)",
                   re.IGNORECASE)

# "нет <чего> с id …"
_WHAT = {"meetings": "заседания", "practices": "практики", "municipalities": "муниципального образования",
         "themes": "направления", "audiences": "адресата"}


class _References:
    """Collects problems for references to missing entries and files."""

    def __init__(self, site: Site, docs: Path, broken: Mapping[str, set[str]],
                 unreadable: frozenset[str] = frozenset()):
        self.site = site
        self.docs = docs
        self.broken = broken
        self.unreadable = unreadable  # vocabularies not read at all: their file's own problem says why
        self.problems: list[Problem] = []
        self.refused_files: set[str] = set()  # reported at the field that names them, not again on their own
        # Draft stories' files: in the docs folder, published nowhere (a link to one would be dead).
        self.drafts = frozenset(f"{STORIES}/{story_id}.md" for story_id in site.drafts)

    def entry(self, owner: Entry, loc: tuple[Any, ...], value: str | None, kind: str) -> None:
        """Check that ``value`` names an entry of ``kind`` (a collection of the site)."""
        table: Mapping[str, Entry] = getattr(self.site, kind)
        if value is None or value in table or value in self.broken.get(kind, ()) or kind in self.unreadable:
            return
        what = _WHAT[kind]
        several = [part for part in re.split(r"[\s,;]+", value) if part]
        if len(several) > 1 and all(part in table or part in self.broken.get(kind, ()) for part in several):
            # «reading, patriotic» without brackets is one text: a list, or one id where only one goes
            fix = (f"запишите их списком в квадратных скобках: [{', '.join(several)}]" if isinstance(loc[-1], int)
                   else "здесь указывается один id: оставьте один")
            self.problems.append(owner.problem(loc, f"«{value}» — это несколько id: {fix}"))
            return
        slips, fixed = id_slips(value)
        if slips and fixed in table:  # an invisible character or a Russian «о» in a real id
            self.problems.append(owner.problem(loc, f"нет {what} с id «{value}»: в нём {'; '.join(slips)}; "
                                                    f"правильно: {fixed}"))
            return
        close = nearest_ids(value, [(i, entry_names(e)) for i, e in table.items()])
        hint = f"; возможно, вы имели в виду: {', '.join(_shown(i, table[i]) for i in close)}" if close else ""
        if not close and table:
            hint = f"; есть такие: {', '.join(list(table)[:5])}{' …' if len(table) > 5 else ''}"
        if not model.ID_PATTERN.match(value):  # a name typed where an id is expected
            hint = f": здесь пишется id (строчные латинские буквы, цифры и дефис), а не название{hint}"
        self.problems.append(owner.problem(loc, f"нет {what} с id «{value}»{hint}"))

    def entries(self, owner: Entry, loc: tuple[Any, ...], values: list[str], kind: str) -> None:
        seen: set[str] = set()
        for index, value in enumerate(values):
            if value is None:  # an item of a record with problems that could not be read: reported as such
                continue
            if value in seen:
                self.problems.append(owner.problem(loc + (index,), f"«{value}» указан в списке дважды: оставьте "
                                                                   "один раз"))
            else:
                seen.add(value)
                self.entry(owner, loc + (index,), value, kind)

    def file(self, owner: Entry, loc: tuple[Any, ...], value: str | None, kind: str = "material") -> None:
        """Check that ``value`` names a file of the docs folder that may be published as ``kind`` (see uploads)."""
        if value is None:
            return
        docs_name = self.docs.name
        path = self.docs / value
        if not value.startswith("/") and ".." not in PurePosixPath(value).parts:
            problem = link_problem(path, self.docs.parent)  # before anything follows the link
            if problem is not None:
                self._refuse(owner, loc, path, f"{docs_name}/{value} — {problem}")
                return
        try:
            target = path.resolve()
            inside = target.is_relative_to(self.docs.resolve())
            found = inside and target.is_file()
        except OSError:  # a name longer than the file system allows
            target, inside, found = path, False, False
        if not found and is_computer_path(value):
            self.problems.append(owner.problem(loc, on_my_computer(value, docs_name)))
            return
        if not found:
            hint = f"путь пишется от папки {docs_name}/"
            if value.startswith(("/", f"{docs_name}/")):
                hint += f", без «{'/' if value.startswith('/') else docs_name + '/'}» в начале"
            if "\\" in value:  # copied from Windows Explorer
                fixed = value.replace("\\", "/").lstrip("/").removeprefix(f"{docs_name}/")
                hint = f"путь пишется через «/», а не «\\», от папки {docs_name}/: {fixed}"
            if inside and (other := _other_case(target)) is not None:  # Windows finds it, the site's server does not
                hint = (f"есть файл {other}: имя отличается заглавными и строчными буквами, а на сервере сайта это "
                        "разные файлы; напишите имя как у файла")
            self.problems.append(owner.problem(loc, f"файл не найден: {docs_name}/{value.lstrip('/')} ({hint})"))
            return
        problem = asset_problem(path, kind)
        if problem is not None:
            self._refuse(owner, loc, path, f"{docs_name}/{value} — {problem}")

    def links(self, owner: Entry) -> None:
        """The addresses of links and pictures in the record's Markdown fields lead to a file of the docs folder
        or a page of the site (``markdown_links``: written from the docs folder, as ``file:`` is)."""
        for loc, text in model.markdown_fields(owner.data):
            at = _lines_of(owner, loc, text)
            for start, advice in pasted_html(text) if "<" in text else ():
                self.problems.append(at(start, advice))
            for start, advice in limit_problems(text) + indented_code(text, stripped=True) + pasted_text(text):
                self.problems.append(at(start, advice))
            if "](" not in text and "]:" not in text:
                continue
            for start, stop in addresses(text):
                if text[start - 1:start] == "<":  # shown as text by the field's filter: the link would break
                    self.problems.append(at(start, f"адрес в угловых скобках «<{text[start:stop]}>» не читается: "
                                                   "уберите скобки, а файл с пробелами в имени переименуйте "
                                                   "(пробелы замените дефисами)"))
                    continue
                problem = self._link_problem(text[start:stop])
                if problem is not None:
                    self.problems.append(at(start, problem))
            for start, address in pictures(text):
                if is_remote(address):
                    self.problems.append(at(start, from_another_site(address, self.docs.name)))

    def page_links(self, links: list[tuple[str, int, str]]) -> None:
        """Relative addresses in stories and hand-written pages, resolved from the page's own folder as MkDocs
        resolves them, lead to a file of the docs folder or a page of the site."""
        for name, line, address in links:
            if name.partition("/")[2] in self.drafts:
                continue  # a draft's links are checked when it is published: it may name other drafts
            folder = posixpath.dirname(name.partition("/")[2])  # content/stories/x.md -> stories
            problem = self._link_problem(address, folder, name.partition("/")[2])
            if problem is not None:
                self.problems.append(Problem(name, line, "", problem))

    def _link_problem(self, address: str, folder: str | None = None, page: str | None = None) -> str | None:
        """What is wrong with an address in Markdown: written from the docs folder (a data file's field, ``folder``
        None) or from the page's own folder (a story, a hand-written page ``page``)."""
        docs_name = self.docs.name
        if folder is None:
            advice = (f"путь пишется от папки {docs_name}/, как в поле file: (files/plan.pdf); ссылка на страницу "
                      "сайта — как practices/kviz.md")
        else:
            up = _up_to_docs(folder)
            advice = (f"путь пишется от этой страницы: к файлу из {docs_name}/files/ — {up}files/plan.pdf, "
                      f"к странице сайта — по её файлу, {up}practices/kviz.md")
        if is_local(address) and not is_remote(address):
            return on_my_computer(address, docs_name)
        if address.startswith("/") and not address.startswith("//"):
            return self._root_link_problem(address, folder)
        if not is_relative(address):
            return None
        path = unquote(address.partition("#")[0].partition("?")[0])
        if not path:
            return None
        if folder is None and ".." in PurePosixPath(path).parts:
            return (f"ссылка «{address}»: путь пишется от папки {docs_name}/, без «../» (files/plan.pdf); ссылка на "
                    "страницу сайта — как practices/kviz.md")
        target = posixpath.normpath(posixpath.join(folder or "", path))
        if not self._published(target) and (meant := self._page_address(path, folder, page)) is not None:
            anchor = address.partition("#")[1] + address.partition("#")[2]
            return (f"ссылка «{address}» написана как адрес страницы в браузере; на страницу сайта ссылаются по её "
                    f"файлу от этой страницы: {meant}{anchor}")
        if target == ".." or target.startswith("../"):
            return f"ссылка «{address}» ведёт за пределы папки {docs_name}/: {advice}"
        if self._published(target):
            return self._draft_problem(address, target)
        for file in (target.rstrip("/") + ".md", target.rstrip("/") + "/index.md"):
            if not path.endswith(".md") and self._published(file):
                written = file if folder is None else posixpath.relpath(file, folder or ".")
                return f"ссылка «{address}»: на страницу сайта ссылаются по её файлу: {written}"
        if _EMAIL.match(path):  # «omo@mail.ru»: a file to the browser
            return f"ссылка «{address}» похожа на адрес почты: он пишется с mailto: — mailto:{path}"
        if _HOST.match(path):  # «vk.com/club1», «www.school.ru»: a site without its https://
            return f"ссылка «{address}» похожа на адрес сайта: он начинается с https:// — https://{path}"
        hint = advice
        if (other := _other_case(self.docs / target)) is not None:
            hint = f"есть файл {other}: имя отличается заглавными и строчными буквами; напишите имя как у файла"
        return f"ссылка «{address}» ведёт на файл, которого нет: {hint}"

    def _page_address(self, path: str, folder: str | None, page: str | None) -> str | None:
        """The file of the page ``path`` leads to when read from the page's address, as a browser reads it
        (``../2024-08-28-itogi/`` from the story ``stories/x.md``, published at ``stories/x/``), written from the
        page's folder; None when it leads to no page."""
        if folder is None or page is None or not path.endswith("/") or posixpath.basename(page) == "index.md":
            return None
        target = posixpath.normpath(posixpath.join(folder, posixpath.splitext(posixpath.basename(page))[0], path))
        if target == ".." or target.startswith("../"):
            return None
        found = next((file for file in (f"{target}.md", f"{target}/index.md") if self._published(file)), None)
        return posixpath.relpath(found, folder or ".") if found is not None and found != page else None

    def _draft_problem(self, address: str, target: str) -> str | None:
        if target not in self.drafts:
            return None
        return (f"ссылка «{address}» ведёт на новость-черновик: пока в ней стоит draft: true, она нигде не "
                "публикуется; уберите ссылку или опубликуйте новость")

    def _root_link_problem(self, address: str, folder: str | None) -> str | None:
        """An address from the site's root, as copied from the browser (``/practices/kviz/``): it works only while
        the page is there, so it must be there now."""
        up = _up_to_docs(folder)
        path = posixpath.normpath("/" + unquote(address.partition("#")[0].partition("?")[0])).strip("/")
        if path.endswith(".md"):  # MkDocs turns a page's file into its address only in a relative link
            return (f"ссылка «{address}»: от корня сайта ссылаются на адрес страницы, а не на её файл; напишите "
                    f"ссылку по файлу от этой страницы, например {up}practices/kviz.md")
        if path.split("/")[0] in BUILT_BESIDE_PAGES:  # /admin/, /sitemap.xml: not the site's pages, made all the same
            return None
        page = path.removesuffix("index.html").rstrip("/") if path.endswith("index.html") else \
            path.removesuffix(".html") if path.endswith(".html") else path  # a page's file as the server has it
        candidates = [f"{page}/index.md" if page else "index.md", f"{page}.md", path]
        if found := next((page for page in candidates if page and self._published(page)), None):
            return self._draft_problem(address, found)
        return (f"ссылка «{address}» ведёт на страницу или файл, которых на сайте нет: проверьте адрес; ссылку на "
                f"страницу надёжнее писать по её файлу, например {up}practices/kviz.md — тогда сборка проверит её")

    def _published(self, path: str) -> bool:
        """Whether ``path`` of the docs folder is an editor's file or a page or file the build makes."""
        try:
            return (self.docs / path).is_file() or self._generated_page(path)
        except OSError:  # a name longer than the file system allows
            return False

    def _generated_page(self, path: str) -> bool:
        """Whether the build makes the page or file ``path`` of the docs folder; a record with problems of its own
        counts as made (its problem is reported, not again as a missing page here)."""
        if path in self.site.generated_addresses:
            return True
        section, _, name = path.partition("/")
        folder = {"meetings": "meetings", "resolutions": "directives", "practices": "practices"}.get(section)
        return folder is not None and "/" not in name and name.removesuffix(".md") in self.broken.get(folder, ())

    def _refuse(self, owner: Entry, loc: tuple[Any, ...], path: Path, message: str) -> None:
        self.problems.append(owner.problem(loc, message))
        self.refused_files.add(path.relative_to(self.docs.parent).as_posix())

    def materials(self, owner: Entry, loc: tuple[Any, ...], materials: list[model.Material],
                  kind: str = "material") -> None:
        for index, material in enumerate(materials):
            self.file(owner, loc + (index, "file"), material.file, kind)

    def people(self, owner: Entry, loc: tuple[Any, ...], people: list[model.Person]) -> None:
        for index, person in enumerate(people):
            self.entry(owner, loc + (index, "municipality"), person.municipality, "municipalities")


def _lines_of(owner: Entry, loc: tuple[Any, ...], text: str) -> Callable[[int, str], Problem]:
    """Problems at a place in a Markdown field: in a block of text (``description: |``) on the line of the file
    where that place is, elsewhere on the field's own line (a folded or quoted value moves its lines)."""
    def at(start: int, message: str) -> Problem:
        # Only when there is a problem: a line needs the careful parse of the record's file, too dear for every field.
        line = owner.line(*loc)
        lines = owner.doc.text.split("\n")
        index = line - owner.doc.first_line
        block = 0 <= index < len(lines) and re.search(r"[|>][-+0-9]*[ \t]*(?:#.*)?$", lines[index]) is not None
        return Problem(owner.path, line + 1 + text.count("\n", 0, start) if block else line,
                       field_name(owner.in_file(loc)), message)

    return at


def _up_to_docs(folder: str | None) -> str:
    """From a page in ``folder`` of the docs folder up to the docs folder (a data file's field: from it already)."""
    return "../" * (folder.count("/") + 1) if folder else ""


def _other_case(path: Path) -> str | None:
    """The name of a file beside ``path`` whose name differs from its only in capital letters."""
    try:
        found = [other.name for other in path.parent.iterdir()
                 if other.name != path.name and other.name.lower() == path.name.lower() and other.is_file()]
    except OSError:
        return None
    return found[0] if found else None


def nearest_ids(value: str, vocabulary: Iterable[str | tuple[str, Iterable[str]]], limit: int = 3) -> list[str]:
    """Ids an editor probably meant by ``value``: an id or a name of an entry, typed as it came.

    ``vocabulary`` holds ids, or ``(id, names)`` pairs (a municipality's ``name`` and ``short``).
    Found in this order: the id itself without invisible characters and with Russian look-alike
    letters made Latin; the value's transliteration; a name equal to the value (case and ё/е
    aside), containing it or contained in it, or whose words begin as the value's words. Only
    when none of these is found: similar spelling of the id or of the transliteration, or an id
    containing the value.
    """
    pairs = [(item, ()) if isinstance(item, str) else (item[0], tuple(n for n in item[1] if n))
             for item in vocabulary]
    ids = [i for i, _ in pairs]
    known = set(ids)
    key = comparable(value)
    translit = make_id(value)
    words = re.findall(r"\w+", key)
    sure = [id_slips(value)[1], translit]
    sure += [i for i, names in pairs if key and any(comparable(n) == key for n in names)]
    sure += [i for i, names in pairs if key and any(key in name or len(name) > 3 and name in key
                                                    for name in map(comparable, names))]
    # «Руководители РМО», «Хиславичи», «краеведение»: every word typed begins like a word of the name.
    sure += [i for i, names in pairs if words and any(_words_match(words, re.findall(r"\w+", comparable(n)))
                                                      for n in names)]
    # «Вязьма», «Починок»: a town, and the district named after it (Вяземский, Починковский).
    sure += [i for i, names in pairs if words and all(
        any(_named_after(part, word) for n in names for word in re.findall(r"\w+", comparable(n))) for part in words)]
    sure = [i for i in dict.fromkeys(sure) if i in known]
    if sure:
        return sure[:limit]
    close = difflib.get_close_matches(value, ids, n=limit, cutoff=0.6)
    close += difflib.get_close_matches(translit, ids, n=limit, cutoff=0.8)
    close += [i for i in ids if value and value in i]
    return list(dict.fromkeys(close))[:limit]


def _words_match(typed: list[str], name: list[str]) -> bool:
    return all(any(word.startswith(part) or len(part) >= 5 and word[:5] == part[:5] for word in name)
               for part in typed)


def _named_after(town: str, word: str) -> bool:
    """Whether ``word`` (вяземский) is made from ``town`` (вязьма): they differ at most in the town's last three
    letters."""
    return len(os.path.commonprefix([town, word])) >= max(3, len(town) - 3)


def entry_names(entry: Entry) -> tuple[str, ...]:
    """What an entry is called: a vocabulary's ``name`` and ``short``, a meeting's or practice's ``title``."""
    return tuple(getattr(entry.data, attr) for attr in ("name", "short", "title")
                 if getattr(entry.data, attr, None))


def _shown(entry_id: str, entry: Entry) -> str:
    """``yarcevskiy (Ярцевский муниципальный округ)``"""
    names = entry_names(entry)
    if not names:
        return entry_id
    name = names[0] if len(names[0]) <= 60 else names[0][:59].rstrip() + "…"
    return f"{entry_id} ({name})"


@dataclass(frozen=True)
class _Resolutions:
    """Every resolution and meeting the reports may name, those with problems too (salvaged): a wrong field in a
    resolution or its meeting leaves its items in their places, and the reports' keys are checked against them."""

    directives: dict[str, Entry[model.Directive]]
    meetings: dict[str, Entry[model.Meeting]]
    salvaged: frozenset[str]  # ids of the resolutions with problems


def _check_report(refs: _References, site: Site, content: Content, report: Entry[model.Report],
                  resolutions: _Resolutions) -> None:
    """A report's folder names a resolution, its file a district, its keys items that districts carry out."""
    meeting_id, municipality_id = report.id.split("/")
    directive = resolutions.directives.get(meeting_id)
    if directive is None and meeting_id not in content.broken.get("meetings", ()) | content.broken.get("directives",
                                                                                                         set()):
        close = nearest_ids(meeting_id, list(site.directives))
        hint = f"; возможно, папка должна называться {close[0]}" if close else ""
        refs.problems.append(Problem(report.path, 0, "", f"папка отчётов называется так же, как заседание с "
                                                         f"резолюцией, а резолюции {meeting_id} нет{hint}"))
    if municipality_id not in site.municipalities:
        if municipality_id not in content.broken.get("municipalities", ()) and \
                "municipalities" not in content.unreadable:
            # «Вязьма», «elnya»: a town, or its name in Latin letters, and the district named after it.
            close = nearest_ids(municipality_id, [(found, (*names, *map(make_id, names))) for found, entry
                                                   in site.municipalities.items() if (names := entry_names(entry))])
            hint = f"; возможно, файл должен называться {close[0]}.yml" if close else ""
            refs.problems.append(Problem(report.path, 0, "", "файл отчёта называется id муниципального "
                                                             f"образования, а «{municipality_id}» такого нет{hint}"))
        return
    meeting = resolutions.meetings.get(meeting_id)
    if directive is None or meeting is None:
        return
    lines = {line.anchor: line for line in _directive_lines(site, meeting, directive)}
    ours = [anchor for anchor, line in lines.items() if line.for_districts]
    # Items for an audience that does not exist, or not written as a list in a resolution with problems: the
    # resolution's own problem is reported, their keys cannot be known.
    salvaged = meeting_id in resolutions.salvaged
    unknown = [f"{audience_id}-" for audience_id, items in directive.data.items.items()
               if audience_id not in site.audiences or (salvaged and not items)]
    for key in report.data.items:
        line = lines.get(key)
        if line is None and key.startswith(tuple(unknown)):
            continue
        if line is None:
            # «рмо-1» in Russian letters, «rmо-1» with one: their Latin spelling first, then the similar ones.
            close = [found for found in nearest_ids(key, ours) if found in ours] \
                or difflib.get_close_matches(key, ours, n=3, cutoff=0.5)
            hint = f"; возможно: {', '.join(close)}" if close else ""
            refs.problems.append(report.problem(("items", key), f"в резолюции нет пункта «{key}»{hint}; пункты "
                                                                f"для районов: {', '.join(ours) or 'нет'}"))
        elif not line.for_districts:
            refs.problems.append(report.problem(("items", key), f"пункт {key} адресован «{line.audience.data.name}»: "
                                                                "районы о нём не отчитываются"))
    held = meeting.data.date
    for key, item in report.data.items.items():
        day = getattr(item, "date", None)
        if isinstance(day, dt.date) and isinstance(held, dt.date) and day < held:
            refs.problems.append(report.problem(("items", key, "date"), f"дата отчёта {day.isoformat()} раньше "
                                                f"заседания {held.isoformat()}, которое приняло резолюцию: "
                                                "проверьте число, месяц и год"))


def _directive_lines(site: Site, meeting: Entry[model.Meeting],
                     directive: Entry[model.Directive]) -> Iterator[DirectiveLine]:
    for audience_id, items in directive.data.items.items():
        if audience_id not in site.audiences:  # only in a resolution with problems (reference checks)
            continue
        for number, item in enumerate(items, start=1):
            yield DirectiveLine(meeting, site.audiences[audience_id], number, item)


def _check_references(site: Site, content: Content, docs: Path) -> _References:
    refs = _References(site, docs, content.broken, frozenset(content.unreadable))
    salvaged: dict[type, list[Entry]] = {}
    for entry in content.salvaged:  # records with field errors: their references are checked too
        salvaged.setdefault(type(entry.data), []).append(entry)
    for meeting in [*site.meetings.values(), *salvaged.get(model.Meeting, [])]:
        data = meeting.data
        refs.entries(meeting, ("themes",), data.themes, "themes")
        refs.materials(meeting, ("materials",), data.materials)
        refs.links(meeting)
        for index, point in enumerate(data.program):
            refs.people(meeting, ("program", index, "speakers"), point.speakers)
            refs.entry(meeting, ("program", index, "practice"), point.practice, "practices")
            refs.materials(meeting, ("program", index, "materials"), point.materials)
    for directive in [*content.directives, *salvaged.get(model.Directive, [])]:
        if directive.id not in site.meetings and directive.id not in content.broken.get("meetings", ()):
            close = nearest_ids(directive.id, list(site.meetings))
            hint = f"; возможно, файл должен называться {close[0]}.yml" if close else ""
            refs.problems.append(Problem(directive.path, 0, "", "файл резолюции называется так же, как файл её "
                                         f"заседания, а заседания {directive.id} нет в data/meetings{hint}"))
        for audience_id in directive.data.items:
            refs.entry(directive, ("items", audience_id), audience_id, "audiences")
        refs.links(directive)
        meeting = site.meetings.get(directive.id)
        held = meeting.data.date if meeting is not None else None
        for audience_id, items in directive.data.items.items():
            for index, item in enumerate(items):
                due = getattr(item, "due", None)
                if isinstance(due, dt.date) and isinstance(held, dt.date) and due < held:
                    refs.problems.append(directive.problem(("items", audience_id, index, "due"),
                                                           f"срок {due.isoformat()} раньше заседания "
                                                           f"{held.isoformat()}, которое его назначило: проверьте "
                                                           "число, месяц и год"))
    broken = salvaged.get(model.Directive, [])
    resolutions = _Resolutions(directives={entry.id: entry for entry in [*content.directives, *broken]},
                               meetings={**{entry.id: entry for entry in salvaged.get(model.Meeting, [])},
                                         **site.meetings},
                               salvaged=frozenset(entry.id for entry in broken))
    # A report with a wrong value is salvaged too: its keys are still checked against the resolution's items.
    for report in [*content.reports, *(replace(entry, id=f"{PurePosixPath(entry.path).parent.name}/{entry.id}")
                                       for entry in salvaged.get(model.Report, []))]:
        _check_report(refs, site, content, report, resolutions)
        refs.links(report)
    for practice in [*site.practices.values(), *salvaged.get(model.Practice, [])]:
        data = practice.data
        refs.entry(practice, ("municipality",), data.municipality, "municipalities")
        refs.entries(practice, ("themes",), data.themes, "themes")
        refs.entry(practice, ("meeting",), data.meeting, "meetings")
        refs.people(practice, ("authors",), data.authors)
        refs.materials(practice, ("materials",), data.materials)
        refs.file(practice, ("cover",), data.cover, "image")
        refs.links(practice)
    for story in [*content.stories, *salvaged.get(model.StoryMeta, [])]:
        data = story.data
        refs.entry(story, ("meeting",), data.meeting, "meetings")
        refs.entries(story, ("practices",), data.practices, "practices")
        refs.entry(story, ("municipality",), data.municipality, "municipalities")
        refs.entries(story, ("themes",), data.themes, "themes")
        refs.file(story, ("cover",), data.cover, "image")
    refs.page_links(content.page_links)
    return refs
