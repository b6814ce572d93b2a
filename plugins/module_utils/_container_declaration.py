# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Several kinds of resource inside one container (a TaskRouter workspace), declared in one task, that refer to each other.

This module utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.

Each kind is planned by `_declaration.plan_declaration` against one listing of it. What a
container adds is references: a field (or a path inside a JSON document) that names a resource
of another kind, by name or SID. Every reference is resolved once into a `display` value, the
target's name (or its SID where the name is shared), on both sides: the declared value and the
live SID alike. Comparing, planning and reporting then happen in names, and the SIDs go into the
form body just before each write, so that a reference to a resource this run creates takes the
SID its create answered. `plan_container` is pure; `apply_container` sends the writes:
creates and updates kind by kind in dependency order, the container's own settings after them,
then the deletes in reverse order.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re

from ansible_collections.twilio.flex.plugins.module_utils._declaration import (
    CREATE,
    DELETE,
    NONE,
    UPDATE,
    AppliedItem,
    blocking_refusals,
    diff_of,
    failed_part,
    item_error,
    listed,
    near_match_warnings,
    not_sent_part,
    plan_declaration,
    planned_deletes,
    send_item,
    send_writes,
    summarize,
    threshold_refusals,
    withheld_texts,
    written_part,
    written_texts,
)
from ansible_collections.twilio.flex.plugins.module_utils._reconcile import (
    InvalidValueError,
    UnparsedJson,
    canonical_json,
    changed_paths,
    json_reference_values,
    map_json_references,
    nest,
    plan_present,
    sid_key,
    sid_of,
)


@dataclasses.dataclass(frozen=True)
class Kind:
    """One kind of resource in a container: the option that declares it (also its name in references) and its type."""

    option: str
    resource_type: object


@dataclasses.dataclass(frozen=True)
class Container:
    """A resource holding several kinds, with settings of its own: its type (whose fields are the settings), its kinds in
    dependency order (a kind refers only to kinds before it), the option that names it and the option of its settings."""

    resource_type: object
    kinds: tuple
    option: str
    settings_option: str

    def kind(self, option):
        return next(kind for kind in self.kinds if kind.option == option)


@dataclasses.dataclass(frozen=True)
class Target:
    """A resource a reference may name: live (`sid`), or created by the entry at `index` of its kind.

    `deleted`: this run deletes it; `failed`: the entry that would create it is in error.
    """

    name: object
    sid: str = None
    index: int = None
    deleted: bool = False
    failed: bool = False


class ReferenceTable:
    """The resources of one kind that references may name, as they will be after the run's creates and updates."""

    def __init__(self, kind, live, items):
        resource_type = kind.resource_type
        self.kind = kind
        by_sid = dict((sid_key(resource["sid"]), Target(resource.get(resource_type.name_key), sid=resource["sid"])) for resource in live)
        created = []
        for item in items:
            entry = item.entry
            key = sid_key(item.sid) if item.sid else None
            if key in by_sid:
                if item.action == DELETE and item.error is None:
                    by_sid[key] = dataclasses.replace(by_sid[key], deleted=True)
                elif _renames(entry, item, resource_type):
                    by_sid[key] = dataclasses.replace(by_sid[key], name=entry.desired[resource_type.name_key])
            elif _creates(entry, item):
                created.append(Target(entry.name, index=entry.index, failed=item.error is not None))
        self.targets = tuple(by_sid.values()) + tuple(created)
        self.by_sid = by_sid
        names = [target.name for target in self.targets]
        # A name shared by several items, or shaped like a SID (which a reference would be read as), shows as the SID.
        self.displays = dict(
            (target, target.sid if target.sid is not None and (names.count(target.name) > 1 or self.is_sid(target.name)) else target.name)
            for target in self.targets
        )
        # Only a display value that one target has leads back to it: a create named after a live item's SID shares that
        # item's display value, and resolve() refuses a reference to either rather than send the SID of the other.
        shown = list(self.displays.values())
        self.by_display = dict((display, target) for target, display in self.displays.items() if shown.count(display) == 1)

    @property
    def label(self):
        return self.kind.resource_type.label

    @property
    def plural(self):
        return self.kind.resource_type.plural

    def sid_of(self, value):
        """The SID a value is, as SIDs are compared, or None (see _reconcile.sid_of)."""
        return sid_of(self.kind.resource_type.sid_prefix, value)

    def is_sid(self, value):
        return self.sid_of(value) is not None

    def key_of(self, sid):
        """How a SID of the kind is compared: as sid_of reads it, else as sid_key does (a value of another shape)."""
        return self.sid_of(sid) or sid_key(sid)

    def resolve(self, value):
        """(the display value of the resource a declared reference names, None) or (None, the problem)."""
        sid = self.sid_of(value)
        named = [target for target in self.targets if target.name == value or sid is not None and self.sid_of(target.name) == sid]
        if sid is not None:
            target = self.by_sid.get(sid)
            if target is not None and any(other is not target for other in named):
                return None, "is both the SID of the %s %r and the name of another %s: give the SID of the one meant" % (self.label, target.name, self.label)
            if target is None and not named:
                return None, "names no %s: no %s of the workspace has the SID %s" % (self.label, self.label, value)
            matches = [target] if target is not None else named
        else:
            matches = named
            if not matches:
                return None, "names no %s: no %s is named %r, in the declaration or in the workspace" % (self.label, self.label, value)
        if len(matches) > 1:
            sids = ", ".join(target.sid or "one this run creates" for target in matches)
            return None, "names %d %s named %r (%s): give the SID of one" % (len(matches), self.kind.resource_type.plural, value, sids)
        target = matches[0]
        if target.deleted:
            return None, "names the %s %s (%r), which this task asks to delete" % (self.label, target.sid, target.name)
        if target.failed:
            return None, "names the %s %r, whose entry (%s[%d]) is in error" % (self.label, target.name, self.kind.option, target.index)
        if self.displays[target] not in self.by_display:
            return None, "names the %s %r, which an %s this task creates cannot be told from: its name is that %s's SID; give the new %s another name" % (
                self.label,
                target.name,
                self.label,
                self.label,
                self.label,
            )
        return self.displays[target], None

    def display_of_sid(self, sid):
        """The display value of a live reference (a SID); the SID itself when it names none of the kind."""
        target = self.by_sid.get(self.sid_of(sid)) if isinstance(sid, str) else None
        return self.displays[target] if target is not None else sid


def _creates(entry, item):
    """Whether an item is a create, or would be one but for its error (an ambiguous or conflicting entry has live matches)."""
    if entry is None or entry.state != "present" or entry.ignore or entry.sid is not None:
        return False
    return item.action == CREATE or item.error is not None and item.error["kind"] not in ("ambiguous", "conflict")


def _renames(entry, item, resource_type):
    return (
        entry is not None
        and entry.state == "present"
        and not entry.ignore
        and item.error is None
        and entry.desired.get(resource_type.name_key) is not None
        and item.action in (NONE, UPDATE)
    )


def _reference_fields(resource_type):
    return [field for field in resource_type.fields if field.references or field.json_references]


def resolved_desired(resource_type, desired, tables):
    """(the desired state with every reference as its display value, the problems of the references that resolve to none)."""
    resolved, problems = dict(desired), []
    for field in _reference_fields(resource_type):
        value = desired.get(field.path)
        if value is None or isinstance(value, UnparsedJson):
            continue
        if field.references:
            display, problem = tables[field.references].resolve(value)
            if problem:
                problems.append("%s %r %s" % (field.path, value, problem))
            else:
                resolved[field.path] = display
            continue
        for path, kind in field.json_references:

            def replace(reference, path=path, kind=kind, option=field.path):
                display, problem = tables[kind].resolve(reference)
                if problem:
                    problems.append("%s: %s %r %s" % (option, path, reference, problem))
                    return reference
                return display

            value = map_json_references(value, path, replace)
        resolved[field.path] = value
    return resolved, problems


def displayed_resource(resource_type, resource, tables):
    """A live resource with its references as display values (a JSON document parsed, then its references replaced)."""
    shown = dict(resource)
    for field in _reference_fields(resource_type):
        value = resource.get(field.source)
        if field.references:
            shown[field.source] = tables[field.references].display_of_sid(value)
            continue
        document = field.normalise(value)
        if document is None or isinstance(document, UnparsedJson):
            continue
        for path, kind in field.json_references:
            document = map_json_references(document, path, tables[kind].display_of_sid)
        shown[field.source] = document
    return shown


def unparsed_warnings(resource_type, live):
    """A warning for every live JSON document that is not valid JSON: it shows as drift, and an update replaces it."""
    warnings = []
    for resource in live:
        for field in resource_type.fields:
            if field.kind == "json" and isinstance(field.normalise(resource.get(field.source)), UnparsedJson):
                warnings.append(
                    "The %s %s (%r) holds a %s that is not valid JSON: it differs from any declared one, and an update replaces it"
                    % (resource_type.label, resource.get("sid"), resource.get(resource_type.name_key), field.path)
                )
    return warnings


@dataclasses.dataclass(frozen=True)
class SettingsItem(AppliedItem):
    """The container itself: its settings' comparison and the one update (or none) that brings them to the declared values.
    Its result has no index; its error (a bad reference, a failed update) is also in the run's failure message."""

    def result(self, name_key):
        shown = self._result(name_key)
        del shown["index"]
        return shown


@dataclasses.dataclass(frozen=True)
class ContainerPlan:
    """The plan of a whole container: the settings item, the items of each kind, the reference tables, and what refuses it."""

    settings: SettingsItem
    items: dict
    tables: dict
    live_counts: dict
    reasons: tuple = ()
    warnings: tuple = ()


def plan_settings(container, container_resource, desired, tables):
    """The SettingsItem of the declared settings (only the keys given are compared), references resolved. Pure."""
    resource_type = container.resource_type
    sid, name = container_resource.get("sid"), container_resource.get(resource_type.name_key)
    shown = displayed_resource(resource_type, container_resource, tables)
    current = resource_type.state(shown)
    resolved, problems = resolved_desired(resource_type, desired, tables)
    before = nest(dict((path, current.get(path)) for path in resolved))
    after = nest(resolved)
    changes = tuple(changed_paths(resolved, current, resource_type.fields))
    status = "drifted" if changes else "in_sync"
    plan = None
    try:
        plan = plan_present(resource_type, resolved, shown)
    except InvalidValueError as error:
        problems.append(str(error))
    if problems:
        message = "%s: %s" % (container.settings_option, "; ".join(problems))
        return SettingsItem(sid=sid, name=name, status=status, changed_fields=changes, before=before, after=after, error=item_error(message))
    return SettingsItem(sid=sid, name=name, status=status, action=plan.action, changed_fields=changes, before=before, after=after, plan=plan)


def plan_container(container, container_resource, settings_desired, entries_by_kind, live_by_kind, prune, max_deletes):
    """Plan every kind against its listing, references resolved against the declaration and the live resources. Pure: no I/O.

    `entries_by_kind` and `live_by_kind` are keyed by kind option; `prune` is the set of kinds whose undeclared resources are
    deleted. Returns a ContainerPlan whose `reasons` say why no write at all may be sent (empty when it may be applied).
    """
    tables, items_by_kind, warnings = {}, {}, []
    for kind in container.kinds:
        resource_type = kind.resource_type
        live = live_by_kind.get(kind.option, ())
        entries = entries_by_kind.get(kind.option, ())
        warnings.extend(unparsed_warnings(resource_type, live))
        shown_live = [displayed_resource(resource_type, resource, tables) for resource in live]
        resolved_entries, problems = [], {}
        for entry in entries:
            if entry.state != "present" or entry.ignore:
                resolved_entries.append(entry)
                continue
            desired, entry_problems = resolved_desired(resource_type, entry.desired, tables)
            resolved_entries.append(dataclasses.replace(entry, desired=desired))
            if entry_problems:
                problems[entry.index] = entry_problems
        planned = plan_declaration(resource_type, resolved_entries, shown_live, kind.option in prune)
        items = tuple(
            _refused(item, "; ".join(problems[item.entry.index])) if item.entry is not None and item.entry.index in problems and item.error is None else item
            for item in planned
        )
        warnings.extend(near_match_warnings(resource_type, items))
        items_by_kind[kind.option] = items
        tables[kind.option] = ReferenceTable(kind, live, items)
    settings = plan_settings(container, container_resource, settings_desired, tables)
    items_by_kind = _guard_container_references(container, container_resource, settings, items_by_kind, tables)
    items_by_kind = _guard_kept_references(container, items_by_kind, live_by_kind, tables)
    live_counts = dict((kind.option, len(live_by_kind.get(kind.option, ()))) for kind in container.kinds)
    reasons = _refusals(container, items_by_kind, live_counts, max_deletes)
    return ContainerPlan(settings, items_by_kind, tables, live_counts, tuple(reasons), tuple(warnings))


def _refused(item, message):
    """The item in error, with no write: a rule of the container that its write or delete breaks."""
    return dataclasses.replace(item, action=NONE, plan=None, error=item_error(message, "invalid"))


def _guard_container_references(container, container_resource, settings, items_by_kind, tables):
    """The items with an error on every delete of a resource that the container's settings name now and the run does not re-point.

    The API refuses such a delete (TaskRouter: the default or timeout activity), so it fails before any write instead.
    """
    resource_type = container.resource_type
    guarded = dict(items_by_kind)
    for field in resource_type.fields:
        if not field.references:
            continue
        live_sid = container_resource.get(field.source)
        if not isinstance(live_sid, str) or not live_sid:
            continue
        table = tables[field.references]
        desired = settings.after
        repointed = (
            settings.error is None and field.path in desired and table.by_display.get(desired[field.path]) is not table.by_sid.get(table.key_of(live_sid))
        )
        if repointed:
            continue
        guarded[field.references] = tuple(
            _refused(
                item,
                "the %s %s is the %s's %s, so it cannot be deleted: set %s.%s to another %s in the same task to delete it"
                % (table.label, item.sid, resource_type.label, field.path, container.settings_option, field.path, table.label),
            )
            if item.action == DELETE and item.error is None and table.key_of(item.sid) == table.key_of(live_sid)
            else item
            for item in guarded[field.references]
        )
    return guarded


def _held_sids(field, item, resource, tables):
    """The SIDs that one reference field of an item names once the run is over: the declared values when its write is
    planned, else the live ones. A reference to a resource the run creates has no SID yet, and is left out."""
    desired = item.entry.desired if item.entry is not None and item.error is None and item.action in (CREATE, UPDATE) else {}
    if field.path in desired:
        value = desired[field.path]
        if field.references:
            displays = [(field.references, value)]
        elif isinstance(value, (dict, list)):
            displays = [(kind, display) for path, kind in field.json_references for display in json_reference_values(value, path)]
        else:
            displays = []
        targets = [(kind, tables[kind].by_display.get(display)) for kind, display in displays]
        return [(kind, target.sid) for kind, target in targets if target is not None and target.sid]
    value = (resource or {}).get(field.source)
    if field.references:
        return [(field.references, value)] if isinstance(value, str) and value else []
    document = field.normalise(value)
    if not isinstance(document, (dict, list)):
        # A document that cannot be parsed may still name resources: every SID-shaped text in it is held, so none is deleted.
        prefixes = [(kind, tables[kind].kind.resource_type.sid_prefix) for _path, kind in field.json_references]
        return [(kind, sid) for kind, prefix in prefixes for sid in re.findall(r"%s[0-9a-fA-F]{32}" % prefix, value)] if isinstance(value, str) else []
    return [(kind, sid) for path, kind in field.json_references for sid in json_reference_values(document, path)]


def _guard_kept_references(container, items_by_kind, live_by_kind, tables):
    """The items with an error on every delete of a resource that an item the run keeps still names (a queue's activity, a
    workflow's queue): the delete would leave that reference dangling, or be refused halfway through the run. Pure."""
    holders = {}
    for kind in container.kinds:
        fields = _reference_fields(kind.resource_type)
        live = dict((sid_key(resource["sid"]), resource) for resource in live_by_kind.get(kind.option, ()))
        for item in items_by_kind[kind.option] if fields else ():
            if item.action == DELETE and item.error is None:
                continue
            resource = live.get(sid_key(item.sid)) if item.sid else None
            for field in fields:
                for referenced, sid in _held_sids(field, item, resource, tables):
                    holders.setdefault((referenced, tables[referenced].key_of(sid)), "the %s %r (%s)" % (kind.resource_type.label, item.name, field.path))
    guarded = {}
    for kind in container.kinds:
        guarded[kind.option] = tuple(
            _refused(
                item,
                "the %s %s is still named by %s, which this run keeps: point that at another %s, or delete it too, in the same task"
                % (kind.resource_type.label, item.sid, holders[(kind.option, tables[kind.option].key_of(item.sid))], kind.resource_type.label),
            )
            if item.action == DELETE and item.error is None and (kind.option, tables[kind.option].key_of(item.sid)) in holders
            else item
            for item in items_by_kind[kind.option]
        )
    return guarded


def _refusals(container, items_by_kind, live_counts, max_deletes):
    """Why no write may be sent: max_deletes across all kinds; without it, the default threshold per kind; unmatched ignores."""
    reasons = []
    for kind in container.kinds:
        items = items_by_kind[kind.option]
        if max_deletes is None:
            # With max_deletes, the count across kinds below decides alone.
            reasons.extend(threshold_refusals(kind.resource_type, planned_deletes(items), live_counts[kind.option], container.resource_type.label))
        reasons.extend(blocking_refusals(kind.resource_type, items))
    deletes = [(kind, item) for kind in container.kinds for item in items_by_kind[kind.option] if item.action == DELETE]
    if max_deletes is not None and len(deletes) > max_deletes:
        reasons.append(
            "The plan deletes %d %s, more than max_deletes=%d, so nothing was written: %s"
            % (
                len(deletes),
                "resource" if len(deletes) == 1 else "resources",
                max_deletes,
                listed(["%s %s (%r)" % (kind.resource_type.label, item.sid, item.name) for kind, item in deletes], ", "),
            )
        )
    return reasons


def form_with_sids(resource_type, form, tables, applied, check_mode):
    """(the form with every reference as the SID it names, None) or (None, the problem of a reference whose create failed).

    A reference to a resource this run creates takes the SID its create answered; in check mode it stays a name.
    """
    problems = []

    def sid_of(display, kind):
        target = tables[kind].by_display.get(display)
        if target is None or target.sid is not None:
            return target.sid if target is not None else display
        creator = next((item for item in applied[kind] if item.entry is not None and item.entry.index == target.index), None)
        if creator is not None and creator.done:
            return (creator.resource or {}).get("sid") or display if not check_mode else display
        problem = "%r names the %s %r, whose create failed or was not sent" % (display, tables[kind].label, target.name)
        if problem not in problems:
            problems.append(problem)
        return display

    rewritten = dict(form)
    for field in _reference_fields(resource_type):
        if not rewritten.get(field.form_name):
            continue
        if field.references:
            rewritten[field.form_name] = sid_of(rewritten[field.form_name], field.references)
            continue
        document = json.loads(rewritten[field.form_name])
        for path, kind in field.json_references:
            document = map_json_references(document, path, lambda display, kind=kind: sid_of(display, kind))
        rewritten[field.form_name] = canonical_json(document)
    if problems:
        return None, "not sent: %s" % "; ".join(problems)
    return rewritten, None


def _with_form(plan, form):
    sent = copy.copy(plan)
    sent.form = form
    return sent


def _write(resource_type, item, api, tables, applied, check_mode):
    """(the applied item, the error that stops the run or None): the form's references made SIDs, then the write."""
    form, problem = form_with_sids(resource_type, item.plan.form or {}, tables, applied, check_mode)
    if problem:
        return dataclasses.replace(item, error=item_error(problem, "invalid")), None
    return send_item(resource_type, dataclasses.replace(item, plan=_with_form(item.plan, form)), api, check_mode)


def apply_container(container, plan, container_api, apis, check_mode):
    """Send the writes of a ContainerPlan. Returns (settings item, {kind: AppliedItems}, the TwilioApiError that stopped the run or None).

    Creates and updates go kind by kind in dependency order, then the container's settings; the deletes go after them, in
    reverse order. A failure stops nothing but a 401 or 403; no delete is sent when anything is in error or a write failed.
    """
    applied = dict((kind.option, [AppliedItem.of(item) for item in plan.items[kind.option]]) for kind in container.kinds)
    stopped_by = None
    for kind in container.kinds:

        def write(item, kind=kind):
            return _write(kind.resource_type, item, apis[kind.option], plan.tables, applied, check_mode)

        stopped_by = send_writes(applied[kind.option], (CREATE, UPDATE), write, stopped_by)
    settings = [plan.settings]

    def write_settings(item):
        sent, stopped = _write(container.resource_type, item, container_api, plan.tables, applied, check_mode)
        # The settings keep the plan in display values (names), as the items do.
        return dataclasses.replace(item, done=sent.done, error=sent.error), stopped

    stopped_by = send_writes(settings, (UPDATE,), write_settings, stopped_by)
    settings = settings[0]
    in_error = (
        settings.error is not None and not settings.unsent or any(item.error is not None and not item.unsent for items in applied.values() for item in items)
    )
    for kind in reversed(container.kinds):

        def delete(item, kind=kind):
            return send_item(kind.resource_type, item, apis[kind.option], check_mode)

        stopped_by = send_writes(applied[kind.option], (DELETE,), delete, stopped_by, withhold=in_error)
    return settings, dict((option, tuple(items)) for option, items in applied.items()), stopped_by


def container_result(container, plan, settings, items_by_kind, entries_by_kind, live_by_kind):
    """The result keys: changed, summary and items per kind, the container's item, and the diff (keyed by kind, then identity)."""
    name_key = container.resource_type.name_key
    result = dict(
        changed=settings.done or any(item.done for items in items_by_kind.values() for item in items),
        summary=dict(
            (kind.option, summarize(entries_by_kind.get(kind.option, ()), live_by_kind.get(kind.option, ()), items_by_kind[kind.option]))
            for kind in container.kinds
        ),
    )
    result[container.option] = settings.result(name_key)
    before, after = {}, {}
    for kind in container.kinds:
        result[kind.option] = [item.result(kind.resource_type.name_key) for item in items_by_kind[kind.option]]
        diff = diff_of(items_by_kind[kind.option], kind.resource_type.name_key)
        before[kind.option], after[kind.option] = diff["before"], diff["after"]
    if settings.action != NONE:
        before[container.settings_option], after[container.settings_option] = settings.before, settings.after
    result["diff"] = dict(before=before, after=after)
    return result


def failed_parts(container, settings, items_by_kind, blocking=True):
    """What failed: for each kind with a failure, how many of its items failed and why; then the settings' failure. Without
    `blocking`, the blocking items are left out, as a refusal of the plan already tells them."""
    parts = [
        failed_part(kind.resource_type, items_by_kind[kind.option], blocking)
        for kind in container.kinds
        if any(item.error is not None and not item.unsent and (blocking or not item.blocking) for item in items_by_kind[kind.option])
    ]
    if settings.error is not None and not settings.unsent:
        parts.append("The %s's %s failed: %s" % (container.resource_type.label, container.settings_option, settings.error["message"]))
    return parts


def container_failure(container, settings, items_by_kind, stopped_by, check_mode):
    """The failure message of an applied plan with any error, or None: the failures of each kind and of the settings, then
    the deletes withheld and the stop, once, then every write of the run, the settings' included."""
    if settings.error is None and not any(item.error is not None for items in items_by_kind.values() for item in items):
        return None
    parts = failed_parts(container, settings, items_by_kind)
    withheld = [text for kind in container.kinds for text in withheld_texts(items_by_kind[kind.option])]
    written = [text for kind in container.kinds for text in written_texts(kind.resource_type, items_by_kind[kind.option])]
    written += written_texts(container.resource_type, [settings])
    message = "; ".join(parts) + not_sent_part(withheld, stopped_by) + written_part(written, check_mode)
    return message if parts else message[len(". ") :]
