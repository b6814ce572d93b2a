# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The twilio.flex.flow_migration_report action: the report of a migration, built and written on the controller."""

from __future__ import annotations

import json
from collections.abc import Mapping

from ansible_collections.twilio.flex.plugins.module_utils._masking import masked
from ansible_collections.twilio.flex.plugins.plugin_utils._action import CheckedArgumentsAction
from ansible_collections.twilio.flex.plugins.plugin_utils._files import OptionError, bool_option, path_option
from ansible_collections.twilio.flex.plugins.plugin_utils._migration import migration_report, nothing_migrated_warning, report_lines


class ActionModule(CheckedArgumentsAction):
    """Runs on the controller only: no module is sent, and the report lands where ansible-playbook was started."""

    _VALID_ARGS = frozenset(("plan", "outcomes", "path", "rollback_path", "applied"))
    _requires_connection = False

    def parse_options(self, args):
        return options(args)

    def run_with(self, result, checked, task_vars):
        plan, outcomes, path, rollback_path, applied = checked
        # Passwords in webhook URLs are masked in what is shown and published; the report is no file of exact values.
        report = masked(migration_report(plan, outcomes, report_path=path, rollback_path=rollback_path))
        result.update(changed=False, report=report, lines=report_lines(report))
        warning = nothing_migrated_warning(report) if applied else None
        if warning:
            result["warnings"] = [warning]
        if path is None:
            return result
        return self.write(result, path, json.dumps(report, indent=4, sort_keys=True) + "\n", "report")


def options(args):
    """(plan, outcomes, path, rollback_path, applied) of the task's arguments, the paths absolute.

    Checked by hand rather than with an argument spec: the plan holds every flow of the account, and the validator
    would copy all of it.
    """
    plan = args.get("plan")
    if not isinstance(plan, Mapping) or not isinstance(plan.get("flows"), list):
        raise OptionError("plan must be the plan of the twilio.flex.migration_plan filter, a dictionary with flows")
    outcomes = args.get("outcomes") or []
    if not isinstance(outcomes, list) or not all(isinstance(outcome, Mapping) for outcome in outcomes):
        raise OptionError("outcomes must be the list of results of twilio.flex.flow_migration (the results of its loop)")
    return plan, outcomes, path_option(args, "path"), path_option(args, "rollback_path"), bool_option(args, "applied", False)
