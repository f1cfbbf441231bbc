"""The locks on the local web app: who may talk to it and what a page may do.

* **Token** (as Jupyter): ``/?token=T`` once, then a cookie ``HttpOnly; SameSite=Strict`` holding it;
  any request without either is refused (403). The token leaves the address bar at once (redirect).
* **Host**: only ``127.0.0.1:PORT`` and ``localhost:PORT`` (a DNS-rebinding page names its own host).
* **CSRF**: every POST carries the page's CSRF token (a form field) and, when the browser says where it
  comes from (``Origin``, ``Sec-Fetch-Site``), it must be this very origin.
* **Headers**: a strict Content-Security-Policy (scripts and styles from this server only, nothing
  framed, forms posted here only), no referrer to other sites, no sniffing, no caching.

Pure checks on plain values, so each is unit-tested apart from the server.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # "no-referrer" makes Chromium send "Origin: null" on a form POST
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def report_csp(inline_style: str) -> str:
    """The report page (``report --html``'s self-contained page): no script at all, its one inline
    ``<style>`` allowed by its hash, and the app's stylesheet."""
    digest = base64.b64encode(hashlib.sha256(inline_style.encode("utf-8")).digest()).decode("ascii")
    return CSP.replace("style-src 'self'", f"style-src 'self' 'sha256-{digest}'").replace(
        "script-src 'self'", "script-src 'none'")


@dataclass
class Keys:
    """The secrets of one server run (new at each start)."""

    port: int
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @property
    def cookie(self) -> str:
        return f"onward_{self.port}"  # one per port: two servers do not log each other out

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self) -> str:
        return f"{self.origin}/?token={self.token}"

    def host_ok(self, host: str | None) -> bool:
        return host in (f"127.0.0.1:{self.port}", f"localhost:{self.port}")

    def token_ok(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(str(given).encode(), self.token.encode())

    def csrf_ok(self, given: str | None, headers: Mapping[str, str]) -> bool:
        """A state-changing request: the page's CSRF token, and from this origin when the browser says."""
        if not given or not hmac.compare_digest(str(given).encode(), self.csrf.encode()):
            return False
        origin = headers.get("Origin")
        if origin is not None and origin not in (self.origin, f"http://localhost:{self.port}"):
            return False
        return headers.get("Sec-Fetch-Site", "same-origin") in ("same-origin", "none")


def safe_next(target: str | None, default: str = "/") -> str:
    """Where to go after an action: a path of this server only (never ``//host`` or ``http:``)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target
