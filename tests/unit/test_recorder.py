"""The record and follow-up rules through real passes, fast: the in-memory mailbox
(agent.mail.memory), a real SQLite database in a temp dir and the real model. The same pass code
runs against Dovecot in tests/integration."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.parser import BytesParser
from email.policy import default

import pytest

from agent.demo import samples
from agent.followups.rules import FollowupStatus
from agent.mail.parse import parse_message
from agent.record.rules import AppStatus
from agent.record.store import Store
from tests.unit.memory_world import USER, deliver, memory_world

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def world(tmp_path, model, store_url):  # on SQLite and on PostgreSQL
    box, agent, store = memory_world(tmp_path, model, database=store_url)
    yield box, agent, store
    store.close()


def _apps(store: Store):
    with store.transaction() as conn:
        return store.list_outcomes(conn)


def _followups(store: Store):
    with store.transaction() as conn:
        return store.list_followups(conn)


def test_rejection_is_recorded_with_a_followup_to_the_human(world):
    box, agent, store = world
    deliver(box, samples.rejection("Acme Robotics", "Backend Engineer", "Jane Miller <jane@acme.example>",
                                    NOW - timedelta(days=1), "<r1@acme.example>"))
    report = agent.run_pass(NOW)
    assert (report.fetched, report.events, report.followups_scheduled) == (1, 1, 1)
    [app] = _apps(store)
    assert (app.company, app.status) == ("Acme Robotics", AppStatus.REJECTED)
    [fu] = _followups(store)
    assert (fu.status, fu.to_addr, fu.in_reply_to) == (FollowupStatus.SCHEDULED, "jane@acme.example",
                                                       "<r1@acme.example>")
    due = datetime.fromisoformat(fu.due_at)
    assert timedelta(days=14) <= due - (NOW - timedelta(days=1)) <= timedelta(days=22)


def test_thread_links_before_company_and_status_never_goes_back(world):
    box, agent, store = world
    deliver(box, samples.interview("Initech", "QA Lead", "Bill L", "bill@initech.example",
                                    NOW - timedelta(days=9), "<i1@initech.example>"))
    # the rejection names no company in its text but answers the interview's thread
    deliver(box, samples.rejection("Initech", "QA Lead", "Bill L <bill@initech.example>", NOW - timedelta(days=3),
                                    "<r1@initech.example>", in_reply_to="<i1@initech.example>",
                                    references=["<i1@initech.example>"]))
    # a late acknowledgement must not move the application back to "applied"
    deliver(box, samples.ack("Initech", "QA Lead", NOW - timedelta(days=2), "<a1@initech.example>"))
    agent.run_pass(NOW)
    [app] = _apps(store)
    assert app.status == AppStatus.REJECTED and app.status_message_id == "<r1@initech.example>"


def test_company_writing_again_in_the_thread_cancels_the_followup(world):
    box, agent, store = world
    deliver(box, samples.rejection("Acme", "Engineer", "Jane Miller <jane@acme.example>",
                                    NOW - timedelta(days=2), "<r1@acme.example>"))
    agent.run_pass(NOW)
    assert _followups(store)[0].status == FollowupStatus.SCHEDULED
    deliver(box, samples.build_email(from_="Jane Miller <jane@acme.example>", to=USER, subject="Re: Your application",
                                      body="Hi Alex, a new opening came up - would you like to talk on Friday?",
                                      date=NOW - timedelta(days=1), message_id="<again@acme.example>",
                                      in_reply_to="<r1@acme.example>", references=["<r1@acme.example>"]))
    agent.run_pass(NOW)
    [fu] = _followups(store)
    assert fu.status == FollowupStatus.CANCELLED and "company wrote again" in fu.reason


def test_a_reply_in_sent_cancels_the_followup(world):
    box, agent, store = world
    deliver(box, samples.rejection("Acme", "Engineer", "Jane Miller <jane@acme.example>",
                                    NOW - timedelta(days=2), "<r1@acme.example>"))
    agent.run_pass(NOW)
    deliver(box, samples.build_email(from_=USER, to="Jane Miller <jane@acme.example>", subject="Re: Your application",
                                      body="Thanks Jane!", date=NOW - timedelta(hours=20), message_id="<mine@x>",
                                      in_reply_to="<r1@acme.example>", references=["<r1@acme.example>"]), "Sent")
    report = agent.run_pass(NOW)
    assert report.cancelled == 1
    assert _followups(store)[0].reason == "you already replied in the thread after the rejection"


def test_no_reply_rejection_is_addressed_to_the_last_human_of_the_thread(world):
    box, agent, store = world
    deliver(box, samples.interview("Globex", "Analyst", "Hank Scorpio", "hank@globex.example",
                                    NOW - timedelta(days=8), "<i1@globex.example>"))
    deliver(box, samples.rejection("Globex", "Analyst", "Globex Careers <no-reply@hire.lever.co>",
                                    NOW - timedelta(days=1), "<r1@lever.example>", in_reply_to="<i1@globex.example>",
                                    references=["<i1@globex.example>"]))
    deliver(box, samples.rejection("Umbrella", "Analyst", "Umbrella Careers <no-reply@hire.lever.co>",
                                    NOW - timedelta(days=1), "<r2@lever.example>"))
    agent.run_pass(NOW)
    by_company = {f.company: f for f in _followups(store)}
    assert by_company["Globex"].to_addr == "hank@globex.example"
    assert by_company["Globex"].status == FollowupStatus.SCHEDULED
    assert by_company["Umbrella"].to_addr is None
    assert by_company["Umbrella"].status == FollowupStatus.NEEDS_RECIPIENT


def test_old_rejection_gets_no_followup(world):
    box, agent, store = world
    deliver(box, samples.rejection("Acme", "Engineer", "Jane Miller <jane@acme.example>",
                                    NOW - timedelta(days=40), "<r1@acme.example>"))
    agent.run_pass(NOW)
    assert _apps(store)[0].status == AppStatus.REJECTED
    assert _followups(store) == []


def test_correcting_the_rejection_cancels_its_followup(world):
    box, agent, store = world
    deliver(box, samples.ack("Acme", "Engineer", NOW - timedelta(days=9), "<a1@acme.example>"))
    raw = samples.rejection("Acme", "Engineer", "Jane Miller <jane@acme.example>", NOW - timedelta(days=1),
                            "<r1@acme.example>")
    deliver(box, raw)
    agent.run_pass(NOW)
    with store.transaction() as conn:
        change = agent.recorder.correct(conn, parse_message(raw), "other", NOW - timedelta(days=1), NOW)
    assert change == "rejection -> other" and _apps(store)[0].status == AppStatus.APPLIED  # the acknowledgement's
    assert _followups(store)[0].status == FollowupStatus.SCHEDULED  # the record stage records, nothing more
    agent.run_pass(NOW)  # the reconcile step: the rejection no longer holds
    [fu] = _followups(store)
    assert (fu.status, fu.reason) == (FollowupStatus.CANCELLED, "the user corrected the rejection")


def test_due_followup_is_saved_once_as_a_threaded_draft(world):
    box, agent, store = world
    deliver(box, samples.rejection("Acme", "Engineer", "Jane Miller <jane@acme.example>",
                                    NOW - timedelta(days=1), "<r1@acme.example>"))
    agent.run_pass(NOW)
    later = NOW + timedelta(days=30)
    assert agent.run_pass(later).drafts_saved == 1
    assert agent.run_pass(later).drafts_saved == 0  # never twice
    [raw] = box.raw_messages("Drafts")
    draft = BytesParser(policy=default).parsebytes(raw)
    assert draft["To"].addresses[0].addr_spec == "jane@acme.example"
    assert draft["In-Reply-To"] == "<r1@acme.example>" and draft["From"].addresses[0].addr_spec == USER
    assert _followups(store)[0].status == FollowupStatus.DRAFTED
    assert box.folders["Drafts"].messages[1].flags == (b"\\Draft",)


def test_a_pass_changes_no_flag_and_records_each_message_once(world):
    box, agent, store = world
    for i, raw in enumerate(samples.demo_story(NOW)):
        box.deliver("INBOX", raw, NOW - timedelta(days=5 - i))
    first = agent.run_pass(NOW)
    again = agent.run_pass(NOW)
    assert first.fetched == 5 and again.fetched == 0
    assert all(m.flags == () for m in box.folders["INBOX"].messages.values())


def test_reply_to_on_another_domain_is_not_used_and_followups_says_why(world):
    box, agent, store = world
    raw = samples.build_email(
        from_="Jane Miller <jane@acme.test>", to=USER, reply_to="Jane Miller <jane.miller@evil-phish.test>",
        subject="Your application to Acme", date=NOW - timedelta(days=1), message_id="<r1@acme.test>",
        body=("Hi Alex,\n\nThank you for your interest in Acme. Unfortunately, after careful consideration, we "
              "have decided to move forward with other candidates.\n\nKind regards,\nJane Miller\n"))
    deliver(box, raw)
    agent.run_pass(NOW)
    [fu] = _followups(store)
    assert fu.to_addr == "jane@acme.test"
    assert "evil-phish.test" in fu.reason and "another domain" in fu.reason


def test_two_from_headers_make_the_sender_ambiguous():
    raw = (b"From: Jane <jane@acme.test>\r\nFrom: Mallory <mallory@evil.test>\r\nTo: alex@example.org\r\n"
           b"Subject: Your application\r\nMessage-ID: <two-from@acme.test>\r\n\r\nWe decided not to proceed.\r\n")
    from agent.record.applications import human_contact
    email = parse_message(raw)
    assert email.from_ is not None and email.from_.ambiguous
    assert human_contact(email) is None
