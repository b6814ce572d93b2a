# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Secrets kept out of what the collection shows: passwords in URLs, and known secrets wherever they appear.

This module utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.

ansible-core masks the values of no_log options in a result's values only; a webhook URL such as
``https://user:password@hooks.example.com/flex`` comes from the account, not from an option, and a
dict key is never masked at all. These functions cover both, over any result, diff or report.
"""

from __future__ import annotations

import re

MASK = "********"
# scheme://user:password@ : the password is everything between the first ":" of the userinfo and the last "@" before the path.
_URL_PASSWORD = re.compile(r"(?P<head>\b[A-Za-z][A-Za-z0-9+.-]*://[^\s/?#@:]*:)(?P<password>[^\s/?#]*)(?P<at>@)")


def mask_url_password(text):
    """`text` with the password of every URL in it replaced by ********: https://user:********@host/path."""
    return _URL_PASSWORD.sub(lambda match: match.group("head") + MASK + match.group("at"), text)


def masked(value, secrets=(), url_passwords=True):
    """A copy of `value` (dicts, lists, strings, anything else as is) with URL passwords and every secret masked, keys too.

    `url_passwords` False keeps URL passwords as they are and masks the secrets only, for a result that must hold exact values.
    """
    secrets = [secret for secret in secrets if secret]
    return _masked(value, sorted(secrets, key=len, reverse=True), url_passwords)


def _masked(value, secrets, url_passwords=True):
    if isinstance(value, str):
        text = mask_url_password(value) if url_passwords else value
        for secret in secrets:
            text = text.replace(secret, MASK)
        # The same type as before where nothing changed, so that tagged or unsafe strings stay what they were.
        return value if text == value else text
    if isinstance(value, dict):
        return dict((_masked(key, secrets, url_passwords), _masked(child, secrets, url_passwords)) for key, child in value.items())
    if isinstance(value, tuple):
        return tuple(_masked(child, secrets, url_passwords) for child in value)
    if isinstance(value, list):
        return [_masked(child, secrets, url_passwords) for child in value]
    return value
