# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Address Configuration table and rules, and what the engine gained for them: lists as sets, case-insensitive enums, create-only fields."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ansible_collections.twilio.flex.plugins.module_utils import _conversations_address as address
from ansible_collections.twilio.flex.plugins.module_utils._client import TwilioApiError
from ansible_collections.twilio.flex.plugins.module_utils._reconcile import (
    Field,
    InvalidValueError,
    argument_spec,
    changed_paths,
    desired_state,
    form_body,
    plan_absent,
    plan_present,
    state_from_api,
)
from ansible_collections.twilio.flex.plugins.module_utils._twilio_resource import path_segment
from ansible_collections.twilio.flex.tests.flex_emulator import address_resource as emulator_address

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


def plan_address(desired, current_resource, state):
    if state == "absent":
        return plan_absent(address.CONVERSATIONS_ADDRESS, current_resource)
    return plan_present(address.CONVERSATIONS_ADDRESS, desired, current_resource)


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
        address.CONVERSATIONS_ADDRESS.check_target(desired, merged, creating)


def test_option_problems_are_all_listed():
    params = dict(sid="IG1", address_country="USA", auto_creation=dict(type="studio", webhook_url="https://x", studio_retry_count=7))
    desired = desired_state(address.FIELDS, params)
    problems = address.CONVERSATIONS_ADDRESS.option_problems(params, desired)
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


@pytest.mark.parametrize("key", ["", ".", "..", None])
def test_a_key_that_would_name_another_resource_is_refused_unsent(key):
    with pytest.raises(TwilioApiError, match="would name another resource"):
        path_segment(key)


def test_form_names_follow_the_api():
    desired = {"type": "sms", "address": "+1", "auto_creation.conversation_service_sid": IS}
    assert form_body(address.FIELDS, desired, sorted(desired)) == {"Address": "+1", "AutoCreation.ConversationServiceSid": IS, "Type": "sms"}


# An update that switches auto_creation.type, and what the module claims it leaves.
STUDIO_OPTIONS = {"auto_creation.type": "studio", "auto_creation.studio_flow_sid": FW}


def test_a_switch_from_webhook_to_studio_drops_the_webhook_keys_and_keeps_the_service():
    plan = plan_address(dict(STUDIO_OPTIONS, **{"auto_creation.studio_retry_count": 2}), CURRENT, "present")
    assert plan.merged == {
        "address": "+15555550100",
        "type": "sms",
        "friendly_name": "Support",
        "auto_creation.enabled": True,
        "auto_creation.type": "studio",
        "auto_creation.conversation_service_sid": IS,
        "auto_creation.studio_flow_sid": FW,
        "auto_creation.studio_retry_count": 2,
    }
    assert plan.predicted["auto_creation"] == {
        "enabled": True,
        "type": "studio",
        "conversation_service_sid": IS,
        "studio_flow_sid": FW,
        "studio_retry_count": 2,
    }
    assert plan.predicted["type"] == "SMS"


def test_a_key_of_the_new_type_the_task_does_not_set_is_claimed_by_neither_the_diff_nor_the_prediction():
    plan = plan_address(dict(STUDIO_OPTIONS), CURRENT, "present")
    assert "auto_creation.studio_retry_count" not in plan.merged
    assert "studio_retry_count" not in plan.predicted["auto_creation"]


def test_without_a_switch_an_update_keeps_every_key_and_the_apis_form_of_unchanged_values():
    plan = plan_address({"auto_creation.webhook_url": "https://hooks.example.com/y", "auto_creation.webhook_method": "post"}, CURRENT, "present")
    assert plan.predicted["auto_creation"] == dict(CURRENT["auto_creation"], webhook_url="https://hooks.example.com/y")
    assert plan.merged["auto_creation.webhook_filters"] == ["onMessageAdded", "onMessageUpdated"]


def test_a_create_predicts_the_webhook_method_in_the_case_the_api_answers():
    plan = plan_address(
        {
            "address": "+1",
            "type": "sms",
            "auto_creation.type": "webhook",
            "auto_creation.webhook_url": "https://x.example",
            "auto_creation.webhook_method": "post",
        },
        None,
        "present",
    )
    assert plan.predicted["auto_creation"]["webhook_method"] == "POST" and plan.form["AutoCreation.WebhookMethod"] == "post"


def auto_creation_of(auto_creation_type):
    keys = {
        "webhook": {
            "conversation_service_sid": st.just(IS),
            "webhook_url": st.sampled_from(["https://hooks.example.com/a", "https://hooks.example.com/b"]),
            "webhook_method": st.sampled_from(["GET", "POST", "get", "post"]),
            "webhook_filters": st.lists(st.sampled_from(["onMessageAdded", "onMessageUpdated", "onMessageRemoved"]), min_size=1, unique=True),
        },
        "studio": {"conversation_service_sid": st.just(IS), "studio_flow_sid": st.sampled_from([FW, "FW" + "2" * 32]), "studio_retry_count": st.integers(0, 3)},
        "default": {},
    }[auto_creation_type]
    return st.fixed_dictionaries({"type": st.just(auto_creation_type), "enabled": st.booleans()}, optional=keys)


AUTO_CREATION = st.sampled_from(["webhook", "studio", "default"]).flatmap(auto_creation_of)


def stored_address(auto_creation):
    """An address as the emulator answers it after a create with these auto_creation keys."""
    flat = desired_state(address.FIELDS, {"address": "+15555550100", "type": "sms", "friendly_name": "Support", "auto_creation": auto_creation})
    created = emulator_address.create_address(emulator_address.parse_create_form(form_body(address.FIELDS, flat, flat)), "AC" + "0" * 32)
    return emulator_address.render(created, "https://conversations.twilio.com")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(current=AUTO_CREATION, task=AUTO_CREATION)
def test_check_mode_claims_only_what_the_emulators_update_answers(current, task):
    """The module's prediction and the emulator's update are written apart: on every key the prediction claims they agree."""
    current_resource = stored_address(current)
    desired = desired_state(address.FIELDS, {"auto_creation": task})
    try:
        plan = plan_address(desired, current_resource, "present")
    except InvalidValueError:
        assume(False)
    if plan.action == "none":
        return
    stored = dict((key, current_resource[key]) for key in emulator_address.STORED_KEYS)
    answered = emulator_address.render(
        emulator_address.update_address(stored, emulator_address.parse_update_form(plan.form)), "https://conversations.twilio.com"
    )
    assert dict(plan.predicted, date_updated=None, auto_creation=None) == dict(answered, date_updated=None, auto_creation=None)
    predicted_keys = plan.predicted["auto_creation"]
    for key, value in answered["auto_creation"].items():
        # A key the prediction leaves out is one the emulator answers null: a value Twilio does not document.
        assert predicted_keys.get(key) == value if key in predicted_keys else value is None, key
    assert set(predicted_keys) <= set(answered["auto_creation"])
    assert state_from_api(address.FIELDS, answered) == plan.merged
