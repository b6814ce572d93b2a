#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: taskrouter_info
short_description: Read the routing of a Flex contact center, or list the account's TaskRouter workspaces
version_added: 1.0.0
description:
  - Without O(workspace), returns every TaskRouter workspace of the account in RV(workspaces), reading every page of the list.
  - With O(workspace), returns that workspace's settings and every activity, task channel, task queue and workflow it holds in
    RV(taskrouter), with one request for the workspace and one listing of each kind (one request per 1000 items).
  - With O(output=declaration), RV(taskrouter) holds exactly the options of M(twilio.flex.taskrouter), so that a workspace
    can be exported as a declaration and managed as it is.
extends_documentation_fragment:
  - twilio.flex.connection
  - twilio.flex.connection.taskrouter
  - twilio.flex.attributes
  - twilio.flex.attributes.info_module
options:
  workspace:
    description:
      - The workspace to read, by its SID (C(WS) followed by 32 hexadecimal digits) or its exact friendly name, which must name
        exactly one workspace of the account. When several workspaces have the name, the task fails naming their SIDs.
      - Without it, the module lists the workspaces of the account in RV(workspaces).
    type: str
  output:
    description:
      - The shape of RV(taskrouter).
      - V(api) returns the workspace and the items of each kind as the API does.
      - V(declaration) returns the options of M(twilio.flex.taskrouter) (O(twilio.flex.taskrouter#module:workspace),
        O(twilio.flex.taskrouter#module:settings), O(twilio.flex.taskrouter#module:activities),
        O(twilio.flex.taskrouter#module:task_channels), O(twilio.flex.taskrouter#module:task_queues),
        O(twilio.flex.taskrouter#module:workflows)). Server-managed keys (C(sid), C(url), C(account_sid), the dates) and unset
        values are left out, keys follow the order of that module's options, and entries are sorted by identity (a task
        channel by its unique name, any other item by its friendly name, then its SID).
      - References are names there, an activity in the settings and the task queues, a queue in a workflow's
        C(configuration) (a dictionary, parsed from the API's JSON text), and C(events_filter) is a list. Where a name is shared
        by several items or is shaped like a SID of its kind, or a reference names no item of the workspace, the SID is kept,
        with a warning; an item whose name is shared keeps its C(sid), which then identifies it.
      - The workspace is named by its friendly name, or by its SID when that name is not unique in the account or is shaped
        like a workspace SID (a workspace given by SID costs one more request, to find out).
      - Does not change RV(workspaces).
    type: str
    choices: [api, declaration]
    default: api
  mask_url_passwords:
    description:
      - Whether the password of a URL in the result (a callback URL with C(user:password@)) is replaced by C(********), as it
        is in every other result of the collection.
      - Set it to V(false) only where the exact values are needed, such as to write them to a file, and then set C(no_log) on
        the task, since its result holds the passwords. Messages and warnings are masked either way.
    type: bool
    default: true
notes:
  - Fed back to M(twilio.flex.taskrouter) as it is, the declaration plans no change, even with every kind in
    O(twilio.flex.taskrouter#module:prune). There are two exceptions. A reference to an item the workspace does not have
    is kept as a SID, with a warning; its entry fails until the reference names an item of the workspace. And a URL
    password masked by O(mask_url_passwords) is refused, so that a masked declaration is never applied by mistake; export
    with O(mask_url_passwords=false) and C(no_log), or with the C(twilio.flex.export) playbook, which writes the exact
    values to a file.
  - A workflow C(configuration) that is not valid JSON is left out of its entry, with a warning, so that the declaration is
    still taken as it is; declare one to replace it.
seealso:
  - module: twilio.flex.taskrouter
  - module: twilio.flex.flex_flows_export
"""

EXAMPLES = r"""
- name: The TaskRouter workspaces of the account
  twilio.flex.taskrouter_info:
  register: taskrouter_workspaces

- name: The Flex workspace as the API answers it
  twilio.flex.taskrouter_info:
    workspace: Flex Task Assignment
  register: flex_workspace

- name: Names of the task queues
  ansible.builtin.debug:
    msg: "{{ flex_workspace.taskrouter.task_queues | map(attribute='friendly_name') | list }}"

- name: The Flex workspace as a declaration, exact values included
  twilio.flex.taskrouter_info:
    workspace: Flex Task Assignment
    output: declaration
    mask_url_passwords: false
  register: exported
  no_log: true

- name: Apply it back with every kind pruned, which changes nothing
  twilio.flex.taskrouter:
    workspace: "{{ exported.taskrouter.workspace }}"
    settings: "{{ exported.taskrouter.settings }}"
    activities: "{{ exported.taskrouter.activities }}"
    task_channels: "{{ exported.taskrouter.task_channels }}"
    task_queues: "{{ exported.taskrouter.task_queues }}"
    workflows: "{{ exported.taskrouter.workflows }}"
    prune: [activities, task_channels, task_queues, workflows]
  check_mode: true

# Not ansible.builtin.copy with to_nice_yaml: names come from the account, and a name holding "{{" would be evaluated when
# the file is loaded. twilio.flex.flex_flows_export tags such strings !unsafe and keeps the file private.
- name: Write the workspace to a file as desired_taskrouter
  twilio.flex.flex_flows_export:
    path: desired_taskrouter.yml
    kinds: [taskrouter]
"""

RETURN = r"""
workspaces:
  description: The TaskRouter workspaces of the account, in the API's shape, in the order Twilio lists them.
  returned: when O(workspace) is not given
  type: list
  elements: dict
  sample:
    - sid: WS0123456789abcdef0123456789abcdef
      friendly_name: Flex Task Assignment
      account_sid: AC0123456789abcdef0123456789abcdef
      default_activity_sid: WA0123456789abcdef0123456789abcdef
      default_activity_name: Offline
      timeout_activity_sid: WA0123456789abcdef0123456789abcdef
      timeout_activity_name: Offline
      event_callback_url: null
      events_filter: null
      multi_task_enabled: true
      prioritize_queue_order: FIFO
      date_created: "2026-01-05T10:00:00Z"
      date_updated: "2026-01-05T10:00:00Z"
taskrouter:
  description:
    - The workspace and its items. With O(output=api), C(workspace) is the workspace and C(activities), C(task_channels),
      C(task_queues) and C(workflows) its items, each as the API answers them.
    - With O(output=declaration), the options of M(twilio.flex.taskrouter).
  returned: when O(workspace) is given
  type: dict
  contains:
    workspace:
      description: With O(output=api), the workspace as the API answers it; with O(output=declaration), its name (or its SID).
      type: raw
      returned: always
    settings:
      description: The workspace's settings, as O(twilio.flex.taskrouter#module:settings) takes them.
      type: dict
      returned: with O(output=declaration) when the workspace has any
    activities:
      description: The activities of the workspace.
      type: list
      elements: dict
      returned: always
    task_channels:
      description: The task channels of the workspace.
      type: list
      elements: dict
      returned: always
    task_queues:
      description: The task queues of the workspace.
      type: list
      elements: dict
      returned: always
    workflows:
      description: The workflows of the workspace.
      type: list
      elements: dict
      returned: always
  sample:
    workspace: Flex Task Assignment
    settings:
      default_activity: Offline
      timeout_activity: Offline
      multi_task_enabled: true
      prioritize_queue_order: FIFO
    activities:
      - {friendly_name: Available, available: true}
      - {friendly_name: Break, available: false}
      - {friendly_name: Offline, available: false}
      - {friendly_name: Unavailable, available: false}
    task_channels:
      - {unique_name: chat, friendly_name: Programmable Chat, channel_optimized_routing: false}
      - {unique_name: default, friendly_name: Default, channel_optimized_routing: false}
    task_queues:
      - {friendly_name: Everyone, target_workers: "1==1", max_reserved_workers: 1, task_order: FIFO}
    workflows:
      - friendly_name: Assign to Anyone
        task_reservation_timeout: 120
        configuration:
          task_routing:
            filters:
              - {filter_friendly_name: Everyone, expression: "1==1", targets: [{queue: Everyone}]}
            default_filter: {queue: Everyone}
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

from ansible_collections.twilio.flex.plugins.module_utils._container_listing import run_container_listing
from ansible_collections.twilio.flex.plugins.module_utils._taskrouter import TASKROUTER_WORKSPACE


def main():
    run_container_listing(TASKROUTER_WORKSPACE, "workspaces", "taskrouter")


if __name__ == "__main__":
    main()
