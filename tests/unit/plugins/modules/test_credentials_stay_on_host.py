# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The credentials go to the API host only: page links and redirects to another host are refused, over real HTTP."""

from __future__ import annotations

import pytest

from ansible_collections.twilio.flex.plugins.modules import flex_flow, flex_flow_info
from ansible_collections.twilio.flex.tests.flex_emulator import ACCOUNT_SID, AUTH_TOKEN, FlexEmulator

IS = "IS" + "0" * 32
FW = "FW" + "1" * 32
# One more than a page holds, so the listing has a next page.
TWO_PAGES = [
    dict(friendly_name="Flow %04d" % index, chat_service_sid=IS, channel_type="sms", integration_type="studio", integration=dict(flow_sid=FW))
    for index in range(1001)
]


@pytest.fixture(scope="module")
def other_host():
    """A second server with the same credentials, standing in for a host that must never see them."""
    server = FlexEmulator(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def collector(other_host):
    other_host.reset(seed=[])
    return other_host


@pytest.fixture
def run(emulator, run_module):
    def run_with(main, options):
        options = dict(options, base_url=emulator.base_url, account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, retry_max_time=5)
        return run_module(main, options, credentials=False)

    return run_with


@pytest.fixture
def two_pages(emulator):
    emulator.reset(seed=TWO_PAGES)
    yield emulator
    emulator.configure(public_base_url=None)


def test_the_second_page_is_read_from_the_api_host(two_pages, run):
    failed, result = run(flex_flow_info.main, {})
    assert not failed and len(result["flex_flows"]) == 1001
    assert [entry["auth_user"] for entry in two_pages.request_log] == [ACCOUNT_SID, ACCOUNT_SID]


def test_a_page_link_to_another_server_is_refused_and_it_sees_nothing(two_pages, collector, run):
    two_pages.configure(public_base_url=collector.base_url)
    failed, result = run(flex_flow_info.main, {})
    assert failed
    assert result["msg"].startswith("Refused to send GET %s/v1/FlexFlows?" % collector.base_url)
    assert "the credentials go to the API host %s only" % two_pages.base_url in result["msg"]
    assert collector.request_log == []
    assert len(two_pages.request_log) == 1


def test_a_page_link_to_another_host_name_of_the_same_server_is_refused(two_pages, run):
    other_name = two_pages.base_url.replace("127.0.0.1", "localhost")
    two_pages.configure(public_base_url=other_name)
    failed, result = run(flex_flow_info.main, {})
    assert failed and result["msg"].startswith("Refused to send GET %s/v1/FlexFlows?" % other_name)
    assert [entry["host"] for entry in two_pages.request_log] == [two_pages.base_url.split("//")[1]]


@pytest.mark.parametrize("status", [301, 302, 307])
@pytest.mark.parametrize("where", ["other server", "same server"])
def test_redirects_are_not_followed(emulator, collector, run, status, where):
    target = collector.base_url if where == "other server" else emulator.base_url
    emulator.inject_fault(kind="redirect", status=status, location=target + "/v1/FlexFlows", method="POST")
    failed, result = run(flex_flow.main, dict(friendly_name="Redirected", chat_service_sid=IS, channel_type="sms", integration=dict(flow_sid=FW)))
    assert failed and result["status"] == status
    assert "a redirect to %s/v1/FlexFlows. Redirects are not followed" % target in result["msg"]
    assert collector.request_log == []
    assert [entry["method"] for entry in emulator.request_log] == ["GET", "POST"]
    assert emulator.flows == {}
