"""A TCP server on 127.0.0.1 for tests that play an IMAP server by hand: any free port, an accept loop in
a daemon thread that hands each connection to :meth:`LoopbackServer.connected`, and ``close()``."""

from __future__ import annotations

import socket
import threading


class LoopbackServer:
    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _accept(self) -> None:
        while not self.done.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connected(conn)

    def connected(self, conn: socket.socket) -> None:
        """Called in the accept thread for each new connection."""
        raise NotImplementedError

    def close(self) -> None:
        self.done.set()
        self.thread.join(5)
        self.listener.close()
