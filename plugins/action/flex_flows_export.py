# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The twilio.flex.flex_flows_export action: the account's Flex Flows, Conversations addresses and TaskRouter workspace written
as one declaration file whose strings stay inert."""

from __future__ import annotations

import os

from ansible_collections.twilio.flex.plugins.module_utils._connection import FLEX, connection_argument_spec
from ansible_collections.twilio.flex.plugins.module_utils._inert_yaml import dump
from ansible_collections.twilio.flex.plugins.module_utils._reconcile import sid_of
from ansible_collections.twilio.flex.plugins.module_utils._taskrouter import WORKSPACE
from ansible_collections.twilio.flex.plugins.plugin_utils._action import CheckedArgumentsAction
from ansible_collections.twilio.flex.plugins.plugin_utils._files import PRIVATE_MODE, OptionError, bool_option, path_option

OWN_OPTIONS = ("path", "force", "comment", "kinds", "conversations_base_url", "taskrouter_base_url", "taskrouter_workspace")
CONNECTION_OPTIONS = tuple(connection_argument_spec(FLEX))
# Each kind: the variable the file declares it in, the module that reads it, and what the modules that take it call it.
KINDS = ("flows", "addresses", "taskrouter")
DECLARATION_VARIABLES = {"flows": "desired_flows", "addresses": "desired_addresses", "taskrouter": "desired_taskrouter"}
WHAT = {"flows": "Flex Flows", "addresses": "Conversations addresses", "taskrouter": "TaskRouter workspace"}
OPTION_OF = {
    "flows": "the flows option of twilio.flex.flex_flows",
    "addresses": "the addresses option of twilio.flex.conversations_addresses",
    "taskrouter": "the options of twilio.flex.taskrouter",
}
# The kinds of a TaskRouter declaration, whose entries the export counts.
TASKROUTER_KINDS = ("activities", "task_channels", "task_queues", "workflows")
# Fields of the module's failure that say which request failed and why; the resources themselves are never passed on.
FAILURE_FIELDS = ("msg", "status", "code", "more_info")


def default_comment(path, kinds=("flows",)):
    return "\n".join(
        (
            "The %s of the account, exported by twilio.flex.flex_flows_export. Use it with" % " and ".join(WHAT[kind] for kind in kinds),
            "  ansible-playbook twilio.flex.drift_audit -e @%s" % os.path.basename(path),
            "or %s as %s." % (" and ".join(DECLARATION_VARIABLES[kind] for kind in kinds), " and ".join(OPTION_OF[kind] for kind in kinds)),
            "Strings that hold a Jinja delimiter are tagged !unsafe, so that Ansible never evaluates them.",
            "The file holds the account's exact values, webhook passwords included: it is readable by its owner only.",
        )
    )


class ActionModule(CheckedArgumentsAction):
    """Reads the flows with twilio.flex.flex_flow_info, the addresses with twilio.flex.conversations_address_info, and writes
    them on the controller.

    The exact values (a webhook URL's password) go from the module to this action and into the file, never into a task
    result, so neither -v nor an AWX job event shows them, and no task needs no_log.
    """

    _VALID_ARGS = frozenset(OWN_OPTIONS + CONNECTION_OPTIONS)

    def parse_options(self, args):
        return options(args)

    def run_with(self, result, checked, task_vars):
        path, force, comment, kinds, hosts, taskrouter_workspace = checked
        result["path"] = path
        if os.path.lexists(path) and not force:
            # Checked before any request: a file already there may be the declaration the team maintains.
            message = (
                "%s exists and is never replaced unless forced: set force=true (export_force=true for the twilio.flex.export playbook, "
                "export_flows_force=true for twilio.flex.export_flows)"
            )
            result.update(failed=True, msg=message % path + " to replace it, or choose another path")
            return result
        connection = dict((name, value) for name, value in self._task.args.items() if name in CONNECTION_OPTIONS)
        declaration, warnings = {}, []
        try:
            for kind in kinds:
                if kind == "taskrouter":
                    entries, failure = self._read_taskrouter(connection, hosts["taskrouter"], taskrouter_workspace, task_vars, warnings)
                else:
                    entries, failure = self._read(kind, connection, hosts["conversations"], task_vars, warnings)
                if failure is not None:
                    result.update(failure)
                    break
                declaration[DECLARATION_VARIABLES[kind]] = entries
        finally:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        if warnings:
            result["warnings"] = warnings
        if result.get("failed"):
            return result
        text = dump(declaration, comment=default_comment(path, kinds) if comment is None else comment)
        if self.write(result, path, text, "declaration", mode=PRIVATE_MODE).get("failed"):
            return result
        counts = dict((kind, exported_count(kind, declaration[DECLARATION_VARIABLES[kind]])) for kind in kinds)
        result.update(exported=sum(counts.values()), exported_kinds=counts)
        return result

    def _read(self, kind, connection, conversations_base_url, task_vars, warnings):
        """(entries, None), or (None, the fields of the failure): one kind of the account as declaration entries, with exact values."""
        if kind == "flows":
            module_name, module_args, key = "twilio.flex.flex_flow_info", dict(connection, output="declaration"), "flex_flows"
        else:
            module_args = dict((name, value) for name, value in connection.items() if name != "base_url")
            if conversations_base_url:
                module_args["base_url"] = conversations_base_url
            module_args["output"] = "declaration"
            module_name, key = "twilio.flex.conversations_address_info", "conversations_addresses"
        module_args["mask_url_passwords"] = False
        answer = self._execute_module(module_name=module_name, module_args=module_args, task_vars=task_vars)
        warnings.extend(answer.get("warnings") or [])
        if answer.get("failed") or not isinstance(answer.get(key), list):
            failure = dict((field, answer[field]) for field in FAILURE_FIELDS if field in answer)
            failure.setdefault("msg", "%s returned no %s" % (module_name, kind))
            return None, dict(failure, failed=True)
        return answer[key], None

    def _run_info(self, module_args, key, task_vars, warnings):
        """(the value of `key` in the answer of twilio.flex.taskrouter_info, None), or (None, the fields of the failure)."""
        answer = self._execute_module(module_name="twilio.flex.taskrouter_info", module_args=module_args, task_vars=task_vars)
        warnings.extend(answer.get("warnings") or [])
        if answer.get("failed") or key not in answer:
            failure = dict((field, answer[field]) for field in FAILURE_FIELDS if field in answer)
            failure.setdefault("msg", "twilio.flex.taskrouter_info returned no %s" % key)
            return None, dict(failure, failed=True)
        return answer[key], None

    def _read_taskrouter(self, connection, taskrouter_base_url, workspace, task_vars, warnings):
        """(the declaration of the workspace, None), or (None, the fields of the failure). Without a workspace named, the
        account's one workspace (a Flex account has exactly one), which one listing finds."""
        module_args = dict((name, value) for name, value in connection.items() if name != "base_url")
        if taskrouter_base_url:
            module_args["base_url"] = taskrouter_base_url
        if workspace is None:
            workspaces, failure = self._run_info(module_args, "workspaces", task_vars, warnings)
            if failure is not None:
                return None, _with_taskrouter_hint(failure)
            if isinstance(workspaces, list) and not workspaces:
                return None, dict(
                    failed=True,
                    msg="The account has no TaskRouter workspace, so there is none to export: leave taskrouter out of kinds "
                    "(for the twilio.flex.export playbook: -e '{\"export_kinds\": [flows, addresses]}')",
                )
            if not isinstance(workspaces, list) or len(workspaces) != 1 or not isinstance(workspaces[0], dict):
                found = ", ".join(str(item.get("sid")) for item in workspaces if isinstance(item, dict)) if isinstance(workspaces, list) else ""
                return None, dict(
                    failed=True,
                    msg="The account has %s TaskRouter workspaces%s, so which one to export is not clear: give taskrouter_workspace "
                    "(export_taskrouter_workspace for the twilio.flex.export playbook), or leave taskrouter out of kinds"
                    % (len(workspaces) if isinstance(workspaces, list) else "no list of", " (%s)" % found if found else ""),
                )
            workspace = _key_of_the_one(workspaces[0])
        declaration, failure = self._run_info(
            dict(module_args, workspace=workspace, output="declaration", mask_url_passwords=False), "taskrouter", task_vars, warnings
        )
        if failure is None and not isinstance(declaration, dict):
            return None, dict(failed=True, msg="twilio.flex.taskrouter_info returned no taskrouter declaration")
        return declaration, _with_taskrouter_hint(failure) if failure is not None else None


def _key_of_the_one(workspace):
    """How to name the account's one workspace to taskrouter_info: by its name, which the listing just proved unique, so
    that the export names it so without one more lookup; by its SID when the name is empty or would be read as a SID."""
    name = workspace.get("friendly_name")
    if isinstance(name, str) and name and sid_of(WORKSPACE.sid_prefix, name) is None:
        return name
    return workspace.get("sid")


# Answers that say the credentials may not read TaskRouter at all, rather than that something is wrong with the account.
ACCESS_STATUSES = (401, 403, 404)


def _with_taskrouter_hint(failure):
    """A failure to read TaskRouter, with what to do when the credentials are not meant to read it."""
    if failure.get("status") not in ACCESS_STATUSES:
        return failure
    return dict(
        failure,
        msg="%s. Nothing was written. To export without the TaskRouter workspace, leave taskrouter out of kinds "
        "(for the twilio.flex.export playbook: -e '{\"export_kinds\": [flows, addresses]}')" % failure.get("msg"),
    )


def exported_count(kind, declared):
    """How many items a kind's declaration holds: its entries, or for a TaskRouter workspace the entries of its four kinds."""
    if kind == "taskrouter":
        return sum(len(declared.get(option) or []) for option in TASKROUTER_KINDS)
    return len(declared)


def options(args):
    """(path, force, comment, kinds, {product: base URL or None}, taskrouter_workspace) of the task's arguments; path absolute,
    from the directory ansible-playbook started in."""
    path = path_option(args, "path", what="the file to write the declaration to", required=True)
    force = bool_option(args, "force", False)
    comment = args.get("comment")
    if comment is not None and not isinstance(comment, str):
        raise OptionError("comment must be a string, got %s" % type(comment).__name__)
    kinds = args.get("kinds", ["flows"])
    if isinstance(kinds, str):
        kinds = [kind.strip() for kind in kinds.split(",")]
    if not isinstance(kinds, (list, tuple)) or not kinds or any(kind not in KINDS for kind in kinds) or len(set(kinds)) != len(kinds):
        raise OptionError("kinds must be a list of distinct kinds among %s, got %r" % (", ".join(KINDS), kinds))
    hosts = {}
    for product in ("conversations", "taskrouter"):
        hosts[product] = args.get("%s_base_url" % product)
        if hosts[product] is not None and not isinstance(hosts[product], str):
            raise OptionError("%s_base_url must be a string, got %s" % (product, type(hosts[product]).__name__))
    taskrouter_workspace = args.get("taskrouter_workspace")
    if taskrouter_workspace is not None and (not isinstance(taskrouter_workspace, str) or not taskrouter_workspace):
        raise OptionError("taskrouter_workspace must be the SID or the friendly name of a workspace, got %r" % (taskrouter_workspace,))
    # In the order of KINDS, whatever the order given: the file reads the same.
    return path, force, comment, [kind for kind in KINDS if kind in kinds], hosts, taskrouter_workspace
