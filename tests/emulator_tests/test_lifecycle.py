# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Starting and stopping FlexEmulator, and the pytest fixture."""

import re

import pytest
import requests

import flex_emulator as package
from flex_emulator import FlexEmulator, pytest_plugin
from flex_emulator.credentials import ACCOUNT_SID, API_KEY, API_SECRET, AUTH_TOKEN


def test_fixture_is_a_started_emulator_accepting_the_test_credentials(flex_emulator):
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", flex_emulator.base_url)
    for auth in ((ACCOUNT_SID, AUTH_TOKEN), (API_KEY, API_SECRET)):
        assert requests.get(flex_emulator.base_url + "/v1/FlexFlows", auth=auth, timeout=10).status_code == 200


def test_credentials_are_exported_by_the_package_and_the_plugin():
    for module in (package, pytest_plugin):
        assert (module.ACCOUNT_SID, module.AUTH_TOKEN, module.API_KEY, module.API_SECRET) == (ACCOUNT_SID, AUTH_TOKEN, API_KEY, API_SECRET)
    assert re.fullmatch(r"AC[0-9a-f]{32}", ACCOUNT_SID) and re.fullmatch(r"SK[0-9a-f]{32}", API_KEY)


def test_context_manager_starts_and_stops():
    with FlexEmulator() as emulator:
        url = emulator.base_url + "/v1/FlexFlows"
        session = requests.Session()
        assert session.get(url, auth=(ACCOUNT_SID, AUTH_TOKEN), timeout=10).status_code == 200

    # The idle keep-alive connection and the listening socket are both closed.
    with pytest.raises(requests.ConnectionError):
        session.get(url, auth=(ACCOUNT_SID, AUTH_TOKEN), timeout=10)
    with pytest.raises(requests.ConnectionError):
        requests.get(url, timeout=10)


def test_start_and_stop_are_idempotent_and_restartable():
    emulator = FlexEmulator()
    emulator.stop()
    assert emulator.start() is emulator.start()
    first_url = emulator.base_url
    emulator.put_flow({"friendly_name": "Kept", "chat_service_sid": "IS" + "1" * 32, "channel_type": "web"})
    emulator.stop()
    emulator.stop()
    emulator.start()
    assert emulator.base_url.startswith("http://127.0.0.1:") and first_url
    assert [flow["friendly_name"] for flow in emulator.flows.values()] == ["Kept"]
    emulator.stop()


def test_a_fixed_port_is_used(unused_port):
    with FlexEmulator(port=unused_port) as emulator:
        assert emulator.base_url == f"http://127.0.0.1:{unused_port}"


@pytest.fixture
def unused_port():
    with FlexEmulator() as emulator:
        port = emulator.port
    return port


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "::1", "example.com"])
def test_non_loopback_hosts_are_refused(host):
    with pytest.raises(ValueError, match="loopback"):
        FlexEmulator(host=host)


def test_localhost_binds_127_0_0_1():
    with FlexEmulator(host="localhost") as emulator:
        assert emulator.base_url.startswith("http://127.0.0.1:")
