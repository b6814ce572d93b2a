# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The checks of runme.sh, one subcommand each, run with the emulator's package importable (emulator_python):

checks.py examples CONFIG WORKDIR    the documented examples, taken from ansible-doc, run as they are against a seeded account
"""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import yaml

from flex_emulator.admin_client import EmulatorAdmin

MODULES = ["twilio.flex.flex_flows", "twilio.flex.flex_flow_info"]
STUDIO = {
    "chat_service_sid": "IS0123456789abcdef0123456789abcdef",
    "channel_type": "sms",
    "integration_type": "studio",
    "integration": {"flow_sid": "FW0123456789abcdef0123456789abcdef"},
}


def examples(config_path, workdir):
    """Runs every example of MODULES in one play, with only the connection options from module_defaults, and checks the account."""
    config = yaml.safe_load(pathlib.Path(config_path).read_text())
    admin = EmulatorAdmin(config["flex_emulator_admin_url"])
    workdir = pathlib.Path(workdir)
    docs = json.loads(subprocess.check_output(["ansible-doc", "-t", "module", "--json"] + MODULES))
    tasks = [task for module in MODULES for task in yaml.safe_load(docs[module]["examples"])]
    assert len(tasks) >= 7, [task["name"] for task in tasks]

    account = [dict(STUDIO, friendly_name=name) for name in ("Legacy SMS", "Flex Web Channel", "Old 1", "Old 2")]
    admin.reset({"flows": account})
    connection = {"account_sid": config["flex_account_sid"], "auth_token": config["flex_auth_token"], "base_url": config["flex_base_url"]}
    play = [
        {
            "name": "The documented examples",
            "hosts": "localhost",
            "gather_facts": False,
            "module_defaults": {"group/twilio.flex.flex": connection},
            "vars": {
                "desired_flows": [
                    dict(STUDIO, friendly_name="SMS support", contact_identity="+15555550100", enabled=True),
                    {"friendly_name": "Flex Web Channel", "ignore": True},
                ]
            },
            "tasks": tasks,
        }
    ]
    (workdir / "examples.yml").write_text(yaml.safe_dump(play, sort_keys=False))
    run = subprocess.run(["ansible-playbook", str(workdir / "examples.yml")], cwd=workdir, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout[-5000:] + run.stderr[-2000:]
    assert "failed=0" in run.stdout and "ok=%d" % len(tasks) in run.stdout, run.stdout[-3000:]

    names = sorted(flow["friendly_name"] for flow in admin.flows())
    # The first example declares and applies; the last flex_flows example prunes what desired_flows does not declare.
    assert names == ["Flex Web Channel", "SMS support"], names
    exported = yaml.safe_load((workdir / "desired_flows.yml").read_text())
    assert [flow["friendly_name"] for flow in exported["desired_flows"]] == names, exported
    print("%d documented examples ran: %s" % (len(tasks), ", ".join(task["name"] for task in tasks)))


CHECKS = {"examples": examples}

if __name__ == "__main__":
    CHECKS[sys.argv[1]](*sys.argv[2:])
