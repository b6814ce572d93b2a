# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A declared set of resources reconciled against the account in one task: validate, one listing, plan, writes, report.

This module utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.

Each resource is planned by the same single-resource plan that the one-resource modules use
(`_reconcile.plan_present` / `plan_absent`); this module adds what only a set has: matching
entries to live resources, undeclared resources and `prune`, the order of the writes, partial
failures, and the report. Every step hands on values: each raw entry is validated once into a
frozen Entry, `plan_declaration` (pure) returns frozen PlannedItems, `apply_plan` returns
AppliedItems, and `reconcile_declaration` turns them into the result.
"""

from __future__ import annotations

import dataclasses

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.errors import UnsupportedError
from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.twilio.flex.plugins.module_utils._client import TwilioApiError
from ansible_collections.twilio.flex.plugins.module_utils._reconcile import (
    CREATE,
    DELETE,
    NONE,
    UPDATE,
    InvalidValueError,
    changed_paths,
    desired_state,
    execute,
    identity_contradiction,
    misshapen_dict_problems,
    nest,
    plan_absent,
    plan_present,
    sid_key,
    sid_not_found,
)
from ansible_collections.twilio.flex.plugins.module_utils._twilio_resource import checked_listing

# What an item's error.kind says: a SID that names nothing ("not_found"), a name that several resources share
# ("ambiguous"), a resource that two entries claim ("conflict"), an ignore entry that matches nothing under prune
# ("unmatched_ignore"), an absent entry whose SID and name disagree ("contradiction"), a write not sent because the
# run stopped at a 401 or 403 ("stopped") or a delete held back because something else failed ("withheld"), a failed
# request ("request"), and any other rule the entry breaks ("invalid").
ERROR_KINDS = ("not_found", "ambiguous", "conflict", "unmatched_ignore", "contradiction", "create_only", "stopped", "withheld", "request", "invalid")
STATUSES = ("in_sync", "drifted", "missing", "undeclared", "ignored", "error")
ACTIONS = {CREATE: "created", UPDATE: "updated", DELETE: "deleted"}
# Answers that mean the credentials are wrong or lack the right: every other write would fail the same way.
STOPPING_STATUSES = (401, 403)
# Without an explicit max_deletes, a plan may delete at most this share of the live resources of a kind, once there are
# at least DELETE_THRESHOLD_MIN_LIVE of them (octoDNS's safety threshold): a declaration that forgot most of the account fails.
DELETE_THRESHOLD_PERCENT = 30
DELETE_THRESHOLD_MIN_LIVE = 10
# A message lists at most this many problems or writes, then counts the rest: 10,000 bad entries stay readable.
LISTED_AT_MOST = 20
# The error messages of a write not sent: the run stopped at a 401 or 403 (with its status), or a delete withheld.
STOPPED = "not sent: the run stopped at HTTP %s"
WITHHELD = "not sent: no delete is sent while an entry is in error or a create or update failed"


def entry_argument_spec(resource_spec):
    """The sub-options of one entry: the resource's options plus identity, state and ignore."""
    spec = dict(resource_spec)
    spec.update(
        sid=dict(type="str"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        ignore=dict(type="bool", default=False),
    )
    return spec


@dataclasses.dataclass(frozen=True)
class Entry:
    """One validated entry of the declaration: its identity, its state and the flat state it declares."""

    index: int
    sid: str
    name: object
    state: str
    ignore: bool
    desired: dict
    name_key: str
    label: str

    @property
    def sid_key(self):
        return sid_key(self.sid) if self.sid else None

    @property
    def compared(self):
        """The desired fields that a comparison shows: all but the name that identifies the entry."""
        return dict((path, value) for path, value in self.desired.items() if self.sid or path != self.name_key)


def entry_of(resource_type, option, index, params):
    """The Entry of options that ansible-core's validator has validated."""
    sid = params.get("sid")
    name = params.get(resource_type.name_key)
    identity = "sid %s" % sid if sid else "%s %r" % (resource_type.name_key, name)
    return Entry(
        index=index,
        sid=sid,
        name=name,
        state=params.get("state") or "present",
        ignore=bool(params.get("ignore")),
        desired=desired_state(resource_type.fields, params),
        name_key=resource_type.name_key,
        label="%s[%d] (%s)" % (option, index, identity),
    )


def validate_entries(resource_type, option, raw_entries, entry_spec, prune, unkept=None):
    """(entries, problems): every entry checked before any request, each problem naming its entry by index and identity.

    With `prune`, an entry must keep something (state=present or ignore=true): `unkept` is the problem when none does, by
    default the one of a declaration of the whole account.
    """
    entries, problems, seen = [], [], {}
    for index, raw in enumerate(raw_entries):
        if not isinstance(raw, dict):
            problems.append("%s[%d] must be a dictionary of a %s's options, got %r" % (option, index, resource_type.label, raw))
            continue
        identity = "sid %s" % raw["sid"] if raw.get("sid") else "%s %r" % (resource_type.name_key, raw.get(resource_type.name_key))
        label = "%s[%d] (%s)" % (option, index, identity)
        key = _identity_key(resource_type, raw)
        if key is not None:
            if key in seen:
                problems.append("%s: declares the same %s as %s" % (label, resource_type.label, seen[key]))
            seen.setdefault(key, label)
        misshapen = misshapen_dict_problems(entry_spec, raw)
        if misshapen:
            # ansible-core's validator fails on a scalar given for a dict with sub-options without naming it.
            problems.extend("%s: %s" % (label, problem) for problem in misshapen)
            continue
        result = ArgumentSpecValidator(entry_spec).validate(raw)
        if result.error_messages:
            problems.extend("%s: %s" % (label, option_error_text(error)) for error in result.errors.errors)
            continue
        entry = entry_of(resource_type, option, index, result.validated_parameters)
        problems.extend("%s: %s" % (entry.label, problem) for problem in _entry_problems(resource_type, entry, result.validated_parameters, raw))
        entries.append(entry)
    if prune and not any(keeps_something(raw) for raw in raw_entries):
        problems.append(
            unkept
            or "prune=true needs at least one entry of %s with state=present or ignore=true: a declaration without one would delete every %s of the account"
            % (option, resource_type.label)
        )
    return entries, problems


def _identity_key(resource_type, raw):
    """What makes two raw entries declare the same resource: the SID in its compared form, else the name as the string it becomes.

    ansible-core turns 5 into "5", so `5` and `'5'` are one name.
    """
    if raw.get("sid"):
        return ("sid", sid_key(str(raw["sid"])))
    name = raw.get(resource_type.name_key)
    if name is None or name == "":
        return None
    return (resource_type.name_key, str(name))


def listed(texts, separator="; "):
    """The first LISTED_AT_MOST texts joined, and how many more there are."""
    shown = separator.join(texts[:LISTED_AT_MOST])
    if len(texts) > LISTED_AT_MOST:
        shown += "%s... and %d more" % (separator, len(texts) - LISTED_AT_MOST)
    return shown


def problems_message(problems):
    """The failure message of a declaration with problems: how many, then the first of them."""
    return "The declaration has %d problem(s), so nothing was sent: %s" % (len(problems), listed(problems))


def keeps_something(raw):
    """Whether a raw entry declares a resource to keep: state present (the default) or ignore."""
    return isinstance(raw, dict) and (raw.get("state") in (None, "present") or boolean(raw.get("ignore") or False, strict=False))


def option_error_text(error):
    """An ansible-core validation error as one problem: an unknown option named alone, without the list of the supported ones."""
    if isinstance(error, UnsupportedError):
        return "unknown option(s) %s" % str(error).split(". Supported parameters include:", maxsplit=1)[0]
    return str(error)


def _entry_problems(resource_type, entry, params, raw):
    problems = []
    if not entry.sid and not entry.name:
        problems.append("needs sid or %s to identify the %s" % (resource_type.name_key, resource_type.label))
    if entry.ignore:
        identity_path = None if entry.sid else resource_type.name_key
        fields = sorted(path for path in entry.desired if path != identity_path)
        if fields:
            problems.append("ignore=true takes only the identity (sid, else %s), but also sets %s" % (resource_type.name_key, ", ".join(fields)))
        if raw.get("state") == "absent":
            problems.append("ignore=true cannot be combined with state=absent")
    problems.extend(resource_type.option_problems(params, entry.desired))
    return problems


def item_error(message, kind=None, api_error=None):
    """Why an item failed. `kind` says what the message says in words, for callers that must tell failures apart without
    reading it: one of ERROR_KINDS, else "request" for a failed request and "invalid" for the rest."""
    fields = api_error.result_fields() if api_error is not None else dict(status=None, code=None, more_info=None)
    return dict(message=message, kind=kind or ("request" if api_error is not None else "invalid"), **fields)


@dataclasses.dataclass(frozen=True)
class PlannedItem:
    """One row of the plan: a declared entry, or a live resource that no entry declares (`entry` None).

    `plan` is the one write (or none) that brings the resource to its declared state; `blocking` marks an error that stops
    the whole run before any write (an ignore entry that matches nothing under prune).
    """

    index: int = None
    entry: Entry = None
    sid: str = None
    name: object = None
    status: str = None
    action: str = NONE
    changed_fields: tuple = ()
    before: dict = dataclasses.field(default_factory=dict)
    after: dict = dataclasses.field(default_factory=dict)
    plan: object = None
    error: dict = None
    blocking: bool = False
    # The values of the resource type's item_keys, as (path, value) pairs.
    described: tuple = ()

    def result(self, name_key):
        return dict(self._result(name_key), **dict(self.described))

    def _result(self, name_key):
        return {
            "index": self.index,
            "sid": self.sid,
            name_key: self.name,
            "status": self.status,
            "action": self.action,
            "changed_fields": list(self.changed_fields),
            "before": self.before,
            "after": self.after,
            "error": self.error,
        }


@dataclasses.dataclass(frozen=True)
class AppliedItem(PlannedItem):
    """A planned item after the apply: whether its write was done (or, in check mode, would be), the resource it wrote, and
    whether it was left unsent (the run stopped at a 401 or 403, or a delete was withheld because something else failed)."""

    done: bool = False
    resource: dict = None
    unsent: bool = False
    withheld: bool = False

    @classmethod
    def of(cls, planned):
        return cls(**dict((field.name, getattr(planned, field.name)) for field in dataclasses.fields(PlannedItem)))


def status_of(entry, current_resource, changes, error_kind):
    """What an item's status says was found before writing: the one place it is decided."""
    if entry is None:
        return "undeclared"
    if error_kind in ("ambiguous", "conflict", "contradiction", "unmatched_ignore"):
        return "error"
    if entry.ignore:
        return "ignored"
    if current_resource is None:
        return "in_sync" if entry.state == "absent" else "missing"
    if entry.state == "absent":
        return "drifted"
    return "drifted" if changes else "in_sync"


def unique_listing(resource_type, live):
    """(live, warnings): the listing with each SID once. A SID answered twice (a page boundary moving under the listing)
    is counted once, with a warning, so that it is neither planned twice nor declared twice."""
    unique, seen, repeated = [], set(), []
    for resource in live:
        key = sid_key(resource["sid"])
        if key in seen:
            if resource["sid"] not in repeated:
                repeated.append(resource["sid"])
            continue
        seen.add(key)
        unique.append(resource)
    warnings = ["The listing of %s answered %s more than once; it is counted once" % (resource_type.plural, sid) for sid in repeated]
    return unique, warnings


def plan_declaration(resource_type, entries, live, prune):
    """Match every entry to the live resources and plan it; then the live resources no entry claims. Pure: no I/O.

    Returns a tuple of PlannedItem: one per entry in the order declared, then one per undeclared resource.
    SIDs are matched in their compared form (`sid_key`), names exactly.
    """
    name_key = resource_type.name_key
    by_sid = dict((sid_key(resource.get("sid")), resource) for resource in live)
    by_name = {}
    for resource in live:
        by_name.setdefault(resource.get(name_key), []).append(resource)
    claimed, items = {}, {}
    # SIDs claim first, so that an entry by name never takes a resource another entry names by SID.
    for entry in sorted(entries, key=lambda entry: entry.sid is None):
        matches = ([by_sid[entry.sid_key]] if entry.sid_key in by_sid else []) if entry.sid else by_name.get(entry.name, [])
        taken = [resource for resource in matches if sid_key(resource["sid"]) in claimed]
        if entry.ignore or len(matches) > 1:
            for resource in taken:
                # An ignore entry keeps its resource unchanged and an ambiguous name leaves it undecided: the entry that
                # claimed it first is not planned either, so that neither entry's intent is overruled.
                other = claimed[sid_key(resource["sid"])]
                items[other.index] = _conflict_item(resource_type, failing=other, resource=resource, claimant=entry)
            claimed.update((sid_key(resource["sid"]), entry) for resource in matches if sid_key(resource["sid"]) not in claimed)
            if taken:
                items[entry.index] = _conflict_item(resource_type, entry, taken[0], claimed[sid_key(taken[0]["sid"])])
            else:
                items[entry.index] = _unplanned_entry(resource_type, entry, matches, live, prune)
            continue
        current = matches[0] if matches else None
        if taken:
            items[entry.index] = _conflict_item(resource_type, entry, current, claimed[sid_key(current["sid"])])
            continue
        if current is not None:
            claimed[sid_key(current["sid"])] = entry
        items[entry.index] = _plan_entry(resource_type, entry, current)
    undeclared = tuple(_undeclared_item(resource_type, resource, prune) for resource in live if sid_key(resource.get("sid")) not in claimed)
    return tuple(items[entry.index] for entry in entries) + undeclared


def _entry_item(resource_type, entry, current_resource, changes=(), error=None, **values):
    """The PlannedItem of an entry, its status decided by status_of."""
    values.setdefault("sid", current_resource["sid"] if current_resource is not None else entry.sid)
    values.setdefault("name", entry.name)
    status = status_of(entry, current_resource, changes, error["kind"] if error else None)
    described = _described(resource_type, current_resource, entry.desired)
    return PlannedItem(index=entry.index, entry=entry, status=status, error=error, described=described, **values)


def _conflict_item(resource_type, failing, resource, claimant):
    """The error item of the entry `failing`, which declares a resource that the entry `claimant` declares too."""
    error = item_error("the %s %s is declared by %s as well" % (resource_type.label, resource["sid"], claimant.label), "conflict")
    return _entry_item(resource_type, failing, None, error=error, sid=resource["sid"])


def _described(resource_type, resource, desired):
    """The values of the type's item_keys: the live resource's (in their compared form), else the declared ones."""
    state = resource_type.state(resource) if resource is not None else desired
    return tuple((path, state.get(path)) for path in resource_type.item_keys)


def _unplanned_entry(resource_type, entry, matches, live, prune):
    """The item of an entry that is never planned: an ignore entry, or a name that several resources share."""
    if not entry.ignore:
        sids = ", ".join(sorted(resource["sid"] for resource in matches))
        message = "%d %s are named %r: %s. Give sid to choose one; none of them is changed or pruned"
        return _entry_item(resource_type, entry, None, error=item_error(message % (len(matches), resource_type.plural, entry.name, sids), "ambiguous"))
    if len(matches) == 1:
        return _entry_item(resource_type, entry, matches[0], name=matches[0].get(resource_type.name_key))
    if not matches and prune:
        # A misspelt ignore would let prune delete the very resource it means to keep.
        return _entry_item(
            resource_type, entry, None, error=item_error(_unmatched_ignore_message(resource_type, entry, live), "unmatched_ignore"), blocking=True
        )
    return _entry_item(resource_type, entry, None)


def _undeclared_item(resource_type, resource, prune):
    before = nest(resource_type.state(resource))
    pruned = prune and resource.get(resource_type.name_key) not in resource_type.never_pruned
    values = dict(action=DELETE, changed_fields=("state",), after={}, plan=plan_absent(resource_type, resource)) if pruned else dict(after=before)
    return PlannedItem(
        sid=resource.get("sid"),
        name=resource.get(resource_type.name_key),
        status=status_of(None, resource, (), None),
        before=before,
        described=_described(resource_type, resource, {}),
        **values,
    )


def _near(name, other):
    """Whether two names are the same but for case and surrounding whitespace."""
    return isinstance(name, str) and isinstance(other, str) and name.strip().casefold() == other.strip().casefold()


def _unmatched_ignore_message(resource_type, entry, live):
    if entry.sid:
        return "ignore=true matches no %s (no %s has the SID %s); with prune=true nothing is written, since prune would delete the %s it means to keep" % (
            resource_type.label,
            resource_type.label,
            entry.sid,
            resource_type.label,
        )
    near = [
        "%r (%s)" % (resource.get(resource_type.name_key), resource.get("sid")) for resource in live if _near(resource.get(resource_type.name_key), entry.name)
    ]
    return "ignore=true matches no %s named %r; with prune=true nothing is written, since prune would delete the %s it means to keep. %s" % (
        resource_type.label,
        entry.name,
        resource_type.label,
        "Near matches (other case or spaces): %s" % listed(near, ", ") if near else "No name differs from it only in case or surrounding spaces",
    )


def near_match_warnings(resource_type, items):
    """A warning for every create whose name is the name of a resource the same run deletes, but for case and surrounding spaces."""
    deleted = [item for item in items if item.action == DELETE]
    warnings = []
    for item in items:
        if item.action != CREATE:
            continue
        for other in deleted:
            if _near(item.name, other.name):
                warnings.append(
                    "%s: creates %s named %r while the same run deletes the %s %s named %r: the names differ only in case or "
                    "surrounding spaces; if the entry means that %s, give its exact name or its sid"
                    % (_item_label(resource_type, item), resource_type.a_label, item.name, resource_type.label, other.sid, other.name, resource_type.label)
                )
    return warnings


def _plan_entry(resource_type, entry, current_resource):
    """The PlannedItem of an entry matched to one resource (or to none)."""
    current = resource_type.state(current_resource) if current_resource is not None else {}
    name = entry.name
    if current_resource is not None and entry.desired.get(resource_type.name_key) is None:
        name = current_resource.get(resource_type.name_key)
    if entry.state == "absent":
        before = nest(current) if current_resource is not None else {}
        contradiction = identity_contradiction(resource_type, entry.sid, entry.desired, current_resource)
        if contradiction is not None:
            return _entry_item(resource_type, entry, current_resource, name=name, before=before, error=item_error(contradiction, "contradiction"))
        plan = plan_absent(resource_type, current_resource)
        deleting = dict(action=DELETE, changed_fields=("state",)) if current_resource is not None else {}
        return _entry_item(resource_type, entry, current_resource, name=name, before=before, plan=plan, **deleting)
    before = nest(dict((path, current.get(path)) for path in entry.compared)) if current_resource is not None else {}
    after = nest(entry.compared)
    not_found = sid_not_found(resource_type, entry.sid, current_resource, entry.state)
    if not_found is not None:
        message = "%s: a SID cannot be created again; declare it by %s to create a new one" % (not_found, resource_type.name_key)
        return _entry_item(resource_type, entry, None, name=name, before=before, after=after, error=item_error(message, "not_found"))
    changes = tuple(changed_paths(entry.desired, current, resource_type.fields) if current_resource is not None else sorted(entry.desired))
    values = dict(name=name, before=before, after=after, changed_fields=changes)
    try:
        plan = plan_present(resource_type, entry.desired, current_resource)
    except InvalidValueError as error:
        return _entry_item(resource_type, entry, current_resource, changes, error=item_error(str(error), error.kind), **values)
    return _entry_item(resource_type, entry, current_resource, changes, action=plan.action, plan=plan, **values)


def planned_deletes(items):
    return [item for item in items if item.action == DELETE]


def refusals(resource_type, items, live_count, max_deletes):
    """Why the plan must send no write at all; empty when it may be applied. Pure.

    The deletes (pruned and declared absent) are held to max_deletes, or, without it, to the default threshold.
    """
    deletes = planned_deletes(items)
    if max_deletes is None:
        reasons = threshold_refusals(resource_type, deletes, live_count, "account")
    elif len(deletes) > max_deletes:
        reasons = [
            "The plan deletes %d %s, more than max_deletes=%d, so nothing was written: %s"
            % (len(deletes), resource_type.plural, max_deletes, listed_deletes(deletes))
        ]
    else:
        reasons = []
    return reasons + blocking_refusals(resource_type, items)


def refusal_message(reasons, failures):
    """The message of a plan refused for `reasons`, followed by what else failed (`failures`, the entries' own errors,
    blocking ones left out): fixing the reasons then does not reveal them one run later."""
    return ". ".join(["; ".join(reasons)] + list(failures))


def listed_deletes(deletes):
    return listed(["%s (%r)" % (item.sid, item.name) for item in deletes], ", ")


def threshold_refusals(resource_type, deletes, live_count, owner):
    """The refusal of deletes beyond the default threshold of the `live_count` resources of the kind in `owner` (the account, a
    container), for a run without max_deletes; empty within it."""
    if live_count < DELETE_THRESHOLD_MIN_LIVE or len(deletes) * 100 <= DELETE_THRESHOLD_PERCENT * live_count:
        return []
    return [
        "The plan deletes %d of the %d %s of the %s, more than %d %% of them, so nothing was written: %s. If that is intended, "
        "allow it with max_deletes=%d (or more)"
        % (len(deletes), live_count, resource_type.plural, owner, DELETE_THRESHOLD_PERCENT, listed_deletes(deletes), len(deletes))
    ]


def blocking_refusals(resource_type, items):
    """The refusal of a plan with blocking items (ignore entries that match nothing under prune); empty without them."""
    blocking = ["%s: %s" % (_item_label(resource_type, item), item.error["message"]) for item in items if item.blocking]
    if not blocking:
        return []
    return ["Nothing was written, since %d ignore entr%s nothing: %s" % (len(blocking), "y matches" if len(blocking) == 1 else "ies match", listed(blocking))]


def apply_plan(resource_type, items, api, check_mode):
    """Send each planned write: creates and updates first, then deletes. Returns (the AppliedItems, in the order of the plan;
    the TwilioApiError that stopped the run, or None).

    A failure never stops the other creates and updates, except a 401 or 403. No delete is sent when an entry is in error
    or a create or update failed: an entry that did not take effect may be the one that keeps a resource from the prune.
    """
    applied = [AppliedItem.of(item) for item in items]

    def send(item):
        return send_item(resource_type, item, api, check_mode)

    stopped_by = send_writes(applied, (CREATE, UPDATE), send, None)
    in_error = any(item.error is not None and not item.unsent for item in applied)
    stopped_by = send_writes(applied, (DELETE,), send, stopped_by, withhold=in_error)
    return tuple(applied), stopped_by


def send_writes(applied, actions, send, stopped_by, withhold=False):
    """Send, in order, the write of every AppliedItem of the list `applied` whose action is one of `actions` and that is not in
    error, replacing it in place by what `send(item)` returns (the applied item, the error that stops the run or None).
    Once the run is stopped (`stopped_by`, or a 401 or 403 on the way), the rest are not sent; with `withhold`, none is.
    Returns the TwilioApiError that stopped the run, or None."""
    for position, item in enumerate(applied):
        if item.action not in actions or item.error is not None:
            continue
        if stopped_by is not None:
            applied[position] = not_sent(item, STOPPED % stopped_by.status, "stopped")
        elif withhold:
            applied[position] = not_sent(item, WITHHELD, "withheld", withheld=True)
        else:
            applied[position], stopped_by = send(item)
    return stopped_by


def not_sent(item, message, kind, withheld=False):
    return dataclasses.replace(item, error=item_error(message, kind), unsent=True, withheld=withheld)


def send_item(resource_type, item, api, check_mode):
    """Send one item's write. Returns (the applied item, with its failure if any; the error when it must stop the run, else None)."""
    try:
        if item.action == CREATE and not check_mode:
            _check_still_missing(resource_type, item, api)
        resource = execute(item.plan, api, check_mode)
    except TwilioApiError as error:
        return dataclasses.replace(item, error=item_error(error.message, api_error=error)), (error if error.status in STOPPING_STATUSES else None)
    except (LookupError, InvalidValueError) as error:
        return dataclasses.replace(item, error=item_error(str(error))), None
    sid = resource.get("sid") if item.action == CREATE and resource else item.sid
    return dataclasses.replace(item, done=True, resource=resource, sid=sid), None


def _check_still_missing(resource_type, item, api):
    """Raise InvalidValueError if the resource to create exists now: one lookup by name just before the POST.

    The listing may be minutes old; another run of the same declaration may have created the resource since.
    """
    name = item.entry.desired.get(resource_type.name_key)
    found = api.find(None, name)
    if found is not None:
        raise InvalidValueError(
            "a %s named %r exists now (%s), though the listing did not hold it: another run may have created it. It was not created "
            "again; run the task again to compare it" % (resource_type.label, name, found.get("sid"))
        )


def summarize(entries, live, items):
    summary = dict(declared=len(entries), live=len(live))
    summary.update((status, sum(1 for item in items if item.status == status)) for status in STATUSES if status != "error")
    summary["errors"] = sum(1 for item in items if item.error is not None)
    summary.update((done, sum(1 for item in items if item.done and item.action == action)) for action, done in ACTIONS.items())
    return summary


def diff_of(items, name_key):
    """Before and after of every resource with an action, keyed by name (with the SID when several items, acting or not,
    share the name, so that a key does not depend on what else the run does), in the entry shape."""
    acting = [item for item in items if item.action != NONE]
    names = [item.name for item in items if item.sid is not None or item.action != NONE]
    before, after = {}, {}
    for item in acting:
        key = item.name or item.sid
        if item.sid is not None and (names.count(item.name) > 1 or not item.name):
            key = "%s [%s]" % (item.name, item.sid) if item.name else item.sid
        identity = dict((k, v) for k, v in (("sid", item.sid), (name_key, item.name)) if v is not None)
        if item.action != CREATE:
            before[key] = dict(identity, **item.before)
        if item.action != DELETE:
            after[key] = dict(identity, **item.after)
    return dict(before=before, after=after)


def failure_message(resource_type, items, stopped_by, check_mode):
    """What failed, what was not sent and why, and what was written (compactly: action and identity per resource)."""
    return failed_part(resource_type, items) + not_sent_part(withheld_texts(items), stopped_by) + written_part(written_texts(resource_type, items), check_mode)


def failed_part(resource_type, items, blocking=True):
    """How many of the items failed (a withheld or stopped one did not), and why each did; without `blocking`, leaving out
    the blocking items, whose errors a refusal of the plan already tells."""
    failed = [item for item in items if item.error is not None and not item.unsent and (blocking or not item.blocking)]
    return "%d of %d %s failed: %s" % (
        len(failed),
        len(items),
        resource_type.plural,
        listed(["%s: %s" % (_item_label(resource_type, item), item.error["message"]) for item in failed]),
    )


def withheld_texts(items):
    return ["%s (%r)" % (item.sid, item.name) for item in items if item.withheld]


def written_texts(resource_type, items):
    return ["%s %s" % (ACTIONS[item.action], _written_identity(resource_type, item)) for item in items if item.done and item.action != NONE]


def not_sent_part(withheld, stopped_by):
    """The sentences on the deletes withheld (their texts) and the run stopped, each starting ". "; "" when neither."""
    message = ""
    if withheld:
        message += ". No delete was sent, since an entry is in error or a create or update failed: %d withheld (%s)" % (len(withheld), listed(withheld, ", "))
    if stopped_by is not None:
        message += ". The run stopped at the HTTP %s: the remaining writes were not sent" % stopped_by.status
    return message


def written_part(written, check_mode):
    """The sentence on the writes (their texts) that were sent or, in check mode, would be."""
    if check_mode:
        return ". Check mode: %s" % ("it would write %d: %s" % (len(written), listed(written, ", ")) if written else "nothing would be written")
    return ". %s" % ("Written: %d: %s" % (len(written), listed(written, ", ")) if written else "Nothing was written")


def _written_identity(resource_type, item):
    return " ".join(part for part in (item.sid, "%r" % (item.name,) if item.name is not None else None) if part)


def _item_label(resource_type, item):
    if item.entry is not None:
        return item.entry.label
    return "undeclared %s %s (%s %r)" % (resource_type.label, item.sid, resource_type.name_key, item.name)


def reconcile_declaration(resource_type, api, entries, prune, max_deletes, check_mode, items_key, warn=None):
    """The whole of a set module after validation: returns (result, failure message or None, the error that stopped it or None).

    The result holds `changed`, `summary`, the items under `items_key`, and `diff`. `warn(message)` receives the warnings.
    """
    name_key = resource_type.name_key
    live, warnings = unique_listing(resource_type, checked_listing(api.list_all(), resource_type))
    planned = plan_declaration(resource_type, entries, live, prune)
    warnings += near_match_warnings(resource_type, planned)
    for warning in warnings:
        (warn or (lambda message: None))(warning)
    reasons = refusals(resource_type, planned, len(live), max_deletes)
    stopped_by = None
    if reasons:
        items = tuple(AppliedItem.of(item) for item in planned)
        failures = [failed_part(resource_type, items, blocking=False)] if any(item.error is not None and not item.blocking for item in items) else []
        message = refusal_message(reasons, failures)
    else:
        items, stopped_by = apply_plan(resource_type, planned, api, check_mode)
        message = failure_message(resource_type, items, stopped_by, check_mode) if any(item.error is not None for item in items) else None
    result = dict(
        changed=any(item.done for item in items),
        summary=summarize(entries, live, items),
        **{items_key: [item.result(name_key) for item in items]},
        diff=diff_of(items, name_key),
    )
    return result, message, stopped_by


def empty_result(declared_count, items_key):
    """The result keys a set module returns when it stopped before reading the account."""
    summary = dict(declared=declared_count, live=0, errors=0)
    summary.update((status, 0) for status in STATUSES if status != "error")
    summary.update((done, 0) for done in ACTIONS.values())
    return {"changed": False, "summary": summary, items_key: []}


def declaration_of(resource_type, resources):
    """(entries, warnings): the resources as entries a set module takes as they are.

    Server-managed keys and unset values are left out, keys follow the field table, and the
    entries are sorted by name, then SID. The SID is kept only where the name is shared, since it
    is then the only identity; each such name gives a warning.
    """
    name_key = resource_type.name_key
    names = [resource.get(name_key) for resource in resources]
    entries, warnings = [], []
    for resource in sorted(resources, key=lambda resource: (resource.get(name_key) or "", resource.get("sid") or "")):
        state = resource_type.exported_state(resource_type.state(resource))
        entry = {"sid": resource.get("sid")} if names.count(resource.get(name_key)) > 1 else {}
        for field in resource_type.fields:
            if field.path in state:
                target = entry
                for key in field.keys[:-1]:
                    target = target.setdefault(key, {})
                target[field.keys[-1]] = state[field.path]
        entries.append(entry)
    for name in sorted(set(name for name in names if names.count(name) > 1), key=str):
        warnings.append(
            "%d %s are named %r: their entries keep their SIDs, which identify them; give them distinct names to declare them by name"
            % (names.count(name), resource_type.plural, name)
        )
    return entries, warnings
