#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: flow_migration
short_description: Move one legacy Flex Flow to its Conversations address, or restore it from the rollback file
version_added: 1.0.0
description:
  - With O(state=migrated), migrates one Flex Flow to the Conversations Address Configuration that replaces it, in stages, and
    says in RV(migration) how far it got. It reads the flow, maps it with P(twilio.flex.flow_to_address#filter), checks that
    the address is valid and that no address configuration for it exists (the migration creates addresses and never changes
    one), records the flow in the rollback file, deletes the flow, creates the address, reads it back and verifies that it
    holds what was mapped. Nothing is deleted before the flow is recorded and its address is known to be free.
  - With O(state=restored), creates the flow recorded under O(sid) in the rollback file again, exactly as it was (with a new
    SID), whatever other flows are named; a flow of the same name is never matched or changed. The new SID is recorded in the
    file, so the restore is done once. A flow that still exists is not restored.
  - The rollback file is a variables file of the C(twilio.flex.migrate_flows) playbook, C(migrated_flows) holding each deleted
    flow under its former SID as a one-entry M(twilio.flex.flex_flows) declaration. Each migration adds its flow to it and
    keeps every other entry; it is written atomically, readable by its owner only, and every string holding a Jinja
    delimiter is tagged C(!unsafe), so that a flow named C({{ lookup('pipe', ...) }}) stays a name wherever the file is loaded.
    Each read, merge and write holds an exclusive lock on the file C(<rollback_path>.lock) beside it (created readable by its
    owner only), so that runs at once keep each other's entries.
  - SIDs are compared without regard to the case of their hexadecimal digits; requests, the rollback file and the restore
    command carry the SID as the API answered it.
  - This module runs on the controller, in the C(ansible-playbook) process; it starts no module process. It talks to the Flex
    API (O(base_url)) and to the Conversations API (O(conversations_base_url)).
  - The E(TWILIO_*) variables that options fall back to are read as a module of the task would see them, from the task's
    C(environment) keyword first, then from the environment of C(ansible-playbook), which is left unchanged.
extends_documentation_fragment:
  - twilio.flex.connection
  - twilio.flex.connection.flex
  - twilio.flex.attributes
  - twilio.flex.attributes.controller
attributes:
  check_mode:
    support: full
    details:
      - With O(state=migrated), check mode reads the flow and looks its address up, and returns the stage V(checked) when the
        migration would go ahead; it writes no file and sends no write. With O(state=restored), it reads the rollback file and
        the flow and returns whether the flow would be created.
  diff_mode:
    support: none
options:
  sid:
    description:
      - The SID of the Flex Flow to migrate, or, with O(state=restored), the former SID of the flow to restore, C(FO) followed by
        32 hexadecimal digits.
    type: str
    required: true
  state:
    description:
      - V(migrated) moves the flow to its address; V(restored) creates it again from its rollback entry.
    type: str
    choices: [migrated, restored]
    default: migrated
  rollback_path:
    description:
      - The rollback file on the controller. A relative path is taken from the directory C(ansible-playbook) (or C(ansible)) was
        started in.
      - A file that exists must be a rollback file (only C(migrated_flows), C(restored_flows), and C(desired_flows) of older
        files); its entries are kept. C(desired_flows) is not written again, since it repeated the entries of C(migrated_flows).
    type: path
    required: true
  accept_warnings:
    description:
      - Whether to migrate a flow whose mapping has blocking warnings, such as a C(task) integration.
    type: bool
    default: false
  conversations_base_url:
    description:
      - The scheme and host of the Conversations API instead of C(https://conversations.twilio.com), for a proxy or an emulator.
      - Only a scheme and a host (and port) are allowed, with no path. Cannot be combined with O(region) or O(edge).
      - If not set, the value of the E(TWILIO_CONVERSATIONS_BASE_URL) environment variable is used.
    type: str
notes:
  - The address and the rollback entry are built from the flow as read by this module, with its exact values; the result
    masks passwords in URLs, as every result of the collection does. The rollback file holds the exact values.
  - The warnings of the flow's mapping are returned as task warnings, each prefixed with the flow's SID, so that they show on
    the console.
seealso:
  - plugin: twilio.flex.flow_to_address
    plugin_type: filter
  - module: twilio.flex.flow_migration_report
  - ref: ansible_collections.twilio.flex.docsite.guide_migration
    description: The migration from Flex Flows to Conversations addresses, step by step, and the rollback.
"""

EXAMPLES = r"""
- name: Migrate one flow
  twilio.flex.flow_migration:
    sid: FO0123456789abcdef0123456789abcdef
    rollback_path: flex-migration-rollback.yml
  register: sms_migration

- name: Restore it from the rollback file
  twilio.flex.flow_migration:
    sid: FO0123456789abcdef0123456789abcdef
    state: restored
    rollback_path: flex-migration-rollback.yml
  when: sms_migration.migration.deleted and not sms_migration.migration.verified
"""

RETURN = r"""
migration:
  description: How far the migration of the flow got, with O(state=migrated).
  returned: when O(state=migrated) and the options are valid
  type: dict
  contains:
    sid:
      description: The SID of the flow.
      type: str
    friendly_name:
      description: Its name, as read.
      type: str
    stage:
      description:
        - The last stage reached, V(null) if the flow could not be read. V(read), V(checked) (mapped and its address free),
          V(recorded) (in the rollback file), V(deleted), V(created) (the address) or V(verified).
      type: str
    migrated:
      description: Whether the flow was deleted and its address created and verified.
      type: bool
    deleted:
      description: Whether the flow was deleted.
      type: bool
    address:
      description: The options of M(twilio.flex.conversations_address) for its address, passwords in URLs masked.
      type: dict
    address_sid:
      description: The SID of the address configuration created, or V(null).
      type: str
    verified:
      description: Whether the address read back holds what was mapped.
      type: bool
    warnings:
      description: The warnings of the flow's mapping, also returned as task warnings.
      type: list
      elements: str
    rollback_entry:
      description: The flow as recorded in the rollback file (passwords in URLs masked here), or V(null) before the stage V(checked).
      type: dict
    restore_command:
      description:
        - The command that restores the flow from the rollback file, or V(null) before the stage V(checked).
        - It names the flow by its SID and, when O(base_url) was given in the task (as an option or in its C(environment)), that
          base URL, so that the restore goes to the same host. It never holds credentials, which come from the environment.
      type: str
    error:
      description: Why the migration stopped, or V(null).
      type: str
  sample:
    sid: FO0123456789abcdef0123456789abcdef
    friendly_name: SMS
    stage: verified
    migrated: true
    deleted: true
    address:
      address: "+15555550100"
      type: sms
      friendly_name: SMS
      auto_creation: {enabled: true, type: studio, studio_flow_sid: FW0123456789abcdef0123456789abcdef}
    address_sid: IG0123456789abcdef0123456789abcdef
    verified: true
    warnings: ["the Studio flow FW0123456789abcdef0123456789abcdef is reused: it must start from the Incoming Conversation trigger"]
    rollback_entry: {friendly_name: SMS, chat_service_sid: IS0123456789abcdef0123456789abcdef, channel_type: sms}
    restore_command: >-
      ansible localhost -m twilio.flex.flow_migration -a 'sid=FO0123456789abcdef0123456789abcdef state=restored
      rollback_path=/home/ops/flex-migration-rollback.yml'
    error: null
restore:
  description: The outcome of the restore, with O(state=restored).
  returned: when O(state=restored) and the options are valid
  type: dict
  contains:
    sid:
      description: The former SID of the flow.
      type: str
    friendly_name:
      description: Its name, from the rollback entry.
      type: str
    status:
      description:
        - V(restored) (created again; in check mode, would be), V(restored already) (the file records its new SID), V(not deleted)
          (the flow still exists, so nothing was done), or V(null) when the restore failed.
      type: str
    restored_sid:
      description: The SID of the flow created again, or V(null).
      type: str
    flow:
      description: The flow created, as the API returned it (passwords in URLs masked), or V(null).
      type: dict
    changed:
      description: Whether a flow was created.
      type: bool
    error:
      description: Why the restore failed, or V(null).
      type: str
rollback_path:
  description: The absolute path of the rollback file.
  returned: when the options are valid
  type: str
  sample: /home/ops/flex-migration-rollback.yml
"""
