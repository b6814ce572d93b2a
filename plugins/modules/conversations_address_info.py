#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: conversations_address_info
short_description: List Twilio Conversations Address Configurations
version_added: 1.0.0
description:
  - Returns every Address Configuration of the account, those of one type, or one by its SID or its address.
  - Reads every page of the list; Twilio serves at most 50 address configurations a page.
extends_documentation_fragment:
  - twilio.flex.connection
  - twilio.flex.connection.conversations
  - twilio.flex.attributes
  - twilio.flex.attributes.info_module
options:
  sid:
    description:
      - The SID of one address configuration to return, C(IG) followed by 32 hexadecimal digits.
      - If there is none with this SID, RV(conversations_addresses) is empty and the task does not fail.
    type: str
  address:
    description:
      - The address of one address configuration to return, such as V(+15555550100).
      - If there is none for this address, RV(conversations_addresses) is empty and the task does not fail.
      - V(.) and V(..) are refused before any request, since in the request path they would name another resource.
    type: str
  type:
    description:
      - Return only the address configurations of this type.
    type: str
    choices: [sms, whatsapp, messenger, gbm, email, rcs, apple, chat]
  output:
    description:
      - The shape of the items of RV(conversations_addresses).
      - V(api) returns each address configuration as the API does.
      - V(declaration) returns each address configuration as an entry of the C(addresses) option of the
        C(twilio.flex.conversations_addresses) module, so that the account can be exported as a declaration and managed as it
        is. Server-managed keys (C(sid), C(url), C(account_sid), the dates) and unset values are left out, as are
        auto-creation keys that do not apply to the address's auto-creation type; keys follow the order of the options of
        M(twilio.flex.conversations_address); entries are sorted by address.
      - A URL password in such an entry is masked unless O(mask_url_passwords=false), and the modules refuse a URL whose
        password is the mask, so a masked declaration is never applied by mistake. To write the exact values to a file
        without showing them, use the C(twilio.flex.export) playbook.
    type: str
    choices: [api, declaration]
    default: api
  mask_url_passwords:
    description:
      - Whether the password of a URL in RV(conversations_addresses) (a webhook or integration URL with C(user:password@)) is replaced by
        C(********), as it is in every other result of the collection.
      - Set it to V(false) only where the exact values are needed, such as to write them to a file, and then set C(no_log) on
        the task, since its result holds the passwords. Messages and warnings are masked either way.
    type: bool
    default: true
notes:
  - O(sid), O(address) and O(type) are mutually exclusive.
seealso:
  - module: twilio.flex.conversations_address
"""

EXAMPLES = r"""
- name: Every address configuration of the account
  twilio.flex.conversations_address_info:
  register: all_addresses

- name: The SMS addresses
  twilio.flex.conversations_address_info:
    type: sms
  register: sms_addresses

- name: The configuration of one number
  twilio.flex.conversations_address_info:
    address: "+15555550100"
  register: support_number

- name: The account's address configurations as a declaration, exact values included
  twilio.flex.conversations_address_info:
    output: declaration
    mask_url_passwords: false
  register: exported
  no_log: true

- name: Addresses whose auto-creation is off (Flex answers no message there)
  ansible.builtin.debug:
    msg: "{{ all_addresses.conversations_addresses | rejectattr('auto_creation.enabled') | map(attribute='address') | list }}"
"""

RETURN = r"""
conversations_addresses:
  description:
    - The address configurations found. With O(output=api), in the API's shape, in the order Twilio lists them.
    - With O(output=declaration), as entries of the C(addresses) option of the C(twilio.flex.conversations_addresses) module,
      sorted by address.
  returned: always
  type: list
  elements: dict
  sample:
    - account_sid: AC0123456789abcdef0123456789abcdef
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

from ansible_collections.twilio.flex.plugins.module_utils._conversations_address import CONVERSATIONS_ADDRESS
from ansible_collections.twilio.flex.plugins.module_utils._runner import run_listing


def main():
    run_listing(CONVERSATIONS_ADDRESS, filters=("type",))


if __name__ == "__main__":
    main()
