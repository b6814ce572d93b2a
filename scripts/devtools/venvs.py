"""Virtual environments cached outside the clone, keyed by what they contain.

A venv lives in ``$TWILIO_FLEX_VENV_DIR`` (default ``${XDG_CACHE_HOME:-~/.cache}/twilio-flex/venvs``) under
``<name>-<hash>``, the hash covering the interpreter and every requirement, so a second clone or a later run finds it
there and needs no network. It is built in place under a file lock and counts as ready only once its marker file is
written last: a build that was interrupted is removed and done again.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import time
import typing as t
from dataclasses import dataclass

from devtools import interpreters
from devtools.processes import StepLog, run_streamed, tail

MARKER_FILE = ".twilio-flex-venv.json"
# Bump when the way venvs are built changes, so that old ones are not reused.
LAYOUT_VERSION = "2"


class SetupError(Exception):
    """An environment could not be prepared."""


@dataclass(frozen=True)
class VenvSpec:
    """What one virtual environment holds."""

    name: str
    python_versions: tuple[str, ...]
    requirement_files: tuple[str, ...]
    packages: tuple[str, ...] = ()
    # Also install ansible-test's own unit test requirements and its coverage version, from the ansible-test just installed.
    with_ansible_test_requirements: bool = False


@dataclass
class Venv:
    """A ready virtual environment."""

    name: str
    path: str
    python_version: str
    created: bool = False

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
    digest.update(f"packages {spec.packages}\nansible-test requirements {spec.with_ansible_test_requirements}\n".encode())
    return digest.hexdigest()[:12]


@contextlib.contextmanager
def _locked(lock_path: str) -> t.Iterator[None]:
    with open(lock_path, "a", encoding="utf-8") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def _pip_install(python: str, arguments: list[str], log: StepLog) -> None:
    result = run_streamed([python, "-m", "pip", "install", "--disable-pip-version-check", *arguments], log=log, echo=False)
    if result.returncode != 0:
        raise SetupError(f"pip install failed (log: {log.path}):\n{tail(result.output)}")


def _ansible_test_requirement_args(python: str) -> list[str]:
    """ansible-test's unit test requirements and the coverage version it checks for, from its published requirement files."""
    found = subprocess.run(
        [python, "-c", "import ansible_test, os; print(os.path.dirname(ansible_test.__file__))"], capture_output=True, text=True, check=False
    )
    if found.returncode != 0:
        raise SetupError(f"ansible-test is not importable in the new environment:\n{found.stderr}")
    requirements = os.path.join(found.stdout.strip(), "_data", "requirements")
    return [
        "-r",
        os.path.join(requirements, "units.txt"),
        "-r",
        os.path.join(requirements, "ansible-test.txt"),
        "-c",
        os.path.join(requirements, "constraints.txt"),
    ]


def _build(spec: VenvSpec, python: str, path: str, log: StepLog) -> None:
    result = run_streamed([python, "-m", "venv", path], log=log, echo=False)
    if result.returncode != 0:
        raise SetupError(f"python -m venv failed:\n{tail(result.output)}")
    venv_python = os.path.join(path, "bin", "python")
    arguments = [argument for requirement_file in spec.requirement_files for argument in ("-r", requirement_file)] + list(spec.packages)
    if spec.with_ansible_test_requirements:
        # ansible-core first: its ansible-test says what else it needs.
        _pip_install(venv_python, list(spec.packages), log)
        arguments += _ansible_test_requirement_args(venv_python)
    _pip_install(venv_python, arguments, log)
    frozen = run_streamed([venv_python, "-m", "pip", "freeze", "--all"], log=log, echo=False)
    with open(os.path.join(path, MARKER_FILE), "w", encoding="utf-8") as marker:
        json.dump(
            {"name": spec.name, "python": python, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "freeze": frozen.output.splitlines()}, marker, indent=2
        )


def ensure_venv(spec: VenvSpec, log: StepLog) -> Venv:
    """Return the environment for `spec`, building it first if it does not exist yet."""
    found = interpreters.find_first_python(spec.python_versions)
    if not found:
        raise SetupError(f"{spec.name}: no Python {' or '.join(spec.python_versions)} interpreter found (looked in pyenv versions and on PATH)")
    python_version, python = found
    missing = [path for path in spec.requirement_files if not os.path.isfile(path)]
    if missing:
        raise SetupError(f"{spec.name}: requirement file(s) missing: {', '.join(missing)}")
    base = cache_dir()
    os.makedirs(base, exist_ok=True)
    path = os.path.join(base, f"{spec.name}-{_spec_digest(spec, python)}")
    with _locked(f"{path}.lock"):
        if os.path.isfile(os.path.join(path, MARKER_FILE)):
            return Venv(spec.name, path, python_version)
        shutil.rmtree(path, ignore_errors=True)  # a build that was interrupted
        print(f"Creating the {spec.name} environment (Python {python_version}) in {path}; this needs PyPI once ...", flush=True)
        started = time.monotonic()
        try:
            _build(spec, python, path, log)
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        print(f"Created the {spec.name} environment in {time.monotonic() - started:.0f} s.", flush=True)
    return Venv(spec.name, path, python_version, created=True)
