"""A note that answers an email without a subject is "Re: " Onward's own subject for it, in the note's
language ("Re: La mia candidatura – Esempio"), never a bare "Re:" nor English words in another language's
draft (agent/followups/drafting.py, agent/followups/plan.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.parser import BytesParser
from email.policy import default

from agent.demo import samples
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, memory_world

NOW = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)  # a Tuesday


def _drafts(box):
    return [BytesParser(policy=default).parsebytes(r) for r in box.raw_messages("Drafts")]


def test_a_rejection_without_a_subject_gets_the_notes_own(tmp_path, model):
    box, agent, store = memory_world(tmp_path, model, lookback_days=90)
    try:
        sender, _subject, body = fs.INTL_REJECTIONS["it"]
        deliver(box, samples.build_email(from_=sender, to=fs.USER, subject="", body=body,
                                         date=NOW - timedelta(days=1), message_id="<it1@esempio.it>"))
        agent.run_pass(NOW)
        agent.run_pass(NOW + timedelta(days=30))
        [draft] = _drafts(box)
        assert draft["In-Reply-To"] == "<it1@esempio.it>"
        assert draft["Subject"].startswith("Re: La mia candidatura"), draft["Subject"]
    finally:
        store.close()


def test_a_check_in_answering_an_email_without_a_subject_is_in_the_notes_language(tmp_path, model):
    box, agent, store = memory_world(tmp_path, model, lookback_days=90)
    try:
        deliver(box, samples.build_email(
            from_="Anna Schmidt <anna.schmidt@beispiel.de>", to=fs.USER, subject="", date=NOW - timedelta(days=1),
            message_id="<de1@beispiel.de>",
            body=("Sehr geehrter Herr Doe,\n\nvielen Dank für Ihre Bewerbung als Datenanalyst bei Beispiel. Wir "
                  "haben Ihre Unterlagen erhalten und werden uns in den nächsten Wochen bei Ihnen melden.\n\n"
                  "Mit freundlichen Grüßen\nAnna Schmidt\n")))
        agent.run_pass(NOW)
        agent.run_pass(NOW + timedelta(days=40))
        drafts = _drafts(box)
        assert drafts, "no check-in drafted"
        for draft in drafts:
            assert draft["In-Reply-To"] == "<de1@beispiel.de>"
            assert draft["Subject"].startswith(("Re: Bewerbung als", "Re: Meine Bewerbung")), draft["Subject"]
    finally:
        store.close()
