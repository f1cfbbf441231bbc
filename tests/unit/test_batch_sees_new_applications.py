"""An application another process adds (``onward add``) while a batch is being recorded is seen by that
batch's linking before it opens a new one (agent/record/outcomes.py:Recorder._candidates_since_the_view): the batch's
view of linking's candidates is read once, at its start. Two stores on one database: the pass's, and the
command's.

On PostgreSQL the command commits while the batch runs (it locks nothing the batch holds). On SQLite it
cannot: the batch's transaction has written, so the command waits for its commit (or, before the batch's
first write, the batch's write fails and the pass is redone) - the batch never links from a read the command
made stale."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


from agent import crashpoints
from agent.record.applications import normalize_company
from agent.record.rules import AppStatus
from agent.record.store import Store
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, memory_world, outcomes

T0 = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)


def _a_pass_over_two_acknowledgements(box, agent, hook) -> None:  # noqa: ANN001
    """Initech's, then Globex's (one batch), with ``hook`` called at the pass's crash points."""
    deliver(box, fs.role_ack("Initech", "QA Lead", T0, "<a1@initech.example>"))
    deliver(box, fs.role_ack("Globex", "Data Analyst", T0 + timedelta(minutes=5), "<a1@globex.example>"))
    crashpoints.set_hook(hook)
    try:
        agent.run_pass(T0 + timedelta(hours=1), draft=False)
    finally:
        crashpoints.set_hook(None)


def test_an_application_added_during_a_batch_is_joined_not_duplicated(tmp_path, model, postgres_url):
    box, agent, store = memory_world(tmp_path, model, database=postgres_url)
    other = Store.open(postgres_url)  # `onward add`, another process
    added: list[int] = []

    def add_during_the_batch(name: str, n: int) -> None:
        if name == "mid_batch" and n == 1:  # the first email recorded, the second not yet
            with other.transaction() as conn:
                added.append(other.create_application(
                    conn, company="Globex", company_key=normalize_company("Globex"), role="Data Analyst",
                    status=AppStatus.APPLIED, message_id=None, subject=None, now=T0 + timedelta(hours=1)))

    try:
        _a_pass_over_two_acknowledgements(box, agent, add_during_the_batch)
        assert added
        globex = [a for a in outcomes(store) if a.company == "Globex"]
        assert [a.id for a in globex] == added  # the acknowledgement joined the application added meanwhile
    finally:
        other.close()
        store.close()


def test_on_sqlite_an_application_added_during_a_batch_waits_for_its_commit(tmp_path, model):
    """Two stores on one SQLite file: the command's INSERT waits for the batch's transaction (which has
    written) and commits after it, so the batch never links from a read another commit made stale."""
    box, agent, store = memory_world(tmp_path, model)
    other = Store.open(agent.settings.storage.database)
    added: list[int] = []
    waiting: list[threading.Thread] = []

    def add() -> None:
        with other.transaction() as conn:
            added.append(other.create_application(
                conn, company="Globex", company_key=normalize_company("Globex"), role="Data Analyst",
                status=AppStatus.APPLIED, message_id=None, subject=None, now=T0 + timedelta(hours=1)))

    def add_during_the_batch(name: str, n: int) -> None:
        if name == "mid_batch" and n == 1:
            waiting.append(thread := threading.Thread(target=add))
            thread.start()
            thread.join(0.5)
            assert thread.is_alive() and not added  # waits for the batch

    try:
        _a_pass_over_two_acknowledgements(box, agent, add_during_the_batch)
        waiting[0].join(15)
        by_pass = [a.id for a in outcomes(store) if a.company == "Globex" and a.id not in added]
        assert len(added) == 1 and len(by_pass) == 1 and by_pass[0] < added[0]  # committed after the batch
    finally:
        other.close()
        store.close()
