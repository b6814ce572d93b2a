# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""From a Flex Flow to a Conversations address: every channel and integration type, the plan and the report."""

from __future__ import annotations

import pytest

from ansible_collections.twilio.flex.plugins.filter.flow_to_address import FilterModule as FlowToAddress
from ansible_collections.twilio.flex.plugins.filter.migration_plan import FilterModule as MigrationPlan
from ansible_collections.twilio.flex.plugins.filter.migration_report import FilterModule as MigrationReport
from ansible_collections.twilio.flex.plugins.module_utils._conversations_address import CONVERSATIONS_ADDRESS, FIELDS
from ansible_collections.twilio.flex.plugins.module_utils._reconcile import desired_state
from ansible_collections.twilio.flex.plugins.plugin_utils._migration import flow_to_address, migration_plan, migration_report

IS = "IS" + "0" * 32
FW = "FW" + "1" * 32


def flow(**fields):
    base = dict(
        sid="FO" + "a" * 32,
        friendly_name="SMS",
        chat_service_sid=IS,
        channel_type="sms",
        contact_identity="+15555550100",
        enabled=True,
        integration_type="studio",
        integration=dict(flow_sid=FW, retry_count=2),
        long_lived=False,
        janitor_enabled=False,
    )
    base.update(fields)
    return base


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
    assert list(plan["rollback"]) == ["FO" + "a" * 32]
    assert plan["rollback"]["FO" + "a" * 32][0]["friendly_name"] == "SMS" and "sid" not in plan["rollback"]["FO" + "a" * 32][0]


def test_names_select_flows_accepting_warnings_plans_blocking_ones_and_sids_pick_a_twin():
    plan = migration_plan(ACCOUNT, ADDRESSES, names=["Task", "FO" + "f" * 32, "Nope"], accept_warnings=True)
    assert [(item["friendly_name"], item["result"]) for item in plan["flows"]] == [("Task", "planned"), ("Twin", "planned")]
    assert plan["unmatched_names"] == ["Nope"]


def test_named_flows_are_planned_in_the_order_they_were_named():
    plan = migration_plan(ACCOUNT, [], names=["FO" + "e" * 32, "Taken", "SMS"])
    assert [item["friendly_name"] for item in plan["flows"]] == ["Twin", "Taken", "SMS"]
    assert [item["friendly_name"] for item in migration_plan(ACCOUNT, [])["flows"]] == [flow["friendly_name"] for flow in ACCOUNT]


def test_the_report_records_the_outcome():
    plan = migration_plan(ACCOUNT, [], names=["SMS", "Taken", "FO" + "e" * 32])
    report = migration_report(plan, migrated=["FO" + "a" * 32], failed_sid="FO" + "c" * 32, failure="HTTP 400", stopped=True)
    assert [(item["friendly_name"], item["result"]) for item in report["flows"]] == [("SMS", "migrated"), ("Taken", "failed"), ("Twin", "skipped")]
    assert report["flows"][1]["reason"] == "HTTP 400" and report["flows"][2]["reason"].startswith("not attempted")
    assert report["summary"]["migrated"] == 1 and report["summary"]["failed"] == 1


def test_the_filters_are_registered():
    assert FlowToAddress().filters() == {"flow_to_address": flow_to_address}
    assert MigrationPlan().filters() == {"migration_plan": migration_plan}
    assert MigrationReport().filters() == {"migration_report": migration_report}
