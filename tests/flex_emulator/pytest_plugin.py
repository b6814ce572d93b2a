# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""pytest plugin: the emulator fixtures that every suite uses, the emulator's own tests and the module tests alike.

``flex_emulator`` is a running emulator accepting the test credentials (auth token and API key), emptied before each
test. The servers are started once a session and reset between tests; ``tls_flex_emulator`` (HTTPS with
``tls_certificate``) and ``other_host_emulator`` (a second server, for a host that must never see the credentials)
are the same fixture on another server.

Enable it with ``pytest_plugins = ["flex_emulator.pytest_plugin"]`` or ``-p flex_emulator.pytest_plugin``.
"""

import pytest

from .credentials import ACCOUNT_SID, API_KEY, API_SECRET, AUTH_TOKEN
from .server import FlexEmulator
from .tls import make_self_signed_certificate

__all__ = [
    "tls_certificate",
    "flex_emulator_servers",
    "flex_emulator_server",
    "flex_emulator",
    "tls_flex_emulator",
    "other_host_emulator",
    "ACCOUNT_SID",
    "AUTH_TOKEN",
    "API_KEY",
    "API_SECRET",
]

# The servers a test can ask for, by name: whether each serves HTTPS.
SERVERS = {"api": False, "tls": True, "other host": False}


@pytest.fixture(scope="session")
def tls_certificate(tmp_path_factory):
    """(certfile, keyfile) of a self-signed certificate for 127.0.0.1 and localhost."""
    return make_self_signed_certificate(str(tmp_path_factory.mktemp("tls")))


@pytest.fixture(scope="session")
def flex_emulator_servers(request):
    """Start (once a session, on first use) and return the emulator named in ``SERVERS``; all stop when the session ends."""
    started = {}

    def server(name="api"):
        if name not in started:
            tls = request.getfixturevalue("tls_certificate") if SERVERS[name] else None
            emulator = FlexEmulator(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, api_key=API_KEY, api_secret=API_SECRET, tls=tls)
            started[name] = emulator.start()
        return started[name]

    yield server
    for emulator in started.values():
        emulator.stop()


def _fresh(emulator):
    """The emulator as if just started: no flows or addresses, no faults, an empty request log, its own base URL in answers."""
    emulator.reset(seed=[])
    emulator.configure(public_base_url=None)
    return emulator


@pytest.fixture(scope="session")
def flex_emulator_server(flex_emulator_servers):
    """The running API emulator, not reset: for fixtures of a wider scope that need only its address."""
    return flex_emulator_servers("api")


@pytest.fixture
def flex_emulator(flex_emulator_servers):
    """A running FlexEmulator (auth token and API key both accepted), empty at the start of the test."""
    return _fresh(flex_emulator_servers("api"))


@pytest.fixture
def tls_flex_emulator(flex_emulator_servers):
    """``flex_emulator`` over HTTPS, with the certificate of ``tls_certificate``."""
    return _fresh(flex_emulator_servers("tls"))


@pytest.fixture
def other_host_emulator(flex_emulator_servers):
    """A second ``flex_emulator`` on another port with the same credentials: a host that must never see them."""
    return _fresh(flex_emulator_servers("other host"))
