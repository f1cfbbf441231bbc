"""``onward status`` names the process working each account.  On SQLite: the daemon holding the database's
single-instance lock (read from /proc/locks, never by taking the lock), for the accounts whose IDLE state it
keeps; null when no process holds the lock.  (On PostgreSQL: the lease holder - tests/unit/test_leases.py and
tests/integration/test_worker_pool.py.)"""

from __future__ import annotations

import json
import os
import socket
import sys
from datetime import UTC, datetime

import pytest

from agent.accounts.leases import Holder, daemon_holds, instance_holder
from agent.accounts.state import WatchState, record_watch
from agent.cli import main
from agent.config import load_settings
from agent.loop import InstanceLock
from agent.record.store import Store

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/locks is Linux's")


def _config(tmp_path):
    cfg = tmp_path / "onward.toml"
    cfg.write_text('[imap]\nhost = "127.0.0.1"\nusername = "me@example.org"\npassword_command = "echo x"\n\n'
                   '[followup]\nyour_name = "Alex Doe"\n\n'
                   f'[storage]\ndatabase = "sqlite:///{tmp_path / "onward.db"}"\n')
    cfg.chmod(0o600)
    return cfg


def test_the_lock_holder_is_read_from_proc_locks_and_gone_once_released(tmp_path):
    settings = load_settings(_config(tmp_path))
    lock = InstanceLock(settings)
    assert instance_holder(lock.path) is None  # no lock file yet
    with lock:
        holder = instance_holder(lock.path)
        assert holder is not None and holder.pid == os.getpid() and holder.host == socket.gethostname()
        assert holder.id == f"{socket.gethostname()}:{os.getpid()}"
        assert datetime.fromisoformat(holder.since) <= datetime.now(UTC)
    assert instance_holder(lock.path) is None  # the file stays, the lock is gone


def test_only_accounts_the_daemon_keeps_watch_on_are_its_own():
    daemon = Holder("h:1", "h", 1, "2026-12-06T12:00:00.000+00:00")
    assert daemon_holds(daemon, {"a": "watching", "b": "stopped", "c": "lost", "d": "polling"}) == {
        "a": daemon, "c": daemon, "d": daemon}
    assert daemon_holds(None, {"a": "watching"}) == {}


def test_status_json_gives_the_daemon_as_worker_only_while_it_holds_the_lock(tmp_path, capsys):
    cfg = _config(tmp_path)
    settings = load_settings(cfg)
    store = Store.for_settings(settings)
    record_watch(store, "default", WatchState.WATCHING, datetime.now(UTC))
    store.close()

    def status():
        assert main(["--config", str(cfg), "status", "--json"]) == 0
        return json.loads(capsys.readouterr().out)[0]

    with InstanceLock(settings):
        row = status()
        assert row["worker"] == {"id": f"{socket.gethostname()}:{os.getpid()}", "host": socket.gethostname(),
                                 "pid": os.getpid(), "since": row["worker"]["since"]}
        assert main(["--config", str(cfg), "status"]) == 0
        assert f"{socket.gethostname()}:{os.getpid()} since" in capsys.readouterr().out
    row = status()
    assert row["worker"] is None and row["idle"]["state"] == "watching"  # a killed daemon's last word
