"""What a pass reports of the emails it recorded (``PassReport``, printed by ``onward run --once`` and logged
by the daemon) and the line it logs per email (agent/record/batch.py): an event counted only for an email put
on an application, a review only for one left for ``onward review``, and a rejection's line naming the
sentence that decided it."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta

import pytest

from agent.demo import samples
from tests.unit.memory_world import deliver, memory_world

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _mail() -> list[bytes]:
    return [samples.ack("Initech", "QA Lead", NOW - timedelta(days=9), "<a1@initech.example>"),
            samples.rejection("Globex", "Data Analyst", "Jane Miller <jane.miller@globex.example>",
                              NOW - timedelta(days=2), "<r1@globex.example>"),
            samples.newsletter(NOW - timedelta(days=1), "<n1@news.example>")]


@pytest.mark.parametrize("threshold, events, review", [
    (None, 2, 0),     # the model's own threshold: the acknowledgement and the rejection are events
    (1.0, 1, 1),      # a threshold no rejection reaches: the rejection waits for review, no event
])
def test_the_pass_counts_events_and_reviews_apart(tmp_path, model, caplog, threshold, events, review):
    classifier = {"workers": -1} | ({"rejection_threshold": threshold} if threshold is not None else {})
    box, agent, store = memory_world(tmp_path, model, classifier=classifier)
    try:
        for raw in _mail():
            deliver(box, raw)
        with caplog.at_level(logging.INFO, logger="agent.record.batch"):
            report = agent.run_pass(NOW)
    finally:
        store.close()
    assert (report.classified, report.events, report.review, report.failed) == (3, events, review, 0)
    assert f"events {events}, review {review}," in report.summary()
    lines = [r.getMessage() for r in caplog.records if r.name == "agent.record.batch"]
    assert len(lines) == 3 and sum(line.endswith(" (review)") for line in lines) == review, lines
    ack = next(line for line in lines if "label=acknowledgement" in line)
    assert "because" not in ack and "(review)" not in ack  # only a rejection names its sentence
    if not review:
        rejection = next(line for line in lines if "label=rejection" in line)
        assert re.search(r' because \(0\.\d\d\): "[^"]{10,160}"$', rejection), rejection


def test_a_long_deciding_sentence_is_cut_to_160_characters(tmp_path, model, caplog):
    box, agent, store = memory_world(tmp_path, model)
    long = ("Unfortunately, after careful consideration of every application we received for this role, "
            "we have decided to move forward with other candidates whose experience more closely matches "
            "what the team needs at this time.")
    try:
        deliver(box, samples.build_email(from_="Jane Miller <jane.miller@globex.example>", to=samples.USER,
                                         subject="Your application", date=NOW - timedelta(days=1),
                                         message_id="<r2@globex.example>",
                                         body=f"Hi Alex,\n\nThank you for applying. {long}\n\nBest,\nJane\n"))
        with caplog.at_level(logging.INFO, logger="agent.record.batch"):
            agent.run_pass(NOW)
    finally:
        store.close()
    [line] = [r.getMessage() for r in caplog.records if r.name == "agent.record.batch"]
    quoted = line.split(' because (', 1)[1].split(': "', 1)[1][:-1]
    assert len(long) > 160 and quoted == long[:157] + "...", line



def test_an_email_that_cannot_be_recorded_keeps_its_reason_cut_to_size(tmp_path, model, monkeypatch, caplog):
    """One email that raises in the record stage is marked failed, and nothing it began to write stays (the
    application it opened goes with it): its row keeps the first 500 characters of the reason, its warning
    line the first 200; the other emails are recorded."""
    box, agent, store = memory_world(tmp_path, model)
    why = "injected: " + "x" * 600
    original = store.add_event

    def failing(*args, **kwargs):  # noqa: ANN002, ANN003
        if kwargs.get("message_id") == "<r1@globex.example>":
            raise ValueError(why)
        original(*args, **kwargs)

    monkeypatch.setattr(store, "add_event", failing)
    try:
        for raw in _mail():
            deliver(box, raw)
        with caplog.at_level(logging.INFO, logger="agent.record.batch"):
            report = agent.run_pass(NOW)
        with store.transaction() as conn:
            [error] = conn.exec_driver_sql("SELECT error FROM messages WHERE status = 'failed'").scalars().all()
            companies = conn.exec_driver_sql("SELECT company FROM applications").scalars().all()
    finally:
        store.close()
    reason = f"ValueError: {why}"
    assert (report.failed, report.events) == (1, 1)
    assert companies == ["Initech"]  # nothing of the failed email stays: no application without its email
    assert error == reason[:500]
    [skipped] = [r.getMessage() for r in caplog.records if "skipped:" in r.getMessage()]
    assert skipped.endswith(f"skipped: {reason[:200]}"), skipped
