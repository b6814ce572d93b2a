"""What ansible-test needs around it to run here: real interpreters on PATH and a pip bootstrap it can find offline."""

from __future__ import annotations

import os
import tempfile

from devtools.venvs import KNOWN_PYTHON_VERSIONS, Venv, find_python, path_without_shims

GET_PIP_CACHE_DIR = os.path.expanduser("~/.ansible/test/cache")
# ansible-test runs ~/.ansible/test/cache/get_pip_<version>.py, when it exists, instead of downloading get-pip.py from a
# host that cannot be reached here, with get-pip.py's arguments (pip==24.2 --no-setuptools --no-wheel). This stand-in
# installs the bundled pip, then the one asked for; the marker line lets a later run refresh it and leave a real script alone.
STANDIN_MARKER = "# twilio-flex get-pip stand-in"
GET_PIP_STANDIN = f"""{STANDIN_MARKER}
import subprocess, sys
arguments = [argument for argument in sys.argv[1:] if argument not in ("--no-setuptools", "--no-wheel", "--no-pip")]
subprocess.run([sys.executable, "-m", "ensurepip", "--default-pip"], check=True, stdout=subprocess.DEVNULL)
subprocess.run([sys.executable, "-m", "pip", "install", *arguments], check=True)
if "--no-setuptools" in sys.argv:
    subprocess.run([sys.executable, "-m", "pip", "uninstall", "--yes", "--quiet", "setuptools"], check=True, stderr=subprocess.DEVNULL)
"""


def install_get_pip_standin(pip_version: str) -> None:
    """Put the stand-in where ansible-test looks for a cached get-pip script, unless a real one is there."""
    target = os.path.join(GET_PIP_CACHE_DIR, f"get_pip_{pip_version.replace('.', '_')}.py")
    if os.path.exists(target):
        with open(target, encoding="utf-8", errors="replace") as existing:
            if not existing.readline().startswith(STANDIN_MARKER):
                return
    os.makedirs(GET_PIP_CACHE_DIR, exist_ok=True)
    # Written aside and moved in place: two steps may do this at once.
    descriptor, temporary = tempfile.mkstemp(dir=GET_PIP_CACHE_DIR, suffix=".tmp")
    with os.fdopen(descriptor, "w", encoding="utf-8") as standin:
        standin.write(GET_PIP_STANDIN)
    os.chmod(temporary, 0o644)
    os.replace(temporary, target)


def tool_env(venv: Venv, base_env: dict[str, str], with_all_pythons: bool = False) -> dict[str, str]:
    """Environment for running tools from `venv`; with `with_all_pythons`, every installed Python 3 is on PATH as
    pythonX.Y, for the sanity tests that run once per Python version."""
    path = [venv.bin_dir]
    if with_all_pythons:
        path += [os.path.dirname(found) for found in map(find_python, KNOWN_PYTHON_VERSIONS) if found]
    path += path_without_shims(base_env.get("PATH", os.defpath))
    return dict(base_env, PATH=os.pathsep.join(dict.fromkeys(path)), VIRTUAL_ENV=venv.path)
