"""Measure the twilio.flex modules against the Flex API emulator: python3 benchmarks/run.py [--quick] [--only N] [--output PATH].

Counts the HTTP requests of each kind of task (and fails when a count is not as expected), times flex_flow tasks against
ansible.builtin.uri tasks, one module process against a bare requests script, a check-mode audit of 500 flows three ways
and the apply of its changes, the module's import time and the migration plan, and checks the audit's time goals. A full
run writes docs/performance.md, from performance.md.j2. Any python3 starts it: it starts again in the demo environment
(scripts/requirements/demo.txt), whose Python has ansible-core, Jinja2 and the emulator's requirements.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The benchmarks package, the devtools and the emulator's control client, rather than this script's folder.
sys.path[:1] = [ROOT, os.path.join(ROOT, "scripts"), os.path.join(ROOT, "tests")]

# Only what any python3 can import: benchmarks.session, which needs the demo environment, is imported after the restart there.
from devtools.processes import open_log  # noqa: E402  (needs the path above)
from devtools.project import REPO_ROOT, requirements_venv_spec  # noqa: E402
from devtools.venvs import SetupError, ensure_venv  # noqa: E402

# Kept across the restart in the demo environment, so that one run writes one log.
LOG_VARIABLE = "TWILIO_FLEX_BENCHMARK_LOG"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python3 benchmarks/run.py", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions; prints the figures without writing docs/performance.md")
    parser.add_argument("--only", type=int, action="append", metavar="N", help="measure only figure N (repeatable), with --quick's repetitions; no document")
    parser.add_argument("--output", help="write the document here (default: docs/performance.md after a full run, nothing after --quick)")
    args = parser.parse_args(argv)
    log_path = os.environ.setdefault(LOG_VARIABLE, os.path.join(tempfile.mkdtemp(prefix="twilio-flex-benchmark-log-"), "benchmark.log"))
    try:
        with open_log(log_path) as log:
            venv = ensure_venv(requirements_venv_spec(REPO_ROOT, "demo"), log)
    except SetupError as error:
        print(f"error: setting up the environment failed: {error}", file=sys.stderr)
        return 2
    if os.path.realpath(sys.prefix) != os.path.realpath(venv.path):
        os.execv(venv.python, [venv.python, os.path.abspath(__file__), *argv])
    from benchmarks import session  # pylint: disable=import-outside-toplevel  # only the demo environment's Python has its imports

    return session.run(venv, args, log_path)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
