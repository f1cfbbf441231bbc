"""The fact a follow-up names as what ended it (agent/followups/reconcile.py:decide, pure, on facts built by
hand). A restore sticks as the first one does, whatever the rounds of skip and restore before it
(agent/followups/user_actions.py:restored_over): the fact the plan says ends the follow-up is the fact it is
restored over, and that fact no longer cancels it; a fact that ends it earlier, found later, still does. And a
follow-up never offered names the earliest fact that ends it, whatever the order the facts came in."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from agent.config import parse_settings
from agent.followups.plan import plan
from agent.followups.reconcile import Action, decide
from agent.followups.user_actions import restored_over
from agent.record.appfacts import AppFacts, EventFact, InterviewFact
from agent.record.followup_rows import Followup, FollowupKind, FollowupStatus, UserAction

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
SETTINGS = parse_settings({"imap": {"host": "h", "username": "alex@example.org"},
                           "followup": {"your_name": "Alex", "check_in_days": 7, "max_days": 21}}).followup


def _event(mid: str, label: str, at: datetime) -> EventFact:
    return EventFact(message_id=mid, label=label, at=at, recorded_at=at, subject="Your application",
                     references_json="[]", contact=None, contact_source="", contact_reason=None)


def _facts(*events: EventFact) -> AppFacts:
    """An interview (invited on day 0, held on day 2) and ``events``."""
    interview = InterviewFact(T0 + timedelta(days=2), T0 + timedelta(days=2, hours=1), "uid-1", "<inv@x.test>", T0)
    return AppFacts(id=1, account="default", company="Initech", role="QA Lead", status="interview", updated_at=T0,
                    created_at=T0, language="en", contact=None, applied_at=None, interview=interview,
                    interview_cancelled_by=None, events=(_event("<inv@x.test>", "interview", T0), *events))


def _row(slot: str, ended_by: str) -> Followup:
    return Followup(id=7, application_id=1, rejection_message_id="<inv@x.test>", rejected_at=T0.isoformat(),
                    due_at=T0.isoformat(), status=FollowupStatus.CANCELLED, to_name=None, to_addr=None, subject="s",
                    in_reply_to="<inv@x.test>", references_json="[]", draft_message_id=None, drafted_at=None,
                    reason="the application was rejected", created_at=T0.isoformat(),
                    kind=FollowupKind.INTERVIEW_THANKS, slot=slot, ended_by=ended_by)


def _restore(row: Followup, f: AppFacts, now: datetime) -> Followup:
    """The row ``followups restore`` leaves (agent/followups/user_actions.py:apply)."""
    return replace(row, status=FollowupStatus.NEEDS_RECIPIENT, reason="restored by you",
                   user_action=UserAction.RESTORED, ended_by=restored_over(row, plan(f, now, SETTINGS)))


def _skip(row: Followup) -> Followup:
    return replace(row, status=FollowupStatus.CANCELLED, reason="skipped by you", ended_by="user",
                   user_action=UserAction.SKIPPED)


@given(rounds=st.integers(1, 6), hours=st.integers(2, 40))
def test_every_restore_sticks_over_the_fact_the_plan_names(rounds: int, hours: int) -> None:
    rejected = T0 + timedelta(hours=hours)
    f = _facts(_event("<rej@x.test>", "rejection", rejected))
    now = rejected + timedelta(hours=1)
    [thanks] = [d for d in plan(f, now, SETTINGS) if d.kind == FollowupKind.INTERVIEW_THANKS]
    assert thanks.ended_by == "<rej@x.test>"
    row = _row(thanks.slot, "<rej@x.test>")
    for n in range(rounds):
        row = _restore(_skip(row) if n else row, f, now)
        assert row.ended_by == "<rej@x.test>"
        assert not [a for a in decide([row], plan(f, now, SETTINGS), f, now) if a.op == "cancel"], n


@given(rounds=st.integers(1, 4))
def test_a_fact_that_ends_it_earlier_found_after_the_restores_still_ends_it(rounds: int) -> None:
    f = _facts(_event("<rej@x.test>", "rejection", T0 + timedelta(hours=20)))
    now = T0 + timedelta(days=1)
    [thanks] = [d for d in plan(f, now, SETTINGS) if d.kind == FollowupKind.INTERVIEW_THANKS]
    row = _row(thanks.slot, "<rej@x.test>")
    for n in range(rounds):
        row = _restore(_skip(row) if n else row, f, now)
    earlier = replace(f, events=(f.events[0], _event("<rej0@x.test>", "rejection", T0 + timedelta(hours=3)),
                                 *f.events[1:]))
    [cancel] = [a for a in decide([row], plan(earlier, now, SETTINGS), earlier, now) if a.op == "cancel"]
    assert cancel.values["ended_by"] == "<rej0@x.test>"


@given(hours=st.lists(st.integers(2, 60), min_size=1, max_size=4, unique=True))
def test_a_thank_you_never_offered_names_the_earliest_rejection_whatever_the_order_they_came_in(hours):
    """Rejections arrive one per pass, in any order; after each pass the row is what decide leaves: cancelled,
    ending with the earliest rejection known so far - as a pass over those rejections at once names it."""
    now = T0 + timedelta(days=3)
    row: Followup | None = None
    known: list[EventFact] = []
    for h in hours:
        known = sorted([*known, _event(f"<rej{h}@x.test>", "rejection", T0 + timedelta(hours=h))], key=lambda e: e.at)
        f = _facts(*known)
        desired = plan(f, now, SETTINGS)
        if row is None:
            [create] = [a for a in decide([], desired, f, now) if a.op == "create" and
                        a.values["kind"] == FollowupKind.INTERVIEW_THANKS]
            row = _row(create.values["slot"], create.values["ended_by"])
        for a in _on(row, decide([row], desired, f, now)):
            assert a.op == "update"
            row = replace(row, **a.values)
        assert row.ended_by == f"<rej{min(hours[:len(known)])}@x.test>"
        assert row.status == FollowupStatus.CANCELLED
        assert not _on(row, decide([row], desired, f, now))  # and then nothing changes


def _on(row: Followup, actions: list[Action]) -> list[Action]:
    """The actions on ``row`` (the rejection's own thank-you is created beside it)."""
    return [a for a in actions if a.followup_id == row.id]
