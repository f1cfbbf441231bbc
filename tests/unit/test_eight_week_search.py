"""A new user's eight weeks: an agency recruiter, two roles at one company, a rejection after the
interview thank-you was saved. Real passes over the in-memory mailbox, a real SQLite file and the real model."""

from __future__ import annotations

import email
import email.policy
import tempfile
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent.cli import main
from agent.demo import samples
from agent.followups.rules import FollowupKind, FollowupStatus, user_already_wrote
from agent.mail.parse import parse_message
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, followups, memory_world, outcomes

T0 = datetime(2026, 9, 14, 9, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def world(tmp_path, model):
    yield (made := memory_world(tmp_path, model))
    made[2].close()


def test_a_saved_interview_thank_you_is_marked_do_not_send_when_the_rejection_comes(world):
    """The thank-you for the interview waits in Drafts, unsent; the next day the company says no. Sending it
    then ("what I heard made me keener; tell me if you need anything more") would answer a no as if it were
    still open, beside the rejection's own thank-you: like a stale check-in it is marked "do not send"."""
    box, agent, store = world
    start = T0 + timedelta(days=3)
    deliver(box, fs.invitation("Van Dijk", "Data Scientist", "Sanne de Vries", "sanne@vandijk.example", T0,
                               "<inv@vandijk.example>", start=start))
    agent.run_pass(T0 + timedelta(hours=1))
    agent.run_pass(start + timedelta(hours=4))
    [thanks] = followups(store)
    assert thanks.kind == FollowupKind.INTERVIEW_THANKS and thanks.status == FollowupStatus.DRAFTED
    deliver(box, samples.rejection("Van Dijk", "Data Scientist", "Sanne de Vries <sanne@vandijk.example>",
                                   start + timedelta(days=1), "<rej@vandijk.example>", in_reply_to="<inv@vandijk.example>",
                                   references=["<inv@vandijk.example>"]))
    agent.run_pass(start + timedelta(days=1, hours=2))
    thanks = next(f for f in followups(store) if f.id == thanks.id)
    assert thanks.status == FollowupStatus.CANCELLED and "do not send" in (thanks.reason or ""), thanks
    assert [f.kind for f in followups(store) if f.status == FollowupStatus.SCHEDULED] == [FollowupKind.REJECTION_THANKS]


def _contoso_ack(role: str, when: datetime, mid: str) -> bytes:
    return samples.build_email(
        from_="Contoso Careers <careers@contoso.example>", to=samples.USER, subject=f"Thank you for applying - {role}",
        date=when, message_id=mid,
        body=f"Dear Alex,\n\nThank you for applying for the {role} position at Contoso. We have received your "
             "application and our recruiting team will review it shortly.\n\nContoso Talent Team\n")


def test_the_hint_for_a_rejection_naming_no_role_names_every_application_it_may_belong_to(world, tmp_path, capsys):
    """Two roles at Contoso from one careers@ address; the rejection names neither ("the analyst position"):
    it is its own application, flagged. The hint said "the same company name from another domain" (the domain
    is the same) and offered one merge - into the Data Engineer application, the one invited to an interview:
    following it would have recorded that one rejected and ended its interview thank-you. It names both."""
    box, agent, store = world
    deliver(box, _contoso_ack("Product Analyst", T0, "<ack-pa@contoso.example>"))
    deliver(box, _contoso_ack("Data Engineer", T0 + timedelta(days=1), "<ack-de@contoso.example>"))
    deliver(box, samples.build_email(
        from_="Contoso Careers <careers@contoso.example>", to=samples.USER, subject="Your application to Contoso",
        date=T0 + timedelta(days=8), message_id="<rej@contoso.example>",
        body="Dear Alex,\n\nThank you for your interest in Contoso and for the time you invested in applying for the "
             "analyst position. After careful consideration, we have decided to pursue other candidates whose "
             "experience more closely matches our needs.\n\nContoso Talent Team\n"))
    agent.run_pass(T0 + timedelta(days=8, hours=2))
    cfg = tmp_path / "onward.toml"
    cfg.write_text(f'[storage]\ndatabase = "sqlite:///{tmp_path / "onward.db"}"\n', encoding="utf-8")
    assert main(["--config", str(cfg), "outcomes"]) == 0
    [hint] = [line for line in capsys.readouterr().out.splitlines() if "may be a duplicate" in line]
    assert "another domain" not in hint
    assert "#1 (Product Analyst)" in hint and "#2 (Data Engineer)" in hint, hint
    assert "onward merge 2 3" not in hint, hint


def test_a_check_in_answers_portuguese_from_portugal_in_the_portuguese_of_portugal(world):
    """The acknowledgement is written as in Portugal ("a nossa equipa", "entraremos em contacto consigo", "Com os
    melhores cumprimentos") under a neutral subject, from a domain that is neither .pt nor .br: the check-in was
    written as in Brazil ("Prezada equipe", "Vocês poderiam me informar"), though `followup.portuguese = "auto"`
    promises Portuguese as the company writes it. The email's own words count, not only its subject."""
    box, agent, store = world
    deliver(box, samples.build_email(
        from_="Recrutamento Solaris <recrutamento@solaris.example>", to=samples.USER,
        subject="Candidatura recebida - Analista de Dados", date=T0, message_id="<ack@solaris.example>",
        body="Olá Alex,\n\nObrigado pela sua candidatura à vaga de Analista de Dados na Solaris. Recebemos o seu "
             "currículo e a nossa equipa vai analisá-lo com atenção. Entraremos em contacto consigo em breve.\n\n"
             "Com os melhores cumprimentos,\nEquipa de Recrutamento Solaris\n"))
    agent.run_pass(T0 + timedelta(hours=1))
    agent.run_pass(T0 + timedelta(days=16))
    [check_in] = followups(store)
    assert check_in.kind == FollowupKind.CHECK_IN and check_in.language == "pt"
    [draft] = [email.message_from_bytes(raw, policy=email.policy.default).get_content()
               for raw in box.raw_messages("Drafts")]
    assert "equipe" not in draft.lower() and "Prezad" not in draft, draft


def test_the_users_own_interview_thank_you_does_not_end_the_check_in_after_the_interview(world):
    """The user thanked the interviewer from their mail client an hour after the interview, before Onward's
    thank-you was due: that thank-you is cancelled ("you already replied"), rightly. Then the company fell
    silent for weeks - and no check-in ever came: the same mail, written after the interview's end, also ended
    the check-in for the silence after it, and counted as the one check-in allowed. Onward's own thank-you,
    sent, ends nothing; the user's own, standing in for it, must not either."""
    box, agent, store = world
    start = T0 + timedelta(days=2)
    deliver(box, fs.invitation("Contoso", "Data Engineer", "Priya Shah", "priya@contoso.example", T0,
                               "<inv@contoso.example>", start=start))
    agent.run_pass(T0 + timedelta(hours=1))
    deliver(box, samples.build_email(
        from_=samples.USER, to="Priya Shah <priya@contoso.example>", subject="Re: Interview invitation",
        body="Hi Priya,\n\nThank you for your time today - I enjoyed our conversation.\n\nBest,\nAlex\n",
        date=start + timedelta(hours=1, minutes=30), message_id="<mine@example.org>",
        in_reply_to="<inv@contoso.example>", references=["<inv@contoso.example>"]), "Sent")
    t = start + timedelta(hours=1, minutes=45)
    while t < start + timedelta(days=17):
        agent.run_pass(t)
        t += timedelta(hours=12)
    kinds = {f.kind: f for f in followups(store)}
    assert kinds[FollowupKind.INTERVIEW_THANKS].status == FollowupStatus.CANCELLED
    check_in = kinds.get(FollowupKind.CHECK_IN)
    assert check_in is not None and check_in.status == FollowupStatus.DRAFTED, check_in


def test_a_saved_check_in_is_marked_do_not_send_when_the_company_writes_with_news(world):
    """The check-in ("could you let me know where the process stands?") was saved in Drafts in the morning; at
    noon, before the user sent it, the company invited them to an interview. Sent then, it asks for news just
    given. Like a check-in of an application rejected since, it is marked "do not send"."""
    box, agent, store = world
    deliver(box, _contoso_ack("Data Engineer", T0, "<ack-de@contoso.example>"))
    agent.run_pass(T0 + timedelta(hours=1))
    agent.run_pass(T0 + timedelta(days=15))
    [check_in] = followups(store)
    assert check_in.kind == FollowupKind.CHECK_IN and check_in.status == FollowupStatus.NEEDS_RECIPIENT
    assert check_in.draft_message_id
    deliver(box, fs.invitation("Contoso", "Data Engineer", "Priya Shah", "priya@contoso.example",
                               T0 + timedelta(days=15, hours=3), "<inv@contoso.example>",
                               start=T0 + timedelta(days=20)))
    agent.run_pass(T0 + timedelta(days=15, hours=4))
    check_in = next(f for f in followups(store) if f.id == check_in.id)
    assert check_in.status == FollowupStatus.CANCELLED and "do not send" in (check_in.reason or ""), check_in


def test_a_saved_rejection_thank_you_is_marked_do_not_send_when_the_company_reopens_the_role(world):
    """The thank-you for the rejection ("... for letting me know your decision; I would be glad to be considered
    for a future opening") waits in Drafts; then the company writes in the rejection's thread that the role has
    reopened. Sent now it would answer that question with a goodbye: it is marked "do not send"."""
    box, agent, store = world
    deliver(box, samples.rejection("Globex", "QA Engineer", "Mark Stone <mark@globex.example>", T0,
                                   "<rej@globex.example>"))
    agent.run_pass(T0 + timedelta(hours=1))
    agent.run_pass(T0 + timedelta(days=22))
    [thanks] = followups(store)
    assert thanks.kind == FollowupKind.REJECTION_THANKS and thanks.status == FollowupStatus.DRAFTED
    deliver(box, samples.build_email(
        from_="Mark Stone <mark@globex.example>", to=samples.USER, subject="Re: Your application to Globex",
        date=T0 + timedelta(days=30), message_id="<reopen@globex.example>", in_reply_to="<rej@globex.example>",
        references=["<rej@globex.example>"],
        body="Hi Alex,\n\nGood news: the QA Engineer position has reopened as our chosen candidate withdrew. Would "
             "you still be interested? If so, I'd like to schedule an interview with the team next week.\n\n"
             "Best regards,\nMark Stone\n"))
    agent.run_pass(T0 + timedelta(days=30, hours=2))
    thanks = next(f for f in followups(store) if f.id == thanks.id)
    assert thanks.status == FollowupStatus.CANCELLED and "do not send" in (thanks.reason or ""), thanks


def _interviewed(box, agent, *, draft: bool) -> datetime:
    """Van Dijk's invitation to an interview three days on, and a pass after it - saving its thank-you in Drafts
    when ``draft``; returns the moment of that pass."""
    start = T0 + timedelta(days=3)
    deliver(box, fs.invitation("Van Dijk", "Data Scientist", "Sanne de Vries", "sanne@vandijk.example", T0,
                               "<inv@vandijk.example>", start=start))
    agent.run_pass(T0 + timedelta(hours=1))
    agent.run_pass(start + timedelta(hours=4), draft=draft)
    return start + timedelta(hours=4)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hours=st.integers(1, 24 * 20), sent_first=st.booleans())
def test_a_saved_interview_thank_you_is_sent_or_marked_do_not_send_never_left_to_send(model, hours, sent_first):
    """Whatever the time between the saved thank-you and the rejection: a thank-you the user sent before the pass
    that read the rejection is ``sent``; one still in Drafts is cancelled, "do not send"."""
    with tempfile.TemporaryDirectory() as tmp:
        box, agent, store = memory_world(Path(tmp), model)
        try:
            saved = _interviewed(box, agent, draft=True)
            [draft] = box.raw_messages("Drafts")
            if sent_first:  # the copy the mail client keeps: the draft's Message-ID
                deliver(box, draft, "Sent")
            rejected = saved + timedelta(hours=hours)
            deliver(box, samples.rejection("Van Dijk", "Data Scientist", "Sanne de Vries <sanne@vandijk.example>",
                                           rejected, "<rej@vandijk.example>", in_reply_to="<inv@vandijk.example>",
                                           references=["<inv@vandijk.example>"]))
            agent.run_pass(rejected + timedelta(hours=1))
            [thanks] = [f for f in followups(store) if f.kind == FollowupKind.INTERVIEW_THANKS]
            if sent_first:
                assert thanks.status == FollowupStatus.SENT, thanks
            else:
                assert thanks.status == FollowupStatus.CANCELLED and "do not send" in (thanks.reason or ""), thanks
        finally:
            store.close()


def _offer(when: datetime) -> bytes:
    return samples.build_email(
        from_="Sanne de Vries <sanne@vandijk.example>", to=samples.USER, subject="Re: Your offer from Van Dijk",
        date=when, message_id="<offer@vandijk.example>", in_reply_to="<inv@vandijk.example>",
        references=["<inv@vandijk.example>"],
        body="Dear Alex,\n\nWe are delighted to offer you the Data Scientist position. Your offer letter is "
             "attached.\n\nBest,\nSanne de Vries\n")


@settings(max_examples=8, deadline=None)
@given(hours=st.integers(1, 24 * 10), state=st.sampled_from(["waiting", "saved", "sent"]))
def test_an_interview_thank_you_is_sent_or_cancelled_when_the_offer_comes_never_left_to_send(model, hours, state):
    """The offer comes after the interview: a thank-you "looking forward to hearing about the next steps" no
    longer fits. One not yet saved is cancelled; one saved in Drafts is marked "do not send" (as after a
    rejection); one the user sent stays sent."""
    with tempfile.TemporaryDirectory() as tmp:
        box, agent, store = memory_world(Path(tmp), model)
        try:
            saved = _interviewed(box, agent, draft=state != "waiting")
            if state == "sent":
                [draft] = box.raw_messages("Drafts")
                deliver(box, draft, "Sent")
            offered = saved + timedelta(hours=hours)
            deliver(box, _offer(offered))
            agent.run_pass(offered + timedelta(hours=1))
            [thanks] = [f for f in followups(store) if f.kind == FollowupKind.INTERVIEW_THANKS]
            assert [a.status for a in outcomes(store)] == ["offer"]
            if state == "sent":
                assert thanks.status == FollowupStatus.SENT, thanks
            elif state == "saved":
                assert thanks.status == FollowupStatus.CANCELLED and thanks.ended_by == "<offer@vandijk.example>"
                assert thanks.reason == "the application got an offer: do not send its draft in Drafts (delete it " \
                    "there)", thanks
            else:
                assert (thanks.status, thanks.reason, thanks.draft_message_id) == \
                    (FollowupStatus.CANCELLED, "the application got an offer", None), thanks
        finally:
            store.close()


def _invited_then_rejected(model, rejected_after_start: timedelta) -> str:
    """The rejection thank-you's template when the company says no ``rejected_after_start`` after the start of
    the one interview on record (negative: before it)."""
    with tempfile.TemporaryDirectory() as tmp:
        box, agent, store = memory_world(Path(tmp), model)
        try:
            start = T0 + timedelta(days=10)
            deliver(box, fs.invitation("Initech", "QA Lead", "Bill Lumbergh", "bill@initech.example", T0,
                                       "<inv@initech.example>", start=start))
            agent.run_pass(T0 + timedelta(hours=1))
            rejected = start + rejected_after_start
            deliver(box, samples.build_email(
                from_="Bill Lumbergh <bill@initech.example>", to=samples.USER,
                subject="Re: Interview invitation: QA Lead at Initech", date=rejected, message_id="<rej@initech.example>",
                in_reply_to="<inv@initech.example>", references=["<inv@initech.example>"],
                body="Hi Alex,\n\nI'm sorry to let you know that we have decided not to move forward with your "
                     "application for the QA Lead role.\n\nKind regards,\nBill Lumbergh\n"))
            agent.run_pass(rejected + timedelta(hours=2))
            [thanks] = [f for f in followups(store) if f.kind == FollowupKind.REJECTION_THANKS]
            return thanks.template or ""
        finally:
            store.close()


def test_a_rejection_before_the_interview_is_not_thanked_for_the_interview(model):
    """The company said no six days before the interview on record: the thank-you thanked "for the time you
    spent with me in the interview" and asked what to do better - for an interview that never took place."""
    assert _invited_then_rejected(model, -timedelta(days=6)) == "rejection_thanks/after_application"
    assert _invited_then_rejected(model, timedelta(days=1)) == "rejection_thanks/after_interview"


@settings(max_examples=10, deadline=None)
@given(hours=st.integers(-24 * 9, 24 * 10).filter(lambda h: h not in (0, 1)))
def test_the_rejection_thanks_for_the_interview_only_when_it_had_begun(model, hours):
    template = _invited_then_rejected(model, timedelta(hours=hours))
    assert template == ("rejection_thanks/after_interview" if hours > 0 else "rejection_thanks/after_application")


def test_a_saved_rejection_thank_you_is_marked_do_not_send_when_the_user_says_it_was_no_rejection(world, tmp_path):
    """The thank-you for a "rejection" is in Drafts; the user corrects the email: it was no rejection (`onward label
    MID other`). The thank-you ("... for letting me know your decision") stayed to be sent to a company that
    decided nothing: it is marked "do not send", as a stale check-in is."""
    box, agent, store = world
    deliver(box, _contoso_ack("Data Engineer", T0, "<ack-de@contoso.example>"))
    deliver(box, samples.rejection("Contoso", "Data Engineer", "Priya Shah <priya@contoso.example>",
                                   T0 + timedelta(days=2), "<rej@contoso.example>"))
    agent.run_pass(T0 + timedelta(days=2, hours=1))
    agent.run_pass(T0 + timedelta(days=24))
    [thanks] = followups(store)
    assert thanks.kind == FollowupKind.REJECTION_THANKS and thanks.status == FollowupStatus.DRAFTED
    cfg = tmp_path / "onward.toml"
    cfg.write_text(f'[followup]\ntimezone = "UTC"\n\n[storage]\ndatabase = "sqlite:///{tmp_path / "onward.db"}"\n',
                   encoding="utf-8")
    assert main(["--config", str(cfg), "label", "<rej@contoso.example>", "other"]) == 0
    thanks = next(f for f in followups(store) if f.id == thanks.id)
    assert thanks.status == FollowupStatus.CANCELLED and "do not send" in (thanks.reason or ""), thanks


def test_forwarding_the_rejection_to_a_friend_keeps_its_thank_you(world):
    """The user forwarded the rejection to a friend ("Fwd: ...", to a gmail.com address); their mail client kept
    the thread's headers on the forward (Gmail does). The thank-you was cancelled: "you already replied in the
    thread after the rejection" - a reply to nobody at the company."""
    box, agent, store = world
    deliver(box, samples.rejection("Globex", "QA Engineer", "Mark Stone <mark@globex.example>", T0,
                                   "<rej@globex.example>"))
    agent.run_pass(T0 + timedelta(hours=1))
    deliver(box, samples.build_email(
        from_=samples.USER, to="Sam Doe <sam.doe@gmail.com>", subject="Fwd: Your application to Globex",
        body="Another one...\n\n---------- Forwarded message ---------\nFrom: Mark Stone\n", date=T0 + timedelta(hours=3),
        message_id="<fwd@example.org>", in_reply_to="<rej@globex.example>", references=["<rej@globex.example>"]), "Sent")
    agent.run_pass(T0 + timedelta(days=22))
    [thanks] = followups(store)
    assert thanks.status == FollowupStatus.DRAFTED, thanks


_FORWARDS = ["Fwd", "FW", "WG", "TR", "RV", "I", "ENC", "Doorst"]


@given(kind=st.sampled_from(list(FollowupKind)), prefix=st.sampled_from(["", "Re", "AW", "SV", *_FORWARDS]),
       to=st.sampled_from(["sam.doe@gmail.com", "mark@globex.example", "bob@globex.example"]))
def test_only_a_forward_to_nobody_of_the_company_leaves_a_follow_up_in_the_thread(kind, prefix, to):
    """Property: a mail of the user's in the thread makes the follow-up moot, unless it is a forward addressed to
    nobody on the company's domain."""
    subject = f"{prefix}: Your application" if prefix else "Your application"
    mail = parse_message((f"From: Alex <alex@example.org>\r\nTo: {to}\r\nSubject: {subject}\r\n"
                          f"Message-ID: <mine@x.test>\r\nDate: {format_datetime(T0 + timedelta(hours=2))}\r\n"
                          "In-Reply-To: <rej@globex.example>\r\n\r\nSee below.\r\n").encode())
    found = user_already_wrote([mail], kind=kind, own_mail_ids=set(), rejected_at=T0,
                               thread={"<rej@globex.example>"}, contacts={"mark@globex.example"})
    passed_on = prefix in _FORWARDS and not to.endswith("@globex.example")
    assert (found is None) == passed_on, (subject, to, found)


def test_forwarding_the_thread_is_not_sending_a_draft_saved_without_a_recipient(world):
    """The check-in was saved without a recipient (the acknowledgement came from careers@). The user forwarded
    the acknowledgement to a friend, thread headers kept: Onward took the forward for the check-in sent - to the
    friend - and the application's next check-in would have gone to that friend."""
    box, agent, store = world
    deliver(box, _contoso_ack("Data Engineer", T0, "<ack-de@contoso.example>"))
    agent.run_pass(T0 + timedelta(hours=1))
    agent.run_pass(T0 + timedelta(days=15))
    [check_in] = followups(store)
    assert check_in.status == FollowupStatus.NEEDS_RECIPIENT and check_in.draft_message_id
    deliver(box, samples.build_email(
        from_=samples.USER, to="Sam Doe <sam.doe@gmail.com>", subject="Fwd: Thank you for applying - Data Engineer",
        body="Still nothing from them.\n\n---------- Forwarded message ---------\n", date=T0 + timedelta(days=16),
        message_id="<fwd@example.org>", in_reply_to="<ack-de@contoso.example>",
        references=["<ack-de@contoso.example>"]), "Sent")
    agent.run_pass(T0 + timedelta(days=16, hours=2))
    [check_in] = followups(store)
    assert check_in.status == FollowupStatus.NEEDS_RECIPIENT and check_in.to_addr is None, check_in


@pytest.mark.parametrize("address", ["werving@vandijk.example", "vacatures@vandijk.example",
                                     "recrutamento@solaris.example", "carreiras@solaris.example",
                                     "lavoro@bellavista.example", "selezione@bellavista.example",
                                     "emploi@lumiere.example", "empleo@torres.example"])
def test_a_team_mailbox_in_a_shipped_language_is_no_person_to_thank(address):
    """careers@ is a role account (a thank-you to it is worse than a draft asking the user for a recipient),
    but the same mailbox in Dutch, Portuguese or Italian - werving@, recrutamento@, lavoro@ - was a person."""
    from agent.mail.types import Address
    from agent.record.contacts import usable_person
    assert usable_person(Address("Recruitment Team", address), frozenset()) is None


@pytest.mark.parametrize("earlier_round", [False, True])
def test_a_rejection_before_a_typed_interview_is_not_thanked_for_it(world, earlier_round):
    """The invitation had no calendar part; the user typed its time (`onward interview --at`); the company said no
    six days before it. Thanked "for the time you spent with me in the interview" - unless an earlier round's
    invitation came before the one the typed interview answers."""
    from agent.followups.reconcile import Reconciler
    from agent.record.outcomes import Recorder
    box, agent, store = world
    if earlier_round:
        deliver(box, samples.interview("Initech", "QA Lead", "Bill Lumbergh", "bill@initech.example",
                                       T0 - timedelta(days=10), "<inv0@initech.example>"))
    deliver(box, samples.interview("Initech", "QA Lead", "Bill Lumbergh", "bill@initech.example", T0,
                                   "<inv@initech.example>"))
    agent.run_pass(T0 + timedelta(hours=1))
    now, start = T0 + timedelta(hours=2), T0 + timedelta(days=10)
    with store.transaction() as conn:
        [app] = store.list_outcomes(conn)
        Recorder.for_settings(store, agent.settings).set_interview(conn, app.id, start, start + timedelta(hours=1), now)
        Reconciler(store, agent.settings.followup).run(conn, now, [app.id])
    deliver(box, samples.build_email(
        from_="Bill Lumbergh <bill@initech.example>", to=samples.USER, subject="Re: Interview invitation",
        date=T0 + timedelta(days=4), message_id="<rej@initech.example>", in_reply_to="<inv@initech.example>",
        references=["<inv@initech.example>"],
        body="Hi Alex,\n\nI'm sorry to let you know that we have decided not to move forward with your application "
             "for the QA Lead role.\n\nKind regards,\nBill\n"))
    agent.run_pass(T0 + timedelta(days=4, hours=2))
    [thanks] = [f for f in followups(store) if f.kind == FollowupKind.REJECTION_THANKS]
    assert thanks.template == ("rejection_thanks/after_interview" if earlier_round
                               else "rejection_thanks/after_application")


def _bellavista_ack(when: datetime, mid: str) -> bytes:
    return samples.build_email(
        from_="Ufficio Personale Bellavista <lavoro@bellavista.example>", to=samples.USER,
        subject="Conferma candidatura - Sviluppatore Backend", date=when, message_id=mid,
        body="Gentile Alex,\n\ngrazie per la sua candidatura per la posizione di Sviluppatore Backend presso "
             "Bellavista. Abbiamo ricevuto il suo curriculum e lo valuteremo con attenzione.\n\nCordiali saluti,\n"
             "Ufficio Personale Bellavista\n")


def _bellavista_rejection(when: datetime) -> bytes:
    return samples.build_email(
        from_="Giulia Rossi <giulia.rossi@bellavista.example>", to=samples.USER,
        subject="Esito candidatura - Sviluppatore Backend", date=when, message_id="<rej@bellavista.example>",
        body="Gentile Alex,\n\nla ringraziamo per la candidatura per la posizione di Sviluppatore Backend. Dopo "
             "un'attenta valutazione, abbiamo deciso di proseguire con altri candidati.\n\nCordiali saluti,\n"
             "Giulia Rossi\n")


def test_applying_again_for_the_same_role_after_a_rejection_is_a_new_application(world):
    """Rejected in September, the user applied again for the same role in November: the new acknowledgement
    (same sender, same role, no thread) joined the rejected application, which stayed "rejected" - the new
    application was lost, and no check-in would ever follow it."""
    box, agent, store = world
    deliver(box, _bellavista_ack(T0, "<ack1@bellavista.example>"))
    deliver(box, _bellavista_rejection(T0 + timedelta(days=7)))
    agent.run_pass(T0 + timedelta(days=7, hours=1))
    deliver(box, _bellavista_ack(T0 + timedelta(days=50), "<ack2@bellavista.example>"))
    agent.run_pass(T0 + timedelta(days=50, hours=1))
    apps = sorted((a.id, a.status, a.role) for a in outcomes(store))
    assert apps == [(1, "rejected", "Sviluppatore Backend"), (2, "applied", "Sviluppatore Backend")], apps


def test_an_acknowledgement_read_after_its_rejection_joins_it(world):
    """The acknowledgement is dated before the rejection but read after it (another folder, a late delivery):
    it is the same application, not a new one that would ask a company that said no for news."""
    box, agent, store = world
    deliver(box, _bellavista_rejection(T0 + timedelta(days=7)))
    agent.run_pass(T0 + timedelta(days=7, hours=1))
    deliver(box, _bellavista_ack(T0, "<ack1@bellavista.example>"))
    agent.run_pass(T0 + timedelta(days=7, hours=2))
    assert [(a.status, a.role) for a in outcomes(store)] == [("rejected", "Sviluppatore Backend")]


@settings(max_examples=10, deadline=None)
@given(days=st.integers(-20, 90))
def test_an_acknowledgement_weeks_after_the_rejection_and_only_then_is_a_new_application(model, days):
    """Property over real passes: the acknowledgement ``days`` after the rejection (negative: before it, read
    after it) joins the rejected application unless it came two weeks or more after it."""
    with tempfile.TemporaryDirectory() as tmp:
        box, agent, store = memory_world(Path(tmp), model, lookback_days=200)
        try:
            rejected = T0 + timedelta(days=30)
            deliver(box, _bellavista_rejection(rejected))
            agent.run_pass(rejected + timedelta(hours=1))
            deliver(box, _bellavista_ack(rejected + timedelta(days=days, minutes=5), "<ack@bellavista.example>"))
            agent.run_pass(max(rejected, rejected + timedelta(days=days)) + timedelta(hours=2))
            statuses = sorted(a.status for a in outcomes(store))
            assert statuses == (["applied", "rejected"] if days >= 14 else ["rejected"]), (days, statuses)
        finally:
            store.close()


def test_a_draft_sent_with_the_recipient_the_user_added_no_longer_says_it_has_none(world):
    """The check-in was saved without a recipient; the user added one in the mail client and sent it: it is
    `sent` to that address, and its reason no longer says "no human recipient ..." (`onward followups`)."""
    box, agent, store = world
    deliver(box, _contoso_ack("Data Engineer", T0, "<ack-de@contoso.example>"))
    agent.run_pass(T0 + timedelta(hours=1))
    agent.run_pass(T0 + timedelta(days=15))
    [draft] = box.raw_messages("Drafts")
    sent = draft.replace(b"\r\nTo: \r\n", b"\r\n").replace(b"Subject:", b"To: Priya <priya@contoso.example>\r\nSubject:", 1)
    deliver(box, sent.replace(b"Message-ID: <onward-", b"Message-ID: <client-", 1), "Sent")
    agent.run_pass(T0 + timedelta(days=15, hours=2))
    [check_in] = followups(store)
    assert (check_in.status, check_in.to_addr, check_in.reason) == (FollowupStatus.SENT, "priya@contoso.example", None)
