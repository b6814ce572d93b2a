"""The test command: prepare environments, run the selected steps, print a summary."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from devtools import steps
from devtools.processes import interrupt_on_sigterm, open_log, stop_all_commands
from devtools.project import REPO_ROOT, clean_env, make_collection_tree, requirements_venv_spec
from devtools.venvs import SetupError, Venv, VenvSpec, cache_dir, ensure_venv, version_key


@dataclass
class StepResult:
    """One line of the summary."""

    label: str
    ok: bool
    seconds: float
    outcome: steps.Outcome
    cpu_seconds: float = 0.0


SPEC_IN_SHARED = os.path.join("shared", "twilio-oai", "twilio_flex_v1.yaml")


def default_spec(source: str) -> str | None:
    """../shared next to the checkout, else next to the main checkout of a git worktree, else next to the checkout it was
    cloned from when that is a local folder (a clone made in a temporary folder for a clean run), else None: the contract
    tests then skip themselves."""
    folders = [source]
    common_dir = git_output(source, "rev-parse", "--git-common-dir")
    if common_dir:
        # Relative to the checkout when git prints it so (older releases have no --path-format).
        folders.append(os.path.dirname(os.path.abspath(os.path.join(source, common_dir)).rstrip(os.sep)))
    origin = git_output(source, "config", "--get", "remote.origin.url")
    origin = origin[len("file://") :] if origin and origin.startswith("file://") else origin
    if origin:
        # A relative URL is relative to the checkout, as git takes it.
        folders.append(os.path.join(source, origin))
    candidates = [os.path.join(folder, "..", SPEC_IN_SHARED) for folder in folders]
    return next((path for path in candidates if os.path.isfile(path)), None)


def git_output(source: str, *args: str) -> str | None:
    """What a git command in the checkout prints, stripped, or None when it fails or prints nothing."""
    try:
        answer = subprocess.run(["git", "-C", source, *args], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return answer.stdout.strip() if answer.returncode == 0 and answer.stdout.strip() else None


class Run:
    """State shared by the steps of one invocation."""

    def __init__(self, source: str, run_dir: str, step_timeout: float, cores: list[str], quick: bool = False) -> None:
        self.source = source
        self.cores = cores
        self.quick = quick
        self.run_dir = run_dir
        self.logs_dir = os.path.join(run_dir, "logs")
        self.step_timeout = step_timeout
        self.base_env = clean_env()
        # The official Flex OpenAPI document for the contract tests. Every step sees it: unit tests may run the emulator's
        # contract checks too.
        spec = self.base_env.get("TWILIO_OAI_SPEC") or default_spec(source)
        if spec:
            self.base_env["TWILIO_OAI_SPEC"] = os.path.abspath(spec)
        self._venvs: dict[str, Venv | SetupError] = {}
        self._venv_locks: dict[str, threading.Lock] = {}
        self._locks_lock = threading.Lock()
        # One environment at a time, in the background: see prepare_venvs_in_background.
        self._preparing = ThreadPoolExecutor(max_workers=1)
        os.makedirs(self.logs_dir, exist_ok=True)

    def venv(self, spec: VenvSpec) -> Venv:
        """The environment for `spec`, prepared once per run (steps running beside it wait for it); a failure is remembered too."""
        with self._locks_lock:
            lock = self._venv_locks.setdefault(spec.name, threading.Lock())
        with lock:
            if spec.name not in self._venvs:
                try:
                    with open_log(os.path.join(self.logs_dir, f"setup-{spec.name}.log")) as log:
                        self._venvs[spec.name] = ensure_venv(spec, log)
                except SetupError as error:
                    print(f"Setting up {spec.name} failed: {error}", flush=True)
                    self._venvs[spec.name] = error
        found = self._venvs[spec.name]
        if isinstance(found, SetupError):
            raise found
        return found

    def venv_spec(self, core: steps.CoreVersion | None) -> VenvSpec:
        """The environment of the steps of `core`, or of the tools steps."""
        return core.venv_spec(self.source) if core else requirements_venv_spec(self.source, "tools")

    def prepare_venvs_in_background(self, work: list[tuple[steps.Step, steps.CoreVersion | None]]) -> None:
        """Build the environments of `work` one after the other, in the order its steps start, beside the first steps: on a cold
        run the later steps then find theirs ready. A step whose environment is still being built waits for it."""
        specs = {spec.name: spec for spec in (self.venv_spec(work[index][1]) for index in start_order(work))}
        for spec in specs.values():
            # A failure stays in the future, unread: venv() remembers it too, and the steps that need the environment report it.
            self._preparing.submit(self.venv, spec)

    def stop_preparing(self, wait: bool = True) -> None:
        """Start no other environment; with `wait`, wait for the one being built (after an interrupt, stop_all_commands stopped it).
        An interrupt while waiting stops that build's commands too: its thread would otherwise hold the exit until pip is done."""
        try:
            self._preparing.shutdown(wait=wait, cancel_futures=True)
        except KeyboardInterrupt:
            stop_all_commands()
            raise

    def is_newest_core(self, core: steps.CoreVersion) -> bool:
        """Whether `core` is the newest ansible-core version of this run: the one that measures coverage."""
        return core.version == max(self.cores, key=version_key)

    def runs_core_independent_targets(self, core: steps.CoreVersion) -> bool:
        """Whether the integration step of `core` runs the targets whose result does not depend on the ansible-core version:
        on the newest version of the run only, and never with --quick."""
        return not self.quick and self.is_newest_core(core)

    def fresh_tree(self, name: str) -> str:
        """A new copy of the collection for one step, so that steps cannot affect each other."""
        return make_collection_tree(self.source, os.path.join(self.run_dir, "trees", name, "collections"))


def plan(selected_steps: list[steps.Step], cores: list[steps.CoreVersion]) -> list[tuple[steps.Step, steps.CoreVersion | None]]:
    """Steps in the order the summary lists them: per ansible-core version first, then the tools steps."""
    per_core = [(step, core) for core in cores for step in selected_steps if step.per_core]
    return per_core + [(step, None) for step in selected_steps if not step.per_core]


def start_order(work: list[tuple[steps.Step, steps.CoreVersion | None]]) -> list[int]:
    """Indexes into `work` in the order its items start: the long-running steps first, those of the newest ansible-core (which
    measures coverage and runs the core-independent targets) before the others, so that the run ends with short steps side by side."""
    newest_first = sorted({core.version for _step, core in work if core}, key=version_key, reverse=True)

    def rank(index: int) -> tuple[int, int, int]:
        step, core = work[index]
        return (0 if step.long_running else 1 if core else 2, newest_first.index(core.version) if core else 0, index)

    return sorted(range(len(work)), key=rank)


def run_step(run: Run, step: steps.Step, core: steps.CoreVersion | None) -> StepResult:
    label = steps.step_label(step, core)
    name = label.replace(" [", "-").rstrip("]")  # units-2.21: the name of the step's log and of its collection copy
    log_path = os.path.join(run.logs_dir, f"{name}.log")
    print(f"\n{'=' * 20} {label}: {step.description} {'=' * 20}", flush=True)
    try:
        venv = run.venv(run.venv_spec(core))
    except SetupError as error:
        return StepResult(label, False, 0.0, steps.Outcome(ok=False, note=f"environment setup failed: {str(error).splitlines()[0]}"))
    if core:
        print(f"{label} | ansible-core {core.version} with Python {venv.python_version} from {venv.path}", flush=True)
    started = time.monotonic()
    context = None
    with open_log(log_path) as log:
        try:
            context = steps.StepContext(run, step, core, venv, run.fresh_tree(name), log)
            outcome = step.action(context)
        except Exception as error:  # pylint: disable=broad-exception-caught
            # One broken step must not stop the others from running.
            log.write(traceback.format_exc())
            print(traceback.format_exc(), flush=True)
            outcome = steps.Outcome(ok=False, note=f"runner error: {error!r}")
        if not outcome.count:  # a step that ran no test proves nothing
            if outcome.ok:
                print(f"{label} | No tests ran: that counts as a failure.", flush=True)
            outcome.ok = False
            outcome.note = ", ".join(filter(None, [outcome.note, "no tests ran"]))
    seconds = time.monotonic() - started
    cpu_seconds = context.cpu_seconds if context else 0.0
    print(f"{label}: {'PASS' if outcome.ok else 'FAIL'} in {seconds:.1f} s, {cpu_seconds:.0f} s of CPU (log: {log_path})", flush=True)
    return StepResult(label, outcome.ok, seconds, outcome, cpu_seconds)


def run_all(run: Run, work: list[tuple[steps.Step, steps.CoreVersion | None]], jobs: int, fail_fast: bool) -> tuple[list[StepResult], bool]:
    """Run the work on `jobs` threads, starting items in start_order as far as each step's `exclusive` resource allows.

    Returns the results in plan order, and whether the run was interrupted.
    """
    results: dict[int, StepResult] = {}
    pending = start_order(work)
    running: dict[Future, int] = {}
    held: set[str] = set()
    interrupted = False
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        while pending or running:
            try:
                failed = fail_fast and any(not result.ok for result in results.values())
                while pending and len(running) < jobs and not failed:  # an interrupt empties `pending`
                    index = next((i for i in pending if not work[i][0].exclusive or work[i][0].exclusive not in held), None)
                    if index is None:
                        break
                    pending.remove(index)
                    step, core = work[index]
                    held.add(step.exclusive)  # "" when none: it holds nothing back
                    running[pool.submit(run_step, run, step, core)] = index
                if not running:
                    break
                done = wait(running, timeout=1.0, return_when=FIRST_COMPLETED).done
            except KeyboardInterrupt:
                # Every step still running ends as a failure once its commands are stopped.
                print("\nInterrupted: stopping the running steps.", flush=True)
                interrupted = True
                pending.clear()
                if run:
                    run.stop_preparing(wait=False)
                stop_all_commands()
                continue
            for future in done:
                index = running.pop(future)
                held.discard(work[index][0].exclusive)
                results[index] = future.result()
                if interrupted:
                    results[index].ok = False
                    results[index].outcome.note = ", ".join(filter(None, [results[index].outcome.note, "interrupted"]))
    return [results[index] for index in sorted(results)], interrupted


def format_count(outcome: steps.Outcome) -> str:
    text = "? tests" if outcome.count is None else f"{outcome.count} tests"
    details = [part for part in (outcome.counted, outcome.note) if part]
    return f"{text} ({'; '.join(details)})" if details else text


def print_summary(run: Run, results: list[StepResult], total_seconds: float) -> None:
    print(f"\n{'=' * 30} Summary {'=' * 30}")
    width = max([len(result.label) for result in results] + [4])
    # CPU: user and system time of the step's commands, all their processes included; beside TIME it shows what waits and what works.
    print(f"{'STEP'.ljust(width)}  RESULT  {'TIME':>7}  {'CPU':>6}  TESTS")
    for result in results:
        status = "PASS" if result.ok else "FAIL"
        print(f"{result.label.ljust(width)}  {status:6}  {result.seconds:6.1f}s  {result.cpu_seconds:5.0f}s  {format_count(result.outcome)}")
    cpu_total = sum(result.cpu_seconds for result in results)
    print(f"Total time {total_seconds:.0f} s, CPU {cpu_total:.0f} s. Logs: {run.logs_dir}; environments: {cache_dir()}")
    passed = sum(1 for result in results if result.ok)
    print(f"{passed} passed, {len(results) - passed} failed")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python3 scripts/test.py",
        description="Run every check of the twilio.flex collection: with no options, the whole matrix, as CI does.",
    )
    parser.add_argument(
        "--core",
        action="append",
        choices=sorted(steps.CORE_VERSIONS),
        metavar="X.Y",
        help=f"ansible-core version to test (repeatable; default: {' '.join(steps.DEFAULT_MATRIX)}; known: {' '.join(sorted(steps.CORE_VERSIONS))})",
    )
    parser.add_argument(
        "--step", action="append", choices=[step.name for step in steps.STEPS], metavar="NAME", help="run only this step (repeatable; see --list)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="day-to-day check: the newest ansible-core of the matrix only (unless --core says otherwise), "
        "without the integration targets whose result does not depend on it (the secrets scan and the load test)",
    )
    parser.add_argument("--list", action="store_true", help="list the steps and the matrix, then exit")
    parser.add_argument("--keep-going", dest="fail_fast", action="store_false", default=False, help="run every step even after a failure (the default)")
    parser.add_argument("--fail-fast", dest="fail_fast", action="store_true", help="stop at the first failing step")
    parser.add_argument("--src", default=REPO_ROOT, help="collection checkout to test (default: the one holding this script)")
    parser.add_argument("--keep-trees", action="store_true", help="keep the collection copies the steps ran in (for debugging)")
    parser.add_argument(
        "--jobs",
        type=int,
        default=min(os.cpu_count() or 1, 4),
        metavar="N",
        help="steps run at the same time (default: the number of cores, at most 4); 1 runs them one after the other",
    )
    parser.add_argument("--step-timeout", type=float, default=1800, metavar="SECONDS", help="stop a step that runs longer (default: 1800)")
    return parser.parse_args(argv)


def list_steps() -> None:
    print("Steps:\n" + "\n".join(f"  {step.name:22} {'per ansible-core version' if step.per_core else 'once'}: {step.description}" for step in steps.STEPS))
    print(f"\nDefault matrix: {', '.join(steps.DEFAULT_MATRIX)}")
    print("\n".join(f"  ansible-core {core.version}: Python {' or '.join(core.pythons)}" for core in steps.CORE_VERSIONS.values()))
    print(f"\nEnvironments are kept in {cache_dir()} (set TWILIO_FLEX_VENV_DIR to move them).")


def main(argv: list[str]) -> int:
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace", line_buffering=True)
    args = parse_args(argv)
    interrupt_on_sigterm()
    if args.list:
        list_steps()
        return 0
    source = os.path.abspath(args.src)
    # A version given twice is tested once: its steps share one collection copy per step.
    versions = dict.fromkeys(args.core or (steps.DEFAULT_MATRIX[-1:] if args.quick else steps.DEFAULT_MATRIX))
    cores = [steps.CORE_VERSIONS[version] for version in versions]
    run = Run(source, tempfile.mkdtemp(prefix="twilio-flex-test-"), args.step_timeout, [core.version for core in cores], quick=args.quick)
    print(f"Testing {source}; work folder {run.run_dir}", flush=True)
    started = time.monotonic()
    work = plan([step for step in steps.STEPS if not args.step or step.name in args.step], cores)
    try:
        run.prepare_venvs_in_background(work)
        results, interrupted = run_all(run, work, args.jobs, args.fail_fast)
    finally:
        run.stop_preparing()
        if not args.keep_trees:
            shutil.rmtree(os.path.join(run.run_dir, "trees"), ignore_errors=True)
    print_summary(run, results, time.monotonic() - started)
    if interrupted:
        return 130
    return 0 if results and all(result.ok for result in results) else 1
