#!/usr/bin/env bash
# Export the account with the shipped playbook, then give the file back as it is: twilio.flex.flex_flows with prune in
# check mode finds every flow in sync, and the drift audit finds no drift. The export refuses to replace a file.
set -eu -o pipefail

source ../setup_emulator/emulator.sh
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
emulator_admin reset account.json
export_token_credentials

# The default path is desired_flows.yml in the working directory.
(cd "$workdir" && ansible-playbook twilio.flex.export_flows >"$workdir/export.out" 2>&1) || { cat "$workdir/export.out"; exit 1; }
grep -q "5 flows written to $workdir/desired_flows.yml" "$workdir/export.out"

# A second export does not replace the file, unless forced.
if (cd "$workdir" && ansible-playbook twilio.flex.export_flows >"$workdir/again.out" 2>&1); then
    echo "the export replaced an existing file"; exit 1
fi
grep -q "desired_flows.yml exists; set export_flows_force=true to replace it" "$workdir/again.out"
ansible-playbook twilio.flex.export_flows -e "export_flows_path=$workdir/desired_flows.yml" -e export_flows_force=true >"$workdir/forced.out" 2>&1 \
    || { cat "$workdir/forced.out"; exit 1; }

python - "$workdir/desired_flows.yml" <<'PYTHON'
import sys, yaml
declaration = yaml.safe_load(open(sys.argv[1]))
flows = declaration["desired_flows"]
assert list(declaration) == ["desired_flows"], list(declaration)
assert [flow["friendly_name"] for flow in flows] == ["SMS", "Twin", "Twin", "Web chat", "WhatsApp hook"], flows
assert [("sid" in flow) for flow in flows] == [False, True, True, False, False], flows
assert flows[0]["contact_identity"] == "+15555550100" and flows[0]["integration"] == {"flow_sid": "FW0123456789abcdef0123456789abcdef", "retry_count": 1}
# A key of a former integration type is left out, so the entry passes flex_flows' validation.
assert "flow_sid" not in flows[3]["integration"], flows[3]
assert list(flows[4])[:3] == ["friendly_name", "chat_service_sid", "channel_type"], list(flows[4])
PYTHON

ansible-playbook apply_exported.yml -e "@$workdir/desired_flows.yml" >"$workdir/apply.out" 2>&1 || { cat "$workdir/apply.out"; exit 1; }
ansible-playbook twilio.flex.drift_audit -e "@$workdir/desired_flows.yml" -e drift_audit_fail_on_drift=true \
    -e "drift_audit_report_path=$workdir/report.json" >"$workdir/audit.out" 2>&1 || { cat "$workdir/audit.out"; exit 1; }

methods=$(emulator_admin methods | tr '\n' ' ')
python - "$methods" "$workdir/report.json" <<'PYTHON'
import json, sys
methods, report_path = sys.argv[1].split(), sys.argv[2]
report = json.load(open(report_path))
assert report["drift_found"] is False and report["summary"]["in_sync"] == 5 and report["undeclared"] == [], report["summary"]
# Two exports, the plan and the audit: one listing each, nothing written.
assert methods == ["GET"] * 4, methods
print("export round trip: 5 flows exported, planned and audited in sync with %d GETs" % len(methods))
PYTHON
