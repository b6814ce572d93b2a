# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One flow's migration and its way back: the rollback file, the move of one Flex Flow to its address, and the restore.

This plugin utility is private to the twilio.flex collection: its interface may change
without notice and it must not be used by other collections.

Everything here works from exact data read from the API at the moment it acts, never from a task result (which masks
URL passwords): the rollback file must recreate the flow as it was, and the address must carry the flow's real webhook.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shlex

from ansible_collections.twilio.flex.plugins.module_utils._client import CREATE, AmbiguousWriteError, TwilioApiError
from ansible_collections.twilio.flex.plugins.module_utils._conversations_address import CONVERSATIONS_ADDRESS
from ansible_collections.twilio.flex.plugins.module_utils._flex_flow import COLLECTION_PATH as FLEX_FLOWS_PATH
from ansible_collections.twilio.flex.plugins.module_utils._flex_flow import FLEX_FLOW
from ansible_collections.twilio.flex.plugins.module_utils._inert_yaml import dump
from ansible_collections.twilio.flex.plugins.module_utils._reconcile import InvalidValueError, changed_paths, desired_state, form_body, sid_key, state_from_api
from ansible_collections.twilio.flex.plugins.plugin_utils._files import PRIVATE_MODE, write_file
from ansible_collections.twilio.flex.plugins.plugin_utils._migration import flow_to_address, rollback_entry

# A path or URL that a key=value argument carries as it is, and that needs no quoting in the shell.
SIMPLE_VALUE = re.compile(r"^[A-Za-z0-9_@%+,./:~-]+$")
# The stages of one flow's migration, in order; a result names the last one reached.
STAGES = ("read", "checked", "recorded", "deleted", "created", "verified")
MIGRATED_KEY = "migrated_flows"
RESTORED_KEY = "restored_flows"
# Written by the first release of the playbook: every entry of migrated_flows again, as one list. Derived, so not kept.
FORMER_KEYS = ("desired_flows",)
ROLLBACK_HEADER = """The Flex Flows that twilio.flex.migrate_flows deleted, under migrated_flows by their former SID, each as a one-entry
twilio.flex.flex_flows declaration of the flow exactly as it was read just before its delete. Every run adds its flows to
this file and keeps the entries of earlier runs. Restore a flow (created again with a new SID, whatever other flows are
named) with the command the run printed:
  ansible localhost -m twilio.flex.flow_migration -a 'sid=<former SID> state=restored rollback_path=<this file>'
restored_flows maps the former SID of each restored flow to its new SID, so that a restore is never done twice."""


class MigrationError(Exception):
    """A flow's migration or restore cannot go on; the message says why and what was done."""


class RollbackFileError(MigrationError):
    """The rollback file cannot be read as one."""


def restore_command(sid, rollback_path, base_url=None):
    """The shell command that restores the flow `sid` from the rollback file: the entry is named by its SID only, so no
    name from the account is ever in the command, and nothing in it is a template. `base_url`, the Flex API's host the
    migration was given as an option, sends the restore to that host too (a valid base URL holds no user, password or
    template delimiter); the credentials come from the environment, as ever.

    The arguments are key=value words, without double quotes, since ansible-core before 2.19 prints a failure message
    as JSON, where a double quote would show as \\" and break the command copied from the console. Only a value that
    key=value cannot carry as it is gets the arguments as JSON instead.
    """
    arguments = [("sid", sid), ("state", "restored"), ("rollback_path", rollback_path)]
    if base_url:
        arguments.append(("base_url", base_url))
    if all(SIMPLE_VALUE.match(value) for _name, value in arguments):
        words = " ".join("%s=%s" % argument for argument in arguments)
    else:
        words = json.dumps(dict(arguments))
    return "ansible localhost -m twilio.flex.flow_migration -a %s" % shlex.quote(words)


def empty_rollback():
    return {MIGRATED_KEY: {}, RESTORED_KEY: {}}


def rollback_document(loaded, path):
    """The rollback file's content, as loaded, checked and in its current shape; RollbackFileError if it is not one."""
    if loaded is None:
        return empty_rollback()
    if not isinstance(loaded, dict):
        raise RollbackFileError("%s is not a rollback file of twilio.flex.migrate_flows: it holds a %s, not a dictionary" % (path, type(loaded).__name__))
    unknown = sorted(str(key) for key in loaded if key not in (MIGRATED_KEY, RESTORED_KEY) + FORMER_KEYS)
    if unknown:
        raise RollbackFileError(
            "%s is not a rollback file of twilio.flex.migrate_flows (it holds %s): give migrate_flows_rollback_path a file of its own"
            % (path, ", ".join(unknown))
        )
    document = empty_rollback()
    for key in (MIGRATED_KEY, RESTORED_KEY):
        value = loaded.get(key) or {}
        if not isinstance(value, dict):
            raise RollbackFileError("%s: %s must be a dictionary by former SID, got a %s" % (path, key, type(value).__name__))
        document[key] = dict(value)
    for sid, entries in document[MIGRATED_KEY].items():
        if not (isinstance(entries, list) and len(entries) == 1 and isinstance(entries[0], dict)):
            raise RollbackFileError("%s: %s.%s must be a list of one flex_flows entry" % (path, MIGRATED_KEY, sid))
    return document


def read_rollback(path):
    """The rollback file at `path`, loaded as Ansible loads a variables file (its !unsafe strings stay inert); empty if there is none."""
    # Imported here: the loader is the controller's, and a fresh one reads the file as it is now, not from a cache.
    from ansible.errors import AnsibleError
    from ansible.parsing.dataloader import DataLoader

    try:
        with open(path, "rb"):
            pass
    except FileNotFoundError:
        return empty_rollback()
    except OSError as error:
        raise RollbackFileError("Could not read the rollback file %s: %s" % (path, error.strerror or error)) from error
    try:
        loaded = DataLoader().load_from_file(path)
    except AnsibleError as error:
        raise RollbackFileError("Could not read the rollback file %s: %s" % (path, error)) from error
    return rollback_document(loaded, path)


def rollback_text(document):
    """The rollback file's text: inert YAML, entries in the order they were recorded."""
    return dump({MIGRATED_KEY: document[MIGRATED_KEY], RESTORED_KEY: document[RESTORED_KEY]}, comment=ROLLBACK_HEADER)


@contextlib.contextmanager
def rollback_lock(path):
    """Holds an exclusive lock on `<path>.lock` (created owner only), so that runs at once add their entries one after
    the other. A lock file beside it rather than the file itself: the file is replaced on every write."""
    descriptor = os.open(path + ".lock", os.O_RDWR | os.O_CREAT, PRIVATE_MODE)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        # Closing the descriptor releases the lock.
        os.close(descriptor)


def with_entry(document, key, sid, value):
    """A copy of the document with `value` under `key`.`sid`, every other entry kept."""
    updated = dict((name, dict(entries)) for name, entries in document.items())
    updated[key][sid] = value
    return updated


def new_outcome(sid):
    return dict(
        sid=sid,
        friendly_name=None,
        stage=None,
        migrated=False,
        deleted=False,
        address=None,
        address_sid=None,
        verified=False,
        warnings=[],
        rollback_entry=None,
        restore_command=None,
        error=None,
    )


class FlowMigration:
    """Migrates one flow at a time and restores one: over a FlexFlowApi, a ConversationsAddressApi and a rollback file."""

    def __init__(self, flows, addresses, rollback_path, check_mode=False, accept_warnings=False, restore_base_url=None):
        self.flows = flows
        self.addresses = addresses
        self.rollback_path = rollback_path
        # The Flex API's host, named in the restore command when the task gave it rather than the process environment.
        self.restore_base_url = restore_base_url
        self.check_mode = check_mode
        self.accept_warnings = accept_warnings

    def migrate(self, sid):
        """The outcome of migrating the flow `sid`: read, check, record in the rollback file, delete, create, read back, verify.

        Nothing is deleted before the flow is recorded in the rollback file and its address is known to be free; after the
        delete, a failure leaves the outcome with deleted true and the command that restores the flow.
        """
        outcome = new_outcome(sid)
        with self._failure_recorded_in(outcome):
            self._migrate(sid, outcome)
        return outcome

    def _migrate(self, sid, outcome):
        # Twilio issues SIDs in lower case; one given in upper case names the same flow.
        flow = self.flows.fetch(sid_key(sid))
        if flow is None:
            raise MigrationError("the Flex Flow %s does not exist (any more), so nothing was done" % sid)
        # From here on, the SID as the API answered it: in the rollback file, the restore command and the outcome.
        sid = flow.get("sid") or sid_key(sid)
        outcome.update(sid=sid, stage="read", friendly_name=flow.get("friendly_name"))
        mapping = flow_to_address(flow)
        outcome["warnings"] = list(mapping["warnings"])
        address = mapping["address"]
        if address is None:
            raise MigrationError("the flow has no address to migrate to, so it was not deleted: %s" % "; ".join(mapping["warnings"]))
        if mapping["blocking"] and not self.accept_warnings:
            raise MigrationError("the flow has blocking warnings, which accept_warnings does not accept, so it was not deleted")
        desired = desired_state(CONVERSATIONS_ADDRESS.fields, address)
        problems = CONVERSATIONS_ADDRESS.option_problems(address, desired)
        if problems:
            raise MigrationError("the address the flow maps to is not valid, so the flow was not deleted: %s" % "; ".join(problems))
        CONVERSATIONS_ADDRESS.check_target(desired, desired, True)
        existing = self.addresses.fetch(address["address"])
        if existing is not None:
            # Create only: an existing address belongs to someone else's routing (or another flow's migration).
            raise MigrationError(
                "an address configuration for %s exists already (%s), and the migration never changes one, so the flow was not deleted"
                % (address["address"], existing.get("sid"))
            )
        command = restore_command(sid, self.rollback_path, self.restore_base_url)
        outcome.update(stage="checked", address=address, rollback_entry=rollback_entry(flow), restore_command=command)
        if self.check_mode:
            return
        self.record(MIGRATED_KEY, sid, [outcome["rollback_entry"]])
        outcome["stage"] = "recorded"
        self.flows.delete(flow)
        outcome.update(stage="deleted", deleted=True)
        created = self.addresses.create(form_body(CONVERSATIONS_ADDRESS.fields, desired, list(desired)))
        outcome.update(stage="created", address_sid=created.get("sid"))
        read_back = self.addresses.fetch(created.get("sid") or address["address"])
        if read_back is None:
            raise MigrationError("the address %s was created as %s, but reading it back found nothing" % (address["address"], created.get("sid")))
        differences = changed_paths(desired, state_from_api(CONVERSATIONS_ADDRESS.fields, read_back))
        if differences or read_back.get("sid") != created.get("sid"):
            raise MigrationError(
                "the address %s read back (%s) differs from what was created (%s): %s"
                % (address["address"], read_back.get("sid"), created.get("sid"), ", ".join(differences) or "another SID")
            )
        outcome.update(stage="verified", verified=True, migrated=True)

    def record(self, key, sid, value):
        """Add one entry to the rollback file, keeping every other: read it, merge, write it atomically, owner only, all
        under the lock, so that an entry another run adds meanwhile is kept too."""
        with rollback_lock(self.rollback_path):
            document = with_entry(read_rollback(self.rollback_path), key, sid, value)
            write_file(self.rollback_path, rollback_text(document), mode=PRIVATE_MODE)

    def restore(self, sid):
        """The outcome of restoring the flow `sid` from its rollback entry: created again, never matched to a flow by name."""
        outcome = dict(sid=sid, friendly_name=None, restored_sid=None, changed=False, flow=None, error=None, status=None)
        with self._failure_recorded_in(outcome):
            self._restore(sid, outcome)
        return outcome

    @contextlib.contextmanager
    def _failure_recorded_in(self, outcome):
        """What stops a migration or a restore becomes the outcome's error, so that the outcome says how far it got."""
        try:
            yield
        except (MigrationError, TwilioApiError, InvalidValueError) as error:
            outcome["error"] = str(error)
        except OSError as error:
            outcome["error"] = "Could not write the rollback file %s: %s" % (self.rollback_path, error.strerror or error)

    def _restore(self, sid, outcome):
        document = read_rollback(self.rollback_path)
        # The entry's SID as recorded, which the API answered; the one given may differ in the case of its hex digits.
        sid = next((recorded for recorded in document[MIGRATED_KEY] if sid_key(str(recorded)) == sid_key(sid)), sid)
        outcome["sid"] = sid
        entries = document[MIGRATED_KEY].get(sid)
        if not entries:
            raise MigrationError("the rollback file %s has no entry for %s" % (self.rollback_path, sid))
        entry = entries[0]
        outcome["friendly_name"] = entry.get("friendly_name")
        restored_sid = next((new for former, new in document[RESTORED_KEY].items() if sid_key(str(former)) == sid_key(sid) and new), None)
        if restored_sid:
            outcome.update(status="restored already", restored_sid=restored_sid)
            return
        if self.flows.fetch(sid) is not None:
            outcome["status"] = "not deleted"
            return
        desired = desired_state(FLEX_FLOW.fields, entry)
        problems = FLEX_FLOW.option_problems(entry, desired)
        if problems:
            raise MigrationError("the entry for %s in %s is not a valid flow: %s" % (sid, self.rollback_path, "; ".join(problems)))
        FLEX_FLOW.check_target(desired, desired, True)
        outcome.update(changed=True, status="restored")
        if self.check_mode:
            return
        created = self._create_flow(form_body(FLEX_FLOW.fields, desired, list(desired)))
        outcome.update(restored_sid=created.get("sid"), flow=created)
        self.record(RESTORED_KEY, sid, created.get("sid"))

    def _create_flow(self, form):
        """POST the flow, whatever other flows are named. An answer that never came is resolved by the flows of that name
        that did not exist before the POST, never by a flow that merely has the name."""
        name = form["FriendlyName"]
        before = set(flow.get("sid") for flow in self.flows.find_by_name(name))
        try:
            return self.flows.client.request("POST", FLEX_FLOWS_PATH, data=form, policy=CREATE)
        except AmbiguousWriteError as error:
            new = [flow for flow in self.flows.find_by_name(name) if flow.get("sid") not in before]
            if len(new) == 1:
                return new[0]
            raise error.extended(
                "; %d new Flex Flows have this friendly name now, so whether the restore took effect is unknown: check the flows "
                "before restoring again" % len(new)
            ) from error
