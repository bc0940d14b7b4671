"""The browser editor /admin/ (Decap CMS): its forms follow the models, its ids follow `omo new`, and an editor
who drives it in Chromium saves files that pass the check and publish as they should."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from browser import browser_page, serve
from bs4 import BeautifulSoup
from conftest import REPO, TODAY_EPOCH, main_text
from test_readers import axe_violations, require_axe

from generator.core import model
from generator.core.build import load_site
from generator.core.slugs import make_id
from generator.core.yamlio import parse_yaml
from generator.outputs.admin import browser_rules, taken_digest, wants_editor
from generator.outputs.decap import (
    COLLECTIONS,
    HIDDEN_FIELDS,
    NOT_IN_FORMS,
    REFERENCES,
    AdminSettingsError,
    admin_settings,
    backend_config,
    choices_from,
    decap_config,
)

DECAP_SERVER = REPO / "node_modules" / ".bin" / "decap-server"
NODE = shutil.which("node")
SCREENSHOTS = REPO / "content" / "images" / "editors"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def require_decap() -> None:
    """Skip without Node or an installed Decap CMS on a developer's machine; in CI that is a failure."""
    if not (NODE and DECAP_SERVER.exists() and (REPO / "node_modules" / "decap-cms" / "dist").is_dir()):
        if os.environ.get("CI"):
            pytest.fail("Node or Decap CMS is not installed: .ci/run must run npm install")
        pytest.skip("Node or Decap CMS is not installed (npm install)")


@pytest.fixture(scope="module")
def site():
    return load_site(REPO, REPO / "data", REPO / "content")


@pytest.fixture(scope="module")
def config(site) -> dict:
    return decap_config(admin_settings({"repo": "omo/site", "app_id": "abc"}), choices_from(site),
                        "https://omo.test/")


def _fields(config: dict, collection: str) -> dict[str, dict]:
    found = next(c for c in config["collections"] if c["name"] == collection)
    return {field["name"]: field for field in found["fields"]}


# The forms follow the models ---------------------------------------------------------------------------------

@pytest.mark.parametrize("collection", [name for name in COLLECTIONS if name != "directives"])
def test_every_model_field_is_a_form_field_required_as_in_the_model(config: dict, collection: str) -> None:
    cls = COLLECTIONS[collection][0]
    fields = _fields(config, collection)
    expected = set(cls.model_fields) - HIDDEN_FIELDS.get(collection, set()) - NOT_IN_FORMS
    assert expected <= set(fields)
    for name in expected:
        assert fields[name]["required"] == cls.model_fields[name].is_required(), name
        assert fields[name]["label"] and not fields[name]["label"].isascii(), name  # a Russian label


def test_nested_fields_and_widgets_follow_their_types(config: dict) -> None:
    meeting = _fields(config, "meetings")
    assert meeting["date"] | {"widget": "datetime", "date_format": "YYYY-MM-DD", "time_format": False,
                              "picker_utc": False} == meeting["date"]
    # «Сведения уточняются» is a choice of the meeting's own fields: shown by their labels, written by their names.
    assert {o["value"]: o["label"] for o in meeting["unconfirmed"]["options"]} == {
        name: meeting[name]["label"] for name in model.UnconfirmedField.__args__}
    assert meeting["unconfirmed"]["options"][0] == {"label": "Дата", "value": "date"}
    # A new resolution starts with no item: Decap would start each audience's list with an empty one.
    assert all(audience["default"] == [] for audience in _fields(config, "directives")["items"]["fields"])
    assert meeting["time"]["widget"] == "string" and re.match(meeting["time"]["pattern"][0], "09:30")
    assert not re.match(meeting["time"]["pattern"][0], "25:00")
    assert [o["value"] for o in meeting["kind"]["options"]] == list(model.MeetingKind.__args__)
    program = {f["name"]: f for f in meeting["program"]["fields"]}
    assert set(program) == set(model.ProgramItem.model_fields) and program["title"]["required"]
    speaker = {f["name"]: f for f in program["speakers"]["fields"]}
    assert set(speaker) == set(model.Person.model_fields) - NOT_IN_FORMS and speaker["consent"]["default"] is True
    material = {f["name"]: f for f in meeting["materials"]["fields"]}
    assert material["file"]["widget"] == "file" and material["file"]["media_library"] == {"allow_multiple": False}
    assert material["file"]["hint"].startswith("Можно загрузить PDF, DOCX")
    online = meeting["online"]["pattern"][0]
    assert re.match(online, "https://vk.com/omo") and not re.match(online, "javascript:alert(1)")
    assert re.match(online, "https://ru.wikipedia.org/wiki/X_(Y)") and not re.match(online, "https://vk.com/omo.")
    story = _fields(config, "stories")
    assert story["draft"]["default"] is True and story["body"]["widget"] == "markdown"
    # No main heading in the toolbars: the page's title is one, and the check refuses a line «# …» in a text.
    assert "heading-two" in story["body"]["buttons"] and "heading-one" not in story["body"]["buttons"]
    assert "heading-one" not in _fields(config, "practices")["description"]["buttons"]
    practice = _fields(config, "practices")
    assert practice["cover"]["widget"] == "image" and practice["cover"]["media_folder"] == "/content/images/practices"
    assert practice["form"]["default"] == "другое"


def test_choices_are_the_vocabulary_ids(config: dict, site) -> None:
    vocabularies = {"municipalities": site.municipalities, "themes": site.themes, "meetings": site.meetings,
                    "practices": site.practices}

    def check(fields: list[dict]) -> int:
        seen = 0
        for field in fields:
            if field["name"] in REFERENCES:
                assert field["widget"] == "select"
                assert {o["value"] for o in field["options"]} == set(vocabularies[REFERENCES[field["name"]]])
                seen += 1
            seen += check(field.get("fields", []))
        return seen

    assert sum(check(c["fields"]) for c in config["collections"]) >= 8
    municipality = _fields(config, "practices")["municipality"]
    assert {"label": "Вяземский муниципальный округ", "value": "vyazemskiy"} in municipality["options"]
    items = _fields(config, "directives")["items"]
    assert [f["name"] for f in items["fields"]] == list(site.audiences)
    assert {f["name"] for f in items["fields"][0]["fields"]} == set(model.DirectiveItem.model_fields)


def test_settings_are_checked_in_russian() -> None:
    with pytest.raises(AdminSettingsError) as error:
        admin_settings({"backend": "svn", "repo": "нет", "local_port": "80", "colour": 1})
    message = str(error.value)
    for part in ("backend: «svn» не поддерживается", "repo: «нет»", "local_port:", "неизвестная настройка «colour»"):
        assert part in message
    with pytest.raises(AdminSettingsError, match="base_url: для forgejo нужен адрес сервера"):
        admin_settings({"backend": "forgejo"})
    with pytest.raises(AdminSettingsError, match="extra.omo.admin"):
        admin_settings(["gitlab"])


def test_each_backend_logs_in_its_own_way() -> None:
    gitlab = backend_config(admin_settings({"repo": "omo/site", "app_id": "id1"}))
    assert gitlab == {"name": "gitlab", "repo": "omo/site", "branch": "main", "auth_type": "pkce", "app_id": "id1"}
    own = backend_config(admin_settings({"repo": "omo/site", "app_id": "id1", "base_url": "https://git.soiro.ru/"}))
    assert own["base_url"] == "https://git.soiro.ru" and own["api_root"] == "https://git.soiro.ru/api/v4"
    forgejo = backend_config(admin_settings({"backend": "forgejo", "repo": "omo/site", "app_id": "x",
                                             "base_url": "https://codeberg.org"}))
    assert forgejo["auth_endpoint"] == "https://codeberg.org/login/oauth/authorize"
    assert forgejo["api_root"] == "https://codeberg.org/api/v1"
    github = admin_settings({"backend": "github", "repo": "omo/site", "base_url": "https://oauth.omo.test"})
    assert backend_config(github) == {"name": "github", "repo": "omo/site", "branch": "main",
                                      "base_url": "https://oauth.omo.test"}
    gitea = admin_settings({"backend": "gitea", "repo": "omo/site", "base_url": "https://gitea.omo.test"})
    assert "publish_mode" not in decap_config(gitea, choices_from(load_site(REPO, REPO / "data", REPO / "content")),
                                              "https://omo.test/")


# Ids: the browser names new entries as `omo new` does --------------------------------------------------------

TITLES = [
    "Секция ОМО школьных библиотекарей", "Книжно-иллюстрированная выставка «Память поколений»",
    "Квиз «Знатоки родного края» — 2024", "Акция «Подари книгу» № 5", "Ёлка, щука и съезд", "Хиславичи: история",
    "Библиотечный урок 'Пушкин' и café", "ПРОЕКТ   «ЧИТАЕМ ВМЕСТЕ»!!!", "1,5 часа о книгах", "Урок & игра",
    "Українська мова і їжак", "Ελληνικά γράμματα", "—«»—", "   ", "Очень длинное название практики школьной "
    "библиотеки о краеведении, патриотическом воспитании и чтении вслух всей семьёй", "Café &eacute; &#1076;",
    "Мир\u00a0книг\u2009и\u202fчтения", "Курс “Читаем” ‘вместе’ … и т. д.", "й и й (две формы)",
]
_ALPHABET = ("абвгдеёжзийклмнопрстуфхцчшщъыьэюя" "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ" "abcxyzABC0123456789"
             " .,:;!?-–—«»„“”'\"()№/&#é")


LONG_TITLE = ("Книжная выставка «Память поколений: к 80-летию Победы в Великой Отечественной войне 1941–1945 гг.» "
              "МБОУ СШ № 1 г. Вязьмы")


def test_ids_made_in_the_browser_are_those_of_omo_new(tmp_path: Path, site) -> None:
    require_decap()
    generator = random.Random(11)
    titles = TITLES + [LONG_TITLE] + ["".join(generator.choice(_ALPHABET) for _ in range(generator.randint(1, 90)))
                                      for _ in range(3000)]
    tables = tmp_path / "omo.json"
    tables.write_bytes(browser_rules(REPO, site))
    (tmp_path / "titles.json").write_text(json.dumps(titles, ensure_ascii=False), encoding="utf-8")
    script = (f"import {{ makeId }} from {json.dumps((REPO / 'generator/outputs/admin_assets/ids.js').as_uri())};\n"
              "import fs from 'fs';\n"
              f"const tables = JSON.parse(fs.readFileSync({json.dumps(str(tables))}, 'utf8'));\n"
              f"const titles = JSON.parse(fs.readFileSync({json.dumps(str(tmp_path / 'titles.json'))}, 'utf8'));\n"
              "console.log(JSON.stringify(titles.map((t) => makeId(t, tables, tables.idLength))));\n")
    result = subprocess.run([NODE, "--input-type=module", "-e", script], capture_output=True, text=True,
                            encoding="utf-8", check=True)
    browser_ids = json.loads(result.stdout)
    differences = [(t, b, make_id(t, max_length=60)) for t, b in zip(titles, browser_ids, strict=True)
                   if b != make_id(t, max_length=60)]
    assert differences == []
    assert all(model.ID_PATTERN.match(i) for i in browser_ids if i)
    assert browser_ids[0] == "sekciya-omo-shkolnyh-bibliotekarey" and browser_ids[13] == ""
    # A long title is cut after the words that fit, in order: a shorter word after one that did not fit was taken
    # («…-pobedy-v-gg»), and the id looked like a slip.
    assert browser_ids[titles.index(LONG_TITLE)] == "knizhnaya-vystavka-pamyat-pokoleniy-k-80-letiyu-pobedy-v"


# The build ---------------------------------------------------------------------------------------------------

def _write_project(root: Path, port: int = 8081) -> Path:
    for name in ("mkdocs.yml", "data", "content", "theme", "package.json"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    settings = root / "mkdocs.yml"
    settings.write_text(re.sub(r"local_port: \d+", f"local_port: {port}", settings.read_text(encoding="utf-8")),
                        encoding="utf-8")
    return root


def _build(root: Path, **environ: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "OMO_PUBLISH")}
    env |= {"SOURCE_DATE_EPOCH": TODAY_EPOCH, "NO_MKDOCS_2_WARNING": "1", **environ}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *(["--strict"] if "strict" not in environ else [])],
                          cwd=root, env=env, capture_output=True, text=True, encoding="utf-8", check=False)


def test_without_decap_the_site_is_built_with_a_warning_and_not_published(tmp_path: Path) -> None:
    root = _write_project(tmp_path)
    assert wants_editor(root)
    result = _build(root, strict="no")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("не установлен Decap CMS") == 1 and "npm install" in result.stderr
    assert (root / "site" / "index.html").is_file() and not (root / "site" / "admin").exists()
    published = _build(root, OMO_PUBLISH="1", SITE_URL="https://omo.test/")
    assert published.returncode != 0
    assert "Сайт не опубликован: редактор /admin/ не собран: не установлен Decap CMS" in published.stderr


def test_only_regular_files_of_node_modules_reach_the_site(tmp_path: Path) -> None:
    """A symlink beside Decap's bundle would publish any file of the machine; a pipe would hang the build."""
    root = _write_project(tmp_path)
    bundle = root / "node_modules" / "decap-cms" / "dist"
    library = root / "node_modules" / "yaml" / "browser" / "dist"
    bundle.mkdir(parents=True)
    library.mkdir(parents=True)
    (bundle / "decap-cms.js").write_text("/* Decap */", encoding="utf-8")
    (library / "index.js").write_text("export default {};", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("пароль", encoding="utf-8")
    (bundle / "evil.decap-cms.js").symlink_to(secret)
    (library / "leak.js").symlink_to(secret)
    os.mkfifo(bundle / "pipe.decap-cms.js")
    os.mkfifo(library / "pipe.js")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=root, capture_output=True, text=True,
                            encoding="utf-8", timeout=300, check=False,
                            env={**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    admin = root / "site" / "admin"
    assert (admin / "decap-cms.js").read_text(encoding="utf-8") == "/* Decap */"
    assert (admin / "yaml" / "index.js").is_file()
    for name in ("evil.decap-cms.js", "pipe.decap-cms.js", "yaml/leak.js", "yaml/pipe.js"):
        assert not (admin / name).exists(), name


def test_wrong_settings_stop_the_build_with_a_russian_message(tmp_path: Path) -> None:
    root = _write_project(tmp_path)
    settings = root / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("backend: gitlab", "backend: svn"),
                        encoding="utf-8")
    result = _build(root)
    assert result.returncode != 0 and "backend: «svn» не поддерживается" in result.stderr


def test_wrong_editor_settings_do_not_hide_the_contents_problems(tmp_path: Path) -> None:
    root = _write_project(tmp_path)
    settings = root / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("backend: gitlab", "backend: svn"),
                        encoding="utf-8")
    practice = next((root / "data/practices").glob("*.yml"))
    practice.write_text(practice.read_text(encoding="utf-8") + "colour: синий\n", encoding="utf-8")
    result = _build(root)
    assert result.returncode != 0 and "backend: «svn» не поддерживается" in result.stderr, result.stderr
    assert f"data/practices/{practice.name}:" in result.stderr and "colour: неизвестное поле" in result.stderr
    assert not (root / "site").exists()


# The editor in a browser -------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _git(root: Path, *args: str) -> str:
    env = os.environ | {"GIT_AUTHOR_NAME": "Редактор", "GIT_AUTHOR_EMAIL": "editor@omo.test",
                        "GIT_COMMITTER_NAME": "Редактор", "GIT_COMMITTER_EMAIL": "editor@omo.test"}
    return subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The example project as a git repository, built, served, with decap-server saving into it."""
    require_decap()
    port = _free_port()
    root = _write_project(tmp_path_factory.mktemp("editor"), port)
    (root / "node_modules").symlink_to(REPO / "node_modules")
    (root / ".gitignore").write_text("site/\nnode_modules\n.cache/\n", encoding="utf-8")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "core.quotePath", "false")  # decap-server reads `git diff`: file names as they are
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "Сайт")
    result = _build(root)
    assert result.returncode == 0, result.stderr
    environ = os.environ | {"GIT_REPO_DIRECTORY": str(root), "PORT": str(port), "MODE": "git",
                            "BIND_HOST": "127.0.0.1", "GIT_AUTHOR_NAME": "Редактор",
                            "GIT_AUTHOR_EMAIL": "editor@omo.test", "GIT_COMMITTER_NAME": "Редактор",
                            "GIT_COMMITTER_EMAIL": "editor@omo.test"}
    log = (root.parent / "decap-server.log").open("w", encoding="utf-8")
    server = subprocess.Popen([str(DECAP_SERVER)], env=environ, stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        with serve(root / "site") as base:
            yield root, base
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def _choose(scope, label: str, text: str) -> None:
    """A select as a person uses it: type the start of the Russian name, press Enter."""
    box = scope.get_by_label(label, exact=True)
    box.click()
    box.fill(text)
    box.press("Enter")


def _rich_text(scope, label: str, text: str) -> None:
    """Type into a rich text field as a person does: on a busy machine the editor may not have taken the focus
    yet when typing starts, and the text goes nowhere; a person sees that and types again."""
    from playwright.sync_api import expect

    field = scope.locator(f"xpath=//label[normalize-space()='{label}']/../..").locator("[contenteditable=true]").first
    for _ in range(3):
        field.click()
        field.page.keyboard.press("Control+A")
        field.page.keyboard.type(text)
        try:
            expect(field).to_contain_text(text, timeout=5000)
            return
        except AssertionError:
            continue
    expect(field).to_contain_text(text)


def _open_collection(page, label: str) -> None:
    """Back to the lists by the editor's back arrow, then the collection, as a person goes from entry to entry."""
    page.locator("a[class*='BackLink']").click()
    page.get_by_role("link", name="Записи").click()
    page.get_by_role("link", name=label).first.click()


def _save_and_publish(page) -> None:
    """Save (a branch and a merge request in the workflow), mark it ready, publish it."""
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_role("button", name=re.compile("татус: Черновик")).wait_for()
    page.get_by_role("button", name=re.compile("татус")).click()
    page.get_by_role("menuitem", name="Одобрен").click()
    page.get_by_role("button", name="Опубликовать").click()
    page.get_by_role("menuitem", name="Опубликовать сейчас").click()
    page.get_by_text("Запись опубликована").first.wait_for()


def _screenshot(page, name: str) -> None:
    """Pictures for the editors' guide (content/images/editors/), taken only when OMO_SCREENSHOTS=1."""
    if os.environ.get("OMO_SCREENSHOTS") == "1":
        for close in page.locator(".Toastify__close-button").all():
            close.click()
        page.locator(".Toastify__toast").first.wait_for(state="detached")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


_AT_REST = """() => new Promise(done => {
    // Resolves once nothing in the document has changed for 400 ms; a screen that never rests is checked after 8 s.
    let timer;
    const finish = () => { observer.disconnect(); done(); };
    const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(finish, 400); });
    observer.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
    timer = setTimeout(finish, 400);
    setTimeout(finish, 8000);
})"""


def _settled_violations(page) -> list[str]:
    """axe's findings on the editor's screen at rest, as a reader sees it. On a busy machine Decap draws a form in
    several passes, and a half-drawn one shows elements without their names or styles; a finding that is still there
    after the screen has rested again is a real one."""
    page.wait_for_load_state("networkidle")
    page.evaluate(_AT_REST)
    first = axe_violations(page)
    if not first:
        return []
    page.evaluate(_AT_REST)
    rules = {found.split(":")[0] for found in first}  # by rule: a real one may name other nodes the second time
    return [found for found in axe_violations(page) if found.split(":")[0] in rules]


def _drive_the_editor(page, base: str, pdf: Path, violations: dict[str, list[str]]) -> None:
    page.goto(base + "admin/")
    assert page.evaluate("() => document.documentElement.lang") == "ru"
    assert page.evaluate("() => Boolean(CMS.getLocale('ru'))")
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("link", name="Практики").first.wait_for()
    _screenshot(page, "collections")
    violations["список записей"] = _settled_violations(page)

    # A practice, through the form.
    page.get_by_text("＋ Практика").click()
    page.get_by_label("Название практики").fill("Литературная гостиная «Смоленские писатели»")
    page.get_by_label("Образовательная организация", exact=True).fill("МБОУ «СШ № 1» г. Вязьмы")
    _choose(page, "Муниципальное образование", "Вяземский")
    _choose(page, "Направления работы", "Историко")
    _choose(page, "Форма работы (необязательный)", "клуб")
    _screenshot(page, "practice-form")
    page.get_by_label("Дата (необязательный)", exact=True).fill("2024-11-15")
    _rich_text(page, "Описание", "Встречи с писателями в школьной библиотеке.")
    materials = page.locator("xpath=//label[normalize-space()='Материалы (необязательный)']/../..")
    materials.get_by_role("button", name=re.compile("Добавить")).click()
    materials.get_by_label("Название материала").fill("Программа встреч")
    materials.get_by_role("button", name="Выберите файл").click()
    page.locator("input[type=file]").set_input_files(pdf)
    page.get_by_role("button", name="Выбрать помеченные").click()
    violations["форма практики"] = _settled_violations(page)
    # A click on the toolbar's icon still opens its menu (admin.js makes the icon inert for screen readers).
    page.get_by_role("button", name="Заголовки").first.click()
    page.get_by_role("menuitem", name=re.compile("Заголовок")).first.wait_for()
    page.keyboard.press("Escape")
    _save_and_publish(page)

    # A news story: it starts as a draft and stays one when its merge request is published.
    _open_collection(page, "Новости")
    page.get_by_text("＋ Новость").click()
    _rich_text(page, "Текст новости", "Этот текст ещё не готов.")
    page.get_by_label("Заголовок новости").fill("Черновик о литературной гостиной")
    page.get_by_label("Дата публикации", exact=True).fill("2025-03-02")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_role("button", name=re.compile("татус: Черновик")).wait_for()
    page.locator("a[class*='BackLink']").click()
    page.get_by_role("link", name="Рабочая область").click()
    page.get_by_text("Черновик о литературной гостиной").first.wait_for()
    assert re.search(r"\b\d\d\.\d\d\.20\d\d\b", page.inner_text("body"))  # a card's date, not «November 28»
    _screenshot(page, "workflow")
    violations["рабочая область"] = _settled_violations(page)
    page.get_by_text("Черновик о литературной гостиной").first.click()
    page.get_by_role("button", name=re.compile("татус")).click()
    page.get_by_role("menuitem", name="Одобрен").click()
    page.get_by_role("button", name="Опубликовать").click()
    page.get_by_role("menuitem", name="Опубликовать сейчас").click()
    page.get_by_text("Запись опубликована").first.wait_for()

    # An existing meeting: its place is changed.
    _open_collection(page, "Заседания")
    page.get_by_text("Секция ОМО школьных библиотекарей").first.click()
    place = page.get_by_label("Место проведения (необязательный)", exact=True)
    place.fill("ГАУ ДПО СОИРО, актовый зал")
    _save_and_publish(page)


def _repeat_a_title(page) -> None:
    """A practice whose title gives the name of one that exists: refused with a message, nothing overwritten."""
    _open_collection(page, "Практики")
    page.get_by_text("＋ Практика").click()
    _rich_text(page, "Описание", "Другая игра.")  # first: the rich text editor passes its text on after a pause
    page.get_by_label("Название практики").fill("Квиз «Знатоки родного края»")
    page.get_by_label("Образовательная организация", exact=True).fill("МБОУ «СШ № 2»")
    _choose(page, "Муниципальное образование", "город Смоленск")
    _choose(page, "Направления работы", "Историко")
    page.get_by_label("Учебный год (необязательный)", exact=True).fill("2024/2025")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("запись «kviz-znatoki-rodnogo-kraya» уже есть").first.wait_for()


def test_an_editor_writes_a_practice_a_draft_story_and_edits_a_meeting(editor: tuple[Path, str],
                                                                      tmp_path: Path) -> None:
    root, base = editor
    require_axe()
    pdf = tmp_path / "Программа встреч.pdf"
    pdf.write_bytes(PDF)
    outside: list[str] = []
    errors: list[str] = []
    missing: list[str] = []  # Decap asks the local server for unpublished entries that do not exist yet: 404
    violations: dict[str, list[str]] = {}
    with browser_page() as page:
        page.on("request", lambda r: None if re.match(r"(https?://(127\.0\.0\.1|localhost)[:/]|data:|blob:)", r.url)
                else outside.append(r.url))
        page.on("response", lambda r: r.status == 404 and missing.append(r.url))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda dialog: dialog.accept())
        try:
            _drive_the_editor(page, base, pdf, violations)
            before_refusal = len(errors)
            _repeat_a_title(page)
        except Exception:
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
            (tmp_path / "failure.txt").write_text(page.inner_text("body"), encoding="utf-8")
            print(f"Снимок экрана при ошибке: {tmp_path / 'failure.png'}")
            raise
    practice_id = "literaturnaya-gostinaya-smolenskie-pisateli"
    story_file = root / "content" / "stories" / "2025-03-02-chernovik-o-literaturnoy-gostinoy.md"
    assert outside == []
    api = [url for url in missing if "/api/v1" in url]
    # Decap logs the refused save (its error object) to the console, and the 404s of the local server when it
    # looks for a merge request of an entry that has none yet.
    assert len(errors) - before_refusal <= 2
    assert [e for e in errors[:before_refusal] if "404" not in e] == []
    assert len([e for e in errors if "404" in e]) <= len(api)
    assert {name: found for name, found in violations.items() if found} == {}

    assert _git(root, "branch", "--show-current").strip() == "main"
    assert "kviz" not in _git(root, "branch", "--list")  # the refused entry left no branch
    assert _git(root, "status", "--porcelain") == ""
    saved = yaml.safe_load((root / "data" / "practices" / f"{practice_id}.yml").read_text(encoding="utf-8"))
    assert saved == {"title": "Литературная гостиная «Смоленские писатели»", "organization": "МБОУ «СШ № 1» г. Вязьмы",
                     "municipality": "vyazemskiy", "themes": ["local-history"], "form": "клуб",
                     "date": saved["date"], "description": "Встречи с писателями в школьной библиотеке.",
                     "materials": [{"title": "Программа встреч", "file": "files/программа-встреч.pdf"}]}
    assert str(saved["date"]) == "2024-11-15"
    assert (root / "content" / "files" / "программа-встреч.pdf").read_bytes() == PDF
    assert "draft: true" in story_file.read_text(encoding="utf-8")
    meeting = (root / "data" / "meetings" / "2024-08-27-sekciya-omo.yml").read_text(encoding="utf-8")
    assert "place: ГАУ ДПО СОИРО, актовый зал" in meeting
    # The file's comments stay, the changed field's own too, after two spaces as the check wants them.
    original = (REPO / "data" / "meetings" / "2024-08-27-sekciya-omo.yml").read_text(encoding="utf-8")
    comments = re.findall(r"(?:^|  )(#[^\n]*)", original, re.MULTILINE)
    assert len(comments) >= 4 and [c for c in comments if c not in meeting] == []
    assert "place: ГАУ ДПО СОИРО, актовый зал  # уточнить\n" in meeting

    check = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=root, capture_output=True, text=True,
                           encoding="utf-8", check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    result = _build(root)
    assert result.returncode == 0, result.stderr
    published = BeautifulSoup((root / "site" / "practices" / practice_id / "index.html").read_text(encoding="utf-8"),
                              "html.parser")
    assert "Литературная гостиная «Смоленские писатели»" in main_text(published)
    assert any(unquote(a["href"]).endswith("files/программа-встреч.pdf") for a in published.select("article a[href]"))
    assert not (root / "site" / "stories" / story_file.stem).exists()
    published_files = [path for path in (root / "site").rglob("*") if path.suffix in (".html", ".xml", ".json")
                       and "admin" not in path.parts]
    assert not [path for path in published_files if "Черновик о литературной" in path.read_text(encoding="utf-8")]
    assert "актовый зал" in (root / "site" / "meetings" / "2024-08-27-sekciya-omo" / "index.html").read_text(
        encoding="utf-8")


_ENGLISH_LEFT = """() => {
    // Decap's words, by their keys, that are missing in Russian or the same as in English (names and placeholders
    // such as «Markdown» and «%{details}» aside).
    const left = [];
    const walk = (russian, english, path) => {
        for (const [key, word] of Object.entries(english)) {
            if (typeof word === "object") { walk(russian?.[key], word, path + key + "."); continue; }
            const ours = russian?.[key];
            const latin = /[A-Za-z]{3}/.test(word.replace(/%\\{\\w+\\}|Markdown/g, ""));
            if (typeof ours !== "string" || (ours === word && latin)) left.push(path + key + ": " + word);
        }
    };
    walk(CMS.getLocale("ru"), CMS.getLocale("en"), "");
    return left;
}"""


def test_a_resolution_without_items_is_not_saved_and_the_form_does_not_start_with_empty_ones(
        editor: tuple[Path, str]) -> None:
    """Each audience's list began with an empty item («No text»), which the form refused to save; with them all
    removed it saved a resolution with no item at all, and the build refused the file."""
    root, base = editor
    before = sorted(path.name for path in (root / "data" / "directives").iterdir())
    with browser_page() as page:
        page.goto(base + "admin/")
        page.get_by_role("button", name="Войти").click()
        page.get_by_role("link", name="Резолюции").first.click()
        page.get_by_text("＋ Резолюция").click()
        page.get_by_text("Пункты по адресатам").first.wait_for()
        assert page.locator("[aria-roledescription='sortable']").count() == 0
        _choose(page, "Заседание (необязательный)", "Секция")
        page.get_by_role("button", name="Сохранить").click()
        refused = page.get_by_text("в резолюции нет ни одного пункта").first
        refused.wait_for()
        assert refused.inner_text().startswith("Не удалось сохранить запись: в резолюции нет ни одного пункта: ")
    assert sorted(path.name for path in (root / "data" / "directives").iterdir()) == before


def test_now_in_a_date_is_the_editors_own_day_and_switches_have_their_fields_names(editor: tuple[Path, str]) -> None:
    """«Сейчас» gave the date in UTC: from midnight to three in the morning in Smolensk, yesterday's (and a story's
    file name keeps it). The «Черновик» switch was read out as «Markdown»."""
    import datetime as dt

    from browser import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    _, base = editor
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(timezone_id="Europe/Moscow").new_page()
            page.clock.install(time=dt.datetime(2026, 3, 10, 1, 30, tzinfo=dt.timezone(dt.timedelta(hours=3))))
            page.goto(base + "admin/")
            page.get_by_role("button", name="Войти").click()
            page.get_by_role("link", name="Новости").first.click()
            page.get_by_text("＋ Новость").click()
            page.get_by_text("Сейчас").first.click()
            date = page.get_by_label("Дата публикации", exact=True)
            assert date.input_value() == "2026-03-10"
            assert page.get_by_role("switch", name="Черновик (необязательный)").count() == 1
        finally:
            browser.close()


def test_saving_keeps_each_comment_with_its_item_and_at_its_indent(editor: tuple[Path, str], tmp_path: Path) -> None:
    """A comment after a list's last item was pushed one space right on saving (the check then refused the
    file); deleting or reordering items moved comments to other items."""
    from conftest import make_project
    from test_bad_input import problems

    meeting = (REPO / "data" / "meetings" / "2024-08-27-sekciya-omo.yml").read_text(encoding="utf-8")
    last = "  - Планирование деятельности ОМО на 2024-2025 учебный год.\n"
    commented = meeting.replace(last, last + "  # конец списка по документу\n")
    lists = "title: Заседание\ndate: 2025-09-10\nproblem_field:\n  - Первое  # к первому\n  # о втором\n" \
            "  - Второе\n  - Третье  # к третьему\n"
    _, base = editor
    with browser_page() as page:
        page.goto(base + "admin/")
        page.wait_for_function("() => window.omoFormats !== undefined")
        saved, removed, reordered = page.evaluate("""([meeting, lists]) => {
            const f = window.omoFormats["omo-yaml"];
            const m = f.fromFile(meeting); m.title = "Секция ОМО";
            const a = f.fromFile(lists); a.problem_field = a.problem_field.slice(1);
            const b = f.fromFile(lists); b.problem_field = [b.problem_field[2], b.problem_field[1]];
            return [f.toFile(m, []), f.toFile(a, []), f.toFile(b, [])];
        }""", [commented, lists])
    assert "\n  # конец списка по документу\n" in saved and saved.startswith("title: Секция ОМО\n")
    project = make_project(tmp_path)
    project.write("data/meetings/2024-08-27-sekciya-omo.yml", saved)
    # (The test project's vocabularies are smaller: only what is said of the file's writing counts here.)
    assert [p for p in problems(project) if "2024-08-27-sekciya-omo" in p and "нет направления" not in p] == []
    assert "  # о втором\n  - Второе\n  - Третье  # к третьему\n" in removed and "к первому" not in removed
    assert "  - Третье  # к третьему\n  # о втором\n  - Второе\n" in reordered


def test_the_editor_speaks_russian_in_every_word_decap_has(editor: tuple[Path, str]) -> None:
    _, base = editor
    with browser_page() as page:
        page.goto(base + "admin/")
        page.get_by_role("button", name="Войти").wait_for()
        assert page.evaluate(_ENGLISH_LEFT) == []


def _the_editor_writes_only_for_its_own_page(root: Path, proxy_port: int, site_port: int) -> None:
    """A web page elsewhere that points its name at 127.0.0.1 (DNS rebinding), or another page of this computer,
    asks decap-server to write a git hook: refused, nothing written. The editor's own page saves as before, and
    is not reloaded by the preview's rebuild while the editor goes on typing."""
    import urllib.error
    import urllib.request

    hook = {"action": "persistEntry", "params": {
        "branch": "main", "entry": {"slug": "x", "path": ".git/hooks/pre-commit", "raw": "#!/bin/sh\nexit 0\n"},
        "assets": [], "options": {"commitMessage": "x", "useWorkflow": False}}}
    for foreign in ({"Host": f"rebound.example:{proxy_port}"}, {"Origin": f"http://rebound.example:{proxy_port}"},
                    {"Origin": f"http://127.0.0.1:{proxy_port}"}, {"Origin": "null"}):
        request = urllib.request.Request(f"http://127.0.0.1:{proxy_port}/api/v1", data=json.dumps(hook).encode(),
                                         headers={"Content-Type": "application/json", **foreign})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 403, foreign
    assert not (root / ".git").exists()

    practice = root / "data" / "practices" / "kviz-znatoki-rodnogo-kraya.yml"
    with browser_page() as page:
        page.goto(f"http://127.0.0.1:{site_port}/admin/")
        page.get_by_role("button", name="Войти").click()
        page.get_by_role("link", name="Практики").first.click()
        page.get_by_text("Квиз «Знатоки родного края»").first.click()
        title = page.get_by_label("Название практики")
        title.fill("Квиз «Знатоки родного края», второй год")
        page.get_by_role("button", name="Опубликовать").click()
        page.get_by_role("menuitem", name="Опубликовать сейчас").click()
        page.evaluate("() => { window.omoSameEditorPage = true; }")
        _wait_for(lambda: "второй год" in practice.read_text(encoding="utf-8"))
        # The editor goes on typing; the save has started a rebuild of the preview, which reloads the site's pages
        # once it is made. The editor's page stays as it is, with what was typed.
        title.press("End")
        title.press_sequentially(", дополнено")
        published = f"http://127.0.0.1:{site_port}/practices/kviz-znatoki-rodnogo-kraya/"
        _wait_for(lambda: "второй год" in urllib.request.urlopen(published, timeout=5).read().decode("utf-8"))
        time.sleep(2)  # the reloading script of the other pages asks for news at once: time to act on it
        assert page.evaluate("() => window.omoSameEditorPage") is True
        assert title.input_value() == "Квиз «Знатоки родного края», второй год, дополнено"
    saved = practice.read_text(encoding="utf-8")
    assert "\ntitle: Квиз «Знатоки родного края», второй год\n" in saved and saved.startswith("# ПРИМЕР ОФОРМЛЕНИЯ")
    assert "livereload" not in urllib.request.urlopen(f"http://127.0.0.1:{site_port}/admin/").read().decode()
    assert "livereload" in urllib.request.urlopen(f"http://127.0.0.1:{site_port}/").read().decode()


def _wait_for(condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "не дождались"
        time.sleep(0.25)


def test_one_command_starts_the_editor_and_the_preview_and_ctrl_c_stops_both(tmp_path: Path) -> None:
    require_decap()
    import signal
    import urllib.request

    proxy_port, site_port = _free_port(), _free_port()
    root = _write_project(tmp_path, proxy_port)
    (root / "node_modules").symlink_to(REPO / "node_modules")
    editor = subprocess.Popen([sys.executable, "-m", "generator", "edit", "--port", str(site_port)], cwd=root,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
                              start_new_session=True)
    try:
        page = info = None
        for _ in range(240):
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{site_port}/admin/", timeout=2).read()
                request = urllib.request.Request(f"http://127.0.0.1:{proxy_port}/api/v1", data=b'{"action":"info"}',
                                                 headers={"Content-Type": "application/json"})
                info = json.loads(urllib.request.urlopen(request, timeout=2).read())
                break
            except OSError:
                time.sleep(0.25)
        assert page is not None and "<title>Редактор сайта" in page.decode("utf-8")
        assert info == {"repo": root.name, "publish_modes": ["simple"], "type": "local_fs"}
        _the_editor_writes_only_for_its_own_page(root, proxy_port, site_port)
    finally:
        os.killpg(editor.pid, signal.SIGINT)  # Ctrl+C in a terminal reaches the whole group
        output, _ = editor.communicate(timeout=30)
    assert editor.returncode == 0, output
    assert f"http://127.0.0.1:{site_port}/admin/" in output
    assert f"отклонён запрос к адресу «rebound.example:{proxy_port}»" in output
    for port in (proxy_port, site_port):
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", port)) != 0, f"порт {port} ещё занят"


def test_the_admin_page_is_valid_html_of_the_site_itself_and_stays_out_of_search_and_sitemap(
        editor: tuple[Path, str]) -> None:
    from test_html_validity import run_vnu

    site = editor[0] / "site"
    page = (site / "admin" / "index.html").read_text(encoding="utf-8")
    checked, messages = run_vnu(site / "admin" / "index.html")
    assert messages == []
    assert '<html lang="ru">' in page and "<title>Редактор сайта — ОМО школьных библиотекарей</title>" in page
    assert not re.search(r"""(?:src|href)=["'](?:https?:)?//""", page)  # scripts and styles of the site only
    assets = REPO / "generator" / "outputs" / "admin_assets"
    for name in ("admin.js", "ids.js", "admin.css", "init.js"):  # copied as they are: no sanitizing of scripts
        assert (site / "admin" / name).read_bytes() == (assets / name).read_bytes()
    assert (site / "admin" / "decap-cms.js").stat().st_size > 1_000_000
    assert "/admin/" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    config = yaml.safe_load((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["locale"] == "ru" and config["publish_mode"] == "editorial_workflow"
    assert config["backend"]["name"] == "gitlab" and config["backend"]["auth_type"] == "pkce"


def test_every_example_file_opened_and_saved_by_the_editor_checks_and_builds_the_same_pages(
        tmp_path: Path) -> None:
    """Each entry file of the example site goes through the editor's own reading and writing (admin.js, in
    Chromium), unchanged by the editor; the check passes and every page's article stays the same."""
    from test_decap_roundtrip import articles

    require_decap()
    root = _write_project(tmp_path)
    (root / "node_modules").symlink_to(REPO / "node_modules")
    result = _build(root)
    assert result.returncode == 0, result.stderr
    before = articles(root / "site")
    config = yaml.safe_load((root / "site" / "admin" / "config.yml").read_text(encoding="utf-8"))
    plan = []
    for collection in config["collections"]:
        folder, extension = collection["folder"], collection["extension"]
        keys = [field["name"] for field in collection["fields"] if field["name"] != "body"]
        for path in sorted((root / folder).glob(f"*.{extension}")):
            plan.append({"path": path.relative_to(root).as_posix(), "format": collection["format"], "keys": keys,
                         "text": path.read_text(encoding="utf-8")})
    assert {entry["format"] for entry in plan} == {"omo-yaml", "omo-frontmatter"} and len(plan) >= 8
    with serve(root / "site") as base, browser_page() as page:
        page.goto(base + "admin/")
        page.wait_for_function("() => window.omoFormats !== undefined")
        saved = page.evaluate("""plan => plan.map(({format, keys, text}) => {
            const f = window.omoFormats[format];
            return f.toFile(f.fromFile(text), keys);
        })""", plan)
        # A text with no-break spaces beside a colon, typed into an item (the site reads them as spaces where a
        # field is typed): it was written plain and read back as a field «due» of the item.
        hostile = "due\u00a0:\u00a02020-01-01"
        saved_hostile = page.evaluate("""text => {
            const f = window.omoFormats["omo-yaml"];
            const data = f.fromFile("items:\\n  ribc:\\n    - text: пункт  # уточнить\\n    - другой\\n");
            data.items.ribc[0].text = text;
            data.items.ribc[1] = text;
            return [f.toFile(data, ["items"]), f.toFile({items: {ribc: [text, {text, due: "2025-01-01"}]}}, ["items"])];
        }""", hostile)
    read = [[item if isinstance(item, str) else dict(item) for item in parse_yaml(text, "x.yml").data["items"]["ribc"]]
            for text in saved_hostile]
    assert read == [[hostile, hostile], [hostile, {"text": hostile, "due": "2025-01-01"}]], saved_hostile
    rewritten = 0
    for entry, text in zip(plan, saved, strict=True):
        original = (root / entry["path"]).read_text(encoding="utf-8")
        # The file's comments are kept (two spaces before «#» at a line's end, as the check wants them).
        assert [c for c in re.findall(r"(?:^|  )(#[^\n]*)", original, re.MULTILINE) if c not in text] == []
        rewritten += text != original
        (root / entry["path"]).write_text(text, encoding="utf-8")
    assert rewritten  # the editor's writing really replaced files
    check = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=root, capture_output=True, text=True,
                           encoding="utf-8", check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    result = _build(root)
    assert result.returncode == 0, result.stderr
    after = articles(root / "site")
    assert before.keys() == after.keys()
    changed = [name for name in before if before[name] != after[name]]
    assert not changed, f"{changed[0]}:\n{before[changed[0]][:1500]}\n---\n{after[changed[0]][:1500]}"


def test_hostile_vocabulary_names_stay_text_in_the_editor_settings_and_the_guide(tmp_path: Path) -> None:
    """Vocabulary names land in /admin/config.yml, /admin/omo.json and the guide's tables: data, never markup."""
    require_decap()
    hostile = '</script><img src=x onerror=alert(1)> «{{title}}» | ${x} & "q" \'a\''
    root = _write_project(tmp_path)
    (root / "node_modules").symlink_to(REPO / "node_modules")
    for name, old in (("municipalities.yml", "name: Вяземский муниципальный округ"),
                      ("themes.yml", "name: Военно-патриотическое воспитание")):
        path = root / "data" / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, f"name: {json.dumps(hostile, ensure_ascii=False)}", 1), encoding="utf-8")
    result = _build(root)
    assert result.returncode == 0, result.stderr
    admin = root / "site" / "admin"
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    labels = [option["label"] for collection in config["collections"] for field in collection["fields"]
              if field.get("widget") == "select" and field["name"] in ("municipality", "themes")
              for option in field["options"]]
    assert labels.count(hostile) >= 2  # the practice form's municipality and themes, as the same plain text
    json.loads((admin / "omo.json").read_text(encoding="utf-8"))  # still valid JSON for the editor's script
    guide = BeautifulSoup((root / "site" / "editors" / "vocabularies" / "index.html").read_text(encoding="utf-8"),
                          "html.parser")
    article = guide.select_one("article")
    assert not article.select("script, img") and not article.find(attrs={"onerror": True})
    cells = [cell.get_text() for cell in article.select("td")]
    assert cells.count(hostile) == 2


def test_the_editor_knows_which_names_are_taken_without_publishing_drafts_names(tmp_path: Path) -> None:
    """/admin/omo.json is public: it names the records that exist by digest, so a draft story's date and title (and
    an ignored dot-file's name) are not read there, while the editor still refuses a name that is taken."""
    require_decap()
    root = _write_project(tmp_path)
    (root / "node_modules").symlink_to(REPO / "node_modules")
    (root / "data" / "practices" / ".uvolnenie-direktora.yml").write_text("title: x\n", encoding="utf-8")
    result = _build(root)
    assert result.returncode == 0, result.stderr
    published = (root / "site" / "admin" / "omo.json").read_text(encoding="utf-8")
    for secret in ("chernovik", "uvolnenie", "kviz-znatoki"):
        assert secret not in published
    taken = json.loads(published)["collections"]
    assert taken_digest("2025-04-01-chernovik") in taken["stories"]["taken"]
    assert taken_digest("kviz-znatoki-rodnogo-kraya") in taken["practices"]["taken"]
    assert taken_digest(".uvolnenie-direktora") not in taken["practices"]["taken"]
    assert len(taken["practices"]["taken"]) == len(list((REPO / "data" / "practices").glob("*.yml")))


def test_a_busy_port_of_the_editor_is_told_in_russian(tmp_path: Path) -> None:
    """The editor already running in another window (or another program on its port): a Russian message, not a
    Node stack trace, and the preview is stopped too."""
    require_decap()
    site_port = _free_port()
    root = _write_project(tmp_path, _free_port())
    (root / "node_modules").symlink_to(REPO / "node_modules")
    busy = int(re.search(r"local_port: (\d+)", (root / "mkdocs.yml").read_text(encoding="utf-8"))[1])
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", busy))
        taken.listen()
        result = subprocess.run([sys.executable, "-m", "generator", "edit", "--port", str(site_port)], cwd=root,
                                capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert f"Ошибка: порт {busy} занят: редактор уже запущен в другом окне" in output
    assert "at " not in output.split("Ошибка: порт")[0][-200:] and "EADDRINUSE" not in output


@pytest.mark.parametrize(("first", "expected"), [
    ("import os, signal; os.kill(os.getpid(), signal.SIGINT)", 0),  # Ctrl+C reached it before this process
    ("import sys; sys.exit(3)", 1),  # it stopped on its own: said, and the other one stopped
])
def test_the_editor_tells_a_program_that_stopped_from_one_that_was_interrupted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], first: str,
        expected: int) -> None:
    from generator.editors import edit
    programs = [([sys.executable, "-c", first], dict(os.environ)),
                ([sys.executable, "-c", "import time; time.sleep(60)"], dict(os.environ))]
    monkeypatch.setattr(edit, "editor_commands", lambda root, port: programs)
    started = time.monotonic()
    assert edit.run_editor(tmp_path) == expected
    assert time.monotonic() - started < 30  # the other program was stopped, not waited for
    assert ("одна из программ редактора остановилась" in capsys.readouterr().err) == bool(expected)
