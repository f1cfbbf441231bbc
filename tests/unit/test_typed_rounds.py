"""Each interview typed with ``onward interview --at`` (a round) has a thank-you of its own
(agent/followups/plan.py:interview_slot), while a new time typed before the end of the interview typed earlier
moves that interview - the same round, the same thank-you. A database of an earlier Onward, whose typed
interviews shared the slot ``interview_thanks:set``, keeps its row as the thank-you of the round it was created
for (agent/followups/reconcile.py:_thank_you_slots): no second thank-you after the upgrade."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent.followups import user_actions
from agent.followups.plan import SHARED_TYPED_SLOT, interview_slot, plan
from agent.followups.reconcile import Action, Reconciler, decide
from agent.followups.rules import FollowupKind, FollowupStatus
from agent.model.classifier import Classifier
from agent.record.appfacts import InterviewFact
from agent.record.followup_rows import UserAction
from agent.record.outcomes import Recorder
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, followups, memory_world, outcomes
from tests.unit.test_restore_rounds import SETTINGS, _event, _facts, _row

T0 = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)  # a Monday
MINUTES = timedelta(minutes=45)


def _typed(agent, store, app_id: int, start: datetime, now: datetime) -> None:  # noqa: ANN001
    """What `onward interview APP --at START --minutes 45` records and reconciles, at ``now``."""
    with store.transaction() as conn:
        Recorder.for_settings(store, agent.settings).set_interview(conn, app_id, start, start + MINUTES, now)
        Reconciler(store, agent.settings.followup).run(conn, now, [app_id])


def _thanks(store):  # noqa: ANN001
    return sorted((f for f in followups(store) if f.kind == FollowupKind.INTERVIEW_THANKS), key=lambda f: f.id)


def _acknowledged(agent, box, store) -> int:  # noqa: ANN001
    deliver(box, fs.role_ack("Initech", "QA Lead", T0, "<a1@initech.example>"))
    agent.run_pass(T0 + timedelta(hours=1))
    [app] = outcomes(store)
    return app.id


def test_a_second_typed_round_gets_a_thank_you_of_its_own(tmp_path, model):
    box, agent, store = memory_world(tmp_path, model)
    try:
        app = _acknowledged(agent, box, store)
        _typed(agent, store, app, T0 + timedelta(days=5), T0 + timedelta(days=3))
        agent.run_pass(T0 + timedelta(days=5, hours=4))  # the first round's thank-you is saved in Drafts
        [first] = _thanks(store)
        assert first.status == FollowupStatus.NEEDS_RECIPIENT and first.draft_message_id
        _typed(agent, store, app, T0 + timedelta(days=12), T0 + timedelta(days=9))  # the second round
        _typed(agent, store, app, T0 + timedelta(days=13), T0 + timedelta(days=10))  # moved before its end
        first_again, second = _thanks(store)
        assert first_again == first
        assert not second.draft_message_id and second.status == FollowupStatus.NEEDS_RECIPIENT
        assert second.rejected_at == (T0 + timedelta(days=13) + MINUTES).isoformat()  # answers the moved time
        assert second.slot == f"{SHARED_TYPED_SLOT}:{(T0 + timedelta(days=9)).isoformat()}"  # known from its entry
    finally:
        store.close()


def test_the_shared_slot_of_an_earlier_onward_stays_the_thank_you_of_the_round_it_was_created_for(tmp_path, model):
    """A database of an earlier Onward: the thank-you of the typed interview has the slot all typed interviews
    shared. The next pass renames it to the round's own slot (no second thank-you for the same interview); once
    drafted, it is that round's, and a later round gets its own."""
    box, agent, store = memory_world(tmp_path, model)
    try:
        app = _acknowledged(agent, box, store)
        _typed(agent, store, app, T0 + timedelta(days=5), T0 + timedelta(days=3))
        [planned] = _thanks(store)
        with store.transaction() as conn:  # as an earlier Onward left it
            store.update_followup(conn, planned.id, slot=SHARED_TYPED_SLOT)
        agent.run_pass(T0 + timedelta(days=4))
        [kept] = _thanks(store)
        assert (kept.id, kept.status, kept.slot) == (planned.id, planned.status, planned.slot)
        agent.run_pass(T0 + timedelta(days=5, hours=4))
        [drafted] = _thanks(store)
        assert drafted.id == planned.id and drafted.draft_message_id

        with store.transaction() as conn:  # drafted by an earlier Onward, under the shared slot
            store.update_followup(conn, planned.id, slot=SHARED_TYPED_SLOT)
        _typed(agent, store, app, T0 + timedelta(days=12), T0 + timedelta(days=9))
        agent.run_pass(T0 + timedelta(days=9, hours=1))
        old, new = _thanks(store)
        assert (old.id, old.slot, old.draft_message_id) == (planned.id, SHARED_TYPED_SLOT, drafted.draft_message_id)
        assert new.slot == f"{SHARED_TYPED_SLOT}:{(T0 + timedelta(days=9)).isoformat()}" and not new.draft_message_id
    finally:
        store.close()


_MODEL: list[Classifier] = []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(typings=st.lists(st.tuples(st.integers(1, 96), st.integers(1, 240)), min_size=1, max_size=6))
def test_one_thank_you_per_round_whatever_the_typings(typings: list[tuple[int, int]]) -> None:
    """Typings at increasing moments (hours after the last one), each for an interview some hours ahead: a
    typing at or after the end of the interview known then starts a round; one before it moves that interview.
    Every round has exactly one thank-you, answering the round's last time."""
    if not _MODEL:
        _MODEL.append(Classifier.load())
    tmp = Path(tempfile.mkdtemp(prefix="onward-rounds-"))
    box, agent, store = memory_world(tmp, _MODEL[0])
    try:
        app = _acknowledged(agent, box, store)
        now, end = T0 + timedelta(hours=2), None
        rounds: list[datetime] = []  # each round's last end
        for after, ahead in typings:
            now += timedelta(hours=after)
            start = now + timedelta(hours=ahead)
            if end is None or now >= end:
                rounds.append(start + MINUTES)
            else:
                rounds[-1] = start + MINUTES
            end = start + MINUTES
            _typed(agent, store, app, start, now)
        thanks = _thanks(store)
        assert len(thanks) == len(rounds), (thanks, rounds)
        assert [t.rejected_at for t in thanks] == [e.isoformat() for e in rounds]
        assert [t.status for t in thanks[:-1]] == [FollowupStatus.CANCELLED] * (len(rounds) - 1)  # never drafted
    finally:
        store.close()
        shutil.rmtree(tmp, ignore_errors=True)


def _act(agent, store, fid: int, action: str, now: datetime, values=None) -> None:  # noqa: ANN001
    """What `onward followups ACTION ID` does."""
    with store.transaction() as conn:
        user_actions.apply(store, conn, agent.settings.followup, fid, action, now, values)


def _moved_by_an_earlier_onward(store, app_id: int, row_id: int, start: datetime,  # noqa: ANN001
                                now: datetime, open_row: bool) -> None:
    """An earlier Onward: the thank-you under the shared slot, and a new time typed before the interview's end
    written as known from that typing (``interview_set_at``); an open thank-you moved with it."""
    with store.transaction() as conn:
        store.update_application(conn, app_id, interview_start=start.isoformat(),
                                 interview_end=(start + MINUTES).isoformat(),
                                 interview_set_at=now.isoformat())
        moved = dict(rejected_at=(start + MINUTES).isoformat(),
                     due_at=(start + MINUTES + timedelta(hours=2)).isoformat()) if open_row else {}
        store.update_followup(conn, row_id, slot=SHARED_TYPED_SLOT, **moved)


@pytest.mark.parametrize("action", ["skip", "set"])
def test_the_shared_slot_of_an_interview_an_earlier_onward_moved_keeps_the_users_word(tmp_path, model,
                                                                                       action: str) -> None:
    """An earlier Onward wrote a time typed again before the interview's end as known from that typing. The
    shared row was created before then, yet it is that interview's: renamed, it keeps what the user said -
    skipped stays skipped (no thank-you comes back), a recipient set stays the recipient."""
    box, agent, store = memory_world(tmp_path, model)
    try:
        app = _acknowledged(agent, box, store)
        _typed(agent, store, app, T0 + timedelta(days=5), T0 + timedelta(days=3))
        [planned] = _thanks(store)
        _act(agent, store, planned.id, action, T0 + timedelta(days=3, hours=1),
             {"to_addr": "jane@initech.example", "to_name": "Jane Park"} if action == "set" else None)
        _moved_by_an_earlier_onward(store, app, planned.id, T0 + timedelta(days=6), T0 + timedelta(days=4),
                                    open_row=action == "set")
        agent.run_pass(T0 + timedelta(days=4, hours=1))
        agent.run_pass(T0 + timedelta(days=6, hours=4))  # the thank-you's draft, if any, is saved
        [kept] = _thanks(store)
        moved_at = (T0 + timedelta(days=4)).isoformat()  # as that Onward wrote it: from the second typing
        assert (kept.id, kept.slot) == (planned.id, f"{SHARED_TYPED_SLOT}:{moved_at}")
        if action == "skip":
            assert (kept.status, kept.user_action, kept.draft_message_id) == \
                (FollowupStatus.CANCELLED, "skipped", None)
        else:
            assert kept.to_addr == "jane@initech.example" and kept.draft_message_id
    finally:
        store.close()


@pytest.mark.parametrize("action", ["skip", "set", "drafted"])
def test_the_invitation_of_an_interview_typed_earlier_keeps_its_thank_you(tmp_path, model,
                                                                           action: str) -> None:
    """An interview typed first, then its invitation, dated before its end: the same interview, known from the
    typing or the invitation's date (its thank-you answers the invitation now) - the same thank-you, with what
    the user said of it: skipped stays skipped, a recipient set stays the recipient; typed once it was over
    and its draft saved before the invitation came in, no second draft."""
    box, agent, store = memory_world(tmp_path, model)
    try:
        app = _acknowledged(agent, box, store)
        start = T0 + timedelta(days=5)
        if action == "drafted":
            _typed(agent, store, app, start, start + timedelta(hours=2))
            agent.run_pass(start + timedelta(hours=3))
        else:
            _typed(agent, store, app, start, T0 + timedelta(days=3))
        [planned] = _thanks(store)
        if action != "drafted":
            _act(agent, store, planned.id, action, T0 + timedelta(days=3, hours=1),
                 {"to_addr": "sam.lee@initech.example", "to_name": "Sam Lee"} if action == "set" else None)
        else:
            assert planned.draft_message_id
        deliver(box, fs.invitation("Initech", "QA Lead", "Jane Park", "jane.park@initech.example",
                                   T0 + timedelta(days=4), "<inv1@initech.example>", start=start, minutes=45,
                                   uid="initech-ev-1", in_reply_to="<a1@initech.example>"))
        agent.run_pass(start + timedelta(hours=3, minutes=30) if action == "drafted" else
                       T0 + timedelta(days=4, hours=1))
        [one] = outcomes(store)
        assert one.status == "interview"
        agent.run_pass(start + timedelta(hours=4))  # the thank-you's draft, if any, is saved
        [kept] = _thanks(store)
        assert kept.id == planned.id and kept.slot == f"{FollowupKind.INTERVIEW_THANKS}:initech-ev-1"
        if action == "skip":
            assert (kept.status, kept.user_action, kept.draft_message_id) == \
                (FollowupStatus.CANCELLED, "skipped", None)
        elif action == "set":
            assert kept.to_addr == "sam.lee@initech.example" and kept.draft_message_id
            assert kept.in_reply_to == "<inv1@initech.example>"  # threaded under the invitation now
        else:
            assert kept.draft_message_id == planned.draft_message_id
    finally:
        store.close()


@pytest.mark.parametrize("first", ["held", "cancelled"])
def test_an_interview_typed_after_an_invited_one_gets_a_thank_you_of_its_own(tmp_path, model,
                                                                              first: str) -> None:
    """The first round came with a calendar invitation (its thank-you saved in Drafts), or its invitation was
    cancelled; the next one, arranged by phone, is typed: it names no invitation, and has its own
    thank-you."""
    box, agent, store = memory_world(tmp_path, model)
    try:
        app = _acknowledged(agent, box, store)
        start = T0 + timedelta(days=5)
        deliver(box, fs.invitation("Initech", "QA Lead", "Jane Park", "jane.park@initech.example",
                                   T0 + timedelta(days=2), "<inv1@initech.example>", start=start, minutes=45,
                                   uid="initech-ev-1", in_reply_to="<a1@initech.example>"))
        agent.run_pass(T0 + timedelta(days=2, hours=1))
        if first == "cancelled":
            deliver(box, fs.invitation("Initech", "QA Lead", "Jane Park", "jane.park@initech.example",
                                       T0 + timedelta(days=3), "<inv2@initech.example>", start=start,
                                       minutes=45, uid="initech-ev-1", sequence=1, method="CANCEL",
                                       in_reply_to="<inv1@initech.example>"))
            agent.run_pass(T0 + timedelta(days=3, hours=1))
        agent.run_pass(start + timedelta(hours=4))  # the first round's thank-you is saved, or was cancelled
        [one] = _thanks(store)
        assert bool(one.draft_message_id) == (first == "held"), one
        _typed(agent, store, app, T0 + timedelta(days=12), T0 + timedelta(days=9))
        agent.run_pass(T0 + timedelta(days=12, hours=4))
        again, second = _thanks(store)
        assert again.id == one.id and second.draft_message_id, second
        assert second.rejected_at == (T0 + timedelta(days=12) + MINUTES).isoformat()
    finally:
        store.close()


_STATUSES = (FollowupStatus.SCHEDULED, FollowupStatus.NEEDS_RECIPIENT, FollowupStatus.CANCELLED,
             FollowupStatus.DRAFTED)


@given(typed_h=st.integers(0, 230), invited_h=st.integers(0, 230), status=st.sampled_from(_STATUSES),
       user_action=st.sampled_from([None, UserAction.SKIPPED, UserAction.SET, UserAction.RESTORED]))
def test_the_thank_you_of_a_typed_interview_follows_it_to_its_invitation(
        typed_h: int, invited_h: int, status: str, user_action: str | None) -> None:
    """An interview typed, then its invitation, dated before the interview's end (either first): the
    thank-you row of the typing, whatever it has become, takes the invitation's slot - no second one is
    planned - and the next reconcile renames nothing. The row of a round typed before an interview first
    known after it ended stays what it is, and that interview gets its own."""
    start = T0 + timedelta(days=10)
    typed, invited = T0 + timedelta(hours=typed_h), T0 + timedelta(hours=invited_h)
    known = min(typed, invited)
    invitation = _event("<inv@x.test>", "interview", invited)
    f = replace(_facts(), events=(invitation,),
                interview=InterviewFact(start, start + MINUTES, "uid-1", "<inv@x.test>", known))
    row = replace(_row(interview_slot("", "", typed), "plan"), status=status, user_action=user_action,
                  draft_message_id="<d@onward.test>" if status == FollowupStatus.DRAFTED else None)
    now = max(typed, invited) + timedelta(minutes=1)
    desired = plan(f, now, SETTINGS)
    actions = decide([row], desired, f, now)
    assert actions[0] == Action("update", row.id, {"slot": f"{FollowupKind.INTERVIEW_THANKS}:uid-1"})
    assert not [a for a in actions if a.op == "create" and a.values["kind"] == FollowupKind.INTERVIEW_THANKS]
    renamed = replace(row, slot=actions[0].values["slot"])
    assert not [a for a in decide([renamed], desired, f, now) if "slot" in a.values]

    # a round over before this one was known
    earlier = replace(row, slot=interview_slot("", "", T0 - timedelta(days=3)),
                      rejected_at=(T0 - timedelta(days=2)).isoformat())
    actions = decide([earlier], desired, f, now)
    assert not [a for a in actions if "slot" in a.values and a.followup_id == earlier.id]
    assert [a.values["slot"] for a in actions if a.op == "create"] == \
        [f"{FollowupKind.INTERVIEW_THANKS}:uid-1"]
