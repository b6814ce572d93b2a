#!/usr/bin/env bash
# twilio.flex.migrate_flows end to end against one emulator serving both APIs: the plan writes nothing; two named flows
# migrate; a create that fails after the delete stops the run with the restore command, which brings the flow back; the
# rollback file keeps every run's entries; a restore creates its own flow again and changes no other, even one of the same
# name; names holding templates stay data. The checks are in checks.py.
set -eu -o pipefail

source ../setup_emulator/emulator.sh
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
admin=$(read_config flex_emulator_admin_url)
check() { emulator_python checks.py "$1" "$admin" "$workdir" "${@:2}"; }
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
check plans-wrote-nothing
# The default paths, from another directory, with PWD unset: the files land where ansible-playbook was started.
mkdir "$workdir/start"
(cd "$workdir/start" && umask 027 && env -u PWD ansible-playbook twilio.flex.migrate_flows >"$workdir/start.out" 2>&1) || { cat "$workdir/start.out"; exit 1; }
check default-paths 027

# 3. Apply two named flows.
emulator_admin clear-log
migrate apply -e '{"migrate_flows_names": ["SMS", "WhatsApp"], "migrate_flows_apply": true}' || { cat "$workdir/apply.out"; exit 1; }

# 4. The create of the next flow fails after its delete: the run stops and prints the command that restores the flow.
emulator_admin add-fault '{"status": 400, "code": 20001, "method": "POST", "path": "^/v1/Configuration/Addresses$", "message": "Address is invalid"}'
if migrate failed -e '{"migrate_flows_names": ["Messenger"], "migrate_flows_apply": true}'; then echo "the migration passed although its create failed"; exit 1; fi
restore=$(check restore-command failed)
bash -c "$restore" >"$workdir/restore.out" 2>&1 || { cat "$workdir/restore.out"; exit 1; }
check migrated-and-restored

# 5. A run that deletes nothing leaves the rollback file alone, and says that nothing was migrated, and why.
check rollback-state rollback-before.json
migrate skipped -e '{"migrate_flows_names": ["Moved already"], "migrate_flows_apply": true}' || { cat "$workdir/skipped.out"; exit 1; }
check rollback-untouched rollback-before.json
check nothing-migrated skipped

# 6. Two flows named Twin, a name holding templates, two flows with one contact identity.
rm -f "$workdir/rollback.yml" /tmp/twilio-flex-migrate-pwned
emulator_admin reset account_twins.json
check snapshot seeded.json
migrate twins-plan -e '{"migrate_flows_names": ["Twin", "Dup 1", "Dup 2"]}' || { cat "$workdir/twins-plan.out"; exit 1; }
check twins-planned
twin=$(check sid-of Twin first)
templated=$(check sid-of "Support {{" prefix)
emulator_admin add-fault '{"status": 400, "code": 20001, "method": "POST", "path": "^/v1/Configuration/Addresses$", "message": "Address is invalid", "count": 2}'
if migrate twin-failed -e "{\"migrate_flows_names\": [\"$twin\"], \"migrate_flows_apply\": true}"; then echo "the create did not fail"; exit 1; fi
if migrate templated-failed -e "{\"migrate_flows_names\": [\"$templated\"], \"migrate_flows_apply\": true}"; then echo "the create did not fail"; exit 1; fi
# A flow made with the deleted flow's name between the migration and the restore.
check add-flow Twin +15555550119
check snapshot before-restore.json
twin_restore=$(check restore-command twin-failed)
templated_restore=$(check restore-command templated-failed)
bash -c "$twin_restore" >"$workdir/twin-restore.out" 2>&1 || { cat "$workdir/twin-restore.out"; exit 1; }
bash -c "$templated_restore" >"$workdir/templated-restore.out" 2>&1 || { cat "$workdir/templated-restore.out"; exit 1; }
bash -c "$twin_restore" >"$workdir/twin-restore-again.out" 2>&1 || { cat "$workdir/twin-restore-again.out"; exit 1; }
check twins-restored "$twin" "$templated"
