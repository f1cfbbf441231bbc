"""Spanish greets a person by the first of their two surnames ("Lucía García López": "Estimada Sra. García:"),
never by the second, and the second part of a compound first name ("María José", "Ana Belén", "María del
Carmen") is no surname; the other languages keep the last surname."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.followups.language import salutation


@pytest.mark.parametrize("name, greeting", [
    ("Lucía García López", "Estimada Sra. García:"),
    ("Juan Carlos Pérez Gómez", "Estimado Sr. Pérez:"),
    ("María José García", "Estimada Sra. García:"),
    ("Ana Belén Torres", "Estimada Sra. Torres:"),
    ("María del Carmen López", "Estimada Sra. López:"),
    ("María del Carmen García López", "Estimada Sra. García:"),
    ("Lucía de la Fuente García", "Estimada Sra. de la Fuente:"),  # a first surname with its particles
    ("Lucía García de León", "Estimada Sra. García:"),
    ("García López, Lucía", "Estimada Sra. García:"),
    ("LUCÍA GARCÍA LÓPEZ", "Estimada Sra. García:"),
    ("Dra. Lucía García López", "Estimada Dra. García:"),
    ("Pedro Sánchez", "Estimado Sr. Sánchez:"),
    ("Alex García López", "Buenos días, Alex García:"),  # no form of address known: first name, first surname
    ("María José Ruiz", "Estimada Sra. Ruiz:"),
])
def test_spanish_greets_by_the_first_surname(name, greeting):
    assert salutation("es", name) == greeting


@pytest.mark.parametrize("lang, greeting", [("pt-BR", "Prezada Sra. López,"), ("it", "Gentile Sig.ra López,")])
def test_other_languages_keep_the_last_surname(lang, greeting):
    assert salutation(lang, "Lucía García López") == greeting


SURNAMES = ["García", "Fernández", "Rodríguez", "Sánchez", "Moreno", "Jiménez", "Navarro", "Ortega", "Castro"]
FIRST = ["Lucía", "Carmen", "Laura", "Paula", "Elena"]


@given(first=st.sampled_from(FIRST), given_names=st.sampled_from(["", "José", "Belén", "del Pilar", "Isabel"]),
       one=st.sampled_from(SURNAMES), two=st.sampled_from(["", *SURNAMES]))
def test_the_greeting_names_the_first_surname_whatever_comes_around_it(first, given_names, one, two):
    name = " ".join(w for w in (first, given_names, one, two) if w)
    assert salutation("es", name) == f"Estimada Sra. {one}:"
