"""Editors' workflow: new entries, schemas, live preview, CI recipes, pre-commit, export."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO, TODAY_EPOCH, Project, main_text, make_project

from generator.core import model
from generator.core.load import Story, load_content
from generator.core.project import project_paths
from generator.core.schema import SCHEMAS, editor_settings, outdated_schemas, schema_of
from generator.editors.new import NewEntryError, create_entry, vocabularies
from generator.editors.new_fields import ask_missing


def generator(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"SOURCE_DATE_EPOCH": TODAY_EPOCH}
    return subprocess.run([sys.executable, "-m", "generator", *args, "--project", str(project.root)], env=env,
                          capture_output=True, text=True, encoding="utf-8", stdin=subprocess.DEVNULL, check=False)


# new ------------------------------------------------------------------------------

def test_new_practice_with_only_a_title_is_not_published(project: Project) -> None:
    result = generator(project, "new", "practice", "--title", "Библиотечный урок «Книга и война»")
    assert result.returncode == 0, result.stderr
    path = project.root / "data/practices/bibliotechnyy-urok-kniga-i-voyna.yml"
    name = path.relative_to(project.root).as_posix()
    assert f"Создан файл {name}" in result.stdout
    for field in ("organization", "municipality", "themes", "date", "description"):
        assert re.search(rf"^  {re.escape(name)}:\d+: {field}: ", result.stdout, re.MULTILINE), field
    build = project.build()
    assert build.returncode != 0 and f"{name}:" in build.stderr
    assert not (project.root / "site/practices/bibliotechnyy-urok-kniga-i-voyna").exists()


def test_new_files_name_every_field_and_refuse_to_overwrite(project: Project) -> None:
    kinds = {"meeting": ("data/meetings/2025-08-26-sekciya-omo.yml", model.Meeting),
             "story": ("content/stories/2025-08-26-sekciya-omo.md", model.StoryMeta)}
    for kind, (relative, cls) in kinds.items():
        result = generator(project, "new", kind, "--title", "Секция ОМО", "--date", "2025-08-26")
        assert result.returncode == 0, result.stderr
        text = (project.root / relative).read_text(encoding="utf-8")
        ignored = {"description", "hide", "example"} if cls is model.StoryMeta else set()
        for name in set(cls.model_fields) - ignored:
            assert f"{name}:" in text, (kind, name)
        again = generator(project, "new", kind, "--title", "Секция ОМО", "--date", "2025-08-26")
        assert again.returncode == 1 and f"запись уже есть: {relative}" in again.stderr
    story = project.root / kinds["story"][0]
    assert "текст новости не написан" in generator(project, "check").stdout  # a story is not published empty
    story.write_text(story.read_text(encoding="utf-8") + "Текст новости.\n", encoding="utf-8")
    assert generator(project, "check").returncode == 0


def test_new_asks_for_missing_fields_when_interactive(project: Project) -> None:
    answers = iter(["Квиз «Смоленские писатели»", "МБОУ «СШ № 7»", "vyazemskiy", "local-history, patriotic", "", "",
                    "", ""])
    paths = project_paths(project.root)
    choices = vocabularies(paths)
    values = ask_missing("practice", {"date": "2025-03-01"}, choices, lambda prompt: next(answers), lambda line: None)
    entry = create_entry(paths, "practice", values, choices)
    assert entry.path.name == "kviz-smolenskie-pisateli.yml"
    assert [p.field for p in entry.to_fill] == ["description"]
    text = entry.path.read_text(encoding="utf-8")
    assert 'organization: "МБОУ «СШ № 7»"' in text and "themes: [local-history, patriotic]" in text


def test_new_refuses_invalid_values_and_writes_nothing(project: Project) -> None:
    with pytest.raises(NewEntryError, match="--municipality: нет такого варианта: «vyazma»"):
        create_entry(project_paths(project.root), "practice",
                     {"title": "Акция", "municipality": "vyazma", "date": "2025-03-01"})
    assert not (project.root / "data/practices/akciya.yml").exists()
    with pytest.raises(NewEntryError, match="дата записывается как ГГГГ-ММ-ДД"):
        create_entry(project_paths(project.root), "meeting", {"title": "Семинар", "date": "1.09.2025"})


# schemas --------------------------------------------------------------------------------

def test_committed_schemas_are_current() -> None:
    assert outdated_schemas(REPO) == []
    assert generator(Project(REPO), "schema", "--check").returncode == 0


def plain(value: object) -> object:
    """YAML as read by editors' tools: mappings, lists and text."""
    return json.loads(json.dumps(value, default=str))


def test_example_content_validates_against_the_schemas() -> None:
    content = load_content(REPO, REPO / "data", REPO / "content")
    assert content.problems == []
    by_schema = {
        "meeting.schema.json": content.meetings, "directive.schema.json": content.directives,
        "practice.schema.json": content.practices, "story.schema.json": content.stories,
    }
    for name, entries in by_schema.items():
        assert entries, name
        for entry in entries:
            jsonschema.validate(plain(entry.raw), schema_of(name))
    for name in ("audiences", "municipalities", "themes"):
        whole_file = getattr(content, name)[0].doc.data
        jsonschema.validate(plain(whole_file), schema_of(f"{name}.schema.json"))
    assert all(isinstance(s, Story) for s in content.stories)


def test_schemas_reject_what_the_check_rejects() -> None:
    schema = schema_of("practice.schema.json")
    good = {"title": "К", "organization": "Ш", "municipality": "smolensk", "themes": ["reading"],
            "date": "2025-01-01", "description": "Д"}
    jsonschema.validate(good, schema)
    for bad in ({**good, "descripton": "Д"}, {**good, "form": "экскурсия"}, {**good, "date": "27.08.2024"},
                {k: v for k, v in good.items() if k != "title"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)
    directive = schema_of("directive.schema.json")
    jsonschema.validate({"items": {"ribc": ["пункт", {"text": "пункт", "progress": "выполнено"}]}}, directive)


def test_editor_settings_map_every_data_schema() -> None:
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == editor_settings()["yaml.schemas"]
    for schema_file in settings["yaml.schemas"]:
        assert (REPO / schema_file).is_file()
    assert len(settings["yaml.schemas"]) == len([s for s in SCHEMAS.values() if s[1].endswith(".yml")])


# CI recipes and pre-commit ------------------------------------------------------------------

@pytest.mark.parametrize(("path", "schema"), [(".github/workflows/site.yml", "vendor.github-workflows"),
                                              (".gitlab-ci.yml", "vendor.gitlab-ci")])
def test_ci_files_validate_against_their_schemas(path: str, schema: str) -> None:
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(REPO / path)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    text = (REPO / path).read_text(encoding="utf-8")
    assert "python -m generator check" in text and "mkdocs build --strict" in text
    assert "pip install -e ." in text


def test_pre_commit_hook_runs_the_check(project: Project) -> None:
    shutil.copy(REPO / ".pre-commit-config.yaml", project.root)
    git = ["git", "-c", "user.name=Редактор", "-c", "user.email=editor@example.org"]
    # The hook runs `python` as an editor's activated environment has it.
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    env = os.environ | {"PRE_COMMIT_HOME": str(project.root / ".cache"), "PATH": path}
    subprocess.run([*git, "init", "-q"], cwd=project.root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project.root, check=True)
    clean = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=project.root, env=env,
                           capture_output=True, text=True, check=False)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    project.write("data/meetings/2025-09-10-zasedanie.yml", "title: З\ndate: 2025-09-31\n")
    subprocess.run([*git, "add", "-A"], cwd=project.root, check=True)
    broken = subprocess.run([sys.executable, "-m", "pre_commit", "run"], cwd=project.root, env=env,
                            capture_output=True, text=True, check=False)
    assert broken.returncode == 1
    assert "data/meetings/2025-09-10-zasedanie.yml:2: date: такой даты нет в календаре" in broken.stdout


def test_makefile_publishes_with_rsync() -> None:
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "rsync" in text and "--delete" in text and "mkdocs build --strict" in text


# export -----------------------------------------------------------------------------------

def test_export_builds_with_plain_mkdocs_into_the_same_pages(project: Project, tmp_path: Path) -> None:
    assert project.build().returncode == 0
    target = tmp_path / "export"
    result = generator(project, "export", str(target))
    assert result.returncode == 0, result.stderr
    settings = (target / "mkdocs.yml").read_text(encoding="utf-8")
    assert "omo" not in settings.split("plugins:")[1].split("markdown_extensions:")[0]
    exported = Project(target)
    built = exported.build()
    assert built.returncode == 0, built.stderr

    def pages(root: Path) -> dict[str, str]:
        return {p.relative_to(root).as_posix(): main_text(Project(root.parent).html(
                    p.parent.relative_to(root).as_posix())) for p in root.rglob("index.html")}

    assert pages(project.root / "site") == pages(target / "site")
    for name in ("feed.xml", "meetings.ics"):
        assert (target / "site" / name).read_bytes() == (project.root / "site" / name).read_bytes()
    assert not (target / "docs/stories/2025-04-01-chernovik.md").exists()


# live preview ----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (127.0.0.1 only)
        return response.read().decode("utf-8")


def wait_for(url: str, text: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    page = ""
    while time.monotonic() < deadline:
        try:
            page = fetch(url)
            if text in " ".join(page.replace("&nbsp;", " ").split()):  # as read: no-break spaces are spaces
                return page
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"«{text}» did not appear at {url}")


def start_serve(project: Project, *args: str) -> tuple[subprocess.Popen[str], str, list[str]]:
    """`mkdocs serve` in the background, building into the project's tmp/; output lines are collected."""
    port = free_port()
    (project.root / "tmp").mkdir(exist_ok=True)
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(project.root / "tmp")}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *args],
                              cwd=project.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    threading.Thread(target=lambda: output.extend(iter(server.stdout.readline, "")), daemon=True).start()
    return server, f"http://127.0.0.1:{port}/", output


def test_serve_dirty_renders_again_only_changed_pages(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    server, base, _ = start_serve(project, "--dirty")
    try:
        wait_for(base + "meetings/2025-09-10-zasedanie/", "Заседание ОМО")
        (site,) = (project.root / "tmp").glob("mkdocs_*")
        untouched = site / "practices/kviz/index.html"
        before = untouched.stat().st_mtime_ns
        project.write("data/meetings/2025-09-10-zasedanie.yml", "title: Заседание после правки\ndate: 2025-09-10\n")
        wait_for(base + "meetings/2025-09-10-zasedanie/", "Заседание после правки")
        # The meeting's own page first, the listings that show it by the next rebuild, asked for at once.
        wait_for(base + "meetings/", "Заседание после правки", seconds=15)
        assert untouched.stat().st_mtime_ns == before
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_serve_rebuilds_on_data_edits_and_survives_errors(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    port = free_port()
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=project.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/meetings/2025-09-10-zasedanie/"
    try:
        wait_for(url, "Заседание ОМО")
        path = "data/meetings/2025-09-10-zasedanie.yml"
        project.write(path, "title: Заседание после правки\ndate: 2025-09-10\n")
        wait_for(url, "Заседание после правки")
        project.write(path, "title: Сломанное заседание\ndate: 2025-09-31\n")
        # The rebuild fails: the page says what to fix instead of showing the stale version.
        shown = wait_for(url, "Ошибки в материалах сайта")
        shown = " ".join(shown.replace("&nbsp;", " ").split())
        assert "такой даты нет в календаре: 2025-09-31" in shown and "Заседание после правки" not in shown
        project.write(path, "title: Исправленное заседание\ndate: 2025-09-10\n")
        wait_for(url, "Исправленное заседание")
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert f"{path}:2: date: такой даты нет в календаре: 2025-09-31" in output
