# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Conversations Address Configuration resource as a value: its field table and its auto-creation group.

This module utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.
"""

from __future__ import annotations

from ansible_collections.twilio.flex.plugins.module_utils._connection import CONVERSATIONS
from ansible_collections.twilio.flex.plugins.module_utils._reconcile import Field, Group, ResourceType, Variant, sid_rule
from ansible_collections.twilio.flex.plugins.module_utils._twilio_resource import TwilioResourceApi

ADDRESS_TYPES = ["sms", "whatsapp", "messenger", "gbm", "email", "rcs", "apple", "chat"]
AUTO_CREATION_TYPES = ["webhook", "studio", "default"]
WEBHOOK_METHODS = ["get", "post"]


def _upper(value):
    return value.upper() if isinstance(value, str) else value


# The resource, field by field: option path (= response key), form name, type and rules.
FIELDS = (
    # The address stands in for the SID in request paths.
    Field("address", "Address", create_only=True, max_length=256, path_segment=True),
    # The API answers some enum values in another case than it takes them: compared in lower case.
    Field("type", "Type", choices=ADDRESS_TYPES, case_insensitive=True, create_only=True),
    Field("address_country", "AddressCountry", create_only=True, pattern=r"^[A-Za-z]{2}$", pattern_text="an ISO 3166-1 alpha-2 country code such as US"),
    Field("friendly_name", "FriendlyName", allow_empty=True, max_length=256),
    Field("auto_creation.enabled", "AutoCreation.Enabled", kind="bool"),
    Field("auto_creation.type", "AutoCreation.Type", choices=AUTO_CREATION_TYPES, case_insensitive=True),
    Field("auto_creation.conversation_service_sid", "AutoCreation.ConversationServiceSid", **sid_rule("IS", "a Conversations Service")),
    Field("auto_creation.webhook_url", "AutoCreation.WebhookUrl", url=True),
    # Twilio answers webhook_method in upper case whatever case it was sent in (every response example of the spec).
    Field("auto_creation.webhook_method", "AutoCreation.WebhookMethod", choices=WEBHOOK_METHODS, case_insensitive=True, answered=_upper),
    Field("auto_creation.webhook_filters", "AutoCreation.WebhookFilters", kind="list"),
    Field("auto_creation.studio_flow_sid", "AutoCreation.StudioFlowSid", **sid_rule("FW", "a Studio Flow")),
    Field("auto_creation.studio_retry_count", "AutoCreation.StudioRetryCount", kind="int", minimum=0, maximum=3),
)

CONVERSATIONS_ADDRESS = ResourceType(
    "Address Configuration",
    FIELDS,
    "address",
    sid_prefix="IG",
    names_unique=True,
    product=CONVERSATIONS,
    collection_path="/v1/Configuration/Addresses",
    list_key="address_configurations",
    # Twilio serves at most 50 address configurations a page.
    page_size=50,
    result_key="conversations_address",
    listing_key="conversations_addresses",
    # Twilio accepts the address itself in place of the SID.
    name_query=None,
    create_required=("address", "type"),
    item_keys=("type",),
    groups=(
        Group(
            discriminator="auto_creation.type",
            prefix="auto_creation.",
            variants={
                "webhook": Variant(
                    required=("auto_creation.webhook_url",),
                    applicable=("auto_creation.webhook_url", "auto_creation.webhook_method", "auto_creation.webhook_filters"),
                ),
                "studio": Variant(
                    required=("auto_creation.studio_flow_sid",), applicable=("auto_creation.studio_flow_sid", "auto_creation.studio_retry_count")
                ),
                "default": Variant(),
            },
            default=None,
            shared=("auto_creation.enabled", "auto_creation.conversation_service_sid"),
            # What an update that changes auto_creation.type leaves, as far as Twilio documents it. The only source is the
            # spec's update example: a webhook configuration switched to studio answers the studio keys only, and keeps the
            # conversation_service_sid it was not sent. So the keys of the former type are gone, the keys both types answer
            # are kept; nothing documents the value of a key of the new type that the update does not send (null, a default
            # such as a retry count of 3, or the value of an earlier switch), nor whether a switch to default keeps the
            # service. Keys that no source settles are left out of the predicted state, never guessed.
            kept_on_switch={
                "webhook": ("auto_creation.enabled", "auto_creation.conversation_service_sid"),
                "studio": ("auto_creation.enabled", "auto_creation.conversation_service_sid"),
                "default": ("auto_creation.enabled",),
            },
        ),
    ),
)


class ConversationsAddressApi(TwilioResourceApi):
    """The Address Configuration endpoints over a TwilioClient."""

    def __init__(self, client, warn=None):
        super().__init__(CONVERSATIONS_ADDRESS, client, warn)
