# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Flex Flow resource: one table of fields, its rules, and its five API calls.

This module utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.
"""

from __future__ import annotations

import re

from ansible_collections.twilio.flex.plugins.module_utils._client import CREATE, AmbiguousWriteError
from ansible_collections.twilio.flex.plugins.module_utils._reconcile import (
    Field,
    InvalidValueError,
    ResourceType,
    argument_spec,
    field_problems,
    sid_key,
)
from ansible_collections.twilio.flex.plugins.module_utils._twilio_resource import TwilioResourceApi, checked_listing

COLLECTION_PATH = "/v1/FlexFlows"
LIST_KEY = "flex_flows"
MAX_PAGE_SIZE = 1000
CHANNEL_TYPES = ["web", "sms", "facebook", "whatsapp", "line", "custom"]
INTEGRATION_TYPES = ["studio", "external", "task"]
FLEX_FLOW_SID = re.compile(r"^FO[0-9a-fA-F]{32}$")
TASK_CHANNEL_SID = re.compile(r"^TC[0-9a-fA-F]{32}$")


def _sid(prefix, what):
    return dict(pattern=r"^%s[0-9a-fA-F]{32}$" % prefix, pattern_text="%s SID: %s followed by 32 hexadecimal digits" % (what, prefix))


# The resource, field by field: option path (= response key), form name, type and rules.
FIELDS = (
    Field("friendly_name", "FriendlyName"),
    Field("chat_service_sid", "ChatServiceSid", **_sid("IS", "a Chat Service")),
    Field("channel_type", "ChannelType", choices=CHANNEL_TYPES),
    Field("contact_identity", "ContactIdentity", allow_empty=True),
    Field("enabled", "Enabled", kind="bool"),
    Field("integration_type", "IntegrationType", choices=INTEGRATION_TYPES),
    Field("integration.flow_sid", "Integration.FlowSid", **_sid("FW", "a Studio Flow")),
    Field("integration.url", "Integration.Url", url=True),
    Field("integration.workspace_sid", "Integration.WorkspaceSid", **_sid("WS", "a TaskRouter Workspace")),
    Field("integration.workflow_sid", "Integration.WorkflowSid", **_sid("WW", "a TaskRouter Workflow")),
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

CREATE_REQUIRED = ("friendly_name", "chat_service_sid", "channel_type")
# Twilio creates a studio integration when IntegrationType is left out.
DEFAULT_INTEGRATION_TYPE = "studio"
INTEGRATION_REQUIRED = {
    "studio": ("integration.flow_sid",),
    "external": ("integration.url",),
    "task": ("integration.workspace_sid", "integration.workflow_sid"),
}
# Which integration keys each type uses, as the API reference states per parameter.
INTEGRATION_APPLICABLE = {
    "studio": ("integration.flow_sid", "integration.retry_count", "integration.creation_on_message"),
    "external": ("integration.url", "integration.retry_count", "integration.creation_on_message"),
    "task": (
        "integration.workspace_sid",
        "integration.workflow_sid",
        "integration.channel",
        "integration.timeout",
        "integration.priority",
        "integration.creation_on_message",
    ),
}


def argument_spec_for_fields():
    """The resource options of the argument spec, derived from FIELDS: types and choices only, no defaults."""
    return argument_spec(FIELDS)


def check_sid(sid):
    if sid is not None and not FLEX_FLOW_SID.match(sid):
        raise InvalidValueError("sid must be a Flex Flow SID: FO followed by 32 hexadecimal digits, got %r" % sid)


def check_channel(params):
    channel = (params.get("integration") or {}).get("channel")
    if channel and channel.upper().startswith("TC") and len(channel) == 34 and not TASK_CHANNEL_SID.match(channel):
        raise InvalidValueError("integration.channel looks like a Task Channel SID but is not TC followed by 32 hexadecimal digits: %r" % channel)


def check_integration_keys(desired, integration_type, source):
    """Raise InvalidValueError if the task set integration keys that `integration_type` (described by `source`) does not use."""
    misplaced = sorted(path for path in desired if path.startswith("integration.") and path not in INTEGRATION_APPLICABLE[integration_type])
    if misplaced:
        applicable = ", ".join(INTEGRATION_APPLICABLE[integration_type])
        raise InvalidValueError("%s does not apply to %s (it applies to %s)" % (", ".join(misplaced), source, applicable))


def option_problems(params, desired):
    """Every problem of one flow's options that needs no current state: the flex_flow checks, in one list."""
    problems = field_problems(FIELDS, params)
    integration_type = desired.get("integration_type")
    checks = [lambda: check_sid(params.get("sid")), lambda: check_channel(params)]
    if integration_type in INTEGRATION_APPLICABLE:
        checks.append(lambda: check_integration_keys(desired, integration_type, "integration_type %s" % integration_type))
    for check in checks:
        try:
            check()
        except InvalidValueError as error:
            problems.append(str(error))
    return problems


def exported_state(state):
    """A flow's state as a declaration holds it: the integration keys of its own integration type only."""
    applicable = INTEGRATION_APPLICABLE.get(state.get("integration_type") or DEFAULT_INTEGRATION_TYPE, ())
    return dict((path, value) for path, value in state.items() if not path.startswith("integration.") or path in applicable)


def check_target(desired, merged, creating):
    """Raise InvalidValueError if the state a write would leave breaks Twilio's cross-field rules."""
    if creating:
        missing = [path for path in CREATE_REQUIRED if merged.get(path) is None]
        if missing:
            raise InvalidValueError("creating a Flex Flow needs %s" % ", ".join(missing))
    integration_type = merged.get("integration_type") or DEFAULT_INTEGRATION_TYPE
    source = (
        "integration_type %s" % integration_type
        if merged.get("integration_type")
        else "a new Flex Flow without integration_type (Twilio makes it %s)" % integration_type
    )
    missing = [path for path in INTEGRATION_REQUIRED[integration_type] if merged.get(path) is None]
    if missing:
        raise InvalidValueError("%s requires %s" % (source, " and ".join(missing)))
    check_integration_keys(desired, integration_type, source)


def integration_paths_to_send(desired, changes):
    """Changed paths plus, when the integration changes at all, every integration key the task set."""
    if any(path == "integration_type" or path.startswith("integration.") for path in changes):
        return sorted(set(changes) | set(path for path in desired if path.startswith("integration.")))
    return list(changes)


class AmbiguousName(LookupError):
    """Several flows share the friendly name used to find one."""


class FlexFlowApi(TwilioResourceApi):
    """The Flex Flow endpoints over a TwilioClient."""

    collection_path = COLLECTION_PATH

    def find_by_name(self, friendly_name):
        """Every flow whose friendly name is exactly this one, across all pages."""
        flows = checked_listing(self.client.list_all(COLLECTION_PATH, LIST_KEY, params={"FriendlyName": friendly_name, "PageSize": MAX_PAGE_SIZE}), "Flex Flow")
        # Filtered again here: the identity is an exact match, whatever the server's matching.
        return [flow for flow in flows if flow.get("friendly_name") == friendly_name]

    def find(self, sid, name):
        """The flow a task means: by SID when given, else the one flow with that friendly name; None if there is none."""
        if sid:
            # Twilio issues SIDs with lower-case hexadecimal digits; one given in upper case names the same flow.
            return self.fetch(sid_key(sid))
        matches = self.find_by_name(name)
        if len(matches) > 1:
            raise AmbiguousName(
                "%d Flex Flows are named %r: %s. Give sid to choose one" % (len(matches), name, ", ".join(sorted(flow.get("sid") or "?" for flow in matches)))
            )
        return matches[0] if matches else None

    def list_all(self):
        return checked_listing(self.client.list_all(COLLECTION_PATH, LIST_KEY, params={"PageSize": MAX_PAGE_SIZE}), "Flex Flow")

    def create(self, form):
        try:
            return self.client.request("POST", COLLECTION_PATH, data=form, policy=CREATE)
        except AmbiguousWriteError as error:
            # The create may have happened: a flow that now carries the name is ours, and a second POST would duplicate it.
            matches = self.find_by_name(form["FriendlyName"])
            if len(matches) == 1:
                self.warn("%s; the Flex Flow %s named %r exists now, so the create took effect" % (error.message, matches[0].get("sid"), form["FriendlyName"]))
                return matches[0]
            if matches:
                raise error.extended("; %d Flex Flows are named %r now" % (len(matches), form["FriendlyName"])) from error
            raise error.extended(
                "; no Flex Flow named %r exists yet, though the create may still take effect. It was not sent again, "
                "so nothing was duplicated: running the task again is safe, as it looks the flow up by name first" % form["FriendlyName"]
            ) from error


FLEX_FLOW = ResourceType(
    "Flex Flow",
    FIELDS,
    "friendly_name",
    check_target=check_target,
    paths_to_send=integration_paths_to_send,
    option_problems=option_problems,
    exported_state=exported_state,
)
