# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Flex Flow resource (Flex v1 ``/v1/FlexFlows``): its table of form parameters, and the rules only it has
(the per-integration-type requirements and defaults, and the shape of out-of-band flows).
"""

import re

from .collection import CollectionResource, ListFilter
from .errors import invalid_parameter
from .fields import FormField, sid_field

CHANNEL_TYPES = ("web", "sms", "facebook", "whatsapp", "line", "custom")
INTEGRATION_TYPES = ("studio", "external", "task")

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
_CHAT_SERVICE_SID_PATTERN = re.compile(r"^IS[0-9a-fA-F]{32}$")
_BOOLEAN_KEYS = ("enabled", "long_lived", "janitor_enabled")


class FlexFlows(CollectionResource):
    """Flex v1 Flex Flows: found by sid only, listed with an exact FriendlyName filter."""

    name = "flows"
    noun = "flow"
    list_path = "/v1/FlexFlows"
    list_key = "flex_flows"
    sid_prefix = "FO"
    form_fields = FORM_FIELDS
    create_required = ("FriendlyName", "ChatServiceSid", "ChannelType")
    # Key order of Twilio's responses (spec examples); url is added by render().
    stored_keys = (
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
    nested_key = "integration"
    # Twilio documents studio as the default integration type; enabled has no documented default,
    # false is the cautious choice (a new flow does not start taking traffic).
    top_level_defaults = {
        "contact_identity": None,
        "enabled": False,
        "integration_type": "studio",
        "long_lived": False,
        "janitor_enabled": False,
    }
    list_filter = ListFilter("FriendlyName", "friendly_name")

    def shape_nested(self, item, stored, changes, creating):
        """Integration.* keys merged into the stored object, then the per-type requirements checked on the resulting
        flow and the documented defaults echoed. Keys of a former integration type are kept when IntegrationType
        changes (inferred, as the merge)."""
        integration = dict(stored or {})
        integration.update(changes)
        integration_type = item["integration_type"]
        for key, form_name in INTEGRATION_REQUIRED[integration_type]:
            if integration.get(key) is None:
                raise invalid_parameter(form_name, f"is required when IntegrationType is {integration_type}")
        for key, value in INTEGRATION_DEFAULTS[integration_type].items():
            if integration.get(key) is None:
                integration[key] = value
        return {key: value for key, value in integration.items() if value is not None}

    def check_shape(self, item):
        for key in ("friendly_name", "chat_service_sid", "channel_type"):
            if not item.get(key):
                raise ValueError(f"{key} is required")
        if not _CHAT_SERVICE_SID_PATTERN.match(str(item["chat_service_sid"])):
            raise ValueError(f"chat_service_sid must match {_CHAT_SERVICE_SID_PATTERN.pattern}")
        if item["channel_type"] not in CHANNEL_TYPES:
            raise ValueError("channel_type must be one of " + ", ".join(CHANNEL_TYPES))
        if item["integration_type"] not in INTEGRATION_TYPES:
            raise ValueError("integration_type must be one of " + ", ".join(INTEGRATION_TYPES))
        for key in _BOOLEAN_KEYS:
            if not isinstance(item[key], bool):
                raise ValueError(f"{key} must be a boolean")


FLEX_FLOWS = FlexFlows()

# The module functions that tests of module_utils call to hold the modules' predictions against the emulator
# (tests/unit/plugins/module_utils/test_properties.py).
STORED_KEYS = FlexFlows.stored_keys
parse_form = FLEX_FLOWS.parse_create
create_flow = FLEX_FLOWS.create
update_flow = FLEX_FLOWS.update
render = FLEX_FLOWS.render
