"""Courier-IMAP's login step, for the interoperability tests: a small TCP front end, then Courier's own
``imapd`` on the same socket.

Courier splits an IMAP session in two programs: ``imaplogin`` (greeting, CAPABILITY, LOGIN) checks the
password through courier-authlib's ``authdaemond``, whose socket path is compiled in
(``/run/courier/authdaemon``), so it cannot run privately without root and system directories. This
front end plays ``imaplogin``'s part (greeting, CAPABILITY, NOOP, LOGIN against a JSON user list,
LOGOUT) and, on a good LOGIN, answers ``OK`` and *execs* the real ``imapd`` from the unpacked Debian
package with the socket as stdin and stdout, the environment ``imaplogin`` would give it
(``AUTHENTICATED``, ``HOME``, ``TCPREMOTEIP``, the ``IMAP_*`` settings) and the user's Maildir - as
``imaplogin`` itself does. Everything after LOGIN (LIST, EXAMINE, SEARCH, FETCH, APPEND, IDLE, ...) is
Courier. One difference a client can see: Courier's ``imapd``, started this way, first says
``* PREAUTH Ready.`` (an untagged line imaplib files away).

Run: ``python courier_front.py CONFIG.json``; it listens until killed (SIGTERM), one forked child
per connection (the children are in its process group: kill the group to stop every session).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import sys
from typing import Any

CAPABILITY = b"IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT THREAD=REFERENCES SORT QUOTA IDLE"
GREETING = (b"* OK [CAPABILITY " + CAPABILITY + b"] Courier-IMAP ready. Copyright 1998-2018 Double Precision,"
            b" Inc.  See COPYING for distribution information.\r\n")
_COMMAND_RE = re.compile(rb"^(\S+) (\S+)(?: (.*))?$")
_ARG_RE = re.compile(rb'"((?:[^"\\]|\\.)*)"|(\S+)')
MAX_LINE = 8192


def _args(rest: bytes) -> list[str]:
    out = []
    for m in _ARG_RE.finditer(rest):
        quoted, atom = m.group(1), m.group(2)
        text = re.sub(rb"\\(.)", rb"\1", quoted) if quoted is not None else atom
        out.append(text.decode("utf-8", "replace"))
    return out


def session(conn: socket.socket, peer: tuple[str, int], cfg: dict[str, Any]) -> None:
    """The pre-login conversation; execs imapd after a good LOGIN (does not return then)."""
    reader = conn.makefile("rb", buffering=0)  # unbuffered: nothing after LOGIN is read by us
    conn.sendall(GREETING)
    while True:
        line = b""
        while not line.endswith(b"\n"):
            ch = reader.read(1)
            if not ch:
                return
            line += ch
            if len(line) > MAX_LINE:
                conn.sendall(b"* BYE line too long\r\n")
                return
        m = _COMMAND_RE.match(line.rstrip(b"\r\n"))
        if not m:
            conn.sendall(b"* BAD Error in IMAP command received by server.\r\n")
            continue
        tag, command, rest = m.group(1), m.group(2).upper(), m.group(3) or b""
        if command == b"CAPABILITY":
            conn.sendall(b"* CAPABILITY " + CAPABILITY + b"\r\n" + tag + b" OK CAPABILITY completed\r\n")
        elif command == b"NOOP":
            conn.sendall(tag + b" OK NOOP completed\r\n")
        elif command == b"LOGOUT":
            conn.sendall(b"* BYE Courier-IMAP server shutting down\r\n" + tag + b" OK LOGOUT completed\r\n")
            return
        elif command == b"LOGIN":
            args = _args(rest)
            user = cfg["users"].get(args[0]) if len(args) == 2 else None
            if user is None or user["password"] != args[1]:
                conn.sendall(tag + b" NO Login failed.\r\n")
                continue
            conn.sendall(tag + b" OK LOGIN Ok.\r\n")
            _exec_imapd(conn, peer, args[0], user, cfg)
        else:
            conn.sendall(tag + b" NO Error in IMAP command received by server.\r\n")


def _exec_imapd(conn: socket.socket, peer: tuple[str, int], name: str, user: dict[str, str],
                cfg: dict[str, Any]) -> None:
    env = dict(cfg["env"])
    env.update(AUTHENTICATED=name, AUTHADDR=name, HOME=user["home"], TCPREMOTEIP=peer[0],
               TCPREMOTEPORT=str(peer[1]), TCPLOCALIP="127.0.0.1", TCPLOCALPORT=str(cfg["port"]))
    os.chdir(user["home"])
    os.dup2(conn.fileno(), 0)
    os.dup2(conn.fileno(), 1)
    conn.close()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    os.execve(cfg["imapd"], [cfg["imapd"], "Maildir"], env)


def main(path: str) -> None:
    with open(path, encoding="utf-8") as fh:
        cfg = json.load(fh)
    listener = socket.create_server(("127.0.0.1", cfg["port"]))
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # finished sessions are reaped by the kernel
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    print("ready", flush=True)
    while True:
        conn, peer = listener.accept()
        if os.fork() == 0:
            listener.close()
            try:
                session(conn, peer, cfg)
            finally:
                os._exit(0)
        conn.close()


if __name__ == "__main__":
    main(sys.argv[1])
