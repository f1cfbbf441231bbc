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
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, text

from agent.demo import samples
from tests.helpers import folder_messages, run_cli

LEASE = 2  # daemon.lease_seconds: a dead worker's accounts are free after 2 s, taken within 2.5 s


def _config(tmp_path, dovecot, users, database):
    parts = [f'[accounts.{name}]\nhost = "127.0.0.1"\nport = {dovecot.ssl_port}\nca_file = "{dovecot.cafile}"\n'
             f'username = "{user}"\npassword_command = "echo {dovecot.password(user)}"\n'
             f'from_address = "{user}@example.org"\n' for name, user in users.items()]
    cfg = tmp_path / "onward.toml"
    cfg.write_text("\n".join(parts) + '\n[followup]\nyour_name = "Alex Doe"\nmin_days = 0\nmax_days = 0\n'
                   f'hours = [0, 23]\n\n[storage]\ndatabase = "{database}"\n\n'
                   f'[daemon]\npoll_interval = 600\nlease_seconds = {LEASE}\n')
    cfg.chmod(0o600)
    return cfg


def _status(cfg):
    return {s["account"]: s for s in json.loads(run_cli(cfg, "status", "--json").stdout or "[]")}


def _wait(what, check, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
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

    workers = [subprocess.Popen([sys.executable, "-m", "agent.cli", "--config", str(cfg), "run"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    try:
        def spread():
            s = _status(cfg)
            ready = all(r["worker"] and r["last_pass_at"] for r in s.values())
            return s if ready and [sum(r["worker"]["pid"] == w.pid for r in s.values()) for w in workers] == [2, 2] \
                else None
        status = _wait("every account held, two each, and passed once", spread, 60)
        victim = workers[0]
        theirs = sorted(a for a, r in status.items() if r["worker"]["pid"] == victim.pid)
        first = {(a, _rejection(dovecot, u, a, 1)) for a, u in users.items()}
        _wait("the first rejections recorded", lambda: first <= set(events()), 30)
        second = {(a, _rejection(dovecot, u, a, 2)) for a, u in users.items()}  # passes start at once...
        time.sleep(0.3)
        os.kill(victim.pid, signal.SIGKILL)  # ...and one worker dies in the middle of them
        killed = time.monotonic()
        victim.wait(10)
        survivor = workers[1].pid
        _wait("the survivor holds every account", lambda: all(
            r["worker"] and r["worker"]["pid"] == survivor for r in _status(cfg).values()), 15)
        taken = time.monotonic() - killed
        _wait("every rejection recorded", lambda: first | second <= set(events()), 30)
        assert taken <= 1.25 * LEASE + 3, f"taken over after {taken:.1f} s"

        def drafts_done():
            per = {a: len(folder_messages(dovecot, u, "Drafts")) for a, u in users.items()}
            return per if all(n >= 2 for n in per.values()) else None
        _wait("a thank-you for each rejection in each Drafts", drafts_done, 40)
        time.sleep(2 * LEASE)  # any late duplicate would land now
        assert {a: len(folder_messages(dovecot, u, "Drafts")) for a, u in users.items()} == dict.fromkeys(users, 2)
        assert events() == sorted(first | second)  # each once: none lost, none doubled
        assert theirs  # the victim did hold accounts when it died
    finally:
        for w in workers:
            if w.poll() is None:
                w.terminate()
        errs = [w.communicate(timeout=30)[1] for w in workers]
        engine.dispose()
        for n, err in enumerate(errs):
            print(f"--- worker {n} (pid {workers[n].pid}) ---\n{err[-4000:]}")  # shown when the test fails
        print(_status(cfg))
    assert workers[1].returncode == 0, errs[1][-2000:]
    assert "took " in errs[1] and "Traceback" not in errs[1]
    assert _status(cfg)["a1"]["worker"] is None  # a clean stop released its leases
