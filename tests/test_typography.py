"""Russian typography and wording: no-break spaces, plural forms, school years, hyphenated headings."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from browser import browser_page, serve
from conftest import Project, main_text, make_project, text_of
from hypothesis import given
from hypothesis import strategies as st

from generator.core import dates
from generator.pages.pages import plural
from generator.pages.sanitize import sanitize_html
from generator.pages.typography import NBSP, SOFT_HYPHEN, hyphenate, typeset_html, typeset_text

SITE_NAME = "ОМО школьных библиотекарей"
# A space that may break a line: an ordinary one (a no-break space or U+202F, which Babel puts before «г.», may not).
BREAKABLE = "[ \t\r\n]"


# Plural forms by CLDR ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("number", "expected"), [
    (1, "1 практика"), (2, "2 практики"), (5, "5 практик"), (11, "11 практик"), (21, "21 практика"),
    (22, "22 практики"), (25, "25 практик"), (0, "0 практик"), (12, "12 практик"), (111, "111 практик"),
])
def test_plural_agrees_with_the_number(number: int, expected: str) -> None:
    assert plural(number, "практика", "практики", "практик") == expected


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """Municipalities with 21, 22 and 25 practices."""
    project = make_project(tmp_path_factory.mktemp("many"))
    for municipality, count in (("hislavichskiy", 20), ("smolensk", 21), ("vyazemskiy", 25)):
        for number in range(count):
            project.write(f"data/practices/{municipality}-{number}.yml", f"""\
                title: Практика {number}
                organization: МБОУ «СШ № {number}»
                municipality: {municipality}
                themes: [patriotic]
                form: акция
                date: 2024-10-01
                description: Описание.
                """)
    result = project.build()
    assert result.returncode == 0, result.stderr
    return project


def test_numbers_agree_with_nouns_on_the_pages(many: Project) -> None:
    listing = main_text(many.html("municipalities"))
    assert "Хиславичский муниципальный округ — ответственный указан; 1 отчёт, 21 практика" in listing
    assert "город Смоленск — ответственный не указан; 22 практики" in listing
    assert "Вяземский муниципальный округ — ответственный указан; 1 отчёт, 25 практик" in listing
    home = main_text(many.html(""))
    assert "РИБЦ ГАУ ДПО СОИРО — 1 пункт" in home and "пунктов —" not in home


def test_no_hand_written_number_labels(built: Project) -> None:
    assert "РИБЦ ГАУ ДПО СОИРО — 3 пункта" in main_text(built.html("audiences"))
    resolutions = main_text(built.html("resolutions"))
    assert "· 3 пункта" in resolutions and "· 1 пункт" in resolutions and "пунктов:" not in resolutions
    monitoring = main_text(built.html("monitoring/2024-08-27-sekciya-omo"))
    assert "Для территорий: 1 пункт" in monitoring and "Пунктов для" not in monitoring


# No-break spaces: the rules on their own ----------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "expected"), [
    ("<p>27 августа 2024 г.</p>", "<p>27&nbsp;августа 2024&nbsp;г.</p>"),
    ("<p>в 1990–2000 гг. и в XX в.</p>", "<p>в&nbsp;1990–2000&nbsp;гг. и&nbsp;в&nbsp;XX в.</p>"),
    ("<p>МБОУ «СШ № 1»</p>", "<p>МБОУ «СШ №&nbsp;1»</p>"),
    ("<p>Т. И. Ковторова, Ковторова Т. И.</p>", "<p>Т.&nbsp;И.&nbsp;Ковторова, Ковторова&nbsp;Т.&nbsp;И.</p>"),
    ("<p>с 1 марта по 15 февраля</p>", "<p>с&nbsp;1&nbsp;марта по&nbsp;15&nbsp;февраля</p>"),
    ("<p>Главная — ОМО</p>", "<p>Главная&nbsp;— ОМО</p>"),
    # Across inline tags: the space is in one text node, the word it binds in the next.
    ("<p><strong>27 августа 2024</strong> г. и № <a href=\"x\">1</a></p>",
     "<p><strong>27&nbsp;августа 2024</strong>&nbsp;г. и&nbsp;№&nbsp;<a href=\"x\">1</a></p>"),
    # Not across the end of a block, not at the start of a line.
    ("<p>2024</p><p> г.</p>", "<p>2024</p><p> г.</p>"),
    ("<p>— Здравствуйте</p>", "<p>— Здравствуйте</p>"),
    # Not a day and month, not the initial of a sentence's last word.
    ("<p>100 мая, 3 мая2</p>", "<p>100 мая, 3 мая2</p>"),
    ("<p>Вот. Смоленск</p>", "<p>Вот. Смоленск</p>"),
    # An abbreviation and the name or number after it; a short preposition, conjunction or particle and the word
    # after it, not the end of a longer word or a compound.
    ("<p>г. Смоленск, им. Пушкина, п. 1, т. е. так</p>",
     "<p>г.&nbsp;Смоленск, им.&nbsp;Пушкина, п.&nbsp;1, т. е. так</p>"),
    ("<p>В школе и в библиотеке на уроке не опубликована</p>",
     "<p>В&nbsp;школе и&nbsp;в&nbsp;библиотеке на&nbsp;уроке не&nbsp;опубликована</p>"),
    ("<p>слово-в слово, ул. и, кино и</p>", "<p>слово-в слово, ул. и, кино и</p>"),
    # A capital after a year's «г.» or «т. д.» begins the next sentence.
    ("<p>Прошла в 2024 г. В школе и т. д. Потом</p>",
     "<p>Прошла в&nbsp;2024&nbsp;г. В&nbsp;школе и&nbsp;т. д. Потом</p>"),
])
def test_no_break_space_rules(source: str, expected: str) -> None:
    assert typeset_html(source) == expected


def test_only_text_is_touched() -> None:
    source = ('<p title="2024 г. — № 1" class="a">2024 г.</p><pre><code>2024 г. № 1</code></pre>'
              '<code>№ 1</code><svg><text x="1">2024 г.</text></svg><p>a &amp; b &lt;i&gt; 2024 г.</p>')
    assert typeset_html(source) == ('<p title="2024 г. — № 1" class="a">2024&nbsp;г.</p><pre><code>2024 г. № 1</code>'
                                    '</pre><code>№ 1</code><svg><text x="1">2024 г.</text></svg>'
                                    '<p>a &amp; b &lt;i&gt; 2024&nbsp;г.</p>')


def test_a_quoted_greater_than_sign_does_not_end_a_tag() -> None:
    assert typeset_html('<a title="a > 2024 г.">1 мая</a>') == '<a title="a > 2024 г.">1&nbsp;мая</a>'


def test_plain_text_for_titles() -> None:
    assert typeset_text("Семинар — 15 февраля 2025 г., СШ № 2") == (
        f"Семинар{NBSP}— 15{NBSP}февраля 2025{NBSP}г., СШ №{NBSP}2")


_FRAGMENTS = st.sampled_from([
    " ", "  ", "\n", "2024", "15", "г.", "гг.", "№", "Т.", "И.", "Ковторова", "февраля", "—", "«", "»", "&amp;",
    "<p>", "</p>", "<b>", "</b>", "<br>", "<code>", "</code>", "<h2>", "</h2>", "Руководители", "методических",
    "&nbsp;", "&lt;", "<a href=\"x\">", "</a>", "в", "В", "на", "им.", "ул.", "-", "Смоленск",
])


@given(st.lists(_FRAGMENTS, max_size=40).map("".join))
def test_typesetting_is_idempotent(source: str) -> None:
    once = typeset_html(source, hyphens=True)
    assert typeset_html(once, hyphens=True) == once
    # It only ever turns spaces into no-break spaces and adds soft hyphens.
    plain = re.sub(r"\s+", "", once.replace("&nbsp;", " ").replace(SOFT_HYPHEN, ""))
    assert plain == re.sub(r"\s+", "", source.replace("&nbsp;", " "))


def test_output_stays_what_the_sanitizer_writes() -> None:
    source = sanitize_html('<h2 id="x">Руководители районных объединений, 15 февраля 2024 г.</h2>'
                           '<p>Т. И. Ковторова — «СШ № 1» &amp; <a href="https://e.org/?a=1&b=2">27 мая</a></p>')
    typeset = typeset_html(source, hyphens=True)
    assert sanitize_html(typeset) == typeset


def test_soft_hyphens_only_in_long_words() -> None:
    assert hyphenate("Руководители районных объединений") == (
        "Ру\xadко\xadво\xadди\xadте\xadли районных объ\xadеди\xadне\xadний")
    heading = typeset_html("<h2>Руководители</h2><h4>Руководители</h4><p>Руководители</p>", spaces=False,
                           hyphens=True)
    assert heading == "<h2>Ру\xadко\xadво\xadди\xadте\xadли</h2><h4>Руководители</h4><p>Руководители</p>"


# The built site ----------------------------------------------------------------------------------------------------

def _pages(project: Project) -> list[Path]:
    return sorted((project.root / "site").rglob("index.html"))


def test_no_breakable_space_where_russian_typesetting_forbids_one(built: Project) -> None:
    forbidden = re.compile(rf"\d{BREAKABLE}+(?:гг?\.)|№{BREAKABLE}+\d|(?<![\w.])[А-ЯЁ]\.{BREAKABLE}+[А-ЯЁ]\."
                           rf"|(?<!\d)\d{{1,2}}{BREAKABLE}+(?:января|февраля|марта|апреля|мая|июня|июля|августа"
                           rf"|сентября|октября|ноября|декабря)\b|\S{BREAKABLE}+—"
                           # a short word or an abbreviation at a line's end (a new line is the end of a block)
                           rf"|(?<![\w.\-\u00ad])(?:[вксуоиВКСУОИ]|на|по|за|из|от|до|не|На|По|Не)[ \t]+\w"
                           rf"|(?<![\w.])(?<!\d[ \u00a0])(?:г|им|ул)\.[ \t]+[А-ЯЁ]")  # not a year's «г.»
    found = {}
    for path in _pages(built):
        project_page = built.html(str(path.parent.relative_to(built.root / "site")))
        article = project_page.select_one("article")
        if article is None:
            continue
        for raw in article.select("code, pre, svg"):
            raw.decompose()
        # The theme joins the page's title and the site's name with « — »: a tab title does not wrap.
        texts = [article.get_text(), project_page.title.get_text().removesuffix(f" — {SITE_NAME}")]
        texts += [a.get_text() for a in project_page.select(".md-nav--secondary a")]
        hits = [match[0] for text in texts for match in forbidden.finditer(text)]
        if hits:
            found[str(path.relative_to(built.root))] = hits
    assert found == {}


def test_no_break_spaces_on_the_pages(built: Project) -> None:
    meeting = built.html("meetings/2024-08-27-sekciya-omo")
    program = meeting.find(id="программа").find_next("ol").get_text()
    assert f"Т.{NBSP}И.{NBSP}Ковторова" in program and f"«СШ №{NBSP}1»" in program
    assert f"27{NBSP}августа 2024{NBSP}г." in meeting.article.get_text()
    practice = built.html("practices/vystavka")
    assert f"15{NBSP}февраля 2024{NBSP}г." in practice.article.get_text()
    # The title in the tab and the contents panel get them too.
    assert meeting.title.get_text() == (
        f"Секция ОМО школьных библиотекарей, 27{NBSP}августа 2024{NBSP}г. — {SITE_NAME}")
    contents = [a.get_text().strip() for a in built.html("audiences/ribc").select(".md-nav--secondary a")]
    assert f"Секция ОМО школьных библиотекарей, 27{NBSP}августа 2024{NBSP}г." in contents


def test_tab_titles_use_an_em_dash(built: Project) -> None:
    assert built.html("").title.get_text() == f"Главная — {SITE_NAME}"
    for path in _pages(built):
        title = built.html(str(path.parent.relative_to(built.root / "site"))).title.get_text()
        assert title == SITE_NAME or title.endswith(f" — {SITE_NAME}"), title
        assert " - " not in title


def test_headings_keep_whole_words_in_contents_and_search_titles(built: Project) -> None:
    page = built.html("monitoring/2024-08-27-sekciya-omo")
    assert SOFT_HYPHEN in page.select_one("article h3").get_text()  # the heading itself wraps with a hyphen
    for path in _pages(built):
        soup = built.html(str(path.parent.relative_to(built.root / "site")))
        assert SOFT_HYPHEN not in "".join(a.get_text() for a in soup.select(".md-nav a"))
        assert SOFT_HYPHEN not in soup.title.get_text()


def test_one_spelling_of_school_years(built: Project) -> None:
    assert dates.school_year_name(2024) == "2024/2025 учебный год"
    assert dates.practice_when(None, "2023/2024") == "2023/2024 учебный год"
    for path in _pages(built):
        soup = built.html(str(path.parent.relative_to(built.root / "site")))
        text = text_of(soup.select_one("article") or soup)
        assert not re.search(r"\b20\d\d-20\d\d\b", text), path  # the address /plan/2024-2025/ is not text
        assert not re.search(r"\b20\d\d ?[-–] ?20\d\d учебн", text), path
    assert "2024/2025 учебный год" in main_text(built.html("practices/kviz"))


def test_no_doubled_words(built: Project) -> None:
    text = main_text(built.html("meetings/2024-08-27-sekciya-omo"))
    assert not re.search(r"учебный год: \S+ учебный год", text, re.IGNORECASE)


def test_story_lists_keep_date_mark_and_summary_apart(built: Project) -> None:
    news = built.html("stories")
    meta = news.find(id="2024-08-28-itogi").find_next("p")
    assert "story-meta" in meta["class"] and meta.select_one(".story-date") is not None
    assert meta.find_next("p").get_text() == f"Коротко о{NBSP}главном"  # the summary: a paragraph of its own
    practice = built.html("practices/vystavka")
    line = practice.find(id="новости-о-практике").find_next("li")
    assert line.select_one(".story-date").get_text() == f"28{NBSP}августа 2024{NBSP}г."


def test_example_story_is_marked_by_a_badge(project: Project) -> None:
    project.write("content/stories/2024-08-28-itogi.md", """\
        ---
        title: Итоги секции
        date: 2024-08-28
        summary: Коротко о главном
        example: true
        practices: [vystavka]
        ---
        Секция прошла.
        """)
    assert project.build().returncode == 0
    meta = project.html("stories").find(id="2024-08-28-itogi").find_next("p")
    assert meta.select_one(".omo-example").get_text() == "пример оформления"
    line = project.html("practices/vystavka").find(id="новости-о-практике").find_next("li")
    assert line.select_one(".omo-example") is not None


# Chromium at 390 px with 200 % font -------------------------------------------------------------------------------

_BREAKS = """() => {
  const bad = [];
  for (const heading of document.querySelectorAll("article h1, article h2, article h3")) {
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
    let previous = null, bottom = 0, between = "";  // the last drawn character, its line's bottom, the rest since
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest(".headerlink")) continue;
      for (let i = 0; i < node.data.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const boxes = range.getClientRects(), character = node.data[i];
        if (!boxes.length) { between += character; continue; }  // a collapsed space, an unused soft hyphen
        if (previous !== null && boxes[0].top > bottom + 1
            && !/[\\s\\u00ad\\-–—]/.test(previous + between + character)) {
          bad.push(heading.textContent.replace(/\\u00ad/g, "").slice(0, 60) + ": …" + previous + "|" + character);
        }
        previous = character;
        bottom = boxes[boxes.length - 1].bottom;
        between = "";
      }
    }
  }
  return bad;
}"""


def test_headings_wrap_with_a_hyphen_on_a_phone_at_200_percent(built: Project) -> None:
    addresses = ["audiences/rmo/", "monitoring/2024-08-27-sekciya-omo/", "practices/vystavka/", "meetings/",
                 "municipalities/hislavichskiy/", "resolutions/2024-08-27-sekciya-omo/", "practices/"]
    with serve(built.root / "site") as site, browser_page(width=390, height=844) as page:
        page.add_init_script("localStorage.setItem('omo-a11y', JSON.stringify({size: '200'}))")
        broken = {}
        wrapped = 0
        for address in addresses:
            page.goto(site + address)
            assert page.evaluate("document.documentElement.dataset.omoSize") == "200"
            found = page.evaluate(_BREAKS)
            if found:
                broken[address] = found
            wrapped += page.evaluate("""() => [...document.querySelectorAll('article h1, article h2, article h3')]
                .filter(h => h.getClientRects().length && h.getBoundingClientRect().height
                             > 1.9 * parseFloat(getComputedStyle(h).lineHeight)).length""")
        assert broken == {}
        assert wrapped > 0  # the check did see headings of several lines
        # The check itself sees a word broken without a hyphen.
        page.evaluate("document.querySelectorAll('article h1, article h2, article h3').forEach(h => {"
                      " h.style.wordBreak = 'break-all'; h.textContent = h.textContent.replace(/\\u00ad/g, ''); })")
        assert page.evaluate(_BREAKS)


@pytest.mark.parametrize("text", [
    "<p>а" + " " * 20_000 + "— б</p>",  # a run of spaces before a dash: each of its spaces was a candidate
    "<p>а" + " " * 20_000 + "И. Петров</p>",
    "<h2>" + "а" * 200_000 + "</h2>",  # one word: pyphen's time grows with the square of its length
])
def test_hostile_runs_are_typeset_in_linear_time(text: str) -> None:
    """20,000 spaces before «—» took 107 s (a story of 20 KB held the build for minutes)."""
    started = time.perf_counter()
    out = typeset_html(text, hyphens=True)
    assert time.perf_counter() - started < 5
    assert SOFT_HYPHEN not in out and len(out) <= len(text)
