# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Page link faults: a list answer whose next_page_url is crafted verbatim, or that never ends."""

import pytest

from emulator_support import api_flow, numbered_address
from flex_emulator.admin_client import EmulatorAdmin

HOSTILE = "http://127.0.0.2:1\\@127.0.0.1:1/v1/FlexFlows?Page=1\r\nX: y"


def seed_flows(flex_emulator, count):
    flex_emulator.reset(seed=[api_flow(friendly_name="Flow %02d" % index) for index in range(count)])


def test_next_page_url_is_written_verbatim_into_the_list_answer(flex_emulator, api):
    seed_flows(flex_emulator, 3)
    flex_emulator.inject_fault(kind="next_page_url", location=HOSTILE, method="GET", path="^/v1/FlexFlows$")

    crafted = api.list({"PageSize": 50}).json()
    after = api.list({"PageSize": 50}).json()

    assert crafted["meta"]["next_page_url"] == HOSTILE
    assert len(crafted["flex_flows"]) == 3 and crafted["meta"]["url"] == after["meta"]["url"]
    # count 1 (the default): the next list answer is the emulator's own again.
    assert after["meta"]["next_page_url"] is None
    assert [entry["fault"] for entry in flex_emulator.request_log] == ["next_page_url", None]


def test_next_page_url_replaces_a_real_next_page_link_on_every_answer_while_it_lasts(flex_emulator, api):
    seed_flows(flex_emulator, 3)
    flex_emulator.inject_fault(kind="next_page_url", location="/v1/FlexFlows?PageSize=1", count=None)

    pages = [api.list({"PageSize": 1, "Page": page}).json()["meta"]["next_page_url"] for page in range(3)]

    assert pages == ["/v1/FlexFlows?PageSize=1"] * 3


def test_a_page_link_fault_leaves_other_answers_as_they_are(flex_emulator, api):
    sid = api.created_sid()
    flex_emulator.inject_fault(kind="next_page_url", location=HOSTILE, method="GET")

    fetched = api.fetch(sid)

    assert fetched.status_code == 200 and "meta" not in fetched.json()
    assert flex_emulator.faults == []


def test_the_address_listing_gets_the_crafted_link_too(flex_emulator, addresses):
    flex_emulator.reset(seed={"addresses": [numbered_address(1)]})
    flex_emulator.inject_fault(kind="next_page_url", location=HOSTILE, path="^/v1/Configuration/Addresses$")

    assert addresses.list().json()["meta"]["next_page_url"] == HOSTILE


def test_endless_pages_links_every_page_to_a_following_one(flex_emulator, api):
    seed_flows(flex_emulator, 3)
    flex_emulator.inject_fault(kind="endless_pages", count=None)

    first = api.list({"PageSize": 2}).json()
    second = api.request("GET", first["meta"]["next_page_url"]).json()
    third = api.request("GET", second["meta"]["next_page_url"]).json()
    fourth = api.request("GET", third["meta"]["next_page_url"]).json()

    # The real link is kept where there is one; past the end each page is empty and links to the next.
    assert "PageToken=" in first["meta"]["next_page_url"]
    assert [len(page["flex_flows"]) for page in (first, second, third, fourth)] == [2, 1, 0, 0]
    assert third["meta"]["next_page_url"].endswith("/v1/FlexFlows?PageSize=2&Page=3")
    assert fourth["meta"]["next_page_url"].endswith("/v1/FlexFlows?PageSize=2&Page=4")


def test_page_link_faults_are_added_through_the_control_endpoints(flex_emulator, api):
    admin = EmulatorAdmin(flex_emulator.base_url + "/_emulator")
    added = admin.add_fault(kind="next_page_url", location=HOSTILE, count=2)

    assert (added["kind"], added["location"], added["count"]) == ("next_page_url", HOSTILE, 2)
    assert api.list().json()["meta"]["next_page_url"] == HOSTILE


@pytest.mark.parametrize("fields", [{"kind": "next_page_url"}, {"kind": "next_page_url", "location": 7}])
def test_next_page_url_needs_a_location(flex_emulator, fields):
    with pytest.raises(ValueError, match="a next_page_url fault needs location"):
        flex_emulator.inject_fault(**fields)
