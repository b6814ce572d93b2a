#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: flex_flows
short_description: Manage all the Twilio Flex Flows of an account in one task
version_added: 1.0.0
description:
  - Reconciles a declared set of Flex Flows with the account in one task, the way a plan and apply work for infrastructure
    as code.
  - Reads every flow of the account with one listing (one request per 1000 flows, whatever the number of entries), plans
    every entry with the same rules as M(twilio.flex.flex_flow), then sends at most one write per flow, carrying only the
    changed fields. Creates and updates are sent before deletes.
  - With O(prune=true), deletes the flows of the account that no entry declares. Entries with O(flows[].ignore=true) declare
    flows that are not managed, so they are never compared and never pruned.
  - Every entry is validated before any request, and every problem is reported at once, naming the entry by its index and
    identity.
  - A failed entry does not stop the others. The task then fails with a message naming each failed entry and what was
    written, and still returns C(changed), RV(summary) and RV(flows). An HTTP 401 or 403 stops the run at once, since every
    other write would fail the same way.
  - No delete is sent, pruned or declared absent, when any entry is in error (for example a SID that matches no flow) or any
    create or update failed, since an entry that did not take effect may be the one that keeps a flow from the prune.
extends_documentation_fragment:
  - twilio.flex.connection
  - twilio.flex.connection.flex
  - twilio.flex.attributes
attributes:
  check_mode:
    support: full
    details:
      - Check mode reads the account and reports the plan (C(changed), RV(summary), RV(flows) and the diff) exactly as a real
        run would report what it did, and sends no write. This makes a check-mode run a drift audit of the whole account.
  diff_mode:
    support: full
    details:
      - The diff holds, for every flow with an action, its fields before and after, keyed by friendly name (followed by the
        flow's SID where several flows of the account share the name).
options:
  flows:
    description:
      - The declared flows. Each entry takes the options of M(twilio.flex.flex_flow), and O(flows[].ignore).
      - An entry is identified by O(flows[].sid) when given, else by O(flows[].friendly_name). With both, the SID identifies
        the flow and the friendly name is a value to set; with O(flows[].state=absent), the friendly name must be that of
        the SID's flow, or the entry fails and nothing is deleted.
      - Two entries must not declare the same flow. Entries that are equal once their values are converted (V(5) and
        V('5') as friendly name, or SIDs that differ only in case) are duplicates.
    type: list
    elements: dict
    required: true
    suboptions:
      sid:
        description:
          - The SID of the Flex Flow, C(FO) followed by 32 hexadecimal digits.
          - The hexadecimal digits are compared without regard to case (Twilio issues them in lower case), so a SID in upper
            case matches its flow; requests carry the SID as the API answered it.
          - With O(flows[].state=present) the flow must exist, since a SID cannot be created again.
        type: str
      friendly_name:
        description:
          - The name of the Flex Flow. Without O(flows[].sid), the flow with exactly this name; it is created when missing.
        type: str
      chat_service_sid:
        description:
          - The SID of the Programmable Chat service, C(IS) followed by 32 hexadecimal digits.
            See O(twilio.flex.flex_flow#module:chat_service_sid).
        type: str
      channel_type:
        description:
          - The channel the flow handles. See O(twilio.flex.flex_flow#module:channel_type).
        type: str
        choices: [web, sms, facebook, whatsapp, line, custom]
      contact_identity:
        description:
          - The channel's contact identity. See O(twilio.flex.flex_flow#module:contact_identity).
        type: str
      enabled:
        description:
          - Whether the flow is enabled.
        type: bool
      integration_type:
        description:
          - How the flow hands messages on. See O(twilio.flex.flex_flow#module:integration_type).
        type: str
        choices: [studio, external, task]
      integration:
        description:
          - The integration's settings. See O(twilio.flex.flex_flow#module:integration).
        type: dict
        suboptions:
          flow_sid:
            description:
              - The SID of the Studio Flow. For O(flows[].integration_type=studio).
            type: str
          url:
            description:
              - The URL of the webhook. For O(flows[].integration_type=external).
            type: str
          workspace_sid:
            description:
              - The SID of the TaskRouter Workspace. For O(flows[].integration_type=task).
            type: str
          workflow_sid:
            description:
              - The SID of the TaskRouter Workflow. For O(flows[].integration_type=task).
            type: str
          channel:
            description:
              - The Task Channel for new Tasks. For O(flows[].integration_type=task).
            type: str
          timeout:
            description:
              - The timeout of a new Task in seconds. For O(flows[].integration_type=task).
            type: int
          priority:
            description:
              - The priority of a new Task. For O(flows[].integration_type=task).
            type: int
          creation_on_message:
            description:
              - For outbound messaging, whether to wait for the customer's first answer before creating the Task.
            type: bool
          retry_count:
            description:
              - How many times Twilio retries the Studio Flow or webhook, from 0 to 3.
            type: int
      long_lived:
        description:
          - Whether Flex keeps the chat channel open for later interactions with the same contact identity.
        type: bool
      janitor_enabled:
        description:
          - Whether the Messaging Channel Janitor removes active Proxy sessions when their Task is deleted outside the Flex UI.
        type: bool
      state:
        description:
          - V(present) creates the flow if needed and sets the options given; V(absent) deletes it if it exists.
        type: str
        choices: [present, absent]
        default: present
      ignore:
        description:
          - Declares a flow that this task does not manage. It is never compared, changed or pruned.
          - An ignored entry takes only its identity (O(flows[].sid), else O(flows[].friendly_name)); any other option is an error.
          - With O(prune=true), an ignored entry that matches no flow fails the run before any write, naming the flows whose
            name differs from it only in case or surrounding spaces, since a misspelt ignore would let the prune delete the
            flow it means to keep.
        type: bool
        default: false
  prune:
    description:
      - Whether to delete the flows of the account that no entry declares.
      - Refused when no entry has O(flows[].state=present) or O(flows[].ignore=true), so an empty or mistaken declaration never
        empties an account.
      - Flows whose friendly name matches several flows (an error for that entry) are never pruned.
      - Nothing is pruned when any entry is in error or any create or update failed, and the deletes are held to
        O(max_deletes) or, without it, to the default threshold described there.
      - A create whose name differs only in case or surrounding spaces from a flow the same run deletes gets a warning naming
        both.
    type: bool
    default: false
  max_deletes:
    description:
      - When the plan holds more deletes than this (declared O(flows[].state=absent) and pruned flows together), the task fails
        before any write, listing them.
      - Without it, a default threshold applies. When the account has at least 10 flows, a plan that deletes more than 30 %
        of them fails before any write, listing the deletes and the O(max_deletes) that would allow them. So a declaration
        that misses most of the account, such as one entry with O(prune=true), never empties it.
      - An explicit value replaces the threshold, V(0) forbidding every delete.
    type: int
notes:
  - No resource option has a default. An option left out of an entry is neither compared nor sent, so values set elsewhere
    are kept.
  - A create whose answer is lost (a timeout, a broken connection or a 5xx error) is never sent again. The flow is looked up
    by its name instead and adopted if it is there; otherwise the entry fails with a message saying a rerun is safe.
  - Every create first looks its name up once more (one GET filtered by the name) just before it is sent. If a flow of that
    name exists by then, for example created by another run of the same declaration, the entry fails and nothing is
    created. Two runs whose lookups both happen before either create is sent can still both create the flow, since Twilio
    has no conditional create; the next run then reports the name as shared. Do not run applies of one declaration
    concurrently.
  - A listing that answers the same SID twice counts it once, with a warning. An item of the listing that is not an object
    or has no SID fails the run before anything is planned.
  - M(twilio.flex.flex_flow_info) with O(twilio.flex.flex_flow_info#module:output=declaration) exports the account as a list
    that this module takes as O(flows) as it is.
seealso:
  - module: twilio.flex.flex_flow
  - module: twilio.flex.flex_flow_info
  - ref: ansible_collections.twilio.flex.docsite.guide_declarative
    description: The declarative workflow, from export to apply with prune.
"""

EXAMPLES = r"""
- name: The whole account as declared (creates, updates, deletes the declared-absent)
  twilio.flex.flex_flows:
    flows:
      - friendly_name: SMS support
        chat_service_sid: IS0123456789abcdef0123456789abcdef
        channel_type: sms
        contact_identity: "+15555550100"
        integration_type: studio
        integration:
          flow_sid: FW0123456789abcdef0123456789abcdef
        enabled: true
      - friendly_name: Legacy SMS
        state: absent
      - friendly_name: Flex Web Channel
        ignore: true
    prune: false

- name: Plan only (a drift audit of the account), with the undeclared flows that a prune would delete
  twilio.flex.flex_flows:
    flows: "{{ desired_flows }}"
    prune: true
  check_mode: true
  diff: true
  register: plan

- name: Apply, deleting what is not declared, but never more than five flows at once
  twilio.flex.flex_flows:
    flows: "{{ desired_flows }}"
    prune: true
    max_deletes: 5
"""

RETURN = r"""
summary:
  description:
    - Counts over the declaration and the account. The statuses are what was found before writing; the actions are what the
      run did, or in check mode would do.
  returned: always
  type: dict
  contains:
    declared:
      description: The number of entries.
      type: int
      returned: always
    live:
      description: The number of flows the account had before the run.
      type: int
      returned: always
    in_sync:
      description: Entries whose flow matches the declaration.
      type: int
      returned: always
    drifted:
      description: Entries whose flow differs from the declaration, or exists though declared absent.
      type: int
      returned: always
    missing:
      description: Entries whose flow does not exist.
      type: int
      returned: always
    undeclared:
      description: Flows of the account that no entry declares.
      type: int
      returned: always
    ignored:
      description: Entries with O(flows[].ignore=true).
      type: int
      returned: always
    errors:
      description: Entries and flows that failed.
      type: int
      returned: always
    created:
      description: Flows created.
      type: int
      returned: always
    updated:
      description: Flows updated.
      type: int
      returned: always
    deleted:
      description: Flows deleted.
      type: int
      returned: always
  sample:
    declared: 3
    live: 4
    in_sync: 1
    drifted: 1
    missing: 0
    undeclared: 1
    ignored: 1
    errors: 0
    created: 0
    updated: 1
    deleted: 0
flows:
  description:
    - One item per entry, in the order declared, then one per flow of the account that no entry declares.
  returned: always
  type: list
  elements: dict
  contains:
    index:
      description: The index of the entry in O(flows); V(null) for an undeclared flow.
      type: int
      returned: always
    sid:
      description: The SID of the flow; V(null) for a flow not created yet.
      type: str
      returned: always
    friendly_name:
      description: The friendly name of the flow.
      type: str
      returned: always
    status:
      description:
        - What was found before writing. For an entry with O(flows[].state=absent), a flow that exists is V(drifted) and one
          that does not is V(in_sync).
        - V(error) when the entry could not be matched to one flow, such as a friendly name shared by several flows.
      type: str
      returned: always
      choices: [in_sync, drifted, missing, undeclared, ignored, error]
    action:
      description: The write for this flow, done or, in check mode, planned.
      type: str
      returned: always
      choices: [none, create, update, delete]
    changed_fields:
      description: The option paths that differ; V([state]) for a delete.
      type: list
      elements: str
      returned: always
    before:
      description: The compared fields before the run (for a delete or an undeclared flow, all of them).
      type: dict
      returned: always
    after:
      description: The compared fields as declared.
      type: dict
      returned: always
    error:
      description: Why this entry failed, or V(null).
      type: dict
      returned: always
      contains:
        message:
          description: What went wrong.
          type: str
        kind:
          description:
            - What went wrong, for callers that must tell failures apart without reading the message.
            - V(not_found) a SID that names no flow, V(ambiguous) a name that several flows share, V(conflict) a flow that
              two entries declare, V(unmatched_ignore) an ignore entry that matches no flow under O(prune),
              V(contradiction) a declared-absent entry whose SID and name disagree, V(create_only) a change of a field that
              can only be set when the resource is created (no field of a flow is such a field today), V(stopped) a write not
              sent because the run stopped at an HTTP 401 or 403, V(withheld) a delete not sent because another entry failed,
              V(request) a failed request, V(invalid) any other rule the entry breaks.
          type: str
          choices: [not_found, ambiguous, conflict, unmatched_ignore, contradiction, create_only, stopped, withheld, request, invalid]
        status:
          description: The HTTP status of a failed request.
          type: int
        code:
          description: Twilio's error code.
          type: int
        more_info:
          description: The link to Twilio's description of the error.
          type: str
  sample:
    - index: 0
      sid: FO0123456789abcdef0123456789abcdef
      friendly_name: SMS support
      status: drifted
      action: update
      changed_fields: [enabled]
      before: {enabled: false}
      after: {enabled: true}
      error: null
diff:
  description:
    - For every flow with an action, its fields before and after in the shape of an entry, keyed by friendly name.
    - Where several flows of the account share the name, the key is the name followed by the SID in brackets.
  returned: in diff mode
  type: dict
status:
  description: The HTTP status of the request that failed the whole run (the listing, or a 401 or 403).
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

from ansible_collections.twilio.flex.plugins.module_utils._flex_flow import FLEX_FLOW
from ansible_collections.twilio.flex.plugins.module_utils._runner import run_declaration


def main():
    run_declaration(FLEX_FLOW, "flows")


if __name__ == "__main__":
    main()
