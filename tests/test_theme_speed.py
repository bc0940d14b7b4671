"""The theme's parts kept for reuse (generator/mkdocs/theme_speed.py) change no byte of any page.

The repository's example site, with pages in the navigation (sections, the guide) and outside it at
several depths, and hostile titles in the navigation, is built with the parts reused and with every
part rendered for its page; both sites must be the same file for file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, TODAY_EPOCH, Project, copy_example

# mkdocs build in a Python that first wraps (or turns off) the speed-up, and writes what was reused.
BUILD = """\
import json, sys
from generator.mkdocs import theme_speed
made = []
if sys.argv[1] == "off":
    theme_speed.speed_up_theme = lambda env: env
else:
    init = theme_speed._Parts.__init__
    theme_speed._Parts.__init__ = lambda self: (init(self), made.append(self))[0]
from mkdocs.__main__ import cli
try:
    cli(["build", "--strict"])
finally:
    reused = {name: part.reused for parts in made for name, part in parts.parts.items()}
    open(sys.argv[2], "w").write(json.dumps(reused))
"""


def build(root: Path, mode: str) -> dict[str, int]:
    stats = root / "reused.json"
    env = os.environ | {"SOURCE_DATE_EPOCH": TODAY_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-c", BUILD, mode, str(stats)], cwd=root, env=env,
                            capture_output=True, text=True, encoding="utf-8", check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(stats.read_text(encoding="utf-8"))


def files_of(site: Path) -> dict[str, bytes]:
    """Every file but Pagefind's index and the sitemap (hashes and dates that vary between builds)."""
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*"))
            if path.is_file() and not path.relative_to(site).as_posix().startswith(("pagefind/", "sitemap.xml"))}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, int], Path, Path]:
    built = {}
    for mode in ("on", "off"):
        project = Project(copy_example(tmp_path_factory.mktemp(f"speed-{mode}")))
        # A hostile title in the navigation and a page outside it next to a page in it.
        text = project.root.joinpath("mkdocs.yml").read_text(encoding="utf-8")
        assert "  - Заседания: meetings/index.md\n" in text
        project.root.joinpath("mkdocs.yml").write_text(text.replace(
            "  - Заседания: meetings/index.md\n",
            "  - 'Заседания \"><script>alert(1)</script>': meetings/index.md\n"), encoding="utf-8")
        project.write("content/editors/notes.md", "# Заметки\n\n## Раздел\n\nТекст.\n")
        project.write("content/editors/deep/er/page.md", "# Глубоко\n\nТекст.\n")
        built[mode] = (build(project.root, mode), project.root / "site")
    return built["on"][0], built["on"][1], built["off"][1]


def test_parts_are_reused(sites: tuple[dict[str, int], Path, Path]) -> None:
    reused, _, _ = sites
    assert reused, "the plugin does not call theme_speed.speed_up_theme in on_env"
    for name in ("partials/nav.html", "partials/tabs.html", "partials/header-logo.html", "base.html#config"):
        assert reused[name] > 20, (name, reused)


def test_every_page_is_the_same_byte_for_byte(sites: tuple[dict[str, int], Path, Path]) -> None:
    _, fast, slow = sites
    fast_files, slow_files = files_of(fast), files_of(slow)
    assert sorted(fast_files) == sorted(slow_files)
    assert len([name for name in fast_files if name.endswith(".html")]) > 60
    assert [name for name in fast_files if fast_files[name] != slow_files[name]] == []
    page = fast_files["editors/notes/index.html"].decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_header_parts_are_materials_header() -> None:
    """header.html with header-logo.html and header-buttons.html put back in place is Material's header
    but for the search (ours always there)."""
    import material

    partials = REPO / "theme" / "partials"
    header = partials.joinpath("header.html").read_text(encoding="utf-8")
    for name in ("header-logo", "header-buttons"):
        text = partials.joinpath(f"{name}.html").read_text(encoding="utf-8")
        body = text[text.index("-#}\n") + len("-#}\n"):]
        assert body.startswith("    ") and body.endswith("\n")
        header = header.replace(f'    {{% include "partials/{name}.html" %}}\n', body)
    header = header[header.index("-#}\n") + len("-#}\n"):]
    original = (Path(material.__file__).parent / "templates" / "partials" / "header.html").read_text(encoding="utf-8")
    original = original[original.index("-#}\n") + len("-#}\n"):]
    search = original[original.index('    {% if "material/search" in config.plugins %}'):
                      original.index('    {% if config.repo_url %}')]
    ours = header[header.index("    {#- Our search"):header.index('    {% if config.repo_url %}')]
    assert header.replace(ours, search) == original
