"""Virtual environments cached outside the clone, keyed by what they contain.

A venv lives in ``$TWILIO_FLEX_VENV_DIR`` (default
``${XDG_CACHE_HOME:-~/.cache}/twilio-flex/venvs``) under
``<name>-<hash>``, the hash covering the interpreter and every requirement.
A second clone, or a later run, finds it there and needs no network.

Publishing is atomic: the venv is built in a uniquely named folder under
``.store/`` and only then made visible by renaming a symlink into place. The
folder itself never moves, because pip writes its absolute path into the
scripts it installs. An interrupted build leaves an orphan folder that no
link points to; the next build removes it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
import typing as t
from dataclasses import dataclass

from devtools import interpreters
from devtools.processes import StepLog, run_quiet, tail

MARKER_FILE = ".twilio-flex-venv.json"
# Bump when the way venvs are built changes, so that old ones are not reused.
LAYOUT_VERSION = "1"


class SetupError(Exception):
    """An environment could not be prepared."""


@dataclass(frozen=True)
class VenvSpec:
    """What one virtual environment holds."""

    name: str
    python_versions: tuple[str, ...]
    requirement_files: tuple[str, ...]
    packages: tuple[str, ...] = ()
    # Also install ansible-test's own unit test requirements and its coverage
    # version, read from the ansible-test that was just installed.
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
    cache_home = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(cache_home, "twilio-flex", "venvs")


def _python_identity(python: str) -> str:
    completed = subprocess.run(
        [python, "-c", "import sys, platform; print(sys.version.split()[0], platform.machine(), sys.base_prefix)"],
        capture_output=True,
        text=True,
        check=True,
    )
    return completed.stdout.strip()


def _spec_digest(spec: VenvSpec, python: str) -> str:
    digest = hashlib.sha256()
    digest.update(f"layout {LAYOUT_VERSION}\n".encode())
    digest.update(f"python {_python_identity(python)}\n".encode())
    for path in spec.requirement_files:
        digest.update(f"file {os.path.basename(path)}\n".encode())
        with open(path, "rb") as requirement_file:
            digest.update(requirement_file.read())
    for package in spec.packages:
        digest.update(f"package {package}\n".encode())
    digest.update(f"ansible-test requirements {spec.with_ansible_test_requirements}\n".encode())
    return digest.hexdigest()[:12]


def _is_complete(path: str) -> bool:
    return os.path.isfile(os.path.join(path, MARKER_FILE)) and os.access(os.path.join(path, "bin", "python"), os.X_OK)


@contextlib.contextmanager
def _locked(lock_path: str) -> t.Iterator[None]:
    with open(lock_path, "a", encoding="utf-8") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def _remove_orphans(base: str, held_key: str) -> None:
    """Delete half-built environments whose builder is gone.

    The caller holds the lock of `held_key`, so nobody else builds that one.
    """
    store = os.path.join(base, ".store")
    if not os.path.isdir(store):
        return
    linked = set()
    for entry in os.scandir(base):
        if entry.is_symlink():
            linked.add(os.path.realpath(entry.path))
    for entry in os.scandir(store):
        if os.path.realpath(entry.path) in linked:
            continue
        owner = entry.name.rsplit("-", 1)[0]
        if owner == held_key:
            shutil.rmtree(entry.path, ignore_errors=True)
            continue
        with open(os.path.join(base, f"{owner}.lock"), "a", encoding="utf-8") as lock_file:
            try:
                fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # being built right now
            try:
                shutil.rmtree(entry.path, ignore_errors=True)
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)


def _pip_install(python: str, arguments: list[str], log: StepLog) -> None:
    result = run_quiet([python, "-m", "pip", "install", "--disable-pip-version-check", *arguments], log=log)
    if result.returncode != 0:
        raise SetupError(f"pip install failed (log: {log.path}):\n{tail(result.output)}")


def _ansible_test_requirement_args(python: str) -> list[str]:
    completed = subprocess.run(
        [python, "-c", "import ansible_test, os; print(os.path.dirname(ansible_test.__file__))"],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise SetupError(f"ansible-test is not importable in the new environment:\n{completed.stderr}")
    requirements_dir = os.path.join(completed.stdout.strip(), "_data", "requirements")
    return [
        "-r",
        os.path.join(requirements_dir, "units.txt"),
        # Pins coverage to the version that ansible-test checks for.
        "-r",
        os.path.join(requirements_dir, "ansible-test.txt"),
        "-c",
        os.path.join(requirements_dir, "constraints.txt"),
    ]


def _build(spec: VenvSpec, python: str, python_version: str, build_dir: str, log: StepLog) -> dict:
    result = run_quiet([python, "-m", "venv", build_dir], log=log)
    if result.returncode != 0:
        raise SetupError(f"python -m venv failed:\n{tail(result.output)}")
    venv_python = os.path.join(build_dir, "bin", "python")
    arguments = []
    for path in spec.requirement_files:
        arguments += ["-r", path]
    arguments += list(spec.packages)
    if spec.with_ansible_test_requirements:
        # ansible-core first: its ansible-test says what else it needs.
        _pip_install(venv_python, list(spec.packages), log)
        arguments += _ansible_test_requirement_args(venv_python)
    _pip_install(venv_python, arguments, log)
    frozen = run_quiet([venv_python, "-m", "pip", "freeze", "--all"], log=log)
    metadata = {
        "name": spec.name,
        "python": python,
        "python_version": python_version,
        "requirement_files": list(spec.requirement_files),
        "packages": list(spec.packages),
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "freeze": frozen.output.splitlines(),
    }
    with open(os.path.join(build_dir, MARKER_FILE), "w", encoding="utf-8") as marker:
        json.dump(metadata, marker, indent=2)
    return metadata


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
    os.makedirs(os.path.join(base, ".store"), exist_ok=True)
    key = f"{spec.name}-{_spec_digest(spec, python)}"
    final_path = os.path.join(base, key)
    if _is_complete(final_path):
        return Venv(spec.name, final_path, python_version)

    with _locked(os.path.join(base, f"{key}.lock")):
        if _is_complete(final_path):  # built by a concurrent run while we waited
            return Venv(spec.name, final_path, python_version)
        _remove_orphans(base, key)
        print(f"Creating the {spec.name} environment (Python {python_version}) in {final_path}; this needs PyPI once ...", flush=True)
        started = time.monotonic()
        build_dir = tempfile.mkdtemp(prefix=f"{key}-", dir=os.path.join(base, ".store"))
        os.chmod(build_dir, 0o755)
        try:
            _build(spec, python, python_version, build_dir, log)
        except BaseException:
            shutil.rmtree(build_dir, ignore_errors=True)
            raise
        temporary_link = os.path.join(base, f".{key}.link-{os.getpid()}")
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary_link)
        os.symlink(build_dir, temporary_link)
        if os.path.isdir(final_path) and not os.path.islink(final_path):
            shutil.rmtree(final_path)  # an incomplete folder left by something else
        os.replace(temporary_link, final_path)
        print(f"Created the {spec.name} environment in {time.monotonic() - started:.0f} s.", flush=True)
    return Venv(spec.name, final_path, python_version, created=True)
