# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Puts tests/ on sys.path (for ``flex_emulator``) and enables the emulator's pytest plugin; the clients of the
running emulator, one resource each or the resource a test is parametrised with."""

import sys
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parents[1]
# tests/ for flex_emulator; this folder for emulator_support (also under --import-mode=importlib).
for folder in (TESTS_DIR, TESTS_DIR / "emulator_tests"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

# Its assertion helpers (assert_bad_parameter) explain a failure as the tests' own asserts do.
pytest.register_assert_rewrite("emulator_support")

# pylint: disable=wrong-import-position
import requests  # noqa: E402

from emulator_support import ADDRESSES, FLOWS, RESOURCES, ApiClient  # noqa: E402
from flex_emulator.credentials import ACCOUNT_SID, AUTH_TOKEN  # noqa: E402

PLUGIN = "flex_emulator.pytest_plugin"


def pytest_configure(config):
    # Registered here rather than with ``pytest_plugins``, which pytest refuses in a conftest
    # found below the directory a run starts from (e.g. ``pytest tests``).
    if not config.pluginmanager.has_plugin(PLUGIN):
        config.pluginmanager.import_plugin(PLUGIN)


def _client(emulator, resource):
    """A client of the running emulator's ``resource``, authenticated with the account SID and auth token."""
    resource.prepare(emulator)
    client = ApiClient(emulator.base_url, (ACCOUNT_SID, AUTH_TOKEN), resource=resource)
    yield client
    client.close()


@pytest.fixture
def api(flex_emulator):
    """A client of the running emulator's Flex Flows."""
    yield from _client(flex_emulator, FLOWS)


@pytest.fixture
def addresses(flex_emulator):
    """A client of the running emulator's Conversations Address Configurations."""
    yield from _client(flex_emulator, ADDRESSES)


@pytest.fixture(params=RESOURCES, ids=lambda resource: resource.name)
def resource(request):
    """Each emulated resource in turn (an emulator_support.Resource)."""
    return request.param


@pytest.fixture
def client(flex_emulator, resource):
    """A client of the running emulator's ``resource``: for a test parametrised with ``resource`` or over a table of it."""
    yield from _client(flex_emulator, resource)


@pytest.fixture
def admin(flex_emulator):
    """``admin(method, path, **kwargs)``: a request to the running emulator's unauthenticated /_emulator endpoints."""
    session = requests.Session()
    base = flex_emulator.base_url + "/_emulator"

    def call(method, path, **kwargs):
        return session.request(method, base + path, timeout=10, **kwargs)

    yield call
    session.close()
