"""What the single recording process of a first pass does per job email, and what it leaves to the
workers: the linking candidates come one row per application and sender, not one per event; the
language of a job email is detected where it was parsed (a worker, in a big pass); the keys linking
compares are computed once per sender and role; on 2 CPUs one worker, not two. Counted in rows, calls and function calls, which do not
move with the machine's load; real passes over the in-memory mailbox, a real database, the real model."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime, timedelta

import pytest

from agent.demo import samples
from agent.followups import language
from agent.intake import MIN_MESSAGES_FOR_WORKERS, worker_count
from agent.mail.types import Address
from agent.record import contacts, linking
from agent.record.batch import BatchRecorder
from agent.record.store import Store, iso
from agent.record.store import applications as app_store
from agent.record.store.applications import _Hot
from tests.opcount import calls
from tests.unit.memory_world import deliver, memory_world, outcomes

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _event(store: Store, conn, app_id: int, n: int, sender_key: str | None, from_addr: str) -> None:  # noqa: ANN001
    store.add_event(conn, message_id=f"<e{n}@acme.example>", application_id=app_id, label="acknowledgement",
                    confidence=0.9, received_at=iso(NOW - timedelta(hours=n)), subject=f"mail {n}",
                    from_addr=from_addr, references_json="[]", source="model", account="default",
                    recorded_at=iso(NOW), sender_key=sender_key)


def test_linking_candidates_come_one_row_per_sender_not_per_event(store_url):
    """An application with 40 emails from one sender and two from addresses without a sender identity:
    three rows, and the candidate is the one the per-event rows made (its domains from all of them)."""
    store = Store.open(store_url)
    store.migrate()
    try:
        with store.transaction() as conn:
            app_id = store.create_application(conn, company="Acme", company_key="acme", role="Data Engineer",
                                              status="applied", message_id="<e0@acme.example>", subject="hi",
                                              now=NOW)
            for n in range(40):
                _event(store, conn, app_id, n, "acme.example", f"r{n % 3}@acme.example")
            _event(store, conn, app_id, 40, None, "x@jobs.acme-careers.example")
            _event(store, conn, app_id, 41, None, "y@other.example")
            rows = conn.execute(_Hot.link_candidates, {"key": "acme", "sender": "acme.example",
                                                       "account": "default"}).all()
            by_key, by_sender = app_store.link_candidates(conn, "acme", "acme.example", "default")
        assert len(rows) == 3, rows  # one per event (42) before
        assert by_key == by_sender
        [candidate] = by_key
        assert (candidate.id, candidate.role_key, candidate.open, candidate.company_key) == \
            (app_id, "dataengineer", True, "acme")
        assert candidate.domains == {"acme.example", "acme-careers.example", "other.example"}
    finally:
        store.close()


def _jobs(box) -> int:  # noqa: ANN001
    n = 0
    for i, company in enumerate(["Acme Robotics", "Initech", "Globex"]):
        domain = company.split()[0].lower() + ".example"
        t = NOW - timedelta(days=20 - i)
        deliver(box, samples.ack(company, "Backend Engineer", t, f"<a{i}@{domain}>"))
        deliver(box, samples.rejection(company, "Backend Engineer", f"Pat Lee <pat@{domain}>", t + timedelta(days=5),
                                       f"<r{i}@{domain}>"))
        deliver(box, samples.newsletter(t + timedelta(hours=1), f"<n{i}@news.example>"))
        n += 2
    return n


def test_the_language_of_a_job_email_is_detected_in_the_intake_not_where_it_is_recorded(tmp_path, model,
                                                                                         monkeypatch):
    """In a big pass the intake runs in the workers: the recording process, which sets the pace, must not
    detect languages itself. Each job email's language is detected once, before the record stage."""
    box, agent, store = memory_world(tmp_path, model)
    try:
        jobs = _jobs(box)
        recording = [False]
        where: list[str] = []
        detect = language.detect

        def counted(text: str, fallback: str = "en") -> str:
            where.append("record" if recording[0] else "intake")
            return detect(text, fallback)

        original = BatchRecorder.record

        def record(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
            recording[0] = True
            try:
                return original(self, *args, **kwargs)
            finally:
                recording[0] = False

        monkeypatch.setattr(language, "detect", counted)
        monkeypatch.setattr(BatchRecorder, "record", record)
        report = agent.run_pass(NOW)
        assert report.events == jobs
        assert where.count("record") == 0, where
        assert where.count("intake") == jobs
        assert [a.language for a in outcomes(store)] == ["en"] * 3
    finally:
        store.close()


@pytest.mark.parametrize(("fn", "arg"), [
    (contacts.sender_key, Address("Acme Recruiting", "no-reply@greenhouse.io")),
    (contacts.sender_key, Address("Pat Lee", "pat@jobs.acme.co.uk")),
    (linking.role_key, "Senior Data Engineer (m/w/d)"),
])
def test_the_keys_linking_compares_are_computed_once_per_sender_and_role(fn, arg):
    """Linking keys the sender of every job email and the role of every candidate it weighs (dozens per
    email): the second time, the key of the same sender or role is a look-up, not the work again."""
    first, work_first = calls(fn, arg)
    again, work_again = calls(fn, arg)
    assert again == first
    assert work_again <= 5 < work_first, (work_first, work_again)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
@pytest.mark.parametrize(("cpus", "workers"), [(1, 0), (2, 1), (3, 2), (5, 4), (16, 4)])
def test_automatic_workers_leave_the_recording_process_a_cpu(monkeypatch, cpus, workers):
    """On a 2-core machine one worker: the recording process keeps the other core busy, and a second
    worker would add a whole process's memory to the pass for no speed."""
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(cpus)))
    assert worker_count(0, 10**6) == workers
    assert worker_count(0, MIN_MESSAGES_FOR_WORKERS - 1) == 0
    assert worker_count(2, 10**6) == 2  # as configured
