"""How the command-line entry points that start the emulator (scripts/demo.py, the benchmark) stop early: one message
and one exit code per cause, the same for both."""

from __future__ import annotations

import sys

from devtools.emulator import EmulatorError

STOPS = (EmulatorError, KeyboardInterrupt)


def stopped_exit_code(error: BaseException) -> int:
    """Say on stderr why the entry point stops (one of ``STOPS``) and return its exit code: 2 when the emulator did not
    start, 130 on Ctrl-C (or SIGTERM, which devtools.processes.interrupt_on_sigterm turns into one)."""
    if isinstance(error, EmulatorError):
        print(f"error: the emulator did not start: {error}", file=sys.stderr)
        return 2
    print("\nInterrupted.", file=sys.stderr)
    return 130
