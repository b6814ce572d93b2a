# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Injected faults: error statuses, delays, dropped connections and broken bodies."""

import time

import pytest
import requests

from emulator_support import UNKNOWN_FLOW_SID
from flex_emulator import FlexEmulator


def test_429_answers_twilio_body_with_retry_after_and_creates_nothing(flex_emulator, api):
    flex_emulator.inject_fault(status=429, retry_after=2)

    response = api.create()

    assert response.status_code == 429
    assert response.headers["Retry-After"] == "2"
    assert response.json() == {
        "code": 20429,
        "message": "Too Many Requests",
        "more_info": "https://www.twilio.com/docs/errors/20429",
        "status": 429,
    }
    assert not flex_emulator.flows
    assert api.create().status_code == 201


def test_429_without_retry_after_sends_no_header(flex_emulator, api):
    flex_emulator.inject_fault()

    response = api.list()

    assert response.status_code == 429
    assert "Retry-After" not in response.headers
    assert response.json()["code"] == 20429


def test_fractional_retry_after_is_kept(flex_emulator, api):
    flex_emulator.inject_fault(retry_after=0.5)

    assert api.list().headers["Retry-After"] == "0.5"


@pytest.mark.parametrize("status, code", [(500, 20500), (503, 20503), (403, 20403), (404, 20404), (400, 20001)])
def test_status_faults_default_to_twilio_codes(flex_emulator, api, status, code):
    flex_emulator.inject_fault(status=status)

    response = api.list()

    assert response.status_code == status
    assert response.json()["code"] == code
    assert response.json()["status"] == status
    assert response.json()["more_info"] == f"https://www.twilio.com/docs/errors/{code}"


def test_status_fault_with_own_code_and_message(flex_emulator, api):
    flex_emulator.inject_fault(status=429, code=45780, message="Too many concurrent requests")

    body = api.list().json()

    assert body["code"] == 45780
    assert body["message"] == "Too many concurrent requests"
    assert body["more_info"] == "https://www.twilio.com/docs/errors/45780"


def test_a_fault_with_count_answers_that_many_requests_then_stops(flex_emulator, api):
    flex_emulator.inject_fault(status=503, count=2)

    assert [api.list().status_code for _attempt in range(4)] == [503, 503, 200, 200]
    assert not flex_emulator.faults


def test_faults_are_taken_in_the_order_they_were_added(flex_emulator, api):
    flex_emulator.inject_fault(status=500)
    flex_emulator.inject_fault(status=503)

    assert [api.list().status_code for _attempt in range(3)] == [500, 503, 200]


def test_method_filter(flex_emulator, api):
    sid = api.created_sid()
    flex_emulator.inject_fault(status=500, method="post")

    assert api.fetch(sid).status_code == 200
    assert api.update(sid, {"FriendlyName": "Renamed"}).status_code == 500
    assert api.fetch(sid).json()["friendly_name"] == "Support SMS"


def test_path_filter_is_a_regular_expression(flex_emulator, api):
    sid = api.created_sid()
    flex_emulator.inject_fault(status=500, path=r"^/v1/FlexFlows/FO[0-9a-f]{32}$", count=None)

    assert api.list().status_code == 200
    assert api.fetch(sid).status_code == 500
    assert api.delete(sid).status_code == 500
    assert api.list().status_code == 200
    assert sid in flex_emulator.flows


def test_probability_faults_are_reproducible_with_a_seed(api, flex_emulator):
    def pattern():
        flex_emulator.clear_faults()
        flex_emulator.inject_fault(status=503, probability=0.5, count=None, seed=7)
        return [api.list().status_code for _attempt in range(30)]

    first, second = pattern(), pattern()

    assert first == second
    assert 0 < first.count(503) < 30
    assert set(first) == {200, 503}


def test_probability_bounds(flex_emulator, api):
    flex_emulator.inject_fault(status=503, probability=0, count=None)
    assert {api.list().status_code for _attempt in range(10)} == {200}

    flex_emulator.clear_faults()
    flex_emulator.inject_fault(status=503, probability=1, count=None)
    assert {api.list().status_code for _attempt in range(10)} == {503}


def test_probability_fault_with_count_stops_after_count_answers(flex_emulator, api):
    flex_emulator.inject_fault(status=503, probability=0.5, count=3, seed=1)

    statuses = [api.list().status_code for _attempt in range(40)]

    assert statuses.count(503) == 3


def test_delay_waits_then_answers_and_applies(flex_emulator, api):
    flex_emulator.inject_fault(kind="delay", delay=0.3)

    started = time.monotonic()
    response = api.create()

    assert time.monotonic() - started >= 0.3
    assert response.status_code == 201
    assert response.json()["sid"] in flex_emulator.flows
    assert flex_emulator.request_log[-1]["fault"] == "delay"


def test_delay_applies_before_other_kinds_too(flex_emulator, api):
    flex_emulator.inject_fault(status=500, delay=0.2)

    started = time.monotonic()
    assert api.list().status_code == 500
    assert time.monotonic() - started >= 0.2


def test_drop_closes_the_connection_without_an_answer_and_applies_nothing(flex_emulator, api):
    flex_emulator.inject_fault(kind="drop", method="POST")
    assert api.list().status_code == 200  # the POST goes over a reused keep-alive connection

    with pytest.raises(requests.ConnectionError):
        api.create()

    assert not flex_emulator.flows
    assert flex_emulator.request_log[-1]["fault"] == "drop"
    assert flex_emulator.request_log[-1]["status"] is None
    assert api.create().status_code == 201


def test_drop_mid_response_applies_the_change_but_breaks_the_answer(flex_emulator, api):
    flex_emulator.inject_fault(kind="drop_mid_response", method="POST")

    with pytest.raises((requests.exceptions.ChunkedEncodingError, requests.ConnectionError)):
        api.create()

    assert len(flex_emulator.flows) == 1
    assert flex_emulator.request_log[-1]["fault"] == "drop_mid_response"
    assert flex_emulator.request_log[-1]["status"] == 201


def test_drop_mid_response_of_a_bodiless_delete_still_breaks_the_answer(flex_emulator, api):
    sid = api.created_sid()
    flex_emulator.inject_fault(kind="drop_mid_response", method="DELETE")

    with pytest.raises(requests.ConnectionError):
        api.delete(sid)

    assert not flex_emulator.flows
    assert api.delete(sid).status_code == 404


def test_malformed_json_answers_an_unparsable_body_and_applies_nothing(flex_emulator, api):
    flex_emulator.inject_fault(kind="malformed_json")

    response = api.create()

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    with pytest.raises(ValueError):
        response.json()
    assert not flex_emulator.flows


def test_html_answers_an_error_page(flex_emulator, api):
    flex_emulator.inject_fault(kind="html", status=503)

    response = api.create()

    assert response.status_code == 503
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.text.startswith("<html>")
    assert not flex_emulator.flows


def test_html_defaults_to_a_bad_gateway(flex_emulator, api):
    flex_emulator.inject_fault(kind="html")

    assert api.list().status_code == 502


def test_empty_answers_no_body_with_the_status(flex_emulator, api):
    flex_emulator.inject_fault(kind="empty", status=500, count=2)

    response = api.create()

    assert response.status_code == 500
    assert response.content == b""
    assert response.headers["Content-Length"] == "0"
    assert api.fetch(UNKNOWN_FLOW_SID).content == b""
    assert not flex_emulator.flows


def test_every_request_is_logged_with_its_fault(flex_emulator, api):
    flex_emulator.inject_fault(status=429)
    flex_emulator.inject_fault(kind="html")
    api.list()
    api.list()
    api.list()

    assert [(entry["status"], entry["fault"]) for entry in flex_emulator.request_log] == [(429, "status"), (502, "html"), (200, None)]


def test_faults_apply_before_authentication(flex_emulator):
    flex_emulator.inject_fault(status=429)

    response = requests.get(flex_emulator.base_url + "/v1/FlexFlows", timeout=10)

    assert response.status_code == 429


def test_clear_faults(flex_emulator, api):
    flex_emulator.inject_fault(count=None)
    flex_emulator.clear_faults()

    assert api.list().status_code == 200
    assert flex_emulator.faults == []


def test_admin_endpoints_are_never_faulted(flex_emulator):
    flex_emulator.inject_fault(status=500, count=None)

    assert requests.get(flex_emulator.base_url + "/_emulator/log", timeout=10).status_code == 200
    assert requests.get(flex_emulator.base_url + "/_emulator/flows", timeout=10).status_code == 200


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "explode"},
        {"status": 99},
        {"status": "500"},
        {"count": 0},
        {"probability": 1.5},
        {"kind": "delay"},
        {"delay": -1},
        {"retry_after": "soon"},
        {"path": "("},
    ],
)
def test_bad_faults_are_refused(fields):
    emulator = FlexEmulator()
    with pytest.raises(ValueError):
        emulator.inject_fault(**fields)


def test_unknown_fault_fields_are_refused():
    with pytest.raises(TypeError):
        FlexEmulator().inject_fault(colour="red")  # pylint: disable=unexpected-keyword-arg


def test_body_answers_its_json_verbatim_and_applies_nothing(flex_emulator, api):
    listing = {"flex_flows": [{"sid": None, "enabled": "true", "integration": {"retry_count": "1"}}], "meta": {"next_page_url": None}}
    flex_emulator.inject_fault(kind="body", body=listing, method="GET", path="^/v1/FlexFlows$")

    assert api.create().status_code == 201
    answer = api.list()

    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.json() == listing
    assert flex_emulator.request_log[-1]["fault"] == "body"
    assert api.list().json()["flex_flows"][0]["sid"] == next(iter(flex_emulator.flows))


def test_body_with_a_status_answers_that_status(flex_emulator, api):
    flex_emulator.inject_fault(kind="body", body=["not", "an", "object"], status=500)
    answer = api.create()
    assert answer.status_code == 500 and answer.json() == ["not", "an", "object"]
    assert not flex_emulator.flows


@pytest.mark.parametrize("fields", [{"kind": "body"}, {"kind": "body", "body": {"not": object()}}])
def test_body_needs_a_json_body(flex_emulator, fields):
    with pytest.raises(ValueError, match="body"):
        flex_emulator.inject_fault(**fields)


@pytest.mark.parametrize("status", [301, 302, 307])
def test_redirect_answers_the_status_and_location_and_applies_nothing(flex_emulator, api, status):
    flex_emulator.inject_fault(kind="redirect", status=status, location="http://localhost:1/v1/FlexFlows", method="POST")

    answer = api.request("POST", api.url(), data={"FriendlyName": "x"}, allow_redirects=False)

    assert answer.status_code == status
    assert answer.headers["Location"] == "http://localhost:1/v1/FlexFlows"
    assert not flex_emulator.flows
    assert flex_emulator.request_log[-1]["fault"] == "redirect"


@pytest.mark.parametrize("fields", [{"kind": "redirect"}, {"kind": "redirect", "location": "/x", "status": 200}])
def test_redirect_needs_a_location_and_a_3xx_status(flex_emulator, fields):
    with pytest.raises(ValueError, match="a redirect fault needs location and a 3xx status"):
        flex_emulator.inject_fault(**fields)
