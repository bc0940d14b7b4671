"""District reports are read and checked like every other file: each slip named with file, line and field."""

from __future__ import annotations

import pytest
from conftest import Project
from test_bad_input import problems

from generator.core.build import load_site

FOLDER = "data/reports/2024-08-27-sekciya-omo"


def test_reports_are_counted_per_item(project: Project) -> None:
    site = load_site(project.root, project.root / "data", project.root / "content")
    rmo_1 = next(line for line in site.district_lines("2024-08-27-sekciya-omo") if line.anchor == "rmo-1")
    assert site.district_counts(rmo_1) == {"выполнено": 1, "выполняется": 1, "не начато": 0, "нет отчёта": 1}
    assert [r.municipality.id for r in site.district_reports(rmo_1)] == ["hislavichskiy", "vyazemskiy"]
    assert [line.anchor for line in site.district_lines("2024-08-27-sekciya-omo")] == ["rmo-1"]
    assert [line.anchor for line in site.overdue_lines()] == ["ribc-2"]  # due 2025-05-31, today 2025-06-01


@pytest.mark.parametrize(("path", "text", "expected"), [
    (f"{FOLDER}/smolensk.yml", "items:\n  rmo-2:\n    progress: выполнено\n    date: 2025-01-01\n",
     f"{FOLDER}/smolensk.yml:2: items.rmo-2: в резолюции нет пункта «rmo-2»; возможно: rmo-1; пункты для районов: "
     "rmo-1"),
    (f"{FOLDER}/smolensk.yml", "items:\n  рмо-1:\n    progress: выполнено\n    date: 2025-01-01\n",  # Russian letters
     f"{FOLDER}/smolensk.yml:2: items.рмо-1: в резолюции нет пункта «рмо-1»; возможно: rmo-1; пункты для районов: "
     "rmo-1"),
    (f"{FOLDER}/smolensk.yml", "items:\n  ribc-1:\n    progress: выполнено\n    date: 2025-01-01\n",
     f"{FOLDER}/smolensk.yml:2: items.ribc-1: пункт ribc-1 адресован «РИБЦ ГАУ ДПО СОИРО»: районы о нём не "
     "отчитываются"),
    (f"{FOLDER}/smolenks.yml", "items:\n  rmo-1:\n    progress: выполнено\n    date: 2025-01-01\n",
     f"{FOLDER}/smolenks.yml: файл отчёта называется id муниципального образования, а «smolenks» такого нет; "
     "возможно, файл должен называться smolensk.yml"),
    ("data/reports/2024-08-27-sekciya/smolensk.yml", "items:\n  rmo-1:\n    progress: выполнено\n"
     "    date: 2025-01-01\n", "data/reports/2024-08-27-sekciya/smolensk.yml: папка отчётов называется так же, как "
     "заседание с резолюцией, а резолюции 2024-08-27-sekciya нет; возможно, папка должна называться "
     "2024-08-27-sekciya-omo"),
    (f"{FOLDER}/smolensk.yml", "items:\n  rmo-1:\n    progress: сделано\n    date: 2025-01-01\n",
     f"{FOLDER}/smolensk.yml:3: items.rmo-1.progress: недопустимое значение «сделано»; допустимые: не начато, "
     "выполняется, выполнено"),
    (f"{FOLDER}/smolensk.yml", "items:\n  rmo-1:\n    progress: выполнено\n",
     f"{FOLDER}/smolensk.yml:2: items.rmo-1.date: обязательное поле не заполнено: Когда сообщено, ГГГГ-ММ-ДД — "
     "впишите значение после «date:»"),
    ("data/reports/smolensk.yml", "items: {}\n", "data/reports/smolensk.yml: отчёт района лежит в папке резолюции: "
     "data/reports/<id заседания>/<id района>.yml"),
])
def test_report_slips(project: Project, path: str, text: str, expected: str) -> None:
    project.write(path, text)
    assert problems(project) == [expected]


def test_a_neighbours_report_copied_and_not_changed_is_refused(project: Project) -> None:
    """A head of a district copied Вяземский's file as her own: the site published Вяземский's reporter, text
    and links as her district's report, without a word."""
    copied = (project.root / FOLDER / "vyazemskiy.yml").read_text(encoding="utf-8")
    project.write(f"{FOLDER}/smolensk.yml", copied)
    assert problems(project) == [
        f"{FOLDER}/smolensk.yml:1: reporter: здесь назван другой район — «Вяземский»: если файл скопирован из его "
        "отчёта, впишите РМО своего района и его отчёт; если это отчёт района «Вяземский», назовите файл "
        "vyazemskiy.yml"]
    # The reporter of one's own district passes, in any case and with «ё»; so does one that names no district.
    for reporter in ("РМО города Смоленска", "рмо ГОРОДА смоленска", "РМО школьных библиотекарей",
                     "РМО школьных библиотекарей г. Смоленска Смоленской области"):
        project.write(f"{FOLDER}/smolensk.yml", copied.replace("РМО школьных библиотекарей Вяземского округа",
                                                               reporter))
        assert problems(project) == [], reporter


def test_a_reporter_naming_its_town_and_the_region_is_no_other_districts(project: Project) -> None:
    """«Смоленской области» is every district's region, not the city's district."""
    project.write(f"{FOLDER}/vyazemskiy.yml", "reporter: РМО г. Вязьмы Смоленской области\nitems:\n  rmo-1:\n"
                                              "    progress: выполнено\n    date: 2025-01-01\n")
    assert problems(project) == []


def test_two_districts_with_one_reporter_word_for_word_are_refused_at_the_copy(project: Project) -> None:
    project.write("data/municipalities.yml", (project.root / "data/municipalities.yml").read_text(encoding="utf-8")
                  + "- id: smolenskiy\n  name: Смоленский муниципальный округ\n  kind: муниципальный округ\n")
    report = "reporter: РМО Смоленского округа\nitems:\n  rmo-1:\n    progress: выполнено\n    date: 2025-01-01\n"
    project.write(f"{FOLDER}/smolenskiy.yml", report)
    project.write(f"{FOLDER}/smolensk.yml", report)  # «Смоленск» is in both names: one is told, naming the other
    assert problems(project) == [
        f"{FOLDER}/smolenskiy.yml:1: reporter: так же назван, кто отчитывается, в отчёте района «город Смоленск» "
        f"({FOLDER}/smolensk.yml): если файл скопирован, впишите РМО своего района и его отчёт"]


@pytest.mark.parametrize(("name", "meant"), [("Вязьма", "vyazemskiy"), ("vyazma", "vyazemskiy"),
                                            ("Хиславичи", "hislavichskiy"), ("Smolensk", "smolensk")])
def test_a_report_named_after_its_town_is_told_the_districts_id_at_once(project: Project, name: str,
                                                                        meant: str) -> None:
    """«Вязьма.yml» was told to become vyazma.yml, and vyazma.yml then to become vyazemskiy.yml: two rounds."""
    project.write(f"{FOLDER}/{name}.yml", "items:\n  rmo-1:\n    progress: выполнено\n    date: 2025-01-01\n")
    assert problems(project) == [f"{FOLDER}/{name}.yml: файл отчёта называется id муниципального образования, а "
                                 f"«{name}» такого нет; возможно, файл должен называться {meant}.yml"]


def test_field_error_in_a_report_hides_no_other_report_error(project: Project) -> None:
    project.write(f"{FOLDER}/smolensk.yml", "items:\n  rmo-1:\n    progress: сделано\n    date: 2025-01-01\n")
    project.write(f"{FOLDER}/smolenks.yml", "items:\n  rmo-1:\n    progress: выполнено\n    date: 2025-01-01\n")
    assert [p.split(":")[0] for p in problems(project)] == [f"{FOLDER}/smolenks.yml", f"{FOLDER}/smolensk.yml"]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("email", "ivanova at mail", "адрес почты записывается как name@example.ru, а не «ivanova at mail»"),
    ("phone", "звонить секретарю", "телефон записывается цифрами, например +7 4812 00-00-00, а не «звонить "
                                   "секретарю»"),
])
def test_coordinator_contacts_are_checked(project: Project, field: str, value: str, message: str) -> None:
    text = project.root.joinpath("data/municipalities.yml").read_text(encoding="utf-8")
    old = {"email": "email: omo@vyazma.example.ru", "phone": "phone: +7 48131 0-00-00"}[field]
    project.write("data/municipalities.yml", text.replace(old, f"{field}: {value}"))
    (found,) = problems(project)
    assert found.endswith(f"coordinator.{field}: {message}"), found


def test_a_wrong_field_in_a_resolution_hides_no_report_error(project: Project) -> None:
    # A wrong date in the resolution's first item: its items still have their places (ribc-2 stays ribc-2),
    # so the districts' reports are checked against them, and its other audiences too.
    directive = project.root / "data/directives/2024-08-27-sekciya-omo.yml"
    directive.write_text(directive.read_text(encoding="utf-8").replace("due: 2025-05-31", "due: 31.05.2025")
                         + "  partner:\n    - наладить связи\n", encoding="utf-8")
    project.write(f"{FOLDER}/vyazemskiy.yml", "items:\n  rmo-9:\n    progress: выполнено\n    date: 2025-01-01\n")
    project.write(f"{FOLDER}/vyazma.yml", "items:\n  rmo-1:\n    progress: выполнено\n    date: 2025-01-01\n")
    found = problems(project)
    assert [p.split(": ")[0] for p in found] == [
        "data/directives/2024-08-27-sekciya-omo.yml:6",
        "data/directives/2024-08-27-sekciya-omo.yml:11",
        f"{FOLDER}/vyazemskiy.yml:2",
        f"{FOLDER}/vyazma.yml",
    ], found
    assert "items.ribc[2].due" in found[0]
    assert "нет адресата с id «partner»" in found[1]
    assert "в резолюции нет пункта «rmo-9»" in found[2]
    assert "а «vyazma» такого нет; возможно, файл должен называться vyazemskiy.yml" in found[3]


def test_a_wrong_field_in_a_program_item_hides_no_wrong_reference_in_it(project: Project) -> None:
    meeting = project.root / "data/meetings/2024-08-27-sekciya-omo.yml"
    text = meeting.read_text(encoding="utf-8")
    text = text.replace("  - time: 10:00\n", '  - time: "25:00"\n    practice: vystavk\n', 1)
    meeting.write_text(text.replace("municipality: hislavichskiy", "municipality: hislavichsky"), encoding="utf-8")
    found = problems(project)
    assert [p.split(": ")[1] for p in found] == ["program[1].time", "program[1].practice",
                                                 "program[1].speakers[1].municipality"], found


def test_a_wrong_date_of_the_meeting_hides_no_report_error(project: Project) -> None:
    meeting = project.root / "data/meetings/2024-08-27-sekciya-omo.yml"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("date: 2024-08-27", "date: 27.08.2024"),
                       encoding="utf-8")
    project.write(f"{FOLDER}/vyazemskiy.yml", "items:\n  rmo-9:\n    progress: выполнено\n    date: 2025-01-01\n")
    found = problems(project)
    assert [p.split(": ")[1] for p in found] == ["date", "items.rmo-9"], found


def test_items_of_an_audience_not_written_as_a_list_are_not_guessed(project: Project) -> None:
    directive = project.root / "data/directives/2024-08-27-sekciya-omo.yml"
    text = directive.read_text(encoding="utf-8")
    directive.write_text(text[:text.index("  rmo:")] + "  rmo:\n    text: пункт\n    due: 31.05.2025\n",
                         encoding="utf-8")
    project.write(f"{FOLDER}/vyazemskiy.yml", "items:\n  rmo-5:\n    progress: выполнено\n    date: 2025-01-01\n")
    found = problems(project)
    assert [p.split(": ")[1] for p in found] == ["items.rmo"], found  # no word on rmo-5: the items are not known
