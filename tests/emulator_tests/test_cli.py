# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``python -m flex_emulator``: prints its URL, serves, stops cleanly on SIGTERM/SIGINT."""

import json
import os
import selectors
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests
import yaml

from emulator_support import api_address, api_flow
from flex_emulator import credentials as default_credentials
from flex_emulator.admin_client import EmulatorAdmin

TESTS_DIR = Path(__file__).resolve().parents[1]
ACCOUNT_SID = "AC" + "7" * 32
AUTH_TOKEN = "cli-auth-token-3f9e1c"
API_KEY = "SK" + "8" * 32
API_SECRET = "cli-api-secret-b42d77"


def start_emulator(*arguments, env=None):
    environment = dict(os.environ, PYTHONPATH=str(TESTS_DIR), **(env or {}))
    return subprocess.Popen([sys.executable, "-m", "flex_emulator", *arguments], env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def read_url(process, timeout=15):
    """The URL from the single FLEX_EMULATOR_URL= line, waiting at most ``timeout`` seconds."""
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            process.kill()
            pytest.fail("the emulator printed no URL in time: " + process.stderr.read())
    line = process.stdout.readline()
    assert line.startswith("FLEX_EMULATOR_URL="), line + process.stderr.read()
    return line.strip().split("=", 1)[1]


def stop(process, signal_number=signal.SIGTERM):
    process.send_signal(signal_number)
    stdout, stderr = process.communicate(timeout=15)
    return process.returncode, stdout, stderr


@pytest.fixture
def credentials_env():
    return {
        "FLEX_EMULATOR_ACCOUNT_SID": ACCOUNT_SID,
        "FLEX_EMULATOR_AUTH_TOKEN": AUTH_TOKEN,
        "FLEX_EMULATOR_API_KEY": API_KEY,
        "FLEX_EMULATOR_API_SECRET": API_SECRET,
    }


def test_cli_serves_until_sigterm_and_exits_0(tmp_path, credentials_env):
    seed_file = tmp_path / "seed.yml"
    seed_file.write_text(yaml.safe_dump([api_flow(friendly_name="From the seed file")]), encoding="utf-8")
    log_file = tmp_path / "requests.jsonl"
    process = start_emulator(
        "--port",
        "0",
        "--seed",
        str(seed_file),
        "--log-file",
        str(log_file),
        "--fault",
        json.dumps({"status": 503, "count": 1, "path": "^/v1/FlexFlows$"}),
        env=credentials_env,
    )
    try:
        url = read_url(process)
        assert url.startswith("http://127.0.0.1:")
        flows_url = url + "/v1/FlexFlows"
        assert requests.get(flows_url, auth=(ACCOUNT_SID, AUTH_TOKEN), timeout=10).status_code == 503
        listed = requests.get(flows_url, auth=(ACCOUNT_SID, AUTH_TOKEN), timeout=10).json()["flex_flows"]
        assert [flow["friendly_name"] for flow in listed] == ["From the seed file"]
        assert requests.get(flows_url, auth=(API_KEY, API_SECRET), timeout=10).status_code == 200
        assert requests.get(flows_url, auth=(ACCOUNT_SID, AUTH_TOKEN + "x"), timeout=10).status_code == 401
        assert requests.get(flows_url, auth=(API_KEY, API_SECRET + "x"), timeout=10).status_code == 401
    finally:
        returncode, stdout, stderr = stop(process)

    assert returncode == 0
    assert stdout == ""  # the URL line was the only output
    logged = log_file.read_text(encoding="utf-8")
    assert [json.loads(line)["status"] for line in logged.splitlines()] == [503, 200, 200, 401, 401]
    for secret in (AUTH_TOKEN, API_SECRET):
        assert secret not in stderr
        assert secret not in logged


def test_cli_seed_file_with_flows_and_addresses(tmp_path, credentials_env):
    seed_file = tmp_path / "account.json"
    seed = {"flows": [api_flow(friendly_name="Flow from the file")], "addresses": [api_address(friendly_name="Address from the file")]}
    seed_file.write_text(json.dumps(seed), encoding="utf-8")
    process = start_emulator("--seed", str(seed_file), "--fault", json.dumps({"status": 500, "path": "^/v1/Configuration/Addresses/"}), env=credentials_env)
    try:
        url = read_url(process)
        auth = (ACCOUNT_SID, AUTH_TOKEN)
        address_url = url + "/v1/Configuration/Addresses/%2B15555550100"
        assert requests.get(address_url, auth=auth, timeout=10).status_code == 500
        assert requests.get(address_url, auth=auth, timeout=10).json()["friendly_name"] == "Address from the file"
        listed = requests.get(url + "/v1/Configuration/Addresses", auth=auth, timeout=10).json()["address_configurations"]
        assert [address["account_sid"] for address in listed] == [ACCOUNT_SID]
        assert requests.get(url + "/v1/FlexFlows", auth=auth, timeout=10).json()["flex_flows"][0]["friendly_name"] == "Flow from the file"
        reset = EmulatorAdmin(url + "/_emulator").reset({"addresses": []})
        assert reset == {name: [] for name in ("flows", "addresses", "workspaces", "activities", "task_channels", "task_queues", "workflows")}
    finally:
        returncode, _stdout, stderr = stop(process)
    assert returncode == 0, stderr


def test_cli_secrets_given_as_options_are_not_echoed():
    process = start_emulator("--account-sid", ACCOUNT_SID, "--auth-token", AUTH_TOKEN, "--api-key", API_KEY, "--api-secret", API_SECRET)
    try:
        url = read_url(process)
        assert requests.get(url + "/v1/FlexFlows", auth=(API_KEY, API_SECRET), timeout=10).status_code == 200
        assert requests.get(url + "/v1/Nothing", auth=(ACCOUNT_SID, "wrong"), timeout=10).status_code == 401
    finally:
        returncode, stdout, stderr = stop(process)

    assert returncode == 0
    assert AUTH_TOKEN not in stdout + stderr and API_SECRET not in stdout + stderr


def test_cli_exits_0_on_sigint():
    process = start_emulator()
    try:
        read_url(process)
    finally:
        returncode, _stdout, stderr = stop(process, signal.SIGINT)

    assert returncode == 0, stderr


def test_cli_serves_https(tls_certificate):
    certfile, keyfile = tls_certificate
    process = start_emulator("--tls-cert", certfile, "--tls-key", keyfile, "--host", "localhost")
    try:
        url = read_url(process)
        assert url.startswith("https://127.0.0.1:")
        auth = (default_credentials.ACCOUNT_SID, default_credentials.AUTH_TOKEN)
        assert requests.get(url + "/v1/FlexFlows", auth=auth, verify=certfile, timeout=10).status_code == 200
    finally:
        returncode, _stdout, _stderr = stop(process)
    assert returncode == 0


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--host", "0.0.0.0"], "loopback"),
        (["--host", "192.0.2.1"], "loopback"),
        (["--host", "::1"], "loopback"),
        (["--tls-cert", "cert.pem"], "--tls-key"),
        (["--fault", "{not json"], "Expecting"),
        (["--fault", '{"kind": "explode"}'], "kind"),
        (["--seed", "/nonexistent/seed.yml"], "seed.yml"),
    ],
)
def test_cli_refuses_bad_options(arguments, message):
    process = start_emulator(*arguments)
    stdout, stderr = process.communicate(timeout=15)

    assert process.returncode == 2
    assert stdout == ""
    assert message in stderr


def test_cli_refuses_a_seed_with_one_address_twice(tmp_path):
    seed_file = tmp_path / "seed.yml"
    seed_file.write_text(yaml.safe_dump({"addresses": [api_address(), api_address(friendly_name="Again")]}), encoding="utf-8")
    process = start_emulator("--seed", str(seed_file))
    stdout, stderr = process.communicate(timeout=15)

    assert process.returncode == 2
    assert stdout == ""
    assert "+15555550100" in stderr and "more than one address configuration" in stderr
