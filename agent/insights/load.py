"""What the report and the digest need, read from the store in a few queries (one per table), as the
plain dataclasses of :mod:`agent.insights.stats`."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, and_, func, select

from agent.followups.rules import FollowupStatus
from agent.insights.stats import AppFacts, DraftWaiting, EventFacts, FollowupFacts, NoteFacts, Recorded
from agent.record.store import applications, events, followups, messages, notes


# a draft in Drafts the user has not sent yet: ready (drafted), or saved without a recipient
WAITING_STATUSES = (FollowupStatus.DRAFTED, FollowupStatus.NEEDS_RECIPIENT)


def _dt(value: str | None) -> datetime | None:
    if not value:
        return None
    dt = datetime.fromisoformat(value)
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def recorded(conn: Connection) -> Recorded:
    """Everything recorded (all accounts; :func:`agent.insights.stats.in_scope` filters)."""
    a = applications.c
    apps = [AppFacts(r.id, r.company, r.role, r.status, _dt(r.created_at) or datetime.now(UTC), _dt(r.applied_at),
                     bool(r.interview_start), r.account)
            for r in conn.execute(select(a.id, a.company, a.role, a.status, a.created_at, a.applied_at,
                                         a.interview_start, a.account))]
    evs = [EventFacts(r[0], r[1], _dt(r[2]) or datetime.now(UTC)) for r in conn.execute(
        select(events.c.application_id, events.c.label, events.c.received_at)).all()]
    f = followups.c
    # the company's first email after the user sent the follow-up: an event of the application, or any
    # email from the follow-up's recipient (a plain "thank you" reply is not a job email)
    first_event = select(func.min(events.c.received_at)).where(
        events.c.application_id == f.application_id, events.c.received_at > f.sent_at).scalar_subquery()
    first_mail = select(func.min(messages.c.received_at)).where(
        and_(func.lower(messages.c.from_addr) == func.lower(f.to_addr), messages.c.received_at > f.sent_at)
    ).scalar_subquery()
    fus, waiting = [], []
    for r in conn.execute(select(f.application_id, f.status, f.kind, f.draft_message_id, f.drafted_at, f.sent_at,
                                 f.to_addr, first_event.label("reply_event"), first_mail.label("reply_mail"))):
        replies = [d for d in (_dt(r.reply_event), _dt(r.reply_mail)) if d is not None]
        fus.append(FollowupFacts(r.application_id, r.status, bool(r.draft_message_id), _dt(r.sent_at),
                                 min(replies) if replies else None))
        if r.status in WAITING_STATUSES and r.draft_message_id:  # in Drafts, with or without a recipient
            waiting.append(DraftWaiting(r.application_id, r.kind, r.drafted_at,
                                        r.to_addr if r.status == FollowupStatus.DRAFTED else None))
    ns = [NoteFacts(r.application_id, _dt(r.written_at) or datetime.now(UTC), r.text, r.company, r.role)
          for r in conn.execute(select(notes.c.application_id, notes.c.written_at, notes.c.text, a.company, a.role)
                                .join(applications, applications.c.id == notes.c.application_id))]
    return Recorded(apps, evs, fus, ns, waiting)
