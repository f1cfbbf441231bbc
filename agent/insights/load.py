"""What the report and the digest need, read from the store (:func:`agent.record.store.reports.report_rows`:
one query per table), as the plain dataclasses of :mod:`agent.insights.stats`."""

from __future__ import annotations

from datetime import UTC, datetime

from agent.followups.rules import FollowupStatus, UserAction
from agent.insights.stats import (
    AppFacts,
    BounceFacts,
    DraftWaiting,
    EventFacts,
    FollowupFacts,
    NoteFacts,
    Recorded,
)
from agent.record.store import Connection
from agent.record.store.reports import report_rows

# a draft in Drafts the user has not sent yet: ready (drafted), or saved without a recipient
WAITING_STATUSES = (FollowupStatus.DRAFTED, FollowupStatus.NEEDS_RECIPIENT)


def _dt(value: str | None) -> datetime | None:
    if not value:
        return None
    dt = datetime.fromisoformat(value)
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def recorded(conn: Connection) -> Recorded:
    """Everything recorded (all accounts; :func:`agent.insights.stats.in_scope` filters)."""
    rows = report_rows(conn)
    apps = [AppFacts(r.id, r.company, r.role, r.status, _dt(r.created_at) or datetime.now(UTC), _dt(r.applied_at),
                     bool(r.interview_start), r.account, _dt(r.interview_start)) for r in rows.applications]
    evs = [EventFacts(r.application_id, r.label, _dt(r.received_at) or datetime.now(UTC)) for r in rows.events]
    fus, waiting, stale = [], [], []
    for f in rows.followups:
        replies = [d for d in (_dt(f.reply_event), _dt(f.reply_mail)) if d is not None]
        fus.append(FollowupFacts(f.application_id, f.status, bool(f.draft_message_id), _dt(f.sent_at),
                                 min(replies) if replies else None))
        if f.status in WAITING_STATUSES and f.draft_message_id and f.drafted_at:  # in Drafts (recorded saved)
            waiting.append(DraftWaiting(f.application_id, f.kind, f.drafted_at,
                                        f.to_addr if f.status == FollowupStatus.DRAFTED else None))
        elif f.status == FollowupStatus.CANCELLED and f.draft_message_id and f.drafted_at and not f.sent_at and \
                f.user_action != UserAction.SKIPPED:  # (one the user skipped: they deleted it, or know)
            stale.append(DraftWaiting(f.application_id, f.kind, f.drafted_at, f.to_addr))  # "do not send"
    ns = [NoteFacts(n.application_id, _dt(n.written_at) or datetime.now(UTC), n.text, n.company, n.role)
          for n in rows.notes]
    bounced = [BounceFacts(b.application_id, b.kind, b.recipient, _dt(b.bounced_at) or datetime.now(UTC))
               for b in rows.bounces]
    return Recorded(apps, evs, fus, ns, waiting, stale, bounced)
