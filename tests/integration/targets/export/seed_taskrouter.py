# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Hostile names in the account's TaskRouter workspace, through the API as anyone with Console access could set them: an
activity, a task queue that names it, and a workflow that routes to the queue, each name holding Jinja that would create
INERT_MARKER, or show a comment's removal, if anything evaluated it.

Usage: seed_taskrouter.py (with TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_TASKROUTER_BASE_URL in the environment)
"""

from __future__ import annotations

import json
import os

import requests

# The names by kind, at most 64 characters as TaskRouter allows; checks.py expects them back exactly. Evaluated, the
# lookups would run a shell, which expands INERT_MARKER from the environment.
HOSTILE_NAMES = dict(
    activity="On a Task {{ lookup('pipe', 'touch \"$INERT_MARKER\"') }}",
    task_queue="{% set x = lookup('pipe', 'touch \"$INERT_MARKER\"') %}Sales {#c#}",
    workflow="Assign {# a comment #} to Sales",
)


def main():
    base_url = os.environ["TWILIO_TASKROUTER_BASE_URL"].rstrip("/")
    auth = (os.environ["TWILIO_ACCOUNT_SID"], os.environ["TWILIO_AUTH_TOKEN"])
    names = HOSTILE_NAMES

    def send(method, path, form=None):
        answer = requests.request(method, base_url + path, data=form, auth=auth, timeout=30)
        answer.raise_for_status()
        return answer.json()

    (workspace,) = send("GET", "/v1/Workspaces")["workspaces"]
    path = "/v1/Workspaces/%s" % workspace["sid"]
    activity = send("POST", path + "/Activities", dict(FriendlyName=names["activity"], Available="false"))
    queue = send("POST", path + "/TaskQueues", dict(FriendlyName=names["task_queue"], TargetWorkers="1==1", AssignmentActivitySid=activity["sid"]))
    routing = dict(
        filters=[dict(filter_friendly_name=names["task_queue"], expression="1==1", targets=[dict(queue=queue["sid"])])],
        default_filter=dict(queue=queue["sid"]),
    )
    send("POST", path + "/Workflows", dict(FriendlyName=names["workflow"], Configuration=json.dumps(dict(task_routing=routing))))


if __name__ == "__main__":
    main()
