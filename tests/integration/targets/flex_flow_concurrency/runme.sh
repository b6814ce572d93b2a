#!/usr/bin/env bash
# 25 hosts with 25 forks each manage their own Flex Flow while the emulator answers 30 % of API requests
# with HTTP 429: every flow is created exactly once, a second run changes nothing, a check run writes
# nothing, and every 429 is retried and warned about, with no request more than that.
set -eu -o pipefail

source ../setup_emulator/emulator.sh
workdir=$(mktemp -d)

# The targets share one emulator: a failed run must not leave the 429s to the next target.
cleanup() {
    emulator_admin clear-faults || true
    rm -rf "$workdir"
}
trap cleanup EXIT

echo '{"flows": []}' >"$workdir/empty.json"
emulator_admin reset "$workdir/empty.json"
# Unlimited (count null) so that it lasts all three runs; the seed makes the draws reproducible.
emulator_admin add-fault '{"status": 429, "code": 20429, "probability": 0.3, "count": null, "path": "^/v1/", "seed": 1234}'
export_token_credentials

# NAME [ansible-playbook arguments]: one run of flows.yml, keeping its results and its own request log.
run_flows() {
    local name=$1
    shift
    emulator_admin clear-log
    ansible-playbook flows.yml -i inventory.ini --forks 25 -e "results_file=$workdir/$name-results.json" "$@" \
        >"$workdir/$name.out" 2>&1 || { cat "$workdir/$name.out"; exit 1; }
    emulator_admin log >"$workdir/$name-requests.json"
}

run_flows create
run_flows again
run_flows check --check -e flow_enabled=false
emulator_python checks.py runs "$(read_config flex_emulator_admin_url)" "$workdir"
