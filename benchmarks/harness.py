"""How every figure measures: timed commands and playbooks, request counts, medians and ranges."""

from __future__ import annotations

import glob
import json
import os
import re
import statistics
import tempfile
import time
import typing as t
from dataclasses import dataclass
from xml.etree import ElementTree

from devtools.processes import run_streamed, tail
from devtools.venvs import Venv
from flex_emulator.admin_client import EmulatorAdmin

RECAP = re.compile(r"^localhost\s*:\s*((?:\w+=\d+\s*)+)$", re.MULTILINE)


class BenchmarkError(Exception):
    """A measurement could not be taken: a playbook failed, or a result was not what it should be."""


@dataclass(frozen=True)
class Spread:
    """Repeated measurements as every figure gives them: the median and the range."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: list[float]) -> Spread:
        return cls(statistics.median(values), min(values), max(values))


def rotated(items: list[str], by: int) -> list[str]:
    """`items` rotated every round, so that no kind always runs first."""
    return items[by % len(items) :] + items[: by % len(items)]


@dataclass(frozen=True)
class RequestCount:
    gets: int = 0
    posts: int = 0
    deletes: int = 0

    def __str__(self) -> str:
        counts = ((self.gets, "GET"), (self.posts, "POST"), (self.deletes, "DELETE"))
        return " + ".join(f"{number} {method}{'s' if number > 1 else ''}" for number, method in counts if number) or "none"


@dataclass
class Run:
    """A finished command: its output (stderr included), wall time, the CPU time of its whole process tree and, for a playbook, its tasks."""

    output: str
    wall: float
    cpu: float
    # (task name, seconds from task start to result), from the junit callback.
    tasks: list[tuple[str, float]]

    def task(self, name: str) -> float:
        return sum(seconds for task, seconds in self.tasks if task == name)


@dataclass
class Timed:
    """Repeated runs of one command or playbook: medians and ranges, and the median run (the document lists its tasks)."""

    runs: int
    wall: Spread
    cpu: Spread
    task: Spread  # the task named to Timed.of: the flex_flows task, or the loop
    median_run: Run

    @classmethod
    def of(cls, runs: list[Run], task_name: str = "", scale: float = 1.0) -> Timed:
        # Scaled up (--quick's shorter loop), only the task's time grows: ansible-playbook's start-up is paid once.
        walls = [run.wall + run.task(task_name) * (scale - 1) for run in runs]
        cpus = [run.cpu * wall / run.wall for run, wall in zip(runs, walls)]
        median_run = sorted(runs, key=lambda run: run.wall)[(len(runs) - 1) // 2]
        return cls(len(runs), Spread.of(walls), Spread.of(cpus), Spread.of([run.task(task_name) * scale for run in runs]), median_run)


class Bench:
    """Where every measurement runs: the demo venv, a work folder, the environment, the emulator."""

    def __init__(self, venv: Venv, work_dir: str, env: dict[str, str], admin: EmulatorAdmin, log: t.TextIO) -> None:
        self.venv, self.work_dir, self.admin, self.log = venv, work_dir, admin, log
        self.failures: list[str] = []
        self.loads: list[float] = []
        # An empty ansible.cfg, so that none from the home folder or /etc counts; module_env, for python -m and imports, has the collection on PYTHONPATH.
        self.env = dict(env, ANSIBLE_CONFIG=self.write("ansible.cfg", "[defaults]\n"))
        self.module_env = dict(self.env, PYTHONPATH=env["ANSIBLE_COLLECTIONS_PATH"])
        localhost = {"ansible_connection": "local", "ansible_python_interpreter": venv.python}
        self.inventory = self.write("inventory.yml", {"all": {"hosts": {"localhost": localhost}}})

    def path(self, name: str) -> str:
        return os.path.join(self.work_dir, name)

    def write(self, name: str, data: object) -> str:
        """A text, or data as JSON, which ansible-playbook reads as YAML."""
        with open(self.path(name), "w", encoding="utf-8") as output:
            output.write(data if isinstance(data, str) else json.dumps(data, indent=2))
        return self.path(name)

    def play(self, name: str, title: str, tasks: list[dict]) -> str:
        return self.write(name, [{"name": title, "hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": tasks}])

    def run(self, command: list[str], label: str, env: dict[str, str] | None = None) -> Run:
        """Run a command that must succeed."""
        self.loads.append(os.getloadavg()[0])
        started = time.perf_counter()
        # In a session of its own, so that an interrupt stops the module processes ansible-playbook started as well.
        result = run_streamed(command, log=self.log, cwd=self.work_dir, env=env or self.env, echo=False)
        wall = time.perf_counter() - started
        self.log.write(f"({wall:.3f} s wall, {result.cpu_seconds:.3f} s CPU)\n")
        if result.returncode:
            raise BenchmarkError(f"{label}: exit code {result.returncode}:\n{tail(result.output)}")
        return Run(result.output, wall, result.cpu_seconds, [])

    def playbook(self, playbook: str, label: str, *extra_vars: str, env: dict[str, str] | None = None, **recap: int) -> Run:
        """ansible-playbook with the junit callback; the play recap must hold `recap` (ok=1, failed=0 ...)."""
        junit_dir = tempfile.mkdtemp(prefix="junit-", dir=self.work_dir)
        env = dict(env or self.env, ANSIBLE_CALLBACKS_ENABLED="ansible.builtin.junit", JUNIT_OUTPUT_DIR=junit_dir, JUNIT_HIDE_TASK_ARGUMENTS="true")
        command = [self.venv.executable("ansible-playbook"), "-i", self.inventory, playbook, *(f"--extra-vars={value}" for value in extra_vars)]
        run = self.run(command, label, env)
        match = RECAP.search(run.output)  # none for a play without tasks
        found = {name: int(number) for name, number in re.findall(r"(\w+)=(\d+)", match.group(1))} if match else {}
        if any(found.get(name, 0) != number for name, number in recap.items()):
            raise BenchmarkError(f"{label}: expected {recap} in the play recap, got {found}")
        for path in sorted(glob.glob(os.path.join(junit_dir, "*.xml"))):
            # Test case names are "[localhost] <play>: <task>".
            cases = ElementTree.parse(path).iter("testcase")
            run.tasks += [(case.get("name").split("] ", 1)[-1].split(": ", 1)[-1], float(case.get("time"))) for case in cases]
        return run

    def requests(self, label: str, expected: RequestCount) -> RequestCount:
        """The requests since the log was last cleared; any other count than `expected` fails the run."""
        methods = self.admin.methods()
        count = RequestCount(methods.count("GET"), methods.count("POST"), methods.count("DELETE"))
        if count != expected:
            self.failures.append(f"{label}: {count}, expected {expected}")
        return count
