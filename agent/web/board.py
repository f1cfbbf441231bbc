"""What the pages show, read from the record (reads only: every change goes through :mod:`agent.web.bridge`).

The board is windowed in SQL: each status column gets its first ``per`` cards (the application
changed last first) and its total; the date of the last email and the next follow-up are looked up
for the cards shown only, so 5,000 applications cost one query of a few milliseconds, never 5,000 cards of HTML.
A column's "show all" pages through that one status, ``per`` at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, text

from agent.followups.rules import OPEN_STATUSES
from agent.record import journal, queries
from agent.record.rules import AppStatus
from agent.record.store import Store

PER_COLUMN = 25  # cards per status column on the board
PER_PAGE = 100  # cards per page of one status


@dataclass(frozen=True)
class Card:
    id: int
    company: str | None
    role: str | None
    account: str
    status: str
    last_email: str | None
    followup_kind: str | None
    followup_due: str | None


@dataclass
class Column:
    status: str
    title: str
    total: int = 0
    cards: list[Card] = field(default_factory=list)


@dataclass(frozen=True)
class Filters:
    account: str | None = None
    q: str | None = None
    status: str | None = None  # one column, paged
    page: int = 1


_WHERE = """
  WHERE (:account IS NULL OR a.account = :account)
    AND (:q IS NULL OR a.company LIKE :q ESCAPE '\\' OR a.role LIKE :q ESCAPE '\\')
    AND (:status IS NULL OR a.status = :status)
"""
_TOTALS = text(f"SELECT a.status, count(*) FROM applications a {_WHERE} GROUP BY a.status")
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
       f.kind, f.due_at
FROM shown s
LEFT JOIN followups f ON f.id = (SELECT f2.id FROM followups f2 WHERE f2.application_id = s.id
                                 AND f2.status IN :open ORDER BY f2.due_at LIMIT 1)
ORDER BY s.status, s.n
""").bindparams(bindparam("open", expanding=True))


def title(status: str) -> str:
    return status.replace("_", " ").capitalize()


def _like(q: str | None) -> str | None:
    if not q or not q.strip():
        return None
    escaped = q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def board(conn: Connection, filters: Filters) -> list[Column]:
    """The columns of the board, one per status (in the order of :class:`AppStatus`, whatever it holds)."""
    per = PER_PAGE if filters.status else PER_COLUMN
    skip = (filters.page - 1) * per if filters.status else 0
    columns = {s.value: Column(s.value, title(s.value)) for s in AppStatus
               if filters.status is None or s.value == filters.status}
    where = {"account": filters.account, "q": _like(filters.q), "status": filters.status}
    for status, total in conn.execute(_TOTALS, where):
        columns.setdefault(status, Column(status, title(status))).total = int(total)
    for row in conn.execute(_CARDS, {**where, "open": [str(s) for s in OPEN_STATUSES], "skip": skip, "per": per}):
        col = columns.setdefault(row.status, Column(row.status, title(row.status)))
        col.cards.append(Card(row.id, row.company, row.role, row.account, row.status, row.last_email,
                              row.kind, row.due_at))
    return list(columns.values())


def accounts(conn: Connection) -> list[str]:
    return [str(a) for a in conn.execute(text("SELECT DISTINCT account FROM applications ORDER BY account")).scalars()]


@dataclass
class AppPage:
    app: Any
    events: list[Any]
    followups: list[Any]
    notes: list[Any]
    kept: dict[str, tuple[str, str]]  # message_id -> (facts_json, body) of the events' emails
    candidates: list[Any]  # applications matching the merge search


def application(store: Store, conn: Connection, app_id: int, find: str | None) -> AppPage | None:
    app = store.application(conn, app_id)
    if app is None:
        return None
    events = store.application_events(conn, app_id)
    kept = {}
    for e in events:
        row = store.message_row(conn, e.message_id)
        if row is not None and row.facts_json:
            kept[e.message_id] = (row.facts_json, row.body or "")
    return AppPage(app=app, events=events, followups=queries.followups_of(conn, app_id),
                   notes=journal.notes_of(conn, app_id), kept=kept,
                   candidates=merge_candidates(conn, app_id, find) if find else [])


def merge_candidates(conn: Connection, app_id: int, find: str, limit: int = 20) -> list[Any]:
    """Applications whose company or role holds ``find``, or whose number it is (that one first; the
    application shown is left out)."""
    return list(conn.execute(text(
        "SELECT id, company, role, status, account FROM applications WHERE id != :id AND "
        "(company LIKE :q ESCAPE '\\' OR role LIKE :q ESCAPE '\\' OR CAST(id AS TEXT) = :raw) "
        "ORDER BY CAST(id AS TEXT) = :raw DESC, updated_at DESC LIMIT :limit"), {"id": app_id, "q": _like(find), "raw": find.strip(), "limit": limit}))


def statuses() -> Sequence[str]:
    return [s.value for s in AppStatus]
