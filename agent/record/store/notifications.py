"""The notifications aggregate: each notice's key, claimed in its own committed transaction before it is
sent (so never twice), and the news a pass may ping about.  What is sent and when: :mod:`agent.notify`.

Each function runs inside the caller's transaction (a ``Connection`` from ``Store.transaction()``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import overload

from sqlalchemy import Connection, delete, insert, literal, or_, select, update
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.exc import IntegrityError

from agent.record.store import dialects
from agent.record.store.database import rows_as
from agent.record.store.schema import applications, events, messages, notifications

SINCE_KEY = "since"  # the row that holds when notifications were first turned on


@overload
def news_key(account: str, message_id: str) -> str: ...
@overload
def news_key(account: ColumnElement[str], message_id: ColumnElement[str]) -> ColumnElement[str]: ...
def news_key(account: str | ColumnElement[str], message_id: str | ColumnElement[str]) -> str | ColumnElement[str]:
    """The key of a news email's notice: ``email:ACCOUNT:MESSAGE-ID``, one per account, so the same invitation
    sent to two job seekers pings each (a Python string, or the SQL expression of the columns given).
    (Notices sent before keys named the account hold ``email:MESSAGE-ID``, which ``pending_news`` still counts
    as sent, for every account.)"""
    if isinstance(account, str) and isinstance(message_id, str):
        return f"email:{account}:{message_id}"
    return literal("email:") + account + ":" + message_id


@dataclass(frozen=True)
class NotificationRow:
    key: str
    kind: str
    state: str  # claimed | sent | failed
    text: str | None
    created_at: str
    sent_at: str | None


@dataclass(frozen=True)
class NewsEvent:
    """A recorded job email that may deserve a ping."""

    message_id: str
    label: str
    company: str | None
    role: str | None
    subject: str | None
    account: str


def turned_on_at(conn: Connection, default: str) -> str:
    """When notifications were first turned on (``default`` is written the first time)."""
    since = conn.execute(select(notifications.c.created_at).where(notifications.c.key == SINCE_KEY)).scalar()
    if since is None:  # two processes writing it at once: the first one's stays
        conn.execute(dialects.insert_once(conn, notifications).values(key=SINCE_KEY, kind=SINCE_KEY, state=SINCE_KEY,
                                                                      created_at=default))
        since = conn.execute(select(notifications.c.created_at).where(notifications.c.key == SINCE_KEY)).scalar_one()
    return str(since)


def pending_news(conn: Connection, labels: Sequence[str], since: str, fresh: str) -> list[NewsEvent]:
    """Events the model recorded with one of ``labels``, of mail processed since ``since``, received
    since ``fresh``, whose notice (:func:`news_key`) is not claimed yet; oldest first."""
    processed = select(messages.c.id).where(messages.c.message_id == events.c.message_id,
                                            messages.c.account == events.c.account,
                                            messages.c.processed_at >= since).exists()
    claimed = select(notifications.c.key).where(or_(notifications.c.key == news_key(events.c.account,
                                                                                   events.c.message_id),
                                                    notifications.c.key == "email:" + events.c.message_id)).exists()
    query = (select(events.c.message_id, events.c.label, applications.c.company, applications.c.role,
                    events.c.subject, events.c.account)
             .join(applications, applications.c.id == events.c.application_id)
             .where(events.c.label.in_(labels), events.c.source == "model", events.c.received_at >= fresh,
                    processed, ~claimed)
             .order_by(events.c.received_at))
    return rows_as(NewsEvent, conn.execute(query))


def claim(conn: Connection, key: str, kind: str, text: str, now: str) -> bool:
    """Record the key; False when it is there already (sent before, or claimed by a pass that crashed)."""
    try:
        with conn.begin_nested():
            conn.execute(insert(notifications).values(key=key, kind=kind, state="claimed", text=text,
                                                      created_at=now))
    except IntegrityError:
        return False
    return True


def mark(conn: Connection, key: str, state: str, now: str) -> None:
    conn.execute(update(notifications).where(notifications.c.key == key).values(state=state, sent_at=now))


def release(conn: Connection, keys: Sequence[str]) -> None:
    conn.execute(delete(notifications).where(notifications.c.key.in_(list(keys))))


def recent(conn: Connection, limit: int) -> list[NotificationRow]:
    """The last notifications, newest first."""
    return rows_as(NotificationRow, conn.execute(select(notifications).where(notifications.c.key != SINCE_KEY)
                                                 .order_by(notifications.c.created_at.desc()).limit(limit)))
