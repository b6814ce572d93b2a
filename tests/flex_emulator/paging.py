# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Twilio's list paging, shared by every resource: PageSize, Page, PageToken, and the envelope
``{"<key>": [...], "meta": {...}}`` whose page links are absolute URLs on the emulator."""

import base64
import binascii
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .errors import invalid_parameter

_DECIMAL = re.compile(r"^[0-9]+$")


def sort_key(item):
    """Twilio lists in creation order; the sid breaks ties between items created in the same second."""
    return (item["date_created"], item["sid"])


def encode_page_token(direction, item):
    """An opaque cursor: "PA" (the page after) or "PB" (the page before) an item's list position.

    A cursor rather than an offset keeps later pages right when items are added or removed
    while a client pages through, as Twilio's PageToken does.
    """
    position = f"{item['date_created']}|{item['sid']}".encode()
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


def bounded_integer(query, name, default, minimum, maximum=None):
    text = query.get(name)
    if text is None:
        return default
    value = int(text) if _DECIMAL.match(text) else None
    if value is None or value < minimum or (maximum is not None and value > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f"greater than or equal to {minimum}"
        raise invalid_parameter(name, f"must be an integer {bounds}")
    return value


def list_page(  # pylint: disable=too-many-arguments
    items,
    query,
    page_url_base,
    key,
    render,
    filters=None,
    default_page_size=50,
    max_page_size=1000,
    served_page_size=None,
):
    """One page of ``items`` (already filtered, in list order) in Twilio's envelope.

    ``served_page_size`` caps the page size actually served (its page links carry the served size), as an API may answer
    fewer items than asked for; a PageSize above ``max_page_size`` is still an error.

    ``page_url_base`` is the absolute list URL the page links start with; ``filters`` are the
    query parameters that selected ``items``, carried into every page link before the paging ones;
    ``render`` turns a stored item into its API shape.
    """
    page_size = bounded_integer(query, "PageSize", default_page_size, 1, max_page_size)
    if served_page_size is not None:
        page_size = min(page_size, served_page_size)
    # Page is "simply for client state"; without a PageToken it also works as an offset.
    page = bounded_integer(query, "Page", 0, 0)
    token = query.get("PageToken")
    if token:
        direction, position = decode_page_token(token)
        if direction == "PA":
            start = sum(1 for item in items if sort_key(item) <= position)
        else:
            start = max(0, sum(1 for item in items if sort_key(item) < position) - page_size)
    else:
        start = page * page_size
    end = start + page_size
    selected = items[start:end]

    def page_url(page_number, page_token=None):
        params = dict(filters or {})
        params.update(PageSize=page_size, Page=page_number)
        if page_token:
            params["PageToken"] = page_token
        return f"{page_url_base}?{urlencode(params)}"

    has_next = bool(selected) and start + len(selected) < len(items)
    has_previous = bool(selected) and start > 0
    return {
        key: [render(item) for item in selected],
        "meta": {
            "page": page,
            "page_size": page_size,
            "first_page_url": page_url(0),
            "previous_page_url": page_url(max(page - 1, 0), encode_page_token("PB", selected[0])) if has_previous else None,
            "url": page_url(page, token),
            "next_page_url": page_url(page + 1, encode_page_token("PA", selected[-1])) if has_next else None,
            "key": key,
        },
    }


def with_page_link(payload, kind, location=None):
    """A list answer with its page link changed by a page link fault (see faults.PAGE_LINK_KINDS); any other
    answer unchanged. "next_page_url" writes ``location`` as it is; "endless_pages" links a last page to the
    page after it (by Page offset, so every link differs and each page past the end is empty)."""
    meta = payload.get("meta") if isinstance(payload, dict) else None
    if not isinstance(meta, dict):
        return payload
    if kind == "next_page_url":
        meta["next_page_url"] = location
    elif kind == "endless_pages" and not meta.get("next_page_url"):
        parts = urlsplit(meta["url"])
        params = [(name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True) if name not in ("Page", "PageToken")]
        params.append(("Page", str(meta["page"] + 1)))
        meta["next_page_url"] = urlunsplit(parts._replace(query=urlencode(params)))
    return payload
