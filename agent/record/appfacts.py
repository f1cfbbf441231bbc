"""An application's facts, as follow-up planning reads them (typed, read in bulk, no decision here).

What the record knows of one application: its own fields (company, role, account, language, the
contact and applied date the user gave, the interview's time and when it became known), its events
(each with the recipient the one recipient rule allowed, and when it was put on record), the other
emails the company wrote in its thread, and the user's word on its follow-ups (skipped slots).
:func:`agent.followups.plan.plan` turns them into the follow-ups there should be.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, and_, select

from agent.mail.types import Address
from agent.record.followup_rows import UserAction
from agent.record.rules import Label
from agent.record.store import applications, events, followups, messages, parse_iso


@dataclass(frozen=True)
class EventFact:
    """One job email of the application."""

    message_id: str
    label: str
    at: datetime                # when it arrived (Date header)
    recorded_at: datetime       # when Onward put it on record
    subject: str
    references_json: str        # its thread keys (JSON list)
    contact: Address | None     # whom its headers allow a follow-up to (agent.record.contacts.recipient_rule)
    contact_source: str         # from | reply-to | organizer | ""
    contact_reason: str | None  # why nobody, or which headers were not used


@dataclass(frozen=True)
class MailFact:
    """An email of the company in the application's thread that is no job event (a reply, a note)."""

    message_id: str
    at: datetime
    recorded_at: datetime


@dataclass(frozen=True)
class InterviewFact:
    start: datetime
    end: datetime
    uid: str
    message_id: str             # the invitation a thank-you is threaded under ("" when set by hand)
    known_at: datetime          # when the time became known (the invitation's date, or `onward interview`)


@dataclass(frozen=True)
class AppFacts:
    id: int
    account: str
    company: str | None
    role: str | None
    status: str                 # as recorded (derived from the events, or set by the user)
    updated_at: datetime
    created_at: datetime
    language: str | None
    contact: Address | None     # onward add/edit --contact
    applied_at: datetime | None
    interview: InterviewFact | None
    interview_cancelled_by: str | None
    events: tuple[EventFact, ...] = ()
    thread_mail: tuple[MailFact, ...] = ()
    skipped: frozenset[str] = field(default_factory=frozenset)  # slots the user skipped

    def event(self, message_id: str) -> EventFact | None:
        return next((e for e in self.events if e.message_id == message_id), None)

    def first(self, label: str) -> EventFact | None:
        return next((e for e in self.events if e.label == label), None)


def _dt(value: str | None) -> datetime | None:
    return parse_iso(value) if value else None


def load(conn: Connection, app_ids: Iterable[int] | None = None) -> list[AppFacts]:
    """The facts of the applications ``app_ids`` (all when None), by id; four queries in all."""
    ids = None if app_ids is None else sorted(set(app_ids))
    if ids is not None and not ids:
        return []
    app_q = select(applications).order_by(applications.c.id)
    ev_q = select(events).order_by(events.c.received_at, events.c.id)
    mail_q = (select(messages.c.application_id, messages.c.message_id, messages.c.received_at,
                     messages.c.processed_at)
              .outerjoin(events, events.c.message_id == messages.c.message_id)
              .where(messages.c.application_id.is_not(None), events.c.id.is_(None))
              .order_by(messages.c.received_at, messages.c.id))
    skip_q = select(followups.c.application_id, followups.c.slot).where(
        and_(followups.c.user_action == UserAction.SKIPPED.value))
    if ids is not None:
        app_q = app_q.where(applications.c.id.in_(ids))
        ev_q = ev_q.where(events.c.application_id.in_(ids))
        mail_q = mail_q.where(messages.c.application_id.in_(ids))
        skip_q = skip_q.where(followups.c.application_id.in_(ids))
    evs: dict[int, list[EventFact]] = {}
    for e in conn.execute(ev_q):
        contact = Address(name=e.contact_name or "", email=e.contact_email) if e.contact_email else None
        evs.setdefault(e.application_id, []).append(EventFact(
            message_id=e.message_id, label=e.label, at=parse_iso(e.received_at),
            recorded_at=parse_iso(e.recorded_at or e.received_at), subject=e.subject or "",
            references_json=e.references_json or "[]", contact=contact, contact_source=e.contact_source or "",
            contact_reason=e.contact_reason))
    mail: dict[int, dict[str, MailFact]] = {}
    for m in conn.execute(mail_q):
        if m.received_at:
            mail.setdefault(m.application_id, {}).setdefault(m.message_id, MailFact(
                m.message_id, parse_iso(m.received_at), parse_iso(m.processed_at)))
    skipped: dict[int, set[str]] = {}
    for s in conn.execute(skip_q):
        skipped.setdefault(s.application_id, set()).add(s.slot)
    out = []
    for a in conn.execute(app_q):
        start, end = _dt(a.interview_start), _dt(a.interview_end)
        interview = InterviewFact(start, end, a.interview_uid or "", a.interview_message_id or "",
                                  _dt(a.interview_set_at) or start) if start and end else None
        out.append(AppFacts(
            id=a.id, account=a.account, company=a.company, role=a.role, status=a.status,
            updated_at=parse_iso(a.updated_at), created_at=parse_iso(a.created_at), language=a.language,
            contact=Address(name=a.contact_name or "", email=a.contact_addr) if a.contact_addr else None,
            applied_at=_dt(a.applied_at), interview=interview, interview_cancelled_by=a.interview_cancelled_by,
            events=tuple(evs.get(a.id, ())), thread_mail=tuple(mail.get(a.id, {}).values()),
            skipped=frozenset(skipped.get(a.id, ()))))
    return out


__all__ = ["AppFacts", "EventFact", "InterviewFact", "Label", "MailFact", "load"]
