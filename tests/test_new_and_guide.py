"""`new` never publishes placeholders, asks well, and the editors' guide works as written."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import REPO, TODAY_EPOCH, Project, copy_example, main_text

from generator.core.build import load_site
from generator.core.project import project_paths
from generator.editors.new import create_entry, vocabularies
from generator.editors.new_fields import AnswerError, ask_missing, questions
from generator.pages.guide_tables import fill_markers, vocabulary_tables

GUIDE = REPO / "content" / "editors"
ENV = os.environ | {"SOURCE_DATE_EPOCH": TODAY_EPOCH, "NO_MKDOCS_2_WARNING": "1"}


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=root, env=ENV, capture_output=True,
                          text=True, encoding="utf-8", stdin=subprocess.DEVNULL, check=False)


def guide_blocks() -> list[tuple[str, str, str]]:
    """(page, the text line before the block, the block's text) of every fenced block of the guide's pages."""
    blocks = []
    for page in sorted(GUIDE.glob("*.md")):
        before, body, inside = "", [], False
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.startswith("```"):
                if inside:
                    blocks.append((page.name, before, "\n".join(body) + "\n"))
                inside, body = not inside, []
            elif inside:
                body.append(line)
            elif line.strip():
                before = line
    return blocks


def check_problems(root: Path) -> list[dict]:
    result = run(root, "check", "--format", "json")
    return json.loads(result.stdout)["problems"]


# The guide's commands ----------------------------------------------------------------

def test_guide_new_commands_run_and_name_every_field_to_fill(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    commands = [line for _, _, body in guide_blocks() for line in body.splitlines()
                if line.startswith("python -m generator new ")]
    assert len(commands) >= 3
    created: dict[str, str] = {}
    for command in commands:
        args = re.findall(r'"[^"]*"|\S+', command.removeprefix("python -m generator "))
        result = run(root, *[arg.strip('"') for arg in args])
        assert result.returncode == 0, (command, result.stderr)
        name = re.search(r"Создан файл (\S+)", result.stdout)[1]
        created[name] = result.stdout
    # What `new` lists is exactly what the check reports for the new files: nothing else is wrong with them.
    problems = check_problems(root)
    assert {p["file"] for p in problems} <= set(created)
    for problem in problems:
        assert problem["text"] in created[problem["file"]], problem
    practice = next(name for name in created if name.startswith("data/practices/"))
    fields = {p["field"] for p in problems if p["file"] == practice}
    assert fields == {"organization", "municipality", "themes", "date", "description"}
    text = (root / practice).read_text(encoding="utf-8")
    assert "(заполнить)" not in text and "smolensk" not in text and "patriotic]" not in text


def test_filled_in_entries_pass_the_check(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    assert run(root, "new", "practice", "--title", "Выставка «Память»").returncode == 0
    practice = root / "data/practices/vystavka-pamyat.yml"
    text = practice.read_text(encoding="utf-8")
    for field, value in (("organization", "МБОУ «СШ № 1»"), ("municipality", "vyazemskiy"),
                         ("date", "2025-02-15")):
        text = re.sub(rf"(?m)^{field}: +#", f"{field}: {value}  #", text)
    text = text.replace("themes: []", "themes: [patriotic]").replace("description: |  # описание, можно Markdown "
                                                                     "(обязательно)\n  \n",
                                                                     "description: |\n  Что сделали.\n")
    practice.write_text(text, encoding="utf-8")
    assert run(root, "new", "story", "--title", "Итоги", "--date", "2025-03-01").returncode == 0
    story = root / "content/stories/2025-03-01-itogi.md"
    # The template's optional fields, uncommented as it says, with their examples.
    text = story.read_text(encoding="utf-8")
    assert "# summary: " in text
    story.write_text(text.replace("# summary: ", "summary: ").replace("# draft: ", "draft: ") + "Текст новости.\n",
                     encoding="utf-8")
    result = run(root, "check")
    assert result.returncode == 0, result.stdout
    assert "Ошибок не найдено." in result.stdout


def test_guide_templates_pass_the_check(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    templates = [(page, body) for page, before, body in guide_blocks() if "заготовк" in before.lower()]
    assert templates, "the guide shows a template to paste"
    for number, (_page, body) in enumerate(templates, start=1):
        data = yaml.safe_load(body)
        folder = "practices" if "organization" in data else "meetings" if "kind" in data else "directives"
        (root / "data" / folder / f"zagotovka-{number}.yml").write_text(body, encoding="utf-8")
    result = run(root, "check")
    assert result.returncode == 0, result.stdout


# Values given on the command line or typed ---------------------------------------------

def test_new_reads_russian_names_and_numbers_and_refuses_what_does_not_exist(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    paths = project_paths(root)
    entry = create_entry(paths, "practice", {"title": "Акция «Книга»", "municipality": "Вяземский",
                                             "themes": "patriotic, Продвижение книги и чтения", "form": "акция"})
    text = entry.path.read_text(encoding="utf-8")
    assert "municipality: vyazemskiy" in text and "themes: [patriotic, reading]" in text and "form: акция" in text
    with pytest.raises(Exception, match="--municipality: нет такого варианта: «Вязма». Может быть, «Вязьма»?|"
                                        "--municipality: нет такого варианта: «Вязма»"):
        create_entry(paths, "practice", {"title": "Другая", "municipality": "Вязма"})
    result = run(root, "new", "meeting", "--title", "Семинар", "--date", "1.09.2025")
    assert result.returncode == 1 and "--date: дата записывается как ГГГГ-ММ-ДД, например 2025-09-01" in result.stderr
    result = run(root, "new", "meeting", "--title", "Семинар", "--kind-of-meeting", "лекция")
    assert result.returncode == 1 and "варианты: заседание, секция, семинар, вебинар, конференция" in result.stderr
    assert not list((root / "data/meetings").glob("*seminar*"))


def test_interactive_answers_are_checked_as_typed(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    choices = vocabularies(project_paths(root))
    answers = iter(["", "Квиз «Смоленские писатели»", "МБОУ «СШ № 7»", "Ярцевский", "abc", "2, Ценностные ориентиры",
                    "7", "31.02.2025", "2025-03-01", "", "Описание квиза."])
    said: list[str] = []
    values = ask_missing("practice", {}, choices, lambda prompt: said.append(prompt) or next(answers), said.append)
    assert values == {"title": "Квиз «Смоленские писатели»", "organization": "МБОУ «СШ № 7»",
                      "municipality": "yarcevskiy", "themes": "local-history, values", "form": "квиз",
                      "date": "2025-03-01", "description": "Описание квиза."}
    assert "Это поле нужно, чтобы назвать файл: впишите его" in said
    assert any(line.startswith("Не подходит: нет такого варианта: «abc»") for line in said)
    assert any(line.startswith("Не подходит: дата записывается как ГГГГ-ММ-ДД") for line in said)
    assert any(re.fullmatch(r" +\d+\. Ярцевский муниципальный округ \(yarcevskiy\)", line) for line in said)
    assert "Оставлено пустым: заполните потом в файле" in said  # the summary, skipped
    assert [q.name for q in questions("practice", choices)][:3] == ["title", "organization", "municipality"]
    with pytest.raises(AnswerError):
        questions("meeting", choices)[4].read("25:00")


def test_new_asks_at_a_terminal(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "generator", "new", "story"], cwd=root, env=ENV,
                               stdin=terminal, stdout=terminal, stderr=terminal)
    os.close(terminal)
    output = b""
    answers = [b"\xd0\x98\xd1\x82\xd0\xbe\xd0\xb3\xd0\xb8\n", b"2025-13-01\n", b"2025-03-01\n", b"\n"]  # «Итоги»
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([controller], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(controller, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
            if output.rstrip().endswith(b":") and answers:
                os.write(controller, answers.pop(0))
        elif process.poll() is not None:
            break
    process.wait(timeout=30)
    os.close(controller)
    shown = output.decode("utf-8", errors="replace")
    assert process.returncode == 0, shown
    assert "Не подходит: такой даты нет в календаре: 2025-13-01" in shown
    assert (root / "content/stories/2025-03-01-itogi.md").is_file()


# Samples ----------------------------------------------------------------------------

def test_a_copied_sample_is_warned_about_not_refused(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    assert "Предупреждение" not in run(root, "check").stderr  # the samples themselves are listed
    sample = (root / "data/practices/vystavka-pamyat-pokoleniy.yml").read_text(encoding="utf-8")
    (root / "data/practices/vystavka-pobeda.yml").write_text(sample, encoding="utf-8")
    result = run(root, "check")
    assert result.returncode == 0, result.stdout
    line = next(n for n, text in enumerate(sample.splitlines(), 1) if text.startswith("example:"))
    assert (f"Предупреждение: data/practices/vystavka-pobeda.yml:{line}: example: запись помечена как образец "
            "оформления (example: true), а в списке образцов data/examples.yml её нет") in result.stderr
    assert "удалите строку example: true" in result.stderr and "Ошибок не найдено." in result.stdout
    report = json.loads(run(root, "check", "--format", "json").stdout)
    assert report["ok"] and [w["file"] for w in report["warnings"]] == ["data/practices/vystavka-pobeda.yml"]


# The guide's vocabulary tables ------------------------------------------------------------

def test_municipality_table_is_made_from_the_vocabulary() -> None:
    site = load_site(REPO, REPO / "data", REPO / "content")
    page = (GUIDE / "vocabularies.md").read_text(encoding="utf-8")
    assert "<!-- omo:municipalities -->" in page and "<!-- omo:themes -->" in page
    filled = fill_markers(page, vocabulary_tables(site))
    ids = [m["id"] for m in yaml.safe_load((REPO / "data/municipalities.yml").read_text(encoding="utf-8"))]
    assert len(ids) == 27
    for municipality in site.municipalities.values():
        assert f"<tr><td><code>{municipality.id}</code></td><td>{municipality.data.name}</td>" in filled
    assert "omo:" not in filled
    assert fill_markers("<!-- omo:unknown -->", {}) == "<!-- omo:unknown -->"
    # Shown as an example inside code, a marker stays as written.
    example = "Вставьте строку:\n\n```\n<!-- omo:themes -->\n```\n\n<!-- omo:themes -->\n"
    shown, table = fill_markers(example, {"themes": "<table></table>"}).split("```\n\n")
    assert "<!-- omo:themes -->" in shown and table == "<table></table>\n"


def test_guide_page_shows_every_municipality(example: Project) -> None:
    text = main_text(example.html("editors/vocabularies"))
    for entry in yaml.safe_load((REPO / "data/municipalities.yml").read_text(encoding="utf-8")):
        assert f"{entry['id']} {entry['name']}" in text
    assert "omo:municipalities" not in (example.root / "site/editors/vocabularies/index.html").read_text("utf-8")


def test_text_in_another_encoding_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    """A Windows terminal in cp1251 passes «Привет» as bytes that are not UTF-8: a Russian message, no empty file."""
    root = copy_example(tmp_path)
    before = sorted((root / "content" / "stories").iterdir())
    result = subprocess.run([sys.executable, "-m", "generator", "new", "story", "--title",
                             b"Test \xcf\xf0\xe8\xe2\xe5\xf2", "--date", "2024-08-29"], cwd=root,
                            capture_output=True, text=True, encoding="utf-8", errors="replace", check=False)
    assert result.returncode != 0
    assert "title: текст пришёл не в кодировке UTF-8" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert sorted((root / "content" / "stories").iterdir()) == before


def test_a_bad_value_is_named_by_its_field(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    result = run(root, "new", "practice", "--title", "Клуб чтения", "--summary", "а\u2028б")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "файл не создан: summary: " in output and "U+2028" in output, output
    assert not (root / "data" / "practices" / "klub-chteniya.yml").exists()


def test_a_misspelt_field_is_matched_against_its_own_records_fields(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    (root / "data" / "examples.yml").write_text("practice: [x]\nexampl: true\n", encoding="utf-8")
    practice = root / "data" / "practices" / "vystavka-pamyat-pokoleniy.yml"
    practice.write_text(practice.read_text(encoding="utf-8").replace("summary:", "sumary:", 1), encoding="utf-8")
    messages = {(p["file"], p["field"]): p["message"] for p in check_problems(root)}
    assert messages[("data/examples.yml", "practice")] == "неизвестное поле: может быть, practices?"
    assert messages[("data/examples.yml", "exampl")] == "неизвестное поле: удалите его или проверьте написание"
    assert messages[("data/practices/vystavka-pamyat-pokoleniy.yml", "sumary")] == \
        "неизвестное поле: может быть, summary?"


def test_references_in_lists_with_empty_items_point_at_the_written_item(tmp_path: Path) -> None:
    """Empty items are left out before the check, but errors count items and lines as they are in the file."""
    root = copy_example(tmp_path)
    practice = root / "data" / "practices" / "vystavka-pamyat-pokoleniy.yml"
    text = practice.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^themes:.*\n(?:  - .*\n)*", 'themes:\n  - ""\n  - ""\n  - patriotic\n  - ""\n  - bogus\n',
                  text, count=1)
    practice.write_text(text, encoding="utf-8")
    bogus_line = text.splitlines().index("  - bogus") + 1
    story = root / "content" / "stories" / "2025-03-20-kviz-znatoki.md"
    story_text = re.sub(r"(?m)^themes:.*\n(?:  - .*\n)*", 'themes:\n  - patriotic\n  - ""\n  - patriotic\n',
                        story.read_text(encoding="utf-8"), count=1)
    story.write_text(story_text, encoding="utf-8")
    twice_line = story_text.splitlines().index("  - patriotic", story_text.splitlines().index("themes:") + 2) + 1
    problems = {p["file"]: p for p in check_problems(root)}
    wrong = problems["data/practices/vystavka-pamyat-pokoleniy.yml"]
    assert (wrong["line"], wrong["field"]) == (bogus_line, "themes[5]") and "«bogus»" in wrong["message"]
    doubled = problems["content/stories/2025-03-20-kviz-znatoki.md"]
    assert (doubled["line"], doubled["field"]) == (twice_line, "themes[3]") and "дважды" in doubled["message"]


def test_export_carries_the_guide_tables(tmp_path: Path) -> None:
    """An exported site is built without our plugin: the guide's tables are written into its pages."""
    root = copy_example(tmp_path / "project")
    result = run(root, "export", str(tmp_path / "export"))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "export" / "docs" / "editors" / "vocabularies.md").read_text(encoding="utf-8")
    ids = [m["id"] for m in yaml.safe_load((root / "data" / "municipalities.yml").read_text(encoding="utf-8"))]
    assert all(f"<tr><td><code>{municipality}</code></td>" in page for municipality in ids)
    assert "omo:" not in page


def test_a_story_whose_file_name_and_date_differ_is_warned_about(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    story = root / "content" / "stories" / "2025-03-20-kviz-znatoki.md"
    story.write_text(re.sub(r"(?m)^date: .*$", "date: 2025-03-21T21:30:00Z", story.read_text(encoding="utf-8"),
                            count=1), encoding="utf-8")
    result = run(root, "check", "--format", "json")
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["ok"]
    [warning] = [w for w in report["warnings"] if w["field"] == "date"]
    assert warning["file"] == "content/stories/2025-03-20-kviz-znatoki.md"
    # 21:30 UTC is already the next day in Moscow: the page would say 22 March.
    assert "(2025-03-20) и в поле date (2025-03-22) разные" in warning["message"]


@pytest.mark.parametrize("args", [["new", "practise"], ["new", "--help"], ["new", "practice", "--dat", "x", "--zzz"],
                                  []])
def test_the_command_line_speaks_russian_in_its_help_and_its_errors(tmp_path: Path, args: list[str]) -> None:
    result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=tmp_path, capture_output=True, text=True,
                            encoding="utf-8", check=False, env={**os.environ, "LANG": "C.UTF-8"})
    output = result.stdout + result.stderr
    english = [word for word in ("usage:", "error:", "invalid choice", "options:", "positional arguments",
                                 "show this help", "required:", "unrecognized") if word in output]
    assert english == [], output
    assert re.search("[а-яё]", output)
