# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The flex_flows_report action with a TaskRouter plan: the check-mode result of twilio.flex.taskrouter against the emulator,
reported beside the flows and addresses as `taskrouter`, with each kind's summary and only the items with drift."""

from __future__ import annotations

import json

import pytest

from ansible_collections.twilio.flex.plugins.modules import taskrouter
from ansible_collections.twilio.flex.tests.unit.plugins.action.test_flex_flows_report import PLAN, run_action
from ansible_collections.twilio.flex.tests.unit.plugins.modules.test_taskrouter import FLEX_DECLARATION

SKIPPED = dict(skipped=True, changed=False)
KINDS = ["activities", "task_channels", "task_queues", "workflows"]


@pytest.fixture
def plan_of(emulator, run_on_emulator):
    """The registered result of twilio.flex.taskrouter in check mode, prune empty, as the drift audit runs it."""
    emulator.seed_taskrouter_workspace("Flex Task Assignment")

    def plan(declaration):
        failed, result = run_on_emulator(taskrouter.main, dict(declaration, prune=[]), check_mode=True, diff=True)
        result.pop("warnings")
        return dict(result, failed=True) if failed else result

    return plan


def declaration(**changes):
    declared = dict((key, value) for key, value in FLEX_DECLARATION.items() if key != "prune")
    declared["workspace"] = "Flex Task Assignment"
    declared.update(changes)
    return declared


def test_a_workspace_in_sync_is_reported_in_sync_with_empty_kinds(plan_of, tmp_path):
    path = tmp_path / "report.json"
    variables = dict(desired_taskrouter=declaration())
    result = run_action(dict(plan=SKIPPED, address_plan=SKIPPED, taskrouter_plan=plan_of(declaration()), path=str(path)), task_vars=variables)
    report = result["report"]
    assert report["audit_error"] is None and report["drift_found"] is False
    assert report["not_audited"] == ["desired_flows", "desired_addresses"]
    section = report["taskrouter"]
    assert section["drift_found"] is False and section["workspace"]["status"] == "in_sync"
    assert [section["summary"][kind]["in_sync"] for kind in KINDS] == [4, 6, 1, 1]
    assert all(section[kind] == [] and section["undeclared"][kind] == [] for kind in KINDS)
    assert "taskrouter task_queues: in sync: 1, drifted: 0, missing: 0, undeclared: 0, ignored: 0, errors: 0" in result["lines"]
    assert json.loads(path.read_text()) == report


def test_drift_of_every_sort_is_reported_by_kind_and_only_the_items_with_drift(plan_of):
    declared = declaration(
        settings=dict(default_activity="Available", timeout_activity="Offline"),
        activities=[dict(friendly_name="Offline", available=False), dict(friendly_name="Available", available=False)],
        task_queues=[dict(friendly_name="Everyone", target_workers="1==2"), dict(friendly_name="Support", target_workers="1==1")],
    )
    result = run_action(dict(plan=SKIPPED, address_plan=SKIPPED, taskrouter_plan=plan_of(declared)), task_vars=dict(desired_taskrouter=declared))
    report = result["report"]
    section = report["taskrouter"]
    assert report["drift_found"] is True and section["drift_found"] is True
    # Available cannot change on an existing activity: drift an apply cannot make, not an audit error.
    assert report["audit_error"] is None, report["audit_error"]
    assert section["workspace"]["status"] == "drifted" and section["workspace"]["changed_fields"] == ["default_activity"]
    assert [(entry["friendly_name"], entry["status"]) for entry in section["activities"]] == [("Available", "drifted")]
    assert sorted(entry["friendly_name"] for entry in section["undeclared"]["activities"]) == ["Break", "Unavailable"]
    assert [(entry["friendly_name"], entry["status"], entry["action"]) for entry in section["task_queues"]] == [
        ("Everyone", "drifted", "update"),
        ("Support", "missing", "create"),
    ]
    assert section["task_queues"][0]["changed_fields"] == ["target_workers"]
    assert section["summary"]["task_queues"]["drifted"] == 1 and section["summary"]["task_queues"]["missing"] == 1
    assert "taskrouter settings: drifted (default_activity)" in result["lines"]


def test_a_bad_reference_is_an_audit_error_naming_the_entry(plan_of):
    declared = declaration(task_queues=[dict(friendly_name="Everyone", target_workers="1==1", reservation_activity="Nowhere")])
    result = run_action(dict(plan=SKIPPED, address_plan=SKIPPED, taskrouter_plan=plan_of(declared)), task_vars=dict(desired_taskrouter=declared))
    error = result["report"]["audit_error"]
    assert error.startswith("1 declared task queue(s) failed: desired_taskrouter.task_queues[0] (Everyone): ") and "Nowhere" in error


def test_a_bad_reference_in_the_settings_is_an_audit_error_even_beside_drift_an_apply_cannot_make(plan_of):
    # The create-only difference is an item error that is drift, not an audit error: it must not hide the settings' error.
    declared = declaration(settings=dict(default_activity="Nowhere"), activities=[dict(friendly_name="Available", available=False)])
    result = run_action(dict(plan=SKIPPED, address_plan=SKIPPED, taskrouter_plan=plan_of(declared)), task_vars=dict(desired_taskrouter=declared))
    report = result["report"]
    workspace_error = report["taskrouter"]["workspace"]["error"]
    assert workspace_error.startswith("settings: default_activity 'Nowhere' names no activity")
    assert report["audit_error"] == "desired_taskrouter: %s" % workspace_error
    assert report["taskrouter"]["activities"][0]["status"] == "drifted"


def test_a_run_that_could_not_read_the_workspace_is_an_audit_error(plan_of):
    declared = declaration(workspace="No Such Workspace")
    plan = plan_of(declared)
    result = run_action(dict(plan=SKIPPED, address_plan=SKIPPED, taskrouter_plan=plan), task_vars=dict(desired_taskrouter=declared))
    assert result["report"]["audit_error"].startswith("The audit of the TaskRouter workspace could not run: workspace 'No Such Workspace' must name")


@pytest.mark.parametrize(
    "declared, problem",
    [
        ([], "desired_taskrouter must be a dictionary of the options of twilio.flex.taskrouter, got a list"),
        (dict(activities=[]), "desired_taskrouter must name its workspace"),
        # A string that is no template is not a declaration: reported, not taken as audited and clean.
        ("Flex Task Assignment", "desired_taskrouter must be a dictionary of the options of twilio.flex.taskrouter, got a str"),
    ],
)
def test_a_declaration_of_the_wrong_shape_is_an_audit_error(declared, problem):
    result = run_action(dict(plan=SKIPPED, address_plan=SKIPPED, taskrouter_plan=SKIPPED), task_vars=dict(desired_taskrouter=declared))
    assert result["report"]["audit_error"].startswith(problem)


def test_without_the_variable_the_workspace_is_not_audited_and_nothing_defined_is_an_audit_error():
    result = run_action(dict(plan=PLAN, address_plan=SKIPPED, taskrouter_plan=SKIPPED), task_vars=dict(desired_flows=[]))
    assert result["report"]["not_audited"] == ["desired_addresses", "desired_taskrouter"]
    assert result["report"]["taskrouter"]["drift_found"] is False and result["report"]["taskrouter"]["workspace"] is None
    assert not any(line.startswith("taskrouter") for line in result["lines"])
    result = run_action(dict(plan=SKIPPED, address_plan=SKIPPED, taskrouter_plan=SKIPPED), task_vars={})
    assert "nor are desired_addresses and desired_taskrouter, so nothing was audited" in result["report"]["audit_error"]


def test_without_a_taskrouter_plan_the_report_has_no_taskrouter_key():
    result = run_action(dict(plan=PLAN, address_plan=SKIPPED), task_vars=dict(desired_flows=[]))
    assert "taskrouter" not in result["report"] and result["report"]["not_audited"] == ["desired_addresses"]


def test_the_console_lines_leave_out_a_kind_not_audited_under_the_variable_names_given():
    args = dict(plan=PLAN, address_plan=SKIPPED, taskrouter_plan=SKIPPED, address_declaration_variable="addrs", taskrouter_declaration_variable="tr")
    result = run_action(args, task_vars=dict(desired_flows=[]))
    assert result["report"]["not_audited"] == ["addrs", "tr"]
    assert not any(line.startswith(("taskrouter", "addresses")) for line in result["lines"]), result["lines"]
