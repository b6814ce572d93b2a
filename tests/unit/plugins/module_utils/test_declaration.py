# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The declaration engine without HTTP: plan_declaration, the refusals before any write, and the apply over a fake API."""

from __future__ import annotations

import pytest

from ansible_collections.twilio.flex.plugins.module_utils._declaration import (
    entry_of,
    plan_declaration,
    reconcile_declaration,
    refusals,
    unique_listing,
)
from ansible_collections.twilio.flex.plugins.module_utils._flex_flow import FLEX_FLOW
from ansible_collections.twilio.flex.plugins.module_utils._reconcile import ResourceApi
from ansible_collections.twilio.flex.tests.unit.plugins.flow_data import make_flow


def entry(index, **params):
    params.setdefault("state", "present")
    params.setdefault("ignore", False)
    return entry_of(FLEX_FLOW, "flows", index, params)


class FakeFlowApi(ResourceApi):
    """Answers a fixed listing; `appeared` are flows another run created after it."""

    def __init__(self, listing, appeared=()):
        self.listing = listing
        self.appeared = dict((flow["friendly_name"], flow) for flow in appeared)
        self.writes = []

    def find(self, sid, name):
        self.writes.append(("FIND", name))
        return self.appeared.get(name)

    def list_all(self):
        return list(self.listing)

    def create(self, form):
        self.writes.append(("CREATE", form["FriendlyName"]))
        return dict(make_flow(friendly_name=form["FriendlyName"]))

    def update(self, current_resource, form):
        self.writes.append(("UPDATE", current_resource["sid"]))
        return current_resource

    def delete(self, current_resource):
        self.writes.append(("DELETE", current_resource["sid"]))


NEW = dict(friendly_name="New", chat_service_sid="IS" + "b" * 32, channel_type="sms", integration_type="studio", integration=dict(flow_sid="FW" + "c" * 32))


def test_a_sid_in_upper_case_matches_its_flow_and_the_item_carries_the_live_sid():
    flow = make_flow(friendly_name="Keep", sid="FO" + "ab" * 16)
    items = plan_declaration(FLEX_FLOW, [entry(0, sid="FO" + "AB" * 16, enabled=False)], [flow], prune=True)
    assert [(item.sid, item.status, item.action) for item in items] == [(flow["sid"], "drifted", "update")]


def test_an_unmatched_ignore_blocks_only_with_prune():
    live = [make_flow(friendly_name="Web")]
    (without_prune,) = plan_declaration(FLEX_FLOW, [entry(0, friendly_name="web", ignore=True)], live, prune=False)[:1]
    assert without_prune.status == "ignored" and not without_prune.blocking
    (with_prune,) = plan_declaration(FLEX_FLOW, [entry(0, friendly_name="web", ignore=True)], live, prune=True)[:1]
    assert with_prune.status == "error" and with_prune.blocking
    assert "Near matches (other case or spaces): 'Web' (%s)" % live[0]["sid"] in with_prune.error["message"]


@pytest.mark.parametrize(
    "live_count, deletes, max_deletes, refused",
    [
        (10, 3, None, False),  # 30 % is allowed
        (10, 4, None, True),  # more than 30 %
        (9, 8, None, False),  # fewer than 10 live flows: no default threshold
        (27, 26, None, True),
        (27, 26, 26, False),  # an explicit max_deletes replaces the default
        (27, 26, 25, True),
        (100, 30, None, False),
        (100, 31, None, True),
    ],
)
def test_the_default_deletion_threshold(live_count, deletes, max_deletes, refused):
    live = [make_flow(friendly_name="Flow %d" % number) for number in range(live_count)]
    entries = [entry(number, friendly_name="Flow %d" % number) for number in range(deletes, live_count)]
    items = plan_declaration(FLEX_FLOW, entries, live, prune=True)
    assert sum(item.action == "delete" for item in items) == deletes
    assert bool(refusals(FLEX_FLOW, items, live_count, max_deletes)) is refused


def test_a_sid_listed_twice_is_counted_once_with_a_warning():
    flow = make_flow(friendly_name="Twice")
    other = make_flow(friendly_name="Other")
    live, warnings = unique_listing(FLEX_FLOW, [flow, other, dict(flow), dict(flow, sid=flow["sid"].upper().replace("FO", "FO", 1))])
    assert [resource["sid"] for resource in live] == [flow["sid"], other["sid"]]
    assert warnings[0] == "The listing of Flex Flows answered %s more than once; it is counted once" % flow["sid"]


def test_a_duplicated_listing_is_neither_planned_nor_pruned_twice():
    keep, stray = make_flow(friendly_name="Keep"), make_flow(friendly_name="Stray")
    api = FakeFlowApi([keep, stray, dict(stray)])
    warnings = []
    result, message, _stopped = reconcile_declaration(FLEX_FLOW, api, [entry(0, friendly_name="Keep")], True, None, False, "flows", warn=warnings.append)
    assert message is None and api.writes == [("DELETE", stray["sid"])]
    assert result["summary"]["live"] == 2 and result["summary"]["undeclared"] == 1
    assert warnings == ["The listing of Flex Flows answered %s more than once; it is counted once" % stray["sid"]]


def test_a_create_that_another_run_made_meanwhile_is_not_sent_and_withholds_the_deletes():
    keep, stray = make_flow(friendly_name="Keep"), make_flow(friendly_name="Stray")
    meanwhile = make_flow(friendly_name="New")
    api = FakeFlowApi([keep, stray], appeared=[meanwhile])
    result, message, _stopped = reconcile_declaration(FLEX_FLOW, api, [entry(0, friendly_name="Keep"), entry(1, **NEW)], True, None, False, "flows")
    assert api.writes == [("FIND", "New")]
    assert "a Flex Flow named 'New' exists now (%s), though the listing did not hold it" % meanwhile["sid"] in message
    assert result["changed"] is False and result["flows"][1]["error"] is not None


def test_a_create_looks_its_name_up_once_and_check_mode_does_not():
    api = FakeFlowApi([make_flow(friendly_name="Keep")])
    reconcile_declaration(FLEX_FLOW, api, [entry(0, **NEW)], False, None, True, "flows")
    assert api.writes == []
    reconcile_declaration(FLEX_FLOW, api, [entry(0, **NEW)], False, None, False, "flows")
    assert api.writes == [("FIND", "New"), ("CREATE", "New")]
