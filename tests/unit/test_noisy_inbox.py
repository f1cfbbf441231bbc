"""What a seven-week search in a noisy inbox found (tests/integration/test_noisy_inbox.py plays it against a
real Dovecot): each rule on its own here, over the in-memory mailbox or as a pure function."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.demo import samples
from agent.extract.addresses import is_automated_address, is_person
from agent.extract.cleaning import CLAUSE_END_VERBS, clean_role
from agent.extract.names import company_from_ats_slug
from agent.extract.relays import RelayKind, relays
from agent.cli.labels import relabel_recorded
from agent.followups.rules import FollowupKind, FollowupStatus
from agent.mail.parse import parse_message
from agent.mail.types import Address
from tests.unit.memory_world import deliver, followups, memory_world, outcomes

T0 = datetime(2026, 10, 5, 8, 0, tzinfo=UTC)  # a Monday

# "do not reply" as mailboxes write it in the languages drafts are written in
_DO_NOT_REPLY = [("ne", "pas", "repondre"), ("pas", "de", "reponse"), ("nicht", "antworten"), ("keine", "antwort"),
                 ("bitte", "nicht", "antworten"), ("niet", "beantwoorden"), ("niet", "antwoorden"),
                 ("geen", "antwoord"), ("no", "responder"), ("no", "responda"), ("no", "contestar"),
                 ("non", "rispondere"), ("nao", "responda"), ("nao", "responder")]


@given(words=st.sampled_from(_DO_NOT_REPLY), sep=st.sampled_from(["", "-", "_", "."]),
       tail=st.sampled_from(["", "-rh", ".emploi", "2", "+jobs"]), upper=st.booleans(),
       name=st.sampled_from(["", "Banque Mistral Recrutement", "Sophie Lefevre"]))
def test_a_do_not_reply_mailbox_in_a_drafts_language_is_no_one_to_write_to(words, sep, tail, upper, name):
    local = sep.join(words) + tail
    addr = Address(name, f"{local.upper() if upper else local}@banque-mistral.fr".lower())
    assert is_automated_address(addr) and not is_person(addr)


@pytest.mark.parametrize("name", ["Ne pas répondre", "Bitte nicht antworten", "Niet beantwoorden", "No responder",
                                  "Non rispondere", "Não responda"])
def test_a_do_not_reply_display_name_in_a_drafts_language_is_no_one_to_write_to(name):
    assert is_automated_address(Address(name, "recrutement-system@banque-mistral.fr"))


@pytest.mark.parametrize("local", ["nina.pasrepo", "antworten.anna", "non.ri", "nadia.responsable", "noah.responder",
                                   "geena.antonelli"])
def test_people_whose_names_hold_the_letters_stay_people(local):
    assert is_person(Address("", f"{local}@acme.example"))


@pytest.fixture
def world(tmp_path, model):
    yield (made := memory_world(tmp_path, model))
    made[2].close()


def test_the_check_in_after_a_french_acknowledgement_from_ne_pas_repondre_has_no_recipient(world):
    """Banque Mistral acknowledges from ne-pas-repondre@ ("Merci de ne pas répondre à ce message"), signed by
    its recruiter; nobody writes for two weeks. The check-in was addressed to ne-pas-repondre@: sent, it goes
    nowhere. It waits for a recipient, like one after a no-reply@ acknowledgement."""
    box, agent, store = world
    deliver(box, samples.build_email(
        from_="Banque Mistral Recrutement <ne-pas-repondre@banque-mistral.fr>", to=samples.USER,
        subject="Votre candidature au poste de Data Analyst", date=T0, message_id="<ack-mistral@banque-mistral.fr>",
        body="Madame, Monsieur,\n\nNous accusons bonne réception de votre candidature au poste de Data Analyst et "
             "vous remercions de l'intérêt que vous portez à Banque Mistral. Votre dossier est en cours d'étude par "
             "nos équipes.\n\nMerci de ne pas répondre à ce message.\n\nSophie Lefevre\nChargée de recrutement, "
             "Banque Mistral\n"))
    agent.run_pass(T0 + timedelta(hours=1))
    agent.run_pass(T0 + timedelta(days=16))
    [check_in] = followups(store)
    assert check_in.kind == FollowupKind.CHECK_IN
    assert check_in.status == FollowupStatus.NEEDS_RECIPIENT and not check_in.to_addr, check_in


_KESTREL = "Jonas Visser <jonas.visser@kestrel-software.nl>"


def _kestrel_ack() -> bytes:
    return samples.build_email(
        from_=_KESTREL, to=samples.USER, subject="Je sollicitatie bij Kestrel Software", date=T0,
        message_id="<ack@kestrel-software.nl>",
        body="Hoi Alex,\n\nBedankt voor je sollicitatie op de functie Backend Developer bij Kestrel Software. We hebben "
             "je cv en motivatie goed ontvangen en laten binnen twee weken van ons horen.\n\nGroeten,\nJonas Visser\n"
             "Tech Recruiter, Kestrel Software\n")


def _out_of_office(when: datetime, answers: str, *, thread: bool) -> bytes:
    raw = samples.build_email(
        from_=_KESTREL, to=samples.USER, subject="Automatic reply: Re: Je sollicitatie bij Kestrel Software", date=when,
        message_id="<ooo@kestrel-software.nl>", in_reply_to=answers if thread else None,
        references=[answers] if thread else (),
        body="Hi,\n\nThank you for your email. I am out of the office until Monday 2 November with limited access to "
             "email. For urgent questions about your application, please contact talent@kestrel-software.nl.\n\n"
             "Best regards,\nJonas Visser\n")
    return raw.replace(b"\r\nSubject:", b"\r\nAuto-Submitted: auto-replied\r\nSubject:", 1)


def _ghosted_and_events(world, ooo: bool, thread: bool = True) -> tuple[list[tuple[str, str]], str]:
    box, agent, store = world
    deliver(box, _kestrel_ack())
    agent.run_pass(T0 + timedelta(hours=1))
    agent.run_pass(T0 + timedelta(days=15))
    [check_in] = followups(store)
    assert check_in.status == FollowupStatus.DRAFTED and check_in.to_addr == "jonas.visser@kestrel-software.nl"
    sent_at = T0 + timedelta(days=16)
    deliver(box, samples.build_email(
        from_=samples.USER, to=_KESTREL, subject="Re: Je sollicitatie bij Kestrel Software", date=sent_at,
        message_id="<me-check-in@example.org>", in_reply_to="<ack@kestrel-software.nl>",
        references=["<ack@kestrel-software.nl>"],
        body="Beste Jonas,\n\nIk heb gesolliciteerd naar de functie van Backend Developer. Kunt u mij laten weten hoe "
             "de procedure verloopt?\n\nMet vriendelijke groet,\nAlex Doe\n"), "Sent")
    if ooo:
        deliver(box, _out_of_office(sent_at + timedelta(minutes=1), "<me-check-in@example.org>", thread=thread))
    ghosted = ""
    for days in range(17, 70):
        agent.run_pass(T0 + timedelta(days=days))
        [app] = outcomes(store)
        if app.status == "no_response" and not ghosted:
            ghosted = (T0 + timedelta(days=days)).date().isoformat()
    with store.transaction() as conn:
        events = [(e.message_id, e.label) for e in store.application_events(conn, app.id)]
    return events, ghosted


@pytest.mark.parametrize("thread", [True, False])
def test_an_out_of_office_after_the_check_in_is_no_news(world, tmp_path, model, thread):
    """The user sends the check-in; the recruiter's vacation responder answers at once ("I am out of the office
    until 2 November ... questions about your application"). The model read it as an acknowledgement (0.53): it
    went on record as the company's news - "acknowledged your application" in the digest, the silence started
    again, the application kept from `no_response` two weeks longer. An autoresponder answering the user's
    mail is nobody writing (in the thread, or from the contact who wrote before, without the thread)."""
    events, ghosted = _ghosted_and_events(world, ooo=True, thread=thread)
    assert events == [("<ack@kestrel-software.nl>", "acknowledgement")]
    quiet = memory_world(tmp_path / "quiet", model)
    try:
        assert ghosted == _ghosted_and_events(quiet, ooo=False)[1] != ""
    finally:
        quiet[2].close()


def test_an_auto_reply_acknowledging_an_application_sent_by_email_still_opens_it(world):
    """An application sent to a jobs@ mailbox that acknowledges by auto-reply: the first word of the company is
    news (an application on record), whatever its headers say."""
    box, agent, store = world
    raw = samples.build_email(
        from_="Kestrel Software <jobs@kestrel-software.nl>", to=samples.USER,
        subject="Automatic reply: Sollicitatie Backend Developer", date=T0, message_id="<auto-ack@kestrel-software.nl>",
        in_reply_to="<my-application@example.org>",
        body="Hoi,\n\nBedankt voor je sollicitatie op de functie Backend Developer bij Kestrel Software. We hebben je cv "
             "goed ontvangen en nemen binnen twee weken contact met je op.\n\nGroeten,\nTeam Kestrel Software\n")
    deliver(box, raw.replace(b"\r\nSubject:", b"\r\nAuto-Submitted: auto-replied\r\nSubject:", 1))
    agent.run_pass(T0 + timedelta(hours=1))
    [app] = outcomes(store)
    assert (app.company, app.status) == ("Kestrel Software", "applied")


_PREFIXES = ["Automatic reply", "Autoreply", "Auto-Reply", "Out of Office", "Out of the office", "Abwesenheitsnotiz",
             "Automatische Antwort", "Réponse automatique ", "Absence ", "Automatisch antwoord", "Afwezig",
             "Respuesta automática", "Fuera de la oficina", "Risposta automatica", "Resposta automática"]


@given(prefix=st.sampled_from(_PREFIXES), upper=st.booleans(),
       subject=st.sampled_from(["Re: Interview: Analytics Engineer", "Je sollicitatie", ""]))
def test_an_out_of_office_subject_in_a_drafts_language_is_an_auto_reply(prefix, upper, subject):
    line = f"{prefix.upper() if upper else prefix}: {subject}"
    assert parse_message(f"From: a@b.example\r\nSubject: {line}\r\n\r\nHi\r\n".encode()).auto_reply


@pytest.mark.parametrize("header,auto", [("Auto-Submitted: auto-replied", True), ("X-Autoreply: yes", True),
                                         ("Precedence: auto_reply", True), ("Auto-Submitted: auto-generated", False),
                                         ("Auto-Submitted: no", False), ("Precedence: bulk", False)])
def test_an_autoresponders_headers_say_it(header, auto):
    raw = f"From: a@b.example\r\n{header}\r\nSubject: Thank you for applying\r\n\r\nHi\r\n".encode()
    assert parse_message(raw).auto_reply is auto


@pytest.mark.parametrize("subject", ["Absenteeism policy for the role", "Automatic replies are not read",
                                     "Your application: out of office hours support role"])
def test_a_subject_that_only_mentions_it_is_no_auto_reply(subject):
    assert not parse_message(f"From: a@b.example\r\nSubject: {subject}\r\n\r\nHi\r\n".encode()).auto_reply


_BOARDS = [r for r in relays() if r.kind == RelayKind.BOARD]


@given(board=st.sampled_from(_BOARDS), data=st.data(),
       sub=st.sampled_from(["match", "alerts", "jobs-eu", "apply", "notify", "m", "updates"]))
def test_a_job_boards_sub_domain_is_never_the_employer(board, data, sub):
    domain = data.draw(st.sampled_from(board.domains))
    raw = samples.build_email(from_=f"{board.names[0] if board.names else board.vendor} <donotreply@{sub}.{domain}>",
                              to=samples.USER, subject="Application update", date=T0, message_id="<b@board.example>",
                              body="Hi Alex,\n\nThere is an update on your application.\n")
    assert company_from_ats_slug(parse_message(raw)) is None


def test_an_indeed_rejection_names_the_employer_not_the_boards_sub_domain(world):
    """Indeed forwards Polder Foods' no from donotreply@match.indeed.com; the company was "Match" (the board's
    sub-domain read as an employer's ATS tenant, as acme.greenhouse.io is): the application, its listing and its
    thank-you all named a company that does not exist, and Polder Foods' own later email opened a second one."""
    box, agent, store = world
    deliver(box, samples.build_email(
        from_="Indeed <donotreply@match.indeed.com>", to=samples.USER,
        subject="Application update: Analytics Engineer at Polder Foods", date=T0, message_id="<indeed-1@indeed.com>",
        body="Hi Alex,\n\nPolder Foods has reviewed your application for Analytics Engineer and decided not to move "
             "forward at this time.\n\nKeep searching: new jobs matching your profile are waiting.\n\nIndeed\n"))
    agent.run_pass(T0 + timedelta(hours=1))
    [app] = outcomes(store)
    assert (app.company, app.role, app.status) == ("Polder Foods", "Analytics Engineer", "rejected")


_CAMILLE = "Camille Martin <camille.martin@lumiere-analytics.fr>"


@pytest.mark.parametrize("offer_first", [True, False])
def test_the_companys_regret_at_a_declined_offer_gets_no_thank_you(world, offer_first):
    """Lumière offers; the user declines by reply; Camille answers "Nous regrettons votre décision mais la
    comprenons" - read as a rejection (0.74). Two weeks later a thank-you "pour votre retour... pourriez-vous
    m'indiquer un point sur lequel progresser ?" was drafted to her: asking the company whose offer the user turned
    down what they could have done better. A no after an offer is no decision to thank for. (A rejection before
    any offer - offer_first False, the offer email reading as news after it - keeps its thank-you.) A model that
    is unsure of the regret (v3.5: 0.55, the review queue) has the user label it: the rule is the same."""
    box, agent, store = world
    offer_at, answer_at = (T0, T0 + timedelta(days=2)) if offer_first else (T0 + timedelta(days=2), T0)
    deliver(box, samples.build_email(
        from_=_CAMILLE, to=samples.USER, subject="Proposition - Ingénieur Données", date=offer_at,
        message_id="<offer@lumiere-analytics.fr>",
        body="Bonjour Alex,\n\nSuite à vos entretiens avec l'équipe, j'ai le plaisir de vous proposer le poste d'Ingénieur "
             "Données chez Lumière Analytics, avec un salaire annuel de 52 000 euros et une prise de poste au 4 janvier. "
             "Vous trouverez la proposition détaillée en pièce jointe.\n\nBien cordialement,\nCamille Martin\n"))
    deliver(box, samples.build_email(
        from_=_CAMILLE, to=samples.USER, subject="Re: Proposition - Ingénieur Données", date=answer_at,
        message_id="<regret@lumiere-analytics.fr>", in_reply_to="<decline@example.org>",
        references=["<offer@lumiere-analytics.fr>", "<decline@example.org>"],
        body="Bonjour Alex,\n\nMerci pour votre réponse. Nous regrettons votre décision mais la comprenons tout à fait. Je "
             "vous souhaite une belle réussite dans votre nouveau poste.\n\nBien cordialement,\nCamille Martin\n"))
    agent.run_pass(T0 + timedelta(days=3))
    with store.transaction() as conn:
        labels = [e.label for e in store.application_events(conn, outcomes(store)[0].id)]
    if "rejection" not in labels:  # a model unsure of it (review): the user's `onward label ... rejection`
        relabel_recorded(agent.settings, store, "<regret@lumiere-analytics.fr>", "rejection", client=lambda: box,
                         now=T0 + timedelta(days=3, hours=1))
    with store.transaction() as conn:
        assert "rejection" in [e.label for e in store.application_events(conn, outcomes(store)[0].id)]
    agent.run_pass(T0 + timedelta(days=30))
    kinds = [f.kind for f in followups(store)]
    assert kinds == ([] if offer_first else [FollowupKind.REJECTION_THANKS]), followups(store)


def test_a_check_in_after_a_linkedin_notice_has_a_subject_of_its_own(world):
    """LinkedIn's Easy Apply notice is all the user has of the application; two weeks on, the check-in was saved
    as "Re: Alex, your application was sent to Greenfield Energy" - the board's words to the user, sent to the
    employer's recruiter once the user adds one. A note answering a job board's notice writes its own subject in
    its language; it stays threaded under the notice, so its copy in Sent is still recognised."""
    box, agent, store = world
    deliver(box, samples.build_email(
        from_="LinkedIn <jobs-noreply@linkedin.com>", to=samples.USER,
        subject="Alex, your application was sent to Greenfield Energy", date=T0, message_id="<easy-apply@linkedin.com>",
        body="Your application was sent to Greenfield Energy\n\nData Engineer\nGreenfield Energy · Amsterdam (Hybrid)\n"
             "Applied on 5 October 2026\n\nView job\n\nThis email was intended for Alex Doe. Unsubscribe\n"))
    agent.run_pass(T0 + timedelta(hours=1))
    agent.run_pass(T0 + timedelta(days=16))
    [check_in] = followups(store)
    assert check_in.kind == FollowupKind.CHECK_IN and check_in.draft_message_id
    [raw] = box.raw_messages("Drafts")
    draft = parse_message(raw)
    assert draft.subject == "Application for the Data Engineer position – Greenfield Energy", draft.subject
    assert draft.in_reply_to == "<easy-apply@linkedin.com>"
    # the user types the recruiter in and sends it: its copy in Sent is that check-in sent
    deliver(box, samples.build_email(
        from_=samples.USER, to="Lotte de Wit <lotte.dewit@greenfield-energy.example>", subject=draft.subject,
        date=T0 + timedelta(days=17), message_id="<copy@example.org>", in_reply_to="<easy-apply@linkedin.com>",
        references=["<easy-apply@linkedin.com>"], body=draft.text), "Sent")
    agent.run_pass(T0 + timedelta(days=17, hours=1))
    assert [f.status for f in followups(store)] == [FollowupStatus.SENT]


@given(title=st.sampled_from(["Backend Developer", "Data Analyst", "Senior Data Engineer", "Product Owner"]),
       verbs=st.lists(st.sampled_from(sorted(CLAUSE_END_VERBS)), min_size=1, max_size=2))
def test_the_verb_that_ends_a_dutch_or_german_clause_is_no_part_of_the_role(title, verbs):
    assert clean_role(" ".join([title, *verbs])) == title


def test_a_dutch_confirmation_of_a_withdrawal_joins_its_application(world):
    """Jonas confirms the withdrawal the user asked for: "Ik heb je sollicitatie voor de functie Backend Developer
    ingetrokken". The role read "Backend Developer ingetrokken" (the Dutch clause ends on its verb), so the email
    opened a second Kestrel application, of a role that does not exist, instead of joining the user's."""
    box, agent, store = world
    deliver(box, _kestrel_ack())
    deliver(box, samples.build_email(
        from_=_KESTREL, to=samples.USER, subject="Re: Intrekken sollicitatie Backend Developer",
        date=T0 + timedelta(days=20), message_id="<withdrawn@kestrel-software.nl>", in_reply_to="<me@example.org>",
        body="Hoi Alex,\n\nBedankt voor je bericht en gefeliciteerd met je nieuwe baan! Ik heb je sollicitatie voor de "
             "functie Backend Developer ingetrokken en je gegevens uit ons systeem verwijderd. Veel succes!\n\n"
             "Groeten,\nJonas Visser\n"))
    agent.run_pass(T0 + timedelta(days=21))
    assert [(a.company, a.role) for a in outcomes(store)] == [("Kestrel Software", "Backend Developer")]
