"""Language detection and salutations (agent/followups/language.py) on real-looking text."""

import re

import pytest

from agent import shipped
from agent.followups.draft import render_body
from agent.followups.language import LANGUAGES, detect, salutation

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
    ("de", "Frau Dr. Kim Lee", "Sehr geehrte Frau Lee,"),
    ("de", "Alex Schmidt", "Guten Tag Alex Schmidt,"),
    ("de", None, "Sehr geehrte Damen und Herren,"),
    ("fr", "Claire Dupont", "Bonjour Madame Dupont,"),
    ("fr", None, "Madame, Monsieur,"),
    ("es", "Lucía García", "Estimada Sra. García:"),
    ("es", None, "Estimado equipo de selección:"),
    ("it", "Giulia Rossi", "Gentile Sig.ra Rossi,"),
    ("it", "Dott. Luca De Rossi", "Gentile Sig. De Rossi,"),
    ("it", None, "Gentile responsabile della selezione,"),
    ("nl", "mevrouw de Vries", "Geachte mevrouw De Vries,"),
    ("nl", "Pieter van der Berg", "Geachte heer Van der Berg,"),
    ("nl", "Alex de Wit", "Beste Alex de Wit,"),
    ("nl", None, "Geachte heer, mevrouw,"),
    ("pt", "João da Silva", "Prezado Sr. da Silva,"),
    ("pt", "Alex Costa", "Bom dia, Alex Costa,"),
    ("pt", None, "Prezados responsáveis pelo recrutamento,"),
    ("en", "Jane Miller", "Dear Jane,"),
    ("en", "Miller, Jane", "Dear Jane,"),
    ("en", None, "Dear Hiring Team,"),
])
def test_salutations(lang, name, expected):
    assert salutation(lang, name) == expected


TEMPLATES = ["rejection_thanks/after_application", "rejection_thanks/after_interview",
             "interview_thanks/after_interview", "check_in/after_application", "check_in/after_interview"]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", TEMPLATES)
def test_every_language_has_every_shipped_template(lang, name):
    """A language Onward detects is a language it writes in: each kind and stage, known company and role
    or not, renders with the salutation and the sender's name and no placeholder left."""
    text = shipped.template_text(f"{name}.{lang}.txt.j2")
    for company, role in (("Acme", "Data Analyst"), (None, None)):
        body = render_body(text, company=company, role=role, contact_name=None, your_name="Alex Doe",
                           salutation=salutation(lang, "Anna Schmidt"))
        assert body.startswith(salutation(lang, "Anna Schmidt")) and "Alex Doe" in body
        assert "{" not in body and "}" not in body and "None" not in body
        assert not re.search(r"\w/(?:a|e|o|in)\b", body)  # no words that need the writer's gender ("grato/a")
        assert ("Acme" in body) == (company is not None) or name.startswith("check_in")
