"""The other engines that build the site: ProperDocs (with our plugin) and Zensical (the export folder).

ProperDocs 1.6 is a fork of MkDocs 1.6 with a module and a command of its own (`properdocs`), so it
installs beside MkDocs: it is in the `test` extra. Zensical's theme package (zensical-ui) is not on the
registry the project installs from, so Zensical goes into a folder of its own under `.cache/`, without
it, and renders with Material for MkDocs' templates in its place (`theme.variant: classic`, the Material
look). Used by tests/test_portability.py and by `bench/run.py --engines`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ZENSICAL = "zensical==0.1.1"
# Zensical 0.1.1's requirements as its package states them, less zensical-ui.
ZENSICAL_NEEDS = ["click>=8.1.8", "jinja2>=3.1", "markdown>=3.7", "pathspec>=1.0.4", "pygments>=2.20",
                  "pymdown-extensions>=11.0", "pyyaml>=6.0.2", "tomli>=2.4.0"]
ZENSICAL_HOME = REPO / ".cache" / ZENSICAL.replace("==", "-")

STAND_IN_THEME = '''"""Stand-in for zensical-ui, which the registry does not have: Material for MkDocs' templates."""


def get_theme_dir():
    return {templates!r}
'''


class EngineMissing(Exception):
    """An engine could not be had; the message says why."""


def properdocs_command() -> list[str]:
    try:
        import properdocs  # noqa: F401
    except ImportError:
        raise EngineMissing('ProperDocs is not installed: pip install -e ".[test]"') from None
    return [sys.executable, "-m", "properdocs"]


def zensical_command() -> list[str]:
    """Zensical's command, installed into .cache/ on first use (the project's environment keeps MkDocs and
    Material as they are); the stand-in theme points at the Material of this environment."""
    import material

    python = ZENSICAL_HOME / "bin" / "python"
    command = ZENSICAL_HOME / "bin" / "zensical"
    if not command.is_file():
        shutil.rmtree(ZENSICAL_HOME, ignore_errors=True)
        venv.create(ZENSICAL_HOME, with_pip=True)
        pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        for arguments in (["--no-deps", ZENSICAL], ZENSICAL_NEEDS):
            installed = subprocess.run([*pip, *arguments], capture_output=True, text=True, check=False)
            if installed.returncode != 0:
                shutil.rmtree(ZENSICAL_HOME, ignore_errors=True)
                raise EngineMissing(f"pip install {' '.join(arguments)} failed:\n{installed.stderr[-2000:]}")
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    templates = Path(material.__file__).parent / "templates"
    (Path(purelib) / "zensical_ui.py").write_text(STAND_IN_THEME.format(templates=str(templates)), encoding="utf-8")
    return [str(command)]


def for_zensical(export: Path, *, our_theme: bool) -> None:
    """The export's mkdocs.yml made ready for Zensical: the classic (Material) variant, and without our
    theme/ unless asked (Zensical's MiniJinja has no Python string methods, which the theme calls)."""
    path = export / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("\n  name: material\n", "\n  name: material\n  variant: classic\n", 1)
    if not our_theme:
        text = text.replace("\n  custom_dir: theme\n", "\n", 1)
    path.write_text(text, encoding="utf-8")
