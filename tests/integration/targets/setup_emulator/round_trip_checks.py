# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Checks that the export targets' round trips share: the exported file is private and inert, and no output shows a secret.

Imported by their checks scripts, which emulator_python (setup_emulator/emulator.sh) runs with this folder importable.
"""

from __future__ import annotations

import os
import stat

import yaml

# The password of the webhook URLs in the targets' account.json.
WEBHOOK_PASSWORD = "hook-password-5f1e"
JINJA_DELIMITERS = ("{{", "{%", "{#")


class _LoaderWithUnsafe(yaml.SafeLoader):
    """PyYAML's safe loader, told that !unsafe is a plain string, as any non-Ansible reader of the file would be."""


_LoaderWithUnsafe.add_constructor("!unsafe", lambda loader, node: loader.construct_scalar(node))


def hostile(text):
    return any(delimiter in text for delimiter in JINJA_DELIMITERS)


def load_private_declaration(path):
    """(text, declaration) of the exported file, which only its owner can read."""
    assert stat.S_IMODE(path.stat().st_mode) == 0o600, oct(path.stat().st_mode)
    text = path.read_text(encoding="utf-8")
    return text, yaml.load(text, Loader=_LoaderWithUnsafe)


def check_hostile_names_tagged(text, names):
    """The account's three names with a Jinja delimiter are tagged !unsafe in the file, exactly as they are."""
    tagged = [name for name in names if hostile(name)]
    assert len(tagged) == 3 and all(('!unsafe "%s"' % name.replace('"', '\\"')) in text for name in tagged), text


def check_nothing_evaluated_or_shown(workdir, outputs):
    """No name's command ran, and neither the auth token nor the webhook password is in any of `outputs` (files in workdir)."""
    assert not os.path.exists(os.environ["INERT_MARKER"]), "a name's command ran: %s exists" % os.environ["INERT_MARKER"]
    token = os.environ["TWILIO_AUTH_TOKEN"]
    assert len(token) >= 16, "the auth token is too short to scan for"
    for name in outputs:
        text = (workdir / name).read_text(encoding="utf-8", errors="replace")
        assert token not in text, "the auth token is in %s" % name
        assert WEBHOOK_PASSWORD not in text, "the webhook password is in %s" % name
