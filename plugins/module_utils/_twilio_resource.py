# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The I/O every Twilio resource shares: one item per path segment under a collection path, 404 meaning none.

This module utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.
"""

from __future__ import annotations

from urllib.parse import quote

from ansible_collections.twilio.flex.plugins.module_utils._client import READ, WRITE, TwilioApiError
from ansible_collections.twilio.flex.plugins.module_utils._reconcile import ResourceApi


def checked_listing(items, label):
    """The items of a listing, unchanged, when each is an object with a SID; else a TwilioApiError naming the first malformed one.

    The listing is what a declaration matches and prunes by, so an item it cannot identify stops the run
    before anything is planned, rather than as a KeyError halfway.
    """
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problem = "is not an object but %s" % type(item).__name__
        elif not isinstance(item.get("sid"), str) or not item.get("sid"):
            problem = "has no sid" if item.get("sid") in (None, "") else "has a sid that is not a string (%r)" % (item.get("sid"),)
        else:
            continue
        raise TwilioApiError("The listing of %ss answered a malformed item: item %d of %d %s, so nothing was planned" % (label, number, len(items), problem))
    return items


# Left as they are by percent-encoding, these would name another resource: URL normalisation removes "." and ".." with
# the segment before, and an empty segment names the collection itself.
PATH_CHANGING_SEGMENTS = ("", ".", "..")


def path_segment(key):
    """A SID or an address as one path segment: "+" and ":" percent-encoded, so that "+1555..." is not read as " 1555...".

    A key that would send the request to another path (from a task, or a SID from a tampered answer) raises TwilioApiError, unsent.
    """
    if not isinstance(key, str) or key in PATH_CHANGING_SEGMENTS:
        raise TwilioApiError("Refused to send a request for %r: as a segment of the request path it would name another resource" % (key,))
    return quote(key, safe="")


class TwilioResourceApi(ResourceApi):
    """A ResourceApi over a TwilioClient for the resources under `collection_path`; an adapter adds find, list_all and create."""

    collection_path = None

    def __init__(self, client, warn=None):
        self.client = client
        self.warn = warn or (lambda message: None)

    def item_path(self, key):
        return "%s/%s" % (self.collection_path, path_segment(key))

    def fetch(self, key):
        """The resource at this key (a SID, or what the API accepts in its place), or None when there is none: one GET."""
        try:
            return self.client.request("GET", self.item_path(key), policy=READ)
        except TwilioApiError as error:
            if error.status == 404:
                return None
            raise

    def update(self, current_resource, form):
        return self.client.request("POST", self.item_path(current_resource["sid"]), data=form, policy=WRITE)

    def delete(self, current_resource):
        """Delete the resource; a 404 (already gone, e.g. after a retried DELETE) counts as done."""
        try:
            self.client.request("DELETE", self.item_path(current_resource["sid"]), policy=WRITE)
        except TwilioApiError as error:
            if error.status != 404:
                raise
