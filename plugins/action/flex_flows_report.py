# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The twilio.flex.flex_flows_report action: the drift report of a flex_flows result, built and written on the controller."""

from __future__ import annotations

from collections.abc import Mapping

from ansible_collections.twilio.flex.plugins.plugin_utils._action import CheckedArgumentsAction
from ansible_collections.twilio.flex.plugins.plugin_utils._drift_report import (
    ADDRESS_DECLARATION_VARIABLE,
    DECLARATION_VARIABLE,
    TASKROUTER_DECLARATION_VARIABLE,
    account_report,
    declaration_problem,
    drift_report,
    report_lines,
    report_text,
)
from ansible_collections.twilio.flex.plugins.plugin_utils._files import OptionError, bool_option, path_option


class ActionModule(CheckedArgumentsAction):
    """Runs on the controller only: no module is sent, so a report costs no process and no file transfer."""

    _VALID_ARGS = frozenset(
        (
            "plan",
            "undeclared_is_drift",
            "path",
            "declaration_variable",
            "address_plan",
            "address_declaration_variable",
            "taskrouter_plan",
            "taskrouter_declaration_variable",
        )
    )
    _requires_connection = False

    def parse_options(self, args):
        return options(args) + address_options(args) + taskrouter_options(args)

    def run_with(self, result, checked, task_vars):
        plan, undeclared_is_drift, path, declaration_variable, address_plan, address_variable, taskrouter_plan, taskrouter_variable = checked
        if address_plan is not None or taskrouter_plan is not None:
            report = account_report(
                plan,
                address_plan,
                task_vars or {},
                undeclared_is_drift=undeclared_is_drift,
                flow_variable=declaration_variable or DECLARATION_VARIABLE,
                address_variable=address_variable,
                taskrouter_plan=taskrouter_plan,
                taskrouter_variable=taskrouter_variable,
            )
        elif declaration_variable is None:
            report = drift_report(plan, undeclared_is_drift=undeclared_is_drift)
        else:
            problem = declaration_problem(task_vars or {}, declaration_variable)
            report = drift_report(plan, undeclared_is_drift=undeclared_is_drift, declaration_variable=declaration_variable, problem=problem)
        lines = report_lines(report, path, address_variable=address_variable, taskrouter_variable=taskrouter_variable)
        result.update(changed=False, report=report, lines=lines)
        if report["warnings"]:
            result["warnings"] = list(report["warnings"])
        if path is None:
            return result
        return self.write(result, path, report_text(report), "report")


def options(args):
    """(plan, undeclared_is_drift, path, declaration_variable) of the task's arguments; path absolute.

    Checked by hand rather than with an argument spec: the plan holds every flow of the account, and the validator
    would copy all of it.
    """
    plan = args.get("plan")
    if plan is None and (args.get("address_plan") is not None or args.get("taskrouter_plan") is not None):
        plan = {}
    if not isinstance(plan, Mapping):
        raise OptionError("plan must be the registered result of a twilio.flex.flex_flows task, a dictionary, got %s" % type(plan).__name__)
    undeclared_is_drift = bool_option(args, "undeclared_is_drift", True)
    # From the directory ansible-playbook started in, not the playbook's: a report inside the installed collection
    # would be lost at its next upgrade.
    path = path_option(args, "path", hint="; leave it out to write no file")
    declaration_variable = args.get("declaration_variable")
    if declaration_variable is not None and (not isinstance(declaration_variable, str) or not declaration_variable):
        raise OptionError("declaration_variable must be the name of a variable, got %r" % (declaration_variable,))
    return plan, undeclared_is_drift, path, declaration_variable


def address_options(args):
    """(address_plan or None, address_declaration_variable) of the task's arguments."""
    address_plan = args.get("address_plan")
    if address_plan is not None and not isinstance(address_plan, Mapping):
        raise OptionError(
            "address_plan must be the registered result of a twilio.flex.conversations_addresses task, a dictionary, got %s" % type(address_plan).__name__
        )
    address_variable = args.get("address_declaration_variable", ADDRESS_DECLARATION_VARIABLE)
    if not isinstance(address_variable, str) or not address_variable:
        raise OptionError("address_declaration_variable must be the name of a variable, got %r" % (address_variable,))
    return address_plan, address_variable


def taskrouter_options(args):
    """(taskrouter_plan or None, taskrouter_declaration_variable) of the task's arguments."""
    taskrouter_plan = args.get("taskrouter_plan")
    if taskrouter_plan is not None and not isinstance(taskrouter_plan, Mapping):
        raise OptionError(
            "taskrouter_plan must be the registered result of a twilio.flex.taskrouter task, a dictionary, got %s" % type(taskrouter_plan).__name__
        )
    taskrouter_variable = args.get("taskrouter_declaration_variable", TASKROUTER_DECLARATION_VARIABLE)
    if not isinstance(taskrouter_variable, str) or not taskrouter_variable:
        raise OptionError("taskrouter_declaration_variable must be the name of a variable, got %r" % (taskrouter_variable,))
    return taskrouter_plan, taskrouter_variable
