# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""plan_declaration as a pure function: properties over random accounts and declarations, and the immutable items."""

from __future__ import annotations

import dataclasses
import uuid

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ansible_collections.twilio.flex.plugins.module_utils._conversations_address import CONVERSATIONS_ADDRESS
from ansible_collections.twilio.flex.plugins.module_utils._declaration import (
    AppliedItem,
    PlannedItem,
    declaration_of,
    entry_argument_spec,
    plan_declaration,
    status_of,
    validate_entries,
)
from ansible_collections.twilio.flex.plugins.module_utils._flex_flow import FLEX_FLOW
from ansible_collections.twilio.flex.plugins.module_utils._reconcile import CREATE, DELETE, NONE, UPDATE, argument_spec, sid_key
from ansible_collections.twilio.flex.tests.unit.plugins.flow_data import make_flow

SPECS = dict((resource_type.label, entry_argument_spec(argument_spec(resource_type.fields))) for resource_type in (FLEX_FLOW, CONVERSATIONS_ADDRESS))
# Few names, so that accounts share names and entries meet them.
NAMES = st.sampled_from(["A", "B", "C", "a", "B "])
SID_DIGITS = st.sampled_from(["1" * 32, "2" * 32, "3" * 32, "4" * 32, "5" * 32, "6" * 32])
STUDIO = st.fixed_dictionaries({"flow_sid": st.sampled_from(["FW" + "c" * 32, "FW" + "d" * 32])}, optional={"retry_count": st.integers(0, 3)})
TASK = st.fixed_dictionaries({"workspace_sid": st.just("WS" + "e" * 32), "workflow_sid": st.just("WW" + "f" * 32)}, optional={"priority": st.integers(0, 5)})


@st.composite
def flows(draw):
    """A live account: flows with distinct SIDs, some sharing a name."""
    digits = draw(st.lists(SID_DIGITS, unique=True, max_size=5))
    account = []
    for each in digits:
        integration_type = draw(st.sampled_from(["studio", "task"]))
        integration = draw(STUDIO if integration_type == "studio" else TASK)
        account.append(
            make_flow(sid="FO" + each, friendly_name=draw(NAMES), enabled=draw(st.booleans()), integration_type=integration_type, integration=integration)
        )
    return account


@st.composite
def declarations(draw):
    """Entries by name or by SID (live or not), present with changes, absent, or ignored."""
    raw = []
    for _position in range(draw(st.integers(0, 5))):
        by_sid = draw(st.booleans())
        entry = {"sid": "FO" + draw(SID_DIGITS)} if by_sid else {"friendly_name": draw(NAMES)}
        kind = draw(st.sampled_from(["present", "present", "absent", "ignore"]))
        if kind == "absent":
            entry["state"] = "absent"
        elif kind == "ignore":
            entry["ignore"] = True
        else:
            entry.update(draw(st.fixed_dictionaries({}, optional={"enabled": st.booleans(), "friendly_name": NAMES, "integration": STUDIO})))
            if "integration" in entry:
                entry["integration_type"] = "studio"
            if not by_sid and draw(st.booleans()):
                entry.update(chat_service_sid="IS" + "b" * 32, channel_type="sms", integration_type="studio", integration=draw(STUDIO))
        raw.append(entry)
    return raw


def validated(resource_type, raw, prune, drawn=True):
    entries, problems = validate_entries(resource_type, "items", raw, SPECS[resource_type.label], prune)
    if drawn:
        assume(not problems)
    assert not problems
    return entries


def apply_predicted(items, live):
    """The account after every planned write without an error, each resource as its plan predicts it."""
    account = dict((sid_key(resource["sid"]), resource) for resource in live)
    for item in items:
        if item.error is not None or item.action == NONE:
            continue
        if item.action == DELETE:
            del account[sid_key(item.sid)]
        elif item.action == UPDATE:
            account[sid_key(item.sid)] = item.plan.predicted
        elif item.action == CREATE:
            created = dict(item.plan.predicted, sid="FO" + uuid.uuid4().hex)
            account[created["sid"]] = created
    return list(account.values())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(live=flows(), prune=st.booleans())
def test_an_account_planned_against_its_own_export_is_in_sync(live, prune):
    exported, _warnings = declaration_of(FLEX_FLOW, live)
    items = plan_declaration(FLEX_FLOW, validated(FLEX_FLOW, exported, prune), live, prune)
    assert [(item.status, item.action) for item in items] == [("in_sync", NONE)] * len(live)
    assert sorted(item.sid for item in items) == sorted(resource["sid"] for resource in live)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data(), prune=st.booleans())
def test_applying_a_plan_and_planning_again_gives_no_action(data, prune):
    live = data.draw(flows())
    entries = validated(FLEX_FLOW, data.draw(declarations()), prune)
    first = plan_declaration(FLEX_FLOW, entries, live, prune)
    # A plan with an error is not applied as a whole (its deletes are withheld); an entry in conflict may match once the
    # entry it conflicts with is applied.
    assume(all(item.error is None for item in first))
    second = plan_declaration(FLEX_FLOW, entries, apply_predicted(first, live), prune)
    assert [item.action for item in second if item.action != NONE] == []


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data(), prune=st.booleans())
def test_no_plan_deletes_a_resource_that_an_entry_declares_ignores_or_finds_ambiguous(data, prune):
    live = data.draw(flows())
    entries = validated(FLEX_FLOW, data.draw(declarations()), prune)
    kept, meant_absent = set(), set()
    for entry in entries:
        matched = [resource for resource in live if (sid_key(resource["sid"]) == entry.sid_key if entry.sid else resource["friendly_name"] == entry.name)]
        (meant_absent if entry.state == "absent" and not entry.ignore else kept).update(resource["sid"] for resource in matched)
    deleted = set(item.sid for item in plan_declaration(FLEX_FLOW, entries, live, prune) if item.action == DELETE)
    assert not deleted & (kept - meant_absent)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_without_prune_only_entries_declared_absent_delete(data):
    live = data.draw(flows())
    entries = validated(FLEX_FLOW, data.draw(declarations()), False)
    for item in plan_declaration(FLEX_FLOW, entries, live, False):
        if item.action == DELETE:
            assert item.entry is not None and item.entry.state == "absent"
        if item.entry is None:
            assert item.status == "undeclared" and item.action == NONE


def test_the_items_are_immutable_values():
    live = [make_flow(friendly_name="A", enabled=True)]
    (entry,) = validated(FLEX_FLOW, [dict(friendly_name="A", enabled=False)], False, drawn=False)
    (item,) = plan_declaration(FLEX_FLOW, [entry], live, False)
    assert isinstance(item, PlannedItem) and (item.status, item.action, item.changed_fields) == ("drifted", UPDATE, ("enabled",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.status = "in_sync"
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.name = "B"
    applied = AppliedItem.of(item)
    assert (applied.status, applied.done, applied.plan) == ("drifted", False, item.plan)


@pytest.mark.parametrize(
    "state, ignore, current, changes, error_kind, status",
    [
        ("present", False, None, (), None, "missing"),
        ("present", False, {"sid": "FO1"}, (), None, "in_sync"),
        ("present", False, {"sid": "FO1"}, ("enabled",), None, "drifted"),
        ("present", False, None, (), "not_found", "missing"),
        ("present", False, {"sid": "FO1"}, ("enabled",), "invalid", "drifted"),
        ("absent", False, None, (), None, "in_sync"),
        ("absent", False, {"sid": "FO1"}, (), None, "drifted"),
        ("absent", False, {"sid": "FO1"}, (), "contradiction", "error"),
        ("present", True, None, (), None, "ignored"),
        ("present", True, None, (), "unmatched_ignore", "error"),
        ("present", False, None, (), "ambiguous", "error"),
        ("present", False, None, (), "conflict", "error"),
    ],
)
def test_the_status_is_decided_in_one_place(state, ignore, current, changes, error_kind, status):
    (entry,) = validated(FLEX_FLOW, [dict(friendly_name="A", state=state, ignore=ignore)], False, drawn=False)
    assert status_of(entry, current, changes, error_kind) == status
    assert status_of(None, {"sid": "FO1"}, (), None) == "undeclared"


def test_addresses_planned_against_their_own_export_are_in_sync():
    live = [
        dict(
            sid="IG" + "1" * 32,
            address="+15555550100",
            type="SMS",
            friendly_name="Support",
            auto_creation=dict(enabled=True, type="webhook", webhook_url="https://x.example.com/h", webhook_method="POST", studio_retry_count=None),
        ),
        dict(sid="IG" + "2" * 32, address="+15555550101", type="whatsapp", auto_creation=dict(enabled=False, type="default", webhook_url="https://left.over/")),
    ]
    exported, warnings = declaration_of(CONVERSATIONS_ADDRESS, live)
    assert warnings == [] and [entry["address"] for entry in exported] == ["+15555550100", "+15555550101"]
    assert exported[1]["auto_creation"] == dict(enabled=False, type="default")
    items = plan_declaration(CONVERSATIONS_ADDRESS, validated(CONVERSATIONS_ADDRESS, exported, True, drawn=False), live, True)
    assert [(item.status, item.action) for item in items] == [("in_sync", NONE), ("in_sync", NONE)]


def test_each_address_item_says_its_type_live_else_declared():
    live = [dict(sid="IG" + "1" * 32, address="+15555550100", type="SMS", auto_creation=dict(enabled=True, type="default"))]
    raw = [dict(address="+15555550100", friendly_name="Support"), dict(address="+15555550199", type="whatsapp"), dict(address="+15555550198")]
    items = plan_declaration(CONVERSATIONS_ADDRESS, validated(CONVERSATIONS_ADDRESS, raw, False, drawn=False), live, False)
    assert [(item.result("address")["address"], item.result("address")["type"]) for item in items] == [
        ("+15555550100", "sms"),
        ("+15555550199", "whatsapp"),
        ("+15555550198", None),
    ]
    flows = plan_declaration(FLEX_FLOW, validated(FLEX_FLOW, [dict(friendly_name="A")], False, drawn=False), [], False)
    assert "type" not in flows[0].result("friendly_name")


@pytest.mark.parametrize("later", [dict(ignore=True), dict(enabled=False)], ids=["ignored by name", "changed by name"])
def test_a_resource_that_two_entries_declare_is_written_by_neither_when_one_keeps_it(later):
    live = [make_flow(sid="FO" + "1" * 32, friendly_name="A", enabled=True), make_flow(sid="FO" + "2" * 32, friendly_name="B", enabled=True)]
    raw = [dict(friendly_name="A", **later), dict(sid="FO" + "1" * 32, friendly_name="Renamed")]
    items = plan_declaration(FLEX_FLOW, validated(FLEX_FLOW, raw, False, drawn=False), live, False)
    by_index = dict((item.index, item) for item in items if item.index is not None)
    if later.get("ignore"):
        # The ignore entry keeps the flow unchanged: the entry by SID is not planned either.
        assert [by_index[index].error["kind"] for index in (0, 1)] == ["conflict", "conflict"]
    else:
        # The entry by SID claims first; the entry by name that would change the same flow is the one in conflict.
        assert by_index[0].error["kind"] == "conflict" and by_index[1].error is None
    assert by_index[0].sid == "FO" + "1" * 32
    assert all(item.action == NONE for item in items if item.error is not None)
