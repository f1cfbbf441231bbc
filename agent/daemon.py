"""The daemon: one pass as a pipeline, and the loop that runs passes.

A pass: for each watched folder, find the new UIDs (EXAMINE, read-only) → fetch them in batches
(BODY.PEEK) → parse → classify the batch → record every message of the batch, and the folder's new
high-water UID, in ONE transaction. Then harvest training folders, look in Sent for replies the
user already wrote, and save due follow-up drafts (idempotent APPEND: the draft's Message-ID is
derived from the follow-up id and looked up in Drafts first).

Why this is crash-safe: the database only ever says "processed up to UID n" in the same
transaction that records messages ≤ n, so a crash anywhere loses at most an uncommitted batch,
which the next pass redoes; every write is keyed (UID, Message-ID, application), so redoing it
changes nothing. A draft APPENDed just before a crash is found in Drafts by Message-ID on the
next pass, so it is never saved twice.

The loop (``run_forever``): the ``schedule`` library runs a pass every ``daemon.poll_interval``
seconds; between passes a second connection waits in IMAP IDLE on the first watched folder (re-IDLE
every 9 minutes) so new mail is handled within seconds; servers without IDLE are polled. SIGTERM and
SIGINT stop it between messages. ``onward run`` runs each pass in a child process
(``IsolatedPasses``), so the daemon that waits holds neither the model nor scikit-learn. Network and
login errors are retried with capped exponential backoff and jitter; one bad message is recorded as
failed and skipped.
"""

from __future__ import annotations

import fcntl
import logging
import os
import random
import signal
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import platformdirs
import schedule
from sqlalchemy.exc import OperationalError

from agent import shipped
from agent.config import APP_NAME, ImapSettings, Settings, resolve_password
from agent.followups import draft as fu_mod
from agent.intake import Analyzed, Intake, die_with_parent, worker_count
from agent.mail.imap import AuthError, Fetched, Mailbox, MailboxError
from agent.mail.parse import parse_headers, parse_message
from agent.mail.types import Address, MessageParseError, ParsedEmail
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
    followup_references,
)
from agent.record.store import Store, StoreError, iso, lock_path_for, parse_iso
from agent.testing import faults

log = logging.getLogger(__name__)

IDLE_RENEW_SECONDS = 540  # re-IDLE before the 10-minute mark (RFC 2177 asks for < 29 min)
# Classification needs the headers and the main text part.  Messages up to FIRST_FETCH_BYTES (nearly all
# mail without attachments) are read whole in one command, a larger one partially - its text comes first
# in nearly all mail - and, when no text part starts in those bytes, as its header and its text part
# (at most TEXT_PART_BYTES of it, found with BODYSTRUCTURE; see Mailbox.fetch).  So a 5 MB attachment
# costs neither transfer nor parsing, wherever it sits (imap.max_fetch_bytes caps both when smaller).
FIRST_FETCH_BYTES = 65_536
TEXT_PART_BYTES = 262_144
BACKOFF_START, BACKOFF_CAP = 5.0, 900.0
STOP_GRACE_SECONDS = 10  # after SIGTERM, how long a pass may take to reach a safe point


class LockError(RuntimeError):
    """Another Onward daemon already uses this database."""


@dataclass
class PassReport:
    fetched: int = 0
    classified: int = 0
    events: int = 0
    review: int = 0
    failed: int = 0
    skipped: int = 0
    followups_scheduled: int = 0
    drafts_saved: int = 0
    cancelled: int = 0
    examples: int = 0
    interrupted: bool = False
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"fetched {self.fetched}, classified {self.classified}, events {self.events}, "
                f"review {self.review}, failed {self.failed}, drafts {self.drafts_saved}, "
                f"cancelled {self.cancelled}")


class StopFlag:
    """Set by SIGTERM/SIGINT; checked between messages."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self, *_: Any) -> None:
        self._event.set()

    def __bool__(self) -> bool:
        return self._event.is_set()

    def wait(self, seconds: float) -> bool:
        return self._event.wait(seconds)


def load_template(settings: Settings) -> str:
    if settings.followup.template:
        return Path(settings.followup.template).expanduser().read_text(encoding="utf-8")
    return shipped.template_text()


class _AccountAccess:
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


class Agent(_AccountAccess):
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
        self.template = load_template(settings)

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
                self.check_sent(mb, now, report)
            if draft and not self.stop:
                self.draft_due(mb, now, report)
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

    def new_uids(self, mb: Mailbox, folder: str, now: datetime) -> tuple[int, list[int]]:
        """UIDVALIDITY and the UIDs this pass must look at in ``folder``."""
        status = mb.examine(folder)
        with self.store.transaction() as conn:
            state = self.store.folder_state(conn, self.account, folder)
        lookback = (now - timedelta(days=self.imap.initial_lookback_days)).date()
        if state is None:
            return status.uidvalidity, mb.uids_since(lookback)
        if state.uidvalidity != status.uidvalidity:
            log.warning("%s: UIDVALIDITY changed (%d → %d): re-matching known messages by Message-ID",
                        folder, state.uidvalidity, status.uidvalidity)
            candidates = mb.uids_since(min(lookback, parse_iso(state.updated_at).date()))
            return status.uidvalidity, self.unknown_by_message_id(mb, folder, candidates)
        return status.uidvalidity, mb.uids_after(state.last_uid)

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
            uidvalidity, uids = self.new_uids(mb, folder, now)
        else:
            uidvalidity = mb.examine(folder).uidvalidity
        uids = self.not_yet_recorded(folder, uidvalidity, uids)
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
                    done += self.process_batch(folder, uidvalidity, batch, analyzed, now, report, move_watermark)
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
                      now: datetime, report: PassReport, move_watermark: bool = True) -> int:
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
                high = max(high, item.uid)
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

    def check_sent(self, mb: Mailbox, now: datetime, report: PassReport) -> None:
        with self.store.transaction() as conn:
            open_fus = self.store.open_followups(conn)
        if not open_fus:
            return
        sent = mb.find_special("sent", self.imap.sent_folder)
        if sent is None:
            log.debug("no Sent folder found: cannot check for replies already sent")
            return
        since = min(parse_iso(f.rejected_at) for f in open_fus) - timedelta(days=1)
        mb.examine(sent)
        uids = mb.uids_since(since.date())
        if not uids:
            return
        fields = ["Message-ID", "Date", "To", "Cc", "In-Reply-To", "References"]
        sent_mail = []
        for raw in mb.fetch_headers(uids, fields).values():
            try:
                sent_mail.append(parse_headers(raw))
            except MessageParseError:
                continue
        with self.store.transaction() as conn:
            for fu in open_fus:
                reason = self._user_already_wrote(conn, fu, sent_mail)
                if reason:
                    self.store.update_followup(conn, fu.id, status="cancelled", reason=reason)
                    report.cancelled += 1
                    log.info("follow-up %d cancelled: %s", fu.id, reason)

    def _user_already_wrote(self, conn: Any, fu: Any, sent_mail: Iterable[ParsedEmail]) -> str | None:
        rejected_at = parse_iso(fu.rejected_at)
        thread = self.store.thread_message_ids(conn, fu.application_id)
        contacts = {e.contact_email.lower() for e in self.store.application_events(conn, fu.application_id)
                    if e.contact_email}
        if fu.to_addr:
            contacts.add(fu.to_addr.lower())
        own = fu_mod.followup_message_id(fu.id, self.draft_domain())
        for mail in sent_mail:
            if mail.message_id == own or (mail.date is not None and mail.date <= rejected_at):
                continue
            refs = set(mail.references) | ({mail.in_reply_to} if mail.in_reply_to else set())
            if refs & thread:
                return "you already replied in the thread after the rejection"
            if {a.email.lower() for a in (*mail.to, *mail.cc)} & contacts:
                return "you already wrote to the contact after the rejection"
        return None

    # -- drafts -------------------------------------------------------------------------------------------

    def draft_domain(self) -> str:
        addr = self.settings.followup.from_address or self.imap.username
        return addr.rpartition("@")[2] if "@" in addr else "onward.local"

    def draft_due(self, mb: Mailbox, now: datetime, report: PassReport) -> None:
        with self.store.transaction() as conn:
            due = [f for f in self.store.open_followups(conn) if parse_iso(f.due_at) <= now]
        if not due:
            return
        drafts = mb.ensure_drafts()
        for fu in due:
            if self.stop:
                break
            self.save_draft(mb, drafts, fu, now, report)

    def compose(self, fu: Any, now: datetime) -> tuple[str, bytes, Address | None]:
        """The draft for a follow-up: (Message-ID, RFC 5322 bytes, recipient or None)."""
        with self.store.transaction() as conn:
            app = self.store.application(conn, fu.application_id)
            to = Address(name=fu.to_name or "", email=fu.to_addr) if fu.to_addr else \
                self.recorder.recipient(conn, fu.application_id, None)
        if not fu_mod.is_usable_address(to):
            to = None
        f = self.settings.followup
        contact_name = _first_name(to.name) if to and to.name else None
        body = fu_mod.render_body(self.template, company=app.company or "", role=app.role or "",
                                  contact_name=contact_name, your_name=f.your_name, signature=f.signature)
        from_addr = f.from_address or (self.imap.username if "@" in self.imap.username else None)
        message_id = fu_mod.followup_message_id(fu.id, self.draft_domain())
        note = None if to else ("[Onward: no human recipient was found for this follow-up (the rejection "
                                "came from an automated address). Add the recipient before sending.]")
        raw = fu_mod.build_draft(
            to=to, from_addr=Address(name=f.your_name, email=from_addr) if from_addr else None,
            original_subject=fu.subject or "", in_reply_to=fu.in_reply_to,
            references=followup_references(fu), message_id=message_id, date=now, body=body,
            needs_recipient_note=note)
        return message_id, raw, to

    def save_draft(self, mb: Mailbox, drafts: str, fu: Any, now: datetime, report: PassReport) -> None:
        message_id, raw, to = self.compose(fu, now)
        if mb.draft_exists(drafts, message_id):
            log.info("follow-up %d: draft %s already in %s (recovered after an interruption)",
                     fu.id, message_id, drafts)
        else:
            faults.point("before_append")
            mb.append_draft(drafts, raw, now)
            faults.point("after_append")
            report.drafts_saved += 1
            log.info("follow-up %d: draft saved to %s%s", fu.id, drafts, "" if to else " (needs recipient)")
        with self.store.transaction() as conn:
            self.store.update_followup(
                conn, fu.id, status="drafted" if to else "needs_recipient", draft_message_id=message_id,
                drafted_at=iso(now), to_name=to.name if to else None, to_addr=to.email if to else None)
        faults.point("after_draft_commit")


def _first_name(name: str) -> str:
    name = name.strip().strip('"')
    if "," in name:  # "Doe, Jane"
        name = name.split(",", 1)[1].strip()
    return name.split()[0] if name.split() else name


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
        self.path.parent.mkdir(parents=True, exist_ok=True)
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


class IsolatedPasses(_AccountAccess):
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
        self.store = Store.open(settings.storage.database)

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
        store = Store.open(settings.storage.database)
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
