#!/usr/bin/env bash
# Export the account with the shipped playbook, then give the file back as it is: twilio.flex.flex_flows with prune in
# check mode, and a real apply, find every flow in sync, and the drift audit finds no drift. The account holds names with
# {{ }}, {% %} and {# #} that would run a command or read the auth token if evaluated: nothing is evaluated, every name
# stays exactly as it was, and no output shows the token or a webhook password. The export refuses to replace a file.
set -eu -o pipefail

source ../setup_emulator/emulator.sh
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
start_round_trip "$workdir"

# The default path is desired_flows.yml in the directory ansible-playbook starts in, with or without PWD.
(cd "$workdir" && env -u PWD ansible-playbook twilio.flex.export_flows -vvv --diff >"$workdir/export.out" 2>&1) || { cat "$workdir/export.out"; exit 1; }
grep -q "8 flows written to $workdir/desired_flows.yml" "$workdir/export.out"

# A second export does not replace the file, unless forced.
if (cd "$workdir" && ansible-playbook twilio.flex.export_flows >"$workdir/again.out" 2>&1); then
    echo "the export replaced an existing file"; exit 1
fi
grep -q "$workdir/desired_flows.yml exists and is never replaced unless forced" "$workdir/again.out"
(cd "$workdir" && ansible-playbook twilio.flex.export_flows -e export_flows_path=desired_flows.yml -e export_flows_force=true >"$workdir/forced.out" 2>&1) \
    || { cat "$workdir/forced.out"; exit 1; }

ansible-playbook apply_exported.yml -vvv --diff -e "@$workdir/desired_flows.yml" -e "results_path=$workdir/apply-results.json" \
    >"$workdir/apply.out" 2>&1 || { cat "$workdir/apply.out"; exit 1; }
ansible-playbook twilio.flex.drift_audit -vvv --diff -e "@$workdir/desired_flows.yml" -e drift_audit_fail_on_drift=true \
    -e "drift_audit_report_path=$workdir/report.json" >"$workdir/audit.out" 2>&1 || { cat "$workdir/audit.out"; exit 1; }

emulator_python check_round_trip.py "$(read_config flex_emulator_admin_url)" account.json "$workdir"
