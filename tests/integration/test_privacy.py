"""Privacy against other local users and in the database (issue 15.5, 15.7): a real daemon against a
real Dovecot, and the files it writes listed while it runs; a database that keeps no email body."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from agent.demo import samples
from tests.helpers import PASSWORD_ENV, count_messages, run_cli, write_config

NOW = datetime.now(UTC).replace(microsecond=0)
ROOT = Path(__file__).resolve().parents[2]


def seed(account) -> None:
    account.server.append(account.user, "INBOX", [
        samples.ack("Acme Robotics", "Backend Engineer", NOW - timedelta(days=20), "<ack-1@test>"),
        samples.interview("Acme Robotics", "Backend Engineer", "Jane Miller", "jane.miller@acmerobotics.com",
                          NOW - timedelta(days=10), "<int-1@test>"),
        samples.rejection("Acme Robotics", "Backend Engineer", "Jane Miller <jane.miller@acmerobotics.com>",
                          NOW - timedelta(days=2), "<rej-1@test>", in_reply_to="<int-1@test>",
                          references=["<int-1@test>"]),
        samples.newsletter(NOW - timedelta(days=1), "<news-1@test>"),
    ])


def test_files_of_a_running_daemon_are_private(tmp_path, imap_account):
    """`onward run` started with umask 022: its data dir is 0700 and every file in it (database,
    -wal, -shm, lock) is 0600 at every moment it is seen, from creation on."""
    seed(imap_account)
    data = tmp_path / "data"
    db = data / "onward.db"
    cfg = write_config(tmp_path, imap_account, database=db)
    env = {**os.environ, PASSWORD_ENV: imap_account.password}
    log = tmp_path / "daemon.log"
    with open(log, "wb") as out:
        daemon = subprocess.Popen([sys.executable, "-m", "agent.cli", "--config", str(cfg), "run"], stdout=out,
                                  stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, cwd=ROOT,
                                  umask=0o022)
    seen: dict[str, set[str]] = {}
    try:
        deadline = time.monotonic() + 90
        done_at = None
        while time.monotonic() < deadline and daemon.poll() is None:
            for p in (data, *(data.iterdir() if data.is_dir() else ())):
                try:
                    seen.setdefault(p.name, set()).add(oct(stat.S_IMODE(p.stat().st_mode)))
                except FileNotFoundError:
                    pass  # a side file that SQLite just removed
            if done_at is None and count_messages(db) >= 4:
                done_at = time.monotonic()
            if done_at is not None and time.monotonic() - done_at > 1.0:
                break
            time.sleep(0.01)
        assert daemon.poll() is None, log.read_text()
        assert done_at is not None, f"the daemon recorded nothing: {log.read_text()}"
    finally:
        daemon.terminate()
        daemon.wait(timeout=30)
    assert seen.pop("data") == {"0o700"}
    assert {"onward.db", "onward.db-wal", "onward.db-shm", "onward.db.lock"} <= set(seen), seen
    assert seen == {name: {"0o600"} for name in seen}


def bodies(db: Path) -> tuple[int, int]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return tuple(con.execute(f"SELECT count(*) FROM {t} WHERE body IS NOT NULL").fetchone()[0]  # noqa: S608
                     for t in ("messages", "examples"))
    finally:
        con.close()


def test_keep_bodies_false_keeps_no_body_and_corrections_still_work(tmp_path, imap_account):
    seed(imap_account)
    db = tmp_path / "onward.db"
    cfg = write_config(tmp_path, imap_account, database=db)
    assert run_cli(cfg, "run", "--once", password=imap_account.password).returncode == 0
    assert run_cli(cfg, "label", "<ack-1@test>", "acknowledgement").returncode == 0
    assert bodies(db)[0] >= 3 and bodies(db)[1] == 1  # control: by default job emails keep their text

    cfg = write_config(tmp_path, imap_account, database=db, extra="keep_bodies = false\n")
    assert "[storage]" in cfg.read_text().split("keep_bodies")[0]
    done = run_cli(cfg, "outcomes")
    assert done.returncode == 0, done.stderr
    assert bodies(db) == (0, 0)  # what was kept before is erased as soon as the store is opened

    imap_account.server.append(imap_account.user, "INBOX", [samples.rejection(
        "Initech", "Platform Engineer", "Bill Lumbergh <bill@initech.com>", NOW - timedelta(hours=5),
        "<rej-2@test>")])
    done = run_cli(cfg, "run", "--once", password=imap_account.password)
    assert done.returncode == 0, done.stderr
    assert count_messages(db) == 5 and bodies(db) == (0, 0)

    done = run_cli(cfg, "label", "<rej-1@test>", "other")  # a correction works from the stored facts
    assert done.returncode == 0, done.stderr
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert con.execute("SELECT label, subject FROM examples WHERE message_id = '<rej-1@test>'").fetchone()[1]
        assert con.execute("SELECT count(*) FROM events WHERE message_id = '<rej-1@test>'").fetchone()[0] == 0
        assert con.execute("SELECT status FROM applications").fetchall()
    finally:
        con.close()
    assert bodies(db) == (0, 0)
