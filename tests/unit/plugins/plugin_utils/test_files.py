# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Files written on the controller: a relative path is the working directory's, modes are the umask's or the owner's only."""

from __future__ import annotations

import os
import stat

import pytest

from ansible_collections.twilio.flex.plugins.plugin_utils._files import PRIVATE_MODE, output_path, write_file


def mode_of(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def umask():
    previous = os.umask(0o022)
    yield os.umask
    os.umask(previous)


def test_a_relative_path_is_taken_from_the_working_directory_whatever_pwd_says(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PWD", raising=False)
    assert output_path("desired_flows.yml") == str(tmp_path / "desired_flows.yml")
    monkeypatch.setenv("PWD", "/")
    assert output_path("sub/../report.json") == str(tmp_path / "report.json")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert output_path("~/x.yml") == str(tmp_path / "home" / "x.yml")


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_without_a_mode_follows_the_umask(tmp_path, umask, mask, expected):
    umask(mask)
    path = str(tmp_path / "report.json")
    assert write_file(path, "{}\n") is True
    assert mode_of(path) == expected
    assert os.listdir(str(tmp_path)) == ["report.json"]


def test_an_existing_file_keeps_its_mode_unless_a_mode_is_given(tmp_path, umask):
    path = str(tmp_path / "report.json")
    write_file(path, "one\n")
    os.chmod(path, 0o640)
    assert write_file(path, "two\n") is True
    assert mode_of(path) == 0o640
    assert write_file(path, "two\n", mode=PRIVATE_MODE) is True
    assert mode_of(path) == 0o600
    with open(path, encoding="utf-8") as written:
        assert written.read() == "two\n"


def test_a_private_file_is_the_owners_only_whatever_the_umask(tmp_path, umask):
    umask(0o000)
    path = str(tmp_path / "rollback.yml")
    write_file(path, "secret: exact\n", mode=PRIVATE_MODE)
    assert mode_of(path) == 0o600


def test_the_same_content_and_mode_is_left_alone_and_check_mode_writes_nothing(tmp_path, umask):
    path = str(tmp_path / "report.json")
    assert write_file(path, "x\n", check_mode=True) is True
    assert not os.path.exists(path)
    write_file(path, "x\n")
    before = os.stat(path).st_mtime_ns
    assert write_file(path, "x\n") is False
    assert write_file(path, "y\n", check_mode=True) is True
    assert os.stat(path).st_mtime_ns == before
    with open(path, encoding="utf-8") as written:
        assert written.read() == "x\n"


def test_a_failed_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    path = str(tmp_path / "report.json")

    def broken_replace(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_file(path, "x\n")
    assert os.listdir(str(tmp_path)) == []
