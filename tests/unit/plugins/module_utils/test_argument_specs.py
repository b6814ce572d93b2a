# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The argument spec each runner derives from a resource type agrees with the module's DOCUMENTATION, sub-options included.

ansible-core is handed the options with sub-options without their sub-options (so that it converts but does not validate
inside them), so validate-modules no longer compares the documented sub-options with the spec: this test does.
"""

from __future__ import annotations

import importlib
import os

import pytest
import yaml

from ansible_collections.twilio.flex.plugins.module_utils import _runner

MODULES_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "plugins", "modules")


def _uses_a_runner(name):
    with open(os.path.join(MODULES_DIR, name), encoding="utf-8") as source:
        return "module_utils._runner import" in source.read()


RUNNER_MODULES = sorted(name[:-3] for name in os.listdir(MODULES_DIR) if name.endswith(".py") and _uses_a_runner(name))
COMPARED = ("type", "elements", "choices", "default", "required")


class SpecCaptured(Exception):
    pass


def spec_of(module_name, monkeypatch):
    """The resource options the module's main() hands its runner, captured before any module is built."""

    def capture(product, spec, *args, **kwargs):
        raise SpecCaptured(spec)

    monkeypatch.setattr(_runner, "build_module", capture)
    module = importlib.import_module("ansible_collections.twilio.flex.plugins.modules.%s" % module_name)
    with pytest.raises(SpecCaptured) as captured:
        module.main()
    return module, captured.value.args[0]


def differences(spec, documented, prefix=""):
    problems = []
    for name in sorted(set(spec) | set(documented)):
        path = prefix + name
        if name not in documented:
            problems.append("%s is in the spec but not documented" % path)
            continue
        if name not in spec:
            problems.append("%s is documented but not in the spec" % path)
            continue
        option, doc = spec[name], documented[name]
        for key in COMPARED:
            expected = doc.get(key, "str" if key == "type" else False if key == "required" else None)
            actual = option.get(key, "str" if key == "type" else False if key == "required" else None)
            if key == "choices" and actual is not None:
                actual = list(actual)
            if actual != expected:
                problems.append("%s: %s is %r in the spec, %r in the documentation" % (path, key, actual, expected))
        if "options" in option or "suboptions" in doc:
            problems.extend(differences(option.get("options", {}), doc.get("suboptions", {}), path + "."))
    return problems


def test_the_runner_modules_are_found():
    assert {"flex_flow", "flex_flow_info", "flex_flows", "conversations_address", "conversations_address_info"} <= set(RUNNER_MODULES)


@pytest.mark.parametrize("module_name", RUNNER_MODULES)
def test_the_derived_spec_agrees_with_the_documentation(module_name, monkeypatch):
    module, spec = spec_of(module_name, monkeypatch)
    documented = yaml.safe_load(module.DOCUMENTATION)["options"]
    assert differences(spec, documented) == []


def test_a_difference_in_a_sub_option_is_found():
    spec = {"integration": dict(type="dict", options={"timeout": dict(type="int")})}
    documented = {"integration": dict(type="dict", suboptions={"timeout": dict(type="str"), "extra": dict(type="str")})}
    assert differences(spec, documented) == [
        "integration.extra is documented but not in the spec",
        "integration.timeout: type is 'int' in the spec, 'str' in the documentation",
    ]
