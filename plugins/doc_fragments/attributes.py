# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    # The attributes every module describes, each module stating its own support level, and the collection's authors.
    DOCUMENTATION = r"""
options: {}
author:
  - twilio.flex maintainers (@twilio-flex-ansible)
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check mode), when in diff mode.
  action_group:
    description: Use C(group/twilio.flex.flex) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - twilio.flex.flex
"""

    # For modules that only read: they never change anything, so check mode and diff are trivially supported.
    INFO_MODULE = r"""
options: {}
attributes:
  check_mode:
    support: full
    details:
      - This module never changes anything, so it runs the same in check mode.
  diff_mode:
    support: N/A
    details:
      - This module never changes anything, so it returns no diff.
"""

    # For actions that run on the controller only (reports, files, the migration): no module process, no connection.
    CONTROLLER = r"""
options: {}
author:
  - twilio.flex maintainers (@twilio-flex-ansible)
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check mode), when in diff mode.
  action:
    description: Runs as an action plugin on the controller.
    support: full
  async:
    description: Supports being used with the C(async) keyword.
    support: none
  become:
    description: Is usable alongside the C(become) keywords.
    support: none
  bypass_host_loop:
    description: Runs once for all hosts of the play instead of once per host.
    support: none
  connection:
    description: Uses the connection of the target host to run code on it.
    support: none
  delegation:
    description: Can be used with C(delegate_to) and the related keywords.
    support: none
  platform:
    description: The operating systems this runs on.
    support: full
    platforms: all
"""
