"""Command line: ``python -m generator check`` reports every problem in the content."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .build import load_site
from .errors import ContentError, Problem
from .project import project_paths


def check(root: Path, output_format: str = "text") -> int:
    """Print every problem of the project in ``root``; 0 when there are none, 1 otherwise."""
    paths = project_paths(root)
    try:
        load_site(paths.root, paths.data, paths.docs)
        problems: list[Problem] = []
    except ContentError as error:
        problems = error.problems
    if output_format == "json":
        print(json.dumps({"ok": not problems, "problems": [problem_json(p) for p in problems]},
                         ensure_ascii=False, indent=2))
    elif problems:
        print(ContentError(problems).report())
    else:
        print("Ошибок не найдено.")
    return 1 if problems else 0


def problem_json(problem: Problem) -> dict[str, object]:
    return {"file": problem.path, "line": problem.line or None, "field": problem.field or None,
            "message": problem.message, "text": str(problem)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description="Сайт ОМО школьных библиотекарей")
    commands = parser.add_subparsers(dest="command", required=True, metavar="команда")
    check_parser = commands.add_parser("check", help="проверить данные и новости, ничего не записывая")
    check_parser.add_argument("--project", type=Path, default=Path("."),
                              help="папка с mkdocs.yml (по умолчанию текущая)")
    check_parser.add_argument("--format", choices=("text", "json"), default="text", help="вид отчёта")
    args = parser.parse_args(argv)
    # Windows consoles may not be UTF-8: Russian messages must not turn into an encoding error.
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    return check(args.project, args.format)
