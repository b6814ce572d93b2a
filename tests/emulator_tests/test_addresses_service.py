# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One emulator serves Flex and Conversations: the same address, credentials, faults, request log and settings."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from emulator_support import ADDRESSES, ADDRESSES_PATH, PHONE_NUMBER, WHATSAPP_ADDRESS, ApiClient, webhook_form
from flex_emulator.credentials import ACCOUNT_SID, API_KEY, API_SECRET, AUTH_TOKEN


def test_both_products_share_one_base_url(flex_emulator, api, addresses):
    flow_sid = api.created_sid()
    address = addresses.create().json()

    assert api.fetch(flow_sid).json()["url"] == f"{flex_emulator.base_url}/v1/FlexFlows/{flow_sid}"
    assert address["url"] == f"{flex_emulator.base_url}{ADDRESSES_PATH}/{address['sid']}"
    assert list(flex_emulator.flows) == [flow_sid]
    assert list(flex_emulator.addresses) == [address["sid"]]
    # Each resource keeps to its own items.
    assert addresses.fetch(flow_sid).status_code == 404
    assert api.fetch(address["sid"]).status_code == 404


@pytest.mark.parametrize("auth", [(ACCOUNT_SID, AUTH_TOKEN), (API_KEY, API_SECRET)], ids=["auth-token", "api-key"])
def test_both_kinds_of_credentials_are_accepted(flex_emulator, auth):
    client = ApiClient(flex_emulator.base_url, auth, resource=ADDRESSES)

    assert client.create().status_code == 201
    assert client.fetch(PHONE_NUMBER).status_code == 200
    assert client.delete(PHONE_NUMBER).status_code == 204
    client.close()


def test_wrong_credentials_answer_401_and_change_nothing(flex_emulator, addresses):
    sid = addresses.created_sid()
    intruder = ApiClient(flex_emulator.base_url, (ACCOUNT_SID, "wrong-token"), resource=ADDRESSES)

    for response in (
        intruder.create(webhook_form({"Address": "+15550000000"})),
        intruder.update(sid, {"FriendlyName": "x"}),
        intruder.delete(sid),
        intruder.list(),
    ):
        assert response.status_code == 401
        assert response.json()["code"] == 20003
        assert response.headers["WWW-Authenticate"] == 'Basic realm="Twilio API"'
    assert list(flex_emulator.addresses) == [sid]
    intruder.close()


def test_the_log_records_address_requests_as_received(flex_emulator, addresses):
    form = dict(webhook_form({"Type": "WhatsApp", "Address": WHATSAPP_ADDRESS}), **{"AutoCreation.WebhookFilters": ["onMessageAdded", "onMessageUpdated"]})
    addresses.create(form)
    addresses.list({"Type": "whatsapp", "PageSize": 5})
    addresses.delete(WHATSAPP_ADDRESS)

    host = flex_emulator.base_url.split("//")[1]
    assert flex_emulator.request_log == [
        {
            "method": "POST",
            "host": host,
            "path": ADDRESSES_PATH,
            "query": {},
            "form": form,
            "auth_user": ACCOUNT_SID,
            "status": 201,
            "fault": None,
        },
        {
            "method": "GET",
            "host": host,
            "path": ADDRESSES_PATH,
            "query": {"Type": "whatsapp", "PageSize": "5"},
            "form": {},
            "auth_user": ACCOUNT_SID,
            "status": 200,
            "fault": None,
        },
        {
            "method": "DELETE",
            "host": host,
            "path": ADDRESSES_PATH + "/whatsapp%3A%2B15555550101",
            "query": {},
            "form": {},
            "auth_user": ACCOUNT_SID,
            "status": 204,
            "fault": None,
        },
    ]


def test_a_fault_on_the_address_paths_leaves_flows_alone(flex_emulator, api, addresses):
    flex_emulator.inject_fault(status=503, path=r"^/v1/Configuration/Addresses", count=None, retry_after=1)

    assert api.list().status_code == 200
    response = addresses.create()
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert response.json()["code"] == 20503
    assert flex_emulator.addresses == {}
    assert flex_emulator.request_log[-1]["fault"] == "status"


def test_a_fault_matches_the_encoded_path_and_the_method(flex_emulator, addresses):
    addresses.create()
    flex_emulator.inject_fault(status=500, method="POST", path=r"/%2B15555550100$")

    assert addresses.fetch(PHONE_NUMBER).status_code == 200
    assert addresses.update(PHONE_NUMBER, {"FriendlyName": "Renamed"}).status_code == 500
    assert addresses.fetch(PHONE_NUMBER).json()["friendly_name"] == "Support number"
    assert addresses.update(PHONE_NUMBER, {"FriendlyName": "Renamed"}).status_code == 200


def test_drop_mid_response_applies_an_address_create(flex_emulator, addresses):
    flex_emulator.inject_fault(kind="drop_mid_response", method="POST", path="Addresses")

    with pytest.raises((requests.exceptions.ChunkedEncodingError, requests.ConnectionError)):
        addresses.create()

    assert len(flex_emulator.addresses) == 1
    assert addresses.create().status_code == 409


def test_faults_apply_before_authentication_on_address_paths(flex_emulator):
    flex_emulator.inject_fault(status=429)

    assert requests.get(flex_emulator.base_url + ADDRESSES_PATH, timeout=10).status_code == 429


def test_public_base_url_is_written_into_address_answers(flex_emulator, addresses):
    for index in range(3):
        addresses.create(webhook_form({"Address": f"+1555000000{index}"}))
    flex_emulator.configure(public_base_url="http://localhost:1")

    page = addresses.list({"PageSize": 2}).json()

    assert page["meta"]["next_page_url"].startswith("http://localhost:1/v1/Configuration/Addresses?")
    assert page["address_configurations"][0]["url"].startswith("http://localhost:1/v1/Configuration/Addresses/IG")


def test_concurrent_creates_of_one_address_keep_exactly_one(flex_emulator):
    threads = 8
    barrier = threading.Barrier(threads)

    def create(_index):
        client = ApiClient(flex_emulator.base_url, (ACCOUNT_SID, AUTH_TOKEN), resource=ADDRESSES)
        try:
            barrier.wait()
            return client.create().status_code
        finally:
            client.close()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        statuses = sorted(pool.map(create, range(threads)))

    assert statuses == [201] + [409] * (threads - 1)
    assert len(flex_emulator.addresses) == 1
