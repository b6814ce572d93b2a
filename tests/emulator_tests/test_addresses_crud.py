# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Conversations Address Configurations: create, fetch, update and delete, by SID and by the (percent-encoded) address."""

import re

import pytest

from emulator_support import (
    ADDRESSES_PATH,
    CONVERSATION_SERVICE_SID,
    PHONE_NUMBER,
    STUDIO_FLOW_SID,
    UNKNOWN_ADDRESS_SID,
    WHATSAPP_ADDRESS,
    api_address,
    webhook_form,
)
from flex_emulator.credentials import ACCOUNT_SID

# The key order of the spec's response examples.
RESPONSE_KEYS = ["account_sid", "sid", "address", "type", "friendly_name", "address_country", "auto_creation", "date_created", "date_updated", "url"]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def test_create_answers_201_with_the_configuration_in_twilio_shape(flex_emulator, addresses):
    form = webhook_form({"AddressCountry": "US"})
    form["AutoCreation.WebhookFilters"] = ["onParticipantAdded", "onMessageAdded"]

    response = addresses.create(form)

    assert response.status_code == 201, response.text
    assert response.headers["Content-Type"] == "application/json"
    address = response.json()
    assert list(address) == RESPONSE_KEYS
    assert re.fullmatch(r"IG[0-9a-f]{32}", address["sid"])
    assert address["account_sid"] == ACCOUNT_SID
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
    assert DATE.match(address["date_created"]) and address["date_updated"] == address["date_created"]
    assert address["url"] == f"{flex_emulator.base_url}{ADDRESSES_PATH}/{address['sid']}"


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


@pytest.mark.parametrize("key", ["sid", PHONE_NUMBER], ids=["by-sid", "by-address"])
def test_fetch_answers_200_with_the_stored_configuration(addresses, key):
    created = addresses.create().json()

    response = addresses.fetch(created["sid"] if key == "sid" else key)

    assert response.status_code == 200
    assert response.json() == created


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


@pytest.mark.parametrize("key", ["sid", WHATSAPP_ADDRESS], ids=["by-sid", "by-address"])
def test_update_answers_200_and_changes_only_the_fields_sent(addresses, key):
    created = addresses.create(webhook_form({"Type": "whatsapp", "Address": WHATSAPP_ADDRESS})).json()

    response = addresses.update(created["sid"] if key == "sid" else key, {"FriendlyName": "Renamed"})

    assert response.status_code == 200
    updated = response.json()
    assert updated["friendly_name"] == "Renamed"
    unchanged = {name: value for name, value in created.items() if name not in ("friendly_name", "date_updated")}
    assert {name: updated[name] for name in unchanged} == unchanged
    assert addresses.fetch(created["sid"]).json() == updated


def test_update_bumps_date_updated_and_keeps_date_created(flex_emulator, addresses):
    old = "2016-03-24T21:05:50Z"
    flex_emulator.reset(seed={"addresses": [api_address(sid="IG" + "a" * 32, date_created=old, date_updated=old)]})

    updated = addresses.update(PHONE_NUMBER, {"AutoCreation.Enabled": "false"}).json()

    assert updated["date_created"] == old
    assert updated["date_updated"] > old
    assert updated["auto_creation"]["enabled"] is False


def test_update_with_nothing_to_change_answers_the_configuration(addresses):
    created = addresses.create().json()

    response = addresses.update(created["sid"], {})

    assert response.status_code == 200
    assert {name: value for name, value in response.json().items() if name != "date_updated"} == {
        name: value for name, value in created.items() if name != "date_updated"
    }


@pytest.mark.parametrize("key", ["sid", PHONE_NUMBER], ids=["by-sid", "by-address"])
def test_delete_answers_204_without_a_body_and_removes_the_configuration(flex_emulator, addresses, key):
    sid = addresses.created_sid()

    response = addresses.delete(sid if key == "sid" else key)

    assert response.status_code == 204
    assert response.content == b""
    assert "Content-Type" not in response.headers
    assert addresses.fetch(sid).status_code == 404
    assert addresses.fetch(PHONE_NUMBER).status_code == 404
    assert flex_emulator.addresses == {}


@pytest.mark.parametrize("key, path_key", [(UNKNOWN_ADDRESS_SID, UNKNOWN_ADDRESS_SID), ("+15550000000", "%2B15550000000"), ("IG123", "IG123")])
def test_unknown_sid_or_address_answers_twilio_404_body(addresses, key, path_key):
    addresses.create()

    for response in (addresses.fetch(key), addresses.update(key, {"FriendlyName": "x"}), addresses.delete(key)):
        assert response.status_code == 404
        assert response.json() == {
            "code": 20404,
            "message": f"The requested resource {ADDRESSES_PATH}/{path_key} was not found",
            "more_info": "https://www.twilio.com/docs/errors/20404",
            "status": 404,
        }


def test_a_sid_is_matched_exactly(addresses):
    sid = addresses.created_sid()

    assert addresses.fetch(sid).status_code == 200
    assert addresses.fetch("ig" + sid[2:]).status_code == 404
    assert addresses.fetch(sid + "0").status_code == 404


def test_unknown_paths_beside_the_resource_answer_404(flex_emulator, addresses):
    sid = addresses.created_sid()
    for path in ("/v1/Configuration", "/v1/Configuration/Address", f"{ADDRESSES_PATH}/{sid}/Extra", "/v2/Configuration/Addresses"):
        response = addresses.session.get(flex_emulator.base_url + path)
        assert response.status_code == 404
        assert response.json()["message"] == f"The requested resource {path} was not found"


def test_wrong_method_answers_405(addresses):
    sid = addresses.created_sid()

    on_list = addresses.session.delete(addresses.url())
    on_instance = addresses.session.put(addresses.url(sid), data={"FriendlyName": "x"})

    assert on_list.status_code == 405
    assert on_list.headers["Allow"] == "GET, POST"
    assert on_list.json()["code"] == 20004
    assert on_instance.status_code == 405
    assert on_instance.headers["Allow"] == "GET, POST, DELETE"
    assert addresses.fetch(sid).json()["friendly_name"] == "Support number"


def test_each_create_gets_a_new_random_sid(addresses):
    sids = {addresses.created_sid(webhook_form({"Address": f"+1555000000{index}"})) for index in range(5)}

    assert len(sids) == 5
