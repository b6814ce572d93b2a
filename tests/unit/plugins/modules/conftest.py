# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import contextlib
import datetime
import json

import pytest
import requests
from ansible.module_utils import basic

from ansible_collections.twilio.flex.tests.flex_emulator import ACCOUNT_SID as EMULATOR_ACCOUNT_SID
from ansible_collections.twilio.flex.tests.flex_emulator import AUTH_TOKEN as EMULATOR_AUTH_TOKEN
from ansible_collections.twilio.flex.tests.unit.plugins.flow_data import ACCOUNT_SID

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19
    from unittest import mock

    @contextlib.contextmanager
    def patch_module_args(args):
        with mock.patch.object(basic, "_ANSIBLE_ARGS", json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode()):
            yield


AUTH_TOKEN = "unit-test-auth-token-0123456789"


class ModuleExit(Exception):
    def __init__(self, failed, result):
        super().__init__(result)
        self.failed = failed
        self.result = result


@pytest.fixture
def attempted_requests(monkeypatch):
    """Fail any HTTP request the test sends: for checks that must fail before a request. Returns the requests attempted
    (method and URL), recorded as well as raised, so that a module catching the error still leaves its trace."""
    attempted = []

    def refuse(session, method, url, *args, **kwargs):
        attempted.append((method, url))
        raise AssertionError("no request may be sent, but %s %s was" % (method, url))

    monkeypatch.setattr(requests.Session, "request", refuse)
    return attempted


@pytest.fixture
def run_module(monkeypatch):
    """Run a module's main() with the given options; return (failed, result) with warnings included."""
    warnings = []

    def exit_json(module, **result):
        raise ModuleExit(False, result)

    def fail_json(module, **result):
        raise ModuleExit(True, result)

    monkeypatch.setattr(basic.AnsibleModule, "exit_json", exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail_json)
    monkeypatch.setattr(basic.AnsibleModule, "warn", lambda module, warning: warnings.append(warning))

    def run(main, options, check_mode=False, diff=False, credentials=True):
        args = dict(options)
        if credentials:
            args.setdefault("account_sid", ACCOUNT_SID)
            args.setdefault("auth_token", AUTH_TOKEN)
        args.update(_ansible_check_mode=check_mode, _ansible_diff=diff, _ansible_remote_tmp="/tmp", _ansible_keep_remote_files=False)
        del warnings[:]
        with patch_module_args(args), pytest.raises(ModuleExit) as raised:
            main()
        result = dict(raised.value.result)
        result["warnings"] = list(warnings)
        return raised.value.failed, result

    return run


def emulator_flow(**fields):
    """An API-shaped flow for the emulator's seed: a studio flow named "Flow" unless ``fields`` say otherwise."""
    flow = dict(
        friendly_name="Flow",
        chat_service_sid="IS" + "b" * 32,
        channel_type="sms",
        enabled=True,
        integration_type="studio",
        integration={"flow_sid": "FW" + "c" * 32, "retry_count": 3},
    )
    flow.update(fields)
    return flow


def dated(resources):
    """``resources`` created and updated a second apart, in the order given, so that the emulator (which lists by
    date_created, then sid) lists them in that order; a resource's own dates win."""
    start = datetime.datetime(2026, 1, 1)
    stamps = [(start + datetime.timedelta(seconds=index)).strftime("%Y-%m-%dT%H:%M:%SZ") for index in range(len(resources))]
    return [dict(dict(date_created=stamp, date_updated=stamp), **resource) for stamp, resource in zip(stamps, resources)]


def assert_check_mode_told_the_run(planned, applied, key):
    """The check-mode result `planned` says what the real run `applied` then did: the same changed, summary, items under
    `key` and diff before; a created item's SID, which only the run knows, is set to None in both."""
    for item in planned[key] + applied[key]:
        if item["action"] == "create":
            item["sid"] = None
    assert (planned["changed"], planned["summary"], planned[key], planned["diff"]["before"]) == (
        applied["changed"],
        applied["summary"],
        applied[key],
        applied["diff"]["before"],
    )


def seed_emulator(emulator, *flows):
    """Replace the emulator's flows with ``flows``, listed in the order given."""
    emulator.reset(seed=dated(flows))
    return list(emulator.flows.values())


@pytest.fixture
def run_on_emulator(emulator, run_module):
    """``run_module`` with the connection options of the emulator: its base URL and credentials."""

    def run(main, options, **kwargs):
        options = dict(options)
        options.setdefault("base_url", emulator.base_url)
        options.setdefault("account_sid", EMULATOR_ACCOUNT_SID)
        options.setdefault("auth_token", EMULATOR_AUTH_TOKEN)
        options.setdefault("retry_max_time", 5)
        return run_module(main, options, credentials=False, **kwargs)

    return run


def logged_requests(emulator):
    """The emulator's request log as method, path, query and form of each request, oldest first."""
    return [dict((key, entry[key]) for key in ("method", "path", "query", "form")) for entry in emulator.request_log]


def logged_writes(emulator):
    """The logged requests that are not reads."""
    return [entry for entry in logged_requests(emulator) if entry["method"] != "GET"]
