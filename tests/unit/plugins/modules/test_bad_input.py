# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Bad input, table-driven, over real HTTP against the emulator: each fails naming the option and the rule, and the
emulator's request log shows nothing was sent (or, for rules on the merged state, nothing was written). Input that
Twilio accepts must work."""

from __future__ import annotations

import pytest

from ansible_collections.twilio.flex.plugins.modules import (
    conversations_address,
    conversations_address_info,
    conversations_addresses,
    flex_flow,
    flex_flow_info,
    taskrouter,
)
from ansible_collections.twilio.flex.tests.flex_emulator import ACCOUNT_SID, API_KEY, API_SECRET, AUTH_TOKEN

HEX = "0123456789abcdef" * 2
IS, FW, WS, WW = "IS" + HEX, "FW" + HEX, "WS" + HEX, "WW" + HEX
NEW = dict(friendly_name="New flow", chat_service_sid=IS, channel_type="sms")
# The workspace the taskrouter cases manage: Flex's defaults (Offline its default activity, the queue Everyone).
FLEX = "Flex Task Assignment"
BEFORE_ANY_REQUEST = "before any request"
BEFORE_ANY_WRITE = "before any write"


def refused_auto_creation(message, **auto_creation):
    """A case of conversations_address refusing the auto_creation of a new address before any request."""
    return ("address", dict(address="+15555550100", auto_creation=auto_creation), message, BEFORE_ANY_REQUEST)


# (module, options, fragment of the message, when it must fail). "existing" in options is replaced by the SID of a studio flow.
# The module name in ansible-core's own messages is that of the running file: basic.py when run in-process like here.
BAD_INPUT = [
    ("flow", dict(sid="FO123", enabled=True), "sid must be a Flex Flow SID: FO followed by 32 hexadecimal digits", BEFORE_ANY_REQUEST),
    ("flow", dict(sid="FW" + HEX, enabled=True), "sid must be a Flex Flow SID", BEFORE_ANY_REQUEST),
    ("flow", dict(sid="fo" + HEX, enabled=True), "sid must be a Flex Flow SID", BEFORE_ANY_REQUEST),
    ("flow", dict(sid="FO" + "g" * 32, enabled=True), "sid must be a Flex Flow SID", BEFORE_ANY_REQUEST),
    ("flow", dict(sid="FO" + HEX + "0", enabled=True), "sid must be a Flex Flow SID", BEFORE_ANY_REQUEST),
    # A trailing newline is not part of a SID, even where a pattern's "$" would let it through.
    ("flow", dict(sid="FO" + HEX + "\n", enabled=True), "sid must be a Flex Flow SID", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, chat_service_sid=IS + "\n"), "chat_service_sid must be a Chat Service SID", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, chat_service_sid="IS123"), "chat_service_sid must be a Chat Service SID", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, chat_service_sid=WS), "chat_service_sid must be a Chat Service SID", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, integration=dict(flow_sid="FO" + HEX)), "integration.flow_sid must be a Studio Flow SID", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, integration=dict(workspace_sid=WW)), "integration.workspace_sid must be a TaskRouter Workspace SID", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, integration=dict(workflow_sid=WS)), "integration.workflow_sid must be a TaskRouter Workflow SID", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, channel_type="SMS"), "value of channel_type must be one of: web, sms, facebook, whatsapp, line, custom, got: SMS", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, channel_type="email"), "value of channel_type must be one of", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, integration_type="Studio"), "value of integration_type must be one of: studio, external, task", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, state="deleted"), "value of state must be one of: present, absent", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, colour="blue"), "Unsupported parameters for (basic.py) module: colour", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, integration=dict(flow_sid=FW, retries=2)), "retries", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, integration=dict(retry_count=-1)), "integration.retry_count must be between 0 and 3, got -1", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, integration=dict(retry_count=4)), "integration.retry_count must be between 0 and 3, got 4", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, integration=dict(retry_count="three")), "retry_count", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, integration=dict(priority=-1)), "integration.priority must be between 0 and 2147483647", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, integration=dict(priority=2**31)), "integration.priority must be between 0 and 2147483647", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, integration=dict(timeout=0)), "integration.timeout must be between 1 and 1209600", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, integration=dict(timeout=1209601)), "integration.timeout must be between 1 and 1209600", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, integration=dict(url="ftp://hooks.example.com/x")), "integration.url must be an absolute http:// or https:// URL", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, integration=dict(url="hooks.example.com/x")), "integration.url must be an absolute http", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, integration=dict(url="")), "integration.url must not be empty", BEFORE_ANY_REQUEST),
    # A URL copied from a masked result would replace the live password with the mask.
    ("flow", dict(NEW, integration=dict(url="https://u:********@hooks.example.com/x")), "integration.url holds the mask", BEFORE_ANY_REQUEST),
    (
        "address",
        dict(address="+15555550100", type="sms", auto_creation=dict(type="webhook", webhook_url="https://u:********@hooks.example.com/x")),
        "auto_creation.webhook_url holds the mask",
        BEFORE_ANY_REQUEST,
    ),
    ("flow", dict(NEW, integration=dict(channel="")), "integration.channel must not be empty", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, integration=dict(channel="TC" + "z" * 32)), "integration.channel looks like a Task Channel SID", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, integration=dict(channel="c" * 65)), "integration.channel must be at most 64 characters long", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, friendly_name=""), "friendly_name must not be empty", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, chat_service_sid=""), "chat_service_sid must not be empty", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, enabled="maybe"), "enabled", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, integration=[dict(flow_sid=FW)]), "integration must be a dictionary of its sub-options, got a list", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, integration="flow_sid"), "integration must be a dictionary of its sub-options, got a string", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, integration=7), "integration must be a dictionary of its sub-options, got an integer", BEFORE_ANY_REQUEST),
    ("flow", dict(enabled=True), "one of the following is required: sid, friendly_name", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, region="au1"), "region au1 needs an edge", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, region="AU1", edge="sydney"), "region must be a lowercase host label", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, base_url="https://flex-api.twilio.com/v1"), "base_url must hold the scheme and host only", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, base_url="https://flex-api.twilio.com", region="us1"), "base_url cannot be combined with region or edge", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, base_url="ftp://flex-api.twilio.com"), "base_url must be an http:// or https:// URL", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, api_key=API_KEY, api_secret=API_SECRET), "auth_token and api_key/api_secret are mutually exclusive", BEFORE_ANY_REQUEST),
    (
        "flow",
        dict(NEW, account_sid=None, auth_token=None),
        "No Twilio credentials: set account_sid and auth_token, or api_key and api_secret",
        BEFORE_ANY_REQUEST,
    ),
    ("flow", dict(NEW, auth_token=None, api_key=API_KEY), "api_key needs api_secret", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, account_sid="AC123"), "account_sid must be AC followed by 32 hexadecimal digits", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, auth_token=None, api_key=ACCOUNT_SID, api_secret=API_SECRET), "api_key must be an API key SID", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, http_timeout=0), "http_timeout must be a number of seconds greater than 0", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, retries=-1), "retries must be 0 or more", BEFORE_ANY_REQUEST),
    ("flow", dict(NEW, retry_max_time=-5), "retry_max_time must be 0 or more seconds", BEFORE_ANY_REQUEST),
    ("flow", dict(sid="existing", integration_type="external"), "integration_type external requires integration.url", BEFORE_ANY_WRITE),
    (
        "flow",
        dict(sid="existing", integration_type="task", integration=dict(workspace_sid=WS)),
        "integration_type task requires integration.workflow_sid",
        BEFORE_ANY_WRITE,
    ),
    ("flow", dict(sid="existing", integration=dict(priority=3)), "integration.priority does not apply to integration_type studio", BEFORE_ANY_WRITE),
    (
        "flow",
        dict(sid="existing", integration_type="task", integration=dict(workspace_sid=WS, workflow_sid=WW, retry_count=1)),
        "integration.retry_count does not apply to integration_type task",
        BEFORE_ANY_REQUEST,
    ),
    ("flow", dict(friendly_name="Not there", channel_type="sms"), "creating a Flex Flow needs chat_service_sid", BEFORE_ANY_WRITE),
    ("flow", dict(NEW), "a new Flex Flow without integration_type (Twilio makes it studio) requires integration.flow_sid", BEFORE_ANY_WRITE),
    ("info", dict(sid="FO1"), "sid must be a Flex Flow SID", BEFORE_ANY_REQUEST),
    ("info", dict(sid="FO" + HEX, friendly_name="x"), "parameters are mutually exclusive: sid|friendly_name", BEFORE_ANY_REQUEST),
    ("info", dict(region="de1"), "region de1 needs an edge", BEFORE_ANY_REQUEST),
    ("info", dict(state="absent"), "Unsupported parameters for (basic.py) module: state", BEFORE_ANY_REQUEST),
    ("info", dict(account_sid=None, auth_token=None), "No Twilio credentials", BEFORE_ANY_REQUEST),
    ("info", dict(base_url="https://proxy.example.com/flex"), "base_url must hold the scheme and host only", BEFORE_ANY_REQUEST),
    (
        "address",
        dict(address="+15555550100", type="fax"),
        "value of type must be one of: sms, whatsapp, messenger, gbm, email, rcs, apple, chat",
        BEFORE_ANY_REQUEST,
    ),
    ("address", dict(address="+15555550100", type="Fax"), "value of type must be one of", BEFORE_ANY_REQUEST),
    refused_auto_creation("value of webhook_method must be one of: get, post", webhook_method="PUT"),
    ("address", dict(sid="IG1", friendly_name="x"), "sid must be an Address Configuration SID: IG followed by 32 hexadecimal digits", BEFORE_ANY_REQUEST),
    ("address", dict(sid="FO" + HEX, friendly_name="x"), "sid must be an Address Configuration SID", BEFORE_ANY_REQUEST),
    ("address", dict(address="+15555550100", address_country="USA"), "address_country must be an ISO 3166-1 alpha-2 country code", BEFORE_ANY_REQUEST),
    refused_auto_creation("auto_creation.studio_retry_count must be between 0 and 3, got 4", studio_retry_count=4),
    refused_auto_creation("auto_creation.studio_flow_sid must be a Studio Flow SID", studio_flow_sid="FO" + HEX),
    refused_auto_creation("auto_creation.conversation_service_sid must be a Conversations Service SID", conversation_service_sid="IS1"),
    refused_auto_creation("auto_creation.webhook_url must be an absolute", webhook_url="hooks.example.com/x"),
    refused_auto_creation("value of webhook_method must be one of: get, post", webhook_method="put"),
    refused_auto_creation("value of type must be one of: webhook, studio, default", type="sometimes"),
    refused_auto_creation("auto_creation.webhook_url does not apply to auto_creation.type studio", type="studio", webhook_url="https://hooks.example.com/x"),
    refused_auto_creation("auto_creation.webhook_filters must not hold empty items", webhook_filters=["onMessageAdded", ""]),
    (
        "address",
        dict(address="+15555550100", auto_creation="studio"),
        "auto_creation must be a dictionary of its sub-options, got a string",
        BEFORE_ANY_REQUEST,
    ),
    refused_auto_creation("enabled", enabled="maybe"),
    ("address", dict(address="+15555550100", friendly_name="x" * 257), "friendly_name must be at most 256 characters long, got 257", BEFORE_ANY_REQUEST),
    ("address", dict(type="sms"), "one of the following is required: sid, address", BEFORE_ANY_REQUEST),
    ("address", dict(address="+15555550100", colour="blue"), "Unsupported parameters for (basic.py) module: colour", BEFORE_ANY_REQUEST),
    (
        "address",
        dict(address="+15555550100", base_url="https://conversations.twilio.com/v1"),
        "base_url must hold the scheme and host only (such as https://conversations.twilio.com)",
        BEFORE_ANY_REQUEST,
    ),
    ("address", dict(sid="existing_address", type="whatsapp"), "type can only be set when the Address Configuration is created", BEFORE_ANY_WRITE),
    ("address", dict(sid="existing_address", address="+15555550999"), "address can only be set when the Address Configuration is created", BEFORE_ANY_WRITE),
    (
        "address",
        dict(sid="existing_address", auto_creation=dict(type="studio")),
        "auto_creation.type studio requires auto_creation.studio_flow_sid",
        BEFORE_ANY_WRITE,
    ),
    ("address", dict(address="+15555550999", friendly_name="New"), "creating an Address Configuration needs type", BEFORE_ANY_WRITE),
    ("address_info", dict(sid="IG1"), "sid must be an Address Configuration SID", BEFORE_ANY_REQUEST),
    ("address_info", dict(address="+15555550100", type="sms"), "parameters are mutually exclusive: sid|address|type", BEFORE_ANY_REQUEST),
    ("address_info", dict(type="fax"), "value of type must be one of", BEFORE_ANY_REQUEST),
    (
        "addresses",
        dict(addresses=[dict(address="+15555550100", type="fax")]),
        "addresses[0] (address '+15555550100'): value of type must be one of",
        BEFORE_ANY_REQUEST,
    ),
    ("addresses", dict(addresses=[dict(sid="IG1", friendly_name="x")]), "addresses[0] (sid IG1): sid must be an Address Configuration SID", BEFORE_ANY_REQUEST),
    ("addresses", dict(addresses=[dict(address="..", type="sms")]), "addresses[0] (address '..'): address must not be '..'", BEFORE_ANY_REQUEST),
    (
        "addresses",
        dict(addresses=[dict(address="+15555550100", state="absent")], prune=True),
        "prune=true needs at least one entry of addresses",
        BEFORE_ANY_REQUEST,
    ),
    ("addresses", dict(addresses=[dict(address="+15555550100")], max_deletes=-1), "max_deletes must be 0 or more, got -1", BEFORE_ANY_REQUEST),
    (
        "addresses",
        dict(addresses=[dict(address="+15555550100", type="whatsapp")]),
        "type can only be set when the Address Configuration is created",
        BEFORE_ANY_WRITE,
    ),
    ("addresses", dict(addresses=[dict(address="+15555550999", friendly_name="New")]), "creating an Address Configuration needs type", BEFORE_ANY_WRITE),
    ("taskrouter", dict(workspace=FLEX, activities=[dict(sid="WA1")]), "activities[0] (sid WA1): sid must be an activity SID", BEFORE_ANY_REQUEST),
    (
        "taskrouter",
        dict(workspace=FLEX, activities=[dict(friendly_name="A", colour="blue")]),
        "activities[0] (friendly_name 'A'): unknown option(s)",
        BEFORE_ANY_REQUEST,
    ),
    (
        "taskrouter",
        dict(workspace=FLEX, task_channels=[dict(friendly_name="Fax")]),
        "needs sid or unique_name to identify the task channel",
        BEFORE_ANY_REQUEST,
    ),
    (
        "taskrouter",
        dict(workspace=FLEX, task_queues=[dict(friendly_name="Q", max_reserved_workers=0)]),
        "task_queues[0] (friendly_name 'Q'): max_reserved_workers must be between 1 and 50, got 0",
        BEFORE_ANY_REQUEST,
    ),
    (
        "taskrouter",
        dict(workspace=FLEX, task_queues=[dict(friendly_name="Q", task_order="fifo")]),
        "value of task_order must be one of: FIFO, LIFO",
        BEFORE_ANY_REQUEST,
    ),
    (
        "taskrouter",
        dict(workspace=FLEX, workflows=[dict(friendly_name="W", task_reservation_timeout=86401)]),
        "task_reservation_timeout must be between 1 and 86400",
        BEFORE_ANY_REQUEST,
    ),
    (
        "taskrouter",
        dict(workspace=FLEX, workflows=[dict(friendly_name="W", configuration="[1")]),
        "configuration must be a JSON object or its JSON text",
        BEFORE_ANY_REQUEST,
    ),
    (
        "taskrouter",
        dict(workspace=FLEX, workflows=[dict(friendly_name="W", configuration=5)]),
        "configuration must be a JSON object (a dictionary)",
        BEFORE_ANY_REQUEST,
    ),
    (
        "taskrouter",
        dict(workspace=FLEX, settings=dict(events_filter=["task.created,task.canceled"])),
        "settings: events_filter must not hold an item",
        BEFORE_ANY_REQUEST,
    ),
    (
        "taskrouter",
        dict(workspace=FLEX, settings=dict(event_callback_url="ftp://example.com")),
        "settings: event_callback_url must be an absolute",
        BEFORE_ANY_REQUEST,
    ),
    (
        "taskrouter",
        dict(workspace=FLEX, settings=dict(prioritize_queue_order="RANDOM")),
        "prioritize_queue_order must be one of: FIFO, LIFO",
        BEFORE_ANY_REQUEST,
    ),
    ("taskrouter", dict(workspace=FLEX, prune=["flows"]), "value of prune must be one or more of", BEFORE_ANY_REQUEST),
    ("taskrouter", dict(workspace=FLEX, prune=["workflows"]), "prune lists workflows, which needs at least one entry of workflows", BEFORE_ANY_REQUEST),
    ("taskrouter", dict(workspace=FLEX, max_deletes=-1), "max_deletes must be 0 or more, got -1", BEFORE_ANY_REQUEST),
    ("taskrouter", dict(workspace="Nowhere"), "workspace 'Nowhere' must name exactly one workspace", BEFORE_ANY_WRITE),
    ("taskrouter", dict(workspace=FLEX, task_queues=[dict(friendly_name="Q", reservation_activity="Nobody")]), "names no activity", BEFORE_ANY_WRITE),
    (
        "taskrouter",
        dict(workspace=FLEX, activities=[dict(friendly_name="Offline", available=True)]),
        "available can only be set when the activity is created",
        BEFORE_ANY_WRITE,
    ),
    ("taskrouter", dict(workspace=FLEX, activities=[dict(friendly_name="Offline", state="absent")]), "is the workspace's default_activity", BEFORE_ANY_WRITE),
    ("taskrouter", dict(workspace=FLEX, task_channels=[dict(unique_name="fax")]), "creating a task channel needs friendly_name", BEFORE_ANY_WRITE),
    ("taskrouter", dict(workspace=FLEX, workflows=[dict(friendly_name="New")]), "creating a workflow needs configuration", BEFORE_ANY_WRITE),
]

MODULES = {
    "flow": flex_flow.main,
    "info": flex_flow_info.main,
    "address": conversations_address.main,
    "address_info": conversations_address_info.main,
    "addresses": conversations_addresses.main,
    "taskrouter": taskrouter.main,
}


@pytest.fixture
def existing(emulator):
    flow = emulator.put_flow(dict(friendly_name="Existing", chat_service_sid=IS, channel_type="sms", integration_type="studio", integration=dict(flow_sid=FW)))
    emulator.clear_log()
    return flow


@pytest.fixture
def existing_address(emulator, existing):
    address = emulator.put_address(dict(address="+15555550100", type="sms", friendly_name="Existing", auto_creation=dict(enabled=True, type="default")))
    emulator.clear_log()
    return address


@pytest.fixture
def existing_workspace(emulator, existing_address):
    sid = emulator.seed_taskrouter_workspace(FLEX)
    emulator.clear_log()
    return sid


def run_against(emulator, run_module, kind, options, **kwargs):
    """Run a module against the emulator; an option given as None is left out, and region/edge replace base_url."""
    args = dict(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)
    if "region" not in options and "edge" not in options:
        args["base_url"] = emulator.base_url
    args.update(options)
    args = dict((key, value) for key, value in args.items() if value is not None)
    return run_module(MODULES[kind], args, credentials=False, **kwargs)


def test_the_table_is_large_enough():
    assert len(BAD_INPUT) >= 40
    assert len(set(repr(case[:2]) for case in BAD_INPUT)) == len(BAD_INPUT)


@pytest.mark.parametrize("kind, options, message, when", BAD_INPUT, ids=["%02d-%s" % (number, case[2][:40]) for number, case in enumerate(BAD_INPUT)])
def test_bad_input_fails_naming_option_and_rule_and_sends_nothing(
    emulator, existing, existing_address, existing_workspace, run_module, kind, options, message, when
):
    if options.get("sid") == "existing":
        options = dict(options, sid=existing["sid"])
    if options.get("sid") == "existing_address":
        options = dict(options, sid=existing_address["sid"])
    failed, result = run_against(emulator, run_module, kind, options)
    assert failed, result
    assert message in result["msg"]
    sent = emulator.request_log
    if when == BEFORE_ANY_REQUEST:
        assert sent == []
    else:
        assert sent and all(entry["method"] == "GET" for entry in sent)
    assert emulator.flows[existing["sid"]] == existing
    assert emulator.addresses[existing_address["sid"]] == existing_address


ACCEPTED = [
    dict(NEW, friendly_name="Ünïcödé 客服 💬 " + "ü" * 300, integration=dict(flow_sid=FW)),
    dict(NEW, friendly_name="x" * 2000, integration=dict(flow_sid=FW)),
    dict(NEW, friendly_name="  spaced  ", integration=dict(flow_sid=FW, retry_count="2"), enabled="yes"),
    dict(
        NEW,
        integration_type="task",
        integration=dict(workspace_sid=WS, workflow_sid=WW, channel="TC" + HEX, timeout="1209600", priority=2**31 - 1, creation_on_message="no"),
    ),
    dict(NEW, integration_type="external", integration=dict(url="http://127.0.0.1:8080/hook?x=1&y=%20", retry_count=0)),
]


@pytest.mark.parametrize("options", ACCEPTED, ids=["unicode", "long", "coerced", "task-limits", "external-url"])
def test_input_twilio_accepts_works_and_is_idempotent(emulator, run_module, options):
    emulator.reset(seed=[])
    failed, result = run_against(emulator, run_module, "flow", options)
    assert not failed, result
    assert result["changed"] is True and result["flex_flow"]["friendly_name"] == options["friendly_name"]
    failed, again = run_against(emulator, run_module, "flow", options)
    assert not failed and again["changed"] is False
    assert len(emulator.flows) == 1


def test_empty_contact_identity_clears_it(emulator, existing, run_module):
    emulator.patch_flow(existing["sid"], dict(contact_identity="+15555550100"))
    failed, result = run_against(emulator, run_module, "flow", dict(sid=existing["sid"], contact_identity=""))
    assert not failed and result["changed_fields"] == ["contact_identity"]
    assert emulator.flows[existing["sid"]]["contact_identity"] is None
