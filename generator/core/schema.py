"""JSON Schema of every editors' file type, made from the models that validate them.

Committed under ``schemas/`` so that editors' YAML language servers give
autocompletion and underline mistakes while typing (see ``.vscode/settings.json``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import model

SCHEMA_DIR = "schemas"

# file name -> (model, files it applies to, whether the file is a list of such records, title)
SCHEMAS: dict[str, tuple[type[BaseModel], str, bool, str]] = {
    "meeting.schema.json": (model.Meeting, "data/meetings/*.yml", False, "Заседание"),
    "directive.schema.json": (model.Directive, "data/directives/*.yml", False, "Резолюция заседания"),
    "practice.schema.json": (model.Practice, "data/practices/*.yml", False, "Практика"),
    "report.schema.json": (model.Report, "data/reports/*/*.yml", False, "Отчёт района о выполнении резолюции"),
    "story.schema.json": (model.StoryMeta, "content/stories/*.md", False, "Поля новости (front matter)"),
    "audiences.schema.json": (model.Audience, "data/audiences.yml", True, "Адресаты резолюций"),
    "municipalities.schema.json": (model.Municipality, "data/municipalities.yml", True,
                                   "Муниципальные образования"),
    "themes.schema.json": (model.Theme, "data/themes.yml", True, "Направления работы"),
    "partners.schema.json": (model.Partner, "data/partners.yml", True, "Партнёры (подвал сайта)"),
}


def schema_of(name: str) -> dict[str, Any]:
    cls, _, is_list, title = SCHEMAS[name]
    schema = cls.model_json_schema(mode="validation")
    schema.pop("title", None)
    if cls is model.Directive:
        # An item is a Markdown string, or a mapping when it carries a due date or progress.
        for items in schema["properties"]["items"]["patternProperties"].values():
            items["items"] = {"anyOf": [{"type": "string", "minLength": 1}, items["items"]]}
    if is_list:
        definitions = schema.pop("$defs", None)
        schema = {"type": "array", "items": schema}
        if definitions:
            schema["$defs"] = definitions
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **schema}


def render(name: str) -> str:
    return json.dumps(schema_of(name), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(root: Path) -> list[Path]:
    folder = root / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    written = []
    for name in SCHEMAS:
        path = folder / name
        path.write_text(render(name), encoding="utf-8", newline="\n")
        written.append(path)
    return written


def outdated_schemas(root: Path) -> list[str]:
    """Names of committed schemas that differ from the models (or are missing)."""
    folder = root / SCHEMA_DIR
    return [name for name in SCHEMAS
            if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != render(name)]


def editor_settings() -> dict[str, Any]:
    """``yaml.schemas`` for VS Code's YAML extension: schema file -> files it checks."""
    return {"yaml.schemas": {f"./{SCHEMA_DIR}/{name}": pattern for name, (_, pattern, _, _) in SCHEMAS.items()
                             if pattern.endswith(".yml")}}
