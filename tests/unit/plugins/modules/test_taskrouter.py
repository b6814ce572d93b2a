# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""taskrouter end to end against the emulator: the exact requests of a no-op, check mode, the order of the writes, references
to what the run creates, and the failures that must stop a write."""

from __future__ import annotations

import json

import pytest

from ansible_collections.twilio.flex.plugins.modules import taskrouter
from ansible_collections.twilio.flex.tests.unit.plugins.modules.conftest import assert_check_mode_told_the_run, logged_requests

WORKSPACE = "Flex Task Assignment"
PAGE = {"PageSize": "1000"}


def flex_routing(queue="Everyone"):
    """Flex's default workflow configuration, with the queue named as a task gives it."""
    return {
        "task_routing": {
            "filters": [{"filter_friendly_name": "Everyone", "expression": "1==1", "targets": [{"queue": queue}]}],
            "default_filter": {"queue": queue},
        }
    }


# A declaration of a new Flex workspace as it is: every kind, names only.
FLEX_DECLARATION = dict(
    settings=dict(default_activity="Offline", timeout_activity="Offline"),
    activities=[
        dict(friendly_name="Offline", available=False),
        dict(friendly_name="Available", available=True),
        dict(friendly_name="Unavailable", available=False),
        dict(friendly_name="Break", available=False),
    ],
    task_channels=[dict(unique_name=name) for name in ("default", "voice", "chat", "sms", "video", "email")],
    task_queues=[dict(friendly_name="Everyone", target_workers="1==1")],
    workflows=[dict(friendly_name="Assign to Anyone", configuration=flex_routing())],
    prune=["activities", "task_channels", "task_queues", "workflows"],
)


@pytest.fixture
def workspace(emulator):
    """A workspace with Flex's defaults; the request log empty."""
    sid = emulator.seed_taskrouter_workspace(WORKSPACE)
    emulator.clear_log()
    return sid


@pytest.fixture
def run(run_on_emulator):
    def run_taskrouter(options, **kwargs):
        return run_on_emulator(taskrouter.main, dict(options, workspace=options.get("workspace", WORKSPACE)), **kwargs)

    return run_taskrouter


def calls(emulator):
    return [(call["method"], call["path"], call["query"]) for call in logged_requests(emulator)]


def writes(emulator):
    return [(call["method"], call["path"], call["form"]) for call in logged_requests(emulator) if call["method"] != "GET"]


def listings(workspace):
    return [("GET", "/v1/Workspaces/%s/%s" % (workspace, kind), PAGE) for kind in ("Activities", "TaskChannels", "TaskQueues", "Workflows")]


def by_name(items, key="friendly_name"):
    return dict((item[key], item) for item in items)


def live(emulator, workspace, kind, key="friendly_name"):
    return dict((item[key], item) for item in getattr(emulator, kind).values() if item["workspace_sid"] == workspace)


def test_a_no_op_by_name_is_five_gets(emulator, run, workspace):
    failed, result = run(FLEX_DECLARATION)
    assert not failed, result.get("msg")
    assert calls(emulator) == [("GET", "/v1/Workspaces", dict(PAGE, FriendlyName=WORKSPACE))] + listings(workspace)
    assert result["changed"] is False
    assert result["workspace"] == dict(
        sid=workspace,
        friendly_name=WORKSPACE,
        status="in_sync",
        action="none",
        changed_fields=[],
        before=dict(default_activity="Offline", timeout_activity="Offline"),
        after=dict(default_activity="Offline", timeout_activity="Offline"),
        error=None,
    )
    assert result["summary"]["activities"] == dict(
        declared=4, live=4, in_sync=4, drifted=0, missing=0, undeclared=0, ignored=0, errors=0, created=0, updated=0, deleted=0
    )
    assert [(item["unique_name"], item["status"]) for item in result["task_channels"]] == [
        (name, "in_sync") for name in ("default", "voice", "chat", "sms", "video", "email")
    ]
    assert result["workflows"][0]["before"] == {"configuration": flex_routing()}


def test_a_no_op_by_sid_is_five_gets_and_check_mode_sends_only_them(emulator, run, workspace):
    for check_mode in (False, True):
        emulator.clear_log()
        failed, result = run(dict(FLEX_DECLARATION, workspace=workspace), check_mode=check_mode)
        assert not failed, result.get("msg")
        assert calls(emulator) == [("GET", "/v1/Workspaces/%s" % workspace, {})] + listings(workspace)


def test_check_mode_sends_only_the_reads_and_shows_the_plan_by_name(emulator, run, workspace):
    declaration = dict(
        settings=dict(default_activity="Wrap Up"),
        activities=[dict(friendly_name="Wrap Up", available=False), dict(friendly_name="Unavailable", state="absent")],
        task_queues=[dict(friendly_name="Support", target_workers='routing.skills HAS "support"', reservation_activity="Wrap Up")],
        workflows=[dict(friendly_name="Assign to Support", configuration=flex_routing("Support"))],
        prune=["workflows"],
    )
    failed, result = run(declaration, check_mode=True, diff=True)
    assert not failed, result.get("msg")
    assert [call[0] for call in calls(emulator)] == ["GET"] * 5
    assert result["changed"] is True
    assert [(item["friendly_name"], item["action"]) for item in result["activities"][:2]] == [("Wrap Up", "create"), ("Unavailable", "delete")]
    assert result["task_queues"][0]["after"] == {"target_workers": 'routing.skills HAS "support"', "reservation_activity": "Wrap Up"}
    assert result["workflows"][0]["after"] == {"configuration": flex_routing("Support")}
    assert by_name(result["workflows"])["Assign to Anyone"]["action"] == "delete"
    assert result["workspace"]["action"] == "update" and result["workspace"]["after"] == {"default_activity": "Wrap Up"}
    assert result["diff"]["after"]["task_queues"] == {
        "Support": {"friendly_name": "Support", "target_workers": 'routing.skills HAS "support"', "reservation_activity": "Wrap Up"}
    }
    assert result["diff"]["after"]["settings"] == {"default_activity": "Wrap Up"}
    assert sorted(result["diff"]["before"]["workflows"]) == ["Assign to Anyone"]


def test_writes_run_in_dependency_order_with_the_created_sids_and_a_second_run_changes_nothing(emulator, run, workspace):
    before = live(emulator, workspace, "activities")
    declaration = dict(
        settings=dict(timeout_activity="Wrap Up", events_filter=["task.created", "task.canceled"]),
        activities=[dict(friendly_name="Wrap Up", available=False), dict(friendly_name="Unavailable", state="absent")],
        task_channels=[dict(unique_name="callback", friendly_name="Callback")],
        task_queues=[dict(friendly_name="Support", target_workers='routing.skills HAS "support"', reservation_activity="Wrap Up", assignment_activity="Break")],
        workflows=[dict(friendly_name="Assign to Support", task_reservation_timeout=60, configuration=flex_routing("Support"))],
        prune=["workflows"],
    )
    failed, result = run(declaration)
    assert not failed, result.get("msg")
    after = live(emulator, workspace, "activities")
    queues = live(emulator, workspace, "task_queues")
    wrap_up, support = after["Wrap Up"]["sid"], queues["Support"]["sid"]
    assert writes(emulator) == [
        ("POST", "/v1/Workspaces/%s/Activities" % workspace, {"FriendlyName": "Wrap Up", "Available": "false"}),
        ("POST", "/v1/Workspaces/%s/TaskChannels" % workspace, {"UniqueName": "callback", "FriendlyName": "Callback"}),
        (
            "POST",
            "/v1/Workspaces/%s/TaskQueues" % workspace,
            {
                "FriendlyName": "Support",
                "TargetWorkers": 'routing.skills HAS "support"',
                "ReservationActivitySid": wrap_up,
                "AssignmentActivitySid": before["Break"]["sid"],
            },
        ),
        (
            "POST",
            "/v1/Workspaces/%s/Workflows" % workspace,
            {
                "FriendlyName": "Assign to Support",
                "TaskReservationTimeout": "60",
                "Configuration": json.dumps(flex_routing(support), sort_keys=True, separators=(",", ":")),
            },
        ),
        ("POST", "/v1/Workspaces/%s" % workspace, {"TimeoutActivitySid": wrap_up, "EventsFilter": "task.canceled,task.created"}),
        ("DELETE", "/v1/Workspaces/%s/Workflows/%s" % (workspace, by_name(result["workflows"])["Assign to Anyone"]["sid"]), {}),
        ("DELETE", "/v1/Workspaces/%s/Activities/%s" % (workspace, before["Unavailable"]["sid"]), {}),
    ]
    # Each create is looked up once just before it is sent; a task channel in one listing of them.
    assert [call for call in calls(emulator) if call[0] == "GET"][5:] == [
        ("GET", "/v1/Workspaces/%s/Activities" % workspace, dict(PAGE, FriendlyName="Wrap Up")),
        ("GET", "/v1/Workspaces/%s/TaskChannels" % workspace, PAGE),
        ("GET", "/v1/Workspaces/%s/TaskQueues" % workspace, dict(PAGE, FriendlyName="Support")),
        ("GET", "/v1/Workspaces/%s/Workflows" % workspace, dict(PAGE, FriendlyName="Assign to Support")),
    ]
    assert result["changed"] is True
    assert result["task_queues"][0]["sid"] == support and result["task_queues"][0]["after"]["reservation_activity"] == "Wrap Up"
    assert "Unavailable" not in after
    emulator.clear_log()
    failed, again = run(declaration)
    assert not failed, again.get("msg")
    assert again["changed"] is False
    assert calls(emulator) == [("GET", "/v1/Workspaces", dict(PAGE, FriendlyName=WORKSPACE))] + listings(workspace)


def test_a_task_queue_update_carries_its_target_workers(emulator, run, workspace):
    everyone = live(emulator, workspace, "task_queues")["Everyone"]
    emulator.patch_task_queue(everyone["sid"], {"target_workers": "routing.skills HAS 'all'"})
    failed, result = run(dict(task_queues=[dict(friendly_name="Everyone", max_reserved_workers=2)]))
    assert not failed, result.get("msg")
    assert writes(emulator) == [
        ("POST", "/v1/Workspaces/%s/TaskQueues/%s" % (workspace, everyone["sid"]), {"MaxReservedWorkers": "2", "TargetWorkers": "routing.skills HAS 'all'"})
    ]
    # Declared and unchanged, it is still sent: the declared value.
    emulator.clear_log()
    failed, result = run(dict(task_queues=[dict(friendly_name="Everyone", target_workers="routing.skills HAS 'all'", max_reserved_workers=3)]))
    assert not failed, result.get("msg")
    assert writes(emulator) == [
        ("POST", "/v1/Workspaces/%s/TaskQueues/%s" % (workspace, everyone["sid"]), {"MaxReservedWorkers": "3", "TargetWorkers": "routing.skills HAS 'all'"})
    ]


@pytest.mark.parametrize(
    "declaration, message",
    [
        (
            dict(task_queues=[dict(friendly_name="Q", max_reserved_workers=51)]),
            "task_queues[0] (friendly_name 'Q'): max_reserved_workers must be between 1 and 50",
        ),
        (
            dict(workflows=[dict(friendly_name="W", configuration="{not json")]),
            "workflows[0] (friendly_name 'W'): configuration must be a JSON object or its JSON text",
        ),
        (dict(settings=dict(events_filter=["a,b"])), "settings: events_filter must not hold an item with a comma"),
        (
            dict(prune=["workflows"], workflows=[dict(friendly_name="W", state="absent")]),
            "prune lists workflows, which needs at least one entry of workflows with state=present or ignore=true: a declaration without one "
            "would delete every workflow of the workspace",
        ),
        (dict(prune=["queues"]), "value of prune must be one or more of"),
        (dict(workspace="WS123"), None),
    ],
)
def test_invalid_options_send_no_request(emulator, run, workspace, declaration, message):
    failed, result = run(declaration)
    assert failed
    if message:
        assert message in result["msg"]
    assert calls(emulator) == ([] if message else [("GET", "/v1/Workspaces", dict(PAGE, FriendlyName="WS123"))])


def test_a_bad_reference_fails_its_entry_without_a_write(emulator, run, workspace):
    failed, result = run(
        dict(
            task_queues=[dict(friendly_name="Support", reservation_activity="Lunch")],
            workflows=[dict(friendly_name="W", configuration=flex_routing("Support"))],
        )
    )
    assert failed
    assert writes(emulator) == []
    assert result["task_queues"][0]["error"]["message"] == (
        "reservation_activity 'Lunch' names no activity: no activity is named 'Lunch', in the declaration or in the workspace"
    )
    assert "names the task queue 'Support', whose entry (task_queues[0]) is in error" in result["workflows"][0]["error"]["message"]
    assert result["changed"] is False


def test_a_bad_reference_in_the_settings_is_the_workspace_items_error_and_sends_no_write(emulator, run, workspace):
    failed, result = run(dict(settings=dict(default_activity="Lunch", multi_task_enabled=False)))
    assert failed
    assert writes(emulator) == []
    error = result["workspace"]["error"]
    assert error["kind"] == "invalid" and error["status"] is None
    assert error["message"] == "settings: default_activity 'Lunch' names no activity: no activity is named 'Lunch', in the declaration or in the workspace"
    assert error["message"] in result["msg"]
    assert result["workspace"]["action"] == "none" and result["changed"] is False


def test_the_default_activity_is_not_deleted_unless_repointed(emulator, run, workspace):
    activities = live(emulator, workspace, "activities")
    failed, result = run(dict(activities=[dict(friendly_name="Offline", state="absent"), dict(friendly_name="Lunch")]))
    assert failed
    assert "is the workspace's default_activity, so it cannot be deleted" in result["activities"][0]["error"]["message"]
    # The other entry's create still goes; no delete is sent.
    assert [(method, path) for method, path, _form in writes(emulator)] == [("POST", "/v1/Workspaces/%s/Activities" % workspace)]
    assert "Offline" in live(emulator, workspace, "activities")
    emulator.clear_log()
    failed, result = run(
        dict(settings=dict(default_activity="Available", timeout_activity="Break"), activities=[dict(friendly_name="Offline", state="absent")])
    )
    assert not failed, result.get("msg")
    assert [(method, path) for method, path, _form in writes(emulator)] == [
        ("POST", "/v1/Workspaces/%s" % workspace),
        ("DELETE", "/v1/Workspaces/%s/Activities/%s" % (workspace, activities["Offline"]["sid"])),
    ]


def test_a_failed_create_fails_what_refers_to_it_and_withholds_deletes(emulator, run, workspace):
    emulator.inject_fault(status=400, code=20001, method="POST", path="/TaskQueues$", count=1)
    failed, result = run(
        dict(
            activities=[dict(friendly_name="Wrap Up")],
            task_queues=[dict(friendly_name="Support")],
            workflows=[dict(friendly_name="Assign to Support", configuration=flex_routing("Support"))],
            task_channels=[dict(unique_name="email", state="absent")],
        )
    )
    assert failed
    assert [(method, path.rsplit("/", 1)[-1]) for method, path, _form in writes(emulator)] == [("POST", "Activities"), ("POST", "TaskQueues")]
    assert result["task_queues"][0]["error"]["kind"] == "request"
    assert result["workflows"][0]["error"]["message"] == "not sent: 'Support' names the task queue 'Support', whose create failed or was not sent"
    assert result["task_channels"][0]["error"]["kind"] == "withheld"
    assert result["changed"] is True and result["summary"]["activities"]["created"] == 1


def test_the_failure_message_tells_the_failures_then_what_was_not_sent_then_every_write_once(emulator, run, workspace):
    emulator.inject_fault(status=400, code=20001, method="POST", path="/TaskQueues$", count=1)
    channel = live(emulator, workspace, "task_channels", key="unique_name")["email"]
    activities = live(emulator, workspace, "activities")
    failed, result = run(
        dict(
            settings=dict(multi_task_enabled=False),
            activities=[dict(friendly_name="Wrap Up"), dict(friendly_name="Break", state="absent"), dict(friendly_name="Available", available=False)],
            task_queues=[dict(friendly_name="Support")],
            task_channels=[dict(unique_name="email", state="absent")],
        )
    )
    assert failed
    created = live(emulator, workspace, "activities")["Wrap Up"]
    failures, rest = result["msg"].split(". No delete was sent", 1)
    assert failures.startswith("1 of 5 activities failed: activities[2] (friendly_name 'Available'): available can only be set when")
    assert (
        "; 1 of 2 task queues failed: task_queues[0] (friendly_name 'Support'): POST /v1/Workspaces/%s/TaskQueues failed with HTTP 400" % workspace in failures
    )
    assert "task channels" not in failures and "Written" not in failures and "Nothing was written" not in failures
    assert rest == (
        ", since an entry is in error or a create or update failed: 2 withheld (%s ('Break'), %s ('email')). "
        "Written: 2: created %s 'Wrap Up', updated %s 'Flex Task Assignment'" % (activities["Break"]["sid"], channel["sid"], created["sid"], workspace)
    )


def test_a_create_only_change_fails_before_any_write(emulator, run, workspace):
    failed, result = run(dict(activities=[dict(friendly_name="Break", available=True)], task_channels=[dict(unique_name="voice", friendly_name="Phone")]))
    assert failed
    assert result["activities"][0]["error"]["kind"] == "create_only"
    assert "delete the activity (state=absent) and create it again" in result["activities"][0]["error"]["message"]
    assert [(method, path.rsplit("/", 2)[-2]) for method, path, _form in writes(emulator)] == [("POST", "TaskChannels")]


def test_a_workspace_name_must_name_exactly_one(emulator, run, workspace):
    failed, result = run(dict(workspace="Nowhere"))
    assert failed and "must name exactly one workspace by its exact friendly_name, but none does" in result["msg"]
    assert result["workspace"] is None and result["activities"] == []


def test_a_workspace_is_taken_by_sid_only_when_it_is_one(emulator, run, workspace):
    # A friendly name of a SID's length that starts like one is a name; a SID in lower case is a SID, sent as the API spells it.
    name = "WS Support Team Production Europe1"
    named = emulator.seed_taskrouter_workspace(name)
    emulator.clear_log()
    failed, result = run(dict(workspace=name))
    assert not failed, result.get("msg")
    assert calls(emulator)[0] == ("GET", "/v1/Workspaces", dict(PAGE, FriendlyName=name))
    emulator.clear_log()
    failed, result = run(dict(workspace=named.lower()))
    assert not failed, result.get("msg")
    assert calls(emulator) == [("GET", "/v1/Workspaces/%s" % named, {})] + listings(named)


def test_an_unauthorised_write_stops_the_run(emulator, run, workspace):
    emulator.inject_fault(status=403, code=20003, method="POST", path="/Activities$", count=1)
    failed, result = run(dict(activities=[dict(friendly_name="Wrap Up")], task_queues=[dict(friendly_name="Support")]))
    assert failed and result["status"] == 403
    assert [(method, path.rsplit("/", 1)[-1]) for method, path, _form in writes(emulator)] == [("POST", "Activities")]
    assert result["task_queues"][0]["error"]["kind"] == "stopped"


def test_a_create_whose_answer_is_lost_is_adopted_not_resent(emulator, run, workspace):
    emulator.inject_fault(kind="drop_mid_response", method="POST", path="/TaskChannels$")
    failed, result = run(dict(task_channels=[dict(unique_name="callback", friendly_name="Callback")]))
    assert not failed, result.get("msg")
    created = live(emulator, workspace, "task_channels", "unique_name")["callback"]
    assert result["task_channels"][0]["sid"] == created["sid"]
    assert [method for method, _path, _query in calls(emulator)].count("POST") == 1
    assert any("the create took effect" in warning for warning in result["warnings"])


def test_listings_follow_next_page_url_as_given(emulator, run, workspace):
    emulator.configure(max_page_size=2)
    failed, result = run(dict(activities=[dict(friendly_name="Offline")]))
    assert not failed, result.get("msg")
    activity_calls = [call for call in calls(emulator) if call[1].endswith("/Activities")]
    assert len(activity_calls) == 2
    assert activity_calls[0][2] == PAGE and activity_calls[1][2] != PAGE
    assert "Page" not in activity_calls[0][2]
    assert result["summary"]["activities"]["live"] == 4


def test_the_taskrouter_base_url_comes_from_its_own_variable(emulator, run_module, workspace, monkeypatch):
    from ansible_collections.twilio.flex.tests.flex_emulator import ACCOUNT_SID, AUTH_TOKEN

    monkeypatch.setenv("TWILIO_TASKROUTER_BASE_URL", emulator.base_url)
    monkeypatch.setenv("TWILIO_FLEX_BASE_URL", "http://127.0.0.1:9")
    failed, result = run_module(taskrouter.main, dict(workspace=workspace, account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN), check_mode=True, credentials=False)
    assert not failed, result.get("msg")
    assert calls(emulator) == [("GET", "/v1/Workspaces/%s" % workspace, {})] + listings(workspace)


def test_an_ambiguous_name_is_an_error_and_neither_item_is_pruned(emulator, run, workspace):
    emulator.put_task_queue(dict(workspace_sid=workspace, friendly_name="Everyone", target_workers="1==1"))
    failed, result = run(dict(task_queues=[dict(friendly_name="Everyone", max_reserved_workers=2)], prune=["task_queues"]))
    assert failed
    assert result["task_queues"][0]["error"]["kind"] == "ambiguous"
    assert writes(emulator) == []


def test_a_queue_and_the_workflow_routing_to_it_are_deleted_workflow_first(emulator, run, workspace):
    queue = live(emulator, workspace, "task_queues")["Everyone"]
    flow = live(emulator, workspace, "workflows")["Assign to Anyone"]
    failed, result = run(dict(task_queues=[dict(friendly_name="Everyone", state="absent")], workflows=[dict(friendly_name="Assign to Anyone", state="absent")]))
    assert not failed, result.get("msg")
    assert writes(emulator) == [
        ("DELETE", "/v1/Workspaces/%s/Workflows/%s" % (workspace, flow["sid"]), {}),
        ("DELETE", "/v1/Workspaces/%s/TaskQueues/%s" % (workspace, queue["sid"]), {}),
    ]


def test_a_queue_a_kept_workflow_routes_to_is_not_deleted(emulator, run, workspace):
    failed, result = run(dict(task_queues=[dict(friendly_name="Everyone", state="absent")]))
    assert failed
    assert "is still named by the workflow 'Assign to Anyone' (configuration), which this run keeps" in result["task_queues"][0]["error"]["message"]
    assert writes(emulator) == []


def test_a_queue_a_kept_workflow_names_in_a_configuration_that_is_not_json_is_not_deleted(emulator, run, workspace):
    queue = live(emulator, workspace, "task_queues")["Everyone"]
    flow = live(emulator, workspace, "workflows")["Assign to Anyone"]
    emulator.patch_workflow(flow["sid"], {"configuration": '{"task_routing": {"default_filter": {"queue": "%s"}' % queue["sid"]})
    emulator.clear_log()
    failed, result = run(dict(task_queues=[dict(friendly_name="Everyone", state="absent")]))
    assert failed
    assert "is still named by the workflow 'Assign to Anyone' (configuration), which this run keeps" in result["task_queues"][0]["error"]["message"]
    assert writes(emulator) == []


def test_check_mode_tells_what_the_run_then_does(emulator, run, workspace):
    declaration = dict(
        settings=dict(default_activity="Wrap Up", multi_task_enabled=False),
        activities=[dict(friendly_name="Wrap Up", available=False), dict(friendly_name="Unavailable", state="absent")],
        task_channels=[dict(unique_name="voice", friendly_name="Phone")],
        task_queues=[dict(friendly_name="Support", reservation_activity="Wrap Up"), dict(friendly_name="Everyone", max_reserved_workers=3)],
        workflows=[dict(friendly_name="Assign to Anyone", configuration=flex_routing("Support"))],
    )
    _failed, planned = run(declaration, check_mode=True, diff=True)
    failed, applied = run(declaration, diff=True)
    assert not failed, applied.get("msg")
    for kind in ("activities", "task_channels", "task_queues", "workflows"):
        assert_check_mode_told_the_run(planned, applied, kind)
    assert planned["workspace"] == applied["workspace"]
    # The diff after the run names each created item's SID, which only the run knows.
    created = dict((kind, set(item["friendly_name"] for item in applied[kind] if item["action"] == "create")) for kind in ("activities", "task_queues"))
    for kind, names in created.items():
        for name in names:
            assert applied["diff"]["after"][kind][name].pop("sid").startswith(("WA", "WQ"))
    assert planned["diff"]["after"] == applied["diff"]["after"]
    assert applied["summary"]["task_queues"]["created"] == 1 and applied["summary"]["workflows"]["updated"] == 1


def test_a_no_op_over_1000_queues_and_200_workflows_is_five_gets(emulator, run, workspace):
    activities = live(emulator, workspace, "activities")
    for number in range(999):
        emulator.put_task_queue(
            dict(workspace_sid=workspace, friendly_name="Queue %04d" % number, target_workers="1==1", reservation_activity_sid=activities["Break"]["sid"])
        )
    queues = live(emulator, workspace, "task_queues")
    for number in range(199):
        routing = flex_routing(queues["Queue %04d" % number]["sid"])
        emulator.put_workflow(dict(workspace_sid=workspace, friendly_name="Workflow %03d" % number, configuration=json.dumps(routing, indent=4)))
    emulator.clear_log()
    declaration = dict(
        task_queues=[dict(friendly_name="Queue %04d" % number, reservation_activity="Break") for number in range(999)]
        + [dict(friendly_name="Everyone", target_workers="1==1")],
        workflows=[dict(friendly_name="Workflow %03d" % number, configuration=flex_routing("Queue %04d" % number)) for number in range(199)]
        + [dict(friendly_name="Assign to Anyone", configuration=flex_routing())],
        prune=["task_queues", "workflows"],
    )
    failed, result = run(declaration)
    assert not failed, result.get("msg")
    assert result["changed"] is False
    assert (result["summary"]["task_queues"]["in_sync"], result["summary"]["workflows"]["in_sync"]) == (1000, 200)
    assert calls(emulator) == [("GET", "/v1/Workspaces", dict(PAGE, FriendlyName=WORKSPACE))] + listings(workspace)


# At the edges: names that look like SIDs, malformed answers, names shared with items that do not act, failures of the
# settings, workspaces sharing a name, retries and page links to other hosts.

RESULT_KEYS = {"changed", "summary", "workspace", "activities", "task_channels", "task_queues", "workflows"}
EARLY = dict(date_created="2030-01-01T00:00:00Z", date_updated="2030-01-01T00:00:00Z")
LATE = dict(date_created="2031-01-01T00:00:00Z", date_updated="2031-01-01T00:00:00Z")


def test_a_value_that_is_one_items_sid_and_another_items_name_is_an_error_not_a_guess(emulator, run, workspace):
    """A name shared by two activities shows as the SID; an activity whose name is that SID makes a reference by it ambiguous."""
    emulator.put_activity(dict(EARLY, workspace_sid=workspace, friendly_name="Twin", available=False))
    twin = emulator.put_activity(dict(EARLY, workspace_sid=workspace, friendly_name="Twin", available=False))
    impostor = emulator.put_activity(dict(LATE, workspace_sid=workspace, friendly_name=twin["sid"], available=False))
    emulator.clear_log()
    failed, result = run(dict(task_queues=[dict(friendly_name="Support", reservation_activity=twin["sid"])]))
    assert failed and writes(emulator) == []
    assert result["task_queues"][0]["error"]["message"] == (
        "reservation_activity %r is both the SID of the activity 'Twin' and the name of another activity: give the SID of the one meant" % twin["sid"]
    )
    # By the impostor's own SID, the reference is clear; the plan shows the impostor by its SID, which is its display value.
    failed, result = run(dict(task_queues=[dict(friendly_name="Support", reservation_activity=impostor["sid"])]), check_mode=True, diff=True)
    assert not failed, result["msg"]
    assert result["task_queues"][0]["after"]["reservation_activity"] == impostor["sid"]
    failed, result = run(dict(task_queues=[dict(friendly_name="Support", reservation_activity=impostor["sid"])]))
    assert not failed, result["msg"]
    assert writes(emulator)[-1][2]["ReservationActivitySid"] == impostor["sid"]


def test_a_listed_name_that_is_not_a_string_fails_naming_the_item_before_any_write(emulator, run, workspace):
    body = {"activities": [{"sid": "WA" + "1" * 32, "friendly_name": ["x"], "available": False}], "meta": {"next_page_url": None}}
    emulator.inject_fault(kind="body", method="GET", path="/Activities$", body=body)
    failed, result = run(dict(activities=[dict(friendly_name="Offline")]))
    assert failed and result["msg"].startswith(
        "The listing of activities answered a malformed item: item 1 of 1 has a friendly_name that is not a string (list), so nothing was planned"
    )
    assert set(result) >= RESULT_KEYS and writes(emulator) == []


def test_a_workspace_answer_without_its_sid_fails_naming_the_problem(emulator, run, workspace):
    emulator.inject_fault(kind="body", method="GET", path="/Workspaces/WS[0-9a-f]+$", body={"friendly_name": WORKSPACE})
    failed, result = run(dict(workspace=workspace))
    assert failed
    assert result["msg"].startswith("The answer for the workspace %s is malformed: it has no sid, so nothing more was read and nothing was written" % workspace)
    assert [method for method, _path, _form in writes(emulator)] == []


def test_a_name_several_items_share_is_followed_by_its_sid_in_the_diff_even_when_one_acts(emulator, run, workspace):
    first = emulator.put_task_queue(dict(workspace_sid=workspace, friendly_name="Twin", target_workers="1==1"))
    emulator.put_task_queue(dict(workspace_sid=workspace, friendly_name="Twin", target_workers="1==1"))
    emulator.clear_log()
    failed, result = run(dict(task_queues=[dict(sid=first["sid"], max_reserved_workers=2)]), check_mode=True, diff=True)
    assert not failed, result["msg"]
    assert list(result["diff"]["after"]["task_queues"]) == ["Twin [%s]" % first["sid"]]


def test_a_failed_settings_update_withholds_the_deletes(emulator, run, workspace):
    emulator.inject_fault(status=400, code=20001, method="POST", path="/Workspaces/WS[0-9a-f]+$", count=1)
    failed, result = run(dict(settings=dict(multi_task_enabled=False), activities=[dict(friendly_name="Break", state="absent")]))
    assert failed
    assert [method for method, _path, _form in writes(emulator)] == ["POST"]
    assert result["activities"][0]["error"]["kind"] == "withheld"
    assert "Break" in live(emulator, workspace, "activities")


def test_a_workspace_name_that_two_workspaces_share_is_refused(emulator, run, workspace):
    other = emulator.seed_taskrouter_workspace(WORKSPACE)
    emulator.clear_log()
    failed, result = run(dict(activities=[dict(friendly_name="Lunch")]))
    assert failed and "must name exactly one workspace by its exact friendly_name, but 2 do" in result["msg"]
    assert other in result["msg"] and workspace in result["msg"]
    assert writes(emulator) == []


def test_a_task_channel_unique_name_change_is_refused(emulator, run, workspace):
    voice = live(emulator, workspace, "task_channels", "unique_name")["voice"]
    failed, result = run(dict(task_channels=[dict(sid=voice["sid"], unique_name="phone")], activities=[dict(friendly_name="Lunch")]))
    assert failed
    assert result["task_channels"][0]["error"]["kind"] == "create_only"
    assert "delete the task channel (state=absent) and create it again" in result["task_channels"][0]["error"]["message"]
    assert [(method, path.rsplit("/", 1)[-1]) for method, path, _form in writes(emulator)] == [("POST", "Activities")]


def test_a_429_on_a_create_is_retried(emulator, run, workspace):
    emulator.inject_fault(status=429, method="POST", path="/Activities$", count=1, retry_after=0)
    failed, result = run(dict(activities=[dict(friendly_name="Lunch")]))
    assert not failed, result["msg"]
    assert [method for method, _path, _form in writes(emulator)] == ["POST", "POST"]
    assert list(live(emulator, workspace, "activities")).count("Lunch") == 1


def test_a_next_page_url_to_another_host_gets_no_request(emulator, other_host_emulator, run, workspace):
    other_host_emulator.clear_log()
    elsewhere = other_host_emulator.base_url + "/v1/Workspaces/%s/Activities?PageSize=1000&Page=1" % workspace
    emulator.inject_fault(kind="next_page_url", method="GET", path="/Activities$", location=elsewhere)
    failed, result = run(dict(activities=[dict(friendly_name="Offline")]))
    assert failed and "points elsewhere" in result["msg"]
    assert other_host_emulator.request_log == []
    assert set(result) >= RESULT_KEYS and writes(emulator) == []


def test_a_refused_plan_also_tells_the_entries_in_error(emulator, run, workspace):
    failed, result = run(
        dict(
            activities=[dict(friendly_name="Offline"), dict(friendly_name="Break", state="absent")],
            task_queues=[dict(friendly_name="Support", reservation_activity="Lunch")],
            max_deletes=0,
        )
    )
    assert failed and writes(emulator) == []
    assert result["msg"].startswith("The plan deletes 1 resource, more than max_deletes=0, so nothing was written: activity ")
    assert "1 of 2 task queues failed: " in result["msg"]
    assert "reservation_activity 'Lunch' names no activity" in result["msg"]
    assert result["msg"].count("nothing was written") == 1 and "Nothing was written" not in result["msg"]


def create_named_after_and_refer(emulator, run, sid_value, reference):
    """A run that creates an activity named `sid_value` and a queue whose reservation activity is `reference`; the log
    cleared first."""
    emulator.clear_log()
    return run(
        dict(
            activities=[dict(friendly_name=sid_value, available=False)],
            task_queues=[dict(friendly_name="Support", target_workers="1==1", reservation_activity=reference)],
        )
    )


def test_a_sid_in_either_case_that_a_create_is_named_after_is_an_error_not_a_guess(emulator, run, workspace):
    """Two activities share a name, so the first shows as its SID; an entry creates an activity named that SID. A queue
    naming the first by its SID, in upper-case hexadecimal digits, could mean either: its entry fails, and nothing is sent
    for it."""
    first = emulator.put_activity(dict(EARLY, workspace_sid=workspace, friendly_name="Twin", available=False))
    emulator.put_activity(dict(EARLY, workspace_sid=workspace, friendly_name="Twin", available=False))
    upper = first["sid"][:2] + first["sid"][2:].upper()
    failed, result = create_named_after_and_refer(emulator, run, first["sid"], upper)
    assert failed
    assert result["task_queues"][0]["error"]["message"] == (
        "reservation_activity %r is both the SID of the activity 'Twin' and the name of another activity: give the SID of the one meant" % upper
    )
    assert [(method, path.rsplit("/", 1)[-1]) for method, path, _form in writes(emulator)] == [("POST", "Activities")]


def test_a_name_shaped_like_a_sid_that_a_create_is_named_after_the_sid_of_is_an_error_not_a_guess(emulator, run, workspace):
    """An activity named like a SID shows as its own SID; an entry creates an activity named that SID. A reference by the
    first one's name would be sent as one of two SIDs: its entry fails instead."""
    shaped = "WA" + "0" * 32
    first = emulator.put_activity(dict(EARLY, workspace_sid=workspace, friendly_name=shaped, available=False))
    failed, result = create_named_after_and_refer(emulator, run, first["sid"], shaped)
    assert failed
    assert result["task_queues"][0]["error"]["message"] == (
        "reservation_activity %r names the activity %r, which an activity this task creates cannot be told from: its name is that "
        "activity's SID; give the new activity another name" % (shaped, shaped)
    )
    assert "Support" not in live(emulator, workspace, "task_queues")


def test_a_created_activity_named_like_a_sid_is_referenced_by_that_name_then_plans_no_change(emulator, run, workspace):
    name = "WA" + "ab" * 16
    declared = dict(
        activities=[dict(friendly_name=name, available=False)],
        task_queues=[dict(friendly_name="Support", target_workers="1==1", reservation_activity=name)],
    )
    failed, result = run(declared)
    assert not failed, result["msg"]
    created = live(emulator, workspace, "activities")[name]
    assert live(emulator, workspace, "task_queues")["Support"]["reservation_activity_sid"] == created["sid"]
    emulator.clear_log()
    failed, result = run(declared, check_mode=True, diff=True)
    assert not failed, result["msg"]
    assert result["changed"] is False, result["task_queues"]
    assert result["task_queues"][0]["after"] == {"target_workers": "1==1", "reservation_activity": created["sid"]}
