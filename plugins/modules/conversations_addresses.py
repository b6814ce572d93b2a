#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: conversations_addresses
short_description: Manage all the Conversations Address Configurations of an account in one task
version_added: 1.0.0
description:
  - Reconciles a declared set of Conversations Address Configurations with the account in one task, the way a plan and apply
    work for infrastructure as code.
  - Reads every address configuration of the account with one listing (one request per 50 addresses, the largest page Twilio
    serves, whatever the number of entries), plans every entry with the same rules as M(twilio.flex.conversations_address),
    then sends at most one write per address, carrying only the changed fields. Creates and updates are sent before deletes.
  - With O(prune=true), deletes the address configurations of the account that no entry declares. Entries with
    O(addresses[].ignore=true) declare addresses that are not managed, so they are never compared and never pruned.
  - Every entry is validated before any request, and every problem is reported at once, naming the entry by its index and
    identity.
  - A failed entry does not stop the others. The task then fails with a message naming each failed entry and what was
    written, and still returns C(changed), RV(summary) and RV(addresses). An HTTP 401 or 403 stops the run at once, since
    every other write would fail the same way.
  - No delete is sent, pruned or declared absent, when any entry is in error (for example a SID that matches no address, or a
    change of O(addresses[].type) on an existing address) or any create or update failed, since an entry that did not take
    effect may be the one that keeps an address from the prune.
extends_documentation_fragment:
  - twilio.flex.connection
  - twilio.flex.connection.conversations
  - twilio.flex.attributes
attributes:
  check_mode:
    support: full
    details:
      - Check mode reads the account and reports the plan (C(changed), RV(summary), RV(addresses) and the diff) exactly as a
        real run would report what it did, and sends no write. This makes a check-mode run a drift audit of the account's
        addresses.
  diff_mode:
    support: full
    details:
      - The diff holds, for every address with an action, its fields before and after, keyed by the address.
options:
  addresses:
    description:
      - The declared address configurations. Each entry takes the options of M(twilio.flex.conversations_address), and
        O(addresses[].ignore).
      - An entry is identified by O(addresses[].sid) when given, else by O(addresses[].address), matched exactly as Twilio
        stores it. Twilio keeps one configuration per address, so an address never names several.
      - With O(addresses[].state=absent) and both identities, the address must be that of the SID's configuration, or the
        entry fails and nothing is deleted.
      - Two entries must not declare the same address configuration.
    type: list
    elements: dict
    required: true
    suboptions:
      sid:
        description:
          - The SID of the Address Configuration, C(IG) followed by 32 hexadecimal digits.
          - With O(addresses[].state=present) the address configuration must exist, since a SID cannot be created again.
        type: str
      address:
        description:
          - The address, such as V(+15555550100) or V(whatsapp:+15555550101). See O(twilio.flex.conversations_address#module:address).
          - Without O(addresses[].sid), the configuration of exactly this address; it is created when missing.
          - Can only be set on create.
        type: str
      type:
        description:
          - The type of the address. Needed to create an address configuration. Can only be set on create.
            See O(twilio.flex.conversations_address#module:type).
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
          - How a message to the address with no open conversation starts one.
            See O(twilio.flex.conversations_address#module:auto_creation).
        type: dict
        suboptions:
          enabled:
            description:
              - Whether auto-creation is on.
            type: bool
          type:
            description:
              - What creates the conversation. Accepted and compared in any case.
            type: str
            choices: [webhook, studio, default]
          conversation_service_sid:
            description:
              - The SID of the Conversations Service to create conversations in, C(IS) followed by 32 hexadecimal digits.
            type: str
          webhook_url:
            description:
              - The absolute C(http://) or C(https://) URL Twilio calls. For O(addresses[].auto_creation.type=webhook).
            type: str
          webhook_method:
            description:
              - The HTTP method of the webhook. For O(addresses[].auto_creation.type=webhook). Accepted and compared in any case.
            type: str
            choices: [get, post]
          webhook_filters:
            description:
              - The Conversations events that call the webhook. For O(addresses[].auto_creation.type=webhook).
              - Compared as a set, so their order does not matter.
            type: list
            elements: str
          studio_flow_sid:
            description:
              - The SID of the Studio Flow, C(FW) followed by 32 hexadecimal digits. For O(addresses[].auto_creation.type=studio).
            type: str
          studio_retry_count:
            description:
              - How many times Twilio retries the Studio Flow, from 0 to 3. For O(addresses[].auto_creation.type=studio).
            type: int
      state:
        description:
          - V(present) creates the address configuration if needed and sets the options given; V(absent) deletes it if it exists.
        type: str
        choices: [present, absent]
        default: present
      ignore:
        description:
          - Declares an address configuration that this task does not manage. It is never compared, changed or pruned.
          - An ignored entry takes only its identity (O(addresses[].sid), else O(addresses[].address)); any other option is an
            error.
          - With O(prune=true), an ignored entry that matches no address configuration fails the run before any write, since a
            misspelt ignore would let the prune delete the address it means to keep.
        type: bool
        default: false
  prune:
    description:
      - Whether to delete the address configurations of the account that no entry declares.
      - Refused when no entry has O(addresses[].state=present) or O(addresses[].ignore=true), so an empty or mistaken
        declaration never empties an account.
      - Nothing is pruned when any entry is in error or any create or update failed, and the deletes are held to
        O(max_deletes) or, without it, to the default threshold described there.
    type: bool
    default: false
  max_deletes:
    description:
      - When the plan holds more deletes than this (declared O(addresses[].state=absent) and pruned addresses together), the
        task fails before any write, listing them.
      - Without it, a default threshold applies. When the account has at least 10 address configurations, a plan that deletes
        more than 30 % of them fails before any write, listing the deletes and the O(max_deletes) that would allow them.
      - An explicit value replaces the threshold, V(0) forbidding every delete.
    type: int
notes:
  - No resource option has a default. An option left out of an entry is neither compared nor sent, so values set elsewhere
    are kept.
  - O(addresses[].type), O(addresses[].address) and O(addresses[].address_country) can only be set when the address
    configuration is created. An entry that would change one of them on an existing address fails before any write, and the
    module never deletes and recreates an address on its own; the other entries' creates and updates are still sent, and
    nothing is deleted.
  - Every create first looks the address up once more (one GET) just before it is sent, so an address created since the
    listing, for example by another run of the same declaration, is not created twice; the entry fails instead.
  - A create whose answer is lost is never sent again. The address is looked up instead, and adopted if it is there.
  - Server-managed fields (C(sid), C(url), C(account_sid), C(date_created), C(date_updated)) are never compared.
seealso:
  - module: twilio.flex.conversations_address
  - module: twilio.flex.conversations_address_info
  - module: twilio.flex.flex_flows
  - ref: ansible_collections.twilio.flex.docsite.guide_declarative
    description: The declarative workflow, from export to apply with prune.
"""

EXAMPLES = r"""
- name: The account's addresses as declared (creates, updates, deletes the declared-absent)
  twilio.flex.conversations_addresses:
    addresses:
      - address: "+15555550100"
        type: sms
        friendly_name: Support SMS
        auto_creation:
          enabled: true
          type: studio
          conversation_service_sid: IS0123456789abcdef0123456789abcdef
          studio_flow_sid: FW0123456789abcdef0123456789abcdef
      - address: whatsapp:+15555550101
        type: whatsapp
        auto_creation:
          enabled: true
          type: webhook
          webhook_url: https://hooks.example.com/flex/whatsapp
          webhook_method: post
      - address: "+15555550199"
        state: absent
      - sid: IG0123456789abcdef0123456789abcdef
        ignore: true

- name: Plan only (a drift audit of the addresses), with the undeclared addresses that a prune would delete
  twilio.flex.conversations_addresses:
    addresses: "{{ desired_addresses }}"
    prune: true
  check_mode: true
  diff: true
  register: plan

- name: Apply, deleting what is not declared, but never more than five addresses at once
  twilio.flex.conversations_addresses:
    addresses: "{{ desired_addresses }}"
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
      description: The number of address configurations the account had before the run.
      type: int
      returned: always
    in_sync:
      description: Entries whose address matches the declaration.
      type: int
      returned: always
    drifted:
      description: Entries whose address differs from the declaration, or exists though declared absent.
      type: int
      returned: always
    missing:
      description: Entries whose address does not exist.
      type: int
      returned: always
    undeclared:
      description: Address configurations of the account that no entry declares.
      type: int
      returned: always
    ignored:
      description: Entries with O(addresses[].ignore=true).
      type: int
      returned: always
    errors:
      description: Entries and addresses that failed.
      type: int
      returned: always
    created:
      description: Address configurations created.
      type: int
      returned: always
    updated:
      description: Address configurations updated.
      type: int
      returned: always
    deleted:
      description: Address configurations deleted.
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
addresses:
  description:
    - One item per entry, in the order declared, then one per address configuration of the account that no entry declares.
  returned: always
  type: list
  elements: dict
  contains:
    index:
      description: The index of the entry in O(addresses); V(null) for an undeclared address.
      type: int
      returned: always
    sid:
      description: The SID of the address configuration; V(null) for one not created yet.
      type: str
      returned: always
    address:
      description: The address.
      type: str
      returned: always
    type:
      description: The type of the address, in lower case, as the account has it, else as declared; V(null) when neither says.
      type: str
      returned: always
    status:
      description:
        - What was found before writing. For an entry with O(addresses[].state=absent), an address that exists is
          V(drifted) and one that does not is V(in_sync).
        - V(missing) with an error for an entry whose SID matches no address configuration, since a SID cannot be created.
      type: str
      returned: always
      choices: [in_sync, drifted, missing, undeclared, ignored, error]
    action:
      description: The write for this address, done or, in check mode, planned.
      type: str
      returned: always
      choices: [none, create, update, delete]
    changed_fields:
      description: The option paths that differ; V([state]) for a delete.
      type: list
      elements: str
      returned: always
    before:
      description: The compared fields before the run (for a delete or an undeclared address, all of them).
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
            - V(not_found) a SID that names no address configuration, V(conflict) an address that two entries declare,
              V(unmatched_ignore) an ignore entry that matches nothing under O(prune), V(contradiction) a declared-absent
              entry whose SID and address disagree, V(create_only) a change of a field that can only be set when the address
              is created, V(stopped) a write not sent because the run stopped at an HTTP 401 or 403, V(withheld) a delete not
              sent because another entry failed, V(request) a failed request, V(invalid) any other rule the entry breaks.
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
      sid: IG0123456789abcdef0123456789abcdef
      address: "+15555550100"
      type: sms
      status: drifted
      action: update
      changed_fields: [friendly_name]
      before: {friendly_name: Support}
      after: {friendly_name: Support SMS}
      error: null
diff:
  description: For every address with an action, its fields before and after in the shape of an entry, keyed by the address.
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

from ansible_collections.twilio.flex.plugins.module_utils._conversations_address import CONVERSATIONS_ADDRESS
from ansible_collections.twilio.flex.plugins.module_utils._runner import run_declaration


def main():
    run_declaration(CONVERSATIONS_ADDRESS, "addresses")


if __name__ == "__main__":
    main()
