"""MkDocs glue: validate the data before the site folder is touched, add the generated pages."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from .addresses import SITE_URL_VARIABLE, Addresses, publishing, site_url_from_environment, site_url_problem
from .atomic import WarningCounter, replace_folder, staging_folder
from .build import load_site
from .errors import ContentError
from .exports import export_files
from .feeds import GeneratedFile, feed_files
from .pages import Page, generate_pages
from .plugin_settings import REQUIRED_EXTENSIONS, theme_partners
from .reproducible import make_sitemap_reproducible
from .sanitize import sanitize_html
from .search import index_site
from .theme_escaping import escape_theme_output, mark_rendered_html
from .typography import hyphenate_headings, typeset_page
from .uploads import is_litter, link_problem

log = get_plugin_logger(__name__)


def _unchanged() -> bool:
    return False


class GeneratorConfig(base.Config):
    data_dir = c.Type(str, default="data")


class GeneratorPlugin(BasePlugin[GeneratorConfig]):
    def __init__(self) -> None:
        self.pages: list[Page] = []
        self.files: list[GeneratedFile] = []
        self.drafts: list[str] = []
        self.partners: list[dict[str, str]] = []
        self.atomic = False
        self.serving = False
        self.incremental = False
        self.published: dict[str, str | bytes] = {}  # generated file -> content, as of the last build
        self.site_dir: Path | None = None
        self.warnings = WarningCounter()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `mkdocs build` writes into a staging folder that replaces the site only when the build succeeds.
        self.atomic = command == "build" and not dirty
        self.serving = command == "serve"
        # `mkdocs serve --dirty`: pages whose generated text did not change are not rendered again.
        self.incremental = self.serving and dirty

    @property
    def project(self) -> Path:
        return Path(self.config_file).parent

    def on_config(self, config: Any) -> Any:
        self.config_file = config.config_file_path
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
        if self.atomic:
            self.site_dir = Path(config.site_dir)
            config.site_dir = os.fspath(staging_folder(self.site_dir))
        for extension in REQUIRED_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        return config

    def on_pre_build(self, config: Any) -> None:
        self.warnings.count = 0
        logging.getLogger("mkdocs").addHandler(self.warnings)
        # MkDocs empties the site folder right after this event: bad content must stop the build here.
        try:
            site = load_site(self.project, self.project / self.config.data_dir, Path(config.docs_dir))
        except ContentError as error:
            if not (self.serving and self.pages):
                raise PluginError(f"Ошибки в материалах сайта:\n{error.report()}") from None
            # Live preview: say what is wrong and keep showing the last good version of the data.
            log.error(f"Ошибки в материалах сайта (показана последняя исправная версия):\n{error.report()}")
        else:
            self.pages = generate_pages(site)
            self.files = feed_files(site, config.site_url, config.site_name, config.site_description or "")
            self.files += export_files(site, config.site_url)
            self.drafts = [Addresses.story(story_id) for story_id in site.drafts]
            self.partners = theme_partners(site)
        # The footer's «Наши партнёры» block comes from data/partners.yml.
        config.extra.setdefault("omo", {})["partners"] = self.partners

    def on_files(self, files: Files, config: Any) -> Files:
        # Second guard after the content check, also for `mkdocs serve` after an error: nothing reached through
        # a link or lying outside the docs folder, and no editor's litter, is copied into the site.
        docs = Path(config.docs_dir)
        for source in [file for file in files if file.abs_src_path and Path(file.abs_src_path).is_relative_to(docs)]:
            if link_problem(Path(source.abs_src_path), docs) or any(map(is_litter, Path(source.src_uri).parts)):
                files.remove(source)
        generated = [(page.src_uri, page.markdown) for page in self.pages]
        generated += [(file.src_uri, file.content) for file in self.files]
        # Draft stories are published nowhere: not as pages, nor in search, sitemap or feed.
        for src_uri in [*self.drafts, *(uri for uri, _ in generated)]:
            handwritten = files.get_file_from_path(src_uri)
            if handwritten is not None:  # the home page and stories: their text is part of the generated page
                files.remove(handwritten)
        for src_uri, content in generated:
            file = File.generated(config, src_uri, content=content)
            if self.incremental and self.published.get(src_uri) == content:
                file.is_modified = _unchanged  # type: ignore[method-assign]
            files.append(file)
        self.published = dict(generated)
        return files

    def on_env(self, env: Any, config: Any, files: Files) -> Any:
        # The theme prints page values (titles, descriptions, partners) into text and attributes:
        # the template engine escapes each one for its context unless it is HTML the build made.
        return escape_theme_output(env)

    @event_priority(-100)  # after other plugins, which expect plain strings
    def on_page_content(self, html: str, page: Any, config: Any, files: Files) -> str:
        # Every page is made from editors' files (generated pages, stories, hand-written pages):
        # each keeps only safe HTML.
        html = sanitize_html(html)
        html = typeset_page(html, page)  # Russian no-break spaces in the article, its contents and title
        mark_rendered_html(page)
        return html

    @event_priority(-100)  # after the search plugin has read the page
    def on_page_context(self, context: Any, page: Any, config: Any, nav: Any) -> Any:
        # The page's article is HTML made by Markdown; long words in headings wrap with a hyphen.
        page.content = Markup(hyphenate_headings(page.content))
        return context

    @event_priority(-100)  # after other plugins have written their files
    def on_post_build(self, config: Any) -> None:
        make_sitemap_reproducible(Path(config.site_dir))
        # Search is indexed from the built HTML on every build, `mkdocs serve` included.
        pages = index_site(Path(config.site_dir))
        log.debug(f"Поиск: проиндексировано страниц: {pages}")
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if self.atomic and self.site_dir is not None:
            staging = Path(config.site_dir)
            if config.strict and self.warnings.count:
                shutil.rmtree(staging, ignore_errors=True)  # MkDocs aborts next: the old site stays
            else:
                replace_folder(staging, self.site_dir)

    def on_build_error(self, *, error: Exception) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if self.atomic and self.site_dir is not None:
            shutil.rmtree(staging_folder(self.site_dir), ignore_errors=True)

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        server.watch(os.fspath(self.project / self.config.data_dir))
        theme_dir = config.theme.custom_dir
        if theme_dir:
            server.watch(theme_dir)
        return server
