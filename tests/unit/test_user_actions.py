"""The user's word on one follow-up (agent/followups/user_actions.py), each action and each refusal with
the sentence it gives: ``set`` a recipient on a follow-up that has none makes it scheduled; a cancelled
one cannot be changed (the refusal says how to restore it); one whose draft is in Drafts cannot be
changed nor restored, but can be skipped (the user deleted the draft in their mail client).  Whole passes
against the in-memory mailbox."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent.config import FollowupSettings
from agent.demo.samples import build_email
from agent.followups.reconcile import Reconciler
from agent.followups.user_actions import ActionRefused, apply
from agent.demo import samples
from agent.followups.rules import REASON_SKIPPED_DRAFT
from agent.insights import weekly
from agent.insights.digest import iso_week
from agent.model.classifier import Classifier
from agent.record.followup_rows import Followup, FollowupStatus, UserAction
from agent.record.store import Store
from agent.record.store import followups as followup_store
from tests.unit.memory_world import USER, deliver, followups, memory_world

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
REJECTION = ("Dear Alex,\n\nThank you for your interest in the Data Engineer position at Acme. After careful "
             "consideration, we regret to inform you that we have decided not to move forward with your "
             "application.\n\nWe wish you the best in your search.\n\nAcme Talent Team")


class Actions:
    """``onward followups ACTION ID`` on the in-memory world's store, and the row it leaves."""

    def __init__(self, store: Store, settings: FollowupSettings) -> None:
        self.store, self.settings = store, settings

    def act(self, fid: int, action: str, when: datetime, values: Mapping[str, object] | None = None) -> None:
        with self.store.transaction() as conn:
            apply(self.store, conn, self.settings, fid, action, when, dict(values or {}))

    def row(self, fid: int) -> Followup | None:
        with self.store.transaction() as conn:
            return followup_store.followup(conn, fid)


def _rejection_from(sender: str) -> bytes:
    return build_email(from_=sender, to=USER, subject="Your application for Data Engineer", body=REJECTION,
                       date=T0, message_id="<rej@acme.test>")


def test_set_skip_restore_and_their_refusals(tmp_path: Path, model: Classifier) -> None:
    box, agent, store = memory_world(tmp_path, model)
    actions = Actions(store, agent.settings.followup)
    act, row = actions.act, actions.row
    try:
        deliver(box, _rejection_from("Acme Careers <no-reply@acme.test>"))
        agent.run_pass(now=T0 + timedelta(hours=1))
        [fu] = followups(store)
        assert fu.status == FollowupStatus.NEEDS_RECIPIENT  # a no-reply sender is nobody to write to
        now = T0 + timedelta(hours=2)

        act(fu.id, "set", now, {"to_addr": "jane@acme.test", "to_name": "Jane Park"})
        got = row(fu.id)
        assert (got.status, got.to_addr) == (FollowupStatus.SCHEDULED, "jane@acme.test")
        assert got.reason == "recipient set by you (jane@acme.test)"

        act(fu.id, "skip", now)
        assert row(fu.id).status == FollowupStatus.CANCELLED
        with pytest.raises(ActionRefused) as refused:
            act(fu.id, "set", now, {"to_addr": "other@acme.test"})
        assert str(refused.value) == (f"follow-up {fu.id} cannot be changed: it is cancelled "
                                      "(restore it with: onward followups restore ID)")
        assert row(fu.id).to_addr == "jane@acme.test"

        act(fu.id, "restore", now)
        got = row(fu.id)
        assert got.reason == "restored by you"
        # the recipient set before the skip is still the recipient (planning has none for a no-reply sender)
        assert (got.status, got.to_addr, got.to_name) == (FollowupStatus.SCHEDULED, "jane@acme.test", "Jane Park")
        agent.run_pass(now=now + timedelta(minutes=5))  # a pass with nothing new keeps it
        got = row(fu.id)
        assert (got.status, got.to_addr) == (FollowupStatus.SCHEDULED, "jane@acme.test")

        agent.run_pass(now=datetime.fromisoformat(got.due_at) + timedelta(minutes=1))
        drafted = row(fu.id)
        assert drafted.draft_message_id
        for action, says in (("set", "cannot be changed: its draft is already in Drafts"),
                             ("restore", "cannot be restored: its draft is already in Drafts")):
            with pytest.raises(ActionRefused) as refused:
                act(fu.id, action, now, {"to_addr": "other@acme.test"} if action == "set" else None)
            assert says in str(refused.value) and "restore it with" not in str(refused.value), action
        # skip takes a saved draft too ("I deleted it"): cancelled, the draft left to the user, never restored
        act(fu.id, "skip", now)
        skipped = row(fu.id)
        assert (skipped.status, skipped.reason, skipped.user_action, skipped.draft_message_id) == \
            (FollowupStatus.CANCELLED, REASON_SKIPPED_DRAFT, UserAction.SKIPPED, drafted.draft_message_id)
        with pytest.raises(ActionRefused) as refused:
            act(fu.id, "restore", now)
        assert "cannot be restored: its draft is already in Drafts" in str(refused.value)
    finally:
        store.close()


@given(days=st.integers(0, 40), skips=st.integers(1, 3))
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_due_time_set_before_a_skip_is_kept_by_the_restore(tmp_path: Path, model: Classifier, days: int,
                                                             skips: int) -> None:
    # `followups restore` after `set --due` and a skip gave back the planned due time
    box, agent, store = memory_world(tmp_path / f"w{days}-{skips}", model)
    actions = Actions(store, agent.settings.followup)
    try:
        deliver(box, _rejection_from("Jane Park <jane@acme.test>"))
        agent.run_pass(now=T0 + timedelta(hours=1))
        [fu] = followups(store)
        now = T0 + timedelta(hours=2)
        mine = (T0 + timedelta(days=days, hours=7)).isoformat()
        actions.act(fu.id, "set", now, {"due_at": mine})
        for _ in range(skips):
            actions.act(fu.id, "skip", now)
            actions.act(fu.id, "restore", now)
            agent.run_pass(now=now + timedelta(minutes=5))
            got = actions.row(fu.id)
            assert (got.status, got.due_at) == (FollowupStatus.SCHEDULED, mine), got.reason
    finally:
        store.close()


def test_rejection_thanks_switched_off_plans_none(tmp_path: Path, model: Classifier) -> None:
    box, agent, store = memory_world(tmp_path, model, followup={"rejection_thanks": False})
    try:
        deliver(box, _rejection_from("Jane Park <jane@acme.test>"))
        report = agent.run_pass(now=T0 + timedelta(hours=1))
        assert report.events == 1 and followups(store) == []
    finally:
        store.close()


def test_a_draft_said_sent_is_sent_from_the_time_given_and_only_a_waiting_draft_can_be(
        tmp_path: Path, model: Classifier) -> None:
    box, agent, store = memory_world(tmp_path, model)
    actions = Actions(store, agent.settings.followup)
    row = actions.row

    def act(fid: int, when: datetime, values: Mapping[str, object] | None = None) -> None:
        actions.act(fid, "sent", when, values)

    try:
        deliver(box, _rejection_from("Jane Park <jane@acme.test>"))
        agent.run_pass(now=T0 + timedelta(hours=1))
        [fu] = followups(store)
        with pytest.raises(ActionRefused) as refused:  # nothing in Drafts yet: nothing could be sent
            act(fu.id, T0 + timedelta(hours=2))
        assert str(refused.value) == (f"follow-up {fu.id} cannot be marked sent: it is scheduled (only a "
                                      "follow-up whose draft is in Drafts can)")
        due = datetime.fromisoformat(fu.due_at)
        agent.run_pass(now=due + timedelta(minutes=1))
        drafted = row(fu.id)
        assert drafted.status == FollowupStatus.DRAFTED
        now = due + timedelta(days=2)
        for at, says in ((now + timedelta(minutes=1), "that is in the future"),
                         (due - timedelta(minutes=1), f"its draft was saved later ({drafted.drafted_at})")):
            with pytest.raises(ActionRefused) as refused:
                act(fu.id, now, {"sent_at": at})
            assert str(refused.value).endswith(says), refused.value
        assert row(fu.id) == drafted  # a refusal changes nothing

        act(fu.id, now.replace(microsecond=0))  # sent now (the default): not "in the future"
        sent = row(fu.id)
        assert (sent.status, sent.sent_at, sent.reason, sent.user_action, sent.to_addr) == (
            FollowupStatus.SENT, now.isoformat(timespec="seconds"), "sent, as you said", "sent", "jane@acme.test")
        with pytest.raises(ActionRefused) as refused:
            act(fu.id, now)
        assert f"it is sent (on {sent.sent_at[:10]})" in str(refused.value)
        agent.run_pass(now=now + timedelta(days=1))  # a pass keeps the user's word
        assert row(fu.id) == sent
    finally:
        store.close()


def test_a_contact_the_user_gives_the_application_addresses_a_follow_up_waiting_for_one(
        tmp_path: Path, model: Classifier) -> None:
    """A rejection from a no-reply address: the thank-you waits for a recipient; `onward edit APP --contact`
    gives one, and the follow-up is scheduled to that person (the reason no longer says nobody)."""
    box, agent, store = memory_world(tmp_path, model)
    try:
        deliver(box, _rejection_from("Acme Careers <no-reply@acme.test>"))
        agent.run_pass(now=T0 + timedelta(hours=1))
        [fu] = followups(store)
        assert fu.status == FollowupStatus.NEEDS_RECIPIENT
        now = T0 + timedelta(hours=2)
        with store.transaction() as conn:  # what `onward edit APP --contact jane@acme.test` records
            store.update_application(conn, fu.application_id, contact_addr="jane@acme.test", updated_at=now.isoformat())
            Reconciler(store, agent.settings.followup).run(conn, now, [fu.application_id])
        [fu] = followups(store)
        assert (fu.status, fu.to_addr, fu.reason) == (FollowupStatus.SCHEDULED, "jane@acme.test", None)
    finally:
        store.close()


def test_a_follow_up_restored_over_the_users_mail_and_then_set_stays_restored(tmp_path: Path, model: Classifier) -> None:
    """The user's reply to Jane ended the thank-you; they restore it and set its time: their mail, which it
    was restored over, does not cancel it again at the next look at Sent (as when they only restored it)."""
    box, agent, store = memory_world(tmp_path, model)
    actions = Actions(store, agent.settings.followup)
    try:
        deliver(box, _rejection_from("Jane Park <jane@acme.test>"))
        agent.run_pass(now=T0 + timedelta(hours=1), draft=False)
        deliver(box, build_email(from_=USER, to="Jane Park <jane@acme.test>", subject="Re: Data Engineer",
                                 body="Thank you, Jane.", date=T0 + timedelta(hours=2), message_id="<mine@example.org>",
                                 in_reply_to="<rej@acme.test>", references=["<rej@acme.test>"]), "Sent")
        agent.run_pass(now=T0 + timedelta(hours=3), draft=False)
        [fu] = followups(store)
        assert (fu.status, fu.ended_by) == (FollowupStatus.CANCELLED, "<mine@example.org>")
        now = T0 + timedelta(hours=4)
        actions.act(fu.id, "restore", now)
        actions.act(fu.id, "set", now, {"due_at": (T0 + timedelta(days=4)).isoformat()})
        agent.run_pass(now=now + timedelta(minutes=5), draft=False)
        got = actions.row(fu.id)
        assert got is not None and (got.status, got.due_at) == (FollowupStatus.SCHEDULED,
                                                                 (T0 + timedelta(days=4)).isoformat())
    finally:
        store.close()


def test_a_check_in_skipped_after_its_draft_was_saved_is_left_to_the_user_and_the_next_follows_its_draft(
        tmp_path: Path, model: Classifier) -> None:
    """The user deleted Onward's check-in in their mail client and says so (``followups skip``): it is cancelled,
    nothing is saved again, the digest names it neither waiting nor "not to send", and the next check-in comes
    ``check_in_days`` after the skipped one's draft was saved - as after one the user did not skip."""
    box, agent, store = memory_world(tmp_path, model, followup={"max_check_ins": 2})
    actions = Actions(store, agent.settings.followup)
    try:
        deliver(box, samples.ack("Acme", "Data Engineer", T0, "<ack@acme.test>"))
        agent.run_pass(now=T0 + timedelta(hours=1))
        saved = T0 + timedelta(days=16)
        agent.run_pass(now=saved)
        [first] = followups(store)
        assert first.draft_message_id and first.status == FollowupStatus.NEEDS_RECIPIENT
        actions.act(first.id, "skip", saved + timedelta(days=1))
        skipped = actions.row(first.id)
        assert (skipped.status, skipped.reason, skipped.user_action) == \
            (FollowupStatus.CANCELLED, REASON_SKIPPED_DRAFT, UserAction.SKIPPED)
        later = saved + timedelta(days=3)
        agent.run_pass(now=later)
        assert len(box.raw_messages("Drafts")) == 1 and [f.id for f in followups(store)] == [first.id]
        digest, _mid, _raw = weekly.compose(agent.settings, store, iso_week(later, UTC), later)
        assert "Drafts not to send" not in digest.body and "None: you are up to date." in digest.body, digest.body
        agent.run_pass(now=saved + timedelta(days=15))
        [_, second] = followups(store)
        assert second.rejected_at == first.drafted_at  # its silence began when the first was offered
        assert second.draft_message_id and len(box.raw_messages("Drafts")) == 2
    finally:
        store.close()
