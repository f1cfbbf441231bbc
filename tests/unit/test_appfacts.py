"""An application's facts (agent/record/appfacts.py) find the event asked for by its Message-ID, and
the first event of a label, whatever their order: planning threads a follow-up under that email."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from agent.record.appfacts import AppFacts, EventFact

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _event(mid: str, label: str, n: int) -> EventFact:
    at = T0 + timedelta(days=n)
    return EventFact(message_id=mid, label=label, at=at, recorded_at=at, subject="s", references_json="[]",
                     contact=None, contact_source="", contact_reason=None)


def _facts(events: list[EventFact]) -> AppFacts:
    return AppFacts(id=1, account="default", company="Acme", role=None, status="applied", updated_at=T0,
                    created_at=T0, language="en", contact=None, applied_at=None, interview=None,
                    interview_cancelled_by=None, events=tuple(events))


@given(st.permutations(["<a@acme.test>", "<b@acme.test>", "<c@acme.test>", "<d@acme.test>"]))
def test_the_event_asked_for_is_that_one(ids: list[str]) -> None:
    labels = ["acknowledgement", "interview", "interview", "rejection"]
    f = _facts([_event(mid, label, n) for n, (mid, label) in enumerate(zip(ids, labels))])
    for n, mid in enumerate(ids):
        found = f.event("".join(list(mid)))  # an equal string, not the same object (as read from the store)
        assert found is not None and found.message_id == mid and found.at == T0 + timedelta(days=n)
    assert f.event("<nowhere@acme.test>") is None
    first = f.first("interview")
    assert first is not None and first.message_id == ids[1]
    assert f.first("offer") is None


@given(st.permutations(["2026-11-10T09:00:00+00:00", "2026-11-17T09:00:00+00:00", "2026-11-24T09:00:00+00:00"]))
def test_each_check_in_slot_answers_with_its_own_draft_and_end(slots: list[str]) -> None:
    drafted = tuple((slot, T0 + timedelta(days=n)) for n, slot in enumerate(slots[:2]))
    ended = ((slots[1], T0 + timedelta(days=9)), (slots[0], None))
    f = dataclasses.replace(_facts([]), check_ins_drafted=drafted, check_ins_ended=ended)
    assert f.check_in_drafted_at("".join(list(slots[0]))) == T0
    assert f.check_in_drafted_at(slots[1]) == T0 + timedelta(days=1)
    assert f.check_in_drafted_at(slots[2]) is None
    assert f.check_in_ended(slots[0]) == (True, None)
    assert f.check_in_ended(slots[1]) == (True, T0 + timedelta(days=9))
    assert f.check_in_ended(slots[2]) == (False, None)
