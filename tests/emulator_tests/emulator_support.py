# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Values, a small client and the description of each emulated resource, shared by the emulator's tests.

A test of behaviour every resource has is parametrised over ``RESOURCES``; a ``Resource`` row says what
differs between them (paths, list key, SID prefix, a valid create form, the identity, the page size cap, the spec).
"""

from dataclasses import dataclass
from typing import Callable
from urllib.parse import quote

import pytest
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


def changed_form(form, overrides=None, without=()):
    """``form`` changed by ``overrides`` and with ``without`` left out."""
    form = dict(form, **(overrides or {}))
    for name in without:
        form.pop(name, None)
    return form


STUDIO_FORM = {"FriendlyName": "Support SMS", "ChatServiceSid": CHAT_SERVICE_SID, "ChannelType": "sms", "Integration.FlowSid": STUDIO_FLOW_SID}
WEBHOOK_FORM = {
    "Type": "sms",
    "Address": PHONE_NUMBER,
    "FriendlyName": "Support number",
    "AutoCreation.Enabled": "true",
    "AutoCreation.Type": "webhook",
    "AutoCreation.ConversationServiceSid": CONVERSATION_SERVICE_SID,
    "AutoCreation.WebhookUrl": "https://example.com/hook",
    "AutoCreation.WebhookMethod": "post",
}


def studio_form(overrides=None, without=()):
    """A valid create form for a studio flow, changed by ``overrides`` and with ``without`` left out."""
    return changed_form(STUDIO_FORM, overrides, without)


def webhook_form(overrides=None, without=()):
    """A valid create form for an SMS address configuration with webhook auto-creation."""
    return changed_form(WEBHOOK_FORM, overrides, without)


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


def numbered_flow(index):
    """An API-shaped flow with its own name, for lists."""
    return api_flow(friendly_name=f"Flow {index:03d}")


def twilio_error(status, message):
    """Twilio's error body for ``status`` (code 20000 + status, as the emulator answers every error)."""
    code = 20000 + status
    return {"code": code, "message": message, "more_info": f"https://www.twilio.com/docs/errors/{code}", "status": status}


def assert_bad_parameter(response, name, message=None):
    """Twilio's 400 for a bad form or query parameter, naming it (with exactly ``message`` when given)."""
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["code"] == 20001
    assert body["status"] == 400
    assert body["more_info"] == "https://www.twilio.com/docs/errors/20001"
    assert name in body["message"]
    if message is not None:
        assert body["message"] == message


@dataclass(frozen=True, eq=False)
class Resource:  # pylint: disable=too-many-instance-attributes
    """What the emulator's tests need to know of one resource."""

    name: str  # the seed key, the admin collection (/_emulator/NAME) and the FlexEmulator property
    noun: str  # the FlexEmulator methods' suffix (put_NOUN) and what admin errors call an item
    list_path: str
    list_key: str  # the envelope key of a list page
    sid_prefix: str
    response_keys: tuple  # in the order Twilio answers them
    create_form: Callable  # (overrides=None, without=()) -> a valid create form
    api_item: Callable  # (**fields) -> an API-shaped item for seeds and out-of-band changes
    numbered: Callable  # (index) -> an API-shaped item of its own, for lists
    required: tuple  # the create form's required parameters
    nested_key: str  # the nested object that forms and out-of-band patches merge
    boolean_param: str  # a boolean form parameter (None: the resource has none)
    enum_param: tuple  # (name, a bad value, a good value) of an enum form parameter (of a checked one where there is no enum)
    toggle: tuple  # (update form, the path of the answered field it changes, its value after the update)
    extra_create: dict  # optional create parameters that an update must leave alone
    neighbour_paths: tuple  # paths beside the resource that answer 404
    spec_file: str  # Twilio's OpenAPI description of the resource
    identity: str = None  # a field no two items share, by which the API also finds an item
    page_size_cap: int = 1000
    identity_param: str = None  # the create form's parameter that no two items may share (the identity's, if any)
    identity_text: Callable = None  # (index) -> a value of its own for identity_param
    admin_noun: str = ""
    # A nested resource's parent item (API shape), which the tests put in the emulator first: its items live under it.
    parent_item: dict = None
    parent_name: str = ""  # the parent's seed key
    bad_update: tuple = ()  # (form name, a bad value) for an update; by default boolean_param with "maybe"

    @property
    def bad_update_param(self):
        return self.bad_update or (self.boolean_param, "maybe")

    def prepare(self, emulator):
        """Put the parent item, if any, in an emptied emulator."""
        if self.parent_item is not None:
            emulator._put(self.parent_name, self.parent_item)  # pylint: disable=protected-access

    @property
    def unknown_sid(self):
        return self.sid_prefix + "9" * 32

    def distinct_form(self, index):
        """A valid create form whose item may exist beside those of other indexes."""
        overrides = {"FriendlyName": f"Item {index}"}
        if self.identity_param is not None:
            overrides[self.identity_param] = self.identity_text(index)
        return self.create_form(overrides)

    def answered(self, item, path):
        """The value at ``path`` (keys, outermost first) of an answered item."""
        for key in path:
            item = item[key]
        return item

    def seed(self, items):
        seed = {self.name: list(items)}
        if self.parent_item is not None:
            seed[self.parent_name] = [self.parent_item]
        return seed

    def key(self, item, how):
        """How a test names ``item`` in a path: by its sid, or by its identity."""
        return item["sid"] if how == "sid" else item[self.identity]


FLOWS = Resource(
    name="flows",
    noun="flow",
    list_path="/v1/FlexFlows",
    list_key="flex_flows",
    sid_prefix="FO",
    response_keys=(
        "account_sid",
        "date_created",
        "date_updated",
        "sid",
        "friendly_name",
        "chat_service_sid",
        "channel_type",
        "contact_identity",
        "enabled",
        "integration_type",
        "integration",
        "long_lived",
        "janitor_enabled",
        "url",
    ),
    create_form=studio_form,
    api_item=api_flow,
    numbered=numbered_flow,
    required=("FriendlyName", "ChatServiceSid", "ChannelType"),
    nested_key="integration",
    boolean_param="Enabled",
    enum_param=("ChannelType", "fax", "web"),
    toggle=({"Enabled": "true"}, ("enabled",), True),
    extra_create={"ContactIdentity": "+15550100", "Enabled": "true"},
    neighbour_paths=("/v1/Flows", "/v2/FlexFlows", f"/v1/FlexFlows/{UNKNOWN_FLOW_SID}/Extra", "/"),
    spec_file="twilio_flex_v1.yaml",
    admin_noun="flow",
)
ADDRESSES = Resource(
    name="addresses",
    noun="address",
    list_path=ADDRESSES_PATH,
    list_key="address_configurations",
    sid_prefix="IG",
    # The key order of the spec's response examples.
    response_keys=("account_sid", "sid", "address", "type", "friendly_name", "address_country", "auto_creation", "date_created", "date_updated", "url"),
    create_form=webhook_form,
    api_item=api_address,
    numbered=numbered_address,
    required=("Type", "Address"),
    nested_key="auto_creation",
    boolean_param="AutoCreation.Enabled",
    enum_param=("AutoCreation.Type", "flow", "studio"),
    toggle=({"AutoCreation.Enabled": "false"}, ("auto_creation", "enabled"), False),
    extra_create={"Type": "whatsapp", "Address": WHATSAPP_ADDRESS},
    neighbour_paths=("/v1/Configuration", "/v1/Configuration/Address", "/v2/Configuration/Addresses"),
    spec_file="twilio_conversations_v1.yaml",
    identity="address",
    # "The default is 50, and the maximum is 50" (spec).
    page_size_cap=50,
    admin_noun="address configuration",
    identity_param="Address",
    identity_text=lambda index: f"+1555000{index:04d}",
)
TASKROUTER_SPEC_FILE = "twilio_taskrouter_v1.yaml"
# The workspace the tests' nested TaskRouter items live in (put there bare: no Flex defaults).
TEST_WORKSPACE_SID = "WS" + "7" * 32
TEST_WORKSPACE = {"sid": TEST_WORKSPACE_SID, "friendly_name": "Test workspace"}
UNKNOWN_WORKSPACE_SID = "WS" + "9" * 32
NESTED_PATH = f"/v1/Workspaces/{TEST_WORKSPACE_SID}"
ROUTING_WITHOUT_QUEUES = '{"task_routing": {"filters": []}}'


def taskrouter_item(defaults):
    """(**fields) -> an API-shaped item of ``defaults`` (in the test workspace) changed by ``fields``."""

    def item(**fields):
        made = dict(defaults, workspace_sid=TEST_WORKSPACE_SID)
        made.update(fields)
        return made

    return item


def workspace_item(**fields):
    return dict({"friendly_name": "Seeded workspace", "events_filter": "task.created,task.canceled"}, **fields)


def nested(name, noun, path, list_key, sid_prefix, response_keys, form, item, **fields):
    """A Resource row for a TaskRouter resource under the test workspace."""
    api_item = taskrouter_item(item)
    return Resource(
        name=name,
        noun=noun,
        list_path=f"{NESTED_PATH}/{path}",
        list_key=list_key,
        sid_prefix=sid_prefix,
        response_keys=response_keys,
        create_form=lambda overrides=None, without=(): changed_form(form, overrides, without),
        api_item=api_item,
        numbered=fields.pop("numbered", lambda index: api_item(friendly_name=f"{noun.title()} {index:03d}")),
        nested_key="links",
        neighbour_paths=(f"/v1/Workspaces/{UNKNOWN_WORKSPACE_SID}/{path}", f"{NESTED_PATH}/{path[:-1]}", f"/v2/Workspaces/{TEST_WORKSPACE_SID}/{path}"),
        spec_file=TASKROUTER_SPEC_FILE,
        admin_noun=noun.replace("_", " "),
        parent_item=TEST_WORKSPACE,
        parent_name="workspaces",
        **fields,
    )


WORKSPACES = Resource(
    name="workspaces",
    noun="workspace",
    list_path="/v1/Workspaces",
    list_key="workspaces",
    sid_prefix="WS",
    response_keys=(
        "account_sid",
        "date_created",
        "date_updated",
        "default_activity_name",
        "default_activity_sid",
        "event_callback_url",
        "events_filter",
        "friendly_name",
        "multi_task_enabled",
        "sid",
        "timeout_activity_name",
        "timeout_activity_sid",
        "prioritize_queue_order",
        "url",
        "links",
    ),
    create_form=lambda overrides=None, without=(): changed_form(
        {"FriendlyName": "Support", "EventCallbackUrl": "https://example.com/events", "PrioritizeQueueOrder": "FIFO"}, overrides, without
    ),
    api_item=workspace_item,
    numbered=lambda index: workspace_item(friendly_name=f"Workspace {index:03d}"),
    required=("FriendlyName",),
    nested_key="links",
    boolean_param="MultiTaskEnabled",
    enum_param=("PrioritizeQueueOrder", "fifo", "LIFO"),
    toggle=({"MultiTaskEnabled": "false"}, ("multi_task_enabled",), False),
    extra_create={"EventsFilter": "task.created,task.canceled", "MultiTaskEnabled": "false", "Template": "NONE"},
    neighbour_paths=("/v1/Workspace", "/v2/Workspaces", f"/v1/Workspaces/{UNKNOWN_WORKSPACE_SID}/Things"),
    spec_file=TASKROUTER_SPEC_FILE,
    admin_noun="workspace",
)
ACTIVITIES = nested(
    "activities",
    "activity",
    "Activities",
    "activities",
    "WA",
    ("account_sid", "available", "date_created", "date_updated", "friendly_name", "sid", "workspace_sid", "url", "links"),
    {"FriendlyName": "Wrap Up", "Available": "false"},
    {"friendly_name": "Seeded activity", "available": False},
    required=("FriendlyName",),
    boolean_param="Available",
    # Activities have no enum: FriendlyName is checked (at most 64 characters) before the lookup as well.
    enum_param=("FriendlyName", "x" * 65, "Short"),
    toggle=({"FriendlyName": "Lunch"}, ("friendly_name",), "Lunch"),
    extra_create={"Available": "true"},
)
TASK_CHANNELS = nested(
    "task_channels",
    "task_channel",
    "TaskChannels",
    "channels",
    "TC",
    ("account_sid", "date_created", "date_updated", "friendly_name", "sid", "unique_name", "workspace_sid", "channel_optimized_routing", "url", "links"),
    {"FriendlyName": "Voice", "UniqueName": "voice"},
    {"friendly_name": "Seeded channel", "unique_name": "seeded"},
    numbered=lambda index: taskrouter_item({})(friendly_name=f"Channel {index:03d}", unique_name=f"channel-{index:03d}"),
    required=("FriendlyName", "UniqueName"),
    boolean_param="ChannelOptimizedRouting",
    enum_param=("ChannelOptimizedRouting", "maybe", "true"),
    toggle=({"ChannelOptimizedRouting": "true"}, ("channel_optimized_routing",), True),
    extra_create={"ChannelOptimizedRouting": "true"},
    identity_param="UniqueName",
    identity_text=lambda index: f"channel-{index}",
)
TASK_QUEUES = nested(
    "task_queues",
    "task_queue",
    "TaskQueues",
    "task_queues",
    "WQ",
    (
        "account_sid",
        "assignment_activity_sid",
        "assignment_activity_name",
        "date_created",
        "date_updated",
        "friendly_name",
        "max_reserved_workers",
        "reservation_activity_sid",
        "reservation_activity_name",
        "sid",
        "target_workers",
        "task_order",
        "url",
        "workspace_sid",
        "links",
    ),
    {"FriendlyName": "Support", "TargetWorkers": 'routing.skills HAS "support"'},
    {"friendly_name": "Seeded queue", "target_workers": "1==1", "max_reserved_workers": 1, "task_order": "FIFO"},
    required=("FriendlyName",),
    boolean_param=None,
    bad_update=("MaxReservedWorkers", "51"),
    enum_param=("TaskOrder", "fifo", "LIFO"),
    toggle=({"TaskOrder": "LIFO"}, ("task_order",), "LIFO"),
    extra_create={"MaxReservedWorkers": "5", "TaskOrder": "LIFO"},
)
WORKFLOWS = nested(
    "workflows",
    "workflow",
    "Workflows",
    "workflows",
    "WW",
    (
        "account_sid",
        "assignment_callback_url",
        "configuration",
        "date_created",
        "date_updated",
        "document_content_type",
        "fallback_assignment_callback_url",
        "friendly_name",
        "sid",
        "task_reservation_timeout",
        "workspace_sid",
        "url",
        "links",
    ),
    {"FriendlyName": "Assign to Support", "Configuration": ROUTING_WITHOUT_QUEUES},
    {"friendly_name": "Seeded workflow", "configuration": ROUTING_WITHOUT_QUEUES},
    required=("FriendlyName", "Configuration"),
    boolean_param="ReEvaluateTasks",
    enum_param=("TaskReservationTimeout", "86401", "60"),
    toggle=({"TaskReservationTimeout": "300"}, ("task_reservation_timeout",), 300),
    extra_create={"AssignmentCallbackUrl": "https://example.com/assign", "TaskReservationTimeout": "60"},
)
TASKROUTER = (WORKSPACES, ACTIVITIES, TASK_CHANNELS, TASK_QUEUES, WORKFLOWS)
RESOURCES = (FLOWS, ADDRESSES) + TASKROUTER
# (resource, how a test names an item): by sid for every resource, by identity where a resource has one.
KEYED_RESOURCES = [(resource, "sid") for resource in RESOURCES] + [(resource, "identity") for resource in RESOURCES if resource.identity]
by_sid_and_identity = pytest.mark.parametrize("resource, how", KEYED_RESOURCES, ids=lambda value: getattr(value, "name", value), indirect=["resource"])


def per_resource(cases, ids=None):
    """pytest.param rows of (resource, *case) for ``{resource: [case, ...]}``; ``ids``, one a case, name them after
    the resource (by default, after the case's values)."""
    rows = []
    for resource, resource_cases in cases.items():
        for case in resource_cases:
            values = case if isinstance(case, tuple) else (case,)
            name = ids[len(rows)] if ids else "-".join(str(value)[:30] or "empty" for value in values)
            rows.append(pytest.param(resource, *values, id=f"{resource.name}-{name}"))
    return rows


class ApiClient:
    """requests.Session bound to one resource of an emulator (the flows unless told); ``url(key)`` percent-encodes
    the key as Twilio's SDKs do (an address's ``+`` as %2B, ``:`` as %3A; a SID is left as it is)."""

    def __init__(self, base_url, auth, verify=True, resource=FLOWS):
        self.base_url = base_url
        self.resource = resource
        self.list_path = resource.list_path
        self.session = requests.Session()
        self.session.auth = auth
        # Passed with each request: a session-level verify loses to $REQUESTS_CA_BUNDLE in requests.
        self.verify = verify

    def url(self, sid=None):
        return f"{self.base_url}{self.list_path}" + (f"/{quote(sid, safe='')}" if sid else "")

    def request(self, method, url, **kwargs):
        return self.session.request(method, url, timeout=10, verify=self.verify, **kwargs)

    def create(self, form=None):
        return self.request("POST", self.url(), data=self.resource.create_form() if form is None else form)

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
