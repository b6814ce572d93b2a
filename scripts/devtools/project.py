"""What the test command, the demo and the benchmark share: the checkout and its copies, a clean environment, the venvs they use."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

from devtools.venvs import KNOWN_PYTHON_VERSIONS, Venv, VenvSpec, find_python, path_without_shims

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EMULATOR_REQUIREMENTS = os.path.join("tests", "flex_emulator", "requirements.txt")
REQUIREMENTS_DIR = os.path.join("scripts", "requirements")
# Variables from a developer's shell that would change what the tools do.
DROPPED_ENV_PREFIXES = ("ANSIBLE_",)
DROPPED_ENV_NAMES = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")


def clean_env() -> dict[str, str]:
    """The caller's environment without what would make runs differ between machines."""
    return {name: value for name, value in os.environ.items() if name not in DROPPED_ENV_NAMES and not name.startswith(DROPPED_ENV_PREFIXES)}


def requirement_files(source: str, own_file: str) -> tuple[str, ...]:
    """One of our requirement files, and the emulator's: every environment can start it."""
    return os.path.join(source, REQUIREMENTS_DIR, own_file), os.path.join(source, EMULATOR_REQUIREMENTS)


def requirements_venv_spec(source: str, name: str) -> VenvSpec:
    """The "tools" environment of the test command, or the "demo" one of the demo and the benchmark: scripts/requirements/<name>.txt."""
    return VenvSpec(name=name, python_versions=("3.11", "3.12", "3.13"), requirement_files=requirement_files(source, f"{name}.txt"))


def tool_env(venv: Venv, base_env: dict[str, str], with_all_pythons: bool = False) -> dict[str, str]:
    """Environment for running tools from `venv`; with `with_all_pythons`, every installed Python 3 is on PATH as
    pythonX.Y, for the sanity tests that run once per Python version."""
    path = [venv.bin_dir]
    if with_all_pythons:
        path += [os.path.dirname(found) for found in map(find_python, KNOWN_PYTHON_VERSIONS) if found]
    path += path_without_shims(base_env.get("PATH", os.defpath))
    return dict(base_env, PATH=os.pathsep.join(dict.fromkeys(path)), VIRTUAL_ENV=venv.path)


# ansible-test only works from a path that ends in ansible_collections/<namespace>/<name>, and resolves symlinks: the steps,
# the demo and the benchmark work in copies that hold what git would commit.
def collection_name(source: str) -> tuple[str, str]:
    """(namespace, name) from galaxy.yml, read without a YAML parser."""
    with open(os.path.join(source, "galaxy.yml"), encoding="utf-8") as galaxy_file:
        text = galaxy_file.read()
    found = {}
    for key in ("namespace", "name"):
        match = re.search(rf'^{key}:\s*["\']?([A-Za-z0-9_]+)', text, re.MULTILINE)
        if not match:
            raise ValueError(f"galaxy.yml has no {key}")
        found[key] = match.group(1)
    return found["namespace"], found["name"]


def source_files(source: str) -> list[str]:
    """Paths, relative to the git checkout `source`, of the files that make up the collection: tracked and untracked-not-ignored."""
    completed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=source, capture_output=True, check=True)
    names = completed.stdout.decode("utf-8", "surrogateescape").split("\0")
    # Tracked files deleted in the work tree are still listed by --cached.
    return sorted({name for name in names if name and os.path.lexists(os.path.join(source, name))})


def make_collection_tree(source: str, destination_root: str) -> str:
    """Copy `source` to <destination_root>/ansible_collections/<ns>/<name> and return that path."""
    namespace, name = collection_name(source)
    collection_dir = os.path.join(destination_root, "ansible_collections", namespace, name)
    os.makedirs(collection_dir)
    for relative in source_files(source):
        target = os.path.join(collection_dir, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(os.path.join(source, relative), target, follow_symlinks=False)
    return collection_dir
