# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The checks of runme.sh, one subcommand each, run with the emulator's package importable (emulator_python):

checks.py render-injectors CREDENTIAL_TYPE_JSON CONFIG CONFIG_KEY=INPUT_ID...
checks.py requests ADMIN_URL EXPECTED_USER NAME ENV_FILE
"""

from __future__ import annotations

import json
import sys

import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

from flex_emulator.admin_client import EmulatorAdmin

# The shape the modules rely on: every variable they read, fed only from declared inputs.
EXPECTED_VARIABLES = {
    "TWILIO_ACCOUNT_SID",
    "TWILIO_AUTH_TOKEN",
    "TWILIO_API_KEY",
    "TWILIO_API_SECRET",
    "TWILIO_REGION",
    "TWILIO_EDGE",
    "TWILIO_FLEX_BASE_URL",
    "TWILIO_CONVERSATIONS_BASE_URL",
    "TWILIO_TASKROUTER_BASE_URL",
}


def render_injectors(credential_type_path, config_path, *mapping):
    """Writes NAME=value entries, NUL-separated, for the credential inputs named (config key=input id), after checking the type's shape."""
    with open(credential_type_path) as credential_type_file:
        credential_type = json.load(credential_type_file)
    with open(config_path) as config_file:
        config = yaml.safe_load(config_file)
    fields = {field["id"]: field for field in credential_type["inputs"]["fields"]}
    injected = credential_type["injectors"]["env"]

    assert set(injected) == EXPECTED_VARIABLES, sorted(injected)
    assert {name for name, field in fields.items() if field.get("secret")} == {"auth_token", "api_secret"}, fields
    assert not credential_type["inputs"].get("required"), "no single input is needed with both kinds of credential"

    inputs = {}
    for pair in mapping:
        config_key, input_id = pair.split("=")
        assert input_id in fields, input_id
        inputs[input_id] = config[config_key]

    # AWX renders each injector in a Jinja2 sandbox; an input left empty is undefined and renders as "".
    environment = ImmutableSandboxedEnvironment()
    rendered = {name: environment.from_string(template).render(**inputs) for name, template in injected.items()}
    for name in sorted(rendered):
        sys.stdout.write("%s=%s\0" % (name, rendered[name]))


def requests(admin_url, expected_user, name, env_file):
    """The check-mode run with the credential's environment only read, and authenticated as the credential's user."""
    log = EmulatorAdmin(admin_url).log()
    users = sorted({entry["auth_user"] for entry in log})
    methods = sorted({entry["method"] for entry in log})
    assert log, "no request reached the emulator"
    assert users == [expected_user], "%s: requests authenticated as %s, expected %s" % (name, users, expected_user)
    assert methods == ["GET"], "%s: the check-mode run sent %s" % (name, methods)
    assert all(entry["status"] == 200 for entry in log), log
    with open(env_file) as environment:
        shown = ", ".join(line.strip() for line in environment)
    print("%s: %d requests, all GET, as %s; environment: %s" % (name, len(log), expected_user, shown))


CHECKS = {"render-injectors": render_injectors, "requests": requests}

if __name__ == "__main__":
    CHECKS[sys.argv[1]](*sys.argv[2:])
