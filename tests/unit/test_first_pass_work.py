"""What the single recording process of a first pass does per job email, and what it leaves to the
workers: the linking candidates come one row per application and sender, not one per event; the
language of a job email is detected where it was parsed (a worker, in a big pass); the keys linking
compares are computed once per sender and role; on 2 CPUs one worker, not two, and the recording
process analyses slices itself while that worker is behind. Counted in rows, calls and function calls, which do not
move with the machine's load; real passes over the in-memory mailbox, a real database, the real model."""

from __future__ import annotations

import gc
import itertools
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from agent import intake
from agent.demo import samples
from agent.followups import language
from agent.intake import MIN_MESSAGES_FOR_WORKERS, Intake, worker_count
from agent.mail.memory import MemoryMailbox
from agent.mail.types import Address
from agent.record import contacts, linking
from agent.record.batch import BatchRecorder
from agent.record.rules import Thresholds
from agent.record.store import Store, iso
from agent.record.store import applications as app_store
from agent.record.store.applications import _Hot
from tests.opcount import calls
from tests.unit.memory_world import deliver, memory_world, outcomes

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
_real_fetch_and_analyze = intake._fetch_and_analyze


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
        where: list[str] = []
        detect = language.detect

        def counted(text: str, fallback: str = "en") -> str:
            frame = sys._getframe(1)
            while frame is not None and frame.f_code is not BatchRecorder.record.__code__:
                frame = frame.f_back
            where.append("intake" if frame is None else "record")
            return detect(text, fallback)

        monkeypatch.setattr(language, "detect", counted)
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
    fn.cache_clear()  # another test of this process may have keyed the same sender or role
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


def _slow_worker(folder: str, uids: list[int], limit: int, text_parts: int):  # noqa: ANN201
    """A worker that takes its time (as one worker on a loaded 2-core machine does)."""
    time.sleep(0.4)
    return _real_fetch_and_analyze(folder, uids, limit, text_parts)


def _analyzed(batches) -> list[tuple[int, str, str | None]]:  # noqa: ANN001
    return [(m.uid, a.email.message_id, a.verdict.label if a.verdict else None)
            for batch, analyzed in batches for m, a in zip(batch, analyzed, strict=True)]


def _mixed_mailbox(model, n: int):  # noqa: ANN001, ANN202
    """A connected mailbox of ``n`` emails (a third rejections, the rest newsletters), its UIDs, the
    thresholds, and its analysis in one process, slices of 4."""
    box = MemoryMailbox()
    when = NOW - timedelta(days=3)
    for i in range(n):
        raw = (samples.rejection("Initech", "QA Lead", "Bill L <bill@initech.example>", when, f"<r{i}@initech.example>")
               if i % 3 == 0 else samples.newsletter(when, f"<n{i}@news.example>"))
        deliver(box, raw)
    thresholds = Thresholds(rejection=0.5, min_confidence=0.0)
    box.connect()
    box.examine("INBOX")
    uids = list(range(1, n + 1))
    with Intake(model, thresholds, 0) as alone:
        expected = _analyzed(alone.batches(box, "INBOX", uids, limit=65536, size=4))
    return box, uids, thresholds, expected


def test_while_the_one_worker_is_behind_the_main_process_takes_the_next_slice(model, monkeypatch):
    """One worker on 2 CPUs: waiting for it would leave the recording process's core idle, so that process
    fetches and analyses slices itself. Same messages, same order, same analysis as in one process."""
    box, uids, thresholds, expected = _mixed_mailbox(model, 24)
    here: list[int] = []
    analyze_here = Intake._analyze_here

    def counted(self, mb, part, limit, text_parts):  # noqa: ANN001, ANN202
        here.append(len(part))
        return analyze_here(self, mb, part, limit, text_parts)

    monkeypatch.setattr(intake, "_fetch_and_analyze", _slow_worker)
    monkeypatch.setattr(Intake, "_analyze_here", counted)
    with Intake(model, thresholds, 1, lambda: box) as one_worker:
        assert one_worker.pool is not None
        got = _analyzed(one_worker.batches(box, "INBOX", uids, limit=65536, size=4))
    assert got == expected and len(got) == 24
    assert here and sum(here) < 24, here  # some slices here, the others in the worker


def _timed_worker(folder: str, uids: list[int], limit: int, text_parts: int):  # noqa: ANN201
    """A worker taking ONWARD_TEST_WORKER_SECONDS a slice that notes each slice's first UID, when it started and
    when it ended (CLOCK_MONOTONIC is the same in every process)."""
    start = time.monotonic()
    time.sleep(float(os.environ["ONWARD_TEST_WORKER_SECONDS"]))
    out = _real_fetch_and_analyze(folder, uids, limit, text_parts)
    with open(os.environ["ONWARD_TEST_WORKER_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{uids[0]} {start} {time.monotonic()}\n")
    return out


def _timed_pass(model, monkeypatch, tmp_path, emails: int, worker_seconds: float, record_seconds: float):  # noqa: ANN001, ANN202
    """A pass over ``emails`` with one worker taking ``worker_seconds`` a slice and a record stage taking
    ``record_seconds`` a batch: the worker's slices (first UID, start, end) and when the recording process
    took each batch (by its first UID)."""
    box, uids, thresholds, expected = _mixed_mailbox(model, emails)
    worked = tmp_path / "worker.log"
    monkeypatch.setenv("ONWARD_TEST_WORKER_LOG", str(worked))
    monkeypatch.setenv("ONWARD_TEST_WORKER_SECONDS", str(worker_seconds))
    monkeypatch.setattr(intake, "_fetch_and_analyze", _timed_worker)
    got = []
    taken: dict[int, float] = {}
    with Intake(model, thresholds, 1, lambda: box) as one_worker:
        for batch, analyzed in one_worker.batches(box, "INBOX", uids, limit=65536, size=4):
            taken[batch[0].uid] = time.monotonic()
            time.sleep(record_seconds)  # the record stage
            got += _analyzed([(batch, analyzed)])
    assert got == expected
    slices = [tuple(map(float, line.split())) for line in worked.read_text(encoding="utf-8").splitlines()]
    return [(int(first), start, end) for first, start, end in slices], taken


def test_the_worker_always_has_a_slice_while_the_main_process_records(model, monkeypatch, tmp_path):
    """The recording process records slices and analyses some itself: the slices it holds must not take
    the worker's turn, or the worker idles while that process records (on 2 CPUs, one core idle).
    The worker here takes 0.3 s a slice and recording takes 0.15 s a batch: the worker never waits."""
    slices, _ = _timed_pass(model, monkeypatch, tmp_path, 48, worker_seconds=0.3, record_seconds=0.15)
    spans = sorted((start, end) for _, start, end in slices)
    waits = [later[0] - earlier[1] for earlier, later in itertools.pairwise(spans)]
    assert len(spans) >= 4, spans
    assert sum(waits) < 0.1 * len(waits), waits  # scheduling noise only, never a record stage's 0.15 s


def test_the_worker_works_on_while_its_analysed_slices_wait_to_be_recorded(model, monkeypatch, tmp_path):
    """Slices the worker has analysed but the recording process has not taken yet are not in flight: the
    worker starts its next ones while they wait (up to HELD of them beyond its AHEAD), rather than idle
    until the recording process takes one. Recording here (0.25 s a batch) is slower than the worker (0.1 s)."""
    slices, taken = _timed_pass(model, monkeypatch, tmp_path, 48, worker_seconds=0.1, record_seconds=0.25)
    # at each start of a worker's slice: how many it had analysed that were not taken yet
    waiting = [sum(1 for first, _, end in slices if end < start < taken[first]) for _, start, _ in slices]
    assert max(waiting) >= intake.AHEAD, waiting  # it went on while AHEAD of them waited
    assert max(waiting) < intake.AHEAD + intake.HELD, waiting  # and memory stays bounded


def test_the_worker_exits_once_its_last_slice_is_in_while_the_rest_is_recorded(model, monkeypatch):
    """The end of a pass waits for its workers to exit: they are told to once no slice is left for them, so
    that they exit while the recording process records the last batches, not after."""
    box, uids, thresholds, expected = _mixed_mailbox(model, 24)
    monkeypatch.setattr(intake, "_fetch_and_analyze", _slow_worker)
    got: list[tuple[int, str, str | None]] = []
    told: list[tuple[int, bool]] = []  # (emails recorded when the pool was shut down, whether it waited)
    shutdown = ProcessPoolExecutor.shutdown

    def noted(self, wait=True, *, cancel_futures=False):  # noqa: ANN001, ANN202
        told.append((len(got), wait))
        return shutdown(self, wait=wait, cancel_futures=cancel_futures)

    monkeypatch.setattr(ProcessPoolExecutor, "shutdown", noted)
    with Intake(model, thresholds, 1, lambda: box) as one_worker:
        for batch, analyzed in one_worker.batches(box, "INBOX", uids, limit=65536, size=4):
            got += _analyzed([(batch, analyzed)])
    assert got == expected
    assert told[0][0] < len(expected) and told[0][1] is False, told  # before the last batch, without waiting
    assert told[-1] == (len(expected), True)  # and waited for at the end, as before
    assert one_worker.pool is None


def test_what_the_workers_inherit_stays_out_of_this_process_s_collections_until_the_pass_ends(model, monkeypatch):
    """The model and the modules the workers were forked with are frozen in the workers; in the recording
    process too while the pass runs (a full collection over them took ~0.1 s of a job-heavy pass), and
    handed back to its collector when the pass ends."""
    box, uids, thresholds, expected = _mixed_mailbox(model, 12)
    monkeypatch.setattr(intake, "_fetch_and_analyze", _slow_worker)
    before = gc.get_freeze_count()
    frozen: list[int] = []
    got: list[tuple[int, str, str | None]] = []
    with Intake(model, thresholds, 1, lambda: box) as one_worker:
        for batch, analyzed in one_worker.batches(box, "INBOX", uids, limit=65536, size=4):
            frozen.append(gc.get_freeze_count())
            got += _analyzed([(batch, analyzed)])
    assert got == expected
    assert min(frozen) > before + 10_000, (before, frozen)  # the classifier and the modules, at least
    assert gc.get_freeze_count() == before
