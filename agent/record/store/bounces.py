"""The bounces aggregate: the recipients a mail system reported it could not deliver the user's email to (read
from its delivery report by :mod:`agent.mail.bounce`), and the follow-ups they are of - a report on the
follow-up's draft Message-ID, or on its copy's in Sent, in the same account. Read when asked, so a bounce
recorded before its copy was found in Sent counts once it is. Everything runs inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, and_, bindparam, or_, select

from agent.record.store import dialects
from agent.record.store.database import iso, rows_as
from agent.record.store.schema import bounces, followups


@dataclass(frozen=True)
class BounceRow:
    """A recipient a mail system could not deliver a follow-up to."""

    followup_id: int
    application_id: int
    slot: str | None
    kind: str
    recipient: str
    bounced_at: str
    message_id: str  # the report's own


def record_bounce(conn: Connection, *, account: str, message_id: str, original: str, recipients: Sequence[str],
                  bounced_at: datetime, recorded_at: datetime) -> None:
    """A mail system's report ``message_id`` that ``account``'s email ``original`` could not be delivered to
    ``recipients``; recorded once (a pass redone after a crash adds nothing)."""
    for recipient in dict.fromkeys(r.lower() for r in recipients):
        conn.execute(dialects.insert_once(conn, bounces).values(
            account=account, message_id=message_id, recipient=recipient, original_message_id=original,
            bounced_at=iso(bounced_at), recorded_at=iso(recorded_at)))


# the bounces of follow-ups: a report on a follow-up's draft Message-ID, or on its copy's in Sent, in its account;
# built once (read on every reconciliation and listing), for all follow-ups and for the applications bound as ``ids``
_f, _b = followups.c, bounces.c
_BOUNCES = (select(_f.id.label("followup_id"), _f.application_id, _f.slot, _f.kind, _b.recipient, _b.bounced_at,
                   _b.message_id)
            .select_from(bounces.join(followups, and_(_b.account == _f.account, or_(
                _b.original_message_id == _f.draft_message_id, _b.original_message_id == _f.sent_message_id))))
            .order_by(_b.bounced_at, _b.message_id, _b.recipient, _f.id))
_BOUNCES_OF = _BOUNCES.where(_f.application_id.in_(bindparam("ids", expanding=True)))


def followup_bounces(conn: Connection, app_ids: Sequence[int] | None = None) -> list[BounceRow]:
    """The bounces of follow-ups (of the applications ``app_ids``; all when None), oldest first. One query."""
    if app_ids is None:
        return rows_as(BounceRow, conn.execute(_BOUNCES))
    return rows_as(BounceRow, conn.execute(_BOUNCES_OF, {"ids": list(app_ids)}))
