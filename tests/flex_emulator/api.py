# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Routing and answers of a Twilio collection resource (list, create, fetch, update, delete): the same for every
resource; what differs is in the resource's description (collection.CollectionResource)."""

import re

from .errors import method_not_allowed, not_found
from .paging import list_page


class ResourceApi:
    """One collection resource of a Twilio API: ``list_path`` and ``list_path/{id}``, answered from its store."""

    def __init__(self, resource, store):
        self.resource = resource
        self.store = store
        # The largest page served, whatever PageSize asks for (None: as asked); set by FlexEmulator.configure().
        self.served_page_size = None
        # The list path, and the instance paths below it; a nested resource's parent sid is the first group.
        list_pattern = re.escape(resource.list_path).replace(re.escape("{parent}"), "([^/]+)")
        self._list_path = re.compile(f"^{list_pattern}$")
        self._instance_path = re.compile(f"^{list_pattern}/([^/]+)$")
        self._served = re.compile(f"^{list_pattern}(/[^/]+)?$")

    def serves(self, path):
        return self._served.match(path) is not None

    def render(self, item, base_url):
        return self.resource.render_in(item, base_url, self.store.world)

    def _scope(self, path, parent_sid):
        """The (key, value) a nested item must have to be under the parent its path names; 404 without that parent."""
        if not self.resource.parent:
            return None
        if self.store.world[self.resource.parent].fetch(parent_sid) is None:
            raise not_found(path)
        return (self.resource.parent_key, parent_sid)

    def handle(self, method, path, query, form, base_url):
        """(status, JSON-ready payload or None) for one authenticated request; raises TwilioApiError."""
        match = self._list_path.match(path)
        if match is not None:
            if method not in ("GET", "POST"):
                raise method_not_allowed(("GET", "POST"))
            scope = self._scope(path, match.group(1) if self.resource.parent else None)
            if method == "GET":
                return 200, self.list_page(query, base_url, scope)
            changes = self.resource.parse_create(form)
            if scope is not None:
                changes.top[scope[0]] = scope[1]
            return 201, self.render(self.store.create(changes), base_url)
        match = self._instance_path.match(path)
        if match is None:
            raise not_found(path)
        if method not in ("GET", "POST", "DELETE"):
            raise method_not_allowed(("GET", "POST", "DELETE"))
        *parent, segment = match.groups()
        key = self.resource.instance_key(segment)
        if key is None:
            raise not_found(path)
        if method == "POST":
            # The form is checked before the lookup, so a bad parameter is a 400 even for an unknown instance.
            changes = self.resource.parse_update(form)
        scope = self._scope(path, parent[0] if parent else None)
        if method == "GET":
            item = self.store.fetch(key, scope)
        elif method == "POST":
            item = self.store.update(key, changes, scope)
        else:
            if not self.store.delete(key, scope, checked=True):
                raise not_found(path)
            return 204, None
        if item is None:
            raise not_found(path)
        return 200, self.render(item, base_url)

    def list_page(self, query, base_url, scope=None):
        """One page of the list, in Twilio's envelope with absolute URLs on this emulator."""
        filters, wanted = self.resource.list_filters(query)
        items = [item for item in self.store.listing(scope) if wanted(item)]
        return list_page(
            items,
            query,
            f"{base_url}{self.resource.collection_path(scope[1] if scope else None)}",
            self.resource.list_key,
            lambda item: self.render(item, base_url),
            filters=filters,
            default_page_size=self.resource.default_page_size,
            max_page_size=self.resource.max_page_size,
            served_page_size=self.served_page_size,
        )
