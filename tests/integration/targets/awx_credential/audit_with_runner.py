# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs the shipped drift audit the way AWX and Automation Platform run a job: through ansible-runner, with the
credential's rendered environment and nothing else, then checks the job's events, stdout and artifacts.

Usage: python audit_with_runner.py CREDENTIAL_ENV_FILE TESTS_DIR ADMIN_URL SECRET... (the env file holds NAME=value,
NUL-separated; TESTS_DIR holds the emulator's package, for its control client).
"""

import json
import pathlib
import sys
import tempfile

import ansible_runner

credential_file, tests_dir, admin_url, *secrets = sys.argv[1:]
# The emulator's control client lives with the emulator, in the collection's tests/.
sys.path.insert(0, tests_dir)
from flex_emulator.admin_client import EmulatorAdmin  # noqa: E402  # pylint: disable=wrong-import-position

admin = EmulatorAdmin(admin_url)
credential_environment = dict(entry.split("=", 1) for entry in pathlib.Path(credential_file).read_text().split("\0") if entry)
assert all(len(secret) >= 16 for secret in secrets), "the test secrets are too short to scan for"

with tempfile.TemporaryDirectory() as private_data_dir:
    project = pathlib.Path(private_data_dir, "project")
    project.mkdir()
    # A job template's playbook, as a project would hold it: the collection's own playbook, imported.
    (project / "audit.yml").write_text("- name: Drift audit\n  ansible.builtin.import_playbook: twilio.flex.drift_audit\n")
    report_path = pathlib.Path(private_data_dir, "report.json")
    extravars = {
        "desired_flows": [{"friendly_name": "AWX credential check", "enabled": False}],
        "drift_audit_report_path": str(report_path),
    }
    admin.clear_log()
    # ansible-runner starts ansible-playbook with its own environment plus envvars: the caller starts this script with
    # PATH, HOME, ANSIBLE_* and nothing of the credential, which comes in as the job's envvars only.
    result = ansible_runner.run(private_data_dir=private_data_dir, playbook="audit.yml", envvars=credential_environment, extravars=extravars, quiet=True)
    events = list(result.events)
    stdout = result.stdout.read()
    assert result.status == "successful" and result.rc == 0, (result.status, result.rc, stdout[-3000:])

    stats = [event for event in events if event["event"] == "playbook_on_stats"]
    assert len(stats) == 1, [event["event"] for event in events]
    audit = stats[0]["event_data"]["artifact_data"]["flex_drift_audit"]
    assert audit["drift_found"] is True and audit["audit_error"] is None, audit
    assert audit["summary"]["drifted"] == 1 and audit["summary"]["declared"] == 1 and audit["summary"]["live"] == 1, audit["summary"]
    assert audit["flows"][0]["friendly_name"] == "AWX credential check" and audit["flows"][0]["changed_fields"] == ["enabled"], audit["flows"]
    assert json.loads(report_path.read_text()) == audit

    assert admin.methods() == ["GET"], "the audit sent %s" % admin.methods()

    # What a job shows: every event and the stdout, and the artifact files ansible-runner wrote from them. The one
    # artifact left out, "command", is ansible-runner's record of the job's input, environment included (credentials
    # too, whatever the playbook does); AWX keeps it in the job's private folder and deletes it (see guide_awx.rst).
    artifacts = [path for path in pathlib.Path(private_data_dir, "artifacts").rglob("*") if path.is_file() and path.name != "command"]
    scanned = [json.dumps(events), stdout] + [path.read_text(errors="replace") for path in artifacts]
    assert len(artifacts) > len(events) // 2 and len(stdout) > 500, (len(artifacts), len(stdout))
    hits = [index for index, text in enumerate(scanned) for secret in secrets if secret in text]
    assert hits == [], "a secret is in the job's events, stdout or artifacts (%d places)" % len(hits)
    print(
        "ansible-runner drift audit: %s, %d events, %d artifact files, no secret in %d bytes; %s"
        % (result.status, len(events), len(artifacts), sum(len(text) for text in scanned), audit["summary"])
    )
