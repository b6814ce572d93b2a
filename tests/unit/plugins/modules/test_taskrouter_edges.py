# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""twilio.flex.taskrouter against the emulator, at its edges: names that look like SIDs, malformed answers, names shared
with items that do not act, failures of the settings, workspaces sharing a name, retries and page links to other hosts."""

from __future__ import annotations

import pytest

from ansible_collections.twilio.flex.plugins.modules import taskrouter
from ansible_collections.twilio.flex.tests.unit.plugins.modules.test_taskrouter import WORKSPACE, live, writes


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
    assert result["msg"].startswith("The workspace %s was answered malformed: the answer has no sid, so nothing was read or written" % workspace)
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
