# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""TaskRouter as values: a workspace's settings and the four kinds of resource it holds, with their references.

This module utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.
"""

from __future__ import annotations

from ansible_collections.twilio.flex.plugins.module_utils._connection import TASKROUTER
from ansible_collections.twilio.flex.plugins.module_utils._container_declaration import Container, Kind
from ansible_collections.twilio.flex.plugins.module_utils._reconcile import Field, ResourceType

ORDERS = ["FIFO", "LIFO"]
WORKSPACES = "/v1/Workspaces"


def _taskrouter_type(label, fields, name_key="friendly_name", name_query="FriendlyName", **options):
    """A TaskRouter resource type: listed in pages of 1000, a name looked up by the listing query `name_query`."""
    return ResourceType(label, fields, name_key, product=TASKROUTER, page_size=1000, name_query=name_query, **options)


ACTIVITY = _taskrouter_type(
    "activity",
    (
        Field("friendly_name", "FriendlyName"),
        # Workers in an activity rely on whether it is available: Twilio fixes it when the activity is created.
        Field("available", "Available", kind="bool", create_only=True),
    ),
    sid_prefix="WA",
    collection_path="/Activities",
    list_key="activities",
    create_required=("friendly_name",),
    plural="activities",
)

TASK_CHANNEL = _taskrouter_type(
    "task channel",
    (
        Field("unique_name", "UniqueName", create_only=True),
        Field("friendly_name", "FriendlyName"),
        Field("channel_optimized_routing", "ChannelOptimizedRouting", kind="bool"),
    ),
    name_key="unique_name",
    name_query=None,
    sid_prefix="TC",
    names_unique=True,
    collection_path="/TaskChannels",
    list_key="channels",
    # The listing has no filter for it, and whether the path takes it in place of the SID is not documented; a workspace
    # holds at most 15 task channels, so one listing finds it.
    names_listed=True,
    create_required=("unique_name", "friendly_name"),
    # The channels of every Flex account: Flex routes its own tasks through them.
    never_pruned=("default", "voice", "chat", "sms", "video", "email"),
)

TASK_QUEUE = _taskrouter_type(
    "task queue",
    (
        Field("friendly_name", "FriendlyName"),
        Field("target_workers", "TargetWorkers"),
        Field("max_reserved_workers", "MaxReservedWorkers", kind="int", minimum=1, maximum=50),
        Field("task_order", "TaskOrder", choices=ORDERS),
        Field("reservation_activity", "ReservationActivitySid", source="reservation_activity_sid", references="activities"),
        Field("assignment_activity", "AssignmentActivitySid", source="assignment_activity_sid", references="activities"),
    ),
    sid_prefix="WQ",
    collection_path="/TaskQueues",
    list_key="task_queues",
    create_required=("friendly_name",),
    # What an update without TargetWorkers does is not documented, and a queue without it may hold its tasks.
    always_sent=("target_workers",),
)

WORKFLOW = _taskrouter_type(
    "workflow",
    (
        Field("friendly_name", "FriendlyName"),
        Field("task_reservation_timeout", "TaskReservationTimeout", kind="int", minimum=1, maximum=86400),
        Field("assignment_callback_url", "AssignmentCallbackUrl", url=True, allow_empty=True),
        Field("fallback_assignment_callback_url", "FallbackAssignmentCallbackUrl", url=True, allow_empty=True),
        Field(
            "configuration",
            "Configuration",
            kind="json",
            json_references=(("task_routing.filters[].targets[].queue", "task_queues"), ("task_routing.default_filter.queue", "task_queues")),
        ),
    ),
    sid_prefix="WW",
    collection_path="/Workflows",
    list_key="workflows",
    create_required=("friendly_name", "configuration"),
)

WORKSPACE = _taskrouter_type(
    "workspace",
    (
        Field("default_activity", "DefaultActivitySid", source="default_activity_sid", references="activities"),
        Field("timeout_activity", "TimeoutActivitySid", source="timeout_activity_sid", references="activities"),
        Field("event_callback_url", "EventCallbackUrl", url=True, allow_empty=True),
        Field("events_filter", "EventsFilter", kind="csv"),
        Field("multi_task_enabled", "MultiTaskEnabled", kind="bool"),
        Field("prioritize_queue_order", "PrioritizeQueueOrder", choices=ORDERS),
    ),
    sid_prefix="WS",
    collection_path=WORKSPACES,
    list_key="workspaces",
    result_key="workspace",
)

# In the order of their creates and updates: each kind refers only to kinds before it.
TASKROUTER_WORKSPACE = Container(
    WORKSPACE,
    (Kind("activities", ACTIVITY), Kind("task_channels", TASK_CHANNEL), Kind("task_queues", TASK_QUEUE), Kind("workflows", WORKFLOW)),
    option="workspace",
    settings_option="settings",
)
