"""Find real Python interpreters by version.

pyenv shims are skipped: a shim for a version that is installed but not selected exits with an error, which confuses
ansible-test when it looks an interpreter up by name. The real interpreters live in `pyenv root`/versions.
"""

from __future__ import annotations

import functools
import glob
import os
import shutil
import subprocess
import sys

# Every CPython 3 version that any supported ansible-core may test modules with.
KNOWN_PYTHON_VERSIONS = ("3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14")


@functools.lru_cache(maxsize=None)
def pyenv_root() -> str:
    pyenv = shutil.which("pyenv")
    if os.environ.get("PYENV_ROOT") or not pyenv:
        return os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    completed = subprocess.run([pyenv, "root"], capture_output=True, text=True, timeout=20, check=False)
    return completed.stdout.strip() or os.path.expanduser("~/.pyenv")


def path_without_shims(path: str) -> list[str]:
    """The entries of a PATH value, without pyenv-style shim folders."""
    return [directory for directory in path.split(os.pathsep) if directory and os.path.basename(os.path.normpath(directory)) != "shims"]


def _candidates(version: str) -> list[str]:
    # Newest patch release first: 3.11.9 before 3.11.7.
    installed = sorted(
        glob.glob(os.path.join(pyenv_root(), "versions", f"{version}*", "bin", f"python{version}")),
        key=lambda path: [int(part) for part in path.split(os.sep)[-3].split(".") if part.isdigit()],
        reverse=True,
    )
    on_path = [os.path.join(directory, f"python{version}") for directory in path_without_shims(os.environ.get("PATH", ""))]
    current = [sys.executable] if f"{sys.version_info[0]}.{sys.version_info[1]}" == version else []
    return installed + on_path + current


@functools.lru_cache(maxsize=None)
def find_python(version: str) -> str | None:
    """Path of a working, real CPython `version` (X.Y) interpreter, or None."""
    for candidate in dict.fromkeys(_candidates(version)):
        if not os.path.isfile(candidate) or not os.access(candidate, os.X_OK):
            continue
        try:
            completed = subprocess.run(
                [candidate, "-c", 'import sys; print("%d.%d" % sys.version_info[:2])'], capture_output=True, text=True, timeout=30, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if completed.returncode == 0 and completed.stdout.strip() == version:
            return candidate
    return None


def find_first_python(versions: tuple[str, ...]) -> tuple[str, str] | None:
    """The first of `versions` that is installed, as (version, path)."""
    return next(((version, path) for version in versions for path in [find_python(version)] if path), None)


def interpreter_dirs() -> list[str]:
    """Folders holding a real interpreter for each installed Python 3 version: on PATH, ansible-test finds every installed
    version as pythonX.Y instead of pyenv shims."""
    return list(dict.fromkeys(os.path.dirname(path) for path in map(find_python, KNOWN_PYTHON_VERSIONS) if path))
