"""Editors' photos as readers get them (outputs/pictures.py): no larger than a screen needs, turned as the camera
meant, without the camera's data (the place a photo was taken among it); pictures that need nothing published byte
for byte; pictures too large or broken refused by the check."""

from __future__ import annotations

import io
import random
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest
from conftest import Project, make_project, picture_bytes
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from generator.core.picture_metadata import MOST_SCANS, without_metadata
from generator.core.uploads import BROKEN_PICTURE, asset_problem
from generator.outputs.pictures import MOST_SIDE, lighter

STORY = "content/stories/2025-03-21-kviz.md"
PHOTO = "content/images/stories/foto.jpg"
GPS = 0x8825
ORIENTATION = 0x0112


def phone_photo() -> bytes:
    """A photo as a phone saves it: 4000×3000, turned by EXIF (the camera held upright), with GPS and the
    maker's name."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # to be shown turned 90° clockwise: 3000 wide, 4000 high
    exif[0x010F] = "PhoneMaker"
    exif[GPS] = {1: "N", 2: (54.0, 47.0, 0.0), 3: "E", 4: (32.0, 3.0, 0.0)}
    picture = Image.new("RGB", (4000, 3000), (200, 120, 40))
    for x in range(0, 4000, 40):  # some detail, so that the photo weighs like one
        picture.paste((20, 20, 20), (x, 0, x + 3, 3000))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=95, exif=exif)
    return out.getvalue()


def with_pictures(project: Project, cache: bool) -> dict[str, bytes]:
    if not cache:
        settings_file = project.root / "mkdocs.yml"
        settings_file.write_text(settings_file.read_text(encoding="utf-8").replace(
            "  - omo\n", "  - omo:\n      cache: false\n"), encoding="utf-8")
    pictures = {PHOTO: phone_photo(), "content/images/stories/plan.png": picture_bytes("PNG", (300, 200)),
                "content/images/stories/small.jpg": picture_bytes("JPEG", (640, 480)),
                "content/images/stories/anim.gif": picture_bytes("GIF", (2000, 100))}
    for path, data in pictures.items():
        project.write(path, data)
    story = project.root / STORY
    story.write_text(story.read_text(encoding="utf-8") + "\n![Итоги квиза](../images/stories/foto.jpg)\n",
                     encoding="utf-8")
    return pictures


@pytest.mark.parametrize("cache", [True, False], ids=["kept in .cache", "no cache"])
def test_phone_photos_are_published_turned_smaller_and_without_the_cameras_data(tmp_path: Path, cache: bool) -> None:
    project = make_project(tmp_path)
    pictures = with_pictures(project, cache)
    result = project.build()
    assert result.returncode == 0, result.stderr
    site = project.root / "site"
    published = (site / "images/stories/foto.jpg").read_bytes()
    with Image.open(io.BytesIO(published)) as photo:
        assert photo.format == "JPEG" and photo.size == (1200, MOST_SIDE)  # turned upright, longer side 1600
        assert not photo.getexif() and "exif" not in photo.info and "xmp" not in photo.info
    assert b"PhoneMaker" not in published and len(published) < len(pictures[PHOTO]) / 3
    # What needs nothing is published byte for byte: a small picture without the camera's data, an animation.
    for name in ("plan.png", "small.jpg", "anim.gif"):
        assert (site / "images/stories" / name).read_bytes() == pictures[f"content/images/stories/{name}"], name
    # The repository keeps the editor's photo as it was.
    assert (project.root / PHOTO).read_bytes() == pictures[PHOTO]
    shown = project.html("stories/2025-03-21-kviz").select_one('article img[src$="foto.jpg"]')
    assert shown["loading"] == "lazy" and shown["alt"] == "Итоги квиза"  # the text first on a slow line


def test_a_photo_is_made_light_once_and_forgotten_when_removed(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    with_pictures(project, cache=True)
    assert project.build().returncode == 0
    kept = [path for path in (project.root / ".cache/omo").glob("pictures-*/*") if path.stat().st_size]
    assert len(kept) == 1  # the phone's photo: the others are published as they are
    made = kept[0].stat().st_mtime_ns
    assert project.build().returncode == 0
    assert kept[0].stat().st_mtime_ns == made  # taken from the cache, not made again
    story = project.root / STORY
    story.write_text(story.read_text(encoding="utf-8").replace("![Итоги квиза](../images/stories/foto.jpg)", ""),
                     encoding="utf-8")
    (project.root / PHOTO).unlink()
    assert project.build().returncode == 0
    assert not kept[0].exists()


def test_the_export_publishes_the_same_light_photo(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    with_pictures(project, cache=True)
    target = tmp_path / "export"
    result = subprocess.run([sys.executable, "-m", "generator", "export", str(target), "--project",
                             str(project.root)], capture_output=True, text=True, encoding="utf-8", check=False)
    assert result.returncode == 0, result.stderr
    assert project.build().returncode == 0
    exported = (target / "docs/images/stories/foto.jpg").read_bytes()
    assert exported == (project.root / "site/images/stories/foto.jpg").read_bytes()


def png_header(width: int, height: int) -> bytes:
    """A PNG that says it is ``width``×``height``: a few hundred bytes that would unpack to gigabytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = zlib.compress(b"\x00" * (width * 3 + 1) * 4)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", rows) + chunk(b"IEND", b""))


@pytest.mark.parametrize(("data", "message"), [
    (png_header(20_000, 20_000), "картинка слишком велика: в ней больше 40 миллионов точек"),
    # a PNG or WebP is decoded whole: 120 million points of a 4.6 KB WebP took 2.5 GB
    (png_header(9_000, 5_000), "картинка 9000×5000 точек слишком велика: в ней больше 40 миллионов точек"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9",
     "картинку не удалось прочитать: она повреждена или сохранена не до конца"),
], ids=["a decompression bomb", "too many points", "broken"])
def test_a_picture_too_large_or_broken_is_refused_by_the_check(tmp_path: Path, data: bytes, message: str) -> None:
    project = make_project(tmp_path)
    project.write("content/images/stories/plan.png" if data.startswith(b"\x89PNG") else PHOTO, data)
    result = subprocess.run([sys.executable, "-m", "generator", "check", "--project", str(project.root)],
                            capture_output=True, text=True, encoding="utf-8", check=False)
    assert result.returncode == 1 and message in result.stdout, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert project.build().returncode == 1 and not (project.root / "site").exists()


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"RIFF\x00\x00\x00\x00WEBP"]), st.binary(max_size=300),
       st.sampled_from([".jpg", ".png", ".webp", ".JPEG"]))
def test_any_bytes_named_a_picture_are_published_as_they_are_or_made_light(head: bytes, rest: bytes,
                                                                            suffix: str) -> None:
    made = lighter(head + rest, suffix)
    assert made is None or Image.open(io.BytesIO(made)).size[0] <= MOST_SIDE


def camera_data() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[GPS] = {1: "N", 2: (54.0, 47.0, 0.0), 3: "E", 4: (32.0, 3.0, 0.0)}
    return exif


XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description GPSLatitude="54,47N"/></x:xmpmeta>'


def pixels(data: bytes) -> list[bytes]:
    """Each frame of a picture as its reader sees it."""
    with Image.open(io.BytesIO(data)) as picture:
        frames = []
        for number in range(getattr(picture, "n_frames", 1)):
            picture.seek(number)
            frames.append(picture.convert("RGBA").tobytes())
        return frames


def saved(picture: Image.Image, kind: str, **options: Any) -> bytes:
    out = io.BytesIO()
    picture.save(out, kind, **options)
    return out.getvalue()


def frames() -> list[Image.Image]:
    return [Image.new("RGBA", (120, 80), (40 * n, 200 - 30 * n, 90, 255 - 20 * n)) for n in range(5)]


SMALL_WITH_CAMERA_DATA = {
    "animated WebP": lambda: saved(frames()[0], "WEBP", save_all=True, append_images=frames()[1:], duration=120,
                                   loop=0, exif=camera_data(), xmp=XMP),
    "animated PNG": lambda: saved(frames()[0], "PNG", save_all=True, append_images=frames()[1:], duration=120,
                                  exif=camera_data()),
    "lossless WebP": lambda: saved(frames()[2], "WEBP", lossless=True, exif=camera_data(), xmp=XMP),
    "small JPEG": lambda: saved(frames()[1].convert("RGB"), "JPEG", quality=90, exif=camera_data(), xmp=XMP)
    + b"\xff\xd8 a maker's trailer: PhoneMaker 54,47N",
    "CMYK JPEG": lambda: saved(frames()[1].convert("CMYK"), "JPEG", exif=camera_data()),
}


@pytest.mark.parametrize("kind", SMALL_WITH_CAMERA_DATA.keys())
def test_pictures_that_need_no_resizing_lose_only_the_cameras_data_every_frame_and_point_kept(kind: str) -> None:
    """An animation, and a picture small enough, were published as they were, EXIF included; making them anew
    with Pillow would have kept one frame of an animation, and made a lossless WebP lossy. Only the metadata is
    taken out of the file."""
    data = SMALL_WITH_CAMERA_DATA[kind]()
    suffix = {"W": ".webp", "P": ".png"}.get(kind.split()[-1][0], ".jpg")
    made = lighter(data, suffix)
    assert made is not None and b"PhoneMaker" not in made and b"GPS" not in made and b"54,47N" not in made
    assert pixels(made) == pixels(data)  # every frame, every point
    with Image.open(io.BytesIO(made)) as picture:
        assert not picture.getexif() and not {"exif", "xmp", "XML:com.adobe.xmp"} & picture.info.keys()
        picture.load()
        with Image.open(io.BytesIO(data)) as original:
            original.load()
            timing = ("duration", "loop")
            assert [picture.info.get(key) for key in timing] == [original.info.get(key) for key in timing]
    if kind == "lossless WebP":
        assert b"VP8L" in made  # still lossless
    assert lighter(made, suffix) is None  # nothing left to take out: published as it is


def test_a_picture_whose_parts_do_not_read_is_refused_not_published_with_the_cameras_data(tmp_path: Path) -> None:
    """Pillow reads a picture's header and stops; a file damaged after it was published as it was, EXIF and
    all, because neither Pillow nor the reading of its parts could make it anew."""
    exif = camera_data()
    exif[ORIENTATION] = 6
    rng = random.Random(2)
    for kind, suffix in (("JPEG", ".jpg"), ("WEBP", ".webp"), ("PNG", ".png")):
        whole = picture_bytes(kind, (64, 48), exif=exif)
        for number in range(300):
            data = bytearray(whole)
            for _ in range(rng.randint(1, 6)):
                data[rng.randrange(0, min(len(data), 300))] = rng.randrange(256)
            path = tmp_path / f"{number}{suffix}"
            path.write_bytes(data)
            if asset_problem(path, "image") is None:  # what the check lets through is published without it
                assert b"PhoneMaker" not in (lighter(bytes(data), suffix) or bytes(data)), (kind, number)
    whole = picture_bytes("PNG", (64, 48), exif=exif)
    (tmp_path / "cut.png").write_bytes(whole[:-20])  # saved not to the end
    assert asset_problem(tmp_path / "cut.png", "image") == BROKEN_PICTURE


def scans_repeated(times: int) -> bytes:
    """A progressive JPEG whose last scan is repeated: each is one more pass over the whole picture (a 200 KB
    file of 1,150 took a build a minute and a half)."""
    data = saved(Image.new("L", (64, 64), 90), "JPEG", progressive=True)
    last = data.rfind(b"\xff\xda")
    scan = data[last:data.rfind(b"\xff\xd9")]
    return data[:last] + scan * times + b"\xff\xd9"


def test_a_jpeg_of_a_thousand_scans_is_refused_and_never_decoded(tmp_path: Path) -> None:
    bomb = tmp_path / "foto.jpg"
    bomb.write_bytes(scans_repeated(1000))
    assert asset_problem(bomb, "image") == ("в картинке JPEG 1005 проходов прорисовки, можно не больше 40: такую "
                                            "сайт обрабатывал бы минуты; сохраните её заново обычным JPEG (не "
                                            "«прогрессивным»)")
    assert lighter(bomb.read_bytes(), ".jpg") is None  # nothing to take out
    (tmp_path / "ok.jpg").write_bytes(scans_repeated(20))
    assert asset_problem(tmp_path / "ok.jpg", "image") is None


def test_camera_data_between_a_progressive_jpegs_scans_goes_too_and_stray_bytes_are_no_damage(tmp_path: Path) -> None:
    """Everything after a JPEG's first scan was kept whole: an EXIF segment between its scans stayed. Bytes
    between segments, which decoders skip, made the check call a readable photo damaged."""
    picture = Image.new("RGB", (300, 200))
    picture.paste((200, 120, 40), (0, 0, 150, 200))
    data = saved(picture, "JPEG", progressive=True, restart_marker_blocks=2)
    second_scan = data.find(b"\xff\xda", data.find(b"\xff\xda") + 2)
    exif = b"Exif\x00\x00PhoneMaker GPS 54,47N"
    data = data[:second_scan] + b"\xff\xe1" + (len(exif) + 2).to_bytes(2, "big") + exif + data[second_scan:]
    made = without_metadata(data, "JPEG")
    assert made is not None and b"PhoneMaker" not in made and pixels(made) == pixels(data)
    tables = data.find(b"\xff\xdb")
    stray = tmp_path / "stray.jpg"
    stray.write_bytes(data[:tables] + b"\x00\x00\x00" + data[tables:])
    assert asset_problem(stray, "image") is None
    assert pixels(lighter(stray.read_bytes(), ".jpg")) == pixels(data)


def test_a_picture_is_read_once_while_unchanged_and_again_when_changed(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Every build and every rebuild of `mkdocs serve` checks every picture, some twice: each is read whole."""
    from generator.core import uploads

    photo = tmp_path / "foto.jpg"
    photo.write_bytes(saved(Image.new("RGB", (64, 48)), "JPEG"))
    reads: list[Path] = []
    real = uploads._read_picture_problem
    monkeypatch.setattr(uploads, "_read_picture_problem", lambda path: reads.append(path) or real(path))
    assert asset_problem(photo, "image") is None and asset_problem(photo, "any") is None
    assert reads == [photo]
    photo.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9")  # changed
    assert asset_problem(photo, "image") == BROKEN_PICTURE and reads == [photo, photo]


def test_a_motion_photo_whose_video_follows_the_picture_is_no_scan_bomb(tmp_path: Path) -> None:
    """A phone's motion photo is a JPEG with its video after the picture's end: its bytes hold «scan» markers by
    chance, about one in 64 KB, and such a photo was refused as a JPEG of 41 scans."""
    video = random.Random(3).randbytes(3_000_000)
    assert video.count(b"\xff\xda") > MOST_SCANS
    photo = tmp_path / "foto.jpg"
    photo.write_bytes(saved(Image.new("RGB", (640, 480)), "JPEG", exif=camera_data()) + video)
    assert asset_problem(photo, "image") is None
    made = lighter(photo.read_bytes(), ".jpg")
    assert made is not None and b"PhoneMaker" not in made and len(made) < 100_000  # the picture, without the video


def test_a_phones_jpeg_of_several_pictures_is_made_of_its_first_without_the_cameras_data() -> None:
    """Pillow opens a JPEG with a preview or a depth map in it as MPO, «animated»: it was published as it was,
    full size, the place it was taken in."""
    first = Image.new("RGB", (2400, 1800), (200, 120, 40))
    data = saved(first, "MPO", save_all=True, append_images=[Image.new("RGB", (640, 480))], exif=camera_data())
    with Image.open(io.BytesIO(data)) as picture:
        assert picture.format == "MPO"
    made = lighter(data, ".jpg")
    assert made is not None and b"PhoneMaker" not in made and made.count(b"\xff\xd8") == 1
    with Image.open(io.BytesIO(made)) as picture:
        assert picture.format == "JPEG" and picture.size == (MOST_SIDE, 1200) and not picture.getexif()
    small = saved(Image.new("RGB", (800, 600)), "MPO", save_all=True, append_images=[Image.new("RGB", (64, 48))],
                  exif=camera_data())
    made = lighter(small, ".jpg")
    assert made is not None and b"PhoneMaker" not in made and Image.open(io.BytesIO(made)).size == (800, 600)


def test_a_comment_in_a_large_jpeg_does_not_outlive_its_resizing() -> None:
    data = saved(Image.new("RGB", (3000, 2000)), "JPEG", comment=b"Camera serial 12345, GPS 54.78N")
    made = lighter(data, ".jpg")
    assert made is not None and b"12345" not in made and "comment" not in Image.open(io.BytesIO(made)).info


def test_a_photo_with_broken_camera_data_is_made_light_or_published_as_it_is_never_a_traceback() -> None:
    """Pillow's turning by EXIF raised on a camera's odd data (``struct.error``, ``TypeError``), and the build
    stopped: bytes of a photo with EXIF changed at random, as a damaged card or a careless program leaves them."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "PhoneMaker"
    exif[GPS] = {1: "N", 2: (54.0, 47.0, 0.0)}
    exif[0x8769] = {0x9003: "2024:01:01 10:00:00"}  # the date it was taken
    for kind, suffix in (("JPEG", ".jpg"), ("WEBP", ".webp")):
        whole = picture_bytes(kind, (64, 48), exif=exif)
        rng = random.Random(1)
        for _ in range(500):
            data = bytearray(whole)
            for _ in range(rng.randint(1, 6)):
                data[rng.randrange(0, min(len(data), 300))] = rng.randrange(256)
            made = lighter(bytes(data), suffix)
            assert made is None or b"PhoneMaker" not in made


def test_a_108_megapixel_photo_is_made_light_too() -> None:
    """Pillow warns from 89 megapixels; such photos were published as they were, the place they were taken in."""
    exif = Image.Exif()
    exif[GPS] = {1: "N", 2: (54.0, 47.0, 0.0)}
    out = io.BytesIO()
    Image.new("RGB", (12_000, 9_000)).save(out, "JPEG", quality=30, exif=exif)
    made = lighter(out.getvalue(), ".jpg")
    assert made is not None and max(Image.open(io.BytesIO(made)).size) == MOST_SIDE
    assert not Image.open(io.BytesIO(made)).getexif()
