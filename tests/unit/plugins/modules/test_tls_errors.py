# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A TLS failure's advice fits the options given: no "set validate_certs to false" when it already is, over real TLS."""

from __future__ import annotations

import pytest

from ansible_collections.twilio.flex.plugins.modules import flex_flow_info
from ansible_collections.twilio.flex.tests.flex_emulator import ACCOUNT_SID, AUTH_TOKEN
from ansible_collections.twilio.flex.tests.flex_emulator.tls import make_self_signed_certificate


@pytest.fixture(scope="module")
def other_certificate(tmp_path_factory):
    """A CA that did not sign the emulator's certificate."""
    return make_self_signed_certificate(str(tmp_path_factory.mktemp("other-tls")))[0]


@pytest.fixture
def run(run_module):
    def run_with(base_url, **options):
        options.update(base_url=base_url, account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, retries=0)
        return run_module(flex_flow_info.main, options, credentials=False)

    return run_with


def test_a_tls_failure_with_validate_certs_false_does_not_advise_setting_it_to_false(emulator, run):
    # HTTPS to a server that speaks plain HTTP fails in the handshake, before any certificate.
    failed, result = run(emulator.base_url.replace("http://", "https://"), validate_certs=False)
    assert failed
    assert result["msg"].startswith("The TLS handshake failed with 127.0.0.1 (GET /v1/FlexFlows): ")
    assert "validate_certs is already false, so no certificate was checked: check that base_url names a host and port that serve HTTPS" in result["msg"]
    assert "set validate_certs to false" not in result["msg"] and "Give the CA bundle" not in result["msg"]
    assert emulator.request_log == []


def test_a_certificate_that_ca_path_does_not_verify_points_at_ca_path(tls_flex_emulator, other_certificate, run):
    failed, result = run(tls_flex_emulator.base_url, ca_path=other_certificate)
    assert failed
    assert result["msg"].startswith("TLS certificate verification failed for 127.0.0.1 (GET /v1/FlexFlows): ")
    assert result["msg"].endswith("Check that ca_path holds the CA that signed the server's certificate")
    assert "set validate_certs to false" not in result["msg"]


def test_a_certificate_that_fails_by_default_gets_the_advice_of_both_options(tls_flex_emulator, run):
    failed, result = run(tls_flex_emulator.base_url)
    assert failed
    assert result["msg"].endswith("Give the CA bundle in ca_path, or set validate_certs to false only for a host you trust")
