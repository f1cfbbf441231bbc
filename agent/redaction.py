"""Secrets never reach a log line: a filter on Onward's log handlers, and third-party loggers kept quiet.

Libraries Onward uses log secrets at DEBUG: ``requests_oauthlib`` prints whole token responses,
``oauthlib`` the request bodies (authorization codes, PKCE verifiers), ``urllib3`` request lines with
their query (a loopback answer's ``code``), ``msal`` its token cache, and imapclient's ``imaplib``
trace the IMAP conversation. So:

* ``-v`` (and ``daemon.log_level = "DEBUG"``) is DEBUG for Onward's own loggers only; these libraries
  stay at WARNING (:data:`THIRD_PARTY`).
* ``-vv`` lets them log at DEBUG too, for debugging a sign-in; ``-vvv`` adds imapclient's IMAP trace
  (the mail fetched included). Every line still passes the filter.
* :class:`RedactingFilter` sits on every handler Onward installs and rewrites each record (message,
  arguments, traceback) with :func:`redact`: bearer tokens, ``key=value`` / ``"key": "value"`` pairs
  whose key names a secret (access/refresh/id token, code, device code, client secret, code verifier,
  password), ``AUTHENTICATE`` initial responses and base64 SASL payloads (XOAUTH2 ``user=...``,
  OAUTHBEARER ``n,a=...``), JWTs, and Google's token shapes (``ya29.``, ``1//``).

Redaction is a second line: messages Onward writes itself never hold a secret in the first place.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable

REDACTED = "[redacted]"

THIRD_PARTY = ("oauthlib", "requests_oauthlib", "urllib3", "requests", "msal", "google", "google_auth_oauthlib",
               "google.auth", "keyring")
IMAP_TRACE = "imapclient"  # the IMAP conversation: fetched mail included, so only with -vvv

_SECRET_KEY = (r"access_token|refresh_token|id_token|device_code|client_secret|code_verifier|assertion|"
               r"password|passwd|token|code")
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # key=value (forms, URLs), 'key': 'value' (dict reprs), "key": "value" (JSON), escaped quotes too
    (re.compile(rf"""(?i)((?<![A-Za-z0-9_])(?:{_SECRET_KEY})(?:\\?["'])?\s*[:=]\s*(?:\\?["'])?)"""
                r"""([^\s"'&,;}\\]{4,})"""), rf"\1{REDACTED}"),
    (re.compile(r"(?i)\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}"), rf"\1{REDACTED}"),
    (re.compile(r"(?i)(AUTHENTICATE\s+[A-Z0-9_-]+\s+)\S+"), rf"\1{REDACTED}"),
    (re.compile(r"\b(?:dXNlcj|bixh)[A-Za-z0-9+/]{12,}={0,2}"), REDACTED),  # base64 "user=" / "n,a=" (SASL)
    (re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"), REDACTED),  # a JWT
    (re.compile(r"\bya29\.[A-Za-z0-9._-]+"), REDACTED),  # Google access token
    (re.compile(r"(?<![A-Za-z0-9/])1//[A-Za-z0-9._-]{8,}"), REDACTED),  # Google refresh token
)


def redact(text: str) -> str:
    """``text`` with everything shaped like a secret replaced by ``[redacted]``."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record passing a handler: its message (arguments merged in) and its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string: keep what is there, redacted
            message = f"{record.msg} {record.args}"
        record.msg, record.args = redact(message), None
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def guard_handlers(handlers: Iterable[logging.Handler]) -> None:
    """Put the filter on each handler (once)."""
    for handler in handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())


def configure_logging(level: int, verbosity: int = 0, fmt: str = "%(asctime)s %(levelname)s %(message)s") -> None:
    """Onward's logging: stderr at ``level``, third-party loggers at WARNING unless ``verbosity`` >= 2,
    every handler of the root logger redacting."""
    logging.basicConfig(level=level, stream=sys.stderr, format=fmt)
    quiet_third_party(verbosity)
    guard_handlers(logging.getLogger().handlers)


def quiet_third_party(verbosity: int) -> None:
    """WARNING for the libraries that log secrets (``-vv``: DEBUG, still redacted by the handlers); the
    IMAP trace only with ``-vvv`` (it holds the mail fetched, which Onward never logs otherwise)."""
    for name in THIRD_PARTY:
        logging.getLogger(name).setLevel(logging.DEBUG if verbosity >= 2 else logging.WARNING)
    logging.getLogger(IMAP_TRACE).setLevel(logging.DEBUG if verbosity >= 3 else logging.WARNING)
