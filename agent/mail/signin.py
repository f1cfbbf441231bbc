"""Signing in to IMAP: LOGIN with a password, or SASL XOAUTH2 / OAUTHBEARER with an OAuth2 access token
(a part of :mod:`agent.mail.imap`, which calls :func:`sign_in` once connected).

With a token: OAUTHBEARER (RFC 7628) where the server offers it, else XOAUTH2 (Gmail's and Microsoft's
mechanism). A token the server refuses (``AUTHENTICATIONFAILED``: revoked, expired early, killed at the
provider) is refreshed once (``get_access_token(force_refresh=True)``) and tried again; a second refusal
is a refused login. The token never appears in a message: only the server's answer is kept.

After signing in, ``ID`` (RFC 2971) names the client to servers that ask clients to (Gmail: offered
with ``X-GM-EXT-1``; every OAuth2 provider): a name and a version, nothing about the user.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from imapclient.exceptions import IMAPClientError, LoginError

from agent import __version__
from agent.config import ImapSettings

log = logging.getLogger(__name__)


class TokenSource(Protocol):
    """Where an OAuth2 account's access token comes from (see :mod:`agent.accounts.tokens`)."""

    def get_access_token(self, force_refresh: bool = False) -> str: ...


def sign_in(client: Any, settings: ImapSettings, secret: str | TokenSource) -> None:
    """Sign ``client`` in; a refusal raises ``LoginError`` (its text: the server's answer only)."""
    if isinstance(secret, str):
        client.login(settings.username, secret)
    else:
        _with_token(client, settings.username, secret)
    if client.has_capability("ID") and (settings.uses_oauth or client.has_capability("X-GM-EXT-1")):
        try:
            client.id_({"name": "onward", "version": __version__})
        except IMAPClientError as exc:  # optional: a server that dislikes it changes nothing
            log.debug("ID refused: %s", exc)


GMAIL_HOSTS = ("imap.gmail.com", "imap.googlemail.com")
MICROSOFT_IMAP_HOSTS = ("outlook.office365.com", "outlook.office.com", "imap-mail.outlook.com",
                        "imap.outlook.com")


def refused_password_hint(host: str) -> str:
    """What to try when the server refuses a password: each provider's real way in."""
    host = host.lower().rstrip(".")
    if host in GMAIL_HOSTS:
        return ("wrong password? Gmail needs an app password (Google account > Security > 2-Step "
                "Verification > App passwords), or set auth = \"google\" and run onward login")
    if host in MICROSOFT_IMAP_HOSTS:
        return ("Microsoft has password sign-in off for most Microsoft 365 and Outlook.com accounts: set "
                "auth = \"microsoft\" (with an [oauth] client_id) and run onward login")
    return "wrong password? check the password source; some providers want an app password instead"


def _with_token(client: Any, username: str, tokens: TokenSource) -> None:
    bearer = client.has_capability("AUTH=OAUTHBEARER")
    login = client.oauthbearer_login if bearer else client.oauth2_login
    for refreshed in (False, True):
        token = tokens.get_access_token(force_refresh=refreshed)
        try:
            login(username, token)
            return
        except IMAPClientError as exc:
            text = _answer(exc)
            if refreshed or "AUTHENTICATIONFAILED" not in text.upper():
                raise LoginError(text) from None
            log.info("the server refused the access token; refreshing it once")


def _answer(exc: BaseException) -> str:
    """The server's answer in an AUTHENTICATE error, as one line (imapclient wraps it in a list of bytes)."""
    text = str(exc)
    for marker in ("[b'", '[b"'):
        if marker in text:
            text = text.split(marker, 1)[1].rstrip("]").rstrip("'\"")
    return text.splitlines()[0][:300] if text else type(exc).__name__
