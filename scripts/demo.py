"""Play demo/demo.yml with --diff against the Flex API emulator: python3 scripts/demo.py.

The emulator runs on loopback with random credentials (handed over in the
environment, never on a command line), seeded with demo/seed.yml, and is
always stopped at the end. The exit code is the playbook's.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from devtools.emulator import Credentials, Emulator  # noqa: E402
from devtools.exits import STOPS, stopped_exit_code  # noqa: E402
from devtools.processes import interrupt_on_sigterm, open_log, run_streamed  # noqa: E402
from devtools.project import REPO_ROOT, clean_env, collection_name, requirements_venv_spec, tool_env  # noqa: E402
from devtools.venvs import SetupError, ensure_venv  # noqa: E402


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python3 scripts/demo.py", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--src", default=REPO_ROOT, help="collection checkout to use (default: the one holding this script)")
    parser.add_argument("--playbook", default=os.path.join("demo", "demo.yml"), help="playbook, relative to the checkout (default: demo/demo.yml)")
    parser.add_argument("--seed", default=os.path.join("demo", "seed.yml"), help="emulator seed file, relative to the checkout (default: demo/seed.yml)")
    parser.add_argument("ansible_args", nargs="*", metavar="-- ANSIBLE-PLAYBOOK-ARGS", help="more ansible-playbook options, after --")
    return parser.parse_args(argv)


def collections_dir_with_link(source: str, work_dir: str) -> str:
    """A collections path in which ansible_collections/<ns>/<name> links to the checkout."""
    namespace, name = collection_name(source)
    collections_dir = os.path.join(work_dir, "collections")
    os.makedirs(os.path.join(collections_dir, "ansible_collections", namespace))
    os.symlink(source, os.path.join(collections_dir, "ansible_collections", namespace, name))
    return collections_dir


def print_api_requests(log_file: str) -> None:
    """List the Twilio API requests (Flex, Conversations and TaskRouter) the playbook made, from the emulator's request log (JSON lines)."""
    entries = []
    if os.path.isfile(log_file):
        with open(log_file, encoding="utf-8") as requests_file:
            for line in requests_file:
                try:
                    entries.append(json.loads(line))
                except ValueError:
                    continue
    print(f"\nTwilio API requests the playbook made (Flex, Conversations and TaskRouter) ({len(entries)}):")
    for entry in entries:
        if isinstance(entry, dict):
            print(f"  {entry.get('method', '?'):6} {entry.get('path', '?')} -> {entry.get('status', '?')}")


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    interrupt_on_sigterm()
    source = os.path.abspath(args.src)
    playbook = os.path.join(source, args.playbook)
    seed = os.path.join(source, args.seed)
    if not os.path.isfile(playbook):
        print(f"error: no playbook at {playbook}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="twilio-flex-demo-") as work_dir:
        log = open_log(os.path.join(work_dir, "demo.log"))
        try:
            venv = ensure_venv(requirements_venv_spec(source, "demo"), log)
        except SetupError as error:
            print(f"error: setting up the demo environment failed: {error}", file=sys.stderr)
            return 2
        base_env = clean_env()
        venv_env = tool_env(venv, base_env)
        credentials = Credentials.generate()
        emulator = Emulator(
            python=venv.python,
            tests_dir=os.path.join(source, "tests"),
            credentials=credentials,
            env=venv_env,
            log_file=os.path.join(work_dir, "emulator.log"),
            console_log=log,
            seed_file=seed if os.path.isfile(seed) else None,
        )
        result = None
        try:
            with emulator:
                print(f"Flex API emulator at {emulator.url} (account {credentials.account_sid})", flush=True)
                env = dict(venv_env, **emulator.client_env())
                env.update(
                    ANSIBLE_COLLECTIONS_PATH=collections_dir_with_link(source, work_dir),
                    ANSIBLE_LOCALHOST_WARNING="false",
                    ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
                )
                command = [
                    venv.executable("ansible-playbook"),
                    playbook,
                    "--diff",
                    "--extra-vars",
                    f"flex_emulator_admin_url={emulator.admin_url}",
                    *args.ansible_args,
                ]
                result = run_streamed(command, cwd=source, env=env, log=log)
        except STOPS as error:
            return stopped_exit_code(error)
        finally:
            log.close()
        print_api_requests(emulator.log_file)
    if result is None:
        return 1
    print(f"The demo playbook finished with exit code {result.returncode}; the emulator is stopped.", flush=True)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
