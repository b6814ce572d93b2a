# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""flex_flow over real HTTP against the emulator's fault injection: retried and succeeded, or failed clearly,
with nothing lost and nothing done twice."""

from __future__ import annotations

import socket
import time

import pytest

from ansible_collections.twilio.flex.plugins.modules import flex_flow
from ansible_collections.twilio.flex.tests.flex_emulator import ACCOUNT_SID, API_KEY, AUTH_TOKEN

IS = "IS" + "0" * 32
FW = "FW" + "1" * 32
NEW_FLOW = dict(friendly_name="Fault line", chat_service_sid=IS, channel_type="sms", integration=dict(flow_sid=FW))


@pytest.fixture
def existing(emulator):
    return emulator.put_flow(
        dict(friendly_name="Existing", chat_service_sid=IS, channel_type="sms", enabled=False, integration_type="studio", integration=dict(flow_sid=FW))
    )


@pytest.fixture
def run(emulator, run_module):
    def run_flex_flow(options, **kwargs):
        options = dict(
            options,
            base_url=emulator.base_url,
            account_sid=ACCOUNT_SID,
            auth_token=AUTH_TOKEN,
            http_timeout=options.get("http_timeout", 5),
            retry_max_time=options.get("retry_max_time", 10),
        )
        return run_module(flex_flow.main, options, credentials=False, **kwargs)

    return run_flex_flow


def named(emulator, name):
    return [flow for flow in emulator.flows.values() if flow["friendly_name"] == name]


def methods(emulator):
    return [(entry["method"], entry["fault"]) for entry in emulator.request_log]


@pytest.mark.parametrize("retry_after", [None, 1])
def test_429_on_read_is_retried_with_a_warning(emulator, existing, run, retry_after):
    emulator.inject_fault(status=429, count=2, method="GET", retry_after=retry_after)
    failed, result = run(dict(sid=existing["sid"], enabled=True))
    assert not failed and result["changed"] is True
    assert len([warning for warning in result["warnings"] if "after HTTP 429" in warning]) == 2
    assert [method for method, _fault in methods(emulator)] == ["GET", "GET", "GET", "POST"]
    assert emulator.flows[existing["sid"]]["enabled"] is True


def test_retry_after_is_honoured(emulator, existing, run):
    emulator.inject_fault(status=429, count=1, method="GET", retry_after=2)
    failed, result = run(dict(sid=existing["sid"]))
    assert not failed
    assert "waiting 2.0 s" in result["warnings"][0]


def test_429_on_create_is_retried_and_creates_once(emulator, run):
    emulator.inject_fault(status=429, count=2, method="POST")
    failed, result = run(NEW_FLOW)
    assert not failed and result["changed"] is True
    assert len(named(emulator, "Fault line")) == 1


@pytest.mark.parametrize("status", [503])
def test_503_on_update_is_retried(emulator, existing, run, status):
    emulator.inject_fault(status=status, count=1, method="POST")
    failed, result = run(dict(sid=existing["sid"], enabled=True))
    assert not failed and emulator.flows[existing["sid"]]["enabled"] is True
    assert [method for method, _fault in methods(emulator)] == ["GET", "POST", "POST"]


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_on_read_is_retried(emulator, existing, run, status):
    emulator.inject_fault(status=status, count=1, method="GET")
    failed, result = run(dict(sid=existing["sid"]))
    assert not failed and result["changed"] is False
    assert "after HTTP %d" % status in result["warnings"][0]


@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_on_create_is_never_replayed(emulator, run, status):
    emulator.inject_fault(status=status, count=1, method="POST")
    failed, result = run(NEW_FLOW)
    assert failed
    assert result["status"] == status
    assert "no Flex Flow named 'Fault line' exists yet" in result["msg"] and "running the task again is safe" in result["msg"]
    assert [method for method, _fault in methods(emulator)].count("POST") == 1
    assert named(emulator, "Fault line") == []
    failed, result = run(NEW_FLOW)
    assert not failed and len(named(emulator, "Fault line")) == 1


def test_create_whose_answer_is_lost_is_found_by_name_not_repeated(emulator, run):
    emulator.inject_fault(kind="drop_mid_response", count=1, method="POST")
    failed, result = run(NEW_FLOW)
    assert not failed and result["changed"] is True
    assert len(named(emulator, "Fault line")) == 1
    assert result["flex_flow"]["sid"] == named(emulator, "Fault line")[0]["sid"]
    assert any("so the create took effect" in warning for warning in result["warnings"])
    assert [method for method, _fault in methods(emulator)].count("POST") == 1


def test_create_slower_than_the_timeout_is_not_repeated(emulator, run):
    emulator.inject_fault(kind="delay", delay=1.5, count=1, method="POST")
    failed, result = run(dict(NEW_FLOW, http_timeout=0.5))
    assert failed
    assert result["msg"].startswith("Timed out after 0.5 s waiting for 127.0.0.1 to answer POST /v1/FlexFlows")
    assert "the create may still take effect. It was not sent again" in result["msg"]
    time.sleep(1.5)
    assert len(named(emulator, "Fault line")) == 1
    failed, result = run(NEW_FLOW)
    assert not failed and result["changed"] is False
    assert len(named(emulator, "Fault line")) == 1
    assert [method for method, _fault in methods(emulator)].count("POST") == 1


def test_read_slower_than_the_timeout_is_retried(emulator, existing, run):
    emulator.inject_fault(kind="delay", delay=2, count=1, method="GET")
    failed, result = run(dict(sid=existing["sid"], http_timeout=0.5))
    assert not failed
    assert "ReadTimeoutError" in result["warnings"][0]


def test_read_that_never_answers_in_time_fails_naming_the_host(emulator, existing, run):
    emulator.inject_fault(kind="delay", delay=2, count=10, method="GET")
    failed, result = run(dict(sid=existing["sid"], http_timeout=0.3, retries=1))
    assert failed
    assert result["msg"].startswith("Timed out after 0.3 s waiting for 127.0.0.1 to answer GET /v1/FlexFlows/")


@pytest.mark.parametrize(
    "kind, expected",
    [
        ("drop", "retry"),
        ("drop_mid_response", "retry"),
        ("malformed_json", "fail"),
        ("html", "retry"),
        ("empty", "fail"),
    ],
)
def test_broken_answers_to_reads(emulator, existing, run, kind, expected):
    emulator.inject_fault(kind=kind, count=1, method="GET")
    failed, result = run(dict(sid=existing["sid"]))
    if expected == "retry":
        assert not failed, result
        assert len(result["warnings"]) == 1
    else:
        assert failed
        assert "not a JSON object" in result["msg"] and "GET /v1/FlexFlows/" in result["msg"]


@pytest.mark.parametrize("status, code", [(400, 20001), (401, 20003), (403, 20403), (404, 20404)])
def test_client_errors_fail_at_once_with_twilio_details(emulator, existing, run, status, code):
    emulator.inject_fault(status=status, code=code, count=1, method="POST")
    failed, result = run(dict(sid=existing["sid"], enabled=True))
    if status == 404:
        # The flow vanished between the read and the write.
        assert failed and result["status"] == 404
    else:
        assert failed
        assert (result["status"], result["code"]) == (status, code)
        assert result["more_info"].endswith(str(code))
    assert "POST /v1/FlexFlows/%s failed with HTTP %d" % (existing["sid"], status) in result["msg"]
    assert [method for method, _fault in methods(emulator)].count("POST") == 1
    assert emulator.flows[existing["sid"]]["enabled"] is False


def test_html_error_page_on_write_is_reported(emulator, existing, run):
    emulator.inject_fault(kind="html", status=400, count=1, method="POST")
    failed, result = run(dict(sid=existing["sid"], enabled=True))
    assert failed and result["status"] == 400
    assert "no Twilio error body (text/html" in result["msg"]


def test_wrong_credentials_name_the_identity_never_the_secret(emulator, existing, run_module):
    options = dict(sid=existing["sid"], base_url=emulator.base_url, api_key=API_KEY, api_secret="wrong-secret-value-123")
    failed, result = run_module(flex_flow.main, options, credentials=False)
    assert failed and result["status"] == 401 and result["code"] == 20003
    assert "API key %s" % API_KEY in result["msg"]
    assert "wrong-secret-value-123" not in repr(result)


def test_connection_refused_names_the_host(run_module):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    failed, result = run_module(flex_flow.main, dict(sid="FO" + "0" * 32, base_url="http://127.0.0.1:%d" % port, retries=1, retry_max_time=5))
    assert failed
    assert result["msg"].startswith("Could not connect to 127.0.0.1 (GET /v1/FlexFlows/FO")
    assert len(result["warnings"]) == 1


def test_retries_are_bounded_in_time(emulator, existing, run):
    emulator.inject_fault(status=429, count=50, method="GET", retry_after=3)
    failed, result = run(dict(sid=existing["sid"], retries=10, retry_max_time=4))
    assert failed and result["status"] == 429 and result["code"] == 20429
    assert len(result["warnings"]) == 1


def test_retries_are_bounded_in_count(emulator, existing, run):
    emulator.inject_fault(status=503, count=50, method="GET")
    failed, result = run(dict(sid=existing["sid"], retries=2, retry_max_time=30))
    assert failed and result["status"] == 503
    assert len(result["warnings"]) == 2
    assert len(emulator.request_log) == 3


@pytest.mark.parametrize(
    "tls_options, works",
    [
        ({}, False),
        ({"validate_certs": True}, False),
        ({"ca_path": "CERT"}, True),
        ({"validate_certs": False}, True),
    ],
)
def test_tls_certificate_is_verified_by_default(tls_flex_emulator, tls_certificate, run_module, tls_options, works):
    emu, certfile = tls_flex_emulator, tls_certificate[0]
    assert emu.base_url.startswith("https://")
    options = dict(friendly_name="Over TLS", state="absent", base_url=emu.base_url, account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)
    options.update((key, certfile if value == "CERT" else value) for key, value in tls_options.items())
    failed, result = run_module(flex_flow.main, options, credentials=False)
    if works:
        assert not failed, result
        assert result["changed"] is False and result["flex_flow"] == {}
    else:
        assert failed
        assert result["msg"].startswith("TLS certificate verification failed for 127.0.0.1 (GET /v1/FlexFlows)")
        assert "Give the CA bundle in ca_path" in result["msg"]
        assert result["warnings"] == []


def test_retry_after_that_is_not_whole_seconds_falls_back_to_backoff(emulator, existing, run):
    emulator.inject_fault(status=429, count=1, method="GET", retry_after=0.5)
    failed, result = run(dict(sid=existing["sid"]))
    assert not failed, result
    assert len(result["warnings"]) == 1


def test_the_time_budget_holds_including_the_waits(emulator, existing, run):
    emulator.inject_fault(status=429, count=50, method="GET")
    started = time.monotonic()
    failed, result = run(dict(sid=existing["sid"], retries=20, retry_max_time=1.5))
    elapsed = time.monotonic() - started
    assert failed and result["status"] == 429
    assert elapsed < 1.5 + 0.5, elapsed
    waits = [float(warning.split("waiting ")[1].split(" s")[0]) for warning in result["warnings"]]
    assert waits and sum(waits) <= 1.5
