"""What ansible-test needs around it to run here: a pip bootstrap it can find, and PATH."""

from __future__ import annotations

import os
import tempfile

from devtools import get_pip_standin, interpreters
from devtools.venvs import Venv

GET_PIP_CACHE_DIR = os.path.expanduser("~/.ansible/test/cache")


def install_get_pip_standin(pip_version: str) -> str:
    """Put the stand-in where ansible-test looks for a cached get-pip script.

    A file that is not ours (a real get-pip.py someone downloaded) is kept.
    """
    target = os.path.join(GET_PIP_CACHE_DIR, f"get_pip_{pip_version.replace('.', '_')}.py")
    with open(get_pip_standin.__file__, encoding="utf-8") as standin_file:
        content = f"# {get_pip_standin.STANDIN_MARKER}\n{standin_file.read()}"
    if os.path.exists(target):
        with open(target, encoding="utf-8", errors="replace") as existing_file:
            existing = existing_file.read()
        if existing == content or get_pip_standin.STANDIN_MARKER not in existing.partition("\n")[0]:
            return target
    os.makedirs(GET_PIP_CACHE_DIR, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=GET_PIP_CACHE_DIR, suffix=".tmp")
    with os.fdopen(descriptor, "w", encoding="utf-8") as target_file:
        target_file.write(content)
    os.chmod(temporary, 0o644)
    os.replace(temporary, target)
    return target


def tool_env(venv: Venv, base_env: dict[str, str], with_all_pythons: bool = False) -> dict[str, str]:
    """Environment for running tools from `venv`.

    With `with_all_pythons`, every installed Python 3 version is reachable as
    pythonX.Y (real interpreters, not pyenv shims), for the sanity tests that
    run once per Python version.
    """
    env = dict(base_env)
    path = [venv.bin_dir]
    if with_all_pythons:
        path += [directory for directory in interpreters.interpreter_dirs() if directory not in path]
    path += [directory for directory in interpreters.path_without_shims(base_env.get("PATH", os.defpath)) if directory not in path]
    env["PATH"] = os.pathsep.join(path)
    env["VIRTUAL_ENV"] = venv.path
    return env
