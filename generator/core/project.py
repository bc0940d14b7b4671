"""Where a project keeps its content, read from ``mkdocs.yml`` without MkDocs itself."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from .errors import Problem
from .yamlio import line_of, yaml_problem

_NOT_SETTINGS = "ожидаются настройки вида «название: значение», каждая на своей строке"
_NOT_LIST = "ожидается список: каждый пункт на своей строке, начиная с «- »"
# Settings whose shape the commands rely on (MkDocs checks the rest when it builds).
_SHAPES = (("extra", dict, _NOT_SETTINGS), ("theme", (dict, str), _NOT_SETTINGS), ("plugins", list, _NOT_LIST),
           ("markdown_extensions", list, _NOT_LIST))


class SettingsError(Exception):
    """mkdocs.yml cannot be read: where and why, in Russian."""


@dataclass(frozen=True)
class ProjectPaths:
    root: Path
    docs: Path
    data: Path


def settings_yaml() -> YAML:
    yaml = YAML(typ="rt")  # keeps comments and tags such as !!python/object/apply
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def read_settings(path: Path) -> Any:
    """``mkdocs.yml`` as written, comments and tags kept; what cannot be read is a ``SettingsError`` with its
    line. A key given twice is refused: MkDocs would quietly take one of the two values."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SettingsError(f"{path.name}: файл не в кодировке UTF-8: сохраните его в UTF-8") from None
    try:
        settings = settings_yaml().load(text)
    except YAMLError as error:
        raise SettingsError(str(yaml_problem(error, text, path.name))) from None
    if settings is None:
        return {}
    if not isinstance(settings, dict):
        raise SettingsError(f"{path.name}: {_NOT_SETTINGS}")
    for key, kind, shape in _SHAPES:
        if settings.get(key) is not None and not isinstance(settings[key], kind):
            raise SettingsError(str(Problem(path.name, line_of(settings, (key,)), key, shape)))
    omo = (settings.get("extra") or {}).get("omo")
    if omo is not None and not isinstance(omo, dict):
        raise SettingsError(str(Problem(path.name, line_of(settings, ("extra", "omo")), "extra.omo", _NOT_SETTINGS)))
    # The footer prints the contacts line by line: a single line of text would come out a letter per line.
    if isinstance(omo, dict) and omo.get("contacts") is not None and not isinstance(omo["contacts"], list):
        line = line_of(settings, ("extra", "omo", "contacts"))
        raise SettingsError(str(Problem(path.name, line, "extra.omo.contacts", _NOT_LIST)))
    return settings


def project_paths(root: Path) -> ProjectPaths:
    """Folders of the project whose ``mkdocs.yml`` is in ``root`` (defaults when it is absent)."""
    config_file = root / "mkdocs.yml"
    settings = read_settings(config_file) if config_file.is_file() else {}
    data_dir = "data"
    for plugin in settings.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("omo"), dict):
            data_dir = plugin["omo"].get("data_dir", data_dir)
    return ProjectPaths(root, root / str(settings.get("docs_dir") or "docs"), root / data_dir)
