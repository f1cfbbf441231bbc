"""What the pages show, read from the record (reads only: every change goes through :mod:`agent.web.bridge`).

The board is windowed in SQL: each status column gets its first ``per`` cards (the application
changed last first) and its total; the date of the last email and the next follow-up are looked up
for the cards shown only, so 5,000 applications cost one query of a few milliseconds, never 5,000 cards of HTML.
A column's "show all" pages through that one status, ``per`` at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from agent.followups.rules import OPEN_STATUSES
from agent.record.followup_rows import Followup
from agent.record.rules import AppStatus
from agent.record.store import ApplicationRow, Connection, EventRow, Store, journal
from agent.record.store import applications as app_store
from agent.record.store import followups as fu_store
from agent.record.store.applications import ApplicationBrief
from agent.record.store.journal import Note
from agent.record.store.reports import BoardFilter, Card, board_cards, board_totals

PER_COLUMN = 25  # cards per status column on the board
PER_PAGE = 100  # cards per page of one status


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


def title(status: str) -> str:
    return status.replace("_", " ").capitalize()


def board(conn: Connection, filters: Filters) -> list[Column]:
    """The columns of the board, one per status (in the order of :class:`AppStatus`, whatever it holds)."""
    per = PER_PAGE if filters.status else PER_COLUMN
    skip = (filters.page - 1) * per if filters.status else 0
    columns = {s.value: Column(s.value, title(s.value)) for s in AppStatus
               if filters.status is None or s.value == filters.status}
    where = BoardFilter(account=filters.account, q=app_store.like_pattern(filters.q), status=filters.status)
    for status, total in board_totals(conn, where).items():
        columns.setdefault(status, Column(status, title(status))).total = total
    for card in board_cards(conn, where, [str(s) for s in OPEN_STATUSES], skip, per):
        columns.setdefault(card.status, Column(card.status, title(card.status))).cards.append(card)
    return list(columns.values())


def accounts(conn: Connection) -> list[str]:
    return app_store.accounts(conn)


@dataclass
class AppPage:
    app: ApplicationRow
    events: list[EventRow]
    followups: list[Followup]
    notes: list[Note]
    kept: dict[str, tuple[str, str]]  # message_id -> (facts_json, body) of the events' emails
    candidates: list[ApplicationBrief]  # applications matching the merge search


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
    return AppPage(app=app, events=events, followups=fu_store.followups_of(conn, app_id),
                   notes=journal.notes_of(conn, app_id), kept=kept,
                   candidates=merge_candidates(conn, app_id, find) if find else [])


def merge_candidates(conn: Connection, app_id: int, find: str, limit: int = 20) -> list[ApplicationBrief]:
    """Applications whose company or role holds ``find``, or whose number it is (that one first; the
    application shown is left out)."""
    return app_store.merge_candidates(conn, app_id, find, limit)


def statuses() -> Sequence[str]:
    return [s.value for s in AppStatus]
