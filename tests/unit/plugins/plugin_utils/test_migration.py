# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""From a Flex Flow to a Conversations address: every channel and integration type, the plan and the report."""

from __future__ import annotations

import pytest
from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.twilio.flex.plugins.filter.flow_to_address import FilterModule as FlowToAddress
from ansible_collections.twilio.flex.plugins.filter.migration_plan import FilterModule as MigrationPlan
from ansible_collections.twilio.flex.plugins.filter.migration_report import FilterModule as MigrationReport
from ansible_collections.twilio.flex.plugins.module_utils._conversations_address import CONVERSATIONS_ADDRESS, FIELDS
from ansible_collections.twilio.flex.plugins.module_utils._reconcile import desired_state
from ansible_collections.twilio.flex.plugins.plugin_utils._migration import flow_to_address, migration_plan, migration_report, report_lines
from ansible_collections.twilio.flex.tests.unit.plugins.flow_data import sms_flow

IS = "IS" + "0" * 32
FW = "FW" + "1" * 32


def flow(**fields):
    """flow_data's SMS flow with a sid, as a listing gives it."""
    return sms_flow(**{"sid": "FO" + "a" * 32, **fields})


def test_a_studio_sms_flow_maps_field_by_field():
    mapped = flow_to_address(flow())
    assert mapped["address"] == dict(
        address="+15555550100",
        type="sms",
        friendly_name="SMS",
        auto_creation=dict(enabled=True, conversation_service_sid=IS, type="studio", studio_flow_sid=FW, studio_retry_count=2),
    )
    assert mapped["blocking"] is False
    assert len(mapped["warnings"]) == 1 and "Incoming Conversation trigger" in mapped["warnings"][0]


@pytest.mark.parametrize("channel, address_type", [("sms", "sms"), ("whatsapp", "whatsapp"), ("facebook", "messenger")])
def test_channels_with_an_address_type(channel, address_type):
    assert flow_to_address(flow(channel_type=channel))["address"]["type"] == address_type


@pytest.mark.parametrize(
    "channel, words",
    [
        ("web", "Webchat 3, whose deployment key is made in the Flex Console"),
        ("line", "has no Conversations address type"),
        ("custom", "has no Conversations address type"),
        ("fax", "channel type 'fax' has no Conversations address type"),
    ],
)
def test_channels_without_an_address_block_and_say_why(channel, words):
    mapped = flow_to_address(flow(channel_type=channel))
    assert mapped["address"] is None and mapped["blocking"] is True
    assert words in mapped["warnings"][0]


def test_an_external_integration_becomes_a_webhook_on_new_messages():
    mapped = flow_to_address(flow(integration_type="external", integration=dict(url="https://hooks.example.com/x", retry_count=1)))
    assert mapped["address"]["auto_creation"] == dict(
        enabled=True,
        conversation_service_sid=IS,
        type="webhook",
        webhook_method="post",
        webhook_filters=["onMessageAdded"],
        webhook_url="https://hooks.example.com/x",
    )
    assert mapped["blocking"] is False
    assert any("must create a Flex Interaction" in warning for warning in mapped["warnings"])
    assert any("retry_count 1 has no equivalent" in warning for warning in mapped["warnings"])


def test_a_task_integration_blocks_and_leaves_auto_creation_off():
    integration = dict(workspace_sid="WS" + "1" * 32, workflow_sid="WW" + "1" * 32, channel="sms", creation_on_message=True)
    mapped = flow_to_address(flow(integration_type="task", integration=integration))
    assert mapped["blocking"] is True
    assert mapped["address"]["auto_creation"] == dict(enabled=False, conversation_service_sid=IS, type="default")
    assert "Send to Flex widget (workflow WW" in mapped["warnings"][0]
    assert any("creation_on_message has no equivalent" in warning for warning in mapped["warnings"])


def test_what_has_no_equivalent_is_warned_not_dropped():
    warnings = flow_to_address(flow(long_lived=True, janitor_enabled=True, enabled=False))["warnings"]
    assert any("long_lived is not supported" in warning for warning in warnings)
    assert any("janitor_enabled has no equivalent" in warning for warning in warnings)


def test_no_contact_identity_means_no_address():
    mapped = flow_to_address(flow(contact_identity=None))
    assert mapped["address"] is None and mapped["blocking"] and "no contact_identity" in mapped["warnings"][0]


@pytest.mark.parametrize(
    "fields",
    [dict(), dict(integration_type="external", integration=dict(url="https://x.example.com/")), dict(channel_type="facebook", contact_identity="messenger:1")],
)
def test_every_mapped_address_passes_the_address_rules(fields):
    options = flow_to_address(flow(**fields))["address"]
    desired = desired_state(FIELDS, options)
    assert CONVERSATIONS_ADDRESS.option_problems(options, desired) == []
    CONVERSATIONS_ADDRESS.check_target(desired, desired, True)


ACCOUNT = [
    flow(),
    flow(sid="FO" + "b" * 32, friendly_name="Web", channel_type="web", contact_identity=None),
    flow(sid="FO" + "c" * 32, friendly_name="Taken", contact_identity="+15555550101"),
    flow(sid="FO" + "d" * 32, friendly_name="Task", contact_identity="+15555550102", integration_type="task", integration={}),
    flow(sid="FO" + "e" * 32, friendly_name="Twin", contact_identity="+15555550103"),
    flow(sid="FO" + "f" * 32, friendly_name="Twin", contact_identity="+15555550104"),
]
ADDRESSES = [dict(sid="IG" + "1" * 32, address="+15555550101", type="sms")]


def test_the_plan_judges_every_flow():
    plan = migration_plan(ACCOUNT, ADDRESSES)
    results = dict((item["friendly_name"] + item["sid"][-1], (item["result"], item["address_exists"], item["blocking"])) for item in plan["flows"])
    assert results == {
        "SMSa": ("planned", False, False),
        "Webb": ("skipped", False, True),
        "Takenc": ("skipped", True, False),
        "Taskd": ("skipped", False, True),
        "Twine": ("skipped", False, False),
        "Twinf": ("skipped", False, False),
    }
    assert plan["summary"] == dict(flows=6, blocking=2, address_exists=1, planned=1, migrated=0, skipped=5, failed=0)
    assert plan["planned_sids"] == ["FO" + "a" * 32]
    # The rollback entries are made from an exact read just before each delete, not from a listing.
    assert "rollback" not in plan


def test_names_select_flows_accepting_warnings_plans_blocking_ones_and_sids_pick_a_twin():
    plan = migration_plan(ACCOUNT, ADDRESSES, names=["Task", "FO" + "f" * 32, "Nope"], accept_warnings=True)
    assert [(item["friendly_name"], item["result"]) for item in plan["flows"]] == [("Task", "planned"), ("Twin", "planned")]
    assert plan["unmatched_names"] == ["Nope"]
    assert plan["planned_sids"] == ["FO" + "d" * 32, "FO" + "f" * 32]


def test_a_name_that_is_a_flows_sid_selects_that_flow_only():
    sid = "FO" + "a" * 32
    # A flow whose friendly name is another flow's SID.
    account = ACCOUNT + [flow(sid="FO" + "9" * 32, friendly_name=sid, contact_identity="+15555550199")]
    plan = migration_plan(account, [], names=[sid])
    assert [(item["sid"], item["result"]) for item in plan["flows"]] == [(sid, "planned")]
    assert plan["planned_sids"] == [sid]


def test_a_sid_in_upper_case_hex_selects_its_flow_and_picks_one_of_two_flows_named_alike():
    # The two "Twin" flows share a name: named by SID, in either case of its hex digits, the one is planned.
    twin_sid = "FO" + "f" * 32
    plan = migration_plan(ACCOUNT, ADDRESSES, names=["FO" + "A" * 32, "FO" + "F" * 32])
    assert plan["unmatched_names"] == []
    assert [(item["sid"], item["result"]) for item in plan["flows"]] == [("FO" + "a" * 32, "planned"), (twin_sid, "planned")]
    # The SID as the API answered it, for the migration to send.
    assert plan["planned_sids"] == ["FO" + "a" * 32, twin_sid]
    # An outcome that names the flow in upper case still belongs to it.
    report = migration_report(plan, [dict(migration=outcome("FO" + "A" * 32))])
    assert report["flows"][0]["result"] == "migrated"


def test_flows_with_the_same_contact_identity_block_even_with_accepted_warnings():
    account = [flow(), flow(sid="FO" + "b" * 32, friendly_name="SMS copy"), flow(sid="FO" + "c" * 32, friendly_name="Other", contact_identity="+15555550101")]
    plan = migration_plan(account, [], accept_warnings=True)
    judged = [(item["friendly_name"], item["result"], item["blocking"]) for item in plan["flows"]]
    assert judged == [("SMS", "skipped", True), ("SMS copy", "skipped", True), ("Other", "planned", False)]
    assert "FO" + "b" * 32 in plan["flows"][0]["reason"] and "FO" + "a" * 32 in plan["flows"][1]["reason"]
    assert any("routed by other flows too" in warning for warning in plan["flows"][0]["warnings"])
    assert plan["planned_sids"] == ["FO" + "c" * 32]


def test_named_flows_are_planned_in_the_order_they_were_named():
    plan = migration_plan(ACCOUNT, [], names=["FO" + "e" * 32, "Taken", "SMS"])
    assert [item["friendly_name"] for item in plan["flows"]] == ["Twin", "Taken", "SMS"]
    assert [item["friendly_name"] for item in migration_plan(ACCOUNT, [])["flows"]] == [flow["friendly_name"] for flow in ACCOUNT]


def outcome(sid, **fields):
    base = dict(sid=sid, stage="verified", migrated=True, deleted=True, address_sid="IG" + "1" * 32, verified=True, warnings=["new warning"])
    base.update(restore_command="restore %s" % sid, error=None)
    base.update(fields)
    return base


def test_the_report_records_the_outcome_of_each_flow_and_the_way_back():
    plan = migration_plan(ACCOUNT, [], names=["SMS", "Taken", "FO" + "e" * 32])
    failed = outcome("FO" + "c" * 32, stage="deleted", migrated=False, address_sid=None, verified=False, error="HTTP 400")
    # As a loop registers them: the action's result with the outcome under "migration".
    results = [dict(migration=outcome("FO" + "a" * 32), changed=True), dict(migration=failed, failed=True, msg="...")]
    report = migration_report(plan, results, report_path="/work/report.json", rollback_path="/work/rollback.yml")
    assert [(item["friendly_name"], item["result"]) for item in report["flows"]] == [("SMS", "migrated"), ("Taken", "failed"), ("Twin", "skipped")]
    assert report["flows"][0]["warnings"] == ["new warning"] and report["flows"][0]["address_sid"] == "IG" + "1" * 32
    assert report["flows"][1]["reason"] == "HTTP 400" and report["flows"][1]["stage"] == "deleted" and report["flows"][1]["deleted"] is True
    assert report["flows"][2]["reason"].startswith("not attempted")
    assert report["summary"]["migrated"] == 1 and report["summary"]["failed"] == 1
    assert report["stopped_at"] == "FO" + "c" * 32 and report["rollback_path"] == "/work/rollback.yml"
    assert report["failure"] == (
        "The migration of %s stopped after the stage deleted: HTTP 400. See the report at /work/report.json. The Flex Flow was deleted "
        "and its address was not verified. Restore the flow with: restore %s" % ("FO" + "c" * 32, "FO" + "c" * 32)
    )
    lines = report_lines(report)
    assert lines[0] == "3 flows: 0 planned, 1 migrated, 1 skipped, 1 failed" and "  warning: new warning" in lines
    assert lines[-2:] == ["report: /work/report.json", "rollback file: /work/rollback.yml"]


def test_a_stop_before_the_delete_says_the_flow_is_kept_and_names_no_rollback_file():
    plan = migration_plan(ACCOUNT, [], names=["SMS"])
    stopped = outcome("FO" + "a" * 32, stage="read", migrated=False, deleted=False, verified=False, error="an address exists")
    report = migration_report(plan, [dict(migration=stopped, failed=True)], rollback_path="/work/rollback.yml")
    assert report["failure"].endswith("an address exists. The Flex Flow was not deleted.") and report["rollback_path"] is None
    assert report["flows"][0]["restore_command"] is None


def test_a_task_that_failed_without_an_outcome_is_reported_as_unknown():
    plan = migration_plan(ACCOUNT, [], names=["SMS"])
    report = migration_report(plan, [dict(failed=True, msg="boom", ansible_loop_var="item", item="FO" + "a" * 32)])
    assert report["flows"][0]["result"] == "failed" and "Whether the Flex Flow was deleted is unknown" in report["failure"]


def test_without_outcomes_the_report_is_the_plan():
    plan = migration_plan(ACCOUNT, ADDRESSES)
    report = migration_report(plan, [])
    assert report["flows"] == plan["flows"] and report["failure"] is None and report["rollback_path"] is None


def test_the_filters_are_registered_and_their_strings_are_never_templated():
    assert set(FlowToAddress().filters()) == {"flow_to_address"}
    named = [flow(friendly_name="{{ lookup('pipe', 'id') }}", sid="FO" + "e" * 32), flow(friendly_name="{{ lookup('pipe', 'id') }}")]
    plan = MigrationPlan().filters()["migration_plan"](named, [], names=[])
    assert plan == wrap_var(migration_plan(named, []))
    report = MigrationReport().filters()["migration_report"](plan, [])
    strings = [plan["flows"][0]["reason"], report["flows"][0]["friendly_name"], FlowToAddress().filters()["flow_to_address"](named[0])["warnings"][0]]
    for text in strings:
        # ansible-core 2.18 templates a plain string again when a variable holding it is used; an unsafe one never.
        assert getattr(text, "__UNSAFE__", False) or not hasattr(wrap_var("x"), "__UNSAFE__")
