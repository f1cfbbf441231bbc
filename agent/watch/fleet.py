"""The daemon for many accounts: one thread waits on every account's IDLE connection, a small bounded
pool runs the passes, another connects the watchers - no thread per account.

Each account keeps its own loop (``agent.loop._Loop``: its schedule, its retry backoff, a refused login
tried hourly, a lost watcher said once, ``onward status``); the fleet only decides *when* each account's
next step runs and *where*:

* the calling thread waits on all idling connections at once (:class:`agent.mail.idling.IdleMux`) and
  decides; it never blocks on the network;
* passes run in ``daemon.parallel_passes`` pool threads (each pass itself is a child process); a pass for
  announced mail goes before a retried pass, which goes before a scheduled one, so new mail is never
  queued behind a round of scheduled passes;
* watcher connections are made (and IDLE entered, renewed and left) in a few ``connector`` threads, paced
  per host (:class:`agent.watch.rules.LoginPacer`) and capped per host (:class:`ConnectionCap`: an
  account beyond the cap is polled until a connection is free);
* a lost watcher reconnects with full jitter (:class:`agent.watch.rules.FullJitterBackoff`) over a window
  that grows with the accounts on its host: a server restart brings no thundering herd.

:meth:`Fleet.add` and :meth:`Fleet.remove` may be called from any thread while it runs (the accounts this
process works can change).
"""

from __future__ import annotations

import functools
import heapq
import itertools
import logging
import queue
import random
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, Protocol

from agent.accounts.status import WatchState
from agent.mail.idling import IdleMux
from agent.mail.imap import FolderError
from agent.report import StopFlag
from agent.watch.rules import (
    IDLE_RENEW_SECONDS,
    ConnectionCap,
    FullJitterBackoff,
    LoginPacer,
    Step,
    reconnect_window,
    renew_due,
)

log = logging.getLogger(__name__)

CONNECTORS = 4  # threads that connect watchers and enter, renew or leave IDLE
LOGIN_BURST = 5  # watcher logins to one host at once before the per-second pace applies
TICK_SECONDS = 1.0  # the longest the fleet waits before it looks at the stop flag and the due times again


class Priority(IntEnum):
    """Which waiting pass runs first when a pass slot frees (lowest first)."""

    NEWS = 0  # mail was announced (or waits unseen): the one the user waits for
    RETRY = 1
    FIRST = 2  # the account's first pass after it was added
    SCHEDULED = 3


class AccountLoop(Protocol):
    """What the fleet needs of one account's loop (``agent.loop._Loop``)."""

    agent: Any  # the pass runner: .account, .imap (host, folders), .store
    stop: StopFlag
    watcher: Any
    idling: bool
    use_idle: bool
    watch_at: float
    reconnect: Any
    reconnect_at_once: bool
    woke_for: int | None
    armed_for: int | None
    scheduler: Any

    def job(self) -> None: ...
    def next_step(self, now: float, may_watch: bool = True) -> tuple[Any, float]: ...
    def pass_due(self, now: float) -> bool: ...
    def arm(self) -> bool: ...
    def disarm(self) -> None: ...
    def lost(self, exc: BaseException) -> None: ...
    def drop_watcher(self) -> None: ...
    def note_watch(self, state: WatchState, error: str | None = None) -> None: ...


@dataclass
class _Entry:
    loop: AccountLoop
    busy: bool = False  # a pool thread works on it: the fleet does not touch it meanwhile
    wanted: Priority | None = None  # a pass is waiting for a slot
    wake_at: float = 0.0  # not looked at again before (a wait, a paced login)
    login_at: float | None = None  # its paced watcher login is booked for then
    idle_since: float = 0.0
    polled: bool = False  # beyond the host's connection cap
    removed: bool = False
    order: int = field(default_factory=itertools.count().__next__)

    @property
    def account(self) -> str:
        return str(self.loop.agent.account)

    @property
    def host(self) -> str:
        return str(self.loop.agent.imap.host).lower()


class Fleet:
    """Runs the loops of many accounts until the stop flag is set (:meth:`run`)."""

    def __init__(self, loops: Iterable[AccountLoop], stop: StopFlag, *, parallel_passes: int = 1,
                 connections_per_host: int = 0, logins_per_second: float = 20.0,
                 renew_after: float = IDLE_RENEW_SECONDS, rng: random.Random | None = None,
                 clock: Callable[[], float] = time.monotonic, linger: bool = False) -> None:
        self.stop = stop
        self.linger = linger  # run on with no account left (the worker pool adds them as leases come)
        self.renew_after = renew_after
        self.clock = clock
        self.rng = rng or random.Random()
        self.parallel_passes = max(1, parallel_passes)
        self.logins_per_second = logins_per_second
        self.cap = ConnectionCap(connections_per_host)
        self.pacer = LoginPacer(logins_per_second, LOGIN_BURST)
        self.mux = IdleMux()
        self.entries: dict[str, _Entry] = {}
        self.ended: list[FolderError] = []  # why accounts ended: a watched folder does not exist
        self.broken: set[str] = set()  # ... and which
        self._members: set[str] = set()  # added and not yet retired (read from other threads: members())
        self._members_lock = threading.Lock()
        self._inbox: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()  # from other threads
        self._passes_running = 0
        self._workers: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._connect: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        for loop in loops:
            self._add(loop)

    # -- membership (any thread) ---------------------------------------------------------------------

    def add(self, loop: AccountLoop) -> None:
        """Work ``loop``'s account too (its first pass, then its watcher)."""
        with self._members_lock:
            self._members.add(str(loop.agent.account))
        self._inbox.put(("add", loop))
        self.mux.wake()

    def members(self) -> frozenset[str]:
        """The accounts added and not yet let go (a removed one stays until what ran for it has ended)."""
        with self._members_lock:
            return frozenset(self._members)

    def broken_accounts(self) -> frozenset[str]:
        """The accounts ended by a watched folder that does not exist."""
        with self._members_lock:
            return frozenset(self.broken)

    def remove(self, account: str) -> None:
        """Stop working ``account``: its watcher is closed once what runs for it has ended (a running pass
        is not interrupted by the fleet; the runner's own stop flag can do that)."""
        self._inbox.put(("remove", account))
        self.mux.wake()

    @property
    def accounts(self) -> list[str]:
        return sorted(a for a, e in self.entries.items() if not e.removed)

    def _add(self, loop: AccountLoop) -> None:
        entry = _Entry(loop, wanted=Priority.FIRST)
        if entry.account in self.entries:
            return
        with self._members_lock:
            self._members.add(entry.account)
        loop.reconnect = FullJitterBackoff(rng=self.rng)
        loop.reconnect_at_once = False
        if not loop.use_idle:
            loop.note_watch(WatchState.POLLING)
        self.entries[entry.account] = entry
        self._resize_windows(entry.host)

    def _remove(self, account: str) -> None:
        entry = self.entries.get(account)
        if entry is None:
            return
        entry.removed = True
        if not entry.busy:
            self._retire(entry)

    def _retire(self, entry: _Entry) -> None:
        self.mux.discard(entry.account)
        self.entries.pop(entry.account, None)
        with self._members_lock:
            self._members.discard(entry.account)
        self.cap.release(entry.host, entry.account)
        self._resize_windows(entry.host)
        self._spawn_connect(entry, _close_watcher)

    def _resize_windows(self, host: str) -> None:
        """A lost watcher's reconnect window grows with the accounts on its host (see reconnect_window)."""
        on_host = [e for e in self.entries.values() if e.host == host]
        window = reconnect_window(len(on_host), self.logins_per_second)
        for e in on_host:
            e.loop.reconnect.window = window

    # -- the loop ------------------------------------------------------------------------------------

    def run(self) -> None:
        """Until the stop flag is set, or no account is left (unless ``linger``)."""
        self._threads = ([_worker(self._workers, f"onward-pass-{i}") for i in range(self.parallel_passes)]
                         + [_worker(self._connect, f"onward-connect-{i}") for i in range(CONNECTORS)])
        try:
            while not self.stop and (self.entries or self.linger):
                self._take_inbox()
                now = self.clock()
                for entry in list(self.entries.values()):
                    if not entry.busy and not entry.removed:
                        self._decide(entry, now)
                self._dispatch_passes()
                for event in self.mux.wait(self._timeout(self.clock())):
                    self._on_idle_event(event.key, event.news, event.error)
        finally:
            self._shut_down()

    def _timeout(self, now: float) -> float:
        wake = now + TICK_SECONDS
        for entry in self.entries.values():
            if entry.busy or entry.wanted is not None:
                continue
            if entry.loop.idling:
                wake = min(wake, entry.idle_since + self.renew_after)
            else:
                wake = min(wake, entry.wake_at)
        return max(0.0, wake - now)

    def _decide(self, entry: _Entry, now: float) -> None:
        loop = entry.loop
        if entry.wanted is not None or (not loop.idling and now < entry.wake_at):
            return
        step, seconds = loop.next_step(now, True if loop.idling else self._may_watch(entry))
        if step is Step.PASS:  # a retry
            self._want_pass(entry, Priority.RETRY)
        elif loop.pass_due(now):
            self._want_pass(entry, Priority.SCHEDULED)
        elif loop.idling:
            if renew_due(entry.idle_since, now, self.renew_after):
                self.mux.discard(entry.account)
                self._spawn_connect(entry, _renew)
        elif step is Step.WAIT:
            entry.wake_at = now + seconds
        elif loop.watcher is None and entry.login_at is None:  # a new connection: a paced login
            entry.login_at = self.pacer.reserve(entry.host, now)
            entry.wake_at = entry.login_at
            if entry.login_at <= now:
                self._arm(entry)
        else:
            self._arm(entry)

    def _may_watch(self, entry: _Entry) -> bool:
        """Whether the account may hold a watcher connection now (the host's cap)."""
        if not entry.loop.use_idle:
            return False
        if self.cap.admit(entry.host, entry.account):
            if entry.polled:
                log.info("%s: a connection to %s is free: watching in IDLE again", entry.account, entry.host)
                entry.polled = False
            return True
        if not entry.polled:
            entry.polled = True
            log.warning("%s: %s already has %d watcher connections (daemon.idle_connections_per_host): "
                        "polling every %d s until one is free", entry.account, entry.host, self.cap.held(entry.host),
                        entry.loop.agent.settings.daemon.poll_interval)
            entry.loop.note_watch(WatchState.POLLING)
        return False

    def _arm(self, entry: _Entry) -> None:
        entry.login_at = None
        self._spawn_connect(entry, _arm)

    def _want_pass(self, entry: _Entry, priority: Priority) -> None:
        """A pass is to run for the account when a slot is free (an idling watcher stops waiting)."""
        self.mux.discard(entry.account)
        entry.wanted = priority

    def _on_idle_event(self, account: Any, news: bool, error: BaseException | None) -> None:
        entry = self.entries.get(account)
        if entry is None:
            return
        if error is not None:
            entry.loop.lost(error)
            entry.wake_at = entry.loop.watch_at
            return
        if news:
            log.debug("%s: new mail announced", entry.account)
            entry.loop.woke_for = entry.loop.armed_for
            self._want_pass(entry, Priority.NEWS)

    def _dispatch_passes(self) -> None:
        if self._passes_running >= self.parallel_passes:
            return
        waiting = [(e.wanted, e.order, e) for e in self.entries.values()
                   if e.wanted is not None and not e.busy and not e.removed]
        heapq.heapify(waiting)
        while waiting and self._passes_running < self.parallel_passes and not self.stop:
            priority, _order, entry = heapq.heappop(waiting)
            entry.wanted = None
            entry.busy = True
            self._passes_running += 1
            self._workers.put(functools.partial(self._run_pass, entry, priority))

    # -- work in the pool threads (each on one entry the fleet does not touch meanwhile) ---------------

    def _run_pass(self, entry: _Entry, priority: Priority) -> None:
        outcome: Any = None
        try:
            entry.loop.disarm()
            if priority is Priority.SCHEDULED:
                entry.loop.scheduler.run_pending()
            else:
                entry.loop.job()
        except FolderError as exc:
            outcome = exc
        except Exception:  # noqa: BLE001 - a bug in one account's loop must not end the others; logged
            log.exception("%s: the account's loop failed", entry.account)
        self._inbox.put(("passed", (entry, outcome)))
        self.mux.wake()

    def _spawn_connect(self, entry: _Entry, work: Callable[[_Entry], Any]) -> None:
        entry.busy = True

        def run() -> None:
            outcome: Any = None
            if self.stop and work is not _close_watcher:  # stopping: no new connection
                self._inbox.put(("connected", (entry, None)))
                return
            try:
                outcome = work(entry)
            except FolderError as exc:
                outcome = exc
            except Exception:  # noqa: BLE001 - logged; the account is retried like a lost watcher
                log.exception("%s: the watcher failed", entry.account)
            self._inbox.put(("connected", (entry, outcome)))
            self.mux.wake()

        self._connect.put(run)

    def _take_inbox(self) -> None:
        while True:
            try:
                kind, payload = self._inbox.get_nowait()
            except queue.Empty:
                return
            if kind == "add":
                self._add(payload)
            elif kind == "remove":
                self._remove(payload)
            else:
                entry, outcome = payload
                entry.busy = False
                if kind == "passed":
                    self._passes_running -= 1
                self._after(entry, outcome)

    def _after(self, entry: _Entry, outcome: Any) -> None:
        """A pool thread is done with ``entry``: the pass or connection ``outcome`` is applied."""
        if isinstance(outcome, FolderError):
            log.error("%s: %s; this account is not watched until the config is fixed", entry.account, outcome)
            self.ended.append(outcome)
            with self._members_lock:
                self.broken.add(entry.account)
            entry.removed = True
        if entry.removed:
            if entry.account in self.entries:
                self._retire(entry)
            return
        now = self.clock()
        if outcome is True:  # mail waits unseen (UIDNEXT past the watermark): a pass
            entry.wanted = Priority.NEWS
        elif entry.loop.idling:
            entry.idle_since = now
            self.mux.add(entry.account, entry.loop.watcher)
        else:
            entry.wake_at = max(entry.wake_at, entry.loop.watch_at)

    def _shut_down(self) -> None:
        for q, n in ((self._workers, self.parallel_passes), (self._connect, CONNECTORS)):
            for _ in range(n):
                q.put(None)
        for t in self._threads:
            t.join()
        self._take_inbox()
        for entry in self.entries.values():
            _close_watcher(entry)
            entry.loop.note_watch(WatchState.STOPPED)
        self.mux.close()


def _arm(entry: _Entry) -> bool:
    return entry.loop.arm()


def _renew(entry: _Entry) -> bool:
    """End IDLE and enter it again (the same connection; a dead one is reconnected as lost)."""
    entry.loop.disarm()
    return entry.loop.arm()


def _close_watcher(entry: _Entry) -> None:
    entry.loop.disarm()
    entry.loop.drop_watcher()


def _worker(tasks: queue.SimpleQueue[Callable[[], None] | None], name: str) -> threading.Thread:
    def run() -> None:
        while (task := tasks.get()) is not None:
            task()

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread
