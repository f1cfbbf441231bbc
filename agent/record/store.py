"""The store: schema, migrations, queries. The only module that touches the database.

SQLAlchemy Core (not the ORM) so that a server database can be plugged in by URL later while the
default stays a single SQLite file. All writes of one message (seen, outcome event, application
status, follow-up) happen inside one transaction opened by the caller with ``Store.transaction()``;
several messages may share one. Every write is an upsert or guarded by a unique key, so replaying a
message after a crash changes nothing (idempotent).

Schema upgrades are numbered migrations recorded in ``schema_version``; they only ever add
(tables, columns, indexes), so existing data is kept.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    bindparam,
    create_engine,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from agent.config import Settings, database_path, make_private_dir
from agent.record import schema_v3, schema_v4, schema_v5, schema_v6, schema_v7
from agent.record.followup_rows import OPEN_STATUSES, Followup, FollowupStatus
from agent.record.migrate import ForeignKeyBroken, Migration, upgrade
from agent.record.rules import AppStatus

SCHEMA_VERSION = 7


metadata = MetaData()

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", String, nullable=False),
)

folder_state = Table(
    "folder_state", metadata,
    Column("account", String, primary_key=True),
    Column("folder", String, primary_key=True),
    Column("uidvalidity", Integer, nullable=False),
    Column("last_uid", Integer, nullable=False),
    Column("updated_at", String, nullable=False),
)

# One row per message Onward has looked at (whatever the outcome), so nothing is processed twice.
messages = Table(
    "messages", metadata,
    Column("id", Integer, primary_key=True),
    Column("account", String, nullable=False),
    Column("folder", String, nullable=False),
    Column("uidvalidity", Integer, nullable=False),
    Column("uid", Integer, nullable=False),
    Column("message_id", String, nullable=False, index=True),
    # classified | review | failed | duplicate
    Column("status", String, nullable=False),
    Column("label", String),
    Column("confidence", Float),
    # P(rejection) of the model's decision (what decides whether a rejection is recorded); NULL
    # for rows written before schema version 2 or by a record stage that does not fill it yet.
    Column("p_rejection", Float),
    Column("error", Text),
    Column("subject", Text),
    Column("from_addr", String),
    Column("received_at", String),
    Column("processed_at", String, nullable=False),
    Column("application_id", Integer, ForeignKey("applications.id")),
    # Kept only for job emails and emails in review, so that a user's correction can re-record
    # them (and train on them) without going back to the mailbox.
    Column("facts_json", Text),
    Column("body", Text),
    UniqueConstraint("account", "folder", "uidvalidity", "uid", name="uq_messages_uid"),
)

applications = Table(
    "applications", metadata,
    Column("id", Integer, primary_key=True),
    Column("company", String),
    Column("company_key", String, index=True),
    Column("role", String),
    Column("status", String, nullable=False),
    Column("status_message_id", String),
    Column("status_subject", Text),
    Column("created_at", String, nullable=False),
    Column("updated_at", String, nullable=False),
    *schema_v3.account_columns(),
    *schema_v4.application_columns(),  # contact, applied_at, interview time (version 4)
    *schema_v6.application_columns(),  # possible_duplicate_of, when the interview became known (version 6)
    sqlite_autoincrement=True,  # an id is never given twice (version 7)
)

# Outcome events: one per classified job email (the application's history).
events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True),
    Column("message_id", String, nullable=False, unique=True),
    Column("application_id", Integer, ForeignKey("applications.id"), nullable=False, index=True),
    Column("label", String, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("received_at", String, nullable=False),
    Column("subject", Text),
    Column("from_addr", String),
    Column("contact_name", String),
    Column("contact_email", String),
    Column("references_json", Text),
    Column("source", String, nullable=False, default="model"),
    *schema_v3.account_columns(),
    *schema_v6.event_columns(),  # recorded_at, the recipient's header or why there is none (version 6)
)

# Every Message-ID known to belong to an application's thread (its own and those it references).
thread_ids = Table(
    "thread_ids", metadata,
    Column("message_id", String, primary_key=True),
    Column("application_id", Integer, ForeignKey("applications.id"), nullable=False, index=True),
)

followups = Table(
    "followups", metadata,
    Column("id", Integer, primary_key=True),
    Column("application_id", Integer, ForeignKey("applications.id"), nullable=False, index=True),
    Column("rejection_message_id", String, nullable=False),
    Column("rejected_at", String, nullable=False),
    Column("due_at", String, nullable=False),
    Column("status", String, nullable=False),
    Column("to_name", String),
    Column("to_addr", String),
    Column("subject", Text),
    Column("in_reply_to", String, nullable=False),
    Column("references_json", Text),
    Column("draft_message_id", String),
    Column("drafted_at", String),
    Column("reason", Text),
    Column("created_at", String, nullable=False),
    *schema_v3.account_columns(),
    *schema_v4.followup_columns(), *schema_v5.followup_columns(),  # kind, template, language, slot; sent_at
    *schema_v6.followup_columns(),  # ended_by, user_action (version 6)
    sqlite_autoincrement=True,  # an id is never given twice (version 7)
)
install = schema_v6.install_table(metadata)  # the database's random install id (version 6)
notes, digests = schema_v5.tables(metadata)  # the reflection journal, weekly digests (version 5)

# Labelled examples from the user (corrections and training folders); one per email.
examples = Table(
    "examples", metadata,
    Column("message_id", String, primary_key=True),
    Column("label", String, nullable=False),
    Column("subject", Text),
    Column("body", Text),
    Column("from_addr", String),
    Column("source", String, nullable=False),
    Column("updated_at", String, nullable=False),
)

Index("ix_followups_status_due", followups.c.status, followups.c.due_at)


class _Prepared:
    """Statements of the per-email hot path, built once.  Building a SQLAlchemy statement (coercing
    every literal, computing its cache key) cost more than running it in SQLite - ~0.1 ms each, a dozen
    per job email; a prebuilt statement with bind parameters reuses its memoised cache key and compiled
    form, so each execution is little more than the SQLite call."""

    message_exists = select(messages.c.id).where(
        messages.c.account == bindparam("account"), messages.c.folder == bindparam("folder"),
        messages.c.uidvalidity == bindparam("uidvalidity"), messages.c.uid == bindparam("uid"))
    insert_message = insert(messages)
    application = select(applications).where(applications.c.id == bindparam("app_id"))
    update_application = update(applications).where(applications.c.id == bindparam("app_id"))
    insert_application = insert(applications)
    insert_thread_id = insert(thread_ids)
    event_exists = select(events.c.id).where(events.c.message_id == bindparam("mid"))
    insert_event = insert(events)
    application_events = select(events).where(events.c.application_id == bindparam("app_id")) \
        .order_by(events.c.received_at, events.c.id)
    thread_message_ids = select(thread_ids.c.message_id).where(thread_ids.c.application_id == bindparam("app_id"))
    insert_followup = insert(followups)


# Migrations after version 1: (version, list of SQL statements). Only additive changes.
MIGRATIONS: list[Migration] = [
    (2, ["ALTER TABLE messages ADD COLUMN p_rejection FLOAT"]),
    (3, [schema_v3.migrate]),  # the account of everything recorded (see agent/record/schema_v3.py)
    (4, [schema_v4.migrate]),  # rebuilds followups (see agent/record/schema_v4.py)
    (5, [schema_v5.migrate]),  # notes, digests, followups.sent_at (see agent/record/schema_v5.py)
    (6, [schema_v6.migrate]),  # planning facts, install id (see agent/record/schema_v6.py)
    (7, [schema_v7.migrate]),  # ids never reused: AUTOINCREMENT (see agent/record/schema_v7.py)
]


class StoreError(RuntimeError):
    """The database could not be opened or written (locked, disk full, not a database)."""


def iso(dt: datetime) -> str:
    """Timestamps are stored as ISO 8601 UTC strings: sortable, readable, portable across databases."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).isoformat(timespec="seconds")


def parse_iso(value: str) -> datetime:
    return datetime.fromisoformat(value)


@dataclass(frozen=True)
class FolderState:
    uidvalidity: int
    last_uid: int
    updated_at: str = ""


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # pysqlite's own transaction handling must be off: with it, the SAVEPOINT of the first
    # ``begin_nested`` opens the transaction and its RELEASE commits it, so "one transaction per
    # batch" became one per message. SQLAlchemy emits BEGIN itself (``_sqlite_begin``).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")


class Store:
    """A handle on the database. Create with ``Store.open(url)`` or ``Store.for_settings(settings)``.

    With ``keep_bodies=False`` (``storage.keep_bodies = false``) no email body is written (messages
    and examples keep subject, sender and the facts a correction needs) and bodies kept before are
    erased when the store is opened."""

    def __init__(self, engine: Engine, *, keep_bodies: bool = True) -> None:
        self.engine = engine
        self.keep_bodies = keep_bodies

    @classmethod
    def for_settings(cls, settings: Settings) -> Store:
        return cls.open(settings.storage.database, keep_bodies=settings.storage.keep_bodies)

    @classmethod
    def open(cls, url: str, *, keep_bodies: bool = True) -> Store:
        path = database_path(url)
        if path is not None:
            prepare_database_dir(path.parent)
            _create_private(path)
        try:
            engine = create_engine(url, future=True)
        except (SQLAlchemyError, ImportError) as exc:
            raise StoreError(f"cannot open database {url!r}: {exc}") from None
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
        store = cls(engine, keep_bodies=keep_bodies)
        try:
            store.migrate()
        except StoreError as exc:
            raise StoreError(f"storage.database {url!r}: {exc}") from None
        if not keep_bodies:
            store._erase_bodies()
        return store

    def _erase_bodies(self) -> None:
        with self.transaction() as conn:
            for table in (messages, examples):
                conn.execute(update(table).where(table.c.body.is_not(None)).values(body=None))

    def _body_rule(self, values: dict[str, Any]) -> dict[str, Any]:
        """``values`` as written: without the body when bodies are not kept."""
        return values if self.keep_bodies or values.get("body") is None else {**values, "body": None}

    def close(self) -> None:
        self.engine.dispose()

    # -- schema ---------------------------------------------------------------------------------

    def migrate(self) -> int:
        """Create or upgrade the schema (:func:`agent.record.migrate.upgrade`); returns the version in force."""
        try:
            return upgrade(self.engine, metadata, schema_version, MIGRATIONS, SCHEMA_VERSION, followups)
        except ForeignKeyBroken as exc:
            raise StoreError(str(exc)) from None
        except OperationalError as exc:
            raise StoreError(f"cannot open database: {_short(exc)}") from None
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open database: {_short(exc)}") from None

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One atomic unit of work. Errors become StoreError; nothing partial is kept."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except OperationalError as exc:
            cause: BaseException | None = exc
            while cause is not None and "no such savepoint" in str(cause):
                cause = cause.__context__  # SQLite rolled back on its own (disk full): report why
            raise StoreError(f"database write failed (nothing was saved): {_short(cause or exc)}") from None

    # -- folder state ---------------------------------------------------------------------------

    def folder_state(self, conn: Connection, account: str, folder: str) -> FolderState | None:
        row = conn.execute(select(folder_state.c.uidvalidity, folder_state.c.last_uid,
                                  folder_state.c.updated_at).where(
            folder_state.c.account == account, folder_state.c.folder == folder)).first()
        return FolderState(row.uidvalidity, row.last_uid, row.updated_at) if row else None

    def set_folder_state(self, conn: Connection, account: str, folder: str, uidvalidity: int,
                         last_uid: int, now: datetime) -> None:
        values = dict(uidvalidity=uidvalidity, last_uid=last_uid, updated_at=iso(now))
        done = conn.execute(update(folder_state).where(
            folder_state.c.account == account, folder_state.c.folder == folder).values(**values))
        if done.rowcount == 0:
            conn.execute(insert(folder_state).values(account=account, folder=folder, **values))

    # -- messages -------------------------------------------------------------------------------

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

    def insert_messages(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        """Insert many processed-message rows at once (executemany); the caller checked they are new."""
        if rows:
            conn.execute(insert(messages), [self._body_rule(r) for r in rows])

    def known_thread_ids(self, conn: Connection, message_ids: Sequence[str]) -> set[str]:
        """Which of these Message-IDs belong to a known application's thread."""
        ids = list(set(message_ids))
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            found.update(conn.execute(select(thread_ids.c.message_id).where(
                thread_ids.c.message_id.in_(ids[start:start + 500]))).scalars())
        return found

    def record_message(self, conn: Connection, checked: bool = False, **values: Any) -> bool:
        """Insert a processed-message row; False when that (folder, uidvalidity, uid) is known
        (``checked``: the caller knows it is not, in this transaction)."""
        key = {k: values[k] for k in ("account", "folder", "uidvalidity", "uid")}
        if not checked and conn.execute(_Prepared.message_exists, key).first():
            return False
        conn.execute(_Prepared.insert_message, self._body_rule(values))
        return True

    def message_row(self, conn: Connection, message_id: str) -> Any:
        return conn.execute(select(messages).where(messages.c.message_id == message_id)
                            .order_by(messages.c.id.desc())).first()

    def review_rows(self, conn: Connection) -> list[Any]:
        return list(conn.execute(select(messages).where(messages.c.status == "review")
                                 .order_by(messages.c.received_at)))

    def failed_rows(self, conn: Connection) -> list[Any]:
        return list(conn.execute(select(messages).where(messages.c.status == "failed")
                                 .order_by(messages.c.id)))

    def set_message_label(self, conn: Connection, message_id: str, label: str, status: str) -> None:
        conn.execute(update(messages).where(messages.c.message_id == message_id)
                     .values(label=label, confidence=1.0, status=status))

    def keep_message_facts(self, conn: Connection, message_id: str, facts: str, body: str) -> None:
        """The facts (and body) of a labelled email read again from the mailbox, on its rows without."""
        conn.execute(update(messages).where(messages.c.message_id == message_id, messages.c.facts_json.is_(None))
                     .values(**self._body_rule({"facts_json": facts, "body": body})))

    def counts(self, conn: Connection) -> dict[str, int]:
        return {str(k): int(v) for k, v in conn.execute(
            select(messages.c.status, func.count()).group_by(messages.c.status))}

    # -- applications, events, threads -----------------------------------------------------------


    def application(self, conn: Connection, application_id: int) -> Any:
        return conn.execute(_Prepared.application, {"app_id": application_id}).first()

    def create_application(self, conn: Connection, *, company: str | None, company_key: str | None,
                           role: str | None, status: str, message_id: str, subject: str,
                           now: datetime, account: str = schema_v3.DEFAULT_ACCOUNT,
                           language: str | None = None) -> int:
        result = conn.execute(_Prepared.insert_application, dict(
            company=company, company_key=company_key, role=role, status=AppStatus(status).value,
            status_message_id=message_id, status_subject=subject, created_at=iso(now),
            updated_at=iso(now), account=account, language=language))
        assert (key := result.inserted_primary_key) is not None
        return int(key[0])

    def update_application(self, conn: Connection, application_id: int, **values: Any) -> None:
        _check_status(values, AppStatus)
        conn.execute(_Prepared.update_application, {"app_id": application_id, **values})

    def link_thread(self, conn: Connection, application_id: int, message_ids: Sequence[str]) -> None:
        wanted = {m for m in message_ids if m}
        if mids := wanted - self.known_thread_ids(conn, list(wanted)):
            conn.execute(_Prepared.insert_thread_id, [{"message_id": m, "application_id": application_id}
                                                      for m in sorted(mids)])

    def event_exists(self, conn: Connection, message_id: str) -> bool:
        return conn.execute(_Prepared.event_exists, {"mid": message_id}).first() is not None

    def add_event(self, conn: Connection, **values: Any) -> None:
        """Insert an event (the caller checked :meth:`event_exists`; message_id is UNIQUE)."""
        conn.execute(_Prepared.insert_event, values)

    def event(self, conn: Connection, message_id: str) -> Any:
        return conn.execute(select(events).where(events.c.message_id == message_id)).first()

    def set_event_label(self, conn: Connection, message_id: str, label: str) -> None:
        conn.execute(update(events).where(events.c.message_id == message_id)
                     .values(label=label, confidence=1.0, source="user"))

    def delete_event(self, conn: Connection, message_id: str) -> None:
        conn.execute(events.delete().where(events.c.message_id == message_id))

    def application_events(self, conn: Connection, application_id: int) -> list[Any]:
        return list(conn.execute(_Prepared.application_events, {"app_id": application_id}))

    def thread_message_ids(self, conn: Connection, application_id: int) -> set[str]:
        return set(conn.execute(_Prepared.thread_message_ids, {"app_id": application_id}).scalars())

    def list_outcomes(self, conn: Connection) -> list[Any]:
        """Applications, newest first; ``status_at`` is the date of the email that set the status."""
        return list(conn.execute(
            select(applications, events.c.received_at.label("status_at"))
            .outerjoin(events, events.c.message_id == applications.c.status_message_id)
            .order_by(applications.c.updated_at.desc(), applications.c.id.desc())))

    def list_events(self, conn: Connection) -> list[Any]:
        return list(conn.execute(
            select(events, applications.c.company, applications.c.role)
            .join(applications, applications.c.id == events.c.application_id)
            .order_by(events.c.received_at, events.c.id)))

    # -- follow-ups -------------------------------------------------------------------------------

    def install_id(self, conn: Connection) -> str:
        """This database's random id, made once (a draft's Message-ID carries it)."""
        found = conn.execute(select(install.c.value).where(install.c.key == "install_id")).scalar()
        if found:
            return str(found)
        value = secrets.token_hex(8)
        conn.execute(insert(install).values(key="install_id", value=value))
        return value


    def create_followup(self, conn: Connection, **values: Any) -> int:
        _check_status(values, FollowupStatus)
        result = conn.execute(_Prepared.insert_followup, values)
        assert (key := result.inserted_primary_key) is not None
        return int(key[0])

    def update_followup(self, conn: Connection, followup_id: int, **values: Any) -> None:
        _check_status(values, FollowupStatus)
        conn.execute(update(followups).where(followups.c.id == followup_id).values(**values))

    def open_followups(self, conn: Connection) -> list[Followup]:
        """The open follow-ups (:func:`agent.followups.rules.is_open`), by due time."""
        rows = conn.execute(select(followups).where(followups.c.status.in_(OPEN_STATUSES))
                            .order_by(followups.c.due_at))
        return [fu for fu in map(Followup.from_row, rows) if fu.is_open]

    def list_followups(self, conn: Connection) -> list[Any]:
        return list(conn.execute(
            select(followups, applications.c.company, applications.c.role)
            .join(applications, applications.c.id == followups.c.application_id)
            .order_by(followups.c.due_at, followups.c.id)))

    # -- labelled examples ---------------------------------------------------------------------------

    def upsert_example(self, conn: Connection, *, message_id: str, label: str, subject: str, body: str,
                       from_addr: str, source: str, now: datetime) -> None:
        values = self._body_rule(dict(label=label, subject=subject, body=body, from_addr=from_addr, source=source,
                                      updated_at=iso(now)))
        done = conn.execute(update(examples).where(examples.c.message_id == message_id).values(**values))
        if done.rowcount == 0:
            conn.execute(insert(examples).values(message_id=message_id, **values))

    def list_examples(self, conn: Connection) -> list[Any]:
        return list(conn.execute(select(examples).order_by(examples.c.updated_at)))


def _check_status(values: dict[str, Any], kind: type[StrEnum]) -> None:
    """Statuses are enforced where they are written: an unknown one is a bug, never a row."""
    if "status" in values:
        values["status"] = kind(values["status"]).value


def dumps_ids(ids: Sequence[str]) -> str:
    return json.dumps(list(ids))


def loads_ids(value: str | None) -> list[str]:
    return list(json.loads(value)) if value else []


def _short(exc: BaseException) -> str:
    msg = str(getattr(exc, "orig", None) or exc)
    return msg.splitlines()[0][:300]


def prepare_database_dir(directory: Path) -> None:
    """The database's directory exists, private (0700 when created), and is writable; else StoreError
    naming ``storage.database`` (an unusable path is a database problem, exit 7, not a traceback)."""
    try:
        make_private_dir(directory)
    except OSError as exc:
        raise StoreError(f"storage.database: cannot create the directory {directory} ({exc.strerror or exc}): "
                         "choose a path in a directory you can write, or leave the default") from None
    if not os.access(directory, os.W_OK | os.X_OK):
        raise StoreError(f"storage.database: the directory {directory} is not writable: "
                         "choose a path in a directory you can write, or leave the default")


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


def lock_path_for(url: str, data_dir: Path) -> Path:
    """Where the single-daemon lock lives: beside the SQLite file, else in the data dir."""
    db = database_path(url)
    if db is not None:
        return db.with_name(db.name + ".lock")
    import hashlib
    return data_dir / f"onward-{hashlib.sha256(url.encode()).hexdigest()[:12]}.lock"
