"""Copy the collection to a path that ends in ansible_collections/<namespace>/<name>.

ansible-test only works from such a path and resolves symlinks, so a symlink
to the clone is not enough. The copy holds what git would commit: tracked
files plus untracked files that are not ignored.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

# Used only outside a git checkout, where .gitignore cannot be asked.
IGNORED_DIR_NAMES = {
    ".git",
    ".venv",
    "venv",
    ".nox",
    ".tox",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
    ".cache",
    "node_modules",
    "htmlcov",
}
IGNORED_RELATIVE_DIRS = {os.path.join("tests", "output")}


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


def _git_files(source: str) -> list[str] | None:
    if not os.path.exists(os.path.join(source, ".git")):
        return None
    try:
        completed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=source,
            capture_output=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    names = [name for name in completed.stdout.decode("utf-8", "surrogateescape").split("\0") if name]
    # Tracked files deleted in the work tree are still listed by --cached.
    return sorted({name for name in names if os.path.lexists(os.path.join(source, name))})


def _walked_files(source: str) -> list[str]:
    names = []
    for directory, subdirectories, files in os.walk(source):
        relative_dir = os.path.relpath(directory, source)
        subdirectories[:] = [
            name for name in subdirectories if name not in IGNORED_DIR_NAMES and os.path.normpath(os.path.join(relative_dir, name)) not in IGNORED_RELATIVE_DIRS
        ]
        for name in files:
            if not name.endswith((".pyc", ".tar.gz")):
                names.append(os.path.normpath(os.path.join(relative_dir, name)))
    return sorted(names)


def source_files(source: str) -> list[str]:
    """Paths, relative to `source`, of the files that make up the collection."""
    files = _git_files(source)
    return files if files is not None else _walked_files(source)


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
