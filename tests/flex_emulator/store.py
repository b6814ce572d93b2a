# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator's state: each resource's stored items behind one lock, so concurrent clients lose no updates;
and the seed data that fills them."""

import copy
import json
import threading
from pathlib import Path

import yaml

from .paging import sort_key
from .resources import RESOURCES

SEED_KEYS = tuple(resource.name for resource in RESOURCES)
# A seed that is a list gives the first resource's items.
_SEED_SHAPE = f"a list of {RESOURCES[0].name} or a mapping with " + " and/or ".join(f"'{name}'" for name in SEED_KEYS) + " lists"


def load_seed(seed):
    """``{"flows": [...], "addresses": [...]}`` (API-shaped items, one list per resource) from a list of flows, a
    mapping with ``flows`` and/or ``addresses`` lists, or a YAML/JSON file path holding either. A list left out is empty."""
    if isinstance(seed, (str, Path)):
        path = Path(seed)
        text = path.read_text(encoding="utf-8")
        seed = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    if seed is None:
        seed = {}
    if isinstance(seed, list):
        seed = {SEED_KEYS[0]: seed}
    if not isinstance(seed, dict):
        raise ValueError("seed data must be " + _SEED_SHAPE)
    unknown = sorted(str(name) for name in set(seed) - set(SEED_KEYS))
    if unknown:
        raise ValueError("unknown seed key(s): " + ", ".join(unknown) + "; seed data must be " + _SEED_SHAPE)
    loaded = {}
    for name in SEED_KEYS:
        items = seed.get(name)
        if items is not None and not isinstance(items, list):
            raise ValueError(f"seed data must be {_SEED_SHAPE}; '{name}' is not a list")
        loaded[name] = list(items or [])
    return loaded


class ResourceStore:
    """The stored items of one resource (API shape without ``url``), keyed by sid; how items are made, which nested
    object out-of-band patches merge and which key, if any, is unique and may stand for the sid, its description says
    (collection.CollectionResource)."""

    def __init__(self, resource, account_sid, lock=None):
        self.resource = resource
        self.noun = resource.noun
        self.nested_key = resource.nested_key  # the nested object that out-of-band patches merge key by key
        self.unique_key = resource.unique_key  # a key no two items share; the API also finds an item by it
        self.account_sid = account_sid
        # Resources with rules between them share one (re-entrant) lock, so such a rule sees a consistent state.
        self._lock = lock or threading.Lock()
        self._items = {}
        # Every store of the emulator by resource name, for the rules between resources; set by the emulator.
        self.world = {}

    @property
    def lock(self):
        return self._lock

    def new_item(self, changes):
        return self.resource.create(changes, self.account_sid)

    def updated_item(self, stored, changes):
        return self.resource.update(stored, changes)

    def normalize(self, data, existing=None, bump=True):
        return self.resource.normalize(data, self.account_sid, existing=existing, bump=bump)

    # -- under the lock ----------------------------------------------------------------------------

    def _resolve(self, key, scope=None):
        """The sid of the item ``key`` names (its sid, or its unique key); None when there is none. ``scope``
        (key, value) keeps only items with that value (a nested item under the parent its path names)."""
        sid = key if key in self._items else None
        if sid is None and self.unique_key is not None:
            sid = next((sid for sid, item in self._items.items() if item[self.unique_key] == key), None)
        if sid is not None and scope is not None and self._items[sid].get(scope[0]) != scope[1]:
            return None
        return sid

    def _holder(self, item, items=None):
        """Another item that already has ``item``'s unique key, or None."""
        if self.unique_key is None:
            return None
        for other in (self._items if items is None else items).values():
            if other["sid"] != item["sid"] and other[self.unique_key] == item[self.unique_key]:
                return other
        return None

    def _store_out_of_band(self, item):
        other = self._holder(item)
        if other is not None:
            raise ValueError(f"{self.unique_key} {item[self.unique_key]!r} already belongs to {self.noun} {other['sid']}")
        self._items[item["sid"]] = item
        return copy.deepcopy(item)

    # -- the API's operations ----------------------------------------------------------------------

    def create(self, changes):
        item = self.new_item(changes)
        with self._lock:
            other = self._holder(item)
            if other is not None:
                raise self.resource.duplicate_error(item, other)
            self.resource.check_write(item, None, self.world)
            self.resource.on_created(item, self.world)
            self._items[item["sid"]] = item
            return copy.deepcopy(item)

    def fetch(self, key, scope=None):
        with self._lock:
            item = self._items.get(self._resolve(key, scope))
            return copy.deepcopy(item) if item else None

    def update(self, key, changes, scope=None):
        """The updated item, or None when there is none. Read, merge and write happen under the lock."""
        with self._lock:
            sid = self._resolve(key, scope)
            if sid is None:
                return None
            item = self.updated_item(self._items[sid], changes)
            self.resource.check_write(item, self._items[sid], self.world)
            self._items[sid] = item
            return copy.deepcopy(item)

    def delete(self, key, scope=None, checked=False):
        """Whether there was such an item; ``checked`` (the API) first applies the rules that refuse a delete."""
        with self._lock:
            sid = self._resolve(key, scope)
            if sid is None:
                return False
            if checked:
                self.resource.check_delete(self._items[sid], self.world)
            self.resource.on_deleted(self._items.pop(sid), self.world)
            return True

    def listing(self, scope=None):
        """Every item (with ``scope`` (key, value): those with that value), in list order."""
        with self._lock:
            items = [copy.deepcopy(item) for item in self._items.values() if scope is None or item.get(scope[0]) == scope[1]]
        return sorted(items, key=sort_key)

    # -- for the rules between resources (under the shared lock) ------------------------------------

    def items_where(self, **values):
        """The stored items (not copies) whose keys have these values, in list order."""
        with self._lock:
            found = [item for item in self._items.values() if all(item.get(key) == value for key, value in values.items())]
        return sorted(found, key=sort_key)

    def add_items(self, items):
        """Store items the API itself makes beside another create (a new workspace's defaults)."""
        with self._lock:
            for item in items:
                self._items[item["sid"]] = item

    def remove_where(self, **values):
        """Remove the items whose keys have these values (a deleted workspace's contents)."""
        with self._lock:
            for item in self.items_where(**values):
                self.resource.on_deleted(self._items.pop(item["sid"]), self.world)

    # -- out of band -------------------------------------------------------------------------------

    def put(self, data):
        """Add or replace an item out of band; returns (item, created)."""
        with self._lock:
            existing = self._items.get(data.get("sid")) if isinstance(data, dict) else None
            item = self.normalize(data, existing=existing)
            return self._store_out_of_band(item), existing is None

    def patch(self, key, changes):
        """Change some fields out of band (the nested object merged; a null nested value removes the key).
        ``key`` is the sid (or the unique key); None when there is no such item."""
        if not isinstance(changes, dict):
            raise ValueError(f"a {self.noun} change must be a mapping of API fields")
        with self._lock:
            sid = self._resolve(key)
            if sid is None:
                return None
            existing = self._items[sid]
            merged = copy.deepcopy(existing)
            for name, value in changes.items():
                if name == self.nested_key and isinstance(value, dict):
                    nested = dict(merged.get(name) or {})
                    nested.update(value)
                    merged[name] = {nested_key: item for nested_key, item in nested.items() if item is not None}
                else:
                    merged[name] = value
            merged["sid"] = sid
            return self._store_out_of_band(self.normalize(merged, existing=existing))

    def prepare(self, items):
        """The stored form of API-shaped seed items (their dates kept when given); raises ValueError and changes nothing."""
        seeded = {}
        for data in items:
            item = self.normalize(data, bump=False)
            other = self._holder(item, seeded)
            if other is not None:
                raise ValueError(f"{self.unique_key} {item[self.unique_key]!r} is given to more than one {self.noun}")
            seeded[item["sid"]] = item
        return seeded

    def replace(self, prepared):
        """Replace every item with what :meth:`prepare` made."""
        with self._lock:
            self._items = prepared

    def reset(self, items):
        """Replace every item with the given API-shaped ones; their dates are kept when given."""
        self.replace(self.prepare(items))
