"""Schema version 3: everything recorded carries its account.

``applications``, ``events`` and ``followups`` gain ``account`` (the config's account NAME: ``default``
for the ``[imap]`` form, else ``[accounts.NAME]``); ``messages`` and ``folder_state`` had an account
already, but it was ``user@host``. :func:`migrate` adds the columns (existing rows get ``default``) and
renames the account of the existing rows to ``default`` - the one account an older Onward could
have. Should a database hold rows of more than one ``user@host`` (the ``[imap]`` host was changed
once), only the most recent one becomes ``default``: renaming them all could collide on the
messages' (account, folder, UIDVALIDITY, UID) key, and the older rows no longer matter to a pass.

The store imports this module; it imports nothing of the store (the tables are passed in).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Connection, String, Table, text

DEFAULT_ACCOUNT = "default"
TABLES = ("applications", "events", "followups")


def account_columns() -> list[Column[Any]]:
    """The ``account`` column of ``applications``, ``events`` and ``followups``."""
    return [Column("account", String, nullable=False, server_default=DEFAULT_ACCOUNT, index=True)]


def migrate(conn: Connection, _followups: Table | None = None) -> None:
    """Version 2 → 3 (see the module docstring)."""
    for table in TABLES:
        have = {row[1] for row in conn.execute(text(f"PRAGMA table_info({table})"))}
        if "account" not in have:
            conn.execute(text(f"ALTER TABLE {table} ADD COLUMN account VARCHAR NOT NULL "
                              f"DEFAULT '{DEFAULT_ACCOUNT}'"))
        conn.execute(text(f"CREATE INDEX IF NOT EXISTS ix_{table}_account ON {table} (account)"))
    latest = conn.execute(text("SELECT account FROM messages WHERE account != :d ORDER BY id DESC LIMIT 1"),
                          {"d": DEFAULT_ACCOUNT}).scalar()
    if latest is None:
        latest = conn.execute(text("SELECT account FROM folder_state WHERE account != :d "
                                   "ORDER BY updated_at DESC LIMIT 1"), {"d": DEFAULT_ACCOUNT}).scalar()
    if latest is not None and not conn.execute(text("SELECT 1 FROM folder_state WHERE account = :d"),
                                               {"d": DEFAULT_ACCOUNT}).first():
        for table in ("messages", "folder_state"):
            conn.execute(text(f"UPDATE {table} SET account = :d WHERE account = :old"),  # noqa: S608
                         {"d": DEFAULT_ACCOUNT, "old": latest})
