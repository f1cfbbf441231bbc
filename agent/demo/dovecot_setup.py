"""Finding Dovecot, the throwaway server's configuration (dovecot.conf, its mailboxes, free loopback ports) and the
Onward config that points at it (:func:`onward_config`, the one shape the tests and the bench use)."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from collections.abc import Mapping
from typing import Any

INSTALL_HINT = (
    "Dovecot is needed for this (a throwaway local IMAP server). "
    "Install it with: sudo apt-get install dovecot-core dovecot-imapd "
    "(Debian/Ubuntu; the system service is not needed and may stay disabled)."
)

_SBIN_DIRS = ("/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/bin", "/usr/local/bin")

class DovecotNotFound(RuntimeError):
    """Raised when the ``dovecot`` binary (or ``openssl``) cannot be found."""

    def __init__(self, detail: str = "") -> None:
        msg = INSTALL_HINT if not detail else f"{detail}. {INSTALL_HINT}"
        super().__init__(msg)


def which(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    # /usr/sbin is often not on a non-root user's PATH
    for d in _SBIN_DIRS:
        p = os.path.join(d, name)
        if os.path.isfile(p) and os.access(p, os.X_OK):
            return p
    return None


def find_dovecot() -> tuple[str, str]:
    """Return the paths of ``dovecot`` and ``doveadm``, or raise :class:`DovecotNotFound`."""
    dovecot = which("dovecot")
    if not dovecot:
        raise DovecotNotFound("The 'dovecot' binary was not found")
    doveadm = which("doveadm")
    if not doveadm:
        raise DovecotNotFound("The 'doveadm' binary was not found")
    if not os.path.isfile("/usr/lib/dovecot/imap") and not which("imap"):
        # dovecot-core without dovecot-imapd: the master starts but imap fails at login
        if not any(os.path.isfile(os.path.join(d, "imap")) for d in ("/usr/libexec/dovecot",)):
            raise DovecotNotFound("Dovecot's IMAP server (package dovecot-imapd) is not installed")
    return dovecot, doveadm


def dovecot_available() -> bool:
    """True when Dovecot (with IMAP) and openssl are installed, so :class:`DovecotServer` can start."""
    try:
        find_dovecot()
    except DovecotNotFound:
        return False
    return which("openssl") is not None


CONFIG_TEMPLATE = """\
# Throwaway Dovecot 2.3 instance written by agent/demo/dovecot.py.
# Nothing here touches /etc/dovecot, /run/dovecot or /var/lib/dovecot.
# Start: dovecot -F -c {tmp}/dovecot.conf
instance_name = dovecot-test-{port}
base_dir = {tmp}/run
state_dir = {tmp}/state
protocols = imap
listen = 127.0.0.1
shutdown_clients = yes

default_login_user = {login_user}
default_internal_user = {internal_user}
default_internal_group = {internal_group}
mail_uid = {mail_uid}
mail_gid = {mail_gid}
first_valid_uid = 1
first_valid_gid = 1

log_path = {tmp}/dovecot.log
info_log_path = {tmp}/dovecot.log
debug_log_path = {tmp}/dovecot.log
auth_verbose = yes

ssl = yes
ssl_cert = <{tmp}/tls/cert.pem
ssl_key = <{tmp}/tls/key.pem

disable_plaintext_auth = no
auth_failure_delay = 0
{auth_config}userdb {
  driver = passwd-file
  args = username_format=%u {tmp}/passwd
  default_fields = home={tmp}/home/%u
}

mail_location = {mail_location}
mail_fsync = never

namespace inbox {
  inbox = yes
  separator = /
{mailboxes}}

protocol imap {
  mail_max_userip_connections = {max_connections}
}

service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = {port}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = {ssl_port}
    ssl = yes
  }
}
service anvil {
  chroot =
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
"""

PASSWORD_AUTH = """\
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {tmp}/passwd
}
"""

# OAuth2 sign-in (SASL XOAUTH2 / OAUTHBEARER): each token is checked at the identity provider's
# introspection endpoint (the tests' is tests/support/idp.py); password users keep the passwd-file passdb.
# Dovecot 2.3 syntax (2.4 moves these into an oauth2 {} block with oauth2_* names: change it here).
OAUTH2_AUTH = """\
auth_mechanisms = plain login xoauth2 oauthbearer
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {tmp}/dovecot-oauth2.conf.ext
}
passdb {
  driver = passwd-file
  mechanisms = plain login
  args = scheme=PLAIN username_format=%u {tmp}/passwd
}
"""

OAUTH2_CONF = """\
introspection_url = {url}
introspection_mode = post
force_introspection = yes
username_attribute = username
active_attribute = active
active_value = true
timeout_msecs = 5000
tls_ca_cert_file = {tmp}/oauth2-ca.pem
"""

MAIL_LOCATIONS = {
    "maildir": "maildir:~/Maildir",
    "sdbox": "sdbox:~/sdbox",
    "mdbox": "mdbox:~/mdbox",
}


def render_mailboxes(special_use: bool, names: Mapping[str, str]) -> str:
    out = []
    for flag, name in names.items():
        if '"' in name or "\n" in name or "\\" in name:
            raise ValueError(f"unsupported mailbox name {name!r}")
        out.append(f'  mailbox "{name}" {{\n')
        if special_use:
            out.append(f"    special_use = \\{flag}\n")
        out.append("    auto = subscribe\n  }\n")
    return "".join(out)


def free_ports(n: int) -> list[int]:
    socks, ports = [], []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            socks.append(s)
            ports.append(s.getsockname()[1])
    finally:
        for s in socks:
            s.close()
    return ports


def default_parent_dir() -> str:
    if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK | os.X_OK):
        return "/dev/shm"
    return tempfile.gettempdir()


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def onward_config(*, port: int, user: str, cafile: str, database: str | os.PathLike[str], password_env: str,
                  tls: str = "implicit", host: str = "127.0.0.1", imap: Mapping[str, Any] | None = None,
                  followup: Mapping[str, Any] | None = None, imap_lines: str = "", followup_lines: str = "",
                  extra: str = "") -> str:
    """The TOML of an Onward config that points at a test server (the tests' and the bench's one shape).

    ``imap`` / ``followup`` add or override keys; ``*_lines`` and ``extra`` are raw TOML appended to
    the section (``extra``: after ``[storage]``, for whole further sections).  ``database``: the SQLite
    file, or a database URL.
    """
    imap_keys = {"host": host, "port": port, "tls": tls, "username": user, "password_env": password_env,
                 "ca_file": cafile, "folders": ["INBOX"], **(imap or {})}
    followup_keys = {"min_days": 14, "max_days": 21, "timezone": "Europe/Berlin", "your_name": "Alex Doe",
                     "from_address": user if "@" in user else f"{user}@example.org", **(followup or {})}

    def section(name: str, keys: Mapping[str, Any], lines: str) -> str:
        body = "\n".join(f"{k} = {_toml_value(v)}" for k, v in keys.items())
        return f"[{name}]\n{body}\n{lines}\n"

    return (section("imap", imap_keys, imap_lines) + "\n" + section("followup", followup_keys, followup_lines)
            + f'\n[storage]\ndatabase = {_toml_value(database_url(database))}\n\n{extra}\n')


def database_url(database: str | os.PathLike[str]) -> str:
    """A SQLite file's path as a ``sqlite:///`` URL; a URL (``postgresql+psycopg://...``) as it is."""
    return database if isinstance(database, str) and "://" in database else f"sqlite:///{database}"
