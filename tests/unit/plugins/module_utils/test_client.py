# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Host building, credentials, where requests may go, and the retry decision, table-driven."""

from __future__ import annotations

import datetime
import json
import os
import random
from http.client import RemoteDisconnected
from urllib.parse import urlsplit

import pytest
import requests
import yaml
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError, ReadTimeoutError

from ansible_collections.twilio.flex.plugins.module_utils._client import (
    COLLECTION_VERSION,
    CREATE,
    MAX_LIST_ITEMS,
    READ,
    WRITE,
    AmbiguousWriteError,
    TwilioApiError,
    TwilioClient,
    backoff_seconds,
    parse_target,
    retry_after_seconds,
    shown_url,
)
from ansible_collections.twilio.flex.plugins.module_utils._connection import (
    ConnectionSettingsError,
    build_base_url,
    client_from_params,
    select_credentials,
    validate_connection_numbers,
)

COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))

AC = "AC" + "0" * 32
SK = "SK" + "1" * 32
API = "https://flex-api.twilio.com"


@pytest.mark.parametrize(
    "region, edge, base_url, expected",
    [
        (None, None, None, "https://flex-api.twilio.com"),
        ("us1", None, None, "https://flex-api.us1.twilio.com"),
        ("au1", "sydney", None, "https://flex-api.sydney.au1.twilio.com"),
        (None, "dublin", None, "https://flex-api.dublin.us1.twilio.com"),
        (None, None, "http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        (None, None, "https://proxy.example.com/", "https://proxy.example.com"),
        (None, None, "HTTPS://Proxy.Example.com:8443", "https://Proxy.Example.com:8443"),
        (None, None, "http://[::1]:8080", "http://[::1]:8080"),
    ],
)
def test_build_base_url(region, edge, base_url, expected):
    assert build_base_url(region, edge, base_url) == expected


@pytest.mark.parametrize(
    "region, edge, base_url, message",
    [
        ("au1", None, None, "region au1 needs an edge"),
        ("AU1", "sydney", None, "region must be a lowercase host label"),
        (None, "syd ney", None, "edge must be a lowercase host label"),
        ("au1", "sydney", "https://x.example.com", "base_url cannot be combined with region or edge"),
        (None, None, "https://proxy.example.com/v1", "base_url must hold the scheme and host only"),
        (None, None, "https://proxy.example.com?x=1", "base_url must hold the scheme and host only"),
        (None, None, "ftp://proxy.example.com", "base_url must be an http:// or https:// URL"),
        (None, None, "proxy.example.com", "base_url must be an http:// or https:// URL"),
        (None, None, "https://proxy.example.com#top", "base_url must hold the scheme and host only"),
        ("au1\n", "sydney", None, "region must be a lowercase host label"),
    ],
)
def test_build_base_url_errors(region, edge, base_url, message):
    with pytest.raises(ConnectionSettingsError, match=message):
        build_base_url(region, edge, base_url)


@pytest.mark.parametrize(
    "base_url, message",
    [
        ("https://user:s3cret-pw@proxy.example.com", "base_url must not hold a user name or password before its host (user:password@)"),
        ("https://user:s3cret-pw@proxy.example.com/v1?x=1", "base_url must not hold a user name or password before its host"),
        ("https://s3cret-pw@proxy.example.com", "base_url must not hold a user name or password before its host"),
        ("https://proxy.example.com\\@other.example.com", "holds a backslash"),
        ("https://proxy.example.com\\other.example.com", "holds a backslash"),
        ("https://proxy .example.com", "holds whitespace, a control character"),
        ("https://proxy.example.com\n", "holds whitespace, a control character"),
        ("https://pröxy.example.com", "a non-ASCII character"),
        ("https://proxy.example.com:99999", "has a port that is not a number from 1 to 65535"),
        ("https://proxy.example.com:http", "has a port that is not a number from 1 to 65535"),
        ("https://[::1", "in brackets that is not an IPv6 address"),
        ("https://proxy_example!.com", "a host that is not a host name or an IP address"),
        ("https:///v1", "a host that is not a host name or an IP address"),
    ],
)
def test_a_base_url_with_a_password_or_a_malformed_host_is_refused_without_printing_the_password(base_url, message):
    with pytest.raises(ConnectionSettingsError) as raised:
        build_base_url(None, None, base_url)
    assert message in str(raised.value)
    assert str(raised.value).startswith("base_url must")
    assert "s3cret-pw" not in str(raised.value) and "\n" not in str(raised.value)


def connection_params(**options):
    params = dict.fromkeys(("account_sid", "auth_token", "api_key", "api_secret", "region", "edge", "base_url", "ca_path"))
    params.update(http_timeout=30.0, retries=5, retry_max_time=60.0, validate_certs=True, account_sid=AC, auth_token="secret-token")
    params.update(options)
    return params


@pytest.mark.parametrize(
    "base_url, warned",
    [
        ("http://proxy.example.com:8080", True),
        ("http://10.0.0.7", True),
        ("http://[2001:db8::1]:8080", True),
        ("http://127.1.2.3:8080", False),
        ("http://127.0.0.1:8080", False),
        ("http://localhost:8080", False),
        ("http://LOCALHOST", False),
        ("http://[::1]:8080", False),
        ("https://proxy.example.com", False),
        (None, False),
    ],
)
def test_plain_http_to_a_host_that_is_not_loopback_is_warned_about(base_url, warned):
    warnings = []
    client = client_from_params(connection_params(base_url=base_url), warn=warnings.append)
    if warned:
        assert warnings == [
            "base_url %s is plain http:// to a host that is not this machine: the credentials (in every request) and the answers travel "
            "unencrypted. Use https:// unless the network to %s is trusted" % (client.base_url, client.host)
        ]
    else:
        assert warnings == []


@pytest.mark.parametrize(
    "options, expected",
    [
        (dict(account_sid=AC, auth_token="t"), (AC, "t")),
        (dict(api_key=SK, api_secret="s"), (SK, "s")),
        (dict(account_sid=AC, api_key=SK, api_secret="s"), (SK, "s")),
    ],
)
def test_select_credentials(options, expected):
    assert select_credentials(**options) == expected


@pytest.mark.parametrize(
    "options, message",
    [
        (dict(), "No Twilio credentials: set account_sid and auth_token, or api_key and api_secret"),
        (dict(account_sid=AC), "No Twilio credentials"),
        (dict(auth_token="t"), "auth_token needs account_sid"),
        (dict(account_sid=AC, auth_token="t", api_key=SK, api_secret="s"), "auth_token and api_key/api_secret are mutually exclusive"),
        (dict(api_key=SK), "api_key needs api_secret"),
        (dict(api_secret="s"), "api_secret needs api_key"),
        (dict(account_sid="AC123", auth_token="t"), "account_sid must be AC followed by 32 hexadecimal digits"),
        (dict(api_key="AC" + "1" * 32, api_secret="s"), "api_key must be an API key SID"),
    ],
)
def test_select_credentials_errors(options, message):
    with pytest.raises(ConnectionSettingsError) as raised:
        select_credentials(**options)
    assert message in str(raised.value)
    for secret in ("'t'", "'s'"):
        assert secret not in str(raised.value)


@pytest.mark.parametrize(
    "numbers, message",
    [
        ((0, 5, 60), "http_timeout must be a number of seconds greater than 0"),
        ((30, -1, 60), "retries must be 0 or more"),
        ((30, 5, -1), "retry_max_time must be 0 or more seconds"),
    ],
)
def test_validate_connection_numbers(numbers, message):
    with pytest.raises(ConnectionSettingsError, match=message):
        validate_connection_numbers(*numbers)


@pytest.mark.parametrize("attempt, low, high", [(1, 0.25, 0.5), (2, 0.5, 1.0), (3, 1.0, 2.0), (10, 5.0, 10.0)])
def test_backoff_is_exponential_with_jitter_and_capped(attempt, low, high):
    waits = [backoff_seconds(attempt, random.Random(seed)) for seed in range(50)]
    assert all(low <= wait <= high for wait in waits)
    assert len(set(waits)) > 1


# ---- where requests go ---------------------------------------------------------------------------------------------


class ScriptedSession:
    """Stands in for requests.Session: answers from a script, records every call."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = []

    def request(self, method, url, **kwargs):
        self.calls.append((method, url, kwargs))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def answer(status, body=None, headers=None):
    response = requests.models.Response()
    response.status_code = status
    response._content = b"" if body is None else json.dumps(body).encode()
    response.headers.update({"Content-Type": "application/json"} if body is not None else {})
    response.headers.update(headers or {})
    return response


def client_with(session, base_url="https://flex-api.twilio.com", retries=3, retry_max_time=60.0):
    warnings, sleeps = [], []
    client = TwilioClient(base_url, AC, "secret-token", retries=retries, retry_max_time=retry_max_time, warn=warnings.append, sleep=sleeps.append)
    client.session = session
    return client, warnings, sleeps


@pytest.mark.parametrize(
    "url",
    [
        "/v1/FlexFlows?Page=1",
        "https://flex-api.twilio.com/v1/FlexFlows?Page=1",
        "https://FLEX-API.twilio.com:443/v1/FlexFlows?Page=1",
    ],
)
def test_urls_on_the_api_host_are_followed(url):
    session = ScriptedSession(answer(200, {"ok": True}))
    client, _warnings, _sleeps = client_with(session)
    assert client.request("GET", url) == {"ok": True}
    assert urlsplit(session.calls[0][1]).hostname == "flex-api.twilio.com"


@pytest.mark.parametrize(
    "url, foreign",
    [
        ("https://collector.example.com/v1/FlexFlows?Page=1", "collector.example.com"),
        ("http://flex-api.twilio.com/v1/FlexFlows?Page=1", "flex-api.twilio.com"),
        ("https://flex-api.twilio.com:8443/v1/FlexFlows?Page=1", "flex-api.twilio.com:8443"),
        ("//collector.example.com/v1/FlexFlows", "collector.example.com"),
        ("https://flex-api.twilio.com.example.com/v1/FlexFlows", "flex-api.twilio.com.example.com"),
    ],
)
def test_urls_off_the_api_host_are_refused_unsent(url, foreign):
    session = ScriptedSession()
    client, warnings, _sleeps = client_with(session)
    with pytest.raises(TwilioApiError) as raised:
        client.request("GET", url)
    assert session.calls == []
    assert raised.value.status is None and not isinstance(raised.value, AmbiguousWriteError)
    assert "Refused to send GET" in raised.value.message
    assert "to %s: the credentials go to the API host https://flex-api.twilio.com only" % foreign in raised.value.message
    assert warnings == []


@pytest.mark.parametrize(
    "base_url, url, sent",
    [
        (API, "/v1/FlexFlows?Page=1", API + "/v1/FlexFlows?Page=1"),
        (API, "https://FLEX-API.TWILIO.COM/v1/FlexFlows?Page=1", API + "/v1/FlexFlows?Page=1"),
        (API, "HTTPS://flex-api.twilio.com:443/v1/FlexFlows", API + "/v1/FlexFlows"),
        (API, "//flex-api.twilio.com/v1/FlexFlows", API + "/v1/FlexFlows"),
        (API, API + "?Page=1", API + "/?Page=1"),
        (API, API + "/v1/FlexFlows?Page=1#@collector.example.com", API + "/v1/FlexFlows?Page=1"),
        (API, API + "/v1/@collector.example.com", API + "/v1/@collector.example.com"),
        ("http://127.0.0.1", "http://127.0.0.1:80/v1/FlexFlows", "http://127.0.0.1/v1/FlexFlows"),
        ("http://127.0.0.1:80", "http://127.0.0.1/v1/FlexFlows", "http://127.0.0.1:80/v1/FlexFlows"),
        ("http://[::1]:8080", "http://[0:0::1]:8080/v1/FlexFlows", "http://[::1]:8080/v1/FlexFlows"),
        ("http://LOCALHOST:8080", "http://localhost:8080/v1/FlexFlows", "http://localhost:8080/v1/FlexFlows"),
    ],
)
def test_the_url_sent_is_the_api_host_with_the_path_and_query_of_the_link(base_url, url, sent):
    session = ScriptedSession(answer(200, {"ok": True}))
    client, _warnings, _sleeps = client_with(session, base_url=base_url)
    client.request("GET", url)
    assert session.calls[0][1] == sent


@pytest.mark.parametrize(
    "url, reason",
    [
        ("http://collector.example.com:8080\\@flex-api.twilio.com/v1/FlexFlows", "holds a backslash"),
        ("https://collector.example.com\\@flex-api.twilio.com/v1/FlexFlows", "holds a backslash"),
        ("https://flex-api.twilio.com\\v1/FlexFlows", "holds a backslash"),
        ("https://user:pass@flex-api.twilio.com/v1/FlexFlows", "holds a user name or password before its host"),
        ("https://flex-api.twilio.com@collector.example.com/v1/FlexFlows", "holds a user name or password before its host"),
        ("https://flex-api.twilio.com/v1/Flex Flows", "holds whitespace"),
        ("https://flex-api.twilio.com/v1/FlexFlows\n", "holds whitespace"),
        ("https://flex-api.twilio.com/v1/Flex\u00e9Flows", "a non-ASCII character"),
        ("javascript:alert(1)", "has the scheme javascript, not http or https"),
        ("file:///etc/passwd", "has the scheme file, not http or https"),
        ("https:flex-api.twilio.com/v1/FlexFlows", "has no host after its scheme"),
        ("v1/FlexFlows", "is neither an http(s) URL nor an absolute path"),
        ("https://flex-api.twilio.com//collector.example.com/v1", "has a path that starts with //"),
        ("https://flex-api.twilio.com:99999/v1/FlexFlows", "has a port that is not a number from 1 to 65535"),
        ("https://flex-api.twilio.com:0/v1/FlexFlows", "has a port that is not a number from 1 to 65535"),
        ("https://[flex-api.twilio.com]/v1/FlexFlows", "in brackets that is not an IPv6 address"),
        ("https:///v1/FlexFlows", "a host that is not a host name or an IP address"),
        ("", "is empty or not a string"),
        (7, "is empty or not a string"),
    ],
)
def test_urls_that_parsers_could_read_apart_are_refused_unsent(url, reason):
    session = ScriptedSession()
    client, warnings, _sleeps = client_with(session)
    with pytest.raises(TwilioApiError) as raised:
        client.request("GET", url)
    assert session.calls == [] and warnings == []
    assert raised.value.message.startswith("Refused to send GET ")
    assert "the credentials go to the API host https://flex-api.twilio.com only, and this URL" in raised.value.message
    assert reason in raised.value.message
    assert "\n" not in raised.value.message and "pass@" not in raised.value.message


@pytest.mark.parametrize(
    "url, shown",
    [
        ("https://flex-api.twilio.com/v1/FlexFlows", "https://flex-api.twilio.com/v1/FlexFlows"),
        ("https://user:pass@host/v1", "https://user:********@host/v1"),
        ("//user:pass@host/v1", "//user:********@host/v1"),
        ("http://a:1\\@b/v1", "http://a:********@b/v1"),
        ("https://token@host/v1", "https://********@host/v1"),
        ("//token@host/v1", "//********@host/v1"),
        ("https://host/v1?next=https://user:pass@other", "https://host/v1?next=https://user:pass@other"),
        ("https://host/v1\r\nHost: x", "https://host/v1\\r\\nHost:\\x20x"),
        ("https://host/\u00e9", "https://host/\\xe9"),
        ("https://host/" + "a" * 300, "https://host/" + "a" * 187 + "..."),
    ],
)
def test_a_url_is_shown_with_its_password_masked_and_its_control_characters_escaped(url, shown):
    assert shown_url(url) == shown


@pytest.mark.parametrize("base_url", ["https://flex-api.twilio.com/v1", "https://flex-api.twilio.com?x=1", "//flex-api.twilio.com", "/v1"])
def test_the_client_takes_a_scheme_and_host_only(base_url):
    with pytest.raises(ValueError):
        TwilioClient(base_url, AC, "secret-token")


def test_a_scheme_relative_url_needs_a_scheme_to_be_read_on():
    assert parse_target("//flex-api.twilio.com/v1", scheme_of_relative="https").origin == ("https", "flex-api.twilio.com", 443)
    with pytest.raises(ValueError, match="has no scheme"):
        parse_target("//flex-api.twilio.com/v1")


def test_list_paging_stops_at_a_page_link_to_another_host():
    first_page = {"flex_flows": [{"sid": "FO1"}], "meta": {"next_page_url": "https://collector.example.com/v1/FlexFlows?Page=1"}}
    session = ScriptedSession(answer(200, first_page))
    client, _warnings, _sleeps = client_with(session)
    with pytest.raises(TwilioApiError, match="Refused to send GET https://collector.example.com/v1/FlexFlows"):
        client.list_all("/v1/FlexFlows", "flex_flows")
    assert [urlsplit(call[1]).hostname for call in session.calls] == ["flex-api.twilio.com"]


def list_answer(items, next_page_url=None):
    return answer(200, {"flex_flows": items, "meta": {"next_page_url": next_page_url}})


def test_list_paging_follows_the_links_to_the_last_page():
    session = ScriptedSession(list_answer([{"sid": "FO1"}], "/v1/FlexFlows?PageSize=1&Page=1&PageToken=PA1"), list_answer([{"sid": "FO2"}]))
    client, _warnings, _sleeps = client_with(session)
    assert client.list_all("/v1/FlexFlows", "flex_flows", params={"PageSize": 1}) == [{"sid": "FO1"}, {"sid": "FO2"}]
    assert [call[1] for call in session.calls] == [
        "https://flex-api.twilio.com/v1/FlexFlows",
        "https://flex-api.twilio.com/v1/FlexFlows?PageSize=1&Page=1&PageToken=PA1",
    ]
    assert [call[2]["params"] for call in session.calls] == [{"PageSize": 1}, None]


@pytest.mark.parametrize(
    "links, pages_sent",
    [
        # Back to the first page, with its query in another order.
        (["https://flex-api.twilio.com/v1/FlexFlows?Page=0&PageSize=2"], 1),
        # Page 1 links to itself.
        (["/v1/FlexFlows?PageSize=2&Page=1", "/v1/FlexFlows?PageSize=2&Page=1"], 2),
        # Page 2 links back to page 1.
        (["/v1/FlexFlows?PageSize=2&Page=1", "/v1/FlexFlows?PageSize=2&Page=2", "HTTPS://flex-api.twilio.com:443/v1/FlexFlows?PageSize=2&Page=1"], 3),
    ],
)
def test_a_page_link_back_to_a_page_already_read_stops_the_listing(links, pages_sent):
    session = ScriptedSession(*[list_answer([{"sid": "FO%d" % index}], link) for index, link in enumerate(links)])
    client, _warnings, _sleeps = client_with(session)
    with pytest.raises(TwilioApiError) as raised:
        client.list_all("/v1/FlexFlows", "flex_flows", params={"PageSize": 2, "Page": 0})
    assert len(session.calls) == pages_sent
    assert raised.value.message == (
        "GET /v1/FlexFlows: the next_page_url %s leads back to a page already read (after %s); the listing stopped "
        "instead of reading the same pages again" % (links[-1], "1 page, 1 item" if pages_sent == 1 else "%d pages, %d items" % (pages_sent, pages_sent))
    )


@pytest.mark.parametrize("page_size, max_pages, pages_of", [(1000, 100, 1000), (None, 2000, 50), (7, 14286, 7), ("many", 2000, 50)])
def test_an_endless_chain_of_page_links_stops_after_as_many_pages_as_the_most_items_fill(page_size, max_pages, pages_of):
    session = ScriptedSession(*[list_answer([{"sid": "FO%d" % index}], "/v1/FlexFlows?Page=%d" % (index + 1)) for index in range(max_pages)])
    client, _warnings, _sleeps = client_with(session)
    params = {} if page_size is None else {"PageSize": page_size}
    with pytest.raises(TwilioApiError) as raised:
        client.list_all("/v1/FlexFlows", "flex_flows", params=params)
    assert len(session.calls) == max_pages and session.answers == []
    assert raised.value.message == (
        "GET /v1/FlexFlows: the listing stopped after %d pages (%d items) whose next_page_url links go on: more than %d items at %d a page "
        "is more than an account holds, so the chain of page links is taken for an endless one" % (max_pages, max_pages, MAX_LIST_ITEMS, pages_of)
    )


def test_a_page_with_no_items_that_links_on_stops_the_listing():
    session = ScriptedSession(list_answer([{"sid": "FO1"}], "/v1/FlexFlows?Page=1"), list_answer([], "/v1/FlexFlows?Page=2"), list_answer([], None))
    client, _warnings, _sleeps = client_with(session)
    with pytest.raises(TwilioApiError) as raised:
        client.list_all("/v1/FlexFlows", "flex_flows", params={"PageSize": 1000})
    assert len(session.calls) == 2
    assert raised.value.message == (
        "GET /v1/FlexFlows: page 2 of the listing holds no items but links to a next page (/v1/FlexFlows?Page=2); the listing stopped "
        "instead of following links that add nothing"
    )


def test_a_listing_of_the_most_items_is_read_to_its_end():
    pages = [[{"sid": "FO%d" % (page * 1000 + index)} for index in range(1000)] for page in range(100)]
    session = ScriptedSession(
        *[list_answer(items, "/v1/FlexFlows?PageSize=1000&Page=%d" % (page + 1) if page < 99 else None) for page, items in enumerate(pages)]
    )
    client, _warnings, _sleeps = client_with(session)
    assert len(client.list_all("/v1/FlexFlows", "flex_flows", params={"PageSize": 1000})) == MAX_LIST_ITEMS


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_redirects_are_reported_not_followed(status):
    session = ScriptedSession(answer(status, headers={"Location": "https://collector.example.com/v1/FlexFlows"}))
    client, warnings, _sleeps = client_with(session)
    with pytest.raises(TwilioApiError) as raised:
        client.request("POST", "/v1/FlexFlows", data={"FriendlyName": "x"}, policy=CREATE)
    assert session.calls[0][2]["allow_redirects"] is False and len(session.calls) == 1
    assert raised.value.status == status and not isinstance(raised.value, AmbiguousWriteError)
    assert "a redirect to https://collector.example.com/v1/FlexFlows. Redirects are not followed" in raised.value.message
    assert warnings == []


# ---- the one retry decision ----------------------------------------------------------------------------------------


def connection_error(reason):
    return requests.exceptions.ConnectionError(MaxRetryError(None, "/v1/FlexFlows", reason))


FAILURES = {
    "refused": lambda: connection_error(NewConnectionError(None, "Connection refused")),
    "connect timeout": lambda: requests.exceptions.ConnectTimeout("connect timed out"),
    "read timeout": lambda: requests.exceptions.ReadTimeout(ReadTimeoutError(None, "/v1/FlexFlows", "read timed out")),
    "dropped": lambda: requests.exceptions.ConnectionError(ProtocolError("Connection aborted.", RemoteDisconnected("closed"))),
    "broken body": lambda: requests.exceptions.ChunkedEncodingError("IncompleteRead"),
    "unreadable 200": lambda: answer(200),
    "429": lambda: answer(429, {"code": 20429, "message": "Too many requests"}),
    "500": lambda: answer(500, {"code": 20500, "message": "Internal"}),
    "503": lambda: answer(503, {"code": 20503, "message": "Unavailable"}),
    "400": lambda: answer(400, {"code": 20001, "message": "Bad"}),
}


# (failure, method, policy) -> (retried, error class when it is not)
@pytest.mark.parametrize(
    "failure, method, policy, retried, error_class",
    [
        ("refused", "POST", CREATE, True, None),
        ("connect timeout", "POST", CREATE, True, None),
        ("read timeout", "GET", READ, True, None),
        ("read timeout", "POST", WRITE, False, AmbiguousWriteError),
        ("read timeout", "POST", CREATE, False, AmbiguousWriteError),
        ("dropped", "GET", READ, True, None),
        ("dropped", "DELETE", WRITE, False, AmbiguousWriteError),
        ("broken body", "GET", READ, True, None),
        ("broken body", "POST", CREATE, False, AmbiguousWriteError),
        ("unreadable 200", "GET", READ, False, TwilioApiError),
        ("unreadable 200", "POST", WRITE, False, AmbiguousWriteError),
        ("429", "GET", READ, True, None),
        ("429", "POST", CREATE, True, None),
        ("500", "GET", READ, True, None),
        ("500", "POST", WRITE, False, AmbiguousWriteError),
        ("503", "POST", WRITE, True, None),
        ("503", "POST", CREATE, False, AmbiguousWriteError),
        ("400", "GET", READ, False, TwilioApiError),
        ("400", "POST", WRITE, False, TwilioApiError),
    ],
)
def test_one_place_decides_every_retry(failure, method, policy, retried, error_class):
    session = ScriptedSession(FAILURES[failure](), answer(200, {"sid": "FO1"}))
    client, warnings, sleeps = client_with(session)
    if retried:
        assert client.request(method, "/v1/FlexFlows", policy=policy) == {"sid": "FO1"}
        assert len(session.calls) == 2 and len(warnings) == 1 and len(sleeps) == 1
        assert warnings[0].startswith("Retrying %s /v1/FlexFlows after " % method)
        assert warnings[0].endswith("(retry 1 of 3, waiting %.1f s)" % sleeps[0])
    else:
        with pytest.raises(TwilioApiError) as raised:
            client.request(method, "/v1/FlexFlows", policy=policy)
        assert isinstance(raised.value, error_class)
        assert isinstance(raised.value, AmbiguousWriteError) is (error_class is AmbiguousWriteError)
        assert len(session.calls) == 1 and warnings == [] and sleeps == []
        assert raised.value.method == method and raised.value.path == "/v1/FlexFlows"


def test_the_cause_is_chained_not_lost():
    session = ScriptedSession(FAILURES["read timeout"]())
    client, _warnings, _sleeps = client_with(session, retries=0)
    with pytest.raises(AmbiguousWriteError) as raised:
        client.request("POST", "/v1/FlexFlows", policy=CREATE)
    assert isinstance(raised.value.__cause__, requests.exceptions.ReadTimeout)
    assert raised.value.message.startswith("Timed out after 30.0 s waiting for flex-api.twilio.com to answer POST /v1/FlexFlows")


def test_retries_are_bounded_in_count_and_the_last_answer_is_reported():
    session = ScriptedSession(*[FAILURES["503"]() for _attempt in range(4)])
    client, warnings, sleeps = client_with(session, retries=3)
    with pytest.raises(TwilioApiError) as raised:
        client.request("GET", "/v1/FlexFlows")
    assert len(session.calls) == 4 and len(warnings) == 3 and len(sleeps) == 3
    assert [warning.split("(retry ")[1].split(",")[0] for warning in warnings] == ["1 of 3", "2 of 3", "3 of 3"]
    assert raised.value.status == 503 and raised.value.code == 20503
    assert raised.value.message.endswith("(on each of 4 tries)")


@pytest.mark.parametrize("retry_after, waits", [("2", [2.0]), ("0", [0.0])])
def test_retry_after_is_the_wait(retry_after, waits):
    session = ScriptedSession(answer(429, {"code": 20429}, {"Retry-After": retry_after}), answer(200, {}))
    client, warnings, sleeps = client_with(session)
    client.request("GET", "/v1/FlexFlows")
    assert sleeps == waits and "waiting %.1f s" % waits[0] in warnings[0]


def test_a_wait_beyond_the_time_budget_is_not_started():
    session = ScriptedSession(answer(429, {"code": 20429}, {"Retry-After": "5"}))
    client, warnings, sleeps = client_with(session, retries=10, retry_max_time=4)
    with pytest.raises(TwilioApiError) as raised:
        client.request("GET", "/v1/FlexFlows")
    assert raised.value.status == 429 and sleeps == [] and warnings == []


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, None),
        ("3", 3.0),
        (" 10 ", 10.0),
        ("0.5", None),
        ("-1", None),
        ("soon", None),
        ("", None),
        ("Wed, 02 Dec 2026 00:00:30 GMT", 30.0),
        ("Wed, 02 Dec 2026 00:00:00 GMT", 0.0),
        ("Tue, 01 Dec 2026 23:00:00 GMT", 0.0),
    ],
)
def test_retry_after_seconds(value, expected):
    now = datetime.datetime(2026, 12, 2, tzinfo=datetime.timezone.utc).timestamp()
    assert retry_after_seconds(value, now=now) == expected


def test_an_extended_error_is_a_new_chained_error_and_the_original_is_unchanged():
    original = AmbiguousWriteError("POST /v1/FlexFlows timed out", method="POST", path="/v1/FlexFlows", status=502, code=20502)
    extended = original.extended("; not sent again")
    assert isinstance(extended, AmbiguousWriteError) and extended is not original
    assert extended.message == "POST /v1/FlexFlows timed out; not sent again"
    assert (extended.method, extended.path, extended.status, extended.code) == ("POST", "/v1/FlexFlows", 502, 20502)
    assert original.message == "POST /v1/FlexFlows timed out"


def test_the_user_agent_version_is_galaxy_yml_version():
    with open(os.path.join(COLLECTION_ROOT, "galaxy.yml")) as galaxy:
        version = yaml.safe_load(galaxy)["version"]
    assert version == COLLECTION_VERSION
    client = TwilioClient("https://flex-api.twilio.com", AC, "secret-token")
    assert client.session.headers["User-Agent"] == "ansible-twilio.flex/%s" % version
