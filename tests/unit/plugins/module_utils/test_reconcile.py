# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The pure part: normalising, comparing, validating, encoding and planning, table-driven."""

from __future__ import annotations

import pytest
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.twilio.flex.plugins.module_utils import _flex_flow as flex_flow
from ansible_collections.twilio.flex.plugins.module_utils._reconcile import (
    Field,
    InvalidValueError,
    ResourceApi,
    ResourceType,
    argument_spec,
    changed_paths,
    desired_state,
    execute,
    field_problems,
    form_body,
    identity_contradiction,
    nest,
    plan_absent,
    plan_present,
    reconcile_one,
    sid_key,
    state_from_api,
)

FIELDS = flex_flow.FIELDS
BOOL = Field("enabled", "Enabled", kind="bool")
INT = Field("integration.retry_count", "Integration.RetryCount", kind="int", minimum=0, maximum=3)
STR = Field("contact_identity", "ContactIdentity", allow_empty=True)


@pytest.mark.parametrize(
    "field, raw, normalised",
    [
        (BOOL, True, True),
        (BOOL, "true", True),
        (BOOL, "True", True),
        (BOOL, "false", False),
        (BOOL, False, False),
        (BOOL, None, None),
        (BOOL, "maybe", "maybe"),
        (INT, 30, 30),
        (INT, "30", 30),
        (INT, " 2 ", 2),
        (INT, None, None),
        (INT, "x", "x"),
        (STR, "", None),
        (STR, None, None),
        (STR, "+15555550100", "+15555550100"),
        (STR, 42, "42"),
    ],
)
def test_normalise(field, raw, normalised):
    assert field.normalise(raw) == normalised


@pytest.mark.parametrize(
    "field, value, encoded",
    [
        (BOOL, True, "true"),
        (BOOL, False, "false"),
        (INT, 0, "0"),
        (INT, 3, "3"),
        (STR, None, ""),
        (STR, "messenger:1", "messenger:1"),
    ],
)
def test_encode(field, value, encoded):
    assert field.encode(value) == encoded


SID_CASES = [
    ("chat_service_sid", "IS" + "a" * 31),
    ("chat_service_sid", "IX" + "a" * 32),
    ("chat_service_sid", "IS" + "g" * 32),
    ("chat_service_sid", "is" + "a" * 32),
    ("chat_service_sid", ""),
]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"chat_service_sid": "IS" + "a" * 31}, "chat_service_sid must be a Chat Service SID"),
        ({"chat_service_sid": "IX" + "a" * 32}, "chat_service_sid must be a Chat Service SID"),
        ({"chat_service_sid": "IS" + "g" * 32}, "chat_service_sid must be a Chat Service SID"),
        ({"chat_service_sid": ""}, "chat_service_sid must not be empty"),
        ({"friendly_name": ""}, "friendly_name must not be empty"),
        ({"integration": {"flow_sid": "FO" + "a" * 32}}, "integration.flow_sid must be a Studio Flow SID"),
        ({"integration": {"workspace_sid": "WW" + "a" * 32}}, "integration.workspace_sid must be a TaskRouter Workspace SID"),
        ({"integration": {"workflow_sid": "WS" + "a" * 32}}, "integration.workflow_sid must be a TaskRouter Workflow SID"),
        ({"integration": {"url": "example.com/hook"}}, "integration.url must be an absolute http"),
        ({"integration": {"url": "https://"}}, "integration.url must be an absolute http"),
        ({"integration": {"url": "https://example.com/a b"}}, "integration.url must be an absolute http"),
        ({"integration": {"retry_count": -1}}, "integration.retry_count must be between 0 and 3, got -1"),
        ({"integration": {"retry_count": 4}}, "integration.retry_count must be between 0 and 3, got 4"),
        ({"integration": {"timeout": 0}}, "integration.timeout must be between 1 and 1209600"),
        ({"integration": {"priority": -5}}, "integration.priority must be between 0 and 2147483647"),
        ({"integration": {"priority": 2**31}}, "integration.priority must be between 0 and 2147483647"),
        ({"integration": {"channel": ""}}, "integration.channel must not be empty"),
        ({"integration": {"channel": "c" * 65}}, "integration.channel must be at most 64 characters long"),
    ],
)
def test_field_problems_name_the_option_and_rule(params, message):
    problems = field_problems(FIELDS, params)
    assert len(problems) == 1 and message in problems[0], problems


@pytest.mark.parametrize(
    "params",
    [
        {"friendly_name": "Ünïcödé 客服 " + "x" * 2000},
        {"contact_identity": ""},
        {"chat_service_sid": "IS" + "aB" * 16},
        {"integration": {"url": "http://127.0.0.1:8080/hook?x=1", "retry_count": 0, "channel": "sms", "timeout": 1209600, "priority": 0}},
    ],
)
def test_field_problems_accept_what_twilio_accepts(params):
    assert field_problems(FIELDS, params) == []


@pytest.mark.parametrize("channel, ok", [("sms", True), ("TC" + "a" * 32, True), ("TC" + "z" * 32, False), ("tc" + "z" * 32, False)])
def test_check_channel(channel, ok):
    params = {"integration": {"channel": channel}}
    problem = flex_flow.check_channel(params)
    if ok:
        assert problem is None
    else:
        assert problem.startswith("integration.channel looks like a Task Channel SID")


def test_desired_state_keeps_only_set_options_and_normalises():
    params = {"friendly_name": "A", "enabled": None, "contact_identity": "", "integration": {"retry_count": "2", "flow_sid": None}}
    assert desired_state(FIELDS, params) == {"friendly_name": "A", "contact_identity": None, "integration.retry_count": 2}


def test_state_from_api_skips_server_managed_and_unknown_keys():
    resource = {
        "sid": "FO" + "a" * 32,
        "url": "https://x",
        "account_sid": "AC" + "a" * 32,
        "date_updated": "2026-01-01T00:00:00Z",
        "enabled": "true",
        "integration": {"flow_sid": "FW" + "a" * 32, "something_new": 1},
        "contact_identity": "",
    }
    assert state_from_api(FIELDS, resource) == {"enabled": True, "integration.flow_sid": "FW" + "a" * 32}


def test_state_from_api_tolerates_null_integration():
    assert state_from_api(FIELDS, {"integration": None, "enabled": False}) == {"enabled": False}


@pytest.mark.parametrize(
    "desired, current, changes",
    [
        ({}, {"enabled": True}, []),
        ({"enabled": True}, {"enabled": True}, []),
        ({"enabled": True}, {"enabled": False}, ["enabled"]),
        ({"enabled": True}, {}, ["enabled"]),
        ({"contact_identity": None}, {}, []),
        (
            {"integration.retry_count": 1, "friendly_name": "A"},
            {"integration.retry_count": 3, "friendly_name": "B"},
            ["friendly_name", "integration.retry_count"],
        ),
    ],
)
def test_changed_paths(desired, current, changes):
    assert changed_paths(desired, current) == changes


@pytest.mark.parametrize(
    "desired, changes, sent",
    [
        ({"enabled": True, "integration.flow_sid": "FW1"}, ["enabled"], ["enabled"]),
        ({"integration.flow_sid": "FW1", "integration.retry_count": 1}, ["integration.retry_count"], ["integration.flow_sid", "integration.retry_count"]),
        ({"integration_type": "studio", "integration.flow_sid": "FW1", "enabled": True}, ["integration_type"], ["integration.flow_sid", "integration_type"]),
    ],
)
def test_integration_paths_to_send(desired, changes, sent):
    assert flex_flow.FLEX_FLOW.paths_to_send(desired, changes) == sent


def test_form_body_uses_twilio_names_and_encodings():
    desired = {"enabled": False, "integration.retry_count": 0, "contact_identity": None, "friendly_name": "Ü"}
    assert form_body(FIELDS, desired, sorted(desired)) == {"Enabled": "false", "Integration.RetryCount": "0", "ContactIdentity": "", "FriendlyName": "Ü"}


def test_nest():
    assert nest({"a": 1, "i.x": 2, "i.y": None}) == {"a": 1, "i": {"x": 2, "y": None}}


@pytest.mark.parametrize(
    "desired, merged, creating, message",
    [
        ({}, {"friendly_name": "A", "channel_type": "sms"}, True, "creating a Flex Flow needs chat_service_sid"),
        (
            {},
            {"friendly_name": "A", "chat_service_sid": "IS", "channel_type": "sms"},
            True,
            "a new Flex Flow without integration_type (Twilio makes it studio) requires integration.flow_sid",
        ),
        ({}, {"integration_type": "external"}, False, "integration_type external requires integration.url"),
        ({}, {"integration_type": "task", "integration.workspace_sid": "WS"}, False, "integration_type task requires integration.workflow_sid"),
        (
            {"integration.retry_count": 1},
            {"integration_type": "task", "integration.workspace_sid": "WS", "integration.workflow_sid": "WW", "integration.retry_count": 1},
            False,
            "integration.retry_count does not apply to integration_type task",
        ),
        (
            {"integration.flow_sid": "FW"},
            {"integration_type": "external", "integration.url": "https://x", "integration.flow_sid": "FW"},
            False,
            "integration.flow_sid does not apply to integration_type external",
        ),
        (
            {"integration.timeout": 5},
            {"integration_type": "studio", "integration.flow_sid": "FW", "integration.timeout": 5},
            False,
            "integration.timeout does not apply to integration_type studio",
        ),
    ],
)
def test_check_target_rules(desired, merged, creating, message):
    with pytest.raises(InvalidValueError) as raised:
        flex_flow.FLEX_FLOW.check_target(desired, merged, creating)
    assert message in str(raised.value)


def test_check_target_accepts_keys_the_server_reports_but_the_task_did_not_set():
    merged = {"integration_type": "task", "integration.workspace_sid": "WS", "integration.workflow_sid": "WW", "integration.retry_count": 3}
    flex_flow.FLEX_FLOW.check_target({"integration.workspace_sid": "WS"}, merged, False)


class RecordingApi(ResourceApi):
    """I/O only: the resource's fields and rules come from flex_flow.FLEX_FLOW."""

    def __init__(self):
        self.writes = []

    def find(self, sid, name):
        raise AssertionError("no read expected")

    def list_all(self):
        raise AssertionError("no read expected")

    def create(self, form):
        self.writes.append(("create", form))
        return {"sid": "FO1", "created": True}

    def update(self, current_resource, form):
        self.writes.append(("update", form))
        return {"sid": current_resource["sid"], "updated": True}

    def delete(self, current_resource):
        self.writes.append(("delete", current_resource["sid"]))


CURRENT = {"sid": "FO1", "friendly_name": "A", "enabled": False, "integration_type": "studio", "integration": {"flow_sid": "FW1", "retry_count": 3}}


def ensure_present(api, desired, current, check_mode):
    return reconcile_one(flex_flow.FLEX_FLOW, api, desired, current, "present", check_mode)


def ensure_absent(api, current, check_mode):
    return reconcile_one(flex_flow.FLEX_FLOW, api, {}, current, "absent", check_mode)


def test_ensure_present_no_change_writes_nothing():
    api = RecordingApi()
    outcome = ensure_present(api, {"enabled": False}, CURRENT, check_mode=False)
    assert (outcome.changed, outcome.changed_fields, api.writes) == (False, [], [])
    assert outcome.resource is CURRENT


@pytest.mark.parametrize("check_mode", [True, False])
def test_ensure_present_update(check_mode):
    api = RecordingApi()
    outcome = ensure_present(api, {"enabled": True, "integration.retry_count": 1}, CURRENT, check_mode=check_mode)
    assert outcome.changed and outcome.changed_fields == ["enabled", "integration.retry_count"]
    assert outcome.before["integration"] == {"flow_sid": "FW1", "retry_count": 3}
    assert outcome.after["integration"] == {"flow_sid": "FW1", "retry_count": 1}
    if check_mode:
        assert api.writes == []
        assert outcome.resource["integration"] == {"flow_sid": "FW1", "retry_count": 1} and outcome.resource["enabled"] is True
        assert CURRENT["integration"]["retry_count"] == 3
    else:
        assert api.writes == [("update", {"Enabled": "true", "Integration.RetryCount": "1"})]
        assert outcome.resource == {"sid": "FO1", "updated": True}


@pytest.mark.parametrize("check_mode", [True, False])
def test_ensure_present_create(check_mode):
    api = RecordingApi()
    desired = {"friendly_name": "New", "chat_service_sid": "IS1", "channel_type": "sms", "integration.flow_sid": "FW1"}
    outcome = ensure_present(api, desired, None, check_mode=check_mode)
    assert outcome.changed and outcome.changed_fields == sorted(desired) and outcome.before == {}
    assert outcome.after == {"friendly_name": "New", "chat_service_sid": "IS1", "channel_type": "sms", "integration": {"flow_sid": "FW1"}}
    if check_mode:
        assert api.writes == [] and outcome.resource["integration"] == {"flow_sid": "FW1"}
    else:
        assert api.writes == [("create", {"FriendlyName": "New", "ChatServiceSid": "IS1", "ChannelType": "sms", "Integration.FlowSid": "FW1"})]


def test_ensure_absent():
    api = RecordingApi()
    assert ensure_absent(api, None, False).changed is False
    outcome = ensure_absent(api, CURRENT, True)
    assert outcome.changed and api.writes == [] and outcome.after == {} and outcome.before["friendly_name"] == "A"
    ensure_absent(api, CURRENT, False)
    assert api.writes == [("delete", "FO1")]


def test_a_plan_is_pure_and_execute_sends_exactly_its_one_write():
    plan = plan_present(flex_flow.FLEX_FLOW, {"enabled": True}, CURRENT)
    assert (plan.action, plan.changes, plan.form) == ("update", ["enabled"], {"Enabled": "true"})
    assert plan_present(flex_flow.FLEX_FLOW, {"enabled": False}, CURRENT).action == "none"
    assert plan_absent(flex_flow.FLEX_FLOW, None).action == "none"
    api = RecordingApi()
    assert execute(plan, api, check_mode=True)["enabled"] is True and api.writes == []
    execute(plan, api, check_mode=False)
    assert api.writes == [("update", {"Enabled": "true"})]


def test_a_resource_type_without_rules_sends_the_changed_paths_and_checks_its_fields():
    bare = ResourceType("Thing", [Field("name", "Name"), Field("count", "Count", kind="int", minimum=0, maximum=3)], "name")
    plan = plan_present(bare, {"count": 2}, {"sid": "X1", "name": "a", "count": 1})
    assert plan.form == {"Count": "2"}
    assert bare.option_problems({"count": 9}, {"count": 9}) == ["count must be between 0 and 3, got 9"]
    assert bare.exported_state({"count": 1}) == {"count": 1}


def test_resource_api_is_an_interface():
    with pytest.raises(TypeError):
        ResourceApi()  # pylint: disable=abstract-class-instantiated


def test_choices_declared_case_insensitive_accept_any_case_and_others_do_not():
    fields = [Field("kind", "Kind", choices=["sms", "chat"], case_insensitive=True), Field("channel", "Channel", choices=["web", "sms"])]
    spec = argument_spec(fields)
    assert list(spec["kind"]["choices"]) == ["sms", "chat"] and spec["channel"]["choices"] == ["web", "sms"]
    validated = ArgumentSpecValidator(spec).validate({"kind": "SMS", "channel": "web"})
    assert not validated.error_messages
    assert desired_state(fields, validated.validated_parameters) == {"kind": "sms", "channel": "web"}
    assert "value of kind must be one of: sms, chat, got: fax" in ArgumentSpecValidator(spec).validate({"kind": "fax"}).error_messages
    assert "value of channel must be one of: web, sms, got: SMS" in ArgumentSpecValidator(spec).validate({"channel": "SMS"}).error_messages


@pytest.mark.parametrize(
    "sid, key",
    [("FO" + "AB" * 16, "FO" + "ab" * 16), ("FO" + "ab" * 16, "FO" + "ab" * 16), (None, None)],
)
def test_sid_key_compares_the_hexadecimal_digits_without_case(sid, key):
    assert sid_key(sid) == key


def test_identity_contradiction_only_for_a_sid_with_another_name():
    flow = {"sid": "FO" + "a" * 32, "friendly_name": "A"}
    assert identity_contradiction(flex_flow.FLEX_FLOW, flow["sid"], {"friendly_name": "A"}, flow) is None
    assert identity_contradiction(flex_flow.FLEX_FLOW, flow["sid"], {}, flow) is None
    assert identity_contradiction(flex_flow.FLEX_FLOW, None, {"friendly_name": "B"}, flow) is None
    assert identity_contradiction(flex_flow.FLEX_FLOW, flow["sid"], {"friendly_name": "B"}, None) is None
    assert "has friendly_name 'A', not 'B'" in identity_contradiction(flex_flow.FLEX_FLOW, flow["sid"], {"friendly_name": "B"}, flow)
