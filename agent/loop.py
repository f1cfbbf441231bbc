"""The daemon loop: schedule, IDLE, backoff, signals, the single-instance lock, passes in a child.

The ``schedule`` library runs a pass every ``daemon.poll_interval`` seconds; between passes a second
connection waits in IMAP IDLE on the first watched folder (re-IDLE every 9 minutes) so new mail is
handled within seconds; servers without IDLE are polled. With several accounts one thread waits on
every account's IDLE connection (:mod:`agent.watch.fleet`). SIGTERM and SIGINT stop it between
messages. ``onward run`` runs each pass in a child process (``IsolatedPasses``), so the daemon that
waits holds neither the model nor scikit-learn. Network and login errors are retried with capped
exponential backoff and jitter. One pass is :mod:`agent.pipeline`.
"""

from __future__ import annotations

import fcntl
import logging
import multiprocessing
import os
import random
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import platformdirs
import schedule

from agent.accounts.access import AccountAccess, folder_watermark
from agent.accounts.status import AccountState, PassOutcome, WatchState
from agent.config import APP_NAME, DaemonSettings, Settings
from agent.mail.imap import AuthError, FolderError, MailboxError, NeedsLoginError, ServerRefusedError
from agent.mail.signin import TokenSource
from agent.processes import die_with_parent, release_free_heap
from agent.record.storage import StoreError, lock_path_for, parse_iso, prepare_database_dir
from agent.redaction import IMAP_TRACE, THIRD_PARTY, configure_logging
from agent.report import PassReport, StopFlag
from agent.watch.fleet import Fleet
from agent.watch.rules import IDLE_RENEW_SECONDS, FullJitterBackoff, Step, pass_start_method

if TYPE_CHECKING:
    from agent.pipeline import Agent
    from agent.record.store import Store, accounts

log = logging.getLogger(__name__)
T = TypeVar("T")


BACKOFF_START, BACKOFF_CAP = 5.0, 900.0
AUTH_RETRY_SECONDS = 3600.0  # a refused login is tried again this often, not more (providers lock accounts)
LOGIN_CHECK_SECONDS = 5.0  # how often an account waiting for `onward login` looks whether it happened
STOP_GRACE_SECONDS = 10  # after SIGTERM, how long a pass may take to reach a safe point
# what a fork server of pass processes imports once (several accounts; see pass_start_method)
PASS_PRELOAD = ("agent.loop", "agent.pipeline", "agent.model.classifier")


class LockError(RuntimeError):
    """Another Onward daemon already uses this database."""




# ---------------------------------------------------------------------------------------------------
# Single-instance lock


_HELD_LOCK_FDS: set[int] = set()  # closed in pass processes, so the lock dies with the daemon


class InstanceLock:
    """An flock on a file beside the database: a second daemon on the same database refuses to start.

    The kernel drops the lock when the process dies, so a crash never leaves a stale lock behind.
    """

    def __init__(self, settings: Settings) -> None:
        self.path = lock_path_for(settings.storage.database, Path(platformdirs.user_data_dir(APP_NAME)))
        self._fd: int | None = None

    def acquire(self) -> InstanceLock:
        prepare_database_dir(self.path.parent)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            other = os.read(fd, 32).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise LockError(f"another onward daemon (pid {other}) is already using this database "
                            f"(lock {self.path})") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        _HELD_LOCK_FDS.add(fd)
        return self

    def release(self) -> None:
        if self._fd is not None:
            _HELD_LOCK_FDS.discard(self._fd)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


# ---------------------------------------------------------------------------------------------------
# The loop


class Backoff:
    """Capped exponential backoff with full jitter."""

    def __init__(self, start: float = BACKOFF_START, cap: float = BACKOFF_CAP,
                 rng: random.Random | None = None) -> None:
        self.start, self.cap, self.failures = start, cap, 0
        self.rng = rng or random.Random()

    def next_delay(self) -> float:
        self.failures += 1
        ceiling = min(self.cap, self.start * 2 ** (self.failures - 1))
        return ceiling / 2 + self.rng.uniform(0, ceiling / 2)

    def reset(self) -> None:
        self.failures = 0


def install_signal_handlers(stop: StopFlag) -> None:
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, stop.set)


def run_forever(agent: Agent | IsolatedPasses, *, clock: Callable[[], datetime] | None = None) -> None:
    """The daemon loop; returns when the stop flag is set.

    ``agent`` runs the passes: an ``Agent`` (in this process) or ``IsolatedPasses`` (each pass in a
    child process, what ``onward run`` uses); this loop only needs ``run_pass``, ``open_mailbox``,
    ``watermark_uidnext``, ``with_store``, ``settings``, ``imap`` and ``stop``.  A missing watched folder
    (``FolderError``) is a config error: it ends the loop (``onward run`` exits 2).
    """
    if agent.stop:  # SIGTERM before the first pass: nothing to do
        log.info("stopped")
        return
    _Loop(agent, clock or (lambda: datetime.now(UTC))).run()


def run_accounts(runners: Sequence[Agent | IsolatedPasses], *,
                 clock: Callable[[], datetime] | None = None) -> None:
    """The daemon loop for several accounts: each account's loop (its schedule, backoff and IDLE
    connection) driven by one :class:`~agent.watch.fleet.Fleet` - one thread waits on every account's
    IDLE connection, a bounded pool runs the passes (``daemon.parallel_passes`` at once) - so one
    account's failure - a refused password, a dead sign-in, a server that is down - never holds up the
    others, and a thousand accounts need no thousand threads. A missing watched folder ends that
    account's loop only; when every account's loop has ended so, the first such error is raised
    (``onward run`` exits 2). Returns when the stop flag is set."""
    if len(runners) == 1:
        run_forever(runners[0], clock=clock)
        return
    fleet = account_fleet(runners, clock=clock)
    if fleet.stop:
        log.info("stopped")
        return
    fleet.run()
    log.info("stopped")
    if len(fleet.ended) == len(runners) and not fleet.stop:
        raise fleet.ended[0]


def account_fleet(runners: Sequence[Agent | IsolatedPasses], *,
                  clock: Callable[[], datetime] | None = None) -> Fleet:
    """The fleet that runs these accounts' loops (not started: :meth:`Fleet.run`); more can be added
    and removed while it runs (:meth:`Fleet.add`, :meth:`account_loop`)."""
    daemon = runners[0].settings.daemon
    method = prepare_pass_start(len(runners))
    for runner in runners:
        if isinstance(runner, IsolatedPasses):
            runner.start_method = method
    return daemon_fleet(daemon, [account_loop(r, clock) for r in runners], runners[0].stop)


def daemon_fleet(daemon: DaemonSettings, loops: Sequence[_Loop], stop: StopFlag, *, linger: bool = False) -> Fleet:
    """A :class:`Fleet` of ``loops`` as ``[daemon]`` sets it up (passes at once, the per-host connection
    cap and login pace); ``linger``: it runs on with no account (the worker pool adds them)."""
    return Fleet(loops, stop, parallel_passes=daemon.parallel_passes,
                 connections_per_host=daemon.idle_connections_per_host,
                 logins_per_second=daemon.logins_per_second, linger=linger)


def prepare_pass_start(accounts: int) -> str:
    """How the passes of a daemon watching ``accounts`` accounts start (:func:`pass_start_method`); a fork
    server is told what to import once."""
    method = pass_start_method(accounts)
    if method == "forkserver":
        multiprocessing.get_context("forkserver").set_forkserver_preload(list(PASS_PRELOAD))
    return method


def account_loop(runner: Agent | IsolatedPasses, clock: Callable[[], datetime] | None = None,
                 holder: str | None = None) -> _Loop:
    """One account's loop, for a :class:`Fleet` (its log lines start with the account's name). Its passes
    are never forked from the daemon, which has threads now (see :func:`pass_start_method`). ``holder``:
    the id of the pool worker whose lease it runs under (its IDLE state is written only while it holds it)."""
    if isinstance(runner, IsolatedPasses) and runner.start_method == "fork":
        runner.start_method = "spawn"
    return _Loop(runner, clock or (lambda: datetime.now(UTC)), prefix=f"{runner.account}: ", holder=holder)


def remember(runner: Agent | IsolatedPasses, exc: BaseException | None, now: datetime) -> None:
    """Write how the account's pass ended (``onward status``); a database error here is only logged. The
    lean daemon's pass process wrote it already when it could (:meth:`IsolatedPasses.state_told`)."""
    if isinstance(runner, IsolatedPasses) and runner.state_told():
        return
    outcome = pass_outcome(runner.account, runner.imap.auth, exc, now)
    try:
        runner.with_store(lambda store: _after_pass(store, runner.settings, outcome))
    except StoreError as err:  # the store could not be opened
        log.warning("could not record the state of account %s: %s", runner.account, err)


def pass_outcome(account: str, auth: str, exc: BaseException | None, now: datetime) -> PassOutcome:
    """How a pass that ended with ``exc`` (None: well) is on record."""
    state = (AccountState.OK if exc is None else AccountState.NEEDS_LOGIN if isinstance(exc, NeedsLoginError)
             else AccountState.ERROR)
    return PassOutcome(account, auth, state, now, None if exc is None else (str(exc) or type(exc).__name__))


def _after_pass(store: Store, settings: Settings, outcome: PassOutcome) -> None:
    """The account's state, then the notices due (``[notify]``: interview, offer, sign-in needed)."""
    # with the store: loaded only where it is open (the waiting daemon opens it in a child process)
    from agent import notify
    from agent.accounts.state import record_outcome

    try:
        record_outcome(store, outcome)
    except StoreError as err:
        log.warning("could not record the state of account %s: %s", outcome.account, err)
    try:
        notify.after_pass(settings, store, outcome.at)
    except StoreError as err:
        log.warning("notify: could not read or write the notifications: %s", err)


def _record_watch(store: Store, account: str, state: WatchState, at: datetime, error: str | None,
                  holder: str | None) -> None:
    from agent.accounts.state import record_watch  # with the store (see _after_pass)
    try:
        record_watch(store, account, state, at, error, holder)
    except StoreError as err:
        log.warning("could not record the IDLE state of account %s: %s", account, err)


def _account_state(store: Store, account: str) -> accounts.AccountStateRow | None:
    from agent.accounts.state import states  # with the store (see _after_pass)
    return states(store).get(account)


class _Loop:
    """State of the daemon loop: the schedule, a failed pass's retry time, the IDLE connection.

    * A failed pass is retried when its log line says (``retrying in N s``), with backoff. While a
      retry waits after the server refused a command (``ServerRefusedError``: the connection works,
      e.g. a Drafts folder that refuses APPEND), the watcher keeps IDLE, so new mail is still handled
      at once; after a network or login failure it waits (its own connection would fail the same way).
    * The IDLE connection (the *watcher*) notices a lost server at once; the loss is logged once,
      reconnection is tried at once and then with backoff (sleeping: no CPU while the server is
      away), and the first IDLE after it wakes a pass when mail arrived meanwhile (UIDNEXT).
    """

    def __init__(self, agent: Agent | IsolatedPasses, clock: Callable[[], datetime],
                 prefix: str = "", holder: str | None = None) -> None:
        self.agent, self.clock, self.stop = agent, clock, agent.stop
        self.prefix = prefix  # "NAME: " in the log lines of a daemon with several accounts
        self.holder = holder  # a pool worker's id: its IDLE state is written only while it holds the lease
        self.backoff = Backoff()  # failed passes
        self.login_refused = False  # the server refused the account's credentials: retried hourly, said once
        self.awaiting_login: datetime | None = None  # needs `onward login` since then: its sign-in ends the wait
        self.login_checked = 0.0
        # the watcher, while the server is away: the first try at once, then with backoff - or, in a fleet
        # of watchers (agent/watch/fleet.py), every try with full jitter, so a restart brings no herd
        self.reconnect: Backoff | FullJitterBackoff = Backoff()
        self.reconnect_at_once = True
        self.retry_at: float | None = None  # a failed pass is retried then
        # the failure was the server's NO on a working connection: the watcher keeps IDLE while it waits
        self.idle_while_retrying = False
        self.watch_at = 0.0  # the watcher (re)connects then
        self.watcher: Any = None  # a Mailbox (what open_mailbox returns; idle_wait is IMAP only)
        self.watcher_lost = False
        self.use_idle = agent.imap.idle
        self.watch_state: WatchState | None = None  # what `onward status` was last told (see note_watch)
        self.woke_for: int | None = None
        self.idling = False  # in IDLE, waited on by the fleet's watcher (see arm)
        self.armed_for: int | None = None  # the watermark the watcher checked when it entered IDLE
        self.scheduler = schedule.Scheduler()
        self.scheduler.every(agent.settings.daemon.poll_interval).seconds.do(self.scheduled)

    def run(self) -> None:
        if not self.use_idle:
            self.note_watch(WatchState.POLLING)
        try:
            self.job()
            while not self.stop:
                step, seconds = self.next_step(time.monotonic())
                if step is Step.PASS:
                    self.job()
                elif step is Step.WAIT:
                    self.stop.wait(seconds)
                else:
                    self.watch(seconds)
                if not self.stop:
                    self.scheduler.run_pending()
        finally:
            self.drop_watcher()
            self.note_watch(WatchState.STOPPED)
        log.info("stopped")

    def next_step(self, now: float, may_watch: bool = True) -> tuple[Step, float]:
        """What the account does next: a (retried) pass, wait (up to the seconds given), or watch in IDLE
        (up to the seconds given). ``may_watch`` False: no IDLE now (the host's connections are taken)."""
        if self.retry_at is not None and (now >= self.retry_at or self.signed_in_again(now)):
            return Step.PASS, 0.0
        if (self.retry_at is not None and not self.idle_while_retrying) or not self.use_idle or not may_watch:
            return Step.WAIT, max(0.05, min(self._until_next(), 1.0))
        if now < self.watch_at:
            return Step.WAIT, max(0.05, min(self.watch_at - now, self._until_next()))
        return Step.WATCH, min(self._until_next(), IDLE_RENEW_SECONDS)

    def pass_due(self, now: float) -> bool:
        """A scheduled pass or a retry is due (an idling watcher is to make way for it)."""
        return self._until_next() <= 0.0 or (self.retry_at is not None and now >= self.retry_at)

    def note_watch(self, state: WatchState, error: str | None = None) -> None:
        """Tell ``onward status`` how the watcher is, on a change only; a database error is only logged."""
        if state == self.watch_state:
            return
        self.watch_state = state
        at, account, holder = self.clock(), self.agent.account, self.holder
        try:
            self.agent.with_store(lambda store: _record_watch(store, account, state, at, error, holder))
        except StoreError as err:
            log.warning("could not record the IDLE state of account %s: %s", account, err)

    def _until_next(self) -> float:
        """Seconds until the next scheduled pass or retry."""
        wait = self.scheduler.idle_seconds
        wait = 1.0 if wait is None else wait
        if self.retry_at is not None:
            wait = min(wait, self.retry_at - time.monotonic())
        return max(0.0, wait)

    def scheduled(self) -> None:
        if self.retry_at is None:  # while a retry is pending, the retry is the next pass
            self.job()

    def job(self) -> None:
        try:
            report = self.agent.run_pass(self.clock())
        except FolderError as exc:
            remember(self.agent, exc, self.clock())
            raise
        except AuthError as exc:
            remember(self.agent, exc, self.clock())
            self._refused(exc)
            return
        except (MailboxError, OSError, StoreError, PassProcessError) as exc:
            remember(self.agent, exc, self.clock())
            self._failed("pass failed", exc)
            return
        except Exception as exc:  # noqa: BLE001 - a bug in one pass must not end the daemon; it is logged
            remember(self.agent, exc, self.clock())
            self._failed("pass failed unexpectedly", None)
            return
        remember(self.agent, None, self.clock())
        if self.login_refused:
            log.info("%slogin accepted again", self.prefix)
            self.login_refused = False
        self.backoff.reset()
        self.retry_at = None
        self.idle_while_retrying = False
        if report.fetched or report.drafts_saved or report.cancelled:
            log.info("%spass done: %s", self.prefix, report.summary())

    def _failed(self, kind: str, exc: BaseException | None) -> None:
        """Log why and when the pass is retried (it is: see ``run``); None: a bug, logged with its traceback."""
        delay = self.backoff.next_delay()
        self.retry_at = time.monotonic() + delay
        self.idle_while_retrying = isinstance(exc, ServerRefusedError)
        if exc is None:
            log.exception("%s%s; retrying in %.0f s", self.prefix, kind, delay)
        else:
            log.error("%s%s: %s; retrying in %.0f s", self.prefix, kind, exc, delay)

    def _refused(self, exc: AuthError) -> None:
        """The server (or the identity provider) refused the sign-in: retrying soon cannot help and may lock
        the account, so the next try is in AUTH_RETRY_SECONDS; said once, until a login works again."""
        self.drop_watcher()
        self.retry_at = time.monotonic() + AUTH_RETRY_SECONDS
        self.awaiting_login = self.clock() if isinstance(exc, NeedsLoginError) else None
        if self.login_refused:
            log.debug("%slogin still refused: %s; next try in %.0f min", self.prefix, exc, AUTH_RETRY_SECONDS / 60)
            return
        self.login_refused = True
        fix = ("run: onward login --account " + self.agent.account if isinstance(exc, NeedsLoginError)
               else "fix the password source, then restart the daemon to retry at once")
        log.error("%slogin refused: %s; trying again once an hour (%s); the other accounts go on",
                  self.prefix, exc, fix)

    def signed_in_again(self, now: float) -> bool:
        """While the account waits for ``onward login``: whether it has signed in since (``onward login``
        marks the account ``ok`` in the database), looked at every LOGIN_CHECK_SECONDS."""
        if self.awaiting_login is None or now - self.login_checked < LOGIN_CHECK_SECONDS:
            return False
        self.login_checked = now
        try:
            account = self.agent.account
            row = self.agent.with_store(lambda store: _account_state(store, account))
        except StoreError:
            return False
        if row is None or row.state != AccountState.OK or parse_iso(row.updated_at) <= self.awaiting_login:
            return False
        log.info("%ssigned in again: trying now", self.prefix)
        self.awaiting_login = None
        return True

    def watch(self, seconds: float) -> None:
        """Wait in IDLE up to ``seconds``; run a pass when new mail is announced."""
        folder = self.agent.imap.folders[0]
        with self.watch_errors():
            if not self.open_watcher():
                return
            known = self.unseen_uidnext(folder)
            if self.watcher.idle_wait(folder, seconds, lambda: bool(self.stop), known_uidnext=known):
                self.woke_for = known
                self.job()

    def arm(self) -> bool:
        """Enter IDLE without waiting in it (the fleet's watcher waits on many at once): True when mail
        already waits (no IDLE; run a pass), False when idling - or when the connection failed, which is
        handled as in :meth:`watch` (``self.idling`` tells)."""
        folder = self.agent.imap.folders[0]
        self.idling = False
        with self.watch_errors():
            if not self.open_watcher():
                return False
            known = self.unseen_uidnext(folder)
            if self.watcher.idle_start(folder, known_uidnext=known):
                self.woke_for = known
                return True
            self.armed_for, self.idling = known, True
        return False

    def disarm(self) -> None:
        """Leave IDLE (DONE); a dead connection is dropped and noticed at the next arm."""
        if self.idling and self.watcher is not None:
            self.watcher.idle_end()
        self.idling = False

    @contextmanager
    def watch_errors(self) -> Iterator[None]:
        """A missing folder ends the account's loop (raised); a refused login waits as a refused pass
        (hourly); any other failure of the watcher's connection is a lost watcher (:meth:`lost`)."""
        try:
            yield
        except FolderError:
            raise
        except AuthError as exc:  # the watcher's login was refused: as a refused pass, hourly
            remember(self.agent, exc, self.clock())
            self._refused(exc)
        except (MailboxError, OSError) as exc:
            self.lost(exc)

    def open_watcher(self) -> bool:
        """Connect the watcher if it is not connected; False when the server has no IDLE (then polled)."""
        if self.watcher is not None:
            return True
        self.watcher = self.agent.open_mailbox()
        self.watcher.connect()
        if self.watcher_lost:
            log.info("%sIDLE connection restored", self.prefix)
        self.watcher_lost = False
        self.reconnect.reset()
        if not self.watcher.has_capability("IDLE"):
            log.info("%sserver has no IDLE: polling every %d s", self.prefix,
                     self.agent.settings.daemon.poll_interval)
            self.use_idle = False
            self.drop_watcher()
            self.note_watch(WatchState.POLLING)
            return False
        self.note_watch(WatchState.WATCHING)
        return True

    def unseen_uidnext(self, folder: str) -> int | None:
        """Mail that arrived during the last pass (after its SEARCH, before this EXAMINE) or while the
        connection was lost is never announced by IDLE: the watcher wakes at once when the folder's
        UIDNEXT is past what is on record - once per watermark, so a message that cannot be recorded
        cannot make a busy loop (None: no such check)."""
        known = self.agent.watermark_uidnext(folder)
        return None if known is not None and known == self.woke_for else known

    def lost(self, exc: BaseException) -> None:
        """The watcher's connection failed: say so once; reconnect at once, then with backoff."""
        self.drop_watcher()
        first = not self.watcher_lost
        if first:
            log.warning("%sIDLE connection lost (%s); reconnecting", self.prefix, exc)
            self.watcher_lost = True
            self.note_watch(WatchState.LOST, str(exc) or type(exc).__name__)
            if self.reconnect_at_once:
                return  # the first reconnection is tried at once (a restart, a dropped NAT mapping)
        delay = self.reconnect.next_delay()
        self.watch_at = time.monotonic() + delay
        if not first:
            log.debug("%sIDLE reconnection failed (%s); next try in %.1f s", self.prefix, exc, delay)

    def drop_watcher(self) -> None:
        self.idling = False
        if self.watcher is not None:
            self.watcher.close()
            self.watcher = None


# ---------------------------------------------------------------------------------------------------
# Passes in a child process


class PassProcessError(RuntimeError):
    """The pass process died without a report (killed, out of memory, a bug)."""


class IsolatedPasses(AccountAccess):
    """Runs each daemon pass in a forked child process; the waiting daemon stays lean.

    Why: between passes the daemon only waits (IMAP IDLE on one connection). Holding the model and
    scikit-learn in that process would cost ~110 MB of RAM for weeks; a child that imports them,
    loads the model (≈1 s of CPU) and exits after the pass costs nothing while idle. The child dies
    with the daemon (PR_SET_PDEATHSIG) and closes its copy of the single-instance lock, so a killed
    daemon leaves neither an orphan pass nor a held lock behind. Errors come back typed, so the loop's
    backoff treats them exactly as in-process ones. Needs ``fork`` (Linux, macOS). With several accounts the
    daemon has a watcher thread and a pass pool, and a fork could copy a lock another thread holds
    (OpenSSL's, in the middle of an IDLE read: the child then hangs): their passes are started with
    ``spawn`` instead (a fresh interpreter, about 1 s more CPU per pass), or, from
    ``PRELOAD_FROM_ACCOUNTS`` accounts on, from a fork server that imported the pass's code once
    (``forkserver``, see :func:`agent.watch.rules.pass_start_method`).
    """

    def __init__(self, settings: Settings, stop: StopFlag, model: Path | None = None,
                 store: Store | None = None) -> None:
        self.settings = settings
        self.imap = settings.require_imap()
        self.stop = stop
        self.model = model
        self._password: str | TokenSource | None = None
        self.account = settings.account
        self.start_method = "fork"  # "spawn" or "forkserver" when the daemon has threads (several accounts)
        # Several accounts share the daemon's one store: SQLite's locks are per process, and opening the
        # file again (Store.open creates it private) while another connection of this process holds
        # a lock would drop that lock. One account: none here - the few writes of the waiting daemon (how
        # a pass ended, the watcher's state) each open the store in a child process (with_store), so
        # the waiting daemon never loads SQLAlchemy and the store (about 20 MB of RSS for weeks).
        self._store = store
        self._own_store = False
        self._told = False  # the last pass process wrote how it ended (see state_told)
        self._told_watermark: tuple[str, int | None] | None = None  # (folder, its watermark) it read after

    @property
    def store(self) -> Store:  # type: ignore[override]  # opened on demand: the lean daemon never asks
        if self._store is None:
            from agent.record.store import Store  # with the store: only a caller that wants it here loads it
            self._store = Store.for_settings(self.settings)
            self._own_store = True
        return self._store

    def with_store(self, work: Callable[[Store], T]) -> T:
        """``work`` on the daemon's store when it has one (several accounts), else on a store opened in a
        short-lived child process forked for it (the daemon of one account is single-threaded, so forking
        is safe), whose result or error comes back here."""
        if not self.lean:
            return work(self.store)
        return _with_store_in_child(self.settings, work)

    @property
    def lean(self) -> bool:
        """No store in this process: its writes are done in child processes."""
        return self._store is None and self.start_method == "fork"

    def state_told(self) -> bool:
        """Whether the pass process that just ended wrote how it ended itself (it had the store open), so
        that the daemon need not open it again; asked once per pass."""
        told, self._told = self._told, False
        return told

    def watermark_uidnext(self, folder: str) -> int | None:
        """As :meth:`AccountAccess.watermark_uidnext`: what the last pass process read when it ended, when
        it did - only passes move it, and no other process runs one on this database meanwhile (the
        single-instance lock)."""
        told = self._told_watermark
        if told is not None and told[0] == folder:
            return told[1]
        return super().watermark_uidnext(folder)

    def run_pass(self, now: datetime | None = None) -> PassReport:
        ctx: Any = multiprocessing.get_context(self.start_method)
        receive, send = ctx.Pipe(duplex=False)
        secret: str | TokenSource | None = self.password()
        if self.start_method != "fork" and not isinstance(secret, str):
            secret = None  # a token source is rebuilt in the new process (it reads the stored tokens)
        level = logging.getLogger().getEffectiveLevel()
        verbosity = (3 if logging.getLogger(IMAP_TRACE).getEffectiveLevel() <= logging.DEBUG
                     else 2 if logging.getLogger(THIRD_PARTY[0]).getEffectiveLevel() <= logging.DEBUG else 0)
        self._told, self._told_watermark = False, None
        child = ctx.Process(target=_pass_in_child, name="onward-pass",
                            args=(self.settings, self.model, secret, now, send, level, verbosity, os.getpid(),
                                  self.lean))
        child.start()
        send.close()
        overran = self._supervise(child)
        try:
            result: Any = receive.recv() if receive.poll() else None
        except EOFError:  # killed before it could report
            result = None
        receive.close()
        if isinstance(result, PassEnd):
            self._told, self._told_watermark = True, result.watermark
            result = result.result
        release_free_heap()  # what this process allocated for the pass (the report, the pipe) is given back
        if isinstance(result, PassReport):
            return result
        if isinstance(result, BaseException):
            raise result
        if overran:
            raise PassProcessError(f"the pass took longer than daemon.max_pass_seconds "
                                   f"({self.settings.daemon.max_pass_seconds} s) and was ended")
        raise PassProcessError(f"the pass process ended without a report (exit code {child.exitcode})")

    def _supervise(self, child: Any) -> bool:
        """Wait for the pass process. On a stop request it gets SIGTERM (it stops between messages, like
        in-process), then SIGKILL after STOP_GRACE_SECONDS; a pass that runs longer than
        ``daemon.max_pass_seconds`` (a server that answers, but endlessly) gets SIGKILL. Killing it is
        safe: every write is transactional and idempotent (see docs/reliability.md), and the next pass
        redoes the unfinished batch. True when it was ended for running too long."""
        pid: int = child.pid
        started = time.monotonic()
        signalled_at: float | None = None
        killed = overran = False
        while child.is_alive():
            now = time.monotonic()
            if killed:
                pass
            elif self.stop and signalled_at is None:
                os.kill(pid, signal.SIGTERM)
                signalled_at = now
            elif signalled_at is not None and now - signalled_at > STOP_GRACE_SECONDS:
                log.warning("pass did not stop within %d s; killing it", STOP_GRACE_SECONDS)
                os.kill(pid, signal.SIGKILL)
                killed = True
            elif signalled_at is None and now - started > self.settings.daemon.max_pass_seconds:
                log.warning("pass still running after daemon.max_pass_seconds (%d s); killing it",
                            self.settings.daemon.max_pass_seconds)
                os.kill(pid, signal.SIGKILL)
                killed = overran = True
            child.join(0.2)
        return overran

    def close(self) -> None:
        if self._own_store and self._store is not None:
            self._store.close()


def _with_store_in_child(settings: Settings, work: Callable[[Store], T]) -> T:
    """``work(store)`` in a forked child process that opens the store, does it and exits; its result comes
    back, and so does its error (raised here: a StoreError as such)."""
    ctx: Any = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_store_work_in_child, name="onward-state", args=(settings, work, send, os.getpid()))
    child.start()
    send.close()
    try:
        done, result = receive.recv()
    except EOFError:  # killed before it could answer
        done, result = False, StoreError(f"the process writing the daemon's state ended without an answer "
                                         f"(exit code {child.exitcode})")
    finally:
        receive.close()
        child.join()
    release_free_heap()
    if not done:
        raise result
    return cast(T, result)


def _store_work_in_child(settings: Settings, work: Callable[[Store], Any], send: Any, parent: int) -> None:
    die_with_parent(parent)
    for fd in list(_HELD_LOCK_FDS):  # the lock stays the daemon's alone, as in a pass process
        os.close(fd)
    _HELD_LOCK_FDS.clear()
    # Imported here, in this short-lived process only (lazily, for memory): see IsolatedPasses.
    from agent.record.store import Store

    answer: tuple[bool, Any]
    try:
        store = Store.for_settings(settings)
        try:
            answer = (True, work(store))
        finally:
            store.close()
    except Exception as exc:  # noqa: BLE001 - handed to the daemon, which handles it as if raised there
        answer = (False, exc)
    try:
        send.send(answer)
    except Exception:  # noqa: BLE001 - an unpicklable result or error still reaches the daemon as text
        send.send((False, StoreError(f"the daemon's state: {answer[1]}")))
    send.close()


@dataclass(frozen=True)
class PassEnd:
    """What a lean daemon's pass process sends back: the pass's report or error, having written how the
    pass ended, and the watched folder's watermark after it (see :meth:`IsolatedPasses.watermark_uidnext`)."""

    result: Any
    watermark: tuple[str, int | None] | None  # (the watched folder, its watermark); None: not read


def _pass_in_child(settings: Settings, model: Path | None, password: str | TokenSource | None,
                   now: datetime | None, send: Any, level: int = logging.INFO, verbosity: int = 0,
                   parent: int | None = None, tell: bool = False) -> None:
    # First: a daemon killed while this process was starting (a spawned one takes a while) ends it now.
    die_with_parent(parent)  # not Linux: a killed daemon's pass finishes on its own
    # Imported here, in the pass process only (lazily, for memory): the waiting daemon then never holds
    # numpy, the model's code or the record stage's - about 20 MB of RSS for weeks - and a pass process
    # imports them in a few tenths of a second.
    from agent.model.classifier import Classifier
    from agent.pipeline import Agent
    from agent.record.store import Store

    if not logging.getLogger().handlers:  # a spawned process (several accounts): log like the daemon
        configure_logging(level, verbosity, f"%(asctime)s %(levelname)s {settings.account}: %(message)s")
    for fd in list(_HELD_LOCK_FDS):
        os.close(fd)
    _HELD_LOCK_FDS.clear()
    stop = StopFlag()
    install_signal_handlers(stop)
    store: Store | None = None
    try:
        store = Store.for_settings(settings)
        agent = Agent(settings, store, Classifier.load(model), stop=stop, password=password)
        result: Any = agent.run_pass(now)
    except (MailboxError, StoreError, OSError) as exc:
        result = exc
    except Exception as exc:  # noqa: BLE001 - reported to the daemon, which logs and backs off
        log.exception("pass failed")
        result = PassProcessError(f"pass failed: {type(exc).__name__}: {exc}")
    try:
        if tell and store is not None:  # the daemon has no store open: how the pass ended is written here
            ended = pass_outcome(settings.account, settings.require_imap().auth,
                                 result if isinstance(result, BaseException) else None, datetime.now(UTC))
            _after_pass(store, settings, ended)
            folder = settings.require_imap().folders[0]
            try:
                result = PassEnd(result, (folder, folder_watermark(store, settings.account, folder)))
            except StoreError:
                result = PassEnd(result, None)  # the daemon reads it when it needs it
    finally:
        if store is not None:
            store.close()
    try:
        send.send(result)
    except Exception:  # noqa: BLE001 - an unpicklable error still reaches the daemon as text
        send.send(PassEnd(PassProcessError(f"pass failed: {result.result}"), result.watermark)
                  if isinstance(result, PassEnd) else PassProcessError(f"pass failed: {result}"))
    send.close()
