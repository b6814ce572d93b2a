# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Files the collection writes on the controller: where they land and how they are written.

This plugin utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.
"""

from __future__ import annotations

import os
import stat
import tempfile

from ansible.module_utils.common.validation import check_type_path
from ansible.module_utils.parsing.convert_bool import boolean

# For files that hold exact values from the account (a declaration, a rollback file): the owner's only.
PRIVATE_MODE = 0o600


def output_path(path):
    """The absolute path of a file to write: `~` expanded, a relative path taken from the directory the run started in.

    Plugins run in the ansible-playbook process, whose working directory is where the user started it, whatever
    the PWD variable says and wherever the playbook lies.
    """
    return os.path.abspath(os.path.expanduser(path))


class OptionError(ValueError):
    """An option of a controller-side action is not what the action takes; the message names it."""


def path_option(args, name, what="a file path", required=False, hint=""):
    """The absolute path an action's option names (see output_path), None when it is left out and not required.

    `~` and environment variables are expanded, as for a module's path option. `what` and `hint` word the error.
    """
    path = args.get(name)
    if path is None and not required:
        return None
    if not isinstance(path, str) or not path:
        raise OptionError("%s must be %s, got %r%s" % (name, what, path, hint))
    return output_path(check_type_path(path))


def bool_option(args, name, default):
    """An action's boolean option, strictly: yes/no, true/false, 1/0 and the like, never any other text."""
    try:
        return boolean(args.get(name, default), strict=True)
    except TypeError as error:
        raise OptionError("%s must be a boolean: %s" % (name, error)) from error


def _current_umask():
    umask = os.umask(0)
    os.umask(umask)
    return umask


def write_file(path, text, mode=None, check_mode=False):
    """Write `text` to `path` atomically; return whether the file changed (in check mode, would change).

    `mode` None gives a new file the permissions the umask allows and keeps an existing file's; PRIVATE_MODE makes the
    file readable by its owner only, existing or not. The text goes to a temporary file beside `path` that then
    replaces it, so a reader never sees half a file. A file that already holds `text` with that mode is left alone.
    """
    data = text.encode("utf-8")
    try:
        with open(path, "rb") as existing:
            same_content = existing.read() == data
        current_mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        same_content, current_mode = False, None
    wanted_mode = mode if mode is not None else (current_mode if current_mode is not None else 0o666 & ~_current_umask())
    if same_content and current_mode == wanted_mode:
        return False
    if check_mode:
        return True
    if same_content:
        os.chmod(path, wanted_mode)
        return True
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".%s." % os.path.basename(path), suffix=".tmp", dir=directory)
    try:
        # mkstemp makes the file 0600 until here, so exact values are never readable by others, even briefly.
        os.chmod(temporary, wanted_mode)
        with os.fdopen(handle, "wb") as output:
            output.write(data)
            output.flush()
            os.fsync(output.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
    return True
