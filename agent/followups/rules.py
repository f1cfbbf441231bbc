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

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import NamedTuple

from agent.followups import likeness
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
from agent.record.rules import is_forward, parent_keys

__all__ = ["OPEN_STATUSES", "Followup", "FollowupKind", "FollowupStatus", "Stage", "UserAction", "is_open"]


# Why a follow-up was cancelled (``followups --json`` ``reason``).
REASON_USER_CORRECTED = "the user corrected the rejection"
# the user's own mail (found in Sent) made it moot: in its thread, or to its contact, after the moment it
# answers
REPLIED_IN_THREAD = "you already replied in the thread after {moment}"
WROTE_TO_CONTACT = "you already wrote to the contact after {moment}"
ANSWERED_MOMENT = {FollowupKind.REJECTION_THANKS: "the rejection",
                   FollowupKind.INTERVIEW_THANKS: "the interview",
                   FollowupKind.CHECK_IN: "the silence it asks about began"}
REASON_REPLIED_IN_THREAD = REPLIED_IN_THREAD.format(moment=ANSWERED_MOMENT[FollowupKind.REJECTION_THANKS])
REASON_WROTE_TO_CONTACT = WROTE_TO_CONTACT.format(moment=ANSWERED_MOMENT[FollowupKind.REJECTION_THANKS])
REASON_SKIPPED = "skipped by you"
# a follow-up skipped after its draft was saved (the user deleted it in the mail client, or will not send it)
REASON_SKIPPED_DRAFT = "skipped by you: its draft, if still in Drafts, is yours to delete (Onward never deletes mail)"
REASON_REJECTION_TAKES_OVER = "the application was rejected: the rejection's thank-you takes over"
REASON_REJECTED = "the application was rejected"
REASON_OFFER = "the application got an offer"
REASON_WITHDRAWN = "you withdrew the application"
REASON_COMPANY_EMAIL = "the company wrote ({message_id})"
REASON_INTERVIEW_MOVED = "the interview was moved to {start}"
REASON_INTERVIEW_CANCELLED = "the interview was cancelled ({message_id})"  # METHOD:CANCEL
REASON_INTERVIEW_SET = "you entered the interview's time (onward interview --at)"
# a check-in held while a rejection naming no application, from a sender of this one, may be its own
# (agent/followups/plan.py:possible_rejection): the reason starts with REASON_HELD_PREFIX
REASON_HELD_PREFIX = "held: "
REASON_HELD = (REASON_HELD_PREFIX + "the rejection {message_id} (application {other}) names no application and "
               "came from a sender of this one, or is flagged a possible duplicate of it: it may be this "
               "application's - if it is, onward merge {app} {other}; if it is not, onward followups restore this "
               "follow-up")
ENDED_BY_INTERVIEW_SET = "interview"  # ``ended_by`` of a check-in whose silence the user's `onward interview` broke
# ``ended_by`` of a follow-up the facts no longer call for, or the user's word on the application ended
ENDED_BY_PLAN = "plan"
NEEDS_RECIPIENT_FIX = "add one with: onward followups set {id} --to ADDRESS"
NEEDS_RECIPIENT_DRAFTED = "the draft is in Drafts without a recipient: add one there before sending"


def held_interview_thanks(rows: Iterable[Followup]) -> set[str]:
    """The slots of the interview thank-yous among ``rows`` whose interview took place, or may still: one per
    interview, but none of an interview the company cancelled (its thank-you cancelled with it, and not
    brought back) - a note says "interviews" only after two held."""
    gone = REASON_INTERVIEW_CANCELLED.partition("{")[0]
    return {r.slot or "" for r in rows if r.kind == FollowupKind.INTERVIEW_THANKS and
            not (r.status == FollowupStatus.CANCELLED and (r.reason or "").startswith(gone))}


def company_wrote_reason(message_id: str) -> str:
    return f"the company wrote again in the thread ({message_id})"


def could_be_copy(mail: ParsedEmail, *, drafted_at: datetime, thread: set[str], recipient: str) -> bool:
    """Whether ``mail`` in Sent may be the copy of a draft saved at ``drafted_at`` in ``thread`` to
    ``recipient`` under a new Message-ID: written after the draft was saved, in its thread, to its
    recipient - to anyone when the draft was saved without one (``recipient`` "": the user added one), but
    then not a forward (:func:`is_forward`): the thread passed on to a friend is not the note, and its
    recipient would become the application's contact."""
    if mail.date is None or mail.date < drafted_at or not set(parent_keys(mail)) & thread:
        return False
    if not recipient and is_forward(mail.subject):
        return False
    to = {a.email.lower() for a in (*mail.to, *mail.cc)}
    return recipient.lower() in to if recipient else bool(to)


class CopyMatches(NamedTuple):
    """What :func:`match_copies` found: follow-up id -> the copy in Sent it was sent as; and the Message-IDs
    of copies whose text would decide between two or more drafts and is not known yet (fetch those, then
    ask again with their texts)."""

    copies: dict[int, ParsedEmail]
    needs_text: list[str]


def match_copies(drafted: Sequence[Followup], threads: Mapping[int, set[str]], sent_mail: Iterable[ParsedEmail],
                 texts: Mapping[str, str]) -> CopyMatches:
    """Which of the ``drafted`` follow-ups (``threads``: id -> its thread's Message-IDs) the user sent, and
    as which message of ``sent_mail`` (one copy is one follow-up sent):

    1. a message with a draft's own Message-ID is that draft's copy;
    2. every other message, earliest first, that :func:`could_be_copy` of the drafts still waiting is the
       copy of that one draft when it could be no other draft's and no other message could be that
       draft's copy (the headers say it all: no text is fetched, one header fetch per pass stays enough).
       Otherwise - two drafts in one thread to one person, or a reply of the user's own in the thread
       beside the copy - its text decides (``texts``: Message-ID -> the message's text) by
       :func:`agent.followups.likeness.which` against the text each draft was saved with: a message
       clearly like none of them is nobody's (Onward does not guess; the drafts wait for the next look),
       drafts with the very same words are one note (the newest is credited). A text not in ``texts`` is
       asked for in ``needs_text``;
    3. a message in a draft's thread, written after it was saved, to someone else (the user changed the
       recipient; not a forward) is that draft's copy when its text is clearly the draft's. Drafts saved before their text was kept (``draft_text`` None) go, as
       then, to the newest draft, with the earliest message.

    A follow-up cancelled after its draft was saved (the user sent it, then withdrew the application or
    skipped it, before a pass looked in Sent) is sent only by strong evidence: a copy under its draft's own
    Message-ID, or a message in its thread whose text is clearly its draft's - never by the headers alone (after
    a cancellation, the user's message in the thread is as likely their own words).

    Asked first without texts, then with the texts it asked for, the answer is complete: whether a message
    needs its text depends on the drafts still waiting, and texts only settle drafts (at most two calls)."""
    mail = sorted((m for m in sent_mail if m.date is not None), key=lambda m: (m.date, m.message_id))
    copies: dict[int, ParsedEmail] = {}
    by_id: dict[str, ParsedEmail] = {}
    for m in reversed(mail):
        by_id[m.message_id] = m  # the earliest of a Message-ID
    for fu in drafted:
        own = by_id.get(fu.draft_message_id or "")
        if own is not None and all(own is not c for c in copies.values()):
            copies[fu.id] = own
    taken = {id(m) for m in copies.values()}
    rest = [m for m in mail if id(m) not in taken]
    # each waiting draft's possible copies (by identity: two messages may share a Message-ID)
    maybe = {fu.id: {id(m) for m in rest if could_be_copy(
        m, drafted_at=datetime.fromisoformat(fu.drafted_at or fu.created_at), thread=threads[fu.id],
        recipient=fu.to_addr or "")}
        for fu in drafted if fu.id not in copies and fu.status != FollowupStatus.CANCELLED}  # (by text only)
    # a message in a draft's thread to someone else may be that draft sent to another person: its text decides
    readdressed = {fu.id: {id(m) for m in rest if id(m) not in maybe.get(fu.id, ()) and could_be_copy(
        m, drafted_at=datetime.fromisoformat(fu.drafted_at or fu.created_at), thread=threads[fu.id],
        recipient="")} for fu in drafted if fu.id not in copies and fu.draft_text}
    needs_text: list[str] = []
    for m in rest:
        contenders = [fu for fu in drafted if fu.id not in copies and id(m) in maybe.get(fu.id, ())]
        by_text = not contenders  # then only its text can make it a draft sent to another person
        if by_text:
            contenders = [fu for fu in drafted if fu.id not in copies and id(m) in readdressed.get(fu.id, ())]
        if not contenders:
            continue
        alone = not by_text and len(contenders) == 1 and len(maybe[contenders[0].id]) == 1  # no other draft, message
        pick: Followup | None
        if alone or any(fu.draft_text is None for fu in contenders):
            pick = _newest(contenders)  # the only one; or saved before their texts were kept
        elif m.message_id not in texts:
            needs_text.append(m.message_id)
            pick = None
        else:
            chosen = likeness.which(texts.get(m.message_id, ""), {fu.id: fu.draft_text or "" for fu in contenders})
            pick = _newest([fu for fu in contenders if fu.id in chosen])
        if pick is not None:
            copies[pick.id] = m
    return CopyMatches(copies, needs_text)


def _newest(drafted: list[Followup]) -> Followup | None:
    return max(drafted, key=lambda f: (f.drafted_at or f.created_at, f.id), default=None)


def user_already_wrote(sent_mail: Iterable[ParsedEmail], *, kind: str, own_mail_ids: set[str],
                       rejected_at: datetime, thread: set[str], contacts: set[str],
                       said_sent: datetime | None = None) -> tuple[str, str] | None:
    """Why a follow-up of ``kind`` is moot given the user's Sent mail (the reason names the moment that kind
    answers: the rejection, the interview, the silence), and the Message-ID that makes it so (None: it
    is not). A message written after the moment the follow-up answers, in its thread or to its contacts,
    counts - except a forward to nobody of the company (:func:`is_forward`), and Onward's own follow-ups
    the user sent (``own_mail_ids``: their drafts' Message-IDs and those of the copies found in Sent; a sent interview thank-you does not make the later check-in
    moot, nor a sent first check-in the second), and, when the user said they sent one of the
    application's drafts (``said_sent``: the latest such time, ``onward followups sent``), their mail up
    to then: it is that draft, as they wrote it."""
    since = max(rejected_at, said_sent) if said_sent is not None else rejected_at
    moment = ANSWERED_MOMENT[FollowupKind(kind)]
    company = {c.rpartition("@")[2] for c in contacts}
    for mail in sent_mail:
        if mail.message_id in own_mail_ids or (mail.date is not None and mail.date <= since):
            continue
        to = {a.email.lower() for a in (*mail.to, *mail.cc)}
        passed_on = is_forward(mail.subject) and not any(a.rpartition("@")[2] in company for a in to)
        if set(parent_keys(mail)) & thread and not passed_on:
            return REPLIED_IN_THREAD.format(moment=moment), mail.message_id
        if to & contacts:
            return WROTE_TO_CONTACT.format(moment=moment), mail.message_id
    return None
