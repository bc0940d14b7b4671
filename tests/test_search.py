"""Russian site search finds word forms, in a real browser."""

from __future__ import annotations

from browser import browser_page, serve
from conftest import Project


def search(page: object, base: str, query: str) -> str:
    page.goto(base)
    field = page.locator("input.md-search__input")
    field.click()  # the index is downloaded when a reader starts to search
    # The search is ready when it invites typing; a query typed earlier would be lost.
    page.wait_for_function("""() => {
        const meta = document.querySelector('.md-search-result__meta');
        return meta && meta.textContent.startsWith('Начните печатать');
    }""")
    # Material reacts to key presses; Cyrillic text is inserted without them, so one real key follows.
    field.fill(query)
    field.press("End")
    page.wait_for_function("""() => {
        const meta = document.querySelector('.md-search-result__meta').textContent;
        return meta.startsWith('Найдено') || meta.startsWith('Совпадений не найдено');
    }""")
    return page.inner_text(".md-search-result")


def test_search_for_a_word_form_finds_the_other_forms(built: Project) -> None:
    practice = (built.root / "site/practices/vystavka/index.html").read_text(encoding="utf-8")
    assert "библиотека" in practice and "библиотеки" not in practice
    errors: list[str] = []
    with serve(built.root / "site") as base, browser_page() as page:
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        results = search(page, base, "библиотеки")
        assert "Книжно-иллюстрированная выставка «Память»" in results
        # Another form of another word: «писателей» finds «писателей» and «писатели» alike.
        assert "Квиз «Знатоки края»" in search(page, base, "писатели")
        assert search(page, base, "абракадабра").startswith("Совпадений не найдено")
    assert errors == []


def test_the_index_is_downloaded_only_when_a_reader_starts_to_search(built: Project) -> None:
    requested: list[str] = []
    with serve(built.root / "site") as base, browser_page() as page:
        page.on("request", lambda request: requested.append(request.url))
        page.goto(base + "practices/vystavka/")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        assert not any("search_index.json" in url for url in requested)
        page.locator("input.md-search__input").click()
        page.wait_for_function("""() => document.querySelector('.md-search-result__meta')
            .textContent.startsWith('Начните печатать')""")
        assert any("search_index.json" in url for url in requested)
