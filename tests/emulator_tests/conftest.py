# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Puts tests/ on sys.path (for ``flex_emulator``) and enables the emulator's pytest plugin."""

import sys
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parents[1]
# tests/ for flex_emulator; this folder for emulator_support (also under --import-mode=importlib).
for folder in (TESTS_DIR, TESTS_DIR / "emulator_tests"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

# pylint: disable=wrong-import-position
from emulator_support import AddressApiClient, FlexApiClient  # noqa: E402
from flex_emulator.credentials import ACCOUNT_SID, AUTH_TOKEN  # noqa: E402

PLUGIN = "flex_emulator.pytest_plugin"


def pytest_configure(config):
    # Registered here rather than with ``pytest_plugins``, which pytest refuses in a conftest
    # found below the directory a run starts from (e.g. ``pytest tests``).
    if not config.pluginmanager.has_plugin(PLUGIN):
        config.pluginmanager.import_plugin(PLUGIN)


@pytest.fixture
def api(flex_emulator):
    """A client of the running emulator, authenticated with the account SID and auth token."""
    client = FlexApiClient(flex_emulator.base_url, (ACCOUNT_SID, AUTH_TOKEN))
    yield client
    client.close()


@pytest.fixture
def addresses(flex_emulator):
    """A client of the running emulator's Conversations Address Configurations, authenticated like ``api``."""
    client = AddressApiClient(flex_emulator.base_url, (ACCOUNT_SID, AUTH_TOKEN))
    yield client
    client.close()
