"""The greeting leaves out a name that is the company's, never a person whose name merely contains the
company's letters ("Clifford Smith" at Ford, "Sapna Patel" at SAP): a name and a company are compared
word by word (agent/followups/notes.py ``greeted``)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from agent.followups.language import is_person_name, salutation
from agent.followups.notes import NoteFacts, greeted, template_context

TODAY = date(2026, 12, 7)


def _note(company: str, contact: str, lang: str = "en") -> NoteFacts:
    return NoteFacts(kind="check_in", stage="after_application", language=lang, today=TODAY,
                     company=company, contact=contact)


@pytest.mark.parametrize("company, contact, lang, greeting", [
    ("Ford", "Clifford Smith", "en", "Dear Clifford,"),
    ("SAP", "Sapna Patel", "en", "Dear Sapna,"),
    ("ING", "Inge Müller", "de", "Guten Tag Inge Müller,"),
    ("Arm", "Armin Weber", "de", "Guten Tag Armin Weber,"),
    ("Hannover Re", "Ann", "en", "Dear Ann,"),
    ("Sanofi", "Anna Sanofiore", "it", "Gentile Sig.ra Sanofiore,"),
])
def test_a_person_whose_name_contains_the_companys_letters_is_greeted(company, contact, lang, greeting):
    assert greeted(_note(company, contact, lang)) == contact
    assert template_context(_note(company, contact, lang))["salutation"] == greeting


@pytest.mark.parametrize("company, contact", [
    ("Baker McKenzie", "Baker McKenzie"),
    ("Baker McKenzie International", "Baker McKenzie"),
    ("Baker", "Baker McKenzie"),
    ("L'Oréal", "L'Oréal"),
    ("Acme", "ACME"),
])
def test_a_name_that_is_the_companys_is_greeted_as_nobody(company, contact):
    assert greeted(_note(company, contact)) is None


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8)


@given(first=_WORD, last=_WORD, cut=st.integers(1, 7), tail=st.booleans())
def test_a_part_of_a_word_is_not_the_word(first, last, cut, tail):
    """A company that is only a part of one of the name's words (never a whole word of it) leaves the
    person greeted, in the language's way."""
    name = f"{first.title()} {last.title()}"
    word = last if tail else first
    company = (word[:cut] if cut < len(word) else word[1:]).title()
    assume(is_person_name(name) and company.casefold() not in (first, last))
    assert greeted(_note(company, name)) == name
    assert template_context(_note(company, name, "de"))["salutation"] == salutation("de", name)


@pytest.mark.parametrize("company, contact", [
    ("McKenzie", "Baker McKenzie"),          # the company's words last in the name
    ("Baker McKenzie", "The Baker McKenzie"),
    ("Law Offices of Baker McKenzie", "Baker McKenzie"),  # the name last among the company's words
    ("Acme", "Talent Acquisition"),          # a department, whatever the company
    ("Acme", ""),
])
def test_a_department_or_a_name_ending_in_the_companys_words_is_greeted_as_nobody(company, contact):
    assert greeted(_note(company, contact)) is None
