# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Flex Flows as the API answers them, and a form body written into a flow as the API does: test data for the
property tests of module_utils and for answers the emulator never makes itself (through its body fault); a studio SMS
flow as a migration starts from it, and a reconciliation plan as the drift report reads it."""

from __future__ import annotations

import json
import re
import uuid

BASE_URL = "https://flex-api.twilio.com"
ACCOUNT_SID = "AC" + "a" * 32
CHAT_SERVICE_SID = "IS" + "0" * 32
STUDIO_FLOW_SID = "FW" + "1" * 32

# One more than the largest page holds, so that a listing has a next page: studio flows named Flow 0000 to Flow 1000.
TWO_PAGES = [
    dict(
        friendly_name="Flow %04d" % index,
        chat_service_sid="IS" + "0" * 32,
        channel_type="sms",
        integration_type="studio",
        integration=dict(flow_sid="FW" + "1" * 32),
    )
    for index in range(1001)
]

# Written out by hand, independently of the module's field table, so a mistake there shows here: the form parameters by
# type; each one's option path is the parameter in snake case.
FORM_PARAMETERS = {
    str: (
        "FriendlyName",
        "ChatServiceSid",
        "ChannelType",
        "ContactIdentity",
        "IntegrationType",
        "Integration.FlowSid",
        "Integration.Url",
        "Integration.WorkspaceSid",
        "Integration.WorkflowSid",
        "Integration.Channel",
    ),
    "bool": ("Enabled", "LongLived", "JanitorEnabled", "Integration.CreationOnMessage"),
    int: ("Integration.Timeout", "Integration.Priority", "Integration.RetryCount"),
}


def option_path(form_name):
    """The option path of a form parameter: Integration.FlowSid is integration.flow_sid."""
    return ".".join(re.sub(r"(?<!^)(?=[A-Z])", "_", part).lower() for part in form_name.split("."))


FORM_TO_KEY = dict((name, (option_path(name), kind)) for kind, names in FORM_PARAMETERS.items() for name in names)


def make_flow(**fields):
    sid = fields.pop("sid", None) or "FO" + uuid.uuid4().hex
    flow = {
        "account_sid": ACCOUNT_SID,
        "sid": sid,
        "friendly_name": "Flow",
        "chat_service_sid": "IS" + "b" * 32,
        "channel_type": "sms",
        "contact_identity": None,
        "enabled": True,
        "integration_type": "studio",
        "integration": {"flow_sid": "FW" + "c" * 32, "retry_count": 3},
        "long_lived": False,
        "janitor_enabled": False,
        "date_created": "2026-01-01T00:00:00Z",
        "date_updated": "2026-01-01T00:00:00Z",
        "url": "%s/v1/FlexFlows/%s" % (BASE_URL, sid),
    }
    flow.update(fields)
    return flow


def apply_form(flow, form):
    """Write a form body into a flow as the API does: partial, integration keys merged."""
    updated = json.loads(json.dumps(flow))
    for name, raw in form.items():
        if name not in FORM_TO_KEY:
            continue
        key, kind = FORM_TO_KEY[name]
        if kind == "bool":
            value = raw.lower() == "true"
        elif kind is int:
            value = int(raw)
        else:
            value = raw if raw != "" else None
        if key.startswith("integration."):
            updated.setdefault("integration", {})
            updated["integration"] = dict(updated["integration"] or {})
            updated["integration"][key.split(".", 1)[1]] = value
        else:
            updated[key] = value
    return updated


def sms_flow(**fields):
    """A studio SMS flow in the API's shape, without the keys the API adds (account, dates, url): a seed, or a listed flow
    a migration reads; ``fields`` change it."""
    flow = dict(
        friendly_name="SMS",
        chat_service_sid=CHAT_SERVICE_SID,
        channel_type="sms",
        contact_identity="+15555550100",
        enabled=True,
        integration_type="studio",
        integration=dict(flow_sid=STUDIO_FLOW_SID, retry_count=2),
        long_lived=False,
        janitor_enabled=False,
    )
    flow.update(fields)
    return flow


def drift_plan(sms_name="SMS"):
    """A flex_flows plan of three flows, one in sync, one drifted (named ``sms_name``) and one undeclared, with its summary."""
    return dict(
        changed=True,
        summary=dict(declared=2, live=2, in_sync=1, drifted=1, missing=0, undeclared=1, ignored=0, errors=0, created=0, updated=1, deleted=0),
        flows=[
            dict(index=0, sid="FO1", friendly_name="Web chat", status="in_sync", action="none", changed_fields=[], before={}, after={}, error=None),
            dict(
                index=1,
                sid="FO2",
                friendly_name=sms_name,
                status="drifted",
                action="update",
                changed_fields=["enabled"],
                before={"enabled": False},
                after={"enabled": True},
                error=None,
            ),
            dict(index=None, sid="FO3", friendly_name="Stray", status="undeclared", action="none", before={"channel_type": "web", "enabled": True}),
        ],
    )
