# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The module fixtures, for the action tests that build a report from a module's real result against the emulator."""

from __future__ import annotations

from ansible_collections.twilio.flex.tests.unit.plugins.modules.conftest import run_module, run_on_emulator

__all__ = ("run_module", "run_on_emulator")
