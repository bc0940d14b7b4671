"""Generated pages kept between builds: Markdown, sanitizing and typography run once per text, the theme
once per text and frame.

A generated page's article is made from its Markdown text, its HTML blocks, its address and the site's
Markdown settings: together they are the key. What the article links to must also still be there: an
article with a link that leads nowhere now is made anew, so that MkDocs reports the link as before.
The finished page is kept too, keyed by its article and everything around it that the theme prints
(``frame_key``): settings, navigation, the theme's files. Kept in the project's git-ignored ``.cache/omo/``,
two files per page overwritten when the page changes; files of pages the site no longer has are removed
after a whole build.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import shutil
import subprocess
import tempfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc

from ..pages.render_cache import cache_stem, code_digest, installed_versions, without_addresses
from ..pages.source_memo import SUFFIX as SOURCE

ARTICLE = ".article"  # an article: its key and what MkDocs knows of it (one line of JSON), a line break, its HTML
OUTPUT = ".html-z"  # a finished page: its key, a line break, the HTML compressed with zlib

# A relative address in an article: not a scheme, not an anchor, not a root path.
_RELATIVE = re.compile(r'\s(?:href|src)="(?![a-zA-Z][a-zA-Z0-9+.-]*:|#|/)([^"#?]*)')


@dataclass(frozen=True)
class Article:
    """What MkDocs and the plugin made of a page's text: the article and what MkDocs knows of it."""

    html: str
    toc: list[dict[str, Any]]  # the table of contents as the Markdown `toc` extension gives it
    anchors: list[str] | None  # ids on the page (links to them are checked)
    links: dict[str, dict[str, str]] | None  # links to anchors of other pages: page -> anchor -> link
    targets: list[str]  # the site addresses the article links to

    def table_of_contents(self) -> TableOfContents:
        return get_toc(self.toc)  # type: ignore[arg-type]


def toc_tokens(toc: Iterable[AnchorLink]) -> list[dict[str, Any]]:
    return [{"level": item.level, "id": item.id, "name": str(item.title), "children": toc_tokens(item.children)}
            for item in toc]


def link_targets(html: str, page_url: str) -> list[str]:
    """The site addresses an article links to, relative addresses resolved from the page's address."""
    folder = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    return sorted({site_path(folder + found) for found in _RELATIVE.findall(html) if found})


def site_path(url: str) -> str:
    """An address in the site in one spelling: ``a/b/../c/`` and ``a/c`` are the same."""
    return posixpath.normpath("/" + url).lstrip("/")


def cache_problem(project: Path, folder: Path) -> str | None:
    """Why the cache folder must not be read: the kept pages are published as they are, so they may only come
    from this machine's builds (or a CI cache of the same branch), never from a merge request. Files of it
    tracked by git, or a folder on the way that is a link, are refused."""
    relative = folder.relative_to(project)
    current = project
    for part in relative.parts:
        current = current / part
        if current.is_symlink():
            return f"папка {current.relative_to(project).as_posix()} — ссылка"
    if not any((folder / ".git").exists() for folder in (project, *project.parents)):
        return None  # not in a repository: nothing can come through a merge request
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--", relative.parts[0]], cwd=project,
                                capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError) as error:
        listed = subprocess.CompletedProcess([], 1, b"", str(error).encode())
    if listed.returncode != 0:  # in a repository, but git cannot say what it tracks: not trusted
        reason = (listed.stderr.decode("utf-8", "replace").strip().splitlines() or ["ошибка git"])[0]
        return f"git не отвечает, добавлены ли в него файлы папки {relative.parts[0]} ({reason})"
    if listed.stdout:
        return f"в git добавлены файлы папки {relative.parts[0]}: удалите их (git rm -r --cached {relative.parts[0]})"
    return None


def frame_key(config: Any, files: Any) -> str:
    """What a generated page's finished HTML depends on besides its article: the settings, the navigation (as
    written, and what its entries lead to: ``nav_state``), the theme (our folder's files by content, Material's by
    version) and the packages that render it."""
    digest = hashlib.sha256()
    settings = [config.site_name, config.site_url, config.site_description, config.site_author, config.copyright,
                config.repo_url, config.repo_name, config.edit_uri, config.nav, nav_state(config.nav, files),
                config.extra, dict(config.theme), config.markdown_extensions, config.mdx_configs,
                config.use_directory_urls, config.extra_css, config.extra_javascript]
    digest.update(without_addresses(json.dumps(settings, sort_keys=True, default=repr, ensure_ascii=False)).encode())
    digest.update(code_digest().encode())  # the plugin's own code: theme escaping, kept theme parts
    packages = installed_versions("mkdocs", "properdocs", "mkdocs-material", "jinja2", "markupsafe", "omo-site")
    digest.update(packages.encode())
    files = [Path(config.config_file_path)] if config.config_file_path else []
    if custom := config.theme.custom_dir:
        files += sorted(path for path in Path(custom).rglob("*") if path.is_file())
    for path in files:
        digest.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def nav_state(nav: Any, files: Any) -> list[Any]:
    """What the menu on every page shows besides the settings: whether each page it names exists (MkDocs links a
    missing one as written), and the text of a page it names without a title (its title comes from the page).
    Without a ``nav`` the menu lists every page by its title: every hand-written page's text counts."""
    if nav is None:
        pages = sorted(files.documentation_pages(), key=lambda file: file.src_uri)
        return [[file.src_uri, _text_digest(file)] for file in pages]
    state: list[Any] = []
    for title, target in _nav_entries(nav):
        file = files.get_file_from_path(target)
        state.append([title, target, file is not None, _text_digest(file) if file and title is None else None])
    return state


def _nav_entries(items: Any) -> list[tuple[str | None, str]]:
    """(title or None, target) of every page or link in a ``nav`` as written."""
    found: list[tuple[str | None, str]] = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, str):
            found.append((None, item))
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    found.append((str(title), value))
                else:
                    found += _nav_entries(value)
    return found


def _text_digest(file: Any) -> str:
    """A page's text on disk. A generated page's title comes from the site's data, which is not known here: while
    the menu names one without a title, the frame differs in every build and no page's finished HTML is kept
    (the menu on every page shows that title)."""
    path = getattr(file, "abs_src_path", None)
    if file.generated_by is None and path and os.path.isfile(path):
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return os.urandom(16).hex()


def blocks_digest(blocks: tuple[str, ...]) -> bytes:
    """A page's HTML blocks (pages.Page.blocks) in a few bytes: part of its article's key. Hashed as made,
    not packed: a page whose article is kept needs its blocks for nothing else."""
    digest = hashlib.sha256()
    for block in blocks:
        data = block.encode()
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.digest()


DEFER_BELOW = 5000  # generated pages: a smaller site's build keeps its cache files in memory until its end


class PageCache:
    def __init__(self, folder: Path, settings: str):
        self._folder = folder / f"pages-{settings[:16]}"
        self._deferred: list[tuple[Path, bytes]] | None = None  # files to write at the end (``defer``)

    def defer(self) -> None:
        """Hold the files written from here on until ``flush``: a build writes them at its end, while Pagefind
        writes the search index and a core is free, instead of between pages."""
        self._deferred = []

    def flush(self) -> None:
        deferred, self._deferred = self._deferred or [], None
        for folder in {path.parent for path, _ in deferred}:
            folder.mkdir(parents=True, exist_ok=True)
        for path, data in deferred:
            self._store(path, data)

    @property
    def folder(self) -> Path:
        return self._folder

    def key(self, src_uri: str, markdown: str, blocks: bytes | None) -> str:
        """An article's key; ``blocks``: the digest of its HTML blocks (``blocks_digest``)."""
        digest = hashlib.sha256()
        for part in (src_uri.encode(), markdown.encode(), blocks or b""):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
        return digest.hexdigest()

    def _file(self, src_uri: str) -> Path:
        return self._folder / (cache_stem(src_uri) + ARTICLE)

    def get(self, src_uri: str, key: str, addresses: set[str]) -> Article | None:
        """The page's article if it was made from the same text and everything it links to is still there."""
        try:
            # The HTML is read as it is, not as a JSON string: most pages only need the rest (their finished
            # page is kept too), and a page's worth of JSON takes longer to read.
            known, _, html = self._file(src_uri).read_bytes().partition(b"\n")
            stored = json.loads(known)
            if not isinstance(stored, dict) or stored.get("key") != key:
                return None
            article = Article(html=html.decode("utf-8"), **stored["article"])
        except (OSError, ValueError, KeyError, TypeError):  # none yet, or broken: the page is made anew
            return None
        return article if all(target in addresses for target in article.targets) else None

    def put(self, src_uri: str, key: str, article: Article) -> None:
        known = {name: value for name, value in article.__dict__.items() if name != "html"}
        stored = json.dumps({"key": key, "article": known}, ensure_ascii=False)  # one line: JSON escapes line breaks
        self._write(self._file(src_uri), stored.encode() + b"\n" + article.html.encode())

    def output(self, src_uri: str, key: str) -> str | None:
        """The page as last written, if made from the same article in the same frame (``frame_key``)."""
        try:
            stored = self._file(src_uri).with_suffix(OUTPUT).read_bytes()
            found, _, packed = stored.partition(b"\n")
            return zlib.decompress(packed).decode("utf-8") if found == key.encode() else None
        except (OSError, ValueError, zlib.error):
            return None

    def put_output(self, src_uri: str, key: str, html: str) -> None:
        # Compressed: a page is ~30 KB of HTML, most of it the theme's, repeated on every page.
        self._write(self._file(src_uri).with_suffix(OUTPUT), key.encode() + b"\n" + zlib.compress(html.encode(), 1))

    def _write(self, path: Path, data: bytes) -> None:
        if self._deferred is not None:
            self._deferred.append((path, data))
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        self._store(path, data)

    @staticmethod
    def _store(path: Path, data: bytes) -> None:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".page-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)

    def keep_only(self, src_uris: Iterable[str]) -> None:
        """Remove the files of pages the site no longer has."""
        kept = {self._file(src_uri).with_suffix(suffix).name for src_uri in src_uris
                for suffix in (ARTICLE, OUTPUT, SOURCE)}
        try:
            names = os.listdir(self._folder)
        except OSError:
            return
        for name in names:
            if name not in kept:
                (self._folder / name).unlink(missing_ok=True)


# What `.cache/omo/` holds, each named by the settings it was made with.
KINDS = ("pages", "fields", "search", "parsed", "templates", "pictures")


def forget_other_settings(cache: Path, used: Iterable[str]) -> None:
    """Remove what builds with other settings or another version of the generator kept in ``cache`` (``used``:
    the names this build uses): every upgrade leaves a new set, and nothing would read the old ones again."""
    try:
        entries = list(cache.iterdir())
    except OSError:
        return
    keep = set(used)
    for path in entries:
        if path.name.split("-")[0] not in KINDS or path.name in keep:
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
