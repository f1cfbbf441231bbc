"""The record stage works per batch: its lookups for all of a batch's emails at once, its messages rows
in one insert, one UPDATE of an application per job email; and what one email that failed had staged
is not seen by the next. Real passes over the in-memory mailbox, a real SQLite file, the real model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from agent.demo import samples
from agent.record.batch import BatchRecorder
from agent.record.rules import AppStatus
from agent.record.store import Store
from tests.unit.memory_world import deliver, memory_world

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
COMPANIES = ["Acme Robotics", "Initech", "Globex", "Umbrella Health", "Hooli", "Vandelay Industries"]


def _job_mailbox(box) -> int:  # noqa: ANN001
    """Per company: an acknowledgement, an interview and a rejection in the interview's thread, plus
    plain mail between them; returns the number of job emails."""
    jobs = 0
    for i, company in enumerate(COMPANIES):
        domain = company.split()[0].lower() + ".example"
        t = NOW - timedelta(days=30 - i)
        deliver(box, samples.ack(company, "Backend Engineer", t, f"<a{i}@{domain}>"))
        deliver(box, samples.newsletter(t + timedelta(hours=1), f"<n{i}@news.example>"))
        deliver(box, samples.interview(company, "Backend Engineer", "Pat Lee", f"pat@{domain}",
                                       t + timedelta(days=3), f"<i{i}@{domain}>"))
        deliver(box, samples.rejection(company, "Backend Engineer", f"Pat Lee <pat@{domain}>",
                                       t + timedelta(days=9), f"<r{i}@{domain}>", in_reply_to=f"<i{i}@{domain}>",
                                       references=[f"<i{i}@{domain}>"]))
        jobs += 3
    return jobs


def _count_record_stage(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """[statements the record stage issued] (SAVEPOINT / RELEASE apart), filled while a pass runs."""
    counted = [0]
    inside = [False]

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        if inside[0] and not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
            counted[0] += 1

    original = BatchRecorder.record

    def record(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        inside[0] = True
        try:
            return original(self, *args, **kwargs)
        finally:
            inside[0] = False

    event.listen(store.engine, "before_cursor_execute", count)
    monkeypatch.setattr(BatchRecorder, "record", record)
    return counted


def test_record_stage_issues_at_most_four_statements_per_job_email(tmp_path, model, monkeypatch):
    box, agent, store = memory_world(tmp_path, model)
    try:
        jobs = _job_mailbox(box)
        counted = _count_record_stage(store, monkeypatch)
        report = agent.run_pass(NOW)
        assert report.events == jobs and report.fetched == jobs + len(COMPANIES)
        # before batching: about 12 per job email (a lookup per question, an UPDATE per column group,
        # a messages row each); now the batch's lookups are shared and each email needs about 4
        assert counted[0] <= 4 * jobs, f"{counted[0]} statements for {jobs} job emails"
        with store.transaction() as conn:
            apps = store.list_outcomes(conn)
        assert sorted((a.company, a.status) for a in apps) == sorted((c, AppStatus.REJECTED) for c in COMPANIES)
        assert all(a.status_message_id.startswith("<r") for a in apps)
    finally:
        store.close()


def test_same_records_whether_the_mail_comes_in_one_batch_or_one_email_per_batch(tmp_path, model):
    results = []
    for size in (500, 1):
        box, agent, store = memory_world(tmp_path / str(size), model, imap={
            "host": "imap.example.org", "username": "alex@example.org", "folders": ["INBOX"],
            "initial_lookback_days": 60, "fetch_batch": size})
        try:
            _job_mailbox(box)
            agent.run_pass(NOW)
            with store.transaction() as conn:
                results.append((
                    [(a.company, a.role, a.status, a.status_message_id, a.language) for a in store.list_outcomes(conn)],
                    [(e.message_id, e.label, e.company) for e in store.list_events(conn)],
                    sorted((m.message_id, m.status, m.label) for m in store.review_rows(conn))))
        finally:
            store.close()
    assert results[0] == results[1]


def test_an_email_that_fails_leaves_nothing_the_next_one_in_its_thread_sees(tmp_path, model, monkeypatch):
    """The first email of a thread fails after linking (its new application and thread ids are rolled
    back with its savepoint); the reply in the same batch must open its own application, not join the
    rolled-back one."""
    box, agent, store = memory_world(tmp_path, model)
    try:
        deliver(box, samples.interview("Initech", "QA Lead", "Bill L", "bill@initech.example",
                                       NOW - timedelta(days=9), "<i1@initech.example>"))
        deliver(box, samples.rejection("Initech", "QA Lead", "Bill L <bill@initech.example>", NOW - timedelta(days=3),
                                       "<r1@initech.example>", in_reply_to="<i1@initech.example>",
                                       references=["<i1@initech.example>"]))
        original = store.add_event  # after linking: the new application and its thread ids are staged
        calls = [0]

        def failing_once(*args, **kwargs):  # noqa: ANN002, ANN003
            calls[0] += 1
            if calls[0] == 1:
                raise ValueError("injected: the first email cannot be recorded")
            original(*args, **kwargs)

        monkeypatch.setattr(store, "add_event", failing_once)
        report = agent.run_pass(NOW)
        assert (report.failed, report.events) == (1, 1)
        with store.transaction() as conn:
            [app] = store.list_outcomes(conn)
            [ev] = store.list_events(conn)
            assert store.thread_message_ids(conn, app.id) == {"<r1@initech.example>", "<i1@initech.example>"}
        assert (app.status, ev.message_id, ev.application_id) == (AppStatus.REJECTED, "<r1@initech.example>", app.id)
    finally:
        store.close()
