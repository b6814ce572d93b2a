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

emulator_python check_cases.py example "$(read_config flex_emulator_admin_url)" "$workdir"

# A run in check mode still writes the report, the same one: nothing the audit writes goes to Twilio.
ansible-playbook --check twilio.flex.drift_audit -e "@$example" -e "drift_audit_report_path=$workdir/check.json" >"$workdir/check.out" 2>&1 \
    || { cat "$workdir/check.out"; exit 1; }
cmp "$workdir/report.json" "$workdir/check.json"
# A second run over an unchanged account leaves the report as it is.
ansible-playbook twilio.flex.drift_audit -e "@$example" -e "drift_audit_report_path=$workdir/check.json" >"$workdir/again.out" 2>&1 \
    || { cat "$workdir/again.out"; exit 1; }
emulator_python check_cases.py report-unchanged "$workdir/again.out"

# The cases the audit tells apart, each checked by check_cases.py: a flow declared by SID and deleted is drift; a flow that
# cannot be created, and a declaration variable that is not defined, are audit errors; an empty declaration gets a warning;
# URL passwords are masked in the report and the artifacts; desired_addresses is audited alone or with the flows. The report lands in the directory ansible-playbook starts in
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

# Addresses: alone (the flows not audited), with the flows (drift through the addresses alone, the gate fails on it).
ansible-playbook twilio.flex.drift_audit -e "@declarations/addresses_only.yml" -e drift_audit_undeclared_is_drift=false \
    -e "drift_audit_report_path=$workdir/addresses_only.json" >"$workdir/addresses_only.out" 2>&1 || { cat "$workdir/addresses_only.out"; exit 1; }
if ansible-playbook twilio.flex.drift_audit -e "@declarations/both_kinds.yml" -e drift_audit_undeclared_is_drift=false -e drift_audit_fail_on_drift=true \
    -e "drift_audit_report_path=$workdir/both_kinds.json" >"$workdir/both_kinds.out" 2>&1; then
    echo "the audit passed although drift_audit_fail_on_drift was set and an address drifted"; exit 1
fi

# A TaskRouter workspace alone, with Flex's defaults (seeding is not logged): drift in its settings and a queue fails the gate.
emulator_admin seed-taskrouter-workspace >/dev/null
if ansible-playbook twilio.flex.drift_audit -e "@declarations/taskrouter_only.yml" -e drift_audit_undeclared_is_drift=false -e drift_audit_fail_on_drift=true \
    -e "drift_audit_report_path=$workdir/taskrouter_only.json" >"$workdir/taskrouter_only.out" 2>&1; then
    echo "the audit passed although drift_audit_fail_on_drift was set and the TaskRouter workspace drifted"; exit 1
fi

emulator_python check_cases.py cases "$(read_config flex_emulator_admin_url)" "$workdir"
