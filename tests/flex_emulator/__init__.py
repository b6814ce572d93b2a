# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A local, stateful emulator of Twilio's Flex v1 Flex Flows API, Conversations v1 Address
Configurations and TaskRouter v1 (one server for all three products), for tests.

Run it with ``PYTHONPATH=tests python -m flex_emulator --port 0`` or use :class:`FlexEmulator`.
"""

from .credentials import ACCOUNT_SID, API_KEY, API_SECRET, AUTH_TOKEN

# FlexEmulator comes from __getattr__ below, which star imports use too.
__all__ = ["FlexEmulator", "ACCOUNT_SID", "AUTH_TOKEN", "API_KEY", "API_SECRET"]  # pylint: disable=undefined-all-variable


def __getattr__(name):
    # The server is imported on first use: the admin client, which the integration tests start many times, needs none of it.
    if name == "FlexEmulator":
        from .server import FlexEmulator  # pylint: disable=import-outside-toplevel

        return FlexEmulator
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
