"""Read how many tests ran out of each tool's own output."""

from __future__ import annotations

import re
from dataclasses import dataclass

PYTEST_SUMMARY = re.compile(r"^=+ (?P<body>.*?\b(?:passed|failed|errors?|skipped|xfailed|xpassed|no tests ran)\b.*?) in [\d.]+s\b.*=+\s*$", re.MULTILINE)
PYTEST_QUIET_SUMMARY = re.compile(r"^(?P<body>\d+ (?:passed|failed|errors?|skipped|xfailed|xpassed)\b.*?) in [\d.]+s\b.*$", re.MULTILINE)
PYTEST_OUTCOME = re.compile(r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed|deselected)\b")


@dataclass
class Tally:
    """Tests that ran, and tests that were skipped, in one step."""

    ran: int = 0
    failed: int = 0
    skipped: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.ran + other.ran, self.failed + other.failed, self.skipped + other.skipped)

    def describe(self) -> str:
        """The failed and skipped counts, for the summary (empty when both are zero)."""
        return ", ".join(f"{number} {what}" for number, what in ((self.failed, "failed"), (self.skipped, "skipped")) if number)


def pytest_tally(output: str) -> Tally:
    """Sum the final summary line of every pytest session in `output`.

    ansible-test units runs one session per group of tests (controller and
    modules), so there may be several.
    """
    bodies = [match.group("body") for match in PYTEST_SUMMARY.finditer(output)]
    if not bodies:
        bodies = [match.group("body") for match in PYTEST_QUIET_SUMMARY.finditer(output)]
    tally = Tally()
    for body in bodies:
        outcomes: dict[str, int] = {}
        for number, outcome in PYTEST_OUTCOME.findall(body):
            outcome = "errors" if outcome.startswith("error") else outcome
            outcomes[outcome] = outcomes.get(outcome, 0) + int(number)
        failed = outcomes.get("failed", 0) + outcomes.get("errors", 0)
        tally += Tally(
            ran=outcomes.get("passed", 0) + failed + outcomes.get("xfailed", 0) + outcomes.get("xpassed", 0),
            failed=failed,
            skipped=outcomes.get("skipped", 0),
        )
    return tally


def _ansible_test_failed(output: str, command: str) -> int:
    """N from ansible-test's final "The N <command> test(s) listed below (out of M) failed"."""
    match = re.search(rf"^FATAL: The (\d+) {command} test\(s\) listed below", output, re.MULTILINE)
    return int(match.group(1)) if match else 0


def sanity_tally(output: str) -> Tally:
    """One per `Running sanity test "name"` line (per Python version for some tests)."""
    ran = len(re.findall(r'^Running sanity test ["\']', output, re.MULTILINE))
    skipped = len(re.findall(r'^WARNING: Skipping sanity test ["\']', output, re.MULTILINE))
    return Tally(ran=ran, failed=_ansible_test_failed(output, "sanity"), skipped=skipped)


def integration_tally(output: str) -> Tally:
    """One per integration target that ansible-test ran."""
    ran = len(re.findall(r"^Running \S+ integration test (?:role|script)\b", output, re.MULTILINE))
    return Tally(ran=ran, failed=_ansible_test_failed(output, "integration"))


def ansible_lint_files(output: str) -> int | None:
    """Files that ansible-lint processed, from its final summary."""
    match = re.search(r"(\d+) files? processed", output)
    return int(match.group(1)) if match else None


def coverage_total(output: str) -> str | None:
    """The TOTAL percentage of a coverage report."""
    match = re.search(r"^TOTAL\s.*?(\d+(?:\.\d+)?%)\s*$", output, re.MULTILINE)
    return match.group(1) if match else None
