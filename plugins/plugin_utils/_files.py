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

# For files that hold exact values from the account (a declaration, a rollback file): the owner's only.
PRIVATE_MODE = 0o600


def output_path(path):
    """The absolute path of a file to write: `~` expanded, a relative path taken from the directory the run started in.

    Plugins run in the ansible-playbook process, whose working directory is where the user started it, whatever
    the PWD variable says and wherever the playbook lies.
    """
    return os.path.abspath(os.path.expanduser(path))


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
