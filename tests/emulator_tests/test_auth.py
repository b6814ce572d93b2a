# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP Basic auth with an account SID + auth token or an API key + secret, and Twilio's 401."""

import base64

import pytest
import requests

from emulator_support import ApiClient
from flex_emulator import FlexEmulator
from flex_emulator.credentials import ACCOUNT_SID, API_KEY, API_SECRET, AUTH_TOKEN

UNAUTHORIZED_BODY = {
    "code": 20003,
    "message": "Authenticate",
    "more_info": "https://www.twilio.com/docs/errors/20003",
    "status": 401,
}


def assert_unauthorized(response):
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED_BODY
    assert response.headers["WWW-Authenticate"] == 'Basic realm="Twilio API"'
    assert response.headers["Content-Type"] == "application/json"


@pytest.mark.parametrize("auth", [(ACCOUNT_SID, AUTH_TOKEN), (API_KEY, API_SECRET)], ids=["auth-token", "api-key"])
def test_both_kinds_of_credentials_are_accepted(flex_emulator, auth):
    client = ApiClient(flex_emulator.base_url, auth)

    created = client.create()
    assert created.status_code == 201
    assert client.fetch(created.json()["sid"]).status_code == 200
    assert client.list().status_code == 200
    assert client.delete(created.json()["sid"]).status_code == 204


@pytest.mark.parametrize(
    "auth",
    [
        None,
        (ACCOUNT_SID, "wrong-token"),
        (API_KEY, "wrong-secret"),
        (ACCOUNT_SID, API_SECRET),
        (API_KEY, AUTH_TOKEN),
        ("AC" + "f" * 32, AUTH_TOKEN),
        (ACCOUNT_SID, ""),
    ],
    ids=["missing", "wrong-token", "wrong-secret", "sid-with-secret", "key-with-token", "other-account", "empty-password"],
)
def test_anything_else_answers_401_with_twilio_body(flex_emulator, auth):
    response = requests.get(flex_emulator.base_url + "/v1/FlexFlows", auth=auth, timeout=10)

    assert_unauthorized(response)


@pytest.mark.parametrize("header", ["Bearer abc", "Basic not-base64!", "Basic " + base64.b64encode(b"no-colon").decode(), "Basic"])
def test_malformed_authorization_header_answers_401(flex_emulator, header):
    response = requests.get(flex_emulator.base_url + "/v1/FlexFlows", headers={"Authorization": header}, timeout=10)

    assert_unauthorized(response)


def test_unauthenticated_requests_change_nothing(flex_emulator, api):
    sid = api.created_sid()
    intruder = ApiClient(flex_emulator.base_url, (ACCOUNT_SID, "wrong-token"))

    assert_unauthorized(intruder.create())
    assert_unauthorized(intruder.update(sid, {"FriendlyName": "Hijacked"}))
    assert_unauthorized(intruder.delete(sid))
    assert_unauthorized(intruder.fetch(sid))
    assert [flow["friendly_name"] for flow in flex_emulator.flows.values()] == ["Support SMS"]


def test_unknown_paths_need_auth_too(flex_emulator):
    assert_unauthorized(requests.get(flex_emulator.base_url + "/v1/Nothing", timeout=10))


def test_api_keys_are_refused_when_none_is_configured():
    with FlexEmulator(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as emulator:
        assert_unauthorized(requests.get(emulator.base_url + "/v1/FlexFlows", auth=(API_KEY, API_SECRET), timeout=10))
        assert requests.get(emulator.base_url + "/v1/FlexFlows", auth=(ACCOUNT_SID, AUTH_TOKEN), timeout=10).status_code == 200


def test_custom_credentials_replace_the_defaults():
    account_sid, api_key = "AC" + "c" * 32, "SK" + "d" * 32
    with FlexEmulator(account_sid=account_sid, auth_token="custom-token", api_key=api_key, api_secret="custom-secret") as emulator:
        url = emulator.base_url + "/v1/FlexFlows"
        assert requests.get(url, auth=(account_sid, "custom-token"), timeout=10).status_code == 200
        assert requests.get(url, auth=(api_key, "custom-secret"), timeout=10).status_code == 200
        assert_unauthorized(requests.get(url, auth=(ACCOUNT_SID, AUTH_TOKEN), timeout=10))


def test_api_key_needs_its_secret():
    with pytest.raises(ValueError):
        FlexEmulator(api_key=API_KEY)


def test_the_log_records_the_user_of_each_request(flex_emulator):
    url = flex_emulator.base_url + "/v1/FlexFlows"
    requests.get(url, auth=(ACCOUNT_SID, AUTH_TOKEN), timeout=10)
    requests.get(url, auth=(API_KEY, API_SECRET), timeout=10)
    requests.get(url, auth=(API_KEY, "wrong-secret"), timeout=10)
    requests.get(url, timeout=10)

    assert [(entry["auth_user"], entry["status"]) for entry in flex_emulator.request_log] == [
        (ACCOUNT_SID, 200),
        (API_KEY, 200),
        (API_KEY, 401),
        (None, 401),
    ]
