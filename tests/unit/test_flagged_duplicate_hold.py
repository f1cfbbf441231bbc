"""A company's no from an address of another domain than the one the user applied through: linking opens it as
its own application flagged ``possible_duplicate_of`` the open one (the user merges, Onward never does). Until
the user decides, the open application's check-in must not ask the company that just said no for news: it is
held as the agency's vague no holds (fix 140) - a draft already saved is marked "do not send", one not yet due is
cancelled when due - with the way to decide: ``onward merge`` (the thank-you follows) or ``followups restore``.
Real passes over the in-memory mailbox, a real SQLite file, the real model, the real CLI."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from agent.demo.samples import build_email
from agent.followups.rules import REASON_HELD_PREFIX, FollowupKind
from agent.record.followup_rows import FollowupStatus
from tests.unit.memory_world import USER, deliver, followups, memory_world, outcomes
from tests.unit.test_agencies import _cli  # the CLI on the world's database

T0 = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)

ACK = build_email(
    from_="Recrutement Soliane <recrutement@soliane.test>", to=USER, subject="Votre candidature – Stage Marketing Digital",
    body="Bonjour Alex,\n\nNous avons bien reçu votre candidature pour le stage Marketing Digital chez Soliane. Notre "
         "équipe l'étudiera avec attention et reviendra vers vous rapidement.\n\nCordialement,\nL'équipe Recrutement "
         "Soliane", date=T0, message_id="<ack@soliane.test>")


def _no(day: float) -> bytes:
    return build_email(
        from_="Ressources Humaines <rh@soliane-groupe.test>", to=USER, subject="Votre candidature chez Soliane",
        body="Bonjour Alex,\n\nNous vous remercions de l'intérêt que vous portez à Soliane. Après étude attentive de "
             "votre profil, nous sommes au regret de vous informer que nous ne pouvons pas donner une suite "
             "favorable à votre candidature.\n\nNous vous souhaitons une bonne continuation.\n\nLe service "
             "Ressources Humaines\nSoliane", date=T0 + timedelta(days=day), message_id="<no@soliane-groupe.test>")


def _passes(agent, start: datetime, until: datetime) -> None:
    t = start
    while t < until:
        agent.run_pass(t)
        t += timedelta(hours=12)


@pytest.fixture
def world(tmp_path, model):
    box, agent, store = memory_world(tmp_path, model, lookback_days=90)
    yield box, agent, store
    store.close()


def _check_in(store):
    [fu] = [f for f in followups(store) if f.kind == FollowupKind.CHECK_IN]
    return fu


@pytest.mark.parametrize("no_day", [5, 17], ids=["before the check-in is due", "after its draft was saved"])
def test_the_open_applications_check_in_is_held_while_a_no_flagged_its_duplicate_waits(world, no_day):
    box, agent, store = world
    deliver(box, ACK)
    _passes(agent, T0 + timedelta(hours=2), T0 + timedelta(days=no_day))
    deliver(box, _no(no_day + 0.1))
    _passes(agent, T0 + timedelta(days=no_day, hours=4), T0 + timedelta(days=30))
    apps = sorted(outcomes(store), key=lambda a: a.id)
    assert [(a.status, a.possible_duplicate_of) for a in apps] == [("applied", None), ("rejected", apps[0].id)]
    fu = _check_in(store)
    assert fu.status == FollowupStatus.CANCELLED, fu
    assert (fu.reason or "").startswith(REASON_HELD_PREFIX), fu.reason
    assert ("do not send" in (fu.reason or "")) == (no_day == 17)


def test_merging_the_flagged_no_ends_the_check_in_and_a_restore_brings_it_back_when_it_was_not_theirs(
        world, tmp_path):
    box, agent, store = world
    deliver(box, ACK)
    deliver(box, _no(5))
    _passes(agent, T0 + timedelta(hours=2), T0 + timedelta(days=20))
    held = _check_in(store)
    assert held.status == FollowupStatus.CANCELLED and (held.reason or "").startswith(REASON_HELD_PREFIX)
    now = T0 + timedelta(days=20)
    assert _cli(tmp_path, "followups", "restore", str(held.id), "--now", now.isoformat()) == 0
    _passes(agent, now + timedelta(hours=1), now + timedelta(days=1))
    assert _check_in(store).status in (FollowupStatus.DRAFTED, FollowupStatus.NEEDS_RECIPIENT)
    keep, gone = sorted(a.id for a in outcomes(store))
    assert _cli(tmp_path, "merge", str(keep), str(gone), "--now", (now + timedelta(days=2)).isoformat()) == 0
    [app] = outcomes(store)
    assert (app.status, app.possible_duplicate_of) == ("rejected", None)
    kinds = {(f.kind, f.status) for f in followups(store)}
    assert (FollowupKind.REJECTION_THANKS, FollowupStatus.SCHEDULED) in kinds or \
        (FollowupKind.REJECTION_THANKS, FollowupStatus.NEEDS_RECIPIENT) in kinds, kinds
    fu = _check_in(store)
    assert fu.status == FollowupStatus.CANCELLED and "do not send" in (fu.reason or ""), fu
