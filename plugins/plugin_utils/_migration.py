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
from ansible_collections.twilio.flex.plugins.module_utils._reconcile import sid_key

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
# The stages of a flow's migration at which its rollback entry has been written.
WROTE_ROLLBACK_STAGES = ("recorded", "deleted", "created", "verified")


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


def rollback_entry(flow):
    """The flow as a one-entry flex_flows declaration of what it holds: every field exactly as read, the SID left out.

    A SID cannot be created again, so the entry describes the flow; the restore creates it from this entry without
    looking anything up by name.
    """
    entries, _warnings = declaration_of(FLEX_FLOW, [flow])
    entry = entries[0]
    entry.pop("sid", None)
    return entry


def _selects(name, flow, sid_keys):
    """Whether a name of migrate_flows_names selects this flow: a name that is some flow's SID (in either case of its hex
    digits, as sid_key compares them) selects that flow only."""
    if sid_key(name) in sid_keys:
        return sid_key(name) == sid_key(flow.get("sid"))
    return name == flow.get("friendly_name")


def _shared_contact_identities(flows):
    """{contact identity: [SIDs]} for every contact identity that several flows route."""
    sids_by_identity = {}
    for flow in flows:
        if flow.get("contact_identity"):
            sids_by_identity.setdefault(flow["contact_identity"], []).append(flow.get("sid"))
    return dict((identity, sids) for identity, sids in sids_by_identity.items() if len(sids) > 1)


def migration_plan(flows, addresses, names=None, accept_warnings=False):
    """The plan of a migration: every flow of the account, or the ones named (by friendly name or SID), mapped and judged."""
    names = list(names or [])
    configured = set(address.get("address") for address in addresses)
    sids = set(sid_key(flow.get("sid")) for flow in flows)
    named_sids = set(sid_key(name) for name in names)
    name_counts = {}
    for flow in flows:
        name_counts[flow.get("friendly_name")] = name_counts.get(flow.get("friendly_name"), 0) + 1
    shared_identities = _shared_contact_identities(flows)
    selected = [flow for flow in flows if not names or any(_selects(name, flow, sids) for name in names)]
    if names:
        # Migrated one at a time in the order the user named them, not in the order the API lists them.
        selected.sort(key=lambda flow: min(index for index, name in enumerate(names) if _selects(name, flow, sids)))
    matched = set(name for name in names for flow in flows if _selects(name, flow, sids))
    items = []
    for flow in selected:
        mapping = flow_to_address(flow)
        address = mapping["address"]
        warnings = list(mapping["warnings"])
        twins = [sid for sid in shared_identities.get(flow.get("contact_identity"), []) if sid != flow.get("sid")]
        if twins:
            warnings.append(
                "the contact identity %s is routed by other flows too (%s): one address cannot replace several flows, so delete the "
                "flows that are not needed or change their contact identity first" % (flow.get("contact_identity"), ", ".join(twins))
            )
        item = dict(
            sid=flow.get("sid"),
            friendly_name=flow.get("friendly_name"),
            channel_type=flow.get("channel_type"),
            address=address,
            warnings=warnings,
            blocking=mapping["blocking"] or bool(twins),
            address_exists=bool(address) and address["address"] in configured,
            result="planned",
            reason=None,
        )
        if address is None:
            item.update(result="skipped", reason="no address to migrate to: %s" % "; ".join(mapping["warnings"]))
        elif item["address_exists"]:
            item.update(result="skipped", reason="an address configuration for %s exists already" % address["address"])
        elif twins:
            # Not even with accepted warnings: the second flow's address would replace the first one's.
            item.update(result="skipped", reason="other flows have the same contact identity: %s" % ", ".join(twins))
        elif mapping["blocking"] and not accept_warnings:
            item.update(result="skipped", reason="blocking warnings, not accepted (migrate_flows_accept_warnings)")
        elif sid_key(flow.get("sid")) not in named_sids and name_counts[flow.get("friendly_name")] > 1:
            item.update(result="skipped", reason="several flows have this friendly name: name this one by its SID")
        items.append(item)
    plan = dict(
        flows=items,
        unmatched_names=[name for name in names if name not in matched],
        planned_sids=[item["sid"] for item in items if item["result"] == "planned"],
    )
    plan["summary"] = _summary(items)
    return plan


def _summary(items):
    summary = dict(flows=len(items), blocking=sum(1 for item in items if item["blocking"]), address_exists=sum(1 for item in items if item["address_exists"]))
    summary.update((result, sum(1 for item in items if item["result"] == result)) for result in RESULTS)
    return summary


def _outcome_of(result):
    """One flow's outcome from a registered result of twilio.flex.flow_migration (in a loop or not), or the outcome itself."""
    if "migration" in result:
        return result["migration"]
    if "stage" in result:
        return result
    # The task failed before the action could say how far it got (an invalid option, an unexpected error).
    loop_var = result.get("ansible_loop_var")
    sid = result.get(loop_var) if loop_var else result.get("sid")
    return dict(sid=sid, stage=None, migrated=False, deleted=None, error=result.get("msg") or "the task failed")


def migration_report(plan, outcomes=None, report_path=None, rollback_path=None):
    """The plan with the outcome of an apply: each attempted flow migrated or failed, with how far it got; after a failure, the
    planned flows not attempted are skipped. `outcomes` are the results of twilio.flex.flow_migration, in the order run."""
    attempted = [_outcome_of(result) for result in outcomes or [] if isinstance(result, dict) and not result.get("skipped")]
    by_sid = dict((sid_key(outcome.get("sid")), outcome) for outcome in attempted)
    stopped = next((outcome for outcome in attempted if not outcome.get("migrated")), None)
    items = []
    for planned in plan["flows"]:
        item = dict(planned)
        outcome = by_sid.get(sid_key(item["sid"]))
        if outcome is not None:
            item.update(
                result="migrated" if outcome.get("migrated") else "failed",
                reason=None if outcome.get("migrated") else outcome.get("error"),
                stage=outcome.get("stage"),
                deleted=outcome.get("deleted"),
                address_sid=outcome.get("address_sid"),
                verified=bool(outcome.get("verified")),
                restore_command=outcome.get("restore_command") if outcome.get("deleted") is not False else None,
            )
            if outcome.get("stage"):
                # The warnings of the flow as it was when migrated, which may have changed since the listing.
                item["warnings"] = list(outcome.get("warnings") or [])
        elif stopped is not None and item["result"] == "planned":
            item.update(result="skipped", reason="not attempted: the migration stopped at %s" % stopped.get("sid"))
        items.append(item)
    report = dict(summary=_summary(items), flows=items, unmatched_names=plan.get("unmatched_names", []), report_path=report_path)
    # The rollback file is written just before a delete: named when some flow got that far, or may have.
    wrote_rollback = any(outcome.get("deleted") is not False or outcome.get("stage") in WROTE_ROLLBACK_STAGES for outcome in attempted)
    report["rollback_path"] = rollback_path if wrote_rollback else None
    report["stopped_at"] = stopped.get("sid") if stopped is not None else None
    report["failure"] = failure_message(stopped, report_path) if stopped is not None else None
    return report


def nothing_migrated_warning(report):
    """For a run that was to migrate flows: why nothing was, when every flow of the report was skipped; else None."""
    items = report["flows"]
    if not items or any(item["result"] != "skipped" for item in items):
        return None
    return "Nothing was migrated: every flow named was skipped. %s" % "; ".join(
        "%s %s: %s" % (item["sid"], item["friendly_name"], item.get("reason") or "skipped") for item in items
    )


def failure_message(outcome, report_path=None):
    """What happened to the flow whose migration stopped, and the way back when it was deleted (the command comes last, to be
    copied as it is)."""
    message = "The migration of %s stopped%s: %s." % (
        outcome.get("sid"),
        " after the stage %s" % outcome["stage"] if outcome.get("stage") else "",
        str(outcome.get("error") or "the task failed").rstrip("."),
    )
    if outcome.get("deleted") is None:
        message += " Whether the Flex Flow was deleted is unknown: check it in the Console and in the rollback file."
    elif not outcome.get("deleted"):
        message += " The Flex Flow was not deleted."
    if report_path:
        message += " See the report at %s." % report_path
    if outcome.get("deleted"):
        message += " The Flex Flow was deleted and its address was not verified. Restore the flow with: %s" % outcome.get("restore_command")
    return message


def report_lines(report):
    """The report for the console: the summary, each flow with its result and warnings, and where the files are."""
    summary = report["summary"]
    lines = ["%d flows: %s" % (summary["flows"], ", ".join("%d %s" % (summary[result], result) for result in RESULTS))]
    for item in report["flows"]:
        line = "%s %s: %s" % (item["sid"], item["friendly_name"], item["result"])
        if item.get("reason"):
            line += " (%s)" % item["reason"]
        lines.append(line)
        lines.extend("  warning: %s" % warning for warning in item["warnings"])
    if report.get("report_path"):
        lines.append("report: %s" % report["report_path"])
    if report.get("rollback_path"):
        lines.append("rollback file: %s" % report["rollback_path"])
    return lines
