"""The worker pool with real parts: two ``onward run`` processes on one real PostgreSQL share four accounts
of a real Dovecot; one is SIGKILLed in the middle of its work; the other takes its accounts over within
the lease bound (``1.25 × daemon.lease_seconds``, plus a pass), and nothing is lost or doubled: every
rejection recorded once, every thank-you draft saved once in its account's Drafts."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, text

from agent.accounts.leases import holders
from agent.accounts.state import states
from agent.demo import samples
from agent.record.store import Store
from tests.helpers import folder_messages, run_cli

LEASE = 2  # daemon.lease_seconds: a dead worker's accounts are free after 2 s, taken within 2.5 s


def _config(tmp_path, dovecot, users, database):
    parts = [f'[accounts.{name}]\nhost = "127.0.0.1"\nport = {dovecot.ssl_port}\nca_file = "{dovecot.cafile}"\n'
             f'username = "{user}"\npassword_command = "echo {dovecot.password(user)}"\n'
             f'from_address = "{user}@example.org"\n' for name, user in users.items()]
    cfg = tmp_path / "onward.toml"
    cfg.write_text("\n".join(parts) + '\n[followup]\nyour_name = "Alex Doe"\n\n'
                   f'[storage]\ndatabase = "{database}"\n\n'
                   f'[daemon]\npoll_interval = 600\nlease_seconds = {LEASE}\n')
    cfg.chmod(0o600)
    return cfg


def _status(cfg):
    return {s["account"]: s for s in json.loads(run_cli(cfg, "status", "--json").stdout or "[]")}


def _wait(what, check, seconds, alive=()):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert all(p.poll() is None for p in alive), f"a worker ended while waiting for: {what}"
        got = check()
        if got:
            return got
        time.sleep(0.2)
    raise AssertionError(f"not within {seconds} s: {what}")


def _rejection(dovecot, user, name, n):
    mid = f"<{name}-rej{n}@acme{n}.example>"
    dovecot.append(user, "INBOX", [samples.rejection(f"Acme{n}", "Engineer", f"Jane Roe <jane@acme{n}.example>",
                                                     datetime.now(UTC) - timedelta(hours=1), mid)])
    return mid


def test_a_killed_workers_accounts_are_taken_over_with_nothing_lost_or_doubled(dovecot, imap_user, tmp_path,
                                                                               postgres_url):
    users = {"a1": imap_user, **{f"a{i}": next(dovecot._pool) for i in range(2, 5)}}
    cfg = _config(tmp_path, dovecot, users, postgres_url)
    engine = create_engine(postgres_url)

    def events():
        with engine.connect() as conn:
            return sorted(conn.execute(text("select account, message_id from events")).all())

    store = Store.open(postgres_url)

    def held():
        return {a: h.pid for a, h in holders(store).items()}

    def last_passes():
        return {a: r.last_pass_at for a, r in states(store).items()}

    workers = [subprocess.Popen([sys.executable, "-m", "agent.cli", "--config", str(cfg), "run"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    try:
        _wait("every account held, two each, and passed once", lambda: (
            sorted(held()) == sorted(users) and sorted(Counter(held().values()).values()) == [2, 2]
            and all(last_passes().get(a) for a in users)), 60, workers)
        victim, survivor = workers[0], workers[1]
        theirs = sorted(a for a, pid in held().items() if pid == victim.pid)
        first = {(a, _rejection(dovecot, u, a, 1)) for a, u in users.items()}
        _wait("the first rejections recorded", lambda: first <= set(events()), 30)
        due = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
        for f in json.loads(run_cli(cfg, "followups", "--json").stdout):  # each thank-you due now: the
            assert run_cli(cfg, "followups", "set", str(f["id"]), "--due", due).returncode == 0  # next pass drafts it
        second = {(a, _rejection(dovecot, u, a, 2)) for a, u in users.items()}  # passes start at once...
        time.sleep(0.3)
        os.kill(victim.pid, signal.SIGKILL)  # ...and one worker dies in the middle of them
        killed = time.monotonic()
        victim.wait(10)
        _wait("the survivor holds every account", lambda: held() == dict.fromkeys(users, survivor.pid), 15)
        taken = time.monotonic() - killed
        assert taken <= 1.25 * LEASE + 2, f"taken over after {taken:.1f} s"
        shown = _status(cfg)
        assert {a: r["worker"]["pid"] for a, r in shown.items()} == dict.fromkeys(users, survivor.pid)
        assert all(set(r["worker"]) == {"id", "host", "pid", "since"} for r in shown.values())
        _wait("every rejection recorded", lambda: first | second <= set(events()), 30)
        assert events() == sorted(first | second)  # each once: none lost, none doubled
        assert theirs  # the victim did hold accounts when it died

        def drafts_done():
            per = {a: len(folder_messages(dovecot, u, "Drafts")) for a, u in users.items()}
            return per if all(n >= 1 for n in per.values()) else None
        _wait("a thank-you for each rejection in each Drafts", drafts_done, 40)
        time.sleep(2 * LEASE)  # any late duplicate would land now
        assert {a: len(folder_messages(dovecot, u, "Drafts")) for a, u in users.items()} == dict.fromkeys(users, 1)
    finally:
        for w in workers:
            if w.poll() is None:
                w.terminate()
        errs = [w.communicate(timeout=30)[1] for w in workers]
        engine.dispose()
        store.close()
        for n, err in enumerate(errs):
            print(f"--- worker {n} (pid {workers[n].pid}) ---\n{err[-4000:]}")  # shown when the test fails
        print(held())
    assert workers[1].returncode == 0, errs[1][-2000:]
    assert "took " in errs[1] and "Traceback" not in errs[1]
    assert held() == {}  # a clean stop released its leases
    assert _status(cfg)["a1"]["worker"] is None
