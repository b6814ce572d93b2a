# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The test command runs steps side by side, never two with the same exclusive resource, and reports them in plan order."""

import os
import subprocess
import sys
import threading
import time

import pytest

from devtools import processes, runner, steps


class Recorder:
    """Stands in for runner.run_step: records which steps overlap, fails the ones named."""

    def __init__(self, failing=()):
        self.failing = set(failing)
        self.running = set()
        self.overlaps = []
        self.started = []
        self.lock = threading.Lock()

    def __call__(self, run, step, core):
        label = steps.step_label(step, core)
        with self.lock:
            self.overlaps += [(other, label) for other in self.running]
            self.running.add(label)
            self.started.append(label)
        time.sleep(0.05)
        with self.lock:
            self.running.discard(label)
        ok = label not in self.failing
        return runner.StepResult(label, ok, 0.05, steps.Outcome(ok=ok, count=1))


def step(name, per_core=True, exclusive="", long_running=False):
    return steps.Step(name, name, per_core, action=lambda ctx: None, exclusive=exclusive, long_running=long_running)


CORES = [steps.CORE_VERSIONS["2.18"], steps.CORE_VERSIONS["2.19"], steps.CORE_VERSIONS["2.21"]]
SANITY, UNITS, TOOLS = step("sanity", exclusive="ansible-test sanity venvs"), step("units"), step("ruff", per_core=False)


@pytest.fixture
def recorder(monkeypatch):
    recorded = Recorder()
    monkeypatch.setattr(runner, "run_step", recorded)
    return recorded


def test_steps_run_side_by_side_but_exclusive_ones_one_at_a_time(recorder):
    # Without the exclusive resource, the two workers would take sanity [2.18] and sanity [2.19] together.
    results, interrupted = runner.run_all(None, runner.plan([SANITY, TOOLS], CORES), jobs=2, fail_fast=False)

    assert not interrupted
    assert [result.label for result in results] == ["sanity [2.18]", "sanity [2.19]", "sanity [2.21]", "ruff"]
    assert not [pair for pair in recorder.overlaps if all(label.startswith("sanity") for label in pair)], recorder.overlaps
    assert [pair for pair in recorder.overlaps if "ruff" in pair], "ruff waited for the sanity steps although it could run beside them"


def test_results_come_in_plan_order(recorder):
    results, _interrupted = runner.run_all(None, runner.plan([SANITY, UNITS, TOOLS], CORES), jobs=2, fail_fast=False)

    assert [result.label for result in results] == [
        "sanity [2.18]", "units [2.18]", "sanity [2.19]", "units [2.19]", "sanity [2.21]", "units [2.21]", "ruff",
    ]  # fmt: skip
    assert recorder.overlaps, "no two steps ever ran at the same time"


def test_one_job_starts_the_newest_core_first_and_lists_results_in_plan_order(recorder):
    results, _interrupted = runner.run_all(None, runner.plan([SANITY, UNITS], CORES[:2]), jobs=1, fail_fast=False)

    assert recorder.overlaps == []
    assert recorder.started == ["sanity [2.19]", "units [2.19]", "sanity [2.18]", "units [2.18]"]
    assert [result.label for result in results] == ["sanity [2.18]", "units [2.18]", "sanity [2.19]", "units [2.19]"]


def test_long_running_steps_start_first_newest_core_first_then_short_ones_then_tools():
    integration = step("integration", long_running=True)
    work = runner.plan([step("sanity", long_running=True), UNITS, integration, TOOLS], CORES)

    started = [steps.step_label(*work[index]) for index in runner.start_order(work)]

    assert started == [
        "sanity [2.21]", "integration [2.21]", "sanity [2.19]", "integration [2.19]", "sanity [2.18]", "integration [2.18]",
        "units [2.21]", "units [2.19]", "units [2.18]", "ruff",
    ]  # fmt: skip


def test_fail_fast_starts_nothing_after_a_failure(monkeypatch):
    recorded = Recorder(failing={"sanity [2.21]"})
    monkeypatch.setattr(runner, "run_step", recorded)

    results, _interrupted = runner.run_all(None, runner.plan([SANITY, UNITS], CORES), jobs=1, fail_fast=True)

    assert [(result.label, result.ok) for result in results] == [("sanity [2.21]", False)]


def test_the_newest_core_of_the_run_alone_measures_coverage_and_runs_the_core_independent_targets(tmp_path):
    run = runner.Run(str(tmp_path), str(tmp_path / "run"), 60, ["2.18", "2.21", "2.19"])
    quick = runner.Run(str(tmp_path), str(tmp_path / "quick"), 60, ["2.21"], quick=True)

    assert [run.is_newest_core(core) for core in CORES] == [False, False, True]
    assert [run.runs_core_independent_targets(core) for core in CORES] == [False, False, True]
    assert not quick.runs_core_independent_targets(CORES[2]) and quick.is_newest_core(CORES[2])


def test_environments_are_prepared_in_the_order_their_steps_start(tmp_path, monkeypatch):
    run = runner.Run(str(tmp_path), str(tmp_path / "run"), 60, [core.version for core in CORES])
    prepared = []
    monkeypatch.setattr(runner.Run, "venv", lambda self, spec: prepared.append(spec.name))
    work = runner.plan([TOOLS, UNITS, step("integration", long_running=True)], CORES)

    run.prepare_venvs_in_background(work)
    run._preparing.shutdown()  # pylint: disable=protected-access  # stop_preparing() would cancel what has not started

    assert prepared == ["core-2.21", "core-2.19", "core-2.18", "tools"]


def test_the_summary_lists_every_step_and_ends_with_the_counts(tmp_path, capsys):
    run = runner.Run(str(tmp_path), str(tmp_path / "run"), 60, ["2.21"])
    results = [
        runner.StepResult("sanity [2.21]", True, 1.0, steps.Outcome(ok=True, count=30), cpu_seconds=1.8),
        runner.StepResult("ruff", False, 0.5, steps.Outcome(ok=False, count=0, note="no tests ran")),
    ]

    runner.print_summary(run, results, 1.5)

    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split()[:5] for line in lines[-4:-2]] == [["sanity", "[2.21]", "PASS", "1.0s", "2s"], ["ruff", "FAIL", "0.5s", "0s", "0"]]
    assert lines[-2].startswith("Total time 2 s, CPU 2 s.")
    assert lines[-1] == "1 passed, 1 failed"


def test_a_command_reports_the_cpu_time_of_every_process_it_waited_for(tmp_path):
    # The command itself only waits; the CPU is spent by its child, as ansible-test's is by the processes it starts.
    burn = "import time\nwhile time.process_time() < 0.3:\n    pass\n"
    command = [sys.executable, "-c", f"import subprocess, sys; subprocess.run([sys.executable, '-c', {burn!r}], check=True)"]
    with processes.open_log(str(tmp_path / "log")) as log:
        result = processes.run_streamed(command, log=log, echo=False)

    assert result.returncode == 0
    assert result.cpu_seconds >= 0.3


def make_spec(folder):
    spec = folder / "shared" / "twilio-oai" / "twilio_flex_v1.yaml"
    spec.parent.mkdir(parents=True)
    spec.write_text("openapi: 3.0.1\n")
    return spec


def git(*args):
    subprocess.run(["git", *args], check=True, capture_output=True)


def test_the_spec_is_found_beside_the_checkout_else_beside_the_local_checkout_it_was_cloned_from(tmp_path):
    source = tmp_path / "work" / "main"
    source.mkdir(parents=True)
    git("init", "-q", str(source))
    git("-C", str(source), "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "empty")
    clone = tmp_path / "clean" / "flex"
    git("clone", "-q", str(source), str(clone))
    assert runner.default_spec(str(clone)) is None
    beside_origin = make_spec(tmp_path / "work")
    assert os.path.samefile(runner.default_spec(str(clone)), beside_origin)
    beside_clone = make_spec(tmp_path / "clean")
    assert os.path.samefile(runner.default_spec(str(clone)), beside_clone)
    assert os.path.samefile(runner.default_spec(str(source)), beside_origin)
    worktree = tmp_path / "trees" / "review"
    git("-C", str(source), "worktree", "add", "-q", "--detach", str(worktree))
    assert os.path.samefile(runner.default_spec(str(worktree)), beside_origin)
