"""Whom a later check-in goes to (agent/followups/plan.py ``_check_in_recipient``): the latest recipient the
user chose for a follow-up of the application - set with ``followups set --to``, or the person they sent a
draft to (added in the mail client to a draft saved without one) - when the recipient rule allows that
address, unless a company email newer than the choice has a human sender. A no-reply acknowledgement, the
user adds Jane to the first check-in: the second goes to Jane, not again to nobody."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from agent.config import parse_settings
from agent.followups.plan import Desired, check_ins
from agent.followups.user_actions import apply
from agent.mail.parse import parse_message
from agent.mail.types import Address
from agent.record.appfacts import AppFacts, ChosenRecipient, EventFact
from agent.record.contacts import is_person
from agent.record.followup_rows import FollowupKind, FollowupStatus
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, memory_world

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)  # a Tuesday
ACK = "<a1@initech.example>"
OWN = "alex@example.org"
JANE = Address("Jane Roe", "jane@initech.example")
BOB = Address("Bob Stone", "bob.stone@initech.example")


def _settings():
    s = parse_settings({"imap": {"host": "h", "username": OWN},
                        "followup": {"your_name": "Alex", "from_address": OWN, "check_in_days": 14,
                                     "max_days": 21}}).followup
    return replace(s, max_check_ins=3)


def _event(mid: str, at: datetime, contact: Address | None) -> EventFact:
    return EventFact(message_id=mid, label="acknowledgement", at=at, recorded_at=at, subject="Thank you",
                     references_json="[]", contact=contact, contact_source="from" if contact else "",
                     contact_reason=None if contact else "From no-reply@greenhouse.io is an automated address")


def _facts(events: tuple[EventFact, ...], chosen: tuple[ChosenRecipient, ...] = (),
           drafted: tuple[tuple[str, datetime], ...] = ()) -> AppFacts:
    return AppFacts(id=1, account="default", company="Initech", role="QA Lead", status="applied", updated_at=T0,
                    created_at=T0, language="en", contact=None, applied_at=None, interview=None,
                    interview_cancelled_by=None, events=events, check_ins_drafted=drafted,
                    recipients_chosen=tuple(sorted(chosen, key=lambda c: c.at)))


def _second(events: tuple[EventFact, ...], chosen: tuple[ChosenRecipient, ...]) -> Desired:
    """The check-in after the first one (whose draft was saved when it was due)."""
    s = _settings()
    first = check_ins(_facts(events), T0 + timedelta(days=15), s)[0]
    later = check_ins(_facts(events, chosen, ((first.slot, first.due),)), T0 + timedelta(days=40), s)
    [second] = [d for d in later if d.slot != first.slot and d.materialised][:1]
    return second


NO_REPLY_ACK = (_event(ACK, T0, None),)


def test_without_a_choice_a_no_reply_application_has_nobody_to_write_to():
    assert _second(NO_REPLY_ACK, ()).recipient.address is None


@pytest.mark.parametrize("sent", [False, True], ids=["set-on-the-first", "added-in-the-mail-client"])
def test_the_second_check_in_goes_to_whom_the_user_chose_for_the_first(sent):
    slot = "check_in:2026-09-01T09:00:00+00:00"
    at = T0 + timedelta(days=16) if sent else T0 + timedelta(days=3)
    got = _second(NO_REPLY_ACK, (ChosenRecipient(slot, at, JANE, sent),)).recipient
    assert got.address == JANE
    assert got.source == f"{slot} {'sent to' if sent else 'followups set --to'}"
    assert got.reason is not None and JANE.email in got.reason


def test_a_newer_company_email_with_a_person_in_from_takes_over():
    chosen = (ChosenRecipient("check_in:x", T0 + timedelta(days=3), JANE),)
    events = (*NO_REPLY_ACK, _event("<bob@initech.example>", T0 + timedelta(days=20), BOB))
    s = _settings()
    [*_, last] = check_ins(_facts(events, chosen), T0 + timedelta(days=40), s)
    assert last.answered_at == T0 + timedelta(days=20) and last.recipient.address == BOB


def test_an_older_company_email_does_not_take_over_the_users_choice():
    events = (_event(ACK, T0, BOB),)  # Bob acknowledged; the user chose Jane afterwards
    assert _second(events, ()).recipient.address == BOB
    assert _second(events, (ChosenRecipient("check_in:x", T0 + timedelta(days=3), JANE),)).recipient.address == JANE


@pytest.mark.parametrize("address", ["careers@initech.example", "no-reply@initech.example", OWN.upper(),
                                     "jane@initech.example, bob@initech.example"])
def test_a_choice_the_recipient_rule_refuses_is_not_reused_nor_an_older_one(address):
    chosen = (ChosenRecipient("a", T0 + timedelta(days=2), JANE),
              ChosenRecipient("b", T0 + timedelta(days=3), Address("", address)))
    assert _second(NO_REPLY_ACK, chosen).recipient.address is None
    assert _second((_event(ACK, T0, BOB),), chosen).recipient.address == BOB  # as without a choice


POOL = [JANE, BOB, Address("Sam", "sam@initech.example"), Address("", "careers@initech.example"),
        Address("", "noreply@initech.example"), Address("Alex", OWN)]


@settings(max_examples=150, deadline=None)
@given(events=st.lists(st.tuples(st.integers(1, 60 * 24), st.sampled_from([None, BOB, POOL[2]])), max_size=4),
       chosen=st.lists(st.tuples(st.integers(0, 60 * 24), st.sampled_from(POOL), st.booleans()), max_size=4),
       first_human=st.booleans())
def test_every_check_in_goes_to_the_latest_allowed_choice_unless_a_newer_human_email(events, chosen, first_human):
    """Any company emails (a person in From or not) and any choices of the user's at any moments: each
    check-in goes to the latest choice when the rule allows it and no company email between it and the
    silence's start has a person in From; else to the last person who wrote up to then, else nobody.
    Never the user's own address, never a role account or a no-reply."""
    evs = (_event(ACK, T0, BOB if first_human else None),
           *sorted((_event(f"<e{i}@initech.example>", T0 + timedelta(hours=h), who)
                    for i, (h, who) in enumerate(events)), key=lambda e: e.at))
    choices = tuple(ChosenRecipient(f"s{i}", T0 + timedelta(hours=h), who, sent)
                    for i, (h, who, sent) in enumerate(chosen))
    f = _facts(evs, choices)
    for d in check_ins(f, T0 + timedelta(days=90), _settings()):
        anchor = d.answered_at
        humans = [e for e in evs if e.contact is not None and e.at <= anchor]
        latest = f.recipients_chosen[-1] if f.recipients_chosen else None
        allowed = latest is not None and latest.address.email != OWN and is_person(latest.address)
        if allowed and latest is not None and not [e for e in humans if e.at > latest.at]:
            want = latest.address
        else:
            want = humans[-1].contact if humans else None
        assert d.recipient.address == want, (d.slot, d.recipient)
        assert d.recipient.address is None or (d.recipient.address.email != OWN and is_person(d.recipient.address))


# -- whole passes over the in-memory mailbox -----------------------------------------------------------

def _drafts_to(box) -> list[str | None]:
    return [m.to[0].email if m.to else None for m in map(parse_message, box.raw_messages("Drafts"))]


def test_a_pass_saves_the_second_check_in_to_the_recipient_set_on_the_first(tmp_path, model):
    """``followups set --to`` on the first check-in of a no-reply acknowledgement, before its draft: the
    first is drafted to Jane and, after another quiet period, so is the second (the user never sent the
    first: choosing Jane is enough)."""
    box, agent, store = memory_world(tmp_path, model, lookback_days=90, followup={"max_check_ins": 2})
    try:
        deliver(box, fs.role_ack("Initech", "QA Lead", T0, ACK))
        agent.run_pass(T0 + timedelta(days=15), draft=False)
        with store.transaction() as conn:
            [first] = store.list_followups(conn)
            apply(store, conn, agent.settings.followup, first.id, "set", T0 + timedelta(days=15),
                  {"to_addr": JANE.email, "to_name": JANE.name})
        for days in (16, 25, 31, 40):
            agent.run_pass(T0 + timedelta(days=days))
        with store.transaction() as conn:
            first, second = [f for f in store.list_followups(conn) if f.kind == FollowupKind.CHECK_IN]
        assert (second.status, second.to_addr, second.to_name) == (FollowupStatus.DRAFTED, JANE.email, JANE.name)
        assert _drafts_to(box) == [JANE.email, JANE.email]
    finally:
        store.close()
