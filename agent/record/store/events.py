"""The events aggregate: one outcome event per job email put on record (an application's history),
with the recipient its headers allow a follow-up to.

Everything runs inside the caller's transaction (a ``Connection`` from ``Store.transaction()``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, func, insert, select, update

from agent.record.store.database import Database, Value, row_as, rows_as
from agent.record.store.schema import DEFAULT_ACCOUNT, applications, events


@dataclass(frozen=True)
class EventRow:
    """One ``events`` row (timestamps as stored: ISO strings)."""

    id: int
    message_id: str
    application_id: int
    label: str
    confidence: float
    received_at: str
    subject: str | None
    from_addr: str | None
    contact_name: str | None
    contact_email: str | None
    references_json: str | None
    source: str
    account: str = DEFAULT_ACCOUNT
    recorded_at: str | None = None
    contact_source: str | None = None
    contact_reason: str | None = None
    sender_key: str | None = None


@dataclass(frozen=True)
class EventListRow(EventRow):
    """An event as ``onward events`` lists it: with its application's company and role."""

    company: str | None = None
    role: str | None = None


class _Hot:
    """The per-job-email statements, built once (see agent.record.store.applications._Hot)."""

    event_exists = select(events.c.id).where(events.c.message_id == bindparam("mid"),
                                             events.c.account == bindparam("account"))
    insert_event = insert(events)
    events_among = select(events.c.message_id).where(events.c.message_id.in_(bindparam("ids", expanding=True)),
                                                     events.c.account == bindparam("account"))
    application_events = (select(events).where(events.c.application_id == bindparam("app_id"))
                          .order_by(events.c.received_at, events.c.id))


class EventQueries(Database):
    """The store's event methods (mixed into :class:`agent.record.store.Store`)."""

    def event_exists(self, conn: Connection, message_id: str, account: str) -> bool:
        return conn.execute(_Hot.event_exists, {"mid": message_id, "account": account}).first() is not None

    def add_event(self, conn: Connection, **values: Value) -> None:
        """Insert an event (the caller checked :meth:`event_exists`; (account, message_id) is UNIQUE)."""
        conn.execute(_Hot.insert_event, values)

    def event(self, conn: Connection, message_id: str, account: str) -> EventRow | None:
        """The event of this email in ``account`` (the same email may be an event of each account it came to)."""
        return row_as(EventRow, conn.execute(select(events).where(events.c.message_id == message_id,
                                                                  events.c.account == account)).first())

    def set_event_label(self, conn: Connection, message_id: str, label: str, account: str) -> None:
        conn.execute(update(events).where(events.c.message_id == message_id, events.c.account == account)
                     .values(label=label, confidence=1.0, source="user"))

    def delete_event(self, conn: Connection, message_id: str, account: str) -> None:
        conn.execute(events.delete().where(events.c.message_id == message_id, events.c.account == account))

    def application_events(self, conn: Connection, application_id: int) -> list[EventRow]:
        """The events of one application, oldest first."""
        return rows_as(EventRow, conn.execute(_Hot.application_events, {"app_id": application_id}))

    def list_events(self, conn: Connection) -> list[EventListRow]:
        return rows_as(EventListRow, conn.execute(
            select(events, applications.c.company, applications.c.role)
            .join(applications, applications.c.id == events.c.application_id)
            .order_by(events.c.received_at, events.c.id)))


def with_events(conn: Connection, message_ids: Iterable[str], account: str) -> set[str]:
    """Which of ``message_ids`` already have an event in ``account``."""
    ids = sorted(set(message_ids))
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        found.update(str(m) for m in conn.execute(_Hot.events_among, {"ids": ids[start:start + 500],
                                                                       "account": account}).scalars())
    return found


def event_counts(conn: Connection) -> dict[int, tuple[int, str | None, str | None]]:
    """application id → (events, first event date, last event date)."""
    rows = conn.execute(select(events.c.application_id, func.count(), func.min(events.c.received_at),
                               func.max(events.c.received_at)).group_by(events.c.application_id))
    return {int(app): (int(n), first, last) for app, n, first, last in rows}
