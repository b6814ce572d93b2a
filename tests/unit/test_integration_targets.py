# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""ansible-test runs a target's runme.sh only when it is executable; a clone takes the mode from git."""

from __future__ import annotations

import os

import pytest

TARGETS = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "integration", "targets"))
SCRIPTS = sorted(os.path.join(name, "runme.sh") for name in os.listdir(TARGETS) if os.path.isfile(os.path.join(TARGETS, name, "runme.sh")))


def test_there_are_script_targets():
    assert SCRIPTS


@pytest.mark.parametrize("script", SCRIPTS)
def test_runme_is_executable(script):
    assert os.access(os.path.join(TARGETS, script), os.X_OK), "chmod +x %s and commit the mode" % script
