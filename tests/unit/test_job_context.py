"""Job context first: the gate, the context model inside the shipped model, refusals that are not about a
job in all seven languages, and models made before the `assessment` label.

The emails here were written for these tests; none is in the training corpus."""

from __future__ import annotations

import numpy as np
import pytest

from agent.model import training
from agent.model.classifier import CONTEXT_GATE, CONTEXT_SOFT_GATE, CORE_LABELS, LABELS, Classifier, EmailText
from agent.model.scorer import LinearTextScorer

NON_JOB = {
    "en": EmailText("Your tenancy application - 14 Mill Lane",
                    "Hi Robin, thanks for viewing the house on Saturday and for filling in the tenancy form. I'm "
                    "sorry to tell you that the owners have accepted an offer from another applicant, so the house "
                    "is no longer available. Good luck with the search. Maria, Lettings", "maria@millane-lettings.example"),
    "de": EmailText("Ihre Anmeldung zum Masterstudiengang",
                    "Sehr geehrte Frau Berg, vielen Dank für Ihre Bewerbung um einen Studienplatz im Master "
                    "Umweltwissenschaften. Leider können wir Ihnen keinen Platz anbieten, da die Zahl der Bewerber die "
                    "verfügbaren Plätze deutlich übersteigt. Mit freundlichen Grüßen, Ihr Prüfungsamt",
                    "zulassung@uni-beispiel.example"),
    "fr": EmailText("Votre demande d'inscription",
                    "Madame, nous avons étudié la candidature de votre fils pour l'entrée au collège Jean Moulin. "
                    "Malheureusement, nous ne pouvons pas donner suite : toutes les places sont attribuées. "
                    "Cordialement, le secrétariat", "secretariat@college-moulin.example"),
    "es": EmailText("Su solicitud de préstamo",
                    "Estimado cliente: hemos revisado su solicitud de préstamo hipotecario. Lamentamos comunicarle "
                    "que no podemos aprobarla en este momento. Atentamente, Banco Levante", "prestamos@levante.example"),
    "it": EmailText("La tua prenotazione",
                    "Ciao Luca, grazie per la richiesta per l'appartamento al mare dal 3 al 10 agosto. Purtroppo "
                    "l'host ha rifiutato la prenotazione perché le date non sono più libere. Il team di Vacanze Blu",
                    "noreply@vacanzeblu.example"),
    "nl": EmailText("Uw bestelling is geannuleerd",
                    "Beste klant, uw bestelling 88123 kon helaas niet worden verwerkt omdat de betaling is geweigerd. "
                    "De bestelling is geannuleerd. Met vriendelijke groet, Webwinkel Tulp", "service@tulp.example"),
    "pt": EmailText("Sua proposta de palestra",
                    "Olá Ana, obrigado por submeter a sua palestra para a conferência deste ano. Infelizmente a "
                    "comissão não selecionou a sua proposta para o programa. Abraços, Comissão", "cfp@conf.example"),
}
JOB_NO = {
    "en": EmailText("Re: Product Designer", "Hi Robin, thanks again for the chats last week. It's a no from the team "
                    "this time - we went with someone with more B2B experience. Sorry! Jess", "jess@brightloop.example"),
    "de": EmailText("Ihre Bewerbung als Controller", "Sehr geehrte Frau Berg, vielen Dank für Ihre Bewerbung. Nach "
                    "sorgfältiger Prüfung können wir Ihre Bewerbung leider nicht berücksichtigen. Mit freundlichen "
                    "Grüßen, Personalabteilung", "personal@kaiser-logistik.example"),
    "nl": EmailText("Uw sollicitatie", "Beste Robin, hartelijk dank voor uw sollicitatie als teamleider. Na zorgvuldige "
                    "overweging is onze keus hierbij niet op u gevallen. Met vriendelijke groet, HR",
                    "hr@dijkstra-bouw.example"),
    "fr": EmailText("Votre candidature", "Bonjour Robin, merci pour votre candidature au poste de chargé de mission. "
                    "Nous avons décidé de ne pas donner suite à votre candidature. Cordialement, l'équipe RH",
                    "rh@lumiere.example"),
}


@pytest.mark.parametrize("lang", sorted(NON_JOB))
def test_a_refusal_that_is_not_about_a_job_is_other(model, lang):
    [pred] = model.predict([NON_JOB[lang]])
    assert pred.label == "other", (lang, pred.probabilities)
    assert pred.probabilities["rejection"] < model.threshold
    assert model.explain_context(NON_JOB[lang])["job"] is False


@pytest.mark.parametrize("lang", sorted(JOB_NO))
def test_a_job_refusal_in_its_own_words_is_a_rejection(model, lang):
    [pred] = model.predict([JOB_NO[lang]])
    assert pred.label == "rejection", (lang, pred.probabilities)
    assert pred.job_context is not None and pred.job_context >= CONTEXT_GATE


def test_the_context_explanation_names_the_phrase_on_the_side_decided(model):
    flat = model.explain_context(NON_JOB["en"])
    job = model.explain_context(JOB_NO["de"])
    assert flat["p_job"] < CONTEXT_GATE <= job["p_job"]
    assert flat["phrases"] and all(w < 0 for _, w in flat["phrases"])
    assert job["phrases"] and all(w > 0 for _, w in job["phrases"])


def test_the_gate_caps_p_rejection_at_the_context_probability():
    rej, other = LABELS.index("rejection"), LABELS.index("other")
    probs = np.array([[0.80, 0.05, 0.0, 0.05, 0.0, 0.10],   # context 0.15 -> P(rejection) capped at 0.15
                      [0.80, 0.05, 0.0, 0.05, 0.0, 0.10],   # context 0.60: above the gate, untouched
                      [0.05, 0.80, 0.0, 0.05, 0.0, 0.10]])  # P(rejection) 0.05 < context 0.10: untouched
    out = Classifier.gate(probs.copy(), np.array([0.15, 0.60, 0.10]), soft=0)  # the hard gate alone
    assert out[0, rej] == pytest.approx(0.15) and out[0, other] == pytest.approx(0.75)
    assert np.array_equal(out[0, 1:other], probs[0, 1:other])  # an interview is never gated away
    assert np.array_equal(out[1:], probs[1:])
    assert np.allclose(out.sum(axis=1), 1.0)
    assert Classifier.decide(out[0], 0.7).label == "other"


def test_below_the_soft_gate_a_rejection_needs_more_evidence_the_less_sure_the_job_context():
    rej, other = LABELS.index("rejection"), LABELS.index("other")
    probs = np.array([[0.80, 0.05, 0.0, 0.05, 0.0, 0.10]] * 4)
    context = np.array([0.30, CONTEXT_SOFT_GATE, 0.90, 0.10])
    out = Classifier.gate(probs.copy(), context)
    # 0.30 / 0.40 of 0.80: 0.60, which is no longer a rejection at the shipped threshold but is in review
    assert out[0, rej] == pytest.approx(0.80 * 0.30 / CONTEXT_SOFT_GATE)
    assert out[0, other] == pytest.approx(0.10 + 0.80 - out[0, rej])
    assert Classifier.decide(out[0], 0.7).label == "other"
    assert np.array_equal(out[1:3], probs[1:3])  # at or above the soft gate: untouched
    assert out[3, rej] == pytest.approx(0.10)  # below the hard gate the cap still holds
    assert np.allclose(out.sum(axis=1), 1.0)
    assert np.array_equal(Classifier.gate(probs.copy(), context, soft=0)[0], probs[0])  # soft=0: the hard gate only
    # an email that names the job (a job word) is not scaled, whatever its P(job context)
    words = np.array([True, False, False, True])
    named = Classifier.gate(probs.copy(), context, job_words=words)
    assert np.array_equal(named[0], probs[0])
    assert named[3, rej] == pytest.approx(0.10)  # the hard gate still caps it


def test_the_binary_context_model_is_scored_exactly_without_scikit_learn(model):
    texts = np.empty((3, 1), dtype=object)
    texts[:, 0] = ["thanks for viewing the flat", "your application for the role", ""]
    scorer = model.context
    assert scorer is not None and sorted(scorer.classes) == ["job", "other"]
    again = LinearTextScorer.from_bytes(scorer.to_bytes())
    assert np.allclose(again.predict_proba(texts), scorer.predict_proba(texts))


def test_binary_logistic_regression_matches_scikit_learn():
    pipe = training.build_context_pipeline(0)
    x = np.empty((8, 1), dtype=object)
    x[:, 0] = ["we regret your application", "your application to the role", "the flat is let", "the flat viewing",
               "interview for the role", "order cancelled refund", "role interview application", "order refund flat"]
    y = ["job", "job", "other", "other", "job", "other", "job", "other"]
    pipe.fit(x, y)
    scorer = LinearTextScorer.from_pipeline(pipe)
    want = pipe.predict_proba(x)[:, [list(pipe.classes_).index(c) for c in scorer.classes]]
    assert np.abs(scorer.predict_proba(x) - want).max() < 1e-6


def test_a_model_made_before_the_assessment_label_still_loads_and_predicts():
    words = {"rejection": "regret not selected other candidates", "interview": "interview schedule time call",
             "offer": "offer salary start contract", "acknowledgement": "received application review soon",
             "other": "newsletter order shipped weekend"}
    ex = [training.Example(EmailText(f"{lab} {i}", f"{w} {w} number {i}"), lab) for lab, w in words.items()
          for i in range(6)]
    pipe = training.build_pipeline(0)
    x = training.model_inputs([e.text for e in ex])
    x[:, 2] = x[:, 0]  # a decisive-sentence column with words in it (no sentence model here)
    pipe.fit(x, [e.label for e in ex])
    clf = Classifier(pipe, threshold=0.5)
    assert set(clf.scorer.classes) == set(CORE_LABELS)
    preds = clf.predict([EmailText("x", "interview schedule time call"), EmailText("y", "regret not selected")])
    assert [p.label for p in preds] == ["interview", "rejection"]
    assert all(p.probabilities["assessment"] == 0.0 for p in preds)
    assert Classifier.decide(np.array([0.1, 0.6, 0.1, 0.1, 0.1]), 0.5).label == "interview"  # a 5-label row


@pytest.mark.parametrize(("name", "size"), [("context_v3.jsonl", 33), ("weak_spots_v3_3.jsonl", 49)])
def test_an_evaluation_set_is_not_in_the_corpus(name, size):
    """The sets of data/eval are measured, never trained on: no corpus email shares a body with them."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    corpus = {e.text.body.strip() for e in training.load_examples([root / "data" / "corpus"])}
    held = training.load_examples([root / "data" / "eval" / name])
    assert len(held) == size and {e.lang for e in held} == {"en", "de", "fr", "es", "it", "nl", "pt"}
    assert not [e.id for e in held if e.text.body.strip() in corpus]
