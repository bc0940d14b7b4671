"""Command line: ``python -m generator check`` reports every problem in the content."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .core.errors import ContentError, Problem
from .core.examples import copied_examples
from .core.load import load_content
from .core.project import SettingsError, project_paths
from .core.schema import SCHEMA_DIR, outdated_schemas, write_schemas
from .core.site import build_site
from .core.story_dates import story_date_mismatches
from .editors.new import KINDS, NewEntryError, create_entry, vocabularies
from .editors.new_fields import ask_missing
from .outputs.export import ExportError, export_site
from .pages.too_deep import GeneratedPageTooDeep


def check(root: Path, output_format: str = "text") -> int:
    """Print every problem of the project in ``root``; 0 when there are none, 1 otherwise."""
    paths = project_paths(root)
    content = load_content(paths.root, paths.data, paths.docs)
    try:
        build_site(content, paths.docs)
        problems: list[Problem] = []
    except ContentError as error:
        problems = error.problems
    warnings = sorted(copied_examples(content) + story_date_mismatches(content))  # the site builds with them
    if output_format == "json":
        print(json.dumps({"ok": not problems, "problems": [problem_json(p) for p in problems],
                          "warnings": [problem_json(w) for w in warnings]}, ensure_ascii=False, indent=2))
        return 1 if problems else 0
    for warning in warnings:  # on stderr, as warnings go: the report itself stays as it was
        print(f"Предупреждение: {warning}", file=sys.stderr)
    print(ContentError(problems).report() if problems else "Ошибок не найдено.")
    return 1 if problems else 0


def new(root: Path, kind: str, values: dict[str, str]) -> int:
    paths = project_paths(root)
    choices = vocabularies(paths)
    try:
        if sys.stdin.isatty():  # a person at the keyboard: ask for what is missing, checking each answer
            values = ask_missing(kind, values, choices, input, print)
        entry = create_entry(paths, kind, values, choices)
    except NewEntryError as error:
        print(f"Ошибка: {error}", file=sys.stderr)
        return 1
    except (EOFError, KeyboardInterrupt):
        print("\nФайл не создан.", file=sys.stderr)
        return 1
    print(f"Создан файл {entry.path.relative_to(root).as_posix()}")
    if entry.to_fill:
        print("Файл ещё не готов: пока не заполнено то, что ниже, проверка не пройдёт и сайт не соберётся.")
        for problem in entry.to_fill:
            print(f"  {problem}")
    return 0


def schema(root: Path, check_only: bool) -> int:
    if check_only:
        outdated = outdated_schemas(root)
        for name in outdated:
            print(f"{SCHEMA_DIR}/{name}: схема устарела, выполните python -m generator schema")
        return 1 if outdated else 0
    for path in write_schemas(root):
        print(f"Записан {path.relative_to(root).as_posix()}")
    return 0


def export(root: Path, target: Path) -> int:
    try:
        warnings = export_site(project_paths(root), target)
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return 1
    except (ExportError, GeneratedPageTooDeep) as error:
        print(f"Ошибка: {error}", file=sys.stderr)
        return 1
    for warning in warnings:
        print(f"Предупреждение: {warning}", file=sys.stderr)
    print(f"Сайт выгружен в {target}: соберите его командой mkdocs build -f {target / 'mkdocs.yml'}")
    return 0


def problem_json(problem: Problem) -> dict[str, object]:
    return {"file": problem.path, "line": problem.line or None, "field": problem.field or None,
            "message": problem.message, "text": str(problem)}


# argparse's own words (its help and its errors) in Russian: it asks gettext for them, and Python has no Russian
# catalogue. A word missing here stays in English rather than breaking the command.
_ARGPARSE_WORDS = {
    "usage: ": "запуск: ",
    "positional arguments": "что указать",
    "options": "параметры",
    "show this help message and exit": "показать эту справку",
    "%(prog)s: error: %(message)s\n": "%(prog)s: ошибка: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "нет варианта %(value)r; можно: %(choices)s",
    "invalid %(type)s value: %(value)r": "недопустимое значение %(value)r",
    "the following arguments are required: %s": "не указано: %s",
    "unrecognized arguments: %s": "неизвестные параметры: %s",
    "expected one argument": "после параметра нужно значение",
    "ambiguous option: %(option)s could match %(matches)s": "неясно, какой параметр: %(option)s — это %(matches)s",
    "one of the arguments %s is required": "нужен один из параметров %s",
    "not allowed with argument %s": "нельзя вместе с %s",
}


def _russian_argparse() -> None:
    argparse._ = lambda text: _ARGPARSE_WORDS.get(text, text)  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    _russian_argparse()
    parser = argparse.ArgumentParser(prog="python -m generator", description="Сайт ОМО школьных библиотекарей")
    commands = parser.add_subparsers(dest="command", required=True, metavar="команда")
    check_parser = commands.add_parser("check", help="проверить данные и новости, ничего не записывая")
    check_parser.add_argument("--project", type=Path, default=Path("."),
                              help="папка с mkdocs.yml (по умолчанию текущая)")
    check_parser.add_argument("--format", choices=("text", "json"), default="text", help="вид отчёта")

    new_parser = commands.add_parser("new", help="создать файл нового заседания, практики или новости")
    new_parser.add_argument("kind", choices=KINDS, metavar="вид", help=f"что создать: {', '.join(KINDS)}")
    new_parser.add_argument("--project", type=Path, default=Path("."), help="папка с mkdocs.yml")
    for name, help_text in (("title", "название"), ("date", "дата, ГГГГ-ММ-ДД (по умолчанию сегодня)"),
                            ("kind-of-meeting", "вид заседания"), ("format", "формат заседания"),
                            ("time", "время начала"), ("place", "место"), ("organization", "организация"),
                            ("municipality", "муниципальное образование: id или название"),
                            ("themes", "направления: id или названия через запятую"),
                            ("form", "форма работы практики"),
                            ("summary", "кратко"), ("description", "описание практики")):
        new_parser.add_argument(f"--{name}", help=help_text)

    schema_parser = commands.add_parser("schema", help="записать JSON Schema файлов данных в schemas/")
    schema_parser.add_argument("--project", type=Path, default=Path("."), help="папка с mkdocs.yml")
    schema_parser.add_argument("--check", action="store_true", help="только проверить, что схемы не устарели")

    export_parser = commands.add_parser("export", help="выгрузить сайт в Markdown для сборки без этого модуля")
    export_parser.add_argument("target", type=Path, help="новая или пустая папка")
    export_parser.add_argument("--project", type=Path, default=Path("."), help="папка с mkdocs.yml")

    edit_parser = commands.add_parser("edit", help="редактор /admin/ и предпросмотр сайта на своём компьютере")
    edit_parser.add_argument("--project", type=Path, default=Path("."), help="папка с mkdocs.yml")
    edit_parser.add_argument("--port", type=int, default=8000, help="порт предпросмотра (по умолчанию 8000)")

    args = parser.parse_args(argv)
    # Windows consoles may not be UTF-8: Russian messages must not turn into an encoding error.
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    try:
        return _run(args)
    except SettingsError as error:  # mkdocs.yml, which every command reads first
        print(f"Ошибка: {error}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    if args.command == "new":
        values = {name: getattr(args, name) for name in ("title", "date", "format", "time", "place", "organization",
                                                         "municipality", "themes", "form", "summary", "description")}
        values["kind"] = args.kind_of_meeting
        return new(args.project, args.kind, {k: v for k, v in values.items() if v})
    if args.command == "export":
        return export(args.project, args.target)
    if args.command == "schema":
        return schema(args.project, args.check)
    if args.command == "edit":
        from .editors.edit import run_editor  # starts programs: imported only for this command

        return run_editor(args.project, args.port)
    return check(args.project, args.format)
