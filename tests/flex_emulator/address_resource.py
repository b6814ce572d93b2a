# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Conversations v1 Address Configuration resource (``/v1/Configuration/Addresses``): one table of
form parameters, and the rules only it has (create-only fields, auto_creation keys by type, one configuration per
address, the shape of out-of-band configurations).

Sources: Twilio's OpenAPI description ``twilio_conversations_v1.yaml`` (twilio-oai 2.6.7, not copied
here; see CONVERSATIONS-NOTES.md sections 1 and 6). Choices the spec does not settle are marked
"inferred" with the reason, and listed in the README.
"""

import copy
import re

from .collection import CollectionResource, ListFilter
from .errors import conflict
from .fields import FormField, sid_field

# Enums of the spec (configuration_address_enum_type, _auto_creation_type, _method).
ADDRESS_TYPES = ("sms", "whatsapp", "messenger", "gbm", "email", "rcs", "apple", "chat")
AUTO_CREATION_TYPES = ("webhook", "studio", "default")
WEBHOOK_METHODS = ("get", "post")
# The spec types AutoCreation.WebhookFilters as an array of strings without an enum; these are the
# values its description lists. Refusing others is inferred, as the flows' RetryCount range comes from text.
WEBHOOK_FILTERS = (
    "onMessageAdded",
    "onMessageUpdated",
    "onMessageRemoved",
    "onConversationUpdated",
    "onConversationStateUpdated",
    "onConversationRemoved",
    "onParticipantAdded",
    "onParticipantUpdated",
    "onParticipantRemoved",
    "onDeliveryUpdated",
)

_SERVICE_SID_PATTERN = re.compile(r"^IS[0-9a-fA-F]{32}$")
_STUDIO_FLOW_SID_PATTERN = re.compile(r"^FW[0-9a-fA-F]{32}$")

FORM_FIELDS = (
    # The spec's request example createWhatsappCaseInsensitive sends "whAtsAPP": any case is accepted.
    # Its response example echoes "whAtsAPP", but the enum is lower case: storing and answering lower
    # case follows the enum (inferred; the example is taken to copy the request).
    FormField("Type", "type", "enum", choices=ADDRESS_TYPES, fold="lower"),
    # Any non-empty text: the spec gives no format ("a whatsapp address or phone number").
    FormField("Address", "address", "string"),
    # "limited to 256 characters" is in the description only, not a maxLength.
    FormField("FriendlyName", "friendly_name", "string", max_length=256),
    # "An ISO 3166-1 alpha-2n country code": two letters, stored as given (the check is inferred).
    FormField("AddressCountry", "address_country", "string", pattern=r"^[A-Za-z]{2}$"),
    FormField("AutoCreation.Enabled", "enabled", "boolean", nested=True),
    # Matched exactly, as the flows' enums are (inferred: only Type has a case-insensitive example).
    FormField("AutoCreation.Type", "type", "enum", nested=True, choices=AUTO_CREATION_TYPES),
    sid_field("AutoCreation.ConversationServiceSid", "conversation_service_sid", "IS", nested=True),
    # No format in the spec; an absolute http(s) URL as for the flows' Integration.Url (inferred).
    FormField("AutoCreation.WebhookUrl", "webhook_url", "url", nested=True),
    # The enum is get/post (lower case since 2025-07) while every response example answers "POST":
    # any case is accepted and the answer is upper case, following the response examples (inferred).
    FormField("AutoCreation.WebhookMethod", "webhook_method", "enum", nested=True, choices=WEBHOOK_METHODS, fold="upper"),
    # A repeated form key (twilio-go sends one key per filter), kept in the order given.
    FormField("AutoCreation.WebhookFilters", "webhook_filters", "list", nested=True, choices=WEBHOOK_FILTERS),
    sid_field("AutoCreation.StudioFlowSid", "studio_flow_sid", "FW", nested=True),
    # The spec says only "integer"; negative retries make no sense, and no upper bound is invented (inferred).
    FormField("AutoCreation.StudioRetryCount", "studio_retry_count", "integer", nested=True, minimum=0),
)

# The keys of auto_creation for each of its types, in the order of the spec's response examples.
# The update example switches webhook to studio and answers only studio keys: keys that do not
# apply to the new type are dropped (inferred from that example).
AUTO_CREATION_KEYS = {
    "webhook": ("enabled", "type", "conversation_service_sid", "webhook_url", "webhook_method", "webhook_filters"),
    "studio": ("enabled", "type", "conversation_service_sid", "studio_flow_sid", "studio_retry_count"),
    "default": ("enabled", "type"),
}
# Without AutoCreation.* a new configuration does not auto-create conversations (inferred: no
# documented default; enabled false is the cautious choice, as for a new flow).
AUTO_CREATION_DEFAULTS = {"enabled": False, "type": "default"}


class AddressConfigurations(CollectionResource):
    """Conversations v1 Address Configurations: one per address, found by sid or by address, listed with a Type filter."""

    name = "addresses"
    noun = "address configuration"
    list_path = "/v1/Configuration/Addresses"
    list_key = "address_configurations"
    sid_prefix = "IG"
    form_fields = FORM_FIELDS
    create_required = ("Type", "Address")
    # Absent from the spec's update schema. Whether the real API ignores or refuses them is not
    # documented; refusing with a 400 naming the parameter is inferred (a silent no-op would hide a client bug).
    create_only = ("Type", "Address", "AddressCountry")
    # Key order of the spec's response examples; url is added by render().
    stored_keys = ("account_sid", "sid", "address", "type", "friendly_name", "address_country", "auto_creation", "date_created", "date_updated")
    nested_key = "auto_creation"
    top_level_defaults = {"friendly_name": None, "address_country": None}
    out_of_band_nested = AUTO_CREATION_DEFAULTS
    # {Sid} "can be either the sid or the address of the configuration" (spec).
    unique_key = "address"
    # The filter is a plain string in the spec; it matches whatever the case, as Type on create does (inferred).
    list_filter = ListFilter("Type", "type", any_case=True)
    # "The default is 50, and the maximum is 50" (spec). A larger PageSize is a 400 as for flows;
    # whether Twilio refuses or clamps it is not documented (inferred).
    max_page_size = 50

    def shape_nested(self, item, stored, changes, creating):
        """The stored auto_creation object with ``changes`` merged in, reduced to the keys of its type; an update
        without AutoCreation.* leaves it as it is.

        Keys of the type that were never set, or were cleared with an empty value, answer null (inferred:
        the spec's examples show every key of the type set). Cross-field rules (a studio flow SID for
        studio, a URL for webhook) are not enforced: Flex reports those states only when it uses the
        address (errors 45763, 45764), which suggests the API stores them (inferred).
        """
        if not creating and not changes:
            return stored
        merged = dict(AUTO_CREATION_DEFAULTS)
        merged.update(stored or {})
        merged.update(changes)
        auto_type = merged.get("type") if merged.get("type") in AUTO_CREATION_KEYS else "default"
        merged["type"] = auto_type
        if merged.get("enabled") is None:
            merged["enabled"] = False
        return {key: copy.deepcopy(merged.get(key)) for key in AUTO_CREATION_KEYS[auto_type]}

    def duplicate_error(self, item, other):
        """A second configuration for the same address: "you can only configure an address once" (a community
        provider's docs); the status, code and message are inferred."""
        return conflict(f"An address configuration for {item['address']} already exists: {other['sid']}")

    def check_shape(self, item):
        """``type`` and ``auto_creation.webhook_method`` are checked in any case and stored as given, and auto_creation
        keys are stored as given, whatever its type: out-of-band data may model answers the API might give."""
        if not isinstance(item.get("address"), str) or not item["address"]:
            raise ValueError("address is required (a non-empty string)")
        if not isinstance(item.get("type"), str) or item["type"].lower() not in ADDRESS_TYPES:
            raise ValueError("type must be one of " + ", ".join(ADDRESS_TYPES))
        for key in ("friendly_name", "address_country"):
            if item[key] is not None and not isinstance(item[key], str):
                raise ValueError(f"{key} must be a string or null")
        _check_auto_creation_values(item["auto_creation"] or {})


def _check_auto_creation_values(auto_creation):  # pylint: disable=too-many-branches
    value = auto_creation.get("type")
    if value is not None and value not in AUTO_CREATION_TYPES:
        raise ValueError("auto_creation.type must be one of " + ", ".join(AUTO_CREATION_TYPES))
    value = auto_creation.get("enabled")
    if value is not None and not isinstance(value, bool):
        raise ValueError("auto_creation.enabled must be a boolean")
    value = auto_creation.get("webhook_method")
    if value is not None and (not isinstance(value, str) or value.lower() not in WEBHOOK_METHODS):
        raise ValueError("auto_creation.webhook_method must be GET or POST (any case)")
    value = auto_creation.get("webhook_filters")
    if value is not None and (not isinstance(value, list) or not all(isinstance(entry, str) for entry in value)):
        raise ValueError("auto_creation.webhook_filters must be a list of strings or null")
    value = auto_creation.get("studio_retry_count")
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise ValueError("auto_creation.studio_retry_count must be an integer or null")
    for key, pattern in (("conversation_service_sid", _SERVICE_SID_PATTERN), ("studio_flow_sid", _STUDIO_FLOW_SID_PATTERN)):
        value = auto_creation.get(key)
        if value is not None and not pattern.match(str(value)):
            raise ValueError(f"auto_creation.{key} must match {pattern.pattern}")
    value = auto_creation.get("webhook_url")
    if value is not None and not isinstance(value, str):
        raise ValueError("auto_creation.webhook_url must be a string or null")


ADDRESS_CONFIGURATIONS = AddressConfigurations()

# The module functions that tests of module_utils call to hold the modules' predictions against the emulator
# (tests/unit/plugins/module_utils/test_conversations_address.py).
STORED_KEYS = AddressConfigurations.stored_keys
parse_create_form = ADDRESS_CONFIGURATIONS.parse_create
parse_update_form = ADDRESS_CONFIGURATIONS.parse_update
create_address = ADDRESS_CONFIGURATIONS.create
update_address = ADDRESS_CONFIGURATIONS.update
render = ADDRESS_CONFIGURATIONS.render
