"""The grammar of the words filled into a note (agent/followups/grammar.py): elision, contraction with
the article a name carries, role and company cleaners, dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.followups import grammar as g


@pytest.mark.parametrize("lang, prep, word, expected", [
    ("fr", "de", "Ingénieur logiciel", "d'Ingénieur logiciel"),
    ("fr", "de", "Analyste", "d'Analyste"),
    ("fr", "de", "Architecte", "d'Architecte"),
    ("fr", "de", "Hôtesse d'accueil", "d'Hôtesse d'accueil"),
    ("fr", "de", "UX Designer", "d'UX Designer"),
    ("fr", "de", "Chef de projet", "de Chef de projet"),
    ("fr", "de", "Hockey coach", "de Hockey coach"),         # aspirated h: no elision
    ("fr", "que", "Airbus", "qu'Airbus"),
    ("fr", "de", "Le Monde", "du Monde"),
    ("fr", "à", "Le Monde", "au Monde"),
    ("fr", "de", "Les Échos", "des Échos"),
    ("fr", "à", "Les Échos", "aux Échos"),
    ("fr", "de", "La Poste", "de La Poste"),
    ("fr", "de", "L'Oréal", "de L'Oréal"),
    ("es", "de", "El Corte Inglés", "del Corte Inglés"),
    ("es", "a", "El Corte Inglés", "al Corte Inglés"),
    ("es", "en", "El Corte Inglés", "en El Corte Inglés"),
    ("es", "de", "La Caixa", "de La Caixa"),
    ("it", "di", "La Rinascente", "della Rinascente"),
    ("it", "di", "L'Oréal", "dell'Oréal"),
    ("it", "in", "Il Sole 24 Ore", "nel Sole 24 Ore"),
    ("it", "a", "Lo Studio", "allo Studio"),
    ("it", "di", "Gli Amici", "degli Amici"),
    ("it", "di", "Enel", "di Enel"),
    ("pt", "de", "O Boticário", "do Boticário"),
    ("pt", "em", "O Boticário", "no Boticário"),
    ("pt", "a", "A Vida", "à Vida"),
    ("pt", "por", "Os Lusíadas", "pelos Lusíadas"),
    ("pt", "de", "A4 Labs", "de A4 Labs"),                    # not an article
    ("de", "bei", "Die Zeit", "bei der Zeit"),
    ("de", "bei", "Der Spiegel", "beim Spiegel"),
    ("de", "an", "Der Spiegel", "am Spiegel"),
    ("de", "bei", "Acme", "bei Acme"),
    ("nl", "bij", "De Bijenkorf", "bij De Bijenkorf"),
    ("en", "at", "The Guardian", "at The Guardian"),
])
def test_preposition_joins_the_word_as_the_language_does(lang, prep, word, expected):
    assert g.prep(lang, prep, word) == expected


@pytest.mark.parametrize("lang, prep, company, expected", [
    ("pt", "em", "Natura", "na empresa Natura"),   # gender unknown: "na Natura" but "no Nubank"
    ("pt", "de", "Acme", "da empresa Acme"),
    ("pt", "em", "O Boticário", "no Boticário"),
    ("es", "en", "Acme", "en Acme"),
])
def test_a_company_without_an_article_is_never_given_a_guessed_one(lang, prep, company, expected):
    assert g.org(lang, prep, company) == expected


@pytest.mark.parametrize("role, expected", [
    ("Data Engineer (m/w/d)", "Data Engineer"),
    ("Data Engineer (w/m/d) - Req #12345", "Data Engineer"),
    ("Chef de projet F/H", "Chef de projet"),
    ("Chef de projet (H/F)", "Chef de projet"),
    ("Data-analist (m/v)", "Data-analist"),
    ("Ingeniero de datos (h/m)", "Ingeniero de datos"),
    ("Analista (M/F)", "Analista"),
    ("Sales Manager DACH (all genders)", "Sales Manager DACH"),
    ("DevOps Engineer m/w/d", "DevOps Engineer"),
    ("Software Engineer, Backend (JR-0042)", "Software Engineer, Backend"),
    ("Product Manager (Vollzeit)", "Product Manager"),
    ("Ingénieur logiciel H/F - Réf. ABC-123", "Ingénieur logiciel"),
    ("Accountmanager (m/v) - vacaturenummer 12345", "Accountmanager"),
    ("Backend Developer #4521", "Backend Developer"),
    ("Operations Analyst Intern-223971", "Operations Analyst Intern"),   # requisition numbers as ATSs append them
    ("Technology Data Analyst 281280BR", "Technology Data Analyst"),
    ("Operations Data Analyst Requisition ID 158732", "Operations Data Analyst"),
    ("Data Analyst, 1699375", "Data Analyst"),
    ("Engineer (Job No. 4412)", "Engineer"),
    ("Business Systems Analyst I/II/III", "Business Systems Analyst I/II/III"),
    ("Project Manager - 100% Remote", "Project Manager"),
    ("Engenheiro de software (M/F) - Cód. 5521", "Engenheiro de software"),
    ("Ingegnere del software (m/f) - Rif. 7788", "Ingegnere del software"),
    # never the title itself
    ("CI/CD Engineer", "CI/CD Engineer"),
    ("Head of HR", "Head of HR"),
    ("R&D Engineer", "R&D Engineer"),
    ("Analyst II", "Analyst II"),
    ("Senior Engineer 2", "Senior Engineer 2"),
    ("B2B Sales Manager", "B2B Sales Manager"),
    ("(m/w/d)", ""),
])
def test_role_cleaner_strips_posting_noise_never_the_title(role, expected):
    assert g.clean_role(role) == expected


TITLES = ["Data Engineer", "Chef de projet", "Ingénieur logiciel", "Analista de datos", "Accountmanager",
          "Engenheiro de software", "Ingegnere del software", "Head of HR", "CI/CD Engineer", "Sales Manager DACH"]
NOISE = ["(m/w/d)", "(w/m/d)", "(m/f/d)", "F/H", "H/F", "(h/f)", "(m/v)", "(v/m)", "(M/F)", "(all genders)",
         "- Req #12345", "(Ref. 4521)", "#99812", "(JR-0042)", "(Vollzeit)", "(CDI)", "- Réf. ABC-123"]


@given(st.sampled_from(TITLES), st.lists(st.sampled_from(NOISE), max_size=3))
def test_any_noise_after_a_title_leaves_exactly_the_title(title, noise):
    assert g.clean_role(" ".join([title, *noise])) == title


@given(st.sampled_from(TITLES))
def test_a_clean_title_is_left_alone(title):
    assert g.clean_role(title) == title
    assert g.clean_role(g.clean_role(title)) == title


@pytest.mark.parametrize("company, domains, expected", [
    ("O Boticário Recrutamento", (), "O Boticário"),
    ("Equipa de Recrutamento O Boticário", (), "O Boticário"),
    ("Acme Careers", (), "Acme"),
    ("Acme via Greenhouse", (), "Acme"),
    ("Acme über LinkedIn", (), "Acme"),
    ("Lumen par Welcome to the Jungle", (), "Lumen"),
    ("Viajes por el Mundo via Indeed", (), "Viajes por el Mundo"),  # the first word before a job board cuts
    ("Talent Acquisition - Acme", (), "Acme"),
    ("Careers at Acme", (), "Acme"),
    ("Service Recrutement Lumen", (), "Lumen"),
    ("Werken bij Bol", (), "Bol"),
    ("Boticario Vagas", (), "Boticario"),
    ("Lumen Fr", ("lumen-fr.test",), "Lumen"),       # the code came from the domain
    ("Lumen Fr", (), "Lumen Fr"),                     # without the domain, it may be the name
    ("Banco De", ("banco.test",), "Banco De"),
    # never the name itself
    ("People GmbH", (), "People GmbH"),
    ("HR Solutions", (), "HR Solutions"),
    ("Top Talent", (), "Top Talent"),
    ("Recruiting Team", (), "Recruiting Team"),
    ("Deutsche Bahn AG", (), "Deutsche Bahn AG"),
    ("Viajes por el Mundo", (), "Viajes por el Mundo"),  # "por", "par", "via" inside a name
    ("Voyages par Avion", (), "Voyages par Avion"),
    ("Route via Appia", (), "Route via Appia"),
])
def test_company_cleaner_strips_the_department_never_the_name(company, domains, expected):
    assert g.clean_company(company, domains) == expected


@pytest.mark.parametrize("lang, day, on, of", [
    ("en", date(2026, 11, 8), "on 8 November", "on 8 November"),
    ("de", date(2026, 11, 8), "am 8. November", "am 8. November"),
    ("fr", date(2026, 11, 1), "le 1er novembre", "du 1er novembre"),
    ("es", date(2026, 11, 8), "el 8 de noviembre", "del 8 de noviembre"),
    ("it", date(2026, 11, 8), "l'8 novembre", "dell'8 novembre"),
    ("it", date(2026, 11, 11), "l'11 novembre", "dell'11 novembre"),
    ("it", date(2026, 11, 3), "il 3 novembre", "del 3 novembre"),
    ("nl", date(2026, 11, 8), "op 8 november", "van 8 november"),
    ("pt", date(2026, 11, 8), "no dia 8 de novembro", "do dia 8 de novembro"),
    ("de", date(2025, 12, 1), "am 1. Dezember 2025", "am 1. Dezember 2025"),   # another year: with the year
    ("es", date(2025, 12, 1), "el 1 de diciembre de 2025", "del 1 de diciembre de 2025"),
])
def test_dates_as_a_note_writes_them(lang, day, on, of):
    today = date(2026, 12, 7)
    assert (g.on_day(lang, day, today), g.of_day(lang, day, today)) == (on, of)


@pytest.mark.parametrize("word, elided", [
    ("Ingénieur", True), ("Hôtesse", True), ("«Analyste»", True), ("Yoann", False),
    ("", False), ("  ", False), ("Développeur", False),
    # words that start with a vowel sound the language does not elide before
    ("ouistiti", False), ("ouate", False), ("yacht", False), ("yoga", False), ("yaourt", False),
    ("Yves", True), ("ysopet", True), ("yvelinois", True),
])
def test_french_elision_before_a_word(word, elided):
    assert g.elides(word) is elided


@pytest.mark.parametrize("lang", ["fr", "it", "pt", "de", "en"])
def test_a_preposition_before_no_word_stays_as_it_is(lang):
    assert g.prep(lang, "de", "") == "de"
