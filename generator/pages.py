"""Site -> generated pages: an address and a whole Markdown document each.

Every page type has one template in ``templates/`` named after it. Links
between pages are written relative to the page, as Markdown links to ``.md``
files, so that MkDocs checks them and maps them to public addresses.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jinja2
from babel import Locale
from markupsafe import Markup

from . import dates
from .addresses import Addresses
from .chart import Bar, bar_chart
from .markdown_text import finalize, markdown_field
from .model import PageMeta
from .site import REPORT_STATES, DirectiveLine, Site
from .sizes import human_size
from .typography import typeset_text

PROGRESS_ORDER = ("выполнено", "выполняется", "не начато")


@dataclass(frozen=True)
class Page:
    """A generated page: ``src_uri`` as in the docs folder (``meetings/x.md``) and its Markdown."""

    src_uri: str
    markdown: str


@jinja2.pass_context
def _front_matter_value(context: jinja2.runtime.Context, value: str) -> Markup:
    """A front matter string, as typed: the theme escapes it where it lands (``theme_escaping``).

    An export is built without our plugin, so without autoescape: there the value is written as
    HTML text already, which the theme prints as it is, in text and in attributes alike.
    """
    text = typeset_text(str(value))  # the theme's <title> and meta get the article's no-break spaces
    text = html.escape(text) if context.get("front_matter_as_html") else text
    return Markup(json.dumps(text, ensure_ascii=False))


_RUSSIAN = Locale("ru")


def plural(number: int, one: str, few: str, many: str) -> str:
    """``3 пункта``: the number with the noun in the form Russian grammar asks for it."""
    form = _RUSSIAN.plural_form(number)
    return f"{number} {one if form == 'one' else few if form == 'few' else many}"


def by_resolution(site: Site, lines: list[DirectiveLine]) -> list[tuple[str, list[DirectiveLine]]]:
    """An audience's items grouped by resolution, each group nearest deadline first; the group with the
    nearest deadline first, groups without deadlines after them, newest resolution first."""
    groups: dict[str, list[DirectiveLine]] = {}
    for line in lines:
        groups.setdefault(line.meeting.id, []).append(line)
    ordered = [(meeting_id, site.directive_lines_by_due(group)) for meeting_id, group in groups.items()]
    return sorted(ordered, key=lambda pair: (pair[1][0].item.due is None, pair[1][0].item.due or dt.date.max))


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """One environment per process: templates are compiled once, also across rebuilds of ``mkdocs serve``."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        undefined=jinja2.StrictUndefined,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Autoescape makes macro output safe; ``finalize`` does the escaping itself, for Markdown.
        autoescape=True,
    )
    env.filters.update(
        md=markdown_field,
        long_date=dates.long_date,
        hhmm=dates.short_time,
        school_year=dates.school_year_name,
        year_span=dates.school_year_span,
        practice_when=lambda practice: dates.practice_when(practice.date, practice.school_year),
        size=human_size,
        year_slug=dates.school_year_slug,
        yaml=_front_matter_value,
        plural=plural,
    )
    env.globals.update(uri=Addresses, school_year_start=dates.school_year_start, progress_order=PROGRESS_ORDER,
                       report_states=REPORT_STATES)
    env.globals.update(chart=bar_chart, chart_bar=Bar)  # the monitoring page's SVG chart
    return env


class PageWriter:
    """Renders the templates for one site."""

    def __init__(self, site: Site, front_matter_as_html: bool = False):
        self.site = site
        self.env = _environment()
        self.front_matter_as_html = front_matter_as_html

    def render(self, template: str, src_uri: str, **context: Any) -> Page:
        here = posixpath.dirname(src_uri) or "."

        def url(target: str) -> Markup:
            """A link from this page to another file of the docs folder."""
            path, _, anchor = target.partition("#")
            return Markup((relative_path(path, here) if path else "") + (f"#{anchor}" if anchor else ""))

        markdown = self.env.get_template(template).render(site=self.site, url=url, page_uri=src_uri,
                                                          front_matter_as_html=self.front_matter_as_html, **context)
        return Page(src_uri, markdown)

    def pages(self) -> Iterator[Page]:
        site = self.site
        yield self.render("home.md.j2", Addresses.home, meta=site.home_meta, intro=markdown_field(site.home_intro))
        yield self.render("meetings.md.j2", Addresses.meetings)
        for meeting in site.meetings.values():
            yield self.render("meeting.md.j2", Addresses.meeting(meeting.id), meeting=meeting)
        for start in site.school_years():
            yield self.render("plan.md.j2", Addresses.plan(start), start=start, meetings=site.meetings_of_year(start))
        yield self.render("plans.md.j2", Addresses.plans)
        yield self.render("resolutions.md.j2", Addresses.resolutions)
        for meeting_id, directive in site.directives.items():
            yield self.render("resolution.md.j2", Addresses.resolution(meeting_id), directive=directive,
                              meeting=site.meetings[meeting_id])
        yield self.render("audiences.md.j2", Addresses.audiences)
        for audience in site.audiences.values():
            yield self.render("audience.md.j2", Addresses.audience(audience.id), audience=audience,
                              lines=site.lines_for_audience(audience.id),
                              groups=by_resolution(site, site.lines_for_audience(audience.id)))
        for meeting_id, directive in site.directives.items():
            if site.district_lines(meeting_id):
                yield self.render("monitoring.md.j2", Addresses.monitoring(meeting_id), directive=directive,
                                  meeting=site.meetings[meeting_id], lines=site.district_lines(meeting_id))
        yield self.render("practices.md.j2", Addresses.practices, practices=site.practices_newest_first())
        for practice in site.practices.values():
            yield self.render("practice.md.j2", Addresses.practice(practice.id), practice=practice)
        yield self.render("themes.md.j2", Addresses.themes)
        for theme in site.themes.values():
            yield self.render("catalogue.md.j2", Addresses.theme(theme.id), title=theme.data.name,
                              description=theme.data.description, practices=site.practices_where(theme=theme.id))
        for form in site.forms_in_use():
            yield self.render("catalogue.md.j2", Addresses.form(form), title=f"Форма работы: {form}",
                              description=None, practices=site.practices_where(form=form))
        yield self.render("forms.md.j2", Addresses.forms)
        yield self.render("municipalities.md.j2", Addresses.municipalities)
        for municipality in site.municipalities.values():
            yield self.render("municipality.md.j2", Addresses.municipality(municipality.id),
                              municipality=municipality)
        pages = site.story_pages()
        for number, stories in enumerate(pages, start=1):
            yield self.render("stories.md.j2", Addresses.stories_page(number), stories=stories, number=number,
                              count=len(pages))
        for story in site.stories:
            yield self.render("story.md.j2", Addresses.story(story.id), story=story)


def hand_written_page(meta: PageMeta, body: str, front_matter_as_html: bool) -> str:
    """A hand-written page as it is exported: checked fields, and its body made safe like a Markdown field."""
    def value(item: Any) -> Any:
        if isinstance(item, str):
            return html.escape(item) if front_matter_as_html else item
        if isinstance(item, dict):
            return {key: value(inner) for key, inner in item.items()}
        return [value(inner) for inner in item] if isinstance(item, list) else item

    fields = meta.model_dump(exclude_defaults=True)
    lines = [f"{name}: {json.dumps(value(item), ensure_ascii=False)}" for name, item in fields.items()]
    front = "---\n" + "".join(line + "\n" for line in lines) + "---\n\n" if lines else ""
    return front + str(markdown_field(body)) + "\n"


def relative_path(target: str, folder: str) -> str:
    """``posixpath.relpath`` for clean relative paths inside the docs folder, without its file-system work."""
    if folder == ".":
        return target
    to, start = target.split("/"), folder.split("/")
    common = 0
    while common < min(len(to) - 1, len(start)) and to[common] == start[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:])


def generate_pages(site: Site, front_matter_as_html: bool = False) -> list[Page]:
    """All generated pages of the site, in a fixed order (for an export: ``front_matter_as_html``)."""
    return list(PageWriter(site, front_matter_as_html).pages())
