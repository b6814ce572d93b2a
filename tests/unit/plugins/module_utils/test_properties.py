# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Properties over random desired and current states: one write converges, and check mode predicts it."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ansible_collections.twilio.flex.plugins.module_utils import _flex_flow as flex_flow
from ansible_collections.twilio.flex.plugins.module_utils._reconcile import InvalidValueError, ResourceApi, desired_state, reconcile_one
from ansible_collections.twilio.flex.tests.unit.plugins.flow_data import apply_form, make_flow


def sid(prefix):
    return st.text("0123456789abcdefABCDEF", min_size=32, max_size=32).map(lambda digits: prefix + digits)


TEXT = st.text(min_size=1, max_size=40).filter(lambda text: text.strip() == text and text != "")
INTEGRATION = st.fixed_dictionaries(
    {},
    optional={
        "flow_sid": sid("FW"),
        "url": st.sampled_from(["https://example.com/hook", "http://10.0.0.1:8080/x"]),
        "workspace_sid": sid("WS"),
        "workflow_sid": sid("WW"),
        "channel": st.sampled_from(["sms", "chat", "default"]),
        "timeout": st.integers(1, 1209600),
        "priority": st.integers(0, 2**31 - 1),
        "creation_on_message": st.booleans(),
        "retry_count": st.integers(0, 3),
    },
)
OPTIONS = st.fixed_dictionaries(
    {},
    optional={
        "friendly_name": TEXT,
        "chat_service_sid": sid("IS"),
        "channel_type": st.sampled_from(flex_flow.CHANNEL_TYPES),
        "contact_identity": st.one_of(st.just(""), TEXT),
        "enabled": st.booleans(),
        "integration_type": st.sampled_from(flex_flow.INTEGRATION_TYPES),
        "integration": INTEGRATION,
        "long_lived": st.booleans(),
        "janitor_enabled": st.booleans(),
    },
)
# What the server may hold: typed or string-typed values, a null or partial integration.
CURRENT = st.builds(
    lambda enabled, retry_count, integration_type, integration, as_strings: make_flow(
        enabled=str(enabled).lower() if as_strings else enabled,
        integration_type=integration_type,
        integration=None if integration is None else dict(integration, retry_count=str(retry_count) if as_strings else retry_count),
    ),
    st.booleans(),
    st.integers(0, 3),
    st.sampled_from(flex_flow.INTEGRATION_TYPES),
    st.one_of(st.none(), INTEGRATION),
    st.booleans(),
)


def ensure_present(api, desired, current, check_mode):
    return reconcile_one(flex_flow.FLEX_FLOW, api, desired, current, "present", check_mode)


class InMemoryApi(ResourceApi):
    """One flow in memory; I/O only, the rules come from flex_flow.FLEX_FLOW."""

    def __init__(self, flow):
        self.flow = flow
        self.writes = 0

    def find(self, sid, name):
        return self.flow

    def list_all(self):
        return [self.flow]

    def delete(self, current_resource):
        raise AssertionError("no delete expected")

    def create(self, form):
        raise AssertionError("no create expected")

    def update(self, current_resource, form):
        self.writes += 1
        self.flow = apply_form(current_resource, form)
        return self.flow


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(options=OPTIONS, current=CURRENT)
def test_after_one_write_a_second_run_finds_no_change(options, current):
    desired = desired_state(flex_flow.FIELDS, options)
    api = InMemoryApi(current)
    try:
        checked = ensure_present(api, desired, current, check_mode=True)
        first = ensure_present(api, desired, current, check_mode=False)
    except InvalidValueError:
        assume(False)
    assert api.writes == (1 if first.changed else 0)
    # Check mode reports what the real run does, and predicts the resource it leaves.
    assert (checked.changed, checked.changed_fields, checked.before, checked.after) == (first.changed, first.changed_fields, first.before, first.after)
    assert desired_state(flex_flow.FIELDS, checked.resource) == desired_state(flex_flow.FIELDS, api.flow)
    second = ensure_present(api, desired, api.flow, check_mode=False)
    assert second.changed is False and second.changed_fields == []
    assert api.writes == (1 if first.changed else 0)


# The emulator's own parser and rules: written apart from the module, so agreement is evidence.
from ansible_collections.twilio.flex.tests.flex_emulator import resource as emulator_resource  # noqa: E402 pylint: disable=wrong-import-position
from ansible_collections.twilio.flex.tests.flex_emulator.errors import TwilioApiError as EmulatorError  # noqa: E402 pylint: disable=wrong-import-position


class EmulatorParsedApi(InMemoryApi):
    """Applies each form body the way the emulator's HTTP handler does."""

    def create(self, form):
        self.writes += 1
        self.flow = emulator_resource.render(emulator_resource.create_flow(emulator_resource.parse_form(form), "AC" + "0" * 32), "https://flex-api.twilio.com")
        return self.flow

    def update(self, current_resource, form):
        self.writes += 1
        stored = dict((key, current_resource.get(key)) for key in emulator_resource.STORED_KEYS)
        self.flow = emulator_resource.render(emulator_resource.update_flow(stored, emulator_resource.parse_form(form)), "https://flex-api.twilio.com")
        return self.flow


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(options=OPTIONS, current=st.one_of(st.none(), CURRENT))
def test_form_bodies_round_trip_through_the_emulators_parser(options, current):
    desired = desired_state(flex_flow.FIELDS, options)
    if current is not None:
        current = emulator_resource.render(dict((key, current.get(key)) for key in emulator_resource.STORED_KEYS), "https://flex-api.twilio.com")
    api = EmulatorParsedApi(current)
    try:
        first = ensure_present(api, desired, current, check_mode=False)
    except InvalidValueError:
        assume(False)
    except EmulatorError as error:
        raise AssertionError("the module sent a body the API rejects: %s" % error) from error
    # The state the API holds now has every desired value, read back through the module's decoding.
    held = desired_state(flex_flow.FIELDS, api.flow)
    assert dict((path, value) for path, value in desired.items() if value is not None) == dict(
        (path, held.get(path)) for path, value in desired.items() if value is not None
    )
    assert all(held.get(path) is None for path, value in desired.items() if value is None)
    assert ensure_present(api, desired, api.flow, check_mode=False).changed is False
    assert api.writes == (1 if first.changed else 0)
