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

from ansible_collections.twilio.flex.plugins.module_utils._client import CREATE, READ, WRITE, AmbiguousWriteError, TwilioApiError
from ansible_collections.twilio.flex.plugins.module_utils._reconcile import ResourceApi, sid_key


def item_problem(item, name_key):
    """Why an answered item cannot be identified (not an object, no SID, a name that is not a string), or None."""
    if not isinstance(item, dict):
        return "is not an object but %s" % type(item).__name__
    if not isinstance(item.get("sid"), str) or not item.get("sid"):
        return "has no sid" if item.get("sid") in (None, "") else "has a sid that is not a string (%r)" % (item.get("sid"),)
    if name_key is not None and item.get(name_key) is not None and not isinstance(item.get(name_key), str):
        return "has a %s that is not a string (%s)" % (name_key, type(item.get(name_key)).__name__)
    return None


def checked_listing(items, resource_type):
    """The items of a listing, unchanged, when each is an object with a SID (and a name that is a string, or none); else a
    TwilioApiError naming the first malformed one.

    The listing is what a declaration matches and prunes by, so an item it cannot identify stops the run
    before anything is planned, rather than as a KeyError or a TypeError halfway.
    """
    for number, item in enumerate(items, start=1):
        problem = item_problem(item, resource_type.name_key)
        if problem:
            raise TwilioApiError(
                "The listing of %s answered a malformed item: item %d of %d %s, so nothing was planned" % (resource_type.plural, number, len(items), problem)
            )
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


class AmbiguousName(LookupError):
    """Several resources share the name used to find one."""


class TwilioResourceApi(ResourceApi):
    """The requests of one kind of resource over a TwilioClient, all driven by its ResourceType.

    `path_prefix` is the part of the path before the type's collection path: empty for a top-level resource, and the
    parent's path for a resource nested under another (an adapter sets it).
    """

    path_prefix = ""

    def __init__(self, resource_type, client, warn=None):
        self.resource_type = resource_type
        self.client = client
        self.warn = warn or (lambda message: None)

    @property
    def collection_path(self):
        return self.path_prefix + self.resource_type.collection_path

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

    def list_all(self, params=None):
        """Every resource of the account (filtered by the query `params` if given), across all pages."""
        query = dict(params or {}, PageSize=self.resource_type.page_size)
        listed = self.client.list_all(self.collection_path, self.resource_type.list_key, params=query)
        return checked_listing(listed, self.resource_type)

    def find_by_name(self, name):
        """Every resource whose name is exactly this one: one filtered listing, or one GET where the name is the path key."""
        resource_type = self.resource_type
        if resource_type.names_listed:
            return [resource for resource in self.list_all() if resource.get(resource_type.name_key) == name]
        if resource_type.name_query is None:
            found = self.fetch(name)
            return [found] if found is not None else []
        # Filtered again here: the identity is an exact match, whatever the server's matching.
        return [resource for resource in self.list_all({resource_type.name_query: name}) if resource.get(resource_type.name_key) == name]

    def find(self, sid, name):
        """The resource a task means: by SID when given, else the one resource with that name; None if there is none."""
        if sid:
            # Twilio issues SIDs with lower-case hexadecimal digits; one given in upper case names the same resource.
            return self.fetch(sid_key(sid))
        matches = self.find_by_name(name)
        if len(matches) > 1:
            raise AmbiguousName(
                "%d %s are named %r: %s. Give sid to choose one"
                % (len(matches), self.resource_type.plural, name, ", ".join(sorted(resource.get("sid") or "?" for resource in matches)))
            )
        return matches[0] if matches else None

    def create(self, form):
        """Create one resource. When the answer is lost, the create may have happened, so it is never sent again: the
        resource is looked up by its name instead, and adopted when exactly one carries it."""
        resource_type = self.resource_type
        try:
            return self.client.request("POST", self.collection_path, data=form, policy=CREATE)
        except AmbiguousWriteError as error:
            name = form[resource_type.field(resource_type.name_key).form_name]
            called = "%s %r" % ("named" if resource_type.name_query else "for", name)
            matches = self.find_by_name(name)
            if len(matches) == 1:
                self.warn("%s; the %s %s %s exists now, so the create took effect" % (error.message, resource_type.label, matches[0].get("sid"), called))
                return matches[0]
            if matches:
                raise error.extended("; %d %s are named %r now" % (len(matches), resource_type.plural, name)) from error
            raise error.extended(
                "; no %s %s exists yet, though the create may still take effect. It was not sent again, so nothing was duplicated: "
                "running the task again is safe, as it looks the %s up by %s first" % (resource_type.label, called, resource_type.label, resource_type.name_key)
            ) from error

    def update(self, current_resource, form):
        return self.client.request("POST", self.item_path(current_resource["sid"]), data=form, policy=WRITE)

    def delete(self, current_resource):
        """Delete the resource; a 404 (already gone, e.g. after a retried DELETE) counts as done."""
        try:
            self.client.request("DELETE", self.item_path(current_resource["sid"]), policy=WRITE)
        except TwilioApiError as error:
            if error.status != 404:
                raise
