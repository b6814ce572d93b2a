"""Figure 1: the HTTP requests of each kind of task, each alone in ansible-playbook, counted from the emulator's log."""

from __future__ import annotations

import math
from dataclasses import astuple, dataclass

from benchmarks.harness import ADDRESS_PAGE_SIZE, PAGE_SIZE, Bench, RequestCount, account_flows, address, flow_name, flow_sid, no_op_task, phone_number, task

LOOKUP_SIZES = (10, 1000, 5000)
LISTING_SIZES = (10, 1000, 2500, 5000)
ADDRESS_LISTING_SIZE = 120
ONE_GET, GET_POST = RequestCount(gets=1), RequestCount(gets=1, posts=1)


@dataclass(frozen=True)
class Case:
    """One task, alone in a playbook, against an account of `flows` flows and `addresses` addresses."""

    label: str
    task: dict
    expected: RequestCount
    changed: int = 0
    flows: int = 10
    addresses: int = 0


@dataclass
class CountRow:
    expected: RequestCount
    measured: RequestCount

    @property
    def verdict(self) -> str:
        if self.measured == self.expected:
            return "ok"
        # Fewer requests than the task needs: the task cannot have done its work.
        return (
            "ABOVE THE LIMIT"
            if any(measured > limit for measured, limit in zip(astuple(self.measured), astuple(self.expected)))
            else "BELOW THE EXPECTED COUNT"
        )


def cases() -> list[Case]:
    flow, info, address_module = "twilio.flex.flex_flow", "twilio.flex.flex_flow_info", "twilio.flex.conversations_address"
    disable_flow, disable_address = {"sid": flow_sid(3), "enabled": False}, {"address": phone_number(3), "auto_creation": {"enabled": False}}
    same_address = {"address": phone_number(3), "type": "sms", "auto_creation": {"enabled": True, "type": "default"}}
    refused = "retyped.msg is not search('type can only be set when the Address Configuration is created')"
    retype = task(
        "Change the type (refused before any write)", address_module, {"address": phone_number(3), "type": "whatsapp"}, register="retyped", failed_when=refused
    )
    listed_addresses = f"listing.conversations_addresses | length != {ADDRESS_LISTING_SIZE}"
    return [
        Case("flex_flow, no change, by sid", no_op_task(3), ONE_GET),
        Case("flex_flow, update, by sid", task("Disable flow 3", flow, disable_flow), GET_POST, changed=1),
        Case("flex_flow, check mode with a change", task("Disable flow 3", flow, disable_flow, check_mode=True), ONE_GET, changed=1),
        *(
            Case(
                f"flex_flow, by name among {size} flows",
                task("Find the last flow", flow, {"friendly_name": flow_name(size - 1), "enabled": True}),
                ONE_GET,
                flows=size,
            )
            for size in LOOKUP_SIZES
        ),
        *(
            Case(
                f"flex_flow_info over {size} flows",
                task("List every flow", info, {}, register="listing", failed_when=f"listing.flex_flows | length != {size}"),
                RequestCount(gets=math.ceil(size / PAGE_SIZE)),
                flows=size,
            )
            for size in LISTING_SIZES
        ),
        Case("conversations_address, no change, by address", task("Address 3 is as declared", address_module, same_address), ONE_GET, addresses=10),
        Case("conversations_address, update, by address", task("Turn off auto-creation", address_module, disable_address), GET_POST, changed=1, addresses=10),
        Case(
            "conversations_address, check mode with a change",
            task("Turn off auto-creation", address_module, disable_address, check_mode=True),
            ONE_GET,
            changed=1,
            addresses=10,
        ),
        Case("conversations_address, create-only field changed", retype, ONE_GET, addresses=10),
        Case(
            f"conversations_address_info over {ADDRESS_LISTING_SIZE} addresses",
            task("List every address", "twilio.flex.conversations_address_info", {}, register="listing", failed_when=listed_addresses),
            RequestCount(gets=math.ceil(ADDRESS_LISTING_SIZE / ADDRESS_PAGE_SIZE)),
            addresses=ADDRESS_LISTING_SIZE,
        ),
    ]


def measure(bench: Bench) -> dict[str, CountRow]:
    rows = {}
    for case in cases():
        bench.admin.reset({"flows": account_flows(case.flows), "addresses": [address(index) for index in range(case.addresses)]})
        bench.playbook(bench.play("count.yml", case.label, [case.task]), case.label, ok=1, changed=case.changed, failed=0)
        rows[case.label] = row = CountRow(case.expected, bench.requests(case.label, case.expected))
        print(f"  {case.label}: {row.measured} (limit {row.expected}): {row.verdict}", flush=True)
    return rows
