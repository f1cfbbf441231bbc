"""New mail: which UIDs of a folder a pass must read, and where the folder's watermark goes (the
watermark itself is kept by :class:`agent.record.store.folders.FolderCursor`, its one owner).

* First run: the last ``imap.initial_lookback_days`` days. Afterwards: UIDs above the watermark.
* UIDVALIDITY changed: the recent messages are re-matched by Message-ID, so known mail is not
  recorded again; the watermark then covers UIDNEXT-1 (:func:`watermark_after`).
* UIDs an interrupted run already recorded are skipped.
* Gmail (``X-GM-EXT-1``): a message already recorded under another label gets a ``duplicate`` row
  instead of being fetched and recorded again.
* The spam folder and the trash, unless watched: only the emails of the account's applications are read - those
  that answer in the thread of one, or whose sender is known to one (:meth:`NewMail.of_known_applications`); a
  company's no caught by the spam filter must not leave a check-in asking it for news.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta

from agent.config import ImapSettings
from agent.mail.client import MailClient
from agent.mail.imap import Fetched, FolderStatus
from agent.mail.parse import parse_headers
from agent.mail.types import MessageParseError, ParsedEmail
from agent.record import contacts
from agent.record.rules import parent_keys
from agent.record.store import Connection, FolderCursor, Store, iso, parse_iso
from agent.record.store import applications as app_store
from agent.record.store import accounts as gmail
from agent.record.store.database import Value
from agent.record.store.messages import message_id_at
from agent.report import PassReport

log = logging.getLogger(__name__)

# what the spam folder and the trash are screened by: the thread an email answers, and who sent it
SCREENING_FIELDS = ("Message-ID", "In-Reply-To", "References", "From")


def watermark_after(uids: Sequence[int], uidnext: int | None) -> Callable[[int], int]:
    """The folder's high-water mark once ``uid`` (one of ``uids``, this pass's UIDs) is recorded.

    Every UID below the next one of ``uids`` is recorded or deliberately left out (older than the
    look-back, or known by Message-ID after a UIDVALIDITY change), and after the last one, every UID
    below UIDNEXT as EXAMINE reported it.  Not simply the highest UID recorded: after a UIDVALIDITY
    change the new mail may sit below the old mail's new UIDs, and the next pass would then record
    all the old mail again.
    """
    ordered = sorted(uids)
    last = max(ordered[-1] if ordered else 0, (uidnext or 0) - 1)

    def upto(uid: int) -> int:
        i = bisect.bisect_right(ordered, uid)
        return ordered[i] - 1 if i < len(ordered) else last

    return upto


class NewMail:
    """The new-mail decisions of one account's passes (its folder states live in the store)."""

    def __init__(self, store: Store, account: str, imap: ImapSettings) -> None:
        self.store = store
        self.account = account
        self.imap = imap
        self._gmail: dict[int, int] = {}  # uid -> X-GM-MSGID of the folder being polled (Gmail)

    def cursor(self, folder: str) -> FolderCursor:
        """Where ``folder``'s passes resume."""
        return FolderCursor(self.account, folder)

    def uids(self, mb: MailClient, folder: str, now: datetime) -> tuple[FolderStatus, list[int]]:
        """The folder's status (EXAMINE) and the UIDs this pass must look at in ``folder``."""
        status = mb.examine(folder)
        with self.store.transaction() as conn:
            state = self.cursor(folder).load(conn)
        lookback = (now - timedelta(days=self.imap.initial_lookback_days)).date()
        if state is None:
            return status, mb.uids_since(lookback)
        if state.uidvalidity != status.uidvalidity:
            log.warning("%s: UIDVALIDITY changed (%d → %d): re-matching known messages by Message-ID",
                        folder, state.uidvalidity, status.uidvalidity)
            candidates = mb.uids_since(min(lookback, parse_iso(state.updated_at).date()))
            return status, self._unknown_by_message_id(mb, folder, candidates)
        return status, mb.uids_after(state.last_uid)

    def _unknown_by_message_id(self, mb: MailClient, folder: str, uids: Sequence[int]) -> list[int]:
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

    def of_known_applications(self, mb: MailClient, uids: Sequence[int],
                              user_addresses: Iterable[str] = ()) -> list[int]:
        """Those of ``uids`` (in the folder ``mb`` has open) whose email is mail of one of this account's
        applications, told from four header fields: it answers in the thread of one, or its sender is known to one
        (:func:`agent.record.contacts.known_sender`; ``user_addresses``: the user's own, never the company's). The
        rest of the folder (job scams, deleted newsletters) is never read."""
        headers: dict[int, ParsedEmail] = {}
        for uid, raw in (mb.fetch_headers(uids, SCREENING_FIELDS) if uids else {}).items():
            try:
                headers[uid] = parse_headers(raw)
            except MessageParseError:
                continue  # no headers to tell by: not read
        threads = {uid: parent_keys(email) for uid, email in headers.items()}
        with self.store.transaction() as conn:
            owners = app_store.thread_owners(conn, {k for keys in threads.values() for k in keys})
            replies = {uid for uid, keys in threads.items()
                       if any(k in owners and owners[k][1] == self.account for k in keys)}
            others = [uid for uid in headers if uid not in replies]
            known = contacts.known_senders(app_store.senders_of(conn, self.account), user_addresses) \
                if others else contacts.KnownSenders()
        return sorted(replies | {uid for uid in others if contacts.known_sender(headers[uid].from_, known)})

    def passed_over(self, folder: str, uidvalidity: int, upto: int, now: datetime) -> None:
        """Every UID of ``folder`` up to ``upto`` is done with, also the ones not read (spam)."""
        with self.store.transaction() as conn:
            self.cursor(folder).advance(conn, uidvalidity, upto, now)

    def not_yet_recorded(self, folder: str, uidvalidity: int, uids: Sequence[int]) -> list[int]:
        with self.store.transaction() as conn:
            seen = self.store.recorded_uids(conn, self.account, folder, uidvalidity, uids)
        return [u for u in uids if u not in seen]

    def touch(self, folder: str, uidvalidity: int, mb: MailClient, now: datetime) -> None:
        """Nothing new to read: a folder seen for the first time, or under a new UIDVALIDITY, resumes
        after everything it holds now."""
        cursor = self.cursor(folder)
        with self.store.transaction() as conn:
            state = cursor.load(conn)
            if state is None or state.uidvalidity != uidvalidity:
                status = mb.examine(folder)
                last = (status.uidnext - 1) if status.uidnext else max(mb.all_uids() or [0])
                cursor.reset(conn, uidvalidity, last, now)

    def remember_gmail_ids(self, conn: Connection, folder: str, uidvalidity: int, batch: Sequence[Fetched]) -> None:
        if self._gmail:
            gmail.remember_gmail_ids(conn, self.account, folder, uidvalidity,
                                     {i.uid: self._gmail[i.uid] for i in batch if i.uid in self._gmail})

    def skip_gmail_duplicates(self, mb: MailClient, folder: str, uidvalidity: int, uids: list[int],
                              now: datetime, report: PassReport) -> list[int]:
        """Gmail (``X-GM-EXT-1``): a message already recorded under another label (folder) gets a
        ``duplicate`` row instead of being fetched and recorded again (see agent/record/store/accounts.py)."""
        self._gmail = {}
        fetch_ids = getattr(mb, "gmail_ids", None)
        if not uids or fetch_ids is None or not mb.has_capability("X-GM-EXT-1"):
            return uids
        self._gmail = fetch_ids(uids)
        with self.store.transaction() as conn:
            known = gmail.known_gmail_ids(conn, self.account, self._gmail.values())
            dups = {uid: known[gm] for uid, gm in self._gmail.items() if gm in known}
            rows: list[dict[str, Value]] = [dict(account=self.account, folder=folder, uidvalidity=uidvalidity, uid=uid,
                         message_id=message_id_at(conn, self.account, where) or f"<gm-{self._gmail[uid]}@gmail>",
                         status="duplicate", error=f"recorded from {where[0]}", processed_at=iso(now))
                    for uid, where in dups.items()]
            self.store.insert_messages(conn, rows)
        report.skipped += len(dups)
        if dups:
            log.info("%s: %d message(s) already recorded under another Gmail label", folder, len(dups))
        return [u for u in uids if u not in dups]
