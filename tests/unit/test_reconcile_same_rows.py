"""Passes over the mail as it arrived leave the rows one pass over the same mail leaves.

A check-in whose silence, with every fact known, never was is withdrawn - not left ``cancelled`` - when
Onward never offered it (no draft saved) and the user never touched it; and the copy in Sent of a check-in
the user sent is that check-in sent even when the company's rejection arrives in the same pass.

The interview's time is one fact the record overwrites: an update of the invitation (the same calendar
UID) moves it. A pass that saw the first time plans a check-in for the silence after that interview; a
pass over all the mail sees only the moved time, and that silence never existed. Keeping the first pass's
row as ``cancelled`` would make passes over the mail as it arrived differ from one pass over the same mail
(see docs/behaviour.md, *Follow-ups are a reconciliation*).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from agent.demo import samples
from agent.mail.parse import parse_message
from agent.followups.drafting import Drafter
from agent.followups.reconcile import Reconciler
from agent.followups.user_actions import ActionRefused, apply
from agent.record.followup_rows import FollowupKind, FollowupStatus
from agent.record.store import followups as fu_store
from tests import followup_samples as fs
from tests.unit.memory_world import USER, deliver, memory_world

T0 = datetime(2026, 9, 8, 12, 0, tzinfo=UTC)  # a Tuesday
FOLLOWUP = {"max_days": 60, "min_days": 3, "check_in_days": 5, "max_check_ins": 2}
JANE = "jane.miller@acmerobotics.test"


def _invitation(at: datetime, mid: str, start: datetime) -> bytes:
    return fs.invitation("Acme Robotics", "Backend Engineer", "Jane Miller", JANE, at, mid, start=start,
                         uid="ev0")


FIRST = _invitation(T0, "<m1@c0.test>", T0 + timedelta(days=2))  # the interview: Thu 10 Sep, 12:00-13:00
MOVED = _invitation(T0 + timedelta(days=15, hours=1), "<m5@c0.test>", T0 + timedelta(days=17, hours=1))


def _project(store) -> list[tuple]:
    with store.transaction() as conn:
        apps = {a.id: a.status_message_id for a in store.list_outcomes(conn)}
        return sorted((apps[f.application_id], f.kind, f.slot, f.status, f.to_addr, f.due_at)
                      for f in store.list_followups(conn))


def _one_pass(tmp_path, model, mail: list[tuple[bytes, str]], now: datetime) -> list[tuple]:
    """The rows of ONE pass at ``now`` over ``mail`` (raw, folder) in a fresh database."""
    box, agent, store = memory_world(tmp_path / "one-pass", model, followup=FOLLOWUP)
    try:
        for raw, folder in mail:
            deliver(box, raw, folder)
        agent.run_pass(now, draft=False)
        return _project(store)
    finally:
        store.close()


def _as_one_pass(tmp_path, model, agent, store, mail: list[tuple[bytes, str]], now: datetime) -> None:  # noqa: ANN001
    """The rows equal those of one pass over ``mail`` at ``now``, and a pass with nothing new changes none."""
    one = _one_pass(tmp_path, model, mail, now)
    assert _project(store) == one
    agent.run_pass(now, draft=False)  # nothing new: nothing changes
    assert _project(store) == one


def _of_kind(store, kind):
    with store.transaction() as conn:
        return [f for f in store.list_followups(conn) if f.kind == kind]


def _check_ins(store):
    return _of_kind(store, FollowupKind.CHECK_IN)


def test_a_check_in_of_a_silence_a_moved_interview_undid_is_withdrawn_as_one_pass_never_plans_it(tmp_path, model,
                                                                                                 store_url):
    box, agent, store = memory_world(tmp_path / "a", model, followup=FOLLOWUP, database=store_url)
    try:
        deliver(box, FIRST)
        agent.run_pass(T0 + timedelta(days=9, hours=11), draft=False)  # Thu 17 Sep: the silence since the 10th
        [planned] = _check_ins(store)
        assert (planned.slot, planned.status) == ("check_in:2026-09-10T13:00:00+00:00", FollowupStatus.SCHEDULED)
        deliver(box, MOVED)  # the same calendar event, moved to Fri 25 Sep
        last = T0 + timedelta(days=15, hours=1)
        agent.run_pass(last, draft=False)
        assert _check_ins(store) == []  # not "cancelled": with the moved time known, that silence never was
        _as_one_pass(tmp_path, model, agent, store, [(FIRST, "INBOX"), (MOVED, "INBOX")], last)
    finally:
        store.close()


def test_a_check_in_offered_as_a_draft_is_never_withdrawn(tmp_path, model):
    box, agent, store = memory_world(tmp_path, model, followup=FOLLOWUP)
    try:
        deliver(box, FIRST)
        agent.run_pass(T0 + timedelta(days=9, hours=11))  # drafted: the user has seen it in Drafts
        [drafted] = _check_ins(store)
        assert drafted.status == FollowupStatus.DRAFTED and drafted.draft_message_id
        deliver(box, MOVED)
        agent.run_pass(T0 + timedelta(days=15, hours=1))
        [kept] = _check_ins(store)
        assert (kept.id, kept.draft_message_id) == (drafted.id, drafted.draft_message_id)
        assert kept.status == FollowupStatus.DRAFTED  # nor cancelled: its draft waits in Drafts as it was
    finally:
        store.close()


def test_a_sent_check_in_stays_sent_when_the_rejection_arrives_in_the_pass_that_first_sees_its_copy(
        tmp_path, model):
    box, agent, store = memory_world(tmp_path, model, followup=FOLLOWUP)
    try:
        deliver(box, FIRST)
        agent.run_pass(T0 + timedelta(days=9, hours=11))
        [drafted] = _check_ins(store)
        assert drafted.status == FollowupStatus.DRAFTED
        sent_at = T0 + timedelta(days=9, hours=12)
        # its text as saved: the interview thank-you waits in the same thread to Jane too
        [text] = [m.text for m in map(parse_message, box.raw_messages("Drafts"))
                  if m.message_id == drafted.draft_message_id]
        deliver(box, samples.build_email(from_=USER, to=f"Jane Miller <{JANE}>", subject=f"Re: {drafted.subject}",
                                         date=sent_at, message_id="<new-id@mail-client.test>",
                                         in_reply_to=drafted.in_reply_to, references=drafted.references,
                                         body=text), "Sent")
        deliver(box, samples.rejection("Acme Robotics", "Backend Engineer", f"Jane Miller <{JANE}>",
                                       sent_at + timedelta(hours=2), "<r1@c0.test>", in_reply_to="<m1@c0.test>",
                                       references=["<m1@c0.test>"]))
        agent.run_pass(sent_at + timedelta(hours=3))
        [sent] = _check_ins(store)
        assert (sent.status, sent.sent_message_id) == (FollowupStatus.SENT, "<new-id@mail-client.test>"), sent
    finally:
        store.close()


def test_a_check_in_withdrawn_while_its_draft_is_composed_is_not_saved(tmp_path, model, monkeypatch, store_url):
    """Another process's planning (``onward merge`` beside the daemon) withdraws the check-in between the
    composition of its draft and the claim: nothing goes to Drafts."""
    box, agent, store = memory_world(tmp_path, model, followup=FOLLOWUP, database=store_url)
    real = Drafter.compose

    def compose_then_withdraw(self, fu, now):
        composed = real(self, fu, now)
        with store.transaction() as conn:
            fu_store.withdraw(conn, fu.id)
        return composed

    try:
        deliver(box, FIRST)
        agent.run_pass(T0 + timedelta(days=9, hours=11), draft=False)
        [planned] = _check_ins(store)
        monkeypatch.setattr(Drafter, "compose", compose_then_withdraw)
        agent.run_pass(T0 + timedelta(days=9, hours=12))
        assert box.raw_messages("Drafts") == []
        with store.transaction() as conn:
            assert fu_store.followup(conn, planned.id) is None
    finally:
        store.close()


def test_a_check_in_whose_silence_late_news_broke_before_it_was_due_is_withdrawn(tmp_path, model):
    """News dated before the check-in's due time, fetched only after a pass planned it (a delayed mail):
    the silence was broken first; one pass over the same mail never creates that check-in."""
    box, agent, store = memory_world(tmp_path / "a", model, followup=FOLLOWUP)
    reply = samples.build_email(from_=f"Jane Miller <{JANE}>", to=USER, subject="Re: your application",
                                date=T0 + timedelta(days=7), message_id="<reply@c0.test>",
                                in_reply_to="<m1@c0.test>", references=["<m1@c0.test>"],
                                body="Hi Alex, thanks for your time - I will get back to you next week.")
    try:
        deliver(box, FIRST)
        agent.run_pass(T0 + timedelta(days=9, hours=11), draft=False)
        assert len(_check_ins(store)) == 1
        deliver(box, reply)  # dated Tue 15 Sep, before the check-in's due time (Wed 16 Sep)
        last = T0 + timedelta(days=10)
        agent.run_pass(last, draft=False)
        assert _check_ins(store) == []
        assert _project(store) == _one_pass(tmp_path, model, [(FIRST, "INBOX"), (reply, "INBOX")], last)
    finally:
        store.close()


def test_an_interview_moved_past_the_users_mail_brings_its_thank_you_back_and_withdraws_the_check_in(
        tmp_path, model):
    """The interview of 10 September passes without drafts (a pass without drafting), the user writes in
    the thread on 20 September (found in Sent: the thank-you and the check-in are moot), then the company
    moves the same calendar event to 25 September. With every fact known: one interview on the 25th, its
    thank-you still to come - the user's mail was before it - and no silence after the 10th."""
    box, agent, store = memory_world(tmp_path / "a", model, followup=FOLLOWUP)
    mine = samples.build_email(from_=USER, to=f"Jane Miller <{JANE}>", subject="Re: your application",
                               date=T0 + timedelta(days=12), message_id="<s1@example.org>",
                               in_reply_to="<m1@c0.test>", references=["<m1@c0.test>"], body="Thank you!")
    moved = _invitation(T0 + timedelta(days=15), "<m5@c0.test>", T0 + timedelta(days=17))
    try:
        deliver(box, FIRST)
        agent.run_pass(T0 + timedelta(days=9, hours=11), draft=False)
        deliver(box, mine, "Sent")
        agent.run_pass(T0 + timedelta(days=13), draft=False)
        with store.transaction() as conn:
            ended = {f.kind: (f.status, f.ended_by) for f in store.list_followups(conn)}
        assert ended == {FollowupKind.INTERVIEW_THANKS: (FollowupStatus.CANCELLED, "<s1@example.org>"),
                         FollowupKind.CHECK_IN: (FollowupStatus.CANCELLED, "<s1@example.org>")}
        deliver(box, moved)
        last = T0 + timedelta(days=15, hours=1)
        agent.run_pass(last, draft=False)
        with store.transaction() as conn:
            [thanks] = store.list_followups(conn)
        assert (thanks.kind, thanks.status, thanks.ended_by, thanks.ended_at) == (
            FollowupKind.INTERVIEW_THANKS, FollowupStatus.SCHEDULED, None, None)
        assert thanks.rejected_at == "2026-09-25T13:00:00+00:00"  # it thanks for the moved interview
        _as_one_pass(tmp_path, model, agent, store, [(FIRST, "INBOX"), (mine, "Sent"), (moved, "INBOX")], last)
    finally:
        store.close()


def test_a_check_in_cannot_be_restored_once_a_later_one_was_drafted(tmp_path, model):
    """Check-in 1 ended by the user's reply, check-in 2 planned after it and drafted: restoring check-in 1
    would be a third "any news?" with ``max_check_ins = 2`` (and move the silence check-in 2 answered)."""
    box, agent, store = memory_world(tmp_path, model, followup=FOLLOWUP)
    ack = "<ack@c0.test>"
    try:
        deliver(box, fs.role_ack("Acme Robotics", "Backend Engineer", T0, ack))
        agent.run_pass(T0 + timedelta(days=8), draft=False)
        deliver(box, samples.build_email(from_=USER, to=f"Jane Miller <{JANE}>", subject="Re: Backend Engineer",
                                         date=T0 + timedelta(days=8, hours=1), message_id="<s1@example.org>",
                                         in_reply_to=ack, references=[ack], body="Any news?"), "Sent")
        agent.run_pass(T0 + timedelta(days=20))
        first, second = _check_ins(store)
        assert (first.status, second.status) == (FollowupStatus.CANCELLED, FollowupStatus.NEEDS_RECIPIENT)
        assert second.draft_message_id
        with pytest.raises(ActionRefused) as refused, store.transaction() as conn:
            apply(store, conn, agent.settings.followup, first.id, "restore", T0 + timedelta(days=20))
        assert str(refused.value) == (f"follow-up {first.id} cannot be restored: the application's later check-in "
                           f"(follow-up {second.id}) is already in Drafts or sent, and answered the silence "
                           "after this one")
        assert [f.status for f in _check_ins(store)] == [FollowupStatus.CANCELLED, FollowupStatus.NEEDS_RECIPIENT]
    finally:
        store.close()


def test_an_invitation_updated_after_the_rejection_brings_no_thank_you(tmp_path, model):
    """Invitation, rejection, then an update of the same calendar event: the rejection still ends the
    interview thank-you (no "thank you for the interview" to a company that said no), and the cancelled
    row thanks for the moved time, as one pass over the same mail creates it."""
    box, agent, store = memory_world(tmp_path / "a", model, followup=FOLLOWUP)
    rejection = samples.rejection("Acme Robotics", "Backend Engineer", f"Jane Miller <{JANE}>",
                                  T0 + timedelta(days=1), "<r1@c0.test>", in_reply_to="<m1@c0.test>",
                                  references=["<m1@c0.test>"])
    update = _invitation(T0 + timedelta(days=4), "<m3@c0.test>", T0 + timedelta(days=6))
    try:
        deliver(box, FIRST)
        agent.run_pass(T0 + timedelta(hours=1), draft=False)
        deliver(box, rejection)
        agent.run_pass(T0 + timedelta(days=1, hours=1), draft=False)
        deliver(box, update)
        last = T0 + timedelta(days=4, hours=1)
        agent.run_pass(last, draft=False)
        with store.transaction() as conn:
            [thanks] = [f for f in store.list_followups(conn) if f.kind == FollowupKind.INTERVIEW_THANKS]
        assert (thanks.status, thanks.ended_by) == (FollowupStatus.CANCELLED, "<r1@c0.test>")
        assert _project(store) == _one_pass(tmp_path, model, [(FIRST, "INBOX"), (rejection, "INBOX"), (update, "INBOX")],
                                            last)
    finally:
        store.close()


def test_a_later_check_in_skipped_after_an_earlier_one_was_sent_can_be_restored(tmp_path, model):
    """Only a *later* check-in already offered blocks a restore: check-in 1 drafted and sent, check-in 2
    skipped by the user, then restored - it comes back (the earlier one answered an earlier silence)."""
    box, agent, store = memory_world(tmp_path, model, followup=FOLLOWUP)
    ack = "<ack@c1.test>"
    try:
        deliver(box, samples.build_email(
            from_=f"Jane Miller <{JANE}>", to=USER, subject="Your application: Backend Engineer", date=T0,
            message_id=ack, body=("Hi Alex,\n\nthank you for applying for the Backend Engineer role at Acme "
                                  "Robotics. We have received your application and will review it.\n\nBest,\n"
                                  "Jane Miller\nAcme Robotics\n")))
        agent.run_pass(T0 + timedelta(days=8))  # check-in 1 is due: its draft is saved
        [draft] = box.raw_messages("Drafts")
        box.deliver("Sent", draft, T0 + timedelta(days=8, hours=1))  # the user sent it as it was
        agent.run_pass(T0 + timedelta(days=9), draft=False)
        agent.run_pass(T0 + timedelta(days=15), draft=False)  # silent again: check-in 2, not drafted here
        first, second = _check_ins(store)
        assert (first.status, second.status) == (FollowupStatus.SENT, FollowupStatus.SCHEDULED)
        for action, status in (("skip", FollowupStatus.CANCELLED), ("restore", FollowupStatus.SCHEDULED)):
            with store.transaction() as conn:
                apply(store, conn, agent.settings.followup, second.id, action, T0 + timedelta(days=15, hours=1))
            assert [f.status for f in _check_ins(store)] == [FollowupStatus.SENT, status]
    finally:
        store.close()


def test_an_interview_thank_you_can_be_restored_after_a_later_check_in_was_drafted(tmp_path, model):
    """The later-check-in rule is about check-ins only: a skipped interview thank-you comes back even when
    the check-in after the interview is already in Drafts."""
    box, agent, store = memory_world(tmp_path, model, followup=FOLLOWUP)
    try:
        deliver(box, FIRST)
        agent.run_pass(T0 + timedelta(hours=1), draft=False)
        [thanks] = _of_kind(store, FollowupKind.INTERVIEW_THANKS)
        with store.transaction() as conn:
            apply(store, conn, agent.settings.followup, thanks.id, "skip", T0 + timedelta(hours=2))
        agent.run_pass(T0 + timedelta(days=10))  # silent after the interview: the check-in's draft is saved
        [check_in] = _check_ins(store)
        assert check_in.draft_message_id and check_in.id > thanks.id
        with store.transaction() as conn:
            apply(store, conn, agent.settings.followup, thanks.id, "restore", T0 + timedelta(days=10, hours=1))
        [back] = _of_kind(store, FollowupKind.INTERVIEW_THANKS)
        assert back.user_action == "restored"
    finally:
        store.close()


def test_an_interview_moved_to_end_at_the_very_time_of_the_users_mail_is_as_one_pass_has_it(tmp_path, model):
    """The same story, the interview moved to end exactly when the user wrote: a mail counts against a
    follow-up only when written after the moment it answers, so with every fact known the mail is not
    after the interview, and the rows are those of one pass over the same mail."""
    box, agent, store = memory_world(tmp_path / "a", model, followup=FOLLOWUP)
    wrote = T0 + timedelta(days=12)
    mine = samples.build_email(from_=USER, to=f"Jane Miller <{JANE}>", subject="Re: your application",
                               date=wrote, message_id="<s1@example.org>",
                               in_reply_to="<m1@c0.test>", references=["<m1@c0.test>"], body="Thank you!")
    moved = _invitation(T0 + timedelta(days=11), "<m5@c0.test>", wrote - timedelta(hours=1))  # ends as she writes
    try:
        deliver(box, FIRST)
        agent.run_pass(T0 + timedelta(days=9, hours=11), draft=False)
        deliver(box, mine, "Sent")
        agent.run_pass(T0 + timedelta(days=12, hours=1), draft=False)
        deliver(box, moved)
        last = T0 + timedelta(days=12, hours=2)
        agent.run_pass(last, draft=False)
        _as_one_pass(tmp_path, model, agent, store, [(FIRST, "INBOX"), (mine, "Sent"), (moved, "INBOX")], last)
    finally:
        store.close()


REJECTED = fs.role_rejection("Acme Robotics", "Backend Engineer", f"Jane Miller <{JANE}>", T0 + timedelta(days=1),
                             "<r1@c0.test>")  # before the interview


@pytest.fixture
def planned(tmp_path, model):  # noqa: ANN001
    """The invitation recorded by a pass an hour later (no drafting): (box, agent, store, its interview
    thank-you, scheduled); the store closed after the test."""
    box, agent, store = memory_world(tmp_path, model, followup=FOLLOWUP)
    deliver(box, FIRST)
    agent.run_pass(T0 + timedelta(hours=1), draft=False)
    [thanks] = _of_kind(store, FollowupKind.INTERVIEW_THANKS)
    yield box, agent, store, thanks
    store.close()


def test_a_backfill_reports_the_follow_ups_its_reconcile_cancelled(planned, tmp_path, model):
    """A pass planned the interview's thank-you; a backfill then records the rejection that came before the
    interview: the thank-you is cancelled (the rejection's takes over), and the backfill's report says so."""
    box, agent, store, thanks = planned
    assert thanks.status == FollowupStatus.SCHEDULED
    deliver(box, REJECTED)
    report = agent.backfill(["INBOX"], now=T0 + timedelta(days=1, hours=1))
    assert [f.status for f in _of_kind(store, FollowupKind.INTERVIEW_THANKS)] == [FollowupStatus.CANCELLED]
    assert report.cancelled == 1 and report.summary().endswith("cancelled 1")


def test_a_reconcile_counts_what_it_changed_and_nothing_when_the_rows_are_as_planned(planned, tmp_path, model):
    box, agent, store, thanks = planned
    now = T0 + timedelta(hours=1)  # the pass's own moment
    reconciler = Reconciler(store, agent.settings.followup)
    with store.transaction() as conn:
        counts = reconciler.run(conn, now)  # as planned: nothing to do, nothing counted
    assert (counts.created, counts.cancelled, counts.updated, counts.ghosted) == (0, 0, 0, 0)
    with store.transaction() as conn:  # a row unlike the plan (as an older Onward may have left it)
        store.update_followup(conn, thanks.id, due_at="2026-09-30T09:00:00+00:00")
        counts = reconciler.run(conn, now)
    assert (counts.created, counts.cancelled, counts.updated, counts.ghosted) == (0, 0, 1, 0)
    assert _of_kind(store, FollowupKind.INTERVIEW_THANKS)[0].due_at == thanks.due_at


def test_a_follow_up_the_user_set_keeps_their_recipient_and_time_when_a_fact_cancels_it(planned, tmp_path, model):
    """The listing of a cancelled follow-up still shows what the user chose, not what the plan would have."""
    box, agent, store, thanks = planned
    due = "2026-09-11T08:30:00+00:00"
    with store.transaction() as conn:  # onward followups set ID --to ... --due ...
        apply(store, conn, agent.settings.followup, thanks.id, "set", T0 + timedelta(hours=2),
              {"to_addr": "hiring@acmerobotics.test", "to_name": None, "due_at": due})
    deliver(box, REJECTED)
    agent.run_pass(T0 + timedelta(days=1, hours=1), draft=False)
    [thanks] = _of_kind(store, FollowupKind.INTERVIEW_THANKS)
    assert (thanks.status, thanks.to_addr, thanks.due_at) == (
        FollowupStatus.CANCELLED, "hiring@acmerobotics.test", due)


def test_a_thank_you_cancelled_in_the_pass_that_moves_its_interview_is_as_one_pass_has_it(planned, tmp_path, model):
    """The interview moved and the rejection came in the same pass: the cancelled thank-you answers the
    moved interview, as one pass over the same mail records it."""
    box, agent, store, thanks = planned
    rejection = fs.role_rejection("Acme Robotics", "Backend Engineer", f"Jane Miller <{JANE}>",
                                  T0 + timedelta(days=16), "<r1@c0.test>")
    deliver(box, MOVED)
    deliver(box, rejection)
    last = T0 + timedelta(days=16, hours=1)
    agent.run_pass(last, draft=False)
    assert [f.status for f in _of_kind(store, FollowupKind.INTERVIEW_THANKS)] == [FollowupStatus.CANCELLED]
    _as_one_pass(tmp_path, model, agent, store, [(FIRST, "INBOX"), (MOVED, "INBOX"), (rejection, "INBOX")], last)


def test_a_restored_thank_you_outlives_the_fact_it_was_restored_over(planned, tmp_path, model):
    box, agent, store, thanks = planned
    deliver(box, REJECTED)
    agent.run_pass(T0 + timedelta(days=1, hours=1), draft=False)
    [thanks] = _of_kind(store, FollowupKind.INTERVIEW_THANKS)
    assert (thanks.status, thanks.ended_by) == (FollowupStatus.CANCELLED, "<r1@c0.test>")
    with store.transaction() as conn:  # onward followups restore ID: thank her for the interview anyway
        apply(store, conn, agent.settings.followup, thanks.id, "restore", T0 + timedelta(days=1, hours=2))
    agent.run_pass(T0 + timedelta(days=1, hours=3), draft=False)
    [thanks] = _of_kind(store, FollowupKind.INTERVIEW_THANKS)
    assert thanks.status == FollowupStatus.SCHEDULED  # the rejection it was restored over ends it no more


def test_a_restored_thank_you_whose_recipient_or_time_the_user_then_set_stays_restored(planned, tmp_path, model):
    """Restored over the rejection, then given a recipient and a time (`followups set`): the user's word
    twice, and the rejection it was restored over still ends it no more."""
    box, agent, store, thanks = planned
    deliver(box, REJECTED)
    agent.run_pass(T0 + timedelta(days=1, hours=1), draft=False)
    due = "2026-09-11T08:30:00+00:00"
    with store.transaction() as conn:
        apply(store, conn, agent.settings.followup, thanks.id, "restore", T0 + timedelta(days=1, hours=2))
        apply(store, conn, agent.settings.followup, thanks.id, "set", T0 + timedelta(days=1, hours=2),
              {"to_addr": "hiring@acmerobotics.test", "to_name": None, "due_at": due})
    agent.run_pass(T0 + timedelta(days=1, hours=3), draft=False)
    [thanks] = _of_kind(store, FollowupKind.INTERVIEW_THANKS)
    assert (thanks.status, thanks.to_addr, thanks.due_at) == (FollowupStatus.SCHEDULED, "hiring@acmerobotics.test", due)


@pytest.mark.parametrize("rounds", [2, 3])
def test_a_thank_you_restored_again_after_a_skip_outlives_the_fact_as_the_first_restore_did(planned, rounds):
    """Cancelled by the rejection, then restore, skip, restore (and again): each restore sticks as the first
    did - the rejection it was restored over ends it no more, however many rounds came before."""
    box, agent, store, thanks = planned
    deliver(box, REJECTED)
    agent.run_pass(T0 + timedelta(days=1, hours=1), draft=False)
    when = T0 + timedelta(days=1, hours=2)
    for n in range(rounds):
        with store.transaction() as conn:
            if n:
                apply(store, conn, agent.settings.followup, thanks.id, "skip", when)
            apply(store, conn, agent.settings.followup, thanks.id, "restore", when)
        agent.run_pass(when + timedelta(minutes=30), draft=False)
        [got] = _of_kind(store, FollowupKind.INTERVIEW_THANKS)
        assert (got.status, got.reason, got.ended_by) == (FollowupStatus.SCHEDULED, "restored by you", "<r1@c0.test>")
        when += timedelta(hours=1)


def test_a_follow_up_skipped_before_the_fact_came_and_restored_after_it_stays(planned):
    """Skipped while open; the rejection arrives; the user restores it: it is restored over the rejection
    (the fact the plan names then), not cancelled by it at the next reconcile."""
    box, agent, store, thanks = planned
    with store.transaction() as conn:
        apply(store, conn, agent.settings.followup, thanks.id, "skip", T0 + timedelta(hours=2))
    deliver(box, REJECTED)
    agent.run_pass(T0 + timedelta(days=1, hours=1), draft=False)
    with store.transaction() as conn:
        apply(store, conn, agent.settings.followup, thanks.id, "restore", T0 + timedelta(days=1, hours=2))
    agent.run_pass(T0 + timedelta(days=1, hours=3), draft=False)
    [got] = _of_kind(store, FollowupKind.INTERVIEW_THANKS)
    assert (got.status, got.ended_by) == (FollowupStatus.SCHEDULED, "<r1@c0.test>")


def test_a_restored_thank_you_is_ended_by_a_new_fact(planned, tmp_path, model):
    """Restored over the rejection of day 1; then an earlier rejection (sent on day 0, after the invitation)
    arrives late: that is a new fact, and it ends the thank-you again."""
    box, agent, store, thanks = planned
    deliver(box, REJECTED)
    agent.run_pass(T0 + timedelta(days=1, hours=1), draft=False)
    with store.transaction() as conn:
        apply(store, conn, agent.settings.followup, thanks.id, "restore", T0 + timedelta(days=1, hours=2))
    deliver(box, fs.role_rejection("Acme Robotics", "Backend Engineer", f"Jane Miller <{JANE}>",
                                   T0 + timedelta(hours=6), "<r0@c0.test>"))
    agent.run_pass(T0 + timedelta(days=1, hours=3), draft=False)
    [thanks] = _of_kind(store, FollowupKind.INTERVIEW_THANKS)
    assert (thanks.status, thanks.ended_by) == (FollowupStatus.CANCELLED, "<r0@c0.test>")


def test_a_thank_you_ended_by_a_rejection_names_an_earlier_one_that_came_later(planned, tmp_path, model):
    """Cancelled by the rejection of day 1; then one sent on day 0 (after the invitation) arrives: the listing
    names the earlier, as one pass over the same mail does - not the fact that happened to come first."""
    box, agent, store, thanks = planned
    deliver(box, REJECTED)
    agent.run_pass(T0 + timedelta(days=1, hours=1), draft=False)
    [thanks] = _of_kind(store, FollowupKind.INTERVIEW_THANKS)
    assert thanks.ended_by == "<r1@c0.test>"
    earlier = fs.role_rejection("Acme Robotics", "Backend Engineer", f"Jane Miller <{JANE}>", T0 + timedelta(hours=6),
                                "<r0@c0.test>")
    deliver(box, earlier)
    last = T0 + timedelta(days=1, hours=3)
    agent.run_pass(last, draft=False)
    [thanks] = _of_kind(store, FollowupKind.INTERVIEW_THANKS)
    box2, agent2, store2 = memory_world(tmp_path / "one-pass", model, followup=FOLLOWUP)
    try:
        for raw in (FIRST, REJECTED, earlier):
            deliver(box2, raw)
        agent2.run_pass(last, draft=False)
        [one] = _of_kind(store2, FollowupKind.INTERVIEW_THANKS)
    finally:
        store2.close()
    assert (thanks.status, thanks.ended_by, thanks.reason) == (one.status, one.ended_by, one.reason) == (
        FollowupStatus.CANCELLED, "<r0@c0.test>", "the application was rejected: the rejection's thank-you takes over")
    agent.run_pass(last, draft=False)  # nothing new: nothing changes
    assert _of_kind(store, FollowupKind.INTERVIEW_THANKS) == [thanks]


def test_news_that_comes_late_withdraws_a_check_in_and_plans_the_next_in_the_same_pass(tmp_path, model):
    """A check-in planned (never offered) for the silence after the acknowledgement; then the company's
    reply of day 3 arrives late, after the next silence is over too: the pass withdraws the first and
    creates the next, as one pass over the same mail would - not one of them per pass."""
    box, agent, store = memory_world(tmp_path, model, followup=FOLLOWUP)
    try:
        ack = fs.role_ack("Acme Robotics", "Backend Engineer", T0, "<a1@c0.test>")
        deliver(box, ack)
        agent.run_pass(T0 + timedelta(days=6), draft=False)
        [first] = _check_ins(store)
        assert first.rejected_at == T0.isoformat() and not first.draft_message_id
        reply = samples.build_email(from_=f"Jane Miller <{JANE}>", to=USER, subject="Re: your application",
                                    date=T0 + timedelta(days=3), message_id="<m2@c0.test>", in_reply_to="<a1@c0.test>",
                                    references=["<a1@c0.test>"],
                                    body="Hi Alex, thanks for your patience - we are still reviewing applications.")
        deliver(box, reply)
        last = T0 + timedelta(days=12)
        agent.run_pass(last, draft=False)
        [second] = _check_ins(store)
        assert second.rejected_at == (T0 + timedelta(days=3)).isoformat()
        _as_one_pass(tmp_path, model, agent, store, [(ack, "INBOX"), (reply, "INBOX")], last)
    finally:
        store.close()


def test_a_restored_check_in_is_cancelled_when_the_company_then_says_no(tmp_path, model):
    """The user brought back a check-in the company's reply had ended (``followups restore``, then perhaps
    ``followups set``); the rejection that comes next ends it: no "any news?" to a company that said no."""
    box, agent, store = memory_world(tmp_path, model, followup=FOLLOWUP)
    try:
        deliver(box, fs.role_ack("Acme Robotics", "Backend Engineer", T0, "<a1@c0.test>"))
        agent.run_pass(T0 + timedelta(hours=1), draft=False)
        deliver(box, samples.build_email(
            from_=f"Jane Miller <{JANE}>", to=USER, subject="Re: your application", date=T0 + timedelta(days=6),
            message_id="<m2@c0.test>", in_reply_to="<a1@c0.test>", references=["<a1@c0.test>"],
            body="Hi Alex, thanks for your patience - we are still reviewing applications."))
        agent.run_pass(T0 + timedelta(days=7), draft=False)  # the check-in due on day 5: ended by her reply
        [ci] = _check_ins(store)
        assert (ci.status, ci.ended_by) == (FollowupStatus.CANCELLED, "<m2@c0.test>")
        with store.transaction() as conn:
            apply(store, conn, agent.settings.followup, ci.id, "restore", T0 + timedelta(days=7, hours=1))
            apply(store, conn, agent.settings.followup, ci.id, "set", T0 + timedelta(days=7, hours=1),
                  {"due_at": (T0 + timedelta(days=9)).isoformat()})
        deliver(box, fs.role_rejection("Acme Robotics", "Backend Engineer", f"Jane Miller <{JANE}>",
                                       T0 + timedelta(days=8), "<r1@c0.test>"))
        agent.run_pass(T0 + timedelta(days=8, hours=1), draft=False)
        [ci] = [f for f in _check_ins(store) if f.id == ci.id]
        assert ci.status == FollowupStatus.CANCELLED, ci
    finally:
        store.close()


def test_no_check_in_asks_for_news_once_the_user_says_the_application_was_rejected(tmp_path, model):
    """The check-in of the silence after the acknowledgement was due on day 5, but no pass ran since; on day 8
    the user says the application was rejected (``onward edit --status rejected``): its check-in is kept
    cancelled, and no draft asks for news."""
    box, agent, store = memory_world(tmp_path, model, followup=FOLLOWUP)
    try:
        deliver(box, fs.role_ack("Acme Robotics", "Backend Engineer", T0, "<a1@c0.test>"))
        agent.run_pass(T0 + timedelta(hours=1), draft=False)
        said = T0 + timedelta(days=8)
        with store.transaction() as conn:  # what `onward edit APP --status rejected` does
            [app] = store.list_outcomes(conn)
            store.update_application(conn, app.id, status="rejected", updated_at=said.isoformat())
            Reconciler(store, agent.settings.followup).run(conn, said, [app.id])
        assert [f.status for f in _check_ins(store)] in ([], [FollowupStatus.CANCELLED])
        agent.run_pass(said + timedelta(hours=1))
        assert [f.status for f in _check_ins(store)] in ([], [FollowupStatus.CANCELLED])
        assert box.raw_messages("Drafts") == []
    finally:
        store.close()


def test_a_restored_check_in_is_cancelled_when_an_interview_is_ahead(tmp_path, model):
    """The user brought back the check-in after the interview that Jane's reply had ended; an hour later she
    invites Alex to a second interview: no "any news?" is drafted while that interview is ahead."""
    box, agent, store = memory_world(tmp_path, model, followup=FOLLOWUP)
    try:
        deliver(box, FIRST)
        agent.run_pass(T0 + timedelta(hours=1), draft=False)
        deliver(box, samples.build_email(
            from_=f"Jane Miller <{JANE}>", to=USER, subject="Re: Interview", date=T0 + timedelta(days=9),
            message_id="<m2@c0.test>", in_reply_to="<m1@c0.test>", references=["<m1@c0.test>"],
            body="Hi Alex, thanks for your patience - we are still reviewing applications."))
        agent.run_pass(T0 + timedelta(days=9, hours=1), draft=False)
        [ci] = _check_ins(store)
        assert (ci.status, ci.ended_by) == (FollowupStatus.CANCELLED, "<m2@c0.test>")
        with store.transaction() as conn:
            apply(store, conn, agent.settings.followup, ci.id, "restore", T0 + timedelta(days=9, hours=2))
        deliver(box, fs.invitation("Acme Robotics", "Backend Engineer", "Jane Miller", JANE,
                                   T0 + timedelta(days=9, hours=3), "<m3@c0.test>", start=T0 + timedelta(days=14),
                                   uid="ev1", in_reply_to="<m2@c0.test>"))
        agent.run_pass(T0 + timedelta(days=9, hours=4))
        [ci] = [f for f in _check_ins(store) if f.id == ci.id]
        assert (ci.status, ci.draft_message_id) == (FollowupStatus.CANCELLED, None), ci
    finally:
        store.close()
