# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The flow_migration_report action: a run that was to migrate flows and migrated none says so, and why."""

from __future__ import annotations

from unittest import mock

import pytest

from ansible_collections.twilio.flex.plugins.action.flow_migration_report import ActionModule
from ansible_collections.twilio.flex.plugins.plugin_utils._migration import migration_plan

IS = "IS" + "0" * 32
SID_A, SID_B, SID_C, SID_D = ("FO" + digit * 32 for digit in "abcd")


def flow(sid, friendly_name, contact_identity):
    return dict(
        sid=sid,
        friendly_name=friendly_name,
        chat_service_sid=IS,
        channel_type="sms",
        contact_identity=contact_identity,
        enabled=True,
        integration_type="studio",
        integration=dict(flow_sid="FW" + "1" * 32),
    )


# A flow whose address exists, two flows with one contact identity, and one that can move.
ACCOUNT = [
    flow(SID_A, "Taken", "+15555550100"),
    flow(SID_B, "Twin", "+15555550101"),
    flow(SID_C, "Twin copy", "+15555550101"),
    flow(SID_D, "Free", "+15555550102"),
]
ADDRESSES = [dict(sid="IG" + "1" * 32, address="+15555550100", type="sms")]


def run_action(**args):
    task = mock.MagicMock(args=args, check_mode=False, async_val=0, action="twilio.flex.flow_migration_report")
    connection = mock.MagicMock()
    connection._shell.tmpdir = None
    action = ActionModule(task, connection, play_context=mock.MagicMock(), loader=None, templar=None, shared_loader_obj=None)
    return action.run(task_vars={})


def test_an_apply_where_every_named_flow_is_skipped_warns_that_nothing_was_migrated_and_why():
    plan = migration_plan(ACCOUNT, ADDRESSES, names=["Taken", "Twin"])
    assert plan["planned_sids"] == []
    result = run_action(plan=plan, outcomes=[], applied=True)
    assert not result.get("failed") and len(result["warnings"]) == 1
    warning = result["warnings"][0]
    assert warning.startswith("Nothing was migrated: every flow named was skipped.")
    # Each flow with its reason, as the report holds it.
    for item in result["report"]["flows"]:
        assert "%s %s: %s" % (item["sid"], item["friendly_name"], item["reason"]) in warning
    assert "exists already" in warning and "same contact identity" in warning


def test_a_plan_only_run_or_a_run_that_migrated_warns_of_nothing():
    skipped_only = migration_plan(ACCOUNT, ADDRESSES, names=["Taken"])
    assert "warnings" not in run_action(plan=skipped_only, outcomes=[])
    assert "warnings" not in run_action(plan=skipped_only, outcomes=[], applied=False)
    with_a_planned_flow = migration_plan(ACCOUNT, ADDRESSES, names=["Taken", "Free"])
    outcome = dict(sid=SID_D, stage="verified", migrated=True, deleted=True, address_sid="IG" + "2" * 32, verified=True, warnings=[], error=None)
    result = run_action(plan=with_a_planned_flow, outcomes=[dict(migration=outcome)], applied=True)
    assert "warnings" not in result and result["report"]["summary"]["migrated"] == 1


@pytest.mark.parametrize("applied", ["maybe", None])
def test_applied_must_be_a_boolean(applied):
    result = run_action(plan=migration_plan(ACCOUNT, ADDRESSES, names=["Taken"]), applied=applied)
    assert result["failed"] and result["msg"].startswith("applied must be a boolean")
