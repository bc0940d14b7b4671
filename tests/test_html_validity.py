"""The built example site is valid HTML by the Nu HTML Checker: no errors on any page, Material's own included.

Material 9 makes three errors on every page; the theme overrides the templates that make them
(theme/base.html, theme/partials/nav-item.html, theme/partials/toc.html), each a copy of Material's
with one change, and the copies are checked here against Material's so that an upgrade cannot
silently leave them behind.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import material
import pytest
from browser import browser_page, serve
from conftest import REPO, Project

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
MATERIAL = Path(material.__file__).parent / "templates"
HEADER = "{#-\n  This file was automatically generated - do not edit\n-#}\n"

# Each copy of a Material template: the one change it makes (old text, new text), and why.
OVERRIDES: dict[str, list[tuple[str, str]]] = {
    # autocomplete is not allowed on a checkbox; a11y.js closes a drawer or search the browser restores.
    "base.html": [
        (' type="checkbox" id="__drawer" autocomplete="off">', ' type="checkbox" id="__drawer">'),
        (' type="checkbox" id="__search" autocomplete="off">', ' type="checkbox" id="__search">'),
        # Values are escaped by autoescape (SECURITY.md); main.html overrides this block, and the copy
        # keeps no striptags, which would turn escaped text back into markup.
        ("<title>{{ page.title | striptags }} - {{ config.site_name }}</title>",
         "<title>{{ page.title }} — {{ config.site_name }}</title>"),
    ],
    # A section's label had tabindex="" (not an integer); now it has none, which browsers did anyway.
    "partials/nav-item.html": [
        ('id="{{ path }}_label" tabindex="{{ tabindex }}">',
         'id="{{ path }}_label"{% if tabindex %} tabindex="{{ tabindex }}"{% endif %}>'),
    ],
    # The title was a label for="__toc" also on pages outside the navigation, where no __toc exists.
    "partials/toc.html": [
        ('    <label class="md-nav__title" for="__toc">\n'
         '      <span class="md-nav__icon md-icon"></span>\n'
         '      {{ title }}\n'
         '    </label>\n',
         '    {% if page in nav.pages %}\n'
         '      <label class="md-nav__title" for="__toc">\n'
         '        <span class="md-nav__icon md-icon"></span>\n'
         '        {{ title }}\n'
         '      </label>\n'
         '    {% else %}\n'
         '      <div class="md-nav__title">\n'
         '        <span class="md-nav__icon md-icon"></span>\n'
         '        {{ title }}\n'
         '      </div>\n'
         '    {% endif %}\n'),
    ],
}

# A page with one known error, checked with the site: the checker's errors do reach this test.
CANARY = '<!DOCTYPE html><html lang="ru"><title>t</title><label for="nowhere">x</label></html>\n'


def run_vnu(*paths: Path) -> tuple[list[str], list[dict]]:
    """The files the checker read (its --verbose list) and its error messages."""
    java = shutil.which("java")
    if not java or not VNU.is_file():
        if os.environ.get("CI"):
            pytest.fail("Java or vnu-jar is missing: .ci/run must install them")
        pytest.skip("Java or vnu-jar is not installed")
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--verbose", "--format", "json",
                             "--skip-non-html", *map(str, paths)],
                            capture_output=True, text=True, encoding="utf-8", check=False)
    return result.stdout.splitlines(), json.loads(result.stderr)["messages"]


def test_nu_html_checker_finds_no_errors_on_any_page(example: Project, tmp_path: Path) -> None:
    site = example.root / "site"
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    checked, messages = run_vnu(site, canary)

    pages = sorted(str(path) for path in site.rglob("*.html"))
    assert len(pages) > 50
    assert sorted(name for name in checked if name != str(canary)) == pages  # every page was read
    assert [m["message"] for m in messages if m["url"].endswith("/canary.html")] == [
        "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control."]

    errors = [f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']} {m.get('extract', '').strip()!r}"
              for m in messages if not m["url"].endswith("/canary.html")]
    assert errors == []


@pytest.mark.parametrize("name", sorted(OVERRIDES))
def test_material_copies_differ_only_by_their_fix(name: str) -> None:
    ours = (REPO / "theme" / name).read_text(encoding="utf-8")
    original = (MATERIAL / name).read_text(encoding="utf-8")
    assert original.startswith(HEADER), f"Material's {name} changed shape: compare and copy it again"
    expected = original[len(HEADER):]
    for old, new in OVERRIDES[name]:
        assert old in expected, f"Material's {name} no longer has {old!r}: is the fix still needed?"
        expected = expected.replace(old, new)
    comment_end = ours.index("-#}\n") + len("-#}\n")  # our copy opens with a comment that says what it changes
    assert ours.startswith("{#-") and ours[comment_end:] == expected, (
        f"theme/{name} differs from Material {material.__version__}'s by more than its fix: copy it again")


def test_drawer_is_closed_when_the_reader_comes_back(example: Project) -> None:
    """Without Material's autocomplete="off" Chromium restores the checked drawer toggle on back
    navigation; a11y.js closes it, so the phone menu behaves as in stock Material."""
    with serve(example.root / "site") as site, browser_page(width=390, height=800) as page:
        page.goto(site + "editors/web/")
        page.click(".md-header__button.omo-menu-button")
        assert page.eval_on_selector("#__drawer", "toggle => toggle.checked")
        page.click("nav[data-md-level='1'] a.md-nav__link[href$='local/']")
        page.wait_for_url("**/editors/local/")
        page.go_back()
        page.wait_for_url("**/editors/web/")
        page.wait_for_timeout(300)  # the browser restores form state just before pageshow
        assert not page.eval_on_selector("#__drawer", "toggle => toggle.checked")
        drawer = page.evaluate("getComputedStyle(document.querySelector('.md-sidebar--primary')).transform")
        assert drawer in ("none", "matrix(1, 0, 0, 1, 0, 0)")  # not slid in
