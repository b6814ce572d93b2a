#!/usr/bin/env bash
# The examples in the documentation of twilio.flex.flex_flows and twilio.flex.flex_flow_info, taken from ansible-doc as a
# user reads them, run as they are against a seeded account; only the connection options come from module_defaults.
set -eu -o pipefail

source ../setup_emulator/emulator.sh
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT

emulator_python - ../../integration_config.yml "$workdir" <<'PYTHON'
import json, pathlib, subprocess, sys
import yaml
from flex_emulator.admin_client import EmulatorAdmin

config = yaml.safe_load(open(sys.argv[1]))
admin = EmulatorAdmin(config["flex_emulator_admin_url"])
workdir = pathlib.Path(sys.argv[2])
modules = ["twilio.flex.flex_flows", "twilio.flex.flex_flow_info"]
docs = json.loads(subprocess.check_output(["ansible-doc", "-t", "module", "--json"] + modules))
tasks = [task for module in modules for task in yaml.safe_load(docs[module]["examples"])]
assert len(tasks) >= 7, [task["name"] for task in tasks]

studio = {"chat_service_sid": "IS0123456789abcdef0123456789abcdef", "channel_type": "sms", "integration_type": "studio",
          "integration": {"flow_sid": "FW0123456789abcdef0123456789abcdef"}}
account = [dict(studio, friendly_name=name) for name in ("Legacy SMS", "Flex Web Channel", "Old 1", "Old 2")]
admin.reset({"flows": account})
play = [{
    "name": "The documented examples",
    "hosts": "localhost",
    "gather_facts": False,
    "module_defaults": {"group/twilio.flex.flex": {"account_sid": config["flex_account_sid"], "auth_token": config["flex_auth_token"],
                                                   "base_url": config["flex_base_url"]}},
    "vars": {"desired_flows": [dict(studio, friendly_name="SMS support", contact_identity="+15555550100", enabled=True),
                               {"friendly_name": "Flex Web Channel", "ignore": True}]},
    "tasks": tasks,
}]
(workdir / "examples.yml").write_text(yaml.safe_dump(play, sort_keys=False))
run = subprocess.run(["ansible-playbook", str(workdir / "examples.yml")], cwd=workdir, capture_output=True, text=True)
assert run.returncode == 0, run.stdout[-5000:] + run.stderr[-2000:]
assert "failed=0" in run.stdout and "ok=%d" % len(tasks) in run.stdout, run.stdout[-3000:]

names = sorted(flow["friendly_name"] for flow in admin.flows())
# The first example declares and applies; the last flex_flows example prunes what desired_flows does not declare.
assert names == ["Flex Web Channel", "SMS support"], names
exported = yaml.safe_load((workdir / "desired_flows.yml").read_text())
assert [flow["friendly_name"] for flow in exported["desired_flows"]] == names, exported
print("%d documented examples ran: %s" % (len(tasks), ", ".join(task["name"] for task in tasks)))
PYTHON
