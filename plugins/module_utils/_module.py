# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The AnsibleModule every module of the collection starts from: connection options, requests, clear input errors, masked output.

This module utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.
"""

from __future__ import annotations

import copy

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values

from ansible_collections.twilio.flex.plugins.module_utils._client import REQUESTS_IMPORT_ERROR
from ansible_collections.twilio.flex.plugins.module_utils._connection import connection_argument_spec
from ansible_collections.twilio.flex.plugins.module_utils._declaration import option_error_text
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
    given_params = None

    def __init__(self, *args, problems_during_validation=None, **kwargs):
        # Only while ansible-core validates the options in __init__: a failure then may be replaced by problems of our own.
        self._problems_during_validation = problems_during_validation
        super().__init__(*args, **kwargs)
        self._problems_during_validation = None

    @property
    def validator(self):
        return self._validator

    @validator.setter
    def validator(self, validator):
        # AnsibleModule sets its validator once the options are loaded, just before it validates them (and drops what it cannot
        # convert, such as a string among a list of dicts): keep the options as given, for messages that name such values.
        self.given_params = copy.deepcopy(getattr(self, "params", None))
        self._validator = validator

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
        if self._problems_during_validation is not None:
            replaced = self._problems_during_validation(self.given_params)
            if replaced:
                # ansible-core's own finding is kept: it may be about another option (a misspelt one, a wrong type).
                validation = getattr(self, "validation_result", None)
                found_by_core = list(validation.error_messages) if validation is not None and validation.error_messages else [msg]
                msg = "%s. Also: %s" % (replaced["msg"], "; ".join(found_by_core))
                result = dict((key, value) for key, value in replaced.items() if key != "msg")
        result = self._masked_result(dict(result, msg=msg))
        super().fail_json(**result)


def build_module(product, resource_spec, failure_of_raw=None, **kwargs):
    """(module, problems): an AnsibleModule over the connection options of `product` and `resource_spec`, and every problem
    of the sub-options (each naming its option), for the caller to report with problems of its own.

    When ansible-core's own validation fails, the module fails with the options that cannot become dictionaries, if any,
    else with `failure_of_raw(params)` (a result with `msg`, or None), else with ansible-core's message. An option that is a
    list of dicts with sub-options (a declaration's entries) is left for the caller to validate, entry by entry.
    """
    argument_spec = connection_argument_spec(product)
    argument_spec.update(resource_spec)

    def problems_during_validation(params):
        if not isinstance(params, dict):
            return None
        misshapen = misshapen_dict_problems(argument_spec, params)
        if misshapen:
            return dict(msg="; ".join(sorted(misshapen)))
        return failure_of_raw(params) if failure_of_raw is not None else None

    module = TwilioModule(argument_spec=shallow_spec(argument_spec), problems_during_validation=problems_during_validation, **kwargs)
    if REQUESTS_IMPORT_ERROR is not None:
        module.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
    return module, validate_suboptions(argument_spec, module.params)


def shallow_spec(argument_spec):
    """The spec ansible-core validates: options with sub-options keep their type (dict, or list of dicts) but not the sub-options.

    ansible-core then converts such an option to a dict (or a list of dicts) and looks no further inside, so a value that
    is not one fails naming the option, and the sub-options are validated once, by validate_suboptions, every problem listed.
    """
    return dict((name, dict((key, value) for key, value in option.items() if key != "options")) for name, option in argument_spec.items())


def validate_suboptions(argument_spec, params):
    """Every problem of the dict options with sub-options, each naming its option; their validated values replace the given ones in `params`."""
    nested = dict((name, option) for name, option in argument_spec.items() if option.get("type") == "dict" and "options" in option)
    given = dict((name, params[name]) for name in nested if params.get(name) is not None)
    if not given:
        return []
    result = ArgumentSpecValidator(dict((name, nested[name]) for name in given)).validate(given)
    params.update(result.validated_parameters)
    return [option_error_text(error) for error in result.errors.errors]
