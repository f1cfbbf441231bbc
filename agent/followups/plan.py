"""The follow-ups an application should have, from its facts: ONE pure function, :func:`plan`.

``plan(facts, now, settings)`` returns every follow-up the application's history calls for - the
live ones and those a later fact ended - each with its kind, stage, slot (what makes it unique in
its application), due time, the email it answers, its recipient (with the fact it came from),
template and language, and, when ended, the fact that ended it and why. The same facts give the same
plan, whenever and however often it is computed; :mod:`agent.followups.reconcile` makes the rows match.

The rules of each kind (see also :mod:`agent.followups.kinds`):

* **rejection_thanks** - answers the application's first recorded rejection, due on a weekday morning
  in ``[min_days, max_days]`` after it (:func:`agent.followups.schedule.compute_due`); its stage is
  ``after_interview`` when the application had an interview. None when Onward learnt of the rejection
  more than ``max_days`` after it arrived (an old rejection found by a backfill), and none when the company
  had made an offer before it (:func:`offered_before`: its regret at an offer the user declined, or the offer
  taken back). Ended by any later email of the company (an event, or a reply in the thread).
* **interview_thanks** - once the interview's time is known (a calendar part, or ``onward interview
  --at``), due two hours after its end (:func:`agent.followups.kinds.interview_thanks_due`); none
  when the time became known more than a day after the end. Ended by a rejection or an offer that arrived
  after the interview was first known (its invitation's date: a later update of the invitation does not
  undo it), or the user's word since then that the application was rejected or got an offer (``onward edit
  --status rejected|offer``: the company said so by other means) - a thank-you "looking forward to the next
  steps" would answer a decision already made; one already saved in Drafts is marked "do not send".
* **none at all** for an application the user withdrew (``onward edit --status withdrawn``): it is closed from
  then (:func:`closed_at`), whatever its company writes since; every follow-up it had, not yet sent, is cancelled
  (:func:`unplanned_reason`: "you withdrew the application"; one saved in Drafts is marked "do not send").
* **check_in** - each silence of ``check_in_days`` while the application waits (applied, or after
  the interview's end) gets one, due at the end of the silence; the next silence starts at the next
  news, else when the check-in's draft was saved (the moment the user was offered it: a pass after
  days without one saves one check-in, never two at once), else when it ended without a draft: at
  the user's own mail that ended it (found in Sent), at its due time when skipped. While a due check-in waits for its draft, no next one is
  planned. News is the company's mail, and an interview the user typed (``onward interview --at``: from
  the moment it was entered, as an invitation email, even when its invitation email comes after that;
  the application is at the interview stage from then on). A silence broken by news before the
  check-in is sent ends it (such a check-in does not count against ``max_check_ins``; a skipped one
  does). The user's sending of a check-in (found in Sent, whatever its Message-ID) is that check-in
  sent, not news. None after a rejection or
  an offer, none at the interview stage while the interview's end is unknown or ahead, none for a
  silence Onward learnt of more than ``max_days`` late, none beyond the next one still ahead, and none for an
  application with nothing to ask about (:func:`asks_about_something`). Held (cancelled, with a reason that
  says how to decide) while a rejection recorded elsewhere may be the application's own
  (:func:`possible_rejection`: a rejection naming no role - or, from a recruitment agency, neither client nor
  role - flagged as a possible duplicate, from a sender of this application, which was waiting then and has had
  no news since): "any news?" must not ask about a role that may have been turned down until the user says
  (``onward merge``, or ``followups restore`` of the check-in). A
  check-in gets a row only once it is due (:attr:`Desired.materialised`): one whose silence news broke
  first never exists, so no pass plans a check-in only to cancel it.

Recipients come from the facts the record stage kept with the one recipient rule
(:func:`agent.record.contacts.recipient_rule`): the answered email's allowed contact, else the
application's last allowed contact (a recruiter's before the client's interviewer their forwarded invitation
named), else the contact the user gave (``onward add/edit --contact``).
A check-in goes to the latest recipient the user chose for a follow-up of the application (``followups
set --to``, or whom they sent a draft to) when the rule allows that address, unless a newer company
email has a human sender (:func:`_check_in_recipient`). Never an address mail to which bounced for the
application (a mail system's report on one of its follow-ups, :func:`dead_addresses`), until that address
writes again or the user chooses it again: with nobody else, the follow-up waits for a recipient, and its
reason names the address that bounced. A bounce is no news: it starts, ends and revives nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from agent.config import FollowupSettings
from agent.followups import kinds
from agent.followups.rules import (
    ENDED_BY_INTERVIEW_SET,
    ENDED_BY_PLAN,
    REASON_COMPANY_EMAIL,
    REASON_HELD,
    REASON_INTERVIEW_CANCELLED,
    REASON_INTERVIEW_SET,
    REASON_OFFER,
    REASON_REJECTED,
    REASON_REJECTION_TAKES_OVER,
    REASON_WITHDRAWN,
    FollowupKind,
    Stage,
    company_wrote_reason,
)
from agent.followups.schedule import aware, compute_due, next_sensible_time
from agent.followups.templates import template_name
from agent.mail.types import Address
from agent.record.appfacts import AppFacts, BouncedAddress, EventFact, PossibleRejection
from agent.record.contacts import CLIENT_ORGANIZER, usable_person
from agent.record.rules import AppStatus, Label, derive_status, held_by_user, status_with_interview, typed_first

CLOSING = (Label.REJECTION, Label.OFFER)


REASON_AFTER_AN_OFFER = "the rejection came after an offer (declined, or taken back): no thank-you"


def iso(dt: datetime) -> str:
    """A moment as the store writes it (ISO 8601 UTC, seconds), for slots and reasons."""
    return aware(dt).astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Recipient:
    address: Address | None
    source: str         # the fact it came from: "<message-id> from|reply-to|organizer", "onward add --contact"
    reason: str | None  # why nobody, or which headers were not used (``followups`` shows it)


@dataclass(frozen=True)
class Desired:
    """One follow-up the facts call for."""

    kind: FollowupKind
    stage: Stage
    slot: str
    due: datetime
    answers: str            # the Message-ID it is threaded under ("" for none)
    answered_at: datetime   # the moment it answers (the rejection, the interview's end, the silence's start)
    subject: str
    references_json: str
    recipient: Recipient
    template: str
    language: str
    ended_by: str | None = None      # the fact that ended it (a Message-ID)
    ended_reason: str | None = None
    ended_at: datetime | None = None  # when that fact happened

    @property
    def materialised(self) -> bool:
        """Whether it may get a row: a thank-you at once, a check-in once due (see
        :func:`agent.followups.reconcile.decide`) unless news broke its silence before that - so a check-in
        never exists only to be cancelled. One a fact had already ended when it is first planned is created
        cancelled, as a pass that saw it first would have left it (a check-in due before the news came)."""
        return self.kind != FollowupKind.CHECK_IN or self.ended_at is None or self.ended_at >= self.due


def dead_addresses(f: AppFacts) -> dict[str, BouncedAddress]:
    """The addresses mail to which bounced for the application (lower-cased -> its latest report): a mail system
    said one of its follow-ups could not be delivered there. Alive again once that address wrote since (a company
    email from it after the report), or the user chose it again since (``followups set --to``, or sent a draft to
    it): their word, or the proof, that it receives mail."""
    dead: dict[str, BouncedAddress] = {}
    for b in f.bounced:  # oldest first: the latest report of an address is kept
        dead[b.address.lower()] = b
    for address, b in list(dead.items()):
        wrote = any(e.contact is not None and e.contact.email.lower() == address and aware(e.at) > aware(b.at)
                    for e in f.events)
        chosen = any(c.address.email.lower() == address and aware(c.at) > aware(b.at) and c.slot != b.slot
                     for c in f.recipients_chosen)  # (the follow-up that bounced is no choice since, whatever its date)
        if wrote or chosen:
            del dead[address]
    return dead


def _bounced(dead: dict[str, BouncedAddress], passed: list[str]) -> str | None:
    """What the reason says of the bounced addresses ``passed`` over (None: none)."""
    names = list(dict.fromkeys(passed))
    if not names:
        return None
    return "; ".join(f"mail to {a} bounced ({dead[a].message_id})" for a in names)


def _recipient(f: AppFacts, answered: EventFact | None, s: FollowupSettings,
               before: datetime | None = None, passed_over: tuple[str, ...] = ()) -> Recipient:
    """The answered email's allowed contact, else the application's last allowed contact up to
    ``before`` (the moment answered: later mail never changes whom a follow-up was meant for), else the
    contact the user gave - never the user's own address (``followup.from_address``), nor an address mail
    to which bounced for this application (:func:`dead_addresses`): the reason names it (and those of
    ``passed_over``, bounced addresses the caller passed over already)."""
    dead = dead_addresses(f)
    passed: list[str] = list(passed_over)  # bounced addresses passed over

    def alive(a: Address) -> bool:
        if a.email.lower() in dead:
            passed.append(a.email.lower())
            return False
        return True

    if answered is not None and answered.contact is not None and alive(answered.contact):
        return Recipient(answered.contact, f"{answered.message_id} {answered.contact_source or 'from'}",
                         _notes(answered))  # (the notes say which other header was not used)
    humans = [e for e in f.events if e.contact is not None and (before is None or aware(e.at) <= aware(before))]
    # the recruiter before the client's interviewer an agency's forwarded invitation named: a check-in asks the
    # agency, never round it (the interviewer is thanked by the thank-you that answers that invitation)
    humans = [e for e in humans if e.contact_source != CLIENT_ORGANIZER] or humans
    humans = [e for e in humans if e.contact is not None and alive(e.contact)]
    # and a person of the company who wrote in the thread without job news (a recruiter's question from her own
    # address in an ATS's thread): the last of them all, by date
    said = [(aware(e.at), e.message_id, e.contact, e.contact_source or "from") for e in humans] + \
        [(aware(m.at), m.message_id, m.contact, "from") for m in f.thread_mail
         if m.contact is not None and (before is None or aware(m.at) <= aware(before)) and alive(m.contact)]
    bounced = _bounced(dead, passed)
    if said:
        _at, message_id, contact, source = sorted(said, key=lambda w: w[0])[-1]  # the latest (stable on ties)
        why = "; ".join(n for n in (_notes(answered), bounced) if n)
        note = f"{why}; writing to {contact.email if contact else ''}, who wrote earlier in the thread" \
            if why else None
        return Recipient(contact, f"{message_id} {source}", note)
    own = (s.from_address or "").lower()
    if f.contact is not None and f.contact.email.lower() != own and alive(f.contact):
        return Recipient(f.contact, "onward add/edit --contact", _bounced(dead, passed))
    headers = _notes(answered)
    bounced = _bounced(dead, passed)
    if bounced:
        return Recipient(None, "", f"no human recipient: {bounced}; "
                                   f"{headers or 'nobody else at the company has written'}")
    return Recipient(None, "", f"no human recipient: {headers}" if headers else
                     "no human recipient: nobody at the company has written yet")


def _check_in_recipient(f: AppFacts, s: FollowupSettings, anchor: datetime) -> Recipient:
    """A check-in's recipient: the latest recipient the user chose for one of the application's follow-ups
    (:attr:`AppFacts.recipients_chosen`: given with ``followups set --to``, or the person the user sent a
    draft to), when the recipient rule allows it, unless a company email newer than that choice - up to
    the silence's start - has a human sender; else the recipient every follow-up gets (:func:`_recipient`).
    Only the latest choice counts: one the rule refuses (a role account, a no-reply, the user's own
    address) is not replaced by an older one the user has moved on from; nor is one mail to which bounced
    since (:func:`dead_addresses`)."""
    planned = _recipient(f, None, s, before=anchor)
    choice = f.recipients_chosen[-1] if f.recipients_chosen else None
    if choice is None:
        return planned
    own = frozenset({(s.from_address or "").lower()} - {""})
    person = usable_person(choice.address, own)
    newer = any(e.contact is not None and aware(choice.at) < aware(e.at) <= aware(anchor) for e in f.events)
    if person is not None and not newer and person.email.lower() in dead_addresses(f):
        # mail to it bounced since: whom every follow-up gets (never a bounced address), the reason naming it
        return _recipient(f, None, s, before=anchor, passed_over=(person.email.lower(),))
    if person is None or newer:
        return planned
    how = "sent to" if choice.sent else "followups set --to"
    why = f"whom you sent an earlier follow-up to ({person.email})" if choice.sent else \
        f"the recipient you set on an earlier follow-up ({person.email})"
    return Recipient(person, f"{choice.slot} {how}", why)


def _notes(e: EventFact | None) -> str | None:
    return e.contact_reason if e is not None and e.contact_reason else None


def _language(f: AppFacts, s: FollowupSettings) -> str:
    return f.language or s.language


def _news(f: AppFacts) -> list[tuple[datetime, str]]:
    """Every moment the company wrote: events and replies in the thread, in order."""
    return sorted([(aware(e.at), e.message_id) for e in f.events] +
                  [(aware(m.at), m.message_id) for m in f.thread_mail])


def _learnt_in_time(at: datetime, recorded: datetime, s: FollowupSettings) -> bool:
    return aware(recorded) - aware(at) <= timedelta(days=s.max_days)


def rejection_thanks(f: AppFacts, s: FollowupSettings) -> Desired | None:
    rej = f.first(Label.REJECTION)
    if rej is None or held_by_user(f.status) or not s.rejection_thanks or \
            not _learnt_in_time(rej.at, rej.recorded_at, s) or \
            offered_before(f, rej):
        return None
    stage = kinds.rejection_stage(had_interview(f, by=aware(rej.at)))
    if not kinds.wants_rejection_thanks(stage, after_application_rejection=s.after_application_rejection):
        return None
    later = [(at, mid) for at, mid in _news(f) if at > aware(rej.at) and mid != rej.message_id]
    ended = later[0][1] if later else None
    return Desired(
        kind=FollowupKind.REJECTION_THANKS, stage=stage, slot=FollowupKind.REJECTION_THANKS.value,
        due=compute_due(rej.at, min_days=s.min_days, max_days=s.max_days, tz=s.tz, hours=s.hours,
                        seed=rej.message_id),
        answers=rej.message_id, answered_at=rej.at, subject=rej.subject, references_json=rej.references_json,
        recipient=_recipient(f, rej, s, before=rej.at), template=template_name(FollowupKind.REJECTION_THANKS, stage),
        language=_language(f, s), ended_by=ended, ended_reason=company_wrote_reason(ended) if ended else None,
        ended_at=later[0][0] if later else None)


def offered_before(f: AppFacts, rej: EventFact) -> bool:
    """Whether the company made an offer before its rejection: a "no" after an offer answers the user's own
    word (the company regretting the offer the user declined, confirming the application the user withdrew) or
    takes the offer back - never a decision to thank for, nor to ask what the user could have done better."""
    offer = f.first(Label.OFFER)
    return offer is not None and aware(offer.at) < aware(rej.at)


# the slot every interview typed with `onward interview --at` shared before each round had its own: a row
# of it is the typed interview's it was created for (agent/followups/reconcile.py:_thank_you_slots)
SHARED_TYPED_SLOT = f"{FollowupKind.INTERVIEW_THANKS}:set"


def interview_slot(uid: str, message_id: str, known_at: datetime) -> str:
    """The interview thank-you's slot: the invitation's calendar UID, else its Message-ID; an interview the
    user typed (neither) is known by when it was first entered - a new time typed before its end moves it and
    keeps that moment (:class:`agent.record.appfacts.InterviewFact` ``known_at``), one typed after it is a new
    round with a thank-you of its own."""
    return f"{FollowupKind.INTERVIEW_THANKS}:{uid or message_id or f'set:{iso(known_at)}'}"


def interview_thanks(f: AppFacts, s: FollowupSettings) -> Desired | None:
    iv = f.interview
    if iv is None or held_by_user(f.status) or not s.interview_thanks or \
            not kinds.interview_thanks_in_time(iv.end, iv.known_at):
        return None
    invitation = f.event(iv.message_id) if iv.message_id else None
    if invitation is not None and not _learnt_in_time(invitation.at, invitation.recorded_at, s):
        return None
    answered = invitation or next((e for e in reversed(f.events) if e.label == Label.INTERVIEW), None)
    # from when the interview was first known: an update of the invitation after a rejection does not
    # undo it (and a pass that saw the rejection before the update had already ended the thank-you)
    known = min(aware(iv.known_at), aware(invitation.at)) if invitation is not None else aware(iv.known_at)
    # no thank-you "looking forward to the next steps" once the company said no, or made its offer
    closing = [e for e in f.events if e.label in CLOSING and aware(e.at) > known]
    ended, ended_at, why = (closing[0].message_id, aware(closing[0].at),
                            REASON_REJECTION_TAKES_OVER if closing[0].label == Label.REJECTION else REASON_OFFER) \
        if closing else (None, None, None)
    if ended is None and (said := said_closed_at(f)) is not None and said[0] > known:
        (ended_at, why), ended = said, ENDED_BY_PLAN
    subject = (answered.subject or "") if answered is not None else ""  # none: the note's own (drafting)
    return Desired(
        kind=FollowupKind.INTERVIEW_THANKS, stage=Stage.AFTER_INTERVIEW,
        slot=interview_slot(iv.uid, iv.message_id, iv.known_at),
        due=kinds.interview_thanks_due(iv.end, s.tz), answers=answered.message_id if answered else "",
        answered_at=iv.end, subject=subject, references_json=answered.references_json if answered else "[]",
        recipient=_recipient(f, invitation or answered, s, before=iv.known_at),
        template=template_name(FollowupKind.INTERVIEW_THANKS,
                                                                                Stage.AFTER_INTERVIEW),
        language=_language(f, s), ended_by=ended, ended_reason=why, ended_at=ended_at)


def _status_at(f: AppFacts, moment: datetime) -> AppStatus:
    """The status at ``moment``: the events up to it, with an interview known by then counted as an interview
    email from when it became known (``onward interview --at`` names no email), or from its start if that was
    earlier (typed after it took place) - in date order, so a test after it does not move the application
    back, as after an invitation, and a no dated after it is the news after it."""
    dated = sorted(((aware(e.at), e.label) for e in f.events if aware(e.at) <= moment), key=lambda d: d[0])
    known = aware(f.interview.known_at) if f.interview is not None else None
    if known is None or known > moment or f.interview is None:
        return status_with_interview(dated, None)[0]
    return status_with_interview(dated, known, aware(f.interview.start))[0]


def closed_at(f: AppFacts) -> datetime | None:
    """When the application stopped waiting: its first rejection or offer, or the user's word - that it was
    rejected or got an offer (when no email says so), or that they withdrew it (whenever the emails closed it)."""
    closing = [aware(e.at) for e in f.events if e.label in CLOSING]
    if held_by_user(f.status):
        closing.append(aware(f.updated_at))  # withdrawn then (no email has changed the status since)
    if closing:
        return min(closing)
    if f.status in (AppStatus.REJECTED, AppStatus.OFFER):
        return aware(f.updated_at)
    return None


def had_interview(f: AppFacts, by: datetime | None = None) -> bool:
    """Whether the application had an interview that may have taken place (a rejection then thanks for it): one
    whose time is known, or an interview email - but not the emails of the interview the company cancelled,
    none known since: from its invitation (when known) to its cancellation, an update of it too. ``by``: the
    moment it must have begun by (the rejection's): an interview on record still ahead then never took place,
    nor did one its invitation and the emails after it name - only an interview email before that invitation
    (an earlier round) counts; the invitation of an interview the user typed is the last interview email
    before they typed it."""
    emails = [aware(e.at) for e in f.events if e.label == Label.INTERVIEW]
    dates = {e.message_id: aware(e.at) for e in f.events} | {m.message_id: aware(m.at) for m in f.thread_mail}
    if f.interview is not None:
        if by is None or aware(f.interview.start) < by:
            return True
        known = aware(f.interview.known_at)  # typed (no invitation of its own): the last interview email before
        asked = dates.get(f.interview.message_id, known) if f.interview.message_id else \
            max((at for at in emails if at <= known), default=known)  # it invited to the interview typed
        emails = [at for at in emails if at < asked]
    if not f.interview_cancelled_by:
        return bool(emails)
    invited, cancelled = dates.get(f.cancelled_invitation or ""), dates.get(f.interview_cancelled_by)
    return any((invited is not None and at < invited) or (cancelled is not None and at > cancelled) for at in emails)


def said_closed_at(f: AppFacts) -> tuple[datetime, str] | None:
    """When the application was rejected or got an offer by the user's word (``onward edit --status rejected|
    offer``: its status, last changed then), and the reason that names it: the record's status says so while
    its emails do not (a rejection or an offer email is its own fact, with its own date)."""
    said = {AppStatus.REJECTED.value: REASON_REJECTED, AppStatus.OFFER.value: REASON_OFFER}.get(f.status)
    if said is None or derive_status([e.label for e in f.events])[0] == f.status:
        return None
    return aware(f.updated_at), said


def interview_ahead(f: AppFacts, now: datetime) -> bool:
    """Whether the application has an interview Onward knows of that has not ended at ``now``."""
    return f.interview is not None and aware(f.interview.end) > aware(now)


def check_ins(f: AppFacts, now: datetime, s: FollowupSettings) -> list[Desired]:
    """The check-ins of :func:`_silences`, at most ``max_check_ins`` of them counting those already offered
    (a draft saved) for a silence the facts no longer name - an update of the invitation moved the
    interview they followed: the user was asked for news that many times all the same."""
    if not s.check_in or s.max_check_ins <= 0 or not asks_about_something(f):
        return []
    offered = {slot for slot, _at in f.check_ins_drafted}
    limit = s.max_check_ins
    for _ in range(s.max_check_ins + 1):  # bounded: the limit only goes down
        out = _silences(f, now, s, limit)
        within = s.max_check_ins - len(offered - {d.slot for d in out})
        if within >= limit:
            return _held(f, out)
        limit = within
    return _held(f, _silences(f, now, s, limit))


def possible_rejection(f: AppFacts) -> PossibleRejection | None:
    """The first rejection recorded in another application that may be this one's
    (:attr:`AppFacts.maybe_rejected`) while it was waiting - not closed by then, no news of it since (a
    company email after it, an interview typed after it: the application is alive, the rejection was
    another's)."""
    if not f.maybe_rejected:
        return None
    closed = closed_at(f)
    news = [at for at, _mid in _news(f)]
    if f.interview is not None:
        news.append(aware(f.interview.known_at))
    for p in f.maybe_rejected:
        at = aware(p.at)
        if (closed is None or closed > at) and not any(n > at for n in news) and \
                _status_at(f, at) in (AppStatus.APPLIED, AppStatus.ASSESSMENT, AppStatus.INTERVIEW):
            return p
    return None


def _held(f: AppFacts, out: list[Desired]) -> list[Desired]:
    """The check-ins (or the interview's thank-you) of ``out`` no fact ended, held while a rejection recorded
    elsewhere may be the application's
    (:func:`possible_rejection`): cancelled by that rejection when due (or when it came, if later: one saved in
    Drafts before it is marked "do not send"), with a reason that says how to decide."""
    p = possible_rejection(f)
    if p is None:
        return out
    why = REASON_HELD.format(message_id=p.message_id, other=p.application_id, app=f.id)
    return [replace(d, ended_by=p.message_id, ended_reason=why, ended_at=max(aware(p.at), d.due))
            if d.ended_by is None else d for d in out]


def asks_about_something(f: AppFacts) -> bool:
    """Whether the application has anything a check-in could ask about: a job email, the date the user applied,
    or an interview. One left with only the mail of its thread (the user labelled its job email ``other``, and
    a draft kept it) has none: that mail is no news of an application."""
    return bool(f.events) or f.applied_at is not None or f.interview is not None


def _typed_first(f: AppFacts) -> bool:
    """Whether the user typed the interview (``onward interview --at``) before any invitation email of it came:
    none names it, or the one that does (a job email, or a calendar email in the thread) is dated after the
    time became known."""
    iv = f.interview
    return iv is not None and typed_first(iv.message_id, aware(iv.known_at),
                                          (at for at, mid in _news(f) if mid == iv.message_id))


def _silences(f: AppFacts, now: datetime, s: FollowupSettings, limit: int) -> list[Desired]:
    """A check-in for each silence of the application's history, up to ``limit`` counted ones."""
    if limit <= 0:
        return []
    news = _news(f)
    recorded = {e.message_id: aware(e.recorded_at) for e in f.events} | \
        {m.message_id: aware(m.recorded_at) for m in f.thread_mail}
    moments = list(news)
    if f.applied_at is not None:
        moments.append((aware(f.applied_at), ""))
    if f.interview is not None and _typed_first(f):  # set by hand: the user's news, as an email
        moments.append((aware(f.interview.known_at), ENDED_BY_INTERVIEW_SET))
    iv_end = aware(f.interview.end) if f.interview is not None else None
    moments.sort()
    if not moments:
        return []
    closed = closed_at(f)
    out: list[Desired] = []
    counted = 0
    anchor, anchor_mid = moments[0]
    learnt = recorded.get(anchor_mid, aware(f.created_at))
    for _ in range(len(moments) + len(f.check_ins_ended) + limit + 2):  # bounded: each turn moves the anchor on
        if counted >= limit or (closed is not None and closed <= anchor):
            break
        status = _status_at(f, anchor)
        if status == AppStatus.INTERVIEW and (iv_end is None or iv_end > anchor):
            if iv_end is None or (closed is not None and closed <= iv_end):
                break
            anchor, anchor_mid, learnt = iv_end, "", aware(f.interview.known_at) if f.interview else iv_end
            continue
        if status not in (AppStatus.APPLIED, AppStatus.INTERVIEW, AppStatus.NO_RESPONSE, AppStatus.ASSESSMENT):
            break
        due = next_sensible_time(anchor + timedelta(days=s.check_in_days), s.tz, s.hours)
        after = [(at, mid) for at, mid in moments if at > anchor and mid]
        ender = after[0] if after else None
        slot = f"{FollowupKind.CHECK_IN}:{iso(anchor)}"
        planned = learnt - anchor <= timedelta(days=s.max_days)
        if planned:
            out.append(_check_in(f, s, slot, due, anchor, status, ender))
        if ender is not None and ender[0] < due and slot not in f.skipped:
            anchor, anchor_mid = ender
            learnt = recorded.get(anchor_mid, anchor)
            continue
        ended, users_mail_at = f.check_in_ended(slot)
        if ender is None and users_mail_at is not None and aware(users_mail_at) < due:
            # the user's own mail in the silence (a portfolio link a day after applying) ended it before it
            # was due: no check-in of theirs - the silence starts again from their mail
            anchor, anchor_mid = aware(users_mail_at), ""
            learnt = anchor
            continue
        counted += 1
        if due > aware(now):
            break  # the next one is planned once this one is due
        if ender is not None:  # news after it was due: the next silence starts there
            anchor, anchor_mid = ender
        elif not planned or ended or (slot in f.skipped and f.check_in_drafted_at(slot) is None):
            # it ended without a draft: the silence goes on from its due time, or from the user's own mail
            anchor, anchor_mid = max(due, aware(users_mail_at or due)), ""
        elif (drafted_at := f.check_in_drafted_at(slot)) is not None:
            # from when the user was offered it (also when they skipped it after: they were asked all the same)
            anchor, anchor_mid = max(due, aware(drafted_at)), ""
        else:
            break  # its draft is not saved yet: the next silence starts when it is (never two at once)
        learnt = recorded.get(anchor_mid, anchor) if anchor_mid else anchor
    return out


def _check_in(f: AppFacts, s: FollowupSettings, slot: str, due: datetime, anchor: datetime, status: AppStatus,
              ender: tuple[datetime, str] | None) -> Desired:
    last = [e for e in f.events if aware(e.at) <= anchor]
    answered = last[-1] if last else None
    # after an assessment: counted from its email, written as after the application (no interview to thank for)
    stage = Stage.AFTER_INTERVIEW if status == AppStatus.INTERVIEW else Stage.AFTER_APPLICATION
    subject = (answered.subject or "") if answered is not None else ""  # none: the note's own (drafting)
    reason = None
    if ender is not None and ender[1] == ENDED_BY_INTERVIEW_SET:
        reason = REASON_INTERVIEW_SET
    elif ender is not None:
        news = f.event(ender[1])
        reason = REASON_REJECTED if news is not None and news.label == Label.REJECTION else \
            REASON_COMPANY_EMAIL.format(message_id=ender[1])
    return Desired(
        kind=FollowupKind.CHECK_IN, stage=stage, slot=slot, due=due, answers=answered.message_id if answered else "",
        answered_at=anchor, subject=subject, references_json=answered.references_json if answered else "[]",
        recipient=_check_in_recipient(f, s, anchor), template=template_name(FollowupKind.CHECK_IN, stage),
        language=_language(f, s), ended_by=ender[1] if ender else None, ended_reason=reason,
        ended_at=ender[0] if ender else None)


def plan(f: AppFacts, now: datetime, s: FollowupSettings) -> list[Desired]:
    """Every follow-up application ``f``'s facts call for at ``now`` (see the module docstring)."""
    thanks, interview = rejection_thanks(f, s), interview_thanks(f, s)
    # the interview's thank-you is held like a check-in: after a no, "I look forward to the next steps" embarrasses
    return ([thanks] if thanks else []) + (_held(f, [interview]) if interview else []) + check_ins(f, now, s)


def unplanned_reason(kind: str, f: AppFacts) -> str:
    """Why a follow-up of ``kind`` is no longer wanted (a fact changed: a correction, a cancelled or moved
    interview, a rejection, the user's withdrawal)."""
    if held_by_user(f.status):
        return REASON_WITHDRAWN
    if kind == FollowupKind.REJECTION_THANKS:
        rej = f.first(Label.REJECTION)
        if rej is None:
            return "the user corrected the rejection"
        return REASON_AFTER_AN_OFFER if offered_before(f, rej) else \
            "no longer wanted (switched off, or the rejection is too old)"
    if kind == FollowupKind.INTERVIEW_THANKS:
        if f.interview_cancelled_by:
            return REASON_INTERVIEW_CANCELLED.format(message_id=f.interview_cancelled_by)
        if f.interview is not None:
            return f"the interview was moved to {iso(f.interview.start)}"
        return "the interview's time is no longer known"
    if not asks_about_something(f):
        return "its application has no job email on record now (you labelled it as no job email)"
    closed = closed_at(f)
    if closed is not None:
        rej = f.first(Label.REJECTION)
        return REASON_REJECTED if rej is not None or f.status == AppStatus.REJECTED else REASON_OFFER
    return "no longer wanted: the application's news changed"
