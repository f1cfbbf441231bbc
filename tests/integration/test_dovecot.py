"""Tests of agent/demo/dovecot.py: the throwaway Dovecot itself."""

from __future__ import annotations

import os
import socket
import ssl
import sys
import time
from datetime import UTC, datetime

import imapclient
import psutil
import pytest
from imapclient.exceptions import LoginError
from imapclient.imapclient import ARCHIVE, DRAFTS, JUNK, SENT, TRASH

from agent.demo import dovecot as testserver
from agent.demo import dovecot_setup
from agent.demo.dovecot import DovecotNotFound, DovecotServer


def _msg(subject: str, body: str = "hello") -> bytes:
    return (
        f"From: Recruiter <jobs@example.test>\r\nTo: me@example.test\r\nSubject: {subject}\r\n"
        f"Message-ID: <{subject.replace(' ', '.')}@example.test>\r\n\r\n{body}\r\n"
    ).encode()


# ---------------------------------------------------------------- no server needed


def test_dovecot_not_found_message(monkeypatch):
    monkeypatch.setattr(dovecot_setup, "which", lambda name: None)
    assert testserver.dovecot_available() is False
    with pytest.raises(DovecotNotFound, match="apt-get install dovecot"):
        DovecotServer(["alice"]).start()


def test_users_and_passwords():
    srv = DovecotServer(["alice", "bob"])
    assert srv.password("alice") == "alice-pw"
    assert DovecotServer({"carol": "s3cret"}).password("carol") == "s3cret"
    with pytest.raises(ValueError):
        DovecotServer(["bad:name"])
    with pytest.raises(ValueError):
        DovecotServer(["alice"], mail_format="mbox-ish")


def test_config_renders_without_placeholders(tmp_path):
    srv = DovecotServer(["alice"], special_use=False, drafts_name="Entwürfe")
    srv.tmp, srv.port, srv.ssl_port = "/dev/shm/dv-x", 1143, 1993
    text = srv._render_config()
    for ph in ("{tmp}", "{port}", "{ssl_port}", "{login_user}", "{mail_uid}", "{mailboxes}"):
        assert ph not in text
    assert "special_use" not in text
    assert 'mailbox "Entwürfe"' in text
    assert "auth_failure_delay = 0" in text and "mail_max_userip_connections = 100" in text


# ---------------------------------------------------------------- shared session server


def test_greeting_on_both_ports(dovecot):
    assert dovecot.pid() is not None and dovecot.host == "127.0.0.1"
    with socket.create_connection((dovecot.host, dovecot.port), timeout=5) as s:
        assert s.recv(1024).startswith(b"* OK")
    ctx = ssl.create_default_context(cafile=dovecot.cafile)
    with socket.create_connection((dovecot.host, dovecot.ssl_port), timeout=5) as raw:
        with ctx.wrap_socket(raw, server_hostname="localhost") as s:
            assert s.recv(1024).startswith(b"* OK")


def test_tls_verifies_with_cafile_only(dovecot, imap_user):
    with dovecot.client(imap_user) as c:  # IMAPS, verified
        assert c.has_capability("IDLE")
    with dovecot.client(imap_user, ssl=False, starttls=True) as c:  # STARTTLS, verified
        assert c.has_capability("UIDPLUS")
    # "localhost" is in the certificate too
    c = imapclient.IMAPClient(
        "localhost", port=dovecot.ssl_port, ssl_context=ssl.create_default_context(cafile=dovecot.cafile)
    )
    c.login(imap_user, dovecot.password(imap_user))
    c.logout()
    # without the cafile the self-signed certificate is rejected
    with pytest.raises(ssl.SSLCertVerificationError):
        imapclient.IMAPClient(dovecot.host, port=dovecot.ssl_port, ssl_context=ssl.create_default_context())


def test_starttls_offered_on_plain_port(dovecot):
    c = imapclient.IMAPClient(dovecot.host, port=dovecot.port, ssl=False, timeout=5)
    try:
        assert c.has_capability("STARTTLS")
    finally:
        c.shutdown()


def test_wrong_password_fails_quickly(dovecot, imap_user):
    for _ in range(3):  # the anvil penalty would make the 2nd and 3rd take ~4.5 s
        c = imapclient.IMAPClient(dovecot.host, port=dovecot.port, ssl=False, timeout=10)
        t0 = time.monotonic()
        with pytest.raises(LoginError):
            c.login(imap_user, "wrong")
        assert time.monotonic() - t0 < 2.0
        c.shutdown()


def test_special_use_folders(dovecot, imap_user):
    with dovecot.client(imap_user) as c:
        assert c.has_capability("SPECIAL-USE")
        found = {flag: c.find_special_folder(flag) for flag in (DRAFTS, SENT, TRASH, JUNK, ARCHIVE)}
        assert found == {DRAFTS: "Drafts", SENT: "Sent", TRASH: "Trash", JUNK: "Junk", ARCHIVE: "Archive"}
        subscribed = {name for _flags, _sep, name in c.list_sub_folders()}
        assert {"Drafts", "Sent", "Trash", "Junk", "Archive"} <= subscribed


def test_append_fetch_round_trip(dovecot, imap_user):
    when = datetime(2024, 3, 4, 5, 6, 7, tzinfo=UTC)
    raw = _msg("Thanks for applying", "We regret to inform you.")
    dovecot.append(imap_user, "Drafts", [raw], flags=[imapclient.DRAFT], msg_time=when)
    with dovecot.client(imap_user) as c:
        c.normalise_times = False  # keep the server's timezone-aware INTERNALDATE
        c.select_folder("Drafts", readonly=True)
        uids = c.search(["DRAFT"])
        assert len(uids) == 1
        data = c.fetch(uids, ["BODY.PEEK[]", "FLAGS", "INTERNALDATE"])[uids[0]]
        assert data[b"BODY[]"] == raw
        assert imapclient.DRAFT in data[b"FLAGS"]
        assert data[b"INTERNALDATE"] == when


def test_bulk_append_uses_multiappend_and_creates_folder(dovecot, imap_user):
    n = 1234  # > 2 batches of 500
    t0 = time.monotonic()
    dovecot.append(imap_user, "Applications/2024", (_msg(f"msg {i}") for i in range(n)))
    elapsed = time.monotonic() - t0
    assert dovecot.message_count(imap_user, "Applications/2024") == n
    assert elapsed < 10, elapsed
    with dovecot.client(imap_user, ssl=False) as c:
        c.select_folder("Applications/2024", readonly=True)
        assert len(c.search(["SUBJECT", "msg 1233"])) == 1


def test_doveadm_and_log(dovecot, imap_user):
    dovecot.append(imap_user, "INBOX", [_msg("one"), _msg("two")])
    out = dovecot.doveadm("mailbox", "status", "-u", imap_user, "messages", "INBOX")
    assert "messages=2" in out
    assert "Login: user=<" + imap_user in dovecot.log_text()


def test_imap_user_pool_gives_fresh_users(dovecot, imap_user, imap_account):
    # imap_account shares the imap_user of the same test
    assert imap_account.user == imap_user and imap_account.password == f"{imap_user}-pw"
    assert dovecot.message_count(imap_user) == 0
    assert imap_user in dovecot.users


# ---------------------------------------------------------------- extra servers


def test_restart_keeps_mail_and_ports(dovecot_factory):
    srv = dovecot_factory(["alice"])
    srv.append("alice", "INBOX", [_msg("before restart")])
    c = srv.client("alice")
    c.select_folder("INBOX")
    ports, pid, cafile = (srv.port, srv.ssl_port), srv.pid(), srv.cafile
    srv.restart()
    assert (srv.port, srv.ssl_port) == ports and srv.cafile == cafile
    assert srv.pid() not in (None, pid)
    with pytest.raises((imapclient.exceptions.IMAPClientError, OSError)):
        c.noop()  # the old connection is gone
    with srv.client("alice") as c2:
        c2.select_folder("INBOX", readonly=True)
        assert len(c2.search(["SUBJECT", "before restart"])) == 1


def test_no_special_use_and_utf7_drafts_name(dovecot_factory):
    srv = dovecot_factory(["alice"], special_use=False, drafts_name="Entwürfe", mail_format="sdbox")
    with srv.client("alice") as c:
        folders = {name: flags for flags, _sep, name in c.list_folders()}
        assert "Entwürfe" in folders and "Sent" in folders
        assert not any(b"\\Drafts" in f or b"\\Sent" in f for f in folders.values())
        # the plain LIST sends modified UTF-7 on the wire
        typ, data = c._imap.list('""', '"*"')
        assert any(b"Entw&APw-rfe" in line for line in data)
    srv.append("alice", "Entwürfe", [_msg("Entwurf")], flags=[imapclient.DRAFT])
    assert srv.message_count("alice", "Entwürfe") == 1


def test_add_user_and_stop_cleans_up(dovecot_factory):
    srv = dovecot_factory(["alice"], drafts_name="Entwürfe")
    with srv.client("alice") as c:
        assert c.find_special_folder(DRAFTS) == "Entwürfe"
    srv.add_user("late", "late-secret")
    with srv.client("late") as c:
        assert c.select_folder("INBOX")[b"EXISTS"] == 0
    tmp, pid = srv.tmp, srv.pid()
    assert len(_live_group(pid)) >= 3  # master + log + config + ...
    srv.stop()
    assert srv.pid() is None and not os.path.exists(tmp)
    assert _live_group(pid) == []
    srv.stop()  # idempotent


def _pgid(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except OSError:
        return None


def _live_group(pgid: int) -> list[psutil.Process]:
    """Non-zombie processes in process group ``pgid`` (zombies wait for init to reap them)."""
    out = []
    for p in psutil.process_iter(["status"]):
        if _pgid(p.pid) == pgid and p.info["status"] != psutil.STATUS_ZOMBIE:
            out.append(p)
    return out


@pytest.mark.parametrize("ci, outcome", [("true", pytest.fail.Exception), ("", pytest.skip.Exception)])
def test_missing_dovecot_skips_locally_fails_in_ci(monkeypatch, ci, outcome):
    # the conftest module as pytest loaded it ("conftest" or "tests.conftest", by how the run started)
    conftest = next(m for name, m in list(sys.modules.items())
                    if name.rpartition(".")[2] == "conftest" and hasattr(m, "_require_dovecot"))
    monkeypatch.setattr(conftest, "dovecot_available", lambda: False)
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="apt-get install dovecot"):
        conftest._require_dovecot()


def test_start_failure_reports_log(monkeypatch):
    if not testserver.dovecot_available():
        pytest.skip("dovecot not installed")
    srv = DovecotServer(["alice"])
    monkeypatch.setattr(srv, "_render_config", lambda: "this is not a dovecot config {\n")
    with pytest.raises(testserver.DovecotStartError, match="stderr"):
        srv.start()
    assert srv.tmp is None and srv.pid() is None


def test_retries_when_port_taken(monkeypatch):
    if not testserver.dovecot_available():
        pytest.skip("dovecot not installed")
    busy = socket.socket()
    busy.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    real = testserver.free_ports
    calls = []

    def fake(n):
        calls.append(n)
        return [busy.getsockname()[1], real(1)[0]] if len(calls) == 1 else real(n)

    monkeypatch.setattr(testserver, "free_ports", fake)
    try:
        with DovecotServer(["alice"]) as srv:
            assert len(calls) == 2 and srv.port != busy.getsockname()[1]
            with srv.client("alice", ssl=False) as c:
                c.noop()
    finally:
        busy.close()
