# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Host building, credentials and backoff, table-driven."""

from __future__ import annotations

import random

import pytest

from ansible_collections.twilio.flex.plugins.module_utils._client import (
    ConnectionSettingsError,
    backoff_seconds,
    build_base_url,
    select_credentials,
    validate_connection_numbers,
)

AC = "AC" + "0" * 32
SK = "SK" + "1" * 32


@pytest.mark.parametrize("region, edge, base_url, expected", [
    (None, None, None, "https://flex-api.twilio.com"),
    ("us1", None, None, "https://flex-api.us1.twilio.com"),
    ("au1", "sydney", None, "https://flex-api.sydney.au1.twilio.com"),
    (None, "dublin", None, "https://flex-api.dublin.us1.twilio.com"),
    (None, None, "http://127.0.0.1:8080", "http://127.0.0.1:8080"),
    (None, None, "https://proxy.example.com/", "https://proxy.example.com"),
])
def test_build_base_url(region, edge, base_url, expected):
    assert build_base_url(region, edge, base_url) == expected


@pytest.mark.parametrize("region, edge, base_url, message", [
    ("au1", None, None, "region au1 needs an edge"),
    ("AU1", "sydney", None, "region must be a lowercase host label"),
    (None, "syd ney", None, "edge must be a lowercase host label"),
    ("au1", "sydney", "https://x.example.com", "base_url cannot be combined with region or edge"),
    (None, None, "https://proxy.example.com/v1", "base_url must hold the scheme and host only"),
    (None, None, "https://proxy.example.com?x=1", "base_url must hold the scheme and host only"),
    (None, None, "ftp://proxy.example.com", "base_url must be an http:// or https:// URL"),
    (None, None, "proxy.example.com", "base_url must be an http:// or https:// URL"),
])
def test_build_base_url_errors(region, edge, base_url, message):
    with pytest.raises(ConnectionSettingsError, match=message):
        build_base_url(region, edge, base_url)


@pytest.mark.parametrize("options, expected", [
    (dict(account_sid=AC, auth_token="t"), (AC, "t")),
    (dict(api_key=SK, api_secret="s"), (SK, "s")),
    (dict(account_sid=AC, api_key=SK, api_secret="s"), (SK, "s")),
])
def test_select_credentials(options, expected):
    assert select_credentials(**options) == expected


@pytest.mark.parametrize("options, message", [
    (dict(), "No Twilio credentials: set account_sid and auth_token, or api_key and api_secret"),
    (dict(account_sid=AC), "No Twilio credentials"),
    (dict(auth_token="t"), "auth_token needs account_sid"),
    (dict(account_sid=AC, auth_token="t", api_key=SK, api_secret="s"), "auth_token and api_key/api_secret are mutually exclusive"),
    (dict(api_key=SK), "api_key needs api_secret"),
    (dict(api_secret="s"), "api_secret needs api_key"),
    (dict(account_sid="AC123", auth_token="t"), "account_sid must be AC followed by 32 hexadecimal digits"),
    (dict(api_key="AC" + "1" * 32, api_secret="s"), "api_key must be an API key SID"),
])
def test_select_credentials_errors(options, message):
    with pytest.raises(ConnectionSettingsError) as raised:
        select_credentials(**options)
    assert message in str(raised.value)
    for secret in ("'t'", "'s'"):
        assert secret not in str(raised.value)


@pytest.mark.parametrize("numbers, message", [
    ((0, 5, 60), "http_timeout must be a number of seconds greater than 0"),
    ((30, -1, 60), "retries must be 0 or more"),
    ((30, 5, -1), "retry_max_time must be 0 or more seconds"),
])
def test_validate_connection_numbers(numbers, message):
    with pytest.raises(ConnectionSettingsError, match=message):
        validate_connection_numbers(*numbers)


@pytest.mark.parametrize("attempt, low, high", [(1, 0.25, 0.5), (2, 0.5, 1.0), (3, 1.0, 2.0), (10, 5.0, 10.0)])
def test_backoff_is_exponential_with_jitter_and_capped(attempt, low, high):
    waits = [backoff_seconds(attempt, random.Random(seed)) for seed in range(50)]
    assert all(low <= wait <= high for wait in waits)
    assert len(set(waits)) > 1
