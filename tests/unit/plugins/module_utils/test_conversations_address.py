# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Address Configuration table and rules, and what the engine gained for them: lists as sets, case-insensitive enums, create-only fields."""

from __future__ import annotations

import pytest

from ansible_collections.twilio.flex.plugins.module_utils import _conversations_address as address
from ansible_collections.twilio.flex.plugins.module_utils._reconcile import (
    Field,
    InvalidValueError,
    argument_spec,
    changed_paths,
    desired_state,
    form_body,
    plan_present,
    state_from_api,
)
from ansible_collections.twilio.flex.plugins.module_utils._twilio_resource import path_segment

IS = "IS" + "0" * 32
FW = "FW" + "1" * 32
FILTERS = Field("auto_creation.webhook_filters", "AutoCreation.WebhookFilters", kind="list")
METHOD = Field("auto_creation.webhook_method", "AutoCreation.WebhookMethod", choices=["get", "post"], case_insensitive=True)

CURRENT = {
    "sid": "IG" + "a" * 32,
    "address": "+15555550100",
    "type": "SMS",
    "friendly_name": "Support",
    "address_country": None,
    "auto_creation": {
        "enabled": True,
        "type": "webhook",
        "conversation_service_sid": IS,
        "webhook_url": "https://hooks.example.com/x",
        "webhook_method": "POST",
        "webhook_filters": ["onMessageUpdated", "onMessageAdded"],
    },
}


@pytest.mark.parametrize(
    "field, raw, normalised",
    [
        (FILTERS, ["b", "a", "b"], ["a", "b"]),
        (FILTERS, [], []),
        (FILTERS, "a", ["a"]),
        (FILTERS, None, None),
        (METHOD, "POST", "post"),
        (METHOD, "post", "post"),
        (METHOD, "", None),
    ],
)
def test_lists_are_sets_and_enums_compare_in_lower_case(field, raw, normalised):
    assert field.normalise(raw) == normalised


def test_a_list_goes_out_as_repeated_keys_and_an_empty_one_clears():
    assert FILTERS.encode(["a", "b"]) == ["a", "b"]
    assert FILTERS.encode([]) == ""
    with pytest.raises(InvalidValueError, match="must not hold empty items"):
        FILTERS.check(["a", ""])


def test_the_argument_spec_is_derived_from_the_table():
    spec = argument_spec(address.FIELDS)
    assert spec["type"] == dict(type="str", choices=address.ADDRESS_TYPES)
    auto_creation = spec["auto_creation"]
    assert auto_creation["type"] == "dict"
    assert auto_creation["options"]["webhook_filters"] == dict(type="list", elements="str")
    assert auto_creation["options"]["studio_retry_count"] == dict(type="int")
    assert all("default" not in option for option in auto_creation["options"].values())


def test_the_api_answer_compares_equal_to_the_task_that_set_it():
    desired = desired_state(
        address.FIELDS,
        dict(
            address="+15555550100",
            type="sms",
            auto_creation=dict(webhook_method="post", webhook_filters=["onMessageAdded", "onMessageUpdated"], enabled=True),
        ),
    )
    assert changed_paths(desired, state_from_api(address.FIELDS, CURRENT)) == []


def test_filters_are_sent_whole_with_the_other_auto_creation_keys_the_task_set():
    desired = {"auto_creation.webhook_filters": ["onMessageAdded"], "auto_creation.enabled": True}
    plan = plan_present(address.CONVERSATIONS_ADDRESS, desired, CURRENT)
    assert plan.changes == ["auto_creation.webhook_filters"]
    assert plan.form == {"AutoCreation.Enabled": "true", "AutoCreation.WebhookFilters": ["onMessageAdded"]}


@pytest.mark.parametrize(
    "desired, message",
    [
        ({"type": "whatsapp"}, "type can only be set when the Address Configuration is created (type is 'sms' and the task asks for 'whatsapp')"),
        ({"address": "+15555550101"}, "address can only be set when the Address Configuration is created"),
        ({"address_country": "US"}, "address_country can only be set when the Address Configuration is created"),
        ({"type": "whatsapp", "address": "whatsapp:+1"}, "address and type can only be set when"),
    ],
)
def test_create_only_fields_are_refused_on_an_existing_address_naming_the_field(desired, message):
    with pytest.raises(InvalidValueError) as raised:
        plan_present(address.CONVERSATIONS_ADDRESS, desired, CURRENT)
    assert message in str(raised.value)
    assert "delete the Address Configuration (state=absent) and create it again" in str(raised.value)


@pytest.mark.parametrize(
    "desired, merged, creating, message",
    [
        ({}, {"address": "+1"}, True, "creating an Address Configuration needs type"),
        ({}, {"type": "sms"}, True, "creating an Address Configuration needs address"),
        ({}, {"address": "+1", "type": "sms", "auto_creation.type": "studio"}, True, "auto_creation.type studio requires auto_creation.studio_flow_sid"),
        ({}, {"auto_creation.type": "webhook"}, False, "auto_creation.type webhook requires auto_creation.webhook_url"),
        (
            {"auto_creation.studio_flow_sid": FW},
            {"auto_creation.type": "webhook", "auto_creation.webhook_url": "https://x", "auto_creation.studio_flow_sid": FW},
            False,
            "auto_creation.studio_flow_sid does not apply to auto_creation.type webhook",
        ),
        (
            {"auto_creation.webhook_method": "post"},
            {"auto_creation.type": "default", "auto_creation.webhook_method": "post"},
            False,
            "auto_creation.webhook_method does not apply to auto_creation.type default",
        ),
        ({"auto_creation.studio_retry_count": 1}, {"auto_creation.studio_retry_count": 1}, False, "auto_creation.studio_retry_count needs auto_creation.type"),
    ],
)
def test_cross_field_rules(desired, merged, creating, message):
    with pytest.raises(InvalidValueError, match=message):
        address.check_target(desired, merged, creating)


def test_option_problems_are_all_listed():
    params = dict(sid="IG1", address_country="USA", auto_creation=dict(type="studio", webhook_url="https://x", studio_retry_count=7))
    desired = desired_state(address.FIELDS, params)
    problems = address.option_problems(params, desired)
    assert problems == [
        "address_country must be an ISO 3166-1 alpha-2 country code such as US, got 'USA'",
        "auto_creation.studio_retry_count must be between 0 and 3, got 7",
        "sid must be an Address Configuration SID: IG followed by 32 hexadecimal digits, got 'IG1'",
        "auto_creation.webhook_url does not apply to auto_creation.type studio (it takes auto_creation.studio_flow_sid, auto_creation.studio_retry_count)",
    ]


@pytest.mark.parametrize(
    "sid_or_address, segment",
    [("+15555550100", "%2B15555550100"), ("whatsapp:+15555550100", "whatsapp%3A%2B15555550100"), ("messenger:1/2", "messenger%3A1%2F2")],
)
def test_an_address_is_one_encoded_path_segment(sid_or_address, segment):
    assert path_segment(sid_or_address) == segment


def test_form_names_follow_the_api():
    desired = {"type": "sms", "address": "+1", "auto_creation.conversation_service_sid": IS}
    assert form_body(address.FIELDS, desired, sorted(desired)) == {"Address": "+1", "AutoCreation.ConversationServiceSid": IS, "Type": "sms"}
