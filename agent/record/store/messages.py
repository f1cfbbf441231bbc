"""The messages aggregate: every email Onward has looked at (``messages``: whatever the outcome, so
nothing is processed twice), and the labelled examples the user gave (``examples``).

Everything runs inside the caller's transaction (a ``Connection`` from ``Store.transaction()``).
Bodies follow ``storage.keep_bodies`` (:meth:`agent.record.store.database.Database.body_rule`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, insert, select, update

from agent.record.store.database import Database, Value, iso, row_as, rows_as
from agent.record.store.schema import examples, messages


@dataclass(frozen=True)
class MessageRow:
    """One ``messages`` row: an email looked at."""

    id: int
    account: str
    folder: str
    uidvalidity: int
    uid: int
    message_id: str
    status: str  # classified | review | failed | duplicate
    label: str | None
    confidence: float | None
    p_rejection: float | None
    error: str | None
    subject: str | None
    from_addr: str | None
    received_at: str | None
    processed_at: str
    application_id: int | None
    facts_json: str | None
    body: str | None


@dataclass(frozen=True)
class ExampleRow:
    """One labelled example (a correction or a training folder's email)."""

    message_id: str
    label: str
    subject: str | None
    body: str | None
    from_addr: str | None
    source: str
    updated_at: str


class MessageQueries(Database):
    """The store's message and example methods (mixed into :class:`agent.record.store.Store`)."""

    def known_message_ids(self, conn: Connection, account: str, folder: str,
                          message_ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        ids = list(set(message_ids))
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            found.update(conn.execute(select(messages.c.message_id).where(
                messages.c.account == account, messages.c.folder == folder,
                messages.c.message_id.in_(chunk))).scalars())
        return found

    def recorded_uids(self, conn: Connection, account: str, folder: str, uidvalidity: int,
                      uids: Sequence[int]) -> set[int]:
        """Which of ``uids`` are already on record (one query; a range scan for long lists)."""
        if not uids:
            return set()
        key = (messages.c.account == account, messages.c.folder == folder, messages.c.uidvalidity == uidvalidity)
        if len(uids) > 500:
            found = conn.execute(select(messages.c.uid).where(*key, messages.c.uid >= min(uids))).scalars()
        else:
            found = conn.execute(select(messages.c.uid).where(*key, messages.c.uid.in_(list(uids)))).scalars()
        return set(found) & set(uids)

    def insert_messages(self, conn: Connection, rows: Sequence[Mapping[str, Value]]) -> None:
        """Insert many processed-message rows at once (executemany); the caller checked they are new."""
        if rows:
            conn.execute(insert(messages), [self.body_rule(r) for r in rows])

    def message_row(self, conn: Connection, message_id: str) -> MessageRow | None:
        """The newest row of the email ``message_id`` (one email may sit in several folders)."""
        return row_as(MessageRow, conn.execute(select(messages).where(messages.c.message_id == message_id)
                                               .order_by(messages.c.id.desc())).first())

    def review_rows(self, conn: Connection) -> list[MessageRow]:
        """The emails waiting for review, each once: an email the user moved into another watched folder
        (the same Message-ID, looked at again there) is listed by the row it first had."""
        rows = rows_as(MessageRow, conn.execute(select(messages).where(messages.c.status == "review")
                                                .order_by(messages.c.received_at.nulls_first(), messages.c.id)))
        first: dict[tuple[str, str], MessageRow] = {}
        for row in rows:
            first.setdefault((row.account, row.message_id), row)
        return list(first.values())

    def set_message_label(self, conn: Connection, message_id: str, label: str, status: str) -> None:
        conn.execute(update(messages).where(messages.c.message_id == message_id)
                     .values(label=label, confidence=1.0, status=status))

    def keep_message_facts(self, conn: Connection, message_id: str, facts: str, body: str) -> None:
        """The facts (and body) of a labelled email read again from the mailbox, on its rows without."""
        conn.execute(update(messages).where(messages.c.message_id == message_id, messages.c.facts_json.is_(None))
                     .values(**self.body_rule({"facts_json": facts, "body": body})))

    # -- labelled examples ------------------------------------------------------------------------------

    def upsert_example(self, conn: Connection, *, message_id: str, label: str, subject: str, body: str,
                       from_addr: str, source: str, now: datetime) -> None:
        values = self.body_rule(dict(label=label, subject=subject, body=body, from_addr=from_addr, source=source,
                                     updated_at=iso(now)))
        done = conn.execute(update(examples).where(examples.c.message_id == message_id).values(**values))
        if done.rowcount == 0:
            conn.execute(insert(examples).values(message_id=message_id, **values))

    def list_examples(self, conn: Connection) -> list[ExampleRow]:
        return rows_as(ExampleRow, conn.execute(select(examples).order_by(examples.c.updated_at)))


def linked_message_ids(conn: Connection, app_id: int) -> set[str]:
    """The Message-IDs of the recorded emails linked to application ``app_id`` (events and the other
    emails of its threads)."""
    return set(conn.execute(select(messages.c.message_id).where(messages.c.application_id == app_id)).scalars())


def first_processed_at(conn: Connection, message_id: str) -> str | None:
    """When Onward first looked at the email ``message_id`` (the earliest of its rows: it may sit in several
    folders), as stored; None when it never did."""
    found = conn.execute(select(func.min(messages.c.processed_at)).where(messages.c.message_id == message_id)).scalar()
    return None if found is None else str(found)


def message_id_at(conn: Connection, account: str, where: tuple[str, int, int]) -> str | None:
    """The Message-ID recorded at (folder, UIDVALIDITY, UID) of ``account``."""
    folder, uidvalidity, uid = where
    found = conn.execute(select(messages.c.message_id).where(
        messages.c.account == account, messages.c.folder == folder, messages.c.uidvalidity == uidvalidity,
        messages.c.uid == uid)).scalar()
    return None if found is None else str(found)


def review_counts(conn: Connection) -> dict[str, int]:
    """account → emails waiting for review."""
    return {str(a): int(n) for a, n in conn.execute(
        select(messages.c.account, func.count(func.distinct(messages.c.message_id)))
        .where(messages.c.status == "review").group_by(messages.c.account))}


def kept_bodies(conn: Connection, message_ids: Sequence[str]) -> list[str]:
    """The bodies kept of these emails (none with ``storage.keep_bodies = false``), in no particular order."""
    ids = sorted(set(message_ids))
    return [str(b) for start in range(0, len(ids), 500) for b in conn.execute(
        select(messages.c.body).where(messages.c.message_id.in_(ids[start:start + 500]),
                                      messages.c.body.is_not(None))).scalars()]
