"""Follow-ups as a reconciliation of facts (agent/followups/plan.py, reconcile.py), and the record
cases that used to go wrong: one application per job, never a check-in to a company that said no, no
plan-then-cancel churn, one recipient rule, one account per application, drafts that are this
database's own. Real passes over the in-memory mailbox, a real SQLite file and the real model."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from agent.demo import samples
from agent.followups.draft import followup_message_id
from agent.followups.reconcile import Reconciler
from agent.followups.rules import FollowupKind, FollowupStatus
from agent.followups.user_actions import ActionRefused, apply
from agent.mail.parse import parse_message
from agent.mail.types import Address
from agent.record.contacts import recipient_rule
from agent.record.outcomes import Recorder
from agent.record.rules import AppStatus, Verdict
from agent.record.store import applications as app_store
from tests import followup_samples as fs
from tests.crashharness import db_rows
from tests.unit.memory_world import USER, deliver, followups, memory_world, outcomes

T0 = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)  # a Monday


_apps, _fus = outcomes, followups


@pytest.fixture
def world(tmp_path, model, store_url):  # on SQLite and on PostgreSQL
    yield (made := memory_world(tmp_path, model, database=store_url))
    made[2].close()


def _email(from_: str, subject: str, body: str, when: datetime, mid: str, **kw) -> bytes:
    return samples.build_email(from_=from_, to=USER, subject=subject, body=body, date=when, message_id=mid, **kw)


def _daemon(agent, start: datetime, days: int, step_hours: int = 12) -> None:
    """Passes every ``step_hours`` for ``days`` days, drafting as the daemon does."""
    t = start
    while t <= start + timedelta(days=days):
        agent.run_pass(t)
        t += timedelta(hours=step_hours)


UMBRELLA_ACK = ("Thank you for your application to Umbrella Health",
                "Hi Alex,\n\nThank you for your application to Umbrella Health for the Machine Learning Engineer "
                "position. We have received it and our team will review it carefully.\n\nBest,\nUmbrella Health "
                "Talent Team\n")
UMBRELLA_REJ = ("Regarding your application",
                "Hi Alex,\n\nThank you for your interest in the Machine Learning Engineer role. Unfortunately, after "
                "careful consideration, we have decided not to move forward with your application at this time. "
                "We wish you the best in your search.\n\nKind regards,\nThe Talent Team\n")


def test_umbrella_health_greenhouse_relay_gives_one_application_and_no_check_in(world):
    box, agent, store = world
    relay = "Umbrella Health <no-reply@us.greenhouse-mail.io>"
    deliver(box, _email(relay, *UMBRELLA_ACK, T0, "<ack-umbrella@greenhouse-mail.io>"))
    deliver(box, _email(relay, *UMBRELLA_REJ, T0 + timedelta(days=12), "<rej-umbrella@greenhouse-mail.io>"))
    box_mail = {m: box.folders["INBOX"].messages for m in ("INBOX",)}
    assert box_mail
    _daemon(agent, T0 + timedelta(hours=1), 40)
    [app] = _apps(store)
    assert app.status == AppStatus.REJECTED and app.company == "Umbrella Health"
    assert not [f for f in _fus(store) if f.kind == FollowupKind.CHECK_IN]
    assert not any(b"any news" in raw.lower() or b"check" in raw.lower() and b"in on" in raw.lower()
                   for raw in box.raw_messages("Drafts"))


def test_lumiere_same_registered_domain_other_sender_gives_one_application(world):
    box, agent, store = world
    deliver(box, _email("Lumière Technologies <recrutement@lumiere-tech.fr>",
                        "Votre candidature chez Lumière Technologies",
                        "Bonjour Alex,\n\nNous vous remercions pour votre candidature au poste d'Ingénieur logiciel "
                        "chez Lumière Technologies. Nous l'étudions avec attention.\n\nL'équipe recrutement\n",
                        T0, "<ack-lumiere@lumiere-tech.fr>"))
    agent.run_pass(T0 + timedelta(hours=1))
    [app] = _apps(store)  # the acknowledgement alone: applied, never a rejection (no thank-you for a no never sent)
    assert app.status == AppStatus.APPLIED
    deliver(box, _email("Camille Laurent <camille.laurent@lumiere-tech.fr>", "Votre candidature",
                        "Bonjour Alex,\n\nNous vous remercions pour l'intérêt porté au poste d'Ingénieur logiciel. "
                        "Malheureusement, nous avons décidé de ne pas donner suite à votre candidature.\n\n"
                        "Cordialement,\nCamille Laurent\n", T0 + timedelta(days=12), "<rej-lumiere@lumiere-tech.fr>"))
    _daemon(agent, T0 + timedelta(hours=2), 40)
    [app] = _apps(store)
    assert app.status == AppStatus.REJECTED
    assert not [f for f in _fus(store) if f.kind == FollowupKind.CHECK_IN]


def test_three_idle_passes_change_no_row(world):
    box, agent, store = world
    deliver(box, fs.role_ack("Initech", "QA Lead", T0, "<a1@initech.example>"))
    deliver(box, samples.interview("Initech", "QA Lead", "Bill L", "bill@initech.example", T0 + timedelta(days=3),
                                   "<i1@initech.example>"))
    deliver(box, samples.rejection("Globex", "Analyst", "Hank <hank@globex.example>", T0 + timedelta(days=2),
                                   "<r1@globex.example>"))
    now = T0 + timedelta(days=30)
    agent.run_pass(now)
    before = db_rows(store_path(store), "followups"), db_rows(store_path(store), "applications")
    for k in range(3):
        report = agent.run_pass(now + timedelta(minutes=5 * (k + 1)))
        assert (report.followups_scheduled, report.cancelled) == (0, 0)
    assert (db_rows(store_path(store), "followups"), db_rows(store_path(store), "applications")) == before


def test_after_the_user_sends_the_interview_thank_you_no_check_in_churns(world):
    box, agent, store = world
    start = T0 + timedelta(days=2, hours=5)
    deliver(box, fs.invitation("Acme", "Backend Engineer", "Jane Miller", "jane@acme.example", T0,
                               "<inv1@acme.example>", start=start))
    agent.run_pass(T0 + timedelta(hours=1))
    agent.run_pass(start + timedelta(hours=3))  # the thank-you is drafted
    [thanks] = [f for f in _fus(store) if f.kind == FollowupKind.INTERVIEW_THANKS]
    assert thanks.status == FollowupStatus.DRAFTED
    draft = next(r for r in box.raw_messages("Drafts") if thanks.draft_message_id.encode() in r)
    box.deliver("Sent", draft.replace(b"\r\n\r\n", b"\r\n\r\n", 1), start + timedelta(hours=4))  # the user sends it
    for day in range(1, 40):
        agent.run_pass(start + timedelta(days=day))
    check_ins = [f for f in _fus(store) if f.kind == FollowupKind.CHECK_IN]
    assert len(check_ins) <= 1 and all(f.status != FollowupStatus.CANCELLED for f in check_ins), check_ins


def test_an_organizer_on_another_domain_is_never_the_recipient():
    raw = fs.invitation("Acme", "Engineer", "Acme Scheduling", "no-reply@acme.test", T0, "<inv@acme.test>",
                        start=T0 + timedelta(days=2))
    email = parse_message(raw)
    evil = Address("Jane Miller", "attacker@evil.test")
    assert recipient_rule(email, evil).contact is None
    assert "ORGANIZER attacker@evil.test" in "; ".join(recipient_rule(email, evil).notes)
    same = Address("Jane Miller", "jane.miller@acme.test")
    assert recipient_rule(email, same).contact == same
    for bad in ("a@x.test,b@evil.test", "jane@acme.test\r\nBcc: x@evil.test", "jane@acme.test b@evil.test"):
        assert recipient_rule(email, Address("J", bad)).contact is None


@pytest.mark.parametrize("sender,reply_to", [
    ("Jobs <no-reply@gmail.com>", "Jane <jane.doe@gmail.com>"),          # a shared mail domain
    ("Team <noreply@acme.github.io>", "Jane <jane@evil.github.io>"),     # two organisations on github.io
])
def test_shared_domains_never_count_as_the_same_organisation(sender, reply_to):
    email = parse_message(_email(sender, "Your application", "We decided not to proceed.", T0, "<x@y.test>",
                                 reply_to=reply_to))
    assert recipient_rule(email).contact is None


def test_a_greenhouse_relay_reply_to_counts_only_on_the_company_domain_the_mail_names():
    relay = "Umbrella Health <no-reply@us.greenhouse-mail.io>"
    named = parse_message(_email(relay, *UMBRELLA_ACK, T0, "<a@g.io>", reply_to="Jane <jane@umbrellahealth.com>"))
    assert recipient_rule(named).contact == Address("Jane", "jane@umbrellahealth.com")
    other = parse_message(_email(relay, *UMBRELLA_ACK, T0, "<b@g.io>", reply_to="Jane <jane@evil.test>"))
    assert recipient_rule(other).contact is None


def test_a_name_alone_from_an_unrelated_domain_is_a_possible_duplicate_not_a_takeover(world):
    box, agent, store = world
    deliver(box, _email("Dana Real <dana@acmeeight-real.test>", "Interview invitation: Platform Engineer at Acme Real",
                        "Hi Alex,\n\nThanks for applying for the Platform Engineer role at Acme Real. We would like "
                        "to invite you to an interview. Could you share a few time slots?\n\nBest,\nDana\n",
                        T0, "<i1@acmeeight-real.test>"))
    deliver(box, _email("Eve <eve@evil-acme.test>", "Your application to Acme Real",
                        "Hi Alex,\n\nThank you for your interest in the Platform Engineer position at Acme Real. "
                        "Unfortunately we have decided to move forward with other candidates.\n\nKind regards,\nEve\n",
                        T0 + timedelta(days=2), "<r1@evil-acme.test>"))
    agent.run_pass(T0 + timedelta(days=3))
    apps = {a.status_message_id: a for a in _apps(store)}
    real, evil = apps["<i1@acmeeight-real.test>"], apps["<r1@evil-acme.test>"]
    assert real.status == AppStatus.INTERVIEW and evil.possible_duplicate_of == real.id
    assert all(f.application_id != real.id or f.to_addr != "eve@evil-acme.test" for f in _fus(store))


def test_linking_crosses_accounts_by_the_thread_only_for_the_company_that_wrote_it(world):
    """Sender and company never link an email to another account's application. Its thread does when the
    company that wrote in it writes again (to the user's other address, citing it); a stranger citing that
    thread is no news of the other account's application: it cancels nothing there, and nothing of it is
    drafted in that account's Drafts to the stranger."""
    _box, agent, store = world
    rec = agent.recorder
    rec.same_person = frozenset({"a", "b"})  # one person's two addresses
    ack = parse_message(samples.interview("Acme", "Engineer", "Jane", "jane@acme.example", T0, "<i1@acme.example>"))
    same_sender = parse_message(samples.interview("Acme", "Engineer", "Jane", "jane@acme.example",
                                                  T0 + timedelta(hours=1), "<i2@acme.example>"))
    stranger = parse_message(_email("Mallory <m@stranger.test>", "Re: Interview invitation", "Hello, any update?",
                                    T0 + timedelta(days=1), "<s1@stranger.test>", in_reply_to="<i1@acme.example>",
                                    references=["<i1@acme.example>"]))
    colleague = parse_message(_email("Kai Ito <kai@acme.example>", "Re: Interview invitation",
                                     "Hi, we have decided not to move forward.", T0 + timedelta(days=2),
                                     "<r1@acme.example>", in_reply_to="<i1@acme.example>",
                                     references=["<i1@acme.example>"]))
    with store.transaction() as conn:
        rec.account = "a"
        _, app_a = rec.record(conn, ack, Verdict("interview", 0.99, 0.0), T0, T0)
        rec.account = "b"
        _, app_b = rec.record(conn, same_sender, Verdict("interview", 0.99, 0.0), T0, T0)
        _, app_stranger = rec.record(conn, stranger, Verdict("interview", 0.99, 0.0), T0, T0)
        _, app_company = rec.record(conn, colleague, Verdict("rejection", 0.99, 0.99), T0, T0)
    assert app_a is not None and app_b is not None and app_a != app_b
    assert app_stranger not in (app_a, app_b)
    assert app_company == app_a  # the company's own domain, in its thread: the "no" of account a's interview


def test_draft_message_ids_are_unique_per_database_and_a_foreign_draft_does_not_count(tmp_path, model):
    box, agent, store = memory_world(tmp_path / "one", model)
    box2, agent2, store2 = memory_world(tmp_path / "two", model)
    try:
        assert agent.drafter.install_id != agent2.drafter.install_id
        assert followup_message_id(4, "example.org", agent.drafter.install_id) != \
            followup_message_id(4, "example.org", agent2.drafter.install_id)
        raw = samples.rejection("Acme", "Engineer", "Jane Miller <jane@acme.example>", T0, "<r1@acme.example>")
        deliver(box, raw)
        agent.run_pass(T0 + timedelta(hours=1))
        [fu] = _fus(store)
        # a draft with this follow-up's Message-ID, written by someone else (no X-Onward-Followup of ours)
        mid = agent.drafter.message_id(fu)
        box.append_draft("Drafts", _email("x@example.org", "Check-in", "another draft", T0, mid))
        report = agent.run_pass(T0 + timedelta(days=30))
        assert report.drafts_saved == 1
        assert sum(mid.encode() in r for r in box.raw_messages("Drafts")) == 2
    finally:
        store.close()
        store2.close()


def test_interview_at_plans_an_interview_thanks_due_as_documented(world, tmp_path):
    box, agent, store = world
    deliver(box, samples.interview("Initech", "QA Lead", "Bill L", "bill@initech.example", T0, "<i1@initech.example>"))
    agent.run_pass(T0 + timedelta(hours=1))
    [app] = _apps(store)
    now = datetime.now(UTC)
    start = now - timedelta(hours=1)
    with store.transaction() as conn:  # what `onward interview APP --at START --minutes 30` records
        from agent.record.store import iso
        store.update_application(conn, app.id, interview_start=iso(start), interview_end=iso(start + timedelta(minutes=30)),
                                 interview_set_at=iso(now))
        Reconciler(store, agent.settings.followup).run(conn, now, [app.id])
    [fu] = [f for f in _fus(store) if f.kind == FollowupKind.INTERVIEW_THANKS]
    from agent.followups.kinds import interview_thanks_due
    assert fu.due_at == iso(interview_thanks_due(start + timedelta(minutes=30), agent.settings.followup.tz))
    assert (fu.to_addr, fu.in_reply_to) == ("bill@initech.example", "<i1@initech.example>")


def _interview_set_by_hand(agent, store, app_id: int, start: datetime, now: datetime) -> None:
    """What `onward interview APP --at START --minutes 45` records and reconciles, at ``now``."""
    with store.transaction() as conn:
        Recorder.for_settings(store, agent.settings).set_interview(conn, app_id, start, start + timedelta(minutes=45),
                                                                   now)
        Reconciler(store, agent.settings.followup).run(conn, now, [app_id])


def test_an_interview_entered_by_hand_breaks_the_silence_no_check_in_asks_for_news_before_it(world):
    """The user types the time of an interview the company arranged by phone (no email): no "any news?"
    while it is ahead - the silence after the application ended when the user learnt of the interview,
    as an invitation email would end it - and the check-in comes check_in_days after the interview."""
    box, agent, store = world
    deliver(box, fs.role_ack("Initech", "QA Lead", T0, "<a1@initech.example>"))
    agent.run_pass(T0 + timedelta(hours=1))
    [app] = _apps(store)
    _interview_set_by_hand(agent, store, app.id, T0 + timedelta(days=20, hours=5), T0 + timedelta(days=3))
    _daemon(agent, T0 + timedelta(days=3), days=17)  # to the interview's morning
    assert [f.kind for f in _fus(store)] == [FollowupKind.INTERVIEW_THANKS]  # and no check-in, live or not
    assert box.raw_messages("Drafts") == []
    _daemon(agent, T0 + timedelta(days=20, hours=12), days=18)
    [check_in] = [f for f in _fus(store) if f.kind == FollowupKind.CHECK_IN]
    assert check_in.status == FollowupStatus.NEEDS_RECIPIENT or check_in.draft_message_id
    assert datetime.fromisoformat(check_in.due_at) >= T0 + timedelta(days=20 + 14)


def test_an_interview_entered_by_hand_after_a_silence_was_due_ends_its_check_in_with_that_fact(world):
    """The check-in was due on day 14 but no pass ran since (the laptop was shut); on day 16 the user
    enters the interview: the check-in is kept cancelled with the interview as the fact that ended it, as
    a company email on day 16 would, and no draft asks for news. (A check-in whose draft is already saved
    stays the user's to send or delete, as after any news that is not a rejection or an offer.)"""
    box, agent, store = world
    deliver(box, fs.role_ack("Initech", "QA Lead", T0, "<a1@initech.example>"))
    agent.run_pass(T0 + timedelta(hours=1))
    [app] = _apps(store)
    _interview_set_by_hand(agent, store, app.id, T0 + timedelta(days=25), T0 + timedelta(days=16))
    agent.run_pass(T0 + timedelta(days=16, hours=1))
    [ci] = [f for f in _fus(store) if f.kind == FollowupKind.CHECK_IN]
    assert (ci.status, ci.ended_by, ci.draft_message_id) == (FollowupStatus.CANCELLED, "interview", None)
    assert ci.reason == "you entered the interview's time (onward interview --at)"
    assert box.raw_messages("Drafts") == []


def test_an_interview_entered_again_with_a_new_time_is_news_from_when_it_was_first_entered(world):
    """The user types the interview on day 3, then on day 16 types its new time (it was moved): the silence
    after the application still ended on day 3 - the check-in due on day 14 never was, so it neither uses
    up ``max_check_ins`` (1) nor leaves a row - and the check-in after the interview is drafted."""
    box, agent, store = world
    deliver(box, fs.role_ack("Initech", "QA Lead", T0, "<a1@initech.example>"))
    agent.run_pass(T0 + timedelta(hours=1))
    [app] = _apps(store)
    _interview_set_by_hand(agent, store, app.id, T0 + timedelta(days=20, hours=5), T0 + timedelta(days=3))
    _daemon(agent, T0 + timedelta(days=3), days=13)
    _interview_set_by_hand(agent, store, app.id, T0 + timedelta(days=22, hours=5), T0 + timedelta(days=16, hours=1))
    _daemon(agent, T0 + timedelta(days=16, hours=12), days=22)
    [check_in] = [f for f in _fus(store) if f.kind == FollowupKind.CHECK_IN]
    assert check_in.status != FollowupStatus.CANCELLED
    assert datetime.fromisoformat(check_in.due_at) >= T0 + timedelta(days=22 + 14)


def test_an_interview_typed_after_the_end_of_the_one_typed_before_is_news_from_then(world):
    """Typed before the earlier one's end, a time moves that interview (known from its first entry); typed
    after it, it is another interview (a second round), known from when it was typed."""
    box, agent, store = world
    deliver(box, fs.role_ack("Initech", "QA Lead", T0, "<a1@initech.example>"))
    agent.run_pass(T0 + timedelta(hours=1))
    [app] = _apps(store)

    def known_at():
        with store.transaction() as conn:
            [f] = app_store.application_facts(conn, [app.id])
        assert f.interview is not None
        return f.interview.known_at

    _interview_set_by_hand(agent, store, app.id, T0 + timedelta(days=5), T0 + timedelta(days=3))
    _interview_set_by_hand(agent, store, app.id, T0 + timedelta(days=6), T0 + timedelta(days=4))
    assert known_at() == T0 + timedelta(days=3)
    _interview_set_by_hand(agent, store, app.id, T0 + timedelta(days=12), T0 + timedelta(days=10))
    assert known_at() == T0 + timedelta(days=10)


def test_an_email_after_an_interview_entered_by_hand_leaves_the_application_at_the_interview_stage(world):
    """Another acknowledgement after the user typed the interview: the record's status counts the typed
    interview as an interview email from when it was entered (as planning does), not only the emails."""
    box, agent, store = world
    deliver(box, fs.role_ack("Initech", "QA Lead", T0, "<a1@initech.example>"))
    agent.run_pass(T0 + timedelta(hours=1))
    [app] = _apps(store)
    _interview_set_by_hand(agent, store, app.id, T0 + timedelta(days=9), T0 + timedelta(days=3))
    deliver(box, fs.role_ack("Initech", "QA Lead", T0 + timedelta(days=4), "<a2@initech.example>"))
    agent.run_pass(T0 + timedelta(days=4, hours=1))
    assert [(a.id, a.status) for a in _apps(store)] == [(app.id, AppStatus.INTERVIEW)]


def test_an_invitation_email_after_the_interview_was_entered_by_hand_keeps_the_news_at_the_entry(world):
    """The user types on day 10 the interview the company arranged by phone; its calendar invitation comes on
    day 15: the silence after the application still ended on day 10 - the check-in due on day 14 never was,
    so it does not use up ``max_check_ins`` (1) - and the check-in after the interview is planned."""
    box, agent, store = world
    deliver(box, fs.role_ack("Initech", "QA Lead", T0, "<a1@initech.example>"))
    agent.run_pass(T0 + timedelta(hours=1))
    [app] = _apps(store)
    start = T0 + timedelta(days=20, hours=5)
    _interview_set_by_hand(agent, store, app.id, start, T0 + timedelta(days=10))
    _daemon(agent, T0 + timedelta(days=10), days=4)
    deliver(box, fs.invitation("Initech", "QA Lead", "Bill L", "bill@initech.example", T0 + timedelta(days=15),
                               "<i1@initech.example>", start=start, minutes=45, in_reply_to="<a1@initech.example>"))
    _daemon(agent, T0 + timedelta(days=15, hours=1), days=22)
    assert [a.id for a in _apps(store)] == [app.id]
    [check_in] = [f for f in _fus(store) if f.kind == FollowupKind.CHECK_IN]
    assert check_in.status != FollowupStatus.CANCELLED
    assert datetime.fromisoformat(check_in.due_at) >= start + timedelta(days=14)


def test_a_check_in_cannot_be_restored_while_an_interview_is_ahead(world):
    """The check-in the typed interview ended cannot be brought back before that interview: it would ask for
    news the user is about to get (exit 2, the reason named)."""
    box, agent, store = world
    deliver(box, fs.role_ack("Initech", "QA Lead", T0, "<a1@initech.example>"))
    agent.run_pass(T0 + timedelta(hours=1))
    [app] = _apps(store)
    _interview_set_by_hand(agent, store, app.id, T0 + timedelta(days=25), T0 + timedelta(days=16))
    [ci] = [f for f in _fus(store) if f.kind == FollowupKind.CHECK_IN]
    with pytest.raises(ActionRefused, match="interview ahead"), store.transaction() as conn:
        apply(store, conn, agent.settings.followup, ci.id, "restore", T0 + timedelta(days=16, hours=1))


def test_no_check_in_is_kept_for_a_rejected_application_and_restore_is_refused(world):
    box, agent, store = world
    deliver(box, fs.role_ack("Initech", "QA Lead", T0, "<a1@initech.example>"))
    agent.run_pass(T0 + timedelta(days=16))  # the check-in is drafted (no recipient: a no-reply ack)
    [ci] = _fus(store)
    assert ci.kind == FollowupKind.CHECK_IN and ci.draft_message_id
    deliver(box, samples.rejection("Initech", "QA Lead", "Bill L <bill@initech.example>", T0 + timedelta(days=17),
                                   "<r1@initech.example>"))
    agent.run_pass(T0 + timedelta(days=18))
    ci = next(f for f in _fus(store) if f.id == ci.id)
    assert ci.status == FollowupStatus.CANCELLED and "do not send" in ci.reason


def store_path(store):
    """The SQLite file, or the URL of the server database, behind ``store`` (for db_rows)."""
    from agent.config import database_path
    url = store.engine.url.render_as_string(hide_password=False)
    return database_path(url) or url


def test_after_a_merge_no_saved_check_in_invites_sending(world):
    box, agent, store = world
    # the old bug: the rejection opened a second application, the first one's check-in was drafted
    deliver(box, fs.role_ack("Umbrella Health", "Machine Learning Engineer", T0, "<a1@umbrella.example>"))
    agent.run_pass(T0 + timedelta(days=16))
    deliver(box, _email("Omar <omar@other-umbrella.example>", "Your application",
                        "Hi Alex,\n\nThank you for your interest. Unfortunately we have decided not to move "
                        "forward with your application.\n\nBest,\nOmar\n", T0 + timedelta(days=17), "<r1@x.example>"))
    agent.run_pass(T0 + timedelta(days=18))
    apps = _apps(store)
    if len(apps) == 1:
        pytest.skip("linked without a merge")  # the record joined them already: nothing to merge
    keep, gone = sorted(a.id for a in apps)
    from agent.record.outcomes import Recorder
    from agent.record.store import applications as app_store
    with store.transaction() as conn:  # what `onward merge KEEP GONE` does
        app_store.merge(conn, keep, gone, T0.isoformat())
        Recorder.for_settings(store, agent.settings).refresh_status(conn, keep, T0 + timedelta(days=18))
        Reconciler(store, agent.settings.followup).run(conn, T0 + timedelta(days=18), [keep])
    from agent.cli.common import followup_json
    with store.transaction() as conn:
        rows = [followup_json(r) for r in store.list_followups(conn)]
    check_ins = [r for r in rows if r["kind"] == FollowupKind.CHECK_IN]
    assert check_ins and all(r["status"] == "cancelled" and r["fix"] is None for r in check_ins), check_ins
    assert all("do not send" in r["reason"] for r in check_ins if r["draft_message_id"])


def test_a_stale_check_in_the_user_sent_anyway_is_onwards_own_mail_not_a_reply_that_ends_the_thank_you(world):
    """The check-in was drafted, then the company said no: Onward cancelled it ("do not send its draft").
    The user sent it all the same. It is still Onward's own text, not the user's own reply after the
    rejection: the rejection's thank-you is drafted when due, not cancelled as "you already replied"."""
    box, agent, store = world
    deliver(box, fs.role_ack("Initech", "QA Lead", T0, "<a1@initech.example>"))
    agent.run_pass(T0 + timedelta(days=15))
    [check_in] = _fus(store)
    assert check_in.draft_message_id
    deliver(box, samples.rejection("Initech", "QA Lead", "Bill L <bill@initech.example>", T0 + timedelta(days=16),
                                   "<r1@initech.example>"))
    agent.run_pass(T0 + timedelta(days=16, hours=1))
    [draft] = box.raw_messages("Drafts")
    sent = re.sub(rb"\r\nDate: [^\r]*", b"\r\nDate: " + format_datetime(T0 + timedelta(days=16, hours=3)).encode(),
                  draft.replace(b"\r\nTo: ", b"\r\nX-Was-To: ", 1), count=1).replace(
        b"\r\nSubject: ", b"\r\nTo: Bill L <bill@initech.example>\r\nSubject: ", 1)  # Bill added, sent then
    assert sent.count(b"Date: ") == 1 and b"bill@initech.example" in sent
    deliver(box, sent, "Sent")
    _daemon(agent, T0 + timedelta(days=17), days=24, step_hours=24)  # past the thank-you's due time
    thanks = next(f for f in _fus(store) if f.kind == FollowupKind.REJECTION_THANKS)
    assert thanks.status == FollowupStatus.DRAFTED and thanks.to_addr == "bill@initech.example", thanks.reason


def test_a_cancelled_interview_cancels_its_thank_you_and_says_which_email_cancelled_it(world):
    """An update of the invitation with METHOD:CANCEL (same UID, in the thread): the interview's time is
    cleared and its thank-you cancelled, with the cancelling email named - no thank-you for an interview
    that never took place."""
    box, agent, store = world
    start = T0 + timedelta(days=6, hours=5)
    deliver(box, fs.invitation("Initech", "QA Lead", "Bill L", "bill@initech.example", T0, "<i1@initech.example>",
                               start=start, uid="ev-42"))
    agent.run_pass(T0 + timedelta(hours=1))
    [thanks] = _fus(store)
    assert thanks.kind == FollowupKind.INTERVIEW_THANKS and thanks.status == FollowupStatus.SCHEDULED
    deliver(box, fs.invitation("Initech", "QA Lead", "Bill L", "bill@initech.example", T0 + timedelta(days=2),
                               "<c1@initech.example>", start=start, uid="ev-42", sequence=1,
                               in_reply_to="<i1@initech.example>", method="CANCEL"))
    agent.run_pass(T0 + timedelta(days=2, hours=1))
    [app] = _apps(store)
    assert (app.interview_start, app.interview_cancelled_by) == (None, "<c1@initech.example>")
    thanks = next(f for f in _fus(store) if f.id == thanks.id)
    assert (thanks.status, thanks.reason) == (FollowupStatus.CANCELLED,
                                              "the interview was cancelled (<c1@initech.example>)")
    _daemon(agent, T0 + timedelta(days=2), days=8)
    assert box.raw_messages("Drafts") == []


def test_the_users_own_mail_in_the_thread_is_not_the_company_writing_again(world):
    """Unanswered for 45 days, the application is `no_response`; the user's own mail in its thread (a copy
    of what they sent, in INBOX) is no news from the company: it stays `no_response`. The company's reply
    in the same thread revives it."""
    box, agent, store = world
    deliver(box, _email("Jane Roe <jane@initech.example>", "Your application",
                        "Hi Alex,\n\nThanks for applying to the QA Lead role at Initech. We have received your "
                        "application and will review it.\n\nJane\n", T0, "<a1@initech.example>"))
    agent.run_pass(T0 + timedelta(hours=1))
    agent.run_pass(T0 + timedelta(days=50))
    [app] = _apps(store)
    assert app.status == AppStatus.NO_RESPONSE
    deliver(box, samples.build_email(from_=USER, to="Jane Roe <jane@initech.example>", subject="Re: Your application",
                                     body="Hi Jane,\n\nI wanted to ask whether there is any news.\n\nAlex\n",
                                     date=T0 + timedelta(days=51), message_id="<mine@example.org>",
                                     in_reply_to="<a1@initech.example>", references=["<a1@initech.example>"]))
    agent.run_pass(T0 + timedelta(days=51, hours=1))
    assert _apps(store)[0].status == AppStatus.NO_RESPONSE
    deliver(box, _email("Jane Roe <jane@initech.example>", "Re: Your application",
                        "Hi Alex,\n\nSorry for the wait, we are still reviewing applications.\n\nJane\n",
                        T0 + timedelta(days=52), "<a2@initech.example>", in_reply_to="<mine@example.org>",
                        references=["<a1@initech.example>", "<mine@example.org>"]))
    agent.run_pass(T0 + timedelta(days=52, hours=1))
    assert _apps(store)[0].status == AppStatus.APPLIED
