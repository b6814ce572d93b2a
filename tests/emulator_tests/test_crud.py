# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Create, fetch, update and delete, with Twilio's status codes and response shape: for every resource, then
what only one resource does (a flow's fields and keep-alive; an address configuration found by its percent-encoded address)."""

import base64
import http.client
import re
from urllib.parse import urlencode

import pytest

from emulator_support import (
    ADDRESSES,
    ADDRESSES_PATH,
    CHAT_SERVICE_SID,
    CONVERSATION_SERVICE_SID,
    FLOWS,
    PHONE_NUMBER,
    STUDIO_FLOW_SID,
    UNKNOWN_ADDRESS_SID,
    UNKNOWN_FLOW_SID,
    WHATSAPP_ADDRESS,
    by_sid_and_identity,
    per_resource,
    studio_form,
    twilio_error,
    webhook_form,
)
from flex_emulator.credentials import ACCOUNT_SID, AUTH_TOKEN

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


# -- every resource ------------------------------------------------------------------------------


def test_create_answers_201_in_twilio_shape(flex_emulator, resource, client):
    response = client.create()

    assert response.status_code == 201, response.text
    assert response.headers["Content-Type"] == "application/json"
    item = response.json()
    assert list(item) == list(resource.response_keys)
    assert re.fullmatch(resource.sid_prefix + r"[0-9a-f]{32}", item["sid"])
    assert item["account_sid"] == ACCOUNT_SID
    assert DATE.match(item["date_created"]) and item["date_updated"] == item["date_created"]
    assert item["url"] == f"{flex_emulator.base_url}{resource.list_path}/{item['sid']}"


def test_each_create_gets_a_new_random_sid(resource, client):
    sids = {client.created_sid(resource.distinct_form(index)) for index in range(5)}

    assert len(sids) == 5


@by_sid_and_identity
def test_fetch_answers_200_with_the_stored_item(resource, how, client):
    created = client.create().json()

    response = client.fetch(resource.key(created, how))

    assert response.status_code == 200
    assert response.json() == created


@by_sid_and_identity
def test_update_answers_200_and_changes_only_the_fields_sent(resource, how, client):
    created = client.create(resource.create_form(resource.extra_create)).json()

    response = client.update(resource.key(created, how), {"FriendlyName": "Renamed"})

    assert response.status_code == 200
    updated = response.json()
    assert updated["friendly_name"] == "Renamed"
    unchanged = {key: value for key, value in created.items() if key not in ("friendly_name", "date_updated")}
    assert {key: updated[key] for key in unchanged} == unchanged
    assert client.fetch(created["sid"]).json() == updated


def test_update_bumps_date_updated_and_keeps_date_created(flex_emulator, resource, client):
    old = "2016-08-01T22:10:40Z"
    sid = resource.sid_prefix + "a" * 32
    flex_emulator.reset(seed=resource.seed([resource.api_item(sid=sid, date_created=old, date_updated=old)]))
    form, path, value = resource.toggle

    updated = client.update(sid, form).json()

    assert updated["date_created"] == old
    assert updated["date_updated"] > old
    assert DATE.match(updated["date_updated"])
    assert resource.answered(updated, path) == value


def test_update_with_nothing_to_change_answers_the_item(resource, client):
    created = client.create().json()

    response = client.update(created["sid"], {})

    assert response.status_code == 200
    assert {name: value for name, value in response.json().items() if name != "date_updated"} == {
        name: value for name, value in created.items() if name != "date_updated"
    }


@by_sid_and_identity
def test_delete_answers_204_without_a_body_and_removes_the_item(flex_emulator, resource, how, client):
    created = client.create().json()

    response = client.delete(resource.key(created, how))

    assert response.status_code == 204
    assert response.content == b""
    assert "Content-Type" not in response.headers
    # Gone by every key it had.
    for key in [created["sid"]] + ([created[resource.identity]] if resource.identity else []):
        assert client.fetch(key).status_code == 404
    assert getattr(flex_emulator, resource.name) == {}


@pytest.mark.parametrize(
    "resource, key, path_key",
    per_resource(
        {
            FLOWS: [(UNKNOWN_FLOW_SID, UNKNOWN_FLOW_SID), ("FO123", "FO123"), ("XX" + "a" * 32, "XX" + "a" * 32), ("FO" + "g" * 32, "FO" + "g" * 32)],
            ADDRESSES: [(UNKNOWN_ADDRESS_SID, UNKNOWN_ADDRESS_SID), ("+15550000000", "%2B15550000000"), ("IG123", "IG123")],
        }
    ),
    indirect=["resource"],
)
def test_unknown_or_malformed_key_answers_twilio_404_body(resource, client, key, path_key):
    client.create()

    for response in (client.fetch(key), client.update(key, {"FriendlyName": "x"}), client.delete(key)):
        assert response.status_code == 404
        assert response.json() == twilio_error(404, f"The requested resource {resource.list_path}/{path_key} was not found")


def test_a_sid_is_matched_exactly(resource, client):
    sid = client.created_sid()

    assert client.fetch(sid).status_code == 200
    assert client.fetch(sid[:2].lower() + sid[2:]).status_code == 404
    assert client.fetch(sid + "0").status_code == 404


def test_unknown_paths_beside_the_resource_answer_404(flex_emulator, resource, client):
    sid = client.created_sid()
    for path in resource.neighbour_paths + (f"{resource.list_path}/{sid}/Extra",):
        response = client.session.get(flex_emulator.base_url + path)
        assert response.status_code == 404
        assert response.json()["code"] == 20404
        assert response.json()["message"] == f"The requested resource {path} was not found"


def test_wrong_method_answers_405(resource, client):
    sid = client.created_sid()

    on_list = client.session.delete(client.url())
    on_instance = client.session.put(client.url(sid), data={"FriendlyName": "x"})

    assert on_list.status_code == 405
    assert on_list.headers["Allow"] == "GET, POST"
    assert on_list.json()["code"] == 20004
    assert on_instance.status_code == 405
    assert on_instance.headers["Allow"] == "GET, POST, DELETE"
    assert client.fetch(sid).json()["friendly_name"] == resource.create_form()["FriendlyName"]


# -- flows ---------------------------------------------------------------------------------------


def test_create_answers_the_flow_fields(api):
    flow = api.create(studio_form({"ContactIdentity": "+15550100", "Integration.RetryCount": "1"})).json()

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


# -- address configurations ----------------------------------------------------------------------


def test_create_answers_the_configuration_fields(addresses):
    form = webhook_form({"AddressCountry": "US"})
    form["AutoCreation.WebhookFilters"] = ["onParticipantAdded", "onMessageAdded"]

    address = addresses.create(form).json()

    assert address["type"] == "sms"
    assert address["address"] == PHONE_NUMBER
    assert address["friendly_name"] == "Support number"
    assert address["address_country"] == "US"
    assert address["auto_creation"] == {
        "enabled": True,
        "type": "webhook",
        "conversation_service_sid": CONVERSATION_SERVICE_SID,
        "webhook_url": "https://example.com/hook",
        "webhook_method": "POST",
        "webhook_filters": ["onParticipantAdded", "onMessageAdded"],
    }
    assert list(address["auto_creation"]) == ["enabled", "type", "conversation_service_sid", "webhook_url", "webhook_method", "webhook_filters"]


def test_a_bare_create_gets_default_auto_creation_and_nulls(addresses):
    address = addresses.create({"Type": "email", "Address": "support@example.com"}).json()

    assert address["friendly_name"] is None
    assert address["address_country"] is None
    assert address["auto_creation"] == {"enabled": False, "type": "default"}


def test_a_studio_configuration_answers_the_studio_keys(addresses):
    form = {
        "Type": "whatsapp",
        "Address": WHATSAPP_ADDRESS,
        "AutoCreation.Enabled": "false",
        "AutoCreation.Type": "studio",
        "AutoCreation.ConversationServiceSid": CONVERSATION_SERVICE_SID,
        "AutoCreation.StudioFlowSid": STUDIO_FLOW_SID,
        "AutoCreation.StudioRetryCount": "3",
        "AutoCreation.WebhookUrl": "https://example.com/not-for-studio",
    }

    address = addresses.create(form).json()

    assert address["auto_creation"] == {
        "enabled": False,
        "type": "studio",
        "conversation_service_sid": CONVERSATION_SERVICE_SID,
        "studio_flow_sid": STUDIO_FLOW_SID,
        "studio_retry_count": 3,
    }


def test_keys_of_the_type_not_given_answer_null(addresses):
    address = addresses.create(webhook_form(without=["AutoCreation.ConversationServiceSid", "AutoCreation.WebhookMethod"])).json()

    assert address["auto_creation"]["conversation_service_sid"] is None
    assert address["auto_creation"]["webhook_method"] is None
    assert address["auto_creation"]["webhook_filters"] is None


def test_addresses_are_percent_encoded_in_the_path(flex_emulator, addresses):
    sms = addresses.create().json()
    whatsapp = addresses.create(webhook_form({"Type": "whatsapp", "Address": WHATSAPP_ADDRESS})).json()

    for path, expected in (
        ("/%2B15555550100", sms),
        ("/whatsapp%3A%2B15555550101", whatsapp),
        ("/whatsapp:%2B15555550101", whatsapp),
        # A literal "+" is a plus sign, not a space: the path is decoded with unquote, not unquote_plus.
        ("/+15555550100", sms),
    ):
        response = addresses.request("GET", flex_emulator.base_url + ADDRESSES_PATH + path)
        assert response.status_code == 200, path
        assert response.json()["sid"] == expected["sid"]
    # The request log keeps the path as it was received.
    assert [entry["path"] for entry in flex_emulator.request_log[-4:]] == [
        ADDRESSES_PATH + path for path in ("/%2B15555550100", "/whatsapp%3A%2B15555550101", "/whatsapp:%2B15555550101", "/+15555550100")
    ]


def test_an_address_with_a_space_is_not_an_address_with_a_plus(flex_emulator, addresses):
    addresses.create()

    response = addresses.request("GET", flex_emulator.base_url + ADDRESSES_PATH + "/%2015555550100")

    assert response.status_code == 404
