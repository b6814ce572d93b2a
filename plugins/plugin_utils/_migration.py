# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""From legacy Flex Flows to Conversations addresses: the mapping of one flow, the plan of a migration, and its report.

This plugin utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.
"""

from __future__ import annotations

from ansible_collections.twilio.flex.plugins.module_utils._declaration import declaration_of
from ansible_collections.twilio.flex.plugins.module_utils._flex_flow import FLEX_FLOW

CHANNEL_TO_ADDRESS_TYPE = {"sms": "sms", "whatsapp": "whatsapp", "facebook": "messenger"}
# Channel types with no address to move to; each reason says what to do instead.
NO_TARGET = {
    "web": "web chat moves to Webchat 3, whose deployment key is made in the Flex Console (a manual step); manage the chat address it "
    "uses with twilio.flex.conversations_address afterwards",
    "line": "channel type line has no Conversations address type: Flex Conversations has no LINE channel",
    "custom": "channel type custom has no Conversations address type: a custom channel uses the Conversations and Interactions APIs directly",
}
# The webhook of an external integration is called for new messages, as Flex Conversations expects.
WEBHOOK_FILTERS = ["onMessageAdded"]
RESULTS = ("planned", "migrated", "skipped", "failed")


def flow_to_address(flow):
    """{"address": the options of twilio.flex.conversations_address or None, "warnings": [...], "blocking": bool} for one Flex Flow."""
    channel = flow.get("channel_type")
    name = flow.get("friendly_name")
    if channel in NO_TARGET:
        return dict(address=None, warnings=[NO_TARGET[channel]], blocking=True)
    if channel not in CHANNEL_TO_ADDRESS_TYPE:
        return dict(address=None, warnings=["channel type %r has no Conversations address type" % channel], blocking=True)
    if not flow.get("contact_identity"):
        return dict(address=None, warnings=["the flow has no contact_identity, so there is no address to configure"], blocking=True)
    warnings = []
    blocking = False
    address = dict(address=flow["contact_identity"], type=CHANNEL_TO_ADDRESS_TYPE[channel])
    if name:
        address["friendly_name"] = name
    auto_creation = {}
    if flow.get("enabled") is not None:
        auto_creation["enabled"] = bool(flow["enabled"])
    if flow.get("chat_service_sid"):
        auto_creation["conversation_service_sid"] = flow["chat_service_sid"]
    integration = flow.get("integration") or {}
    integration_type = flow.get("integration_type") or "studio"
    if integration_type == "studio":
        auto_creation["type"] = "studio"
        if integration.get("flow_sid"):
            auto_creation["studio_flow_sid"] = integration["flow_sid"]
            warnings.append(
                "the Studio flow %s is reused: it must start from the Incoming Conversation trigger (not Incoming Message) "
                "and hand the conversation to Flex with Send to Flex" % integration["flow_sid"]
            )
        if integration.get("retry_count") is not None:
            auto_creation["studio_retry_count"] = integration["retry_count"]
    elif integration_type == "external":
        auto_creation.update(type="webhook", webhook_method="post", webhook_filters=list(WEBHOOK_FILTERS))
        if integration.get("url"):
            auto_creation["webhook_url"] = integration["url"]
        warnings.append(
            "the webhook %s now receives Conversations events (onMessageAdded) instead of Flex Flow requests, and must create a Flex "
            "Interaction rather than a Task" % integration.get("url")
        )
        if integration.get("retry_count") is not None:
            warnings.append("integration.retry_count %s has no equivalent for a webhook address" % integration["retry_count"])
    else:
        blocking = True
        auto_creation.update(type="default", enabled=False)
        warnings.append(
            "the task integration is not supported by Flex Conversations: route the address through a Studio flow with the "
            "Send to Flex widget (workflow %s, task channel %s); the address is created with auto-creation off until then"
            % (integration.get("workflow_sid"), integration.get("channel"))
        )
    if flow.get("long_lived"):
        warnings.append("long_lived is not supported by Flex Conversations (the closest feature is Park, in beta)")
    if flow.get("janitor_enabled"):
        warnings.append("janitor_enabled has no equivalent: close inactive conversations with the Conversations state timers instead")
    if integration.get("creation_on_message"):
        warnings.append("integration.creation_on_message has no equivalent: outbound conversations start through the Interactions API")
    address["auto_creation"] = auto_creation
    return dict(address=address, warnings=warnings, blocking=blocking)


def _rollback_entry(flow):
    """The flow as a flex_flows entry that recreates it by name (a SID cannot be created again)."""
    entries, _warnings = declaration_of(FLEX_FLOW, [flow])
    entry = entries[0]
    entry.pop("sid", None)
    return entry


def migration_plan(flows, addresses, names=None, accept_warnings=False):
    """The plan of a migration: every flow of the account, or the ones named (by friendly name or SID), mapped and judged."""
    names = list(names or [])
    configured = set(address.get("address") for address in addresses)
    name_counts = {}
    for flow in flows:
        name_counts[flow.get("friendly_name")] = name_counts.get(flow.get("friendly_name"), 0) + 1
    selected = [flow for flow in flows if not names or flow.get("sid") in names or flow.get("friendly_name") in names]
    if names:
        # Migrated one at a time in the order the user named them, not in the order the API lists them.
        selected.sort(key=lambda flow: min(names.index(name) for name in (flow.get("sid"), flow.get("friendly_name")) if name in names))
    matched = set(name for name in names for flow in flows if name in (flow.get("sid"), flow.get("friendly_name")))
    items, rollback = [], {}
    for flow in selected:
        mapping = flow_to_address(flow)
        address = mapping["address"]
        item = dict(
            sid=flow.get("sid"),
            friendly_name=flow.get("friendly_name"),
            channel_type=flow.get("channel_type"),
            address=address,
            warnings=mapping["warnings"],
            blocking=mapping["blocking"],
            address_exists=bool(address) and address["address"] in configured,
            result="planned",
            reason=None,
        )
        if address is None:
            item.update(result="skipped", reason="no address to migrate to: %s" % "; ".join(mapping["warnings"]))
        elif item["address_exists"]:
            item.update(result="skipped", reason="an address configuration for %s exists already" % address["address"])
        elif mapping["blocking"] and not accept_warnings:
            item.update(result="skipped", reason="blocking warnings, not accepted (migrate_flows_accept_warnings)")
        elif flow.get("sid") not in names and name_counts[flow.get("friendly_name")] > 1:
            item.update(result="skipped", reason="several flows are named %r: name this one by its SID" % flow.get("friendly_name"))
        if item["result"] == "planned":
            rollback[flow["sid"]] = [_rollback_entry(flow)]
        items.append(item)
    plan = dict(flows=items, unmatched_names=[name for name in names if name not in matched], rollback=rollback)
    plan["summary"] = _summary(items)
    return plan


def _summary(items):
    summary = dict(flows=len(items), blocking=sum(1 for item in items if item["blocking"]), address_exists=sum(1 for item in items if item["address_exists"]))
    summary.update((result, sum(1 for item in items if item["result"] == result)) for result in RESULTS)
    return summary


def migration_report(plan, migrated=None, failed_sid=None, failure=None, stopped=False):
    """The plan with the outcome of an apply: the migrated SIDs, the one that failed and why; the rest after a stop is skipped."""
    migrated = set(migrated or [])
    items = []
    for planned in plan["flows"]:
        item = dict(planned)
        if item["sid"] in migrated:
            item.update(result="migrated")
        elif item["sid"] == failed_sid:
            item.update(result="failed", reason=failure)
        elif stopped and item["result"] == "planned":
            item.update(result="skipped", reason="not attempted: the migration stopped at %s" % failed_sid)
        items.append(item)
    return dict(summary=_summary(items), flows=items, unmatched_names=plan.get("unmatched_names", []))
