"""Many IMAP connections in IDLE, waited on by one thread: a selector over their sockets.

Each connection entered IDLE (:meth:`Mailbox.idle_start`) elsewhere; this module only waits until one of
them has something to say and reads it without blocking (:meth:`Mailbox.idle_news` with no wait):
new mail, nothing of interest (a ``* OK Still here``), or a dead connection (closed, ``BYE``, a broken
TLS record). A socket that TLS or the read guard already holds a line of is reported without waiting
for the selector (which cannot see it). Other threads wake :meth:`IdleMux.wait` with :meth:`wake`.
Only the thread that calls :meth:`wait` adds and removes connections.
"""

from __future__ import annotations

import os
import selectors
from collections.abc import Hashable
from typing import NamedTuple, Protocol

from agent.mail.imap import MailboxError


class IdlingConnection(Protocol):
    def idle_socket(self) -> object: ...
    def idle_buffered(self) -> bool: ...
    def idle_news(self, wait: float = 0.0) -> bool: ...


class IdleEvent(NamedTuple):
    """``key``'s connection announced new mail (``news``), or failed (``error``; it is dropped)."""

    key: Hashable
    news: bool
    error: MailboxError | None = None


class IdleMux:
    def __init__(self) -> None:
        self._selector = selectors.DefaultSelector()
        self._conns: dict[Hashable, IdlingConnection] = {}
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)
        self._selector.register(self._wake_r, selectors.EVENT_READ, None)

    def __len__(self) -> int:
        return len(self._conns)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._conns

    def add(self, key: Hashable, conn: IdlingConnection) -> None:
        """Wait on ``conn`` (in IDLE) under ``key``."""
        self.discard(key)
        self._selector.register(conn.idle_socket(), selectors.EVENT_READ, key)  # type: ignore[arg-type]
        self._conns[key] = conn

    def discard(self, key: Hashable) -> None:
        conn = self._conns.pop(key, None)
        if conn is not None:
            try:
                self._selector.unregister(conn.idle_socket())  # type: ignore[arg-type]
            except (KeyError, ValueError, OSError, MailboxError):  # closed meanwhile: the selector forgot it
                self._forget(key)

    def _forget(self, key: Hashable) -> None:
        for fd_key in list(self._selector.get_map().values()):
            if fd_key.data == key:
                self._selector.unregister(fd_key.fileobj)

    def wake(self) -> None:
        """Make a running :meth:`wait` return now (callable from any thread)."""
        try:
            os.write(self._wake_w, b"!")
        except BlockingIOError:  # already woken
            pass

    def wait(self, timeout: float) -> list[IdleEvent]:
        """Wait up to ``timeout`` s for news on any connection. A connection that announced mail or
        failed is no longer waited on (its owner ends IDLE or reconnects, then adds it again)."""
        ready = [key for key, conn in self._conns.items() if _buffered(conn)]
        if not ready:
            for sel_key, _mask in self._selector.select(max(0.0, timeout)):
                if sel_key.data is None:
                    self._drain_wake()
                else:
                    ready.append(sel_key.data)
        events = []
        for key in ready:
            conn = self._conns.get(key)
            if conn is None:
                continue
            try:
                news = conn.idle_news(0.0)
            except MailboxError as exc:
                self.discard(key)
                events.append(IdleEvent(key, False, exc))
                continue
            if news:
                self.discard(key)
                events.append(IdleEvent(key, True))
        return events

    def _drain_wake(self) -> None:
        try:
            while os.read(self._wake_r, 512):
                pass
        except BlockingIOError:
            pass

    def close(self) -> None:
        self._selector.close()
        os.close(self._wake_r)
        os.close(self._wake_w)


def _buffered(conn: IdlingConnection) -> bool:
    try:
        return conn.idle_buffered()
    except MailboxError:  # dropped: idle_news says so
        return True
