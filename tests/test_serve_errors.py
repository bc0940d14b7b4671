"""Quiet builds, and content errors on the preview's pages while `mkdocs serve` runs."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import TODAY_EPOCH, copy_example

from generator.core.errors import Problem
from generator.mkdocs.serve_errors import TITLE, error_markdown, nav_pages

PRACTICE = "data/practices/vystavka-pamyat-pokoleniy.yml"
PRACTICE_URL = "practices/vystavka-pamyat-pokoleniy/"
# As editors run MkDocs: without the variable that silences Material's banner.
ENV = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"} | {"SOURCE_DATE_EPOCH": TODAY_EPOCH}


def test_build_prints_no_banner_and_no_list_of_pages_outside_the_menu(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    result = subprocess.run([shutil.which("mkdocs") or "mkdocs", "build"], cwd=root, env=ENV, capture_output=True,
                            text=True, encoding="utf-8", check=False)
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "Material for MkDocs" not in output and "NO_MKDOCS_2_WARNING" not in output
    assert "not included in the" not in output
    assert [line for line in output.splitlines() if line.strip()] == [
        line for line in output.splitlines() if line.startswith("INFO    -  ")], output


def test_error_page_lists_each_problem_and_escapes_it() -> None:
    problems = [Problem("data/practices/x.yml", 3, "municipality", "нет муниципального образования «<b>vyazma</b>»"),
                Problem("data/meetings/y.yml", 0, "", "файл пуст")]
    markdown = error_markdown(problems)
    soup = BeautifulSoup(markdown.split("\n\n", 2)[2], "html.parser")
    rows = [[cell.get_text() for cell in row.find_all("td")] for row in soup.select("tbody tr")]
    assert rows == [["data/practices/x.yml", "3", "municipality (Муниципальное образование)",
                     "нет муниципального образования «<b>vyazma</b>»"],
                    ["data/meetings/y.yml", "", "", "файл пуст"]]
    assert "<b>" not in markdown and markdown.startswith(f"# {TITLE}\n")
    # Whoever edits in the browser editor knows a field by the form's name for it.
    labelled = [Problem("data/meetings/2025-09-10-z.yml", 5, "end_time", "время окончания раньше времени начала"),
                Problem("data/meetings/2025-09-10-z.yml", 9, "program[2].title", "обязательное поле не заполнено"),
                Problem("content/stories/2025-03-21-kviz.md", 4, "summary", "поле пустое"),
                Problem("data/practices/x.yml", 2, "colour", "неизвестное поле"),
                Problem("data/practices/x.yml", 3, "<img src=x onerror=alert(1)>", "неизвестное поле")]
    soup = BeautifulSoup(error_markdown(labelled).split("\n\n", 2)[2], "html.parser")
    assert [row.find_all("td")[2].get_text() for row in soup.select("tbody tr")] == [
        "end_time (Время окончания)", "program[2].title (Тема выступления или пункт программы)",
        "summary (Коротко о главном)", "colour", "<img src=x onerror=alert(1)>"]
    assert "<img" not in error_markdown(labelled)  # an editor's field name is text in the table
    assert nav_pages([{"Главная": "index.md"}, {"Раздел": [{"Стр": "a/b.md"}, "https://example.org/x.md"]}]) == [
        "index.md", "a/b.md"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (a local address)
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, condition, seconds: float = 120) -> str:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    body = None
    while time.monotonic() < deadline:
        body = fetch(url)
        if body is not None and condition(body):
            return body
        time.sleep(0.3)
    raise AssertionError(f"{url}: not seen in {seconds} s; last answer:\n{(body or '')[:2000]}")


def article(body: str) -> str:
    found = BeautifulSoup(body, "html.parser").select_one("article")
    return " ".join(found.get_text(" ").replace("\u00ad", "").split()) if found else ""


def test_serve_shows_content_errors_in_the_browser_until_they_are_fixed(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "site-source")
    practice = root / PRACTICE
    original = practice.read_text(encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log_path = tmp_path / "serve.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=root,
                                  env=ENV, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for(base + PRACTICE_URL, lambda body: "Память поколений" in article(body))
            broken = original.replace("municipality: hislavichskiy", "municipality: hislavichi")
            broken = broken.replace("organization: МБОУ «Образцовая средняя школа»", "organization:")
            assert broken.count("\n") == original.count("\n") and broken != original
            practice.write_text(broken, encoding="utf-8")
            shown = article(wait_for(base + PRACTICE_URL, lambda body: TITLE in article(body)))
            lines = broken.splitlines()
            organization = next(n for n, line in enumerate(lines, 1) if line.startswith("organization:"))
            municipality = next(n for n, line in enumerate(lines, 1) if line.startswith("municipality:"))
            assert (f"{PRACTICE} {organization} organization (Образовательная организация) обязательное поле не "
                    "заполнено") in shown, shown
            assert f"{PRACTICE} {municipality} municipality (Муниципальное" in shown and "hislavichskiy" in shown, shown
            assert "Память поколений" not in shown  # no stale page
            home = article(fetch(base) or "")
            assert TITLE in home and PRACTICE in home
            terminal = log_path.read_text(encoding="utf-8", errors="replace")
            assert f"{PRACTICE}:{organization}: organization: обязательное поле не заполнено" in terminal

            practice.write_text(original, encoding="utf-8")
            fixed = article(wait_for(base + PRACTICE_URL, lambda body: TITLE not in article(body)))
            assert "Память поколений" in fixed
            assert TITLE not in article(fetch(base) or "")
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=20)
