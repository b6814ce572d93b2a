# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Address configurations in seeds, in POST /_emulator/reset, in /_emulator/addresses, and their Python counterparts."""

import json

import pytest
import requests
import yaml

from emulator_support import (
    ADDRESSES_PATH,
    CONVERSATION_SERVICE_SID,
    PHONE_NUMBER,
    STUDIO_FLOW_SID,
    UNKNOWN_ADDRESS_SID,
    WHATSAPP_ADDRESS,
    AddressApiClient,
    FlexApiClient,
    api_address,
    api_flow,
)
from flex_emulator import FlexEmulator
from flex_emulator.credentials import ACCOUNT_SID, AUTH_TOKEN

KNOWN_SID = "IG" + "a" * 32
SEED = {
    "flows": [api_flow(friendly_name="Seeded flow")],
    "addresses": [
        api_address(sid=KNOWN_SID, date_created="2016-03-24T21:05:50Z", date_updated="2016-03-24T21:05:51Z", address_country="CA"),
        api_address(address=WHATSAPP_ADDRESS, type="whatsapp", auto_creation=None, url="https://conversations.twilio.com/ignored"),
    ],
}


@pytest.fixture
def admin(flex_emulator):
    session = requests.Session()
    base = flex_emulator.base_url + "/_emulator"

    def call(method, path, **kwargs):
        return session.request(method, base + path, timeout=10, **kwargs)

    yield call
    session.close()


def assert_seeded(emulator):
    flows = FlexApiClient(emulator.base_url, (ACCOUNT_SID, AUTH_TOKEN))
    addresses = AddressApiClient(emulator.base_url, (ACCOUNT_SID, AUTH_TOKEN))
    try:
        assert [flow["friendly_name"] for flow in flows.list().json()["flex_flows"]] == ["Seeded flow"]
        known = addresses.fetch(PHONE_NUMBER).json()
        assert known["sid"] == KNOWN_SID
        assert known["date_created"] == "2016-03-24T21:05:50Z" and known["date_updated"] == "2016-03-24T21:05:51Z"
        assert known["address_country"] == "CA" and known["account_sid"] == ACCOUNT_SID
        assert known["auto_creation"] == SEED["addresses"][0]["auto_creation"]
        generated = addresses.fetch(WHATSAPP_ADDRESS).json()
        assert generated["sid"].startswith("IG") and len(generated["sid"]) == 34
        assert generated["url"] == f"{emulator.base_url}{ADDRESSES_PATH}/{generated['sid']}"
        assert generated["auto_creation"] is None and generated["friendly_name"] == "Seeded address"
    finally:
        flows.close()
        addresses.close()


def test_seed_with_flows_and_addresses():
    with FlexEmulator(seed=SEED) as emulator:
        assert_seeded(emulator)


@pytest.mark.parametrize("suffix", [".yml", ".json"])
def test_seed_file_with_flows_and_addresses(tmp_path, suffix):
    seed_file = tmp_path / ("seed" + suffix)
    seed_file.write_text(json.dumps(SEED) if suffix == ".json" else yaml.safe_dump(SEED), encoding="utf-8")

    with FlexEmulator(seed=str(seed_file)) as emulator:
        assert_seeded(emulator)


def test_a_seed_with_addresses_only_has_no_flows():
    with FlexEmulator(seed={"addresses": [api_address()]}) as emulator:
        assert emulator.flows == {}
        assert [address["address"] for address in emulator.addresses.values()] == [PHONE_NUMBER]


def test_an_address_left_out_gets_the_default_auto_creation(flex_emulator):
    flex_emulator.reset(seed={"addresses": [{"type": "email", "address": "support@example.com"}]})

    (address,) = flex_emulator.addresses.values()
    assert address["auto_creation"] == {"enabled": False, "type": "default"}
    assert address["friendly_name"] is None and address["address_country"] is None


def test_out_of_band_data_may_answer_what_the_spec_examples_show(flex_emulator, addresses):
    """The spec's examples answer "whAtsAPP" and "POST"; a seed can model such answers for client tests."""
    auto_creation = {"enabled": True, "type": "webhook", "webhook_url": "https://example.com", "webhook_method": "post", "webhook_filters": []}
    flex_emulator.reset(seed={"addresses": [api_address(type="whAtsAPP", address=WHATSAPP_ADDRESS, auto_creation=auto_creation)]})

    fetched = addresses.fetch(WHATSAPP_ADDRESS).json()

    assert fetched["type"] == "whAtsAPP"
    assert fetched["auto_creation"] == auto_creation
    assert [address["sid"] for address in addresses.list({"Type": "whatsapp"}).json()["address_configurations"]] == [fetched["sid"]]


@pytest.mark.parametrize(
    "seed",
    [
        {"addresses": [api_address(colour="blue")]},
        {"addresses": [api_address(sid="IG123")]},
        {"addresses": [api_address(type="fax")]},
        {"addresses": [api_address(address="")]},
        {"addresses": [api_address(date_created="yesterday")]},
        {"addresses": [api_address(auto_creation={"binding_name": "x"})]},
        {"addresses": [api_address(auto_creation={"type": "flow"})]},
        {"addresses": [api_address(auto_creation={"enabled": "yes"})]},
        {"addresses": [api_address(auto_creation={"studio_flow_sid": "FW1"})]},
        {"addresses": [api_address(auto_creation={"webhook_filters": "onMessageAdded"})]},
        {"addresses": [api_address(auto_creation={"webhook_method": "PUT"})]},
        {"addresses": [api_address(auto_creation={"studio_retry_count": "3"})]},
        {"addresses": [api_address(auto_creation=["webhook"])]},
        {"addresses": [api_address(), api_address(friendly_name="Same address")]},
        {"addresses": "not a list"},
        {"adresses": [api_address()]},
        {"flows": [], "addresses": ["not a mapping"]},
    ],
    ids=[
        "unknown-field",
        "bad-sid",
        "bad-type",
        "empty-address",
        "bad-date",
        "unknown-auto-creation-key",
        "bad-auto-creation-type",
        "bad-enabled",
        "bad-studio-flow-sid",
        "filters-not-a-list",
        "bad-method",
        "retry-count-as-string",
        "auto-creation-not-a-mapping",
        "duplicate-address",
        "not-a-list",
        "misspelt-key",
        "not-a-mapping",
    ],
)
def test_bad_address_seeds_are_refused(seed):
    with pytest.raises(ValueError):
        FlexEmulator(seed=seed)


def test_a_bad_reset_changes_nothing(flex_emulator, api):
    flow_sid = api.created_sid()
    kept = flex_emulator.put_address(api_address())

    with pytest.raises(ValueError):
        flex_emulator.reset(seed={"flows": [], "addresses": [api_address(sid="IG123")]})

    assert list(flex_emulator.flows) == [flow_sid]
    assert flex_emulator.addresses == {kept["sid"]: kept}


def test_reset_back_to_the_initial_seed_restores_addresses_too():
    with FlexEmulator(seed=SEED) as emulator:
        emulator.put_address(api_address(address="+15550000000"))
        emulator.delete_address(KNOWN_SID)
        emulator.reset()
        assert_seeded(emulator)
        emulator.reset(seed=[api_flow()])
        assert emulator.addresses == {} and len(emulator.flows) == 1


def test_admin_reset_takes_flows_and_addresses_and_answers_both(flex_emulator, admin):
    response = admin("POST", "/reset", json=SEED)

    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["flows", "addresses"]
    assert [flow["friendly_name"] for flow in body["flows"]] == ["Seeded flow"]
    assert sorted(address["address"] for address in body["addresses"]) == [PHONE_NUMBER, WHATSAPP_ADDRESS]
    assert_seeded(flex_emulator)

    assert admin("POST", "/reset", json={"flows": [api_flow()]}).json()["addresses"] == []
    assert admin("POST", "/reset", json={"addresses": [api_address()]}).json()["flows"] == []
    assert admin("POST", "/reset", json={"addresses": [api_address(type="fax")]}).status_code == 400
    assert len(flex_emulator.addresses) == 1


def test_addresses_endpoint_adds_lists_and_replaces_out_of_band(flex_emulator, admin, addresses):
    added = admin("POST", "/addresses", json=api_address())
    assert added.status_code == 201
    address = added.json()
    assert address["url"] == f"{flex_emulator.base_url}{ADDRESSES_PATH}/{address['sid']}"
    assert addresses.fetch(PHONE_NUMBER).json() == address
    assert admin("GET", "/addresses").json() == [address]

    replaced = admin("POST", "/addresses", json=api_address(sid=address["sid"], friendly_name="Replaced"))
    assert replaced.status_code == 200
    assert replaced.json()["friendly_name"] == "Replaced"
    assert replaced.json()["date_created"] == address["date_created"]
    assert flex_emulator.request_log[-1]["path"] == ADDRESSES_PATH + "/%2B15555550100"


def test_an_out_of_band_address_already_configured_is_refused(admin):
    admin("POST", "/addresses", json=api_address())

    response = admin("POST", "/addresses", json=api_address(friendly_name="Second"))

    assert response.status_code == 400
    assert "already belongs to address configuration IG" in response.json()["error"]
    assert len(admin("GET", "/addresses").json()) == 1


def test_patch_changes_some_fields_and_merges_auto_creation(admin, addresses):
    sid = admin("POST", "/addresses", json=api_address()).json()["sid"]

    response = admin("PATCH", f"/addresses/{sid}", json={"friendly_name": "Drifted", "auto_creation": {"studio_retry_count": 2, "studio_flow_sid": None}})

    assert response.status_code == 200
    fetched = addresses.fetch(sid).json()
    assert fetched == response.json()
    assert fetched["friendly_name"] == "Drifted"
    assert fetched["auto_creation"] == {"enabled": True, "type": "studio", "conversation_service_sid": CONVERSATION_SERVICE_SID, "studio_retry_count": 2}


def test_item_endpoints_take_a_sid_or_an_encoded_address(admin, addresses):
    sid = admin("POST", "/addresses", json=api_address(address=WHATSAPP_ADDRESS)).json()["sid"]

    assert admin("GET", "/addresses/whatsapp%3A%2B15555550101").json()["sid"] == sid
    assert admin("PATCH", "/addresses/whatsapp%3A%2B15555550101", json={"friendly_name": "By address"}).json()["friendly_name"] == "By address"
    assert admin("DELETE", "/addresses/whatsapp%3A%2B15555550101").status_code == 204
    assert addresses.fetch(sid).status_code == 404
    for method in ("GET", "DELETE"):
        answer = admin(method, f"/addresses/{sid}")
        assert answer.status_code == 404
        assert answer.json() == {"error": f"no address configuration {sid}"}
    assert admin("PATCH", f"/addresses/{UNKNOWN_ADDRESS_SID}", json={"friendly_name": "x"}).status_code == 404


def test_patching_onto_another_configurations_address_is_refused(admin):
    admin("POST", "/addresses", json=api_address())
    other = admin("POST", "/addresses", json=api_address(address=WHATSAPP_ADDRESS)).json()

    response = admin("PATCH", f"/addresses/{other['sid']}", json={"address": PHONE_NUMBER})

    assert response.status_code == 400
    assert admin("GET", f"/addresses/{other['sid']}").json()["address"] == WHATSAPP_ADDRESS


@pytest.mark.parametrize(
    "method, path, status",
    [
        ("PUT", "/addresses", 405),
        ("DELETE", "/addresses", 405),
        ("PUT", f"/addresses/{KNOWN_SID}", 405),
        ("GET", "/addresses/a/b", 404),
        ("GET", "/address", 404),
    ],
)
def test_wrong_methods_and_paths(admin, method, path, status):
    assert admin(method, path).status_code == status


def test_malformed_out_of_band_addresses_answer_400(admin):
    for body in ({"address": PHONE_NUMBER}, api_address(type="fax"), ["not", "a", "mapping"]):
        response = admin("POST", "/addresses", json=body)
        assert response.status_code == 400
        assert response.json()["error"]
    assert admin("PATCH", "/addresses/" + admin("POST", "/addresses", json=api_address()).json()["sid"], json=["x"]).status_code == 400


def test_python_api_addresses(flex_emulator, addresses):
    address = flex_emulator.put_address(api_address(auto_creation={"enabled": True, "type": "studio", "studio_flow_sid": STUDIO_FLOW_SID}))

    assert flex_emulator.addresses == {address["sid"]: address}
    assert addresses.fetch(address["sid"]).json() == address
    assert flex_emulator.patch_address(address["sid"], {"auto_creation": {"enabled": False}})["auto_creation"]["enabled"] is False
    assert flex_emulator.patch_address(PHONE_NUMBER, {"friendly_name": "By address"})["friendly_name"] == "By address"
    assert flex_emulator.patch_address(UNKNOWN_ADDRESS_SID, {"friendly_name": "x"}) is None
    with pytest.raises(ValueError):
        flex_emulator.put_address(api_address(friendly_name="Same number, other sid"))
    assert flex_emulator.delete_address(PHONE_NUMBER) is True
    assert flex_emulator.delete_address(address["sid"]) is False
    assert flex_emulator.addresses == {}


def test_addresses_are_copies(flex_emulator, addresses):
    sid = addresses.created_sid()
    flex_emulator.addresses[sid]["auto_creation"]["enabled"] = False

    assert addresses.fetch(sid).json()["auto_creation"]["enabled"] is True


def test_admin_address_requests_are_not_logged_or_faulted(flex_emulator, admin):
    flex_emulator.inject_fault(status=500, count=None)

    assert admin("GET", "/addresses").status_code == 200
    assert admin("POST", "/addresses", json=api_address()).status_code == 201
    assert flex_emulator.request_log == []
