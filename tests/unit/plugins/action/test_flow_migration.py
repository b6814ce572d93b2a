# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The flow_migration action against the emulator: one flow moved with its way back kept, and restored exactly."""

from __future__ import annotations

import json
import os
import shlex
import stat
from unittest import mock

import pytest
from ansible.parsing.dataloader import DataLoader

from ansible_collections.twilio.flex.plugins.action.flow_migration import ActionModule
from ansible_collections.twilio.flex.tests.flex_emulator import ACCOUNT_SID, AUTH_TOKEN
from ansible_collections.twilio.flex.tests.unit.plugins import flow_data

IS = "IS" + "0" * 32
FW = "FW" + "1" * 32
PASSWORD = "hook-password-0123"
# An option left out of the task, so that it falls back to the environment.
OMITTED = object()
TEMPLATED_NAME = "Support {{ lookup('pipe', 'touch pwned') }} {% if true %}x{% endif %} {# note #}"


def sms_flow(**fields):
    """flow_data's SMS flow, with a retry count of 1 and the janitor on (which a migration warns about)."""
    return flow_data.sms_flow(**{"integration": dict(flow_sid=FW, retry_count=1), "janitor_enabled": True, **fields})


def run_action(emulator, args, check_mode=False, environment=None):  # noqa: F811 (the fixture's value, passed on)
    options = dict(
        base_url=emulator.base_url, conversations_base_url=emulator.base_url, account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, retry_max_time=5, retries=0
    )
    options.update(args)
    options = dict((name, value) for name, value in options.items() if value is not OMITTED)
    # The task's environment: keyword, as the task holds it (a list of the play's, the block's and the task's).
    task = mock.MagicMock(args=options, check_mode=check_mode, async_val=0, action="twilio.flex.flow_migration", environment=environment)
    connection = mock.MagicMock()
    connection._shell.tmpdir = None
    templar = mock.MagicMock()
    templar.template.side_effect = lambda value: value
    action = ActionModule(task, connection, play_context=mock.MagicMock(), loader=None, templar=templar, shared_loader_obj=None)
    with mock.patch.object(action, "_execute_module") as execute_module:
        result = action.run(task_vars={})
    assert not execute_module.called
    assert AUTH_TOKEN not in json.dumps(result)
    return result


def migrate(emulator, sid, rollback, **args):  # noqa: F811
    return run_action(emulator, dict(args, sid=sid, rollback_path=str(rollback)))


def restore(emulator, sid, rollback, **args):  # noqa: F811
    return run_action(emulator, dict(args, sid=sid, state="restored", rollback_path=str(rollback)))


def load(path):
    return DataLoader().load_from_file(str(path))


def fail_address_creates(emulator):  # noqa: F811
    emulator.inject_fault(status=400, code=20001, method="POST", path="^/v1/Configuration/Addresses$", message="Address is invalid", count=10)


def test_a_flow_moves_to_its_address_recorded_before_its_delete(emulator, tmp_path):  # noqa: F811
    flow = emulator.put_flow(sms_flow())
    rollback = tmp_path / "rollback.yml"
    result = migrate(emulator, flow["sid"], rollback)
    outcome = result["migration"]
    assert not result.get("failed") and result["changed"] is True
    assert (outcome["stage"], outcome["migrated"], outcome["deleted"], outcome["verified"]) == ("verified", True, True, True)
    address = emulator.addresses[outcome["address_sid"]]
    assert address["address"] == "+15555550100" and address["auto_creation"]["studio_flow_sid"] == FW
    assert flow["sid"] not in emulator.flows
    # The order of the writes: the rollback file was complete before the DELETE (checked by the file's content afterwards).
    assert [entry["method"] for entry in emulator.request_log] == ["GET", "GET", "DELETE", "POST", "GET"]
    assert load(rollback)["migrated_flows"][flow["sid"]] == [outcome["rollback_entry"]]
    assert stat.S_IMODE(os.stat(rollback).st_mode) == 0o600
    # Per-flow warnings reach the console, prefixed by the flow.
    assert any(warning.startswith(flow["sid"] + ": janitor_enabled") for warning in result["warnings"])


def test_the_rollback_file_keeps_every_entry_of_earlier_runs(emulator, tmp_path):  # noqa: F811
    first = emulator.put_flow(sms_flow())
    second = emulator.put_flow(sms_flow(friendly_name="Other", contact_identity="+15555550101"))
    rollback = tmp_path / "rollback.yml"
    assert migrate(emulator, first["sid"], rollback)["migration"]["migrated"]
    fail_address_creates(emulator)
    failed = migrate(emulator, second["sid"], rollback)
    assert failed["failed"] and failed["migration"]["deleted"] and failed["migration"]["stage"] == "deleted"
    assert sorted(load(rollback)["migrated_flows"]) == sorted([first["sid"], second["sid"]])


def test_a_run_that_deletes_nothing_leaves_the_rollback_file_alone(emulator, tmp_path):  # noqa: F811
    flow = emulator.put_flow(sms_flow())
    emulator.put_address(dict(address="+15555550100", type="sms", friendly_name="Taken"))
    rollback = tmp_path / "rollback.yml"
    rollback.write_text("---\nmigrated_flows: {}\nrestored_flows: {}\n")
    before = (rollback.read_text(), os.stat(rollback).st_mtime_ns)
    result = migrate(emulator, flow["sid"], rollback)
    assert result["failed"] and result["migration"]["deleted"] is False and "exists already" in result["msg"]
    assert (rollback.read_text(), os.stat(rollback).st_mtime_ns) == before
    assert not (tmp_path / "missing.yml").exists() and migrate(emulator, flow["sid"], tmp_path / "missing.yml")["failed"]
    assert not (tmp_path / "missing.yml").exists()


def test_an_address_that_exists_at_apply_time_is_never_updated_and_the_flow_is_kept(emulator, tmp_path):  # noqa: F811
    # Two flows with one contact identity: the second must not overwrite the address the first one's migration made.
    first = emulator.put_flow(sms_flow())
    second = emulator.put_flow(sms_flow(friendly_name="SMS copy", integration=dict(flow_sid="FW" + "2" * 32)))
    rollback = tmp_path / "rollback.yml"
    assert migrate(emulator, first["sid"], rollback)["migration"]["migrated"]
    address = dict(next(iter(emulator.addresses.values())))
    emulator.clear_log()
    result = migrate(emulator, second["sid"], rollback)
    assert result["failed"] and result["migration"]["stage"] == "read" and result["migration"]["deleted"] is False
    assert "The Flex Flow was not deleted" in result["msg"]
    assert [entry["method"] for entry in emulator.request_log] == ["GET", "GET"]
    assert second["sid"] in emulator.flows and list(emulator.addresses.values()) == [address]
    assert second["sid"] not in load(rollback)["migrated_flows"]


def test_the_restore_creates_the_deleted_flow_and_changes_no_other(emulator, tmp_path):  # noqa: F811
    twin = emulator.put_flow(sms_flow(contact_identity="+15555550109", enabled=False, integration=dict(flow_sid="FW" + "3" * 32)))
    flow = emulator.put_flow(sms_flow())
    rollback = tmp_path / "rollback.yml"
    fail_address_creates(emulator)
    failed = migrate(emulator, flow["sid"], rollback)
    assert failed["migration"]["deleted"] and flow["sid"] not in emulator.flows
    # A flow created with the deleted flow's name between the migration and the restore.
    newcomer = emulator.put_flow(sms_flow(contact_identity="+15555550108", integration_type="external", integration=dict(url="https://x.example.com/")))
    untouched = dict((sid, emulator.flows[sid]) for sid in (twin["sid"], newcomer["sid"]))
    emulator.clear_faults()
    result = restore(emulator, flow["sid"], rollback)
    assert not result.get("failed") and result["changed"] is True and result["restore"]["status"] == "restored"
    restored = emulator.flows[result["restore"]["restored_sid"]]
    assert dict((sid, emulator.flows[sid]) for sid in untouched) == untouched
    compared = ("friendly_name", "chat_service_sid", "channel_type", "contact_identity", "enabled", "integration_type", "janitor_enabled")
    assert dict((key, restored[key]) for key in compared) == dict((key, flow[key]) for key in compared)
    assert (restored["integration"]["flow_sid"], restored["integration"]["retry_count"]) == (FW, 1)
    assert load(rollback)["restored_flows"] == {flow["sid"]: restored["sid"]}
    # Done once: a second run of the command creates nothing.
    again = restore(emulator, flow["sid"], rollback)
    assert again["changed"] is False and again["restore"]["status"] == "restored already" and len(emulator.flows) == 3


def test_a_flow_that_was_not_deleted_is_not_restored(emulator, tmp_path):  # noqa: F811
    flow = emulator.put_flow(sms_flow())
    rollback = tmp_path / "rollback.yml"
    emulator.inject_fault(status=400, method="DELETE", path="^/v1/FlexFlows/", count=1)
    failed = migrate(emulator, flow["sid"], rollback)
    assert failed["migration"]["stage"] == "recorded" and failed["migration"]["deleted"] is False
    result = restore(emulator, flow["sid"], rollback)
    assert result["changed"] is False and result["restore"]["status"] == "not deleted" and len(emulator.flows) == 1


def test_templates_in_the_account_stay_data_from_migrate_to_restore(emulator, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.chdir(tmp_path)
    url = "https://hooks:%s@hooks.example.com/{{lookup('env','HOME')}}/{%%raw%%}{#x#}" % PASSWORD
    flow = emulator.put_flow(
        sms_flow(friendly_name=TEMPLATED_NAME, contact_identity="+15555550100", integration_type="external", integration=dict(url=url, retry_count=1))
    )
    fail_address_creates(emulator)
    failed = migrate(emulator, flow["sid"], "rollback.yml")
    # A relative path is taken from the start directory, and every message names it absolutely.
    rollback = tmp_path / "rollback.yml"
    assert failed["rollback_path"] == str(rollback) and str(rollback) in failed["migration"]["restore_command"]
    # The command names the entry by SID only: nothing from the account is in it.
    command = failed["migration"]["restore_command"]
    assert TEMPLATED_NAME not in command and "{{" not in command
    assert shlex.split(command)[-1] == "sid=%s state=restored rollback_path=%s base_url=%s" % (flow["sid"], rollback, emulator.base_url)
    # Results mask the password; the file keeps it exactly, and inert.
    assert PASSWORD not in json.dumps(failed) and "hooks:********@" in json.dumps(failed)
    text = rollback.read_text()
    assert PASSWORD in text and "!unsafe" in text
    entry = load(rollback)["migrated_flows"][flow["sid"]][0]
    assert entry["friendly_name"] == TEMPLATED_NAME and entry["integration"]["url"] == url
    emulator.clear_faults()
    result = restore(emulator, flow["sid"], "rollback.yml")
    restored = emulator.flows[result["restore"]["restored_sid"]]
    assert restored["friendly_name"] == TEMPLATED_NAME and restored["integration"]["url"] == url
    assert not (tmp_path / "pwned").exists()


def test_the_address_carries_the_exact_webhook_and_the_result_masks_it(emulator, tmp_path):  # noqa: F811
    url = "https://hooks:%s@hooks.example.com/flex" % PASSWORD
    flow = emulator.put_flow(sms_flow(integration_type="external", integration=dict(url=url)))
    result = migrate(emulator, flow["sid"], tmp_path / "rollback.yml")
    assert result["migration"]["verified"]
    assert emulator.addresses[result["migration"]["address_sid"]]["auto_creation"]["webhook_url"] == url
    assert PASSWORD not in json.dumps(result)


def test_check_mode_reads_and_writes_nothing(emulator, tmp_path):  # noqa: F811
    flow = emulator.put_flow(sms_flow())
    result = run_action(emulator, dict(sid=flow["sid"], rollback_path=str(tmp_path / "rollback.yml")), check_mode=True)
    assert result["changed"] is True and result["migration"]["stage"] == "checked"
    assert set(entry["method"] for entry in emulator.request_log) == {"GET"} and not (tmp_path / "rollback.yml").exists()


@pytest.mark.parametrize(
    "args, words",
    [
        (dict(sid="FO123"), "sid must be a Flex Flow SID"),
        (dict(sid="FO" + "a" * 32, state="gone"), "state must be one of"),
        (dict(sid="FO" + "a" * 32, auth_token=None, account_sid=None, api_key="SK" + "1" * 32), "api_key needs api_secret"),
    ],
)
def test_bad_options_send_nothing(emulator, tmp_path, args, words):  # noqa: F811
    result = run_action(emulator, dict(dict(rollback_path=str(tmp_path / "r.yml")), **args))
    assert result["failed"] and words in result["msg"] and emulator.request_log == []


def test_a_file_that_is_not_a_rollback_file_is_not_overwritten(emulator, tmp_path):  # noqa: F811
    flow = emulator.put_flow(sms_flow())
    other = tmp_path / "vars.yml"
    other.write_text("desired_flows: []\nsomething_else: 1\n")
    result = migrate(emulator, flow["sid"], other)
    assert result["failed"] and "is not a rollback file" in result["msg"] and result["migration"]["deleted"] is False
    assert other.read_text() == "desired_flows: []\nsomething_else: 1\n" and flow["sid"] in emulator.flows


def test_the_task_environment_gives_credentials_and_hosts_over_the_process_environment(emulator, tmp_path, monkeypatch):  # noqa: F811
    # As a module of the collection would: the task's environment: keyword first, then the ansible-playbook process's.
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_KEY", "TWILIO_API_SECRET", "TWILIO_REGION", "TWILIO_EDGE"):
        monkeypatch.delenv(name, raising=False)
    # Nothing listens there: a request sent to it fails.
    monkeypatch.setenv("TWILIO_FLEX_BASE_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("TWILIO_CONVERSATIONS_BASE_URL", "http://127.0.0.1:9")
    flow = emulator.put_flow(sms_flow())
    environment = [
        dict(TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_FLEX_BASE_URL="http://127.0.0.1:9"),
        dict(TWILIO_AUTH_TOKEN=AUTH_TOKEN, TWILIO_FLEX_BASE_URL=emulator.base_url, TWILIO_CONVERSATIONS_BASE_URL=emulator.base_url),
    ]
    args = dict(base_url=OMITTED, conversations_base_url=OMITTED, account_sid=OMITTED, auth_token=OMITTED, sid=flow["sid"])
    result = run_action(emulator, dict(args, rollback_path=str(tmp_path / "rollback.yml")), environment=environment)
    assert not result.get("failed"), result.get("msg")
    assert result["migration"]["verified"] and flow["sid"] not in emulator.flows
    # The process environment is not changed.
    assert os.environ["TWILIO_FLEX_BASE_URL"] == "http://127.0.0.1:9" and "TWILIO_AUTH_TOKEN" not in os.environ


def restore_arguments(command):
    """The task arguments of a printed restore command, parsed as the ansible command line parses them."""
    from ansible.parsing.splitter import parse_kv

    words = shlex.split(command)
    assert words[:5] == ["ansible", "localhost", "-m", "twilio.flex.flow_migration", "-a"] and len(words) == 6
    return parse_kv(words[5])


def test_the_restore_command_goes_to_the_host_the_migration_was_given(emulator, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setenv("TWILIO_FLEX_BASE_URL", "http://127.0.0.1:9")
    flow = emulator.put_flow(sms_flow())
    rollback = tmp_path / "rollback.yml"
    fail_address_creates(emulator)
    failed = migrate(emulator, flow["sid"], rollback)
    command = failed["migration"]["restore_command"]
    arguments = restore_arguments(command)
    assert arguments == dict(sid=flow["sid"], state="restored", rollback_path=str(rollback), base_url=emulator.base_url)
    assert ACCOUNT_SID not in command and AUTH_TOKEN not in command and command in failed["msg"]
    # The command as printed restores the flow on that host, whatever TWILIO_FLEX_BASE_URL says.
    emulator.clear_faults()
    result = run_action(emulator, dict(arguments, conversations_base_url=OMITTED), environment=[])
    assert result["restore"]["status"] == "restored" and result["restore"]["restored_sid"] in emulator.flows


def test_a_base_url_from_the_process_environment_is_not_in_the_restore_command(emulator, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setenv("TWILIO_FLEX_BASE_URL", emulator.base_url)
    monkeypatch.setenv("TWILIO_CONVERSATIONS_BASE_URL", emulator.base_url)
    flow = emulator.put_flow(sms_flow())
    result = migrate(emulator, flow["sid"], tmp_path / "rollback.yml", base_url=OMITTED, conversations_base_url=OMITTED)
    assert result["migration"]["verified"] and "base_url" not in restore_arguments(result["migration"]["restore_command"])


def test_a_sid_given_in_upper_case_hex_migrates_and_restores_the_flow_by_its_live_sid(emulator, tmp_path):  # noqa: F811
    flow = emulator.put_flow(sms_flow())
    given = flow["sid"][:2] + flow["sid"][2:].upper()
    assert given != flow["sid"]
    rollback = tmp_path / "rollback.yml"
    fail_address_creates(emulator)
    failed = migrate(emulator, given, rollback)
    assert failed["migration"]["deleted"] and failed["migration"]["sid"] == flow["sid"]
    # Every request names the flow as the API answered it, and so do the rollback file and the restore command.
    assert [entry["path"] for entry in emulator.request_log if "/FlexFlows/" in entry["path"]] == ["/v1/FlexFlows/" + flow["sid"]] * 2
    assert list(load(rollback)["migrated_flows"]) == [flow["sid"]]
    assert restore_arguments(failed["migration"]["restore_command"])["sid"] == flow["sid"]
    emulator.clear_faults()
    result = restore(emulator, given, rollback)
    assert result["restore"]["status"] == "restored" and result["restore"]["sid"] == flow["sid"]
    assert load(rollback)["restored_flows"] == {flow["sid"]: result["restore"]["restored_sid"]}
    again = restore(emulator, given, rollback)
    assert again["changed"] is False and again["restore"]["status"] == "restored already" and len(emulator.flows) == 1
