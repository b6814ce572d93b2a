# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""flex_flow end to end against the emulator: the exact requests for each kind of run.

The name lookups across pages cap the page size the emulator serves; values as API strings are answered by a body fault
(the emulator stores typed values only). The checks of bad input and missing credentials run with no back end: they must
fail before any request, and any request fails them."""

from __future__ import annotations

import pytest

from ansible_collections.twilio.flex.plugins.modules import flex_flow
from ansible_collections.twilio.flex.tests.flex_emulator import AUTH_TOKEN as EMULATOR_AUTH_TOKEN
from ansible_collections.twilio.flex.tests.unit.plugins.flow_data import make_flow
from ansible_collections.twilio.flex.tests.unit.plugins.modules.conftest import emulator_flow, logged_requests, logged_writes, seed_emulator

FO = "FO" + "1" * 32
FW_OLD = "FW" + "c" * 32
FW_NEW = "FW" + "d" * 32
IS = "IS" + "b" * 32
WS = "WS" + "e" * 32
WW = "WW" + "f" * 32

WEB_CHAT = dict(
    friendly_name="Web chat",
    chat_service_sid=IS,
    channel_type="web",
    integration_type="task",
    integration=dict(workspace_sid=WS, workflow_sid=WW, channel="chat", priority=10),
)


def test_create_sends_one_post_with_every_option_in_form_names(emulator, run_on_emulator):
    failed, result = run_on_emulator(flex_flow.main, WEB_CHAT, diff=True)
    assert not failed
    assert result["changed"] is True
    assert [(call["method"], call["path"]) for call in logged_requests(emulator)] == [("GET", "/v1/FlexFlows"), ("POST", "/v1/FlexFlows")]
    assert logged_requests(emulator)[0]["query"] == {"FriendlyName": "Web chat", "PageSize": "1000"}
    assert logged_requests(emulator)[1]["form"] == {
        "FriendlyName": "Web chat",
        "ChatServiceSid": IS,
        "ChannelType": "web",
        "IntegrationType": "task",
        "Integration.WorkspaceSid": WS,
        "Integration.WorkflowSid": WW,
        "Integration.Channel": "chat",
        "Integration.Priority": "10",
    }
    created = list(emulator.flows.values())[0]
    assert result["flex_flow"] == created
    assert result["changed_fields"] == [
        "channel_type",
        "chat_service_sid",
        "friendly_name",
        "integration.channel",
        "integration.priority",
        "integration.workflow_sid",
        "integration.workspace_sid",
        "integration_type",
    ]
    assert result["diff"]["before"] == {}
    assert result["diff"]["after"]["integration"] == {"workspace_sid": WS, "workflow_sid": WW, "channel": "chat", "priority": 10}


def test_rerun_after_create_is_one_get_and_no_change(emulator, run_on_emulator):
    run_on_emulator(flex_flow.main, WEB_CHAT)
    emulator.clear_log()
    failed, result = run_on_emulator(flex_flow.main, WEB_CHAT)
    assert not failed and result["changed"] is False
    assert result["changed_fields"] == []
    assert [call["method"] for call in logged_requests(emulator)] == ["GET"]


def test_no_op_by_sid_is_exactly_one_get(emulator, run_on_emulator):
    emulator.put_flow(emulator_flow(sid=FO, enabled=True, integration={"flow_sid": FW_OLD, "retry_count": 3}))
    failed, result = run_on_emulator(flex_flow.main, dict(sid=FO, enabled="yes", integration=dict(flow_sid=FW_OLD, retry_count="3")))
    assert not failed and result["changed"] is False
    assert logged_requests(emulator) == [{"method": "GET", "path": "/v1/FlexFlows/" + FO, "query": {}, "form": {}}]


def test_values_in_api_strings_compare_equal_to_typed_options(emulator, run_on_emulator):
    # The emulator stores typed values, so the flow with values as strings is answered verbatim by a body fault.
    answered = make_flow(sid=FO, enabled="true", integration={"flow_sid": FW_OLD, "retry_count": "1"}, contact_identity="")
    emulator.inject_fault(kind="body", body=answered, method="GET", path="^/v1/FlexFlows/%s$" % FO, count=None)
    failed, result = run_on_emulator(flex_flow.main, dict(sid=FO, enabled=True, contact_identity="", integration=dict(retry_count=1)))
    assert not failed and result["changed"] is False
    assert logged_writes(emulator) == []


def test_update_posts_only_changed_fields(emulator, run_on_emulator):
    emulator.put_flow(emulator_flow(sid=FO, enabled=False, long_lived=False))
    failed, result = run_on_emulator(flex_flow.main, dict(sid=FO, enabled=True, long_lived=False))
    assert not failed and result["changed"] is True
    assert result["changed_fields"] == ["enabled"]
    assert logged_writes(emulator) == [{"method": "POST", "path": "/v1/FlexFlows/" + FO, "query": {}, "form": {"Enabled": "true"}}]
    assert [call["method"] for call in logged_requests(emulator)] == ["GET", "POST"]
    assert result["flex_flow"]["enabled"] is True


def test_integration_change_sends_every_integration_key_the_task_set(emulator, run_on_emulator):
    emulator.put_flow(emulator_flow(sid=FO, integration={"flow_sid": FW_OLD, "retry_count": 1}))
    failed, result = run_on_emulator(flex_flow.main, dict(sid=FO, integration_type="studio", enabled=True, integration=dict(flow_sid=FW_NEW, retry_count=1)))
    assert not failed
    assert result["changed_fields"] == ["integration.flow_sid"]
    assert logged_writes(emulator)[0]["form"] == {"Integration.FlowSid": FW_NEW, "Integration.RetryCount": "1"}


def test_integration_type_change_carries_the_integration(emulator, run_on_emulator):
    emulator.put_flow(emulator_flow(sid=FO))
    failed, result = run_on_emulator(flex_flow.main, dict(sid=FO, integration_type="task", integration=dict(workspace_sid=WS, workflow_sid=WW)))
    assert not failed, result
    assert result["changed_fields"] == ["integration.workflow_sid", "integration.workspace_sid", "integration_type"]
    assert logged_writes(emulator)[0]["form"] == {"IntegrationType": "task", "Integration.WorkspaceSid": WS, "Integration.WorkflowSid": WW}


def test_partial_integration_update_keeps_other_keys(emulator, run_on_emulator):
    emulator.put_flow(emulator_flow(sid=FO, integration={"flow_sid": FW_OLD, "retry_count": 3}))
    failed, result = run_on_emulator(flex_flow.main, dict(sid=FO, integration=dict(retry_count=0)), diff=True)
    assert not failed
    assert logged_writes(emulator)[0]["form"] == {"Integration.RetryCount": "0"}
    assert emulator.flows[FO]["integration"] == {"flow_sid": FW_OLD, "retry_count": 0}
    assert result["diff"]["before"]["integration"] == {"flow_sid": FW_OLD, "retry_count": 3}
    assert result["diff"]["after"]["integration"] == {"flow_sid": FW_OLD, "retry_count": 0}


def test_check_mode_reads_predicts_and_never_writes(emulator, run_on_emulator):
    emulator.put_flow(emulator_flow(sid=FO, enabled=False))
    before = dict(emulator.flows[FO])
    failed, checked = run_on_emulator(flex_flow.main, dict(sid=FO, enabled=True, friendly_name="Renamed"), check_mode=True, diff=True)
    assert not failed
    assert logged_writes(emulator) == []
    assert emulator.flows[FO] == before
    failed, real = run_on_emulator(flex_flow.main, dict(sid=FO, enabled=True, friendly_name="Renamed"), diff=True)
    assert not failed
    for key in ("changed", "changed_fields", "diff"):
        assert checked[key] == real[key]
    predicted = dict(checked["flex_flow"], date_updated=None)
    assert predicted == dict(real["flex_flow"], date_updated=None)


def test_check_mode_create_predicts_the_flow_and_sends_nothing(emulator, run_on_emulator):
    failed, result = run_on_emulator(flex_flow.main, WEB_CHAT, check_mode=True, diff=True)
    assert not failed and result["changed"] is True
    assert logged_writes(emulator) == []
    assert result["flex_flow"]["friendly_name"] == "Web chat"
    assert result["flex_flow"]["integration"]["priority"] == 10
    assert result["diff"]["before"] == {}


def test_rename_by_sid(emulator, run_on_emulator):
    emulator.put_flow(emulator_flow(sid=FO, friendly_name="Old"))
    failed, result = run_on_emulator(flex_flow.main, dict(sid=FO, friendly_name="New"))
    assert not failed and result["changed_fields"] == ["friendly_name"]
    assert logged_writes(emulator)[0]["form"] == {"FriendlyName": "New"}
    assert [call["method"] for call in logged_requests(emulator)] == ["GET", "POST"]


def test_absent_deletes_then_reports_nothing_to_do(emulator, run_on_emulator):
    emulator.put_flow(emulator_flow(sid=FO, friendly_name="Legacy SMS"))
    failed, result = run_on_emulator(flex_flow.main, dict(friendly_name="Legacy SMS", state="absent"), diff=True)
    assert not failed and result["changed"] is True
    assert result["flex_flow"] == {}
    assert result["diff"]["after"] == {} and result["diff"]["before"]["friendly_name"] == "Legacy SMS"
    assert logged_writes(emulator) == [{"method": "DELETE", "path": "/v1/FlexFlows/" + FO, "query": {}, "form": {}}]
    failed, result = run_on_emulator(flex_flow.main, dict(friendly_name="Legacy SMS", state="absent"))
    assert not failed and result["changed"] is False
    assert len(logged_writes(emulator)) == 1


def test_absent_in_check_mode_does_not_delete(emulator, run_on_emulator):
    emulator.put_flow(emulator_flow(sid=FO))
    failed, result = run_on_emulator(flex_flow.main, dict(sid=FO, state="absent"), check_mode=True)
    assert not failed and result["changed"] is True
    assert logged_writes(emulator) == [] and FO in emulator.flows


def test_absent_with_unknown_sid_is_ok(emulator, run_on_emulator):
    failed, result = run_on_emulator(flex_flow.main, dict(sid=FO, state="absent"))
    assert not failed and result["changed"] is False and result["flex_flow"] == {}


def test_present_with_unknown_sid_fails(emulator, run_on_emulator):
    failed, result = run_on_emulator(flex_flow.main, dict(sid=FO, enabled=True))
    assert failed
    assert result["msg"] == "Flex Flow %s not found" % FO
    assert logged_writes(emulator) == []


def test_lookup_by_name_follows_every_page(emulator, run_on_emulator):
    shared = [emulator_flow(friendly_name="Shared prefix") for number in range(4)]
    seed_emulator(emulator, *(shared + [emulator_flow(sid="FO" + "9" * 32, friendly_name="Wanted", enabled=False)]))
    emulator.configure(max_page_size=2)
    failed, result = run_on_emulator(flex_flow.main, dict(friendly_name="Wanted", enabled=False))
    assert not failed and result["changed"] is False
    assert result["flex_flow"]["sid"] == "FO" + "9" * 32


def test_lookup_by_name_reads_past_the_first_page(emulator, run_on_emulator):
    first, second = seed_emulator(emulator, emulator_flow(friendly_name="Twin"), emulator_flow(friendly_name="Twin"))
    emulator.configure(max_page_size=1)
    failed, result = run_on_emulator(flex_flow.main, dict(friendly_name="Twin", enabled=True))
    assert failed
    assert "2 Flex Flows are named 'Twin'" in result["msg"]
    assert first["sid"] in result["msg"] and second["sid"] in result["msg"]
    assert [call["method"] for call in logged_requests(emulator)] == ["GET", "GET"]
    assert logged_writes(emulator) == []


@pytest.mark.parametrize(
    "options, message",
    [
        (dict(sid="FO123", enabled=True), "sid must be a Flex Flow SID"),
        (dict(sid="FW" + "1" * 32, enabled=True), "sid must be a Flex Flow SID"),
        (dict(friendly_name="x", chat_service_sid="IS12"), "chat_service_sid must be a Chat Service SID"),
        (dict(friendly_name="x", channel_type="SMS"), "channel_type must be one of"),
        (dict(friendly_name="x", integration=dict(retry_count=4)), "integration.retry_count must be between 0 and 3"),
        (dict(friendly_name="x", integration=dict(url="ftp://example.com/hook")), "integration.url must be an absolute http"),
        (dict(friendly_name=""), "friendly_name must not be empty"),
        (dict(friendly_name="x", integration=dict(unknown=1)), "unknown"),
        (dict(friendly_name="x", integration="flow"), "integration must be a dictionary of its sub-options, got a string"),
        (dict(friendly_name="x", integration=5), "integration must be a dictionary of its sub-options, got an integer"),
        (dict(friendly_name="x", integration=[1, 2]), "integration must be a dictionary of its sub-options, got a list"),
        (dict(friendly_name="x", base_url="https://proxy.example.com/v1"), "base_url must hold the scheme and host only"),
        (dict(friendly_name="x", region="au1"), "region au1 needs an edge"),
    ],
)
def test_bad_input_fails_before_any_request(attempted_requests, run_module, options, message):
    failed, result = run_module(flex_flow.main, options)
    assert failed
    assert message in result["msg"]
    assert attempted_requests == []


def test_every_problem_of_the_options_is_reported_at_once_before_any_request(attempted_requests, run_module):
    options = dict(
        sid="FO123",
        chat_service_sid="IS12",
        integration_type="task",
        integration=dict(workspace_sid=WS, workflow_sid=WW, retry_count=4, channel="TC" + "z" * 32, timeout="soon"),
    )
    failed, result = run_module(flex_flow.main, options)
    assert failed
    assert attempted_requests == []
    problems = result["msg"].split("; ")
    assert [problem.split(" ")[0] for problem in problems] == [
        "argument",
        "chat_service_sid",
        "integration.retry_count",
        "sid",
        "integration.channel",
        "integration.retry_count",
    ]
    assert "'timeout'" in problems[0]
    assert problems[2] == "integration.retry_count must be between 0 and 3, got 4"
    assert problems[5].startswith("integration.retry_count does not apply to integration_type task")


def test_merged_state_rules_fail_before_any_write(emulator, run_on_emulator):
    emulator.put_flow(emulator_flow(sid=FO))
    failed, result = run_on_emulator(flex_flow.main, dict(sid=FO, integration_type="external"))
    assert failed
    assert result["msg"] == "integration_type external requires integration.url"
    failed, result = run_on_emulator(flex_flow.main, dict(sid=FO, integration=dict(priority=3)))
    assert failed
    assert "integration.priority does not apply to integration_type studio" in result["msg"]
    assert logged_writes(emulator) == []


def test_create_needs_the_required_fields(emulator, run_on_emulator):
    failed, result = run_on_emulator(flex_flow.main, dict(friendly_name="New", channel_type="sms", integration=dict(flow_sid=FW_NEW)))
    assert failed
    assert result["msg"] == "creating a Flex Flow needs chat_service_sid"
    assert logged_writes(emulator) == []


def test_api_error_reports_method_path_status_code_and_more_info(emulator, run_on_emulator):
    emulator.put_flow(emulator_flow(sid=FO))
    emulator.inject_fault(status=400, code=20001, message="Invalid parameter", method="POST")
    failed, result = run_on_emulator(flex_flow.main, dict(sid=FO, enabled=False))
    assert failed
    assert result["status"] == 400 and result["code"] == 20001
    assert result["more_info"] == "https://www.twilio.com/docs/errors/20001"
    assert result["msg"].startswith("POST /v1/FlexFlows/%s failed with HTTP 400: Twilio error 20001: Invalid parameter" % FO)


def test_unauthorised_names_the_account_sid_and_not_the_token(emulator, run_on_emulator):
    emulator.inject_fault(status=401, code=20003, message="Authenticate")
    failed, result = run_on_emulator(flex_flow.main, dict(sid=FO, enabled=True))
    assert failed
    assert "account SID AC" in result["msg"]
    assert EMULATOR_AUTH_TOKEN not in repr(result)


def test_no_credentials_names_options_and_environment(attempted_requests, run_module, monkeypatch):
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_KEY", "TWILIO_API_SECRET"):
        monkeypatch.delenv(name, raising=False)
    failed, result = run_module(flex_flow.main, dict(sid=FO), credentials=False)
    assert failed
    for name in ("auth_token", "api_key", "api_secret", "TWILIO_AUTH_TOKEN", "TWILIO_API_KEY", "TWILIO_API_SECRET"):
        assert name in result["msg"]
    assert attempted_requests == []
