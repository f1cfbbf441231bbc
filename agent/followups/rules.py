"""The follow-up rules, pure: when one is created, when it is cancelled, whom it is addressed to.

* **Create**: a recorded rejection schedules exactly one follow-up per application, due on a weekday
  morning inside ``[followup.min_days, followup.max_days]`` (:mod:`agent.followups.schedule`); a
  rejection already older than ``max_days`` when Onward first sees it gets none.
* **Address**: the rejection's Reply-To/From when it is a person (the contact the record stage found),
  else the last human who wrote in the application's thread, never one of the user's own addresses;
  with nobody, the follow-up is ``needs_recipient``.
* **Cancel** an *open* follow-up (scheduled or needs_recipient, no draft saved yet) when the company
  writes again in the thread after the rejection, when Sent holds a message the user wrote after
  the rejection in that thread or to that contact, or when the user corrects the rejection.

The record stage (:mod:`agent.record.outcomes`) and drafting (:mod:`agent.followups.drafting`) apply
these decisions to the store and the mailbox; when a follow-up is due, and whom to, is planned by
:mod:`agent.followups.plan` with the recipient rule of :func:`agent.record.contacts.recipient_rule`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from agent.mail.types import ParsedEmail
from agent.record.followup_rows import (
    OPEN_STATUSES,
    Followup,
    FollowupKind,
    FollowupStatus,
    Stage,
    UserAction,
    is_open,
)
from agent.record.rules import parent_keys

__all__ = ["OPEN_STATUSES", "Followup", "FollowupKind", "FollowupStatus", "Stage", "UserAction", "is_open"]


# Why a follow-up was cancelled (``followups --json`` ``reason``).
REASON_USER_CORRECTED = "the user corrected the rejection"
REASON_REPLIED_IN_THREAD = "you already replied in the thread after the rejection"
REASON_WROTE_TO_CONTACT = "you already wrote to the contact after the rejection"
REASON_SKIPPED = "skipped by you"
REASON_REJECTION_TAKES_OVER = "the application was rejected: the rejection's thank-you takes over"
REASON_REJECTED = "the application was rejected"
REASON_COMPANY_EMAIL = "the company wrote ({message_id})"
REASON_INTERVIEW_MOVED = "the interview was moved to {start}"
NEEDS_RECIPIENT_FIX = "add one with: onward followups set {id} --to ADDRESS"
NEEDS_RECIPIENT_DRAFTED = "the draft is in Drafts without a recipient: add one there before sending"


def company_wrote_reason(message_id: str) -> str:
    return f"the company wrote again in the thread ({message_id})"


def sent_copy(sent_mail: Iterable[ParsedEmail], *, drafted_at: datetime, thread: set[str],
              recipient: str, draft_id: str = "") -> ParsedEmail | None:
    """The copy in Sent of a drafted follow-up the user sent from the mail client: the message with the
    draft's Message-ID (``draft_id``), else the first message in Sent written after the draft was saved,
    in its thread, to its recipient - to anyone when the draft was saved without one (``recipient`` "":
    the user added one) (None: not sent yet). Its Message-ID may be the draft's or a new one (mail
    clients differ): it is found by what it is."""
    sent_mail = list(sent_mail)
    same = [m for m in sent_mail if draft_id and m.message_id == draft_id and m.date is not None]
    if same:
        return same[0]

    def to_recipient(m: ParsedEmail) -> bool:
        to = {a.email.lower() for a in (*m.to, *m.cc)}
        return recipient.lower() in to if recipient else bool(to)
    found = [m for m in sent_mail if m.date is not None and m.date >= drafted_at
             and set(parent_keys(m)) & thread and to_recipient(m)]
    return min(found, key=lambda m: (m.date, m.message_id), default=None)


def claim_order(drafted: Sequence[Followup], sent_ids: set[str]) -> list[Followup]:
    """The order in which drafted follow-ups claim their copies in Sent (one copy is one follow-up
    sent): those whose draft's own Message-ID is there first, then the most recently saved draft first
    (the user sends what they were just offered)."""
    newest_first = sorted(drafted, key=lambda f: (f.drafted_at or f.created_at, f.id), reverse=True)
    return sorted(newest_first, key=lambda f: f.draft_message_id not in sent_ids)  # (a stable sort)


def sent_by_user(sent_mail: Iterable[ParsedEmail], *, drafted_at: datetime, thread: set[str],
                 recipient: str) -> datetime | None:
    """When the user sent a drafted follow-up (the date of its :func:`sent_copy`; None: not sent yet)."""
    copy = sent_copy(sent_mail, drafted_at=drafted_at, thread=thread, recipient=recipient)
    return copy.date if copy is not None else None


def user_already_wrote(sent_mail: Iterable[ParsedEmail], *, own_mail_ids: set[str], rejected_at: datetime,
                       thread: set[str], contacts: set[str]) -> tuple[str, str] | None:
    """Why a follow-up is moot given the user's Sent mail, and the Message-ID that makes it so (None: it
    is not). A message written after the moment the follow-up answers, in its thread or to its contacts,
    counts - except Onward's own follow-ups the user sent (``own_mail_ids``: their drafts' Message-IDs
    and those of the copies found in Sent; a sent interview thank-you does not make the later check-in
    moot, nor a sent first check-in the second)."""
    for mail in sent_mail:
        if mail.message_id in own_mail_ids or (mail.date is not None and mail.date <= rejected_at):
            continue
        if set(parent_keys(mail)) & thread:
            return REASON_REPLIED_IN_THREAD, mail.message_id
        if {a.email.lower() for a in (*mail.to, *mail.cc)} & contacts:
            return REASON_WROTE_TO_CONTACT, mail.message_id
    return None


def first_name(name: str) -> str:
    """How the note greets a person: "Jane" for "Jane Smith" and for "Smith, Jane"."""
    name = name.strip().strip('"')
    if "," in name:  # "Doe, Jane" (and "Doe, Jane, PhD": not "Jane,")
        name = name.split(",")[1].strip()
    return name.split()[0] if name.split() else name
