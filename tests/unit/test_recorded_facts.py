"""What a recorded email tells its application, read back from the store after real passes over the
in-memory mailbox (real SQLite, the real model): the event keeps its sender; the application takes the
language of the company's latest email; an interview stays threaded under the invitation of its calendar
event, and moves to the invitation of another event; a company or role the application lacked is learnt
from a later email in its thread, never overwritten by one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from agent.config import parse_settings
from agent.demo import samples
from agent.mail.parse import parse_message
from agent.record.outcomes import user_addresses
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, memory_world

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def world(tmp_path, model):
    box, agent, store = memory_world(tmp_path, model, lookback_days=90)
    yield box, agent, store
    store.close()


def _row(store, app_id=1):
    with store.transaction() as conn:
        return store.known_application(conn, app_id)


def test_an_event_keeps_the_address_it_came_from(world):
    box, agent, store = world
    deliver(box, fs.role_rejection("Initech", "QA Lead", "Ina Talent <ina.talent@initech.example>", T0,
                                   "<r1@initech.example>"))
    agent.run_pass(T0 + timedelta(days=1), draft=False)
    with store.transaction() as conn:
        event = store.event(conn, "<r1@initech.example>", "default")
    assert event is not None and event.from_addr == "ina.talent@initech.example"


_MUSTER = "Anna Schmidt <anna.schmidt@muster-technik.de>"


def _muster(language: str, when: datetime, mid: str, in_reply_to: str | None = None) -> bytes:
    """An email of Muster Technik's recruiter, in English or German (the second one a reply in the thread)."""
    body = {"en": ("Dear Alex,\n\nThank you for applying for the Software Developer position at Muster Technik "
                   "GmbH. We have received your application and our team will review it carefully; we will be in "
                   "touch within two weeks.\n\nKind regards,\nAnna Schmidt\nMuster Technik GmbH\n"),
            "de": ("Sehr geehrter Herr Doe,\n\nvielen Dank für Ihre Bewerbung als Software Developer bei der "
                   "Muster Technik GmbH. Ihre Unterlagen sind bei uns eingegangen; wir prüfen sie sorgfältig und "
                   "melden uns innerhalb von zwei Wochen bei Ihnen.\n\nMit freundlichen Grüßen\nAnna Schmidt\n"
                   "Muster Technik GmbH\n")}[language]
    return samples.build_email(from_=_MUSTER, to=fs.USER, subject="Software Developer - Muster Technik GmbH",
                               body=body, date=when, message_id=mid, in_reply_to=in_reply_to,
                               references=[in_reply_to] if in_reply_to else [])


@pytest.mark.parametrize(("first", "then"), [("en", "de"), ("de", "en")])
def test_the_application_takes_the_language_of_the_companys_latest_email(world, first, then):
    """Both ways round, so that neither language is the one a loosened comparison would keep."""
    box, agent, store = world
    deliver(box, _muster(first, T0, "<m1@muster-technik.de>"))
    agent.run_pass(T0 + timedelta(days=1), draft=False)
    assert _row(store).language == first
    deliver(box, _muster(then, T0 + timedelta(days=7), "<m2@muster-technik.de>", "<m1@muster-technik.de>"))
    agent.run_pass(T0 + timedelta(days=9), draft=False)
    with store.transaction() as conn:
        assert [e.application_id for e in store.application_events(conn, 1)] == [1, 1]
    assert _row(store).language == then


@pytest.mark.parametrize(("first_uid", "second_uid"), [("event-a@acme.test", "event-b@acme.test"),
                                                      ("event-b@acme.test", "event-a@acme.test")])
def test_an_invitation_to_another_calendar_event_threads_the_interview_under_it(world, first_uid, second_uid):
    box, agent, store = world
    start = T0 + timedelta(days=7)
    invite = fs.invitation("Acme", "Data Analyst", "Rita Recruiter", "rita@acme.test", T0, "<i1@acme.test>",
                           start=start, uid=first_uid)
    deliver(box, invite)
    agent.run_pass(T0 + timedelta(hours=2), draft=False)
    assert (_row(store).interview_message_id, _row(store).interview_uid) == ("<i1@acme.test>", first_uid)
    # the same event moved: still threaded under the first invitation
    moved = fs.invitation("Acme", "Data Analyst", "Rita Recruiter", "rita@acme.test", T0 + timedelta(days=1),
                          "<i2@acme.test>", start=start + timedelta(hours=3), uid=first_uid, sequence=1,
                          in_reply_to="<i1@acme.test>")
    deliver(box, moved)
    agent.run_pass(T0 + timedelta(days=1, hours=2), draft=False)
    row = _row(store)
    assert (row.interview_message_id, row.interview_start) == ("<i1@acme.test>", (start + timedelta(hours=3)).isoformat())
    # another event (a second round): threaded under its own invitation
    second = fs.invitation("Acme", "Data Analyst", "Rita Recruiter", "rita@acme.test", T0 + timedelta(days=8),
                           "<i3@acme.test>", start=start + timedelta(days=7), uid=second_uid,
                           in_reply_to="<i1@acme.test>")
    deliver(box, second)
    agent.run_pass(T0 + timedelta(days=8, hours=2), draft=False)
    assert (_row(store).interview_message_id, _row(store).interview_uid) == ("<i3@acme.test>", second_uid)


def test_a_company_and_role_the_application_lacked_are_learnt_and_then_kept(world):
    box, agent, store = world
    with store.transaction() as conn:  # an application the record knows only by its thread
        app_id = store.create_application(conn, company=None, company_key=None, role=None, status="applied",
                                          message_id="<sent@example.org>", subject="My application", now=T0)
        store.link_thread(conn, app_id, ["<sent@example.org>"])
    reply = fs.role_rejection("Initech", "QA Lead", "Ina Talent <ina@initech.example>", T0 + timedelta(days=2),
                              "<r1@initech.example>").replace(
        b"Message-ID:", b"In-Reply-To: <sent@example.org>\r\nReferences: <sent@example.org>\r\nMessage-ID:", 1)
    deliver(box, reply)
    agent.run_pass(T0 + timedelta(days=3), draft=False)
    row = _row(store, app_id)
    assert (row.company, row.role, row.status) == ("Initech", "QA Lead", "rejected")
    other = fs.role_rejection("Globex", "Data Engineer", "Gil Globex <gil@initech.example>", T0 + timedelta(days=4),
                              "<r2@initech.example>").replace(
        b"Message-ID:", b"In-Reply-To: <r1@initech.example>\r\nReferences: <sent@example.org> <r1@initech.example>"
        b"\r\nMessage-ID:", 1)
    deliver(box, other)
    agent.run_pass(T0 + timedelta(days=5), draft=False)
    assert (_row(store, app_id).company, _row(store, app_id).role) == ("Initech", "QA Lead")


def test_an_application_gone_silent_revives_when_the_company_writes_in_its_thread(world):
    """A company's email in the thread that is no job event (a plain note) still revives a ``no_response``
    application to the status its events give."""
    box, agent, store = world
    deliver(box, _muster("en", T0, "<m1@muster-technik.de>"))
    agent.run_pass(T0 + timedelta(days=1), draft=False)

    def note(day: int, mid: str) -> bytes:
        return samples.build_email(
            from_=_MUSTER, to=fs.USER, subject="Re: Software Developer - Muster Technik GmbH",
            body="Hi Alex,\n\nquick note: I am out of the office until Monday.\n\nAnna\n",
            date=T0 + timedelta(days=day), message_id=mid, in_reply_to="<m1@muster-technik.de>",
            references=["<m1@muster-technik.de>"])

    applied = _row(store)
    deliver(box, note(10, "<m2@muster-technik.de>"))  # to an application that is not silent: nothing changes
    agent.run_pass(T0 + timedelta(days=11), draft=False)
    assert _row(store) == applied
    agent.run_pass(T0 + timedelta(days=60), draft=False)  # followup.ghosted_days (45) of silence
    assert _row(store).status == "no_response"
    deliver(box, note(61, "<m3@muster-technik.de>"))
    agent.run_pass(T0 + timedelta(days=62), draft=False)
    with store.transaction() as conn:
        assert [e.message_id for e in store.application_events(conn, 1)] == ["<m1@muster-technik.de>"]
    assert _row(store).status == "applied"


def test_a_company_name_its_senders_domain_does_not_spell_starts_its_own_application(world):
    """Oracle's own rejection, then "Goldman Sachs Recruiting" from an oracle.com address without a role:
    the host's domain is not Goldman's identity, so the second email does not join Oracle's application."""
    box, agent, store = world
    deliver(box, fs.role_rejection("Oracle", "Cloud Engineer Intern", "Olga Oracle <olga@oracle.com>", T0,
                                   "<o1@oracle.com>"))
    agent.run_pass(T0 + timedelta(days=1), draft=False)
    deliver(box, samples.build_email(
        from_="Goldman Sachs Recruiting <gs-recruiting@oracle.com>", to=fs.USER,
        subject="Your application to Goldman Sachs", date=T0 + timedelta(days=2), message_id="<g1@oracle.com>",
        body=("Dear Alex,\n\nThank you for your interest in Goldman Sachs. Unfortunately we will not be moving "
              "forward with your application at this time.\n\nGoldman Sachs Recruiting\n")))
    agent.run_pass(T0 + timedelta(days=3), draft=False)
    with store.transaction() as conn:
        joined = {e.message_id: e.application_id for app in (1, 2) for e in store.application_events(conn, app)}
    assert joined == {"<o1@oracle.com>": 1, "<g1@oracle.com>": 2}
    assert (_row(store, 2).company, _row(store, 2).role) == ("Goldman Sachs", None)


def test_a_correction_says_whether_the_email_went_on_record(world):
    box, agent, store = world
    note = samples.build_email(from_="Ina Talent <ina@initech.example>", to=fs.USER, subject="Lunch on Friday?",
                               body="Hi Alex,\n\nare you free for lunch on Friday? The usual place.\n\nIna\n",
                               date=T0, message_id="<n1@initech.example>")
    with store.transaction() as conn:
        assert agent.recorder.correct(conn, parse_message(note), "other", T0, T0) == "noted as other"
    with store.transaction() as conn:
        reply = fs.role_rejection("Initech", "QA Lead", "Ina Talent <ina@initech.example>", T0, "<r1@initech.example>")
        assert agent.recorder.correct(conn, parse_message(reply), "rejection", T0, T0) == "recorded as rejection"


def test_the_users_own_addresses_are_every_login_and_the_from_address():
    settings = parse_settings({"imap": {"host": "imap.example.org", "username": "login@example.org"},
                               "followup": {"your_name": "Alex Doe", "from_address": "alex@example.com"}})
    assert user_addresses(settings) == ["login@example.org", "alex@example.com"]
