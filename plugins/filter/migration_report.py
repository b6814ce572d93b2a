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
  - Takes a plan from P(twilio.flex.migration_plan#filter) and the outcome of applying it, and returns the report of the
    C(twilio.flex.migrate_flows) playbook. Migrated flows become V(migrated), the one that failed V(failed) with the reason,
    and, after a stop, the planned flows not attempted V(skipped).
author:
  - twilio.flex maintainers (@twilio-flex-ansible)
options:
  _input:
    description: The plan.
    type: dict
    required: true
  migrated:
    description: The SIDs of the flows migrated.
    type: list
    elements: str
    default: []
  failed_sid:
    description: The SID of the flow whose migration failed.
    type: str
  failure:
    description: Why it failed.
    type: str
  stopped:
    description: Whether the migration stopped before the end of the plan.
    type: bool
    default: false
seealso:
  - plugin: twilio.flex.migration_plan
    plugin_type: filter
"""

EXAMPLES = r"""
- name: The report after migrating one flow
  ansible.builtin.debug:
    msg: "{{ plan | twilio.flex.migration_report(migrated=['FO0123456789abcdef0123456789abcdef']) }}"
"""

RETURN = r"""
_value:
  description: The report, with C(summary), C(flows) and C(unmatched_names) as in the plan, and each flow's C(result) updated.
  type: dict
"""

from ansible_collections.twilio.flex.plugins.plugin_utils._migration import migration_report


class FilterModule:
    """The twilio.flex migration_report filter."""

    def filters(self):
        return {"migration_report": migration_report}
