"""What differs between the two databases the store runs on: SQLite (the embedded default, one file) and
PostgreSQL (``storage.database = "postgresql+psycopg://..."``, psycopg 3 from the ``postgresql`` extra).

Everything else in the store is SQLAlchemy Core that both compile the same way, and every value is
portable (timestamps are ISO strings, statuses plain strings, no booleans).  The points that differ live
here, each behind one function:

* the URL: ``postgresql://`` (SQLAlchemy's default driver there is psycopg2) means psycopg 3, and a
  PostgreSQL URL without psycopg installed is one line naming the extra;
* the engine: PostgreSQL connections are checked before use (a server restart between two passes
  leaves dead ones in the pool) and connecting gives up after :data:`CONNECT_TIMEOUT` seconds;
* the schema upgrade's lock: SQLite's ``BEGIN IMMEDIATE`` (in :mod:`agent.record.store.database`),
  PostgreSQL's transaction-scoped advisory lock :data:`UPGRADE_LOCK`, so processes starting at once
  upgrade one after the other and the later ones find the work done;
* reading the schema as it is (a migration's columns and indexes): the inspector, which knows both;
* a keyed row written once: ``INSERT ... ON CONFLICT DO NOTHING`` (both have it), so two processes
  making it at the same moment both succeed and the first one's row stays.
"""

from __future__ import annotations

import importlib.util
from typing import Any, TypedDict

from sqlalchemy import Connection, Select, Table, inspect, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.sql.dml import Insert

POSTGRESQL_EXTRA = "postgresql"  # pip install 'onward[postgresql]'
POSTGRESQL_DRIVER = "postgresql+psycopg"
CONNECT_TIMEOUT = 10  # seconds; a server that does not answer is a database error, not a hang
# pg_advisory_xact_lock's key for the schema upgrade: any fixed bigint, the same in every Onward
UPGRADE_LOCK = 0x6F6E77617264  # "onward"


class UnsupportedURL(ValueError):
    """``storage.database`` is not a URL the store can open; the message says what to fix."""


def engine_url(url: str) -> URL:
    """``url`` as the store opens it: ``postgresql://`` and ``postgres://`` mean psycopg 3.  A PostgreSQL URL
    without psycopg installed is :class:`UnsupportedURL` naming the extra to install."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise UnsupportedURL("is not a database URL (sqlite:///PATH or postgresql+psycopg://USER@HOST/DB)") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername=POSTGRESQL_DRIVER)
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername != POSTGRESQL_DRIVER:
            raise UnsupportedURL(f"uses the driver {parsed.get_driver_name()!r}: Onward speaks to PostgreSQL "
                                 f"through psycopg 3, write {POSTGRESQL_DRIVER}://...")
        if importlib.util.find_spec("psycopg") is None:
            raise UnsupportedURL(f"is a PostgreSQL URL but psycopg 3 is not installed: "
                                 f"pip install 'onward[{POSTGRESQL_EXTRA}]'")
    return parsed


def shown(url: str | URL) -> str:
    """The URL as messages print it: without its password."""
    try:
        return (url if isinstance(url, URL) else make_url(url)).render_as_string(hide_password=True)
    except ArgumentError:
        return str(url)


class EngineOptions(TypedDict, total=False):
    pool_pre_ping: bool
    connect_args: dict[str, int]


def engine_options(url: URL) -> EngineOptions:
    """``create_engine`` keywords for the database behind ``url``."""
    if url.get_backend_name() != "postgresql":
        return {}
    options: EngineOptions = {"pool_pre_ping": True}
    if "connect_timeout" not in url.query:
        options["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT}
    return options


def lock_for_upgrade(conn: Connection) -> None:
    """Inside the upgrade's transaction, before it reads the version: wait until no other process is
    upgrading.  PostgreSQL: the advisory lock, released with the transaction; SQLite's ``BEGIN IMMEDIATE``
    has taken the write lock already."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK})


def lock_rows(conn: Connection, query: Select[Any]) -> None:
    """Run ``query`` ``FOR UPDATE`` (its rows locked until this transaction ends) on a database whose
    transactions run side by side: PostgreSQL at READ COMMITTED, where two transactions that read a row,
    then write what they derived from it, would otherwise both write - the later one over the earlier's.
    SQLite: nothing - one writer at a time, and a transaction whose read is older than another's commit
    fails at its first write (and is redone) instead of writing over it."""
    if conn.dialect.name != "sqlite":
        conn.execute(query.with_for_update())


def column_names(conn: Connection, table: str) -> list[str]:
    """The columns ``table`` has in the database (not as the schema declares it)."""
    if conn.dialect.name == "sqlite":
        return [str(row[1]) for row in conn.execute(text(f'PRAGMA table_info("{table}")'))]
    return [str(c["name"]) for c in inspect(conn).get_columns(table)]


def index_names(conn: Connection, table: str) -> list[str]:
    """The named indexes of ``table`` (not those the database makes for a UNIQUE or PRIMARY KEY)."""
    return [str(i["name"]) for i in inspect(conn).get_indexes(table)
            if i.get("name") and not i.get("duplicates_constraint")]


def insert_once(conn: Connection, table: Table) -> Insert:
    """``INSERT INTO table`` that leaves an existing row with the same key as it is (and inserts nothing)."""
    if conn.dialect.name == "postgresql":
        # lazy: SQLAlchemy's PostgreSQL dialect adds 1.3 MB to every process, a SQLite daemon's waiting one too
        from sqlalchemy.dialects import postgresql
        return postgresql.insert(table).on_conflict_do_nothing()
    if conn.dialect.name == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    raise NotImplementedError(f"no insert-once for {conn.dialect.name}")


def reset_id_sequences(conn: Connection, tables: list[Table]) -> None:
    """After rows were written with their ids (a copy), the next id of each table follows the highest one
    copied.  PostgreSQL's sequences do not see explicit ids; SQLite's AUTOINCREMENT table does."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not pk[0].autoincrement or pk[0].type.python_type is not int:
            continue
        conn.execute(text(
            f"SELECT setval(pg_get_serial_sequence(:t, :c), COALESCE((SELECT max(\"{pk[0].name}\") "  # noqa: S608
            f"FROM \"{table.name}\"), 0) + 1, false)"), {"t": table.name, "c": pk[0].name})
