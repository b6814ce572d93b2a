# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""YAML for files that Ansible loads as variables, with every string kept inert.

This module utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.

Data from the API is chosen by whoever can edit the account: a flow named
``{{ lookup('pipe', ...) }}`` would run on the controller once a file holding it is loaded with
``-e @file``, ``vars_files`` or ``include_vars`` and used in a task. Every string that holds a
Jinja delimiter is therefore written with YAML's ``!unsafe`` tag, which Ansible's loader turns
into a value that is never templated; every other string is quoted unless it can only be read
back as the same string. The result loads back to exactly the data given, with PyYAML's safe
loader too once the tag is known. Pure Python: no PyYAML needed to write.
"""

from __future__ import annotations

import json
import math
import re

UNSAFE_TAG = "!unsafe"
# What makes Ansible treat a string as a template: the start of an expression, a statement or a comment.
JINJA_DELIMITERS = ("{{", "{%", "{#")
# A plain scalar that YAML 1.1 and 1.2 both read back as this very string: letters first, no indicators.
_PLAIN = re.compile(r"\A(?:[A-Za-z][A-Za-z0-9_ .+-]*[A-Za-z0-9_]|[A-Za-z])\Z")
# Words that YAML 1.1 reads as booleans or null, whatever their case.
_RESERVED_WORDS = frozenset(("y", "n", "yes", "no", "true", "false", "on", "off", "null"))
# Characters a YAML stream may not hold as they are (PyYAML's reader refuses them) and the line breaks of YAML 1.1 beyond
# "\n" (NEL, LS, PS) and the byte order mark, which would change the text read back: written as escapes.
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
INDENT = "  "


def holds_template(text):
    """Whether Ansible would template this string."""
    return any(delimiter in text for delimiter in JINJA_DELIMITERS)


def _escape(match):
    code = ord(match.group(0))
    return "\\u%04x" % code if code <= 0xFFFF else "\\U%08x" % code


def scalar(value):
    """One value as a YAML scalar: null, a boolean, a number, or a string (tagged !unsafe when it holds a delimiter)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError("%r has no exact YAML form in a variables file" % value)
        return repr(float(value))
    if not isinstance(value, str):
        raise TypeError("cannot write a %s as YAML: only dicts, lists, strings, numbers, booleans and null" % type(value).__name__)
    text = str(value)
    if holds_template(text):
        return "%s %s" % (UNSAFE_TAG, _quoted(text))
    if _PLAIN.match(text) and text.lower() not in _RESERVED_WORDS and "  " not in text:
        return text
    return _quoted(text)


def _quoted(text):
    """A double-quoted scalar: JSON's escapes are YAML's, and what YAML may not hold raw is escaped too."""
    return _NOT_PRINTABLE.sub(_escape, json.dumps(text, ensure_ascii=False))


def _key(key):
    if not isinstance(key, str):
        raise TypeError("cannot write the key %r: keys of a variables file are strings" % (key,))
    return scalar(key)


def _lines(value, indent):
    """The block lines of a dict or a list whose parent put it on lines of its own, at `indent`."""
    pad = INDENT * indent
    if isinstance(value, dict):
        for key, child in value.items():
            if _is_block(child):
                yield "%s%s:" % (pad, _key(key))
                yield from _lines(child, indent + 1)
            else:
                yield "%s%s: %s" % (pad, _key(key), _inline(child))
        return
    for child in value:
        if _is_block(child):
            child_lines = list(_lines(child, indent + 1))
            # The first line of the item follows its dash, as YAML writers put it.
            yield "%s- %s" % (pad, child_lines[0][len(pad) + len(INDENT) :])
            yield from child_lines[1:]
        else:
            yield "%s- %s" % (pad, _inline(child))


def _is_block(value):
    return isinstance(value, (dict, list, tuple)) and len(value) > 0


def _inline(value):
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, (list, tuple)):
        return "[]"
    return scalar(value)


def dump(data, comment=None):
    """`data` (a dict) as the text of a YAML variables file, with `comment` (lines of text) as a header."""
    if not isinstance(data, dict):
        raise TypeError("a variables file holds a dictionary, got a %s" % type(data).__name__)
    header = ["# %s" % line if line else "#" for line in (comment or "").splitlines()]
    body = list(_lines(data, 0)) if data else ["{}"]
    return "\n".join(["---"] + header + body) + "\n"
