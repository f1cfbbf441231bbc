"""The store on PostgreSQL (a throwaway cluster on loopback, tests/support/postgres.py) as on SQLite: the
same schema and keys, IMAP's 32-bit unsigned UIDs, case-blind search, NULLs ordered alike, keyed rows
written once by processes racing, a schema upgrade that processes starting at once run one at a time,
older schemas upgraded, and one clear line for a URL that cannot work."""

from __future__ import annotations

import sys
import threading
import time
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, select, text

from agent.record.store import SCHEMA_VERSION, FolderCursor, Store, StoreError, dialects, reports
from agent.record.store import applications as app_store
from agent.record.store import notifications as note_store
from agent.record.store.schema import messages
from tests.support.postgres import PostgresCluster
from tests.unit.test_followup_store import V2
from tests.unit.test_schema_shape import SCHEMA
from tests.unit.test_store_concurrent_open import open_at_once

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
UID_MAX = 2**32 - 1  # RFC 3501: UIDs and UIDVALIDITY are unsigned 32-bit


@pytest.fixture
def store(store_url: str):
    s = Store.open(store_url)
    yield s
    s.close()


def _message(uidvalidity: int, uid: int, **values: Any) -> dict[str, Any]:
    return {"account": "a", "folder": "INBOX", "uidvalidity": uidvalidity, "uid": uid, "message_id": f"<{uid}@x>",
            "status": "classified", "processed_at": "2026-11-25T12:00:00+00:00", **values}


def test_uids_and_uidvalidity_up_to_2_to_the_32_are_kept(store: Store) -> None:
    with store.transaction() as conn:
        FolderCursor("a", "INBOX").advance(conn, UID_MAX, UID_MAX - 1, NOW)
        store.insert_messages(conn, [_message(UID_MAX, UID_MAX)])
    with store.transaction() as conn:
        state = FolderCursor("a", "INBOX").load(conn)
        assert state is not None and (state.uidvalidity, state.last_uid) == (UID_MAX, UID_MAX - 1)
        assert FolderCursor("a", "INBOX").resume_after(conn, UID_MAX) == UID_MAX - 1
        assert conn.execute(select(messages.c.uidvalidity, messages.c.uid)).all() == [(UID_MAX, UID_MAX)]


def test_search_ignores_case_on_both_stores(store: Store) -> None:
    with store.transaction() as conn:
        ids = [store.create_application(conn, company=c, company_key=c.lower(), role=r, status="applied",
                                        message_id=f"<{c}@x>", subject="s", now=NOW)
               for c, r in (("Acme Robotics", "Backend Engineer"), ("Globex", "data analyst"), ("100% Corp", "QA"))]
        found = app_store.merge_candidates(conn, ids[2], "ACME")
        assert [b.id for b in found] == [ids[0]]
        assert [b.id for b in app_store.merge_candidates(conn, ids[0], "Data Analyst")] == [ids[1]]
        assert [b.id for b in app_store.merge_candidates(conn, ids[0], "100%")] == [ids[2]]  # % taken literally
        where = reports.BoardFilter(account=None, q=app_store.like_pattern("robotics"), status=None)
        assert reports.board_totals(conn, where) == {"applied": 1}
        assert [c.id for c in reports.board_cards(conn, where, ["scheduled"], 0, 10)] == [ids[0]]


def test_emails_without_a_date_come_first_on_both_stores(store: Store) -> None:
    with store.transaction() as conn:
        store.insert_messages(conn, [_message(1, 1, status="review", received_at="2026-11-02T00:00:00+00:00")])
        store.insert_messages(conn, [_message(1, 2, status="review", received_at=None)])
        assert [r.uid for r in store.review_rows(conn)] == [2, 1]  # as SQLite has always listed them


def test_a_transaction_that_fails_keeps_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as conn:
        FolderCursor("a", "INBOX").advance(conn, 1, 10, NOW)
        raise RuntimeError("crash in the middle")
    with store.transaction() as conn:
        assert FolderCursor("a", "INBOX").load(conn) is None


# -- keyed rows made once, by processes racing --------------------------------------------------------

def _race(store: Store, make: Any) -> list[Any]:
    """``make(conn)`` in two transactions at once: the first holds its row uncommitted while the second
    makes its own, then commits.  Both must succeed and agree."""
    first_wrote, results, errors = threading.Event(), [], []

    def second() -> None:
        first_wrote.wait(10)
        try:
            with store.transaction() as conn:
                results.append(make(conn))
        except Exception as exc:  # noqa: BLE001 - reported as it is
            errors.append(exc)

    t = threading.Thread(target=second)
    t.start()
    with store.transaction() as conn:
        results.insert(0, make(conn))
        first_wrote.set()
        time.sleep(0.3)  # the second is now waiting on the first one's row
    t.join(20)
    assert errors == [] and len(results) == 2, errors
    return results


@pytest.mark.parametrize("make", [lambda conn, store: store.install_id(conn),
                                  lambda conn, store: note_store.turned_on_at(conn, f"t{threading.get_ident()}")],
                         ids=["install_id", "notifications_since"])
def test_a_row_made_once_is_made_once_by_racing_processes(postgres: PostgresCluster, make: Any) -> None:
    store = Store.open(postgres.create_database())
    try:
        first, second = _race(store, lambda conn: make(conn, store))
        assert first == second
    finally:
        store.close()


# -- the schema -----------------------------------------------------------------------------------------

def _keys(url: str) -> dict[str, Any]:
    """SCHEMA's shape read from PostgreSQL: primary key, NOT NULL columns, indexes (with the unique keys,
    and a primary key that is not a single integer id, as SQLite lists them)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            insp = inspect(conn)
            out: dict[str, Any] = {}
            for table in insp.get_table_names():
                cols = insp.get_columns(table)
                pk = insp.get_pk_constraint(table)["constrained_columns"]
                indexes = {(tuple(i["column_names"]), bool(i["unique"])) for i in insp.get_indexes(table)}
                indexes |= {(tuple(u["column_names"]), True) for u in insp.get_unique_constraints(table)}
                integer_id = len(pk) == 1 and next(c for c in cols if c["name"] == pk[0])["type"].python_type is int
                if pk and not integer_id:
                    indexes.add((tuple(pk), True))
                out[table] = (pk, sorted(c["name"] for c in cols if not c["nullable"]), sorted(indexes))
            return out
    finally:
        engine.dispose()


def test_the_schema_on_postgresql_has_the_keys_constraints_and_indexes_of_sqlite(postgres_url: str) -> None:
    Store.open(postgres_url).close()
    assert _keys(postgres_url) == SCHEMA


def _v2_on_postgresql(url: str) -> None:
    """The version-2 schema as SQLAlchemy made it on PostgreSQL (integer ids are SERIAL), with rows."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(V2.replace("id INTEGER NOT NULL,", "id SERIAL NOT NULL,"))
            conn.execute(text("INSERT INTO schema_version VALUES (2, '2026-01-01T00:00:00+00:00')"))
            conn.execute(text("INSERT INTO applications (company, company_key, role, status, created_at, updated_at) "
                              "VALUES ('Acme', 'acme', 'Engineer', 'rejected', '2026-01-01', '2026-01-02')"))
            for n in range(3):
                conn.execute(text(
                    "INSERT INTO followups (application_id, rejection_message_id, rejected_at, due_at, status, "
                    "to_addr, in_reply_to, created_at) VALUES (1, :r, '2026-01-02', '2026-01-16', 'drafted', "
                    "'jane@acme.example', :r, '2026-01-02')"), {"r": f"<r{n}@acme>"})
                if n < 2:  # version 2 allowed one follow-up per application: keep only the last
                    conn.execute(text("DELETE FROM followups"))
            conn.execute(text("INSERT INTO messages (account, folder, uidvalidity, uid, message_id, status, "
                              "processed_at) VALUES ('alex@imap.example', 'INBOX', 7, 1, '<m1@x>', 'classified', "
                              "'2026-01-01')"))
            conn.execute(text("INSERT INTO folder_state VALUES ('alex@imap.example', 'INBOX', 7, 1, '2026-01-01')"))
    finally:
        engine.dispose()


def test_a_version_2_database_on_postgresql_is_upgraded_with_every_row(postgres_url: str) -> None:
    _v2_on_postgresql(postgres_url)
    store = Store.open(postgres_url)
    try:
        assert store.migrate() == SCHEMA_VERSION
        with store.transaction() as conn:
            [fu] = store.list_followups(conn)
            assert (fu.id, fu.status, fu.kind, fu.slot) == (3, "drafted", "rejection_thanks", "rejection_thanks")
            new = store.create_followup(conn, application_id=1, rejection_message_id="<i1@acme>",
                                        rejected_at="2026-01-03", due_at="2026-01-03", status="scheduled",
                                        in_reply_to="<i1@acme>", created_at="2026-01-03", kind="interview_thanks",
                                        slot="interview_thanks:x")
            assert new > 3  # the rebuilt table's ids go on after the copied ones, never given twice
            assert FolderCursor("default", "INBOX").resume_after(conn, 7) == 1  # version 3: the account
            assert store.application(conn, 1).account == "default"
    finally:
        store.close()
    assert _keys(postgres_url) == SCHEMA


def test_processes_opening_a_new_postgresql_database_at_once_all_get_it(postgres: PostgresCluster) -> None:
    failures: list[str] = []
    for _round in range(3):
        url = postgres.create_database()
        failures += open_at_once(url)
        store = Store.open(url)
        try:
            with store.transaction() as conn:
                assert conn.execute(text("SELECT version FROM schema_version")).scalars().all() == [SCHEMA_VERSION]
        finally:
            store.close()
    assert failures == []


def test_an_open_of_a_current_postgresql_database_does_not_wait_for_an_upgrade(postgres_url: str) -> None:
    """A current database is only read at open: the upgrade lock held elsewhere does not hold it up."""
    Store.open(postgres_url).close()
    engine = create_engine(postgres_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": dialects.UPGRADE_LOCK})
            started = time.monotonic()
            Store.open(postgres_url).close()
            assert time.monotonic() - started < 5
    finally:
        engine.dispose()


# -- URLs that cannot work --------------------------------------------------------------------------------

def test_a_postgresql_url_without_psycopg_names_the_extra(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    monkeypatch.setattr("importlib.util.find_spec", lambda name, *a: None if name == "psycopg" else object())
    with pytest.raises(StoreError) as err:
        Store.open("postgresql+psycopg://onward@127.0.0.1:5432/onward")
    assert "pip install 'onward[postgresql]'" in str(err.value) and "\n" not in str(err.value)


def test_a_server_that_is_not_there_is_a_store_error_without_the_password() -> None:
    with pytest.raises(StoreError) as err:
        Store.open("postgresql+psycopg://onward:s3cret-pw@127.0.0.1:1/onward")
    assert "s3cret-pw" not in str(err.value) and "***" in str(err.value)


def test_plain_postgresql_urls_mean_psycopg_3(postgres: PostgresCluster, postgres_url: str) -> None:
    store = Store.open(postgres_url.replace("postgresql+psycopg://", "postgresql://"))
    try:
        assert store.engine.dialect.driver == "psycopg"
    finally:
        store.close()
    with pytest.raises(StoreError, match="psycopg 3"):
        Store.open(postgres_url.replace("postgresql+psycopg://", "postgresql+pg8000://"))


def test_connections_the_server_dropped_are_replaced_before_use(postgres: PostgresCluster, postgres_url: str) -> None:
    """A server restart between two passes leaves dead connections in the daemon's pool: the next
    transaction gets a live one instead of failing."""
    store = Store.open(postgres_url)
    try:
        with store.transaction() as conn:
            FolderCursor("a", "INBOX").advance(conn, 1, 10, NOW)
        name = postgres_url.rsplit("/", 1)[1]
        dropped = postgres.execute(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
        assert dropped and all(ok for (ok,) in dropped)
        with store.transaction() as conn:
            FolderCursor("a", "INBOX").advance(conn, 1, 11, NOW)
            assert FolderCursor("a", "INBOX").resume_after(conn, 1) == 11
    finally:
        store.close()
