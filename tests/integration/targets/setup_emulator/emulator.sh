# shellcheck shell=bash
# Sourced by the runme.sh of every target that drives the emulator (their aliases: needs/target/setup_emulator), from the
# target's own folder. The test command writes ../../integration_config.yml: the emulator's URLs and its credentials.
integration_config=../../integration_config.yml

# KEY: one value of integration_config.yml.
read_config() { python -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))[sys.argv[2]])' "$integration_config" "$1"; }

# PATH: a file of the collection under test. ansible-test runs a script from a copy of the target's files only, so it is
# taken from the collection on ANSIBLE_COLLECTIONS_PATH; the relative path serves a run by hand from a checkout.
collection_file() {
    local root
    local -a roots
    IFS=: read -r -a roots <<<"${ANSIBLE_COLLECTIONS_PATH:-}"
    for root in "${roots[@]}"; do
        if [ -e "$root/ansible_collections/twilio/flex/$1" ]; then echo "$root/ansible_collections/twilio/flex/$1"; return; fi
    done
    if [ -e "../../../../$1" ]; then echo "../../../../$1"; return; fi
    echo "$1 not found in the collection on ANSIBLE_COLLECTIONS_PATH" >&2
    return 1
}

# [ARGS]: python with the emulator's package importable, for flex_emulator.admin_client in a script's own checks, and
# the checks this folder shares between targets (round_trip_checks).
emulator_python() { PYTHONPATH="$(collection_file tests):$(cd ../setup_emulator && pwd)${PYTHONPATH:+:$PYTHONPATH}" python "$@"; }

# COMMAND [ARGS]: the emulator's control client: reset [SEED_FILE], clear-log, log, methods, add-fault JSON, clear-faults.
emulator_admin() { emulator_python -m flex_emulator.admin_client "$(read_config flex_emulator_admin_url)" "$@"; }

# What an AWX credential of the documented type injects for an auth token, with the emulator as every API host.
export_token_credentials() {
    TWILIO_ACCOUNT_SID=$(read_config flex_account_sid)
    TWILIO_AUTH_TOKEN=$(read_config flex_auth_token)
    TWILIO_FLEX_BASE_URL=$(read_config flex_base_url)
    TWILIO_CONVERSATIONS_BASE_URL=$TWILIO_FLEX_BASE_URL
    TWILIO_TASKROUTER_BASE_URL=$TWILIO_FLEX_BASE_URL
    export TWILIO_ACCOUNT_SID TWILIO_AUTH_TOKEN TWILIO_FLEX_BASE_URL TWILIO_CONVERSATIONS_BASE_URL TWILIO_TASKROUTER_BASE_URL
}

# WORKDIR: the start of an export's round trip: the account of the target's account.json, the credentials, and
# INERT_MARKER, the file in WORKDIR that a name's command would create if anything evaluated it.
start_round_trip() {
    emulator_admin reset account.json
    export_token_credentials
    export INERT_MARKER="$1/evaluated-marker"
}
