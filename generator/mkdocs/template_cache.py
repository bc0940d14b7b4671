"""Compiled templates kept between builds (``.cache/omo/templates-…``): Jinja compiles each template of the pages
and of the theme anew in every process of every build, a few tenths of a second before the first page is made.

Jinja keeps a template's compiled code under its name, checked against its source; what else decides how a template
compiles (this package's code, Jinja's, MkDocs' and Material's versions, the environment's settings) is in the
folder's name, one folder per environment. The cache is trusted as the rest of ``.cache/omo`` is (page_cache.py):
the compiled code runs as it is.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2

from ..pages.render_cache import code_digest, installed_versions

ENVIRONMENTS = ("theme", "pages-markdown", "pages-html")


def template_cache(cache: Path, environment: str) -> jinja2.BytecodeCache:
    """The compiled templates of ``environment`` (one of ``ENVIRONMENTS``) in ``cache``."""
    folder = cache / folder_name(environment)
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


def folder_name(environment: str) -> str:
    key = hashlib.sha256(f"{environment}\0{code_digest()}\0"
                         f"{installed_versions('jinja2', 'mkdocs', 'mkdocs-material', 'properdocs')}".encode())
    return f"templates-{environment}-{key.hexdigest()[:16]}"
