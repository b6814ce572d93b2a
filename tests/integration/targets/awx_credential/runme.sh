#!/usr/bin/env bash
# The AWX credential type shipped in examples/awx/credential_type.json, end to end: its
# environment injectors are rendered with Jinja2 as AWX renders them, once for an auth token
# and once for an API key, and the modules then run with that environment and nothing else.
# Last, the drift audit playbook runs through ansible-runner, the library AWX runs every job with.
set -eu -o pipefail

source ../setup_emulator/emulator.sh
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
config=../../integration_config.yml
credential_type=$(collection_file examples/awx/credential_type.json)
admin=$(read_config flex_emulator_admin_url)
flow_name="AWX credential check"

cat >"$workdir/account.json" <<'JSON'
{"flows": [{"friendly_name": "AWX credential check", "chat_service_sid": "IS0123456789abcdef0123456789abcdef",
  "channel_type": "web", "enabled": true, "integration_type": "studio", "integration": {"flow_sid": "FW0123456789abcdef0123456789abcdef"}}]}
JSON
emulator_admin reset "$workdir/account.json"

# Writes NAME=value entries, NUL-separated, for the credential inputs named on the command line
# (config key=input id); the inputs not named stay undefined, as in an AWX credential where
# the optional fields are left empty.
render_injectors() {
    emulator_python checks.py render-injectors "$credential_type" "$config" "$@"
}

# Only what a job in AWX has: PATH, HOME, Ansible's own settings (as ansible-test set them, with the output folder of
# the junit callback it enables, which would otherwise write into HOME) and the credential's variables; PYTHONPATH too
# when set, for the interpreter ansible-test prepared.
python -c 'import os, sys; sys.stdout.write("".join("%s=%s\0" % item for item in sorted(os.environ.items())
                                                        if item[0].startswith(("ANSIBLE_", "JUNIT_")) or item[0] == "PYTHONPATH"))' \
    >"$workdir/base.env"
base_environment=("PATH=$PATH" "HOME=$HOME")
while IFS= read -r -d '' entry; do
    base_environment+=("$entry")
done <"$workdir/base.env"

run_with_credential() {
    local name=$1 expected_user=$2
    shift 2
    # Rendered to a file first, so that a failed rendering stops the test (set -e).
    render_injectors "$@" >"$workdir/$name.rendered"
    local credential_environment=()
    while IFS= read -r -d '' entry; do
        credential_environment+=("$entry")
    done <"$workdir/$name.rendered"
    printf '%s\n' "${credential_environment[@]}" | grep -v -E '^TWILIO_(AUTH_TOKEN|API_SECRET)=' >"$workdir/$name.env"

    emulator_admin clear-log
    env -i "${base_environment[@]}" "${credential_environment[@]}" \
        ansible-playbook use_credential.yml -e "{\"flow_name\": \"$flow_name\"}" >"$workdir/$name.out" 2>&1 \
        || { cat "$workdir/$name.out"; exit 1; }

    emulator_python checks.py requests "$admin" "$expected_user" "$name" "$workdir/$name.env"
}

run_with_credential auth-token "$(read_config flex_account_sid)" \
    flex_account_sid=account_sid flex_auth_token=auth_token flex_base_url=flex_base_url
run_with_credential api-key "$(read_config flex_api_key)" \
    flex_api_key=api_key flex_api_secret=api_secret flex_base_url=flex_base_url

# The drift audit as an AWX job runs it: ansible-runner, the auth-token credential's environment as the job's envvars.
render_injectors flex_account_sid=account_sid flex_auth_token=auth_token flex_base_url=flex_base_url >"$workdir/runner.rendered"
env -i "${base_environment[@]}" python audit_with_runner.py "$workdir/runner.rendered" "$(collection_file tests)" "$admin" "$(read_config flex_auth_token)" "$(read_config flex_api_secret)"
