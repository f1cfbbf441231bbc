"""Many accounts watched by one thread (agent/watch/fleet.py) on a real Dovecot, a real SQLite store and the
real model: 40 accounts in IDLE with a handful of threads, not one per account; new mail to one of them is
recorded within seconds; a server restart brings every watcher back, spread out (full jitter, paced logins)
rather than in one burst, and the fleet does not spin while the server is away; IDLE is renewed in time.

Passes run in this process (``Agent``) so the test stays cheap; the daemon's child-process passes are the
same loop (tests/integration/test_accounts_daemon.py runs ``onward run`` with several accounts)."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from agent.accounts.state import watches
from agent.config import parse_settings
from agent.demo import samples
from agent.loop import account_fleet
from agent.pipeline import Agent
from agent.record.store import Store
from agent.report import StopFlag
from tests.crashharness import classifier, wait_for

pytestmark = [pytest.mark.dovecot]

ACCOUNTS = 40
RECORDED_WITHIN = 5.0  # s from the APPEND (Dovecot itself announces mail ~0.5 s after it)
LOGINS_PER_SECOND = 40.0
DOWN_SECONDS = 1.5


def _events(db) -> list[tuple[str, str]]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return con.execute("select account, message_id from events").fetchall()
    finally:
        con.close()


def _watch_states(store) -> set[str]:
    return {row.state for row in watches(store).values()}


def _settings(server, users: list[str], db, daemon: dict):
    """One account per user on ``server`` (implicit TLS), the record in ``db``."""
    return parse_settings({
        "accounts": {u: {"host": "127.0.0.1", "port": server.ssl_port, "ca_file": server.cafile, "username": u,
                         "from_address": f"{u}@example.org", "timeout": 10} for u in users},
        "followup": {"your_name": "Alex Doe"},
        "storage": {"database": f"sqlite:///{db}"},
        "daemon": daemon,
    })


def _most_within(times: list[float], window: float) -> int:
    """The largest number of ``times`` inside any ``window`` seconds."""
    times = sorted(times)
    return max(sum(1 for u in times[i:] if u - t < window) for i, t in enumerate(times))


def test_forty_accounts_in_idle_on_one_thread_and_a_restart_brings_no_herd(dovecot_factory, tmp_path, caplog):
    users = [f"fleet{i:02d}" for i in range(ACCOUNTS)]
    srv = dovecot_factory(users)
    db = tmp_path / "onward.db"
    settings = _settings(srv, users, db, {"poll_interval": 3600, "logins_per_second": LOGINS_PER_SECOND})
    store = Store.for_settings(settings)
    stop = StopFlag()
    agents = [Agent(s, store, classifier(), stop=stop, password=srv.password(s.account))
              for s in settings.select(None)]
    fleet = account_fleet(agents)
    threads_before = threading.active_count()
    caplog.set_level(logging.INFO, logger="agent.loop")
    runner = threading.Thread(target=fleet.run, name="fleet")
    runner.start()
    try:
        def idling() -> int:
            return sum(1 for e in list(fleet.entries.values()) if e.loop.idling and e.account in fleet.mux)

        assert wait_for(lambda: idling() == ACCOUNTS, timeout=60, interval=0.1), f"{idling()} of {ACCOUNTS} in IDLE"
        added = threading.active_count() - threads_before
        assert added <= 1 + 1 + 4, f"{added} threads for {ACCOUNTS} accounts"  # fleet, one pass, four connectors

        # new mail to one account: recorded within seconds (announced by its IDLE connection)
        when = datetime.now(UTC) - timedelta(hours=1)
        srv.append(users[17], "INBOX", [samples.rejection("Acme", "Engineer", "Jane Roe <jane@acme.example>",
                                                          when, "<fleet-before@acme.example>")])
        sent = time.monotonic()
        assert wait_for(lambda: (users[17], "<fleet-before@acme.example>") in _events(db), timeout=RECORDED_WITHIN,
                        interval=0.05), "new mail not recorded within 5 s"
        latency = time.monotonic() - sent

        # the server goes away: every watcher notices; the fleet sleeps while it is away
        caplog.clear()
        srv._kill()
        assert wait_for(lambda: caplog.text.count("IDLE connection lost") == ACCOUNTS, timeout=5, interval=0.05)
        cpu0, wall0 = time.process_time(), time.monotonic()
        time.sleep(DOWN_SECONDS)  # reconnections fail meanwhile, with growing full-jitter waits
        cpu = (time.process_time() - cpu0) / (time.monotonic() - wall0)
        assert _watch_states(store) == {"lost"}
        srv.restart()
        assert wait_for(lambda: idling() == ACCOUNTS, timeout=40, interval=0.1), f"{idling()} back in IDLE"
        restored = [r.created for r in caplog.records if "IDLE connection restored" in r.getMessage()]
        assert len(restored) == ACCOUNTS

        # IDLE is renewed in time (RFC 2177): shortened here, every watcher leaves IDLE and enters it again
        since = {a: e.idle_since for a, e in list(fleet.entries.items())}
        fleet.renew_after = 1.0
        assert wait_for(lambda: all(e.idle_since > since[a] and e.loop.idling for a, e in list(fleet.entries.items())),
                        timeout=15, interval=0.1), "IDLE not renewed"
        fleet.renew_after = 3600.0

        srv.append(users[3], "INBOX", [samples.rejection("Initech", "QA", "Bill Lumbergh <bill@initech.example>",
                                                         when, "<fleet-after@initech.example>")])
        assert wait_for(lambda: (users[3], "<fleet-after@initech.example>") in _events(db), timeout=RECORDED_WITHIN,
                        interval=0.05), "new mail after the restart not recorded within 5 s"
    finally:
        stop.set()
        runner.join(30)
    assert not runner.is_alive()
    assert _watch_states(store) == {"stopped"}
    store.close()
    burst = _most_within(restored, 0.1)
    per_second = _most_within(restored, 1.0)
    print(f"\n{ACCOUNTS} accounts: mail recorded {latency:.2f} s after APPEND; away {DOWN_SECONDS:.1f} s: CPU "
          f"{cpu:.1%}; reconnects spread over {max(restored) - min(restored):.1f} s, at most {burst} in 100 ms, "
          f"{per_second} in 1 s")
    assert cpu < 0.10, f"CPU {cpu:.0%} of wall time while the server was away (a busy loop?)"
    assert burst <= ACCOUNTS // 4, f"{burst} of {ACCOUNTS} watchers reconnected within the same 100 ms"
    assert per_second <= LOGINS_PER_SECOND + 5, f"{per_second} logins within 1 s (paced at {LOGINS_PER_SECOND}/s)"
    assert "Traceback" not in caplog.text


def test_accounts_beyond_the_hosts_cap_are_polled_until_a_connection_is_free(dovecot, tmp_path):
    """``daemon.idle_connections_per_host = 1`` and three accounts on one host: one watches in IDLE, the
    others are polled (``onward status``: polling) and still record their mail at ``poll_interval``; when
    the watching account leaves (its lease went elsewhere), a polled one takes its connection."""
    users = [next(dovecot._pool) for _ in range(3)]
    db = tmp_path / "onward.db"
    settings = _settings(dovecot, users, db, {"poll_interval": 5, "idle_connections_per_host": 1})
    store = Store.for_settings(settings)
    stop = StopFlag()
    fleet = account_fleet([Agent(s, store, classifier(), stop=stop, password=dovecot.password(s.account))
                           for s in settings.select(None)])
    runner = threading.Thread(target=fleet.run, name="fleet")
    runner.start()
    try:
        def idling() -> list[str]:
            return [a for a, e in list(fleet.entries.items()) if e.loop.idling and a in fleet.mux]

        def polled() -> list[str]:
            return sorted(a for a, row in watches(store).items() if row.state == "polling")

        assert wait_for(lambda: len(idling()) == 1 and len(polled()) == 2, timeout=30, interval=0.1), \
            (idling(), polled())
        [watching] = idling()
        assert sorted([*polled(), watching]) == sorted(users)
        when = datetime.now(UTC) - timedelta(hours=1)
        slow = polled()[0]
        dovecot.append(slow, "INBOX", [samples.rejection("Acme", "Engineer", "Jane Roe <jane@acme.example>",
                                                         when, "<polled@acme.example>")])
        assert wait_for(lambda: (slow, "<polled@acme.example>") in _events(db), timeout=15, interval=0.1), \
            "a polled account's mail not recorded at its poll_interval"
        fleet.remove(watching)
        assert wait_for(lambda: len(idling()) == 1 and watching not in fleet.entries, timeout=15, interval=0.1)
        assert idling()[0] in users and idling()[0] != watching
    finally:
        stop.set()
        runner.join(30)
    assert not runner.is_alive()
    store.close()
