# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Conversations Address Configuration resource: one table of fields, its rules, and its API calls.

This module utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.
"""

from __future__ import annotations

import re

from ansible_collections.twilio.flex.plugins.module_utils._client import CREATE, AmbiguousWriteError
from ansible_collections.twilio.flex.plugins.module_utils._reconcile import CREATE as CREATE_ACTION
from ansible_collections.twilio.flex.plugins.module_utils._reconcile import (
    UPDATE,
    Field,
    InvalidValueError,
    Outcome,
    Plan,
    ResourceType,
    apply_to_resource,
    argument_spec,
    execute,
    field_problems,
    overlay,
    plan_absent,
    plan_present,
)
from ansible_collections.twilio.flex.plugins.module_utils._twilio_resource import TwilioResourceApi

COLLECTION_PATH = "/v1/Configuration/Addresses"
LIST_KEY = "address_configurations"
# Twilio serves at most 50 address configurations a page.
MAX_PAGE_SIZE = 50
ADDRESS_TYPES = ["sms", "whatsapp", "messenger", "gbm", "email", "rcs", "apple", "chat"]
AUTO_CREATION_TYPES = ["webhook", "studio", "default"]
WEBHOOK_METHODS = ["get", "post"]
ADDRESS_SID = re.compile(r"^IG[0-9a-fA-F]{32}$")


def _sid(prefix, what):
    return dict(pattern=r"^%s[0-9a-fA-F]{32}$" % prefix, pattern_text="%s SID: %s followed by 32 hexadecimal digits" % (what, prefix))


# The resource, field by field: option path (= response key), form name, type and rules.
FIELDS = (
    Field("address", "Address", create_only=True, max_length=256),
    # The API answers some enum values in another case than it takes them: compared in lower case.
    Field("type", "Type", choices=ADDRESS_TYPES, case_insensitive=True, create_only=True),
    Field("address_country", "AddressCountry", create_only=True, pattern=r"^[A-Za-z]{2}$", pattern_text="an ISO 3166-1 alpha-2 country code such as US"),
    Field("friendly_name", "FriendlyName", allow_empty=True, max_length=256),
    Field("auto_creation.enabled", "AutoCreation.Enabled", kind="bool"),
    Field("auto_creation.type", "AutoCreation.Type", choices=AUTO_CREATION_TYPES, case_insensitive=True),
    Field("auto_creation.conversation_service_sid", "AutoCreation.ConversationServiceSid", **_sid("IS", "a Conversations Service")),
    Field("auto_creation.webhook_url", "AutoCreation.WebhookUrl", url=True),
    Field("auto_creation.webhook_method", "AutoCreation.WebhookMethod", choices=WEBHOOK_METHODS, case_insensitive=True),
    Field("auto_creation.webhook_filters", "AutoCreation.WebhookFilters", kind="list"),
    Field("auto_creation.studio_flow_sid", "AutoCreation.StudioFlowSid", **_sid("FW", "a Studio Flow")),
    Field("auto_creation.studio_retry_count", "AutoCreation.StudioRetryCount", kind="int", minimum=0, maximum=3),
)

CREATE_REQUIRED = ("address", "type")
# The auto_creation keys each auto-creation type uses; the others must not be set with it.
AUTO_CREATION_KEYS = {
    "webhook": ("auto_creation.webhook_url", "auto_creation.webhook_method", "auto_creation.webhook_filters"),
    "studio": ("auto_creation.studio_flow_sid", "auto_creation.studio_retry_count"),
    "default": (),
}
AUTO_CREATION_REQUIRED = {"webhook": ("auto_creation.webhook_url",), "studio": ("auto_creation.studio_flow_sid",), "default": ()}
TYPED_KEYS = tuple(path for paths in AUTO_CREATION_KEYS.values() for path in paths)


# What an update that changes auto_creation.type leaves, as far as Twilio documents it. The only source is the
# spec's update example: a webhook configuration switched to studio answers the studio keys only, and keeps the
# conversation_service_sid it was not sent. So the keys of the former type are gone, the keys both types answer
# are kept; nothing documents the value of a key of the new type that the update does not send (null, a default
# such as a retry count of 3, or the value of an earlier switch), nor whether a switch to default keeps the service.
# Keys that no source settles are left out of the predicted state, never guessed.
KEPT_ON_SWITCH = {
    "webhook": ("auto_creation.enabled", "auto_creation.conversation_service_sid"),
    "studio": ("auto_creation.enabled", "auto_creation.conversation_service_sid"),
    "default": ("auto_creation.enabled",),
}
# Twilio answers webhook_method in upper case whatever case it was sent in (every response example of the spec).
ANSWERED_FORM = {"auto_creation.webhook_method": lambda value: value.upper() if isinstance(value, str) else value}


def switches_auto_creation_type(current, desired):
    """Whether the task changes auto_creation.type of an address that has one, or sets one where there is none."""
    return "auto_creation.type" in desired and desired["auto_creation.type"] != current.get("auto_creation.type")


def kept_on_update(current, desired):
    """The paths of the current flat state an update keeps: all of them, unless auto_creation.type changes."""
    if not switches_auto_creation_type(current, desired):
        return set(current)
    kept = KEPT_ON_SWITCH.get(desired["auto_creation.type"], ())
    return set(path for path in current if not path.startswith("auto_creation.") or path in kept)


def state_after_update(current, desired):
    """The flat state an update leaves, with only the values Twilio documents (see KEPT_ON_SWITCH)."""
    kept = kept_on_update(current, desired)
    return overlay(dict((path, value) for path, value in current.items() if path in kept), desired)


def predicted_after_update(current_resource, current, desired, changes):
    """The address as the API will answer it after the update: the current answer with the changed values written in.

    Values the task leaves unchanged keep the API's own form (its case, its order of filters). When auto_creation.type
    changes, the auto_creation keys that are not kept are left out, whatever value the current answer holds for them.
    """
    predicted = dict(current_resource)
    written = dict((path, value) for path, value in desired.items() if path in changes)
    if switches_auto_creation_type(current, desired):
        kept = set(path.split(".", 1)[1] for path in KEPT_ON_SWITCH.get(desired["auto_creation.type"], ()))
        auto_creation = current_resource.get("auto_creation")
        predicted["auto_creation"] = dict((key, value) for key, value in (auto_creation or {}).items() if key in kept)
        written.update((path, value) for path, value in desired.items() if path.startswith("auto_creation."))
    return apply_to_resource(predicted, answered_form(written))


def answered_form(flat):
    """Flat values as the API answers them."""
    return dict((path, ANSWERED_FORM.get(path, lambda value: value)(value)) for path, value in flat.items())


def plan_address(desired, current_resource, state):
    """The engine's plan for one address, with the state and the answer an update leaves as Twilio documents them."""
    if state == "absent":
        return plan_absent(CONVERSATIONS_ADDRESS, current_resource)
    plan = plan_present(CONVERSATIONS_ADDRESS, desired, current_resource)
    if plan.action == CREATE_ACTION:
        return Plan(plan.action, None, plan.current, desired, plan.merged, plan.changes, plan.form, apply_to_resource({}, answered_form(desired)))
    if plan.action != UPDATE:
        return plan
    merged = state_after_update(plan.current, desired)
    # The rules again, on what the update really leaves: a switch keeps none of the former type's keys.
    check_target(desired, merged, False)
    predicted = predicted_after_update(current_resource, plan.current, desired, plan.changes)
    return Plan(UPDATE, current_resource, plan.current, desired, merged, plan.changes, plan.form, predicted)


def reconcile_address(api, desired, current_resource, state, check_mode):
    """Plan and (unless in check mode) apply one address's declared state: the whole of the conversations_address module."""
    plan = plan_address(desired, current_resource, state)
    return Outcome(plan, execute(plan, api, check_mode))


def argument_spec_for_fields():
    """The resource options of the argument spec, derived from FIELDS: types and choices only, no defaults."""
    return argument_spec(FIELDS)


def check_sid(sid):
    if sid is not None and not ADDRESS_SID.match(sid):
        raise InvalidValueError("sid must be an Address Configuration SID: IG followed by 32 hexadecimal digits, got %r" % sid)


def check_auto_creation_keys(desired, auto_creation_type, source):
    """Raise InvalidValueError if the task set auto_creation keys that `auto_creation_type` does not use."""
    allowed = AUTO_CREATION_KEYS.get(auto_creation_type, ())
    misplaced = sorted(path for path in desired if path in TYPED_KEYS and path not in allowed)
    if misplaced:
        applicable = ", ".join(allowed) if allowed else "none of the webhook_* and studio_* keys"
        raise InvalidValueError("%s does not apply to %s (it takes %s)" % (", ".join(misplaced), source, applicable))


# The address is sent as one segment of the request path. Percent-encoding leaves "." and ".." as they are, and URL
# normalisation (RFC 3986, which requests applies) removes them with the segment before: the request would go to
# /v1/Configuration/Addresses or /v1/Configuration. An empty address names the list itself.
PATH_CHANGING_ADDRESSES = ("", ".", "..")


def check_address(address):
    """Raise InvalidValueError if an address, put in the request path, would make the request go to another path."""
    if address in PATH_CHANGING_ADDRESSES:
        if address == "":
            raise InvalidValueError("address must not be empty")
        raise InvalidValueError(
            "address must not be %r: sent as a segment of the request path, it would send the request to another path instead of the address" % address
        )


def option_problems(params, desired):
    """Every problem of one address's options that needs no current state."""
    problems = field_problems(FIELDS, params)
    checks = [lambda: check_sid(params.get("sid"))]
    if params.get("address"):
        # The field's own rule already reports an empty address.
        checks.append(lambda: check_address(params["address"]))
    auto_creation_type = desired.get("auto_creation.type")
    if auto_creation_type in AUTO_CREATION_KEYS:
        checks.append(lambda: check_auto_creation_keys(desired, auto_creation_type, "auto_creation.type %s" % auto_creation_type))
    for check in checks:
        try:
            check()
        except InvalidValueError as error:
            problems.append(str(error))
    return problems


def check_target(desired, merged, creating):
    """Raise InvalidValueError if the state a write would leave breaks the cross-field rules Flex enforces when it uses an address."""
    if creating:
        missing = [path for path in CREATE_REQUIRED if merged.get(path) is None]
        if missing:
            raise InvalidValueError("creating an Address Configuration needs %s" % " and ".join(missing))
    auto_creation_type = merged.get("auto_creation.type")
    if auto_creation_type is None:
        misplaced = sorted(path for path in desired if path in TYPED_KEYS)
        if misplaced:
            raise InvalidValueError("%s needs auto_creation.type (webhook or studio)" % ", ".join(misplaced))
        return
    source = "auto_creation.type %s" % auto_creation_type
    missing = [path for path in AUTO_CREATION_REQUIRED.get(auto_creation_type, ()) if merged.get(path) is None]
    if missing:
        raise InvalidValueError("%s requires %s" % (source, " and ".join(missing)))
    check_auto_creation_keys(desired, auto_creation_type, source)


def auto_creation_paths_to_send(desired, changes):
    """Changed paths plus, when auto-creation changes at all, every auto_creation key the task set."""
    if any(path.startswith("auto_creation.") for path in changes):
        return sorted(set(changes) | set(path for path in desired if path.startswith("auto_creation.")))
    return list(changes)


class ConversationsAddressApi(TwilioResourceApi):
    """The Address Configuration endpoints over a TwilioClient; the address itself stands in for the SID in paths."""

    collection_path = COLLECTION_PATH

    def find(self, sid, name):
        return self.fetch(sid or name)

    def list_all(self, address_type=None):
        params = {"PageSize": MAX_PAGE_SIZE}
        if address_type:
            params["Type"] = address_type
        return self.client.list_all(COLLECTION_PATH, LIST_KEY, params=params)

    def create(self, form):
        try:
            return self.client.request("POST", COLLECTION_PATH, data=form, policy=CREATE)
        except AmbiguousWriteError as error:
            # The address is unique: if it exists now, the create took effect; a second POST would only fail.
            found = self.fetch(form["Address"])
            if found is not None:
                self.warn("%s; the Address Configuration %s for %r exists now, so the create took effect" % (error.message, found.get("sid"), form["Address"]))
                return found
            raise error.extended(
                "; no Address Configuration for %r exists yet, though the create may still take effect. It was not sent again: "
                "running the task again is safe, as it looks the address up first" % form["Address"]
            ) from error


CONVERSATIONS_ADDRESS = ResourceType(
    "Address Configuration",
    FIELDS,
    "address",
    check_target=check_target,
    paths_to_send=auto_creation_paths_to_send,
    option_problems=option_problems,
)
