"""Schema version 4: several follow-ups per application, of several kinds, and what an
application knows of its interview and of its contact.

* ``applications`` gains ``contact_name``/``contact_addr`` (set by ``onward add``/``edit``),
  ``applied_at`` (``onward add --applied``), ``interview_start``/``interview_end`` (from the
  invitation's calendar part or ``onward interview``), ``interview_message_id`` (the invitation a
  thank-you is threaded under), ``interview_uid`` (the iCalendar UID, so a later update of the
  same event moves the time) and ``language`` (of the company's last email: a check-in's language).
* ``followups`` gains ``kind`` (:class:`agent.followups.rules.FollowupKind`), ``template`` (the
  template used, ``<kind>/<stage>``), ``language`` and ``slot`` (what makes a follow-up unique within
  its application: ``rejection_thanks``, ``interview_thanks:<invitation>``, ``check_in:<n>``), and
  loses the UNIQUE on ``application_id`` (one follow-up per application was the old rule).

SQLite cannot drop a constraint, so :func:`migrate` rebuilds ``followups``: the old table is renamed,
the new one created from the schema in force (so any column an earlier migration added is there),
every common column copied, the old table dropped - all inside the migration's transaction.

The store imports this module; it imports nothing of the store (the tables are passed in).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Connection, String, Table, UniqueConstraint, text

APPLICATION_COLUMNS = {
    "contact_name": "VARCHAR", "contact_addr": "VARCHAR", "applied_at": "VARCHAR",
    "interview_start": "VARCHAR", "interview_end": "VARCHAR", "interview_message_id": "VARCHAR",
    "interview_uid": "VARCHAR", "language": "VARCHAR",
}


def application_columns() -> list[Column[Any]]:
    return [Column(name, String) for name in APPLICATION_COLUMNS]


def followup_columns() -> list[Column[Any] | UniqueConstraint]:
    """The new columns of ``followups``, and its new key: one follow-up per (application, slot)."""
    return [Column("kind", String, nullable=False, server_default="rejection_thanks"),
            Column("template", String), Column("language", String), Column("slot", String),
            UniqueConstraint("application_id", "slot", name="uq_followups_slot")]


def migrate(conn: Connection, followups: Table) -> None:
    """Version 3 → 4 (see the module docstring); ``followups`` is the table as the schema now has it."""
    have = {row[1] for row in conn.execute(text("PRAGMA table_info(applications)"))}
    for name, kind in APPLICATION_COLUMNS.items():
        if name not in have:
            conn.execute(text(f"ALTER TABLE applications ADD COLUMN {name} {kind}"))
    old = [row[1] for row in conn.execute(text("PRAGMA table_info(followups)"))]
    if "slot" in old:
        return  # already rebuilt (a database created by this version)
    conn.execute(text("ALTER TABLE followups RENAME TO followups_v3"))
    for (index,) in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'index' AND "
                                      "tbl_name = 'followups_v3' AND sql IS NOT NULL")).all():
        conn.execute(text(f'DROP INDEX "{index}"'))
    followups.create(conn)
    common = [c.name for c in followups.columns if c.name in old]
    cols = ", ".join(f'"{c}"' for c in common)
    conn.execute(text(f"INSERT INTO followups ({cols}, kind, slot) "  # noqa: S608 - our own column names
                      f"SELECT {cols}, 'rejection_thanks', 'rejection_thanks' FROM followups_v3"))
    conn.execute(text("DROP TABLE followups_v3"))
