"""A rejection after an interview the company cancelled thanks for no interview: its note is the one after the
application - not "the time you spent with me in the interview" and a question on what the interview could
have done better, for an interview that never took place (agent/followups/plan.py:had_interview). An earlier
round that took place still makes it the note after the interview."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.demo import samples
from agent.followups.plan import had_interview
from agent.followups.rules import FollowupKind, FollowupStatus
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, followups, memory_world
from tests.unit.test_restore_rounds import _event, _facts

T0 = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)  # a Monday
BILL = "bill@initech.example"


def _invitation(at: datetime, mid: str, start: datetime, uid: str, **kw: object) -> bytes:
    return fs.invitation("Initech", "QA Lead", "Bill L", BILL, at, mid, start=start, uid=uid,
                         **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("earlier_round", [False, True])
def test_a_rejection_after_the_only_interview_was_cancelled_thanks_for_no_interview(tmp_path, model,
                                                                                   earlier_round: bool) -> None:
    box, agent, store = memory_world(tmp_path, model)
    try:
        at = T0
        if earlier_round:  # a first round took place
            deliver(box, _invitation(T0, "<i0@initech.example>", T0 + timedelta(days=2), "ev-0"))
            agent.run_pass(T0 + timedelta(hours=1))
            agent.run_pass(T0 + timedelta(days=2, hours=4))
            at = T0 + timedelta(days=3)
        start = at + timedelta(days=6, hours=5)
        deliver(box, _invitation(at, "<i1@initech.example>", start, "ev-1"))
        agent.run_pass(at + timedelta(hours=1))
        deliver(box, _invitation(at + timedelta(days=1), "<i1b@initech.example>", start + timedelta(hours=2), "ev-1",
                                 sequence=1, in_reply_to="<i1@initech.example>"))  # moved once...
        deliver(box, _invitation(at + timedelta(days=2), "<c1@initech.example>", start, "ev-1", sequence=2,
                                 in_reply_to="<i1@initech.example>", method="CANCEL"))  # ...then cancelled
        agent.run_pass(at + timedelta(days=2, hours=1))
        deliver(box, samples.build_email(
            from_=f"Bill L <{BILL}>", to=samples.USER, subject="Your application to Initech",
            date=at + timedelta(days=3), message_id="<r1@initech.example>", in_reply_to="<c1@initech.example>",
            body=("Hi Alex,\n\nThank you for your interest in the QA Lead position at Initech. Unfortunately, we "
                  "have decided to move forward with other candidates whose experience more closely matches our "
                  "needs.\n\nWe wish you the best in your search.\n\nKind regards,\nBill\n")))
        agent.run_pass(at + timedelta(days=3, hours=1))
        agent.run_pass(at + timedelta(days=30))
        [thanks] = [f for f in followups(store) if f.kind == FollowupKind.REJECTION_THANKS]
        stage = "after_interview" if earlier_round else "after_application"
        assert (thanks.template, thanks.status) == (f"rejection_thanks/{stage}", FollowupStatus.DRAFTED)
        [draft] = [raw for raw in box.raw_messages("Drafts") if thanks.draft_message_id.encode() in raw]
        assert (b"interview" in draft.split(b"\r\n\r\n", 1)[1]) == earlier_round
    finally:
        store.close()


@given(hours=st.lists(st.integers(-48, 48), max_size=4), invited=st.one_of(st.none(), st.integers(-24, 0)),
       cancelled=st.integers(1, 24), known=st.booleans())
def test_only_the_cancelled_interview_s_own_emails_are_no_interview(hours: list[int], invited: int | None,
                                                                     cancelled: int, known: bool) -> None:
    """Interview emails ``hours`` from T0; the cancelled interview's invitation (``invited``, None: not known) and
    its cancellation: the application had an interview when one of them is dated before that invitation or
    after the cancellation - or when an interview's time is known (since the cancellation)."""
    emails = [_event(f"<m{n}@x.test>", "interview", T0 + timedelta(hours=h)) for n, h in enumerate(hours)]
    marks = [_event("<cancel@x.test>", "interview", T0 + timedelta(hours=cancelled))]
    if invited is not None:
        marks.append(_event("<inv@x.test>", "interview", T0 + timedelta(hours=invited)))
    f = replace(_facts(*emails, *marks), interview=_facts().interview if known else None,
                interview_cancelled_by="<cancel@x.test>", cancelled_invitation="<inv@x.test>",
                events=tuple(sorted((*emails, *marks), key=lambda e: e.at)))
    outside = [h for h in hours if (invited is not None and h < invited) or h > cancelled]
    assert had_interview(f) == (known or bool(outside))
