"""MkDocs glue: validate the data before the site folder is touched, add the generated pages."""

from __future__ import annotations

import functools
import gc
import logging
import os
import shutil
import threading
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils.meta import get_data as get_markdown_and_meta

from ..core.addresses import SITE_URL_VARIABLE, Addresses, publishing, site_url_from_environment, site_url_problem
from ..core.build import collector_paused, load_site
from ..core.errors import ContentError
from ..core.parsed_cache import ParsedFiles, kept_parsing
from ..core.parsed_cache import file_name as parsed_file_name
from ..core.project import SettingsError, read_settings
from ..core.uploads import is_litter, link_problem
from ..outputs.admin import FOLDER as ADMIN_FOLDER
from ..outputs.admin import AdminError, EditorMissing, editor_files, wants_editor
from ..outputs.decap import AdminSettingsError, admin_settings
from ..outputs.exports import export_makers
from ..outputs.feeds import GeneratedFile, feed_makers
from ..outputs.pictures import SUFFIXES as PICTURE_SUFFIXES
from ..outputs.pictures import PictureCache, lighter
from ..outputs.pictures import folder_name as picture_folder_name
from ..outputs.reproducible import make_sitemap_reproducible
from ..outputs.search import CONFIG, DeferredIndex, SearchError, SearchIndex, essentials, index_site
from ..outputs.search_cache import KeptFragments, cache_folder
from ..pages.guide_tables import fill_markers, vocabulary_tables
from ..pages.markdown_lists import lists_as_typed
from ..pages.packing import pack, pack_blocks, unpack, unpack_blocks
from ..pages.page_subsets import page_addresses, pages_among
from ..pages.pages import Page, block_anchors, compile_templates, fill_blocks, iter_pages, keep_compiled_templates
from ..pages.plugin_settings import REQUIRED_EXTENSIONS, theme_partners
from ..pages.render_cache import code_digest, field_renderer, fields_file_name, settings_key
from ..pages.sanitize import sanitize_html
from ..pages.skeleton import Skeletons, render_without_markdown
from ..pages.source_memo import SourceMemo
from ..pages.too_deep import generated_page_name
from ..pages.typography import hyphenate_headings, typeset_page
from .atomic import WarningCounter, replace_folder, staging_folder
from .kept_pages import KeptPages
from .live import (
    Stamps,
    changed_files,
    editor_not_reloaded,
    first_pages,
    incremental_rebuilds,
    rebuild_wanted,
    remove_pages,
    request_rebuild,
    site_fingerprint,
    source_stamps,
)
from .page_cache import DEFER_BELOW, PageCache, blocks_digest, cache_problem, forget_other_settings
from .parallel import ELSEWHERE, PageHelper, apply_anchors, can_fork, helper_share, make_pages, quiet_skipped
from .serve_errors import error_files
from .template_cache import ENVIRONMENTS as TEMPLATE_ENVIRONMENTS
from .template_cache import folder_name as template_folder_name
from .template_cache import template_cache
from .theme_escaping import COMPILED_TEMPLATES, escape_theme_output, mark_rendered_html
from .theme_speed import speed_up_theme
from .too_deep import in_russian, say_once

log = get_plugin_logger(__name__)


CACHE_FOLDER = ".cache/omo"  # git-ignored


def _unchanged() -> bool:
    return False


def _changed() -> bool:
    return True


class GeneratorConfig(base.Config):
    data_dir = c.Type(str, default="data")
    cache = c.Type(bool, default=True)  # editors' rendered Markdown fields kept in .cache/omo/ between builds
    quiet = c.Type(bool, default=True)  # set by a tag that imports generator.quiet early (see that module)


def _search_failure_stops_the_build(event: Callable[..., Any]) -> Callable[..., Any]:
    """Pagefind's failure (it stopped, hung or refused a page) ends the build with its message, not a traceback."""
    @functools.wraps(event)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return event(*args, **kwargs)
        except SearchError as error:
            raise PluginError(f"Поиск по сайту не собран, сайт не обновлён. {error}") from None

    return guarded


def _waited_for(wait: Callable[[], None]) -> None:
    """The helper process waited for (``PageHelper.wait_made`` or ``wait``); its failure stops the build."""
    try:
        wait()
    except RuntimeError as error:
        raise PluginError(f"Сборка страниц во втором процессе остановилась: {error}") from None


class GeneratorPlugin(BasePlugin[GeneratorConfig]):
    def __init__(self) -> None:
        self.pages: list[Page] = []
        self.files: list[GeneratedFile] = []
        self.drafts: list[str] = []
        self.partners: list[dict[str, str]] = []
        self.atomic = False
        self.serving = False
        self.index_folder = False  # `mkdocs build --dirty`: search from the site folder (on_startup)
        self.incremental = False
        self.published: dict[str, tuple[str | bytes, Any]] = {}  # generated file -> content, as of the last build
        self.blocks: dict[str, bytes] = {}  # generated page -> its HTML blocks (pages.Page.blocks), packed
        self.block_digests: dict[str, bytes] = {}  # … and their digest, part of the kept article's key
        self.articles: dict[str, bytes] = {}  # `mkdocs build`: each page's article, packed until the theme's turn
        self.fingerprint = ""  # what every page shows besides its text, as of the last build (live.py)
        self.destinations: dict[str, str] = {}  # generated file -> where it is written, as of the last build
        self.removed: list[str] = []  # written by the last build, not by this one
        self.site_dir: Path | None = None
        self.pack_articles = False
        self.warnings = WarningCounter()
        self.counted: list[str] = []  # the loggers whose warnings it counts
        self.search: SearchIndex | None = None  # `mkdocs build`: pages go to Pagefind as they are written
        # `mkdocs serve`: the index follows the preview.
        self.deferred_search = DeferredIndex(warn=lambda why: log.warning(f"Поиск в предпросмотре не работает: {why}"))
        self.problems: list[Any] = []  # content errors met while serving: the site shows them
        self.settings_errors: list[str] = []  # mistakes in mkdocs.yml that MkDocs lets through
        self.guide_tables: dict[str, str] = {}
        # `mkdocs serve`: the files as of the last build, the site read then, the server that rebuilds (live.py)
        self.stamps: Stamps = {}
        self.loaded: tuple[Stamps, Any] | None = None
        self.server: Any = None
        self.first: set[str] | None = None  # this rebuild makes only an edited record's own pages (live.py)
        self.edited_pages: set[str] = set()  # hand-written pages edited since the last build (docs-relative)
        self.changed: set[str] | None = None  # files changed since the last build (None: came or went, or unknown)
        self.tables_changed = True  # the guide's tables from the vocabularies differ from the last build's
        # `mkdocs build` on two cores (parallel.py): the helper process, the pages it makes, the pages left
        self.helper: PageHelper | None = None
        self.finishing: PageHelper | None = None  # the helper once its pages are in: it writes its cache files
        self.share: set[str] = set()
        self.in_helper = False
        self.pages_left = 0
        self.search_lock = threading.Lock()  # the helper's pages reach the search index from another thread
        self.search_waiting: list[tuple[str, str]] = []  # … and wait for it until the theme's turn
        self.quiet: logging.Filter | None = None
        self.later: set[str] = set()  # the pages the helper will make (not made in on_pre_build)
        self.mine: set[str] = set()  # the other generated pages, made by this process once it has forked
        # Generated pages kept between builds (page_cache.py, kept_pages.py)
        self.kept: KeptPages | None = None
        self.cache_checked: bool | None = None  # whether .cache/omo may be read, checked once per build
        self.pictures: PictureCache | None = None  # photos made light (pictures.py), kept in .cache/omo
        self.indexed: set[str] = set()  # kept pages sent to the search index as soon as they were made
        self.send: Any = None  # the helper process's way to the main one
        self.for_helper: tuple[Any, dict[str, Any]] | None = None  # the site and page options it makes them from
        self.fields: Any = None  # the main process's rendered fields, saved after the helper's
        self.doc_files: Files | None = None  # where the helper's pages' anchors go once it is done
        self.skeletons: Skeletons | None = None  # generated pages' Markdown without Python-Markdown
        # `mkdocs build` on two cores: the feeds and exports, known by name, made at the end (_make_unmade)
        self.unmade: dict[str, Callable[[], bytes]] = {}
        self.memo: SourceMemo | None = None  # pages' Markdown made in this build, kept for the next one
        self.page_in_work: str | None = None  # the page being made, named if making it fails (on_build_error)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `mkdocs build` writes into a staging folder that replaces the site only when the build succeeds.
        self.atomic = command == "build" and not dirty
        self.serving = command == "serve"
        # `mkdocs build --dirty` writes only the pages it thinks changed: the search index is made from the site
        # folder afterwards, where the others still are.
        self.index_folder = command == "build" and dirty
        # `mkdocs serve`: after an edit, pages whose generated text did not change are not rendered again (live.py).
        self.incremental = self.serving

    @property
    def project(self) -> Path:
        return Path(self.config_file).parent

    def on_config(self, config: Any) -> Any:
        self.config_file = config.config_file_path
        say_once(f"{type(config).__module__.partition('.')[0]}.commands.build")
        if not isinstance(config.extra.get("omo"), dict):  # None: «omo:» with every setting commented out; any
            config.extra["omo"] = {}  # other shape is reported (below), and the build goes on to the content's problems
        self.settings_errors = self._settings_errors(config)  # reported with the content's problems (on_pre_build)
        # CI gives the published address in SITE_URL; mkdocs.yml's site_url is for local builds.
        config.site_url = site_url_from_environment(config.site_url or "", os.environ) or None
        if not config.site_url:
            raise PluginError("В mkdocs.yml не указан site_url (адрес сайта, например https://omo.example.ru/): "
                              "он нужен для полных ссылок в ленте новостей и календаре.")
        if (problem := site_url_problem(config.site_url)) and (publishing(os.environ) or
                                                               os.environ.get(SITE_URL_VARIABLE, "").strip()):
            raise PluginError(f"Сайт не опубликован: {problem}. Укажите настоящий адрес сайта в переменной "
                              f"окружения {SITE_URL_VARIABLE} (в CI: переменная проекта SITE_URL) или в site_url "
                              f"в mkdocs.yml, например {SITE_URL_VARIABLE}=https://адрес-сайта.ru/.")
        # A site built once holds every article from Markdown to the theme: packed, unless a plugin that reads
        # articles in between (Material's search) is on.
        self.pack_articles = not self.serving and "search" not in config.plugins
        if self.atomic:
            self.site_dir = Path(config.site_dir)
            config.site_dir = os.fspath(staging_folder(self.site_dir))
        for extension in REQUIRED_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        # Generated pages that are only a skeleton skip Python-Markdown (skeleton.py), unless another plugin
        # could read or change their Markdown after this one.
        only_ours = list(config.plugins) == ["omo"]
        self.skeletons = Skeletons.of(config.markdown_extensions, config.mdx_configs) if only_ours else None
        return config

    def _settings_errors(self, config: Any) -> list[str]:
        """What MkDocs lets through in mkdocs.yml: a key given twice (one of the values is quietly taken),
        extra.omo of another shape than the theme and this plugin read, wrong settings of the browser editor."""
        errors = []
        if self.config_file and Path(self.config_file).is_file():
            try:
                read_settings(Path(self.config_file))
            except SettingsError as error:
                errors.append(f"Ошибка в настройках сайта: {error}")
        if wants_editor(self.project):
            try:
                admin_settings(config.extra["omo"].get("admin"))
            except AdminSettingsError as error:
                errors.append(str(error))
        return errors

    def on_pre_build(self, config: Any) -> None:
        self.warnings.count = 0
        self.cache_checked = None
        # Warnings are counted for `--strict` from MkDocs' loggers and the running engine's (ProperDocs logs under
        # its own name).
        self.counted = sorted({"mkdocs", type(config).__module__.partition(".")[0]})
        for name in self.counted:
            logging.getLogger(name).addHandler(self.warnings)
        # MkDocs empties the site folder right after this event: bad content must stop the build here.
        if self.serving:
            self.deferred_search.cancel()  # the last build's index: this one makes a new one
        stamps = self._stamps(config) if self.incremental else {}
        self.edited_pages = set()
        self.changed = changed_files(self.stamps, stamps) if self.stamps else None  # since the last build
        try:
            site = self._load_site(config, stamps)  # with the cycle collector paused (load_site)
        except ContentError as error:
            if not self.serving or self.settings_errors:
                raise PluginError("\n".join([*self.settings_errors,
                                             f"Ошибки в материалах сайта:\n{error.report()}"])) from None
            # Live preview: the problems in the terminal and on every page in the browser, until they are fixed.
            log.error(f"Ошибки в материалах сайта (они же — на страницах предпросмотра):\n{error.report()}")
            self.problems = error.problems
        else:
            if self.settings_errors:
                raise PluginError("\n".join(self.settings_errors))
            # The footer's «Наши партнёры» block comes from data/partners.yml.
            self.partners = theme_partners(site)
            config.extra["omo"]["partners"] = self.partners
            first = self._first_pages(site, stamps, config) if self.incremental and not self.problems else None
            self.problems = []
            if not self.serving:  # the site stays to the end of the build: the collector need not walk it again
                gc.freeze()
            site.site_url = config.site_url
            # Editors' Markdown fields go into the pages as HTML rendered once with the site's Markdown settings.
            render_field = field_renderer(config.markdown_extensions, config.mdx_configs)
            if self._cache_usable():  # rendered fields kept between builds too (render_cache.py)
                render_field.use_folder(self.project / CACHE_FOLDER)
            keep_compiled_templates(self._template_cache if self._cache_usable() else None)  # pages' environments
            with collector_paused():
                made_first = first is not None and self._make_first(site, first, render_field, config)
                self.first = first if made_first else None
                if self.first is None and not self._make_pages(site, render_field, config):
                    self.first = set()  # an edit came meanwhile: nothing is made now, the next rebuilds follow it
        self.stamps = stamps
        config.extra["omo"]["partners"] = self.partners  # as before, after an error too

    def _stamps(self, config: Any) -> Stamps:
        return source_stamps(self.project, [self.project / self.config.data_dir, Path(config.docs_dir)])

    def _load_site(self, config: Any, stamps: Stamps) -> Any:
        # The second rebuild after an edit reads nothing again if no file changed in between (live.py).
        if self.loaded is not None and stamps and self.loaded[0] == stamps:
            return self.loaded[1]
        # Files parsed cleanly by the last build are not parsed again (parsed_cache.py); `mkdocs serve` keeps
        # them in memory after its first build (yamlio).
        on_disk = self._cache_usable() and not (self.serving and self.stamps)
        kept = kept_parsing(ParsedFiles(self.project / CACHE_FOLDER / parsed_file_name(code_digest()))) \
            if on_disk else nullcontext()
        with kept:
            site = load_site(self.project, self.project / self.config.data_dir, Path(config.docs_dir))
        self.loaded = (stamps, site) if self.incremental else None
        return site

    def _first_pages(self, site: Any, stamps: Stamps, config: Any) -> set[str] | None:
        """`mkdocs serve` after an edit of records' files only: the pages to make first (live.py)."""
        if not self.published or not self.fingerprint or site_fingerprint(config) != self.fingerprint:
            return None
        changed = self.changed
        docs = self._docs_prefix(config)
        hand_written = {path for path in changed or () if path.startswith(docs) and path.endswith(".md")
                        and path != f"{docs}index.md" and not path.startswith(f"{docs}stories/")}
        self.edited_pages = {path[len(docs):] for path in hand_written}
        return first_pages(changed, site, hand_written)

    def _docs_prefix(self, config: Any) -> str:
        """The docs folder as the project-relative paths of ``source_stamps`` begin: ``content/``."""
        return Path(config.docs_dir).relative_to(self.project).as_posix() + "/"

    def _make_first(self, site: Any, wanted: set[str], render_field: Any, config: Any) -> bool:
        """Remake only ``wanted`` pages, the others as in the last build; False if one of them is new."""
        known = {page.src_uri: number for number, page in enumerate(self.pages)}
        if not wanted <= known.keys():
            return False
        for page in pages_among(site, wanted, render_field=render_field, directory_urls=config.use_directory_urls):
            self.pages[known[page.src_uri]] = Page(page.src_uri, page.source)
            self._keep_blocks(page)
        render_field.save()
        return True

    def _keep_blocks(self, page: Page, packed: bool = True) -> None:
        """The page's HTML blocks: their digest, and the blocks packed until Markdown has made the article
        (``packed``: False while it is not known whether the article is kept from the last build)."""
        if page.blocks:
            self.block_digests[page.src_uri] = blocks_digest(page.blocks)
            if packed:
                self.blocks[page.src_uri] = pack_blocks(page.blocks)
        else:
            self.blocks.pop(page.src_uri, None)
            self.block_digests.pop(page.src_uri, None)

    def _make_pages(self, site: Any, render_field: Any, config: Any) -> bool:
        """Every generated page and file; False, with the last build's kept, if `mkdocs serve` saw an edit
        meanwhile (its pages are made first by the next rebuild, live.py)."""
        pages, blocks, digests = self.pages, self.blocks, self.block_digests
        options: dict[str, Any] = dict(render_field=render_field, directory_urls=config.use_directory_urls)
        # `mkdocs build` with the cache: a page whose reads of the site are the same is not rendered again.
        self.memo = None
        if self.atomic and (cache := self._page_cache(config)) is not None:
            options["memo"] = self.memo = SourceMemo(cache.folder)
        # `mkdocs build` on two cores: every other page is made by the helper process (on_nav, parallel.py).
        addresses = page_addresses(site, **options) if self.atomic and can_fork() else []
        self.later = helper_share(addresses)
        self.mine = set(addresses) - self.later  # made by this process after the fork
        # Two processes make the pages after the fork (on_nav): here only their places, in order.
        made = (Page(address, "") for address in addresses) if self.later else iter_pages(site, **options)
        # Each page's HTML blocks are packed as it is made: a large site never holds them all whole.
        self.pages, self.blocks, self.block_digests = [], {}, {}
        for page in made:
            if self.published and len(self.pages) % 50 == 0 and rebuild_wanted(self.server):
                break
            self.pages.append(Page(page.src_uri, page.source))
            self._keep_blocks(page)
        render_field.save()
        if self.published and rebuild_wanted(self.server):  # an edit came meanwhile: the next rebuild shows it
            self.pages, self.blocks, self.block_digests = pages, blocks, digests
            return False
        if self.later:  # both processes make their pages from the same site
            self.for_helper = (site, options)
        elif not self.serving:
            render_field.forget()  # `mkdocs build` renders each field once: the copy on disk is enough
        makers = {**feed_makers(site, config.site_url, config.site_name, config.site_description or ""),
                  **export_makers(site, config.site_url)}
        if self.later:  # `mkdocs build` on two cores: made at its end, while Pagefind writes (on_post_build)
            self.files = [GeneratedFile(src_uri, b"") for src_uri in makers]
            self.unmade = makers
        else:
            self.files = [GeneratedFile(src_uri, make()) for src_uri, make in makers.items()]
        self.files += self._editor_files(site, config)
        self.drafts = [Addresses.story(story_id) for story_id in site.drafts]
        tables, self.guide_tables = self.guide_tables, vocabulary_tables(site)
        self.tables_changed = tables != self.guide_tables
        return True

    def _editor_files(self, site: Any, config: Any) -> list[GeneratedFile]:
        # The browser editor at /admin/ (admin.py); its settings are extra.omo.admin in mkdocs.yml.
        try:
            editor = editor_files(self.project, site, config.extra["omo"].get("admin"), config.site_url,
                                  config.site_name, publishing(os.environ))
        except EditorMissing as error:
            raise PluginError(f"Сайт не опубликован: {error}") from None
        except AdminError as error:
            raise PluginError(str(error)) from None
        for message in editor.warnings:
            log.warning(message)
        for message in editor.notes:
            log.info(message)
        return editor.files

    def on_files(self, files: Files, config: Any) -> Files:
        # Second guard after the content check, also for `mkdocs serve` after an error: nothing reached through
        # a link or lying outside the docs folder, and no editor's litter, is copied into the site.
        docs = Path(config.docs_dir)
        for source in [file for file in files if file.abs_src_path and Path(file.abs_src_path).is_relative_to(docs)]:
            if link_problem(Path(source.abs_src_path), docs) or any(map(is_litter, Path(source.src_uri).parts)):
                files.remove(source)
        if self.problems:
            self.published = {}  # after the fix, every page is made anew, the hand-written ones too
            self.fingerprint = ""
            return error_files(files, config, self.problems, [page.src_uri for page in self.pages])
        self._light_pictures(files, docs)
        generated = [(page.src_uri, page.source) for page in self.pages]
        generated += [(file.src_uri, file.content) for file in self.files]
        # Draft stories are published nowhere: not as pages, nor in search, sitemap or feed.
        for src_uri in [*self.drafts, *(uri for uri, _ in generated)]:
            handwritten = files.get_file_from_path(src_uri)
            if handwritten is not None:  # the home page and stories: their text is part of the generated page
                files.remove(handwritten)
        fingerprint = site_fingerprint(config) if self.incremental else ""
        same_frame = self.incremental and fingerprint == self.fingerprint
        self.fingerprint = fingerprint
        destinations = {}
        for src_uri, content in generated:
            file = File.generated(config, src_uri, content=content)
            if same_frame and self.published.get(src_uri) == (content, self.blocks.get(src_uri)):
                file.is_modified = _unchanged  # type: ignore[method-assign]
            files.append(file)
            destinations[src_uri] = file.dest_uri
        if self.incremental:
            for file in files.documentation_pages():
                if file.src_uri not in destinations:  # hand-written: made again when it or what it shows changed
                    if self.first is not None:  # only the edited ones first
                        edited = file.src_uri in self.edited_pages
                    else:  # the frame, the guide's tables from the vocabularies, the file itself
                        edited = not same_frame or self.tables_changed or self.changed is None or \
                            f"{self._docs_prefix(config)}{file.src_uri}" in self.changed
                    file.is_modified = _changed if edited else _unchanged  # type: ignore[method-assign]
        self.removed = [dest for src_uri, dest in self.destinations.items() if src_uri not in destinations]
        self.destinations = destinations
        cache = self._page_cache(config)
        self.kept = KeptPages(cache, config, files) if cache is not None else None
        if self.kept is not None and self.atomic and len(destinations) < DEFER_BELOW:
            self.kept.cache.defer()  # written at the end, while Pagefind writes (_make_unmade); the helper's by it
        if self.incremental:  # what the next build compares with
            self.published = {src_uri: (content, self.blocks.get(src_uri)) for src_uri, content in generated}
        else:  # `mkdocs build`: MkDocs holds the pages from here; the blocks are let go as they are used
            self.pages, self.files = [], []
        return files

    def _light_pictures(self, files: Files, docs: Path) -> None:
        """Editors' photos published no larger than a screen needs and without the camera's data (pictures.py);
        made once, kept in .cache/omo while their bytes stay the same."""
        cache = self._picture_cache()
        for file in files:
            source = Path(file.abs_src_path) if file.abs_src_path else None
            if source is None or not source.is_relative_to(docs) or source.suffix.lower() not in PICTURE_SUFFIXES:
                continue
            if cache is not None:
                light = cache.light_file(source)
                if light is not None:
                    file.abs_src_path = os.fspath(light)
            elif (made := lighter(source.read_bytes(), source.suffix)) is not None:
                file.content_bytes = made

    def _picture_cache(self) -> PictureCache | None:
        if not self._cache_usable():
            return None
        if self.pictures is None:
            self.pictures = PictureCache(self.project / CACHE_FOLDER / picture_folder_name())
        return self.pictures

    @_search_failure_stops_the_build
    def on_nav(self, nav: Any, config: Any, files: Files) -> Any:
        # `mkdocs build`: a helper process makes every other generated page meanwhile (parallel.py).
        if self.later and self.for_helper is not None:
            share, (site, options) = self.later, self.for_helper
            compile_templates()  # once, for both processes
            self.helper = PageHelper.start(lambda send: self._help(config, files, nav, share, send),
                                           self._index_helper_page)
            self.share, self.later, self.for_helper = share, set(), None
            self._start_search(files)
            self._make_among(files, site, self.mine, options)
            self.fields = options["render_field"]  # saved once the helper has saved its own (_helper_finished)
        return nav

    def _start_search(self, files: Files) -> None:
        """`mkdocs build`: Pagefind indexes pages as they come (search.py), from here on."""
        if self.serving or self.index_folder or self.in_helper or self.search is not None:
            return
        with self.search_lock:
            # Fragments of pages unchanged since the last build are not compressed again (search_cache.py).
            kept = KeptFragments(cache_folder(self.project / CACHE_FOLDER, CONFIG)) if self._cache_usable() else None
            self.search = SearchIndex(pages=len(files.documentation_pages()), kept=kept)
            for dest_uri, html in self.search_waiting:
                self.search.add(dest_uri, html)
            self.search_waiting = []

    def _make_among(self, files: Files, site: Any, wanted: set[str], options: dict[str, Any]) -> None:
        """The ``wanted`` generated pages, into the files MkDocs reads; those kept from an earlier build go to
        the search index at once."""
        with collector_paused():
            for page in pages_among(site, wanted, **options):
                file = files.get_file_from_path(page.src_uri)
                file.content_string = page.source
                self._keep_blocks(page, packed=False)
                if (output := self._kept_output(page)) is not None:
                    self._index(file.dest_uri, output)
                    self.indexed.add(page.src_uri)
                if not (self.kept is not None and self.kept.found[page.src_uri]):
                    self._keep_blocks(page)  # Markdown makes the article: its blocks wait packed

    def _kept_output(self, page: Page) -> str | None:
        """The finished page kept from an earlier build, if its text, blocks and frame are the same."""
        if self.kept is None:
            return None
        body, meta = get_markdown_and_meta(page.source)
        self.kept.find(page.src_uri, body, meta, self.block_digests.get(page.src_uri))
        return self.kept.outputs.get(page.src_uri)

    def _index(self, dest_uri: str, html: str) -> None:
        if self.in_helper:
            self.send(("search", dest_uri, essentials(html)))  # the main process feeds the index
        else:
            self._index_helper_page(dest_uri, html)

    def _help(self, config: Any, files: Files, nav: Any, share: set[str], send: Any) -> None:
        """In the helper process: its pages made from the site, then read, rendered and written as the main
        process does the others."""
        assert self.for_helper is not None
        self.in_helper, self.helper, self.share, self.send = True, None, set(), send
        site, options = self.for_helper
        self._make_among(files, site, share, options)
        options["render_field"].save()
        make_pages(config, files, nav, share, send, self.indexed)
        send(("made",))  # the main process goes on; what this one keeps for the next build is written meanwhile
        if self.kept is not None:
            self.kept.cache.flush()
        if self.memo is not None:  # the helper's own pages: the main process writes its share at its end
            self.memo.save()

    def _index_helper_page(self, dest_uri: str, html: str) -> None:
        with self.search_lock:
            if self.search is None:
                self.search_waiting.append((dest_uri, html))
            else:
                self.search.add(dest_uri, html)

    def _template_cache(self, environment: str) -> jinja2.BytecodeCache:
        return template_cache(self.project / CACHE_FOLDER, environment)

    def _cache_usable(self) -> bool:
        """The cache is on (plugin setting ``cache``) and was made by this project's own builds (page_cache.py)."""
        if self.cache_checked is None:
            wanted = bool(getattr(self.config, "cache", False))  # False for a plugin MkDocs has not configured
            problem = cache_problem(self.project, self.project / CACHE_FOLDER) if wanted else None
            if problem:
                log.warning(f"Кэш сборки не используется: {problem}. Сайт собирается целиком заново.")
            self.cache_checked = wanted and problem is None
        return self.cache_checked

    def _page_cache(self, config: Any) -> PageCache | None:
        # Only when no other plugin reads or changes pages between Markdown and the article.
        if not self._cache_usable() or self.problems or list(config.plugins) != ["omo"]:
            return None
        return PageCache(self.project / CACHE_FOLDER, settings_key(config.markdown_extensions, config.mdx_configs))

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Files) -> str:
        src_uri = page.file.src_uri
        self.page_in_work = self._page_name(src_uri, config)
        if src_uri in self.share:  # made by the helper process: nothing to read, nothing to write
            page.meta["template"] = ELSEWHERE
            return render_without_markdown(page, "")
        if self.kept is not None and src_uri in self.destinations:
            if self.kept.find(src_uri, markdown, page.meta, self.block_digests.get(src_uri)):
                if src_uri in self.kept.outputs:  # the finished page is kept too: the theme has nothing to do
                    page.meta["template"] = ELSEWHERE
                return render_without_markdown(page, "")  # made before from the same text: nothing to do
        # The guide's lists of municipalities and themes come from the vocabularies (<!-- omo:… --> lines).
        markdown = fill_markers(markdown, self.guide_tables)
        if src_uri not in self.destinations:  # a hand-written page: its lists as typed (generated ones' fields are)
            markdown = lists_as_typed(markdown)
        if self.skeletons is not None and src_uri in self.destinations:
            return render_without_markdown(page, markdown, self.skeletons)
        return markdown

    @_search_failure_stops_the_build
    def on_env(self, env: Any, config: Any, files: Files) -> Any:
        # The theme prints page values (titles, descriptions, partners) into text and attributes:
        # the template engine escapes each one for its context unless it is HTML the build made.
        self._start_search(files)
        # The theme's templates compiled once, kept between builds too (template_cache.py).
        COMPILED_TEMPLATES.keep_in(self._template_cache("theme") if self._cache_usable() else None)
        # The template of pages whose HTML is made elsewhere: by the helper process, or kept from an earlier build.
        env.loader = jinja2.ChoiceLoader([env.loader, jinja2.DictLoader({ELSEWHERE: ""})])
        if self.helper is not None:
            self.quiet = quiet_skipped(self.share)
            logging.getLogger("mkdocs.commands.build").addFilter(self.quiet)
            self.pages_left = len(files.documentation_pages(inclusion=InclusionLevel.is_included))
            self.doc_files = files
        # Parts of the theme that are the same on most pages are rendered once (theme_speed.py).
        return speed_up_theme(escape_theme_output(env))

    @event_priority(-100)  # after other plugins, which expect plain strings
    def on_page_content(self, html: str, page: Any, config: Any, files: Files) -> str:
        src_uri = page.file.src_uri
        if src_uri in self.share:
            return ""
        packed = self.blocks.get(src_uri) if self.incremental else self.blocks.pop(src_uri, None)
        if (kept := self.kept.article(page, files) if self.kept is not None else None) is not None:
            html = kept
        else:
            html = self._article(html, packed, page)
            if self.kept is not None:
                self.kept.keep_article(html, page)
        if self.pack_articles:  # until on_page_context: no other plugin reads the article in between
            if not (self.kept is not None and src_uri in self.kept.outputs):  # else the theme has nothing to do
                self.articles[src_uri] = pack(html)
            return ""
        return html

    def _article(self, html: str, packed: bytes | None, page: Any) -> str:
        # Every page is made from editors' files (generated pages, stories, hand-written pages):
        # each keeps only safe HTML.
        if packed:  # the page's HTML blocks, kept from Markdown
            blocks = unpack_blocks(packed)
            html = fill_blocks(html, blocks)
            page.present_anchor_ids = (page.present_anchor_ids or set()) | block_anchors(blocks)
        html = sanitize_html(html)
        html = typeset_page(html, page)  # Russian no-break spaces in the article, its contents and title
        mark_rendered_html(page)
        return html

    @event_priority(-100)  # after the search plugin has read the page
    def on_page_context(self, context: Any, page: Any, config: Any, nav: Any) -> Any:
        if page.file.src_uri in self.share or (self.kept is not None and page.file.src_uri in self.kept.outputs):
            return context
        # The page's article is HTML made by Markdown; long words in headings wrap with a hyphen.
        if (packed := self.articles.pop(page.file.src_uri, None)) is not None:
            page.content = unpack(packed)
        page.content = Markup(hyphenate_headings(page.content))
        return context

    @event_priority(-100)  # the page as it is written, after every other plugin
    @_search_failure_stops_the_build
    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        src_uri = page.file.src_uri
        self.page_in_work = None  # made: what fails from here on is not its text
        if self.kept is not None:  # written by an earlier build from the same article in the same frame, or kept
            output = self.kept.output(src_uri, output)
        if self.search is not None and src_uri not in self.share and src_uri not in self.indexed:
            with self.search_lock:
                self.search.add(page.file.dest_uri, output)
        if self.helper is not None:
            self.pages_left -= 1
            if self.pages_left == 0:  # MkDocs checks links to anchors next: the helper's pages must be in
                self._helper_finished()
        return output

    def _helper_finished(self) -> None:
        assert self.helper is not None
        helper, self.helper = self.helper, None
        _waited_for(helper.wait_made)
        self.finishing = helper  # still writing its cache files: waited for at the end (_helper_ended)
        apply_anchors(helper, self.doc_files)
        if self.fields is not None:  # added to what the helper saved
            self.fields.save()
            self.fields.forget()
            self.fields = None

    @event_priority(-100)  # after other plugins have written their files
    @_search_failure_stops_the_build
    def on_post_build(self, config: Any) -> None:
        if self.helper is not None:  # not every page passed through on_post_page (another plugin's doing)
            self._helper_finished()
        self._parallel_done()
        kept, self.kept, self.indexed = self.kept, None, set()
        make_sitemap_reproducible(Path(config.site_dir))
        if self.incremental:
            remove_pages(Path(config.site_dir), self.removed)
        # Search is indexed from the built HTML on every build; `mkdocs serve` shows the pages first.
        if self.search is not None:
            pages = self.search.write(Path(config.site_dir),
                                      meanwhile=functools.partial(self._make_unmade, config, kept))
            self.search = None
            log.debug(f"Поиск: проиндексировано страниц: {pages}")
        else:
            self._make_unmade(config, kept)
            if self.index_folder:
                log.debug(f"Поиск: проиндексировано страниц: {index_site(Path(config.site_dir))}")
            elif self.first is not None:
                # Only the edited record's pages are made: the rest of the site (and its search) right after.
                request_rebuild(self.server)
            else:
                self.deferred_search.start(Path(config.site_dir))
        self._helper_ended()  # its warnings are counted, as the others
        if kept is not None and not self.serving:  # once every file of this build is written
            kept.cache.keep_only(self.destinations)
            forget_other_settings(self.project / CACHE_FOLDER, [
                kept.cache.folder.name,
                fields_file_name(settings_key(config.markdown_extensions, config.mdx_configs)),
                cache_folder(self.project / CACHE_FOLDER, CONFIG).name,
                parsed_file_name(code_digest()),
                picture_folder_name(),
                *map(template_folder_name, TEMPLATE_ENVIRONMENTS)])
            if self.pictures is not None:
                self.pictures.forget_unused()
        for name in self.counted:
            logging.getLogger(name).removeHandler(self.warnings)
        if self.atomic and self.site_dir is not None:
            staging = Path(config.site_dir)
            if config.strict and self.warnings.count:
                shutil.rmtree(staging, ignore_errors=True)  # MkDocs aborts next: the old site stays
            else:
                replace_folder(staging, self.site_dir)

    def _make_unmade(self, config: Any, kept: KeptPages | None) -> None:
        """The feeds and exports of a build on two cores (``unmade``), over the empty files MkDocs wrote for them
        (a file that is not a page is written under its own name); what this process keeps for the next build."""
        unmade, self.unmade = self.unmade, {}
        with collector_paused():
            for src_uri, make in unmade.items():
                (Path(config.site_dir) / src_uri).write_bytes(make())
        if self.memo is not None:
            self.memo.save()
            self.memo = None
        if kept is not None:
            kept.cache.flush()

    def _helper_ended(self) -> None:
        """Until the helper, its pages long in, has written what it keeps for the next build."""
        helper, self.finishing = self.finishing, None
        if helper is not None:
            _waited_for(helper.wait)

    def _parallel_done(self) -> None:
        gc.unfreeze()  # what this build froze (on_pre_build, parallel.py) may be collected again
        self.share = set()
        if self.quiet is not None:
            logging.getLogger("mkdocs.commands.build").removeFilter(self.quiet)
            self.quiet = None

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_work()
        if (said := in_russian(error, self.page_in_work)) is not None:  # a shape of text no check knows yet
            log.debug("Страница не собрана", exc_info=error)  # the traceback, for `mkdocs build --verbose`
            raise said from None

    def _page_name(self, src_uri: str, config: Any) -> str:
        """How an editor finds a page: its file, or for a generated page its address and the data folder."""
        if src_uri in self.destinations:
            return generated_page_name(src_uri)
        return self._docs_prefix(config) + src_uri

    def _stop_work(self) -> None:
        self.unmade = {}
        for helper in (self.helper, self.finishing):
            if helper is not None:
                helper.stop()
        self.helper = self.finishing = None
        self._parallel_done()
        if self.search is not None:
            self.search.close()
            self.search = None
        for name in self.counted:
            logging.getLogger(name).removeHandler(self.warnings)
        if self.atomic and self.site_dir is not None:
            shutil.rmtree(staging_folder(self.site_dir), ignore_errors=True)

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        if self.incremental:
            incremental_rebuilds(server)
        editor_not_reloaded(server, ADMIN_FOLDER)  # the browser editor's pages
        self.server = server
        server.watch(os.fspath(self.project / self.config.data_dir))
        theme_dir = config.theme.custom_dir
        if theme_dir:
            server.watch(theme_dir)
        return server
