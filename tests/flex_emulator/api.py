# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The /v1/FlexFlows operations: routing, paging, and the answers Twilio gives."""

import base64
import binascii
import re
from urllib.parse import urlencode

from .errors import invalid_parameter, method_not_allowed, not_found
from .resource import FLOW_SID_PATTERN, parse_form, render
from .store import sort_key

LIST_PATH = "/v1/FlexFlows"
_INSTANCE_PATH = re.compile(r"^/v1/FlexFlows/([^/]+)$")
_DECIMAL = re.compile(r"^[0-9]+$")
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000


def encode_page_token(direction, flow):
    """An opaque cursor: "PA" (the page after) or "PB" (the page before) a flow's list position.

    A cursor rather than an offset keeps later pages right when flows are added or removed
    while a client pages through, as Twilio's PageToken does.
    """
    position = f"{flow['date_created']}|{flow['sid']}".encode()
    return direction + base64.urlsafe_b64encode(position).decode().rstrip("=")


def decode_page_token(token):
    direction, encoded = token[:2], token[2:]
    try:
        date_created, sid = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode().split("|")
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise invalid_parameter("PageToken", "is not a valid page token") from error
    if direction not in ("PA", "PB"):
        raise invalid_parameter("PageToken", "is not a valid page token")
    return direction, (date_created, sid)


def _bounded_integer(query, name, default, minimum, maximum=None):
    text = query.get(name)
    if text is None:
        return default
    value = int(text) if _DECIMAL.match(text) else None
    if value is None or value < minimum or (maximum is not None and value > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f"greater than or equal to {minimum}"
        raise invalid_parameter(name, f"must be an integer {bounds}")
    return value


class FlexFlowsApi:
    def __init__(self, store):
        self.store = store

    def handle(self, method, path, query, form, base_url):
        """(status, JSON-ready payload or None) for one authenticated request; raises TwilioApiError."""
        if path == LIST_PATH:
            if method == "GET":
                return 200, self.list_flows(query, base_url)
            if method == "POST":
                return 201, render(self.store.create(parse_form(form)), base_url)
            raise method_not_allowed(("GET", "POST"))
        match = _INSTANCE_PATH.match(path)
        if match is None:
            raise not_found(path)
        if method not in ("GET", "POST", "DELETE"):
            raise method_not_allowed(("GET", "POST", "DELETE"))
        sid = match.group(1)
        # A malformed SID is answered like an unknown one.
        if not FLOW_SID_PATTERN.match(sid):
            raise not_found(path)
        if method == "GET":
            flow = self.store.fetch(sid)
        elif method == "POST":
            # The form is checked before the lookup, so a bad parameter is a 400 even for an unknown SID.
            flow = self.store.update(sid, parse_form(form))
        else:
            if not self.store.delete(sid):
                raise not_found(path)
            return 204, None
        if flow is None:
            raise not_found(path)
        return 200, render(flow, base_url)

    def list_flows(self, query, base_url):
        """One page of the list, in Twilio's envelope with absolute URLs on this emulator."""
        friendly_name = query.get("FriendlyName")
        page_size = _bounded_integer(query, "PageSize", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
        # Page is "simply for client state"; without a PageToken it also works as an offset.
        page = _bounded_integer(query, "Page", 0, 0)
        token = query.get("PageToken")
        flows = self.store.listing(friendly_name)
        if token:
            direction, position = decode_page_token(token)
            if direction == "PA":
                start = sum(1 for flow in flows if sort_key(flow) <= position)
            else:
                start = max(0, sum(1 for flow in flows if sort_key(flow) < position) - page_size)
        else:
            start = page * page_size
        end = start + page_size
        selected = flows[start:end]

        def page_url(page_number, page_token=None):
            params = {} if friendly_name is None else {"FriendlyName": friendly_name}
            params.update(PageSize=page_size, Page=page_number)
            if page_token:
                params["PageToken"] = page_token
            return f"{base_url}{LIST_PATH}?{urlencode(params)}"

        has_next = bool(selected) and start + len(selected) < len(flows)
        has_previous = bool(selected) and start > 0
        return {
            "flex_flows": [render(flow, base_url) for flow in selected],
            "meta": {
                "page": page,
                "page_size": page_size,
                "first_page_url": page_url(0),
                "previous_page_url": page_url(max(page - 1, 0), encode_page_token("PB", selected[0])) if has_previous else None,
                "url": page_url(page, token),
                "next_page_url": page_url(page + 1, encode_page_token("PA", selected[-1])) if has_next else None,
                "key": "flex_flows",
            },
        }
