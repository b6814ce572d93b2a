# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Checks of runme.sh's export, apply and audit: an inert, exact, private file, and nothing evaluated or shown anywhere.

Usage: check_round_trip.py ADMIN_URL ACCOUNT_JSON WORKDIR (with INERT_MARKER and TWILIO_AUTH_TOKEN in the environment)
"""

from __future__ import annotations

import json
import pathlib
import sys

from round_trip_checks import WEBHOOK_PASSWORD, check_hostile_names_tagged, check_nothing_evaluated_or_shown, load_private_declaration

from flex_emulator.admin_client import EmulatorAdmin

OUTPUTS = ("export.out", "again.out", "forced.out", "apply.out", "audit.out", "report.json", "apply-results.json")


def check_declaration(path, account_flows):
    """The exported file: private, every string exact, the hostile ones tagged, the shape flex_flows takes."""
    text, declaration = load_private_declaration(path)
    assert list(declaration) == ["desired_flows"], list(declaration)
    flows = declaration["desired_flows"]
    names = [flow["friendly_name"] for flow in flows]
    assert names == sorted(flow["friendly_name"] for flow in account_flows), names
    check_hostile_names_tagged(text, names)
    assert [("sid" in flow) for flow in flows] == [name == "Twin" for name in names], flows
    by_name = dict((flow["friendly_name"], flow) for flow in flows)
    assert by_name["SMS"]["contact_identity"] == "+15555550100", by_name["SMS"]
    assert by_name["SMS"]["integration"] == {"flow_sid": "FW0123456789abcdef0123456789abcdef", "retry_count": 1}, by_name["SMS"]
    # The file keeps the webhook's exact URL, password included: it is what an apply sends back.
    assert by_name["WhatsApp hook"]["integration"]["url"] == "https://hooks:%s@hooks.example.com/flex" % WEBHOOK_PASSWORD
    assert list(by_name["WhatsApp hook"])[:3] == ["friendly_name", "chat_service_sid", "channel_type"], list(by_name["WhatsApp hook"])
    # A key of a former integration type is left out, so the entry passes flex_flows' validation.
    assert "flow_sid" not in by_name["Web chat"]["integration"], by_name["Web chat"]
    return names


def check_apply(path, names):
    results = json.loads(path.read_text(encoding="utf-8"))
    for run in ("plan", "applied"):
        result = results[run]
        assert result["changed"] is False and not result.get("failed"), result
        assert [flow["status"] for flow in result["flows"]] == ["in_sync"] * len(names), result["flows"]
        assert sorted(flow["friendly_name"] for flow in result["flows"]) == sorted(names), result["flows"]
    assert results["plan"]["summary"]["live"] == len(names) and results["plan"]["summary"]["undeclared"] == 0, results["plan"]["summary"]


def check_report(path, names):
    report = json.loads(path.read_text(encoding="utf-8"))
    assert report["drift_found"] is False and report["audit_error"] is None, report
    assert report["summary"]["in_sync"] == len(names) and report["undeclared"] == [], report["summary"]
    assert sorted(flow["friendly_name"] for flow in report["flows"]) == sorted(names), report["flows"]


def main():
    admin, account_path, workdir = EmulatorAdmin(sys.argv[1]), pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    account_flows = json.loads(account_path.read_text(encoding="utf-8"))["flows"]
    names = check_declaration(workdir / "desired_flows.yml", account_flows)
    check_apply(workdir / "apply-results.json", names)
    check_report(workdir / "report.json", names)

    check_nothing_evaluated_or_shown(workdir, OUTPUTS)
    # The account is as it was: no flow renamed, created or deleted.
    live_names = sorted(flow["friendly_name"] for flow in admin.flows())
    assert live_names == sorted(flow["friendly_name"] for flow in account_flows), live_names
    # Two exports (the refused one sends nothing), the plan, the apply and the audit: one listing each, nothing written.
    methods = admin.methods()
    assert methods == ["GET"] * 5, methods
    print(
        "export round trip: %d flows (%d with Jinja delimiters) exported, planned, applied and audited in sync, exactly, with %d GETs"
        % (len(names), 3, len(methods))
    )


if __name__ == "__main__":
    main()
