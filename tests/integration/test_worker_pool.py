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


def _worker(cfg):
    return subprocess.Popen([sys.executable, "-m", "agent.cli", "--config", str(cfg), "run"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _stop(workers):
    for w in workers:
        if w.poll() is None:
            os.kill(w.pid, signal.SIGCONT)
            w.terminate()
    return [w.communicate(timeout=30)[1] for w in workers]


def test_run_once_and_backfill_beside_the_pool_hold_the_lease_or_name_the_worker(dovecot, imap_user, tmp_path,
                                                                                 postgres_url):
    """A one-off pass on a pool's database: an account a worker holds is not passed (exit 6, one line naming
    the worker); an account nobody holds is passed under a lease of its own, released at the end."""
    users = {"a1": imap_user, "a2": next(dovecot._pool)}
    (tmp_path / "w").mkdir()
    worker_cfg = _config(tmp_path / "w", dovecot, {"a1": users["a1"]}, postgres_url)  # the worker serves a1 only
    cfg = _config(tmp_path, dovecot, users, postgres_url)
    store = Store.open(postgres_url)
    worker = _worker(worker_cfg)
    try:
        _wait("the worker holds a1", lambda: {a: h.pid for a, h in holders(store).items()} == {"a1": worker.pid},
              60, [worker])
        mid = _rejection(dovecot, users["a2"], "a2", 1)
        done = run_cli(cfg, "run", "--once")
        assert done.returncode == 6, done.stderr
        refused = [line for line in done.stderr.splitlines() if line.startswith("onward: account a1 ")]
        assert len(refused) == 1 and f"pid {worker.pid} " in refused[0] and "not passed here" in refused[0]
        assert "pass done (a2)" in done.stderr  # the other account is passed
        with create_engine(postgres_url).connect() as conn:
            assert conn.execute(text("select message_id from events where account = 'a2'")).scalars().all() == [mid]
        assert {a: h.pid for a, h in holders(store).items()} == {"a1": worker.pid}  # a2's lease released
        done = run_cli(cfg, "backfill", "--account", "a1")
        assert done.returncode == 6 and "account a1 is worked by" in done.stderr and "not backfilled" in done.stderr
        done = run_cli(cfg, "run", "--once", "--account", "a2")
        assert done.returncode == 0, done.stderr
        done = run_cli(cfg, "backfill", "--account", "a2")
        assert done.returncode == 0 and "backfill done" in done.stderr, done.stderr
        assert {a: h.pid for a, h in holders(store).items()} == {"a1": worker.pid}
    finally:
        errs = _stop([worker])
        store.close()
        print(errs[0][-4000:])
    assert worker.returncode == 0


def test_a_worker_that_lost_its_leases_while_frozen_leaves_the_new_holders_idle_state(dovecot, imap_user, tmp_path,
                                                                                        postgres_url):
    """Worker A is frozen (SIGSTOP, as ``docker pause`` does) longer than a lease: B takes its account over and
    watches it in IDLE; the server drops the IDLE connections meanwhile (B reconnects). Then A is told to stop
    and let run (``docker stop`` of the paused container): it wakes with dead IDLE connections and stops the
    account it lost - and neither its "lost" nor its "stopped" may replace B's "watching" in status."""
    users = {"a1": imap_user, "a2": next(dovecot._pool)}
    cfg = _config(tmp_path, dovecot, users, postgres_url)
    store = Store.open(postgres_url)
    workers = [_worker(cfg), _worker(cfg)]

    def watched_by(pids):
        shown = _status(cfg)
        return sorted(shown) == sorted(users) and all(
            r["worker"] and r["worker"]["pid"] in pids and (r["idle"] or {}).get("state") == "watching"
            for r in shown.values())
    try:
        _wait("one account each, both watching", lambda: watched_by({w.pid for w in workers}) and sorted(
            Counter(h.pid for h in holders(store).values()).values()) == [1, 1], 60, workers)
        frozen, survivor = workers
        os.kill(frozen.pid, signal.SIGSTOP)
        _wait("the survivor holds and watches both", lambda: watched_by({survivor.pid}), 30)
        for user in users.values():  # the server drops every IDLE connection: the frozen worker's too
            dovecot.doveadm("kick", user)
        time.sleep(0.5)
        _wait("the survivor watches both again", lambda: watched_by({survivor.pid}), 30)
        os.kill(frozen.pid, signal.SIGTERM)  # stop, delivered when it runs again
        os.kill(frozen.pid, signal.SIGCONT)
        assert frozen.wait(30) == 0
        for _ in range(10):  # the woken worker's last words have landed: the survivor's state stands
            assert watched_by({survivor.pid}), _status(cfg)
            time.sleep(0.2)
    finally:
        print({a: (r["worker"], r["idle"]) for a, r in _status(cfg).items()})  # shown when the test fails
        errs = _stop(workers)
        store.close()
        for n, err in enumerate(errs):
            print(f"--- worker {n} ---\n{err[-4000:]}")
