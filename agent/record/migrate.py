"""Running the store's numbered schema migrations (the migrations themselves: ``MIGRATIONS`` in
:mod:`agent.record.store` and the ``schema_vN`` modules).

All of them run in one transaction with foreign keys off - SQLite's procedure for rebuilding a table
that other tables reference (see :mod:`agent.record.schema_v7`) - and every foreign key is checked
before the commit: an upgrade that would break one changes nothing.

The store imports this module; it imports nothing of the store (the tables are passed in).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, Table, func, insert, select, text

Migration = tuple[int, Sequence[str | Callable[[Connection, Table], None]]]


class ForeignKeyBroken(RuntimeError):
    """The upgrade would leave a row pointing at nothing: it was rolled back."""


def upgrade(engine: Engine, metadata: MetaData, versions: Table, migrations: Sequence[Migration], latest: int,
            followups: Table) -> int:
    """Create the tables, or run the migrations newer than the database; returns the version in force.
    Each ``migrations`` step is SQL text or a callable ``(conn, followups)``."""
    with engine.connect() as conn, foreign_keys_off(conn):
        with conn.begin():
            version = _upgrade(conn, metadata, versions, migrations, latest, followups)
            if not foreign_keys_hold(conn):
                raise ForeignKeyBroken("the schema upgrade would break a foreign key: nothing was changed")
        return version


def _upgrade(conn: Connection, metadata: MetaData, versions: Table, migrations: Sequence[Migration], latest: int,
             followups: Table) -> int:
    metadata.create_all(conn)
    current = conn.execute(select(func.max(versions.c.version))).scalar()
    if current is None:  # a new database: created as the latest version
        _done(conn, versions, latest)
        return latest
    for version, steps in migrations:
        if version > current:
            for step in steps:
                _: Any = conn.execute(text(step)) if isinstance(step, str) else step(conn, followups)
            _done(conn, versions, version)
            current = version
    return int(current)


def _done(conn: Connection, versions: Table, version: int) -> None:
    conn.execute(insert(versions).values(version=version, applied_at=datetime.now(UTC).isoformat(timespec="seconds")))


@contextmanager
def foreign_keys_off(conn: Connection) -> Iterator[None]:
    """SQLite: foreign keys off on ``conn`` while the block runs, on again afterwards.  Set before any
    statement: the connection is in autocommit mode then (the pragma does nothing inside a transaction)."""
    raw = conn.connection.driver_connection if conn.dialect.name == "sqlite" else None
    if raw is not None:
        raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=ON")


def foreign_keys_hold(conn: Connection) -> bool:
    """Whether every foreign key holds (SQLite checks them all; other databases enforce them anyway)."""
    return conn.dialect.name != "sqlite" or conn.exec_driver_sql("PRAGMA foreign_key_check").first() is None
