"""Account leases: several ``onward run`` processes on one server database share the accounts, each account
worked by one of them at a time.

Each worker (one ``onward run``, on this machine or another) has a random id and a heartbeat row; every
``daemon.lease_seconds / 4`` its :class:`LeaseKeeper` renews its heartbeat and its leases in one
transaction, gives back what exceeds its fair share and takes free or expired leases up to it (the rule:
:mod:`agent.accounts.lease_rules`; the rows: :mod:`agent.record.store.leases`).  Times are the database
server's, so the machines' clocks do not matter.

* A worker that dies (SIGKILL, power, a lost machine) stops renewing: its leases and its heartbeat expire
  ``lease_seconds`` after its last renewal, and the others take its accounts at their next heartbeat -
  within ``1.25 × lease_seconds`` (25 s with the default 20).
* A worker that cannot reach the database stops working its accounts one heartbeat before its leases
  could expire (:meth:`LeaseKeeper.held` is empty then), so a worker cut off from the database does not go
  on beside the one that takes over.
* A worker that stops cleanly releases its leases and leaves at once: the others take over at their next
  heartbeat.
* A worker's first heartbeat only joins the pool (it takes nothing): workers started together then count
  each other before they take, and do not take everything only to give most of it back.

A one-off command (``run --once``, ``backfill``) on a shared database takes the lease of each account it
passes for the time of that pass (:class:`OneOffLease`), renewed the same way; an account a worker holds is
not passed (the command names the worker).  It is no worker of the pool: it has no heartbeat row, so the
workers' fair share does not count it, and they take the account back at their next heartbeat after it.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType

from agent.accounts.lease_rules import Lease, abandoned, plan
from agent.record.store import Connection, Store, StoreError, parse_iso
from agent.record.store import leases as rows

log = logging.getLogger(__name__)

HEARTBEATS_PER_LEASE = 4  # renewals per lease period: three may fail before a lease could expire
FORGET_WORKERS_AFTER = timedelta(days=1)  # heartbeat rows of workers dead this long are removed


@dataclass(frozen=True)
class Holder:
    """Who holds a lease: the worker's id, its host and process id, and since when it holds it."""

    id: str
    host: str
    pid: int
    since: str


def new_worker_id(host: str, pid: int) -> str:
    """host:pid:random - readable, and never the same twice (a restarted container keeps host and pid)."""
    return f"{host}:{pid}:{secrets.token_hex(3)}"


def holders(store: Store) -> dict[str, Holder]:
    """account → the worker holding its live lease (accounts nobody holds are absent)."""
    with store.transaction() as conn:
        now = rows.server_now(conn)
        table = rows.lease_rows(conn)
    return {r.account: Holder(r.worker, r.host or "?", r.pid or 0, r.since or "")
            for r in table.values()
            if r.worker is not None and Lease(r.account, r.worker, _when(r.expires_at)).live(now)}


PROC_LOCKS = Path("/proc/locks")
WORKING = ("watching", "lost", "polling")  # an IDLE state the daemon writes while it works the account


def instance_holder(lock: Path, host: str | None = None, proc_locks: Path = PROC_LOCKS) -> Holder | None:
    """SQLite: the one daemon, as the holder of the database's single-instance lock (an flock on ``lock``,
    which holds its pid; ``since`` is when it took it), or None when no process holds the lock.  Read from
    Linux's /proc/locks, never by taking the lock (a daemon starting at that instant would be refused);
    elsewhere (no /proc/locks) None.  Its id is ``host:pid``."""
    try:
        info = lock.stat()
        table = proc_locks.read_text()
        pid = int(lock.read_text().strip() or "0")
    except (OSError, ValueError):
        return None
    inode = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
    if not any("FLOCK" in line.split() and inode in line.split() for line in table.splitlines()):
        return None
    where = host or socket.gethostname()
    return Holder(f"{where}:{pid}", where, pid, rows.stamp(datetime.fromtimestamp(info.st_mtime, UTC)))


def daemon_holds(daemon: Holder | None, watching: Mapping[str, str]) -> dict[str, Holder]:
    """SQLite: account → the daemon holding the instance lock, for the accounts it is working (their IDLE
    state, ``watching``: account → state, is one the daemon writes while it works them)."""
    if daemon is None:
        return {}
    return {account: daemon for account, state in watching.items() if state in WORKING}


def _running_here(pid: int | None) -> bool:
    """Whether a process ``pid`` runs on this machine (one of another user's counts: it may be the holder)."""
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _when(value: str | None) -> datetime | None:
    return parse_iso(value) if value else None


class _LeaseTaker:
    """Who takes leases (a worker of the pool, a one-off command): its identity, the lease's length and its
    renewal period, and its clocks - ``clock`` replaces the database's (tests), ``monotonic`` is this
    process's, which decides how long a lease renewed at its last heartbeat is trusted."""

    def __init__(self, store: Store, lease_seconds: float, host: str | None, pid: int | None,
                 worker_id: str | None, clock: Callable[[], datetime] | None,
                 monotonic: Callable[[], float]) -> None:
        self.store = store
        self.lease = timedelta(seconds=lease_seconds)
        self.beat_seconds = lease_seconds / HEARTBEATS_PER_LEASE
        self.host = host or socket.gethostname()
        self.pid = pid if pid is not None else os.getpid()
        self.id = worker_id or new_worker_id(self.host, self.pid)
        self.clock, self.monotonic = clock, monotonic

    def _now(self, conn: Connection) -> datetime:
        return self.clock() if self.clock is not None else rows.server_now(conn)


class LeaseKeeper(_LeaseTaker):
    """One worker's leases: :meth:`tick` on each heartbeat, :meth:`held` for what it may work now.

    ``clock`` replaces the database's clock (tests); ``monotonic`` is this process's clock, which decides
    how long the leases of the last successful heartbeat are trusted."""

    def __init__(self, store: Store, accounts: Iterable[str], lease_seconds: float, *,
                 host: str | None = None, pid: int | None = None, worker_id: str | None = None,
                 clock: Callable[[], datetime] | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        super().__init__(store, lease_seconds, host, pid, worker_id, clock, monotonic)
        self.accounts = tuple(dict.fromkeys(accounts))
        self.started_at: str | None = None
        self._held: frozenset[str] = frozenset()
        self._giving: frozenset[str] = frozenset()
        self._trusted_until = 0.0
        self._lock = threading.Lock()  # the heartbeat thread writes what the daemon's loop reads

    def held(self) -> frozenset[str]:
        """The accounts this worker may work now: those of its last heartbeat, while that is recent enough
        (empty from one heartbeat before the leases could have expired)."""
        with self._lock:
            return self._held if self.monotonic() < self._trusted_until else frozenset()

    def giving_back(self) -> frozenset[str]:
        """Held accounts beyond the fair share: stop working them, then :meth:`release` them."""
        with self._lock:
            return self._giving & self._held

    def tick(self) -> frozenset[str]:
        """One heartbeat: renew, give back, take (one transaction); returns the accounts held now.
        A database error is raised (StoreError); what was held stays trusted until it lapses."""
        started = self.monotonic()
        with self.store.transaction() as conn:
            now = self._now(conn)
            until = rows.stamp(now + self.lease)
            joining = self.started_at is None
            self.started_at = self.started_at or rows.stamp(now)
            rows.beat(conn, rows.WorkerRow(self.id, self.host, self.pid, self.started_at, until))
            table = rows.lease_rows(conn)
            if not set(self.accounts) <= set(table):
                rows.ensure_rows(conn, self.accounts, table)
                table = rows.lease_rows(conn)
            alive = [w.id for w in rows.worker_rows(conn) if parse_iso(w.expires_at) > now]
            decided = plan(self.id, self.accounts,
                           {a: Lease(a, r.worker, _when(r.expires_at)) for a, r in table.items()}, alive, now)
            if joining:  # the first heartbeat only joins: workers started together see each other first
                decided = replace(decided, take=(), room=0)
            held = {a for a in sorted(decided.keep | decided.give_back)
                    if rows.swap(conn, a, table[a].version, expires_at=until)}
            if decided.room and decided.take:
                # the version compared is the one the plan saw: a row another worker wrote since (took it,
                # renewed it) is not taken; rows others are writing now are skipped, not waited for
                free, taken = rows.lockable(conn, decided.take), 0
                for account in decided.take:
                    if taken == decided.room:
                        break
                    seen = table[account].version
                    if free.get(account) == seen and rows.swap(conn, account, seen, worker=self.id, host=self.host,
                                                               pid=self.pid, since=rows.stamp(now), expires_at=until):
                        held.add(account)
                        taken += 1
            rows.forget_dead_workers(conn, rows.stamp(now - FORGET_WORKERS_AFTER))
        with self._lock:
            self._held = frozenset(held)
            self._giving = decided.give_back & self._held
            self._trusted_until = started + self.lease.total_seconds() - self.beat_seconds
        return self._held

    def release(self, accounts: Iterable[str]) -> None:
        """Give these leases up (their work has stopped): another worker may take them at once."""
        gone = set(accounts)
        if not gone:
            return
        with self._lock:
            self._held = self._held - gone
            self._giving = self._giving - gone
        with self.store.transaction() as conn:
            for account in sorted(gone):
                rows.release(conn, account, self.id)

    def close(self) -> None:
        """Leave the pool: every lease released, the heartbeat row removed (the others take over at their
        next heartbeat); a database error is only logged - the leases then expire on their own."""
        with self._lock:
            held, self._held, self._giving = self._held, frozenset(), frozenset()
        try:
            with self.store.transaction() as conn:
                for account in sorted(held):
                    rows.release(conn, account, self.id)
                rows.forget_worker(conn, self.id)
        except StoreError as exc:
            log.warning("could not release the account leases (they expire on their own): %s", exc)


class OneOffLease(_LeaseTaker):
    """A one-off command's lease of one account on a shared database (``run --once``, ``backfill``): used
    as ``with OneOffLease(...) as lease``.  On entering, the lease is taken when it is free or expired, and
    renewed every ``lease_seconds / 4`` by a thread of its own until the block ends, then released; when a
    worker of the pool (or another one-off command) holds it, nothing is taken and :attr:`other` names it.

    If the lease is lost meanwhile (this process was frozen longer than a lease and a worker took the
    account, or the database stayed out of reach until one heartbeat before it could expire), ``on_lost``
    is called once - it stops the pass - and :attr:`lost` is True (:attr:`other` names the new holder when
    there is one).  ``clock`` replaces the database's clock and ``monotonic`` this process's (tests)."""

    def __init__(self, store: Store, account: str, lease_seconds: float, on_lost: Callable[[], None], *,
                 host: str | None = None, pid: int | None = None, worker_id: str | None = None,
                 clock: Callable[[], datetime] | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        super().__init__(store, lease_seconds, host, pid, worker_id, clock, monotonic)
        self.account, self.on_lost = account, on_lost
        self.other: Holder | None = None
        self.lost = False
        self._held = False
        self._trusted_until = 0.0
        self._done = threading.Event()
        self._beats: threading.Thread | None = None

    def __enter__(self) -> OneOffLease:
        self._held = self._take()
        if self._held:
            log.info("account %s: lease taken as %s for this command", self.account, self.id)
            self._beats = threading.Thread(target=self._renew_until_done, name="onward-lease", daemon=True)
            self._beats.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._done.set()
        if self._beats is not None:
            self._beats.join(self.beat_seconds + 5)
        if self._held and not self.lost:
            try:
                with self.store.transaction() as conn:
                    rows.release(conn, self.account, self.id)
            except StoreError as exc_:
                log.warning("account %s: could not release its lease (it expires on its own): %s",
                            self.account, exc_)

    @property
    def held(self) -> bool:
        """This command holds the account: its pass may run (and goes on while this stays True)."""
        return self._held and not self.lost

    def _take(self) -> bool:
        started = self.monotonic()
        with self.store.transaction() as conn:
            now = self._now(conn)
            table = rows.lease_rows(conn)
            if self.account not in table:
                rows.ensure_rows(conn, [self.account], table)
                table = rows.lease_rows(conn)
            row = table[self.account]
            lease = Lease(row.account, row.worker, _when(row.expires_at))
            free = not lease.live(now) or abandoned(
                lease, row.host, self.host, [w.id for w in rows.worker_rows(conn) if parse_iso(w.expires_at) > now],
                running=_running_here(row.pid))
            if free and rows.swap(
                    conn, self.account, row.version, worker=self.id, host=self.host, pid=self.pid,
                    since=rows.stamp(now), expires_at=rows.stamp(now + self.lease)):
                self._trusted_until = started + self.lease.total_seconds() - self.beat_seconds
                return True
        self.other = holders(self.store).get(self.account)
        if self.other is None:  # taken and given back in the instant between: the holder is gone
            self.other = Holder("?", "?", 0, "")
        return False

    def _renew_until_done(self) -> None:
        while not self._done.wait(self.beat_seconds):
            started = self.monotonic()
            try:
                with self.store.transaction() as conn:
                    kept = rows.renew(conn, self.account, self.id, rows.stamp(self._now(conn) + self.lease))
            except StoreError as exc:
                if self.monotonic() < self._trusted_until:
                    log.warning("account %s: cannot renew its lease (tried again in %g s): %s", self.account,
                                self.beat_seconds, exc)
                    continue
                kept = False
            if kept:
                self._trusted_until = started + self.lease.total_seconds() - self.beat_seconds
                continue
            self._lose()
            return

    def _lose(self) -> None:
        self.lost = True
        try:
            self.other = holders(self.store).get(self.account)
        except StoreError:
            self.other = None
        log.error("account %s: lost its lease%s: stopping this pass", self.account,
                  f" to worker {self.other.id}" if self.other else "")
        self.on_lost()
