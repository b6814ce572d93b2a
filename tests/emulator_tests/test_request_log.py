# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The request log: what each API request asked and got, never a password."""

import json

import requests

from emulator_support import ApiClient, studio_form
from flex_emulator import FlexEmulator
from flex_emulator.admin_client import EmulatorAdmin
from flex_emulator.credentials import ACCOUNT_SID, API_KEY, API_SECRET, AUTH_TOKEN


def test_entries_record_method_path_query_form_user_status_and_fault(flex_emulator, api):
    created = api.create(studio_form({"Enabled": "true"}))
    api.list({"FriendlyName": "Support SMS", "PageSize": 5})

    assert flex_emulator.request_log == [
        {
            "method": "POST",
            "host": flex_emulator.base_url.split("//")[1],
            "path": "/v1/FlexFlows",
            "query": {},
            "form": studio_form({"Enabled": "true"}),
            "auth_user": ACCOUNT_SID,
            "status": 201,
            "fault": None,
        },
        {
            "method": "GET",
            "host": flex_emulator.base_url.split("//")[1],
            "path": "/v1/FlexFlows",
            "query": {"FriendlyName": "Support SMS", "PageSize": "5"},
            "form": {},
            "auth_user": ACCOUNT_SID,
            "status": 200,
            "fault": None,
        },
    ]
    assert created.status_code == 201


def test_admin_requests_are_not_logged(flex_emulator):
    requests.get(flex_emulator.base_url + "/_emulator/flows", timeout=10)
    requests.get(flex_emulator.base_url + "/_emulator/log", timeout=10)

    assert flex_emulator.request_log == []


def test_clear_log(flex_emulator, api):
    api.list()
    flex_emulator.clear_log()

    assert flex_emulator.request_log == []


def test_the_log_is_a_copy(flex_emulator, api):
    api.list()
    flex_emulator.request_log[0]["status"] = 999

    assert flex_emulator.request_log[0]["status"] == 200


def test_no_password_lands_in_the_log_or_the_log_file(tmp_path):
    log_file = tmp_path / "requests.jsonl"
    with FlexEmulator(api_key=API_KEY, api_secret=API_SECRET, log_file=str(log_file)) as emulator:
        for auth in ((ACCOUNT_SID, AUTH_TOKEN), (API_KEY, API_SECRET), (ACCOUNT_SID, AUTH_TOKEN + "-wrong"), (API_KEY, API_SECRET + "-wrong")):
            client = ApiClient(emulator.base_url, auth)
            client.create()
            client.list()
            client.close()
        in_memory = json.dumps(emulator.request_log)
        served = json.dumps(EmulatorAdmin(emulator.base_url + "/_emulator").log())

    on_disk = log_file.read_text(encoding="utf-8")
    for text in (in_memory, served, on_disk):
        assert ACCOUNT_SID in text and API_KEY in text
        assert AUTH_TOKEN not in text
        assert API_SECRET not in text
        assert "Authorization" not in text and "Basic " not in text


def test_log_file_gets_one_json_line_per_request(tmp_path):
    log_file = tmp_path / "requests.jsonl"
    with FlexEmulator(log_file=str(log_file)) as emulator:
        emulator.inject_fault(status=429)
        client = ApiClient(emulator.base_url, (ACCOUNT_SID, AUTH_TOKEN))
        client.list()
        client.create()
        client.close()
        expected = emulator.request_log

    lines = log_file.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == expected
    assert [entry["status"] for entry in expected] == [429, 201]
