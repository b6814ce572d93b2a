# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTPS with a self-signed certificate made by the test."""

import pytest
import requests

from emulator_support import ApiClient
from flex_emulator.credentials import ACCOUNT_SID, AUTH_TOKEN


def test_https_works_when_the_client_trusts_the_certificate(tls_flex_emulator, tls_certificate):
    certfile, _keyfile = tls_certificate
    assert tls_flex_emulator.base_url.startswith("https://127.0.0.1:")
    client = ApiClient(tls_flex_emulator.base_url, (ACCOUNT_SID, AUTH_TOKEN), verify=certfile)

    created = client.create()

    assert created.status_code == 201
    assert created.json()["url"].startswith("https://127.0.0.1:")
    assert client.fetch(created.json()["sid"]).status_code == 200
    client.close()


def test_the_certificate_also_names_localhost(tls_flex_emulator, tls_certificate):
    certfile, _keyfile = tls_certificate
    url = f"https://localhost:{tls_flex_emulator.port}/v1/FlexFlows"

    assert requests.get(url, auth=(ACCOUNT_SID, AUTH_TOKEN), verify=certfile, timeout=10).status_code == 200


def test_default_verification_rejects_the_self_signed_certificate(tls_flex_emulator, tls_certificate):
    certfile, _keyfile = tls_certificate
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(tls_flex_emulator.base_url + "/v1/FlexFlows", auth=(ACCOUNT_SID, AUTH_TOKEN), verify=True, timeout=10)

    # A rejected handshake leaves the server serving.
    assert requests.get(tls_flex_emulator.base_url + "/v1/FlexFlows", auth=(ACCOUNT_SID, AUTH_TOKEN), verify=certfile, timeout=10).status_code == 200


def test_plain_http_to_the_https_port_fails(tls_flex_emulator):
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{tls_flex_emulator.port}/v1/FlexFlows", timeout=10)
