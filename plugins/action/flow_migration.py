# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The twilio.flex.flow_migration action: one Flex Flow moved to its Conversations address, or restored, on the controller."""

from __future__ import annotations

import os

from ansible.module_utils.basic import env_fallback
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.errors import AnsibleFallbackNotFound
from ansible.plugins.action import ActionBase

from ansible_collections.twilio.flex.plugins.module_utils._client import REQUESTS_IMPORT_ERROR
from ansible_collections.twilio.flex.plugins.module_utils._connection import (
    CONVERSATIONS,
    FLEX,
    ConnectionSettingsError,
    client_from_params,
    connection_argument_spec,
)
from ansible_collections.twilio.flex.plugins.module_utils._conversations_address import ConversationsAddressApi
from ansible_collections.twilio.flex.plugins.module_utils._flex_flow import FlexFlowApi, check_sid
from ansible_collections.twilio.flex.plugins.module_utils._masking import masked
from ansible_collections.twilio.flex.plugins.module_utils._reconcile import InvalidValueError
from ansible_collections.twilio.flex.plugins.plugin_utils._files import output_path
from ansible_collections.twilio.flex.plugins.plugin_utils._flow_migration import FlowMigration
from ansible_collections.twilio.flex.plugins.plugin_utils._migration import failure_message

SECRET_OPTIONS = ("auth_token", "api_secret")


def fallback_environment(task_environment, process_environment=None):
    """The variables the options fall back to, as a module of the task would see them: the task's `environment:` over
    the environment of the ansible-playbook process (which is left as it is)."""
    environment = dict(os.environ if process_environment is None else process_environment)
    environment.update((to_text(name), to_text(value)) for name, value in (task_environment or {}).items())
    return environment


def environment_fallback(environment):
    """A fallback of the argument spec that reads `environment` where env_fallback reads the process's."""

    def fallback(*names):
        for name in names:
            if name in environment:
                return environment[name]
        raise AnsibleFallbackNotFound

    return fallback


def argument_spec(environment=None):
    """The connection options of the Flex API, the Conversations host beside them, and the flow; the TWILIO_* fallbacks
    read `environment` (by default the process's)."""
    spec = connection_argument_spec(FLEX)
    spec.update(
        conversations_base_url=dict(type="str", fallback=(env_fallback, [CONVERSATIONS.base_url_variable])),
        sid=dict(type="str", required=True),
        state=dict(type="str", choices=["migrated", "restored"], default="migrated"),
        rollback_path=dict(type="path", required=True),
        accept_warnings=dict(type="bool", default=False),
    )
    if environment is not None:
        for option in spec.values():
            if option.get("fallback", (None,))[0] is env_fallback:
                option["fallback"] = (environment_fallback(environment), option["fallback"][1])
    return spec


class ActionModule(ActionBase):
    """Runs in the ansible-playbook process: the rollback file is read with Ansible's own loader and written on the controller,
    and the exact flow never leaves the process except to Twilio and into that file."""

    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp  # tmp no longer has any effect
        # The task's environment: keyword reaches a module's process; here it is applied to the fallbacks alone.
        task_environment = {}
        self._compute_environment_string(task_environment)
        validation = ArgumentSpecValidator(argument_spec(fallback_environment(task_environment))).validate(dict(self._task.args))
        params = validation.validated_parameters
        secrets = [params.get(name) for name in SECRET_OPTIONS]
        if validation.error_messages:
            result.update(failed=True, msg="; ".join(validation.error_messages))
            return masked(result, secrets)
        if REQUESTS_IMPORT_ERROR is not None:
            result.update(failed=True, msg="twilio.flex.flow_migration needs the Python library requests on the controller: %s" % REQUESTS_IMPORT_ERROR)
            return result
        warnings = []
        try:
            check_sid(params["sid"])
            # Not where the restore command looks when given in the task (TWILIO_FLEX_BASE_URL of the shell, else Twilio).
            base_url_given = bool(self._task.args.get("base_url") or task_environment.get(FLEX.base_url_variable))
            migration = self.flow_migration(params, warnings.append, base_url_given=base_url_given)
        except (InvalidValueError, ConnectionSettingsError) as error:
            result.update(failed=True, msg=str(error))
            return masked(result, secrets)
        if params["state"] == "restored":
            result.update(self.restore(migration, params["sid"]))
        else:
            result.update(self.migrate(migration, params["sid"], warnings))
        if warnings:
            result["warnings"] = result.get("warnings", []) + warnings
        return masked(result, secrets)

    def flow_migration(self, params, warn, base_url_given=False):
        flows = FlexFlowApi(client_from_params(params, warn=warn, product=FLEX), warn=warn)
        addresses = None
        if params["state"] == "migrated":
            conversations = dict(params, base_url=params["conversations_base_url"])
            addresses = ConversationsAddressApi(client_from_params(conversations, warn=warn, product=CONVERSATIONS), warn=warn)
        # From the directory ansible-playbook started in, so that the restore command names the file wherever it is run.
        rollback_path = output_path(params["rollback_path"])
        # Named in the restore command, so that the restore goes to the host the flow was deleted from.
        restore_base_url = flows.client.base_url if base_url_given else None
        return FlowMigration(
            flows, addresses, rollback_path, check_mode=self._task.check_mode, accept_warnings=params["accept_warnings"], restore_base_url=restore_base_url
        )

    @staticmethod
    def migrate(migration, sid, warnings):
        outcome = migration.migrate(sid)
        # On the console, each prefixed by the flow it concerns.
        warnings.extend("%s: %s" % (outcome["sid"], warning) for warning in outcome["warnings"])
        result = dict(changed=outcome["stage"] in ("recorded", "deleted", "created", "verified"), migration=outcome, rollback_path=migration.rollback_path)
        if migration.check_mode:
            result["changed"] = outcome["stage"] == "checked"
        if outcome["error"]:
            result.update(failed=True, msg=failure_message(outcome))
        return result

    @staticmethod
    def restore(migration, sid):
        outcome = migration.restore(sid)
        result = dict(changed=outcome["changed"], restore=outcome, rollback_path=migration.rollback_path)
        if outcome["error"]:
            result.update(failed=True, msg="The restore of %s failed: %s" % (sid, outcome["error"]))
        return result
