"""How many tests ran, from the result files the tools write (JUnit XML, ansible-test's JSON data), never from console text."""

from __future__ import annotations

import glob
import json
import os
from dataclasses import dataclass
from xml.etree import ElementTree


@dataclass
class Tally:
    """Tests that ran, and tests that were skipped, in one step."""

    ran: int = 0
    failed: int = 0
    skipped: int = 0

    def describe(self) -> str:
        """The failed and skipped counts, for the summary (empty when both are zero)."""
        return ", ".join(f"{number} {what}" for number, what in ((self.failed, "failed"), (self.skipped, "skipped")) if number)


def junit_tally(pattern: str) -> Tally:
    """Every <testcase> of the JUnit files matching `pattern`: skipped, failed (a failure or an error) or passed."""
    tally = Tally()
    for path in sorted(glob.glob(pattern)):
        for case in ElementTree.parse(path).iter("testcase"):
            if case.find("skipped") is not None:
                tally.skipped += 1
                continue
            tally.ran += 1
            if case.find("failure") is not None or case.find("error") is not None:
                tally.failed += 1
    return tally


def junit_cases_per_suite(pattern: str) -> list[tuple[str, int]]:
    """(test module, tests run) from JUnit files: what each suite (bad input, faults, properties...) ran."""
    per_suite: dict[str, int] = {}
    for path in glob.glob(pattern):
        for case in ElementTree.parse(path).iter("testcase"):
            if case.find("skipped") is None:
                classname = case.get("classname", "?")
                suite = classname.rsplit(".", 1)[0] if ".Test" in classname else classname
                per_suite[suite] = per_suite.get(suite, 0) + 1
    return sorted(per_suite.items())


def integration_seconds(output_dir: str) -> dict[str, int]:
    """Target -> seconds, for every integration target that passed, from ansible-test's results data file."""
    seconds: dict[str, int] = {}
    for path in sorted(glob.glob(os.path.join(output_dir, "data", "integration-*.json"))):
        with open(path, encoding="utf-8") as data_file:
            for name, target in json.load(data_file).get("targets", {}).items():
                seconds[name] = target.get("run_time_seconds", 0)
    return seconds


def coverage_percent(cobertura_xml: str, prefix: str = "plugins/") -> str | None:
    """The line coverage of the files under `prefix` in a Cobertura report, as "93.1%"."""
    if not os.path.isfile(cobertura_xml):
        return None
    hits = [
        int(line.get("hits", "0")) > 0
        for class_node in ElementTree.parse(cobertura_xml).iter("class")
        if class_node.get("filename", "").startswith(prefix)
        for line in class_node.iter("line")
    ]
    return f"{100 * sum(hits) / len(hits):.1f}%" if hits else None


def coverage_missing(cobertura_xml: str, prefix: str = "plugins/") -> list[str]:
    """One line per file under `prefix` with lines no test ran: its name, its line coverage and those lines (runs of
    consecutive lines as first-last), from a Cobertura report; [] when there is none."""
    if not os.path.isfile(cobertura_xml):
        return []
    report = []
    for class_node in ElementTree.parse(cobertura_xml).iter("class"):
        filename = class_node.get("filename", "")
        if not filename.startswith(prefix):
            continue
        lines = [(int(line.get("number", "0")), int(line.get("hits", "0")) > 0) for line in class_node.iter("line")]
        missed = sorted(number for number, hit in lines if not hit)
        if missed:
            covered = 100 * (len(lines) - len(missed)) / len(lines)
            report.append(f"{filename}  {covered:.1f}%  missing {', '.join(_runs(missed))}")
    return sorted(report)


def _runs(numbers: list[int]) -> list[str]:
    """Sorted line numbers as runs: [1, 2, 3, 7] gives ["1-3", "7"]."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return [f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs]
