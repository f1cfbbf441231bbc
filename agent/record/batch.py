"""Recording one analysed batch: a ``messages`` row for every email looked at (so nothing is
processed twice), and the record stage (:class:`~agent.record.outcomes.Recorder`) for the emails it
puts on record as facts (a company's reply in a known thread keeps its application on the row).

Plain mail (about 90 % of a first pass: not a job email, not for review, not in the thread of a known
application) takes the hot path: no savepoint, no per-message query, the rows inserted together.
Everything else goes through the Recorder. A batch is first recorded in one savepoint, its job emails
without one each (two statements saved per job email); if recording one of them raises, that attempt is
rolled back - its log lines were held, its counts are restored - and the batch is recorded again with a
savepoint per job email, so one bad message is recorded as failed and skipped while the database's own
errors (locked, full) stop the pass, exactly as when every job email had its savepoint.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime

from agent import crashpoints
from agent.mail.imap import Fetched
from agent.mail.types import ParsedEmail
from agent.record.analysis import Analysis
from agent.record.batch_view import BatchView
from agent.record.facts import facts_json
from agent.record.outcomes import Recorder, link_keys
from agent.record.rules import (
    BODY_KEEP_CHARS,
    DISPOSITION_STATUS,
    JOB_LABELS,
    Disposition,
    MessageStatus,
    Verdict,
    email_date,
    parent_keys,
    thread_keys,
)
from agent.record.store import Connection, Store, StoreError, iso
from agent.record.store import applications as app_store
from agent.record.store import events as ev_store
from agent.record.store.database import Value
from agent.report import PassReport

log = logging.getLogger(__name__)


class _RecordAgain(Exception):
    """A job email of a batch recorded without savepoints raised: the batch is recorded again, each with one."""


@dataclass(frozen=True)
class Place:
    """Where a batch comes from: account, folder and the folder's UIDVALIDITY."""

    account: str
    folder: str
    uidvalidity: int


def _because(a: Analysis) -> str:
    """` because (0.97): "<sentence>"` - the sentence that decided a rejection, for its log line."""
    pred = a.prediction
    text = getattr(pred, "sentence", "") if pred is not None else ""
    if not text:
        return ""
    short = text if len(text) <= 160 else text[:157] + "..."
    return f' because ({getattr(pred, "sentence_score", 0.0):.2f}): "{short}"'


class BatchRecorder:
    def __init__(self, store: Store, recorder: Recorder, *, stop: Callable[[], bool],
                 plain_log_level: int = logging.INFO) -> None:
        self.store = store
        self.recorder = recorder
        self.stop = stop
        self.plain_log_level = plain_log_level  # the daemon logs every email; a backfill only job mail
        self._held: list[tuple[int, str, tuple[object, ...]]] | None = None  # log lines of an attempt

    def record(self, conn: Connection, where: Place, batch: Sequence[Fetched], analyzed: Sequence[Analysis],
               now: datetime, report: PassReport) -> tuple[int, int]:
        """Record ``batch`` in the caller's transaction; returns (messages done, highest UID done)."""
        known = self.store.recorded_uids(conn, where.account, where.folder, where.uidvalidity,
                                         [i.uid for i in batch])
        before = copy.deepcopy(report)
        held: list[tuple[int, str, tuple[object, ...]]] = []
        self._held = held
        try:
            with self.store.savepoint(conn):  # the batch's; its job emails get none (see the module docstring)
                result = self._record(conn, where, batch, analyzed, now, report, known)
        except _RecordAgain:
            vars(report).update(vars(before))  # the attempt's counts are undone with its savepoint
        else:
            for level, msg, args in held:
                log.log(level, msg, *args)
            return result
        finally:
            self._held = None
        return self._record(conn, where, batch, analyzed, now, report, known)

    def _log(self, level: int, msg: str, *args: object) -> None:
        """Log now, or hold the line until the attempt that wrote it is kept."""
        if self._held is None:
            log.log(level, msg, *args)
        else:
            self._held.append((level, msg, args))

    def _record(self, conn: Connection, where: Place, batch: Sequence[Fetched], analyzed: Sequence[Analysis],
                now: datetime, report: PassReport, known: set[int]) -> tuple[int, int]:
        good = [a.email for a in analyzed if isinstance(a.email, ParsedEmail)]
        self.recorder.view = view = self._view(conn, good, analyzed)
        threads = set(view.owners)  # Message-IDs in a known application's thread
        rows: list[dict[str, Value]] = []  # the messages rows, inserted together (in UID order)
        try:
            done, high = self._record_all(conn, where, batch, analyzed, now, report, known, threads, rows)
        finally:
            self.recorder.view = None
        self.store.add_thread_ids(conn, view.added)
        self._flush(conn, rows)
        return done, high

    def _view(self, conn: Connection, good: Sequence[ParsedEmail], analyzed: Sequence[Analysis]) -> BatchView:
        """What the record stage asks of this batch's emails, read at once: the thread owners of every
        Message-ID they carry, which of them already have an event (only job emails can), and the
        applications linking weighs for its job emails (those of their company keys and sender identities)."""
        ids = {k for e in good for k in thread_keys(e)}
        jobs = [a for a in analyzed if isinstance(a.email, ParsedEmail) and a.disposition == Disposition.EVENT]
        maybe_events = [a.email.message_id for a in jobs if isinstance(a.email, ParsedEmail)]
        looked_up = [link_keys(a.email, a.facts) for a in jobs if isinstance(a.email, ParsedEmail) and a.facts]
        keys = frozenset(key for key, _ in looked_up if key)
        senders = frozenset(sender for _, sender in looked_up if sender)
        # the candidates' rows are locked with their states read (they are read to be changed)
        states = app_store.application_states(conn, app_store.batch_candidates(conn, keys, senders,
                                                                               self.recorder.account)) \
            if keys or senders else {}
        return BatchView(asked=frozenset(ids), owners=app_store.thread_owners(conn, ids),
                         events_asked=frozenset(maybe_events),
                         with_event=ev_store.with_events(conn, maybe_events, self.recorder.account)
                         if maybe_events else set(),
                         held=set(states), link_keys=keys, link_senders=senders,
                         linkable={i: app_store.linkable(s) for i, s in states.items()}, states=states)

    def _record_all(self, conn: Connection, where: Place, batch: Sequence[Fetched], analyzed: Sequence[Analysis],
                    now: datetime, report: PassReport, known: set[int], threads: set[str],
                    rows: list[dict[str, Value]]) -> tuple[int, int]:
        done, high = 0, 0
        for item, a in zip(batch, analyzed, strict=True):
            if self.stop():
                break
            report.fetched += 1
            if item.uid in known:
                report.skipped += 1  # recorded by an earlier (interrupted) run: nothing to redo
            elif isinstance(a.email, ParsedEmail) and (row := self._plain_row(where, item, a, now, threads)):
                rows.append(row)
                report.classified += 1
            elif isinstance(a.email, ParsedEmail):
                rows.append(self._record_one(conn, where, item, a, now, report))
                threads.update(parent_keys(a.email), [a.email.message_id])
            else:
                rows.append(self._record_failure(where, item, a.email, now, report))
            high = max(high, item.uid)
            done += 1
            crashpoints.point("mid_batch")
        return done, high

    def _plain_row(self, where: Place, item: Fetched, a: Analysis, now: datetime,
                   threads: set[str]) -> dict[str, Value] | None:
        """The messages row of an email that changes no record, or None when it needs the record stage
        (a job email, one for review, a reply in the thread of a known application, which may cancel
        a follow-up, or a bounce of the user's email, a fact planning reads). A delivery report that names no
        failed recipient of an email of the user's changes nothing, in a thread or not."""
        email = a.email
        assert isinstance(email, ParsedEmail) and a.verdict is not None
        if a.bounce is not None:
            if a.bounce.failed and a.bounce.original:
                return None  # the user's email bounced: a fact (never news of an application)
        elif a.disposition != Disposition.IGNORE or (a.facts is not None and a.facts.calendar is not None):
            return None  # a job email, one for review, or a calendar update (it may move an interview)
        elif not self.recorder.is_from_user(email) and any(k in threads for k in parent_keys(email)):
            return None
        received = email_date(email, item.internaldate, now)
        self._log(self.plain_log_level, "%s uid=%d label=%s confidence=%.2f company=-", where.folder, item.uid,
                  a.verdict.label, a.verdict.confidence)
        return self._row(where, item, email, a.verdict, MessageStatus.CLASSIFIED, received, now,
                         application_id=None, facts=None, body=None)

    def _row(self, where: Place, item: Fetched, email: ParsedEmail, verdict: Verdict, status: MessageStatus,
             received: datetime, now: datetime, *, application_id: int | None, facts: str | None,
             body: str | None) -> dict[str, Value]:
        return dict(account=where.account, folder=where.folder, uidvalidity=where.uidvalidity, uid=item.uid,
                    message_id=email.message_id, status=status.value, label=verdict.label,
                    confidence=round(verdict.confidence, 4), p_rejection=round(verdict.p_rejection, 4),
                    error="; ".join(email.defects[:5]) or None, subject=email.subject[:500],
                    from_addr=email.from_.email if email.from_ else None, received_at=iso(received),
                    processed_at=iso(now), application_id=application_id, facts_json=facts, body=body)

    def _flush(self, conn: Connection, rows: list[dict[str, Value]]) -> None:
        self.store.insert_messages(conn, rows)
        rows.clear()

    def _record_one(self, conn: Connection, where: Place, item: Fetched, a: Analysis, now: datetime,
                    report: PassReport) -> dict[str, Value]:
        """Put one email through the record stage (in a savepoint of its own when the batch is recorded
        again after one of its emails raised); returns its messages row."""
        email, verdict = a.email, a.verdict
        assert isinstance(email, ParsedEmail) and verdict is not None
        received = email_date(email, item.internaldate, now)
        view = self.recorder.view
        try:
            with nullcontext() if self._held is not None else self.store.savepoint(conn):
                disposition, app_id = self.recorder.record(conn, email, verdict, received, now, a.facts,
                                                           a.disposition, a.language, bounce=a.bounce)
                keep = disposition == Disposition.REVIEW or verdict.label in JOB_LABELS
                # the headers of a company's reply in an application's thread too: whom it allows a follow-up to
                facts = (a.facts.json if a.facts else facts_json(email)) if keep or app_id is not None else None
                row = self._row(where, item, email, verdict, DISPOSITION_STATUS[disposition], received, now,
                                application_id=app_id, facts=facts,
                                body=email.text[:BODY_KEEP_CHARS] if keep else None)
        except Exception as exc:  # noqa: BLE001 - one bad message never stops a pass
            if self._held is not None:  # without its own savepoint: the batch again, each email with one
                raise _RecordAgain from exc
            if isinstance(exc, StoreError):
                raise  # the database (locked, full, I/O), not this message: the pass stops, nothing is marked failed
            if view is not None:
                view.discard()  # what it staged was rolled back with its savepoint
            log.exception("uid=%d in %s could not be recorded", item.uid, where.folder)
            return self._record_failure(where, item, f"{type(exc).__name__}: {exc}", now, report)
        if view is not None:
            view.commit()
        report.classified += 1
        report.events += disposition == Disposition.EVENT and app_id is not None
        report.review += disposition == Disposition.REVIEW
        company = self.recorder.recorded_company if app_id is not None else None
        self._log(logging.INFO, "%s uid=%d label=%s confidence=%.2f company=%s%s%s", where.folder, item.uid,
                  verdict.label, verdict.confidence, company or "-",
                  "" if disposition != Disposition.REVIEW else " (review)",
                  _because(a) if verdict.label == "rejection" else "")
        return row

    def _record_failure(self, where: Place, item: Fetched, reason: str, now: datetime,
                        report: PassReport) -> dict[str, Value]:
        """The messages row of an email that could not be recorded (``status = failed``)."""
        report.failed += 1
        self._log(logging.WARNING, "%s uid=%d skipped: %s", where.folder, item.uid, reason[:200])
        return dict(account=where.account, folder=where.folder, uidvalidity=where.uidvalidity, uid=item.uid,
                    message_id=f"<uid-{item.uid}.{where.uidvalidity}@unparseable.onward.invalid>",
                    status=MessageStatus.FAILED.value, label=None, confidence=None, p_rejection=None,
                    error=reason[:500], subject=None, from_addr=None, received_at=None, processed_at=iso(now),
                    application_id=None, facts_json=None, body=None)
