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
import ipaddress
import math
import random
import re
import time
from urllib.parse import parse_qsl, urlencode

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


# The most items one listing reads: far more flows or address configurations than an account holds. A chain of page
# links longer than that at the page size asked for is taken for an endless one (a loop the repeat check cannot see).
MAX_LIST_ITEMS = 100000
# Twilio's page size when a listing asks for none.
TWILIO_DEFAULT_PAGE_SIZE = 50

# A URL from an answer is read by this module's parser and sent by requests and urllib3, which read some URLs
# differently (a backslash, whitespace, control and non-ASCII characters, "@" before the host). Such URLs are refused;
# of the others only the path and query are used, on the client's own scheme, host and port.
_URL_CHARACTERS = re.compile(r"[\x21-\x5b\x5d-\x7e]*")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_HOST_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
_PORT = re.compile(r"[0-9]{1,10}")
_USERINFO = re.compile(r"^((?:[A-Za-z][A-Za-z0-9+.-]*:)?//)(?:([^/?#@:]*:))?[^/?#@]*@")
SHOWN_URL_LENGTH = 200


class UnsafeUrlError(ValueError):
    """A URL that is not read the same way by every parser, or is not an http(s) URL or absolute path; the message
    says why, in words that follow "this URL"."""


class Target:
    """Where a URL or path points: its origin (scheme, host, port with the default filled in), None for a path of
    the client's own host, and the path and query to send."""

    def __init__(self, origin, authority, path_and_query):
        self.origin = origin
        self.authority = authority
        self.path_and_query = path_and_query

    @property
    def path(self):
        return self.path_and_query.split("?", 1)[0]

    @property
    def query(self):
        return self.path_and_query.partition("?")[2]


def check_url_characters(url):
    """UnsafeUrlError unless `url` is a non-empty string of printable ASCII characters other than space and backslash."""
    if not isinstance(url, str) or not url:
        raise UnsafeUrlError("is empty or not a string")
    if "\\" in url:
        raise UnsafeUrlError("holds a backslash, which some URL parsers read as a slash")
    if not _URL_CHARACTERS.fullmatch(url):
        raise UnsafeUrlError("holds whitespace, a control character or a non-ASCII character")


def parse_target(url, scheme_of_relative=None):
    """The Target of an absolute http(s) URL, a scheme-relative URL ("//host/path", on `scheme_of_relative`), or an
    absolute path ("/v1/..."); UnsafeUrlError for anything else and for anything two URL parsers could read apart."""
    check_url_characters(url)
    # The fragment stays with the client: it is never sent.
    rest = url.split("#", 1)[0]
    scheme = scheme_of_relative
    match = _SCHEME.match(rest)
    if match:
        scheme = match.group(1).lower()
        if scheme not in DEFAULT_PORTS:
            raise UnsafeUrlError("has the scheme %s, not http or https" % scheme)
        rest = rest[match.end() :]
        if not rest.startswith("//"):
            raise UnsafeUrlError("has no host after its scheme")
    if rest.startswith("//"):
        if scheme is None:
            raise UnsafeUrlError("has no scheme")
        authority_end = min([len(rest)] + [index for index in (rest.find("/", 2), rest.find("?", 2)) if index >= 0])
        authority, path_and_query = rest[2:authority_end], rest[authority_end:]
        host, port = _host_and_port(authority)
        origin = (scheme, host, port or DEFAULT_PORTS[scheme])
        if path_and_query.startswith("?") or not path_and_query:
            path_and_query = "/" + path_and_query
    elif rest.startswith("/"):
        origin, authority, path_and_query = None, None, rest
    else:
        raise UnsafeUrlError("is neither an http(s) URL nor an absolute path")
    if path_and_query.startswith("//"):
        raise UnsafeUrlError("has a path that starts with //, which reads as a host")
    return Target(origin, authority, path_and_query)


def _host_and_port(authority):
    """(host in lower case, port or None) of the authority of a URL; UnsafeUrlError when it is not plainly one."""
    if "@" in authority:
        raise UnsafeUrlError("holds a user name or password before its host")
    if authority.startswith("["):
        literal, bracket, after = authority[1:].partition("]")
        try:
            if not bracket or "%" in literal:
                raise ValueError(literal)
            host = "[%s]" % ipaddress.IPv6Address(literal).compressed
        except ValueError:
            raise UnsafeUrlError("has a host in brackets that is not an IPv6 address") from None
    else:
        host, colon, port_text = authority.partition(":")
        after = colon + port_text
        if not _HOST_NAME.fullmatch(host):
            raise UnsafeUrlError("has no host, or a host that is not a host name or an IP address")
        host = host.lower()
    if after in ("", ":"):
        return host, None
    port_text = after[1:]
    if not after.startswith(":") or not _PORT.fullmatch(port_text) or not 0 < int(port_text) <= 65535:
        raise UnsafeUrlError("has a port that is not a number from 1 to 65535")
    return host, int(port_text)


def shown_url(url):
    """A URL fit for a message: a password before the host masked, control characters and whitespace escaped, cut short."""
    text = url if isinstance(url, str) else repr(url)
    # A user name is shown, unless nothing marks it as one (without a colon it may be a token).
    text = _USERINFO.sub(lambda match: match.group(1) + (match.group(2) or "") + "********@", text)
    text = text.encode("unicode_escape").decode("ascii").replace(" ", "\\x20")
    return text if len(text) <= SHOWN_URL_LENGTH else text[:SHOWN_URL_LENGTH] + "..."


def _page_identity(target, params):
    """The page a request reads: its path and its query parameters in any order."""
    query = target.query
    if params:
        query = "&".join(part for part in (query, urlencode(params)) if part)
    return target.path, tuple(sorted(parse_qsl(query, keep_blank_values=True)))


def asked_page_size(params):
    """The page size a listing asks for with PageSize, or Twilio's default."""
    try:
        return max(1, int((params or {}).get("PageSize", TWILIO_DEFAULT_PAGE_SIZE)))
    except (TypeError, ValueError):
        return TWILIO_DEFAULT_PAGE_SIZE


def max_list_pages(page_size):
    """How many pages one listing reads at most: as many as MAX_LIST_ITEMS fill at `page_size` a page."""
    return int(math.ceil(MAX_LIST_ITEMS / float(page_size)))


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

    Credentials go to that host only: every request URL is the client's own scheme, host and port followed by
    the path and query of the path or link asked for. A link from an answer (a page link) that names another
    scheme, host or port, or that URL parsers could read differently, is refused unsent; redirects are never
    followed.
    """

    def __init__(
        self, base_url, username, password, http_timeout=30.0, validate_certs=True, ca_path=None, retries=5, retry_max_time=60.0, warn=None, sleep=time.sleep
    ):
        self.base_url = base_url.rstrip("/")
        target = parse_target(self.base_url)
        if target.origin is None or target.path_and_query != "/":
            raise ValueError("base_url must be an http(s) scheme and host only")
        self.origin = target.origin
        self.host = self.origin[1]
        # Every request URL starts with this, whatever the link it follows says.
        self.url_prefix = "%s://%s" % (self.origin[0], target.authority.lower())
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

    def target_of(self, method, path_or_url):
        """The Target of a path or URL on the API host, or TwilioApiError (nothing sent) naming it safely when it
        points elsewhere or could be read as pointing elsewhere."""
        try:
            target = parse_target(path_or_url, scheme_of_relative=self.origin[0])
        except UnsafeUrlError as reason:
            raise TwilioApiError(
                "Refused to send %s %s: the credentials go to the API host %s only, and this URL (from an answer of the API or of a proxy "
                "in front of it) %s" % (method, shown_url(path_or_url), self.base_url, reason),
                method=method,
            ) from None
        if target.origin is not None and target.origin != self.origin:
            raise TwilioApiError(
                "Refused to send %s %s to %s: the credentials go to the API host %s only, and this URL (from an answer "
                "of the API or of a proxy in front of it) points elsewhere" % (method, shown_url(path_or_url), target.authority, self.base_url),
                method=method,
                path=target.path,
            )
        return target

    def request(self, method, path_or_url, data=None, params=None, policy=READ):
        """Send one request, retried as the policy allows, and return the decoded JSON body, or None for 204."""
        target = self.target_of(method, path_or_url)
        return self._send(method, target, data, params, policy)

    def _send(self, method, target, data, params, policy):
        url, path = self.url_prefix + target.path_and_query, target.path
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
            raise TwilioApiError(self._tls_error_message(method, path, error), method=method, path=path) from error
        except requests.exceptions.RequestException as error:
            raise self._failure_of(error, method, path) from error
        return self._decode(method, path, response)

    def _tls_error_message(self, method, path, error):
        where = "%s (%s %s): %s" % (self.host, method, path, _first_line(error))
        if self.verify is False:
            # No certificate was checked, so the advice is about the server, not about validate_certs.
            return (
                "The TLS handshake failed with %s. validate_certs is already false, so no certificate was checked: check that base_url "
                "names a host and port that serve HTTPS" % where
            )
        if self.verify is not True:
            return "TLS certificate verification failed for %s. Check that ca_path holds the CA that signed the server's certificate" % where
        return "TLS certificate verification failed for %s. Give the CA bundle in ca_path, or set validate_certs to false only for a host you trust" % where

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
                % (method, path, status, shown_url(response.headers.get("Location") or "nowhere"), self.url_prefix.split("//", 1)[1])
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
        """Every item of a list endpoint, following meta.next_page_url (on the API host only) to the last page.

        A link back to a page already read, a link from a page with no items, or more pages than MAX_LIST_ITEMS fill at
        the page size asked for, stop the listing with TwilioApiError before the next GET: a server's page links must not
        make the client loop.
        """
        page_size = asked_page_size(params)
        items, pages_read, max_pages = [], set(), max_list_pages(page_size)
        page_url = path
        target = self.target_of("GET", page_url)
        while True:
            page_identity = _page_identity(target, params)
            if page_identity in pages_read:
                raise TwilioApiError(
                    "GET %s: the next_page_url %s leads back to a page already read (after %s, %s); the listing stopped "
                    "instead of reading the same pages again" % (path, shown_url(page_url), _counted(len(pages_read), "page"), _counted(len(items), "item")),
                    method="GET",
                    path=target.path,
                )
            if len(pages_read) >= max_pages:
                raise TwilioApiError(
                    "GET %s: the listing stopped after %s (%s) whose next_page_url links go on: more than %d items at %d a page "
                    "is more than an account holds, so the chain of page links is taken for an endless one"
                    % (path, _counted(len(pages_read), "page"), _counted(len(items), "item"), MAX_LIST_ITEMS, page_size),
                    method="GET",
                    path=target.path,
                )
            pages_read.add(page_identity)
            body = self._send("GET", target, None, params, READ)
            page = body.get(key)
            if not isinstance(page, list):
                raise TwilioApiError("GET %s: the list answer has no %r list" % (path, key), method="GET", path=path)
            items.extend(page)
            meta = body.get("meta")
            page_url = meta.get("next_page_url") if isinstance(meta, dict) else None
            if not page_url:
                return items
            next_target = self.target_of("GET", page_url)
            if not page:
                # A page with nothing on it ends a listing: a link past it leads nowhere but to more empty pages.
                raise TwilioApiError(
                    "GET %s: page %d of the listing holds no items but links to a next page (%s); the listing stopped instead of "
                    "following links that add nothing" % (path, len(pages_read), shown_url(page_url)),
                    method="GET",
                    path=target.path,
                )
            target, params = next_target, None


def _counted(number, noun):
    return "%d %s%s" % (number, noun, "" if number == 1 else "s")


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
