# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The AnsibleModule every module of the collection starts from: connection options, requests, clear input errors, masked output.

This module utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.
"""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule, _load_params, missing_required_lib
from ansible.module_utils.common.parameters import remove_values

from ansible_collections.twilio.flex.plugins.module_utils._client import REQUESTS_IMPORT_ERROR
from ansible_collections.twilio.flex.plugins.module_utils._connection import FLEX, connection_argument_spec
from ansible_collections.twilio.flex.plugins.module_utils._masking import masked
from ansible_collections.twilio.flex.plugins.module_utils._reconcile import misshapen_dict_problems


class TwilioModule(AnsibleModule):
    """An AnsibleModule whose results and warnings show no URL password, nor a no_log value even as a dict key.

    What the API answers is data anyone with Console access chose: a webhook URL may carry a password, and a flow's name
    may hold a credential (a name templated from lookup('env', 'TWILIO_AUTH_TOKEN') becomes the token), which a diff then
    uses as a key. ansible-core masks no_log values in a result's values only, so every result goes through masked() here,
    once for all modules, keys included.

    `exact_values` False (the default) masks URL passwords too; an info module sets it from its mask_url_passwords option
    for the caller that needs the exact values (and then hides the task's result itself).
    """

    exact_values = False

    def _masked_result(self, result):
        secrets = getattr(self, "no_log_values", ())
        # The module's own arguments as ansible-core shows them (VALUE_SPECIFIED_IN_NO_LOG_PARAMETER for a no_log value),
        # with URL passwords masked too.
        invocation = result.pop("invocation", None) or dict(module_args=remove_values(getattr(self, "params", {}), secrets))
        result = masked(result, secrets, url_passwords=not self.exact_values)
        # The message never carries exact values: it is printed even when the task hides its result.
        if "msg" in result:
            result["msg"] = masked(result["msg"], secrets)
        result["invocation"] = masked(invocation)
        return result

    def warn(self, warning, *args, **kwargs):
        super().warn(masked(warning, getattr(self, "no_log_values", ())), *args, **kwargs)

    def exit_json(self, **result):
        super().exit_json(**self._masked_result(result))

    def fail_json(self, msg=None, **result):
        result = self._masked_result(dict(result, msg=msg))
        super().fail_json(**result)


def build_module(resource_spec, early_failure=None, product=FLEX, **kwargs):
    """An AnsibleModule over the connection options of `product` and `resource_spec`, failed early with a message naming the option at fault.

    `early_failure(raw_params)` may inspect the raw options before ansible-core validates them and
    return the result to fail with (a dict with `msg`), or None.
    """
    argument_spec = connection_argument_spec(product)
    argument_spec.update(resource_spec)
    raw_params = _load_params()
    misshapen = misshapen_dict_problems(argument_spec, raw_params) if isinstance(raw_params, dict) else []
    if misshapen:
        _lenient_module(argument_spec, kwargs).fail_json(msg="; ".join(sorted(misshapen)))
    failure = early_failure(raw_params) if early_failure is not None and isinstance(raw_params, dict) else None
    if failure:
        _lenient_module(argument_spec, kwargs).fail_json(**failure)
    module = TwilioModule(argument_spec=argument_spec, **kwargs)
    if REQUESTS_IMPORT_ERROR is not None:
        module.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
    return module


def _lenient_module(argument_spec, kwargs):
    """An AnsibleModule that takes any value for the options with sub-options, to fail with a message of our own."""
    lenient_spec = dict(argument_spec)
    lenient_spec.update((name, dict(type="raw")) for name, spec in argument_spec.items() if "options" in spec)
    return TwilioModule(argument_spec=lenient_spec, **kwargs)
