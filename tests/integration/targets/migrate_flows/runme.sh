#!/usr/bin/env bash
# twilio.flex.migrate_flows end to end against one emulator serving both APIs: the plan writes nothing; two named flows
# migrate; a create that fails after the delete stops the run with the restore command, which brings the flow back.
set -eu -o pipefail

source ../setup_emulator/emulator.sh
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
admin=$(read_config flex_emulator_admin_url)
emulator_admin reset account.json
# One emulator serves both APIs.
export_token_credentials
migrate() {
    local name=$1
    shift
    ansible-playbook twilio.flex.migrate_flows -e "migrate_flows_report_path=$workdir/$name.json" \
        -e "migrate_flows_rollback_path=$workdir/rollback.yml" "$@" >"$workdir/$name.out" 2>&1
}

# 1. The plan of every flow, then the same with apply asked for but --check given: nothing is written either way.
migrate plan || { cat "$workdir/plan.out"; exit 1; }
migrate check --check -e '{"migrate_flows_names": ["SMS"], "migrate_flows_apply": true}' || { cat "$workdir/check.out"; exit 1; }
# 2. Apply with no names: nothing is migrated, and the run says so. A name that matches no flow stops the run first.
migrate nothing -e migrate_flows_apply=true || { cat "$workdir/nothing.out"; exit 1; }
grep -q "migrate_flows_names is empty, so nothing was migrated" "$workdir/nothing.out"
if migrate typo -e '{"migrate_flows_names": ["SMS", "Nope"], "migrate_flows_apply": true}'; then echo "a name matching no flow was accepted"; exit 1; fi
grep -q "migrate_flows_names holds names that match no Flex Flow, so nothing was changed: Nope" "$workdir/typo.out"
[ ! -e "$workdir/rollback.yml" ] || { echo "a rollback file was written although nothing was to be deleted"; exit 1; }

emulator_python - "$admin" "$workdir" <<'PYTHON'
import json, pathlib, sys
from flex_emulator.admin_client import EmulatorAdmin
admin, workdir = EmulatorAdmin(sys.argv[1]), pathlib.Path(sys.argv[2])
methods = sorted(set(admin.methods()))
assert methods == ["GET"], "the plans sent %s" % methods
plan = json.loads((workdir / "plan.json").read_text())
results = {flow["friendly_name"]: (flow["result"], flow["blocking"], flow["address_exists"]) for flow in plan["flows"]}
assert results == {
    "SMS": ("planned", False, False), "WhatsApp": ("planned", False, False), "Web chat": ("skipped", True, False),
    "Task SMS": ("skipped", True, False), "Messenger": ("planned", False, False), "Moved already": ("skipped", False, True),
}, results
whatsapp = next(flow for flow in plan["flows"] if flow["friendly_name"] == "WhatsApp")
assert whatsapp["address"]["auto_creation"]["type"] == "webhook" and any("long_lived" in warning for warning in whatsapp["warnings"]), whatsapp
assert plan["summary"]["planned"] == 3 and plan["summary"]["skipped"] == 3, plan["summary"]
check = json.loads((workdir / "check.json").read_text())
assert [(flow["friendly_name"], flow["result"]) for flow in check["flows"]] == [("SMS", "planned")], check["flows"]
PYTHON

# 3. Apply two named flows.
emulator_admin clear-log
migrate apply -e '{"migrate_flows_names": ["SMS", "WhatsApp"], "migrate_flows_apply": true}' || { cat "$workdir/apply.out"; exit 1; }

# 4. The create of the next flow fails after its delete: the run stops and prints the command that restores the flow.
emulator_admin add-fault '{"status": 400, "code": 20001, "method": "POST", "path": "^/v1/Configuration/Addresses$", "message": "Address is invalid"}'
if migrate failed -e '{"migrate_flows_names": ["Messenger"], "migrate_flows_apply": true}'; then echo "the migration passed although its create failed"; exit 1; fi
restore=$(python - "$workdir/failed.out" <<'PYTHON'
import re, sys
output = open(sys.argv[1]).read()
match = re.search(r"Restore the flow with: (ansible localhost -m twilio\.flex\.flex_flows -a 'flows=\{\{ migrated_flows\.FO[0-9a-f]{32} \}\}' -e @\S+)", output)
assert match, output[-3000:]
print(match.group(1))
PYTHON
)
bash -c "$restore" >"$workdir/restore.out" 2>&1 || { cat "$workdir/restore.out"; exit 1; }

emulator_python - "$admin" "$workdir" <<'PYTHON'
import json, pathlib, sys
import yaml
from flex_emulator.admin_client import EmulatorAdmin
admin, workdir = EmulatorAdmin(sys.argv[1]), pathlib.Path(sys.argv[2])
flows = {flow["friendly_name"]: flow for flow in admin.flows()}
addresses = {address["address"]: address for address in admin.addresses()}
# SMS and WhatsApp moved; Messenger was restored with every option it had; the others were not touched.
assert sorted(flows) == ["Messenger", "Moved already", "Task SMS", "Web chat"], sorted(flows)
assert sorted(addresses) == ["+15555550100", "+15555550103", "whatsapp:+15555550101"], sorted(addresses)
sms = addresses["+15555550100"]
assert sms["type"] == "sms" and sms["friendly_name"] == "SMS", sms
assert sms["auto_creation"]["type"] == "studio" and sms["auto_creation"]["studio_flow_sid"] == "FW0123456789abcdef0123456789abcdef", sms
assert sms["auto_creation"]["studio_retry_count"] == 1 and sms["auto_creation"]["conversation_service_sid"] == "IS0123456789abcdef0123456789abcdef", sms
whatsapp = addresses["whatsapp:+15555550101"]["auto_creation"]
assert whatsapp["type"] == "webhook" and whatsapp["webhook_url"] == "https://hooks.example.com/flex" and whatsapp["webhook_filters"] == ["onMessageAdded"], whatsapp
messenger = flows["Messenger"]
assert (messenger["channel_type"], messenger["contact_identity"], messenger["enabled"], messenger["janitor_enabled"]) == (
    "facebook", "messenger:565233119996327", False, True), messenger
assert messenger["integration"]["flow_sid"] == "FWfedcba9876543210fedcba9876543210" and messenger["integration"]["retry_count"] == 3, messenger

applied = json.loads((workdir / "apply.json").read_text())
assert [(flow["friendly_name"], flow["result"]) for flow in applied["flows"]] == [("SMS", "migrated"), ("WhatsApp", "migrated")], applied["flows"]
failed = json.loads((workdir / "failed.json").read_text())
assert [(flow["friendly_name"], flow["result"]) for flow in failed["flows"]] == [("Messenger", "failed")], failed["flows"]
assert "HTTP 400" in failed["flows"][0]["reason"], failed["flows"][0]
rollback = yaml.safe_load((workdir / "rollback.yml").read_text())
assert [entry["friendly_name"] for entry in rollback["desired_flows"]] == ["Messenger"], rollback
assert oct((workdir / "rollback.yml").stat().st_mode & 0o777) == "0o600"
output = (workdir / "failed.out").read_text()
assert "The Flex Flow was deleted and its address was not verified" in output, output[-2000:]
print("migration: 2 flows migrated and verified, 1 failed create restored from the rollback file")
PYTHON
