"""Courier-IMAP and Cyrus IMAP on loopback for the interoperability tests, run from their Debian packages
unpacked into a folder of their own (``scripts/interop.sh`` fetches and unpacks them into
``/var/tmp/onward-interop/root``, or ``$ONWARD_INTEROP_ROOT``; the two conflict in apt, so neither is
installed).

Each server lives in its own temp dir (config, users, mail, logs) on 127.0.0.1, on a free port, plain
IMAP (Onward allows ``tls = "none"`` to loopback only). As root the server runs as ``nobody``; as a
plain user, as that user. Both offer what the tests need of a server, like
:class:`agent.demo.dovecot.DovecotServer`: ``host``, ``port``, ``password(user)``,
``client(user)`` (a logged-in imapclient), ``append(user, folder, messages)``, ``kill()`` (the server
goes away, its mail stays) and ``restart()`` (back on the same port), ``stop()``.

* :class:`CourierServer`: Courier's own ``imapd`` behind :mod:`tests.support.courier_front` (its login
  step), with the settings of Debian's ``/etc/courier/imapd`` read from the package, Maildir++ folders
  (``INBOX.Drafts``; no SPECIAL-USE, no UNSELECT, no UIDNEXT on EXAMINE), IDLE by polling every
  ``idle_poll`` s (Debian: 60).
* :class:`CyrusServer`: ``cyrus master`` with ``imapd`` and a sasldb of the users (``saslpasswd2`` from
  the unpacked sasl2-bin); ``INBOX.Drafts`` and ``INBOX.Sent`` created with SPECIAL-USE by an admin
  user, the way Cyrus's ``autocreate`` does; IDLE by polling every ``idle_poll`` s (``imapidlepoll``,
  default 60, as no ``idled`` runs).
"""

from __future__ import annotations

import json
import os
import pwd
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

import imapclient

from agent.demo.dovecot_setup import free_ports

PACKAGES_ENV = "ONWARD_INTEROP_ROOT"
START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0


class ServerNotAvailable(RuntimeError):
    """The unpacked packages are missing: run scripts/interop.sh (or set ONWARD_INTEROP_ROOT)."""


DEFAULT_PACKAGES_ROOT = Path("/var/tmp/onward-interop/root")  # reachable by nobody, unlike /root/...


def packages_root() -> Path:
    """Where scripts/interop.sh unpacked the Debian packages (``dpkg-deb -x``)."""
    return Path(os.environ.get(PACKAGES_ENV) or DEFAULT_PACKAGES_ROOT)


def _lib_path(root: Path) -> str:
    return f"{root}/usr/lib:{root}/usr/lib/x86_64-linux-gnu"


class _PackagedServer:
    host = "127.0.0.1"
    name = "server"
    binaries: tuple[str, ...] = ()
    cafile = ""  # plain IMAP on loopback: no certificate

    def __init__(self, users: Mapping[str, str] | Iterable[str] = ("alice",), *, idle_poll: int = 60,
                 keep: bool = False) -> None:
        self.users = dict(users) if isinstance(users, Mapping) else {u: f"{u}-pw" for u in users}
        self.idle_poll = idle_poll
        self.keep = keep
        self.root = packages_root()
        missing = [b for b in self.binaries if not (self.root / b).exists()]
        if missing:
            raise ServerNotAvailable(f"{self.name}: {', '.join(missing)} not found under {self.root} "
                                     "(run scripts/interop.sh --fetch, or set ONWARD_INTEROP_ROOT)")
        self.tmp = Path(tempfile.mkdtemp(prefix=f"onward-{self.name}-"))
        self.port = free_ports(1)[0]
        self.proc: subprocess.Popen[bytes] | None = None
        self._run_as = pwd.getpwnam("nobody") if os.geteuid() == 0 else None

    # -- what the tests use ---------------------------------------------------------------------------

    def password(self, user: str) -> str:
        return self.users[user]

    def client(self, user: str, ssl: bool = False, timeout: float = 30.0) -> imapclient.IMAPClient:
        c = imapclient.IMAPClient(self.host, port=self.port, ssl=False, timeout=timeout)
        c.login(user, self.users[user])
        return c

    def append(self, user: str, folder: str, messages: Iterable[bytes], flags: Iterable[bytes] = ()) -> None:
        with self.client(user) as c:
            for raw in messages:
                c.append(folder, raw, flags=tuple(flags))

    def start(self) -> _PackagedServer:
        self.setup()
        self._spawn()
        self.prepare_users()
        return self

    def kill(self) -> None:
        """The server goes away at once (every session with it); its mail stays for :meth:`restart`."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # sessions forked by the server, still in its group
        except ProcessLookupError:
            pass
        proc.wait(STOP_TIMEOUT)

    def restart(self) -> None:
        self.kill()
        deadline = time.monotonic() + START_TIMEOUT
        while True:  # the old listener may linger a moment
            try:
                self._spawn()
                return
            except RuntimeError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self) -> None:
        self.kill()
        if not self.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> _PackagedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def log_text(self) -> str:
        path = self.tmp / "server.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    # -- per server -----------------------------------------------------------------------------------

    def setup(self) -> None:
        raise NotImplementedError

    def command(self) -> list[str]:
        raise NotImplementedError

    def environment(self) -> dict[str, str]:
        return {"PATH": "/usr/bin:/bin", "LD_LIBRARY_PATH": _lib_path(self.root)}

    def prepare_users(self) -> None:
        """Folders each user has before the test (as the server's webmail or autocreate makes them)."""

    # -- common ---------------------------------------------------------------------------------------

    def _own(self) -> None:
        """As root: the whole private dir belongs to the user the server runs as."""
        if self._run_as is None:
            return
        for dirpath, _dirs, files in os.walk(self.tmp):
            os.chown(dirpath, self._run_as.pw_uid, self._run_as.pw_gid)
            for f in files:
                os.chown(os.path.join(dirpath, f), self._run_as.pw_uid, self._run_as.pw_gid)

    def _spawn(self) -> None:
        self._own()
        log = open(self.tmp / "server.log", "ab")  # noqa: SIM115 - the child keeps its copy
        try:
            user = self._run_as
            self.proc = subprocess.Popen(
                self.command(), stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                env=self.environment(), cwd=self.tmp, start_new_session=True, close_fds=True,
                user=user.pw_uid if user else None, group=user.pw_gid if user else None,
                extra_groups=[] if user else None)
        finally:
            log.close()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.proc = None
                raise RuntimeError(f"{self.name} exited at start:\n{self.log_text()[-3000:]}")
            try:
                with socket.create_connection((self.host, self.port), timeout=2) as s:
                    s.settimeout(5)
                    if s.recv(1024).startswith(b"* OK"):
                        return
            except OSError:
                pass
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"{self.name} sent no greeting within {START_TIMEOUT:.0f} s:\n{self.log_text()[-3000:]}")


class CourierServer(_PackagedServer):
    """Courier-IMAP 5 (Debian bookworm) on loopback: see the module docstring."""

    name = "courier"
    binaries = ("usr/bin/imapd", "usr/bin/maildirmake.courier", "etc/courier/imapd")

    def _settings(self) -> dict[str, str]:
        """Debian's /etc/courier/imapd (KEY=value lines, shell quoting), from the package."""
        out: dict[str, str] = {}
        for line in (self.root / "etc/courier/imapd").read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith("#") or "=" not in line:
                continue
            key, _, value = line.partition("=")
            words = shlex.split(value.replace("$", "\\$"))
            out[key.strip()] = words[0] if words else ""
        return out

    def setup(self) -> None:
        settings = self._settings()
        env = {k: v for k, v in settings.items() if k.startswith("IMAP_")}
        env.update(self.environment())
        env.update(IMAP_IDLE_TIMEOUT=str(self.idle_poll), IMAP_ENHANCEDIDLE="0",
                   IMAP_EMPTYTRASH="",  # Debian's Trash:7 deletes old Trash mail at logout: not in a test
                   IMAP_MAILBOX_SANITY_CHECK="0")  # checks the Maildir's owner against the uid (nobody)
        users = {}
        for user, password in self.users.items():
            home = self.tmp / "home" / user
            home.mkdir(parents=True)
            self._maildirmake(str(home / "Maildir"))
            users[user] = {"password": password, "home": str(home)}
        cfg = {"port": self.port, "imapd": str(self.root / "usr/bin/imapd"), "env": env, "users": users}
        (self.tmp / "front.json").write_text(json.dumps(cfg), encoding="utf-8")

    def _maildirmake(self, *args: str) -> None:
        subprocess.run([str(self.root / "usr/bin/maildirmake.courier"), *args], check=True,
                       env=self.environment(), capture_output=True)

    def command(self) -> list[str]:
        # the front end needs only the standard library; as nobody, the system's Python (a venv under
        # /root is out of nobody's reach)
        python = shutil.which("python3", path="/usr/bin:/bin") if self._run_as else None
        front = self.tmp / "courier_front.py"
        shutil.copy(Path(__file__).with_name("courier_front.py"), front)
        return [python or sys.executable, str(front), str(self.tmp / "front.json")]

    def prepare_users(self) -> None:
        """Courier has no autocreate: the folders a webmail (SqWebMail, Roundcube) creates, by CREATE."""
        for user in self.users:
            with self.client(user) as c:
                for folder in ("INBOX.Drafts", "INBOX.Sent", "INBOX.Trash"):
                    c.create_folder(folder)

    def deliver(self, user: str, raw: bytes) -> None:
        """Deliver into INBOX as Courier's own delivery agents do (a file in Maildir/new), also while the
        IMAP server is down."""
        maildir = self.tmp / "home" / user / "Maildir"
        name = f"{time.time_ns()}.P{os.getpid()}.onward-test"
        tmp = maildir / "tmp" / name
        tmp.write_bytes(raw.replace(b"\r\n", b"\n"))
        if self._run_as is not None:
            os.chown(tmp, self._run_as.pw_uid, self._run_as.pw_gid)
        os.rename(tmp, maildir / "new" / name)


class CyrusServer(_PackagedServer):
    """Cyrus IMAP 3.6 (Debian bookworm) on loopback: see the module docstring."""

    name = "cyrus"
    binaries = ("usr/lib/cyrus/bin/master", "usr/lib/cyrus/bin/imapd", "usr/sbin/saslpasswd2")
    admin = "cyrusadmin"

    def setup(self) -> None:
        for d in ("conf", "spool", "run/proc", "run/lock", "run/socket"):
            (self.tmp / d).mkdir(parents=True)
        t, bin_dir = self.tmp, self.root / "usr/lib/cyrus/bin"
        (t / "imapd.conf").write_text(f"""configdirectory: {t}/conf
defaultpartition: default
partition-default: {t}/spool
proc_path: {t}/run/proc
mboxname_lockpath: {t}/run/lock
lmtpsocket: {t}/run/socket/lmtp
idlesocket: {t}/run/socket/idle
notifysocket: {t}/run/socket/notify
altnamespace: no
unixhierarchysep: no
allowplaintext: yes
sasl_pwcheck_method: auxprop
sasl_auxprop_plugin: sasldb
sasl_sasldb_path: {t}/sasldb2
sasl_mech_list: PLAIN
admins: {self.admin}
cyrus_user: {(self._run_as or pwd.getpwuid(os.geteuid())).pw_name}
syslog_prefix: onward-test-cyrus
imapidlepoll: {self.idle_poll}
""", encoding="utf-8")
        (t / "cyrus.conf").write_text(f"""START {{
  recover cmd="{bin_dir}/ctl_cyrusdb -r -C {t}/imapd.conf"
}}
SERVICES {{
  imap cmd="{bin_dir}/imapd -C {t}/imapd.conf" listen="127.0.0.1:{self.port}" prefork=0 maxchild=50
}}
EVENTS {{
}}
""", encoding="utf-8")
        for user, password in {**self.users, self.admin: f"{self.admin}-pw"}.items():
            subprocess.run([str(self.root / "usr/sbin/saslpasswd2"), "-p", "-c", "-f", str(t / "sasldb2"), user],
                           input=password.encode(), check=True, env=self.environment(), capture_output=True)

    def command(self) -> list[str]:
        t = self.tmp
        return [str(self.root / "usr/lib/cyrus/bin/master"), "-C", f"{t}/imapd.conf", "-M", f"{t}/cyrus.conf",
                "-p", f"{t}/run/master.pid"]

    def prepare_users(self) -> None:
        """Each user's INBOX with INBOX.Drafts and INBOX.Sent marked \\Drafts / \\Sent (SPECIAL-USE), as
        Cyrus's autocreate_inbox_folders / autocreate_specialuse_folders make them."""
        with self.admin_client() as admin:
            for user in self.users:
                admin.create_folder(f"user.{user}")
                for folder, use in (("Drafts", "\\Drafts"), ("Sent", "\\Sent"), ("Trash", "\\Trash")):
                    admin._imap._simple_command("CREATE", f"user.{user}.{folder}", f"(USE ({use}))")

    def admin_client(self) -> imapclient.IMAPClient:
        """The Cyrus admin (every user's folders as ``user.NAME.*``; CREATE, SETACL)."""
        admin = imapclient.IMAPClient(self.host, port=self.port, ssl=False, timeout=30)
        admin.login(self.admin, f"{self.admin}-pw")
        return admin
