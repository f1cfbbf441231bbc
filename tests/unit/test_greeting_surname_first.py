"""A display name written "SURNAME First name" - the surname in capitals first, as many French, Belgian,
Swiss and Italian company directories write it ("DUPONT Marie") - greets the person by the surname as the
language does, never by the surname as a first name ("Dear DUPONT,") (agent/followups/language.py
``person``)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.followups.language import first_name, salutation
from tests.draft_cases import TAGS


@pytest.mark.parametrize("name, lang, greeting", [
    ("DUPONT Marie", "en", "Dear Marie,"),
    ("DUPONT Marie", "fr", "Bonjour Madame Dupont,"),
    ("ROSSI Mario", "it", "Buongiorno Mario Rossi,"),
    ("ROSSI Giulia", "it", "Gentile Sig.ra Rossi,"),
    ("MÜLLER-LÜDENSCHEIDT Anna", "de", "Sehr geehrte Frau Müller-Lüdenscheidt,"),
    ("VAN DER BERG Pieter", "nl", "Geachte heer Van der Berg,"),
    ("Mme DUPONT Claire", "fr", "Bonjour Madame Dupont,"),
    # no surname first: initials as a first name, a name all in capitals, "First SURNAME"
    ("AJ Smith", "en", "Dear AJ,"),
    ("JANE SMITH", "en", "Dear Jane,"),  # all in capitals: no surname first (and written as names are)
    ("Marie DUPONT", "en", "Dear Marie,"),
])
def test_a_surname_in_capitals_first_is_the_surname(name, lang, greeting):
    assert salutation(lang, name) == greeting


_FIRST = st.sampled_from(["Anna", "Marie", "Thomas", "Giulia", "Lucía", "Pieter", "Jane", "Camille"])
_LAST = st.sampled_from(["Schmidt", "Dupont", "Rossi", "García", "Jansen", "Costa", "Miller", "Lefèvre"])


@given(first=_FIRST, last=_LAST, lang=st.sampled_from(TAGS))
def test_surname_first_in_capitals_greets_as_first_name_first(first, last, lang):
    assert salutation(lang, f"{last.upper()} {first}") == salutation(lang, f"{first} {last}")
    assert first_name(f"{last.upper()} {first}") == first
