"""The worker pool's lease queries (agent/record/store/leases.py) keep each account's lease and each worker's
heartbeat to its own row, on SQLite and on PostgreSQL: every query is written against neighbours on both
sides of its key (accounts ``a``/``b``/``c``, workers ``w1``/``w2``/``w3``, versions either side of the one
seen), so a comparison loosened from ``==`` or a version counted wrong is caught."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo

import pytest

from sqlalchemy import text, update
from sqlalchemy.engine import Connection

from agent.record.store import Store
from agent.record.store import leases
from agent.record.store.leases import LeaseRow, WorkerRow
from agent.record.store.schema import account_leases

T0 = "2026-12-07T09:00:00.000+00:00"
T1, T2 = "2026-12-07T09:01:00.000+00:00", "2026-12-07T09:02:00.000+00:00"
ACCOUNTS = ("a", "b", "c")


def _held(conn: Connection, account: str, worker: str, version: int = 3) -> None:
    conn.execute(update(account_leases).where(account_leases.c.account == account).values(
        worker=worker, host="h", pid=7, since=T0, expires_at=T1, version=version))


def _three_held(conn: Connection) -> None:
    leases.ensure_rows(conn, ACCOUNTS, [])
    for account, worker in zip(ACCOUNTS, ("w1", "w2", "w3"), strict=True):
        _held(conn, account, worker)


def test_a_stamp_is_utc_with_milliseconds() -> None:
    assert leases.stamp(datetime(2026, 12, 7, 9, 0, 1, 234567)) == "2026-12-07T09:00:01.234+00:00"
    assert leases.stamp(datetime(2026, 12, 7, 10, 0, tzinfo=timezone(timedelta(hours=1)))) == \
        "2026-12-07T09:00:00.000+00:00"


def test_the_clock_is_the_servers_and_aware(any_store: Store) -> None:
    with any_store.transaction() as conn:
        now = leases.server_now(conn)
    assert now.tzinfo is not None and abs(now - datetime.now(UTC)) < timedelta(minutes=1)


def test_free_rows_are_added_once_at_version_zero_for_the_accounts_not_known(any_store: Store) -> None:
    with any_store.transaction() as conn:
        leases.ensure_rows(conn, ["b"], [])
        _held(conn, "b", "w2")
        leases.ensure_rows(conn, ACCOUNTS, ["c"])  # b is there already: kept; c said known: not added
        leases.ensure_rows(conn, [], [])
        rows = leases.lease_rows(conn)
    assert rows == {"a": LeaseRow("a", None, None, None, None, None, 0),
                    "b": LeaseRow("b", "w2", "h", 7, T0, T1, 3)}


def test_lockable_gives_the_versions_of_the_accounts_asked_for_only(any_store: Store) -> None:
    with any_store.transaction() as conn:
        _three_held(conn)
        _held(conn, "b", "w2", version=5)
        assert leases.lockable(conn, ["b"]) == {"b": 5}
        assert leases.lockable(conn, ["a", "c", "z"]) == {"a": 3, "c": 3}
        assert leases.lockable(conn, []) == {}


def test_a_swap_writes_only_on_the_version_seen_and_counts_one_more(any_store: Store) -> None:
    with any_store.transaction() as conn:
        _three_held(conn)
        assert not leases.swap(conn, "b", 2, worker="w9")
        assert not leases.swap(conn, "b", 4, worker="w9")
        assert leases.swap(conn, "b", 3, worker="w9", expires_at=T2)
        rows = leases.lease_rows(conn)
    assert (rows["b"].worker, rows["b"].expires_at, rows["b"].version) == ("w9", T2, 4)
    assert [(rows[a].worker, rows[a].version) for a in ("a", "c")] == [("w1", 3), ("w3", 3)]


def test_only_the_holder_releases_or_renews_its_lease(any_store: Store) -> None:
    with any_store.transaction() as conn:
        _three_held(conn)
        assert not leases.release(conn, "b", "w1") and not leases.release(conn, "b", "w3")
        assert not leases.renew(conn, "b", "w1", T2) and not leases.renew(conn, "b", "w3", T2)
        assert leases.renew(conn, "b", "w2", T2)
        assert leases.lease_rows(conn)["b"] == LeaseRow("b", "w2", "h", 7, T0, T2, 4)
        assert leases.release(conn, "b", "w2")
        rows = leases.lease_rows(conn)
        assert leases.holder_of(conn, "b") is None and leases.holder_of(conn, "z") is None
        assert [leases.holder_of(conn, a) for a in ("a", "c")] == ["w1", "w3"]
    assert rows["b"] == LeaseRow("b", None, None, None, None, None, 5)
    assert [(rows[a].worker, rows[a].expires_at, rows[a].version) for a in ("a", "c")] == [
        ("w1", T1, 3), ("w3", T1, 3)]


def test_each_heartbeat_is_its_own_workers_and_the_dead_are_forgotten(any_store: Store) -> None:
    workers = [WorkerRow(w, "h", n, T0, at) for n, (w, at) in enumerate((("w2", T0), ("w1", T1), ("w3", T2)))]
    with any_store.transaction() as conn:
        for w in workers:
            leases.beat(conn, w)
        leases.beat(conn, WorkerRow("w2", "h", 0, T0, T2))  # a heartbeat renews its own row only
        assert [(w.id, w.expires_at) for w in leases.worker_rows(conn)] == [("w1", T1), ("w2", T2), ("w3", T2)]
        leases.forget_worker(conn, "w2")  # a clean leave: its own row only
        assert [w.id for w in leases.worker_rows(conn)] == ["w1", "w3"]
        leases.forget_dead_workers(conn, T1)  # expired *before* T1: none (w1's ends at T1)
        assert len(leases.worker_rows(conn)) == 2
        leases.forget_dead_workers(conn, T2)
        assert leases.worker_rows(conn) == [WorkerRow("w3", "h", 2, T0, T2)]


def test_on_postgresql_a_worker_skips_the_accounts_another_is_taking_and_both_read_holders_at_once(
        postgres_url: str) -> None:
    """Two workers' transactions side by side (PostgreSQL): the accounts one is taking are left out of the
    other's ``lockable`` without waiting (``SKIP LOCKED``), and both may read an account's holder at once
    (``FOR SHARE``).  A wait would end in the lock timeout set here, failing the test."""
    store = Store.open(postgres_url)
    try:
        with store.transaction() as conn:
            _three_held(conn)
        with store.transaction() as first, store.transaction() as second:
            second.execute(text("SET LOCAL lock_timeout = '2s'"))
            assert leases.lockable(first, ["b"]) == {"b": 3}
            assert leases.lockable(second, list(ACCOUNTS)) == {"a": 3, "c": 3}
        with store.transaction() as first, store.transaction() as second:
            second.execute(text("SET LOCAL lock_timeout = '2s'"))
            assert leases.holder_of(first, "a") == "w1"
            assert leases.holder_of(second, "a") == "w1"
    finally:
        store.close()


def test_on_postgresql_the_clock_is_the_servers_whatever_this_machines_says(
        postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers on several machines share the server's clock: a machine whose clock is off (here: years
    behind) can neither steal a live lease nor keep a dead one."""
    class BehindClock(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> BehindClock:
            return cls(2001, 1, 1, tzinfo=tz)

    store = Store.open(postgres_url)
    try:
        monkeypatch.setattr(leases, "datetime", BehindClock)
        with store.transaction() as conn:
            now = leases.server_now(conn)
        monkeypatch.undo()
        assert abs(now - datetime.now(UTC)) < timedelta(minutes=1)
    finally:
        store.close()
