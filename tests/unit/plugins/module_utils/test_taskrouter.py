# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The engine's field kinds for TaskRouter (JSON documents, comma-separated lists, references) and plan_container, pure."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.twilio.flex.plugins.module_utils._connection import TASKROUTER, ConnectionSettingsError, build_base_url, connection_argument_spec
from ansible_collections.twilio.flex.plugins.module_utils._container_declaration import failed_parts, form_with_sids, plan_container
from ansible_collections.twilio.flex.plugins.module_utils._declaration import AppliedItem, entry_argument_spec, plan_declaration, validate_entries
from ansible_collections.twilio.flex.plugins.module_utils._reconcile import (
    CREATE,
    DELETE,
    NONE,
    UPDATE,
    Field,
    InvalidValueError,
    UnparsedJson,
    argument_spec,
    changed_paths,
    json_reference_values,
    map_json_references,
    plan_present,
    sid_key,
)
from ansible_collections.twilio.flex.plugins.module_utils._taskrouter import ACTIVITY, TASK_CHANNEL, TASK_QUEUE, TASKROUTER_WORKSPACE, WORKFLOW

CONFIGURATION = WORKFLOW.field("configuration")
EVENTS = TASKROUTER_WORKSPACE.resource_type.field("events_filter")
WS = "WS" + "0" * 32


def sid(prefix, number):
    return "%s%032x" % (prefix, number)


def activity(number, name, available=False):
    return dict(sid=sid("WA", number), friendly_name=name, available=available)


def channel(number, unique_name, friendly_name=None):
    return dict(sid=sid("TC", number), unique_name=unique_name, friendly_name=friendly_name or unique_name.title(), channel_optimized_routing=False)


def queue(number, name, reservation=None, assignment=None, target="1==1"):
    return dict(
        sid=sid("WQ", number),
        friendly_name=name,
        target_workers=target,
        max_reserved_workers=1,
        task_order="FIFO",
        reservation_activity_sid=reservation,
        assignment_activity_sid=assignment,
    )


def workflow(number, name, configuration):
    return dict(sid=sid("WW", number), friendly_name=name, task_reservation_timeout=120, configuration=configuration)


def workspace(default=None, timeout=None, **values):
    return dict(
        dict(
            sid=WS,
            friendly_name="Flex Task Assignment",
            default_activity_sid=default,
            timeout_activity_sid=timeout,
            event_callback_url=None,
            events_filter=None,
            multi_task_enabled=True,
            prioritize_queue_order="FIFO",
        ),
        **values,
    )


def routing(*queues, default=None):
    return {
        "task_routing": {
            "filters": [{"filter_friendly_name": "F", "expression": "1==1", "targets": [{"queue": name} for name in queues]}],
            "default_filter": {"queue": default},
        }
    }


def entries_of(kind, raw, prune=False):
    resource_type = TASKROUTER_WORKSPACE.kind(kind).resource_type
    entries, problems = validate_entries(resource_type, kind, raw, entry_argument_spec(argument_spec(resource_type.fields)), prune)
    assert problems == []
    return entries


# The Flex defaults of a new workspace (Offline is the default and timeout activity).
OFFLINE, AVAILABLE, BREAK = activity(1, "Offline"), activity(2, "Available", True), activity(3, "Break")
EVERYONE = queue(1, "Everyone", target="1==1")
ANYONE = workflow(1, "Assign to Anyone", json.dumps({"task_routing": {"filters": [], "default_filter": {"queue": sid("WQ", 1)}}}))
CHANNELS = [channel(number, name) for number, name in enumerate(["default", "voice", "chat", "sms", "video", "email"], start=1)]


def live(**overrides):
    base = dict(activities=[OFFLINE, AVAILABLE, BREAK], task_channels=list(CHANNELS), task_queues=[EVERYONE], workflows=[ANYONE])
    base.update(overrides)
    return base


def plan(declared=None, settings=None, live_items=None, container=None, prune=(), max_deletes=None):
    entries = dict((kind, entries_of(kind, raw, kind in prune)) for kind, raw in (declared or {}).items())
    container_resource = container or workspace(default=OFFLINE["sid"], timeout=OFFLINE["sid"])
    return plan_container(TASKROUTER_WORKSPACE, container_resource, settings or {}, entries, live_items or live(), set(prune), max_deletes)


def summary_of(result):
    return [(item.name, item.action, item.status, (item.error or {}).get("kind")) for item in result]


# JSON documents


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=4),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children, max_size=3),
    max_leaves=10,
)


def reordered(value, rng):
    """The same document with every object's keys in another order."""
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return dict((key, reordered(value[key], rng)) for key in keys)
    if isinstance(value, list):
        return [reordered(item, rng) for item in value]
    return value


@given(st.dictionaries(st.text(max_size=3), JSON_VALUES, max_size=4), st.integers(0, 10**6), st.sampled_from([None, 0, 2, "\t"]), st.booleans())
@settings(max_examples=200, deadline=None)
def test_whitespace_and_key_order_never_make_a_change(document, seed, indent, as_text):
    """A document and its text in any whitespace and key order compare equal: the live side is always text, the declared either."""
    live_text = json.dumps(reordered(document, random.Random(seed)), indent=indent)
    declared = json.dumps(document) if as_text else document
    desired = {"configuration": CONFIGURATION.normalise(declared)}
    current = {"configuration": CONFIGURATION.normalise(live_text)}
    assert changed_paths(desired, current, WORKFLOW.fields) == []


@given(st.lists(JSON_VALUES, min_size=2, max_size=4, unique_by=lambda value: json.dumps(value, sort_keys=True)))
@settings(max_examples=100, deadline=None)
def test_array_order_is_a_change(items):
    """Filters and targets are evaluated in order: another order is another document."""
    desired = {"configuration": CONFIGURATION.normalise({"a": items})}
    current = {"configuration": CONFIGURATION.normalise(json.dumps({"a": list(reversed(items))}))}
    assert changed_paths(desired, current, WORKFLOW.fields) == ["configuration"]


def test_json_true_and_one_differ_and_empty_text_is_unset():
    assert changed_paths({"configuration": {"a": True}}, {"configuration": {"a": 1}}, WORKFLOW.fields) == ["configuration"]
    assert CONFIGURATION.normalise("") is None
    assert CONFIGURATION.normalise("  ") is None
    assert changed_paths({"configuration": None}, {}, WORKFLOW.fields) == []


def test_live_text_that_is_not_json_is_drift():
    current = {"configuration": CONFIGURATION.normalise("{not json")}
    assert isinstance(current["configuration"], UnparsedJson)
    assert changed_paths({"configuration": {"not json": None}}, current, WORKFLOW.fields) == ["configuration"]
    assert changed_paths({"configuration": "{not json"}, current, WORKFLOW.fields) == ["configuration"]


@pytest.mark.parametrize(
    "value, message",
    [
        ("{not json", "the text is not JSON"),
        ("42", "got the JSON int"),
        (42, "got int"),
    ],
)
def test_declared_json_must_be_a_document(value, message):
    with pytest.raises(InvalidValueError, match=message):
        CONFIGURATION.check(value)


def test_json_is_sent_compact_with_sorted_keys():
    assert CONFIGURATION.encode({"b": [2, 1], "a": {"d": 1, "c": None}}) == '{"a":{"c":null,"d":1},"b":[2,1]}'


# Comma-separated lists


def test_comma_separated_list_is_a_set():
    assert EVENTS.normalise(" task.created,task.canceled , task.created") == ["task.canceled", "task.created"]
    assert EVENTS.normalise(["task.created", "task.canceled"]) == ["task.canceled", "task.created"]
    assert EVENTS.normalise("") is None and EVENTS.normalise([]) is None
    settings_fields = TASKROUTER_WORKSPACE.resource_type.fields
    assert changed_paths({"events_filter": EVENTS.normalise([])}, {}, settings_fields) == []
    assert changed_paths({"events_filter": EVENTS.normalise([])}, {"events_filter": ["task.created"]}, settings_fields) == ["events_filter"]
    assert EVENTS.encode(None) == ""
    assert EVENTS.encode(["task.canceled", "task.created"]) == "task.canceled,task.created"
    with pytest.raises(InvalidValueError, match="comma"):
        EVENTS.check(["task.created,task.canceled"])


# References inside a JSON document


def test_map_json_references_replaces_only_the_paths_and_copies():
    document = routing("Support", "Sales", default="Everyone")
    document["task_routing"]["filters"].append({"expression": "queue == 'Support'"})
    mapped = map_json_references(document, "task_routing.filters[].targets[].queue", str.upper)
    assert json_reference_values(mapped, "task_routing.filters[].targets[].queue") == ["SUPPORT", "SALES"]
    assert mapped["task_routing"]["default_filter"] == {"queue": "Everyone"}
    assert mapped["task_routing"]["filters"][1] == {"expression": "queue == 'Support'"}
    assert json_reference_values(document, "task_routing.filters[].targets[].queue") == ["Support", "Sales"]
    assert map_json_references({"task_routing": {"filters": "x"}}, "task_routing.filters[].targets[].queue", str.upper) == {"task_routing": {"filters": "x"}}


# Data of the resource types


def test_queue_update_always_carries_target_workers():
    current = dict(EVERYONE, target_workers="routing.skills HAS 'x'")
    update = plan_present(TASK_QUEUE, {"max_reserved_workers": 2}, current)
    assert update.form == {"MaxReservedWorkers": "2", "TargetWorkers": "routing.skills HAS 'x'"}
    assert update.changes == ["max_reserved_workers"]
    declared = plan_present(TASK_QUEUE, {"max_reserved_workers": 2, "target_workers": "1==2"}, current)
    assert declared.form == {"MaxReservedWorkers": "2", "TargetWorkers": "1==2"}


def test_flex_channels_are_never_pruned():
    items = plan_declaration(
        TASK_CHANNEL, entries_of("task_channels", [{"unique_name": "custom1", "friendly_name": "C"}]), CHANNELS + [channel(9, "old")], True
    )
    assert [(item.name, item.action) for item in items] == [("custom1", CREATE)] + [(each["unique_name"], NONE) for each in CHANNELS] + [("old", DELETE)]


def test_create_only_fields():
    assert [field.path for field in ACTIVITY.fields if field.create_only] == ["available"]
    assert [field.path for field in TASK_CHANNEL.fields if field.create_only] == ["unique_name"]


def test_field_source_reads_the_answered_key():
    field = Field("reservation_activity", "ReservationActivitySid", source="reservation_activity_sid", references="activities")
    assert TASK_QUEUE.state(queue(1, "Q", reservation="WA1"))["reservation_activity"] == "WA1"
    assert field.keys == ("reservation_activity",) and field.source_keys == ("reservation_activity_sid",)


# plan_container


def test_no_op_plans_nothing():
    result = plan(
        declared=dict(
            activities=[{"friendly_name": "Offline", "available": False}],
            task_queues=[{"friendly_name": "Everyone", "target_workers": "1==1"}],
            workflows=[{"friendly_name": "Assign to Anyone", "configuration": {"task_routing": {"default_filter": {"queue": "Everyone"}, "filters": []}}}],
        ),
        settings={"default_activity": "Offline", "timeout_activity": OFFLINE["sid"], "multi_task_enabled": True},
    )
    assert result.reasons == () and result.warnings == ()
    assert all(item.action == NONE and item.error is None for items in result.items.values() for item in items)
    assert result.settings.status == "in_sync" and result.settings.action == NONE
    assert result.settings.before == {"default_activity": "Offline", "timeout_activity": "Offline", "multi_task_enabled": True}
    assert result.items["workflows"][0].status == "in_sync"


def test_references_compared_and_shown_by_name():
    live_items = live(task_queues=[queue(1, "Everyone", reservation=BREAK["sid"], assignment=AVAILABLE["sid"])])
    result = plan(
        declared=dict(task_queues=[{"friendly_name": "Everyone", "reservation_activity": "Offline", "assignment_activity": AVAILABLE["sid"]}]),
        live_items=live_items,
    )
    [item] = result.items["task_queues"]
    assert (item.action, item.changed_fields) == (UPDATE, ("reservation_activity",))
    assert item.before == {"reservation_activity": "Break", "assignment_activity": "Available"}
    assert item.after == {"reservation_activity": "Offline", "assignment_activity": "Available"}
    form, problem = form_with_sids(TASK_QUEUE, item.plan.form, result.tables, {}, False)
    assert problem is None
    assert form == {"ReservationActivitySid": OFFLINE["sid"], "TargetWorkers": "1==1"}


@pytest.mark.parametrize(
    "reference, message",
    [
        ("Lunch", "reservation_activity 'Lunch' names no activity: no activity is named 'Lunch', in the declaration or in the workspace"),
        (sid("WA", 99), "names no activity: no activity of the workspace has the SID WA%032x" % 99),
        ("Twice", "names 2 activities named 'Twice' (WA%032x, WA%032x): give the SID of one" % (7, 8)),
        ("Break", "names the activity WA%032x ('Break'), which this task asks to delete" % 3),
    ],
)
def test_bad_reference_fails_the_entry_before_any_write(reference, message):
    live_items = live(activities=[OFFLINE, AVAILABLE, BREAK, activity(7, "Twice"), activity(8, "Twice")])
    result = plan(
        declared=dict(
            activities=[{"friendly_name": "Break", "state": "absent"}],
            task_queues=[{"friendly_name": "Support", "reservation_activity": reference}, {"friendly_name": "Everyone", "target_workers": "1==1"}],
        ),
        live_items=live_items,
    )
    bad, fine = result.items["task_queues"][:2]
    assert (bad.action, bad.plan, bad.error["kind"], bad.status) == (NONE, None, "invalid", "missing")
    assert message in bad.error["message"]
    assert (fine.action, fine.error) == (NONE, None)


def test_reference_to_a_pruned_item_is_an_error():
    result = plan(
        declared=dict(
            activities=[{"friendly_name": "Offline"}, {"friendly_name": "Available"}],
            task_queues=[{"friendly_name": "Everyone", "assignment_activity": "Break"}],
        ),
        prune=("activities",),
    )
    assert summary_of(result.items["activities"]) == [
        ("Offline", NONE, "in_sync", None),
        ("Available", NONE, "in_sync", None),
        ("Break", DELETE, "undeclared", None),
    ]
    assert "which this task asks to delete" in result.items["task_queues"][0].error["message"]


def test_reference_to_an_item_the_run_creates():
    result = plan(
        declared=dict(
            activities=[{"friendly_name": "Wrap Up", "available": False}],
            task_queues=[{"friendly_name": "Support", "reservation_activity": "Wrap Up"}],
            workflows=[{"friendly_name": "Assign to Support", "configuration": routing("Support", "Everyone", default="Everyone")}],
        )
    )
    [wrap_up] = result.items["activities"][:1]
    [support] = result.items["task_queues"][:1]
    [assign] = result.items["workflows"][:1]
    assert (wrap_up.action, support.action, assign.action) == (CREATE, CREATE, CREATE)
    assert support.after == {"reservation_activity": "Wrap Up"}
    assert assign.after["configuration"] == routing("Support", "Everyone", default="Everyone")
    # In check mode the create answered no SID: the name stays.
    created = dict(activities=[AppliedItem.of(wrap_up).__class__(**dict(vars(AppliedItem.of(wrap_up)), done=True, resource={}))])
    form, problem = form_with_sids(TASK_QUEUE, support.plan.form, result.tables, created, True)
    assert (form["ReservationActivitySid"], problem) == ("Wrap Up", None)
    # After a real create, the SID it answered.
    created = dict(activities=[AppliedItem.of(wrap_up).__class__(**dict(vars(AppliedItem.of(wrap_up)), done=True, resource={"sid": sid("WA", 50)}))])
    form, problem = form_with_sids(TASK_QUEUE, support.plan.form, result.tables, created, False)
    assert (form["ReservationActivitySid"], problem) == (sid("WA", 50), None)
    # A failed create: no write, naming the reference.
    form, problem = form_with_sids(TASK_QUEUE, support.plan.form, result.tables, dict(activities=[AppliedItem.of(wrap_up)]), False)
    assert form is None and "'Wrap Up' names the activity 'Wrap Up', whose create failed or was not sent" in problem
    created_queue = dict(task_queues=[AppliedItem.of(support).__class__(**dict(vars(AppliedItem.of(support)), done=True, resource={"sid": sid("WQ", 60)}))])
    form, problem = form_with_sids(WORKFLOW, assign.plan.form, result.tables, created_queue, False)
    assert json.loads(form["Configuration"]) == routing(sid("WQ", 60), sid("WQ", 1), default=sid("WQ", 1))


def test_reference_to_an_entry_in_error_fails_too():
    live_items = live(activities=[OFFLINE, AVAILABLE, BREAK])
    result = plan(
        declared=dict(
            activities=[{"friendly_name": "Break", "available": True}],
            task_queues=[{"friendly_name": "Support", "reservation_activity": "Nowhere"}],
            workflows=[{"friendly_name": "W", "configuration": routing("Support")}],
        ),
        live_items=live_items,
    )
    assert result.items["activities"][0].error["kind"] == "create_only"
    assert "can only be set when the activity is created" in result.items["activities"][0].error["message"]
    assert (
        "configuration: task_routing.filters[].targets[].queue 'Support' names the task queue 'Support', whose entry (task_queues[0]) is in error"
        in (result.items["workflows"][0].error["message"])
    )


def test_workflow_configuration_compared_by_queue_name_whatever_the_text():
    stored = '{ "task_routing" : {"default_filter":{"queue":"%s"},  "filters":[]}}' % sid("WQ", 1)
    result = plan(
        declared=dict(
            workflows=[{"friendly_name": "Assign to Anyone", "configuration": '{"task_routing": {"filters": [], "default_filter": {"queue": "Everyone"}}}'}]
        ),
        live_items=live(workflows=[workflow(1, "Assign to Anyone", stored)]),
    )
    assert result.items["workflows"][0].action == NONE


def test_unparsed_live_configuration_warns_and_updates():
    result = plan(
        declared=dict(workflows=[{"friendly_name": "Assign to Anyone", "configuration": routing(default="Everyone")}]),
        live_items=live(workflows=[workflow(1, "Assign to Anyone", "{broken")]),
    )
    item = result.items["workflows"][0]
    assert (item.action, item.changed_fields) == (UPDATE, ("configuration",))
    assert result.warnings == (
        "The workflow WW%032x ('Assign to Anyone') holds a configuration that is not valid JSON: it differs from any declared one, and an update replaces it"
        % 1,
    )


def test_default_activity_is_never_deleted_unless_repointed():
    declared = dict(activities=[{"friendly_name": "Offline", "state": "absent"}])
    refused = plan(declared=declared)
    [offline] = refused.items["activities"][:1]
    assert (offline.action, offline.error["kind"]) == (NONE, "invalid")
    assert "is the workspace's default_activity, so it cannot be deleted: set settings.default_activity to another activity" in offline.error["message"]
    half = plan(declared=declared, settings={"default_activity": "Available"})
    assert "workspace's timeout_activity" in half.items["activities"][0].error["message"]
    repointed = plan(declared=declared, settings={"default_activity": "Available", "timeout_activity": "Break"})
    assert (repointed.items["activities"][0].action, repointed.items["activities"][0].error) == (DELETE, None)
    assert repointed.settings.action == UPDATE and repointed.settings.changed_fields == ("default_activity", "timeout_activity")
    assert repointed.settings.after == {"default_activity": "Available", "timeout_activity": "Break"}


def test_settings_reference_problems_and_events_filter():
    result = plan(
        settings={"default_activity": "Lunch", "events_filter": ["task.created"]}, container=workspace(default=OFFLINE["sid"], events_filter="task.created")
    )
    assert result.settings.error["message"].startswith("settings: default_activity 'Lunch' names no activity")
    assert result.settings.action == NONE
    in_sync = plan(settings={"events_filter": ["task.canceled", "task.created"]}, container=workspace(events_filter="task.created, task.canceled"))
    assert (in_sync.settings.status, in_sync.settings.action) == ("in_sync", NONE)


def test_max_deletes_counts_across_kinds_and_the_threshold_is_per_kind():
    many = [queue(number, "Q%d" % number) for number in range(1, 11)]
    declared = dict(task_queues=[{"friendly_name": "Q%d" % number} for number in range(1, 8)], workflows=[{"friendly_name": "Keep", "ignore": True}])
    live_items = live(task_queues=many, workflows=[ANYONE, workflow(2, "Keep", "{}")])
    within = plan(declared=declared, live_items=live_items, prune=("task_queues", "workflows"))
    assert within.reasons == ()
    assert [item.name for items in within.items.values() for item in items if item.action == DELETE] == ["Q8", "Q9", "Q10", "Assign to Anyone"]
    capped = plan(declared=declared, live_items=live_items, prune=("task_queues", "workflows"), max_deletes=3)
    assert capped.reasons[0].startswith("The plan deletes 4 resources, more than max_deletes=3, so nothing was written")
    declared["task_queues"] = declared["task_queues"][:6]
    over = plan(declared=declared, live_items=live_items, prune=("task_queues",))
    assert len(over.reasons) == 1 and over.reasons[0].startswith("The plan deletes 4 of the 10 task queues of the workspace, more than 30 %")
    assert plan(declared=declared, live_items=live_items, prune=("task_queues",), max_deletes=4).reasons == ()


def test_ambiguous_names_are_an_error_and_never_pruned():
    live_items = live(task_queues=[EVERYONE, queue(2, "Twin"), queue(3, "Twin")])
    result = plan(
        declared=dict(task_queues=[{"friendly_name": "Everyone"}, {"friendly_name": "Twin", "max_reserved_workers": 2}]),
        live_items=live_items,
        prune=("task_queues",),
    )
    assert summary_of(result.items["task_queues"]) == [("Everyone", NONE, "in_sync", None), ("Twin", NONE, "error", "ambiguous")]


def test_a_reference_to_an_ambiguous_name_counts_the_live_items_not_the_entry_too():
    # The ambiguous entry matches the two live queues: it is not a third queue that the run would create.
    result = plan(
        declared=dict(task_queues=[{"friendly_name": "Twin"}], workflows=[{"friendly_name": "Assign to Anyone", "configuration": routing("Twin")}]),
        live_items=live(task_queues=[EVERYONE, queue(2, "Twin"), queue(3, "Twin")]),
    )
    message = result.items["workflows"][0].error["message"]
    assert "names 2 task queues named 'Twin' (%s, %s): give the SID of one" % (sid("WQ", 2), sid("WQ", 3)) in message


def test_a_create_named_like_a_deleted_item_but_for_case_warns():
    result = plan(
        declared=dict(activities=[{"friendly_name": "Offline"}, {"friendly_name": "break ", "available": False}, {"friendly_name": "Available"}]),
        prune=("activities",),
    )
    assert [(item.name, item.action) for item in result.items["activities"]] == [("Offline", NONE), ("break ", CREATE), ("Available", NONE), ("Break", DELETE)]
    assert result.warnings == (
        "activities[1] (friendly_name 'break '): creates an activity named 'break ' while the same run deletes the activity %s named 'Break': the "
        "names differ only in case or surrounding spaces; if the entry means that activity, give its exact name or its sid" % BREAK["sid"],
    )


def test_renamed_item_is_referenced_by_its_new_name():
    result = plan(
        declared=dict(
            activities=[{"sid": BREAK["sid"], "friendly_name": "Pause"}],
            task_queues=[{"friendly_name": "Everyone", "reservation_activity": "Pause"}],
        ),
        live_items=live(task_queues=[queue(1, "Everyone", reservation=BREAK["sid"])]),
    )
    assert result.items["activities"][0].action == UPDATE
    assert (result.items["task_queues"][0].action, result.items["task_queues"][0].before) == (NONE, {"reservation_activity": "Pause"})


@pytest.mark.parametrize(
    "region, edge, expected",
    [
        (None, None, "https://taskrouter.twilio.com"),
        ("us1", None, "https://taskrouter.us1.twilio.com"),
        ("au1", "sydney", "https://taskrouter.sydney.au1.twilio.com"),
        (None, "dublin", "https://taskrouter.dublin.us1.twilio.com"),
    ],
)
def test_the_taskrouter_host_follows_region_and_edge(region, edge, expected):
    assert build_base_url(region, edge, None, TASKROUTER) == expected
    with pytest.raises(ConnectionSettingsError, match="TWILIO_TASKROUTER_BASE_URL"):
        build_base_url("au1", "sydney", "https://proxy.example.com", TASKROUTER)
    assert connection_argument_spec(TASKROUTER)["base_url"]["fallback"][1] == ["TWILIO_TASKROUTER_BASE_URL"]


@st.composite
def workspaces(draw):
    """A live workspace whose names may repeat, its queues and workflows referring by SID, and its state declared back:
    each item by name where its name is unique (else by SID), each reference by name or SID (a SID where the name repeats)."""
    names = st.sampled_from(["A", "B", "C"])
    activities = [activity(number, draw(names)) for number in range(1, draw(st.integers(1, 4)) + 1)]
    queues = [
        queue(number, "Q" + draw(names), reservation=draw(st.sampled_from([None] + [each["sid"] for each in activities])))
        for number in range(1, draw(st.integers(0, 3)) + 1)
    ]
    workflows = []
    for number in range(1, draw(st.integers(0, 2)) + 1):
        targets = draw(st.lists(st.sampled_from([each["sid"] for each in queues]), max_size=3)) if queues else []
        document = {"task_routing": {"filters": [{"expression": "1==1", "targets": [{"queue": target, "priority": 1} for target in targets]}]}}
        text = json.dumps(reordered(document, random.Random(number)), indent=draw(st.sampled_from([None, 2])))
        workflows.append(workflow(number, "W" + draw(names), text))
    container = workspace(default=draw(st.sampled_from([each["sid"] for each in activities])))

    def named(items, item):
        return [each["friendly_name"] for each in items].count(item["friendly_name"]) == 1

    def reference(items, sid_value):
        item = next(each for each in items if each["sid"] == sid_value)
        return item["friendly_name"] if named(items, item) and draw(st.booleans()) else sid_value

    def identity(items, item):
        return {"friendly_name": item["friendly_name"]} if named(items, item) else {"sid": item["sid"], "friendly_name": item["friendly_name"]}

    declared = dict(
        activities=[dict(identity(activities, each), available=each["available"]) for each in activities],
        task_queues=[
            dict(
                identity(queues, each),
                **({"reservation_activity": reference(activities, each["reservation_activity_sid"])} if each["reservation_activity_sid"] else {}),
            )
            for each in queues
        ],
        workflows=[
            dict(
                identity(workflows, each),
                configuration=map_json_references(
                    json.loads(each["configuration"]), "task_routing.filters[].targets[].queue", lambda value: reference(queues, value)
                ),
            )
            for each in workflows
        ],
    )
    settings = {"default_activity": reference(activities, container["default_activity_sid"])}
    return dict(activities=activities, task_channels=[], task_queues=queues, workflows=workflows), container, declared, settings


@given(workspaces())
@settings(max_examples=150, deadline=None)
def test_a_workspace_declared_as_it_is_plans_nothing(case):
    live_items, container, declared, declared_settings = case
    pruned = tuple(kind for kind, entries in declared.items() if entries)
    result = plan(declared=declared, settings=declared_settings, live_items=live_items, container=container, prune=pruned)
    assert result.reasons == ()
    assert [(item.sid, item.action, item.error) for items in result.items.values() for item in items if item.action != NONE or item.error] == []
    assert (result.settings.action, result.settings.error) == (NONE, None)


def test_a_delete_of_what_a_kept_item_still_names_is_an_error():
    live_items = live(task_queues=[queue(1, "Everyone", reservation=BREAK["sid"])])
    activities = [{"friendly_name": "Offline"}, {"friendly_name": "Available"}]
    held = plan(declared=dict(activities=activities), live_items=live_items, prune=("activities",))
    [brk] = [item for item in held.items["activities"] if item.name == "Break"]
    assert (brk.action, brk.error["kind"]) == (NONE, "invalid")
    assert brk.error["message"] == (
        "the activity WA%032x is still named by the task queue 'Everyone' (reservation_activity), which this run keeps: point that at another "
        "activity, or delete it too, in the same task" % 3
    )
    repointed = plan(
        declared=dict(activities=activities, task_queues=[{"friendly_name": "Everyone", "reservation_activity": "Offline"}]),
        live_items=live_items,
        prune=("activities",),
    )
    assert [(item.name, item.action, item.error) for item in repointed.items["activities"]][2] == ("Break", DELETE, None)
    # A workflow that the run keeps (here: ignores) still routes to the queue.
    routed = plan(
        declared=dict(task_queues=[{"friendly_name": "Other"}], workflows=[{"friendly_name": "Assign to Anyone", "ignore": True}]), prune=("task_queues",)
    )
    [everyone] = [item for item in routed.items["task_queues"] if item.name == "Everyone"]
    assert "still named by the workflow 'Assign to Anyone' (configuration)" in everyone.error["message"]
    both = plan(
        declared=dict(task_queues=[{"friendly_name": "Other"}], workflows=[{"friendly_name": "Assign to Anyone", "state": "absent"}]), prune=("task_queues",)
    )
    assert [(item.name, item.action, item.error) for item in both.items["task_queues"]][1] == ("Everyone", DELETE, None)


# Names a reference may meet: plain ones, names shaped like SIDs (of live activities or of none), and SIDs in other cases.
_LIVE_SIDS = [sid("WA", number) for number in range(1, 5)]
_NAMES = ["A", "B", "WA" + "0" * 32] + _LIVE_SIDS + [value[:2] + value[2:].upper() for value in _LIVE_SIDS] + [value.lower() for value in _LIVE_SIDS]


def _meant(table, value):
    """The targets a reference value can mean: an item named exactly so, an item with that SID, an item whose name is
    that SID written another way."""
    key = table.sid_of(value)
    return [
        target
        for target in table.targets
        if target.name == value or key is not None and (target.sid is not None and sid_key(target.sid) == key or table.sid_of(target.name) == key)
    ]


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_reference_leads_to_the_one_item_it_can_mean_or_fails_its_entry(data):
    live_activities = [activity(number, data.draw(st.sampled_from(_NAMES))) for number in range(1, data.draw(st.integers(1, 4)) + 1)]
    created = data.draw(st.lists(st.sampled_from(_NAMES), max_size=2, unique=True))
    value = data.draw(st.sampled_from(_NAMES))
    result = plan(
        declared=dict(
            activities=[{"friendly_name": name, "available": False} for name in created],
            task_queues=[{"friendly_name": "Q", "target_workers": "1==1", "reservation_activity": value}],
        ),
        live_items=live(activities=live_activities),
        container=workspace(default=live_activities[0]["sid"], timeout=live_activities[0]["sid"]),
    )
    table = result.tables["activities"]
    meant = _meant(table, value)
    (item,) = [each for each in result.items["task_queues"] if each.name == "Q"]
    if item.error is None:
        target = table.by_display[item.after["reservation_activity"]]
        assert meant == [target], (value, meant, target)
    else:
        # Refused only when the value can mean no item or several, or the one it means is gone, in error, or cannot be told
        # from another by its display value.
        assert len(meant) != 1 or meant[0].deleted or meant[0].failed or table.displays[meant[0]] not in table.by_display, (value, meant, item.error)


def _lower_prefix(value):
    return value[:2].lower() + value[2:]


def test_a_kept_queue_naming_an_activity_with_a_lower_case_prefix_still_holds_it():
    held = queue(1, "Everyone", reservation=_lower_prefix(BREAK["sid"]))
    result = plan(
        declared=dict(activities=[{"friendly_name": "Offline"}, {"friendly_name": "Available"}], task_queues=[{"friendly_name": "Everyone"}]),
        live_items=live(task_queues=[held]),
        prune=("activities",),
    )
    assert result.tables["activities"].display_of_sid(held["reservation_activity_sid"]) == "Break"
    (brk,) = [item for item in result.items["activities"] if item.name == "Break"]
    assert brk.action == NONE and "is still named by the task queue 'Everyone' (reservation_activity)" in brk.error["message"]


def test_the_default_activity_named_with_a_lower_case_prefix_is_not_deleted():
    result = plan(
        declared=dict(activities=[{"friendly_name": "Offline"}, {"friendly_name": "Available"}]),
        container=workspace(default=_lower_prefix(BREAK["sid"]), timeout=OFFLINE["sid"]),
        prune=("activities",),
    )
    (brk,) = [item for item in result.items["activities"] if item.name == "Break"]
    assert brk.action == NONE and "is the workspace's default_activity, so it cannot be deleted" in brk.error["message"]


def test_a_refused_plan_tells_a_blocking_entry_once():
    result = plan(
        declared=dict(activities=[{"friendly_name": "Offline"}, {"friendly_name": "Availabel", "ignore": True}, {"friendly_name": "Break"}]),
        prune=("activities",),
    )
    items = dict((option, tuple(AppliedItem.of(item) for item in its)) for option, its in result.items.items())
    # As run_container words a refused plan: the reasons, then what else failed.
    message = ". ".join(["; ".join(result.reasons)] + failed_parts(TASKROUTER_WORKSPACE, result.settings, items, blocking=False))
    assert message.count("matches no activity named 'Availabel'") == 1, message
