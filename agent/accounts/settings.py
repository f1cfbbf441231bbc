"""The account tables of the config: ``[accounts.NAME]`` and their ``oauth`` sub-tables (see
:mod:`agent.config`, which holds the settings classes and parses everything else)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agent.config import (
    ACCOUNT_NAME_CHARS,
    DEFAULT_ACCOUNT,
    GOOGLE_AUTH_URI,
    GOOGLE_TOKEN_URI,
    MICROSOFT_AUTHORITY,
    OAUTH_KINDS,
    Account,
    ConfigError,
    ImapSettings,
    OAuthSettings,
    _parse_imap,
    _Section,
    read_section,
)


def parse_oauth(account: str, auth: str, data: dict[str, Any] | None) -> OAuthSettings | None:
    """``[<account>.oauth]``: required for microsoft and google, refused elsewhere."""
    name = f"{account}.oauth"
    if data is None:
        if auth in OAUTH_KINDS:
            raise ConfigError(f"{name}.client_id is missing: auth = {auth!r} needs your app registration's "
                              "client id (README: how to register one)")
        return None
    if auth not in OAUTH_KINDS:
        key = next(iter(data), "")
        raise ConfigError(f"{name}{'.' + key if key else ''}: oauth settings on an account with auth = {auth!r} "
                          "(only for auth = \"microsoft\" or \"google\")")
    return read_section(_Section(name, data), lambda sec: _read_oauth(sec, auth), ({"client_id": "x"},))


def _read_oauth(sec: _Section, auth: str) -> OAuthSettings:
    ca_file = sec.string("ca_file")
    if ca_file and not Path(ca_file).expanduser().is_file():
        raise sec._bad("ca_file", "the path of an existing PEM file")
    google = auth == "google"
    out = OAuthSettings(
        client_id=sec.string("client_id", required=True).strip(), ca_file=ca_file,
        authority=_https_url(sec, "authority", MICROSOFT_AUTHORITY) if not google else MICROSOFT_AUTHORITY,
        client_secret_env=sec.string("client_secret_env") if google else None,
        auth_uri=_https_url(sec, "auth_uri", GOOGLE_AUTH_URI) if google else GOOGLE_AUTH_URI,
        token_uri=_https_url(sec, "token_uri", GOOGLE_TOKEN_URI) if google else GOOGLE_TOKEN_URI,
        redirect_port=sec.integer("redirect_port", 0, 0, 65535) if google else 0)
    sec.check_unknown()
    return out


def _https_url(sec: _Section, key: str, default: str) -> str:
    value: str = sec.string(key, default).strip().rstrip("/")
    if not value.startswith("https://"):
        raise sec._bad(key, "an https:// URL")
    return value


def parse_accounts(data: Any, imap: ImapSettings | None) -> tuple[Account, ...]:
    """``[imap]`` (the account ``default``) and every ``[accounts.NAME]``, in the file's order."""
    out = [Account(DEFAULT_ACCOUNT, imap)] if imap is not None else []
    if not isinstance(data, dict):
        raise ConfigError(f"[accounts] must hold tables [accounts.NAME], got {type(data).__name__}")
    for name, table in data.items():
        if not (0 < len(name) <= 64 and set(name) <= ACCOUNT_NAME_CHARS):
            raise ConfigError(f"accounts.{name}: an account name is 1-64 letters, digits, '-' or '_'")
        if name.lower() in {a.name.lower() for a in out}:
            raise ConfigError(f"accounts.{name}: account name used twice"
                              + (" (the [imap] section is the account 'default')" if name.lower() == "default" else ""))
        sec = _Section(f"accounts.{name}", table)
        out.append(Account(name, _parse_imap(sec)))
        sec.check_unknown()
    return tuple(out)
