#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: flex_flows_report
short_description: Build and write the drift report of check-mode twilio.flex.flex_flows, twilio.flex.conversations_addresses and twilio.flex.taskrouter results
version_added: 1.0.0
description:
  - Takes the registered result of a M(twilio.flex.flex_flows) task run in check mode and returns the drift report that the
    C(twilio.flex.drift_audit) playbook publishes, and writes it as a JSON file.
  - The report is the one the P(twilio.flex.drift_report#filter) filter returns, with counts, whether drift was found, the
    declared flows with their status, and the undeclared flows. Every status comes from the module; the report only reshapes
    and counts, so it never reads message texts.
  - A flow declared by SID that the account no longer has is drift (status C(missing)), not an audit error, although the
    module gives it an error (an apply cannot create a SID again). An empty declaration gets a warning.
  - With O(address_plan), the report covers the Conversations addresses too, under RV(report.addresses), each kind audited
    when its declaration variable is defined (see O(address_plan)).
  - With O(taskrouter_plan), the report covers a TaskRouter workspace too, under RV(report.taskrouter), audited when
    O(taskrouter_declaration_variable) is defined.
  - URL passwords are masked (C(https://user:********@host/...)) in the whole report.
  - This module runs on the controller, where it writes the file. It starts no module process and sends no request.
extends_documentation_fragment:
  - twilio.flex.attributes.controller
attributes:
  check_mode:
    support: full
    details:
      - In check mode the report is built and returned, and the file is not written; C(changed) says whether it
        would be.
  diff_mode:
    support: none
options:
  plan:
    description:
      - The registered result of a M(twilio.flex.flex_flows) task, successful or failed.
      - A failed task makes a report whose RV(report.audit_error) says why the audit is incomplete.
    type: dict
    required: true
  undeclared_is_drift:
    description:
      - Whether flows that the account has but the declaration does not count as drift.
    type: bool
    default: true
  path:
    description:
      - The file to write the report to, on the controller, as indented JSON with sorted keys and a final newline (what
        P(ansible.builtin.to_nice_json#filter) makes of it).
      - A relative path is taken from the directory C(ansible-playbook) was started in, whatever the playbook's location;
        C(~) and environment variables are expanded.
      - A new file gets the mode the umask allows, as any file the user makes, since the report holds no secret (URL passwords
        are masked); an existing file keeps its mode.
      - The report is written to a temporary file beside it, which then replaces it, so a reader never sees a part of a
        report. A file that already holds this report is left alone.
      - When left out, no file is written.
    type: path
  address_plan:
    description:
      - The registered result of a M(twilio.flex.conversations_addresses) task run in check mode, successful, failed or skipped.
      - When given, each kind is audited when its declaration variable (O(declaration_variable), else C(desired_flows), and
        O(address_declaration_variable)) is defined, and RV(report.not_audited) names those that are not; neither defined is an
        audit error. The plan of a kind whose variable is not defined is not read, so O(plan) may then be a skipped result.
      - An address declared by SID that the account no longer has is drift (status C(missing)), and so is an address that differs
        in a field that can only be set on create (status C(drifted) with an error), which an apply cannot change; any other
        error of an entry is an audit error.
    type: dict
  address_declaration_variable:
    description:
      - The name of the variable the declared addresses of O(address_plan) came from. Used only with O(address_plan).
    type: str
    default: desired_addresses
  taskrouter_plan:
    description:
      - The registered result of a M(twilio.flex.taskrouter) task run in check mode, successful, failed or skipped.
      - When given, the workspace is audited when O(taskrouter_declaration_variable) is defined (a dictionary of the options of
        M(twilio.flex.taskrouter) with its C(workspace)), and RV(report.not_audited) names it when it is not; no declaration
        variable defined at all is an audit error. RV(report.taskrouter) holds the summary of each kind, C(drift_found), the
        workspace's settings (C(workspace), with its C(status) and C(changed_fields)), under each kind (C(activities),
        C(task_channels), C(task_queues), C(workflows)) only the declared items with drift or an error, and under
        C(undeclared) the items of each kind that the declaration does not hold.
      - An item that differs in a field that can only be set on create is drift, as for addresses; a bad reference or any
        other error of an entry, or a task that could not read the workspace, is an audit error.
    type: dict
  taskrouter_declaration_variable:
    description:
      - The name of the variable the declared workspace of O(taskrouter_plan) came from. Used only with O(taskrouter_plan).
    type: str
    default: desired_taskrouter
  declaration_variable:
    description:
      - The name of the variable the declared flows of O(plan) came from, such as V(desired_flows).
      - When given, a variable of that name that is not defined at all (such as a misspelled name on the command line) makes
        RV(report.audit_error) say so, instead of an audit of nothing; and messages name the entries after it.
      - When left out, the entries are named after C(desired_flows).
    type: str
notes:
  - A drift audit usually runs this task with C(check_mode=false), so that the report is written even when the whole run is in
    check mode; nothing it does reaches Twilio.
seealso:
  - module: twilio.flex.flex_flows
  - module: twilio.flex.conversations_addresses
  - module: twilio.flex.taskrouter
  - plugin: twilio.flex.drift_report
    plugin_type: filter
    description: The same report, as a filter.
  - ref: ansible_collections.twilio.flex.docsite.guide_drift_audit
    description: The drift audit playbook and its report.
"""

EXAMPLES = r"""
- name: Plan the declared addresses against the account
  twilio.flex.conversations_addresses:
    addresses: "{{ desired_addresses }}"
  check_mode: true
  diff: true
  register: address_plan
  ignore_errors: true
  when: desired_addresses is defined

- name: Plan the declared flows against the account
  twilio.flex.flex_flows:
    flows: "{{ desired_flows }}"
  check_mode: true
  diff: true
  register: plan
  ignore_errors: true

- name: Build the report and write it as JSON
  twilio.flex.flex_flows_report:
    plan: "{{ plan }}"
    undeclared_is_drift: false
    path: flex-drift-report.json
    declaration_variable: desired_flows
    address_plan: "{{ address_plan }}"
    address_declaration_variable: desired_addresses
  check_mode: false
  register: audit

- name: Fail on drift
  ansible.builtin.fail:
    msg: "Drift found: {{ audit.report.summary }}"
  when: audit.report.drift_found
"""

RETURN = r"""
lines:
  description:
    - The report for the console, as the C(twilio.flex.drift_audit) playbook shows it; the counts, each declared flow that is not
      in sync with its status, the undeclared flows, and where the report was written.
  returned: success
  type: list
  elements: str
  sample:
    - "in sync: 1, drifted: 1, missing: 0, undeclared: 1, ignored: 0, errors: 0"
    - "SMS support: drifted"
    - "undeclared: Stray"
    - "report: /home/ops/flex-drift-report.json"
report:
  description: The drift report, as the P(twilio.flex.drift_report#filter) filter returns it.
  returned: success
  type: dict
  contains:
    summary:
      description:
        - The counts of M(twilio.flex.flex_flows) (C(declared), C(live), C(in_sync), C(drifted), C(missing), C(undeclared),
          C(ignored), C(errors), C(created), C(updated), C(deleted)); the actions are what an apply would do.
      type: dict
      returned: success
    drift_found:
      description: Whether any declared flow drifted or is missing or, with O(undeclared_is_drift), any flow is undeclared.
      type: bool
      returned: success
    audit_error:
      description:
        - Why the audit is incomplete, or V(null). Set when the task failed as a whole (such as an invalid declaration or
          rejected credentials), when entries failed (such as a friendly name shared by several flows, or a missing flow that
          the declaration does not say how to create), and when O(declaration_variable) is not defined.
        - A flow declared by SID that no longer exists is not an audit error but drift, with status C(missing).
      type: str
      returned: success
    warnings:
      description: Warnings about the declaration, such as an empty one, in which every flow of the account is undeclared.
      type: list
      elements: str
      returned: success
    flows:
      description:
        - The declared flows, in the order declared, each with C(index), C(sid), C(friendly_name), C(status), C(action),
          C(changed_fields), C(diff), C(error) (the message, or V(null)) and C(error_details) (the HTTP status, Twilio's code
          and link, or V(null)).
        - A flow whose action is not C(none) also has C(before) and C(after), the compared fields as they are and as declared,
          and C(diff) holds both; for the others C(diff) is V({}).
      type: list
      elements: dict
      returned: success
    undeclared:
      description: The flows the account has but the declaration does not, each with C(sid), C(friendly_name), C(channel_type) and C(enabled).
      type: list
      elements: dict
      returned: success
    not_audited:
      description: The declaration variables that were not defined, so that their kind was not audited.
      type: list
      elements: str
      returned: when O(address_plan) or O(taskrouter_plan) is given
    addresses:
      description:
        - What the report holds for the Conversations addresses. When C(desired_addresses) is not defined, its counts are 0 and
          its lists empty, and RV(report.not_audited) names it.
        - The top-level RV(report.drift_found) is true when the flows or the addresses drifted.
      type: dict
      returned: when O(address_plan) is given
      contains:
        summary:
          description: The counts of M(twilio.flex.conversations_addresses), with the same keys as RV(report.summary).
          type: dict
        drift_found:
          description: Whether any declared address drifted or is missing or, with O(undeclared_is_drift), any address is undeclared.
          type: bool
        addresses:
          description:
            - The declared addresses, in the order declared, each with C(index), C(sid), C(address), C(type), C(status), C(action),
              C(changed_fields), C(before), C(after), C(error) (the message, or V(null)) and C(error_details).
          type: list
          elements: dict
        undeclared:
          description: The addresses the account has but the declaration does not, each with C(sid), C(address) and C(type).
          type: list
          elements: dict
    taskrouter:
      description:
        - What the report holds for the TaskRouter workspace. When C(desired_taskrouter) is not defined, its counts are 0, its
          lists empty, C(workspace) is V(null), and RV(report.not_audited) names it.
        - The top-level RV(report.drift_found) is true when any kind drifted.
      type: dict
      returned: when O(taskrouter_plan) is given
      contains:
        summary:
          description: The counts of M(twilio.flex.taskrouter) for each kind (C(activities), C(task_channels), C(task_queues), C(workflows)).
          type: dict
        drift_found:
          description:
            - Whether the settings drifted, any declared item drifted or is missing or, with O(undeclared_is_drift), any item
              of the workspace is undeclared.
          type: bool
        workspace:
          description:
            - The workspace's C(sid), C(friendly_name), the C(status) of its settings, C(changed_fields), C(before) and C(after).
            - C(error), why the settings could not be compared (such as a reference that names no activity), or V(null); such
              an error is an audit error.
          type: dict
        activities:
          description:
            - The declared activities with drift or an error (status C(drifted), C(missing) or C(error)), in the order declared,
              each with C(index), C(sid), C(friendly_name), C(status), C(action), C(changed_fields), C(before), C(after),
              C(error) and C(error_details). C(task_channels) (identified by C(unique_name)), C(task_queues) and C(workflows)
              have the same shape.
          type: list
          elements: dict
        undeclared:
          description: For each kind, the items of the workspace that the declaration does not hold, each with C(sid) and its name.
          type: dict
  sample:
    summary: {declared: 1, live: 2, in_sync: 0, drifted: 1, missing: 0, undeclared: 1, ignored: 0, errors: 0, created: 0, updated: 1, deleted: 0}
    drift_found: true
    audit_error: null
    flows:
      - index: 0
        sid: FO0123456789abcdef0123456789abcdef
        friendly_name: SMS support
        status: drifted
        action: update
        changed_fields: [enabled]
        before: {enabled: false}
        after: {enabled: true}
        diff: {before: {enabled: false}, after: {enabled: true}}
        error: null
        error_details: null
    warnings: []
    undeclared:
      - sid: FOfedcba9876543210fedcba9876543210
        friendly_name: Test flow
        channel_type: web
        enabled: false
path:
  description: The absolute path of the file the report was written to (in check mode, would be written to).
  returned: when O(path) is given
  type: str
  sample: /home/ops/flex/flex-drift-report.json
"""
