# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Values and a small client shared by the emulator's tests."""

from urllib.parse import quote

import requests

CHAT_SERVICE_SID = "IS" + "1" * 32
STUDIO_FLOW_SID = "FW" + "2" * 32
OTHER_STUDIO_FLOW_SID = "FW" + "3" * 32
WORKSPACE_SID = "WS" + "4" * 32
WORKFLOW_SID = "WW" + "5" * 32
UNKNOWN_FLOW_SID = "FO" + "9" * 32
CONVERSATION_SERVICE_SID = "IS" + "6" * 32
UNKNOWN_ADDRESS_SID = "IG" + "9" * 32
ADDRESSES_PATH = "/v1/Configuration/Addresses"
PHONE_NUMBER = "+15555550100"
WHATSAPP_ADDRESS = "whatsapp:+15555550101"


def studio_form(overrides=None, without=()):
    """A valid create form for a studio flow, changed by ``overrides`` and with ``without`` left out."""
    form = {
        "FriendlyName": "Support SMS",
        "ChatServiceSid": CHAT_SERVICE_SID,
        "ChannelType": "sms",
        "Integration.FlowSid": STUDIO_FLOW_SID,
    }
    form.update(overrides or {})
    for name in without:
        form.pop(name, None)
    return form


def api_flow(**fields):
    """An API-shaped flow for seeding or out-of-band changes."""
    flow = {
        "friendly_name": "Seeded flow",
        "chat_service_sid": CHAT_SERVICE_SID,
        "channel_type": "web",
        "integration_type": "studio",
        "integration": {"flow_sid": STUDIO_FLOW_SID, "retry_count": 3},
    }
    flow.update(fields)
    return flow


def webhook_form(overrides=None, without=()):
    """A valid create form for an SMS address configuration with webhook auto-creation."""
    form = {
        "Type": "sms",
        "Address": PHONE_NUMBER,
        "FriendlyName": "Support number",
        "AutoCreation.Enabled": "true",
        "AutoCreation.Type": "webhook",
        "AutoCreation.ConversationServiceSid": CONVERSATION_SERVICE_SID,
        "AutoCreation.WebhookUrl": "https://example.com/hook",
        "AutoCreation.WebhookMethod": "post",
    }
    form.update(overrides or {})
    for name in without:
        form.pop(name, None)
    return form


def api_address(**fields):
    """An API-shaped address configuration for seeding or out-of-band changes."""
    address = {
        "type": "sms",
        "address": PHONE_NUMBER,
        "friendly_name": "Seeded address",
        "auto_creation": {"enabled": True, "type": "studio", "conversation_service_sid": CONVERSATION_SERVICE_SID, "studio_flow_sid": STUDIO_FLOW_SID},
    }
    address.update(fields)
    return address


def numbered_address(index, address_type="sms"):
    """An API-shaped address configuration with its own number, for lists."""
    return api_address(address=f"+1555000{index:04d}", type=address_type, friendly_name=f"Address {index:03d}")


class FlexApiClient:
    """requests.Session bound to an emulator's /v1/FlexFlows."""

    list_path = "/v1/FlexFlows"

    def __init__(self, base_url, auth, verify=True):
        self.base_url = base_url
        self.session = requests.Session()
        self.session.auth = auth
        # Passed with each request: a session-level verify loses to $REQUESTS_CA_BUNDLE in requests.
        self.verify = verify

    def url(self, sid=None):
        return f"{self.base_url}{self.list_path}" + (f"/{sid}" if sid else "")

    def default_form(self):
        return studio_form()

    def request(self, method, url, **kwargs):
        return self.session.request(method, url, timeout=10, verify=self.verify, **kwargs)

    def create(self, form=None):
        return self.request("POST", self.url(), data=self.default_form() if form is None else form)

    def fetch(self, sid):
        return self.request("GET", self.url(sid))

    def update(self, sid, form):
        return self.request("POST", self.url(sid), data=form)

    def delete(self, sid):
        return self.request("DELETE", self.url(sid))

    def list(self, params=None):
        return self.request("GET", self.url(), params=params)

    def created_sid(self, form=None):
        response = self.create(form)
        assert response.status_code == 201, response.text
        return response.json()["sid"]

    def list_all(self, params=None):
        """Every page, following meta.next_page_url as Twilio's SDKs do; returns the list of page bodies."""
        pages = [self.list(params).json()]
        while pages[-1]["meta"]["next_page_url"]:
            pages.append(self.request("GET", pages[-1]["meta"]["next_page_url"]).json())
        return pages

    def close(self):
        self.session.close()


class AddressApiClient(FlexApiClient):
    """requests.Session bound to an emulator's /v1/Configuration/Addresses; ``url(key)`` percent-encodes
    an address as Twilio's SDKs do (``+`` as %2B, ``:`` as %3A)."""

    list_path = ADDRESSES_PATH

    def url(self, sid=None):
        return f"{self.base_url}{self.list_path}" + (f"/{quote(sid, safe='')}" if sid else "")

    def default_form(self):
        return webhook_form()
