# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks that the example execution environment installs twilio.flex and requests.

Runs ``ansible-builder create`` on examples/execution-environment.yml into a temporary
folder and reads the build context it writes: the Python requirements must name
requests and the Galaxy requirements must name twilio.flex. ``create`` only writes
files, so this needs neither a container engine nor Galaxy nor PyPI.

The collection's own meta/execution-environment.yml is checked as well: ansible-builder
reads it only during a build, after installing the collection, so ``create`` cannot
show what it adds, and the check reads the file it points to instead.

Usage: python tests/execution_environment/check_ee.py [--builder PATH] [--file EE_FILE] [--keep]
Run it with the Python of a virtual environment that has ansible-builder installed
(ansible-builder brings PyYAML along); the ansible-builder next to that Python is used
unless --builder names another.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_EE_FILE = os.path.join("examples", "execution-environment.yml")
COLLECTION_EE_FILE = os.path.join("meta", "execution-environment.yml")
COLLECTION_NAME = "twilio.flex"
PYTHON_PACKAGE = "requests"


def find_builder(explicit):
    """The ansible-builder to run: the one given, the one beside this Python, or the one on PATH."""
    if explicit:
        return explicit
    beside_python = os.path.join(os.path.dirname(sys.executable), "ansible-builder")
    if os.access(beside_python, os.X_OK):
        return beside_python
    return shutil.which("ansible-builder")


def requirement_names(lines):
    """Lower-cased distribution names of pip requirement lines, comments and options left out."""
    names = []
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", line)
        if match:
            names.append(match.group(0).lower().replace("_", "-"))
    return names


def galaxy_collection_names(requirements):
    """Collection names of a Galaxy requirements document (a list, or a dict with `collections`)."""
    entries = requirements.get("collections", []) if isinstance(requirements, dict) else requirements or []
    return [entry["name"] if isinstance(entry, dict) else str(entry) for entry in entries]


def read_text(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def check_build_context(builder, ee_file, context):
    """Run ansible-builder create on `ee_file` into `context`; return a list of failures."""
    command = [builder, "create", "-f", ee_file, "-c", context]
    print("running: %s (in %s)" % (" ".join(command), COLLECTION_ROOT))
    try:
        result = subprocess.run(command, cwd=COLLECTION_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
    except OSError as error:
        return ["could not run %s: %s" % (builder, error)]
    if result.returncode != 0:
        return ["ansible-builder create failed with exit code %d:\n%s" % (result.returncode, result.stdout)]

    failures = []
    python_file = os.path.join(context, "_build", "requirements.txt")
    galaxy_file = os.path.join(context, "_build", "requirements.yml")
    for path in (python_file, galaxy_file):
        if not os.path.isfile(path):
            failures.append("ansible-builder create wrote no %s" % os.path.relpath(path, context))
    if failures:
        return failures

    python_names = requirement_names(read_text(python_file).splitlines())
    print("build context Python requirements (_build/requirements.txt): %s" % ", ".join(python_names))
    if PYTHON_PACKAGE not in python_names:
        failures.append("%s is not in the generated Python requirements" % PYTHON_PACKAGE)

    collections = galaxy_collection_names(yaml.safe_load(read_text(galaxy_file)))
    print("build context Galaxy requirements (_build/requirements.yml): %s" % ", ".join(collections))
    if COLLECTION_NAME not in collections:
        failures.append("%s is not in the generated Galaxy requirements" % COLLECTION_NAME)
    return failures


def check_collection_metadata():
    """The collection's own execution environment metadata must lead to requests; return failures."""
    metadata = yaml.safe_load(read_text(os.path.join(COLLECTION_ROOT, COLLECTION_EE_FILE))) or {}
    python = (metadata.get("dependencies") or {}).get("python")
    if isinstance(python, list):
        names = requirement_names(python)
        source = COLLECTION_EE_FILE
    elif isinstance(python, str):
        path = os.path.join(COLLECTION_ROOT, python)
        if not os.path.isfile(path):
            return ["%s names %s, which does not exist" % (COLLECTION_EE_FILE, python)]
        names = requirement_names(read_text(path).splitlines())
        source = "%s (named by %s)" % (python, COLLECTION_EE_FILE)
    else:
        return ["%s has no dependencies.python" % COLLECTION_EE_FILE]
    print("collection Python requirements from %s: %s" % (source, ", ".join(names)))
    if PYTHON_PACKAGE not in names:
        return ["%s is not in the collection's Python requirements (%s)" % (PYTHON_PACKAGE, source)]
    return []


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--builder", help="the ansible-builder executable (default: beside this Python, then PATH)")
    parser.add_argument("--file", default=DEFAULT_EE_FILE, help="the execution environment definition, relative to the collection root (default: %(default)s)")
    parser.add_argument("--keep", action="store_true", help="keep the generated build context and print where it is")
    args = parser.parse_args()

    builder = find_builder(args.builder)
    if not builder:
        print("FAILED: ansible-builder not found; install it with pip install ansible-builder")
        return 1
    context_parent = tempfile.mkdtemp(prefix="twilio-flex-ee-")
    context = os.path.join(context_parent, "context")
    try:
        failures = check_build_context(builder, args.file, context) + check_collection_metadata()
    finally:
        if args.keep:
            print("build context kept in %s" % context)
        else:
            shutil.rmtree(context_parent, ignore_errors=True)
    for failure in failures:
        print("FAILED: %s" % failure)
    if failures:
        return 1
    print("OK: the execution environment lists %s and %s" % (PYTHON_PACKAGE, COLLECTION_NAME))
    return 0


if __name__ == "__main__":
    sys.exit(main())
