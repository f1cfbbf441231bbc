"""The worker pool: ``onward run`` on a server database (PostgreSQL) works only the accounts it holds a
lease on, so several of them - on one machine or many - share the accounts (:mod:`agent.accounts.leases`).

Two parts, apart so that another way of working the accounts can replace the first:

* :class:`FleetWork` works the accounts it is given: each account's loop (schedule, backoff, IDLE) in one
  :class:`~agent.watch.fleet.Fleet` - one thread waits on every IDLE connection, however many accounts -
  with a stop flag of its own and a fresh pass runner each time the account is gained.  Anything with
  ``start``, ``stop``, ``running``, ``broken`` and ``stop_all`` (:class:`AccountWork`) can take its place.
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
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from agent.accounts.leases import LeaseKeeper
from agent.config import DaemonSettings
from agent.loop import STOP_GRACE_SECONDS, IsolatedPasses, account_loop, daemon_fleet, prepare_pass_start
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


class FleetWork:
    """The accounts given, worked by one :class:`~agent.watch.fleet.Fleet`: one thread waits on every
    account's IDLE connection, ``daemon.parallel_passes`` passes at once, each in a process of its own;
    ``runner_for(account, stop)`` makes an account's pass runner, with a stop flag of its own that ends
    its running pass when the account is given up."""

    def __init__(self, runner_for: Callable[[str, StopFlag], IsolatedPasses], daemon: DaemonSettings,
                 accounts: int, clock: Callable[[], datetime] | None = None, holder: str | None = None) -> None:
        self.runner_for = runner_for
        self.clock = clock
        self.holder = holder  # the worker's id: an account's IDLE state is written only while it holds the lease
        self.start_method = prepare_pass_start(max(2, accounts))  # never fork: the pool has threads
        self.stopping = StopFlag()  # the fleet's own: set by stop_all, after the daemon's stop
        self.fleet = daemon_fleet(daemon, [], self.stopping, linger=True)
        self._flags: dict[str, StopFlag] = {}
        self._thread = threading.Thread(target=self.fleet.run, name="onward-fleet", daemon=True)
        self._thread.start()

    def start(self, account: str) -> None:
        flag = StopFlag()
        runner = self.runner_for(account, flag)
        runner.start_method = self.start_method
        self._flags[account] = flag
        self.fleet.add(account_loop(runner, self.clock, self.holder))

    def stop(self, account: str) -> None:
        flag = self._flags.pop(account, None)
        if flag is not None:
            flag.set()  # a running pass of it ends (its writes are transactional)
            self.fleet.remove(account)

    def running(self) -> frozenset[str]:
        return self.fleet.members()

    def broken(self) -> frozenset[str]:
        return self.fleet.broken_accounts()

    def stop_all(self, seconds: float) -> None:
        for flag in self._flags.values():
            flag.set()
        self.stopping.set()
        self._thread.join(seconds)


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
