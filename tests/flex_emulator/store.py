# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator's state: stored flows behind one lock, so concurrent clients lose no updates."""

import copy
import json
import threading
from pathlib import Path

import yaml

from .resource import create_flow, normalize_api_flow, update_flow


def sort_key(flow):
    """Twilio lists in creation order; the sid breaks ties between flows created in the same second."""
    return (flow["date_created"], flow["sid"])


def load_seed(seed):
    """A list of API-shaped flows from a list, a ``{"flows": [...]}`` mapping, or a YAML/JSON file path."""
    if seed is None:
        return []
    if isinstance(seed, (str, Path)):
        path = Path(seed)
        text = path.read_text(encoding="utf-8")
        seed = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    if isinstance(seed, dict):
        seed = seed.get("flows")
    if seed is None:
        return []
    if not isinstance(seed, list):
        raise ValueError("seed data must be a list of flows or a mapping with a 'flows' list")
    return seed


class FlowStore:
    def __init__(self, account_sid):
        self.account_sid = account_sid
        self._lock = threading.Lock()
        self._flows = {}

    def create(self, changes):
        flow = create_flow(changes, self.account_sid)
        with self._lock:
            self._flows[flow["sid"]] = flow
            return copy.deepcopy(flow)

    def fetch(self, sid):
        with self._lock:
            flow = self._flows.get(sid)
            return copy.deepcopy(flow) if flow else None

    def update(self, sid, changes):
        """The updated flow, or None when there is no such flow. Read, merge and write happen under the lock."""
        with self._lock:
            stored = self._flows.get(sid)
            if stored is None:
                return None
            flow = update_flow(stored, changes)
            self._flows[sid] = flow
            return copy.deepcopy(flow)

    def delete(self, sid):
        with self._lock:
            return self._flows.pop(sid, None) is not None

    def listing(self, friendly_name=None):
        """All flows (optionally only those with exactly this friendly name), in list order."""
        with self._lock:
            flows = [copy.deepcopy(flow) for flow in self._flows.values() if friendly_name is None or flow["friendly_name"] == friendly_name]
        return sorted(flows, key=sort_key)

    def put(self, data):
        """Add or replace a flow out of band; returns (flow, created)."""
        with self._lock:
            existing = self._flows.get(data.get("sid")) if isinstance(data, dict) else None
            flow = normalize_api_flow(data, self.account_sid, existing=existing)
            self._flows[flow["sid"]] = flow
            return copy.deepcopy(flow), existing is None

    def patch(self, sid, changes):
        """Change some fields out of band (``integration`` merged; a null integration value removes the key)."""
        if not isinstance(changes, dict):
            raise ValueError("a flow change must be a mapping of API fields")
        with self._lock:
            existing = self._flows.get(sid)
            if existing is None:
                return None
            merged = copy.deepcopy(existing)
            for key, value in changes.items():
                if key == "integration" and isinstance(value, dict):
                    integration = dict(merged.get("integration") or {})
                    integration.update(value)
                    merged["integration"] = {name: item for name, item in integration.items() if item is not None}
                else:
                    merged[key] = value
            merged["sid"] = sid
            flow = normalize_api_flow(merged, self.account_sid, existing=existing)
            self._flows[sid] = flow
            return copy.deepcopy(flow)

    def reset(self, flows):
        """Replace every flow with the given API-shaped ones; their dates are kept when given."""
        seeded = {}
        for data in flows:
            flow = normalize_api_flow(data, self.account_sid, bump=False)
            seeded[flow["sid"]] = flow
        with self._lock:
            self._flows = seeded
