# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validate real exchanges with the emulator against Twilio's official OpenAPI descriptions.

The descriptions are not part of this repository. Flex v1 is read from ``$TWILIO_OAI_SPEC`` or, by
default, ``../shared/twilio-oai/twilio_flex_v1.yaml`` next to the repository root; Conversations v1
from ``$TWILIO_OAI_CONVERSATIONS_SPEC`` or, by default, ``twilio_conversations_v1.yaml`` in the folder
of the Flex description; TaskRouter v1 likewise from ``$TWILIO_OAI_TASKROUTER_SPEC`` or ``twilio_taskrouter_v1.yaml``.
Needs ``openapi-core`` (a test dependency, imported lazily).
"""

import os
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import yaml

SPEC_ENV = "TWILIO_OAI_SPEC"
SPEC_SERVER = "https://flex-api.twilio.com"
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SPEC = REPO_ROOT.parent / "shared" / "twilio-oai" / "twilio_flex_v1.yaml"
CONVERSATIONS_SPEC_ENV = "TWILIO_OAI_CONVERSATIONS_SPEC"
CONVERSATIONS_SPEC_NAME = "twilio_conversations_v1.yaml"
CONVERSATIONS_SERVER = "https://conversations.twilio.com"
TASKROUTER_SPEC_ENV = "TWILIO_OAI_TASKROUTER_SPEC"
TASKROUTER_SPEC_NAME = "twilio_taskrouter_v1.yaml"
TASKROUTER_SERVER = "https://taskrouter.twilio.com"


def spec_path():
    return Path(os.environ.get(SPEC_ENV) or DEFAULT_SPEC)


def conversations_spec_path():
    """``$TWILIO_OAI_CONVERSATIONS_SPEC``, else the Conversations description beside the Flex one."""
    return Path(os.environ.get(CONVERSATIONS_SPEC_ENV) or spec_path().parent / CONVERSATIONS_SPEC_NAME)


def taskrouter_spec_path():
    """``$TWILIO_OAI_TASKROUTER_SPEC``, else the TaskRouter description beside the Flex one."""
    return Path(os.environ.get(TASKROUTER_SPEC_ENV) or spec_path().parent / TASKROUTER_SPEC_NAME)


class SpecValidator:
    """Checks a ``requests`` exchange (the request sent and the response got) against the spec.

    The spec's server (https://flex-api.twilio.com by default) replaces the emulator's address,
    so the path and query are matched as the real API would see them. openapi-core loads the
    spec as it is (untyped, nullable properties such as ``integration`` and ``auto_creation`` are
    accepted as any value).

    ``case_folded_form_fields`` names form parameters whose value is lower-cased before the request
    is checked: only their case is left out of the check, their value still has to be in the spec's
    enum. It is for parameters where the spec's own examples contradict its enum; the caller says why.
    """

    def __init__(self, path=None, server=SPEC_SERVER, case_folded_form_fields=()):
        from openapi_core import OpenAPI  # pylint: disable=import-outside-toplevel

        self.path = Path(path) if path else spec_path()
        self.server = server
        self.case_folded_form_fields = tuple(case_folded_form_fields)
        with open(self.path, encoding="utf-8") as spec_file:
            # libyaml's loader, where PyYAML has it, reads the same document several times faster.
            self.document = yaml.load(spec_file, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        self.openapi = OpenAPI.from_dict(self.document)

    def _checked_body(self, body, content_type):
        if not (body and self.case_folded_form_fields and content_type.split(";")[0].strip() == "application/x-www-form-urlencoded"):
            return body
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
        folded = [(name, value.lower() if name in self.case_folded_form_fields else value) for name, value in pairs]
        return urlencode(folded).encode()

    def as_openapi_request(self, prepared):
        from openapi_core.testing import MockRequest  # pylint: disable=import-outside-toplevel

        url = urlsplit(prepared.url)
        body = prepared.body
        if isinstance(body, str):
            body = body.encode()
        content_type = prepared.headers.get("Content-Type", "application/json")
        return MockRequest(
            self.server,
            prepared.method.lower(),
            url.path,
            args=dict(parse_qsl(url.query, keep_blank_values=True)),
            headers=dict(prepared.headers),
            data=self._checked_body(body, content_type),
            content_type=content_type,
        )

    @staticmethod
    def as_openapi_response(response):
        from openapi_core.testing import MockResponse  # pylint: disable=import-outside-toplevel

        content_type = response.headers.get("Content-Type", "application/json").split(";")[0]
        return MockResponse(response.content, status_code=response.status_code, headers=dict(response.headers), content_type=content_type)

    def validate_request(self, prepared):
        """Raise an openapi-core validation error if the request breaks the spec."""
        self.openapi.validate_request(self.as_openapi_request(prepared))

    def validate_response(self, response):
        """Raise an openapi-core validation error if the request or the response breaks the spec."""
        request = self.as_openapi_request(response.request)
        self.openapi.validate_request(request)
        self.openapi.validate_response(request, self.as_openapi_response(response))
