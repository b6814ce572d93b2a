# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""container_declaration, pure: the references a declaration cannot name keep their SIDs, each with a warning."""

from __future__ import annotations

import json

from ansible_collections.twilio.flex.plugins.module_utils._container_listing import container_declaration
from ansible_collections.twilio.flex.plugins.module_utils._taskrouter import TASKROUTER_WORKSPACE

OFFLINE, GONE_ACTIVITY = "WA" + "1" * 32, "WA" + "9" * 32
QUEUE, GONE_QUEUE = "WQ" + "1" * 32, "WQ" + "9" * 32


def test_a_reference_to_no_item_keeps_its_sid_with_a_warning_and_known_ones_become_names():
    workspace = dict(sid="WS" + "1" * 32, friendly_name="Flex", default_activity_sid=OFFLINE, timeout_activity_sid=GONE_ACTIVITY, events_filter="b, a")
    live = dict(
        activities=[dict(sid=OFFLINE, friendly_name="Offline", available=False)],
        task_channels=[],
        task_queues=[dict(sid=QUEUE, friendly_name="Everyone", target_workers="1==1", reservation_activity_sid=GONE_ACTIVITY)],
        workflows=[
            dict(
                sid="WW" + "1" * 32,
                friendly_name="Route",
                configuration=json.dumps({"task_routing": {"filters": [{"targets": [{"queue": GONE_QUEUE}, {"queue": QUEUE}]}]}}),
                assignment_callback_url="",
            )
        ],
    )
    declaration, warnings = container_declaration(TASKROUTER_WORKSPACE, workspace, "Flex", live)
    assert declaration["settings"] == dict(default_activity="Offline", timeout_activity=GONE_ACTIVITY, events_filter=["a", "b"])
    assert declaration["task_queues"] == [dict(friendly_name="Everyone", target_workers="1==1", reservation_activity=GONE_ACTIVITY)]
    assert declaration["workflows"] == [
        dict(friendly_name="Route", configuration={"task_routing": {"filters": [{"targets": [{"queue": GONE_QUEUE}, {"queue": "Everyone"}]}]}})
    ]
    fails = "; fed back, the entry fails until the reference names an item of the workspace"
    assert warnings == [
        "The workspace %s ('Flex') keeps the SID %s in timeout_activity: no activity of the workspace has this SID, so it is kept as it is%s"
        % (workspace["sid"], GONE_ACTIVITY, fails),
        "The task queue %s ('Everyone') keeps the SID %s in reservation_activity: no activity of the workspace has this SID, so it is kept as it is%s"
        % (QUEUE, GONE_ACTIVITY, fails),
        "The workflow %s ('Route') keeps the SID %s in configuration: no task queue of the workspace has this SID, so it is kept as it is%s"
        % ("WW" + "1" * 32, GONE_QUEUE, fails),
    ]


def test_a_configuration_that_is_not_json_is_left_out_of_its_entry_with_a_warning():
    live = dict(activities=[], task_channels=[], task_queues=[], workflows=[dict(sid="WW" + "2" * 32, friendly_name="Broken", configuration="{not json")])
    declaration, warnings = container_declaration(TASKROUTER_WORKSPACE, dict(sid="WS" + "1" * 32, friendly_name="Flex"), "Flex", live)
    assert declaration == dict(workspace="Flex", activities=[], task_channels=[], task_queues=[], workflows=[dict(friendly_name="Broken")])
    assert len(warnings) == 1 and "not valid JSON" in warnings[0]
