"""A display name often carries more than the name: pronouns in brackets, a role or the company after a
dash or a bar, the relay it came through, letters after a comma. The greeting names the person, never
these (agent/followups/language.py ``person``)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.followups.language import person, salutation
from agent.followups.notes import NoteFacts, greeted, template_context
from tests.draft_cases import TAGS


@pytest.mark.parametrize("name, lang, greeting", [
    ("Anna Schmidt (sie/ihr)", "de", "Sehr geehrte Frau Schmidt,"),
    ("Jane Smith (she/her)", "fr", "Bonjour Madame Smith,"),
    ("Jane Smith - Recruiter", "de", "Sehr geehrte Frau Smith,"),
    ("Claire Dupont | Acme", "fr", "Bonjour Madame Dupont,"),
    ("Lucía García – Talento", "es", "Estimada Sra. García:"),
    ("Jane Smith via LinkedIn", "nl", "Geachte mevrouw Smith,"),
    ("Jane Smith, PhD", "en", "Dear Jane,"),
    ("Jane Smith, SHRM-CP", "en", "Dear Jane,"),
    ("Jane Smith, MBA, PHR", "de", "Sehr geehrte Frau Smith,"),
    ("Doe, Jane, PhD", "en", "Dear Jane,"),
    ("Jane Smith MBA", "it", "Gentile Sig.ra Smith,"),
    ("Anna Schmidt ✨", "de", "Sehr geehrte Frau Schmidt,"),
    ("🌟 Jane Smith", "en", "Dear Jane,"),
    ("Anna Schmidt 🇩🇪", "de", "Sehr geehrte Frau Schmidt,"),
    # what stays as it was
    ("Smith, Jane", "de", "Sehr geehrte Frau Smith,"),
    ("van der Berg, Pieter", "nl", "Geachte heer Van der Berg,"),
    ("Anna Müller-Lüdenscheidt", "de", "Sehr geehrte Frau Müller-Lüdenscheidt,"),
    ("Jane Ma", "en", "Dear Jane,"),
    ("Anna Ma", "de", "Sehr geehrte Frau Ma,"),
])
def test_the_greeting_names_the_person_not_what_follows_the_name(name, lang, greeting):
    assert salutation(lang, name) == greeting


_NAME = st.sampled_from(["Anna Schmidt", "Jane Smith", "Thomas Müller", "Claire Dupont", "Luca De Rossi"])
_EXTRA = st.sampled_from(["(she/her)", "(er/ihm)", "- Recruiter", "| Acme", "– Senior Recruiter", "/ Acme",
                          "via LinkedIn", "via Greenhouse", ", PhD", ", MBA", ", SHRM-CP", "MBA", "✨", "🌟",
                          "🇩🇪", "☀️ (she/her)"])


@given(name=_NAME, extra=_EXTRA, lang=st.sampled_from(TAGS))
def test_what_follows_a_name_changes_nothing_of_its_greeting(name, extra, lang):
    shown = f"{name}{extra}" if extra.startswith(",") else f"{name} {extra}"
    assert person(shown) == person(name)
    assert salutation(lang, shown) == salutation(lang, name)


@pytest.mark.parametrize("contact, greeting", [
    ("Jane Smith | Acme", "Sehr geehrte Frau Smith,"),       # the company after the name: still a person
    ("Acme via Greenhouse", "Sehr geehrte Damen und Herren,"),  # the company through its relay: nobody
])
def test_the_company_after_a_name_is_not_the_name(contact, greeting):
    facts = NoteFacts(kind="check_in", stage="after_application", language="de", today=date(2026, 12, 7),
                      company="Acme", contact=contact)
    assert (greeted(facts) is None) is (greeting == "Sehr geehrte Damen und Herren,")
    assert template_context(facts)["salutation"] == greeting
