# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""flex_emulator.admin_client, the one client of the control endpoints that the benchmark and the integration targets use."""

import json
import subprocess
import sys
import urllib.error
from pathlib import Path

import pytest

from emulator_support import api_address, api_flow
from flex_emulator.admin_client import EmulatorAdmin

TESTS_DIR = Path(__file__).resolve().parents[1]


@pytest.fixture
def admin(flex_emulator):
    return EmulatorAdmin(flex_emulator.base_url + "/_emulator")


def test_reset_seeds_the_account_and_clears_the_log_and_faults(flex_emulator, admin, api):
    api.list()
    flex_emulator.inject_fault(status=503)

    account = admin.reset({"flows": [api_flow(friendly_name="Seeded")], "addresses": [api_address()]})

    assert [flow["friendly_name"] for flow in account["flows"]] == ["Seeded"]
    assert [flow["friendly_name"] for flow in admin.flows()] == ["Seeded"]
    assert [address["address"] for address in admin.addresses()] == [account["addresses"][0]["address"]]
    assert admin.log() == [] and admin.faults() == []


def test_log_methods_and_clear_log(admin, api):
    api.list()
    api.create()

    assert admin.methods() == ["GET", "POST"]
    assert [entry["path"] for entry in admin.log()] == ["/v1/FlexFlows", "/v1/FlexFlows"]
    admin.clear_log()
    assert admin.methods() == []


def test_faults_are_added_and_cleared(admin, api):
    added = admin.add_fault(status=429, retry_after=1, method="GET")

    assert added["status"] == 429 and admin.faults()[0]["method"] == "GET"
    assert api.list().status_code == 429
    admin.clear_faults()
    assert admin.faults() == [] and api.list().status_code == 200


def test_configure_changes_a_setting(admin):
    assert admin.configure(public_base_url="https://flex-api.example.test")["public_base_url"] == "https://flex-api.example.test"
    assert admin.config()["public_base_url"] == "https://flex-api.example.test"
    assert admin.configure(max_page_size=2)["max_page_size"] == 2
    assert admin.config() == {"public_base_url": "https://flex-api.example.test", "max_page_size": 2}


def test_an_error_answer_raises(admin):
    with pytest.raises(urllib.error.HTTPError) as raised:
        admin.add_fault(kind="nonsense")
    assert raised.value.code == 400


def run_cli(admin_url, *arguments):
    return subprocess.run(
        [sys.executable, "-m", "flex_emulator.admin_client", admin_url, *arguments],
        env={"PYTHONPATH": str(TESTS_DIR)},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


@pytest.mark.parametrize("suffix", [".json", ".yml"])
def test_cli_resets_from_a_seed_file_and_prints_the_log(tmp_path, flex_emulator, api, suffix):
    admin_url = flex_emulator.base_url + "/_emulator"
    seed_file = tmp_path / ("account" + suffix)
    seed_file.write_text(json.dumps({"flows": [api_flow(friendly_name="From the file")]}), encoding="utf-8")

    assert run_cli(admin_url, "reset", str(seed_file)) == ""
    assert [flow["friendly_name"] for flow in flex_emulator.flows.values()] == ["From the file"]
    api.list()
    assert run_cli(admin_url, "methods") == "GET\n"
    assert [entry["method"] for entry in json.loads(run_cli(admin_url, "log"))] == ["GET"]
    run_cli(admin_url, "add-fault", '{"status": 500}')
    assert flex_emulator.faults[0]["status"] == 500
    run_cli(admin_url, "clear-faults")
    run_cli(admin_url, "clear-log")
    assert flex_emulator.faults == [] and flex_emulator.request_log == []
