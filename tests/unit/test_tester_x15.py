"""A new user's eight weeks: an agency recruiter, two roles at one company, a rejection after the
interview thank-you was saved. Real passes over the in-memory mailbox, a real SQLite file and the real model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from agent.demo import samples
from agent.followups.rules import FollowupKind, FollowupStatus
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, followups, memory_world

T0 = datetime(2026, 9, 14, 9, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def world(tmp_path, model):
    yield (made := memory_world(tmp_path, model))
    made[2].close()


def test_a_saved_interview_thank_you_is_marked_do_not_send_when_the_rejection_comes(world):
    """The thank-you for the interview waits in Drafts, unsent; the next day the company says no. Sending it
    then ("what I heard made me keener; tell me if you need anything more") would answer a no as if it were
    still open, beside the rejection's own thank-you: like a stale check-in it is marked "do not send"."""
    box, agent, store = world
    start = T0 + timedelta(days=3)
    deliver(box, fs.invitation("Van Dijk", "Data Scientist", "Sanne de Vries", "sanne@vandijk.example", T0,
                               "<inv@vandijk.example>", start=start))
    agent.run_pass(T0 + timedelta(hours=1))
    agent.run_pass(start + timedelta(hours=4))
    [thanks] = followups(store)
    assert thanks.kind == FollowupKind.INTERVIEW_THANKS and thanks.status == FollowupStatus.DRAFTED
    deliver(box, samples.rejection("Van Dijk", "Data Scientist", "Sanne de Vries <sanne@vandijk.example>",
                                   start + timedelta(days=1), "<rej@vandijk.example>", in_reply_to="<inv@vandijk.example>",
                                   references=["<inv@vandijk.example>"]))
    agent.run_pass(start + timedelta(days=1, hours=2))
    thanks = next(f for f in followups(store) if f.id == thanks.id)
    assert thanks.status == FollowupStatus.CANCELLED and "do not send" in (thanks.reason or ""), thanks
    assert [f.kind for f in followups(store) if f.status == FollowupStatus.SCHEDULED] == [FollowupKind.REJECTION_THANKS]
