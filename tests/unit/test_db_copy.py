"""``onward db copy --to URL``: a real record (passes of the real pipeline over the in-memory mailbox, on
SQLite) moved into the throwaway PostgreSQL cluster: every row of every table, ids kept; the source is
never touched; a pass on the copy goes on where the original stopped; a non-empty target, a bad URL or a
source at another schema version is one line and exit 2; a copy that differs is rolled back (exit 7)."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from agent.cli import main
from agent.demo import samples
from agent.record.store import SCHEMA_VERSION, Store
from agent.record.store import copy as copy_mod
from agent.record.store.schema import metadata
from tests.crashharness import _server_rows, _sqlite_rows
from tests.support.postgres import PostgresCluster
from tests.unit.memory_world import deliver, followups, memory_world, outcomes
from tests.unit.test_followup_store import _v2_database

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
TABLES = [t.name for t in metadata.sorted_tables]


def _mail(box, tag: str) -> None:
    deliver(box, samples.ack("Acme", "Engineer", T0, f"<ack-{tag}@acme.example>"))
    deliver(box, samples.interview("Globex", "Analyst", "Hank Scorpio", "hank@globex.example", T0 + timedelta(days=1),
                                   f"<int-{tag}@globex.example>"))
    deliver(box, samples.rejection("Initech", "QA", "Bill Lumbergh <bill@initech.example>", T0 + timedelta(days=2),
                                   f"<rej-{tag}@initech.example>"))
    deliver(box, samples.newsletter(T0 + timedelta(days=2), f"<news-{tag}@x.example>"))


@pytest.fixture(scope="module")
def record(tmp_path_factory, model) -> tuple[Path, object]:
    """A SQLite record after a first pass and one that saved drafts (its mailbox too, for later passes)."""
    tmp = tmp_path_factory.mktemp("record")
    box, agent, store = memory_world(tmp, model, lookback_days=90)
    _mail(box, "a")
    agent.run_pass(T0 + timedelta(days=3))
    agent.run_pass(T0 + timedelta(days=40))
    with store.transaction() as conn:
        store.install_id(conn)
    store.close()
    return tmp / "onward.db", box


def _all_rows(db: Path | str) -> dict[str, list[dict]]:
    read = _server_rows if isinstance(db, str) else _sqlite_rows
    return {t: read(db, t, ", ".join(c.name for c in metadata.tables[t].primary_key.columns)) for t in TABLES}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _file(path: Path) -> tuple[str, int]:
    """A file's content and modification time."""
    return _digest(path), path.stat().st_mtime_ns


def _onward(*args: str, capsys) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_sqlite_record_is_copied_into_postgresql_whole_and_checked(record, postgres_url, capsys) -> None:
    db, _box = record
    before, source_rows = _file(db), _all_rows(db)
    assert len(source_rows["events"]) >= 3 and source_rows["followups"] and source_rows["install"]
    code, out, err = _onward("db", "copy", "--from", f"sqlite:///{db}", "--to", postgres_url, "--json", capsys=capsys)
    assert code == 0, err
    shown = json.loads(out)
    assert shown["rows"] == {t: len(rows) for t, rows in source_rows.items()}
    assert shown["sampled"] >= sum(1 for rows in source_rows.values() if rows)
    assert _all_rows(postgres_url) == source_rows  # every row, every column, every id
    # the source was only read (SQLite may leave an empty -wal and its -shm beside a WAL database it read)
    wal = Path(f"{db}-wal")
    assert _file(db) == before and (not wal.exists() or wal.stat().st_size == 0)


def test_a_pass_on_the_copy_goes_on_where_the_original_stopped(record, postgres_url, model, tmp_path, capsys) -> None:
    db, box = record
    assert _onward("db", "copy", "--from", f"sqlite:///{db}", "--to", postgres_url, capsys=capsys)[0] == 0
    copied = _all_rows(postgres_url)
    _box, agent, store = memory_world(tmp_path, model, lookback_days=90, database=postgres_url)
    try:
        agent._client = lambda: box  # the same mailbox: nothing in it is new to the copied record
        agent.run_pass(T0 + timedelta(days=41))
        assert len(outcomes(store)) == len(copied["applications"])
        assert len(followups(store)) == len(copied["followups"])
        with store.transaction() as conn:  # a new application gets a new id, after the copied ones
            new = store.create_application(conn, company="Hooli", company_key="hooli", role="SRE", status="applied",
                                           message_id="<new@hooli>", subject="s", now=T0)
            assert store.install_id(conn) == copied["install"][0]["value"]  # the drafts' Message-IDs stay
        assert new > max(r["id"] for r in copied["applications"])
    finally:
        store.close()


def test_a_target_with_a_record_is_refused_unless_replace(record, postgres_url, capsys) -> None:
    db, _box = record
    assert _onward("db", "copy", "--from", f"sqlite:///{db}", "--to", postgres_url, capsys=capsys)[0] == 0
    store = Store.open(postgres_url)
    with store.transaction() as conn:
        extra = store.create_application(conn, company="Hooli", company_key="hooli", role="SRE", status="applied",
                                         message_id="<new@hooli>", subject="s", now=T0)
    store.close()
    held = _all_rows(postgres_url)
    code, out, err = _onward("db", "copy", "--from", f"sqlite:///{db}", "--to", postgres_url, capsys=capsys)
    assert code == 2 and out == "" and err.count("\n") == 1 and "--replace" in err and "applications" in err
    assert _all_rows(postgres_url) == held
    code, out, err = _onward("db", "copy", "--from", f"sqlite:///{db}", "--to", postgres_url, "--replace",
                             capsys=capsys)
    assert code == 0, err
    assert _all_rows(postgres_url) == _all_rows(db)
    assert extra not in {r["id"] for r in _all_rows(postgres_url)["applications"]}


def test_postgresql_back_into_a_new_sqlite_file(record, postgres_url, tmp_path, capsys) -> None:
    db, _box = record
    assert _onward("db", "copy", "--from", f"sqlite:///{db}", "--to", postgres_url, capsys=capsys)[0] == 0
    back = tmp_path / "sub" / "back.db"
    code, _out, err = _onward("db", "copy", "--from", postgres_url, "--to", f"sqlite:///{back}", capsys=capsys)
    assert code == 0, err
    assert _all_rows(back) == _all_rows(db)


# what goes wrong in the copy after a table is written: a row lost (the counts find it), a row changed
# (the column-by-column sample of the first, the last and random rows finds it)
_DAMAGE = {
    "lost": ("events", "DELETE FROM events WHERE id = (SELECT max(id) FROM events)", "events"),
    "changed": ("applications", "UPDATE applications SET company = 'Changed' WHERE id = (SELECT min(id) FROM "
                                "applications)", "applications row 1 differs"),
}


@pytest.mark.parametrize("damage", sorted(_DAMAGE))
def test_a_copy_that_differs_is_rolled_back(record, postgres_url, monkeypatch, capsys, damage) -> None:
    db, _box = record
    real = copy_mod._copy_table
    table_name, statement, says = _DAMAGE[damage]

    def damaged(src, dst, table):
        real(src, dst, table)
        if table.name == table_name:
            dst.exec_driver_sql(statement)

    monkeypatch.setattr(copy_mod, "_copy_table", damaged)
    monkeypatch.setattr(copy_mod, "SAMPLE", 0)  # no random rows: the first and the last are always compared
    code, out, err = _onward("db", "copy", "--from", f"sqlite:///{db}", "--to", postgres_url, capsys=capsys)
    assert code == 7 and err.count("\n") == 1 and says in err and "nothing was written" in err, err
    assert all(not rows for t, rows in _all_rows(postgres_url).items() if t != "schema_version")


def test_a_source_that_cannot_be_read_is_one_line(tmp_path, capsys) -> None:
    bad = tmp_path / "onward.db"
    bad.write_bytes(b"this is not a database" * 100)
    code, out, err = _onward("db", "copy", "--from", f"sqlite:///{bad}", "--to", f"sqlite:///{tmp_path / 'b.db'}",
                             capsys=capsys)
    assert code == 7 and err.count("\n") == 1 and err.startswith("onward: cannot read ") and "onward.db" in err, err


@pytest.mark.parametrize("args, says", [
    (["--to", "not a url"], "is not a database URL"),
    (["--to", "postgresql+pg8000://x@127.0.0.1/x"], "psycopg 3"),
    (["--from", "sqlite:////nonexistent/onward.db", "--to", "sqlite:////tmp/x.db"], "no SQLite database"),
])
def test_bad_input_is_one_line_and_exit_2(args, says, tmp_path, capsys) -> None:
    code, out, err = _onward("db", "copy", *args, capsys=capsys)
    assert (code, out, err.count("\n")) == (2, "", 1) and says in err, err


def test_the_source_itself_or_an_older_source_is_refused_and_left_as_it_was(record, tmp_path, postgres: PostgresCluster,
                                                                              capsys) -> None:
    db, _box = record
    code, _out, err = _onward("db", "copy", "--from", f"sqlite:///{db}", "--to", f"sqlite:///{db.parent}/./onward.db",
                              capsys=capsys)
    assert code == 2 and "the record is read from" in err, err
    old = tmp_path / "old.db"
    _v2_database(old)
    before = _digest(old)
    target = postgres.create_database()
    code, _out, err = _onward("db", "copy", "--from", f"sqlite:///{old}", "--to", target, capsys=capsys)
    assert code == 2 and f"schema version 2 and this Onward writes version {SCHEMA_VERSION}" in err, err
    assert _digest(old) == before  # not upgraded: the source is only read
    with sqlite3.connect(old) as con:
        assert con.execute("SELECT max(version) FROM schema_version").fetchone() == (2,)


def test_the_copy_is_one_snapshot_while_a_daemon_writes_beside_it(record, postgres_url, tmp_path, monkeypatch,
                                                                  capsys) -> None:
    db = tmp_path / "live.db"
    shutil.copy(record[0], db)
    before = _all_rows(db)
    real = copy_mod._copy_table

    def a_daemon_writes_meanwhile(src, dst, table):
        real(src, dst, table)
        if table.name == "applications":  # the next tables are read after this write was committed
            live = Store.open(f"sqlite:///{db}")
            with live.transaction() as conn:
                app = live.create_application(conn, company="Hooli", company_key="hooli", role="SRE",
                                              status="applied", message_id="<late@hooli>", subject="s", now=T0)
                live.link_thread(conn, app, ["<late@hooli>"])
            live.close()

    monkeypatch.setattr(copy_mod, "_copy_table", a_daemon_writes_meanwhile)
    code, _out, err = _onward("db", "copy", "--from", f"sqlite:///{db}", "--to", postgres_url, capsys=capsys)
    assert code == 0, err
    assert _all_rows(postgres_url) == before  # the record as it was when the copy began
    assert len(_all_rows(db)["thread_ids"]) == len(before["thread_ids"]) + 1
