"""MkDocs glue: validate the data before the site folder is touched, add the generated pages."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from .build import load_site
from .errors import ContentError
from .pages import Page, generate_pages

log = get_plugin_logger(__name__)

# Generated pages rely on these: ids on headings and list items, Markdown inside HTML.
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "tables", "admonition", "toc")


class GeneratorConfig(base.Config):
    data_dir = c.Type(str, default="data")


class GeneratorPlugin(BasePlugin[GeneratorConfig]):
    def __init__(self) -> None:
        self.pages: list[Page] = []

    @property
    def project(self) -> Path:
        return Path(self.config_file).parent

    def on_config(self, config: Any) -> Any:
        self.config_file = config.config_file_path
        for extension in REQUIRED_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        return config

    def on_pre_build(self, config: Any) -> None:
        # MkDocs empties the site folder right after this event: bad content must stop the build here.
        try:
            site = load_site(self.project, self.project / self.config.data_dir, Path(config.docs_dir))
        except ContentError as error:
            raise PluginError(f"Ошибки в материалах сайта:\n{error.report()}") from None
        self.pages = generate_pages(site)

    def on_files(self, files: Files, config: Any) -> Files:
        for page in self.pages:
            handwritten = files.get_file_from_path(page.src_uri)
            if handwritten is not None:  # the home page: its text is already part of the generated one
                files.remove(handwritten)
            files.append(File.generated(config, page.src_uri, content=page.markdown))
        return files

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        server.watch(os.fspath(self.project / self.config.data_dir))
        theme_dir = config.theme.custom_dir
        if theme_dir:
            server.watch(theme_dir)
        return server
