"""Issue 4, part 2: faults of the world (server restarts and stalls, bad credentials, UIDVALIDITY
changes, expunges, odd Drafts folders, a locked or full database, a second daemon).

Real Dovecot, real SQLite, real model. Faults that must be seen through the CLI's exit codes run
the CLI as a subprocess; the others drive ``agent.pipeline.Agent`` in-process (one model load)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest

from agent import crashpoints
from agent.demo import samples
from agent.mail.imap import ConnectError, MailboxError
from agent.record.store import StoreError
from tests.crashharness import (
    T0,
    T_DRAFTS,
    Account,
    db_rows,
    db_state,
    diff,
    make_agent,
    message_ids,
    messages_per_uid,
    popen_cli,
    realistic_mailbox,
    run_cli,
    sigkill,
    stable_id,
    take_user,
    wait_for,
    write_config,
)

pytestmark = [pytest.mark.dovecot]


@pytest.fixture(autouse=True)
def _no_hook():
    yield
    crashpoints.set_hook(None)


def _acme(tag: str = "a") -> list[bytes]:
    rec = "Jane Miller <jane.miller@acmerobotics.com>"
    return [
        samples.interview("Acme Robotics", "Backend Engineer", "Jane Miller", "jane.miller@acmerobotics.com",
                          T0 - timedelta(days=10), f"<int-1.{tag}@test>"),
        samples.rejection("Acme Robotics", "Backend Engineer", rec, T0 - timedelta(days=2), f"<rej-1.{tag}@test>",
                          in_reply_to=f"<int-1.{tag}@test>", references=[f"<int-1.{tag}@test>"]),
        samples.newsletter(T0 - timedelta(days=1), f"<news-1.{tag}@test>"),
    ]


def _passes_ok(agent, *nows):
    for now in nows:
        report = agent.run_pass(now)
        assert not report.errors and not report.interrupted, report


# -- the IMAP server restarts in the middle of a pass ------------------------------------------------


@pytest.mark.slow
def test_server_restart_mid_pass_loses_and_doubles_nothing(dovecot_factory, tmp_path):
    srv = dovecot_factory(["alice", "bob"])
    mails = realistic_mailbox(T0)
    for user in ("alice", "bob"):
        srv.append(user, "INBOX", mails)
    ref = make_agent(write_config(tmp_path, Account(srv, "bob"), name="ref.toml", db=tmp_path / "ref.db"),
                     srv.password("bob"))
    _passes_ok(ref, T0, T_DRAFTS)

    alice = Account(srv, "alice")
    agent = make_agent(write_config(tmp_path, alice), alice.password)
    # restart the server after the 2nd batch is committed: the next FETCH finds the connection gone
    crashpoints.set_hook(lambda name, n: srv.restart() if (name, n) == ("after_commit", 2) else None)
    with pytest.raises(ConnectError, match="connection lost|timed out|cannot connect"):
        agent.run_pass(T0)
    crashpoints.set_hook(None)
    committed = len(db_rows(tmp_path / "onward.db", "messages"))
    assert 14 <= committed < len(mails) and committed % 7 == 0, committed  # whole batches only
    _passes_ok(agent, T0)
    # and once more while saving drafts: right after the 2nd APPEND
    crashpoints.set_hook(lambda name, n: srv.restart() if (name, n) == ("after_append", 2) else None)
    with pytest.raises(MailboxError):
        agent.run_pass(T_DRAFTS)
    crashpoints.set_hook(None)
    _passes_ok(agent, T_DRAFTS)

    got, expected = db_state(tmp_path / "onward.db"), db_state(tmp_path / "ref.db")
    assert got == expected, diff(got, expected)
    drafts = message_ids(srv, "alice", "Drafts")
    assert set(drafts.values()) == {1}
    # each database has its own install id in its drafts' Message-IDs: compared without it
    assert {stable_id(k) for k in drafts} == {stable_id(k) for k in message_ids(srv, "bob", "Drafts")}
    assert sorted(messages_per_uid(tmp_path / "onward.db").values()) == [1] * len(mails)


# -- a server that accepts and never answers ---------------------------------------------------------


@pytest.fixture
def stalled_port():
    """A TCP server on 127.0.0.1 that accepts connections and never sends a byte."""
    lsock = socket.socket()
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(8)
    held, stop = [], threading.Event()

    def serve():
        lsock.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(lsock.accept()[0])
            except OSError:
                continue

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield lsock.getsockname()[1]
    stop.set()
    t.join(2)
    for s in held:
        s.close()
    lsock.close()


@pytest.mark.parametrize("tls", ["implicit", "none"])
def test_stalled_server_times_out(imap_account, tmp_path, stalled_port, tls):
    cfg = write_config(tmp_path, imap_account, port=stalled_port, tls=tls, timeout=2)
    start = time.monotonic()
    done = run_cli(cfg, "check", password=imap_account.password, timeout=30)
    elapsed = time.monotonic() - start
    assert done.returncode == 3, done.stderr
    assert "timed out" in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert elapsed < 8, f"check took {elapsed:.1f} s with timeout = 2"


def test_sigterm_stops_a_daemon_whose_pass_is_stuck(imap_account, tmp_path, stalled_port):
    """A pass blocked in a slow IMAP read (timeout = 60) cannot reach a safe point: after the grace
    period the daemon kills it (safe: writes are transactional) and exits 0, long before the timeout."""
    cfg = write_config(tmp_path, imap_account, port=stalled_port, tls="none", timeout=60, idle=False)
    log = tmp_path / "daemon.log"
    proc = popen_cli(cfg, "run", password=imap_account.password, log=log)
    try:
        # SIGTERM only once the daemon has its handlers (it says "running" after installing them; a
        # SIGTERM before that ends it by the default action, rc -15: see test_daemon_resilience)
        assert wait_for(lambda: " running: watching " in log.read_text(), timeout=30), log.read_text()
        time.sleep(1.0)  # the first pass is now waiting for a greeting that never comes
        start = time.monotonic()
        proc.terminate()
        proc.wait(30)
        elapsed = time.monotonic() - start
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, log.read_text()
    assert elapsed < 20, f"stopping took {elapsed:.1f} s"
    assert "did not stop within" in log.read_text()


# -- bad credentials, hosts and TLS: one clear line, distinct exit codes (run --once; check is in e2e) --


def test_connection_problems_exit_codes_for_run_once(imap_account, tmp_path):
    """test_agent_e2e covers ``check``; here ``run --once`` and the TLS-mode mismatch for both."""
    pw = imap_account.password
    cases = {
        "unknown host": (dict(host="no-such-host.invalid"), pw, 3, "no-such-host.invalid"),
        "refused port": (dict(port=1, tls="none"), pw, 3, "127.0.0.1:1"),
        "implicit TLS on the plain port": (dict(port=imap_account.port, tls="implicit"), pw, 5, "TLS"),
    }
    for name, (kw, password, code, needle) in cases.items():
        cfg = write_config(tmp_path, imap_account, name=f"{code}-{len(name)}.toml", timeout=5, **kw)
        for cmd in (["check"], ["run", "--once"]):
            done = run_cli(cfg, *cmd, password=password, timeout=60)
            lines = done.stderr.strip().splitlines()
            assert done.returncode == code, f"{name} / {cmd}: rc={done.returncode} {done.stderr}"
            assert len(lines) == 1 and needle in lines[0] and "Traceback" not in done.stderr, (name, cmd, lines)
            assert pw not in done.stderr + done.stdout


@pytest.mark.slow
def test_daemon_with_a_refused_password_says_so_once_and_keeps_running(imap_account, tmp_path):
    cfg = write_config(tmp_path, imap_account, idle=True, extra="[daemon]\npoll_interval = 5\n")
    log = tmp_path / "daemon.log"
    proc = popen_cli(cfg, "run", password="wrong-password-123", log=log)
    try:
        assert wait_for(lambda: "wrong password?" in log.read_text(), timeout=25), log.read_text()
        time.sleep(8)  # a backoff would have tried again by now (5 s, then 10 s)
        text = log.read_text()
        assert text.count("wrong password?") == 1, text  # no hammering: the next try is in an hour
        assert "login refused: login to" in text and "trying again once an hour" in text, text
        assert proc.poll() is None, "the daemon must keep running, not exit"
        proc.send_signal(15)
        t = time.monotonic()
        assert proc.wait(10) == 0
        assert time.monotonic() - t < 5
    finally:
        sigkill(proc)
    assert "wrong-password-123" not in log.read_text()
    assert "Traceback" not in log.read_text()


# -- UIDVALIDITY changes (folder recreated) ------------------------------------------------------------


def test_uidvalidity_change_no_duplicates_no_misses(dovecot, tmp_path):
    acc = Account(dovecot, take_user(dovecot))
    mails = realistic_mailbox(T0, tag="u")[:20]
    dovecot.append(acc.user, "Jobs", mails)
    cfg = write_config(tmp_path, acc, imap_extra="", extra="")
    cfg.write_text(cfg.read_text().replace('folders = ["INBOX"]', 'folders = ["Jobs"]'))
    agent = make_agent(cfg, acc.password)
    _passes_ok(agent, T0)
    db = tmp_path / "onward.db"
    before = db_state(db)

    def uidvalidity():
        c = dovecot.client(acc.user)
        try:
            return c.folder_status("Jobs", [b"UIDVALIDITY"])[b"UIDVALIDITY"]
        finally:
            c.logout()

    old_validity = uidvalidity()
    dovecot.doveadm("mailbox", "rename", "-u", acc.user, "Jobs", "Jobs-old")
    new = samples.rejection("Initech", "Platform Engineer", "Sara Nilsen <sara.nilsen@initech.io>",
                            T0 - timedelta(hours=5), "<rej-new.u@test>")
    dovecot.append(acc.user, "Jobs", [*mails[::-1], new])  # other order, other UIDs
    assert uidvalidity() != old_validity
    _passes_ok(agent, T0 + timedelta(hours=1))
    after = db_state(db)
    assert after["events"][:len(before["events"])] == before["events"]
    assert [e["message_id"] for e in after["events"][len(before["events"]):]] == ["<rej-new.u@test>"]
    ids = Counter(r["message_id"] for r in after["messages"])
    assert max(ids.values()) == 1 and len(ids) == len(mails) + 1, ids
    assert len(after["followups"]) == len(before["followups"]) + 1
    _passes_ok(agent, T0 + timedelta(hours=2))
    assert db_state(db) == after


# -- messages expunged by the user while Onward runs ---------------------------------------------------


def test_messages_expunged_between_search_and_fetch(dovecot, tmp_path):
    acc = Account(dovecot, take_user(dovecot))
    mails = realistic_mailbox(T0, tag="x")[:35]  # 5 batches of 7
    dovecot.append(acc.user, "INBOX", mails)
    agent = make_agent(write_config(tmp_path, acc), acc.password)
    # in the last batch: not fetched yet when the first batch is handed over (the fetch thread runs at
    # most PREFETCH_BATCHES ahead), so the FETCH asks for UIDs that are gone
    gone = [29, 33, 35]

    def expunge(name, n):
        if (name, n) == ("after_fetch", 1):  # SEARCH done, batch 1 fetched: the user deletes mail
            for uid in gone:
                dovecot.doveadm("expunge", "-u", acc.user, "mailbox", "INBOX", "uid", str(uid))

    crashpoints.set_hook(expunge)
    agent.run_pass(T0)
    crashpoints.set_hook(None)
    _passes_ok(agent, T0 + timedelta(minutes=5))
    per_uid = messages_per_uid(tmp_path / "onward.db")
    uids = sorted(uid for (_f, _v, uid) in per_uid)
    fetched_gone = [u for u in gone if u in uids]
    assert set(per_uid.values()) == {1}
    assert set(range(1, 36)) - set(gone) <= set(uids), f"missed: {set(range(1, 36)) - set(gone) - set(uids)}"
    failed = [r for r in db_rows(tmp_path / "onward.db", "messages") if r["status"] == "failed"]
    assert not failed, failed
    assert not fetched_gone, f"expunged before they were fetched, yet recorded: {fetched_gone}"


# -- Drafts missing, renamed, or without SPECIAL-USE --------------------------------------------------


@pytest.mark.parametrize("kind,server_kw,expected_folder", [
    ("missing", dict(special_use=False, drafts_name="Scratch"), "Drafts"),
    ("renamed", dict(drafts_name="Entwürfe"), "Entwürfe"),
    ("no-special-use", dict(special_use=False), "Drafts"),
])
def test_drafts_folder_variants(dovecot_factory, tmp_path, kind, server_kw, expected_folder):
    srv = dovecot_factory(["alice"], **server_kw)
    acc = Account(srv, "alice")
    srv.append("alice", "INBOX", _acme())
    agent = make_agent(write_config(tmp_path, acc), acc.password)
    _passes_ok(agent, T0, T_DRAFTS, T_DRAFTS)
    (fu,) = db_rows(tmp_path / "onward.db", "followups")
    assert fu["status"] == "drafted", fu
    saved = {stable_id(k): v for k, v in message_ids(srv, "alice", expected_folder).items()}
    assert saved == {fu["draft_message_id"]: 1}  # (db_rows gives the id without the install hash)
    if kind == "missing":
        assert message_ids(srv, "alice", "Scratch") == Counter()


# -- the database locked by another process, full, or used by a second daemon -------------------------

HOLD_LOCK = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("ROLLBACK")
"""


@pytest.mark.slow
def test_database_locked_by_another_process(imap_account, tmp_path):
    """Held a little longer than Onward's busy timeout (10 s): the pass must stop with exit 7, and
    must not turn the lock into per-message failures (which would skip those messages forever)."""
    imap_account.server.append(imap_account.user, "INBOX", _acme("l"))
    cfg = write_config(tmp_path, imap_account)
    db = tmp_path / "onward.db"
    done = run_cli(cfg, "outcomes", password=imap_account.password)  # creates the schema
    assert done.returncode == 0, done.stderr
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(db), "12"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        done = run_cli(cfg, "run", "--once", "--now", T0.isoformat(), password=imap_account.password)
        assert done.returncode == 7, done.stderr
        assert "database" in done.stderr and "locked" in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    finally:
        holder.wait(30)
    assert db_rows(db, "messages") == []  # nothing half-recorded, nothing marked failed
    done = run_cli(cfg, "run", "--once", "--now", T0.isoformat(), password=imap_account.password)
    assert done.returncode == 0, done.stderr
    rows = db_rows(db, "messages")
    assert len(rows) == 3 and {r["status"] for r in rows} == {"classified"}, rows
    assert db_rows(db, "followups")


def test_database_full(imap_account, tmp_path):
    """Disk full, simulated with PRAGMA max_page_count on Onward's own connections (a tmpfs needs root
    and mount rights that CI does not have): a clear StoreError, nothing partial, the next pass resumes."""
    from sqlalchemy import event
    imap_account.server.append(imap_account.user, "INBOX", realistic_mailbox(T0, tag="f")[:14])
    agent = make_agent(write_config(tmp_path, imap_account), imap_account.password)
    db = tmp_path / "onward.db"
    engine = agent.store.engine
    limit = {"pages": 0}

    def cap(dbapi_conn, _record):
        if limit["pages"]:
            dbapi_conn.execute(f"PRAGMA max_page_count = {limit['pages']}")

    event.listen(engine, "connect", cap)
    with engine.connect() as c:
        from sqlalchemy import text
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        limit["pages"] = int(c.execute(text("PRAGMA page_count")).scalar())
    engine.dispose()
    with pytest.raises(StoreError, match="full"):
        agent.run_pass(T0)
    assert db_rows(db, "messages") == []
    limit["pages"] = 0
    engine.dispose()
    _passes_ok(agent, T0)
    rows = db_rows(db, "messages")
    assert len(rows) == 14 and "failed" not in {r["status"] for r in rows}


def test_second_daemon_on_same_database_refuses(imap_account, tmp_path):
    cfg = write_config(tmp_path, imap_account, extra="[daemon]\npoll_interval = 5\n")
    log = tmp_path / "daemon.log"
    lock = tmp_path / "onward.db.lock"
    first = popen_cli(cfg, "run", password=imap_account.password, log=log)
    try:
        assert wait_for(lambda: lock.exists() and lock.read_text().strip() == str(first.pid), timeout=15)
        for cmd in (["run"], ["run", "--once"], ["backfill"]):
            done = run_cli(cfg, *cmd, password=imap_account.password, timeout=30)
            assert done.returncode == 6, (cmd, done.stderr)
            assert f"pid {first.pid}" in done.stderr and len(done.stderr.strip().splitlines()) == 1
        assert first.poll() is None
        first.send_signal(15)
        assert first.wait(10) == 0
    finally:
        sigkill(first)
    # the lock is gone with its holder: a new daemon may start
    done = run_cli(cfg, "run", "--once", password=imap_account.password)
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
def test_daemon_reconnects_after_server_restart(dovecot_factory, tmp_path):
    """The daemon (IDLE on) outlives a server restart: new mail after it is still handled, once."""
    srv = dovecot_factory(["alice"])
    acc = Account(srv, "alice")
    mails = realistic_mailbox(T0, tag="r")[:12]
    cfg = write_config(tmp_path, acc, idle=True, extra="[daemon]\npoll_interval = 5\n")
    db, log = tmp_path / "onward.db", tmp_path / "daemon.log"
    srv.append("alice", "INBOX", mails[:6])
    proc = popen_cli(cfg, "run", password=acc.password, log=log)
    try:
        assert wait_for(lambda: db.exists() and len(db_rows(db, "messages")) == 6, timeout=20), log.read_text()
        srv.restart()
        srv.append("alice", "INBOX", mails[6:])
        assert wait_for(lambda: len(db_rows(db, "messages")) == 12, timeout=30), log.read_text()[-2000:]
        assert proc.poll() is None
        proc.send_signal(15)
        assert proc.wait(10) == 0
    finally:
        sigkill(proc)
    assert sorted(messages_per_uid(db).values()) == [1] * 12
    text = log.read_text()
    print(text)
    assert "Traceback" not in text
    assert "IDLE connection lost" in text or "pass failed" in text, "the restart went unnoticed?"
