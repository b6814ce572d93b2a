#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: flex_flows_export
short_description: Write the Flex Flows, Conversations addresses and TaskRouter workspace of the account to a declaration file that stays inert when loaded
version_added: 1.0.0
description:
  - Reads every Flex Flow of the account with M(twilio.flex.flex_flow_info) (O(twilio.flex.flex_flow_info#module:output=declaration))
    and writes them to a YAML variables file on the controller, under the top key C(desired_flows), which
    M(twilio.flex.flex_flows) and the C(twilio.flex.drift_audit) playbook take as it is.
  - With C(addresses) in O(kinds), also reads every Conversations Address Configuration with
    M(twilio.flex.conversations_address_info) and writes them under the top key C(desired_addresses), sorted by address,
    as entries that M(twilio.flex.conversations_addresses) and the drift audit take as they are.
  - With C(taskrouter) in O(kinds), also reads a TaskRouter workspace with M(twilio.flex.taskrouter_info)
    (O(twilio.flex.taskrouter_info#module:output=declaration)) and writes it under the top key C(desired_taskrouter), a
    dictionary of the options of M(twilio.flex.taskrouter) (C(workspace), C(settings), C(activities), C(task_channels),
    C(task_queues), C(workflows)), references by name, which that module and the drift audit take as it is.
  - Flow names and other strings come from the account, where anyone with Console access can set them. A string that holds
    a Jinja delimiter (C({{), C({%) or C({#)) is written with YAML's C(!unsafe) tag, so that loading the file with C(-e @file),
    C(vars_files) or M(ansible.builtin.include_vars) never evaluates it, and every string loads back exactly as it was.
  - The file holds exact values, webhook passwords included, and is written with mode C(0600). The values go from the module
    straight into the file and never into the task's result, so no task needs C(no_log) and C(--diff) or C(-v) shows nothing
    of them.
  - This action runs on the controller, where it writes the file; the flows are read by a M(twilio.flex.flex_flow_info)
    module process, the addresses by a M(twilio.flex.conversations_address_info) module process and the workspace by a
    M(twilio.flex.taskrouter_info) module process, with the task's connection options. The file is written only when every
    kind was read.
extends_documentation_fragment:
  - twilio.flex.connection
  - twilio.flex.connection.flex
  - twilio.flex.attributes
  - twilio.flex.attributes.controller
attributes:
  check_mode:
    support: full
    details:
      - In check mode the account is read and the file is not written; C(changed) says whether it would be.
  diff_mode:
    support: none
    details:
      - The file holds exact values, which a diff would show.
options:
  path:
    description:
      - The file to write, on the controller.
      - A relative path is taken from the directory C(ansible-playbook) was started in, whatever the playbook's location;
        C(~) and environment variables are expanded.
    type: path
    required: true
  force:
    description:
      - Whether to replace an existing file. When V(false), a task whose file exists fails before reading the account.
    type: bool
    default: false
  kinds:
    description:
      - What the file declares, each kind under its own top key, C(desired_flows) for V(flows), C(desired_addresses) for
        V(addresses) and C(desired_taskrouter) for V(taskrouter).
      - The file lists the kinds in that order, whatever the order given.
    type: list
    elements: str
    choices: [flows, addresses, taskrouter]
    default: [flows]
  conversations_base_url:
    description:
      - The scheme, host and optional port of the Conversations API, which the addresses are read from, for a proxy or an
        emulator. O(base_url) is the host of the Flex API only.
      - When left out, the addresses are read from the host that C(TWILIO_CONVERSATIONS_BASE_URL) names, else from Twilio's
        Conversations host for the O(region) and O(edge) given.
    type: str
  taskrouter_base_url:
    description:
      - The scheme, host and optional port of the TaskRouter API, which the workspace is read from, for a proxy or an
        emulator. O(base_url) is the host of the Flex API only.
      - When left out, the workspace is read from the host that C(TWILIO_TASKROUTER_BASE_URL) names, else from Twilio's
        TaskRouter host for the O(region) and O(edge) given.
    type: str
  taskrouter_workspace:
    description:
      - The workspace to export with V(taskrouter) in O(kinds), by its SID or its exact friendly name.
      - When left out, the account's only workspace (a Flex account has one, C(Flex Task Assignment)); an account with
        several or none fails, naming them, before the file is written.
    type: str
  comment:
    description:
      - The comment at the top of the file, one line of the file for each line of the text.
      - When left out, a comment says where the file comes from, how to use it, and that it must stay private.
    type: str
notes:
  - The file is written to a temporary file beside O(path) that then replaces it, so a reader never sees a part of it. A file
    that already holds the same declaration is left alone, except that its mode is set to C(0600).
seealso:
  - module: twilio.flex.flex_flow_info
  - module: twilio.flex.flex_flows
  - module: twilio.flex.conversations_address_info
  - module: twilio.flex.conversations_addresses
  - module: twilio.flex.taskrouter_info
  - module: twilio.flex.taskrouter
  - ref: ansible_collections.twilio.flex.docsite.guide_declarative
    description: Export the account, commit it, audit it on a schedule, and apply it with prune.
"""

EXAMPLES = r"""
- name: Export the account as a declaration in the directory ansible-playbook was started in
  twilio.flex.flex_flows_export:
    path: desired_flows.yml

- name: Replace an earlier export
  twilio.flex.flex_flows_export:
    path: ~/flex/desired_flows.yml
    force: true
  register: export

- name: Export the flows and the addresses as one declaration
  twilio.flex.flex_flows_export:
    path: flex_account.yml
    kinds: [flows, addresses]
    conversations_base_url: "{{ lookup('ansible.builtin.env', 'TWILIO_CONVERSATIONS_BASE_URL') | default(omit, true) }}"

- name: Export the flows, the addresses and the TaskRouter workspace as one declaration
  twilio.flex.flex_flows_export:
    path: flex_account.yml
    kinds: [flows, addresses, taskrouter]
    taskrouter_workspace: Flex Task Assignment

- name: Say where it went
  ansible.builtin.debug:
    msg: "{{ export.exported }} flows written to {{ export.path }}"
"""

RETURN = r"""
path:
  description: The absolute path of the file (in check mode, of the file that would be written).
  returned: always
  type: str
  sample: /home/ops/flex/desired_flows.yml
exported:
  description: The number of entries written, of every kind (in check mode, that would be written).
  returned: success
  type: int
  sample: 5
exported_kinds:
  description:
    - The number of entries written of each kind in O(kinds); for V(taskrouter), the entries of its activities, task
      channels, task queues and workflows together.
  returned: success
  type: dict
  sample: {flows: 3, addresses: 2, taskrouter: 19}
status:
  description: The HTTP status of the failed request.
  returned: on an API error
  type: int
  sample: 401
code:
  description: Twilio's error code of the failed request.
  returned: on an API error that carries one
  type: int
  sample: 20003
more_info:
  description: The link to Twilio's description of the error.
  returned: on an API error that carries one
  type: str
  sample: https://www.twilio.com/docs/errors/20003
"""
