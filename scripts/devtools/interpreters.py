"""Find real Python interpreters by version.

pyenv shims are skipped: a shim for a version that is installed but not
selected exits with an error, which confuses ansible-test when it looks an
interpreter up by name. The real interpreters live in `pyenv root`/versions.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys

# Every CPython 3 version that any supported ansible-core may test modules with.
KNOWN_PYTHON_VERSIONS = ("3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14")


@functools.lru_cache(maxsize=None)
def pyenv_roots() -> tuple[str, ...]:
    """Directories that may hold pyenv's versions/ folder."""
    roots = []
    if os.environ.get("PYENV_ROOT"):
        roots.append(os.environ["PYENV_ROOT"])
    pyenv = shutil.which("pyenv")
    if pyenv:
        try:
            completed = subprocess.run([pyenv, "root"], capture_output=True, text=True, timeout=20, check=False)
        except (OSError, subprocess.TimeoutExpired):
            completed = None
        if completed and completed.returncode == 0 and completed.stdout.strip():
            roots.append(completed.stdout.strip())
    roots.append(os.path.expanduser("~/.pyenv"))
    unique = []
    for root in roots:
        real = os.path.realpath(root)
        if real not in unique and os.path.isdir(os.path.join(real, "versions")):
            unique.append(real)
    return tuple(unique)


def _is_shim_dir(directory: str) -> bool:
    return os.path.basename(os.path.normpath(directory)) == "shims"


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", name))


def _candidates(version: str) -> list[str]:
    candidates = []
    for root in pyenv_roots():
        versions_dir = os.path.join(root, "versions")
        names = [name for name in os.listdir(versions_dir) if re.fullmatch(re.escape(version) + r"(\.\d+)?", name)]
        for name in sorted(names, key=_version_key, reverse=True):
            candidates.append(os.path.join(versions_dir, name, "bin", f"python{version}"))
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        if directory and not _is_shim_dir(directory):
            candidates.append(os.path.join(directory, f"python{version}"))
    if f"{sys.version_info[0]}.{sys.version_info[1]}" == version and sys.executable:
        candidates.append(sys.executable)
    return candidates


def _reported_version(executable: str) -> str | None:
    try:
        completed = subprocess.run(
            [executable, "-c", 'import sys; print("%d.%d" % sys.version_info[:2])'],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return completed.stdout.strip() if completed.returncode == 0 else None


@functools.lru_cache(maxsize=None)
def find_python(version: str) -> str | None:
    """Path of a working, real CPython `version` (X.Y) interpreter, or None."""
    seen = set()
    for candidate in _candidates(version):
        if candidate in seen or not os.access(candidate, os.X_OK) or os.path.isdir(candidate):
            continue
        seen.add(candidate)
        if _reported_version(candidate) == version:
            return candidate
    return None


def find_first_python(versions: tuple[str, ...]) -> tuple[str, str] | None:
    """The first of `versions` that is installed, as (version, path)."""
    for version in versions:
        path = find_python(version)
        if path:
            return version, path
    return None


def interpreter_dirs() -> list[str]:
    """Folders holding a real interpreter for each installed Python 3 version.

    ansible-test looks interpreters up on PATH as pythonX.Y; with these folders
    on PATH it finds every installed version instead of pyenv shims.
    """
    directories = []
    for version in KNOWN_PYTHON_VERSIONS:
        path = find_python(version)
        if path and os.path.dirname(path) not in directories:
            directories.append(os.path.dirname(path))
    return directories


def path_without_shims(path: str) -> list[str]:
    """The entries of a PATH value, without pyenv-style shim folders."""
    return [directory for directory in path.split(os.pathsep) if directory and not _is_shim_dir(directory)]
