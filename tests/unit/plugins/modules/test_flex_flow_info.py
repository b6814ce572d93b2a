# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""flex_flow_info against the emulator: what it asks for and what it returns. The paging test caps the page size the
emulator serves below the 1000 the module asks for; the region check runs with no back end, since it must send nothing."""

from __future__ import annotations

import pytest

from ansible_collections.twilio.flex.plugins.modules import flex_flow_info, flex_flows
from ansible_collections.twilio.flex.tests.unit.plugins.modules.conftest import emulator_flow, logged_requests, logged_writes, seed_emulator

FO = "FO" + "2" * 32


def test_lists_every_flow_across_pages(emulator, run_on_emulator):
    flows = seed_emulator(emulator, *[emulator_flow(friendly_name="Flow %d" % number) for number in range(7)])
    emulator.configure(max_page_size=3)
    failed, result = run_on_emulator(flex_flow_info.main, {}, check_mode=True)
    assert not failed and result["changed"] is False
    assert result["flex_flows"] == flows
    assert [call["query"].get("PageSize") for call in logged_requests(emulator)] == ["1000", "3", "3"]
    assert logged_writes(emulator) == []


def test_filters_by_exact_friendly_name(emulator, run_on_emulator):
    wanted, _other = seed_emulator(emulator, emulator_flow(friendly_name="SMS"), emulator_flow(friendly_name="SMS 2"))
    failed, result = run_on_emulator(flex_flow_info.main, dict(friendly_name="SMS"))
    assert not failed and result["flex_flows"] == [wanted]
    assert logged_requests(emulator)[0]["query"] == {"FriendlyName": "SMS", "PageSize": "1000"}


def test_one_flow_by_sid(emulator, run_on_emulator):
    emulator.put_flow(emulator_flow(sid=FO))
    failed, result = run_on_emulator(flex_flow_info.main, dict(sid=FO))
    assert not failed and [flow["sid"] for flow in result["flex_flows"]] == [FO]
    assert logged_requests(emulator) == [{"method": "GET", "path": "/v1/FlexFlows/" + FO, "query": {}, "form": {}}]


def test_missing_sid_is_an_empty_list(emulator, run_on_emulator):
    failed, result = run_on_emulator(flex_flow_info.main, dict(sid=FO))
    assert not failed and result["flex_flows"] == []


@pytest.mark.parametrize(
    "options, message",
    [
        (dict(sid="FO1"), "sid must be a Flex Flow SID"),
        (dict(sid=FO, friendly_name="x"), "mutually exclusive"),
    ],
)
def test_bad_input_fails_before_any_request(emulator, run_on_emulator, options, message):
    failed, result = run_on_emulator(flex_flow_info.main, options)
    assert failed and message in result["msg"]
    assert logged_requests(emulator) == []


def test_a_region_without_an_edge_fails_before_any_request(attempted_requests, run_module):
    # No back end: a region excludes base_url, so any request would go to Twilio's own host; none may be sent.
    failed, result = run_module(flex_flow_info.main, dict(region="de1"))
    assert failed and "region de1 needs an edge" in result["msg"]
    assert attempted_requests == []


def test_api_errors_carry_status_and_code(emulator, run_on_emulator):
    emulator.inject_fault(status=403, code=20403, message="Forbidden", method="GET", path="^/v1/FlexFlows$")
    failed, result = run_on_emulator(flex_flow_info.main, {})
    assert failed
    assert (result["status"], result["code"]) == (403, 20403)
    assert result["msg"].startswith("GET /v1/FlexFlows failed with HTTP 403: Twilio error 20403: Forbidden")


def test_declaration_output_is_a_flows_declaration(emulator, run_on_emulator):
    web = emulator_flow(
        friendly_name="Web",
        channel_type="web",
        integration_type="task",
        integration={"workspace_sid": "WS" + "1" * 32, "workflow_sid": "WW" + "1" * 32, "channel": "chat", "flow_sid": "FW" + "9" * 32},
    )
    twin_b, twin_a = emulator_flow(sid="FO" + "b" * 32, friendly_name="Twin"), emulator_flow(sid="FO" + "a" * 32, friendly_name="Twin", enabled=False)
    sms = emulator_flow(friendly_name="SMS", contact_identity="+15555550100")
    seed_emulator(emulator, web, twin_b, sms, twin_a)
    failed, result = run_on_emulator(flex_flow_info.main, dict(output="declaration"))
    assert not failed
    exported = result["flex_flows"]
    assert [(entry.get("sid"), entry["friendly_name"]) for entry in exported] == [
        (None, "SMS"),
        (twin_a["sid"], "Twin"),
        (twin_b["sid"], "Twin"),
        (None, "Web"),
    ]
    assert list(exported[0]) == [
        "friendly_name",
        "chat_service_sid",
        "channel_type",
        "contact_identity",
        "enabled",
        "integration_type",
        "integration",
        "long_lived",
        "janitor_enabled",
    ]
    assert list(exported[1])[:2] == ["sid", "friendly_name"]
    # Keys of a former integration type are left out: the entry must pass flex_flows' validation.
    assert exported[3]["integration"] == {"workspace_sid": "WS" + "1" * 32, "workflow_sid": "WW" + "1" * 32, "channel": "chat"}
    assert "contact_identity" not in exported[3] and "url" not in exported[0] and "account_sid" not in exported[0]
    assert result["warnings"] == [
        "2 Flex Flows are named 'Twin': their entries keep their SIDs, which identify them; give them distinct names to declare them by name"
    ]


def test_an_exported_account_round_trips_through_flex_flows(emulator, run_on_emulator):
    seed_emulator(
        emulator,
        emulator_flow(friendly_name="SMS", contact_identity="+15555550100", enabled=False),
        emulator_flow(friendly_name="Hook", integration_type="external", integration={"url": "https://hooks.example.com/x", "retry_count": 1}),
        emulator_flow(friendly_name="Twin"),
        emulator_flow(friendly_name="Twin", long_lived=True),
    )
    _failed, exported = run_on_emulator(flex_flow_info.main, dict(output="declaration"))
    failed, result = run_on_emulator(flex_flows.main, dict(flows=exported["flex_flows"], prune=True), check_mode=True)
    assert not failed and result["changed"] is False
    assert [item["status"] for item in result["flows"]] == ["in_sync"] * 4
