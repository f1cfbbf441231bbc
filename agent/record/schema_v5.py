"""Schema version 5: the reflection journal, the weekly digests, and when a follow-up was sent.

* ``notes``: the user's notes on an application (``onward reflect APP``), one row per note.
* ``digests``: one row per ISO week whose digest draft was saved (``week`` is the key: never two a
  week), with the draft's Message-ID (derived from the week) and when it was saved.
* ``followups`` gains ``sent_at``: when the user sent the drafted follow-up from the mail client
  (the date of the message found in Sent); its status is then ``sent``.

New tables are created by ``metadata.create_all`` before the migrations run; :func:`migrate` only
adds the column (a database whose ``followups`` was rebuilt by version 4 already has it).

The store imports this module; it imports nothing of the store (the tables are passed in).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Connection, ForeignKey, Integer, MetaData, String, Table, Text, text


def tables(metadata: MetaData) -> tuple[Table, Table]:
    """``notes`` and ``digests``, added to the store's ``metadata``."""
    notes = Table(
        "notes", metadata,
        Column("id", Integer, primary_key=True),
        Column("application_id", Integer, ForeignKey("applications.id"), nullable=False, index=True),
        Column("text", Text, nullable=False),
        Column("written_at", String, nullable=False),
    )
    digests = Table(
        "digests", metadata,
        Column("week", String, primary_key=True),  # ISO week, e.g. 2026-W45
        Column("draft_message_id", String, nullable=False),
        Column("saved_at", String, nullable=False),
        Column("account", String, nullable=False),
    )
    return notes, digests


def followup_columns() -> list[Column[Any]]:
    return [Column("sent_at", String)]


def migrate(conn: Connection, _followups: Table | None = None) -> None:
    """Version 4 → 5 (see the module docstring)."""
    have = {row[1] for row in conn.execute(text("PRAGMA table_info(followups)"))}
    if "sent_at" not in have:
        conn.execute(text("ALTER TABLE followups ADD COLUMN sent_at VARCHAR"))
