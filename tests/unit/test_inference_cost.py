"""No work twice, none for nothing, in the classifier's inference path: the document model reads an
email's text once (the decisive sentence's part of its scores is added afterwards), and the result is
the one of scoring everything together.  Pure logic with the shipped model: no server."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from agent.demo import samples
from agent.mail.parse import email_text, parse_message
from agent.model.classifier import LABELS, SENTENCE_COLUMN, Classifier, EmailText, model_inputs
from agent.model.jobwords import has_job_words
from agent.model.scorer import Block, LinearTextScorer, ScorerError, softmax

WHEN = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def _mail() -> list[EmailText]:
    raws = [
        samples.rejection("Globex", "Data Analyst", "Jane Miller <jane@globex.example>", WHEN, "<r1@t>"),
        samples.interview("Initech", "QA Lead", "Bill L", "bill@initech.example", WHEN, "<i1@t>"),
        samples.ack("Hooli", "Backend Engineer", WHEN - timedelta(days=3), "<a1@t>"),
    ]
    items = [EmailText(*email_text(parse_message(r))) for r in raws]
    items += [EmailText("Garden party on Saturday", "Hi, bring the salad please. See you at noon!\n\nAnna",
                        "Anna <anna@example.net>"),
              EmailText("Your parcel is on its way", "Tracking number 123. Delivery tomorrow morning.",
                        "Parcels <tracking@parcels.example.com>"),
              EmailText("", "")]
    return items


def test_scores_are_a_sum_over_blocks(model: Classifier) -> None:
    """The split the classifier relies on: each block's part, added, gives the whole scores."""
    scorer = model.scorer
    items = _mail()
    inputs = model_inputs(items, model.views(items))
    blocks = list(range(len(scorer.blocks)))
    parts = scorer.decision(inputs, blocks[:1]) + scorer.decision(inputs, blocks[1:], intercept=False)
    assert np.abs(parts - scorer.decision(inputs)).max() < 1e-12
    assert np.array_equal(scorer.decision(inputs, blocks[:0], intercept=False), np.zeros_like(parts))


def test_probabilities_equal_scoring_everything_at_once(model: Classifier) -> None:
    """Both paths (pre-filter and ``full``) give what one pass of the whole document model over the
    finished inputs gives."""
    items = _mail()
    views = model.views(items)
    inputs = model_inputs(items, views)
    p = softmax(model.scorer.decision(inputs))
    want = np.hstack([p, np.zeros((len(p), 1))])[:, [model.scorer.classes.index(lab) if lab in model.scorer.classes
                                                      else len(model.scorer.classes) for lab in LABELS]]
    want = model.gate(want, model.job_context(inputs), job_words=has_job_words(inputs[:, 0]))
    full = model.predict_proba(items, full=True)
    assert np.abs(full - want).max() < 1e-12
    fast = model.predict_proba(items)
    kept = fast[:, LABELS.index("other")] < 0.98  # the ones the pre-filter passes on to the sentence model
    assert kept[:3].all()
    assert np.abs(fast[kept] - want[kept]).max() < 1e-12
    assert [model.decide(r, model.threshold).label for r in fast[:3]] == ["rejection", "interview", "acknowledgement"]


def test_document_text_is_read_once(model: Classifier, monkeypatch: pytest.MonkeyPatch) -> None:
    """The costly text blocks (word and char n-grams of the whole email) see each email once, also when
    its decisive sentence is added; the sentence block sees only the emails the pre-filter passed on."""
    read: dict[str, int] = {}
    for block in model.scorer.blocks:
        original = block.occurrences

        def counting(texts, _name=block.name, _original=original):
            read[_name] = read.get(_name, 0) + len(texts)
            return _original(texts)
        monkeypatch.setattr(block, "occurrences", counting)
    items = _mail()
    model.predict(items)
    sentence_blocks = {b.name for b in model.scorer.blocks if b.column == SENTENCE_COLUMN}
    assert sentence_blocks, "the shipped document model reads a decisive sentence"
    for block in model.scorer.blocks:
        if block.name in sentence_blocks:
            assert 3 <= read[block.name] < len(items)
        else:
            assert read[block.name] == len(items)


def test_loaded_model_holds_no_per_term_strings_or_file_copies(model: Classifier) -> None:
    """What every process of a pass holds (and each forked worker counts in its RSS): the vocabularies
    as one string per block, not a Python string per term, and no compressed copy of the sentence and
    context models once they are read; the terms are still there for explanations and saving."""
    for scorer in (model.scorer, model.sentences, model.context):
        assert scorer is not None
        assert scorer.extra == {}
        for block in scorer.blocks:
            assert not isinstance(block.terms, list)
            assert len(block.terms) == len(block.idf)
    again = LinearTextScorer.from_bytes(model.scorer.to_bytes())
    assert [list(b.terms) for b in again.blocks] == [list(b.terms) for b in model.scorer.blocks]
    items = _mail()
    inputs = model_inputs(items, model.views(items))
    assert np.array_equal(again.predict_proba(inputs), model.scorer.predict_proba(inputs))


def test_a_term_with_a_newline_is_kept_whole() -> None:
    """The compact vocabulary joins terms with newlines; a term holding one stays itself (and saving
    such a model is refused with the scorer's own error)."""
    block = Block(name="w", column=0, analyzer="word", ngram_range=(1, 1), token_pattern=None,
                  terms=["hello", "odd\nterm", "world"], idf=np.ones(3))
    assert list(block.terms) == ["hello", "odd\nterm", "world"] and len(block.terms) == 3
    assert block.terms[1] == "odd\nterm"
    scorer = LinearTextScorer([block], np.zeros((3, 3)), np.zeros(3), ["a", "b", "c"])
    with pytest.raises(ScorerError, match="newline"):
        scorer.to_bytes()
