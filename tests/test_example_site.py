"""The repository's own example site: the seed meeting and its resolution, built strictly."""

from __future__ import annotations

import os
import re

import pytest
from conftest import REPO, Project, main_text
from ruamel.yaml import YAML

SEED = REPO.parent / "shared" / "seed" / "000_c1816d043c8d8fdf.txt"
MEETING_ID = "2024-08-27-sekciya-omo"


def directive_items() -> dict[str, list[str]]:
    data = YAML(typ="safe").load((REPO / "data/directives" / f"{MEETING_ID}.yml").read_text(encoding="utf-8"))
    return {aud: [item if isinstance(item, str) else item["text"] for item in items]
            for aud, items in data["items"].items()}


def normalized(text: str) -> str:
    text = re.sub(r"-\s*\n\s*", "-", text)  # words broken across lines in the seed
    return " ".join(text.split())


def test_example_has_all_municipalities_and_seed_content() -> None:
    yaml = YAML(typ="safe")
    municipalities = yaml.load((REPO / "data/municipalities.yml").read_text(encoding="utf-8"))
    assert len(municipalities) == 27
    assert sum(m["kind"] == "городской округ" for m in municipalities) == 2
    items = directive_items()
    assert list(items) == ["ribc", "rmo", "authorities", "libraries", "partners"]
    assert sum(len(v) for v in items.values()) == 15
    meeting = yaml.load((REPO / "data/meetings" / f"{MEETING_ID}.yml").read_text(encoding="utf-8"))
    assert len(meeting["problem_field"]) == 6


@pytest.mark.skipif(not SEED.is_file() and not os.environ.get("CI"),
                    reason="the seed document is kept beside the repository")
def test_example_text_is_verbatim_from_the_seed() -> None:
    seed = normalized(SEED.read_text(encoding="utf-8"))
    meeting = YAML(typ="safe").load((REPO / "data/meetings" / f"{MEETING_ID}.yml").read_text(encoding="utf-8"))
    for text in [*meeting["problem_field"], *(t for v in directive_items().values() for t in v)]:
        assert normalized(text) in seed, text


def test_each_seed_item_is_on_its_audience_page_with_a_stable_anchor(example: Project) -> None:
    for audience, texts in directive_items().items():
        soup = example.html(f"audiences/{audience}")
        for number, text in enumerate(texts, start=1):
            item = soup.find(id=f"{MEETING_ID}-{audience}-{number}")
            assert item is not None and normalized(text) in normalized(item.get_text(" ")), (audience, number)
        resolution = example.html(f"resolutions/{MEETING_ID}")
        assert normalized(texts[-1]) in normalized(resolution.find(id=f"{audience}-{len(texts)}").get_text(" "))


def test_example_pages_name_the_association_and_the_centre(example: Project) -> None:
    soup = example.html("")
    header = soup.select_one("header").get_text(" ")
    assert "ОМО школьных библиотекарей" in header
    assert "ГАУ ДПО" in soup.select_one(".md-banner").get_text(" ")
    assert "Региональный информационно-библиотечный центр" in soup.select_one(".md-banner").get_text(" ")
    assert "РИБЦ ГАУ ДПО СОИРО" in main_text(soup)
    meeting = example.html(f"meetings/{MEETING_ID}")
    assert "27 августа 2024 г." in main_text(meeting)
    assert (example.root / "site/plan/2024-2025/index.html").is_file()


def test_example_builds_without_third_party_fonts(example: Project) -> None:
    html = (example.root / "site/index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html


def test_example_pages_speak_russian_in_their_heading_links(example: Project) -> None:
    pages = list((example.root / "site").rglob("*.html"))
    assert not [page for page in pages if "Permanent link" in page.read_text(encoding="utf-8")]
    assert example.html("editors/errors").select('a.headerlink[title="Ссылка на этот раздел"]')


def test_editors_page_explains_the_messages(example: Project) -> None:
    from generator.core.load import MESSAGES

    text = main_text(example.html("editors/errors"))
    for message in {*MESSAGES.values(), "поле повторяется", "отступ сделан табуляцией", "не в кодировке UTF-8",
                    "файл в кодировке UTF-16",
                    "такой даты нет в календаре", "неизвестное поле", "недопустимое значение"}:
        assert message.split(":")[0] in text, message
