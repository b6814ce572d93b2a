#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: flow_migration_report
short_description: Build and write the report of a migration of Flex Flows
version_added: 1.0.0
description:
  - Takes the plan of P(twilio.flex.migration_plan#filter) and the results of M(twilio.flex.flow_migration) and returns the
    report of the C(twilio.flex.migrate_flows) playbook (what P(twilio.flex.migration_report#filter) returns), the lines to
    show on the console, and writes the report as a JSON file.
  - Passwords in URLs are masked in the report, its lines and the file.
  - This module runs on the controller, where it writes the file. It starts no module process and sends no request.
extends_documentation_fragment:
  - twilio.flex.attributes.controller
attributes:
  check_mode:
    support: full
    details:
      - In check mode the report is built and returned, and the file is not written; C(changed) says whether it would be.
  diff_mode:
    support: none
options:
  plan:
    description: The plan, as P(twilio.flex.migration_plan#filter) returns it.
    type: dict
    required: true
  outcomes:
    description:
      - The registered results of M(twilio.flex.flow_migration), in the order the flows were migrated (the C(results) of its
        loop). A flow that is not among them keeps its planned result, or, after a failure, is V(skipped) as not attempted.
    type: list
    elements: dict
    default: []
  path:
    description:
      - The file to write the report to, on the controller, as indented JSON with sorted keys. A relative path is taken from the
        directory C(ansible-playbook) was started in. A new file gets the permissions the umask allows.
      - The report is written to a temporary file beside it, which then replaces it. A file that already holds this report is
        left alone. When left out, no file is written.
    type: path
  rollback_path:
    description:
      - The rollback file of the migration, named in the report (as an absolute path) when a flow was recorded in it.
    type: path
  applied:
    description:
      - Whether the run was to migrate the flows of the plan (not only plan them).
      - When V(true) and every flow of the report was skipped, a warning says that nothing was migrated and gives each
        flow's reason.
    type: bool
    default: false
seealso:
  - module: twilio.flex.flow_migration
  - plugin: twilio.flex.migration_report
    plugin_type: filter
    description: The same report, as a filter.
"""

EXAMPLES = r"""
- name: Build the report of the migration and write it
  twilio.flex.flow_migration_report:
    plan: "{{ plan }}"
    outcomes: "{{ migrated.results }}"
    path: flex-migration-report.json
    rollback_path: flex-migration-rollback.yml
  check_mode: false
  register: migration

- name: Show it
  ansible.builtin.debug:
    msg: "{{ migration.lines }}"
"""

RETURN = r"""
report:
  description: The report, as P(twilio.flex.migration_report#filter) returns it.
  returned: success
  type: dict
  contains:
    summary:
      description: The number of C(flows), the C(blocking) ones, those whose C(address_exists), and the flows per result.
      type: dict
    flows:
      description:
        - The flows of the plan, each with its C(result) (V(planned), V(migrated), V(skipped) or V(failed)) and C(reason); a
          flow that was attempted also has C(stage), C(deleted), C(address_sid), C(verified) and C(restore_command).
      type: list
      elements: dict
    unmatched_names:
      description: The names that matched no flow.
      type: list
      elements: str
    stopped_at:
      description: The SID of the flow whose migration failed, or V(null).
      type: str
    failure:
      description: What happened to that flow and, when it was deleted, the command that restores it; or V(null).
      type: str
    report_path:
      description: The absolute path of the report file, or V(null).
      type: str
    rollback_path:
      description: The absolute path of the rollback file when a flow was recorded in it, else V(null).
      type: str
lines:
  description: The report for the console, one line per flow and per warning.
  returned: success
  type: list
  elements: str
path:
  description: The absolute path of the report file.
  returned: when O(path) is given
  type: str
  sample: /home/ops/flex-migration-report.json
"""
