"""The generator's folders are layers (ARCHITECTURE.md, «Папки кода»): each imports only the layers before it,
so the core never needs MkDocs and the pages never need the plugin."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
LAYERS = ["core", "pages", "outputs", "mkdocs", "editors"]


def imported_layers(source: str, own: tuple[str, ...]) -> list[tuple[int, str]]:
    """The generator layers a module imports (at the top or inside functions), with their lines; ``own`` is the
    module's path in the package (``("core", "site.py")``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's own package
                base = list(own[:-1])[: len(own) - node.level]
                parts = base + (node.module.split(".") if node.module else [])
            elif node.module and node.module.split(".")[0] == "generator":
                parts = node.module.split(".")[1:]
            else:
                continue
            names = [parts[0]] if parts else [alias.name for alias in node.names]
            found += [(node.lineno, name) for name in names if name in LAYERS]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[1]) for alias in node.names
                      if alias.name.startswith("generator.") and alias.name.split(".")[1] in LAYERS]
    return found


def test_every_module_lies_in_a_layer_or_is_a_command() -> None:
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "cli.py", "quiet.py"]
    assert sorted(path.name for path in PACKAGE.iterdir() if path.is_dir() and path.name != "__pycache__") \
        == sorted(LAYERS)


def test_each_layer_imports_only_the_layers_before_it() -> None:
    wrong = []
    for layer in LAYERS:
        for path in sorted((PACKAGE / layer).rglob("*.py")):
            for line, imported in imported_layers(path.read_text(encoding="utf-8"), path.relative_to(PACKAGE).parts):
                if LAYERS.index(imported) > LAYERS.index(layer):
                    wrong.append(f"{path.relative_to(PACKAGE)}:{line} imports {imported}")
    assert wrong == []


def test_the_check_sees_imports_across_layers() -> None:
    """The reader of imports itself: relative, absolute, of a package and inside a function."""
    source = ("from ..mkdocs import plugin\nfrom generator.outputs.search import X\nfrom .. import editors\n"
              "import generator.core.site\nfrom .site import Site\ndef f():\n    from ..pages.pages import Y\n")
    assert sorted(name for _, name in imported_layers(source, ("core", "probe.py"))) == \
        ["core", "core", "editors", "mkdocs", "outputs", "pages"]
