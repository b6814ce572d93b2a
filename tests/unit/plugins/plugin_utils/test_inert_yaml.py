# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Variables files whose strings stay inert: what Ansible loads is exactly what was written, and never templated.

module_utils/_inert_yaml.py is tested here, among the controller's tests, since the test loads and templates with
ansible-core's controller code, which the module_utils tests cannot import.
"""

from __future__ import annotations

import inspect
import os
import tempfile

import pytest
import yaml
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.twilio.flex.plugins.module_utils._inert_yaml import dump, scalar

HOSTILE = [
    "Support {{ lookup('pipe', 'id > pwned.txt') }}",
    "{% for x in range(3) %}{{ x }}{% endfor %}",
    "{# a comment #}",
    "{{ lookup('env', 'TWILIO_AUTH_TOKEN') }}",
    "half {{ open",
]


class _SafeLoaderWithUnsafe(yaml.SafeLoader):
    """PyYAML's safe loader, told that !unsafe is a plain string, as any non-Ansible reader would be."""


_SafeLoaderWithUnsafe.add_constructor("!unsafe", lambda loader, node: loader.construct_scalar(node))


def ansible_load(text):
    """The data of a variables file as `-e @file`, vars_files and include_vars load it."""
    loader = DataLoader()
    # ansible-core 2.19 and later trust the strings of a variables file as templates, unless tagged !unsafe.
    trusted = {"trusted_as_template": True} if "trusted_as_template" in inspect.signature(loader.load_from_file).parameters else {}
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "vars.yml")
        with open(path, "w", encoding="utf-8") as file:
            file.write(text)
        return loader.load_from_file(path, cache="none", **trusted)


def templated(value):
    """The value after Ansible templates it as a task argument would be: unchanged when it is inert."""
    return Templar(loader=DataLoader(), variables={}).template(value)


def test_an_export_with_hostile_names_loads_back_exactly_and_inert():
    data = {"desired_flows": [{"friendly_name": name, "enabled": True} for name in HOSTILE], HOSTILE[0]: {"k": HOSTILE[1]}}
    text = dump(data, comment="The flows of the account.\nUse it with -e @file.")
    loaded = ansible_load(text)
    assert loaded == data
    assert templated(loaded) == data
    assert yaml.load(text, Loader=_SafeLoaderWithUnsafe) == data


def test_the_same_text_without_the_tag_would_run_so_the_tag_is_what_protects_it():
    text = dump({"name": "{{ 40 + 2 }}"})
    assert text == '---\nname: !unsafe "{{ 40 + 2 }}"\n'
    assert templated(ansible_load(text)) == {"name": "{{ 40 + 2 }}"}
    # ansible-core 2.19 and later keep the native type of the result.
    assert str(templated(ansible_load(text.replace("!unsafe ", "")))["name"]) == "42"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("SMS", "SMS"),
        ("Web chat", "Web chat"),
        ("yes", '"yes"'),
        ("Off", '"Off"'),
        ("null", '"null"'),
        ("0123", '"0123"'),
        ("1e3", '"1e3"'),
        ("+15555550100", '"+15555550100"'),
        ("a: b", '"a: b"'),
        ("x #y", '"x #y"'),
        ("", '""'),
        (" padded ", '" padded "'),
        ("line\nbreak", '"line\\nbreak"'),
        # A regular expression's $ matches before a final line break: such a name is quoted, never written plain.
        ("A\n", '"A\\n"'),
        ("Support\n", '"Support\\n"'),
        ("del\x7f", '"del\\u007f"'),
        ("caf\u00e9", '"caf\u00e9"'),
        (None, "null"),
        (True, "true"),
        (30, "30"),
    ],
)
def test_scalars_are_plain_only_where_yaml_cannot_read_them_otherwise(value, expected):
    assert scalar(value) == expected


def test_layout_is_block_style_with_a_header():
    text = dump({"desired_flows": [{"friendly_name": "SMS", "integration": {"flow_sid": "FW1", "retry_count": 1}}, {"friendly_name": "Web"}], "empty": []})
    assert text == (
        "---\ndesired_flows:\n  - friendly_name: SMS\n    integration:\n      flow_sid: FW1\n      retry_count: 1\n  - friendly_name: Web\nempty: []\n"
    )


@pytest.mark.parametrize("bad", [["a list"], {"k": object()}, {1: "int key"}, {"k": float("nan")}])
def test_what_has_no_exact_form_is_refused(bad):
    with pytest.raises((TypeError, ValueError)):
        dump(bad)


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30) | st.sampled_from(HOSTILE)
SCALARS = st.none() | st.booleans() | st.integers(-(2**40), 2**40) | TEXT
VALUES = st.recursive(SCALARS, lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4), max_leaves=20)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(TEXT, VALUES, max_size=5))
def test_any_data_round_trips_exactly_and_is_never_templated(data):
    text = dump(data)
    loaded = ansible_load(text)
    assert loaded == data
    assert templated(loaded) == data
