# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GET /v1/FlexFlows: Twilio's envelope, the FriendlyName filter, and paging through next_page_url."""

from urllib.parse import parse_qs, urlsplit

import pytest

from emulator_support import api_flow, studio_form


def seed_flows(emulator, count, friendly_name=lambda index: f"Flow {index:03d}"):
    emulator.reset(seed=[api_flow(friendly_name=friendly_name(index)) for index in range(count)])


def query_of(url):
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def test_empty_list_has_the_full_envelope(flex_emulator, api):
    response = api.list()

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    base = flex_emulator.base_url
    assert response.json() == {
        "flex_flows": [],
        "meta": {
            "page": 0,
            "page_size": 50,
            "first_page_url": f"{base}/v1/FlexFlows?PageSize=50&Page=0",
            "previous_page_url": None,
            "url": f"{base}/v1/FlexFlows?PageSize=50&Page=0",
            "next_page_url": None,
            "key": "flex_flows",
        },
    }


def test_list_answers_flows_in_the_same_shape_as_fetch(api):
    sid = api.created_sid()

    listed = api.list().json()["flex_flows"]

    assert listed == [api.fetch(sid).json()]


def test_following_next_page_url_reaches_every_flow_once(flex_emulator, api):
    seed_flows(flex_emulator, 120)

    pages = api.list_all({"PageSize": 50})

    assert [len(page["flex_flows"]) for page in pages] == [50, 50, 20]
    assert [page["meta"]["page"] for page in pages] == [0, 1, 2]
    assert all(page["meta"]["page_size"] == 50 for page in pages)
    listed = [flow for page in pages for flow in page["flex_flows"]]
    assert sorted(flow["sid"] for flow in listed) == sorted(flex_emulator.flows)
    assert listed == sorted(listed, key=lambda flow: (flow["date_created"], flow["sid"]))
    assert pages[-1]["meta"]["next_page_url"] is None


def test_page_urls_are_absolute_on_the_emulator_and_keep_the_query(flex_emulator, api):
    seed_flows(flex_emulator, 30, friendly_name=lambda index: "Same name" if index % 2 else "Other")

    pages = api.list_all({"FriendlyName": "Same name", "PageSize": 10})

    assert [len(page["flex_flows"]) for page in pages] == [10, 5]
    for page in pages:
        for name in ("first_page_url", "url", "next_page_url", "previous_page_url"):
            url = page["meta"][name]
            if url is not None:
                assert url.startswith(flex_emulator.base_url + "/v1/FlexFlows?")
                assert query_of(url)["FriendlyName"] == "Same name"
                assert query_of(url)["PageSize"] == "10"
    assert query_of(pages[0]["meta"]["next_page_url"])["PageToken"].startswith("PA")
    assert query_of(pages[0]["meta"]["next_page_url"])["Page"] == "1"
    assert pages[1]["meta"]["url"] == pages[0]["meta"]["next_page_url"]
    assert all(flow["friendly_name"] == "Same name" for page in pages for flow in page["flex_flows"])


def test_previous_page_url_leads_back(flex_emulator, api):
    seed_flows(flex_emulator, 25)
    pages = api.list_all({"PageSize": 10})

    previous = api.session.get(pages[2]["meta"]["previous_page_url"], timeout=10).json()

    assert pages[0]["meta"]["previous_page_url"] is None
    assert previous["flex_flows"] == pages[1]["flex_flows"]
    assert previous["meta"]["page"] == 1


def test_next_page_is_stable_when_flows_before_it_are_deleted(flex_emulator, api):
    seed_flows(flex_emulator, 6)
    first = api.list({"PageSize": 3}).json()
    for flow in first["flex_flows"]:
        api.delete(flow["sid"])

    second = api.session.get(first["meta"]["next_page_url"], timeout=10).json()

    expected = sorted(flex_emulator.flows.values(), key=lambda flow: (flow["date_created"], flow["sid"]))
    assert second["flex_flows"] == expected


def test_friendly_name_filter_is_an_exact_match(api):
    for name in ("Support", "Support SMS", "support"):
        api.create(studio_form({"FriendlyName": name}))

    listed = api.list({"FriendlyName": "Support"}).json()["flex_flows"]

    assert [flow["friendly_name"] for flow in listed] == ["Support"]
    assert api.list({"FriendlyName": "Nobody"}).json()["flex_flows"] == []


def test_list_is_ordered_by_creation_date_then_sid(flex_emulator, api):
    flex_emulator.reset(
        seed=[
            api_flow(sid="FO" + "b" * 32, date_created="2020-01-01T00:00:00Z", date_updated="2020-01-01T00:00:00Z"),
            api_flow(sid="FO" + "c" * 32, date_created="2019-01-01T00:00:00Z", date_updated="2019-01-01T00:00:00Z"),
            api_flow(sid="FO" + "a" * 32, date_created="2020-01-01T00:00:00Z", date_updated="2020-01-01T00:00:00Z"),
        ]
    )

    listed = api.list().json()["flex_flows"]

    assert [flow["sid"][2] for flow in listed] == ["c", "a", "b"]


@pytest.mark.parametrize("page_size", ["0", "1001", "-5", "ten", ""])
def test_page_size_out_of_range_answers_400(api, page_size):
    response = api.list({"PageSize": page_size})

    assert response.status_code == 400
    assert response.json()["code"] == 20001
    assert "PageSize" in response.json()["message"]


@pytest.mark.parametrize("page_size", [1, 1000])
def test_page_size_bounds_are_accepted(flex_emulator, api, page_size):
    seed_flows(flex_emulator, 3)

    body = api.list({"PageSize": page_size}).json()

    assert body["meta"]["page_size"] == page_size
    assert len(body["flex_flows"]) == min(page_size, 3)


def test_page_without_token_is_an_offset(flex_emulator, api):
    seed_flows(flex_emulator, 7)
    everything = api.list().json()["flex_flows"]

    page = api.list({"PageSize": 3, "Page": 2}).json()

    assert page["flex_flows"] == everything[6:]
    assert page["meta"]["page"] == 2
    assert page["meta"]["next_page_url"] is None


@pytest.mark.parametrize("params, name", [({"Page": "-1"}, "Page"), ({"PageToken": "PAnot-a-token"}, "PageToken"), ({"PageToken": "XX"}, "PageToken")])
def test_bad_page_or_token_answers_400(api, params, name):
    response = api.list(params)

    assert response.status_code == 400
    assert name in response.json()["message"]


def test_unknown_query_parameters_are_ignored(api):
    api.create()

    assert len(api.list({"Colour": "blue"}).json()["flex_flows"]) == 1
