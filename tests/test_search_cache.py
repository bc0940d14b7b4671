"""Pagefind's page fragments kept between builds (generator/outputs/search_cache.py): pages that did not change are
not compressed again, and the bundle is the one Pagefind makes from nothing."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from conftest import Project, copy_example

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


def fragments(site: Path) -> dict[str, dict[str, object]]:
    """The bundle's fragments by page address."""
    found = {}
    for path in (site / search.BUNDLE / FRAGMENTS).iterdir():
        fragment = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        assert fragment["url"] not in found, "two fragments for one page"
        found[fragment["url"]] = fragment
    return found


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


@pytest.mark.parametrize("damage", ["cut", "manifest", "path"])
def test_a_damaged_cache_is_not_copied(tmp_path: Path, damage: str) -> None:
    cache = tmp_path / "cache"
    index(tmp_path / "first", PAGES, cache)
    manifest = json.loads((cache / MANIFEST).read_text(encoding="utf-8"))
    if damage == "cut":  # a file cut short (a full disk, a build stopped while copying)
        fragment = cache / FRAGMENTS / f"{manifest['/practices/p1/'][1]}.pf_fragment"
        fragment.write_bytes(fragment.read_bytes()[:20])
    elif damage == "manifest":
        (cache / MANIFEST).write_text("{не json", encoding="utf-8")
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
