"""Generated pages' Markdown kept between builds, made again only when what it was made from has changed.

A page template reads the site through ``site`` (core/site.py): its collections, its values and its methods.
While a page is rendered, every such read is noted with a digest of what it gave (``Reads``). The next build
takes the kept Markdown of a page when its template, its own values (the meeting, the practice…) and the
settings are the same and every noted read gives the same again: the practices of a district are asked for
once more and compared, not rendered into a page. An edit of one story makes again the pages that show it
(the story, the lists, the practice and the district it names), not the thousand pages that do not.

What cannot be compared is not kept: a read of something the site does not offer to templates
(``_NOT_NOTED``), an argument or a value of a kind this module cannot name or digest. Such a page is made in
every build, as before. Kept in ``.cache/omo/`` beside the kept articles (page_cache.py); what is read back
is only Markdown, which goes through Markdown and sanitizing like any page's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import zlib
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..core.load import Entry, Story
from ..core.site import DirectiveLine, DistrictReport, Site
from .render_cache import cache_stem

SUFFIX = ".source"
_VERSION = 1  # of the kept files' format


class Unnoted(Exception):
    """A read that cannot be compared in the next build: the page is made every time."""


class Reads:
    """What one page's template read from the site: (what was asked, digest of the answer), in order."""

    def __init__(self) -> None:
        self.items: list[tuple[Any, str]] = []
        self.comparable = True


class SourceMemo:
    """Kept pages' Markdown for one build: ``site`` as templates see it (``tracked``), and the kept files."""

    def __init__(self, folder: Path):
        """``folder``: named after the Markdown settings and the generator's code (page_cache.PageCache)."""
        self._folder = folder
        self._settings = ""  # the page writer's own options
        self.site: Site | None = None
        self.current: Reads | None = None
        self._answers: dict[Any, str] = {}  # digest of each read in this build, asked once
        self._named: dict[Any, str] = {}  # each read as it is written in the kept files (JSON)
        self._by_name: dict[str, str] = {}  # digest of each read as written, asked once
        self._entries: dict[int, tuple[Any, str]] = {}  # id -> (entry or record, digest): they live the whole build
        self._pending: list[tuple[Path, dict[str, Any]]] = []  # pages made, written by ``save``
        self.kept = self.made = 0

    def tracked(self, site: Site, settings: str) -> TrackedSite:
        """``site`` for the templates of a page writer with these options (``settings``)."""
        self.site, self._settings = site, settings
        self._answers, self._named, self._by_name, self._entries = {}, {}, {}, {}
        return TrackedSite(site, self)

    # A page ---------------------------------------------------------------------------------

    def page_key(self, template: str, src_uri: str, context: Mapping[str, Any]) -> str | None:
        """What a page is made from besides its reads; None if its values cannot be digested."""
        try:
            values = digest_of(sorted(context.items()), self._entries)
        except Unnoted:
            return None
        return hashlib.sha256("\0".join((self._settings, template, src_uri, values)).encode()).hexdigest()

    def kept_source(self, src_uri: str, key: str) -> tuple[str, tuple[str, ...]] | None:
        """The page's Markdown and HTML blocks as last made, if nothing it was made from has changed."""
        try:
            stored = json.loads(zlib.decompress(self._file(src_uri).read_bytes()))
            if stored.get("version") != _VERSION or stored.get("key") != key:
                return None
            names, digests = stored["reads"]
            source, blocks = stored["source"], tuple(stored["blocks"])
            if not isinstance(source, str) or not all(isinstance(block, str) for block in blocks):
                return None
            for name, digest in zip(names, digests, strict=True):
                answer = self._by_name.get(name)
                if answer is None:
                    answer = self._by_name[name] = self._answer(_frozen(json.loads(name)))
                if answer != digest:
                    return None
        except Exception:  # noqa: BLE001  # none yet, broken, or a read that cannot be asked again: made anew
            return None
        self.kept += 1
        return source, blocks

    def start(self) -> None:
        self.current = Reads()

    def abandon(self) -> None:
        """The page being made was not: nothing is noted for it."""
        self.current = None

    def finish(self, src_uri: str, key: str | None, source: str, blocks: tuple[str, ...]) -> None:
        """Keep a page just made, with what it read."""
        reads, self.current = self.current, None
        self.made += 1
        if key is None or reads is None or not reads.comparable:
            self._file(src_uri).unlink(missing_ok=True)  # a page that cannot be kept is made every time
            return
        try:
            names = [self._named.get(found) or self._named.setdefault(found, json.dumps(found, ensure_ascii=False))
                     for found, _ in reads.items]
        except (TypeError, ValueError):  # a read by a key JSON cannot write (a date): made every time
            self._file(src_uri).unlink(missing_ok=True)
            return
        self._pending.append((self._file(src_uri), {
            "version": _VERSION, "key": key, "reads": [names, [digest for _, digest in reads.items]],
            "source": source, "blocks": list(blocks)}))

    def save(self) -> None:
        """Write the pages made since the last call: at the end of a build, while it waits for the search index."""
        pending, self._pending = self._pending, []
        for path, stored in pending:
            _write(path, zlib.compress(json.dumps(stored, ensure_ascii=False).encode(), 1))

    def _file(self, src_uri: str) -> Path:
        return self._folder / (cache_stem(src_uri) + SUFFIX)

    # Reads --------------------------------------------------------------------------------------

    def note(self, found: tuple[Any, ...], value: Any) -> Any:
        """A template's read (``found``) and what the site said (``value``): its digest is noted for the page."""
        reads = self.current
        if reads is None or not reads.comparable:
            return value
        digest = self._answers.get(found)
        if digest is None:
            try:
                digest = self._answers[found] = digest_of(value, self._entries)
            except Unnoted:
                reads.comparable = False
                return value
        reads.items.append((found, digest))
        return value

    def note_all(self, name: str, mapping: dict[str, Any]) -> None:
        """A template went through a whole collection: every entry of it, digested once a build."""
        found = ("all", name)
        self.note(found, None if found in self._answers else list(mapping.items()))

    def _answer(self, found: tuple[Any, ...]) -> str:
        """The digest a read gives in this build (``found`` as noted), each asked once."""
        if found not in self._answers:
            self._answers[found] = digest_of(self._ask(found), self._entries)
        return self._answers[found]

    def _ask(self, found: tuple[Any, ...]) -> Any:
        site = self.site
        kind, name = found[0], found[1]
        if name.startswith("_") or name in _NOT_NOTED:
            raise Unnoted(name)
        if kind == "value":
            return getattr(site, name)
        if kind == "all":
            return list(getattr(site, name).items())
        if kind == "item":
            return getattr(site, name).get(found[2], _ABSENT)
        if kind == "call":
            args = [_resolve(site, arg) for arg in found[2]]
            kwargs = {key: _resolve(site, arg) for key, arg in found[3]}
            return _listed(getattr(site, name)(*args, **kwargs))
        raise Unnoted(kind)


_ABSENT = "\0absent"
# Site attributes a template may read that cannot be asked again in the next build by name: a folder, with
# which a template could do anything (it asks ``site.has_page`` instead).
_NOT_NOTED = frozenset({"docs"})


class TrackedSite:
    """``site`` as page templates see it: every read is noted for the page being rendered (``SourceMemo``)."""

    def __init__(self, site: Site, memo: SourceMemo):
        self._site = site
        self._memo = memo
        self._wrapped: dict[str, Any] = {}  # a method or a collection as templates get it, made once

    def __getattr__(self, name: str) -> Any:
        memo = self._memo
        if memo.current is None:
            return getattr(self._site, name)
        wrapped = self._wrapped.get(name)
        if wrapped is not None:
            return wrapped
        value = getattr(self._site, name)
        if name.startswith("_") or name in _NOT_NOTED:
            memo.current.comparable = False
            return value
        if callable(value):
            wrapped = self._wrapped[name] = partial(_call, memo, name, value)
            return wrapped
        if isinstance(value, dict):
            wrapped = self._wrapped[name] = TrackedMapping(memo, name, value)
            return wrapped
        return memo.note(("value", name), value)


def _call(memo: SourceMemo, name: str, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    value = method(*args, **kwargs)
    if memo.current is None:
        return value
    try:
        found = ("call", name, tuple(_name_of(arg) for arg in args),
                 tuple(sorted((key, _name_of(arg)) for key, arg in kwargs.items())) if kwargs else ())
    except Unnoted:
        memo.current.comparable = False
        return value
    return memo.note(found, _listed(value))


class TrackedMapping(Mapping[str, Any]):
    """One of the site's collections (``site.meetings``): a lookup notes one entry, going through notes all."""

    def __init__(self, memo: SourceMemo, name: str, mapping: dict[str, Any]):
        self._memo, self._name, self._mapping = memo, name, mapping

    def __getitem__(self, key: str) -> Any:
        value = self._memo.note(("item", self._name, key), self._mapping.get(key, _ABSENT))
        if value is _ABSENT:
            raise KeyError(key)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        value = self._memo.note(("item", self._name, key), self._mapping.get(key, _ABSENT))
        return default if value is _ABSENT else value

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        return self._memo.note(("item", self._name, key), self._mapping.get(key, _ABSENT)) is not _ABSENT

    def _all(self) -> dict[str, Any]:
        self._memo.note_all(self._name, self._mapping)
        return self._mapping

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def keys(self) -> Any:
        return self._all().keys()

    def values(self) -> Any:
        return self._all().values()

    def items(self) -> Any:
        return self._all().items()


def _listed(value: Any) -> Any:
    """A method's answer as a template uses it: a generator becomes a list (read once, digested once)."""
    return list(value) if isinstance(value, Iterator) else value


# Arguments: what a template passes to a method, named so that the next build can pass the same -------------

_COLLECTIONS = {"Meeting": "meetings", "Directive": "directives", "Practice": "practices", "Audience": "audiences",
                "Municipality": "municipalities", "Theme": "themes"}


def _name_of(arg: Any) -> Any:
    if isinstance(arg, bool):  # True == 1 as a key: told apart
        return ("b", arg)
    if arg is None or isinstance(arg, (str, int)):
        return ("v", arg)
    if isinstance(arg, DirectiveLine):
        return ("line", arg.meeting.id, arg.audience.id, arg.number)
    if isinstance(arg, DistrictReport):
        meeting_id = arg.report.id.split("/")[0]
        return ("report", meeting_id, arg.municipality.id, arg.anchor)
    if isinstance(arg, Entry) and not isinstance(arg, Story) and type(arg.data).__name__ in _COLLECTIONS:
        return ("entry", _COLLECTIONS[type(arg.data).__name__], arg.id)
    if isinstance(arg, (list, tuple)):
        return ("list", tuple(_name_of(item) for item in arg))
    raise Unnoted(type(arg).__name__)


def _resolve(site: Site, named: Any) -> Any:
    """The argument a name stands for in this build's site (``Unnoted`` if it is gone)."""
    kind = named[0]
    if kind in ("v", "b"):
        return named[1]
    if kind == "list":
        return [_resolve(site, item) for item in named[1]]
    if kind == "entry":
        found = getattr(site, named[1]).get(named[2])
    elif kind == "line":
        found = _line(site, named[1], named[2], named[3])
    elif kind == "report":
        line = _line(site, named[1], *named[3].rsplit("-", 1))
        found = site.district_report(line, named[2]) if line is not None else None
    else:
        found = None
    if found is None:
        raise Unnoted(str(named))
    return found


def _line(site: Site, meeting_id: str, audience_id: str, number: Any) -> DirectiveLine | None:
    for line in site.directive_lines(meeting_id):
        if line.audience.id == audience_id and line.number == int(number):
            return line
    return None


def _frozen(value: Any) -> Any:
    """A read as noted, back from JSON: lists as tuples (hashable keys), as ``_name_of`` and ``_call`` make them."""
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    return value


# Digests ----------------------------------------------------------------------------------------

def digest_of(value: Any, known: dict[int, tuple[Any, str]]) -> str:
    """A digest of everything in ``value`` a template could print; ``Unnoted`` for a kind not known here.
    ``known``: digests of entries and records of this build, by identity."""
    parts: list[str] = []
    _parts(value, parts, known)
    # 128 bits: two values with one digest would keep a page made from the first, and an editor can write both
    # (2**64 tries find two values with one 128-bit digest; 2**32 sufficed for 64 bits).
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


_PLAIN = (bool, int, float, dt.date, type(None))
_fields: dict[type, tuple[str, ...]] = {}  # a dataclass's field names, by its type


def _parts(value: Any, out: list[str], known: dict[int, tuple[Any, str]]) -> None:
    if isinstance(value, str):  # Markup too; its length first, so that no text can look like two parts
        out.append(f"s{len(value)}:{value}")
    elif isinstance(value, _PLAIN):
        out.append(f"{type(value).__name__}:{value!r}")
    elif isinstance(value, Entry):
        out.append("E" + _entry_digest(value, known))
    elif isinstance(value, BaseModel):
        out.append("M" + _record_digest(value, known))
    elif isinstance(value, (list, tuple)):
        out.append(f"L{len(value)}")
        for item in value:
            _parts(item, out, known)
    elif isinstance(value, dict):
        out.append(f"H{len(value)}")
        for key, item in value.items():
            _parts(key, out, known)
            _parts(item, out, known)
    elif isinstance(value, (set, frozenset)):
        out.append(f"S{len(value)}")
        out.extend(sorted(digest_of(item, known) for item in value))
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _fields.get(type(value))
        if names is None:
            names = _fields[type(value)] = tuple(item.name for item in dataclasses.fields(value))
        out.append("D" + type(value).__name__)
        for name in names:
            _parts(getattr(value, name), out, known)
    else:
        raise Unnoted(type(value).__name__)


def _record_digest(record: BaseModel, known: dict[int, tuple[Any, str]]) -> str:
    return _once(record, known, lambda: f"{type(record).__name__}\0".encode() + record.model_dump_json().encode())


def _entry_digest(entry: Entry, known: dict[int, tuple[Any, str]]) -> str:
    def content() -> bytes:
        head = f"{type(entry).__name__}\0{entry.id}\0{entry.path}\0{entry.loc!r}\0".encode()
        body = b"\0" + entry.body.encode() if isinstance(entry, Story) else b""
        return head + entry.data.model_dump_json().encode() + body

    return _once(entry, known, content)


def _once(value: Any, known: dict[int, tuple[Any, str]], content: Callable[[], bytes]) -> str:
    """An entry's or a record's digest, made once a build: they live the whole build, and ``known`` holds each
    one, so its identity is not given to another object meanwhile."""
    kept = known.get(id(value))
    if kept is not None and kept[0] is value:
        return kept[1]
    found = hashlib.sha256(content()).hexdigest()[:32]  # 128 bits, as digest_of
    known[id(value)] = (value, found)
    return found


def _write(path: Path, data: bytes) -> None:
    # Written in place: a file cut short by a stopped build does not decompress, and its page is made anew.
    try:
        path.write_bytes(data)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
