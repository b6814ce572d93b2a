"""Run commands with their output streamed to the console and kept in a log file."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import threading
import time
import typing as t
from dataclasses import dataclass


@dataclass
class CommandResult:
    """What a finished command left behind."""

    returncode: int
    output: str
    timed_out: bool = False


class StepLog:
    """A log file that is flushed after every write, so it is readable while a step runs."""

    def __init__(self, path: str) -> None:
        self.path = path
        os.makedirs(os.path.dirname(path), exist_ok=True)
        self._file = open(path, "a", encoding="utf-8")  # noqa: SIM115  # pylint: disable=consider-using-with

    def write(self, text: str) -> None:
        self._file.write(text)
        self._file.flush()

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> StepLog:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _interrupt(signal_number: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signal_number}")


def interrupt_on_sigterm() -> None:
    """Turn SIGTERM into KeyboardInterrupt, so cleanup code (stopping the emulator) runs.

    Children run in sessions of their own and would otherwise outlive us.
    """
    signal.signal(signal.SIGTERM, _interrupt)


def stop_process_group(process: subprocess.Popen, grace_seconds: float = 10.0) -> None:
    """Stop a process started in its own session, together with everything it started."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace_seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return
        time.sleep(0.1)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


# Commands of run_streamed still running, so that an interrupt can stop those of every thread.
_running: set[subprocess.Popen] = set()
_running_lock = threading.Lock()


def stop_all_commands() -> None:
    """Stop every command that run_streamed is running, in any thread."""
    with _running_lock:
        processes = list(_running)
    for process in processes:
        stop_process_group(process, grace_seconds=5.0)


def run_streamed(
    command: t.Sequence[str],
    *,
    log: StepLog,
    cwd: str | None = None,
    env: dict[str, str] | None = None,
    prefix: str = "",
    echo: bool = True,
    timeout: float | None = None,
) -> CommandResult:
    """Run a command, echo each output line with a prefix and append it to the log.

    The command gets its own session so that a timeout or an interrupt stops
    every process it started (ansible-test starts many).
    """
    log.write(f"$ {shlex.join(command)}\n    (in {cwd or os.getcwd()})\n")
    if echo:
        print(f"{prefix}$ {shlex.join(command)}", flush=True)
    lines: list[str] = []
    timed_out = threading.Event()
    with subprocess.Popen(
        list(command),
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    ) as process:
        with _running_lock:
            _running.add(process)

        def on_timeout() -> None:
            timed_out.set()
            stop_process_group(process)

        timer = threading.Timer(timeout, on_timeout) if timeout else None
        if timer:
            timer.daemon = True
            timer.start()
        try:
            assert process.stdout is not None
            for raw_line in iter(process.stdout.readline, b""):
                line = raw_line.decode("utf-8", "replace")
                if not line.endswith("\n"):
                    line += "\n"
                lines.append(line)
                log.write(line)
                if echo:
                    sys.stdout.write(prefix + line)
                    sys.stdout.flush()
            returncode = process.wait()
        except BaseException:
            stop_process_group(process)
            raise
        finally:
            if timer:
                timer.cancel()
            with _running_lock:
                _running.discard(process)
    if timed_out.is_set():
        message = f"Timed out after {timeout:.0f} s: {shlex.join(command)}\n"
        log.write(message)
        print(prefix + message, end="", flush=True)
        returncode = returncode or 124
    log.write(f"(exit code {returncode})\n")
    return CommandResult(returncode=returncode, output="".join(lines), timed_out=timed_out.is_set())


def tail(text: str, lines: int = 30) -> str:
    """The last lines of a command's output, for an error message."""
    return "\n".join(text.rstrip("\n").splitlines()[-lines:])
