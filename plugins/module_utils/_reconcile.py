# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Read, compare, plan: the resource-agnostic part of a module that manages one resource.

This module utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.

A resource is described by a table of Field rows. States are flat dicts keyed by the
field's option path ("enabled", "integration.flow_sid"), so comparing, overlaying and
encoding are plain dict operations; `nest` turns a flat state back into the option shape.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

BOOLEAN_STRINGS = {"true": True, "false": False}


class InvalidValueError(ValueError):
    """A value breaks a field's rule; the message names the option and the rule."""


class Field:
    """One field of a resource: its option path, its form name and its rules.

    The response key is the option path itself (Twilio answers in snake_case with the
    same nesting), so one row is enough to encode, decode, validate and compare it.
    """

    def __init__(
        self,
        path,
        form_name,
        kind="str",
        pattern=None,
        pattern_text=None,
        choices=None,
        minimum=None,
        maximum=None,
        url=False,
        allow_empty=False,
        max_length=None,
    ):
        self.path = path
        self.form_name = form_name
        self.kind = kind
        self.pattern = re.compile(pattern) if pattern else None
        self.pattern_text = pattern_text
        self.choices = choices
        self.minimum = minimum
        self.maximum = maximum
        self.url = url
        self.allow_empty = allow_empty
        self.max_length = max_length

    @property
    def keys(self):
        return tuple(self.path.split("."))

    def normalise(self, value):
        """The comparable form of a value from either side: typed, with "" and None the same for strings."""
        if value is None:
            return None
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            return BOOLEAN_STRINGS.get(text, value)
        if self.kind == "int":
            if isinstance(value, bool):
                return value
            try:
                return int(str(value).strip())
            except ValueError:
                return value
        value = str(value)
        return value if value != "" else None

    def check(self, value):
        """Raise InvalidValueError if a value the task gave breaks this field's rules."""
        if value is None:
            return
        if self.kind == "str":
            if value == "":
                if self.allow_empty:
                    return
                raise InvalidValueError("%s must not be empty" % self.path)
            if self.max_length is not None and len(value) > self.max_length:
                raise InvalidValueError("%s must be at most %d characters long, got %d" % (self.path, self.max_length, len(value)))
            if self.pattern and not self.pattern.match(value):
                raise InvalidValueError("%s must be %s, got %r" % (self.path, self.pattern_text, value))
            if self.url and not _is_http_url(value):
                raise InvalidValueError("%s must be an absolute http:// or https:// URL with a host, got %r" % (self.path, value))
        if self.kind == "int" and (self.minimum is not None and value < self.minimum or self.maximum is not None and value > self.maximum):
            raise InvalidValueError("%s must be between %s and %s, got %s" % (self.path, self.minimum, self.maximum, value))

    def encode(self, value):
        """The form value Twilio expects: booleans as true/false, integers in decimal, "" to clear."""
        if value is None:
            return ""
        if self.kind == "bool":
            return "true" if value else "false"
        return str(value)


def _is_http_url(value):
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(char.isspace() for char in value)


def desired_state(fields, params):
    """The flat, normalised state the task asks for: only the options it set."""
    desired = {}
    for field in fields:
        value = _dig(params, field.keys)
        if value is not None:
            desired[field.path] = field.normalise(value)
    return desired


def check_params(fields, params):
    """Raise InvalidValueError for the first option value that breaks its field's rules."""
    for field in fields:
        field.check(_dig(params, field.keys))


def state_from_api(fields, resource):
    """The flat, normalised state of a resource as the API returned it (server-managed keys left out)."""
    state = {}
    for field in fields:
        value = field.normalise(_dig(resource, field.keys))
        if value is not None:
            state[field.path] = value
    return state


def changed_paths(desired, current):
    """Sorted paths whose desired value differs from the current one."""
    return sorted(path for path, value in desired.items() if current.get(path) != value)


def overlay(current, desired):
    merged = dict(current)
    merged.update(desired)
    return merged


def form_body(fields, desired, paths):
    """The form-encoded body that sets the given paths to their desired values."""
    by_path = dict((field.path, field) for field in fields)
    return dict((by_path[path].form_name, by_path[path].encode(desired[path])) for path in sorted(paths))


def nest(flat):
    """{"a.b": 1} -> {"a": {"b": 1}}, for diffs and predicted resources."""
    nested = {}
    for path in sorted(flat):
        keys = path.split(".")
        target = nested
        for key in keys[:-1]:
            target = target.setdefault(key, {})
        target[keys[-1]] = flat[path]
    return nested


def apply_to_resource(resource, desired):
    """A copy of an API-shaped resource with the desired flat values written in (a prediction)."""
    predicted = dict(resource)
    for path, value in desired.items():
        keys = path.split(".")
        target = predicted
        for key in keys[:-1]:
            child = target.get(key)
            target[key] = dict(child) if isinstance(child, dict) else {}
            target = target[key]
        target[keys[-1]] = value
    return predicted


def _dig(mapping, keys):
    value = mapping
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


class Outcome:
    """What one run did or, in check mode, would do."""

    def __init__(self, changed, resource, changed_fields=(), before=None, after=None):
        self.changed = changed
        self.resource = resource
        self.changed_fields = list(changed_fields)
        self.before = before if before is not None else {}
        self.after = after if after is not None else {}

    def result(self, resource_key, with_diff):
        result = {"changed": self.changed, resource_key: self.resource, "changed_fields": self.changed_fields}
        if with_diff:
            result["diff"] = {"before": self.before, "after": self.after}
        return result


def ensure_present(resource_api, desired, current_resource, check_mode):
    """Create the resource or bring the desired fields to their values, with one write at most.

    `resource_api` supplies `fields`, `check_target(desired, merged, creating)`,
    `paths_to_send(desired, changes)`, `create(form)` and `update(current_resource, form)`.
    """
    fields = resource_api.fields
    if current_resource is None:
        resource_api.check_target(desired, desired, True)
        changes = sorted(desired)
        after = nest(desired)
        if check_mode:
            return Outcome(True, apply_to_resource({}, desired), changes, {}, after)
        created = resource_api.create(form_body(fields, desired, changes))
        return Outcome(True, created, changes, {}, after)
    current = state_from_api(fields, current_resource)
    merged = overlay(current, desired)
    changes = changed_paths(desired, current)
    before, after = nest(current), nest(merged)
    if not changes:
        return Outcome(False, current_resource, [], before, after)
    resource_api.check_target(desired, merged, False)
    if check_mode:
        return Outcome(True, apply_to_resource(current_resource, desired), changes, before, after)
    form = form_body(fields, desired, resource_api.paths_to_send(desired, changes))
    updated = resource_api.update(current_resource, form)
    return Outcome(True, updated, changes, before, after)


def ensure_absent(resource_api, current_resource, check_mode):
    """Delete the resource if it exists; `resource_api` supplies `fields` and `delete(current_resource)`."""
    if current_resource is None:
        return Outcome(False, {})
    before = nest(state_from_api(resource_api.fields, current_resource))
    if not check_mode:
        resource_api.delete(current_resource)
    return Outcome(True, {}, [], before, {})
