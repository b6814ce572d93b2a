# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The connection options shared by every module: their argument spec, their checks, and the client they make.

This module utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.
"""

from __future__ import annotations

import ipaddress
import re

from ansible.module_utils.basic import env_fallback

from ansible_collections.twilio.flex.plugins.module_utils._client import TwilioClient, UnsafeUrlError, check_url_characters, parse_target, shown_url

ACCOUNT_SID_PATTERN = re.compile(r"^AC[0-9a-fA-F]{32}$")
API_KEY_SID_PATTERN = re.compile(r"^SK[0-9a-fA-F]{32}$")
# Region and edge names are DNS labels (e.g. "au1", "sydney", "sao-paulo").
HOST_LABEL_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


class Product:
    """A Twilio API the collection talks to: the first label of its host, and the variable that replaces the host."""

    def __init__(self, host_label, base_url_variable):
        self.host_label = host_label
        self.base_url_variable = base_url_variable

    @property
    def default_host(self):
        return "%s.twilio.com" % self.host_label


FLEX = Product("flex-api", "TWILIO_FLEX_BASE_URL")
CONVERSATIONS = Product("conversations", "TWILIO_CONVERSATIONS_BASE_URL")
TASKROUTER = Product("taskrouter", "TWILIO_TASKROUTER_BASE_URL")


def connection_argument_spec(product=FLEX):
    """The connection options of a module that talks to `product`: only base_url's environment variable differs."""
    return dict(
        account_sid=dict(type="str", fallback=(env_fallback, ["TWILIO_ACCOUNT_SID"])),
        auth_token=dict(type="str", no_log=True, fallback=(env_fallback, ["TWILIO_AUTH_TOKEN"])),
        api_key=dict(type="str", no_log=False, fallback=(env_fallback, ["TWILIO_API_KEY"])),
        api_secret=dict(type="str", no_log=True, fallback=(env_fallback, ["TWILIO_API_SECRET"])),
        region=dict(type="str", fallback=(env_fallback, ["TWILIO_REGION"])),
        edge=dict(type="str", fallback=(env_fallback, ["TWILIO_EDGE"])),
        base_url=dict(type="str", fallback=(env_fallback, [product.base_url_variable])),
        validate_certs=dict(type="bool", default=True),
        ca_path=dict(type="path"),
        http_timeout=dict(type="float", default=30.0),
        retries=dict(type="int", default=5),
        retry_max_time=dict(type="float", default=60.0),
    )


class ConnectionSettingsError(ValueError):
    """The connection options are invalid; the message names the option."""


def build_base_url(region=None, edge=None, base_url=None, product=FLEX):
    """Return the scheme and host to send requests to, from the connection options."""
    if base_url:
        if region or edge:
            raise ConnectionSettingsError(
                "base_url cannot be combined with region or edge (check %s, TWILIO_REGION and TWILIO_EDGE): base_url already names the host"
                % product.base_url_variable
            )
        try:
            check_url_characters(base_url)
        except UnsafeUrlError as reason:
            raise ConnectionSettingsError("base_url must be a plain http:// or https:// URL, got '%s': it %s" % (shown_url(base_url), reason)) from None
        scheme, separator, rest = base_url.partition("://")
        if not separator or scheme.lower() not in ("http", "https") or not rest:
            raise ConnectionSettingsError("base_url must be an http:// or https:// URL with a host, got '%s'" % shown_url(base_url))
        authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
        if "@" in authority:
            # Never used to log in, and printed in messages: refused, with the password masked.
            raise ConnectionSettingsError(
                "base_url must not hold a user name or password before its host (user:password@): give the credentials with account_sid and "
                "auth_token, or api_key and api_secret; got '%s'" % shown_url(base_url)
            )
        try:
            target = parse_target(base_url)
        except UnsafeUrlError as reason:
            raise ConnectionSettingsError(
                "base_url must be an http:// or https:// URL with a host name or IP address (and a port), got '%s': it %s" % (shown_url(base_url), reason)
            ) from None
        if target.path_and_query != "/" or "#" in base_url:
            raise ConnectionSettingsError(
                "base_url must hold the scheme and host only (such as https://%s), without a path, query or fragment; got '%s'"
                % (product.default_host, shown_url(base_url))
            )
        return "%s://%s" % (scheme.lower(), authority)
    for option, value in (("region", region), ("edge", edge)):
        if value is not None and not HOST_LABEL_PATTERN.fullmatch(value):
            raise ConnectionSettingsError("%s must be a lowercase host label such as au1 or sydney, got %r" % (option, value))
    if region and region != "us1" and not edge:
        raise ConnectionSettingsError(
            "region %s needs an edge as well (for example edge=sydney with region=au1): Twilio has retired hosts that name a region without an edge" % region
        )
    if edge and not region:
        # Twilio's SDKs default the region to us1 when only an edge is given.
        region = "us1"
    if region and edge:
        return "https://%s.%s.%s.twilio.com" % (product.host_label, edge, region)
    if region:
        return "https://%s.%s.twilio.com" % (product.host_label, region)
    return "https://%s" % product.default_host


def is_loopback(host):
    """Whether a host (as parse_target gives it: lower case, IPv6 in brackets) is this machine: localhost, 127.0.0.0/8 or ::1."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def unencrypted_warning(base_url):
    """The warning for a base_url that sends the credentials unencrypted to another machine, or None."""
    scheme, host, _port = parse_target(base_url).origin
    if scheme != "http" or is_loopback(host):
        return None
    return (
        "base_url %s is plain http:// to a host that is not this machine: the credentials (in every request) and the answers "
        "travel unencrypted. Use https:// unless the network to %s is trusted" % (base_url, host)
    )


def select_credentials(account_sid=None, auth_token=None, api_key=None, api_secret=None):
    """Return (username, password) for HTTP Basic auth from the connection options."""
    if account_sid is not None and not ACCOUNT_SID_PATTERN.fullmatch(account_sid):
        raise ConnectionSettingsError("account_sid must be AC followed by 32 hexadecimal digits, got %r" % account_sid)
    if api_key is not None and not API_KEY_SID_PATTERN.fullmatch(api_key):
        raise ConnectionSettingsError("api_key must be an API key SID: SK followed by 32 hexadecimal digits, got %r" % api_key)
    uses_api_key = bool(api_key or api_secret)
    if auth_token and uses_api_key:
        raise ConnectionSettingsError(
            "auth_token and api_key/api_secret are mutually exclusive: give one kind of credential "
            "(check TWILIO_AUTH_TOKEN, TWILIO_API_KEY and TWILIO_API_SECRET in the environment)"
        )
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
        "(or the environment variables TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or TWILIO_API_KEY and TWILIO_API_SECRET)"
    )


def validate_connection_numbers(http_timeout, retries, retry_max_time):
    if http_timeout <= 0:
        raise ConnectionSettingsError("http_timeout must be a number of seconds greater than 0, got %s" % http_timeout)
    if retries < 0:
        raise ConnectionSettingsError("retries must be 0 or more, got %s" % retries)
    if retry_max_time < 0:
        raise ConnectionSettingsError("retry_max_time must be 0 or more seconds, got %s" % retry_max_time)


def client_from_params(params, warn=None, product=FLEX):
    """A TwilioClient for `product` from the connection options, or ConnectionSettingsError naming the option at fault."""
    validate_connection_numbers(params["http_timeout"], params["retries"], params["retry_max_time"])
    # An empty value, such as an environment variable set to "", counts as not set.
    given = dict((name, params[name] or None) for name in ("account_sid", "auth_token", "api_key", "api_secret", "region", "edge", "base_url"))
    username, password = select_credentials(given["account_sid"], given["auth_token"], given["api_key"], given["api_secret"])
    base_url = build_base_url(given["region"], given["edge"], given["base_url"], product)
    warning = unencrypted_warning(base_url)
    if warning and warn:
        warn(warning)
    return TwilioClient(
        base_url,
        username,
        password,
        http_timeout=params["http_timeout"],
        validate_certs=params["validate_certs"],
        ca_path=params["ca_path"],
        retries=params["retries"],
        retry_max_time=params["retry_max_time"],
        warn=warn,
    )
