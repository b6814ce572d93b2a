# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The credentials go to the API host only: page links and redirects to another host are refused, over real HTTP."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from ansible_collections.twilio.flex.plugins.modules import conversations_address_info, flex_flow, flex_flow_info
from ansible_collections.twilio.flex.tests.flex_emulator import ACCOUNT_SID, API_KEY, API_SECRET, AUTH_TOKEN
from ansible_collections.twilio.flex.tests.unit.plugins.flow_data import TWO_PAGES
from ansible_collections.twilio.flex.tests.unit.plugins.recording_listener import RecordingListener

IS = "IS" + "0" * 32
FW = "FW" + "1" * 32


@pytest.fixture
def collector(other_host_emulator):
    """A second server with the same credentials, standing in for a host that must never see them."""
    return other_host_emulator


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


# ---- hostile page links, against real listeners -------------------------------------------------------------------

CREDENTIALS = {
    "auth token": (dict(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN), ACCOUNT_SID, AUTH_TOKEN),
    "API key": (dict(api_key=API_KEY, api_secret=API_SECRET), API_KEY, API_SECRET),
}


@pytest.fixture(scope="module")
def listeners(flex_emulator_server):
    """Hosts that must never hear from the client: other loopback addresses on the API's own port number."""
    started = dict(other=RecordingListener("127.0.0.2", flex_emulator_server.port), ipv6=RecordingListener("::1", flex_emulator_server.port))
    yield started
    for listener in started.values():
        listener.stop()


@pytest.fixture(params=sorted(CREDENTIALS))
def credentials(request):
    return CREDENTIALS[request.param]


@pytest.fixture
def run_as(emulator, run_module, credentials, listeners, collector):
    """Run a module against the emulator with one kind of credentials; afterwards, no other host may have heard anything."""
    options, _username, _password = credentials
    for listener in listeners.values():
        listener.clear()

    def run_with(main, module_options=None):
        return run_module(main, dict(module_options or {}, base_url=emulator.base_url, retry_max_time=5, **options), credentials=False)

    yield run_with
    assert {name: listener.received() for name, listener in listeners.items()} == {name: [] for name in listeners}
    assert collector.request_log == []


def links(template, emulator, collector):
    return template.format(
        api="127.0.0.1:%d" % emulator.port,
        port=emulator.port,
        other="127.0.0.2:%d" % emulator.port,
        collector="127.0.0.1:%d" % collector.port,
        collector_port=collector.port,
    )


PAGE = "/v1/FlexFlows?PageSize=50&Page=1"


def refused(why, *links):
    """(link, why it is refused) rows: ``links`` refused for the same reason."""
    return [(link, why) for link in links]


HOSTILE_LINKS = (
    # The link that one parser reads as the API host and urllib3 as another host.
    refused(
        "holds a backslash",
        "http://{other}\\@{api}" + PAGE,
        "http://{collector}\\@{api}" + PAGE,
        "http://{api}\\@{other}" + PAGE,
        "http://{other}\\{api}" + PAGE,
        "/\\{other}" + PAGE,
        "http:\\\\{other}" + PAGE,
        "http://{api}" + PAGE + "\\@{other}",
    )
    # User names and passwords, and "@" tricks.
    + refused(
        "holds a user name or password",
        "http://user:pass@{api}" + PAGE,
        "http://{api}@{other}" + PAGE,
        "http://{other}@{api}" + PAGE,
        "http://127.0.0.1:{port}:@{other}" + PAGE,
    )
    + refused("has a port that is not a number", "http://{other}%40{api}" + PAGE)
    + refused("not a host name or an IP address", "http://127.0.0.2%00.127.0.0.1:{port}" + PAGE)
    + refused("points elsewhere", "http://{other}#@{api}" + PAGE, "http://{other}?@{api}" + PAGE)
    # Whitespace, control and non-ASCII characters.
    + refused(
        "holds whitespace, a control character",
        "http://{other}\t@{api}" + PAGE,
        "http://{other} @{api}" + PAGE,
        "http://{api}/v1/Flex\tFlows?PageSize=50&Page=1",
        "http://{api}" + PAGE + "\r\nHost: {other}",
        "http://{api}" + PAGE + "\x00",
        " http://{other}" + PAGE,
    )
    + refused(
        "holds whitespace, a control character or a non-ASCII character", "http://{other}\u3002{api}" + PAGE, "http://127\uff0e0\uff0e0\uff0e2:{port}" + PAGE
    )
    # Other hosts, ports and schemes.
    + refused(
        "points elsewhere",
        "http://{other}" + PAGE,
        "http://{collector}" + PAGE,
        "http://localhost:{port}" + PAGE,
        "http://[::1]:{port}" + PAGE,
        "http://[::ffff:127.0.0.2]:{port}" + PAGE,
        "http://2130706434:{port}" + PAGE,
        "http://127.0.0.1:{collector_port}" + PAGE,
        "http://127.0.0.1" + PAGE,
        "https://{api}" + PAGE,
        "HTTP://{other}" + PAGE,
        "//{other}" + PAGE,
    )
    + refused("not a host name or an IP address", "http://127.0.0.1.:{port}" + PAGE, "///{other}" + PAGE)
    + refused("has a path that starts with //", "http://{api}//{other}" + PAGE)
    + refused("has a port that is not a number", "http://127.0.0.1:{port}:{collector_port}" + PAGE, "http://127.0.0.1:+{port}" + PAGE)
    + refused("in brackets that is not an IPv6 address", "http://[::1" + PAGE, "http://[fe80::1%25lo]:{port}" + PAGE)
    + refused("has no host after its scheme", "http:{other}" + PAGE, "http:/{other}" + PAGE)
    + refused("has the scheme javascript, not http or https", "javascript:alert(1)")
    + refused("has the scheme file, not http or https", "file:///etc/passwd")
    + refused("has the scheme ftp, not http or https", "ftp://{api}" + PAGE)
    + refused("is neither an http(s) URL nor an absolute path", "{other}" + PAGE, "v1/FlexFlows?PageSize=50&Page=1", "?PageSize=50&Page=1")
    + refused("has the scheme localhost, not http or https", "localhost:{port}" + PAGE)
)


@pytest.mark.parametrize("template, reason", HOSTILE_LINKS)
def test_a_hostile_page_link_is_refused_and_no_other_host_hears_anything(emulator, collector, run_as, credentials, template, reason):
    _options, username, password = credentials
    link = links(template, emulator, collector)
    emulator.inject_fault(kind="next_page_url", location=link, method="GET", path="^/v1/FlexFlows$")
    failed, result = run_as(flex_flow_info.main)
    assert failed, result
    message = result["msg"]
    assert message.startswith("Refused to send GET ")
    assert "the credentials go to the API host %s only" % emulator.base_url in message
    assert reason in message
    # Named safely: one line, no password of the link, no credential.
    assert not any(character in message for character in "\r\n\t\x00")
    assert "pass@" not in message and password not in message
    assert [(entry["method"], entry["host"], entry["path"], entry["auth_user"]) for entry in emulator.request_log] == [
        ("GET", "127.0.0.1:%d" % emulator.port, "/v1/FlexFlows", username)
    ]


# (link, the path and query the API host receives)
FOLLOWED_LINKS = [
    (PAGE, PAGE),
    ("http://{api}" + PAGE, PAGE),
    ("HTTP://127.0.0.1:{port}" + PAGE, PAGE),
    ("//{api}" + PAGE, PAGE),
    ("http://127.0.0.1:0{port}" + PAGE, PAGE),
    # The fragment is never sent, so what follows "#" names no host.
    ("http://{api}" + PAGE + "#@{other}", PAGE),
    # Percent escapes are data on the API host: they cannot name a host, since only the path and query are used.
    ("http://{api}" + PAGE + "&Mark=%00%2F%2F{other}", PAGE + "&Mark=%00%2F%2F{other}"),
    ("http://{api}" + PAGE + "&Next=http://{other}/@x", PAGE + "&Next=http://{other}/@x"),
    ("http://{api}/v1/FlexFlows/../FlexFlows?PageSize=50&Page=1", PAGE),
]


@pytest.mark.parametrize("template, expected", FOLLOWED_LINKS)
def test_a_page_link_on_the_api_host_is_followed_there_only(emulator, collector, run_as, credentials, template, expected):
    _options, username, _password = credentials
    # One flow, so that the first page is not an empty one, which ends a listing whatever its link says.
    emulator.reset(seed=TWO_PAGES[:1])
    emulator.inject_fault(kind="next_page_url", location=links(template, emulator, collector), method="GET", path="^/v1/FlexFlows$")
    failed, result = run_as(flex_flow_info.main)
    assert not failed, result["msg"]
    path, _question, query = links(expected, emulator, collector).partition("?")
    second = emulator.request_log[1]
    assert (second["host"], second["path"], second["auth_user"]) == ("127.0.0.1:%d" % emulator.port, path, username)
    assert second["query"] == dict(parse_qsl(query, keep_blank_values=True))
    assert len(emulator.request_log) == 2


def test_the_conversations_listing_refuses_the_same_links(emulator, collector, run_as):
    link = links("http://{other}\\@{api}/v1/Configuration/Addresses?PageSize=50&Page=1", emulator, collector)
    emulator.inject_fault(kind="next_page_url", location=link, method="GET", path="^/v1/Configuration/Addresses$")
    failed, result = run_as(conversations_address_info.main)
    # The text between "//" and "@" could be a password, so it is masked.
    assert failed and result["msg"].startswith("Refused to send GET http://127.0.0.2:********@127.0.0.1:%d/v1/Configuration/Addresses" % emulator.port)
    assert len(emulator.request_log) == 1


# ---- base_url ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("userinfo", ["user:base-url-password@", "base-url-password@", ":base-url-password@"])
def test_a_base_url_with_a_password_is_refused_before_any_request(emulator, run_module, userinfo):
    base_url = emulator.base_url.replace("://", "://" + userinfo)
    failed, result = run_module(flex_flow_info.main, dict(base_url=base_url, account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN), credentials=False)
    assert failed
    assert result["msg"].startswith("base_url must not hold a user name or password before its host (user:password@)")
    assert "base-url-password" not in result["msg"] and "********@127.0.0.1:%d" % emulator.port in result["msg"]
    assert emulator.request_log == []


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_plain_http_to_this_machine_is_not_warned_about(emulator, run_module, host):
    base_url = emulator.base_url.replace("127.0.0.1", host)
    failed, result = run_module(flex_flow_info.main, dict(base_url=base_url, account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN), credentials=False)
    assert not failed and result["warnings"] == []
