"""One pass, as a pipeline: folders → new UIDs → batches (fetch, parse, classify) → record facts →
reconcile follow-ups → Sent check → drafts.

For each watched folder, find the new UIDs (:mod:`agent.newmail`: EXAMINE, read-only) → fetch them
in batches (BODY.PEEK) → parse → classify the batch (:mod:`agent.intake`) → record every message of
the batch as facts, and the folder's new high-water UID, in ONE transaction (:mod:`agent.record.batch`,
:mod:`agent.record.outcomes`). Then harvest training folders (:mod:`agent.record.harvest`), reconcile
the follow-ups with what the facts call for (:mod:`agent.followups.reconcile`: plan, create, cancel,
applications gone silent), look in Sent for replies the user already wrote, save due follow-up drafts
(:mod:`agent.followups.drafting`) and the weekly digest (:mod:`agent.insights.weekly`).

Why this is crash-safe: the database only ever says "processed up to UID n" in the same
transaction that records messages ≤ n, so a crash anywhere loses at most an uncommitted batch,
which the next pass redoes; every write is keyed (UID, Message-ID, application), so redoing it
changes nothing. A draft APPENDed just before a crash is found in Drafts by Message-ID on the
next pass, so it is never saved twice. The loop that runs passes is :mod:`agent.loop`. The folders-to-
record part (what ``onward backfill`` runs alone) is :class:`agent.scan.Scan`; :class:`Agent` adds the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from agent.config import Settings
from agent.followups.drafting import Drafter, SentHeaders
from agent.insights.weekly import save_digest
from agent.mail.client import MailClient
from agent.mail.signin import TokenSource
from agent.model.classifier import Classifier
from agent.record.harvest import harvest_training_folders
from agent.record.store import Store
from agent.report import PassReport, StopFlag
from agent.scan import Scan

log = logging.getLogger(__name__)


# Looks at Sent per pass at most: the user's own mail ends a follow-up, the plan may then call for the
# next one (a check-in's silence starts again at that mail), which a later mail in Sent may end too.
SENT_ROUNDS = 4


class Agent(Scan):
    """Runs passes: a :class:`~agent.scan.Scan` of the watched folders, then Sent, follow-ups and drafts."""

    def __init__(self, settings: Settings, store: Store, classifier: Classifier, *,
                 stop: StopFlag | None = None, password: str | TokenSource | None = None,
                 client: Callable[[], MailClient] | None = None,
                 on_progress: Callable[[int, int], None] | None = None) -> None:
        super().__init__(settings, store, classifier, stop=stop, password=password, client=client,
                         on_progress=on_progress)
        self.drafter = Drafter(settings, store, self.stop)

    # -- the pass -------------------------------------------------------------------------------------

    def run_pass(self, now: datetime | None = None, *, draft: bool = True) -> PassReport:
        now = now or datetime.now(UTC)
        report = PassReport()
        cancelled_before = self.cancelled_ids()
        with self.open_mailbox() as mb:
            for folder in self.imap.folders:
                if self.stop:
                    break
                self.poll_folder(mb, folder, now, report)
            self.poll_screened(mb, now, report)  # a company's mail in Spam or Trash
            if not self.stop:
                harvest_training_folders(mb, self.store, self.recorder, self.imap, self.account, now, report)
            sent = SentHeaders(mb, self.imap.sent_folder)  # each header fetched once in this pass
            if not self.stop:  # the user's sent drafts first: news of this pass must not mark them "do not send"
                self.drafter.check_sent(mb, now, report, drafts_only=True, sent=sent)
            if not self.stop:
                self.reconcile_followups(now, report)
            for _round in range(SENT_ROUNDS):  # bounded: each round ends follow-ups the last one planned
                if self.stop or not self.drafter.check_sent(mb, now, report, sent=sent):
                    break
                self.reconcile_followups(now, report)  # the user's mail ended some: what comes next
            if draft and not self.stop:
                self.drafter.draft_due(mb, now, report)
            if draft and not self.stop:
                save_digest(self.settings, self.store, mb, now)  # the weekly digest
        report.cancelled = len(self.cancelled_ids() - cancelled_before)  # whoever cancelled them
        report.interrupted = bool(self.stop)
        return report

