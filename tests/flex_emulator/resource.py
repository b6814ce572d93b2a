# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Flex Flow resource: one table of form parameters, and the pure functions built on it
(parse a form, create, merge an update, check cross-field rules, render the API shape).

Stored flows are plain dicts in the API shape (snake_case) without ``url``; ``url`` depends
on where the emulator listens and is added by :func:`render`.
"""

import copy
import re
import secrets
from dataclasses import dataclass

from .errors import invalid_parameter
from .fields import ACCOUNT_SID_PATTERN, FormField, check_timestamps, parse_fields, require_fields, sid_field, timestamp

CHANNEL_TYPES = ("web", "sms", "facebook", "whatsapp", "line", "custom")
INTEGRATION_TYPES = ("studio", "external", "task")

FLOW_SID_PATTERN = re.compile(r"^FO[0-9a-fA-F]{32}$")

FORM_FIELDS = (
    FormField("FriendlyName", "friendly_name", "string"),
    sid_field("ChatServiceSid", "chat_service_sid", "IS"),
    FormField("ChannelType", "channel_type", "enum", choices=CHANNEL_TYPES),
    FormField("ContactIdentity", "contact_identity", "string"),
    FormField("Enabled", "enabled", "boolean"),
    FormField("IntegrationType", "integration_type", "enum", choices=INTEGRATION_TYPES),
    sid_field("Integration.FlowSid", "flow_sid", "FW", nested=True),
    FormField("Integration.Url", "url", "url", nested=True),
    sid_field("Integration.WorkspaceSid", "workspace_sid", "WS", nested=True),
    sid_field("Integration.WorkflowSid", "workflow_sid", "WW", nested=True),
    # A Task Channel SID (TC...) or a unique name such as "sms": no pattern.
    FormField("Integration.Channel", "channel", "string", nested=True),
    # Timeout and Priority: the spec says only "integer"; TaskRouter rejects negative values,
    # so the emulator does too and sets no upper bound (an unknown limit is not invented).
    FormField("Integration.Timeout", "timeout", "integer", nested=True, minimum=0),
    FormField("Integration.Priority", "priority", "integer", nested=True, minimum=0),
    FormField("Integration.CreationOnMessage", "creation_on_message", "boolean", nested=True),
    # 0-3 comes from the parameter description, not from the schema.
    FormField("Integration.RetryCount", "retry_count", "integer", nested=True, minimum=0, maximum=3),
    FormField("LongLived", "long_lived", "boolean"),
    FormField("JanitorEnabled", "janitor_enabled", "boolean"),
)

CREATE_REQUIRED = ("FriendlyName", "ChatServiceSid", "ChannelType")
# Required by parameter descriptions only ("Required when integrationType is ...").
INTEGRATION_REQUIRED = {
    "studio": (("flow_sid", "Integration.FlowSid"),),
    "external": (("url", "Integration.Url"),),
    "task": (("workspace_sid", "Integration.WorkspaceSid"), ("workflow_sid", "Integration.WorkflowSid")),
}
# Documented defaults, echoed in the integration object when not given. Whether Twilio echoes
# them is inferred (a community provider's acceptance test sees them set after create).
INTEGRATION_DEFAULTS = {
    "studio": {"retry_count": 3},
    "external": {"retry_count": 3},
    "task": {"channel": "default", "timeout": 86400, "priority": 0},
}
# Twilio documents studio as the default integration type; enabled has no documented default,
# false is the cautious choice (a new flow does not start taking traffic).
TOP_LEVEL_DEFAULTS = {
    "contact_identity": None,
    "enabled": False,
    "integration_type": "studio",
    "long_lived": False,
    "janitor_enabled": False,
}

# Key order of Twilio's responses (spec examples); url is added by render().
STORED_KEYS = (
    "account_sid",
    "date_created",
    "date_updated",
    "sid",
    "friendly_name",
    "chat_service_sid",
    "channel_type",
    "contact_identity",
    "enabled",
    "integration_type",
    "integration",
    "long_lived",
    "janitor_enabled",
)
INTEGRATION_KEYS = tuple(field.key for field in FORM_FIELDS if field.nested)
_BOOLEAN_KEYS = ("enabled", "long_lived", "janitor_enabled")


@dataclass
class FlowChanges:
    """What one create/update form asks for. A value of None means "clear"."""

    top: dict
    integration: dict


def new_flow_sid():
    return "FO" + secrets.token_hex(16)


def parse_form(form):
    """Turn a decoded form (name -> text) into FlowChanges; unknown names are ignored as Twilio does.

    An empty value clears an optional string (ContactIdentity, Integration.*), following the
    community provider that sends "" to clear; the field is then stored as null (inferred).
    A repeated name counts with its last value.
    """
    top, integration = parse_fields(form, FORM_FIELDS, CREATE_REQUIRED)
    return FlowChanges(top, integration)


def _complete_integration(flow):
    """Check the per-type requirements on the resulting flow, then echo the documented defaults."""
    integration_type = flow["integration_type"]
    integration = flow["integration"]
    for key, form_name in INTEGRATION_REQUIRED[integration_type]:
        if integration.get(key) is None:
            raise invalid_parameter(form_name, f"is required when IntegrationType is {integration_type}")
    for key, value in INTEGRATION_DEFAULTS[integration_type].items():
        if integration.get(key) is None:
            integration[key] = value
    flow["integration"] = {key: value for key, value in integration.items() if value is not None}


def create_flow(changes, account_sid, now=None):
    """A new stored flow from a create form's changes (raises TwilioApiError on a rule violation)."""
    require_fields(FORM_FIELDS, CREATE_REQUIRED, changes.top)
    stamp = timestamp(now)
    flow = {"account_sid": account_sid, "date_created": stamp, "date_updated": stamp, "sid": new_flow_sid()}
    flow.update(TOP_LEVEL_DEFAULTS)
    flow.update(changes.top)
    flow["integration"] = dict(changes.integration)
    _complete_integration(flow)
    return {key: flow[key] for key in STORED_KEYS}


def update_flow(stored, changes, now=None):
    """The stored flow with an update form's changes applied: a partial update.

    Integration.* keys sent are merged into the stored integration object (inferred: the SDKs
    send only the keys set, so replacing the whole object would wipe the rest). Keys of a former
    integration type are kept when IntegrationType changes (inferred as well).
    """
    flow = copy.deepcopy(stored)
    flow.update(changes.top)
    flow["integration"] = dict(flow.get("integration") or {})
    flow["integration"].update(changes.integration)
    _complete_integration(flow)
    flow["date_updated"] = timestamp(now)
    return flow


def render(flow, base_url):
    """The API shape Twilio answers with: the stored keys plus the absolute ``url``."""
    shaped = {key: copy.deepcopy(flow.get(key)) for key in STORED_KEYS}
    shaped["url"] = f"{base_url}/v1/FlexFlows/{flow['sid']}"
    return shaped


def normalize_api_flow(data, account_sid, existing=None, bump=True, now=None):
    """A stored flow from an API-shaped dict given out of band (seed data, admin endpoints).

    Out-of-band data may model states the API would refuse (e.g. a studio flow without a
    flow_sid), so only the shape is checked: known keys, SID patterns, enums, value types.
    Integration defaults are not filled in: what is given is what is stored.
    Raises ValueError on a malformed flow.
    """
    if not isinstance(data, dict):
        raise ValueError("a flow must be a mapping of API fields")
    unknown = sorted(set(data) - set(STORED_KEYS) - {"url"})
    if unknown:
        raise ValueError("unknown flow field(s): " + ", ".join(unknown))
    stamp = timestamp(now)
    flow = {"account_sid": account_sid, "date_created": stamp, "date_updated": stamp}
    flow.update(TOP_LEVEL_DEFAULTS)
    flow["integration"] = {}
    if existing is not None:
        flow["date_created"] = existing["date_created"]
    flow.update({key: copy.deepcopy(value) for key, value in data.items() if key != "url"})
    if bump:
        flow["date_updated"] = stamp
    flow["sid"] = flow.get("sid") or new_flow_sid()
    _check_shape(flow)
    return {key: flow[key] for key in STORED_KEYS}


def _check_shape(flow):
    if not FLOW_SID_PATTERN.match(str(flow["sid"])):
        raise ValueError(f"sid must match {FLOW_SID_PATTERN.pattern}")
    if not ACCOUNT_SID_PATTERN.match(str(flow["account_sid"])):
        raise ValueError(f"account_sid must match {ACCOUNT_SID_PATTERN.pattern}")
    for key in ("friendly_name", "chat_service_sid", "channel_type"):
        if not flow.get(key):
            raise ValueError(f"{key} is required")
    if not re.match(r"^IS[0-9a-fA-F]{32}$", str(flow["chat_service_sid"])):
        raise ValueError("chat_service_sid must match ^IS[0-9a-fA-F]{32}$")
    if flow["channel_type"] not in CHANNEL_TYPES:
        raise ValueError("channel_type must be one of " + ", ".join(CHANNEL_TYPES))
    if flow["integration_type"] not in INTEGRATION_TYPES:
        raise ValueError("integration_type must be one of " + ", ".join(INTEGRATION_TYPES))
    for key in _BOOLEAN_KEYS:
        if not isinstance(flow[key], bool):
            raise ValueError(f"{key} must be a boolean")
    check_timestamps(flow)
    if flow["integration"] is None:
        return
    if not isinstance(flow["integration"], dict):
        raise ValueError("integration must be a mapping or null")
    unknown = sorted(set(flow["integration"]) - set(INTEGRATION_KEYS))
    if unknown:
        raise ValueError("unknown integration field(s): " + ", ".join(unknown))
