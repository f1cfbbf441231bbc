"""The intake of a pass: fetch a folder's new messages, parse them and classify them, in batches.

Two ways, same results in the same order:

* **in this process** (the daemon's usual few new messages): a thread fetches the next batches (at most
  PREFETCH_BATCHES ahead) while this thread parses and classifies the current one;
* **in worker processes** (a big pass: a first run, a backfill; see :func:`worker_count`): each worker
  opens its own IMAP connection and fetches, parses and classifies slices of UIDs; the main process
  records, and when the workers are behind (one worker on 2 CPUs) takes the next slice itself instead
  of waiting.  Why: after the numpy scorer, a big pass is CPU-bound, and one Python process uses one
  core - fetching (TLS, IMAP response parsing) and recording in one process also fight over the GIL.
  Parsing and classifying are pure and fetching is read-only (``EXAMINE`` + ``BODY.PEEK``), so they
  parallelise safely; the database keeps one writer.  At most AHEAD slices per worker are in flight and
  HELD more analysed, waiting to be recorded, so memory stays bounded however big the mailbox.

Workers are forked *before* any thread of the pass starts (forking a process with running threads can
copy a held lock into the child) and inherit the loaded model page for page, so they start in
milliseconds.  They ignore SIGINT (Ctrl-C is the main process's to handle), die with their parent
(PR_SET_PDEATHSIG) and write nothing: a killed worker loses no state.  If one dies or fails anyway (its
IMAP login refused because the server allows few connections per user, a dropped connection), its slice
is redone in this process and so is the rest of the pass (logged); if the server itself is gone, the
main connection fails too and the error is raised here, exactly as without workers.
"""
from __future__ import annotations

import dataclasses
import gc
import logging
import multiprocessing
import os
import queue
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from agent.mail.bounce import read_bounce
from agent.mail.client import MailClient
from agent.mail.imap import Fetched
from agent.mail.parse import email_text, parse_message
from agent.mail.types import MessageParseError, ParsedEmail
from agent.model.classifier import Classifier, EmailText
from agent.processes import die_with_parent, release_free_heap
from agent.record import contacts
from agent.record.analysis import Analysis as Analysis  # noqa: PLC0414 - what the intake yields
from agent.record.analysis import LanguageOf
from agent.record.facts import facts_of
from agent.record.rules import Disposition, Thresholds, Verdict

log = logging.getLogger(__name__)



Analyzed = list[Analysis]
Batches = Generator[tuple[list[Fetched], Analyzed], None, None]
MIN_MESSAGES_FOR_WORKERS = 1000  # below this, starting workers costs more than it saves
AHEAD = 2  # slices in flight per worker
HELD = 2  # a worker's analysed slices waiting to be recorded, beyond the AHEAD it has in flight (memory)
AHEAD_HERE = 2  # slices this process analysed while the workers were behind, waiting to be recorded
PREFETCH_BATCHES = 2  # fetched batches waiting for the main thread (bounds memory)


def analyze(raws: Sequence[bytes], classifier: Classifier, thresholds: Thresholds,
            language_of: LanguageOf | None = None) -> Analyzed:
    """Parse each message and classify the ones that parse; a message that cannot be parsed gets the
    reason (a str) and no prediction; a delivery report (a bounce, :func:`agent.mail.bounce.read_bounce`) is
    read here too, and is never a job email.  The disposition (:mod:`agent.record.rules`) is decided here, once,
    and for the emails the record stage will put on record their :class:`Facts` are computed too, and
    for a job email its language (``language_of``), so that a big pass detects it in the workers."""
    parsed: list[ParsedEmail | str] = []
    for raw in raws:
        try:
            parsed.append(parse_message(raw))
        except MessageParseError as exc:
            parsed.append(str(exc))
    good = [p for p in parsed if isinstance(p, ParsedEmail)]
    preds = iter(classifier.predict([EmailText(*email_text(p)) for p in good], thresholds.rejection) if good else [])
    out: Analyzed = []
    for raw, p in zip(raws, parsed, strict=True):
        if not isinstance(p, ParsedEmail):
            out.append(Analysis(p))
            continue
        pred = next(preds)
        verdict = Verdict.of(pred)
        bounce = read_bounce(raw, p)
        # a mail system's delivery report is never a job email, whatever its words (the user's own, quoted)
        disposition = thresholds.disposition(verdict) if bounce is None else Disposition.IGNORE
        facts = facts_of(p, raw) if disposition != Disposition.IGNORE or b"text/calendar" in raw else None
        lang = language_of(p) if language_of is not None and disposition == Disposition.EVENT else None
        out.append(Analysis(p, pred, verdict, disposition, facts, lang, bounce))
    return out


def worker_count(setting: int, messages: int) -> int:
    """Worker processes for a pass over ``messages``: ``setting`` if > 0 (``classifier.workers``), none
    if -1, else automatic: one per CPU this process may use beyond the first, which the recording
    process keeps busy (at most 4); none for a small pass, on a single CPU, or off Linux (where forking
    is not the safe default).  On 2 CPUs that is one worker: a second one competes with the recording
    process for the same two cores and adds a whole process's memory (about 100 MB) for no speed."""
    if setting < 0 or not sys.platform.startswith("linux"):
        return 0
    if setting > 0:
        return setting
    if messages < MIN_MESSAGES_FOR_WORKERS:
        return 0
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return min(cpus - 1, 4)


class Intake:
    """``with Intake(classifier, threshold, workers, open_mailbox) as intake:
    for batch, analyzed in intake.batches(mb, folder, uids, ...): ...``

    Enter it before starting any thread of the pass (see the module docstring)."""

    def __init__(self, classifier: Classifier, thresholds: Thresholds, workers: int = 0,
                 open_mailbox: Callable[[], MailClient] | None = None,
                 should_stop: Callable[[], bool] = lambda: False, language_of: LanguageOf | None = None) -> None:
        self.classifier = classifier
        self.thresholds = thresholds
        self.language_of = language_of
        self.workers = workers if open_mailbox is not None else 0
        self.open_mailbox = open_mailbox
        self.should_stop = should_stop
        self.pool: ProcessPoolExecutor | None = None
        self._frozen = False  # what this process held when it forked its workers is out of its collections

    def __enter__(self) -> Intake:
        if self.workers > 0:
            global _worker
            _worker = _WorkerState(self.classifier, self.thresholds, self.open_mailbox, self.language_of)
            contacts.load_suffix_list()  # once, shared by the workers and this process
            release_free_heap()  # the workers start with this process's pages: fewer of them
            # the workers' collector leaves the inherited objects (and their pages) alone; so does this process's
            # while the pass runs (the model, the modules: a full collection over them took ~0.13 s), they are
            # handed back to it when the pass ends (__exit__)
            gc.freeze()
            self._frozen = True
            try:
                self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork"),
                                                initializer=_init_worker)
                # with fork, the first submit starts every worker: do it now, while single-threaded
                for f in [self.pool.submit(os.getpid) for _ in range(self.workers)]:
                    f.result(timeout=30)
                log.info("%d worker processes fetch, parse and classify; this one records", self.workers)
            except Exception as exc:  # noqa: BLE001 - no workers is slower, never wrong
                log.warning("could not start %d worker processes (%s): working in this process",
                            self.workers, exc)
                self._shutdown()
            finally:
                _worker = None
            if self.pool is None:
                self._thaw()
        return self

    def __exit__(self, *exc: object) -> None:
        self._shutdown()
        self._thaw()

    def _thaw(self) -> None:
        """This process collects as before (the workers keep theirs frozen)."""
        if self._frozen:
            gc.unfreeze()
            self._frozen = False

    def _shutdown(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def batches(self, mb: MailClient, folder: str, uids: Sequence[int], *, limit: int, size: int,
                text_parts: int = 0) -> Batches:
        """(fetched batch, its analysis) in UID order.  Messages expunged meanwhile are left out.  In
        worker mode the batches' ``raw`` bytes are dropped (they stayed in the worker)."""
        if self.pool is None:
            yield from self._here(mb, uids, limit, size, text_parts)
            return
        step = max(1, -(-min(size, len(uids)) // self.workers))
        slices = deque(uids[i:i + step] for i in range(0, len(uids), step))
        # in UID order: (its UIDs, its result, whether this process analysed it)
        pending: deque[tuple[Sequence[int], Future, bool]] = deque()
        ending = False  # the workers were told to exit
        while slices or pending:
            try:
                # each worker keeps AHEAD slices of its own in flight, whatever this process holds, also while
                # its analysed slices wait to be recorded (at most HELD of them beyond those: memory)
                while (slices and sum(not here and not f.done() for _, f, here in pending) < AHEAD * self.workers
                       and sum(not here for *_, here in pending) < (AHEAD + HELD) * self.workers
                       and not self.should_stop()):
                    future = self.pool.submit(_fetch_and_analyze, folder, list(slices[0]), limit, text_parts)
                    pending.append((slices.popleft(), future, False))
                if not pending:
                    return
                # the workers are behind (few of them: one on 2 CPUs): rather than wait, this process takes
                # the next slice itself, kept in order behind those in flight (at most AHEAD_HERE of them)
                behind = (not pending[0][1].done() and bool(slices)
                          and sum(here for *_, here in pending) < AHEAD_HERE and not self.should_stop())
                if not behind:
                    result = pending[0][1].result()
                    pending.popleft()
                    if not slices and not ending and all(here for *_, here in pending):
                        # the workers' last slice is in: they exit while this process records the rest,
                        # not after it (the end of the pass waits for them in __exit__)
                        self.pool.shutdown(wait=False)
                        ending = True
            except Exception as exc:  # noqa: BLE001 - a worker's trouble is never worse than no workers
                # A dead worker (BrokenProcessPool, raised by submit() or result()), or one whose IMAP
                # connection failed - e.g. a server that allows few connections per user.  The main
                # connection carries on; if the server itself is gone, it fails there, as without workers.
                why = "a worker process died" if isinstance(exc, BrokenProcessPool) else "a worker failed"
                log.warning("%s (%s): the rest of this pass runs in this process", why, exc)
                self._shutdown()
                rest = [*(u for p, *_ in pending for u in p), *(u for part in slices for u in part)]
                yield from self._here(mb, rest, limit, size, text_parts)
                return
            if behind:  # on the main connection: its errors are raised here, as without workers
                pending.append((slices[0], _done(self._analyze_here(mb, slices[0], limit, text_parts)), True))
                slices.popleft()
                continue
            yield result

    def _analyze_here(self, mb: MailClient, uids: Sequence[int], limit: int, text_parts: int
                      ) -> tuple[list[Fetched], Analyzed]:
        """One slice fetched and analysed in this process, as a worker returns it (without the raw bytes)."""
        return _analyzed_slice(mb, uids, limit, text_parts, self.classifier, self.thresholds, self.language_of)

    def _here(self, mb: MailClient, uids: Sequence[int], limit: int, size: int, text_parts: int
              ) -> Batches:
        batches = self._prefetch(mb, uids, limit, size, text_parts)
        try:
            for batch in batches:
                yield batch, analyze([m.raw for m in batch], self.classifier, self.thresholds, self.language_of)
        finally:
            batches.close()  # the fetch thread is done with ``mb`` before anything else uses it

    def _prefetch(self, mb: MailClient, uids: Sequence[int], limit: int, size: int, text_parts: int
                  ) -> Generator[list[Fetched], None, None]:
        """``mb.fetch(uids)`` batches; when there are several, a thread fetches the next batches
        (at most PREFETCH_BATCHES ahead) while the caller parses, classifies and records this one.

        Only the thread touches ``mb`` until this generator is finished or closed (it then waits for
        the thread, which stops at the next batch boundary); fetch errors are re-raised here.
        """
        if len(uids) <= size:
            yield from mb.fetch(uids, batch=size, limit=limit, text_parts=text_parts)
            return
        q: queue.Queue[Any] = queue.Queue(maxsize=PREFETCH_BATCHES)
        cancel = threading.Event()
        end = object()

        def put(item: Any) -> bool:
            while not cancel.is_set():
                try:
                    q.put(item, timeout=0.2)
                    return True
                except queue.Full:
                    continue
            return False

        def produce() -> None:
            try:
                for batch in mb.fetch(uids, batch=size, limit=limit, text_parts=text_parts):
                    if cancel.is_set() or self.should_stop() or not put(batch):
                        return
                put(end)
            except BaseException as exc:  # noqa: BLE001 - handed to the consumer, re-raised there
                put(exc)

        thread = threading.Thread(target=produce, name="onward-fetch", daemon=True)
        thread.start()
        try:
            while True:
                try:
                    item = q.get(timeout=0.2)
                except queue.Empty:
                    if not thread.is_alive() and q.empty():
                        return  # stopped (should_stop) before the end
                    continue
                if item is end:
                    return
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            cancel.set()
            while thread.is_alive():
                try:
                    q.get(timeout=0.1)
                except queue.Empty:
                    pass
            thread.join()


def _done(result: Any) -> Future:
    """A future that already has ``result``."""
    future: Future = Future()
    future.set_result(result)
    return future


# -------------------------------------------------------------------------------------------- workers
@dataclasses.dataclass
class _WorkerState:
    classifier: Classifier
    thresholds: Thresholds
    open_mailbox: Callable[[], MailClient] | None
    language_of: LanguageOf | None = None
    mailbox: MailClient | None = None
    folder: str | None = None


_worker: _WorkerState | None = None  # set in the parent just before the fork; the workers' own copy


def _init_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent()


def _fetch_and_analyze(folder: str, uids: list[int], limit: int, text_parts: int
                       ) -> tuple[list[Fetched], Analyzed]:
    w = _worker
    if w is None or w.open_mailbox is None:  # pragma: no cover - only if started outside Intake
        raise RuntimeError("worker has no model or mailbox")
    if w.mailbox is None:
        w.mailbox = w.open_mailbox()
        w.mailbox.connect()
    if w.folder != folder:
        w.mailbox.examine(folder)
        w.folder = folder
    return _analyzed_slice(w.mailbox, uids, limit, text_parts, w.classifier, w.thresholds, w.language_of)


def _analyzed_slice(mb: MailClient, uids: Sequence[int], limit: int, text_parts: int, classifier: Classifier,
                    thresholds: Thresholds, language_of: LanguageOf | None) -> tuple[list[Fetched], Analyzed]:
    """One slice fetched in one command and analysed; the raw bytes are dropped (not sent between processes)."""
    fetched = [m for batch in mb.fetch(uids, batch=len(uids), limit=limit, text_parts=text_parts) for m in batch]
    analyzed = analyze([m.raw for m in fetched], classifier, thresholds, language_of)
    return [dataclasses.replace(m, raw=b"") for m in fetched], analyzed
