"""One schema, however the database came to be: a database upgraded from version 2 has the same tables,
columns (NOT NULL, primary keys) and indexes as one created today; and the install id is one row that
must have a value (two databases against one mailbox tell their drafts apart by it); a follow-up
always has its kind."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from agent.record.store import Store
from tests.unit.test_followup_store import _v2_database


def _shape(path: Path) -> dict[str, Any]:
    con = sqlite3.connect(path)
    try:
        shape: dict[str, Any] = {}
        tables = [t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                            "AND name NOT LIKE 'sqlite_%'")]
        for table in tables:
            columns = sorted((r[1], r[3], r[5]) for r in con.execute(f"PRAGMA table_info({table})"))
            indexes = sorted((tuple(c[2] for c in con.execute(f"PRAGMA index_info('{r[1]}')")), r[2])
                             for r in con.execute(f"PRAGMA index_list({table})"))
            shape[table] = (columns, indexes)
        return shape
    finally:
        con.close()


def _migrated(path: Path) -> Path:
    store = Store.open(f"sqlite:///{path}")
    try:
        store.migrate()
        with store.transaction() as conn:
            store.install_id(conn)
    finally:
        store.close()
    return path


def test_an_upgraded_database_has_the_schema_of_a_new_one(tmp_path: Path) -> None:
    fresh = _migrated(tmp_path / "fresh.db")
    _v2_database(tmp_path / "old.db")
    old = _migrated(tmp_path / "old.db")
    assert _shape(old) == _shape(fresh)
    columns, indexes = _shape(fresh)["events"]
    assert ((("sender_key",), 0)) in indexes  # linking looks senders up


def test_the_install_id_is_one_row_with_a_value(tmp_path: Path) -> None:
    db = _migrated(tmp_path / "onward.db")
    con = sqlite3.connect(db)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            con.execute("INSERT INTO install (key, value) VALUES ('install_id', 'another')")
        with pytest.raises(sqlite3.IntegrityError):
            con.execute("INSERT INTO install (key, value) VALUES ('other', NULL)")
        assert con.execute("SELECT COUNT(*) FROM install").fetchone() == (1,)
        kind = [r for r in con.execute("PRAGMA table_info(followups)") if r[1] == "kind"]
        assert [r[3] for r in kind] == [1]  # a follow-up always has its kind (NOT NULL)
    finally:
        con.close()


# The keys, NOT NULL columns and indexes of today's schema, written out: a migration or a table
# definition that loses one (a NOT NULL, a unique key, the index a lookup needs) fails here. A schema
# change updates this table on purpose.
SCHEMA = {
    "applications": (["id"], ["account", "created_at", "id", "status", "updated_at"],
                     [(("account",), False), (("company_key",), False)]),
    "digests": (["week", "account"], ["account", "draft_message_id", "saved_at", "week"],
                [(("week", "account"), True)]),
    "events": (["id"], ["account", "application_id", "confidence", "id", "label", "message_id", "received_at",
                        "source"],
               [(("account",), False), (("account", "message_id"), True), (("application_id",), False),
                (("message_id",), False), (("sender_key",), False)]),
    "examples": (["message_id"], ["label", "message_id", "source", "updated_at"], [(("message_id",), True)]),
    "folder_state": (["account", "folder"], ["account", "folder", "last_uid", "uidvalidity", "updated_at"],
                     [(("account", "folder"), True)]),
    "followups": (["id"], ["account", "application_id", "created_at", "due_at", "id", "in_reply_to", "kind",
                           "rejected_at", "rejection_message_id", "status"],
                  [(("account",), False), (("application_id",), False), (("application_id", "slot"), True),
                   (("status", "due_at"), False)]),
    "install": (["key"], ["key", "value"], [(("key",), True)]),
    "messages": (["id"], ["account", "folder", "id", "message_id", "processed_at", "status", "uid", "uidvalidity"],
                 [(("account", "folder", "uidvalidity", "uid"), True), (("message_id",), False)]),
    "notes": (["id"], ["application_id", "id", "text", "written_at"], [(("application_id",), False)]),
    "schema_version": (["version"], ["applied_at", "version"], []),
    "thread_ids": (["message_id"], ["application_id", "message_id"],
                   [(("application_id",), False), (("message_id",), True)]),
    "account_state": (["account"], ["account", "auth", "state", "updated_at"], [(("account",), True)]),
    "gmail_ids": (["account", "gm_msgid"], ["account", "folder", "gm_msgid", "uid", "uidvalidity"],
                  [(("account", "gm_msgid"), True)]),
    "idle_watch": (["account"], ["account", "since", "state"], [(("account",), True)]),
    "notifications": (["key"], ["created_at", "key", "kind", "state"], [(("key",), True)]),
    "workers": (["id"], ["expires_at", "host", "id", "pid", "started_at"], [(("id",), True)]),
    "account_leases": (["account"], ["account", "version"], [(("account",), True)]),
    "bounces": (["account", "message_id", "recipient"],
                ["account", "bounced_at", "message_id", "original_message_id", "recipient", "recorded_at"],
                [(("account", "message_id", "recipient"), True), (("original_message_id",), False)]),
}


def _keys(path: Path) -> dict[str, Any]:
    con = sqlite3.connect(path)
    try:
        out: dict[str, Any] = {}
        for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                    "AND name NOT LIKE 'sqlite_%' ORDER BY name"):
            info = list(con.execute(f"PRAGMA table_info({table})"))
            out[table] = ([r[1] for r in sorted(info, key=lambda r: r[5]) if r[5]],
                          sorted(r[1] for r in info if r[3]),
                          sorted((tuple(c[2] for c in con.execute(f"PRAGMA index_info('{r[1]}')")), bool(r[2]))
                                 for r in con.execute(f"PRAGMA index_list({table})")))
        return out
    finally:
        con.close()


def test_the_schema_holds_its_keys_constraints_and_indexes(tmp_path: Path) -> None:
    assert _keys(_migrated(tmp_path / "fresh.db")) == SCHEMA
    _v2_database(tmp_path / "old.db")
    assert _keys(_migrated(tmp_path / "old.db")) == SCHEMA
