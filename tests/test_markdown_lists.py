"""Editors' lists are published as typed, as the browser editor's preview shows them (pages/markdown_lists.py): a
list right after a paragraph's line, sub-items indented by two spaces, a numbered list after a bulleted one."""

from __future__ import annotations

import re
import textwrap
import time

import markdown
import pytest
from bs4 import BeautifulSoup
from conftest import Project, make_project
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.core.indented_code import indented_code
from generator.pages.markdown_lists import lists_as_typed
from generator.pages.plugin_settings import MKDOCS_EXTENSIONS, REQUIRED_EXTENSIONS

TYPED = textwrap.dedent("""\
    Победители квиза:
    - команда «Краеведы»;
    - команда «Книжные черви».

    1. Первый тур
      - вопросы о писателях
      - вопросы о краеведах
    2. Второй тур
    """)


def lists(html: str) -> list[tuple[str, list[str]]]:
    """Each list of the HTML, in order: its tag and its items' own text (without their sub-lists), as read (the
    site's no-break spaces are spaces)."""
    soup = BeautifulSoup(html, "html.parser")
    return [(found.name, [" ".join(li.find_all(string=True, recursive=False)).replace("\u00a0", " ").strip()
                          for li in found.find_all("li", recursive=False)])
            for found in soup.find_all(["ul", "ol"])]


def rendered(text: str) -> str:
    return markdown.markdown(lists_as_typed(text), extensions=list(REQUIRED_EXTENSIONS))


def test_lists_come_out_as_typed() -> None:
    assert lists(rendered(TYPED)) == [
        ("ul", ["команда «Краеведы»;", "команда «Книжные черви»."]),
        ("ol", ["Первый тур", "Второй тур"]),
        ("ul", ["вопросы о писателях", "вопросы о краеведах"]),
    ]
    # Without it Python-Markdown publishes one paragraph and one list of five items numbered 1 to 5.
    plain = markdown.markdown(TYPED, extensions=list(REQUIRED_EXTENSIONS))
    assert "Победители квиза:\n- команда" in plain


@pytest.mark.parametrize(("typed", "found"), [
    ("Текст\n2025. год выдался трудным.\n", []),  # a number that ends a sentence's line: text, as in CommonMark
    ("Текст\n- - -\n", []),  # a line across the page
    ("Код:\n\n    - не список\n", []),  # indented code
    ("> цитата\n> - пункт\n", []),  # a quote is Python-Markdown's own, left alone
    ("- пункт\nпродолжение\n- второй\n", [("ul", ["пункт\nпродолжение", "второй"])]),
    ("- a\n\n    абзац пункта a\n- b\n", [("ul", ["", ""])]),  # two items (b not a line of a's paragraph)
    ("Задачи:\n    - читать\n    - писать\n", []),  # indented as code inside a paragraph: its text, as before
    ("Пример:\n\n    код\n    - a\n      - b\n", []),  # indented code, every line of it
    ("<pre>\nСписок:\n- один\n  - два\n</pre>\n", []),  # raw HTML
    ("a | b\n--- | ---\n- x | y\n", []),  # a table's row
    ("Текст `код\n- x` конец\n", [("ul", ["x` конец"])]),  # a list's line ends a code span, as in CommonMark
    ("- a\n- b\n1. one\n2. two\n", [("ul", ["a", "b"]), ("ol", ["one", "two"])]),
    ("1. Первый\n\n   Пояснение.\n   - вложенный\n2. Второй\n", [("ol", ["", ""]), ("ul", ["вложенный"])]),
    ("Текст\n1. раз\n2. два\n", [("ol", ["раз", "два"])]),
    ("* один\n    * вложенный\n", [("ul", ["один"]), ("ul", ["вложенный"])]),  # written for Python-Markdown
])
def test_what_is_not_a_list_stays_text_and_what_is_one_stays_one(typed: str, found: list) -> None:
    assert lists(rendered(typed)) == found


PIECES = list("аб1 -*.\n>#`~|<") + ["- ", "1. ", "2. ", "\n\n", "   ", "    ", "  - ", "```", "<pre>", "</pre>",
                                     "<!--", "-->", "--- | ---", "!!! note\n"]
markdownish = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
# Lines Markdown reads two ways at once (a marker followed by a nested marker or by several spaces, a line of
# dashes with spaces between) are left out: what they are depends on the indent this module changes.
_AMBIGUOUS = re.compile(r"(?m)^ *(?:[-*+]|\d+\.)(?: {2,}| +[-*+] )|^ *[-*_](?: *[-*_]){2,} *$")


@settings(max_examples=1500, deadline=None)
@given(markdownish)
def test_written_once_it_stays_as_it_is(text: str) -> None:
    assume(not _AMBIGUOUS.search(text))
    once = lists_as_typed(text)
    assert lists_as_typed(once) == once
    # Only line breaks and spaces are added: no word is lost or moved.
    assert re.sub(r"(?m)^([ \t>]*)\\#", r"\1#", once).split() == text.split()  # a tag's «#» escaped is the same


@settings(max_examples=500, deadline=None)
@given(markdownish, markdownish)
def test_code_and_raw_html_are_left_as_typed(before: str, inside: str) -> None:
    for opened, closed in (("```", "```"), ("<pre>", "</pre>"), ("<!--", "-->")):
        body = inside.replace(closed, "").replace(opened, "").replace("`", "").replace("<", "")
        text = f"{before}\n\n{opened}\n{body}\n{closed}\n"
        assume(not _AMBIGUOUS.search(text))
        assert f"{opened}\n{body}\n{closed}" in lists_as_typed(text)


# Blocks of an editor's text and what may stand before their lines: the check's reading of indented lines
# (core/indented_code.py) against Python-Markdown's, fences written with a language so that only indented code
# makes a bare <pre><code>.
BLOCKS = ["Текст абзаца", "- пункт", "1. пункт", "2. пункт", "!!! note \"Заголовок\"", "# Заголовок",
          "```text\nкод\n```", "<div>x</div>", "| a | b |\n| - | - |\n| 1 | 2 |", "> цитата", "2025. Год", "---",
          "Заголовок\n===", "", "[^1]: сноска"]
INDENTS = ["", "", "\t", "    ", "  ", "  \t", "        ", " "]
blocks = st.lists(st.tuples(st.sampled_from(INDENTS), st.sampled_from(BLOCKS), st.sampled_from(["\n", "\n\n"])),
                  min_size=1, max_size=6).map(lambda parts: "".join(i + b + sep for i, b, sep in parts))


def as_the_site(text: str) -> str:
    return markdown.markdown(lists_as_typed(text), extensions=list({*REQUIRED_EXTENSIONS, *MKDOCS_EXTENSIONS}))


@settings(max_examples=1500, deadline=None)
@given(blocks)
def test_a_text_refused_as_code_would_show_code(text: str) -> None:
    """No false alarm: where the check says a block would be code, Python-Markdown makes one."""
    if indented_code(text):
        assert "<pre><code>" in as_the_site(text)


@pytest.mark.parametrize("text", ["Первый.\n\n\tВторой.", "\tСразу с табуляции.", "# Заголовок\n\tТекст",
                                  "- пункт\n\nтекст\n\n    код", "```text\nкод\n```\n    после рамки",
                                  "Абзац.\n\n  \tдва пробела и табуляция"])
def test_a_paragraph_markdown_makes_code_is_found(text: str) -> None:
    assert "<pre><code>" in as_the_site(text) and indented_code(text)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = make_project(tmp_path_factory.mktemp("lists"))
    story = project.root / "content/stories/2024-08-28-itogi.md"
    story.write_text(story.read_text(encoding="utf-8") + "\n" + TYPED, encoding="utf-8")
    practice = project.root / "data/practices/kviz.yml"
    practice.write_text(practice.read_text(encoding="utf-8").replace(
        "description: Командная игра по книгам смоленских писателей.",
        "description: |\n" + textwrap.indent(TYPED, "  ")), encoding="utf-8")
    project.write("content/o-nas.md", "# О нас\n\n" + TYPED)
    result = project.build()
    assert result.returncode == 0, result.stderr
    return project


@pytest.mark.parametrize("address", ["stories/2024-08-28-itogi", "practices/kviz", "o-nas"])
def test_a_story_a_field_and_a_page_publish_their_lists_as_typed(built: Project, address: str) -> None:
    found = lists(str(built.html(address).select_one("article")))
    expected = lists(rendered(TYPED))
    assert any(found[start:start + len(expected)] == expected for start in range(len(found))), (address, found)


@pytest.mark.parametrize("text", ["`a` x\n- b\n" * 50_000, "`a\n- b`\n" * 50_000, "Текст\n" + "- a\n  - b\n" * 50_000,
                                  " " * 100_000 + "\n- a\n", "|-" * 50_000 + "x\n- a\n"])
def test_a_long_text_is_rewritten_in_linear_time(text: str) -> None:
    # A story of many code spans and lines once took time in their product.
    started = time.perf_counter()
    lists_as_typed(text)
    assert time.perf_counter() - started < 5
