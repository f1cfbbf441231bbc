"""The classifier's fast paths compute exactly what the plain ones do: word tokens cut from UTF-8 bytes
with numpy against the token-pattern regex, the ASCII number rule against ``_NUM``, the uncollapsed full
text against :func:`prepare_text`, the collapsed prefix against collapsing everything, and the shipped
model really takes the fast paths. Pure logic: no server."""
from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.model import classifier as C
from agent.model.classifier import Classifier, EmailText, model_inputs, prepare_text
from agent.model.scorer import WORD_TOKEN_PATTERN, Block, _WordIndex

# characters that exercise the byte tokenizer: ASCII word and non-word bytes, separators it uses
# itself (newline, NUL), two-, three- and four-byte word and non-word characters, combining marks,
# non-ASCII digits and whitespace, a lone surrogate
ODD_CHARS = list("aZ09_ -.'\n\t\x00\x1c\x7f") + ["é", "ß", "İ", "ⅷ", "²", "٣", "\u0301", "\u00a0", "\u2028",
                                                 "’", "面", "🎉", "𝔘", "\ud800"]


def _joined(pieces: list[str], max_size: int) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


texts = st.lists(_joined(ODD_CHARS + ["résumé", "straße", "interview", "a" * 9, "b" * 17, "面接", "𝔘𝔫"], 40),
                 max_size=12)


def _block(terms: list[str]) -> Block:
    return Block(name="w", column=0, analyzer="word", ngram_range=(1, 3), token_pattern=WORD_TOKEN_PATTERN,
                 terms=terms, idf=np.ones(len(terms)))


# a vocabulary of the tokens above, alone and in bigrams and trigrams, short and longer than one
# 8-byte key word
VOCAB = ["a", "z", "09", "_", "é", "ß", "ⅷ", "²", "٣", "面", "𝔘", "résumé", "straße", "interview", "aaaaaaaaa",
         "bbbbbbbbbbbbbbbbb", "面接", "𝔘𝔫", "a é", "résumé interview", "straße 面接 𝔘𝔫", "aaaaaaaaa bbbbbbbbbbbbbbbbb",
         "interview interview", "09 _ a"]


def _regex_ids(index: _WordIndex, batch: list[str]):
    fast = index._bytes
    index._bytes = None
    try:
        return index._ids(batch)
    finally:
        index._bytes = fast


@settings(max_examples=300, deadline=None)
@given(texts)
def test_byte_tokens_equal_the_regex_tokens(batch: list[str]) -> None:
    index = _block(VOCAB)._index
    assert isinstance(index, _WordIndex) and index._bytes is not None
    ids, lens = index._ids(batch)
    want_ids, want_lens = _regex_ids(index, batch)
    assert ids.tolist() == want_ids.tolist() and list(lens) == list(want_lens)
    # and the universe ids mean the tokens the regex finds (the ids are the ones n-grams are keyed on)
    names = {i: t for t, i in index.universe.items()}
    tokens = [names.get(int(i)) for i in ids if i]
    assert all(t is not None for t in tokens)
    found = [t for text in batch for t in re.findall(WORD_TOKEN_PATTERN, text)]
    assert tokens == [t for t in found if t in index.universe]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,:/- a_\n")), max_size=40))
def test_ascii_number_rule_equals_the_regex(text: str) -> None:
    assert C._ZERO_NUM.sub("0", text.translate(C._ASCII_DIGITS)) == C._NUM.sub("0", text)


@settings(max_examples=300, deadline=None)
@given(_joined(list("ab \n\t\x1c\u00a0\u2028") + ["word", "  "], 300),
       st.integers(min_value=0, max_value=60))
def test_collapsed_prefix_is_the_start_of_the_collapsed_text(text: str, n: int) -> None:
    assert C._collapsed_prefix(text, n) == " ".join(text.split())[:n]


mail = st.builds(EmailText,
                 _joined(ODD_CHARS + ["Re:", "<b>", "&amp;", " 12.30 "], 20),
                 _joined(ODD_CHARS + ["word ", "   ", "\n\n", "http://x.example/a ", "me@x.example ", "<p>",
                                      " 3,000 "], 400),
                 st.sampled_from(["", "Ann <ann@x.example>", "x"]))


@settings(max_examples=200, deadline=None)
@given(mail)
def test_model_inputs_hold_the_words_of_prepare_text(item: EmailText) -> None:
    """The full text's body is not whitespace-collapsed; its words are prepare_text's, and the short view
    is subject + the collapsed body's first CHAR_BODY_CHARS + sender, as before."""
    row = model_inputs([item])[0]
    assert row[0].split() == prepare_text(item).split()
    s, b, f = C._parts(item)
    assert row[1] == f"{s} | {b[:C.CHAR_BODY_CHARS]} | from {f}"


def test_the_shipped_model_tokenises_from_bytes(model: Classifier, monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading builds no token dict and predicting never runs the per-text regex tokenizer (the old path
    made a Python string per token and looked each up in a dict)."""
    indexes = [b._index for s in (model.scorer, model.sentences, model.context) if s is not None
               for b in s.blocks if isinstance(b._index, _WordIndex)]
    assert indexes and all(ix._bytes is not None and ix._universe is None for ix in indexes)

    def refuse(text: str) -> list[str]:
        raise AssertionError("the regex tokenizer ran")
    items = [EmailText("Your application", "Unfortunately we have decided not to move forward with your "
                       "application for the Data Analyst role.", "jobs@acme.example"),
             EmailText("Bewerbung – Absage", "Leider müssen wir Ihnen mitteilen, dass wir uns für eine andere "
                       "Kandidatin entschieden haben.", ""),
             EmailText("面接のご案内", "選考の結果、面接にお越しいただきたく存じます。 🎉 𝔘𝔫𝔣𝔬𝔯𝔱𝔲𝔫𝔞𝔱𝔢𝔩𝔶", "")]
    with monkeypatch.context() as patched:
        for ix in indexes:
            patched.setattr(ix, "tokens", refuse)
        fast = model.predict(items, full=True)
    for ix in indexes:  # the regex path, for comparison
        monkeypatch.setattr(ix, "_bytes", None)
    assert fast == model.predict(items, full=True)
    assert fast[1].label == "rejection"


def test_a_model_with_sklearns_default_token_pattern_still_predicts_like_sklearn() -> None:
    """Models trained with scikit-learn's default pattern (``\\w\\w+``) keep the regex tokenizer; its token
    dict now comes from the vocabulary's byte keys, and must still give scikit-learn's numbers."""
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    from agent.model.scorer import LinearTextScorer

    words = ["reject", "interview", "offer", "thanks", "hello", "straße", "面接", "résumé", "x", "bbbbbbbbbbbbb"]
    texts = np.array([[f"{w} mail {i} {words[(i * 3) % len(words)]} a", f"{w} {i}"] for i, w in enumerate(words * 4)],
                     dtype=object)
    y = ["rejection", "interview", "offer", "acknowledgement", "other"] * 8
    pipe = Pipeline([("features", ColumnTransformer([("w", TfidfVectorizer(lowercase=False, ngram_range=(1, 2)), 0),
                                                     ("c", TfidfVectorizer(lowercase=False, analyzer="char_wb",
                                                                           ngram_range=(2, 4)), 1)])),
                     ("clf", LogisticRegression())])
    pipe.fit(texts, y)
    scorer = LinearTextScorer.from_pipeline(pipe)
    assert scorer.blocks[0]._index._bytes is None  # type: ignore[union-attr]
    probe = np.array([["straße mail 面接 résumé x a", "straße 3"], ["nothing known here", ""],
                      ["interview interview offer", "offer 1"]], dtype=object)
    order = [scorer.classes.index(str(c)) for c in pipe.classes_]
    assert np.abs(scorer.predict_proba(probe)[:, order] - pipe.predict_proba(probe)).max() < 1e-6
