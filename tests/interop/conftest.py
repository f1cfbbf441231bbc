"""The IMAP servers of the interoperability suite, one test run per server: ``imap_server`` is
Dovecot (installed, see tests/conftest.py), Courier-IMAP or Cyrus IMAP (unpacked Debian packages, see
tests/support/servers.py and scripts/interop.sh), each started for the test on loopback.

Without the unpacked packages, the Courier and Cyrus runs are skipped locally and FAIL when CI=true
(like the Dovecot tests), so a missing step in .ci/run is never hidden."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.helpers import missing_part
from tests.support.servers import CourierServer, CyrusServer, ServerNotAvailable

USER = "alice"
UMLAUT_FOLDER = "Bewerbungsgespräche"  # a folder name that travels as modified UTF-7 ("&AOQ-")
IDLE_POLL = 5  # s: how often Courier and Cyrus look for new mail during IDLE here (their default: 60)


@dataclass
class ServerCase:
    """One server as the suite sees it."""

    name: str
    server: Any
    tls: str  # what the Onward config uses: Dovecot implicit TLS; Courier and Cyrus plain on loopback
    drafts: str  # where drafts must land
    sent: str
    umlaut: str  # the full name of the folder with an umlaut
    deliver_while_down: Callable[[bytes], None] | None  # Courier: into the Maildir, with IMAP down

    @property
    def port(self) -> int:
        return int(self.server.ssl_port if self.tls == "implicit" else self.server.port)

    def deliver(self, raw: bytes, folder: str = "INBOX") -> None:
        self.server.append(USER, folder, [raw])

    def kill(self) -> None:
        (self.server._kill if self.name == "dovecot" else self.server.kill)()

    def restart(self) -> None:
        self.server.restart()


def _unavailable(exc: Exception) -> None:
    missing_part(str(exc))


@pytest.fixture(params=["dovecot", "courier", "cyrus"])
def imap_server(request: pytest.FixtureRequest) -> Iterator[ServerCase]:
    name = request.param
    if name == "dovecot":
        make = request.getfixturevalue("dovecot_factory")
        srv = make([USER])
        case = ServerCase(name, srv, "implicit", "Drafts", "Sent", UMLAUT_FOLDER, None)
        with srv.client(USER, ssl=False) as c:
            c.create_folder(UMLAUT_FOLDER)
        yield case
        return
    try:
        packaged = (CourierServer if name == "courier" else CyrusServer)([USER], idle_poll=IDLE_POLL).start()
    except ServerNotAvailable as exc:
        _unavailable(exc)
        return
    try:
        umlaut = f"INBOX.{UMLAUT_FOLDER}"
        with packaged.client(USER) as c:
            c.create_folder(umlaut)
        deliver = (lambda raw: packaged.deliver(USER, raw)) if isinstance(packaged, CourierServer) else None
        yield ServerCase(name, packaged, "none", "INBOX.Drafts", "INBOX.Sent", umlaut, deliver)
    finally:
        packaged.stop()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "imap_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.interop)
