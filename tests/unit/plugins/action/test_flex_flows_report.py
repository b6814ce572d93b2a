# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The flex_flows_report action: the drift_report filter's report, written on the controller without a module."""

from __future__ import annotations

import json
import os
import stat
from unittest import mock

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.twilio.flex.plugins.action.flex_flows_report import ActionModule
from ansible_collections.twilio.flex.plugins.filter.drift_report import drift_report
from ansible_collections.twilio.flex.tests.unit.plugins.flow_data import drift_plan

PLAN = drift_plan()


def run_action(args, check_mode=False, task_vars=None):
    task = mock.MagicMock(args=args, check_mode=check_mode, async_val=0, action="twilio.flex.flex_flows_report")
    connection = mock.MagicMock()
    connection._shell.tmpdir = None
    action = ActionModule(task, connection, play_context=mock.MagicMock(), loader=None, templar=None, shared_loader_obj=None)
    with mock.patch.object(action, "_execute_module") as execute_module, mock.patch.object(action, "_low_level_execute_command") as command:
        result = action.run(task_vars=task_vars or {})
    # Controller only: no module process and no command.
    assert not execute_module.called and not command.called
    return result


def test_the_report_is_the_filters_and_the_file_holds_it(tmp_path):
    path = str(tmp_path / "report.json")
    result = run_action(dict(plan=PLAN, undeclared_is_drift=False, path=path))
    assert result["report"] == drift_report(PLAN, undeclared_is_drift=False)
    assert result["changed"] is True and result["path"] == path and not result.get("failed")
    with open(path, encoding="utf-8") as written:
        assert json.load(written) == result["report"]
    assert run_action(dict(plan=PLAN, undeclared_is_drift=False, path=path))["changed"] is False


def test_the_lines_for_the_console_name_what_is_not_in_sync(tmp_path):
    path = str(tmp_path / "report.json")
    assert run_action(dict(plan=PLAN, path=path))["lines"] == [
        "in sync: 1, drifted: 1, missing: 0, undeclared: 1, ignored: 0, errors: 0",
        "SMS: drifted",
        "undeclared: Stray",
        "report: %s" % path,
    ]


def test_undeclared_flows_are_drift_by_default():
    plan = dict(PLAN, flows=[flow for flow in PLAN["flows"] if flow["status"] != "drifted"])
    assert run_action(dict(plan=plan))["report"]["drift_found"] is True
    assert run_action(dict(plan=plan, undeclared_is_drift="no"))["report"]["drift_found"] is False


def test_without_a_path_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_action(dict(plan=PLAN))
    assert result["changed"] is False and "path" not in result and result["report"]["summary"] == PLAN["summary"]
    assert os.listdir(str(tmp_path)) == []


def test_check_mode_predicts_the_write_and_writes_nothing(tmp_path):
    path = str(tmp_path / "report.json")
    result = run_action(dict(plan=PLAN, path=path), check_mode=True)
    assert result["changed"] is True and result["report"]["drift_found"] is True
    assert not os.path.exists(path)


def test_a_failed_audit_makes_a_report_with_an_audit_error(tmp_path):
    path = str(tmp_path / "report.json")
    failed = dict(failed=True, msg="GET /v1/FlexFlows failed with HTTP 401", summary=dict(declared=2), flows=[])
    result = run_action(dict(plan=failed, path=path))
    assert not result.get("failed")
    assert result["report"]["audit_error"] == "The audit could not run: GET /v1/FlexFlows failed with HTTP 401"
    with open(path, encoding="utf-8") as written:
        assert json.load(written)["audit_error"] == result["report"]["audit_error"]


def test_the_path_expands_the_home_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    result = run_action(dict(plan=PLAN, path="~/report.json"))
    assert result["path"] == str(tmp_path / "report.json") and os.path.isfile(result["path"])


def test_a_relative_path_is_taken_from_where_ansible_playbook_started_without_pwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PWD", raising=False)
    result = run_action(dict(plan=PLAN, path="flex-drift-report.json"))
    assert result["path"] == str(tmp_path / "flex-drift-report.json") and os.path.isfile(result["path"])


@pytest.mark.parametrize("umask, expected", [(0o027, 0o640), (0o022, 0o644)])
def test_the_report_gets_the_mode_the_umask_allows(tmp_path, umask, expected):
    path = str(tmp_path / "report.json")
    previous = os.umask(umask)
    try:
        run_action(dict(plan=PLAN, path=path))
    finally:
        os.umask(previous)
    assert stat.S_IMODE(os.stat(path).st_mode) == expected


def test_an_undefined_declaration_variable_is_an_audit_error():
    failed = dict(failed=True, msg="The task includes an option with an undefined variable. 'desired_flows' is undefined", flows=[])
    result = run_action(dict(plan=failed, declaration_variable="desired_flows"), task_vars=dict(desired_flow=[]))
    assert result["report"]["audit_error"].startswith("desired_flows is not defined, so nothing was audited")
    result = run_action(dict(plan=PLAN, declaration_variable="desired_flows"), task_vars=dict(desired_flows=[{"friendly_name": "Web chat"}]))
    assert result["report"]["audit_error"] is None
    result = run_action(dict(plan=failed, declaration_variable="desired_flows"), task_vars=dict(desired_flows={"Web chat": {}}))
    assert result["report"]["audit_error"].startswith("desired_flows must be a list of flows")


def test_an_empty_declaration_is_audited_with_a_warning():
    empty = dict(changed=False, summary=dict(PLAN["summary"], declared=0), flows=[PLAN["flows"][2]])
    result = run_action(dict(plan=empty, declaration_variable="desired_flows"), task_vars=dict(desired_flows=[]))
    assert result["report"]["audit_error"] is None and result["report"]["drift_found"] is True
    assert result["warnings"] == ["desired_flows is empty: no flow is declared, so every flow of the account is undeclared"]


def test_an_unwritable_path_fails_the_task_with_the_report(tmp_path):
    result = run_action(dict(plan=PLAN, path=str(tmp_path / "nowhere" / "report.json")))
    assert result["failed"] is True
    assert result["msg"].startswith("Could not write the report to %s: " % (tmp_path / "nowhere" / "report.json"))
    assert result["report"]["summary"] == PLAN["summary"]


@pytest.mark.parametrize(
    "args, message",
    [
        (dict(), "plan must be the registered result of a twilio.flex.flex_flows task, a dictionary, got NoneType"),
        (dict(plan="{{ plan }}"), "plan must be the registered result of a twilio.flex.flex_flows task, a dictionary, got str"),
        (dict(plan=PLAN, undeclared_is_drift="maybe"), "undeclared_is_drift must be a boolean"),
        (dict(plan=PLAN, path=""), "path must be a file path, got ''"),
        (dict(plan=PLAN, path=["a"]), "path must be a file path, got ['a']"),
        (dict(plan=PLAN, declaration_variable=""), "declaration_variable must be the name of a variable, got ''"),
    ],
)
def test_invalid_options_fail_before_anything_is_written(args, message):
    result = run_action(args)
    assert result["failed"] is True and result["msg"].startswith(message) and "report" not in result


def test_an_unknown_option_is_refused():
    with pytest.raises(AnsibleActionFail, match="Invalid options for twilio.flex.flex_flows_report: dest"):
        run_action(dict(plan=PLAN, dest="/tmp/report.json"))
