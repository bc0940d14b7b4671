"""The built example site is valid HTML by the Nu HTML Checker, but for Material's own known errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from conftest import REPO, Project

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Errors that stock Material for MkDocs 9 makes on every page, each with why it stays.
ALLOWED = {
    "Attribute “autocomplete” is only allowed when the input type is":
        "Material puts autocomplete=off on its checkbox toggles (drawer, search) so that browsers do not restore "
        "their state on back navigation; harmless to readers.",
    "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control":
        "Material's navigation and table-of-contents labels point at hidden checkbox toggles that open the "
        "mobile menus; they work with mouse, touch and keyboard.",
    "Bad value “” for attribute “tabindex” on element “label”":
        "Material's section labels in the navigation carry an empty tabindex; browsers ignore it.",
}


def test_nu_html_checker_finds_no_unexplained_errors(example: Project) -> None:
    java = shutil.which("java")
    if not java or not VNU.is_file():
        if os.environ.get("CI"):
            pytest.fail("Java or vnu-jar is missing: .ci/run must install them")
        pytest.skip("Java or vnu-jar is not installed")
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html",
                             str(example.root / "site")], capture_output=True, text=True, check=False)
    messages = json.loads(result.stderr)["messages"]
    # Material's known errors are on every page: seeing them proves the checker read the pages.
    assert any(m["message"].startswith(next(iter(ALLOWED))) for m in messages)
    unexplained = [f"{m['url'].rsplit('/site/', 1)[-1]}: {m['message']}" for m in messages
                   if not any(m["message"].startswith(allowed) for allowed in ALLOWED)]
    assert unexplained == []
