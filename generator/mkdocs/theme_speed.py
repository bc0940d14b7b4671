"""The theme's parts that are the same on most pages are rendered once per build and reused.

Nearly every page (meetings, practices, districts...) is outside the site's navigation, so its side menu,
tabs, footer and scripts come out the same as on any other such page, but for their links: MkDocs writes
them relative to the page (``../../meetings/`` or ``../``). Such a part (``CACHED_INCLUDES``,
``CACHED_BLOCKS``) is kept by the only things it then depends on: how deep the page is and how much of its
path it shares with the addresses the part links to (recorded by the ``url`` and ``script_tag`` filters
while the part is rendered). On pages in the navigation (active items, previous and next page) and the
404 page the parts are rendered as usual.

The templates stay as they are (any MkDocs, ProperDocs and Zensical render them): only the render
functions Jinja compiled for these parts are wrapped, in this build's environment. A part listed here
must read nothing of the page but its place in the navigation and addresses through those two filters:
tests/test_theme_speed.py builds sites with and without this and compares every byte.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator
from typing import Any

import jinja2

# Templates the theme includes (never imports: a kept part yields its text, not its macros) whose output
# depends on the page only through the navigation and links.
CACHED_INCLUDES = frozenset({
    "partials/nav.html",  # side menu: no item active outside the navigation
    "partials/tabs.html",  # tabs: idem
    "partials/footer.html",  # previous/next links only for pages in the navigation; our copyright.html
    "partials/institute.html",  # the institute's strip, rendered twice per page (base.html tests the block)
    "partials/header-logo.html",  # the header but for the page's title (our header.html)
    "partials/header-buttons.html",
    "partials/javascripts/content.html",
    "partials/top.html",
})

# Blocks of base.html, each the last of its chain: super() in main.html finds its block in the chain by
# identity, so a block that calls super() (all of main.html's) is never wrapped.
CACHED_BLOCKS = {"base.html": frozenset({"styles", "config", "scripts"})}

# Material's lang.t(key), imported by base.html anew for every page: the same text for a key all build long.
TRANSLATIONS = "partials/language.html"

RenderFunc = Callable[[Any], Iterator[str]]


def speed_up_theme(env: jinja2.Environment) -> jinja2.Environment:
    """Set up ``env`` (a new one for every build, before any template is loaded) to reuse the parts above."""
    env.cache = {}  # unbounded (cache_size=-1): a few dozen templates, fetched ~30 times a page without LRU upkeep
    parts = _Parts()
    for name in ("url", "script_tag"):  # every link a part makes is relative to the page through these
        env.filters[name] = parts.recording(env.filters[name])

    class Template(env.template_class):  # type: ignore[name-defined,misc]
        @classmethod
        def _from_namespace(cls, environment: Any, namespace: Any, globals: Any) -> jinja2.Template:
            template = super()._from_namespace(environment, namespace, globals)
            if template.name in CACHED_INCLUDES:
                template.root_render_func = parts.wrap(template.name, template.root_render_func)
            if template.name == TRANSLATIONS:
                template.root_render_func = parts.translations(template.root_render_func)
            for block in CACHED_BLOCKS.get(template.name, ()):
                template.blocks[block] = parts.wrap(f"{template.name}#{block}", template.blocks[block])
            return template

    env.template_class = Template
    return env


class _Part:
    """One part's renderings, by the page's depth and what of its path the part's links share."""

    def __init__(self) -> None:
        self.links: set[str] = set()  # addresses given to the url filters while rendering the part
        self.prefixes: set[tuple[str, ...]] = set()  # the starts of their paths
        self.html: dict[tuple[int, tuple[str, ...]], str] = {}
        self.reused = 0

    def key(self, folder: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
        # A link relative to the page is '../' for each folder below what the page and the target
        # share, then the rest of the target: the depth and the shared start of the path decide it.
        shared = 0
        while shared < len(folder) and folder[:shared + 1] in self.prefixes:
            shared += 1
        return len(folder), folder[:shared]

    def learn(self, links: set[str]) -> None:
        if not links <= self.links:  # the first rendering (later, links that vary would change the keys: forget)
            self.links |= links
            self.prefixes = {parts[:end] for link in self.links for parts in [_link_parts(link)]
                             for end in range(1, len(parts) + 1)}
            self.html.clear()


class _Parts:
    def __init__(self) -> None:
        self.parts: dict[str, _Part] = {}
        self.recorders: list[set[str]] = []  # the links of the parts being rendered (nested ones too)
        self.nav: Any = None
        self.nav_pages: set[int] = set()
        self.site_links: set[str] = set()
        self.texts: dict[tuple[Any, ...], Any] = {}  # translations by key
        self.page: Any = None
        self.folder: tuple[str, ...] | None = None

    def recording(self, url_filter: Any) -> Any:
        @jinja2.pass_context
        def record(context: Any, value: Any) -> Any:
            for links in self.recorders:
                links.add(str(value))
            return url_filter(context, value)
        return record

    def translations(self, render: RenderFunc) -> RenderFunc:
        def module(context: Any) -> Iterator[str]:
            yield from render(context)
            macro = context.vars.get("t")  # made anew for this page
            if macro is not None:
                def translate(*key: Any) -> Any:
                    if key not in self.texts:
                        self.texts[key] = macro(*key)
                    return self.texts[key]
                context.vars["t"] = translate
        return module

    def outside_nav(self, context: Any) -> tuple[str, ...] | None:
        """The page's folder, for a page outside the navigation with nothing in the navigation active."""
        page = context.get("page")
        if page is not self.page:  # asked by each part: once per page
            self.page, self.folder = page, None
            nav = context.get("nav")
            if page is not None and nav is not None and page.parent is None:
                if nav is not self.nav:
                    self.nav, self.nav_pages = nav, {id(item) for item in nav.pages}
                    # Also made relative to the page, as the context's extra_css and extra_javascript.
                    config = context["config"]
                    self.site_links = {str(link) for link in [*config.extra_css, *config.extra_javascript]}
                if id(page) not in self.nav_pages and not any(item.active for item in nav.items):
                    self.folder = _folder(page.url)
        return self.folder

    def wrap(self, name: str, render: RenderFunc) -> RenderFunc:
        part = self.parts.setdefault(name, _Part())

        def cached(context: Any) -> Iterator[str]:
            folder = self.outside_nav(context)
            if folder is None:
                yield from render(context)
                return
            html = part.html.get(part.key(folder))
            if html is not None:
                part.reused += 1
            else:
                links: set[str] = set()
                self.recorders.append(links)
                try:
                    html = "".join(render(context))
                finally:
                    self.recorders.pop()  # parts nest: the last one begun ends first
                part.learn(links | self.site_links)
                part.html[part.key(folder)] = html
            for outer in self.recorders:  # a part inside a part being rendered: its links count there too
                outer |= part.links
            yield html

        return cached


def _link_parts(link: str) -> tuple[str, ...]:
    """The path of a link as MkDocs' get_relative_url reads it (links with a scheme or a leading / or #
    are not made relative: they add no harm as extra prefixes)."""
    path = posixpath.normpath("/" + link.replace("\\", "/"))[1:]
    return tuple(path.split("/")) if path else ()


def _folder(url: str) -> tuple[str, ...]:
    """The folder a page's links are relative to (get_relative_url leaves out a last part with a dot)."""
    folder, _, last = url.rpartition("/")
    return _link_parts(folder if "." in last else url)
