"""Each interview typed with ``onward interview --at`` (a round) has a thank-you of its own
(agent/followups/plan.py:interview_slot), while a new time typed before the end of the interview typed earlier
moves that interview - the same round, the same thank-you. A database of an earlier Onward, whose typed
interviews shared the slot ``interview_thanks:set``, keeps its row as the thank-you of the round it was created
for (agent/followups/reconcile.py:_typed_round_slots): no second thank-you after the upgrade."""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent.followups.plan import SHARED_TYPED_SLOT
from agent.followups.reconcile import Reconciler
from agent.followups.rules import FollowupKind, FollowupStatus
from agent.model.classifier import Classifier
from agent.record.outcomes import Recorder
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, followups, memory_world, outcomes

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
