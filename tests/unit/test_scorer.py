"""The numpy scorer must predict exactly what the scikit-learn pipeline predicts, and its file must be
as safe to load as the .skops one.  Pure logic: no server."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from agent.model import training  # noqa: E402
from agent.model.classifier import (  # noqa: E402
    Classifier,
    EmailText,
    ModelLoadError,
    _load_pipeline,
    _read_meta,
    model_inputs,
    shipped_model_path,
)
from agent.model.scorer import LinearTextScorer, ScorerError, _KeyTable  # noqa: E402

# texts written for these tests: odd scripts, astral characters, long words, empty parts, whitespace
ODD = [
    EmailText("", ""),
    EmailText("Re:", "   \n\t  "),
    EmailText("Absage – Ihre Bewerbung", "Leider müssen wir Ihnen mitteilen, dass wir uns für andere "
              "Kandidat:innen entschieden haben.  Viel Erfolg!"),
    EmailText("Candidature", "Malheureusement, votre profil n'a pas été retenu. Nous vous souhaitons "
              "une bonne continuation."),
    EmailText("面接のご案内", "選考の結果、面接にお越しいただきたく存じます。 🎉🎉 𝔘𝔫𝔣𝔬𝔯𝔱𝔲𝔫𝔞𝔱𝔢𝔩𝔶"),
    EmailText("a b c", "x " * 500 + "supercalifragilisticexpialidocious" * 20),
    EmailText("Interview", "Can you do Tuesday 10:30? Zoom link: https://zoom.us/j/123 — thanks\r\n\r\nSam",
              "Sam Lee <sam.lee@fernhill.example>"),
    EmailText("x_y", "tab\tsep\x1c\x1d\x1e\x1fnul\x00bell\x07 under_score a-b c.d e'f 3.14 ~!@#$%^&*()+={}[]|\\:;<>?,/`"),
    EmailText("Offer", "We are delighted to offer you the position.\x00\x01\x7f\u200b\u00a0end"),
]


@pytest.fixture(scope="module")
def shipped_pipeline():
    path = shipped_model_path()
    return _load_pipeline(path, _read_meta(path.with_suffix(".json")))


@pytest.fixture(scope="module")
def corpus_items():
    return [e.text for e in training.load_examples([ROOT / "data" / "corpus"])] + ODD


def test_scorer_equals_pipeline_on_the_corpus(shipped_pipeline, corpus_items):
    scorer = LinearTextScorer.from_pipeline(shipped_pipeline)
    x = model_inputs(corpus_items)
    want = shipped_pipeline.predict_proba(x)
    order = [scorer.classes.index(str(c)) for c in shipped_pipeline.classes_]
    for batch in (1, 37, 500):  # batching must not matter (documents never share an n-gram)
        got = np.vstack([scorer.predict_proba(x[i:i + batch]) for i in range(0, len(x), batch)])[:, order]
        assert np.abs(got - want).max() < 1e-5
        assert (got.argmax(1) == want.argmax(1)).all()


def test_scorer_features_equal_sklearn_features(shipped_pipeline):
    """Same non-zero columns and values as the ColumnTransformer, email by email."""
    scorer = LinearTextScorer.from_pipeline(shipped_pipeline)
    x = model_inputs(ODD)
    want = shipped_pipeline.steps[0][1].transform(x).tocsr()
    r, c, v = scorer.sparse_rows(x)
    for i in range(len(ODD)):
        row = want.getrow(i)
        mine = dict(zip(c[r == i].tolist(), v[r == i].tolist(), strict=True))
        theirs = dict(zip(row.indices.tolist(), row.data.tolist(), strict=True))
        assert mine.keys() == theirs.keys(), ODD[i]
        assert max((abs(mine[k] - theirs[k]) for k in mine), default=0.0) < 1e-6


def test_small_trained_model_round_trips_through_bytes():
    ex = training.load_examples([ROOT / "data" / "corpus"])[::7]
    model = training.train(ex, seed=1)
    pipe = model.pipeline
    sentences = LinearTextScorer.from_pipeline(model.sentences)
    scorer = LinearTextScorer.from_pipeline(pipe)
    again = LinearTextScorer.from_bytes(scorer.to_bytes({"sentences": sentences.to_bytes()}))
    assert LinearTextScorer.from_bytes(again.extra["sentences"]).classes == sentences.classes
    items = [e.text for e in ex[:200]] + ODD
    x = model_inputs(items, Classifier(model).views(items))
    assert np.array_equal(scorer.predict_proba(x), again.predict_proba(x))
    assert np.abs(again.predict_proba(x)[:, [again.classes.index(str(k)) for k in pipe.classes_]]
                  - pipe.predict_proba(x)).max() < 1e-5


def test_unsupported_vectorizer_settings_are_refused():
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    texts = np.array([[f"{w} mail {i}", f"{w} {i}"] for i, w in enumerate(
        ["reject", "interview", "offer", "thanks", "hello"] * 4)], dtype=object)
    y = ["rejection", "interview", "offer", "acknowledgement", "other"] * 4
    for vec, why in ((TfidfVectorizer(lowercase=True), "lowercase"),
                     (TfidfVectorizer(analyzer="char", lowercase=False), "analyzer"),
                     (TfidfVectorizer(lowercase=False, norm="l1"), "norm"),
                     (TfidfVectorizer(analyzer="char_wb", ngram_range=(4, 5), lowercase=False), "min n")):
        pipe = Pipeline([("features", ColumnTransformer([("w", vec, 0)])), ("clf", LogisticRegression())])
        pipe.fit(texts, y)
        with pytest.raises(ScorerError, match=why):
            LinearTextScorer.from_pipeline(pipe)


@pytest.mark.parametrize("n_keys", [1, 3, 1000, 20000])
def test_key_table_matches_a_dict(n_keys):
    rng = np.random.default_rng(n_keys)
    hi = rng.integers(0, 2**63, n_keys, dtype=np.uint64)
    lo = rng.integers(0, 8, n_keys, dtype=np.uint64)  # few distinct low words: many near-duplicates
    keys = {(int(a), int(b)) for a, b in zip(hi, lo, strict=True)}
    pairs = sorted(keys)
    cols = np.arange(len(pairs), dtype=np.int64)
    t = _KeyTable([np.array([p[0] for p in pairs], dtype=np.uint64),
                   np.array([p[1] for p in pairs], dtype=np.uint64)], cols)
    q_hi = np.concatenate([hi, rng.integers(0, 2**63, 500, dtype=np.uint64), hi[:50]])
    q_lo = np.concatenate([lo, rng.integers(0, 8, 500, dtype=np.uint64), lo[:50] + np.uint64(9)])
    got = t.lookup([q_hi, q_lo])
    index = {p: i for i, p in enumerate(pairs)}
    want = [index.get((int(a), int(b)), -1) for a, b in zip(q_hi, q_lo, strict=True)]
    assert got.tolist() == want


# --- loading -------------------------------------------------------------------------------------
@pytest.fixture()
def saved(tmp_path) -> Path:
    ex = training.load_examples([ROOT / "data" / "corpus"])[::9]
    path = tmp_path / "m.skops"
    training.save_model(training.train(ex, seed=0), path, {"recommended_threshold": 0.5})
    return path


def test_saved_model_has_a_scorer_file_named_in_its_metadata(saved):
    meta = json.loads(saved.with_suffix(".json").read_text())
    assert saved.with_suffix(".npz").stat().st_size == meta["scorer_size_bytes"]
    clf = Classifier.load(saved)
    assert clf.predict([EmailText("Your application", "We regret to inform you ...")])[0].label


def test_flipped_byte_in_scorer_file_is_refused(saved):
    npz = saved.with_suffix(".npz")
    data = bytearray(npz.read_bytes())
    data[len(data) // 3] ^= 0xFF
    npz.write_bytes(bytes(data))
    with pytest.raises(ModelLoadError, match="scorer file does not match"):
        Classifier.load(saved)


class _Boom:
    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_pickled_scorer_file_is_refused_without_running_code(saved, tmp_path):
    """A .npz whose arrays hold pickled objects, with metadata that matches it: refused, nothing runs."""
    from agent.model.classifier import sha256_bytes

    marker = tmp_path / "pwned"
    buf = io.BytesIO()
    np.savez(buf, spec=np.array([_Boom(str(marker))], dtype=object))
    data = buf.getvalue()
    saved.with_suffix(".npz").write_bytes(data)
    meta_path = saved.with_suffix(".json")
    meta = json.loads(meta_path.read_text())
    meta["scorer_sha256"] = sha256_bytes(data)
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(ModelLoadError, match="not a valid scorer file"):
        Classifier.load(saved)
    assert not marker.exists()


def test_missing_scorer_file_is_refused(saved):
    saved.with_suffix(".npz").unlink()
    with pytest.raises(ModelLoadError, match="scorer file not found"):
        Classifier.load(saved)


def test_model_without_scorer_file_loads_from_skops(saved):
    """Models written before the scorer existed (no scorer_sha256) still load, through skops."""
    meta_path = saved.with_suffix(".json")
    meta = json.loads(meta_path.read_text())
    del meta["scorer_sha256"]
    meta_path.write_text(json.dumps(meta))
    saved.with_suffix(".npz").unlink()
    items = [e for e in ODD]
    assert np.allclose(Classifier.load(saved).predict_proba(items), Classifier.load(saved).predict_proba(items))


def test_loading_the_shipped_model_does_not_import_scikit_learn():
    code = ("import sys; from agent.model.classifier import Classifier, EmailText; c = Classifier.load(); "
            "c.predict([EmailText('hi', 'thanks for applying')]); "
            "print(sorted(m for m in ('sklearn', 'scipy', 'skops') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


# --- token patterns (issue 15.9) ------------------------------------------------------------------
CATASTROPHIC = r"(\w+\s?)*$"  # exponential backtracking on a long word run that ends in a non-word char


def _with_token_pattern(saved: Path, pattern: str) -> Path:
    """Rewrite the scorer file's word block to ``pattern``, metadata updated to match (a crafted model)."""
    from agent.model.classifier import sha256_bytes

    npz = saved.with_suffix(".npz")
    with np.load(npz, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    spec = json.loads(arrays["spec"].tobytes().decode())
    for block in spec["blocks"]:
        if block["analyzer"] == "word":
            block["token_pattern"] = pattern
    arrays["spec"] = np.frombuffer(json.dumps(spec).encode(), dtype=np.uint8)
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    npz.write_bytes(buf.getvalue())
    meta_path = saved.with_suffix(".json")
    meta = json.loads(meta_path.read_text())
    meta["scorer_sha256"] = sha256_bytes(buf.getvalue())
    meta_path.write_text(json.dumps(meta))
    return saved


def test_catastrophic_token_pattern_in_a_model_file_is_refused(saved, tmp_path):
    _with_token_pattern(saved, CATASTROPHIC)
    with pytest.raises(ModelLoadError, match="token_pattern"):
        Classifier.load(saved)
    eml = tmp_path / "a.eml"
    eml.write_bytes(b"From: a@b.example\r\nSubject: x\r\n\r\n" + b"a" * 60 + b"!\r\n")
    cfg = tmp_path / "onward.toml"
    cfg.write_text(f'[classifier]\nmodel = "{saved}"\n')
    from tests.helpers import run_cli
    done = run_cli(cfg, "classify", str(eml), timeout=60)  # before the fix: hung past the timeout
    assert done.returncode == 8, done.stderr
    assert "token_pattern" in done.stderr and done.stderr.count("\n") == 1


def test_the_patterns_training_writes_still_load(saved):
    assert Classifier.load(saved).predict(ODD)  # training's own pattern
    _with_token_pattern(saved, r"(?u)\b\w\w+\b")  # scikit-learn's default (a block that names none)
    assert Classifier.load(saved).predict(ODD)


def test_catastrophic_token_pattern_in_a_pipeline_is_refused():
    """The .skops path: a fitted pipeline whose vectorizer carries the pattern cannot become a scorer."""
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    texts = np.array([[f"{w} mail {i}", f"{w} {i}"] for i, w in enumerate(
        ["reject", "interview", "offer", "thanks", "hello"] * 4)], dtype=object)
    y = ["rejection", "interview", "offer", "acknowledgement", "other"] * 4
    vec = TfidfVectorizer(lowercase=False, token_pattern=r"(\w)+")
    pipe = Pipeline([("features", ColumnTransformer([("w", vec, 0)])), ("clf", LogisticRegression())])
    pipe.fit(texts, y)
    with pytest.raises(ScorerError, match="token_pattern"):
        LinearTextScorer.from_pipeline(pipe)
