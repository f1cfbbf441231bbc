"""The leases aggregate: which worker works which account (``account_leases``) and which workers are alive
(``workers``), for several ``onward run`` processes sharing one server database.  What the leases mean and
how they are decided: :mod:`agent.accounts.leases` and :mod:`agent.accounts.lease_rules`.

Every write of a lease is a compare-and-swap on the row's ``version``: it changes the row only when nobody
wrote it since it was read, so two workers that decide to take the same free account at once cannot both
have it, on SQLite and PostgreSQL alike.  On PostgreSQL the rows a worker is about to take are also locked
``FOR UPDATE SKIP LOCKED``: a row another worker is taking right now is skipped, not waited for.

Timestamps here carry milliseconds (a lease lasts seconds); they are compared as datetimes, never as text.
Each function runs inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, delete, func, insert, select, update

from agent.record.store.database import Value, rows_as
from agent.record.store.dialects import insert_once
from agent.record.store.schema import account_leases, workers


@dataclass(frozen=True)
class LeaseRow:
    """One account's lease: who holds it (``worker`` None: nobody), since when, until when."""

    account: str
    worker: str | None
    host: str | None
    pid: int | None
    since: str | None
    expires_at: str | None
    version: int


@dataclass(frozen=True)
class WorkerRow:
    """One running daemon of the pool, alive until ``expires_at`` unless its heartbeat renews it."""

    id: str
    host: str
    pid: int
    started_at: str
    expires_at: str


def stamp(dt: datetime) -> str:
    """A lease timestamp: ISO 8601 UTC with milliseconds."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).isoformat(timespec="milliseconds")


def server_now(conn: Connection) -> datetime:
    """The database server's clock (PostgreSQL): workers on several machines then share one clock, and a
    machine whose clock is off can neither steal a live lease nor keep a dead one.  SQLite is a file on
    this machine: its clock is this machine's."""
    if conn.dialect.name == "sqlite":
        return datetime.now(UTC)
    value = conn.execute(select(func.clock_timestamp())).scalar_one()
    return value.astimezone(UTC) if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def lease_rows(conn: Connection) -> dict[str, LeaseRow]:
    """account → its lease row."""
    return {r.account: r for r in rows_as(LeaseRow, conn.execute(select(account_leases)))}


def worker_rows(conn: Connection) -> list[WorkerRow]:
    return rows_as(WorkerRow, conn.execute(select(workers).order_by(workers.c.id)))


def beat(conn: Connection, worker: WorkerRow) -> None:
    """The worker's heartbeat: its row, alive until ``worker.expires_at``."""
    if conn.execute(update(workers).where(workers.c.id == worker.id)
                    .values(expires_at=worker.expires_at)).rowcount == 0:
        conn.execute(insert(workers).values(id=worker.id, host=worker.host, pid=worker.pid,
                                            started_at=worker.started_at, expires_at=worker.expires_at))


def forget_worker(conn: Connection, worker_id: str) -> None:
    """A worker that stops cleanly leaves the pool at once (the others' fair share grows now, not later)."""
    conn.execute(delete(workers).where(workers.c.id == worker_id))


def forget_dead_workers(conn: Connection, before: str) -> None:
    """Heartbeat rows that expired before ``before`` (long-dead workers) are removed."""
    conn.execute(delete(workers).where(workers.c.expires_at < before))


def ensure_rows(conn: Connection, accounts: Iterable[str], known: Iterable[str]) -> None:
    """A free row (version 0) for each of ``accounts`` not in ``known``; another worker adding the same
    row at the same moment is no error (its row is as good)."""
    have = set(known)
    missing = [{"account": a, "version": 0} for a in accounts if a not in have]
    if missing:
        conn.execute(insert_once(conn, account_leases), missing)


def lockable(conn: Connection, accounts: Iterable[str]) -> dict[str, int]:
    """account → version of those of ``accounts`` no other transaction is writing now, locked for this one
    (PostgreSQL: ``FOR UPDATE SKIP LOCKED``; SQLite has one writer at a time, and ignores it)."""
    wanted = list(accounts)
    if not wanted:
        return {}
    query = (select(account_leases.c.account, account_leases.c.version)
             .where(account_leases.c.account.in_(wanted)).with_for_update(skip_locked=True))
    return {str(a): int(v) for a, v in conn.execute(query)}


def swap(conn: Connection, account: str, seen_version: int, **values: Value) -> bool:
    """Write ``values`` on the account's lease if its version is still ``seen_version`` (and count one
    more); False when another worker wrote it first."""
    done = conn.execute(update(account_leases)
                        .where(account_leases.c.account == account, account_leases.c.version == seen_version)
                        .values(version=seen_version + 1, **values))
    return done.rowcount == 1


def release(conn: Connection, account: str, worker_id: str) -> bool:
    """The account's lease is given up by ``worker_id``, if it still holds it."""
    done = conn.execute(update(account_leases)
                        .where(account_leases.c.account == account, account_leases.c.worker == worker_id)
                        .values(worker=None, host=None, pid=None, since=None, expires_at=None,
                                version=account_leases.c.version + 1))
    return done.rowcount == 1


def renew(conn: Connection, account: str, worker_id: str, until: str) -> bool:
    """The account's lease held by ``worker_id`` now lasts until ``until``; False when another holds it
    (``worker_id`` lost it: it expired and was taken)."""
    done = conn.execute(update(account_leases)
                        .where(account_leases.c.account == account, account_leases.c.worker == worker_id)
                        .values(expires_at=until, version=account_leases.c.version + 1))
    return done.rowcount == 1


def holder_of(conn: Connection, account: str) -> str | None:
    """The worker named on the account's lease (live or expired; None: free or no row), the row locked
    against a change until this transaction ends (PostgreSQL ``FOR SHARE``: a worker taking the account
    waits for it; SQLite has one writer at a time, and ignores it).  A write made in the same transaction
    on the condition that the caller holds the lease then cannot land after another worker took it."""
    query = select(account_leases.c.worker).where(account_leases.c.account == account).with_for_update(read=True)
    return conn.execute(query).scalar_one_or_none()
