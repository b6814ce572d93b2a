# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""flex_flows end to end against the emulator: the exact requests of each kind of run, the plan, partial failures and the
guards against deleting too much. The paging test caps the page size the emulator serves, so that a few flows span several pages."""

from __future__ import annotations

import pytest

from ansible_collections.twilio.flex.plugins.modules import flex_flow, flex_flows
from ansible_collections.twilio.flex.tests.flex_emulator import ACCOUNT_SID, AUTH_TOKEN
from ansible_collections.twilio.flex.tests.unit.plugins.modules.conftest import (
    assert_check_mode_told_the_run,
    emulator_flow,
    logged_requests,
    logged_writes,
    seed_emulator,
)

IS = "IS" + "b" * 32
FW = "FW" + "c" * 32
FW_NEW = "FW" + "d" * 32
FO_GONE = "FO" + "9" * 32


def studio(name, **fields):
    entry = dict(friendly_name=name, chat_service_sid=IS, channel_type="sms", integration_type="studio", integration=dict(flow_sid=FW))
    entry.update(fields)
    return entry


def requests_sent(calls):
    return [(call["method"], call["path"]) for call in calls]


def by_name(result):
    return dict((item["friendly_name"], item) for item in result["flows"])


def test_a_no_op_over_500_flows_is_one_get(emulator, run_on_emulator):
    flows = seed_emulator(emulator, *[emulator_flow(friendly_name="Flow %03d" % number) for number in range(500)])
    declared = [dict(friendly_name=flow["friendly_name"], enabled=True, integration=dict(flow_sid=FW)) for flow in flows]
    failed, result = run_on_emulator(flex_flows.main, dict(flows=declared, prune=True))
    assert not failed and result["changed"] is False
    assert requests_sent(logged_requests(emulator)) == [("GET", "/v1/FlexFlows")]
    assert logged_requests(emulator)[0]["query"] == {"PageSize": "1000"}
    assert result["summary"]["in_sync"] == 500 and result["summary"]["live"] == 500 and result["summary"]["undeclared"] == 0


def test_the_listing_reads_every_page_whatever_the_number_of_entries(emulator, run_on_emulator):
    seed_emulator(emulator, *[emulator_flow(friendly_name="Flow %d" % number) for number in range(7)])
    emulator.configure(max_page_size=3)
    failed, result = run_on_emulator(flex_flows.main, dict(flows=[dict(friendly_name="Flow 6", enabled=True)]))
    assert not failed and result["changed"] is False
    assert requests_sent(logged_requests(emulator)) == [("GET", "/v1/FlexFlows")] * 3
    assert result["summary"] == dict(declared=1, live=7, in_sync=1, drifted=0, missing=0, undeclared=6, ignored=0, errors=0, created=0, updated=0, deleted=0)


@pytest.fixture
def account(emulator):
    """An account with one flow of each kind the plan tells apart."""
    return dict(
        (flow["friendly_name"], flow)
        for flow in seed_emulator(
            emulator,
            emulator_flow(friendly_name="In sync", enabled=True),
            emulator_flow(friendly_name="Drifted", enabled=False),
            emulator_flow(friendly_name="Legacy SMS"),
            emulator_flow(friendly_name="Web channel", channel_type="web"),
            emulator_flow(friendly_name="Stray"),
        )
    )


DECLARATION = [
    dict(friendly_name="In sync", enabled=True),
    dict(friendly_name="Drifted", enabled=True, integration=dict(flow_sid=FW_NEW)),
    studio("New SMS", contact_identity="+15555550100"),
    dict(friendly_name="Legacy SMS", state="absent"),
    dict(friendly_name="Web channel", ignore=True),
    dict(friendly_name="Never existed", state="absent"),
]


@pytest.mark.parametrize("check_mode", [True, False])
def test_the_plan_and_its_writes(emulator, run_on_emulator, account, check_mode):
    failed, result = run_on_emulator(flex_flows.main, dict(flows=DECLARATION, prune=True), check_mode=check_mode, diff=True)
    assert not failed, result["msg"] if failed else ""
    assert result["changed"] is True
    items = by_name(result)
    assert [(item["index"], item["friendly_name"], item["status"], item["action"]) for item in result["flows"]] == [
        (0, "In sync", "in_sync", "none"),
        (1, "Drifted", "drifted", "update"),
        (2, "New SMS", "missing", "create"),
        (3, "Legacy SMS", "drifted", "delete"),
        (4, "Web channel", "ignored", "none"),
        (5, "Never existed", "in_sync", "none"),
        (None, "Stray", "undeclared", "delete"),
    ]
    assert items["Drifted"]["changed_fields"] == ["enabled", "integration.flow_sid"]
    assert items["Drifted"]["before"] == {"enabled": False, "integration": {"flow_sid": FW}}
    assert items["Drifted"]["after"] == {"enabled": True, "integration": {"flow_sid": FW_NEW}}
    assert items["Legacy SMS"]["changed_fields"] == ["state"] and items["Legacy SMS"]["after"] == {}
    assert items["Web channel"]["sid"] == account["Web channel"]["sid"]
    assert all(item["error"] is None for item in result["flows"])
    assert result["summary"] == dict(declared=6, live=5, in_sync=2, drifted=2, missing=1, undeclared=1, ignored=1, errors=0, created=1, updated=1, deleted=2)
    assert set(result["diff"]["before"]) == {"Drifted", "Legacy SMS", "Stray"}
    assert set(result["diff"]["after"]) == {"Drifted", "New SMS"}
    assert result["diff"]["after"]["New SMS"]["contact_identity"] == "+15555550100"
    sent = [(call["method"], call["path"]) for call in logged_writes(emulator)]
    if check_mode:
        assert sent == [] and set(call["method"] for call in logged_requests(emulator)) == {"GET"}
        assert items["New SMS"]["sid"] is None
        return
    # Creates and updates first, in declaration order, then deletes.
    assert sent == [
        ("POST", "/v1/FlexFlows/" + account["Drifted"]["sid"]),
        ("POST", "/v1/FlexFlows"),
        ("DELETE", "/v1/FlexFlows/" + account["Legacy SMS"]["sid"]),
        ("DELETE", "/v1/FlexFlows/" + account["Stray"]["sid"]),
    ]
    assert logged_writes(emulator)[0]["form"] == {"Enabled": "true", "Integration.FlowSid": FW_NEW}
    assert items["New SMS"]["sid"] in emulator.flows
    assert sorted(flow["friendly_name"] for flow in emulator.flows.values()) == ["Drifted", "In sync", "New SMS", "Web channel"]


def test_check_mode_reports_what_the_real_run_then_does(emulator, run_on_emulator, account):
    _failed, planned = run_on_emulator(flex_flows.main, dict(flows=DECLARATION, prune=True), check_mode=True, diff=True)
    _failed, applied = run_on_emulator(flex_flows.main, dict(flows=DECLARATION, prune=True), diff=True)
    assert_check_mode_told_the_run(planned, applied, "flows")
    _failed, again = run_on_emulator(flex_flows.main, dict(flows=DECLARATION, prune=True))
    assert again["changed"] is False and again["summary"]["in_sync"] == 5


def test_without_prune_undeclared_flows_are_reported_and_kept(emulator, run_on_emulator, account):
    failed, result = run_on_emulator(flex_flows.main, dict(flows=[dict(friendly_name="In sync")]))
    assert not failed and result["changed"] is False
    undeclared = [item for item in result["flows"] if item["status"] == "undeclared"]
    assert len(undeclared) == 4 and all(item["action"] == "none" and item["index"] is None for item in undeclared)
    assert undeclared[0]["before"] == undeclared[0]["after"] and undeclared[0]["before"]["channel_type"] == "sms"
    assert logged_writes(emulator) == []


def test_bad_entries_are_all_reported_at_once_naming_index_and_identity_and_nothing_is_sent(emulator, run_on_emulator):
    declared = [
        dict(friendly_name="A", channel_type="fax"),
        dict(friendly_name="B", enabled="maybe", colour="red"),
        dict(sid="FO123", enabled=True),
        dict(friendly_name="C", ignore=True, enabled=True),
        dict(friendly_name="A"),
        dict(enabled=True),
        dict(friendly_name="D", integration_type="task", integration=dict(flow_sid=FW, workspace_sid="WS1")),
        "just a string",
    ]
    failed, result = run_on_emulator(flex_flows.main, dict(flows=declared, prune=True))
    assert failed
    assert logged_requests(emulator) == []
    message = result["msg"]
    assert message.startswith("The declaration has ")
    for expected in (
        "flows[0] (friendly_name 'A'): value of channel_type must be one of: web, sms, facebook, whatsapp, line, custom, got: fax",
        "flows[1] (friendly_name 'B'): argument 'enabled' is of type",
        "flows[1] (friendly_name 'B'): unknown option(s) colour",
        "flows[2] (sid FO123): sid must be a Flex Flow SID",
        "flows[3] (friendly_name 'C'): ignore=true takes only the identity (sid, else friendly_name), but also sets enabled",
        "flows[4] (friendly_name 'A'): declares the same Flex Flow as flows[0] (friendly_name 'A')",
        "flows[5] (friendly_name None): needs sid or friendly_name",
        "flows[6] (friendly_name 'D'): integration.workspace_sid must be a TaskRouter Workspace SID",
        "flows[6] (friendly_name 'D'): integration.flow_sid does not apply to integration_type task",
        "flows[7] must be a dictionary of a Flex Flow's options, got 'just a string'",
    ):
        assert expected in message, expected
    assert result["changed"] is False and result["flows"] == [] and result["summary"]["declared"] == 8


def test_an_ignore_only_declaration_may_prune_the_rest(emulator, run_on_emulator):
    keep, stray = seed_emulator(emulator, emulator_flow(friendly_name="Keep me"), emulator_flow(friendly_name="Stray"))
    failed, result = run_on_emulator(flex_flows.main, dict(flows=[dict(sid=keep["sid"], ignore=True)], prune=True))
    assert not failed and result["summary"]["deleted"] == 1
    assert list(emulator.flows) == [keep["sid"]]


def test_a_shared_name_is_an_error_for_its_entry_and_those_flows_are_never_pruned(emulator, run_on_emulator):
    first, second, stray = seed_emulator(
        emulator, emulator_flow(friendly_name="Twin"), emulator_flow(friendly_name="Twin"), emulator_flow(friendly_name="Stray")
    )
    failed, result = run_on_emulator(flex_flows.main, dict(flows=[dict(friendly_name="Twin", enabled=False), studio("Other")], prune=True))
    assert failed
    twin = result["flows"][0]
    assert twin["status"] == "error" and twin["action"] == "none"
    assert "2 Flex Flows are named 'Twin'" in twin["error"]["message"] and "none of them is changed or pruned" in twin["error"]["message"]
    assert "flows[0] (friendly_name 'Twin'): 2 Flex Flows are named 'Twin'" in result["msg"]
    # The entry in error withholds every delete, the prune of Stray included: the create still goes through.
    assert first["sid"] in emulator.flows and second["sid"] in emulator.flows and stray["sid"] in emulator.flows
    assert result["changed"] is True and result["summary"]["created"] == 1 and result["summary"]["deleted"] == 0
    assert "No delete was sent, since an entry is in error or a create or update failed: 1 withheld (%s ('Stray'))" % stray["sid"] in result["msg"]


def test_a_missing_sid_is_reported_missing_and_never_created(emulator, run_on_emulator):
    seed_emulator(emulator, emulator_flow(friendly_name="Other"))
    failed, result = run_on_emulator(flex_flows.main, dict(flows=[dict(sid=FO_GONE, enabled=True)]))
    assert failed
    assert result["flows"][0]["status"] == "missing" and result["flows"][0]["action"] == "none"
    assert "Flex Flow %s not found: a SID cannot be created again" % FO_GONE in result["flows"][0]["error"]["message"]
    assert logged_writes(emulator) == []


def test_a_missing_flow_declared_too_thinly_to_create_is_missing_with_an_error(emulator, run_on_emulator):
    failed, result = run_on_emulator(flex_flows.main, dict(flows=[dict(friendly_name="Thin", enabled=True)]), check_mode=True)
    assert failed
    item = result["flows"][0]
    assert (item["status"], item["action"]) == ("missing", "none")
    assert item["error"]["message"].startswith("creating a Flex Flow needs chat_service_sid, channel_type")


def test_max_deletes_fails_before_any_write_listing_the_deletes(emulator, run_on_emulator, account):
    failed, result = run_on_emulator(flex_flows.main, dict(flows=DECLARATION, prune=True, max_deletes=1))
    assert failed
    assert result["msg"].startswith("The plan deletes 2 Flex Flows, more than max_deletes=1, so nothing was written: ")
    assert account["Legacy SMS"]["sid"] in result["msg"] and account["Stray"]["sid"] in result["msg"]
    assert logged_writes(emulator) == []
    assert result["changed"] is False and result["summary"]["deleted"] == 0 and result["summary"]["updated"] == 0


def test_a_refused_plan_also_tells_the_entries_in_error(emulator, run_on_emulator, account):
    flows = DECLARATION + [dict(friendly_name="New without its channel", enabled=True)]
    failed, result = run_on_emulator(flex_flows.main, dict(flows=flows, prune=True, max_deletes=1))
    assert failed and logged_writes(emulator) == []
    assert result["msg"].startswith("The plan deletes 2 Flex Flows, more than max_deletes=1, so nothing was written: ")
    assert "1 of %d Flex Flows failed: " % len(result["flows"]) in result["msg"]
    assert "creating a Flex Flow needs chat_service_sid, channel_type" in result["msg"]
    assert result["msg"].count("nothing was written") == 1 and "Nothing was written" not in result["msg"]


def test_max_deletes_allows_as_many_as_it_says(emulator, run_on_emulator, account):
    failed, result = run_on_emulator(flex_flows.main, dict(flows=DECLARATION, prune=True, max_deletes=2))
    assert not failed and result["summary"]["deleted"] == 2


def test_two_entries_for_one_flow_by_sid_and_by_name_are_an_error(emulator, run_on_emulator):
    (flow,) = seed_emulator(emulator, emulator_flow(friendly_name="Once"))
    failed, result = run_on_emulator(flex_flows.main, dict(flows=[dict(friendly_name="Once", enabled=False), dict(sid=flow["sid"], enabled=True)]))
    assert failed
    assert result["flows"][0]["status"] == "error"
    assert "is declared by flows[1] (sid %s) as well" % flow["sid"] in result["flows"][0]["error"]["message"]
    assert [call["form"] for call in logged_writes(emulator)] == []


def test_an_entry_by_sid_renames_its_flow(emulator, run_on_emulator):
    (flow,) = seed_emulator(emulator, emulator_flow(friendly_name="Old name"))
    failed, result = run_on_emulator(flex_flows.main, dict(flows=[dict(sid=flow["sid"], friendly_name="New name")]))
    assert not failed and result["flows"][0]["changed_fields"] == ["friendly_name"]
    assert emulator.flows[flow["sid"]]["friendly_name"] == "New name"


def test_a_module_error_returns_the_keys_of_a_result(emulator, run_on_emulator):
    emulator.inject_fault(status=401, code=20003, message="Authenticate")
    failed, result = run_on_emulator(flex_flows.main, dict(flows=[dict(friendly_name="A")]))
    assert failed and result["status"] == 401 and result["code"] == 20003
    assert result["changed"] is False and result["flows"] == [] and result["summary"]["declared"] == 1


# ---- over real HTTP: partial failures, a 401 mid-run, a lost create ----------------------------------------------------


@pytest.fixture
def run(emulator, run_module):
    def run_flex_flows(options, **kwargs):
        options = dict(options, base_url=emulator.base_url, account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, retry_max_time=5)
        return run_module(flex_flows.main, options, credentials=False, **kwargs)

    return run_flex_flows


def flows_named(emulator):
    return dict((flow["friendly_name"], flow) for flow in emulator.flows.values())


def test_a_failed_entry_does_not_stop_the_others(emulator, run):
    for name in ("A", "B", "C"):
        emulator.put_flow(dict(studio(name), enabled=False))
    sid_of = dict((name, flow["sid"]) for name, flow in flows_named(emulator).items())
    emulator.inject_fault(status=400, code=20001, method="POST", path=sid_of["B"])
    declared = [dict(friendly_name=name, enabled=True) for name in ("A", "B", "C")]
    failed, result = run(dict(flows=declared))
    assert failed
    assert result["msg"].startswith("1 of 3 Flex Flows failed: flows[1] (friendly_name 'B'): POST /v1/FlexFlows/%s failed with HTTP 400" % sid_of["B"])
    assert result["changed"] is True and result["summary"]["updated"] == 2 and result["summary"]["errors"] == 1
    assert result["flows"][1]["error"]["status"] == 400 and result["flows"][1]["error"]["code"] == 20001
    assert [flows_named(emulator)[name]["enabled"] for name in ("A", "B", "C")] == [True, False, True]


def test_a_401_stops_the_run_at_once(emulator, run):
    for name in ("A", "B", "C"):
        emulator.put_flow(dict(studio(name), enabled=False))
    emulator.inject_fault(status=401, code=20003, method="POST", count=None)
    failed, result = run(dict(flows=[dict(friendly_name=name, enabled=True) for name in ("A", "B", "C")]))
    assert failed and result["status"] == 401
    assert [entry["method"] for entry in emulator.request_log] == ["GET", "POST"]
    assert "The run stopped at the HTTP 401: the remaining writes were not sent" in result["msg"]
    assert [item["error"]["message"] for item in result["flows"][1:]] == ["not sent: the run stopped at HTTP 401"] * 2
    assert result["changed"] is False


def test_a_create_whose_answer_is_lost_is_adopted_not_resent(emulator, run):
    emulator.inject_fault(kind="drop_mid_response", method="POST")
    failed, result = run(dict(flows=[studio("Lost answer")]))
    assert not failed and result["changed"] is True
    created = flows_named(emulator)["Lost answer"]
    assert result["flows"][0]["sid"] == created["sid"]
    assert [entry["method"] for entry in emulator.request_log].count("POST") == 1


def test_flex_flow_and_flex_flows_plan_one_flow_alike(emulator, run, run_module):
    emulator.put_flow(dict(studio("Same"), enabled=False))
    options = dict(friendly_name="Same", enabled=True, integration=dict(retry_count=1))
    connection = dict(base_url=emulator.base_url, account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)
    _failed, single = run_module(flex_flow.main, dict(options, **connection), check_mode=True, credentials=False)
    _failed, many = run(dict(flows=[options]), check_mode=True)
    assert single["changed_fields"] == many["flows"][0]["changed_fields"] == ["enabled", "integration.retry_count"]
