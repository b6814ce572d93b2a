"""One benchmark run in the demo environment (benchmarks/run.py starts it there): the figures measured, the document rendered."""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import tempfile
import time
import typing as t
from dataclasses import dataclass, field
from importlib import metadata

import jinja2

from benchmarks import figures
from benchmarks.harness import Bench, BenchmarkError, Spread, Timed
from devtools.emulator import Emulator
from devtools.exits import STOPS, stopped_exit_code
from devtools.processes import interrupt_on_sigterm, open_log
from devtools.project import REPO_ROOT, clean_env, make_collection_tree, tool_env
from devtools.venvs import Venv
from flex_emulator.admin_client import EmulatorAdmin

DOCUMENT = os.path.join(REPO_ROOT, "docs", "performance.md")
# The figures of the test command (scripts/test.py) are measured by hand, not by this benchmark: a run keeps that section.
TEST_COMMAND_HEADING = "## The test command"


# For each field of Results: the figures it gives, their title, the measurement, and its repetitions in a full run and with --quick
# (or --only). The flex_flow loop of figure 4 takes minutes a run: --quick has it compare 100 declared flows, and scales its time up.
MEASUREMENTS = {
    "counts": ((1,), "1. HTTP requests per task", figures.measure_counts, {}, {}),
    "headline": ((2,), "2. no-op flex_flow tasks against ansible.builtin.uri GET tasks", figures.measure_headline, {"rounds": 5}, {"rounds": 2}),
    "process": ((3,), "3. One module process", figures.measure_process, {"runs": 20}, {"runs": 5}),
    "audit": (
        (4, 5),
        "4 and 5. Check-mode audit of 500 flows, apply of the drifted ones",
        figures.measure_audit,
        {"rounds": 5, "loop_rounds": 2, "loop_flows": None},
        {"rounds": 2, "loop_rounds": 1, "loop_flows": 100},
    ),
    "imports": ((6,), "6. Import time", figures.measure_imports, {"runs": 7}, {"runs": 3}),
    "migration": ((7,), "7. Migration plan over 200 flows", figures.measure_migration, {"rounds": 5}, {"rounds": 2}),
    "address_audit": ((8,), "8. Drift audit of 500 addresses", figures.measure_address_audit, {"rounds": 5}, {"rounds": 2}),
    "taskrouter": ((9,), "9. No-op taskrouter task, beside a Terraform refresh", figures.measure_taskrouter, {"rounds": 5}, {"rounds": 2}),
}


@dataclass
class Results:
    """Everything the document shows; a figure not measured (--only) is None."""

    command: str
    date: str
    machine: dict[str, str]
    counts: dict[str, figures.Case] | None = None
    headline: figures.Headline | None = None
    process: dict[str, Timed] | None = None
    audit: figures.Audit | None = None
    imports: figures.Imports | None = None
    migration: Timed | None = None
    address_audit: Timed | None = None
    taskrouter: dict[str, Timed] | None = None
    loads: Spread | None = None  # the load average while measuring: it explains noisy wall times
    failures: list[str] = field(default_factory=list)
    minutes: float = 0.0


def describe_machine() -> dict[str, str]:
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), platform.machine())
    return {
        "CPU": cpu,
        "CPUs (logical)": str(os.cpu_count()),
        "Memory": f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 1024**3:.1f} GiB",
        "OS": f"{platform.freedesktop_os_release()['PRETTY_NAME']}, Linux {platform.release()}",
        "Python": platform.python_version(),
        "ansible-core": metadata.version("ansible-core"),
        "requests": f"{metadata.version('requests')} (urllib3 {metadata.version('urllib3')})",
    }


def measure(work_dir: str, venv: Venv, log: t.TextIO, results: Results, quick: bool, only: list[int] | None) -> None:
    """Copy the collection, start the emulator, measure the figures asked for."""
    collections_root = os.path.join(work_dir, "collections")
    collection_dir = make_collection_tree(REPO_ROOT, collections_root)
    env = tool_env(venv, clean_env())
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # byte-code caches as on any installation
    tests_dir, emulator_log = os.path.join(collection_dir, "tests"), os.path.join(work_dir, "emulator.log")
    with Emulator(python=venv.python, tests_dir=tests_dir, env=env, log_file=emulator_log, console_log=log) as emulator:
        env.update(ANSIBLE_COLLECTIONS_PATH=collections_root, ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_NOCOLOR="1", **emulator.client_env())
        bench = Bench(venv, work_dir, env, EmulatorAdmin(emulator.admin_url), log)
        for name, (numbers, title, measurement, full, quick_repetitions) in MEASUREMENTS.items():
            if not only or set(only) & set(numbers):
                started = time.monotonic()
                print(f"\n{title}", flush=True)
                setattr(results, name, measurement(bench, **(quick_repetitions if quick else full)))
                print(f"  ({time.monotonic() - started:.0f} s)", flush=True)
    results.loads, results.failures = Spread.of(bench.loads), bench.failures


def test_command_section() -> str:
    """The document's section on the test command, from its heading to the end, as it stands."""
    if not os.path.isfile(DOCUMENT):
        return ""
    with open(DOCUMENT, encoding="utf-8") as document:
        text = document.read()
    start = text.find("\n" + TEST_COMMAND_HEADING + "\n")
    return text[start + 1 :].rstrip("\n") if start >= 0 else ""


def render(results: Results) -> str:
    """The document, from performance.md.j2; the constants of figures.py are in its namespace too."""

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(os.path.dirname(__file__)), undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True
    )
    environment.filters["duration"] = lambda seconds: f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"
    constants = {name: value for name, value in vars(figures).items() if name.isupper()}
    return environment.get_template("performance.md.j2").render(constants, test_command_section=test_command_section(), **vars(results)).rstrip("\n") + "\n"


def run(venv: Venv, args: argparse.Namespace, log_path: str) -> int:
    """One run in the demo environment: the collection copied, the emulator started, the figures measured, the document rendered."""
    interrupt_on_sigterm()
    output = None if args.only else args.output or (None if args.quick else DOCUMENT)
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    results = Results("python3 benchmarks/run.py" + (" --quick" if args.quick else ""), date, describe_machine())
    print("\n".join(f"{name}: {value}" for name, value in results.machine.items()), flush=True)
    started = time.monotonic()
    try:
        with open_log(log_path) as log, tempfile.TemporaryDirectory(prefix="twilio-flex-benchmark-") as work_dir:
            measure(work_dir, venv, log, results, bool(args.quick or args.only), args.only)
    except BenchmarkError as error:
        print(f"\nerror: {error}\n(log: {log_path})", file=sys.stderr)
        return 1
    except STOPS as error:
        return stopped_exit_code(error)
    results.minutes = (time.monotonic() - started) / 60
    document = None if args.only else render(results)
    print(f"\n{document or ''}Run time: {results.minutes * 60:.0f} s. Log: {log_path}")
    if results.failures:
        print("\nFAILED, request counts not as expected:\n" + "\n".join(f"  {failure}" for failure in results.failures), file=sys.stderr)
        return 1
    if output:
        with open(output, "w", encoding="utf-8") as document_file:
            document_file.write(document)
        print(f"Wrote {output}.")
    return 0
