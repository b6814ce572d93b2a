# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validate real exchanges with the emulator against Twilio's official OpenAPI description.

The description is not part of this repository: it is read from ``$TWILIO_OAI_SPEC`` or, by
default, ``../shared/twilio-oai/twilio_flex_v1.yaml`` next to the repository root.
Needs ``openapi-core`` (a test dependency, imported lazily).
"""

import os
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import yaml

SPEC_ENV = "TWILIO_OAI_SPEC"
SPEC_SERVER = "https://flex-api.twilio.com"
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SPEC = REPO_ROOT.parent / "shared" / "twilio-oai" / "twilio_flex_v1.yaml"


def spec_path():
    return Path(os.environ.get(SPEC_ENV) or DEFAULT_SPEC)


class SpecValidator:
    """Checks a ``requests`` exchange (the request sent and the response got) against the spec.

    The spec's server is https://flex-api.twilio.com; the emulator's address is replaced by it,
    so the path and query are matched as the real API would see them. openapi-core loads the
    spec as it is (its untyped, nullable ``integration`` property is accepted as any value).
    """

    def __init__(self, path=None):
        from openapi_core import OpenAPI  # pylint: disable=import-outside-toplevel

        self.path = Path(path) if path else spec_path()
        with open(self.path, encoding="utf-8") as spec_file:
            self.openapi = OpenAPI.from_dict(yaml.safe_load(spec_file))

    @staticmethod
    def as_openapi_request(prepared):
        from openapi_core.testing import MockRequest  # pylint: disable=import-outside-toplevel

        url = urlsplit(prepared.url)
        body = prepared.body
        if isinstance(body, str):
            body = body.encode()
        return MockRequest(
            SPEC_SERVER,
            prepared.method.lower(),
            url.path,
            args=dict(parse_qsl(url.query, keep_blank_values=True)),
            headers=dict(prepared.headers),
            data=body,
            content_type=prepared.headers.get("Content-Type", "application/json"),
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
