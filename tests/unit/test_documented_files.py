# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Files that the guides show in full stay identical to the files the collection ships, and what the guides and the README say about them holds."""

from __future__ import annotations

import json
import os
import re

import pytest
import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def code_blocks(guide, language):
    """The literal blocks of `.. code-block:: <language>` in a guide, dedented."""
    with open(os.path.join(ROOT, "docs", "docsite", "rst", guide)) as handle:
        text = handle.read()
    blocks = []
    for match in re.finditer(r"^\.\. code-block:: %s\n\n((?:  .*\n|\n)+)" % language, text, flags=re.MULTILINE):
        blocks.append("\n".join(line[2:] for line in match.group(1).splitlines()))
    return blocks


def shipped(*path):
    with open(os.path.join(ROOT, *path)) as handle:
        return handle.read()


@pytest.mark.parametrize(
    "guide, language, parse, path",
    [
        ("guide_awx.rst", "json", json.loads, ("examples", "awx", "credential_type.json")),
        ("guide_drift_audit.rst", "yaml", yaml.safe_load, ("examples", "desired_flows.yml")),
    ],
)
def test_a_guide_shows_the_shipped_file(guide, language, parse, path):
    expected = parse(shipped(*path))
    shown = [parse(block) for block in code_blocks(guide, language)]
    assert expected in shown


NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


def guide_text(guide):
    with open(os.path.join(ROOT, "docs", "docsite", "rst", guide)) as handle:
        return handle.read()


def test_the_awx_guide_counts_the_variables_the_credential_type_injects():
    injected = json.loads(shipped("examples", "awx", "credential_type.json"))["injectors"]["env"]
    counts = re.findall(r"(\w+)\s+``TWILIO_\*``\s+variables", guide_text("guide_awx.rst"))
    assert counts, "the guide no longer counts the TWILIO_* variables: update this test"
    assert counts == [NUMBER_WORDS[len(injected)]] * len(counts)


def test_the_awx_guide_says_what_to_fill_in_for_every_field_of_the_credential_type():
    fields = json.loads(shipped("examples", "awx", "credential_type.json"))["inputs"]["fields"]
    # Step 3, where the credential is created, names each field by its label.
    text = guide_text("guide_awx.rst")
    step = text[text.index("Step 3: create a credential") : text.index("Step 4:")]
    assert [field["label"] for field in fields if "*%s*" % field["label"] not in step] == []


def readme_section(title):
    text = shipped("README.md")
    start = text.index("\n## %s\n" % title)
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def test_the_readme_calls_the_drift_audit_a_gate_only_with_fail_on_drift():
    # Without drift_audit_fail_on_drift=true the audit reports drift and succeeds: no gate.
    lines = [line for line in shipped("README.md").splitlines() if "gate" in line and "drift_audit" in line]
    assert lines, "the README no longer mentions the drift audit as a gate: update this test"
    assert [line for line in lines if "drift_audit_fail_on_drift=true" not in line] == []


def test_the_readme_development_section_says_it_applies_to_the_source_repository():
    section = readme_section("Development")
    first_paragraph = section.strip().split("\n\n")[1]
    assert "source repository" in first_paragraph
    # What it says the installed collection lacks really is left out of the build.
    left_out = re.findall(r"`([\w.]+)/`", first_paragraph)
    build_ignore = yaml.safe_load(shipped("galaxy.yml"))["build_ignore"]
    assert left_out and [name for name in left_out if name not in build_ignore] == []
