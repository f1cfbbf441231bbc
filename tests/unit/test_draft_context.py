"""What a draft says, through real passes (in-memory mailbox, real SQLite, real model): the subject Onward
writes in the draft's language, the real day of the application, the second check-in that refers to the
first one sent, Portuguese as Brazil or Portugal writes it, and a department never greeted as a person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.parser import BytesParser
from email.policy import default

import pytest

from agent.demo import samples
from agent.followups.rules import FollowupKind, FollowupStatus
from agent.record.rules import AppStatus
from agent.record.store import iso
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, memory_world

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # a Monday


def _drafts(box):
    return [BytesParser(policy=default).parsebytes(raw) for raw in box.raw_messages("Drafts")]


def _body(msg) -> str:
    return msg.get_content().replace("\r\n", "\n")


def _fus(store):
    with store.transaction() as conn:
        return store.list_followups(conn)


def _add_by_hand(store, *, company: str, role: str, applied: datetime, contact: str) -> int:
    """What ``onward add --company --role --applied --contact`` records."""
    with store.transaction() as conn:
        app_id = store.create_application(conn, company=company, company_key=company.lower(), role=role,
                                          status=AppStatus.APPLIED, message_id=None, subject=None, now=applied)
        store.update_application(conn, app_id, applied_at=iso(applied), contact_addr=contact)
    return app_id


@pytest.fixture
def german_world(tmp_path, model):
    box, agent, store = memory_world(tmp_path, model, timezone="Europe/Berlin",
                                     followup={"language": "de", "max_check_ins": 2})
    yield box, agent, store
    store.close()


def test_a_check_in_for_an_application_added_by_hand_has_a_subject_in_its_language(german_world):
    """No email to answer: the subject is Onward's own, in German above a German body (not "Application –
    ROLE – COMPANY"), the role without its gender tag, the application's real day."""
    box, agent, store = german_world
    _add_by_hand(store, company="Acme", role="Data Engineer (m/w/d)", applied=NOW, contact="jobs@acme.example")
    agent.run_pass(NOW + timedelta(days=16))
    [draft] = _drafts(box)
    assert draft["Subject"] == "Bewerbung als Data Engineer – Acme"
    body = _body(draft)
    assert body.startswith("Sehr geehrte Damen und Herren,\n\nich habe mich am 2. November als Data Engineer "
                           "bei Acme beworben")
    assert "m/w/d" not in body and "Application" not in body


def test_the_second_check_in_is_shorter_and_refers_to_the_first_one_sent(german_world):
    box, agent, store = german_world
    _add_by_hand(store, company="Acme", role="Data Engineer", applied=NOW, contact="jobs@acme.example")
    agent.run_pass(NOW + timedelta(days=16))
    [first] = _fus(store)
    with store.transaction() as conn:  # the user sent it (found in Sent)
        store.update_followup(conn, first.id, status=FollowupStatus.SENT, sent_at=iso(NOW + timedelta(days=17)))
    for days in (31, 33):
        agent.run_pass(NOW + timedelta(days=days))
    check_ins = [f for f in _fus(store) if f.kind == FollowupKind.CHECK_IN]
    assert len(check_ins) == 2
    first_body, second_body = (_body(d) for d in _drafts(box))
    assert "ich hatte Ihnen am 19. November wegen meiner Bewerbung als Data Engineer geschrieben" in second_body
    assert len(second_body.split()) < len(first_body.split())


@pytest.mark.parametrize("setting, greeting, closing", [
    ("auto", "Prezada Sra. Costa,", "Atenciosamente,"),             # the email is Brazilian (.com.br)
    ("pt-PT", "Exma. Senhora Mariana Costa,", "Com os melhores cumprimentos,"),
])
def test_portuguese_is_written_as_one_variant(tmp_path, model, setting, greeting, closing):
    box, agent, store = memory_world(tmp_path, model, timezone="Europe/Berlin", followup={"portuguese": setting})
    try:
        deliver(box, fs.intl_rejection("pt", NOW - timedelta(days=1), "<pt1@exemplo.com.br>"))
        agent.run_pass(NOW)
        agent.run_pass(NOW + timedelta(days=30))
        [draft] = _drafts(box)
        body = _body(draft)
        assert body.startswith(greeting + "\n\n") and closing in body
        if setting == "pt-PT":
            assert "equipe" not in body and "Atenciosamente" not in body
    finally:
        store.close()


@pytest.mark.parametrize("sender, subject", [
    ("Mariana Costa <mariana.costa@exemplo.pt>", "Sua candidatura na Exemplo"),  # a Portuguese domain
    ("Mariana Costa <mariana.costa@exemplo.com>", "A vossa candidatura: resposta da equipa"),  # Portugal's words
])
def test_an_automatic_variant_is_read_from_the_company_mail_through_the_store(tmp_path, model, sender, subject):
    """``portuguese = auto``: the sign of Portugal is read from the application's recorded senders and
    subjects (the body says nothing of either variant), so the draft is written as in Portugal."""
    box, agent, store = memory_world(tmp_path, model, timezone="Europe/Lisbon", followup={"portuguese": "auto"})
    try:
        body = ("Olá Alex,\n\nObrigado pela sua candidatura e pelo tempo dedicado às entrevistas. Infelizmente "
                "decidimos não avançar com a sua candidatura neste momento.\n\nDesejamos-lhe muito sucesso.\n\n"
                "Mariana Costa\n")
        deliver(box, samples.build_email(from_=sender, to=fs.USER, subject=subject, body=body,
                                         date=NOW - timedelta(days=1), message_id="<pt3@exemplo.example>"))
        agent.run_pass(NOW)
        agent.run_pass(NOW + timedelta(days=30))
        [draft] = _drafts(box)
        assert _body(draft).startswith("Exma. Senhora Mariana Costa,\n\n")
    finally:
        store.close()


def test_an_automatic_variant_is_read_from_the_kept_body_whatever_the_users_own_language(tmp_path, model):
    """``portuguese = auto`` and the user's own ``followup.language`` English: the company wrote in Portugal's
    Portuguese, its only signs in the body ("equipa", "contacto", "estamos a analisar"; a .com sender, a
    neutral subject). The draft's language is the company's, so its kept body is read, as in Portugal."""
    box, agent, store = memory_world(tmp_path, model, timezone="Europe/Lisbon", followup={"portuguese": "auto"})
    try:
        body = ("Olá Alex,\n\nObrigado pela sua candidatura e pelo tempo dedicado às entrevistas. A nossa equipa "
                "esteve a analisar todos os perfis e infelizmente decidimos não avançar com a sua candidatura neste "
                "momento. Guardamos o seu contacto para futuras oportunidades.\n\nDesejamos-lhe muito sucesso.\n\n"
                "Mariana Costa\n")
        deliver(box, samples.build_email(from_="Mariana Costa <mariana.costa@exemplo.com>", to=fs.USER,
                                         subject="Candidatura Exemplo", body=body, date=NOW - timedelta(days=1),
                                         message_id="<pt4@exemplo.example>"))
        agent.run_pass(NOW)
        agent.run_pass(NOW + timedelta(days=30))
        [draft] = _drafts(box)
        assert _body(draft).startswith("Exma. Senhora Mariana Costa,\n\n"), _body(draft)
    finally:
        store.close()


def test_a_department_set_as_recipient_is_greeted_with_the_neutral_form(tmp_path, model):
    """"Equipa de Recrutamento O Boticário" is not a person: "Exmos. Senhores,", and the body's verbs are
    plural to match."""
    box, agent, store = memory_world(tmp_path, model, timezone="Europe/Berlin", followup={"portuguese": "pt-PT"})
    try:
        deliver(box, fs.intl_rejection("pt", NOW - timedelta(days=1), "<pt2@exemplo.com.br>"))
        agent.run_pass(NOW)
        [fu] = _fus(store)
        with store.transaction() as conn:
            store.update_followup(conn, fu.id, to_name="Equipa de Recrutamento O Boticário",  # as followups set
                                  to_addr="recrutamento@exemplo.com.br", user_action="set")
        agent.run_pass(NOW + timedelta(days=30))
        [draft] = _drafts(box)
        body = _body(draft)
        assert body.startswith("Exmos. Senhores,\n\nAgradeço a atenção dada à minha candidatura")
        assert "a vossa resposta" in body and "Recrutamento" not in body.split("\n", 1)[0]
    finally:
        store.close()
