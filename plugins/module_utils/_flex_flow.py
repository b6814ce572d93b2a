# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Flex Flow resource as a value: its field table, its integration group, and one rule that is not data.

This module utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.
"""

from __future__ import annotations

import re

from ansible_collections.twilio.flex.plugins.module_utils._connection import FLEX
from ansible_collections.twilio.flex.plugins.module_utils._reconcile import Field, Group, ResourceType, Variant, sid_rule
from ansible_collections.twilio.flex.plugins.module_utils._twilio_resource import AmbiguousName, TwilioResourceApi

COLLECTION_PATH = "/v1/FlexFlows"
CHANNEL_TYPES = ["web", "sms", "facebook", "whatsapp", "line", "custom"]
INTEGRATION_TYPES = ["studio", "external", "task"]
TASK_CHANNEL_SID = re.compile(r"^TC[0-9a-fA-F]{32}$")


# The resource, field by field: option path (= response key), form name, type and rules.
FIELDS = (
    Field("friendly_name", "FriendlyName"),
    Field("chat_service_sid", "ChatServiceSid", **sid_rule("IS", "a Chat Service")),
    Field("channel_type", "ChannelType", choices=CHANNEL_TYPES),
    Field("contact_identity", "ContactIdentity", allow_empty=True),
    Field("enabled", "Enabled", kind="bool"),
    Field("integration_type", "IntegrationType", choices=INTEGRATION_TYPES),
    Field("integration.flow_sid", "Integration.FlowSid", **sid_rule("FW", "a Studio Flow")),
    Field("integration.url", "Integration.Url", url=True),
    Field("integration.workspace_sid", "Integration.WorkspaceSid", **sid_rule("WS", "a TaskRouter Workspace")),
    Field("integration.workflow_sid", "Integration.WorkflowSid", **sid_rule("WW", "a TaskRouter Workflow")),
    # A Task Channel SID or a unique name such as "sms"; TaskRouter caps unique names at 64 characters.
    Field("integration.channel", "Integration.Channel", max_length=64),
    # TaskRouter's own limits for a new Task: up to two weeks of timeout, a 32-bit priority.
    Field("integration.timeout", "Integration.Timeout", kind="int", minimum=1, maximum=1209600),
    Field("integration.priority", "Integration.Priority", kind="int", minimum=0, maximum=2147483647),
    Field("integration.creation_on_message", "Integration.CreationOnMessage", kind="bool"),
    Field("integration.retry_count", "Integration.RetryCount", kind="int", minimum=0, maximum=3),
    Field("long_lived", "LongLived", kind="bool"),
    Field("janitor_enabled", "JanitorEnabled", kind="bool"),
)


def check_channel(params):
    """The problem of an integration.channel that looks like a Task Channel SID but is not one; else None."""
    channel = (params.get("integration") or {}).get("channel")
    if channel and channel.upper().startswith("TC") and len(channel) == 34 and not TASK_CHANNEL_SID.match(channel):
        return "integration.channel looks like a Task Channel SID but is not TC followed by 32 hexadecimal digits: %r" % channel
    return None


FLEX_FLOW = ResourceType(
    "Flex Flow",
    FIELDS,
    "friendly_name",
    sid_prefix="FO",
    names_unique=False,
    product=FLEX,
    collection_path=COLLECTION_PATH,
    list_key="flex_flows",
    page_size=1000,
    result_key="flex_flow",
    listing_key="flex_flows",
    name_query="FriendlyName",
    create_required=("friendly_name", "chat_service_sid", "channel_type"),
    groups=(
        Group(
            discriminator="integration_type",
            prefix="integration.",
            # Which integration keys each type uses, as the API reference states per parameter.
            variants={
                "studio": Variant(required=("integration.flow_sid",), applicable=("integration.flow_sid", "integration.retry_count")),
                "external": Variant(required=("integration.url",), applicable=("integration.url", "integration.retry_count")),
                "task": Variant(
                    required=("integration.workspace_sid", "integration.workflow_sid"),
                    applicable=("integration.workspace_sid", "integration.workflow_sid", "integration.channel", "integration.timeout", "integration.priority"),
                ),
            },
            # Twilio creates a studio integration when IntegrationType is left out.
            default="studio",
            shared=("integration.creation_on_message",),
        ),
    ),
    option_checks=(check_channel,),
)
check_sid = FLEX_FLOW.check_sid


class FlexFlowApi(TwilioResourceApi):
    """The Flex Flow endpoints over a TwilioClient."""

    def __init__(self, client, warn=None):
        super().__init__(FLEX_FLOW, client, warn)


__all__ = ("AmbiguousName", "FLEX_FLOW", "FlexFlowApi", "check_sid")
