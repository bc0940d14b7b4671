"""Editors' slips: each ends in one Russian message naming file, line and field; never a traceback or a wrong page."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import Project, make_project, site_files

from generator.pages.bare_links import bare_links_as_links
from generator.pages.markdown_text import code_parts, escape_text, markdown_field

MEETING = "data/meetings/2025-09-10-zasedanie.yml"
PRACTICE = "data/practices/kviz.yml"
STORY = "content/stories/2025-03-21-kviz.md"
DIRECTIVE = "data/directives/2025-03-20-seminar.yml"
MUNICIPALITIES = """\
    - id: smolensk
      name: город Смоленск
      kind: городской округ
    - id: hislavichskiy
      name: Хиславичский муниципальный округ
      short: Хиславичский
      kind: муниципальный округ
    - id: vyazemskiy
      name: Вяземский муниципальный округ
      short: Вяземский
      kind: муниципальный округ
    - id: yarcevskiy
      name: Ярцевский муниципальный округ
      short: Ярцевский
      kind: муниципальный округ
    """


def practice(municipality: str = "smolensk", themes: str = "[local-history]") -> str:
    return (f"title: Квиз\norganization: Школа\nmunicipality: {municipality}\nthemes: {themes}\n"
            "date: 2025-01-01\ndescription: Игра.\n")


def check(project: Project) -> list[str]:
    """The problems printed by ``python -m generator check``, one a line, without the closing summary."""
    result = subprocess.run([sys.executable, "-m", "generator", "check", "--project", str(project.root)],
                            capture_output=True, text=True, encoding="utf-8", check=False)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stdout.strip().splitlines()
    if result.returncode == 0:
        assert lines == ["Ошибок не найдено."]
        return []
    assert result.returncode == 1, result.stdout + result.stderr
    assert lines[-1].startswith("Найдено ошибок: ")
    return lines[:-1]


def only_problem(project: Project) -> str:
    found = check(project)
    assert len(found) == 1, found
    return found[0]


def build_fails(project: Project) -> str:
    result = project.build()
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert not (project.root / "site").exists()
    return result.stderr


@pytest.fixture
def p(tmp_path: Path) -> Project:
    return make_project(tmp_path)


# Control characters from escapes in double quotes --------------------------------------------

ESCAPE_ADVICE = ("в двойных кавычках обратная косая черта \\ начинает особый символ (\\b, \\v, \\x07…); "
                 "пишите её дважды (\\\\server\\\\books) или возьмите текст в одинарные кавычки ('\\server\\books')")


@pytest.mark.parametrize(("typed", "char"), [
    ("\\\\server\\books", "U+0008 (забой, Backspace)"),  # "\\server\books": \b is a backspace
    ("Звонок\\x07", "U+0007 (звуковой сигнал)"),
    ("Итоги\\vсекции", "U+000B (вертикальная табуляция, разрыв строки из Word)"),
    ("Цвет\\x1b[31m", "U+001B (Escape)"),
    ("Половина\\ud800пары", "U+D800 (половина суррогатной пары)"),
    ("Конец\\uffff", "U+FFFF (недопустимый символ)"),
])
def test_control_characters_from_escapes_are_refused(p: Project, typed: str, char: str) -> None:
    p.write(STORY, f'---\ntitle: Квиз\ndate: 2025-03-21\nsummary: "{typed}"\n---\nТекст.\n')
    assert only_problem(p) == f"{STORY}:4: summary: в тексте управляющий символ {char}: {ESCAPE_ADVICE}"


def test_backspace_in_a_title_stops_the_build_before_the_feed(p: Project) -> None:
    p.write(STORY, '---\ntitle: "Папка \\\\server\\books"\ndate: 2025-03-21\n---\nТекст.\n')
    errors = build_fails(p)
    assert f"{STORY}:2: title: в тексте управляющий символ U+0008 (забой, Backspace): {ESCAPE_ADVICE}" in errors


def test_characters_that_turn_text_around_or_hide_a_line_break_are_refused_typed_or_as_escapes(p: Project) -> None:
    # «отчёт\u202Efdp.exe» shows as «отчётexe.pdf»: in a title it would pass a file off as another.
    p.write(STORY, '---\ntitle: "Отчёт \\u202Efdp.exe"\ndate: 2025-03-21\n---\nТекст.\n')
    p.write(PRACTICE, practice().replace("title: Квиз", 'title: "Квиз\\u2028B\\ufeff"'))
    p.write("content/about.md", "# О нас \u2067x\u2069\n\nТекст.\n")
    found = check(p)
    assert found == [
        "content/about.md:1: невидимый символ U+2067 (смена направления письма) после «# О нас»: удалите его: он "
        "переворачивает порядок букв на экране (попадает при копировании из мессенджеров и с сайтов на арабском "
        "или иврите)",
        f"{STORY}:2: title: в тексте символ U+202E (смена направления письма): удалите его код: он переворачивает "
        "порядок букв на экране (попадает при копировании из мессенджеров и с сайтов на арабском или иврите)",
        f"{PRACTICE}:1: title: в тексте невидимый символ U+2028 (разделитель строк): удалите его код (\\u…) или "
        "замените обычным пробелом",
    ]
    build_fails(p)


def test_control_character_in_a_nested_value_and_in_a_key(p: Project) -> None:
    p.write(MEETING, 'title: Заседание\ndate: 2025-09-10\nprogram:\n  - title: Доклад\n    speakers:\n'
                     '      - name: "А.\\x08Б."\n')
    p.write(PRACTICE, practice() + '"goals\\x07": Цели\n')
    found = check(p)
    assert found == [
        f"{MEETING}:6: program[1].speakers[1].name: в тексте управляющий символ U+0008 (забой, Backspace): "
        f"{ESCAPE_ADVICE}",
        f"{PRACTICE}:7: goals[U+0007]: в тексте управляющий символ U+0007 (звуковой сигнал): {ESCAPE_ADVICE}",
    ]


def test_windows_paths_in_single_quotes_or_doubled_backslashes_are_text(p: Project) -> None:
    p.write(STORY, "---\ntitle: '\\\\server\\books'\ndate: 2025-03-21\nsummary: \"\\\\\\\\server\\\\books\"\n---\n"
                   "Текст.\n")
    assert check(p) == []


# Characters pasted from Word ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "line", "message"), [
    ("title: Итоги\x0bсекции\ndate: 2025-09-10\n", 1,
     "невидимый символ U+000B (вертикальная табуляция, разрыв строки из Word) после «title: Итоги»: "
     "замените его обычным переводом строки (Enter) или пробелом"),
    ("title: Итоги\ndate: 2025-09-10\n\ufeffplace: Смоленск\n", 3,
     "невидимый символ U+FEFF (метка порядка байтов, BOM) в начале строки: удалите его (он остаётся, когда "
     "склеивают файлы или копируют текст из другого файла)"),
    ("title: Итоги\ndate: 2025-09-10\nplace: Смоленск\x07\n", 3,
     "невидимый символ U+0007 (звуковой сигнал) после «place: Смоленск»: удалите его (обычно он попадает при "
     "копировании из Word или веб-страницы)"),
    ("title: Итоги\ndate: 2025-09-10\nplace: Смоленск\rВязьма\n", 3,
     "невидимый символ U+000D (возврат каретки) после «place: Смоленск»: сохраните файл с обычными переводами "
     "строк (Windows или Unix)"),
])
def test_invisible_characters_typed_into_a_file(p: Project, text: str, line: int, message: str) -> None:
    p.write(MEETING, text.encode("utf-8"))
    assert only_problem(p) == f"{MEETING}:{line}: {message}"


def test_vertical_tab_in_a_story_text_is_found_at_its_line(p: Project) -> None:
    p.write(STORY, "---\ntitle: Квиз\ndate: 2025-03-21\n---\nПервая строка.\nВторая\x0bстрока.\n".encode())
    assert only_problem(p) == (f"{STORY}:6: невидимый символ U+000B (вертикальная табуляция, разрыв строки из "
                               "Word) после «Вторая»: замените его обычным переводом строки (Enter) или пробелом")


@pytest.mark.parametrize("text", [
    "title\u00a0: Заседание ОМО\ndate: 2025-09-10\n",
    "title:\u00a0Заседание ОМО\ndate:\u00a0\u00a02025-09-10\n",
    "title \u00a0:\u00a0Заседание ОМО\ndate: 2025-09-10\nthemes:\n  -\u00a0patriotic\n\u00a0 - local-history\n",
])
def test_non_breaking_space_around_a_colon_is_a_space(p: Project, text: str) -> None:
    p.write(MEETING, text)
    assert check(p) == []
    assert p.build().returncode == 0
    assert p.html("meetings/2025-09-10-zasedanie").h1.get_text().startswith("Заседание ОМО")


def test_invisible_character_in_a_field_name(p: Project) -> None:
    p.write(MEETING, "\u200btitle: Заседание\ndate: 2025-09-10\n")
    assert check(p) == [
        f"{MEETING}:1: [U+200B]title: в названии поля невидимый символ U+200B (пробел нулевой ширины): удалите "
        "его, должно быть title",
        f"{MEETING}:1: title: обязательное поле не заполнено: Название заседания — впишите значение после «title:»",
    ]


def test_russian_letter_in_a_field_name_is_named(p: Project) -> None:
    p.write(MEETING, "titlе: Заседание\ndate: 2025-09-10\n")  # the «е» is Russian: the name looks right
    assert check(p) == [
        f"{MEETING}:1: title: обязательное поле не заполнено: Название заседания — впишите значение после «title:»",
        f"{MEETING}:1: titlе: в названии поля русские буквы, похожие на латинские: «е» (5-я буква): должно быть "
        "title",
    ]


@pytest.mark.parametrize(("typed", "shown", "char"), [
    ("smo\u200blensk", "smo[U+200B]lensk", "U+200B (пробел нулевой ширины)"),
    ("smo\u00adlensk", "smo[U+00AD]lensk", "U+00AD (мягкий перенос)"),
    ("smolensk\u2060", "smolensk[U+2060]", "U+2060 (невидимый соединитель)"),
])
def test_invisible_character_inside_an_id(p: Project, typed: str, shown: str, char: str) -> None:
    p.write(PRACTICE, practice(municipality=typed))
    assert only_problem(p) == (f"{PRACTICE}:3: municipality: нет муниципального образования с id «{shown}»: "
                               f"в нём невидимый символ {char} — так бывает при копировании из Word или с "
                               "веб-страницы; правильно: smolensk")


# Look-alike letters and names instead of ids ------------------------------------------------------------------

def test_russian_letters_that_look_latin_in_an_id(p: Project) -> None:
    p.write(PRACTICE, practice(municipality="smоlensk", themes="[lоcal-histоry]"))  # Russian «о»
    assert check(p) == [
        f"{PRACTICE}:3: municipality: нет муниципального образования с id «smоlensk»: в нём русские буквы, "
        "похожие на латинские: «о» (3-я буква); правильно: smolensk",
        f"{PRACTICE}:4: themes[1]: нет направления с id «lоcal-histоry»: в нём русские буквы, похожие на "
        "латинские: «о» (2-я буква), «о» (11-я буква); правильно: local-history",
    ]


def test_russian_letters_that_look_latin_in_a_vocabulary_id(p: Project) -> None:
    p.write("data/themes.yml", "- id: patriоtic\n  name: Военно-патриотическое воспитание\n"
                               "- id: local-history\n  name: Историко-краеведческое воспитание\n")
    found = check(p)
    assert ("data/themes.yml:1: id: «patriоtic» не подходит как id: в нём русские буквы, похожие на "
            "латинские: «о» (6-я буква); например: patriotic") in found


def test_file_name_with_russian_look_alike_letters_gets_the_latin_name(p: Project) -> None:
    (p.root / PRACTICE).rename(p.root / "data/practices/kvіz.yml")  # Ukrainian «і»
    found = check(p)
    assert any(line.startswith("data/practices/kvіz.yml") and line.endswith("kviz.yml") for line in found), found


NAME_IS_NOT_AN_ID = "здесь пишется id (строчные латинские буквы, цифры и дефис), а не название"


@pytest.mark.parametrize(("typed", "meant"), [
    ("Ярцевский", "yarcevskiy (Ярцевский муниципальный округ)"),
    ("Ярцевский муниципальный район", "yarcevskiy (Ярцевский муниципальный округ)"),
    ("ярцевский", "yarcevskiy (Ярцевский муниципальный округ)"),
    ("Смоленск", "smolensk (город Смоленск)"),
    ("г. Смоленск", "smolensk (город Смоленск)"),
    ("Хиславичи", "hislavichskiy (Хиславичский муниципальный округ)"),
    # The district's town, which the district is named after: «Вязьма» was offered smolensk and desnogorsk.
    ("Вязьма", "vyazemskiy (Вяземский муниципальный округ)"),
    ("Ярцево", "yarcevskiy (Ярцевский муниципальный округ)"),
])
def test_municipality_name_instead_of_id(p: Project, typed: str, meant: str) -> None:
    p.write("data/municipalities.yml", MUNICIPALITIES)
    p.write(PRACTICE, practice(municipality=typed))
    message = only_problem(p)
    assert message.startswith(f"{PRACTICE}:3: municipality: нет муниципального образования с id «{typed}»: "
                              f"{NAME_IS_NOT_AN_ID}; возможно, вы имели в виду: {meant}")


def test_theme_and_audience_names_instead_of_ids(p: Project) -> None:
    p.write(PRACTICE, practice(themes="[Патриотическое воспитание, краеведение]"))
    p.write(DIRECTIVE, "items:\n  РИБЦ:\n    - провести вебинар\n  Руководители РМО:\n    - пункт\n")
    assert check(p) == [
        f"{DIRECTIVE}:2: items.РИБЦ: нет адресата с id «РИБЦ»: {NAME_IS_NOT_AN_ID}; возможно, вы имели в виду: "
        "ribc (РИБЦ ГАУ ДПО СОИРО)",
        f"{DIRECTIVE}:4: items.Руководители РМО: нет адресата с id «Руководители РМО»: {NAME_IS_NOT_AN_ID}; "
        "возможно, вы имели в виду: rmo (Руководители районных методических объединений (РМО))",
        f"{PRACTICE}:4: themes[1]: нет направления с id «Патриотическое воспитание»: {NAME_IS_NOT_AN_ID}; "
        "возможно, вы имели в виду: patriotic (Военно-патриотическое воспитание)",
        f"{PRACTICE}:4: themes[2]: нет направления с id «краеведение»: {NAME_IS_NOT_AN_ID}; "
        "возможно, вы имели в виду: local-history (Историко-краеведческое воспитание)",
    ]


def test_meeting_title_instead_of_its_id(p: Project) -> None:
    p.write(STORY, "---\ntitle: Квиз\ndate: 2025-03-21\nmeeting: Заседание ОМО\n---\nТекст.\n")
    assert only_problem(p) == (f"{STORY}:4: meeting: нет заседания с id «Заседание ОМО»: {NAME_IS_NOT_AN_ID}; "
                               "возможно, вы имели в виду: 2025-09-10-zasedanie (Заседание ОМО)")


# Dates and times typed by habit --------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["12.03.2025", "12.03.25", "2025.03.12", "12/03/2025", "12 марта 2025",
                                   "12 марта 2025 г.", "12.3.2025"])
def test_date_typed_the_russian_way_gets_the_right_form(p: Project, typed: str) -> None:
    p.write(MEETING, f"title: Заседание\ndate: {typed}\n")
    assert only_problem(p) == (f"{MEETING}:2: date: дата записывается как ГГГГ-ММ-ДД, например 2025-03-12, "
                               f"а не «{typed}»")


@pytest.mark.parametrize(("typed", "meant"), [("10.00", "10:00"), ("10-00", "10:00"), ("9.30", "09:30"),
                                              ("14 ч", "14:00"), ("10,30", "10:30")])
def test_time_typed_with_a_dot_gets_the_right_form(p: Project, typed: str, meant: str) -> None:
    p.write(MEETING, f"title: Заседание\ndate: 2025-09-10\ntime: {typed}\n")
    assert only_problem(p) == f"{MEETING}:3: time: время записывается как ЧЧ:ММ, например {meant}, а не «{typed}»"


@pytest.mark.parametrize(("path", "text", "where", "message"), [
    (MEETING, "title: З\ndate: 9999-12-31\ntime: 23:00\n", "2: date",
     "год 9999 вне допустимых пределов: даты на сайте — с 1990 по 2100 год"),
    (MEETING, "title: З\ndate: 0001-01-01\n", "2: date",
     "год 1 вне допустимых пределов: даты на сайте — с 1990 по 2100 год"),
    (STORY, "---\ntitle: Н\ndate: 1900-01-01\n---\n", "3: date",
     "год 1900 вне допустимых пределов: даты на сайте — с 1990 по 2100 год"),
    (DIRECTIVE, "items:\n  ribc:\n    - text: Пункт\n      due: 9999-12-31\n", "4: items.ribc[1].due",
     "год 9999 вне допустимых пределов: даты на сайте — с 1990 по 2100 год"),
    (PRACTICE, practice().replace("date: 2025-01-01", "school_year: 9998/9999"), "5: school_year",
     "учебный год вне допустимых пределов: на сайте — с 1990/1991 по 2099/2100, а не «9998/9999»"),
])
def test_extreme_dates_are_refused(p: Project, path: str, text: str, where: str, message: str) -> None:
    p.write(path, text)
    assert only_problem(p) == f"{path}:{where}: {message}"


def test_extreme_date_stops_the_build_without_a_traceback(p: Project) -> None:
    p.write(MEETING, "title: З\ndate: 9999-12-31\ntime: 23:00\n")
    assert f"{MEETING}:2: date: год 9999 вне допустимых пределов" in build_fails(p)


def test_dates_at_the_edges_of_the_range_build(p: Project) -> None:
    p.write(MEETING, "title: Последнее заседание\ndate: 2100-12-31\ntime: 23:30\n")
    p.write(STORY, "---\ntitle: Старая новость\ndate: 1990-01-01\n---\nТекст.\n")
    result = p.build()
    assert result.returncode == 0, result.stderr
    assert b"DTSTART;TZID=Europe/Moscow:21001231T233000" in (p.root / "site/meetings.ics").read_bytes()
    assert b"<pubDate>Mon, 01 Jan 1990" in (p.root / "site/feed.xml").read_bytes()


# A field name without its colon ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "text", "line", "field"), [
    (STORY, "---\ntitle: Квиз\nsummary Коротко о главном\ndate: 2025-03-21\n---\nТекст.\n", 3, "summary"),
    (STORY, "---\ntitle: Квиз\ndate 2025-03-21\n---\nТекст.\n", 3, "date"),
    (MEETING, "title: Заседание\ndate 2025-09-10\n", 2, "date"),
    (MEETING, "title: Заседание\ndate: 2025-09-10\nprogram:\n  - title: Доклад\n    time 10:00\n", 5, "time"),
    (MEETING, "title: Заседание\n  place Смоленск\ndate: 2025-09-10\n", 2, "place"),  # read as the title going on
])
def test_missing_colon_after_a_field_name(p: Project, path: str, text: str, line: int, field: str) -> None:
    p.write(path, text)
    assert only_problem(p) == f"{path}:{line}: {field}: после названия поля {field} нужно двоеточие: {field}: …"


def test_missing_colon_before_a_text_with_a_colon(p: Project) -> None:
    p.write(MEETING, "title: Заседание\ndate: 2025-09-10\nplace Смоленск: СОИРО\n")
    assert only_problem(p) == f"{MEETING}:3: place Смоленск: после названия поля place нужно двоеточие: place: …"


def test_line_without_a_colon_that_is_not_a_field(p: Project) -> None:
    p.write(MEETING, "title: Заседание\nКоротко о главном\ndate: 2025-09-10\n")
    assert only_problem(p) == (f"{MEETING}:2: ошибка в записи YAML: в строке нет двоеточия после названия поля "
                               "(«название: значение»); если это продолжение текста из строки выше, сдвиньте её "
                               "вправо пробелами")


def test_field_names_inside_text_are_text(p: Project) -> None:
    p.write(MEETING, "title: Заседание\ndate: 2025-09-10\ndescription: |\n  Итоги\n  summary of the day\n"
                     "place: >\n  Смоленск,\n  date to be set\n")
    assert check(p) == []


# Deep nesting -------------------------------------------------------------------------------------------------------

TOO_DEEP = ("слишком глубокая вложенность: больше 50 уровней списков и полей, так записи не пишутся; "
            "проверьте скобки [ ] и { } и отступы")


@pytest.mark.parametrize(("text", "line"), [
    ("title: " + "[" * 5000 + "]" * 5000 + "\ndate: 2025-09-10\n", 1),
    ("title: З\ndate: 2025-09-10\nplace: " + "{a: " * 3000 + "b" + "}" * 3000 + "\n", 3),
    ("".join("  " * i + f"k{i}:\n" for i in range(400)) + "  " * 400 + "x\n", 51),
    ("title: " + "[" * 60 + "]" * 60 + "\ndate: 2025-09-10\n", 1),
    ("".join("  " * i + "-\n" for i in range(70)), 51),
])
def test_deep_nesting_is_refused(p: Project, text: str, line: int) -> None:
    p.write(MEETING, text)
    assert only_problem(p) == f"{MEETING}:{line}: {TOO_DEEP}"


# Every file's problems at once -------------------------------------------------------------------------------------

def test_syntax_errors_do_not_hide_other_files_problems(p: Project) -> None:
    p.write(MEETING, "title: Заседание\ndate: 2025-09-10\nplace: [Смоленск\n")
    p.write("data/meetings/2025-10-01-otmena.yml", 'title: "Вебинар\ndate: 2025-10-01\n')
    p.write("data/meetings/2025-03-20-seminar.yml", "title: Семинар\ndate: 20.03.2025\n")
    p.write(PRACTICE, practice(municipality="Ярцевский"))
    p.write(STORY, "---\ntitle: Квиз\ndate 2025-03-21\n---\nТекст.\n")
    assert check(p) == [
        f"{STORY}:3: date: после названия поля date нужно двоеточие: date: …",
        "data/meetings/2025-03-20-seminar.yml:2: date: дата записывается как ГГГГ-ММ-ДД, например 2025-03-20, "
        "а не «20.03.2025»",
        f"{MEETING}:3: place: ошибка в записи YAML: скобка «[» в этой строке не закрыта: допишите «]» после "
        "последнего значения списка",
        "data/meetings/2025-10-01-otmena.yml:1: ошибка в записи YAML: не закрыты кавычки",
        f"{PRACTICE}:3: municipality: нет муниципального образования с id «Ярцевский»: {NAME_IS_NOT_AN_ID}; "
        "есть такие: smolensk, hislavichskiy, vyazemskiy",
    ]


# Text processing stays linear ----------------------------------------------------------------------------------------
# Sizes are chosen so that a quadratic algorithm would keep these tests busy for minutes: the test run is the guard.

PATHOLOGICAL = {
    "tilde fences that never close": "~~~~\n" * 75_000,
    "backtick fences that never close": "````\n" * 60_000,
    "tilde lines": "~~~\n" * 75_000 + "~~~\n",
    "a run of backticks": "`" * 300_000,
    "backtick spans that never close": "``a" * 100_000,
    "opening brackets": "[" * 100_000,
    "angle brackets": "<" * 100_000,
    "autolink starts": "<https://" * 30_000,
    "script link starts": "](javascript:" * 25_000,
    "spaces before a link target": "](" + " " * 300_000 + "x",
    "tags left open": "<b " * 100_000,
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_markdown_fields_are_processed_in_linear_time(text: str) -> None:
    result = markdown_field(text)
    assert len(result) >= len(text.strip()) // 2
    assert escape_text(text)


def test_code_blocks_and_spans_are_found_as_before() -> None:
    text = "```\n<b>\n```\nи `код <i>` и ``a`b`` и ``не закрыт `x`\n~~~~\n~~~\n<i>\n~~~ \n"
    # «~~~~» is no fence here (Python-Markdown would want «~~~~» to close it): «~~~» below opens one, as there.
    assert [text[a:b] for a, b in code_parts(text)] == ["```\n<b>\n```", "`код <i>`", "``a`b``", "`не закрыт `",
                                                        "~~~\n<i>\n~~~ "]
    assert markdown_field("`<script>` и <script>") == "`<script>` и &lt;script>"


def test_big_pathological_description_builds(p: Project) -> None:
    description = "".join(f"  {line}\n" for line in ("~~~~\n" * 20_000 + "`" * 20_000 + "\n").splitlines())
    p.write(PRACTICE, practice().replace("description: Игра.\n", f"description: |\n{description}"))
    result = p.build()
    assert result.returncode == 0, result.stderr


# Markdown that Python-Markdown could not render: a RecursionError, or minutes of work (markdown_limits.py).
NESTED = "- " * 1000 + "x"
NESTED_BY_INDENT = "\n".join("    " * level + "- пункт" for level in range(260))
NOTES_BY_INDENT = "\n".join("    " * level + "!!! note" for level in range(600))
NUMBERED_LONG = "1234567890. " * 600 + "x"  # numbers of any length open a list item
BRACKETS = {
    "unpaired": "[" * 8000,
    "unpaired before a long text": "[" * 2000 + "слово " * 20_000,
    "links never closed": "[a](" * 6000,
    "references never closed": "[a][" * 6000,
    "a bracket on every line": "[a\n" * 6000,
    "pictures never closed": "![" * 6000,
}


def assert_build_stops_in_russian(p: Project, said: str) -> None:
    """The build ends with the check's message, not Python-Markdown's RecursionError."""
    result = p.build()
    assert result.returncode == 1 and "Traceback" not in result.stderr and "RecursionError" not in result.stderr
    assert said in result.stderr


@pytest.mark.parametrize("body", [NESTED, NESTED_BY_INDENT, NOTES_BY_INDENT, NUMBERED_LONG],
                         ids=["one line", "indents", "notes", "long numbers"])
def test_lists_nested_hundreds_deep_are_refused_where_they_are(p: Project, body: str) -> None:
    """Python-Markdown parses each level by calling itself: the build ended in a RecursionError, a traceback."""
    p.write(STORY, f"---\ntitle: Квиз\ndate: 2025-03-21\n---\nТекст.\n\n{body}\n")
    deep = next(index for index, line in enumerate(body.split("\n")) if len(line) - len(line.lstrip()) >= 100
                or line.count("- ") > 50 or line.count(". ") > 50)  # 50 levels and the line's own
    assert only_problem(p).startswith(f"{STORY}:{7 + deep}: списки или врезки вложены слишком глубоко: уровней "
                                      "вложенности в одной строке — ")
    description = "".join(f"  {line}\n" for line in body.split("\n"))
    p.write(STORY, "---\ntitle: Квиз\ndate: 2025-03-21\n---\nТекст.\n")
    p.write(PRACTICE, practice().replace("description: Игра.\n", f"description: |\n  Игра.\n{description}"))
    assert only_problem(p).startswith(f"{PRACTICE}:{8 + deep}: description: списки или врезки вложены слишком")
    assert_build_stops_in_russian(p, "списки или врезки вложены слишком глубоко")


@pytest.mark.parametrize("text", BRACKETS.values(), ids=BRACKETS.keys())
def test_brackets_without_their_pair_by_thousands_are_refused(p: Project, text: str) -> None:
    """For each «[» Python-Markdown looks for its «]» over the rest of the paragraph: 8,000 of them took 7 s,
    2,000 before 100 KB of text 45 s; one story could hold the build for as long as it liked."""
    p.write(STORY, f"---\ntitle: Квиз\ndate: 2025-03-21\n---\nТекст.\n\nЕщё абзац.\n{text}\n")
    assert only_problem(p) == (f"{STORY}:7: в абзаце слишком много квадратных скобок «[» без пары (или «](» без «)»): "
                               "сайт с ним собирался бы минуты; уберите лишние скобки или разделите текст на абзацы "
                               "пустыми строками")


TAGS_NEVER_CLOSED = ("в тексте страницы слишком много знаков «<» без закрывающего «>» (или кавычек, не закрытых "
                     "внутри тега): сайт с ним собирался бы минуты; уберите лишние знаки «<» или допишите тегам "
                     "закрывающие кавычки и «>»")


@pytest.mark.parametrize("tags", ["<a " * 20_000, '<a href="\n\n' * 16_000, "<a href=x\n\n" * 16_000],
                         ids=["in a paragraph", "quotes never closed, over paragraphs", "over paragraphs"])
def test_a_page_of_thousands_of_tags_never_closed_is_refused_and_one_of_many_tags_is_not(p: Project,
                                                                                        tags: str) -> None:
    """A hand-written page's HTML is HTML, read as one document: for each «<» Python-Markdown looks for its «>»
    over the rest of the page («<a » 20,000 times took a minute to build; «<a href="» and two line breaks 16,000
    times, 64 s)."""
    p.write("content/o-nas.md", "# О нас\n\nТекст.\n\n" + tags + "\n")
    assert only_problem(p) == f"content/o-nas.md:5: {TAGS_NEVER_CLOSED}"
    p.write("content/o-nas.md", "# О нас\n\n" + "<span>слово</span> " * 5000 + "\n\nа < б и в > г\n\n"
            + '<a href="https://example.ru/a">ссылка</a> и текст\n\n' * 5000)
    assert check(p) == []


def test_html_blocks_of_markdown_nested_hundreds_deep_are_refused(p: Project) -> None:
    """Python-Markdown reads a ``<div markdown="1">`` inside another by calling itself: 400 of them, 10 KB, ended
    the build in a RecursionError while the check found nothing."""
    p.write("content/o-nas.md", "# О нас\n\n" + '<div markdown="1">\n' * 400 + "x\n" + "</div>\n" * 400)
    assert only_problem(p) == ("content/o-nas.md:53: блоки HTML с атрибутом markdown вложены слишком глубоко: можно "
                               "не больше 50 уровней; уберите лишние вложенные блоки")
    result = p.build()
    assert result.returncode == 1 and "Traceback" not in result.stderr and "RecursionError" not in result.stderr
    p.write("content/o-nas.md", "# О нас\n\n" + ('<div markdown="1">\n' * 30 + "x\n" + "</div>\n" * 30) * 4)
    assert check(p) == []


SPLITTING = {"underlined headings": "a\n-\n" * 20_000, "rules": "***\n" * 20_000, "headings": "## a\n" * 20_000}


@pytest.mark.parametrize("text", SPLITTING.values(), ids=SPLITTING.keys())
def test_headings_and_rules_line_after_line_by_thousands_are_refused(p: Project, text: str) -> None:
    """After each heading or rule Python-Markdown reads the rest of its block again: 80 KB of «a» and «-» lines
    took a build 42 s, 160 KB of them minutes."""
    p.write(STORY, f"---\ntitle: Квиз\ndate: 2025-03-21\n---\nТекст.\n\n{text}")
    assert only_problem(p) == (f"{STORY}:7: в тексте слишком много заголовков или линий («# …», «---», «***», «===») "
                               "строка за строкой, без пустых строк между ними: сайт с ним собирался бы минуты; "
                               "отделите их от текста пустыми строками")
    p.write(STORY, "---\ntitle: Квиз\ndate: 2025-03-21\n---\nТекст.\n")
    p.write(PRACTICE, practice().replace("description: Игра.", "description: |\n  Игра.\n\n"
                                         + "".join(f"  {line}\n" for line in text.split("\n"))))
    assert only_problem(p).startswith(f"{PRACTICE}:9: description: в тексте слишком много заголовков или линий")


def test_the_bound_on_headings_and_rules_leaves_long_pages_alone(p: Project) -> None:
    sections = "".join(f"## Раздел {n}\n" + "Текст абзаца, в котором много слов. " * 20 + "\n---\n"
                       for n in range(300))
    p.write("content/o-nas.md", f"# О нас\n\n{sections}")
    assert check(p) == []


EMPHASIS_NESTED = {
    "words": "*а " * 992 + "x" + " б*" * 992,
    "bold": "**" * 1000 + "x" + "**" * 1000,
    "underscores": "_" * 2000 + "x" + "_" * 2000,
    "inside a word": "x" + "**" * 1000 + "a" + "**" * 1000 + "x",  # «*» is emphasis inside a word too
}


@pytest.mark.parametrize("text", EMPHASIS_NESTED.values(), ids=EMPHASIS_NESTED.keys())
def test_emphasis_opened_a_thousand_deep_is_refused_where_it_is(p: Project, text: str) -> None:
    """Python-Markdown matches emphasis inside emphasis by calling itself: «**» 1,000 times around a word (4 KB)
    ended the build in a RecursionError, while the check found nothing."""
    p.write(STORY, f"---\ntitle: Квиз\ndate: 2025-03-21\n---\nТекст.\n\n{text}\n")
    found = only_problem(p)
    assert found.startswith(f"{STORY}:7: знаки выделения «*» и «_» вложены слишком глубоко: в абзаце открыто сразу ")
    assert found.endswith(", можно не больше 200; уберите лишние «*» и «_» (или закройте выделения)")
    p.write(STORY, "---\ntitle: Квиз\ndate: 2025-03-21\n---\nТекст.\n")
    p.write(PRACTICE, practice().replace("description: Игра.", f"description: >-\n  Игра.\n\n  {text}"))
    assert only_problem(p).startswith(f"{PRACTICE}:8: description: знаки выделения «*» и «_» вложены слишком")
    assert_build_stops_in_russian(p, "знаки выделения «*» и «_» вложены слишком глубоко")


def test_the_emphasis_bound_leaves_blanks_to_fill_bold_lists_and_code_alone(p: Project) -> None:
    blanks = "ФИО " + "_" * 300 + " подпись «___» " * 400
    bold = "**Внимание!** и *курсив*, " * 2000
    items = "\n".join(f"- *пункт {n}" for n in range(150)) + "\n\n" + "\n".join(f"* **{n}**" for n in range(500))
    code = "`" + "*а " * 1000 + "`\n\n```\n" + "**" * 2000 + "\n```"
    footnotes = "Сноска* " * 1000 + "\n\n" + "snake_case_name " * 1000
    form = (  # blanks open emphasis and never close it
            "Я, " + "_" * 54 + ", проживающий(ая) по адресу: " + "_" * 80 + ", паспорт серия ______ номер ________, "
            "выдан " + "_" * 60 + ".\n") * 3 + "Подпись ____________/______________________/\n" * 14
    p.write(STORY, f"---\ntitle: Квиз\ndate: 2025-03-21\n---\n{blanks}\n\n{bold}\n\n{items}\n\n{code}\n\n"
                   f"{footnotes}\n\n{form}\n")
    assert check(p) == []
    assert p.build().returncode == 0


DEEPER_THAN_KNOWN = """\
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor


class Deep(Preprocessor):
    def run(self, lines):
        if any("ГЛУБИНА" in line for line in lines):
            return self.run(lines)  # what a shape of text no check knows yet does to Python-Markdown
        return lines


class DeepExtension(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.register(Deep(md), "deep", 1)


def makeExtension(**kwargs):
    return DeepExtension(**kwargs)
"""


@pytest.mark.parametrize("where", ["a hand-written page", "a generated page", "a story"])
def test_a_page_too_deep_for_a_shape_no_check_knows_stops_the_build_in_russian(
        p: Project, where: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The net under the checks: a RecursionError while a page is made ended the build in MkDocs' English
    traceback; it now names the page in Russian, and nothing is published."""
    p.write("helpers/deep_markdown.py", DEEPER_THAN_KNOWN)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(p.root / "helpers"), os.environ.get("PYTHONPATH", "")]))
    p.write("mkdocs.yml", (p.root / "mkdocs.yml").read_text(encoding="utf-8")
            .replace("markdown_extensions:\n", "markdown_extensions:\n  - deep_markdown\n"))
    assert p.build().returncode == 0
    if where == "a hand-written page":
        p.write("content/o-nas.md", "# О нас\n\nГЛУБИНА\n")
        page = "content/o-nas.md"
    elif where == "a story":
        p.write(STORY, "---\ntitle: Квиз\ndate: 2025-03-21\n---\nГЛУБИНА\n")
        page = STORY
    else:
        p.write(PRACTICE, (p.root / PRACTICE).read_text(encoding="utf-8").replace("Командная игра", "ГЛУБИНА"))
        page = "страница /practices/kviz/ (её текст — из папки data/)"
    before = site_files(p.root / "site")
    result = p.build()
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr
    assert f"Error: {page}: страница не собрана — текст в ней вложен слишком глубоко" in result.stderr, result.stderr
    assert "Error reading page" not in result.stderr  # MkDocs' English line saying it again
    assert site_files(p.root / "site") == before
    if where == "a generated page":  # the export makes the same pages
        exported = subprocess.run([sys.executable, "-m", "generator", "export", str(p.root / "out")], cwd=p.root,
                                  capture_output=True, text=True, encoding="utf-8", check=False)
        assert exported.returncode == 1 and exported.stderr.startswith(f"Ошибка: {page}: страница не собрана")
        assert "Traceback" not in exported.stderr


def test_the_bounds_leave_long_lists_of_links_deep_lists_and_code_alone(p: Project) -> None:
    links = "\n".join(f"- [Документ {n}](https://example.ru/doc-{n}) [{n}]" for n in range(3000))
    nested = "\n".join("  " * level + f"- пункт {level}" for level in range(12))
    code = "```\n" + "[" * 20_000 + "\n```\n\n`" + "[" * 20_000 + "`"
    stray = "\n".join(f"Абзац {n} [с лишней скобкой " + "и словами " * 500 for n in range(40))
    p.write(STORY, f"---\ntitle: Квиз\ndate: 2025-03-21\n---\n{links}\n\n{nested}\n\n{code}\n\n{stray}\n")
    assert check(p) == []


def test_quote_closed_only_at_a_later_field_is_reported_where_it_opened(project: Project) -> None:
    project.write(MEETING, 'title: "Заседание ОМО\nkind: заседание\ndate: 2025-09-10\ntime: "11:00"\nformat: очно\n')
    assert only_problem(project) == f"{MEETING}:1: ошибка в записи YAML: не закрыты кавычки"


def test_long_values_are_cut_short_in_messages(project: Project) -> None:
    text = project.root.joinpath(PRACTICE).read_text(encoding="utf-8")
    project.write(PRACTICE, text.replace("form: квиз", "form: " + "игра " * 200))
    found = only_problem(project)
    assert found.startswith(f"{PRACTICE}:5: form: недопустимое значение «игра игра") and "…»" in found
    assert len(found) < 400


# A paragraph indented by a tab or four spaces is code in Markdown (indented_code.py) ---------------------------

INDENTED = "абзац начинается с отступа (табуляции или четырёх пробелов): на сайте он стал бы блоком программного кода"


def test_a_paragraph_indented_with_a_tab_is_refused_at_its_line(p: Project) -> None:
    """A librarian indents a paragraph's first line as on paper: the site showed it as program code."""
    p.write(STORY, "---\ntitle: Квиз\ndate: 2025-03-21\n---\nПервый абзац.\n\n\tВторой абзац.\n\n"
                   "    Третий, четыре пробела.\n\n- пункт\n\n    продолжение пункта\n")
    found = check(p)
    assert [line.split(": ", 1)[0] for line in found] == [f"{STORY}:7", f"{STORY}:9"]
    assert all(line.split(": ", 1)[1].startswith(INDENTED) for line in found)
    assert INDENTED in build_fails(p)
    p.write(STORY, "---\ntitle: Квиз\ndate: 2025-03-21\n---\nПервый абзац.\n")
    p.write(PRACTICE, practice().replace("description: Игра.\n", "description: |\n  Игра.\n\n      В отступе.\n"))
    assert only_problem(p).startswith(f"{PRACTICE}:9: description: {INDENTED}")


def test_indented_lines_that_markdown_does_not_make_code_pass(p: Project) -> None:
    body = ("Абзац,\n\tего продолжение.\n\n- пункт\n\n\tтекст пункта\n\n!!! note \"Важно\"\n\n    текст врезки\n\n"
            "```text\n\tкод в рамке, как задумано\n```\n")
    p.write(STORY, f"---\ntitle: Квиз\ndate: 2025-03-21\n---\n{body}")
    assert check(p) == []
    result = p.build()
    assert result.returncode == 0, result.stderr
    article = p.html("stories/2025-03-21-kviz").find("article")
    assert len(article.find_all("pre")) == 1 and "код в рамке" in article.find("pre").get_text()
    text = article.get_text()
    assert "Абзац,\n    его продолжение" in text and "текст пункта" in article.find("li").get_text()
    assert "текст врезки" in article.find(class_="admonition").get_text()


# Text pasted from Word or a social network (pasted_text.py, markdown_lists.py) -----------------------------------

def test_word_lists_tables_and_a_second_main_heading_are_refused_at_their_lines(p: Project) -> None:
    """Each was published without a word: bullets and «1)» items ran into one line, so did a table's cells, and
    «# Итоги» made a second main heading beside the title."""
    p.write(STORY, "---\ntitle: Квиз\ndate: 2025-03-21\n---\nПобедители:\n•\tИванова Мария\n•\tПетров Пётр\n\n"
                   "Программа:\n1) регистрация\n2) награждение\n\nМесто\tФИО\tШкола\n1\tИванова\tСШ № 1\n\n"
                   "# Итоги\n\n\uf0b7 пункт из Word\n")
    found = [line.split(": ", 1) for line in check(p)]
    assert [place for place, _ in found] == [f"{STORY}:6", f"{STORY}:10", f"{STORY}:13", f"{STORY}:16"]
    assert found[0][1].startswith("строка начинается со значка списка из Word «•»: Markdown его не знает")
    assert found[1][1].startswith("пункт списка начинается с «1)»: такие номера Markdown не знает")
    assert found[2][1].startswith("строки с табуляцией внутри — похоже на таблицу из Word")
    assert found[3][1].startswith("строка «# …» (или строка над чертой «===») — второй главный заголовок страницы")
    assert "значок Word U+F0B7" not in " ".join(message for _, message in found)  # each kind once, at its first line
    p.write(STORY, "---\ntitle: Квиз\ndate: 2025-03-21\n---\nТекст.\n")
    p.write(PRACTICE, practice().replace("description: Игра.\n", "description: |\n  Игра.\n  \uf0b7 первый тур\n"
                                         "  \uf0b7 второй тур\n"))
    assert only_problem(p) == (f"{PRACTICE}:8: description: строка начинается со значка списка из Word «значок Word "
                               "U+F0B7»: Markdown его не знает, и пункты сольются в одну строку. Замените значок в "
                               "начале каждого пункта на «- » (дефис и пробел)")


def test_a_main_heading_underlined_with_equals_signs_is_refused_too(p: Project) -> None:
    """«Итоги» over «=====» is Markdown's other way to write «# Итоги»: it made a second main heading."""
    p.write(STORY, "---\ntitle: Квиз\ndate: 2025-03-21\n---\nТекст.\n\nИтоги\n=====\n\nТекст\n== не заголовок\n")
    assert only_problem(p) == (f"{STORY}:7: строка «# …» (или строка над чертой «===») — второй главный заголовок "
                               "страницы рядом с её названием (title): начните подзаголовок с «## »")


def test_what_looks_like_a_slip_but_is_not_one_passes(p: Project) -> None:
    p.write(STORY, "---\ntitle: Квиз\ndate: 2025-03-21\n---\n\tПервая строка текста (её отступ не виден).\n\n"
                   "Одна случайная\tтабуляция.\n\n- пункт\n\n"
                   "Текст (1) и 2) в строке.\n\n## Подзаголовок\n\n```text\n# код\n1) код\n•\tкод\n```\n\n"
                   "| Место\t| Участник\t|\n|---|---|\n| 1\t| Иванова\t|\n| 2\t| Петров\t|\n\n"
                   "Задачи конкурса: 1) привлечь детей к чтению;\n2) выявить лучших чтецов района.\n\n"
                   "► Регистрация открыта\n\n✔ Выполнено\n\n#ЧитаемВместе #Смоленск\n\tВ конкурсе участвовали все.\n")
    assert check(p) == []


def test_tags_copied_from_a_social_network_stay_text(p: Project) -> None:
    """Python-Markdown made «#ЧитаемВместе» a main heading «ЧитаемВместе»; the browser editor shows text."""
    p.write(STORY, "---\ntitle: Квиз\ndate: 2025-03-21\n---\nИтоги квиза.\n\n#ЧитаемВместе #ОМО\n\n"
                   "- пункт\n\n    #вПункте\n\n> #вЦитате\n")
    assert check(p) == []
    result = p.build()
    assert result.returncode == 0, result.stderr
    article = p.html("stories/2025-03-21-kviz").find("article")
    assert [h.get_text() for h in article.find_all("h1")] == ["Квиз¶"]
    assert "#ЧитаемВместе #ОМО" in article.get_text()
    assert "#вПункте" in article.find("li").get_text() and "#вЦитате" in article.find("blockquote").get_text()


# Messages that name the fix -----------------------------------------------------------------------------------

def test_a_file_refused_for_its_name_has_its_fields_checked_too(p: Project) -> None:
    """Only the name was reported: renamed as told, the file then showed its next problem, one round each."""
    p.write("data/meetings/Семинар 12 декабря.yml", "title: Семинар\ndate: 12.12.2026\ntime: 10:00–12:00\n")
    p.write("content/stories/2025-03-21-Itogi.MD", "---\ntitle: Итоги\ndate: 2025-03-21\n---\nТекст.\n\n\tЕщё.\n")
    found = check(p)
    assert found[1].startswith(f"content/stories/2025-03-21-Itogi.MD:7: {INDENTED}")
    assert found[:1] + found[2:] == [
        "content/stories/2025-03-21-Itogi.MD: имя файла должно состоять из строчных латинских букв, цифр и дефисов: "
        "переименуйте в 2025-03-21-itogi.md",
        "data/meetings/Семинар 12 декабря.yml: имя файла должно состоять из строчных латинских букв, цифр и "
        "дефисов: переименуйте в seminar-12-dekabrya.yml",
        "data/meetings/Семинар 12 декабря.yml:2: date: дата записывается как ГГГГ-ММ-ДД, например 2026-12-12, а не "
        "«12.12.2026»",
        "data/meetings/Семинар 12 декабря.yml:3: time: здесь пишется одно время: 10:00; время окончания пишется в "
        "своём поле (у заседания — end_time: 12:00)",
    ]


@pytest.mark.parametrize(("line", "message"), [
    ("title: Семинар: библиотека и семья", "title: ошибка в записи YAML: в значении двоеточие с пробелом, и YAML "
     "принимает текст после него за новое поле; возьмите всё значение в кавычки: "
     'title: "Семинар: библиотека и семья"'),
    ('place: Зал "Б": второй этаж  # уточнить', "place: ошибка в записи YAML: в значении двоеточие с пробелом, и "
     "YAML принимает текст после него за новое поле; возьмите всё значение в кавычки: "
     "place: 'Зал \"Б\": второй этаж'"),
    ("problem_field:\n  • первый пункт\n  • второй пункт", "problem_field: ожидается список: пункты пишутся каждый "
     "с новой строки после «- » (дефис и пробел), а не после значка «•» из Word"),
])
def test_slips_of_word_users_in_fields_get_the_line_to_write(p: Project, line: str, message: str) -> None:
    title = "" if line.startswith("title") else "title: Семинар\n"
    p.write("data/meetings/2025-09-10-zasedanie.yml", f"date: 2025-09-10\n{title}{line}\n")
    assert only_problem(p) == f"data/meetings/2025-09-10-zasedanie.yml:{2 + bool(title)}: {message}"


# Copies left as they were (copies.py) -------------------------------------------------------------------------

SEKCIYA = "data/meetings/2024-08-27-sekciya-omo.yml"


def test_a_copied_meeting_or_story_left_with_its_title_and_date_is_refused(p: Project) -> None:
    """A new meeting made from last one's file: the site listed «Секция ОМО» of 27 August twice, in the list, the
    plan and the calendar."""
    p.write("data/meetings/2024-08-27-sekciya-omo-kopiya.yml", (p.root / SEKCIYA).read_text(encoding="utf-8"))
    story = (p.root / "content/stories/2024-08-28-itogi.md").read_text(encoding="utf-8")
    p.write("content/stories/2024-08-28-itogi-2.md", story)
    p.write("content/stories/2024-08-28-itogi-3.md", story.replace("---\n", "---\ndraft: true\n", 1))
    assert check(p) == [
        "content/stories/2024-08-28-itogi-2.md:2: title: Новость с тем же названием и датой уже есть в файле "
        "content/stories/2024-08-28-itogi.md: если файл скопирован, удалите копию; если это другая новость, исправьте "
        "название или дату",
        "data/meetings/2024-08-27-sekciya-omo-kopiya.yml:1: title: Заседание с тем же названием и датой уже есть в "
        f"файле {SEKCIYA}: если файл скопирован, удалите копию; если это другое заседание, исправьте название или "
        "дату",
    ]


def test_an_item_repeated_in_a_list_is_refused_at_the_repeat(p: Project) -> None:
    meeting = (p.root / SEKCIYA).read_text(encoding="utf-8")
    p.write(SEKCIYA, meeting.replace("  - Социальное партнерство", "  - ценностные  ориентиры при организации "
                                     "библиотечной работы.\n  - Социальное партнерство"))
    p.write(DIRECTIVE, "items:\n  ribc:\n    - провести вебинар\n    - text: Провести  вебинар\n"
                       "    - text: отчитаться\n      due: 2025-05-01\n    - text: отчитаться\n      due: 2025-12-01\n")
    assert check(p) == [f"{DIRECTIVE}:4: items.ribc[2]: пункт повторяет пункт 1 этого списка: удалите повтор",
                        f"{SEKCIYA}:10: problem_field[2]: пункт повторяет пункт 1 этого списка: удалите повтор"]


def test_a_link_written_as_the_browser_shows_the_page_gets_the_file_to_write(p: Project) -> None:
    """«../2024-08-28-itogi/» from a story works in the browser but is the page's address, not its file; the
    advice was a made-up «../files/plan.pdf»."""
    p.write(STORY, "---\ntitle: Квиз\ndate: 2025-03-21\n---\nСм. [итоги](../2024-08-28-itogi/) и "
                   "[секцию](../../meetings/2024-08-27-sekciya-omo/#программа).\n")
    assert check(p) == [
        f"{STORY}:5: ссылка «../../meetings/2024-08-27-sekciya-omo/#программа» написана как адрес страницы в "
        "браузере; на страницу сайта ссылаются по её файлу от этой страницы: "
        "../meetings/2024-08-27-sekciya-omo.md#программа",
        f"{STORY}:5: ссылка «../2024-08-28-itogi/» написана как адрес страницы в браузере; на страницу сайта "
        "ссылаются по её файлу от этой страницы: 2024-08-28-itogi.md",
    ]


def test_addresses_typed_as_they_are_become_links(p: Project) -> None:
    """«Подробнее: https://vk.com/club1» and «omo@example.ru» stayed text a reader on a phone could not tap; the
    browser editor's preview shows them as links."""
    p.write(STORY, "---\ntitle: Квиз\ndate: 2025-03-21\n---\nПодробнее: https://vk.com/club1. Пишите "
                   "omo@example.ru, сайт www.school67.ru (новости).\n\nУже ссылки: [сайт](https://x.ru), "
                   "<https://y.ru>, `https://code.ru` и javascript:alert(1).\n")
    assert check(p) == []
    result = p.build()
    assert result.returncode == 0, result.stderr
    article = p.html("stories/2025-03-21-kviz").find("article")
    links = {a.get_text(): a["href"] for a in article.select("p:not(.omo-repeated) a")}
    assert links == {"https://vk.com/club1": "https://vk.com/club1", "omo@example.ru": "mailto:omo@example.ru",
                     "www.school67.ru": "https://www.school67.ru", "сайт": "https://x.ru",
                     "https://y.ru": "https://y.ru"}
    text = article.get_text()
    assert "club1. Пишите" in text and "(новости)" in text and "https://code.ru" in text and "alert(1)" in text


def test_addresses_in_bold_in_tables_in_brackets_and_before_code(p: Project) -> None:
    p.write(STORY, "---\ntitle: Квиз\ndate: 2025-03-21\n---\nГруппа: **https://vk.com/club1**, "
                   "_положение: https://a.ru/polozhenie_ (https://b.ru/x) и https://c.ru/`код`.\n\n"
                   "|РИБЦ|https://www.dpo-smolensk.ru/l-ribc/|\n|---|---|\n|Библиотека|www.smolensklib.ru|\n")
    assert check(p) == []
    assert p.build().returncode == 0
    article = p.html("stories/2025-03-21-kviz").find("article")
    assert [a["href"] for a in article.select("p:not(.omo-repeated) a, table a")] == [
        "https://vk.com/club1", "https://a.ru/polozhenie", "https://b.ru/x", "https://c.ru/",
        "https://www.dpo-smolensk.ru/l-ribc/", "https://www.smolensklib.ru"]
    assert article.select_one("p strong a") is not None and article.select_one("p em a") is not None
    assert article.select_one("p code").get_text() == "код" and "**" not in article.get_text()


def test_an_address_in_emphasis_opened_lines_before_and_one_with_a_tilde(p: Project) -> None:
    p.write(STORY, "---\ntitle: Квиз\ndate: 2025-03-21\n---\n**Ссылка на материалы:\nhttps://disk.yandex.ru/d/abc**\n\n"
                   "Страница: www.mysite.ru/~ivanov/\n\nСм. https://x.ru/a_b и _раздел www.y.ru/c_\n")
    assert check(p) == []
    assert p.build().returncode == 0
    article = p.html("stories/2025-03-21-kviz").find("article")
    assert {a.get_text(): a["href"] for a in article.select("p:not(.omo-repeated) a")} == {
        "https://disk.yandex.ru/d/abc": "https://disk.yandex.ru/d/abc",
        "www.mysite.ru/~ivanov/": "https://www.mysite.ru/~ivanov/",
        "https://x.ru/a_b": "https://x.ru/a_b", "www.y.ru/c": "https://www.y.ru/c"}  # an address's «_» opens nothing


def test_addresses_markdown_already_reads_are_left_to_it(p: Project) -> None:
    """An address in a link's title, in a reference link's text or in a reference definition's title broke the
    link; «…/_x_» lost its last «_»."""
    p.write(STORY, "---\ntitle: Квиз\ndate: 2025-03-21\n---\nСм. [сайт РИБЦ][1], [a](https://x.ru \"и www.y.ru\"), "
                   "[www.z.ru][1] и www.a.ru/_x_.\n\n[1]: https://www.dpo-smolensk.ru \"см. www.dpo-smolensk.ru\"\n")
    assert check(p) == []
    assert p.build().returncode == 0
    article = p.html("stories/2025-03-21-kviz").find("article")
    assert {a.get_text(): a["href"] for a in article.select("p:not(.omo-repeated) a")} == {
        "сайт РИБЦ": "https://www.dpo-smolensk.ru", "a": "https://x.ru", "www.z.ru": "https://www.dpo-smolensk.ru",
        "www.a.ru/_x_": "https://www.a.ru/_x_"}
    assert article.select_one('a[href="https://x.ru"]')["title"] == "и www.y.ru"
    assert article.select_one('a[href="https://www.dpo-smolensk.ru"]')["title"] == "см. www.dpo-smolensk.ru"


@pytest.mark.parametrize("text", ["Ссылка https://a.ru/" + ")" * 200_000, "[a](b) https://a.ru " * 50_000])
def test_addresses_are_found_in_linear_time(text: str) -> None:
    started = time.perf_counter()
    bare_links_as_links(text)
    assert time.perf_counter() - started < 5


def test_hostile_addresses_typed_as_they_are_stay_inert(p: Project) -> None:
    """A bare address becomes a link before the field is made safe: what follows it must stay text."""
    p.write(STORY, "---\ntitle: Квиз\ndate: 2025-03-21\n---\nhttps://x.ru/\"><script>alert(1)</script> и "
                   "https://x.ru/<img src=x onerror=alert(2)> и www.x.ru/\"onmouseover=\"alert(3) и "
                   "javascript:alert(4)@x.ru и https://x.ru/?q=&#106;avascript:alert(5) и "
                   "<https://ok.ru/\"onclick=alert(6)>\n")
    assert p.build().returncode == 0
    article = p.html("stories/2025-03-21-kviz").find("article")
    assert article.find(["script", "img"]) is None
    assert not [(tag.name, name) for tag in article.find_all(True) for name in tag.attrs if name.startswith("on")]
    assert all(a["href"].startswith(("https://", "mailto:", "../", "#")) for a in article.find_all("a", href=True))
    assert "alert(1)" in article.get_text() and "alert(4)" in article.get_text()


# A methodist's slips in a resolution's items --------------------------------------------------------------------

SEKCIYA_RESOLUTION = "data/directives/2024-08-27-sekciya-omo.yml"


def test_a_deadline_under_an_item_of_one_line_says_how_to_write_the_item(project: Project) -> None:
    """The most likely slip of a methodist giving an item its deadline: YAML's «лишнее двоеточие или неверный
    отступ» named no field and no way out."""
    text = project.root.joinpath(SEKCIYA_RESOLUTION).read_text(encoding="utf-8")
    project.write(SEKCIYA_RESOLUTION, text.replace("    - обеспечивать своевременное информирование\n",
                                        "    - обеспечивать своевременное информирование\n      due: 2025-03-01\n"))
    assert only_problem(project) == (
        f"{SEKCIYA_RESOLUTION}:11: due: поле due стоит под пунктом, записанным одной строкой: чтобы у пункта были "
        "поля, запишите его подробно — «- text: обеспечивать своевременное информирование», а «due: …» ниже, под "
        "словом text, с тем же отступом (6 пробелов)")
    project.write(SEKCIYA_RESOLUTION, text.replace("    - обеспечивать своевременное информирование\n",
                                        "    - text: обеспечивать своевременное информирование\n"
                                        "      due: 2025-03-01\n"))
    assert check(project) == []


@pytest.mark.parametrize(("typed", "message"), [
    ("срок", "поле называется латиницей: due (Срок выполнения)"),
    ("deadline", "неизвестное поле: может быть, due?"),
    ("Due", "название поля пишется строчными буквами: due"),
])
def test_a_deadline_named_otherwise_is_told_its_name(project: Project, typed: str, message: str) -> None:
    """An item's fields sit under the audience's key (``items.ribc``): the name a methodist typed was not matched
    against the item's fields, and «срок:» got «неизвестное поле» with no name to write."""
    text = project.root.joinpath(SEKCIYA_RESOLUTION).read_text(encoding="utf-8")
    project.write(SEKCIYA_RESOLUTION, text.replace("      due: 2025-05-31", f"      {typed}: 2025-05-31"))
    assert only_problem(project) == f"{SEKCIYA_RESOLUTION}:6: items.ribc[2].{typed}: {message}"  # numbered as shown


def test_a_recursion_outside_any_page_is_not_put_on_an_editors_text() -> None:
    from generator.mkdocs.too_deep import in_russian

    assert in_russian(RecursionError("maximum recursion depth exceeded"), None) is None  # a bug: its traceback stays
    said = in_russian(RecursionError("maximum recursion depth exceeded"), "content/o-nas.md")
    assert said is not None and str(said).startswith("content/o-nas.md: страница не собрана")
