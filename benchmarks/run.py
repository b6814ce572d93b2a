"""Measure the twilio.flex modules against the Flex API emulator: python3 benchmarks/run.py [--quick].

Counts the HTTP requests of each kind of task (and fails when a count is not
as expected), times flex_flow tasks against plain ansible.builtin.uri tasks, one
module process against a bare requests script, a check-mode audit of 500 flows
three ways (one flex_flows task, the drift audit playbook, a flex_flow loop), an
apply of 50 changes among 500 flows, and the module's import time; it checks the
audit's time goals. A full run writes docs/performance.md.

Only the standard library is used here; ansible-core and requests come from
the demo environment that scripts/devtools builds (scripts/requirements/demo.txt).
"""

from __future__ import annotations

import argparse
import base64
import datetime
import glob
import json
import math
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from xml.etree import ElementTree

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "scripts"))

from devtools import ansible_test_setup, collection_tree  # noqa: E402  (needs the path above)
from devtools.emulator import Credentials, Emulator, EmulatorError  # noqa: E402
from devtools.processes import StepLog, interrupt_on_sigterm, stop_process_group, tail  # noqa: E402
from devtools.project import REPO_ROOT, clean_env, demo_venv_spec  # noqa: E402
from devtools.venvs import SetupError, Venv, ensure_venv  # noqa: E402

DOCUMENT = os.path.join(REPO_ROOT, "docs", "performance.md")
CHAT_SERVICE_SID = "IS" + "0123456789abcdef" * 2
STUDIO_FLOW_SID = "FW" + "0123456789abcdef" * 2
# The page size flex_flow_info asks for: Twilio's maximum.
PAGE_SIZE = 1000
# Twilio serves at most 50 Address Configurations per page.
ADDRESS_PAGE_SIZE = 50
ADDRESS_LISTING_SIZE = 120
# The migration plan's account: MIGRATION_FLOWS SMS flows, every MIGRATED_EVERY-th of them with its address configured already.
MIGRATION_FLOWS = 200
MIGRATED_EVERY = 4
HEADLINE_TASKS = 50
# The audit's account: AUDIT_FLOWS flows. Flow i is declared with `enabled` changed (drifted) when i % DRIFT_EVERY == 0,
# and not declared at all when i % UNDECLARED_EVERY == UNDECLARED_AT: 50 drifted and 10 undeclared of 500, 490 declared.
AUDIT_FLOWS = 500
DRIFT_EVERY = 10
UNDECLARED_EVERY = 50
UNDECLARED_AT = 25
# The goals of the drift audit playbook over AUDIT_FLOWS flows: under this wall time, and this many times faster than the loop.
GOAL_AUDIT_SECONDS = 3.0
GOAL_AUDIT_SPEED_UP = 50.0
LOOKUP_SIZES = (10, 1000, 5000)
LISTING_SIZES = (10, 1000, 2500, 5000)
FLEX_FLOW_MODULE = "ansible_collections.twilio.flex.plugins.modules.flex_flow"
RECAP = re.compile(r"^localhost\s*:\s*(?P<counts>(?:\w+=\d+\s*)+)$", re.MULTILINE)
OWN_CODE = "twilio.flex (own code)"
REQUESTS_PACKAGES = ("requests", "urllib3", "charset_normalizer", "idna", "certifi")
# Pure Python work timed at the start and the end of a run, to compare the machine's speed between runs.
REFERENCE_LOOP = "sum(i * i for i in range(10**7))"
IMPORT_TIME_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)\s*$")

BARE_GET_SCRIPT = '''\
"""One GET of a Flex Flow with requests, printed as JSON: what a module doing the same cannot beat."""
import json
import os
import sys

import requests

response = requests.get(
    os.environ["TWILIO_FLEX_BASE_URL"] + "/v1/FlexFlows/" + sys.argv[1],
    auth=(os.environ["TWILIO_ACCOUNT_SID"], os.environ["TWILIO_AUTH_TOKEN"]),
    timeout=30,
)
response.raise_for_status()
print(json.dumps({"changed": False, "flex_flow": response.json()}))
'''


@dataclass(frozen=True)
class Repetitions:
    """How often each timed figure is measured."""

    headline_rounds: int
    process_runs: int
    # The flex_flows task, the drift audit playbook and the apply.
    audit_rounds: int
    # The flex_flow loop, about two minutes a run over every declared flow.
    loop_rounds: int
    # How many declared flows the loop compares (its time scaled up to all of them); None: every declared flow.
    loop_flows: int | None
    import_runs: int


FULL = Repetitions(headline_rounds=5, process_runs=20, audit_rounds=5, loop_rounds=2, loop_flows=None, import_runs=7)
QUICK = Repetitions(headline_rounds=2, process_runs=5, audit_rounds=2, loop_rounds=1, loop_flows=100, import_runs=3)


class BenchmarkError(Exception):
    """A measurement could not be taken: a playbook failed, or a result was not what it should be."""


@dataclass(frozen=True)
class RequestCount:
    """Flex API requests, from the emulator's log."""

    gets: int = 0
    posts: int = 0
    deletes: int = 0

    @classmethod
    def from_log(cls, entries: list[dict]) -> RequestCount:
        methods = [entry.get("method") for entry in entries]
        return cls(gets=methods.count("GET"), posts=methods.count("POST"), deletes=methods.count("DELETE"))

    def within(self, limit: RequestCount) -> bool:
        return self.gets <= limit.gets and self.posts <= limit.posts and self.deletes <= limit.deletes

    def __str__(self) -> str:
        parts = [
            f"{number} {method}{'s' if number > 1 else ''}" for number, method in ((self.gets, "GET"), (self.posts, "POST"), (self.deletes, "DELETE")) if number
        ]
        return " + ".join(parts) or "none"


@dataclass
class PlaybookRun:
    """One timed ansible-playbook run."""

    wall_seconds: float
    cpu_seconds: float
    recap: dict[str, int]
    # (task name, seconds from task start to result), from the junit callback.
    task_seconds: list[tuple[str, float]]


@dataclass
class Results:
    """Everything measured, for the console and the document."""

    machine: dict[str, str] = field(default_factory=dict)
    counts: list[dict] = field(default_factory=list)
    headline: dict = field(default_factory=dict)
    process: dict = field(default_factory=dict)
    audit: dict = field(default_factory=dict)
    imports: dict = field(default_factory=dict)
    migration: dict = field(default_factory=dict)
    load_samples: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


# --- the account and the playbooks ----------------------------------------------------------------


def flow_sid(index: int) -> str:
    return f"FO{index + 1:032x}"


def flow_name(index: int) -> str:
    return f"Flow {index:05d}"


def account_flows(count: int) -> list[dict]:
    """`count` flows in the API's shape, to seed the emulator with."""
    return [
        {
            "sid": flow_sid(index),
            "friendly_name": flow_name(index),
            "chat_service_sid": CHAT_SERVICE_SID,
            "channel_type": "web",
            "enabled": True,
            "integration_type": "studio",
            "integration": {"flow_sid": STUDIO_FLOW_SID, "retry_count": 3},
            "long_lived": False,
            "janitor_enabled": False,
        }
        for index in range(count)
    ]


def phone_number(index: int) -> str:
    return f"+1555{index:07d}"


def address_seed(index: int) -> dict:
    """An SMS Address Configuration for phone_number(index), to seed the emulator with."""
    return {"address": phone_number(index), "type": "sms", "friendly_name": flow_name(index), "auto_creation": {"enabled": True, "type": "default"}}


def migration_account(count: int) -> tuple[list[dict], list[dict]]:
    """`count` SMS flows on a Studio flow, and the addresses already configured for every MIGRATED_EVERY-th of them."""
    flows = [dict(flow, channel_type="sms", contact_identity=phone_number(index)) for index, flow in enumerate(account_flows(count))]
    return flows, [address_seed(index) for index in range(0, count, MIGRATED_EVERY)]


def is_drifted(index: int) -> bool:
    return index % DRIFT_EVERY == 0


def is_undeclared(index: int) -> bool:
    return index % UNDECLARED_EVERY == UNDECLARED_AT


def declared_flows(count: int) -> list[dict]:
    """Entries describing account_flows(count), found by name: the undeclared flows left out, the drifted ones disabled."""
    declared = []
    for index, flow in enumerate(account_flows(count)):
        if is_undeclared(index):
            continue
        options = {key: value for key, value in flow.items() if key != "sid"}
        if is_drifted(index):
            options["enabled"] = False
        declared.append(options)
    return declared


def play(name: str, tasks: list[dict]) -> list[dict]:
    return [{"name": name, "hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": tasks}]


def write_json(path: str, data: object) -> str:
    """Write `data` as JSON, which is also YAML: ansible-playbook reads these files as they are."""
    with open(path, "w", encoding="utf-8") as output:
        json.dump(data, output, indent=2)
        output.write("\n")
    return path


def no_op_task(index: int) -> dict:
    """A flex_flow task by SID that finds flow `index` as declared."""
    return {
        "name": f"Flow {index} is as declared",
        "twilio.flex.flex_flow": {
            "sid": flow_sid(index),
            "enabled": True,
            "integration_type": "studio",
            "integration": {"flow_sid": STUDIO_FLOW_SID},
        },
    }


def uri_task(index: int, base_url: str, account_sid: str) -> dict:
    """What a user without the collection writes to read flow `index`: no comparison, no diff."""
    return {
        "name": f"Read flow {index}",
        "ansible.builtin.uri": {
            "url": f"{base_url}/v1/FlexFlows/{flow_sid(index)}",
            "url_username": account_sid,
            "url_password": "{{ lookup('ansible.builtin.env', 'TWILIO_AUTH_TOKEN') }}",
            "force_basic_auth": True,
        },
    }


def flex_flows_task(check_mode: bool) -> dict:
    """One flex_flows task over every declared flow: in check mode as the drift audit's plan step, else an apply."""
    return {
        "name": "Plan every declared flow against the account (check mode, diff)" if check_mode else "Apply every declared flow",
        "twilio.flex.flex_flows": {"flows": "{{ desired_flows }}", "prune": False},
        "check_mode": check_mode,
        "diff": check_mode,
        "register": "flows_result",
    }


def flex_flows_result_task(expected_summary: dict, updated: list[str]) -> dict:
    """Asserts the summary of flex_flows_task's result, and which flows it updates."""
    return {
        "name": "The result is as expected",
        "ansible.builtin.assert": {
            "that": [
                f"flows_result.summary == {json.dumps(expected_summary)}",
                f"flows_result.flows | selectattr('action', 'equalto', 'update') | map(attribute='friendly_name') | list == {json.dumps(updated)}",
            ],
            "quiet": True,
        },
    }


def audit_loop_task() -> dict:
    """flex_flow over every declared flow in check mode, as the drift audit's compare step without its report."""
    options = ("friendly_name", "chat_service_sid", "channel_type", "enabled", "integration_type", "integration", "long_lived", "janitor_enabled")
    return {
        "name": "Compare each declared flow with the account",
        "twilio.flex.flex_flow": {option: f"{{{{ flow.{option} | default(omit) }}}}" for option in options},
        "check_mode": True,
        "loop": "{{ desired_flows }}",
        "loop_control": {"loop_var": "flow", "label": "{{ flow.friendly_name }}"},
    }


# --- running things ------------------------------------------------------------------------------


class EmulatorControl:
    """The emulator's /_emulator endpoints: set the account's flows, read and clear the request log."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        # Loopback: never through a proxy named in the environment.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def _call(self, method: str, path: str, payload: object = None) -> object:
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(self.admin_url + path, data=data, method=method, headers={"Content-Type": "application/json"})
        with self._opener.open(request, timeout=120) as answer:
            body = answer.read()
        return json.loads(body) if body.strip() else None

    def seed(self, flows: list[dict], addresses: list[dict] | None = None) -> None:
        """Replace the account's flows and Address Configurations; this also empties the request log."""
        self._call("POST", "/reset", {"flows": flows, "addresses": addresses or []})

    def clear_log(self) -> None:
        self._call("DELETE", "/log")

    def requests(self) -> RequestCount:
        entries = self._call("GET", "/log")
        return RequestCount.from_log(entries if isinstance(entries, list) else [])

    def flows(self) -> list[dict]:
        """The account's flows, as the emulator holds them."""
        flows = self._call("GET", "/flows")
        return flows if isinstance(flows, list) else []


def parse_recap(output: str) -> dict[str, int]:
    """ok, changed, failed, ... of localhost from the PLAY RECAP (empty for a play without tasks)."""
    match = RECAP.search(output)
    if not match:
        return {}
    return {name: int(number) for name, number in re.findall(r"(\w+)=(\d+)", match.group("counts"))}


def junit_task_seconds(junit_dir: str) -> list[tuple[str, float]]:
    seconds = []
    for path in sorted(glob.glob(os.path.join(junit_dir, "*.xml"))):
        for case in ElementTree.parse(path).getroot().iter("testcase"):
            # "[localhost] <play>: <task>"
            name = case.get("name", "").split("] ", 1)[-1].split(": ", 1)[-1]
            seconds.append((name, float(case.get("time") or 0)))
    return seconds


def timed(command: list[str], env: dict[str, str], cwd: str) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run `command`; return it with its wall time and the CPU time of its whole process tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    # A session of its own, so that an interrupt stops the module processes ansible-playbook started as well.
    with subprocess.Popen(
        command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    ) as process:
        try:
            stdout, stderr = process.communicate()
        except BaseException:
            stop_process_group(process)
            raise
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr), wall, cpu


class Bench:
    """The environment every measurement runs in: venv, collection copy, emulator, inventory."""

    def __init__(self, venv: Venv, work_dir: str, env: dict[str, str], control: EmulatorControl, log: StepLog, results: Results) -> None:
        self.venv = venv
        self.work_dir = work_dir
        self.env = env
        self.control = control
        self.log = log
        self.results = results
        self.inventory = write_json(
            os.path.join(work_dir, "inventory.yml"),
            {
                "all": {
                    "hosts": {
                        "localhost": {
                            "ansible_connection": "local",
                            "ansible_python_interpreter": venv.python,
                        }
                    }
                }
            },
        )

    def path(self, name: str) -> str:
        return os.path.join(self.work_dir, name)

    def run(self, command: list[str], label: str, env: dict[str, str] | None = None) -> tuple[str, float, float]:
        """Run a command that must succeed; return its stdout, wall time and CPU time."""
        self.results.load_samples.append(os.getloadavg()[0])
        completed, wall, cpu = timed(command, env or self.env, self.work_dir)
        stdout = completed.stdout.decode("utf-8", "replace")
        stderr = completed.stderr.decode("utf-8", "replace")
        self.log.write(f"$ {' '.join(command)}\n{stdout}{stderr}(exit code {completed.returncode}, {wall:.3f} s wall, {cpu:.3f} s CPU)\n")
        if completed.returncode != 0:
            raise BenchmarkError(f"{label}: exit code {completed.returncode}:\n{tail(stdout + stderr)}")
        return stdout, wall, cpu

    def playbook(self, playbook: str, label: str, *arguments: str, env: dict[str, str] | None = None) -> PlaybookRun:
        junit_dir = tempfile.mkdtemp(prefix="junit-", dir=self.work_dir)
        run_env = dict(env or self.env)
        run_env.update(ANSIBLE_CALLBACKS_ENABLED="ansible.builtin.junit", JUNIT_OUTPUT_DIR=junit_dir, JUNIT_HIDE_TASK_ARGUMENTS="true")
        command = [self.venv.executable("ansible-playbook"), "-i", self.inventory, playbook, *arguments]
        output, wall, cpu = self.run(command, label, run_env)
        return PlaybookRun(wall, cpu, parse_recap(output), junit_task_seconds(junit_dir))

    def expect_recap(self, run: PlaybookRun, label: str, **expected: int) -> None:
        found = {name: run.recap.get(name, 0) for name in expected}
        if found != expected:
            raise BenchmarkError(f"{label}: expected {expected} in the play recap, got {run.recap}")

    def check_requests(self, label: str, limit: RequestCount, exact: bool = False) -> RequestCount:
        """Requests since the log was last cleared; a count above `limit` (or not equal, with `exact`) is a failure."""
        count = self.control.requests()
        if not count.within(limit) or (exact and count != limit):
            self.results.failures.append(f"{label}: {count}, {'expected' if exact else 'limit'} {limit}")
        return count


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


# --- figure 1: requests per task -----------------------------------------------------------------


@dataclass(frozen=True)
class CountCase:
    """One task whose requests are counted, in an account of `account_size` flows."""

    label: str
    account_size: int
    tasks: list[dict]
    limit: RequestCount
    changed: int
    # Address Configurations in the account, address_seed(0) to address_seed(addresses - 1).
    addresses: int = 0


def count_cases() -> list[CountCase]:
    update = {"sid": flow_sid(3), "enabled": False}
    cases = [
        CountCase("flex_flow, no change, by sid", 10, [no_op_task(3)], RequestCount(gets=1), changed=0),
        CountCase("flex_flow, update, by sid", 10, [{"name": "Disable flow 3", "twilio.flex.flex_flow": update}], RequestCount(gets=1, posts=1), changed=1),
        CountCase(
            "flex_flow, check mode with a change",
            10,
            [{"name": "Disable flow 3 (check)", "twilio.flex.flex_flow": update, "check_mode": True}],
            RequestCount(gets=1),
            changed=1,
        ),
    ]
    for size in LOOKUP_SIZES:
        lookup = {"friendly_name": flow_name(size - 1), "enabled": True}
        cases.append(
            CountCase(
                f"flex_flow, by name among {size} flows",
                size,
                [{"name": "Find the last flow by name", "twilio.flex.flex_flow": lookup}],
                RequestCount(gets=1),
                changed=0,
            )
        )
    for size in LISTING_SIZES:
        tasks = [
            {"name": "List every flow", "twilio.flex.flex_flow_info": {}, "register": "listing"},
            {"name": "Every flow is listed", "ansible.builtin.assert": {"that": [f"listing.flex_flows | length == {size}"], "quiet": True}},
        ]
        cases.append(CountCase(f"flex_flow_info over {size} flows", size, tasks, RequestCount(gets=math.ceil(size / PAGE_SIZE)), changed=0))
    return cases + address_count_cases()


def address_count_cases() -> list[CountCase]:
    same = {"address": phone_number(3), "type": "sms", "auto_creation": {"enabled": True, "type": "default"}}
    disable = {"address": phone_number(3), "auto_creation": {"enabled": False}}
    retype = {
        "name": "Change the type of address 3 (refused before any write)",
        "twilio.flex.conversations_address": {"address": phone_number(3), "type": "whatsapp"},
        "register": "retyped",
        "failed_when": "retyped.msg is not search('type can only be set when the Address Configuration is created')",
    }
    listing = [
        {"name": "List every address", "twilio.flex.conversations_address_info": {}, "register": "listing"},
        {
            "name": "Every address is listed",
            "ansible.builtin.assert": {"that": [f"listing.conversations_addresses | length == {ADDRESS_LISTING_SIZE}"], "quiet": True},
        },
    ]
    return [
        CountCase(
            "conversations_address, no change, by address",
            0,
            [{"name": "Address 3 is as declared", "twilio.flex.conversations_address": same}],
            RequestCount(gets=1),
            changed=0,
            addresses=10,
        ),
        CountCase(
            "conversations_address, update, by address",
            0,
            [{"name": "Turn off auto-creation on address 3", "twilio.flex.conversations_address": disable}],
            RequestCount(gets=1, posts=1),
            changed=1,
            addresses=10,
        ),
        CountCase(
            "conversations_address, check mode with a change",
            0,
            [{"name": "Turn off auto-creation on address 3 (check)", "twilio.flex.conversations_address": disable, "check_mode": True}],
            RequestCount(gets=1),
            changed=1,
            addresses=10,
        ),
        CountCase("conversations_address, create-only field changed", 0, [retype], RequestCount(gets=1), changed=0, addresses=10),
        CountCase(
            f"conversations_address_info over {ADDRESS_LISTING_SIZE} addresses",
            0,
            listing,
            RequestCount(gets=math.ceil(ADDRESS_LISTING_SIZE / ADDRESS_PAGE_SIZE)),
            changed=0,
            addresses=ADDRESS_LISTING_SIZE,
        ),
    ]


def measure_counts(bench: Bench) -> None:
    for case in count_cases():
        bench.control.seed(account_flows(case.account_size), [address_seed(index) for index in range(case.addresses)])
        playbook = write_json(bench.path("count.yml"), play(case.label, case.tasks))
        run = bench.playbook(playbook, case.label)
        bench.expect_recap(run, case.label, ok=len(case.tasks), changed=case.changed, failed=0)
        count = bench.check_requests(case.label, case.limit)
        if count == case.limit:
            verdict = "ok"
        elif count.within(case.limit):
            # Fewer requests than the task needs: the task cannot have done its work.
            verdict = "BELOW THE EXPECTED COUNT"
            bench.results.failures.append(f"{case.label}: {count}, expected {case.limit}")
        else:
            verdict = "ABOVE THE LIMIT"
        bench.results.counts.append({"label": case.label, "limit": str(case.limit), "measured": str(count), "verdict": verdict})
        print(f"  {case.label}: {count} (limit {case.limit}): {verdict}", flush=True)


# --- figure 2: flex_flow against ansible.builtin.uri ---------------------------------------------


def measure_headline(bench: Bench, rounds: int, base_url: str, account_sid: str) -> None:
    bench.control.seed(account_flows(HEADLINE_TASKS))
    playbooks = {
        "empty": write_json(bench.path("empty.yml"), play("No tasks", [])),
        "flex_flow": write_json(bench.path("flex_flow_no_op.yml"), play("Flows are as declared", [no_op_task(i) for i in range(HEADLINE_TASKS)])),
        "uri": write_json(bench.path("uri_get.yml"), play("Read the flows", [uri_task(i, base_url, account_sid) for i in range(HEADLINE_TASKS)])),
    }
    runs: dict[str, list[PlaybookRun]] = {kind: [] for kind in playbooks}
    for round_number in range(rounds):
        # Alternate which side goes first, so that a drift in machine load hits both alike.
        order = ("empty", "flex_flow", "uri") if round_number % 2 == 0 else ("empty", "uri", "flex_flow")
        for kind in order:
            bench.control.clear_log()
            label = f"{kind} playbook, round {round_number + 1}"
            run = bench.playbook(playbooks[kind], label)
            runs[kind].append(run)
            if kind == "empty":
                continue
            bench.expect_recap(run, label, ok=HEADLINE_TASKS, changed=0, failed=0)
            bench.check_requests(label, RequestCount(gets=HEADLINE_TASKS), exact=True)
            if len(run.task_seconds) != HEADLINE_TASKS:
                raise BenchmarkError(f"{label}: the junit report has {len(run.task_seconds)} tasks, not {HEADLINE_TASKS}")
            print(f"  round {round_number + 1}, {kind}: {run.wall_seconds:.2f} s wall, {run.cpu_seconds:.2f} s CPU", flush=True)
    summary = {}
    for kind in ("flex_flow", "uri"):
        walls = [run.wall_seconds for run in runs[kind]]
        summary[kind] = {
            "wall": median(walls),
            "wall_min": min(walls),
            "wall_max": max(walls),
            "task_wall": median([sum(seconds for _name, seconds in run.task_seconds) / HEADLINE_TASKS for run in runs[kind]]),
            # CPU above that of the same play without tasks, in the same round.
            "task_cpu": median([(run.cpu_seconds - empty.cpu_seconds) / HEADLINE_TASKS for run, empty in zip(runs[kind], runs["empty"])]),
        }
    summary["empty_wall"] = median([run.wall_seconds for run in runs["empty"]])
    summary["rounds"] = rounds
    summary["ratio_wall"] = summary["flex_flow"]["task_wall"] / summary["uri"]["task_wall"]
    summary["ratio_cpu"] = summary["flex_flow"]["task_cpu"] / summary["uri"]["task_cpu"]
    bench.results.headline = summary


# --- figure 3: one module process ----------------------------------------------------------------


def kept_ansiballz(bench: Bench, playbook: str | None = None, module: str = "flex_flow", *arguments: str) -> str:
    """The AnsiballZ_<module>.py the controller writes for the one task of `playbook` (default: a no-op flex_flow task),
    kept with ANSIBLE_KEEP_REMOTE_FILES; it holds the task's arguments, check mode and diff included."""
    remote_tmp = bench.path(f"remote-tmp-{module}")
    env = dict(bench.env, ANSIBLE_KEEP_REMOTE_FILES="1", ANSIBLE_REMOTE_TMP=remote_tmp)
    if playbook is None:
        playbook = write_json(bench.path("one_no_op.yml"), play("One flow is as declared", [no_op_task(3)]))
    bench.playbook(playbook, f"AnsiballZ_{module} capture", *arguments, env=env)
    found = glob.glob(os.path.join(remote_tmp, "*", f"AnsiballZ_{module}.py"))
    if len(found) != 1:
        raise BenchmarkError(f"expected one kept AnsiballZ_{module}.py under {remote_tmp}, found {found}")
    return found[0]


def measure_process(bench: Bench, runs: int) -> None:
    bench.control.seed(account_flows(10))
    task = no_op_task(3)
    args_file = write_json(bench.path("flex_flow_args.json"), {"ANSIBLE_MODULE_ARGS": task["twilio.flex.flex_flow"]})
    bare_script = bench.path("bare_get.py")
    with open(bare_script, "w", encoding="utf-8") as script:
        script.write(BARE_GET_SCRIPT)
    module_env = dict(bench.env, PYTHONPATH=bench.env["ANSIBLE_COLLECTIONS_PATH"])
    commands = {
        "bare requests script": ([bench.venv.python, bare_script, flow_sid(3)], bench.env),
        "flex_flow, python -m": ([bench.venv.python, "-m", FLEX_FLOW_MODULE, args_file], module_env),
        "flex_flow, AnsiballZ": ([bench.venv.python, kept_ansiballz(bench)], bench.env),
    }
    samples: dict[str, dict[str, list[float]]] = {name: {"wall": [], "cpu": []} for name in commands}
    # One untimed run each first: byte-code caches written, every path checked once.
    for iteration in range(-1, runs):
        if iteration == 0:
            bench.control.clear_log()
        # Rotated every iteration, so that no command always runs first.
        names = list(commands)
        split = iteration % len(names)
        names = names[split:] + names[:split]
        for name in names:
            command, env = commands[name]
            output, wall, cpu = bench.run(command, name, env)
            result = json.loads(output.strip().splitlines()[-1])
            if result.get("failed") or result.get("changed") or result.get("flex_flow", {}).get("sid") != flow_sid(3):
                raise BenchmarkError(f"{name}: unexpected result {output[-500:]}")
            if iteration >= 0:
                samples[name]["wall"].append(wall)
                samples[name]["cpu"].append(cpu)
    bench.check_requests("one module process", RequestCount(gets=runs * len(commands)), exact=True)
    # Where the time of the two module runs goes: imports by origin, with -X importtime (median of a few runs).
    import_ms: dict[str, dict[str, float]] = {}
    for name in ("flex_flow, python -m", "flex_flow, AnsiballZ"):
        command, env = commands[name]
        measured = []
        for _attempt in range(3):
            completed, _wall, _cpu = timed([command[0], "-X", "importtime", *command[1:]], env, bench.work_dir)
            measured.append(group_self_times(completed.stderr.decode("utf-8", "replace")))
        groups = sorted({group for totals in measured for group in totals})
        import_ms[name] = {group: median([totals.get(group, 0) for totals in measured]) / 1000 for group in groups}
    summary = {
        name: {"wall": median(values["wall"]), "wall_min": min(values["wall"]), "wall_max": max(values["wall"]), "cpu": median(values["cpu"])}
        for name, values in samples.items()
    }
    bare = summary["bare requests script"]
    for name, figures in summary.items():
        figures["ratio"] = figures["wall"] / bare["wall"]
        print(f"  {name}: median {figures['wall'] * 1000:.0f} ms wall, {figures['cpu'] * 1000:.0f} ms CPU, x{figures['ratio']:.2f}", flush=True)
    bench.results.process = {"runs": runs, "commands": summary, "import_ms": import_ms}


# --- figures 4 and 5: check-mode audit of 500 flows, apply of 50 changes ------------------------


AUDIT_KINDS = ("flex_flows", "drift_audit", "loop", "apply")


@dataclass(frozen=True)
class AuditSetup:
    """The account, the declaration and the expected outcome of figures 4 and 5."""

    account: list[dict]
    declared: list[dict]
    drifted: list[str]
    undeclared: list[str]
    summary: dict[str, int]
    loop_flows: int


def audit_setup(loop_flows: int | None) -> AuditSetup:
    account = account_flows(AUDIT_FLOWS)
    declared = declared_flows(AUDIT_FLOWS)
    drifted = [flow_name(index) for index in range(AUDIT_FLOWS) if is_drifted(index) and not is_undeclared(index)]
    undeclared = [flow_name(index) for index in range(AUDIT_FLOWS) if is_undeclared(index)]
    summary = {
        "declared": len(declared),
        "live": len(account),
        "in_sync": len(declared) - len(drifted),
        "drifted": len(drifted),
        "missing": 0,
        "undeclared": len(undeclared),
        "ignored": 0,
        "errors": 0,
        "created": 0,
        "updated": len(drifted),
        "deleted": 0,
    }
    return AuditSetup(account, declared, drifted, undeclared, summary, min(loop_flows or len(declared), len(declared)))


def listing_seconds(bench: Bench, runs: int) -> float:
    """Median wall time of one listing GET of the account sent from this process: the emulator's share of a flex_flows task."""
    url = f"{bench.env['TWILIO_FLEX_BASE_URL']}/v1/FlexFlows?PageSize={PAGE_SIZE}"
    credentials = base64.b64encode(f"{bench.env['TWILIO_ACCOUNT_SID']}:{bench.env['TWILIO_AUTH_TOKEN']}".encode()).decode()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    seconds = []
    for _attempt in range(runs):
        request = urllib.request.Request(url, headers={"Authorization": f"Basic {credentials}"})
        started = time.perf_counter()
        with opener.open(request, timeout=60) as answer:
            listed = json.loads(answer.read())
        seconds.append(time.perf_counter() - started)
        if len(listed.get("flex_flows", [])) != AUDIT_FLOWS:
            raise BenchmarkError(f"the listing GET returned {len(listed.get('flex_flows', []))} flows, not {AUDIT_FLOWS}")
    return median(seconds)


def check_applied(bench: Bench, setup: AuditSetup, label: str) -> None:
    """After the apply: every declared flow is as declared, the undeclared ones untouched."""
    enabled = {flow["friendly_name"]: flow["enabled"] for flow in bench.control.flows()}
    expected = {flow["friendly_name"]: flow["enabled"] for flow in setup.account}
    expected.update({flow["friendly_name"]: flow["enabled"] for flow in setup.declared})
    if enabled != expected:
        wrong = sorted(name for name in set(enabled) | set(expected) if enabled.get(name) != expected.get(name))
        raise BenchmarkError(f"{label}: after the apply, these flows are not as declared: {wrong[:10]}")


def audit_run(bench: Bench, setup: AuditSetup, kind: str, files: dict[str, str], label: str) -> tuple[PlaybookRun, RequestCount]:
    """One timed run of `kind` against a freshly reset account; its outcome and request count checked."""
    bench.control.seed(setup.account)
    pages = math.ceil(AUDIT_FLOWS / PAGE_SIZE)
    if kind == "drift_audit":
        report = files["report"]
        if os.path.exists(report):
            os.remove(report)
        run = bench.playbook("twilio.flex.drift_audit", label, "-e", f"@{files['desired']}", "-e", f"drift_audit_report_path={report}")
        bench.expect_recap(run, label, failed=0, ignored=0)
        requests = bench.check_requests(label, RequestCount(gets=pages), exact=True)
        with open(report, encoding="utf-8") as report_file:
            found = json.load(report_file)
        drifted = [flow["friendly_name"] for flow in found["flows"] if flow["status"] == "drifted"]
        undeclared = [flow["friendly_name"] for flow in found["undeclared"]]
        if found["summary"] != setup.summary or drifted != setup.drifted or undeclared != setup.undeclared or found["audit_error"] is not None:
            raise BenchmarkError(f"{label}: report summary {found['summary']}, audit error {found['audit_error']}; expected {setup.summary}")
    elif kind == "loop":
        run = bench.playbook(files["loop"], label, "-e", f"@{files['loop_desired']}")
        bench.expect_recap(run, label, ok=1, changed=1, failed=0)
        requests = bench.check_requests(label, RequestCount(gets=setup.loop_flows), exact=True)
    elif kind == "flex_flows":
        run = bench.playbook(files["flex_flows"], label, "-e", f"@{files['desired']}")
        bench.expect_recap(run, label, ok=1, changed=1, failed=0)
        requests = bench.check_requests(label, RequestCount(gets=pages), exact=True)
    else:
        run = bench.playbook(files["apply"], label, "-e", f"@{files['desired']}")
        bench.expect_recap(run, label, ok=1, changed=1, failed=0)
        requests = bench.check_requests(label, RequestCount(gets=pages, posts=len(setup.drifted)), exact=True)
        check_applied(bench, setup, label)
    return run, requests


def summarize_audit_runs(kind_runs: list[PlaybookRun], task_name: str, scale: float) -> dict:
    walls = [run.wall_seconds for run in kind_runs]
    middle = sorted(kind_runs, key=lambda run: run.wall_seconds)[(len(kind_runs) - 1) // 2]
    task = median([dict(run.task_seconds).get(task_name, float("nan")) for run in kind_runs])
    # Scaled, only the task's time grows: ansible-playbook's start-up is paid once whatever the number of flows.
    wall_all = median(walls) + task * (scale - 1)
    return {
        "runs": len(kind_runs),
        "wall": median(walls),
        "wall_min": min(walls),
        "wall_max": max(walls),
        "cpu": median([run.cpu_seconds for run in kind_runs]),
        # The flex_flows task, or the loop, from the junit callback: the playbook's time without ansible-playbook's own.
        "task": task,
        "tasks": sorted(middle.task_seconds, key=lambda item: -item[1]),
        "tasks_total": sum(seconds for _name, seconds in middle.task_seconds),
        "middle_wall": middle.wall_seconds,
        # The loop's figures for every declared flow when it compared fewer (--quick); 1 otherwise.
        "scale": scale,
        "wall_all": wall_all,
        "cpu_all": median([run.cpu_seconds for run in kind_runs]) * wall_all / median(walls),
    }


def measure_flex_flows_process(bench: Bench, setup: AuditSetup, files: dict[str, str], runs: int) -> tuple[float, float]:
    """Median wall and CPU time of the check-mode flex_flows module process alone: its kept AnsiballZ file run directly."""
    bench.control.seed(setup.account)
    command = [bench.venv.python, kept_ansiballz(bench, files["flex_flows"], "flex_flows", "-e", f"@{files['desired']}")]
    walls, cpus = [], []
    for _attempt in range(runs):
        bench.control.clear_log()
        output, wall, cpu = bench.run(command, "flex_flows module process")
        bench.check_requests("flex_flows module process", RequestCount(gets=math.ceil(AUDIT_FLOWS / PAGE_SIZE)), exact=True)
        result = json.loads(output.strip().splitlines()[-1])
        if result.get("failed") or not result.get("changed") or result.get("summary") != setup.summary:
            raise BenchmarkError(f"flex_flows module process: unexpected result {output[-500:]}")
        walls.append(wall)
        cpus.append(cpu)
    return median(walls), median(cpus)


def measure_audit(bench: Bench, repetitions: Repetitions) -> None:
    setup = audit_setup(repetitions.loop_flows)
    loop_count = setup.loop_flows
    files = {
        "desired": write_json(bench.path("desired_flows.yml"), {"desired_flows": setup.declared}),
        "loop_desired": write_json(bench.path("desired_flows_loop.yml"), {"desired_flows": setup.declared[:loop_count]}),
        "flex_flows": write_json(bench.path("audit_flex_flows.yml"), play("Audit the declared flows", [flex_flows_task(check_mode=True)])),
        "apply": write_json(bench.path("apply_flex_flows.yml"), play("Apply the declared flows", [flex_flows_task(check_mode=False)])),
        "loop": write_json(bench.path("audit_loop.yml"), play("Audit the declared flows in check mode", [audit_loop_task()])),
        "report": bench.path("drift-report.json"),
    }
    # Once, untimed: the full result of both flex_flows tasks, checked by an assert after the task.
    for check_mode in (True, False):
        label = f"flex_flows {'check mode' if check_mode else 'apply'}, result check"
        bench.control.seed(setup.account)
        tasks = [flex_flows_task(check_mode), flex_flows_result_task(setup.summary, setup.drifted)]
        run = bench.playbook(write_json(bench.path("flex_flows_result.yml"), play(label, tasks)), label, "-e", f"@{files['desired']}")
        bench.expect_recap(run, label, ok=2, changed=1, failed=0)
    module_seconds = measure_flex_flows_process(bench, setup, files, repetitions.audit_rounds)
    runs: dict[str, list[PlaybookRun]] = {kind: [] for kind in AUDIT_KINDS}
    requests: dict[str, RequestCount] = {}
    for round_number in range(repetitions.audit_rounds):
        kinds = [kind for kind in AUDIT_KINDS if kind != "loop" or round_number < repetitions.loop_rounds]
        # Rotated every round, so that no kind always runs first.
        split = round_number % len(kinds)
        kinds = kinds[split:] + kinds[:split]
        for kind in kinds:
            label = f"{kind}, round {round_number + 1}"
            run, requests[kind] = audit_run(bench, setup, kind, files, label)
            runs[kind].append(run)
            print(f"  round {round_number + 1}, {kind}: {run.wall_seconds:.2f} s wall, {run.cpu_seconds:.2f} s CPU, {requests[kind]}", flush=True)
    loop_scale = len(setup.declared) / setup.loop_flows
    task_names = {
        "flex_flows": flex_flows_task(check_mode=True)["name"],
        "drift_audit": flex_flows_task(check_mode=True)["name"],
        "loop": audit_loop_task()["name"],
        "apply": flex_flows_task(check_mode=False)["name"],
    }
    audit = {kind: summarize_audit_runs(kind_runs, task_names[kind], loop_scale if kind == "loop" else 1.0) for kind, kind_runs in runs.items()}
    for kind in AUDIT_KINDS:
        audit[kind]["requests"] = str(requests[kind])
    audit.update(
        flows=AUDIT_FLOWS,
        declared=len(setup.declared),
        drifted=len(setup.drifted),
        undeclared=len(setup.undeclared),
        loop_flows=setup.loop_flows,
        rounds=repetitions.audit_rounds,
        loop_rounds=repetitions.loop_rounds,
        listing=listing_seconds(bench, 7),
        module_wall=module_seconds[0],
        module_cpu=module_seconds[1],
    )
    loop_wall = audit["loop"]["wall_all"]
    audit["ratio_loop_flex_flows"] = loop_wall / audit["flex_flows"]["wall"]
    audit["ratio_loop_drift_audit"] = loop_wall / audit["drift_audit"]["wall"]
    audit["goal_time_met"] = audit["drift_audit"]["wall"] < GOAL_AUDIT_SECONDS
    audit["goal_speed_up_met"] = audit["ratio_loop_drift_audit"] >= GOAL_AUDIT_SPEED_UP
    scaled = f" (scaled from {setup.loop_flows} flows)" if loop_scale != 1 else ""
    for kind in AUDIT_KINDS:
        figures = audit[kind]
        print(f"  {kind}: median {figures['wall_all']:.2f} s wall, {figures['cpu_all']:.2f} s CPU{scaled if kind == 'loop' else ''}", flush=True)
    print(f"  loop / flex_flows: {audit['ratio_loop_flex_flows']:.1f}; loop / drift audit: {audit['ratio_loop_drift_audit']:.1f}{scaled}", flush=True)
    for text, met in goal_lines(audit):
        print(f"  goal: {text}: {'met' if met else 'MISSED'}", flush=True)
    bench.results.audit = audit


def goal_lines(audit: dict) -> list[tuple[str, bool]]:
    """Each goal of the audit, with the measured figure, and whether it was met."""
    return [
        (
            f"the drift audit playbook over {audit['flows']} flows under {GOAL_AUDIT_SECONDS:.0f} s wall (measured {audit['drift_audit']['wall']:.2f} s)",
            audit["goal_time_met"],
        ),
        (
            f"the drift audit playbook at least {GOAL_AUDIT_SPEED_UP:.0f} times faster than the flex_flow loop"
            f" (measured {audit['ratio_loop_drift_audit']:.1f})",
            audit["goal_speed_up_met"],
        ),
    ]


# --- figure 7: the migration plan ----------------------------------------------------------------


def measure_migration(bench: Bench, rounds: int) -> None:
    """twilio.flex.migrate_flows without apply over MIGRATION_FLOWS flows: the plan, GETs only."""
    flows, addresses = migration_account(MIGRATION_FLOWS)
    expected = RequestCount(gets=1 + math.ceil(len(addresses) / ADDRESS_PAGE_SIZE))
    runs = []
    for round_number in range(rounds):
        bench.control.seed(flows, addresses)
        report_path = bench.path(f"migration-report-{round_number}.json")
        label = f"migration plan over {len(flows)} flows, round {round_number + 1}"
        run = bench.playbook("twilio.flex.migrate_flows", label, "-e", f"migrate_flows_report_path={report_path}")
        bench.expect_recap(run, label, failed=0)
        bench.check_requests(label, expected, exact=True)
        with open(report_path, encoding="utf-8") as report_file:
            summary = json.load(report_file)["summary"]
        wanted = {"flows": len(flows), "planned": len(flows) - len(addresses), "skipped": len(addresses), "address_exists": len(addresses)}
        if {key: summary.get(key) for key in wanted} != wanted:
            raise BenchmarkError(f"{label}: the report's summary is {summary}, expected {wanted}")
        runs.append(run)
        print(f"  round {round_number + 1}: {run.wall_seconds:.2f} s wall, {run.cpu_seconds:.2f} s CPU", flush=True)
    walls = [run.wall_seconds for run in runs]
    bench.results.migration = {
        "flows": len(flows),
        "addresses": len(addresses),
        "runs": rounds,
        "wall": median(walls),
        "wall_min": min(walls),
        "wall_max": max(walls),
        "cpu": median([run.cpu_seconds for run in runs]),
        "requests": str(expected),
        "tasks": runs[len(runs) // 2].task_seconds,
    }


# --- figure 6: import time -----------------------------------------------------------------------


def parse_import_time(stderr: str, target: str) -> tuple[int, list[tuple[int, int, int, str]]]:
    """Cumulative microseconds of importing `target`, and its subtree as (self us, cumulative us, depth, name)."""
    subtree: list[tuple[int, int, int, str]] = []
    for line in stderr.splitlines():
        match = IMPORT_TIME_LINE.match(line)
        if not match:
            continue
        self_us, cumulative_us, indent, name = int(match.group(1)), int(match.group(2)), len(match.group(3)), match.group(4)
        depth = indent // 2
        if depth == 0 and name != target:
            subtree = []  # the top-level imports Python itself makes at startup
            continue
        subtree.append((self_us, cumulative_us, depth, name))
        if depth == 0:
            return cumulative_us, subtree
    raise BenchmarkError(f"no import time for {target} in:\n{tail(stderr)}")


def import_group(name: str) -> str:
    if name.startswith("ansible_collections."):
        return OWN_CODE
    if name == "ansible" or name.startswith("ansible."):
        return "ansible-core (ansible.module_utils)"
    if name.split(".")[0] in REQUESTS_PACKAGES:
        return "requests, urllib3, charset_normalizer, idna, certifi"
    return "standard library and the rest"


def group_self_times(stderr: str) -> dict[str, int]:
    """Self microseconds of every import a process made, summed by import_group."""
    totals: dict[str, int] = {}
    for line in stderr.splitlines():
        match = IMPORT_TIME_LINE.match(line)
        if match:
            group = import_group(match.group(4))
            totals[group] = totals.get(group, 0) + int(match.group(1))
    return totals


def package_self_times(subtree: list[tuple[int, int, int, str]]) -> list[tuple[str, int]]:
    """Self time summed by top-level package (the collection's own code as one entry), largest first."""
    totals: dict[str, int] = {}
    for self_us, _cumulative, _depth, name in subtree:
        package = OWN_CODE if name.startswith("ansible_collections.") else name.split(".")[0]
        totals[package] = totals.get(package, 0) + self_us
    return sorted(totals.items(), key=lambda item: -item[1])


def measure_imports(bench: Bench, runs: int) -> None:
    env = dict(bench.env, PYTHONPATH=bench.env["ANSIBLE_COLLECTIONS_PATH"])
    targets = (FLEX_FLOW_MODULE, "ansible.module_utils.basic", "requests")
    samples: dict[str, list[tuple[int, list]]] = {target: [] for target in targets}
    for iteration in range(-1, runs):
        for target in targets:
            command = [bench.venv.python, "-X", "importtime", "-c", f"import {target}"]
            completed, _wall, _cpu = timed(command, env, bench.work_dir)
            if completed.returncode != 0:
                raise BenchmarkError(f"importing {target} failed:\n{tail(completed.stderr.decode('utf-8', 'replace'))}")
            if iteration >= 0:  # the first run writes the byte-code caches
                samples[target].append(parse_import_time(completed.stderr.decode("utf-8", "replace"), target))
    imports = {"runs": runs, "totals_ms": {}}
    for target, measured in samples.items():
        imports["totals_ms"][target] = median([total for total, _subtree in measured]) / 1000
    module_runs = sorted(samples[FLEX_FLOW_MODULE], key=lambda item: item[0])
    _total, subtree = module_runs[(len(module_runs) - 1) // 2]
    imports["packages_ms"] = [(package, micros / 1000) for package, micros in package_self_times(subtree)[:10]]
    # The module's imports two levels down, cumulative; -X importtime lists children before their parent, so reversed
    # the list puts each parent above its children.
    imports["tree_ms"] = [(depth, name, cumulative / 1000) for _self, cumulative, depth, name in reversed(subtree) if depth <= 2 and cumulative >= 1000]
    imports["tree_ms_by_name"] = {name: cumulative / 1000 for _self, cumulative, _depth, name in subtree}
    imports["own_ms"] = sum(self_us for self_us, _cumulative, _depth, name in subtree if name.startswith("ansible_collections.")) / 1000
    for target, total in imports["totals_ms"].items():
        print(f"  import {target}: {total:.1f} ms", flush=True)
    bench.results.imports = imports


# --- the machine and the document ----------------------------------------------------------------


def read_first(path: str, pattern: str) -> str:
    try:
        with open(path, encoding="utf-8") as source:
            match = re.search(pattern, source.read(), re.MULTILINE)
    except OSError:
        return "unknown"
    return match.group(1).strip().strip('"') if match else "unknown"


def describe_machine(venv: Venv) -> dict[str, str]:
    versions = subprocess.run(
        [
            venv.python,
            "-c",
            "import json, platform, ansible.release, requests, urllib3; "
            "print(json.dumps([platform.python_version(), ansible.release.__version__, requests.__version__, urllib3.__version__]))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    python_version, core_version, requests_version, urllib3_version = json.loads(versions.stdout)
    memory_kib = read_first("/proc/meminfo", r"^MemTotal:\s+(\d+)")
    return {
        "CPU": read_first("/proc/cpuinfo", r"^model name\s*:\s*(.+)$"),
        "CPUs (logical)": str(os.cpu_count()),
        "Memory": f"{int(memory_kib) / 1024 / 1024:.1f} GiB" if memory_kib.isdigit() else "unknown",
        "OS": f"{read_first('/etc/os-release', r'^PRETTY_NAME=(.+)$')}, Linux {platform.release()}",
        "Python": python_version,
        "ansible-core": core_version,
        "requests": f"{requests_version} (urllib3 {urllib3_version})",
    }


def reference_seconds(python: str, runs: int = 3) -> float:
    """Median time of REFERENCE_LOOP in `python`, without the interpreter's start-up."""
    code = f"import time; started = time.perf_counter(); {REFERENCE_LOOP}; print(time.perf_counter() - started)"
    return median([float(subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout) for _run in range(runs)])


def seconds_text(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def summary_of_counts(rows: list[dict]) -> str:
    by_label = {row["label"]: row["measured"] for row in rows}
    largest_lookup, largest_listing = f"flex_flow, by name among {LOOKUP_SIZES[-1]} flows", f"flex_flow_info over {LISTING_SIZES[-1]} flows"
    verdict = "Every task sends no more requests than it needs" if all(row["verdict"] == "ok" for row in rows) else "Some counts are NOT as expected"
    return (
        f"{verdict}: a no-op by sid {by_label.get('flex_flow, no change, by sid')}, an update {by_label.get('flex_flow, update, by sid')}, "
        f"a lookup by name among {LOOKUP_SIZES[-1]} flows {by_label.get(largest_lookup)}, "
        f"a listing of {LISTING_SIZES[-1]} flows {by_label.get(largest_listing)}; an address no-op by address"
        f" {by_label.get('conversations_address, no change, by address')}, a create-only change"
        f" {by_label.get('conversations_address, create-only field changed')}"
    )


def render_document(results: Results, elapsed: float, command: str) -> str:
    machine, headline, process, audit, imports = results.machine, results.headline, results.process, results.audit, results.imports
    loads = results.load_samples
    flex, uri = headline["flex_flow"], headline["uri"]
    plan, drift, loop, apply = (audit[kind] for kind in AUDIT_KINDS)
    loop_extra = loop["wall_all"] - loop["wall"]
    loop_requests = f"{loop['requests']} for the first {audit['loop_flows']} flows, time scaled" if loop["scale"] != 1 else loop["requests"]
    bare_run, module_run, ansiballz_run = (process["commands"][name] for name in ("bare requests script", "flex_flow, python -m", "flex_flow, AnsiballZ"))
    lines = [
        "# Performance",
        "",
        f"Measured on {machine['Date']} with `{command}`, which took {elapsed / 60:.1f} minutes. Every request goes to the",
        "Flex API emulator (`tests/flex_emulator`), a separate process on loopback, so the figures show the cost of the modules",
        "and of Ansible, not of Twilio's network. The request counts are exact and are also checked: the command fails when one",
        "is not as expected (above its limit in section 1, not the exact count elsewhere). The time goals are checked and",
        "reported, not enforced.",
        "",
        "## Summary",
        "",
        f"- {summary_of_counts(results.counts)}.",
        f"- A no-op `flex_flow` task takes {seconds_text(flex['task_wall'])} against {seconds_text(uri['task_wall'])} for an",
        f"  `ansible.builtin.uri` GET of the same flow: a ratio of {headline['ratio_wall']:.2f} in wall time and {headline['ratio_cpu']:.2f} in CPU time.",
        f"- One module process takes {seconds_text(module_run['wall'])} run directly and {seconds_text(ansiballz_run['wall'])} as Ansible runs it",
        f"  (AnsiballZ), against {seconds_text(bare_run['wall'])} for a bare requests script sending the same GET.",
        f"- A check-mode audit of {audit['flows']} flows ({audit['drifted']} drifted, {audit['undeclared']} undeclared) takes"
        f" {seconds_text(drift['wall'])} as the drift audit",
        f"  playbook and {seconds_text(plan['wall'])} as one `flex_flows` task, {plan['requests']} each, against {loop['wall_all']:.0f} s"
        f" for a `flex_flow` loop ({loop_requests}):",
        f"  the loop takes {audit['ratio_loop_flex_flows']:.0f} times as long as the `flex_flows` task and",
        f"  {audit['ratio_loop_drift_audit']:.0f} times as long as the playbook.",
        f"- Applying the {audit['drifted']} changes among {audit['flows']} flows with one `flex_flows` task takes {seconds_text(apply['wall'])}:",
        f"  {apply['requests']}.",
    ]
    lines += [f"- Goal: {text}: {'met' if met else '**missed**'}." for text, met in goal_lines(audit)]
    migration = results.migration
    lines += [
        f"- The migration plan of {migration['flows']} flows (`twilio.flex.migrate_flows` without apply) takes {seconds_text(migration['wall'])}:",
        f"  {migration['requests']}, whatever the number of flows up to {PAGE_SIZE}.",
        f"- Importing the module takes {imports['totals_ms'][FLEX_FLOW_MODULE]:.0f} ms, of which requests takes",
        f"  {imports['tree_ms_by_name'].get('requests', 0):.0f} ms and the collection's own code {imports['own_ms']:.1f} ms.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
    ]
    lines += [f"| {name} | {value} |" for name, value in machine.items() if name != "Date"]
    lines += [
        f"| Load average (1 min) while measuring | {min(loads):.1f} to {max(loads):.1f}, median {median(loads):.1f} |",
        "",
        "Wall times depend on what else the machine runs; the CPU times (user + system of the whole process tree, from `getrusage`)",
        "depend much less on it, so each timed figure gives both.",
        "",
        "## 1. HTTP requests per task",
        "",
        "Each task runs alone in `ansible-playbook` against an account of the given size; the requests are counted from the",
        "emulator's request log.",
        "",
        "| Task | Limit | Measured | |",
        "|---|---|---|---|",
    ]
    lines += [f"| {row['label']} | {row['limit']} | {row['measured']} | {row['verdict']} |" for row in results.counts]
    lines += [
        "",
        "The name lookup sends `FriendlyName` as a filter, so the account size does not matter; `flex_flow_info` asks for pages",
        f"of {PAGE_SIZE} flows, the largest Twilio serves, and follows `next_page_url`.",
        "",
        f"## 2. {HEADLINE_TASKS} no-op flex_flow tasks against {HEADLINE_TASKS} ansible.builtin.uri GET tasks",
        "",
        "Two playbooks, `hosts: localhost`, `connection: local`, `gather_facts: false`, `ansible_python_interpreter` set to the",
        f"environment's Python: {HEADLINE_TASKS} `twilio.flex.flex_flow` tasks by `sid` that find their flow as declared (one GET each,",
        f"compared, no change), and {HEADLINE_TASKS} `ansible.builtin.uri` tasks reading the same flows with `url_username`,",
        "`url_password` and `force_basic_auth` (one GET each, no comparison, no diff). They ran alternately,",
        f"{headline['rounds']} rounds each; every run sent exactly {HEADLINE_TASKS} GETs. Per-task wall time is the junit callback's",
        "time from task start to result; per-task CPU is the CPU time above that of the same play without tasks, divided by",
        f"{HEADLINE_TASKS}. Medians over the rounds.",
        "",
        "| Playbook | Whole run (median, range) | Per task, wall | Per task, CPU |",
        "|---|---|---|---|",
        f"| flex_flow, no-op by sid | {flex['wall']:.2f} s ({flex['wall_min']:.2f} to {flex['wall_max']:.2f} s) | "
        f"{seconds_text(flex['task_wall'])} | {seconds_text(flex['task_cpu'])} |",
        f"| ansible.builtin.uri GET | {uri['wall']:.2f} s ({uri['wall_min']:.2f} to {uri['wall_max']:.2f} s) | "
        f"{seconds_text(uri['task_wall'])} | {seconds_text(uri['task_cpu'])} |",
        f"| flex_flow / uri | | {headline['ratio_wall']:.2f} | {headline['ratio_cpu']:.2f} |",
        "",
        f"The same play without tasks takes {headline['empty_wall']:.2f} s (median): `ansible-playbook` start-up, paid once per run.",
        "",
        "## 3. One module process",
        "",
        "One no-op run of `flex_flow` by `sid` as a process, against a bare script that sends the same GET with requests and prints",
        "the JSON:",
        "",
        "- `python -m ansible_collections.twilio.flex.plugins.modules.flex_flow ARGS.json`, the collection on `PYTHONPATH`. With",
        '  ansible-core 2.19, `_load_params` reads `{"ANSIBLE_MODULE_ARGS": {...}}` from the file named on the command line, with',
        "  the `legacy` serialization profile by default, the one the controller uses for modules that declare none; no `_ansible_*`",
        "  keys are needed. Credentials and `base_url` come from the `TWILIO_*` variables, as in the playbooks.",
        "- The `AnsiballZ_flex_flow.py` that the controller writes for the same task (kept with `ANSIBLE_KEEP_REMOTE_FILES=1`): what",
        "  Ansible really executes. It unpacks the module and `ansible.module_utils` from a zip, so they are compiled from source",
        "  on every run.",
        "",
        f"Median of {process['runs']} runs each, alternating; every run sent one GET.",
        "",
        "| Process | Wall (median, range) | CPU (median) | Wall / bare script |",
        "|---|---|---|---|",
    ]
    for name, figures in process["commands"].items():
        lines.append(
            f"| {name} | {seconds_text(figures['wall'])} ({seconds_text(figures['wall_min'])} to {seconds_text(figures['wall_max'])}) | "
            f"{seconds_text(figures['cpu'])} | {figures['ratio']:.2f} |"
        )
    import_ms = process["import_ms"]
    groups = sorted({group for totals in import_ms.values() for group in totals}, key=lambda group: -import_ms["flex_flow, AnsiballZ"].get(group, 0))
    lines += [
        "",
        "Import time of the two module runs by origin (`-X importtime` self times summed, median of 3 runs). Under AnsiballZ,",
        "ansible-core's module utilities and the collection's code are compiled from source on every run; requests and the",
        "standard library load from their byte-code caches in both:",
        "",
        f"| Origin | {' | '.join(import_ms)} |",
        f"|---|{'---|' * len(import_ms)}",
    ]
    lines += [f"| {group} | {' | '.join(f'{totals.get(group, 0):.1f} ms' for totals in import_ms.values())} |" for group in groups]
    lines += [
        "",
        f"## 4. Check-mode audit of {audit['flows']} flows",
        "",
        f"The account holds {audit['flows']} flows. {audit['declared']} of them are declared, found by name; {audit['drifted']} of those are drifted",
        f"(`enabled` differs) and {audit['declared'] - audit['drifted']} in sync; the other {audit['undeclared']} are undeclared (in the account, not in the",
        "declaration). The account is reset before every run. Three ways to audit it, none writing:",
        "",
        "- (a) one play with one `twilio.flex.flex_flows` task, `prune: false`, `check_mode: true`, `diff: true`: one listing GET, then",
        "  the plan of every flow;",
        "- (b) the drift audit playbook, `ansible-playbook twilio.flex.drift_audit -e @desired_flows.yml -e drift_audit_report_path=...`:",
        "  the same task, then the report built, written as JSON and published with `set_stats`; every run's report is checked",
        f"  ({audit['drifted']} drifted, {audit['undeclared']} undeclared, by name);",
        "- (c) one play with one `twilio.flex.flex_flow` task in check mode looping over the declared flows: one GET per flow (a lookup",
        "  by name). It does not see the undeclared flows.",
        "",
        f"Median of {audit['rounds']} runs for (a) and (b), {audit['loop_rounds']} for (c), in rotating order. Every run of (a) and (b) sent",
        f"exactly {plan['requests']} and no write, every run of (c) only GETs. The task column is the junit callback's time of the",
        "`flex_flows` task (of the loop for (c)), from task start to result; the rest of a run is `ansible-playbook` itself and,",
        "for (b), the reporting tasks.",
    ]
    if loop["scale"] != 1:
        lines += [
            "",
            f"(c) compared only the first {audit['loop_flows']} declared flows in this run; its times below are scaled to all {audit['declared']}",
            "(the loop task's time in proportion, the rest of the run as measured).",
        ]
    lines += [
        "",
        "| Audit | Wall (median, range) | flex_flows task | CPU | Requests | (c) / this, wall |",
        "|---|---|---|---|---|---|",
        f"| (a) one flex_flows task | {plan['wall']:.2f} s ({plan['wall_min']:.2f} to {plan['wall_max']:.2f} s) | {seconds_text(plan['task'])} | "
        f"{plan['cpu']:.2f} s | {plan['requests']} | {audit['ratio_loop_flex_flows']:.1f} |",
        f"| (b) twilio.flex.drift_audit | {drift['wall']:.2f} s ({drift['wall_min']:.2f} to {drift['wall_max']:.2f} s) | {seconds_text(drift['task'])} | "
        f"{drift['cpu']:.2f} s | {drift['requests']} | {audit['ratio_loop_drift_audit']:.1f} |",
        f"| (c) flex_flow loop | {loop['wall_all']:.1f} s ({loop['wall_min'] + loop_extra:.1f} to {loop['wall_max'] + loop_extra:.1f} s) | "
        f"{loop['task'] * loop['scale']:.1f} s (the loop) | {loop['cpu_all']:.1f} s | {loop_requests} | 1.0 |",
        "",
        f"Per declared flow, (c) takes {seconds_text(loop['wall_all'] / audit['declared'])}: one module process and one GET each.",
        "",
        "### Goals",
        "",
        "| Goal | Measured | |",
        "|---|---|---|",
        f"| (b) under {GOAL_AUDIT_SECONDS:.0f} s wall | {drift['wall']:.2f} s | {'met' if audit['goal_time_met'] else '**missed**'} |",
        f"| (b) at least {GOAL_AUDIT_SPEED_UP:.0f} times faster than (c) | {audit['ratio_loop_drift_audit']:.1f} times | "
        f"{'met' if audit['goal_speed_up_met'] else '**missed**'} |",
        "",
        "Where (b)'s time goes: `ansible-playbook` start-up, the same play without tasks in section 2, takes",
        f"{headline['empty_wall']:.2f} s; the `flex_flows` module process alone (its `AnsiballZ_flex_flows.py`, kept and run",
        f"directly, median of {audit['rounds']} runs) takes {seconds_text(audit['module_wall'])} wall and {seconds_text(audit['module_cpu'])} CPU,",
        f"of which one listing GET of the {audit['flows']} flows (sent from the benchmark process straight to the emulator) takes",
        f"{seconds_text(audit['listing'])}. The rest of the task's time is the controller's: templating the declaration into the task's",
        f"arguments, sending the module and reading its result. In (a), the task takes {seconds_text(plan['task'])} of {seconds_text(plan['wall'])}.",
        f"The tasks of (b)'s median run (junit callback) add up to {drift['tasks_total']:.2f} s of its {drift['middle_wall']:.2f} s; the other",
        f"{drift['middle_wall'] - drift['tasks_total']:.2f} s are `ansible-playbook`'s own: start-up, loading the collection and the playbook, and",
        f"reading the {audit['declared']} declared flows from the extra-vars file.",
        "",
        "| Task | Seconds |",
        "|---|---|",
    ]
    lines += [f"| {name} | {seconds:.2f} |" for name, seconds in drift["tasks"]]
    lines += [
        "",
        f"## 5. Apply of {audit['drifted']} changes among {audit['flows']} flows",
        "",
        "The account and declaration of section 4, reset before every run; one play with one `twilio.flex.flex_flows` task,",
        f"`prune: false`, not in check mode, updates the {audit['drifted']} drifted flows and leaves the {audit['undeclared']} undeclared ones alone.",
        f"Every run sent exactly {apply['requests']}, and the account was then checked against the declaration. Median of",
        f"{apply['runs']} runs.",
        "",
        "| Apply | Wall (median, range) | flex_flows task | CPU | Requests |",
        "|---|---|---|---|---|",
        f"| one flex_flows task | {apply['wall']:.2f} s ({apply['wall_min']:.2f} to {apply['wall_max']:.2f} s) | {seconds_text(apply['task'])} | "
        f"{apply['cpu']:.2f} s | {apply['requests']} |",
        "",
        "## 6. Import time",
        "",
        f'`python -X importtime -c "import ..."`, median of {imports["runs"]} runs after one that writes the byte-code caches.',
        "",
        "| Import | Time (median) |",
        "|---|---|",
    ]
    lines += [f"| `{target}` | {total:.1f} ms |" for target, total in imports["totals_ms"].items()]
    lines += [
        "",
        "What importing the module costs, by package (self times summed, the median run):",
        "",
        "| Package | Self time |",
        "|---|---|",
    ]
    lines += [f"| {package} | {milliseconds:.1f} ms |" for package, milliseconds in imports["packages_ms"]]
    lines += [
        "",
        "Imported alone, `requests` and `ansible.module_utils.basic` each pay for the standard library modules they share, so",
        "the two do not add up to the module's time. The module's imports two levels down, from 1 ms (cumulative, the median run):",
        "",
        "| Import | Cumulative |",
        "|---|---|",
    ]
    lines += [f"| {'&nbsp;&nbsp;' * depth}`{name}` | {milliseconds:.1f} ms |" for depth, name, milliseconds in imports["tree_ms"]]
    lines += [
        "",
        f"## 7. Migration plan over {migration['flows']} flows",
        "",
        f"`ansible-playbook twilio.flex.migrate_flows` without `migrate_flows_apply`, over an account of {migration['flows']} SMS flows on a",
        f"Studio flow, {migration['addresses']} of them with their address configured already. Every run sent exactly {migration['requests']}",
        "(one listing of the flows, the addresses 50 to a page), and its report planned every flow without an address and",
        f"skipped the others. Median of {migration['runs']} runs.",
        "",
        "| Plan | Wall (median, range) | CPU | Requests |",
        "|---|---|---|---|",
        f"| migrate_flows, no apply | {migration['wall']:.2f} s ({migration['wall_min']:.2f} to {migration['wall_max']:.2f} s) | {migration['cpu']:.2f} s |"
        f" {migration['requests']} |",
        "",
        "Where the time goes (the median run, from the junit callback):",
        "",
        "| Task | Seconds |",
        "|---|---|",
    ]
    lines += [f"| {name} | {seconds:.2f} |" for name, seconds in migration["tasks"]]
    lines += [
        "",
        "## Running it",
        "",
        "```console",
        "$ python3 benchmarks/run.py          # full run, writes this file",
        "$ python3 benchmarks/run.py --quick  # fewer repetitions, prints the figures only",
        "```",
        "",
        "It needs only `python3` to start: ansible-core, requests and the emulator's requirements come from the demo environment",
        "that `scripts/devtools` builds and caches (`scripts/requirements/demo.txt`). The collection, emulator included, is copied",
        "to a temporary folder first, so the run measures one consistent state of the checkout and writes nothing into it. The",
        "command exits with 1 when a request count is not as expected or a playbook does not do what it should, and then leaves",
        "this file alone.",
        "",
    ]
    return "\n".join(lines)


# --- main ----------------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python3 benchmarks/run.py", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions; prints the figures without writing docs/performance.md")
    parser.add_argument(
        "--only",
        type=int,
        action="append",
        metavar="N",
        help="measure only figure N (repeatable), with --quick's repetitions; prints the figures without writing the document",
    )
    parser.add_argument("--output", help="write the document here (default: docs/performance.md after a full run, nothing after --quick)")
    return parser.parse_args(argv)


def measure(bench: Bench, repetitions: Repetitions, base_url: str, account_sid: str, only: list[int] | None = None) -> None:
    figures = (
        ("1. HTTP requests per task", lambda: measure_counts(bench)),
        (
            f"2. {HEADLINE_TASKS} flex_flow tasks against {HEADLINE_TASKS} uri tasks",
            lambda: measure_headline(bench, repetitions.headline_rounds, base_url, account_sid),
        ),
        ("3. One module process", lambda: measure_process(bench, repetitions.process_runs)),
        (f"4 and 5. Check-mode audit of {AUDIT_FLOWS} flows, apply of the drifted ones", lambda: measure_audit(bench, repetitions)),
        ("6. Import time", lambda: measure_imports(bench, repetitions.import_runs)),
        (f"7. Migration plan over {MIGRATION_FLOWS} flows", lambda: measure_migration(bench, repetitions.audit_rounds)),
    )
    for title, action in figures:
        if only and not set(only) & {int(number) for number in re.findall(r"\d+", title.split(".", maxsplit=1)[0])}:
            continue
        started = time.monotonic()
        print(f"\n{title}", flush=True)
        action()
        print(f"  ({time.monotonic() - started:.0f} s)", flush=True)


def run_benchmarks(work_dir: str, log: StepLog, repetitions: Repetitions, results: Results, only: list[int] | None = None) -> None:
    """Prepare the environment, a copy of the collection and the emulator, then take every measurement."""
    venv = ensure_venv(demo_venv_spec(REPO_ROOT), log)
    results.machine = describe_machine(venv)
    results.machine["Date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print("\n".join(f"{name}: {value}" for name, value in results.machine.items()), flush=True)
    collections_root = os.path.join(work_dir, "collections")
    collection_dir = collection_tree.make_collection_tree(REPO_ROOT, collections_root)
    env = ansible_test_setup.tool_env(venv, clean_env())
    # Byte-code caches as on any installation; a developer shell may turn them off.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    config = os.path.join(work_dir, "ansible.cfg")
    with open(config, "w", encoding="utf-8") as config_file:
        config_file.write("[defaults]\n")  # no ansible.cfg from the home folder or /etc
    credentials = Credentials.generate()
    emulator = Emulator(
        python=venv.python,
        tests_dir=os.path.join(collection_dir, "tests"),
        credentials=credentials,
        env=env,
        log_file=os.path.join(work_dir, "emulator.log"),
        console_log=log,
    )
    with emulator:
        env.update(
            {
                "ANSIBLE_CONFIG": config,
                "ANSIBLE_COLLECTIONS_PATH": collections_root,
                "ANSIBLE_LOCALHOST_WARNING": "false",
                "ANSIBLE_NOCOLOR": "1",
                "TWILIO_ACCOUNT_SID": credentials.account_sid,
                "TWILIO_AUTH_TOKEN": credentials.auth_token,
                "TWILIO_FLEX_BASE_URL": emulator.url,
                # One emulator serves both APIs.
                "TWILIO_CONVERSATIONS_BASE_URL": emulator.url,
            }
        )
        bench = Bench(venv, work_dir, env, EmulatorControl(emulator.admin_url), log, results)
        reference_start = reference_seconds(venv.python)
        measure(bench, repetitions, emulator.url, credentials.account_sid, only)
        reference_end = reference_seconds(venv.python)
    results.machine[f"Speed reference: `{REFERENCE_LOOP}`, start / end of the run"] = f"{reference_start:.2f} s / {reference_end:.2f} s"
    print(f"\nSpeed reference: {reference_start:.2f} s at the start, {reference_end:.2f} s at the end", flush=True)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    interrupt_on_sigterm()
    repetitions = QUICK if args.quick or args.only else FULL
    command = "python3 benchmarks/run.py" + (" --quick" if args.quick else "")
    output = args.output or (None if args.quick else DOCUMENT)
    started = time.monotonic()
    results = Results()
    # The log outlives the work folder, for a failed run to be looked into.
    log = StepLog(os.path.join(tempfile.mkdtemp(prefix="twilio-flex-benchmark-log-"), "benchmark.log"))
    try:
        with tempfile.TemporaryDirectory(prefix="twilio-flex-benchmark-") as work_dir:
            run_benchmarks(work_dir, log, repetitions, results, args.only)
    except SetupError as error:
        print(f"error: setting up the environment failed: {error}", file=sys.stderr)
        return 2
    except EmulatorError as error:
        print(f"error: the emulator did not start: {error}", file=sys.stderr)
        return 2
    except BenchmarkError as error:
        print(f"\nerror: {error}\n(log: {log.path})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return 130
    finally:
        log.close()
    elapsed = time.monotonic() - started
    if args.only:
        # Some figures only: no document to render.
        output = None
    else:
        print("\n" + render_document(results, elapsed, command))
    print(f"Run time: {elapsed:.0f} s. Log: {log.path}")
    if results.failures:
        print("\nFAILED, request counts not as expected:\n" + "\n".join(f"  {failure}" for failure in results.failures), file=sys.stderr)
        return 1
    if output:
        with open(output, "w", encoding="utf-8") as document_file:
            document_file.write(render_document(results, elapsed, command))
        print(f"Wrote {output}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
