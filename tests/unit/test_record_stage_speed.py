"""The record stage's cost: it works per batch (its lookups for all of a batch's emails at once, its
messages and thread-id rows in one insert each, one UPDATE of an application per job email), and what
one email that failed had staged is not seen by the next; the facts JSON is built without a deep copy;
the Public Suffix List is parsed once before the workers fork. Real passes over the in-memory mailbox,
a real database (SQLite, and PostgreSQL where the pass is the same code on another store), the real
model."""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, select

from agent.demo import samples
from agent.intake import Intake
from agent.mail.memory import MemoryMailbox
from agent.mail.parse import parse_message
from agent.record import contacts
from agent.record.batch import BatchRecorder
from agent.record.facts import email_from_facts, facts_json
from agent.record.outcomes import Recorder
from agent.record.rules import AppStatus, Thresholds
from agent.record.store import ApplicationRow, Store
from agent.record.store import applications as app_store
from agent.record.store.database import row_as, rows_as
from agent.record.store.schema import applications
from tests.opcount import calls
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


def _while_recording(store: Store, monkeypatch: pytest.MonkeyPatch, seen: Callable[[str], None]) -> None:
    """Call ``seen`` with each statement the record stage issues (``BatchRecorder.record``) while a pass runs."""
    inside = [False]

    def watch(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        if inside[0]:
            seen(statement)

    original = BatchRecorder.record

    def record(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        inside[0] = True
        try:
            return original(self, *args, **kwargs)
        finally:
            inside[0] = False

    event.listen(store.engine, "before_cursor_execute", watch)
    monkeypatch.setattr(BatchRecorder, "record", record)


def _count_record_stage(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """[statements the record stage issued] (SAVEPOINT / RELEASE apart), filled while a pass runs."""
    counted = [0]

    def count(statement: str) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
            counted[0] += 1

    _while_recording(store, monkeypatch, count)
    return counted


def test_record_stage_issues_at_most_four_statements_per_job_email(tmp_path, model, monkeypatch, store_url):
    box, agent, store = memory_world(tmp_path, model, database=store_url)
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


def test_an_email_that_fails_leaves_nothing_the_next_one_in_its_thread_sees(tmp_path, model, monkeypatch,
                                                                             store_url):
    """The first email of a thread fails after linking (its new application and thread ids are rolled
    back with its savepoint); the reply in the same batch must open its own application, not join the
    rolled-back one."""
    box, agent, store = memory_world(tmp_path, model, database=store_url)
    try:
        deliver(box, samples.interview("Initech", "QA Lead", "Bill L", "bill@initech.example",
                                       NOW - timedelta(days=9), "<i1@initech.example>"))
        deliver(box, samples.rejection("Initech", "QA Lead", "Bill L <bill@initech.example>", NOW - timedelta(days=3),
                                       "<r1@initech.example>", in_reply_to="<i1@initech.example>",
                                       references=["<i1@initech.example>"]))
        original = store.add_event  # after linking: the new application and its thread ids are staged

        def failing_first(*args, **kwargs):  # noqa: ANN002, ANN003
            if kwargs.get("message_id") == "<i1@initech.example>":
                raise ValueError("injected: the first email cannot be recorded")
            original(*args, **kwargs)

        monkeypatch.setattr(store, "add_event", failing_first)
        report = agent.run_pass(NOW)
        assert (report.failed, report.events) == (1, 1)
        with store.transaction() as conn:
            [app] = store.list_outcomes(conn)
            [ev] = store.list_events(conn)
            assert store.thread_message_ids(conn, app.id) == {"<r1@initech.example>", "<i1@initech.example>"}
        assert (app.status, ev.message_id, ev.application_id) == (AppStatus.REJECTED, "<r1@initech.example>", app.id)
    finally:
        store.close()


def _asdict_facts(raw: bytes) -> str:
    """The facts JSON as ``dataclasses.asdict`` gives it (the shape stored since the first schema)."""
    email = parse_message(raw)
    data = asdict(email)
    data.pop("text", None)
    data["date"] = email.date.isoformat() if email.date else None
    return json.dumps(data, ensure_ascii=False)


MAILS = [
    samples.rejection("Acme Robotics", "Backend Engineer", "Jane Miller <jane@acme.example>", NOW, "<r1@acme.example>",
                      in_reply_to="<i1@acme.example>", references=["<a0@acme.example>", "<i1@acme.example>"]),
    samples.interview("Initech", "QA Lead", "Bill L", "bill@initech.example", NOW, "<i1@initech.example>"),
    samples.ack("Globex", "Data Engineer", NOW, "<a1@globex.example>"),
    b"From: a@x.example, b@y.example\r\nTo: Ann <ann@z.example>, bob@z.example\r\nCc: \"Q, R\" <q@z.example>\r\n"
    b"Subject: =?utf-8?q?Caf=C3=A9?=\r\nMessage-ID: <m@x.example>\r\n\r\nbody\r\n",
    b"Subject: no date, no sender\r\n\r\nbody\r\n",
]


@pytest.mark.parametrize("raw", MAILS)
def test_facts_json_is_what_it_always_was_and_reads_back(raw):
    assert facts_json(parse_message(raw)) == _asdict_facts(raw)
    email = parse_message(raw)
    assert email_from_facts(facts_json(email), email.text) == email


def test_facts_json_costs_a_fraction_of_a_deep_copy():
    email = parse_message(MAILS[0])
    _, work = calls(facts_json, email)
    # dataclasses.asdict deep-copies every field: 392 calls for this email; the flat walk makes 97
    assert work <= 150, work


def _suffix_list_loaded() -> int:
    return contacts._psl.cache_info().currsize


def test_suffix_list_is_parsed_once_before_the_workers_fork(model):
    contacts._psl.cache_clear()
    box = MemoryMailbox()
    with Intake(model, Thresholds(rejection=0.5, min_confidence=0.0), 1, lambda: box) as intake:
        assert intake.pool is not None, "no worker process started"
        assert _suffix_list_loaded() == 1  # in this process
        assert intake.pool.submit(_suffix_list_loaded).result(timeout=30) == 1  # inherited by the worker


def test_a_pool_without_the_preload_parses_it_in_each_worker():
    """The check above can fail: a worker forked before the list is parsed does not have it."""
    contacts._psl.cache_clear()
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        assert pool.submit(_suffix_list_loaded).result(timeout=30) == 0


def test_typed_rows_are_the_same_whatever_order_or_subset_of_columns(tmp_path):
    """Rows are built positionally when a result's columns are the dataclass's fields in order, by
    position from a reordered result, and by keyword when a field in the middle has no column: the same
    frozen rows each way, defaults kept for fields without a column."""
    store = Store.open(f"sqlite:///{tmp_path / 'rows.db'}")
    try:
        with store.transaction() as conn:
            app_id = store.create_application(conn, company="Acme", company_key="acme", role="QA", status="applied",
                                              message_id="<a@acme.example>", subject="Thanks", now=NOW,
                                              language="fr")
            store.update_application(conn, app_id, interview_uid="uid-1", possible_duplicate_of=None)
            whole = row_as(ApplicationRow, conn.execute(select(applications)).first())
            reordered = rows_as(ApplicationRow, conn.execute(select(*reversed(applications.columns))))
            gap = [c for c in applications.columns if c.name not in ("contact_name", "interview_uid")]
            with_gap = rows_as(ApplicationRow, conn.execute(select(*gap)))
            prefix = list(applications.columns)[:9]
            first_nine = rows_as(ApplicationRow, conn.execute(select(*prefix)))
    finally:
        store.close()
    assert whole is not None and (whole.company, whole.language, whole.interview_uid) == ("Acme", "fr", "uid-1")
    assert reordered == [whole]
    assert with_gap == [ApplicationRow(**{**whole.__dict__, "contact_name": None, "interview_uid": None})]
    assert first_nine[0].language is None and first_nine[0].status == "applied" and first_nine[0].id == app_id


def _statements(store: Store) -> list[str]:
    """Every statement the store's engine runs from now on."""
    seen: list[str] = []
    event.listen(store.engine, "before_cursor_execute",
                 lambda conn, cursor, statement, *rest: seen.append(statement.lstrip().upper()))
    return seen


def test_a_batch_takes_one_savepoint_not_one_per_job_email(tmp_path, model):
    """A batch's job emails are recorded inside the batch's savepoint without one each (SAVEPOINT and
    RELEASE were two of the ~3.7 statements per job email)."""
    box, agent, store = memory_world(tmp_path, model)
    try:
        jobs = _job_mailbox(box)
        seen = _statements(store)
        report = agent.run_pass(NOW)
        assert report.events == jobs and report.failed == 0
        savepoints = sum(s.startswith("SAVEPOINT") for s in seen)
        assert savepoints <= 2, savepoints  # the batch's (one batch here); none per job email
    finally:
        store.close()


def test_an_email_that_always_fails_is_recorded_as_failed_once_and_logged_once(tmp_path, model, monkeypatch,
                                                                               caplog):
    """The batch's attempt without per-email savepoints is undone when one email raises; recorded again,
    each job email in its own savepoint, the bad one is marked failed and the others recorded, as before;
    the counts and log lines of the undone attempt are not kept."""
    box, agent, store = memory_world(tmp_path, model)
    try:
        jobs = _job_mailbox(box)
        original = store.add_event

        def failing(*args, **kwargs):  # noqa: ANN002, ANN003
            if kwargs.get("message_id") == "<i2@globex.example>":
                raise ValueError("injected: this email cannot be recorded")
            original(*args, **kwargs)

        monkeypatch.setattr(store, "add_event", failing)
        with caplog.at_level("INFO", logger="agent.record.batch"):
            report = agent.run_pass(NOW)
        assert (report.failed, report.events, report.fetched) == (1, jobs - 1, jobs + len(COMPANIES))
        lines = [r.getMessage() for r in caplog.records if r.name == "agent.record.batch"]
        assert sum("could not be recorded" in line for line in lines) == 1
        for i, company in enumerate(COMPANIES):
            if i != 2:  # every other job email is logged once
                assert sum(f"company={company}" in line for line in lines) == 3, (company, lines)
        with store.transaction() as conn:
            failed = conn.execute(select(applications)).all()
            assert len(failed) == len(COMPANIES)
            assert [e.message_id for e in store.list_events(conn)].count("<i2@globex.example>") == 0
    finally:
        store.close()


def _reads_of_events(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The SELECT statements of the record stage that read the events table (which emails have an event,
    linking's candidates, an application's state), filled while a pass runs."""
    seen: list[str] = []

    def note(statement: str) -> None:
        text = " ".join(statement.split())
        if text.startswith("SELECT") and ("FROM events" in text or "JOIN events" in text):
            seen.append(text)

    _while_recording(store, monkeypatch, note)
    return seen


def test_a_batch_reads_the_events_linking_and_recording_weigh_in_a_few_statements_not_per_job_email(
        tmp_path, model, monkeypatch):
    """A second pass, one batch: a new job email per company (each joins the company's application by sender and
    role), twice: which have an event, the applications they could join and those applications' events, read
    once for the batch (before: two reads per job email, one for linking's candidates and one for the state
    of the application it joined)."""
    box, agent, store = memory_world(tmp_path, model)
    try:
        _job_mailbox(box)
        agent.run_pass(NOW)
        for i, company in enumerate(COMPANIES):
            domain = company.split()[0].lower() + ".example"
            for n in range(2):
                deliver(box, samples.interview(company, "Backend Engineer", "Pat Lee", f"pat@{domain}",
                                               NOW + timedelta(hours=1 + n), f"<again{n}.{i}@{domain}>"))
        reads = _reads_of_events(store, monkeypatch)
        report = agent.run_pass(NOW + timedelta(hours=3))
        with store.transaction() as conn:
            assert len(store.list_outcomes(conn)) == len(COMPANIES)  # joined, none opened
        assert report.events == 2 * len(COMPANIES) and report.failed == 0
        assert len(reads) <= 3, "\n".join(reads)
    finally:
        store.close()


def test_what_the_batch_view_says_of_applications_is_what_the_database_says_after_every_email(tmp_path, model,
                                                                                              monkeypatch, store_url):
    """Batches of four, job emails joining applications by sender, role, company and thread across batches, a
    second role at one company, an email naming no role: after each email the view's candidates and states are
    those the database's queries give."""
    box, agent, store = memory_world(tmp_path, model, database=store_url, imap={
        "host": "imap.example.org", "username": "alex@example.org", "folders": ["INBOX"],
        "initial_lookback_days": 60, "fetch_batch": 4})
    try:
        jobs = _job_mailbox(box)
        for n, role in enumerate(["Data Engineer", "Backend Engineer"]):
            deliver(box, samples.interview("Initech", role, "Bill L", "bill@initech.example",
                                           NOW - timedelta(days=2 - n), f"<x{n}@initech.example>"))
        deliver(box, samples.rejection("Globex", "", "Pat Lee <pat@globex.example>", NOW - timedelta(hours=5),
                                       "<r9@globex.example>"))
        checked = [0]
        original = Recorder.record

        def record_and_compare(self, conn, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
            result = original(self, conn, *args, **kwargs)
            view = self.view
            assert view is not None
            for key, sender in [*((k, "") for k in view.link_keys), *(("", s) for s in view.link_senders),
                                *((k, s) for k in view.link_keys for s in view.link_senders)]:
                assert view.candidates(key, sender) == app_store.link_candidates(conn, key, sender, self.account)
            for app in app_store.all_applications(conn):
                if (state := view.state(app.id)) is not None:
                    assert state == app_store.application_state(conn, app.id, held=True)
                    checked[0] += 1
            return result

        monkeypatch.setattr(Recorder, "record", record_and_compare)
        report = agent.run_pass(NOW)
        assert report.events == jobs + 3 and report.failed == 0
        assert checked[0] >= jobs
    finally:
        store.close()
