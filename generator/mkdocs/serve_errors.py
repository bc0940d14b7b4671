"""Live preview with errors: every page of the site says what to fix, until it is fixed.

During ``mkdocs serve`` a content error does not stop the preview, and the
editor looks at the browser, not at the terminal. So the site is rebuilt with
one page, the list of problems, at every address it had (and at the menu's),
and the browser reloads it as it reloads any page. The next good build brings
the real pages back.
"""

from __future__ import annotations

from html import escape
from typing import Any

from mkdocs.structure.files import File, Files

from ..core.errors import ContentError, Problem
from ..core.load import form_label

TITLE = "Ошибки в материалах сайта"


def error_markdown(problems: list[Problem]) -> str:
    """The page: what happened, then a table of the problems (the editors' text is escaped as HTML)."""
    rows = "\n".join(
        "<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in (p.path, p.line or "", _field(p), p.message))
        + "</tr>" for p in problems)
    count = len(problems)
    return (f"# {TITLE}\n\n"
            f"Предпросмотр остановлен: в файлах найдено ошибок — {count}. Исправьте их и сохраните файл: "
            "сайт соберётся заново, и эта страница сменится настоящей. Те же сообщения — в терминале, где "
            "запущен `mkdocs serve`; что они означают — на странице руководства «Ошибки при сборке».\n\n"
            '<table class="omo-problems">\n<thead><tr><th>файл</th><th>строка</th><th>поле</th>'
            f"<th>что не так и как исправить</th></tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n\n"
            f"{escape(ContentError(problems).report().splitlines()[-1])}\n")


def _field(problem: Problem) -> str:
    """The field as the file and the browser editor's form name it: «end_time (Время окончания)»."""
    label = form_label(problem.path, problem.field) if problem.field else ""
    return f"{problem.field} ({label})" if label else problem.field


def error_files(files: Files, config: Any, problems: list[Problem], known: list[str]) -> Files:
    """``files`` with every page replaced by the error page; ``known`` are addresses of generated pages."""
    markdown = error_markdown(problems)
    addresses = {file.src_uri for file in files.documentation_pages()} | set(known) | set(nav_pages(config.nav))
    addresses.add("index.md")
    for file in list(files.documentation_pages()):
        files.remove(file)
    for src_uri in sorted(addresses):
        files.append(File.generated(config, src_uri, content=markdown))
    return files


def nav_pages(nav: Any) -> list[str]:
    """The pages named in the ``nav`` setting, so that the menu keeps working on the error pages."""
    if isinstance(nav, str):
        return [nav] if nav.endswith(".md") and "://" not in nav else []
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in nav_pages(value)]
    if isinstance(nav, list):
        return [page for value in nav for page in nav_pages(value)]
    return []
