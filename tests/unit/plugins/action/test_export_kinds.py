# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The flex_flows_export action with kinds: flows and addresses read by their own info modules, on their own hosts, and
written as one inert, private declaration that the bulk modules take as it is."""

from __future__ import annotations

import json
from unittest import mock

import pytest

from ansible_collections.twilio.flex.plugins.action.flex_flows_export import ActionModule
from ansible_collections.twilio.flex.tests.unit.plugins.plugin_utils.test_inert_yaml import ansible_load

HOOK_URL = "https://hooks:hook-password-5f1e@hooks.example.com/flex"
FLOWS = [dict(friendly_name="SMS {{ x }}", chat_service_sid="IS" + "0" * 32, channel_type="sms", enabled=True)]
# What conversations_address_info answers with output=declaration (its tests cover how it makes them).
ADDRESSES = [
    dict(address="+15555550100", type="sms", auto_creation=dict(enabled=False, type="default")),
    dict(
        address="whatsapp:+15555550101",
        type="whatsapp",
        friendly_name="Sender {% raw %}",
        auto_creation=dict(enabled=True, type="webhook", webhook_url=HOOK_URL, webhook_method="post", webhook_filters=["onMessageAdded"]),
    ),
]


def run_action(args, answers=None, check_mode=False):
    """(result, the mock of _execute_module) of one run of the action; `answers` maps a module name to its result."""
    answers = answers or {
        "twilio.flex.flex_flow_info": dict(changed=False, flex_flows=FLOWS),
        "twilio.flex.conversations_address_info": dict(changed=False, conversations_addresses=ADDRESSES),
    }
    task = mock.MagicMock(args=args, check_mode=check_mode, async_val=0, action="twilio.flex.flex_flows_export")
    connection = mock.MagicMock()
    connection._shell.tmpdir = None
    action = ActionModule(task, connection, play_context=mock.MagicMock(), loader=None, templar=None, shared_loader_obj=None)
    with mock.patch.object(action, "_execute_module", side_effect=lambda module_name, **kwargs: answers[module_name]) as execute_module:
        result = action.run(task_vars={})
    return result, execute_module


def test_both_kinds_in_one_inert_file_each_from_its_own_host(tmp_path):
    path = str(tmp_path / "flex_account.yml")
    args = dict(path=path, kinds=["addresses", "flows"], base_url="http://127.0.0.1:1", conversations_base_url="http://127.0.0.1:2", auth_token="t")
    result, execute_module = run_action(args)
    assert not result.get("failed") and result["changed"] is True
    assert result["exported"] == 3 and result["exported_kinds"] == {"flows": 1, "addresses": 2}
    with open(path, encoding="utf-8") as written:
        text = written.read()
    loaded = ansible_load(text)
    assert list(loaded) == ["desired_flows", "desired_addresses"]
    assert loaded["desired_flows"] == FLOWS
    assert loaded["desired_addresses"] == ADDRESSES
    assert text.count(": !unsafe ") == 2 and "Conversations addresses" in text.split("\n", 3)[1]
    assert HOOK_URL not in json.dumps(result) and "hook-password" not in json.dumps(result)
    calls = dict((call.kwargs["module_name"], call.kwargs["module_args"]) for call in execute_module.call_args_list)
    assert calls["twilio.flex.flex_flow_info"] == dict(base_url="http://127.0.0.1:1", auth_token="t", output="declaration", mask_url_passwords=False)
    assert calls["twilio.flex.conversations_address_info"] == dict(
        base_url="http://127.0.0.1:2", auth_token="t", output="declaration", mask_url_passwords=False
    )


def test_without_a_conversations_base_url_the_address_module_uses_its_own_default(tmp_path):
    result, execute_module = run_action(dict(path=str(tmp_path / "a.yml"), kinds=["addresses"], base_url="http://127.0.0.1:1"))
    assert not result.get("failed") and result["exported_kinds"] == {"addresses": 2}
    (call,) = execute_module.call_args_list
    assert call.kwargs["module_args"] == dict(output="declaration", mask_url_passwords=False)
    assert list(ansible_load((tmp_path / "a.yml").read_text(encoding="utf-8"))) == ["desired_addresses"]


def test_a_failed_read_writes_nothing(tmp_path):
    path = tmp_path / "a.yml"
    answers = {
        "twilio.flex.flex_flow_info": dict(changed=False, flex_flows=FLOWS),
        "twilio.flex.conversations_address_info": dict(failed=True, msg="HTTP 401", status=401, code=20003),
    }
    result, _execute_module = run_action(dict(path=str(path), kinds=["flows", "addresses"]), answers)
    assert result["failed"] and result["status"] == 401 and result["msg"] == "HTTP 401"
    assert not path.exists()


@pytest.mark.parametrize("kinds", [[], ["flows", "flows"], ["numbers"], "flows,numbers", 7])
def test_kinds_are_checked_before_any_request(tmp_path, kinds):
    result, execute_module = run_action(dict(path=str(tmp_path / "a.yml"), kinds=kinds))
    assert result["failed"] and result["msg"].startswith("kinds must be a list of distinct kinds among flows, addresses")
    execute_module.assert_not_called()


def test_an_existing_file_is_never_replaced_and_nothing_is_read(tmp_path):
    path = tmp_path / "flex_account.yml"
    path.write_text("kept\n")
    result, execute_module = run_action(dict(path=str(path), kinds=["flows", "addresses"]))
    assert result["failed"] and "export_force=true for the twilio.flex.export playbook" in result["msg"]
    assert path.read_text() == "kept\n"
    execute_module.assert_not_called()
