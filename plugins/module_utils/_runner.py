# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One runner per module shape, driven by a ResourceType: one resource, a listing (info), a declaration (a set).

This module utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.

Each runner builds the module, reports every problem of its options at once before any request,
and maps every error to fail_json in one place (`reported_failures`).
"""

from __future__ import annotations

import contextlib

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.twilio.flex.plugins.module_utils._client import TwilioApiError
from ansible_collections.twilio.flex.plugins.module_utils._connection import ConnectionSettingsError, client_from_params
from ansible_collections.twilio.flex.plugins.module_utils._container_declaration import (
    apply_container,
    container_failure,
    container_result,
    failed_parts,
    plan_container,
)
from ansible_collections.twilio.flex.plugins.module_utils._declaration import (
    AppliedItem,
    declaration_of,
    empty_result,
    entry_argument_spec,
    problems_message,
    reconcile_declaration,
    refusal_message,
    unique_listing,
    validate_entries,
)
from ansible_collections.twilio.flex.plugins.module_utils._module import build_module
from ansible_collections.twilio.flex.plugins.module_utils._reconcile import (
    InvalidValueError,
    argument_spec,
    desired_state,
    field_problems,
    identity_contradiction,
    reconcile_one,
    sid_not_found,
    sid_of,
)
from ansible_collections.twilio.flex.plugins.module_utils._twilio_resource import TwilioResourceApi, item_problem


def resource_argument_spec(resource_type):
    """The options of one resource: its fields (types and choices only, no defaults), its SID and its state."""
    spec = argument_spec(resource_type.fields)
    spec.update(sid=dict(type="str"), state=dict(type="str", choices=["present", "absent"], default="present"))
    return spec


@contextlib.contextmanager
def reported_failures(module, result=None):
    """Fail the module with the message of any error raised inside, with Twilio's status, code and more_info for a failed request."""
    try:
        yield
    except TwilioApiError as error:
        module.fail_json(msg=error.message, **dict(result or {}, **error.result_fields()))
    except (InvalidValueError, LookupError, ConnectionSettingsError) as error:
        module.fail_json(msg=str(error), **(result or {}))


def connect(resource_type, module, problems, failure_result=None):
    """The API of the resource type over the module's connection; or the module fails with every problem found so far,
    a broken connection setting among them, before any request. `failure_result(problems)` shapes that failure."""
    api = None
    try:
        api = TwilioResourceApi(resource_type, client_from_params(module.params, warn=module.warn, product=resource_type.product), warn=module.warn)
    except ConnectionSettingsError as error:
        problems = problems + [str(error)]
    if problems:
        module.fail_json(**(failure_result(problems) if failure_result else dict(msg="; ".join(problems))))
    return api


def run_resource(resource_type):
    """The whole of a module that manages one resource: options, one lookup, one plan, at most one write."""
    name_key = resource_type.name_key
    module, problems = build_module(resource_type.product, resource_argument_spec(resource_type), supports_check_mode=True, required_one_of=[("sid", name_key)])
    params = module.params
    desired = desired_state(resource_type.fields, params)
    api = connect(resource_type, module, problems + resource_type.option_problems(params, desired))
    with reported_failures(module):
        current = api.find(params["sid"], params[name_key])
        problem = sid_not_found(resource_type, params["sid"], current, params["state"])
        if problem is None and params["state"] == "absent":
            problem = identity_contradiction(resource_type, params["sid"], desired, current)
        if problem is not None:
            raise InvalidValueError(problem)
        outcome = reconcile_one(resource_type, api, desired, current, params["state"], module.check_mode)
    module.exit_json(**outcome.result(resource_type.result_key, module._diff))


def run_listing(resource_type, filters=()):
    """The whole of an info module: one resource by SID, those with a name, or all of them (narrowed by the `filters`, option
    names of fields sent as their form names), in the API's shape or, with output=declaration, as a declaration's entries."""
    name_key = resource_type.name_key
    by_path = dict((field.path, field) for field in resource_type.fields)
    spec = dict(sid=dict(type="str"), **{name_key: dict(type="str")})
    spec.update(argument_spec([by_path[name] for name in filters]))
    spec.update(output=dict(type="str", choices=["api", "declaration"], default="api"), mask_url_passwords=dict(type="bool", default=True))
    module, problems = build_module(resource_type.product, spec, supports_check_mode=True, mutually_exclusive=[("sid", name_key) + tuple(filters)])
    params = module.params
    module.exact_values = not params["mask_url_passwords"]
    problems = problems + [problem for problem in [resource_type.sid_problem(params["sid"])] if problem]
    # A name sent as a path segment must not name another resource.
    if by_path[name_key].path_segment and params[name_key] is not None:
        problems.extend(problem for problem in [_check(by_path[name_key], params[name_key])] if problem)
    api = connect(resource_type, module, problems)
    with reported_failures(module):
        if params["sid"]:
            found = api.find(params["sid"], None)
            resources = [found] if found else []
        elif params[name_key] is not None:
            resources = api.find_by_name(params[name_key])
        else:
            query = dict((by_path[name].form_name, by_path[name].encode(by_path[name].normalise(params[name]))) for name in filters if params[name] is not None)
            resources = api.list_all(query)
    if params["output"] == "declaration":
        resources, warnings = declaration_of(resource_type, resources)
        for warning in warnings:
            module.warn(warning)
    module.exit_json(changed=False, **{resource_type.listing_key: resources})


def _check(field, value):
    try:
        field.check(value)
    except InvalidValueError as error:
        return str(error)
    return None


def run_declaration(resource_type, option_name):
    """The whole of a module that reconciles a declared set of resources: validate every entry once, one listing, plan, writes, report.

    The items of the result are under `option_name`, as the entries are.
    """
    entry_spec = entry_argument_spec(argument_spec(resource_type.fields))
    spec = {
        option_name: dict(type="list", elements="dict", required=True, options=entry_spec),
        "prune": dict(type="bool", default=False),
        "max_deletes": dict(type="int"),
    }

    def failure_result(problems, declared_count):
        return dict(msg=problems_message(problems), **empty_result(declared_count, option_name))

    def failure_of_raw(raw_params):
        """Every problem of every entry, when ansible-core refused the options before they could be read."""
        raw_entries = raw_params.get(option_name)
        if not isinstance(raw_entries, list):
            return None
        try:
            prune = boolean(raw_params.get("prune") or False)
        except TypeError:
            return None  # ansible-core reports it
        problems = validate_entries(resource_type, option_name, raw_entries, entry_spec, prune)[1]
        return failure_result(problems, len(raw_entries)) if problems else None

    module, problems = build_module(resource_type.product, spec, failure_of_raw, supports_check_mode=True)
    params = module.params
    declared_count = len(params[option_name])
    entries, entry_problems = validate_entries(resource_type, option_name, params[option_name], entry_spec, params["prune"])
    problems = problems + entry_problems
    if params["max_deletes"] is not None and params["max_deletes"] < 0:
        problems.append("max_deletes must be 0 or more, got %d" % params["max_deletes"])
    api = connect(resource_type, module, problems, lambda problems: failure_result(problems, declared_count))
    with reported_failures(module, empty_result(declared_count, option_name)):
        result, failure, stopped_by = reconcile_declaration(
            resource_type, api, entries, params["prune"], params["max_deletes"], module.check_mode, option_name, warn=module.warn
        )
    if not module._diff:
        del result["diff"]
    if failure:
        module.fail_json(msg=failure, **dict(result, **(stopped_by.result_fields() if stopped_by is not None else {})))
    module.exit_json(**result)


def run_container(container):
    """The whole of a module that reconciles a container (a TaskRouter workspace): its settings and several kinds of resource
    that refer to each other. Validate every option once, one read of the container and one listing per kind, plan, writes, report."""
    resource_type = container.resource_type
    entry_specs = dict((kind.option, entry_argument_spec(argument_spec(kind.resource_type.fields))) for kind in container.kinds)
    spec = {
        container.option: dict(type="str", required=True),
        container.settings_option: dict(type="dict", options=argument_spec(resource_type.fields)),
        "prune": dict(type="list", elements="str", default=[], choices=[kind.option for kind in container.kinds]),
        "max_deletes": dict(type="int"),
    }
    spec.update((option, dict(type="list", elements="dict", options=entry_spec)) for option, entry_spec in entry_specs.items())

    def failure_result(problems, params):
        return dict(msg=problems_message(problems), **empty_container_result(container, params))

    def entry_problems(params, prune):
        entries, problems = {}, []
        for kind in container.kinds:
            raw_entries = params.get(kind.option) or []
            if not isinstance(raw_entries, list):
                continue
            unkept = (
                "prune lists %s, which needs at least one entry of %s with state=present or ignore=true: a declaration without one "
                "would delete every %s of the %s" % (kind.option, kind.option, kind.resource_type.label, resource_type.label)
            )
            entries[kind.option], found = validate_entries(kind.resource_type, kind.option, raw_entries, entry_specs[kind.option], kind.option in prune, unkept)
            problems.extend(found)
        return entries, problems

    def failure_of_raw(raw_params):
        """Every problem of every entry, when ansible-core refused the options before they could be read."""
        prune = raw_params.get("prune")
        problems = entry_problems(raw_params, prune if isinstance(prune, list) else [])[1]
        return failure_result(problems, raw_params) if problems else None

    module, problems = build_module(resource_type.product, spec, failure_of_raw, supports_check_mode=True)
    params = module.params
    entries, found = entry_problems(params, params["prune"])
    problems = problems + found
    settings = params[container.settings_option] or {}
    problems.extend("%s: %s" % (container.settings_option, problem) for problem in field_problems(resource_type.fields, settings))
    workspace = params[container.option]
    if params["max_deletes"] is not None and params["max_deletes"] < 0:
        problems.append("max_deletes must be 0 or more, got %d" % params["max_deletes"])
    failure = empty_container_result(container, params)
    container_api = connect(resource_type, module, problems, lambda problems: failure_result(problems, params))
    with reported_failures(module, failure):
        container_resource = find_container(container, container_api, workspace)
        apis, live = {}, {}
        for kind in container.kinds:
            apis[kind.option] = TwilioResourceApi(kind.resource_type, container_api.client, warn=module.warn)
            apis[kind.option].path_prefix = container_api.item_path(container_resource["sid"])
            live[kind.option], warnings = unique_listing(kind.resource_type, apis[kind.option].list_all())
            for warning in warnings:
                module.warn(warning)
        desired = desired_state(resource_type.fields, settings)
        plan = plan_container(container, container_resource, desired, entries, live, set(params["prune"]), params["max_deletes"])
        for warning in plan.warnings:
            module.warn(warning)
        if plan.reasons:
            settings_item, items, stopped_by = (
                plan.settings,
                dict((option, tuple(AppliedItem.of(item) for item in its)) for option, its in plan.items.items()),
                None,
            )
            # The entries' own errors too, so that fixing the reasons does not reveal them one run later.
            message = refusal_message(plan.reasons, failed_parts(container, settings_item, items, blocking=False))
        else:
            settings_item, items, stopped_by = apply_container(container, plan, container_api, apis, module.check_mode)
            message = container_failure(container, settings_item, items, stopped_by, module.check_mode)
        result = container_result(container, plan, settings_item, items, entries, live)
    if not module._diff:
        del result["diff"]
    if message:
        module.fail_json(msg=message, **dict(result, **(stopped_by.result_fields() if stopped_by is not None else {})))
    module.exit_json(**result)


def container_sid(resource_type, key):
    """The SID a container key is, as SIDs are compared; None when it is a name, which may be as long and start the same way."""
    return sid_of(resource_type.sid_prefix, key)


def find_container(container, api, key):
    """The container a task names by SID (one GET) or by exact name (one filtered listing, exactly one match)."""
    resource_type = container.resource_type
    sid = container_sid(resource_type, key)
    if sid is not None:
        found = api.fetch(sid)
        if found is None:
            raise InvalidValueError(
                "%s %s not found: no %s of the account has this SID, so nothing was read or written" % (container.option, key, resource_type.label)
            )
        problem = item_problem(found, resource_type.name_key)
        if problem is None and sid_of(resource_type.sid_prefix, found["sid"]) != sid:
            problem = "has the sid %r" % (found["sid"],)
        if problem:
            raise TwilioApiError(
                "The answer for the %s %s is malformed: it %s, so nothing more was read and nothing was written" % (resource_type.label, key, problem)
            )
        return found
    matches = api.find_by_name(key)
    if len(matches) != 1:
        raise InvalidValueError(
            "%s %r must name exactly one %s by its exact %s, but %s: nothing was read or written%s"
            % (
                container.option,
                key,
                resource_type.label,
                resource_type.name_key,
                "%d do (%s)" % (len(matches), ", ".join(sorted(match["sid"] for match in matches))) if matches else "none does",
                ". Give its SID" if matches else "",
            )
        )
    return matches[0]


def empty_container_result(container, params):
    """The result keys a container module returns when it stopped before reading the account."""
    summary = {}
    for kind in container.kinds:
        raw = params.get(kind.option) if isinstance(params, dict) else None
        summary[kind.option] = empty_result(len(raw) if isinstance(raw, list) else 0, kind.option)["summary"]
    result = dict(changed=False, summary=summary, **{container.option: None})
    result.update((kind.option, []) for kind in container.kinds)
    return result
