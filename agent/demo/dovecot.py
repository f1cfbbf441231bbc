"""A throwaway Dovecot IMAP server on loopback, for tests, ``onward demo`` and ``bench/``.

Everything lives in one short private temp dir (config, passwd-file, self-signed
certificate, mail, sockets, logs); nothing touches ``/etc/dovecot`` or a system
service. Works when started as root and as a plain user.

Typical use::

    from agent.demo.dovecot import DovecotServer

    with DovecotServer(users=["alice", "bob"]) as srv:
        srv.append("alice", "INBOX", [b"Subject: hi\\r\\n\\r\\nbody\\r\\n"])
        with srv.client("alice") as imap:          # IMAPS, certificate verified
            imap.select_folder("INBOX")

Design notes (see docs/dovecot-test-server.md in the shared docs for the recipe):

* Start-up takes about 0.03 s, a clean stop about 1.1 s, so share one server per
  test session and give each test its own pre-created user.
* Users added while the server runs are seen by Dovecot only after about 1 s;
  :meth:`DovecotServer.add_user` sleeps 1.2 s for that reason. Prefer passing all
  users to the constructor.
* Wrong passwords are rejected in about 0.5 s (failure delay and the anvil
  penalty are switched off).
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import signal
import socket
import ssl as _ssl
import subprocess
import tempfile
import time
import weakref
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from agent.demo.dovecot_setup import (
    CONFIG_TEMPLATE,
    MAIL_LOCATIONS,
    OAUTH2_AUTH,
    OAUTH2_CONF,
    PASSWORD_AUTH,
    DovecotNotFound,
    default_parent_dir,
    dovecot_available,
    find_dovecot,
    free_ports,
    render_mailboxes,
    which,
)

if TYPE_CHECKING:  # imapclient is a runtime dependency, imported lazily in client()
    import imapclient

__all__ = ["DovecotNotFound", "DovecotServer", "dovecot_available", "find_dovecot"]

MAIL_FORMATS = ("maildir", "sdbox", "mdbox")
MULTIAPPEND_BATCH = 500
_GREETING_TIMEOUT = 10.0
_STOP_TIMEOUT = 10.0
_MAX_PORT_TRIES = 3
EXTRA_SPECIAL_USE = ("All", "Flagged")  # special-use folders made only when named (Gmail's layout)
_MAX_TMP_LEN = 70  # unix sockets live in {tmp}/run; sun_path is limited to 108 bytes


class DovecotStartError(RuntimeError):
    """Dovecot did not come up; the message carries its stderr and log."""


# --------------------------------------------------------------------------- server


class DovecotServer:
    """A private Dovecot IMAP server on 127.0.0.1 with pre-created users.

    :param users: user names (password ``f"{user}-pw"``) or a mapping user -> password.
    :param base_dir: parent directory for the server's private temp dir
        (default ``/dev/shm`` when it exists, else the system temp dir). The temp dir
        path must stay short (< 70 characters) because of unix socket path limits.
    :param mail_format: ``"maildir"`` (default), ``"sdbox"`` or ``"mdbox"``.
    :param special_use: when False, the Drafts/Sent/... folders are created without
        SPECIAL-USE attributes (like some Outlook-style servers), so clients must fall
        back to folder names.
    :param drafts_name: name of the drafts folder (e.g. ``"Entwürfe"``; non-ASCII names
        are sent as modified UTF-7 on the wire, imapclient decodes them).
    :param folder_names: optional overrides for the other special folders, keyed by
        ``"Sent"``, ``"Trash"``, ``"Junk"``, ``"Archive"``; also ``"All"`` and ``"Flagged"``
        (Gmail's ``[Gmail]/All Mail`` and ``[Gmail]/Starred``), not made unless named; an
        empty name leaves that folder out (Gmail has no ``\\Archive``).
    :param keep: keep the temp dir after :meth:`stop` (for debugging).

    Attributes: ``host`` (always ``"127.0.0.1"``), ``port`` (plain IMAP, STARTTLS
    offered), ``ssl_port`` (implicit TLS), ``cafile`` (the self-signed certificate, CN
    and SAN ``localhost`` plus SAN IP ``127.0.0.1``), ``tmp`` (the private dir),
    ``conf`` (the dovecot.conf path). Ports and ``cafile`` are set by :meth:`start`.
    """

    host = "127.0.0.1"

    def __init__(
        self,
        users: Iterable[str] | Mapping[str, str] = ("alice",),
        *,
        base_dir: str | None = None,
        mail_format: str = "maildir",
        special_use: bool = True,
        drafts_name: str = "Drafts",
        folder_names: Mapping[str, str] | None = None,
        keep: bool = False,
        max_connections: int = 100,
        oauth2: tuple[str, str] | None = None,
    ) -> None:
        if isinstance(users, str):
            users = (users,)
        if isinstance(users, Mapping):
            self._users = {str(u): str(p) for u, p in users.items()}
        else:
            self._users = {str(u): f"{u}-pw" for u in users}
        for u, p in self._users.items():
            self._check_user(u, p)
        if mail_format not in MAIL_FORMATS:
            raise ValueError(f"mail_format must be one of {MAIL_FORMATS}, not {mail_format!r}")
        self.mail_format = mail_format
        self.special_use = special_use
        names = {"Drafts": drafts_name, "Sent": "Sent", "Trash": "Trash", "Junk": "Junk", "Archive": "Archive"}
        for k, v in (folder_names or {}).items():
            if k not in (*names, *EXTRA_SPECIAL_USE) or k == "Drafts":
                raise ValueError(f"folder_names keys must be Sent/Trash/Junk/Archive/All/Flagged, not {k!r}")
            names[k] = v
        names = {k: v for k, v in names.items() if v}  # an empty name: no such folder (Gmail has no Archive)
        #: special-use flag (without backslash) -> folder name as shown to clients (decoded)
        self.folders: dict[str, str] = names
        self.keep = keep
        self.max_connections = int(max_connections)  # IMAP connections per user and IP
        #: (introspection URL, CA file of its certificate): XOAUTH2/OAUTHBEARER checked there (the tests use tests/support/idp.py)
        self.oauth2 = oauth2
        self._parent_dir = base_dir
        self.tmp: str | None = None
        self.conf: str | None = None
        self.cafile: str | None = None
        self.port: int | None = None
        self.ssl_port: int | None = None
        self._proc: subprocess.Popen | None = None
        self._stderr_fh: Any = None
        self._finalizer: weakref.finalize | None = None
        self._dovecot: str | None = None
        self._doveadm: str | None = None

    # ----------------------------------------------------------------- helpers
    @staticmethod
    def _check_user(user: str, password: str) -> None:
        bad = set(":\n\r\t /\\%*\x00")
        if not user or any(c in bad for c in user):
            raise ValueError(f"invalid user name {user!r}")
        if any(c in ":\n\r\x00" for c in password):
            raise ValueError(f"invalid password for {user!r}")

    @property
    def users(self) -> dict[str, str]:
        """A copy of the user -> password mapping."""
        return dict(self._users)

    def password(self, user: str) -> str:
        """The password of ``user`` (KeyError for an unknown user)."""
        return self._users[user]

    def pid(self) -> int | None:
        """PID of the Dovecot master process, or None when not running."""
        if self._proc is not None and self._proc.poll() is None:
            return self._proc.pid
        return None

    @property
    def running(self) -> bool:
        return self.pid() is not None

    def log_text(self) -> str:
        """Everything Dovecot logged so far (login, auth, imap), plus master stderr."""
        if not self.tmp:
            return ""
        parts = []
        for name in ("dovecot.stderr", "dovecot.log"):
            try:
                with open(os.path.join(self.tmp, name), encoding="utf-8", errors="replace") as fh:
                    text = fh.read()
            except FileNotFoundError:
                continue
            if text:
                parts.append(text if name == "dovecot.log" else f"[master stderr]\n{text}")
        return "\n".join(parts)

    def _privileges(self) -> dict[str, str]:
        if os.geteuid() == 0:
            for u in ("dovenull", "dovecot", "nobody"):
                try:
                    pwd.getpwnam(u)
                except KeyError:
                    raise DovecotNotFound(f"system user {u!r} is missing (normally created by dovecot-core)") from None
            try:
                mail_gid = grp.getgrnam("nogroup").gr_name
            except KeyError:
                mail_gid = grp.getgrgid(pwd.getpwnam("nobody").pw_gid).gr_name
            return {
                "login_user": "dovenull",
                "internal_user": "dovecot",
                "internal_group": "dovecot",
                "mail_uid": "nobody",
                "mail_gid": mail_gid,
            }
        try:
            user = pwd.getpwuid(os.geteuid()).pw_name
            group = grp.getgrgid(os.getegid()).gr_name
        except KeyError as e:  # e.g. an arbitrary uid in a container
            raise RuntimeError(
                f"cannot run Dovecot rootless: uid {os.geteuid()}/gid {os.getegid()} has no name"
            ) from e
        return {
            "login_user": user,
            "internal_user": user,
            "internal_group": group,
            "mail_uid": user,
            "mail_gid": group,
        }

    def _render_config(self) -> str:
        assert self.tmp and self.port and self.ssl_port
        mailboxes = render_mailboxes(self.special_use, self.folders)
        values = {
            **self._privileges(),
            "mail_location": MAIL_LOCATIONS[self.mail_format],
            "mailboxes": mailboxes,
            "port": str(self.port),
            "ssl_port": str(self.ssl_port),
            "max_connections": str(self.max_connections),
            "auth_config": OAUTH2_AUTH if self.oauth2 else PASSWORD_AUTH,
        }
        text = CONFIG_TEMPLATE
        # plain replacement, not str.format: the file is full of literal braces.
        # {tmp} last so that a value can never inject another placeholder
        for key, val in values.items():
            text = text.replace("{" + key + "}", val)
        return text.replace("{tmp}", self.tmp)

    def _write_oauth2(self) -> None:
        """The oauth2 passdb's settings and the identity provider's CA, readable by Dovecot's auth."""
        assert self.tmp and self.oauth2
        url, cafile = self.oauth2
        ca = os.path.join(self.tmp, "oauth2-ca.pem")
        shutil.copyfile(cafile, ca)
        conf = os.path.join(self.tmp, "dovecot-oauth2.conf.ext")
        with open(conf, "w", encoding="utf-8") as fh:
            fh.write(OAUTH2_CONF.replace("{url}", url).replace("{tmp}", self.tmp))
        for path in (ca, conf):
            os.chmod(path, 0o644)

    def _write_passwd(self) -> None:
        assert self.tmp
        lines = "".join(f"{u}:{{PLAIN}}{p}::::::\n" for u, p in self._users.items())
        path = os.path.join(self.tmp, "passwd")
        tmp = path + ".new"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(lines)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)

    def _make_cert(self) -> None:
        assert self.tmp
        openssl = which("openssl")
        if not openssl:
            raise DovecotNotFound("'openssl' was not found (needed for the test certificate)")
        tls = os.path.join(self.tmp, "tls")
        os.makedirs(tls, exist_ok=True)
        key, cert = os.path.join(tls, "key.pem"), os.path.join(tls, "cert.pem")
        cmd = [
            openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650",
            "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout", key, "-out", cert,
        ]  # fmt: skip
        r = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if r.returncode != 0:
            raise RuntimeError(f"openssl failed (rc={r.returncode}): {r.stderr.strip()}")
        os.chmod(cert, 0o644)
        self.cafile = cert

    def _prepare_dir(self) -> None:
        parent = self._parent_dir or default_parent_dir()
        os.makedirs(parent, exist_ok=True)
        self.tmp = tempfile.mkdtemp(prefix="dv-", dir=parent)
        if len(self.tmp) > _MAX_TMP_LEN:
            path = self.tmp
            shutil.rmtree(path, ignore_errors=True)
            self.tmp = None
            raise ValueError(
                f"temp dir {path!r} is too long ({len(path)} > {_MAX_TMP_LEN} chars): Dovecot's unix "
                "sockets would exceed the 108-byte limit; pass a shorter base_dir"
            )
        self.conf = os.path.join(self.tmp, "dovecot.conf")
        home = os.path.join(self.tmp, "home")
        os.makedirs(home)
        if os.geteuid() == 0:
            os.chmod(self.tmp, 0o711)  # auth runs as 'dovecot' and must reach passwd
            nobody = pwd.getpwnam("nobody")
            gid = self._privileges()["mail_gid"]
            os.chown(home, nobody.pw_uid, grp.getgrnam(gid).gr_gid)
        self._write_passwd()
        self._make_cert()
        if self.oauth2:
            self._write_oauth2()

    # ----------------------------------------------------------------- lifecycle
    def start(self) -> DovecotServer:
        """Create the temp dir, write config, users and certificate, start Dovecot and
        wait for the ``* OK`` greeting. Returns ``self``."""
        if self.running:
            return self
        self._dovecot, self._doveadm = find_dovecot()
        if self.tmp is None:
            self._prepare_dir()
            self._finalizer = weakref.finalize(self, _cleanup, None, self.tmp, self.keep)
        last_err: Exception | None = None
        try:
            for _attempt in range(_MAX_PORT_TRIES):
                self.port, self.ssl_port = free_ports(2)
                try:
                    self._spawn()
                    return self
                except _PortInUse as e:
                    last_err = e
            raise DovecotStartError(f"no free ports after {_MAX_PORT_TRIES} tries: {last_err}")
        except BaseException:
            self._kill()
            self._remove_dir()
            raise

    def _spawn(self) -> None:
        assert self.tmp and self.conf
        with open(self.conf, "w", encoding="utf-8") as fh:
            fh.write(self._render_config())
        os.chmod(self.conf, 0o644)
        errpath = os.path.join(self.tmp, "dovecot.stderr")
        # fresh log per attempt position: remember offsets so errors show only this attempt
        log_path = os.path.join(self.tmp, "dovecot.log")
        log_off = os.path.getsize(log_path) if os.path.exists(log_path) else 0
        err_fh = open(errpath, "ab")
        err_off = err_fh.tell()
        self._stderr_fh = err_fh
        self._proc = subprocess.Popen(
            [str(self._dovecot), "-F", "-c", self.conf],
            stdin=subprocess.DEVNULL,
            stdout=err_fh,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            close_fds=True,
        )
        if self._finalizer is not None:
            self._finalizer.detach()
        self._finalizer = weakref.finalize(self, _cleanup, self._proc, self.tmp, self.keep)
        try:
            self._wait_greeting()
        except DovecotStartError:
            rc = self._proc.poll()
            err = _read_from(errpath, err_off)
            log = _read_from(log_path, log_off)
            self._kill()
            if rc is not None and "Address already in use" in (err + log):
                raise _PortInUse(f"rc={rc}: {err.strip() or log.strip()}") from None
            raise DovecotStartError(
                f"Dovecot did not become ready (rc={rc}, ports {self.port}/{self.ssl_port}, dir {self.tmp})\n"
                f"--- stderr ---\n{err.strip()}\n--- log ---\n{log.strip()}"
            ) from None

    def _wait_greeting(self) -> None:
        assert self._proc is not None
        deadline = time.monotonic() + _GREETING_TIMEOUT
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise DovecotStartError("dovecot exited")
            try:
                with socket.create_connection((self.host, self.port), timeout=1.0) as s:
                    s.settimeout(max(0.1, min(2.0, deadline - time.monotonic())))
                    data = s.recv(1024)
                    if data.startswith(b"* OK"):
                        return
            except OSError:
                pass
            time.sleep(0.01)
        raise DovecotStartError("timeout waiting for the * OK greeting")

    def _kill(self) -> None:
        """Stop the master: SIGTERM and wait, then SIGKILL the whole process group."""
        proc, self._proc = self._proc, None
        if proc is not None:
            _terminate(proc)
        if self._stderr_fh is not None:
            self._stderr_fh.close()
            self._stderr_fh = None

    def _remove_dir(self) -> None:
        if self._finalizer is not None:
            self._finalizer.detach()
            self._finalizer = None
        if self.tmp and not self.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp = None

    def stop(self) -> None:
        """Stop Dovecot (SIGTERM, ~1.1 s; SIGKILL fallback) and remove the temp dir
        (unless ``keep=True``). Safe to call twice."""
        self._kill()
        self._remove_dir()

    def restart(self) -> None:
        """Stop and start again on the same ports, with the same users, certificate and mail."""
        if self.tmp is None:
            raise RuntimeError("server was never started")
        self._kill()
        last: Exception | None = None
        for _ in range(20):  # the old listener may linger for a moment
            try:
                self._spawn()
                return
            except _PortInUse as e:
                last = e
                time.sleep(0.1)
        raise DovecotStartError(f"could not restart on ports {self.port}/{self.ssl_port}: {last}")

    def __enter__(self) -> DovecotServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = f"pid={self.pid()} port={self.port} ssl_port={self.ssl_port}" if self.running else "stopped"
        return f"<DovecotServer {state} users={len(self._users)}>"

    # ----------------------------------------------------------------- users
    def add_user(self, user: str, password: str | None = None) -> str:
        """Add a user; returns the password. When the server is running this sleeps
        1.2 s, because Dovecot re-reads the passwd-file only about 1 s later."""
        password = f"{user}-pw" if password is None else password
        self._check_user(user, password)
        self._users[user] = password
        if self.tmp:
            self._write_passwd()
            if self.running:
                time.sleep(1.2)
        return password

    # ----------------------------------------------------------------- clients
    def ssl_context(self) -> _ssl.SSLContext:
        """A client SSLContext that trusts only this server's certificate (hostname checks on)."""
        if not self.cafile:
            raise RuntimeError("server not started")
        return _ssl.create_default_context(cafile=self.cafile)

    def client(
        self, user: str, *, ssl: bool = True, starttls: bool = False, timeout: float = 30.0
    ) -> imapclient.IMAPClient:
        """A logged-in :class:`imapclient.IMAPClient` for ``user``.

        ``ssl=True`` (default): implicit TLS on :attr:`ssl_port`, verified against
        :attr:`cafile`. ``ssl=False``: the plain :attr:`port`; with ``starttls=True`` the
        connection is upgraded with STARTTLS (verified) before login. The caller
        should ``logout()`` it (or use it as a context manager).
        """
        import imapclient

        if not self.running:
            raise RuntimeError("server not running")
        if ssl:
            c = imapclient.IMAPClient(
                self.host, port=self.ssl_port, ssl=True, ssl_context=self.ssl_context(), timeout=timeout
            )
        else:
            c = imapclient.IMAPClient(self.host, port=self.port, ssl=False, timeout=timeout)
            if starttls:
                c.starttls(self.ssl_context())
        try:
            c.login(user, self._users[user])
        except BaseException:
            try:
                c.shutdown()
            except Exception:
                pass
            raise
        return c

    def append(
        self,
        user: str,
        folder: str,
        messages: Iterable[bytes],
        flags: Iterable[str | bytes] = (),
        msg_time: datetime | None = None,
    ) -> None:
        """Append ``messages`` to ``folder`` of ``user`` (created if missing).

        Uses MULTIAPPEND in batches of 500 when the server offers it, else one APPEND
        per message. ``flags`` and ``msg_time`` (INTERNALDATE) apply to every message.
        """
        flags = tuple(flags)
        with self.client(user, ssl=False) as c:
            if not c.folder_exists(folder):
                c.create_folder(folder)
            multi = c.has_capability("MULTIAPPEND")
            batch: list = []

            def flush() -> None:
                if batch:
                    c.multiappend(folder, batch)
                    batch.clear()

            for raw in messages:
                if isinstance(raw, str):
                    raw = raw.encode("utf-8")
                if not multi:
                    c.append(folder, raw, flags=flags, msg_time=msg_time)
                    continue
                item: dict = {"msg": raw, "flags": flags}
                if msg_time is not None:
                    item["date"] = msg_time
                batch.append(item)
                if len(batch) >= MULTIAPPEND_BATCH:
                    flush()
            flush()

    def doveadm(self, *args: str, check: bool = True, timeout: float = 60.0) -> str:
        """Run ``doveadm -c <conf> *args`` and return stdout.

        Example: ``srv.doveadm("mailbox", "status", "-u", "alice", "messages", "INBOX")``.
        Raises :class:`subprocess.CalledProcessError` (with stderr) on failure when ``check``.
        """
        if not self.conf or not self.tmp:
            raise RuntimeError("server not started")
        if self._doveadm is None:
            self._dovecot, self._doveadm = find_dovecot()
        r = subprocess.run(
            [str(self._doveadm), "-c", self.conf, *map(str, args)],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=timeout,
        )
        if check and r.returncode != 0:
            raise subprocess.CalledProcessError(r.returncode, r.args, r.stdout, r.stderr)
        return r.stdout

    def message_count(self, user: str, folder: str = "INBOX") -> int:
        """Number of messages in ``folder`` (via doveadm; no IMAP session needed)."""
        out = self.doveadm("-f", "flow", "mailbox", "status", "-u", user, "messages", folder)
        return int(out.strip().split("=", 1)[1])


class _PortInUse(Exception):
    pass


def _read_from(path: str, offset: int) -> str:
    try:
        with open(path, "rb") as fh:
            fh.seek(offset)
            return fh.read().decode("utf-8", "replace")
    except FileNotFoundError:
        return ""


def _terminate(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        try:
            proc.send_signal(signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            pass
    # anything left in the group (the master's children survive a master-only kill)
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        pass


def _cleanup(proc: subprocess.Popen | None, tmp: str | None, keep: bool) -> None:
    """Finalizer for servers that were never stopped (garbage collected / interpreter exit)."""
    if proc is not None:
        _terminate(proc)
    if tmp and not keep:
        shutil.rmtree(tmp, ignore_errors=True)
