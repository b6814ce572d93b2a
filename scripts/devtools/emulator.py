"""Start and stop the Flex API emulator (tests/flex_emulator) on loopback.

Credentials are generated per run and handed over in the environment, so no secret appears on a command line.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import time
import typing as t
from dataclasses import dataclass, field

from devtools.processes import stop_process_group

READY_PREFIX = "FLEX_EMULATOR_URL="
STARTUP_SECONDS = 60


@dataclass(frozen=True)
class Credentials:
    """A random account for one emulator run."""

    account_sid: str
    auth_token: str
    api_key: str
    api_secret: str

    @classmethod
    def generate(cls) -> Credentials:
        return cls("AC" + secrets.token_hex(16), secrets.token_hex(16), "SK" + secrets.token_hex(16), secrets.token_hex(16))

    def emulator_env(self) -> dict[str, str]:
        return {f"FLEX_EMULATOR_{name.upper()}": value for name, value in vars(self).items()}


class EmulatorError(Exception):
    """The emulator did not start."""


@dataclass
class Emulator:
    """The emulator as a context manager: started on entry, always stopped on exit; its console output goes to <log_file>.out."""

    python: str
    tests_dir: str
    env: dict[str, str]
    log_file: str
    console_log: t.TextIO
    seed_file: str | None = None
    credentials: Credentials = field(default_factory=Credentials.generate)
    url: str = ""
    _process: subprocess.Popen | None = field(default=None, init=False, repr=False)

    @property
    def admin_url(self) -> str:
        return f"{self.url}/_emulator"

    def client_env(self) -> dict[str, str]:
        """What a client needs to reach this emulator with the auth token, as an AWX credential injects it (one emulator serves
        the Flex, the Conversations and the TaskRouter API)."""
        return {
            "TWILIO_ACCOUNT_SID": self.credentials.account_sid,
            "TWILIO_AUTH_TOKEN": self.credentials.auth_token,
            "TWILIO_FLEX_BASE_URL": self.url,
            "TWILIO_CONVERSATIONS_BASE_URL": self.url,
            "TWILIO_TASKROUTER_BASE_URL": self.url,
        }

    def __enter__(self) -> Emulator:
        command = [self.python, "-m", "flex_emulator", "--port", "0", "--log-file", self.log_file, *(["--seed", self.seed_file] if self.seed_file else [])]
        env = dict(self.env, **self.credentials.emulator_env(), PYTHONPATH=self.tests_dir, PYTHONUNBUFFERED="1")
        self.console_log.write(f"Starting the emulator: {' '.join(command)}\n")
        output_file = self.log_file + ".out"
        with open(output_file, "wb") as output:
            # Its own session: a Ctrl-C at the terminal is ours to handle.
            self._process = subprocess.Popen(  # pylint: disable=consider-using-with
                command, cwd=os.path.dirname(self.log_file), env=env, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline and self._process.poll() is None:
            with open(output_file, encoding="utf-8", errors="replace") as output:
                ready = [line for line in output if line.startswith(READY_PREFIX)]
            if ready:
                self.url = ready[0].split("=", 1)[1].strip().rstrip("/")
                self.console_log.write(f"Emulator ready at {self.url}\n")
                return self
            time.sleep(0.05)
        self.__exit__()
        raise EmulatorError(f"the emulator printed no {READY_PREFIX} line within {STARTUP_SECONDS} s (output: {output_file})")

    def __exit__(self, *exc_info: object) -> None:
        if self._process is None:
            return
        stop_process_group(self._process)
        with open(self.log_file + ".out", encoding="utf-8", errors="replace") as output:
            self.console_log.write("".join(f"[emulator] {line}" for line in output))
        self.console_log.write(f"Emulator stopped (exit code {self._process.returncode}).\n")
        self._process = None
