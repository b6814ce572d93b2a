"""The measurements, in the document's order: each figure's account, its tasks, its checks and its typed result."""

from __future__ import annotations

import glob
import json
import math
import os
import re
import typing as t
from dataclasses import astuple, dataclass, replace

from benchmarks.harness import Bench, BenchmarkError, RequestCount, Spread, Timed, rotated

# The page size flex_flow_info and flex_flows ask for (Twilio's maximum), and the one Twilio serves Address Configurations in.
PAGE_SIZE, ADDRESS_PAGE_SIZE = 1000, 50
CHAT_SERVICE_SID, STUDIO_FLOW_SID = "IS" + "0123456789abcdef" * 2, "FW" + "0123456789abcdef" * 2
ONE_GET, GET_POST = RequestCount(gets=1), RequestCount(gets=1, posts=1)


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
    args = {"sid": flow_sid(index), "enabled": True, "integration_type": "studio", "integration": {"flow_sid": STUDIO_FLOW_SID}}
    return task(f"Flow {index} is as declared", "twilio.flex.flex_flow", args)


# Figure 1: the HTTP requests of each kind of task, each alone in ansible-playbook, counted from the emulator's log.
LOOKUP_SIZES = (10, 1000, 5000)
LISTING_SIZES = (10, 1000, 2500, 5000)
ADDRESS_LISTING_SIZE = 120
# conversations_addresses declaring every address of the account as it is, with prune: one listing, 50 addresses a page.
ADDRESS_DECLARATION_SIZES = (ADDRESS_LISTING_SIZE, 500)


@dataclass(frozen=True)
class Case:
    """One task, alone in a playbook, against an account of `flows` flows and `addresses` addresses; once measured, its requests."""

    label: str
    task: dict
    expected: RequestCount
    flows: int = 10
    addresses: int = 10
    changed: int = 0
    measured: RequestCount | None = None

    @property
    def verdict(self) -> str:
        if self.measured == self.expected:
            return "ok"
        # Fewer requests than the task needs: the task cannot have done its work.
        above = any(measured > limit for measured, limit in zip(astuple(self.measured), astuple(self.expected)))
        return "ABOVE THE LIMIT" if above else "BELOW THE EXPECTED COUNT"


def cases() -> list[Case]:
    flow, address_module = "twilio.flex.flex_flow", "twilio.flex.conversations_address"
    disable_flow = task("Disable flow 3", flow, {"sid": flow_sid(3), "enabled": False})
    find_last_flow = {size: task("Find the last flow", flow, {"friendly_name": flow_name(size - 1), "enabled": True}) for size in LOOKUP_SIZES}
    list_flows = task("List every flow", "twilio.flex.flex_flow_info", {}, register="listing")
    list_all_flows = {size: dict(list_flows, failed_when=f"listing.flex_flows | length != {size}") for size in LISTING_SIZES}
    flow_pages = {size: RequestCount(gets=math.ceil(size / PAGE_SIZE)) for size in LISTING_SIZES}
    same_address = {"address": phone_number(3), "type": "sms", "auto_creation": {"enabled": True, "type": "default"}}
    no_auto_creation = task("Turn off auto-creation", address_module, {"address": phone_number(3), "auto_creation": {"enabled": False}})
    # The type can only be set at creation: the module must refuse before it writes anything.
    refused = "retyped.msg is not search('type can only be set when the Address Configuration is created')"
    retype = task("Change the type", address_module, {"address": phone_number(3), "type": "whatsapp"}, register="retyped", failed_when=refused)
    listed_addresses = f"listing.conversations_addresses | length != {ADDRESS_LISTING_SIZE}"
    list_addresses = task("List every address", "twilio.flex.conversations_address_info", {}, register="listing", failed_when=listed_addresses)
    address_pages = RequestCount(gets=math.ceil(ADDRESS_LISTING_SIZE / ADDRESS_PAGE_SIZE))
    declare_addresses = {
        size: task(
            "Every address is as declared", "twilio.flex.conversations_addresses", {"addresses": [address(index) for index in range(size)], "prune": True}
        )
        for size in ADDRESS_DECLARATION_SIZES
    }
    return [
        Case("flex_flow, no change, by sid", no_op_task(3), ONE_GET),
        Case("flex_flow, update, by sid", disable_flow, GET_POST, changed=1),
        Case("flex_flow, check mode with a change", dict(disable_flow, check_mode=True), ONE_GET, changed=1),
        *(Case(f"flex_flow, by name among {size} flows", find_last_flow[size], ONE_GET, flows=size) for size in LOOKUP_SIZES),
        *(Case(f"flex_flow_info over {size} flows", list_all_flows[size], flow_pages[size], flows=size) for size in LISTING_SIZES),
        Case("conversations_address, no change, by address", task("Address 3 is as declared", address_module, same_address), ONE_GET),
        Case("conversations_address, update, by address", no_auto_creation, GET_POST, changed=1),
        Case("conversations_address, check mode with a change", dict(no_auto_creation, check_mode=True), ONE_GET, changed=1),
        Case("conversations_address, create-only field changed", retype, ONE_GET),
        Case(f"conversations_address_info over {ADDRESS_LISTING_SIZE} addresses", list_addresses, address_pages, addresses=ADDRESS_LISTING_SIZE),
        *(
            Case(
                f"conversations_addresses, no change, {size} addresses",
                declare_addresses[size],
                RequestCount(gets=math.ceil(size / ADDRESS_PAGE_SIZE)),
                addresses=size,
            )
            for size in ADDRESS_DECLARATION_SIZES
        ),
    ]


def measure_counts(bench: Bench) -> dict[str, Case]:
    measured = {}
    for case in cases():
        bench.admin.reset({"flows": account_flows(case.flows), "addresses": [address(index) for index in range(case.addresses)]})
        bench.playbook(bench.play("count.yml", case.label, [case.task]), case.label, ok=1, changed=case.changed, failed=0)
        measured[case.label] = case = replace(case, measured=bench.requests(case.label, case.expected))
        print(f"  {case.label}: {case.measured} (limit {case.expected}): {case.verdict}", flush=True)
    return measured


# Figure 2: no-op flex_flow tasks against ansible.builtin.uri GETs of the same flows.
HEADLINE_TASKS = 50


@dataclass
class Headline:
    # Whole runs of the play without tasks ("empty"), of the flex_flow tasks and of the uri tasks.
    timed: dict[str, Timed]
    # Per task: wall time from the junit callback; CPU time above that of the play without tasks in the same round.
    task_wall: dict[str, Spread]
    task_cpu: dict[str, Spread]

    @property
    def ratios(self) -> dict[str, float]:
        """flex_flow / uri, per task."""
        return {name: per_task["flex_flow"].median / per_task["uri"].median for name, per_task in (("wall", self.task_wall), ("cpu", self.task_cpu))}


def measure_headline(bench: Bench, rounds: int) -> Headline:
    bench.admin.reset(account_flows(HEADLINE_TASKS))
    flows_url, password = bench.env["TWILIO_FLEX_BASE_URL"] + "/v1/FlexFlows/", "{{ lookup('ansible.builtin.env', 'TWILIO_AUTH_TOKEN') }}"
    credentials = {"url_username": bench.env["TWILIO_ACCOUNT_SID"], "url_password": password, "force_basic_auth": True}
    uri = [task(f"Read flow {index}", "ansible.builtin.uri", {"url": flows_url + flow_sid(index), **credentials}) for index in range(HEADLINE_TASKS)]
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


# Figure 3: one no-op flex_flow run as a process, run directly and as AnsiballZ, against a bare requests script.
FLEX_FLOW_MODULE = "ansible_collections.twilio.flex.plugins.modules.flex_flow"
# One GET with requests, the result printed as JSON: what a module doing the same cannot beat.
BARE_GET_SCRIPT = """import json, os, sys, requests
auth = (os.environ["TWILIO_ACCOUNT_SID"], os.environ["TWILIO_AUTH_TOKEN"])
response = requests.get(os.environ["TWILIO_FLEX_BASE_URL"] + "/v1/FlexFlows/" + sys.argv[1], auth=auth, timeout=30)
response.raise_for_status()
print(json.dumps({"changed": False, "flex_flow": response.json()}))
"""


def measure_process(bench: Bench, runs: int) -> dict[str, Timed]:
    bench.admin.reset(account_flows(10))
    # The AnsiballZ_flex_flow.py the controller writes for the task, kept: it holds the task's arguments.
    remote_tmp, one_no_op = bench.path("remote-tmp"), bench.play("one_no_op.yml", "One flow is as declared", [no_op_task(3)])
    bench.playbook(one_no_op, "AnsiballZ capture", env=dict(bench.env, ANSIBLE_KEEP_REMOTE_FILES="1", ANSIBLE_REMOTE_TMP=remote_tmp))
    ansiballz = glob.glob(os.path.join(remote_tmp, "*", "AnsiballZ_flex_flow.py"))
    if len(ansiballz) != 1:
        raise BenchmarkError(f"expected one kept AnsiballZ_flex_flow.py under {remote_tmp}, found {ansiballz}")
    python, module_args = bench.venv.python, {"ANSIBLE_MODULE_ARGS": no_op_task(3)["twilio.flex.flex_flow"]}
    commands = {  # each with its environment
        "bare requests script": ([python, bench.write("bare_get.py", BARE_GET_SCRIPT), flow_sid(3)], bench.env),
        "flex_flow, python -m": ([python, "-m", FLEX_FLOW_MODULE, bench.write("args.json", module_args)], bench.module_env),
        "flex_flow, AnsiballZ": ([python, ansiballz[0]], bench.env),
    }
    samples: dict[str, list] = {name: [] for name in commands}
    # One untimed run each first: byte-code caches written, every path checked once.
    for iteration in range(-1, runs):
        if iteration == 0:
            bench.admin.clear_log()
        for name in rotated(list(commands), iteration):
            run = bench.run(commands[name][0], name, commands[name][1])
            result = json.loads(run.output.strip().splitlines()[-1])  # a module's result is the last line it prints
            if result.get("changed") or result.get("flex_flow", {}).get("sid") != flow_sid(3):
                raise BenchmarkError(f"{name}: unexpected result {run.output[-500:]}")
            if iteration >= 0:
                samples[name].append(run)
    bench.requests("one module process", RequestCount(gets=runs * len(commands)))
    timed = {name: Timed.of(name_runs) for name, name_runs in samples.items()}
    for name, measured in timed.items():
        print(f"  {name}: median {measured.wall.median * 1000:.0f} ms wall, {measured.cpu.median * 1000:.0f} ms CPU", flush=True)
    return timed


# Figures 4 and 5: a check-mode audit of 500 flows three ways, and the apply of its changes. Flow i is drifted (declared with
# `enabled` changed) when i % 10 == 0, and undeclared (in the account only) when i % 50 == 25: 490 declared, 50 drifted, 10 undeclared.
AUDIT_FLOWS = 500
ACCOUNT = account_flows(AUDIT_FLOWS)
DECLARED = [
    dict({key: value for key, value in flow.items() if key != "sid"}, enabled=index % 10 != 0) for index, flow in enumerate(ACCOUNT) if index % 50 != 25
]
DRIFTED = [flow["friendly_name"] for flow in DECLARED if not flow["enabled"]]
UNDECLARED = [flow["friendly_name"] for index, flow in enumerate(ACCOUNT) if index % 50 == 25]
SUMMARY = {"declared": len(DECLARED), "live": AUDIT_FLOWS, "in_sync": len(DECLARED) - len(DRIFTED), "drifted": len(DRIFTED), "missing": 0}
SUMMARY.update(undeclared=len(UNDECLARED), ignored=0, errors=0, created=0, updated=len(DRIFTED), deleted=0)
# The drift audit playbook's goals: under this wall time, and this many times faster than the loop.
GOAL_SECONDS, GOAL_SPEED_UP = 3.0, 50.0
# The names of the tasks timed: the flex_flows task in check mode, the flex_flow loop, the flex_flows task applying.
PLAN, LOOP = "Plan every declared flow against the account (check mode, diff)", "Compare each declared flow with the account"
APPLY = "Apply every declared flow"


@dataclass
class Audit:
    # (a) "plan", one flex_flows task, (b) "drift_audit", the playbook, (c) "loop", the flex_flow loop, and figure 5's "apply".
    timed: dict[str, Timed]
    requests: dict[str, RequestCount]
    loop_flows: int  # how many declared flows the loop compared; its times are scaled to all of them

    @property
    def speed_ups(self) -> dict[str, float]:
        """How many times as long as each way the loop takes."""
        return {kind: self.timed["loop"].wall.median / timed.wall.median for kind, timed in self.timed.items()}

    @property
    def goals(self) -> dict[str, bool]:
        return {"seconds": self.timed["drift_audit"].wall.median < GOAL_SECONDS, "speed_up": self.speed_ups["drift_audit"] >= GOAL_SPEED_UP}


def read_report(path: str) -> dict:
    """A playbook's JSON report, removed once read so that the next run cannot pass on a stale one."""
    with open(path, encoding="utf-8") as report:
        found = json.load(report)
    os.remove(path)
    return found


def check_outcome(bench: Bench, kind: str, label: str, report: str) -> None:
    """The drift audit's report names the drifted and undeclared flows; after the apply, the account is as declared."""
    if kind == "drift_audit":
        found = read_report(report)
        drifted = [flow["friendly_name"] for flow in found["flows"] if flow["status"] == "drifted"]
        if (found["summary"], drifted, [flow["friendly_name"] for flow in found["undeclared"]], found["audit_error"]) != (SUMMARY, DRIFTED, UNDECLARED, None):
            raise BenchmarkError(f"{label}: report summary {found['summary']}, audit error {found['audit_error']}; expected {SUMMARY}")
    if kind == "apply":
        live = {flow["friendly_name"]: flow["enabled"] for flow in bench.admin.flows()}
        if live != {flow["friendly_name"]: flow["enabled"] for flow in ACCOUNT + DECLARED}:
            raise BenchmarkError(f"{label}: after the apply, the account is not as declared")


def measure_audit(bench: Bench, rounds: int, loop_rounds: int, loop_flows: int | None) -> Audit:
    desired, report = "@" + bench.write("desired_flows.yml", {"desired_flows": DECLARED}), bench.path("drift-report.json")
    loop_flows = min(loop_flows or len(DECLARED), len(DECLARED))
    loop_vars = "@" + bench.write("loop.yml", {"desired_flows": DECLARED[:loop_flows]})
    loop_options = {option: f"{{{{ flow.{option} | default(omit) }}}}" for option in DECLARED[0]}
    loop_control = {"loop_var": "flow", "label": "{{ flow.friendly_name }}"}
    loop = task(LOOP, "twilio.flex.flex_flow", loop_options, check_mode=True, loop="{{ desired_flows }}", loop_control=loop_control)
    declared_flows = {"flows": "{{ desired_flows }}", "prune": False}
    plan = bench.play("audit_flex_flows.yml", "Audit the declared flows", [task(PLAN, "twilio.flex.flex_flows", declared_flows, check_mode=True, diff=True)])
    apply = bench.play("apply.yml", "Apply the declared flows", [task(APPLY, "twilio.flex.flex_flows", declared_flows)])
    playbooks = {  # each with its extra variables, its requests and the task timed
        "plan": (plan, [desired], ONE_GET, PLAN),
        "drift_audit": ("twilio.flex.drift_audit", [desired, f"drift_audit_report_path={report}"], ONE_GET, PLAN),
        "loop": (bench.play("audit_loop.yml", "Audit the declared flows in check mode", [loop]), [loop_vars], RequestCount(gets=loop_flows), LOOP),
        "apply": (apply, [desired], RequestCount(gets=1, posts=len(DRIFTED)), APPLY),
    }
    runs: dict[str, list] = {kind: [] for kind in playbooks}
    for round_number in range(rounds):
        for kind in rotated([kind for kind in playbooks if kind != "loop" or round_number < loop_rounds], round_number):
            playbook, extra_vars, requests, _task = playbooks[kind]
            label = f"{kind}, round {round_number + 1}"
            bench.admin.reset(ACCOUNT)
            recap = {"failed": 0, "ignored": 0} if kind == "drift_audit" else {"ok": 1, "changed": 1, "failed": 0}
            runs[kind].append(run := bench.playbook(playbook, label, *extra_vars, **recap))
            bench.requests(label, requests)
            check_outcome(bench, kind, label, report)
            print(f"  round {round_number + 1}, {kind}: {run.wall:.2f} s wall, {run.cpu:.2f} s CPU", flush=True)
    timed = {kind: Timed.of(kind_runs, playbooks[kind][3], len(DECLARED) / loop_flows if kind == "loop" else 1) for kind, kind_runs in runs.items()}
    audit = Audit(timed, {kind: playbooks[kind][2] for kind in playbooks}, loop_flows)
    print(f"  the loop takes {audit.speed_ups['plan']:.1f} times as long as (a), {audit.speed_ups['drift_audit']:.1f} times as long as (b)", flush=True)
    print("  goals: " + ", ".join(f"{goal} {'met' if met else 'MISSED'}" for goal, met in audit.goals.items()), flush=True)
    return audit


# Figure 6: the module's import time, and what requests and the collection's own modules take of it.
# A line of -X importtime: self and cumulative microseconds, then the module, indented by its depth.
IMPORT_TIME_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|\s*(\S+)\s*$", re.MULTILINE)


@dataclass
class Imports:
    runs: int
    totals: dict[str, Spread]  # ms, each import alone
    # ms of the module's import: requests (cumulative) and the collection's own modules (self times summed)
    requests: Spread
    own_code: Spread


def measure_imports(bench: Bench, runs: int) -> Imports:
    samples: dict[str, list] = {target: [] for target in (FLEX_FLOW_MODULE, "ansible.module_utils.basic", "requests")}
    for iteration in range(-1, runs):  # the first run of each writes the byte-code caches
        for target, measured in samples.items():
            output = bench.run([bench.venv.python, "-X", "importtime", "-c", f"import {target}"], f"import {target}", bench.module_env).output
            if iteration >= 0:
                # Each module appears once, after the modules it imports: {module: (self ms, cumulative ms)}.
                measured.append({name: (int(self_us) / 1000, int(cumulative_us) / 1000) for self_us, cumulative_us, name in IMPORT_TIME_LINE.findall(output)})
    totals = {target: Spread.of([imported[target][1] for imported in measured]) for target, measured in samples.items()}
    for target, total in totals.items():
        print(f"  import {target}: {total.median:.1f} ms", flush=True)
    own_code = [sum(ms for name, (ms, _cumulative) in imported.items() if name.startswith("ansible_collections.")) for imported in samples[FLEX_FLOW_MODULE]]
    return Imports(runs, totals, Spread.of([imported["requests"][1] for imported in samples[FLEX_FLOW_MODULE]]), Spread.of(own_code))


# Figure 7: twilio.flex.migrate_flows without apply (the plan, GETs only) over SMS flows, every 4th with its address configured already.
MIGRATION_FLOWS = [dict(flow, channel_type="sms", contact_identity=phone_number(index)) for index, flow in enumerate(account_flows(200))]
MIGRATED_ADDRESSES = [address(index) for index in range(0, len(MIGRATION_FLOWS), 4)]
# One listing of the flows, and of the addresses.
MIGRATION_REQUESTS = RequestCount(gets=1 + math.ceil(len(MIGRATED_ADDRESSES) / ADDRESS_PAGE_SIZE))


def measure_migration(bench: Bench, rounds: int) -> Timed:
    skipped = len(MIGRATED_ADDRESSES)
    planned = {"flows": len(MIGRATION_FLOWS), "planned": len(MIGRATION_FLOWS) - skipped, "skipped": skipped, "address_exists": skipped}
    report, runs = bench.path("migration-report.json"), []
    for round_number in range(rounds):
        label = f"migration plan, round {round_number + 1}"
        bench.admin.reset({"flows": MIGRATION_FLOWS, "addresses": MIGRATED_ADDRESSES})
        runs.append(run := bench.playbook("twilio.flex.migrate_flows", label, f"migrate_flows_report_path={report}", failed=0))
        bench.requests(label, MIGRATION_REQUESTS)
        summary = read_report(report)["summary"]
        if {key: summary.get(key) for key in planned} != planned:
            raise BenchmarkError(f"{label}: the report's summary is {summary}, expected {planned}")
        print(f"  round {round_number + 1}: {run.wall:.2f} s wall, {run.cpu:.2f} s CPU", flush=True)
    return Timed.of(runs)


# Figure 8: the drift audit playbook over 500 addresses, the declaration in desired_addresses only. Address i is drifted (declared
# with another friendly_name) when i % 10 == 0, and undeclared when i % 50 == 25: 490 declared, 50 drifted, 10 undeclared.
AUDIT_ADDRESSES = 500
ADDRESS_ACCOUNT = [address(index) for index in range(AUDIT_ADDRESSES)]
DECLARED_ADDRESSES = [
    dict(entry, friendly_name=entry["friendly_name"] + (" (renamed)" if index % 10 == 0 else ""))
    for index, entry in enumerate(ADDRESS_ACCOUNT)
    if index % 50 != 25
]
DRIFTED_ADDRESSES = [entry["address"] for entry in DECLARED_ADDRESSES if entry["friendly_name"].endswith(" (renamed)")]
UNDECLARED_ADDRESSES = sorted(entry["address"] for index, entry in enumerate(ADDRESS_ACCOUNT) if index % 50 == 25)
ADDRESS_SUMMARY = {"declared": len(DECLARED_ADDRESSES), "live": AUDIT_ADDRESSES, "in_sync": len(DECLARED_ADDRESSES) - len(DRIFTED_ADDRESSES)}
ADDRESS_SUMMARY.update(drifted=len(DRIFTED_ADDRESSES), missing=0, undeclared=len(UNDECLARED_ADDRESSES), ignored=0, errors=0)
ADDRESS_SUMMARY.update(created=0, updated=len(DRIFTED_ADDRESSES), deleted=0)
# One listing of the addresses, 50 to a page; the flows are not audited.
ADDRESS_AUDIT_REQUESTS = RequestCount(gets=math.ceil(AUDIT_ADDRESSES / ADDRESS_PAGE_SIZE))
ADDRESS_PLAN = "Plan every declared address against the account (check mode, diff)"


def measure_address_audit(bench: Bench, rounds: int) -> Timed:
    desired, report = "@" + bench.write("desired_addresses.yml", {"desired_addresses": DECLARED_ADDRESSES}), bench.path("address-drift-report.json")
    runs = []
    for round_number in range(rounds):
        label = f"address drift audit, round {round_number + 1}"
        bench.admin.reset({"flows": [], "addresses": ADDRESS_ACCOUNT})
        runs.append(run := bench.playbook("twilio.flex.drift_audit", label, desired, f"drift_audit_report_path={report}", failed=0, ignored=0))
        bench.requests(label, ADDRESS_AUDIT_REQUESTS)
        found = read_report(report)
        section = found["addresses"]
        drifted = [entry["address"] for entry in section["addresses"] if entry["status"] == "drifted"]
        # The listing's order, not the account's: the emulator lists by creation date, then SID.
        undeclared = sorted(entry["address"] for entry in section["undeclared"])
        if (section["summary"], drifted, undeclared, found["audit_error"], found["not_audited"]) != (
            ADDRESS_SUMMARY,
            DRIFTED_ADDRESSES,
            UNDECLARED_ADDRESSES,
            None,
            ["desired_flows", "desired_taskrouter"],
        ):
            raise BenchmarkError(f"{label}: report summary {section['summary']}, audit error {found['audit_error']}; expected {ADDRESS_SUMMARY}")
        print(f"  round {round_number + 1}: {run.wall:.2f} s wall, {run.cpu:.2f} s CPU", flush=True)
    return Timed.of(runs, ADDRESS_PLAN)


# Figure 9: a no-op twilio.flex.taskrouter task declaring every item of a workspace, with every kind pruned, beside the GETs
# a Terraform refresh of the same resources sends. The template-sized workspace is Flex's defaults with what
# twilio-professional-services/flex-project-template keeps in Terraform: 5 activities, the voice and chat task channels (Flex
# defaults it imports), 4 task queues and 5 workflows.
TASKROUTER_WORKSPACE = "Flex Task Assignment"
FLEX_ACTIVITIES = (("Offline", False), ("Available", True), ("Unavailable", False), ("Break", False))
TEMPLATE_ACTIVITIES = (("On a Task", True), ("On a Task, No ACD", False), ("Wrap Up", True), ("Wrap Up, No ACD", False), ("Extended Wrap Up", False))
FLEX_TASK_CHANNELS = (("default", "Default"), ("voice", "Voice"), ("chat", "Chat"), ("sms", "SMS"), ("video", "Video"), ("email", "Email"))
TEMPLATE_QUEUES = ("Template Example Everyone", "Template Example Sales", "Template Example Support", "Template Example Internal Calls")
TEMPLATE_WORKFLOWS = (
    "Template Example Assign to Anyone",
    "Template Example Chat Transfer",
    "Template Example Callback",
    "Template Example Internal Calls",
    "Template Example Park/Resume",
)


@dataclass(frozen=True)
class Workspace:
    """A workspace to seed: its activities (name, available), task channels (unique name, friendly name), queue and workflow names.
    The first queue is Flex's Everyone, which every workflow's default filter routes to; workflow i also routes to queue i."""

    label: str
    activities: tuple[tuple[str, bool], ...]
    queues: tuple[str, ...]
    workflows: tuple[str, ...]
    task_channels: tuple[tuple[str, str], ...] = FLEX_TASK_CHANNELS

    @property
    def items(self) -> int:
        return len(self.activities) + len(self.task_channels) + len(self.queues) + len(self.workflows)

    @property
    def terraform_refresh(self) -> RequestCount:
        """One GET per resource: twilio_taskrouter_workspaces_v1 and one twilio_taskrouter_workspaces_*_v1 per item."""
        return RequestCount(gets=1 + self.items)

    def routing(self, index: int, queue: t.Callable[[int], str]) -> dict:
        target = index % len(self.queues)
        rule = {"filter_friendly_name": self.queues[target], "expression": f'type == "{index}"', "targets": [{"queue": queue(target), "priority": 1}]}
        return {"task_routing": {"filters": [rule], "default_filter": {"queue": queue(0)}}}

    def seed(self) -> dict:
        """The workspace and its items in the API's shape, with fixed SIDs."""
        workspace_sid, offline = f"WS{1:032x}", f"WA{1:032x}"
        parent = {"workspace_sid": workspace_sid}
        return {
            "workspaces": [{"sid": workspace_sid, "friendly_name": TASKROUTER_WORKSPACE, "default_activity_sid": offline, "timeout_activity_sid": offline}],
            "activities": [dict(parent, sid=f"WA{index + 1:032x}", friendly_name=name, available=up) for index, (name, up) in enumerate(self.activities)],
            "task_channels": [
                dict(parent, sid=f"TC{index + 1:032x}", unique_name=unique, friendly_name=name) for index, (unique, name) in enumerate(self.task_channels)
            ],
            "task_queues": [dict(parent, sid=queue_sid(index), friendly_name=name, target_workers="1==1") for index, name in enumerate(self.queues)],
            "workflows": [
                dict(parent, sid=f"WW{index + 1:032x}", friendly_name=name, configuration=json.dumps(self.routing(index, queue_sid), sort_keys=True, indent=2))
                for index, name in enumerate(self.workflows)
            ],
        }

    def in_sync(self) -> str:
        """A failed_when that holds unless every item of every kind was found as declared."""
        counts = {"activities": self.activities, "task_channels": self.task_channels, "task_queues": self.queues, "workflows": self.workflows}
        return " or ".join(f"applied.summary.{kind}.in_sync != {len(items)}" for kind, items in counts.items())

    def declaration(self) -> dict:
        """twilio.flex.taskrouter's options declaring every item as seeded, references by name, every kind pruned."""
        return {
            "workspace": TASKROUTER_WORKSPACE,
            "settings": {"default_activity": "Offline", "timeout_activity": "Offline", "multi_task_enabled": True, "prioritize_queue_order": "FIFO"},
            "activities": [{"friendly_name": name, "available": up} for name, up in self.activities],
            "task_channels": [{"unique_name": unique, "friendly_name": name, "channel_optimized_routing": False} for unique, name in self.task_channels],
            "task_queues": [{"friendly_name": name, "target_workers": "1==1", "max_reserved_workers": 1, "task_order": "FIFO"} for name in self.queues],
            "workflows": [
                {"friendly_name": name, "task_reservation_timeout": 120, "configuration": self.routing(index, self.queues.__getitem__)}
                for index, name in enumerate(self.workflows)
            ],
            "prune": ["activities", "task_channels", "task_queues", "workflows"],
        }


TASKROUTER_WORKSPACES = (
    Workspace("template-sized", FLEX_ACTIVITIES + TEMPLATE_ACTIVITIES, ("Everyone", *TEMPLATE_QUEUES), ("Assign to Anyone", *TEMPLATE_WORKFLOWS)),
    Workspace(
        "1000 queues, 200 workflows",
        FLEX_ACTIVITIES,
        ("Everyone", *(f"Queue {index:04d}" for index in range(1, 1000))),
        ("Assign to Anyone", *(f"Workflow {index:03d}" for index in range(1, 200))),
    ),
)
# The workspace, then one listing of each kind (up to 1000 items a page), and no write.
TASKROUTER_NO_OP_REQUESTS = RequestCount(gets=5)
TASKROUTER_TASK = "The workspace is as declared"


def queue_sid(index: int) -> str:
    return f"WQ{index + 1:032x}"


def measure_taskrouter(bench: Bench, rounds: int) -> dict[str, Timed]:
    # The one emulator serves TaskRouter on the same address as Flex.
    env, timed = {"TWILIO_TASKROUTER_BASE_URL": bench.env["TWILIO_FLEX_BASE_URL"], **bench.env}, {}
    for workspace in TASKROUTER_WORKSPACES:
        seed, declared = workspace.seed(), workspace.declaration()
        playbook = bench.play(
            "taskrouter_no_op.yml",
            TASKROUTER_TASK,
            [task(TASKROUTER_TASK, "twilio.flex.taskrouter", declared, register="applied", failed_when=workspace.in_sync())],
        )
        runs = []
        for round_number in range(rounds):
            label = f"taskrouter no-op, {workspace.label}, round {round_number + 1}"
            bench.admin.reset(seed)
            runs.append(run := bench.playbook(playbook, label, env=env, ok=1, changed=0, failed=0))
            bench.requests(label, TASKROUTER_NO_OP_REQUESTS)
            print(f"  {workspace.label}, round {round_number + 1}: {run.wall:.2f} s wall, task {run.task(TASKROUTER_TASK):.2f} s", flush=True)
        timed[workspace.label] = Timed.of(runs, TASKROUTER_TASK)
    return timed
