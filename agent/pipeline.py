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

from agent.accounts import state as gmail
from agent.config import ImapSettings, Settings, resolve_password
from agent.followups.drafting import Drafter
from agent.insights.weekly import save_digest
from agent.intake import Analyzed, Intake, worker_count
from agent.mail.client import MailClient
from agent.mail.imap import Fetched, FolderStatus, Mailbox
from agent.mail.parse import parse_headers, parse_message
from agent.mail.signin import TokenSource
from agent.mail.types import MessageParseError
from agent.model.classifier import Classifier
from agent.record.batch import BatchRecorder, Place
from agent.record.outcomes import Recorder
from agent.record.rules import email_date
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
    """What both pass runners need: the account's password (or token source), mailbox connections and
    watermarks."""

    settings: Settings
    imap: ImapSettings
    store: Store
    account: str  # the account's name in the config (``default`` for ``[imap]``): what its rows carry
    _password: str | TokenSource | None

    def password(self) -> str | TokenSource:
        if self._password is None:
            if self.imap.uses_oauth:
                from agent.accounts.tokens import provider_for
                self._password = provider_for(self.settings)
            else:
                self._password = resolve_password(self.imap)
        return self._password

    _client: Callable[[], MailClient] | None = None

    def open_mailbox(self) -> MailClient:
        """A new connection to the account (not yet connected), or the test's in-memory mailbox."""
        if self._client is not None:
            return self._client()
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
                 stop: StopFlag | None = None, password: str | TokenSource | None = None,
                 client: Callable[[], MailClient] | None = None,
                 on_progress: Callable[[int, int], None] | None = None) -> None:
        self.settings = settings
        self.imap = settings.require_imap()
        self.store = store
        self.classifier = classifier
        self.stop = stop if stop is not None else StopFlag()  # not `or`: an unset StopFlag is falsy
        self._password = password
        self._client = client
        self.on_progress = on_progress
        self.account = settings.account
        self._gmail: dict[int, int] = {}  # uid -> X-GM-MSGID of the folder being polled (Gmail)
        self.recorder = Recorder.for_settings(store, settings, model_threshold=classifier.threshold)
        self.batches = BatchRecorder(store, self.recorder, stop=lambda: bool(self.stop))
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
                self.drafter.time_rules(now, report)  # check-ins due, applications gone silent (issue 11)
            if not self.stop:
                self.drafter.check_sent(mb, now, report)
            if draft and not self.stop:
                self.drafter.draft_due(mb, now, report)
            if draft and not self.stop:
                save_digest(self.settings, self.store, mb, now)  # the weekly digest (issue 12)
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
        self.batches.plain_log_level = logging.DEBUG  # years of newsletters: one line each only with -v
        with self.open_mailbox() as mb:
            for folder in folders:
                if self.stop:
                    break
                mb.examine(folder)
                uids = mb.uids_since(since) if since else mb.all_uids()
                self.poll_folder(mb, folder, now, report, uids, move_watermark=False)
        report.interrupted = bool(self.stop)
        return report

    def new_uids(self, mb: MailClient, folder: str, now: datetime) -> tuple[FolderStatus, list[int]]:
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

    def unknown_by_message_id(self, mb: MailClient, folder: str, uids: Sequence[int]) -> list[int]:
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

    def poll_folder(self, mb: MailClient, folder: str, now: datetime, report: PassReport,
                    uids: Sequence[int] | None = None, *, move_watermark: bool = True) -> None:
        """Process ``uids`` (default: the new ones) of ``folder`` in batches, one transaction each."""
        if uids is None:
            status, uids = self.new_uids(mb, folder, now)
        else:
            status = mb.examine(folder)
        uidvalidity = status.uidvalidity
        uids = self.not_yet_recorded(folder, uidvalidity, uids)
        uids = self.skip_gmail_duplicates(mb, folder, uidvalidity, uids, now, report)
        upto = watermark_after(uids, status.uidnext)
        total, done = len(uids), 0
        if not uids and move_watermark:
            self._touch_state(folder, uidvalidity, mb, now)
        limit = min(self.imap.max_fetch_bytes, FIRST_FETCH_BYTES)
        text_parts = min(self.imap.max_fetch_bytes, TEXT_PART_BYTES)
        if self.on_progress and total:
            self.on_progress(0, total)
        # the account's connection limit: the daemon's IDLE connection and this pass's hold two of them
        workers = min(worker_count(self.settings.classifier.workers, total), max(0, self.imap.max_connections - 2))
        # entered before any thread of the pass starts: worker processes are forked (see agent.intake)
        with Intake(self.classifier, self.recorder.thresholds, workers, self.open_mailbox,
                    should_stop=lambda: bool(self.stop)) as intake:
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

    def _touch_state(self, folder: str, uidvalidity: int, mb: MailClient, now: datetime) -> None:
        with self.store.transaction() as conn:
            state = self.store.folder_state(conn, self.account, folder)
            if state is None or state.uidvalidity != uidvalidity:
                status = mb.examine(folder)
                last = (status.uidnext - 1) if status.uidnext else max(mb.all_uids() or [0])
                self.store.set_folder_state(conn, self.account, folder, uidvalidity, last, now)

    def process_batch(self, folder: str, uidvalidity: int, batch: Sequence[Fetched], analyzed: Analyzed,
                      now: datetime, report: PassReport, move_watermark: bool = True,
                      upto: Callable[[int], int] | None = None) -> int:
        """Record one fetched, parsed and classified batch (see agent.intake) in a single transaction,
        with the folder's new high-water UID."""
        faults.point("after_analyze")
        with self.store.transaction() as conn:
            state = self.store.folder_state(conn, self.account, folder)
            high = state.last_uid if state and state.uidvalidity == uidvalidity else 0
            done, batch_high = self.batches.record(conn, Place(self.account, folder, uidvalidity), batch, analyzed,
                                                   now, report)
            if self._gmail:
                gmail.remember_gmail_ids(self.store, conn, self.account, folder, uidvalidity,
                                         {i.uid: self._gmail[i.uid] for i in batch if i.uid in self._gmail})
            if done and move_watermark:
                high = max(high, upto(batch_high) if upto else batch_high)
                self.store.set_folder_state(conn, self.account, folder, uidvalidity, high, now)
        faults.point("after_commit")
        return done

    def skip_gmail_duplicates(self, mb: MailClient, folder: str, uidvalidity: int, uids: list[int],
                              now: datetime, report: PassReport) -> list[int]:
        """Gmail (``X-GM-EXT-1``): a message already recorded under another label (folder) gets a
        ``duplicate`` row instead of being fetched and recorded again (see agent/accounts/state.py)."""
        self._gmail = {}
        fetch_ids = getattr(mb, "gmail_ids", None)
        if not uids or fetch_ids is None or not mb.has_capability("X-GM-EXT-1"):
            return uids
        self._gmail = fetch_ids(uids)
        with self.store.transaction() as conn:
            known = gmail.known_gmail_ids(self.store, conn, self.account, self._gmail.values())
            dups = {uid: known[gm] for uid, gm in self._gmail.items() if gm in known}
            rows = [dict(account=self.account, folder=folder, uidvalidity=uidvalidity, uid=uid,
                         message_id=gmail.original_message_id(conn, self.account, where) or f"<gm-{self._gmail[uid]}@gmail>",
                         status="duplicate", error=f"recorded from {where[0]}", processed_at=iso(now))
                    for uid, where in dups.items()]
            self.store.insert_messages(conn, rows)
        report.skipped += len(dups)
        if dups:
            log.info("%s: %d message(s) already recorded under another Gmail label", folder, len(dups))
        return [u for u in uids if u not in dups]

    # -- training folders ------------------------------------------------------------------------------

    def harvest_training_folders(self, mb: MailClient, now: datetime, report: PassReport) -> None:
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

