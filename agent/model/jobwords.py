"""Job words: the one feature of the job-context model that is not an n-gram of the email.

A refusal of a flat, a course place, a loan or a dog adoption reads like a job's ("we have decided to go
with another applicant"); what it lacks is any word that only work and hiring use: role, position,
vacancy, recruiter, interview, CV, Stelle, poste, vacante, colloquio, sollicitatie, vaga ... A word model
cannot see that something is *absent*, so the prepared text the context model reads starts with a marker
token: :data:`NO_JOB_WORDS` when the email holds none of them, :data:`JOB_WORDS` when it holds one or
more. The model learns the marker's weight like any other term (trained on whole non-job domains held
out, it keeps more refusals out at every gate and lets no more rejections in: docs/model-card.md).

Words that both sides use ("application", "Bewerbung", "candidature", "team", "opening") are not job
words. A model trained before the marker never saw it: an unknown term, ignored, so such a model reads
the same as before.
"""
from __future__ import annotations

import re

import numpy as np

NO_JOB_WORDS = "zzjobnone"  # marker tokens: lower case letters only, so the word vectoriser keeps them whole
JOB_WORDS = "zzjobsome"
MARKERS = {NO_JOB_WORDS: "(no job words in the email)", JOB_WORDS: "(job words in the email)"}

# normalised (lower-case) text; stems end in \w* where the word family is all about work
_JOB_WORD = re.compile(
    r"\b(?:"
    # en
    r"roles?|positions?|jobs?|vacanc\w*|candidates?|candidacy|hiring|hire[ds]?|recruit\w*|interview\w*|r[ée]sum[ée]s?|cvs?|"
    r"careers?|employ\w*|talent|requisition|intern(?:ship)?s?|apprentice\w*|trainees?|salary|onboarding|headcount|"
    # de
    r"stellen?|stellenangebot\w*|vorstellungsgespräch\w*|bewerbungsgespräch\w*|lebenslauf|karriere|arbeitgeber|"
    r"arbeitsvertrag|praktikum|personalabteilung|kandidat\w*|einstellung\w*|probearbeit\w*|probetag\w*|werkstudent\w*|"
    # fr
    r"postes?|emplois?|recrut\w*|entretiens?|carri[èe]re|embauche|stages?|alternance|"
    # es
    r"puestos?|empleos?|vacantes?|entrevistas?|reclut\w*|selecci[óo]n|curr[íi]culum|carrera|contrataci[óo]n|"
    # it
    r"posizion[ei]|lavoro|colloqui|colloquio|selezione|carriera|assunzion[ei]|impiego|"
    # nl
    r"functie|vacatures?|sollicit\w*|kandida\w*|werving|loopbaan|baan|"
    # pt
    r"vagas?|cargos?|emprego|recrutamento|sele[çc][ãa]o|curr[íi]culo|carreira"
    r")\b")


def job_word_marker(text: str) -> str:
    """:data:`JOB_WORDS` if the normalised ``text`` holds a job word, else :data:`NO_JOB_WORDS`."""
    return JOB_WORDS if _JOB_WORD.search(text) else NO_JOB_WORDS


def with_marker(text: str) -> str:
    """The context model's input: the marker token, then the prepared text."""
    return f"{job_word_marker(text)} {text}"


def context_inputs(full_texts: np.ndarray, job_words: np.ndarray | None = None) -> np.ndarray:
    """(n, 1) object array of :func:`with_marker` over column 0 of ``model_inputs`` (the prepared text);
    ``job_words``: :func:`has_job_words` of the same texts, when the caller has it already (the search
    over every text is the costly part)."""
    out = np.empty((len(full_texts), 1), dtype=object)
    if job_words is None:
        out[:, 0] = [with_marker(t) for t in full_texts]
    else:
        out[:, 0] = [f"{JOB_WORDS if has else NO_JOB_WORDS} {t}"
                     for t, has in zip(full_texts, job_words.tolist(), strict=True)]
    return out


def has_job_words(full_texts: np.ndarray) -> np.ndarray:
    """Boolean per prepared text (column 0 of ``model_inputs``): does it hold a job word?"""
    return np.fromiter((bool(_JOB_WORD.search(t)) for t in full_texts), dtype=bool, count=len(full_texts))
