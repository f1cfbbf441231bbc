"""The numbered schema migrations, and running them.

A database records the versions applied in ``schema_version``.  :func:`upgrade` creates the tables of
:mod:`agent.record.store.schema` that are missing, then runs every step newer than the database, in
order.  Steps only ever add (tables, columns, indexes) or rebuild a table with every row kept, so
existing data stays.  Each step is history: it names the columns as they were added at that version,
never the schema in force (which later versions may extend).

All of them run in one transaction with foreign keys off - SQLite's procedure for rebuilding a table
that other tables reference (:func:`v7_ids_never_reused`) - and every foreign key is checked before
the commit: an upgrade that would break one changes nothing.  The steps run on PostgreSQL too (its DDL
is transactional; it enforces foreign keys at every statement); what they read of the schema as it is
comes from :mod:`agent.record.store.dialects`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, MetaData, Table, func, insert, inspect, select, text
from sqlalchemy.schema import CreateTable

from agent.record.store import dialects
from agent.record.store.schema import DEFAULT_ACCOUNT

Step = str | Callable[[Connection, MetaData], None]
Migration = tuple[int, Sequence[Step]]


class ForeignKeyBroken(RuntimeError):
    """The upgrade would leave a row pointing at nothing: it was rolled back."""


class SchemaTooNew(RuntimeError):
    """The database is at a schema version this Onward does not know (a newer Onward wrote it): its
    rows may mean what only the newer code knows, so nothing is read or written."""


def _columns(conn: Connection, table: str) -> list[str]:
    return dialects.column_names(conn, table)


def _add_columns(conn: Connection, table: str, columns: dict[str, str]) -> None:
    have = set(_columns(conn, table))
    for name, kind in columns.items():
        if name not in have:
            conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {kind}"))


# -- version 2: the P(rejection) of each email's decision ---------------------------------------------

V2_REJECTION_PROBABILITY = "ALTER TABLE messages ADD COLUMN p_rejection FLOAT"


# -- version 3: the account of everything recorded ------------------------------------------------------

def v3_accounts(conn: Connection, _metadata: MetaData) -> None:
    """Everything recorded belongs to an account (``default`` for the ``[imap]`` form, else
    ``[accounts.NAME]``).  ``applications``, ``events`` and ``followups`` get an ``account`` column
    (existing rows: ``default``); ``messages`` and ``folder_state`` had one already, but it was
    ``user@host``: their rows are renamed to ``default`` - the one account an older Onward could have.
    Should they hold rows of more than one ``user@host`` (the ``[imap]`` host was changed once), only
    the most recent one becomes ``default``: renaming them all could collide on the messages' (account,
    folder, UIDVALIDITY, UID) key, and the older rows no longer matter to a pass."""
    for table in ("applications", "events", "followups"):
        if "account" not in _columns(conn, table):
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


# -- version 4: several follow-ups per application, of several kinds -----------------------------------

V4_APPLICATION_COLUMNS = {
    "contact_name": "VARCHAR", "contact_addr": "VARCHAR", "applied_at": "VARCHAR",
    "interview_start": "VARCHAR", "interview_end": "VARCHAR", "interview_message_id": "VARCHAR",
    "interview_uid": "VARCHAR", "language": "VARCHAR",
}


def v4_followup_slots(conn: Connection, metadata: MetaData) -> None:
    """``applications`` learns its contact, applied date, interview and language; ``followups`` gains
    ``kind``, ``template``, ``language`` and ``slot`` (what makes a follow-up unique within its
    application) and loses the UNIQUE on ``application_id`` (one follow-up per application was the old
    rule).  SQLite cannot drop a constraint, so ``followups`` is rebuilt: the old table renamed, the new
    one created as the schema now declares it (so every column an earlier step added is there), every
    common column copied, the old table dropped."""
    _add_columns(conn, "applications", V4_APPLICATION_COLUMNS)
    old = _columns(conn, "followups")
    if "slot" in old:
        return  # already rebuilt (a database created by this version)
    followups = metadata.tables["followups"]
    conn.execute(text("ALTER TABLE followups RENAME TO followups_v3"))
    for index in dialects.index_names(conn, "followups_v3"):
        conn.execute(text(f'DROP INDEX "{index}"'))
    followups.create(conn)
    common = [c.name for c in followups.columns if c.name in old]
    cols = ", ".join(f'"{c}"' for c in common)
    conn.execute(text(f"INSERT INTO followups ({cols}, kind, slot) "  # noqa: S608 - our own column names
                      f"SELECT {cols}, 'rejection_thanks', 'rejection_thanks' FROM followups_v3"))
    conn.execute(text("DROP TABLE followups_v3"))
    dialects.reset_id_sequences(conn, [followups])  # PostgreSQL: the new table's ids follow the copied ones


# -- version 5: the journal, the digests (new tables) and when a follow-up was sent ---------------------

def v5_sent_at(conn: Connection, _metadata: MetaData) -> None:
    """``followups.sent_at``: when the user sent the drafted follow-up (a version-4 rebuild has it)."""
    _add_columns(conn, "followups", {"sent_at": "VARCHAR"})


# -- version 6: the facts follow-up planning reads -------------------------------------------------------

V6_COLUMNS = {
    "applications": {"possible_duplicate_of": "INTEGER", "interview_set_at": "VARCHAR",
                     "interview_cancelled_by": "VARCHAR"},
    "events": {"recorded_at": "VARCHAR", "contact_source": "VARCHAR", "contact_reason": "TEXT",
               "sender_key": "VARCHAR"},
    "followups": {"ended_by": "VARCHAR", "user_action": "VARCHAR"},
}


def v6_planning_facts(conn: Connection, _metadata: MetaData) -> None:
    """Planning facts kept apart from what planning decided: when each event was put on record and
    whom its headers allow a follow-up to, when an interview's time became known, which fact ended a
    follow-up and the user's word on it.  Check-in slots become ``check_in:<anchor>`` (the moment the
    silence is counted from), so a pass never needs a counter."""
    for table, columns in V6_COLUMNS.items():
        _add_columns(conn, table, columns)
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


# -- version 7: ids never given twice --------------------------------------------------------------------

V7_REBUILT = ("applications", "followups")


def has_autoincrement(conn: Connection, name: str) -> bool:
    sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :n"), {"n": name}).scalar()
    return sql is not None and "AUTOINCREMENT" in str(sql).upper()


def rebuild(conn: Connection, table: Table) -> None:
    """``table`` (a SQLite table without AUTOINCREMENT) rebuilt as declared, every row and id kept."""
    if has_autoincrement(conn, table.name):
        return
    rebuild_as_declared(conn, table, f"{table.name}_v7")


def rebuild_as_declared(conn: Connection, table: Table, temp: str) -> None:
    """``table`` made again as ``metadata`` declares it (through the table ``temp``), every row kept."""
    old = _columns(conn, table.name)
    create = str(CreateTable(table).compile(conn))
    conn.execute(text(create.replace(f"CREATE TABLE {table.name} ", f'CREATE TABLE "{temp}" ', 1)))
    cols = ", ".join(f'"{c.name}"' for c in table.columns if c.name in old)
    conn.execute(text(f'INSERT INTO "{temp}" ({cols}) SELECT {cols} FROM "{table.name}"'))  # noqa: S608
    conn.execute(text(f'DROP TABLE "{table.name}"'))  # its indexes go with it
    conn.execute(text(f'ALTER TABLE "{temp}" RENAME TO "{table.name}"'))
    for index in table.indexes:
        index.create(conn)


def v7_ids_never_reused(conn: Connection, metadata: MetaData) -> None:
    """SQLite gives a new row the highest id + 1, so after ``onward merge 1 13`` or ``onward delete 13``
    removed the newest application the next ``add`` got id 13 again, and an id printed earlier silently
    meant another job.  ``applications`` and ``followups`` become ``AUTOINCREMENT`` (SQLite then keeps
    the highest id ever given): SQLite cannot add it to a table, so both are rebuilt with every row
    and id.  Ids removed before the upgrade cannot be known; from the upgrade on, none is given twice."""
    if conn.dialect.name != "sqlite":
        return
    for name in V7_REBUILT:
        rebuild(conn, metadata.tables[name])


# -- version 8: the recipient the user set outlives a skip and a restore -------------------------------

def v8_recipient_set_at(conn: Connection, _metadata: MetaData) -> None:
    """When the user set a follow-up's recipient (``followups set --to``): planning keeps it, through a
    skip and a restore too.  Rows from before have none (their user action still says ``set``)."""
    _add_columns(conn, "followups", {"recipient_set_at": "VARCHAR"})


# -- version 9: the copy in Sent of a follow-up the user sent --------------------------------------------

def v9_sent_facts(conn: Connection, _metadata: MetaData) -> None:
    """What Sent told of a follow-up.  ``sent_message_id``: the Message-ID of the copy the user sent (a
    mail client may give it a new one; that copy is Onward's follow-up sent, not a reply that makes the
    next follow-up moot).  ``ended_at``: when the user's own mail that cancelled it was written (the next
    check-in's silence starts there).  Rows from before have neither (as they were then)."""
    _add_columns(conn, "followups", {"sent_message_id": "VARCHAR", "ended_at": "VARCHAR"})



# -- version 10: the text of each saved draft ------------------------------------------------------------

def v10_draft_text(conn: Connection, _metadata: MetaData) -> None:
    """``draft_text``: the body of a follow-up's draft as Onward saved it. Two drafts waiting in one thread
    to one person cannot be told apart by the headers of the copy in Sent when the mail client gave it a
    new Message-ID; its text can. Drafts saved before have none (a copy goes to the newest, as then)."""
    _add_columns(conn, "followups", {"draft_text": "TEXT"})


# -- version 11: the due time the user set outlives a skip and a restore -----------------------------------

def v11_due_set_at(conn: Connection, _metadata: MetaData) -> None:
    """When the user set a follow-up's due time (``followups set --due``): a restore after a skip keeps it, as
    it keeps the recipient they set.  Rows from before have none (a restore gives the planned time, as then)."""
    _add_columns(conn, "followups", {"due_set_at": "VARCHAR"})


# -- version 12: the job seekers of a careers service apart ------------------------------------------------

def v12_digest_per_person(conn: Connection, metadata: MetaData) -> None:
    """``digests`` keyed by the week and the account that saved it: a careers service's job seekers (accounts
    signed with names of their own) each get their own digest a week, in their own Drafts. The rows kept are
    the one digest a week saved so far, each under its account."""
    table = metadata.tables["digests"]
    if inspect(conn).get_pk_constraint("digests")["constrained_columns"] == [c.name for c in table.primary_key]:
        return  # made by this version
    if conn.dialect.name == "sqlite":
        rebuild_as_declared(conn, table, "digests_v12")
    else:
        conn.execute(text("ALTER TABLE digests DROP CONSTRAINT digests_pkey, ADD PRIMARY KEY (week, account)"))


def v12_event_per_account(conn: Connection, metadata: MetaData) -> None:
    """``events`` unique by (account, message_id), not by the Message-ID alone: one email sent to two job
    seekers at once (a company's group rejection, the recipients in Bcc) is an event in each account it came to;
    the second was taken for one already recorded and lost. Every row is kept (one per Message-ID so far)."""
    if "uq_events_account_message" in {u["name"] for u in inspect(conn).get_unique_constraints("events")}:
        return  # made by this version
    if conn.dialect.name == "sqlite":
        rebuild_as_declared(conn, metadata.tables["events"], "events_v12")
    else:
        conn.execute(text("ALTER TABLE events DROP CONSTRAINT events_message_id_key, "
                          "ADD CONSTRAINT uq_events_account_message UNIQUE (account, message_id)"))
        conn.execute(text("CREATE INDEX ix_events_message_id ON events (message_id)"))


# -- version 13: the user's emails that bounced -------------------------------------------------------------

def v13_bounces(conn: Connection, metadata: MetaData) -> None:
    """``bounces``: the recipients a mail system reported it could not deliver the user's email to, with that
    email's Message-ID (a follow-up's draft or its copy in Sent): planning never proposes such an address again
    for that application. A new table (``create_all`` made it already when the upgrade began); databases from
    before have none - the bounces they saw were read as plain mail, and are not read again."""
    metadata.tables["bounces"].create(conn, checkfirst=True)


# Every step after version 1, in order: (version, steps). SQL text or a callable (conn, metadata).
MIGRATIONS: list[Migration] = [
    (2, [V2_REJECTION_PROBABILITY]),
    (3, [v3_accounts]),
    (4, [v4_followup_slots]),
    (5, [v5_sent_at]),
    (6, [v6_planning_facts]),
    (7, [v7_ids_never_reused]),
    (8, [v8_recipient_set_at]),
    (9, [v9_sent_facts]),
    (10, [v10_draft_text]),
    (11, [v11_due_set_at]),
    (12, [v12_digest_per_person, v12_event_per_account]),
    (13, [v13_bounces]),
]


# -- running them ----------------------------------------------------------------------------------------

BEGIN_KEY = "onward_begin"  # Connection.info key: how the SQLite dialect begins the next transaction


def upgrade(engine: Engine, metadata: MetaData, migrations: Sequence[Migration], latest: int) -> int:
    """Create the tables, or run the migrations newer than the database; returns the version in force.

    A database already at ``latest`` with every table is only read (every command opens the store: a
    ``status`` beside the daemon must not take the write lock); otherwise the upgrade takes the write
    lock before it reads (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: an advisory lock), so processes opening
    a new database at once wait for each other, and the later ones find the work done.  A database at a
    version above every one known here (a newer Onward upgraded it) is refused with :class:`SchemaTooNew`,
    unchanged: an older process would write rows without what the newer schema's rules expect."""
    with engine.connect() as conn, foreign_keys_off(conn):
        with conn.begin():
            newest = _newest(migrations, latest)
            if _is_current(conn, metadata, newest):
                return newest
        if conn.dialect.name == "sqlite":
            conn.info[BEGIN_KEY] = "BEGIN IMMEDIATE"
        with conn.begin():
            dialects.lock_for_upgrade(conn)
            version = _upgrade(conn, metadata, migrations, latest)
            if not foreign_keys_hold(conn):
                raise ForeignKeyBroken("the schema upgrade would break a foreign key: nothing was changed")
        return version


def _newest(migrations: Sequence[Migration], latest: int) -> int:
    return max([latest, *(version for version, _steps in migrations)])


def _is_current(conn: Connection, metadata: MetaData, newest: int) -> bool:
    """Every table is there and no migration is newer than the database."""
    tables = set(inspect(conn).get_table_names())
    if "schema_version" not in tables:
        return False
    version = _version(conn, metadata, newest)
    return set(metadata.tables) <= tables and version == newest


def _version(conn: Connection, metadata: MetaData, newest: int) -> int | None:
    """The database's schema version (None: a new database); :class:`SchemaTooNew` above ``newest``."""
    version = conn.execute(select(func.max(metadata.tables["schema_version"].c.version))).scalar()
    if version is not None and version > newest:
        raise SchemaTooNew(f"the database is at schema version {version}, written by a newer Onward (this "
                           f"one knows versions up to {newest}): upgrade Onward, or set storage.database "
                           f"to another database")
    return version


def _upgrade(conn: Connection, metadata: MetaData, migrations: Sequence[Migration], latest: int) -> int:
    versions = metadata.tables["schema_version"]
    metadata.create_all(conn)
    current = _version(conn, metadata, _newest(migrations, latest))
    if current is None:  # a new database: created as the latest version
        _done(conn, versions, latest)
        return latest
    for version, steps in migrations:
        if version > current:
            for step in steps:
                if isinstance(step, str):
                    conn.execute(text(step))
                else:
                    step(conn, metadata)
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
