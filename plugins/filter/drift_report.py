# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: drift_report
short_description: Turn a check-mode result of twilio.flex.flex_flows into a drift report
version_added: 1.0.0
description:
  - Takes the registered result of a M(twilio.flex.flex_flows) task run in check mode and returns the report that the
    C(twilio.flex.drift_audit) playbook writes and publishes, with counts, whether drift was found, the declared flows with their
    status, and the undeclared flows.
  - Every status comes from the module; the filter only reshapes and counts, so it never reads message texts. A flow declared
    by SID that the account no longer has is drift (status C(missing)), not an audit error.
  - URL passwords are masked (C(https://user:********@host/...)) in the whole report.
author:
  - twilio.flex maintainers (@twilio-flex-ansible)
options:
  _input:
    description: The registered result of a M(twilio.flex.flex_flows) task, successful or failed.
    type: dict
    required: true
  undeclared_is_drift:
    description: Whether flows that the account has but the declaration does not count as drift.
    type: bool
    default: true
seealso:
  - module: twilio.flex.flex_flows
  - ref: ansible_collections.twilio.flex.docsite.guide_drift_audit
    description: The drift audit playbook and its report.
"""

EXAMPLES = r"""
- name: Plan the declared flows against the account
  twilio.flex.flex_flows:
    flows: "{{ desired_flows }}"
  check_mode: true
  diff: true
  register: plan
  ignore_errors: true

- name: Report
  ansible.builtin.debug:
    msg: "{{ plan | twilio.flex.drift_report(undeclared_is_drift=false) }}"
"""

RETURN = r"""
_value:
  description: The drift report.
  type: dict
  contains:
    summary:
      description:
        - The counts of M(twilio.flex.flex_flows) (C(declared), C(live), C(in_sync), C(drifted), C(missing), C(undeclared),
          C(ignored), C(errors), C(created), C(updated), C(deleted)); the actions are what an apply would do.
      type: dict
    drift_found:
      description: Whether any declared flow drifted or is missing or, with O(undeclared_is_drift), any flow is undeclared.
      type: bool
    audit_error:
      description:
        - Why the audit is incomplete, or V(null). Set when the task failed as a whole (such as an invalid declaration or
          rejected credentials) or when entries failed (such as a friendly name shared by several flows, or a missing flow
          that the declaration does not say how to create).
        - A flow declared by SID that no longer exists is not an audit error but drift, with status C(missing).
      type: str
    warnings:
      description: Warnings about the declaration, such as an empty one, in which every flow of the account is undeclared.
      type: list
      elements: str
    flows:
      description:
        - The declared flows, in the order declared, each with C(index), C(sid), C(friendly_name), C(status), C(action),
          C(changed_fields), C(diff), C(error) (the message, or V(null)) and C(error_details) (the HTTP status, Twilio's code
          and link, or V(null)).
        - A flow whose action is not C(none) also has C(before) and C(after), the compared fields as they are and as declared,
          and C(diff) holds both; for the others C(diff) is V({}).
      type: list
      elements: dict
    undeclared:
      description: The flows the account has but the declaration does not, each with C(sid), C(friendly_name), C(channel_type) and C(enabled).
      type: list
      elements: dict
"""

from ansible_collections.twilio.flex.plugins.plugin_utils._drift_report import drift_report


class FilterModule:
    """The twilio.flex drift_report filter."""

    def filters(self):
        return {"drift_report": drift_report}
