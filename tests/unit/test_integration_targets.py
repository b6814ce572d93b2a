# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The targets' runme.sh scripts: ansible-test runs one only when it is executable (a clone takes the mode from git), and
their test logic lives in Python files beside them, which ruff formats and lints, never in a heredoc fed to Python."""

from __future__ import annotations

import os
import re

import pytest

TARGETS = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "integration", "targets"))
SCRIPTS = sorted(os.path.join(name, "runme.sh") for name in os.listdir(TARGETS) if os.path.isfile(os.path.join(TARGETS, name, "runme.sh")))

# A heredoc (<<WORD, <<-WORD, quoted or not, but not the here-string <<<) on a line that names Python in any form:
# python -, emulator_python -, python3 - and the like.
PYTHON_HEREDOC = re.compile(r"python.*(?<!<)<<-?\s*['\"]?\w+|(?<!<)<<-?\s*['\"]?PYTHON\b", re.IGNORECASE)


def test_there_are_script_targets():
    assert SCRIPTS


@pytest.mark.parametrize("script", SCRIPTS)
def test_runme_is_executable(script):
    assert os.access(os.path.join(TARGETS, script), os.X_OK), "chmod +x %s and commit the mode" % script


@pytest.mark.parametrize("script", SCRIPTS)
def test_runme_feeds_no_heredoc_to_python(script):
    with open(os.path.join(TARGETS, script), encoding="utf-8") as runme:
        heredocs = ["line %d: %s" % (number, line.strip()) for number, line in enumerate(runme, 1) if PYTHON_HEREDOC.search(line)]
    assert not heredocs, "%s feeds Python a heredoc; move it into a Python file beside runme.sh (as checks.py): %s" % (script, heredocs)
