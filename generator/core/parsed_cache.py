"""Editors' YAML files as the last build parsed them, kept on disk and taken again while their text is the same.

Parsing is half the time of reading a site, and between two builds most files do not change. A file the fast
parser read without any problem is kept by the hash of its name, first line and text; the next build with the same
text takes its data without parsing (and checks it against the models as always). A file the parser had anything
to say about is parsed every time, so its messages are made fresh; a changed file is a new key.

The data is plain values (texts, numbers, lists, mappings), kept with `marshal`, Python's own format for them:
fast to read and it keeps every type the parser gives. The file carries a checksum: one cut short or damaged
is not read. Like the other kept files, it is used only where the plugin trusts its cache folder (git-ignored,
not a link: page_cache.py), and it is named after the code that parsed it.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import yaml

PREFIX = "parsed"  # the kind of file in `.cache/omo/` (page_cache.KINDS)
_HEADER = b"omo parsed yaml 1\n"
_DIGEST = hashlib.sha256().digest_size
MISSING = object()


def file_name(code: str) -> str:
    """The cache file of this generator's code (``code``: its digest), this PyYAML (with or without libyaml)
    and this Python (marshal's format is Python's own)."""
    parser = f"{code} {yaml.__version__} {yaml.__with_libyaml__} {sys.version}"
    return f"{PREFIX}-{hashlib.sha256(parser.encode()).hexdigest()[:24]}.marshal"


class ParsedFiles:
    """Parsed data by file; read from ``file`` when given, and written back by ``save``."""

    def __init__(self, file: Path | None = None):
        self._file = file
        self._kept: dict[bytes, bytes] = _read(file) if file is not None else {}
        self._used: dict[bytes, bytes] = {}  # what this reading of the site parsed or took

    @staticmethod
    def key(text: str, name: str, first_line: int) -> bytes:
        return hashlib.blake2b(f"{name}\0{first_line}\0{text}".encode(), digest_size=20).digest()

    def get(self, key: bytes) -> tuple[Any, bytes] | object:
        """The data kept under ``key`` as new objects (the reader may change them) and as kept, or ``MISSING``."""
        packed = self._kept.get(key)
        if packed is None:
            return MISSING
        try:
            data = marshal.loads(packed)
        except (EOFError, ValueError, TypeError):
            return MISSING
        self._used[key] = packed
        return data, packed

    def put(self, key: bytes, data: Any) -> bytes | None:
        """Data parsed cleanly; packed at once, before anything reads and changes it."""
        try:
            packed = marshal.dumps(data)
        except ValueError:  # not a plain value: parsed again next time
            return None
        self._used[key] = packed
        return packed

    def keep(self, key: bytes, packed: bytes) -> None:
        """Data this process parsed or took earlier (`mkdocs serve`, a second reading): still in use."""
        self._used[key] = packed

    def save(self) -> None:
        """What this reading used, in place of the file's content (files gone since are dropped)."""
        if self._file is None or self._used.keys() == self._kept.keys():
            return
        payload = marshal.dumps(self._used)
        temporary = None
        try:
            self._file.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self._file.parent, prefix=f".{PREFIX}-")
            with os.fdopen(handle, "wb") as out:
                out.write(_HEADER + hashlib.sha256(payload).digest() + payload)
            os.replace(temporary, self._file)
        except OSError:  # a read-only or full disk, a folder in the file's place: the next build parses again
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
            return
        self._kept = self._used


def _read(file: Path) -> dict[bytes, bytes]:
    try:
        if file.is_symlink() or not file.is_file():  # never through a link; a pipe would block the build
            return {}
        raw = file.read_bytes()
    except OSError:
        return {}
    start = len(_HEADER) + _DIGEST
    if not raw.startswith(_HEADER) or hashlib.sha256(raw[start:]).digest() != raw[len(_HEADER):start]:
        return {}
    try:
        kept = marshal.loads(raw[start:])
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(kept, dict):
        return {}
    return {key: value for key, value in kept.items() if isinstance(key, bytes) and isinstance(value, bytes)}


_CURRENT: ContextVar[ParsedFiles | None] = ContextVar("parsed_files", default=None)


@contextmanager
def kept_parsing(files: ParsedFiles) -> Iterator[None]:
    """While reading the site: parse_yaml takes and keeps data in ``files``; saved when the reading ends."""
    token = _CURRENT.set(files)
    try:
        yield
    finally:  # after problems too: the next build, once they are fixed, takes every other file
        _CURRENT.reset(token)
        files.save()


def current() -> ParsedFiles | None:
    return _CURRENT.get()
