"""What every figure uses: timed commands and playbooks, request counts, medians and ranges, the account's flows."""

from __future__ import annotations

import glob
import json
import os
import re
import resource
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from xml.etree import ElementTree

from devtools.processes import StepLog, stop_process_group, tail
from devtools.venvs import Venv
from flex_emulator.admin_client import EmulatorAdmin

# The page size flex_flow_info and flex_flows ask for: Twilio's maximum.
PAGE_SIZE = 1000
# Twilio serves at most 50 Address Configurations per page.
ADDRESS_PAGE_SIZE = 50
CHAT_SERVICE_SID, STUDIO_FLOW_SID = "IS" + "0123456789abcdef" * 2, "FW" + "0123456789abcdef" * 2
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


def middle(items: list, key) -> object:
    """The median item by `key`: the run whose breakdown a figure shows."""
    return sorted(items, key=key)[(len(items) - 1) // 2]


def rotated(items: list[str], by: int) -> list[str]:
    """`items` rotated every round, so that no kind always runs first."""
    split = by % len(items)
    return items[split:] + items[:split]


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
    """A finished command: its output, wall time and the CPU time of its whole process tree."""

    stdout: str
    stderr: str
    wall: float
    cpu: float
    # (task name, seconds from task start to result) of a playbook, from the junit callback.
    tasks: list[tuple[str, float]]

    def result(self) -> dict:
        """A module's result: the last line it printed."""
        return json.loads(self.stdout.strip().splitlines()[-1])

    def task(self, name: str) -> float:
        return sum(seconds for task, seconds in self.tasks if task == name)


@dataclass
class Timed:
    """Repeated runs of one command or playbook: medians and ranges, and the median run (its tasks in the document)."""

    runs: int
    wall: Spread
    cpu: Spread
    # The task named, from the junit callback: the flex_flows task, or the loop.
    task: Spread
    median_run: Run

    @classmethod
    def of(cls, runs: list[Run], task_name: str = "", scale: float = 1.0) -> Timed:
        # Scaled up (--quick's shorter loop), only the task's time grows: ansible-playbook's start-up is paid once.
        walls = [run.wall + run.task(task_name) * (scale - 1) for run in runs]
        cpus = [run.cpu * wall / run.wall for run, wall in zip(runs, walls)]
        return cls(
            len(runs), Spread.of(walls), Spread.of(cpus), Spread.of([run.task(task_name) * scale for run in runs]), middle(runs, key=lambda run: run.wall)
        )


class Bench:
    """Where every measurement runs: the demo venv, a work folder, the environment, the emulator."""

    def __init__(self, venv: Venv, work_dir: str, env: dict[str, str], admin: EmulatorAdmin, log: StepLog) -> None:
        self.venv, self.work_dir, self.env, self.admin, self.log = venv, work_dir, env, admin, log
        self.failures: list[str] = []
        self.loads: list[float] = []
        self.inventory = self.write(
            "inventory.yml", {"all": {"hosts": {"localhost": {"ansible_connection": "local", "ansible_python_interpreter": venv.python}}}}
        )

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
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        # A session of its own, so that an interrupt stops the module processes ansible-playbook started as well.
        with subprocess.Popen(
            command, cwd=self.work_dir, env=env or self.env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
        ) as process:
            try:
                stdout, stderr = (output.decode("utf-8", "replace") for output in process.communicate())
            except BaseException:
                stop_process_group(process)
                raise
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        self.log.write(f"$ {' '.join(command)}\n{stdout}{stderr}(exit code {process.returncode}, {wall:.3f} s wall, {cpu:.3f} s CPU)\n")
        if process.returncode:
            raise BenchmarkError(f"{label}: exit code {process.returncode}:\n{tail(stdout + stderr)}")
        return Run(stdout, stderr, wall, cpu, [])

    def playbook(self, playbook: str, label: str, *extra_vars: str, env: dict[str, str] | None = None, **recap: int) -> Run:
        """ansible-playbook with the junit callback; the play recap must hold `recap` (ok=1, failed=0 ...)."""
        junit_dir = tempfile.mkdtemp(prefix="junit-", dir=self.work_dir)
        env = dict(env or self.env, ANSIBLE_CALLBACKS_ENABLED="ansible.builtin.junit", JUNIT_OUTPUT_DIR=junit_dir, JUNIT_HIDE_TASK_ARGUMENTS="true")
        run = self.run(
            [self.venv.executable("ansible-playbook"), "-i", self.inventory, playbook, *(f"--extra-vars={value}" for value in extra_vars)], label, env
        )
        match = RECAP.search(run.stdout)  # none for a play without tasks
        found = {name: int(number) for name, number in re.findall(r"(\w+)=(\d+)", match.group(1))} if match else {}
        if any(found.get(name, 0) != number for name, number in recap.items()):
            raise BenchmarkError(f"{label}: expected {recap} in the play recap, got {found}")
        for path in sorted(glob.glob(os.path.join(junit_dir, "*.xml"))):
            # Test case names are "[localhost] <play>: <task>".
            run.tasks += [
                (case.get("name").split("] ", 1)[-1].split(": ", 1)[-1], float(case.get("time"))) for case in ElementTree.parse(path).iter("testcase")
            ]
        return run

    def requests(self, label: str, expected: RequestCount) -> RequestCount:
        """The requests since the log was last cleared; any other count than `expected` fails the run."""
        methods = self.admin.methods()
        count = RequestCount(methods.count("GET"), methods.count("POST"), methods.count("DELETE"))
        if count != expected:
            self.failures.append(f"{label}: {count}, expected {expected}")
        return count

    def kept_ansiballz(self, playbook: str, module: str, *extra_vars: str) -> str:
        """The AnsiballZ_<module>.py the controller writes for the one task of `playbook`, kept: it holds the task's arguments."""
        remote_tmp = self.path(f"remote-tmp-{module}")
        self.playbook(playbook, f"AnsiballZ_{module} capture", *extra_vars, env=dict(self.env, ANSIBLE_KEEP_REMOTE_FILES="1", ANSIBLE_REMOTE_TMP=remote_tmp))
        found = glob.glob(os.path.join(remote_tmp, "*", f"AnsiballZ_{module}.py"))
        if len(found) != 1:
            raise BenchmarkError(f"expected one kept AnsiballZ_{module}.py under {remote_tmp}, found {found}")
        return found[0]


def flow_sid(index: int) -> str:
    return f"FO{index + 1:032x}"


def flow_name(index: int) -> str:
    return f"Flow {index:05d}"


def phone_number(index: int) -> str:
    return f"+1555{index:07d}"


def account_flows(count: int) -> list[dict]:
    """`count` flows in the API's shape, to seed the emulator with."""
    integration = {"integration_type": "studio", "integration": {"flow_sid": STUDIO_FLOW_SID, "retry_count": 3}, "long_lived": False, "janitor_enabled": False}
    return [
        dict(sid=flow_sid(index), friendly_name=flow_name(index), chat_service_sid=CHAT_SERVICE_SID, channel_type="web", enabled=True, **integration)
        for index in range(count)
    ]


def address(index: int) -> dict:
    """The SMS Address Configuration of phone_number(index), to seed the emulator with."""
    return {"address": phone_number(index), "type": "sms", "friendly_name": flow_name(index), "auto_creation": {"enabled": True, "type": "default"}}


def task(name: str, module: str, args: dict, **keywords: object) -> dict:
    return {"name": name, module: args, **keywords}


def no_op_task(index: int) -> dict:
    """A flex_flow task by sid that finds flow `index` as declared."""
    return task(
        f"Flow {index} is as declared",
        "twilio.flex.flex_flow",
        {"sid": flow_sid(index), "enabled": True, "integration_type": "studio", "integration": {"flow_sid": STUDIO_FLOW_SID}},
    )
