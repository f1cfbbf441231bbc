"""The daemon loop: schedule, IDLE, backoff, signals, the single-instance lock, passes in a child.

The ``schedule`` library runs a pass every ``daemon.poll_interval`` seconds; between passes a second
connection waits in IMAP IDLE on the first watched folder (re-IDLE every 9 minutes) so new mail is
handled within seconds; servers without IDLE are polled. SIGTERM and SIGINT stop it between
messages. ``onward run`` runs each pass in a child process (``IsolatedPasses``), so the daemon that
waits holds neither the model nor scikit-learn. Network and login errors are retried with capped
exponential backoff and jitter. One pass is :mod:`agent.pipeline`.
"""

from __future__ import annotations

import fcntl
import logging
import os
import random
import signal
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import platformdirs
import schedule

from agent.config import APP_NAME, Settings
from agent.intake import die_with_parent
from agent.mail.imap import AuthError, Mailbox, MailboxError
from agent.model.classifier import Classifier
from agent.pipeline import AccountAccess, Agent
from agent.record.store import Store, StoreError, lock_path_for, prepare_database_dir
from agent.report import PassReport, StopFlag

log = logging.getLogger(__name__)


IDLE_RENEW_SECONDS = 540  # re-IDLE before the 10-minute mark (RFC 2177 asks for < 29 min)
BACKOFF_START, BACKOFF_CAP = 5.0, 900.0
STOP_GRACE_SECONDS = 10  # after SIGTERM, how long a pass may take to reach a safe point


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
    ``watermark_uidnext``, ``settings``, ``imap`` and ``stop``.
    """
    clock = clock or (lambda: datetime.now(UTC))
    stop = agent.stop
    backoff = Backoff()
    state = {"retry_at": 0.0}

    def job() -> None:
        if time.monotonic() < state["retry_at"]:
            return
        try:
            report = agent.run_pass(clock())
        except (MailboxError, OSError, StoreError, PassProcessError) as exc:
            delay = backoff.next_delay()
            state["retry_at"] = time.monotonic() + delay
            kind = "login failed" if isinstance(exc, AuthError) else "pass failed"
            log.error("%s: %s; retrying in %.0f s", kind, exc, delay)
            return
        except Exception:  # noqa: BLE001 - a bug in one pass must not end the daemon; it is logged
            delay = backoff.next_delay()
            state["retry_at"] = time.monotonic() + delay
            log.exception("pass failed unexpectedly; retrying in %.0f s", delay)
            return
        backoff.reset()
        if report.fetched or report.drafts_saved or report.cancelled:
            log.info("pass done: %s", report.summary())

    scheduler = schedule.Scheduler()
    scheduler.every(agent.settings.daemon.poll_interval).seconds.do(job)
    job()
    watcher: Mailbox | None = None
    use_idle = agent.imap.idle
    while not stop:
        wait = max(0.5, min(scheduler.idle_seconds or 1.0, state["retry_at"] - time.monotonic()
                            if state["retry_at"] > time.monotonic() else scheduler.idle_seconds or 1.0))
        if use_idle and time.monotonic() >= state["retry_at"]:
            try:
                if watcher is None:
                    watcher = agent.open_mailbox()
                    watcher.connect()
                    if not watcher.has_capability("IDLE"):
                        log.info("server has no IDLE: polling every %d s", agent.settings.daemon.poll_interval)
                        use_idle = False
                        watcher.close()
                        watcher = None
                        continue
                # Mail that arrived during the last pass (after its SEARCH, before this EXAMINE) is never
                # announced by IDLE: wake at once when the folder's UIDNEXT is past what is on record
                # (once per watermark, so a message that cannot be recorded cannot make a busy loop).
                known = agent.watermark_uidnext(agent.imap.folders[0])
                if known is not None and known == state.get("woke_for"):
                    known = None
                if watcher.idle_wait(agent.imap.folders[0], min(wait, IDLE_RENEW_SECONDS), lambda: bool(stop),
                                     known_uidnext=known):
                    state["woke_for"] = known
                    job()
            except (MailboxError, OSError) as exc:
                log.warning("IDLE connection lost (%s); reconnecting", exc)
                if watcher is not None:
                    watcher.close()
                watcher = None
                stop.wait(min(wait, backoff.next_delay()))
        else:
            stop.wait(min(wait, 1.0))
        if not stop:
            scheduler.run_pending()
    if watcher is not None:
        watcher.close()
    log.info("stopped")




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
    backoff treats them exactly as in-process ones. Needs ``fork`` (Linux, macOS).
    """

    def __init__(self, settings: Settings, stop: StopFlag, model: Path | None = None) -> None:
        self.settings = settings
        self.imap = settings.require_imap()
        self.stop = stop
        self.model = model
        self._password: str | None = None
        self.account = f"{self.imap.username}@{self.imap.host}"
        self.store = Store.for_settings(settings)

    def run_pass(self, now: datetime | None = None) -> PassReport:
        import multiprocessing
        ctx = multiprocessing.get_context("fork")
        receive, send = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_pass_in_child, name="onward-pass",
                            args=(self.settings, self.model, self.password(), now, send))
        child.start()
        send.close()
        signalled_at: float | None = None
        while child.is_alive():
            if self.stop and signalled_at is None:
                os.kill(child.pid, signal.SIGTERM)  # the child stops between messages, like in-process
                signalled_at = time.monotonic()
            elif signalled_at is not None and time.monotonic() - signalled_at > STOP_GRACE_SECONDS:
                # Blocked in a slow IMAP read: killing it is safe, every write is transactional and
                # idempotent (see docs/reliability.md), and the next start redoes the unfinished batch.
                log.warning("pass did not stop within %d s; killing it", STOP_GRACE_SECONDS)
                os.kill(child.pid, signal.SIGKILL)
                signalled_at = float("inf")
            child.join(0.2)
        try:
            result: Any = receive.recv() if receive.poll() else None
        except EOFError:  # killed before it could report
            result = None
        receive.close()
        if isinstance(result, PassReport):
            return result
        if isinstance(result, BaseException):
            raise result
        raise PassProcessError(f"the pass process ended without a report (exit code {child.exitcode})")

    def close(self) -> None:
        self.store.close()


def _pass_in_child(settings: Settings, model: Path | None, password: str, now: datetime | None,
                   send: Any) -> None:
    die_with_parent()  # not Linux: a killed daemon's pass finishes on its own
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
    finally:
        if store is not None:
            store.close()
    try:
        send.send(result)
    except Exception:  # noqa: BLE001 - an unpicklable error still reaches the daemon as text
        send.send(PassProcessError(f"pass failed: {result}"))
    send.close()
