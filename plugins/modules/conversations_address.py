#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: conversations_address
short_description: Manage Twilio Conversations Address Configurations, the messaging addresses of Flex Conversations
version_added: 1.0.0
description:
  - Creates, updates and deletes an Address Configuration of the Twilio Conversations API, which routes the messages of one
    address (a phone number, a WhatsApp sender, a Facebook page, a chat address) into Flex Conversations.
  - Since Twilio ended Programmable Chat for Flex on 2026-06-01, addresses are how Flex accounts route messages; they replace
    the Flex Flows of legacy Flex messaging (see M(twilio.flex.flex_flow) and the C(twilio.flex.migrate_flows) playbook).
  - Reads the address with one request (Twilio accepts the address itself in place of the SID), compares only the options the
    task sets, and sends an update only when a value differs, carrying only the changed fields.
extends_documentation_fragment:
  - twilio.flex.connection
  - twilio.flex.connection.conversations
  - twilio.flex.attributes
attributes:
  check_mode:
    support: full
    details:
      - Check mode reads the address and reports C(changed), RV(changed_fields) and the diff exactly as a real run would,
        with the predicted RV(conversations_address), and sends no write.
      - The prediction claims no value that Twilio does not document. When O(auto_creation.type) changes, the keys of the
        former type are left out (Twilio's example of such an update answers without them), and so are the keys of the new
        type that the task does not set, and O(auto_creation.conversation_service_sid) on a change to V(default), since
        Twilio documents no value for them; the real run returns what Twilio answers.
  diff_mode:
    support: full
    details:
      - The diff holds the address's managed fields before and after, with V({}) on the absent side when an address is created
        or deleted.
options:
  sid:
    description:
      - The SID of the Address Configuration, C(IG) followed by 32 hexadecimal digits.
      - When given, it identifies the address configuration. Without it, O(address) does.
      - With O(state=absent), an O(address) that is not the address of the SID's configuration fails the task, and nothing
        is deleted.
    type: str
  address:
    description:
      - The address, such as a phone number in E.164 form (V(+15555550100)), V(whatsapp:+15555550100) or V(messenger:<page id>).
      - Without O(sid), the address configuration of exactly this address is managed; it is created if there is none.
      - Needed to create an address configuration. Can only be set on create.
      - V(.) and V(..) are refused before any request, since in the request path they would name another resource.
    type: str
  type:
    description:
      - The type of the address. Needed to create an address configuration. Can only be set on create.
      - Accepted and compared in any case, since Twilio answers in its own case, so a value that
        M(twilio.flex.conversations_address_info) returns can be given back as it is.
    type: str
    choices: [sms, whatsapp, messenger, gbm, email, rcs, apple, chat]
  address_country:
    description:
      - The ISO 3166-1 alpha-2 country code of the address, for short codes. Can only be set on create.
    type: str
  friendly_name:
    description:
      - The name of the address configuration, of at most 256 characters. An empty string clears it.
    type: str
  auto_creation:
    description:
      - How a message to the address with no open conversation starts one. Only the keys given are compared and sent.
      - When any key changes, every key given is sent, so auto-creation is always updated as a whole.
      - When O(auto_creation.type) changes, Twilio drops the keys of the former type, so the keys the new type needs must be
        given in the same task.
      - V(studio) needs O(auto_creation.studio_flow_sid) and V(webhook) needs O(auto_creation.webhook_url), in the address as it
        will be after the task; the C(studio_*) keys apply only to V(studio) and the C(webhook_*) keys only to V(webhook).
    type: dict
    suboptions:
      enabled:
        description:
          - Whether auto-creation is on. Flex answers no message to an address where it is off (Twilio error 45761).
        type: bool
      type:
        description:
          - What creates the conversation. Accepted and compared in any case.
        type: str
        choices: [webhook, studio, default]
      conversation_service_sid:
        description:
          - The SID of the Conversations Service to create conversations in, C(IS) followed by 32 hexadecimal digits. Twilio uses
            the default service when it is not set; Flex needs its Flex Chat Service.
        type: str
      webhook_url:
        description:
          - The absolute C(http://) or C(https://) URL Twilio calls. For O(auto_creation.type=webhook).
        type: str
      webhook_method:
        description:
          - The HTTP method of the webhook. For O(auto_creation.type=webhook). Accepted and compared in any case, since Twilio
            answers V(POST) to a request that sent V(post).
        type: str
        choices: [get, post]
      webhook_filters:
        description:
          - The Conversations events that call the webhook, such as V(onMessageAdded). For O(auto_creation.type=webhook).
          - Compared as a set, so their order does not matter.
        type: list
        elements: str
      studio_flow_sid:
        description:
          - The SID of the Studio Flow, C(FW) followed by 32 hexadecimal digits. For O(auto_creation.type=studio). The flow needs
            the C(Incoming Conversation) trigger.
        type: str
      studio_retry_count:
        description:
          - How many times Twilio retries the Studio Flow, from 0 to 3. For O(auto_creation.type=studio).
        type: int
  state:
    description:
      - V(present) creates the address configuration if needed and sets the options given.
      - V(absent) deletes it if it exists.
    type: str
    choices: [present, absent]
    default: present
notes:
  - No resource option has a default. An option left out is neither compared nor sent, so values set elsewhere are kept.
  - O(type), O(address) and O(address_country) can only be set when the address configuration is created. A task that would
    change one of them on an existing address fails before any write, and the module never deletes and recreates an address
    on its own, since that would drop the address's messages in between.
  - Server-managed fields (C(sid), C(url), C(account_sid), C(date_created), C(date_updated)) are never compared.
  - A create whose answer is lost is never sent again. The address is looked up instead, and adopted if it is there.
seealso:
  - module: twilio.flex.conversations_address_info
  - ref: ansible_collections.twilio.flex.docsite.guide_migration
    description: Moving from legacy Flex Flows to Conversations addresses.
  - name: Address Configuration resource
    description: Twilio's reference for the Address Configuration API.
    link: https://www.twilio.com/docs/conversations/api/address-configuration-resource
"""

EXAMPLES = r"""
- name: The support number starts conversations in Flex through a Studio flow
  twilio.flex.conversations_address:
    address: "+15555550100"
    type: sms
    friendly_name: Support SMS
    auto_creation:
      enabled: true
      type: studio
      conversation_service_sid: IS0123456789abcdef0123456789abcdef
      studio_flow_sid: FW0123456789abcdef0123456789abcdef
      studio_retry_count: 1

- name: The WhatsApp sender calls a webhook on new messages
  twilio.flex.conversations_address:
    address: whatsapp:+15555550101
    type: whatsapp
    auto_creation:
      enabled: true
      type: webhook
      webhook_url: https://hooks.example.com/flex/whatsapp
      webhook_method: post
      webhook_filters: [onMessageAdded]

- name: Rename an address found by its SID
  twilio.flex.conversations_address:
    sid: IG0123456789abcdef0123456789abcdef
    friendly_name: Support SMS (main number)

- name: The old test number is gone
  twilio.flex.conversations_address:
    address: "+15555550199"
    state: absent
"""

RETURN = r"""
conversations_address:
  description:
    - The address configuration after the run, in the API's shape. In check mode, as the run would leave it, without the
      C(auto_creation) keys whose value Twilio does not document (see the check mode attribute).
    - An empty dict when it is absent after the run.
  returned: always
  type: dict
  sample:
    account_sid: AC0123456789abcdef0123456789abcdef
    address: "+15555550100"
    address_country: null
    auto_creation:
      enabled: true
      type: studio
      conversation_service_sid: IS0123456789abcdef0123456789abcdef
      studio_flow_sid: FW0123456789abcdef0123456789abcdef
      studio_retry_count: 1
    date_created: "2026-07-01T10:00:00Z"
    date_updated: "2026-07-01T10:00:00Z"
    friendly_name: Support SMS
    sid: IG0123456789abcdef0123456789abcdef
    type: sms
    url: https://conversations.twilio.com/v1/Configuration/Addresses/IG0123456789abcdef0123456789abcdef
changed_fields:
  description:
    - The option paths whose values the run changed (or would change in check mode), sorted.
    - On a create, every option the task set; empty when nothing changed and on a delete.
  returned: always
  type: list
  elements: str
  sample: [auto_creation.studio_flow_sid]
diff:
  description: The managed fields before and after the run, with V({}) on the absent side when an address is created or deleted.
  returned: in diff mode
  type: dict
  contains:
    before:
      description: The address's fields before the run.
      type: dict
      returned: in diff mode
    after:
      description: The address's fields after the run.
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

from ansible_collections.twilio.flex.plugins.module_utils._conversations_address import CONVERSATIONS_ADDRESS
from ansible_collections.twilio.flex.plugins.module_utils._runner import run_resource


def main():
    run_resource(CONVERSATIONS_ADDRESS)


if __name__ == "__main__":
    main()
