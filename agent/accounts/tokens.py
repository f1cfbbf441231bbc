"""OAuth2 access tokens for IMAP, behind one small interface: ``get_access_token(force_refresh=False)``.

* :class:`MicrosoftTokens` - MSAL's ``PublicClientApplication``: ``onward login`` runs the device flow
  (the user opens a URL and types a code), then ``acquire_token_silent`` refreshes from MSAL's
  serialized token cache, kept by :mod:`agent.accounts.secrets`.
* :class:`GoogleTokens` - google-auth-oauthlib's installed-app flow (PKCE, the answer comes back to a
  loopback port; ``--no-browser`` only prints the URL, for a box reached over ``ssh -L``), then
  google-auth refreshes with the configured ``token_uri`` (``Credentials`` is built directly:
  ``from_authorized_user_info`` would reset ``token_uri`` to Google's).
* :class:`CommandTokens` - ``token_command`` prints an access token (oama, pizauth, a company helper).

Errors are those of the mailbox (:mod:`agent.mail.imap`), so the daemon treats them as it treats
IMAP: ``NeedsLoginError`` (exit 9) when the refresh token is dead (``invalid_grant``) or there is
none - the message ends ``run: onward login --account NAME``; ``TokenServiceError`` (a
``ConnectError``: backoff and retry) when the identity provider cannot answer now. No token, code or
secret is ever put in a message or a log line.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import webbrowser
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlparse

from agent.accounts.loopback import LOGIN_SECONDS, LoopbackAnswer
from agent.accounts.passwords import run_secret_command
from agent.accounts.secrets import TokenStore
from agent.config import OAuthSettings, SecretError, Settings
from agent.mail.imap import AuthError, NeedsLoginError, TokenServiceError
from agent.mail.signin import TokenSource

log = logging.getLogger(__name__)

MICROSOFT_SCOPES = ["https://outlook.office.com/IMAP.AccessAsUser.All"]  # MSAL adds offline_access itself
GOOGLE_SCOPES = ["https://mail.google.com/"]
MICROSOFT_HOSTS = ("login.microsoftonline.com", "login.microsoft.com", "login.windows.net")
EARLY_SECONDS = 120  # an access token this close to its expiry is refreshed first
TRANSIENT_ERRORS = {"temporarily_unavailable", "server_error", "slow_down"}


def login_hint(account: str) -> str:
    return f"run: onward login --account {account}"


def provider_for(settings: Settings) -> TokenSource:
    """The token source of the account in ``settings`` (``imap.auth`` is not ``password``)."""
    imap = settings.require_imap()
    if imap.auth == "command":
        return CommandTokens(settings.account, imap.token_command or "")
    assert imap.oauth is not None
    store = TokenStore.for_settings(settings)
    if imap.auth == "microsoft":
        return MicrosoftTokens(settings.account, imap.username, imap.oauth, store)
    return GoogleTokens(settings.account, imap.oauth, store)


def _session(oauth: OAuthSettings) -> Any:
    """A requests session for the identity provider; with ``oauth.ca_file`` it trusts that CA only
    (``trust_env`` off: REQUESTS_CA_BUNDLE would otherwise win over ``verify``)."""
    import requests
    session = requests.Session()
    if oauth.ca_file:
        session.trust_env = False
        session.verify = os.path.expanduser(oauth.ca_file)
    return session


class _OAuthTokens:
    def __init__(self, account: str, oauth: OAuthSettings, store: TokenStore) -> None:
        self.account, self.oauth, self.store = account, oauth, store

    def needs_login(self, why: str) -> NeedsLoginError:
        return NeedsLoginError(f"account {self.account}: {why}; {login_hint(self.account)}")

    def unavailable(self, why: str) -> TokenServiceError:
        return TokenServiceError(f"account {self.account}: the identity provider gave no token ({why}); "
                                 "retrying later")

    def load(self) -> str | None:
        try:
            return self.store.load()
        except SecretError as exc:
            raise AuthError(f"account {self.account}: {exc}") from None

    def signed_in(self) -> bool:
        """Whether a sign-in is stored (not whether it still works: that needs the provider)."""
        try:
            return bool(self.store.load())
        except SecretError:
            return False


class MicrosoftTokens(_OAuthTokens):
    def __init__(self, account: str, username: str, oauth: OAuthSettings, store: TokenStore) -> None:
        super().__init__(account, oauth, store)
        self.username = username
        self._built: tuple[Any, Any] | None = None

    def _app(self, blob: str | None) -> tuple[Any, Any]:
        """MSAL's application (built once: building it reads the authority's metadata over the network)
        and its token cache, loaded from ``blob``."""
        import msal
        if self._built is None:
            cache = msal.SerializableTokenCache()
            host = urlparse(self.oauth.authority).hostname or ""
            try:
                app = msal.PublicClientApplication(
                    self.oauth.client_id, authority=self.oauth.authority, token_cache=cache,
                    http_client=_session(self.oauth), instance_discovery=host in MICROSOFT_HOSTS)
            except Exception as exc:  # noqa: BLE001 - requests' and MSAL's errors: the provider cannot answer
                raise self.unavailable(f"authority {self.oauth.authority}: {type(exc).__name__}") from None
            self._built = (app, cache)
        app, cache = self._built
        cache.deserialize(blob or "{}")
        cache.has_state_changed = False
        return app, cache

    def get_access_token(self, force_refresh: bool = False) -> str:
        with self.store.locked():
            blob = self.load()
            if not blob:
                raise self.needs_login("not signed in yet")
            app, cache = self._app(blob)
            accounts = app.get_accounts(username=self.username) or app.get_accounts()
            if not accounts:
                raise self.needs_login("no sign-in in the stored token cache")
            try:
                result = app.acquire_token_silent_with_error(MICROSOFT_SCOPES, accounts[0], force_refresh=force_refresh)
            except Exception as exc:  # noqa: BLE001 - network or provider errors (requests, MSAL)
                raise self.unavailable(type(exc).__name__) from None
            if cache.has_state_changed:
                self.store.save(cache.serialize())
        if result and "access_token" in result:
            return str(result["access_token"])
        error = (result or {}).get("error") or "no refresh token"
        if error in TRANSIENT_ERRORS or str((result or {}).get("status", "")).startswith("5"):
            raise self.unavailable(error)
        raise self.needs_login(f"the sign-in is no longer valid ({error})")

    def login(self, say: Callable[[str], None]) -> None:
        """The device flow: print Microsoft's message (URL and code), wait until the user is done."""
        app, cache = self._app(None)
        flow = app.initiate_device_flow(scopes=MICROSOFT_SCOPES)
        if "user_code" not in flow:
            raise self.unavailable(f"device code request refused: {flow.get('error', 'no answer')}")
        say(flow["message"])
        result = app.acquire_token_by_device_flow(flow)
        if "access_token" not in result:
            raise AuthError(f"account {self.account}: sign-in not completed ({result.get('error', 'unknown')})")
        with self.store.locked():
            self.store.save(cache.serialize())


class GoogleTokens(_OAuthTokens):
    def client_secret(self) -> str:
        name = self.oauth.client_secret_env
        if not name:
            return ""
        value = os.environ.get(name)
        if not value:
            raise SecretError(f"environment variable {name} (accounts.{self.account}.oauth.client_secret_env) "
                              "is not set")
        return value

    def get_access_token(self, force_refresh: bool = False) -> str:
        from google.auth.exceptions import RefreshError, TransportError
        from google.auth.transport.requests import Request
        from google.oauth2.credentials import Credentials
        with self.store.locked():
            data = json.loads(self.load() or "{}")
            if not data.get("refresh_token"):
                raise self.needs_login("not signed in yet")
            expiry = datetime.fromisoformat(data["expiry"]) if data.get("expiry") else None
            if (not force_refresh and data.get("access_token") and expiry is not None
                    and expiry - timedelta(seconds=EARLY_SECONDS) > datetime.now(UTC)):
                return str(data["access_token"])
            creds = Credentials(token=None, refresh_token=data["refresh_token"], token_uri=self.oauth.token_uri,
                                client_id=self.oauth.client_id, client_secret=self.client_secret(),
                                scopes=GOOGLE_SCOPES)
            try:
                creds.refresh(Request(session=_session(self.oauth)))
            except RefreshError as exc:
                detail = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], dict) else {}
                error = str(detail.get("error") or (exc.args[0] if exc.args else "refused")).split(":")[0]
                if "invalid_grant" in error or "invalid_client" in error:
                    raise self.needs_login(f"the sign-in is no longer valid ({error})") from None
                raise self.unavailable(error[:100]) from None
            except TransportError as exc:
                raise self.unavailable(type(exc).__name__) from None
            self._save(creds, data["refresh_token"])
            return str(creds.token)

    def _save(self, creds: Any, refresh_token: str) -> None:
        expiry = creds.expiry.replace(tzinfo=UTC) if creds.expiry else None
        self.store.save(json.dumps({"refresh_token": creds.refresh_token or refresh_token,
                                    "access_token": creds.token,
                                    "expiry": expiry.isoformat() if expiry else None}))

    def login(self, say: Callable[[str], None], *, browser: bool = True, port: int | None = None,
              timeout: float = LOGIN_SECONDS) -> None:
        """The installed-app flow: the consent page's answer comes back to a loopback port. Only a request
        with this sign-in's ``state`` ends the wait (see :mod:`agent.accounts.loopback`)."""
        from google_auth_oauthlib.flow import InstalledAppFlow
        config = {"installed": {"client_id": self.oauth.client_id, "client_secret": self.client_secret(),
                                "auth_uri": self.oauth.auth_uri, "token_uri": self.oauth.token_uri,
                                "redirect_uris": ["http://localhost"]}}
        flow = InstalledAppFlow.from_client_config(config, scopes=GOOGLE_SCOPES, autogenerate_code_verifier=True)
        flow.oauth2session.trust_env = not self.oauth.ca_file
        if self.oauth.ca_file:
            flow.oauth2session.verify = os.path.expanduser(self.oauth.ca_file)
        if browser:
            try:
                webbrowser.get()
            except webbrowser.Error:
                browser = False
        try:
            receiver = LoopbackAnswer(self.oauth.redirect_port if port is None else port)
        except OSError as exc:
            raise AuthError(f"account {self.account}: cannot listen on the sign-in port "
                            f"({exc.strerror or type(exc).__name__}); choose another with --port") from None
        with receiver:
            flow.redirect_uri = f"http://localhost:{receiver.port}/"
            url, state = flow.authorization_url(access_type="offline", prompt="consent")
            receiver.expect(state)
            say("Open this URL in a browser on this machine (over ssh: forward the port first, "
                f"ssh -L {receiver.port}:localhost:{receiver.port}) and allow access:")
            say(url)
            if browser:
                webbrowser.open(url, new=1, autoraise=True)
            answer = receiver.wait(timeout)
        if answer is None:
            raise AuthError(f"account {self.account}: no answer from the sign-in page within "
                            f"{_duration(timeout)}; run onward login --account {self.account} again "
                            "(--timeout SECONDS gives more time)")
        if "code" not in answer:
            raise AuthError(f"account {self.account}: sign-in not completed ({answer.get('error', '?')[:100]})")
        try:
            flow.fetch_token(code=answer["code"])
        except Exception as exc:  # noqa: BLE001 - oauthlib's errors name the OAuth error, never the code
            raise AuthError(f"account {self.account}: sign-in not completed ({type(exc).__name__}: "
                            f"{str(exc).splitlines()[0][:200] if str(exc) else ''})") from None
        creds = flow.credentials
        if not creds.refresh_token:
            raise AuthError(f"account {self.account}: the provider gave no refresh token")
        with self.store.locked():
            self._save(creds, creds.refresh_token)


def _duration(seconds: float) -> str:
    return f"{seconds / 60:g} min" if seconds >= 60 else f"{seconds:g} s"


class CommandTokens:
    """``token_command``: its first output line is the access token; run again for a fresh one."""

    def __init__(self, account: str, command: str, timeout: float | None = None) -> None:
        self.account, self.command, self.timeout = account, command, timeout

    def get_access_token(self, force_refresh: bool = False) -> str:
        key = f"accounts.{self.account}.token_command" if self.account != "default" else "imap.token_command"
        try:
            done = run_secret_command(self.command, self.timeout)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise TokenServiceError(f"{key} failed to run: {type(exc).__name__}") from None
        lines = done.stdout.decode("utf-8", "replace").splitlines()
        if done.returncode != 0 or not lines or not lines[0].strip():
            why = f"exited with status {done.returncode}" if done.returncode else "printed no token"
            raise TokenServiceError(f"{key} {why}; retrying later")
        return lines[0].strip()
