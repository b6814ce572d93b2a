# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Routing and answers of a Twilio collection resource (list, create, fetch, update, delete),
and the /v1/FlexFlows resource built on it."""

import re

from .errors import method_not_allowed, not_found
from .paging import list_page
from .resource import FLOW_SID_PATTERN, parse_form, render

LIST_PATH = "/v1/FlexFlows"
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000


class ResourceApi:
    """One collection resource of a Twilio API: ``list_path`` and ``list_path/{id}``.

    A subclass names its paths and envelope key and says how to read forms, path ids and list
    filters; the routing, status codes, error answers and paging are the same for every resource.
    """

    list_path = ""
    list_key = ""  # the envelope key of a list page
    default_page_size = DEFAULT_PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE

    def __init__(self, store):
        self.store = store
        # The largest page served, whatever PageSize asks for (None: as asked); set by FlexEmulator.configure().
        self.served_page_size = None
        self._instance_path = re.compile("^" + re.escape(self.list_path) + "/([^/]+)$")

    def serves(self, path):
        return path == self.list_path or path.startswith(self.list_path + "/")

    # -- what each resource says ---------------------------------------------------------------

    def render(self, item, base_url):
        raise NotImplementedError

    def parse_create(self, form):
        raise NotImplementedError

    def parse_update(self, form):
        raise NotImplementedError

    def instance_key(self, segment):
        """What the store looks an instance up by, from the path segment as received; None = no such instance."""
        raise NotImplementedError

    def list_filters(self, query):
        """(query parameters to keep in page links, predicate an item must satisfy to be listed)."""
        raise NotImplementedError

    # -- the same for every resource -------------------------------------------------------------

    def handle(self, method, path, query, form, base_url):
        """(status, JSON-ready payload or None) for one authenticated request; raises TwilioApiError."""
        if path == self.list_path:
            if method == "GET":
                return 200, self.list_page(query, base_url)
            if method == "POST":
                return 201, self.render(self.store.create(self.parse_create(form)), base_url)
            raise method_not_allowed(("GET", "POST"))
        match = self._instance_path.match(path)
        if match is None:
            raise not_found(path)
        if method not in ("GET", "POST", "DELETE"):
            raise method_not_allowed(("GET", "POST", "DELETE"))
        key = self.instance_key(match.group(1))
        if key is None:
            raise not_found(path)
        if method == "GET":
            item = self.store.fetch(key)
        elif method == "POST":
            # The form is checked before the lookup, so a bad parameter is a 400 even for an unknown instance.
            item = self.store.update(key, self.parse_update(form))
        else:
            if not self.store.delete(key):
                raise not_found(path)
            return 204, None
        if item is None:
            raise not_found(path)
        return 200, self.render(item, base_url)

    def list_page(self, query, base_url):
        """One page of the list, in Twilio's envelope with absolute URLs on this emulator."""
        filters, wanted = self.list_filters(query)
        items = [item for item in self.store.listing() if wanted(item)]
        return list_page(
            items,
            query,
            f"{base_url}{self.list_path}",
            self.list_key,
            lambda item: self.render(item, base_url),
            filters=filters,
            default_page_size=self.default_page_size,
            max_page_size=self.max_page_size,
            served_page_size=self.served_page_size,
        )


class FlexFlowsApi(ResourceApi):
    """Flex v1 ``/v1/FlexFlows``."""

    list_path = LIST_PATH
    list_key = "flex_flows"

    def render(self, item, base_url):
        return render(item, base_url)

    def parse_create(self, form):
        return parse_form(form)

    def parse_update(self, form):
        return parse_form(form)

    def instance_key(self, segment):
        # A malformed SID is answered like an unknown one.
        return segment if FLOW_SID_PATTERN.match(segment) else None

    def list_filters(self, query):
        friendly_name = query.get("FriendlyName")
        if friendly_name is None:
            return {}, lambda flow: True
        return {"FriendlyName": friendly_name}, lambda flow: flow["friendly_name"] == friendly_name
