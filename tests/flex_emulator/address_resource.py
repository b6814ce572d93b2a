# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Conversations v1 Address Configuration resource (``/v1/Configuration/Addresses``): one table of
form parameters, and the pure functions built on it (parse a form, create, merge an update, render).

Sources: Twilio's OpenAPI description ``twilio_conversations_v1.yaml`` (twilio-oai 2.6.7, not copied
here; see CONVERSATIONS-NOTES.md sections 1 and 6). Choices the spec does not settle are marked
"inferred" with the reason, and listed in the README.

Stored address configurations are plain dicts in the API shape without ``url``, which :func:`render` adds.
"""

import copy
import re
import secrets
from dataclasses import dataclass

from .errors import conflict, invalid_parameter
from .fields import ACCOUNT_SID_PATTERN, FormField, check_timestamps, parse_fields, require_fields, sid_field, timestamp

LIST_PATH = "/v1/Configuration/Addresses"

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

ADDRESS_SID_PATTERN = re.compile(r"^IG[0-9a-fA-F]{32}$")
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

CREATE_REQUIRED = ("Type", "Address")
# Absent from the spec's update schema. Whether the real API ignores or refuses them is not
# documented; refusing with a 400 naming the parameter is inferred (a silent no-op would hide a client bug).
CREATE_ONLY = ("Type", "Address", "AddressCountry")

# The keys of auto_creation for each of its types, in the order of the spec's response examples.
# The update example switches webhook to studio and answers only studio keys: keys that do not
# apply to the new type are dropped (inferred from that example).
AUTO_CREATION_KEYS = {
    "webhook": ("enabled", "type", "conversation_service_sid", "webhook_url", "webhook_method", "webhook_filters"),
    "studio": ("enabled", "type", "conversation_service_sid", "studio_flow_sid", "studio_retry_count"),
    "default": ("enabled", "type"),
}
ALL_AUTO_CREATION_KEYS = tuple(field.key for field in FORM_FIELDS if field.nested)
# Without AutoCreation.* a new configuration does not auto-create conversations (inferred: no
# documented default; enabled false is the cautious choice, as for a new flow).
AUTO_CREATION_DEFAULTS = {"enabled": False, "type": "default"}
TOP_LEVEL_DEFAULTS = {"friendly_name": None, "address_country": None}

# Key order of the spec's response examples; url is added by render().
STORED_KEYS = ("account_sid", "sid", "address", "type", "friendly_name", "address_country", "auto_creation", "date_created", "date_updated")


@dataclass
class AddressChanges:
    """What one create/update form asks for. A value of None means "clear"."""

    top: dict
    auto_creation: dict


def new_address_sid():
    return "IG" + secrets.token_hex(16)


def parse_create_form(form):
    """AddressChanges of a create form; unknown names are ignored as Twilio does."""
    top, auto_creation = parse_fields(form, FORM_FIELDS, CREATE_REQUIRED)
    return AddressChanges(top, auto_creation)


def parse_update_form(form):
    """AddressChanges of an update form; a create-only parameter is a 400 naming it."""
    for name in CREATE_ONLY:
        if name in form:
            raise invalid_parameter(name, "cannot be updated; it is set on create only")
    top, auto_creation = parse_fields(form, FORM_FIELDS, CREATE_REQUIRED)
    return AddressChanges(top, auto_creation)


def shape_auto_creation(stored, changes):
    """The stored auto_creation object with ``changes`` merged in, reduced to the keys of its type.

    Keys of the type that were never set, or were cleared with an empty value, answer null (inferred:
    the spec's examples show every key of the type set). Cross-field rules (a studio flow SID for
    studio, a URL for webhook) are not enforced: Flex reports those states only when it uses the
    address (errors 45763, 45764), which suggests the API stores them (inferred).
    """
    merged = dict(AUTO_CREATION_DEFAULTS)
    merged.update(stored or {})
    merged.update(changes)
    auto_type = merged.get("type") if merged.get("type") in AUTO_CREATION_KEYS else "default"
    merged["type"] = auto_type
    if merged.get("enabled") is None:
        merged["enabled"] = False
    return {key: copy.deepcopy(merged.get(key)) for key in AUTO_CREATION_KEYS[auto_type]}


def create_address(changes, account_sid, now=None):
    """A new stored address configuration from a create form's changes (raises TwilioApiError)."""
    require_fields(FORM_FIELDS, CREATE_REQUIRED, changes.top)
    stamp = timestamp(now)
    item = {"account_sid": account_sid, "sid": new_address_sid(), "date_created": stamp, "date_updated": stamp}
    item.update(TOP_LEVEL_DEFAULTS)
    item.update(changes.top)
    item["auto_creation"] = shape_auto_creation(None, changes.auto_creation)
    return {key: item[key] for key in STORED_KEYS}


def update_address(stored, changes, now=None):
    """The stored address configuration with an update form's changes applied: a partial update.

    AutoCreation.* keys sent are merged into the stored object (inferred, as for the flows'
    Integration.*); an update without them leaves auto_creation as it is.
    """
    item = copy.deepcopy(stored)
    item.update(changes.top)
    if changes.auto_creation:
        item["auto_creation"] = shape_auto_creation(stored.get("auto_creation"), changes.auto_creation)
    item["date_updated"] = timestamp(now)
    return item


def address_conflict(address, sid):
    """A second configuration for the same address: "you can only configure an address once" (a community
    provider's docs); the status, code and message are inferred."""
    return conflict(f"An address configuration for {address} already exists: {sid}")


def render(item, base_url):
    """The API shape Twilio answers with: the stored keys plus the absolute ``url``."""
    shaped = {key: copy.deepcopy(item.get(key)) for key in STORED_KEYS}
    shaped["url"] = f"{base_url}{LIST_PATH}/{item['sid']}"
    return shaped


def normalize_api_address(data, account_sid, existing=None, bump=True, now=None):
    """A stored address configuration from an API-shaped dict given out of band (seed data, admin endpoints).

    Only the shape is checked (known keys, SID patterns, enums, value types): out-of-band data may
    model answers the API might give, so ``type`` and ``auto_creation.webhook_method`` are checked in
    any case and stored as given, and auto_creation keys are stored as given, whatever its type.
    Raises ValueError on a malformed item.
    """
    if not isinstance(data, dict):
        raise ValueError("an address configuration must be a mapping of API fields")
    unknown = sorted(set(data) - set(STORED_KEYS) - {"url"})
    if unknown:
        raise ValueError("unknown address configuration field(s): " + ", ".join(unknown))
    stamp = timestamp(now)
    item = {"account_sid": account_sid, "date_created": stamp, "date_updated": stamp}
    item.update(TOP_LEVEL_DEFAULTS)
    item["auto_creation"] = dict(AUTO_CREATION_DEFAULTS)
    if existing is not None:
        item["date_created"] = existing["date_created"]
    item.update({key: copy.deepcopy(value) for key, value in data.items() if key != "url"})
    if bump:
        item["date_updated"] = stamp
    item["sid"] = item.get("sid") or new_address_sid()
    _check_shape(item)
    return {key: item[key] for key in STORED_KEYS}


def _check_shape(item):
    if not ADDRESS_SID_PATTERN.match(str(item["sid"])):
        raise ValueError(f"sid must match {ADDRESS_SID_PATTERN.pattern}")
    if not ACCOUNT_SID_PATTERN.match(str(item["account_sid"])):
        raise ValueError(f"account_sid must match {ACCOUNT_SID_PATTERN.pattern}")
    if not isinstance(item.get("address"), str) or not item["address"]:
        raise ValueError("address is required (a non-empty string)")
    if not isinstance(item.get("type"), str) or item["type"].lower() not in ADDRESS_TYPES:
        raise ValueError("type must be one of " + ", ".join(ADDRESS_TYPES))
    for key in ("friendly_name", "address_country"):
        if item[key] is not None and not isinstance(item[key], str):
            raise ValueError(f"{key} must be a string or null")
    check_timestamps(item)
    _check_auto_creation_shape(item["auto_creation"])


def _check_auto_creation_shape(auto_creation):  # pylint: disable=too-many-branches
    if auto_creation is None:
        return
    if not isinstance(auto_creation, dict):
        raise ValueError("auto_creation must be a mapping or null")
    unknown = sorted(set(auto_creation) - set(ALL_AUTO_CREATION_KEYS))
    if unknown:
        raise ValueError("unknown auto_creation field(s): " + ", ".join(unknown))
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
