"""The resume point (agent/record/store/folders.py: FolderCursor), against real SQLite: it moves only
forward under one UIDVALIDITY, starts over under a new one, and moves only when the transaction that
recorded the batch commits - also inside a real pass over the in-memory mailbox."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent import crashpoints
from agent.demo import samples
from agent.record.store import FolderCursor, Store
from tests.unit.memory_world import deliver, memory_world

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


@pytest.fixture
def store(tmp_path):
    s = Store.open(f"sqlite:///{tmp_path / 'o.db'}")
    yield s
    s.close()


def test_a_new_folder_has_no_resume_point(store):
    with store.transaction() as conn:
        assert FolderCursor("a", "INBOX").load(conn) is None
        assert FolderCursor("a", "INBOX").resume_after(conn, 7) == 0


def test_advance_never_moves_back_under_one_uidvalidity(store):
    cursor = FolderCursor("a", "INBOX")
    with store.transaction() as conn:
        cursor.advance(conn, 7, 40, NOW)
        cursor.advance(conn, 7, 12, NOW + timedelta(minutes=1))  # an older batch finishing late
    with store.transaction() as conn:
        state = cursor.load(conn)
        assert state is not None and (state.uidvalidity, state.last_uid) == (7, 40)
        assert cursor.resume_after(conn, 7) == 40


def test_a_new_uidvalidity_starts_over(store):
    cursor = FolderCursor("a", "INBOX")
    with store.transaction() as conn:
        cursor.advance(conn, 7, 500, NOW)
    with store.transaction() as conn:
        assert cursor.resume_after(conn, 8) == 0  # the old UIDs name other messages now
        cursor.advance(conn, 8, 3, NOW)  # lower than 500: taken, under the new UIDVALIDITY
    with store.transaction() as conn:
        state = cursor.load(conn)
        assert state is not None and (state.uidvalidity, state.last_uid) == (8, 3)
        assert cursor.resume_after(conn, 7) == 0


def test_reset_sets_the_point_whatever_was_there(store):
    cursor = FolderCursor("a", "INBOX")
    with store.transaction() as conn:
        cursor.advance(conn, 7, 500, NOW)
        cursor.reset(conn, 9, 20, NOW)
    with store.transaction() as conn:
        assert cursor.resume_after(conn, 9) == 20


def test_cursors_of_other_folders_and_accounts_are_apart(store):
    with store.transaction() as conn:
        FolderCursor("a", "INBOX").advance(conn, 7, 40, NOW)
        FolderCursor("a", "training:Rejections").advance(conn, 7, 5, NOW)
        FolderCursor("b", "INBOX").advance(conn, 7, 99, NOW)
    with store.transaction() as conn:
        assert [FolderCursor(a, f).resume_after(conn, 7) for a, f in
                [("a", "INBOX"), ("a", "training:Rejections"), ("b", "INBOX")]] == [40, 5, 99]


def test_advance_is_undone_with_its_transaction(store):
    cursor = FolderCursor("a", "INBOX")
    with store.transaction() as conn:
        cursor.advance(conn, 7, 10, NOW)
    with pytest.raises(RuntimeError):
        with store.transaction() as conn:
            cursor.advance(conn, 7, 60, NOW)
            raise RuntimeError("the batch failed before its commit")
    with store.transaction() as conn:
        assert cursor.resume_after(conn, 7) == 10


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([7, 8]), st.integers(1, 10_000)), min_size=1, max_size=12))
def test_the_point_is_the_highest_uid_since_the_last_uidvalidity_change(tmp_path_factory, steps):
    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('c') / 'o.db'}")
    cursor = FolderCursor("a", "INBOX")
    try:
        for uidvalidity, uid in steps:
            with store.transaction() as conn:
                cursor.advance(conn, uidvalidity, uid, NOW)
        last = steps[-1][0]
        run = []
        for uidvalidity, uid in reversed(steps):
            if uidvalidity != last:
                break
            run.append(uid)
        with store.transaction() as conn:
            assert cursor.resume_after(conn, last) == max(run)
    finally:
        store.close()


class Crash(Exception):
    pass


def test_a_pass_that_stops_before_its_commit_leaves_the_point_where_it_was(tmp_path, model):
    """A real pass: the batch's messages and the resume point are one transaction."""
    box, agent, store = memory_world(tmp_path, model)
    t0 = datetime(2026, 9, 1, 9, tzinfo=UTC)
    deliver(box, samples.ack("Acme", "Engineer", t0 - timedelta(days=2), "<a1@acme.example>"))
    agent.run_pass(t0)
    with store.transaction() as conn:
        before = FolderCursor("default", "INBOX").load(conn)
    assert before is not None and before.last_uid == 1
    deliver(box, samples.ack("Globex", "Analyst", t0 - timedelta(days=1), "<a2@globex.example>"))

    def crash(name: str, n: int) -> None:
        if name == "mid_batch":
            raise Crash(name)

    crashpoints.set_hook(crash)
    try:
        with pytest.raises(Crash):
            agent.run_pass(t0 + timedelta(hours=1))
    finally:
        crashpoints.set_hook(None)
    with store.transaction() as conn:
        assert FolderCursor("default", "INBOX").load(conn) == before
        assert store.recorded_uids(conn, "default", "INBOX", box.examine("INBOX").uidvalidity, [2]) == set()
    agent.run_pass(t0 + timedelta(hours=2))
    with store.transaction() as conn:
        assert FolderCursor("default", "INBOX").resume_after(conn, box.examine("INBOX").uidvalidity) == 2
    store.close()
