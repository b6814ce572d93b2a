# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""emulator_admin: one call to the control endpoints of the emulator, made on the controller with the emulator's own client.

The role targets reset, seed and fault the emulator and read its request log between their tasks. ansible.builtin.uri
would start a module process for each call (about half a second of CPU); this action plugin makes the HTTP request in the
worker, so a call costs a request. Roles get it with a dependency on setup_emulator (meta/main.yml).

    - emulator_admin:
        call: reset            # reset (optional seed: a list of flows or {flows, addresses}), log, clear_log, add_fault
        seed: {flows: []}      # (with fault: the fault's fields), clear_faults, flows, addresses; a seed may be JSON text
      register: answer         # answer.json: the decoded answer of the emulator

seed_taskrouter_workspace (friendly_name, sid) adds a workspace with Flex's defaults and answers its SID; items
(collection) reads any collection out of band; patch_item (collection, sid, patch) changes some fields of one item out
of band, as someone in the Console would.

admin_url defaults to the variable flex_emulator_admin_url, which the test command writes into integration_config.yml.
It calls the emulator in check mode too (uri skips there): a test setting up the emulator means it either way.
"""

from __future__ import annotations

import json

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.twilio.flex.tests.flex_emulator.admin_client import EmulatorAdmin

# call -> the arguments it takes besides admin_url
CALLS = {
    "reset": {"seed"},
    "log": set(),
    "clear_log": set(),
    "add_fault": {"fault"},
    "clear_faults": set(),
    "flows": set(),
    "addresses": set(),
    "seed_taskrouter_workspace": {"friendly_name", "sid"},
    "items": {"collection"},
    "patch_item": {"collection", "sid", "patch"},
}


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(("admin_url", "call", "seed", "fault", "friendly_name", "sid", "collection", "patch"))
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        args = dict(self._task.args)
        call = args.pop("call", None)
        admin_url = args.pop("admin_url", None) or (task_vars or {}).get("flex_emulator_admin_url")
        if call not in CALLS:
            raise AnsibleActionFail("call must be one of %s, got %r" % (", ".join(sorted(CALLS)), call))
        if set(args) - CALLS[call]:
            raise AnsibleActionFail("call %s takes no %s" % (call, ", ".join(sorted(set(args) - CALLS[call]))))
        if not admin_url:
            raise AnsibleActionFail("admin_url is not set and neither is the variable flex_emulator_admin_url")
        admin = EmulatorAdmin(admin_url)
        if call == "reset":
            seed = args.get("seed")
            # A template lookup of JSON gives text on ansible-core 2.19 and later, and the decoded value before.
            answer = admin.reset(json.loads(seed) if isinstance(seed, str) else seed)
        elif call == "add_fault":
            if not isinstance(args.get("fault"), dict):
                raise AnsibleActionFail("fault must be a dictionary of the fault's fields")
            answer = admin.add_fault(**args["fault"])
        elif call == "patch_item":
            if not isinstance(args.get("patch"), dict) or not args.get("collection") or not args.get("sid"):
                raise AnsibleActionFail("patch_item takes collection, sid and patch, a dictionary of the fields to change")
            answer = admin.call("PATCH", "/%s/%s" % (args["collection"], args["sid"]), args["patch"])
        else:
            answer = getattr(admin, call)(**args)
        result.update(changed=False, json=answer)
        return result
