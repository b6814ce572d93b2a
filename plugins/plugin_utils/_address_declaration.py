# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Conversations Address Configurations as entries of twilio.flex.conversations_addresses' addresses option.

This plugin utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.
"""

from __future__ import annotations

from ansible_collections.twilio.flex.plugins.module_utils._conversations_address import AUTO_CREATION_KEYS, CONVERSATIONS_ADDRESS
from ansible_collections.twilio.flex.plugins.module_utils._declaration import declaration_of


def address_entries(resources):
    """(entries, warnings): the addresses as declaration entries, sorted by address, each taken back as it is.

    An entry keeps only the auto_creation keys of its own auto_creation type: a key of another type, which an answer may
    still carry, is refused by the module ("does not apply"), so the declaration would not be taken as it is.
    """
    entries, warnings = declaration_of(CONVERSATIONS_ADDRESS, resources)
    for entry in entries:
        auto_creation = entry.get("auto_creation")
        if not auto_creation:
            continue
        applicable = set(path.split(".", 1)[1] for path in AUTO_CREATION_KEYS.get(auto_creation.get("type"), ()))
        typed = set(path.split(".", 1)[1] for paths in AUTO_CREATION_KEYS.values() for path in paths)
        for key in sorted(typed - applicable):
            auto_creation.pop(key, None)
    return entries, warnings
