# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The checks of runme.sh, one subcommand each, run with the emulator's package importable (emulator_python):

check_cases.py example ADMIN_URL WORKDIR        the example audit: its report, its file, its output and its requests
check_cases.py report-unchanged OUTPUT          a second audit over an unchanged account left the report as it was
check_cases.py cases ADMIN_URL WORKDIR          the cases after it: drift, audit errors, warnings, masking, paths and modes
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import stat
import sys

from flex_emulator.admin_client import EmulatorAdmin

PASSWORDS = ("account-password-3b9a", "declared-password-7c2d")


def report(workdir, name):
    return json.loads((workdir / name).read_text(encoding="utf-8"))


def output(workdir, name):
    return (workdir / name).read_text(encoding="utf-8", errors="replace")


def example(admin_url, workdir):
    """The example audit: one flow of each status, a report as readable as any file the user makes, two listings only."""
    admin, workdir = EmulatorAdmin(admin_url), pathlib.Path(workdir)
    report = json.loads((workdir / "report.json").read_text())
    umask = os.umask(0o022)
    os.umask(umask)
    # The report holds no secret: it is as readable as any file the user makes.
    assert stat.S_IMODE((workdir / "report.json").stat().st_mode) == 0o666 & ~umask, oct((workdir / "report.json").stat().st_mode)
    # The file holds what ansible.builtin.to_nice_json makes of the report, and a newline.
    assert (workdir / "report.json").read_text() == json.dumps(report, indent=4, sort_keys=True, separators=(",", ": ")) + "\n"
    status = {flow["friendly_name"]: flow["status"] for flow in report["flows"]}
    assert status == {"Web chat": "in_sync", "SMS": "drifted", "WhatsApp": "missing", "Legacy SMS": "drifted"}, status
    sms = next(flow for flow in report["flows"] if flow["friendly_name"] == "SMS")
    assert sms["changed_fields"] == ["integration.flow_sid"], sms
    assert sms["diff"]["before"]["integration"]["flow_sid"] == "FWaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", sms
    assert sms["diff"]["after"]["integration"]["flow_sid"] == "FW0123456789abcdef0123456789abcdef", sms
    legacy = next(flow for flow in report["flows"] if flow["friendly_name"] == "Legacy SMS")
    assert legacy["changed_fields"] == ["state"] and legacy["diff"]["after"] == {}, legacy
    sids = {flow["friendly_name"]: flow["sid"] for flow in report["flows"]}
    assert report["undeclared"][0]["enabled"] is False, report["undeclared"]
    assert all(str(sids[name]).startswith("FO") for name in ("Web chat", "SMS", "Legacy SMS")) and sids["WhatsApp"] is None, sids
    assert [flow["friendly_name"] for flow in report["undeclared"]] == ["Stray test flow"], report["undeclared"]
    assert report["summary"] == {
        "declared": 4,
        "live": 4,
        "in_sync": 1,
        "drifted": 2,
        "missing": 1,
        "undeclared": 1,
        "ignored": 0,
        "errors": 0,
        "created": 1,
        "updated": 1,
        "deleted": 1,
    }, report["summary"]
    assert report["drift_found"] is True and report["audit_error"] is None
    assert [flow["action"] for flow in report["flows"]] == ["none", "update", "create", "delete"], report["flows"]
    output = (workdir / "audit.out").read_text()
    assert "flex_drift_audit" in output or "in sync: 1, drifted: 2, missing: 1, undeclared: 1" in output, output[-2000:]

    methods = admin.methods()
    # Each of the two runs above reads the account once: one page holds up to a thousand flows.
    assert methods == ["GET", "GET"], "the audit sent %s" % methods
    # TWILIO_FLEX_DRIFT_REPORT_COPY keeps a copy of the report, for the documentation.
    if os.environ.get("TWILIO_FLEX_DRIFT_REPORT_COPY"):
        pathlib.Path(os.environ["TWILIO_FLEX_DRIFT_REPORT_COPY"]).write_text((workdir / "report.json").read_text())
    print("drift audit: %s; %d requests, all GET" % (report["summary"], len(methods)))


def report_unchanged(output_path):
    """A second audit over an unchanged account: the task that writes the report reports ok, not changed."""
    output = pathlib.Path(output_path).read_text()
    task = output.split("TASK [Build the report and write it as JSON]", 1)[1].split("TASK [", 1)[0]
    assert re.search(r"^ok: \[localhost\]", task, re.MULTILINE), task


def check_sid_deleted(workdir):
    """A flow declared by SID that the account no longer has: missing, drift, no audit error; the gate fails on drift."""
    path = workdir / "flex-drift-report.json"
    # Written in the directory ansible-playbook started in, although PWD was unset, with the umask's mode (027).
    assert stat.S_IMODE(path.stat().st_mode) == 0o640, oct(path.stat().st_mode)
    assert "report: %s" % path in output(workdir, "sid_deleted.out"), output(workdir, "sid_deleted.out")[-2000:]
    for audit in (report(workdir, "flex-drift-report.json"), report(workdir, "sid_deleted_gate.json")):
        assert [flow["status"] for flow in audit["flows"]] == ["in_sync", "missing"], audit["flows"]
        assert audit["flows"][1]["sid"] == "FO00000000000000000000000000000000", audit["flows"][1]
        assert audit["drift_found"] is True and audit["audit_error"] is None, audit
    gate = output(workdir, "sid_deleted_gate.out")
    assert "Drift found: see the report at %s" % (workdir / "sid_deleted_gate.json") in gate and "Audit error" not in gate, gate[-2000:]


def check_audit_errors(workdir):
    uncreatable = report(workdir, "uncreatable.json")
    assert [flow["status"] for flow in uncreatable["flows"]] == ["in_sync", "missing"], uncreatable["flows"]
    assert uncreatable["audit_error"].startswith("1 declared flow(s) failed: desired_flows[1] (Nowhere): "), uncreatable["audit_error"]
    assert "Audit error, not drift. 1 declared flow(s) failed: desired_flows[1] (Nowhere)" in output(workdir, "uncreatable.out")

    undefined = report(workdir, "undefined.json")
    assert undefined["audit_error"].startswith("desired_flows is not defined, nor are desired_addresses and desired_taskrouter, so nothing was audited"), (
        undefined
    )
    assert undefined["not_audited"] == ["desired_flows", "desired_addresses", "desired_taskrouter"], undefined
    assert undefined["flows"] == [] and undefined["undeclared"] == [], undefined
    assert "Audit error, not drift. desired_flows is not defined" in output(workdir, "undefined.out"), output(workdir, "undefined.out")[-2000:]

    mapping = report(workdir, "mapping.json")
    assert mapping["audit_error"].startswith("desired_flows must be a list of flows, each with the options of twilio.flex.flex_flows, got a dictionary"), (
        mapping
    )
    assert "Audit error, not drift. desired_flows must be a list of flows" in output(workdir, "mapping.out"), output(workdir, "mapping.out")[-2000:]

    invalid = report(workdir, "invalid.json")
    assert invalid["flows"] == [] and invalid["audit_error"].startswith("The audit could not run: The declaration has 1 problem(s)"), invalid
    assert "Audit error, not drift. The audit could not run: The declaration has 1 problem(s), so nothing was sent: flows[0]" in output(workdir, "invalid.out")


def check_empty(workdir):
    empty = report(workdir, "empty.json")
    warning = "desired_flows is empty: no flow is declared, so every flow of the account is undeclared"
    assert empty["audit_error"] is None and empty["warnings"] == [warning], empty
    assert empty["summary"]["undeclared"] == 4 and empty["drift_found"] is True, empty["summary"]
    assert warning in " ".join(output(workdir, "empty.out").split()), output(workdir, "empty.out")[-2000:]


def check_masking(workdir):
    audit = report(workdir, "url_password.json")
    stray = audit["flows"][0]
    assert stray["status"] == "drifted" and stray["changed_fields"] == ["integration.url"], stray
    assert stray["diff"]["before"]["integration"]["url"] == "https://hooks:********@hooks.example.com/test", stray
    assert stray["diff"]["after"]["integration"]["url"] == "https://hooks:********@hooks.example.com/test", stray
    text = output(workdir, "url_password.out")
    # The artifacts are shown, so the scan below covers them.
    assert "CUSTOM STATS" in text and "flex_drift_audit" in text, text[-2000:]
    for name in sorted(path.name for path in workdir.iterdir()):
        content = output(workdir, name)
        for password in PASSWORDS:
            assert password not in content, "%s shows a URL password" % name


def check_addresses(workdir):
    """Addresses alone: the flows not audited; a SID the account no longer has and a type only a new address could have are
    drift, not audit errors. With the flows: drift through the addresses alone is drift of the account, and the gate fails."""
    alone = report(workdir, "addresses_only.json")
    assert alone["not_audited"] == ["desired_flows", "desired_taskrouter"] and alone["flows"] == [] and alone["audit_error"] is None, alone
    section = alone["addresses"]
    assert [entry["status"] for entry in section["addresses"]] == ["in_sync", "drifted", "missing", "drifted"], section["addresses"]
    assert [entry["type"] for entry in section["addresses"]] == ["sms", "sms", None, "whatsapp"], section["addresses"]
    assert section["addresses"][1]["changed_fields"] == ["friendly_name"] and section["addresses"][1]["before"] == {"friendly_name": "Sales SMS"}
    assert section["addresses"][2]["sid"] == "IG00000000000000000000000000000000", section["addresses"][2]
    assert section["addresses"][3]["changed_fields"] == ["type"] and "can only be set when" in section["addresses"][3]["error"], section["addresses"][3]
    assert section["drift_found"] is True and alone["drift_found"] is True and section["undeclared"] == [], section
    assert "not audited (not defined): desired_flows" in output(workdir, "addresses_only.out")

    both = report(workdir, "both_kinds.json")
    assert both["not_audited"] == ["desired_taskrouter"] and both["audit_error"] is None, both
    assert both["summary"]["in_sync"] == 1 and both["summary"]["drifted"] == 0, both["summary"]
    assert both["addresses"]["summary"]["in_sync"] == 1 and both["addresses"]["summary"]["drifted"] == 1, both["addresses"]
    assert both["drift_found"] is True and both["addresses"]["undeclared"][0]["address"] == "whatsapp:+15555550302", both
    assert "Drift found: see the report at %s" % (workdir / "both_kinds.json") in output(workdir, "both_kinds.out")


def check_taskrouter(workdir):
    """A TaskRouter workspace alone: drifted settings and a drifted queue are reported by kind, only the items with drift,
    references by name; the items it does not declare are undeclared (not drift here); the gate fails on it."""
    audit = report(workdir, "taskrouter_only.json")
    assert audit["not_audited"] == ["desired_flows", "desired_addresses"] and audit["audit_error"] is None, audit
    section = audit["taskrouter"]
    assert section["workspace"]["friendly_name"] == "Flex Task Assignment" and section["workspace"]["status"] == "drifted", section["workspace"]
    assert section["workspace"]["changed_fields"] == ["default_activity"] and section["workspace"]["after"] == {
        "default_activity": "Available",
        "timeout_activity": "Offline",
    }, section
    assert [(entry["friendly_name"], entry["status"], entry["changed_fields"]) for entry in section["task_queues"]] == [
        ("Everyone", "drifted", ["target_workers"])
    ], section["task_queues"]
    assert section["workflows"] == [] and section["summary"]["workflows"]["in_sync"] == 1, section
    assert sorted(entry["unique_name"] for entry in section["undeclared"]["task_channels"]) == ["chat", "default", "email", "sms", "video", "voice"]
    assert section["drift_found"] is True and audit["drift_found"] is True, audit
    text = output(workdir, "taskrouter_only.out")
    assert "taskrouter settings: drifted (default_activity)" in text and "Drift found: see the report at" in text, text[-2000:]


def cases(admin_url, workdir):
    """The cases the audit tells apart, after the example audit."""
    admin, workdir = EmulatorAdmin(admin_url), pathlib.Path(workdir)
    check_sid_deleted(workdir)
    check_audit_errors(workdir)
    check_empty(workdir)
    check_masking(workdir)
    check_addresses(workdir)
    check_taskrouter(workdir)
    # One listing of each kind for each audit that ran (five reads for the TaskRouter workspace); none for an undefined,
    # misshapen or invalid declaration.
    assert admin.methods() == ["GET"] * 13, admin.methods()
    print("drift audit cases: deleted SID is drift, uncreatable and undefined are audit errors, empty warns, URL passwords masked")


CHECKS = {"example": example, "report-unchanged": report_unchanged, "cases": cases}

if __name__ == "__main__":
    CHECKS[sys.argv[1]](*sys.argv[2:])
