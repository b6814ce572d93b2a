# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""TaskRouter v1 (``https://taskrouter.twilio.com``): Workspaces and, under each, Activities, Task Channels, Task Queues
and Workflows. Their descriptions, and the rules between them: references by SID that must name an item of the same
workspace, the names answered beside those SIDs, deletes the API refuses, a new workspace's Flex defaults, and a deleted
workspace taking its contents with it. What is inferred is marked, and listed in README.md.
"""

import copy
import json
import re

from .collection import CollectionResource, ListFilter
from .errors import TwilioApiError, conflict, invalid_parameter
from .fields import FormField, check_timestamps, require_fields, sid_field, timestamp

WORKSPACE_PATH = "/v1/Workspaces"
QUEUE_ORDERS = ("FIFO", "LIFO")
# "It can be up to 64 characters long" (spec, for workspaces, activities and task channels; inferred for queues and workflows).
NAME_LENGTH = 64
# "Can be up to 86,400 (24 hours) and the default is 120" (spec).
RESERVATION_TIMEOUT_MAX = 86400
WORKFLOW_CONTENT_TYPE = "application/json"
_SID = {prefix: re.compile(rf"^{prefix}[0-9a-fA-F]{{32}}$") for prefix in ("WS", "WA", "TC", "WQ", "WW")}


def name_field(name="FriendlyName"):
    return FormField(name, "friendly_name", "string", max_length=NAME_LENGTH)


def refused(message):
    """A 400 for a request that breaks a rule between resources (code 20001 and the wording are inferred)."""
    return TwilioApiError(400, 20001, message)


def canonical_configuration(document):
    """How a workflow's configuration is stored and answered: the parsed document written again with sorted keys and an
    indent of 2. Twilio answers the text it keeps; that it keeps the text as sent is not documented, and a client must
    not depend on it, so the emulator answers other whitespace and key order than a compact client sends (inferred)."""
    return json.dumps(document, sort_keys=True, indent=2)


def configuration_queues(document):
    """(where, queue value) of every queue reference in a workflow configuration: task_routing.filters[].targets[].queue
    and task_routing.default_filter.queue. Raises ValueError when the routing is not shaped as the docs describe."""
    routing = document.get("task_routing")
    if routing is None:
        return []
    if not isinstance(routing, dict):
        raise ValueError("task_routing must be an object")
    found = []
    filters = routing.get("filters", [])
    if not isinstance(filters, list):
        raise ValueError("task_routing.filters must be an array")
    for index, routing_filter in enumerate(filters):
        if not isinstance(routing_filter, dict):
            raise ValueError(f"task_routing.filters[{index}] must be an object")
        targets = routing_filter.get("targets", [])
        if not isinstance(targets, list):
            raise ValueError(f"task_routing.filters[{index}].targets must be an array")
        for position, target in enumerate(targets):
            if not isinstance(target, dict) or "queue" not in target:
                raise ValueError(f"task_routing.filters[{index}].targets[{position}] must be an object with a queue")
            found.append((f"task_routing.filters[{index}].targets[{position}].queue", target["queue"]))
    default_filter = routing.get("default_filter")
    if default_filter is not None:
        if not isinstance(default_filter, dict) or "queue" not in default_filter:
            raise ValueError("task_routing.default_filter must be an object with a queue")
        found.append(("task_routing.default_filter.queue", default_filter["queue"]))
    return found


class TaskRouterResource(CollectionResource):
    """What the five TaskRouter resources share: no nested object, answers in the spec's key order with ``url`` and
    ``links`` among them, names of referenced items filled in when answered."""

    answer_keys = ()  # the keys of an answer, in the order of the spec's schema
    link_names = {}  # links key -> path below the item (relative) or "workspace"
    required_out_of_band = ("friendly_name",)
    list_filter = ListFilter("FriendlyName", "friendly_name")

    def create(self, changes, account_sid, now=None):
        # An empty value for a field with a default leaves the default (inferred); what is not stored (Template) is dropped.
        stamp = timestamp(now)
        item = {"account_sid": account_sid, "sid": self.new_sid(), "date_created": stamp, "date_updated": stamp}
        item.update(self.top_level_defaults)
        item.update({key: value for key, value in changes.top.items() if value is not None or key not in self.top_level_defaults})
        require_fields(self.form_fields, self.create_required, item)
        return {key: item.get(key) for key in self.stored_keys}

    def update(self, stored, changes, now=None):
        item = copy.deepcopy(stored)
        item.update({key: value for key, value in changes.top.items() if key in self.stored_keys})
        item["date_updated"] = timestamp(now)
        return item

    def derived(self, item, world):
        """Answer keys that come from other items (the names of referenced activities)."""
        return {}

    def render(self, item, base_url):
        return self.render_in(item, base_url, None)

    def render_in(self, item, base_url, world):
        values = {key: copy.deepcopy(item.get(key)) for key in self.stored_keys}
        if world is not None:
            values.update(self.derived(item, world))
        url = f"{base_url}{self.item_path(item)}"
        values["url"] = url
        workspace_url = f"{base_url}{WORKSPACE_PATH}/{item.get('workspace_sid') or item['sid']}"
        values["links"] = {name: workspace_url if below == "workspace" else f"{url}/{below}" for name, below in self.link_names.items()}
        return {key: values.get(key) for key in self.answer_keys}

    def normalize(self, data, account_sid, existing=None, bump=True, now=None):
        if not isinstance(data, dict):
            raise ValueError(f"a {self.noun} must be a mapping of API fields")
        # Answers carry derived keys, url and links: accepted and dropped, so an answer can be put back.
        data = {key: value for key, value in data.items() if key in self.stored_keys or key not in self.answer_keys}
        return super().normalize(data, account_sid, existing=existing, bump=bump, now=now)

    def check_shape(self, item):
        for key in self.required_out_of_band:
            if not isinstance(item.get(key), str) or not item[key]:
                raise ValueError(f"{key} is required (a non-empty string)")
        if self.parent and not _SID["WS"].match(str(item.get(self.parent_key))):
            raise ValueError(f"{self.parent_key} must match {_SID['WS'].pattern}")
        for field in self.form_fields:
            value = item.get(field.key)
            if value is None or field.key not in self.stored_keys:
                continue
            if field.kind in ("boolean", "loose_boolean") and not isinstance(value, bool):
                raise ValueError(f"{field.key} must be a boolean")
            if field.kind == "integer" and (not isinstance(value, int) or isinstance(value, bool)):
                raise ValueError(f"{field.key} must be an integer")
            if field.kind == "enum" and value not in field.choices:
                raise ValueError(f"{field.key} must be one of " + ", ".join(field.choices))
            if field.kind == "sid" and not re.match(field.pattern, str(value)):
                raise ValueError(f"{field.key} must match {field.pattern}")
            if field.kind in ("string", "url") and not isinstance(value, str):
                raise ValueError(f"{field.key} must be a string or null")
        check_timestamps(item)


class InWorkspace(TaskRouterResource):
    """A resource listed under its workspace, whose links name the workspace."""

    parent = "workspaces"
    parent_key = "workspace_sid"
    link_names = {"workspace": "workspace"}


# The links of a task queue and a workflow.
STATISTICS_LINKS = {
    "workspace": "workspace",
    "statistics": "Statistics",
    "real_time_statistics": "RealTimeStatistics",
    "cumulative_statistics": "CumulativeStatistics",
}


def stored_of(answer_keys, derived=()):
    """The keys stored of an answer's keys, in their order: all but the names derived from other items, url and links."""
    return tuple(key for key in answer_keys if key not in derived + ("url", "links"))


def activity_in(world, workspace_sid, sid):
    """The activity ``sid`` of the workspace, or None."""
    if sid is None:
        return None
    return world["activities"].fetch(sid, ("workspace_sid", workspace_sid))


def activity_name(world, workspace_sid, sid):
    activity = activity_in(world, workspace_sid, sid)
    return activity["friendly_name"] if activity else None


def check_activity_references(item, previous, world, references, clearable=True):
    """Each (key, form name) of ``references`` that changed must name an activity of the item's workspace; unless
    ``clearable``, a set reference cannot be emptied (inferred for a workspace's default and timeout activity)."""
    workspace_sid = item.get("workspace_sid") or item["sid"]
    for key, form_name in references:
        value = item.get(key)
        if previous is not None and value == previous.get(key):
            continue
        if value is None and not clearable:
            raise invalid_parameter(form_name, "must not be empty")
        if value is not None and activity_in(world, workspace_sid, value) is None:
            raise invalid_parameter(form_name, f"must be the SID of an Activity of Workspace {workspace_sid}; {value} is not")


class Workspaces(TaskRouterResource):
    name = "workspaces"
    noun = "workspace"
    list_path = WORKSPACE_PATH
    list_key = "workspaces"
    sid_prefix = "WS"
    form_fields = (
        name_field(),
        FormField("EventCallbackUrl", "event_callback_url", "url"),
        # Stored as sent: a comma-separated list of event types ("task.created,task.canceled").
        FormField("EventsFilter", "events_filter", "string"),
        FormField("MultiTaskEnabled", "multi_task_enabled", "boolean"),
        FormField("Template", "template", "enum", choices=("NONE", "FIFO")),
        FormField("PrioritizeQueueOrder", "prioritize_queue_order", "enum", choices=QUEUE_ORDERS),
        sid_field("DefaultActivitySid", "default_activity_sid", "WA"),
        sid_field("TimeoutActivitySid", "timeout_activity_sid", "WA"),
    )
    create_required = ("FriendlyName",)
    create_only = ("Template",)
    update_only = ("DefaultActivitySid", "TimeoutActivitySid")
    answer_keys = (
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
    )
    stored_keys = stored_of(answer_keys, ("default_activity_name", "timeout_activity_name"))
    link_names = {
        "activities": "Activities",
        "task_channels": "TaskChannels",
        "task_queues": "TaskQueues",
        "workflows": "Workflows",
        "workers": "Workers",
        "tasks": "Tasks",
        "events": "Events",
        "statistics": "Statistics",
    }
    # multi_task_enabled: "The default is true" (spec); prioritize_queue_order: "the default is FIFO" (spec).
    top_level_defaults = {
        "default_activity_sid": None,
        "event_callback_url": None,
        "events_filter": None,
        "multi_task_enabled": True,
        "timeout_activity_sid": None,
        "prioritize_queue_order": "FIFO",
    }

    def parse_create(self, form):
        # DefaultActivitySid and TimeoutActivitySid are not create parameters: ignored there, as unknown ones are.
        return super().parse_create({name: value for name, value in form.items() if name not in self.update_only})

    def derived(self, item, world):
        return {
            "default_activity_name": activity_name(world, item["sid"], item.get("default_activity_sid")),
            "timeout_activity_name": activity_name(world, item["sid"], item.get("timeout_activity_sid")),
        }

    def check_write(self, item, previous, world):
        if previous is not None:
            references = (("default_activity_sid", "DefaultActivitySid"), ("timeout_activity_sid", "TimeoutActivitySid"))
            check_activity_references(item, previous, world, references, clearable=False)

    def on_created(self, item, world):
        """A new workspace holds Flex's defaults, whatever its Template (inferred; see README.md)."""
        flex_defaults(item, world)

    def on_deleted(self, item, world):
        for name in ("workflows", "task_queues", "task_channels", "activities"):
            world[name].remove_where(workspace_sid=item["sid"])


class Activities(InWorkspace):
    name = "activities"
    noun = "activity"
    list_path = WORKSPACE_PATH + "/{parent}/Activities"
    list_key = "activities"
    sid_prefix = "WA"
    form_fields = (
        name_field(),
        # "A value of true, 1, or yes specifies the Activity is available. All other values specify that it is not." (spec)
        FormField("Available", "available", "loose_boolean"),
    )
    create_required = ("FriendlyName",)
    # "available ... cannot be changed after the Activity is created" (the update schema has FriendlyName only).
    create_only = ("Available",)
    stored_keys = ("account_sid", "available", "date_created", "date_updated", "friendly_name", "sid", "workspace_sid")
    answer_keys = stored_keys + ("url", "links")
    # No documented default: an activity is unavailable unless told (inferred, the cautious choice).
    top_level_defaults = {"available": False}

    def list_filters(self, query):
        kept, wanted = super().list_filters(query)
        available = query.get("Available")
        if available is None:
            return kept, wanted
        flag = available.strip().lower() in ("true", "1", "yes")
        return dict(kept, Available=available), lambda item: wanted(item) and item["available"] == flag

    def check_delete(self, item, world):
        """The workspace's default or timeout activity cannot be deleted (TaskRouter docs); nor one a task queue names
        as its reservation or assignment activity (inferred)."""
        workspace = world["workspaces"].fetch(item["workspace_sid"])
        for key, role in (("default_activity_sid", "default"), ("timeout_activity_sid", "timeout")):
            if workspace and workspace.get(key) == item["sid"]:
                raise refused(f"Activity {item['sid']} is the {role} activity of Workspace {workspace['sid']} and cannot be deleted")
        for queue in world["task_queues"].items_where(workspace_sid=item["workspace_sid"]):
            if item["sid"] in (queue.get("reservation_activity_sid"), queue.get("assignment_activity_sid")):
                raise refused(f"Activity {item['sid']} is used by TaskQueue {queue['sid']} and cannot be deleted")


class TaskChannels(InWorkspace):
    name = "task_channels"
    noun = "task channel"
    list_path = WORKSPACE_PATH + "/{parent}/TaskChannels"
    list_key = "channels"
    sid_prefix = "TC"
    form_fields = (
        name_field(),
        FormField("UniqueName", "unique_name", "string", max_length=NAME_LENGTH),
        FormField("ChannelOptimizedRouting", "channel_optimized_routing", "boolean"),
    )
    create_required = ("FriendlyName", "UniqueName")
    create_only = ("UniqueName",)
    stored_keys = ("account_sid", "date_created", "date_updated", "friendly_name", "sid", "unique_name", "workspace_sid", "channel_optimized_routing")
    answer_keys = stored_keys + ("url", "links")
    # No documented default (inferred).
    top_level_defaults = {"channel_optimized_routing": False}
    required_out_of_band = ("friendly_name", "unique_name")
    # The spec lists no filter for the listing of task channels.
    list_filter = None

    def check_write(self, item, previous, world):
        """A unique name is unique in its workspace: a second one is a 409 (status and code inferred)."""
        if previous is None:
            for other in world["task_channels"].items_where(workspace_sid=item["workspace_sid"], unique_name=item["unique_name"]):
                raise conflict(f"A TaskChannel with UniqueName {item['unique_name']} already exists in Workspace {item['workspace_sid']}: {other['sid']}")


class TaskQueues(InWorkspace):
    name = "task_queues"
    noun = "task queue"
    list_path = WORKSPACE_PATH + "/{parent}/TaskQueues"
    list_key = "task_queues"
    sid_prefix = "WQ"
    form_fields = (
        name_field(),
        FormField("TargetWorkers", "target_workers", "string"),
        # "Can be an integer between 1 and 50, inclusive and defaults to 1" (spec).
        FormField("MaxReservedWorkers", "max_reserved_workers", "integer", minimum=1, maximum=50),
        FormField("TaskOrder", "task_order", "enum", choices=QUEUE_ORDERS),
        sid_field("ReservationActivitySid", "reservation_activity_sid", "WA"),
        sid_field("AssignmentActivitySid", "assignment_activity_sid", "WA"),
    )
    create_required = ("FriendlyName",)
    answer_keys = (
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
    )
    stored_keys = stored_of(answer_keys, ("assignment_activity_name", "reservation_activity_name"))
    link_names = STATISTICS_LINKS
    # "Defaults to 1==1", "defaults to 1", "Default is FIFO" (spec).
    top_level_defaults = {
        "assignment_activity_sid": None,
        "max_reserved_workers": 1,
        "reservation_activity_sid": None,
        "target_workers": "1==1",
        "task_order": "FIFO",
    }

    def derived(self, item, world):
        return {
            "assignment_activity_name": activity_name(world, item["workspace_sid"], item.get("assignment_activity_sid")),
            "reservation_activity_name": activity_name(world, item["workspace_sid"], item.get("reservation_activity_sid")),
        }

    def check_write(self, item, previous, world):
        check_activity_references(
            item, previous, world, (("reservation_activity_sid", "ReservationActivitySid"), ("assignment_activity_sid", "AssignmentActivitySid"))
        )

    def check_delete(self, item, world):
        """A queue a workflow of the workspace routes to cannot be deleted (inferred; see README.md)."""
        for workflow in world["workflows"].items_where(workspace_sid=item["workspace_sid"]):
            if item["sid"] in workflow_queue_sids(workflow):
                raise refused(f"TaskQueue {item['sid']} is used by Workflow {workflow['sid']} and cannot be deleted")


def workflow_queue_sids(workflow):
    """The queue SIDs a stored workflow's configuration names (none when it is not a routing document)."""
    try:
        document = json.loads(workflow.get("configuration") or "")
        return {value for _where, value in configuration_queues(document)} if isinstance(document, dict) else set()
    except ValueError:
        return set()


class Workflows(InWorkspace):
    name = "workflows"
    noun = "workflow"
    list_path = WORKSPACE_PATH + "/{parent}/Workflows"
    list_key = "workflows"
    sid_prefix = "WW"
    form_fields = (
        name_field(),
        FormField("Configuration", "configuration", "string"),
        FormField("AssignmentCallbackUrl", "assignment_callback_url", "url"),
        FormField("FallbackAssignmentCallbackUrl", "fallback_assignment_callback_url", "url"),
        FormField("TaskReservationTimeout", "task_reservation_timeout", "integer", minimum=1, maximum=RESERVATION_TIMEOUT_MAX),
        # An action, not state: accepted on update and not stored.
        FormField("ReEvaluateTasks", "re_evaluate_tasks", "boolean"),
    )
    create_required = ("FriendlyName", "Configuration")
    stored_keys = (
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
    )
    answer_keys = stored_keys + ("url", "links")
    link_names = STATISTICS_LINKS
    top_level_defaults = {
        "assignment_callback_url": None,
        "document_content_type": WORKFLOW_CONTENT_TYPE,
        "fallback_assignment_callback_url": None,
        "task_reservation_timeout": 120,
    }
    required_out_of_band = ("friendly_name", "configuration")

    def parse_create(self, form):
        return self._parsed_configuration(super().parse_create({name: value for name, value in form.items() if name != "ReEvaluateTasks"}))

    def parse_update(self, form):
        return self._parsed_configuration(super().parse_update(form))

    @staticmethod
    def _parsed_configuration(changes):
        """The configuration must be a JSON object whose routing is shaped as documented; it is stored re-serialised."""
        text = changes.top.get("configuration")
        if text is not None:
            try:
                document = json.loads(text)
            except ValueError as error:
                raise invalid_parameter("Configuration", "must be a JSON document") from error
            if not isinstance(document, dict):
                raise invalid_parameter("Configuration", "must be a JSON object")
            try:
                configuration_queues(document)
            except ValueError as error:
                raise invalid_parameter("Configuration", f"is not a workflow configuration: {error}") from error
            changes.top["configuration"] = canonical_configuration(document)
        return changes

    def check_write(self, item, previous, world):
        """Every queue the configuration routes to is a task queue of the workspace, named by SID."""
        if previous is not None and item["configuration"] == previous.get("configuration"):
            return
        for where, value in configuration_queues(json.loads(item["configuration"])):
            if not isinstance(value, str) or world["task_queues"].fetch(value, ("workspace_sid", item["workspace_sid"])) is None:
                raise invalid_parameter(
                    "Configuration", f"names {value!r} at {where}, which is not the SID of a TaskQueue of Workspace {item['workspace_sid']}"
                )


WORKSPACES = Workspaces()
ACTIVITIES = Activities()
TASK_CHANNELS = TaskChannels()
TASK_QUEUES = TaskQueues()
WORKFLOWS = Workflows()
TASKROUTER_RESOURCES = (WORKSPACES, ACTIVITIES, TASK_CHANNELS, TASK_QUEUES, WORKFLOWS)

# Flex's defaults in a new account (TASKROUTER-NOTES.md section 3: Terraform's Flex example, a reset script).
FLEX_ACTIVITIES = (("Offline", False), ("Available", True), ("Unavailable", False), ("Break", False))
FLEX_TASK_CHANNELS = (("default", "Default"), ("voice", "Voice"), ("chat", "Chat"), ("sms", "SMS"), ("video", "Video"), ("email", "Email"))
FLEX_QUEUE = "Everyone"
FLEX_WORKFLOW = "Assign to Anyone"
FLEX_WORKSPACE = "Flex Task Assignment"


def flex_defaults(workspace, world):
    """Fill ``workspace`` (a stored item, changed in place) with Flex's defaults: activities Offline (its default and
    timeout activity), Available, Unavailable, Break; task channels default, voice, chat, sms, video, email; the task queue
    Everyone; the workflow Assign to Anyone routing every task to Everyone."""
    base = {"account_sid": workspace["account_sid"], "date_created": workspace["date_created"], "date_updated": workspace["date_created"]}
    base["workspace_sid"] = workspace["sid"]
    activities = [dict(base, sid=ACTIVITIES.new_sid(), friendly_name=name, available=available) for name, available in FLEX_ACTIVITIES]
    channels = [
        dict(base, sid=TASK_CHANNELS.new_sid(), unique_name=unique, friendly_name=friendly, channel_optimized_routing=False)
        for unique, friendly in FLEX_TASK_CHANNELS
    ]
    queue = dict(base, sid=TASK_QUEUES.new_sid(), friendly_name=FLEX_QUEUE, **TASK_QUEUES.top_level_defaults)
    routing = {
        "task_routing": {
            "filters": [{"filter_friendly_name": FLEX_QUEUE, "expression": "1==1", "targets": [{"queue": queue["sid"]}]}],
            "default_filter": {"queue": queue["sid"]},
        }
    }
    workflow = dict(base, sid=WORKFLOWS.new_sid(), friendly_name=FLEX_WORKFLOW, configuration=canonical_configuration(routing), **WORKFLOWS.top_level_defaults)
    for resource, items in ((ACTIVITIES, activities), (TASK_CHANNELS, channels), (TASK_QUEUES, [queue]), (WORKFLOWS, [workflow])):
        world[resource.name].add_items([{key: item.get(key) for key in resource.stored_keys} for item in items])
    workspace["default_activity_sid"] = workspace["timeout_activity_sid"] = activities[0]["sid"]
    return workspace
