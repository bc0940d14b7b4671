"""The plain-Material baseline: a project of the same size that any Material site could be.

Material for MkDocs' own templates with the same theme settings plus `navigation.prune` (each page's
navigation holds only the open section, as a large Material site would set it), Material's own `search`
plugin (it builds a lunr index, as our site builds a Pagefind one), no plugin of ours, and as many
Markdown pages as our site has HTML pages: ~600 Russian words each, in folders of 100, the same nav shape.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import generate
import yaml

BASELINE_FEATURES = ["navigation.prune"]
BASELINE_PLUGINS = ["search"]


class Tagged:
    """A YAML value with a tag PyYAML's safe loader does not know (``!!python/…``, ``!ENV``), kept as written."""

    def __init__(self, tag: str, value: Any):
        self.tag, self.value = tag, value


class _KeepLoader(yaml.SafeLoader):
    pass


class _KeepDumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:  # noqa: ARG001
    if isinstance(node, yaml.MappingNode):
        return Tagged(node.tag, loader.construct_mapping(node, deep=True))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(node.tag, loader.construct_sequence(node, deep=True))
    return Tagged(node.tag, loader.construct_scalar(node))


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_KeepLoader.add_multi_constructor("", _construct_tagged)
_KeepDumper.add_representer(Tagged, _represent_tagged)


def _nav_files(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [f for item in nav for f in _nav_files(item)]
    if isinstance(nav, dict):
        return [f for value in nav.values() for f in _nav_files(value)]
    return []


def _remap_nav(nav: Any, targets: list[str]) -> Any:
    """The same nav shape, each page replaced by the next of ``targets``; entries past the end are dropped."""
    if isinstance(nav, str):
        return targets.pop(0) if targets else None
    if isinstance(nav, list):
        items = [_remap_nav(item, targets) for item in nav]
        return [item for item in items if item not in (None, [], {})]
    if isinstance(nav, dict):
        mapped = {key: _remap_nav(value, targets) for key, value in nav.items()}
        mapped = {key: value for key, value in mapped.items() if value not in (None, [])}
        return mapped or None
    return nav


def make_baseline(source: Path, out: Path, pages: int) -> dict:
    """Write the baseline project for ``source`` into ``out``: ``pages`` Markdown pages (see above)."""
    generate.prepare_folder(out)
    settings = yaml.load((source / "mkdocs.yml").read_text(encoding="utf-8-sig"), Loader=_KeepLoader)  # noqa: S506
    plugins = [p for p in settings.get("plugins") or [] if _name(p) != "omo"]
    settings["plugins"] = [*BASELINE_PLUGINS, *(p for p in plugins if _name(p) not in BASELINE_PLUGINS)]
    theme = settings.setdefault("theme", {})
    features = theme.setdefault("features", [])
    features.extend(f for f in BASELINE_FEATURES if f not in features)
    settings["docs_dir"] = "docs"
    theme.pop("custom_dir", None)  # Material's own templates: our overrides are part of what is measured
    docs = out / "docs"
    rng = random.Random(generate.SEED + 1)
    names = ["index.md"]
    folder_count = (pages - 1 + 99) // 100
    for folder in range(1, folder_count + 1):
        in_folder = min(100, pages - 1 - (folder - 1) * 100)
        names += [f"razdel-{folder:02d}/index.md" if i == 1 else f"razdel-{folder:02d}/stranica-{i:03d}.md"
                  for i in range(1, in_folder + 1)]
    words = 0
    for number, name in enumerate(names):
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = _baseline_page(rng, number)
        words += generate.words_of(text)
        path.write_text(text, encoding="utf-8")
    # Nav: the section pages first (home, then each folder's index), as ours lists section pages.
    order = ["index.md"] + [n for n in names if n.endswith("/index.md")] + [n for n in names[1:]
                                                                           if not n.endswith("/index.md")]
    nav_pages = len(_nav_files(settings.get("nav") or []))
    settings["nav"] = _remap_nav(settings.get("nav") or [], order[:nav_pages])
    (out / "mkdocs.yml").write_text(
        yaml.dump(settings, Dumper=_KeepDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (out / generate.MARKER).write_text("baseline\n", encoding="utf-8")
    return {"pages": len(names), "words": words // max(1, len(names)), "nav_pages": nav_pages}


def _name(plugin: Any) -> str:
    return plugin if isinstance(plugin, str) else next(iter(plugin))


def _baseline_page(rng: random.Random, number: int) -> str:
    title = rng.choice(generate.MEETING_TOPICS) if number % 3 else \
        rng.choice(generate.TITLE_BY_FORM[rng.choice(generate.FORMS)]).format(rng.choice(generate.PRACTICE_NAMES))
    parts = [f"# {title}"]
    paragraphs = generate.paragraphs(rng, 545, 8)
    for index, paragraph in enumerate(paragraphs):
        if index % 2 == 0 and index:
            parts.append(f"## {rng.choice(generate.PROBLEMS).rstrip('.')}")
        parts.append(paragraph)
        if index == 3:
            parts.append("\n".join(f"- {generate._cap(o)};" for o in rng.sample(generate.OBJECTS, 4)))
    return "\n\n".join(parts) + "\n"
