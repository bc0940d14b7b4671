"""Pagefind gets only the part of a page it reads (generator/outputs/search.py ``essentials``): the same index."""

from __future__ import annotations

import gzip
import hashlib
import re
import shutil
from pathlib import Path

import pytest
from conftest import Project
from hypothesis import given
from hypothesis import strategies as st

from generator.outputs import search

PAGE = """<!doctype html>
<html lang="ru" class="no-js">
  <head><meta charset="utf-8"><title>Квиз — ОМО</title></head>
  <body><header><nav id="menu">Меню сайта</nav></header>
    <article><div class="omo-page" data-pagefind-body data-pagefind-filter="section:editors">
      <h1 id="kviz">Квиз</h1><p>Текст</p></div></article>
    <footer>Подвал</footer></body>
</html>"""


def test_essentials_keep_language_title_and_the_indexed_element_on() -> None:
    sent = search.essentials(PAGE)
    assert sent.startswith('<html lang="ru" class="no-js"><head><title>Квиз — ОМО</title></head><body>')
    assert '<div class="omo-page" data-pagefind-body data-pagefind-filter="section:editors">' in sent
    assert "<h1 id=\"kviz\">Квиз</h1><p>Текст</p>" in sent and sent.endswith("</div></article></body></html>")
    assert "Меню сайта" not in sent and "charset" not in sent and "Подвал" not in sent


@pytest.mark.parametrize("after", ['<div data-pagefind-meta="author:Иванова"></div>', "<h1>Заголовок</h1>",
                                   '<img src="cover.png" alt="">', '<p data-pagefind-filter="year:2024">2024</p>',
                                   '<IMG SRC="cover.png">', '<p Data-Pagefind-Sort="date:2024">2024</p>', "<H1\n>"])
def test_a_page_with_what_pagefind_reads_after_the_article_is_sent_with_its_end(after: str) -> None:
    page = PAGE.replace("<footer>", "<footer>" + after)
    sent = search.essentials(page)
    assert sent.endswith(page[page.index("</div></article>"):]) and "Меню сайта" not in sent


def test_a_page_whose_article_ends_before_the_indexed_element_is_sent_to_its_end() -> None:
    page = PAGE.replace("<header>", "<header><article>Анонс</article>").replace("</div></article>", "</div>")
    assert search.essentials(page).endswith(page[page.index('<div class="omo-page"'):])


def test_an_article_inside_the_indexed_element_does_not_end_it() -> None:
    """A theme without the article around the indexed element: an article in the text is not its end."""
    page = PAGE.replace("<h1", "<article><p>Врезка</p></article><h1").replace("</div></article>", "</div>")
    assert search.essentials(page).endswith(page[page.index("<h1"):])


@pytest.mark.parametrize("before", ['<div data-pagefind-meta="author:Иванова"></div>', "<h1>Заголовок</h1>",
                                    '<span data-pagefind-filter="year:2024">2024</span>', "<H1>Заголовок</H1>",
                                    '<div DATA-PAGEFIND-META="author:Иванова"></div>', "<h1/>"])
def test_a_page_with_what_pagefind_reads_before_the_indexed_element_is_sent_whole(before: str) -> None:
    page = PAGE.replace("<header>", "<header>" + before)
    assert search.essentials(page) == page


# What Pagefind reads, as HTML names go: its attributes and the tags, in any case, a tag's name ending there.
_READ = {tags: re.compile("data-pagefind-|" + "|".join(rf"<{tag}\b" for tag in tags), re.IGNORECASE)
         for tags in (("h1",), ("h1", "img"))}


@given(st.lists(st.sampled_from(["data-pagefind-", "DATA-pageFIND-", "data-pagefind", "<h1", "<H1", "<img", "<IMG",
                                 "<h", "1", "x", "_", " ", ">", "/", "ж", "К", "\u212a", "İ", "<", "-", "a"]),
                max_size=12).map("".join))
def test_nothing_pagefind_reads_is_missed(text: str) -> None:
    """The fast check (bytes lowered as ASCII) finds whatever a case-blind search finds; it may find more (a page
    sent whole is indexed the same)."""
    for tags, read in _READ.items():
        found = search._read_by_pagefind(text, tuple(tag.encode() for tag in (f"<{name}" for name in tags)))
        assert found or not read.search(text), (text, tags)
        if text.isascii():
            assert found == bool(read.search(text)), (text, tags)


def test_a_page_without_html_tag_is_sent_whole() -> None:
    page = '<div data-pagefind-body><p>Текст</p></div>'
    assert search.essentials(page) == page


def bundle(site: Path) -> dict[str, str]:
    """The bundle's files by name, each as a digest of its uncompressed content."""
    files = {}
    for path in (site / search.BUNDLE).rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            files[path.relative_to(site).as_posix()] = hashlib.sha1(
                gzip.decompress(data) if path.suffix.startswith(".pf_") else data).hexdigest()
    return files


def test_the_index_of_essentials_is_the_index_of_whole_pages(built: Project, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    site = built.root / "site"
    ignore = shutil.ignore_patterns(search.BUNDLE)
    trimmed, whole = tmp_path / "trimmed", tmp_path / "whole"
    shutil.copytree(site, trimmed, ignore=ignore)
    shutil.copytree(site, whole, ignore=ignore)
    assert search.index_site(trimmed) > 5
    monkeypatch.setattr(search, "essentials", lambda html: html)
    search.index_site(whole)
    # The same file names (Pagefind names them by content) and the same contents: pages, titles, filters, words.
    assert bundle(trimmed) == bundle(whole)


def test_an_index_no_longer_wanted_stops_between_pages(built: Project, tmp_path: Path) -> None:
    """`mkdocs serve`: a rebuild stops the index of the last build (``DeferredIndex.cancel``)."""
    site = tmp_path / "site"
    shutil.copytree(built.root / "site", site, ignore=shutil.ignore_patterns(search.BUNDLE))
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 3  # three pages sent, then a rebuild begins

    assert search.index_site(site, stop=stop) == -1
    assert not (site / search.BUNDLE / "pagefind-entry.json").exists()
    assert search.index_site(site) > 3  # not stopped: the whole bundle
    assert (site / search.BUNDLE / "pagefind-entry.json").is_file()
