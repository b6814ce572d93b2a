# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""pytest plugin: the ``flex_emulator`` fixture, a started emulator accepting the test credentials.

Enable it with ``pytest_plugins = ["flex_emulator.pytest_plugin"]`` or ``-p flex_emulator.pytest_plugin``.
"""

import pytest

from .credentials import ACCOUNT_SID, API_KEY, API_SECRET, AUTH_TOKEN
from .server import FlexEmulator

__all__ = ["flex_emulator", "ACCOUNT_SID", "AUTH_TOKEN", "API_KEY", "API_SECRET"]


@pytest.fixture
def flex_emulator():
    """A running FlexEmulator (auth token and API key both accepted), stopped after the test."""
    with FlexEmulator(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, api_key=API_KEY, api_secret=API_SECRET) as emulator:
        yield emulator
