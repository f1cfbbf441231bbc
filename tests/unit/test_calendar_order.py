"""The interview is what the latest calendar email says, whatever order the emails are read in
(agent/record/rules.py:calendar_news, applied by agent/record/outcomes.py:Recorder.apply_invitation): an
older version of the invitation - the original filed into another watched folder, read after its update -
does not move the interview back, and a cancellation of an event the company has since replaced does not
cancel the interview that replaced it."""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent.model.classifier import Classifier
from agent.record.rules import calendar_news
from agent.record.store import iso
from tests import followup_samples as fs
from tests.unit.memory_world import USER, deliver, followups, memory_world, outcomes

T0 = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)  # a Monday
BILL = "bill@initech.example"
START = T0 + timedelta(days=6, hours=5)
MOVED = START + timedelta(days=2)
IMAP = {"host": "imap.example.org", "username": USER, "folders": ["INBOX", "Jobs"], "initial_lookback_days": 60}


def _invitation(at: datetime, mid: str, start: datetime, uid: str, **kw: object) -> bytes:
    return fs.invitation("Initech", "QA Lead", "Bill L", BILL, at, mid, start=start, uid=uid,
                         in_reply_to=None if mid == "<i1@initech.example>" else "<i1@initech.example>",
                         **kw)  # type: ignore[arg-type]


ORIGINAL = _invitation(T0, "<i1@initech.example>", START, "ev-1")
UPDATE = _invitation(T0 + timedelta(days=1), "<i2@initech.example>", MOVED, "ev-1", sequence=1)
REPLACED = _invitation(T0 + timedelta(days=1), "<i3@initech.example>", MOVED, "ev-2")  # a new event for the new time
CANCEL = _invitation(T0 + timedelta(days=1, minutes=5), "<c1@initech.example>", START, "ev-1", sequence=1,
                     method="CANCEL")


def _interview(store) -> tuple[str | None, str | None]:  # noqa: ANN001
    [app] = outcomes(store)
    return app.interview_start, app.interview_end


def _thank_you_due(store) -> list[tuple[str, str]]:  # noqa: ANN001
    return [(f.status, f.due_at) for f in followups(store) if f.kind == "interview_thanks" and f.status != "cancelled"]


@pytest.mark.parametrize("how", ["another folder", "filed later"])
def test_the_original_invitation_read_after_its_update_does_not_move_the_interview_back(tmp_path, model, how):
    box, agent, store = memory_world(tmp_path, model, imap=IMAP)
    box.create("Jobs")
    try:
        if how == "another folder":  # the original in a watched folder read after INBOX, in the same pass
            deliver(box, ORIGINAL, "Jobs")
            deliver(box, UPDATE)
            agent.run_pass(T0 + timedelta(days=1, hours=1))
        else:  # both read as they came; then the user files the original into a watched folder
            deliver(box, ORIGINAL)
            agent.run_pass(T0 + timedelta(hours=1))
            deliver(box, UPDATE)
            agent.run_pass(T0 + timedelta(days=1, hours=1))
            deliver(box, ORIGINAL, "Jobs")
            agent.run_pass(T0 + timedelta(days=1, hours=2))
        assert _interview(store) == (iso(MOVED), iso(MOVED + timedelta(hours=1)))
        assert _thank_you_due(store) == [("scheduled", iso(MOVED + timedelta(hours=3)))]
        agent.run_pass(START + timedelta(hours=4))  # the old time is over: no thank-you before the interview
        assert box.raw_messages("Drafts") == []
    finally:
        store.close()


def test_the_cancellation_of_a_replaced_event_leaves_the_interview_that_replaced_it(tmp_path, model):
    box, agent, store = memory_world(tmp_path, model)
    try:
        deliver(box, ORIGINAL)
        agent.run_pass(T0 + timedelta(hours=1))
        deliver(box, REPLACED)  # the new time, as a new event; then the old event is cancelled
        deliver(box, CANCEL)
        agent.run_pass(T0 + timedelta(days=1, hours=1))
        assert _interview(store) == (iso(MOVED), iso(MOVED + timedelta(hours=1)))
        assert _thank_you_due(store) == [("scheduled", iso(MOVED + timedelta(hours=3)))]
    finally:
        store.close()


_MODEL: list[Classifier] = []
NEW = MOVED + timedelta(days=1)
_VERSIONS = {  # the versions of one event, by date: (email, the interview it leaves when read last)
    "original": (ORIGINAL, (iso(START), iso(START + timedelta(hours=1)))),
    "update": (UPDATE, (iso(MOVED), iso(MOVED + timedelta(hours=1)))),
    "cancel": (CANCEL, (None, None)),
    "again": (_invitation(T0 + timedelta(days=1, minutes=30), "<i4@initech.example>", NEW, "ev-1", sequence=3),
              (iso(NEW), iso(NEW + timedelta(hours=1)))),
}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(order=st.lists(st.sampled_from(sorted(_VERSIONS)), min_size=1, max_size=4, unique=True),
       passes=st.sets(st.integers(0, 3)))
def test_whatever_the_order_the_latest_version_of_the_event_decides(order: list[str], passes: set[int]) -> None:
    """Versions of one calendar event (the invitation, its update, its cancellation, an invitation again) read
    in any order, in passes cut anywhere: the interview is what the latest of them says."""
    if not _MODEL:
        _MODEL.append(Classifier.load())
    tmp = Path(tempfile.mkdtemp(prefix="onward-calendar-"))
    box, agent, store = memory_world(tmp, _MODEL[0])
    try:
        now = T0 + timedelta(days=1, hours=1)
        for n, name in enumerate(order):
            deliver(box, _VERSIONS[name][0])
            if n in passes:
                agent.run_pass(now)
                now += timedelta(minutes=10)
        agent.run_pass(now)
        latest = max(order, key=list(_VERSIONS).index)
        assert _interview(store) == _VERSIONS[latest][1], order
    finally:
        store.close()
        shutil.rmtree(tmp, ignore_errors=True)


@given(known=st.integers(0, 10), at=st.integers(0, 10), typed=st.booleans(), cancelled=st.booleans(),
       uid=st.sampled_from(["", "ev-1", "ev-2"]), known_uid=st.sampled_from([None, "ev-1"]))
def test_an_older_version_of_the_event_on_record_is_no_news(known: int, at: int, typed: bool, cancelled: bool,
                                                           uid: str, known_uid: str | None) -> None:
    known_at = None if typed else T0 + timedelta(hours=known)
    news = calendar_news(known_uid=known_uid, known_at=known_at, uid=uid, cancelled=cancelled,
                         at=T0 + timedelta(hours=at))
    same = bool(uid) and uid == known_uid
    older = same and known_at is not None and at <= known
    other_cancelled = bool(cancelled and known_uid and uid and not same)
    assert news == (not older and not other_cancelled)
