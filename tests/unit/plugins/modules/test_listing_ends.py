# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A listing ends: page links that lead back, or that never end, stop it with a clear error, over real HTTP."""

from __future__ import annotations

import pytest

from ansible_collections.twilio.flex.plugins.modules import flex_flow_info, flex_flows
from ansible_collections.twilio.flex.tests.flex_emulator import ACCOUNT_SID, AUTH_TOKEN
from ansible_collections.twilio.flex.tests.unit.plugins.flow_data import TWO_PAGES

IS = "IS" + "0" * 32
FW = "FW" + "1" * 32


@pytest.fixture
def run(emulator, run_module):
    emulator.reset(seed=TWO_PAGES)

    def run_with(main, options):
        options = dict(options, base_url=emulator.base_url, account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, retry_max_time=5)
        return run_module(main, options, credentials=False)

    return run_with


def test_a_page_link_back_to_a_page_already_read_stops_the_listing(emulator, run):
    link = emulator.base_url + "/v1/FlexFlows?Page=0&PageSize=1000"
    emulator.inject_fault(kind="next_page_url", location=link, count=None, method="GET", path="^/v1/FlexFlows$")
    failed, result = run(flex_flow_info.main, {})
    assert failed
    assert result["msg"] == (
        "GET /v1/FlexFlows: the next_page_url %s leads back to a page already read (after 2 pages, 2000 items); the listing stopped "
        "instead of reading the same pages again" % link
    )
    assert [entry["query"] for entry in emulator.request_log] == [{"PageSize": "1000"}, {"Page": "0", "PageSize": "1000"}]


def test_an_endless_chain_of_empty_pages_stops_at_the_first(emulator, run):
    # Past the last page, every link leads to another empty page (the cap on pages is tested in test_client.py).
    emulator.inject_fault(kind="endless_pages", count=None, method="GET", path="^/v1/FlexFlows$")
    failed, result = run(flex_flow_info.main, {})
    assert failed
    assert result["msg"].startswith("GET /v1/FlexFlows: page 3 of the listing holds no items but links to a next page (")
    assert [entry["query"].get("Page") for entry in emulator.request_log] == [None, "1", "2"]


def test_a_declaration_whose_listing_does_not_end_writes_nothing(emulator, run):
    emulator.inject_fault(kind="next_page_url", location="/v1/FlexFlows?PageSize=1000", count=None, method="GET", path="^/v1/FlexFlows$")
    declared = [dict(friendly_name="Flow 0000", chat_service_sid=IS, channel_type="sms", integration_type="studio", integration=dict(flow_sid=FW))]
    failed, result = run(flex_flows.main, dict(flows=declared, prune=True))
    assert failed and "leads back to a page already read (after 1 page, 1000 items)" in result["msg"]
    assert [entry["method"] for entry in emulator.request_log] == ["GET"]
    assert len(emulator.flows) == 1001
