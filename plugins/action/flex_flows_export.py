# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The twilio.flex.flex_flows_export action: the account's Flex Flows written as a declaration file whose strings stay inert."""

from __future__ import annotations

import os

from ansible.module_utils.common.text.converters import to_text
from ansible.plugins.action import ActionBase

from ansible_collections.twilio.flex.plugins.module_utils._connection import FLEX, connection_argument_spec
from ansible_collections.twilio.flex.plugins.module_utils._inert_yaml import dump
from ansible_collections.twilio.flex.plugins.plugin_utils._files import PRIVATE_MODE, OptionError, bool_option, path_option, write_file

OWN_OPTIONS = ("path", "force", "comment")
CONNECTION_OPTIONS = tuple(connection_argument_spec(FLEX))
DECLARATION_VARIABLE = "desired_flows"
# Fields of the module's failure that say which request failed and why; the flows themselves are never passed on.
FAILURE_FIELDS = ("msg", "status", "code", "more_info")


def default_comment(path):
    return "\n".join(
        (
            "The Flex Flows of the account, exported by twilio.flex.flex_flows_export. Use it with",
            "  ansible-playbook twilio.flex.drift_audit -e @%s" % os.path.basename(path),
            "or as the flows option of twilio.flex.flex_flows.",
            "Strings that hold a Jinja delimiter are tagged !unsafe, so that Ansible never evaluates them.",
            "The file holds the account's exact values, webhook passwords included: it is readable by its owner only.",
        )
    )


class ActionModule(ActionBase):
    """Reads the flows with twilio.flex.flex_flow_info and writes them on the controller.

    The exact values (a webhook URL's password) go from the module to this action and into the file, never into a task
    result, so neither -v nor an AWX job event shows them, and no task needs no_log.
    """

    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(OWN_OPTIONS + CONNECTION_OPTIONS)

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp  # tmp no longer has any effect
        try:
            path, force, comment = options(self._task.args)
        except OptionError as error:
            result.update(failed=True, msg=str(error))
            return result
        result["path"] = path
        if os.path.lexists(path) and not force:
            # Checked before any request: a file already there may be the declaration the team maintains.
            message = "%s exists and is never replaced unless forced: set force=true (export_flows_force=true for the twilio.flex.export_flows playbook)"
            result.update(failed=True, msg=message % path + " to replace it, or choose another path")
            return result
        module_args = dict((name, value) for name, value in self._task.args.items() if name in CONNECTION_OPTIONS)
        module_args.update(output="declaration", mask_url_passwords=False)
        try:
            account = self._execute_module(module_name="twilio.flex.flex_flow_info", module_args=module_args, task_vars=task_vars)
        finally:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        if account.get("warnings"):
            result["warnings"] = list(account["warnings"])
        if account.get("failed") or not isinstance(account.get("flex_flows"), list):
            result.update((key, account[key]) for key in FAILURE_FIELDS if key in account)
            result.update(failed=True)
            result.setdefault("msg", "twilio.flex.flex_flow_info returned no flows")
            return result
        flows = account["flex_flows"]
        text = dump({DECLARATION_VARIABLE: flows}, comment=default_comment(path) if comment is None else comment)
        try:
            result["changed"] = write_file(path, text, mode=PRIVATE_MODE, check_mode=self._task.check_mode)
        except OSError as error:
            result.update(failed=True, msg="Could not write the declaration to %s: %s" % (path, to_text(error.strerror or error)))
            return result
        result["exported"] = len(flows)
        return result


def options(args):
    """(path, force, comment) of the task's arguments; path absolute, from the directory ansible-playbook started in."""
    path = path_option(args, "path", what="the file to write the declaration to", required=True)
    force = bool_option(args, "force", False)
    comment = args.get("comment")
    if comment is not None and not isinstance(comment, str):
        raise OptionError("comment must be a string, got %s" % type(comment).__name__)
    return path, force, comment
