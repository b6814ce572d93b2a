# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one client of the emulator's control endpoints (/_emulator), for every test and tool that drives a running emulator.

Standard library only (PyYAML for YAML seed files), so that any Python with the emulator's package on its path can use it:
the benchmark, the emulator's tests and the runme.sh of the integration targets (through
tests/integration/targets/setup_emulator/emulator.sh).

    python -m flex_emulator.admin_client ADMIN_URL reset [SEED_FILE] | clear-log | log | methods | add-fault JSON | clear-faults
        | seed-taskrouter-workspace [FRIENDLY_NAME]   (prints the new workspace's SID)
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request


class EmulatorAdmin:
    """Reset, seed, faults, request log and settings of the emulator whose control endpoints are at `admin_url`."""

    def __init__(self, admin_url: str, timeout: float = 120) -> None:
        self.admin_url = admin_url.rstrip("/")
        self.timeout = timeout
        # Loopback: never through a proxy named in the environment.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def call(self, method: str, path: str, payload: object = None) -> object:
        """One request to a control endpoint; the decoded JSON answer, or None for an empty one. An HTTP error raises."""
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(self.admin_url + path, data=data, method=method, headers={"Content-Type": "application/json"})
        with self._opener.open(request, timeout=self.timeout) as answer:
            body = answer.read()
        return json.loads(body) if body.strip() else None

    def reset(self, seed: list | dict | None = None) -> dict:
        """Flows and addresses back to the initial seed, or to `seed` (a list of flows, or {"flows": ..., "addresses": ...});
        faults and the request log are cleared. Returns the account as the emulator now holds it."""
        return self.call("POST", "/reset", seed)

    def log(self) -> list[dict]:
        """The request log: one entry per API request, oldest first."""
        return self.call("GET", "/log")

    def methods(self) -> list[str]:
        """The HTTP method of every logged request, in order."""
        return [entry["method"] for entry in self.log()]

    def clear_log(self) -> None:
        self.call("DELETE", "/log")

    def faults(self) -> list[dict]:
        return self.call("GET", "/faults")

    def add_fault(self, **fault: object) -> dict:
        """Queue a fault (status, kind, count, method, path, probability, seed, retry_after, delay ...)."""
        return self.call("POST", "/faults", fault)

    def clear_faults(self) -> None:
        self.call("DELETE", "/faults")

    def config(self) -> dict:
        return self.call("GET", "/config")

    def configure(self, **settings: object) -> dict:
        return self.call("PATCH", "/config", settings)

    def flows(self) -> list[dict]:
        """The account's flows, read out of band (not logged)."""
        return self.call("GET", "/flows")

    def addresses(self) -> list[dict]:
        """The account's Address Configurations, read out of band (not logged)."""
        return self.call("GET", "/addresses")

    def items(self, collection: str) -> list[dict]:
        """The items of any collection the emulator serves (flows, addresses, workspaces, activities, task_channels,
        task_queues, workflows), read out of band (not logged); TaskRouter's are those of every workspace."""
        return self.call("GET", "/" + collection)

    def seed_taskrouter_workspace(self, friendly_name: str = "Flex Task Assignment", sid: str | None = None) -> str:
        """Add a TaskRouter workspace holding Flex's defaults (see FlexEmulator.seed_taskrouter_workspace); its SID."""
        payload: dict[str, object] = {"friendly_name": friendly_name}
        if sid is not None:
            payload["sid"] = sid
        return self.call("POST", "/taskrouter_workspace", payload)["sid"]


def load_seed(path: str) -> object:
    """A seed file: JSON, or YAML when the name ends in .yml or .yaml."""
    with open(path, encoding="utf-8") as seed_file:
        if path.endswith((".yml", ".yaml")):
            import yaml  # pylint: disable=import-outside-toplevel  # only YAML seeds need it

            return yaml.safe_load(seed_file)
        return json.load(seed_file)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flex_emulator.admin_client", description="Drive a running Flex API emulator.")
    parser.add_argument("admin_url", help="the emulator's control endpoints, such as http://127.0.0.1:40517/_emulator")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("reset", help="reset the account to SEED_FILE (JSON or YAML), or to the initial seed").add_argument("seed_file", nargs="?")
    commands.add_parser("clear-log", help="empty the request log")
    commands.add_parser("log", help="print the request log as JSON")
    commands.add_parser("methods", help="print the method of every logged request, one per line")
    commands.add_parser("add-fault", help="queue a fault given as a JSON object").add_argument("fault")
    commands.add_parser("clear-faults", help="remove every queued fault")
    commands.add_parser("seed-taskrouter-workspace", help="add a TaskRouter workspace with Flex's defaults; print its SID").add_argument(
        "friendly_name", nargs="?", default="Flex Task Assignment"
    )
    args = parser.parse_args(argv)
    admin = EmulatorAdmin(args.admin_url)
    if args.command == "reset":
        admin.reset(load_seed(args.seed_file) if args.seed_file else None)
    elif args.command == "clear-log":
        admin.clear_log()
    elif args.command == "log":
        json.dump(admin.log(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.command == "methods":
        sys.stdout.write("".join(method + "\n" for method in admin.methods()))
    elif args.command == "add-fault":
        admin.add_fault(**json.loads(args.fault))
    elif args.command == "seed-taskrouter-workspace":
        sys.stdout.write(admin.seed_taskrouter_workspace(args.friendly_name) + "\n")
    else:
        admin.clear_faults()
    return 0


if __name__ == "__main__":
    sys.exit(main())
