# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every emulated collection resource shares: its description (paths, list key, SID prefix, form parameters,
stored keys, nested object, identity, paging) and the pure functions built on it (parse a form, create, merge an
update, render the API shape, read out-of-band data).

A resource is a :class:`CollectionResource` subclass that fills in the description and overrides the few rules only
it has (:meth:`~CollectionResource.shape_nested`, :meth:`~CollectionResource.check_shape`, a conflict answer).
Stored items are plain dicts in the API shape without ``url``, which :meth:`~CollectionResource.render` adds.
"""

import copy
import re
import secrets
from dataclasses import dataclass
from urllib.parse import unquote

from .errors import invalid_parameter
from .fields import ACCOUNT_SID_PATTERN, check_timestamps, parse_fields, require_fields, timestamp


@dataclass
class Changes:
    """What one create/update form asks for: top-level and nested-object keys. A value of None means "clear"."""

    top: dict
    nested: dict


@dataclass(frozen=True)
class ListFilter:
    """A list query parameter that keeps the items whose ``key`` equals its value (in any case with ``any_case``)."""

    name: str
    key: str
    any_case: bool = False


class CollectionResource:
    """One collection resource (``list_path`` and ``list_path/{Sid}``) of a Twilio API.

    The class attributes are its description; the methods are the same for every resource unless it says otherwise.
    """

    name = ""  # the seed key, the admin collection (/_emulator/NAME)
    noun = "item"  # what errors call one item
    list_path = ""
    list_key = ""  # the envelope key of a list page
    sid_prefix = ""
    form_fields = ()  # fields.FormField rows
    create_required = ()  # form names a create must give
    create_only = ()  # form names an update refuses (absent from the spec's update schema)
    stored_keys = ()  # the keys of the API shape without url, in the order Twilio answers them
    nested_key = ""  # the nested object the nested form fields land in
    top_level_defaults = {}  # set on create and on out-of-band data when not given
    out_of_band_nested = {}  # the nested object of out-of-band data that gives none
    unique_key = None  # a key no two items share; the API also finds an item by it (percent-encoded in the path)
    list_filter = None  # a ListFilter, or None
    default_page_size = 50
    max_page_size = 1000
    # A resource nested under another (TaskRouter's /v1/Workspaces/{WorkspaceSid}/Activities): the parent's name, the
    # key of an item that holds its parent's sid, and "{parent}" in list_path where the parent's sid goes.
    parent = None
    parent_key = ""

    @property
    def sid_pattern(self):
        return re.compile(rf"^{self.sid_prefix}[0-9a-fA-F]{{32}}$")

    @property
    def nested_keys(self):
        return tuple(field.key for field in self.form_fields if field.nested)

    def new_sid(self):
        return self.sid_prefix + secrets.token_hex(16)

    # -- the rules a resource may have of its own ----------------------------------------------------

    def shape_nested(self, item, stored, changes, creating):
        """The nested object of ``item`` (its top-level keys already merged) from the stored one and the form's
        ``changes``; may raise TwilioApiError. By default: merged key by key, cleared keys dropped."""
        merged = dict(stored or {})
        merged.update(changes)
        return {key: value for key, value in merged.items() if value is not None}

    def check_shape(self, item):
        """ValueError unless an out-of-band item has the shape of the resource (beyond its sid, account, dates and
        the keys of its nested object, which is a mapping or null)."""

    def duplicate_error(self, item, other):
        """The API's answer to a create whose unique key another item already has."""
        raise NotImplementedError

    # -- forms ----------------------------------------------------------------------------------------

    def parse_create(self, form):
        """The Changes of a create form; unknown names are ignored as Twilio does. A repeated name counts with its
        last value."""
        return Changes(*parse_fields(form, self.form_fields, self.create_required))

    def parse_update(self, form):
        """The Changes of an update form; a create-only parameter is a 400 naming it."""
        for name in self.create_only:
            if name in form:
                raise invalid_parameter(name, "cannot be updated; it is set on create only")
        return Changes(*parse_fields(form, self.form_fields, self.create_required))

    def create(self, changes, account_sid, now=None):
        """A new stored item from a create form's changes (raises TwilioApiError on a rule violation)."""
        require_fields(self.form_fields, self.create_required, changes.top)
        stamp = timestamp(now)
        item = {"account_sid": account_sid, "sid": self.new_sid(), "date_created": stamp, "date_updated": stamp}
        item.update(self.top_level_defaults)
        item.update(changes.top)
        item[self.nested_key] = self.shape_nested(item, None, changes.nested, creating=True)
        return {key: item[key] for key in self.stored_keys}

    def update(self, stored, changes, now=None):
        """The stored item with an update form's changes applied: a partial update.

        Nested keys sent are merged into the stored nested object (inferred: the SDKs send only the keys set, so
        replacing the whole object would wipe the rest)."""
        item = copy.deepcopy(stored)
        item.update(changes.top)
        item[self.nested_key] = self.shape_nested(item, item.get(self.nested_key), changes.nested, creating=False)
        item["date_updated"] = timestamp(now)
        return item

    def render(self, item, base_url):
        """The API shape Twilio answers with: the stored keys plus the absolute ``url``."""
        shaped = {key: copy.deepcopy(item.get(key)) for key in self.stored_keys}
        shaped["url"] = f"{base_url}{self.item_path(item)}"
        return shaped

    def collection_path(self, parent_sid=None):
        """The list path, with the parent's sid in it for a nested resource."""
        return self.list_path.replace("{parent}", str(parent_sid)) if self.parent else self.list_path

    def item_path(self, item):
        return f"{self.collection_path(item.get(self.parent_key) if self.parent else None)}/{item['sid']}"

    # -- rules between resources (``world`` maps each resource's name to its store; called under the stores' lock) --

    def render_in(self, item, base_url, world):
        """The API shape, where it shows values of other resources (a referenced item's name); by default render()."""
        return self.render(item, base_url)

    def check_write(self, item, previous, world):
        """Raise TwilioApiError when a create (``previous`` None) or an update breaks a rule between resources."""

    def check_delete(self, item, world):
        """Raise TwilioApiError when the API refuses to delete ``item``."""

    def on_created(self, item, world):
        """What a create through the API does besides storing ``item`` (which it may still change)."""

    def on_deleted(self, item, world):
        """What deleting ``item`` does besides removing it (through the API or out of band)."""

    # -- paths and lists ------------------------------------------------------------------------------

    def instance_key(self, segment):
        """What the store looks an instance up by, from the path segment as received; None = no such instance."""
        if self.unique_key is not None:
            # The sid or the unique key. Clients percent-encode it (+15555550100 as %2B15555550100); unquote, not
            # unquote_plus: a literal "+" stays "+".
            return unquote(segment)
        # A malformed SID is answered like an unknown one.
        return segment if self.sid_pattern.match(segment) else None

    def list_filters(self, query):
        """(query parameters to keep in page links, predicate an item must satisfy to be listed)."""
        wanted = query.get(self.list_filter.name) if self.list_filter else None
        if wanted is None:
            return {}, lambda item: True
        key = self.list_filter.key
        if self.list_filter.any_case:
            return {self.list_filter.name: wanted}, lambda item: str(item[key]).lower() == wanted.lower()
        return {self.list_filter.name: wanted}, lambda item: item[key] == wanted

    # -- out of band ----------------------------------------------------------------------------------

    def normalize(self, data, account_sid, existing=None, bump=True, now=None):
        """A stored item from an API-shaped dict given out of band (seed data, admin endpoints).

        Out-of-band data may model states the API would refuse, so only the shape is checked: known keys, SID
        patterns, enums, value types; nested defaults are not filled in (what is given is stored).
        Raises ValueError on a malformed item.
        """
        if not isinstance(data, dict):
            raise ValueError(f"a {self.noun} must be a mapping of API fields")
        unknown = sorted(set(data) - set(self.stored_keys) - {"url"})
        if unknown:
            raise ValueError(f"unknown {self.noun} field(s): " + ", ".join(unknown))
        stamp = timestamp(now)
        item = {"account_sid": account_sid, "date_created": stamp, "date_updated": stamp}
        item.update(self.top_level_defaults)
        item[self.nested_key] = dict(self.out_of_band_nested)
        if existing is not None:
            item["date_created"] = existing["date_created"]
        item.update({key: copy.deepcopy(value) for key, value in data.items() if key != "url"})
        if bump:
            item["date_updated"] = stamp
        item["sid"] = item.get("sid") or self.new_sid()
        if not self.sid_pattern.match(str(item["sid"])):
            raise ValueError(f"sid must match {self.sid_pattern.pattern}")
        if not ACCOUNT_SID_PATTERN.match(str(item["account_sid"])):
            raise ValueError(f"account_sid must match {ACCOUNT_SID_PATTERN.pattern}")
        nested = item[self.nested_key]
        if nested is not None:
            if not isinstance(nested, dict):
                raise ValueError(f"{self.nested_key} must be a mapping or null")
            unknown = sorted(set(nested) - set(self.nested_keys))
            if unknown:
                raise ValueError(f"unknown {self.nested_key} field(s): " + ", ".join(unknown))
        self.check_shape(item)
        check_timestamps(item)
        return {key: item[key] for key in self.stored_keys}
