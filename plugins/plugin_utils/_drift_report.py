# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The drift report of a check-mode twilio.flex.flex_flows result, and its JSON file.

This plugin utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.

The twilio.flex.drift_report filter and the twilio.flex.flex_flows_report action both build
the report here. Every status comes from the module: the report only reshapes and counts.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile

DRIFT_STATUSES = ("drifted", "missing")
# The file's mode, as the drift audit has always written it.
REPORT_FILE_MODE = 0o644


def _flow_entry(item):
    error = item.get("error")
    entry = dict(item)
    if item.get("action", "none") == "none":
        # Nothing to change: before and after say nothing the declaration does not, and would make a large report of an account in sync.
        entry.pop("before", None)
        entry.pop("after", None)
        entry["diff"] = {}
    else:
        entry["diff"] = {"before": item.get("before", {}), "after": item.get("after", {})}
    entry["error"] = error["message"] if error else None
    entry["error_details"] = dict((key, error.get(key)) for key in ("status", "code", "more_info")) if error and error.get("status") else None
    return entry


def _undeclared_entry(item):
    state = item.get("before") or {}
    return dict(sid=item.get("sid"), friendly_name=item.get("friendly_name"), channel_type=state.get("channel_type"), enabled=state.get("enabled"))


def drift_report(result, undeclared_is_drift=True):
    """The drift report of a registered flex_flows result (see the drift_report filter's documentation)."""
    items = result.get("flows") or []
    summary = dict(result.get("summary") or {})
    declared = [_flow_entry(item) for item in items if item.get("index") is not None]
    undeclared = [_undeclared_entry(item) for item in items if item.get("index") is None]
    drift_found = any(entry["status"] in DRIFT_STATUSES for entry in declared) or bool(undeclared_is_drift and undeclared)
    audit_error = None
    failed_entries = [entry for entry in declared if entry["error"]]
    if result.get("failed") and not items:
        audit_error = "The audit could not run: %s" % result.get("msg", "the task failed")
    elif failed_entries:
        audit_error = "%d declared flow(s) failed: %s" % (
            len(failed_entries),
            "; ".join(
                "desired_flows[%s] (%s): %s" % (entry["index"], entry.get("friendly_name") or entry.get("sid"), entry["error"]) for entry in failed_entries
            ),
        )
    return dict(summary=summary, drift_found=drift_found, audit_error=audit_error, flows=declared, undeclared=undeclared)


def report_text(report):
    """The report as the file holds it: what ansible.builtin.to_nice_json makes of it, and a newline."""
    return json.dumps(report, indent=4, sort_keys=True, separators=(",", ": ")) + "\n"


def write_report(path, text, check_mode=False):
    """Write `text` to `path` with mode 0644, atomically; return whether the file changed (in check mode, would change).

    A file that already holds `text` with that mode is left alone. The text goes to a temporary file beside `path`
    that then replaces it, so a reader never sees half a report.
    """
    data = text.encode("utf-8")
    try:
        with open(path, "rb") as existing:
            same_content = existing.read() == data
        same_mode = stat.S_IMODE(os.stat(path).st_mode) == REPORT_FILE_MODE
    except FileNotFoundError:
        same_content = same_mode = False
    if same_content and same_mode:
        return False
    if check_mode:
        return True
    if same_content:
        os.chmod(path, REPORT_FILE_MODE)
        return True
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".%s." % os.path.basename(path), suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as output:
            output.write(data)
            output.flush()
            os.fsync(output.fileno())
        os.chmod(temporary, REPORT_FILE_MODE)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
    return True
