"""Start and stop the Flex API emulator (tests/flex_emulator) on loopback.

Credentials are generated per run and handed over in the environment, so no
secret appears on a command line.
"""

from __future__ import annotations

import os
import queue
import secrets
import subprocess
import threading
import time
from dataclasses import dataclass

from devtools.processes import StepLog, stop_process_group

READY_PREFIX = "FLEX_EMULATOR_URL="


@dataclass(frozen=True)
class Credentials:
    """A random account for one emulator run."""

    account_sid: str
    auth_token: str
    api_key: str
    api_secret: str

    @classmethod
    def generate(cls) -> Credentials:
        return cls(
            account_sid="AC" + secrets.token_hex(16),
            auth_token=secrets.token_hex(16),
            api_key="SK" + secrets.token_hex(16),
            api_secret=secrets.token_hex(16),
        )

    def emulator_env(self) -> dict[str, str]:
        return {
            "FLEX_EMULATOR_ACCOUNT_SID": self.account_sid,
            "FLEX_EMULATOR_AUTH_TOKEN": self.auth_token,
            "FLEX_EMULATOR_API_KEY": self.api_key,
            "FLEX_EMULATOR_API_SECRET": self.api_secret,
        }


class EmulatorError(Exception):
    """The emulator did not start."""


class Emulator:
    """The emulator as a context manager: started on entry, always stopped on exit."""

    def __init__(
        self,
        *,
        python: str,
        tests_dir: str,
        credentials: Credentials,
        env: dict[str, str],
        log_file: str,
        console_log: StepLog,
        seed_file: str | None = None,
        startup_timeout: float = 60.0,
    ) -> None:
        self.python = python
        self.tests_dir = tests_dir
        self.credentials = credentials
        self.base_env = env
        self.log_file = log_file
        self.console_log = console_log
        self.seed_file = seed_file
        self.startup_timeout = startup_timeout
        self.url = ""
        self._process: subprocess.Popen | None = None
        self._reader: threading.Thread | None = None

    @property
    def admin_url(self) -> str:
        return f"{self.url}/_emulator"

    def command(self) -> list[str]:
        command = [self.python, "-m", "flex_emulator", "--port", "0", "--log-file", self.log_file]
        if self.seed_file:
            command += ["--seed", self.seed_file]
        return command

    def start(self) -> None:
        env = dict(self.base_env)
        env.update(self.credentials.emulator_env())
        env["PYTHONPATH"] = self.tests_dir
        env["PYTHONUNBUFFERED"] = "1"
        self.console_log.write(f"Starting the emulator: {' '.join(self.command())}\n")
        self._process = subprocess.Popen(  # pylint: disable=consider-using-with
            self.command(),
            cwd=os.path.dirname(self.log_file),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl-C at the terminal is ours to handle
        )
        lines: queue.Queue[str | None] = queue.Queue()

        def read_output() -> None:
            assert self._process is not None and self._process.stdout is not None
            for raw_line in iter(self._process.stdout.readline, b""):
                line = raw_line.decode("utf-8", "replace")
                self.console_log.write(f"[emulator] {line}")
                lines.put(line)
            lines.put(None)

        self._reader = threading.Thread(target=read_output, name="emulator-output", daemon=True)
        self._reader.start()
        deadline = time.monotonic() + self.startup_timeout
        seen = []
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.stop()
                raise EmulatorError(f"the emulator printed no {READY_PREFIX} line within {self.startup_timeout:.0f} s:\n{''.join(seen[-30:])}")
            try:
                line = lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                self.stop()
                raise EmulatorError(f"the emulator exited before it was ready:\n{''.join(seen[-30:])}")
            seen.append(line)
            if line.startswith(READY_PREFIX):
                self.url = line.split("=", 1)[1].strip().rstrip("/")
                self.console_log.write(f"Emulator ready at {self.url}\n")
                return

    def stop(self) -> None:
        if self._process is None:
            return
        stop_process_group(self._process)
        if self._reader:
            self._reader.join(timeout=5)
        if self._process.stdout:
            self._process.stdout.close()
        self.console_log.write(f"Emulator stopped (exit code {self._process.returncode}).\n")
        self._process = None

    def __enter__(self) -> Emulator:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
