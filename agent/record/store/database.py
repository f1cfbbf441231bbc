"""The database handle: opening (file permissions, SQLite pragmas, schema upgrade) and transactions.

SQLAlchemy Core (not the ORM): the default is a single SQLite file, PostgreSQL is plugged in by URL
(what differs between the two: :mod:`agent.record.store.dialects`). All writes of one message (seen,
outcome event, application status, follow-up) happen inside one transaction opened by the caller with
``Store.transaction()``; several messages may share one. Every write is an upsert or guarded by a
unique key, so replaying a message after a crash changes nothing (idempotent).

The schema is :mod:`agent.record.store.schema`; upgrades are the numbered steps of
:mod:`agent.record.store.migrations`; the queries are grouped by aggregate beside them.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import fields
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Self, TypeVar

from sqlalchemy import Connection, Row, create_engine, event, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from agent.config import Settings, database_path
from agent.record.storage import StoreError, prepare_database_dir
from agent.record.store import dialects, migrations
from agent.record.store.schema import SCHEMA_VERSION, examples, messages, metadata

# What a column holds, as the store writes it (timestamps are ISO strings: see iso()).
Value = str | int | float | None


def iso(dt: datetime) -> str:
    """Timestamps are stored as ISO 8601 UTC strings: sortable, readable, portable across databases."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).isoformat(timespec="seconds")


def dumps_ids(ids: Sequence[str]) -> str:
    return json.dumps(list(ids))


def loads_ids(value: str | None) -> list[str]:
    return [str(i) for i in json.loads(value)] if value else []


def check_status(values: dict[str, Value], kind: type[StrEnum]) -> None:
    """Statuses are enforced where they are written: an unknown one is a bug, never a row."""
    if "status" in values:
        values["status"] = kind(str(values["status"])).value


def _sqlite_pragmas(dbapi_conn: object, _record: object) -> None:
    # pysqlite's own transaction handling must be off: with it, the SAVEPOINT of the first
    # ``begin_nested`` opens the transaction and its RELEASE commits it, so "one transaction per
    # batch" became one per message. SQLAlchemy emits BEGIN itself (``_sqlite_begin``).
    setattr(dbapi_conn, "isolation_level", None)  # noqa: B010 - a DB-API connection, untyped
    cur = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cur.execute("PRAGMA busy_timeout=10000")
    _switch_to_wal(cur)
    for pragma in ("synchronous=NORMAL", "foreign_keys=ON"):
        cur.execute(f"PRAGMA {pragma}")
    cur.close()


WAL_ATTEMPTS = 40


def _switch_to_wal(cur: sqlite3.Cursor) -> None:
    """``PRAGMA journal_mode=WAL``, again while another process holds the lock it needs: switching a new
    database to WAL ignores busy_timeout, so processes opening it at the same moment (the daemon's account
    passes, a ``status`` beside them) would fail "database is locked". Bounded: about 8 s in all."""
    for attempt in range(WAL_ATTEMPTS):
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == WAL_ATTEMPTS - 1:
                raise
            time.sleep(0.01 * (attempt + 1))


def _sqlite_begin(conn: Connection) -> None:
    # ``BEGIN IMMEDIATE`` when the transaction will write whatever it reads first (a schema upgrade):
    # SQLite then waits for the write lock (busy_timeout) instead of failing "database is locked" when
    # another process wrote since this one's read began (two first opens of a new database at once)
    conn.exec_driver_sql(conn.info.pop(migrations.BEGIN_KEY, "BEGIN"))


class Database:
    """A handle on the database: opening, upgrading, transactions (the queries are the aggregates'
    mixins, put together as :class:`agent.record.store.Store`).

    With ``keep_bodies=False`` (``storage.keep_bodies = false``) no email body is written (messages
    and examples keep subject, sender and the facts a correction needs) and bodies kept before are
    erased when the store is opened."""

    def __init__(self, engine: Engine, *, keep_bodies: bool = True) -> None:
        self.engine = engine
        self.keep_bodies = keep_bodies

    @classmethod
    def for_settings(cls, settings: Settings) -> Self:
        return cls.open(settings.storage.database, keep_bodies=settings.storage.keep_bodies)

    @classmethod
    def open(cls, url: str, *, keep_bodies: bool = True) -> Self:
        path = database_path(url)
        if path is not None:
            prepare_database_dir(path.parent)
            _create_private(path)
        try:
            target = dialects.engine_url(url)
        except dialects.UnsupportedURL as exc:
            raise StoreError(f"storage.database {dialects.shown(url)!r} {exc}") from None
        try:
            engine = create_engine(target, future=True, **dialects.engine_options(target))
        except (SQLAlchemyError, ImportError) as exc:
            raise StoreError(f"cannot open database {dialects.shown(url)!r}: {exc}") from None
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
        store = cls(engine, keep_bodies=keep_bodies)
        try:
            store.migrate()
        except StoreError as exc:
            raise StoreError(f"storage.database {dialects.shown(url)!r}: {exc}") from None
        if not keep_bodies:
            store._erase_bodies()
        return store

    def _erase_bodies(self) -> None:
        with self.transaction() as conn:
            for table in (messages, examples):
                conn.execute(update(table).where(table.c.body.is_not(None)).values(body=None))

    def body_rule(self, values: Mapping[str, Value]) -> dict[str, Value]:
        """``values`` as written: without the body when bodies are not kept."""
        if self.keep_bodies or values.get("body") is None:
            return dict(values)
        return {**values, "body": None}

    def close(self) -> None:
        self.engine.dispose()

    def migrate(self) -> int:
        """Create or upgrade the schema (:func:`agent.record.store.migrations.upgrade`); returns the version in force."""
        try:
            return migrations.upgrade(self.engine, metadata, migrations.MIGRATIONS, SCHEMA_VERSION)
        except (migrations.ForeignKeyBroken, migrations.SchemaTooNew) as exc:
            raise StoreError(str(exc)) from None
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open database: {_short(exc)}") from None

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One atomic unit of work. Errors become StoreError; nothing partial is kept."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except OperationalError as exc:
            raise _write_failed(exc) from None

    @contextmanager
    def savepoint(self, conn: Connection) -> Iterator[None]:
        """A part of ``conn``'s transaction that is undone alone when the block raises (one message of a
        batch).  The database's own errors (locked, full, I/O) become StoreError: they stop the pass."""
        try:
            with conn.begin_nested():
                yield
        except OperationalError as exc:
            raise _write_failed(exc) from None


def _write_failed(exc: OperationalError) -> StoreError:
    cause: BaseException | None = exc
    while cause is not None and "no such savepoint" in str(cause):
        cause = cause.__context__  # SQLite rolled back on its own (disk full): report why
    return StoreError(f"database write failed (nothing was saved): {_short(cause or exc)}")


def _short(exc: BaseException) -> str:
    msg = str(getattr(exc, "orig", None) or exc)
    return msg.splitlines()[0][:300]


def _create_private(path: Path) -> None:
    """Create the database file 0600 before SQLite does (SQLite would make it 0644 and gives its -wal and
    -shm files the database file's mode); an existing database and side files are made 0600."""
    try:
        os.close(os.open(path, os.O_RDONLY | os.O_CREAT, 0o600))
    except OSError as exc:
        raise StoreError(f"storage.database: cannot open {path} ({exc.strerror or exc})") from None
    for f in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if f.stat().st_mode & 0o077 and f.stat().st_uid == os.geteuid():
                f.chmod(0o600)
        except OSError:
            pass  # a side file that does not exist yet gets the database file's mode


RowT = TypeVar("RowT")
_BUILDERS: dict[tuple[type, tuple[str, ...]], Callable[[Row[tuple[object, ...]]], object]] = {}


def _builder(cls: type[RowT], columns: tuple[str, ...]) -> Callable[[Row[tuple[object, ...]]], RowT]:
    """How a row with ``columns`` becomes a ``cls``, worked out once per (class, columns): positionally
    (the dataclass's fields in order, each taken from its column; the fields after the last one the
    result has keep their defaults), which costs a sixth of building it by keyword; by keyword when a
    field in the middle has no column."""
    found = _BUILDERS.get((cls, columns))
    if found is not None:
        return found  # type: ignore[return-value]  # stored by this function for this cls
    where = {c: i for i, c in enumerate(columns)}
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]  # RowT is a dataclass
    taken = [n for n in names if n in where]
    build: Callable[[Row[tuple[object, ...]]], RowT]
    if names[:len(taken)] == taken:  # no gap: positional
        index = tuple(where[n] for n in taken)
        if index == tuple(range(len(index))):
            build = lambda row: cls(*row[:len(index)])  # noqa: E731
        else:
            build = lambda row: cls(*[row[i] for i in index])  # noqa: E731
    else:
        pairs = [(n, where[n]) for n in taken]
        build = lambda row: cls(**{n: row[i] for n, i in pairs})  # noqa: E731
    _BUILDERS[(cls, columns)] = build
    return build


def rows_as(cls: type[RowT], result: Iterable[Row[tuple[object, ...]]]) -> list[RowT]:
    """Every row of ``result`` as the frozen dataclass ``cls`` (its fields taken from the row's columns
    of the same name; a field without a column keeps its default)."""
    out: list[RowT] = []
    columns: tuple[str, ...] | None = None
    build: Callable[[Row[tuple[object, ...]]], RowT] | None = None
    for row in result:
        if build is None or row._fields != columns:  # the same for every row of a result: looked up once
            columns = row._fields
            build = _builder(cls, columns)
        out.append(build(row))
    return out


def row_as(cls: type[RowT], row: Row[tuple[object, ...]] | None) -> RowT | None:
    return None if row is None else _builder(cls, row._fields)(row)
