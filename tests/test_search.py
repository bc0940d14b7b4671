"""Site search (Pagefind, theme/assets/javascripts/search.js) in a real browser: what readers type finds their page."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import browser_page, serve
from conftest import Project, main_text
from test_readers import axe_violations, require_axe

FIELD = "#omo-search-input"
EDITORS_HEADING = "Из руководства для редакторов"

# Query -> the page (or one of the pages) a reader expects among the first results, on the example site.
QUERIES = {
    "Подари": ["/practices/akciya-podari-knigu/"],  # from «Подари книгу»: a word right after a quote
    "Знатоки": ["/practices/kviz-znatoki-rodnogo-kraya/", "/stories/2025-03-20-kviz-znatoki/"],
    "РМО": ["/audiences/rmo/"],
    "рмо": ["/audiences/rmo/"],
    "ШИБЦ": ["/audiences/libraries/"],
    "шибц": ["/audiences/libraries/"],
    "Смоленске": ["/municipalities/smolensk/"],  # a word form of the city's name
    "Примерова": ["/practices/vystavka-pamyat-pokoleniy/"],  # an author's surname
    "выставки": ["/practices/vystavka-pamyat-pokoleniy/"],  # a plural form of «выставка»
    # the monitoring page is left out of the index (a table of 27 rows): the list that leads to it
    "мониторинг": ["/resolutions/"],
}
FIRST = 3


def search(page: object, query: str) -> list[str]:
    """Type a query and return the result list: page paths, with the editors' heading as EDITORS_HEADING."""
    field = page.locator(FIELD)
    field.fill(query)
    page.wait_for_function("""q => {
        const root = document.querySelector('[data-omo-pagefind]');
        return !root.hasAttribute('aria-busy') && root.getAttribute('data-query') === q;
    }""", arg=query)
    return page.eval_on_selector_all(".md-search-result__list > li", """items => items.map(li => {
        const a = li.querySelector('a');
        return a ? new URL(a.href).pathname : li.textContent.trim();
    })""")


def status(page: object) -> str:
    return page.inner_text("#omo-search-status")


def watch(page: object, base: str) -> tuple[list[str], list[str]]:
    """Requests that leave the test server, and console errors."""
    outside: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(base) or request.url.startswith("data:")
            else outside.append(request.url))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return outside, errors


def readers_then_editors(results: list[str]) -> tuple[list[str], list[str]]:
    """Split the list at the editors' heading; the guide's pages are only below it, readers' only above it."""
    cut = results.index(EDITORS_HEADING) if EDITORS_HEADING in results else len(results)
    readers, editors = results[:cut], results[cut + 1:]
    assert not any(path.startswith("/editors/") for path in readers), results
    assert all(path.startswith("/editors/") for path in editors), results
    return readers, editors


@pytest.fixture(scope="module")
def site(example: Project):
    with serve(example.root / "site") as base:
        yield base


def test_real_queries_find_the_expected_pages(site: str) -> None:
    missed = {}
    with browser_page() as page:
        outside, errors = watch(page, site)
        page.goto(site + "practices/")
        for query, expected in QUERIES.items():
            readers, _ = readers_then_editors(search(page, query))
            if not set(readers[:FIRST]) & set(expected):
                missed[query] = readers[:FIRST]
        # ё and е are the same letter: the same list either way.
        assert search(page, "партнерство") == search(page, "партнёрство")
        # The problem field of the seed meeting speaks of «социальное партнерство».
        assert "/meetings/2024-08-27-sekciya-omo/" in search(page, "партнёрство")[:FIRST]
        # A word Pagefind does not know is not replaced with its first letters.
        assert search(page, "абракадабра") == [] and status(page) == "Ничего не найдено"
        assert search(page, "подкова") == []
        assert outside == [] and errors == []
    assert missed == {}


def test_other_forms_of_a_word_parts_of_compounds_and_the_latin_layout_find_pages(site: str) -> None:
    """Pagefind's stemmer left «библиотечный» whole (it found no «библиотечной»); a word marked inside
    «военно-патриотическое» was not taken for «патриотическое», so those pages were dropped; a query typed with
    the Latin layout found nothing."""
    with browser_page() as page:
        outside, errors = watch(page, site)
        page.goto(site)
        # The meeting has «библиотечной», «библиотечных»; the practice «на библиотечном уроке».
        assert "/meetings/2024-08-27-sekciya-omo/" in search(page, "библиотечный")
        assert "/practices/vystavka-pamyat-pokoleniy/" in search(page, "библиотечный урок")
        # «военно-патриотического», «информационно-библиографического» inside compounds.
        assert {"/audiences/partners/", "/themes/"} <= set(search(page, "патриотическое"))
        assert "/audiences/libraries/" in search(page, "библиографического")
        assert int(status(page).split()[1]) >= 1
        # An excerpt taken from the middle of the page's text says so.
        excerpt = page.inner_text(".md-search-result__list li:first-child article p")
        assert excerpt.startswith("…") and "библиографического" in excerpt.lower()
        # «ctvbyfh» is «семинар» typed with the Latin layout; the status says what was looked for.
        assert "/meetings/" in search(page, "ctvbyfh")
        assert status(page).startswith("«ctvbyfh» в русской раскладке — «семинар». Найдено: ")
        assert search(page, "xyzzy") == [] and status(page) == "Ничего не найдено"
        assert outside == [] and errors == []


def test_editors_guide_only_under_its_own_heading_after_readers_pages(site: str) -> None:
    with browser_page() as page:
        page.goto(site)
        results = search(page, "РМО")
        readers, editors = readers_then_editors(results)
        assert readers and editors and results.index(EDITORS_HEADING) == len(readers)
        assert len([path for path in readers if path.startswith("/")]) <= 5 and len(editors) <= 2
        assert status(page).startswith("Найдено: ") and "в руководстве для редакторов" in status(page)
        # A page only the guide mentions is offered under the heading, with no reader's page above it.
        readers, editors = readers_then_editors(search(page, "GitHub"))
        assert readers == [] and editors


def test_more_results_on_request_each_fetching_only_its_own_fragments(site: str) -> None:
    """The first answer downloads five results' fragments; «Показать ещё» brings the next ones, focus on the first."""
    with browser_page() as page:
        outside, errors = watch(page, site)
        fragments: list[str] = []
        page.on("request", lambda request: "/pagefind/fragment/" in request.url and fragments.append(request.url))
        page.goto(site + "practices/")
        results = search(page, "библиотека")
        readers, _ = readers_then_editors(results)
        pages, button = readers[:-1], readers[-1]
        assert len(pages) == 5 and all(path.startswith("/") for path in pages), readers
        total = int(status(page).split()[1])
        assert total > 5 and button == f"Показать ещё {min(total - 5, 10)} из {total - 5}"
        first_answer = len(fragments)
        assert first_answer <= 5 + 2
        page.locator(".omo-search__more button").focus()
        page.keyboard.press("Enter")
        page.wait_for_function("() => !document.querySelector('[data-omo-pagefind]').hasAttribute('aria-busy')")
        after = page.eval_on_selector_all(".md-search-result__list a:not(.omo-search__article--editors)",
                                          "as => as.map(a => new URL(a.href).pathname)")
        readers_now = [path for path in after if not path.startswith("/editors/")]
        assert readers_now[:5] == pages and len(readers_now) == min(total, 15)
        assert len(set(readers_now)) == len(readers_now)
        assert page.evaluate("new URL(document.activeElement.href).pathname") == readers_now[5]
        assert len(fragments) - first_answer == len(readers_now) - 5
        assert outside == [] and errors == []


def test_keyboard_opens_walks_and_closes_search(site: str) -> None:
    with browser_page() as page:
        outside, errors = watch(page, site)
        page.goto(site + "meetings/")
        page.wait_for_load_state("networkidle")
        assert not any("/pagefind/" in url for url in outside)
        # «/» focuses the field and opens the dialog.
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement.id") == FIELD[1:]
        assert page.evaluate("document.getElementById('__search').checked")
        page.keyboard.type("Знатоки")
        page.wait_for_function("""() => {
            const root = document.querySelector('[data-omo-pagefind]');
            return !root.hasAttribute('aria-busy') && root.getAttribute('data-query') === 'Знатоки';
        }""")
        links = page.eval_on_selector_all(".md-search-result__list a", "as => as.map(a => a.getAttribute('href'))")
        assert len(links) >= 2
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowUp")
        focused = page.evaluate("document.activeElement.getAttribute('href')")
        assert focused == links[0]
        page.keyboard.press("ArrowUp")
        assert page.evaluate("document.activeElement.id") == FIELD[1:]
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.wait_for_url(site.rstrip("/") + links[0])
        # Escape closes the dialog and leaves focus in the field.
        page.locator(FIELD).focus()
        page.keyboard.type("РМО")
        page.wait_for_function("document.querySelector('[data-omo-pagefind]').getAttribute('data-query') === 'РМО'")
        page.keyboard.press("Escape")
        assert not page.evaluate("document.getElementById('__search').checked")
        assert page.evaluate("document.activeElement.id") == FIELD[1:]
        # Enter in the field opens the first result.
        page.keyboard.press("Enter")
        page.wait_for_url("**/audiences/rmo/")
        # Tab reaches the field and opens the dialog.
        for _ in range(30):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == FIELD[1:]:
                break
        assert page.evaluate("document.activeElement.id") == FIELD[1:]
        assert page.evaluate("document.getElementById('__search').checked")
        # Tab past the search closes it: the open dialog would cover the page focus goes on to.
        while page.evaluate("document.querySelector('[data-omo-pagefind]').contains(document.activeElement)"):
            page.keyboard.press("Tab")
        assert not page.evaluate("document.getElementById('__search').checked")
        assert outside == [] and errors == []


def test_index_is_downloaded_only_when_a_reader_starts_to_search(site: str, example: Project) -> None:
    requested: list[str] = []
    with browser_page() as page:
        page.on("request", lambda request: requested.append(request.url))
        page.goto(site + "practices/vystavka-pamyat-pokoleniy/")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        assert not any("/pagefind/" in url for url in requested)
        search(page, "выставка")
        bundle = [urlsplit(url).path for url in requested if "/pagefind/" in url]
        assert "/pagefind/pagefind.js" in bundle and any(path.endswith(".pf_index") for path in bundle)
        # Only what the query needs: the shown results' fragments, not every page's.
        fragments = [path for path in bundle if path.endswith(".pf_fragment")]
        indexed = list((example.root / "site" / "pagefind" / "fragment").glob("*.pf_fragment"))
        assert 0 < len(fragments) <= 13 < len(indexed)


def test_axe_clean_with_results_open_in_every_colour_scheme(site: str) -> None:
    require_axe()
    problems = {}
    with browser_page() as page:
        outside, errors = watch(page, site)
        page.goto(site)
        for scheme in (None, "wb", "bw", "blue"):
            page.evaluate("""s => { localStorage.setItem('omo-a11y', JSON.stringify(s ? {scheme: s} : {})); }""",
                          scheme)
            page.goto(site + "resolutions/")
            page.locator(FIELD).click()
            assert search(page, "библиотеки")
            page.wait_for_timeout(400)  # Material fades the results in
            found = axe_violations(page)
            if found:
                problems[scheme or "default"] = found
        assert outside == [] and errors == []
    assert problems == {}


def test_search_on_a_phone(site: str) -> None:
    with browser_page(width=390, height=844) as page:
        outside, errors = watch(page, site)
        page.goto(site + "practices/")
        assert not page.evaluate("document.getElementById('__search').checked")
        page.locator(".md-header__button[for='__search']").click()
        results = search(page, "Подари")
        assert results[0] == "/practices/akciya-podari-knigu/"
        first = page.locator(".md-search-result__link").first
        assert first.is_visible()
        page.wait_for_timeout(400)  # Material slides the search in
        box = first.bounding_box()
        assert box["x"] >= -0.5 and box["x"] + box["width"] <= 390.5
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        page.keyboard.press("Escape")
        assert not page.evaluate("document.getElementById('__search').checked")
        assert outside == [] and errors == []


def test_the_404_page_finds_the_bundle_at_any_depth(example: Project) -> None:
    not_found = (example.root / "site" / "404.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in not_found
    with serve(example.root / "site") as base, browser_page() as page:
        outside, errors = watch(page, base)
        # A static host answers a missing address with 404.html as it is, however deep the address.
        page.route(base + "no/such/page/", lambda route: route.fulfill(status=404, body=not_found,
                                                                         content_type="text/html; charset=utf-8"))
        page.goto(base + "no/such/page/")
        assert search(page, "Подари")[0] == "/practices/akciya-podari-knigu/"
        page.locator(".md-search-result__link").first.click()
        page.wait_for_url(base + "practices/akciya-podari-knigu/")
        assert outside == [] and [error for error in errors if "404" not in error] == []


def pagefind_text(site: Path) -> str:
    """Every page's text as the search index holds it."""
    return "\n".join(gzip.decompress(path.read_bytes()).decode("utf-8", errors="ignore")
                     for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")))


def test_word_forms_and_drafts_on_a_small_site(built: Project) -> None:
    practice = (built.root / "site/practices/vystavka/index.html").read_text(encoding="utf-8")
    assert "библиотека" in practice and "библиотеки" not in practice
    # Drafts are not built, so not indexed; the 404 page and the theme's furniture are not indexed either.
    assert not (built.root / "site" / "stories" / "2025-04-01-chernovik").exists()
    text = pagefind_text(built.root / "site")
    assert "Квиз в Смоленске" in text
    assert "Секретный черновик" not in text and "Черновой текст" not in text
    assert "Страница не найдена" not in text and "Наши партнёры" not in text
    with serve(built.root / "site") as base, browser_page() as page:
        outside, errors = watch(page, base)
        page.goto(base)
        # The practice says only «библиотека»; the word is common here, so it is among the results, not first.
        assert "/practices/vystavka/" in search(page, "библиотеки")
        # «писатели» finds «писателей».
        assert "/practices/kviz/" in search(page, "писатели")[:FIRST]
        assert search(page, "черновик") == [] and status(page) == "Ничего не найдено"
        assert outside == [] and errors == []


def test_words_the_same_on_every_meeting_or_story_are_not_what_their_pages_are_found_by(built: Project) -> None:
    """How to subscribe to the calendar stands on every meeting's page: the index holds it for /meetings/ only.
    Links such as «Добавить в календарь» or «Все новости» are not indexed at all."""
    fragments = {}
    for path in (built.root / "site" / "pagefind" / "fragment").glob("*.pf_fragment"):
        fragment = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])
        fragments[fragment["url"]] = fragment
    meetings = [url for url in fragments if url.startswith("/meetings/") and url != "/meetings/"]
    assert len(meetings) == 4, sorted(fragments)
    assert [url for url, f in fragments.items() if "Подписной календарь" in f["content"]] == ["/meetings/"]
    for url in meetings:  # the rest of the meeting's page is indexed as before: its title, its facts
        text = fragments[url]["content"]
        assert "Адрес календаря" not in text and fragments[url]["meta"]["title"] in text, url
        for control in ("Перейти к резолюции", "Добавить в календарь", "подписаться на все", "Версия для печати"):
            assert control not in text, (url, control)
    # Facts are indexed by their values, not by their names («Организация:», «Форма:», «Дата:», «Что сделано:»),
    # which every practice's, meeting's or report's page has.
    facts, names = 0, set()
    for url, fragment in fragments.items():
        page = built.html(url.strip("/"))
        names |= {name.get_text() for name in page.select("strong.omo-repeated")}
        for fact in page.select(".meeting-facts li"):
            if not [name.extract() for name in fact.select("strong.omo-repeated")]:
                continue
            value = fact.get_text(" ", strip=True).split()
            assert " ".join(value[:2]) in " ".join(fragment["content"].replace(" ,", ",").split()), (url, value)
            facts += 1
    readers = {url: f["content"] for url, f in fragments.items() if not url.startswith("/editors/")}
    assert [(url, name) for url, text in readers.items() for name in names if name in text] == []
    assert facts > 20 and {"Организация:", "Что сделано:", "Статус:", "Когда:", "Должность:"} <= names, names
    assert "Версия для печати" in built.html("meetings/2024-08-27-sekciya-omo").get_text()
    stories = [f["content"] for url, f in fragments.items() if url.startswith("/stories/") and url != "/stories/"]
    assert stories and not any("Все новости" in text for text in stories)
    # On the page the offer is whole, and listed in the page's contents.
    page = built.html("meetings/2025-09-10-zasedanie")
    assert page.select_one(".omo-repeated h2#календарь") is not None
    assert "Настройки → Календарь → Учётные записи" in main_text(page)
    assert page.select_one('.md-sidebar--secondary a[href="#календарь"]') is not None
    with serve(built.root / "site") as base, browser_page() as page:
        outside, errors = watch(page, base)
        page.goto(base + "meetings/2025-09-10-zasedanie/")
        assert search(page, "iPhone") == ["/meetings/"]
        assert search(page, "календарь")[0] == "/meetings/"
        assert outside == [] and errors == []


def test_a_bundle_without_a_whole_entry_file_stops_the_build(tmp_path: Path) -> None:
    """The build goes on only once Pagefind's entry file is readable and the bundle has stopped changing."""
    from generator.outputs.search import SearchError, _wait_until_written

    bundle = tmp_path / "pagefind"
    bundle.mkdir()
    with pytest.raises(SearchError, match="pagefind-entry.json"):
        _wait_until_written(bundle, seconds=0.5, settle=0.05)
    (bundle / "pagefind-entry.json").write_text('{"version": "1.5.2", "langu', encoding="utf-8")  # cut short
    with pytest.raises(SearchError):
        _wait_until_written(bundle, seconds=0.5, settle=0.05)
    (bundle / "pagefind-entry.json").write_text('{"version": "1.5.2", "languages": {}}', encoding="utf-8")
    _wait_until_written(bundle, seconds=2, settle=0.05)
