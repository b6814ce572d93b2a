"""Figures 2, 3 and 6: no-op flex_flow tasks against ansible.builtin.uri GETs, one module process, import time."""

from __future__ import annotations

import re
from dataclasses import dataclass

from benchmarks.harness import Bench, BenchmarkError, RequestCount, Spread, Timed, account_flows, flow_sid, middle, no_op_task, rotated, task

HEADLINE_TASKS = 50
FLEX_FLOW_MODULE = "ansible_collections.twilio.flex.plugins.modules.flex_flow"
IMPORT_TIME_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)\s*$", re.MULTILINE)
OWN_CODE = "twilio.flex (own code)"
REQUESTS_PACKAGES = ("requests", "urllib3", "charset_normalizer", "idna", "certifi")
# One GET with requests, the result printed as JSON: what a module doing the same cannot beat.
BARE_GET_SCRIPT = """import json, os, sys, requests
auth = (os.environ["TWILIO_ACCOUNT_SID"], os.environ["TWILIO_AUTH_TOKEN"])
response = requests.get(os.environ["TWILIO_FLEX_BASE_URL"] + "/v1/FlexFlows/" + sys.argv[1], auth=auth, timeout=30)
response.raise_for_status()
print(json.dumps({"changed": False, "flex_flow": response.json()}))
"""


@dataclass
class Headline:
    # Whole runs of the play without tasks, of the flex_flow tasks and of the uri tasks.
    timed: dict[str, Timed]
    # Per task: wall time from the junit callback; CPU time above that of the play without tasks in the same round.
    task_wall: dict[str, Spread]
    task_cpu: dict[str, Spread]

    @property
    def ratios(self) -> dict[str, float]:
        """flex_flow / uri, per task."""
        return {
            "wall": self.task_wall["flex_flow"].median / self.task_wall["uri"].median,
            "cpu": self.task_cpu["flex_flow"].median / self.task_cpu["uri"].median,
        }


@dataclass
class ModuleProcess:
    timed: dict[str, Timed]
    # Self times summed by origin under python -m and under AnsiballZ, ms, median of 3 runs: (origin, python -m, AnsiballZ).
    origins: list[tuple[str, float, float]]

    @property
    def ratios(self) -> dict[str, float]:
        """Wall time against the bare requests script's."""
        return {name: timed.wall.median / self.timed["bare requests script"].wall.median for name, timed in self.timed.items()}


@dataclass
class Imports:
    runs: int
    totals: dict[str, Spread]
    # Of the median run of the module's import: self ms by package, largest first, and the tree two levels down, cumulative ms.
    packages: dict[str, float]
    tree: list[tuple[int, str, float]]
    requests_ms: float


def measure_headline(bench: Bench, rounds: int) -> Headline:
    bench.admin.reset(account_flows(HEADLINE_TASKS))
    credentials = {
        "url_username": bench.env["TWILIO_ACCOUNT_SID"],
        "url_password": "{{ lookup('ansible.builtin.env', 'TWILIO_AUTH_TOKEN') }}",
        "force_basic_auth": True,
    }
    uri = [
        task(f"Read flow {index}", "ansible.builtin.uri", {"url": f"{bench.env['TWILIO_FLEX_BASE_URL']}/v1/FlexFlows/{flow_sid(index)}", **credentials})
        for index in range(HEADLINE_TASKS)
    ]
    playbooks = {
        "empty": bench.play("empty.yml", "No tasks", []),
        "flex_flow": bench.play("flex_flow_no_op.yml", "Flows are as declared", [no_op_task(index) for index in range(HEADLINE_TASKS)]),
        "uri": bench.play("uri_get.yml", "Read the flows", uri),
    }
    runs: dict[str, list] = {kind: [] for kind in playbooks}
    for round_number in range(rounds):
        # The play without tasks first, then the two in turn, so that a drift in machine load hits both alike.
        for kind in ("empty", *rotated(["flex_flow", "uri"], round_number)):
            bench.admin.clear_log()
            label = f"{kind} playbook, round {round_number + 1}"
            runs[kind].append(run := bench.playbook(playbooks[kind], label, **({} if kind == "empty" else {"ok": HEADLINE_TASKS, "changed": 0, "failed": 0})))
            if kind != "empty":
                bench.requests(label, RequestCount(gets=HEADLINE_TASKS))
                if len(run.tasks) != HEADLINE_TASKS:
                    raise BenchmarkError(f"{label}: the junit report has {len(run.tasks)} tasks, not {HEADLINE_TASKS}")
            print(f"  round {round_number + 1}, {kind}: {run.wall:.2f} s wall, {run.cpu:.2f} s CPU", flush=True)
    return Headline(
        {kind: Timed.of(kind_runs) for kind, kind_runs in runs.items()},
        {kind: Spread.of([sum(seconds for _name, seconds in run.tasks) / HEADLINE_TASKS for run in runs[kind]]) for kind in ("flex_flow", "uri")},
        {kind: Spread.of([(run.cpu - empty.cpu) / HEADLINE_TASKS for run, empty in zip(runs[kind], runs["empty"])]) for kind in ("flex_flow", "uri")},
    )


def import_times(stderr: str) -> list[tuple[int, int, int, str]]:
    """-X importtime's lines as (self us, cumulative us, depth, module); children come before their parent."""
    return [(int(self_us), int(cumulative_us), len(indent) // 2, name) for self_us, cumulative_us, indent, name in IMPORT_TIME_LINE.findall(stderr)]


def origin(name: str) -> str:
    if name.startswith("ansible_collections."):
        return OWN_CODE
    if name.split(".")[0] == "ansible":
        return "ansible-core (ansible.module_utils)"
    return "requests, urllib3, charset_normalizer, idna, certifi" if name.split(".")[0] in REQUESTS_PACKAGES else "standard library and the rest"


def self_ms(imports: list[tuple[int, int, int, str]], group) -> dict[str, float]:
    """Self times in ms, summed by group(module name)."""
    totals: dict[str, float] = {}
    for self_us, _cumulative, _depth, name in imports:
        totals[group(name)] = totals.get(group(name), 0) + self_us / 1000
    return totals


def measure_process(bench: Bench, runs: int) -> ModuleProcess:
    """One no-op flex_flow run as a process, run directly and as AnsiballZ, against a bare requests script."""
    bench.admin.reset(account_flows(10))
    python, module_env = bench.venv.python, dict(bench.env, PYTHONPATH=bench.env["ANSIBLE_COLLECTIONS_PATH"])
    commands = {
        "bare requests script": ([python, bench.write("bare_get.py", BARE_GET_SCRIPT), flow_sid(3)], bench.env),
        "flex_flow, python -m": (
            [python, "-m", FLEX_FLOW_MODULE, bench.write("args.json", {"ANSIBLE_MODULE_ARGS": no_op_task(3)["twilio.flex.flex_flow"]})],
            module_env,
        ),
        "flex_flow, AnsiballZ": (
            [python, bench.kept_ansiballz(bench.play("one_no_op.yml", "One flow is as declared", [no_op_task(3)]), "flex_flow")],
            bench.env,
        ),
    }
    samples: dict[str, list] = {name: [] for name in commands}
    # One untimed run each first: byte-code caches written, every path checked once.
    for iteration in range(-1, runs):
        if iteration == 0:
            bench.admin.clear_log()
        for name in rotated(list(commands), iteration):
            run = bench.run(commands[name][0], name, commands[name][1])
            if run.result().get("changed") or run.result().get("flex_flow", {}).get("sid") != flow_sid(3):
                raise BenchmarkError(f"{name}: unexpected result {run.stdout[-500:]}")
            if iteration >= 0:
                samples[name].append(run)
    bench.requests("one module process", RequestCount(gets=runs * len(commands)))
    timed = {name: Timed.of(name_runs) for name, name_runs in samples.items()}
    for name, figures in timed.items():
        print(f"  {name}: median {figures.wall.median * 1000:.0f} ms wall, {figures.cpu.median * 1000:.0f} ms CPU", flush=True)
    by_origin = {}
    for name in ("flex_flow, python -m", "flex_flow, AnsiballZ"):
        command, env = commands[name]
        measured = [self_ms(import_times(bench.run([python, "-X", "importtime", *command[1:]], name, env).stderr), origin) for _attempt in range(3)]
        by_origin[name] = {group: Spread.of([totals.get(group, 0) for totals in measured]).median for group in set().union(*measured)}
    origins = [(group, by_origin["flex_flow, python -m"].get(group, 0), ms) for group, ms in by_origin["flex_flow, AnsiballZ"].items()]
    return ModuleProcess(timed, sorted(origins, key=lambda row: -row[2]))


def measure_imports(bench: Bench, runs: int) -> Imports:
    env = dict(bench.env, PYTHONPATH=bench.env["ANSIBLE_COLLECTIONS_PATH"])
    samples: dict[str, list] = {target: [] for target in (FLEX_FLOW_MODULE, "ansible.module_utils.basic", "requests")}
    for iteration in range(-1, runs):
        for target, trees in samples.items():
            imports = import_times(bench.run([bench.venv.python, "-X", "importtime", "-c", f"import {target}"], f"import {target}", env).stderr)
            # The target's subtree: its line, and the lines after the imports Python itself makes at startup.
            end = next(index for index, (_self, _cumulative, depth, name) in enumerate(imports) if depth == 0 and name == target)
            start = max((index + 1 for index in range(end) if imports[index][2] == 0), default=0)
            if iteration >= 0:  # the first run writes the byte-code caches
                trees.append(imports[start : end + 1])
    totals = {target: Spread.of([tree[-1][1] / 1000 for tree in trees]) for target, trees in samples.items()}
    for target, total in totals.items():
        print(f"  import {target}: {total.median:.1f} ms", flush=True)
    tree = middle(samples[FLEX_FLOW_MODULE], key=lambda tree: tree[-1][1])
    packages = self_ms(tree, lambda name: OWN_CODE if name.startswith("ansible_collections.") else name.split(".")[0])
    return Imports(
        runs,
        totals,
        dict(sorted(packages.items(), key=lambda item: -item[1])),
        # reversed, each parent comes above its children
        [(depth, name, cumulative / 1000) for _self, cumulative, depth, name in reversed(tree) if depth <= 2 and cumulative >= 1000],
        next(cumulative for _self, cumulative, _depth, name in tree if name == "requests") / 1000,
    )
