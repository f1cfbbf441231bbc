"""Schema version 6: the facts follow-up planning reads, kept apart from what planning decided.

* ``install``: one row, ``install_id``, a random id made once per database: a draft's Message-ID
  carries it, so two databases against one mailbox never take each other's drafts for their own.
* ``applications`` gains ``possible_duplicate_of`` (an application of the same company name whose
  emails came from an unrelated registered domain: shown, never merged on its own),
  ``interview_set_at`` (when the interview's time became known: the invitation's date, or when
  ``onward interview --at`` was run) and ``interview_cancelled_by`` (the calendar cancellation).
* ``events`` gains ``recorded_at`` (when Onward put the email on record), ``contact_source`` (the
  header the recipient came from: ``from``, ``reply-to``, ``organizer``) and ``contact_reason`` (why
  no recipient could be taken from the email) and ``sender_key`` (who sent it, as linking compares
  senders: :func:`agent.record.contacts.sender_key`).
* ``followups`` gains ``ended_by`` (the fact that cancelled it: a Message-ID, ``user`` ...) and
  ``user_action`` (the user's last word: skipped, set, restored); check-in slots become
  ``check_in:<anchor>`` (the moment the silence is counted from), so a pass never needs a counter.

The store imports this module; it imports nothing of the store.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, Text, text

APPLICATION_COLUMNS = {"possible_duplicate_of": "INTEGER", "interview_set_at": "VARCHAR",
                       "interview_cancelled_by": "VARCHAR"}
EVENT_COLUMNS = {"recorded_at": "VARCHAR", "contact_source": "VARCHAR", "contact_reason": "TEXT",
                 "sender_key": "VARCHAR"}
FOLLOWUP_COLUMNS = {"ended_by": "VARCHAR", "user_action": "VARCHAR"}


def install_table(metadata: MetaData) -> Table:
    return Table("install", metadata, Column("key", String, primary_key=True), Column("value", String, nullable=False))


def application_columns() -> list[Column[Any]]:
    return [Column("possible_duplicate_of", Integer), Column("interview_set_at", String),
            Column("interview_cancelled_by", String)]


def event_columns() -> list[Column[Any]]:
    return [Column("recorded_at", String), Column("contact_source", String), Column("contact_reason", Text),
            Column("sender_key", String, index=True)]


def followup_columns() -> list[Column[Any]]:
    return [Column("ended_by", String), Column("user_action", String)]


def _add(conn: Connection, table: str, columns: dict[str, str]) -> None:
    have = {row[1] for row in conn.execute(text(f"PRAGMA table_info({table})"))}
    for name, kind in columns.items():
        if name not in have:
            conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {kind}"))


def migrate(conn: Connection, _followups: Table | None = None) -> None:
    """Version 5 → 6 (see the module docstring)."""
    _add(conn, "applications", APPLICATION_COLUMNS)
    _add(conn, "events", EVENT_COLUMNS)
    _add(conn, "followups", FOLLOWUP_COLUMNS)
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_events_sender_key ON events (sender_key)"))
    conn.execute(text("UPDATE events SET recorded_at = COALESCE((SELECT MIN(m.processed_at) FROM messages m "
                      "WHERE m.message_id = events.message_id), received_at) WHERE recorded_at IS NULL"))
    conn.execute(text("UPDATE applications SET interview_set_at = interview_start "
                      "WHERE interview_start IS NOT NULL AND interview_set_at IS NULL"))
    conn.execute(text("UPDATE followups SET slot = 'check_in:' || rejected_at "
                      "WHERE kind = 'check_in' AND slot NOT LIKE 'check_in:%T%' AND NOT EXISTS "
                      "(SELECT 1 FROM followups f2 WHERE f2.application_id = followups.application_id "
                      "AND f2.slot = 'check_in:' || followups.rejected_at)"))
    conn.execute(text("UPDATE followups SET user_action = 'skipped' WHERE reason = 'skipped by you'"))
