"""What differs between SQLite and PostgreSQL, each point behind one function of
agent/record/store/dialects.py: the URL a store opens, the engine's options, the indexes a migration sees,
a keyed row written once and the ids after a copy - on a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import create_engine, event, insert, inspect, select, text

from agent.record.store import Store, dialects
from agent.record.store.schema import applications, notifications


@pytest.mark.parametrize("url, driver", [
    ("postgresql://u@db.example/onward", dialects.POSTGRESQL_DRIVER),
    ("postgres://u@db.example/onward", dialects.POSTGRESQL_DRIVER),
    ("postgresql+psycopg://u@db.example/onward", dialects.POSTGRESQL_DRIVER),
    ("sqlite:///onward.db", "sqlite"),
])
def test_the_urls_a_store_opens(url: str, driver: str) -> None:
    assert dialects.engine_url(url).drivername == driver


@pytest.mark.parametrize("driver", ["psycopg2", "asyncpg", "pg8000"])  # before and after "psycopg" in order
def test_another_postgresql_driver_is_refused_naming_the_one_to_write(driver: str) -> None:
    with pytest.raises(dialects.UnsupportedURL, match=f"uses the driver '{driver}'.*postgresql\\+psycopg://"):
        dialects.engine_url(f"postgresql+{driver}://u@db.example/onward")


def test_postgresql_connections_are_checked_and_give_up_after_the_timeout() -> None:
    assert dialects.engine_options(dialects.engine_url("sqlite:///onward.db")) == {}
    assert dialects.engine_options(dialects.engine_url("postgresql://u@db.example/onward")) == {
        "pool_pre_ping": True, "connect_args": {"connect_timeout": 10}}  # 10 s: docs/configuration.md
    # a timeout the URL names is the user's: left to the driver
    assert dialects.engine_options(dialects.engine_url("postgresql://u@db.example/onward?connect_timeout=3")) == {
        "pool_pre_ping": True}


def test_the_upgrade_lock_is_the_same_key_in_every_onward() -> None:
    # an older and a newer Onward upgrading one database at once must wait for each other: the key never changes
    assert dialects.UPGRADE_LOCK == 0x6F6E77617264


def test_a_new_postgresql_database_is_upgraded_by_one_opener_at_a_time(postgres_url: str) -> None:
    """While another Onward holds the upgrade lock (creating the schema of the same new database), an open
    waits for it, then finds the work done."""
    holder = create_engine(postgres_url)
    opened: list[Store] = []
    opener = threading.Thread(target=lambda: opened.append(Store.open(postgres_url)))
    try:
        with holder.begin() as other:
            other.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": dialects.UPGRADE_LOCK})
            opener.start()
            waiting = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            deadline = time.monotonic() + 30
            while not other.execute(text(waiting)).scalar_one() and time.monotonic() < deadline:
                time.sleep(0.05)
            assert other.execute(text(waiting)).scalar_one() == 1, "the open did not wait for the lock"
            assert opener.is_alive() and not opened  # waiting for the lock, nothing created
            assert "applications" not in inspect(other).get_table_names()
        opener.join(30)
        assert not opener.is_alive() and len(opened) == 1
    finally:
        if opener.is_alive():
            opener.join(30)
        for store in opened:
            store.close()
        holder.dispose()


def test_a_tables_named_indexes_are_those_the_schema_makes_not_its_unique_keys(any_store: Store) -> None:
    with any_store.transaction() as conn:
        names = dialects.index_names(conn, "events")
    assert {"ix_events_application_id", "ix_events_message_id"} <= set(names)
    # the index behind the unique key (account, message_id) is the database's own (named after the constraint
    # on PostgreSQL, sqlite_autoindex_... on SQLite)
    assert not any(n.startswith(("uq_", "sqlite_autoindex")) for n in names), names


def test_a_keyed_row_written_twice_keeps_the_first(any_store: Store) -> None:
    with any_store.transaction() as conn:
        for at in ("2026-11-01T09:00:00+00:00", "2026-11-02T09:00:00+00:00"):
            conn.execute(dialects.insert_once(conn, notifications).values(
                key="since", kind="since", state="since", created_at=at))
        assert conn.execute(select(notifications.c.created_at)).scalars().all() == ["2026-11-01T09:00:00+00:00"]


def test_after_rows_written_with_their_ids_the_next_id_follows_the_highest(any_store: Store) -> None:
    row = dict(company="Acme", role="Analyst", status="applied", created_at="2026-11-01T09:00:00+00:00",
               updated_at="2026-11-01T09:00:00+00:00", account="me")
    with any_store.transaction() as conn:
        conn.execute(insert(applications).values(id=41, **row))
        dialects.reset_id_sequences(conn, [applications, notifications])  # a text key has no sequence
        new = conn.execute(insert(applications).values(**row)).inserted_primary_key[0]
    assert new == 42


def test_rows_are_locked_for_update_only_where_transactions_run_side_by_side(any_store: Store) -> None:
    seen: list[str] = []
    with any_store.transaction() as conn:
        conn.execute(text("SELECT 1"))
        from_engine = conn.engine

        def remember(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
            seen.append(statement)

        event.listen(from_engine, "before_cursor_execute", remember)
        try:
            dialects.lock_rows(conn, select(applications.c.id).where(applications.c.id == 1))
        finally:
            event.remove(from_engine, "before_cursor_execute", remember)
    locking = [s for s in seen if "FOR UPDATE" in s]
    assert bool(locking) == (from_engine.dialect.name == "postgresql"), seen


def test_a_tables_columns_are_read_from_the_database(any_store: Store) -> None:
    with any_store.transaction() as conn:
        assert dialects.column_names(conn, "notifications") == [
            "key", "kind", "state", "text", "created_at", "sent_at"]
