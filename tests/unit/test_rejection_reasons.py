"""A rejection that says the role itself went (on hold, cancelled, no budget, reorganised) gets a thank-you
that does not ask "what could I have done better?": the rule on words in seven languages (examples written
for these tests, and Hypothesis properties), then whole passes against the in-memory mailbox with the real
model and a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.parser import BytesParser
from email.policy import default

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.demo import samples
from agent.followups.reasons import role_closed
from agent.followups.rules import FollowupKind
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, memory_world

ROLE_GONE = [
    # en
    "Unfortunately, the Data Analyst position has been put on hold due to budget constraints.",
    "We have decided to pause hiring for this role for the time being.",
    "Following an internal restructuring, the role has been cancelled.",
    "Because of a hiring freeze we will not be filling the position this year.",
    "We have lost the funding for this position, so we are closing the search.",
    "We've decided not to fill the role after all.",
    # de
    "Leider wurde die Stelle aus budgetären Gründen auf Eis gelegt.",
    "Aufgrund einer Umstrukturierung wird die Position vorerst nicht besetzt.",
    "Wir müssen Ihnen mitteilen, dass bei uns derzeit ein Einstellungsstopp gilt.",
    "Die Ausschreibung wurde leider zurückgezogen.",
    # fr
    "Le recrutement pour le poste de Data Analyst est suspendu jusqu'à nouvel ordre.",
    "Suite à une réorganisation interne, le poste a été supprimé.",
    "Le poste ne sera pas pourvu cette année pour des raisons budgétaires.",
    # es
    "El proceso de selección ha quedado en pausa por motivos presupuestarios.",
    "Lamentablemente, el puesto ha sido cancelado tras una reestructuración.",
    # it
    "La ricerca per questa posizione è stata sospesa.",
    "A causa di tagli di budget la posizione è stata annullata.",
    # nl
    "De vacature is helaas ingetrokken vanwege een reorganisatie.",
    "Door bezuinigingen hebben we besloten de functie niet in te vullen.",
    # pt
    "O processo seletivo foi suspenso por questões orçamentárias.",
    "Infelizmente a vaga foi cancelada após uma reestruturação.",
]

VERDICT = [
    "After careful consideration, we have decided to move forward with another candidate whose experience "
    "more closely matches the role.",
    "Thank you for your interest. The position has been filled.",
    "We will not be moving forward with your application.",
    "We chose a candidate with more experience in budget planning for the Budget Analyst role.",
    "Leider haben wir uns für einen anderen Bewerber entschieden.",
    "Die Stelle wurde bereits besetzt.",
    "Leider können wir die Stelle nicht mit Ihnen besetzen.",
    "Nous avons retenu un autre candidat dont le profil correspond davantage au poste.",
    "Le poste a été pourvu.",
    "Hemos decidido continuar con otro candidato.",
    "Abbiamo scelto un altro candidato.",
    "We hebben gekozen voor een andere kandidaat.",
    "Optamos por seguir com outro candidato.",
]

# Words of a choice between candidates, one per language: with any of them the no is a verdict again.
CHOICE = [
    "We then offered the role to another candidate.", "The position was then filled internally.",
    "Wir haben uns inzwischen für einen anderen Bewerber entschieden.",
    "Nous avons depuis retenu un autre candidat.", "Hemos elegido a otro candidato.",
    "Abbiamo individuato un altro candidato.", "We hebben een andere kandidaat gekozen.",
    "Escolhemos outro candidato.",
]

# Sentences any rejection may carry, about neither the role nor a choice.
NEUTRAL = [
    "Thank you for your time.", "We wish you all the best in your search.", "Vielen Dank für Ihr Interesse.",
    "Merci pour votre intérêt.", "Gracias por su tiempo.", "Grazie per il suo tempo.",
    "Bedankt voor uw interesse.", "Obrigado pelo seu tempo.", "Kind regards, Jane",
]


@pytest.mark.parametrize("text", ROLE_GONE)
def test_a_no_about_the_role_itself_is_told(text):
    assert role_closed(text)


@pytest.mark.parametrize("text", VERDICT)
def test_a_verdict_on_the_candidate_is_not(text):
    assert not role_closed(text)


@given(st.sampled_from(ROLE_GONE), st.sampled_from(CHOICE), st.booleans())
def test_any_word_of_another_candidate_makes_it_a_verdict(gone, choice, before):
    text = f"{choice} {gone}" if before else f"{gone} {choice}"
    assert not role_closed(text)


@given(st.sampled_from(ROLE_GONE + VERDICT), st.lists(st.sampled_from(NEUTRAL), max_size=4), st.integers(0, 4))
def test_neutral_sentences_around_it_change_nothing(text, neutral, at):
    sentences = list(neutral)
    sentences.insert(min(at, len(sentences)), text)
    assert role_closed(" ".join(sentences)) == role_closed(text)


@given(st.text(max_size=400))
def test_any_text_is_read_without_error(text):
    assert role_closed(text) in (True, False)


# -- through passes ----------------------------------------------------------------------------------

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # a Monday
HR = "Jane Miller <jane.miller@northwind.example>"


CLOSED = ("the Data Analyst position has been put on hold: our budget for next year was cut, and we will not be "
          "hiring for this role for now. Unfortunately this means we cannot move forward with your application.")
VERDICT_NO = "Unfortunately, we have decided to move forward with another candidate whose experience more closely " \
    "matches the role."


ON_HOLD_SUBJECT = "The Data Analyst position is on hold"
SAYS_NO = "Unfortunately we will not be able to move forward with your application, and I am sorry to bring this news."


def _rejection(words: str, when: datetime, mid: str, in_reply_to: str,
               subject: str = "Re: Interview invitation: Data Analyst at Northwind") -> bytes:
    """Jane's answer in the invitation's thread, after the interview: ``words`` (or its ``subject``) say why not."""
    return samples.build_email(
        from_=HR, to=fs.USER, subject=subject, date=when,
        message_id=mid, in_reply_to=in_reply_to, references=(in_reply_to,),
        body=(f"Hi Alex,\n\nThank you again for meeting the team last week. {words}\n\n"
              "Best regards,\nJane Miller\nTalent Partner, Northwind\n"))


@pytest.mark.parametrize("words, closed, subject", [
    (CLOSED, True, None), (VERDICT_NO, False, None),
    (SAYS_NO, True, ON_HOLD_SUBJECT)])  # only the subject says the role went: it counts as much as the body
def test_the_thank_you_after_a_role_put_on_hold_asks_for_no_feedback(tmp_path, model, words, closed, subject):
    box, agent, store = memory_world(tmp_path, model)
    try:
        inv = "<inv-1@northwind.example>"
        start = NOW + timedelta(days=3, hours=5)
        deliver(box, fs.invitation("Northwind", "Data Analyst", "Jane Miller", "jane.miller@northwind.example",
                                   NOW, inv, start=start))
        agent.run_pass(NOW + timedelta(hours=1))
        deliver(box, _rejection(words, NOW + timedelta(days=10), "<no-1@northwind.example>", inv,
                                **({"subject": subject} if subject else {})))
        for days in (11, 40):
            agent.run_pass(NOW + timedelta(days=days))
        drafts = [BytesParser(policy=default).parsebytes(raw) for raw in box.raw_messages("Drafts")]
        [thanks] = [d for d in drafts if "decision" in d.get_content() or "where things stand" in d.get_content()]
        body = thanks.get_content()
        assert thanks["To"] == HR
        with store.transaction() as conn:
            kinds = {f.kind for f in store.list_followups(conn)}
        assert FollowupKind.REJECTION_THANKS in kinds
        if closed:
            assert "where things stand with the Data Analyst position" in body
            assert "If the role opens again" in body
            assert "done better" not in body and "your decision" not in body
        else:
            assert "your decision on the Data Analyst position" in body
            assert "could you tell me one thing I could have done better?" in body
    finally:
        store.close()
