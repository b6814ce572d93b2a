# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The drift report of a check-mode twilio.flex.flex_flows result (and of twilio.flex.conversations_addresses and twilio.flex.taskrouter
ones), and its JSON file.

This plugin utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.

The twilio.flex.drift_report filter and the twilio.flex.flex_flows_report action both build
the report here. Every status comes from the module: the report only reshapes and counts.
"""

from __future__ import annotations

import json
from collections import namedtuple
from collections.abc import Mapping

from ansible_collections.twilio.flex.plugins.module_utils._declaration import listed
from ansible_collections.twilio.flex.plugins.module_utils._inert_yaml import holds_template
from ansible_collections.twilio.flex.plugins.module_utils._masking import masked

DRIFT_STATUSES = ("drifted", "missing")
# The counts of flex_flows, all of them in every report, 0 where the task failed before counting (such as on an undefined variable).
SUMMARY_KEYS = ("declared", "live", "in_sync", "drifted", "missing", "undeclared", "ignored", "errors", "created", "updated", "deleted")
# The variable the drift audit playbook takes the declaration from, as messages name it.
DECLARATION_VARIABLE = "desired_flows"
ADDRESS_DECLARATION_VARIABLE = "desired_addresses"
TASKROUTER_DECLARATION_VARIABLE = "desired_taskrouter"
# The kinds of a TaskRouter workspace, as twilio.flex.taskrouter's options and result keys name them.
TASKROUTER_KINDS = ("activities", "task_channels", "task_queues", "workflows")


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


def is_missing_by_sid(item):
    """Whether a declared item is a flow declared by SID that the account no longer has: drift, not an audit error.

    The module gives such an entry the status missing and an error of kind not_found (an apply cannot create a SID again).
    """
    return item.get("status") == "missing" and (item.get("error") or {}).get("kind") == "not_found"


def is_audit_error(item):
    """Whether a declared item's error leaves the audit incomplete.

    A flow declared by SID and deleted is drift; a delete that the plan holds back because another entry failed
    ("withheld") is drift that the audit reports, not a failure of its own.
    """
    error = item.get("error")
    return bool(error) and not is_missing_by_sid(item) and error.get("kind") != "withheld"


def declaration_problem(variables, declaration_variable=DECLARATION_VARIABLE):
    """Why the declaration variable among `variables` (untemplated) cannot be audited, or None.

    Not defined at all (such as a misspelled name) is an audit error, not an empty declaration. A string may be a
    template of a list, which the plan task resolves, so only what can never be a list is refused here.
    """
    if declaration_variable not in variables:
        return (
            "%s is not defined, so nothing was audited: give the declared flows, as in -e @desired_flows.yml (a misspelled "
            "variable name gives this error too)" % declaration_variable
        )
    declared = variables[declaration_variable]
    if isinstance(declared, (list, tuple, str)):
        return None
    return "%s must be a list of flows, each with the options of twilio.flex.flex_flows, got %s" % (declaration_variable, _kind(declared))


def _kind(value):
    if isinstance(value, Mapping):
        return "a dictionary"
    return "null" if value is None else "a %s" % type(value).__name__


def drift_report(result, undeclared_is_drift=True, declaration_variable=DECLARATION_VARIABLE, problem=None):
    """The drift report of a registered flex_flows result (see the drift_report filter's documentation).

    `declaration_variable` is the variable the declared flows came from, as messages name it; `problem` is why that
    variable cannot be audited (see declaration_problem), an audit error whatever the plan says. URL passwords are
    masked in the whole report.
    """
    section, audit_error, warnings = _section(_FLOWS, result, undeclared_is_drift, declaration_variable, problem)
    return masked(dict(section, audit_error=audit_error, warnings=warnings))


def _address_entry(item):
    error = item.get("error")
    entry = dict((key, item.get(key)) for key in ("index", "sid", "address", "type", "status", "action", "changed_fields", "before", "after"))
    entry["error"] = error["message"] if error else None
    entry["error_details"] = dict((key, error.get(key)) for key in ("status", "code", "more_info")) if error and error.get("status") else None
    return entry


def _undeclared_address(item):
    return dict(sid=item.get("sid"), address=item.get("address"), type=item.get("type"))


def is_address_audit_error(item):
    """Whether a declared address's error leaves the audit incomplete: as for flows, and besides, an address that differs in
    a field that can only be set on create (error kind create_only) is drift that an apply cannot make, since
    the comparison was made, not an incomplete audit."""
    error = item.get("error")
    return is_audit_error(item) and error.get("kind") != "create_only"


def address_section(result, undeclared_is_drift=True, declaration_variable=ADDRESS_DECLARATION_VARIABLE, problem=None):
    """(section, audit_error, warnings): what the report holds for addresses, from a registered conversations_addresses result."""
    return _section(_ADDRESSES, result, undeclared_is_drift, declaration_variable, problem)


# What tells one kind of resource from the other in the report: the key of the result's items (and of the report's
# entries), how an item becomes a declared or undeclared entry, which errors leave the audit incomplete, the field that
# names an entry in messages (the SID when it is empty), and the words of the messages.
_Kind = namedtuple("_Kind", "key entry undeclared is_audit_error label noun counted_noun not_run")
_FLOWS = _Kind("flows", _flow_entry, _undeclared_entry, is_audit_error, "friendly_name", "flow", "flow(s)", "The audit could not run")
_ADDRESSES = _Kind(
    "addresses", _address_entry, _undeclared_address, is_address_audit_error, "address", "address", "address(es)", "The audit of the addresses could not run"
)


def _section(kind, result, undeclared_is_drift, declaration_variable, problem):
    """(section, audit_error, warnings) of one kind from its registered module result: the section holds the summary,
    drift_found, the declared entries under the kind's key and the undeclared ones."""
    items = result.get(kind.key) or []
    counted = result.get("summary") or {}
    summary = dict.fromkeys(SUMMARY_KEYS, 0)
    summary.update(counted)
    declared_items = [item for item in items if item.get("index") is not None]
    declared = [kind.entry(item) for item in declared_items]
    undeclared = [kind.undeclared(item) for item in items if item.get("index") is None]
    drift_found = any(entry["status"] in DRIFT_STATUSES for entry in declared) or bool(undeclared_is_drift and undeclared)
    audit_error, warnings = None, []
    failed_entries = [entry for item, entry in zip(declared_items, declared) if kind.is_audit_error(item)]
    if problem is not None:
        audit_error = problem
    elif result.get("failed") and not items:
        audit_error = "%s: %s" % (kind.not_run, result.get("msg", "the task failed"))
    elif failed_entries:
        audit_error = "%d declared %s failed: %s" % (
            len(failed_entries),
            kind.counted_noun,
            listed(
                [
                    "%s[%s] (%s): %s" % (declaration_variable, entry["index"], entry.get(kind.label) or entry.get("sid"), entry["error"])
                    for entry in failed_entries
                ]
            ),
        )
    if audit_error is None and not declared_items and counted.get("declared") == 0:
        warnings.append("%s is empty: no %s is declared, so every %s of the account is undeclared" % (declaration_variable, kind.noun, kind.noun))
    section = {"summary": summary, "drift_found": drift_found, kind.key: declared, "undeclared": undeclared}
    return section, audit_error, warnings


def empty_address_section():
    return dict(summary=dict.fromkeys(SUMMARY_KEYS, 0), drift_found=False, addresses=[], undeclared=[])


def declaration_problem_of(variables, declaration_variable, what):
    """Why a declaration variable that is defined cannot be audited, or None (see declaration_problem)."""
    declared = variables[declaration_variable]
    if isinstance(declared, (list, tuple, str)):
        return None
    return "%s must be a list of %s, got %s" % (declaration_variable, what, _kind(declared))


def account_report(
    flow_plan,
    address_plan,
    variables,
    undeclared_is_drift=True,
    flow_variable=DECLARATION_VARIABLE,
    address_variable=ADDRESS_DECLARATION_VARIABLE,
    taskrouter_plan=None,
    taskrouter_variable=TASKROUTER_DECLARATION_VARIABLE,
):
    """The drift report of every kind: each audited when its declaration variable is defined among `variables`.

    The flows keep every key of drift_report; `addresses` holds the same for addresses, `taskrouter` (when `taskrouter_plan`
    is given) the TaskRouter workspace's section, `not_audited` names the variables that were not defined (a kind left out on
    purpose, so not a warning), and `drift_found` is true when any kind drifted. No variable defined is an audit error.
    """
    with_taskrouter = taskrouter_plan is not None
    declared = [(flow_variable, flow_variable in variables), (address_variable, address_variable in variables)]
    if with_taskrouter:
        declared.append((taskrouter_variable, taskrouter_variable in variables))
    flows_defined, addresses_defined = declared[0][1], declared[1][1]
    not_audited = [name for name, defined in declared if not defined]
    if not any(defined for _name, defined in declared):
        if with_taskrouter:
            what = "%s is not defined, nor are %s and %s, so nothing was audited: give the declared flows, addresses or TaskRouter workspace" % (
                flow_variable,
                address_variable,
                taskrouter_variable,
            )
        else:
            what = "%s is not defined, nor is %s, so nothing was audited: give the declared flows or addresses" % (flow_variable, address_variable)
        problem = what + ", as in -e @flex_account.yml (a misspelled variable name gives this error too)"
        report = drift_report({}, undeclared_is_drift=undeclared_is_drift, declaration_variable=flow_variable, problem=problem)
        report.update(addresses=empty_address_section(), not_audited=not_audited)
        if with_taskrouter:
            report["taskrouter"] = empty_taskrouter_section()
        return report
    if flows_defined:
        problem = declaration_problem(variables, flow_variable)
        report = drift_report(flow_plan or {}, undeclared_is_drift=undeclared_is_drift, declaration_variable=flow_variable, problem=problem)
    else:
        report = drift_report({}, undeclared_is_drift=undeclared_is_drift, declaration_variable=flow_variable)
    sections = []
    if addresses_defined:
        problem = declaration_problem_of(variables, address_variable, "addresses, each with the options of twilio.flex.conversations_addresses")
        sections.append(("addresses",) + address_section(address_plan or {}, undeclared_is_drift, address_variable, problem))
    else:
        sections.append(("addresses", empty_address_section(), None, []))
    if with_taskrouter and taskrouter_variable in variables:
        problem = taskrouter_declaration_problem(variables, taskrouter_variable)
        sections.append(("taskrouter",) + taskrouter_section(taskrouter_plan, undeclared_is_drift, taskrouter_variable, problem))
    elif with_taskrouter:
        sections.append(("taskrouter", empty_taskrouter_section(), None, []))
    for key, section, audit_error, warnings in sections:
        report["audit_error"] = "; ".join(error for error in (report["audit_error"], audit_error) if error) or None
        report["warnings"].extend(warnings)
        report[key] = section
        report["drift_found"] = report["drift_found"] or section["drift_found"]
    report["not_audited"] = not_audited
    return masked(report)


def taskrouter_declaration_problem(variables, declaration_variable=TASKROUTER_DECLARATION_VARIABLE):
    """Why a defined TaskRouter declaration variable cannot be audited, or None: it must be a dictionary of the options of
    twilio.flex.taskrouter with its workspace (a string may be a template of one, which the plan task resolves)."""
    declared = variables[declaration_variable]
    if isinstance(declared, str) and holds_template(declared):
        # A template of the declaration, which the plan task resolves.
        return None
    if not isinstance(declared, Mapping):
        return "%s must be a dictionary of the options of twilio.flex.taskrouter, got %s" % (declaration_variable, _kind(declared))
    if not declared.get("workspace"):
        return "%s must name its workspace (the workspace option of twilio.flex.taskrouter), by SID or friendly name" % declaration_variable
    return None


def _taskrouter_entry(name_key):
    def entry_of(item):
        error = item.get("error")
        entry = dict((key, item.get(key)) for key in ("index", "sid", name_key, "status", "action", "changed_fields", "before", "after"))
        entry["error"] = error["message"] if error else None
        entry["error_details"] = dict((key, error.get(key)) for key in ("status", "code", "more_info")) if error and error.get("status") else None
        return entry

    return entry_of


def _taskrouter_kind(option):
    name_key = "unique_name" if option == "task_channels" else "friendly_name"
    noun = option[:-1].replace("_", " ") if option != "activities" else "activity"
    return _Kind(
        option,
        _taskrouter_entry(name_key),
        lambda item, name_key=name_key: {"sid": item.get("sid"), name_key: item.get(name_key)},
        is_address_audit_error,
        name_key,
        noun,
        "%s(s)" % noun,
        "The audit of the TaskRouter workspace could not run",
    )


_TASKROUTER = tuple(_taskrouter_kind(option) for option in TASKROUTER_KINDS)


def empty_taskrouter_section():
    section = dict(summary=dict((option, dict.fromkeys(SUMMARY_KEYS, 0)) for option in TASKROUTER_KINDS), drift_found=False, workspace=None)
    section.update((option, []) for option in TASKROUTER_KINDS)
    section["undeclared"] = dict((option, []) for option in TASKROUTER_KINDS)
    return section


def taskrouter_section(result, undeclared_is_drift=True, declaration_variable=TASKROUTER_DECLARATION_VARIABLE, problem=None):
    """(section, audit_error, warnings) of a registered twilio.flex.taskrouter result: the summary of each kind, drift_found, the
    workspace's settings, and under each kind only its declared items with drift or an error; the undeclared items by kind."""
    result = result if isinstance(result, Mapping) else {}
    section = empty_taskrouter_section()
    workspace = result.get("workspace")
    if isinstance(workspace, Mapping):
        section["workspace"] = dict((key, workspace.get(key)) for key in ("sid", "friendly_name", "status", "changed_fields", "before", "after"))
        error = workspace.get("error")
        section["workspace"]["error"] = error.get("message") if isinstance(error, Mapping) else None
    errors = []
    for kind in _TASKROUTER:
        # The whole run's failure is judged below, once: a kind with no items in a failed run is not a failure of its own.
        kind_result = {kind.key: result.get(kind.key) or [], "summary": (result.get("summary") or {}).get(kind.key) or {}}
        kind_section, kind_error, _warnings = _section(kind, kind_result, undeclared_is_drift, "%s.%s" % (declaration_variable, kind.key), None)
        section["summary"][kind.key] = kind_section["summary"]
        section[kind.key] = [entry for entry in kind_section[kind.key] if entry["status"] not in ("in_sync", "ignored")]
        section["undeclared"][kind.key] = kind_section["undeclared"]
        section["drift_found"] = section["drift_found"] or kind_section["drift_found"]
        if kind_error:
            errors.append(kind_error)
    section["drift_found"] = section["drift_found"] or bool(section["workspace"] and section["workspace"]["status"] == "drifted")
    if section["workspace"] is not None and section["workspace"]["error"]:
        # The settings could not be compared (a reference that names no activity): the audit of the workspace is incomplete.
        errors.append("%s: %s" % (declaration_variable, section["workspace"]["error"]))
    audit_error = problem
    if audit_error is None and errors:
        audit_error = "; ".join(errors)
    elif audit_error is None and result.get("failed"):
        # A failure that no item's error explains (the workspace not found, a bad reference in the settings) leaves the audit
        # incomplete; items' errors were judged above, kind by kind (a create-only difference is drift).
        explained = section["workspace"] is not None and any(
            isinstance(item, Mapping) and item.get("error") for kind in _TASKROUTER for item in result.get(kind.key) or []
        )
        if not explained:
            audit_error = "The audit of the TaskRouter workspace could not run: %s" % result.get("msg", "the task failed")
    return section, audit_error, []


_REPORTED_STATUSES = ("in_sync", "drifted", "missing", "undeclared", "ignored", "errors")


def _section_lines(kind, section, prefix, undeclared_heading):
    """The console lines of one kind: the counts after `prefix`, each declared entry not in sync with its status, the undeclared entries."""
    counts = section["summary"]
    lines = [prefix + ", ".join("%s: %d" % (status.replace("_", " "), counts[status]) for status in _REPORTED_STATUSES)]
    lines.extend(
        "%s: %s" % (entry.get(kind.label) or entry.get("sid"), entry["status"]) for entry in section[kind.key] if entry["status"] not in ("in_sync", "ignored")
    )
    if section["undeclared"]:
        lines.append("%s: %s" % (undeclared_heading, ", ".join(str(entry.get(kind.label) or entry.get("sid")) for entry in section["undeclared"])))
    return lines


def report_lines(report, path=None, address_variable=ADDRESS_DECLARATION_VARIABLE, taskrouter_variable=TASKROUTER_DECLARATION_VARIABLE):
    """The report for the console: the counts, each declared flow not in sync with its status, the undeclared flows, the
    same for the addresses and the TaskRouter workspace when they were audited (their declaration variables, named as the
    audit named them, are not among those not audited), the file."""
    lines = _section_lines(_FLOWS, report, "", "undeclared")
    addresses = report.get("addresses")
    if addresses is not None and address_variable not in report.get("not_audited", ()):
        lines.extend(_section_lines(_ADDRESSES, addresses, "addresses: ", "undeclared addresses"))
    taskrouter = report.get("taskrouter")
    if taskrouter is not None and taskrouter_variable not in report.get("not_audited", ()):
        workspace = taskrouter.get("workspace") or {}
        if workspace.get("status") == "drifted":
            lines.append("taskrouter settings: drifted (%s)" % ", ".join(workspace.get("changed_fields") or []))
        for kind in _TASKROUTER:
            kind_section = dict(summary=taskrouter["summary"][kind.key], undeclared=taskrouter["undeclared"][kind.key], **{kind.key: taskrouter[kind.key]})
            lines.extend(_section_lines(kind, kind_section, "taskrouter %s: " % kind.key, "undeclared %s" % kind.key))
    if report.get("not_audited"):
        lines.append("not audited (not defined): %s" % ", ".join(report["not_audited"]))
    if path:
        lines.append("report: %s" % path)
    return lines


def report_text(report):
    """The report as the file holds it: what ansible.builtin.to_nice_json makes of it, and a newline."""
    return json.dumps(report, indent=4, sort_keys=True, separators=(",", ": ")) + "\n"
