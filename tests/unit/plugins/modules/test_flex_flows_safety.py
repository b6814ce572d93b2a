# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Nothing is deleted unasked, over real HTTP against the emulator: the exact requests of each guarded run."""

from __future__ import annotations

import pytest

from ansible_collections.twilio.flex.plugins.modules import conversations_address, flex_flow, flex_flows
from ansible_collections.twilio.flex.tests.flex_emulator import ACCOUNT_SID, AUTH_TOKEN
from ansible_collections.twilio.flex.tests.unit.plugins.flow_data import make_flow

IS = "IS" + "b" * 32
FW = "FW" + "c" * 32
FO_GONE = "FO" + "9" * 32
LIST = ("GET", "/v1/FlexFlows")


def studio(name, **fields):
    entry = dict(friendly_name=name, chat_service_sid=IS, channel_type="sms", integration_type="studio", integration=dict(flow_sid=FW))
    entry.update(fields)
    return entry


@pytest.fixture
def connection(emulator):
    return dict(base_url=emulator.base_url, account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, retry_max_time=5)


@pytest.fixture
def run(connection, run_module):
    def run_main(main, options, **kwargs):
        return run_module(main, dict(options, **connection), credentials=False, **kwargs)

    return run_main


def seeded(emulator, *names):
    """Flows with these names (studio flows, enabled), each with a SID in lower case as Twilio issues them; the log is cleared."""
    flows = dict((name, emulator.put_flow(dict(studio(name), enabled=True))) for name in names)
    emulator.clear_log()
    return flows


def sent(emulator):
    return [(entry["method"], entry["path"]) for entry in emulator.request_log]


def upper_hex(sid):
    return sid[:2] + sid[2:].upper()


# ---- no delete when an entry is in error or a write failed ----------------------------------------------------------------


def test_a_sid_that_matches_nothing_with_prune_deletes_nothing(emulator, run):
    flows = seeded(emulator, "A", "B", "C")
    failed, result = run(flex_flows.main, dict(flows=[dict(sid=FO_GONE)], prune=True))
    assert failed
    assert sent(emulator) == [LIST]
    assert sorted(emulator.flows) == sorted(flow["sid"] for flow in flows.values())
    assert result["changed"] is False and result["summary"]["deleted"] == 0
    assert "Flex Flow %s not found" % FO_GONE in result["msg"]
    assert "No delete was sent, since an entry is in error or a create or update failed: 3 withheld" in result["msg"]
    assert [item["error"]["message"] for item in result["flows"][1:]] == [
        "not sent: no delete is sent while an entry is in error or a create or update failed"
    ] * 3
    # The kinds say the same for callers that must not read messages (the drift audit).
    assert [item["error"]["kind"] for item in result["flows"]] == ["not_found"] + ["withheld"] * 3


@pytest.mark.parametrize("failing", ["create", "update"])
def test_a_failed_create_or_update_withholds_every_delete(emulator, run, failing):
    flows = seeded(emulator, "Keep", "Stray")
    if failing == "create":
        emulator.inject_fault(status=400, code=20001, method="POST", path="^/v1/FlexFlows$")
    else:
        emulator.inject_fault(status=400, code=20001, method="POST", path=flows["Keep"]["sid"])
    declared = [dict(friendly_name="Keep", enabled=False), studio("New")]
    failed, result = run(flex_flows.main, dict(flows=declared, prune=True))
    assert failed
    assert sent(emulator) == [
        LIST,
        ("POST", "/v1/FlexFlows/" + flows["Keep"]["sid"]),
        LIST,  # the name of the flow to create, looked up just before the POST
        ("POST", "/v1/FlexFlows"),
    ]
    assert flows["Stray"]["sid"] in emulator.flows
    assert result["summary"]["deleted"] == 0 and result["summary"]["errors"] == 2
    assert "1 withheld (%s ('Stray'))" % flows["Stray"]["sid"] in result["msg"]


# ---- SIDs compare without regard to the case of their hexadecimal digits ------------------------------------------------


def test_an_entry_with_a_sid_in_upper_case_matches_its_flow_and_writes_to_the_live_sid(emulator, run):
    flows = seeded(emulator, "Keep", "Other")
    keep = flows["Keep"]["sid"]
    failed, result = run(flex_flows.main, dict(flows=[dict(sid=upper_hex(keep), enabled=False), dict(friendly_name="Other")], prune=True))
    assert not failed, result["msg"]
    assert sent(emulator) == [LIST, ("POST", "/v1/FlexFlows/" + keep)]
    assert emulator.flows[keep]["enabled"] is False
    assert result["flows"][0]["sid"] == keep and result["flows"][0]["status"] == "drifted"
    assert result["summary"]["undeclared"] == 0


def test_an_ignore_entry_with_a_sid_in_upper_case_keeps_its_flow_from_the_prune(emulator, run):
    flows = seeded(emulator, "Keep", "Stray")
    failed, result = run(flex_flows.main, dict(flows=[dict(sid=upper_hex(flows["Keep"]["sid"]), ignore=True)], prune=True))
    assert not failed, result["msg"]
    assert sent(emulator) == [LIST, ("DELETE", "/v1/FlexFlows/" + flows["Stray"]["sid"])]
    assert list(emulator.flows) == [flows["Keep"]["sid"]]


def test_two_entries_whose_sids_differ_only_in_case_are_duplicates(emulator, run):
    flows = seeded(emulator, "Keep")
    sid = flows["Keep"]["sid"]
    failed, result = run(flex_flows.main, dict(flows=[dict(sid=sid, enabled=True), dict(sid=upper_hex(sid), enabled=False)]))
    assert failed and sent(emulator) == []
    assert "flows[1] (sid %s): declares the same Flex Flow as flows[0] (sid %s)" % (upper_hex(sid), sid) in result["msg"]


def test_flex_flow_takes_a_sid_in_upper_case_and_sends_the_live_one(emulator, run):
    sid = seeded(emulator, "Keep")["Keep"]["sid"]
    failed, result = run(flex_flow.main, dict(sid=upper_hex(sid), enabled=False))
    assert not failed and result["changed"] is True
    assert sent(emulator) == [("GET", "/v1/FlexFlows/" + sid), ("POST", "/v1/FlexFlows/" + sid)]


# ---- ignore entries that match nothing, near matches ----------------------------------------------------------------------


def test_with_prune_an_ignore_entry_that_matches_nothing_fails_before_any_write_naming_near_matches(emulator, run):
    flows = seeded(emulator, "Web Channel", " web channel ", "Stray", "Drifted")
    declared = [dict(friendly_name="web channel", ignore=True), dict(friendly_name="Drifted", enabled=False)]
    failed, result = run(flex_flows.main, dict(flows=declared, prune=True))
    assert failed
    assert sent(emulator) == [LIST]
    assert len(emulator.flows) == 4 and emulator.flows[flows["Drifted"]["sid"]]["enabled"] is True
    message = result["msg"]
    assert message.startswith("Nothing was written, since 1 ignore entry matches nothing: flows[0] (friendly_name 'web channel'): ignore=true matches")
    assert "'Web Channel' (%s)" % flows["Web Channel"]["sid"] in message and "' web channel ' (%s)" % flows[" web channel "]["sid"] in message
    assert "'Stray'" not in message.split("Near matches")[1]
    assert result["flows"][0]["status"] == "error" and result["changed"] is False


def test_with_prune_an_ignore_entry_by_sid_that_matches_nothing_fails_before_any_write(emulator, run):
    seeded(emulator, "Keep", "Stray")
    failed, result = run(flex_flows.main, dict(flows=[dict(friendly_name="Keep"), dict(sid=FO_GONE, ignore=True)], prune=True))
    assert failed and sent(emulator) == [LIST]
    assert "flows[1] (sid %s): ignore=true matches no Flex Flow (no Flex Flow has the SID %s)" % (FO_GONE, FO_GONE) in result["msg"]


def test_without_prune_an_ignore_entry_that_matches_nothing_is_harmless(emulator, run):
    seeded(emulator, "Keep")
    failed, result = run(flex_flows.main, dict(flows=[dict(friendly_name="keep", ignore=True)]))
    assert not failed and sent(emulator) == [LIST]


def test_a_create_whose_name_nearly_matches_a_flow_the_run_deletes_is_warned_about(emulator, run):
    flows = seeded(emulator, "Support", "Keep")
    failed, result = run(flex_flows.main, dict(flows=[dict(friendly_name="Keep"), studio("support ")], prune=True))
    assert not failed, result["msg"]
    assert result["warnings"] == [
        "flows[1] (friendly_name 'support '): creates a Flex Flow named 'support ' while the same run deletes the Flex Flow %s named 'Support': "
        "the names differ only in case or surrounding spaces; if the entry means that Flex Flow, give its exact name or its sid" % flows["Support"]["sid"]
    ]


# ---- the default deletion threshold ---------------------------------------------------------------------------------------


def test_a_one_entry_declaration_with_prune_does_not_delete_most_of_the_account(emulator, run):
    flows = seeded(emulator, *["Flow %02d" % number for number in range(27)])
    failed, result = run(flex_flows.main, dict(flows=[dict(friendly_name="Flow 00")], prune=True))
    assert failed
    assert sent(emulator) == [LIST]
    assert len(emulator.flows) == 27
    assert result["msg"].startswith("The plan deletes 26 of the 27 Flex Flows of the account, more than 30 % of them, so nothing was written: ")
    assert result["msg"].endswith("... and 6 more. If that is intended, allow it with max_deletes=26 (or more)")
    assert sum(flow["sid"] in result["msg"] for flow in flows.values()) == 20
    failed, result = run(flex_flows.main, dict(flows=[dict(friendly_name="Flow 00")], prune=True, max_deletes=26))
    assert not failed and result["summary"]["deleted"] == 26 and list(emulator.flows) == [flows["Flow 00"]["sid"]]


def test_declared_absent_flows_count_toward_the_threshold(emulator, run):
    names = ["Flow %02d" % number for number in range(10)]
    seeded(emulator, *names)
    declared = [dict(friendly_name=name, state="absent") for name in names[:4]] + [dict(friendly_name=name) for name in names[4:]]
    failed, result = run(flex_flows.main, dict(flows=declared), check_mode=True)
    assert failed and "The plan deletes 4 of the 10 Flex Flows of the account" in result["msg"]
    failed, result = run(flex_flows.main, dict(flows=declared[1:]), check_mode=True)
    assert not failed and result["summary"]["deleted"] == 3


# ---- state absent with a SID and a name that contradict ------------------------------------------------------------------


def test_flex_flows_absent_by_sid_with_another_flows_name_deletes_nothing(emulator, run):
    flows = seeded(emulator, "A", "B")
    failed, result = run(flex_flows.main, dict(flows=[dict(sid=flows["A"]["sid"], friendly_name="B", state="absent")]))
    assert failed and sent(emulator) == [LIST]
    assert result["flows"][0]["status"] == "error"
    assert "the Flex Flow %s has friendly_name 'A', not 'B' as the task says: nothing was deleted" % flows["A"]["sid"] in result["msg"]


def test_flex_flows_absent_by_sid_with_its_own_name_deletes_it(emulator, run):
    flows = seeded(emulator, "A", "B")
    failed, result = run(flex_flows.main, dict(flows=[dict(sid=flows["A"]["sid"], friendly_name="A", state="absent")]))
    assert not failed and sent(emulator) == [LIST, ("DELETE", "/v1/FlexFlows/" + flows["A"]["sid"])]


def test_flex_flow_absent_by_sid_with_another_name_deletes_nothing(emulator, run):
    sid = seeded(emulator, "A")["A"]["sid"]
    failed, result = run(flex_flow.main, dict(sid=sid, friendly_name="Not A", state="absent"))
    assert failed and sent(emulator) == [("GET", "/v1/FlexFlows/" + sid)]
    assert "has friendly_name 'A', not 'Not A'" in result["msg"]


def test_conversations_address_absent_by_sid_with_another_address_deletes_nothing(emulator, run):
    address = emulator.put_address(dict(address="+15555550100", type="sms", auto_creation=dict(enabled=True, type="default")))
    emulator.clear_log()
    failed, result = run(conversations_address.main, dict(sid=address["sid"], address="+15555550199", state="absent"))
    assert failed and sent(emulator) == [("GET", "/v1/Configuration/Addresses/" + address["sid"])]
    assert "the Address Configuration %s has address '+15555550100', not '+15555550199'" % address["sid"] in result["msg"]
    assert address["sid"] in emulator.addresses


# ---- duplicates, and the create's last lookup -----------------------------------------------------------------------------


def test_entries_equal_after_type_conversion_are_duplicates(emulator, run):
    failed, result = run(flex_flows.main, dict(flows=[studio(5), studio("5")]))
    assert failed and sent(emulator) == []
    assert "flows[1] (friendly_name '5'): declares the same Flex Flow as flows[0] (friendly_name 5)" in result["msg"]


def test_a_create_looks_its_name_up_once_just_before_the_post(emulator, run):
    failed, result = run(flex_flows.main, dict(flows=[studio("New")]))
    assert not failed and result["summary"]["created"] == 1
    assert sent(emulator) == [LIST, LIST, ("POST", "/v1/FlexFlows")]
    assert emulator.request_log[1]["query"]["FriendlyName"] == "New"


# ---- honest failure messages ----------------------------------------------------------------------------------------------


def test_a_partly_applied_run_says_what_it_wrote_and_is_changed(emulator, run):
    flows = seeded(emulator, "A", "B", "C")
    emulator.inject_fault(status=400, code=20001, method="POST", path=flows["B"]["sid"])
    failed, result = run(flex_flows.main, dict(flows=[dict(friendly_name=name, enabled=False) for name in ("A", "B", "C")] + [studio("D")]))
    assert failed and result["changed"] is True
    assert result["msg"].endswith(
        ". Written: 3: updated %s 'A', updated %s 'C', created %s 'D'" % (flows["A"]["sid"], flows["C"]["sid"], result["flows"][3]["sid"])
    )


def test_a_failed_check_mode_run_says_what_it_would_write(emulator, run):
    seeded(emulator, "A")
    failed, result = run(flex_flows.main, dict(flows=[dict(friendly_name="A", enabled=False), dict(sid=FO_GONE, enabled=True)]), check_mode=True)
    assert failed and result["msg"].endswith(". Check mode: it would write 1: updated %s 'A'" % result["flows"][0]["sid"])


def test_a_nested_option_of_the_wrong_type_names_the_entry_and_the_option(emulator, run):
    declared = [dict(friendly_name="A", integration=7), dict(friendly_name="B", integration=[FW]), dict(friendly_name="C", integration="flow_sid")]
    failed, result = run(flex_flows.main, dict(flows=declared))
    assert failed and sent(emulator) == []
    for expected in (
        "flows[0] (friendly_name 'A'): integration must be a dictionary of its sub-options, got an integer",
        "flows[1] (friendly_name 'B'): integration must be a dictionary of its sub-options, got a list",
        "flows[2] (friendly_name 'C'): integration must be a dictionary of its sub-options, got a string",
    ):
        assert expected in result["msg"]


def test_ten_thousand_bad_entries_give_a_readable_message(emulator, run):
    declared = [dict(friendly_name="Flow %d" % number, channel_type="fax") for number in range(10000)]
    failed, result = run(flex_flows.main, dict(flows=declared))
    assert failed and sent(emulator) == []
    assert result["msg"].startswith("The declaration has 10000 problem(s), so nothing was sent: flows[0] (friendly_name 'Flow 0'): value of channel_type")
    assert result["msg"].endswith("; ... and 9980 more")
    assert len(result["msg"]) < 5000


def test_a_listing_item_without_a_sid_is_named(emulator, run):
    # The emulator always lists its flows with a sid, so the malformed listing is answered verbatim by a body fault.
    listing = {
        "flex_flows": [make_flow(friendly_name="Good"), dict(make_flow(friendly_name="Bad"), sid=None)],
        "meta": {"next_page_url": None, "key": "flex_flows"},
    }
    emulator.inject_fault(kind="body", body=listing, method="GET", path="^/v1/FlexFlows$")
    failed, result = run(flex_flows.main, dict(flows=[dict(friendly_name="Good")], prune=True))
    assert failed and [request for request in sent(emulator) if request[0] != "GET"] == []
    assert result["msg"] == "The listing of Flex Flows answered a malformed item: item 2 of 2 has no sid, so nothing was planned"


def test_a_problem_of_an_entry_and_one_of_another_option_are_both_reported(emulator, run):
    failed, result = run(flex_flows.main, dict(flows=[dict(friendly_name="A", channel_type="fax"), "not an entry"], max_deletes="many", prun=True))
    assert failed and sent(emulator) == []
    assert "flows[0] (friendly_name 'A')" in result["msg"] and "flows[1] must be a dictionary" in result["msg"]
    assert "max_deletes" in result["msg"] and "prun" in result["msg"], result["msg"]
