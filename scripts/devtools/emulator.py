"""Start and stop the Flex API emulator (tests/flex_emulator) on loopback.

Credentials are generated per run and handed over in the environment, so no
secret appears on a command line.
"""

from __future__ import annotations

import os
import secrets
import subprocess
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

    @property
    def admin_url(self) -> str:
        return f"{self.url}/_emulator"

    def command(self) -> list[str]:
        command = [self.python, "-m", "flex_emulator", "--port", "0", "--log-file", self.log_file]
        if self.seed_file:
            command += ["--seed", self.seed_file]
        return command

    def start(self) -> None:
        """Start the emulator and wait for the line that gives its URL; its console output goes to <log_file>.out."""
        env = dict(self.base_env, **self.credentials.emulator_env(), PYTHONPATH=self.tests_dir, PYTHONUNBUFFERED="1")
        self.console_log.write(f"Starting the emulator: {' '.join(self.command())}\n")
        with open(self.output_file, "wb") as output:
            # Its own session: a Ctrl-C at the terminal is ours to handle.
            self._process = subprocess.Popen(  # pylint: disable=consider-using-with
                self.command(),
                cwd=os.path.dirname(self.log_file),
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline and self._process.poll() is None:
            with open(self.output_file, encoding="utf-8", errors="replace") as output:
                ready = [line for line in output if line.startswith(READY_PREFIX)]
            if ready:
                self.url = ready[0].split("=", 1)[1].strip().rstrip("/")
                self.console_log.write(f"Emulator ready at {self.url}\n")
                return
            time.sleep(0.05)
        self.stop()
        raise EmulatorError(f"the emulator printed no {READY_PREFIX} line within {self.startup_timeout:.0f} s (output: {self.output_file})")

    def client_env(self) -> dict[str, str]:
        """What a client needs in its environment to reach this emulator with the auth token, as an AWX credential injects it;
        the emulator serves the Flex and the Conversations API alike."""
        return {
            "TWILIO_ACCOUNT_SID": self.credentials.account_sid,
            "TWILIO_AUTH_TOKEN": self.credentials.auth_token,
            "TWILIO_FLEX_BASE_URL": self.url,
            "TWILIO_CONVERSATIONS_BASE_URL": self.url,
        }

    @property
    def output_file(self) -> str:
        return self.log_file + ".out"

    def stop(self) -> None:
        if self._process is None:
            return
        stop_process_group(self._process)
        with open(self.output_file, encoding="utf-8", errors="replace") as output:
            self.console_log.write("".join(f"[emulator] {line}" for line in output))
        self.console_log.write(f"Emulator stopped (exit code {self._process.returncode}).\n")
        self._process = None

    def __enter__(self) -> Emulator:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
