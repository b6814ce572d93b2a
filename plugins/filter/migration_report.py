# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: migration_report
short_description: Record the outcome of a migration of Flex Flows in its plan
version_added: 1.0.0
description:
  - Takes a plan from P(twilio.flex.migration_plan#filter) and the results of M(twilio.flex.flow_migration), and returns the
    report of the C(twilio.flex.migrate_flows) playbook. Migrated flows become V(migrated), the one that failed V(failed)
    with the reason and how far it got, and, after a failure, the planned flows not attempted V(skipped).
  - M(twilio.flex.flow_migration_report) builds the same report and writes it.
author:
  - twilio.flex maintainers (@twilio-flex-ansible)
options:
  _input:
    description: The plan.
    type: dict
    required: true
  outcomes:
    description: The registered results of M(twilio.flex.flow_migration), in the order run (the C(results) of its loop).
    type: list
    elements: dict
    default: []
  report_path:
    description: The report file, named in the failure message.
    type: str
  rollback_path:
    description: The rollback file, named in the report when a flow was recorded in it.
    type: str
seealso:
  - plugin: twilio.flex.migration_plan
    plugin_type: filter
"""

EXAMPLES = r"""
- name: The report after migrating one flow
  ansible.builtin.debug:
    msg: "{{ plan | twilio.flex.migration_report(outcomes=migrated.results) }}"
"""

RETURN = r"""
_value:
  description:
    - The report, with C(summary), C(flows) and C(unmatched_names) as in the plan, and each flow's C(result) updated; C(stopped_at)
      (the SID of the flow that failed), C(failure) (what happened to it and the way back), C(report_path) and C(rollback_path).
    - See M(twilio.flex.flow_migration_report) for each key.
  type: dict
"""

from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.twilio.flex.plugins.plugin_utils._migration import migration_report


def migration_report_filter(plan, outcomes=None, report_path=None, rollback_path=None):
    """The report, every string unsafe: reasons and messages quote data from the account."""
    return wrap_var(migration_report(plan, outcomes, report_path=report_path, rollback_path=rollback_path))


class FilterModule:
    """The twilio.flex migration_report filter."""

    def filters(self):
        return {"migration_report": migration_report_filter}
