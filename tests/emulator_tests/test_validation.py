# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Form parameters: types, enums, patterns, required fields and per-integration rules; 400 names the parameter."""

import pytest

from emulator_support import OTHER_STUDIO_FLOW_SID, STUDIO_FLOW_SID, UNKNOWN_FLOW_SID, WORKFLOW_SID, WORKSPACE_SID, studio_form


def assert_bad_parameter(response, name, message=None):
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["code"] == 20001
    assert body["status"] == 400
    assert body["more_info"] == "https://www.twilio.com/docs/errors/20001"
    assert name in body["message"]
    if message is not None:
        assert body["message"] == message


def test_channel_type_error_lists_the_choices(api):
    response = api.create(studio_form({"ChannelType": "telegram"}))

    assert_bad_parameter(response, "ChannelType", "Invalid parameter: ChannelType must be one of web, sms, facebook, whatsapp, line, custom")


@pytest.mark.parametrize("name", ["FriendlyName", "ChatServiceSid", "ChannelType"])
def test_create_requires_friendly_name_chat_service_and_channel_type(api, name):
    response = api.create(studio_form(without=[name]))

    assert_bad_parameter(response, name, f"Missing required parameter {name} in the post body")


@pytest.mark.parametrize("name", ["FriendlyName", "ChatServiceSid", "ChannelType"])
def test_required_fields_cannot_be_empty(api, name):
    assert_bad_parameter(api.create(studio_form({name: ""})), name)
    sid = api.created_sid()
    assert_bad_parameter(api.update(sid, {name: ""}), name)


@pytest.mark.parametrize(
    "name, value",
    [
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
    ids=lambda value: value or "empty",
)
def test_wrong_values_answer_400_naming_the_parameter(flex_emulator, api, name, value):
    response = api.create(studio_form({name: value}))

    assert_bad_parameter(response, name)
    assert not flex_emulator.flows


@pytest.mark.parametrize(
    "name, value",
    [
        ("Integration.RetryCount", "0"),
        ("Integration.RetryCount", "3"),
        ("Integration.Timeout", "0"),
        ("Integration.Priority", "10"),
        ("Integration.Url", "http://example.com/hook"),
        ("Integration.Channel", "TC" + "6" * 32),
    ],
)
def test_boundary_values_are_accepted(api, name, value):
    assert api.create(studio_form({name: value})).status_code == 201


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


def test_a_bad_update_changes_nothing(api):
    created = api.create().json()

    assert_bad_parameter(api.update(created["sid"], {"FriendlyName": "New", "Enabled": "maybe"}), "Enabled")

    assert api.fetch(created["sid"]).json() == created


def test_parameters_are_checked_before_the_sid_is_looked_up(api):
    assert_bad_parameter(api.update(UNKNOWN_FLOW_SID, {"ChannelType": "fax"}), "ChannelType")
    assert api.update(UNKNOWN_FLOW_SID, {"ChannelType": "web"}).status_code == 404


def test_only_form_bodies_carry_parameters(api):
    response = api.session.post(api.url(), json=studio_form(), timeout=10)

    assert_bad_parameter(response, "FriendlyName")


def test_a_repeated_key_counts_with_its_last_value(flex_emulator, api):
    form = list(studio_form().items()) + [("FriendlyName", "Second name"), ("Enabled", "false"), ("Enabled", "true")]

    flow = api.create(form).json()

    assert flow["friendly_name"] == "Second name"
    assert flow["enabled"] is True
    # The log shows what was sent: a repeated key as the list of its values, a single one as a string.
    logged = flex_emulator.request_log[-1]["form"]
    assert logged["FriendlyName"] == ["Support SMS", "Second name"]
    assert logged["ChannelType"] == "sms"
