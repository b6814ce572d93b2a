# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""HTTP client for Twilio's Flex API.

This module utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.

It builds the host from region, edge or base_url, authenticates, sends every request
through one requests.Session whose urllib3 Retry policy is chosen per call, turns Twilio's
error bodies into TwilioApiError, and follows list pages. It knows no resource.
"""

from __future__ import annotations

import random
import re
import time

try:
    from urllib.parse import urlsplit
except ImportError:  # pragma: no cover
    from urlparse import urlsplit  # type: ignore

REQUESTS_IMPORT_ERROR = None
try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.exceptions import InvalidHeader, MaxRetryError
    from urllib3.util.retry import Retry
except ImportError as import_error:  # pragma: no cover - reported by the module with missing_required_lib
    REQUESTS_IMPORT_ERROR = import_error
    HTTPAdapter = object
    Retry = object

from ansible.module_utils.basic import env_fallback

COLLECTION_VERSION = "1.0.0"
DEFAULT_HOST = "flex-api.twilio.com"
ACCOUNT_SID_PATTERN = re.compile(r"^AC[0-9a-fA-F]{32}$")
API_KEY_SID_PATTERN = re.compile(r"^SK[0-9a-fA-F]{32}$")
# Region and edge names are DNS labels (e.g. "au1", "sydney", "sao-paulo").
HOST_LABEL_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")

# Backoff between attempts: equal jitter over 0.5 s, 1 s, 2 s, ... capped at 10 s.
BACKOFF_BASE_SECONDS = 0.5
BACKOFF_CAP_SECONDS = 10.0

CONNECTION_ARGUMENT_SPEC = dict(
    account_sid=dict(type="str", fallback=(env_fallback, ["TWILIO_ACCOUNT_SID"])),
    auth_token=dict(type="str", no_log=True, fallback=(env_fallback, ["TWILIO_AUTH_TOKEN"])),
    api_key=dict(type="str", no_log=False, fallback=(env_fallback, ["TWILIO_API_KEY"])),
    api_secret=dict(type="str", no_log=True, fallback=(env_fallback, ["TWILIO_API_SECRET"])),
    region=dict(type="str", fallback=(env_fallback, ["TWILIO_REGION"])),
    edge=dict(type="str", fallback=(env_fallback, ["TWILIO_EDGE"])),
    base_url=dict(type="str", fallback=(env_fallback, ["TWILIO_FLEX_BASE_URL"])),
    validate_certs=dict(type="bool", default=True),
    ca_path=dict(type="path"),
    http_timeout=dict(type="float", default=30.0),
    retries=dict(type="int", default=5),
    retry_max_time=dict(type="float", default=60.0),
)


class ConnectionSettingsError(ValueError):
    """The connection options are invalid; the message names the option."""


class _BrokenBody(Exception):
    """The answer's headers came, then the connection broke off inside the body."""


class TwilioApiError(Exception):
    """A request failed: an HTTP error from Twilio, or no usable answer at all."""

    def __init__(self, message, method=None, path=None, status=None, code=None, twilio_message=None, more_info=None):
        super(TwilioApiError, self).__init__(message)
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


class AmbiguousWriteError(TwilioApiError):
    """A write whose outcome is unknown: sent, but no usable answer came back."""


def build_base_url(region=None, edge=None, base_url=None):
    """Return the scheme and host to send requests to, from the connection options."""
    if base_url:
        if region or edge:
            raise ConnectionSettingsError(
                "base_url cannot be combined with region or edge (check TWILIO_FLEX_BASE_URL, TWILIO_REGION and TWILIO_EDGE): "
                "base_url already names the host")
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConnectionSettingsError("base_url must be an http:// or https:// URL with a host, got %r" % base_url)
        if parts.path not in ("", "/") or parts.query or parts.fragment:
            raise ConnectionSettingsError(
                "base_url must hold the scheme and host only (such as https://flex-api.twilio.com), without a path, query or fragment; got %r"
                % base_url)
        return "%s://%s" % (parts.scheme, parts.netloc)
    for option, value in (("region", region), ("edge", edge)):
        if value is not None and not HOST_LABEL_PATTERN.match(value):
            raise ConnectionSettingsError("%s must be a lowercase host label such as au1 or sydney, got %r" % (option, value))
    if region and region != "us1" and not edge:
        raise ConnectionSettingsError(
            "region %s needs an edge as well (for example edge=sydney with region=au1): Twilio has retired hosts that name a region "
            "without an edge" % region)
    if edge and not region:
        # Twilio's SDKs default the region to us1 when only an edge is given.
        region = "us1"
    if region and edge:
        return "https://flex-api.%s.%s.twilio.com" % (edge, region)
    if region:
        return "https://flex-api.%s.twilio.com" % region
    return "https://%s" % DEFAULT_HOST


def select_credentials(account_sid=None, auth_token=None, api_key=None, api_secret=None):
    """Return (username, password) for HTTP Basic auth from the connection options."""
    if account_sid is not None and not ACCOUNT_SID_PATTERN.match(account_sid):
        raise ConnectionSettingsError("account_sid must be AC followed by 32 hexadecimal digits, got %r" % account_sid)
    if api_key is not None and not API_KEY_SID_PATTERN.match(api_key):
        raise ConnectionSettingsError("api_key must be an API key SID: SK followed by 32 hexadecimal digits, got %r" % api_key)
    uses_api_key = bool(api_key or api_secret)
    if auth_token and uses_api_key:
        raise ConnectionSettingsError(
            "auth_token and api_key/api_secret are mutually exclusive: give one kind of credential "
            "(check TWILIO_AUTH_TOKEN, TWILIO_API_KEY and TWILIO_API_SECRET in the environment)")
    if uses_api_key:
        if not api_key:
            raise ConnectionSettingsError("api_secret needs api_key (or TWILIO_API_KEY): the SID of the API key the secret belongs to")
        if not api_secret:
            raise ConnectionSettingsError("api_key needs api_secret (or TWILIO_API_SECRET)")
        return api_key, api_secret
    if auth_token:
        if not account_sid:
            raise ConnectionSettingsError("auth_token needs account_sid (or TWILIO_ACCOUNT_SID)")
        return account_sid, auth_token
    raise ConnectionSettingsError(
        "No Twilio credentials: set account_sid and auth_token, or api_key and api_secret "
        "(or the environment variables TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or TWILIO_API_KEY and TWILIO_API_SECRET)")


def validate_connection_numbers(http_timeout, retries, retry_max_time):
    if http_timeout <= 0:
        raise ConnectionSettingsError("http_timeout must be a number of seconds greater than 0, got %s" % http_timeout)
    if retries < 0:
        raise ConnectionSettingsError("retries must be 0 or more, got %s" % retries)
    if retry_max_time < 0:
        raise ConnectionSettingsError("retry_max_time must be 0 or more seconds, got %s" % retry_max_time)


def backoff_seconds(attempt, rng=random):
    """Seconds to wait before retry number `attempt` (1-based): exponential with equal jitter."""
    ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * (2 ** (attempt - 1)))
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


class RetryPolicy(object):
    """Which failures a kind of request may be retried on.

    `read_errors`: whether a timeout or a dropped connection after the request was sent may be
    retried; connection errors before sending are always safe and always retried.
    """

    def __init__(self, name, statuses, read_errors):
        self.name = name
        self.statuses = frozenset(statuses)
        self.read_errors = read_errors


# Twilio says a 429 was never processed; 503 means the service did not take the request.
READ = RetryPolicy("read", (429, 500, 502, 503, 504), read_errors=True)
WRITE = RetryPolicy("write", (429, 503), read_errors=False)
# A create answered by a 5xx or a timeout may still have happened: only a 429 is replayed.
CREATE = RetryPolicy("create", (429,), read_errors=False)


class _BoundedRetry(Retry):
    """urllib3 Retry bounded in attempts and in total time, reporting each retry."""

    def __init__(self, *args, **kwargs):
        self.deadline = kwargs.pop("deadline", None)
        self.on_retry = kwargs.pop("on_retry", None)
        self.planned_wait = None
        super(_BoundedRetry, self).__init__(*args, **kwargs)

    def new(self, **kw):
        kw.setdefault("deadline", self.deadline)
        kw.setdefault("on_retry", self.on_retry)
        return super(_BoundedRetry, self).new(**kw)

    def is_retry(self, method, status_code, has_retry_after=False):
        # The policy was chosen for this very request, so the method needs no second check.
        return bool(self.total) and status_code in self.status_forcelist

    def get_backoff_time(self):
        return backoff_seconds(max(1, len(self.history)))

    def sleep(self, response=None):
        # Sleep exactly the wait that increment() checked against the deadline and reported.
        if self.planned_wait is None:
            super(_BoundedRetry, self).sleep(response)
        elif self.planned_wait > 0:
            time.sleep(self.planned_wait)

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        retry = super(_BoundedRetry, self).increment(method, url, response, error, _pool, _stacktrace)
        wait = None
        if response is not None and self.respect_retry_after_header:
            try:
                wait = retry.get_retry_after(response)
            except (InvalidHeader, ValueError):
                # A Retry-After urllib3 cannot parse (such as "0.5") falls back to the backoff, as if absent.
                wait = None
        if wait is None:
            wait = retry.get_backoff_time()
        retry.planned_wait = wait
        reason = "HTTP %s" % response.status if response is not None and not error else type(error).__name__
        if self.deadline is not None and time.monotonic() + wait > self.deadline:
            raise MaxRetryError(_pool, url, error or reason)
        if self.on_retry:
            self.on_retry(method, reason, len(retry.history), wait)
        return retry


class TwilioClient(object):
    """One session to one Twilio host; knows nothing of the resources behind the paths."""

    def __init__(self, base_url, username, password, http_timeout=30.0, validate_certs=True, ca_path=None,
                 retries=5, retry_max_time=60.0, warn=None):
        self.base_url = base_url.rstrip("/")
        self.host = urlsplit(self.base_url).hostname
        self.username = username
        self.http_timeout = http_timeout
        self.retries = retries
        self.retry_max_time = retry_max_time
        self.warn = warn or (lambda message: None)
        # Given per request: a session-level False would lose to REQUESTS_CA_BUNDLE in the environment.
        self.verify = ca_path if (validate_certs and ca_path) else bool(validate_certs)
        self.session = requests.Session()
        self.session.auth = (username, password)
        self.session.headers.update({
            "Accept": "application/json",
            "User-Agent": "ansible-twilio.flex/%s" % COLLECTION_VERSION,
        })
        self.adapter = HTTPAdapter()
        self.session.mount("https://", self.adapter)
        self.session.mount("http://", self.adapter)

    def _retry_for(self, policy, path, deadline):
        def report(method, reason, attempt, wait):
            self.warn("Retrying %s %s after %s (retry %d of %d, waiting %.1f s)" % (method, path, reason, attempt, self.retries, wait))

        return _BoundedRetry(
            total=self.retries,
            connect=self.retries,
            read=self.retries if policy.read_errors else False,
            status=self.retries,
            other=0,
            redirect=False,
            # Reads after a sent request are retried for GET only; `read=False` already stops them for writes.
            allowed_methods=frozenset(["GET"]),
            status_forcelist=policy.statuses,
            raise_on_status=False,
            respect_retry_after_header=True,
            deadline=deadline,
            on_retry=report,
        )

    def request(self, method, path_or_url, data=None, params=None, policy=READ):
        """Send one request (retried as the policy allows) and return the decoded JSON body, or None for 204."""
        url = path_or_url if path_or_url.startswith(("http://", "https://")) else self.base_url + path_or_url
        path = urlsplit(url).path
        deadline = time.monotonic() + self.retry_max_time
        body_retries = 0
        while True:
            try:
                return self._send(method, url, path, data, params, policy, deadline)
            except _BrokenBody as error:
                # urllib3's Retry ends once the headers arrive; a GET whose body breaks off is retried here.
                wait = backoff_seconds(body_retries + 1)
                if method != "GET" or body_retries >= self.retries or time.monotonic() + wait > deadline:
                    error_class = AmbiguousWriteError if method != "GET" else TwilioApiError
                    raise error_class("The connection to %s broke while reading the answer to %s %s: %s"
                                      % (self.host, method, path, error), method=method, path=path)
                body_retries += 1
                self.warn("Retrying %s %s after a broken answer (retry %d of %d, waiting %.1f s)" % (method, path, body_retries, self.retries, wait))
                time.sleep(wait)

    def _send(self, method, url, path, data, params, policy, deadline):
        # A module runs single-threaded, so the policy can be set on the one adapter for this call.
        self.adapter.max_retries = self._retry_for(policy, path, deadline)
        try:
            response = self.session.request(method, url, data=data, params=params, timeout=self.http_timeout, verify=self.verify)
        except requests.exceptions.SSLError as error:
            raise TwilioApiError(
                "TLS certificate verification failed for %s (%s %s): %s. Give the CA bundle in ca_path, or set validate_certs to false "
                "only for a host you trust" % (self.host, method, path, _first_line(error)), method=method, path=path)
        except requests.exceptions.ConnectTimeout:
            raise TwilioApiError("Timed out connecting to %s (%s %s) after %s s" % (self.host, method, path, self.http_timeout),
                                 method=method, path=path)
        except requests.exceptions.ReadTimeout:
            error_class = AmbiguousWriteError if method != "GET" else TwilioApiError
            raise error_class("Timed out after %s s waiting for %s to answer %s %s" % (self.http_timeout, self.host, method, path),
                              method=method, path=path)
        except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError) as error:
            raise _BrokenBody(_first_line(error))
        except requests.exceptions.ConnectionError as error:
            if _is_connect_failure(error):
                raise TwilioApiError("Could not connect to %s (%s %s): %s" % (self.host, method, path, _first_line(error)),
                                     method=method, path=path)
            if _failure_reason(error) == "ReadTimeoutError":
                # Reads that timed out on every retry end here, wrapped by urllib3.
                raise TwilioApiError("Timed out after %s s waiting for %s to answer %s %s, on every try" % (self.http_timeout, self.host, method, path),
                                     method=method, path=path)
            error_class = AmbiguousWriteError if method != "GET" else TwilioApiError
            raise error_class("The connection to %s broke before %s %s was answered: %s" % (self.host, method, path, _first_line(error)),
                              method=method, path=path)
        except requests.exceptions.RequestException as error:
            raise TwilioApiError("Request %s %s to %s failed: %s" % (method, path, self.host, _first_line(error)), method=method, path=path)
        return self._decode(method, path, response)

    def _decode(self, method, path, response):
        if response.status_code == 204:
            return None
        body = _json_or_none(response)
        if 200 <= response.status_code < 300:
            if not isinstance(body, dict):
                # A write that succeeded but whose answer can't be read still happened.
                error_class = AmbiguousWriteError if method != "GET" else TwilioApiError
                raise error_class(
                    "%s %s to %s answered HTTP %s with a body that is not a JSON object (%s)"
                    % (method, path, self.host, response.status_code, _describe_body(response)),
                    method=method, path=path, status=response.status_code)
            return body
        raise self._error(method, path, response, body if isinstance(body, dict) else {})

    def _error(self, method, path, response, body):
        status = response.status_code
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
        # A write answered by a 5xx may have happened all the same.
        error_class = AmbiguousWriteError if method != "GET" and status >= 500 else TwilioApiError
        return error_class(message, method=method, path=path, status=status, code=code, twilio_message=twilio_message, more_info=more_info)

    def list_all(self, path, key, params=None):
        """Every item of a list endpoint, following meta.next_page_url to the last page."""
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


def _failure_reason(error):
    """The class name of the urllib3 error behind a requests ConnectionError."""
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return type(reason).__name__


def _is_connect_failure(error):
    reason = getattr(error.args[0], "reason", None) if error.args else None
    text = "%s %s" % (type(reason).__name__, reason)
    return "NewConnectionError" in text or "NameResolution" in text or "ConnectTimeout" in text


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


def client_from_params(params, warn=None):
    """A TwilioClient from the connection options, or ConnectionSettingsError naming the option at fault."""
    validate_connection_numbers(params["http_timeout"], params["retries"], params["retry_max_time"])
    # An empty value, such as an environment variable set to "", counts as not set.
    given = dict((name, params[name] or None) for name in ("account_sid", "auth_token", "api_key", "api_secret", "region", "edge", "base_url"))
    username, password = select_credentials(given["account_sid"], given["auth_token"], given["api_key"], given["api_secret"])
    base_url = build_base_url(given["region"], given["edge"], given["base_url"])
    return TwilioClient(base_url, username, password, http_timeout=params["http_timeout"], validate_certs=params["validate_certs"],
                        ca_path=params["ca_path"], retries=params["retries"], retry_max_time=params["retry_max_time"], warn=warn)
