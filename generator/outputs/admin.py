"""The files of the browser editor at ``/admin/``: Decap CMS from node_modules, our page and script, its settings.

Everything is served by the site itself (no CDN, no fonts from elsewhere). The editor is part of a project whose
package.json asks for ``decap-cms``; when it is not installed the site is built without it and says why, and a
publication stops.
"""

from __future__ import annotations

import hashlib
import html
import json
import stat
from dataclasses import dataclass, field
from html.entities import name2codepoint
from pathlib import Path

from text_unidecode import unidecode

from ..core.site import Site
from ..core.slugs import ID_LENGTH, transliterate
from ..core.uploads import is_litter, upload_extensions, upload_hint
from .decap import (
    COLLECTIONS,
    FILE_FIELDS,
    IMAGE_FIELDS,
    AdminSettings,
    AdminSettingsError,
    admin_settings,
    choices_from,
    render_config,
    settings_problems_for_publishing,
)
from .feeds import GeneratedFile

FOLDER = "admin"
ASSETS = Path(__file__).parent / "admin_assets"
DECAP = Path("node_modules") / "decap-cms" / "dist"
YAML_LIBRARY = Path("node_modules") / "yaml" / "browser" / "dist"
# Our files: the page, the start flag, the script with how files are written and named, the id rules, styles.
OWN_FILES = ("init.js", "admin.js", "ids.js", "keep_comments.js", "russian.js", "admin.css")
# Characters beyond Russian that titles hold (Latin with accents, Greek, other Cyrillic, dashes, quotes, №):
# how text-unidecode spells them, for the id rules in ids.js.
_ASCII_RANGES = ((0x80, 0x250), (0x370, 0x530), (0x1E00, 0x1F00), (0x2000, 0x2070), (0x20A0, 0x20D0),
                 (0x2100, 0x2150), (0x2150, 0x2190))


class AdminError(Exception):
    """The editor cannot be built as asked (wrong settings, or not installed for a publication); Russian."""


class EditorMissing(AdminError):
    """A publication asks for the editor and Decap CMS is not installed (``missing_message``): the caller says
    what is not made, the site or its export."""


@dataclass
class AdminBuild:
    files: list[GeneratedFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # Russian, for the build's log
    notes: list[str] = field(default_factory=list)


def editor_files(project: Path, site: Site, raw_settings: object, site_url: str, site_name: str,
                 publishing: bool) -> AdminBuild:
    """``/admin/`` of a project that asks for the editor; without Decap CMS installed, a warning instead."""
    if not wants_editor(project):
        return AdminBuild()
    try:
        settings = admin_settings(raw_settings)
    except AdminSettingsError as error:
        raise AdminError(str(error)) from None
    if not installed(project):
        if publishing:
            raise EditorMissing(missing_message(project))
        return AdminBuild(warnings=[missing_message(project)])
    return admin_files(project, site, settings, site_url, site_name, publishing)


def installed(project: Path) -> bool:
    return (project / DECAP / "decap-cms.js").is_file() and (project / YAML_LIBRARY / "index.js").is_file()


def wants_editor(project: Path) -> bool:
    """The project's package.json asks for Decap CMS (test projects and exports without it have no editor)."""
    try:
        manifest = json.loads((project / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return "decap-cms" in {**manifest.get("dependencies", {}), **manifest.get("devDependencies", {})}


def missing_message(project: Path) -> str:
    return ("редактор /admin/ не собран: не установлен Decap CMS (нет папки node_modules/decap-cms). "
            "Выполните в папке проекта команду: npm install --no-audit --no-fund --no-package-lock")


def admin_files(project: Path, site: Site, settings: AdminSettings, site_url: str, site_name: str,
                publishing: bool) -> AdminBuild:
    """Files of ``/admin/`` (Decap CMS must be installed)."""
    decap = project / DECAP
    build = AdminBuild()
    page = (ASSETS / "index.html").read_text(encoding="utf-8").replace("{site_name}", html.escape(site_name))
    build.files.append(GeneratedFile(f"{FOLDER}/index.html", page.encode("utf-8")))
    build.files += [GeneratedFile(f"{FOLDER}/{name}", (ASSETS / name).read_bytes()) for name in OWN_FILES]
    build.files.append(GeneratedFile(f"{FOLDER}/config.yml", render_config(settings, choices_from(site), site_url)))
    build.files.append(GeneratedFile(f"{FOLDER}/omo.json", browser_rules(project, site)))
    # Decap's bundle loads its parts (chunks, WebAssembly) from beside itself.
    for path in sorted(decap.iterdir()):
        if (path.name.endswith(("decap-cms.js", ".wasm")) or path.name == "decap-cms.js.LICENSE.txt") \
                and _plain_file(path):
            build.files.append(GeneratedFile(f"{FOLDER}/{path.name}", path.read_bytes()))
    for path in sorted((project / YAML_LIBRARY).rglob("*.js")):
        if _plain_file(path):
            relative = path.relative_to(project / YAML_LIBRARY).as_posix()
            build.files.append(GeneratedFile(f"{FOLDER}/yaml/{relative}", path.read_bytes()))
    if publishing and (problems := settings_problems_for_publishing(settings)):
        build.notes.append("Редактор /admin/ опубликован без настроек входа, войти в него нельзя: "
                           + "; ".join(problems) + " (extra.omo.admin в mkdocs.yml)")
    return build


def _plain_file(path: Path) -> bool:
    """Only regular files are published: a symlink could bring any file of the machine onto the site, and
    reading a pipe would never end (the same rule as for content/ in uploads.py)."""
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def browser_rules(project: Path, site: Site) -> bytes:
    """What admin.js needs: how to name new entries as `omo new` does, the names taken, the upload types."""
    letters = {chr(code): transliterate(chr(code)) for code in range(0x400, 0x460)
               if transliterate(chr(code)) != chr(code)}
    ascii_spelling = {chr(code): unidecode(chr(code)) for start, end in _ASCII_RANGES for code in range(start, end)
                      if unidecode(chr(code))}
    collections = {}
    for name, (_, folder, extension, _, _, rule) in COLLECTIONS.items():
        taken = sorted(taken_digest(path.stem) for path in (project / folder).glob(f"*.{extension}")
                       if not is_litter(path.name))
        collections[name] = {
            "id": rule, "folder": folder, "extension": extension, "taken": taken,
            "empty": _EMPTY[rule],
            "taken_hint": "измените название или откройте существующую запись в списке" if rule != "meeting"
            else "у этого заседания уже есть резолюция: откройте её в списке",
        }
    uploads = {name: {"extensions": upload_extensions(kind), "message": f"{upload_hint(kind)}: файл «{{name}}» "
                                                                     "такого типа на сайт не попадёт"}
               for names, kind in ((FILE_FIELDS, "material"), (IMAGE_FIELDS, "image")) for name in names}
    rules = {"letters": letters, "ascii": ascii_spelling, "entities": name2codepoint, "idLength": ID_LENGTH,
             "collections": collections, "uploads": uploads}
    return json.dumps(rules, ensure_ascii=False, sort_keys=True).encode("utf-8")


def taken_digest(name: str) -> str:
    """How omo.json names a record that exists: the start of its name's SHA-256. The file is public, and the
    names of draft stories (their date and title) are not: admin.js compares digests (64 bits: a new name is
    refused by mistake once in billions)."""
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]


_EMPTY = {
    "title": "из названия не получилось имя файла: в названии должны быть буквы или цифры",
    "date-title": "из даты и названия не получилось имя файла: укажите дату и название с буквами или цифрами",
    "meeting": "выберите заседание, которое приняло резолюцию: по нему называется файл",
}
