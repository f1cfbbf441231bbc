"""An application's facts (agent/record/appfacts.py) find the event asked for by its Message-ID, and
the first event of a label, whatever their order: planning threads a follow-up under that email."""

from __future__ import annotations

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
