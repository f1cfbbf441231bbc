"""A local OAuth2 identity provider for tests: a small stdlib HTTPS server on loopback.

It issues the tokens (Microsoft's device flow as MSAL speaks it, Google's authorization-code flow with
PKCE, refresh) and checks them for Dovecot (``POST /introspect``, see ``DovecotServer(oauth2=...)``), so
Dovecot accepts exactly what it issued - and the tests can change its mind:

    with IdentityProvider() as idp:
        srv = DovecotServer(["alice"], oauth2=(idp.introspection_url, idp.cafile)).start()
        ...                                  # oauth.authority = idp.authority, oauth.ca_file = idp.cafile
        idp.approve(user_code, "alice")      # the user typed the device code and signed in
        idp.kill_access_tokens("alice")      # Dovecot now refuses the current access token
        idp.revoke("alice")                  # refresh tokens too: invalid_grant
        idp.down = True                      # every endpoint answers 503 (Dovecot: UNAVAILABLE)

Endpoints, under ``/<tenant>`` (any name): ``v2.0/.well-known/openid-configuration``,
``oauth2/v2.0/devicecode``, ``oauth2/v2.0/token`` (device code, refresh token and authorization code
grants), ``oauth2/v2.0/authorize`` (302 to the loopback ``redirect_uri`` with a code, for
``idp.browser_user``); and ``/introspect``, ``/revoke``. Token answers carry ``client_info`` and an
unsigned ``id_token``, which MSAL needs to find the account again in its cache. Every token and code it
issues is kept in ``issued``, so a test can check that none of them leaks into any output.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import shutil
import ssl
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

TENANT = "testtenant"


MICROSOFT_SCOPE = "https://outlook.office.com/IMAP.AccessAsUser.All openid profile offline_access"


@dataclass
class _Grant:
    user: str
    active: bool = True
    expires: float = 0.0
    scope: str = MICROSOFT_SCOPE


@dataclass
class _State:
    access: dict[str, _Grant] = field(default_factory=dict)
    refresh: dict[str, _Grant] = field(default_factory=dict)
    device: dict[str, dict[str, Any]] = field(default_factory=dict)  # device_code -> {user_code, user}
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)  # authorization code -> request


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class IdentityProvider:
    """The provider; ``start()``/``stop()`` or a ``with`` block. Attributes set by ``start``: ``port``,
    ``base`` (``https://localhost:PORT``), ``authority``, ``cafile``, ``introspection_url``."""

    def __init__(self, *, access_seconds: int = 3600, browser_user: str | None = None) -> None:
        self.access_seconds = access_seconds
        self.browser_user = browser_user  # who "signs in" at the authorize endpoint
        self.down = False
        self.state = _State()
        self.issued: list[str] = []  # every token and code handed out
        self.requests: list[str] = []  # "METHOD path grant_type?" of each request, for assertions
        self.lock = threading.Lock()
        self.tmp = tempfile.mkdtemp(prefix="idp-")
        self.cafile = os.path.join(self.tmp, "cert.pem")
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------------------------

    def start(self) -> IdentityProvider:
        key = os.path.join(self.tmp, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
                        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                        "-keyout", key, "-out", self.cafile], check=True, capture_output=True, timeout=60)
        os.chmod(self.tmp, 0o711)
        os.chmod(self.cafile, 0o644)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(self.cafile, key)
        provider = self

        class Handler(_Handler):
            idp = provider

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(target=server.serve_forever, name="idp", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> IdentityProvider:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base(self) -> str:
        return f"https://localhost:{self.port}"

    @property
    def authority(self) -> str:
        return f"{self.base}/{TENANT}"

    @property
    def auth_uri(self) -> str:
        return f"{self.authority}/oauth2/v2.0/authorize"

    @property
    def token_uri(self) -> str:
        return f"{self.authority}/oauth2/v2.0/token"

    @property
    def introspection_url(self) -> str:
        return f"{self.base}/introspect"

    # -- test hooks --------------------------------------------------------------------------------

    def approve(self, user_code: str, user: str) -> None:
        """The user entered ``user_code`` and signed in as ``user``."""
        with self.lock:
            for flow in self.state.device.values():
                if flow["user_code"] == user_code:
                    flow["user"] = user
                    return
        raise KeyError(f"no device flow with user code {user_code!r}")

    def kill_access_tokens(self, user: str) -> int:
        """Introspection now says ``active: false`` for the user's access tokens (expiry, as Dovecot sees it)."""
        with self.lock:
            grants = [g for g in self.state.access.values() if g.user == user and g.active]
            for g in grants:
                g.active = False
        return len(grants)

    def revoke(self, user: str) -> None:
        """Every token of ``user`` dies: refresh now answers ``invalid_grant``."""
        with self.lock:
            for g in (*self.state.access.values(), *self.state.refresh.values()):
                if g.user == user:
                    g.active = False

    def count(self, what: str) -> int:
        """How many requests matched ``what`` (e.g. ``"grant_type=refresh_token"``)."""
        with self.lock:
            return sum(what in r for r in self.requests)

    # -- issuing -----------------------------------------------------------------------------------

    def _new(self, prefix: str) -> str:
        value = f"{prefix}-{secrets.token_urlsafe(24)}"
        self.issued.append(value)
        return value

    def tokens_for(self, user: str, client_id: str, scope: str = MICROSOFT_SCOPE) -> dict[str, Any]:
        access, refresh = self._new("at"), self._new("rt")
        self.state.access[access] = _Grant(user, expires=time.time() + self.access_seconds, scope=scope)
        self.state.refresh[refresh] = _Grant(user, scope=scope)
        uid = hashlib.sha256(user.encode()).hexdigest()[:16]
        claims = {"iss": f"{self.authority}/v2.0", "sub": uid, "aud": client_id, "oid": uid, "tid": TENANT,
                  "preferred_username": user, "name": user, "iat": int(time.time()),
                  "exp": int(time.time()) + 3600, "ver": "2.0"}
        id_token = ".".join([_b64(json.dumps({"alg": "none", "typ": "JWT"}).encode()),
                             _b64(json.dumps(claims).encode()), ""])
        return {"token_type": "Bearer", "scope": scope, "expires_in": self.access_seconds, "ext_expires_in": self.access_seconds,
                "access_token": access, "refresh_token": refresh, "id_token": id_token,
                "client_info": _b64(json.dumps({"uid": uid, "utid": TENANT}).encode())}


class _Handler(BaseHTTPRequestHandler):
    idp: IdentityProvider
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet: tokens are in URLs
        pass

    def _send(self, status: int, body: dict[str, Any] | None = None, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body or {}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _form(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode() if length else ""
        return {k: v[0] for k, v in parse_qs(raw).items()}

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        url = urlparse(self.path)
        with self.idp.lock:
            self.idp.requests.append(f"GET {url.path}")
        if self.idp.down:
            return self._send(503, {"error": "temporarily_unavailable"})
        base = f"{self.idp.base}/{url.path.strip('/').split('/')[0]}"
        if url.path.endswith("/v2.0/.well-known/openid-configuration"):
            return self._send(200, {
                "issuer": f"{base}/v2.0", "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                "token_endpoint": f"{base}/oauth2/v2.0/token",
                "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
                "end_session_endpoint": f"{base}/oauth2/v2.0/logout", "response_types_supported": ["code"],
                "tenant_region_scope": None, "cloud_instance_name": "localhost"})
        if url.path.endswith("/oauth2/v2.0/authorize"):
            return self._authorize({k: v[0] for k, v in parse_qs(url.query).items()})
        return self._send(404, {"error": "not_found"})

    def _authorize(self, q: dict[str, str]) -> None:
        user = self.idp.browser_user
        if not user or "redirect_uri" not in q:
            return self._send(400, {"error": "access_denied"})
        with self.idp.lock:
            code = self.idp._new("code")
            self.idp.state.codes[code] = {"user": user, "client_id": q.get("client_id", ""),
                                          "redirect_uri": q["redirect_uri"], "scope": q.get("scope", ""),
                                          "challenge": q.get("code_challenge"),
                                          "method": q.get("code_challenge_method", "plain")}
        target = q["redirect_uri"] + "?" + urlencode({"code": code, "state": q.get("state", ""),
                                                      "scope": q.get("scope", "")})
        self._send(302, {}, {"Location": target})

    def do_POST(self) -> None:  # noqa: N802
        url = urlparse(self.path)
        form = self._form()
        with self.idp.lock:
            self.idp.requests.append(f"POST {url.path} grant_type={form.get('grant_type', '')}")
        if self.idp.down:
            return self._send(503, {"error": "temporarily_unavailable"})
        if url.path == "/introspect":
            return self._introspect(form.get("token", ""))
        if url.path == "/revoke":
            with self.idp.lock:
                for table in (self.idp.state.access, self.idp.state.refresh):
                    if form.get("token") in table:
                        table[form["token"]].active = False
            return self._send(200, {})
        if url.path.endswith("/oauth2/v2.0/devicecode"):
            with self.idp.lock:
                device, user_code = self.idp._new("dc"), f"U{secrets.randbelow(10**8):08d}"
                self.idp.state.device[device] = {"user_code": user_code, "user": None,
                                                 "client_id": form.get("client_id", "")}
            uri = f"{self.idp.base}/devicelogin"
            return self._send(200, {"device_code": device, "user_code": user_code, "verification_uri": uri,
                                    "expires_in": 600, "interval": 1,
                                    "message": f"To sign in, use a web browser to open the page {uri} and "
                                               f"enter the code {user_code} to authenticate."})
        if url.path.endswith("/oauth2/v2.0/token"):
            return self._token(form)
        return self._send(404, {"error": "not_found"})

    def _introspect(self, token: str) -> None:
        with self.idp.lock:
            grant = self.idp.state.access.get(token)
            ok = grant is not None and grant.active and grant.expires > time.time()
        self._send(200, {"active": True, "username": grant.user} if ok and grant else {"active": False})

    def _token(self, form: dict[str, str]) -> None:
        grant_type = form.get("grant_type", "")
        client_id = form.get("client_id", "")
        idp = self.idp
        with idp.lock:
            if grant_type == "urn:ietf:params:oauth:grant-type:device_code":
                flow = idp.state.device.get(form.get("device_code", ""))
                if flow is None:
                    return self._send(400, {"error": "expired_token"})
                if flow["user"] is None:
                    return self._send(400, {"error": "authorization_pending",
                                            "error_description": "waiting for the user"})
                del idp.state.device[form["device_code"]]
                return self._send(200, idp.tokens_for(flow["user"], client_id))
            if grant_type == "refresh_token":
                grant = idp.state.refresh.get(form.get("refresh_token", ""))
                if grant is None or not grant.active:
                    return self._send(400, {"error": "invalid_grant",
                                            "error_description": "the refresh token was revoked"})
                return self._send(200, idp.tokens_for(grant.user, client_id, grant.scope))
            if grant_type == "authorization_code":
                request = idp.state.codes.pop(form.get("code", ""), None)
                if request is None or request["redirect_uri"] != form.get("redirect_uri"):
                    return self._send(400, {"error": "invalid_grant"})
                if request["challenge"]:
                    verifier = form.get("code_verifier", "")
                    derived = (_b64(hashlib.sha256(verifier.encode()).digest()) if request["method"] == "S256"
                               else verifier)
                    if derived != request["challenge"]:
                        return self._send(400, {"error": "invalid_grant", "error_description": "PKCE"})
                return self._send(200, idp.tokens_for(request["user"], client_id, request["scope"]))
        return self._send(400, {"error": "unsupported_grant_type"})
