"""A server that accepts the connection but never greets: on settings that never worked, most likely a
plain connection to an implicit-TLS port (the hint says to check imap.tls and imap.port); on settings
that have already worked in this process, a hung server - the hint would send the user after a config
that is fine, so it is left out. A real socket on loopback plays the server."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from agent.config import parse_settings
from agent.mail.imap import WRONG_TLS_HINT, ConnectError, Mailbox
from tests.support.loopback import LoopbackServer


class GreetsThenHangs(LoopbackServer):
    """Greets the first ``greetings`` connections (and answers LOGIN/LOGOUT), then accepts and stays silent."""

    def __init__(self, greetings: int) -> None:
        self.greetings = greetings
        self.held: list[socket.socket] = []
        super().__init__()
        self.start()

    def connected(self, conn: socket.socket) -> None:
        self.held.append(conn)
        if self.greetings > 0:
            self.greetings -= 1
            threading.Thread(target=self._talk, args=(conn,), daemon=True).start()

    @staticmethod
    def _talk(conn: socket.socket) -> None:
        conn.sendall(b"* OK [CAPABILITY IMAP4rev1] ready\r\n")
        reader = conn.makefile("rb")
        for line in reader:
            tag, _, rest = line.partition(b" ")
            if rest.upper().startswith(b"CAPABILITY"):
                conn.sendall(b"* CAPABILITY IMAP4rev1\r\n" + tag + b" OK done\r\n")
            elif rest.upper().startswith(b"LOGIN"):
                conn.sendall(tag + b" OK LOGIN done\r\n")
            elif rest.upper().startswith(b"LOGOUT"):
                conn.sendall(b"* BYE bye\r\n" + tag + b" OK LOGOUT done\r\n")
                return
            else:
                conn.sendall(tag + b" BAD unknown\r\n")

    def close(self) -> None:
        super().close()
        for c in self.held:
            c.close()


@pytest.fixture
def server() -> Iterator[GreetsThenHangs]:
    srv = GreetsThenHangs(greetings=1)
    yield srv
    srv.close()


def _settings(port: int):  # type: ignore[no-untyped-def]
    return parse_settings({
        "imap": {"host": "127.0.0.1", "port": port, "tls": "none", "username": "alex@example.org",
                 "password_env": "UNUSED", "folders": ["INBOX"], "timeout": 2},
        "followup": {"your_name": "Alex Doe", "from_address": "alex@example.org"},
    }).require_imap()


def test_silence_from_a_server_that_never_greeted_gets_the_wrong_port_hint(server: GreetsThenHangs) -> None:
    server.greetings = 0
    with pytest.raises(ConnectError) as err:
        Mailbox(_settings(server.port), "pw").connect()
    assert "no IMAP greeting" in str(err.value) and WRONG_TLS_HINT in str(err.value), err.value


def test_silence_from_a_server_that_greeted_before_is_a_hang_not_a_wrong_port(server: GreetsThenHangs) -> None:
    settings = _settings(server.port)
    with Mailbox(settings, "pw"):
        pass  # these settings work
    with pytest.raises(ConnectError) as err:
        Mailbox(settings, "pw").connect()
    assert "no IMAP greeting" in str(err.value), err.value
    assert WRONG_TLS_HINT not in str(err.value) and "implicit-TLS" not in str(err.value), err.value
