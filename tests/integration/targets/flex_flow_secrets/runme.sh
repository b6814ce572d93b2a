#!/usr/bin/env bash
# Every output of real runs (at -vvvv, with diff, a log file and, where credentials come from the environment,
# ANSIBLE_DEBUG) holds neither the auth token nor the API secret.
set -eu -o pipefail

source ../setup_emulator/emulator.sh
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
config=../../integration_config.yml

# NAME COMMAND...: run a command with its output in $workdir/NAME.stdout and NAME.stderr. It must succeed (the playbooks' own
# asserts check the failures they provoke); if it fails, the end of its output goes to the test log with the secrets masked,
# since that output was never scanned.
run_logged() {
    local name=$1
    shift
    "$@" >"$workdir/$name.stdout" 2>"$workdir/$name.stderr" && return
    python checks.py masked-tail "$config" "$workdir/$name.stdout" "$workdir/$name.stderr" >&2
    return 1
}

run_playbook() {
    local name=$1
    shift
    ANSIBLE_LOG_PATH="$workdir/$name.log" run_logged "$name" \
        ansible-playbook secrets.yml -vvvv --diff -e "@$config" -e "results_file=$workdir/$name-results.json" "$@"
}

# An account with a flow whose webhook URL has a password: it is a secret too, which every output must mask.
export URL_PASSWORD=url-password-0123456789abcdef
emulator_admin reset hook-account.json
# Credentials as task arguments, as most playbooks give them.
run_playbook args -e credentials_from=args
run_playbook args-check -e credentials_from=args --check
# Every scenario of the role targets with the alias replayed_by/flex_flow_secrets, asserts included, at the same verbosity
# and with diff: where this target runs, the test command does not run them on their own, so this run is their test. Each
# target in a run of its own, so that one that fails neither hides the others nor stops the scan; its output is shown.
replayed=$(grep -lx 'replayed_by/flex_flow_secrets' ../*/aliases | xargs -n 1 dirname | xargs -n 1 basename | tr '\n' ' ')
[ -n "$replayed" ] || { echo "no target has the alias replayed_by/flex_flow_secrets: ansible-test copied none (needs/target)"; exit 1; }
failed_targets=()
for target in $replayed; do
    ANSIBLE_ROLES_PATH=.. ANSIBLE_LOG_PATH="$workdir/scenarios-$target.log" run_logged "scenarios-$target" \
        ansible-playbook every_scenario.yml -vvvv --diff -e "@$config" -e "scenario_target=$target" || failed_targets+=("$target")
done
# Credentials only in the environment, as an AWX credential injects them: even ANSIBLE_DEBUG shows nothing.
emulator_admin reset hook-account.json
TWILIO_ACCOUNT_SID=$(read_config flex_account_sid) TWILIO_AUTH_TOKEN=$(read_config flex_auth_token) ANSIBLE_DEBUG=1 \
    run_playbook env-token -e credentials_from=env
TWILIO_API_KEY=$(read_config flex_api_key) TWILIO_API_SECRET=$(read_config flex_api_secret) ANSIBLE_DEBUG=1 \
    run_playbook env-key -e credentials_from=env
# The migration playbook, on both APIs, migrating one flow: credentials from the environment, ANSIBLE_DEBUG on.
cat >"$workdir/migration-account.json" <<'JSON'
{"flows": [{"friendly_name": "Secrets migration", "chat_service_sid": "IS0123456789abcdef0123456789abcdef", "channel_type": "sms",
  "contact_identity": "+15555550177", "integration_type": "studio", "integration": {"flow_sid": "FW0123456789abcdef0123456789abcdef"}}],
 "addresses": []}
JSON
emulator_admin reset "$workdir/migration-account.json"
TWILIO_API_KEY=$(read_config flex_api_key) TWILIO_API_SECRET=$(read_config flex_api_secret) ANSIBLE_DEBUG=1 \
    TWILIO_FLEX_BASE_URL=$(read_config flex_base_url) TWILIO_CONVERSATIONS_BASE_URL=$(read_config flex_base_url) \
    ANSIBLE_LOG_PATH="$workdir/migration.log" run_logged migration ansible-playbook twilio.flex.migrate_flows -vvvv --diff \
    -e '{"migrate_flows_names": ["Secrets migration"], "migrate_flows_apply": true}' \
    -e "migrate_flows_report_path=$workdir/migration-report.json" -e "migrate_flows_rollback_path=$workdir/migration-rollback.yml"

emulator_admin log >"$workdir/emulator.log"
python checks.py scan "$config" "$workdir" "$replayed"
[ ${#failed_targets[@]} -eq 0 ] || { echo "the scenarios of ${failed_targets[*]} failed: see their output above"; exit 1; }
