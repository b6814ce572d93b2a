# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The checks of runme.sh, one subcommand each: python checks.py STEP ADMIN_URL WORKDIR [ARGS].

Run with the emulator's package importable (emulator_python in setup_emulator/emulator.sh).
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import stat
import sys

import yaml

from flex_emulator.admin_client import EmulatorAdmin

PASSWORD = "hook-secret-4711"
TEMPLATED_PREFIX = "Support {{ lookup('pipe', 'touch /tmp/twilio-flex-migrate-pwned') }}"
PWNED = pathlib.Path("/tmp/twilio-flex-migrate-pwned")
RESTORE = re.compile(
    r"Restore the flow with: (ansible localhost -m twilio\.flex\.flow_migration -a 'sid=FO[0-9a-f]{32} state=restored rollback_path=/\S+(?: base_url=\S+)?')"
)


class UnsafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader that reads Ansible's !unsafe tag as the plain string it tags."""


UnsafeLoader.add_constructor("!unsafe", lambda loader, node: loader.construct_scalar(node))


def read_json(path):
    return json.loads(pathlib.Path(path).read_text())


def rollback_of(workdir):
    return yaml.load((workdir / "rollback.yml").read_text(), Loader=UnsafeLoader)


def mode_of(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def plans_wrote_nothing(admin, workdir):
    methods = sorted(set(admin.methods()))
    assert methods == ["GET"], "the plans sent %s" % methods
    plan = read_json(workdir / "plan.json")
    results = {flow["friendly_name"]: (flow["result"], flow["blocking"], flow["address_exists"]) for flow in plan["flows"]}
    assert results == {
        "SMS": ("planned", False, False),
        "WhatsApp": ("planned", False, False),
        "Web chat": ("skipped", True, False),
        "Task SMS": ("skipped", True, False),
        "Messenger": ("planned", False, False),
        "Moved already": ("skipped", False, True),
    }, results
    whatsapp = next(flow for flow in plan["flows"] if flow["friendly_name"] == "WhatsApp")
    assert whatsapp["address"]["auto_creation"]["type"] == "webhook" and any("long_lived" in warning for warning in whatsapp["warnings"]), whatsapp
    # The report masks the password of the webhook URL.
    assert whatsapp["address"]["auto_creation"]["webhook_url"] == "https://hooks:********@hooks.example.com/flex", whatsapp
    assert plan["summary"]["planned"] == 3 and plan["summary"]["skipped"] == 3, plan["summary"]
    check = read_json(workdir / "check.json")
    assert [(flow["friendly_name"], flow["result"]) for flow in check["flows"]] == [("SMS", "planned")], check["flows"]
    # The per-flow warnings are on the console.
    assert "  warning: long_lived is not supported by Flex Conversations" in (workdir / "plan.out").read_text()


def default_paths(admin, workdir, umask):
    """A run from another directory with PWD unset and no paths given: the report lands in that directory, with the umask's mode."""
    start = workdir / "start"
    report = start / "flex-migration-report.json"
    assert report.is_file(), sorted(os.listdir(start))
    assert mode_of(report) == 0o666 & ~int(umask, 8), oct(mode_of(report))
    output = (workdir / "start.out").read_text()
    assert "report: %s" % report in output, output[-2000:]
    assert not (start / "flex-migration-rollback.yml").exists()


def restore_command(admin, workdir, name):
    """Print the restore command of a failed run's output."""
    output = (workdir / ("%s.out" % name)).read_text()
    match = RESTORE.search(output)
    assert match, output[-3000:]
    assert TEMPLATED_PREFIX not in match.group(1) and "{{" not in match.group(1), match.group(1)
    # The playbook gives the flow_migration action the emulator's address as base_url: the restore goes there too.
    assert " base_url=http" in match.group(1), match.group(1)
    print(match.group(1))


def migrated_and_restored(admin, workdir):
    flows = {flow["friendly_name"]: flow for flow in admin.flows()}
    addresses = {address["address"]: address for address in admin.addresses()}
    # SMS and WhatsApp moved; Messenger was restored with every option it had; the others were not touched.
    assert sorted(flows) == ["Messenger", "Moved already", "Task SMS", "Web chat"], sorted(flows)
    assert sorted(addresses) == ["+15555550100", "+15555550103", "whatsapp:+15555550101"], sorted(addresses)
    sms = addresses["+15555550100"]
    assert sms["type"] == "sms" and sms["friendly_name"] == "SMS", sms
    assert sms["auto_creation"]["type"] == "studio" and sms["auto_creation"]["studio_flow_sid"] == "FW0123456789abcdef0123456789abcdef", sms
    assert sms["auto_creation"]["studio_retry_count"] == 1 and sms["auto_creation"]["conversation_service_sid"] == "IS0123456789abcdef0123456789abcdef", sms
    whatsapp = addresses["whatsapp:+15555550101"]["auto_creation"]
    # The address carries the exact webhook, password included, although every result masks it.
    assert whatsapp["type"] == "webhook" and whatsapp["webhook_url"] == "https://hooks:%s@hooks.example.com/flex" % PASSWORD, whatsapp
    assert whatsapp["webhook_filters"] == ["onMessageAdded"], whatsapp
    messenger = flows["Messenger"]
    assert (messenger["channel_type"], messenger["contact_identity"], messenger["enabled"], messenger["janitor_enabled"]) == (
        "facebook",
        "messenger:565233119996327",
        False,
        True,
    ), messenger
    assert messenger["integration"]["flow_sid"] == "FWfedcba9876543210fedcba9876543210" and messenger["integration"]["retry_count"] == 3, messenger

    applied = read_json(workdir / "apply.json")
    assert [(flow["friendly_name"], flow["result"]) for flow in applied["flows"]] == [("SMS", "migrated"), ("WhatsApp", "migrated")], applied["flows"]
    assert all(flow["verified"] and flow["address_sid"].startswith("IG") for flow in applied["flows"]), applied["flows"]
    failed = read_json(workdir / "failed.json")
    assert [(flow["friendly_name"], flow["result"]) for flow in failed["flows"]] == [("Messenger", "failed")], failed["flows"]
    assert "HTTP 400" in failed["flows"][0]["reason"] and failed["flows"][0]["stage"] == "deleted", failed["flows"][0]
    # The second run added its flow to the rollback file and kept the entries of the first.
    rollback = rollback_of(workdir)
    assert sorted(entries[0]["friendly_name"] for entries in rollback["migrated_flows"].values()) == ["Messenger", "SMS", "WhatsApp"], rollback
    whatsapp_entry = next(entries[0] for entries in rollback["migrated_flows"].values() if entries[0]["friendly_name"] == "WhatsApp")
    assert whatsapp_entry["integration"]["url"] == "https://hooks:%s@hooks.example.com/flex" % PASSWORD, whatsapp_entry
    assert mode_of(workdir / "rollback.yml") == 0o600
    output = (workdir / "failed.out").read_text()
    assert "The Flex Flow was deleted and its address was not verified" in output, output[-2000:]
    for name in ("apply", "failed", "restore"):
        assert PASSWORD not in (workdir / ("%s.out" % name)).read_text(), name
    for name in ("apply", "failed"):
        assert PASSWORD not in (workdir / ("%s.json" % name)).read_text(), name
    print("migration: 2 flows migrated and verified, 1 failed create restored from the rollback file")


def snapshot(admin, workdir, name):
    (workdir / name).write_text(json.dumps(admin.flows()))


def rollback_untouched(admin, workdir, name):
    before = json.loads((workdir / name).read_text())
    assert before == [(workdir / "rollback.yml").read_text(), os.stat(workdir / "rollback.yml").st_mtime_ns], "the rollback file changed"


def nothing_migrated(admin, workdir, name):
    """An apply whose named flows were all skipped warns that nothing was migrated, with each flow's reason."""
    # The console wraps warnings: compared with the whitespace collapsed.
    output = " ".join((workdir / ("%s.out" % name)).read_text().split())
    report = read_json(workdir / ("%s.json" % name))
    assert report["summary"]["skipped"] == report["summary"]["flows"] > 0, report["summary"]
    assert "Nothing was migrated: every flow named was skipped." in output, output[-3000:]
    for flow in report["flows"]:
        assert flow["reason"] in output, (flow, output[-3000:])


def rollback_state(admin, workdir, name):
    (workdir / name).write_text(json.dumps([(workdir / "rollback.yml").read_text(), os.stat(workdir / "rollback.yml").st_mtime_ns]))


def sid_of(admin, workdir, name, which):
    """Print the SID of the flow named `name` (the first or last in list order, or the one whose name starts with it)."""
    matches = [flow["sid"] for flow in admin.flows() if flow["friendly_name"] == name or (which == "prefix" and flow["friendly_name"].startswith(name))]
    print(matches[-1] if which == "last" else matches[0])


def twins_planned(admin, workdir):
    plan = read_json(workdir / "twins-plan.json")
    dups = [flow for flow in plan["flows"] if flow["friendly_name"].startswith("Dup")]
    assert [(flow["result"], flow["blocking"]) for flow in dups] == [("skipped", True), ("skipped", True)], dups
    assert all("same contact identity" in flow["reason"] for flow in dups), dups
    twins = [flow for flow in plan["flows"] if flow["friendly_name"] == "Twin"]
    # Named by their shared friendly name, neither is migrated.
    assert [flow["result"] for flow in twins] == ["skipped", "skipped"], twins


def add_flow(admin, workdir, name, contact_identity):
    admin.call(
        "POST",
        "/flows",
        {
            "friendly_name": name,
            "chat_service_sid": "IS0123456789abcdef0123456789abcdef",
            "channel_type": "sms",
            "contact_identity": contact_identity,
            "enabled": True,
            "integration_type": "studio",
            "integration": {"flow_sid": "FW0123456789abcdef0123456789abcdef"},
        },
    )


def twins_restored(admin, workdir, twin_sid, templated_sid):
    seeded = {flow["sid"]: flow for flow in json.loads((workdir / "seeded.json").read_text())}
    before = {flow["sid"]: flow for flow in json.loads((workdir / "before-restore.json").read_text())}
    after = {flow["sid"]: flow for flow in admin.flows()}
    # Every flow that existed before the restore is exactly as it was: the other Twin and the newcomer named Twin alike.
    assert {sid: after[sid] for sid in before} == before, "the restore changed another flow"
    created = [flow for sid, flow in after.items() if sid not in before]
    assert len(created) == 2, created
    compared = ("friendly_name", "chat_service_sid", "channel_type", "contact_identity", "enabled", "integration_type", "janitor_enabled", "long_lived")
    for original in (seeded[twin_sid], seeded[templated_sid]):
        restored = next(flow for flow in created if flow["contact_identity"] == original["contact_identity"])
        assert {key: restored[key] for key in compared} == {key: original[key] for key in compared}, (restored, original)
        # The integration as it was; a key the flow did not set may get Twilio's default on the create.
        assert {key: restored["integration"][key] for key, value in original["integration"].items() if value is not None} == {
            key: value for key, value in original["integration"].items() if value is not None
        }, (restored, original)
    assert not PWNED.exists(), "a template from a flow's name was evaluated"
    rollback = rollback_of(workdir)
    assert sorted(rollback["migrated_flows"]) == sorted([twin_sid, templated_sid]), rollback
    assert sorted(rollback["restored_flows"]) == sorted([twin_sid, templated_sid]), rollback
    assert "!unsafe" in (workdir / "rollback.yml").read_text()
    for name in ("twin-failed", "templated-failed", "twin-restore", "templated-restore"):
        assert PASSWORD not in (workdir / ("%s.out" % name)).read_text(), name
    assert "restored already" in (workdir / "twin-restore-again.out").read_text()
    print("twins: each restore created its own flow again, exactly, and changed no other")


STEPS = {
    "plans-wrote-nothing": plans_wrote_nothing,
    "default-paths": default_paths,
    "restore-command": restore_command,
    "migrated-and-restored": migrated_and_restored,
    "snapshot": snapshot,
    "rollback-state": rollback_state,
    "rollback-untouched": rollback_untouched,
    "nothing-migrated": nothing_migrated,
    "sid-of": sid_of,
    "twins-planned": twins_planned,
    "add-flow": add_flow,
    "twins-restored": twins_restored,
}

if __name__ == "__main__":
    STEPS[sys.argv[1]](EmulatorAdmin(sys.argv[2]), pathlib.Path(sys.argv[3]), *sys.argv[4:])
