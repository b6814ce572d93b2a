# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: migration_plan
short_description: Plan the migration of Flex Flows to Conversations addresses
version_added: 1.0.0
description:
  - Takes the Flex Flows of an account (from M(twilio.flex.flex_flow_info)) and its address configurations (from
    M(twilio.flex.conversations_address_info)) and returns the plan that the C(twilio.flex.migrate_flows) playbook reports and
    applies. Each flow is mapped with P(twilio.flex.flow_to_address#filter).
  - A flow is V(skipped), with the reason, when it has no address to move to, when an address configuration for its address
    exists already, when other flows have the same contact identity (it is then also blocking, whatever O(accept_warnings)
    says, since one address cannot replace several flows), when it has blocking warnings that O(accept_warnings) does not accept,
    or when it was named by a friendly name that several flows share. Otherwise it is V(planned).
  - A name in O(names) that is the SID of a flow selects that flow only, even if another flow has it as its friendly name.
  - The strings of the plan are marked unsafe, so that a name holding C({{) is never templated.
author:
  - twilio.flex maintainers (@twilio-flex-ansible)
options:
  _input:
    description: The Flex Flows of the account, in the API's shape.
    type: list
    elements: dict
    required: true
  addresses:
    description: The address configurations of the account, in the API's shape.
    type: list
    elements: dict
    required: true
  names:
    description:
      - Plan only the flows with these friendly names or SIDs, in this order; every flow, in the order listed, when empty.
    type: list
    elements: str
    default: []
  accept_warnings:
    description: Plan the flows with blocking warnings too.
    type: bool
    default: false
seealso:
  - plugin: twilio.flex.flow_to_address
    plugin_type: filter
"""

EXAMPLES = r"""
- name: The plan for two flows
  ansible.builtin.debug:
    msg: "{{ legacy.flex_flows | twilio.flex.migration_plan(configured.conversations_addresses, names=['SMS', 'WhatsApp']) }}"
"""

RETURN = r"""
_value:
  description: The plan.
  type: dict
  contains:
    summary:
      description: The number of C(flows), the C(blocking) ones, those whose C(address_exists), and the flows per result.
      type: dict
    flows:
      description:
        - One item per flow planned, with C(sid), C(friendly_name), C(channel_type), C(address) (the options of
          M(twilio.flex.conversations_address), or V(null)), C(warnings), C(blocking), C(address_exists), C(result)
          (V(planned) or V(skipped)) and C(reason) (why it is skipped).
      type: list
      elements: dict
    unmatched_names:
      description: The names in O(names) that match no flow.
      type: list
      elements: str
    planned_sids:
      description: The SIDs of the planned flows, in the order they are to be migrated.
      type: list
      elements: str
"""

from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.twilio.flex.plugins.plugin_utils._migration import migration_plan


def migration_plan_filter(flows, addresses, names=None, accept_warnings=False):
    """The plan, every string unsafe: reasons and warnings quote data from the account."""
    return wrap_var(migration_plan(flows, addresses, names=names, accept_warnings=accept_warnings))


class FilterModule:
    """The twilio.flex migration_plan filter."""

    def filters(self):
        return {"migration_plan": migration_plan_filter}
