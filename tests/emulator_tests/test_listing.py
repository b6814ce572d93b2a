# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Listing: Twilio's envelope, PageSize up to each resource's cap, and paging through next_page_url, for every
resource; then each resource's filter (a flow's FriendlyName, an address configuration's Type)."""

from urllib.parse import parse_qs, urlsplit

import pytest

from emulator_support import ADDRESSES_PATH, RESOURCES, api_flow, numbered_address, per_resource, studio_form


def seed(emulator, resource, count):
    emulator.reset(seed=resource.seed(resource.numbered(index) for index in range(count)))


def by_date_then_sid(items):
    return sorted(items, key=lambda item: (item["date_created"], item["sid"]))


def query_of(url):
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


# -- every resource ------------------------------------------------------------------------------


def test_empty_list_has_the_full_envelope(flex_emulator, resource, client):
    response = client.list()

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    base = flex_emulator.base_url
    assert response.json() == {
        resource.list_key: [],
        "meta": {
            "page": 0,
            "page_size": 50,
            "first_page_url": f"{base}{resource.list_path}?PageSize=50&Page=0",
            "previous_page_url": None,
            "url": f"{base}{resource.list_path}?PageSize=50&Page=0",
            "next_page_url": None,
            "key": resource.list_key,
        },
    }


def test_list_answers_items_in_the_same_shape_as_fetch(resource, client):
    sid = client.created_sid()

    assert client.list().json()[resource.list_key] == [client.fetch(sid).json()]


def test_following_next_page_url_reaches_every_item_once(flex_emulator, resource, client):
    seed(flex_emulator, resource, 120)

    pages = client.list_all({"PageSize": 50})

    assert [len(page[resource.list_key]) for page in pages] == [50, 50, 20]
    assert [page["meta"]["page"] for page in pages] == [0, 1, 2]
    assert all(page["meta"]["page_size"] == 50 for page in pages)
    listed = [item for page in pages for item in page[resource.list_key]]
    assert sorted(item["sid"] for item in listed) == sorted(getattr(flex_emulator, resource.name))
    assert listed == by_date_then_sid(listed)
    assert pages[-1]["meta"]["next_page_url"] is None


def test_previous_page_url_leads_back(flex_emulator, resource, client):
    seed(flex_emulator, resource, 25)
    pages = client.list_all({"PageSize": 10})

    previous = client.session.get(pages[2]["meta"]["previous_page_url"], timeout=10).json()

    assert pages[0]["meta"]["previous_page_url"] is None
    assert previous[resource.list_key] == pages[1][resource.list_key]
    assert previous["meta"]["page"] == 1


def test_next_page_is_stable_when_items_before_it_are_deleted(flex_emulator, resource, client):
    seed(flex_emulator, resource, 6)
    first = client.list({"PageSize": 3}).json()
    for item in first[resource.list_key]:
        client.delete(item["sid"])

    second = client.session.get(first["meta"]["next_page_url"], timeout=10).json()

    assert second[resource.list_key] == by_date_then_sid(getattr(flex_emulator, resource.name).values())


def test_list_is_ordered_by_creation_date_then_sid(flex_emulator, resource, client):
    def dated(sid_letter, date, index):
        return dict(resource.numbered(index), sid=resource.sid_prefix + sid_letter * 32, date_created=date, date_updated=date)

    flex_emulator.reset(
        seed=resource.seed([dated("b", "2020-01-01T00:00:00Z", 1), dated("c", "2019-01-01T00:00:00Z", 2), dated("a", "2020-01-01T00:00:00Z", 3)])
    )

    listed = client.list().json()[resource.list_key]

    assert [item["sid"][2] for item in listed] == ["c", "a", "b"]


@pytest.mark.parametrize(
    "resource, page_size",
    per_resource(
        {resource: ["0", str(resource.page_size_cap + 1), "-5", "ten", ""] + (["1000"] if resource.page_size_cap < 1000 else []) for resource in RESOURCES}
    ),
    indirect=["resource"],
)
def test_page_size_out_of_range_answers_400(resource, client, page_size):
    response = client.list({"PageSize": page_size})

    assert response.status_code == 400
    assert response.json()["code"] == 20001
    assert response.json()["message"] == f"Invalid parameter: PageSize must be an integer between 1 and {resource.page_size_cap}"


@pytest.mark.parametrize("resource, page_size", per_resource({resource: [1, resource.page_size_cap] for resource in RESOURCES}), indirect=["resource"])
def test_page_size_bounds_are_accepted(flex_emulator, resource, client, page_size):
    seed(flex_emulator, resource, 3)

    body = client.list({"PageSize": page_size}).json()

    assert body["meta"]["page_size"] == page_size
    assert len(body[resource.list_key]) == min(page_size, 3)


def test_page_without_token_is_an_offset(flex_emulator, resource, client):
    seed(flex_emulator, resource, 7)
    everything = client.list().json()[resource.list_key]

    page = client.list({"PageSize": 3, "Page": 2}).json()

    assert page[resource.list_key] == everything[6:]
    assert page["meta"]["page"] == 2
    assert page["meta"]["next_page_url"] is None


@pytest.mark.parametrize("params, name", [({"Page": "-1"}, "Page"), ({"PageToken": "PAnot-a-token"}, "PageToken"), ({"PageToken": "XX"}, "PageToken")])
def test_bad_page_or_token_answers_400(client, params, name):
    response = client.list(params)

    assert response.status_code == 400
    assert name in response.json()["message"]


def test_unknown_query_parameters_are_ignored(resource, client):
    client.create()

    assert len(client.list({"Colour": "blue"}).json()[resource.list_key]) == 1


# -- flows: FriendlyName -------------------------------------------------------------------------


def test_page_urls_are_absolute_on_the_emulator_and_keep_the_query(flex_emulator, api):
    flex_emulator.reset(seed=[api_flow(friendly_name="Same name" if index % 2 else "Other") for index in range(30)])

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


def test_friendly_name_filter_is_an_exact_match(api):
    for name in ("Support", "Support SMS", "support"):
        api.create(studio_form({"FriendlyName": name}))

    listed = api.list({"FriendlyName": "Support"}).json()["flex_flows"]

    assert [flow["friendly_name"] for flow in listed] == ["Support"]
    assert api.list({"FriendlyName": "Nobody"}).json()["flex_flows"] == []


# -- address configurations: Type ----------------------------------------------------------------


def seed_addresses(emulator, sms, whatsapp=0):
    """``sms`` SMS and ``whatsapp`` WhatsApp configurations, interleaved."""
    seeded = [numbered_address(index) for index in range(sms)]
    seeded += [numbered_address(sms + index, "whatsapp") for index in range(whatsapp)]
    emulator.reset(seed={"addresses": seeded[::2] + seeded[1::2]})


def test_paging_over_more_than_50_with_the_type_filter_reaches_each_once(flex_emulator, addresses):
    seed_addresses(flex_emulator, sms=110, whatsapp=30)

    pages = addresses.list_all({"Type": "sms"})

    assert [len(page["address_configurations"]) for page in pages] == [50, 50, 10]
    assert [page["meta"]["page"] for page in pages] == [0, 1, 2]
    assert all(page["meta"]["page_size"] == 50 for page in pages)
    listed = [address for page in pages for address in page["address_configurations"]]
    assert {address["type"] for address in listed} == {"sms"}
    expected = sorted(sid for sid, address in flex_emulator.addresses.items() if address["type"] == "sms")
    assert sorted(address["sid"] for address in listed) == expected
    assert listed == sorted(listed, key=lambda address: (address["date_created"], address["sid"]))
    for page in pages:
        for name in ("first_page_url", "url", "next_page_url", "previous_page_url"):
            url = page["meta"][name]
            if url is not None:
                assert url.startswith(f"{flex_emulator.base_url}{ADDRESSES_PATH}?Type=sms&PageSize=50&Page=")
    assert query_of(pages[0]["meta"]["next_page_url"])["PageToken"].startswith("PA")
    assert pages[1]["meta"]["url"] == pages[0]["meta"]["next_page_url"]
    assert pages[-1]["meta"]["next_page_url"] is None


def test_the_type_filter_ignores_case_and_keeps_the_value_sent_in_page_links(flex_emulator, addresses):
    seed_addresses(flex_emulator, sms=3, whatsapp=4)

    page = addresses.list({"Type": "WhatsApp", "PageSize": 3}).json()

    assert [address["type"] for address in page["address_configurations"]] == ["whatsapp"] * 3
    assert query_of(page["meta"]["next_page_url"])["Type"] == "WhatsApp"
    assert len(addresses.session.get(page["meta"]["next_page_url"], timeout=10).json()["address_configurations"]) == 1


def test_a_type_nobody_has_lists_nothing(flex_emulator, addresses):
    seed_addresses(flex_emulator, sms=2)

    for address_type in ("email", "fax"):
        assert addresses.list({"Type": address_type}).json()["address_configurations"] == []
