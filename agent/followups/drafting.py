"""Drafting: look in Sent for replies the user already wrote, compose due follow-ups and save
them in Drafts (idempotent APPEND: the draft's Message-ID is derived from the follow-up id and the
database's install id, and looked up in Drafts first - a draft found there counts as this follow-up's
only when its ``X-Onward-Followup`` header names this database's follow-up).

What follow-ups exist is decided by :mod:`agent.followups.reconcile`; this module only acts on the
mailbox: the Sent check (a fact about the user's own mail, applied to the open follow-ups) and the
APPEND of the due ones."""

from __future__ import annotations

import email.parser
import email.policy
import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import NamedTuple

from agent.config import Settings
from agent.extract.relays import is_board_address
from agent.followups import draft as fu_mod
from agent.followups import facts as note_facts
from agent.followups import rules as fu_rules
from agent.followups import templates
from agent.followups.draft_once import save_once
from agent.followups.rules import Followup, FollowupKind, FollowupStatus
from agent.mail.client import MailClient
from agent.mail.parse import parse_headers, parse_message
from agent.mail.types import Address, MessageParseError, ParsedEmail
from agent.record.followup_rows import UserAction
from agent.record.store import Connection, Store, iso, parse_iso
from agent.record.store import applications as app_store
from agent.record.store import followups as fu_store
from agent.report import PassReport, StopFlag

log = logging.getLogger(__name__)

CLAIM_ATTEMPTS = 3  # compositions of one follow-up a pass tries while the user keeps changing it


def load_template(settings: Settings) -> str:
    """The rejection thank-you's template after interviews, in English (see :mod:`agent.followups.templates`)."""
    return templates.load_at_start(settings.followup)


class Composed(NamedTuple):
    """A checked draft: its Message-ID, bytes, recipient as written (None: needs one), the
    follow-up's ``reason`` when the addressed draft was refused, and the note's text (kept on the row:
    which of two drafts in one thread a copy in Sent is)."""

    message_id: str
    raw: bytes
    to: Address | None
    reason: str | None
    text: str


class Drafter:
    """Saves due follow-ups as drafts, and cancels the ones the user already answered (Sent)."""

    def __init__(self, settings: Settings, store: Store, stop: StopFlag) -> None:
        self.settings = settings
        self.imap = settings.require_imap()
        self.store = store
        self.stop = stop
        with store.transaction() as conn:
            self.install_id = store.install_id(conn)  # made once per database: in every draft's Message-ID
        load_template(settings)  # a broken template directory or file shows at start, not at the first draft

    def _mine(self, conn: Connection, fus: list[Followup]) -> list[Followup]:
        """The follow-ups of this account (the one its rejection arrived in): drafted in its Drafts only."""
        mine = fu_store.followup_ids_of_account(conn, self.settings.account)
        return [f for f in fus if f.id in mine]

    def message_id(self, fu: Followup) -> str:
        return fu_mod.followup_message_id(fu.id, self.draft_domain(), self.install_id)

    def check_sent(self, mb: MailClient, now: datetime, report: PassReport, *, drafts_only: bool = False,
                   sent: SentHeaders | None = None) -> set[int]:
        """Apply what Sent holds: drafts the user sent become ``sent``, open follow-ups the user's own mail
        made moot are cancelled (not with ``drafts_only``: the pass looks for the copies of its drafts
        before it plans, so a draft the user sent is ``sent`` before news of the same pass - a rejection -
        could mark it "do not send"). Returns the applications whose follow-ups were cancelled or sent
        (their plan may change: the next check-in's silence starts at the user's mail, and goes to whom
        the user sent the last one). ``sent``: the pass's reader of Sent, shared by its looks."""
        with self.store.transaction() as conn:
            open_fus = [] if drafts_only else self._mine(conn, self.store.open_followups(conn))
            drafted = self._mine(conn, fu_store.drafted_followups(conn, now))  # sent by the user yet?
        if not open_fus and not drafted:
            return set()
        since = min([parse_iso(f.rejected_at) for f in open_fus] +
                    [parse_iso(f.drafted_at or f.created_at) for f in drafted]) - timedelta(days=1)
        sent = sent or SentHeaders(mb, self.imap.sent_folder)
        sent_mail = sent.since(since.date())
        if not sent_mail:
            return set()
        written = {m.message_id: m.date for m in sent_mail}
        app_of = {f.id: f.application_id for f in drafted}
        ended: set[int] = set()
        texts: dict[str, str] = {}
        for _ask in range(2):  # the second time with the texts of the copies the headers could not place
            with self.store.transaction() as conn:
                matches = copies_in_sent(conn, drafted, sent_mail, texts)
            if not matches.needs_text:
                break
            texts.update(sent.texts(matches.needs_text))
        with self.store.transaction() as conn:
            for fid in mark_sent(conn, drafted, matches.copies):
                log.info("follow-up %d: you sent it", fid)
                ended.add(app_of[fid])  # whom to: a fact of the plan
            for fu in open_fus:
                if fu.restored:
                    continue  # the user asked for it back (and perhaps set it since): their own mail does not
                    # cancel it again
                found = self._user_already_wrote(conn, fu, sent_mail)
                if found:
                    reason, message_id = found
                    at = written.get(message_id)
                    self.store.update_followup(conn, fu.id, status=FollowupStatus.CANCELLED, reason=reason,
                                               ended_by=message_id, ended_at=iso(at) if at else None)
                    report.cancelled += 1
                    ended.add(fu.application_id)
                    log.info("follow-up %d cancelled: %s", fu.id, reason)
        return ended

    def _user_already_wrote(self, conn: Connection, fu: Followup,
                            sent_mail: Iterable[ParsedEmail]) -> tuple[str, str] | None:
        contacts = {e.contact_email.lower() for e in self.store.application_events(conn, fu.application_id)
                    if e.contact_email}
        if fu.to_addr:
            contacts.add(fu.to_addr.lower())
        rows = fu_store.followups_of(conn, fu.application_id)  # read after mark_sent
        # Onward's own mail in the thread: every draft saved, and every copy in Sent the user sent of one; and the
        # user's own thank-you, written before the interview thank-you was due (which it ended): it stands in for it
        own = {m for f in rows for m in (f.draft_message_id, f.sent_message_id) if m}
        own |= {f.ended_by for f in rows if f.kind == FollowupKind.INTERVIEW_THANKS and f.ended_by and f.ended_at
                and not f.draft_message_id and parse_iso(f.ended_at) <= parse_iso(f.due_at)}
        said_sent = [parse_iso(f.sent_at) for f in rows if f.user_action == UserAction.SENT and f.sent_at]
        return fu_rules.user_already_wrote(
            sent_mail, kind=fu.kind, own_mail_ids=own | {self.message_id(fu)},
            rejected_at=parse_iso(fu.rejected_at),
            thread=self.store.thread_message_ids(conn, fu.application_id), contacts=contacts,
            said_sent=max(said_sent, default=None))

    # -- drafts -------------------------------------------------------------------------------------------

    def draft_domain(self) -> str:
        addr = self.settings.followup.from_address or self.imap.username
        return addr.rpartition("@")[2] if "@" in addr else "onward.local"

    def draft_due(self, mb: MailClient, now: datetime, report: PassReport) -> None:
        with self.store.transaction() as conn:
            due = [f for f in self._mine(conn, self.store.open_followups(conn)) if parse_iso(f.due_at) <= now]
            due += self._mine(conn, fu_store.claimed_drafts(conn))  # a pass stopped while saving them
        if not due:
            return
        drafts = mb.ensure_drafts()
        for fu in due:
            if self.stop:
                break
            self.save_draft(mb, drafts, fu, now, report)

    def compose(self, fu: Followup, now: datetime) -> Composed:
        """The draft for a follow-up, checked before APPEND (:func:`agent.followups.draft.checked_draft`).

        A draft whose To would not read back as exactly the recipient (the address ``onward
        followups`` shows) is refused and composed again without a recipient: the follow-up then
        needs one, and its ``reason`` says why. Raises :class:`DraftRefused` if even that draft fails
        the check (nothing is saved).
        """
        with self.store.transaction() as conn:
            app = self.store.application(conn, fu.application_id)
            board_notice = any(e.message_id == fu.in_reply_to and is_board_address(e.from_addr)
                               for e in self.store.application_events(conn, fu.application_id))
        wanted = Address(name=fu.to_name or "", email=fu.to_addr) if fu.to_addr else None
        to = fu_mod.draft_recipient(wanted)
        f = self.settings.followup
        # the greeting keeps the name as the sender wrote it; only the To header needs it reduced
        name = wanted.name if to and wanted and wanted.name else None
        with self.store.transaction() as conn:  # what the note may say (agent/followups/facts.py)
            facts = note_facts.read(conn, self.store, fu, app, f, name, now)
        template = templates.load(f, facts.kind, facts.stage, facts.language)
        # "Re: " the email's subject; a note that answers none, one without a subject, or one answering a job
        # board's notice ("Re: Alex, your application was sent to Acme" to Acme's recruiter) has its own - still
        # threaded under it, so that its copy in Sent is found
        body, own_subject = fu_mod.write_note(
            facts, template, f, answers_email=bool(fu.in_reply_to and (fu.subject or "").strip()) and not board_notice)
        from_addr = f.from_address or (self.imap.username if "@" in self.imap.username else None)
        message_id = self.message_id(fu)

        def build(recipient: Address | None) -> bytes:
            return fu_mod.build_draft(
                to=recipient, from_addr=Address(name=f.your_name, email=from_addr) if from_addr else None,
                original_subject=own_subject or fu.subject or "", in_reply_to=fu.in_reply_to,
                references=fu.references, message_id=message_id, date=now, body=body,
                followup_id=fu_mod.followup_tag(fu.id, self.install_id), own_subject=board_notice)

        raw, to, refused = fu_mod.checked_draft(build, to)
        reason = f"{refused}; saved without a recipient" if refused else None
        if reason:
            log.warning("follow-up %d: %s", fu.id, reason)
        return Composed(message_id, raw, to, reason, body)

    def draft_saved(self, mb: MailClient, drafts: str, fu: Followup, message_id: str) -> bool:
        """Whether this follow-up's draft is already in Drafts: a draft with its Message-ID AND its
        ``X-Onward-Followup`` (a Message-ID alone may be another database's draft)."""
        tag = fu_mod.followup_tag(fu.id, self.install_id)
        found = mb.draft_headers(drafts, message_id, ["Message-ID", "X-Onward-Followup"])
        mine = [h for h in found if _header(h, "X-Onward-Followup") == tag]
        if found and not mine:
            log.warning("follow-up %d: a draft with Message-ID %s in %s is not this follow-up's (its "
                        "X-Onward-Followup differs): saving this one", fu.id, message_id, drafts)
        return bool(mine)

    def save_draft(self, mb: MailClient, drafts: str, fu: Followup, now: datetime, report: PassReport) -> None:
        """Compose ``fu``'s draft, claim the follow-up for it, then save it in Drafts once (:func:`save_once`)
        and record it saved.

        The claim (:meth:`claim`) is what makes the user's word and the draft agree: it writes the draft's
        Message-ID and recipient on the row only if the row is still what the draft was composed from, so a
        ``followups set``/``skip`` committed while the draft was composed wins (the draft is composed again
        from the row as it is now, or not saved at all), and one arriving after the claim is refused ("its
        draft is already in Drafts") - never a draft in Drafts to an address the record does not show."""
        for _ in range(CLAIM_ATTEMPTS):
            composed: Composed | None = None
            refused: str | None = None
            try:
                composed = self.compose(fu, now)
            except fu_mod.DraftRefused as exc:
                log.error("follow-up %d: %s; nothing saved", fu.id, exc)
                refused = str(exc)
            claimed, fresh = self.claim(fu, composed, refused)
            if claimed:
                break
            if fresh is None or not _still_due(fresh, now):
                log.info("follow-up %d changed while its draft was composed (now %s): no draft saved",
                         fu.id, fresh.status if fresh else "withdrawn: the facts no longer call for it")
                return
            log.info("follow-up %d changed while its draft was composed: composing it again", fu.id)
            fu = fresh
        else:
            log.warning("follow-up %d kept changing while its draft was composed: left for the next pass", fu.id)
            return
        if composed is None:
            return
        message_id, raw, to = composed.message_id, composed.raw, composed.to

        def mark_saved() -> None:
            with self.store.transaction() as conn:
                fu_store.mark_draft_saved(conn, fu.id, message_id, now)

        if save_once(mb, drafts, raw, now, already_saved=lambda: self.draft_saved(mb, drafts, fu, message_id),
                     mark_saved=mark_saved):
            report.drafts_saved += 1
            log.info("follow-up %d: draft saved to %s%s", fu.id, drafts, "" if to else " (needs recipient)")
        else:
            log.info("follow-up %d: draft %s already in %s (recovered after an interruption)",
                     fu.id, message_id, drafts)

    def claim(self, fu: Followup, composed: Composed | None, refused: str | None) -> tuple[bool, Followup | None]:
        """In one transaction, with the follow-up's row locked (:func:`fu_store.locked_followup`): if the row
        is still exactly ``fu`` (what the draft was composed from), write the draft's Message-ID, recipient
        and status - ``drafted``, or ``needs_recipient`` for a draft without one - (``composed`` None: the
        draft was refused, the follow-up needs a recipient, ``refused`` says why) and return (True, None);
        else write nothing and return (False, the row as it is now: compose again from it; None when it was
        withdrawn meanwhile - nothing is saved)."""
        with self.store.transaction() as conn:
            fresh = fu_store.locked_followup(conn, fu.id)
            if fresh != fu:
                return False, fresh
            if composed is None:
                self.store.update_followup(conn, fu.id, status=FollowupStatus.NEEDS_RECIPIENT, reason=refused)
                return True, None
            to = composed.to
            extra = {"reason": composed.reason} if composed.reason else {}
            self.store.update_followup(
                conn, fu.id, status=FollowupStatus.DRAFTED if to else FollowupStatus.NEEDS_RECIPIENT,
                draft_message_id=composed.message_id, draft_text=composed.text, to_name=to.name if to else None,
                to_addr=to.email if to else None, **extra)
        return True, None


class SentHeaders:
    """The user's Sent folder as one pass reads it: the headers the follow-up rules need of the mail
    written since a day. A pass looks at Sent more than once (its drafts' copies before it plans, the
    user's own mail after each plan that changed); each look searches the folder again, but fetches
    only the headers of messages no earlier look fetched. The text of a message is fetched only when its
    headers could be the copy of two drafts (:meth:`texts`), once per pass too."""

    # what the rules read of a sent email (agent/followups/rules.py): the Subject tells a forward from an answer
    FIELDS = ("Message-ID", "Date", "To", "Cc", "In-Reply-To", "References", "Subject")
    TEXT_BYTES = 64 * 1024  # of a copy whose text is needed: a note is short, and its text comes first

    def __init__(self, mb: MailClient, folder_hint: str | None) -> None:
        self.mb = mb
        self.folder_hint = folder_hint
        self._folder: str | None = None
        self._looked = False
        self._mail: dict[int, ParsedEmail | None] = {}  # by UID; None: its headers do not parse
        self._texts: dict[str, str] = {}  # by Message-ID

    def since(self, day: date) -> list[ParsedEmail]:
        """The mail in Sent since ``day`` (IMAP SINCE), in UID order; [] without a Sent folder. A Sent folder
        the config names (``imap.sent_folder``) that does not exist is an error (``FolderError``, a config
        error): without it your replies and sent drafts would go unseen."""
        if not self._looked:
            self._looked = True
            self._folder = self.mb.find_special("sent", self.folder_hint)
            if self._folder is None and self.folder_hint:
                self.mb.examine(self.folder_hint)  # the Sent folder the config names is missing: its config error
            if self._folder is None:
                log.debug("no Sent folder found: cannot check for replies already sent")
        if self._folder is None:
            return []
        self.mb.examine(self._folder)
        uids = self.mb.uids_since(day)
        new = [u for u in uids if u not in self._mail]
        if new:
            for uid, raw in self.mb.fetch_headers(new, list(self.FIELDS)).items():
                try:
                    self._mail[uid] = parse_headers(raw)
                except MessageParseError:
                    self._mail[uid] = None
        return [m for u in uids if (m := self._mail.get(u)) is not None]

    def texts(self, message_ids: Sequence[str]) -> dict[str, str]:
        """The text (quoted replies and all, as the parser gives it) of the messages some look found with
        these Message-IDs; "" for one that is gone since, or does not parse."""
        wanted = set(message_ids) - set(self._texts)
        uids = [u for u, m in self._mail.items() if m is not None and m.message_id in wanted]
        if uids and self._folder is not None:
            self.mb.examine(self._folder)
            for batch in self.mb.fetch(uids, limit=self.TEXT_BYTES, text_parts=self.TEXT_BYTES):
                for item in batch:
                    headers = self._mail[item.uid]
                    try:
                        text = parse_message(item.raw).text
                    except MessageParseError:
                        text = ""
                    if headers is not None:
                        self._texts[headers.message_id] = text
        return {mid: self._texts.get(mid, "") for mid in message_ids}


def _still_due(fu: Followup | None, now: datetime) -> bool:
    """Whether ``fu`` (re-read after it changed) still wants its draft saved by this pass."""
    return fu is not None and (fu.is_open and parse_iso(fu.due_at) <= now or
                               bool(fu.draft_message_id) and not fu.drafted_at)


def _header(raw: bytes, name: str) -> str:
    try:
        value = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(raw).get(name)
    except Exception:  # noqa: BLE001 - an unreadable header block names no follow-up
        return ""
    return str(value or "").strip()


def copies_in_sent(conn: Connection, drafted: list[Followup], sent_mail: list[ParsedEmail],
                   texts: Mapping[str, str]) -> fu_rules.CopyMatches:
    """Which drafted follow-ups the user sent, as which copy in Sent (:func:`agent.followups.rules.match_copies`
    over the mail no earlier look found as the copy of another follow-up; ``texts``: the copies' texts known)."""
    claimed = fu_store.sent_copy_ids(conn, [m.message_id for m in sent_mail if m.message_id])
    threads = {fu.id: app_store.thread_message_ids(conn, fu.application_id) | {fu.in_reply_to} for fu in drafted}
    return fu_rules.match_copies(drafted, threads, [m for m in sent_mail if m.message_id not in claimed], texts)


def mark_sent(conn: Connection, drafted: list[Followup], copies: Mapping[int, ParsedEmail]) -> list[int]:
    """Drafted follow-ups the user sent (some cancelled since) become ``sent``, with ``sent_at`` and the
    Message-ID of their copy in Sent (``copies``: follow-up id -> its copy, see :func:`copies_in_sent`); returns
    their ids."""
    done = []
    for fu in drafted:
        copy = copies.get(fu.id)
        if copy is not None and copy.date is not None:
            sent_to = [*copy.to, *copy.cc]
            kept = fu.to_addr and any(a.email.lower() == fu.to_addr.lower() for a in sent_to)
            added = None if kept else next(iter(sent_to), None)  # whom the user added, or sent it to instead
            fu_store.mark_sent(conn, fu.id, copy.date, copy.message_id, added,
                               was_cancelled=fu.status == FollowupStatus.CANCELLED)
            done.append(fu.id)
    return sorted(done)
