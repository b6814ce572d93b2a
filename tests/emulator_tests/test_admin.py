# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The unauthenticated /_emulator endpoints and their Python counterparts."""

import pytest
import requests

from emulator_support import STUDIO_FLOW_SID, UNKNOWN_FLOW_SID, WORKSPACE_SID, api_flow


@pytest.fixture
def admin(flex_emulator):
    session = requests.Session()
    base = flex_emulator.base_url + "/_emulator"

    def call(method, path, **kwargs):
        return session.request(method, base + path, timeout=10, **kwargs)

    yield call
    session.close()


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


def test_flows_endpoint_adds_lists_and_replaces_out_of_band(flex_emulator, admin, api):
    added = admin("POST", "/flows", json=api_flow(friendly_name="Out of band"))
    assert added.status_code == 201
    flow = added.json()
    assert flow["url"] == f"{flex_emulator.base_url}/v1/FlexFlows/{flow['sid']}"
    assert api.fetch(flow["sid"]).json() == flow
    assert admin("GET", "/flows").json() == [flow]

    replaced = admin("POST", "/flows", json=api_flow(sid=flow["sid"], friendly_name="Replaced", enabled=True))
    assert replaced.status_code == 200
    assert replaced.json()["friendly_name"] == "Replaced"
    assert replaced.json()["date_created"] == flow["date_created"]
    assert api.fetch(flow["sid"]).json()["enabled"] is True
    assert flex_emulator.request_log[-1]["path"].endswith(flow["sid"])


def test_out_of_band_changes_bump_date_updated(flex_emulator, admin):
    old = "2016-08-01T22:10:40Z"
    flex_emulator.reset(seed=[api_flow(sid="FO" + "a" * 32, date_created=old, date_updated=old)])

    added = admin("POST", "/flows", json=api_flow(sid="FO" + "a" * 32)).json()
    assert added["date_created"] == old and added["date_updated"] > old

    flex_emulator.reset(seed=[api_flow(sid="FO" + "a" * 32, date_created=old, date_updated=old)])
    patched = admin("PATCH", "/flows/FO" + "a" * 32, json={"enabled": True}).json()
    assert patched["date_updated"] > old


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


def test_delete_flow_endpoint(admin, api):
    sid = api.created_sid()

    assert admin("GET", f"/flows/{sid}").status_code == 200
    assert admin("DELETE", f"/flows/{sid}").status_code == 204
    assert api.fetch(sid).status_code == 404
    assert admin("DELETE", f"/flows/{sid}").status_code == 404
    assert admin("PATCH", f"/flows/{sid}", json={"enabled": True}).status_code == 404


@pytest.mark.parametrize(
    "flow",
    [
        {"friendly_name": "No chat service", "channel_type": "web"},
        api_flow(sid="FO123"),
        api_flow(channel_type="fax"),
        api_flow(enabled="yes"),
        api_flow(colour="blue"),
        api_flow(integration={"unknown_key": 1}),
    ],
    ids=["missing-field", "bad-sid", "bad-enum", "bad-boolean", "unknown-field", "unknown-integration-key"],
)
def test_malformed_out_of_band_flows_answer_400(admin, flow):
    response = admin("POST", "/flows", json=flow)

    assert response.status_code == 400
    assert response.json()["error"]


def test_out_of_band_flows_may_break_api_rules(admin, api):
    flow = admin("POST", "/flows", json=api_flow(integration=None)).json()

    assert flow["integration"] is None
    assert api.fetch(flow["sid"]).json()["integration"] is None


def test_reset_without_body_restores_the_initial_seed_and_clears_faults_and_log(flex_emulator, admin, api):
    api.created_sid()
    flex_emulator.inject_fault(count=None)

    response = admin("POST", "/reset")

    assert response.status_code == 200
    assert response.json() == {"flows": [], "addresses": []}
    assert flex_emulator.faults == [] and flex_emulator.request_log == []
    assert api.list().json()["flex_flows"] == []


def test_reset_with_flows_seeds_them(admin, api):
    response = admin("POST", "/reset", json={"flows": [api_flow(friendly_name="One"), api_flow(friendly_name="Two")]})

    assert sorted(flow["friendly_name"] for flow in response.json()["flows"]) == ["One", "Two"]
    assert len(api.list().json()["flex_flows"]) == 2


def test_unknown_admin_path_and_method(admin):
    assert admin("GET", "/nothing").status_code == 404
    assert admin("PUT", "/log").status_code == 405
    assert admin("GET", f"/flows/{UNKNOWN_FLOW_SID}").status_code == 404


def test_python_api_put_flow_and_flows(flex_emulator, api):
    flow = flex_emulator.put_flow(api_flow(friendly_name="Python"))

    assert flex_emulator.flows == {flow["sid"]: flow}
    assert api.fetch(flow["sid"]).json() == flow
    assert flex_emulator.patch_flow(flow["sid"], {"enabled": True})["enabled"] is True
    assert flex_emulator.patch_flow(UNKNOWN_FLOW_SID, {"enabled": True}) is None
    assert flex_emulator.delete_flow(flow["sid"]) is True
    assert flex_emulator.flows == {}


def test_flows_are_copies(flex_emulator, api):
    sid = api.created_sid()
    flex_emulator.flows[sid]["friendly_name"] = "Changed in the copy"

    assert api.fetch(sid).json()["friendly_name"] == "Support SMS"


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
