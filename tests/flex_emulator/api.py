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
        self._instance_path = re.compile("^" + re.escape(resource.list_path) + "/([^/]+)$")

    def serves(self, path):
        return path == self.resource.list_path or path.startswith(self.resource.list_path + "/")

    def render(self, item, base_url):
        return self.resource.render(item, base_url)

    def handle(self, method, path, query, form, base_url):
        """(status, JSON-ready payload or None) for one authenticated request; raises TwilioApiError."""
        if path == self.resource.list_path:
            if method == "GET":
                return 200, self.list_page(query, base_url)
            if method == "POST":
                return 201, self.render(self.store.create(self.resource.parse_create(form)), base_url)
            raise method_not_allowed(("GET", "POST"))
        match = self._instance_path.match(path)
        if match is None:
            raise not_found(path)
        if method not in ("GET", "POST", "DELETE"):
            raise method_not_allowed(("GET", "POST", "DELETE"))
        key = self.resource.instance_key(match.group(1))
        if key is None:
            raise not_found(path)
        if method == "GET":
            item = self.store.fetch(key)
        elif method == "POST":
            # The form is checked before the lookup, so a bad parameter is a 400 even for an unknown instance.
            item = self.store.update(key, self.resource.parse_update(form))
        else:
            if not self.store.delete(key):
                raise not_found(path)
            return 204, None
        if item is None:
            raise not_found(path)
        return 200, self.render(item, base_url)

    def list_page(self, query, base_url):
        """One page of the list, in Twilio's envelope with absolute URLs on this emulator."""
        filters, wanted = self.resource.list_filters(query)
        items = [item for item in self.store.listing() if wanted(item)]
        return list_page(
            items,
            query,
            f"{base_url}{self.resource.list_path}",
            self.resource.list_key,
            lambda item: self.render(item, base_url),
            filters=filters,
            default_page_size=self.resource.default_page_size,
            max_page_size=self.resource.max_page_size,
            served_page_size=self.served_page_size,
        )
