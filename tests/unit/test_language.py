"""Language detection and salutations (agent/followups/language.py) on real-looking text."""

import pytest

from agent.followups.language import detect, salutation

TEXTS = {
    "en": "Thank you for taking the time to interview with us. Unfortunately, we have decided to move forward "
          "with other candidates whose experience more closely matches our needs. We wish you the best.",
    "de": "Sehr geehrter Herr Doe, vielen Dank für Ihre Bewerbung und Ihr Interesse an unserem Unternehmen. Leider "
          "müssen wir Ihnen mitteilen, dass wir uns für eine andere Kandidatin entschieden haben. Mit freundlichen Grüßen",
    "fr": "Bonjour, nous vous remercions de l'intérêt que vous portez à notre société. Malheureusement, nous ne "
          "sommes pas en mesure de donner une suite favorable à votre candidature. Cordialement",
    "es": "Estimado Alex: le agradecemos su interés en el puesto y el tiempo dedicado al proceso de selección. "
          "Lamentablemente, hemos decidido continuar con otros candidatos. Un cordial saludo",
}


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_detects_each_language(lang):
    assert detect(TEXTS[lang], fallback="xx") == lang


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
    ("en", "Jane Miller", "Dear Jane,"),
    ("en", "Miller, Jane", "Dear Jane,"),
    ("en", None, "Dear Hiring Team,"),
])
def test_salutations(lang, name, expected):
    assert salutation(lang, name) == expected
