"""The mailbox: the only module that speaks IMAP (through imapclient).

Safety rules enforced here, in one place:

* watched folders are opened read-only (``EXAMINE``) and read with ``BODY.PEEK`` so that no flag,
  ``\\Seen`` included, ever changes;
* the only write Onward ever makes is ``APPEND`` of a draft (flag ``\\Draft``) to the Drafts folder
  (and, when the account has no Drafts folder at all, ``CREATE Drafts``); nothing is stored,
  moved, copied, deleted or expunged;
* TLS verifies the certificate and host name by default; plaintext only to loopback hosts.

Errors are translated into a few typed exceptions (``AuthError``, ``ConnectError``, ``TLSError``,
``FolderError``, ``ServerRefusedError``, ``MailboxError``), each with a one-line message and an exit code
for the CLI. A server's NO or BAD on a working connection is ``ServerRefusedError``: it names the command
and quotes the server, and is never reported as "cannot connect".

Strict servers (Courier-IMAP) refuse an APPEND into the folder the connection holds selected read-only,
so before the one write the selection is released: UNSELECT where offered, else CLOSE (which expunges
nothing on a folder opened with EXAMINE), else a fresh connection. See docs/compatibility.md.
Every read goes through :mod:`agent.mail.guard`: each command has a wall-clock deadline and limits
on what the server may send (literal size, untagged responses, bytes), so a stalled, broken or
hostile server raises ``ConnectError`` instead of hanging or filling the memory; every FETCH asks
for a bounded part (``<0.N>``), so an honest server never breaks those limits.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import socket
import ssl
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import imapclient
from imapclient.exceptions import IMAPClientAbortError, IMAPClientError, LoginError
from imapclient.util import to_unicode

from agent.config import ImapSettings
from agent.mail.guard import (
    LITERAL_SLACK,
    MAX_COMMAND_BYTES,
    GuardedIMAPClient,
    ReadGuard,
    ServerLimitError,
    quiet_imaplib,
)
from agent.mail.mime import with_text_part
from agent.mail.parts import body_of, expunged, text_in_partial, text_part_of
from agent.mail.signin import TokenSource, refused_password_hint, sign_in

log = logging.getLogger(__name__)

DRAFT_FLAG = b"\\Draft"
DRAFTS_FALLBACK_NAMES = ("Drafts", "INBOX/Drafts", "INBOX.Drafts", "[Gmail]/Drafts", "[Google Mail]/Drafts",
                         "Draft", "Entwürfe", "Brouillons", "Borradores", "Bozze")
SENT_FALLBACK_NAMES = ("Sent", "Sent Items", "Sent Messages", "INBOX/Sent", "INBOX.Sent", "[Gmail]/Sent Mail",
                       "[Google Mail]/Sent Mail", "Gesendet", "Gesendete Elemente", "Envoyés",
                       "Éléments envoyés", "Enviados")
JUNK_FALLBACK_NAMES = ("Junk", "Spam", "INBOX/Junk", "INBOX.Junk", "INBOX.Spam", "[Gmail]/Spam", "[Google Mail]/Spam",
                       "Junk E-Mail", "Junk Email", "Junk-E-Mail", "Courrier indésirable", "Correo no deseado")
# the folders a pass reads only for the mail of known applications (in their threads, or from their senders), unless
# watched (find_special kinds; agent/scan.py:Scan.poll_screened): mail a spam filter caught, mail thrown away unread
SCREENED_FOLDERS = ("junk", "trash")
ALL_MAIL_FALLBACK_NAMES = ("[Gmail]/All Mail", "[Google Mail]/All Mail", "[Google Mail]/Alle Nachrichten")
TRASH_FALLBACK_NAMES = ("Trash", "INBOX/Trash", "INBOX.Trash", "[Gmail]/Trash", "[Gmail]/Bin", "[Google Mail]/Trash",
                        "[Google Mail]/Papierkorb", "Deleted Items", "Deleted Messages", "Papierkorb",
                        "Gelöschte Elemente", "Corbeille", "Papelera")


class MailboxError(RuntimeError):
    """An IMAP problem. ``exit_code`` is what ``onward check`` / ``run --once`` exit with."""

    exit_code = 3


class ConnectError(MailboxError):
    """Host unknown, refused, unreachable, timed out or dropped."""

    exit_code = 3


class AuthError(MailboxError):
    """The server refused the credentials."""

    exit_code = 4


class TLSError(MailboxError):
    """The TLS handshake or certificate verification failed."""

    exit_code = 5


class ServerRefusedError(MailboxError):
    """The server answered NO or BAD to a command on a working connection: not a network fault, and not
    the config's; the message names the command and quotes the server's words."""

    exit_code = 10


class FolderError(MailboxError):
    """A folder named in the config does not exist on the server: a config error."""

    exit_code = 2


class NeedsLoginError(AuthError):
    """An OAuth2 account's sign-in is gone (refresh token revoked or expired, or never made): the user
    must run ``onward login --account NAME``; the message says so."""

    exit_code = 9


class TokenServiceError(ConnectError):
    """The identity provider (or the token command) gave no token now: retried like a network fault."""


HEADER_FIELDS_BYTES = 32_768  # the most read of a few header fields (Message-ID, References, ...)
WRONG_TLS_HINT = "check imap.tls and imap.port"

# (host, port, tls) of every server that greeted this process: a silent server among these is a hung
# server, not a wrong port, so the wrong-TLS hint is left out. A pass process forked by the daemon
# inherits what the daemon's IDLE connection learnt.
_GREETED: set[tuple[str, int, str]] = set()


# Exceptions that mean "the connection is gone or unusable; reconnect later".
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    ConnectError, OSError, socket.timeout, imapclient.exceptions.IMAPClientAbortError, EOFError)


@dataclass(frozen=True)
class FolderStatus:
    name: str
    uidvalidity: int
    uidnext: int | None
    exists: int
    uidnext_from_status: bool = False  # the EXAMINE left UIDNEXT out; STATUS gave it (Courier)


@dataclass(frozen=True)
class Fetched:
    """One message as fetched: ``raw`` may be the first ``max_fetch_bytes`` only (``truncated``)."""

    uid: int
    raw: bytes
    size: int
    internaldate: datetime | None
    flags: tuple[bytes, ...]

    @property
    def truncated(self) -> bool:
        return len(self.raw) < self.size


def make_ssl_context(settings: ImapSettings) -> ssl.SSLContext:
    """The TLS context of a connection: one per CA file (and its modification time) and verification
    mode, shared by every connection of the process. A context holding the system's CA store takes
    about 0.8 MB, and each open connection keeps its context: a daemon watching hundreds of accounts
    would otherwise hold hundreds of copies."""
    if not settings.tls_verify:
        log.warning("TLS CERTIFICATE VERIFICATION IS OFF for %s: the connection can be intercepted",
                    settings.host)
    ca_file = settings.ca_file
    try:
        stamp = os.stat(ca_file).st_mtime_ns if ca_file else None
    except OSError:
        stamp = None  # unreadable: create_default_context says why
    return _ssl_context(ca_file, stamp, settings.tls_verify)


@functools.lru_cache(maxsize=32)
def _ssl_context(ca_file: str | None, _stamp: int | None, verify: bool) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=ca_file)
    if not verify:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


_FAILED_PREFIX_RE = re.compile(r"^[a-z]+ (?:failed|command error): ", re.I)


def server_words(exc: BaseException) -> str:
    """What the server said in its NO/BAD, without imapclient's ``append failed:`` / imaplib's
    ``APPEND command error:`` in front."""
    text = _describe(exc)
    return _FAILED_PREFIX_RE.sub("", text, count=1) or text


def _describe(exc: BaseException) -> str:
    arg = exc.args[0] if len(exc.args) == 1 else None
    if isinstance(arg, bytes | bytearray):  # imapclient passes the server's text as bytes
        text = bytes(arg).decode("utf-8", "replace").strip()
    else:
        text = str(exc).strip()
    if text.startswith(("b'", 'b"')) and text.endswith(("'", '"')):
        text = text[2:-1]
    text = text or type(exc).__name__
    return text.splitlines()[0][:300]


class Mailbox:
    """A logged-in IMAP session. Use as a context manager: ``with Mailbox(settings, pw) as mb: ...``."""

    def __init__(self, settings: ImapSettings, password: str | TokenSource) -> None:
        self.settings = settings
        self._password = password
        self.client: imapclient.IMAPClient | None = None
        self._selected: str | None = None  # the folder this connection holds selected (by EXAMINE)
        self._selected_readonly = False  # ... and the server confirmed it read-only ([READ-ONLY])
        self._folders: list[tuple[tuple[bytes, ...], str]] | None = None
        self._guard = ReadGuard(settings.timeout)

    # -- connection ---------------------------------------------------------------------------------

    def __enter__(self) -> Mailbox:
        self.connect()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def connect(self) -> None:
        s = self.settings
        where = f"{s.host}:{s.port}"
        timeout = imapclient.SocketTimeout(connect=min(15.0, s.timeout), read=s.timeout)
        guard = self._guard = ReadGuard(timeout.read, timeout.connect)
        try:
            ctx = make_ssl_context(s) if s.tls != "none" else None
            client = GuardedIMAPClient(guard, s.host, port=s.port, ssl=(s.tls == "implicit"),
                                       ssl_context=ctx, timeout=timeout)
            quiet_imaplib(client)
            if s.tls == "starttls":
                client.starttls(ctx)
            _GREETED.add((s.host, s.port, s.tls))
        except ssl.SSLCertVerificationError as exc:
            raise TLSError(f"TLS certificate of {where} could not be verified: {exc.verify_message}"
                           " (set imap.ca_file for a self-signed server)") from None
        except ssl.SSLError as exc:
            raise TLSError(f"TLS handshake with {where} failed: {_describe(exc)} ({WRONG_TLS_HINT})") from None
        except socket.gaierror as exc:
            raise ConnectError(f"cannot resolve IMAP host {s.host!r}: {exc.strerror}") from None
        except ServerLimitError as exc:
            raise ConnectError(f"IMAP server at {where} {exc}") from None
        except TimeoutError:
            raise ConnectError(self._timed_out(where)) from None
        except OSError as exc:
            raise ConnectError(f"cannot connect to {where}: {exc.strerror or _describe(exc)}") from None
        except IMAPClientError as exc:
            raise ConnectError(f"IMAP error from {where}: {_describe(exc)}") from None
        try:
            sign_in(client, s, self._password)
        except LoginError as exc:
            _quiet_close(client)
            if isinstance(exc.__context__, IMAPClientAbortError):  # the connection dropped during LOGIN (the
                # server restarting): no answer to the credentials, so a network failure, retried with backoff
                raise ConnectError(f"login to {where}: the connection was lost ({_describe(exc)})") from None
            if "[UNAVAILABLE]" in _describe(exc).upper():  # the server cannot check sign-ins now: retried
                raise ConnectError(f"login to {where}: {_describe(exc)}") from None
            raise AuthError(f"login to {where} as {s.username!r} failed: {_describe(exc)} " + (
                "(the server refused a fresh access token: check imap.username)" if s.uses_oauth else
                f"({refused_password_hint(s.host)})")) from None
        except MailboxError:  # from the token source: needs login, identity provider down
            _quiet_close(client)
            raise
        except ServerLimitError as exc:
            _quiet_close(client)
            raise ConnectError(f"login to {where}: the server {exc}") from None
        except (OSError, IMAPClientError) as exc:
            _quiet_close(client)
            raise ConnectError(f"login to {where} failed: {_describe(exc)}") from None
        self.client = client
        self._selected = None
        self._selected_readonly = False
        self._folders = None

    def _timed_out(self, where: str) -> str:
        """A silent server: without its greeting on a plain connection, most likely an implicit-TLS
        port (it waits for a TLS handshake that never comes) - unless these settings have already
        worked in this process: then the server hangs, and the hint would mislead."""
        s = self.settings
        if self._guard.connected and self._guard.phase == "greeting":
            worked = (s.host, s.port, s.tls) in _GREETED
            hint = f"; an implicit-TLS port? {WRONG_TLS_HINT}" if s.tls != "implicit" and not worked else ""
            return f"connection to {where} timed out: no IMAP greeting within {self._guard.connect_timeout:.0f} s{hint}"
        return f"connection to {where} timed out"

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.logout()
            except Exception:  # noqa: BLE001 - closing a dead connection must never raise
                _quiet_close(self.client)
            self.client = None

    @property
    def c(self) -> imapclient.IMAPClient:
        if self.client is None:
            raise ConnectError("not connected")
        return self.client

    def _call(self, what: str, fn: Any, *args: Any, literal_max: int | None = None, **kwargs: Any) -> Any:
        """Run one IMAP command, turning socket trouble into ConnectError (transient).

        ``literal_max``: the largest literal the answer may hold (FETCH; others get the guard's small
        default). A server that breaks a limit of the guard is dropped (ConnectError)."""
        if literal_max is not None:
            self._guard.literal_max = literal_max
        try:
            return fn(*args, **kwargs)
        except ServerLimitError as exc:
            self._drop()
            raise ConnectError(f"IMAP {what}: the server {exc}; connection dropped") from None
        except TimeoutError:
            self._drop()
            raise ConnectError(f"IMAP {what} timed out") from None
        except (OSError, EOFError, imapclient.exceptions.IMAPClientAbortError) as exc:
            self._drop()
            raise ConnectError(f"connection lost during {what}: {_describe(exc)}") from None
        except IMAPClientError as exc:
            raise ServerRefusedError(f"the IMAP server refused {what}: {server_words(exc)}") from None
        finally:
            self._guard.literal_max = ReadGuard.literal_max_default

    def _fetch(self, uids: Sequence[int], items: list[bytes], per_message: int) -> dict[int, Any]:
        """FETCH ``items`` of ``uids``, each answer at most ``per_message`` bytes: in as many commands
        as keep the most an honest server can send for one under half the guard's byte limit."""
        per_command = max(1, MAX_COMMAND_BYTES // 2 // (per_message + LITERAL_SLACK + 1024))
        out: dict[int, Any] = {}
        for start in range(0, len(uids), per_command):
            chunk = list(uids[start:start + per_command])
            out.update(self._call("FETCH", self.c.fetch, chunk, items, literal_max=per_message + LITERAL_SLACK))
        return out

    def _drop(self) -> None:
        if self.client is not None:
            _quiet_close(self.client)
            self.client = None

    def capabilities(self) -> list[str]:
        return sorted(to_unicode(c) for c in self._call("CAPABILITY", self.c.capabilities))

    def has_capability(self, name: str) -> bool:
        return bool(self.c.has_capability(name))

    # -- folders ------------------------------------------------------------------------------------

    def folders(self) -> list[tuple[tuple[bytes, ...], str]]:
        if self._folders is None:
            listing = self._call("LIST", self.c.list_folders)
            self._folders = [(tuple(flags), name) for flags, _delim, name in listing]
        return self._folders

    def folder_names(self) -> list[str]:
        return [name for _flags, name in self.folders()]

    def find_special(self, kind: str, override: str | None = None) -> str | None:
        """Drafts, Sent, Junk (spam), Trash or All (Gmail's All Mail): the config override, else SPECIAL-USE, else
        a well-known name."""
        names = self.folder_names()
        if override:
            return override if override in names else None
        flag = {"drafts": b"\\Drafts", "sent": b"\\Sent", "junk": b"\\Junk", "trash": b"\\Trash", "all": b"\\All"}[kind]
        for flags, name in self.folders():
            if flag in flags:
                return name
        fallback = {"drafts": DRAFTS_FALLBACK_NAMES, "sent": SENT_FALLBACK_NAMES, "junk": JUNK_FALLBACK_NAMES,
                    "trash": TRASH_FALLBACK_NAMES, "all": ALL_MAIL_FALLBACK_NAMES}[kind]
        lowered = {n.casefold(): n for n in names}
        for candidate in fallback:
            if candidate.casefold() in lowered:
                return lowered[candidate.casefold()]
        return None

    def ensure_drafts(self) -> str:
        """The Drafts folder, created as ``Drafts`` when the account has none (and no override)."""
        found = self.find_special("drafts", self.settings.drafts_folder)
        if found:
            return found
        if self.settings.drafts_folder:
            raise FolderError(self._missing_folder(self.settings.drafts_folder, "imap.drafts_folder"))
        log.warning("no Drafts folder found; creating 'Drafts'")
        self._call("CREATE", self.c.create_folder, "Drafts")
        self._folders = None
        return "Drafts"

    def examine(self, folder: str) -> FolderStatus:
        """Open a folder read-only (EXAMINE): nothing Onward does afterwards can change flags.

        A folder that does not exist is a config error (``FolderError``, naming the config key)."""
        try:
            info = self._call(f"EXAMINE {folder}", self.c.select_folder, folder, readonly=True)
        except ConnectError:
            raise
        except MailboxError:
            self._folders = None
            if folder in self.folder_names():
                raise
            raise FolderError(self._missing_folder(folder)) from None
        self._selected = folder
        self._selected_readonly = b"READ-ONLY" in info
        uidnext = int(info[b"UIDNEXT"]) if b"UIDNEXT" in info else self._status_uidnext(folder)
        return FolderStatus(name=folder, uidvalidity=int(info.get(b"UIDVALIDITY", 0)), uidnext=uidnext,
                            exists=int(info.get(b"EXISTS", 0)),
                            uidnext_from_status=b"UIDNEXT" not in info and uidnext is not None)

    def _status_uidnext(self, folder: str) -> int | None:
        """UIDNEXT from ``STATUS folder (UIDNEXT)``, for servers whose EXAMINE leaves it out (Courier):
        asked after the EXAMINE, so mail arriving in between can only make it larger (a wake too many,
        never one too few). None when the server refuses that too."""
        try:
            status = self._call(f"STATUS {folder}", self.c.folder_status, folder, [b"UIDNEXT"])
        except ConnectError:
            raise
        except MailboxError as exc:
            log.debug("no UIDNEXT for %s: %s", folder, exc)
            return None
        value = status.get(b"UIDNEXT")
        return int(value) if value is not None else None

    def release_selection(self) -> str | None:
        """Leave the selected folder, deleting nothing; return how (UNSELECT, CLOSE, reconnect) or None.

        UNSELECT (RFC 3691) where offered; else CLOSE, only on an EXAMINE the server confirmed
        [READ-ONLY] (it then expunges nothing, RFC 3501 6.4.2); else, or when refused, a new connection."""
        if self._selected is None or self.client is None:
            return None
        how = "reconnect"
        try:
            if self.c.has_capability("UNSELECT"):
                self._call("UNSELECT", self.c.unselect_folder)
                how = "UNSELECT"
            elif self._selected_readonly:
                self._call("CLOSE", self.c.close_folder)
                how = "CLOSE"
        except ServerRefusedError as exc:
            log.info("%s; reconnecting to leave %s", exc, self._selected)
        if how == "reconnect":
            self.close()
            self.connect()
        self._selected = None
        self._selected_readonly = False
        return how

    def _missing_folder(self, folder: str, key: str | None = None) -> str:
        s = self.settings
        key = key or ("imap.folders" if folder in s.folders else "imap.drafts_folder" if folder == s.drafts_folder
                      else "imap.sent_folder" if folder == s.sent_folder
                      else "imap.training_folders" if folder in s.training_folders.values() else "folder")
        names = self.folder_names()
        more = ", ..." if len(names) > 20 else ""
        return f"{key}: folder {folder!r} does not exist on {s.host} (folders: {', '.join(names[:20])}{more})"

    # -- reading ------------------------------------------------------------------------------------

    def uids_after(self, last_uid: int) -> list[int]:
        uids = self._call("SEARCH", self.c.search, ["UID", f"{last_uid + 1}:*"])
        return sorted(u for u in uids if u > last_uid)

    def uids_since(self, day: date) -> list[int]:
        return sorted(self._call("SEARCH", self.c.search, ["SINCE", day]))

    def all_uids(self) -> list[int]:
        return sorted(self._call("SEARCH", self.c.search, ["ALL"]))

    def fetch(self, uids: Sequence[int], batch: int | None = None, limit: int | None = None,
              text_parts: int = 0) -> Iterator[list[Fetched]]:
        """Yield batches of messages, each read with BODY.PEEK (flags unchanged), in UID order.

        Messages larger than ``limit`` (default ``max_fetch_bytes``) are fetched partially, so a 25 MB
        attachment costs nothing; in nearly all mail the text comes first and is in that part.  With
        ``text_parts`` > 0, a partial read in which no text part even starts (an attachment first, see
        :func:`text_in_partial`) is re-read as its header and its text part only (at most
        ``text_parts`` bytes of it), found with BODYSTRUCTURE, and ``raw`` is that reduced message
        (``truncated`` stays true).  When that fails (no BODYSTRUCTURE, a NO), the partial read stays.
        """
        size = batch or self.settings.fetch_batch
        limit = limit or self.settings.max_fetch_bytes
        part = f"BODY.PEEK[]<0.{limit}>".encode()
        for start in range(0, len(uids), size):
            chunk = list(uids[start:start + size])
            data = self._fetch(chunk, [part, b"RFC822.SIZE", b"INTERNALDATE"], limit)
            out = []
            for uid in chunk:
                item = data.get(uid)
                if item is None or expunged(item):  # expunged since the SEARCH: nothing to do
                    continue
                raw = body_of(item)
                out.append(Fetched(uid=uid, raw=raw, size=int(item.get(b"RFC822.SIZE", len(raw))),
                                   internaldate=item.get(b"INTERNALDATE"),
                                   flags=tuple(item.get(b"FLAGS", ()))))
            large = [m.uid for m in out if m.truncated and not text_in_partial(m.raw)] if text_parts else []
            if large:
                reduced = self.fetch_text_parts(large, text_parts)
                out = [replace(m, raw=reduced[m.uid]) if m.uid in reduced else m for m in out]
            yield out

    def fetch_text_parts(self, uids: Sequence[int], limit: int) -> dict[int, bytes]:
        """uid -> the message as header + its main text part (see :func:`text_part_of`), for the
        messages where the server describes one: one FETCH for the structures and headers, then one
        per distinct part number (usually one or two)."""
        header_max = self.settings.max_fetch_bytes
        try:
            meta = self._fetch(uids, [b"BODYSTRUCTURE", f"BODY.PEEK[HEADER]<0.{header_max}>".encode()], header_max)
        except MailboxError as exc:
            if isinstance(exc, ConnectError):
                raise
            log.debug("BODYSTRUCTURE not available (%s): keeping partial reads", exc)
            return {}
        wanted: dict[str, list[int]] = {}
        parts: dict[int, tuple[str, str, str | None, str | None]] = {}
        for uid in uids:
            item = meta.get(uid) or {}
            found = text_part_of(item.get(b"BODYSTRUCTURE"))
            if found is not None and isinstance(item.get(b"BODY[HEADER]<0>"), bytes):
                parts[uid] = found
                wanted.setdefault(found[0], []).append(uid)
        out: dict[int, bytes] = {}
        for section, group in wanted.items():
            spec = f"BODY.PEEK[{section}]<0.{limit}>".encode()
            try:
                data = self._fetch(group, [spec], limit)
            except MailboxError as exc:
                if isinstance(exc, ConnectError):
                    raise
                log.debug("FETCH of part %s failed (%s): keeping partial reads", section, exc)
                continue
            for uid in group:
                body = (data.get(uid) or {}).get(f"BODY[{section}]<0>".encode())
                if isinstance(body, bytes | bytearray):
                    _, subtype, charset, encoding = parts[uid]
                    out[uid] = with_text_part(meta[uid][b"BODY[HEADER]<0>"], bytes(body), subtype, charset, encoding)
        return out

    def fetch_flags(self, uids: Sequence[int]) -> dict[int, tuple[bytes, ...]]:
        data = self._call("FETCH", self.c.get_flags, list(uids), literal_max=0)
        return {uid: tuple(flags) for uid, flags in data.items()}

    def fetch_headers(self, uids: Sequence[int], fields: Sequence[str]) -> dict[int, bytes]:
        """Only the named header fields (cheap): used to re-match by Message-ID and to scan Sent."""
        spec = f"BODY.PEEK[HEADER.FIELDS ({' '.join(f.upper() for f in fields)})]<0.{HEADER_FIELDS_BYTES}>"
        data = self._fetch(uids, [spec.encode()], HEADER_FIELDS_BYTES)
        return {uid: body_of(item) for uid, item in data.items()}

    def gmail_ids(self, uids: Sequence[int]) -> dict[int, int]:
        """uid -> X-GM-MSGID (one id per message under all its Gmail labels); {} without X-GM-EXT-1."""
        if not uids or not self.c.has_capability("X-GM-EXT-1"):
            return {}
        data = self._fetch(uids, [b"X-GM-MSGID"], 64)
        return {uid: int(item[b"X-GM-MSGID"]) for uid, item in data.items() if b"X-GM-MSGID" in item}

    def search_header(self, field: str, value: str) -> list[int]:
        return sorted(self._call("SEARCH", self.c.search, ["HEADER", field, value]))

    # -- the one write ------------------------------------------------------------------------------

    def draft_exists(self, drafts: str, message_id: str) -> bool:
        """Is a draft with this Message-ID already in Drafts? (Makes APPEND idempotent.)"""
        self.examine(drafts)
        return bool(self.search_header("Message-ID", message_id))

    def draft_headers(self, drafts: str, message_id: str, fields: Sequence[str]) -> list[bytes]:
        """The header ``fields`` of every draft in Drafts with this Message-ID (to tell whose it is)."""
        self.examine(drafts)
        return list(self.fetch_headers(self.search_header("Message-ID", message_id), fields).values())

    def append_draft(self, drafts: str, raw: bytes, when: datetime | None = None) -> None:
        """APPEND a draft (``\\Draft``) to ``drafts``. The selected folder (``draft_exists`` EXAMINEs
        Drafts) is left first: strict servers refuse an APPEND into a folder the same connection holds
        selected read-only (Courier: ``NO Current box is selected READ-ONLY.``)."""
        self.release_selection()
        self._call(f"APPEND {drafts}", self.c.append, drafts, raw, flags=(DRAFT_FLAG,), msg_time=when)

    # -- waiting ------------------------------------------------------------------------------------

    def idle_wait(self, folder: str, seconds: float, should_stop: Callable[[], bool] = lambda: False,
                  known_uidnext: int | None = None) -> bool:
        """IDLE on ``folder`` up to ``seconds``; True as soon as the server reports new mail.

        With ``known_uidnext`` (1 + the highest UID already handled), True at once, without IDLE,
        when the folder's UIDNEXT is past it: mail that arrived before this EXAMINE is never
        announced by IDLE. Wakes every second so that a stop request (SIGTERM) is honoured promptly.
        """
        if self.idle_start(folder, known_uidnext):
            return True
        deadline = time.monotonic() + seconds
        new_mail = False
        try:
            while not should_stop() and not new_mail and time.monotonic() < deadline:
                new_mail = self.idle_news(min(1.0, max(0.1, deadline - time.monotonic())))
        finally:
            self.idle_end()
        return new_mail

    # The same in steps, for a watcher that waits on many connections at once (agent/mail/idling.py):
    # idle_start, then idle_news(0) whenever the socket (idle_socket) is readable, then idle_end.

    def idle_start(self, folder: str, known_uidnext: int | None = None) -> bool:
        """EXAMINE ``folder``; True (and no IDLE) when its UIDNEXT is past ``known_uidnext``, else enter
        IDLE and return False (the server's continuation read: the connection now idles)."""
        status = self.examine(folder)
        if known_uidnext is not None and status.uidnext is not None and status.uidnext > known_uidnext:
            return True
        self._call("IDLE", self.c.idle)
        return False

    def idle_socket(self) -> Any:
        """The socket an idling connection is read from (for ``selectors``)."""
        return self.c.socket()

    def idle_buffered(self) -> bool:
        """Lines already read from the socket (or held by TLS) but not yet looked at: a selector on
        the socket would not say so."""
        sock = self.c.socket()
        return self._guard.has_line() or (isinstance(sock, ssl.SSLSocket) and sock.pending() > 0)

    def idle_news(self, wait: float = 0.0) -> bool:
        """True when what the server said in IDLE within ``wait`` s (0: what is there now) announces new
        mail. ConnectError when the server closed the connection or said BYE."""
        lines = self._call("IDLE", self._idle_lines, self.c, wait)
        return any(_announces_mail(line) for line in lines)

    def idle_end(self) -> None:
        """Leave IDLE (DONE and its answer); a dead connection is dropped, noticed by the next command."""
        if self.client is None:
            return
        self._guard.begin()  # DONE is a command of its own: its deadline starts now
        try:
            self.client.idle_done()
        except Exception:  # noqa: BLE001 - a dead connection is noticed by the next command
            self._drop()

    def _idle_lines(self, c: imapclient.IMAPClient, wait: float) -> list[bytes]:
        """What the server says during IDLE within ``wait`` s; EOFError when it closes the connection
        or says BYE (noticed at once: no busy loop on a dead socket)."""
        lines = self._guard.lines_within(c.socket(), wait)
        for line in lines:
            if line[:6].upper() == b"* BYE ":
                raise EOFError(f"the server said BYE: {line[6:].decode('utf-8', 'replace')[:200]}")
        return lines

    def noop(self) -> None:
        self._call("NOOP", self.c.noop)


def _announces_mail(line: bytes) -> bool:
    """``* 12 EXISTS`` / ``* 1 RECENT``: new mail."""
    words = line.split(None, 2)
    return len(words) == 3 and words[0] == b"*" and words[2].upper() in (b"EXISTS", b"RECENT")


def _quiet_close(client: imapclient.IMAPClient) -> None:
    try:
        client.shutdown()
    except Exception:  # noqa: BLE001
        pass
