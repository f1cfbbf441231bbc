"""The journal aggregate: the user's notes on an application (``onward reflect``) and the weekly
digests saved in Drafts (one row per ISO week and person, written after the APPEND).

Everything runs inside the caller's transaction (a ``Connection`` from ``Store.transaction()``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, insert, select

from agent.record.store.database import iso, row_as, rows_as
from agent.record.store.schema import digests, notes


@dataclass(frozen=True)
class Note:
    id: int
    application_id: int
    text: str
    written_at: str


@dataclass(frozen=True)
class SavedDigest:
    week: str
    saved_at: str
    draft_message_id: str
    account: str


def add_note(conn: Connection, application_id: int, text: str, now: datetime) -> Note:
    result = conn.execute(insert(notes).values(application_id=application_id, text=text, written_at=iso(now)))
    key = result.inserted_primary_key
    assert key is not None
    return Note(int(key[0]), application_id, text, iso(now))


def notes_of(conn: Connection, application_id: int | None = None) -> list[Note]:
    q = select(notes).order_by(notes.c.written_at, notes.c.id)
    if application_id is not None:
        q = q.where(notes.c.application_id == application_id)
    return rows_as(Note, conn.execute(q))


def note_counts(conn: Connection) -> dict[int, int]:
    """application id → number of notes (``outcomes --json`` ``notes``)."""
    rows = conn.execute(select(notes.c.application_id, func.count()).group_by(notes.c.application_id))
    return {int(a): int(n) for a, n in rows}


def saved_digest(conn: Connection, week: str, account: str) -> SavedDigest | None:
    """The digest of ``week`` that ``account``'s pass saved in its Drafts, if any."""
    return row_as(SavedDigest, conn.execute(
        select(digests).where(digests.c.week == week, digests.c.account == account)).first())


def saved_digests(conn: Connection) -> list[SavedDigest]:
    return rows_as(SavedDigest, conn.execute(select(digests).order_by(digests.c.week, digests.c.account)))


def record_digest(conn: Connection, week: str, draft_message_id: str, now: datetime, account: str) -> None:
    """The digest of ``week`` is in ``account``'s Drafts (the week and the account are the key: a second row is
    refused)."""
    if saved_digest(conn, week, account) is None:
        conn.execute(insert(digests).values(week=week, draft_message_id=draft_message_id, saved_at=iso(now),
                                            account=account))
