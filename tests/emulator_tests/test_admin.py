# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The unauthenticated /_emulator endpoints and their Python counterparts: each resource's out-of-band collection
(/_emulator/flows, /_emulator/addresses) for every resource; then the log, faults, config and reset endpoints, and
seeds with address configurations."""

import json
from urllib.parse import quote

import pytest
import yaml

from emulator_support import (
    ADDRESSES,
    ADDRESSES_PATH,
    CONVERSATION_SERVICE_SID,
    FLOWS,
    PHONE_NUMBER,
    RESOURCES,
    STUDIO_FLOW_SID,
    WHATSAPP_ADDRESS,
    WORKSPACE_SID,
    ApiClient,
    api_address,
    api_flow,
    by_sid_and_identity,
    per_resource,
)
from flex_emulator import FlexEmulator
from flex_emulator.credentials import ACCOUNT_SID, AUTH_TOKEN

# -- every resource ------------------------------------------------------------------------------


def test_collection_endpoint_adds_lists_and_replaces_out_of_band(flex_emulator, resource, client, admin):
    added = admin("POST", f"/{resource.name}", json=resource.api_item(friendly_name="Out of band"))
    assert added.status_code == 201
    item = added.json()
    assert item["url"] == f"{flex_emulator.base_url}{resource.list_path}/{item['sid']}"
    key = resource.key(item, "identity" if resource.identity else "sid")
    assert client.fetch(key).json() == item
    assert flex_emulator.request_log[-1]["path"] == f"{resource.list_path}/{quote(key, safe='')}"
    assert admin("GET", f"/{resource.name}").json() == [item]

    replaced = admin("POST", f"/{resource.name}", json=resource.api_item(sid=item["sid"], friendly_name="Replaced", **{resource.nested_key: None}))
    assert replaced.status_code == 200
    assert replaced.json()["friendly_name"] == "Replaced"
    assert replaced.json()["date_created"] == item["date_created"]
    assert client.fetch(item["sid"]).json() == replaced.json()


def test_out_of_band_changes_bump_date_updated(flex_emulator, resource, admin):
    old = "2016-08-01T22:10:40Z"
    sid = resource.sid_prefix + "a" * 32
    flex_emulator.reset(seed=resource.seed([resource.api_item(sid=sid, date_created=old, date_updated=old)]))

    added = admin("POST", f"/{resource.name}", json=resource.api_item(sid=sid)).json()
    assert added["date_created"] == old and added["date_updated"] > old

    flex_emulator.reset(seed=resource.seed([resource.api_item(sid=sid, date_created=old, date_updated=old)]))
    patched = admin("PATCH", f"/{resource.name}/{sid}", json={"friendly_name": "Patched"}).json()
    assert patched["date_updated"] > old


@by_sid_and_identity
def test_item_endpoints_fetch_patch_and_delete(resource, how, client, admin):
    created = client.create(resource.create_form(resource.extra_create)).json()
    sid = created["sid"]
    # The path segment as a client sends it: an address percent-encoded (whatsapp%3A%2B15555550101).
    path = f"/{resource.name}/{quote(resource.key(created, how), safe='')}"

    assert admin("GET", path).json()["sid"] == sid
    assert admin("PATCH", path, json={"friendly_name": "Patched"}).json()["friendly_name"] == "Patched"
    assert admin("DELETE", path).status_code == 204
    assert client.fetch(sid).status_code == 404
    for method in ("GET", "DELETE"):
        answer = admin(method, f"/{resource.name}/{sid}")
        assert answer.status_code == 404
        assert answer.json() == {"error": f"no {resource.admin_noun} {sid}"}
    assert admin("PATCH", f"/{resource.name}/{sid}", json={"friendly_name": "x"}).status_code == 404


@pytest.mark.parametrize(
    "resource, body",
    per_resource(
        {
            FLOWS: [
                {"friendly_name": "No chat service", "channel_type": "web"},
                api_flow(sid="FO123"),
                api_flow(channel_type="fax"),
                api_flow(enabled="yes"),
                api_flow(colour="blue"),
                api_flow(integration={"unknown_key": 1}),
            ],
            ADDRESSES: [{"address": PHONE_NUMBER}, api_address(type="fax"), ["not", "a", "mapping"]],
        }
    ),
    indirect=["resource"],
)
def test_malformed_out_of_band_items_answer_400(resource, admin, body):
    response = admin("POST", f"/{resource.name}", json=body)

    assert response.status_code == 400
    assert response.json()["error"]


def test_an_out_of_band_patch_must_be_a_mapping(resource, admin):
    sid = admin("POST", f"/{resource.name}", json=resource.api_item()).json()["sid"]

    assert admin("PATCH", f"/{resource.name}/{sid}", json=["x"]).status_code == 400


@pytest.mark.parametrize(
    "resource, method, path, status",
    per_resource(
        {
            resource: [
                ("PUT", f"/{resource.name}", 405),
                ("DELETE", f"/{resource.name}", 405),
                ("PUT", f"/{resource.name}/{resource.unknown_sid}", 405),
                ("GET", f"/{resource.name}/{resource.unknown_sid}", 404),
                ("GET", f"/{resource.name}/a/b", 404),
                ("GET", f"/{resource.name[:-1]}", 404),
            ]
            for resource in RESOURCES
        }
    ),
    indirect=["resource"],
)
def test_wrong_methods_and_paths(resource, admin, method, path, status):
    assert admin(method, path).status_code == status


def test_python_api_put_patch_delete(flex_emulator, resource, client):
    put, patch, delete = (getattr(flex_emulator, f"{verb}_{resource.noun}") for verb in ("put", "patch", "delete"))

    item = put(resource.api_item(friendly_name="Python"))

    assert getattr(flex_emulator, resource.name) == {item["sid"]: item}
    assert client.fetch(item["sid"]).json() == item
    assert patch(item["sid"], {"friendly_name": "Patched"})["friendly_name"] == "Patched"
    assert patch(resource.unknown_sid, {"friendly_name": "x"}) is None
    assert delete(item["sid"]) is True
    assert delete(item["sid"]) is False
    assert getattr(flex_emulator, resource.name) == {}


def test_the_python_collections_are_copies(flex_emulator, resource, client):
    created = client.create().json()
    copied = getattr(flex_emulator, resource.name)[created["sid"]]
    copied["friendly_name"] = "Changed in the copy"
    copied[resource.nested_key].clear()

    assert client.fetch(created["sid"]).json() == created


def test_admin_requests_are_not_logged_or_faulted(flex_emulator, resource, admin):
    flex_emulator.inject_fault(status=500, count=None)

    assert admin("GET", f"/{resource.name}").status_code == 200
    assert admin("POST", f"/{resource.name}", json=resource.api_item()).status_code == 201
    assert flex_emulator.request_log == []


# -- log, faults, config, reset ------------------------------------------------------------------


def test_log_endpoints(admin, api):
    api.list()

    listed = admin("GET", "/log")
    assert listed.status_code == 200
    assert listed.headers["Content-Type"] == "application/json"
    assert [entry["path"] for entry in listed.json()] == ["/v1/FlexFlows"]

    assert admin("DELETE", "/log").status_code == 204
    assert admin("GET", "/log").json() == []


def test_fault_endpoints(flex_emulator, admin, api):
    added = admin("POST", "/faults", json={"status": 503, "count": 2, "method": "GET", "retry_after": 1})
    assert added.status_code == 201
    assert added.json()["status"] == 503 and added.json()["count"] == 2
    assert admin("GET", "/faults").json()[0]["method"] == "GET"

    response = api.list()
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"

    assert admin("DELETE", "/faults").status_code == 204
    assert api.list().status_code == 200
    assert flex_emulator.faults == []


@pytest.mark.parametrize("body", [{"kind": "nonsense"}, {"colour": "red"}, ["not", "an", "object"], {"count": -1}])
def test_bad_faults_answer_400(admin, body):
    response = admin("POST", "/faults", json=body)

    assert response.status_code == 400
    assert "error" in response.json()


def test_bad_json_answers_400(admin):
    response = admin("POST", "/faults", data="{not json", headers={"Content-Type": "application/json"})

    assert response.status_code == 400


def test_patch_changes_some_fields_and_merges_integration(admin, api):
    sid = api.created_sid()

    response = admin("PATCH", f"/flows/{sid}", json={"friendly_name": "Drifted", "integration": {"retry_count": 0, "workspace_sid": WORKSPACE_SID}})

    assert response.status_code == 200
    fetched = api.fetch(sid).json()
    assert fetched == response.json()
    assert fetched["friendly_name"] == "Drifted"
    assert fetched["integration"] == {"flow_sid": STUDIO_FLOW_SID, "retry_count": 0, "workspace_sid": WORKSPACE_SID}


def test_patch_with_null_removes_an_integration_key(admin, api):
    sid = api.created_sid()

    flow = admin("PATCH", f"/flows/{sid}", json={"integration": {"retry_count": None}}).json()

    assert flow["integration"] == {"flow_sid": STUDIO_FLOW_SID}


def test_out_of_band_flows_may_break_api_rules(admin, api):
    flow = admin("POST", "/flows", json=api_flow(integration=None)).json()

    assert flow["integration"] is None
    assert api.fetch(flow["sid"]).json()["integration"] is None


def test_reset_without_body_restores_the_initial_seed_and_clears_faults_and_log(flex_emulator, admin, api):
    api.created_sid()
    flex_emulator.inject_fault(count=None)

    response = admin("POST", "/reset")

    assert response.status_code == 200
    assert response.json() == {resource.name: [] for resource in RESOURCES}
    assert flex_emulator.faults == [] and flex_emulator.request_log == []
    assert api.list().json()["flex_flows"] == []


def test_reset_with_flows_seeds_them(admin, api):
    response = admin("POST", "/reset", json={"flows": [api_flow(friendly_name="One"), api_flow(friendly_name="Two")]})

    assert sorted(flow["friendly_name"] for flow in response.json()["flows"]) == ["One", "Two"]
    assert len(api.list().json()["flex_flows"]) == 2


def test_unknown_admin_path_and_method(admin):
    assert admin("GET", "/nothing").status_code == 404
    assert admin("PUT", "/log").status_code == 405


def test_config_sets_the_host_written_into_answers(flex_emulator, admin, api):
    for index in range(3):
        api.create(api_flow_form(index))
    assert admin("GET", "/config").json() == {"public_base_url": None, "max_page_size": None}

    changed = admin("PATCH", "/config", json={"public_base_url": "http://localhost:1"})
    assert changed.status_code == 200 and changed.json() == {"public_base_url": "http://localhost:1", "max_page_size": None}
    page = api.list({"PageSize": 2}).json()
    assert page["meta"]["next_page_url"].startswith("http://localhost:1/v1/FlexFlows?")
    assert page["flex_flows"][0]["url"].startswith("http://localhost:1/v1/FlexFlows/FO")

    assert admin("PATCH", "/config", json={"public_base_url": None}).json() == {"public_base_url": None, "max_page_size": None}
    assert api.list({"PageSize": 2}).json()["meta"]["next_page_url"].startswith(flex_emulator.base_url + "/v1/FlexFlows?")


@pytest.mark.parametrize(
    "body",
    [
        {"public_base_url": "ftp://x"},
        {"public_base_url": "http://x/v1"},
        {"colour": "red"},
        ["x"],
        {"max_page_size": 0},
        {"max_page_size": "3"},
        {"max_page_size": True},
    ],
)
def test_config_rejects_bad_settings(flex_emulator, admin, body):
    answer = admin("PATCH", "/config", json=body)
    assert answer.status_code == 400
    assert flex_emulator.config == {"public_base_url": None, "max_page_size": None}


def test_max_page_size_caps_the_pages_served_and_reset_lifts_it(flex_emulator, admin, api):
    for index in range(7):
        api.create(api_flow_form(index))
    assert admin("PATCH", "/config", json={"max_page_size": 3}).json() == {"public_base_url": None, "max_page_size": 3}

    pages = api.list_all({"PageSize": 1000})
    assert [len(page["flex_flows"]) for page in pages] == [3, 3, 1]
    assert [page["meta"]["page_size"] for page in pages] == [3, 3, 3]
    assert [flow["sid"] for page in pages for flow in page["flex_flows"]] == list(flex_emulator.flows)
    assert [entry["query"]["PageSize"] for entry in flex_emulator.request_log if entry["method"] == "GET"] == ["1000", "3", "3"]
    assert [len(page["flex_flows"]) for page in api.list_all({"PageSize": 2})] == [2, 2, 2, 1]
    assert api.list({"PageSize": 1001}).status_code == 400

    admin("POST", "/reset", json=[])
    assert flex_emulator.config["max_page_size"] is None


def api_flow_form(index):
    return {
        "FriendlyName": "Flow %d" % index,
        "ChatServiceSid": "IS" + "0" * 32,
        "ChannelType": "sms",
        "IntegrationType": "studio",
        "Integration.FlowSid": STUDIO_FLOW_SID,
    }


# -- address configurations ----------------------------------------------------------------------

KNOWN_SID = "IG" + "a" * 32
SEED = {
    "flows": [api_flow(friendly_name="Seeded flow")],
    "addresses": [
        api_address(sid=KNOWN_SID, date_created="2016-03-24T21:05:50Z", date_updated="2016-03-24T21:05:51Z", address_country="CA"),
        api_address(address=WHATSAPP_ADDRESS, type="whatsapp", auto_creation=None, url="https://conversations.twilio.com/ignored"),
    ],
}

SEED = {
    "flows": [api_flow(friendly_name="Seeded flow")],
    "addresses": [
        api_address(sid=KNOWN_SID, date_created="2016-03-24T21:05:50Z", date_updated="2016-03-24T21:05:51Z", address_country="CA"),
        api_address(address=WHATSAPP_ADDRESS, type="whatsapp", auto_creation=None, url="https://conversations.twilio.com/ignored"),
    ],
}


def assert_seeded(emulator):
    flows = ApiClient(emulator.base_url, (ACCOUNT_SID, AUTH_TOKEN))
    addresses = ApiClient(emulator.base_url, (ACCOUNT_SID, AUTH_TOKEN), resource=ADDRESSES)
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
    assert list(body) == [resource.name for resource in RESOURCES]
    assert [flow["friendly_name"] for flow in body["flows"]] == ["Seeded flow"]
    assert sorted(address["address"] for address in body["addresses"]) == [PHONE_NUMBER, WHATSAPP_ADDRESS]
    assert_seeded(flex_emulator)

    assert admin("POST", "/reset", json={"flows": [api_flow()]}).json()["addresses"] == []
    assert admin("POST", "/reset", json={"addresses": [api_address()]}).json()["flows"] == []
    assert admin("POST", "/reset", json={"addresses": [api_address(type="fax")]}).status_code == 400
    assert len(flex_emulator.addresses) == 1


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


def test_patching_onto_another_configurations_address_is_refused(admin):
    admin("POST", "/addresses", json=api_address())
    other = admin("POST", "/addresses", json=api_address(address=WHATSAPP_ADDRESS)).json()

    response = admin("PATCH", f"/addresses/{other['sid']}", json={"address": PHONE_NUMBER})

    assert response.status_code == 400
    assert admin("GET", f"/addresses/{other['sid']}").json()["address"] == WHATSAPP_ADDRESS


def test_python_api_finds_an_address_configuration_by_its_address(flex_emulator):
    address = flex_emulator.put_address(api_address(auto_creation={"enabled": True, "type": "studio", "studio_flow_sid": STUDIO_FLOW_SID}))

    assert flex_emulator.patch_address(address["sid"], {"auto_creation": {"enabled": False}})["auto_creation"]["enabled"] is False
    assert flex_emulator.patch_address(PHONE_NUMBER, {"friendly_name": "By address"})["friendly_name"] == "By address"
    with pytest.raises(ValueError):
        flex_emulator.put_address(api_address(friendly_name="Same number, other sid"))
    assert flex_emulator.delete_address(PHONE_NUMBER) is True
    assert flex_emulator.addresses == {}
