#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: flex_flow
short_description: Manage Twilio Flex Flows
version_added: 1.0.0
description:
  - Creates, updates and deletes a Flex Flow, the messaging handler that routes a Flex channel (web chat, SMS, WhatsApp and
    others) to a Studio Flow, a webhook or a TaskRouter Task.
  - Reads the flow with one request, compares only the options the task sets, and sends an update only when a value differs,
    carrying only the changed fields.
  - Flex Flows belong to Flex UI 1.x messaging on Programmable Chat, which Twilio retires in favour of Flex Conversations.
    Accounts that have moved to Flex Conversations route messages with Conversations Addresses instead.
extends_documentation_fragment:
  - twilio.flex.connection
  - twilio.flex.connection.flex
  - twilio.flex.attributes
attributes:
  check_mode:
    support: full
    details:
      - Check mode reads the flow and reports C(changed), RV(changed_fields), the diff and the predicted RV(flex_flow) exactly
        as a real run would, and sends no write.
  diff_mode:
    support: full
    details:
      - The diff holds the flow's managed fields before and after, with V({}) on the absent side when a flow is created or deleted.
options:
  sid:
    description:
      - The SID of the Flex Flow, C(FO) followed by 32 hexadecimal digits.
      - The hexadecimal digits are compared without regard to case; Twilio issues them in lower case, so the flow is looked
        up with them in lower case, and writes carry the SID as the API answered it.
      - When given, it identifies the flow, and O(friendly_name) is a field to set, so a task can rename a flow. With
        O(state=absent), a O(friendly_name) that is not the name of the SID's flow fails the task, and nothing is deleted.
      - When not given, O(friendly_name) identifies the flow. A flow with that SID must exist if O(state=present).
    type: str
  friendly_name:
    description:
      - The name of the Flex Flow.
      - Without O(sid), the flow with exactly this name is managed; it is created if there is none, and the task fails if
        several flows share the name.
      - Needed to create a flow. Must not be empty.
    type: str
  chat_service_sid:
    description:
      - The SID of the Programmable Chat service, C(IS) followed by 32 hexadecimal digits.
      - Needed to create a flow.
    type: str
  channel_type:
    description:
      - The channel the flow handles.
      - Needed to create a flow.
    type: str
    choices: [web, sms, facebook, whatsapp, line, custom]
  contact_identity:
    description:
      - The channel's contact identity, such as a phone number for V(sms), or C(messenger:<page id>) for V(facebook).
      - An empty string clears it.
    type: str
  enabled:
    description:
      - Whether the flow is enabled.
    type: bool
  integration_type:
    description:
      - How the flow hands messages on. Twilio uses V(studio) when a flow is created without it.
      - V(studio) needs O(integration.flow_sid), V(external) needs O(integration.url), and V(task) needs
        O(integration.workspace_sid) and O(integration.workflow_sid), in the flow as it will be after the task.
    type: str
    choices: [studio, external, task]
  integration:
    description:
      - The integration's settings. Only the keys given are compared and sent; keys the task leaves out keep their values.
      - When any key or O(integration_type) changes, every key given is sent, so the integration is always updated as a whole.
    type: dict
    suboptions:
      flow_sid:
        description:
          - The SID of the Studio Flow, C(FW) followed by 32 hexadecimal digits. For O(integration_type=studio).
        type: str
      url:
        description:
          - The absolute C(http://) or C(https://) URL of the webhook. For O(integration_type=external).
        type: str
      workspace_sid:
        description:
          - The SID of the TaskRouter Workspace, C(WS) followed by 32 hexadecimal digits. For O(integration_type=task).
        type: str
      workflow_sid:
        description:
          - The SID of the TaskRouter Workflow, C(WW) followed by 32 hexadecimal digits. For O(integration_type=task).
        type: str
      channel:
        description:
          - The Task Channel for new Tasks, as a SID (C(TC) followed by 32 hexadecimal digits) or a unique name such as V(sms)
            or V(chat), of at most 64 characters. For O(integration_type=task).
        type: str
      timeout:
        description:
          - The timeout of a new Task in seconds, from 1 to 1209600 (two weeks). For O(integration_type=task).
        type: int
      priority:
        description:
          - The priority of a new Task, from 0 to 2147483647. For O(integration_type=task).
        type: int
      creation_on_message:
        description:
          - For outbound messaging, whether to wait for the customer's first answer before creating the Task.
        type: bool
      retry_count:
        description:
          - How many times Twilio retries the Studio Flow or webhook when it fails, from 0 to 3.
            For O(integration_type=studio) and O(integration_type=external).
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
      - V(present) creates the flow if needed and sets the options given.
      - V(absent) deletes the flow if it exists.
    type: str
    choices: [present, absent]
    default: present
notes:
  - No resource option has a default. An option left out is neither compared nor sent, so values set elsewhere are kept.
  - Server-managed fields (C(sid), C(url), C(account_sid), C(date_created), C(date_updated)) are never compared.
  - When a create is answered by a timeout, a broken connection or a 5xx error, it may have taken effect, so it is never sent
    again. The module looks the flow up by its name instead, and fails with a clear message if it is not there; running the
    task again is then safe.
seealso:
  - name: Flex Flow resource
    description: Twilio's reference for the Flex Flow API.
    link: https://www.twilio.com/docs/flex/developer/messaging-orchestration/api/flow
"""

EXAMPLES = r"""
- name: Point the SMS flow at the new Studio flow
  twilio.flex.flex_flow:
    sid: FO0123456789abcdef0123456789abcdef
    integration_type: studio
    integration:
      flow_sid: FW0123456789abcdef0123456789abcdef
      retry_count: 1
    enabled: true

- name: Web chat flow exists (found by name, created when missing)
  twilio.flex.flex_flow:
    friendly_name: Web chat
    chat_service_sid: IS0123456789abcdef0123456789abcdef
    channel_type: web
    integration_type: task
    integration:
      workspace_sid: WS0123456789abcdef0123456789abcdef
      workflow_sid: WW0123456789abcdef0123456789abcdef
      channel: chat
      priority: 10

- name: Rename a flow
  twilio.flex.flex_flow:
    sid: FO0123456789abcdef0123456789abcdef
    friendly_name: SMS (main number)

- name: Old flow is gone
  twilio.flex.flex_flow:
    friendly_name: Legacy SMS
    state: absent

# The credentials come from TWILIO_API_KEY and TWILIO_API_SECRET in the environment,
# so they are never task arguments; the other connection options are set once.
- name: Connection options once for the block
  module_defaults:
    group/twilio.flex.flex:
      region: au1
      edge: sydney
  block:
    - name: Disable the WhatsApp flow
      twilio.flex.flex_flow:
        friendly_name: WhatsApp
        enabled: false
"""

RETURN = r"""
flex_flow:
  description:
    - The Flex Flow after the run, in the API's shape. In check mode, the flow as the run would leave it.
    - An empty dict when the flow is absent after the run.
  returned: always
  type: dict
  sample:
    account_sid: AC0123456789abcdef0123456789abcdef
    channel_type: sms
    chat_service_sid: IS0123456789abcdef0123456789abcdef
    contact_identity: "+15555550100"
    date_created: "2026-01-05T10:00:00Z"
    date_updated: "2026-01-06T09:30:00Z"
    enabled: true
    friendly_name: SMS
    integration:
      flow_sid: FW0123456789abcdef0123456789abcdef
      retry_count: 1
    integration_type: studio
    janitor_enabled: false
    long_lived: false
    sid: FO0123456789abcdef0123456789abcdef
    url: https://flex-api.twilio.com/v1/FlexFlows/FO0123456789abcdef0123456789abcdef
changed_fields:
  description:
    - The option paths whose values the run changed (or would change in check mode), sorted.
    - On a create, every option the task set; empty when nothing changed and on a delete.
  returned: always
  type: list
  elements: str
  sample: [enabled, integration.flow_sid]
diff:
  description: The managed fields before and after the run, with V({}) on the absent side when a flow is created or deleted.
  returned: in diff mode
  type: dict
  contains:
    before:
      description: The flow's fields before the run.
      type: dict
      returned: in diff mode
    after:
      description: The flow's fields after the run.
      type: dict
      returned: in diff mode
status:
  description: The HTTP status of the failed request.
  returned: on an API error
  type: int
  sample: 400
code:
  description: Twilio's error code of the failed request.
  returned: on an API error that carries one
  type: int
  sample: 20001
more_info:
  description: The link to Twilio's description of the error.
  returned: on an API error that carries one
  type: str
  sample: https://www.twilio.com/docs/errors/20001
"""

from ansible_collections.twilio.flex.plugins.module_utils._flex_flow import FLEX_FLOW
from ansible_collections.twilio.flex.plugins.module_utils._runner import run_resource


def main():
    run_resource(FLEX_FLOW)


if __name__ == "__main__":
    main()
