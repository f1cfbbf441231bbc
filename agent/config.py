"""Configuration: a TOML file → typed, validated `Settings`; secrets resolved at use time.

Why typed settings: a bad line in a config file is the most common first-run failure, so every
key is checked here once, and the error names the key, the bad value and what was expected
(``ConfigError``), instead of a traceback deep inside the daemon.

Credentials never live in the file. The password comes from, in this order of preference:
``password_env`` (an environment variable), ``password_command`` (a command whose first output
line is the password, like mbsync's ``PassCmd``; run through ``/bin/sh``) or the system keyring
(``keyring = true``; service ``onward``, user = the IMAP username). A config file that names a
``password_command`` and is readable by group or others is warned about, because whoever can
edit the command can read the password.

Like ssh with its config, a config file, template or model file that another user could change is
refused (:func:`unsafe_file_reason`): it must be owned by the user (or root) and not writable by
group or others - unless the group is the owner's own private group, as on Debian/Ubuntu with
umask 002. Nothing from a refused config is used, so its ``password_command`` never runs.
"""

from __future__ import annotations

import email.utils
import grp
import ipaddress
import logging
import os
import pwd
import stat
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs

from agent.config_reading import ConfigError as ConfigError  # noqa: PLC0414 - re-exported
from agent.config_reading import _Section as _Section  # noqa: PLC0414
from agent.config_reading import read_section

log = logging.getLogger(__name__)

APP_NAME = "onward"
TLS_MODES = ("implicit", "starttls", "none")
DEFAULT_PORTS = {"implicit": 993, "starttls": 143, "none": 143}
AUTH_KINDS = ("password", "microsoft", "google", "command")
OAUTH_KINDS = ("microsoft", "google")
DEFAULT_ACCOUNT = "default"  # the account of the single-account ``[imap]`` form
MICROSOFT_AUTHORITY = "https://login.microsoftonline.com/common"
GOOGLE_AUTH_URI = "https://accounts.google.com/o/oauth2/auth"
GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"
TOKEN_STORES = ("auto", "keyring", "file")
ACCOUNT_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt")  # the languages a follow-up can be written in
PORTUGUESE = ("pt-BR", "pt-PT")  # how a Portuguese follow-up can be written
# Career advisers' advice: two check-ins at most, the second shorter and referring to the first.
MAX_CHECK_INS = 2


class SecretError(RuntimeError):
    """The password could not be obtained (variable unset, command failed, keyring empty)."""


@dataclass(frozen=True)
class OAuthSettings:
    """``[accounts.NAME.oauth]``: the app registration and identity provider of an OAuth2 account."""

    client_id: str
    authority: str = MICROSOFT_AUTHORITY  # microsoft
    ca_file: str | None = None  # trust a private CA for the identity provider (tests)
    client_secret_env: str | None = None  # google: the variable holding the client secret
    auth_uri: str = GOOGLE_AUTH_URI  # google
    token_uri: str = GOOGLE_TOKEN_URI  # google
    redirect_port: int = 0  # google: the loopback port of the sign-in answer (0: any free port)


@dataclass(frozen=True)
class ImapSettings:
    host: str
    username: str
    port: int = 993
    tls: str = "implicit"
    password_env: str | None = None
    password_command: str | None = None
    keyring: bool = False
    folders: tuple[str, ...] = ("INBOX",)
    initial_lookback_days: int = 30
    drafts_folder: str | None = None
    sent_folder: str | None = None
    training_folders: dict[str, str] = field(default_factory=dict)
    ca_file: str | None = None
    tls_verify: bool = True
    timeout: float = 60.0
    idle: bool = True
    fetch_batch: int = 200
    max_fetch_bytes: int = 2_000_000
    auth: str = "password"  # password | microsoft | google | command
    oauth: OAuthSettings | None = None  # microsoft, google
    token_command: str | None = None  # command: prints an access token
    from_address: str | None = None  # the From of this account's drafts (see Settings.for_account)
    your_name: str | None = None  # the name signing this account's drafts (None: followup.your_name)
    signature: str | None = None  # the lines under it (None: followup.signature)
    max_connections: int = 10  # IMAP connections this account may hold at once (Gmail allows ~15)

    @property
    def is_loopback(self) -> bool:
        return is_loopback_host(self.host)

    @property
    def uses_oauth(self) -> bool:
        return self.auth != "password"


class Account(NamedTuple):
    """A named mailbox: ``[accounts.NAME]``, or ``[imap]`` (named ``default``)."""

    name: str
    imap: ImapSettings


@dataclass(frozen=True)
class FollowupSettings:
    min_days: int = 14
    max_days: int = 21
    timezone: str = "UTC"
    your_name: str = ""
    signature: str = ""
    template: str | None = None
    hours: tuple[int, int] = (9, 11)
    from_address: str | None = None
    language: str = "en"  # en | de | fr | es | it | nl | pt, when undetected
    templates_dir: str | None = None  # <kind>/<stage>.<lang>.txt.j2 here win over the shipped ones
    after_application_rejection: str = "draft"  # draft | skip
    rejection_thanks: bool = True
    interview_thanks: bool = True
    check_in: bool = True
    check_in_days: int = 14
    max_check_ins: int = 1  # 0-2: a second check-in is shorter and refers to the first
    ghosted_days: int = 45  # 0: never
    portuguese: str = "auto"  # auto | pt-BR | pt-PT: how a Portuguese draft is written

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class ClassifierSettings:
    model: str | None = None
    rejection_threshold: float | None = None  # None: the model's recommended threshold
    min_confidence: float = 0.5
    workers: int = 0  # parse/classify processes for big passes: 0 = automatic, -1 = none (see agent.intake)


@dataclass(frozen=True)
class StorageSettings:
    database: str = ""
    keep_bodies: bool = True  # False: no email body is stored (corrections work from the stored facts)
    token_store: str = "auto"  # where OAuth2 refresh tokens live: auto | keyring | file


@dataclass(frozen=True)
class DigestSettings:
    """[digest]: the weekly digest, a draft to yourself."""

    enabled: bool = False
    weekday: str = "monday"  # the day of the week it is due on (local time)
    hour: int = 8  # the hour it is due at (local time)


@dataclass(frozen=True)
class NotifySettings:
    """[notify]: one short notification (Apprise URLs) on an interview, assessment or offer, or an
    account that needs a new sign-in (agent/notify.py)."""

    enabled: bool = False
    urls: tuple[str, ...] = ()  # Apprise URLs, e.g. "ntfy://my-topic", "mailto://…", "json://127.0.0.1:8080/"
    include_subject: bool = False  # True: the email's subject too (default: company, role and kind only)


@dataclass(frozen=True)
class DaemonSettings:
    poll_interval: int = 300
    log_level: str = "INFO"
    max_pass_seconds: int = 3600  # a longer pass is ended by the daemon (a server that never finishes)
    lease_seconds: int = 20  # the worker pool (server database): a dead worker's accounts are free after this
    parallel_passes: int = 1  # several accounts: passes run at once (each a process of ~100 MB)
    idle_connections_per_host: int = 0  # IDLE connections to one server host at most (0: no cap); the rest polled
    logins_per_second: float = 20.0  # IDLE (re)connections to one server host per second at most


@dataclass(frozen=True)
class Settings:
    imap: ImapSettings | None
    followup: FollowupSettings
    classifier: ClassifierSettings
    storage: StorageSettings
    daemon: DaemonSettings
    path: Path | None = None
    accounts: tuple[Account, ...] = ()  # every account, in config order; ``imap`` is ``account``'s
    account: str = DEFAULT_ACCOUNT  # the name of the account ``imap`` belongs to
    explicit_from: str | None = None  # followup.from_address as written (None: not set)
    signed_by: tuple[str, str] | None = None  # followup.your_name and signature as written (None: as in followup)
    digest: DigestSettings = DigestSettings()  # [digest]
    notify: NotifySettings = NotifySettings()  # [notify]

    def require_imap(self) -> ImapSettings:
        if self.imap is None:
            where = self.path or default_config_path()
            raise ConfigError(f"{where}: no [imap] section: this command needs a mailbox "
                              "(copy config/onward.example.toml and fill in [imap] or [accounts.NAME])")
        self._require_sender()
        return self.imap

    @property
    def account_names(self) -> list[str]:
        return [a.name for a in self.accounts]

    @property
    def first_account(self) -> str:
        """The account of what the user records by hand (``onward add``): the config's first - ``[imap]``
        (``default``), else the first ``[accounts.NAME]`` - whose mail then links to it and whose passes save its
        drafts; ``default`` without a mailbox."""
        return self.accounts[0].name if self.accounts else self.account

    def select(self, name: str | None) -> list[Settings]:
        """The settings of each account (``--account NAME``: that one only), as :meth:`for_account`."""
        if name is None:
            if not self.accounts:
                self.require_imap()
            return [self.for_account(a) for a in self.accounts]
        for acct in self.accounts:
            if acct.name == name:
                return [self.for_account(acct)]
        known = ", ".join(self.account_names) or "none configured"
        raise ConfigError(f"--account {name!r}: no such account (accounts: {known})")

    def hand_added_account(self, name: str | None) -> str:
        """The account an application recorded by hand (``onward add``) belongs to - its follow-ups are drafted
        in that account's Drafts: ``name`` (``--account``), else the config's first account; with accounts of
        several people (accounts signed with names of their own: a careers service's job seekers) whose it is
        cannot be guessed, and a ConfigError asks for ``--account``."""
        if name is not None:
            return self.select(name)[0].account
        if len({s.followup.your_name for s in self.select(None)} if self.accounts else ()) > 1:
            raise ConfigError(f"--account NAME is needed: the accounts are of several people "
                              f"({', '.join(self.account_names)}); name the one whose application this is")
        return self.first_account

    def person_accounts(self) -> list[str]:
        """The accounts of the person this account belongs to, in config order: those whose drafts are signed
        with the same name (one person's home and work mail; each job seeker of a careers service, whose
        account names its own ``your_name``, alone). This account's name alone without accounts."""
        if not self.accounts:
            return [self.account]
        return [a.name for a in self.accounts if self.for_account(a).followup.your_name == self.followup.your_name]

    def for_account(self, acct: Account) -> Settings:
        """These settings with ``imap`` = the account's. The From of its drafts: the account's
        ``from_address``, else ``followup.from_address``, else its username when that is an address; the name
        and signature under them: the account's ``your_name`` / ``signature`` (an account of another person:
        a careers service's job seekers), else ``followup.your_name`` / ``followup.signature``."""
        user = acct.imap.username if is_addr_spec(acct.imap.username) else None
        sender = acct.imap.from_address or self.explicit_from or user
        name, signature = self.signed_by or (self.followup.your_name, self.followup.signature)
        return replace(self, imap=acct.imap, account=acct.name, signed_by=(name, signature), followup=replace(
            self.followup, from_address=sender,
            your_name=name if acct.imap.your_name is None else acct.imap.your_name,
            signature=signature if acct.imap.signature is None else acct.imap.signature))

    def _require_sender(self) -> None:
        """Every draft is signed and carries a From: both must be known before a mailbox is used."""
        where = self.path or default_config_path()
        if not self.followup.from_address:
            user = self.imap.username if self.imap else ""
            raise ConfigError(f"{where}: followup.from_address is missing and imap.username {user!r} is "
                              "not an email address: set followup.from_address = \"you@example.com\" "
                              "(the From of your follow-up drafts)")
        if not self.followup.your_name.strip():
            raise ConfigError(f"{where}: followup.your_name is missing: set it to the name that signs "
                              "your follow-up drafts, e.g. your_name = \"Alex Doe\"")


def is_loopback_host(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def default_config_path() -> Path:
    env = os.environ.get("ONWARD_CONFIG")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME)) / "onward.toml"


def default_data_dir() -> Path:
    """Onward's own directory for the database, the lock and personal models (private: 0700)."""
    return Path(platformdirs.user_data_dir(APP_NAME))


def default_database_url() -> str:
    return f"sqlite:///{default_data_dir() / 'onward.db'}"


def make_private_dir(path: Path) -> None:
    """Create ``path`` for Onward's files, readable by the user only (0700 from creation). Onward's own
    data dir is also tightened when an older version left it open; a directory the user chose is not
    changed. Raises OSError."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    data = default_data_dir()
    for d in (path, *path.parents):
        if d != data and data not in d.parents:
            break
        if stat.S_IMODE(d.stat().st_mode) & 0o077:
            d.chmod(0o700)


# ---------------------------------------------------------------------------------------------
# The sections (each read with agent.config_reading._Section: typed values, or ConfigError naming the key).


def _parse_imap(sec: _Section) -> ImapSettings:
    """One account: ``[imap]`` or ``[accounts.NAME]`` (``sec.name``), with its ``oauth`` sub-table."""
    return read_section(sec, _read_imap, IMAP_PROBES, frozenset({"password"}))


# Accounts of each kind, each valid: the keys they read are an account table's known keys.
IMAP_PROBES: tuple[dict[str, Any], ...] = (
    {"host": "localhost", "username": "u"},
    {"host": "localhost", "username": "u", "auth": "command", "token_command": "true"},
    {"host": "localhost", "username": "u", "auth": "google", "oauth": {"client_id": "x"}},
)


def _read_imap(sec: _Section) -> ImapSettings:
    k = sec.name
    tls = sec.string("tls", "implicit")
    if tls not in TLS_MODES:
        raise sec._bad("tls", "one of implicit, starttls, none")
    host = sec.string("host", required=True).strip()
    port = sec.integer("port", DEFAULT_PORTS[tls], 1, 65535)
    if tls == "none" and not is_loopback_host(host):
        raise ConfigError(f"{k}.tls = 'none' is only allowed for loopback hosts, not {host!r}: "
                          "use implicit or starttls")
    tls_verify = sec.boolean("tls_verify", True)
    insecure_ok = sec.boolean("i_understand_tls_verification_is_off", False)
    if not tls_verify and not is_loopback_host(host) and not insecure_ok:
        raise ConfigError(f"{k}.tls_verify = false for a non-loopback host needs "
                          f"{k}.i_understand_tls_verification_is_off = true: anyone on the network "
                          f"could read your password. Prefer {k}.ca_file for a self-signed server")
    auth = sec.string("auth", "password")
    if auth not in AUTH_KINDS:
        raise sec._bad("auth", "one of password, microsoft, google, command")
    sources = [key for key in ("password_env", "password_command") if key in sec.data]
    keyring = sec.boolean("keyring", False)
    password_env = sec.string("password_env")
    password_command = sec.string("password_command")
    if "password" in sec.data:
        raise ConfigError(f"{k}.password: passwords are never stored in the config file; use "
                          "password_env, password_command or keyring = true")
    if len(sources) + int(keyring) > 1:
        raise ConfigError(f"{k}: set only one of password_env, password_command, keyring")
    if auth != "password" and (sources or keyring):
        key = sources[0] if sources else "keyring"
        raise ConfigError(f"{k}.{key}: a password source on an account with auth = {auth!r} (remove it, "
                          "or set auth = \"password\")")
    token_command = sec.string("token_command")
    if auth == "command" and not token_command:
        raise ConfigError(f"{k}.token_command is missing: auth = \"command\" needs a command that prints "
                          "an access token")
    if token_command is not None and auth != "command":
        raise ConfigError(f"{k}.token_command: only for auth = \"command\" (this account has auth = {auth!r})")
    oauth = parse_oauth(k, auth, sec.get("oauth", dict, None, "a table [" + k + ".oauth]"))
    ca_file = sec.string("ca_file")
    if ca_file and not Path(ca_file).expanduser().is_file():
        raise sec._bad("ca_file", "the path of an existing PEM file")
    training = sec.get("training_folders", dict, {}, "a table label = \"folder\"")
    for label, folder in training.items():
        if not isinstance(folder, str) or not folder:
            raise ConfigError(f"{k}.training_folders.{label}: expected a folder name")
    from_address = sec.string("from_address")
    if from_address is not None and not is_addr_spec(from_address):
        raise sec._bad("from_address", "one email address such as \"you@example.com\"")
    return ImapSettings(
        host=host, port=port, tls=tls, username=sec.string("username", required=True),
        password_env=password_env, password_command=password_command, keyring=keyring,
        folders=sec.strings("folders", ("INBOX",)),
        initial_lookback_days=sec.integer("initial_lookback_days", 30, 0, 36500),
        drafts_folder=sec.string("drafts_folder"), sent_folder=sec.string("sent_folder"),
        training_folders=dict(training), ca_file=ca_file, tls_verify=tls_verify,
        timeout=sec.number("timeout", 60.0, 1.0, 3600.0), idle=sec.boolean("idle", True),
        fetch_batch=sec.integer("fetch_batch", 200, 1, 5000),
        max_fetch_bytes=sec.integer("max_fetch_bytes", 2_000_000, 10_000, 1_000_000_000),
        auth=auth, oauth=oauth, token_command=token_command, from_address=from_address,
        your_name=sec.string("your_name"), signature=sec.string("signature"),
        max_connections=sec.integer("max_connections", 10, 2, 100),
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


def _parse_followup(sec: _Section) -> FollowupSettings:
    min_days = sec.integer("min_days", 14, 0, 365)
    max_days = sec.integer("max_days", 21, 0, 365)
    if max_days < min_days:
        raise ConfigError(f"followup.max_days = {max_days} is less than followup.min_days = {min_days}")
    timezone = sec.string("timezone", "UTC")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise sec._bad("timezone", "an IANA time zone name such as 'Europe/Berlin'") from None
    hours = sec.get("hours", list, [9, 11], "a list [first_hour, last_hour], e.g. [9, 11]")
    if (len(hours) != 2 or not all(isinstance(h, int) and not isinstance(h, bool) for h in hours)
            or not 0 <= hours[0] < hours[1] <= 23):  # the window ends at last:00, so it needs first < last
        raise sec._bad("hours", "a list [first_hour, last_hour] with 0 <= first < last <= 23")
    template = sec.string("template")
    if template and not Path(template).expanduser().is_file():
        raise sec._bad("template", "the path of an existing template file")
    if template:
        refuse_unsafe_file(Path(template).expanduser(), "followup.template")
    from_address = sec.string("from_address")
    if from_address is not None and not is_addr_spec(from_address):
        raise sec._bad("from_address", "one email address such as \"you@example.com\"")
    return FollowupSettings(
        min_days=min_days, max_days=max_days, timezone=timezone,
        your_name=sec.string("your_name", ""), signature=sec.string("signature", ""),
        template=template, hours=(hours[0], hours[1]), from_address=from_address,
        **followup_kinds(sec),  # which kinds, when, in which language
    )


def _refuse_anothers_sender(accounts: tuple[Account, ...], shared: FollowupSettings) -> None:
    """An account signed by a person of its own (its ``your_name``, not the shared one) whose drafts would go From
    the shared ``followup.from_address`` - no ``from_address`` of its own, a username that is no address - would
    save drafts From another person, and its digest To them: refused, naming the key to set."""
    for acct in accounts:
        imap = acct.imap
        own_person = imap.your_name is not None and imap.your_name != shared.your_name
        if own_person and shared.from_address and not imap.from_address and not is_addr_spec(imap.username):
            raise ConfigError(f"accounts.{acct.name}.from_address is missing: this account is signed by "
                              f"{imap.your_name!r}, and its drafts and digest would go From (and the digest To) "
                              f"followup.from_address {shared.from_address!r}, another person's; set "
                              f"from_address = \"ADDRESS\" in [accounts.{acct.name}]")


def followup_kinds(sec: _Section) -> dict[str, Any]:
    """The [followup] keys of follow-up kinds: which kinds are drafted, when, in which language, and where
    the user's own templates are."""
    language = sec.string("language", "en")
    if language not in LANGUAGES:
        raise sec._bad("language", f"one of {', '.join(LANGUAGES)}")
    templates_dir = sec.string("templates_dir")
    if templates_dir and not Path(templates_dir).expanduser().is_dir():
        raise sec._bad("templates_dir", "the path of an existing directory")
    if templates_dir:
        refuse_unsafe_file(Path(templates_dir).expanduser(), "followup.templates_dir")
    portuguese = sec.string("portuguese", "auto")
    if portuguese not in ("auto", *PORTUGUESE):
        raise sec._bad("portuguese", f"auto, {' or '.join(PORTUGUESE)}")
    after = sec.string("after_application_rejection", "draft")
    if after not in ("draft", "skip"):
        raise sec._bad("after_application_rejection", "draft or skip")
    return dict(language=language, templates_dir=templates_dir, after_application_rejection=after,
                rejection_thanks=sec.boolean("rejection_thanks", True),
                interview_thanks=sec.boolean("interview_thanks", True), check_in=sec.boolean("check_in", True),
                check_in_days=sec.integer("check_in_days", 14, 1, 365),
                max_check_ins=sec.integer("max_check_ins", 1, 0, MAX_CHECK_INS), portuguese=portuguese,
                ghosted_days=sec.integer("ghosted_days", 45, 0, 3650))


def is_addr_spec(value: str) -> bool:
    """One bare address (``you@example.com``): no display name, no list, no spaces."""
    name, addr = email.utils.parseaddr(value)
    return (not name and addr == value and value.count("@") == 1 and not value.startswith("@")
            and not value.endswith("@") and not any(c.isspace() or c in '<>(),;:"[]\\' for c in value))


def _with_default_sender(followup: FollowupSettings, imap: ImapSettings | None) -> FollowupSettings:
    """``followup.from_address`` defaults to ``imap.username`` when that is an address."""
    if followup.from_address or imap is None or not is_addr_spec(imap.username):
        return followup
    return replace(followup, from_address=imap.username)


def _parse_storage(sec: _Section) -> StorageSettings:
    token_store = sec.string("token_store", "auto")
    if token_store not in TOKEN_STORES:
        raise sec._bad("token_store", "one of auto, keyring, file")
    return StorageSettings(database=sec.string("database", "") or default_database_url(),
                           keep_bodies=sec.boolean("keep_bodies", True), token_store=token_store)


def _parse_classifier(sec: _Section) -> ClassifierSettings:
    model = sec.string("model")
    if model and not Path(model).expanduser().is_file():
        raise sec._bad("model", "the path of an existing .skops model file")
    return ClassifierSettings(
        model=model,
        rejection_threshold=(sec.number("rejection_threshold", 0.5, 0.0, 1.0)
                             if "rejection_threshold" in sec.data else None),
        min_confidence=sec.number("min_confidence", 0.5, 0.0, 1.0),
        workers=sec.integer("workers", 0, -1, 16),
    )


def _parse_daemon(sec: _Section) -> DaemonSettings:
    level = sec.string("log_level", "INFO").upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise sec._bad("log_level", "one of DEBUG, INFO, WARNING, ERROR")
    return DaemonSettings(poll_interval=sec.integer("poll_interval", 300, 5, 86400), log_level=level,
                          max_pass_seconds=sec.integer("max_pass_seconds", 3600, 5, 7 * 86400),
                          lease_seconds=sec.integer("lease_seconds", 20, 2, 600),
                          parallel_passes=sec.integer("parallel_passes", 1, 1, 64),
                          idle_connections_per_host=sec.integer("idle_connections_per_host", 0, 0, 1_000_000),
                          logins_per_second=sec.number("logins_per_second", 20.0, 0.1, 10_000.0))


def _parse_digest(sec: _Section) -> DigestSettings:
    weekday = sec.string("weekday", "monday").lower()
    if weekday not in WEEKDAYS:
        raise sec._bad("weekday", "a day of the week such as \"monday\"")
    return DigestSettings(enabled=sec.boolean("enabled", False), weekday=weekday, hour=sec.integer("hour", 8, 0, 23))


def _parse_notify(sec: _Section) -> NotifySettings:
    enabled = sec.boolean("enabled", False)
    urls = sec.strings("urls", ()) if "urls" in sec.data else ()
    if enabled and not urls:
        raise ConfigError("notify.urls is missing: notify.enabled = true needs at least one Apprise URL, "
                          "e.g. urls = [\"ntfy://my-topic\"]")
    return NotifySettings(enabled=enabled, urls=urls, include_subject=sec.boolean("include_subject", False))


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def parse_settings(data: dict[str, Any], path: Path | None = None) -> Settings:
    """Validate a parsed TOML document; raises ConfigError naming the first bad key."""
    known = {"imap", "accounts", "followup", "classifier", "storage", "daemon", "digest", "notify"}
    for key in data:
        if key not in known:
            raise ConfigError(f"unknown section or key {key!r} (known: {', '.join(sorted(known))})")
    sections = {name: _Section(name, data.get(name, {})) for name in known - {"accounts"}}
    accounts = parse_accounts(data.get("accounts", {}),
                               _parse_imap(sections["imap"]) if "imap" in data else None)
    imap = accounts[0].imap if accounts else None
    parsed_followup = read_section(sections["followup"], _parse_followup)
    followup = _with_default_sender(parsed_followup, imap)
    classifier = read_section(sections["classifier"], _parse_classifier)
    storage = read_section(sections["storage"], _parse_storage)
    daemon = read_section(sections["daemon"], _parse_daemon)
    digest = read_section(sections["digest"], _parse_digest)
    notify = read_section(sections["notify"], _parse_notify)
    for name in sections:
        if name != "imap" or "imap" in data:
            sections[name].check_unknown()
    _refuse_anothers_sender(accounts, parsed_followup)
    settings = Settings(imap=imap, followup=followup, classifier=classifier, storage=storage,
                        daemon=daemon, path=path, accounts=accounts, digest=digest, notify=notify,
                        explicit_from=parsed_followup.from_address)
    return settings.for_account(accounts[0]) if accounts else settings


def load_settings(path: str | Path | None = None, *, required: bool = True) -> Settings:
    """Load the config file (``--config``, else ``$ONWARD_CONFIG``, else the platform config dir).

    With ``required=False`` a missing file yields defaults (for commands that need no mailbox).
    """
    cfg_path = Path(path).expanduser() if path else default_config_path()
    if not cfg_path.exists():
        if required:
            raise ConfigError(f"no config file at {cfg_path}: copy config/onward.example.toml there "
                              "or pass --config PATH")
        return parse_settings({}, None)
    refuse_unsafe_file(cfg_path, "config file")
    try:
        text = cfg_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{cfg_path}: cannot read: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{cfg_path}: not valid TOML: {exc}") from None
    try:
        settings = parse_settings(data, cfg_path)
    except ConfigError as exc:
        raise ConfigError(f"{cfg_path}: {exc}") from None
    _warn_if_exposed(cfg_path, settings)
    return settings


def unsafe_file_reason(path: Path) -> str | None:
    """Why another local user could change ``path`` (None when only its owner can), as ssh checks its
    config: the owner must be this user or root; group/others must not have write permission (the
    group may, when it is the owner's private group). The reason ends with the command that fixes it."""
    try:
        st = path.stat()
    except OSError:
        return None  # a missing file is reported by whoever reads it
    if st.st_uid not in (os.geteuid(), 0):
        return f"{path} is owned by another user (uid {st.st_uid}): use a file of your own"
    if st.st_mode & stat.S_IWOTH or (st.st_mode & stat.S_IWGRP and not _private_group(st)):
        return (f"{path} is writable by {'others' if st.st_mode & stat.S_IWOTH else 'its group'} "
                f"(mode {stat.S_IMODE(st.st_mode):o}): run chmod go-w {path} (or chmod 600 {path})")
    return None


def _private_group(st: os.stat_result) -> bool:
    """The file's group has exactly one member, its owner (Debian's user private groups)."""
    try:
        group = grp.getgrgid(st.st_gid)
        owner = pwd.getpwuid(st.st_uid).pw_name
    except KeyError:
        return False
    if any(m != owner for m in group.gr_mem):
        return False
    primary = [p.pw_uid for p in pwd.getpwall() if p.pw_gid == st.st_gid]
    return all(uid == st.st_uid for uid in primary) and bool(primary or group.gr_mem)


def refuse_unsafe_file(path: Path, what: str) -> None:
    """ConfigError when another user could change ``path`` (see :func:`unsafe_file_reason`)."""
    reason = unsafe_file_reason(path)
    if reason:
        raise ConfigError(f"{what}: refused: {reason}")


def _warn_if_exposed(path: Path, settings: Settings) -> None:
    if not any(a.imap.password_command or a.imap.token_command for a in settings.accounts):
        return
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        log.warning("%s names a password_command or token_command and is readable by group/others (mode %o); "
                    "run: chmod 600 %s", path, stat.S_IMODE(mode), path)


def shares_accounts(url: str) -> bool:
    """A server database (not SQLite): several daemons may use it at once, sharing the accounts through
    leases (docs/scaling.md); on SQLite one daemon holds the database (the single-instance lock)."""
    return not url.startswith("sqlite")


def database_path(url: str) -> Path | None:
    """The file behind a ``sqlite:///`` URL (None for in-memory or server databases)."""
    if not url.startswith("sqlite:///"):
        return None
    rest = url[len("sqlite:///"):]
    if not rest or rest == ":memory:":
        return None
    return Path(rest.split("?", 1)[0])
