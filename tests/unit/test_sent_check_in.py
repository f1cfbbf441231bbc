"""A follow-up the user sent from the mail client is Onward's follow-up sent, whatever Message-ID the
client gave its copy in Sent: not a reply of the user's that makes the next follow-up moot.

With ``followup.max_check_ins = 2`` the second check-in comes after another quiet period once the
first was sent; a genuinely new mail of the user's in the thread, or a reply of the company's, still
ends it. The rule (pure) is :func:`agent.followups.rules.match_copies` and ``own_mail_ids`` of
:func:`agent.followups.rules.user_already_wrote`; the fact is ``followups.sent_message_id``.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from agent.demo import samples
from agent.followups.drafting import copies_in_sent, mark_sent
from agent.followups.user_actions import apply
from agent.followups.rules import match_copies, user_already_wrote
from agent.mail.parse import parse_message
from agent.record.followup_rows import Followup, FollowupKind, FollowupStatus
from agent.record.store import Store
from agent.record.store import followups as fu_store
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, memory_world

CHECK_IN_REPLIED = "you already replied in the thread after the silence it asks about began"
T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)  # a Tuesday
ACK = "<a1@initech.example>"
JANE = "jane@initech.example"


# -- the rule, pure ------------------------------------------------------------------------------------

def _sent(mid: str, at: datetime, *, to: str = JANE, parent: str = ACK, body: str = "Any news?"):
    return parse_message(samples.build_email(from_=samples.USER, to=to, subject="Re: QA Lead", date=at,
                                             message_id=mid, in_reply_to=parent, references=[parent], body=body))


def _drafted(fid: int, drafted_at: datetime, draft_id: str, to: str = JANE) -> Followup:
    return Followup(id=fid, application_id=1, rejection_message_id=ACK, rejected_at=T0.isoformat(),
                    due_at=drafted_at.isoformat(), status=FollowupStatus.DRAFTED, to_name=None, to_addr=to,
                    subject="QA Lead", in_reply_to=ACK, references_json="[]", draft_message_id=draft_id,
                    drafted_at=drafted_at.isoformat(), reason=None, created_at=drafted_at.isoformat())


def _copy(mail, drafted_at: datetime, *, draft_id: str = "<draft-1@example.org>", to: str = JANE):
    """The copy in Sent of ONE drafted check-in (None: not sent yet)."""
    return match_copies([_drafted(1, drafted_at, draft_id, to)], {1: {ACK}}, mail, {}).copies.get(1)


@settings(max_examples=60, deadline=None)
@given(copy_id=st.sampled_from(["<draft-1@example.org>", "<new-id@mail.client>", "<ABC.123@smtp.example>"]),
       sent_after=st.integers(0, 30 * 24 * 60), reply_after=st.one_of(st.none(), st.integers(1, 30 * 24 * 60)),
       other_first=st.booleans())
def test_the_sent_copy_of_a_check_in_never_ends_the_next_but_a_new_reply_does(copy_id, sent_after, reply_after,
                                                                              other_first):
    """Whatever its Message-ID and however late the user sent it, the copy of the first check-in is found
    as that check-in sent, and does not end the second; a later mail of the user's in the thread does."""
    drafted = T0 + timedelta(days=14)
    copy_at = drafted + timedelta(minutes=sent_after)
    mail = [_sent(copy_id, copy_at)]
    if reply_after is not None:  # the user writes again, in the thread, after sending the check-in
        mail.append(_sent("<own-words@mail.client>", copy_at + timedelta(minutes=reply_after), body="PS: ..."))
    if other_first:
        mail.reverse()
    copy = _copy(mail, drafted, draft_id="<draft-0@example.org>")
    assert copy is not None and (copy.message_id, copy.date) == (copy_id, copy_at)
    own = {"<draft-1@example.org>", "<draft-2@example.org>", copy.message_id}
    # the second check-in answers the silence that began when the first was due (before it was sent)
    found = user_already_wrote(mail, kind="check_in", own_mail_ids=own, rejected_at=drafted, thread={ACK},
                               contacts={JANE})
    if reply_after is None:
        assert found is None
    else:
        assert found == (CHECK_IN_REPLIED, "<own-words@mail.client>")


def test_the_drafts_own_message_id_is_its_copy_even_after_another_mail_in_the_thread():
    drafted = T0 + timedelta(days=14)
    mail = [_sent("<own-words@mail.client>", drafted + timedelta(hours=1)),
            _sent("<draft-1@example.org>", drafted + timedelta(hours=2))]
    copy = _copy(mail, drafted, draft_id="<draft-1@example.org>")
    assert copy is not None and copy.message_id == "<draft-1@example.org>"
    assert _copy(mail, drafted, draft_id="<draft-9@example.org>") is mail[0]
    # the draft's own id absent: the first mail after it in the thread, to its recipient


def test_one_copy_is_one_follow_up_sent_the_drafts_own_first_then_the_newest_draft_without_kept_texts():
    """Two drafts in one thread to one person (an interview thank-you, a later check-in), saved before
    Onward kept its drafts' texts: a copy under a draft's own Message-ID is that draft's; a copy under a
    new one is the newest draft's, as then (with the texts kept, the text decides: test_sent_copy_text.py)."""
    older = _drafted(1, T0 + timedelta(days=3), "<draft-1@example.org>")
    newer = _drafted(2, T0 + timedelta(days=20), "<draft-2@example.org>")
    threads = {1: {ACK}, 2: {ACK}}
    new_id = _sent("<new@mail.client>", T0 + timedelta(days=21))
    own_id = _sent("<draft-1@example.org>", T0 + timedelta(days=22))
    for drafted in ([older, newer], [newer, older]):
        found = match_copies(drafted, threads, [new_id], {})
        assert {k: m.message_id for k, m in found.copies.items()} == {2: "<new@mail.client>"}
        found = match_copies(drafted, threads, [new_id, own_id], {})
        assert {k: m.message_id for k, m in found.copies.items()} == {1: "<draft-1@example.org>",
                                                                      2: "<new@mail.client>"}


def test_a_copy_before_the_draft_or_to_someone_else_or_elsewhere_is_not_the_check_in_sent():
    drafted = T0 + timedelta(days=14)
    assert _copy([_sent("<x@y>", drafted - timedelta(minutes=1))], drafted) is None
    assert _copy([_sent("<x@y>", drafted, to="bob@initech.example")], drafted) is None
    assert _copy([_sent("<x@y>", drafted, parent="<other@x>")], drafted) is None
    at = _copy([_sent("<x@y>", drafted)], drafted, to="Jane@Initech.EXAMPLE")  # the address in any case
    assert at is not None and at.date == drafted
    first, later = _sent("<x@y>", drafted + timedelta(days=1)), _sent("<z@y>", drafted + timedelta(days=2))
    assert _copy([later, first], drafted) is first  # the earliest of two


# -- whole passes over the in-memory mailbox -----------------------------------------------------------

def _fus(store, kind=None):
    with store.transaction() as conn:
        return [f for f in store.list_followups(conn) if kind is None or f.kind == kind]


def _first_check_in_drafted(tmp_path, model, recipient):
    """A quiet application (acknowledged by a no-reply ATS), its first check-in drafted with ``max_check_ins
    = 2``: to Jane when ``recipient`` (the user set her), else without a recipient (the user adds one in
    the mail client). (box, agent, store, the first check-in)"""
    box, agent, store = memory_world(tmp_path, model, lookback_days=90, followup={"max_check_ins": 2})
    deliver(box, fs.role_ack("Initech", "QA Lead", T0, ACK))
    agent.run_pass(T0 + timedelta(days=15), draft=False)
    [first] = _fus(store, FollowupKind.CHECK_IN)
    if recipient:
        with store.transaction() as conn:  # onward followups set ID --to jane@initech.example
            apply(store, conn, agent.settings.followup, first.id, "set", T0 + timedelta(days=15), {"to_addr": JANE})
    agent.run_pass(datetime.fromisoformat(first.due_at) + timedelta(minutes=1))
    [first] = _fus(store, FollowupKind.CHECK_IN)
    assert first.draft_message_id and first.status == (
        FollowupStatus.DRAFTED if recipient else FollowupStatus.NEEDS_RECIPIENT)
    return box, agent, store, first


def _send(box, first, at, message_id):
    """The user sends the first check-in's draft from the mail client: its copy lands in Sent."""
    deliver(box, samples.build_email(from_=samples.USER, to=f"Jane <{JANE}>", subject="Re: QA Lead", date=at,
                                     message_id=message_id, in_reply_to=ACK, references=[ACK],
                                     body="Hi Jane, is there any news on my application?"), "Sent")


@pytest.mark.parametrize("recipient", [True, False], ids=["to-jane", "recipient-added-in-the-mail-client"])
def test_a_check_in_sent_under_a_new_message_id_is_sent_and_the_second_comes_after_another_quiet_period(
        tmp_path, model, recipient):
    box, agent, store, first = _first_check_in_drafted(tmp_path, model, recipient)
    try:
        sent_at = datetime.fromisoformat(first.drafted_at) + timedelta(hours=3)
        _send(box, first, sent_at, "<CAK-new-id-from-the-client@mail.example.org>")
        agent.run_pass(sent_at + timedelta(days=1))
        [first] = _fus(store, FollowupKind.CHECK_IN)
        assert (first.status, first.sent_message_id, first.to_addr) == (
            FollowupStatus.SENT, "<CAK-new-id-from-the-client@mail.example.org>", JANE)
        for days in (10, 16, 30, 60):
            agent.run_pass(sent_at + timedelta(days=days))
        first, second = _fus(store, FollowupKind.CHECK_IN)
        # the second check-in: planned after another quiet period and saved to Jane - nobody at the company
        # has written, and Jane is whom the user chose for the first (set on it, or added in the mail client)
        assert (second.status, second.to_addr, bool(second.draft_message_id)) == (
            FollowupStatus.DRAFTED, JANE, True), second
        drafts_to = [m.to[0].email if m.to else None for m in map(parse_message, box.raw_messages("Drafts"))]
        assert drafts_to == [JANE if recipient else None, JANE]
        assert datetime.fromisoformat(second.due_at) - datetime.fromisoformat(first.due_at) >= timedelta(days=14)
        assert second.reason is not None and "replied" not in second.reason and JANE in second.reason
    finally:
        store.close()


def test_a_new_mail_of_the_user_after_the_sent_check_in_still_ends_the_second(tmp_path, model):
    box, agent, store, first = _first_check_in_drafted(tmp_path, model, recipient=True)
    try:
        sent_at = datetime.fromisoformat(first.drafted_at) + timedelta(hours=3)
        _send(box, first, sent_at, "<CAK-new-id-from-the-client@mail.example.org>")
        agent.run_pass(sent_at + timedelta(days=1))
        deliver(box, samples.build_email(from_=samples.USER, to=f"Jane <{JANE}>", subject="Re: QA Lead",
                                         date=sent_at + timedelta(days=5), message_id="<ps@mail.example.org>",
                                         in_reply_to=ACK, references=[ACK],
                                         body="Hi Jane, one more thing: my portfolio is now online."), "Sent")
        for days in (10, 16, 30, 60):
            agent.run_pass(sent_at + timedelta(days=days))
        first, second, again = _fus(store, FollowupKind.CHECK_IN)
        assert first.status == FollowupStatus.SENT
        assert (second.status, second.ended_by, second.reason) == (
            FollowupStatus.CANCELLED, "<ps@mail.example.org>", CHECK_IN_REPLIED)
        assert not second.draft_message_id
        # written before the second was due, the mail was no check-in: the silence starts again from it
        assert again.status == FollowupStatus.DRAFTED
        assert datetime.fromisoformat(again.due_at) - (sent_at + timedelta(days=5)) >= timedelta(days=14)
    finally:
        store.close()


def test_a_copy_found_for_one_follow_up_is_not_found_again_for_another(tmp_path):
    """Two drafts in one thread to Jane, one copy in Sent under a new Message-ID: one of them is sent
    (the newest: no texts kept), the other still waits - in the same look at Sent and in the next one."""
    store = Store.open(f"sqlite:///{tmp_path / 'onward.db'}")
    store.migrate()
    try:
        with store.transaction() as conn:
            app = store.create_application(conn, company="Initech", company_key="initech", role="QA Lead",
                                           status="applied", message_id=ACK, subject="Thank you", now=T0)
            for fid, days in ((1, 3), (2, 20)):
                at = (T0 + timedelta(days=days)).isoformat()
                store.create_followup(conn, application_id=app, rejection_message_id=ACK, rejected_at=at, due_at=at,
                                      status=FollowupStatus.DRAFTED, to_addr=JANE, in_reply_to=ACK, created_at=at,
                                      kind=FollowupKind.CHECK_IN, slot=f"check_in:{days}",
                                      draft_message_id=f"<draft-{fid}@example.org>", drafted_at=at)
        copy = [_sent("<new@mail.client>", T0 + timedelta(days=21))]
        for _look in range(2):
            with store.transaction() as conn:
                drafted = fu_store.drafted_followups(conn, T0 + timedelta(days=22))
                mark_sent(conn, drafted, copies_in_sent(conn, drafted, copy, {}).copies)
        with store.transaction() as conn:
            rows = {f.id: (f.status, f.sent_message_id) for f in store.list_followups(conn)}
        assert rows == {1: (FollowupStatus.DRAFTED, None), 2: (FollowupStatus.SENT, "<new@mail.client>")}
    finally:
        store.close()


def test_two_drafts_each_sent_under_its_own_message_id_are_both_sent():
    older = _drafted(1, T0 + timedelta(days=3), "<draft-1@example.org>")
    newer = _drafted(2, T0 + timedelta(days=20), "<draft-2@example.org>")
    # the user sent the second to someone else (the To changed in the mail client): its own Message-ID says it
    mail = [_sent("<draft-2@example.org>", T0 + timedelta(days=21), to="sam@initech.example"),
            _sent("<draft-1@example.org>", T0 + timedelta(days=4))]
    for drafted in ([older, newer], [newer, older]):
        found = match_copies(drafted, {1: {ACK}, 2: {ACK}}, mail, {})
        assert {k: m.message_id for k, m in found.copies.items()} == {1: "<draft-1@example.org>",
                                                                      2: "<draft-2@example.org>"}


def test_without_kept_texts_the_copy_goes_to_the_draft_saved_last_not_the_follow_up_made_last():
    """A follow-up made early may have its draft saved late (its due date came later, or it was set)."""
    made_early = dataclasses.replace(_drafted(1, T0 + timedelta(days=20), "<draft-1@example.org>"),
                                     created_at=(T0 + timedelta(days=1)).isoformat())
    made_late = dataclasses.replace(_drafted(2, T0 + timedelta(days=15), "<draft-2@example.org>"),
                                    created_at=(T0 + timedelta(days=10)).isoformat())
    copy = _sent("<new@mail.client>", T0 + timedelta(days=21))
    found = match_copies([made_early, made_late], {1: {ACK}, 2: {ACK}}, [copy], {})
    assert {k: m.message_id for k, m in found.copies.items()} == {1: "<new@mail.client>"}


def test_a_check_in_the_user_says_was_sent_is_sent_and_their_mail_up_to_then_is_that_check_in(tmp_path, model):
    """The user wrote the check-in anew (not a reply in the thread), so no pass can tell it is the draft
    sent: ``onward followups sent ID --at ...`` says so. Their mail up to then is that check-in, not new
    words of theirs that would end the second; the second comes after another quiet period, as for a
    copy found in Sent."""
    box, agent, store, first = _first_check_in_drafted(tmp_path, model, recipient=True)
    try:
        sent_at = datetime.fromisoformat(first.drafted_at) + timedelta(days=2)
        deliver(box, samples.build_email(from_=samples.USER, to=f"Jane <{JANE}>", subject="QA Lead application",
                                         date=sent_at, message_id="<fresh@mail.example.org>",
                                         body="Hi Jane, is there any news on my application?"), "Sent")
        agent.run_pass(sent_at + timedelta(days=1))
        [first] = _fus(store, FollowupKind.CHECK_IN)
        assert first.status == FollowupStatus.DRAFTED  # not in the thread: the headers cannot tell
        with store.transaction() as conn:  # onward followups sent ID --at ...
            apply(store, conn, agent.settings.followup, first.id, "sent", sent_at + timedelta(days=1),
                  {"sent_at": sent_at})
        for days in (10, 16, 30, 60):
            agent.run_pass(sent_at + timedelta(days=days))
        first, second = _fus(store, FollowupKind.CHECK_IN)
        assert (first.status, first.sent_at) == (FollowupStatus.SENT, sent_at.isoformat(timespec="seconds"))
        assert (second.status, second.to_addr) == (FollowupStatus.DRAFTED, JANE), second
        assert datetime.fromisoformat(second.due_at) - datetime.fromisoformat(first.due_at) >= timedelta(days=14)
    finally:
        store.close()
