# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every module's result, diff, message and warnings show no URL password, and no no_log value even as a dict key."""

from __future__ import annotations

import json

from ansible_collections.twilio.flex.plugins.modules import conversations_address_info, flex_flow, flex_flow_info, flex_flows
from ansible_collections.twilio.flex.tests.flex_emulator import ACCOUNT_SID as EMULATOR_ACCOUNT_SID
from ansible_collections.twilio.flex.tests.flex_emulator import AUTH_TOKEN as EMULATOR_AUTH_TOKEN
from ansible_collections.twilio.flex.tests.unit.plugins.modules.conftest import emulator_flow, seed_emulator

PASSWORD = "hook-password-5f1e"
HOOK_URL = "https://hooks:%s@hooks.example.com/flex" % PASSWORD
MASKED_HOOK_URL = "https://hooks:********@hooks.example.com/flex"
FO = "FO" + "4" * 32


def external_flow(**fields):
    flow = dict(sid=FO, friendly_name="Hook", integration_type="external", integration={"url": HOOK_URL, "retry_count": 1})
    flow.update(fields)
    return emulator_flow(**flow)


def shown(result):
    return json.dumps(result, sort_keys=True)


def test_flex_flow_info_masks_the_password_of_an_integration_url(emulator, run_on_emulator):
    seed_emulator(emulator, external_flow())
    for output in ("api", "declaration"):
        failed, result = run_on_emulator(flex_flow_info.main, dict(output=output))
        assert not failed
        assert result["flex_flows"][0]["integration"]["url"] == MASKED_HOOK_URL
        assert PASSWORD not in shown(result)


def test_flex_flow_info_gives_the_exact_url_when_asked_and_still_masks_the_warnings(emulator, run_on_emulator):
    # Two flows share a name that holds a URL with a password: the declaration warns about the name.
    name = "Copy of %s" % HOOK_URL
    seed_emulator(emulator, external_flow(friendly_name=name), emulator_flow(friendly_name=name))
    failed, result = run_on_emulator(flex_flow_info.main, dict(output="declaration", mask_url_passwords=False))
    assert not failed
    assert [flow["friendly_name"] for flow in result["flex_flows"]] == [name, name]
    assert HOOK_URL in [flow.get("integration", {}).get("url") for flow in result["flex_flows"]]
    assert len(result["warnings"]) == 1 and MASKED_HOOK_URL in result["warnings"][0] and PASSWORD not in result["warnings"][0]
    assert PASSWORD not in shown(result["invocation"])


def test_flex_flow_masks_the_result_and_both_sides_of_the_diff(emulator, run_on_emulator):
    seed_emulator(emulator, external_flow())
    new_url = "https://hooks:new-%s@hooks.example.com/v2" % PASSWORD
    failed, result = run_on_emulator(flex_flow.main, dict(sid=FO, integration=dict(url=new_url)), diff=True)
    assert not failed and result["changed"]
    assert result["diff"]["before"]["integration"]["url"] == MASKED_HOOK_URL
    assert result["diff"]["after"]["integration"]["url"] == "https://hooks:********@hooks.example.com/v2"
    assert result["flex_flow"]["integration"]["url"] == "https://hooks:********@hooks.example.com/v2"
    assert PASSWORD not in shown(result)
    # The write itself carried the exact URL.
    assert emulator.flows[FO]["integration"]["url"] == new_url


def test_flex_flows_masks_items_and_diff(emulator, run_on_emulator):
    seed_emulator(emulator, external_flow())
    entry = dict(friendly_name="Hook", enabled=False, integration=dict(url=HOOK_URL))
    failed, result = run_on_emulator(flex_flows.main, dict(flows=[entry]), check_mode=True, diff=True)
    assert not failed and result["changed"] is True
    item = result["flows"][0]
    assert item["before"]["integration"]["url"] == MASKED_HOOK_URL and item["after"]["integration"]["url"] == MASKED_HOOK_URL
    assert result["diff"]["before"]["Hook"]["integration"]["url"] == MASKED_HOOK_URL
    assert PASSWORD not in shown(result)


def test_a_no_log_value_in_a_diff_key_is_masked(emulator, run_on_emulator):
    # A name templated from lookup('env', 'TWILIO_AUTH_TOKEN') reaches the module as the token itself: it keys the diff.
    name = "Support %s" % EMULATOR_AUTH_TOKEN
    seed_emulator(emulator, emulator_flow(sid=FO, friendly_name=name, enabled=True))
    failed, result = run_on_emulator(flex_flows.main, dict(flows=[dict(friendly_name=name, enabled=False)]), check_mode=True, diff=True)
    assert not failed
    assert list(result["diff"]["before"]) == ["Support ********"]
    assert EMULATOR_AUTH_TOKEN not in shown(result)


def test_a_failure_message_is_masked(emulator, run_on_emulator):
    seed_emulator(emulator, external_flow())
    # An entry declaring by name a flow that cannot be created: the message names the entry, whose name holds a URL.
    failed, result = run_on_emulator(flex_flows.main, dict(flows=[dict(friendly_name="New %s" % HOOK_URL)]), check_mode=True)
    assert failed and "New %s" % MASKED_HOOK_URL in result["msg"]
    assert PASSWORD not in shown(result)


def test_conversations_address_info_masks_a_webhook_password_unless_asked(emulator, run_module):
    auto_creation = dict(enabled=True, type="webhook", webhook_url=HOOK_URL, webhook_method="post", webhook_filters=["onMessageAdded"])
    emulator.put_address(dict(address="+15555550100", type="sms", auto_creation=auto_creation))
    connection = dict(base_url=emulator.base_url, account_sid=EMULATOR_ACCOUNT_SID, auth_token=EMULATOR_AUTH_TOKEN, retry_max_time=5)
    failed, result = run_module(conversations_address_info.main, connection, credentials=False)
    assert not failed and result["conversations_addresses"][0]["auto_creation"]["webhook_url"] == MASKED_HOOK_URL
    assert PASSWORD not in shown(result)
    failed, result = run_module(conversations_address_info.main, dict(connection, mask_url_passwords=False), credentials=False)
    assert not failed and result["conversations_addresses"][0]["auto_creation"]["webhook_url"] == HOOK_URL
