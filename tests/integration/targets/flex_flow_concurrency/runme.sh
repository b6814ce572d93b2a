#!/usr/bin/env bash
# 25 hosts with 25 forks each manage their own Flex Flow while the emulator answers 30 % of API requests
# with HTTP 429: every flow is created exactly once, a second run changes nothing, a check run writes
# nothing, and every 429 is retried and warned about, with no request more than that.
set -eu -o pipefail

source ../setup_emulator/emulator.sh
workdir=$(mktemp -d)

# The targets share one emulator: a failed run must not leave the 429s to the next target.
cleanup() {
    emulator_admin clear-faults || true
    rm -rf "$workdir"
}
trap cleanup EXIT

echo '{"flows": []}' >"$workdir/empty.json"
emulator_admin reset "$workdir/empty.json"
# Unlimited (count null) so that it lasts all three runs; the seed makes the draws reproducible.
emulator_admin add-fault '{"status": 429, "code": 20429, "probability": 0.3, "count": null, "path": "^/v1/", "seed": 1234}'
export_token_credentials

# NAME [ansible-playbook arguments]: one run of flows.yml, keeping its results and its own request log.
run_flows() {
    local name=$1
    shift
    emulator_admin clear-log
    ansible-playbook flows.yml -i inventory.ini --forks 25 -e "results_file=$workdir/$name-results.json" "$@" \
        >"$workdir/$name.out" 2>&1 || { cat "$workdir/$name.out"; exit 1; }
    emulator_admin log >"$workdir/$name-requests.json"
}

run_flows create
run_flows again
run_flows check --check -e flow_enabled=false
emulator_python - "$(read_config flex_emulator_admin_url)" "$workdir" <<'PYTHON'
import json
import pathlib
import re
import sys

from flex_emulator.admin_client import EmulatorAdmin

admin, workdir = EmulatorAdmin(sys.argv[1]), pathlib.Path(sys.argv[2])
hosts = ["flow-%02d" % number for number in range(1, 26)]
host_of_name = {"Concurrency " + host: host for host in hosts}
# One host's requests, in order: each 429 is followed by the same request again, until it succeeds.
expected_requests = {
    "create": r"(GET 429 )*GET 200 (POST 429 )*POST 201",
    "again": r"(GET 429 )*GET 200",
    "check": r"(GET 429 )*GET 200",
}


def load(name):
    return json.loads((workdir / name).read_text())


def check_run(run):
    """The run's results by host, after checking its requests, host by host, against its warnings."""
    results = load(run + "-results.json")
    requests = load(run + "-requests.json")
    assert sorted(results) == hosts, "%s: results for %s" % (run, sorted(results))
    sent = {host: [] for host in hosts}
    for entry in requests:
        # Every request lists or creates by name, so the name tells which host sent it.
        name = entry["query"].get("FriendlyName") or entry["form"].get("FriendlyName")
        assert entry["path"] == "/v1/FlexFlows" and name in host_of_name, "%s: unexpected request %s" % (run, entry)
        assert (entry["status"] == 429) == (entry["fault"] == "status"), "%s: %s" % (run, entry)
        sent[host_of_name[name]].append(entry)
    for host in hosts:
        sequence = " ".join("%s %s" % (entry["method"], entry["status"]) for entry in sent[host])
        assert re.fullmatch(expected_requests[run], sequence), "%s: %s sent %s" % (run, host, sequence)
        # One warning per retry, in order, and no other warning.
        warned = results[host].get("warnings", [])
        retried = ["Retrying %s /v1/FlexFlows after HTTP 429 " % entry["method"] for entry in sent[host] if entry["status"] == 429]
        assert len(warned) == len(retried) and all(map(str.startswith, warned, retried)), \
            "%s: %s was answered 429 %d times and warned %s" % (run, host, len(retried), warned)
    # The recap a user reads agrees: one change per host on a create or a check, none on the second run.
    output = re.sub(r"\x1b\[[0-9;]*m", "", (workdir / (run + ".out")).read_text())  # in case colour is forced
    recap = dict(re.findall(r"^(flow-\d\d)\s+:.* changed=(\d+) .* failed=0 ", output, re.MULTILINE))
    assert recap == {host: "0" if run == "again" else "1" for host in hosts}, "%s: recap %s" % (run, recap)
    return results, requests


def count(requests, method, status=None):
    return sum(1 for entry in requests if entry["method"] == method and (status is None or entry["status"] == status))


created, create_requests = check_run("create")
assert all(result["changed"] and not result.get("failed") for result in created.values()), created
sids = {host: created[host]["flex_flow"]["sid"] for host in hosts}
assert len(set(sids.values())) == 25, sids
assert all(created[host]["flex_flow"]["friendly_name"] == "Concurrency " + host for host in hosts), created
assert count(create_requests, "GET", 200) == 25 and count(create_requests, "POST", 201) == 25, create_requests
assert count(create_requests, "POST") - count(create_requests, "POST", 429) == 25, create_requests
# The run proves something only if both kinds of request were rate limited (0.7 ** 25 ≈ 1e-4 that POSTs were not).
assert count(create_requests, "GET", 429) and count(create_requests, "POST", 429), create_requests

again, again_requests = check_run("again")
assert not any(result["changed"] for result in again.values()), again
assert all(again[host]["flex_flow"]["sid"] == sids[host] and again[host]["changed_fields"] == [] for host in hosts), again
assert count(again_requests, "GET", 200) == 25 and count(again_requests, "POST") == 0, again_requests

checked, check_requests = check_run("check")
assert all(result["changed"] and result["changed_fields"] == ["enabled"] for result in checked.values()), checked
assert all(checked[host]["flex_flow"]["sid"] == sids[host] and checked[host]["flex_flow"]["enabled"] is False for host in hosts), checked
assert count(check_requests, "GET", 200) == 25 and count(check_requests, "POST") == 0, check_requests

flows = admin.flows()
assert sorted(flow["friendly_name"] for flow in flows) == sorted(host_of_name), [flow["friendly_name"] for flow in flows]
assert sorted(flow["sid"] for flow in flows) == sorted(sids.values()), flows
assert all(flow["enabled"] is True for flow in flows), "the check run changed a flow: %s" % flows

# 75 requests succeed in the first two runs; with 30 % answered 429, the total is 75 + a negative binomial
# count of 429s (mean 107, standard deviation 7). 150 or more has a probability of 1.7e-7, while a client
# that sent each request twice would need about 214.
total = len(create_requests) + len(again_requests)
assert total < 150, "the first two runs sent %d requests" % total
print("requests (429s): create %d (%d), again %d (%d), check %d (%d)" % tuple(
    number for requests in (create_requests, again_requests, check_requests)
    for number in (len(requests), sum(1 for entry in requests if entry["status"] == 429))))
PYTHON
