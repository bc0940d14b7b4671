"""Which files under content/ and data/ may be read or published.

Editors' files are untrusted (DESIGN.md, principle 4). A file is read or published only when it is a regular file
inside the project, reached without symbolic links. A file that MkDocs copies into the site must also be of a type
on the allow-list, and its content, not only its name, must be of the type its extension says: a browser trusts
what the site's own origin serves. SVG is XML that a browser runs, so it is parsed safely and refused (not
rewritten: nothing is lost without the editor being told) when it holds anything active or external.
"""

from __future__ import annotations

import os
import re
import stat
import struct
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError
from PIL import Image

from .errors import Problem
from .picture_metadata import KINDS, MOST_SCANS, too_many_scans, without_metadata

# Names the editors' operating systems and programs leave behind: never read, never published, never reported.
_LITTER_NAMES = frozenset({"thumbs.db", "ehthumbs.db", "desktop.ini"})
_LITTER_SUFFIXES = ("~", ".swp", ".swo", ".tmp")
# Pages (``mkdocs.utils.markdown_extensions``, in any case: their names and text are checked where they are read);
# MkDocs copies every other file verbatim.
_MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")


_ADDED_TXT = re.compile(r"^(.+)\.(md|markdown|yml|yaml)\.txt$", re.IGNORECASE)


def notepad_name(name: str) -> str | None:
    """The name meant for a file Notepad saved with «.txt» added (``kviz.yml.txt``: Explorer shows ``kviz.yml``)."""
    found = _ADDED_TXT.match(name)
    return f"{found[1]}.{found[2].lower()}" if found else None


def notepad_message(meant: str) -> str:
    return (f"Блокнот добавил к имени файла «.txt» (в Проводнике это окончание часто не видно): переименуйте файл "
            f"в {meant}; сохраняя в Блокноте, выбирайте тип файла «Все файлы»")


def is_litter(name: str) -> bool:
    """Editor and OS litter (``.DS_Store``, ``~$x.docx``, ``.~lock.x#``, ``x.md~``, any dot-file or dot-folder)."""
    lower = name.lower()
    return (name.startswith((".", "~$")) or lower in _LITTER_NAMES or lower.endswith(_LITTER_SUFFIXES))


# Links ----------------------------------------------------------------------

_LINK_TAGS = (0xA0000003, 0xA000000C)  # IO_REPARSE_TAG_MOUNT_POINT (a junction), IO_REPARSE_TAG_SYMLINK


def _is_link(path: Path | str) -> bool:
    """A symbolic link, or on Windows a junction (a reparse point that leads elsewhere; not a OneDrive file)."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if stat.S_ISLNK(info.st_mode):
        return True
    return getattr(info, "st_reparse_tag", 0) in _LINK_TAGS


@lru_cache(maxsize=8)
def _real(project: str) -> str:
    """The project folder's own real path: asked for every file, the same for all of them."""
    return os.path.realpath(project)


def link_problem(path: Path, project: Path) -> str | None:
    """Why ``path`` may not be read: it, or a folder on the way to it from ``project``, is a link, or it lies outside.

    ``path`` need not exist: a missing file is no link problem (its reference reports it).
    """
    project = Path(os.path.abspath(project))
    path = Path(os.path.abspath(path))  # ".." collapsed by the text; links on the way are checked below
    if not path.is_relative_to(project):
        return "файл вне папки проекта: сайт читает и публикует только файлы внутри проекта"
    current = os.fspath(project)
    for part in path.relative_to(project).parts:
        current = os.path.join(current, part)  # text, not Path: this runs for every file of the site
        if _is_link(current):
            current = Path(current)
            if current == path and not os.path.isdir(path):
                return ("символическая ссылка, а не файл: сайт берёт только файлы, лежащие в самом проекте; "
                        "положите в папку сам файл")
            if current == path:
                return ("символическая ссылка на папку: сайт берёт только файлы, лежащие в самом проекте; "
                        "положите сюда саму папку с файлами, а не ссылку на неё")
            folder = current.relative_to(project).as_posix()
            return (f"символическая ссылка: папка {folder} — ссылка на другую папку; "
                    "положите в папку сам файл, а не ссылку")
    if os.path.lexists(path) and not Path(os.path.realpath(path)).is_relative_to(_real(os.fspath(project))):
        return "файл ведёт за пределы папки проекта: положите в папку сам файл"
    return None


# Types ----------------------------------------------------------------------

@dataclass(frozen=True)
class _Type:
    label: str  # as editors know it
    extensions: tuple[str, ...]


_TYPES = {
    "pdf": _Type("PDF", (".pdf",)),
    "docx": _Type("DOCX", (".docx",)),
    "xlsx": _Type("XLSX", (".xlsx",)),
    "pptx": _Type("PPTX", (".pptx",)),
    "odt": _Type("ODT", (".odt",)),
    "ods": _Type("ODS", (".ods",)),
    "odp": _Type("ODP", (".odp",)),
    # Word, Excel and PowerPoint 97–2003: schools still save in them. Readers download them (browsers do not run
    # them), and files with macros are refused like DOCM, so they are no more active than DOCX.
    "doc": _Type("DOC", (".doc",)),
    "xls": _Type("XLS", (".xls",)),
    "ppt": _Type("PPT", (".ppt",)),
    "jpeg": _Type("JPEG", (".jpg", ".jpeg")),
    "png": _Type("PNG", (".png",)),
    "webp": _Type("WebP", (".webp",)),
    "gif": _Type("GIF", (".gif",)),
    "svg": _Type("SVG", (".svg",)),
    "mp3": _Type("MP3", (".mp3",)),
    "mp4": _Type("MP4", (".mp4",)),
}
_BY_EXTENSION = {extension: key for key, kind in _TYPES.items() for extension in kind.extensions}
_IMAGES = ("jpeg", "png", "webp", "gif", "svg")
_MATERIALS = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "doc", "xls", "ppt", *_IMAGES, "mp3", "mp4")
_ALLOWED = {"material": _MATERIALS, "image": _IMAGES, "any": _MATERIALS}


def upload_extensions(kind: str) -> list[str]:
    """Name endings of the types published as ``kind`` ("material" or "image"), for the browser editor's forms."""
    return sorted({ext.lstrip(".") for key in _ALLOWED[kind] for ext in _TYPES[key].extensions})


def upload_hint(kind: str) -> str:
    return "Можно загрузить " + ", ".join(_TYPES[key].label for key in _ALLOWED[kind])


def _allowed(kind: str) -> str:
    labels = [_TYPES[key].label for key in _ALLOWED[kind]]
    listed = f"{', '.join(labels[:-1])} или {labels[-1]}"
    if kind == "image":
        return f"картинки — {listed}"
    if kind == "material":
        return f"материалы — {listed}"
    return f"кроме страниц .md, на сайт попадают только файлы {listed}"


@dataclass(frozen=True)
class _Found:
    """What a file is by its content: one of ``_TYPES`` (``key``) or only a description."""

    description: str
    key: str | None = None
    refusal: str | None = None  # the right type, but with something active inside
    text: bool = False  # text of no known kind: an SVG check tells more


def asset_problem(path: Path, kind: str) -> str | None:
    """Why the file ``path`` may not be published as ``kind``: "material", "image" or "any" (a file no record names).

    The extension must be on the allow-list of ``kind`` and the content must be of the type the extension says.
    The last part of ``path`` is not followed if it is a link (``link_problem`` tells about links).
    """
    if kind not in _ALLOWED:
        raise ValueError(f"unknown kind of file: {kind}")
    suffix = path.suffix.lower()
    key = _BY_EXTENSION.get(suffix)
    if key is None:
        what = f"файлы {suffix}" if suffix else "файлы без расширения"
        return f"{what} не публикуются: {_allowed(kind)}"
    expected = _TYPES[key].label
    if key not in _ALLOWED[kind]:
        return f"здесь нужна картинка, а {expected} — не картинка: {_allowed(kind)}"
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            return "это не обычный файл: положите в папку сам файл"
        if info.st_size == 0:
            return "файл пуст: загрузите его заново"
        found = _sniff(path)
        if key == "svg" and (found.key == "svg" or found.text):
            return _svg_problem(path)
    except OSError:
        return "файл не удалось прочитать: сохраните его заново"
    if found.key != key:
        if found.key in _ALLOWED[kind] and found.refusal is None:
            advice = f"переименуйте файл: его расширение {_TYPES[found.key].extensions[0]}"
        else:
            advice = f"сохраните его заново как {expected}; {_allowed(kind)}"
        return f"файл не похож на {expected}: по содержимому это {found.description}; {advice}"
    if found.refusal:
        return found.refusal
    return _picture_problem(path) if key in _RASTER else None


_RASTER = ("jpeg", "png", "webp", "gif")
BROKEN_PICTURE = "картинку не удалось прочитать: она повреждена или сохранена не до конца; сохраните её заново"
MOST_PIXELS = 120_000_000  # a 108-megapixel phone's photo passes; more is a slip or a decompression bomb
# PNG and WebP are decoded whole (a JPEG at a smaller scale): 120 million points of a 4.6 KB WebP took 2.5 GB.
MOST_PIXELS_WHOLE = 40_000_000
# What was found in each picture while it is unchanged (path, time, size): a picture is read whole, and every
# build and every rebuild of `mkdocs serve` checks every one, some twice (as a published file and as referenced).
_FOUND: dict[tuple[str, int, int], str | None] = {}


def _picture_problem(path: Path) -> str | None:
    info = path.stat()
    key = (os.fspath(path), info.st_mtime_ns, info.st_size)
    if key not in _FOUND:
        _FOUND[key] = _read_picture_problem(path)
    return _FOUND[key]


def _read_picture_problem(path: Path) -> str | None:
    """A picture whose header Pillow cannot read (the site makes pictures lighter, ``outputs/pictures.py``), too
    large to open, of too many scans, or whose parts do not read."""
    kind = KINDS.get(path.suffix.lower())
    most = MOST_PIXELS if kind == "JPEG" else MOST_PIXELS_WHOLE
    too_large = ("картинка {size}слишком велика: в ней больше {most} миллионов точек, браузер читателя может её не "
                 "открыть; уменьшите её (1600 точек по длинной стороне достаточно)")
    try:
        with warnings.catch_warnings():
            # Pillow's bomb warning (the bound is ours, below) and its English words on a camera's odd EXIF
            warnings.simplefilter("ignore")
            with Image.open(path) as picture:
                width, height = picture.size
    except Image.DecompressionBombError:
        return too_large.format(size="", most=most // 1_000_000)
    except (OSError, SyntaxError, ValueError):
        return BROKEN_PICTURE
    if width * height > most:
        return too_large.format(size=f"{width}×{height} точек ", most=most // 1_000_000)
    if kind is None:
        return None
    data = path.read_bytes()
    if (scans := too_many_scans(data, kind)) is not None:
        return (f"в картинке JPEG {scans} проходов прорисовки, можно не больше {MOST_SCANS}: такую сайт "
                "обрабатывал бы минуты; сохраните её заново обычным JPEG (не «прогрессивным»)")
    # The site takes the camera's data (the place a photo was taken among it) out of the file's parts: a file
    # whose parts do not read would be published with it.
    return BROKEN_PICTURE if without_metadata(data, kind) is None else None


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SIGNATURES = (  # things that are never published, named for the editor
    (b"MZ", "программа Windows (EXE)"),
    (b"\x7fELF", "программа"),
    (b"Rar!\x1a\x07", "архив RAR"),
    (b"7z\xbc\xaf\x27\x1c", "архив 7z"),
    (b"\x1f\x8b", "сжатый файл (gzip, например SVGZ)"),
    (b"FWS", "ролик Flash (SWF)"),
    (b"CWS", "ролик Flash (SWF)"),
    (b"ZWS", "ролик Flash (SWF)"),
    (b"{\\rtf", "документ RTF"),
    (b"%!PS", "файл PostScript"),
    (b"BM", "картинка BMP"),
    (b"II*\x00", "картинка TIFF"),
    (b"MM\x00*", "картинка TIFF"),
    (b"OggS", "файл Ogg"),
    (b"fLaC", "звук FLAC"),
    (b"\x1aE\xdf\xa3", "видео WebM или MKV"),
)
_HTML = re.compile(rb"<(?:!doctype\s+html|html|head|body|script|iframe|meta|title|div|p|a|form)[\s>/]")
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_STILL_BRANDS = {b"heic", b"heix", b"hevc", b"mif1", b"msf1", b"avif", b"avis"}


def _sniff(path: Path) -> _Found:
    with open(path, "rb") as stream:
        head = stream.read(4096)
    if head.startswith(b"%PDF-"):
        return _Found("PDF", "pdf")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _Found("картинка PNG", "png")
    if head.startswith(b"\xff\xd8\xff"):
        return _Found("картинка JPEG", "jpeg")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return _Found("картинка GIF", "gif")
    if head[:4] == b"RIFF":
        form = head[8:12]
        if form == b"WEBP":
            return _Found("картинка WebP", "webp")
        return _Found({b"AVI ": "видео AVI", b"WAVE": "звук WAV"}.get(form, "файл RIFF"))
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _STILL_BRANDS:
            return _Found("картинка HEIC или AVIF")
        if brand == b"qt  ":
            return _Found("видео QuickTime (MOV)")
        return _Found("видео MP4", "mp4")
    if head.startswith(b"ID3") or _mpeg_audio(head):
        return _Found("звук MP3", "mp3")
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(path)
    if head.startswith(_OLE):
        return _sniff_ole(path)
    for signature, description in _SIGNATURES:
        if head.startswith(signature):
            return _Found(description)
    return _sniff_text(head)


def _mpeg_audio(head: bytes) -> bool:
    """An MPEG audio frame header: sync bits, a known version and layer, a valid bit rate."""
    if len(head) < 3 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer, rate = (head[1] >> 3) & 3, (head[1] >> 1) & 3, head[2] >> 4
    return version != 1 and layer != 0 and rate not in (0, 15)


def _sniff_text(head: bytes) -> _Found:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", "ignore").encode("utf-8")
    if _CONTROL.search(head):
        return _Found("файл неизвестного формата")
    lower = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<svg" in lower and b"<html" not in lower:
        return _Found("картинка SVG", "svg")
    if _HTML.search(lower):
        return _Found("HTML-страница")
    if lower.startswith(b"<"):
        return _Found("XML-файл", text=True)
    return _Found("текстовый файл", text=True)


# Office documents -------------------------------------------------------------

_OOXML = {  # main part content type -> (type, description when it is not that type)
    b"wordprocessingml.document.main+xml": ("docx", ""),
    b"spreadsheetml.sheet.main+xml": ("xlsx", ""),
    b"presentationml.presentation.main+xml": ("pptx", ""),
    b"ms-word.document.macroenabled.main+xml": (None, "документ Word с макросами (DOCM)"),
    b"ms-excel.sheet.macroenabled.main+xml": (None, "таблица Excel с макросами (XLSM)"),
    b"ms-powerpoint.presentation.macroenabled.main+xml": (None, "презентация PowerPoint с макросами (PPTM)"),
    b"wordprocessingml.template.main+xml": (None, "шаблон Word (DOTX)"),
    b"spreadsheetml.template.main+xml": (None, "шаблон Excel (XLTX)"),
    b"presentationml.slideshow.main+xml": (None, "демонстрация PowerPoint (PPSX)"),
    b"presentationml.template.main+xml": (None, "шаблон PowerPoint (POTX)"),
}
_ODF = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
_OTHER_ZIPS = {
    "application/epub+zip": "электронная книга EPUB",
    "application/vnd.oasis.opendocument.graphics": "рисунок ODG",
}
_MACROS = "{label} с макросами не публикуется: сохраните его без макросов или в PDF"


def _member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    with archive.open(name) as member:
        return member.read(limit)


def _sniff_zip(path: Path) -> _Found:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mime = _member(archive, "mimetype", 200).decode("ascii", "replace").strip()
                key = _ODF.get(mime)
                if key is None:
                    return _Found(_OTHER_ZIPS.get(mime, "ZIP-архив"))
                macros = any(name.startswith(("Basic/", "Scripts/")) for name in names)
                return _Found(_TYPES[key].label, key, _MACROS.format(label=_TYPES[key].label) if macros else None)
            if "[Content_Types].xml" in names:
                types = _member(archive, "[Content_Types].xml", 1 << 20).lower()
                macros = any(name.lower().endswith("vbaproject.bin") for name in names)
                for content_type, (key, description) in _OOXML.items():
                    if content_type in types:
                        if key is None:
                            return _Found(description)
                        label = _TYPES[key].label
                        return _Found(label, key, _MACROS.format(label=label) if macros else None)
                return _Found("документ Office неизвестного вида")
            return _Found("ZIP-архив")
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError, ValueError):
        return _Found("повреждённый или зашифрованный ZIP-архив")


def _sniff_ole(path: Path) -> _Found:
    """Word, Excel and PowerPoint 97–2003 files are OLE compound files: their streams say which they are."""
    try:
        names = _ole_names(path)
    except (ValueError, struct.error):
        return _Found("повреждённый документ Office старого формата")
    if "EncryptedPackage" in names:
        return _Found("документ Office, защищённый паролем")
    for stream_name, key in (("WordDocument", "doc"), ("Workbook", "xls"), ("Book", "xls"),
                             ("PowerPoint Document", "ppt")):
        if stream_name in names:
            label = _TYPES[key].label
            macros = names & {"Macros", "_VBA_PROJECT_CUR", "_VBA_PROJECT", "VBA"}
            return _Found(label, key, _MACROS.format(label=label) if macros else None)
    return _Found("файл старого формата Microsoft (OLE), но не DOC, XLS или PPT")


_FREE = 0xFFFFFFFA  # this and above: end of chain, free or special sectors


def _ole_names(path: Path) -> set[str]:
    """Names of the storages and streams of a compound file ([MS-CFB]), reading only its FAT and directory."""
    names: set[str] = set()
    with open(path, "rb") as stream:
        header = stream.read(512)
        shift = struct.unpack_from("<H", header, 0x1E)[0]
        if shift not in (9, 12):
            raise ValueError("sector size")
        size = 1 << shift
        count = (os.fstat(stream.fileno()).st_size - size) // size  # sectors after the header

        def sector(number: int) -> bytes:
            if number >= count:
                raise ValueError("sector out of file")
            stream.seek((number + 1) * size)
            return stream.read(size)

        fat_count, first_directory = struct.unpack_from("<II", header, 0x2C)
        next_difat = struct.unpack_from("<I", header, 0x44)[0]
        difat = list(struct.unpack_from("<109I", header, 0x4C))
        for _ in range(count):
            if next_difat >= _FREE:
                break
            entries = struct.unpack(f"<{size // 4}I", sector(next_difat))
            difat += entries[:-1]
            next_difat = entries[-1]
        fat: list[int] = []
        for number in [n for n in difat if n < _FREE][:fat_count]:
            fat += struct.unpack(f"<{size // 4}I", sector(number))
        current, seen = first_directory, set()
        while current < _FREE:
            if current in seen or current >= len(fat):
                raise ValueError("broken directory chain")
            seen.add(current)
            data = sector(current)
            for offset in range(0, size, 128):
                length = struct.unpack_from("<H", data, offset + 0x40)[0]
                if data[offset + 0x42] in (1, 2, 5) and 2 <= length <= 64:
                    names.add(data[offset:offset + length - 2].decode("utf-16-le", "replace"))
            current = fat[current]
    return names


# SVG ------------------------------------------------------------------------

_SVG_ADVICE = "уберите это из файла или сохраните картинку как PNG"
_EMBEDS = {"iframe", "embed", "object", "frame", "frameset", "applet"}
_LOADERS = {"link", "meta", "base"}
_ANIMATIONS = {"animate", "set", "animatemotion", "animatetransform", "animatecolor"}
_LOCAL_OR_IMAGE = re.compile(r"#|data:image/(?:png|jpe?g|webp|gif)[;,]")
_URL = re.compile(r"url\(([^)]*)", re.IGNORECASE)
_ACTIVE_CSS = ("@import", "expression(", "behavior:", "-moz-binding", "javascript:")
# CSS functions that load an address written as a string, without url(…).
_STRING_LOADERS = ("image-set(", "image(", "src(", "cross-fade(")
_SVG_NAMESPACE = "http://www.w3.org/2000/svg"
# Elements of these namespaces are live inside an SVG opened as a page (an HTML form, <img srcset>, MathML links);
# those of other namespaces (Inkscape's, RDF metadata) are inert.
_LIVE_NAMESPACES = {"http://www.w3.org/1999/xhtml": "HTML", "http://www.w3.org/1998/Math/MathML": "MathML"}
_INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f]+")


class _Refused(Exception):
    """An SVG holds something active or external: the reason, in Russian."""


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def _shown(value: str) -> str:
    value = "".join(c if c.isprintable() else f"U+{ord(c):04X}" for c in value)
    return value if len(value) <= 60 else value[:57] + "…"


def _css_problem(css: str) -> str | None:
    compact = _INVISIBLE.sub("", css).lower()
    if "\\" in css:
        return "в стиле есть обратная косая черта «\\» (так прячут активный код)"
    for active in _ACTIVE_CSS:
        if active in compact:
            return f"стиль подключает внешний или активный код ({active.rstrip('(:')})"
    for loader in _STRING_LOADERS:
        if loader in compact:
            return f"стиль загружает внешний ресурс ({loader}…)): допускаются только ссылки внутри файла, url(#…)"
    if any(not url.strip().strip("'\"").strip().startswith("#") for url in _URL.findall(css)):
        return "стиль загружает внешний ресурс url(…): допускаются только ссылки внутри файла, url(#…)"
    return None


class _SvgCheck:
    """The parser's target: stops the parse at the first thing an SVG must not hold."""

    def __init__(self) -> None:
        self.root: str | None = None
        self.style: list[str] | None = None  # text of the open <style>

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        name = _local(tag)
        namespace = tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
        if self.root is None:
            self.root = name
            if name != "svg" or namespace not in (_SVG_NAMESPACE, ""):
                raise _Refused("HTML-страница" if name == "html" else f"XML-файл с элементом <{name}>, а не SVG")
        if namespace in _LIVE_NAMESPACES:
            raise _Refused(f"в файле есть элемент {_LIVE_NAMESPACES[namespace]} <{name}>")
        if name in ("script", "handler", "listener"):
            raise _Refused(f"в файле есть скрипт (<{name}>)")
        if name == "foreignobject":
            raise _Refused("в файле есть вставка HTML (<foreignObject>)")
        if name in _EMBEDS:
            raise _Refused(f"в файле есть встроенный объект (<{name}>)")
        if name in _LOADERS:
            raise _Refused(f"элемент <{name}> подключает внешний ресурс")
        for attribute, value in attrib.items():
            self._attribute(name, _local(attribute), value)
        if name == "style":
            self.style = []

    def _attribute(self, element: str, name: str, value: str) -> None:
        compact = _INVISIBLE.sub("", value).lower()
        if name.startswith("on"):
            raise _Refused(f"у элемента <{element}> есть обработчик события {name}")
        if "javascript:" in compact or "vbscript:" in compact:
            raise _Refused(f"ссылка javascript: у элемента <{element}>")
        if name in ("href", "src") and not _LOCAL_OR_IMAGE.match(compact):
            raise _Refused(f"ссылка на внешний файл или сайт «{_shown(value.strip())}»: в SVG допускаются только "
                           "ссылки внутри файла (#…) и встроенные картинки PNG, JPEG, WebP, GIF")
        if element in _ANIMATIONS and name == "attributename" and (_local(compact) in ("href", "src")
                                                                   or _local(compact).startswith("on")):
            raise _Refused(f"анимация <{element}> меняет {_local(compact)}")
        loads = ("url(", "expression(", *_STRING_LOADERS)
        css = _css_problem(value) if name == "style" or any(loader in compact for loader in loads) else None
        if css:
            raise _Refused(css)

    def end(self, tag: str) -> None:
        if self.style is not None and _local(tag) == "style":
            problem = _css_problem("".join(self.style))
            if problem:
                raise _Refused(problem)
            self.style = None

    def data(self, text: str) -> None:
        if self.style is not None:
            self.style.append(text)

    def pi(self, target: str, text: str) -> None:
        raise _Refused(f"в файле есть инструкция <?{_shown(target)} …?> (например, подключение стиля)")

    def close(self) -> None:
        if self.root is None:
            raise _Refused("в файле нет картинки SVG")


def _svg_problem(path: Path) -> str | None:
    raw = path.read_bytes()
    if b"javascript:" in re.sub(rb"[\s\x00-\x1f]+", b"", raw).lower():
        return f"SVG не публикуется: в файле есть ссылка javascript:; {_SVG_ADVICE}"
    parser = DefusedXMLParser(target=_SvgCheck(), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(raw)
        parser.close()
    except _Refused as refused:
        reason = str(refused)
        if reason == "HTML-страница" or reason.startswith("XML-файл"):
            return f"файл не похож на SVG: по содержимому это {reason}; {_allowed('image')}"
        return f"SVG не публикуется: {reason}; {_SVG_ADVICE}"
    except DefusedXmlException:
        return ("SVG не публикуется: в файле есть объявление <!DOCTYPE …> или <!ENTITY …>; удалите его "
                "(в Inkscape: «Сохранить как» → «Простой SVG»)")
    except ParseError as error:
        line = error.position[0] if error.position else 0
        return (f"файл SVG повреждён: это не правильный XML (ошибка в строке {line}); "
                "откройте его в графическом редакторе и сохраните заново")
    return None


# The walk -------------------------------------------------------------------

def _walk(folder: Path) -> Iterator[Path]:
    """Every file and link under ``folder``, sorted, without litter; links to folders are listed, not entered."""
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            continue
        subfolders = []
        for entry in entries:
            if is_litter(entry.name):
                continue
            path = Path(entry.path)
            if entry.is_dir(follow_symlinks=False) and not _is_link(path):
                subfolders.append(path)
            else:
                yield path
        pending.extend(reversed(subfolders))


def _name(path: Path, project: Path) -> str:
    try:
        return path.relative_to(project).as_posix()
    except ValueError:
        return path.as_posix()


# In an address these mean something else (a part of the page, a query, an escaped character): a file named with
# one would be published, but a link to it would lead elsewhere.
_ADDRESS_SIGNS = "#?%"


def _address_problem(relative: Path) -> str | None:
    """Why a published file's name cannot be its address: not UTF-8 (git keeps any bytes) or an address sign."""
    name = relative.as_posix()
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "имя файла или папки записано не в кодировке UTF-8 и не может быть адресом на сайте: переименуйте его"
    signs = [sign for sign in _ADDRESS_SIGNS if sign in name]
    if signs:
        fixed = "/".join("".join(c for c in part if c not in _ADDRESS_SIGNS) or "fail" for part in relative.parts)
        shown = ", ".join(f"«{sign}»" for sign in signs)
        return (f"знак {shown} в имени файла или папки в адресе значит другое, и ссылка на файл не откроется: "
                f"переименуйте в {fixed}")
    return None


def published_file_problems(project: Path, docs: Path, data: Path) -> list[Problem]:
    """Problems with the files MkDocs would publish from ``docs`` and with links anywhere in ``docs`` and ``data``.

    Every file in ``docs`` that is not a Markdown page must be of an allowed type; no file or folder in either may
    be a link. Litter is skipped without a word (the plugin keeps it out of the site).
    """
    problems: list[Problem] = []
    for folder, published in ((docs, True), (data, False)):
        if not os.path.lexists(folder):
            continue
        problem = link_problem(folder, project)
        if problem is not None:
            problems.append(Problem(_name(folder, project), 0, "", problem))
            continue
        for path in _walk(folder):
            # The walk enters no linked folder, and the top one was checked: only the file itself may be a link.
            problem = link_problem(path, project) if _is_link(path) else None
            meant = notepad_name(path.name)
            # The one message for it (no other check reads it), unless a published file of that name would be
            # refused too («files/x.yml.txt»): then the type's message.
            if problem is None and meant is not None and (not published or meant.endswith((".md", ".markdown"))):
                problem = notepad_message(meant)
            elif problem is None and published and path.suffix.lower() not in _MARKDOWN_SUFFIXES:
                problem = _address_problem(path.relative_to(folder)) or asset_problem(path, "any")
            if problem is not None:
                problems.append(Problem(_name(path, project), 0, "", problem))
    return problems


__all__ = ["asset_problem", "is_litter", "link_problem", "notepad_name", "published_file_problems"]
