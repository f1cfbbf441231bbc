"""Training folders: emails the user filed into ``imap.training_folders`` become labelled examples
(and, when they are on record, corrections), one transaction per fetched batch."""

from __future__ import annotations

import logging
from datetime import datetime

from agent.config import ImapSettings
from agent.mail.client import MailClient
from agent.mail.parse import parse_message
from agent.mail.types import MessageParseError
from agent.record.outcomes import Recorder
from agent.record.rules import email_date
from agent.record.store import FolderCursor, Store
from agent.report import PassReport

log = logging.getLogger(__name__)


def harvest_training_folders(mb: MailClient, store: Store, recorder: Recorder, imap: ImapSettings,
                         account: str, now: datetime, report: PassReport) -> None:
    """Emails the user filed into ``imap.training_folders`` become labelled examples."""
    names = set(mb.folder_names())
    for label, folder in imap.training_folders.items():
        if folder not in names:
            log.debug("training folder %r does not exist (yet)", folder)
            continue
        cursor = FolderCursor(account, f"training:{folder}")
        status = mb.examine(folder)
        with store.transaction() as conn:
            last = cursor.resume_after(conn, status.uidvalidity)
        uids = mb.uids_after(last)
        for batch in mb.fetch(uids):
            with store.transaction() as conn:
                for item in batch:
                    try:
                        email = parse_message(item.raw)
                    except MessageParseError:
                        continue
                    recorder.relabel(conn, email, label, email_date(email, item.internaldate, now),
                                          now, source=f"folder:{folder}")
                    report.examples += 1
                cursor.advance(conn, status.uidvalidity, max(i.uid for i in batch), now)

