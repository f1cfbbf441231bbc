"""Language detection and salutations (agent/followups/language.py) on real-looking text."""

import dataclasses
import re

import pytest

from agent import shipped
from agent.followups.draft import render_body
from agent.followups.language import (LANGUAGES, detect, greets_many, is_person_name, person, portuguese_variant,
                                     salutation, scores)

TEXTS = {
    "en": "Thank you for taking the time to interview with us. Unfortunately, we have decided to move forward "
          "with other candidates whose experience more closely matches our needs. We wish you the best.",
    "de": "Sehr geehrter Herr Doe, vielen Dank für Ihre Bewerbung und Ihr Interesse an unserem Unternehmen. Leider "
          "müssen wir Ihnen mitteilen, dass wir uns für eine andere Kandidatin entschieden haben. Mit freundlichen Grüßen",
    "fr": "Bonjour, nous vous remercions de l'intérêt que vous portez à notre société. Malheureusement, nous ne "
          "sommes pas en mesure de donner une suite favorable à votre candidature. Cordialement",
    "es": "Estimado Alex: le agradecemos su interés en el puesto y el tiempo dedicado al proceso de selección. "
          "Lamentablemente, hemos decidido continuar con otros candidatos. Un cordial saludo",
    "it": "Gentile Marco, la ringraziamo per l'interesse dimostrato verso la nostra azienda. Purtroppo abbiamo "
          "deciso di proseguire con altri candidati il cui profilo è più in linea con la posizione. Cordiali saluti",
    "nl": "Geachte heer Jansen, hartelijk dank voor uw sollicitatie naar de functie van accountmanager. Na "
          "zorgvuldige overweging hebben wij besloten een andere kandidaat aan te nemen. Met vriendelijke groet",
    "pt": "Olá João, agradecemos o seu interesse na vaga. Infelizmente decidimos seguir com outros candidatos "
          "neste processo seletivo. Atenciosamente, Equipe de Recrutamento",
}
# Spanish, Italian and Portuguese share many function words: each must still win on its own mail
SHORT = {
    "es": "Hola Ana: gracias por tu interés. Tras revisar tu perfil, hemos decidido seguir con otras personas.",
    "it": "Buongiorno, grazie per la candidatura. Abbiamo scelto un altro profilo per questa posizione.",
    "pt": "Caro Tiago, obrigado pela sua candidatura. Decidimos não avançar com o seu perfil para esta vaga.",
}


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_detects_each_language(lang):
    assert detect(TEXTS[lang], fallback="xx") == lang


@pytest.mark.parametrize("lang", sorted(SHORT))
def test_tells_romance_languages_apart(lang):
    assert detect(SHORT[lang], fallback="xx") == lang


def test_too_little_text_falls_back():
    assert detect("OK", fallback="de") == "de"
    assert detect("Danke!", fallback="fr") == "fr"


@pytest.mark.parametrize("lang, name, expected", [
    ("de", "Anna Schmidt", "Sehr geehrte Frau Schmidt,"),
    ("de", "Thomas Müller", "Sehr geehrter Herr Müller,"),
    ("de", "Frau Dr. Kim Lee", "Sehr geehrte Frau Dr. Lee,"),    # German keeps the academic title
    ("de", "Prof. Dr. Thomas Müller", "Sehr geehrter Herr Prof. Dr. Müller,"),
    ("de", "Dr. Kim Lee", "Guten Tag Dr. Kim Lee,"),
    ("de", "Alex Schmidt", "Guten Tag Alex Schmidt,"),
    ("de", None, "Sehr geehrte Damen und Herren,"),
    ("fr", "Claire Dupont", "Bonjour Madame Dupont,"),
    ("fr", None, "Madame, Monsieur,"),
    ("es", "Lucía García", "Estimada Sra. García:"),
    ("es", None, "Estimado equipo de selección:"),
    ("it", "Giulia Rossi", "Gentile Sig.ra Rossi,"),
    ("it", "Dott. Luca De Rossi", "Gentile Dott. De Rossi,"),      # never downgraded to "Sig."
    ("it", "Dott.ssa Giulia Rossi", "Gentile Dott.ssa Rossi,"),
    ("it", "Dr. Giulia Rossi", "Gentile Dott.ssa Rossi,"),
    ("it", "Ing. Marco Bianchi", "Gentile Ing. Bianchi,"),
    ("es", "Dra. Lucía García", "Estimada Dra. García:"),
    ("fr", "Dr. Claire Dupont", "Bonjour Madame Dupont,"),          # French business mail drops it
    ("en", "Dr. Jane Miller", "Dear Dr. Miller,"),
    ("it", None, "Gentile responsabile della selezione,"),
    ("nl", "mevrouw de Vries", "Geachte mevrouw De Vries,"),
    ("nl", "Pieter van der Berg", "Geachte heer Van der Berg,"),
    ("nl", "Alex de Wit", "Beste Alex de Wit,"),
    ("nl", None, "Geachte heer, mevrouw,"),
    ("pt-BR", "João da Silva", "Prezado Sr. da Silva,"),
    ("pt-BR", "Dra. Ana Costa", "Prezada Dra. Costa,"),
    ("pt-BR", "Alex Costa", "Olá, Alex Costa,"),
    ("pt-BR", None, "Prezada equipe de recrutamento,"),
    ("pt-PT", "João da Silva", "Exmo. Senhor João da Silva,"),
    ("pt-PT", "Dra. Ana Costa", "Exma. Senhora Dra. Ana Costa,"),
    ("pt-PT", "Alex Costa", "Bom dia, Alex Costa,"),
    ("pt-PT", None, "Exmos. Senhores,"),
    ("pt", None, "Prezada equipe de recrutamento,"),                 # plain "pt": Brazilian
    # a department, a mailbox or a company is not greeted as a person
    ("pt-PT", "Equipa de Recrutamento O Boticário", "Exmos. Senhores,"),
    ("pt-BR", "O Boticário Recrutamento", "Prezada equipe de recrutamento,"),
    ("de", "Talent Acquisition Team", "Sehr geehrte Damen und Herren,"),
    ("en", "Acme Careers", "Dear Hiring Team,"),
    ("fr", "Service Recrutement", "Madame, Monsieur,"),
    ("en", "Jane Miller", "Dear Jane,"),
    ("en", "Miller, Jane", "Dear Jane,"),
    ("en", None, "Dear Hiring Team,"),
])
def test_salutations(lang, name, expected):
    assert salutation(lang, name) == expected


TEMPLATES = ["rejection_thanks/after_application", "rejection_thanks/after_interview",
             "interview_thanks/after_interview", "check_in/after_application", "check_in/after_interview"]


@pytest.mark.parametrize("lang", [x for x in LANGUAGES if x != "pt"] + ["pt-BR", "pt-PT"])
@pytest.mark.parametrize("name", TEMPLATES)
def test_every_language_has_every_shipped_template(lang, name):
    """A language Onward detects is a language it writes in (Portuguese in both variants): each kind and
    stage, known company and role or not, renders with the salutation and the sender's name and no
    placeholder left."""
    text = shipped.template_text(f"{name}.{lang}.txt.j2")
    for company, role in (("Acme", "Data Analyst"), (None, None)):
        body = render_body(text, company=company, role=role, contact_name=None, your_name="Alex Doe",
                           salutation=salutation(lang, "Anna Schmidt"))
        assert body.startswith(salutation(lang, "Anna Schmidt")) and "Alex Doe" in body
        assert "{" not in body and "}" not in body and "None" not in body
        assert not re.search(r"\w/(?:a|e|o|in)\b", body)  # no words that need the writer's gender ("grato/a")
        assert ("Acme" in body) == (company is not None) or name.startswith("check_in")


@pytest.mark.parametrize("text, domains, expected", [
    ("Agradecemos o seu interesse. Nossa equipe está analisando os currículos e entraremos em contato.", (),
     "pt-BR"),
    ("Agradecemos o seu interesse. A nossa equipa está a analisar as candidaturas e entraremos em contacto.", (),
     "pt-PT"),
    ("Obrigado pela sua candidatura.", ("vagas.empresa.com.br",), "pt-BR"),
    ("Obrigado pela sua candidatura.", ("empresa.pt",), "pt-PT"),
    ("Obrigado pela sua candidatura.", (), None),
])
def test_portuguese_variant_from_the_email_s_own_wording(text, domains, expected):
    assert portuguese_variant(text, domains) == expected


@pytest.mark.parametrize("lang, name, many", [
    ("es", None, True), ("es", "Lucía García", False), ("pt-BR", None, True), ("pt-PT", "Ana Costa", False),
    ("pt-PT", "Equipa de Recrutamento", True), ("it", None, False), ("nl", None, False),
])
def test_greeting_number(lang, name, many):
    """A greeting to a team is plural ("Estimado equipo de selección:" -> "ustedes"); to a person singular."""
    assert greets_many(lang, name) is many


@pytest.mark.parametrize("lang, name, expected", [
    # a title and a surname only: the surname is greeted with the title, never as a first name
    ("de", "Frau Schmidt", "Sehr geehrte Frau Schmidt,"),
    ("fr", "Mme Dupont", "Bonjour Madame Dupont,"),
    ("en", "Mr Smith", "Dear Mr Smith,"),
    ("en", "Mrs. Jones", "Dear Ms Jones,"),
    ("en", "Dr. Smith", "Dear Dr. Smith,"),
    ("de", "Herr Dr. Müller", "Sehr geehrter Herr Dr. Müller,"),
    ("it", "Sig.ra Rossi", "Gentile Sig.ra Rossi,"),
    # a surname that starts with its particle has no first name
    ("en", "de Vries", "Dear de Vries,"),
    ("nl", "de Vries", "Beste de Vries,"),
    # one word and no title: greeted once
    ("de", "Smith", "Guten Tag Smith,"),
    ("en", "Smith", "Dear Smith,"),
    # middle names are not part of the surname
    ("de", "Anna Maria Schmidt", "Sehr geehrte Frau Schmidt,"),
    # "Prof. Dr." is "Professor" where the language keeps one title
    ("en", "Prof. Dr. Jane Miller", "Dear Professor Miller,"),
    # a title said twice is one title
    ("de", "Dr. Dr. Anna Schmidt", "Sehr geehrte Frau Dr. Schmidt,"),
    ("de", "Prof. Prof. Jan Kowalski", "Sehr geehrter Herr Prof. Kowalski,"),
])
def test_salutations_of_titles_and_surnames(lang, name, expected):
    assert salutation(lang, name) == expected


def test_a_person_is_a_value() -> None:
    jane = person("Jane Miller")
    assert jane is not None and hash(jane) == hash(person("Jane Miller"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        jane.first = "Joan"  # type: ignore[misc]


@pytest.mark.parametrize("name", ["jane@acme.test", "Jane <jane@acme.test>", "Team 42", "", "   "])
def test_an_address_or_a_name_with_digits_is_not_a_person(name) -> None:
    assert not is_person_name(name)
    assert salutation("en", name) == "Dear Hiring Team,"


def test_the_language_is_read_from_the_first_20000_characters() -> None:
    """A word that ends at the 20,000th character counts; one cut there does not."""
    assert scores(" " * 19997 + "und")["de"] == 1
    assert scores(" " * 19998 + "und")["de"] == 0


def test_the_margin_is_a_ratio_not_a_difference() -> None:
    german, english = "leider wir uns", "the and"  # 3 German stop words, 2 English
    assert detect(f"{german} {english}", "xx") == "de"  # 3 >= 1.5 x 2
    ten_english = "the and you we our for with thank your this"
    twelve_german = "leider wir uns und die der ihre ihr bewerbung stelle vielen dank"
    assert scores(twelve_german)["de"] == 12 and scores(ten_english)["en"] == 10
    assert detect(f"{twelve_german} {ten_english}", "xx") == "xx"  # 12 < 1.5 x 10, though 2 more


@pytest.mark.parametrize("text, domains, expected", [
    ("estamos analisando", (), "pt-BR"),                 # a gerund (2) outweighs one European word (1)
    ("estamos analisando equipa", (), "pt-BR"),
    ("estamos a analisar equipe", (), "pt-PT"),          # and the European infinitive one Brazilian word
    ("equipe contato", ("rh.example.pt",), "pt-PT"),      # the company's domain (3) outweighs two words
    ("equipa contacto cumprimentos", ("rh.example.com.br",), None),  # 3 against 3: no sign
    ("equipe contato atenciosamente", ("rh.example.pt",), None),
])
def test_how_much_each_sign_of_a_portuguese_variant_weighs(text, domains, expected) -> None:
    assert portuguese_variant(text, domains) == expected


@pytest.mark.parametrize("name", ["Frau Dr.", "Prof. Dr.", "Mr", "Madame"])
def test_titles_without_a_name_are_nobody_to_greet(name):
    assert person(name) is None
