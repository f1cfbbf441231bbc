"""The plan and the reconcile step (agent/followups/plan.py, reconcile.py) for three words of the user's, on facts
built by hand (pure, Hypothesis over any history):

* **withdrawn** (``onward edit APP --status withdrawn``): no thank-you and no check-in after it; every follow-up not
  yet sent is cancelled, "you withdrew the application" (a saved draft: "do not send");
* **an offer** after the interview ends its thank-you, as a rejection does (an email, or the user's word);
* **a saved draft skipped** (``followups skip`` of a drafted check-in): the plan is what it was - the user was
  offered the check-in all the same, and the next silence starts when its draft was saved."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import hypothesis.strategies as st
from hypothesis import given, settings

from agent.followups.plan import check_ins, interview_thanks, plan
from agent.followups.reconcile import decide
from agent.followups.rules import (
    ENDED_BY_PLAN,
    REASON_OFFER,
    REASON_REJECTION_TAKES_OVER,
    REASON_WITHDRAWN,
    FollowupKind,
    FollowupStatus,
)
from agent.record.appfacts import AppFacts, InterviewFact
from agent.record.followup_rows import Followup
from agent.record.rules import AppStatus, derive_status
from agent.record.store import iso
from tests.unit.test_plan_edges import ACK, JANE, _app, _event, _settings, day

LABELS = ("acknowledgement", "assessment", "interview", "rejection", "offer")


@st.composite
def histories(draw: st.DrawFn) -> tuple[AppFacts, float]:
    """An application's history (job emails, maybe an interview, maybe the date the user applied) and the day
    the user withdrew it (at any point: before, between or after its emails)."""
    n = draw(st.integers(0, 5))
    days = sorted(draw(st.lists(st.floats(0, 60, allow_nan=False), min_size=n, max_size=n)))
    events = tuple(_event(f"<m{i}@initech.example>", draw(st.sampled_from(LABELS)), day(at), contact=JANE)
                   for i, at in enumerate(days))
    interview = None
    if draw(st.booleans()):
        known = draw(st.floats(0, 50, allow_nan=False))
        start = known + draw(st.floats(0.5, 10, allow_nan=False))
        interview = InterviewFact(day(start), day(start) + timedelta(hours=1), "", "", day(known))
    applied = day(0) if not events or draw(st.booleans()) else None
    status = derive_status([e.label for e in events])[0]
    f = _app(*events, interview=interview, status=status, applied_at=applied)
    return f, draw(st.floats(0, 70, allow_nan=False))


def _rows(f: AppFacts, now_day: float, drafted: list[bool]) -> list[Followup]:
    """The rows a pass at ``now_day`` leaves for ``f`` (as the reconcile step creates them), each saved in
    Drafts when ``drafted`` says so (cycled)."""
    now = day(now_day)
    created = [a.values for a in decide([], plan(f, now, _settings()), f, now) if a.op == "create"]
    rows = []
    for i, values in enumerate(created):
        row = Followup(id=i + 1, application_id=f.id, draft_message_id=None, drafted_at=None, created_at=iso(now),
                       **values)
        if row.status != FollowupStatus.CANCELLED and drafted and drafted[i % len(drafted)]:
            row = replace(row, status=FollowupStatus.DRAFTED, draft_message_id=f"<d{i}@onward>",
                          drafted_at=row.due_at)
        rows.append(row)
    return rows


@settings(max_examples=300, deadline=None)
@given(history=histories(), later=st.floats(0, 30, allow_nan=False))
def test_a_withdrawn_application_is_planned_no_thank_you_and_no_check_in_after_the_withdrawal(history, later):
    f, withdrew = history
    gone = replace(f, status=AppStatus.WITHDRAWN, updated_at=day(withdrew))
    desired = plan(gone, day(withdrew + later), _settings())
    assert [d.kind for d in desired if d.kind != FollowupKind.CHECK_IN] == []
    assert all(d.answered_at < day(withdrew) for d in desired), desired
    created = [a for a in decide([], desired, gone, day(withdrew + later)) if a.op == "create"]
    assert all(a.values["status"] == FollowupStatus.CANCELLED for a in created), created


@settings(max_examples=300, deadline=None)
@given(history=histories(), later=st.floats(0, 30, allow_nan=False), drafted=st.lists(st.booleans(), max_size=4))
def test_every_follow_up_not_sent_of_a_withdrawn_application_is_cancelled_naming_the_withdrawal(history, later,
                                                                                                 drafted):
    """Whatever the application had - thank-yous, check-ins, open or saved in Drafts - the user's withdrawal
    cancels each (a check-in never offered may be withdrawn instead: it never was), and names it; a saved draft
    is marked "do not send"."""
    f, withdrew = history
    rows = _rows(f, withdrew, drafted)
    gone = replace(f, status=AppStatus.WITHDRAWN, updated_at=day(withdrew))
    now = day(withdrew + later)
    actions = {a.followup_id: a for a in decide(rows, plan(gone, now, _settings()), gone, now) if a.followup_id}
    for row in rows:
        if row.status == FollowupStatus.CANCELLED:
            continue
        action = actions.get(row.id)
        assert action is not None and action.op in ("cancel", "withdraw"), (row, action)
        assert action.values["reason"].startswith(REASON_WITHDRAWN), action
        if row.draft_message_id:
            assert action.op == "cancel" and "do not send" in action.values["reason"], action


def test_the_withdrawal_ends_a_rejections_thank_you_and_taking_it_back_brings_it_back():
    rejection = _event("<rej@initech.example>", "rejection", day(3), contact=JANE)
    f = _app(ACK, rejection, status=AppStatus.REJECTED)
    [thanks] = _rows(f, 4, [False])
    gone = replace(f, status=AppStatus.WITHDRAWN, updated_at=day(5))
    [cancel] = decide([thanks], plan(gone, day(5), _settings()), gone, day(5))
    assert (cancel.op, cancel.values) == ("cancel", {"reason": REASON_WITHDRAWN, "ended_by": ENDED_BY_PLAN})
    cancelled = replace(thanks, status=FollowupStatus.CANCELLED, **cancel.values)
    back = replace(f, updated_at=day(6))  # onward edit --status rejected
    [again] = decide([cancelled], plan(back, day(6), _settings()), back, day(6))
    assert again.op == "update" and again.values["status"] == FollowupStatus.SCHEDULED


# --- an offer ends the interview thank-you, as a rejection does

INVITED = InterviewFact(day(10), day(10) + timedelta(hours=1), "", "", day(2))


@settings(max_examples=200, deadline=None)
@given(label=st.sampled_from(["offer", "rejection"]), at=st.floats(0, 30, allow_nan=False))
def test_an_offer_or_a_rejection_after_the_interview_was_known_ends_its_thank_you(label, at):
    f = _app(ACK, _event("<news@initech.example>", label, day(at), contact=JANE), interview=INVITED,
             status=derive_status(["acknowledgement", label])[0])
    thanks = interview_thanks(f, _settings())
    assert thanks is not None
    if day(at) > INVITED.known_at:
        assert (thanks.ended_by, thanks.ended_at) == ("<news@initech.example>", day(at))
        assert thanks.ended_reason == (REASON_OFFER if label == "offer" else REASON_REJECTION_TAKES_OVER)
    else:
        assert thanks.ended_by is None


def test_the_users_word_of_an_offer_ends_the_interview_thank_you():
    f = _app(ACK, interview=INVITED, status=AppStatus.OFFER, updated_at=day(12))
    thanks = interview_thanks(f, _settings())
    assert thanks is not None and (thanks.ended_by, thanks.ended_at, thanks.ended_reason) == \
        (ENDED_BY_PLAN, day(12), REASON_OFFER)
    said_before = replace(f, updated_at=day(1))  # said before the interview was known: not of this interview
    assert interview_thanks(said_before, _settings()).ended_by is None  # type: ignore[union-attr]


def test_a_saved_interview_thank_you_is_marked_do_not_send_when_the_offer_comes():
    f = _app(ACK, interview=INVITED, status=AppStatus.INTERVIEW)
    [thanks] = [r for r in _rows(f, 11, [True]) if r.kind == FollowupKind.INTERVIEW_THANKS]
    offered = replace(f, events=(*f.events, _event("<offer@initech.example>", "offer", day(12), contact=JANE)),
                      status=AppStatus.OFFER)
    [cancel] = [a for a in decide([thanks], plan(offered, day(12), _settings()), offered, day(12))
                if a.followup_id == thanks.id]
    assert cancel.op == "cancel" and cancel.values["ended_by"] == "<offer@initech.example>"
    assert cancel.values["reason"].startswith(f"{REASON_OFFER}: do not send its draft"), cancel
    sent = replace(thanks, status=FollowupStatus.SENT, sent_at=iso(day(11)))
    assert [a for a in decide([sent], plan(offered, day(12), _settings()), offered, day(12))
            if a.followup_id == sent.id] == []  # a thank-you the user sent stays sent


# --- a saved check-in the user skipped ("I deleted it") was offered all the same

@settings(max_examples=100, deadline=None)
@given(saved_after=st.floats(0, 6, allow_nan=False), now=st.floats(10, 60, allow_nan=False))
def test_skipping_a_saved_check_in_changes_nothing_in_the_plan(saved_after, now):
    f = _app(ACK, applied_at=day(0))
    [first, *_] = check_ins(f, day(8), _settings())
    drafted = replace(f, check_ins_drafted=((first.slot, first.due + timedelta(days=saved_after)),))
    skipped = replace(drafted, skipped=frozenset({first.slot}))
    two = _settings(max_check_ins=2)
    assert check_ins(skipped, day(now), two) == check_ins(drafted, day(now), two)
    assert len(check_ins(drafted, day(30), two)) == 2  # (the second one's silence starts at the first's draft)
