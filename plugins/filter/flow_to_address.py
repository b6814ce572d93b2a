# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: flow_to_address
short_description: Map a legacy Flex Flow onto the Conversations address that replaces it
version_added: 1.0.0
description:
  - Takes one Flex Flow, as M(twilio.flex.flex_flow_info) returns it, and returns the options of
    M(twilio.flex.conversations_address) for the address that replaces it in Flex Conversations, with everything that cannot
    move said in words.
  - The channel types map V(sms) to V(sms), V(whatsapp) to V(whatsapp) and V(facebook) to V(messenger). C(contact_identity)
    becomes C(address), C(friendly_name) stays, C(chat_service_sid) becomes C(auto_creation.conversation_service_sid) and
    C(enabled) becomes C(auto_creation.enabled).
  - A V(studio) integration becomes V(studio) auto-creation with C(studio_flow_sid) and C(studio_retry_count). An V(external)
    integration becomes V(webhook) auto-creation with C(webhook_url), method V(post) and the filter V(onMessageAdded).
  - "Blocking, so the flow is skipped unless accepted: the V(task) integration, which Flex Conversations does not support (route
    through a Studio flow with Send to Flex; the address is then created with auto-creation off), and the channel types V(line)
    and V(custom) (no address type) and V(web) (Webchat 3 needs a deployment key made in the Console), which have no address."
  - Warned but not blocking, when set on the flow, C(long_lived), C(janitor_enabled) and C(integration.creation_on_message),
    which have no equivalent; and always the changes a reused Studio flow or webhook needs.
author:
  - twilio.flex maintainers (@twilio-flex-ansible)
options:
  _input:
    description: One Flex Flow, in the API's shape.
    type: dict
    required: true
seealso:
  - module: twilio.flex.conversations_address
  - ref: ansible_collections.twilio.flex.docsite.guide_migration
    description: The migration from Flex Flows to Conversations addresses, step by step.
"""

EXAMPLES = r"""
- name: Read the legacy flows
  twilio.flex.flex_flow_info:
  register: legacy

- name: What each flow becomes
  ansible.builtin.debug:
    msg: "{{ legacy.flex_flows | map('twilio.flex.flow_to_address') | list }}"

- name: Create the address of one flow, if nothing blocks it
  twilio.flex.conversations_address: "{{ mapped.address }}"
  vars:
    mapped: "{{ legacy.flex_flows[0] | twilio.flex.flow_to_address }}"
  when: mapped.address is not none and not mapped.blocking
"""

RETURN = r"""
_value:
  description: The mapping of the flow.
  type: dict
  contains:
    address:
      description:
        - The options of M(twilio.flex.conversations_address) for the address that replaces the flow (C(address), C(type),
          C(friendly_name), C(auto_creation)), or V(null) when the flow has no address to move to.
      type: dict
    warnings:
      description: What does not move as it is, one sentence each.
      type: list
      elements: str
    blocking:
      description: Whether a warning needs a person's decision before the flow is migrated.
      type: bool
"""

from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.twilio.flex.plugins.plugin_utils._migration import flow_to_address


def flow_to_address_filter(flow):
    """The mapping, every string unsafe: its warnings quote data from the account."""
    return wrap_var(flow_to_address(flow))


class FilterModule:
    """The twilio.flex flow_to_address filter."""

    def filters(self):
        return {"flow_to_address": flow_to_address_filter}
