# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The drift report as a file: the same bytes as ansible.builtin.to_nice_json, written atomically with the mode the umask allows."""

from __future__ import annotations

import os
import stat

import pytest
from ansible.plugins.filter.core import to_nice_json

from ansible_collections.twilio.flex.plugins.plugin_utils import _files
from ansible_collections.twilio.flex.plugins.plugin_utils._drift_report import drift_report, report_text
from ansible_collections.twilio.flex.plugins.plugin_utils._files import write_file
from ansible_collections.twilio.flex.tests.unit.plugins.flow_data import drift_plan

PLAN = drift_plan(sms_name="SMS \u00e9t\u00e9 \u2603")


def mode_of(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_text_is_what_to_nice_json_makes_of_the_report_and_a_newline():
    report = drift_report(PLAN)
    assert report_text(report) == to_nice_json(report) + "\n"
    assert report_text(report).endswith("}\n") and "\\u00e9" in report_text(report)


@pytest.mark.parametrize("umask, expected", [(0o077, 0o600), (0o027, 0o640), (0o022, 0o644)])
def test_a_new_file_gets_the_mode_the_umask_allows(tmp_path, umask, expected):
    path = str(tmp_path / "report.json")
    previous = os.umask(umask)
    try:
        assert write_file(path, "{}\n") is True
    finally:
        os.umask(previous)
    with open(path, encoding="utf-8") as written:
        assert written.read() == "{}\n"
    assert mode_of(path) == expected
    assert os.listdir(str(tmp_path)) == ["report.json"]


def test_the_same_report_again_leaves_the_file_alone(tmp_path):
    path = str(tmp_path / "report.json")
    write_file(path, "{}\n")
    inode = os.stat(path).st_ino
    assert write_file(path, "{}\n") is False
    assert os.stat(path).st_ino == inode


def test_another_report_replaces_the_file_as_a_whole(tmp_path):
    path = str(tmp_path / "report.json")
    write_file(path, "old\n")
    inode = os.stat(path).st_ino
    assert write_file(path, "new\n") is True
    with open(path, encoding="utf-8") as written:
        assert written.read() == "new\n"
    # A new file renamed over the old one: a reader holding the old file never sees a mix of both.
    assert os.stat(path).st_ino != inode
    assert sorted(os.listdir(str(tmp_path))) == ["report.json"]


def test_an_existing_report_keeps_the_mode_its_owner_gave_it(tmp_path):
    path = str(tmp_path / "report.json")
    write_file(path, "{}\n")
    os.chmod(path, 0o600)
    assert write_file(path, "{}\n") is False
    assert write_file(path, "new\n") is True
    assert mode_of(path) == 0o600


@pytest.mark.parametrize("existing", [None, "old\n"])
def test_check_mode_says_whether_it_would_write_and_writes_nothing(tmp_path, existing):
    path = str(tmp_path / "report.json")
    if existing is not None:
        with open(path, "w", encoding="utf-8") as old:
            old.write(existing)
    assert write_file(path, "new\n", check_mode=True) is True
    assert os.path.exists(path) is (existing is not None)
    if existing is not None:
        with open(path, encoding="utf-8") as kept:
            assert kept.read() == existing
    write_file(path, "new\n")
    assert write_file(path, "new\n", check_mode=True) is False


def test_a_failed_write_leaves_neither_a_temporary_file_nor_a_changed_report(tmp_path, monkeypatch):
    path = str(tmp_path / "report.json")
    write_file(path, "old\n")

    def refuse(_source, _destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_files.os, "replace", refuse)
    with pytest.raises(OSError):
        write_file(path, "new\n")
    assert os.listdir(str(tmp_path)) == ["report.json"]
    with open(path, encoding="utf-8") as kept:
        assert kept.read() == "old\n"


def test_a_missing_folder_is_an_error(tmp_path):
    with pytest.raises(OSError):
        write_file(str(tmp_path / "nowhere" / "report.json"), "{}\n")
