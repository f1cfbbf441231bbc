"""Limits on what an IMAP server may send: a broken or hostile server cannot hang or bloat Onward.

imaplib, under imapclient, trusts the server: it reads a literal of any announced size into memory,
keeps every untagged response, and its socket timeout applies to each read, so a server that sends
one byte every few seconds never times out.  Here imaplib's two read methods (``readline``, ``read``)
are replaced, on the connection Onward opens (:class:`GuardedIMAPClient`), by a :class:`ReadGuard`
that reads the socket itself and enforces, per command (and for the greeting):

* a literal may be at most ``literal_max`` bytes (what Onward asked for, see ``Mailbox``; small
  by default: LIST, SEARCH, SELECT never need big literals);
* at most ``MAX_UNTAGGED`` untagged responses and ``MAX_COMMAND_BYTES`` bytes;
* a wall-clock deadline: ``DEADLINE_FACTOR`` x the read timeout, plus one second per
  ``MIN_RATE`` bytes received (a slow but honest link is not cut off).

A broken limit raises :class:`ServerLimitError` (an ``OSError``: the connection is unusable and is
dropped).  The guard also tells an end of stream from "nothing yet" (``lines_within``), which
imapclient's ``idle_check`` cannot.
"""

from __future__ import annotations

import imaplib
import logging
import select
import ssl
import time
from typing import Any

from imapclient import IMAPClient
from imapclient.imap4 import IMAP4WithTimeout
from imapclient.tls import IMAP4_TLS

SMALL_LITERAL = 65_536  # any command but FETCH: folder names, never message data
LITERAL_SLACK = 4_096  # a FETCH literal may exceed the partial length asked for by this much
MAX_UNTAGGED = 100_000  # untagged responses per command
MAX_COMMAND_BYTES = 64 * 2**20  # bytes per command (Mailbox splits FETCHes to stay under half of it)
DEADLINE_FACTOR = 4  # a command may take this many read timeouts ...
MIN_RATE = 32_768  # ... plus one second per this many bytes received
MAX_LINE: int = getattr(imaplib, "_MAXLINE", 1_000_000)  # imaplib's own limit on one line (1,000,000 bytes)
_CHUNK = 262_144
_AGAIN = (BlockingIOError, ssl.SSLWantReadError, ssl.SSLWantWriteError)


class ServerLimitError(OSError):
    """The server broke one of the guard's limits; the text completes "the server ..."."""


class ReadGuard:
    """Buffered, limited reading of one IMAP connection (see the module docstring)."""

    literal_max_default = SMALL_LITERAL

    def __init__(self, read_timeout: float, connect_timeout: float | None = None) -> None:
        self.read_timeout = read_timeout
        self.connect_timeout = connect_timeout or read_timeout
        self.literal_max = SMALL_LITERAL
        self.eof = False
        self._buf = bytearray()
        self._scanned = 0  # bytes of _buf known to hold no newline
        self._sock: Any = None
        self.connected = False  # the TCP (and TLS) connection is up: what is missing now is the greeting
        self.begin("greeting")

    # -- per command ---------------------------------------------------------------------------

    def begin(self, phase: str = "answer") -> None:
        """A new command (or the greeting): counters and the deadline start again."""
        self.phase = phase
        self._started = time.monotonic()
        self._bytes = 0
        self._untagged = 0

    def _allowed(self) -> float:
        timeout = self.connect_timeout if self.phase == "greeting" else self.read_timeout
        return DEADLINE_FACTOR * timeout + self._bytes / MIN_RATE

    def _remaining(self) -> float:
        return self._started + self._allowed() - time.monotonic()

    def _too_slow(self) -> ServerLimitError:
        what = "complete its greeting" if self.phase == "greeting" else "answer"
        return ServerLimitError(f"did not {what} within {self._allowed():.0f} s (it sends too slowly)")

    # -- imaplib's read methods ------------------------------------------------------------------

    def readline(self, sock: Any) -> bytes:
        """One line, CRLF included (b'' at end of stream), like ``imaplib.IMAP4.readline``."""
        self._use(sock)
        while True:
            end = self._buf.find(b"\n", self._scanned)
            if end >= 0:
                return self._take_line(end + 1)
            self._scanned = len(self._buf)
            if len(self._buf) > MAX_LINE:
                self._take_line(MAX_LINE + 1)
                raise imaplib.IMAP4.error(f"got more than {MAX_LINE} bytes")
            if not self._fill(sock):
                return self._take_line(len(self._buf))

    def read(self, sock: Any, size: int) -> bytes:
        """A literal of ``size`` bytes (fewer at end of stream); refused when over ``literal_max``."""
        if size > self.literal_max:
            raise ServerLimitError(f"announced a literal of {size:,} bytes (limit {self.literal_max:,})")
        self._use(sock)
        while len(self._buf) < size and self._fill(sock):
            pass
        data = bytes(self._buf[:size])
        del self._buf[:size]
        self._scanned = 0
        return data

    # -- IDLE --------------------------------------------------------------------------------------

    def has_line(self) -> bool:
        """A complete line (or the end of the stream) is already read and waits to be taken."""
        return self.eof or b"\n" in self._buf

    def lines_within(self, sock: Any, timeout: float) -> list[bytes]:
        """The complete lines (CRLF stripped) the server sends within ``timeout`` s (often none).

        Raises ``EOFError`` when the server has closed the connection, at once, instead of
        reporting "nothing yet" for ever (imapclient's ``idle_check`` cannot tell them apart)."""
        self._use(sock)
        if b"\n" not in self._buf and not self.eof and _readable(sock, timeout):
            self._drain(sock)
        lines = []
        while (end := self._buf.find(b"\n")) >= 0:
            lines.append(self._take_line(end + 1).rstrip(b"\r\n"))
        if self.eof:
            raise EOFError("the server closed the connection")
        return lines

    # -- internals ---------------------------------------------------------------------------------

    def _use(self, sock: Any) -> None:
        if sock is not self._sock:  # a new socket (connect, STARTTLS): nothing read before it counts
            self._sock = sock
            self._buf.clear()
            self._scanned = 0

    def _take_line(self, n: int) -> bytes:
        line = bytes(self._buf[:n])
        del self._buf[:n]
        self._scanned = 0
        if line.startswith(b"* "):
            self._untagged += 1
            if self._untagged > MAX_UNTAGGED:
                raise ServerLimitError(f"sent more than {MAX_UNTAGGED:,} untagged responses to one command")
        return line

    def _fill(self, sock: Any) -> bool:
        """Read once (blocking, within the deadline); False at end of stream."""
        remaining = self._remaining()
        if remaining <= 0:
            raise self._too_slow()
        previous = sock.gettimeout()
        if previous == 0.0:  # a non-blocking socket (imapclient's idle_check): read what is there
            return self._add(sock.recv(_CHUNK))
        timeout = self.connect_timeout if self.phase == "greeting" else self.read_timeout
        sock.settimeout(min(timeout, remaining))
        try:
            data = sock.recv(_CHUNK)
        except TimeoutError:
            if self._remaining() <= 0:
                raise self._too_slow() from None
            raise
        finally:
            sock.settimeout(previous)
        return self._add(data)

    def _drain(self, sock: Any) -> None:
        """Read what is there without blocking (at most a few chunks: a flood is counted, not looped)."""
        previous = sock.gettimeout()
        sock.settimeout(0.0)
        try:
            for _ in range(16):
                try:
                    data = sock.recv(_CHUNK)
                except _AGAIN:
                    return
                if not self._add(data):
                    return
        finally:
            sock.settimeout(previous)

    def _add(self, data: bytes) -> bool:
        if not data:
            self.eof = True
            return False
        self._buf += data
        self._bytes += len(data)
        if self._bytes > MAX_COMMAND_BYTES:
            raise ServerLimitError(f"sent more than {MAX_COMMAND_BYTES // 2**20} MiB in answer to one command")
        return True


def _readable(sock: Any, timeout: float) -> bool:
    if isinstance(sock, ssl.SSLSocket) and sock.pending():
        return True
    poller = select.poll()
    poller.register(sock.fileno(), select.POLLIN | select.POLLHUP | select.POLLERR)
    return bool(poller.poll(max(0.0, timeout) * 1000))


# -- the guarded connection classes ------------------------------------------------------------------


class _Guarded(imaplib.IMAP4):
    """imaplib.IMAP4 whose reads go through a ReadGuard (set before the greeting is read)."""

    _guard: ReadGuard

    def open(self, host: str = "", port: int = 143, timeout: float | None = None) -> None:
        super().open(host, port, timeout)
        self._guard.connected = True
        self._guard.begin("greeting")  # the greeting's deadline starts once the TCP connection is up

    def readline(self) -> bytes:
        return self._guard.readline(self.sock)

    def read(self, size: int) -> bytes:
        return self._guard.read(self.sock, size)

    def _new_tag(self) -> bytes:  # every command, imaplib's and imapclient's, takes a new tag
        self._guard.begin()
        tag: bytes = super()._new_tag()  # type: ignore[misc]
        return tag


class _GuardedPlain(_Guarded, IMAP4WithTimeout):  # type: ignore[misc]  # imapclient has no types
    def __init__(self, guard: ReadGuard, host: str, port: int, timeout: float | None) -> None:
        self._guard = guard
        IMAP4WithTimeout.__init__(self, host, port, timeout)


class _GuardedTLS(_Guarded, IMAP4_TLS):  # type: ignore[misc]  # imapclient has no types
    def __init__(self, guard: ReadGuard, host: str, port: int, ctx: ssl.SSLContext | None,
                 timeout: float | None) -> None:
        self._guard = guard
        IMAP4_TLS.__init__(self, host, port, ctx, timeout)


class GuardedIMAPClient(IMAPClient):  # type: ignore[misc]  # imapclient has no types
    """An IMAPClient whose connection reads through ``guard`` from the greeting on."""

    def __init__(self, guard: ReadGuard, host: str, **kwargs: Any) -> None:
        self.guard = guard
        super().__init__(host, **kwargs)

    def _create_IMAP4(self) -> imaplib.IMAP4:  # noqa: N802 - imapclient's name
        connect = getattr(self._timeout, "connect", None)
        if self.ssl:
            return _GuardedTLS(self.guard, self.host, self.port, self.ssl_context, connect)
        return _GuardedPlain(self.guard, self.host, self.port, connect)


def quiet_imaplib(client: IMAPClient) -> None:
    """Stop imaplib from formatting what nobody will log.

    IMAPClient sets imaplib's ``debug`` to 5 so that imaplib's trace goes to the ``imapclient.imaplib``
    logger - and imaplib builds each trace line *before* the logger can drop it, ``%r`` of every
    fetched message body included.  That was nearly half the CPU of a big FETCH.  Unless that logger
    would really print DEBUG lines, the trace is turned off at the source."""
    if not logging.getLogger("imapclient.imaplib").isEnabledFor(logging.DEBUG):
        imap = getattr(client, "_imap", None)
        if imap is not None and hasattr(imap, "debug"):
            imap.debug = 0
