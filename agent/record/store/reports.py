"""Read models over several aggregates: what the report and the digest read (:mod:`agent.insights.load`
turns these rows into :mod:`agent.insights.stats` facts) and the web board's windowed columns.

Reads only; each function runs inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, String, and_, bindparam, func, select, text

from agent.record.store.bounces import BounceRow, followup_bounces
from agent.record.store.database import rows_as
from agent.record.store.schema import applications, events, followups, messages, notes


@dataclass(frozen=True)
class AppReportRow:
    id: int
    company: str | None
    role: str | None
    status: str
    created_at: str
    applied_at: str | None
    interview_start: str | None
    account: str


@dataclass(frozen=True)
class EventReportRow:
    application_id: int
    label: str
    received_at: str


@dataclass(frozen=True)
class FollowupReportRow:
    """A follow-up with the company's first email after the user sent it (an event of the application,
    or any email from the follow-up's recipient: a plain "thank you" reply is not a job email)."""

    application_id: int
    status: str
    kind: str
    draft_message_id: str | None
    drafted_at: str | None
    sent_at: str | None
    to_addr: str | None
    reply_event: str | None
    reply_mail: str | None
    user_action: str | None = None  # the user's last word on it (a skip: its draft is theirs to delete)


@dataclass(frozen=True)
class NoteReportRow:
    application_id: int
    written_at: str
    text: str
    company: str | None
    role: str | None


@dataclass(frozen=True)
class ReportRows:
    applications: list[AppReportRow]
    events: list[EventReportRow]
    followups: list[FollowupReportRow]
    notes: list[NoteReportRow]
    bounces: list[BounceRow] = field(default_factory=list)  # the recipients follow-ups bounced for


def report_rows(conn: Connection) -> ReportRows:
    """Everything the report and the digest read, all accounts, one query per table."""
    a, f = applications.c, followups.c
    apps = rows_as(AppReportRow, conn.execute(select(a.id, a.company, a.role, a.status, a.created_at, a.applied_at,
                                                     a.interview_start, a.account)))
    evs = rows_as(EventReportRow, conn.execute(select(events.c.application_id, events.c.label, events.c.received_at)))
    first_event = select(func.min(events.c.received_at)).where(
        events.c.application_id == f.application_id, events.c.received_at > f.sent_at).scalar_subquery()
    first_mail = select(func.min(messages.c.received_at)).where(
        and_(func.lower(messages.c.from_addr) == func.lower(f.to_addr), messages.c.received_at > f.sent_at)
    ).scalar_subquery()
    fus = rows_as(FollowupReportRow, conn.execute(select(
        f.application_id, f.status, f.kind, f.draft_message_id, f.drafted_at, f.sent_at, f.to_addr,
        first_event.label("reply_event"), first_mail.label("reply_mail"), f.user_action)))
    ns = rows_as(NoteReportRow, conn.execute(
        select(notes.c.application_id, notes.c.written_at, notes.c.text, a.company, a.role)
        .join(applications, applications.c.id == notes.c.application_id)))
    return ReportRows(apps, evs, fus, ns, followup_bounces(conn))


# -- the web board ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Card:
    """An application on the board: the date of its last email, its next open follow-up."""

    id: int
    company: str | None
    role: str | None
    account: str
    status: str
    last_email: str | None
    followup_kind: str | None
    followup_due: str | None


_WHERE = """
  WHERE (:account IS NULL OR a.account = :account)
    AND (:q IS NULL OR lower(a.company) LIKE lower(:q) ESCAPE '\\' OR lower(a.role) LIKE lower(:q) ESCAPE '\\')
    AND (:status IS NULL OR a.status = :status)
"""
# typed: PostgreSQL cannot tell the type of a parameter that is only compared with NULL
_FILTER = (bindparam("account", type_=String), bindparam("q", type_=String), bindparam("status", type_=String))
_TOTALS = text(f"SELECT a.status, count(*) FROM applications a {_WHERE} GROUP BY a.status").bindparams(*_FILTER)
_CARDS = text(f"""
WITH ranked AS (
  SELECT a.id, a.company, a.role, a.account, a.status, a.applied_at, a.created_at,
         row_number() OVER (PARTITION BY a.status ORDER BY a.updated_at DESC, a.id DESC) AS n
  FROM applications a {_WHERE}
), shown AS (
  SELECT * FROM ranked WHERE n > :skip AND n <= :skip + :per
)
SELECT s.id, s.company, s.role, s.account, s.status,
       COALESCE((SELECT max(e.received_at) FROM events e WHERE e.application_id = s.id),
                s.applied_at, s.created_at) AS last_email,
       f.kind AS followup_kind, f.due_at AS followup_due
FROM shown s
LEFT JOIN followups f ON f.id = (SELECT f2.id FROM followups f2 WHERE f2.application_id = s.id
                                 AND f2.status IN :open ORDER BY f2.due_at LIMIT 1)
ORDER BY s.status, s.n
""").bindparams(bindparam("open", expanding=True), *_FILTER)


@dataclass(frozen=True)
class BoardFilter:
    """Which applications the board shows: ``q`` a LIKE pattern (None: all), ``status`` one column."""

    account: str | None
    q: str | None
    status: str | None


def board_totals(conn: Connection, where: BoardFilter) -> dict[str, int]:
    """status → how many applications the filter finds."""
    params = {"account": where.account, "q": where.q, "status": where.status}
    return {str(status): int(total) for status, total in conn.execute(_TOTALS, params)}


def board_cards(conn: Connection, where: BoardFilter, open_statuses: Sequence[str], skip: int, per: int) -> list[Card]:
    """Each status column's cards ``skip+1 .. skip+per`` (the application changed last first)."""
    params = {"account": where.account, "q": where.q, "status": where.status, "open": list(open_statuses),
              "skip": skip, "per": per}
    return rows_as(Card, conn.execute(_CARDS, params))
