# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GET /v1/Configuration/Addresses: Twilio's envelope, the Type filter, PageSize up to 50, and next_page_url."""

from urllib.parse import parse_qs, urlsplit

import pytest

from emulator_support import ADDRESSES_PATH, numbered_address


def query_of(url):
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def seed_addresses(emulator, sms, whatsapp=0):
    """``sms`` SMS and ``whatsapp`` WhatsApp configurations, interleaved."""
    seeded = [numbered_address(index) for index in range(sms)]
    seeded += [numbered_address(sms + index, "whatsapp") for index in range(whatsapp)]
    emulator.reset(seed={"addresses": seeded[::2] + seeded[1::2]})


def test_empty_list_has_the_full_envelope(flex_emulator, addresses):
    response = addresses.list()

    assert response.status_code == 200
    base = flex_emulator.base_url
    assert response.json() == {
        "address_configurations": [],
        "meta": {
            "page": 0,
            "page_size": 50,
            "first_page_url": f"{base}{ADDRESSES_PATH}?PageSize=50&Page=0",
            "previous_page_url": None,
            "url": f"{base}{ADDRESSES_PATH}?PageSize=50&Page=0",
            "next_page_url": None,
            "key": "address_configurations",
        },
    }


def test_list_answers_configurations_in_the_same_shape_as_fetch(addresses):
    sid = addresses.created_sid()

    assert addresses.list().json()["address_configurations"] == [addresses.fetch(sid).json()]


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


def test_previous_page_url_leads_back(flex_emulator, addresses):
    seed_addresses(flex_emulator, sms=25)
    pages = addresses.list_all({"PageSize": 10})

    previous = addresses.session.get(pages[2]["meta"]["previous_page_url"], timeout=10).json()

    assert previous["address_configurations"] == pages[1]["address_configurations"]


@pytest.mark.parametrize("page_size", ["0", "51", "1000", "ten"])
def test_page_size_above_50_or_malformed_answers_400(addresses, page_size):
    response = addresses.list({"PageSize": page_size})

    assert response.status_code == 400
    assert response.json()["code"] == 20001
    assert response.json()["message"] == "Invalid parameter: PageSize must be an integer between 1 and 50"


def test_page_without_token_is_an_offset_and_bad_tokens_answer_400(flex_emulator, addresses):
    seed_addresses(flex_emulator, sms=7)
    everything = addresses.list().json()["address_configurations"]

    assert addresses.list({"PageSize": 3, "Page": 2}).json()["address_configurations"] == everything[6:]
    assert addresses.list({"PageToken": "PAnot-a-token"}).status_code == 400


def test_list_is_ordered_by_creation_date_then_sid(flex_emulator, addresses):
    def dated(sid_letter, date, index):
        return dict(numbered_address(index), sid="IG" + sid_letter * 32, date_created=date, date_updated=date)

    flex_emulator.reset(
        seed={"addresses": [dated("b", "2020-01-01T00:00:00Z", 1), dated("c", "2019-01-01T00:00:00Z", 2), dated("a", "2020-01-01T00:00:00Z", 3)]}
    )

    listed = addresses.list().json()["address_configurations"]

    assert [address["sid"][2] for address in listed] == ["c", "a", "b"]
