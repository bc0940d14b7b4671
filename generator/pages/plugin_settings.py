"""What the MkDocs side needs from the project's settings; shared by the plugin and the export."""

from __future__ import annotations

from ..core.site import Site

PLUGIN_NAME = "omo"

# Generated pages rely on these: ids on headings and list items, Markdown inside HTML, notes; editors' lists are
# read as typed (markdown_lists.py), and a bulleted list and a numbered one after it stay two lists (sane_lists).
# What MkDocs reads in every site besides its settings' list (its config's ``builtins``): fields rendered outside
# MkDocs (the export) must read the same.
MKDOCS_EXTENSIONS = ("toc", "tables", "fenced_code")
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "tables", "admonition", "toc", "sane_lists")


def theme_partners(site: Site) -> list[dict[str, str]]:
    """Partners (data/partners.yml) as the theme's footer reads them from ``config.extra.omo.partners``."""
    return [{"name": p.name, "url": p.url or ""} for p in site.partners]
