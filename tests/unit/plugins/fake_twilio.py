# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""An in-memory Flex Flows API behind requests.Session.request, for module tests that assert exact requests."""

from __future__ import annotations

import json
import uuid
from urllib.parse import parse_qs, urlsplit

import requests

BASE_URL = "https://flex-api.twilio.com"
ACCOUNT_SID = "AC" + "a" * 32

# Written out by hand, independently of the module's field table, so a mistake there shows here.
FORM_TO_KEY = {
    "FriendlyName": ("friendly_name", str),
    "ChatServiceSid": ("chat_service_sid", str),
    "ChannelType": ("channel_type", str),
    "ContactIdentity": ("contact_identity", str),
    "Enabled": ("enabled", "bool"),
    "IntegrationType": ("integration_type", str),
    "LongLived": ("long_lived", "bool"),
    "JanitorEnabled": ("janitor_enabled", "bool"),
    "Integration.FlowSid": ("integration.flow_sid", str),
    "Integration.Url": ("integration.url", str),
    "Integration.WorkspaceSid": ("integration.workspace_sid", str),
    "Integration.WorkflowSid": ("integration.workflow_sid", str),
    "Integration.Channel": ("integration.channel", str),
    "Integration.Timeout": ("integration.timeout", int),
    "Integration.Priority": ("integration.priority", int),
    "Integration.CreationOnMessage": ("integration.creation_on_message", "bool"),
    "Integration.RetryCount": ("integration.retry_count", int),
}


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


class FakeTwilio:
    """Answers Session.request calls from a dict of flows and records every call."""

    def __init__(self, flows=(), page_size_cap=None):
        self.flows = dict((flow["sid"], flow) for flow in flows)
        self.calls = []
        self.scripted = []  # responses to give before the normal ones: (status, body)
        self.page_size_cap = page_size_cap

    def request(self, method, url, data=None, params=None, **kwargs):
        parts = urlsplit(url)
        query = dict((key, values[0]) for key, values in parse_qs(parts.query).items())
        query.update(dict((key, str(value)) for key, value in (params or {}).items()))
        self.calls.append({"method": method, "path": parts.path, "query": query, "form": dict(data or {})})
        if self.scripted:
            status, body = self.scripted.pop(0)
            return response(status, body)
        return self._answer(method, parts.path, query, dict(data or {}))

    def _answer(self, method, path, query, form):
        if path == "/v1/FlexFlows" and method == "GET":
            return self._list(query)
        if path == "/v1/FlexFlows" and method == "POST":
            flow = apply_form(make_flow(integration={}, contact_identity=None), form)
            self.flows[flow["sid"]] = flow
            return response(201, flow)
        sid = path.rsplit("/", 1)[-1]
        if sid not in self.flows:
            return response(
                404,
                {
                    "code": 20404,
                    "message": "The requested resource %s was not found" % path,
                    "more_info": "https://www.twilio.com/docs/errors/20404",
                    "status": 404,
                },
            )
        if method == "GET":
            return response(200, self.flows[sid])
        if method == "POST":
            self.flows[sid] = apply_form(self.flows[sid], form)
            return response(200, self.flows[sid])
        del self.flows[sid]
        return response(204, None)

    def _list(self, query):
        matching = [flow for flow in self.flows.values() if "FriendlyName" not in query or flow["friendly_name"] == query["FriendlyName"]]
        page_size = int(query.get("PageSize", 50))
        if self.page_size_cap:
            page_size = min(page_size, self.page_size_cap)
        start = int(query.get("PageToken", 0))
        end = start + page_size
        page = matching[start:end]
        next_url = None
        if start + page_size < len(matching):
            next_url = "%s/v1/FlexFlows?PageSize=%d&PageToken=%d" % (BASE_URL, page_size, start + page_size)
            if "FriendlyName" in query:
                next_url += "&FriendlyName=" + requests.utils.quote(query["FriendlyName"])
        return response(200, {"flex_flows": page, "meta": {"key": "flex_flows", "next_page_url": next_url, "page_size": page_size}})

    def writes(self):
        return [call for call in self.calls if call["method"] != "GET"]


def response(status, body, content_type="application/json"):
    answer = requests.Response()
    answer.status_code = status
    answer._content = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    answer.headers["Content-Type"] = content_type
    answer.encoding = "utf-8"
    return answer
