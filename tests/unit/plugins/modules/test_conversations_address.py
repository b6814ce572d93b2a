# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""conversations_address and conversations_address_info over real HTTP against the emulator: the exact requests of each kind of run."""

from __future__ import annotations

import pytest

from ansible_collections.twilio.flex.plugins.modules import conversations_address, conversations_address_info
from ansible_collections.twilio.flex.tests.flex_emulator import ACCOUNT_SID, AUTH_TOKEN

IS = "IS" + "0" * 32
FW = "FW" + "1" * 32
NUMBER = "+15555550100"
WEBHOOK = dict(
    enabled=True,
    type="webhook",
    conversation_service_sid=IS,
    webhook_url="https://hooks.example.com/flex",
    webhook_method="post",
    webhook_filters=["onMessageAdded", "onMessageUpdated"],
)


@pytest.fixture
def run(emulator, run_module):
    def run_address(main, options, **kwargs):
        options = dict(options, base_url=emulator.base_url, account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, retry_max_time=5)
        return run_module(main, options, credentials=False, **kwargs)

    return run_address


def sent(emulator):
    return [(entry["method"], entry["path"]) for entry in emulator.request_log]


@pytest.fixture
def support_number(emulator):
    address = emulator.put_address(dict(address=NUMBER, type="sms", friendly_name="Support", auto_creation=WEBHOOK))
    emulator.clear_log()
    return address


def test_a_no_op_by_address_is_one_get_of_the_encoded_address(emulator, run, support_number):
    failed, result = run(
        conversations_address.main, dict(address=NUMBER, type="sms", auto_creation=dict(WEBHOOK, webhook_filters=["onMessageUpdated", "onMessageAdded"]))
    )
    assert not failed and result["changed"] is False, result
    assert sent(emulator) == [("GET", "/v1/Configuration/Addresses/%2B15555550100")]
    assert result["conversations_address"]["sid"] == support_number["sid"]


def test_create_is_one_get_and_one_post_and_check_mode_predicts_it(emulator, run):
    options = dict(address="whatsapp:+15555550101", type="whatsapp", friendly_name="WhatsApp", auto_creation=WEBHOOK)
    failed, planned = run(conversations_address.main, options, check_mode=True, diff=True)
    assert not failed and planned["changed"] is True and emulator.addresses == {}
    assert sent(emulator) == [("GET", "/v1/Configuration/Addresses/whatsapp%3A%2B15555550101")]
    emulator.clear_log()
    failed, created = run(conversations_address.main, options, diff=True)
    assert not failed and created["changed"] is True
    assert [method for method, _path in sent(emulator)] == ["GET", "POST"]
    form = emulator.request_log[1]["form"]
    assert form["Type"] == "whatsapp" and form["Address"] == "whatsapp:+15555550101"
    assert sorted(form["AutoCreation.WebhookFilters"]) == ["onMessageAdded", "onMessageUpdated"]
    assert (planned["changed_fields"], planned["diff"]) == (created["changed_fields"], created["diff"])
    assert created["conversations_address"]["sid"] in emulator.addresses


def test_an_update_sends_only_the_auto_creation_keys_the_task_set(emulator, run, support_number):
    options = dict(sid=support_number["sid"], auto_creation=dict(type="studio", studio_flow_sid=FW, studio_retry_count=2))
    failed, result = run(conversations_address.main, options, diff=True)
    assert not failed and result["changed_fields"] == ["auto_creation.studio_flow_sid", "auto_creation.studio_retry_count", "auto_creation.type"]
    assert sent(emulator) == [("GET", "/v1/Configuration/Addresses/" + support_number["sid"]), ("POST", "/v1/Configuration/Addresses/" + support_number["sid"])]
    assert emulator.request_log[1]["form"] == {"AutoCreation.Type": "studio", "AutoCreation.StudioFlowSid": FW, "AutoCreation.StudioRetryCount": "2"}
    assert result["diff"]["before"]["auto_creation"]["type"] == "webhook" and result["diff"]["after"]["auto_creation"]["type"] == "studio"


@pytest.mark.parametrize(
    "options, message",
    [
        (dict(type="whatsapp"), "type can only be set when the Address Configuration is created"),
        (dict(address_country="GB"), "address_country can only be set when the Address Configuration is created"),
        (dict(auto_creation=dict(studio_flow_sid=FW)), "auto_creation.studio_flow_sid does not apply to auto_creation.type webhook"),
    ],
)
@pytest.mark.parametrize("check_mode", [True, False])
def test_refused_changes_fail_before_any_write_in_check_mode_too(emulator, run, support_number, options, message, check_mode):
    failed, result = run(conversations_address.main, dict(options, address=NUMBER), check_mode=check_mode)
    assert failed and message in result["msg"]
    assert [method for method, _path in sent(emulator)] == ["GET"]


def test_absent_deletes_once(emulator, run, support_number):
    failed, result = run(conversations_address.main, dict(address=NUMBER, state="absent"))
    assert not failed and result["changed"] is True and emulator.addresses == {}
    failed, again = run(conversations_address.main, dict(address=NUMBER, state="absent"))
    assert not failed and again["changed"] is False
    assert [method for method, _path in sent(emulator)] == ["GET", "DELETE", "GET"]


def test_a_missing_sid_fails_and_is_never_created(emulator, run):
    failed, result = run(conversations_address.main, dict(sid="IG" + "f" * 32, friendly_name="x"))
    assert failed and result["msg"] == "Address Configuration IG%s not found" % ("f" * 32)
    assert [method for method, _path in sent(emulator)] == ["GET"]


def test_a_create_whose_answer_is_lost_is_adopted_not_resent(emulator, run):
    emulator.inject_fault(kind="drop_mid_response", method="POST")
    failed, result = run(conversations_address.main, dict(address=NUMBER, type="sms"))
    assert not failed and result["changed"] is True
    assert [method for method, _path in sent(emulator)] == ["GET", "POST", "GET"]
    assert len(emulator.addresses) == 1


def test_api_errors_carry_twilios_details(emulator, run, support_number):
    emulator.inject_fault(status=400, code=20001, method="POST", message="Invalid parameter")
    failed, result = run(conversations_address.main, dict(address=NUMBER, friendly_name="New name"))
    assert failed and (result["status"], result["code"]) == (400, 20001)
    assert "POST /v1/Configuration/Addresses/%s failed with HTTP 400" % support_number["sid"] in result["msg"]


def test_info_reads_every_page_of_fifty_and_filters_by_type(emulator, run):
    for number in range(60):
        emulator.put_address(dict(address="+1555555%04d" % number, type="sms" if number % 3 else "whatsapp", auto_creation=dict(enabled=True, type="default")))
    emulator.clear_log()
    failed, result = run(conversations_address_info.main, {})
    assert not failed and len(result["conversations_addresses"]) == 60
    assert [entry["query"].get("PageSize") for entry in emulator.request_log][:1] == ["50"] and len(emulator.request_log) == 2
    failed, result = run(conversations_address_info.main, dict(type="whatsapp"))
    assert not failed and len(result["conversations_addresses"]) == 20
    assert emulator.request_log[-1]["query"]["Type"] == "whatsapp"
    # The type is taken in any case, as the modules that set it take it, and sent as Twilio names it.
    failed, result = run(conversations_address_info.main, dict(type="WhatsApp"))
    assert not failed and emulator.request_log[-1]["query"]["Type"] == "whatsapp"


@pytest.mark.parametrize("key", ["sid", "address"])
def test_info_reads_one_by_sid_or_address_and_a_missing_one_is_empty(emulator, run, support_number, key):
    failed, result = run(conversations_address_info.main, {key: support_number[key]})
    assert not failed and [address["sid"] for address in result["conversations_addresses"]] == [support_number["sid"]]
    failed, result = run(conversations_address_info.main, {key: "IG" + "e" * 32 if key == "sid" else "+19999999999"})
    assert not failed and result["conversations_addresses"] == []
    assert len(emulator.request_log) == 2


def check_then_apply(run, options):
    """The same task in check mode, then for real: both results, each with diff."""
    failed, checked = run(conversations_address.main, options, check_mode=True, diff=True)
    assert not failed, checked
    failed, applied = run(conversations_address.main, options, diff=True)
    assert not failed, applied
    return checked, applied


def without_date_updated(address):
    return dict(address, date_updated=None)


def test_check_mode_predicts_a_switch_from_webhook_to_studio_as_the_run_returns_it(emulator, run, support_number):
    options = dict(address=NUMBER, auto_creation=dict(type="studio", studio_flow_sid=FW, studio_retry_count=2))
    checked, applied = check_then_apply(run, options)
    # The webhook keys are gone in both; the service SID, which both types have, is kept.
    assert applied["conversations_address"]["auto_creation"] == dict(
        enabled=True, type="studio", conversation_service_sid=IS, studio_flow_sid=FW, studio_retry_count=2
    )
    assert without_date_updated(checked["conversations_address"]) == without_date_updated(applied["conversations_address"])
    for key in ("changed", "changed_fields", "diff"):
        assert checked[key] == applied[key], key
    assert applied["diff"]["after"]["auto_creation"] == dict(enabled=True, type="studio", conversation_service_sid=IS, studio_flow_sid=FW, studio_retry_count=2)


@pytest.mark.parametrize(
    "auto_creation, unknown",
    [
        # Twilio documents no value for a key of the new type that the update does not send.
        (dict(type="studio", studio_flow_sid=FW), ["studio_retry_count"]),
        # Nor whether a switch to default keeps the Conversations Service.
        (dict(type="default"), ["conversation_service_sid"]),
    ],
)
def test_check_mode_claims_no_value_twilio_does_not_document(emulator, run, support_number, auto_creation, unknown):
    checked, applied = check_then_apply(run, dict(address=NUMBER, auto_creation=auto_creation))
    predicted = checked["conversations_address"]["auto_creation"]
    answered = applied["conversations_address"]["auto_creation"]
    assert not set(predicted) & set(unknown) and not set(checked["diff"]["after"]["auto_creation"]) & set(unknown)
    assert predicted == dict((key, value) for key, value in answered.items() if key not in unknown)
    assert not set(predicted) & {"webhook_url", "webhook_method", "webhook_filters"}
    for key in ("changed", "changed_fields", "diff"):
        assert checked[key] == applied[key], key


def test_check_mode_keeps_the_apis_form_of_values_it_does_not_change(emulator, run):
    answered_form = dict(WEBHOOK, webhook_method="POST", webhook_filters=["onMessageUpdated", "onMessageAdded"])
    emulator.put_address(dict(address=NUMBER, type="sms", friendly_name="Support", auto_creation=answered_form))
    options = dict(address=NUMBER, friendly_name="Renamed", auto_creation=dict(webhook_method="post", webhook_filters=["onMessageAdded", "onMessageUpdated"]))
    checked, applied = check_then_apply(run, options)
    assert applied["conversations_address"]["auto_creation"] == answered_form
    assert without_date_updated(checked["conversations_address"]) == without_date_updated(applied["conversations_address"])


def test_check_mode_predicts_the_case_the_api_answers_a_changed_webhook_method_in(emulator, run, support_number):
    checked, applied = check_then_apply(run, dict(address=NUMBER, auto_creation=dict(webhook_method="get")))
    assert applied["conversations_address"]["auto_creation"]["webhook_method"] == "GET"
    assert without_date_updated(checked["conversations_address"]) == without_date_updated(applied["conversations_address"])


def test_a_switch_needs_the_keys_of_the_new_type_from_the_task_since_the_former_ones_are_dropped(emulator, run):
    # An address whose answer holds a studio flow SID beside webhook keys (possible out of band): a switch to studio
    # does not keep it, so the task must give it.
    emulator.put_address(dict(address=NUMBER, type="sms", auto_creation=dict(WEBHOOK, studio_flow_sid=FW)))
    emulator.clear_log()
    failed, result = run(conversations_address.main, dict(address=NUMBER, auto_creation=dict(type="studio")), check_mode=True)
    assert failed and "auto_creation.type studio requires auto_creation.studio_flow_sid" in result["msg"]
    assert [method for method, _path in sent(emulator)] == ["GET"]


@pytest.mark.parametrize("value", [".", ".."])
@pytest.mark.parametrize(
    "main, options",
    [
        (conversations_address.main, dict(type="sms")),
        (conversations_address.main, dict(state="absent")),
        (conversations_address_info.main, {}),
    ],
)
def test_an_address_that_would_change_the_request_path_is_refused_before_any_request(emulator, run, main, options, value):
    failed, result = run(main, dict(options, address=value))
    assert failed and result["msg"].startswith("address must not be %r" % value)
    assert emulator.request_log == []


@pytest.mark.parametrize("main", [conversations_address.main, conversations_address_info.main])
def test_an_empty_address_is_refused_before_any_request(emulator, run, main):
    failed, result = run(main, dict(address=""))
    assert failed and "address must not be empty" in result["msg"]
    assert emulator.request_log == []


@pytest.mark.parametrize("value, segment", [("...", "..."), (".%2e", ".%252e"), ("a/..", "a%2F.."), (" ..", "%20..")])
def test_other_addresses_with_dots_are_one_segment_of_the_path(emulator, run, value, segment):
    failed, result = run(conversations_address_info.main, dict(address=value))
    assert not failed and result["conversations_addresses"] == []
    assert sent(emulator) == [("GET", "/v1/Configuration/Addresses/" + segment)]


def test_choices_compared_without_case_accept_any_case_so_an_answer_can_be_fed_back(emulator, run):
    options = dict(
        address="+15555550102",
        type="SMS",
        auto_creation=dict(enabled=True, type="Webhook", webhook_url="https://hooks.example.com/flex", webhook_method="POST"),
    )
    failed, result = run(conversations_address.main, options)
    assert not failed, result
    assert emulator.request_log[-1]["form"]["Type"] == "sms" and emulator.request_log[-1]["form"]["AutoCreation.WebhookMethod"] == "post"
    answered = result["conversations_address"]
    assert answered["auto_creation"]["webhook_method"] == "POST"
    fed_back = dict(address=answered["address"], type=answered["type"].upper(), auto_creation=dict(answered["auto_creation"]))
    emulator.clear_log()
    failed, again = run(conversations_address.main, fed_back)
    assert not failed and again["changed"] is False, again
    assert sent(emulator) == [("GET", "/v1/Configuration/Addresses/%2B15555550102")]


def test_info_with_output_declaration_gives_entries_sorted_by_address_in_table_order_without_server_keys(emulator, run):
    emulator.put_address(dict(address="+15555550102", type="whatsapp", auto_creation=dict(enabled=True, type="studio", studio_flow_sid=FW)))
    emulator.put_address(dict(address=NUMBER, type="sms", friendly_name="Support", auto_creation=WEBHOOK))
    emulator.clear_log()
    failed, result = run(conversations_address_info.main, dict(output="declaration"))
    assert not failed, result
    entries = result["conversations_addresses"]
    assert entries == [
        dict(
            address=NUMBER,
            type="sms",
            friendly_name="Support",
            auto_creation=WEBHOOK,
        ),
        dict(address="+15555550102", type="whatsapp", auto_creation=dict(enabled=True, type="studio", studio_flow_sid=FW)),
    ]
    assert list(entries[0]) == ["address", "type", "friendly_name", "auto_creation"]
    assert list(entries[0]["auto_creation"]) == ["enabled", "type", "conversation_service_sid", "webhook_url", "webhook_method", "webhook_filters"]
    assert sent(emulator) == [("GET", "/v1/Configuration/Addresses")]


def test_the_info_declaration_is_in_sync_when_applied_as_it_is(emulator, run):
    emulator.put_address(dict(address=NUMBER, type="sms", friendly_name="Support", auto_creation=WEBHOOK))
    emulator.put_address(dict(address="+15555550102", type="whatsapp", auto_creation=dict(enabled=False, type="default")))
    failed, result = run(conversations_address_info.main, dict(output="declaration"))
    assert not failed, result
    for entry in result["conversations_addresses"]:
        emulator.clear_log()
        options = dict(entry, auto_creation=dict(entry["auto_creation"]))
        failed, applied = run(conversations_address.main, options)
        assert not failed and applied["changed"] is False, applied
        assert [method for method, _path in sent(emulator)] == ["GET"]


def test_the_info_declaration_keeps_only_the_keys_of_the_address_auto_creation_type(emulator, run):
    # An answer may still carry a key of another auto-creation type; the module would refuse it in an entry ("does not apply").
    emulator.put_address(dict(address=NUMBER, type="sms", auto_creation=dict(WEBHOOK, studio_retry_count=3)))
    failed, answered = run(conversations_address_info.main, dict(output="api"))
    assert not failed and answered["conversations_addresses"][0]["auto_creation"]["studio_retry_count"] == 3, answered
    failed, result = run(conversations_address_info.main, dict(output="declaration"))
    assert not failed, result
    assert "studio_retry_count" not in result["conversations_addresses"][0]["auto_creation"]
    assert result["conversations_addresses"][0]["auto_creation"]["webhook_url"] == WEBHOOK["webhook_url"]
