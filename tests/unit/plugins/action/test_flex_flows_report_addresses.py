# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The flex_flows_report action with an address plan: both kinds in one report, each audited when its variable is defined."""

from __future__ import annotations

import json

import pytest

from ansible_collections.twilio.flex.tests.unit.plugins.action.test_flex_flows_report import PLAN, run_action

ADDRESS_PLAN = dict(
    changed=False,
    summary=dict(declared=1, live=2, in_sync=1, drifted=0, missing=0, undeclared=1, ignored=0, errors=0, created=0, updated=0, deleted=0),
    addresses=[
        dict(index=0, sid="IG1", address="+15555550100", type="sms", status="in_sync", action="none", changed_fields=[], before={}, after={}, error=None),
        dict(
            index=None,
            sid="IG2",
            address="whatsapp:+15555550101",
            type="whatsapp",
            status="undeclared",
            action="none",
            changed_fields=[],
            before={"auto_creation": {"webhook_url": "https://u:address-password-1@hooks.example.com/x"}},
            after={},
            error=None,
        ),
    ],
)
SKIPPED = dict(skipped=True, changed=False)


def test_both_kinds_in_one_report_and_file(tmp_path):
    path = tmp_path / "report.json"
    variables = dict(desired_flows=[], desired_addresses=[])
    result = run_action(dict(plan=PLAN, address_plan=ADDRESS_PLAN, path=str(path), undeclared_is_drift=False), task_vars=variables)
    report = result["report"]
    assert report["not_audited"] == [] and report["audit_error"] is None and report["drift_found"] is True
    assert report["addresses"]["drift_found"] is False and report["addresses"]["undeclared"] == [
        dict(sid="IG2", address="whatsapp:+15555550101", type="whatsapp")
    ]
    assert json.loads(path.read_text()) == report
    assert "address-password-1" not in path.read_text()
    assert "addresses: in sync: 1, drifted: 0, missing: 0, undeclared: 1, ignored: 0, errors: 0" in result["lines"]


def test_undeclared_addresses_are_drift_unless_told_otherwise():
    result = run_action(dict(plan=SKIPPED, address_plan=ADDRESS_PLAN), task_vars=dict(desired_addresses=[]))
    report = result["report"]
    assert report["drift_found"] is True and report["not_audited"] == ["desired_flows"]
    assert "not audited (not defined): desired_flows" in result["lines"]


@pytest.mark.parametrize("address_plan", [[], "plan", 3])
def test_an_address_plan_that_is_not_a_result_is_refused(address_plan):
    result = run_action(dict(plan=PLAN, address_plan=address_plan))
    assert result["failed"] and result["msg"].startswith("address_plan must be the registered result of a twilio.flex.conversations_addresses task")
