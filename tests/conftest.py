"""A small real project in a temporary folder, built with MkDocs as editors build theirs."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from PIL import Image

REPO = Path(__file__).resolve().parent.parent

MKDOCS_YML = """\
site_name: ОМО школьных библиотекарей
site_url: https://omo.example.org/
docs_dir: content
theme:
  name: material
  language: ru
  font: false
  custom_dir: theme
plugins:
  - omo
markdown_extensions:
  - toc:
      permalink: true
      slugify: !!python/object/apply:pymdownx.slugs.slugify
        kwds:
          case: lower
nav:
  - Главная: index.md
  - Заседания: meetings/index.md
  - Резолюции: resolutions/index.md
  - Адресатам: audiences/index.md
  - Практики: practices/index.md
  - Новости: stories/index.md
  - Территории: municipalities/index.md
"""

FILES = {
    "content/index.md": "# Добро пожаловать\n\nВступление редакторов.\n",
    "content/files/2024-08-27/plan.pdf": "%PDF-1.4 test\n",
    "data/audiences.yml": """\
        - id: ribc
          name: РИБЦ ГАУ ДПО СОИРО
        - id: rmo
          name: Руководители районных методических объединений (РМО)
          districts: true
        - id: libraries
          name: ШБ и ШИБЦ
          districts: true
          description: Школьные библиотеки и школьные информационно-библиотечные центры
        """,
    "data/municipalities.yml": """\
        - id: smolensk
          name: город Смоленск
          kind: городской округ
        - id: hislavichskiy
          name: Хиславичский муниципальный округ
          short: Хиславичский
          kind: муниципальный округ
          coordinator:
            position: методист
            organization: Отдел образования Хиславичского округа
            name: С. С. Скрытова
            email: skrytova@hislavichi.example.ru
            phone: +7 48140 1-11-11
            consent: false
        - id: vyazemskiy
          name: Вяземский муниципальный округ
          short: Вяземский
          kind: муниципальный округ
          coordinator:
            position: главный специалист
            organization: Управление образования Вяземского округа
            name: И. И. Иванова
            email: omo@vyazma.example.ru
            phone: +7 48131 0-00-00
            consent: true
        """,
    "data/themes.yml": """\
        - id: patriotic
          name: Военно-патриотическое воспитание
        - id: local-history
          name: Историко-краеведческое воспитание
        """,
    "data/meetings/2024-08-27-sekciya-omo.yml": """\
        title: Секция ОМО школьных библиотекарей
        kind: секция
        date: 2024-08-27
        time: 10:00
        end_time: 13:30
        format: очно
        place: ГАУ ДПО СОИРО, г. Смоленск
        problem_field:
          - Ценностные ориентиры при организации библиотечной работы.
          - Социальное партнерство, как условие формирования **патриотического** воспитания.
        program:
          - time: 10:00
            title: Трансляция опыта успешной библиотечной деятельности
            speakers:
              - name: Т. И. Ковторова
                position: педагог-библиотекарь
                organization: МБОУ «Хиславичская СШ»
                municipality: hislavichskiy
              - name: И. И. Скрытная
                position: библиотекарь
                organization: МБОУ «СШ № 1»
                consent: false
            materials:
              - title: Презентация выступления
                file: files/2024-08-27/plan.pdf
        materials:
          - title: Видеозапись
            url: https://example.org/video
        """,
    "data/meetings/2025-03-20-seminar.yml": """\
        title: "Семинар {{ 7*7 }} <b>жирный</b>"
        kind: семинар
        date: 2025-03-20
        format: дистанционно
        online: https://example.org/room
        """,
    "data/meetings/2025-09-10-zasedanie.yml": """\
        title: Заседание ОМО
        kind: заседание
        date: 2025-09-10
        time: "11:00"
        format: смешанно
        """,
    "data/meetings/2025-10-01-otmena.yml": """\
        title: Отменённый вебинар
        kind: вебинар
        date: 2025-10-01
        format: дистанционно
        cancelled: true
        """,
    "content/images/cover.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n',
    "data/practices/vystavka.yml": """\
        title: Книжно-иллюстрированная выставка «Память»
        organization: МБОУ «Хиславичская СШ»
        municipality: hislavichskiy
        authors:
          - name: Т. И. Ковторова
            position: педагог-библиотекарь
        themes: [patriotic, local-history]
        form: выставка
        audience: 5–11 классы
        date: 2024-02-15
        partners: [Хиславичский районный краеведческий музей]
        meeting: 2024-08-27-sekciya-omo
        summary: Выставка о земляках-героях.
        goals: Познакомить с историей края.
        description: Школьная библиотека собрала книги и письма.
        results: Выставку посетили 240 человек.
        materials:
          - title: Положение
            file: files/2024-08-27/plan.pdf
        links:
          - title: Публикация ВКонтакте
            url: https://vk.com/wall-1_1
        cover: images/cover.svg
        example: true
        """,
    "data/examples.yml": "practices: [vystavka]  # the sample practice (example: true)\n",
    "data/practices/kviz.yml": """\
        title: Квиз «Знатоки края»
        organization: МБОУ «СШ № 2»
        municipality: smolensk
        themes: local-history
        form: квиз
        school_year: 2024/2025
        description: Командная игра по книгам смоленских писателей.
        """,
    "content/stories/2024-08-28-itogi.md": """\
        ---
        title: Итоги секции
        date: 2024-08-28
        summary: Коротко о главном
        meeting: 2024-08-27-sekciya-omo
        practices: [vystavka]
        municipality: hislavichskiy
        cover: images/cover.svg
        ---
        Секция прошла в ГАУ ДПО СОИРО.
        """,
    "content/stories/2025-03-21-kviz.md": """\
        ---
        title: Квиз в Смоленске
        date: 2025-03-21
        practices: [kviz]
        ---
        Шесть команд.
        """,
    "content/stories/2025-04-01-chernovik.md": """\
        ---
        title: Секретный черновик
        date: 2025-04-01
        draft: true
        ---
        Черновой текст.
        """,
    "data/directives/2024-08-27-sekciya-omo.yml": """\
        status: проект
        items:
          ribc:
            - продолжить и расширить работу с образовательными ресурсами
            - text: организовать трансляцию лучших практик
              due: 2025-05-31
              progress: выполняется
              report: Открыт раздел на сайте.
          rmo:
            - обеспечивать своевременное информирование
        """,
    "data/reports/2024-08-27-sekciya-omo/vyazemskiy.yml": """\
        reporter: РМО школьных библиотекарей Вяземского округа
        items:
          rmo-1:
            progress: выполняется
            date: 2025-03-01
            text: Рассылка о заседаниях ОМО всем библиотекарям округа.
            links:
              - title: Публикация
                url: https://vyazma.example.ru/news/omo
        """,
    "data/reports/2024-08-27-sekciya-omo/hislavichskiy.yml": """\
        reporter: РМО Хиславичского округа
        items:
          rmo-1:
            progress: выполнено
            date: 2025-01-20
            text: Рассылка идёт каждый месяц.
        """,
    "data/directives/2025-03-20-seminar.yml": """\
        title: Резолюция семинара
        status: принята
        items:
          ribc:
            - провести вебинар для библиотекарей
        """,
}

# 2025-06-01 12:00 Moscow: the August 2024 and March 2025 meetings are held, the autumn ones planned.
TODAY_EPOCH = "1748768400"


def picture_bytes(kind: str, size: tuple[int, int] = (2, 2), **options: Any) -> bytes:
    """A small real picture (``kind``: JPEG, PNG, GIF, WEBP) as a camera or an editor saves it."""
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, kind, **options)
    return out.getvalue()


@dataclass
class Project:
    root: Path

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def build(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = os.environ | {"SOURCE_DATE_EPOCH": TODAY_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", *args],
            cwd=self.root, env=env, capture_output=True, text=True, encoding="utf-8", check=False,
        )

    def html(self, address: str) -> BeautifulSoup:
        path = self.root / "site" / address.strip("/") / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def make_project(root: Path) -> Project:
    project = Project(root)
    shutil.copytree(REPO / "theme", root / "theme")
    project.write("mkdocs.yml", MKDOCS_YML)
    for relative, text in FILES.items():
        project.write(relative, text)
    return project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = make_project(tmp_path_factory.mktemp("site"))
    result = project.build()
    assert result.returncode == 0, result.stderr
    return project


def text_of(element: Any) -> str:
    """An element's text as a reader reads it: whitespace (no-break spaces too) collapsed, soft hyphens dropped."""
    return " ".join(element.get_text(" ").replace("\u00ad", "").split())


def main_text(soup: BeautifulSoup) -> str:
    """The page's article text, as ``text_of`` gives it."""
    return text_of(soup.select_one("article") or soup)


def copy_example(root: Path) -> Path:
    """The repository's example project (settings, data, pages, theme) copied into ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "data", "content", "theme"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    return root


def build_in_process(project: Path, site: Path, *, strict: bool = True) -> None:
    """``mkdocs build`` of ``project`` into ``site`` in this process, so that a test can patch the generator."""
    from mkdocs.commands import build as build_command
    from mkdocs.config import load_config

    os.chdir(project)
    config = load_config(os.fspath(project / "mkdocs.yml"), site_dir=os.fspath(site), strict=strict)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build_command.build(config)
    finally:
        config.plugins.on_shutdown()


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path, the search index aside (its file names follow page order)."""
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*"))
            if path.is_file() and "pagefind" not in path.relative_to(site).parts}


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The repository's own example site, built strictly."""
    project = Project(copy_example(tmp_path_factory.mktemp("example")))
    result = project.build()
    assert result.returncode == 0, result.stderr
    return project


def text_is(expected: str) -> Any:
    """For BeautifulSoup's ``string=``: an element's text as a reader reads it (no-break spaces of Russian
    typesetting as spaces) is ``expected``."""
    return lambda text: text is not None and " ".join(text.split()) == expected
