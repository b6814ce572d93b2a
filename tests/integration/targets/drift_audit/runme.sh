#!/usr/bin/env bash
# The shipped drift audit, run as a user runs it, against an account with one flow of each kind:
# in sync (Web chat), drifted (SMS), missing (WhatsApp), declared absent but present (Legacy SMS), undeclared (Stray test flow).
set -eu -o pipefail

source ../setup_emulator/emulator.sh
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
# TWILIO_FLEX_DRIFT_REPORT_COPY keeps a copy of the report, for the documentation.
example=$(collection_file examples/desired_flows.yml)
emulator_admin reset account.json

# Only what an AWX credential of the documented type injects: no credential reaches the playbook as a variable.
export_token_credentials

ansible-playbook twilio.flex.drift_audit -e "@$example" -e "drift_audit_report_path=$workdir/report.json" >"$workdir/audit.out" 2>&1 \
    || { cat "$workdir/audit.out"; exit 1; }

# With the gate on, the same audit fails the run.
if ansible-playbook twilio.flex.drift_audit -e "@$example" -e drift_audit_fail_on_drift=true -e "drift_audit_report_path=$workdir/gate.json" \
    >"$workdir/gate.out" 2>&1; then
    echo "the audit passed although drift_audit_fail_on_drift was set and the account drifted"; exit 1
fi
grep -q "Drift found" "$workdir/gate.out"

emulator_python - "$(read_config flex_emulator_admin_url)" "$workdir" <<'PYTHON'
import json, os, pathlib, stat, sys
from flex_emulator.admin_client import EmulatorAdmin

admin, workdir = EmulatorAdmin(sys.argv[1]), pathlib.Path(sys.argv[2])
report = json.loads((workdir / "report.json").read_text())
umask = os.umask(0o022)
os.umask(umask)
# The report holds no secret: it is as readable as any file the user makes.
assert stat.S_IMODE((workdir / "report.json").stat().st_mode) == 0o666 & ~umask, oct((workdir / "report.json").stat().st_mode)
# The file holds what ansible.builtin.to_nice_json makes of the report, and a newline.
assert (workdir / "report.json").read_text() == json.dumps(report, indent=4, sort_keys=True, separators=(",", ": ")) + "\n"
status = {flow["friendly_name"]: flow["status"] for flow in report["flows"]}
assert status == {"Web chat": "in_sync", "SMS": "drifted", "WhatsApp": "missing", "Legacy SMS": "drifted"}, status
sms = next(flow for flow in report["flows"] if flow["friendly_name"] == "SMS")
assert sms["changed_fields"] == ["integration.flow_sid"], sms
assert sms["diff"]["before"]["integration"]["flow_sid"] == "FWaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", sms
assert sms["diff"]["after"]["integration"]["flow_sid"] == "FW0123456789abcdef0123456789abcdef", sms
legacy = next(flow for flow in report["flows"] if flow["friendly_name"] == "Legacy SMS")
assert legacy["changed_fields"] == ["state"] and legacy["diff"]["after"] == {}, legacy
sids = {flow["friendly_name"]: flow["sid"] for flow in report["flows"]}
assert report["undeclared"][0]["enabled"] is False, report["undeclared"]
assert all(str(sids[name]).startswith("FO") for name in ("Web chat", "SMS", "Legacy SMS")) and sids["WhatsApp"] is None, sids
assert [flow["friendly_name"] for flow in report["undeclared"]] == ["Stray test flow"], report["undeclared"]
assert report["summary"] == {"declared": 4, "live": 4, "in_sync": 1, "drifted": 2, "missing": 1, "undeclared": 1, "ignored": 0,
                             "errors": 0, "created": 1, "updated": 1, "deleted": 1}, report["summary"]
assert report["drift_found"] is True and report["audit_error"] is None
assert [flow["action"] for flow in report["flows"]] == ["none", "update", "create", "delete"], report["flows"]
output = (workdir / "audit.out").read_text()
assert "flex_drift_audit" in output or "in sync: 1, drifted: 2, missing: 1, undeclared: 1" in output, output[-2000:]

methods = admin.methods()
# Each of the two runs above reads the account once: one page holds up to a thousand flows.
assert methods == ["GET", "GET"], "the audit sent %s" % methods
if os.environ.get("TWILIO_FLEX_DRIFT_REPORT_COPY"):
    pathlib.Path(os.environ["TWILIO_FLEX_DRIFT_REPORT_COPY"]).write_text((workdir / "report.json").read_text())
print("drift audit: %s; %d requests, all GET" % (report["summary"], len(methods)))
PYTHON

# A run in check mode still writes the report, the same one: nothing the audit writes goes to Twilio.
ansible-playbook --check twilio.flex.drift_audit -e "@$example" -e "drift_audit_report_path=$workdir/check.json" >"$workdir/check.out" 2>&1 \
    || { cat "$workdir/check.out"; exit 1; }
cmp "$workdir/report.json" "$workdir/check.json"
# A second run over an unchanged account leaves the report as it is.
ansible-playbook twilio.flex.drift_audit -e "@$example" -e "drift_audit_report_path=$workdir/check.json" >"$workdir/again.out" 2>&1 \
    || { cat "$workdir/again.out"; exit 1; }
python - "$workdir/again.out" <<'PYTHON'
import re, sys
output = open(sys.argv[1]).read()
task = output.split("TASK [Build the report and write it as JSON]", 1)[1].split("TASK [", 1)[0]
assert re.search(r"^ok: \[localhost\]", task, re.MULTILINE), task
PYTHON

# The cases the audit tells apart, each checked by check_cases.py: a flow declared by SID and deleted is drift; a flow that
# cannot be created, and a declaration variable that is not defined, are audit errors; an empty declaration gets a warning;
# URL passwords are masked in the report and the artifacts. The report lands in the directory ansible-playbook starts in
# (without PWD too), with the mode the umask allows.
target_dir=$(pwd)
emulator_admin clear-log
umask 027
(cd "$workdir" && env -u PWD ansible-playbook twilio.flex.drift_audit -e "@$target_dir/declarations/sid_deleted.yml" >"$workdir/sid_deleted.out" 2>&1) \
    || { cat "$workdir/sid_deleted.out"; exit 1; }
if ansible-playbook twilio.flex.drift_audit -e "@declarations/sid_deleted.yml" -e drift_audit_fail_on_drift=true \
    -e "drift_audit_report_path=$workdir/sid_deleted_gate.json" >"$workdir/sid_deleted_gate.out" 2>&1; then
    echo "the audit passed although drift_audit_fail_on_drift was set and a declared SID is missing"; exit 1
fi
if ansible-playbook twilio.flex.drift_audit -e "@declarations/uncreatable.yml" -e "drift_audit_report_path=$workdir/uncreatable.json" \
    >"$workdir/uncreatable.out" 2>&1; then
    echo "the audit passed although an entry could not be audited"; exit 1
fi
if ansible-playbook twilio.flex.drift_audit -e '{"desired_flow": [{"friendly_name": "Web chat"}]}' -e "drift_audit_report_path=$workdir/undefined.json" \
    >"$workdir/undefined.out" 2>&1; then
    echo "the audit passed although desired_flows is not defined"; exit 1
fi
if ansible-playbook twilio.flex.drift_audit -e '{"desired_flows": {"Web chat": {"enabled": true}}}' -e "drift_audit_report_path=$workdir/mapping.json" \
    >"$workdir/mapping.out" 2>&1; then
    echo "the audit passed although desired_flows is a dictionary"; exit 1
fi
ansible-playbook twilio.flex.drift_audit -e '{"desired_flows": []}' -e "drift_audit_report_path=$workdir/empty.json" >"$workdir/empty.out" 2>&1 \
    || { cat "$workdir/empty.out"; exit 1; }
if ansible-playbook twilio.flex.drift_audit -e '{"desired_flows": [{"friendly_name": "Web chat", "channel_type": "fax"}]}' \
    -e "drift_audit_report_path=$workdir/invalid.json" >"$workdir/invalid.out" 2>&1; then
    echo "the audit passed although the declaration is invalid"; exit 1
fi
ANSIBLE_SHOW_CUSTOM_STATS=true ansible-playbook twilio.flex.drift_audit -vvv --diff -e "@declarations/url_password.yml" \
    -e "drift_audit_report_path=$workdir/url_password.json" >"$workdir/url_password.out" 2>&1 || { cat "$workdir/url_password.out"; exit 1; }

emulator_python check_cases.py "$(read_config flex_emulator_admin_url)" "$workdir"
