"""Pagefind's page fragments kept between builds (generator/outputs/search_cache.py): pages that did not change are
not compressed again, and the bundle is the one Pagefind makes from nothing."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import TODAY_EPOCH, Project, copy_example
from hypothesis import given
from hypothesis import strategies as st

from generator.outputs import search, search_cache
from generator.outputs.search_cache import FRAGMENTS, MANIFEST, KeptFragments


def page(title: str, text: str) -> str:
    return (f'<html lang="ru"><head><title>{title}</title></head><body><div data-pagefind-body>'
            f"<h1>{title}</h1><p>{text}</p></div></body></html>")


PAGES = {f"practices/p{number}/index.html": page(f"Практика {number}", f"Библиотечный урок номер {number}.")
         for number in range(6)}


def index(site: Path, pages: dict[str, str], cache: Path) -> tuple[KeptFragments, dict[str, int]]:
    """Index ``pages`` into ``site`` with fragments kept in ``cache``; the kept fragments copied in, each with
    its modification time right after the copy."""
    kept = KeptFragments(cache)
    seeded: dict[str, int] = {}
    real_seed = kept.seed

    def seed(bundle: Path) -> int:
        count = real_seed(bundle)
        seeded.update({path.name: path.stat().st_mtime_ns for path in (bundle / FRAGMENTS).iterdir()})
        return count

    kept.seed = seed  # type: ignore[method-assign]
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    writer = search.SearchIndex(pages=len(pages), kept=kept)
    for dest_uri, html in pages.items():
        writer.add(dest_uri, html)
    assert writer.write(site) == len(pages)
    return kept, seeded


def fragments(site: Path, *only: str) -> dict[str, dict[str, object]]:
    """The bundle's fragments by page address (of the pages written to ``only``, if given)."""
    found = {}
    for path in (site / search.BUNDLE / FRAGMENTS).iterdir():
        fragment = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        assert fragment["url"] not in found, "two fragments for one page"
        found[fragment["url"]] = fragment
    wanted = {search.page_url(dest_uri) for dest_uri in only}
    return {url: fragment for url, fragment in found.items() if url in wanted or not only}


def entry_count(site: Path) -> int:
    entry = json.loads((site / search.BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    return entry["languages"]["ru"]["page_count"]


def test_unchanged_pages_keep_their_fragments_and_pagefind_leaves_them(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    index(tmp_path / "fresh", PAGES, tmp_path / "unused")
    index(tmp_path / "first", PAGES, cache)
    assert fragments(tmp_path / "first") == fragments(tmp_path / "fresh")
    assert len(json.loads((cache / MANIFEST).read_text(encoding="utf-8"))) == len(PAGES)

    changed = dict(PAGES)
    changed["practices/p2/index.html"] = page("Практика 2", "Новый текст о читательском клубе.")
    del changed["practices/p5/index.html"]
    changed["practices/p6/index.html"] = page("Практика 6", "Совсем новая страница.")
    _, seeded = index(tmp_path / "second", changed, cache)
    assert len(seeded) == 4  # p0, p1, p3, p4: the same text as before
    for name, stamp in seeded.items():  # Pagefind did not write them again
        assert (tmp_path / "second" / search.BUNDLE / FRAGMENTS / name).stat().st_mtime_ns == stamp
    found = fragments(tmp_path / "second")
    assert sorted(found) == sorted(search.page_url(uri) for uri in changed)
    assert "читательском клубе" in str(found["/practices/p2/"]["content"])
    assert entry_count(tmp_path / "second") == len(changed)
    # The same bundle as from nothing, and the cache holds the fragments of this build only.
    index(tmp_path / "fresh2", changed, tmp_path / "unused2")
    assert found == fragments(tmp_path / "fresh2")
    assert len(list((cache / FRAGMENTS).iterdir())) == len(changed)


def test_a_kept_fragment_pagefind_does_not_want_is_not_published(tmp_path: Path) -> None:
    """A fragment copied in under a name Pagefind does not give the page (a changed Pagefind, a name
    lengthened because two hashes met) would stay in the bundle as an extra file: the bundle is written again."""
    cache = tmp_path / "cache"
    index(tmp_path / "first", PAGES, cache)
    manifest = json.loads((cache / MANIFEST).read_text(encoding="utf-8"))
    digest, name, size = manifest["/practices/p1/"]
    stray = "ru_0000000"
    (cache / FRAGMENTS / f"{name}.pf_fragment").rename(cache / FRAGMENTS / f"{stray}.pf_fragment")
    manifest["/practices/p1/"] = [digest, stray, size]
    (cache / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    index(tmp_path / "second", PAGES, cache)
    names = {path.stem for path in (tmp_path / "second" / search.BUNDLE / FRAGMENTS).iterdir()}
    assert stray not in names and name in names
    assert len(names) == entry_count(tmp_path / "second") == len(PAGES)
    assert fragments(tmp_path / "second") == fragments(tmp_path / "first")


@pytest.mark.parametrize("damage", ["cut", "manifest", "path", "link"])
def test_a_damaged_cache_is_not_copied(tmp_path: Path, damage: str) -> None:
    cache = tmp_path / "cache"
    index(tmp_path / "first", PAGES, cache)
    manifest = json.loads((cache / MANIFEST).read_text(encoding="utf-8"))
    if damage == "cut":  # a file cut short (a full disk, a build stopped while copying)
        fragment = cache / FRAGMENTS / f"{manifest['/practices/p1/'][1]}.pf_fragment"
        fragment.write_bytes(fragment.read_bytes()[:20])
    elif damage == "manifest":
        (cache / MANIFEST).write_text("{не json", encoding="utf-8")
    elif damage == "link":  # a kept fragment replaced by a link to a file elsewhere, of the same size
        fragment = cache / FRAGMENTS / f"{manifest['/practices/p1/'][1]}.pf_fragment"
        (tmp_path / "outside.pf_fragment").write_bytes(b"x" * fragment.stat().st_size)
        fragment.unlink()
        fragment.symlink_to(tmp_path / "outside.pf_fragment")
    else:  # a name that would copy a file from outside the cache into the site
        (tmp_path / "outside.pf_fragment").write_bytes(b"x" * manifest["/practices/p1/"][2])
        manifest["/practices/p1/"][1] = "../../outside"
        (cache / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    _, seeded = index(tmp_path / "second", PAGES, cache)
    assert len(seeded) == (0 if damage == "manifest" else len(PAGES) - 1)
    assert fragments(tmp_path / "second") == fragments(tmp_path / "first")
    assert [path.name for path in (tmp_path / "second").rglob("outside*")] == []
    assert len(json.loads((cache / MANIFEST).read_text(encoding="utf-8"))) == len(PAGES)  # whole again


def test_the_cache_folder_follows_pagefind_and_the_index_settings(tmp_path: Path) -> None:
    folder = search_cache.cache_folder(tmp_path, search.CONFIG)
    assert folder == search_cache.cache_folder(tmp_path, dict(search.CONFIG))
    assert folder != search_cache.cache_folder(tmp_path, {**search.CONFIG, "exclude_selectors": []})


def test_two_mkdocs_builds_publish_the_same_search_and_the_second_copies_kept_fragments(tmp_path: Path) -> None:
    project = Project(copy_example(tmp_path / "project"))
    assert project.build().returncode == 0
    first = fragments(project.root / "site")
    kept = list((project.root / ".cache" / "omo").glob(f"search-*/{MANIFEST}"))
    assert len(kept) == 1 and len(json.loads(kept[0].read_text(encoding="utf-8"))) == len(first) > 40
    practice = sorted((project.root / "data" / "practices").glob("*.yml"))[0]
    practice.write_text(practice.read_text(encoding="utf-8").replace("title: ", "title: Обновлённая ", 1),
                        encoding="utf-8")
    result = project.build()
    assert result.returncode == 0, result.stderr
    second = fragments(project.root / "site")
    assert sorted(second) == sorted(first)
    assert "Обновлённая" in str(second[f"/practices/{practice.stem}/"]["meta"])
    changed = {url for url in first if first[url] != second[url]}
    assert f"/practices/{practice.stem}/" in changed and len(changed) < len(first) / 2
    assert entry_count(project.root / "site") == len(second)


# Two fragments whose names collide -------------------------------------------------------------------------------

def _pagefind_name(fragment: bytes) -> str:
    """Pagefind's full hash of a fragment's content: SHA-1, each byte in hex without its leading zero."""
    return "".join(format(byte, "x") for byte in hashlib.sha1(fragment).digest())


def _colliding_texts(tmp_path: Path) -> tuple[str, str]:
    """Texts of the pages A and B whose fragments' names share their first seven digits (found by trying)."""
    mark = "Z0000000"
    index(tmp_path / "shape", {A: page("Страница А", f"Метка {mark}."), B: page("Страница Б", f"Метка {mark}.")},
          tmp_path / "shape-cache")
    found = fragments(tmp_path / "shape")
    shape_a, shape_b = (_raw(tmp_path / "shape", url) for url in (search.page_url(A), search.page_url(B)))
    assert found and shape_a.count(mark.encode()) == 1 == shape_b.count(mark.encode())
    seen: dict[str, str] = {}
    for number in range(60000):
        token = f"Z{number:07d}"
        seen.setdefault(_pagefind_name(shape_a.replace(mark.encode(), token.encode()))[:7], token)
    for number in range(60000):
        token = f"Z{number:07d}"
        if (other := seen.get(_pagefind_name(shape_b.replace(mark.encode(), token.encode()))[:7])) is not None:
            return f"Метка {other}.", f"Метка {token}."
    raise AssertionError("no two fragments with the same first digits: has Pagefind changed how it names them?")


def _raw(site: Path, url: str) -> bytes:
    for path in (site / search.BUNDLE / FRAGMENTS).iterdir():
        content = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        if json.loads(content)["url"] == url:
            return content
    raise AssertionError(url)


A, B, C = "practices/zz-a/index.html", "practices/aa-b/index.html", "practices/mm-c/index.html"


@pytest.mark.parametrize("listing", ["as it comes", "reversed"])
def test_a_page_whose_fragment_name_collides_with_a_kept_one_is_found_by_its_own_text(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, listing: str) -> None:
    """Page A alone keeps its fragment under a seven-digit name; then a new page B, which reaches Pagefind first,
    gets that name and A a longer one. The kept copy of A under the short name must not stand for B."""
    text_a, text_b = _colliding_texts(tmp_path)
    if listing == "reversed":  # the order in which the file system lists the bundle decides nothing
        listed = Path.iterdir
        monkeypatch.setattr(Path, "iterdir", lambda self: iter(sorted(listed(self), reverse=True)))
    both = {B: page("Страница Б", text_b), A: page("Страница А", text_a)}
    index(tmp_path / "fresh", both, tmp_path / "unused")
    names = sorted(path.stem for path in (tmp_path / "fresh" / search.BUNDLE / FRAGMENTS).iterdir())
    assert len(names) == 2 and names[1].startswith(names[0])  # the collision, as Pagefind resolves it
    cache = tmp_path / "cache"
    index(tmp_path / "first", {A: both[A]}, cache)
    writes = count_writes(monkeypatch)
    both[C] = page("Страница В", "Читательский клуб.")
    for build in ("second", "third", "fourth"):
        writes.clear()
        _, seeded = index(tmp_path / build, both, cache)
        assert fragments(tmp_path / build) == {**fragments(tmp_path / "fresh"), **fragments(tmp_path / build, C)}
        assert search.page_url(B) in {fragment["url"] for fragment in fragments(tmp_path / build).values()}
        assert sorted(path.stem for path in (tmp_path / build / search.BUNDLE / FRAGMENTS).iterdir()
                      if path.stem.startswith(names[0])) == names
        kept = json.loads((cache / MANIFEST).read_text(encoding="utf-8"))
        # Neither colliding fragment is kept: their names depend on which page comes first.
        assert sorted(kept) == [search.page_url(C)]
        if build == "second":  # A's kept copy was in the bundle when B took its name: written again, without it
            assert len(writes) == 2
        else:  # nothing of the collision was copied in: the bundle is written once, with C's kept fragment
            assert len(writes) == 1 and len(seeded) == 1


def count_writes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The bundles Pagefind is asked to write, from here on."""
    writes: list[Path] = []
    real = search.SearchIndex._write_files

    def counted(self: search.SearchIndex, bundle: Path, *meanwhile: object) -> None:
        writes.append(bundle)
        real(self, bundle, *meanwhile)

    monkeypatch.setattr(search.SearchIndex, "_write_files", counted)
    return writes


@given(st.lists(st.text("0123456789abcdef", min_size=7, max_size=10), max_size=12, unique=True))  # file names
def test_collided_names_are_those_one_of_which_begins_another(digits: list[str]) -> None:
    names = [f"ru_{one}" for one in digits]
    expected = {name for name in names if any(other != name and (other.startswith(name) or name.startswith(other))
                                               for other in names)}
    assert search_cache.collided(names) == expected


# Pagefind's pipe --------------------------------------------------------------------------------------------------

def test_small_pages_queued_behind_a_large_one_reach_pagefind(tmp_path: Path) -> None:
    """Sixteen small pages in flight fit in the pipe's buffer: they must be sent before the sender waits."""
    done: list[int] = []

    def run() -> None:
        writer = search.SearchIndex()
        words = " ".join(f"<p>слово{number} текст{number % 97}</p>" for number in range(100000))
        writer.add("large/index.html", f'<html lang="ru"><body><div data-pagefind-body>{words}</div></body></html>')
        time.sleep(0.3)  # the large page is sent; Pagefind works on it while the small ones queue up
        for number in range(100):
            writer.add(f"{number}.html", f"<html><div data-pagefind-body>w{number}</div></html>")
        done.append(writer.write(tmp_path))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=60)
    assert done == [101]


def test_a_stopped_pagefind_stops_the_next_page(tmp_path: Path) -> None:
    writer = search.SearchIndex()
    writer.add(*next(iter(PAGES.items())))
    writer._process.kill()
    with pytest.raises(search.SearchError, match="Pagefind"):
        for _ in range(3):  # the pipe may take a page or two before the reader sees the end
            for dest_uri, html in PAGES.items():
                writer.add(dest_uri, html)
            time.sleep(0.5)
    writer.close()


def test_a_dirty_build_indexes_every_page_of_the_site(tmp_path: Path) -> None:
    """`mkdocs build --dirty` writes only the pages it takes for changed; the search still holds them all."""
    project = Project(copy_example(tmp_path / "project"))
    assert project.build().returncode == 0
    full = fragments(project.root / "site")
    guide = sorted((project.root / "content" / "editors").glob("*.md"))[0]
    guide.write_text(guide.read_text(encoding="utf-8") + "\nДобавлено при проверке.\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--dirty"], cwd=project.root, text=True,
                            capture_output=True, env=os.environ | {"SOURCE_DATE_EPOCH": TODAY_EPOCH}, check=False)
    assert result.returncode == 0, result.stderr  # not --strict: MkDocs warns about every dirty build
    found = fragments(project.root / "site")
    assert sorted(found) == sorted(full) and entry_count(project.root / "site") == len(full)
    assert any("Добавлено при проверке" in str(fragment["content"]) for fragment in found.values())


@pytest.mark.parametrize("when", ["adding pages", "writing"])
def test_a_hung_pagefind_stops_the_build_instead_of_waiting_for_ever(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     when: str) -> None:
    """A Pagefind that stops answering (here: stopped by a signal, alive) fails the build after SILENT_AT_MOST."""
    monkeypatch.setattr(search, "SILENT_AT_MOST", 2.0)
    writer = search.SearchIndex()
    writer.add(*next(iter(PAGES.items())))
    os.kill(writer._process.pid, signal.SIGSTOP)
    started = time.monotonic()
    try:
        with pytest.raises(search.SearchError, match="не отвечает"):
            if when == "writing":
                writer.write(tmp_path)
            else:
                for number in range(search.QUEUED + search.IN_FLIGHT + 100):  # more than the pipe and queue hold
                    writer.add(f"p{number}/index.html", page(f"Страница {number}", "слово " * 2000))
        assert time.monotonic() - started < 30
    finally:
        writer.close()
    assert writer._process.poll() is not None  # killed, not left stopped


def test_a_pagefind_idle_for_long_is_not_taken_for_hung(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Silence counts from when the build starts to wait (another plugin may take long before the index is
    written), and a pause of the build's own process (Ctrl+Z) is not Pagefind's silence."""
    monkeypatch.setattr(search, "SILENT_AT_MOST", 1.5)
    writer = search.SearchIndex()
    for dest_uri, html in PAGES.items():
        writer.add(dest_uri, html)
    time.sleep(3)  # idle for twice the limit before the write
    assert writer.write(tmp_path) == len(PAGES)
    assert (tmp_path / search.BUNDLE / "pagefind-entry.json").is_file()

    clock = iter([100.0, 101.0, 102.0, 400.0, 401.0, 402.5])
    monkeypatch.setattr(search.time, "monotonic", lambda: next(clock))
    waiting = search._Waiting()  # begins at 100, Pagefind last heard at 50
    assert [waiting.silent_for(50.0) for _ in range(2)] == [1.0, 2.0]
    assert waiting.silent_for(50.0) == 0.0  # 298 s between two looks: the process itself was stopped
    assert [waiting.silent_for(50.0) for _ in range(2)] == [1.0, 2.5]


def use_broken_pagefind(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind as a broken install leaves it: a program that ends at once."""
    broken = folder / "pagefind"
    broken.write_text("#!/bin/sh\nexit 3\n", encoding="utf-8")
    broken.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", os.fspath(broken))


def test_a_failing_pagefind_stops_the_build_with_a_message_and_keeps_the_site(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A Pagefind that ends at once (a broken install): a Russian message, no traceback, the old site stays."""
    project = Project(copy_example(tmp_path / "project"))
    assert project.build().returncode == 0
    before = (project.root / "site" / "index.html").read_bytes()
    use_broken_pagefind(tmp_path, monkeypatch)
    result = project.build()
    assert result.returncode != 0
    assert "Поиск по сайту не собран, сайт не обновлён. Pagefind: Pagefind остановился" in result.stderr
    assert "Traceback" not in result.stderr
    assert (project.root / "site" / "index.html").read_bytes() == before


def test_the_preview_tells_why_it_has_no_search(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`mkdocs serve` indexes in the background; a Pagefind that cannot run is reported, not swallowed."""
    site = tmp_path / "site"
    for dest_uri, html in PAGES.items():
        (site / dest_uri).parent.mkdir(parents=True, exist_ok=True)
        (site / dest_uri).write_text(html, encoding="utf-8")
    use_broken_pagefind(tmp_path, monkeypatch)
    told: list[str] = []
    deferred = search.DeferredIndex(warn=told.append)
    deferred.start(site, delay=0)
    for _ in range(100):
        if told:
            break
        time.sleep(0.1)
    assert told == ["Pagefind: Pagefind остановился"]
    monkeypatch.delenv("PAGEFIND_BINARY_PATH")
    deferred.start(site, delay=0)  # a working Pagefind: nothing to tell, and the bundle is there
    for _ in range(100):
        if (site / search.BUNDLE / "pagefind-entry.json").is_file():
            break
        time.sleep(0.1)
    time.sleep(0.5)
    assert told == ["Pagefind: Pagefind остановился"] and (site / search.BUNDLE / "pagefind-entry.json").is_file()
