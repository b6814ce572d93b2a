#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: taskrouter
short_description: Manage the routing of a Flex contact center, one TaskRouter workspace in one task
version_added: 1.0.0
description:
  - Reconciles one existing TaskRouter workspace with a declaration in one task, the way a plan and apply work for
    infrastructure as code. The workspace's settings, its activities, task channels, task queues and workflows are declared
    together, and refer to each other by name.
  - Reads the workspace (one request) and every item of each kind with one listing (one request per 1000 items), plans every
    entry, then sends at most one write per item, carrying only the changed fields. A run that changes nothing sends exactly
    five requests for a workspace of up to 1000 items of each kind.
  - Creates and updates are sent in the order activities, task channels, task queues, workflows, then the workspace's
    settings, so that an item exists before anything refers to it. Deletes are sent after them, in the reverse order.
  - With O(prune), deletes the items of the kinds listed that no entry declares. Entries with C(ignore=true) declare items
    that are not managed, so they are never compared and never pruned.
  - Every option is validated before any request, and every problem is reported at once, naming the entry by its kind,
    index and identity.
  - A failed entry does not stop the others. The task then fails with a message naming each failed entry and what was
    written, and still returns C(changed), RV(summary), RV(workspace) and the items of each kind. An HTTP 401 or 403 stops the
    run at once, since every other write would fail the same way.
  - No delete is sent, pruned or declared absent, when any entry is in error (a bad reference, a change of a field that can
    only be set on create, a name that several items share) or any create or update failed, since an entry that did not take
    effect may be the one that keeps an item from the prune.
  - Workers are not managed by this module; in most Flex accounts single sign-on provisions them.
extends_documentation_fragment:
  - twilio.flex.connection
  - twilio.flex.connection.taskrouter
  - twilio.flex.attributes
attributes:
  check_mode:
    support: full
    details:
      - Check mode reads the workspace and reports the plan (C(changed), RV(summary), the items and the diff) exactly as a real
        run would report what it did, and sends no write, only the five reads. A reference to an item that the run would
        create is shown by its name.
  diff_mode:
    support: full
    details:
      - The diff holds, for each kind, every item with an action, its fields before and after keyed by its identity (a name that
        several items share is followed by the SID), and the workspace's settings under C(settings) when they change.
options:
  workspace:
    description:
      - The workspace to manage, which must exist. Its SID (C(WS) followed by 32 hexadecimal digits), read with one request, or
        its exact friendly name, which must name exactly one workspace of the account.
    type: str
    required: true
  settings:
    description:
      - The workspace's own settings. Only the keys given are compared and sent.
    type: dict
    suboptions:
      default_activity:
        description:
          - The activity of a new worker, by its friendly name or its SID (C(WA) followed by 32 hexadecimal digits).
        type: str
      timeout_activity:
        description:
          - The activity a worker moves to when it does not answer a reservation, by its friendly name or its SID.
        type: str
      event_callback_url:
        description:
          - The absolute C(http://) or C(https://) URL that TaskRouter sends the workspace's events to. An empty string clears it.
        type: str
      events_filter:
        description:
          - The event types sent to O(settings.event_callback_url), such as V(task.created).
          - Compared as a set, so their order does not matter. The API holds them as one comma-separated text.
          - An empty list clears them.
        type: list
        elements: str
      multi_task_enabled:
        description:
          - Whether a worker may take several tasks at once.
        type: bool
      prioritize_queue_order:
        description:
          - Which tasks of equal priority go first across queues.
        type: str
        choices: [FIFO, LIFO]
  activities:
    description:
      - The declared activities, identified by O(activities[].sid) when given, else by O(activities[].friendly_name), matched
        exactly. Two activities of the workspace with the entry's name make that entry an error, and neither is ever pruned.
    type: list
    elements: dict
    suboptions:
      sid:
        description:
          - The SID of the activity, C(WA) followed by 32 hexadecimal digits. Then O(activities[].friendly_name) is a value to
            set. With O(activities[].state=present) the activity must exist, since a SID cannot be created again.
        type: str
      friendly_name:
        description:
          - The name of the activity; without O(activities[].sid), its identity. Needed to create one.
        type: str
      available:
        description:
          - Whether workers in this activity can take tasks. Can only be set when the activity is created.
        type: bool
      state:
        description:
          - V(present) creates the activity if needed and sets the options given; V(absent) deletes it if it exists.
          - The workspace's current default or timeout activity is never deleted unless the same task sets
            O(settings.default_activity) (or O(settings.timeout_activity)) to another activity; otherwise the entry fails
            before any write.
        type: str
        choices: [present, absent]
        default: present
      ignore:
        description:
          - Declares an activity that this task does not manage. It is never compared, changed or pruned, and takes only its
            identity.
        type: bool
        default: false
  task_channels:
    description:
      - The declared task channels, identified by O(task_channels[].sid) when given, else by O(task_channels[].unique_name).
      - Flex's own channels (V(default), V(voice), V(chat), V(sms), V(video), V(email)) are never pruned; deleting one takes an
        entry with O(task_channels[].state=absent).
    type: list
    elements: dict
    suboptions:
      sid:
        description:
          - The SID of the task channel, C(TC) followed by 32 hexadecimal digits.
        type: str
      unique_name:
        description:
          - The unique name of the task channel, such as V(voice); without O(task_channels[].sid), its identity. Needed to
            create one. Can only be set when the channel is created.
        type: str
      friendly_name:
        description:
          - The display name of the task channel. Needed to create one.
        type: str
      channel_optimized_routing:
        description:
          - Whether TaskRouter routes the channel's tasks with channel-optimized routing.
        type: bool
      state:
        description:
          - V(present) creates the task channel if needed and sets the options given; V(absent) deletes it if it exists.
        type: str
        choices: [present, absent]
        default: present
      ignore:
        description:
          - Declares a task channel that this task does not manage. It is never compared, changed or pruned, and takes only its
            identity.
        type: bool
        default: false
  task_queues:
    description:
      - The declared task queues, identified by O(task_queues[].sid) when given, else by O(task_queues[].friendly_name),
        matched exactly.
      - Every update of a task queue carries its target workers expression (the declared one, else the one the queue has), since
        what an update without it does is not documented.
    type: list
    elements: dict
    suboptions:
      sid:
        description:
          - The SID of the task queue, C(WQ) followed by 32 hexadecimal digits.
        type: str
      friendly_name:
        description:
          - The name of the task queue; without O(task_queues[].sid), its identity. Needed to create one.
        type: str
      target_workers:
        description:
          - The expression that selects the queue's workers, such as V(routing.skills HAS "support").
        type: str
      max_reserved_workers:
        description:
          - How many workers may be reserved for one task at once, from 1 to 50.
        type: int
      task_order:
        description:
          - Whether the queue hands out its oldest or its newest task first.
        type: str
        choices: [FIFO, LIFO]
      reservation_activity:
        description:
          - The activity a worker moves to when reserved, by its friendly name or its SID.
        type: str
      assignment_activity:
        description:
          - The activity a worker moves to when it accepts a task, by its friendly name or its SID.
        type: str
      state:
        description:
          - V(present) creates the task queue if needed and sets the options given; V(absent) deletes it if it exists.
        type: str
        choices: [present, absent]
        default: present
      ignore:
        description:
          - Declares a task queue that this task does not manage. It is never compared, changed or pruned, and takes only its
            identity.
        type: bool
        default: false
  workflows:
    description:
      - The declared workflows, identified by O(workflows[].sid) when given, else by O(workflows[].friendly_name), matched
        exactly.
    type: list
    elements: dict
    suboptions:
      sid:
        description:
          - The SID of the workflow, C(WW) followed by 32 hexadecimal digits.
        type: str
      friendly_name:
        description:
          - The name of the workflow; without O(workflows[].sid), its identity. Needed to create one.
        type: str
      task_reservation_timeout:
        description:
          - How many seconds a worker has to accept a reservation, from 1 to 86400.
        type: int
      assignment_callback_url:
        description:
          - The absolute C(http://) or C(https://) URL TaskRouter calls when a task is reserved. An empty string clears it.
        type: str
      fallback_assignment_callback_url:
        description:
          - The URL TaskRouter calls when O(workflows[].assignment_callback_url) fails. An empty string clears it.
        type: str
      configuration:
        description:
          - The workflow's routing, as a dictionary or its JSON text. Needed to create a workflow.
          - In C(task_routing.filters[].targets[].queue) and C(task_routing.default_filter.queue), a queue is named by its
            friendly name or its SID (C(WQ) followed by 32 hexadecimal digits); the API receives SIDs. Names or SIDs inside
            expression strings are left as written.
          - Compared as one value, as parsed JSON after resolving the queues, so whitespace and the order of object keys never
            make a change, while the order of filters and targets does (the first match wins).
        type: raw
      state:
        description:
          - V(present) creates the workflow if needed and sets the options given; V(absent) deletes it if it exists.
        type: str
        choices: [present, absent]
        default: present
      ignore:
        description:
          - Declares a workflow that this task does not manage. It is never compared, changed or pruned, and takes only its
            identity.
        type: bool
        default: false
  prune:
    description:
      - The kinds whose items that no entry declares are deleted. By default none is.
      - Refused for a kind with no entry with C(state=present) or C(ignore=true), so an empty or mistaken declaration never
        empties a workspace.
      - Nothing is pruned when any entry is in error or any create or update failed, and the deletes are held to
        O(max_deletes) or, without it, to the default threshold described there.
    type: list
    elements: str
    choices: [activities, task_channels, task_queues, workflows]
    default: []
  max_deletes:
    description:
      - When the plan holds more deletes than this, across all kinds (declared absent and pruned together), the task fails
        before any write, listing them.
      - Without it, a default threshold applies to each kind. When the workspace has at least 10 items of a kind, a plan that
        deletes more than 30 % of them fails before any write, listing the deletes and the O(max_deletes) that would allow them.
      - An explicit value replaces the threshold, V(0) forbidding every delete.
    type: int
notes:
  - References (O(settings.default_activity), O(settings.timeout_activity), O(task_queues[].reservation_activity),
    O(task_queues[].assignment_activity) and the queues of a workflow's O(workflows[].configuration)) take a friendly name or a
    SID. A name is resolved against the declaration and the workspace, the API receives the SID, and the results and the diff
    show names (a SID where a name is shared by several items, or is itself shaped like a SID of its kind). A value shaped like
    a SID is read as one; a reference that names no item, several items (a value that is one item's SID and another's name
    among them), or an item this run deletes fails its entry before any write. A reference to an item that the same run creates takes the SID its create
    answered; if that create fails, the entry fails without a write, naming the reference.
  - A delete of an item that an item the run keeps still names (an activity a task queue names, a task queue a workflow
    routes to, the workspace's default or timeout activity) fails before any write. The same task must point the reference
    at another item, or delete the item that names it too; the deletes then run workflows first and activities last.
  - A workflow's configuration is compared exactly as declared. Nothing documents that Twilio adds keys to a stored
    configuration, so none are assumed. A stored configuration that is not valid JSON is reported as drift, with a warning,
    and an update replaces it.
  - O(activities[].available) and O(task_channels[].unique_name) can only be set when the item is created. An entry that would
    change one fails before any write, saying the item must be deleted and created again. The module never recreates an item,
    since a new SID would break every reference to it.
  - No option has a default. An option left out of an entry is neither compared nor sent, and an empty string is the same as
    an option left out.
  - Every create first looks the item up by its identity once more (one GET) just before it is sent, and a create whose answer
    is lost is never sent again. The item is looked up instead, and adopted if it is there.
  - A task channel is looked up by its unique name in one listing of the workspace's task channels, since the listing has no
    filter for it.
seealso:
  - module: twilio.flex.flex_flows
  - ref: ansible_collections.twilio.flex.docsite.guide_declarative
    description: The declarative workflow, from export to apply with prune.
"""

EXAMPLES = r"""
- name: The routing of the contact center as declared
  twilio.flex.taskrouter:
    workspace: Flex Task Assignment
    settings:
      default_activity: Offline
      timeout_activity: Offline
      event_callback_url: https://example.com/taskrouter-events
      events_filter: [task.created, task.canceled]
      multi_task_enabled: true
      prioritize_queue_order: FIFO
    activities:
      - friendly_name: Wrap Up
        available: false
      - friendly_name: On a Task
        available: false
      - friendly_name: Lunch
        state: absent
    task_channels:
      - unique_name: voice
        friendly_name: Voice
        channel_optimized_routing: false
    task_queues:
      - friendly_name: Support
        target_workers: routing.skills HAS "support"
        max_reserved_workers: 1
        task_order: FIFO
        reservation_activity: Wrap Up
        assignment_activity: On a Task
    workflows:
      - friendly_name: Assign to Support
        task_reservation_timeout: 120
        configuration:
          task_routing:
            filters:
              - filter_friendly_name: Support
                expression: type == "support"
                targets: [{queue: Support}]
            default_filter: {queue: Everyone}
    prune: [workflows, task_queues]
    max_deletes: 3

- name: Plan only (a drift audit of the workspace), showing what a prune of every kind would delete
  twilio.flex.taskrouter:
    workspace: WS0123456789abcdef0123456789abcdef
    activities: "{{ desired.activities }}"
    task_channels: "{{ desired.task_channels }}"
    task_queues: "{{ desired.task_queues }}"
    workflows: "{{ desired.workflows }}"
    prune: [activities, task_channels, task_queues, workflows]
  check_mode: true
  diff: true
  register: plan
"""

RETURN = r"""
summary:
  description:
    - Counts over the declaration and the workspace, keyed by kind (C(activities), C(task_channels), C(task_queues),
      C(workflows)). The statuses are what was found before writing; the actions are what the run did, or in check mode would
      do.
  returned: always
  type: dict
  sample:
    activities: {declared: 3, live: 5, in_sync: 1, drifted: 1, missing: 1, undeclared: 3, ignored: 0, errors: 0, created: 1, updated: 0, deleted: 1}
    task_channels: {declared: 1, live: 6, in_sync: 1, drifted: 0, missing: 0, undeclared: 5, ignored: 0, errors: 0, created: 0, updated: 0, deleted: 0}
    task_queues: {declared: 1, live: 1, in_sync: 0, drifted: 0, missing: 1, undeclared: 1, ignored: 0, errors: 0, created: 1, updated: 0, deleted: 0}
    workflows: {declared: 1, live: 1, in_sync: 0, drifted: 0, missing: 1, undeclared: 1, ignored: 0, errors: 0, created: 1, updated: 0, deleted: 0}
workspace:
  description:
    - The workspace and the comparison of its settings.
    - V(null) when the run stopped before its plan, for a bad option or a failed read (of the workspace or of one of its
      listings).
  returned: always
  type: dict
  contains:
    sid:
      description: The SID of the workspace.
      type: str
      returned: always
    friendly_name:
      description: The name of the workspace.
      type: str
      returned: always
    status:
      description: Whether the settings given match the workspace's.
      type: str
      returned: always
      choices: [in_sync, drifted]
    action:
      description: The update of the settings, done or, in check mode, planned.
      type: str
      returned: always
      choices: [none, update]
    changed_fields:
      description: The settings that differ, named as the options of O(settings).
      type: list
      elements: str
      returned: always
    before:
      description: The settings given, as the workspace had them (activities by name).
      type: dict
      returned: always
    after:
      description: The settings as declared (activities by name).
      type: dict
      returned: always
    error:
      description:
        - Why the settings could not be compared or updated (a reference that names no activity, a refused update), or
          V(null). The run's C(msg) says it too.
        - The keys of the errors of RV(activities) (C(message), C(kind), C(status), C(code), C(more_info)).
      type: dict
      returned: always
  sample:
    sid: WS0123456789abcdef0123456789abcdef
    friendly_name: Flex Task Assignment
    status: drifted
    action: update
    changed_fields: [default_activity]
    before: {default_activity: Available}
    after: {default_activity: Offline}
    error: null
activities:
  description:
    - One item per entry of O(activities), in the order declared, then one per activity of the workspace that no entry
      declares. RV(task_channels), RV(task_queues) and RV(workflows) have the same shape, a task channel identified by
      C(unique_name) instead of C(friendly_name).
  returned: always
  type: list
  elements: dict
  contains:
    index:
      description: The index of the entry; V(null) for an undeclared item.
      type: int
      returned: always
    sid:
      description: The SID of the item; V(null) for one not created yet.
      type: str
      returned: always
    friendly_name:
      description: The name of the item (for a task channel, C(unique_name) in its place).
      type: str
      returned: always
    status:
      description: What was found before writing.
      type: str
      returned: always
      choices: [in_sync, drifted, missing, undeclared, ignored, error]
    action:
      description: The write for this item, done or, in check mode, planned.
      type: str
      returned: always
      choices: [none, create, update, delete]
    changed_fields:
      description: The option paths that differ (a workflow's whole C(configuration) is one); V([state]) for a delete.
      type: list
      elements: str
      returned: always
    before:
      description: The compared fields before the run, references by name (for a delete or an undeclared item, all of them).
      type: dict
      returned: always
    after:
      description: The compared fields as declared, references by name.
      type: dict
      returned: always
    error:
      description: Why this entry failed, or V(null); the keys of the items of M(twilio.flex.flex_flows).
      type: dict
      returned: always
  sample:
    - index: 0
      sid: WA0123456789abcdef0123456789abcdef
      friendly_name: Wrap Up
      status: in_sync
      action: none
      changed_fields: []
      before: {available: false}
      after: {available: false}
      error: null
task_channels:
  description: One item per entry of O(task_channels), then one per undeclared task channel, as RV(activities).
  returned: always
  type: list
  elements: dict
task_queues:
  description: One item per entry of O(task_queues), then one per undeclared task queue, as RV(activities).
  returned: always
  type: list
  elements: dict
workflows:
  description: One item per entry of O(workflows), then one per undeclared workflow, as RV(activities).
  returned: always
  type: list
  elements: dict
diff:
  description:
    - The C(before) and C(after) of every item with an action, keyed by kind, then by identity (a name shared by several items
      followed by its SID), in the shape of an entry; the workspace's settings under C(settings) when they change.
  returned: in diff mode
  type: dict
status:
  description: The HTTP status of the request that failed the whole run (a read, or a 401 or 403).
  returned: when a request failed the whole run
  type: int
  sample: 401
code:
  description: Twilio's error code of that request.
  returned: when a request failed the whole run and Twilio gave one
  type: int
  sample: 20003
more_info:
  description: The link to Twilio's description of that error.
  returned: when a request failed the whole run and Twilio gave one
  type: str
  sample: https://www.twilio.com/docs/errors/20003
"""

from ansible_collections.twilio.flex.plugins.module_utils._runner import run_container
from ansible_collections.twilio.flex.plugins.module_utils._taskrouter import TASKROUTER_WORKSPACE


def main():
    run_container(TASKROUTER_WORKSPACE)


if __name__ == "__main__":
    main()
