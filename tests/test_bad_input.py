"""Every class of bad input: one Russian message naming file, line and field; never a traceback."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, Project, make_project

from generator.core.build import load_site
from generator.core.errors import ContentError
from generator.core.yamlio import ReadError, parse_yaml

MEETING = "data/meetings/2025-09-10-zasedanie.yml"
PRACTICE = "data/practices/kviz.yml"
STORY = "content/stories/2025-03-21-kviz.md"


def problems(project: Project) -> list[str]:
    """Problems found by the core, as printed to editors."""
    try:
        load_site(project.root, project.root / "data", project.root / "content")
    except ContentError as error:
        return [str(p) for p in error.problems]
    return []


def only_problem(project: Project) -> str:
    found = problems(project)
    assert len(found) == 1, found
    return found[0]


@pytest.fixture
def p(tmp_path: Path) -> Project:
    return make_project(tmp_path)


# Syntax and encoding -----------------------------------------------------------

def test_tab_indentation(p: Project) -> None:
    p.write(MEETING, "title: Заседание\ndate: 2025-09-10\nprogram:\n\t- title: Доклад\n")
    assert only_problem(p) == f"{MEETING}:4: отступ сделан табуляцией: в YAML отступы делаются пробелами"


def test_unclosed_quote_is_reported_where_it_opened(p: Project) -> None:
    p.write(MEETING, 'kind: семинар\ntitle: "Семинар «X»\ndate: 2025-09-10\nformat: очно\n')
    assert only_problem(p) == f"{MEETING}:2: ошибка в записи YAML: не закрыты кавычки"


@pytest.mark.parametrize(("typed", "line", "field", "bracket"), [
    ("kind: семинар\ntitle: Семинар\nthemes: [reading, partnership\ndate: 2025-09-10\nformat: очно\n", 3, "themes: ",
     "[]"),
    ("kind: семинар\nthemes: [reading,\n  partnership\ndate: 2025-09-10\n", 2, "themes: ", "[]"),
    ("kind: семинар\nprogram:\n  - {title: Доклад\n  - title: Итоги\n", 3, "", "{}"),
])
def test_an_unclosed_bracket_is_reported_where_it_opened(p: Project, typed: str, line: int, field: str,
                                                         bracket: str) -> None:
    """YAML reads the lines after an unclosed «[» as more of the list and stops at a line with nothing wrong."""
    p.write(MEETING, typed)
    assert only_problem(p) == (f"{MEETING}:{line}: {field}ошибка в записи YAML: скобка «{bracket[0]}» в этой строке "
                               f"не закрыта: допишите «{bracket[1]}» после последнего значения списка")


@pytest.mark.parametrize(("typed", "line", "field", "fixed"), [
    ("title: Заседание\nformat:очно\ndate: 2025-09-10\n", 2, "format", "format: очно"),
    ("title: Заседание\ndate: 2025-09-10\nlinks:\n  - title: Сайт\n    url:https://example.ru/\n", 5, "url",
     "url: https://example.ru/"),
    ("title: Заседание\ndate: 2025-09-10\nprogram:\n  - title:Доклад\n    speaker: Иванова\n", 4, "title",
     "title: Доклад"),
])
def test_a_colon_without_a_space_after_it_is_named(p: Project, typed: str, line: int, field: str, fixed: str) -> None:
    """«format:очно» is one word to YAML: the editor was told the line had no colon, or shown the next line."""
    p.write(MEETING, typed)
    assert only_problem(p) == f"{MEETING}:{line}: {field}: после двоеточия нужен пробел: {fixed}"


@pytest.mark.parametrize(("item", "name", "quoted"), [
    ("Развитие: сетевого взаимодействия", "Развитие", '"Развитие: сетевого взаимодействия"'),
    ("2024: год чтения", "2024", '"2024: год чтения"'),
    ("2024-09-01: начало года", "2024-09-01", '"2024-09-01: начало года"'),
])
def test_a_list_item_of_text_with_a_colon_is_told_to_be_quoted(p: Project, item: str, name: str,
                                                                quoted: str) -> None:
    """YAML reads «- Развитие: сетевого…» as a field and its value; «ожидается текст» did not say why."""
    p.write(MEETING, f"title: Заседание\ndate: 2025-09-10\nproblem_field:\n  - Первый пункт\n  - {item}\n")
    assert only_problem(p) == (f"{MEETING}:5: problem_field[2]: похоже на текст с двоеточием, прочитанный как "
                               f"название поля «{name}»: возьмите весь текст в кавычки: - {quoted}")


def test_colon_in_unquoted_text(p: Project) -> None:
    p.write(MEETING, "title: Тема: книги и чтение: итоги\ndate: 2025-09-10\n")
    assert only_problem(p) == (f"{MEETING}:1: title: ошибка в записи YAML: в значении двоеточие с пробелом, и YAML "
                               "принимает текст после него за новое поле; возьмите всё значение в кавычки: "
                               'title: "Тема: книги и чтение: итоги"')


def test_binary_file(p: Project) -> None:
    p.write(MEETING, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert only_problem(p) == f"{MEETING}: это не текстовый файл (двоичные данные)"


def test_file_in_cp1251_is_named_as_such(p: Project) -> None:
    p.write(PRACTICE, "title: Квиз\n".encode("cp1251"))
    assert only_problem(p) == (f"{PRACTICE}:1: файл не в кодировке UTF-8 (похоже на Windows-1251): "
                               "сохраните его как UTF-8")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])  # Notepad's «Юникод», with its byte order mark
def test_file_in_utf16_is_named_as_such(p: Project, encoding: str) -> None:
    p.write(PRACTICE, "\ufefftitle: Квиз\n".encode(encoding))
    assert only_problem(p) == (f"{PRACTICE}:1: файл в кодировке UTF-16 (в Блокноте — «Юникод»): "
                               "сохраните его как UTF-8")


@pytest.mark.parametrize("text", ["", "\n\n", "# только комментарий\n"])
def test_empty_file(p: Project, text: str) -> None:
    p.write(MEETING, text)
    assert only_problem(p) == f"{MEETING}:1: файл пуст: заполните поля записи"


def test_empty_vocabulary(p: Project) -> None:
    p.write("data/themes.yml", "")
    found = problems(p)
    assert "data/themes.yml:1: файл пуст: ожидается список записей «- id: …»" in found


def test_vocabulary_that_is_not_a_list(p: Project) -> None:
    p.write("data/audiences.yml", "id: ribc\nname: РИБЦ\n")
    assert "data/audiences.yml:1: ожидается список записей, каждая начинается с «- id: …»" in problems(p)


def test_alias_bomb_is_refused_quickly(p: Project) -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    bomb += "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
                    f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
                    for i in range(9))
    p.write(MEETING, bomb)
    started = time.monotonic()
    message = only_problem(p)
    assert time.monotonic() - started < 10  # a generous bound: an expanded bomb never finishes
    assert message == f"{MEETING}:2: ссылки YAML (*имя) не поддерживаются: впишите значение полностью"


@pytest.mark.parametrize("text", ["<<: {title: Заседание}\nkind: семинар\n", "kind: семинар\n<<: {title: Заседание}\n"])
def test_a_merge_key_is_refused_with_its_line(p: Project, text: str) -> None:
    # Merged fields have no line of their own: they once crashed the report of a wrong field.
    p.write(MEETING, text + "date: 2024-08-27\n")
    line = 1 + text.split("\n").index("<<: {title: Заседание}")
    assert only_problem(p) == f"{MEETING}:{line}: слияние YAML («<<:») не поддерживается: впишите поля полностью"


@pytest.mark.parametrize(("path", "typed", "advice", "meant"), [
    (PRACTICE, 'title: "Знатоки края" — квиз для 7 классов', """title: '"Знатоки края" — квиз для 7 классов'""",
     '"Знатоки края" — квиз для 7 классов'),
    (PRACTICE, "title: 'Гимназия' им. Пушкина", """title: "'Гимназия' им. Пушкина\"""", "'Гимназия' им. Пушкина"),
    (PRACTICE, 'title: "МБОУ "СШ № 5""', """title: 'МБОУ "СШ № 5"'""", 'МБОУ "СШ № 5"'),
    ("data/directives/2024-08-27-sekciya-omo.yml", '    - "Неделя книги" в каждой школе',
     """- '"Неделя книги" в каждой школе'""", '"Неделя книги" в каждой школе'),
])
def test_a_value_that_opens_with_quotes_closed_before_its_end_is_told_to_take_other_quotes(
        p: Project, path: str, typed: str, advice: str, meant: str) -> None:
    # YAML reads «"Знатоки края"» as the whole value and the rest as an error; «align the lines» fixed nothing.
    text = p.root.joinpath(path).read_text(encoding="utf-8")
    old = "title: Квиз «Знатоки края»" if path == PRACTICE else "    - обеспечивать своевременное информирование"
    p.write(path, text.replace(old, typed))
    line = text.split("\n").index(old) + 1
    field = "title: " if path == PRACTICE else ""
    assert only_problem(p) == (f"{path}:{line}: {field}ошибка в записи YAML: значение начинается с кавычек, и YAML "
                               "читает значением только текст в них, а остальное — ошибкой; чтобы кавычки остались "
                               f"частью текста, возьмите всё значение в другие кавычки: {advice}")
    # The advice, pasted in place of the line, keeps the text as typed.
    p.write(path, text.replace(old, typed[: len(typed) - len(typed.lstrip())] + advice if not field else advice))
    assert problems(p) == []
    site = load_site(p.root, p.root / "data", p.root / "content")
    if field:
        assert site.practices["kviz"].data.title == meant
    else:
        assert meant in [item.text for item in site.directives["2024-08-27-sekciya-omo"].data.items["rmo"]]


REPORT = "data/reports/2024-08-27-sekciya-omo/vyazemskiy.yml"


@pytest.mark.parametrize(("path", "old", "typed", "fixed", "field", "where"), [
    (REPORT, "    text: Рассылка о заседаниях ОМО всем библиотекарям округа.\n",
     "    text: |\n      Рассылка о заседаниях ОМО всем библиотекарям округа.\n    Охват: 16 школ.\n",
     "    text: |\n      Рассылка о заседаниях ОМО всем библиотекарям округа.\n      Охват: 16 школ.\n",
     "text", "items.rmo-1.Охват"),
    (PRACTICE, "description: Командная игра по книгам смоленских писателей.\n",
     "description: Командная игра\n  по книгам смоленских писателей.\nВторой абзац: про родителей.\n",
     "description: |\n  Командная игра\n  по книгам смоленских писателей.\n  Второй абзац: про родителей.\n",
     "description", "Второй абзац"),
])
def test_a_line_typed_left_of_the_text_above_is_told_to_move_right_not_to_be_deleted(
        p: Project, path: str, old: str, typed: str, fixed: str, field: str, where: str) -> None:
    # «Неизвестное поле: удалите его» would have thrown away what the editor wrote.
    text = p.root.joinpath(path).read_text(encoding="utf-8")
    p.write(path, text.replace(old, typed))
    line = text[:text.index(old)].count("\n") + typed.count("\n")
    name = where.rsplit(".", 1)[-1]
    move = ("сдвиньте строку вправо пробелами, вровень с этим текстом" if "|" in typed else
            f"запишите текст блоком: после «{field}:» поставьте знак |, а все строки текста, и эту тоже, начните ниже "
            "с новой строки с отступом в два пробела")
    assert only_problem(p) == (f"{path}:{line}: {where}: строка стоит левее текста поля {field} и читается как новое "
                               f"поле «{name}»: если это продолжение текста {field}, {move}; если это поле, проверьте "
                               "написание")
    p.write(path, text.replace(old, fixed))  # the advice, followed: the line is part of the text
    assert problems(p) == []
    site = load_site(p.root, p.root / "data", p.root / "content")
    shown = (site.practices["kviz"].data.description if path == PRACTICE
             else site.reports["2024-08-27-sekciya-omo"]["vyazemskiy"].data.items["rmo-1"].text)
    assert name in shown


def test_a_field_of_other_records_is_not_suggested_as_its_own_spelling(p: Project) -> None:
    text = p.root.joinpath("data/directives/2024-08-27-sekciya-omo.yml").read_text(encoding="utf-8")
    p.write("data/directives/2024-08-27-sekciya-omo.yml", text.replace("- text: организовать", "- title: организовать"))
    found = problems(p)
    assert not [line for line in found if "может быть, title?" in line], found
    assert any("items.ribc[2].title: неизвестное поле здесь: title пишется у других записей" in line
               for line in found), found


def test_a_list_item_typed_deeper_than_the_one_before_is_not_merged_into_it_silently(p: Project) -> None:
    # «- обеспечивать…» two spaces less deep than the item after it: YAML reads one item «обеспечивать … - …», and
    # every later item, and the reports that name them (rmo-2), would move.
    path = "data/directives/2024-08-27-sekciya-omo.yml"
    text = p.root.joinpath(path).read_text(encoding="utf-8")
    merged = text.replace("    - обеспечивать своевременное информирование\n",
                          "  - обеспечивать своевременное информирование\n    - провести семинар\n")
    p.write(path, merged)
    line = merged.split("\n").index("    - провести семинар") + 1
    assert only_problem(p) == (f"{path}:{line}: строка «- провести семинар» не стала пунктом списка: она сдвинута "
                               f"вправо сильнее пункта в строке {line - 1}, и YAML прочёл её как продолжение его "
                               "текста (номера следующих пунктов сдвинулись бы); поставьте «- » обоих пунктов ровно "
                               "друг под другом, под «- » других пунктов")
    p.write(path, merged.replace("  - обеспечивать", "    - обеспечивать"))  # as advised: two items
    assert problems(p) == []


def test_a_wrapped_value_whose_line_starts_with_a_dash_is_text_as_meant(p: Project) -> None:
    # «5\n  - 9 классов»: a hyphen for a dash on a wrapped line; YAML reads what the editor meant.
    text = p.root.joinpath(PRACTICE).read_text(encoding="utf-8")
    p.write(PRACTICE, text + "audience: обучающиеся 5\n  - 9 классов и их родители\n")
    assert problems(p) == []
    practice = load_site(p.root, p.root / "data", p.root / "content").practices["kviz"].data
    assert practice.audience == "обучающиеся 5 - 9 классов и их родители"


def test_an_ampersand_in_text_is_not_taken_for_an_anchor(p: Project) -> None:
    # Entities are allowed in Markdown fields; «&» inside a block, a quoted value or a wrapped line is text to YAML.
    text = p.root.joinpath(PRACTICE).read_text(encoding="utf-8")
    p.write(PRACTICE, text.replace("description: Командная игра по книгам смоленских писателей.",
                                   "description: |\n  Итог: &laquo;Отлично&raquo;\n  &nbsp;Результаты\n")
            + 'summary: "Первая строка,\n  &mdash; вторая"\naudience: Встреча библиотекарей\n  & партнёров\n')
    assert problems(p) == []


@pytest.mark.parametrize(("source", "saved"), [
    ("content/stories/2024-08-28-itogi.md", "content/stories/2024-08-28-itogi.md.txt"),
    (PRACTICE, "data/practices/kviz-2.yml.txt"),
    (PRACTICE, "data/practices/novaya.YML.txt"),
    ("content/stories/2024-08-28-itogi.md", "content/o-nas.md.txt"),
    ("content/stories/2024-08-28-itogi.md", "data/practices/zametka.md.txt"),  # then told where it goes
])
def test_a_file_notepad_saved_with_txt_added_gets_one_message_naming_the_name_meant(p: Project, source: str,
                                                                                    saved: str) -> None:
    # Explorer hides «.txt»: the editor sees «kviz.yml». Told «content/stories is made by the build» or «.txt files
    # are not published», they would not know what to do.
    text = p.root.joinpath(source).read_text(encoding="utf-8")
    if saved.startswith(source):  # saved over the file itself: nothing links to this story
        p.root.joinpath(source).unlink()
    p.write(saved, text)
    meant = saved.rsplit("/", 1)[-1].removesuffix(".txt").replace(".YML", ".yml")
    assert only_problem(p) == (f"{saved}: Блокнот добавил к имени файла «.txt» (в Проводнике это окончание часто не "
                               f"видно): переименуйте файл в {meant}; сохраняя в Блокноте, выбирайте тип файла "
                               "«Все файлы»")


def test_links_from_the_sites_root_are_checked_and_a_mail_address_is_told_its_mailto(p: Project) -> None:
    # Copied from the browser's address bar: «/practices/net-takoy/» was published as a dead link without a word.
    story = "content/stories/2024-08-28-itogi.md"
    text = p.root.joinpath(story).read_text(encoding="utf-8")
    p.write(story, text + "\n[нет](/practices/net-takoy/), [есть](/practices/kviz/), [заседания](/meetings/), "
                          "[главная](/), [она же](/index.html), [практики](/practices/index.html), "
                          "[пункт](/resolutions/2024-08-27-sekciya-omo/#rmo-1), [план](/files/net.pdf), "
                          "[почта](omo@mail.ru)\n")
    practice = p.root.joinpath(PRACTICE).read_text(encoding="utf-8")
    p.write(PRACTICE, practice.replace("description: Командная игра по книгам смоленских писателей.",
                                       "description: См. [новость](/stories/2024-08-28-itogi/), [нет](/stories/net/)."))
    line = len(text.splitlines()) + 2
    missing = ("ведёт на страницу или файл, которых на сайте нет: проверьте адрес; ссылку на страницу надёжнее писать "
               "по её файлу, например {}practices/kviz.md — тогда сборка проверит её")
    assert problems(p) == [
        f"{story}:{line}: ссылка «/files/net.pdf» {missing.format('../')}",
        f"{story}:{line}: ссылка «/practices/net-takoy/» {missing.format('../')}",
        f"{story}:{line}: ссылка «omo@mail.ru» похожа на адрес почты: он пишется с mailto: — mailto:omo@mail.ru",
        f"{PRACTICE}:7: description: ссылка «/stories/net/» {missing.format('')}",
    ]


def test_an_end_time_without_a_start_is_reported_not_dropped(p: Project) -> None:
    path = "data/meetings/2024-08-27-sekciya-omo.yml"
    text = p.root.joinpath(path).read_text(encoding="utf-8")
    p.write(path, text.replace("time: 10:00\n", "", 1))
    line = text.replace("time: 10:00\n", "", 1).split("\n").index("end_time: 13:30") + 1
    assert only_problem(p) == (f'{path}:{line}: end_time: время окончания указано без времени начала: впишите и '
                               'начало, например time: "10:00", или удалите end_time')


@pytest.mark.parametrize("typed", ["!важно", "@vk", "`код`", "%проценты", "&амп", "&Гимназия им. Пушкина"])
def test_a_value_that_opens_with_a_sign_of_yaml_is_told_to_take_quotes(p: Project, typed: str) -> None:
    # «&амп» was a YAML anchor: the value vanished without a word; the others got «check indents, colons, quotes».
    text = p.root.joinpath(PRACTICE).read_text(encoding="utf-8")
    p.write(PRACTICE, text + f"audience: {typed}\n")
    line = len(text.splitlines()) + 1
    assert only_problem(p) == (f"{PRACTICE}:{line}: audience: значение начинается со знака «{typed[0]}», который YAML "
                               "читает по-особому, и текст не попадёт на сайт: возьмите всё значение в кавычки: "
                               f'audience: "{typed}"')
    p.write(PRACTICE, text + f'audience: "{typed}"\n')  # as advised
    assert problems(p) == []
    assert load_site(p.root, p.root / "data", p.root / "content").practices["kviz"].data.audience == typed


@pytest.mark.parametrize("dash", ["–", "—"])
def test_a_list_item_that_word_gave_a_dash_is_told_to_take_a_hyphen(p: Project, dash: str) -> None:
    path = "data/directives/2024-08-27-sekciya-omo.yml"
    text = p.root.joinpath(path).read_text(encoding="utf-8")
    typed = text.replace("    - продолжить и расширить", f"    {dash} продолжить и расширить")
    p.write(path, typed)
    line = typed.split("\n").index(f"    {dash} продолжить и расширить работу с образовательными ресурсами") + 1
    assert only_problem(p) == (f"{path}:{line}: пункт списка начинается с тире «{dash}», а не с дефиса (Word заменяет "
                               "дефис тире): напишите в начале строки дефис и пробел «- »")


def test_a_tab_in_an_indent_hides_no_other_problem_of_its_file(p: Project) -> None:
    text = p.root.joinpath(PRACTICE).read_text(encoding="utf-8").replace("municipality: smolensk",
                                                                        "municipality: smolensck")
    p.write(PRACTICE, text + "links:\n\t- title: Группа\n\t  url: https://vk.com/x\n")
    found = problems(p)
    tab = len(text.splitlines()) + 2
    assert len(found) == 2, found
    assert found[0].startswith(f"{PRACTICE}:3: municipality: нет муниципального образования с id «smolensck»")
    assert found[1] == f"{PRACTICE}:{tab}: отступ сделан табуляцией: в YAML отступы делаются пробелами"


def test_a_dialogue_line_in_a_block_of_text_is_not_blamed_for_the_next_fields_mistake(p: Project) -> None:
    text = p.root.joinpath(PRACTICE).read_text(encoding="utf-8").replace(
        "description: Командная игра по книгам смоленских писателей.",
        "description: |\n  Диалог на занятии:\n  — Что вы читаете? — спросила библиотекарь.\nform: квиз: знатоки")
    p.write(PRACTICE, text.replace("form: квиз\n", ""))
    found = only_problem(p)
    assert "тире" not in found and found.endswith('возьмите всё значение в кавычки: form: "квиз: знатоки"'), found


def test_a_link_to_a_draft_story_is_reported_and_a_drafts_own_links_wait(p: Project) -> None:
    # The draft is published nowhere: a link to it would be dead (and would tell its name).
    draft_text = "---\ntitle: Черновик\ndate: 2025-05-01\ndraft: true\n---\n"
    p.write("content/stories/2025-05-01-chernovik.md",
            draft_text + "См. [итоги](2024-08-28-itogi.md), [другой](2025-05-02-n.md).\n")
    story = "content/stories/2024-08-28-itogi.md"
    text = p.root.joinpath(story).read_text(encoding="utf-8")
    p.write(story, text + "\n[черновик](2025-05-01-chernovik.md), [он же](/stories/2025-05-01-chernovik/)\n")
    line = len(text.splitlines()) + 2
    draft = ("ведёт на новость-черновик: пока в ней стоит draft: true, она нигде не публикуется; уберите ссылку или "
             "опубликуйте новость")
    assert problems(p) == [f"{story}:{line}: ссылка «/stories/2025-05-01-chernovik/» {draft}",
                           f"{story}:{line}: ссылка «2025-05-01-chernovik.md» {draft}"]


def test_checks_of_slips_stay_linear_on_a_long_line(p: Project) -> None:
    # One hostile file must not stall the build: a regex that backtracked took 34 s on 100,000 spaces.
    for text in ("title: |\n" + " " * 100_000 + "Текст\n", "- a\n" + " " * 100_000 + "- b\n",
                 "title: " + "&" * 50_000 + "\n", "title: " + "a #" * 30_000 + "\n"):
        started = time.perf_counter()
        try:
            parse_yaml(text, "data/practices/x.yml")
        except ReadError:
            pass
        assert time.perf_counter() - started < 5, text[:40]


def test_an_anchor_is_reported_also_where_italics_have_stars(p: Project) -> None:
    text = p.root.joinpath(PRACTICE).read_text(encoding="utf-8")
    p.write(PRACTICE, text.replace("Командная игра по книгам", "Командная *весёлая* игра по книгам")
            + "audience: &амп\n")
    assert any("audience: значение начинается со знака «&»" in line for line in problems(p)), problems(p)


def test_a_misspelt_field_under_a_block_of_text_is_told_its_spelling_not_to_move(p: Project) -> None:
    text = p.root.joinpath(PRACTICE).read_text(encoding="utf-8")
    p.write(PRACTICE, text.replace("description: Командная игра по книгам смоленских писателей.",
                                   "description: |\n  Игра.\n  Вторая строка.\nresluts: Сыграли 12 команд."))
    assert only_problem(p).endswith("resluts: неизвестное поле: может быть, results?")


def test_two_quoted_names_in_a_value_are_kept_by_the_advice(p: Project) -> None:
    text = p.root.joinpath(PRACTICE).read_text(encoding="utf-8")
    p.write(PRACTICE, text.replace("title: Квиз «Знатоки края»", 'title: "Знатоки края" — квиз "Сезон 2"'))
    advice = only_problem(p).rsplit("кавычки: ", 1)[1]
    p.write(PRACTICE, text.replace("title: Квиз «Знатоки края»", advice))
    assert load_site(p.root, p.root / "data", p.root / "content").practices["kviz"].data.title == \
        '"Знатоки края" — квиз "Сезон 2"'


def test_a_fixed_tab_is_not_reported_again_by_a_rebuild(p: Project) -> None:
    # `mkdocs serve` parses each file again: the text read with tabs made spaces must not stand for the fixed file.
    tabbed = "title: Квиз\nthemes:\n\t- a\n"
    assert any("табуляцией" in str(found) for found in parse_yaml(tabbed, "data/x.yml").problems)
    assert parse_yaml(tabbed.replace("\t", "  "), "data/x.yml").problems == []


def test_a_data_file_saved_as_txt_among_attachments_gets_the_types_message(p: Project) -> None:
    # Renamed as «x.yml» it would be refused among attachments all the same: the message says what is published.
    p.write("content/files/x.yml.txt", p.root.joinpath(PRACTICE).read_text(encoding="utf-8"))
    assert only_problem(p).startswith("content/files/x.yml.txt: файлы .txt не публикуются")


def test_a_link_longer_than_a_file_name_may_be_is_a_message_not_a_traceback(p: Project) -> None:
    long = "a" * 300
    story = "content/stories/2024-08-28-itogi.md"
    p.write(story, p.root.joinpath(story).read_text(encoding="utf-8") + f"\n[x](/{long}/) [y]({long}) [z](../{long})\n")
    found = problems(p)
    assert len(found) == 3 and all("ведёт на" in line for line in found), found


def test_a_quoted_merge_sign_is_an_ordinary_key(p: Project) -> None:
    p.write(MEETING, p.root.joinpath(MEETING).read_text(encoding="utf-8") + '"<<": x\n')
    assert only_problem(p).endswith("<<: неизвестное поле: удалите его или проверьте написание")


def test_a_hash_after_a_space_that_would_cut_the_text_is_reported(p: Project) -> None:
    # « #5» starts a YAML comment: the site would show «МБОУ СШ» and lose «центр чтения» without a word.
    text = p.root.joinpath(MEETING).read_text(encoding="utf-8")
    p.write(MEETING, text + "place: МБОУ СШ #5 г. Смоленска\nonline: https://example.org/a#b\n"
                            "description: |\n  Текст #с решёткой в блоке\n# комментарий #1\n")
    found = problems(p)
    line = len(text.splitlines()) + 1
    assert found == [f"{MEETING}:{line}: place: текст «#5 г. Смоленска» не попадёт на сайт: знак «#» после пробела "
                     "начинает комментарий; если это часть текста, возьмите всё значение в кавычки: "
                     'place: "МБОУ СШ #5 г. Смоленска"; если это комментарий, поставьте пробел после «#» и два '
                     "пробела перед ним"], found


@pytest.mark.parametrize("line", ["themes: [patriotic, #центр чтения\n  local-history]", "themes:  #потом"])
def test_a_hash_after_a_comma_or_a_colon_is_reported_too(p: Project, line: str) -> None:
    text = p.root.joinpath(PRACTICE).read_text(encoding="utf-8")
    p.write(PRACTICE, text.replace("themes: local-history", line))
    assert any("не попадёт на сайт: знак «#» после пробела начинает комментарий" in found
               for found in problems(p)), problems(p)


def test_comments_with_a_space_after_the_hash_are_comments(p: Project) -> None:
    p.write(PRACTICE, p.root.joinpath(PRACTICE).read_text(encoding="utf-8") + 'summary: "СШ #5"  # пояснение\n'
                      "links:  # ссылки\n  - title: Группа  # ВКонтакте\n    url: https://vk.com/x\n"
                      "materials: # материалы\n- title: Положение\n  url: https://example.org/p.pdf\n")
    assert problems(p) == []


def test_a_hash_one_space_after_a_value_or_a_field_would_cut_the_text_and_is_reported(p: Project) -> None:
    # «МБОУ «СШ # 5»» would be published as «МБОУ «СШ», «5–7 классы # и родители» as «5–7 классы», and
    # «form: # квиз» as no form at all. The project's own comments stand two spaces away, as yamllint asks.
    text = p.root.joinpath(PRACTICE).read_text(encoding="utf-8").replace("form: квиз\n", "")
    p.write(PRACTICE, text + "audience: 5–7 классы # и родители\nform: # квиз\n"
                             "summary: МБОУ «СШ # 5»\n")
    line = len(text.splitlines()) + 1
    cut = "не попадёт на сайт: « # » начинает комментарий; если это часть текста, возьмите всё значение в кавычки: "
    comment = "если это комментарий, поставьте перед «#» два пробела"
    assert problems(p) == [
        f"{PRACTICE}:{line}: audience: текст «# и родители» {cut}audience: \"5–7 классы # и родители\"; {comment} "
        "или перенесите его на отдельную строку",
        f"{PRACTICE}:{line + 1}: form: поле пустое: текст «# квиз» после «#» — комментарий и на сайт не попадёт; если "
        f"это значение поля, уберите «#»: form: квиз; {comment}",
        f"{PRACTICE}:{line + 2}: summary: текст «# 5»» {cut}summary: \"МБОУ «СШ # 5»\"; {comment} или перенесите его "
        "на отдельную строку",
    ]
    # The advice, followed, publishes the whole text.
    p.write(PRACTICE, text + 'audience: "5–7 классы # и родители"\nform: квиз\nsummary: "МБОУ «СШ # 5»"\n')
    assert problems(p) == []


# Shapes and values ------------------------------------------------------------

@pytest.mark.parametrize(("line", "field", "message"), [
    ("place: [Смоленск, Вязьма]", "place", "ожидается текст"),
    ("cancelled: да", "cancelled", "здесь пишется true (да) или false (нет), латиницей и без кавычек"),
    ("cancelled: no", "cancelled", "здесь пишется true (да) или false (нет), латиницей и без кавычек"),
    ('cancelled: "false"', "cancelled", "здесь пишется true (да) или false (нет), латиницей и без кавычек"),
    ("program: Доклады библиотекарей", "program", "ожидается список: каждый пункт с новой строки после «- »"),
    ("problem_field: {a: b}", "problem_field", "ожидается список: каждый пункт с новой строки после «- »"),
    ("materials: [Презентация]", "materials[1]", "ожидается набор полей вида «название: значение»; запишите так: "
                                                 "- title: Презентация"),
    ("online: vk.com/room", "online", "ссылка должна начинаться с https://, http:// или mailto: «vk.com/room»; "
                                   "напишите https://vk.com/room"),
    ("time: 9.30", "time", "время записывается как ЧЧ:ММ, например 09:30, а не «9.30»"),
    # Copied from a sentence: the published link led to «club1.», a page that does not exist.
    ("online: https://vk.com/club1.", "online", "ссылка заканчивается знаком «.» — это знак препинания из текста, а "
                                             "не часть адреса: уберите его: https://vk.com/club1"),
    ("online: https://vk.com/club1,", "online", "ссылка заканчивается знаком «,» — это знак препинания из текста, а "
                                             "не часть адреса: уберите его: https://vk.com/club1"),
    ("online: «https://vk.com/club1»", "online", "уберите кавычки вокруг ссылки: https://vk.com/club1"),
])
def test_wrong_types(p: Project, line: str, field: str, message: str) -> None:
    p.write(MEETING, f"title: Заседание\ndate: 2025-09-10\n{line}\n")
    assert only_problem(p) == f"{MEETING}:3: {field}: {message}"


@pytest.mark.parametrize(("value", "message"), [
    ("2024-02-30", "такой даты нет в календаре: 2024-02-30"),
    ("27.08.2024", "дата записывается как ГГГГ-ММ-ДД, например 2024-08-27, а не «27.08.2024»"),
    ("2024-8-27", "дата записывается как ГГГГ-ММ-ДД, например 2024-08-27, а не «2024-8-27»"),
    ("2024-08-27 10:00", "дата записывается как ГГГГ-ММ-ДД, например 2024-08-27, а не «2024-08-27 10:00»"),
])
def test_dates(p: Project, value: str, message: str) -> None:
    p.write(MEETING, f"title: Заседание\ndate: {value}\n")
    assert only_problem(p) == f"{MEETING}:2: date: {message}"


@pytest.mark.parametrize(("path", "text", "where", "allowed"), [
    (MEETING, "title: З\ndate: 2025-09-10\nformat: онлайн\n", "3: format", "очно, дистанционно, смешанно"),
    (MEETING, "title: З\ndate: 2025-09-10\nkind: круглый стол\n", "3: kind",
     "заседание, секция, семинар, вебинар, конференция"),
    (PRACTICE, "title: К\norganization: Ш\nmunicipality: smolensk\nthemes: [local-history]\ndate: 2025-01-01\n"
               "description: Д\nform: экскурсия\n", "7: form",
     "выставка, акция, проект, библиотечный урок, клуб, конкурс, квиз, другое"),
    ("data/directives/2025-03-20-seminar.yml", "items:\n  ribc:\n    - text: П\n      progress: готово\n",
     "4: items.ribc[1].progress", "не начато, выполняется, выполнено"),
])
def test_values_outside_the_list(p: Project, path: str, text: str, where: str, allowed: str) -> None:
    p.write(path, text)
    message = only_problem(p)
    assert message.startswith(f"{path}:{where}: недопустимое значение «")
    assert message.endswith(f"»; допустимые: {allowed}")


def test_unknown_field_with_suggestion(p: Project) -> None:
    p.write(PRACTICE, "title: К\norganization: Ш\nmunicipality: smolensk\nthemes: [local-history]\ndate: 2025-01-01\n"
                      "descripton: Д\n")
    found = problems(p)
    assert f"{PRACTICE}:6: descripton: неизвестное поле: может быть, description?" in found
    assert f"{PRACTICE}:1: description: обязательное поле не заполнено: Описание (Markdown) — впишите значение после " \
        "«description:»" in found


def test_missing_required_fields_of_a_practice(p: Project) -> None:
    p.write(PRACTICE, "title: Квиз\n")
    found = problems(p)
    for field in ("organization", "municipality", "themes", "description", "date"):
        assert any(f"{PRACTICE}:1: {field}: " in line for line in found), field


# References -------------------------------------------------------------------

@pytest.mark.parametrize(("path", "text", "where", "what"), [
    (MEETING, "title: З\ndate: 2025-09-10\nthemes: [patriotik]\n", "3: themes[1]", "направления с id «patriotik»"),
    (MEETING, "title: З\ndate: 2025-09-10\nprogram:\n  - title: Д\n    practice: vystavk\n",
     "5: program[1].practice", "практики с id «vystavk»"),
    (MEETING, "title: З\ndate: 2025-09-10\nprogram:\n  - title: Д\n    speakers:\n      - name: А\n"
              "        municipality: smolens\n", "7: program[1].speakers[1].municipality",
     "муниципального образования с id «smolens»"),
    (PRACTICE, "title: К\norganization: Ш\nmunicipality: smolensk\nthemes: [local-history]\ndate: 2025-01-01\n"
               "description: Д\nmeeting: 2025-09-10\n", "7: meeting", "заседания с id «2025-09-10»"),
    (PRACTICE, "title: К\norganization: Ш\nmunicipality: smolensk\nthemes: [local-history, patriot]\n"
               "date: 2025-01-01\ndescription: Д\n", "4: themes[2]", "направления с id «patriot»"),
    (PRACTICE, "title: К\norganization: Ш\nmunicipality: smolensk\nthemes: [local-history]\ndate: 2025-01-01\n"
               "description: Д\nauthors:\n  - name: А\n    municipality: vyazma\n", "9: authors[1].municipality",
     "муниципального образования с id «vyazma»"),
    (STORY, "---\ntitle: Н\ndate: 2025-03-21\npractices: [kvz]\n---\nТекст.\n", "4: practices[1]",
     "практики с id «kvz»"),
    (STORY, "---\ntitle: Н\ndate: 2025-03-21\nmunicipality: smolensk-city\n---\nТекст.\n", "4: municipality",
     "муниципального образования с id «smolensk-city»"),
    (STORY, "---\ntitle: Н\ndate: 2025-03-21\nthemes: [history]\n---\nТекст.\n", "4: themes[1]",
     "направления с id «history»"),
])
def test_reference_to_unknown_id_in_every_field(p: Project, path: str, text: str, where: str, what: str) -> None:
    p.write(path, text)
    assert only_problem(p).startswith(f"{path}:{where}: нет {what}; ")


def test_two_files_with_one_id(p: Project) -> None:
    p.write("data/meetings/2025-09-10-zasedanie.yaml", "title: Копия\ndate: 2025-09-10\n")
    assert only_problem(p) == (f"{MEETING}: запись с id «2025-09-10-zasedanie» уже есть в файле "
                               "data/meetings/2025-09-10-zasedanie.yaml: оставьте один файл")


@pytest.mark.parametrize(("name", "suggestion"), [
    ("Zasedanie.yml", "zasedanie.yml"),
    ("заседание 10 сентября.yml", "zasedanie-10-sentyabrya.yml"),
    ("zasedanie_omo.YML", "zasedanie-omo.yml"),
])
def test_file_names_that_are_not_ids(p: Project, name: str, suggestion: str) -> None:
    p.write(f"data/meetings/{name}", "title: З\ndate: 2025-09-10\n")
    message = only_problem(p)
    assert message.startswith(f"data/meetings/{name}: имя файла")
    assert message.endswith(f"переименуйте в {suggestion}")


def test_story_front_matter_not_closed(p: Project) -> None:
    p.write(STORY, "---\ntitle: Н\ndate: 2025-03-21\n\nТекст новости.\n")
    assert only_problem(p) == (f"{STORY}:1: не закрыт блок полей в начале файла: после полей нужна строка ---")


def test_story_without_front_matter(p: Project) -> None:
    p.write(STORY, "Текст новости.\n")
    assert only_problem(p) == f"{STORY}:1: в начале файла нет блока полей между строками --- (title, date)"


def test_story_file_name_suggestion_has_a_date(p: Project) -> None:
    p.write("content/stories/Итоги Семинара.md", "---\ntitle: Н\ndate: 2025-03-21\n---\n")
    assert only_problem(p).endswith("переименуйте в ГГГГ-ММ-ДД-itogi-seminara.md")


def test_person_without_consent_needs_a_role(p: Project) -> None:
    p.write(MEETING, "title: З\ndate: 2025-09-10\nprogram:\n  - title: Открытие\n    speakers:\n"
                     "      - name: А. Б. Иванова\n        position: библиотекарь\n"
                     "      - name: В. Г. Петрова\n        consent: false\n")
    assert only_problem(p) == (f"{MEETING}:9: program[1].speakers[2].consent: без согласия на публикацию имени "
                               "человек показывается по должности и организации: укажите position или organization")


def test_story_file_name_without_date(p: Project) -> None:
    p.write("content/stories/kviz.md", "---\ntitle: Н\ndate: 2025-03-21\n---\n")
    assert only_problem(p).startswith("content/stories/kviz.md: имя файла новости: ГГГГ-ММ-ДД-название")


def test_cover_pointing_to_a_missing_file(p: Project) -> None:
    p.write(STORY, "---\ntitle: Н\ndate: 2025-03-21\ncover: images/net.jpg\n---\nТекст.\n")
    assert only_problem(p) == (f"{STORY}:4: cover: файл не найден: content/images/net.jpg "
                               "(путь пишется от папки content/)")


def test_material_path_with_a_leading_slash(p: Project) -> None:
    p.write(MEETING, "title: З\ndate: 2025-09-10\nmaterials:\n  - title: М\n    file: /files/x.pdf\n")
    assert only_problem(p) == (f"{MEETING}:5: materials[1].file: файл не найден: content/files/x.pdf "
                               "(путь пишется от папки content/, без «/» в начале)")


@pytest.mark.parametrize(("path", "addition", "field"), [
    # A list written as one record (no «- »): reported, and nothing of it is read as a list.
    (MEETING, "program:\n  title: Открытие\n", "program"),
    (PRACTICE, "themes: local-history\nauthors:\n  name: А. А. Примерова\n  municipality: smolenks\n", "authors"),
    (MEETING, "materials:\n  title: План\n  file: files/plan.pdf\n", "materials"),
    (PRACTICE, "themes:\n  - [reading]\n  - [partnership]\n", "themes["),  # no «None указан дважды»
])
def test_a_record_with_a_wrong_shape_is_reported_without_follow_on_noise(p: Project, path: str, addition: str,
                                                                        field: str) -> None:
    base = "title: З\ndate: 2025-09-10\n" if path == MEETING else (
        "title: Квиз\norganization: Школа\nmunicipality: smolensk\nform: квиз\nschool_year: 2024/2025\n"
        "description: Игра.\n")
    p.write(path, base + addition)
    found = problems(p)
    assert found and all(f": {field}" in problem and "None" not in problem for problem in found), found


def test_a_very_long_file_name_is_not_found(p: Project) -> None:
    p.write(STORY, f"---\ntitle: Н\ndate: 2025-03-21\ncover: images/{'a' * 300}.jpg\n---\nТекст.\n")
    assert only_problem(p).startswith(f"{STORY}:4: cover: файл не найден: content/images/aaa")


def test_material_named_in_other_capitals_names_the_file(p: Project) -> None:
    # Windows opens «plan.pdf» for «Plan.PDF»; the site's server and the build do not.
    p.write("content/files/Plan.PDF", (REPO / "content/files/practices/pamyat-pokoleniy-polozhenie.pdf").read_bytes())
    p.write(MEETING, "title: З\ndate: 2025-09-10\nmaterials:\n  - title: М\n    file: files/plan.pdf\n")
    assert only_problem(p) == (f"{MEETING}:5: materials[1].file: файл не найден: content/files/plan.pdf (есть файл "
                               "Plan.PDF: имя отличается заглавными и строчными буквами, а на сервере сайта это "
                               "разные файлы; напишите имя как у файла)")


def test_code_in_markdown_fields_is_shown_as_typed(p: Project) -> None:
    p.write(MEETING, 'title: З\ndate: 2025-09-10\nproblem_field:\n  - "Пункт с `кодом <div>`"\n')
    assert p.build().returncode == 0
    assert p.html("meetings/2025-09-10-zasedanie").find("code").get_text() == "кодом <div>"


def test_material_path_may_not_leave_the_docs_folder(p: Project) -> None:
    p.write(MEETING, "title: З\ndate: 2025-09-10\nmaterials:\n  - title: М\n    file: ../mkdocs.yml\n")
    assert only_problem(p).startswith(f"{MEETING}:5: materials[1].file: файл не найден")


# Accepted as editors write them ---------------------------------------------------

def test_bom_crlf_unquoted_times_and_long_lines_are_accepted(p: Project) -> None:
    long_place = "ГАУ ДПО СОИРО, " * 400
    text = f"title: Заседание\r\ndate: 2025-09-10\r\ntime: 10:30\r\nend_time: 12:00\r\nplace: {long_place}\r\n"
    p.write(MEETING, "\ufeff".encode() + text.encode("utf-8"))
    p.write(STORY, "\ufeff---\r\ntitle: Квиз\r\ndate: 2025-03-21\r\n---\r\nТекст.\r\n".encode())
    assert problems(p) == []
    result = p.build()
    assert result.returncode == 0, result.stderr
    text = p.html("meetings/2025-09-10-zasedanie").get_text(" ")
    assert "10:30–12:00 (мск)" in text and "ГАУ ДПО СОИРО, ГАУ ДПО СОИРО" in text
    assert "Текст." in p.html("stories/2025-03-21-kviz").get_text()


def test_yes_and_no_are_text(p: Project) -> None:
    p.write(MEETING, "title: no\ndate: 2025-09-10\nplace: yes\n")
    assert problems(p) == []


# Safety -----------------------------------------------------------------------

def test_markdown_fields_are_sanitized(p: Project) -> None:
    p.write(PRACTICE, """\
        title: Квиз <script>alert(1)</script>
        organization: Ш
        municipality: smolensk
        themes: [local-history]
        date: 2025-01-01
        description: |
          **Жирный** текст<br>и <sup>2</sup>.
          <script>alert("x")</script>
          <img src=x onerror="alert(1)">
          [ссылка](javascript:alert(1)) и [сайт](https://example.org/)
          <a href="https://example.org" onclick="alert(1)">ссылка</a>
        """)
    p.write(STORY, "---\ntitle: Н\ndate: 2025-03-21\n---\nТекст <script>alert(2)</script> и "
                   "<embed src=https://evil.example>\n\n"
                   "[реф][1], [x](java&#115;cript:alert(1)) и [y](javascript&colon;alert(1))\n\n"
                   "[1]: javascript:alert(2)\n\nАбзац\n{: onmouseover=\"alert(1)\" }\n\n"
                   "## Заголовок {: onclick=\"alert(1)\" }\n")
    assert p.build().returncode == 0
    for address in ("practices/kviz", "stories/2025-03-21-kviz"):
        article = p.html(address).select_one("article")
        assert article.find("script") is None and article.find("embed") is None
        assert article.find("img", attrs={"onerror": True}) is None
        assert not article.find_all(attrs={"onclick": True}) and not article.find_all(attrs={"onmouseover": True})
        # A browser drops tabs and line breaks in an address; what is left must not start with a script scheme.
        hrefs = [re.sub(r"[\t\n\r]", "", a["href"]).strip().lower() for a in article.find_all("a", href=True)]
        assert not [h for h in hrefs if h.startswith(("javascript:", "vbscript:", "data:"))], hrefs
    article = p.html("practices/kviz").select_one("article")
    assert article.find("strong", string="Жирный") is not None and article.find("sup").get_text() == "2"
    assert article.find("a", string="сайт")["href"] == "https://example.org/"
    # What was refused is shown as text, so nothing an editor wrote silently disappears.
    assert '<script>alert("x")</script>' in article.get_text()
    assert article.h1.get_text().startswith("Квиз <script>alert(1)</script>")


# Output -------------------------------------------------------------------------

def tree(folder: Path) -> dict[str, bytes]:
    return {f.relative_to(folder).as_posix(): f.read_bytes() for f in sorted(folder.rglob("*")) if f.is_file()}


def test_two_builds_are_byte_identical(p: Project) -> None:
    assert p.build("-d", "site-a").returncode == 0
    time.sleep(1.1)
    assert p.build("-d", "site-b").returncode == 0
    first, second = tree(p.root / "site-a"), tree(p.root / "site-b")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


# The check command --------------------------------------------------------------

def run_check(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "check", "--project", str(project.root), *args],
                          capture_output=True, text=True, encoding="utf-8", check=False)


def test_check_command_reports_everything_and_exits_1(p: Project) -> None:
    p.write(MEETING, "title: Заседание\ndate: 2025-02-30\nformat: онлайн\n")
    result = run_check(p)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{MEETING}:2: date: такой даты нет в календаре: 2025-02-30" in result.stdout
    assert f"{MEETING}:3: format: недопустимое значение «онлайн»" in result.stdout
    assert not (p.root / "site").exists()


def test_check_command_json_for_ci(p: Project) -> None:
    p.write(MEETING, "title: Заседание\ndate: 2025-02-30\n")
    result = run_check(p, "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["problems"] == [{"file": MEETING, "line": 2, "field": "date",
                                   "message": "такой даты нет в календаре: 2025-02-30",
                                   "text": f"{MEETING}:2: date: такой даты нет в календаре: 2025-02-30"}]


def test_check_command_on_clean_content(p: Project) -> None:
    result = run_check(p)
    assert result.returncode == 0 and result.stdout.strip() == "Ошибок не найдено."
    assert json.loads(run_check(p, "--format", "json").stdout) == {"ok": True, "problems": [], "warnings": []}


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("themes: local-history", "themes: local-history, patriotic",
     "themes[1]: «local-history, patriotic» — это несколько id: запишите их списком в квадратных скобках: "
     "[local-history, patriotic]"),
    ("municipality: smolensk", "municipality: smolensk, hislavichskiy",
     "municipality: «smolensk, hislavichskiy» — это несколько id: здесь указывается один id: оставьте один"),
])
def test_several_ids_without_brackets_are_named_as_such(p: Project, old: str, new: str, expected: str) -> None:
    # The nearest id alone would be a wrong suggestion: following it silently drops the other.
    text = p.root.joinpath(PRACTICE).read_text(encoding="utf-8")
    p.write(PRACTICE, text.replace(old, new))
    assert only_problem(p).endswith(expected)


def test_a_path_copied_from_windows_explorer_is_shown_with_slashes(p: Project) -> None:
    text = p.root.joinpath(PRACTICE).read_text(encoding="utf-8")
    p.write(PRACTICE, text + "cover: content\\files\\2024-08-27\\plan.pdf\n")
    assert only_problem(p).endswith("cover: файл не найден: content/content\\files\\2024-08-27\\plan.pdf (путь пишется "
                                    "через «/», а не «\\», от папки content/: files/2024-08-27/plan.pdf)")


def test_a_resolution_item_with_a_colon_is_told_to_be_quoted_not_deleted(p: Project) -> None:
    directive = "data/directives/2024-08-27-sekciya-omo.yml"
    text = p.root.joinpath(directive).read_text(encoding="utf-8")
    p.write(directive, text.replace("    - продолжить и расширить работу с образовательными ресурсами",
                                    "    - обеспечить участие: библиотекари всех школ"))
    # Before: «text: обязательное поле не заполнено» and «неизвестное поле: удалите его» (the editor's item).
    assert only_problem(p) == (
        f"{directive}:4: items.ribc[1].обеспечить участие: похоже на текст с двоеточием, прочитанный как название "
        "поля «обеспечить участие»: возьмите весь текст в кавычки: \"обеспечить участие: библиотекари всех школ\"")


def test_a_field_name_typed_in_russian_is_given_its_latin_name(p: Project) -> None:
    text = p.root.joinpath(PRACTICE).read_text(encoding="utf-8")
    p.write(PRACTICE, text.replace("description:", "описание:"))
    assert only_problem(p) == f"{PRACTICE}:7: описание: поле называется латиницей: description (Описание)"


def test_report_items_without_their_items_line_are_told_where_they_go(p: Project) -> None:
    report = "data/reports/2024-08-27-sekciya-omo/vyazemskiy.yml"
    lines = p.root.joinpath(report).read_text(encoding="utf-8").splitlines()
    p.write(report, "\n".join(line[2:] if line.startswith("  ") else line for line in lines if line != "items:") + "\n")
    assert only_problem(p) == (f"{report}:2: rmo-1: пункт «rmo-1» пишется внутри поля items: добавьте выше строку "
                               "«items:» и сдвиньте пункты вправо на два пробела")


@pytest.mark.parametrize("vocabulary", ["themes", "municipalities"])
def test_an_unreadable_vocabulary_is_reported_once_not_at_every_reference(p: Project, vocabulary: str) -> None:
    # Before: «нет направления с id …» in every practice, meeting and story, and the cause last of all.
    p.write(f"data/{vocabulary}.yml", "- id: x\n  name: Икс\n - id: y\n")
    found = problems(p)
    assert len(found) == 1 and found[0].startswith(f"data/{vocabulary}.yml:3: ошибка в записи YAML"), found


def test_a_vocabulary_named_in_capitals_is_told_its_name(p: Project) -> None:
    source = p.root / "data/themes.yml"
    source.rename(p.root / "data/Themes.yml")
    assert problems(p) == ["data/Themes.yml: файл справочника не читается сайтом: переименуйте его в themes.yml "
                           "(строчными буквами; в Windows — в два шага, через другое имя, иначе git не заметит)",
                           "data/themes.yml: файл справочника не найден: он обязателен"]


def test_a_wrong_value_in_a_report_does_not_hide_its_wrong_keys(p: Project) -> None:
    report = "data/reports/2024-08-27-sekciya-omo/vyazemskiy.yml"
    text = p.root.joinpath(report).read_text(encoding="utf-8")
    p.write(report, text.replace("progress: выполняется", "progress: готово")
            + "  rmo-9:\n    progress: выполнено\n    date: 2025-03-01\n")
    found = problems(p)
    assert any(": items.rmo-1.progress: недопустимое значение «готово»" in line for line in found), found
    assert any(": items.rmo-9: в резолюции нет пункта «rmo-9»" in line for line in found), found


def test_a_deadline_or_a_report_before_its_meeting_is_a_typo_reported(p: Project) -> None:
    directive = "data/directives/2024-08-27-sekciya-omo.yml"
    report = "data/reports/2024-08-27-sekciya-omo/hislavichskiy.yml"
    p.write(directive, p.root.joinpath(directive).read_text(encoding="utf-8").replace("due: 2025-05-31",
                                                                                     "due: 2024-05-31"))
    p.write(report, p.root.joinpath(report).read_text(encoding="utf-8").replace("date: 2025-01-20",
                                                                               "date: 2024-01-20"))
    found = problems(p)
    assert [line.split(": ", 1)[1] for line in found] == [
        "items.ribc[2].due: срок 2024-05-31 раньше заседания 2024-08-27, которое его назначило: проверьте число, "
        "месяц и год",
        "items.rmo-1.date: дата отчёта 2024-01-20 раньше заседания 2024-08-27, которое приняло резолюцию: проверьте "
        "число, месяц и год"], found


@pytest.mark.parametrize(("name", "expected"), [
    ("2026-11-31-itogi.md", "в имени файла дата 2026-11-31, а такого дня в календаре нет: исправьте дату в имени "
                            "файла"),
    ("28-11-2026-itogi.md", "имя файла новости: ГГГГ-ММ-ДД-название-латиницей.md, например 2026-11-28-itogi.md"),
])
def test_a_story_file_name_with_an_impossible_or_reversed_date(p: Project, name: str, expected: str) -> None:
    p.write(f"content/stories/{name}", "---\ntitle: Итоги\ndate: 2026-11-28\n---\nТекст.\n")
    assert only_problem(p) == f"content/stories/{name}: {expected}"


@pytest.mark.parametrize(("text", "expected"), [
    ("---\ntitle: Итоги\ndate: 2025-03-21\nТекст новости.\n\n---\n\nЕщё текст\n",
     "4: строка похожа на текст, а не на поле: если здесь начинается текст новости, поставьте строку --- после "
     "последнего поля, перед текстом; если это продолжение значения из строки выше, сдвиньте строку вправо "
     "пробелами"),
    ("\n---\ntitle: Итоги\ndate: 2025-03-21\n---\nТекст\n",
     "1: перед первой строкой --- есть пустая строка или пробелы: удалите их, блок полей начинается с первой строки "
     "файла"),
    ("—\ntitle: Итоги\ndate: 2025-03-21\n—\nТекст\n",
     "1: первая строка «—» должна быть из трёх дефисов ---: Word заменяет их на тире; напишите --- в начале и в "
     "конце блока полей"),
])
def test_a_story_whose_fields_are_not_closed_as_written_is_told_what_to_do(p: Project, text: str,
                                                                            expected: str) -> None:
    p.write(STORY, text)
    assert only_problem(p) == f"{STORY}:{expected}"


@pytest.mark.parametrize(("title", "quotes"), [("«Квиз: знатоки»", "«…»"), ("“Квиз: знатоки”", "“…”")])
def test_typographic_quotes_are_told_apart_from_yaml_quotes(p: Project, title: str, quotes: str) -> None:
    # «Take the text with a colon in quotes» misleads an editor who did: Word's quotes are text to YAML.
    text = p.root.joinpath(PRACTICE).read_text(encoding="utf-8")
    p.write(PRACTICE, text.replace("title: Квиз «Знатоки края»", f"title: {title}"))
    assert only_problem(p) == (f"{PRACTICE}:1: title: ошибка в записи YAML: кавычки {quotes} для YAML — часть "
                               f'текста, а не кавычки; возьмите значение в прямые кавычки: title: "{title}"')


@pytest.mark.parametrize("name", ["kviz - копия", "kviz — копия", "kviz — копия (2)", "kviz - Copy (2)", "kviz (2)",
                                  "Копия kviz", "kviz (копия)", "kviz (копия 2)"])
def test_a_copy_made_by_windows_is_named_as_a_copy(p: Project, name: str) -> None:
    # «Rename it to kviz-kopiya.yml» would publish the same practice twice.
    p.write(f"data/practices/{name}.yml", p.root.joinpath(PRACTICE).read_text(encoding="utf-8"))
    assert only_problem(p) == (f"data/practices/{name}.yml: похоже на копию файла kviz.yml: если копия не нужна, "
                               "удалите её; если это новая запись, назовите файл по её названию латиницей")


def test_text_where_a_record_goes_is_shown_as_the_record(p: Project) -> None:
    p.write(MEETING, p.root.joinpath(MEETING).read_text(encoding="utf-8")
            + "program:\n  - 10:00 Открытие\n  - title: Доклад\n    speakers: [И. И. Иванова]\n")
    found = [line.split(": ", 1)[1] for line in problems(p)]
    assert found == ['program[1]: ожидается набор полей вида «название: значение»; запишите так: - time: "10:00" и '
                     "строкой ниже, под time, title: Открытие",
                     "program[2].speakers[1]: ожидается набор полей вида «название: значение»; запишите так: - name: "
                     "И. И. Иванова"], found


def test_a_story_out_of_its_folder_is_sent_there(p: Project) -> None:
    p.write("content/news/2026-11-28-itogi.md", "---\ntitle: Итоги\ndate: 2026-11-28\n---\nТекст.\n")
    assert only_problem(p) == ("content/news/2026-11-28-itogi.md:3: date: поле date есть только у новостей, а новости "
                               "лежат в папке content/stories/ и называются ГГГГ-ММ-ДД-название.md: перенесите файл "
                               "туда")


@pytest.mark.parametrize(("pasted", "advice"), [
    ('<p class=MsoNormal style="margin:0"><b>Итоги</b><o:p></o:p></p>', "в тексте HTML-разметка из Word или с сайта"),
    ('<iframe src="https://vk.com/video_ext.php?oid=1"></iframe>', "встроенное видео или карта сайтом не показываются"),
    ("<table border=1><tr><td>Место</td></tr></table>", "таблица в HTML показывается как код"),
])
def test_html_pasted_from_another_program_is_named_before_readers_see_it_as_code(p: Project, pasted: str,
                                                                                 advice: str) -> None:
    p.write(STORY, f"---\ntitle: Итоги\ndate: 2025-03-21\n---\nШесть команд.\n\n{pasted}\n\n`<table>` в коде\n")
    text = p.root.joinpath(PRACTICE).read_text(encoding="utf-8")
    p.write(PRACTICE, text.replace("description: Командная игра по книгам смоленских писателей.",
                                   f"description: '{pasted}'"))
    found = problems(p)
    assert len(found) == 2 and f"{STORY}:7: {advice}" in found[0] and f"{PRACTICE}:7: description: {advice}" in \
        found[1], found


@pytest.mark.parametrize("text", ["!!merge x: {title: Заседание, kind: семинарр}\n",
                                  "!!merge '<<': {title: Заседание}\n", "<<: {title: Заседание}\n"])
def test_every_form_of_a_merge_key_is_refused_without_a_traceback(p: Project, text: str) -> None:
    p.write(MEETING, text + "date: 2025-09-10\n")
    assert only_problem(p) == f"{MEETING}:1: слияние YAML («<<:») не поддерживается: впишите поля полностью"


def test_binary_data_and_numbers_of_thousands_of_digits_are_reported(p: Project) -> None:
    # Bytes passed every text check and crashed the feed; a 5,000-digit number crashed the parser.
    p.write(MEETING, "title: !!binary AAEC\ndate: 2025-09-10\nthemes: [!!binary AAEC]\n")
    assert problems(p) == [f"{MEETING}:1: title: двоичные данные (!!binary) здесь не читаются: впишите текст",
                           f"{MEETING}:3: themes[1]: двоичные данные (!!binary) здесь не читаются: впишите текст"]
    p.write(MEETING, "title: Заседание\ndate: 2025-09-10\nplace: " + "9" * 5000 + "\n")
    assert only_problem(p) == f"{MEETING}:3: число из тысяч цифр: если это текст, возьмите его в кавычки"



def test_a_record_level_key_with_a_space_hides_no_missing_field(p: Project) -> None:
    # Only a list item's text with «: » explains its missing «text»; a record's missing field is still named.
    text = p.root.joinpath(PRACTICE).read_text(encoding="utf-8")
    p.write(PRACTICE, text.replace("municipality: smolensk\n", "итоги работы: хорошие\n"))
    found = problems(p)
    assert any("municipality: обязательное поле не заполнено" in line for line in found), found


def test_an_indentation_error_beside_guillemets_is_still_an_indentation_error(p: Project) -> None:
    p.write(MEETING, "title: Заседание\ndate: 2025-09-10\nprogram:\n  - title: Доклад\n   speakers: «Иванова»\n")
    assert "кавычки «…»" not in only_problem(p)


def test_the_record_to_write_is_valid_yaml(p: Project) -> None:
    p.write(MEETING, 'title: Заседание\ndate: 2025-09-10\nmaterials: ["Презентация: итоги"]\n')
    assert only_problem(p).endswith('запишите так: - title: "Презентация: итоги"')


def test_a_russian_field_name_is_matched_by_its_label_only(p: Project) -> None:
    p.write(MEETING, "title: Заседание\ndate: 2025-09-10\nпример: да\n")
    assert "unconfirmed" not in only_problem(p)


def test_a_title_that_starts_like_a_copy_is_not_taken_for_one(p: Project) -> None:
    p.write("data/practices/Копия картины.yml", p.root.joinpath(PRACTICE).read_text(encoding="utf-8"))
    assert only_problem(p).endswith("переименуйте в kopiya-kartiny.yml")


def test_a_line_starting_with_a_hash_inside_a_long_value_is_reported(p: Project) -> None:
    text = p.root.joinpath(PRACTICE).read_text(encoding="utf-8")
    p.write(PRACTICE, text.replace("description: Командная игра по книгам смоленских писателей.",
                                   "description: Командная игра по книгам\n  #ЧитаемВместе смоленских писателей.")
            + "audience: обучающиеся,\n  # родители\n")
    found = problems(p)
    assert [line.split(": ", 2)[1] for line in found] == ["description", "audience"], found
    assert "строка «#ЧитаемВместе смоленских писателей.» не попадёт на сайт" in found[0]


def test_a_comment_at_the_depth_of_its_fields_is_a_comment(p: Project) -> None:
    report = "data/reports/2024-08-27-sekciya-omo/vyazemskiy.yml"
    text = p.root.joinpath(report).read_text(encoding="utf-8")
    p.write(report, text.replace("    date: 2025-03-01\n", "    date: 2025-03-01\n    #TODO уточнить\n"))
    assert problems(p) == []
