"""Generated pages that are only a skeleton skip Python-Markdown (generator/pages/skeleton.py): what they become is
what MkDocs' own ``Page.render`` makes of them, on random documents and on whole sites."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import TODAY_EPOCH, build_in_process, copy_example, site_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown import Markdown
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.pages import render_cache
from generator.pages.render_cache import FieldRenderer
from generator.pages.skeleton import Skeletons

ROOT = Path(__file__).resolve().parents[1]
SITE_TOC = {"permalink": True}  # the example site's slugify is read from its mkdocs.yml below


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("OMO_ONE_PROCESS", "1")


def _config(tmp: Path, toc: dict[str, Any] | None = None) -> Any:
    """The example site's settings (its Markdown extensions and slugify), other table-of-contents options
    where ``toc`` says."""
    config = load_config(os.fspath(ROOT / "mkdocs.yml"), site_dir=os.fspath(tmp / "site"))
    if toc is not None:
        config.mdx_configs["toc"] = {**config.mdx_configs["toc"], **toc}
    return config


def _page(config: Any, uri: str = "practices/x.md") -> Page:
    file = File(uri, config.docs_dir, config.site_dir, config.use_directory_urls)
    page = Page(None, file, config)
    page.meta = {}
    return page


def _toc(items: Any) -> list[Any]:
    return [(item.title, item.id, item.level, _toc(item.children)) for item in items]


def _same_as_mkdocs(config: Any, text: str) -> bool:
    """Whether the skeleton converter takes ``text``; if it does, its page is MkDocs' page in every respect."""
    article = Skeletons.of(config.markdown_extensions, config.mdx_configs).convert(text)
    if article is None:
        return False
    made, oracle = _page(config), _page(config)
    oracle.markdown = text
    oracle.render(config, Files([oracle.file]))
    article.render_into(made)
    assert made.content == oracle.content
    assert _toc(made.toc) == _toc(oracle.toc)
    assert made.present_anchor_ids == oracle.present_anchor_ids
    assert made._title_from_render == oracle._title_from_render
    links = {file.src_uri: found for file, found in (made.links_to_anchors or {}).items()}
    assert links == {file.src_uri: found for file, found in (oracle.links_to_anchors or {}).items()}
    return True


# Text as page templates write it, with now and then a character that means something to Markdown.
_COMMON = list("абвгдеёжзийклмнопрстуфхцчшщъыьэюя АБВЯ0123456789.,:;«»—–-\"'()?%/№\u00a0\u2028\u0085\u200b\u3000")
_RARE = ["*", "_", "[", "]", "<", "&", "#", "{", "}", "|", "!", "`", "\\", "  ", "\t", "1. ", "- ", "=", " "]
_WORDS = st.lists(st.sampled_from(_COMMON * 8 + _RARE), min_size=1, max_size=30).map("".join)
_HEADING = st.builds(lambda level, text, anchor: "#" * level + " " + text + (f" {{: #{anchor} }}" if anchor else ""),
                     st.integers(1, 6), _WORDS, st.one_of(st.none(), st.sampled_from(["a", "x-1", "цели", "B_2"])))
_PLACEHOLDER = st.integers(0, 30).map(lambda number: f'<div data-omo-block="{number}"></div>')
_PARAGRAPH = st.lists(_WORDS, min_size=1, max_size=3).map("\n".join)
_REPEATED = st.sampled_from(["## Цели", "## Описание", "# Цели", "### цели_1", "## Цели {: #цели }", "## Цели 1",
                             "#### цели_2", "## Цели {: #цели_1 }", "###### Цели"])
_BLOCK = st.one_of(_HEADING, _PLACEHOLDER, _PARAGRAPH, _REPEATED)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blocks=st.lists(_BLOCK, min_size=1, max_size=8), gaps=st.sampled_from(["\n\n", "\n\n\n"]))
def test_a_skeleton_is_what_mkdocs_makes_of_it(tmp_path: Path, blocks: list[str], gaps: str) -> None:
    _same_as_mkdocs(_config(tmp_path), "\n" + gaps.join(blocks) + "\n")


@pytest.mark.parametrize("toc", [{"permalink": "#"}, {"permalink": False}, {"toc_depth": "2-3"},
                                 {"permalink_title": 'Ссылка "сюда" & <туда> {0}'}])
def test_other_contents_settings(tmp_path: Path, toc: dict[str, Any]) -> None:
    text = "# Заголовок\n\nТекст.\n\n## Цели\n\n<div data-omo-block=\"0\"></div>\n\n## Цели\n\n### Итоги {: #itogi }\n"
    assert _same_as_mkdocs(_config(tmp_path, toc), text)


def test_a_practice_page_is_a_skeleton(tmp_path: Path) -> None:
    text = ("\n# Урок «Мой край»\n\nФонд пополнился.\n\n<div data-omo-block=\"0\"></div>\n\n## Цели\n\n"
            "<div data-omo-block=\"1\"></div>\n\n## Описание\n\n<div data-omo-block=\"2\"></div>\n")
    assert _same_as_mkdocs(_config(tmp_path), text)


@pytest.mark.parametrize("text", [
    "**жирный**", "[ссылка](../index.md)", "- пункт", "1. пункт", "> цитата", "    код", "строка  \nперенос",
    "Заголовок\n===", "Заголовок\n---", "а | б\n--|--", "!!! note", "&amp; и &", "<b>тег</b>", "Абзац\n{: .класс }",
    "# C#", "## Заголовок ##", "#Без пробела", "а\tб", "а\x0cб", "`код`", "слово_слово", "\\*", "a\rb",
    '<div data-omo-block="0"></div>\nтекст', "# Заголовок\nтекст", "***", "[TOC]",
])
def test_anything_more_goes_to_markdown(tmp_path: Path, text: str) -> None:
    config = _config(tmp_path)
    assert Skeletons.of(config.markdown_extensions, config.mdx_configs).convert(f"# Страница\n\n{text}\n") is None


@pytest.mark.parametrize("extensions", [["toc", "smarty"], ["toc", "pymdownx.smartsymbols"], ["toc", "nl2br"],
                                        ["tables"]])
def test_other_markdown_settings_go_to_markdown(extensions: list[str]) -> None:
    assert Skeletons.of(extensions, {}) is None


@pytest.mark.parametrize("toc", [{"permalink_class": "anchor"}, {"anchorlink": True}, {"baselevel": 2},
                                 {"permalink_leading": True}, {"marker": "TOC"}])
def test_other_contents_settings_go_to_markdown(toc: dict[str, Any]) -> None:
    assert Skeletons.of(["toc"], {"toc": {"permalink": True, **toc}}) is None


def test_the_site_is_the_same_without_markdown_for_skeletons(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two projects (no page or field kept by one build is read by the other), each rendering fields anew."""
    converted: list[str] = []
    convert = Skeletons.convert

    def counted(self: Skeletons, text: str) -> Any:
        article = convert(self, text)
        converted.append(text) if article is not None else None
        return article

    monkeypatch.setattr(Skeletons, "convert", counted)
    monkeypatch.setattr(render_cache, "_renderers", {})
    build_in_process(copy_example(tmp_path / "fast"), tmp_path / "fast-site")
    assert len(converted) >= 5  # the example's practices and stories
    converted.clear()
    monkeypatch.setattr(Skeletons, "of", classmethod(lambda cls, *args: None))
    monkeypatch.setattr(render_cache, "_renderers", {})
    build_in_process(copy_example(tmp_path / "markdown"), tmp_path / "markdown-site")
    assert converted == []  # every page and field went through Markdown
    fast, markdown = site_files(tmp_path / "fast-site"), site_files(tmp_path / "markdown-site")
    assert fast.keys() == markdown.keys()
    assert [name for name in fast if fast[name] != markdown[name]] == []


_FIELD_BLOCK = st.one_of(_PARAGRAPH, _PARAGRAPH, _HEADING)


@settings(max_examples=300, deadline=None)
@given(blocks=st.lists(_FIELD_BLOCK, min_size=1, max_size=5))
def test_an_editors_plain_field_is_what_markdown_makes_of_it(blocks: list[str]) -> None:
    """Editors' fields are rendered apart (render_cache.py): plain ones without Markdown, the same HTML."""
    config = _config(Path("/nonexistent"))
    text = "\n\n".join(blocks)
    renderer = FieldRenderer(config.markdown_extensions, config.mdx_configs)
    markdown = Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    assert renderer.html(text) == markdown.convert(text)


def test_fields_with_html_or_markup_go_to_markdown(monkeypatch: pytest.MonkeyPatch) -> None:
    config = _config(Path("/nonexistent"))
    renderer = FieldRenderer(config.markdown_extensions, config.mdx_configs)
    converted: list[str] = []
    convert = Skeletons.convert
    monkeypatch.setattr(Skeletons, "convert", lambda self, text: converted.append(text) or convert(self, text))
    assert renderer.html("Текст абзаца.\n\nВторой абзац.") == "<p>Текст абзаца.</p>\n<p>Второй абзац.</p>"
    assert renderer.html("- пункт") == "<ul>\n<li>пункт</li>\n</ul>"
    assert renderer.html('<div data-omo-block="0"></div>') == '<div data-omo-block="0"></div>'
    assert converted == ["Текст абзаца.\n\nВторой абзац.", "- пункт"]  # raw HTML is not even tried


def test_an_id_after_a_heading_needs_attr_list() -> None:
    """Without attr_list, Markdown keeps `{: #x }` as the heading's text: such a page goes to Markdown."""
    plain = Skeletons.of(["toc"], {"toc": {"permalink": True}})
    assert plain.convert("# Заголовок {: #x }\n") is None
    assert plain.convert("# Заголовок\n") is not None


@pytest.mark.parametrize("text", [
    '# Урок" onmouseover="alert(1)\n\nАбзац" onclick="alert(2) javascript:alert(3)\n',
    "## javascript:alert(1)\n\n<div data-omo-block=\"0\"></div>\n",
    "# Заголовок\u2028с разделителем\n\nТекст\u0085строки\n",
])
def test_hostile_text_on_the_fast_path_stays_text(tmp_path: Path, text: str) -> None:
    """Quotes, `javascript:` and line separators take the fast path (they are not Markdown): they stay text,
    never an attribute or an address, and the page is still what MkDocs makes of it."""
    config = _config(tmp_path)
    assert _same_as_mkdocs(config, text)
    article = Skeletons.of(config.markdown_extensions, config.mdx_configs).convert(text)
    soup = BeautifulSoup(article.html, "html.parser")
    for element in soup.find_all(True):
        assert set(element.attrs) <= {"id", "class", "href", "title", "data-omo-block"}, element
        assert element.get("href", "#").startswith("#"), element
