# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The flex_flows_export action with the taskrouter kind: the workspace read by twilio.flex.taskrouter_info on the TaskRouter
host, the account's one workspace when none is named, and the declaration written as desired_taskrouter."""

from __future__ import annotations

import json
from unittest import mock

import pytest

from ansible_collections.twilio.flex.plugins.action.flex_flows_export import ActionModule
from ansible_collections.twilio.flex.tests.unit.plugins.plugin_utils.test_inert_yaml import ansible_load

WORKSPACE_SID = "WS" + "1" * 32
CALLBACK_URL = "https://events:event-password-9a@example.com/taskrouter"
# What taskrouter_info answers with output=declaration (its tests cover how it makes it).
DECLARATION = dict(
    workspace="Flex Task Assignment",
    settings=dict(default_activity="Offline", timeout_activity="Offline", event_callback_url=CALLBACK_URL),
    activities=[dict(friendly_name="Available", available=True), dict(friendly_name="Offline {{ x }}", available=False)],
    task_channels=[dict(unique_name="voice", friendly_name="Voice", channel_optimized_routing=False)],
    task_queues=[dict(friendly_name="Everyone", target_workers="1==1")],
    workflows=[dict(friendly_name="Assign to Anyone", configuration={"task_routing": {"default_filter": {"queue": "Everyone"}}})],
)


def run_action(args, workspaces=None, declaration=None, flows=None):
    """(result, [(module name, module arguments)] of each module call) of one run of the action; flex_flow_info answers `flows`."""
    workspaces = [dict(sid=WORKSPACE_SID, friendly_name="Flex Task Assignment")] if workspaces is None else workspaces
    answered = dict(changed=False, taskrouter=DECLARATION) if declaration is None else declaration

    def execute_module(module_name, module_args, **kwargs):
        if module_name == "twilio.flex.flex_flow_info" and flows is not None:
            return flows
        assert module_name == "twilio.flex.taskrouter_info"
        return answered if "workspace" in module_args else dict(changed=False, workspaces=workspaces)

    task = mock.MagicMock(args=args, check_mode=False, async_val=0, action="twilio.flex.flex_flows_export")
    connection = mock.MagicMock()
    connection._shell.tmpdir = None
    action = ActionModule(task, connection, play_context=mock.MagicMock(), loader=None, templar=None, shared_loader_obj=None)
    with mock.patch.object(action, "_execute_module", side_effect=execute_module) as executed:
        result = action.run(task_vars={})
    return result, [(call.kwargs["module_name"], call.kwargs["module_args"]) for call in executed.call_args_list]


def taskrouter_calls(calls):
    return [module_args for module_name, module_args in calls if module_name == "twilio.flex.taskrouter_info"]


def test_the_accounts_one_workspace_is_written_as_desired_taskrouter_from_the_taskrouter_host(tmp_path):
    path = tmp_path / "flex_account.yml"
    args = dict(path=str(path), kinds=["taskrouter", "flows"], base_url="http://127.0.0.1:1", taskrouter_base_url="http://127.0.0.1:3", auth_token="t")
    result, calls = run_action(args, flows=dict(changed=False, flex_flows=[]))
    assert not result.get("failed"), result.get("msg")
    assert result["exported_kinds"] == {"flows": 0, "taskrouter": 5} and result["exported"] == 5
    assert calls[1:] == [
        ("twilio.flex.taskrouter_info", dict(base_url="http://127.0.0.1:3", auth_token="t")),
        (
            "twilio.flex.taskrouter_info",
            # By the name the listing proved unique: the export then names it so without another lookup.
            dict(base_url="http://127.0.0.1:3", auth_token="t", workspace="Flex Task Assignment", output="declaration", mask_url_passwords=False),
        ),
    ]
    text = path.read_text(encoding="utf-8")
    loaded = ansible_load(text)
    assert list(loaded) == ["desired_flows", "desired_taskrouter"]
    assert loaded["desired_taskrouter"] == DECLARATION
    assert ": !unsafe " in text and "TaskRouter workspace" in text.split("\n", 3)[1]
    assert "event-password" not in json.dumps(result)


def test_a_named_workspace_is_read_alone_without_the_taskrouter_host_given(tmp_path):
    result, calls = run_action(dict(path=str(tmp_path / "a.yml"), kinds=["taskrouter"], base_url="http://127.0.0.1:1", taskrouter_workspace="Support"))
    assert not result.get("failed"), result.get("msg")
    assert taskrouter_calls(calls) == [dict(workspace="Support", output="declaration", mask_url_passwords=False)]


def test_an_account_with_several_workspaces_and_none_named_fails_naming_them_and_writes_nothing(tmp_path):
    path = tmp_path / "a.yml"
    result, calls = run_action(dict(path=str(path), kinds=["taskrouter"]), workspaces=[dict(sid="WS" + "1" * 32), dict(sid="WS" + "2" * 32)])
    assert result["failed"] and "has 2 TaskRouter workspaces (WS%s, WS%s)" % ("1" * 32, "2" * 32) in result["msg"]
    assert "taskrouter_workspace" in result["msg"] and len(calls) == 1
    assert not path.exists()


def test_a_failed_read_of_the_workspace_writes_nothing(tmp_path):
    path = tmp_path / "a.yml"
    failure = dict(failed=True, msg="workspace 'X' must name exactly one workspace", status=None)
    result, _calls = run_action(dict(path=str(path), kinds=["taskrouter"], taskrouter_workspace="X"), declaration=failure)
    assert result["failed"] and result["msg"] == failure["msg"]
    assert not path.exists()


@pytest.mark.parametrize("named", [None, "X"], ids=["the one workspace", "a named workspace"])
def test_credentials_that_may_not_read_taskrouter_fail_saying_how_to_export_without_it(tmp_path, named):
    path = tmp_path / "a.yml"
    forbidden = dict(failed=True, msg="GET /v1/Workspaces failed with HTTP 403: Twilio error 20003: Forbidden", status=403, code=20003)
    args = dict(path=str(path), kinds=["taskrouter"], **({"taskrouter_workspace": named} if named else {}))
    with mock.patch.object(ActionModule, "_run_info", return_value=(None, forbidden)):
        result, _calls = run_action(args)
    assert result["failed"] and result["status"] == 403
    assert result["msg"].startswith(forbidden["msg"]) and "leave taskrouter out of kinds" in result["msg"] and "export_kinds" in result["msg"]
    assert not path.exists()


def test_a_workspace_that_is_not_a_string_is_refused_before_any_request(tmp_path):
    result, calls = run_action(dict(path=str(tmp_path / "a.yml"), kinds=["taskrouter"], taskrouter_workspace=["X"]))
    assert result["failed"] and result["msg"].startswith("taskrouter_workspace must be")
    assert calls == []


def test_an_account_without_a_workspace_fails_saying_so_and_how_to_export_without_it(tmp_path):
    path = tmp_path / "a.yml"
    result, calls = run_action(dict(path=str(path), kinds=["taskrouter"]), workspaces=[])
    assert result["failed"] and result["msg"].startswith("The account has no TaskRouter workspace, so there is none to export")
    assert "export_kinds" in result["msg"] and "taskrouter_workspace" not in result["msg"]
    assert len(calls) == 1 and not path.exists()


@pytest.mark.parametrize("name", ["", None, "WS" + "2" * 32], ids=["empty", "missing", "shaped like a SID"])
def test_the_one_workspace_is_read_by_its_sid_where_its_name_cannot_find_it(tmp_path, name):
    workspace = dict(sid=WORKSPACE_SID, **({} if name is None else {"friendly_name": name}))
    result, calls = run_action(dict(path=str(tmp_path / "a.yml"), kinds=["taskrouter"]), workspaces=[workspace])
    assert not result.get("failed"), result.get("msg")
    assert taskrouter_calls(calls)[1]["workspace"] == WORKSPACE_SID
