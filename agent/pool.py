"""The worker pool: ``onward run`` on a server database (PostgreSQL) works only the accounts it holds a
lease on, so several of them - on one machine or many - share the accounts (:mod:`agent.accounts.leases`).

Two parts, apart so that another way of working the accounts can replace the first:

* :class:`ThreadPerAccount` works the accounts it is given: each account's loop (schedule, backoff, IDLE;
  :func:`agent.loop.work_account`) in a thread, with a stop flag of its own and a fresh pass runner each
  time the account is gained; passes one at a time.  Anything with ``start``, ``stop``, ``running``,
  ``broken`` and ``stop_all`` (:class:`AccountWork`) can take its place.
* :func:`run_leased` keeps the work equal to the leases held: a heartbeat thread renews them
  (``LeaseKeeper.tick``); every ``CHECK_SECONDS`` an account gained is started, one lost (expired, taken,
  or the database out of reach) is stopped, and one to give back (beyond the fair share) is stopped and
  then released - never released while a pass of it may still run here.

A watched folder that does not exist ends that account's loop (a config error); the account stays held
and unworked until the daemon restarts, so the error is neither passed to another worker nor repeated.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol

from agent.accounts.leases import LeaseKeeper
from agent.loop import STOP_GRACE_SECONDS, IsolatedPasses, work_account
from agent.mail.imap import FolderError
from agent.record.store import StoreError
from agent.report import StopFlag

log = logging.getLogger(__name__)

CHECK_SECONDS = 0.2  # how often the work is matched to the leases held
JOIN_SECONDS = STOP_GRACE_SECONDS + 5  # how long stopping waits for the accounts' loops at the end


class AccountWork(Protocol):
    def start(self, account: str) -> None: ...

    def stop(self, account: str) -> None: ...

    def running(self) -> frozenset[str]: ...

    def broken(self) -> frozenset[str]: ...

    def stop_all(self, seconds: float) -> None: ...


class ThreadPerAccount:
    """Each account worked in a thread of its own; ``runner_for(account, stop)`` makes its pass runner."""

    def __init__(self, runner_for: Callable[[str, StopFlag], IsolatedPasses],
                 clock: Callable[[], datetime] | None = None) -> None:
        self.runner_for = runner_for
        self.clock = clock or (lambda: datetime.now(UTC))
        self.slot = threading.Lock()  # one pass at a time (one process pool per daemon)
        self._threads: dict[str, tuple[threading.Thread, StopFlag]] = {}
        self._broken: set[str] = set()
        self._lock = threading.Lock()

    def start(self, account: str) -> None:
        flag = StopFlag()
        runner = self.runner_for(account, flag)
        runner.start_method = "spawn"  # forking next to the other accounts' threads could copy a held lock
        thread = threading.Thread(target=self._work, args=(runner,), name=f"onward-{account}", daemon=True)
        with self._lock:
            self._threads[account] = (thread, flag)
        thread.start()

    def _work(self, runner: IsolatedPasses) -> None:
        try:
            work_account(runner, self.clock, self.slot)
        except FolderError as exc:
            log.error("%s: %s; this account is not watched until the config is fixed", runner.account, exc)
            with self._lock:
                self._broken.add(runner.account)
        finally:
            runner.close()

    def stop(self, account: str) -> None:
        with self._lock:
            entry = self._threads.get(account)
        if entry is not None:
            entry[1].set()

    def running(self) -> frozenset[str]:
        with self._lock:
            for account, (thread, _flag) in list(self._threads.items()):
                if not thread.is_alive():
                    del self._threads[account]
            return frozenset(self._threads)

    def broken(self) -> frozenset[str]:
        with self._lock:
            return frozenset(self._broken)

    def stop_all(self, seconds: float) -> None:
        with self._lock:
            entries = list(self._threads.values())
        for _thread, flag in entries:
            flag.set()
        deadline = time.monotonic() + seconds
        for thread, _flag in entries:
            thread.join(max(0.0, deadline - time.monotonic()))


def run_leased(keeper: LeaseKeeper, work: AccountWork, stop: StopFlag, *,
               check_seconds: float = CHECK_SECONDS) -> None:
    """Work the accounts ``keeper`` holds until ``stop`` is set; then stop them and release the leases.
    The first heartbeat happens here: a database out of reach at start is raised (StoreError)."""
    keeper.tick()
    beats = threading.Thread(target=_heartbeat, args=(keeper, stop), name="onward-leases", daemon=True)
    beats.start()
    log.info("worker %s in the pool: leases of %g s, renewed every %g s", keeper.id,
             keeper.lease.total_seconds(), keeper.beat_seconds)
    before: frozenset[str] = frozenset()
    try:
        while not stop:
            held, giving = keeper.held(), keeper.giving_back()
            _say_changes(before, held, giving)
            before = held
            running = work.running()
            for account in running - (held - giving):
                work.stop(account)
            for account in sorted(held - giving - running - work.broken()):
                work.start(account)
            done = giving - work.running()
            if done:
                try:
                    keeper.release(done)
                    before = before - done
                    log.info("gave back %s (another worker takes over)", ", ".join(sorted(done)))
                except StoreError as exc:
                    log.warning("could not give back %s: %s", ", ".join(sorted(done)), exc)
            stop.wait(check_seconds)
    finally:
        work.stop_all(JOIN_SECONDS)
        beats.join(keeper.beat_seconds + 5)
        keeper.close()


def _say_changes(before: frozenset[str], held: frozenset[str], giving: frozenset[str]) -> None:
    gained, lost = held - before, before - held
    if gained:
        log.info("took %s", ", ".join(sorted(gained)))
    if lost - giving:
        log.warning("lost the lease of %s (expired or taken over): stopping it here", ", ".join(sorted(lost)))


def _heartbeat(keeper: LeaseKeeper, stop: StopFlag) -> None:
    """Renew the leases every ``keeper.beat_seconds`` until ``stop``; a failure is said once, then its end."""
    failing = False
    while not stop.wait(keeper.beat_seconds):
        try:
            keeper.tick()
        except StoreError as exc:
            if not failing:
                log.error("cannot renew the account leases: %s; the accounts stop here before their "
                          "leases expire, and another worker takes them over", exc)
            failing = True
            continue
        if failing:
            log.info("the account leases are renewed again")
            failing = False
