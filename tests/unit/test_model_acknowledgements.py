"""The shipped model on plain acknowledgements: "thank you for your application, we are reviewing it (with
care)" and nothing more, in every shipped language. Calling one a rejection is among the worst mistakes
Onward can make (a thank-you for a no that was never sent), and the opening ("Votre candidature chez X",
"Nous vous remercions pour votre candidature", "Thank you for applying to X") is the same as that of many
short rejections, so the verdict has to come from what the mail says, not from how it opens.

Every email here was written for these tests; none is in the training corpus (checked below). Classifier
v3.3 (b0b6903) called the French (0.842, the Lumière acknowledgement of the reconcile tests), Spanish,
Italian and Dutch ones rejections and the English one-line ones and "we are reviewing it carefully" other;
the German, Portuguese and French one-line ones are guards (acknowledgements on v3.3 too)."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.model import training
from agent.model.classifier import EmailText

ACKNOWLEDGEMENTS = {
    "French, we are studying it with attention": EmailText(
        "Votre candidature chez Lumière Technologies",
        "Bonjour Alex,\n\nNous vous remercions pour votre candidature au poste d'Ingénieur logiciel chez Lumière "
        "Technologies. Nous l'étudions avec attention.\n\nL'équipe recrutement\n",
        "Lumière Technologies <recrutement@lumiere-tech.fr>"),
    "Spanish, we are reviewing it with attention": EmailText(
        "Tu candidatura en Grupo Alameda",
        "Hola Lucía,\n\nTe agradecemos tu candidatura para el puesto de Técnica de calidad en Grupo Alameda. La "
        "estamos revisando con atención.\n\nEl equipo de selección\n", "Grupo Alameda <empleo@grupoalameda.example>"),
    "Italian, we are assessing it with attention": EmailText(
        "La tua candidatura presso Officine Brera",
        "Ciao Marco,\n\nti ringraziamo per la tua candidatura alla posizione di Progettista meccanico presso Officine "
        "Brera. La stiamo valutando con attenzione.\n\nIl team Risorse Umane\n",
        "Officine Brera <lavora@officinebrera.example>"),
    "Dutch, we are looking at it carefully": EmailText(
        "Je sollicitatie bij Duinhof Zorg",
        "Hoi Sanne,\n\nBedankt voor je sollicitatie als Teamleider bij Duinhof Zorg. We bekijken hem zorgvuldig.\n\n"
        "Team Recruitment\n", "Duinhof Zorg <werken@duinhofzorg.example>"),
    "English, one line of thanks": EmailText(
        "",
        "Dear Sam,\nThank you for applying for the Logistics Coordinator position with Tarrow Mills.",
        "Tarrow Mills Careers <careers@tarrowmills.example>"),
    "English, one line of thanks, signed by a team": EmailText(
        "",
        "Hi Alex,\n\nThank you for applying to Penwright for the Junior Accountant position.\n\nKind regards,\n"
        "The Penwright Recruiting Team", "Penwright <jobs@penwright.example>"),
    # guards: right on v3.3 as well
    "German, we are checking it carefully": EmailText(
        "Ihre Bewerbung bei Kranich Logistik",
        "Hallo Jonas,\n\nvielen Dank für Ihre Bewerbung als Disponent bei Kranich Logistik. Wir prüfen sie sorgfältig "
        "und melden uns bei Ihnen.\n\nIhr Recruiting-Team\n", "Kranich Logistik <karriere@kranich-logistik.example>"),
    "Portuguese, we are analysing it with attention": EmailText(
        "A sua candidatura na Vinhas do Sado",
        "Olá Inês,\n\nAgradecemos a sua candidatura para a vaga de Enóloga assistente na Vinhas do Sado. Estamos a "
        "analisá-la com atenção.\n\nA equipa de Recrutamento\n", "Vinhas do Sado <recrutamento@vinhasdosado.example>"),
    "English, we are reviewing it carefully": EmailText(
        "Your application at Harlow Freight",
        "Hi Sam,\n\nThank you for your application for the Fleet Planner role at Harlow Freight. We are reviewing it "
        "carefully.\n\nThe Recruitment Team\n", "Harlow Freight <careers@harlowfreight.example>"),
    "French, one line of thanks": EmailText(
        "Votre candidature",
        "Bonjour Zoé,\nMerci pour votre candidature au poste de Responsable de boutique chez Maison Carrel.",
        "Maison Carrel <emploi@maisoncarrel.example>"),
}


@pytest.mark.parametrize("name", sorted(ACKNOWLEDGEMENTS))
def test_a_plain_acknowledgement_is_not_a_rejection(model, name):
    [pred] = model.predict([ACKNOWLEDGEMENTS[name]])
    assert not model.is_rejection(pred), (name, pred.probabilities)
    assert pred.label == "acknowledgement", (name, pred.probabilities)


def test_these_emails_are_not_in_the_corpus():
    root = Path(__file__).resolve().parents[2]
    corpus = {e.text.body.strip() for e in training.load_examples([root / "data" / "corpus"])}
    assert not [name for name, item in ACKNOWLEDGEMENTS.items() if item.body.strip() in corpus]
