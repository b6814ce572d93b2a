# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Seed data: API-shaped flows from a list, a YAML file or a JSON file."""

import json

import pytest
import yaml

from emulator_support import ApiClient, api_flow
from flex_emulator import FlexEmulator
from flex_emulator.credentials import ACCOUNT_SID, AUTH_TOKEN

KNOWN_SID = "FO" + "a" * 32
SEED_FLOWS = [
    api_flow(
        sid=KNOWN_SID,
        friendly_name="Known",
        date_created="2016-08-01T22:10:40Z",
        date_updated="2016-08-02T09:00:00Z",
        contact_identity="+15550100",
        enabled=True,
    ),
    api_flow(friendly_name="Generated sid", url="https://flex-api.twilio.com/v1/FlexFlows/ignored"),
]


def listed_flows(emulator):
    client = ApiClient(emulator.base_url, (ACCOUNT_SID, AUTH_TOKEN))
    try:
        return client.list().json()["flex_flows"]
    finally:
        client.close()


def assert_seeded(emulator):
    flows = listed_flows(emulator)
    assert [flow["friendly_name"] for flow in flows] == ["Known", "Generated sid"]
    known, generated = flows
    assert known["sid"] == KNOWN_SID
    assert known["date_created"] == "2016-08-01T22:10:40Z"
    assert known["date_updated"] == "2016-08-02T09:00:00Z"
    assert known["contact_identity"] == "+15550100" and known["enabled"] is True
    assert known["account_sid"] == ACCOUNT_SID
    assert generated["sid"].startswith("FO") and len(generated["sid"]) == 34
    assert generated["url"] == f"{emulator.base_url}/v1/FlexFlows/{generated['sid']}"
    assert generated["long_lived"] is False and generated["janitor_enabled"] is False


def test_seed_from_a_list():
    with FlexEmulator(seed=SEED_FLOWS) as emulator:
        assert_seeded(emulator)


@pytest.mark.parametrize("wrapped", [False, True], ids=["list", "flows-mapping"])
def test_seed_from_yaml(tmp_path, wrapped):
    seed_file = tmp_path / "flows.yml"
    seed_file.write_text(yaml.safe_dump({"flows": SEED_FLOWS} if wrapped else SEED_FLOWS), encoding="utf-8")

    with FlexEmulator(seed=str(seed_file)) as emulator:
        assert_seeded(emulator)


@pytest.mark.parametrize("wrapped", [False, True], ids=["list", "flows-mapping"])
def test_seed_from_json(tmp_path, wrapped):
    seed_file = tmp_path / "flows.json"
    seed_file.write_text(json.dumps({"flows": SEED_FLOWS} if wrapped else SEED_FLOWS), encoding="utf-8")

    with FlexEmulator(seed=seed_file) as emulator:
        assert_seeded(emulator)


def test_reset_returns_to_the_seed():
    with FlexEmulator(seed=SEED_FLOWS) as emulator:
        emulator.put_flow(api_flow(friendly_name="Extra"))
        emulator.reset()
        assert_seeded(emulator)
        emulator.reset(seed=[])
        assert emulator.flows == {}


def test_seeded_account_sid_is_kept():
    other_account = "AC" + "e" * 32
    with FlexEmulator(seed=[api_flow(account_sid=other_account)]) as emulator:
        assert listed_flows(emulator)[0]["account_sid"] == other_account


@pytest.mark.parametrize(
    "seed",
    [
        [api_flow(colour="blue")],
        [api_flow(date_created="yesterday")],
        {"flows": "not a list"},
        "not-a-file.yml",
    ],
    ids=["unknown-field", "bad-date", "not-a-list", "missing-file"],
)
def test_bad_seed_is_refused(seed):
    with pytest.raises((ValueError, OSError)):
        FlexEmulator(seed=seed)


@pytest.mark.parametrize(
    "seed, message",
    [
        ({"flow": [api_flow()]}, "unknown seed key"),
        (42, "a list of flows or a mapping"),
        ({"flows": [api_flow()], "addresses": {"not": "a list"}}, "'addresses' is not a list"),
    ],
    ids=["misspelt-key", "not-a-collection", "addresses-not-a-list"],
)
def test_bad_seed_shapes_are_refused_with_a_message(seed, message):
    with pytest.raises(ValueError, match=message):
        FlexEmulator(seed=seed)


def test_an_empty_seed_file_means_an_empty_account(tmp_path):
    seed_file = tmp_path / "empty.yml"
    seed_file.write_text("", encoding="utf-8")

    with FlexEmulator(seed=seed_file) as emulator:
        assert emulator.flows == {} and emulator.addresses == {}
