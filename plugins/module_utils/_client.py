# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""HTTP client for Twilio's APIs.

This module utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.

It authenticates, sends every request through one requests.Session to one host and no
other, retries in one loop under a policy chosen per call, turns Twilio's error bodies into
TwilioApiError, and follows list pages. It knows no resource; _connection.py turns the
connection options into a client.
"""

from __future__ import annotations

import email.utils
import random
import time
from urllib.parse import urljoin, urlsplit

REQUESTS_IMPORT_ERROR = None
try:
    import requests
    from urllib3.exceptions import NewConnectionError
except ImportError as import_error:  # pragma: no cover - reported by the module with missing_required_lib
    REQUESTS_IMPORT_ERROR = import_error

# The User-Agent's version; a unit test keeps it equal to galaxy.yml's.
COLLECTION_VERSION = "1.0.0"
DEFAULT_PORTS = {"http": 80, "https": 443}

# Backoff between attempts: equal jitter over 0.5 s, 1 s, 2 s, ... capped at 10 s.
BACKOFF_BASE_SECONDS = 0.5
BACKOFF_CAP_SECONDS = 10.0


class TwilioApiError(Exception):
    """A request failed: an HTTP error from Twilio, or no usable answer at all."""

    def __init__(self, message, method=None, path=None, status=None, code=None, twilio_message=None, more_info=None):
        super().__init__(message)
        self.message = message
        self.method = method
        self.path = path
        self.status = status
        self.code = code
        self.twilio_message = twilio_message
        self.more_info = more_info

    def result_fields(self):
        """The values that fail_json returns as keys beside msg."""
        return dict(status=self.status, code=self.code, more_info=self.more_info)

    def extended(self, detail):
        """A new error of the same kind and details whose message ends with `detail` (raise it `from` this one)."""
        return type(self)(
            self.message + detail,
            method=self.method,
            path=self.path,
            status=self.status,
            code=self.code,
            twilio_message=self.twilio_message,
            more_info=self.more_info,
        )


class AmbiguousWriteError(TwilioApiError):
    """A write whose outcome is unknown: sent, but no usable answer came back."""


def backoff_seconds(attempt, rng=random):
    """Seconds to wait before retry number `attempt` (1-based): exponential with equal jitter."""
    ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * (2 ** (attempt - 1)))
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


def retry_after_seconds(value, now=None):
    """Seconds that a Retry-After header asks for (whole seconds or an HTTP date), or None when it can't be read."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment is None or moment.tzinfo is None:
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))


def origin(url):
    """(scheme, host, port) of a URL, with the scheme's default port filled in."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    return parts.scheme.lower(), (parts.hostname or "").lower(), port or DEFAULT_PORTS.get(parts.scheme.lower())


class RetryPolicy:
    """The HTTP statuses after which a kind of request may be sent again, and whether it may be sent again
    after it went unanswered (a timeout, a dropped connection, a broken body). A connection that could not
    be opened sent nothing, so it is retried under every policy."""

    def __init__(self, name, statuses, resend_unanswered):
        self.name = name
        self.statuses = frozenset(statuses)
        self.resend_unanswered = resend_unanswered


# Twilio says a 429 was never processed; 503 means the service did not take the request.
READ = RetryPolicy("read", (429, 500, 502, 503, 504), resend_unanswered=True)
WRITE = RetryPolicy("write", (429, 503), resend_unanswered=False)
# A create answered by a 5xx or a timeout may still have happened: only a 429 is replayed.
CREATE = RetryPolicy("create", (429,), resend_unanswered=False)


class _Failure(Exception):
    """One attempt that failed. `stage`: "unsent" (no connection was made), "unanswered" (sent, no
    answer), "unreadable" (a 2xx whose body is not JSON) or "answered" (an HTTP error status)."""

    def __init__(self, stage, reason, message, status=None, body=None, retry_after=None):
        super().__init__(message)
        self.stage, self.reason, self.message = stage, reason, message
        self.status, self.body, self.retry_after = status, body or {}, retry_after

    def retryable(self, policy):
        if self.stage == "answered":
            return self.status in policy.statuses
        return self.stage == "unsent" or (self.stage == "unanswered" and policy.resend_unanswered)

    def error(self, method, path, retries):
        """The error to raise: an AmbiguousWriteError when a write may have taken effect all the same."""
        outcome_unknown = self.stage in ("unanswered", "unreadable") or (self.stage == "answered" and self.status >= 500)
        error_class = AmbiguousWriteError if method != "GET" and outcome_unknown else TwilioApiError
        message = self.message + (" (on each of %d tries)" % (retries + 1) if retries else "")
        details = dict(code=self.body.get("code"), twilio_message=self.body.get("message"), more_info=self.body.get("more_info"))
        return error_class(message, method=method, path=path, status=self.status, **details)


class TwilioClient:
    """One session to one Twilio host; knows nothing of the resources behind the paths.

    Credentials go to that host only: URLs from answers (page links) on another scheme, host
    or port are refused unsent, and redirects are never followed.
    """

    def __init__(
        self, base_url, username, password, http_timeout=30.0, validate_certs=True, ca_path=None, retries=5, retry_max_time=60.0, warn=None, sleep=time.sleep
    ):
        self.base_url = base_url.rstrip("/")
        self.origin = origin(self.base_url)
        self.host = self.origin[1]
        self.username = username
        self.http_timeout = http_timeout
        self.retries = retries
        self.retry_max_time = retry_max_time
        self.warn = warn or (lambda message: None)
        self.sleep = sleep
        # Given per request: a session-level False would lose to REQUESTS_CA_BUNDLE in the environment.
        self.verify = ca_path if (validate_certs and ca_path) else bool(validate_certs)
        self.session = requests.Session()
        self.session.auth = (username, password)
        self.session.headers.update({"Accept": "application/json", "User-Agent": "ansible-twilio.flex/%s" % COLLECTION_VERSION})

    def url_for(self, method, path_or_url):
        """The absolute URL of a path or URL, refused (TwilioApiError, nothing sent) when it leaves the API host."""
        url = urljoin(self.base_url + "/", path_or_url)
        if origin(url) != self.origin:
            raise TwilioApiError(
                "Refused to send %s %s to %s: the credentials go to the API host %s only, and this URL (from an answer "
                "of the API or of a proxy in front of it) points elsewhere" % (method, url, urlsplit(url).netloc, self.base_url),
                method=method,
                path=urlsplit(url).path,
            )
        return url

    def request(self, method, path_or_url, data=None, params=None, policy=READ):
        """Send one request, retried as the policy allows, and return the decoded JSON body, or None for 204."""
        url = self.url_for(method, path_or_url)
        path = urlsplit(url).path
        deadline = time.monotonic() + self.retry_max_time
        retry = 0
        while True:
            try:
                return self._attempt(method, url, path, data, params)
            except _Failure as failure:
                wait = self._wait_before_retry(failure, policy, retry + 1, deadline)
                if wait is None:
                    raise failure.error(method, path, retry) from failure.__cause__
                retry += 1
                self.warn("Retrying %s %s after %s (retry %d of %d, waiting %.1f s)" % (method, path, failure.reason, retry, self.retries, wait))
                self.sleep(wait)

    def _wait_before_retry(self, failure, policy, retry, deadline):
        """Seconds to wait before retry number `retry`, or None when the policy or the budget rules it out."""
        if retry > self.retries or not failure.retryable(policy):
            return None
        wait = failure.retry_after
        if wait is None:
            wait = backoff_seconds(retry)
        if time.monotonic() + wait > deadline:
            return None
        return wait

    def _attempt(self, method, url, path, data, params):
        """Send once; the decoded body, or _Failure describing what went wrong."""
        try:
            response = self.session.request(method, url, data=data, params=params, timeout=self.http_timeout, verify=self.verify, allow_redirects=False)
        except requests.exceptions.SSLError as error:
            message = "TLS certificate verification failed for %s (%s %s): %s. Give the CA bundle in ca_path, or set validate_certs to false"
            message = message % (self.host, method, path, _first_line(error)) + " only for a host you trust"
            raise TwilioApiError(message, method=method, path=path) from error
        except requests.exceptions.RequestException as error:
            raise self._failure_of(error, method, path) from error
        return self._decode(method, path, response)

    def _failure_of(self, error, method, path):
        """The _Failure for an exception of requests: whether the request reached the server, in words for the warning and the error."""
        where, detail = "%s (%s %s)" % (self.host, method, path), _first_line(error)
        if isinstance(error, requests.exceptions.ConnectTimeout):
            return _Failure("unsent", "a connection timeout", "Timed out connecting to %s after %s s" % (where, self.http_timeout))
        if isinstance(error, requests.exceptions.ConnectionError) and isinstance(_urllib3_reason(error), NewConnectionError):
            return _Failure("unsent", "a failed connection", "Could not connect to %s: %s" % (where, detail))
        if isinstance(error, requests.exceptions.ReadTimeout):
            message = "Timed out after %s s waiting for %s to answer %s %s" % (self.http_timeout, self.host, method, path)
            return _Failure("unanswered", "no answer within %s s (ReadTimeoutError)" % self.http_timeout, message)
        if isinstance(error, (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError)):
            message = "The connection to %s broke while reading the answer to %s %s: %s" % (self.host, method, path, detail)
            return _Failure("unanswered", "a broken answer", message)
        if isinstance(error, requests.exceptions.ConnectionError):
            message = "The connection to %s broke before %s %s was answered: %s" % (self.host, method, path, detail)
            return _Failure("unanswered", "a dropped connection", message)
        return _Failure("invalid", None, "Request %s %s to %s failed: %s" % (method, path, self.host, detail))

    def _decode(self, method, path, response):
        status = response.status_code
        if status == 204:
            return None
        body = _json_or_none(response)
        if 200 <= status < 300:
            if not isinstance(body, dict):
                # A write that succeeded but whose answer can't be read still happened.
                message = "%s %s to %s answered HTTP %s with a body that is not a JSON object (%s)"
                raise _Failure("unreadable", None, message % (method, path, self.host, status, _describe_body(response)), status=status)
            return body
        body = body if isinstance(body, dict) else {}
        retry_after = retry_after_seconds(response.headers.get("Retry-After"))
        raise _Failure("answered", "HTTP %s" % status, self._error_message(method, path, response, body), status, body, retry_after)

    def _error_message(self, method, path, response, body):
        status = response.status_code
        if 300 <= status < 400:
            return (
                "%s %s was answered with HTTP %s, a redirect to %s. Redirects are not followed, so that the credentials go to the "
                "API host %s only: set base_url to the host that serves the API"
                % (method, path, status, response.headers.get("Location") or "nowhere", urlsplit(self.base_url).netloc)
            )
        code = body.get("code")
        twilio_message = body.get("message")
        more_info = body.get("more_info")
        if code is None and twilio_message is None:
            detail = "no Twilio error body (%s)" % _describe_body(response)
        else:
            detail = "Twilio error %s: %s" % (code, twilio_message)
        if more_info:
            detail += " (see %s)" % more_info
        message = "%s %s failed with HTTP %s: %s" % (method, path, status, detail)
        if status == 401:
            kind = "API key" if self.username.startswith("SK") else "account SID"
            message += ". Twilio rejected the credentials of %s %s" % (kind, self.username)
        return message

    def list_all(self, path, key, params=None):
        """Every item of a list endpoint, following meta.next_page_url (on the API host only) to the last page."""
        items = []
        body = self.request("GET", path, params=params)
        while True:
            page = body.get(key)
            if not isinstance(page, list):
                raise TwilioApiError("GET %s: the list answer has no %r list" % (path, key), method="GET", path=path)
            items.extend(page)
            next_page_url = (body.get("meta") or {}).get("next_page_url")
            if not next_page_url:
                return items
            body = self.request("GET", next_page_url)


def _urllib3_reason(error):
    """The urllib3 error behind a requests ConnectionError (wrapped in MaxRetryError or not)."""
    cause = error.args[0] if error.args else None
    return getattr(cause, "reason", cause)


def _json_or_none(response):
    try:
        return response.json()
    except ValueError:
        return None


def _describe_body(response):
    content_type = response.headers.get("Content-Type", "no content type")
    if not response.content:
        return "empty body, %s" % content_type
    snippet = response.text[:120].replace("\n", " ").strip()
    return "%s: %r" % (content_type, snippet)


def _first_line(error):
    return str(error).splitlines()[0] if str(error) else type(error).__name__
