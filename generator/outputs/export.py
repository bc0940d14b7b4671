"""``export DIR``: the whole site as plain Markdown and a ``mkdocs.yml`` that needs no plugin of ours.

Any builder that reads ``mkdocs.yml`` (MkDocs, or its successors) can build the
exported folder into the same pages, so the content outlives this generator. What the plugin adds to a site
besides pages (feeds, calendars, exports for spreadsheets, the browser editor at ``/admin/``) is written into the
docs folder as files, which every builder copies as they are.
"""

from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path
from typing import Any

from ..core.addresses import Addresses, publishing, site_url_from_environment
from ..core.build import load_site
from ..core.layout import content_pages
from ..core.load import read_page
from ..core.project import ProjectPaths, SettingsError, read_settings, settings_yaml
from ..core.uploads import is_litter
from ..pages.guide_tables import fill_markers, vocabulary_tables
from ..pages.pages import generate_pages, hand_written_page
from ..pages.plugin_settings import MKDOCS_EXTENSIONS, PLUGIN_NAME, REQUIRED_EXTENSIONS, theme_partners
from ..pages.render_cache import FieldRenderer, field_renderer, page_bound
from ..pages.sanitize import sanitize_html
from .admin import AdminBuild, AdminError, EditorMissing, editor_files
from .exports import export_files
from .feeds import feed_files
from .pictures import SUFFIXES as PICTURE_SUFFIXES
from .pictures import lighter

EXPORT_DOCS = "docs"
_ESCAPED_MARKER = re.compile(r"^&lt;!-- omo:([a-z]+) -->[ \t]*$", re.MULTILINE)


class ExportError(Exception):
    """Why the export was not made, in Russian."""


def export_site(paths: ProjectPaths, target: Path) -> list[str]:
    """Write ``target/mkdocs.yml``, ``target/docs/`` (content + generated pages) and the theme folder; returns
    warnings for the terminal (Russian)."""
    settings = _read_settings(paths.root / "mkdocs.yml")
    site_url = site_url_from_environment(str(settings.get("site_url") or ""), os.environ)  # as the build does
    if not site_url:
        raise ExportError("в mkdocs.yml не указан site_url: он нужен для ленты новостей и календаря")
    if target.exists() and any(target.iterdir()):
        raise ExportError(f"папка {target} не пуста: укажите новую или пустую папку")
    site = load_site(paths.root, paths.data, paths.docs)  # ContentError lists every problem
    site.site_url = str(site_url)
    # The editor's files first: what stops the export stops it before anything is written.
    editor = _editor(paths, site, settings, str(site_url))

    docs = target / EXPORT_DOCS
    shutil.copytree(paths.docs, docs, ignore=lambda folder, names: [name for name in names if is_litter(name)])
    for story_id in site.drafts:
        (docs / Addresses.story(story_id)).unlink(missing_ok=True)
    for picture in [path for path in docs.rglob("*") if path.suffix.lower() in PICTURE_SUFFIXES and path.is_file()]:
        if (light := lighter(picture.read_bytes(), picture.suffix)) is not None:  # as the build publishes it
            picture.write_bytes(light)
    # A builder without our plugin escapes nothing and sanitizes nothing: every page is written safe.
    tables = vocabulary_tables(site)  # the guide's lists of ids, as the build fills them
    for path in content_pages(paths.root, paths.docs)[0]:
        meta, body = read_page(path, paths.root)
        page = hand_written_page(meta, body, True)
        # The page is made safe first, which escapes the marker lines too; then they get their tables.
        page = fill_markers(_ESCAPED_MARKER.sub(r"<!-- omo:\1 -->", page), tables)
        _write(docs / path.relative_to(paths.docs), page.encode("utf-8"))
    pages = generate_pages(site, front_matter_as_html=True, render_field=_field_renderer(settings),
                           directory_urls=bool(settings.get("use_directory_urls", True)))
    for page in pages:
        _write(docs / page.src_uri, page.markdown.encode("utf-8"))
    files = feed_files(site, str(site_url), str(settings.get("site_name", "")),
                       str(settings.get("site_description") or ""))
    for file in [*files, *export_files(site, str(site_url)), *editor.files]:
        _write(docs / file.src_uri, file.content)

    settings["docs_dir"] = EXPORT_DOCS
    settings["site_url"] = site_url
    extra = settings.setdefault("extra", {})
    # Builders without our plugin render the theme without autoescape: partners come from editors' files.
    extra.setdefault("omo", {})["partners"] = [{key: html.escape(value) for key, value in partner.items()}
                                               for partner in theme_partners(site)]
    theme = settings.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        shutil.copytree(paths.root / str(theme["custom_dir"]), target / "theme")
        theme["custom_dir"] = "theme"
    settings["plugins"] = [p for p in settings.get("plugins") or [] if _plugin_name(p) != PLUGIN_NAME]
    extensions = settings.setdefault("markdown_extensions", [])
    present = {_plugin_name(e) for e in extensions}
    extensions.extend(name for name in REQUIRED_EXTENSIONS if name not in present)
    settings_yaml().dump(settings, target / "mkdocs.yml")
    return editor.warnings + editor.notes


def _editor(paths: ProjectPaths, site: Any, settings: Any, site_url: str) -> AdminBuild:
    """``/admin/`` with the build's own files and rules: a publication (OMO_PUBLISH) stops without Decap CMS."""
    omo = (settings.get("extra") or {}).get("omo") or {}
    try:
        return editor_files(paths.root, site, omo.get("admin"), site_url,
                            str(settings.get("site_name", "")), publishing(os.environ))
    except EditorMissing as error:
        raise ExportError(f"выгрузка для публикации не сделана: {error}") from None
    except AdminError as error:
        raise ExportError(str(error)) from None


class _SanitizedFields:
    """Fields rendered to HTML blocks, made safe as the build makes the whole article (``sanitize_html``): the
    builder of the export passes HTML blocks on as they are (an attribute list in a field, `{: onerror=… }`,
    would otherwise reach the page)."""

    def __init__(self, fields: FieldRenderer):
        self._fields = fields

    def html(self, text: str) -> str:
        return sanitize_html(self._fields.html(text))

    def block(self, text: str) -> str | None:
        return None if page_bound(text) else self.html(text)


def _field_renderer(settings: Any) -> Any:
    """Editors' Markdown fields rendered as the exported site's Markdown settings say (options that are
    Python objects, such as the headings' slugify function, stay at their defaults), and sanitized."""
    names: list[str] = list(MKDOCS_EXTENSIONS)
    configs: dict[str, dict[str, Any]] = {}
    for item in settings.get("markdown_extensions") or []:
        name = _plugin_name(item)
        names += [name] if name not in names else []
        options = item[name] if isinstance(item, dict) else None
        if isinstance(options, dict):
            configs[name] = {key: value for key, value in options.items()
                             if isinstance(value, (str, int, float, bool))}
    names += [name for name in REQUIRED_EXTENSIONS if name not in names]
    return _SanitizedFields(field_renderer(names, configs))


def _plugin_name(item: Any) -> str:
    return next(iter(item)) if isinstance(item, dict) else str(item)


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def _read_settings(path: Path) -> Any:
    if not path.is_file():
        raise ExportError(f"не найден {path.name}")
    try:
        return read_settings(path)
    except SettingsError as error:
        raise ExportError(str(error)) from None
