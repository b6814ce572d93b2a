# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Checks of the cases runme.sh runs after the example audit: drift, audit errors, warnings, masking, paths and modes.

Usage: check_cases.py ADMIN_URL WORKDIR
"""

from __future__ import annotations

import json
import pathlib
import stat
import sys

from flex_emulator.admin_client import EmulatorAdmin

PASSWORDS = ("account-password-3b9a", "declared-password-7c2d")


def report(workdir, name):
    return json.loads((workdir / name).read_text(encoding="utf-8"))


def output(workdir, name):
    return (workdir / name).read_text(encoding="utf-8", errors="replace")


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
    assert undefined["audit_error"].startswith("desired_flows is not defined, so nothing was audited"), undefined
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


def main():
    admin, workdir = EmulatorAdmin(sys.argv[1]), pathlib.Path(sys.argv[2])
    check_sid_deleted(workdir)
    check_audit_errors(workdir)
    check_empty(workdir)
    check_masking(workdir)
    # One listing for each audit that ran; none for an undefined, misshapen or invalid declaration.
    assert admin.methods() == ["GET"] * 5, admin.methods()
    print("drift audit cases: deleted SID is drift, uncreatable and undefined are audit errors, empty warns, URL passwords masked")


if __name__ == "__main__":
    main()
