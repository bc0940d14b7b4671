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
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any
from urllib.parse import quote

import jinja2
from babel import Locale
from markupsafe import Markup, escape

from ..core import dates
from ..core.addresses import Addresses
from ..core.markdown_links import rebased
from ..core.model import PageMeta
from ..core.site import REPORT_STATES, DirectiveLine, Site
from .chart import Bar, bar_chart
from .markdown_text import finalize, inert_markdown, markdown_field
from .plugin_settings import REQUIRED_EXTENSIONS
from .render_cache import FieldRenderer, field_renderer, installed_versions, page_bound
from .sizes import human_size
from .source_memo import SourceMemo
from .too_deep import GeneratedPageTooDeep
from .typography import typeset_text

_URL_SAFE = "/#%[]=:;$&()+,!?*@'~"  # what MkDocs leaves unquoted in an address
# Long lists are cut so that every page stays light on a phone whatever the size of the site: a practice
# catalogue by pages, a district's and an audience's older resolutions and a district's older practices as
# short lines, older school years on the meetings page as links to their plans.
PRACTICES_PER_PAGE = 100
FULL_RESOLUTIONS = 20  # the newest resolutions with items for districts, shown in full on district pages
FULL_PRACTICES = 20  # a district's newest practices as cards
FULL_GROUPS = 30  # an audience's resolutions in full, nearest deadline first
FULL_YEARS = 3  # school years listed meeting by meeting on the meetings page
PROGRESS_ORDER = ("выполнено", "выполняется", "не начато")


# Where an HTML block of a generated page stands in the Markdown that MkDocs reads: one empty element, which
# Markdown passes through as it is. Editors' text never makes one: their raw HTML is shown as text.
_BLOCK = '<div data-omo-block="{}"></div>'
_BLOCK_MARK = re.compile(r'<div data-omo-block="(\d+)"></div>')


@dataclass(frozen=True)
class Page:
    """A generated page: ``src_uri`` as in the docs folder (``meetings/x.md``), the Markdown that MkDocs reads
    (``source``) and the HTML blocks (lists, facts, cards, tables) that stand in it as placeholders."""

    src_uri: str
    source: str
    blocks: tuple[str, ...] = ()

    @property
    def markdown(self) -> str:
        """The whole document, its HTML blocks in place: what an export writes."""
        return fill_blocks(self.source, self.blocks)


def fill_blocks(text: str, blocks: tuple[str, ...] | list[str]) -> str:
    """Text (Markdown, or the HTML Markdown made of it) with each block placeholder replaced by its block."""
    return _BLOCK_MARK.sub(lambda found: blocks[int(found[1])], text) if blocks else text


def block_anchors(blocks: tuple[str, ...]) -> set[str]:
    """The ids in a page's HTML blocks: anchors that links from other pages may point to."""
    return {html.unescape(found) for block in blocks for found in _ID.findall(block)}


_ID = re.compile(r'\sid="([^"]+)"')


class _Blocks:
    """The macros of _blocks.html.j2 as a page template calls them: each block is kept aside and stands in
    the Markdown as a placeholder, so that Markdown does not parse it (``Page.blocks``)."""

    def __init__(self, module: Any):
        self._module = module
        self.html: list[str] = []

    def __getattr__(self, name: str) -> Any:
        macro = getattr(self._module, name)

        def block(*args: Any, **kwargs: Any) -> Markup:
            # A block made of other blocks (a link inside a paragraph) holds their HTML, not placeholders.
            self.html.append(fill_blocks(str(macro(*args, **kwargs)), self.html))
            return Markup(_BLOCK.format(len(self.html) - 1))

        return block

    def keep(self, html: str) -> Markup:
        """HTML made elsewhere (a rendered field) as a block of the page."""
        self.html.append(html)
        return Markup(_BLOCK.format(len(self.html) - 1))


@jinja2.pass_context
def _front_matter_value(context: jinja2.runtime.Context, value: str) -> Markup:
    """A front matter string, as typed: the theme escapes it where it lands (``theme_escaping``).

    An export is built without our plugin, so without autoescape: there the value is written as
    HTML text already, which the theme prints as it is, in text and in attributes alike.
    """
    text = typeset_text(str(value))  # the theme's <title> and meta get the article's no-break spaces
    text = html.escape(text) if context.get("front_matter_as_html") else text
    return Markup(json.dumps(text, ensure_ascii=False))


@jinja2.pass_context
def _field_block(context: jinja2.runtime.Context, value: str | None, from_its_page: bool = False) -> Markup:
    """An editor's Markdown field as a block of its page: HTML rendered once, which Markdown passes through
    (``render_cache``), or its safe Markdown where the page needs the text (headings, relative links).
    ``from_its_page``: a story's text, whose addresses are written from its own file, which this page replaces;
    a data file's field has them written from the docs folder."""
    text = markdown_field(value) if from_its_page else _from_this_page(context, markdown_field(value))
    render = context.get("render_field")
    html = render.block(str(text)) if render is not None and text else None
    if html is None:  # Markdown the page renders: for an export, inert under any builder
        return _inert_in_export(text, context.get("front_matter_as_html"))
    blocks = context.get("b")
    return blocks.keep(html) if isinstance(blocks, _Blocks) else Markup(html)


@jinja2.pass_context
def _field_inline(context: jinja2.runtime.Context, value: str | None) -> Markup:
    """An editor's Markdown field inside a line of the page's Markdown (a list item, after a label): its relative
    addresses rebased like a block's, and inert under any builder in an export."""
    return _inert_in_export(_from_this_page(context, markdown_field(value)), context.get("front_matter_as_html"))


@jinja2.pass_context
def _field_html(context: jinja2.runtime.Context, value: str | None) -> Markup:
    """An editor's Markdown field inside an HTML block: always HTML, its relative addresses resolved from
    the page as MkDocs resolves them in Markdown."""
    text = _from_this_page(context, markdown_field(value))
    if not text:
        return Markup("")
    rendered = context["render_field"].html(str(text))
    if page_bound(str(text)):
        # str(): a str added to Markup would be escaped, quotes and all
        rendered = _RELATIVE.sub(lambda match: match[1] + str(escape(context["rebase"](html.unescape(match[2]))))
                                 + '"', rendered)
    return Markup(rendered)


def _inert_in_export(text: Markup, export: bool) -> Markup:
    """Safe Markdown that the page's Markdown renders, made inert also under a builder without our plugin when
    the page goes to an export (``inert_markdown``)."""
    return Markup(inert_markdown(str(text))) if export and text else text


def _from_this_page(context: jinja2.runtime.Context, text: Markup) -> Markup:
    """A field's relative addresses, written from ``content/``, made relative to the page being rendered."""
    from_content = context.get("from_content")
    return Markup(rebased(str(text), from_content)) if text and from_content is not None else text


# A relative address in rendered HTML (not a scheme, an anchor or a root path).
_RELATIVE = re.compile(r'(\s(?:href|src)=")(?![a-zA-Z][a-zA-Z0-9+.-]*:|#|/)([^"]*)"')


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


_TEXT_PACKAGES = lru_cache(maxsize=1)(partial(installed_versions, "jinja2", "markupsafe", "babel", "pydantic"))
_long_date = lru_cache(maxsize=None)(dates.long_date)  # the same few hundred dates on every page
_practice_when = lru_cache(maxsize=None)(dates.practice_when)


def _filters() -> dict[str, Any]:
    return dict(
        md=_field_inline,
        md_block=_field_block,
        md_html=_field_html,
        long_date=_long_date,
        short_date=dates.short_date,
        hhmm=dates.short_time,
        school_year=dates.school_year_name,
        year_span=dates.school_year_span,
        practice_when=lambda practice: _practice_when(practice.date, practice.school_year),
        size=human_size,
        year_slug=dates.school_year_slug,
        yaml=_front_matter_value,
        plural=plural,
    )


def _globals() -> dict[str, Any]:
    return dict(uri=Addresses, school_year_start=dates.school_year_start, progress_order=PROGRESS_ORDER,
                report_states=REPORT_STATES, chart=bar_chart, chart_bar=Bar)


@lru_cache(maxsize=1)
def _html_environment() -> jinja2.Environment:
    """The environment of the pages' HTML blocks (``*.html.j2``): values escaped for HTML, links final."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.pages", "templates"),
        undefined=jinja2.StrictUndefined,
        finalize=lambda value: "" if value is None else value,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=True,
    )
    env.filters.update(_filters())
    env.globals.update(_globals())
    return env


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """One environment per process: templates are compiled once, also across rebuilds of ``mkdocs serve``."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.pages", "templates"),
        undefined=jinja2.StrictUndefined,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Autoescape makes macro output safe; ``finalize`` does the escaping itself, for Markdown.
        autoescape=True,
    )
    env.filters.update(_filters())
    env.globals.update(_globals())  # chart: the monitoring page's SVG chart
    return env


def keep_compiled_templates(caches: Callable[[str], jinja2.BytecodeCache] | None) -> None:
    """Page templates compiled once are kept by ``caches(environment's name)`` (None: not kept)."""
    _environment().bytecode_cache = caches("pages-markdown") if caches is not None else None
    _html_environment().bytecode_cache = caches("pages-html") if caches is not None else None  # names: ENVIRONMENTS


def compile_templates() -> None:
    """Every page template compiled now, so that a process forked after this one has them compiled too."""
    for environment, ending in ((_environment(), ".md.j2"), (_html_environment(), ".html.j2")):
        for name in environment.list_templates(filter_func=lambda name, ending=ending: name.endswith(ending)):
            environment.get_template(name)


@dataclass(frozen=True)
class Pager:
    """Page ``number`` of ``count`` of a long list whose first page is at ``first``."""

    first: str
    number: int
    count: int

    def address(self, number: int) -> str:
        return paged(self.first, number)


def paged(first: str, number: int) -> str:
    """Page ``number`` of a list: ``practices/index.md`` -> ``practices/page/2.md``,
    ``themes/x.md`` -> ``themes/x/page/2.md``."""
    if number == 1:
        return first
    folder = first[:-len("index.md")] if first.endswith("/index.md") else first[:-len(".md")] + "/"
    return f"{folder}page/{number}.md"


def _cut(items: list[Any], size: int) -> list[list[Any]]:
    return [items[start:start + size] for start in range(0, len(items), size)] or [[]]


class PageWriter:
    """Renders the templates for one site."""

    def __init__(self, site: Site, front_matter_as_html: bool = False, render_field: FieldRenderer | None = None,
                 directory_urls: bool = True, memo: SourceMemo | None = None):
        self.site = site
        self.memo = memo  # pages kept from the last build, made again only when what they read changed
        self.env = _environment()
        self.html_env = _html_environment()
        self.front_matter_as_html = front_matter_as_html
        # Without the site's Markdown settings (a test, a script), the extensions the pages need.
        self.render_field = render_field or field_renderer(REQUIRED_EXTENSIONS, {})
        self.directory_urls = directory_urls
        # Resolutions whose district reports are shown in full on district pages (monitoring links there).
        newest = [meeting_id for meeting_id in reversed(site.directives) if site.district_lines(meeting_id)]
        self.detailed_reports = frozenset(newest[:FULL_RESOLUTIONS])  # as ``site.district_work`` orders them
        # The HTML blocks' macros (_blocks.html.j2), made once: their links are relative to the page being
        # rendered (``_here``, ``_page_url``), which ``render`` sets before the page's template runs.
        self._here = "."
        self._page_url = ""
        seen: Any = site
        if memo is not None:  # kept pages' text also depends on the template engine, escaping and Babel's numbers
            options = [front_matter_as_html, directory_urls, sorted(self.detailed_reports), _TEXT_PACKAGES()]
            seen = memo.tracked(site, json.dumps(options))
        self._shared = dict(site=seen, href=self.href, a=self.link, rebase=self.rebase, from_content=self.from_content,
                            render_field=self.render_field, detailed_reports=self.detailed_reports,
                            full_resolutions=FULL_RESOLUTIONS, full_practices=FULL_PRACTICES, full_groups=FULL_GROUPS,
                            full_years=FULL_YEARS)
        self._blocks_module = self.html_env.get_template("_blocks.html.j2").make_module(self._shared)

    def url(self, target: str) -> Markup:
        """A link from this page to another file of the docs folder."""
        path, _, anchor = target.partition("#")
        return Markup((relative_path(path, self._here) if path else "") + (f"#{anchor}" if anchor else ""))

    def href(self, target: str) -> Markup:
        """A link from this page in an HTML block, as MkDocs writes it: the target's address relative to
        this page's address (Markdown does not see these links)."""
        path, _, anchor = target.partition("#")
        address = relative_url(public_url(path, self.directory_urls), self._page_url) if path else ""
        return Markup(escape(address + (f"#{anchor}" if anchor else "")))

    def rebase(self, address: str) -> str:
        """A relative address in an editor's field, as MkDocs resolves it in Markdown on this page."""
        path, hash_, anchor = address.partition("#")
        target = posixpath.normpath(posixpath.join(self._here, path)) if path else ""
        return (self.href(target) if path else "") + hash_ + anchor

    def from_content(self, address: str) -> str:
        """An address in a data file's field, written from the docs folder, as Markdown on this page writes it:
        only the path moves (what follows ``?`` or ``#`` stays as written), and it never becomes a scheme
        (``x/../javascript:…`` is ``./javascript:…``, a file name)."""
        path, hash_, anchor = address.partition("#")
        path, question, query = path.partition("?")
        target = relative_path(posixpath.normpath(path), self._here) if path else ""
        if ":" in target.split("/", 1)[0] or target.startswith("/"):
            target = "./" + target
        return target + question + query + hash_ + anchor

    def link(self, target: str, text: str) -> Markup:
        """``<a>`` to another file of the docs folder (a function: a macro call costs ten times more)."""
        return Markup(f'<a href="{self.href(target)}">{escape(text)}</a>')

    def render(self, template: str, src_uri: str, **context: Any) -> Page:
        memo = self.memo
        key = memo.page_key(template, src_uri, context) if memo is not None else None
        if key is not None and (kept := memo.kept_source(src_uri, key)) is not None:  # type: ignore[union-attr]
            return Page(src_uri, *kept)
        self._here = posixpath.dirname(src_uri) or "."
        self._page_url = public_url(src_uri, self.directory_urls)
        # The HTML blocks of the page (``b.practice_facts(…)``): macros of _blocks.html.j2, escaped for HTML.
        blocks = _Blocks(self._blocks_module)
        if memo is not None:
            memo.start()
        try:
            markdown = self.env.get_template(template).render(url=self.url, b=blocks, page_uri=src_uri,
                                                              front_matter_as_html=self.front_matter_as_html,
                                                              **self._shared, **context)
        except BaseException as error:
            if memo is not None:
                memo.abandon()
            if isinstance(error, RecursionError):  # in an editor's field: named by its page
                raise GeneratedPageTooDeep(src_uri) from error
            raise
        page = Page(src_uri, markdown, tuple(blocks.html))
        if memo is not None:
            memo.finish(src_uri, key, page.source, page.blocks)
        return page

    def catalogue(self, template: str, first: str, practices: list[Any], **context: Any) -> Iterator[Page]:
        """A list of practices as cards, ``PRACTICES_PER_PAGE`` a page."""
        parts = _cut(practices, PRACTICES_PER_PAGE)
        for number, part in enumerate(parts, start=1):
            yield self.render(template, paged(first, number), practices=part, total=len(practices),
                              pager=Pager(first, number, len(parts)), **context)

    def pages(self) -> Iterator[Page]:
        site = self.site
        intro = _inert_in_export(markdown_field(site.home_intro), self.front_matter_as_html)  # as other pages'
        yield self.render("home.md.j2", Addresses.home, meta=site.home_meta, intro=intro)
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
                              groups=by_resolution(site, site.lines_for_audience(audience.id)),
                              soon={(line.meeting.id, line.anchor) for line in site.due_soon(60)})
        for meeting_id, directive in site.directives.items():
            if site.district_lines(meeting_id):
                yield self.render("monitoring.md.j2", Addresses.monitoring(meeting_id), directive=directive,
                                  meeting=site.meetings[meeting_id], lines=site.district_lines(meeting_id))
        yield from self.catalogue("practices.md.j2", Addresses.practices, site.practices_newest_first())
        for practice in site.practices.values():
            yield self.render("practice.md.j2", Addresses.practice(practice.id), practice=practice)
        yield self.render("themes.md.j2", Addresses.themes)
        for theme in site.themes.values():
            yield from self.catalogue("catalogue.md.j2", Addresses.theme(theme.id),
                                      site.practices_where(theme=theme.id), title=theme.data.name,
                                      description=theme.data.description)
        for form in site.forms_in_use():
            yield from self.catalogue("catalogue.md.j2", Addresses.form(form), site.practices_where(form=form),
                                      title=f"Форма работы: {form}", description=None)
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
    text = str(markdown_field(body))
    return front + (inert_markdown(text) if front_matter_as_html else text) + "\n"


def relative_path(target: str, folder: str) -> str:
    """``posixpath.relpath`` for clean relative paths inside the docs folder, without its file-system work."""
    if folder == ".":
        return target
    to, start = target.split("/"), folder.split("/")
    common = 0
    while common < min(len(to) - 1, len(start)) and to[common] == start[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:])


@lru_cache(maxsize=65536)
def public_url(src_uri: str, directory_urls: bool = True) -> str:
    """A docs-folder file's address in the site, as MkDocs gives it: ``practices/x.md`` -> ``practices/x/``."""
    if not src_uri.endswith(".md"):
        return quote(src_uri, safe=_URL_SAFE)
    stem = src_uri[:-3]
    folder, _, name = stem.rpartition("/")
    if name == "index":
        address = (folder + "/" if folder else "./") if directory_urls else stem + ".html"
    else:
        address = stem + "/" if directory_urls else stem + ".html"
    return quote(address, safe=_URL_SAFE)


@lru_cache(maxsize=65536)
def relative_url(address: str, page_address: str) -> str:
    """``address`` relative to the page at ``page_address``, as ``mkdocs.utils.get_relative_url`` makes it."""
    folder, _, name = page_address.rpartition("/")
    base = _parts(folder if "." in name else page_address)
    target = _parts(address)
    common = 0
    while common < min(len(base), len(target)) and base[common] == target[common]:
        common += 1
    relative = "/".join([".."] * (len(base) - common) + target[common:]) or "."
    return relative + "/" if address.endswith("/") else relative


def _parts(path: str) -> list[str]:
    path = posixpath.normpath("/" + path)[1:]
    return path.split("/") if path else []


def generate_pages(site: Site, front_matter_as_html: bool = False, render_field: FieldRenderer | None = None,
                   directory_urls: bool = True) -> list[Page]:
    """All generated pages of the site, in a fixed order (for an export: ``front_matter_as_html``);
    ``render_field`` renders editors' Markdown fields to HTML blocks (the site's Markdown settings)."""
    return list(iter_pages(site, front_matter_as_html, render_field, directory_urls))


def iter_pages(site: Site, front_matter_as_html: bool = False, render_field: FieldRenderer | None = None,
               directory_urls: bool = True, memo: SourceMemo | None = None) -> Iterator[Page]:
    """``generate_pages`` one page at a time, for a caller that keeps less than every page whole."""
    return PageWriter(site, front_matter_as_html, render_field, directory_urls, memo).pages()
