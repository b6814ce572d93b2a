# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Injected faults: rules that answer matching API requests with an error, a delay or a broken connection, or that
change the page links of a list answer."""

import itertools
import json
import random
import re
import threading
from dataclasses import dataclass, field

from .errors import error_body

FAULT_KINDS = ("status", "delay", "drop", "drop_mid_response", "malformed_json", "html", "empty", "redirect", "next_page_url", "endless_pages", "body")
# Kinds that answer instead of the API (the request changes nothing).
ANSWERING_KINDS = ("status", "malformed_json", "html", "empty", "redirect", "body")
# The status a kind answers with when none is given: a status fault models Twilio's
# concurrency limit, a bad body is most telling on an otherwise successful answer, and an
# HTML page is what a proxy in front of the API sends.
DEFAULT_STATUS = {"status": 429, "malformed_json": 200, "html": 502, "empty": 200, "redirect": 302, "body": 200}
# Kinds that let the API answer, then change the page links of a list answer: "next_page_url" writes `location`
# verbatim as meta.next_page_url (whatever it holds: another host, a backslash, a newline ...), "endless_pages" adds
# a link to the following page where the list has ended, so that a client that follows links never reaches the end.
PAGE_LINK_KINDS = ("next_page_url", "endless_pages")

_ids = itertools.count(1)


@dataclass
class Fault:  # pylint: disable=too-many-instance-attributes
    kind: str = "status"
    status: int = None
    count: int = 1  # requests still to answer; None = unlimited
    method: str = None  # only this HTTP method
    path: str = None  # only paths matching this regular expression (re.search)
    code: int = None  # Twilio error code of a status fault
    retry_after: float = None  # seconds, sent as Retry-After
    delay: float = None  # seconds to wait first (any kind; the whole point of "delay")
    probability: float = None  # answer this share of matching requests, drawn at random
    seed: int = None  # makes the random draws reproducible
    message: str = None  # error message of a status fault
    location: str = None  # where a redirect fault points (its Location header), or the next_page_url of a next_page_url fault
    # The JSON answer of a body fault, sent verbatim: shapes the API never answers itself (values as strings, an item without a sid ...)
    body: object = None
    fault_id: int = field(default_factory=lambda: next(_ids), init=False)
    _pattern: re.Pattern = field(default=None, init=False, repr=False)
    _random: random.Random = field(default=None, init=False, repr=False)

    def __post_init__(self):
        if self.kind not in FAULT_KINDS:
            raise ValueError("kind must be one of " + ", ".join(FAULT_KINDS))
        if self.status is None:
            self.status = DEFAULT_STATUS.get(self.kind)
        elif not isinstance(self.status, int) or isinstance(self.status, bool) or not 100 <= self.status <= 599:
            raise ValueError("status must be an HTTP status code")
        if self.count is not None and (not isinstance(self.count, int) or isinstance(self.count, bool) or self.count < 1):
            raise ValueError("count must be a positive integer or null (unlimited)")
        if self.probability is not None and not (isinstance(self.probability, (int, float)) and 0 <= self.probability <= 1):
            raise ValueError("probability must be a number from 0 to 1")
        for name in ("delay", "retry_after"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0):
                raise ValueError(f"{name} must be a non-negative number of seconds")
        if self.kind == "delay" and self.delay is None:
            raise ValueError("a delay fault needs delay (seconds)")
        if self.kind == "redirect" and not (self.location and 300 <= self.status <= 399):
            raise ValueError("a redirect fault needs location and a 3xx status")
        if self.kind == "next_page_url" and not isinstance(self.location, str):
            raise ValueError("a next_page_url fault needs location, the page link to answer (a string, kept verbatim)")
        if self.kind == "body":
            if self.body is None:
                raise ValueError("a body fault needs body, the JSON value to answer")
            try:
                json.dumps(self.body)
            except (TypeError, ValueError) as error:
                raise ValueError(f"body must be a JSON value: {error}") from error
        if self.method is not None:
            self.method = str(self.method).upper()
        if self.path is not None:
            try:
                self._pattern = re.compile(self.path)
            except re.error as error:
                raise ValueError(f"path is not a regular expression: {error}") from error
        self._random = random.Random(self.seed)

    @classmethod
    def from_mapping(cls, data):
        """A fault from a JSON object with the same fields as FlexEmulator.inject_fault()."""
        if not isinstance(data, dict):
            raise ValueError("a fault must be a JSON object")
        allowed = {"kind", "status", "count", "method", "path", "code", "retry_after", "delay", "probability", "seed", "message", "location", "body"}
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise ValueError("unknown fault field(s): " + ", ".join(unknown))
        return cls(**data)

    def matches(self, method, path):
        if self.method is not None and self.method != method:
            return False
        return self._pattern is None or self._pattern.search(path) is not None

    def fires(self):
        """Whether this matching request is answered: always, or by a (seeded) random draw."""
        return self.probability is None or self._random.random() < self.probability

    def as_dict(self):
        return {
            "id": self.fault_id,
            "kind": self.kind,
            "status": self.status,
            "count": self.count,
            "method": self.method,
            "path": self.path,
            "code": self.code,
            "retry_after": self.retry_after,
            "delay": self.delay,
            "probability": self.probability,
            "seed": self.seed,
            "message": self.message,
            "location": self.location,
            "body": self.body,
        }


class FaultBook:
    """The active faults, checked in the order they were added; the first that fires answers."""

    def __init__(self):
        self._lock = threading.Lock()
        self._faults = []

    def add(self, fault):
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self):
        with self._lock:
            self._faults.clear()

    def active(self):
        with self._lock:
            return [fault.as_dict() for fault in self._faults]

    def take(self, method, path):
        """The fault that answers this request, if any; its count goes down by one."""
        with self._lock:
            for fault in self._faults:
                if not fault.matches(method, path) or not fault.fires():
                    continue
                if fault.count is not None:
                    fault.count -= 1
                    if fault.count == 0:
                        self._faults.remove(fault)
                return fault
        return None


def fault_answer(fault):
    """(status, headers, body) for a fault that answers instead of the API."""
    status = fault.status
    if fault.kind == "status":
        headers = {"Content-Type": "application/json"}
        if fault.retry_after is not None:
            seconds = fault.retry_after
            headers["Retry-After"] = str(int(seconds)) if float(seconds).is_integer() else str(seconds)
        body = json.dumps(error_body(status, fault.code, fault.message)).encode()
        return status, headers, body
    if fault.kind == "malformed_json":
        # The start of a real answer, cut off: valid UTF-8, invalid JSON.
        return status, {"Content-Type": "application/json"}, b'{"account_sid": "AC", "friendly_name": "trunc'
    if fault.kind == "body":
        return status, {"Content-Type": "application/json"}, json.dumps(fault.body).encode()
    if fault.kind == "redirect":
        return status, {"Location": fault.location}, b""
    if fault.kind == "html":
        page = f"<html><head><title>{status} Error</title></head><body><h1>{status} Error</h1></body></html>\n"
        return status, {"Content-Type": "text/html; charset=utf-8"}, page.encode()
    return status, {"Content-Type": "application/json"}, b""
