# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Passwords in URLs and known secrets are masked in values and keys alike."""

from __future__ import annotations

import pytest

from ansible_collections.twilio.flex.plugins.module_utils._masking import MASK, mask_url_password, masked


@pytest.mark.parametrize(
    "text, expected",
    [
        ("https://user:s3cret@hooks.example.com/flex", "https://user:********@hooks.example.com/flex"),
        ("http://:p@ss@10.0.0.1:8080/x?y=1", "http://:********@10.0.0.1:8080/x?y=1"),
        ("the webhook https://u:pw@h.example/x now receives events", "the webhook https://u:********@h.example/x now receives events"),
        ("two: https://a:1@x.example and ftp://b:2@y.example/", "two: https://a:********@x.example and ftp://b:********@y.example/"),
        ("https://user@hooks.example.com/flex", "https://user@hooks.example.com/flex"),
        ("https://hooks.example.com:8443/flex@v2", "https://hooks.example.com:8443/flex@v2"),
        ("https://hooks.example.com/path?q=a:b@c", "https://hooks.example.com/path?q=a:b@c"),
        ("user:pass@host", "user:pass@host"),
    ],
)
def test_the_password_of_a_url_is_masked_and_nothing_else(text, expected):
    assert mask_url_password(text) == expected


def test_secrets_are_masked_in_keys_and_values_at_any_depth():
    token = "0123456789abcdef0123456789abcdef"
    value = {
        "Support %s" % token: {"url": "https://u:pw@h.example/x", "list": ["a", token, ("t", token)]},
        "count": 3,
        "flag": None,
    }
    assert masked(value, secrets=[token, ""]) == {
        "Support %s" % MASK: {"url": "https://u:%s@h.example/x" % MASK, "list": ["a", MASK, ("t", MASK)]},
        "count": 3,
        "flag": None,
    }


def test_an_unchanged_string_is_the_same_object():
    class Tagged(str):
        pass

    text = Tagged("nothing secret")
    assert masked([text])[0] is text


def test_url_passwords_can_be_kept_while_secrets_are_masked():
    token = "0123456789abcdef0123456789abcdef"
    value = {"url": "https://u:pw@h.example/x", token: [token]}
    assert masked(value, secrets=[token], url_passwords=False) == {"url": "https://u:pw@h.example/x", MASK: [MASK]}
