"""A note counts the interviews that took place: an interview the company cancelled (``METHOD:CANCEL``) and
then invited to again under a new calendar event is one interview, not two - the rejection's thank-you
thanks for the time "in the interview", not "during the interviews" (agent/followups/facts.py:read)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from agent.demo import samples
from agent.followups.rules import (
    REASON_INTERVIEW_CANCELLED,
    Followup,
    FollowupKind,
    FollowupStatus,
    held_interview_thanks,
)
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, followups, memory_world

T0 = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)  # a Monday
BILL = "bill@initech.example"


def _invitation(at: datetime, mid: str, start: datetime, uid: str, **kw: object) -> bytes:
    return fs.invitation("Initech", "QA Lead", "Bill L", BILL, at, mid, start=start, uid=uid,
                         **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("second_held", [False, True])
def test_a_cancelled_interview_is_not_counted_as_one_held(tmp_path, model, second_held: bool) -> None:
    box, agent, store = memory_world(tmp_path, model)
    try:
        first = T0 + timedelta(days=6, hours=5)
        deliver(box, _invitation(T0, "<i1@initech.example>", first, "ev-42"))
        agent.run_pass(T0 + timedelta(hours=1))
        if second_held:  # a first round took place; the second is cancelled and invited again
            agent.run_pass(first + timedelta(hours=4))
            first = T0 + timedelta(days=8, hours=5)
            deliver(box, _invitation(T0 + timedelta(days=7), "<i1b@initech.example>", first, "ev-44",
                                     in_reply_to="<i1@initech.example>"))
            agent.run_pass(T0 + timedelta(days=7, hours=1))
        deliver(box, _invitation(first - timedelta(days=2), "<c1@initech.example>", first,
                                 "ev-44" if second_held else "ev-42", sequence=1, in_reply_to="<i1@initech.example>",
                                 method="CANCEL"))
        agent.run_pass(first - timedelta(days=2, hours=-1))
        again = first + timedelta(days=3)
        deliver(box, _invitation(first - timedelta(days=1), "<i2@initech.example>", again, "ev-43",
                                 in_reply_to="<c1@initech.example>"))
        agent.run_pass(first - timedelta(days=1, hours=-1))
        agent.run_pass(again + timedelta(hours=4))  # the thank-you of the interview held is saved
        rejected = again + timedelta(days=2)
        deliver(box, samples.rejection("Initech", "QA Lead", f"Bill L <{BILL}>", rejected, "<r1@initech.example>",
                                       in_reply_to="<i2@initech.example>", references=["<i2@initech.example>"]))
        agent.run_pass(rejected + timedelta(hours=1))
        agent.run_pass(rejected + timedelta(days=30))
        [thanks] = [f for f in followups(store) if f.kind == FollowupKind.REJECTION_THANKS]
        assert thanks.status == FollowupStatus.DRAFTED
        [draft] = [raw for raw in box.raw_messages("Drafts") if b"your decision" in raw]
        said = b"during the interviews" if second_held else b"in the interview."
        assert said in draft, draft.decode()
    finally:
        store.close()


def _thanks(slot: str, status: str, reason: str | None, kind: str = FollowupKind.INTERVIEW_THANKS) -> Followup:
    return Followup(id=1, application_id=1, rejection_message_id="<i@initech.example>", rejected_at="",
                    due_at="2026-10-12T09:00:00+00:00", status=status, to_name=None, to_addr=BILL, subject=None,
                    in_reply_to="<i@initech.example>", references_json=None, draft_message_id=None,
                    drafted_at=None, reason=reason, created_at="2026-10-05T09:00:00+00:00",
                    kind=kind, slot=slot)


@pytest.mark.parametrize("reason", [
    "you already replied in the thread (<u1@example.org>)",  # the user thanked them themselves
    "skipped by you",
    "the rejection came before it (<r1@initech.example>)",
])
def test_an_interview_whose_thank_you_ended_otherwise_was_still_held(reason: str) -> None:
    """Only the company's cancellation of the interview takes it out of the count: a thank-you the user wrote
    themselves, skipped, or that a rejection overtook was for an interview that took place."""
    rows = [_thanks("ev-1", FollowupStatus.CANCELLED, reason), _thanks("ev-2", FollowupStatus.SENT, None),
            _thanks("ev-3", FollowupStatus.CANCELLED,
                    REASON_INTERVIEW_CANCELLED.format(message_id="<c1@initech.example>")),
            _thanks("after_interview:ev-4", FollowupStatus.SENT, None, FollowupKind.CHECK_IN),  # not a thank-you
            _thanks("ev-5", FollowupStatus.SENT, None, FollowupKind.REJECTION_THANKS)]
    assert held_interview_thanks(rows) == {"ev-1", "ev-2"}
