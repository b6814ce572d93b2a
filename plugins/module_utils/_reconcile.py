# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Read, compare, plan: the resource-agnostic part of a module that manages one resource.

This module utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.

A kind of resource is one ResourceType value: its identity, where it lives, a table of Field
rows, and its discriminated Groups (keys whose meaning depends on another key's value). States
are flat dicts keyed by the field's option path ("enabled", "integration.flow_sid"), so
comparing, overlaying and encoding are plain dict operations; `nest` turns a flat state back
into the option shape.
"""

from __future__ import annotations

import abc
import dataclasses
import json
import re
from urllib.parse import urlsplit

from ansible.module_utils.common.validation import check_type_dict

from ansible_collections.twilio.flex.plugins.module_utils._masking import MASK

BOOLEAN_STRINGS = {"true": True, "false": False}


KIND_TYPES = {"str": str, "bool": bool, "int": int, "list": (list, tuple), "csv": (list, tuple), "json": (dict, list, str)}


class UnparsedJson(str):
    """A value of a JSON document field that is not valid JSON (a live value edited by hand): equal to no parsed document."""


def parse_json_document(value):
    """The parsed form of a JSON document given as text or as data: None for "" or None, UnparsedJson for text that is not JSON."""
    if value is None:
        return None
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return json.loads(value)
        except ValueError:
            return UnparsedJson(value)
    return json.loads(json.dumps(value))


def canonical_json(value):
    """The text two JSON documents are compared by: object keys sorted, arrays in order, no whitespace.

    Compared as text rather than as Python values, so that true and 1 (equal in Python) stay different.
    """
    if isinstance(value, UnparsedJson):
        return ("unparsed", str(value))
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def split_csv(value):
    """The items of a comma-separated list as the API answers it, whitespace around each item trimmed."""
    return [item.strip() for item in value.split(",")] if isinstance(value, str) else value


class InvalidValueError(ValueError):
    """A value breaks a field's rule; the message names the option and the rule."""

    kind = "invalid"


class CreateOnlyChangeError(InvalidValueError):
    """A change to a field that can only be set when the resource is created."""

    kind = "create_only"


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
        case_insensitive=False,
        create_only=False,
        path_segment=False,
        answered=None,
        source=None,
        references=None,
        json_references=(),
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
        # Compared and sent in lower case: the API answers some enums in another case than it takes them.
        self.case_insensitive = case_insensitive
        # Settable only when the resource is created; a change on an existing one is refused, never applied by recreating it.
        self.create_only = create_only
        # Sent as one segment of a request path: "." and ".." would name another resource (URL normalisation removes them
        # with the segment before), and "" the collection itself.
        self.path_segment = path_segment
        # The form the API answers a value in, when it differs from the form sent (a prediction shows the answer's form).
        self.answered = answered
        # The response key the API answers the value under, when it is not the option path (a reference answered as a SID).
        self.source = source or path
        # The kind of resource the value names (by name or SID), for a field that refers to another resource.
        self.references = references
        # For a JSON document: (path, kind) of the values inside it that name another resource, such as
        # ("task_routing.filters[].targets[].queue", "task_queues"); "[]" marks a list whose every item is followed.
        self.json_references = tuple(json_references)

    @property
    def keys(self):
        return tuple(self.path.split("."))

    @property
    def source_keys(self):
        return tuple(self.source.split("."))

    def same(self, value, other):
        """Whether two comparable values are equal: a JSON document as its canonical text, anything else as it is."""
        if self.kind == "json" and value is not None and other is not None:
            return canonical_json(value) == canonical_json(other)
        return value == other

    def normalise(self, value):
        """The comparable form of a value from either side: typed, with "" and None the same for strings.

        A list is a set: its comparable form is sorted, without repeats; a comma-separated list is split first. A JSON
        document is parsed (text or data alike).
        """
        if value is None:
            return None
        if self.kind == "json":
            return parse_json_document(value)
        if self.kind == "csv":
            value = split_csv(value)
        if self.kind in ("list", "csv"):
            items = value if isinstance(value, (list, tuple)) else [value]
            items = sorted(set(str(item) for item in items if item is not None and str(item) != ""))
            # The API answers an empty comma-separated list as "" or null: both are the list left unset.
            return items if items or self.kind == "list" else None
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
        value = str(value).lower() if self.case_insensitive else str(value)
        return value if value != "" else None

    def check(self, value):
        """Raise InvalidValueError if a value the task gave breaks this field's rules.

        A value not of the field's kind is left alone: ansible-core reports that it cannot convert it.
        """
        if self.kind == "json":
            self._check_json(value)
            return
        if value is None or not isinstance(value, KIND_TYPES[self.kind]) or self.kind == "int" and isinstance(value, bool):
            return
        if self.kind == "str":
            if value == "":
                if self.allow_empty:
                    return
                raise InvalidValueError("%s must not be empty" % self.path)
            if self.path_segment and value in (".", ".."):
                raise InvalidValueError(
                    "%s must not be %r: sent as a segment of the request path, it would send the request to another path instead of the %s"
                    % (self.path, value, self.path)
                )
            if self.max_length is not None and len(value) > self.max_length:
                raise InvalidValueError("%s must be at most %d characters long, got %d" % (self.path, self.max_length, len(value)))
            if self.pattern and not self.pattern.fullmatch(value):
                raise InvalidValueError("%s must be %s, got %r" % (self.path, self.pattern_text, value))
            if self.url and not _is_http_url(value):
                raise InvalidValueError("%s must be an absolute http:// or https:// URL with a host, got %r" % (self.path, value))
            if self.url and _has_masked_password(value):
                # A URL copied from a masked result: sending it would replace the live password with the mask.
                raise InvalidValueError(
                    "%s holds the mask %s as its password, as results show a URL password: give the real password (an export "
                    "with mask_url_passwords=false or flex_flows_export keeps it)" % (self.path, MASK)
                )
        if self.kind == "int" and (self.minimum is not None and value < self.minimum or self.maximum is not None and value > self.maximum):
            raise InvalidValueError("%s must be between %s and %s, got %s" % (self.path, self.minimum, self.maximum, value))
        if self.kind in ("list", "csv") and any(item is None or str(item) == "" for item in value):
            raise InvalidValueError("%s must not hold empty items" % self.path)
        if self.kind == "csv" and any("," in str(item) for item in value):
            raise InvalidValueError("%s must not hold an item with a comma: the API takes the items as one comma-separated text" % self.path)

    def _check_json(self, value):
        """A JSON document is given as an object or array, or as its JSON text ("" counts as unset)."""
        if value is None or isinstance(value, (dict, list)):
            return
        if not isinstance(value, str):
            raise InvalidValueError("%s must be a JSON object (a dictionary) or its JSON text, got %s" % (self.path, type(value).__name__))
        try:
            parsed = json.loads(value) if value.strip() else None
        except ValueError as error:
            raise InvalidValueError("%s must be a JSON object or its JSON text, but the text is not JSON: %s" % (self.path, error)) from None
        if parsed is not None and not isinstance(parsed, (dict, list)):
            raise InvalidValueError("%s must be a JSON object or its JSON text, got the JSON %s" % (self.path, type(parsed).__name__))

    def encode(self, value):
        """The form value Twilio expects: booleans as true/false, integers in decimal, a list as repeated keys, "" to clear."""
        if value is None or value == []:
            return ""
        if self.kind == "json":
            return canonical_json(value)
        if self.kind == "csv":
            return ",".join(value)
        if self.kind == "list":
            return list(value)
        if self.kind == "bool":
            return "true" if value else "false"
        return str(value)


def sid_rule(prefix, what):
    """The pattern rule of a field that holds the SID of another resource, such as sid_rule("FW", "a Studio Flow")."""
    return dict(pattern=r"^%s[0-9a-fA-F]{32}$" % prefix, pattern_text="%s SID: %s followed by 32 hexadecimal digits" % (what, prefix))


def _has_masked_password(value):
    try:
        return urlsplit(value).password == MASK
    except ValueError:
        return False


def _is_http_url(value):
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(char.isspace() for char in value)


class CaseInsensitiveChoices(list):
    """The choices of a field declared case-insensitive: ansible-core tests a value with `in`, so any case passes.

    Listed as declared (lower case), so the documentation and the argument spec still agree; the value is then
    normalised to lower case by Field.normalise before it is compared or sent.
    """

    def __contains__(self, value):
        return isinstance(value, str) and value.lower() in (choice.lower() for choice in self)


ANSIBLE_TYPES = {
    "str": dict(type="str"),
    "bool": dict(type="bool"),
    "int": dict(type="int"),
    "list": dict(type="list", elements="str"),
    "csv": dict(type="list", elements="str"),
    # A JSON document: a dictionary, or its JSON text (checked by Field.check).
    "json": dict(type="raw"),
}


def argument_spec(fields):
    """The argument spec of a resource's options, from its field table: types and choices only, never defaults.

    A dotted path becomes a dict option with sub-options, such as integration.flow_sid.
    """
    spec = {}
    for field in fields:
        option = dict(ANSIBLE_TYPES[field.kind])
        if field.choices:
            option["choices"] = CaseInsensitiveChoices(field.choices) if field.case_insensitive else list(field.choices)
        target = spec
        for key in field.keys[:-1]:
            target = target.setdefault(key, dict(type="dict", options={}))["options"]
        target[field.keys[-1]] = option
    return spec


def sid_key(sid):
    """The form of a SID that SIDs are compared in: its prefix as given, its 32 hexadecimal digits in lower case.

    Twilio's SID patterns accept both cases of hexadecimal digit and Twilio issues them in lower case, so
    FO0A... and FO0a... name one resource; the SID sent in a path is always the one the API answered.
    """
    return sid[:2] + sid[2:].lower() if isinstance(sid, str) else sid


def sid_of(prefix, value):
    """The SID `value` is, in its compared form with the prefix as `prefix` spells it, when it is the prefix (in either case)
    and 32 hexadecimal digits and nothing else; None when it is anything else, such as a name."""
    if not isinstance(value, str) or re.fullmatch(r"%s[0-9a-fA-F]{32}" % prefix, value, re.IGNORECASE) is None:
        return None
    return sid_key(prefix + value[len(prefix) :])


def identity_contradiction(resource_type, sid, desired, current_resource):
    """The message when a task names a resource by SID and gives a name that the SID's resource does not carry; else None.

    Used before a delete by SID: a name that does not match says the SID is not the resource the task means.
    """
    name = desired.get(resource_type.name_key)
    if not sid or current_resource is None or name is None:
        return None
    live_name = resource_type.state(current_resource).get(resource_type.name_key)
    if live_name == name:
        return None
    return "the %s %s has %s %r, not %r as the task says: nothing was deleted. Give the SID alone, or the %s alone, to delete it" % (
        resource_type.label,
        current_resource.get("sid"),
        resource_type.name_key,
        live_name,
        name,
        resource_type.name_key,
    )


TYPE_NAMES = {"str": "a string", "int": "an integer", "float": "a number", "bool": "a boolean", "list": "a list"}


def misshapen_dict_problems(spec, raw, prefix=""):
    """A problem for every option with sub-options whose value cannot become a dictionary, at any depth.

    ansible-core crashes on a scalar or a list given for such an option, or fails without naming it.
    """
    problems = []
    for name, option in spec.items():
        value = raw.get(name)
        if option.get("type") != "dict" or "options" not in option or value is None:
            continue
        if isinstance(value, str):
            try:
                value = check_type_dict(value)
            except TypeError:
                pass
        if isinstance(value, dict):
            problems.extend(misshapen_dict_problems(option["options"], value, "%s%s." % (prefix, name)))
            continue
        kind = TYPE_NAMES.get(type(value).__name__, "a %s" % type(value).__name__)
        problems.append("%s%s must be a dictionary of its sub-options, got %s" % (prefix, name, kind))
    return problems


def desired_state(fields, params):
    """The flat, normalised state the task asks for: only the options it set."""
    desired = {}
    for field in fields:
        value = _dig(params, field.keys)
        if value is not None:
            desired[field.path] = field.normalise(value)
    return desired


def field_problems(fields, params):
    """The message of every option value that breaks its field's rules."""
    problems = []
    for field in fields:
        try:
            field.check(_dig(params, field.keys))
        except InvalidValueError as error:
            problems.append(str(error))
    return problems


def state_from_api(fields, resource):
    """The flat, normalised state of a resource as the API returned it (server-managed keys left out)."""
    state = {}
    for field in fields:
        value = field.normalise(_dig(resource, field.source_keys))
        if value is not None:
            state[field.path] = value
    return state


def changed_paths(desired, current, fields=()):
    """Sorted paths whose desired value differs from the current one (a JSON document among `fields` compared as one)."""
    by_path = dict((field.path, field) for field in fields)
    return sorted(
        path for path, value in desired.items() if not (by_path[path].same(value, current.get(path)) if path in by_path else current.get(path) == value)
    )


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


def map_json_references(document, path, replace):
    """A copy of a parsed JSON document with every string at `path` replaced by replace(value); the document itself is left alone.

    `path` is dotted; a segment ending in "[]" is a list whose every item is followed ("filters[].targets[].queue").
    A key that is missing, or a value of another shape than the path says, is left as it is: the API judges it.
    """
    segments = path.split(".")

    def walk(value, position):
        if position == len(segments):
            return replace(value) if isinstance(value, str) else value
        segment = segments[position]
        key = segment[:-2] if segment.endswith("[]") else segment
        if not isinstance(value, dict) or key not in value:
            return value
        child = value[key]
        if not segment.endswith("[]"):
            return dict(value, **{key: walk(child, position + 1)})
        return dict(value, **{key: [walk(item, position + 1) for item in child] if isinstance(child, list) else child})

    return walk(document, 0)


def json_reference_values(document, path):
    """Every string at `path` in a parsed JSON document, in document order."""
    found = []
    map_json_references(document, path, lambda value: found.append(value) or value)
    return found


def _dig(mapping, keys):
    value = mapping
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


@dataclasses.dataclass(frozen=True)
class Variant:
    """One value of a group's discriminator: the group keys it needs in the state a write leaves, and those it uses at all."""

    required: tuple = ()
    applicable: tuple = ()


@dataclasses.dataclass(frozen=True)
class Group:
    """Keys under `prefix` whose meaning depends on the value of `discriminator` (a flow's integration, an address's auto-creation).

    `variants` maps each value to its Variant; `default` is the value the API takes when the discriminator is unset (None:
    then the keys that depend on it need it set). `shared` keys under the prefix apply to every variant. `kept_on_switch`
    maps a new value to the paths under the prefix an update that switches to it keeps (None: every path is kept).
    """

    discriminator: str
    prefix: str
    variants: dict
    default: str = None
    shared: tuple = ()
    kept_on_switch: dict = None

    def holds(self, path):
        return path.startswith(self.prefix)

    def typed(self, path):
        """Whether a path is one of the keys that depend on the discriminator."""
        return self.holds(path) and path != self.discriminator and path not in self.shared

    def misplaced(self, desired, variant):
        applicable = self.variants[variant].applicable
        return sorted(path for path in desired if self.typed(path) and path not in applicable)

    def misplaced_message(self, misplaced, variant, source):
        applicable = self.variants[variant].applicable
        takes = ", ".join(applicable) if applicable else "none of the keys that depend on %s" % self.discriminator
        return "%s does not apply to %s (it takes %s)" % (", ".join(misplaced), source, takes)

    def switches(self, current, desired):
        """Whether the desired state changes the discriminator of the current one."""
        return self.discriminator in desired and desired[self.discriminator] != current.get(self.discriminator)


def _article(label):
    return ("an %s" if label[:1].lower() in "aeiou" else "a %s") % label


@dataclasses.dataclass(frozen=True)
class ResourceType:
    """What a kind of resource is, as a value: everything the engine needs to validate, compare, plan and request it. No I/O.

    `name_key` is the option that names a resource (its identity when no SID is given); `names_unique` says whether the
    API keeps names unique. A name is looked up by `name_query`, a listing query parameter whose answer is filtered again
    for an exact match, or, when None, by using the name as the path key in place of the SID. `option_checks` are the
    hooks for rules that are not data: each takes the options and returns a problem or None.
    """

    label: str
    fields: tuple
    name_key: str
    sid_prefix: str = None
    names_unique: bool = False
    product: object = None
    collection_path: str = None
    list_key: str = None
    page_size: int = None
    result_key: str = None
    listing_key: str = None
    name_query: str = None
    create_required: tuple = ()
    groups: tuple = ()
    option_checks: tuple = ()
    # Fields whose value each item of a declaration's result reports, live else as declared (an address's type).
    item_keys: tuple = ()
    # Fields every update sends, the declared value else the live one, even when unchanged (a task queue's target_workers).
    always_sent: tuple = ()
    # Names of resources that prune never deletes (defaults the platform relies on); an entry with state=absent still can.
    never_pruned: tuple = ()
    # A name the listing cannot filter by and the path does not take: found in one unfiltered listing (for a kind with few items).
    names_listed: bool = False
    # The label of more than one, in messages; None for the label and an "s".
    plural: str = None

    def __post_init__(self):
        object.__setattr__(self, "fields", tuple(self.fields))
        if self.plural is None:
            object.__setattr__(self, "plural", self.label + "s")

    @property
    def a_label(self):
        return _article(self.label)

    def field(self, path):
        return next(field for field in self.fields if field.path == path)

    def state(self, resource):
        return state_from_api(self.fields, resource)

    def sid_problem(self, sid):
        """The problem of a SID that is not this type's prefix and 32 hexadecimal digits; None when it is (or not given)."""
        if sid is None or self.sid_prefix is None or re.fullmatch(r"%s[0-9a-fA-F]{32}" % self.sid_prefix, sid):
            return None
        return "sid must be %s SID: %s followed by 32 hexadecimal digits, got %r" % (self.a_label, self.sid_prefix, sid)

    def check_sid(self, sid):
        problem = self.sid_problem(sid)
        if problem:
            raise InvalidValueError(problem)

    def option_problems(self, params, desired):
        """Every problem of one resource's options that needs no current state, each naming its option."""
        problems = field_problems(self.fields, params)
        problems.extend(problem for problem in [self.sid_problem(params.get("sid"))] + [check(params) for check in self.option_checks] if problem)
        for group in self.groups:
            variant = desired.get(group.discriminator)
            if variant in group.variants:
                misplaced = group.misplaced(desired, variant)
                if misplaced:
                    problems.append(group.misplaced_message(misplaced, variant, "%s %s" % (group.discriminator, variant)))
        return problems

    def target_problem(self, desired, merged, creating):
        """The first rule that the state a write would leave (`merged`) breaks, or None."""
        if creating:
            missing = [path for path in self.create_required if merged.get(path) is None]
            if missing:
                return "creating %s needs %s" % (self.a_label, ", ".join(missing))
        for group in self.groups:
            variant = merged.get(group.discriminator)
            if variant is None and group.default is None:
                misplaced = sorted(path for path in desired if group.typed(path))
                if misplaced:
                    typed_variants = " or ".join(name for name, each in group.variants.items() if each.applicable)
                    return "%s needs %s (%s)" % (", ".join(misplaced), group.discriminator, typed_variants)
                continue
            if variant is None:
                variant = group.default
                source = "a new %s without %s (Twilio makes it %s)" % (self.label, group.discriminator, variant)
            else:
                source = "%s %s" % (group.discriminator, variant)
            if variant not in group.variants:
                continue
            missing = [path for path in group.variants[variant].required if merged.get(path) is None]
            if missing:
                return "%s requires %s" % (source, " and ".join(missing))
            misplaced = group.misplaced(desired, variant)
            if misplaced:
                return group.misplaced_message(misplaced, variant, source)
        return None

    def check_target(self, desired, merged, creating):
        """Raise InvalidValueError if the state a write would leave breaks the resource's cross-field rules."""
        problem = self.target_problem(desired, merged, creating)
        if problem:
            raise InvalidValueError(problem)

    def paths_to_send(self, desired, changes):
        """The changed paths, plus every desired key of a group when any of its paths (or its discriminator) changes."""
        paths = set(changes)
        for group in self.groups:
            if any(path == group.discriminator or group.holds(path) for path in changes):
                paths.update(path for path in desired if group.holds(path))
        return sorted(paths)

    def exported_state(self, state):
        """A resource's flat state as a declaration holds it: the keys of a group that its variant uses, and no other."""
        exported = dict(state)
        for group in self.groups:
            variant = group.variants.get(state.get(group.discriminator) or group.default)
            applicable = variant.applicable if variant is not None else ()
            exported = dict((path, value) for path, value in exported.items() if not group.typed(path) or path in applicable)
        return exported

    def state_after_update(self, current, desired):
        """The flat state an update leaves: the current state overlaid with the desired one, less what a switch drops.

        When an update changes a group's discriminator, the group keys that `kept_on_switch` does not keep are left out:
        what the API answers for them is not documented, so no value is claimed.
        """
        kept = dict(current)
        for group in self.groups:
            if group.kept_on_switch is not None and group.switches(current, desired):
                keep = group.kept_on_switch.get(desired[group.discriminator], ())
                kept = dict((path, value) for path, value in kept.items() if not group.holds(path) or path in keep)
        return overlay(kept, desired)

    def answered_form(self, flat):
        """Flat values in the form the API answers them in."""
        by_path = dict((field.path, field) for field in self.fields)
        return dict((path, by_path[path].answered(value) if by_path[path].answered else value) for path, value in flat.items())

    def predicted_after_update(self, current_resource, current, desired, changes):
        """The resource as the API will answer an update: the current answer with the changed values written in.

        Values the task leaves unchanged keep the API's own form (its case, its order of a list). When a group's
        discriminator changes and the group keeps only some keys, the others are left out of the answer, and every
        desired key of the group is written in.
        """
        predicted = dict(current_resource)
        written = dict((path, desired[path]) for path in changes)
        for group in self.groups:
            if group.kept_on_switch is not None and group.switches(current, desired):
                top = group.prefix.rstrip(".")
                kept = set(path[len(group.prefix) :] for path in group.kept_on_switch.get(desired[group.discriminator], ()))
                predicted[top] = dict((key, value) for key, value in (current_resource.get(top) or {}).items() if key in kept)
                written.update((path, value) for path, value in desired.items() if group.holds(path))
        return apply_to_resource(predicted, self.answered_form(written))


def sid_not_found(resource_type, sid, current_resource, state):
    """The problem of a task that names a resource by a SID that no resource has and wants it present; else None.

    A SID cannot be created again, so such a task can only fail.
    """
    if sid and current_resource is None and state == "present":
        return "%s %s not found" % (resource_type.label, sid)
    return None


class ResourceApi(abc.ABC):
    """The I/O of one kind of resource; everything else about it is its ResourceType."""

    @abc.abstractmethod
    def find(self, sid, name):
        """The resource with this SID, else the one with this name; None when there is none."""

    @abc.abstractmethod
    def list_all(self):
        """Every resource of the account, across all pages."""

    @abc.abstractmethod
    def create(self, form):
        """Create one resource from a form body; return it as the API answers."""

    @abc.abstractmethod
    def update(self, current_resource, form):
        """Send a form body to an existing resource; return it as the API answers."""

    @abc.abstractmethod
    def delete(self, current_resource):
        """Delete an existing resource."""


NONE, CREATE, UPDATE, DELETE = "none", "create", "update", "delete"


class Plan:
    """The one write (or none) that brings one resource to its declared state, and the states around it.

    `current`, `desired` and `merged` are flat states; `form` is the body to send; `predicted` is the
    API-shaped resource the write is expected to leave (what check mode reports).
    """

    def __init__(self, action, current_resource, current, desired, merged, changes, form=None, predicted=None):
        self.action = action
        self.current_resource = current_resource
        self.current = current
        self.desired = desired
        self.merged = merged
        self.changes = list(changes)
        self.form = form
        self.predicted = predicted


def plan_present(resource_type, desired, current_resource):
    """The plan that creates the resource or brings the desired fields to their values; InvalidValueError on a broken rule."""
    fields = resource_type.fields
    if current_resource is None:
        resource_type.check_target(desired, desired, True)
        changes = sorted(desired)
        predicted = apply_to_resource({}, resource_type.answered_form(desired))
        return Plan(CREATE, None, {}, desired, desired, changes, form_body(fields, desired, changes), predicted)
    current = resource_type.state(current_resource)
    changes = changed_paths(desired, current, fields)
    if not changes:
        return Plan(NONE, current_resource, current, desired, overlay(current, desired), [], predicted=current_resource)
    check_create_only(resource_type, current, desired, changes)
    merged = resource_type.state_after_update(current, desired)
    resource_type.check_target(desired, merged, False)
    sent = resource_type.paths_to_send(desired, changes)
    form = form_body(fields, desired, sent)
    # merged holds the declared value, else the live one: a declared but unchanged always-sent path is sent too.
    form.update(form_body(fields, merged, [path for path in resource_type.always_sent if merged.get(path) is not None and path not in sent]))
    predicted = resource_type.predicted_after_update(current_resource, current, desired, changes)
    return Plan(UPDATE, current_resource, current, desired, merged, changes, form, predicted)


def check_create_only(resource_type, current, desired, changes):
    """Raise InvalidValueError if a change touches a field that can only be set on create: replacing is the user's call."""
    frozen = [field.path for field in resource_type.fields if field.create_only and field.path in changes]
    if frozen:
        values = ", ".join("%s is %r and the task asks for %r" % (path, current.get(path), desired[path]) for path in frozen)
        raise CreateOnlyChangeError(
            "%s can only be set when the %s is created (%s). Nothing was changed: to change it, delete the %s (state=absent) "
            "and create it again" % (" and ".join(frozen), resource_type.label, values, resource_type.label)
        )


def plan_absent(resource_type, current_resource):
    """The plan that deletes the resource if it exists."""
    if current_resource is None:
        return Plan(NONE, None, {}, {}, {}, [], predicted={})
    return Plan(DELETE, current_resource, resource_type.state(current_resource), {}, {}, [], predicted={})


def execute(plan, api, check_mode):
    """Send the plan's one write, unless in check mode; return the resource as it is afterwards (predicted in check mode)."""
    if plan.action == NONE or check_mode:
        return plan.predicted
    if plan.action == CREATE:
        return api.create(plan.form)
    if plan.action == UPDATE:
        return api.update(plan.current_resource, plan.form)
    api.delete(plan.current_resource)
    return {}


class Outcome:
    """What one run did or, in check mode, would do, in the shape a single-resource module returns."""

    def __init__(self, plan, resource):
        self.changed = plan.action != NONE
        self.resource = resource
        self.changed_fields = plan.changes
        self.before = nest(plan.current)
        self.after = nest(plan.merged)

    def result(self, resource_key, with_diff):
        result = {"changed": self.changed, resource_key: self.resource, "changed_fields": self.changed_fields}
        if with_diff:
            result["diff"] = {"before": self.before, "after": self.after}
        return result


def reconcile_one(resource_type, api, desired, current_resource, state, check_mode):
    """Plan and (unless in check mode) apply one resource's declared state: the whole of a single-resource module."""
    plan = plan_absent(resource_type, current_resource) if state == "absent" else plan_present(resource_type, desired, current_resource)
    return Outcome(plan, execute(plan, api, check_mode))
