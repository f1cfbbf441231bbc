"""The store: migrations keep data, transactions are atomic, one daemon per database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect, select

from agent.config import parse_settings
from agent.loop import InstanceLock, LockError
from agent.record.store import SCHEMA_VERSION, FolderCursor, Store, StoreError, migrations
from agent.record.store.schema import schema_version

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def test_migration_keeps_existing_data(store_url, monkeypatch):  # on SQLite and on PostgreSQL
    s = Store.open(store_url)
    with s.transaction() as conn:
        FolderCursor("acct", "INBOX").advance(conn, 7, 42, NOW)
    s.close()
    monkeypatch.setattr(migrations, "MIGRATIONS", [
        (SCHEMA_VERSION + 1, ["ALTER TABLE applications ADD COLUMN notes TEXT"])])
    s = Store.open(store_url)
    try:
        assert s.migrate() == SCHEMA_VERSION + 1
        with s.transaction() as conn:
            assert FolderCursor("acct", "INBOX").load(conn).last_uid == 42
            cols = [c["name"] for c in inspect(conn).get_columns("applications")]
            versions = conn.execute(select(schema_version.c.version).order_by(schema_version.c.version)).scalars().all()
    finally:
        s.close()
    assert "notes" in cols and versions == [SCHEMA_VERSION, SCHEMA_VERSION + 1]


def test_transaction_is_all_or_nothing(tmp_path):
    s = Store.open(f"sqlite:///{tmp_path / 'o.db'}")
    with pytest.raises(RuntimeError):
        with s.transaction() as conn:
            FolderCursor("acct", "INBOX").advance(conn, 1, 10, NOW)
            raise RuntimeError("crash in the middle")
    with s.transaction() as conn:
        assert FolderCursor("acct", "INBOX").load(conn) is None
    s.close()


def test_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "o.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open database"):
        Store.open(f"sqlite:///{bad}")


def test_second_instance_is_refused(tmp_path):
    settings = parse_settings({"storage": {"database": f"sqlite:///{tmp_path / 'o.db'}"}})
    with InstanceLock(settings):
        with pytest.raises(LockError, match="already using this database"):
            InstanceLock(settings).acquire()
    InstanceLock(settings).acquire().release()  # released with the first one
