"""The answer of a browser sign-in, received on a loopback port (Google's installed-app flow).

The consent page sends the browser to ``http://localhost:PORT/?code=...&state=...``. The port is open to
every local user and to every web page the user visits (a page may make the browser request any
localhost URL), so one request proves nothing: only a request carrying the ``state`` this sign-in made
is its answer. Any other request (no state, another state, a favicon) gets an error page and the
wait goes on, up to a timeout (five minutes unless told). The port listens on 127.0.0.1 only, and
nothing of a request (its code, its state) is logged or shown.
"""

from __future__ import annotations

import hmac
import html
import logging
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlparse

if TYPE_CHECKING:  # imported where a sign-in starts: the waiting daemon that never signs in skips http.server
    from http.server import BaseHTTPRequestHandler

log = logging.getLogger(__name__)

LOGIN_SECONDS = 300.0
POLL_SECONDS = 0.5  # how often the wait checks its deadline between requests
REQUEST_SECONDS = 5.0  # one request must arrive whole within this

SIGNED_IN = "Onward is signed in; you may close this page."
REFUSED = "The sign-in was not completed ({error}). Run onward login again to retry."
NOT_OURS = ("This request did not come from the sign-in Onward started, so it was ignored. "
            "Onward is still waiting for the sign-in page's answer.")


class LoopbackAnswer:
    """A one-sign-in HTTP server on 127.0.0.1: :meth:`wait` returns the query of the request that carries
    ``state`` (with ``code``, or ``error`` when the user refused), or None at the timeout."""

    def __init__(self, port: int = 0) -> None:
        self.state: str | None = None
        self.answer: dict[str, str] | None = None
        self.ignored = 0  # requests without this sign-in's state
        from http.server import HTTPServer  # lazy: only a sign-in needs it (see the imports above)
        self.server = HTTPServer(("127.0.0.1", port), _handler(self))

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def expect(self, state: str) -> None:
        self.state = state

    def wait(self, timeout: float = LOGIN_SECONDS) -> dict[str, str] | None:
        deadline = time.monotonic() + timeout
        while self.answer is None:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self.server.timeout = min(POLL_SECONDS, left)
            self.server.handle_request()
        return self.answer

    def close(self) -> None:
        self.server.server_close()

    def __enter__(self) -> LoopbackAnswer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def judge(self, target: str) -> tuple[int, str]:
        """The page for a request to ``target`` (its path and query); takes the answer when it is ours."""
        query = {k: v[0] for k, v in parse_qs(urlparse(target).query).items()}
        given = query.get("state", "")
        if self.answer is not None or not self.state or not hmac.compare_digest(given.encode(), self.state.encode()):
            self.ignored += 1
            log.warning("ignored a request to the sign-in port that did not carry this sign-in's state")
            return 400, NOT_OURS
        if "code" in query:
            self.answer = query
            return 200, SIGNED_IN
        self.answer = {"error": query.get("error") or "no code in the answer"}
        return 200, REFUSED.format(error=self.answer["error"][:100])


def _handler(receiver: LoopbackAnswer) -> type[BaseHTTPRequestHandler]:
    from http.server import BaseHTTPRequestHandler  # lazy: only a sign-in needs it (see the imports above)

    class Handler(BaseHTTPRequestHandler):
        timeout = REQUEST_SECONDS  # a connection that sends nothing cannot hold the wait

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            status, text = receiver.judge(self.path)
            body = (f"<!doctype html><meta charset=utf-8><title>Onward sign-in</title>"
                    f"<p>{html.escape(text)}</p>").encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the URL holds the code
            pass

    return Handler
