"""Figures 4, 5 and 7: a check-mode audit of 500 flows three ways, the apply of its changes, the migration plan."""

from __future__ import annotations

import base64
import json
import math
import os
import time
import urllib.request
from dataclasses import dataclass

from benchmarks.harness import ADDRESS_PAGE_SIZE, Bench, BenchmarkError, RequestCount, Spread, Timed, account_flows, address, phone_number, rotated, task

# The audit's account: flow i is drifted (declared with `enabled` changed) when i % 10 == 0, and undeclared (in the
# account only) when i % 50 == 25: of 500 flows, 490 declared (found by name), 50 of them drifted, 10 undeclared.
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
# The migration plan's account: SMS flows, every 4th with its address configured already; one listing of each.
MIGRATION_FLOWS = [dict(flow, channel_type="sms", contact_identity=phone_number(index)) for index, flow in enumerate(account_flows(200))]
MIGRATED_ADDRESSES = [address(index) for index in range(0, len(MIGRATION_FLOWS), 4)]
MIGRATION_REQUESTS = RequestCount(gets=1 + math.ceil(len(MIGRATED_ADDRESSES) / ADDRESS_PAGE_SIZE))
PLAN, LOOP, APPLY = (
    "Plan every declared flow against the account (check mode, diff)",
    "Compare each declared flow with the account",
    "Apply every declared flow",
)
LOOP_OPTIONS = ("friendly_name", "chat_service_sid", "channel_type", "enabled", "integration_type", "integration", "long_lived", "janitor_enabled")


@dataclass
class Audit:
    # (a) "plan", one flex_flows task, (b) "drift_audit", the playbook, (c) "loop", the flex_flow loop, and figure 5's "apply".
    timed: dict[str, Timed]
    requests: dict[str, RequestCount]
    loop_flows: int
    # The check-mode flex_flows module process alone, and one listing GET of the account.
    module: Timed
    listing: Spread

    @property
    def speed_ups(self) -> dict[str, float]:
        """How many times as long as each way the loop takes."""
        return {kind: self.timed["loop"].wall.median / timed.wall.median for kind, timed in self.timed.items()}

    @property
    def goals(self) -> dict[str, bool]:
        return {"seconds": self.timed["drift_audit"].wall.median < GOAL_SECONDS, "speed_up": self.speed_ups["drift_audit"] >= GOAL_SPEED_UP}


def flex_flows_task(check_mode: bool) -> dict:
    args = {"flows": "{{ desired_flows }}", "prune": False}
    return task(PLAN if check_mode else APPLY, "twilio.flex.flex_flows", args, check_mode=check_mode, diff=check_mode, register="flows_result")


def read_report(path: str) -> dict:
    """A playbook's JSON report, removed once read so that the next run cannot pass on a stale one."""
    with open(path, encoding="utf-8") as report:
        found = json.load(report)
    os.remove(path)
    return found


def listing_seconds(bench: Bench, runs: int) -> Spread:
    """One listing GET of the account, sent from this process straight to the emulator."""
    credentials = base64.b64encode(f"{bench.env['TWILIO_ACCOUNT_SID']}:{bench.env['TWILIO_AUTH_TOKEN']}".encode()).decode()
    request = urllib.request.Request(bench.env["TWILIO_FLEX_BASE_URL"] + "/v1/FlexFlows?PageSize=1000", headers={"Authorization": f"Basic {credentials}"})
    opener, seconds = urllib.request.build_opener(urllib.request.ProxyHandler({})), []  # loopback: never through a proxy
    for _attempt in range(runs):
        started = time.perf_counter()
        with opener.open(request, timeout=60) as answer:
            listed = json.loads(answer.read())["flex_flows"]
        seconds.append(time.perf_counter() - started)
        if len(listed) != AUDIT_FLOWS:
            raise BenchmarkError(f"the listing GET returned {len(listed)} flows, not {AUDIT_FLOWS}")
    return Spread.of(seconds)


def check_outcome(bench: Bench, kind: str, label: str, report: str) -> None:
    """The drift audit's report names the drifted and undeclared flows; after the apply, the account is as declared."""
    if kind == "drift_audit":
        found = read_report(report)
        drifted = [flow["friendly_name"] for flow in found["flows"] if flow["status"] == "drifted"]
        if (found["summary"], drifted, [flow["friendly_name"] for flow in found["undeclared"]], found["audit_error"]) != (SUMMARY, DRIFTED, UNDECLARED, None):
            raise BenchmarkError(f"{label}: report summary {found['summary']}, audit error {found['audit_error']}; expected {SUMMARY}")
    if kind == "apply" and {flow["friendly_name"]: flow["enabled"] for flow in bench.admin.flows()} != {
        flow["friendly_name"]: flow["enabled"] for flow in ACCOUNT + DECLARED
    }:
        raise BenchmarkError(f"{label}: after the apply, the account is not as declared")


def measure_audit(bench: Bench, rounds: int, loop_rounds: int, loop_flows: int) -> Audit:
    desired, report = "@" + bench.write("desired_flows.yml", {"desired_flows": DECLARED}), bench.path("drift-report.json")
    # Once, untimed: the whole result of both flex_flows tasks, checked by an assert after the task.
    updated = "flows_result.flows | selectattr('action', 'equalto', 'update') | map(attribute='friendly_name') | list"
    assertion = task(
        "The result is as expected",
        "ansible.builtin.assert",
        {"that": [f"flows_result.summary == {json.dumps(SUMMARY)}", f"{updated} == {json.dumps(DRIFTED)}"]},
    )
    for check_mode in (True, False):
        bench.admin.reset(ACCOUNT)
        bench.playbook(
            bench.play("result.yml", "flex_flows's result", [flex_flows_task(check_mode), assertion]), "flex_flows's result", desired, ok=2, changed=1, failed=0
        )
    # The check-mode flex_flows module process alone: its kept AnsiballZ file, run directly.
    plan = bench.play("audit_flex_flows.yml", "Audit the declared flows", [flex_flows_task(check_mode=True)])
    bench.admin.reset(ACCOUNT)
    command, module_runs = [bench.venv.python, bench.kept_ansiballz(plan, "flex_flows", desired)], []
    for _round in range(rounds):
        bench.admin.clear_log()
        module_runs.append(run := bench.run(command, "flex_flows module process"))
        bench.requests("flex_flows module process", RequestCount(gets=1))
        if run.result().get("summary") != SUMMARY:
            raise BenchmarkError(f"flex_flows module process: unexpected result {run.stdout[-500:]}")

    loop_flows = min(loop_flows or len(DECLARED), len(DECLARED))
    loop_vars = "@" + bench.write("loop.yml", {"desired_flows": DECLARED[:loop_flows]})
    loop_options = {option: f"{{{{ flow.{option} | default(omit) }}}}" for option in LOOP_OPTIONS}
    loop = task(
        LOOP,
        "twilio.flex.flex_flow",
        loop_options,
        check_mode=True,
        loop="{{ desired_flows }}",
        loop_control={"loop_var": "flow", "label": "{{ flow.friendly_name }}"},
    )
    playbooks = {  # each with its extra variables, its requests and the task timed
        "plan": (plan, [desired], RequestCount(gets=1), PLAN),
        "drift_audit": ("twilio.flex.drift_audit", [desired, f"drift_audit_report_path={report}"], RequestCount(gets=1), PLAN),
        "loop": (bench.play("audit_loop.yml", "Audit the declared flows in check mode", [loop]), [loop_vars], RequestCount(gets=loop_flows), LOOP),
        "apply": (
            bench.play("apply.yml", "Apply the declared flows", [flex_flows_task(check_mode=False)]),
            [desired],
            RequestCount(gets=1, posts=len(DRIFTED)),
            APPLY,
        ),
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
    audit = Audit(timed, {kind: playbooks[kind][2] for kind in playbooks}, loop_flows, Timed.of(module_runs), listing_seconds(bench, 7))
    print(f"  the loop takes {audit.speed_ups['plan']:.1f} times as long as (a), {audit.speed_ups['drift_audit']:.1f} times as long as (b)", flush=True)
    print("  goals: " + ", ".join(f"{goal} {'met' if met else 'MISSED'}" for goal, met in audit.goals.items()), flush=True)
    return audit


def measure_migration(bench: Bench, rounds: int) -> Timed:
    """twilio.flex.migrate_flows without apply: the plan, GETs only."""
    planned = {"flows": len(MIGRATION_FLOWS), "planned": len(MIGRATION_FLOWS) - len(MIGRATED_ADDRESSES), "skipped": len(MIGRATED_ADDRESSES)}
    planned["address_exists"] = len(MIGRATED_ADDRESSES)
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
