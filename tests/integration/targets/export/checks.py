# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Checks of runme.sh's export, plan and audit: one inert, exact, private file of every kind, and nothing evaluated or shown.

Usage: checks.py ADMIN_URL ACCOUNT_JSON WORKDIR (with INERT_MARKER and TWILIO_AUTH_TOKEN in the environment)
"""

from __future__ import annotations

import json
import pathlib
import sys

from round_trip_checks import WEBHOOK_PASSWORD, check_hostile_names_tagged, check_nothing_evaluated_or_shown, load_private_declaration
from seed_taskrouter import HOSTILE_NAMES

from flex_emulator.admin_client import EmulatorAdmin

OUTPUTS = ("export.out", "again.out", "forced.out", "plan.out", "audit.out", "report.json", "plan-results.json")


def check_declaration(path, account):
    """The exported file: private, both kinds, every string exact, the hostile ones tagged, the shapes the bulk modules take."""
    text, declaration = load_private_declaration(path)
    assert list(declaration) == ["desired_flows", "desired_addresses", "desired_taskrouter"], list(declaration)
    check_taskrouter_declaration(declaration["desired_taskrouter"], text)
    flows, addresses = declaration["desired_flows"], declaration["desired_addresses"]
    assert [flow["friendly_name"] for flow in flows] == sorted(flow["friendly_name"] for flow in account["flows"]), flows
    assert [entry["address"] for entry in addresses] == sorted(entry["address"] for entry in account["addresses"]), addresses
    check_hostile_names_tagged(text, [flow["friendly_name"] for flow in flows] + [entry.get("friendly_name") or "" for entry in addresses])
    by_address = dict((entry["address"], entry) for entry in addresses)
    live = dict((entry["address"], entry) for entry in account["addresses"])
    for address, entry in by_address.items():
        assert entry.get("friendly_name") == live[address].get("friendly_name"), entry
        assert "sid" not in entry and entry["type"] == live[address]["type"], entry
    # The file keeps the webhook's exact URL, password included: it is what an apply sends back.
    hook = by_address["whatsapp:+15555550201"]["auto_creation"]
    assert hook["webhook_url"] == "https://hooks:%s@hooks.example.com/conversations" % WEBHOOK_PASSWORD, hook
    assert sorted(hook["webhook_filters"]) == ["onConversationAdded", "onMessageAdded"], hook
    assert by_address["+15555550202"]["address_country"] == "US", by_address["+15555550202"]
    assert by_address["+15555550200"]["auto_creation"]["studio_retry_count"] == 1, by_address["+15555550200"]
    assert "friendly_name" not in by_address["+15555550203"], by_address["+15555550203"]
    return len(flows), len(addresses)


def check_taskrouter_declaration(declared, text):
    """Flex's defaults and the hostile names as the options of twilio.flex.taskrouter: names for every reference, exactly as
    they are and tagged !unsafe, a configuration as a dictionary."""
    names = HOSTILE_NAMES
    assert list(declared) == ["workspace", "settings", "activities", "task_channels", "task_queues", "workflows"], list(declared)
    assert declared["workspace"] == "Flex Task Assignment", declared
    assert declared["settings"]["default_activity"] == "Offline" and declared["settings"]["timeout_activity"] == "Offline", declared["settings"]
    activities = [entry["friendly_name"] for entry in declared["activities"]]
    assert activities == ["Available", "Break", "Offline", names["activity"], "Unavailable"], activities
    assert [entry["unique_name"] for entry in declared["task_channels"]] == ["chat", "default", "email", "sms", "video", "voice"]
    queues = dict((entry["friendly_name"], entry) for entry in declared["task_queues"])
    assert sorted(queues) == sorted(["Everyone", names["task_queue"]]) and queues[names["task_queue"]]["assignment_activity"] == names["activity"], queues
    workflows = dict((entry["friendly_name"], entry) for entry in declared["workflows"])
    assert workflows["Assign to Anyone"]["configuration"]["task_routing"]["default_filter"] == {"queue": "Everyone"}, workflows
    routing = workflows[names["workflow"]]["configuration"]["task_routing"]
    assert routing["default_filter"] == {"queue": names["task_queue"]} and routing["filters"][0]["targets"] == [{"queue": names["task_queue"]}], routing
    for name in names.values():
        assert ('!unsafe "%s"' % name.replace('"', '\\"')) in text, name


def check_plans(path, counts):
    results = json.loads(path.read_text(encoding="utf-8"))
    taskrouter = results["taskrouter"]
    assert taskrouter["changed"] is False and not taskrouter.get("failed"), taskrouter
    assert taskrouter["workspace"]["status"] == "in_sync", taskrouter["workspace"]
    for kind, count in (("activities", 5), ("task_channels", 6), ("task_queues", 2), ("workflows", 2)):
        assert taskrouter["summary"][kind]["in_sync"] == count == taskrouter["summary"][kind]["live"], (kind, taskrouter["summary"][kind])
    for kind, count in zip(("flows", "addresses"), counts):
        result = results[kind]
        assert result["changed"] is False and not result.get("failed"), result
        assert [item["status"] for item in result[kind]] == ["in_sync"] * count, result[kind]
        assert result["summary"]["live"] == count and result["summary"]["undeclared"] == 0, result["summary"]


def check_report(path, counts):
    report = json.loads(path.read_text(encoding="utf-8"))
    assert report["drift_found"] is False and report["audit_error"] is None and report["not_audited"] == [], report
    assert report["summary"]["in_sync"] == counts[0] and report["undeclared"] == [], report["summary"]
    addresses = report["addresses"]
    assert addresses["drift_found"] is False and addresses["summary"]["in_sync"] == counts[1] and addresses["undeclared"] == [], addresses
    taskrouter = report["taskrouter"]
    assert taskrouter["drift_found"] is False and taskrouter["workspace"]["status"] == "in_sync", taskrouter
    assert all(taskrouter[kind] == [] and taskrouter["undeclared"][kind] == [] for kind in ("activities", "task_channels", "task_queues", "workflows"))


def main():
    admin, account_path, workdir = EmulatorAdmin(sys.argv[1]), pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    account = json.loads(account_path.read_text(encoding="utf-8"))
    counts = check_declaration(workdir / "flex_account.yml", account)
    check_plans(workdir / "plan-results.json", counts)
    check_report(workdir / "report.json", counts)

    check_nothing_evaluated_or_shown(workdir, OUTPUTS)
    # The account is as it was.
    assert sorted(entry["address"] for entry in admin.addresses()) == sorted(entry["address"] for entry in account["addresses"])
    assert len(admin.flows()) == len(account["flows"])
    # Two exports (the refused one sends nothing), the plans and the audit, nothing written: two listings each for flows and
    # addresses; the workspace five reads for a plan or an audit, and six for an export (the account's workspaces, which prove
    # its name unique, the workspace by that name, its four kinds).
    methods = admin.methods()
    assert methods == ["GET"] * 30, methods
    print(
        "export round trip: %d flows, %d addresses and a TaskRouter workspace exported, planned and audited in sync, exactly, with %d GETs"
        % (counts + (len(methods),))
    )


if __name__ == "__main__":
    main()
