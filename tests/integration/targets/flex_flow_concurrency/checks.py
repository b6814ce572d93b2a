# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The checks of runme.sh, one subcommand each, run with the emulator's package importable (emulator_python):

checks.py runs ADMIN_URL WORKDIR    the create, again and check runs: one flow per host, every 429 retried and warned about
"""

from __future__ import annotations

import json
import pathlib
import re
import sys

from flex_emulator.admin_client import EmulatorAdmin

HOSTS = ["flow-%02d" % number for number in range(1, 26)]
HOST_OF_NAME = {"Concurrency " + host: host for host in HOSTS}
# One host's requests, in order: each 429 is followed by the same request again, until it succeeds.
EXPECTED_REQUESTS = {
    "create": r"(GET 429 )*GET 200 (POST 429 )*POST 201",
    "again": r"(GET 429 )*GET 200",
    "check": r"(GET 429 )*GET 200",
}


def load(workdir, name):
    return json.loads((workdir / name).read_text())


def check_run(workdir, run):
    """The run's results by host, after checking its requests, host by host, against its warnings."""
    results = load(workdir, run + "-results.json")
    requests = load(workdir, run + "-requests.json")
    assert sorted(results) == HOSTS, "%s: results for %s" % (run, sorted(results))
    sent = {host: [] for host in HOSTS}
    for entry in requests:
        # Every request lists or creates by name, so the name tells which host sent it.
        name = entry["query"].get("FriendlyName") or entry["form"].get("FriendlyName")
        assert entry["path"] == "/v1/FlexFlows" and name in HOST_OF_NAME, "%s: unexpected request %s" % (run, entry)
        assert (entry["status"] == 429) == (entry["fault"] == "status"), "%s: %s" % (run, entry)
        sent[HOST_OF_NAME[name]].append(entry)
    for host in HOSTS:
        sequence = " ".join("%s %s" % (entry["method"], entry["status"]) for entry in sent[host])
        assert re.fullmatch(EXPECTED_REQUESTS[run], sequence), "%s: %s sent %s" % (run, host, sequence)
        # One warning per retry, in order, and no other warning.
        warned = results[host].get("warnings", [])
        retried = ["Retrying %s /v1/FlexFlows after HTTP 429 " % entry["method"] for entry in sent[host] if entry["status"] == 429]
        assert len(warned) == len(retried) and all(map(str.startswith, warned, retried)), "%s: %s was answered 429 %d times and warned %s" % (
            run,
            host,
            len(retried),
            warned,
        )
    # The recap a user reads agrees: one change per host on a create or a check, none on the second run.
    output = re.sub(r"\x1b\[[0-9;]*m", "", (workdir / (run + ".out")).read_text())  # in case colour is forced
    recap = dict(re.findall(r"^(flow-\d\d)\s+:.* changed=(\d+) .* failed=0 ", output, re.MULTILINE))
    assert recap == {host: "0" if run == "again" else "1" for host in HOSTS}, "%s: recap %s" % (run, recap)
    return results, requests


def count(requests, method, status=None):
    return sum(1 for entry in requests if entry["method"] == method and (status is None or entry["status"] == status))


def runs(admin_url, workdir):
    """The three runs of flows.yml: each flow created once, then nothing changed, then a check that writes nothing."""
    admin, workdir = EmulatorAdmin(admin_url), pathlib.Path(workdir)
    created, create_requests = check_run(workdir, "create")
    assert all(result["changed"] and not result.get("failed") for result in created.values()), created
    sids = {host: created[host]["flex_flow"]["sid"] for host in HOSTS}
    assert len(set(sids.values())) == 25, sids
    assert all(created[host]["flex_flow"]["friendly_name"] == "Concurrency " + host for host in HOSTS), created
    assert count(create_requests, "GET", 200) == 25 and count(create_requests, "POST", 201) == 25, create_requests
    assert count(create_requests, "POST") - count(create_requests, "POST", 429) == 25, create_requests
    # The run proves something only if both kinds of request were rate limited (0.7 ** 25 ≈ 1e-4 that POSTs were not).
    assert count(create_requests, "GET", 429) and count(create_requests, "POST", 429), create_requests

    again, again_requests = check_run(workdir, "again")
    assert not any(result["changed"] for result in again.values()), again
    assert all(again[host]["flex_flow"]["sid"] == sids[host] and again[host]["changed_fields"] == [] for host in HOSTS), again
    assert count(again_requests, "GET", 200) == 25 and count(again_requests, "POST") == 0, again_requests

    checked, check_requests = check_run(workdir, "check")
    assert all(result["changed"] and result["changed_fields"] == ["enabled"] for result in checked.values()), checked
    assert all(checked[host]["flex_flow"]["sid"] == sids[host] and checked[host]["flex_flow"]["enabled"] is False for host in HOSTS), checked
    assert count(check_requests, "GET", 200) == 25 and count(check_requests, "POST") == 0, check_requests

    flows = admin.flows()
    assert sorted(flow["friendly_name"] for flow in flows) == sorted(HOST_OF_NAME), [flow["friendly_name"] for flow in flows]
    assert sorted(flow["sid"] for flow in flows) == sorted(sids.values()), flows
    assert all(flow["enabled"] is True for flow in flows), "the check run changed a flow: %s" % flows

    # 75 requests succeed in the first two runs; with 30 % answered 429, the total is 75 + a negative binomial
    # count of 429s (mean 107, standard deviation 7). 150 or more has a probability of 1.7e-7, while a client
    # that sent each request twice would need about 214.
    total = len(create_requests) + len(again_requests)
    assert total < 150, "the first two runs sent %d requests" % total
    print(
        "requests (429s): create %d (%d), again %d (%d), check %d (%d)"
        % tuple(
            number
            for requests in (create_requests, again_requests, check_requests)
            for number in (len(requests), sum(1 for entry in requests if entry["status"] == 429))
        )
    )


CHECKS = {"runs": runs}

if __name__ == "__main__":
    CHECKS[sys.argv[1]](*sys.argv[2:])
