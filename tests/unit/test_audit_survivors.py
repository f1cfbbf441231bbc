"""Rules the 6 Dec mutation run found unguarded (its survivors, see docs/reliability.md, "Mutation
audit"), each pinned by its behaviour: whole passes over the in-memory mailbox with a real SQLite file
and the real model where the rule acts in a pass, the function itself where it is a pure rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from agent.followups.user_actions import ActionRefused, apply
from agent.record.followup_rows import FollowupKind, FollowupStatus
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, memory_world

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)  # a Tuesday


@pytest.fixture
def world(tmp_path, model):
    box, agent, store = memory_world(tmp_path, model, lookback_days=90)
    yield box, agent, store
    store.close()


def _fus(store, kind=None):
    with store.transaction() as conn:
        return [f for f in store.list_followups(conn) if kind is None or f.kind == kind]


def _ack(when=T0, mid="<a1@initech.example>"):
    return fs.role_ack("Initech", "QA Lead", when, mid)  # from a no-reply ATS: nobody to write to


def _rejection(when):
    return fs.role_rejection("Initech", "QA Lead", "Initech Talent <talent@initech.example>", when,
                             "<r1@initech.example>")


def _act(agent, store, fid, action, when, values=None):
    """What ``onward followups ACTION ID`` does. The action word is built at run time, as argparse gives
    it from sys.argv: never the very object of the literal in the code (``is "skip"`` would fail)."""
    with store.transaction() as conn:
        apply(store, conn, agent.settings.followup, fid, "".join(list(action)), when, values)


# -- onward followups skip|set|restore ---------------------------------------------------------------

def test_restore_brings_back_only_a_cancelled_check_in_of_an_open_application(world):
    box, agent, store = world
    deliver(box, _ack())
    agent.run_pass(T0 + timedelta(days=15), draft=False)
    [fu] = _fus(store, FollowupKind.CHECK_IN)
    assert fu.status == FollowupStatus.NEEDS_RECIPIENT and not fu.draft_message_id
    now = T0 + timedelta(days=15, hours=1)
    with pytest.raises(ActionRefused) as refused:  # open: nothing to restore
        _act(agent, store, fu.id, "restore", now)
    assert str(refused.value) == (f"follow-up {fu.id} cannot be restored: it is needs_recipient (only a "
                                  "cancelled follow-up without a draft can)")
    _act(agent, store, fu.id, "skip", now)
    [got] = _fus(store, FollowupKind.CHECK_IN)
    assert (got.status, got.reason) == (FollowupStatus.CANCELLED, "skipped by you")
    _act(agent, store, fu.id, "restore", now)  # the application is still open: a check-in may come back
    [got] = _fus(store, FollowupKind.CHECK_IN)
    assert (got.status, got.reason, got.to_addr) == (FollowupStatus.NEEDS_RECIPIENT, "restored by you", None)
    _act(agent, store, fu.id, "set", now, {"to_addr": "jane@initech.example", "to_name": "Jane"})
    _act(agent, store, fu.id, "skip", now)
    _act(agent, store, fu.id, "restore", now)
    [got] = _fus(store, FollowupKind.CHECK_IN)
    assert (got.status, got.to_addr) == (FollowupStatus.SCHEDULED, "jane@initech.example")
    _act(agent, store, fu.id, "skip", now)
    deliver(box, _rejection(T0 + timedelta(days=16)))
    agent.run_pass(T0 + timedelta(days=16, hours=1), draft=False)
    with pytest.raises(ActionRefused) as refused:  # a check-in would ask a company that said no for news
        _act(agent, store, fu.id, "restore", T0 + timedelta(days=16, hours=2))
    assert "was rejected or got an offer" in str(refused.value)
    assert _fus(store, FollowupKind.CHECK_IN)[0].status == FollowupStatus.CANCELLED


def test_a_check_in_cancelled_with_its_draft_saved_is_not_offered_for_restore(world):
    box, agent, store = world
    deliver(box, _ack())
    agent.run_pass(T0 + timedelta(days=16))  # saved in Drafts (without a recipient)
    deliver(box, _rejection(T0 + timedelta(days=17)))
    agent.run_pass(T0 + timedelta(days=17, hours=1))  # rejected since: the saved check-in is cancelled
    [fu] = _fus(store, FollowupKind.CHECK_IN)
    assert fu.status == FollowupStatus.CANCELLED and fu.draft_message_id
    for action in ("skip", "set"):
        with pytest.raises(ActionRefused) as refused:
            _act(agent, store, fu.id, action, T0 + timedelta(days=18),
                 {"to_addr": "jane@initech.example"} if action == "set" else None)
        assert str(refused.value) == f"follow-up {fu.id} cannot be changed: its draft is already in Drafts"
