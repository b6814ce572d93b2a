"""Copy the collection to a path that ends in ansible_collections/<namespace>/<name>.

ansible-test only works from such a path and resolves symlinks, so a symlink
to the clone is not enough. The copy holds what git would commit.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess


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
