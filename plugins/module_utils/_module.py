# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The AnsibleModule every module of the collection starts from: connection options, requests, clear input errors.

This module utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.
"""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule, _load_params, missing_required_lib
from ansible.module_utils.common.validation import check_type_dict

from ansible_collections.twilio.flex.plugins.module_utils._client import REQUESTS_IMPORT_ERROR
from ansible_collections.twilio.flex.plugins.module_utils._connection import FLEX, connection_argument_spec

TYPE_NAMES = {"str": "a string", "int": "an integer", "float": "a number", "bool": "a boolean", "list": "a list"}


def build_module(resource_spec, early_failure=None, product=FLEX, **kwargs):
    """An AnsibleModule over the connection options of `product` and `resource_spec`, failed early with a message naming the option at fault.

    `early_failure(raw_params)` may inspect the raw options before ansible-core validates them and
    return the result to fail with (a dict with `msg`), or None.
    """
    argument_spec = connection_argument_spec(product)
    argument_spec.update(resource_spec)
    misshapen = _misshapen_dict_options(argument_spec)
    if misshapen:
        # ansible-core crashes on a scalar or a list given for a dict with sub-options, or fails without naming it.
        message = "; ".join("%s must be a dictionary of its sub-options, got %s" % (name, kind) for name, kind in sorted(misshapen.items()))
        _lenient_module(argument_spec, kwargs).fail_json(msg=message)
    raw_params = _load_params()
    failure = early_failure(raw_params) if early_failure is not None and isinstance(raw_params, dict) else None
    if failure:
        _lenient_module(argument_spec, kwargs).fail_json(**failure)
    module = AnsibleModule(argument_spec=argument_spec, **kwargs)
    if REQUESTS_IMPORT_ERROR is not None:
        module.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
    return module


def _lenient_module(argument_spec, kwargs):
    """An AnsibleModule that takes any value for the options with sub-options, to fail with a message of our own."""
    lenient_spec = dict(argument_spec)
    lenient_spec.update((name, dict(type="raw")) for name, spec in argument_spec.items() if "options" in spec)
    return AnsibleModule(argument_spec=lenient_spec, **kwargs)


def _misshapen_dict_options(argument_spec):
    """{option: type name} for dict options with sub-options whose raw value cannot become a dict."""
    raw_params = _load_params()
    misshapen = {}
    if not isinstance(raw_params, dict):
        return misshapen
    for name, spec in argument_spec.items():
        value = raw_params.get(name)
        if spec.get("type") != "dict" or "options" not in spec or value is None or isinstance(value, dict):
            continue
        if isinstance(value, str):
            try:
                check_type_dict(value)
                continue
            except TypeError:
                pass
        misshapen[name] = TYPE_NAMES.get(type(value).__name__, "a %s" % type(value).__name__)
    return misshapen
