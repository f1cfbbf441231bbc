"""The shipped model on the mail whose misreading costs a job seeker most: an invitation to a further round
that says the decision is still to come (read as a rejection, Onward would draft a thank-you for a decision
never made and miss the interview), an understated formal no ("onze keus is niet op u gevallen", "nicht
berücksichtigen", "ne pas donner suite") and an informal one ("it's a no from the team", "the budget was
cut"). Beside them, guards: the real "we have decided" rejections that are the invitations' minimal pairs,
and mail that is not about a job in the understated no's words (a board election, a bid, a tender, a
proposal), which must stay `other`.

Every email here was written for these tests; none is in the training corpus or in the candidate file
data/corpus_src/candidates_v3_5.txt (checked below). Eleven of them fail on classifier v3.4 (24045b2), the model
shipped: they are marked xfail, strict, so that a model that gets them right must drop the mark. The round
written for the first ten (v3.5, docs/model-card.md) passed all of them but was not kept: every retrained model
made a goal row of the card worse (English acknowledgements called rejection held out, the development set, or
the French/German sanity set). The eleventh is an ATS notice that keeps its verdict behind a sign-in, read as a
rejection; with it, notices that give no verdict (a status change to see online, documents or referees asked
for) must be neither a rejection nor an interview."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.model import training
from agent.model.classifier import EmailText
from agent.record.rules import REVIEW_FRACTION

FURTHER_ROUNDS = {
    "German, a second conversation before we decide": EmailText(
        "Ihre Bewerbung als Controllerin",
        "Sehr geehrte Frau Albers,\n\nvielen Dank für das angenehme Gespräch letzte Woche. Wir würden gerne noch ein "
        "zweites Gespräch mit Ihnen führen, bevor wir uns entscheiden. Passt Ihnen Dienstag oder Mittwoch "
        "Nachmittag?\n\nMit freundlichen Grüßen\nKarin Vogt\nPersonalabteilung Halden Metallbau\n",
        "Karin Vogt <k.vogt@halden-metallbau.example>"),
    "German, the next round": EmailText(
        "Nächste Runde",
        "Hallo Herr Brandt,\n\nSie haben uns im ersten Gespräch überzeugt, und wir möchten Sie gerne in die nächste "
        "Runde einladen: ein Gespräch mit unserem Bereichsleiter, etwa eine Stunde, vor Ort in Kassel. Bevor wir "
        "eine Entscheidung treffen, möchten wir Sie noch besser kennenlernen.\n\nViele Grüße\nTeam Recruiting\n",
        "Recruiting Vellmar Energie <jobs@vellmar-energie.example>"),
    "English, before we make a decision": EmailText(
        "Next steps",
        "Hi Dana,\n\nThanks again for your time on Monday. Before we make a decision we'd like you to meet two more "
        "people on the team for a second interview. Would Thursday at 2pm or Friday morning work?\n\nBest,\n"
        "Owen\nTalent, Brightwater Analytics\n", "Owen Hale <owen@brightwater-analytics.example>"),
    "English, the next round": EmailText(
        "Your application - Operations Lead",
        "Hello Chris,\n\nGood news: we'd like to move you forward to the next round. It's a 45-minute conversation "
        "with our COO; we haven't made any decision yet and want to hear more about your logistics work. Please "
        "pick a slot that suits you this week.\n\nRegards,\nMaya\n", "Maya Ortiz <maya@quarrystone.example>"),
    "French, a second interview before deciding": EmailText(
        "Votre candidature - Chargée de communication",
        "Bonjour Madame Roux,\n\nMerci pour notre échange de mardi. Avant de prendre une décision, nous "
        "souhaiterions vous rencontrer pour un second entretien avec la directrice. Seriez-vous disponible jeudi "
        "à 10h ?\n\nBien cordialement,\nHélène Marchand\nRessources humaines, Atelier Verlaine\n",
        "Hélène Marchand <h.marchand@atelier-verlaine.example>"),
    "Spanish, a second interview before deciding": EmailText(
        "Proceso de selección",
        "Hola Pablo,\n\ngracias por la entrevista del lunes. Antes de tomar una decisión nos gustaría tener una "
        "segunda entrevista contigo, esta vez con el director del área. ¿Te viene bien el miércoles a las "
        "11?\n\nUn saludo,\nMarta\nSelección, Cerámicas Duero\n", "Marta Gil <marta.gil@ceramicasduero.example>"),
    "Italian, a second interview before deciding": EmailText(
        "La sua candidatura",
        "Gentile Dott.ssa Ferri,\n\nla ringraziamo per il colloquio di venerdì. Prima di prendere una decisione "
        "vorremmo incontrarla per un secondo colloquio con il responsabile di reparto. Le andrebbe bene martedì "
        "alle 15?\n\nCordiali saluti,\nRisorse Umane, Tessiture Lario\n",
        "Tessiture Lario <hr@tessiturelario.example>"),
    "Dutch, a second conversation before we decide": EmailText(
        "Je sollicitatie",
        "Hoi Bram,\n\nDank voor het fijne gesprek van vorige week. Voordat we een besluit nemen, willen we graag nog "
        "een tweede gesprek met je voeren, dit keer met de teamleider erbij. Kun je donderdag om 14.00 uur?\n\n"
        "Groet,\nLotte\nHR, Polderkracht\n", "Lotte de Wit <lotte@polderkracht.example>"),
    "Portuguese, a second interview before deciding": EmailText(
        "A sua candidatura",
        "Olá Rita,\n\nobrigado pela conversa de ontem. Antes de tomarmos uma decisão, gostaríamos de marcar uma "
        "segunda entrevista consigo, com a diretora financeira. Pode na sexta-feira às 10h?\n\nCumprimentos,\n"
        "Nuno\nRecursos Humanos, Cortiças do Tejo\n", "Nuno Sá <nuno@corticasdotejo.example>"),
    "German, a second conversation before we decide, after the thanks": EmailText(
        "Ihre Bewerbung",
        "Sehr geehrter Herr Wolf,\n\nvielen Dank für Ihre Bewerbung und das Gespräch. Wir würden gerne noch ein "
        "zweites Gespräch mit Ihnen führen, bevor wir uns entscheiden.\n\nMit freundlichen Grüßen\n"
        "Personalabteilung\n", "Personal Lindgren Werkzeugbau <personal@lindgren-werkzeugbau.example>"),
    "German, not decided yet, a second conversation": EmailText(
        "Ihre Bewerbung",
        "Sehr geehrte Frau Roth,\n\nnach dem ersten Gespräch haben wir uns noch nicht entschieden. Wir möchten Sie "
        "zu einem zweiten Gespräch einladen, bevor wir eine Entscheidung treffen. Bitte teilen Sie uns mit, wann es "
        "Ihnen passt.\n\nMit freundlichen Grüßen\n", "Personal <personal@ehrhardt-werke.example>"),
    "German, sorry for the wait, a second round": EmailText(
        "Rückmeldung zu Ihrer Bewerbung",
        "Hallo Frau Sommer,\n\nleider hat es etwas gedauert. Wir sind noch nicht ganz so weit, uns zu entscheiden, "
        "und würden Sie gern zu einer zweiten Runde einladen.\n\nViele Grüße\nAnke\n",
        "Anke Brandl <anke@kanzlei-brandl.example>"),
    "English, no decision yet, a further round": EmailText(
        "Your application",
        "Dear Ms. Hart,\n\nThank you for your interest in the position. We have not yet reached a decision and would "
        "like to speak with you once more in a further round before we decide.\n\nKind regards,\nRecruitment\n",
        "Recruitment <jobs@pellham-group.example>"),
    "French, no decision yet, a second interview": EmailText(
        "Votre candidature",
        "Bonjour,\n\nSuite à notre premier échange, nous n'avons pas encore pris de décision et nous aimerions vous "
        "convier à un deuxième entretien.\n\nCordialement\n", "Service RH <rh@fromagerie-aubrac.example>"),
    "Dutch, a second conversation before a decision, after the thanks": EmailText(
        "Je sollicitatie",
        "Beste Tim,\n\nBedankt voor je sollicitatie en het eerste gesprek. Voordat we een beslissing nemen, willen we "
        "je graag uitnodigen voor een tweede gesprek.\n\nMet vriendelijke groet,\nHR\n",
        "HR <hr@tuinderij-westland.example>"),
    "Dutch, no decision yet, the second round": EmailText(
        "Uw sollicitatie",
        "Geachte heer Jansen,\n\nWij hebben nog geen besluit genomen en nodigen u graag uit voor de tweede ronde.\n\n"
        "Met vriendelijke groet\n", "P&O <po@havenbedrijf-delfzijl.example>"),
}

DECIDED = {  # the invitations' minimal pairs: the decision is made, and it is a no
    "German, we have decided": EmailText(
        "Ihre Bewerbung als Controller",
        "Sehr geehrter Herr Lenz,\n\nvielen Dank für das zweite Gespräch. Wir haben uns nun entschieden und müssen "
        "Ihnen leider mitteilen, dass wir die Stelle anderweitig besetzen.\n\nMit freundlichen Grüßen\n"
        "Personalabteilung Ostwind Logistik\n", "Ostwind Logistik <personal@ostwind-logistik.example>"),
    "English, we have made a decision": EmailText(
        "Update on your application",
        "Hi Jamie,\n\nThanks for coming in for the second round. We've now made a decision, and we're going ahead "
        "with another candidate for the role.\n\nAll the best,\nPriya\n",
        "Priya Nair <priya@lumenforge.example>"),
    "French, we have made our decision": EmailText(
        "Votre candidature",
        "Bonjour Monsieur Petit,\n\nMerci pour ce second entretien. Nous avons pris notre décision et nous avons "
        "retenu une autre candidature pour ce poste.\n\nCordialement,\nService RH, Brasserie Lambert\n",
        "Brasserie Lambert <rh@brasserie-lambert.example>"),
    "Dutch, we have made a decision": EmailText(
        "Je sollicitatie",
        "Hoi Femke,\n\nBedankt voor het tweede gesprek. We hebben een besluit genomen en gekozen voor een andere "
        "kandidaat.\n\nGroet,\nHR, Duinwater\n", "Duinwater <hr@duinwater.example>"),
}

UNDERSTATED = {
    "Dutch, our choice did not fall on you": EmailText(
        "Uw sollicitatie",
        "Geachte heer Visser,\n\nHartelijk dank voor uw sollicitatie naar de functie van werkvoorbereider. Na "
        "zorgvuldige afweging is onze keus niet op u gevallen.\n\nMet vriendelijke groet,\nAfdeling P&O, "
        "Bouwbedrijf Rijnland\n", "P&O Bouwbedrijf Rijnland <po@bouwrijnland.example>"),
    "Dutch, we chose another candidate in few words": EmailText(
        "Sollicitatie administratief medewerker",
        "Beste Esra,\n\nDank je wel voor je sollicitatie. We hebben alle brieven gelezen en onze keuze is op een "
        "andere kandidaat gevallen.\n\nSucces met je zoektocht,\nTeam HR\n", "Veldhof <hr@veldhof.example>"),
    "German, we cannot consider you": EmailText(
        "Ihre Bewerbung",
        "Sehr geehrte Frau Kaya,\n\nvielen Dank für Ihr Interesse an der Position als Sachbearbeiterin. Nach "
        "sorgfältiger Prüfung können wir Ihre Bewerbung leider nicht berücksichtigen.\n\nMit freundlichen Grüßen\n"
        "Stadtwerke Lindenau\n", "Stadtwerke Lindenau <bewerbung@stadtwerke-lindenau.example>"),
    "French, we will not follow up": EmailText(
        "Votre candidature",
        "Madame,\n\nNous avons bien étudié votre candidature au poste d'assistante de direction. Nous sommes au "
        "regret de ne pas pouvoir y donner une suite favorable.\n\nNous vous prions d'agréer nos salutations "
        "distinguées.\nLa Direction, Cabinet Moreau\n", "Cabinet Moreau <contact@cabinet-moreau.example>"),
}

INFORMAL = {
    "English, it's a no from the team": EmailText(
        "re: catch up",
        "Hey Sam, sorry for the slow reply. I talked it through with everyone and it's a no from the team this "
        "time. Really enjoyed meeting you though.\n\nTom\n", "Tom Reyes <tom@northpine.example>"),
    "English, we're going to pass for now": EmailText(
        "Following up",
        "Hi Lee,\n\nThanks for the chat last week. We're going to pass for now, the timing isn't right on our "
        "side. I'll reach out if that changes.\n\nCheers,\nAna\n", "Ana Silva <ana@cobaltbay.example>"),
    "English, one line, it's a no": EmailText(
        "", "hi - heard back from the founders, it's a no unfortunately. they want someone more senior.",
        "Rosa <rosa@talentbridge.example>"),
    "English, the budget was cut": EmailText(
        "The analyst role",
        "Hi Jo,\n\nBad news, I'm afraid: the budget for the analyst role was cut this week, so we won't be hiring "
        "for it after all. Sorry to have taken up your time.\n\nBen\n", "Ben Carter <ben@halyard.example>"),
}

NOT_ABOUT_A_JOB = {  # the understated no's words in mail that is not about a job
    "Dutch, a board election": EmailText(
        "Uitslag bestuursverkiezing",
        "Beste leden,\n\nDank aan alle kandidaten voor het bestuur. Na de stemming is de keus niet op Johan "
        "gevallen; Mirjam wordt onze nieuwe penningmeester.\n\nHet bestuur van tennisvereniging De Lob\n",
        "TV De Lob <bestuur@tvdelob.example>"),
    "Dutch, a bid on a house": EmailText(
        "Uw bod op Lindelaan 12",
        "Beste heer en mevrouw Bakker,\n\nDank voor uw bod. Na zorgvuldige afweging is de keus van de verkoper niet "
        "op u gevallen.\n\nMet vriendelijke groet,\nMakelaardij Groen\n", "Makelaardij Groen <info@groenmakelaars.example>"),
    "German, a tender": EmailText(
        "Ausschreibung Reinigung Rathaus",
        "Sehr geehrte Damen und Herren,\n\nvielen Dank für Ihr Angebot. Leider können wir es bei der Vergabe nicht "
        "berücksichtigen; der Zuschlag ging an einen anderen Bieter.\n\nMit freundlichen Grüßen\nVergabestelle "
        "Gemeinde Ahlen\n", "Vergabestelle <vergabe@ahlen-gemeinde.example>"),
    "French, a project proposal": EmailText(
        "Votre proposition de projet",
        "Bonjour,\n\nMerci pour votre proposition d'atelier pour la fête de quartier. Le comité a décidé de ne pas y "
        "donner suite cette année.\n\nL'association Les Tilleuls\n", "Les Tilleuls <asso@lestilleuls.example>"),
    "English, a talk proposal": EmailText(
        "Your talk proposal",
        "Hi Alex,\n\nThanks for submitting to PyCamp. After careful consideration the committee has decided not to "
        "include your talk this year. We hope to see you there anyway.\n\nThe PyCamp programme team\n",
        "PyCamp <cfp@pycamp.example>"),
    "French, a commercial proposal": EmailText(
        "Votre proposition",
        "Madame,\n\nNous vous remercions pour votre proposition commerciale. Nous avons décidé de ne pas y donner "
        "suite.\n\nCordialement\n", "Achats <achats@hotel-bellevue.example>"),
    "English, a list post that passes on a proposal": EmailText(
        "Re: [dev] proposal to drop the old API",
        "I'm going to pass on this one for now, the timing isn't right. It's a no from me until we have the "
        "budget for a migration guide.\n", "dev list <dev@lists.example>"),
}

# notices that give no verdict: an ATS's "an update is waiting, sign in to see it" may hide a no or an invitation,
# and a request for documents or referees is neither; recorded as a rejection, the notice would plan a thank-you
# for a no never read, as an interview a thank-you for an interview that never was
NO_VERDICT = {
    "ATS, an update waits behind a sign-in": EmailText(
        "An update on your application",
        "Hi Sam,\n\nThere has been an update to your application for Warehouse Systems Analyst at Norcliffe Foods. "
        "To view it, please sign in to your candidate account on our careers site.\n\nThis mailbox is not "
        "monitored.\nNorcliffe Foods Careers\n", "Norcliffe Foods Careers <careers-noreply@norcliffe-foods.example>"),
    "ATS, a status change to see online": EmailText(
        "Your application status has changed",
        "Dear applicant,\n\nThe status of your application (Req 44810, Payroll Specialist) has changed. Log in to "
        "your profile to see the details.\n\nKind regards,\nTalent Acquisition\nOrbison Logistics\n",
        "Orbison Logistics <no-reply@orbison-logistics.example>"),
    "English, the transcripts asked for": EmailText(
        "Documents for your application",
        "Hello Priya,\n\nTo complete your file for the Graduate Actuarial Programme, could you send us copies of "
        "your university transcripts and your degree certificate by Friday? A scan is fine.\n\nThank you,\n"
        "Lena Brooks\nGraduate Recruitment, Harwell Mutual\n", "Lena Brooks <lena.brooks@harwell-mutual.example>"),
    "English, referees asked for": EmailText(
        "References",
        "Hi Tom,\n\nCould you send us the names and contact details of two professional referees for the Site "
        "Engineer role? We'd like to have them on file.\n\nMany thanks,\nRuth\nPeople Team, Caddon Civil\n",
        "Ruth Ames <ruth@caddon-civil.example>"),
}

# the emails classifier v3.4 gets wrong, with its P(rejection) and label
V3_4_MISSES = {
    "German, a second conversation before we decide": "P(rejection) 0.620: the review band, not the interview",
    "German, a second conversation before we decide, after the thanks": "rejection 0.806",
    "German, not decided yet, a second conversation": "rejection 0.750",
    "German, sorry for the wait, a second round": "rejection 0.998",
    "English, no decision yet, a further round": "rejection 0.800",
    "French, no decision yet, a second interview": "rejection 0.775",
    "Dutch, a second conversation before a decision, after the thanks": "P(rejection) 0.528: the review band",
    "Dutch, no decision yet, the second round": "other 0.545",
    "Dutch, our choice did not fall on you": "acknowledgement, P(rejection) 0.689: the review band",
    "French, a commercial proposal": "rejection 0.764",
    "ATS, an update waits behind a sign-in": "rejection 0.92",
}


def cases(names):
    """The names, the ones v3.4 gets wrong marked as expected failures (strict: a fix must drop the mark)."""
    return [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=f"classifier v3.4: {V3_4_MISSES[n]}"))
            if n in V3_4_MISSES else n for n in sorted(names)]


EXPECTED = {**{k: ("interview", v) for k, v in FURTHER_ROUNDS.items()},
            **{k: ("rejection", v) for k, v in {**DECIDED, **UNDERSTATED, **INFORMAL}.items()},
            **{k: ("other", v) for k, v in {**NOT_ABOUT_A_JOB, **NO_VERDICT}.items()}}


@pytest.mark.parametrize("name", cases(FURTHER_ROUNDS))
def test_an_invitation_to_a_further_round_is_an_interview(model, name):
    [pred] = model.predict([FURTHER_ROUNDS[name]])
    # not even in the review band: an interview waiting there is an interview missed
    assert pred.probabilities["rejection"] < REVIEW_FRACTION * model.threshold, (name, pred.probabilities)
    assert pred.label == "interview", (name, pred.probabilities)


@pytest.mark.parametrize("name", cases({**DECIDED, **UNDERSTATED, **INFORMAL}))
def test_a_no_is_a_rejection(model, name):
    item = {**DECIDED, **UNDERSTATED, **INFORMAL}[name]
    [pred] = model.predict([item])
    assert model.is_rejection(pred), (name, pred.probabilities)


@pytest.mark.parametrize("name", cases(NOT_ABOUT_A_JOB))
def test_the_same_words_about_something_else_are_other(model, name):
    [pred] = model.predict([NOT_ABOUT_A_JOB[name]])
    assert pred.probabilities["rejection"] < REVIEW_FRACTION * model.threshold, (name, pred.probabilities)
    assert pred.label == "other", (name, pred.probabilities)


@pytest.mark.parametrize("name", cases(NO_VERDICT))
def test_a_notice_that_gives_no_verdict_is_neither_a_rejection_nor_an_interview(model, name):
    [pred] = model.predict([NO_VERDICT[name]])
    assert not model.is_rejection(pred) and pred.label != "interview", (name, pred.probabilities)


def test_every_v3_4_miss_names_an_email():
    assert set(V3_4_MISSES) <= set(EXPECTED)


def test_these_emails_are_not_in_the_corpus_nor_in_the_candidates():
    root = Path(__file__).resolve().parents[2]
    corpus = {e.text.body.strip() for e in training.load_examples([root / "data" / "corpus"])}
    candidates = (root / "data" / "corpus_src" / "candidates_v3_5.txt").read_text(encoding="utf-8")
    assert not [name for name, (_, item) in EXPECTED.items()
                if item.body.strip() in corpus or item.body.strip() in candidates]
