"""The job-words marker of the job-context model (agent.model.jobwords): pure functions, no model."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.model.classifier import EmailText, prepare_text
from agent.model.jobwords import (
    JOB_WORDS,
    MARKERS,
    NO_JOB_WORDS,
    context_inputs,
    job_word_marker,
    with_marker,
)


@pytest.mark.parametrize("text", [
    "thanks for your application for the ops role",
    "we have filled the position internally",
    "vielen dank für ihre bewerbung auf die stelle als controller",
    "merci pour votre candidature au poste de chargé de mission",
    "gracias por tu interés en el puesto de analista",
    "grazie per aver partecipato al colloquio",
    "bedankt voor je sollicitatie",
    "obrigado pela candidatura à vaga de designer",
    "the recruiter will send the interview invite",
])
def test_job_mail_has_job_words(text):
    assert job_word_marker(text) == JOB_WORDS


@pytest.mark.parametrize("text", [
    # the words both sides use ("application", "Bewerbung", "candidature", "team") are not job words
    "thanks for your application to adopt luna; another family is a better match",
    "vielen dank für ihre bewerbung um die wohnung, wir haben uns für einen anderen bewerber entschieden",
    "nous avons étudié la candidature de votre fils pour l'entrée au collège",
    "the committee has decided not to accept new members this year",
    "your order 0 has been cancelled and refunded",
    "",
])
def test_a_refusal_of_something_else_has_none(text):
    assert job_word_marker(text) == NO_JOB_WORDS


def test_words_are_matched_whole():
    # "stage" is a French job word (internship); "backstage", "roleplay" and "hirer" are not job words
    assert job_word_marker("tickets for the backstage tour and a roleplay evening") == NO_JOB_WORDS
    assert job_word_marker("un stage de six mois") == JOB_WORDS


@given(st.text(max_size=200))
def test_the_marker_is_one_known_token_before_the_text(text):
    marked = with_marker(text)
    head, _, rest = marked.partition(" ")
    assert head in MARKERS and rest == text


def test_context_inputs_mark_each_prepared_text():
    texts = np.asarray([prepare_text(EmailText("Re: the role", "we went another way")),
                        prepare_text(EmailText("Re: the flat", "it has been let"))], dtype=object)
    out = context_inputs(texts)
    assert out.shape == (2, 1)
    assert out[0, 0].split()[0] == JOB_WORDS and out[1, 0].split()[0] == NO_JOB_WORDS
