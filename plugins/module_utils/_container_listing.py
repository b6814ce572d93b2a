# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The info side of a container (a TaskRouter workspace): the containers of the account, or one container with every item
of each kind, in the API's shape or as the options of the module that manages it.

This module utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.

The declaration shape is what `run_container` takes back as it is: references shown as names through the same
reference tables the plan uses (`ReferenceTable`, `displayed_resource`), so that a no-op of an export plans no change.
"""

from __future__ import annotations

from ansible_collections.twilio.flex.plugins.module_utils._container_declaration import ReferenceTable, displayed_resource, unparsed_warnings
from ansible_collections.twilio.flex.plugins.module_utils._declaration import declaration_of
from ansible_collections.twilio.flex.plugins.module_utils._module import build_module
from ansible_collections.twilio.flex.plugins.module_utils._reconcile import UnparsedJson, json_reference_values, parse_json_document, sid_key
from ansible_collections.twilio.flex.plugins.module_utils._runner import connect, container_sid, find_container, reported_failures
from ansible_collections.twilio.flex.plugins.module_utils._twilio_resource import TwilioResourceApi


def container_listing_spec(container):
    return {
        container.option: dict(type="str"),
        "output": dict(type="str", choices=["api", "declaration"], default="api"),
        "mask_url_passwords": dict(type="bool", default=True),
    }


def reference_tables(container, live_by_kind):
    """The reference table of each kind over its live items only: a name shared by several items shows as a SID."""
    return dict((kind.option, ReferenceTable(kind, live_by_kind[kind.option], ())) for kind in container.kinds)


def _kept_sid_warnings(resource_type, resource, tables):
    """A warning for each reference of a live item that stays a SID in the declaration: it names no item of the workspace, or
    an item whose name several items share."""
    warnings = []
    label = "%s %s (%r)" % (resource_type.label, resource.get("sid"), resource.get(resource_type.name_key))
    for field in resource_type.fields:
        if field.references:
            references = [(field.path, field.references, resource.get(field.source))]
        elif field.json_references:
            document = parse_json_document(resource.get(field.source))
            if document is None or isinstance(document, UnparsedJson):
                continue
            references = [(field.path, target, value) for path, target in field.json_references for value in json_reference_values(document, path)]
        else:
            continue
        for option, target, value in references:
            if not isinstance(value, str) or not value:
                continue
            table = tables[target]
            if table.display_of_sid(value) != value:
                continue
            target = table.by_sid.get(sid_key(value))
            if target is None:
                why = (
                    "no %s of the workspace has this SID, so it is kept as it is; fed back, the entry fails until the reference "
                    "names an item of the workspace" % table.label
                )
            elif table.is_sid(target.name):
                why = "its name %r is shaped like a SID, which a reference would be read as, so the SID identifies it" % (target.name,)
            else:
                why = "several %s share its name, so the SID identifies it" % table.plural
            warnings.append("The %s keeps the SID %s in %s: %s" % (label, value, option, why))
    return warnings


def _without_unparsed(resource_type, resource):
    """The resource without its JSON documents that are not valid JSON: the module refuses such a text in an entry, so the
    entry leaves the document out (unparsed_warnings names it) and the declaration is still taken as it is."""
    unparsed = [
        field.source for field in resource_type.fields if field.kind == "json" and isinstance(field.normalise(resource.get(field.source)), UnparsedJson)
    ]
    return dict((key, None if key in unparsed else value) for key, value in resource.items())


def container_declaration(container, container_resource, container_name, live_by_kind):
    """(declaration, warnings): a container and its items as the options of the module that manages it.

    `container_name` is how the declaration names the container (its name, or its SID where the name is not unique).
    Settings and entries hold only the table's fields, unset values left out, keys in table order, entries sorted by
    identity; references are names, or SIDs (with a warning) where a name is shared or the item is unknown.
    """
    tables = reference_tables(container, live_by_kind)
    warnings = []
    resource_type = container.resource_type
    settings_state = resource_type.state(displayed_resource(resource_type, container_resource, tables))
    settings = dict((field.path, settings_state[field.path]) for field in resource_type.fields if field.path in settings_state)
    warnings.extend(_kept_sid_warnings(resource_type, container_resource, tables))
    declaration = {container.option: container_name}
    if settings:
        declaration[container.settings_option] = settings
    for kind in container.kinds:
        live = live_by_kind[kind.option]
        warnings.extend(unparsed_warnings(kind.resource_type, live))
        for resource in live:
            warnings.extend(_kept_sid_warnings(kind.resource_type, resource, tables))
        shown = [_without_unparsed(kind.resource_type, displayed_resource(kind.resource_type, resource, tables)) for resource in live]
        entries, entry_warnings = declaration_of(kind.resource_type, shown)
        warnings.extend(entry_warnings)
        declaration[kind.option] = entries
    return declaration, warnings


def run_container_listing(container, listing_key, container_key):
    """The whole of a container's info module: without the container option, every container of the account (`listing_key`);
    with it, the container and every item of each kind (`container_key`), in the API's shape or as a declaration."""
    resource_type = container.resource_type
    module, problems = build_module(resource_type.product, container_listing_spec(container), supports_check_mode=True)
    params = module.params
    module.exact_values = not params["mask_url_passwords"]
    key = params[container.option]
    container_api = connect(resource_type, module, problems)
    with reported_failures(module):
        if key is None:
            module.exit_json(changed=False, **{listing_key: container_api.list_all()})
        container_resource = find_container(container, container_api, key)
        container_name = None if params["output"] == "api" else _declared_name(container, container_api, container_resource, key, module.warn)
        live_by_kind = {}
        for kind in container.kinds:
            api = TwilioResourceApi(kind.resource_type, container_api.client, warn=module.warn)
            api.path_prefix = container_api.item_path(container_resource["sid"])
            live_by_kind[kind.option] = api.list_all()
        if params["output"] == "api":
            module.exit_json(changed=False, **{container_key: dict({container.option: container_resource}, **live_by_kind)})
        declaration, warnings = container_declaration(container, container_resource, container_name, live_by_kind)
    for warning in warnings:
        module.warn(warning)
    module.exit_json(changed=False, **{container_key: declaration})


def _declared_name(container, api, container_resource, key, warn):
    """How a declaration names the container: its name when the name finds it alone, else its SID (with a warning).

    Found by its exact name, find_container proved the name unique; found by SID, one lookup by the name proves it.
    """
    resource_type = container.resource_type
    name = container_resource.get(resource_type.name_key)
    if isinstance(name, str) and container_sid(resource_type, name) is not None:
        # Fed back, such a name would be read as a SID: of another workspace, or of none.
        why = "its name %r is shaped like a SID, which the module would read as one" % name
    else:
        if key == name:
            return name
        sharing = api.find_by_name(name) if isinstance(name, str) and name else []
        if len(sharing) == 1:
            return name
        why = "%d %ss are named %r" % (len(sharing), resource_type.label, name) if sharing else "it has no name that finds it"
    warn("The %s %s keeps its SID in the declaration: %s" % (resource_type.label, container_resource["sid"], why))
    return container_resource["sid"]
