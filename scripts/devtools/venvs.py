"""Virtual environments cached outside the clone, keyed by what they contain.

A venv lives in ``$TWILIO_FLEX_VENV_DIR`` (default ``${XDG_CACHE_HOME:-~/.cache}/twilio-flex/venvs``) under
``<name>-<hash>``, the hash covering the interpreter and every requirement, so a second clone or a later run finds it
there and needs no network. It is built in place under a file lock and counts as ready only once its marker file is
written last: a build that was interrupted is removed and done again.
"""

from __future__ import annotations

import fcntl
import functools
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import typing as t
from dataclasses import dataclass

from devtools.processes import run_streamed, tail

MARKER_FILE = ".twilio-flex-venv.json"
# Bump when the way venvs are built changes, so that old ones are not reused.
LAYOUT_VERSION = "2"

# Every CPython 3 version that a supported ansible-core may test modules with.
KNOWN_PYTHON_VERSIONS = ("3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14")


class SetupError(Exception):
    """An environment could not be prepared."""


@dataclass(frozen=True)
class VenvSpec:
    """What one virtual environment holds."""

    name: str
    python_versions: tuple[str, ...]
    requirement_files: tuple[str, ...]
    packages: tuple[str, ...] = ()


@dataclass
class Venv:
    """A ready virtual environment."""

    path: str
    python_version: str

    @property
    def bin_dir(self) -> str:
        return os.path.join(self.path, "bin")

    @property
    def python(self) -> str:
        return os.path.join(self.bin_dir, "python")

    def executable(self, name: str) -> str:
        return os.path.join(self.bin_dir, name)


def cache_dir() -> str:
    """Where the environments live."""
    configured = os.environ.get("TWILIO_FLEX_VENV_DIR")
    if configured:
        return os.path.abspath(os.path.expanduser(configured))
    return os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "twilio-flex", "venvs")


def version_key(version: str) -> tuple[int, ...]:
    """A version such as 3.11.7 or 2.21, for sorting: 2.9 before 2.18."""
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def path_without_shims(path: str) -> list[str]:
    """A PATH value's folders without pyenv's shims: a shim for a version that is installed but not selected exits with an
    error, which confuses ansible-test when it looks an interpreter up by name."""
    return [folder for folder in path.split(os.pathsep) if folder and os.path.basename(os.path.normpath(folder)) != "shims"]


@functools.lru_cache(maxsize=None)
def find_python(version: str) -> str | None:
    """A real CPython `version` (X.Y): the newest pyenv install of it, else one on PATH, else this interpreter."""
    pyenv_versions = os.path.join(os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv"), "versions")
    installed = sorted(
        glob.glob(os.path.join(pyenv_versions, f"{version}.*", "bin", f"python{version}")),
        key=lambda path: version_key(path.split(os.sep)[-3]),
        reverse=True,
    )
    on_path = [os.path.join(folder, f"python{version}") for folder in path_without_shims(os.environ.get("PATH", ""))]
    current = [sys.executable] if "%d.%d" % sys.version_info[:2] == version else []
    for path in dict.fromkeys(installed + on_path + current):
        # Run, not only found: a broken or mislabelled interpreter is passed over.
        check = f"import sys; assert '%d.%d' % sys.version_info[:2] == '{version}'"
        if os.access(path, os.X_OK) and subprocess.run([path, "-c", check], capture_output=True, check=False).returncode == 0:
            return path
    return None


def _spec_digest(spec: VenvSpec, python: str) -> str:
    identity = subprocess.run(
        [python, "-c", "import sys, platform; print(sys.version.split()[0], platform.machine(), sys.base_prefix)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    digest = hashlib.sha256(f"layout {LAYOUT_VERSION}\npython {identity}\n".encode())
    for path in spec.requirement_files:
        with open(path, "rb") as requirement_file:
            digest.update(f"file {os.path.basename(path)}\n".encode() + requirement_file.read())
    digest.update(f"packages {spec.packages}\n".encode())
    return digest.hexdigest()[:12]


def _build(spec: VenvSpec, python: str, path: str, log: t.TextIO) -> None:
    venv_python = os.path.join(path, "bin", "python")
    arguments = [argument for requirement_file in spec.requirement_files for argument in ("-r", requirement_file)] + list(spec.packages)
    pip_install = [venv_python, "-m", "pip", "install", "--disable-pip-version-check", *arguments]
    for what, command in (("python -m venv", [python, "-m", "venv", path]), ("pip install", pip_install)):
        result = run_streamed(command, log=log, echo=False)
        if result.returncode != 0:
            raise SetupError(f"{what} failed (log: {log.name}):\n{tail(result.output)}")
    frozen = run_streamed([venv_python, "-m", "pip", "freeze", "--all"], log=log, echo=False).output.splitlines()
    with open(os.path.join(path, MARKER_FILE), "w", encoding="utf-8") as marker:
        json.dump({"name": spec.name, "python": python, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "freeze": frozen}, marker, indent=2)


def ensure_venv(spec: VenvSpec, log: t.TextIO) -> Venv:
    """Return the environment for `spec`, building it first if it does not exist yet."""
    python_version, python = next(((version, path) for version in spec.python_versions for path in [find_python(version)] if path), ("", ""))
    if not python:
        raise SetupError(f"{spec.name}: no Python {' or '.join(spec.python_versions)} interpreter found (looked in pyenv versions and on PATH)")
    missing = [path for path in spec.requirement_files if not os.path.isfile(path)]
    if missing:
        raise SetupError(f"{spec.name}: requirement file(s) missing: {', '.join(missing)}")
    os.makedirs(cache_dir(), exist_ok=True)
    path = os.path.join(cache_dir(), f"{spec.name}-{_spec_digest(spec, python)}")
    # The lock is released when its file is closed; another run building the same venv waits here, then reuses it.
    with open(f"{path}.lock", "a", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not os.path.isfile(os.path.join(path, MARKER_FILE)):
            shutil.rmtree(path, ignore_errors=True)  # a build that was interrupted
            print(f"Creating the {spec.name} environment (Python {python_version}) in {path}; this needs PyPI once ...", flush=True)
            started = time.monotonic()
            try:
                _build(spec, python, path, log)
            except BaseException:
                shutil.rmtree(path, ignore_errors=True)
                raise
            print(f"Created the {spec.name} environment in {time.monotonic() - started:.0f} s.", flush=True)
    return Venv(path, python_version)
