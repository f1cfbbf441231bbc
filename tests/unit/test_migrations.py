"""The schema's upgrade path: every older version reaches the schema in force, on SQLite and
PostgreSQL; opens that find a current database only read; two first opens at once; a database of
a newer Onward is refused untouched."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from agent.record.store import SCHEMA_VERSION, Store, StoreError, migrations
from tests.helpers import run_cli

V2 = (Path(__file__).parent / "schema_v2.sql").read_text(encoding="utf-8")
V1 = V2.replace("\tp_rejection FLOAT, \n", "")  # version 2 added messages.p_rejection

# Plain columns added after version 6 (no index, no constraint), by the version that added them: a
# database of this schema without them, and its version set back, is the database as that version left it.
ADDED_AFTER_6 = {
    8: [("followups", "recipient_set_at")],
    9: [("followups", "sent_message_id"), ("followups", "ended_at")],
    10: [("followups", "draft_text")],
    11: [("followups", "due_set_at")],
}
EVENTS_BEFORE_12 = ("ALTER TABLE events DROP CONSTRAINT uq_events_account_message",
                    "ALTER TABLE events ADD CONSTRAINT events_message_id_key UNIQUE (message_id)",
                    "DROP INDEX ix_events_message_id")
DIGESTS_BEFORE_12 = ("CREATE TABLE digests (week VARCHAR NOT NULL, draft_message_id VARCHAR NOT NULL, "
                     "saved_at VARCHAR NOT NULL, account VARCHAR NOT NULL, PRIMARY KEY (week))")


def _columns(url: str) -> dict[str, set[str]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            found = inspect(conn)
            return {t: {c["name"] for c in found.get_columns(t)} for t in found.get_table_names()}
    finally:
        engine.dispose()


def _versions(url: str) -> list[int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text("SELECT version FROM schema_version ORDER BY version")).scalars())
    finally:
        engine.dispose()


def _set_back(url: str, version: int) -> None:
    """The database at ``url`` (created by this Onward) made as ``version`` left it."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            for later, columns in ADDED_AFTER_6.items():
                if later > version:
                    for table, column in columns:
                        conn.execute(text(f"ALTER TABLE {table} DROP COLUMN {column}"))
            if version < 12:  # one digest a week before version 12
                conn.execute(text("DROP TABLE digests"))
                conn.execute(text(DIGESTS_BEFORE_12))
                conn.execute(text("INSERT INTO digests VALUES ('2026-W47', '<d@x>', '2026-11-16', 'home')"))
                if conn.dialect.name == "postgresql":  # SQLite: the events of version 11 below
                    for sql in EVENTS_BEFORE_12:
                        conn.execute(text(sql))
            if version < 13:  # no bounces before version 13
                conn.execute(text("DROP TABLE bounces"))
            conn.execute(text("DELETE FROM schema_version"))
            conn.execute(text("INSERT INTO schema_version VALUES (:v, '2026-01-01')"), {"v": version})
    finally:
        engine.dispose()
    if version < 7 and url.startswith("sqlite"):  # before version 7: no AUTOINCREMENT (SQLite)
        raw = sqlite3.connect(url.removeprefix("sqlite:///"))
        for table in migrations.V7_REBUILT:
            sql = raw.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
            plain = sql.replace(" AUTOINCREMENT", "")
            raw.executescript(f"PRAGMA foreign_keys=OFF; DROP TABLE {table}; {plain};")
        raw.close()
    if version < 12 and url.startswith("sqlite"):  # before version 12: one event per Message-ID
        raw = sqlite3.connect(url.removeprefix("sqlite:///"))
        sql = raw.execute("SELECT sql FROM sqlite_master WHERE name = 'events'").fetchone()[0]
        old = sql.replace("CONSTRAINT uq_events_account_message UNIQUE (account, message_id)", "UNIQUE (message_id)")
        assert old != sql
        raw.executescript(f"PRAGMA foreign_keys=OFF; DROP TABLE events; {old};")
        raw.close()


def test_the_migrations_are_numbered_one_after_another_up_to_the_schema_version():
    assert [version for version, _steps in migrations.MIGRATIONS] == list(range(2, SCHEMA_VERSION + 1))


@pytest.mark.parametrize("version", [6, 7, 8, 9, 11, 12])
def test_a_database_of_each_later_version_is_upgraded_to_the_schema_in_force(store_url, version):
    """On SQLite and on PostgreSQL (where version 7's rebuild has nothing to do)."""
    Store.open(store_url).close()
    fresh = _columns(store_url)
    _set_back(store_url, version)
    assert _columns(store_url) != fresh  # (version 12 changed a key; from 11 on a table is missing, bounces)
    store = Store.open(store_url)
    try:
        assert store.migrate() == SCHEMA_VERSION
    finally:
        store.close()
    assert _columns(store_url) == fresh
    assert _versions(store_url) == [version, *range(version + 1, SCHEMA_VERSION + 1)]
    engine = create_engine(store_url)
    try:
        with engine.connect() as conn:
            assert inspect(conn).get_pk_constraint("digests")["constrained_columns"] == ["week", "account"]
            kept = [("2026-W47", "home")] if version < 12 else []  # (the digest a set-back database was given)
            assert conn.execute(text("SELECT week, account FROM digests")).all() == kept
    finally:
        engine.dispose()


@pytest.mark.parametrize("script", [V1, V2], ids=["version-1", "version-2"])
def test_a_database_of_the_first_versions_is_upgraded_to_the_schema_in_force(tmp_path, script):
    Store.open(f"sqlite:///{tmp_path / 'fresh.db'}").close()
    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    con.executescript(script)
    con.execute("INSERT INTO schema_version VALUES (?, '2026-01-01')", (1 if script is V1 else 2,))
    con.commit()
    con.close()
    Store.open(f"sqlite:///{db}").close()
    assert _columns(f"sqlite:///{db}") == _columns(f"sqlite:///{tmp_path / 'fresh.db'}")
    assert _versions(f"sqlite:///{db}")[-1] == SCHEMA_VERSION


Folder = tuple[str, str, str]  # account, folder, updated_at


def _v2_with_accounts(path: Path, folders: list[Folder], messages: list[tuple[str, str]]) -> None:
    """A version-2 database (one account, its rows named ``user@host``) with these folder states
    (account, folder, updated_at) and messages (account, message-id; the later the higher the id)."""
    con = sqlite3.connect(path)
    con.executescript(V2)
    con.execute("INSERT INTO schema_version VALUES (2, '2026-01-01')")
    for account, folder, updated in folders:
        con.execute("INSERT INTO folder_state VALUES (?, ?, 7, 12, ?)", (account, folder, updated))
    for uid, (account, message_id) in enumerate(messages, 1):
        con.execute("INSERT INTO messages (account, folder, uidvalidity, uid, message_id, status, "
                    "processed_at) VALUES (?, 'INBOX', 7, ?, ?, 'classified', '2026-02-01')",
                    (account, uid, message_id))
    con.commit()
    con.close()


def _accounts(path: Path, table: str) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [a for (a,) in con.execute(f"SELECT account FROM {table} ORDER BY rowid")]  # noqa: S608
    finally:
        con.close()


def test_version_3_names_default_the_newest_account_of_the_messages(tmp_path):
    db = tmp_path / "old.db"
    _v2_with_accounts(db, [("old@imap.example", "INBOX", "2026-03-01"),
                           ("new@imap.example", "Jobs", "2026-01-01")],
                      [("old@imap.example", "<1@x>"), ("new@imap.example", "<2@x>")])
    Store.open(f"sqlite:///{db}").close()
    assert _accounts(db, "messages") == ["old@imap.example", "default"]
    assert _accounts(db, "folder_state") == ["old@imap.example", "default"]


def test_version_3_without_messages_names_default_the_newest_account_of_the_folders(tmp_path):
    db = tmp_path / "old.db"
    _v2_with_accounts(db, [("old@imap.example", "INBOX", "2026-01-01"),
                           ("new@imap.example", "Jobs", "2026-03-01")], [])
    Store.open(f"sqlite:///{db}").close()
    assert _accounts(db, "folder_state") == ["old@imap.example", "default"]


def test_version_3_renames_nothing_when_the_account_default_has_folders_already(tmp_path):
    """Renaming would put two rows on one (account, folder) key: the rows of ``default`` are the ones
    in use."""
    db = tmp_path / "old.db"
    _v2_with_accounts(db, [("default", "INBOX", "2026-03-01"), ("me@imap.example", "INBOX", "2026-01-01")],
                      [("me@imap.example", "<1@x>")])
    Store.open(f"sqlite:///{db}").close()
    assert _accounts(db, "folder_state") == ["default", "me@imap.example"]
    assert _accounts(db, "messages") == ["me@imap.example"]


def test_autoincrement_is_read_from_the_tables_definition(tmp_path):
    url = f"sqlite:///{tmp_path / 'onward.db'}"
    Store.open(url).close()
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            tables = ("applications", "followups", "events", "nothing")
            assert [migrations.has_autoincrement(conn, t) for t in tables] == [True, True, False, False]
    finally:
        engine.dispose()


def test_opening_a_current_database_only_reads_even_with_a_table_of_the_users(tmp_path):
    """A ``status`` beside a daemon that is writing must not wait for the write lock (10 s) and fail."""
    db = tmp_path / "onward.db"
    Store.open(f"sqlite:///{db}").close()
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE my_notes (text TEXT)")  # a table Onward does not know stays and changes nothing
    con.commit()
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        Store.open(f"sqlite:///{db}").close()
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        con.close()


def test_a_first_open_beside_another_first_open_waits_and_finds_the_schema(tmp_path):
    """Two processes open a new database at once: the later one waits for the write lock before it
    reads, then finds the tables made (it never fails "database is locked", never makes them twice)."""
    db = tmp_path / "onward.db"
    sqlite3.connect(db).execute("PRAGMA journal_mode=WAL").connection.close()
    fresh = tmp_path / "fresh.db"
    Store.open(f"sqlite:///{fresh}").close()
    dump = sqlite3.connect(fresh)
    schema = [s for s in dump.iterdump() if s not in ("BEGIN TRANSACTION;", "COMMIT;")]
    dump.close()
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # the other process's upgrade, under way
    opened: list[object] = []

    def open_it() -> None:
        try:
            store = Store.open(f"sqlite:///{db}")
            opened.append(store.migrate())
            store.close()
        except StoreError as exc:
            opened.append(exc)

    later = threading.Thread(target=open_it)
    later.start()
    time.sleep(1.5)  # the later open has read "no tables" and waits for the lock
    for statement in schema:
        other.execute(statement)
    other.execute("COMMIT")
    other.close()
    later.join(30)
    assert opened == [SCHEMA_VERSION]
    assert _versions(f"sqlite:///{db}") == [SCHEMA_VERSION]


def test_a_database_of_a_newer_onward_is_refused_and_left_as_it_is(store_url):
    Store.open(store_url).close()
    engine = create_engine(store_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO schema_version VALUES (:v, '2027-01-01')"),
                         {"v": SCHEMA_VERSION + 1})
    finally:
        engine.dispose()
    before = _columns(store_url)
    expected = (rf"schema version {SCHEMA_VERSION + 1}, written by a newer Onward "
                rf"\(this one knows versions up to {SCHEMA_VERSION}\): upgrade Onward")
    with pytest.raises(StoreError, match=expected):
        Store.open(store_url)
    assert _columns(store_url) == before
    assert _versions(store_url) == [SCHEMA_VERSION, SCHEMA_VERSION + 1]


def test_a_command_on_a_database_of_a_newer_onward_says_so_in_one_line_and_exits_7(tmp_path):
    db = tmp_path / "onward.db"
    Store.open(f"sqlite:///{db}").close()
    con = sqlite3.connect(db)
    con.execute("INSERT INTO schema_version VALUES (?, '2027-01-01')", (SCHEMA_VERSION + 1,))
    con.commit()
    con.close()
    cfg = tmp_path / "onward.toml"
    cfg.write_text(f'[imap]\nhost = "h.example"\nusername = "me@h.example"\n[followup]\nyour_name = "A"\n'
                   f'[storage]\ndatabase = "sqlite:///{db}"\n')
    done = run_cli(cfg, "status")
    assert done.returncode == 7 and done.stderr.count("\n") == 1, done.stderr
    assert f"schema version {SCHEMA_VERSION + 1}, written by a newer Onward" in done.stderr


def test_a_table_missing_from_a_current_database_is_made_again(tmp_path):
    db = tmp_path / "onward.db"
    Store.open(f"sqlite:///{db}").close()
    fresh = _columns(f"sqlite:///{db}")
    con = sqlite3.connect(db)
    con.execute("DROP TABLE digests")
    con.commit()
    con.close()
    Store.open(f"sqlite:///{db}").close()
    assert _columns(f"sqlite:///{db}") == fresh


def test_an_upgrade_that_would_leave_a_broken_foreign_key_changes_nothing(tmp_path):
    """SQLite checks foreign keys only when told: the upgrade runs with them off (to rebuild tables) and
    checks every one before it commits."""
    url = f"sqlite:///{tmp_path / 'onward.db'}"
    Store.open(url).close()
    _set_back(url, 9)
    con = sqlite3.connect(tmp_path / "onward.db")  # foreign keys off: a row pointing at nothing
    con.execute("INSERT INTO events (message_id, application_id, label, confidence, received_at, source, "
                "account) VALUES ('<orphan@x>', 999, 'rejection', 1.0, '2026-01-01', 'model', 'default')")
    con.commit()
    con.close()
    before = _columns(url)
    with pytest.raises(StoreError, match="the schema upgrade would break a foreign key: nothing was changed"):
        Store.open(url)
    assert _columns(url) == before and _versions(url) == [9]
