#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: flex_flow_info
short_description: List Twilio Flex Flows
version_added: 1.0.0
description:
  - Returns every Flex Flow of the account, the flows with a given friendly name, or one flow by its SID.
  - Reads every page of the list, a thousand flows a request.
  - Flex Flows belong to Flex UI 1.x messaging on Programmable Chat, which Twilio retires in favour of Flex Conversations.
extends_documentation_fragment:
  - twilio.flex.connection
  - twilio.flex.connection.flex
  - twilio.flex.attributes
  - twilio.flex.attributes.info_module
options:
  sid:
    description:
      - The SID of one Flex Flow to return, C(FO) followed by 32 hexadecimal digits.
      - If no flow has this SID, RV(flex_flows) is empty and the task does not fail.
      - Cannot be combined with O(friendly_name).
    type: str
  friendly_name:
    description:
      - Return only the flows with exactly this friendly name.
      - Cannot be combined with O(sid).
    type: str
  output:
    description:
      - The shape of the items of RV(flex_flows).
      - V(api) returns each flow as the API does.
      - V(declaration) returns each flow as an entry of O(twilio.flex.flex_flows#module:flows), so that the account can be
        exported as a declaration and managed with M(twilio.flex.flex_flows) as it is. Server-managed keys (C(sid), C(url),
        C(account_sid), the dates) and unset values are left out, as are integration keys that do not apply to the flow's
        integration type; keys follow the order of the module's options; entries are sorted by friendly name, then SID.
        A flow whose friendly name is shared by several flows keeps its C(sid), which then identifies it, with a warning.
    type: str
    choices: [api, declaration]
    default: api
  mask_url_passwords:
    description:
      - Whether the password of a URL in RV(flex_flows) (a webhook or integration URL with C(user:password@)) is replaced by
        C(********), as it is in every other result of the collection.
      - Set it to V(false) only where the exact values are needed, such as to write them to a file, and then set C(no_log) on
        the task, since its result holds the passwords. Messages and warnings are masked either way.
    type: bool
    default: true
seealso:
  - module: twilio.flex.flex_flow
  - module: twilio.flex.flex_flows
  - ref: ansible_collections.twilio.flex.docsite.guide_declarative
    description: Export the account, commit it, audit it on a schedule, and apply it with prune.
"""

EXAMPLES = r"""
- name: Every Flex Flow of the account
  twilio.flex.flex_flow_info:
  register: all_flows

- name: The flows named SMS
  twilio.flex.flex_flow_info:
    friendly_name: SMS
  register: sms_flows

- name: One flow by SID
  twilio.flex.flex_flow_info:
    sid: FO0123456789abcdef0123456789abcdef
  register: one_flow

- name: The account as a declaration, for twilio.flex.flex_flows
  twilio.flex.flex_flow_info:
    output: declaration
  register: exported

# Not ansible.builtin.copy with to_nice_yaml: names come from the account, and a name holding "{{" would be
# evaluated when the file is loaded. twilio.flex.flex_flows_export tags such strings !unsafe and keeps the file private.
- name: Write the account to a file that twilio.flex.flex_flows and the drift audit take as it is
  twilio.flex.flex_flows_export:
    path: desired_flows.yml

- name: Names of the enabled flows
  ansible.builtin.debug:
    msg: "{{ all_flows.flex_flows | selectattr('enabled') | map(attribute='friendly_name') | list }}"
"""

RETURN = r"""
flex_flows:
  description:
    - The Flex Flows found. With O(output=api), in the API's shape, in the order Twilio lists them.
    - With O(output=declaration), as entries of O(twilio.flex.flex_flows#module:flows), sorted by friendly name.
  returned: always
  type: list
  elements: dict
  sample:
    - account_sid: AC0123456789abcdef0123456789abcdef
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

from ansible_collections.twilio.flex.plugins.module_utils._flex_flow import FLEX_FLOW
from ansible_collections.twilio.flex.plugins.module_utils._runner import run_listing


def main():
    run_listing(FLEX_FLOW)


if __name__ == "__main__":
    main()
