"""One pass, as a pipeline: folders → new UIDs → batches (fetch, parse, classify) → record → drafts.

For each watched folder, find the new UIDs (EXAMINE, read-only) → fetch them in batches (BODY.PEEK)
→ parse → classify the batch (:mod:`agent.intake`) → record every message of the batch, and the
folder's new high-water UID, in ONE transaction (:mod:`agent.record.outcomes`). Then harvest training
folders, look in Sent for replies the user already wrote, and save due follow-up drafts
(:mod:`agent.followups.drafting`).

Why this is crash-safe: the database only ever says "processed up to UID n" in the same
transaction that records messages ≤ n, so a crash anywhere loses at most an uncommitted batch,
which the next pass redoes; every write is keyed (UID, Message-ID, application), so redoing it
changes nothing. A draft APPENDed just before a crash is found in Drafts by Message-ID on the
next pass, so it is never saved twice. The loop that runs passes is :mod:`agent.loop`.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.exc import OperationalError

from agent.config import ImapSettings, Settings, resolve_password
from agent.followups.drafting import Drafter
from agent.intake import Analyzed, Intake, worker_count
from agent.mail.imap import Fetched, FolderStatus, Mailbox
from agent.mail.parse import parse_headers, parse_message
from agent.mail.types import MessageParseError, ParsedEmail
from agent.model.classifier import Classifier
from agent.record.outcomes import (
    BODY_KEEP_CHARS,
    JOB_LABELS,
    Facts,
    Recorder,
    Verdict,
    decide_disposition,
    email_date,
    facts_json,
)
from agent.record.store import Store, StoreError, iso, parse_iso
from agent.report import PassReport, StopFlag
from agent.testing import faults

log = logging.getLogger(__name__)


# Classification needs the headers and the main text part.  Messages up to FIRST_FETCH_BYTES (nearly all
# mail without attachments) are read whole in one command, a larger one partially - its text comes first
# in nearly all mail - and, when no text part starts in those bytes, as its header and its text part
# (at most TEXT_PART_BYTES of it, found with BODYSTRUCTURE; see Mailbox.fetch).  So a 5 MB attachment
# costs neither transfer nor parsing, wherever it sits (imap.max_fetch_bytes caps both when smaller).
FIRST_FETCH_BYTES = 65_536
TEXT_PART_BYTES = 262_144


def watermark_after(uids: Sequence[int], uidnext: int | None) -> Callable[[int], int]:
    """The folder's high-water mark once ``uid`` (one of ``uids``, this pass's UIDs) is recorded.

    Every UID below the next one of ``uids`` is recorded or deliberately left out (older than the
    look-back, or known by Message-ID after a UIDVALIDITY change), and after the last one, every UID
    below UIDNEXT as EXAMINE reported it.  Not simply the highest UID recorded: after a UIDVALIDITY
    change the new mail may sit below the old mail's new UIDs, and the next pass would then record
    all the old mail again (issue 15.10).
    """
    ordered = sorted(uids)
    last = max(ordered[-1] if ordered else 0, (uidnext or 0) - 1)

    def upto(uid: int) -> int:
        i = bisect.bisect_right(ordered, uid)
        return ordered[i] - 1 if i < len(ordered) else last

    return upto


class AccountAccess:
    """What both pass runners need: the account's password, mailbox connections and watermarks."""

    imap: ImapSettings
    store: Store
    account: str
    _password: str | None

    def password(self) -> str:
        if self._password is None:
            self._password = resolve_password(self.imap)
        return self._password

    def open_mailbox(self) -> Mailbox:
        return Mailbox(self.imap, self.password())

    def watermark_uidnext(self, folder: str) -> int | None:
        """1 + the highest UID of ``folder`` on record (None when unknown or on a database error)."""
        try:
            with self.store.transaction() as conn:
                state = self.store.folder_state(conn, self.account, folder)
        except StoreError:
            return None
        return state.last_uid + 1 if state is not None else None


class Agent(AccountAccess):
    """Runs passes. Holds the loaded model and the store; opens a mailbox per pass."""

    def __init__(self, settings: Settings, store: Store, classifier: Classifier, *,
                 stop: StopFlag | None = None, password: str | None = None,
                 on_progress: Callable[[int, int], None] | None = None) -> None:
        self.settings = settings
        self.imap = settings.require_imap()
        self.store = store
        self.classifier = classifier
        self.stop = stop if stop is not None else StopFlag()  # not `or`: an unset StopFlag is falsy
        self._password = password
        self.on_progress = on_progress
        # The daemon logs one line per processed email; backfill logs only job mail (see backfill).
        self.plain_log_level = logging.INFO
        self.account = f"{self.imap.username}@{self.imap.host}"
        self.recorder = Recorder.for_settings(store, settings, model_threshold=classifier.threshold)
        self.drafter = Drafter(settings, store, self.recorder, self.stop)

    # -- the pass -------------------------------------------------------------------------------------

    def run_pass(self, now: datetime | None = None, *, draft: bool = True) -> PassReport:
        now = now or datetime.now(UTC)
        report = PassReport()
        with self.open_mailbox() as mb:
            for folder in self.imap.folders:
                if self.stop:
                    break
                self.poll_folder(mb, folder, now, report)
            if not self.stop:
                self.harvest_training_folders(mb, now, report)
            if not self.stop:
                self.drafter.check_sent(mb, now, report)
            if draft and not self.stop:
                self.drafter.draft_due(mb, now, report)
        report.interrupted = bool(self.stop)
        return report

    def backfill(self, folders: Sequence[str], since: Any = None, now: datetime | None = None) -> PassReport:
        """Scan existing mail (all of it, or since a date) to build the application history.

        Streams batch by batch (memory stays flat), records per UID so an interrupted backfill
        resumes where it stopped, and leaves the daemon's high-water marks alone. Rejections older
        than the follow-up window are recorded without a follow-up (see ``Recorder``).
        """
        now = now or datetime.now(UTC)
        report = PassReport()
        self.plain_log_level = logging.DEBUG  # years of newsletters: one line each only with -v
        with self.open_mailbox() as mb:
            for folder in folders:
                if self.stop:
                    break
                mb.examine(folder)
                uids = mb.uids_since(since) if since else mb.all_uids()
                self.poll_folder(mb, folder, now, report, uids, move_watermark=False)
        report.interrupted = bool(self.stop)
        return report

    def new_uids(self, mb: Mailbox, folder: str, now: datetime) -> tuple[FolderStatus, list[int]]:
        """The folder's status (EXAMINE) and the UIDs this pass must look at in ``folder``."""
        status = mb.examine(folder)
        with self.store.transaction() as conn:
            state = self.store.folder_state(conn, self.account, folder)
        lookback = (now - timedelta(days=self.imap.initial_lookback_days)).date()
        if state is None:
            return status, mb.uids_since(lookback)
        if state.uidvalidity != status.uidvalidity:
            log.warning("%s: UIDVALIDITY changed (%d → %d): re-matching known messages by Message-ID",
                        folder, state.uidvalidity, status.uidvalidity)
            candidates = mb.uids_since(min(lookback, parse_iso(state.updated_at).date()))
            return status, self.unknown_by_message_id(mb, folder, candidates)
        return status, mb.uids_after(state.last_uid)

    def unknown_by_message_id(self, mb: Mailbox, folder: str, uids: Sequence[int]) -> list[int]:
        headers = mb.fetch_headers(uids, ["Message-ID"])
        ids: dict[int, str] = {}
        for uid, raw in headers.items():
            try:
                ids[uid] = parse_headers(raw).message_id if raw.strip() else ""
            except MessageParseError:
                ids[uid] = ""
        with self.store.transaction() as conn:
            known = self.store.known_message_ids(conn, self.account, folder, [m for m in ids.values() if m])
        return sorted(uid for uid in uids if not ids.get(uid) or ids[uid] not in known)

    def poll_folder(self, mb: Mailbox, folder: str, now: datetime, report: PassReport,
                    uids: Sequence[int] | None = None, *, move_watermark: bool = True) -> None:
        """Process ``uids`` (default: the new ones) of ``folder`` in batches, one transaction each."""
        if uids is None:
            status, uids = self.new_uids(mb, folder, now)
        else:
            status = mb.examine(folder)
        uidvalidity = status.uidvalidity
        uids = self.not_yet_recorded(folder, uidvalidity, uids)
        upto = watermark_after(uids, status.uidnext)
        total, done = len(uids), 0
        if not uids and move_watermark:
            self._touch_state(folder, uidvalidity, mb, now)
        limit = min(self.imap.max_fetch_bytes, FIRST_FETCH_BYTES)
        text_parts = min(self.imap.max_fetch_bytes, TEXT_PART_BYTES)
        if self.on_progress and total:
            self.on_progress(0, total)
        workers = worker_count(self.settings.classifier.workers, total)
        # entered before any thread of the pass starts: worker processes are forked (see agent.intake)
        with Intake(self.classifier, self.recorder.rejection_threshold, workers, self.open_mailbox,
                    should_stop=lambda: bool(self.stop), wants_facts=self._will_record) as intake:
            batches = intake.batches(mb, folder, uids, limit=limit, text_parts=text_parts,
                                     size=self.imap.fetch_batch)
            try:
                for batch, analyzed in batches:
                    faults.point("after_fetch")
                    if self.stop:
                        break
                    done += self.process_batch(folder, uidvalidity, batch, analyzed, now, report, move_watermark,
                                               upto)
                    if self.on_progress:
                        self.on_progress(done, total)
            finally:
                batches.close()  # the fetch thread is done with ``mb`` before anything else uses it

    def not_yet_recorded(self, folder: str, uidvalidity: int, uids: Sequence[int]) -> list[int]:
        with self.store.transaction() as conn:
            seen = self.store.recorded_uids(conn, self.account, folder, uidvalidity, uids)
        return [u for u in uids if u not in seen]

    def _touch_state(self, folder: str, uidvalidity: int, mb: Mailbox, now: datetime) -> None:
        with self.store.transaction() as conn:
            state = self.store.folder_state(conn, self.account, folder)
            if state is None or state.uidvalidity != uidvalidity:
                status = mb.examine(folder)
                last = (status.uidnext - 1) if status.uidnext else max(mb.all_uids() or [0])
                self.store.set_folder_state(conn, self.account, folder, uidvalidity, last, now)

    def process_batch(self, folder: str, uidvalidity: int, batch: Sequence[Fetched], analyzed: Analyzed,
                      now: datetime, report: PassReport, move_watermark: bool = True,
                      upto: Callable[[int], int] | None = None) -> int:
        """Record one fetched, parsed and classified batch (see agent.intake) in a single transaction."""
        faults.point("after_parse")
        good = [p for p, _, _ in analyzed if isinstance(p, ParsedEmail)]
        faults.point("after_classify")
        done = 0
        with self.store.transaction() as conn:
            state = self.store.folder_state(conn, self.account, folder)
            high = state.last_uid if state and state.uidvalidity == uidvalidity else 0
            known = self.store.recorded_uids(conn, self.account, folder, uidvalidity, [i.uid for i in batch])
            threads = self.store.known_thread_ids(
                conn, [k for e in good for k in (e.in_reply_to, *e.references) if k])
            rows: list[dict[str, Any]] = []  # plain (not job) mail, inserted together
            for item, (p, pred, facts) in zip(batch, analyzed, strict=True):
                if self.stop:
                    break
                report.fetched += 1
                if item.uid in known:
                    pass  # recorded by an earlier (interrupted) run: nothing to redo
                elif isinstance(p, ParsedEmail) and (row := self._plain_row(folder, uidvalidity, item, p, pred,
                                                                            now, threads)) is not None:
                    rows.append(row)
                    report.classified += 1
                else:
                    self._insert_rows(conn, rows)
                    if isinstance(p, ParsedEmail):
                        self._record_one(conn, folder, uidvalidity, item, p, pred, now, report, facts)
                        threads.update(k for k in (p.message_id, p.in_reply_to, *p.references) if k)
                    else:
                        self._record_failure(conn, folder, uidvalidity, item, p, now, report)
                high = max(high, upto(item.uid) if upto else item.uid)
                done += 1
                faults.point("mid_batch")
            self._insert_rows(conn, rows)
            if done and move_watermark:
                self.store.set_folder_state(conn, self.account, folder, uidvalidity, high, now)
        faults.point("after_commit")
        return done

    def _plain_row(self, folder: str, uidvalidity: int, item: Fetched, email: ParsedEmail, pred: Any,
                   now: datetime, threads: set[str]) -> dict[str, Any] | None:
        """The messages row of an email that changes no record (not a job email, not for review,
        not in the thread of a known application), or None when it needs the full record stage.

        This is the hot path of a first pass (~90 % of mail): no savepoint and no per-message query;
        the rows are inserted together (executemany).
        """
        if self._will_record(pred):
            return None
        if not self.recorder.is_from_user(email) and any(k in threads for k in (email.in_reply_to, *email.references) if k):
            return None  # may cancel a follow-up (the company wrote again): the full path decides
        received = email_date(email, item.internaldate, now)
        confidence = float(pred.confidence)
        log.log(self.plain_log_level, "%s uid=%d label=%s confidence=%.2f company=-", folder, item.uid,
                pred.label, confidence)
        return dict(account=self.account, folder=folder, uidvalidity=uidvalidity, uid=item.uid,
                    message_id=email.message_id, status="classified", label=pred.label,
                    confidence=round(confidence, 4), error="; ".join(email.defects[:5]) or None,
                    subject=email.subject[:500], from_addr=email.from_.email if email.from_ else None,
                    received_at=iso(received), processed_at=iso(now), application_id=None,
                    facts_json=None, body=None)

    def _will_record(self, pred: Any) -> bool:
        """Whether a prediction puts its email on record (an event or the review list) - the emails
        the record stage needs :class:`Facts` for."""
        r = self.recorder
        return decide_disposition(Verdict.of(pred), r.rejection_threshold, r.min_confidence) != "ignore"

    def _insert_rows(self, conn: Any, rows: list[dict[str, Any]]) -> None:
        self.store.insert_messages(conn, rows)
        rows.clear()

    def _record_one(self, conn: Any, folder: str, uidvalidity: int, item: Fetched, email: ParsedEmail,
                    pred: Any, now: datetime, report: PassReport, facts: Facts | None = None) -> None:
        received = email_date(email, item.internaldate, now)
        verdict = Verdict.of(pred)
        try:
            with conn.begin_nested():
                had_followup = self.recorder.followups_scheduled
                disposition, app_id = self.recorder.record(conn, email, verdict, received, now, facts)
                status = {"event": "classified", "ignore": "classified", "review": "review"}[disposition]
                keep = disposition == "review" or verdict.label in JOB_LABELS
                self.store.record_message(
                    conn, account=self.account, folder=folder, uidvalidity=uidvalidity, uid=item.uid,
                    message_id=email.message_id, status=status, label=verdict.label,
                    confidence=round(verdict.confidence, 4), error="; ".join(email.defects[:5]) or None,
                    subject=email.subject[:500], from_addr=email.from_.email if email.from_ else None,
                    received_at=iso(received), processed_at=iso(now), application_id=app_id,
                    facts_json=(facts.json if facts else facts_json(email)) if keep else None,
                    body=email.text[:BODY_KEEP_CHARS] if keep else None)
                report.followups_scheduled += self.recorder.followups_scheduled - had_followup
        except (StoreError, OperationalError):
            raise  # the database (locked, full, I/O), not this message: the pass stops, nothing is marked failed
        except Exception as exc:  # noqa: BLE001 - one bad message never stops a pass
            log.exception("uid=%d in %s could not be recorded", item.uid, folder)
            self._record_failure(conn, folder, uidvalidity, item, f"{type(exc).__name__}: {exc}", now, report)
            return
        report.classified += 1
        report.events += disposition == "event" and app_id is not None
        report.review += disposition == "review"
        company = self._company(conn, app_id)
        log.info("%s uid=%d label=%s confidence=%.2f company=%s%s", folder, item.uid, verdict.label,
                 verdict.confidence, company or "-", "" if disposition != "review" else " (review)")

    def _company(self, conn: Any, app_id: int | None) -> str | None:
        if app_id is None:
            return None
        row = self.store.application(conn, app_id)
        return row.company if row else None

    def _record_failure(self, conn: Any, folder: str, uidvalidity: int, item: Fetched, reason: str,
                        now: datetime, report: PassReport) -> None:
        self.store.record_message(
            conn, account=self.account, folder=folder, uidvalidity=uidvalidity, uid=item.uid,
            message_id=f"<uid-{item.uid}.{uidvalidity}@unparseable.onward.invalid>", status="failed",
            error=reason[:500], processed_at=iso(now))
        report.failed += 1
        log.warning("%s uid=%d skipped: %s", folder, item.uid, reason[:200])

    # -- training folders ------------------------------------------------------------------------------

    def harvest_training_folders(self, mb: Mailbox, now: datetime, report: PassReport) -> None:
        """Emails the user filed into ``imap.training_folders`` become labelled examples."""
        names = set(mb.folder_names())
        for label, folder in self.imap.training_folders.items():
            if folder not in names:
                log.debug("training folder %r does not exist (yet)", folder)
                continue
            key = f"training:{folder}"
            status = mb.examine(folder)
            with self.store.transaction() as conn:
                state = self.store.folder_state(conn, self.account, key)
            last = state.last_uid if state and state.uidvalidity == status.uidvalidity else 0
            uids = mb.uids_after(last)
            for batch in mb.fetch(uids):
                with self.store.transaction() as conn:
                    for item in batch:
                        try:
                            email = parse_message(item.raw)
                        except MessageParseError:
                            continue
                        self.recorder.relabel(conn, email, label, email_date(email, item.internaldate, now),
                                              now, source=f"folder:{folder}")
                        report.examples += 1
                    self.store.set_folder_state(conn, self.account, key, status.uidvalidity,
                                                max(i.uid for i in batch), now)

    # -- Sent: did the user already write? ---------------------------------------------------------------

