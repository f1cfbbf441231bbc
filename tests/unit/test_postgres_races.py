"""A command editing an application while a pass records an email in it, on a real PostgreSQL (READ COMMITTED):
the pass is held inside its batch's transaction, after its writes and before its commit, while the command
runs beside it in a thread of its own - the command must wait for the pass (or the pass for it) and then
see what the other committed: no status derived from stale events written over a newer one, no event of
the pass left behind on an application a merge removed, nothing lost and nothing doubled."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from agent.cli import main
from agent.cli.labels import relabel_recorded
from agent.demo import samples
from agent.record.rules import AppStatus
from agent.record.store import Store
from agent.record.store.folders import FolderCursor
from tests.unit.memory_world import deliver, memory_world, outcomes

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
HELD = 1.5  # how long the pass stays in its transaction once the command has started


@pytest.fixture
def world(tmp_path, model, postgres_url):
    box, agent, store = memory_world(tmp_path, model, database=postgres_url)
    yield box, agent, store
    store.close()


def _pass_held_open(agent, monkeypatch):
    """Run ``agent``'s pass in a thread; it stops inside its batch's transaction (after recording the batch,
    before the commit) until ``go`` is set. Returns (recorded, go, thread, errors)."""
    recorded, go, errors = threading.Event(), threading.Event(), []
    real = FolderCursor.advance

    def advance_then_wait(self, conn, uidvalidity, uid, now):
        real(self, conn, uidvalidity, uid, now)
        recorded.set()
        assert go.wait(30)

    monkeypatch.setattr(FolderCursor, "advance", advance_then_wait)

    def run():
        try:
            agent.run_pass(NOW)
        except Exception as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
    thread = threading.Thread(target=run)
    thread.start()
    assert recorded.wait(60), "the pass did not get to its commit"
    return go, thread, errors


def _beside(command):
    """Run ``command`` in a thread; after HELD seconds (it is waiting on the pass's locks, or done) return."""
    out: list[object] = []
    thread = threading.Thread(target=lambda: out.append(command()))
    thread.start()
    time.sleep(HELD)
    return thread, out


def _events_of(store, app_id):
    with store.transaction() as conn:
        return sorted((e.message_id, e.label) for e in store.application_events(conn, app_id))


def test_label_while_a_pass_records_a_rejection_in_the_same_application_loses_neither(world, monkeypatch):
    """The user says the interview invitation was no interview (``onward label MID other``) while a pass
    records the company's rejection of the same application: the status must come from both changes -
    rejected - not from the events the label saw before the pass committed (applied)."""
    box, agent, store = world
    deliver(box, samples.ack("Acme", "Engineer", NOW - timedelta(days=12), "<a1@acme.example>"))
    deliver(box, samples.interview("Acme", "Engineer", "Jane Roe", "jane@acme.example", NOW - timedelta(days=6),
                                   "<i1@acme.example>"))
    agent.run_pass(NOW)
    [app] = outcomes(store)
    assert app.status == AppStatus.INTERVIEW
    deliver(box, samples.rejection("Acme", "Engineer", "Jane Roe <jane@acme.example>", NOW - timedelta(days=1),
                                   "<r1@acme.example>"))
    go, passing, errors = _pass_held_open(agent, monkeypatch)
    other = Store.open(str(agent.settings.storage.database))  # the command's own connections
    try:
        labelling, said = _beside(lambda: relabel_recorded(agent.settings, other, "<i1@acme.example>", "other",
                                                           client=lambda: box))
        go.set()
        passing.join(60), labelling.join(60)
    finally:
        other.close()
    assert not errors and said == [("<i1@acme.example>", "interview -> other")]
    assert _events_of(store, app.id) == [("<a1@acme.example>", "acknowledgement"), ("<r1@acme.example>", "rejection")]
    [app] = outcomes(store)
    assert app.status == AppStatus.REJECTED  # not "applied": the label's status over the pass's


def test_merge_while_a_pass_records_in_the_merged_application_moves_the_new_email_too(world, monkeypatch, tmp_path,
                                                                                      capsys):
    """``onward merge 1 2`` while a pass records a rejection in application 2: the merge waits for the pass
    and takes its email along (before the row locks it missed the email, then failed on its row: exit 1)."""
    box, agent, store = world
    deliver(box, samples.ack("Initech", "Engineer", NOW - timedelta(days=12), "<a1@initech.example>"))
    deliver(box, samples.interview("Acme", "Engineer", "Jane Roe", "jane@acme.example", NOW - timedelta(days=6),
                                   "<i1@acme.example>"))
    agent.run_pass(NOW)
    keep, gone = sorted(a.id for a in outcomes(store))
    deliver(box, samples.rejection("Acme", "Engineer", "Jane Roe <jane@acme.example>", NOW - timedelta(days=1),
                                   "<r1@acme.example>"))
    cfg = tmp_path / "onward.toml"
    cfg.write_text('[imap]\nhost = "127.0.0.1"\nusername = "me@example.org"\npassword_command = "echo x"\n\n'
                   '[followup]\nyour_name = "Alex Doe"\n\n'
                   f'[storage]\ndatabase = "{agent.settings.storage.database}"\n')
    cfg.chmod(0o600)
    go, passing, errors = _pass_held_open(agent, monkeypatch)
    merging, code = _beside(lambda: main(["--config", str(cfg), "merge", str(keep), str(gone)]))
    go.set()
    passing.join(60), merging.join(60)
    assert not errors and code == [0], capsys.readouterr().err
    assert [a.id for a in outcomes(store)] == [keep]
    assert _events_of(store, keep) == [("<a1@initech.example>", "acknowledgement"),
                                       ("<i1@acme.example>", "interview"), ("<r1@acme.example>", "rejection")]
    assert outcomes(store)[0].status == AppStatus.REJECTED
