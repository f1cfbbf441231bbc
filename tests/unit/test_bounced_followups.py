"""A follow-up that bounced: the recipient rule never proposes that address again for the application
(agent/followups/plan.py ``dead_addresses``), a bounce is no news, and a bounce of an unrelated email changes
nothing. The rule, pure, first; then whole passes over the in-memory mailbox (the report read by the intake,
recorded as a fact in ``bounces``, tied to the follow-up by its copy's Message-ID)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import hypothesis.strategies as st
from hypothesis import given, settings

from agent.cli.common import followup_json
from agent.config import parse_settings
from agent.followups.plan import dead_addresses, plan
from agent.followups.reconcile import DRAFT_BOUNCED_FIX
from agent.mail.parse import parse_message
from agent.mail.types import Address
from agent.record.appfacts import AppFacts, BouncedAddress, ChosenRecipient, EventFact
from agent.record.followup_rows import FollowupKind, FollowupStatus
from agent.record.rules import AppStatus
from tests import bounce_samples as bs
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, followups, memory_world, outcomes

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)  # a Tuesday
OWN = "alex@example.org"
JANE = Address("Jane Roe", "jane@initech.example")
BOB = Address("Bob Stone", "bob.stone@initech.example")
FIRST = "check_in:2026-09-01T09:00:00+00:00"
REPORT = "<dsn-1@mx.example.org>"


def _settings():
    s = parse_settings({"imap": {"host": "h", "username": OWN},
                        "followup": {"your_name": "Alex", "from_address": OWN, "check_in_days": 14,
                                     "max_days": 21, "max_check_ins": 2}}).followup
    return s


def _event(mid: str, at: datetime, contact: Address | None, label: str = "acknowledgement") -> EventFact:
    return EventFact(message_id=mid, label=label, at=at, recorded_at=at, subject="Thank you", references_json="[]",
                     contact=contact, contact_source="from" if contact else "",
                     contact_reason=None if contact else "From no-reply@greenhouse.io is an automated address")


def _facts(events: tuple[EventFact, ...], *, chosen: tuple[ChosenRecipient, ...] = (),
           bounced: tuple[BouncedAddress, ...] = (), drafted: bool = True) -> AppFacts:
    """The application after its first check-in (due 2026-09-15) was saved in Drafts."""
    return AppFacts(id=1, account="default", company="Initech", role="QA Lead", status="applied", updated_at=T0,
                    created_at=T0, language="en", contact=None, applied_at=None, interview=None,
                    interview_cancelled_by=None, events=events,
                    check_ins_drafted=((FIRST, T0 + timedelta(days=14)),) if drafted else (),
                    recipients_chosen=chosen, bounced=bounced)


SENT_TO_JANE = ChosenRecipient(FIRST, T0 + timedelta(days=14, hours=3), JANE, sent=True)
JANE_BOUNCED = BouncedAddress(JANE.email, T0 + timedelta(days=14, hours=3, minutes=1), REPORT, FIRST)


def _second(f: AppFacts):
    [second] = [d for d in plan(f, T0 + timedelta(days=40), _settings()) if d.slot != FIRST and d.materialised]
    return second.recipient


# -- the rule, pure -----------------------------------------------------------------------------------------

def test_the_next_check_in_waits_for_a_recipient_and_names_the_address_that_bounced():
    """The user sent the first check-in to Jane (no-reply acknowledgement: they typed her in); it bounced."""
    acked = (_event("<a1@initech.example>", T0, None),)
    assert _second(_facts(acked, chosen=(SENT_TO_JANE,))).address == JANE  # (before: whom they sent it to)
    got = _second(_facts(acked, chosen=(SENT_TO_JANE,), bounced=(JANE_BOUNCED,)))
    assert got.address is None
    assert got.reason == f"no human recipient: mail to {JANE.email} bounced ({REPORT}); " \
                         "nobody else at the company has written"


def test_another_human_of_the_company_who_wrote_gets_it():
    events = (_event("<a1@initech.example>", T0, BOB),)
    got = _second(_facts(events, chosen=(SENT_TO_JANE,), bounced=(JANE_BOUNCED,)))
    assert got.address == BOB
    assert got.reason is not None and f"mail to {JANE.email} bounced" in got.reason and BOB.email in got.reason


def test_the_person_who_wrote_and_bounced_is_passed_over_for_the_rejections_thank_you():
    """Jane wrote the acknowledgement and the rejection; a check-in to her bounced in between."""
    events = (_event("<a1@initech.example>", T0, JANE),
              _event("<r1@initech.example>", T0 + timedelta(days=20), JANE, "rejection"))
    f = _facts(events, chosen=(SENT_TO_JANE,), bounced=(JANE_BOUNCED,))
    [thanks] = [d for d in plan(f, T0 + timedelta(days=21), _settings()) if d.kind == FollowupKind.REJECTION_THANKS]
    # Jane wrote the rejection after the bounce: her address works again
    assert thanks.recipient.address == JANE
    later = replace(JANE_BOUNCED, at=T0 + timedelta(days=20, hours=1))  # it bounced after her rejection
    [thanks] = [d for d in plan(replace(f, bounced=(later,)), T0 + timedelta(days=21), _settings())
                if d.kind == FollowupKind.REJECTION_THANKS]
    assert thanks.recipient.address is None and JANE.email in (thanks.recipient.reason or "")


def test_the_users_own_choice_after_the_bounce_counts():
    """``followups set --to`` the same address after it bounced (the user knows it works now): their word."""
    acked = (_event("<a1@initech.example>", T0, None),)
    again = ChosenRecipient("check_in:other", T0 + timedelta(days=20), JANE)
    f = _facts(acked, chosen=(SENT_TO_JANE, again), bounced=(JANE_BOUNCED,))
    assert dead_addresses(f) == {}
    # the copy of the follow-up that bounced is no choice since, whatever the date its mail client wrote on it
    late_copy = replace(SENT_TO_JANE, at=JANE_BOUNCED.at + timedelta(minutes=5))
    assert set(dead_addresses(_facts(acked, chosen=(late_copy,), bounced=(JANE_BOUNCED,)))) == {JANE.email}


PEOPLE = [JANE, BOB, Address("Ana Lima", "ana.lima@initech.example")]


@settings(max_examples=150, deadline=None)
@given(writers=st.lists(st.tuples(st.integers(0, 40), st.sampled_from([*PEOPLE, None])), min_size=1, max_size=4),
       bounces=st.lists(st.tuples(st.integers(0, 40), st.sampled_from(PEOPLE)), max_size=3),
       choice=st.one_of(st.none(), st.tuples(st.integers(0, 40), st.sampled_from(PEOPLE), st.booleans())),
       rejected=st.booleans())
def test_no_follow_up_is_planned_to_an_address_that_bounced_and_has_not_come_back(writers, bounces, choice,
                                                                                  rejected):
    events = tuple(_event(f"<e{i}@initech.example>", T0 + timedelta(days=d), who)
                   for i, (d, who) in enumerate(sorted(writers, key=lambda w: w[0])))
    if rejected:
        events += (_event("<r@initech.example>", T0 + timedelta(days=41), events[-1].contact, "rejection"),)
    bounced = tuple(BouncedAddress(who.email, T0 + timedelta(days=d, hours=12), f"<b{i}@mx>", FIRST)
                    for i, (d, who) in enumerate(sorted(bounces, key=lambda b: b[0])))
    chosen = (ChosenRecipient("check_in:x", T0 + timedelta(days=choice[0]), choice[1], choice[2]),) if choice else ()
    f = _facts(events, chosen=chosen, bounced=bounced, drafted=False)
    dead = {b.address for b in bounced
            if not any(e.contact is not None and e.contact.email == b.address and e.at > b.at for e in events)
            and not any(c.address.email == b.address and c.at > b.at for c in chosen)}
    for d in plan(f, T0 + timedelta(days=60), _settings()):
        address = d.recipient.address
        assert address is None or address.email not in dead, (d.kind, address, dead)
        passed = {e.contact.email for e in events if e.contact is not None and e.at <= d.answered_at} & dead
        if address is None and passed:  # a person who wrote by then was passed over: the reason says why
            assert "bounced" in (d.recipient.reason or ""), d.recipient


# -- whole passes ---------------------------------------------------------------------------------------------

ACK = "<a1@initech.example>"
COPY = "<CAK-new-id@mail.example.org>"


def _ack_from_jane(at: datetime) -> bytes:
    return fs.role_ack("Initech", "QA Lead", at, ACK).replace(b"Initech Recruiting <no-reply@greenhouse.io>",
                                                              b"Jane Roe <jane@initech.example>")


def _first_check_in_sent(tmp_path, model, database=None, **followup):
    """Jane acknowledged the application; its first check-in (to Jane) was saved, and the user sent it from
    the mail client under a new Message-ID. (box, agent, store, when it was sent)"""
    box, agent, store = memory_world(tmp_path, model, lookback_days=90, database=database,
                                     followup={"max_check_ins": 2, **followup})
    deliver(box, _ack_from_jane(T0))
    agent.run_pass(T0 + timedelta(days=15))
    [first] = followups(store)
    assert (first.kind, first.status, first.to_addr) == (FollowupKind.CHECK_IN, FollowupStatus.DRAFTED, JANE.email)
    sent_at = T0 + timedelta(days=15, hours=2)
    deliver(box, fs.samples.build_email(from_=fs.samples.USER, to=f"Jane Roe <{JANE.email}>", subject="Re: QA Lead",
                                        date=sent_at, message_id=COPY, in_reply_to=ACK, references=[ACK],
                                        body="Hi Jane, is there any news on my application?"), "Sent")
    return box, agent, store, sent_at


def _drafts_to(box) -> list[str | None]:
    return [m.to[0].email if m.to else None for m in map(parse_message, box.raw_messages("Drafts"))]


def test_a_check_in_that_bounced_shows_it_and_the_next_waits_for_another_address(tmp_path, model, store_url):
    """On SQLite and PostgreSQL; the report comes twice (in INBOX and a folder it was copied to): one fact."""
    box, agent, store, sent_at = _first_check_in_sent(tmp_path, model, store_url)
    try:
        deliver(box, bs.dsn(sent_at + timedelta(minutes=1), JANE.email, COPY))
        deliver(box, bs.dsn(sent_at + timedelta(minutes=1), JANE.email, COPY))
        for days in (1, 10, 16, 30):
            agent.run_pass(sent_at + timedelta(days=days))
        first, second = followups(store)
        assert (first.status, first.sent_message_id) == (FollowupStatus.SENT, COPY)  # sent, as the user did
        assert [(b.recipient, b.message_id) for b in first.bounces] == [(JANE.email, "<dsn-1@mx.example.org>")]
        assert (second.kind, second.status, second.to_addr) == (FollowupKind.CHECK_IN, FollowupStatus.NEEDS_RECIPIENT,
                                                                None)
        assert second.reason is not None and f"mail to {JANE.email} bounced" in second.reason
        assert _drafts_to(box).count(JANE.email) == 1  # the first check-in's draft only
    finally:
        store.close()


def test_a_draft_waiting_for_an_address_that_bounced_since_is_shown_as_needing_another(tmp_path, model):
    """The report on the first check-in came late, when the second was already in Drafts addressed to Jane: Onward
    never rewrites a draft, so the listing says it - the follow-up waits for a recipient, its draft kept, the reason
    naming the bounced address - and nothing changes on the passes after."""
    box, agent, store, sent_at = _first_check_in_sent(tmp_path, model)
    try:
        for days in (1, 10, 16, 30):
            agent.run_pass(sent_at + timedelta(days=days))
        first, second = followups(store)
        assert (second.status, second.to_addr) == (FollowupStatus.DRAFTED, JANE.email)
        deliver(box, bs.dsn(sent_at + timedelta(days=31), JANE.email, COPY))
        agent.run_pass(sent_at + timedelta(days=32))
        _first, waiting = followups(store)
        assert waiting.id == second.id and waiting.status == FollowupStatus.NEEDS_RECIPIENT, waiting
        assert waiting.draft_message_id == second.draft_message_id and waiting.to_addr is None
        assert f"mail to {JANE.email} bounced" in (waiting.reason or "") and "change the recipient" in (waiting.reason or "")
        assert followup_json(waiting)["fix"] == DRAFT_BOUNCED_FIX
        agent.run_pass(sent_at + timedelta(days=33))
        assert followups(store)[1] == waiting
        # the user puts another address in the draft and sends it: its copy in Sent makes it sent
        deliver(box, fs.samples.build_email(from_=fs.samples.USER, to="Sam Lee <sam.lee@initech.example>",
                                            subject="Re: QA Lead", date=sent_at + timedelta(days=34),
                                            message_id=second.draft_message_id, in_reply_to=ACK, references=[ACK],
                                            body="Hi Sam, is there any news on my application?"), "Sent")
        agent.run_pass(sent_at + timedelta(days=35))
        assert followups(store)[1].status == FollowupStatus.SENT
    finally:
        store.close()


def test_a_bounce_is_no_news_even_in_the_applications_thread(tmp_path, model):
    """The report cites the acknowledgement's thread (its References; not marked ``Auto-Submitted``): it revives
    no application gone silent (``no_response``) and starts no silence - the next check-in is due as without it."""
    box, agent, store, sent_at = _first_check_in_sent(tmp_path, model, ghosted_days=20)
    try:
        agent.run_pass(sent_at + timedelta(days=10))
        assert [a.status for a in outcomes(store)] == [AppStatus.NO_RESPONSE]
        deliver(box, bs.dsn(sent_at + timedelta(days=10, hours=1), JANE.email, COPY, in_reply_to=COPY,
                            references=(ACK, COPY)))
        agent.run_pass(sent_at + timedelta(days=11))
        assert [a.status for a in outcomes(store)] == [AppStatus.NO_RESPONSE]
        agent.run_pass(sent_at + timedelta(days=16))
        first, second = followups(store)
        assert first.bounces and second.status == FollowupStatus.NEEDS_RECIPIENT
        # its silence began when the first was saved, as without the report
        assert datetime.fromisoformat(second.rejected_at) == datetime.fromisoformat(first.drafted_at or "")
    finally:
        store.close()


def test_a_bounce_of_an_unrelated_email_changes_nothing(tmp_path, model):
    """The user's email to Jane about something else bounced (it is no follow-up of Onward's): the next
    check-in still goes to Jane, and no follow-up shows a bounce."""
    box, agent, store, sent_at = _first_check_in_sent(tmp_path, model)
    try:
        deliver(box, bs.dsn(sent_at + timedelta(hours=5), JANE.email, "<lunch@mail.example.org>"))
        for days in (1, 10, 16, 30):
            agent.run_pass(sent_at + timedelta(days=days))
        first, second = followups(store)
        assert not first.bounces and not second.bounces
        assert (second.status, second.to_addr) == (FollowupStatus.DRAFTED, JANE.email)
    finally:
        store.close()
