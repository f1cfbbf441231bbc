"""A display name written all in capitals or all in small letters ("JANE SMITH", "anna schmidt") is greeted as
the name is written ("Dear Jane,", "Sehr geehrte Frau Schmidt,"), never "Dear JANE," or "Bonjour Madame
dupont," (agent/followups/language.py ``person``)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.followups.language import salutation
from tests.draft_cases import TAGS


@pytest.mark.parametrize("name, lang, greeting", [
    ("JANE SMITH", "en", "Dear Jane,"),
    ("anna schmidt", "de", "Sehr geehrte Frau Schmidt,"),
    ("claire dupont", "fr", "Bonjour Madame Dupont,"),
    ("PIETER VAN DER BERG", "nl", "Geachte heer Van der Berg,"),
    ("JEAN-PIERRE DUPONT", "fr", "Bonjour Jean-Pierre Dupont,"),
    ("siobhan o'brien", "en", "Dear Siobhan,"),
    ("AJ SMITH", "en", "Dear AJ,"),  # initials stay initials
    ("Jane McDonald", "en", "Dear Jane,"),  # a name in both cases is written as it is
    ("Anna McDonald", "de", "Sehr geehrte Frau McDonald,"),
])
def test_a_name_in_one_case_is_greeted_as_names_are_written(name, lang, greeting):
    assert salutation(lang, name) == greeting


_FIRST = st.sampled_from(["Anna", "Marie", "Thomas", "Giulia", "Lucía", "Pieter", "Jane", "Camille", "João"])
_LAST = st.sampled_from(["Schmidt", "Dupont", "Rossi", "García", "Jansen", "Costa", "Miller", "Lefèvre",
                         "da Silva", "van Dijk", "Müller-Lüdenscheidt"])


@given(first=_FIRST, last=_LAST, lang=st.sampled_from(TAGS), upper=st.booleans())
def test_the_case_a_name_is_typed_in_changes_nothing_of_its_greeting(first, last, lang, upper):
    name = f"{first} {last}"
    typed = name.upper() if upper else name.lower()
    assert salutation(lang, typed) == salutation(lang, name)
