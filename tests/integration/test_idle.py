"""The daemon waits in IMAP IDLE: new mail is recorded within seconds, not at the next poll; SIGTERM
stops it promptly; without IDLE it falls back to polling."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from agent.config import ImapSettings
from agent.demo import samples
from agent.mail.imap import Mailbox
from tests.helpers import PASSWORD_ENV, write_config

NOW = datetime.now(UTC).replace(microsecond=0)
BOUND = 15.0  # seconds; measured ~0.6 s (Dovecot batches IDLE notifications for 0.5 s)


def _q(db: Path, sql: str, *args) -> list:
    if not db.exists():
        return []
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute(sql, args).fetchall()
        finally:
            con.close()
    except sqlite3.OperationalError:  # schema not created yet
        return []


def _wait_for(pred, timeout: float, proc: subprocess.Popen) -> float:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if pred():
            return time.monotonic() - t0
        if proc.poll() is not None:
            pytest.fail(f"daemon exited with {proc.returncode}:\n{proc.stderr.read()}")
        time.sleep(0.05)
    pytest.fail(f"not within {timeout} s")


def _start(cfg: Path, account) -> subprocess.Popen:
    env = {**os.environ, PASSWORD_ENV: account.password}
    return subprocess.Popen([sys.executable, "-m", "agent.cli", "--config", str(cfg), "run"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)


def _stop(proc: subprocess.Popen) -> float:
    t0 = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        pytest.fail("SIGTERM did not stop the daemon within 10 s")
    return time.monotonic() - t0


def _run_daemon_and_deliver(tmp_path, account, *, idle: bool, poll_interval: int) -> tuple[float, float, int, str]:
    account.server.append(account.user, "INBOX", [samples.newsletter(NOW - timedelta(days=1), "<news-1@test>")])
    cfg = write_config(tmp_path, account, extra=f"\n[daemon]\npoll_interval = {poll_interval}\n")
    cfg.write_text(cfg.read_text().replace("idle = false\n", f"idle = {'true' if idle else 'false'}\n", 1))
    db = tmp_path / "onward.db"
    proc = _start(cfg, account)
    try:
        _wait_for(lambda: _q(db, "select 1 from messages where message_id = '<news-1@test>'"), 60, proc)
        time.sleep(1.0)  # the first pass is over; the daemon now waits (IDLE or poll)
        mid = "<rej-idle@test>"
        account.server.append(account.user, "INBOX", [samples.rejection(
            "Globex", "Backend Engineer", "Hank Scorpio <hank.scorpio@globex.com>", datetime.now(UTC), mid)])
        latency = _wait_for(lambda: _q(db, "select 1 from events where message_id = ?", mid),
                            BOUND if idle else poll_interval + BOUND, proc)
    finally:
        stop_s = _stop(proc) if proc.poll() is None else 0.0
    err = proc.stderr.read()
    return latency, stop_s, proc.returncode, err


def test_idle_wakes_the_pass_and_sigterm_stops_promptly(tmp_path, imap_account):
    # poll_interval 600 s: only IDLE can explain a recording within BOUND seconds
    latency, stop_s, code, err = _run_daemon_and_deliver(tmp_path, imap_account, idle=True, poll_interval=600)
    assert latency < BOUND
    assert code == 0, err
    assert stop_s < 5.0, f"SIGTERM took {stop_s:.1f} s"
    assert "stopped" in err


def test_without_idle_the_daemon_polls(tmp_path, imap_account):
    latency, stop_s, code, err = _run_daemon_and_deliver(tmp_path, imap_account, idle=False, poll_interval=5)
    assert latency < 5 + BOUND
    assert code == 0, err
    assert stop_s < 5.0


def test_idle_wait_returns_at_once_for_mail_that_arrived_before_it(imap_account):
    """Mail delivered during a pass (after its SEARCH) is never announced by IDLE; UIDNEXT tells."""
    settings = ImapSettings(host=imap_account.host, username=imap_account.user, port=imap_account.ssl_port,
                            ca_file=imap_account.cafile)
    imap_account.server.append(imap_account.user, "INBOX", [samples.newsletter(NOW, "<n1@test>")])
    with Mailbox(settings, imap_account.password) as mb:
        status = mb.examine("INBOX")
        t0 = time.monotonic()
        assert mb.idle_wait("INBOX", 30, known_uidnext=status.uidnext - 1)  # one message not on record
        assert time.monotonic() - t0 < 2
        t0 = time.monotonic()
        assert not mb.idle_wait("INBOX", 1.5, known_uidnext=status.uidnext)  # all on record: real IDLE
        assert time.monotonic() - t0 >= 1.0
        stop_at = time.monotonic() + 1.0
        t0 = time.monotonic()
        assert not mb.idle_wait("INBOX", 60, lambda: time.monotonic() > stop_at)
        assert time.monotonic() - t0 < 3  # the stop request is honoured within about a second


def test_waiting_daemon_holds_no_model(tmp_path, imap_account):
    """Passes run in a child process: the daemon that waits has never imported scikit-learn."""
    imap_account.server.append(imap_account.user, "INBOX", [
        samples.rejection("Initech", "QA Engineer", "Bill Lumbergh <bill@initech.com>", NOW - timedelta(days=1),
                          "<rej-lean@test>")])
    cfg = write_config(tmp_path, imap_account, extra="\n[daemon]\npoll_interval = 600\n")
    db = tmp_path / "onward.db"
    proc = _start(cfg, imap_account)
    try:
        _wait_for(lambda: _q(db, "select 1 from events where message_id = '<rej-lean@test>'"), 60, proc)
        time.sleep(0.5)
        maps = Path(f"/proc/{proc.pid}/maps").read_text()
        assert "/sklearn/" not in maps and "/scipy/" not in maps
        assert "/sqlalchemy/" not in maps, "the waiting daemon of one account never loads the store"
        # ... yet what it writes of the account and its watcher is on record (from its child processes)
        _wait_for(lambda: _q(db, "select 1 from idle_watch where state = 'polling'"), 30, proc)  # imap.idle off
        _wait_for(lambda: _q(db, "select 1 from account_state where state = 'ok'"), 30, proc)
        children = [p for p in Path("/proc").iterdir() if p.name.isdigit() and _ppid(p) == proc.pid]
        assert children == [], "no pass process is left behind between passes"
    finally:
        assert _stop(proc) < 5.0
    assert proc.returncode == 0


def _ppid(p: Path) -> int | None:
    try:
        return int((p / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None
