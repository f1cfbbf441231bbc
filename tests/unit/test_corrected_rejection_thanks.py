"""A rejection's thank-you after the user corrected the rejection with ``onward label``: never restored
while no rejection is on record (it would thank a company that decided nothing "for letting me know your
decision"), and back when the user says the email was a rejection after all. Real passes over the in-memory
mailbox, a real SQLite file, the real model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from agent.cli.labels import relabel_recorded
from agent.demo.samples import build_email
from agent.followups.reconcile import Reconciler
from agent.followups.rules import FollowupKind
from agent.followups.user_actions import ActionRefused, apply
from agent.record.facts import email_from_facts
from agent.record.outcomes import Recorder
from agent.record.followup_rows import FollowupStatus
from tests.unit.memory_world import USER, deliver, followups, memory_world

NOW = datetime.now(UTC).replace(microsecond=0)  # the corrections happen now (real clock)
MID = "<rej-1@kranich.test>"


def rejection(when: datetime) -> bytes:
    return build_email(from_="Kai Richter <kai.richter@kranich.test>", to=USER,
                       subject="Your application: DevOps Engineer",
                       body="Dear Alex,\n\nThank you for your application for the DevOps Engineer role at Kranich. "
                            "After careful consideration we have decided not to move forward with your "
                            "application. We wish you all the best.\n\nKind regards,\nKai Richter",
                       date=when, message_id=MID)


@pytest.fixture
def world(tmp_path, model):
    box, agent, store = memory_world(tmp_path, model, timezone="Europe/Berlin", lookback_days=90)
    yield box, agent, store
    store.close()


def _thanks(store):
    [fu] = [f for f in followups(store) if f.kind == FollowupKind.REJECTION_THANKS]
    return fu


def test_the_thank_you_of_a_rejection_the_user_called_an_interview_cannot_be_restored(world):
    box, agent, store = world
    deliver(box, rejection(NOW - timedelta(days=2)))
    agent.run_pass(NOW - timedelta(days=1), draft=False)
    assert _thanks(store).status == FollowupStatus.SCHEDULED
    relabel_recorded(agent.settings, store, MID, "interview", client=lambda: box)
    fu = _thanks(store)
    assert fu.status == FollowupStatus.CANCELLED
    with store.transaction() as conn, pytest.raises(ActionRefused, match="no rejection"):
        apply(store, conn, agent.settings.followup, fu.id, "restore", NOW)
    assert _thanks(store).status == FollowupStatus.CANCELLED


@pytest.mark.parametrize("label", ["interview", "acknowledgement", "offer", "assessment", "other"])
def test_a_saved_thank_you_comes_back_when_the_email_is_a_rejection_again(world, label):
    box, agent, store = world
    deliver(box, rejection(NOW - timedelta(days=22)))
    agent.run_pass(NOW - timedelta(days=22) + timedelta(hours=1), draft=False)
    agent.run_pass(NOW)  # due 14-21 days after the rejection: its draft is saved now
    drafted = _thanks(store)
    assert drafted.status == FollowupStatus.DRAFTED and drafted.draft_message_id
    relabel_recorded(agent.settings, store, MID, label, client=lambda: box)
    assert _thanks(store).status == FollowupStatus.CANCELLED  # "do not send its draft"
    relabel_recorded(agent.settings, store, MID, "rejection", client=lambda: box)
    fu = _thanks(store)
    assert fu.status != FollowupStatus.CANCELLED, fu.reason  # the user's word undone: the thank-you is wanted
    agent.run_pass(NOW + timedelta(minutes=5))
    fu = _thanks(store)
    assert fu.status == FollowupStatus.DRAFTED and fu.draft_message_id == drafted.draft_message_id
    assert len(box.raw_messages("Drafts")) == 1  # the draft in Drafts is that follow-up's, never saved twice


def test_a_saved_check_in_comes_back_when_the_user_takes_back_the_offer_they_typed(world):
    """``onward edit --status offer`` by mistake marks the saved check-in "do not send"; ``--status applied``
    again wants it back, as one pass over the facts would have it - the draft in Drafts is that check-in's."""
    box, agent, store = world
    deliver(box, build_email(from_="Kai Richter <kai.richter@kranich.test>", to=USER,
                             subject="Your application: DevOps Engineer", date=NOW - timedelta(days=20),
                             message_id="<ack-1@kranich.test>",
                             body="Dear Alex,\n\nThank you for your application for the DevOps Engineer role at "
                                  "Kranich. We have received it and will be in touch.\n\nKai Richter"))
    agent.run_pass(NOW - timedelta(days=20) + timedelta(hours=1), draft=False)
    agent.run_pass(NOW)
    [drafted] = followups(store)
    assert drafted.kind == FollowupKind.CHECK_IN and drafted.status == FollowupStatus.DRAFTED
    for status, expected in (("offer", FollowupStatus.CANCELLED), ("applied", FollowupStatus.SCHEDULED)):
        with store.transaction() as conn:
            store.update_application(conn, drafted.application_id, status=status)
            Reconciler(store, agent.settings.followup).run(conn, NOW + timedelta(minutes=1), [drafted.application_id])
        [fu] = followups(store)
        assert fu.status == expected, fu.reason
    agent.run_pass(NOW + timedelta(minutes=5))
    [fu] = followups(store)
    assert fu.status == FollowupStatus.DRAFTED and fu.draft_message_id == drafted.draft_message_id
    assert len(box.raw_messages("Drafts")) == 1


def test_a_pass_that_schedules_a_cancelled_thank_you_again_counts_no_negative_cancellation(world):
    """The label reached the record without its reconcile (an older Onward wrote it): the pass schedules the
    thank-you again and cancels nothing - its line says ``cancelled 0``, never ``cancelled -1``."""
    box, agent, store = world
    deliver(box, rejection(NOW - timedelta(days=22)))
    agent.run_pass(NOW - timedelta(days=22) + timedelta(hours=1), draft=False)
    agent.run_pass(NOW)
    relabel_recorded(agent.settings, store, MID, "interview", client=lambda: box)
    assert _thanks(store).status == FollowupStatus.CANCELLED
    with store.transaction() as conn:
        email = email_from_facts(store.message_row(conn, MID).facts_json, "")
        Recorder.for_settings(store, agent.settings).relabel(conn, email, "rejection", NOW - timedelta(days=22), NOW,
                                                    source="cli")
    report = agent.run_pass(NOW + timedelta(minutes=5))
    assert _thanks(store).status == FollowupStatus.DRAFTED and report.cancelled == 0


def test_a_thank_you_restored_over_the_companys_next_email_keeps_its_saved_draft(world):
    """The company wrote again after the rejection, which ends its thank-you; the user restored it all the same.
    Once its draft was saved, the next pass marked it "do not send" over that same email (found by the stateful
    test: two passes at one moment disagreed)."""
    box, agent, store = world
    deliver(box, rejection(NOW - timedelta(days=25)))
    agent.run_pass(NOW - timedelta(days=25) + timedelta(hours=1), draft=False)
    deliver(box, build_email(from_="Kai Richter <kai.richter@kranich.test>", to=USER,
                             subject="Re: Your application: DevOps Engineer", date=NOW - timedelta(days=24),
                             message_id="<rej-2@kranich.test>", in_reply_to=MID, references=[MID],
                             body="Hi Alex,\n\nYou are welcome. Take care.\n\nKai"))
    agent.run_pass(NOW - timedelta(days=24) + timedelta(hours=1), draft=False)
    fu = _thanks(store)
    assert (fu.status, fu.ended_by) == (FollowupStatus.CANCELLED, "<rej-2@kranich.test>")
    with store.transaction() as conn:
        apply(store, conn, agent.settings.followup, fu.id, "restore", NOW - timedelta(days=24) + timedelta(hours=2))
    agent.run_pass(NOW)
    drafted = _thanks(store)
    assert drafted.status == FollowupStatus.DRAFTED and drafted.draft_message_id
    for minutes in (5, 10):
        agent.run_pass(NOW + timedelta(minutes=minutes))
        fu = _thanks(store)
        assert (fu.status, fu.draft_message_id) == (FollowupStatus.DRAFTED, drafted.draft_message_id), fu.reason
