# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The checks of runme.sh, one subcommand each:

checks.py masked-tail CONFIG FILE...          the end of each file, the secrets masked, for a run that failed
checks.py scan CONFIG WORKDIR REPLAYED        no secret in any output, and the outputs are real (URL_PASSWORD in the environment)
"""

from __future__ import annotations

import os
import pathlib
import sys

import yaml

SECRET_OPTIONS = ("flex_auth_token", "flex_api_secret")


def masked_tail(config_path, *paths):
    """Prints the last 80 lines of each file with the secrets masked: output that failed before it was scanned."""
    config = yaml.safe_load(pathlib.Path(config_path).read_text())
    for path in paths:
        text = pathlib.Path(path).read_text(errors="replace")
        for name in SECRET_OPTIONS:
            text = text.replace(config[name], "<%s>" % name)
        print("\n".join(["==> %s (last 80 lines) <==" % path] + text.splitlines()[-80:]))


def scan(config_path, workdir, replayed):
    """Every file in WORKDIR is free of the secrets, and the files hold the output of every run (REPLAYED: the targets replayed)."""
    config = yaml.safe_load(pathlib.Path(config_path).read_text())
    workdir = pathlib.Path(workdir)
    secrets = {name: config[name] for name in SECRET_OPTIONS}
    secrets["url_password"] = os.environ["URL_PASSWORD"]
    assert all(len(value) >= 16 for value in secrets.values()), "the test secrets are too short to scan for"

    scanned = {path.name: path.read_text(errors="replace") for path in sorted(workdir.iterdir())}
    hits = [(file_name, name) for file_name, text in scanned.items() for name, value in secrets.items() if value in text]
    # The scan must have seen real output: every run's results, the account SID and the API key the runs used.
    for run in ("args", "args-check", "env-token", "env-key"):
        assert (workdir / ("%s-results.json" % run)).stat().st_size > 100, run
    for identifier in ("flex_account_sid", "flex_api_key"):
        assert any(config[identifier] in text for text in scanned.values()), "no output mentions %s" % identifier
    assert len(scanned["env-token.stdout"]) > 100000, "the ANSIBLE_DEBUG output is suspiciously small"
    assert '"migrated": 1' in scanned["migration-report.json"], "the migration did not run"
    for target in replayed.split():
        output = scanned["scenarios-%s.stdout" % target]
        assert "PLAY RECAP" in output and "%s : " % target in output, "the %s scenarios did not run" % target
    assert any("https://hooks:********@hooks.example.com/secrets" in text for text in scanned.values()), "no output shows the masked webhook URL"
    print("scanned %d files, %d bytes, for %d secrets: %d hits" % (len(scanned), sum(len(t) for t in scanned.values()), len(secrets), len(hits)))
    assert hits == [], "secrets found in: %s" % hits


CHECKS = {"masked-tail": masked_tail, "scan": scan}

if __name__ == "__main__":
    CHECKS[sys.argv[1]](*sys.argv[2:])
