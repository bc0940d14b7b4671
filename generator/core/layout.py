"""Where editors' files may lie: every file of data/ and content/ is read, or refused by name.

A file the build would pass over in silence (a practice in a subfolder, a story
in a folder of its own, a page where a generated page lives, a file over the
theme's scripts) would vanish or replace something behind a green build. Each
is a problem here instead. Editors' and systems' litter is ignored.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import Problem
from .model import ID_PATTERN
from .slugs import make_id
from .uploads import is_litter, notepad_name

VOCABULARY_NAMES = ("audiences", "municipalities", "themes", "partners", "examples")
COLLECTION_FOLDERS = ("meetings", "directives", "practices")
REPORTS = "reports"  # data/reports/<meeting id>/<municipality id>.yml
YAML_SUFFIXES = (".yml", ".yaml")
# What MkDocs renders as a page: our checks read only ``.md``.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
STORIES = "stories"
# What MkDocs, the theme, search and the browser editor write at the top of the site, beside its own pages and files.
BUILT_BESIDE_PAGES = frozenset({"admin", "assets", "search", "pagefind", "sitemap.xml", "sitemap.xml.gz", "404.html"})
# Top-level names of the docs folder that the build fills itself: generated sections, feeds, calendars, exports
# and the above.
GENERATED = {
    "meetings", "plan", "resolutions", "audiences", "practices", "themes", "forms", "municipalities",
    "monitoring", "exports", "feed.xml", "feed-all.xml", "meetings.ics", "404.md", *BUILT_BESIDE_PAGES,
}
# Ids that would take the place of a section's own page (``practices/index.md``).
RESERVED_IDS = frozenset({"index"})


def walk(folder: Path) -> Iterator[Path]:
    """Every file under ``folder``, in a fixed order, skipping litter, hidden folders and files Notepad named «.txt»;
    links are not followed."""
    for current, folders, names in os.walk(folder, followlinks=False):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(names):
            if not is_litter(name) and notepad_name(name) is None:  # «x.yml.txt»: named by uploads.py alone
                yield Path(current) / name


def data_problems(project: Path, data: Path) -> list[Problem]:
    """Files under ``data/`` that no loader reads."""
    problems = []
    known = (", ".join(f"{name}.yml" for name in VOCABULARY_NAMES)
             + " и папки " + ", ".join(f"{name}/" for name in (*COLLECTION_FOLDERS, REPORTS)))
    data_name = _name(data, project)
    files = list(walk(data)) if data.is_dir() else []
    problems += _one_file_per_name(files, project)
    for path in files:
        parts = path.relative_to(data).parts
        name = _name(path, project)
        if len(parts) == 1:
            if path.stem.lower() in VOCABULARY_NAMES and path.suffix.lower() in YAML_SUFFIXES and \
                    (path.stem, path.suffix) != (path.stem.lower(), path.suffix.lower()):
                problems.append(Problem(name, 0, "", f"файл справочника не читается сайтом: переименуйте его в "
                                                     f"{path.stem.lower()}.yml (строчными буквами; в Windows — в "
                                                     "два шага, через другое имя, иначе git не заметит)"))
            elif not (path.stem in VOCABULARY_NAMES and path.suffix in YAML_SUFFIXES):
                problems.append(Problem(name, 0, "", f"файл не читается сайтом: в папке {data_name}/ лежат только "
                                                     f"{known}"))
        elif parts[0] == REPORTS:
            if len(parts) != 3:
                problems.append(Problem(name, 0, "", "отчёт района лежит в папке резолюции: "
                                                     f"{data_name}/{REPORTS}/<id заседания>/<id района>.yml"))
        elif parts[0] not in COLLECTION_FOLDERS:
            problems.append(Problem(name, 0, "", f"папка {data_name}/{parts[0]}/ не читается сайтом: записи лежат в "
                                                 f"папках {', '.join((*COLLECTION_FOLDERS, REPORTS))}"))
        elif len(parts) > 2:
            problems.append(Problem(name, 0, "", "файлы во вложенных папках не читаются: перенесите файл прямо в "
                                                 f"папку {data_name}/{parts[0]}/"))
    return problems


def content_pages(project: Path, docs: Path) -> tuple[list[Path], list[Problem]]:
    """Hand-written pages of the docs folder (stories excluded), and problems with pages out of place."""
    pages: list[Path] = []
    problems: list[Problem] = []
    content_name = _name(docs, project)
    files = list(walk(docs)) if docs.is_dir() else []
    problems += _one_file_per_name(files, project)
    for path in files:
        parts = path.relative_to(docs).parts
        name = _name(path, project)
        markdown = path.suffix.lower() in MARKDOWN_SUFFIXES
        if parts[0] == STORIES and markdown:
            if len(parts) > 2:
                problems.append(Problem(name, 0, "", "новость во вложенной папке не читается: перенесите файл "
                                                     f"прямо в папку {_name(docs / STORIES, project)}/"))
            elif path.suffix.lower() != ".md":  # «.MD»: the loader gives the whole name, in small letters
                problems.append(Problem(name, 0, "", f"переименуйте файл в {path.stem}.md"))
            continue  # stories are read by the loader
        # ``admin.md`` is published as ``admin/index.html``, over the generated page of that address.
        address = parts[0] if len(parts) > 1 or not markdown else path.stem
        if parts[0] in GENERATED or address in GENERATED or address == STORIES \
                or (len(parts) == 1 and path.stem == "404"):
            problems.append(Problem(name, 0, "", f"{content_name}/{address} создаётся при сборке сайта, и этот файл "
                                                 "заменил бы созданное: перенесите файл в другую папку или "
                                                 "переименуйте его"))
        elif markdown and path.suffix != ".md":
            problems.append(Problem(name, 0, "", f"страницы пишутся в файлах .md: переименуйте файл в {path.stem}.md"))
        elif markdown and (problem := _page_name_problem(parts)):
            problems.append(Problem(name, 0, "", problem))
        elif markdown:
            pages.append(path)
    return _one_page_per_address(pages, problems, project, docs)


def _one_page_per_address(pages: list[Path], problems: list[Problem], project: Path,
                          docs: Path) -> tuple[list[Path], list[Problem]]:
    """``editors.md`` and ``editors/index.md`` are both published at ``/editors/``: which one the reader gets
    depends on the order files are written, so both are named and neither is kept."""
    by_address: dict[tuple[str, ...], list[Path]] = {}
    for page in pages:
        parts = page.relative_to(docs).with_suffix("").parts
        by_address.setdefault(parts[:-1] if parts[-1] == "index" else parts, []).append(page)
    kept = []
    for address, same in by_address.items():
        if len(same) == 1:
            kept += same
            continue
        names = " и ".join(_name(page, project) for page in same)
        for page in same:
            problems.append(Problem(_name(page, project), 0, "", f"{names} публикуются по одному адресу "
                                                                 f"/{'/'.join(address)}/: оставьте одну страницу"))
    return kept, problems


def _one_file_per_name(files: Iterable[Path], project: Path) -> list[Problem]:
    """``otchet.pdf`` and ``OTCHET.pdf``, or «отчёт.pdf» written with «ё» as one character and as «е» with its dots
    (as macOS writes names): two files here, one file in Windows, macOS and many servers, where one replaces the
    other when the project is copied or published. Each is named."""
    by_name: dict[str, list[Path]] = {}
    for path in files:
        by_name.setdefault(unicodedata.normalize("NFC", _name(path, project)).casefold(), []).append(path)
    problems = []
    for same in by_name.values():
        if len(same) < 2:
            continue
        names = [_name(path, project) for path in same]
        decomposed = [name for name in names if unicodedata.normalize("NFC", name) != name]
        how = ("различаются только заглавными и строчными буквами" if not decomposed else
               f"выглядят одинаково, но в {' и '.join(decomposed)} буквы вроде «ё» и «й» записаны двумя знаками "
               "(так пишет имена macOS)")
        for name in names:
            problems.append(Problem(name, 0, "", f"{' и '.join(names)} {how}: в Windows, macOS и на многих серверах "
                                                 "это один файл, и один заменит другой; переименуйте или удалите "
                                                 "один из них"))
    return problems


def _page_name_problem(parts: tuple[str, ...]) -> str | None:
    """A page's folders and name become its address: Latin ids, as for entries, so that the address is readable,
    the same on every system, and safe wherever the page's name is printed (a title falls back to it)."""
    names = [*parts[:-1], parts[-1].removesuffix(".md")]
    if all(ID_PATTERN.match(part) for part in names):
        return None
    fixed = "/".join(make_id(part.encode("utf-8", "replace").decode("utf-8")) or "stranica" for part in names)
    return ("имя страницы становится её адресом на сайте и должно состоять из строчных латинских букв, цифр и "
            f"дефисов (так же и имена её папок): переименуйте в {fixed}.md")


def _name(path: Path, project: Path) -> str:
    return path.relative_to(project).as_posix()
