"""Stand-in for the get-pip.py script that ansible-test downloads to bootstrap pip.

ansible-test looks for ~/.ansible/test/cache/get_pip_<version>.py before it
tries to download the real script from a host that may be unreachable. It runs
the script inside a new, pip-less virtual environment with the arguments it
would give get-pip.py, for example ``pip==24.2 --no-setuptools --no-wheel``.

This stand-in installs the interpreter's bundled pip with ensurepip and then
the requested pip from the package index. The options only get-pip.py knows
are dropped; --no-setuptools still removes the setuptools that older
ensurepip versions add, so the result matches what get-pip.py would leave.
"""

from __future__ import annotations

import subprocess
import sys

# Written into the copies placed in ansible-test's cache, so the runner
# recognises (and may refresh) its own files and leaves any others alone.
STANDIN_MARKER = "twilio-flex get-pip stand-in"
GET_PIP_ONLY_OPTIONS = ("--no-setuptools", "--no-wheel", "--no-pip")


def main() -> None:
    arguments = sys.argv[1:]
    pip_arguments = [argument for argument in arguments if argument not in GET_PIP_ONLY_OPTIONS]
    subprocess.run([sys.executable, "-m", "ensurepip", "--default-pip"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-m", "pip", "install", *pip_arguments], check=True)
    if "--no-setuptools" in arguments:
        subprocess.run([sys.executable, "-m", "pip", "uninstall", "--yes", "--quiet", "setuptools"], check=True, stderr=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
