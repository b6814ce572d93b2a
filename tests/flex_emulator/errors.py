# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Twilio's legacy error body ({"code", "message", "more_info", "status"}) and the codes the emulator uses.

Neither the Flex v1 nor the Conversations v1 spec declares error responses; the body shape is the one Twilio's SDKs parse
(twilio-go TwilioRestError, twilio-python TwilioRestException).
"""

import http

# Codes named by Twilio's error catalogue. 20001 for a bad parameter is inferred: Twilio's
# SDK tests use it for "Bad request"; the real API may answer some parameters with other codes.
INVALID_PARAMETER = 20001
AUTHENTICATE = 20003
METHOD_NOT_ALLOWED = 20004
NOT_FOUND = 20404
# A create that clashes with an existing resource. Neither the status nor the code is documented for
# the Conversations API (CONVERSATIONS-NOTES.md section 1.6, not found); 409 with 20000 + status is inferred.
CONFLICT = 20409
TOO_MANY_REQUESTS = 20429

_SPECIAL_CODES = {400: INVALID_PARAMETER, 401: AUTHENTICATE, 405: METHOD_NOT_ALLOWED}


def default_error_code(status):
    """Twilio's generic code for an HTTP status: 20000 + status (20403, 20404, 20429, 20500, 20503...)."""
    return _SPECIAL_CODES.get(status, 20000 + status)


def error_body(status, code=None, message=None):
    """The JSON-ready body Twilio sends with an error status."""
    if code is None:
        code = default_error_code(status)
    if message is None:
        try:
            message = http.HTTPStatus(status).phrase
        except ValueError:
            message = "Error"
    return {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


class TwilioApiError(Exception):
    """An error answer; raised anywhere below the HTTP handler and turned into a response there."""

    def __init__(self, status, code, message, headers=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})

    def body(self):
        return error_body(self.status, self.code, self.message)


def invalid_parameter(name, detail):
    return TwilioApiError(400, INVALID_PARAMETER, f"Invalid parameter: {name} {detail}")


def missing_parameter(name):
    return TwilioApiError(400, INVALID_PARAMETER, f"Missing required parameter {name} in the post body")


def not_found(path):
    return TwilioApiError(404, NOT_FOUND, f"The requested resource {path} was not found")


def conflict(message):
    return TwilioApiError(409, CONFLICT, message)


def method_not_allowed(allowed):
    return TwilioApiError(405, METHOD_NOT_ALLOWED, "Method not allowed", headers={"Allow": ", ".join(allowed)})


def authenticate():
    return TwilioApiError(401, AUTHENTICATE, "Authenticate", headers={"WWW-Authenticate": 'Basic realm="Twilio API"'})
