# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Files that the guides show in full stay identical to the files the collection ships."""

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
