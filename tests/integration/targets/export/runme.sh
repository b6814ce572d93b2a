#!/usr/bin/env bash
# Export an account of flows, addresses and a TaskRouter workspace (Flex's defaults and three hostile names) with the shipped twilio.flex.export
# playbook, then give the file back as it is: both bulk modules with prune and twilio.flex.taskrouter with every kind pruned,
# in check mode, find nothing to do, and the drift audit finds no drift. Names with {{ }}, {% %}
# and {# #} that would run a command or read the auth token if evaluated stay exactly as they were, and no output shows the
# token or a webhook password. The export refuses to replace a file unless forced.
set -eu -o pipefail

source ../setup_emulator/emulator.sh
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
start_round_trip "$workdir"
emulator_admin seed-taskrouter-workspace >/dev/null
emulator_python seed_taskrouter.py
emulator_admin clear-log

# The default path is flex_account.yml in the directory ansible-playbook starts in.
(cd "$workdir" && ansible-playbook twilio.flex.export -vvv --diff >"$workdir/export.out" 2>&1) || { cat "$workdir/export.out"; exit 1; }
grep -q "flows: 3, addresses: 4, taskrouter: 15 written to $workdir/flex_account.yml" "$workdir/export.out"

# A second export does not replace the file, unless forced; the forced one reads the Conversations host from its variable.
if (cd "$workdir" && ansible-playbook twilio.flex.export >"$workdir/again.out" 2>&1); then
    echo "the export replaced an existing file"; exit 1
fi
grep -q "$workdir/flex_account.yml exists and is never replaced unless forced" "$workdir/again.out"
(cd "$workdir" && env -u TWILIO_CONVERSATIONS_BASE_URL -u TWILIO_TASKROUTER_BASE_URL ansible-playbook twilio.flex.export -e export_path=flex_account.yml \
    -e export_force=true -e "twilio_conversations_base_url=$TWILIO_FLEX_BASE_URL" -e "twilio_taskrouter_base_url=$TWILIO_FLEX_BASE_URL" >"$workdir/forced.out" 2>&1) || { cat "$workdir/forced.out"; exit 1; }

ansible-playbook plan_exported.yml -vvv --diff -e "@$workdir/flex_account.yml" -e "results_path=$workdir/plan-results.json" \
    >"$workdir/plan.out" 2>&1 || { cat "$workdir/plan.out"; exit 1; }
ansible-playbook twilio.flex.drift_audit -vvv --diff -e "@$workdir/flex_account.yml" -e drift_audit_fail_on_drift=true \
    -e "drift_audit_report_path=$workdir/report.json" >"$workdir/audit.out" 2>&1 || { cat "$workdir/audit.out"; exit 1; }

emulator_python checks.py "$(read_config flex_emulator_admin_url)" account.json "$workdir"
