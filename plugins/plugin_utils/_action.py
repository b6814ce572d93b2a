# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The frame of the collection's actions that check their own arguments and write one file on the controller.

This plugin utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.
"""

from __future__ import annotations

from ansible.module_utils.common.text.converters import to_text
from ansible.plugins.action import ActionBase

from ansible_collections.twilio.flex.plugins.plugin_utils._files import OptionError, write_file


class CheckedArgumentsAction(ActionBase):
    """An action whose task arguments `parse_options` checks by hand (raising OptionError) before anything else runs.

    A refused argument fails the task with the error's message; otherwise `run_with` does the work with what
    `parse_options` returned.
    """

    TRANSFERS_FILES = False

    def parse_options(self, args):
        raise NotImplementedError

    def run_with(self, result, checked, task_vars):
        raise NotImplementedError

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp  # tmp no longer has any effect
        try:
            checked = self.parse_options(self._task.args)
        except OptionError as error:
            result.update(failed=True, msg=str(error))
            return result
        return self.run_with(result, checked, task_vars)

    def write(self, result, path, text, what, mode=None):
        """Write `text` to `path` (see write_file), in check mode only saying whether it would change; `result` gets the
        path and whether the file changed, or the failure that names `what` the file is. Returns `result`."""
        result["path"] = path
        try:
            result["changed"] = write_file(path, text, mode=mode, check_mode=self._task.check_mode)
        except OSError as error:
            result.update(failed=True, msg="Could not write the %s to %s: %s" % (what, path, to_text(error.strerror or error)))
        return result
