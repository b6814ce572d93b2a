# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Form parameters: types, enums, patterns and required fields, a 400 naming the parameter, for every resource; then a
flow's per-integration rules, and an address configuration's create-only fields, enum case, repeated
AutoCreation.WebhookFilters key, one configuration per address and auto_creation merges."""

import pytest

from emulator_support import (
    ADDRESSES,
    CONVERSATION_SERVICE_SID,
    FLOWS,
    OTHER_STUDIO_FLOW_SID,
    PHONE_NUMBER,
    RESOURCES,
    STUDIO_FLOW_SID,
    WHATSAPP_ADDRESS,
    WORKFLOW_SID,
    WORKSPACE_SID,
    assert_bad_parameter,
    per_resource,
    studio_form,
    twilio_error,
    webhook_form,
)
from flex_emulator.address_resource import ADDRESS_TYPES

# -- every resource ------------------------------------------------------------------------------


@pytest.mark.parametrize("resource, name", per_resource({resource: list(resource.required) for resource in RESOURCES}), indirect=["resource"])
def test_create_requires_its_parameters_and_refuses_them_empty(flex_emulator, resource, client, name):
    assert_bad_parameter(client.create(resource.create_form(without=[name])), name, f"Missing required parameter {name} in the post body")
    assert_bad_parameter(client.create(resource.create_form({name: ""})), name)
    assert getattr(flex_emulator, resource.name) == {}
    sid = client.created_sid()
    assert_bad_parameter(client.update(sid, {name: ""}), name)


@pytest.mark.parametrize(
    "resource, name, value",
    per_resource(
        {
            FLOWS: [
                ("ChatServiceSid", "IS123"),
                ("ChatServiceSid", "XX" + "1" * 32),
                ("ChannelType", "SMS"),
                ("IntegrationType", "Studio"),
                ("IntegrationType", "webhook"),
                ("Integration.FlowSid", "FW" + "z" * 32),
                ("Integration.WorkspaceSid", "WW" + "4" * 32),
                ("Integration.WorkflowSid", "WS" + "5" * 32),
                ("Integration.Url", "/relative/path"),
                ("Integration.Url", "ftp://example.com/hook"),
                ("Integration.Url", "https://"),
                ("Integration.RetryCount", "4"),
                ("Integration.RetryCount", "-1"),
                ("Integration.RetryCount", "two"),
                ("Integration.Timeout", "-1"),
                ("Integration.Timeout", "1.5"),
                ("Integration.Priority", "high"),
                ("Integration.Priority", ""),
                ("Enabled", "yes"),
                ("Enabled", "1"),
                ("Enabled", ""),
                ("LongLived", "on"),
                ("JanitorEnabled", "t"),
                ("Integration.CreationOnMessage", "0"),
            ],
            ADDRESSES: [
                ("Type", "fax"),
                ("Type", "whats app"),
                ("FriendlyName", "x" * 257),
                ("AddressCountry", "USA"),
                ("AddressCountry", "1"),
                ("AutoCreation.Enabled", "yes"),
                ("AutoCreation.Enabled", ""),
                ("AutoCreation.Type", "flow"),
                ("AutoCreation.Type", "Webhook"),
                ("AutoCreation.Type", ""),
                ("AutoCreation.ConversationServiceSid", "IS123"),
                ("AutoCreation.ConversationServiceSid", "CH" + "6" * 32),
                ("AutoCreation.WebhookUrl", "/relative"),
                ("AutoCreation.WebhookUrl", "ftp://example.com/hook"),
                ("AutoCreation.WebhookMethod", "put"),
                ("AutoCreation.WebhookMethod", ""),
                ("AutoCreation.WebhookFilters", "onSomething"),
                ("AutoCreation.StudioFlowSid", "FW" + "z" * 32),
                ("AutoCreation.StudioRetryCount", "many"),
                ("AutoCreation.StudioRetryCount", "-1"),
                ("AutoCreation.StudioRetryCount", "1.5"),
            ],
        }
    ),
    indirect=["resource"],
)
def test_wrong_values_answer_400_naming_the_parameter(flex_emulator, resource, client, name, value):
    assert_bad_parameter(client.create(resource.create_form({name: value})), name)
    assert getattr(flex_emulator, resource.name) == {}


@pytest.mark.parametrize(
    "resource, name, value",
    per_resource(
        {
            FLOWS: [
                ("Integration.RetryCount", "0"),
                ("Integration.RetryCount", "3"),
                ("Integration.Timeout", "0"),
                ("Integration.Priority", "10"),
                ("Integration.Url", "http://example.com/hook"),
                ("Integration.Channel", "TC" + "6" * 32),
            ],
            ADDRESSES: [
                ("FriendlyName", "x" * 256),
                ("AddressCountry", "ca"),
                ("AutoCreation.StudioRetryCount", "0"),
                ("AutoCreation.StudioRetryCount", "10"),
                ("AutoCreation.WebhookUrl", "http://example.com/hook"),
            ],
        }
    ),
    indirect=["resource"],
)
def test_boundary_values_are_accepted(resource, client, name, value):
    assert client.create(resource.create_form({name: value})).status_code == 201


@pytest.mark.parametrize(
    "resource, name, value, message",
    per_resource(
        {
            FLOWS: [("ChannelType", "telegram", "Invalid parameter: ChannelType must be one of web, sms, facebook, whatsapp, line, custom")],
            ADDRESSES: [
                ("Type", "fax", "Invalid parameter: Type must be one of sms, whatsapp, messenger, gbm, email, rcs, apple, chat"),
                ("AutoCreation.WebhookMethod", "put", "Invalid parameter: AutoCreation.WebhookMethod must be one of get, post"),
            ],
        }
    ),
    indirect=["resource"],
)
def test_enum_errors_list_the_choices_as_the_spec_does(resource, client, name, value, message):
    assert_bad_parameter(client.create(resource.create_form({name: value})), name, message)


def test_a_bad_update_changes_nothing(resource, client):
    created = client.create().json()

    name, value = resource.bad_update_param
    assert_bad_parameter(client.update(created["sid"], {"FriendlyName": "New", name: value}), name)

    assert client.fetch(created["sid"]).json() == created


def test_parameters_are_checked_before_the_item_is_looked_up(resource, client):
    name, bad, good = resource.enum_param

    assert_bad_parameter(client.update(resource.unknown_sid, {name: bad}), name)
    assert client.update(resource.unknown_sid, {name: good}).status_code == 404


def test_only_form_bodies_carry_parameters(resource, client):
    response = client.session.post(client.url(), json=resource.create_form(), timeout=10)

    assert_bad_parameter(response, resource.required[0])


def test_a_repeated_key_counts_with_its_last_value(flex_emulator, resource, client):
    form = resource.create_form()

    item = client.create(list(form.items()) + [("FriendlyName", "Second name")]).json()

    assert item["friendly_name"] == "Second name"
    # The log shows what was sent: a repeated key as the list of its values, a single one as a string.
    logged = flex_emulator.request_log[-1]["form"]
    assert logged["FriendlyName"] == [form["FriendlyName"], "Second name"]
    other = next(name for name in form if name != "FriendlyName")
    assert logged[other] == form[other]


# -- flows ---------------------------------------------------------------------------------------


def test_integers_are_stored_as_numbers(api):
    flow = api.create(studio_form({"Integration.RetryCount": "2"})).json()

    assert flow["integration"]["retry_count"] == 2


@pytest.mark.parametrize("text, expected", [("true", True), ("True", True), ("TRUE", True), ("false", False), ("False", False)])
def test_booleans_accept_any_case(api, text, expected):
    form = studio_form({"Enabled": text, "LongLived": text, "JanitorEnabled": text, "Integration.CreationOnMessage": text})

    flow = api.create(form).json()

    assert flow["enabled"] is expected
    assert flow["long_lived"] is expected
    assert flow["janitor_enabled"] is expected
    assert flow["integration"]["creation_on_message"] is expected


def test_unknown_parameters_are_ignored(api):
    response = api.create(studio_form({"Colour": "blue", "Integration.Unknown": "1", "enabled": "maybe"}))

    assert response.status_code == 201
    assert "Colour" not in response.text and "Unknown" not in response.text
    assert response.json()["enabled"] is False


def test_studio_is_the_default_integration_type_so_a_bare_create_needs_a_flow_sid(api):
    response = api.create(studio_form(without=["Integration.FlowSid"]))

    assert_bad_parameter(response, "Integration.FlowSid", "Invalid parameter: Integration.FlowSid is required when IntegrationType is studio")


@pytest.mark.parametrize(
    "integration_type, form, missing",
    [
        ("studio", {}, "Integration.FlowSid"),
        ("external", {}, "Integration.Url"),
        ("task", {"Integration.WorkflowSid": WORKFLOW_SID}, "Integration.WorkspaceSid"),
        ("task", {"Integration.WorkspaceSid": WORKSPACE_SID}, "Integration.WorkflowSid"),
    ],
)
def test_each_integration_type_requires_its_fields(api, integration_type, form, missing):
    create_form = studio_form({"IntegrationType": integration_type, **form}, without=["Integration.FlowSid"])

    assert_bad_parameter(api.create(create_form), missing)


def test_external_and_task_flows_are_created_with_their_defaults(api):
    external = api.create(studio_form({"IntegrationType": "external", "Integration.Url": "https://example.com/hook"}, without=["Integration.FlowSid"])).json()
    task = api.create(
        studio_form(
            {"IntegrationType": "task", "Integration.WorkspaceSid": WORKSPACE_SID, "Integration.WorkflowSid": WORKFLOW_SID}, without=["Integration.FlowSid"]
        )
    ).json()

    assert external["integration"] == {"url": "https://example.com/hook", "retry_count": 3}
    assert task["integration"] == {
        "workspace_sid": WORKSPACE_SID,
        "workflow_sid": WORKFLOW_SID,
        "channel": "default",
        "timeout": 86400,
        "priority": 0,
    }


def test_update_rules_apply_to_the_merged_flow(api):
    sid = api.created_sid()

    assert_bad_parameter(api.update(sid, {"IntegrationType": "external"}), "Integration.Url")
    assert api.fetch(sid).json()["integration_type"] == "studio"

    response = api.update(sid, {"IntegrationType": "external", "Integration.Url": "https://example.com/hook"})
    assert response.status_code == 200
    assert response.json()["integration_type"] == "external"


def test_update_merges_integration_keys_into_the_stored_object(api):
    sid = api.created_sid(studio_form({"Integration.RetryCount": "1", "Integration.CreationOnMessage": "true"}))

    flow = api.update(sid, {"Integration.RetryCount": "2"}).json()
    assert flow["integration"] == {"flow_sid": STUDIO_FLOW_SID, "retry_count": 2, "creation_on_message": True}

    flow = api.update(sid, {"Integration.FlowSid": OTHER_STUDIO_FLOW_SID}).json()
    assert flow["integration"] == {"flow_sid": OTHER_STUDIO_FLOW_SID, "retry_count": 2, "creation_on_message": True}


def test_empty_optional_string_clears_it_to_null(api):
    sid = api.created_sid(studio_form({"ContactIdentity": "+15550100"}))

    flow = api.update(sid, {"ContactIdentity": ""}).json()

    assert flow["contact_identity"] is None


def test_clearing_a_required_integration_field_is_refused(api):
    sid = api.created_sid()

    assert_bad_parameter(api.update(sid, {"Integration.FlowSid": ""}), "Integration.FlowSid")
    assert api.fetch(sid).json()["integration"]["flow_sid"] == STUDIO_FLOW_SID


def test_a_repeated_boolean_counts_with_its_last_value(api):
    form = list(studio_form().items()) + [("Enabled", "false"), ("Enabled", "true")]

    assert api.create(form).json()["enabled"] is True


# -- address configurations ----------------------------------------------------------------------


@pytest.mark.parametrize("address_type", ADDRESS_TYPES)
def test_every_address_type_is_accepted(addresses, address_type):
    assert addresses.create(webhook_form({"Type": address_type})).json()["type"] == address_type


@pytest.mark.parametrize("text", ["whAtsAPP", "WHATSAPP", "WhatsApp"])
def test_type_is_accepted_in_any_case_and_answered_in_lower_case(addresses, text):
    created = addresses.create(webhook_form({"Type": text, "Address": WHATSAPP_ADDRESS})).json()

    assert created["type"] == "whatsapp"
    assert addresses.fetch(WHATSAPP_ADDRESS).json()["type"] == "whatsapp"


@pytest.mark.parametrize("text", ["post", "POST", "Post", "get", "GET"])
def test_webhook_method_is_accepted_in_any_case_and_answered_in_upper_case(addresses, text):
    sid = addresses.created_sid(webhook_form({"AutoCreation.WebhookMethod": text}))

    assert addresses.fetch(sid).json()["auto_creation"]["webhook_method"] == text.upper()
    assert addresses.update(sid, {"AutoCreation.WebhookMethod": "get"}).json()["auto_creation"]["webhook_method"] == "GET"


@pytest.mark.parametrize("text, expected", [("true", True), ("True", True), ("FALSE", False)])
def test_auto_creation_booleans_accept_any_case(addresses, text, expected):
    assert addresses.create(webhook_form({"AutoCreation.Enabled": text})).json()["auto_creation"]["enabled"] is expected


def test_repeated_webhook_filters_are_kept_in_the_order_given(flex_emulator, addresses):
    form = list(webhook_form().items())
    form += [
        ("AutoCreation.WebhookFilters", "onMessageUpdated"),
        ("AutoCreation.WebhookFilters", "onMessageAdded"),
        ("AutoCreation.WebhookFilters", "onDeliveryUpdated"),
    ]

    created = addresses.create(form).json()

    assert created["auto_creation"]["webhook_filters"] == ["onMessageUpdated", "onMessageAdded", "onDeliveryUpdated"]
    assert flex_emulator.request_log[-1]["form"]["AutoCreation.WebhookFilters"] == ["onMessageUpdated", "onMessageAdded", "onDeliveryUpdated"]
    # A key sent once stays a plain string in the log.
    assert flex_emulator.request_log[-1]["form"]["Type"] == "sms"


def test_one_webhook_filter_is_a_list_of_one(addresses):
    created = addresses.create(webhook_form({"AutoCreation.WebhookFilters": "onMessageAdded"})).json()

    assert created["auto_creation"]["webhook_filters"] == ["onMessageAdded"]


def test_webhook_filters_are_replaced_by_an_update_and_cleared_by_an_empty_value(addresses):
    sid = addresses.created_sid(webhook_form({"AutoCreation.WebhookFilters": ["onMessageAdded", "onMessageUpdated"]}))

    updated = addresses.update(sid, {"AutoCreation.WebhookFilters": ["onParticipantAdded"]}).json()
    assert updated["auto_creation"]["webhook_filters"] == ["onParticipantAdded"]

    cleared = addresses.update(sid, {"AutoCreation.WebhookFilters": ""}).json()
    assert cleared["auto_creation"]["webhook_filters"] is None


def test_an_invalid_filter_among_valid_ones_is_refused(addresses):
    response = addresses.create(webhook_form({"AutoCreation.WebhookFilters": ["onMessageAdded", "onMessageAddedd"]}))

    assert_bad_parameter(response, "AutoCreation.WebhookFilters")


def test_a_second_configuration_for_the_same_address_answers_409(flex_emulator, addresses):
    first = addresses.create().json()

    response = addresses.create(webhook_form({"Type": "whatsapp", "FriendlyName": "Another"}))

    assert response.status_code == 409
    assert response.json() == twilio_error(409, f"An address configuration for {PHONE_NUMBER} already exists: {first['sid']}")
    assert list(flex_emulator.addresses) == [first["sid"]]
    assert addresses.fetch(PHONE_NUMBER).json() == first


def test_an_address_is_free_again_after_its_configuration_is_deleted(addresses):
    first = addresses.created_sid()
    addresses.delete(first)

    second = addresses.create()

    assert second.status_code == 201
    assert second.json()["sid"] != first


def test_addresses_are_compared_exactly(addresses):
    addresses.create(webhook_form({"Address": "support@example.com", "Type": "email"}))

    assert addresses.create(webhook_form({"Address": "Support@example.com", "Type": "email"})).status_code == 201


@pytest.mark.parametrize("name, value", [("Type", "whatsapp"), ("Address", "+15550000000"), ("AddressCountry", "GB"), ("Type", ""), ("Address", "")])
def test_create_only_fields_are_refused_on_update(addresses, name, value):
    created = addresses.create().json()

    response = addresses.update(created["sid"], {"FriendlyName": "Renamed", name: value})

    assert_bad_parameter(response, name, f"Invalid parameter: {name} cannot be updated; it is set on create only")
    assert addresses.fetch(created["sid"]).json() == created


def test_a_create_only_field_with_the_same_value_is_refused_too(addresses):
    sid = addresses.created_sid()

    assert_bad_parameter(addresses.update(sid, {"Type": "sms"}), "Type")
    assert_bad_parameter(addresses.update(PHONE_NUMBER, {"Address": PHONE_NUMBER}), "Address")


def test_create_only_fields_are_checked_before_the_configuration_is_looked_up(addresses):
    assert_bad_parameter(addresses.update("+15550000000", {"Type": "sms"}), "Type")


def test_an_empty_friendly_name_clears_it(addresses):
    sid = addresses.created_sid()

    assert addresses.update(sid, {"FriendlyName": ""}).json()["friendly_name"] is None


def test_update_merges_auto_creation_keys_of_the_same_type(addresses):
    sid = addresses.created_sid(webhook_form({"AutoCreation.WebhookFilters": ["onMessageAdded"]}))

    auto_creation = addresses.update(sid, {"AutoCreation.WebhookUrl": "https://example.com/other", "AutoCreation.Enabled": "false"}).json()["auto_creation"]

    assert auto_creation == {
        "enabled": False,
        "type": "webhook",
        "conversation_service_sid": CONVERSATION_SERVICE_SID,
        "webhook_url": "https://example.com/other",
        "webhook_method": "POST",
        "webhook_filters": ["onMessageAdded"],
    }


def test_switching_the_auto_creation_type_drops_the_keys_of_the_former_type(addresses):
    """The spec's update example: a webhook configuration becomes studio and answers studio keys only."""
    sid = addresses.created_sid(webhook_form({"AutoCreation.WebhookFilters": ["onMessageAdded"]}))

    studio = addresses.update(
        sid,
        {
            "FriendlyName": "My Test Configuration Updated",
            "AutoCreation.Enabled": "false",
            "AutoCreation.Type": "studio",
            "AutoCreation.StudioFlowSid": STUDIO_FLOW_SID,
            "AutoCreation.StudioRetryCount": "3",
        },
    ).json()
    assert studio["auto_creation"] == {
        "enabled": False,
        "type": "studio",
        "conversation_service_sid": CONVERSATION_SERVICE_SID,
        "studio_flow_sid": STUDIO_FLOW_SID,
        "studio_retry_count": 3,
    }

    # Back to webhook: the former webhook keys are gone for good, the studio ones are dropped.
    webhook = addresses.update(sid, {"AutoCreation.Type": "webhook"}).json()["auto_creation"]
    assert webhook == {
        "enabled": False,
        "type": "webhook",
        "conversation_service_sid": CONVERSATION_SERVICE_SID,
        "webhook_url": None,
        "webhook_method": None,
        "webhook_filters": None,
    }

    default = addresses.update(sid, {"AutoCreation.Type": "default", "AutoCreation.Enabled": "true"}).json()["auto_creation"]
    assert default == {"enabled": True, "type": "default"}


def test_a_key_of_the_new_type_that_a_switch_does_not_send_answers_null(addresses):
    """Not documented: the emulator's choice, which the README lists and the module's check mode does not predict."""
    sid = addresses.created_sid(webhook_form())

    auto_creation = addresses.update(sid, {"AutoCreation.Type": "studio", "AutoCreation.StudioFlowSid": STUDIO_FLOW_SID}).json()["auto_creation"]

    assert auto_creation == {
        "enabled": True,
        "type": "studio",
        "conversation_service_sid": CONVERSATION_SERVICE_SID,
        "studio_flow_sid": STUDIO_FLOW_SID,
        "studio_retry_count": None,
    }


def test_keys_of_another_type_sent_in_an_update_are_dropped(addresses):
    sid = addresses.created_sid(
        webhook_form(
            {"AutoCreation.Type": "studio", "AutoCreation.StudioFlowSid": STUDIO_FLOW_SID}, without=["AutoCreation.WebhookUrl", "AutoCreation.WebhookMethod"]
        )
    )

    auto_creation = addresses.update(sid, {"AutoCreation.WebhookUrl": "https://example.com/hook", "AutoCreation.StudioFlowSid": OTHER_STUDIO_FLOW_SID}).json()[
        "auto_creation"
    ]

    assert "webhook_url" not in auto_creation
    assert auto_creation["studio_flow_sid"] == OTHER_STUDIO_FLOW_SID


def test_cross_field_rules_are_left_to_flex(addresses):
    """Flex reports a studio configuration without a flow SID when it uses it (error 45763), not the API."""
    created = addresses.create({"Type": "sms", "Address": PHONE_NUMBER, "AutoCreation.Type": "studio"})

    assert created.status_code == 201
    assert created.json()["auto_creation"]["studio_flow_sid"] is None


def test_unknown_configuration_parameters_are_ignored(addresses):
    response = addresses.create(webhook_form({"Colour": "blue", "AutoCreation.BindingName": "x"}))

    assert response.status_code == 201
    assert "Colour" not in response.text and "BindingName" not in response.text and "binding_name" not in response.text
