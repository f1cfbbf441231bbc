"""Schema version 7: application and follow-up ids are never used twice.

SQLite gives a new row the highest id + 1, so after ``onward merge 1 13`` or ``onward delete 13``
removed the newest application, the next ``add`` got id 13 again, and an id printed earlier (in a
script, a note, a digest) silently meant another job.  ``applications`` and ``followups`` are declared
``AUTOINCREMENT`` (``sqlite_autoincrement=True``): SQLite then keeps the highest id ever given in
``sqlite_sequence``.

A new database gets the tables that way from ``metadata.create_all``; :func:`migrate` rebuilds the
two tables of an older one (SQLite cannot add AUTOINCREMENT to a table): a copy under a temporary
name with every row and id, the old table dropped, the copy renamed, its indexes created again.  The
migrations run with foreign keys off and every key is checked before the commit
(:mod:`agent.record.migrate`).  Ids removed before the upgrade cannot be known;
from the upgrade on, none is given twice.

The store imports this module; it imports nothing of the store (the tables are passed in).
"""

from __future__ import annotations

from sqlalchemy import Connection, Table, text
from sqlalchemy.schema import CreateTable

REBUILT = ("applications", "followups")


def has_autoincrement(conn: Connection, name: str) -> bool:
    sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :n"), {"n": name}).scalar()
    return sql is not None and "AUTOINCREMENT" in sql.upper()


def rebuild(conn: Connection, table: Table) -> None:
    """``table`` (a SQLite table without AUTOINCREMENT) rebuilt as declared, every row and id kept."""
    if has_autoincrement(conn, table.name):
        return
    temp = f"{table.name}_v7"
    old = [row[1] for row in conn.execute(text(f'PRAGMA table_info("{table.name}")'))]
    create = str(CreateTable(table).compile(conn))
    conn.execute(text(create.replace(f"CREATE TABLE {table.name} ", f'CREATE TABLE "{temp}" ', 1)))
    cols = ", ".join(f'"{c.name}"' for c in table.columns if c.name in old)
    conn.execute(text(f'INSERT INTO "{temp}" ({cols}) SELECT {cols} FROM "{table.name}"'))  # noqa: S608
    conn.execute(text(f'DROP TABLE "{table.name}"'))  # its indexes go with it
    conn.execute(text(f'ALTER TABLE "{temp}" RENAME TO "{table.name}"'))
    for index in table.indexes:
        index.create(conn)


def migrate(conn: Connection, followups: Table) -> None:
    """Version 6 → 7 (see the module docstring); the tables as the schema now declares them."""
    if conn.dialect.name != "sqlite":
        return
    tables = followups.metadata.tables
    for name in REBUILT:
        rebuild(conn, tables[name])
