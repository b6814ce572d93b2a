# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What flex_flows and conversations_addresses do alike, as declaration modules of one engine, tested over both."""

from __future__ import annotations

import pytest

from ansible_collections.twilio.flex.plugins.modules import conversations_addresses, flex_flows
from ansible_collections.twilio.flex.tests.unit.plugins.modules.conftest import emulator_flow, logged_requests

# Each bulk module: its main, its list option, a live resource to seed the emulator with, and an absent entry.
BULK = {
    "flex_flows": (flex_flows.main, "flows", dict(flows=[emulator_flow(friendly_name="Keep me")]), dict(friendly_name="Old", state="absent")),
    "conversations_addresses": (
        conversations_addresses.main,
        "addresses",
        dict(addresses=[dict(address="+15555550100", type="sms", friendly_name="Keep me", auto_creation=dict(enabled=True, type="default"))]),
        dict(address="+15555550100", state="absent"),
    ),
}


@pytest.mark.parametrize("module", sorted(BULK))
@pytest.mark.parametrize("absent_only", [False, True], ids=["empty", "absent-only"])
def test_prune_with_no_present_entry_is_refused_before_any_request(emulator, run_on_emulator, module, absent_only):
    main, option, live, absent = BULK[module]
    emulator.reset(seed=live)
    failed, result = run_on_emulator(main, {option: [absent] if absent_only else [], "prune": True})
    assert failed and "prune=true needs at least one entry of %s with state=present or ignore=true" % option in result["msg"]
    assert logged_requests(emulator) == []
