"""A pass's intake and record, without drafts: folders' UIDs → batches (fetch, parse, classify) → record
facts → reconcile follow-ups. :class:`Scan` is what ``onward backfill`` runs; :class:`agent.pipeline.Agent`
adds the rest of a pass on top of it (Sent, drafts, the digest), and its module docstring says why both
are crash-safe. Kept apart so that a backfill does not load the drafting code (the follow-up notes, their
grammar, the digest): about 80 ms of imports on its serial start.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from agent import crashpoints
from agent.accounts.access import AccountAccess
from agent.config import Settings
from agent.followups import language
from agent.followups.reconcile import Reconciler
from agent.intake import Analyzed, Intake, worker_count
from agent.mail.client import MailClient
from agent.mail.imap import SCREENED_FOLDERS, Fetched
from agent.mail.signin import TokenSource
from agent.mail.types import ParsedEmail
from agent.model.classifier import Classifier
from agent.newmail import NewMail, watermark_after
from agent.record import contacts
from agent.record.applications import strip_quoted
from agent.record.batch import BatchRecorder, Place
from agent.record.outcomes import Recorder
from agent.record.store import Store
from agent.record.store import applications as app_store
from agent.record.store import followups as fu_store
from agent.report import PassReport, StopFlag

log = logging.getLogger(__name__)


# Classification needs the headers and the main text part.  Messages up to FIRST_FETCH_BYTES (nearly all
# mail without attachments) are read whole in one command, a larger one partially - its text comes first
# in nearly all mail - and, when no text part starts in those bytes, as its header and its text part
# (at most TEXT_PART_BYTES of it, found with BODYSTRUCTURE; see Mailbox.fetch).  So a 5 MB attachment
# costs neither transfer nor parsing, wherever it sits (imap.max_fetch_bytes caps both when smaller).
FIRST_FETCH_BYTES = 65_536
TEXT_PART_BYTES = 262_144


class Scan(AccountAccess):
    """Scans folders into the record. Holds the loaded model and the store; opens a mailbox per scan."""

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
        self.newmail = NewMail(store, self.account, self.imap)
        self.recorder = Recorder.for_settings(store, settings, model_threshold=classifier.threshold,
                                              language_of=email_language(settings))
        self.batches = BatchRecorder(store, self.recorder, stop=lambda: bool(self.stop))
        self.reconciler = Reconciler(store, settings.followup)
        self._suffix_list: threading.Thread | None = None  # parsing the Public Suffix List (see backfill)

    def cancelled_ids(self) -> frozenset[int]:
        with self.store.transaction() as conn:
            return fu_store.cancelled_ids(conn, self.account)

    def reconcile_followups(self, now: datetime, report: PassReport) -> None:
        """The follow-ups become what the recorded facts call for (:mod:`agent.followups.reconcile`)."""
        with self.store.transaction() as conn:
            mine = app_store.application_ids_of_pass(conn, self.account, self.settings.account_names)
            counts = self.reconciler.run(conn, now, mine)
        report.followups_scheduled += counts.created
        report.cancelled += counts.cancelled
        if counts.created or counts.cancelled or counts.ghosted:
            log.info("follow-ups: %d planned, %d cancelled, %d updated; %d application(s) without response",
                     counts.created, counts.cancelled, counts.updated, counts.ghosted)

    def backfill(self, folders: Sequence[str], since: Any = None, now: datetime | None = None) -> PassReport:
        """Scan existing mail (all of it, or since a date) to build the application history.

        Streams batch by batch (memory stays flat), records per UID so an interrupted backfill
        resumes where it stopped, and leaves the daemon's high-water marks alone. Rejections older
        than the follow-up window are recorded without a follow-up (see :mod:`agent.followups.plan`).
        """
        now = now or datetime.now(UTC)
        report = PassReport()
        self.batches.plain_log_level = logging.DEBUG  # years of newsletters: one line each only with -v
        # the Public Suffix List (~35 ms to parse; linking a job email needs it) is parsed while this thread waits
        # on the IMAP login and the UID search, not after them: start-up cost
        self._suffix_list = threading.Thread(target=contacts.load_suffix_list, name="onward-suffix-list", daemon=True)
        self._suffix_list.start()
        try:
            with self.open_mailbox() as mb:
                for folder in folders:
                    if self.stop:
                        break
                    mb.examine(folder)
                    uids = mb.uids_since(since) if since else mb.all_uids()
                    self.poll_folder(mb, folder, now, report, uids, move_watermark=False)
        finally:
            self._suffix_list.join()
        if not self.stop:
            self.reconcile_followups(now, report)  # the history found may call for follow-ups at once
        report.interrupted = bool(self.stop)
        return report

    def poll_folder(self, mb: MailClient, folder: str, now: datetime, report: PassReport,
                    uids: Sequence[int] | None = None, *, move_watermark: bool = True) -> None:
        """Process ``uids`` (default: the new ones) of ``folder`` in batches, one transaction each."""
        status, uids = self.newmail.uids(mb, folder, now) if uids is None else (mb.examine(folder), uids)
        uidvalidity = status.uidvalidity
        uids = self.newmail.not_yet_recorded(folder, uidvalidity, uids)
        uids = self.newmail.skip_gmail_duplicates(mb, folder, uidvalidity, uids, now, report)
        upto = watermark_after(uids, status.uidnext)
        total, done = len(uids), 0
        if not uids and move_watermark:
            self.newmail.touch(folder, uidvalidity, mb, now)
        limit = min(self.imap.max_fetch_bytes, FIRST_FETCH_BYTES)
        text_parts = min(self.imap.max_fetch_bytes, TEXT_PART_BYTES)
        if self.on_progress and total:
            self.on_progress(0, total)
        # the account's connection limit: the daemon's IDLE connection and this pass's hold two of them
        workers = min(worker_count(self.settings.classifier.workers, total), max(0, self.imap.max_connections - 2))
        if workers and self._suffix_list is not None:
            self._suffix_list.join()  # ended before the workers are forked (and parsed once for all of them)
        # entered before any thread of the pass starts: worker processes are forked (see agent.intake)
        with Intake(self.classifier, self.recorder.thresholds, workers, self.open_mailbox,
                    should_stop=lambda: bool(self.stop), language_of=self.recorder.language_of) as intake:
            batches = intake.batches(mb, folder, uids, limit=limit, text_parts=text_parts,
                                     size=self.imap.fetch_batch)
            try:
                for batch, analyzed in batches:
                    crashpoints.point("after_fetch")
                    if self.stop:
                        break
                    done += self.process_batch(folder, uidvalidity, batch, analyzed, now, report, move_watermark,
                                               upto)
                    if self.on_progress:
                        self.on_progress(done, total)
            finally:
                batches.close()  # the fetch thread is done with ``mb`` before anything else uses it

    def poll_screened(self, mb: MailClient, now: datetime, report: PassReport) -> None:
        """The spam folder (``\\Junk``: Gmail's ``[Gmail]/Spam``) and the trash (``\\Trash``), unless watched: their new
        emails of the account's applications - answering in the thread of one, or from a sender known to one
        (:meth:`agent.newmail.NewMail.of_known_applications`) - are recorded as from any watched folder: a company's
        no the spam filter caught, or the user threw away before a pass saw it. The others are never read (of them
        only four header fields: Message-ID, In-Reply-To, References, From)."""
        for kind in SCREENED_FOLDERS:
            folder = mb.find_special(kind)
            if folder is None or folder in self.imap.folders or self.stop:
                continue
            status, uids = self.newmail.uids(mb, folder, now)
            uids = self.newmail.not_yet_recorded(folder, status.uidvalidity, uids)
            chosen = self.newmail.of_known_applications(mb, uids, self.recorder.user_addresses)
            if chosen:
                self.poll_folder(mb, folder, now, report, chosen)
            if not self.stop:  # every chosen email recorded: the cursor passes the rest
                self.newmail.passed_over(folder, status.uidvalidity, max(uids, default=(status.uidnext or 1) - 1), now)

    def process_batch(self, folder: str, uidvalidity: int, batch: Sequence[Fetched], analyzed: Analyzed,
                      now: datetime, report: PassReport, move_watermark: bool = True,
                      upto: Callable[[int], int] | None = None) -> int:
        """Record one fetched, parsed and classified batch (see agent.intake) in a single transaction,
        with the folder's new high-water UID."""
        crashpoints.point("after_analyze")
        with self.store.transaction() as conn:
            done, batch_high = self.batches.record(conn, Place(self.account, folder, uidvalidity), batch, analyzed,
                                                   now, report)
            self.newmail.remember_gmail_ids(conn, folder, uidvalidity, batch)
            if done and move_watermark:  # in the batch's transaction: it moves when the batch is committed
                self.newmail.cursor(folder).advance(conn, uidvalidity, upto(batch_high) if upto else batch_high, now)
        crashpoints.point("after_commit")
        return done


def email_language(settings: Settings) -> Callable[[ParsedEmail], str]:
    """The language of a company's email (:func:`agent.followups.language.detect`; a follow-up answering
    it is written in it), for the record stage, which keeps it as a fact of the application."""
    default = settings.followup.language

    def detect(email: ParsedEmail) -> str:
        return language.detect(f"{email.subject}\n{strip_quoted(email.text or '')}", default)
    return detect
