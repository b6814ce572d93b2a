# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    # Connection options shared by every module of the collection; FLEX or CONVERSATIONS adds base_url for the module's API.
    DOCUMENTATION = r"""
options:
  account_sid:
    description:
      - The SID of the Twilio account, C(AC) followed by 32 hexadecimal digits.
      - Needed with O(auth_token). With an API key it is optional and only checked for its format.
      - If not set, the value of the E(TWILIO_ACCOUNT_SID) environment variable is used.
    type: str
  auth_token:
    description:
      - The auth token of the account given in O(account_sid).
      - Give either O(auth_token), or O(api_key) and O(api_secret); Twilio recommends API keys.
      - If not set, the value of the E(TWILIO_AUTH_TOKEN) environment variable is used.
    type: str
  api_key:
    description:
      - The SID of a Twilio API key, C(SK) followed by 32 hexadecimal digits, used with O(api_secret).
      - If not set, the value of the E(TWILIO_API_KEY) environment variable is used.
    type: str
  api_secret:
    description:
      - The secret of the API key given in O(api_key).
      - If not set, the value of the E(TWILIO_API_SECRET) environment variable is used.
    type: str
  region:
    description:
      - The Twilio region to send requests to, such as V(au1) or V(ie1).
      - A region other than V(us1) needs O(edge) as well, because Twilio has retired hosts that name a region without an edge.
      - The host is then that of the module's API in that region and edge, such as C(flex-api.<edge>.<region>.twilio.com) or
        C(conversations.<edge>.<region>.twilio.com).
      - Cannot be combined with O(base_url).
      - If not set, the value of the E(TWILIO_REGION) environment variable is used.
    type: str
  edge:
    description:
      - The Twilio edge location to connect through, such as V(sydney) or V(dublin).
      - Without O(region), the region is V(us1), as in Twilio's SDKs.
      - Cannot be combined with O(base_url).
      - If not set, the value of the E(TWILIO_EDGE) environment variable is used.
    type: str
  validate_certs:
    description:
      - Whether to verify the server's TLS certificate.
      - Set to V(false) only for a host you trust, such as a local emulator; prefer O(ca_path).
    type: bool
    default: true
  ca_path:
    description:
      - A PEM file of CA certificates to verify the server's certificate with, instead of the system's.
    type: path
  http_timeout:
    description:
      - How many seconds to wait for Twilio to connect and to answer each request.
    type: float
    default: 30
  retries:
    description:
      - How many times to retry a request that Twilio answered with HTTP 429 or 503, or a read that failed on the way.
      - Reads are also retried on other 5xx answers, timeouts and broken connections.
      - A create is never retried after a timeout or a 5xx answer, since it may have taken effect; see the module notes.
      - V(0) disables retries.
    type: int
    default: 5
  retry_max_time:
    description:
      - The most seconds to spend on one request and its retries, waits included; no retry starts that would end later.
      - Each wait honours the C(Retry-After) header when Twilio sends one, and otherwise grows exponentially with jitter.
    type: float
    default: 60
requirements:
  - requests
notes:
  - All modules of this collection belong to the action group C(twilio.flex.flex), so the connection options can be given
    once for a play with C(module_defaults) and C(group/twilio.flex.flex).
  - Every retry leaves a warning in the task result.
  - The auth token and the API secret never appear in results, diffs, warnings or error messages.
  - The credentials are sent only to the API host named by O(region) and O(edge), or by O(base_url). A page link in an answer
    that names another scheme, host or port, or that holds a user name, a backslash, whitespace or a control character, is
    refused before anything is sent, and a listing whose page links lead back to a page already read or never end stops with
    an error.
"""

    # base_url of the modules that manage Flex resources.
    FLEX = r"""
options:
  base_url:
    description:
      - The scheme and host to send requests to instead of C(https://flex-api.twilio.com), for a proxy or an emulator.
      - Only a scheme (C(https) or C(http)) and a host name or IP address (and port) are allowed, with no path, query, user name
        or password. The credentials are given with O(account_sid) and O(auth_token), or O(api_key) and O(api_secret); a
        C(user:password@) before the host is refused.
      - The credentials are sent to this host only. Page links in answers are followed only as a path and query on this host,
        and redirects are not followed.
      - With C(http://) to a host that is not this machine (C(localhost), C(127.0.0.0/8) or C(::1)), the module warns that the
        credentials travel unencrypted.
      - Cannot be combined with O(region) or O(edge).
      - If not set, the value of the E(TWILIO_FLEX_BASE_URL) environment variable is used.
    type: str
"""

    # base_url of the modules that manage Conversations resources.
    CONVERSATIONS = r"""
options:
  base_url:
    description:
      - The scheme and host to send requests to instead of C(https://conversations.twilio.com), for a proxy or an emulator.
      - Only a scheme (C(https) or C(http)) and a host name or IP address (and port) are allowed, with no path, query, user name
        or password. The credentials are given with O(account_sid) and O(auth_token), or O(api_key) and O(api_secret); a
        C(user:password@) before the host is refused.
      - The credentials are sent to this host only. Page links in answers are followed only as a path and query on this host,
        and redirects are not followed.
      - With C(http://) to a host that is not this machine (C(localhost), C(127.0.0.0/8) or C(::1)), the module warns that the
        credentials travel unencrypted.
      - Cannot be combined with O(region) or O(edge).
      - If not set, the value of the E(TWILIO_CONVERSATIONS_BASE_URL) environment variable is used. It is a separate variable
        from E(TWILIO_FLEX_BASE_URL) because the two APIs have separate hosts; one emulator or proxy can serve both, with
        both variables set to its address.
    type: str
"""

    # base_url of the modules that manage TaskRouter resources.
    TASKROUTER = r"""
options:
  base_url:
    description:
      - The scheme and host to send requests to instead of C(https://taskrouter.twilio.com), for a proxy or an emulator.
      - Only a scheme (C(https) or C(http)) and a host name or IP address (and port) are allowed, with no path, query, user name
        or password. The credentials are given with O(account_sid) and O(auth_token), or O(api_key) and O(api_secret); a
        C(user:password@) before the host is refused.
      - The credentials are sent to this host only. Page links in answers are followed only as a path and query on this host,
        and redirects are not followed.
      - With C(http://) to a host that is not this machine (C(localhost), C(127.0.0.0/8) or C(::1)), the module warns that the
        credentials travel unencrypted.
      - Cannot be combined with O(region) or O(edge).
      - If not set, the value of the E(TWILIO_TASKROUTER_BASE_URL) environment variable is used. It is a separate variable
        from E(TWILIO_FLEX_BASE_URL) because the two APIs have separate hosts; one emulator or proxy can serve both, with
        both variables set to its address.
    type: str
"""
