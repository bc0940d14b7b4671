"""The build on two processes and the kept pages, through the real command lines: `--strict` sees the
helper's warnings, a change of the generator's code makes every page anew, a cache git cannot vouch for is
not read."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, TODAY_EPOCH, copy_example, make_project, site_files


def _env(**extra: str) -> dict[str, str]:
    env = os.environ | {"SOURCE_DATE_EPOCH": TODAY_EPOCH, "NO_MKDOCS_2_WARNING": "1"} | extra
    env.pop("OMO_ONE_PROCESS", None)
    return env


def _cli(project: Path, site: Path, *args: str, code: str | None = None,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "mkdocs"]
    return subprocess.run([*command, "build", "-d", os.fspath(site), *args], cwd=project, env=env or _env(),
                          capture_output=True, text=True, encoding="utf-8", check=False)


# Warnings of the helper process count in `--strict` ----------------------------------------------------------

# The engine's own command line (it sets `propagate = False` on its logger), with the helper given the stories.
_HELPER_MAKES_STORIES = """\
from {engine}.__main__ import cli
import generator.mkdocs.plugin as plugin
plugin.helper_share = lambda generated: {{g for g in generated if g.startswith("stories/2")}}
cli()
"""


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_strict_build_fails_on_a_warning_made_in_the_helper_process(tmp_path: Path, engine: str) -> None:
    """`mkdocs build --strict` (and `properdocs build --strict`) on a site that forks: a warning raised while
    the helper makes its pages (MkDocs' own «link target not found» in a story) stops the build as it does in
    one process. Both command lines set ``propagate = False`` on their logger, so the helper forwards the
    records of every such logger to the main process (``parallel._run_helper``)."""
    project = copy_example(tmp_path / "project")
    story = project / "content" / "stories" / "2025-03-20-kviz-znatoki.md"
    story.write_text(story.read_text(encoding="utf-8") + "\n\nСм. [нет такой](../nope.md).\n", encoding="utf-8")
    one = subprocess.run([sys.executable, "-m", engine, "build", "--strict", "-d", os.fspath(tmp_path / "one")],
                         cwd=project, env=_env(OMO_ONE_PROCESS="1"), capture_output=True, text=True,
                         encoding="utf-8", check=False)
    assert one.returncode != 0 and "nope.md" in one.stderr  # one process: refused, as it should be
    two = _cli(project, tmp_path / "two", "--strict", code=_HELPER_MAKES_STORIES.format(engine=engine))
    assert "nope.md" in two.stderr  # the helper did make the story
    assert two.returncode != 0, f"strict build published a site with a warning:\n{two.stderr[-1500:]}"
    assert not (tmp_path / "two" / "index.html").exists()


# Kept pages and the generator's own code ------------------------------------------------------------------------

def test_kept_pages_are_not_reused_after_the_generators_code_changed(tmp_path: Path) -> None:
    """After a change of the generator's code (here ``sanitize.py`` returns other HTML; in real life a
    sanitizer or typography fix, a template) a build with the kept ``.cache/`` publishes what a build with an
    empty one does: the keys hold a digest of the package's files (``render_cache.code_digest``)."""
    project = copy_example(tmp_path / "project")
    first = _cli(project, tmp_path / "first")
    assert first.returncode == 0, first.stderr
    code = tmp_path / "code"
    shutil.copytree(REPO / "generator", code / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    sanitize = code / "generator" / "pages" / "sanitize.py"
    text = sanitize.read_text(encoding="utf-8")
    assert "    return _clean(html)\n" in text
    sanitize.write_text(text.replace("    return _clean(html)\n",
                                     "    return _clean(html).replace('<p>', '<p class=\"fixed\">')\n"),
                        encoding="utf-8")
    new_code = _env(PYTHONPATH=os.fspath(code), OMO_ONE_PROCESS="1")
    kept = _cli(project, tmp_path / "kept", env=new_code)
    assert kept.returncode == 0, kept.stderr
    shutil.rmtree(project / ".cache")
    fresh = _cli(project, tmp_path / "fresh", env=new_code)
    assert fresh.returncode == 0, fresh.stderr
    assert b'<p class="fixed">' in (tmp_path / "fresh" / "practices" / "index.html").read_bytes()  # new code ran
    kept_files, fresh_files = site_files(tmp_path / "kept"), site_files(tmp_path / "fresh")
    stale = [name for name in fresh_files if kept_files.get(name) != fresh_files[name]]
    assert stale == []


def test_compiled_templates_are_kept_and_a_changed_or_broken_one_is_compiled_again(tmp_path: Path) -> None:
    """Jinja's compiled templates are kept in `.cache/omo/templates-…` (template_cache.py): a template edited
    since is compiled from its new source, and a kept file that does not read is compiled anew, not an error."""
    project = copy_example(tmp_path / "project")
    first = _cli(project, tmp_path / "first")
    assert first.returncode == 0, first.stderr
    kept = sorted((project / ".cache" / "omo").glob("templates-*/*"))
    assert {path.parent.name.rsplit("-", 1)[0] for path in kept} == {"templates-theme", "templates-pages-markdown",
                                                                      "templates-pages-html"}
    for path in kept[::2]:
        path.write_bytes(b"not a compiled template")
    main = project / "theme" / "main.html"
    main.write_text(main.read_text(encoding="utf-8").replace("{% block content %}",
                                                             "{% block content %}<!-- edited -->", 1),
                    encoding="utf-8")
    second = _cli(project, tmp_path / "second")
    assert second.returncode == 0, second.stderr
    assert b"<!-- edited -->" in (tmp_path / "second" / "practices" / "index.html").read_bytes()
    first_files, second_files = site_files(tmp_path / "first"), site_files(tmp_path / "second")
    assert first_files.keys() == second_files.keys()


# A cache git cannot vouch for -----------------------------------------------------------------------------------

def test_a_tracked_cache_is_refused_when_git_cannot_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``.cache/`` files added to git (``git add -f`` in a merge request) are refused also when git fails in
    the checkout (CI runners: «detected dubious ownership», exit code 128); only outside any repository is the
    cache read without asking git."""
    from generator.mkdocs.page_cache import cache_problem

    project = tmp_path / "project"
    (project / ".cache" / "omo").mkdir(parents=True)
    (project / ".cache" / "omo" / "fields-x.json").write_text("{}", encoding="utf-8")
    for command in (["init", "-q"], ["add", "-f", ".cache"]):
        subprocess.run(["git", *command], cwd=project, check=True, capture_output=True)
    assert cache_problem(project, project / ".cache" / "omo") is not None  # git answers: refused
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "git").write_text("#!/bin/sh\necho \"fatal: detected dubious ownership in repository at '$PWD'\" >&2\n"
                              "exit 128\n", encoding="utf-8")
    (fake / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    assert cache_problem(project, project / ".cache" / "omo") is not None


# The menu on kept pages follows what its entries lead to ---------------------------------------------------

@pytest.mark.parametrize(("entry", "edit"), [
    ("  - О нас: about.md\n", lambda page: page.unlink()),  # MkDocs then links the missing page as written
    ("  - about.md\n", lambda page: page.write_text("# О проекте ОМО\n\nТекст.\n", encoding="utf-8")),  # its title
])
def test_kept_pages_show_the_menu_a_build_from_nothing_shows(tmp_path: Path, entry: str, edit: Any) -> None:
    project = make_project(tmp_path / "kept").root
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text(encoding="utf-8") + entry,
                                        encoding="utf-8")
    (project / "content/about.md").write_text("# О нас\n\nТекст.\n", encoding="utf-8")
    assert _cli(project, project / "site").returncode == 0
    edit(project / "content/about.md")
    assert _cli(project, project / "site").returncode == 0  # not strict: a menu entry may lead nowhere
    fresh = tmp_path / "fresh"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns(".cache", "site"))
    assert _cli(fresh, fresh / "site").returncode == 0
    assert site_files(project / "site") == site_files(fresh / "site")
