"""``onward db copy``: the whole record from one database into another (a SQLite file into PostgreSQL, or
any store URL to another), checked before it is committed.

* The source is only read: a SQLite file is opened read-only (``mode=ro``), never upgraded, and read in
  one transaction (one snapshot, even with a daemon writing beside it: what it writes after the copy
  began is not copied); a server database in a REPEATABLE READ transaction.  A source at another schema
  version is refused: the copy writes the schema in force, so this Onward opens it first (``onward
  status`` upgrades it).
* The target gets the schema in force (created or upgraded as every open does), then, in ONE transaction,
  every row of every table with its ids (so links, follow-up ids and the install id, which the drafts'
  Message-IDs carry, stay what they were); PostgreSQL's id sequences then go on after the highest id.
* Before the commit it is checked: the number of rows of each table, and a sample of rows (the first,
  the last and up to :data:`SAMPLE` chosen at random, by primary key) compared column by column with
  the source.  Any difference rolls the whole copy back: the target is as it was.
* A target that holds rows already is refused, unless ``replace``: then its rows are deleted in the
  same transaction (a failed copy keeps them).
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Table,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    tuple_,
)
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import SQLAlchemyError

from agent.record.storage import StoreError
from agent.record.store import dialects
from agent.record.store.database import Database
from agent.record.store.schema import SCHEMA_VERSION, metadata, schema_version

SAMPLE = 100  # rows per table compared column by column, besides the first and the last
BATCH = 1000  # rows per INSERT (executemany)


class CopyRefused(ValueError):
    """The copy cannot start as asked (a bad URL, the same database twice, a source at another version, a
    target that is not empty): nothing was written.  The message says what to do."""


@dataclass(frozen=True)
class CopyResult:
    source: str  # the URLs as shown (no password)
    target: str
    rows: dict[str, int]  # table -> rows copied (as counted in both)
    sampled: int  # rows compared column by column
    replaced: int  # rows the target held before (deleted: ``replace``)


def copy_database(source_url: str, target_url: str, *, replace: bool = False, seed: int | None = None) -> CopyResult:
    """Copy every table of ``source_url`` into ``target_url`` (see the module docstring).  CopyRefused for a
    copy that cannot start as asked; StoreError when a database fails or the check finds a difference."""
    source, target = _url(source_url, "--from"), _url(target_url, "--to")
    if _same(source, target):
        raise CopyRefused(f"--to names the database the record is read from ({dialects.shown(source)}): "
                          "give another database")
    tables = list(metadata.sorted_tables)  # parents before children: foreign keys hold row by row
    with _reading(source) as src:
        _check_version(src, source)
        store = Database.open(target.render_as_string(hide_password=False))
        try:
            with store.transaction() as dst:
                held = _rows(dst, tables, skip=schema_version)
                if sum(held.values()) and not replace:
                    listed = ", ".join(f"{t} {n}" for t, n in held.items() if n)
                    raise CopyRefused(f"the target {dialects.shown(target)} holds a record already ({listed}): "
                                      "copy into an empty database, or pass --replace to delete those rows first")
                for table in reversed(tables):
                    dst.execute(delete(table))
                for table in tables:
                    _copy_table(src, dst, table)
                dialects.reset_id_sequences(dst, tables)
                counts = _check_counts(src, dst, tables)
                sampled = sum(_check_sample(src, dst, table, random.Random(seed)) for table in tables)
        except SQLAlchemyError as exc:
            raise StoreError(f"copy into {dialects.shown(target)} failed, nothing was written: "
                             f"{str(getattr(exc, 'orig', None) or exc).splitlines()[0][:300]}") from None
        finally:
            store.close()
    return CopyResult(dialects.shown(source), dialects.shown(target), counts, sampled, sum(held.values()))


def _url(url: str, option: str) -> URL:
    try:
        return dialects.engine_url(url)
    except dialects.UnsupportedURL as exc:
        raise CopyRefused(f"{option} {dialects.shown(url)!r} {exc}") from None


def _same(a: URL, b: URL) -> bool:
    if a.get_backend_name() == "sqlite" and b.get_backend_name() == "sqlite":
        pa, pb = a.database or "", b.database or ""
        return bool(pa) and Path(pa).resolve() == Path(pb).resolve()
    return (a.get_backend_name(), a.host, a.port, a.database) == (b.get_backend_name(), b.host, b.port, b.database)


@contextmanager
def _reading(url: URL) -> Iterator[Connection]:
    """One read-only snapshot of the source, which is never written (nor created, nor upgraded)."""
    engine: Engine
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "")
        if not url.database or not path.is_file():
            raise CopyRefused(f"no SQLite database at {path}: the record to copy (storage.database, or --from) "
                              "must exist")
        engine = create_engine(URL.create("sqlite", database=f"file:{quote(str(path.resolve()), safe='/')}",
                                          query={"mode": "ro", "uri": "true"}))
        event.listen(engine, "connect", _sqlite_reader)
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
    else:
        engine = create_engine(url, isolation_level="REPEATABLE READ", **dialects.engine_options(url))
    try:
        with engine.connect() as conn, conn.begin():
            yield conn
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read {dialects.shown(url)}: "
                         f"{str(getattr(exc, 'orig', None) or exc).splitlines()[0][:300]}") from None
    finally:
        engine.dispose()


def _sqlite_reader(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    # pysqlite's own transaction handling off: it would begin no transaction before a SELECT, so each
    # table would be read at another moment; SQLAlchemy's BEGIN (above) makes the reads one snapshot
    dbapi_conn.isolation_level = None
    dbapi_conn.execute("PRAGMA busy_timeout=10000")


def _check_version(src: Connection, url: URL) -> None:
    missing = sorted(set(metadata.tables) - set(inspect(src).get_table_names()))
    if "schema_version" in missing:
        raise CopyRefused(f"--from {dialects.shown(url)} is not an Onward record (no schema_version table)")
    version = src.execute(select(func.max(schema_version.c.version))).scalar()
    if version != SCHEMA_VERSION or missing:
        raise CopyRefused(f"--from {dialects.shown(url)} is at schema version {version} and this Onward writes "
                          f"version {SCHEMA_VERSION}: open it with this Onward once (onward status upgrades it), "
                          "then copy")


def _rows(conn: Connection, tables: Sequence[Table], skip: Table | None = None) -> dict[str, int]:
    return {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in tables if t is not skip}


def _copy_table(src: Connection, dst: Connection, table: Table) -> None:
    result = src.execute(select(table)).mappings()
    while batch := result.fetchmany(BATCH):
        dst.execute(insert(table), [dict(r) for r in batch])


def _check_counts(src: Connection, dst: Connection, tables: Sequence[Table]) -> dict[str, int]:
    have, want = _rows(dst, tables), _rows(src, tables)
    wrong = [f"{t}: {want[t]} in the source, {have[t]} copied" for t in want if have[t] != want[t]]
    if wrong:
        raise _Mismatch("; ".join(wrong))
    return want


def _check_sample(src: Connection, dst: Connection, table: Table, rng: random.Random) -> int:
    """The first, the last and up to SAMPLE random rows of ``table``, compared column by column."""
    key = list(table.primary_key.columns)
    keys = [tuple(r) for r in src.execute(select(*key).order_by(*key))]
    if not keys:
        return 0
    chosen = {keys[0], keys[-1], *rng.sample(keys, min(SAMPLE, len(keys)))}
    compared = 0
    for start in range(0, len(chosen), 500):
        part = sorted(chosen)[start:start + 500]
        where = tuple_(*key).in_(part) if len(key) > 1 else key[0].in_([k[0] for k in part])
        want = _by_key(src, table, where, key)
        have = _by_key(dst, table, where, key)
        for k in part:
            if have.get(k) != want.get(k):
                raise _Mismatch(f"{table.name} row {k if len(k) > 1 else k[0]} differs: "
                                f"source {want.get(k)}, copy {have.get(k)}")
            compared += 1
    return compared


def _by_key(conn: Connection, table: Table, where: ColumnElement[bool],
            key: Sequence[Column[Any]]) -> dict[tuple[object, ...], Mapping[str, object]]:
    return {tuple(r[c.name] for c in key): dict(r) for r in conn.execute(select(table).where(where)).mappings()}


class _Mismatch(SQLAlchemyError):
    """The check found the copy different from the source: raised inside the target's transaction, so
    that it rolls back (reported as a StoreError)."""
