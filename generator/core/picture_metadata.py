"""A picture's metadata taken out of its file, the picture itself left byte for byte.

Pillow can drop a camera's EXIF only by encoding the picture anew: a lossless WebP would come out lossy, an
animation as its first frame, and a file Pillow cannot decode not at all. Here the container is read instead (JPEG
segments, PNG chunks, WebP's RIFF chunks) and the parts that carry what the camera or an editing program wrote
are left out: EXIF (the place a photo was taken among it), XMP, IPTC, comments and text. What the picture needs to
be shown (its data, colour profile, animation, transparency) stays. A file whose structure does not read as its
kind gives None.
"""

from __future__ import annotations

import re
import struct

# The pictures whose parts are read here, by their files' suffixes (the check's bounds and the build's making light).
KINDS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# What is kept is named, not what is dropped: a camera's or a phone maker's own part is metadata too.
# JPEG: JFIF (APP0), Adobe's colour transform (APP14, which CMYK pictures need), the colour profile (APP2 that
# begins with ICC_PROFILE) and the segments the picture is made of. Dropped: EXIF and XMP (APP1), IPTC (APP13),
# makers' parts (other APPn, APP2's MPF previews among them), comments, and any marker decoding does not read.
_JPEG_APP0, _JPEG_APP2, _JPEG_APP14 = 0xE0, 0xE2, 0xEE
_JPEG_ICC = b"ICC_PROFILE\x00"
# What a camera's segments begin with (EXIF, XMP, Photoshop's IPTC): found inside a kept one, its length lied.
_CAMERA_DATA = re.compile(rb"Exif\x00\x00|http://ns\.adobe\.com/|Photoshop 3\.0\x00")
# Frames (SOF0–SOF15 but the reserved 0xC8), tables (DHT, DAC, DQT), DNL, DRI, DHP, EXP: what decoding reads.
_JPEG_KEPT = {_JPEG_APP0, _JPEG_APP14, *(set(range(0xC0, 0xD0)) - {0xC8}), 0xDB, 0xDC, 0xDD, 0xDE, 0xDF}
# JPEG markers that stand alone, without a length: TEM, RST0–RST7.
_JPEG_BARE = {0x01, *range(0xD0, 0xD8)}
_PNG_KEPT = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB", b"cICP",
             b"mDCV", b"cLLI", b"bKGD", b"hIST", b"pHYs", b"acTL", b"fcTL", b"fdAT"}
_WEBP_KEPT = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}
_VP8X_METADATA = 0x08 | 0x04  # the VP8X header's flags that announce EXIF and XMP chunks


MOST_SCANS = 40  # a progressive JPEG has about ten; each more is one more pass over the whole picture


def too_many_scans(data: bytes, kind: str) -> int | None:
    """How many scans a JPEG has, if more than ``MOST_SCANS``: a 200 KB file of a thousand took a minute and a
    half to decode (within the scans' data every 0xFF is followed by 0 or a marker, so 0xFF 0xDA is a scan)."""
    if kind != "JPEG":
        return None
    first = data.find(b"\xff\xda")
    if first < 0:
        return None
    end = data.find(b"\xff\xd9", first)  # after it: a phone's video of a motion photo, whose bytes are any
    scans = data.count(b"\xff\xda", first, end if end >= 0 else len(data))
    return scans if scans > MOST_SCANS else None


def without_metadata(data: bytes, kind: str) -> bytes | None:
    """``data`` (a ``kind`` of ``JPEG``, ``PNG``, ``WEBP``) without its metadata; None if it does not read."""
    strip = {"JPEG": _jpeg, "PNG": _png, "WEBP": _webp}.get(kind)
    try:
        return strip(data) if strip is not None else None
    except (IndexError, struct.error, ValueError):
        return None


def _jpeg(data: bytes) -> bytes | None:
    """Segment by segment to the picture's end marker: between a progressive picture's scans stand segments too
    (tables, and whatever a program put there), and after its end a maker's trailer or MPF previews."""
    if not data.startswith(b"\xff\xd8"):
        return None
    kept, at, scanned = [data[:2]], 2, False
    headers: list[bytes] = []  # the segments kept, the scans' data aside
    while at < len(data):
        if data[at] != 0xFF:  # bytes between segments, which decoders skip («extraneous bytes before marker»)
            at = data.find(b"\xff", at)
            if at < 0:
                break
        marker = data[at + 1] if at + 1 < len(data) else 0xD9
        if marker == 0xFF:  # a fill byte before a marker
            at += 1
            continue
        if marker in _JPEG_BARE:
            kept.append(data[at:at + 2])
            at += 2
            continue
        if marker == 0xD9:  # the end
            kept.append(b"\xff\xd9")
            break
        (length,) = struct.unpack(">H", data[at + 2:at + 4])
        if length < 2 or at + 2 + length > len(data):
            return None
        segment = data[at:at + 2 + length]
        at += 2 + length
        if marker == 0xDA:  # a scan: its header, then its data up to the next marker
            following = _next_marker(data, at)
            kept += [segment, data[at:following]]
            headers.append(segment)
            at, scanned = following, True
        elif _kept_in_jpeg(marker, segment):
            kept.append(segment)
            headers.append(segment)
    # A segment whose length was damaged runs on over the next ones, the camera's among them: such a file does not
    # read as its parts say. Saved not to its end, the picture's data there is, is kept.
    if not scanned or any(_CAMERA_DATA.search(segment) for segment in headers):
        return None
    return b"".join(kept)


def _next_marker(data: bytes, at: int) -> int:
    """Where the scan's data that starts at ``at`` ends: at the next marker, or the file's end (a file saved not
    to the end). Within the data 0xFF is followed by 0 (a byte of data) or a restart marker."""
    while (at := data.find(b"\xff", at)) >= 0 and at + 1 < len(data):
        following = data[at + 1]
        if following != 0 and not 0xD0 <= following <= 0xD7 and following != 0xFF:
            return at
        at += 1 if following == 0xFF else 2
    return len(data)


def _kept_in_jpeg(marker: int, segment: bytes) -> bool:
    if marker == _JPEG_APP2:
        return segment[4:4 + len(_JPEG_ICC)] == _JPEG_ICC
    if marker == _JPEG_APP0:  # JFIF, of the length its thumbnail's size gives (JFXX, a thumbnail alone, goes)
        return segment[4:9] == b"JFIF\x00" and len(segment) >= 18 and \
            len(segment) == 18 + 3 * segment[16] * segment[17]
    if marker == _JPEG_APP14:
        return segment[4:9] == b"Adobe"
    return marker in _JPEG_KEPT


def _png(data: bytes) -> bytes | None:
    if not data.startswith(PNG_SIGNATURE):
        return None
    kept, at = [PNG_SIGNATURE], len(PNG_SIGNATURE)
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        kind = data[at + 4:at + 8]
        end = at + 12 + length
        if end > len(data) or len(kind) < 4:
            return None
        if kind in _PNG_KEPT:
            kept.append(data[at:end])
        at = end
        if kind == b"IEND":
            return b"".join(kept)
    return None


def _webp(data: bytes) -> bytes | None:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return None
    (size,) = struct.unpack("<I", data[4:8])
    end = min(len(data), 8 + size)
    chunks, at = [], 12
    while at + 8 <= end:
        kind = data[at:at + 4]
        (length,) = struct.unpack("<I", data[at + 4:at + 8])
        after = at + 8 + length + (length & 1)  # chunks are padded to an even length
        if at + 8 + length > end:
            return None
        if kind == b"VP8X" and length >= 1:
            flags = data[at + 8] & ~_VP8X_METADATA
            chunks.append(data[at:at + 8] + bytes([flags]) + data[at + 9:min(after, end)])
        elif kind in _WEBP_KEPT:
            chunks.append(data[at:min(after, end)])
        at = after
    if at < end or not chunks:
        return None
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body
