# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The flex_flows_export action: the flows of flex_flow_info written to an inert, private file, never into the result."""

from __future__ import annotations

import json
import os
import stat
from unittest import mock

import pytest

from ansible_collections.twilio.flex.plugins.action.flex_flows_export import ActionModule
from ansible_collections.twilio.flex.tests.unit.plugins.plugin_utils.test_inert_yaml import ansible_load, templated

HOOK_URL = "https://hooks:hook-password-5f1e@hooks.example.com/flex"
FLOWS = [
    dict(friendly_name="SMS", chat_service_sid="IS" + "0" * 32, channel_type="sms", enabled=True),
    dict(friendly_name="Support {{ lookup('pipe', 'touch marker') }}", channel_type="web", integration=dict(url=HOOK_URL)),
    dict(friendly_name="{% if true %}x{% endif %} {# note #}", enabled=False),
    dict(sid="FO" + "1" * 32, friendly_name="{{ lookup('env', 'TWILIO_AUTH_TOKEN') }}", long_lived=None),
]


def run_action(args, module_result=None, check_mode=False):
    """(result, the mock of _execute_module) of one run of the action."""
    task = mock.MagicMock(args=args, check_mode=check_mode, async_val=0, action="twilio.flex.flex_flows_export")
    connection = mock.MagicMock()
    connection._shell.tmpdir = None
    action = ActionModule(task, connection, play_context=mock.MagicMock(), loader=None, templar=None, shared_loader_obj=None)
    module_result = dict(changed=False, flex_flows=FLOWS) if module_result is None else module_result
    with mock.patch.object(action, "_execute_module", return_value=module_result) as execute_module:
        result = action.run(task_vars={})
    return result, execute_module


def mode_of(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_file_loads_back_exactly_and_inert_and_the_result_holds_no_value(tmp_path):
    path = str(tmp_path / "desired_flows.yml")
    result, execute_module = run_action(dict(path=path, base_url="http://127.0.0.1:1", auth_token="secret-token"))
    assert not result.get("failed") and result["changed"] is True
    assert (result["path"], result["exported"]) == (path, 4)
    with open(path, encoding="utf-8") as written:
        text = written.read()
    assert ansible_load(text) == {"desired_flows": FLOWS}
    assert text.count(": !unsafe ") == 3 and text.startswith("---\n# The Flex Flows of the account")
    assert mode_of(path) == 0o600
    # The exact values go into the file only.
    assert HOOK_URL not in json.dumps(result) and "lookup" not in json.dumps(result)
    execute_module.assert_called_once()
    call = execute_module.call_args.kwargs
    assert call["module_name"] == "twilio.flex.flex_flow_info"
    assert call["module_args"] == dict(base_url="http://127.0.0.1:1", auth_token="secret-token", output="declaration", mask_url_passwords=False)


def test_the_names_are_never_templated_when_the_file_is_used(tmp_path):
    path = str(tmp_path / "desired_flows.yml")
    run_action(dict(path=path))
    with open(path, encoding="utf-8") as written:
        loaded = ansible_load(written.read())
    assert templated(loaded) == {"desired_flows": FLOWS}


def test_a_relative_path_is_taken_from_where_ansible_playbook_started_without_pwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PWD", raising=False)
    result, _execute_module = run_action(dict(path="exports/../desired_flows.yml"))
    assert result["path"] == str(tmp_path / "desired_flows.yml") and os.path.isfile(result["path"])


def test_an_existing_file_is_replaced_only_when_forced_and_then_made_private(tmp_path):
    path = tmp_path / "desired_flows.yml"
    path.write_text("desired_flows: []\n")
    os.chmod(str(path), 0o644)
    result, execute_module = run_action(dict(path=str(path)))
    assert result["failed"] and "%s exists and is never replaced unless forced" % path in result["msg"]
    assert not execute_module.called and path.read_text() == "desired_flows: []\n"
    result, _execute_module = run_action(dict(path=str(path), force=True))
    assert not result.get("failed") and result["changed"] is True
    assert ansible_load(path.read_text()) == {"desired_flows": FLOWS} and mode_of(str(path)) == 0o600
    assert run_action(dict(path=str(path), force=True))[0]["changed"] is False


def test_check_mode_reads_and_writes_nothing(tmp_path):
    path = tmp_path / "desired_flows.yml"
    result, execute_module = run_action(dict(path=str(path)), check_mode=True)
    assert result["changed"] is True and result["exported"] == 4 and execute_module.called
    assert not path.exists()


def test_a_failed_read_fails_with_the_modules_message_and_writes_nothing(tmp_path):
    path = tmp_path / "desired_flows.yml"
    failure = dict(failed=True, msg="GET /v1/FlexFlows failed with HTTP 401", status=401, code=20003, more_info="https://www.twilio.com/docs/errors/20003")
    result, _execute_module = run_action(dict(path=str(path)), module_result=dict(failure, invocation={}, warnings=["careful"]))
    assert result["failed"] and result["msg"] == failure["msg"] and (result["status"], result["code"]) == (401, 20003)
    assert result["warnings"] == ["careful"] and "invocation" not in result
    assert not path.exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (dict(), "path must be the file to write the declaration to"),
        (dict(path=""), "path must be the file to write the declaration to"),
        (dict(path="x.yml", force="maybe"), "force must be a boolean"),
        (dict(path="x.yml", comment=["a"]), "comment must be a string"),
    ],
)
def test_bad_options_fail_before_any_request(args, message):
    result, execute_module = run_action(args)
    assert result["failed"] and message in result["msg"] and not execute_module.called


def test_unknown_options_are_refused():
    with pytest.raises(Exception, match="Invalid options for twilio.flex.flex_flows_export: output"):
        run_action(dict(path="x.yml", output="api"))
