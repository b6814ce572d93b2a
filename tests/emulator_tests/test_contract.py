# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every request these tests send and every success the emulator answers, checked against Twilio's OpenAPI
descriptions; and the emulator's Address Configuration answers compared with the Conversations description's examples.

The descriptions live outside the repository: Flex v1 at $TWILIO_OAI_SPEC (default ../shared/twilio-oai/twilio_flex_v1.yaml
beside the repository root), Conversations v1 at $TWILIO_OAI_CONVERSATIONS_SPEC, else beside the Flex one. They declare
no error responses, so only successes are checked.
"""

import copy
import json

import pytest
import requests
from openapi_core.validation.request.exceptions import RequestValidationError
from openapi_core.validation.response.exceptions import ResponseValidationError

from emulator_support import (
    ADDRESSES,
    ADDRESSES_PATH,
    CONVERSATION_SERVICE_SID,
    FLOWS,
    OTHER_STUDIO_FLOW_SID,
    PHONE_NUMBER,
    STUDIO_FLOW_SID,
    TASKROUTER_SPEC_FILE,
    WHATSAPP_ADDRESS,
    WORKFLOW_SID,
    WORKSPACE_SID,
    ApiClient,
    api_flow,
    numbered_address,
    per_resource,
    studio_form,
    webhook_form,
)
from flex_emulator.address_resource import ADDRESS_TYPES
from flex_emulator.credentials import ACCOUNT_SID, API_KEY, API_SECRET, AUTH_TOKEN
from flex_emulator.openapi_contract import (
    CONVERSATIONS_SERVER,
    CONVERSATIONS_SPEC_ENV,
    SPEC_ENV,
    SPEC_SERVER,
    TASKROUTER_SERVER,
    TASKROUTER_SPEC_ENV,
    SpecValidator,
    conversations_spec_path,
    spec_path,
    taskrouter_spec_path,
)

# Where the Conversations spec contradicts itself, only the case of exactly these request parameters is left out
# of the check (their values must still be in the enums):
# - Type: the enum is lower case, yet the spec's own request example createWhatsappCaseInsensitive sends "whAtsAPP";
# - AutoCreation.WebhookMethod: the enum is get/post since 2025-07 (GET/POST before), and every response example
#   answers "POST", so clients send either case.
# Answers need no such exclusion: ``type`` is a plain string and ``auto_creation`` (with webhook_method) is
# untyped in the response schema, so the answered "POST" breaks nothing there.
CASE_FOLDED_FORM_FIELDS = ("Type", "AutoCreation.WebhookMethod")
FORM = "application/x-www-form-urlencoded"

# Per description: (where it is, the variable that moves it, the server it describes, the form fields whose case is left out).
SPECS = {
    FLOWS.spec_file: (spec_path, SPEC_ENV, SPEC_SERVER, ()),
    ADDRESSES.spec_file: (conversations_spec_path, CONVERSATIONS_SPEC_ENV, CONVERSATIONS_SERVER, CASE_FOLDED_FORM_FIELDS),
    TASKROUTER_SPEC_FILE: (taskrouter_spec_path, TASKROUTER_SPEC_ENV, TASKROUTER_SERVER, ()),
}


def require_spec(resource):
    where, variable, _server, _folded = SPECS[resource.spec_file]
    path = where()
    if not path.is_file():
        pytest.skip(f"Twilio's OpenAPI description not found at {path}; set {variable} to {resource.spec_file}")
    return path


@pytest.fixture(scope="module")
def validators():
    """``validators(resource)``: the SpecValidator of the resource's description, loaded once a module."""
    loaded = {}

    def validator_of(resource):
        if resource.spec_file not in loaded:
            _where, _variable, server, folded = SPECS[resource.spec_file]
            loaded[resource.spec_file] = SpecValidator(require_spec(resource), server=server, case_folded_form_fields=folded)
        return loaded[resource.spec_file]

    return validator_of


@pytest.fixture
def validator(validators, resource):
    return validators(resource)


@pytest.fixture
def flex_validator(validators):
    return validators(FLOWS)


@pytest.fixture
def conversations_validator(validators):
    return validators(ADDRESSES)


@pytest.fixture
def strict_validator(conversations_validator):
    """The Conversations spec with nothing left out of the check."""
    strict = copy.copy(conversations_validator)
    strict.case_folded_form_fields = ()
    return strict


def validated_client(emulator, resource, validator):
    """A client whose every exchange is validated; a violation fails the request that caused it."""
    client = ApiClient(emulator.base_url, (ACCOUNT_SID, AUTH_TOKEN), resource=resource)
    client.validated = []

    def validate(response, *_args, **_kwargs):
        assert response.status_code < 400, response.text
        validator.validate_response(response)
        client.validated.append(response.request.method)

    client.session.hooks["response"].append(validate)
    return client


@pytest.fixture
def contract_api(flex_emulator, flex_validator):
    client = validated_client(flex_emulator, FLOWS, flex_validator)
    yield client
    client.close()


@pytest.fixture
def contract_addresses(flex_emulator, conversations_validator):
    client = validated_client(flex_emulator, ADDRESSES, conversations_validator)
    yield client
    client.close()


def tampered(response, change):
    """A copy of a real response whose JSON body went through ``change``."""
    body = response.json()
    change(body)
    copied = copy.copy(response)
    copied._content = json.dumps(body).encode()  # pylint: disable=protected-access
    return copied


# -- every resource: the validator must bite (exchanges that break the spec fail) -----------------


def broken(answer, changes):
    """(answer, change) cases: ``answer`` is "item" (a create's answer) or "page" (a list page)."""
    return [(answer, change) for change in changes]


@pytest.mark.parametrize(
    "resource, answer, change",
    per_resource(
        {
            FLOWS: broken(
                "item",
                [
                    lambda flow: flow.update(enabled="yes"),
                    lambda flow: flow.update(sid="FO-not-a-sid"),
                    lambda flow: flow.update(channel_type="fax"),
                    lambda flow: flow.update(date_created=12),
                    lambda flow: flow.update(account_sid="AC123"),
                ],
            )
            + broken("page", [lambda page: page["flex_flows"][0].update(long_lived="no")]),
            ADDRESSES: broken(
                "item",
                [
                    lambda address: address.update(sid="IG-not-a-sid"),
                    lambda address: address.update(sid="FO" + "a" * 32),
                    lambda address: address.update(account_sid="AC123"),
                    lambda address: address.update(date_created=12),
                    lambda address: address.update(type=["sms"]),
                    lambda address: address.update(url=5),
                ],
            )
            + broken("page", [lambda page: page["address_configurations"][0].update(sid="IG1")]),
        },
        ids=["boolean-as-string", "bad-sid", "bad-enum", "date-as-number", "short-account-sid", "nested-flow-broken"]
        + ["bad-sid", "flow-sid", "short-account-sid", "date-as-number", "type-as-list", "url-as-number", "nested-configuration-broken"],
    )
    + per_resource(
        {
            resource: broken(
                "page",
                [
                    lambda page, key=resource.list_key: page.update({key: {"not": "an array"}}),
                    lambda page: page["meta"].update(page="0"),
                    lambda page: page["meta"].update(next_page_url=5),
                ],
            )
            for resource in (FLOWS, ADDRESSES)
        },
        ids=["not-an-array", "page-as-string", "url-as-number"] * 2,
    ),
    indirect=["resource"],
)
def test_a_broken_answer_fails_validation(client, validator, answer, change):
    response = client.create()
    if answer == "page":
        response = client.list()
    validator.validate_response(response)

    with pytest.raises(ResponseValidationError):
        validator.validate_response(tampered(response, change))


@pytest.mark.parametrize(
    "resource, form",
    per_resource(
        {
            FLOWS: [
                studio_form({"ChannelType": "fax"}),
                studio_form({"ChatServiceSid": "IS123"}),
                studio_form({"Integration.RetryCount": "many"}),
                studio_form(without=["FriendlyName"]),
            ],
            ADDRESSES: [
                webhook_form({"Type": "fax"}),
                webhook_form({"Type": "FAX"}),
                webhook_form(without=["Address"]),
                webhook_form(without=["Type"]),
                webhook_form({"AutoCreation.ConversationServiceSid": "IS123"}),
                webhook_form({"AutoCreation.StudioFlowSid": "FW" + "z" * 32}),
                webhook_form({"AutoCreation.StudioRetryCount": "many"}),
                webhook_form({"AutoCreation.Type": "flow"}),
                webhook_form({"AutoCreation.WebhookMethod": "PUT"}),
                webhook_form({"AutoCreation.Enabled": "maybe"}),
            ],
        },
        ids=["bad-enum", "bad-sid", "bad-integer", "missing-required"]
        + ["bad-type", "bad-type-in-upper-case", "missing-address", "missing-type", "bad-service-sid"]
        + ["bad-flow-sid", "bad-integer", "bad-auto-type", "bad-method", "bad-boolean"],
    ),
    indirect=["resource"],
)
def test_a_broken_create_request_fails_validation(flex_emulator, resource, validator, form):
    prepared = requests.Request("POST", flex_emulator.base_url + resource.list_path, data=form, auth=(ACCOUNT_SID, AUTH_TOKEN)).prepare()

    with pytest.raises(RequestValidationError):
        validator.validate_request(prepared)


def test_a_list_query_beyond_the_maximum_page_size_fails_validation(flex_emulator, resource, validator):
    prepared = requests.Request(
        "GET", flex_emulator.base_url + resource.list_path, params={"PageSize": resource.page_size_cap + 1}, auth=(ACCOUNT_SID, AUTH_TOKEN)
    ).prepare()

    with pytest.raises(RequestValidationError):
        validator.validate_request(prepared)


# -- flows ---------------------------------------------------------------------------------------


def test_flow_exchanges_match_the_spec(contract_api):
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


def test_flow_list_pages_match_the_spec(flex_emulator, contract_api):
    flex_emulator.reset(seed=[api_flow(friendly_name="Paged") for _index in range(7)] + [api_flow(integration=None)])

    pages = contract_api.list_all({"FriendlyName": "Paged", "PageSize": 3})

    assert len(pages) == 3
    assert contract_api.list().status_code == 200
    assert contract_api.list({"FriendlyName": "Nobody"}).json()["flex_flows"] == []
    assert contract_api.request("GET", pages[-1]["meta"]["previous_page_url"]).status_code == 200


def test_api_key_exchanges_match_the_spec(flex_emulator, flex_validator):
    client = ApiClient(flex_emulator.base_url, (API_KEY, API_SECRET))

    response = client.create()

    flex_validator.validate_response(response)
    client.close()


def test_an_untyped_integration_accepts_an_object_and_null(flex_emulator, flex_validator):
    """The spec's ``integration`` is nullable with no type; openapi-core must accept both values as they are."""
    response = ApiClient(flex_emulator.base_url, (ACCOUNT_SID, AUTH_TOKEN)).create()

    flex_validator.validate_response(tampered(response, lambda flow: flow.update(integration=None)))
    flex_validator.validate_response(tampered(response, lambda flow: flow.update(integration={"anything": [1, 2]})))


def test_the_spec_location_follows_the_variable(monkeypatch, tmp_path):
    monkeypatch.delenv(SPEC_ENV, raising=False)
    assert spec_path().parts[-3:] == ("shared", "twilio-oai", "twilio_flex_v1.yaml")

    monkeypatch.setenv(SPEC_ENV, str(tmp_path / "absent.yaml"))
    with pytest.raises(pytest.skip.Exception, match=SPEC_ENV):
        require_spec(FLOWS)


# -- address configurations ----------------------------------------------------------------------


def operation(validator, path, method):
    return validator.document["paths"][path][method]


def request_examples(validator, path):
    return {name: example["value"] for name, example in operation(validator, path, "post")["requestBody"]["content"][FORM]["examples"].items()}


def response_examples(validator, path, method, status):
    content = operation(validator, path, method)["responses"][status]["content"]["application/json"]
    return {name: example["value"] for name, example in content["examples"].items()}


def as_form(example):
    """A spec request example as form pairs, as an SDK sends it: booleans as true/false, a list as a repeated key."""
    pairs = []
    for name, value in example.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, str(item).lower() if isinstance(item, bool) else str(item)))
    return pairs


def test_address_exchanges_match_the_spec(contract_addresses):
    form = webhook_form({"Type": "WhatsApp", "Address": WHATSAPP_ADDRESS, "AddressCountry": "US", "AutoCreation.WebhookMethod": "POST"})
    form["AutoCreation.WebhookFilters"] = ["onMessageAdded", "onMessageUpdated"]
    created = contract_addresses.create(form)
    assert created.status_code == 201
    sid = created.json()["sid"]

    assert contract_addresses.fetch(sid).status_code == 200
    assert contract_addresses.fetch(WHATSAPP_ADDRESS).status_code == 200
    assert contract_addresses.update(WHATSAPP_ADDRESS, {"FriendlyName": "Renamed", "AutoCreation.WebhookFilters": ""}).status_code == 200
    switched = contract_addresses.update(
        sid, {"AutoCreation.Type": "studio", "AutoCreation.StudioFlowSid": STUDIO_FLOW_SID, "AutoCreation.StudioRetryCount": "2"}
    )
    assert switched.status_code == 200
    assert contract_addresses.update(sid, {"AutoCreation.Type": "default", "FriendlyName": ""}).status_code == 200
    assert contract_addresses.list({"Type": "whatsapp"}).status_code == 200
    assert contract_addresses.delete(WHATSAPP_ADDRESS).status_code == 204
    assert contract_addresses.validated == ["POST", "GET", "GET", "POST", "POST", "POST", "GET", "DELETE"]


@pytest.mark.parametrize("address_type", ADDRESS_TYPES)
def test_every_address_type_matches_the_spec(contract_addresses, address_type):
    assert contract_addresses.create(webhook_form({"Type": address_type})).status_code == 201


def test_address_list_pages_match_the_spec(flex_emulator, contract_addresses):
    flex_emulator.reset(seed={"addresses": [numbered_address(index) for index in range(60)] + [numbered_address(60, "whatsapp")]})

    pages = contract_addresses.list_all({"Type": "sms"})

    assert [len(page["address_configurations"]) for page in pages] == [50, 10]
    assert contract_addresses.request("GET", pages[-1]["meta"]["previous_page_url"]).status_code == 200
    assert contract_addresses.list({"PageSize": 50, "Page": 0}).status_code == 200
    assert contract_addresses.list({"Type": "email"}).json()["address_configurations"] == []


def test_every_create_example_of_the_spec_is_answered_like_its_response_example(flex_emulator, contract_addresses, conversations_validator):
    requests_by_name = request_examples(conversations_validator, ADDRESSES_PATH)
    answers_by_name = response_examples(conversations_validator, ADDRESSES_PATH, "post", "201")
    names = sorted(set(requests_by_name) & set(answers_by_name))
    assert "createWhatsappCaseInsensitive" in names and len(names) >= 9

    for name in names:
        # Several examples configure the same address: each starts from an empty account.
        flex_emulator.reset(seed={})
        answer = contract_addresses.create(as_form(requests_by_name[name]))
        assert answer.status_code == 201, (name, answer.text)
        expected = answers_by_name[name]
        for key in ("address", "friendly_name", "address_country", "auto_creation"):
            assert answer.json()[key] == expected[key], (name, key)
        # The example answers "whAtsAPP" as sent; the emulator answers the enum's lower case (an inferred
        # choice, see address_resource.py), so only the case of ``type`` is left out of this comparison.
        assert answer.json()["type"] == expected["type"].lower(), name


def test_the_update_example_of_the_spec_is_answered_like_its_response_example(contract_addresses, conversations_validator):
    path = ADDRESSES_PATH + "/{Sid}"
    created = contract_addresses.create(as_form(request_examples(conversations_validator, ADDRESSES_PATH)["create"])).json()

    updated = contract_addresses.update(created["sid"], as_form(request_examples(conversations_validator, path)["update"])).json()

    expected = response_examples(conversations_validator, path, "post", "200")["update"]
    for key in ("address", "type", "friendly_name", "address_country", "auto_creation"):
        assert updated[key] == expected[key], key
    assert list(updated["auto_creation"]) == list(expected["auto_creation"])


def test_the_list_envelope_matches_the_spec_examples(flex_emulator, contract_addresses, conversations_validator):
    examples = response_examples(conversations_validator, ADDRESSES_PATH, "get", "200")
    flex_emulator.reset(seed={"addresses": [numbered_address(0)]})

    page = contract_addresses.list({"Type": "sms"}).json()

    expected = examples["readByAddressType"]["meta"]
    assert set(page) == set(examples["readByAddressType"])
    assert set(page["meta"]) == set(expected)
    assert page["meta"]["first_page_url"] == expected["first_page_url"].replace(CONVERSATIONS_SERVER, flex_emulator.base_url)
    assert page["meta"]["url"] == expected["url"].replace(CONVERSATIONS_SERVER, flex_emulator.base_url)
    assert page["meta"]["key"] == expected["key"]


def test_auto_creation_keys_per_type_are_those_of_the_spec_examples(contract_addresses, conversations_validator):
    """webhook, studio and default each answer exactly the keys, in the order, the spec's examples show."""
    examples = response_examples(conversations_validator, ADDRESSES_PATH, "get", "200")["readAll"]["address_configurations"]
    expected = {example["auto_creation"]["type"]: list(example["auto_creation"]) for example in examples}
    assert set(expected) == {"webhook", "studio", "default"}
    forms = {
        "webhook": webhook_form({"AutoCreation.WebhookFilters": ["onMessageAdded"]}),
        "studio": {"Type": "sms", "Address": PHONE_NUMBER + "1", "AutoCreation.Type": "studio", "AutoCreation.StudioFlowSid": STUDIO_FLOW_SID},
        "default": {
            "Type": "sms",
            "Address": PHONE_NUMBER + "2",
            "AutoCreation.Type": "default",
            "AutoCreation.ConversationServiceSid": CONVERSATION_SERVICE_SID,
        },
    }

    for auto_type, form in forms.items():
        assert list(contract_addresses.create(form).json()["auto_creation"]) == expected[auto_type], auto_type


def test_an_untyped_auto_creation_accepts_any_value(flex_emulator, conversations_validator):
    """The schema's ``auto_creation`` has no type: the answered "POST" (and anything else) passes as it is."""
    response = ApiClient(flex_emulator.base_url, (ACCOUNT_SID, AUTH_TOKEN), resource=ADDRESSES).create()

    conversations_validator.validate_response(tampered(response, lambda address: address.update(auto_creation=None)))
    conversations_validator.validate_response(tampered(response, lambda address: address["auto_creation"].update(webhook_method="POST")))


def test_an_update_request_with_a_create_only_field_still_passes_the_spec_so_the_emulator_decides(flex_emulator, conversations_validator):
    """The update schema does not forbid extra properties: the 400 for Type on update is the emulator's (inferred) choice."""
    prepared = requests.Request(
        "POST", flex_emulator.base_url + ADDRESSES_PATH + "/%2B15555550100", data={"Type": "sms"}, auth=(ACCOUNT_SID, AUTH_TOKEN)
    ).prepare()

    conversations_validator.validate_request(prepared)


@pytest.mark.parametrize("name, value", [("Type", "whAtsAPP"), ("AutoCreation.WebhookMethod", "POST")])
def test_the_strict_spec_refuses_the_case_its_own_examples_use(flex_emulator, conversations_validator, strict_validator, name, value):
    """Why the case of these two parameters is left out: without that, the spec refuses what its examples send."""
    prepared = requests.Request("POST", flex_emulator.base_url + ADDRESSES_PATH, data=webhook_form({name: value}), auth=(ACCOUNT_SID, AUTH_TOKEN)).prepare()

    with pytest.raises(RequestValidationError):
        strict_validator.validate_request(prepared)
    conversations_validator.validate_request(prepared)


def test_the_spec_location_follows_the_variables(monkeypatch, tmp_path):
    monkeypatch.delenv(SPEC_ENV, raising=False)
    monkeypatch.delenv(CONVERSATIONS_SPEC_ENV, raising=False)
    assert conversations_spec_path().parts[-3:] == ("shared", "twilio-oai", "twilio_conversations_v1.yaml")

    monkeypatch.setenv(SPEC_ENV, str(tmp_path / "flex" / "twilio_flex_v1.yaml"))
    assert conversations_spec_path() == tmp_path / "flex" / "twilio_conversations_v1.yaml"

    monkeypatch.setenv(CONVERSATIONS_SPEC_ENV, str(tmp_path / "absent.yaml"))
    assert conversations_spec_path() == tmp_path / "absent.yaml"
    with pytest.raises(pytest.skip.Exception, match=CONVERSATIONS_SPEC_ENV):
        require_spec(ADDRESSES)
