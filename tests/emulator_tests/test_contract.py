# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every request these tests send and every success the emulator answers, checked against Twilio's OpenAPI description.

The description lives outside the repository ($TWILIO_OAI_SPEC, default ../shared/twilio-oai/twilio_flex_v1.yaml
beside the repository root). The spec declares no error responses, so only successes are checked.
"""

import copy
import json

import pytest
import requests
from openapi_core.validation.request.exceptions import RequestValidationError
from openapi_core.validation.response.exceptions import ResponseValidationError

from emulator_support import OTHER_STUDIO_FLOW_SID, WORKFLOW_SID, WORKSPACE_SID, FlexApiClient, api_flow, studio_form
from flex_emulator.credentials import ACCOUNT_SID, API_KEY, API_SECRET, AUTH_TOKEN
from flex_emulator.openapi_contract import SPEC_ENV, SpecValidator, spec_path


def require_spec():
    path = spec_path()
    if not path.is_file():
        pytest.skip(f"Twilio's OpenAPI description not found at {path}; set {SPEC_ENV} to twilio_flex_v1.yaml")
    return path


@pytest.fixture(scope="module")
def validator():
    return SpecValidator(require_spec())


@pytest.fixture
def contract_api(flex_emulator, validator):
    """A client whose every exchange is validated; a violation fails the request that caused it."""
    client = FlexApiClient(flex_emulator.base_url, (ACCOUNT_SID, AUTH_TOKEN))

    client.validated = []

    def validate(response, *_args, **_kwargs):
        assert response.status_code < 400, response.text
        validator.validate_response(response)
        client.validated.append(response.request.method)

    client.session.hooks["response"].append(validate)
    yield client
    client.close()


def test_crud_exchanges_match_the_spec(contract_api):
    created = contract_api.create(
        studio_form({"ContactIdentity": "+15550100", "Enabled": "true", "LongLived": "false", "JanitorEnabled": "true", "Integration.RetryCount": "1"})
    )
    assert created.status_code == 201
    sid = created.json()["sid"]

    assert contract_api.fetch(sid).status_code == 200
    assert (
        contract_api.update(sid, {"FriendlyName": "Renamed", "Integration.FlowSid": OTHER_STUDIO_FLOW_SID, "Integration.CreationOnMessage": "true"}).status_code
        == 200
    )
    assert contract_api.update(sid, {"ContactIdentity": ""}).status_code == 200
    assert contract_api.delete(sid).status_code == 204
    assert contract_api.validated == ["POST", "GET", "POST", "POST", "DELETE"]


@pytest.mark.parametrize(
    "form",
    [
        {"IntegrationType": "external", "Integration.Url": "https://example.com/hook", "Integration.RetryCount": "0"},
        {
            "IntegrationType": "task",
            "Integration.WorkspaceSid": WORKSPACE_SID,
            "Integration.WorkflowSid": WORKFLOW_SID,
            "Integration.Channel": "sms",
            "Integration.Timeout": "600",
            "Integration.Priority": "5",
        },
    ],
    ids=["external", "task"],
)
def test_each_integration_type_matches_the_spec(contract_api, form):
    response = contract_api.create(studio_form(form, without=["Integration.FlowSid"]))

    assert response.status_code == 201
    assert contract_api.fetch(response.json()["sid"]).status_code == 200


@pytest.mark.parametrize("channel_type", ["web", "sms", "facebook", "whatsapp", "line", "custom"])
def test_every_channel_type_matches_the_spec(contract_api, channel_type):
    assert contract_api.create(studio_form({"ChannelType": channel_type})).status_code == 201


def test_list_pages_match_the_spec(flex_emulator, contract_api):
    flex_emulator.reset(seed=[api_flow(friendly_name="Paged") for _index in range(7)] + [api_flow(integration=None)])

    pages = contract_api.list_all({"FriendlyName": "Paged", "PageSize": 3})

    assert len(pages) == 3
    assert contract_api.list().status_code == 200
    assert contract_api.list({"FriendlyName": "Nobody"}).json()["flex_flows"] == []
    assert contract_api.request("GET", pages[-1]["meta"]["previous_page_url"]).status_code == 200


def test_api_key_exchanges_match_the_spec(flex_emulator, validator):
    client = FlexApiClient(flex_emulator.base_url, (API_KEY, API_SECRET))

    response = client.create()

    validator.validate_response(response)
    client.close()


# The validator must bite: exchanges that break the spec fail.


def tampered(response, change):
    """A copy of a real response whose JSON body went through ``change``."""
    body = response.json()
    change(body)
    copied = copy.copy(response)
    copied._content = json.dumps(body).encode()  # pylint: disable=protected-access
    return copied


@pytest.mark.parametrize(
    "change",
    [
        lambda flow: flow.update(enabled="yes"),
        lambda flow: flow.update(sid="FO-not-a-sid"),
        lambda flow: flow.update(channel_type="fax"),
        lambda flow: flow.update(date_created=12),
        lambda flow: flow.update(account_sid="AC123"),
    ],
    ids=["boolean-as-string", "bad-sid", "bad-enum", "date-as-number", "short-account-sid"],
)
def test_a_broken_flow_fails_validation(flex_emulator, validator, change):
    response = FlexApiClient(flex_emulator.base_url, (ACCOUNT_SID, AUTH_TOKEN)).create()
    validator.validate_response(response)

    with pytest.raises(ResponseValidationError):
        validator.validate_response(tampered(response, change))


@pytest.mark.parametrize(
    "change",
    [
        lambda page: page.update(flex_flows={"not": "an array"}),
        lambda page: page["meta"].update(page="0"),
        lambda page: page["meta"].update(next_page_url=5),
        lambda page: page["flex_flows"][0].update(long_lived="no"),
    ],
    ids=["flows-not-array", "page-as-string", "url-as-number", "nested-flow-broken"],
)
def test_a_broken_page_fails_validation(flex_emulator, validator, change):
    client = FlexApiClient(flex_emulator.base_url, (ACCOUNT_SID, AUTH_TOKEN))
    client.create()
    response = client.list()
    validator.validate_response(response)

    with pytest.raises(ResponseValidationError):
        validator.validate_response(tampered(response, change))


@pytest.mark.parametrize(
    "form",
    [
        studio_form({"ChannelType": "fax"}),
        studio_form({"ChatServiceSid": "IS123"}),
        studio_form({"Integration.RetryCount": "many"}),
        studio_form(without=["FriendlyName"]),
    ],
    ids=["bad-enum", "bad-sid", "bad-integer", "missing-required"],
)
def test_a_broken_request_fails_validation(flex_emulator, validator, form):
    prepared = requests.Request("POST", flex_emulator.base_url + "/v1/FlexFlows", data=form, auth=(ACCOUNT_SID, AUTH_TOKEN)).prepare()

    with pytest.raises(RequestValidationError):
        validator.validate_request(prepared)


def test_an_untyped_integration_accepts_an_object_and_null(flex_emulator, validator):
    """The spec's ``integration`` is nullable with no type; openapi-core must accept both values as they are."""
    response = FlexApiClient(flex_emulator.base_url, (ACCOUNT_SID, AUTH_TOKEN)).create()

    validator.validate_response(tampered(response, lambda flow: flow.update(integration=None)))
    validator.validate_response(tampered(response, lambda flow: flow.update(integration={"anything": [1, 2]})))


def test_the_spec_location_follows_the_variable(monkeypatch, tmp_path):
    monkeypatch.delenv(SPEC_ENV, raising=False)
    assert spec_path().parts[-3:] == ("shared", "twilio-oai", "twilio_flex_v1.yaml")

    monkeypatch.setenv(SPEC_ENV, str(tmp_path / "absent.yaml"))
    with pytest.raises(pytest.skip.Exception, match=SPEC_ENV):
        require_spec()
