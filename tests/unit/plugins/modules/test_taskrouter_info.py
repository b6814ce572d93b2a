# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""taskrouter_info against the emulator: the workspaces of the account, one workspace in the API's shape, and its export as a
declaration that twilio.flex.taskrouter takes back without a change (the round trip)."""

from __future__ import annotations

import json

import pytest
import requests

from ansible_collections.twilio.flex.plugins.modules import taskrouter, taskrouter_info
from ansible_collections.twilio.flex.tests.flex_emulator import ACCOUNT_SID as EMULATOR_ACCOUNT_SID
from ansible_collections.twilio.flex.tests.flex_emulator import AUTH_TOKEN as EMULATOR_AUTH_TOKEN
from ansible_collections.twilio.flex.tests.unit.plugins.modules.conftest import logged_requests

WORKSPACE = "Flex Task Assignment"
PAGE = {"PageSize": "1000"}
KINDS = ["activities", "task_channels", "task_queues", "workflows"]


def routing(filters, default):
    return {
        "task_routing": {
            "filters": [
                dict(filter_friendly_name=name, expression=expression, targets=[{"queue": queue} for queue in queues]) for name, expression, queues in filters
            ],
            "default_filter": {"queue": default},
        }
    }


# A setup the size of Twilio's Flex project template, on top of Flex's defaults: references of every kind.
TEMPLATE = dict(
    settings=dict(
        default_activity="Offline",
        timeout_activity="Unavailable",
        event_callback_url="https://user:secret@example.com/taskrouter-events",
        events_filter=["task.created", "task.canceled", "reservation.accepted"],
        multi_task_enabled=True,
        prioritize_queue_order="FIFO",
    ),
    activities=[
        dict(friendly_name="Wrap Up", available=False),
        dict(friendly_name="On a Task", available=False),
        dict(friendly_name="Training", available=False),
        dict(friendly_name="Lunch", available=False),
        dict(friendly_name="Meeting", available=False),
    ],
    task_channels=[
        dict(unique_name="callback", friendly_name="Callback", channel_optimized_routing=False),
        dict(unique_name="whatsapp", friendly_name="WhatsApp", channel_optimized_routing=True),
    ],
    task_queues=[
        dict(
            friendly_name="Support", target_workers='routing.skills HAS "support"', max_reserved_workers=2, task_order="FIFO", reservation_activity="On a Task"
        ),
        dict(friendly_name="Sales", target_workers='routing.skills HAS "sales"', task_order="LIFO", assignment_activity="On a Task"),
        dict(friendly_name="Callback", target_workers="1==1", reservation_activity="Wrap Up", assignment_activity="On a Task"),
        dict(friendly_name="Escalations", target_workers='routing.skills HAS "escalation"', max_reserved_workers=1),
    ],
    workflows=[
        dict(
            friendly_name="Assign to Support",
            task_reservation_timeout=120,
            configuration=routing([("Support", 'type == "support"', ["Support", "Escalations"])], "Everyone"),
        ),
        dict(friendly_name="Assign to Sales", configuration=routing([("Sales", 'type == "sales"', ["Sales"])], "Everyone")),
        dict(
            friendly_name="Callback",
            assignment_callback_url="https://example.com/assign",
            configuration=routing([("Callback", 'type == "callback"', ["Callback"])], "Callback"),
        ),
        dict(friendly_name="Escalate", configuration=routing([("Escalations", "priority > 10", ["Escalations"]), ("Rest", "1==1", ["Support"])], "Everyone")),
        dict(friendly_name="Chat", task_reservation_timeout=60, configuration=json.dumps(routing([("Chat", 'channel == "chat"', ["Support"])], "Sales"))),
    ],
)


@pytest.fixture
def workspace(emulator, run_on_emulator):
    """A workspace with Flex's defaults and the template's setup on top; the request log empty."""
    sid = emulator.seed_taskrouter_workspace(WORKSPACE)
    failed, result = run_on_emulator(taskrouter.main, dict(TEMPLATE, workspace=sid))
    assert not failed and result["changed"], result.get("msg")
    emulator.clear_log()
    return sid


@pytest.fixture
def info(run_on_emulator):
    def run_info(options=None, **kwargs):
        return run_on_emulator(taskrouter_info.main, dict(options or {}), **kwargs)

    return run_info


def calls(emulator):
    return [(call["method"], call["path"], call["query"]) for call in logged_requests(emulator)]


def listings(workspace):
    return [("GET", "/v1/Workspaces/%s/%s" % (workspace, kind), PAGE) for kind in ("Activities", "TaskChannels", "TaskQueues", "Workflows")]


def test_without_a_workspace_every_workspace_of_the_account_is_listed(emulator, info):
    sids = [emulator.seed_taskrouter_workspace(name) for name in ("Flex Task Assignment", "Other")]
    emulator.clear_log()
    failed, result = info()
    assert not failed, result.get("msg")
    assert sorted(workspace["sid"] for workspace in result["workspaces"]) == sorted(sids)
    assert "taskrouter" not in result
    assert calls(emulator) == [("GET", "/v1/Workspaces", PAGE)]


def test_the_api_shape_holds_the_workspace_and_every_item_of_each_kind_in_five_gets(emulator, info, workspace):
    failed, result = info(dict(workspace=WORKSPACE))
    assert not failed, result.get("msg")
    assert calls(emulator) == [("GET", "/v1/Workspaces", dict(PAGE, FriendlyName=WORKSPACE))] + listings(workspace)
    taskrouter_result = result["taskrouter"]
    assert taskrouter_result["workspace"]["sid"] == workspace
    assert [len(taskrouter_result[kind]) for kind in KINDS] == [9, 8, 5, 6]
    # The API's shape: references as SIDs, a configuration as the API's JSON text, a URL password masked.
    support = next(queue for queue in taskrouter_result["task_queues"] if queue["friendly_name"] == "Support")
    assert support["reservation_activity_sid"].startswith("WA")
    assert all(isinstance(workflow["configuration"], str) for workflow in taskrouter_result["workflows"])
    assert "user:secret@" not in json.dumps(result) and "********" in taskrouter_result["workspace"]["event_callback_url"]


def test_the_declaration_names_every_reference_and_keeps_only_what_taskrouter_takes(emulator, info, workspace):
    failed, result = info(dict(workspace=workspace, output="declaration", mask_url_passwords=False))
    assert not failed, result.get("msg")
    # By SID, one more lookup proves the name unique, so the declaration names the workspace.
    assert calls(emulator) == [("GET", "/v1/Workspaces/%s" % workspace, {}), ("GET", "/v1/Workspaces", dict(PAGE, FriendlyName=WORKSPACE))] + listings(
        workspace
    )
    declaration = result["taskrouter"]
    assert list(declaration) == ["workspace", "settings"] + KINDS
    assert declaration["workspace"] == WORKSPACE
    assert declaration["settings"] == dict(
        default_activity="Offline",
        timeout_activity="Unavailable",
        event_callback_url="https://user:secret@example.com/taskrouter-events",
        events_filter=["reservation.accepted", "task.canceled", "task.created"],
        multi_task_enabled=True,
        prioritize_queue_order="FIFO",
    )
    assert list(declaration["settings"]) == [
        "default_activity",
        "timeout_activity",
        "event_callback_url",
        "events_filter",
        "multi_task_enabled",
        "prioritize_queue_order",
    ]
    assert [entry["friendly_name"] for entry in declaration["activities"]] == sorted(
        ["Offline", "Available", "Unavailable", "Break", "Wrap Up", "On a Task", "Training", "Lunch", "Meeting"]
    )
    assert [entry["unique_name"] for entry in declaration["task_channels"]] == sorted(
        ["default", "voice", "chat", "sms", "video", "email", "callback", "whatsapp"]
    )
    support = next(entry for entry in declaration["task_queues"] if entry["friendly_name"] == "Support")
    assert support == dict(
        friendly_name="Support", target_workers='routing.skills HAS "support"', max_reserved_workers=2, task_order="FIFO", reservation_activity="On a Task"
    )
    assert list(support) == ["friendly_name", "target_workers", "max_reserved_workers", "task_order", "reservation_activity"]
    chat = next(entry for entry in declaration["workflows"] if entry["friendly_name"] == "Chat")
    assert chat == dict(friendly_name="Chat", task_reservation_timeout=60, configuration=routing([("Chat", 'channel == "chat"', ["Support"])], "Sales"))
    assert not any("sid" in entry for kind in KINDS for entry in declaration[kind])
    assert result["warnings"] == []


def test_the_exported_declaration_fed_back_with_every_kind_pruned_changes_nothing_in_five_gets(emulator, info, workspace, run_on_emulator):
    failed, result = info(dict(workspace=WORKSPACE, output="declaration", mask_url_passwords=False))
    assert not failed, result.get("msg")
    emulator.clear_log()
    failed, plan = run_on_emulator(taskrouter.main, dict(result["taskrouter"], prune=list(KINDS)), check_mode=True, diff=True)
    assert not failed, plan.get("msg")
    assert plan["changed"] is False
    assert [call[0] for call in calls(emulator)] == ["GET"] * 5
    for kind in KINDS:
        counts = plan["summary"][kind]
        assert (counts["in_sync"], counts["drifted"], counts["missing"], counts["undeclared"], counts["errors"]) == (counts["live"], 0, 0, 0, 0), kind
    assert plan["workspace"]["status"] == "in_sync"
    assert plan["diff"]["after"] == dict((kind, {}) for kind in KINDS)


def test_shared_names_keep_their_sids_with_a_warning_and_still_round_trip(emulator, info, workspace, run_on_emulator):
    sales_queue_sid = next(item["sid"] for item in emulator.task_queues.values() if item["workspace_sid"] == workspace and item["friendly_name"] == "Sales")
    failed, result = run_on_emulator(taskrouter.main, dict(workspace=workspace, task_queues=[dict(sid=sales_queue_sid, friendly_name="Twin")]))
    assert not failed, result.get("msg")
    # A second queue with the name, as Twilio allows: a workflow naming the first can then only name it by its SID.
    answer = requests.post(
        "%s/v1/Workspaces/%s/TaskQueues" % (emulator.base_url, workspace),
        data=dict(FriendlyName="Twin", TargetWorkers="2==2"),
        auth=(EMULATOR_ACCOUNT_SID, EMULATOR_AUTH_TOKEN),
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    twin = answer.json()
    failed, exported = info(dict(workspace=WORKSPACE, output="declaration", mask_url_passwords=False))
    assert not failed, exported.get("msg")
    twins = [entry for entry in exported["taskrouter"]["task_queues"] if entry["friendly_name"] == "Twin"]
    assert sorted(entry["sid"] for entry in twins) == sorted([sales_queue_sid, twin["sid"]])
    sales = next(entry for entry in exported["taskrouter"]["workflows"] if entry["friendly_name"] == "Assign to Sales")
    assert sales["configuration"]["task_routing"]["filters"][0]["targets"] == [{"queue": sales_queue_sid}]
    assert any("2 task queues are named 'Twin'" in warning for warning in exported["warnings"])
    assert any(sales_queue_sid in warning and "share its name" in warning for warning in exported["warnings"])
    emulator.clear_log()
    failed, plan = run_on_emulator(taskrouter.main, dict(exported["taskrouter"], prune=list(KINDS)), check_mode=True)
    assert not failed, plan.get("msg")
    assert plan["changed"] is False and [call[0] for call in calls(emulator)] == ["GET"] * 5


def test_a_name_several_workspaces_share_fails_naming_their_sids(emulator, info):
    sids = [emulator.seed_taskrouter_workspace(WORKSPACE) for _copy in range(2)]
    failed, result = info(dict(workspace=WORKSPACE, output="declaration"))
    assert failed
    assert all(sid in result["msg"] for sid in sids)
    assert "taskrouter" not in result


@pytest.mark.parametrize("name", ["WS" + "x" * 32, "Ws routing for EMEA, production 01"])
def test_a_name_as_long_as_a_sid_and_starting_as_one_is_looked_up_as_a_name_as_taskrouter_takes_it(emulator, info, run_on_emulator, name):
    failed, result = info(dict(workspace=name))
    assert failed and result["msg"].startswith("workspace %r must name exactly one workspace" % name)
    assert calls(emulator) == [("GET", "/v1/Workspaces", dict(PAGE, FriendlyName=name))]
    sid = emulator.seed_taskrouter_workspace(name)
    failed, planned = run_on_emulator(taskrouter.main, dict(workspace=name), check_mode=True)
    assert not failed and planned["workspace"]["sid"] == sid, planned.get("msg")
    failed, result = info(dict(workspace=name, output="declaration"))
    assert not failed, result.get("msg")
    assert result["taskrouter"]["workspace"] == name


def test_a_workspace_named_like_a_sid_is_declared_by_its_sid_with_a_warning(emulator, info):
    shaped = "WS" + "0" * 32
    sid = emulator.seed_taskrouter_workspace(shaped)
    failed, result = info(dict(workspace=sid, output="declaration"))
    assert not failed, result.get("msg")
    assert result["taskrouter"]["workspace"] == sid
    assert result["warnings"] == [
        "The workspace %s keeps its SID in the declaration: its name %r is shaped like a SID, which the module would read as one" % (sid, shaped)
    ]


def sid_of(store, workspace, name):
    return next(item["sid"] for item in store.values() if item["workspace_sid"] == workspace and item["friendly_name"] == name)


def plan_back(emulator, run_on_emulator, declaration):
    """The check-mode plan of a declaration fed back with every kind pruned: asserted a no-op of 5 GETs."""
    emulator.clear_log()
    failed, plan = run_on_emulator(taskrouter.main, dict(declaration, prune=list(KINDS)), check_mode=True, diff=True)
    assert not failed, plan.get("msg")
    assert plan["changed"] is False, plan.get("diff")
    assert [call[0] for call in calls(emulator)] == ["GET"] * 5
    return plan


def test_a_queue_named_like_another_queues_sid_is_named_by_its_own_sid_and_still_round_trips(emulator, info, workspace, run_on_emulator):
    everyone = sid_of(emulator.task_queues, workspace, "Everyone")
    decoy = sid_of(emulator.task_queues, workspace, "Escalations")
    emulator.patch_task_queue(decoy, dict(friendly_name=everyone))
    emulator.patch_workflow(sid_of(emulator.workflows, workspace, "Escalate"), dict(configuration=json.dumps(routing([("All", "1==1", [decoy])], everyone))))
    failed, exported = info(dict(workspace=WORKSPACE, output="declaration", mask_url_passwords=False))
    assert not failed, exported.get("msg")
    escalate = next(entry for entry in exported["taskrouter"]["workflows"] if entry["friendly_name"] == "Escalate")
    # The decoy, named after Everyone's SID, shows as its own SID; Everyone shows as its name.
    assert escalate["configuration"] == routing([("All", "1==1", [decoy])], "Everyone")
    assert any(decoy in warning and "shaped like a SID" in warning for warning in exported["warnings"])
    plan_back(emulator, run_on_emulator, exported["taskrouter"])
    # Declared by hand, the value is both one queue's SID and the other's name: an error, not a guess.
    failed, result = run_on_emulator(
        taskrouter.main, dict(workspace=workspace, workflows=[dict(friendly_name="Escalate", configuration=routing([], everyone))])
    )
    assert failed and "is both the SID of the task queue 'Everyone' and the name of another task queue" in result["workflows"][0]["error"]["message"]


def test_an_activity_named_like_a_sid_that_no_activity_has_is_found_by_that_name_and_round_trips(emulator, info, workspace, run_on_emulator):
    shaped = "WA" + "0" * 32
    lunch = sid_of(emulator.activities, workspace, "Lunch")
    emulator.patch_activity(lunch, dict(friendly_name=shaped))
    failed, result = run_on_emulator(taskrouter.main, dict(workspace=workspace, task_queues=[dict(friendly_name="Sales", reservation_activity=shaped)]))
    assert not failed, result.get("msg")
    assert emulator.task_queues[sid_of(emulator.task_queues, workspace, "Sales")]["reservation_activity_sid"] == lunch
    failed, exported = info(dict(workspace=WORKSPACE, output="declaration", mask_url_passwords=False))
    assert not failed, exported.get("msg")
    sales = next(entry for entry in exported["taskrouter"]["task_queues"] if entry["friendly_name"] == "Sales")
    assert sales["reservation_activity"] == lunch
    plan_back(emulator, run_on_emulator, exported["taskrouter"])


HOSTILE_NAMES = ["{{ lookup('pipe', 'id') }}", "Support\n", "Pause café ☕", "{% raw %}x{% endraw %}", "{# c #}"]


def test_hostile_names_are_exported_as_they_are_and_round_trip(emulator, info, run_on_emulator):
    sid = emulator.seed_taskrouter_workspace(WORKSPACE)
    activities = [dict(friendly_name=name, available=False) for name in HOSTILE_NAMES]
    queues = [dict(friendly_name=name, target_workers="1==1", reservation_activity=name) for name in HOSTILE_NAMES]
    workflows = [dict(friendly_name=name, configuration=routing([(name, "1==1", [name])], name)) for name in HOSTILE_NAMES]
    channels = [dict(unique_name="hostile%d" % index, friendly_name=name) for index, name in enumerate(HOSTILE_NAMES)]
    failed, result = run_on_emulator(
        taskrouter.main, dict(workspace=sid, activities=activities, task_channels=channels, task_queues=queues, workflows=workflows)
    )
    assert not failed, result.get("msg")
    failed, exported = info(dict(workspace=sid, output="declaration"))
    assert not failed, exported.get("msg")
    declared = exported["taskrouter"]
    for name in HOSTILE_NAMES:
        queue = next(entry for entry in declared["task_queues"] if entry["friendly_name"] == name)
        assert queue["reservation_activity"] == name
        workflow = next(entry for entry in declared["workflows"] if entry["friendly_name"] == name)
        assert workflow["configuration"] == routing([(name, "1==1", [name])], name)
    assert sorted(entry["friendly_name"] for entry in declared["task_channels"] if entry["unique_name"].startswith("hostile")) == sorted(HOSTILE_NAMES)
    plan_back(emulator, run_on_emulator, declared)


def test_a_workspace_by_sid_whose_name_is_shared_is_declared_by_its_sid_with_a_warning(emulator, info):
    sids = [emulator.seed_taskrouter_workspace(WORKSPACE) for _copy in range(2)]
    emulator.clear_log()
    failed, result = info(dict(workspace=sids[1], output="declaration"))
    assert not failed, result.get("msg")
    assert result["taskrouter"]["workspace"] == sids[1]
    assert result["warnings"] == ["The workspace %s keeps its SID in the declaration: 2 workspaces are named %r" % (sids[1], WORKSPACE)]
    assert [call[0] for call in calls(emulator)] == ["GET"] * 6


def test_the_declaration_masks_a_url_password_unless_asked_for_the_exact_values(info, workspace):
    failed, result = info(dict(workspace=WORKSPACE, output="declaration"))
    assert not failed, result.get("msg")
    assert result["taskrouter"]["settings"]["event_callback_url"] == "https://user:********@example.com/taskrouter-events"


def test_a_configuration_that_is_not_json_is_left_out_of_its_entry_with_a_warning_and_still_round_trips(emulator, info, workspace, run_on_emulator):
    broken = next(sid for sid, item in emulator.workflows.items() if item["friendly_name"] == "Assign to Anyone")
    emulator.patch_workflow(broken, dict(configuration='{"task_routing": '))
    failed, exported = info(dict(workspace=WORKSPACE, output="declaration", mask_url_passwords=False))
    assert not failed, exported.get("msg")
    entry = next(entry for entry in exported["taskrouter"]["workflows"] if entry["friendly_name"] == "Assign to Anyone")
    assert "configuration" not in entry and entry["task_reservation_timeout"]
    assert any(broken in warning and "not valid JSON" in warning for warning in exported["warnings"])
    emulator.clear_log()
    failed, plan = run_on_emulator(taskrouter.main, dict(exported["taskrouter"], prune=list(KINDS)), check_mode=True)
    assert not failed, plan.get("msg")
    assert plan["changed"] is False and [call[0] for call in calls(emulator)] == ["GET"] * 5
