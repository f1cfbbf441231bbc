"""Email classifier: load the model, batch predict, explain.

The model is trained as a plain scikit-learn ``Pipeline`` (ColumnTransformer of word and char n-gram
TF-IDF -> logistic regression) over *prepared text* (see :func:`model_inputs`); all text handling lives
here.  A model is three files side by side:

* ``<name>.skops`` - the pipeline (for retraining and inspection);
* ``<name>.npz`` - the same model as plain arrays for :class:`~agent.model.scorer.LinearTextScorer`, which
  predicts identically without scikit-learn (what ``onward`` uses at run time);
* ``<name>.json`` - metadata: ``format_version``, the sha256 of both files, threshold, figures.

Loading is guarded: the metadata must carry our ``format_version``; each file's sha256 must equal the
metadata's; a file other local users could change is refused (``chmod go-w``); the ``.npz`` is read with ``allow_pickle=False`` (arrays only), and a ``.skops`` file may only
instantiate types on skops' default safe list or :data:`TRUSTED_TYPES` (checked *before* any object is
built) - so a crafted file cannot run code.  Every failure raises :class:`ModelLoadError` with a one-line
reason.
"""
from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from agent import shipped
from agent.config import unsafe_file_reason
from agent.model.scorer import LinearTextScorer, ScorerError

LABELS = ("rejection", "interview", "offer", "acknowledgement", "other")
FORMAT_VERSION = 1
MAX_BODY_CHARS = 4000
CHAR_BODY_CHARS = 200  # the char n-gram view sees subject + sender + the start of the body (speed)
MODEL_BASENAME = shipped.MODEL_BASENAME
DEFAULT_THRESHOLD = 0.5
PAYLOAD_KIND = "onward-classifier"

# Types outside skops' built-in safe list that the shipped pipeline needs.  Computed with
# ``skops.io.get_untrusted_types`` on the trained model (see tests/unit/test_classifier.py, which re-checks it);
# with scikit-learn 1.9 / skops 0.16, Pipeline + ColumnTransformer + TfidfVectorizer + LogisticRegression
# and the numpy string arrays holding the vocabularies need none.
TRUSTED_TYPES: tuple[str, ...] = ()


class ModelLoadError(Exception):
    """The model file is missing, corrupt, tampered with, foreign or of an unsupported format."""


@dataclass(frozen=True)
class EmailText:
    subject: str
    body: str
    sender: str = ""  # "Name <addr>" or addr


@dataclass(frozen=True)
class Prediction:
    label: str
    confidence: float  # probability of `label`
    probabilities: dict[str, float]


# ---------------------------------------------------------------------------------------------
# text preparation (shared by training and inference)
# ---------------------------------------------------------------------------------------------
_TAG = re.compile(r"<[^>]{0,300}>")
_URL = re.compile(r"(?:https?://|www\.)([^\s/<>\"')\]]+)[^\s<>\"')\]]*", re.I)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
_NUM = re.compile(r"\d+(?:[.,:/-]\d+)*")
_WORD = re.compile(r"\w[\w'-]*\w|\w")
_ANGLE_ADDR = re.compile(r"<\s*[^<>\s]+@[^<>\s]+\s*>")


def _host_words(host: str) -> str:
    parts = [p for p in re.split(r"[.\-]", host.lower()) if p and p not in {"www", "com", "org", "net", "io", "co"}]
    return " ".join(parts[-3:])


def normalize(text: str) -> str:
    """Lower-case; strip HTML tags/entities; URLs -> ``urltok`` + host words; e-mail addresses ->
    ``emailtok`` + domain words; numbers -> ``0``; collapse whitespace."""
    if not text:
        return ""
    t = html.unescape(_TAG.sub(" ", text)) if ("<" in text or "&" in text) else text
    if "://" in t or "w." in t or "W." in t:  # every URL match contains one of these (cheap test)
        t = _URL.sub(lambda m: f" urltok {_host_words(m.group(1))} ", t)
    if "@" in t:
        t = _EMAIL.sub(lambda m: f" emailtok {_host_words(m.group(1))} ", t)
    t = _NUM.sub("0", t)
    return " ".join(t.lower().split())


def _parts(item: EmailText) -> tuple[str, str, str]:
    """(normalised subject, normalised body capped at MAX_BODY_CHARS, normalised sender)."""
    sender = item.sender or ""
    sender_txt = ""
    if sender:
        sender_txt = _ANGLE_ADDR.sub(" ", sender)
        m = re.search(r"([\w.+-]*)@([\w.-]+)", sender)
        if m:
            sender_txt += f" {_host_words(m.group(2))} {m.group(1).replace('.', ' ')}"
    return (normalize(item.subject or ""), normalize((item.body or "")[:MAX_BODY_CHARS]), normalize(sender_txt))


def prepare_text(item: EmailText) -> str:
    """The single string the word n-grams see: subject, body (capped at MAX_BODY_CHARS) and sender."""
    s, b, f = _parts(item)
    return f"{s} | {b} | from {f}"


def model_inputs(items: Sequence[EmailText]) -> np.ndarray:
    """The pipeline's input: an (n, 2) object array per email of [full text, short text]; the short
    view (for character n-grams, which are costly) is subject + the first CHAR_BODY_CHARS of the
    normalised body + sender."""
    out = np.empty((len(items), 2), dtype=object)
    for i, it in enumerate(items):
        s, b, f = _parts(it)
        out[i, 0] = f"{s} | {b} | from {f}"
        out[i, 1] = f"{s} | {b[:CHAR_BODY_CHARS]} | from {f}"
    return out


# ---------------------------------------------------------------------------------------------
# model file handling
# ---------------------------------------------------------------------------------------------
def shipped_model_path() -> Path:
    """Path of the model that ships with the package."""
    return shipped.model_path()


def _paths(path: str | Path | None) -> tuple[Path, Path]:
    p = Path(path) if path is not None else shipped_model_path()
    if p.suffix == ".json":
        return p.with_suffix(".skops"), p
    return p, p.with_suffix(".json")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_meta(meta_path: Path) -> dict:
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelLoadError(f"model metadata not found: {meta_path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ModelLoadError(f"model metadata {meta_path} is unreadable: {e}") from None
    if not isinstance(meta, dict):
        raise ModelLoadError(f"model metadata {meta_path} is not a JSON object")
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelLoadError(
            f"unsupported model format_version {meta.get('format_version')!r} in {meta_path} "
            f"(this Onward reads {FORMAT_VERSION})")
    return meta


def _read_checked(path: Path, sha256: object, what: str) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ModelLoadError(f"{what} not found: {path}") from None
    except OSError as e:
        raise ModelLoadError(f"{what} {path} is unreadable: {e}") from None
    if sha256_bytes(data) != sha256:
        raise ModelLoadError(f"{what} does not match its metadata (sha256 mismatch): {path}")
    return data


def _load_pipeline(model_path: Path, meta: dict):
    """The scikit-learn pipeline from the ``.skops`` file (checked against ``meta``, types allow-listed)."""
    data = _read_checked(model_path, meta.get("sha256"), "model file")
    import skops.io as sio

    try:
        untrusted = sio.get_untrusted_types(data=data)
    except Exception as e:  # not a zip, no schema, garbage ...
        raise ModelLoadError(f"{model_path} is not a valid skops model file ({type(e).__name__})") from None
    bad = sorted(set(untrusted) - set(TRUSTED_TYPES))
    if bad:
        raise ModelLoadError(f"model file {model_path} contains untrusted types: {', '.join(bad[:5])}")
    try:
        payload = sio.loads(data, trusted=list(TRUSTED_TYPES))
    except Exception as e:
        raise ModelLoadError(f"model file {model_path} could not be loaded ({type(e).__name__}: {e})") from None
    if not isinstance(payload, dict) or payload.get("kind") != PAYLOAD_KIND:
        raise ModelLoadError(f"model file {model_path} is not an Onward classifier")
    pipe: Any = payload.get("pipeline")
    try:
        transformers = pipe.named_steps["features"].transformers_
        vocabs = payload["vocabularies"]
        for name, vec, _col in transformers:
            if name in vocabs:
                vec.vocabulary_ = {str(t): i for i, t in enumerate(vocabs[name].tolist())}
    except (AttributeError, KeyError, TypeError, ValueError) as e:
        raise ModelLoadError(f"model file {model_path} has an unexpected structure ({type(e).__name__})") from None
    import sklearn

    if meta.get("sklearn_version") not in (None, sklearn.__version__):
        import warnings

        warnings.warn(f"model was trained with scikit-learn {meta['sklearn_version']}, running "
                      f"{sklearn.__version__}; retrain it if predictions look wrong", stacklevel=3)
    return pipe


def _refuse_unsafe(*paths: Path) -> None:
    """A model another local user could change is refused (as ssh refuses such a config): its
    vocabulary and weights decide what is recorded. The shipped model is part of the installed code."""
    for p in paths:
        reason = unsafe_file_reason(p)
        if reason:
            raise ModelLoadError(f"refused: {reason}")


def _to_scorer(model, where: object) -> LinearTextScorer:
    if isinstance(model, LinearTextScorer):
        scorer = model
    else:
        try:
            scorer = LinearTextScorer.from_pipeline(model)
        except ScorerError as e:
            raise ModelLoadError(f"model {where} is not an Onward classifier ({e})") from None
    if set(scorer.classes) != set(LABELS):
        raise ModelLoadError(f"model {where} is not an Onward classifier (labels {scorer.classes!r})")
    return scorer


class Classifier:
    """A loaded model.  ``predict`` is batched; ``threshold`` is the rejection threshold (metadata
    ``recommended_threshold``): an email is labelled *rejection* only when P(rejection) >= threshold,
    otherwise it gets the most probable of the other labels.

    Predictions come from a :class:`~agent.model.scorer.LinearTextScorer` (numpy only); ``model`` may be that
    or a fitted scikit-learn pipeline, from which the scorer is extracted."""

    def __init__(self, model, info: dict | None = None, threshold: float | None = None):
        self.scorer = _to_scorer(model, "in memory")
        self.info: dict = dict(info or {})
        self.threshold = float(threshold if threshold is not None
                               else self.info.get("recommended_threshold", DEFAULT_THRESHOLD))
        self._order = [self.scorer.classes.index(lab) for lab in LABELS]

    @classmethod
    def load(cls, path: str | Path | None = None) -> Classifier:
        """Load ``path`` (a ``.skops`` file with its ``.json`` metadata beside it); None = shipped model.

        When the metadata names a scorer file (``.npz`` beside it, ``scorer_sha256``) that is read
        instead of the pipeline: the same predictions without importing scikit-learn (~1 s saved per
        process).  Older models without one are read from the ``.skops`` file."""
        model_path, meta_path = _paths(path)
        if path is not None:
            _refuse_unsafe(model_path, meta_path, model_path.with_suffix(".npz"))
        meta = dict(_read_meta(meta_path))
        meta["path"] = str(model_path)
        scorer_path = model_path.with_suffix(".npz")
        if meta.get("scorer_sha256"):
            if model_path.exists():  # the model is one unit: a tampered .skops is refused here too
                _read_checked(model_path, meta.get("sha256"), "model file")
            data = _read_checked(scorer_path, meta["scorer_sha256"], "model scorer file")
            try:
                model = LinearTextScorer.from_bytes(data)
            except ScorerError as e:
                raise ModelLoadError(f"model scorer file {scorer_path}: {e}") from None
        else:
            model = _load_pipeline(model_path, meta)
        return cls(_to_scorer(model, model_path), meta)

    # -- prediction ---------------------------------------------------------------------------
    def predict_proba(self, items: Sequence[EmailText]) -> np.ndarray:
        """Probabilities, one row per item, columns in LABELS order."""
        if not items:
            return np.zeros((0, len(LABELS)))
        return self.scorer.predict_proba(model_inputs(items))[:, self._order]

    def predict(self, items: Sequence[EmailText], threshold: float | None = None) -> list[Prediction]:
        thr = self.threshold if threshold is None else float(threshold)
        probs = self.predict_proba(list(items))
        return [self._decide(row, thr) for row in probs]

    @staticmethod
    def _decide(row: np.ndarray, thr: float) -> Prediction:
        pd = {lab: float(p) for lab, p in zip(LABELS, row, strict=True)}
        if pd["rejection"] >= thr:
            label = "rejection"
        else:
            label = max((lab for lab in LABELS if lab != "rejection"), key=lambda lab: pd[lab])
        return Prediction(label=label, confidence=pd[label], probabilities=pd)

    decide = _decide  # public name: the labelling rule for one row of probabilities

    def is_rejection(self, pred: Prediction, threshold: float | None = None) -> bool:
        thr = self.threshold if threshold is None else float(threshold)
        return pred.probabilities.get("rejection", 0.0) >= thr

    # -- explanation --------------------------------------------------------------------------
    def explain(self, item: EmailText, top: int = 8, label: str | None = None) -> list[tuple[str, float]]:
        """Phrases that pushed the prediction toward ``label`` (default: the predicted label), as
        (phrase, weight) with weight = sum over the phrase's features of tf-idf value x coefficient.
        Character n-grams are credited to the words of the email that contain them."""
        label = label or self.predict([item])[0].label
        inputs = model_inputs([item])
        words = _WORD.findall(inputs[0, 0])
        k = self.scorer.classes.index(label)
        contrib: dict[str, float] = {}
        for kind, gram, value, coef in self.scorer.active_features(inputs[0]):
            w = float(value * coef[k])
            if w == 0.0:
                continue
            phrase = _word_for_chargram(gram, words) if kind == "char" else gram
            if phrase is not None:
                contrib[phrase] = contrib.get(phrase, 0.0) + w
        ranked = sorted(((p, w) for p, w in contrib.items() if w > 0), key=lambda t: -t[1])
        return [(p, round(w, 4)) for p, w in ranked[:top]]


def _word_for_chargram(gram: str, words: list[str]) -> str | None:
    core = gram.strip()
    if len(core) < 2:
        return None
    for w in words:
        padded = f" {w} "
        if gram in padded:
            return w
    return None
