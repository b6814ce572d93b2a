# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What only TaskRouter does: a workspace with Flex's defaults, references between its resources (checked on write,
answered with names), deletes the API refuses, create-only fields, a workflow configuration stored re-serialised, the
paths nested under a workspace, and the exchanges of all five resources against Twilio's TaskRouter description."""

import json

import pytest
import requests

from emulator_support import ROUTING_WITHOUT_QUEUES, TASKROUTER_SPEC_FILE, TEST_WORKSPACE, TEST_WORKSPACE_SID, UNKNOWN_WORKSPACE_SID, assert_bad_parameter
from flex_emulator.admin_client import EmulatorAdmin
from flex_emulator.credentials import ACCOUNT_SID, AUTH_TOKEN
from flex_emulator.openapi_contract import TASKROUTER_SERVER, SpecValidator, taskrouter_spec_path

FLEX_ACTIVITIES = ["Available", "Break", "Offline", "Unavailable"]
FLEX_CHANNELS = ["chat", "default", "email", "sms", "video", "voice"]


class TaskRouter:
    """A client of one workspace's TaskRouter resources on the running emulator."""

    def __init__(self, emulator, workspace_sid):
        self.base = f"{emulator.base_url}/v1/Workspaces"
        self.workspace_sid = workspace_sid
        self.session = requests.Session()
        self.session.auth = (ACCOUNT_SID, AUTH_TOKEN)

    def url(self, kind=None, sid=None):
        url = f"{self.base}/{self.workspace_sid}" + (f"/{kind}" if kind else "")
        return url + (f"/{sid}" if sid else "")

    def get(self, kind=None, sid=None, **params):
        return self.session.get(self.url(kind, sid), params=params, timeout=10)

    def post(self, kind=None, sid=None, **form):
        return self.session.post(self.url(kind, sid), data=form, timeout=10)

    def delete(self, kind, sid):
        return self.session.delete(self.url(kind, sid), timeout=10)

    def created(self, kind, **form):
        response = self.post(kind, **form)
        assert response.status_code == 201, response.text
        return response.json()

    def listed(self, kind, key, **params):
        return self.get(kind, PageSize=1000, **params).json()[key]

    def by_name(self, kind, key, name):
        return next(item for item in self.listed(kind, key) if item["friendly_name"] == name)


@pytest.fixture
def flex(flex_emulator):
    """A client of a workspace seeded with Flex's defaults."""
    client = TaskRouter(flex_emulator, flex_emulator.seed_taskrouter_workspace())
    yield client
    client.session.close()


@pytest.fixture
def bare(flex_emulator):
    """A client of a workspace without any item."""
    flex_emulator.put_workspace(TEST_WORKSPACE)
    client = TaskRouter(flex_emulator, TEST_WORKSPACE_SID)
    yield client
    client.session.close()


def routing(*queue_sids, default=None):
    """A workflow configuration: one filter per queue, and a default filter."""
    document = {
        "task_routing": {
            "filters": [{"filter_friendly_name": f"F{index}", "expression": "1==1", "targets": [{"queue": sid}]} for index, sid in enumerate(queue_sids)]
        }
    }
    if default:
        document["task_routing"]["default_filter"] = {"queue": default}
    return json.dumps(document, separators=(",", ":"))


# -- Flex's defaults ------------------------------------------------------------------------------


def assert_flex_defaults(client):
    workspace = client.get().json()
    activities = client.listed("Activities", "activities")
    assert sorted(activity["friendly_name"] for activity in activities) == FLEX_ACTIVITIES
    assert {activity["friendly_name"]: activity["available"] for activity in activities}["Available"] is True
    offline = client.by_name("Activities", "activities", "Offline")
    assert (workspace["default_activity_sid"], workspace["default_activity_name"]) == (offline["sid"], "Offline")
    assert (workspace["timeout_activity_sid"], workspace["timeout_activity_name"]) == (offline["sid"], "Offline")
    assert sorted(channel["unique_name"] for channel in client.listed("TaskChannels", "channels")) == FLEX_CHANNELS
    [queue] = client.listed("TaskQueues", "task_queues")
    assert (queue["friendly_name"], queue["target_workers"]) == ("Everyone", "1==1")
    [workflow] = client.listed("Workflows", "workflows")
    assert workflow["friendly_name"] == "Assign to Anyone"
    assert json.loads(workflow["configuration"])["task_routing"]["default_filter"] == {"queue": queue["sid"]}
    return workspace


def test_a_seeded_workspace_holds_flex_defaults_and_is_not_logged(flex_emulator, flex):
    workspace = assert_flex_defaults(flex)

    assert workspace["friendly_name"] == "Flex Task Assignment"
    assert all(entry["method"] == "GET" for entry in flex_emulator.request_log)
    assert len(flex_emulator.request_log) == 6


def test_seeding_by_admin_endpoint_and_admin_client(flex_emulator, admin):
    answered = admin("POST", "/taskrouter_workspace", json={"friendly_name": "Contact center", "sid": "WS" + "1" * 32})
    assert answered.status_code == 201
    assert answered.json()["friendly_name"] == "Contact center"
    assert answered.json()["default_activity_name"] == "Offline"
    assert admin("POST", "/taskrouter_workspace", json={"sid": "WS" + "1" * 32}).status_code == 400
    assert admin("POST", "/taskrouter_workspace", json={"colour": "blue"}).status_code == 400

    sid = EmulatorAdmin(flex_emulator.base_url + "/_emulator").seed_taskrouter_workspace()

    assert flex_emulator.workspaces[sid]["friendly_name"] == "Flex Task Assignment"
    assert len(flex_emulator.activities) == 8 and len(flex_emulator.task_channels) == 12
    assert flex_emulator.request_log == []


def test_a_workspace_created_through_the_api_holds_flex_defaults(flex_emulator):
    session = requests.Session()
    session.auth = (ACCOUNT_SID, AUTH_TOKEN)
    created = session.post(f"{flex_emulator.base_url}/v1/Workspaces", data={"FriendlyName": "New", "Template": "FIFO"}, timeout=10).json()

    assert_flex_defaults(TaskRouter(flex_emulator, created["sid"]))


def test_deleting_a_workspace_deletes_its_contents_only(flex_emulator, flex, bare):
    bare.created("Activities", FriendlyName="Kept")

    assert flex.session.delete(flex.url(), timeout=10).status_code == 204

    assert [activity["friendly_name"] for activity in flex_emulator.activities.values()] == ["Kept"]
    assert flex_emulator.task_queues == {} and flex_emulator.workflows == {} and flex_emulator.task_channels == {}
    assert flex.get("Activities").status_code == 404


# -- paths ----------------------------------------------------------------------------------------


def test_an_unknown_workspace_answers_404_on_every_nested_path(flex_emulator, flex):
    other = TaskRouter(flex_emulator, UNKNOWN_WORKSPACE_SID)
    queue = flex.listed("TaskQueues", "task_queues")[0]

    for response in (other.get("TaskQueues"), other.post("TaskQueues", FriendlyName="x"), other.get("TaskQueues", queue["sid"])):
        assert response.status_code == 404
        assert response.json()["code"] == 20404
    assert flex_emulator.task_queues[queue["sid"]]["workspace_sid"] == flex.workspace_sid


def test_an_item_is_found_only_under_its_own_workspace(flex_emulator, flex, bare):
    queue = flex.listed("TaskQueues", "task_queues")[0]

    assert bare.get("TaskQueues", queue["sid"]).status_code == 404
    assert bare.post("TaskQueues", queue["sid"], FriendlyName="Stolen").status_code == 404
    assert bare.delete("TaskQueues", queue["sid"]).status_code == 404
    assert bare.listed("TaskQueues", "task_queues") == []
    assert flex.get("TaskQueues", queue["sid"]).json()["friendly_name"] == "Everyone"


# -- create-only fields ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["true", "false"])
def test_available_cannot_be_updated(flex, value):
    activity = flex.by_name("Activities", "activities", "Break")

    response = flex.post("Activities", activity["sid"], Available=value)

    assert_bad_parameter(response, "Available", "Invalid parameter: Available cannot be updated; it is set on create only")
    assert flex.get("Activities", activity["sid"]).json() == activity


def test_unique_name_cannot_be_updated_and_is_unique_in_its_workspace(flex, bare):
    voice = next(channel for channel in flex.listed("TaskChannels", "channels") if channel["unique_name"] == "voice")

    assert_bad_parameter(flex.post("TaskChannels", voice["sid"], UniqueName="phone"), "UniqueName")
    duplicate = flex.post("TaskChannels", FriendlyName="Another voice", UniqueName="voice")
    assert duplicate.status_code == 409
    assert duplicate.json()["code"] == 20409
    assert bare.post("TaskChannels", FriendlyName="Voice", UniqueName="voice").status_code == 201


def test_template_is_create_only(flex):
    assert_bad_parameter(flex.post(Template="FIFO"), "Template")


@pytest.mark.parametrize("text, available", [("true", True), ("1", True), ("YES", True), ("false", False), ("no", False), ("0", False), ("maybe", False)])
def test_available_is_true_for_true_1_or_yes_as_the_spec_says(bare, text, available):
    assert bare.created("Activities", FriendlyName="A", Available=text)["available"] is available


# -- references to activities ---------------------------------------------------------------------


def test_a_queue_names_activities_of_its_workspace_and_answers_their_names(flex, bare):
    wrap_up = flex.created("Activities", FriendlyName="Wrap Up", Available="false")
    on_task = flex.created("Activities", FriendlyName="On a Task", Available="false")
    elsewhere = bare.created("Activities", FriendlyName="Elsewhere")

    queue = flex.created("TaskQueues", FriendlyName="Support", ReservationActivitySid=wrap_up["sid"], AssignmentActivitySid=on_task["sid"])

    assert (queue["reservation_activity_sid"], queue["reservation_activity_name"]) == (wrap_up["sid"], "Wrap Up")
    assert (queue["assignment_activity_sid"], queue["assignment_activity_name"]) == (on_task["sid"], "On a Task")
    for name in ("ReservationActivitySid", "AssignmentActivitySid"):
        assert_bad_parameter(flex.post("TaskQueues", **{"FriendlyName": "Bad", name: elsewhere["sid"]}), name)
        assert_bad_parameter(flex.post("TaskQueues", queue["sid"], **{name: "WA" + "0" * 32}), name)
    flex.post("Activities", wrap_up["sid"], FriendlyName="Wrapping up")
    assert flex.get("TaskQueues", queue["sid"]).json()["reservation_activity_name"] == "Wrapping up"
    cleared = flex.post("TaskQueues", queue["sid"], ReservationActivitySid="").json()
    assert (cleared["reservation_activity_sid"], cleared["reservation_activity_name"]) == (None, None)


def test_the_workspace_names_its_default_and_timeout_activities(flex, bare):
    available = flex.by_name("Activities", "activities", "Available")
    elsewhere = bare.created("Activities", FriendlyName="Elsewhere")

    updated = flex.post(DefaultActivitySid=available["sid"]).json()

    assert (updated["default_activity_sid"], updated["default_activity_name"]) == (available["sid"], "Available")
    assert updated["timeout_activity_name"] == "Offline"
    for name in ("DefaultActivitySid", "TimeoutActivitySid"):
        assert_bad_parameter(flex.post(**{name: elsewhere["sid"]}), name)
        assert_bad_parameter(flex.post(**{name: ""}), name)
    assert flex.get().json() == updated


def test_default_and_timeout_activity_sids_are_ignored_on_create(flex_emulator):
    session = requests.Session()
    session.auth = (ACCOUNT_SID, AUTH_TOKEN)
    response = session.post(f"{flex_emulator.base_url}/v1/Workspaces", data={"FriendlyName": "New", "DefaultActivitySid": "WA" + "0" * 32}, timeout=10)

    assert response.status_code == 201
    assert response.json()["default_activity_name"] == "Offline"


@pytest.mark.parametrize("role", ["DefaultActivitySid", "TimeoutActivitySid"])
def test_the_default_or_timeout_activity_cannot_be_deleted_until_re_pointed(flex, role):
    offline = flex.by_name("Activities", "activities", "Offline")
    available = flex.by_name("Activities", "activities", "Available")
    other_role = "TimeoutActivitySid" if role == "DefaultActivitySid" else "DefaultActivitySid"
    flex.post(**{other_role: available["sid"]})

    refused = flex.delete("Activities", offline["sid"])

    assert refused.status_code == 400
    assert refused.json()["code"] == 20001
    assert "cannot be deleted" in refused.json()["message"]
    assert flex.get("Activities", offline["sid"]).status_code == 200
    flex.post(**{role: available["sid"]})
    assert flex.delete("Activities", offline["sid"]).status_code == 204


def test_an_activity_a_queue_names_cannot_be_deleted(flex):
    wrap_up = flex.created("Activities", FriendlyName="Wrap Up")
    queue = flex.created("TaskQueues", FriendlyName="Support", AssignmentActivitySid=wrap_up["sid"])

    assert flex.delete("Activities", wrap_up["sid"]).status_code == 400
    assert flex.delete("TaskQueues", queue["sid"]).status_code == 204
    assert flex.delete("Activities", wrap_up["sid"]).status_code == 204


def test_out_of_band_deletes_ignore_the_rules(flex_emulator, flex):
    offline = flex.by_name("Activities", "activities", "Offline")

    assert flex_emulator.delete_activity(offline["sid"]) is True

    workspace = flex.get().json()
    assert (workspace["default_activity_sid"], workspace["default_activity_name"]) == (offline["sid"], None)


# -- task queues ----------------------------------------------------------------------------------


def test_a_queue_keeps_its_target_workers_when_an_update_leaves_them_out(bare):
    queue = bare.created("TaskQueues", FriendlyName="Support", TargetWorkers='routing.skills HAS "support"')

    updated = bare.post("TaskQueues", queue["sid"], FriendlyName="Support team", MaxReservedWorkers="3").json()

    assert updated["target_workers"] == 'routing.skills HAS "support"'
    assert (updated["max_reserved_workers"], updated["task_order"]) == (3, "FIFO")
    assert bare.created("TaskQueues", FriendlyName="Anyone")["target_workers"] == "1==1"


@pytest.mark.parametrize("value", ["0", "51", "many"])
def test_max_reserved_workers_is_1_to_50(bare, value):
    assert_bad_parameter(bare.post("TaskQueues", FriendlyName="Q", MaxReservedWorkers=value), "MaxReservedWorkers")


# -- workflows ------------------------------------------------------------------------------------


def test_a_configuration_is_answered_re_serialised_with_the_same_meaning(bare):
    queue = bare.created("TaskQueues", FriendlyName="Support")
    sent = json.dumps(
        {"task_routing": {"filters": [{"targets": [{"queue": queue["sid"], "priority": 5}], "expression": "1==1", "filter_friendly_name": "All"}]}}
    )

    workflow = bare.created("Workflows", FriendlyName="Route", Configuration=sent)

    assert workflow["configuration"] != sent
    assert workflow["configuration"] == json.dumps(json.loads(sent), sort_keys=True, indent=2)
    assert json.loads(workflow["configuration"]) == json.loads(sent)
    assert workflow["document_content_type"] == "application/json"
    assert bare.get("Workflows", workflow["sid"]).json()["configuration"] == workflow["configuration"]
    assert bare.listed("Workflows", "workflows")[0]["configuration"] == workflow["configuration"]


def test_no_default_key_is_added_to_a_configuration(bare):
    workflow = bare.created("Workflows", FriendlyName="Empty", Configuration="{}")

    assert json.loads(workflow["configuration"]) == {}


@pytest.mark.parametrize("where", ["target", "default_filter"])
def test_a_configuration_naming_an_unknown_queue_is_refused(flex, bare, where):
    everyone = flex.by_name("TaskQueues", "task_queues", "Everyone")
    own = bare.created("TaskQueues", FriendlyName="Own")
    for unknown in ("WQ" + "0" * 32, everyone["sid"], "Everyone"):
        configuration = routing(unknown, default=own["sid"]) if where == "target" else routing(own["sid"], default=unknown)
        response = bare.post("Workflows", FriendlyName="Bad", Configuration=configuration)
        assert_bad_parameter(response, "Configuration")
        assert unknown in response.json()["message"]
    workflow = bare.created("Workflows", FriendlyName="Good", Configuration=routing(own["sid"], default=own["sid"]))
    assert_bad_parameter(bare.post("Workflows", workflow["sid"], Configuration=routing(everyone["sid"])), "Configuration")
    assert bare.listed("Workflows", "workflows") == [workflow]


@pytest.mark.parametrize(
    "configuration",
    ["not json", "[1, 2]", '"text"', '{"task_routing": []}', '{"task_routing": {"filters": {}}}', '{"task_routing": {"filters": [{"targets": [{}]}]}}'],
)
def test_a_configuration_that_is_not_a_routing_document_is_refused(bare, configuration):
    assert_bad_parameter(bare.post("Workflows", FriendlyName="Bad", Configuration=configuration), "Configuration")


def test_a_queue_a_workflow_routes_to_cannot_be_deleted(flex):
    everyone = flex.by_name("TaskQueues", "task_queues", "Everyone")
    workflow = flex.by_name("Workflows", "workflows", "Assign to Anyone")

    refused = flex.delete("TaskQueues", everyone["sid"])

    assert refused.status_code == 400 and workflow["sid"] in refused.json()["message"]
    spare = flex.created("TaskQueues", FriendlyName="Spare")
    flex.post("Workflows", workflow["sid"], Configuration=routing(spare["sid"]))
    assert flex.delete("TaskQueues", everyone["sid"]).status_code == 204


def test_re_evaluate_tasks_is_an_action_not_state(bare):
    workflow = bare.created("Workflows", FriendlyName="Route", Configuration=ROUTING_WITHOUT_QUEUES)

    updated = bare.post("Workflows", workflow["sid"], ReEvaluateTasks="true").json()

    assert "re_evaluate_tasks" not in updated
    assert {key: value for key, value in updated.items() if key != "date_updated"} == {key: value for key, value in workflow.items() if key != "date_updated"}


@pytest.mark.parametrize("value", ["0", "86401", "soon"])
def test_task_reservation_timeout_is_up_to_a_day(bare, value):
    assert_bad_parameter(bare.post("Workflows", FriendlyName="W", Configuration="{}", TaskReservationTimeout=value), "TaskReservationTimeout")


def test_an_out_of_band_configuration_is_stored_as_given(flex_emulator, bare):
    workflow = flex_emulator.put_workflow({"workspace_sid": TEST_WORKSPACE_SID, "friendly_name": "Broken", "configuration": "{not json"})

    assert bare.get("Workflows", workflow["sid"]).json()["configuration"] == "{not json"
    assert bare.post("Workflows", workflow["sid"], FriendlyName="Renamed").status_code == 200


# -- names, filters, paging -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, key, form", [("Activities", "activities", {}), ("TaskQueues", "task_queues", {}), ("Workflows", "workflows", {"Configuration": "{}"})]
)
def test_duplicate_friendly_names_are_allowed_and_filtered_exactly(bare, kind, key, form):
    first = bare.created(kind, FriendlyName="Same", **form)
    second = bare.created(kind, FriendlyName="Same", **form)
    bare.created(kind, FriendlyName="same", **form)

    assert sorted(item["sid"] for item in bare.listed(kind, key, FriendlyName="Same")) == sorted([first["sid"], second["sid"]])


def test_activities_filter_by_available(flex):
    assert [activity["friendly_name"] for activity in flex.listed("Activities", "activities", Available="true")] == ["Available"]
    assert len(flex.listed("Activities", "activities", Available="false")) == 3


def test_workspaces_filter_by_friendly_name(flex_emulator, flex):
    flex_emulator.seed_taskrouter_workspace(friendly_name="Other")
    session = flex.session

    listed = session.get(f"{flex_emulator.base_url}/v1/Workspaces", params={"FriendlyName": "Flex Task Assignment"}, timeout=10).json()

    assert [workspace["sid"] for workspace in listed["workspaces"]] == [flex.workspace_sid]


def test_events_filter_is_stored_as_the_string_sent(flex):
    assert flex.post(EventsFilter="task.created, task.canceled").json()["events_filter"] == "task.created, task.canceled"
    assert flex.post(EventsFilter="").json()["events_filter"] is None


def test_a_thousand_queues_list_in_one_page_and_more_follow_next_page_url(flex_emulator, bare):
    flex_emulator.reset(
        seed={"workspaces": [TEST_WORKSPACE], "task_queues": [{"workspace_sid": TEST_WORKSPACE_SID, "friendly_name": f"Q{index:04d}"} for index in range(1001)]}
    )

    first = bare.get("TaskQueues", PageSize=1000).json()
    second = bare.session.get(first["meta"]["next_page_url"], timeout=10).json()

    assert len(first["task_queues"]) == 1000 and first["meta"]["key"] == "task_queues"
    listed = [queue["friendly_name"] for page in (first, second) for queue in page["task_queues"]]
    assert sorted(listed) == [f"Q{index:04d}" for index in range(1001)]
    assert second["meta"]["next_page_url"] is None
    assert bare.get("TaskQueues", PageSize=1001).status_code == 400


def test_max_page_size_caps_taskrouter_lists_too(flex_emulator, flex):
    flex_emulator.configure(max_page_size=4)

    pages = [flex.get("TaskChannels", PageSize=1000).json()]
    while pages[-1]["meta"]["next_page_url"]:
        pages.append(flex.session.get(pages[-1]["meta"]["next_page_url"], timeout=10).json())

    assert [len(page["channels"]) for page in pages] == [4, 2]
    assert sorted(channel["unique_name"] for page in pages for channel in page["channels"]) == FLEX_CHANNELS


def test_faults_and_the_request_log_cover_taskrouter_paths(flex_emulator, flex):
    flex_emulator.inject_fault(status=429, retry_after=1, method="POST", path=r"^/v1/Workspaces/WS[0-9a-f]{32}/Workflows")

    throttled = flex.post("Workflows", FriendlyName="W", Configuration="{}")

    assert (throttled.status_code, throttled.json()["code"], throttled.headers["Retry-After"]) == (429, 20429, "1")
    assert flex.post("Workflows", FriendlyName="W", Configuration="{}").status_code == 201
    assert [entry["fault"] for entry in flex_emulator.request_log] == ["status", None]
    assert flex_emulator.request_log[-1]["path"] == f"/v1/Workspaces/{flex.workspace_sid}/Workflows"
    assert len([workflow for workflow in flex_emulator.workflows.values() if workflow["friendly_name"] == "W"]) == 1


def test_taskrouter_seeds_check_their_shape(flex_emulator):
    with pytest.raises(ValueError, match="workspace_sid"):
        flex_emulator.reset(seed={"activities": [{"friendly_name": "No workspace"}]})
    with pytest.raises(ValueError, match="unique_name"):
        flex_emulator.reset(seed={"task_channels": [{"workspace_sid": TEST_WORKSPACE_SID, "friendly_name": "Voice"}]})
    with pytest.raises(ValueError, match="max_reserved_workers"):
        flex_emulator.put_task_queue({"workspace_sid": TEST_WORKSPACE_SID, "friendly_name": "Q", "max_reserved_workers": "1"})


def test_an_answer_can_be_put_back_out_of_band(flex_emulator, flex):
    queue = flex.listed("TaskQueues", "task_queues")[0]

    assert flex_emulator.put_task_queue(dict(queue, friendly_name="Renamed"))["friendly_name"] == "Renamed"


# -- contract -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def taskrouter_validator():
    path = taskrouter_spec_path()
    if not path.is_file():
        pytest.skip(f"Twilio's OpenAPI description not found at {path}; set TWILIO_OAI_TASKROUTER_SPEC to {TASKROUTER_SPEC_FILE}")
    return SpecValidator(path, server=TASKROUTER_SERVER)


def test_every_taskrouter_exchange_matches_the_spec(flex_emulator, flex, taskrouter_validator):
    validated = []

    def validate(response, *_args, **_kwargs):
        assert response.status_code < 400, response.text
        taskrouter_validator.validate_response(response)
        validated.append((response.request.method, response.status_code))

    flex.session.hooks["response"].append(validate)
    flex.get()
    flex.post(
        FriendlyName="Renamed", EventsFilter="task.created", MultiTaskEnabled="true", PrioritizeQueueOrder="LIFO", EventCallbackUrl="https://example.com/e"
    )
    flex.session.get(flex.base, params={"FriendlyName": "Renamed", "PageSize": 1000}, timeout=10)
    activity = flex.created("Activities", FriendlyName="Wrap Up", Available="false")
    flex.post("Activities", activity["sid"], FriendlyName="Wrapping up")
    channel = flex.created("TaskChannels", FriendlyName="Fax", UniqueName="fax", ChannelOptimizedRouting="true")
    flex.post("TaskChannels", channel["sid"], ChannelOptimizedRouting="false")
    queue = flex.created(
        "TaskQueues", FriendlyName="Support", TargetWorkers="1==1", MaxReservedWorkers="2", TaskOrder="LIFO", ReservationActivitySid=activity["sid"]
    )
    flex.post("TaskQueues", queue["sid"], AssignmentActivitySid=activity["sid"])
    workflow = flex.created(
        "Workflows", FriendlyName="Route", Configuration=routing(queue["sid"]), TaskReservationTimeout="60", AssignmentCallbackUrl="https://example.com/a"
    )
    flex.post("Workflows", workflow["sid"], ReEvaluateTasks="true", FallbackAssignmentCallbackUrl="https://example.com/f")
    for kind in ("Activities", "TaskChannels", "TaskQueues", "Workflows"):
        flex.get(kind, PageSize=2)
        flex.get(kind)
    flex.get("Activities", activity["sid"])
    flex.get("Activities", Available="true", FriendlyName="Available")
    for kind, sid in (("Workflows", workflow["sid"]), ("TaskQueues", queue["sid"]), ("TaskChannels", channel["sid"])):
        flex.delete(kind, sid)
    flex.session.delete(flex.url(), timeout=10)

    assert len(validated) == 25
    assert ("DELETE", 204) in validated and ("POST", 201) in validated


def test_a_broken_taskrouter_answer_fails_validation(flex, taskrouter_validator):
    from openapi_core.validation.response.exceptions import ResponseValidationError  # pylint: disable=import-outside-toplevel

    response = flex.get("TaskQueues")
    taskrouter_validator.validate_response(response)
    broken = requests.Response()
    body = response.json()
    body["task_queues"][0]["task_order"] = "RANDOM"
    broken._content = json.dumps(body).encode()  # pylint: disable=protected-access
    broken.status_code, broken.headers, broken.request = 200, response.headers, response.request

    with pytest.raises(ResponseValidationError):
        taskrouter_validator.validate_response(broken)


def test_the_admin_command_line_seeds_a_workspace_and_prints_its_sid(flex_emulator, capsys):
    from flex_emulator.admin_client import main  # pylint: disable=import-outside-toplevel

    assert main([flex_emulator.base_url + "/_emulator", "seed-taskrouter-workspace", "Contact center"]) == 0

    sid = capsys.readouterr().out.strip()
    assert flex_emulator.workspaces[sid]["friendly_name"] == "Contact center"
    assert flex_emulator.workspaces[sid]["default_activity_name"] == "Offline"
