"""Saving a draft on a strict server, command by command: a loopback server that behaves like Courier-IMAP
(no UNSELECT; APPEND refused into the folder the connection holds selected) and records every command.

* EXAMINE confirmed ``[READ-ONLY]``: the folder is left with CLOSE (it expunges nothing then), and the
  APPEND goes through;
* EXAMINE *not* confirmed read-only (a server that ignores EXAMINE's meaning): no CLOSE - it could
  expunge what another client marked ``\\Deleted`` - but a fresh connection, then the APPEND;
* UIDNEXT missing from EXAMINE: asked with STATUS.

The real Courier is in tests/interop/; this runs everywhere, in a second."""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from agent.config import parse_settings
from agent.mail.imap import Mailbox, ServerRefusedError
from tests.support.loopback import LoopbackServer

_LITERAL_RE = re.compile(rb"\{(\d+)\+?\}\r\n$")


class StrictServer(LoopbackServer):
    """Enough IMAP for draft_exists + append_draft; ``commands`` is every command name received, in order
    (with ``LOGIN`` once per connection)."""

    def __init__(self, *, confirm_read_only: bool) -> None:
        self.confirm_read_only = confirm_read_only
        self.commands: list[str] = []
        self.appended: list[bytes] = []
        super().__init__()
        self.start()

    def connected(self, conn: socket.socket) -> None:
        threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    def _session(self, conn: socket.socket) -> None:
        selected = None
        reader = conn.makefile("rb")
        send = conn.sendall
        send(b"* OK [CAPABILITY IMAP4rev1 IDLE] strict server ready\r\n")
        for line in reader:
            literal = _LITERAL_RE.search(line)
            if literal:  # APPEND's message: take it (LITERAL+ or after a continuation)
                if not line.rstrip().endswith(b"+}"):
                    send(b"+ OK\r\n")
                body = reader.read(int(literal.group(1)))
                line = line[:literal.start()] + b"\r\n"
                reader.readline()  # the CRLF that ends the command
            else:
                body = b""
            tag, _, rest = line.rstrip(b"\r\n").partition(b" ")
            name = rest.split(b" ", 1)[0].upper().decode()
            self.commands.append(name)
            ok = tag + b" OK done\r\n"
            if name == "CAPABILITY":
                send(b"* CAPABILITY IMAP4rev1 IDLE UIDPLUS\r\n" + ok)
            elif name == "LOGIN":
                send(ok)
            elif name == "LIST":
                send(b'* LIST (\\HasNoChildren) "." "INBOX"\r\n* LIST (\\HasNoChildren) "." "INBOX.Drafts"\r\n' + ok)
            elif name in ("EXAMINE", "SELECT"):
                selected = rest.split(b" ", 1)[1].strip(b'"')
                code = b"[READ-ONLY]" if self.confirm_read_only else b"[READ-WRITE]"
                send(b"* 0 EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY 7] Ok\r\n" + tag + b" OK " + code + b" Ok\r\n")
            elif name == "STATUS":
                send(b'* STATUS "INBOX.Drafts" (UIDNEXT 42)\r\n' + ok)
            elif name in ("SEARCH", "UID") and selected:
                send(b"* SEARCH\r\n" + ok)
            elif name == "CLOSE" and selected:
                selected = None
                send(ok)
            elif name == "APPEND":
                if selected:
                    send(tag + b" NO Current box is selected READ-ONLY.\r\n")
                else:
                    self.appended.append(body)
                    send(tag + b" OK [APPENDUID 7 1] APPEND Ok.\r\n")
            elif name == "LOGOUT":
                send(b"* BYE bye\r\n" + ok)
                break
            else:
                send(tag + b" NO Error in IMAP command received by server.\r\n")
        conn.close()

@pytest.fixture(params=[True, False], ids=["read-only-confirmed", "read-only-not-confirmed"])
def server(request: pytest.FixtureRequest) -> Iterator[StrictServer]:
    srv = StrictServer(confirm_read_only=request.param)
    yield srv
    srv.close()


def _mailbox(port: int) -> Mailbox:
    settings = parse_settings({
        "imap": {"host": "127.0.0.1", "port": port, "tls": "none", "username": "alex@example.org",
                 "password_env": "UNUSED", "folders": ["INBOX"], "timeout": 5},
        "followup": {"your_name": "Alex Doe", "from_address": "alex@example.org"},
    }).require_imap()
    return Mailbox(settings, "pw")


DRAFT = b"From: alex@example.org\r\nSubject: Thank you\r\nMessage-ID: <d1@example.org>\r\n\r\nThanks!\r\n"


def test_a_draft_is_saved_after_leaving_the_read_only_drafts_folder(server: StrictServer) -> None:
    with _mailbox(server.port) as mb:
        assert not mb.draft_exists("INBOX.Drafts", "<d1@example.org>")
        mb.append_draft("INBOX.Drafts", DRAFT, datetime(2026, 12, 1, tzinfo=UTC))
    assert len(server.appended) == 1 and b"<d1@example.org>" in server.appended[0]
    sequence = [c for c in server.commands if c not in ("CAPABILITY", "LOGOUT")]
    if server.confirm_read_only:
        assert sequence == ["LOGIN", "EXAMINE", "STATUS", "UID", "CLOSE", "APPEND"], sequence
    else:  # never CLOSE a folder the server may hold read-write: a new connection instead
        assert "CLOSE" not in sequence and sequence[-2:] == ["LOGIN", "APPEND"], sequence
        assert sequence.count("LOGIN") == 2, sequence


def test_uidnext_comes_from_status_when_examine_leaves_it_out(server: StrictServer) -> None:
    with _mailbox(server.port) as mb:
        status = mb.examine("INBOX.Drafts")
    assert status.uidnext == 42 and status.uidnext_from_status


def test_a_refused_append_names_the_command_and_quotes_the_server(server: StrictServer) -> None:
    with _mailbox(server.port) as mb:
        mb.examine("INBOX.Drafts")
        with pytest.raises(ServerRefusedError) as err:  # the selection kept on purpose: the server refuses
            mb._call("APPEND INBOX.Drafts", mb.c.append, "INBOX.Drafts", DRAFT)
    assert err.value.exit_code == 10
    assert str(err.value) == "the IMAP server refused APPEND INBOX.Drafts: Current box is selected READ-ONLY."
