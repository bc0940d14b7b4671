"""Editors' YAML files parsed by the last build are taken again while their text is the same
(generator/core/parsed_cache.py): the site read from them is the one read from the files, and problems are
reported as before."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from conftest import Project, copy_example
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core import yamlio
from generator.core.build import load_site
from generator.core.errors import ContentError
from generator.core.parsed_cache import MISSING, ParsedFiles, kept_parsing


def read(project: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, int]:
    """The site (as text) read with ``cache``, and how many files the YAML parser read to make it."""
    monkeypatch.setattr(yamlio, "_LAST_PARSED", {})  # as in a new process
    parsed = []
    fast_parse = yamlio._fast_parse
    monkeypatch.setattr(yamlio, "_fast_parse", lambda text: parsed.append(text) or fast_parse(text))
    with kept_parsing(ParsedFiles(cache)):
        site = load_site(project, project / "data", project / "content")
    return repr(site), len(parsed)


def problems(project: Path, cache: Path | None, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setattr(yamlio, "_LAST_PARSED", {})
    with pytest.raises(ContentError) as raised:
        if cache is None:
            load_site(project, project / "data", project / "content")
        else:
            with kept_parsing(ParsedFiles(cache)):
                load_site(project, project / "data", project / "content")
    return [str(problem) for problem in raised.value.problems]


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "project")


def test_a_second_reading_parses_only_the_changed_file(example: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "parsed.marshal"
    first, parsed_first = read(example, cache, monkeypatch)
    assert parsed_first > 20 and cache.stat().st_size > 1000
    again, parsed_again = read(example, cache, monkeypatch)
    assert (again, parsed_again) == (first, 0)

    practice = sorted((example / "data" / "practices").glob("*.yml"))[0]
    practice.write_text(practice.read_text(encoding="utf-8").replace("title: ", "title: Обновлено — ", 1),
                        encoding="utf-8")
    edited, parsed_edited = read(example, cache, monkeypatch)
    assert parsed_edited == 1 and "Обновлено — " in edited and edited != first
    monkeypatch.setattr(yamlio, "_LAST_PARSED", {})
    assert edited == repr(load_site(example, example / "data", example / "content"))  # as without the cache


def test_files_with_problems_are_parsed_every_time_and_reported_the_same(example: Path, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    project = Project(example)
    practice = sorted((example / "data" / "practices").glob("*.yml"))[0]
    text = practice.read_text(encoding="utf-8")
    # An escape that makes a control character (a problem of the parser's), and a field the model refuses.
    project.write(practice.relative_to(example).as_posix(), text.replace("title: ", 'title: "\\x07" ', 1))
    project.write("data/practices/broken-year.yml", text.replace("school_year: ", "school_year: 20", 1))
    expected = problems(example, None, monkeypatch)
    assert any(practice.name in message for message in expected) and any("broken-year" in m for m in expected)
    cache = tmp_path / "parsed.marshal"
    assert problems(example, cache, monkeypatch) == expected
    assert problems(example, cache, monkeypatch) == expected  # the second time from the cache
    _, parsed = read_after_fix(example, practice, text, cache, monkeypatch)
    assert parsed == 1  # only the fixed file: the one the models refused had been parsed cleanly, and kept


def read_after_fix(project: Path, practice: Path, text: str, cache: Path,
                   monkeypatch: pytest.MonkeyPatch) -> tuple[str, int]:
    practice.write_text(text, encoding="utf-8")
    (project / "data" / "practices" / "broken-year.yml").unlink()
    return read(project, cache, monkeypatch)


@pytest.mark.parametrize("damage", ["cut", "flipped", "not ours", "link", "folder", "pipe"])
def test_a_damaged_cache_is_not_read(example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     damage: str) -> None:
    cache = tmp_path / "parsed.marshal"
    first, _ = read(example, cache, monkeypatch)
    raw = cache.read_bytes()
    if damage == "cut":
        cache.write_bytes(raw[: len(raw) // 2])
    elif damage == "flipped":
        cache.write_bytes(raw[:-10] + bytes([raw[-10] ^ 1]) + raw[-9:])
    elif damage == "not ours":
        cache.write_bytes(b"\x00" * len(raw))
    elif damage == "link":
        outside = tmp_path / "elsewhere.marshal"
        cache.rename(outside)
        cache.symlink_to(outside)
    elif damage == "folder":
        cache.unlink()
        cache.mkdir()
    else:
        cache.unlink()
        os.mkfifo(cache)  # reading it would wait for a writer for ever
    again, parsed = read(example, cache, monkeypatch)
    assert again == first
    assert parsed > 20  # nothing was taken from it
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []  # no half-written file
    if damage not in ("folder", "pipe"):
        assert not cache.is_symlink()  # a link is replaced by a file of the build's own, never written through
        _, parsed_next = read(example, cache, monkeypatch)
        assert parsed_next == 0


_TEXT = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), max_size=30)
_VALUES = st.recursive(st.none() | st.booleans() | st.integers(-10**6, 10**6) | _TEXT,
                       lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
                       max_leaves=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(st.from_regex(r"[a-z][a-z_]{0,10}", fullmatch=True), _VALUES, min_size=1, max_size=5))
def test_kept_data_is_the_parsed_data(tmp_path: Path, data: dict) -> None:
    """Whatever a file holds, the document taken from the cache is the one the parser makes."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    cache = tmp_path / "parsed.marshal"
    if cache.exists():
        cache.unlink()
    documents = []
    for _ in range(2):
        yamlio._LAST_PARSED.clear()
        with kept_parsing(ParsedFiles(cache)):
            try:
                document = yamlio.parse_yaml(text, "data/practices/x.yml")
            except yamlio.ReadError as error:
                documents.append(("refused", str(error.problem)))
                continue
        documents.append((document.data, [str(p) for p in document.problems], document.text))
    yamlio._LAST_PARSED.clear()
    try:
        plain = yamlio.parse_yaml(text, "data/practices/x.yml")
        expected = (plain.data, [str(p) for p in plain.problems], plain.text)
    except yamlio.ReadError as error:
        expected = ("refused", str(error.problem))
    assert documents == [expected, expected]


def test_the_cache_file_is_only_rewritten_when_something_changed(example: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "parsed.marshal"
    read(example, cache, monkeypatch)
    os.utime(cache, (1, 1))
    read(example, cache, monkeypatch)
    assert cache.stat().st_mtime == 1
    (sorted((example / "data" / "practices").glob("*.yml"))[0]).unlink()  # a file gone: dropped from the cache
    read(example, cache, monkeypatch)
    assert cache.stat().st_mtime != 1


def test_readings_in_one_process_keep_the_cache_whole(example: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A second reading in the same process takes its documents from memory; they stay in the file."""
    cache = tmp_path / "parsed.marshal"
    first, _ = read(example, cache, monkeypatch)
    for _ in range(2):  # without forgetting what this process parsed
        with kept_parsing(ParsedFiles(cache)):
            assert repr(load_site(example, example / "data", example / "content")) == first
    assert read(example, cache, monkeypatch) == (first, 0)


def test_data_marshal_cannot_keep_is_parsed_again(tmp_path: Path) -> None:
    files = ParsedFiles(tmp_path / "parsed.marshal")
    key = files.key("a: 1\n", "data/x.yml", 1)
    assert files.put(key, {"a": object()}) is None  # not a plain value
    files.save()
    assert ParsedFiles(tmp_path / "parsed.marshal").get(key) is MISSING
