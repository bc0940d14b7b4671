"""Pictures as readers get them: no larger than a screen needs, without what the camera wrote into them.

Editors put photos from their phones into ``content/images/``: 4,000 points wide and 5 MB each, 30 MB at worst,
with the camera's EXIF in them, the place where the photo was taken among it (photos of school events, of
children). A reader on a phone in a village waits minutes for a page. Each JPEG, PNG or WebP picture is published
at most ``MOST_SIDE`` points on its longer side, turned as the camera meant (EXIF orientation), and without EXIF
and XMP; its colour profile is kept. A picture that needs no resizing or turning keeps its bytes: only the
metadata is taken out of its file (``picture_metadata.py``: a lossless WebP stays lossless), and so it is for an
animated one and one Pillow cannot decode. A picture with nothing to take out is published as it is, byte for
byte (the check refuses what is not a picture at all, ``core/uploads.py``).
"""

from __future__ import annotations

import hashlib
import io
import warnings
from pathlib import Path

from PIL import Image, ImageOps

from ..core import picture_metadata as metadata_module
from ..core.picture_metadata import KINDS, too_many_scans, without_metadata
from .search_cache import write_atomically

MOST_SIDE = 1600  # points: twice the text column of a page, for screens with two pixels per point
JPEG_QUALITY = 85
ORIENTATION = 0x0112  # the EXIF tag of how the camera was held
SUFFIXES = KINDS
_AS_IS = b""  # what the cache keeps for a picture published as it is
# The cache folder's name: the settings, Pillow's version, and the code of this module and of the one that reads
# a picture's parts (a fix in either makes every picture anew, not only new ones).
_CODE = hashlib.sha256(Path(__file__).read_bytes() + Path(metadata_module.__file__).read_bytes()).hexdigest()
VERSION = f"{MOST_SIDE}-{JPEG_QUALITY}-pillow{Image.__version__}-{_CODE}"


def folder_name() -> str:
    """The folder of ``.cache/omo`` with pictures made by these settings and this Pillow."""
    return "pictures-" + hashlib.sha256(VERSION.encode()).hexdigest()[:16]


def lighter(data: bytes, suffix: str) -> bytes | None:
    """The bytes to publish for a picture of this ``suffix``, or None when it is published as it is."""
    kind = SUFFIXES.get(suffix.lower())
    if kind is None:
        return None
    try:
        with warnings.catch_warnings():
            # Up to the check's bound (uploads.MOST_PIXELS, above Pillow's bomb warning: a 108-megapixel photo
            # too); a camera's broken EXIF is no news to the build's log either.
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as picture:
                if picture.format != kind and not (kind == "JPEG" and picture.format == "MPO"):
                    return None
                # A phone's JPEG with more pictures in it (MPO: a preview, a depth map) is made of its first.
                animated = getattr(picture, "is_animated", False) and picture.format != "MPO"
                if animated or not _needs_drawing(picture) or too_many_scans(data, kind):
                    return _stripped(data, kind)
                try:
                    return _made_light(picture, kind)
                except Exception:  # noqa: BLE001 - a camera's odd EXIF breaks Pillow's turning in many ways
                    return _made_light(picture, kind, upright=False)
    except Exception:  # noqa: BLE001 - what Pillow cannot decode keeps its bytes, without the camera's data
        return _stripped(data, kind)


def _needs_drawing(picture: Image.Image) -> bool:
    """Whether the picture must be drawn anew: too large, or to be turned as the camera meant."""
    return max(picture.size) > MOST_SIDE or picture.getexif().get(ORIENTATION, 1) != 1


def _stripped(data: bytes, kind: str) -> bytes | None:
    """The picture's bytes without its metadata; None when there is none (or its file does not read)."""
    stripped = without_metadata(data, kind)
    return stripped if stripped is not None and stripped != data else None


def _made_light(picture: Image.Image, kind: str, upright: bool = True) -> bytes:
    icc = picture.info.get("icc_profile")
    # Made smaller first, in place (a JPEG decoded at a smaller scale): a large picture is never copied whole.
    picture.thumbnail((MOST_SIDE, MOST_SIDE), Image.Resampling.LANCZOS)
    # Turned as the camera says (without the orientation), or as it is when the camera's data is broken.
    turned = ImageOps.exif_transpose(picture) if upright else picture
    options: dict[str, object] = {"exif": b"", **({"icc_profile": icc} if icc else {})}  # nothing of the camera's
    if kind == "JPEG":
        options |= {"quality": JPEG_QUALITY, "optimize": True, "progressive": True}
    elif kind == "WEBP":
        options |= {"quality": JPEG_QUALITY}
    out = io.BytesIO()
    turned.save(out, kind, **options)
    made = out.getvalue()
    return without_metadata(made, kind) or made  # and what Pillow carries over (a JPEG's comment)


class PictureCache:
    """Pictures made light by earlier builds, named by the digest of their bytes (``.cache/omo/pictures-…``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()
        # What this process found for each file, while it is unchanged: `mkdocs serve` asks at every rebuild.
        self._found: dict[Path, tuple[tuple[int, int], str, bool]] = {}

    def light_file(self, source: Path) -> Path | None:
        """The file to publish instead of ``source``, or None when ``source`` is published as it is."""
        info = source.stat()
        seen = self._found.get(source)
        if seen is not None and seen[0] == (info.st_mtime_ns, info.st_size) and (self.folder / seen[1]).exists():
            self.used.add(seen[1])
            return self.folder / seen[1] if seen[2] else None
        data = source.read_bytes()
        name = hashlib.sha256(data).hexdigest()[:32] + source.suffix.lower()
        self.used.add(name)
        kept = self.folder / name
        try:
            made = kept.stat().st_size > 0
        except OSError:
            self.folder.mkdir(parents=True, exist_ok=True)
            light = lighter(data, source.suffix)
            write_atomically(kept, light or _AS_IS)
            made = light is not None
        self._found[source] = ((info.st_mtime_ns, info.st_size), name, made)
        return kept if made else None

    def forget_unused(self) -> None:
        """Remove pictures no page of this build published (their photo was changed or removed)."""
        for path in self.folder.glob("*"):
            if path.name not in self.used:
                path.unlink(missing_ok=True)
