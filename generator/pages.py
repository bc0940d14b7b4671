"""Site -> generated pages: an address and a whole Markdown document each.

Every page type has one template in ``templates/`` named after it. Links
between pages are written relative to the page, as Markdown links to ``.md``
files, so that MkDocs checks them and maps them to public addresses.
"""

from __future__ import annotations

import html
import json
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from . import dates
from .markdown_text import finalize, inline_markdown, markdown_field
from .site import Site

PROGRESS_ORDER = ("выполнено", "выполняется", "не начато")


@dataclass(frozen=True)
class Page:
    """A generated page: ``src_uri`` as in the docs folder (``meetings/x.md``) and its Markdown."""

    src_uri: str
    markdown: str


class Addresses:
    """Where each kind of page lives (CONTENT-MODEL.md, "Addresses")."""

    home = "index.md"
    meetings = "meetings/index.md"
    resolutions = "resolutions/index.md"
    audiences = "audiences/index.md"

    @staticmethod
    def meeting(meeting_id: str) -> str:
        return f"meetings/{meeting_id}.md"

    @staticmethod
    def plan(start: int) -> str:
        return f"plan/{dates.school_year_slug(start)}.md"

    @staticmethod
    def resolution(meeting_id: str) -> str:
        return f"resolutions/{meeting_id}.md"

    @staticmethod
    def audience(audience_id: str) -> str:
        return f"audiences/{audience_id}.md"


def _front_matter_value(value: str) -> Markup:
    """A front matter string. Themes print the page title as HTML without escaping it."""
    return Markup(json.dumps(html.escape(str(value), quote=False), ensure_ascii=False))


def _environment() -> jinja2.Environment:
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
        inline_md=inline_markdown,
        long_date=dates.long_date,
        hhmm=dates.short_time,
        school_year=dates.school_year_name,
        year_slug=dates.school_year_slug,
        yaml=_front_matter_value,
    )
    env.globals.update(uri=Addresses, school_year_start=dates.school_year_start, progress_order=PROGRESS_ORDER)
    return env


class PageWriter:
    """Renders the templates for one site."""

    def __init__(self, site: Site):
        self.site = site
        self.env = _environment()

    def render(self, template: str, src_uri: str, **context: Any) -> Page:
        here = posixpath.dirname(src_uri) or "."

        def url(target: str) -> Markup:
            """A link from this page to another file of the docs folder."""
            path, _, anchor = target.partition("#")
            relative = posixpath.relpath(path, here) if path else ""
            return Markup(relative + (f"#{anchor}" if anchor else ""))

        markdown = self.env.get_template(template).render(site=self.site, url=url, page_uri=src_uri, **context)
        return Page(src_uri, markdown)

    def pages(self) -> Iterator[Page]:
        site = self.site
        yield self.render("home.md.j2", Addresses.home, intro=Markup(site.home_intro))
        yield self.render("meetings.md.j2", Addresses.meetings)
        for meeting in site.meetings.values():
            yield self.render("meeting.md.j2", Addresses.meeting(meeting.id), meeting=meeting)
        for start in site.school_years():
            yield self.render("plan.md.j2", Addresses.plan(start), start=start, meetings=site.meetings_of_year(start))
        yield self.render("resolutions.md.j2", Addresses.resolutions)
        for meeting_id, directive in site.directives.items():
            yield self.render("resolution.md.j2", Addresses.resolution(meeting_id), directive=directive,
                              meeting=site.meetings[meeting_id])
        yield self.render("audiences.md.j2", Addresses.audiences)
        for audience in site.audiences.values():
            yield self.render("audience.md.j2", Addresses.audience(audience.id), audience=audience,
                              lines=site.lines_for_audience(audience.id))


def generate_pages(site: Site) -> list[Page]:
    """All generated pages of the site, in a fixed order."""
    return list(PageWriter(site).pages())
