"""``python -m generator edit``: the browser editor on one's own computer, in one command.

decap-server saves what the editor writes straight into the project folder (its file mode: no branches, the
editor commits with git as usual), and ``mkdocs serve`` shows the site and ``/admin/`` with every change.
Both listen on 127.0.0.1 only, and decap-server runs behind local_proxy.cjs, which lets through only requests
from the editor's own page (web pages elsewhere in the same browser can reach 127.0.0.1 too). Ctrl+C stops both.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from mkdocs.utils.yaml import yaml_load

from ..core.project import SettingsError, read_settings
from ..outputs.admin import installed
from ..outputs.decap import AdminSettingsError, admin_settings

DECAP_SERVER = Path("node_modules") / "decap-server" / "dist" / "middlewares.js"  # what local_proxy.cjs runs
LOCAL_PROXY = Path(__file__).with_name("local_proxy.cjs")


class EditError(Exception):
    """Why the editor cannot start, in Russian."""


def editor_commands(root: Path, site_port: int) -> list[tuple[list[str], dict[str, str]]]:
    """The two programs to start: (command, environment) of decap-server and of mkdocs serve."""
    if not installed(root) or not (root / DECAP_SERVER).exists():
        raise EditError("не установлен Decap CMS: выполните в папке проекта команду "
                        "npm install --no-audit --no-fund --no-package-lock")
    try:
        read_settings(root / "mkdocs.yml")  # what cannot be read is told with its line, in Russian
        with (root / "mkdocs.yml").open(encoding="utf-8-sig") as file:  # as MkDocs reads it: !ENV and the like
            extra = (yaml_load(file) or {}).get("extra") or {}
        settings = admin_settings((extra.get("omo") or {}).get("admin"))
    except (AdminSettingsError, SettingsError) as error:
        raise EditError(str(error)) from None
    except OSError:
        raise EditError(f"в папке {root} нет mkdocs.yml: запустите команду из папки сайта") from None
    if (node := shutil.which("node")) is None:
        raise EditError("не найдена программа Node.js (node): установите её с nodejs.org и запустите команду снова")
    base = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    proxy = base | {"GIT_REPO_DIRECTORY": str(root.resolve()), "PORT": str(settings.local_port), "MODE": "fs",
                    "BIND_HOST": "127.0.0.1", "LOG_LEVEL": "warn",
                    "OMO_EDITOR_ORIGINS": f"http://127.0.0.1:{site_port} http://localhost:{site_port}"}
    serve = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{site_port}"]
    return [([node, str(LOCAL_PROXY)], proxy), (serve, base)]


_INTERRUPTED = {0, -signal.SIGINT, 128 + signal.SIGINT}  # how mkdocs serve and decap-server end after Ctrl+C


def run_editor(root: Path, site_port: int = 8000) -> int:
    try:
        commands = editor_commands(root, site_port)
    except EditError as error:
        print(f"Ошибка: {error}", file=sys.stderr)
        return 1
    processes = [subprocess.Popen(command, cwd=root, env=env) for command, env in commands]
    print(f"Редактор: http://127.0.0.1:{site_port}/admin/ (вход — кнопкой «Войти», без пароля)\n"
          f"Сайт: http://127.0.0.1:{site_port}/\n"
          "Записи сохраняются прямо в папку проекта; отправьте их в репозиторий как обычно (git commit, push).\n"
          "Остановить: Ctrl+C", flush=True)
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
        # Ctrl+C reaches the whole group: a program may stop of it before this process hears it. Neither stops
        # with those codes on its own.
        if all(process.returncode in _INTERRUPTED for process in processes if process.returncode is not None):
            code = 0
        else:
            print("Ошибка: одна из программ редактора остановилась, останавливаю вторую", file=sys.stderr)
            code = 1
    except KeyboardInterrupt:
        code = 0
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    return code
