# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Create, fetch, update and delete, with Twilio's status codes and response shape."""

import base64
import http.client
import re
from urllib.parse import urlencode

from emulator_support import CHAT_SERVICE_SID, STUDIO_FLOW_SID, UNKNOWN_FLOW_SID, api_flow, studio_form
from flex_emulator.credentials import ACCOUNT_SID, AUTH_TOKEN

RESPONSE_KEYS = [
    "account_sid",
    "date_created",
    "date_updated",
    "sid",
    "friendly_name",
    "chat_service_sid",
    "channel_type",
    "contact_identity",
    "enabled",
    "integration_type",
    "integration",
    "long_lived",
    "janitor_enabled",
    "url",
]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def test_create_answers_201_with_the_flow_in_twilio_shape(flex_emulator, api):
    response = api.create(studio_form({"ContactIdentity": "+15550100", "Integration.RetryCount": "1"}))

    assert response.status_code == 201
    assert response.headers["Content-Type"] == "application/json"
    flow = response.json()
    assert list(flow) == RESPONSE_KEYS
    assert re.fullmatch(r"FO[0-9a-f]{32}", flow["sid"])
    assert DATE.match(flow["date_created"]) and flow["date_updated"] == flow["date_created"]
    assert flow["url"] == f"{flex_emulator.base_url}/v1/FlexFlows/{flow['sid']}"
    assert flow["account_sid"] == ACCOUNT_SID
    assert flow["friendly_name"] == "Support SMS"
    assert flow["chat_service_sid"] == CHAT_SERVICE_SID
    assert flow["channel_type"] == "sms"
    assert flow["contact_identity"] == "+15550100"
    assert flow["integration_type"] == "studio"
    assert flow["integration"] == {"flow_sid": STUDIO_FLOW_SID, "retry_count": 1}


def test_create_fills_documented_defaults(api):
    flow = api.create().json()

    assert flow["enabled"] is False
    assert flow["long_lived"] is False
    assert flow["janitor_enabled"] is False
    assert flow["contact_identity"] is None
    assert flow["integration_type"] == "studio"
    assert flow["integration"] == {"flow_sid": STUDIO_FLOW_SID, "retry_count": 3}


def test_each_create_gets_a_new_random_sid(api):
    sids = {api.created_sid() for _attempt in range(5)}

    assert len(sids) == 5


def test_fetch_answers_200_with_the_stored_flow(api):
    created = api.create().json()

    response = api.fetch(created["sid"])

    assert response.status_code == 200
    assert response.json() == created


def test_update_answers_200_and_changes_only_the_fields_sent(api):
    created = api.create(studio_form({"ContactIdentity": "+15550100", "Enabled": "true"})).json()

    response = api.update(created["sid"], {"FriendlyName": "Renamed"})

    assert response.status_code == 200
    updated = response.json()
    assert updated["friendly_name"] == "Renamed"
    unchanged = {key: value for key, value in created.items() if key not in ("friendly_name", "date_updated")}
    assert {key: updated[key] for key in unchanged} == unchanged
    assert api.fetch(created["sid"]).json() == updated


def test_update_bumps_date_updated_and_keeps_date_created(flex_emulator, api):
    sid = "FO" + "a" * 32
    flex_emulator.reset(seed=[api_flow(sid=sid, date_created="2016-08-01T22:10:40Z", date_updated="2016-08-01T22:10:40Z")])

    updated = api.update(sid, {"Enabled": "true"}).json()

    assert updated["date_created"] == "2016-08-01T22:10:40Z"
    assert updated["date_updated"] > "2016-08-01T22:10:40Z"
    assert DATE.match(updated["date_updated"])


def test_update_with_nothing_to_change_answers_the_flow(api):
    created = api.create().json()

    response = api.update(created["sid"], {})

    assert response.status_code == 200
    assert response.json()["friendly_name"] == created["friendly_name"]


def test_delete_answers_204_without_a_body_and_removes_the_flow(api):
    sid = api.created_sid()

    response = api.delete(sid)

    assert response.status_code == 204
    assert response.content == b""
    assert "Content-Type" not in response.headers
    assert api.fetch(sid).status_code == 404


def test_unknown_sid_answers_twilio_404_body(api):
    for response in (api.fetch(UNKNOWN_FLOW_SID), api.update(UNKNOWN_FLOW_SID, {"FriendlyName": "x"}), api.delete(UNKNOWN_FLOW_SID)):
        assert response.status_code == 404
        assert response.json() == {
            "code": 20404,
            "message": f"The requested resource /v1/FlexFlows/{UNKNOWN_FLOW_SID} was not found",
            "more_info": "https://www.twilio.com/docs/errors/20404",
            "status": 404,
        }


def test_malformed_path_sid_answers_404_like_an_unknown_one(api):
    for sid in ("FO123", "XX" + "a" * 32, "FO" + "g" * 32):
        response = api.fetch(sid)
        assert response.status_code == 404
        assert response.json()["code"] == 20404
        assert response.json()["message"] == f"The requested resource /v1/FlexFlows/{sid} was not found"


def test_unknown_path_answers_404(flex_emulator, api):
    for path in ("/v1/Flows", "/v2/FlexFlows", f"/v1/FlexFlows/{UNKNOWN_FLOW_SID}/Extra", "/"):
        response = api.session.get(flex_emulator.base_url + path)
        assert response.status_code == 404
        assert response.json()["code"] == 20404
        assert response.json()["message"] == f"The requested resource {path} was not found"


def test_wrong_method_answers_405(api):
    sid = api.created_sid()

    on_list = api.session.delete(api.url())
    on_instance = api.session.put(api.url(sid), data={"FriendlyName": "x"})

    assert on_list.status_code == 405
    assert on_list.headers["Allow"] == "GET, POST"
    assert on_list.json()["code"] == 20004
    assert on_instance.status_code == 405
    assert on_instance.headers["Allow"] == "GET, POST, DELETE"
    assert api.fetch(sid).json()["friendly_name"] == "Support SMS"


def test_a_session_reuses_one_keep_alive_connection(flex_emulator, api):
    sid = api.created_sid()
    for _attempt in range(5):
        assert api.fetch(sid).status_code == 200
    api.delete(sid)
    assert api.fetch(sid).status_code == 404

    pools = api.session.get_adapter(flex_emulator.base_url).poolmanager.pools
    assert [pools[key].num_connections for key in pools.keys()] == [1]  # noqa: SIM118 - the pool container refuses iteration


def test_every_answer_keeps_the_connection_open(flex_emulator):
    connection = http.client.HTTPConnection("127.0.0.1", flex_emulator.port, timeout=10)
    authorization = "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
    form = urlencode(studio_form())
    requests_to_send = [
        ("POST", "/v1/FlexFlows", form, {"Authorization": authorization, "Content-Type": "application/x-www-form-urlencoded"}),
        ("GET", "/v1/FlexFlows", None, {"Authorization": authorization}),
        ("GET", "/v1/FlexFlows", None, {}),
        ("GET", f"/v1/FlexFlows/{UNKNOWN_FLOW_SID}", None, {"Authorization": authorization}),
        ("GET", "/_emulator/log", None, {}),
    ]
    try:
        for method, path, body, headers in requests_to_send:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            assert not response.will_close
            assert connection.sock is not None
    finally:
        connection.close()
