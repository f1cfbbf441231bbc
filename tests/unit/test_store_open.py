"""Opening the store (agent/record/store/database.py ``Database.open``): every way it can fail is one
line naming ``storage.database``, and ``storage.keep_bodies = false`` keeps no email body."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from agent.demo.samples import build_email
from agent.model.classifier import Classifier
from agent.pipeline import Agent
from agent.record.store import Store, StoreError
from agent.record.store import database
from agent.record.store.database import loads_ids
from agent.record.store.schema import events, messages
from tests.unit.memory_world import USER, deliver, memory_world

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("url, line", [
    ("postgresql+nosuchdriver://u@127.0.0.1:1/db",
     "storage.database 'postgresql+nosuchdriver://u@127.0.0.1:1/db' uses the driver 'nosuchdriver': "),
    ("mysql://u:secret@db.example/onward", "cannot open database 'mysql://u:***@db.example/onward': "),
])
def test_a_database_onward_cannot_speak_to_is_one_line(url: str, line: str) -> None:
    with pytest.raises(StoreError) as caught:
        Store.open(url)
    assert str(caught.value).startswith(line) and "\n" not in str(caught.value)
    assert "secret" not in str(caught.value)


def test_a_database_path_that_is_a_directory_names_it(tmp_path: Path) -> None:
    (tmp_path / "onward.db").mkdir()
    with pytest.raises(StoreError, match=r"^storage\.database: cannot open .*onward\.db \(Is a directory\)$"):
        Store.open(f"sqlite:///{tmp_path / 'onward.db'}")


def _bodies(store: Store) -> list[str | None]:
    with store.transaction() as conn:
        return [row.body for row in conn.execute(select(messages.c.body))]


def test_without_keep_bodies_no_body_is_written_and_those_kept_before_are_erased(
        tmp_path: Path, model: Classifier) -> None:
    url = f"sqlite:///{tmp_path / 'onward.db'}"
    box, agent, store = memory_world(tmp_path, model, storage={"database": url})
    deliver(box, build_email(from_="Jane Park <jane@acme.test>", to=USER, subject="Your application",
                             body="Thank you for applying to Acme. We have received your application.",
                             date=T0, message_id="<ack@acme.test>"))
    agent.run_pass(now=T0 + timedelta(hours=1))
    assert any(_bodies(store)) and store.keep_bodies
    store.close()
    private = Store.open(url, keep_bodies=False)  # the user turned storage.keep_bodies off
    assert _bodies(private) and not any(_bodies(private))
    private.close()
    _, other, store = memory_world(tmp_path, model, storage={"database": url, "keep_bodies": False})
    agent = Agent(other.settings, store, model, password="unused", client=lambda: box)  # the same mailbox
    deliver(box, build_email(from_="Jane Park <jane@acme.test>", to=USER, subject="Interview",
                             body="We would like to invite you to an interview next week.",
                             date=T0 + timedelta(days=1), message_id="<int@acme.test>"))
    agent.run_pass(now=T0 + timedelta(days=1, hours=1))
    assert len(_bodies(store)) == 2 and not any(_bodies(store))
    store.close()


def test_stored_id_lists_read_back_as_strings() -> None:
    assert loads_ids(None) == [] and loads_ids("") == []
    assert loads_ids('["<a@x>", 7]') == ["<a@x>", "7"]


def test_a_kept_body_is_its_first_20000_characters(tmp_path: Path, model: Classifier) -> None:
    """What a correction or a training example needs, and no more: the text's first 20,000 characters."""
    box, agent, store = memory_world(tmp_path, model)
    words = "We would like to invite you to an interview next week. "
    body = (words * (21_000 // len(words) + 1))[:21_000]
    deliver(box, build_email(from_="Jane Park <jane@acme.test>", to=USER, subject="Interview", body=body,
                             date=T0, message_id="<int@acme.test>"))
    agent.run_pass(now=T0 + timedelta(hours=1))
    [kept] = _bodies(store)
    store.close()
    assert kept is not None and len(kept) == 20_000 and body.startswith(kept)


def test_a_time_without_a_zone_is_stored_as_utc() -> None:
    assert database.iso(datetime(2026, 11, 2, 9, 0, 30, 500)) == "2026-11-02T09:00:30+00:00"
    assert database.iso(datetime(2026, 11, 2, 10, 0, tzinfo=timezone(timedelta(hours=1)))) == "2026-11-02T09:00:00+00:00"


def _locked_elsewhere(path: Path) -> sqlite3.Connection:
    """Another process's view of ``path``: a connection holding the exclusive lock switching to WAL needs."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN EXCLUSIVE")
    return other


def test_switching_to_wal_waits_while_another_opener_holds_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    sqlite3.connect(path).close()
    other = _locked_elsewhere(path)
    released = threading.Timer(0.15, other.rollback)
    released.start()
    mine = sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=False)
    try:
        database._switch_to_wal(mine.cursor())
        assert mine.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        released.join()
        mine.close()
        other.close()


def test_switching_to_wal_gives_up_after_its_attempts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database, "WAL_ATTEMPTS", 3)
    path = tmp_path / "new.db"
    sqlite3.connect(path).close()
    other = _locked_elsewhere(path)
    tried: list[str] = []

    class Counting(sqlite3.Cursor):
        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
            tried.append(sql)
            return super().execute(sql, *args)

    mine = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            database._switch_to_wal(mine.cursor(factory=Counting))
        assert tried.count("PRAGMA journal_mode=WAL") == 3
    finally:
        mine.close()
        other.close()


def test_switching_to_wal_waits_ten_ms_more_each_attempt_about_8_s_in_all(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """While another process holds the lock for ever, the opener retries every WAL_ATTEMPTS times: the first
    retry after 10 ms (two opens at once cost little), each wait 10 ms longer, ~8 s in all before it fails."""
    path = tmp_path / "new.db"
    sqlite3.connect(path).close()
    other = _locked_elsewhere(path)
    waits: list[float] = []
    monkeypatch.setattr(time, "sleep", waits.append)  # the waits, without spending them
    mine = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            database._switch_to_wal(mine.cursor())
    finally:
        mine.close()
        other.close()
    assert database.WAL_ATTEMPTS == 40
    assert waits == pytest.approx([0.01 * n for n in range(1, 40)])
    assert 7.5 < sum(waits) < 8.5


def test_a_row_of_no_application_is_refused_by_sqlite_as_by_postgresql(any_store: Store) -> None:
    """The foreign keys hold on SQLite too, on every connection (a pragma of each: the one the schema check
    used, and one opened beside it while that one is busy): an event, follow-up or note of an application
    that is not there is refused, never kept as a record nobody can reach."""
    row = dict(message_id="<lost@x>", application_id=999, label="rejection", confidence=0.9,
               received_at="2026-11-02T09:00:00+00:00")
    with pytest.raises(IntegrityError), any_store.transaction() as conn:
        conn.execute(insert(events).values(**row))
    with any_store.transaction() as busy:
        busy.execute(select(events.c.id)).all()
        with pytest.raises(IntegrityError), any_store.transaction() as beside:
            beside.execute(insert(events).values(**row))
    with any_store.transaction() as conn:
        assert conn.execute(select(events.c.id)).all() == []
