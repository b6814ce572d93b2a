# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Enables the emulator's pytest plugin for every unit test: the one definition of the emulator fixtures."""

from __future__ import annotations

import pytest

PLUGIN = "ansible_collections.twilio.flex.tests.flex_emulator.pytest_plugin"


def pytest_configure(config):
    # Registered here rather than with ``pytest_plugins``, which pytest refuses in a conftest below the directory a run starts from.
    if not config.pluginmanager.has_plugin(PLUGIN):
        config.pluginmanager.import_plugin(PLUGIN)


@pytest.fixture
def emulator(flex_emulator):
    """The unit tests' short name for ``flex_emulator``: a running emulator, empty at the start of the test."""
    return flex_emulator
