#!/usr/bin/env bash
# The examples in the documentation of twilio.flex.flex_flows and twilio.flex.flex_flow_info, taken from ansible-doc as a
# user reads them, run as they are against a seeded account; only the connection options come from module_defaults.
set -eu -o pipefail

source ../setup_emulator/emulator.sh
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT

emulator_python checks.py examples ../../integration_config.yml "$workdir"
