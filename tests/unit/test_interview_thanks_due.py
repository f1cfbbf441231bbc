"""``onward followups set ID --due`` on an interview's thank-you: a due time before the interview has ended is
refused (its draft would be saved, and perhaps sent, before the interview it thanks for was held - a typo in
the month is enough); one after the end is taken. Real pass over the in-memory mailbox, the real model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent.followups.rules import FollowupKind, FollowupStatus
from agent.followups.user_actions import ActionRefused, apply
from agent.record.store import iso
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, followups, memory_world

T0 = datetime(2026, 9, 14, 9, 0, tzinfo=UTC)  # a Monday
START = T0 + timedelta(days=3)                # the interview, 60 minutes


@pytest.fixture(scope="module")
def world(tmp_path_factory, model):
    box, agent, store = memory_world(tmp_path_factory.mktemp("w"), model)
    deliver(box, fs.invitation("Contoso", "Data Engineer", "Priya Shah", "priya@contoso.example", T0,
                               "<inv@contoso.example>", start=START))
    agent.run_pass(T0 + timedelta(hours=1))
    yield agent, store
    store.close()


def _thanks(store):
    [fu] = [f for f in followups(store) if f.kind == FollowupKind.INTERVIEW_THANKS]
    return fu


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(minutes=st.integers(min_value=-60 * 24 * 40, max_value=60 * 24 * 10))
def test_a_due_time_before_the_interview_ended_is_refused(world, minutes):
    agent, store = world
    fu = _thanks(store)
    assert fu.status == FollowupStatus.SCHEDULED
    end = START + timedelta(minutes=60)
    due = end + timedelta(minutes=minutes)
    with store.transaction() as conn:
        if due < end:
            with pytest.raises(ActionRefused, match="before the interview"):
                apply(store, conn, agent.settings.followup, fu.id, "set", T0 + timedelta(hours=2),
                      {"due_at": iso(due)})
        else:
            apply(store, conn, agent.settings.followup, fu.id, "set", T0 + timedelta(hours=2), {"due_at": iso(due)})
    assert (_thanks(store).due_at == iso(due)) == (due >= end)
