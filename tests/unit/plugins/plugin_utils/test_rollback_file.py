# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The migration's rollback file: merged, never overwritten, inert, and the restore command that names an entry by SID only."""

from __future__ import annotations

import fcntl
import json
import os
import shlex
import stat
import threading
from unittest import mock

import pytest
from ansible.parsing.dataloader import DataLoader

from ansible_collections.twilio.flex.plugins.plugin_utils import _flow_migration
from ansible_collections.twilio.flex.plugins.plugin_utils._flow_migration import (
    MIGRATED_KEY,
    RESTORED_KEY,
    FlowMigration,
    RollbackFileError,
    empty_rollback,
    read_rollback,
    restore_command,
    rollback_document,
    rollback_text,
    with_entry,
)

SID_A, SID_B = "FO" + "a" * 32, "FO" + "b" * 32
NAMES = ["Support {{ lookup('pipe', 'id') }}", "{% for x in y %}", "{# note #}", "plain", "yes", "", "a: b", "'quoted'"]


def entry(name):
    return dict(friendly_name=name, chat_service_sid="IS" + "0" * 32, channel_type="sms", enabled=True, integration=dict(flow_sid="FW" + "1" * 32))


def test_entries_are_added_and_every_earlier_one_kept(tmp_path):
    path = tmp_path / "rollback.yml"
    first = with_entry(empty_rollback(), MIGRATED_KEY, SID_A, [entry("A")])
    path.write_text(rollback_text(first))
    second = with_entry(read_rollback(str(path)), MIGRATED_KEY, SID_B, [entry("B")])
    assert list(second[MIGRATED_KEY]) == [SID_A, SID_B] and first[MIGRATED_KEY] == {SID_A: [entry("A")]}
    restored = with_entry(second, RESTORED_KEY, SID_A, "FO" + "c" * 32)
    assert restored[MIGRATED_KEY] == second[MIGRATED_KEY] and restored[RESTORED_KEY] == {SID_A: "FO" + "c" * 32}


@pytest.mark.parametrize("name", NAMES)
def test_every_name_loads_back_exactly_and_stays_inert(tmp_path, name):
    path = tmp_path / "rollback.yml"
    path.write_text(rollback_text(with_entry(empty_rollback(), MIGRATED_KEY, SID_A, [entry(name)])))
    loaded = DataLoader().load_from_file(str(path))
    assert loaded[MIGRATED_KEY][SID_A] == [entry(name)]
    if "{" in name:
        assert "!unsafe" in path.read_text()


def test_a_missing_or_empty_file_is_an_empty_rollback(tmp_path):
    assert read_rollback(str(tmp_path / "none.yml")) == empty_rollback()
    (tmp_path / "empty.yml").write_text("")
    assert read_rollback(str(tmp_path / "empty.yml")) == empty_rollback()


def test_the_first_format_is_read_and_its_derived_list_dropped():
    loaded = {"desired_flows": [entry("A")], MIGRATED_KEY: {SID_A: [entry("A")]}}
    assert rollback_document(loaded, "f.yml") == {MIGRATED_KEY: {SID_A: [entry("A")]}, RESTORED_KEY: {}}


@pytest.mark.parametrize(
    "loaded, words",
    [
        ([1, 2], "it holds a list, not a dictionary"),
        ({"desired_flows": [], "other": 1}, "it holds other"),
        ({MIGRATED_KEY: [1]}, "migrated_flows must be a dictionary by former SID"),
        ({MIGRATED_KEY: {SID_A: entry("A")}}, "must be a list of one flex_flows entry"),
    ],
)
def test_a_file_that_is_not_a_rollback_file_is_refused(loaded, words):
    with pytest.raises(RollbackFileError, match="f.yml"):
        rollback_document(loaded, "f.yml")
    with pytest.raises(RollbackFileError) as raised:
        rollback_document(loaded, "f.yml")
    assert words in str(raised.value)


def restore_arguments(command):
    """The task arguments the restore command gives, parsed as the ansible command line parses them."""
    from ansible.parsing.splitter import parse_kv

    words = shlex.split(command)
    assert words[:5] == ["ansible", "localhost", "-m", "twilio.flex.flow_migration", "-a"] and len(words) == 6
    return json.loads(words[5]) if words[5].startswith("{") else parse_kv(words[5])


def test_the_restore_command_names_the_entry_by_sid_with_no_double_quote_for_a_plain_path():
    command = restore_command(SID_A, "/home/ops/flex-migration-rollback.yml")
    assert command == "ansible localhost -m twilio.flex.flow_migration -a 'sid=%s state=restored rollback_path=/home/ops/flex-migration-rollback.yml'" % SID_A


@pytest.mark.parametrize("path", ["/home/ops/flex-migration-rollback.yml", '/tmp/a b/it\'s "here".yml', "/tmp/$(id)/`id`=.yml"])
def test_the_restore_command_gives_the_file_exactly(path):
    assert restore_arguments(restore_command(SID_A, path)) == {"sid": SID_A, "state": "restored", "rollback_path": path}


@pytest.mark.parametrize("base_url", ["http://127.0.0.1:8080", "https://flex-api.example.com", "http://[::1]:8080"])
def test_the_restore_command_names_the_base_url_it_was_given(base_url):
    command = restore_command(SID_A, "/home/ops/rollback.yml", base_url)
    assert restore_arguments(command) == {"sid": SID_A, "state": "restored", "rollback_path": "/home/ops/rollback.yml", "base_url": base_url}
    assert '"' not in command or base_url.startswith("http://[")


def test_two_runs_at_once_keep_both_entries(tmp_path):
    """The first run is held between its read and its write until the second has either written (no lock) or is
    waiting for the lock; both entries must survive either way."""
    path = str(tmp_path / "rollback.yml")
    first_has_read, second_is_waiting_or_done = threading.Event(), threading.Event()
    real_read, real_flock = _flow_migration.read_rollback, fcntl.flock
    failures = []

    def read(rollback_path):
        document = real_read(rollback_path)
        if threading.current_thread().name == "first":
            first_has_read.set()
            # Only a safety net against a hang: the second run signals long before.
            assert second_is_waiting_or_done.wait(60)
        return document

    def flock(descriptor, operation):
        if threading.current_thread().name == "second" and operation & fcntl.LOCK_EX:
            second_is_waiting_or_done.set()
        return real_flock(descriptor, operation)

    def run(sid, after=None):
        try:
            if after is not None:
                assert after.wait(60)
            FlowMigration(None, None, path).record(MIGRATED_KEY, sid, [entry(sid)])
        except BaseException as error:  # pylint: disable=broad-exception-caught
            failures.append(error)
        finally:
            second_is_waiting_or_done.set()

    with mock.patch.object(_flow_migration, "read_rollback", read), mock.patch.object(fcntl, "flock", flock):
        threads = [threading.Thread(target=run, args=(SID_A,), name="first"), threading.Thread(target=run, args=(SID_B, first_has_read), name="second")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert failures == []
    assert sorted(DataLoader().load_from_file(path)[MIGRATED_KEY]) == [SID_A, SID_B]
    assert stat.S_IMODE(os.stat(path + ".lock").st_mode) == 0o600
