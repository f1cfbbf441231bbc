"""Rules a mutation audit found unguarded, each pinned by its behaviour through real passes over the
in-memory mailbox (a real SQLite file, the real model), so the tests keep holding whatever the code
that implements the rule looks like.  See docs/reliability.md ("Mutation audit")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from agent import crashpoints
from agent.cli.labels import relabel_recorded
from agent.demo.samples import build_email
from agent.followups.draft import check_draft
from agent.followups.rules import REASON_SKIPPED, FollowupKind, FollowupStatus, UserAction, is_open
from agent.record.rules import AppStatus
from agent.record.store import iso
from tests import followup_samples as fs
from tests.unit.memory_world import USER, deliver, memory_world

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)  # a Tuesday


def _world(tmp_path, model, **followup):
    return memory_world(tmp_path, model, lookback_days=90, followup=followup)


@pytest.fixture
def world(tmp_path, model):
    box, agent, store = _world(tmp_path, model)
    yield box, agent, store
    store.close()


def _fus(store, kind=None):
    with store.transaction() as conn:
        return [f for f in store.list_followups(conn) if kind is None or f.kind == kind]


def _apps(store):
    with store.transaction() as conn:
        return store.list_outcomes(conn)


def _ack(when=T0, mid="<a1@initech.example>"):
    return fs.role_ack("Initech", "QA Lead", when, mid)  # from a no-reply ATS: nobody to write to


# -- followup.ghosted_days = 0 means never --------------------------------------------------------------

def _acknowledged_then_passes(tmp_path, model, days: tuple[int, ...], **followup):
    """An acknowledged application and passes (no drafting) ``days`` after; the store of the world."""
    box, agent, store = _world(tmp_path, model, **followup)
    deliver(box, _ack())
    for d in days:
        agent.run_pass(T0 + timedelta(days=d), draft=False)
    return store


def test_ghosted_days_zero_never_turns_an_application_silent(tmp_path, model):
    store = _acknowledged_then_passes(tmp_path, model, (1, 30, 400), ghosted_days=0)
    try:
        assert [a.status for a in _apps(store)] == [AppStatus.APPLIED]
    finally:
        store.close()


@pytest.mark.parametrize("days", [10, 1])  # 1: the smallest that is not "never"
def test_ghosted_days_is_counted_exactly(tmp_path, model, days):
    box, agent, store = _world(tmp_path, model, ghosted_days=days, check_in=False)
    try:
        deliver(box, _ack())
        agent.run_pass(T0 + timedelta(days=days) - timedelta(seconds=1), draft=False)
        assert _apps(store)[0].status == AppStatus.APPLIED
        agent.run_pass(T0 + timedelta(days=days), draft=False)
        assert _apps(store)[0].status == AppStatus.NO_RESPONSE
    finally:
        store.close()


# -- check-ins: slots, and what counts against followup.max_check_ins ----------------------------------

def test_a_check_in_cancelled_by_news_does_not_block_the_next_one(world):
    box, agent, store = world  # max_check_ins = 1
    deliver(box, _ack())
    agent.run_pass(T0 + timedelta(days=5), draft=False)
    assert _fus(store, FollowupKind.CHECK_IN) == []  # planned once the application has gone quiet
    # the company writes again before the check-in is due: that check-in is moot, and does not count
    deliver(box, _ack(T0 + timedelta(days=10), "<a2@initech.example>"))
    agent.run_pass(T0 + timedelta(days=10, hours=1), draft=False)
    agent.run_pass(T0 + timedelta(days=40), draft=False)  # quiet again since the second email
    [only] = _fus(store, FollowupKind.CHECK_IN)
    assert only.status == FollowupStatus.NEEDS_RECIPIENT and only.in_reply_to == "<a2@initech.example>"
    assert datetime.fromisoformat(only.due_at) >= T0 + timedelta(days=24)


def test_a_skipped_check_in_counts_against_max_check_ins(world):
    box, agent, store = world  # max_check_ins = 1
    deliver(box, _ack())
    agent.run_pass(T0 + timedelta(days=15), draft=False)
    [fu] = _fus(store, FollowupKind.CHECK_IN)
    with store.transaction() as conn:  # what `onward followups skip ID` writes
        store.update_followup(conn, fu.id, status=FollowupStatus.CANCELLED, reason=REASON_SKIPPED,
                              user_action=UserAction.SKIPPED.value)
    for days in (20, 40):
        agent.run_pass(T0 + timedelta(days=days), draft=False)
    assert [f.id for f in _fus(store, FollowupKind.CHECK_IN)] == [fu.id]


def test_a_draft_saved_without_recipient_is_no_longer_open(tmp_path, model):
    box, agent, store = _world(tmp_path, model, max_check_ins=2)
    try:
        deliver(box, _ack())
        agent.run_pass(T0 + timedelta(days=16))  # due: planned and saved in Drafts without a recipient
        [fu] = _fus(store, FollowupKind.CHECK_IN)
        assert fu.status == FollowupStatus.NEEDS_RECIPIENT and fu.draft_message_id
        assert not is_open(fu.status, fu.draft_message_id)
        drafted_at = fu.drafted_at
        agent.run_pass(T0 + timedelta(days=17))
        check_ins = _fus(store, FollowupKind.CHECK_IN)
        assert [f.drafted_at for f in check_ins if f.id == fu.id] == [drafted_at]  # not drafted again
        assert len(box.raw_messages("Drafts")) == 1
    finally:
        store.close()


# -- recipients -------------------------------------------------------------------------------------------

def test_the_users_own_address_is_never_the_recipient(world):
    box, agent, store = world
    with store.transaction() as conn:  # `onward add --contact` with the user's own address, by mistake
        app = store.create_application(conn, company="Initech", company_key="initech", role="QA Lead",
                                       status="applied", message_id=None, subject=None, now=T0)
        store.update_application(conn, app, applied_at=iso(T0), contact_addr=USER)
    agent.run_pass(T0 + timedelta(days=20))
    [fu] = _fus(store, FollowupKind.CHECK_IN)
    assert fu.to_addr is None and fu.status == FollowupStatus.NEEDS_RECIPIENT
    assert all(USER.encode() not in raw.split(b"\n\n")[0] or b"\nTo:" not in raw for raw in box.raw_messages("Drafts"))


def test_the_read_back_check_refuses_a_to_with_two_addresses():
    head = (b"From: Alex Doe <alex@example.org>\r\nSubject: Re: x\r\nDate: Tue, 01 Sep 2026 09:00:00 +0000\r\n"
            b"Message-ID: <onward-followup-1-a@example.org>\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: text/plain; charset=\"utf-8\"\r\nContent-Transfer-Encoding: 7bit\r\n")
    one = head + b"To: Jane <jane@acme.test>\r\n\r\nThanks.\r\n"
    two = head + b"To: Jane <jane@acme.test>, attacker@evil.test\r\n\r\nThanks.\r\n"
    assert check_draft(one, "jane@acme.test") is None
    assert (check_draft(two, "jane@acme.test") or "").startswith("To holds")
    assert check_draft(head + b"To: attacker@evil.test\r\n\r\nThanks.\r\n", "jane@acme.test") is not None


# -- review: an item labelled "other" keeps its facts ---------------------------------------------------

def test_a_review_item_the_model_called_other_keeps_its_facts(world):
    box, agent, store = world
    mid = "<note-2@acme.test>"
    deliver(box, build_email(from_="Jane Miller <jane@acme.test>", to=USER, subject="Quick note",
                             body="Hi Alex,\n\nJust a quick note about your application: the team has decided "
                                  "to hold off. Jane",  # P(rejection) in the review band, below the threshold
                             date=datetime.now(UTC) - timedelta(days=1), message_id=mid))
    agent.run_pass(datetime.now(UTC), draft=False)
    with store.transaction() as conn:
        row = store.message_row(conn, mid)
    assert (row.status, row.label) == ("review", "other") and row.facts_json

    def no_mailbox():
        raise AssertionError("the facts were kept: no need to read the mailbox")

    assert relabel_recorded(agent.settings, store, mid, "rejection", client=no_mailbox)[1] == "recorded as rejection"
    assert [a.status for a in _apps(store)] == [AppStatus.REJECTED]


# -- Drafts: a crash between APPEND and the commit never doubles a draft --------------------------------

class Crash(Exception):
    pass


@pytest.mark.parametrize("point", ["before_append", "after_append", "after_draft_commit"])
def test_a_crash_around_the_append_never_doubles_a_draft(world, point):
    box, agent, store = world
    deliver(box, fs.role_rejection("Initech", "QA Lead", "Bill Lumbergh <bill@initech.example>",
                                   T0 - timedelta(days=1), "<r1@initech.example>"))
    agent.run_pass(T0)  # recorded; its thank-you is due some days later

    def crash(name: str, n: int) -> None:
        if name == point:
            raise Crash(name)

    crashpoints.set_hook(crash)
    try:
        with pytest.raises(Crash):
            agent.run_pass(T0 + timedelta(days=30))
    finally:
        crashpoints.set_hook(None)
    agent.run_pass(T0 + timedelta(days=30, hours=1))
    agent.run_pass(T0 + timedelta(days=30, hours=2))
    [fu] = _fus(store, FollowupKind.REJECTION_THANKS)
    drafts = box.raw_messages("Drafts")
    assert fu.status == FollowupStatus.DRAFTED and len(drafts) == 1
    assert fu.draft_message_id.encode() in drafts[0]


def test_max_check_ins_zero_is_accepted_and_plans_none(tmp_path, model):
    store = _acknowledged_then_passes(tmp_path, model, (1, 20, 40), max_check_ins=0)
    try:
        assert _fus(store, FollowupKind.CHECK_IN) == []
    finally:
        store.close()


def test_an_email_to_the_recipient_outside_the_thread_is_not_the_follow_up_sent(tmp_path, model):
    from tests.unit.test_insights_passes import _drafted_followup, _followup, _sent_reply, make_world
    box, agent, store = make_world(tmp_path, model)
    try:
        _fid, drafted_at = _drafted_followup(box, agent, store)
        # to Jane, after the draft was saved, but a new conversation (not in the thread): not this follow-up
        deliver(box, build_email(from_=USER, to="Jane Miller <jane@acme.example>", subject="Coffee?",
                                 date=drafted_at + timedelta(hours=1), message_id="<new@example.org>",
                                 body="Hi Jane, coffee next week? Alex"), "Sent")
        agent.run_pass(drafted_at + timedelta(hours=2))
        assert _followup(store).status == FollowupStatus.DRAFTED
        deliver(box, _sent_reply("Jane Miller <jane@acme.example>", drafted_at + timedelta(hours=3)), "Sent")
        agent.run_pass(drafted_at + timedelta(hours=4))
        assert _followup(store).status == FollowupStatus.SENT
    finally:
        store.close()


def test_a_check_in_answers_its_own_application_not_a_later_one(world):
    box, agent, store = world
    deliver(box, _ack())
    deliver(box, fs.role_ack("Globex", "Data Analyst", T0 + timedelta(days=5), "<g1@globex.example>"))
    agent.run_pass(T0 + timedelta(days=20), draft=False)  # both quiet for check_in_days
    by_app = {a.id: a.company for a in _apps(store)}
    replies = {by_app[f.application_id]: f.in_reply_to for f in _fus(store, FollowupKind.CHECK_IN)}
    assert replies == {"Initech": "<a1@initech.example>", "Globex": "<g1@globex.example>"}


def test_a_reply_to_an_earlier_email_of_the_thread_is_the_follow_up_sent(tmp_path, model):
    from tests.unit.test_insights_passes import _drafted_followup, _followup, _sent_reply, make_world
    box, agent, store = make_world(tmp_path, model)
    try:
        _fid, drafted_at = _drafted_followup(box, agent, store)
        # the user answered the interview email of the same thread, not the rejection itself
        deliver(box, _sent_reply("Jane Miller <jane@acme.example>", drafted_at + timedelta(hours=1),
                                 in_reply_to="<i1@acme.example>"), "Sent")
        agent.run_pass(drafted_at + timedelta(hours=2))
        assert _followup(store).status == FollowupStatus.SENT
    finally:
        store.close()
