# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""conversations_addresses end to end against the emulator: the exact requests of each kind of run, the plan, the fields that
can only be set on create, partial failures and the guards against deleting too much."""

from __future__ import annotations

import pytest

from ansible_collections.twilio.flex.plugins.modules import conversations_address, conversations_addresses, flex_flows
from ansible_collections.twilio.flex.plugins.plugin_utils._drift_report import account_report
from ansible_collections.twilio.flex.tests.unit.plugins.modules.conftest import assert_check_mode_told_the_run, dated, logged_requests, logged_writes

IS = "IS" + "0" * 32
FW = "FW" + "1" * 32
FW_NEW = "FW" + "2" * 32
IG_GONE = "IG" + "f" * 32
PATH = "/v1/Configuration/Addresses"


def studio_address(address, **fields):
    """An API-shaped sms address that starts conversations through a Studio flow, unless ``fields`` say otherwise."""
    item = dict(
        address=address, type="sms", friendly_name=address, auto_creation=dict(enabled=True, type="studio", conversation_service_sid=IS, studio_flow_sid=FW)
    )
    item.update(fields)
    return item


def seed(emulator, *addresses):
    """Replace the emulator's addresses with ``addresses``, listed in the order given; returns them as the API answers."""
    emulator.reset(seed={"flows": [], "addresses": dated(addresses)})
    return list(emulator.addresses.values())


def requests_sent(emulator):
    return [(call["method"], call["path"]) for call in logged_requests(emulator)]


def writes_sent(emulator):
    return [(call["method"], call["path"]) for call in logged_writes(emulator)]


def by_address(result):
    return dict((item["address"], item) for item in result["addresses"])


@pytest.fixture
def run(run_on_emulator):
    def run_addresses(options, **kwargs):
        return run_on_emulator(conversations_addresses.main, options, **kwargs)

    return run_addresses


def test_a_no_op_over_120_addresses_is_three_gets(emulator, run):
    live = seed(emulator, *[studio_address("+1555555%04d" % number) for number in range(120)])
    declared = [dict(address=item["address"], type="sms", auto_creation=dict(enabled=True, studio_flow_sid=FW)) for item in live]
    failed, result = run(dict(addresses=declared, prune=True))
    assert not failed and result["changed"] is False, result.get("msg")
    assert requests_sent(emulator) == [("GET", PATH)] * 3
    assert logged_requests(emulator)[0]["query"] == {"PageSize": "50"}
    assert result["summary"] == dict(
        declared=120, live=120, in_sync=120, drifted=0, missing=0, undeclared=0, ignored=0, errors=0, created=0, updated=0, deleted=0
    )
    assert [item["sid"] for item in result["addresses"]] == [item["sid"] for item in live]


@pytest.fixture
def account(emulator):
    """An account with one address of each kind the plan tells apart."""
    return dict(
        (item["address"], item)
        for item in seed(
            emulator,
            studio_address("+15555550100", friendly_name="In sync"),
            studio_address("+15555550101", friendly_name="Drifted"),
            studio_address("+15555550102", friendly_name="Old number"),
            studio_address("whatsapp:+15555550103", type="whatsapp", friendly_name="Ignored"),
            studio_address("+15555550104", friendly_name="Stray"),
        )
    )


DECLARATION = [
    dict(address="+15555550100", friendly_name="In sync"),
    dict(address="+15555550101", friendly_name="Drifted, renamed", auto_creation=dict(studio_flow_sid=FW_NEW)),
    dict(address="whatsapp:+15555550105", type="whatsapp", friendly_name="New", auto_creation=dict(enabled=True, type="default")),
    dict(address="+15555550102", state="absent"),
    dict(address="whatsapp:+15555550103", ignore=True),
    dict(address="+15555550199", state="absent"),
]


@pytest.mark.parametrize("check_mode", [True, False])
def test_the_plan_and_its_writes(emulator, run, account, check_mode):
    failed, result = run(dict(addresses=DECLARATION, prune=True), check_mode=check_mode, diff=True)
    assert not failed, result["msg"] if failed else ""
    assert result["changed"] is True
    assert [(item["index"], item["address"], item["type"], item["status"], item["action"]) for item in result["addresses"]] == [
        (0, "+15555550100", "sms", "in_sync", "none"),
        (1, "+15555550101", "sms", "drifted", "update"),
        (2, "whatsapp:+15555550105", "whatsapp", "missing", "create"),
        (3, "+15555550102", "sms", "drifted", "delete"),
        (4, "whatsapp:+15555550103", "whatsapp", "ignored", "none"),
        (5, "+15555550199", None, "in_sync", "none"),
        (None, "+15555550104", "sms", "undeclared", "delete"),
    ]
    items = by_address(result)
    drifted = items["+15555550101"]
    assert drifted["changed_fields"] == ["auto_creation.studio_flow_sid", "friendly_name"]
    assert drifted["before"] == {"friendly_name": "Drifted", "auto_creation": {"studio_flow_sid": FW}}
    assert drifted["after"] == {"friendly_name": "Drifted, renamed", "auto_creation": {"studio_flow_sid": FW_NEW}}
    assert items["whatsapp:+15555550103"]["sid"] == account["whatsapp:+15555550103"]["sid"]
    assert all(item["error"] is None for item in result["addresses"])
    assert result["summary"] == dict(declared=6, live=5, in_sync=2, drifted=2, missing=1, undeclared=1, ignored=1, errors=0, created=1, updated=1, deleted=2)
    assert set(result["diff"]["before"]) == {"+15555550101", "+15555550102", "+15555550104"}
    assert set(result["diff"]["after"]) == {"+15555550101", "whatsapp:+15555550105"}
    if check_mode:
        assert writes_sent(emulator) == [] and set(method for method, _path in requests_sent(emulator)) == {"GET"}
        assert requests_sent(emulator) == [("GET", PATH)]
        assert items["whatsapp:+15555550105"]["sid"] is None
        return
    # One listing; the update; the create after one lookup of its address; then the deletes.
    assert requests_sent(emulator) == [
        ("GET", PATH),
        ("POST", PATH + "/" + account["+15555550101"]["sid"]),
        ("GET", PATH + "/whatsapp%3A%2B15555550105"),
        ("POST", PATH),
        ("DELETE", PATH + "/" + account["+15555550102"]["sid"]),
        ("DELETE", PATH + "/" + account["+15555550104"]["sid"]),
    ]
    # Auto-creation is sent as a whole when any of its keys changes.
    assert logged_writes(emulator)[0]["form"] == {"AutoCreation.StudioFlowSid": FW_NEW, "FriendlyName": "Drifted, renamed"}
    assert logged_writes(emulator)[1]["form"]["Type"] == "whatsapp"
    assert items["whatsapp:+15555550105"]["sid"] in emulator.addresses
    assert sorted(item["address"] for item in emulator.addresses.values()) == ["+15555550100", "+15555550101", "whatsapp:+15555550103", "whatsapp:+15555550105"]


def test_check_mode_reports_what_the_real_run_then_does_and_a_rerun_is_one_get(emulator, run, account):
    _failed, planned = run(dict(addresses=DECLARATION, prune=True), check_mode=True, diff=True)
    _failed, applied = run(dict(addresses=DECLARATION, prune=True), diff=True)
    assert_check_mode_told_the_run(planned, applied, "addresses")
    # The created address's diff gains the SID it was given.
    applied["diff"]["after"]["whatsapp:+15555550105"].pop("sid")
    assert planned["diff"]["after"] == applied["diff"]["after"]
    emulator.clear_log()
    failed, again = run(dict(addresses=DECLARATION, prune=True))
    assert not failed and again["changed"] is False and again["summary"]["in_sync"] == 5
    assert requests_sent(emulator) == [("GET", PATH)]


@pytest.mark.parametrize(
    "change, field",
    [(dict(type="whatsapp"), "type"), (dict(address_country="GB"), "address_country")],
)
@pytest.mark.parametrize("check_mode", [True, False])
def test_a_create_only_change_fails_its_entry_never_recreates_and_the_others_go_on_without_deletes(emulator, run, account, change, field, check_mode):
    declared = [
        dict(dict(address="+15555550100"), **change),
        dict(address="+15555550101", friendly_name="Renamed"),
        dict(address="+15555550106", type="sms"),
        dict(address="+15555550102", state="absent"),
        dict(address="+15555550103", state="absent"),
        dict(address="whatsapp:+15555550103", ignore=True),
        dict(address="+15555550104", ignore=True),
    ]
    failed, result = run(dict(addresses=declared, prune=True), check_mode=check_mode)
    assert failed
    refused = result["addresses"][0]
    assert (refused["status"], refused["action"], refused["error"]["kind"]) == ("drifted", "none", "create_only")
    assert "%s can only be set when the Address Configuration is created" % field in refused["error"]["message"]
    assert result["msg"].startswith("1 of 7 Address Configurations failed: addresses[0] (address '+15555550100'): %s can only be set" % field)
    assert result["addresses"][3]["error"]["kind"] == "withheld"
    assert result["changed"] is True
    if check_mode:
        assert writes_sent(emulator) == []
        return
    assert result["summary"]["updated"] == 1 and result["summary"]["created"] == 1 and result["summary"]["deleted"] == 0
    assert [method for method, _path in writes_sent(emulator)] == ["POST", "POST"]
    assert account["+15555550102"]["sid"] in emulator.addresses
    assert emulator.addresses[account["+15555550100"]["sid"]] == account["+15555550100"]


def test_undeclared_addresses_without_prune_are_reported_and_kept(emulator, run, account):
    failed, result = run(dict(addresses=[dict(address="+15555550100")]))
    assert not failed and result["changed"] is False
    undeclared = [item for item in result["addresses"] if item["status"] == "undeclared"]
    assert len(undeclared) == 4 and all(item["action"] == "none" and item["index"] is None for item in undeclared)
    assert undeclared[0]["before"] == undeclared[0]["after"] and undeclared[0]["before"]["auto_creation"]["studio_flow_sid"] == FW
    assert [item["type"] for item in undeclared] == ["sms", "sms", "whatsapp", "sms"]
    assert writes_sent(emulator) == []


def test_an_address_is_matched_exactly_as_twilio_stores_it(emulator, run):
    (live,) = seed(emulator, studio_address("whatsapp:+15555550100", type="whatsapp"))
    declared = [dict(address="WhatsApp:+15555550100", type="whatsapp"), dict(address="whatsapp:+15555550100", friendly_name="Exact")]
    failed, result = run(dict(addresses=declared), check_mode=True)
    assert not failed
    assert [(item["sid"], item["status"], item["action"]) for item in result["addresses"]] == [(None, "missing", "create"), (live["sid"], "drifted", "update")]


def test_an_entry_by_sid_reports_its_address_and_type(emulator, run):
    (live,) = seed(emulator, studio_address("+15555550100", friendly_name="Old"))
    failed, result = run(dict(addresses=[dict(sid=live["sid"], friendly_name="New")]))
    assert not failed
    item = result["addresses"][0]
    assert (item["address"], item["type"], item["changed_fields"]) == ("+15555550100", "sms", ["friendly_name"])
    assert writes_sent(emulator) == [("POST", PATH + "/" + live["sid"])]


def test_a_sid_not_found_is_missing_with_an_error_and_never_created(emulator, run, account):
    failed, result = run(dict(addresses=[dict(sid=IG_GONE, friendly_name="x"), dict(address="+15555550106", type="sms")], prune=True))
    assert failed
    item = result["addresses"][0]
    assert (item["status"], item["action"], item["error"]["kind"]) == ("missing", "none", "not_found")
    assert "Address Configuration %s not found: a SID cannot be created again" % IG_GONE in item["error"]["message"]
    # The create goes on; no delete is sent while an entry is in error.
    assert writes_sent(emulator) == [("POST", PATH)]


def test_every_entry_is_validated_before_any_request_naming_its_index(emulator, run):
    declared = [
        dict(address="+15555550100", type="fax"),
        dict(sid="IG123", friendly_name="x"),
        dict(address="+15555550101", ignore=True, friendly_name="x"),
        dict(address="+15555550100"),
        dict(friendly_name="nameless"),
        dict(address=".", type="sms"),
        dict(address="+15555550102", auto_creation=dict(type="webhook", studio_flow_sid=FW)),
        dict(address="+15555550103", colour="red"),
        "just a string",
    ]
    failed, result = run(dict(addresses=declared, prune=True))
    assert failed and logged_requests(emulator) == []
    message = result["msg"]
    assert message.startswith("The declaration has ")
    for expected in (
        "addresses[0] (address '+15555550100'): value of type must be one of: sms, whatsapp",
        "addresses[1] (sid IG123): sid must be an Address Configuration SID",
        "addresses[2] (address '+15555550101'): ignore=true takes only the identity (sid, else address), but also sets friendly_name",
        "addresses[3] (address '+15555550100'): declares the same Address Configuration as addresses[0] (address '+15555550100')",
        "addresses[4] (address None): needs sid or address",
        "addresses[5] (address '.'): address must not be '.'",
        "addresses[6] (address '+15555550102'): auto_creation.studio_flow_sid does not apply to auto_creation.type webhook",
        "addresses[7] (address '+15555550103'): unknown option(s) colour",
        "addresses[8] must be a dictionary of a Address Configuration's options",
    ):
        assert expected in message, expected
    assert result["changed"] is False and result["addresses"] == [] and result["summary"]["declared"] == 9


def test_max_deletes_fails_before_any_write_listing_the_deletes(emulator, run, account):
    failed, result = run(dict(addresses=DECLARATION, prune=True, max_deletes=1))
    assert failed
    assert result["msg"].startswith("The plan deletes 2 Address Configurations, more than max_deletes=1, so nothing was written: ")
    assert account["+15555550102"]["sid"] in result["msg"] and account["+15555550104"]["sid"] in result["msg"]
    assert writes_sent(emulator) == [] and result["changed"] is False
    failed, result = run(dict(addresses=DECLARATION, prune=True, max_deletes=2))
    assert not failed and result["summary"]["deleted"] == 2


def test_the_threshold_refuses_a_prune_of_most_of_the_account(emulator, run):
    live = seed(emulator, *[studio_address("+1555555%04d" % number) for number in range(10)])
    declared = [dict(address=item["address"]) for item in live[:6]]
    failed, result = run(dict(addresses=declared, prune=True))
    assert failed and result["msg"].startswith("The plan deletes 4 of the 10 Address Configurations of the account, more than 30 % of them")
    assert "allow it with max_deletes=4" in result["msg"]
    assert writes_sent(emulator) == []
    failed, result = run(dict(addresses=declared[:7] + [dict(address=live[6]["address"])], prune=True))
    assert not failed and result["summary"]["deleted"] == 3


def test_a_negative_max_deletes_is_refused_before_any_request(emulator, run):
    failed, result = run(dict(addresses=[dict(address="+15555550100")], max_deletes=-1))
    assert failed and result["msg"] == "The declaration has 1 problem(s), so nothing was sent: max_deletes must be 0 or more, got -1"
    assert logged_requests(emulator) == []


def test_the_conversations_base_url_comes_from_its_own_variable(emulator, run_module, monkeypatch):
    from ansible_collections.twilio.flex.tests.flex_emulator import ACCOUNT_SID, AUTH_TOKEN

    monkeypatch.setenv("TWILIO_CONVERSATIONS_BASE_URL", emulator.base_url)
    monkeypatch.setenv("TWILIO_FLEX_BASE_URL", "http://127.0.0.1:9")
    failed, result = run_module(
        conversations_addresses.main,
        dict(addresses=[dict(address="+15555550100", type="sms")], account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN),
        check_mode=True,
        credentials=False,
    )
    assert not failed, result.get("msg")
    assert requests_sent(emulator) == [("GET", PATH)]


def test_a_failed_create_does_not_stop_the_update(emulator, run, account):
    emulator.inject_fault(status=400, code=50351, method="POST", path=PATH, count=1)
    declared = [dict(address="+15555550106", type="sms"), dict(address="+15555550101", friendly_name="Renamed")]
    failed, result = run(dict(addresses=declared))
    assert failed and result["addresses"][0]["error"]["status"] == 400 and result["addresses"][0]["error"]["code"] == 50351
    assert result["changed"] is True and result["summary"]["updated"] == 1
    assert emulator.addresses[account["+15555550101"]["sid"]]["friendly_name"] == "Renamed"


def test_conversations_address_and_conversations_addresses_plan_one_address_alike(emulator, run, run_on_emulator, account):
    options = dict(address="+15555550101", friendly_name="Renamed", auto_creation=dict(studio_retry_count=2))
    _failed, single = run_on_emulator(conversations_address.main, options, check_mode=True)
    _failed, many = run(dict(addresses=[options]), check_mode=True)
    assert single["changed_fields"] == many["addresses"][0]["changed_fields"] == ["auto_creation.studio_retry_count", "friendly_name"]


# ---- the drift report of both kinds, from real check-mode plans ----------------------------------------------------------


def audit(run, run_on_emulator, variables, undeclared_is_drift=True):
    """The drift audit's report for `variables` (the declaration variables defined), from the plans the playbook would run."""
    flow_plan = address_plan = {"skipped": True}
    if "desired_flows" in variables:
        _failed, flow_plan = run_on_emulator(flex_flows.main, dict(flows=variables["desired_flows"]), check_mode=True, diff=True)
    if "desired_addresses" in variables:
        _failed, address_plan = run(dict(addresses=variables["desired_addresses"]), check_mode=True, diff=True)
    return account_report(flow_plan, address_plan, variables, undeclared_is_drift=undeclared_is_drift)


def test_the_report_of_addresses_only_says_the_flows_were_not_audited(emulator, run, run_on_emulator, account):
    emulator.clear_log()
    declared = [
        dict(address="+15555550100", friendly_name="In sync"),
        dict(address="+15555550101", friendly_name="Renamed"),
        dict(sid=IG_GONE, friendly_name="Deleted in the Console"),
        dict(address="+15555550102", type="whatsapp"),
        dict(address="whatsapp:+15555550103", ignore=True),
    ]
    report = audit(run, run_on_emulator, dict(desired_addresses=declared), undeclared_is_drift=False)
    assert report["not_audited"] == ["desired_flows"] and report["warnings"] == []
    assert report["flows"] == [] and report["summary"]["declared"] == 0
    # A SID that no longer exists is drift (missing); a type that only a new address could have is drift an apply cannot make.
    assert report["audit_error"] is None and report["drift_found"] is True
    section = report["addresses"]
    assert [(entry["address"], entry["type"], entry["status"]) for entry in section["addresses"]] == [
        ("+15555550100", "sms", "in_sync"),
        ("+15555550101", "sms", "drifted"),
        (None, None, "missing"),
        ("+15555550102", "sms", "drifted"),
        ("whatsapp:+15555550103", "whatsapp", "ignored"),
    ]
    assert section["addresses"][1]["before"] == {"friendly_name": "Drifted"} and section["addresses"][1]["after"] == {"friendly_name": "Renamed"}
    assert section["addresses"][3]["changed_fields"] == ["type"] and "can only be set when" in section["addresses"][3]["error"]
    assert section["undeclared"] == [dict(sid=account["+15555550104"]["sid"], address="+15555550104", type="sms")]
    assert section["summary"]["missing"] == 1 and section["drift_found"] is True
    assert requests_sent(emulator) == [("GET", PATH)]


def test_the_report_of_both_kinds_and_of_neither(emulator, run, run_on_emulator, account):
    emulator.put_flow(dict(friendly_name="Web", chat_service_sid="IS" + "b" * 32, channel_type="web", integration_type="studio", integration=dict(flow_sid=FW)))
    in_sync = dict(desired_flows=[dict(friendly_name="Web")], desired_addresses=[dict(address=address) for address in account])
    report = audit(run, run_on_emulator, in_sync)
    assert report["not_audited"] == [] and report["audit_error"] is None and report["drift_found"] is False
    assert report["summary"]["in_sync"] == 1 and report["addresses"]["summary"]["in_sync"] == 5
    # Drift in the addresses only is drift of the account.
    drifted = dict(in_sync, desired_addresses=[dict(address="+15555550100", friendly_name="Other")] + in_sync["desired_addresses"][1:])
    report = audit(run, run_on_emulator, drifted)
    assert report["drift_found"] is True and report["addresses"]["drift_found"] is True and report["summary"]["drifted"] == 0
    neither = audit(run, run_on_emulator, dict(desired_flow=[]))
    assert neither["audit_error"].startswith("desired_flows is not defined, nor is desired_addresses, so nothing was audited")
    assert neither["not_audited"] == ["desired_flows", "desired_addresses"]


def test_an_entry_the_audit_cannot_compare_is_an_audit_error(emulator, run, run_on_emulator, account):
    report = audit(run, run_on_emulator, dict(desired_addresses=[dict(address="+15555550100"), dict(address="+15555550177", friendly_name="No type")]))
    assert report["audit_error"].startswith("1 declared address(es) failed: desired_addresses[1] (+15555550177): creating an Address Configuration needs type")
