"""One run in the demo environment: the collection copied, the emulator started, the figures measured, the document rendered."""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

import ansible.release
import jinja2
import requests
import urllib3

from benchmarks import audit, counts, harness, timing
from benchmarks.harness import Bench, BenchmarkError, Spread, Timed
from devtools import ansible_test_setup, collection_tree
from devtools.emulator import Credentials, Emulator, EmulatorError
from devtools.processes import StepLog, interrupt_on_sigterm
from devtools.project import REPO_ROOT, clean_env
from devtools.venvs import Venv
from flex_emulator.admin_client import EmulatorAdmin

DOCUMENT = os.path.join(REPO_ROOT, "docs", "performance.md")
# Pure Python work timed at the start and the end of a run, to compare the machine's speed between runs.
REFERENCE_LOOP = "sum(i * i for i in range(10**7))"


@dataclass(frozen=True)
class Repetitions:
    headline_rounds: int
    process_runs: int
    # The flex_flows task, the drift audit playbook, the apply and the migration plan.
    audit_rounds: int
    # The flex_flow loop, minutes a run, and how many declared flows it compares (None: every one; the time is scaled up).
    loop_rounds: int
    loop_flows: int | None
    import_runs: int


FULL = Repetitions(headline_rounds=5, process_runs=20, audit_rounds=5, loop_rounds=2, loop_flows=None, import_runs=7)
QUICK = Repetitions(headline_rounds=2, process_runs=5, audit_rounds=2, loop_rounds=1, loop_flows=100, import_runs=3)


@dataclass
class Results:
    """Everything the document shows; a figure not measured (--only) is None."""

    command: str
    date: str
    machine: dict[str, str]
    counts: dict[str, counts.CountRow] | None = None
    headline: timing.Headline | None = None
    process: timing.ModuleProcess | None = None
    audit: audit.Audit | None = None
    imports: timing.Imports | None = None
    migration: Timed | None = None
    loads: Spread | None = None
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
        "ansible-core": ansible.release.__version__,
        "requests": f"{requests.__version__} (urllib3 {urllib3.__version__})",
    }


def reference_seconds(python: str) -> float:
    """Median time of REFERENCE_LOOP over 3 runs, without the interpreter's start-up."""
    code = f"import time; started = time.perf_counter(); {REFERENCE_LOOP}; print(time.perf_counter() - started)"
    return Spread.of([float(subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout) for _run in range(3)]).median


def measure(bench: Bench, results: Results, repetitions: Repetitions, only: list[int] | None) -> None:
    def figure(numbers: tuple[int, ...], title: str, measurement, *arguments: object) -> object:
        if only and not set(only) & set(numbers):
            return None
        started = time.monotonic()
        print(f"\n{title}", flush=True)
        measured = measurement(bench, *arguments)
        print(f"  ({time.monotonic() - started:.0f} s)", flush=True)
        return measured

    results.counts = figure((1,), "1. HTTP requests per task", counts.measure)
    results.headline = figure((2,), "2. no-op flex_flow tasks against ansible.builtin.uri GET tasks", timing.measure_headline, repetitions.headline_rounds)
    results.process = figure((3,), "3. One module process", timing.measure_process, repetitions.process_runs)
    arguments = (repetitions.audit_rounds, repetitions.loop_rounds, repetitions.loop_flows)
    results.audit = figure((4, 5), "4 and 5. Check-mode audit of 500 flows, apply of the drifted ones", audit.measure_audit, *arguments)
    results.imports = figure((6,), "6. Import time", timing.measure_imports, repetitions.import_runs)
    results.migration = figure((7,), "7. Migration plan over 200 flows", audit.measure_migration, repetitions.audit_rounds)


def measure_in(work_dir: str, venv: Venv, log: StepLog, results: Results, repetitions: Repetitions, only: list[int] | None) -> None:
    """Copy the collection, start the emulator, take the measurements."""
    collections_root = os.path.join(work_dir, "collections")
    collection_dir = collection_tree.make_collection_tree(REPO_ROOT, collections_root)
    env = ansible_test_setup.tool_env(venv, clean_env())
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # byte-code caches as on any installation
    config = os.path.join(work_dir, "ansible.cfg")
    with open(config, "w", encoding="utf-8") as config_file:
        config_file.write("[defaults]\n")  # no ansible.cfg from the home folder or /etc
    emulator = Emulator(
        python=venv.python,
        tests_dir=os.path.join(collection_dir, "tests"),
        credentials=Credentials.generate(),
        env=env,
        log_file=os.path.join(work_dir, "emulator.log"),
        console_log=log,
    )
    with emulator:
        env.update(ANSIBLE_CONFIG=config, ANSIBLE_COLLECTIONS_PATH=collections_root, ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_NOCOLOR="1")
        env.update(emulator.client_env())
        bench = Bench(venv, work_dir, env, EmulatorAdmin(emulator.admin_url), log)
        reference_start = reference_seconds(venv.python)
        measure(bench, results, repetitions, only)
        reference_end = reference_seconds(venv.python)
    results.machine[f"Speed reference: `{REFERENCE_LOOP}`, start / end of the run"] = f"{reference_start:.2f} s / {reference_end:.2f} s"
    results.loads, results.failures = Spread.of(bench.loads), bench.failures


# The figures of the test command (scripts/test.py) are measured by hand, not by this benchmark: a run keeps that section.
TEST_COMMAND_HEADING = "## The test command"


def test_command_section() -> str:
    """The document's section on the test command, from its heading to the end, as it stands."""
    if not os.path.isfile(DOCUMENT):
        return ""
    with open(DOCUMENT, encoding="utf-8") as document:
        text = document.read()
    start = text.find("\n" + TEST_COMMAND_HEADING + "\n")
    return text[start + 1 :].rstrip("\n") if start >= 0 else ""


def render(results: Results) -> str:
    """The document, from performance.md.j2; the constants of the figures' modules are in its namespace too."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(os.path.dirname(__file__)), undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True
    )
    environment.filters["duration"] = lambda seconds: f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"
    constants = {name: value for module in (harness, counts, timing, audit) for name, value in vars(module).items() if name.isupper()}
    return environment.get_template("performance.md.j2").render(constants, test_command_section=test_command_section(), **vars(results)).rstrip("\n") + "\n"


def run(venv: Venv, args: argparse.Namespace, log_path: str) -> int:
    interrupt_on_sigterm()
    output = None if args.only else args.output or (None if args.quick else DOCUMENT)
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    results = Results("python3 benchmarks/run.py" + (" --quick" if args.quick else ""), date, describe_machine())
    print("\n".join(f"{name}: {value}" for name, value in results.machine.items()), flush=True)
    started = time.monotonic()
    try:
        with StepLog(log_path) as log, tempfile.TemporaryDirectory(prefix="twilio-flex-benchmark-") as work_dir:
            measure_in(work_dir, venv, log, results, QUICK if args.quick or args.only else FULL, args.only)
    except EmulatorError as error:
        print(f"error: the emulator did not start: {error}", file=sys.stderr)
        return 2
    except BenchmarkError as error:
        print(f"\nerror: {error}\n(log: {log_path})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return 130
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
