"""Pagefind's page fragments kept between builds, in `.cache/omo/search-…/`.

Pagefind writes one fragment per page (its text, title and anchors for the results list), named by a hash of
its content and compressed at zlib's slowest setting; it does not write a hashed file that is already in the
bundle folder. A page whose text for the index is the same as in the last build gets its kept fragment copied
into the bundle before Pagefind writes, and Pagefind compresses only the fragments of changed pages.

A kept fragment is only ever copied for the same address and the same text (by digest) under the same Pagefind
and the same index settings. Pagefind names it the same way unless another page's hash now shares the first
seven digits of its name: then the page that comes first takes the short name, the other a longer one, and a
copied file could stand under the name Pagefind gives to another page (Pagefind does not write over it). So the
bundle is checked after the write: a fragment file more than Pagefind's own page count (a copy it did not want),
or a copied name of which another name begins or is begun by it (a collision), and the bundle is written again
without copies. Fragments whose names collide are not kept: Pagefind names them itself in the next build, so a
site with a collision (one in seven at 9,000 pages) does not write its bundle twice in every build.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..pages.render_cache import installed_versions

FRAGMENTS = "fragment"
SUFFIX = ".pf_fragment"
MANIFEST = "fragments.json"
_NAME = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]+)*_[0-9a-f]{7,64}")  # Pagefind's names: ru_018a4eb
_PREFIX = b"pagefind_dcd"  # what Pagefind puts before each file's content, inside the compression


def cache_folder(cache: Path, settings: Any) -> Path:
    """Where fragments made with these index settings by the installed Pagefind are kept."""
    versions = installed_versions("pagefind", "pagefind_bin", "pagefind_bin_extended")
    digest = hashlib.sha256(json.dumps([versions, settings], sort_keys=True).encode()).hexdigest()
    return cache / f"search-{digest[:16]}"


class KeptFragments:
    def __init__(self, folder: Path):
        self.folder = folder
        self._kept = self._read_manifest()  # address -> (text digest, fragment name, file size)
        self._digests: dict[str, str] = {}  # address -> digest of the text sent in this build
        self._wanted: dict[str, str] = {}  # fragment name -> address: copied into this build's bundle

    def note(self, url: str, text: str) -> None:
        """A page sent to Pagefind (``url`` as Pagefind gives it, ``text`` exactly as sent)."""
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        self._digests[url] = digest
        kept = self._kept.get(url)
        if kept is not None and kept[0] == digest:
            self._wanted[kept[1]] = url

    def seed(self, bundle: Path) -> int:
        """Copy the fragments of unchanged pages into ``bundle`` (before Pagefind writes it); how many."""
        target = bundle / FRAGMENTS
        target.mkdir(parents=True, exist_ok=True)
        for name, url in list(self._wanted.items()):
            source = self.folder / FRAGMENTS / (name + SUFFIX)
            try:
                if source.is_symlink() or source.stat().st_size != self._kept[url][2]:
                    raise OSError("a link, or cut short")
                shutil.copyfile(source, target / (name + SUFFIX))
            except OSError:
                del self._wanted[name]
        return len(self._wanted)

    def forget_seeds(self) -> None:
        """The bundle is written again from nothing."""
        self._wanted = {}

    def whole(self, bundle: Path) -> bool:
        """Whether the bundle holds exactly the fragments Pagefind counted, none copied that it did not want and
        none under a name that another page's fragment may have needed (a collision of short names)."""
        try:
            entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
            pages = sum(language["page_count"] for language in entry["languages"].values())
            names = [path.name.removesuffix(SUFFIX) for path in (bundle / FRAGMENTS).iterdir()]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return False
        return pages == len(names) and not (collided(names) & self._wanted.keys())

    def keep(self, bundle: Path) -> None:
        """Keep this build's fragments for the next one; forget those of pages gone or changed."""
        kept: dict[str, tuple[str, str, int]] = {}
        twice: set[str] = set()  # an address with two fragments is not kept: which one is its own is unknown
        store = self.folder / FRAGMENTS
        store.mkdir(parents=True, exist_ok=True)
        paths = list((bundle / FRAGMENTS).iterdir())
        unsure = collided([path.name.removesuffix(SUFFIX) for path in paths])  # named by the order of pages
        for path in paths:
            name = path.name.removesuffix(SUFFIX)
            url = self._wanted.get(name) or _address(path)
            if url is None or url not in self._digests or not _NAME.fullmatch(name) or name in unsure:
                continue
            if name not in self._wanted:
                _copy_atomically(path, store / path.name)
            if url in kept:
                twice.add(url)
            kept[url] = (self._digests[url], name, path.stat().st_size)
        for url in twice:
            del kept[url]
        names = {name + SUFFIX for _, name, _ in kept.values()}
        for path in store.iterdir():
            if path.name not in names:
                path.unlink(missing_ok=True)
        write_atomically(self.folder / MANIFEST, json.dumps(kept, ensure_ascii=False).encode("utf-8"))
        self._kept, self._wanted = kept, {}

    def _read_manifest(self) -> dict[str, tuple[str, str, int]]:
        try:
            stored = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
            return {url: (digest, name, size) for url, (digest, name, size) in stored.items()
                    if isinstance(digest, str) and isinstance(name, str) and _NAME.fullmatch(name)
                    and isinstance(size, int)}
        except (OSError, ValueError, TypeError, AttributeError):
            return {}


def collided(names: list[str]) -> set[str]:
    """The names of which one begins another: Pagefind gave the first page with those digits the short name and
    lengthened the others'."""
    found: set[str] = set()
    shortest = None
    for name in sorted(names):  # a name that begins others comes before them, and so does everything between
        if shortest is not None and name.startswith(shortest):
            found.update((shortest, name))
        else:
            shortest = name
    return found


def _address(fragment: Path) -> str | None:
    """The page address a fragment file was written for."""
    try:
        content = gzip.decompress(fragment.read_bytes())
        url = json.loads(content.removeprefix(_PREFIX))["url"]
        return url if isinstance(url, str) else None
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        return None


def _copy_atomically(source: Path, target: Path) -> None:
    write_atomically(target, source.read_bytes())


def write_atomically(target: Path, data: bytes) -> None:
    """``data`` in ``target``, whole or not at all: a build stopped halfway leaves no cut file to be read later."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".search-")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, target)
