"""Generated pages kept between builds by what they read (generator/pages/source_memo.py): after any edit the
kept pages are exactly the pages a build from nothing makes, and pages the edit does not touch are kept."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from conftest import REPO, TODAY_EPOCH, site_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core.build import load_site
from generator.core.errors import ContentError
from generator.pages import pages as page_writing
from generator.pages.pages import Page, PageWriter
from generator.pages.source_memo import SourceMemo, digest_of

sys.path.insert(0, str(REPO / "bench"))
from generate import generate  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small site with every kind of record: meetings, resolutions, district reports, practices, stories."""
    root = tmp_path_factory.mktemp("corpus") / "project"
    generate(60, root)
    return root


def _site(root: Path, shift: int = 0) -> object:
    site = load_site(root, root / "data", root / "content")
    site.today = site.today + dt.timedelta(days=shift)
    return site


def _made(site: object, memo: SourceMemo | None) -> list[tuple[str, str, tuple[str, ...]]]:
    made = [(page.src_uri, page.source, page.blocks) for page in PageWriter(site, memo=memo).pages()]
    if memo is not None:
        memo.save()  # as a build does at its end
    return made


# Edits an editor makes: a value of one record given the value another record of the same kind has.
_KEYS = ("title", "municipality", "form", "date", "meeting", "progress", "audience", "summary", "name", "short")
_LINE = re.compile(rf"^({'|'.join(_KEYS)}): (.+)$", re.MULTILINE)


def _files(root: Path) -> list[Path]:
    return sorted(path for folder in ("data", "content/stories") for path in (root / folder).rglob("*")
                  if path.suffix in (".yml", ".md") and path.is_file())


@st.composite
def edits(draw: st.DrawFn, files: list[Path]) -> list[tuple[str, str, int, str]]:
    """(file, key, which occurrence, the value taken from another file), or a report removed."""
    chosen = []
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(files))
        found = _LINE.findall(path.read_text(encoding="utf-8"))
        if not found:
            continue
        index = draw(st.integers(0, len(found) - 1))
        key = found[index][0]
        if ("reports" in path.parts or "stories" in path.parts) and draw(st.booleans()):
            chosen.append((path.as_posix(), "", 0, ""))  # a district takes its report back, a story is removed
            continue
        if path.suffix == ".md" and draw(st.booleans()):
            chosen.append((path.as_posix(), "", 1, "Дополнение к тексту новости."))  # the story's text
            continue
        donors = [value for other in files if other.parent.name == path.parent.name or
                  other.parent.parent == path.parent.parent
                  for k, value in _LINE.findall(other.read_text(encoding="utf-8")) if k == key]
        chosen.append((path.as_posix(), key, index, draw(st.sampled_from(donors + [found[index][1] + " (ред.)"]))))
    return chosen


def _apply(root: Path, copy: Path, chosen: list[tuple[str, str, int, str]]) -> None:
    for name, key, index, value in chosen:
        path = copy / Path(name).relative_to(root)
        if not path.exists():
            continue
        if not key and not index:
            path.unlink()
            continue
        if not key:
            path.write_text(path.read_text(encoding="utf-8") + f"\n{value}\n", encoding="utf-8")
            continue
        text = path.read_text(encoding="utf-8")
        matches = [found for found in _LINE.finditer(text) if found[1] == key]
        match = matches[min(index, len(matches) - 1)]
        path.write_text(text[:match.start(2)] + value + text[match.end(2):], encoding="utf-8")


@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_pages_kept_after_any_edit_are_the_pages_made_from_nothing(
        corpus: Path, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    copy = tmp_path_factory.mktemp("edited") / "project"
    shutil.copytree(corpus, copy)
    memo_folder = copy / ".memo"
    before = _made(_site(copy), SourceMemo(memo_folder))
    chosen = data.draw(edits(_files(corpus)))
    shift = data.draw(st.sampled_from([0, 0, 1, 40, 400]))  # the next day, or months later: deadlines pass
    _apply(corpus, copy, chosen)
    try:
        site = _site(copy, shift)
    except ContentError:
        return  # an edit the checks refuse: the build stops before making pages
    memo = SourceMemo(memo_folder)
    kept = _made(site, memo)
    assert kept == _made(site, None), chosen
    assert memo.kept + memo.made == len(kept)
    if not chosen and not shift:
        assert memo.kept == len(before)


def test_an_edit_makes_again_only_the_pages_that_show_it(corpus: Path, tmp_path: Path) -> None:
    copy = tmp_path / "project"
    shutil.copytree(corpus, copy)
    first = SourceMemo(tmp_path / "memo")
    _made(_site(copy), first)
    assert (first.kept, first.made) == (0, len(list(PageWriter(_site(copy)).pages())))
    practice = sorted((copy / "data/practices").glob("*.yml"))[3]
    text = practice.read_text(encoding="utf-8")
    title = re.search(r"^title: (.+)$", text, re.MULTILINE)[1]
    practice.write_text(text.replace(f"title: {title}", f"title: {title} (обновлено)", 1), encoding="utf-8")
    second = SourceMemo(tmp_path / "memo")
    pages = PageWriter(_site(copy), memo=second).pages()
    showing = [page.src_uri for page in pages if f"{title} (обновлено)" in page.markdown]
    assert f"practices/{practice.stem}.md" in showing
    assert second.made < 40 and second.kept > 100, (second.made, second.kept)  # of 160 pages


def test_a_page_that_reads_what_cannot_be_compared_is_made_every_time(corpus: Path, tmp_path: Path) -> None:
    site = _site(corpus)
    memo = SourceMemo(tmp_path / "memo")
    writer = PageWriter(site, memo=memo)
    # A template that reads the docs folder and a private part of the site.
    env = writer.env.overlay()
    template = env.from_string("{{ site.docs }} {{ site._practices_by|length }}")
    env.get_template = lambda name: template  # type: ignore[method-assign]
    writer.env = env
    page = writer.render("any.md.j2", "probe.md")
    assert isinstance(page, Page) and str(corpus) in page.source
    assert list((tmp_path / "memo").glob("*")) == []  # nothing kept: made again in every build
    again = SourceMemo(tmp_path / "memo")
    writer.memo = again
    writer.render("any.md.j2", "probe.md")
    assert again.kept == 0


def test_two_builds_with_an_edit_between_publish_what_a_build_from_nothing_publishes(corpus: Path,
                                                                                      tmp_path: Path) -> None:
    kept, fresh = tmp_path / "kept", tmp_path / "fresh"
    shutil.copytree(corpus, kept)
    env = os.environ | {"SOURCE_DATE_EPOCH": TODAY_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("OMO_ONE_PROCESS", None)

    def build(project: Path) -> None:
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, env=env, capture_output=True,
                              text=True, encoding="utf-8", check=False)
        assert done.returncode == 0, done.stderr

    build(kept)
    story = sorted((kept / "content/stories").glob("*.md"))[-1]
    practice = sorted((kept / "data/practices").glob("*.yml"))[0].stem
    text = re.sub(r"^practices:\n(?:- .+\n)+", "", story.read_text(encoding="utf-8"), flags=re.MULTILINE)
    story.write_text(text.replace("\n---\n", f"\npractices:\n- {practice}\n---\n", 1), encoding="utf-8")
    build(kept)
    shutil.copytree(kept, fresh, ignore=shutil.ignore_patterns(".cache", "site"))
    build(fresh)
    assert site_files(kept / "site") == site_files(fresh / "site")
    assert story.stem in (kept / f"site/practices/{practice}/index.html").read_text(encoding="utf-8")


def test_a_kept_file_that_cannot_be_read_or_asked_again_makes_its_page_anew(corpus: Path, tmp_path: Path) -> None:
    site = _site(corpus)
    _made(site, SourceMemo(tmp_path / "memo"))
    files = sorted((tmp_path / "memo").glob("*.source"))
    stored = json.loads(zlib.decompress(files[0].read_bytes()))
    stored["reads"] = [['["call", "no_such_method", [], []]'], ["0"]]  # a read this site cannot answer
    stored["source"] = "<script>alert(1)</script>"
    files[0].write_bytes(zlib.compress(json.dumps(stored).encode()))
    files[1].write_bytes(b"not zlib")
    memo = SourceMemo(tmp_path / "memo")
    assert _made(site, memo) == _made(site, None)
    assert (memo.made, memo.kept) == (2, len(files) - 2)


def test_kept_text_is_not_used_after_the_template_engine_or_babel_changed(corpus: Path, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(corpus)
    _made(site, SourceMemo(tmp_path / "memo"))
    monkeypatch.setattr(page_writing, "_TEXT_PACKAGES", lambda: "jinja2 9.9, markupsafe 9.9, babel 9.9, pydantic 9.9")
    memo = SourceMemo(tmp_path / "memo")
    assert _made(site, memo) == _made(site, None)
    assert memo.kept == 0


def test_a_read_by_a_key_json_cannot_write_makes_the_page_every_time(corpus: Path, tmp_path: Path) -> None:
    site = _site(corpus)
    writer = PageWriter(site, memo=SourceMemo(tmp_path / "memo"))
    env = writer.env.overlay()
    template = env.from_string("{{ site.meetings.get(site.today) is none }}")  # a date as the key
    env.get_template = lambda name: template  # type: ignore[method-assign]
    writer.env = env
    assert writer.render("any.md.j2", "probe.md").source == "True"
    writer.memo.save()  # type: ignore[union-attr]
    assert list((tmp_path / "memo").glob("*")) == []


def test_a_digest_of_what_a_page_read_has_128_bits() -> None:
    # An editor can write both values: at 64 bits, 2**32 tries found two with one digest, and the page made from
    # the first would be kept for the second.
    assert len(digest_of(("a", 1), {})) * 4 >= 128
