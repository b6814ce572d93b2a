# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Many clients at once: no lost creates or updates, and one slow request blocks nobody."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from emulator_support import ApiClient, studio_form
from flex_emulator.credentials import ACCOUNT_SID, AUTH_TOKEN

THREADS = 20


def run_in_threads(worker, count=THREADS):
    start = threading.Barrier(count)

    def synchronised(index):
        start.wait()
        return worker(index)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(synchronised, range(count)))


def test_concurrent_creates_are_all_kept(flex_emulator):
    def create_five(index):
        client = ApiClient(flex_emulator.base_url, (ACCOUNT_SID, AUTH_TOKEN))
        try:
            return [client.created_sid(studio_form({"FriendlyName": f"Thread {index} flow {number}"})) for number in range(5)]
        finally:
            client.close()

    sids = [sid for batch in run_in_threads(create_five) for sid in batch]

    assert len(set(sids)) == THREADS * 5
    assert set(flex_emulator.flows) == set(sids)


def test_concurrent_updates_of_one_flow_lose_nothing(flex_emulator, api):
    """Each thread owns some fields of one flow (several inside the merged integration object)."""
    sid = api.created_sid()
    fields = [
        ("FriendlyName", "friendly_name", None),
        ("ContactIdentity", "contact_identity", None),
        ("Enabled", "enabled", None),
        ("LongLived", "long_lived", None),
        ("JanitorEnabled", "janitor_enabled", None),
        ("Integration.RetryCount", "retry_count", "integration"),
        ("Integration.CreationOnMessage", "creation_on_message", "integration"),
        ("Integration.Channel", "channel", "integration"),
        ("Integration.Timeout", "timeout", "integration"),
        ("Integration.Priority", "priority", "integration"),
    ]
    rounds = 10

    def value_for(name, round_number):
        if name in ("Enabled", "LongLived", "JanitorEnabled", "Integration.CreationOnMessage"):
            return "true" if round_number % 2 else "false"
        if name == "Integration.RetryCount":
            return str(round_number % 4)
        if name in ("Integration.Timeout", "Integration.Priority"):
            return str(round_number)
        return f"{name}-{round_number}"

    def update_own_field(index):
        name = fields[index % len(fields)][0]
        client = ApiClient(flex_emulator.base_url, (ACCOUNT_SID, AUTH_TOKEN))
        try:
            for round_number in range(rounds):
                response = client.update(sid, {name: value_for(name, round_number)})
                assert response.status_code == 200, response.text
        finally:
            client.close()

    run_in_threads(update_own_field)

    flow = api.fetch(sid).json()
    last = rounds - 1
    for name, key, container in fields:
        stored = flow["integration"][key] if container else flow[key]
        expected = value_for(name, last)
        assert str(stored).lower() == expected.lower(), (name, stored)
    assert flow["integration"]["flow_sid"]


def test_a_delayed_request_does_not_block_others(flex_emulator, api):
    flex_emulator.inject_fault(kind="delay", delay=1.0, method="POST")
    slow = threading.Thread(target=api.create)
    slow.start()
    time.sleep(0.1)
    other = ApiClient(flex_emulator.base_url, (ACCOUNT_SID, AUTH_TOKEN))

    started = time.monotonic()
    assert other.list().status_code == 200
    assert time.monotonic() - started < 0.5

    slow.join()
    other.close()
    assert len(flex_emulator.flows) == 1
