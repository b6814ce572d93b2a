"""Run commands with their output streamed to the console and kept in a log file."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import threading
import time
import typing as t
from dataclasses import dataclass


@dataclass
class CommandResult:
    """What a finished command left behind."""

    returncode: int
    output: str
    cpu_seconds: float = 0.0  # user + system time of the command and every process it waited for


def open_log(path: str) -> t.TextIO:
    """A log file, line-buffered so that it is readable while a step runs."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return open(path, "a", encoding="utf-8", buffering=1)  # noqa: SIM115  # pylint: disable=consider-using-with


def interrupt_on_sigterm() -> None:
    """Turn SIGTERM into KeyboardInterrupt, so that cleanup code runs: children run in sessions of their own and would outlive us."""
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # the handler of SIGINT: it raises KeyboardInterrupt


def stop_process_group(process: subprocess.Popen, grace_seconds: float = 10.0) -> None:
    """Stop a process started in its own session, together with everything it started: SIGTERM, then SIGKILL."""
    for signal_number in (signal.SIGTERM, signal.SIGKILL):
        if process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal_number)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + grace_seconds
        while process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)


# Commands of run_streamed still running, so that an interrupt can stop those of every thread.
_running: set[subprocess.Popen] = set()


def stop_all_commands() -> None:
    """Stop every command that run_streamed is running, in any thread."""
    for process in _running.copy():  # a copy in one step: other threads add and remove commands
        stop_process_group(process, grace_seconds=5.0)


def run_streamed(
    command: t.Sequence[str],
    *,
    log: t.TextIO,
    cwd: str | None = None,
    env: dict[str, str] | None = None,
    prefix: str = "",
    echo: bool = True,
    timeout: float | None = None,
) -> CommandResult:
    """Run a command, echo each output line with a prefix and append it to the log.

    The command gets its own session, so that a timeout or an interrupt stops every process it started (ansible-test starts many).
    """
    log.write(f"$ {shlex.join(command)}\n    (in {cwd or os.getcwd()})\n")
    if echo:
        print(f"{prefix}$ {shlex.join(command)}", flush=True)
    lines: list[str] = []
    popen = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    timed_out = threading.Event()

    def on_timeout() -> None:
        timed_out.set()
        stop_process_group(popen)

    with popen as process:
        _running.add(process)
        timer = threading.Timer(timeout or 0, on_timeout)
        timer.daemon = True
        if timeout:
            timer.start()
        try:
            for raw_line in iter(process.stdout.readline, b""):
                line = raw_line.decode("utf-8", "replace").rstrip("\n") + "\n"
                lines.append(line)
                log.write(line)
                if echo:
                    print(prefix + line, end="", flush=True)
            returncode, cpu_seconds = _wait_with_usage(process)
        except BaseException:
            stop_process_group(process)
            raise
        finally:
            timer.cancel()
            _running.discard(process)
    if timed_out.is_set():
        message = f"Timed out after {timeout:.0f} s: {shlex.join(command)}\n"
        log.write(message)
        print(prefix + message, end="", flush=True)
        returncode = returncode or 124  # a command that exits 0 once stopped has still not finished its work
    log.write(f"(exit code {returncode})\n")
    return CommandResult(returncode=returncode, output="".join(lines), cpu_seconds=cpu_seconds)


def _wait_with_usage(process: subprocess.Popen) -> tuple[int, float]:
    """Wait for `process`: its exit code, and the CPU time it and the descendants it waited for used (0 when a timeout's stop
    reaped it first)."""
    try:
        _pid, status, usage = os.wait4(process.pid, 0)
    except ChildProcessError:
        return process.wait(), 0.0
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, usage.ru_utime + usage.ru_stime


def tail(text: str, lines: int = 30) -> str:
    """The last lines of a command's output, for an error message."""
    return "\n".join(text.rstrip("\n").splitlines()[-lines:])
