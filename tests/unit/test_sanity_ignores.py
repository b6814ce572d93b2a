# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""No sanity test is ignored; galaxy.yml leaves the ignore files out of the artifact on that ground."""

from __future__ import annotations

import glob
import os

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
IGNORE_FILES = sorted(glob.glob(os.path.join(ROOT, "tests", "sanity", "ignore-*.txt")))


def test_there_are_ignore_files():
    assert IGNORE_FILES


@pytest.mark.parametrize("path", IGNORE_FILES, ids=os.path.basename)
def test_ignore_file_is_empty(path):
    with open(path) as handle:
        assert handle.read().strip() == "", "%s ignores a sanity test; galaxy.yml would leave it out of the artifact" % path
