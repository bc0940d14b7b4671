"""Bad content stops the build with a Russian message naming file, line and field; nothing is written."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import Project


def build_fails(project: Project) -> str:
    result = project.build()
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert not (project.root / "site").exists(), "a failed build must not write the site"
    return result.stderr


def test_bad_yaml_syntax_names_file_and_line(project: Project) -> None:
    project.write("data/meetings/2025-09-10-zasedanie.yml", "title: Заседание\ndate: 2025-09-10\nplace: [г. Смоленск\n")
    errors = build_fails(project)
    assert "data/meetings/2025-09-10-zasedanie.yml:3: place: ошибка в записи YAML: скобка «[»" in errors


def test_missing_required_field(project: Project) -> None:
    project.write("data/meetings/2025-09-10-zasedanie.yml", "kind: заседание\ndate: 2025-09-10\n")
    errors = build_fails(project)
    assert "data/meetings/2025-09-10-zasedanie.yml:1: title: обязательное поле не заполнено" in errors


def test_practice_with_unknown_municipality_lists_nearest_ids(project: Project) -> None:
    project.write("data/practices/vystavka.yml", """\
        title: Книжно-иллюстрированная выставка
        organization: МБОУ «Хиславичская СШ»
        municipality: hislavichsky
        themes: [patriotic]
        date: 2024-02-15
        description: Выставка к годовщине.
        """)
    errors = build_fails(project)
    assert ("data/practices/vystavka.yml:3: municipality: нет муниципального образования с id «hislavichsky»; "
            "возможно, вы имели в виду: hislavichskiy") in errors


def test_wrong_reference_in_nested_field(project: Project) -> None:
    path = "data/meetings/2024-08-27-sekciya-omo.yml"
    text = (project.root / path).read_text(encoding="utf-8").replace("municipality: hislavichskiy",
                                                                      "municipality: hislavichi")
    project.write(path, text)
    errors = build_fails(project)
    assert f"{path}:18: program[1].speakers[1].municipality: нет муниципального образования" in errors


def test_unknown_audience_and_values_outside_the_list(project: Project) -> None:
    project.write("data/directives/2025-03-20-seminar.yml", """\
        status: утверждена
        items:
          ribс:
            - провести вебинар
          rmo:
            - text: пункт
              progress: в работе
        """)
    errors = build_fails(project)
    path = "data/directives/2025-03-20-seminar.yml"
    assert f"{path}:1: status: недопустимое значение «утверждена»; допустимые: проект, принята" in errors
    assert f"{path}:7: items.rmo[1].progress: недопустимое значение «в работе»" in errors


def test_reference_to_missing_audience(project: Project) -> None:
    project.write("data/directives/2025-03-20-seminar.yml", "items:\n  ribk:\n    - провести вебинар\n")
    errors = build_fails(project)
    assert ("data/directives/2025-03-20-seminar.yml:2: items.ribk: нет адресата с id «ribk»; "
            "возможно, вы имели в виду: ribc") in errors


def test_every_problem_is_reported_at_once(project: Project) -> None:
    project.write("data/meetings/2025-09-10-zasedanie.yml", "title: Заседание\ndate: 2025-02-30\nformat: онлайн\n")
    project.write("data/meetings/2025-10-01-otmena.yml", "title: Вебинар\ndate: 2025-10-01\ntime: 25:00\n")
    errors = build_fails(project)
    assert "data/meetings/2025-09-10-zasedanie.yml:2: date: такой даты нет в календаре: 2025-02-30" in errors
    assert "data/meetings/2025-09-10-zasedanie.yml:3: format: недопустимое значение «онлайн»" in errors
    assert "data/meetings/2025-10-01-otmena.yml:3: time: время записывается как ЧЧ:ММ" in errors
    assert "Найдено ошибок: 3." in errors


def test_duplicated_key(project: Project) -> None:
    project.write("data/meetings/2025-09-10-zasedanie.yml", "title: А\ndate: 2025-09-10\ntitle: Б\n")
    errors = build_fails(project)
    assert "data/meetings/2025-09-10-zasedanie.yml:3: title: поле повторяется" in errors


def test_unknown_field_suggests_the_right_name(project: Project) -> None:
    project.write("data/meetings/2025-09-10-zasedanie.yml", "title: А\ndate: 2025-09-10\ndescripton: текст\n")
    errors = build_fails(project)
    assert "data/meetings/2025-09-10-zasedanie.yml:3: descripton: неизвестное поле: может быть, description?" in errors


def test_file_name_that_is_not_an_id(project: Project) -> None:
    project.write("data/meetings/Секция ОМО.yml", "title: А\ndate: 2025-09-10\n")
    errors = build_fails(project)
    assert "data/meetings/Секция ОМО.yml: имя файла" in errors and "переименуйте в sekciya-omo.yml" in errors


def test_file_not_in_utf8_is_named_as_such(project: Project) -> None:
    project.write("data/meetings/2025-09-10-zasedanie.yml", "title: Заседание\ndate: 2025-09-10\n".encode("cp1251"))
    errors = build_fails(project)
    assert "data/meetings/2025-09-10-zasedanie.yml:1: файл не в кодировке UTF-8 (похоже на Windows-1251)" in errors


def test_story_front_matter_is_checked(project: Project) -> None:
    project.write("content/stories/2024-08-28-itogi.md", "---\ntitle: Итоги\ndate: 2024-08-28\nmeeting: sekciya\n---\n"
                                                         "Текст.\n")
    errors = build_fails(project)
    assert ("content/stories/2024-08-28-itogi.md:4: meeting: нет заседания с id «sekciya»; "
            "возможно, вы имели в виду: 2024-08-27-sekciya-omo") in errors


def test_material_pointing_to_missing_file(project: Project) -> None:
    (project.root / "content/files/2024-08-27/plan.pdf").unlink()
    errors = build_fails(project)
    assert ("data/meetings/2024-08-27-sekciya-omo.yml:25: program[1].materials[1].file: "
            "файл не найден: content/files/2024-08-27/plan.pdf") in errors


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_failed_build_leaves_previous_site_untouched(project: Project) -> None:
    assert project.build().returncode == 0
    before = tree_digest(project.root / "site")
    project.write("data/meetings/2025-09-10-zasedanie.yml", "title: Заседание\n")
    result = project.build()
    assert result.returncode != 0
    assert "date: обязательное поле не заполнено" in result.stderr
    assert tree_digest(project.root / "site") == before


@pytest.mark.parametrize("text", ["no: 1\n", "- title: А\n"])
def test_meeting_file_that_is_not_a_mapping(project: Project, text: str) -> None:
    project.write("data/meetings/2025-09-10-zasedanie.yml", text)
    errors = build_fails(project)
    assert "data/meetings/2025-09-10-zasedanie.yml:1:" in errors


def test_resolution_without_its_meeting(project: Project) -> None:
    project.write("data/directives/2024-08-27-sekciya.yml", "items:\n  ribc:\n    - пункт\n")
    errors = build_fails(project)
    assert ("data/directives/2024-08-27-sekciya.yml: файл резолюции называется так же, как файл её заседания, "
            "а заседания 2024-08-27-sekciya нет в data/meetings; возможно, файл должен называться "
            "2024-08-27-sekciya-omo.yml") in errors


def test_a_broken_meeting_is_reported_once_not_again_by_what_refers_to_it(project: Project) -> None:
    project.write("data/meetings/2025-03-20-seminar.yml", "title: Семинар\ndate: 2025-03-32\n")
    errors = build_fails(project)
    assert "data/meetings/2025-03-20-seminar.yml:2: date: такой даты нет в календаре" in errors
    assert "Найдено ошибок: 1." in errors


def test_strict_warning_after_a_good_build_leaves_the_good_site(project: Project) -> None:
    assert project.build().returncode == 0
    before = tree_digest(project.root / "site")
    project.write("content/stories/2025-03-21-kviz.md", "---\ntitle: Квиз\ndate: 2025-03-21\n---\n"
                                                       "См. [страницу](../net-takoy-stranicy.md).\n")
    result = project.build()
    assert result.returncode != 0 and "net-takoy-stranicy.md" in result.stderr
    assert tree_digest(project.root / "site") == before
    assert sorted(p.name for p in project.root.iterdir() if p.name.startswith(".site")) == []


def test_good_build_replaces_the_site_whole(project: Project) -> None:
    assert project.build().returncode == 0
    (project.root / "site/leftover.html").write_text("old", encoding="utf-8")
    project.write("data/meetings/2025-09-10-zasedanie.yml", "title: Новое название\ndate: 2025-09-10\n")
    assert project.build().returncode == 0
    assert not (project.root / "site/leftover.html").exists()
    assert "Новое название" in project.html("meetings/2025-09-10-zasedanie").h1.get_text()
