"""Files saved by the browser editor (Decap CMS) pass the check and give the same pages.

Decap reads and writes YAML with the npm ``yaml`` package: comments go, lists and
long texts are laid out anew, top-level fields follow the form's order, and a
field the editor left untouched may be written as ``""``, ``null`` or ``[]``.
``tests/decap_yaml.cjs`` saves every example file as Decap does; the site built
from the saved files must read exactly as the one built from the originals.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import types
import typing
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, Project
from pydantic import BaseModel

from generator.core import model

SCRIPT = REPO / "tests" / "decap_yaml.cjs"
NODE = shutil.which("node")
YAML_PACKAGE = REPO / "node_modules" / "yaml" / "package.json"
MISSING = "node and node_modules/yaml (npm install)" if not (NODE and YAML_PACKAGE.is_file()) else ""
if MISSING and os.environ.get("CI") == "true":
    pytest.fail(f"CI: the browser editor's round trip needs {MISSING}", pytrace=False)
pytestmark = pytest.mark.skipif(bool(MISSING), reason=f"needs {MISSING}")

# Folders of entries the browser editor saves, and the form (model) of each.
COLLECTIONS = {
    "data/meetings": model.Meeting,
    "data/directives": model.Directive,
    "data/practices": model.Practice,
    "data/reports": model.Report,
    "content/stories": model.StoryMeta,
}


def form_fields(schema: type[BaseModel]) -> dict[str, Any]:
    """How the form writes each field left untouched (see addBlanks in decap_yaml.cjs); flags are never blank."""
    fields: dict[str, Any] = {}
    for name, info in schema.model_fields.items():
        kind = _kind(info.annotation)
        if kind is not None:
            fields[name] = kind
    return fields


def _kind(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _kind(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        kinds = [_kind(arg) for arg in typing.get_args(annotation) if arg is not type(None)]
        return kinds[0] if kinds else None
    if origin is list:
        item = typing.get_args(annotation)[0]
        inner = _kind(item)
        return {"items": inner["object"]} if isinstance(inner, dict) and "object" in inner else "list"
    if origin is dict:
        return {"values": _kind(typing.get_args(annotation)[1]) or "other"}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {"object": form_fields(annotation)}
    if annotation is bool:
        return None
    if annotation is str or origin is typing.Literal:
        return "text"
    return "other"  # dates and times: the date picker writes null when cleared


def saved_by_decap(root: Path, blanks: bool) -> None:
    """Every entry file under ``root`` rewritten as the browser editor saves it."""
    plan = []
    for folder, schema in COLLECTIONS.items():
        pattern = "*.md" if folder.startswith("content") else "**/*.yml"
        for path in sorted((root / folder).glob(pattern)):
            plan.append({"path": str(path), "frontmatter": path.suffix == ".md",
                         "sortedKeys": list(schema.model_fields),
                         "blanks": form_fields(schema) if blanks else None})
    plan_file = root / "decap-plan.json"
    plan_file.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run([NODE, str(SCRIPT), str(plan_file)], cwd=REPO, capture_output=True, text=True,
                            check=False)
    plan_file.unlink()
    assert result.returncode == 0, result.stderr
    assert len(plan) >= 10


def copy_project(root: Path) -> Project:
    for name in ("mkdocs.yml", "data", "content", "theme"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    return Project(root)


def articles(site: Path) -> dict[str, str]:
    """Each page's article, as HTML with whitespace collapsed."""
    found = {}
    for page in sorted(site.rglob("*.html")):
        article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")
        if article is not None:
            found[page.relative_to(site).as_posix()] = " ".join(str(article).split())
    return found


@pytest.mark.parametrize("blanks", [False, True], ids=["as-saved", "untouched-fields-blank"])
def test_decap_saved_files_check_and_build_the_same_pages(example: Project, tmp_path: Path, blanks: bool) -> None:
    project = copy_project(tmp_path)
    saved_by_decap(tmp_path, blanks)
    practice = (tmp_path / "data/practices/vystavka-pamyat-pokoleniy.yml").read_text(encoding="utf-8")
    assert "#" not in practice.split("\n", 1)[0]  # the rewrite really happened: comments are gone
    if blanks:
        assert re.search(r'^school_year: ""$', practice, re.MULTILINE), practice
        meeting = (tmp_path / "data/meetings/2024-08-27-sekciya-omo.yml").read_text(encoding="utf-8")
        assert re.search(r"^online: null$", meeting, re.MULTILINE) or 'online: ""' in meeting, meeting

    check = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=tmp_path, capture_output=True,
                           text=True, encoding="utf-8", check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    result = project.build()
    assert result.returncode == 0, result.stderr

    before, after = articles(example.root / "site"), articles(tmp_path / "site")
    assert len(before) > 50
    assert before.keys() == after.keys()
    changed = [page for page in before if before[page] != after[page]]
    assert not changed, f"{changed[0]}:\n{before[changed[0]][:2000]}\n---\n{after[changed[0]][:2000]}"


def test_form_fields_follow_the_model() -> None:
    fields = form_fields(model.Meeting)
    assert fields["place"] == "text" and fields["date"] == "other" and "cancelled" not in fields
    assert fields["program"]["items"]["speakers"] == {"items": form_fields(model.Person)}
    assert form_fields(model.Report)["items"] == {"values": {"object": form_fields(model.ReportItem)}}


def test_empty_values_are_absent_and_problems_keep_their_lines(tmp_path: Path) -> None:
    """What the form writes for untouched fields is no error; a real problem still points at its own line."""
    from generator.core.load import load_content

    root = copy_project(tmp_path).root
    (root / "data/practices/pustye-polya.yml").write_text(
        'title: Практика\norganization: ""\nmunicipality: smolensk\nauthors: []\nthemes: [patriotic, ""]\n'
        'form: null\naudience:\nschool_year: ""\ndate: 2024-08-26T21:00:00.000Z\npartners: ["", Музей]\n'
        'meeting: ""\nsummary: "  "\ndescription: Описание\nmaterials:\n  - title: ""\n    url: ""\n'
        "  - {}\n  - title: Видео\n    url: ftp://example.org/x\nlinks: {}\ncover: null\n", encoding="utf-8")
    problems = [str(p) for p in load_content(root, root / "data", root / "content").problems]
    assert problems == [
        "data/practices/pustye-polya.yml:2: organization: обязательное поле не заполнено: Образовательная "
        "организация — впишите значение после «organization:»",
        "data/practices/pustye-polya.yml:19: materials[3].url: ссылка должна начинаться с https://, http:// или "
        "mailto: «ftp://example.org/x»"], problems
