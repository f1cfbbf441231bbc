"""A connection that drops during LOGIN (the server restarting) is a network failure, retried with backoff -
not a refused password, which the daemon retries only hourly. A scripted IMAP server on loopback greets, then
answers LOGIN by closing the connection, or with a real NO."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from agent.config import ImapSettings
from agent.mail.imap import AuthError, ConnectError, Mailbox


@contextmanager
def scripted_server(answer_login: bytes | None) -> Iterator[int]:
    """An IMAP server on 127.0.0.1 (no TLS): greets, tells its capabilities, and answers LOGIN with
    ``answer_login`` (the tag put in front), or closes the connection when it is None."""
    lsock = socket.socket()
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(4)
    lsock.settimeout(5)

    def serve() -> None:
        try:
            conn, _ = lsock.accept()
        except OSError:
            return
        with conn:
            conn.sendall(b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n")
            reader = conn.makefile("rb")
            while line := reader.readline():
                tag, _, command = line.decode().partition(" ")
                if command.upper().startswith("CAPABILITY"):
                    conn.sendall(b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n" + tag.encode() + b" OK done\r\n")
                elif command.upper().startswith("LOGIN"):
                    if answer_login is None:
                        return  # the connection drops, as when the server restarts
                    conn.sendall(tag.encode() + b" " + answer_login + b"\r\n")
                else:
                    conn.sendall(tag.encode() + b" BAD unexpected\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield lsock.getsockname()[1]
    finally:
        lsock.close()
        thread.join(5)


def _settings(port: int) -> ImapSettings:
    return ImapSettings(host="127.0.0.1", port=port, tls="none", username="alex", timeout=10)


def test_a_connection_dropped_during_login_is_a_network_failure_not_a_refused_password():
    with scripted_server(None) as port, pytest.raises(ConnectError, match="connection was lost") as caught:
        Mailbox(_settings(port), "secret").connect()
    assert not isinstance(caught.value, AuthError)


def test_a_server_that_answers_no_to_the_password_refuses_it():
    with scripted_server(b"NO [AUTHENTICATIONFAILED] Authentication failed.") as port, \
            pytest.raises(AuthError, match="AUTHENTICATIONFAILED"):
        Mailbox(_settings(port), "secret").connect()
