"""Three edges of recording a batch (agent/record/batch.py ``BatchRecorder``), over the in-memory mailbox:

* a stop asked for in the middle of a batch records the emails before it, moves the folder's mark to
  the last one recorded, and the next pass records the rest - each email once;
* emails put on record after the pass chose them (by another run) are counted as skipped and never
  recorded twice;
* the database failing while an email is recorded stops the pass; the email is not marked failed, and
  the next pass records it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from agent import crashpoints
from agent.demo.samples import build_email
from agent.model.classifier import Classifier
from agent.pipeline import Agent
from agent.record.outcomes import Recorder
from agent.record.storage import StoreError
from agent.record.store.schema import messages
from tests.unit.memory_world import USER, deliver, memory_world

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _newsletters(box: object, n: int) -> None:
    for k in range(n):
        deliver(box, build_email(from_=f"News {k} <news{k}@shop.test>", to=USER, subject=f"Weekly news {k}",  # type: ignore[arg-type]
                                 body="Our new products this week, and a coupon for you.",
                                 date=T0 + timedelta(minutes=k), message_id=f"<news{k}@shop.test>"))


def _rows(store: object) -> list[tuple[int, str]]:
    with store.transaction() as conn:  # type: ignore[attr-defined]
        return [tuple(r) for r in conn.execute(select(messages.c.uid, messages.c.message_id).order_by(messages.c.uid))]


def test_a_stop_in_the_middle_of_a_batch_keeps_what_was_done_and_the_next_pass_the_rest(
        tmp_path: Path, model: Classifier) -> None:
    box, agent, store = memory_world(tmp_path, model)
    _newsletters(box, 6)

    def stop_after_two(point: str, n: int) -> None:
        if point == "mid_batch" and n == 2:
            agent.stop.set()

    crashpoints.set_hook(stop_after_two)
    try:
        report = agent.run_pass(now=T0 + timedelta(hours=1))
    finally:
        crashpoints.set_hook(None)
    assert [uid for uid, _ in _rows(store)] == [1, 2] and report.fetched == 2
    again = Agent(agent.settings, store, model, password="unused", client=lambda: box)  # the daemon restarted
    report = again.run_pass(now=T0 + timedelta(hours=2))
    assert [uid for uid, _ in _rows(store)] == [1, 2, 3, 4, 5, 6] and report.skipped == 0
    store.close()


def test_emails_on_record_by_the_time_their_batch_is_recorded_are_skipped_not_recorded_twice(
        tmp_path: Path, model: Classifier) -> None:
    box, agent, store = memory_world(tmp_path, model)
    _newsletters(box, 4)
    uidvalidity = box.examine("INBOX").uidvalidity

    def recorded_meanwhile(point: str, n: int) -> None:  # by another run, after this one chose its emails
        if point == "after_fetch" and n == 1:
            with store.transaction() as conn:
                store.insert_messages(conn, [
                    {"account": "default", "folder": "INBOX", "uidvalidity": uidvalidity, "uid": uid,
                     "message_id": f"<news{uid - 1}@shop.test>", "status": "ignored", "processed_at": T0.isoformat()}
                    for uid in (1, 2)])

    crashpoints.set_hook(recorded_meanwhile)
    try:
        report = agent.run_pass(now=T0 + timedelta(hours=1))
    finally:
        crashpoints.set_hook(None)
    assert report.skipped == 2 and report.fetched == 4 and report.classified == 2
    assert [uid for uid, _ in _rows(store)] == [1, 2, 3, 4]
    with store.transaction() as conn:
        assert conn.execute(select(func.count()).select_from(messages)).scalar() == 4
    store.close()


def test_a_database_error_while_an_email_is_recorded_stops_the_pass_and_marks_nothing_failed(
        tmp_path: Path, model: Classifier, monkeypatch: pytest.MonkeyPatch) -> None:
    """The database failing (locked, full, an I/O error) is not the email's fault: the pass stops with the
    error, the email is not put on record as failed (a failed email is never tried again), and the next
    pass, with the database back, records it."""
    box, agent, store = memory_world(tmp_path, model)
    try:
        deliver(box, build_email(from_="Jane Park <jane@acme.test>", to=USER, subject="Your application",
                                 body="Thank you for your interest in the Data Engineer role. Unfortunately we have "
                                      "decided not to move forward with your application.",
                                 date=T0, message_id="<rej@acme.test>"))
        record = Recorder.record

        def failing(self: Recorder, conn: object, email: object, *args: object, **kw: object) -> object:
            raise StoreError("database is locked")

        monkeypatch.setattr(Recorder, "record", failing)
        with pytest.raises(StoreError):
            agent.run_pass(now=T0 + timedelta(hours=1))
        assert _rows(store) == []
        monkeypatch.setattr(Recorder, "record", record)
        agent.run_pass(now=T0 + timedelta(hours=2))
        with store.transaction() as conn:
            assert [tuple(r) for r in conn.execute(select(messages.c.message_id, messages.c.status))] == \
                [("<rej@acme.test>", "classified")]
    finally:
        store.close()
