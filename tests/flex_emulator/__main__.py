# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Command line: start the emulator, print ``FLEX_EMULATOR_URL=<url>``, serve until SIGTERM/SIGINT."""

import argparse
import json
import os
import signal
import sys
import threading

from . import credentials
from .server import FlexEmulator

ENVIRONMENT_CREDENTIALS = {
    "account_sid": ("FLEX_EMULATOR_ACCOUNT_SID", credentials.ACCOUNT_SID),
    "auth_token": ("FLEX_EMULATOR_AUTH_TOKEN", credentials.AUTH_TOKEN),
    "api_key": ("FLEX_EMULATOR_API_KEY", credentials.API_KEY),
    "api_secret": ("FLEX_EMULATOR_API_SECRET", credentials.API_SECRET),
}


def build_parser():
    parser = argparse.ArgumentParser(
        prog="flex_emulator", description="Local emulator of Twilio's Flex v1 Flex Flows API and Conversations v1 Address Configurations."
    )
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to bind; 0 picks a free one (default)")
    for option, (variable, _default) in ENVIRONMENT_CREDENTIALS.items():
        parser.add_argument("--" + option.replace("_", "-"), dest=option, help=f"defaults to ${variable}, then to the built-in test value")
    parser.add_argument("--seed", help="YAML or JSON file: a list of flows, or a mapping with 'flows' and/or 'addresses' lists (API shape)")
    parser.add_argument("--tls-cert", help="PEM certificate: serve HTTPS (needs --tls-key)")
    parser.add_argument("--tls-key", help="PEM private key of --tls-cert")
    parser.add_argument("--fault", action="append", default=[], metavar="JSON", help="a fault to inject at start, as for POST /_emulator/faults (repeatable)")
    parser.add_argument("--log-file", help="append the request log to this file as JSON lines")
    parser.add_argument("--public-base-url", help="scheme and host to write into the URLs of answers (default: the emulator's own)")
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    settings = {}
    for option, (variable, default) in ENVIRONMENT_CREDENTIALS.items():
        settings[option] = getattr(args, option) or os.environ.get(variable) or default
    try:
        faults = [json.loads(text) for text in args.fault]
        emulator = FlexEmulator(
            seed=args.seed,
            tls=(args.tls_cert, args.tls_key) if args.tls_cert else None,
            host=args.host,
            port=args.port,
            log_file=args.log_file,
            public_base_url=args.public_base_url,
            **settings,
        )
        for fault in faults:
            if not isinstance(fault, dict):
                raise ValueError("--fault takes a JSON object")
            emulator.inject_fault(**fault)
        stopping = threading.Event()
        signal.signal(signal.SIGTERM, lambda *signal_args: stopping.set())
        signal.signal(signal.SIGINT, lambda *signal_args: stopping.set())
        emulator.start()
    except (ValueError, TypeError, OSError) as error:
        parser.error(str(error))
    print(f"FLEX_EMULATOR_URL={emulator.base_url}", flush=True)
    while not stopping.wait(0.2):
        pass
    emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
