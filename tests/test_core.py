"""The pure core, without a build: ids, dates, escaping, error positions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import make_project

from generator.core import dates, yamlio
from generator.core.build import load_site
from generator.core.errors import ContentError, field_name
from generator.core.slugs import make_id
from generator.core.yamlio import parse_yaml
from generator.pages.markdown_text import escape_text, markdown_field


@pytest.mark.parametrize(("title", "expected"), [
    ("Секция ОМО", "sekciya-omo"),
    ("Хиславичский", "hislavichskiy"),
    ("Холм-Жирковский", "holm-zhirkovskiy"),
    ("Выставка «Ёлка» №5", "vystavka-yolka-no5"),
])
def test_make_id_is_readable_latin(title: str, expected: str) -> None:
    assert make_id(title) == expected


@pytest.mark.parametrize(("day", "year"), [
    (dt.date(2024, 8, 1), "2024/2025 учебный год"),
    (dt.date(2025, 7, 31), "2024/2025 учебный год"),
    (dt.date(2024, 7, 31), "2023/2024 учебный год"),
])
def test_school_year_runs_from_august_to_july(day: dt.date, year: str) -> None:
    assert dates.school_year_name(dates.school_year_start(day)) == year


def test_long_russian_date() -> None:
    # A narrow no-break space keeps «г.» on the line of the year.
    assert dates.long_date(dt.date(2024, 8, 27)) == "27 августа 2024\u202fг."


def test_today_follows_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735671600")  # 2024-12-31 19:00 UTC = 22:00 in Moscow
    assert dates.today() == dt.date(2024, 12, 31)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735678800")  # 21:00 UTC = 00:00 the next day in Moscow
    assert dates.today() == dt.date(2025, 1, 1)


def test_yaml_12_rules() -> None:
    text = "time: 10:30\nanswer: no\nflag: true\ndate: 2024-08-27\nsize: 9.30\ncount: 12\nnone: ~\n"
    expected = {"time": "10:30", "answer": "no", "flag": True, "date": "2024-08-27", "size": "9.30", "count": 12,
                "none": None}
    document = parse_yaml(text, "x.yml")
    assert document.data == expected
    # The careful parser, used for error positions, reads the same values.
    assert dict(yamlio._careful_parse(text, "x.yml", 1)) == expected
    assert document.line(("count",)) == 6


def test_plain_text_escaping_renders_back_to_the_same_text() -> None:
    import markdown

    text = "{{ 7*7 }} <b>x</b> [ссылка](http://x) *курсив* _a_ #1 & 1. 2024-2025 `код` {: #id }"
    html = markdown.markdown(escape_text(text), extensions=["attr_list", "tables", "md_in_html"])
    assert html == ("<p>{{ 7*7 }} &lt;b&gt;x&lt;/b&gt; [ссылка](http://x) *курсив* _a_ #1 &amp; 1. 2024-2025 "
                    "`код` {: #id }</p>")


@pytest.mark.parametrize("text", ["# Заголовок", "- пункт", "+ пункт", "1. пункт", "2024) год", "> цитата", "---"])
def test_plain_text_at_the_start_of_a_line_stays_text(text: str) -> None:
    import markdown

    assert markdown.markdown(escape_text(text)) == f"<p>{text.replace('>', '&gt;')}</p>"


def test_markdown_fields_lose_scripts_and_keep_formatting() -> None:
    text = markdown_field("**важно** <script>alert(1)</script> <br> [x](javascript:alert(1)) <https://vk.com/a>")
    assert "<script" not in text and "**важно**" in text and "<br>" in text
    assert "javascript" not in text and "<https://vk.com/a>" in text


def test_field_names_count_items_from_one() -> None:
    assert field_name(("program", 0, "speakers", 1, "municipality")) == "program[1].speakers[2].municipality"


def test_load_site_collects_problems_from_several_files(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    project.write("data/themes.yml", "- id: patriotic\n  name: А\n- id: patriotic\n  name: Б\n")
    (tmp_path / "data/audiences.yml").unlink()
    with pytest.raises(ContentError) as raised:
        load_site(tmp_path, tmp_path / "data", tmp_path / "content")
    messages = [str(p) for p in raised.value.problems]
    assert "data/themes.yml:3: id: id «patriotic» уже есть в строке 1" in messages
    assert "data/audiences.yml: файл справочника не найден: он обязателен" in messages


def test_core_imports_nothing_from_mkdocs() -> None:
    import subprocess
    import sys

    code = ("import sys, generator.core.build, generator.pages.pages; "
            "sys.exit(1 if any(m == 'mkdocs' or m.startswith('mkdocs.') for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
