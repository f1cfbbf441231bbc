"""A small hostile IMAP server for tests: it plays a normal server up to one command, then misbehaves.

Plain sockets on 127.0.0.1, one thread per connection. It knows just enough IMAP for ``onward check``
and ``onward run --once`` (CAPABILITY, LOGIN, LIST, EXAMINE/SELECT, UID SEARCH, UID FETCH, NOOP,
LOGOUT) over a one-message INBOX, and misbehaves in one of these ``MODES``:

* ``fetch-literal`` / ``list-literal``: the FETCH (LIST) answer announces a 1,000,000,000-byte
  literal and streams bytes for as long as the client reads;
* ``fetch-flood`` / ``list-flood``: endless untagged ``* 1 FETCH (...)`` (``* OK ...``) lines;
* ``drip-greeting`` / ``drip-fetch``: one byte every ``drip_every`` seconds, never finishing, in
  the greeting or inside the FETCH literal.

Usage::

    with HostileServer("fetch-literal") as srv:
        ... connect to 127.0.0.1:srv.port, any user and password ...
"""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime

MODES = ("fetch-literal", "list-literal", "fetch-flood", "list-flood", "drip-greeting", "drip-fetch")
HUGE = 1_000_000_000
CAPS = b"IMAP4rev1 LITERAL+ AUTH=PLAIN"

_COMMAND_RE = re.compile(rb"^(\S+) (?:UID )?(\S+)(.*)$", re.I)


def sample_message() -> bytes:
    when = format_datetime(datetime.now(UTC))
    return (f"From: Newsletter <news@example.org>\r\nTo: you@example.org\r\nSubject: This week\r\n"
            f"Date: {when}\r\nMessage-ID: <hostile-1@test>\r\n\r\nNothing to see here.\r\n").encode()


class HostileServer:
    """See the module docstring. ``connections`` counts the accepted connections."""

    def __init__(self, mode: str, *, drip_every: float = 2.0) -> None:
        if mode not in MODES:
            raise ValueError(f"mode {mode!r}: expected one of {', '.join(MODES)}")
        self.mode, self.drip_every = mode, drip_every
        self.connections = 0
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port: int = self._listener.getsockname()[1]
        self._threads: list[threading.Thread] = []

    # -- lifecycle ---------------------------------------------------------------------------------

    def start(self) -> HostileServer:
        self._spawn(self._accept_loop)
        return self

    def stop(self) -> None:
        self._stop.set()
        for t in list(self._threads):
            t.join(5)
        self._listener.close()

    def __enter__(self) -> HostileServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _spawn(self, target: object, *args: object) -> None:
        t = threading.Thread(target=target, args=args, daemon=True)  # type: ignore[arg-type]
        self._threads.append(t)
        t.start()

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            self._spawn(self._serve, conn)

    # -- one connection ----------------------------------------------------------------------------

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(0.5)
        try:
            if self.mode == "drip-greeting":
                self._drip(conn, b"* OK [CAPABILITY " + CAPS + b"] almost ready")
                return
            conn.sendall(b"* OK [CAPABILITY " + CAPS + b"] hostile server ready\r\n")
            for line in self._lines(conn):
                if not self._answer(conn, line):
                    return
        except OSError:
            pass  # the client went away: what a refused answer should make it do
        finally:
            conn.close()

    def _lines(self, conn: socket.socket) -> Iterator[bytes]:
        buf = b""
        while not self._stop.is_set():
            try:
                data = conn.recv(65536)
            except TimeoutError:
                continue
            if not data:
                return
            buf += data
            while b"\r\n" in buf:
                line, buf = buf.split(b"\r\n", 1)
                yield line

    def _answer(self, conn: socket.socket, line: bytes) -> bool:
        m = _COMMAND_RE.match(line)
        if m is None:
            return True
        tag, command, rest = m.group(1), m.group(2).upper(), m.group(3)
        ok = tag + b" OK " + command + b" completed\r\n"
        if command == b"CAPABILITY":
            conn.sendall(b"* CAPABILITY " + CAPS + b"\r\n" + ok)
        elif command == b"LOGOUT":
            conn.sendall(b"* BYE bye\r\n" + ok)
            return False
        elif command == b"LIST":
            self._list(conn, ok)
        elif command in (b"SELECT", b"EXAMINE"):
            conn.sendall(b"* FLAGS (\\Seen \\Draft)\r\n* 1 EXISTS\r\n* 0 RECENT\r\n"
                         b"* OK [UIDVALIDITY 7] ok\r\n* OK [UIDNEXT 2] ok\r\n"
                         + tag + b" OK [READ-ONLY] " + command + b" completed\r\n")
        elif command == b"SEARCH":
            conn.sendall(b"* SEARCH 1\r\n" + ok)
        elif command == b"FETCH":
            self._fetch(conn, ok, rest)
        else:  # LOGIN, NOOP, ID, ENABLE, ...
            conn.sendall(ok)
        return True

    def _list(self, conn: socket.socket, ok: bytes) -> None:
        if self.mode == "list-literal":
            conn.sendall(b'* LIST () "/" {%d}\r\n' % HUGE)
            self._stream(conn, b"x" * 65536)
        elif self.mode == "list-flood":
            self._stream(conn, b"* OK still listing, nothing to see\r\n" * 2000)
        else:
            conn.sendall(b'* LIST (\\HasNoChildren) "/" INBOX\r\n'
                         b'* LIST (\\HasNoChildren \\Drafts) "/" Drafts\r\n' + ok)

    def _fetch(self, conn: socket.socket, ok: bytes, rest: bytes) -> None:
        if b"BODY" not in rest.upper():  # FLAGS only: nothing to misbehave with
            conn.sendall(b"* 1 FETCH (UID 1 FLAGS ())\r\n" + ok)
            return
        head = b'* 1 FETCH (UID 1 FLAGS () INTERNALDATE "01-Jan-2026 10:00:00 +0000" '
        if self.mode == "fetch-literal":
            conn.sendall(head + b"RFC822.SIZE %d BODY[]<0> {%d}\r\n" % (HUGE, HUGE))
            self._stream(conn, b"x" * 65536)
        elif self.mode == "fetch-flood":
            self._stream(conn, b"* 1 FETCH (UID 1 FLAGS ())\r\n" * 2000)
        elif self.mode == "drip-fetch":
            conn.sendall(head + b"RFC822.SIZE 100 BODY[]<0> {100}\r\n")
            self._drip(conn, b"From: a@b.c\r\n")
        else:
            msg = sample_message()
            conn.sendall(head + b"RFC822.SIZE %d BODY[]<0> {%d}\r\n" % (len(msg), len(msg)) + msg + b")\r\n" + ok)

    def _stream(self, conn: socket.socket, chunk: bytes) -> None:
        """Send ``chunk`` again and again until the client goes away (or the server stops)."""
        conn.settimeout(5.0)
        sent = 0
        while not self._stop.is_set() and sent < 4 * HUGE:
            conn.sendall(chunk)
            sent += len(chunk)

    def _drip(self, conn: socket.socket, start: bytes) -> None:
        """Send ``start``, then one byte every ``drip_every`` s, never ending the line."""
        for n in range(HUGE):
            if self._stop.wait(self.drip_every):
                return
            conn.sendall(start[n:n + 1] or b"x")
