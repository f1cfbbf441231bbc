"""The queries beside :mod:`agent.record.store`, over its tables: the reflection journal
(``notes``), the weekly digests saved (``digests``), and the drafted follow-ups the Sent check looks at
(:func:`agent.followups.drafting.mark_sent` marks those the user sent).

They run inside the caller's transaction (a ``Connection`` from ``Store.transaction()``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, func, insert, select

from agent.record.followup_rows import Followup, FollowupStatus
from agent.record.store import applications, digests, followups, iso, notes


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
    return [Note(r.id, r.application_id, r.text, r.written_at) for r in conn.execute(q)]


def note_counts(conn: Connection) -> dict[int, int]:
    """application id → number of notes (``outcomes --json`` ``notes``)."""
    rows = conn.execute(select(notes.c.application_id, func.count()).group_by(notes.c.application_id))
    return {int(a): int(n) for a, n in rows}


def application_exists(conn: Connection, application_id: int) -> bool:
    return conn.execute(select(applications.c.id).where(applications.c.id == application_id)).first() is not None


def saved_digest(conn: Connection, week: str) -> SavedDigest | None:
    r = conn.execute(select(digests).where(digests.c.week == week)).first()
    return SavedDigest(r.week, r.saved_at, r.draft_message_id, r.account) if r is not None else None


def saved_digests(conn: Connection) -> list[SavedDigest]:
    return [SavedDigest(r.week, r.saved_at, r.draft_message_id, r.account)
            for r in conn.execute(select(digests).order_by(digests.c.week))]


def record_digest(conn: Connection, week: str, draft_message_id: str, now: datetime, account: str) -> None:
    """The digest of ``week`` is in Drafts (``week`` is the key: a second row is refused)."""
    if saved_digest(conn, week) is None:
        conn.execute(insert(digests).values(week=week, draft_message_id=draft_message_id, saved_at=iso(now),
                                            account=account))


SENT_WINDOW_DAYS = 60  # a draft not sent within this many days is no longer looked for in Sent


def drafted_followups(conn: Connection, now: datetime) -> list[Followup]:
    """Follow-ups whose draft was saved with a recipient in the last SENT_WINDOW_DAYS, not yet known to be sent."""
    rows = conn.execute(select(followups).where(followups.c.status == FollowupStatus.DRAFTED.value,
                                                followups.c.draft_message_id.is_not(None),
                                                followups.c.to_addr.is_not(None),
                                                followups.c.drafted_at >= iso(now - timedelta(days=SENT_WINDOW_DAYS)))
                        .order_by(followups.c.id))
    return [Followup.from_row(r) for r in rows]
