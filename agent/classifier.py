"""Email classifier: load the skops model, batch predict, explain.

The model is a plain scikit-learn ``Pipeline`` (ColumnTransformer of word and char n-gram TF-IDF ->
logistic regression) over *prepared text* (see :func:`model_inputs`); all text handling lives here, so the
saved file holds scikit-learn, numpy and builtin objects only.  Loading is guarded three ways:

1. the ``.json`` metadata next to the ``.skops`` file must exist and carry our ``format_version``;
2. the sha256 of the ``.skops`` bytes must equal the one recorded in the metadata;
3. every type the file would instantiate must be on skops' default safe list or on
   :data:`TRUSTED_TYPES` (computed from the shipped pipeline, currently empty) - anything else is refused
   *before* any object is built, so a crafted file cannot run code.

Every failure raises :class:`ModelLoadError` with a one-line reason.
"""
from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

LABELS = ("rejection", "interview", "offer", "acknowledgement", "other")
FORMAT_VERSION = 1
MAX_BODY_CHARS = 4000
CHAR_BODY_CHARS = 200  # the char n-gram view sees subject + sender + the start of the body (speed)
MODEL_BASENAME = "onward-classifier"
DEFAULT_THRESHOLD = 0.5
PAYLOAD_KIND = "onward-classifier"

# Types outside skops' built-in safe list that the shipped pipeline needs.  Computed with
# ``skops.io.get_untrusted_types`` on the trained model (see tests/test_classifier.py, which re-checks it);
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
    """Path of the model that ships with the package (``agent.shipped_model``), else the repo's models/."""
    try:
        from importlib.resources import files

        p = files("agent.shipped_model") / f"{MODEL_BASENAME}.skops"
        if p.is_file():
            return Path(str(p))
    except Exception:  # package not installed (running from a checkout)
        pass
    return Path(__file__).resolve().parent.parent / "models" / f"{MODEL_BASENAME}.skops"


def _paths(path: str | Path | None) -> tuple[Path, Path]:
    p = Path(path) if path is not None else shipped_model_path()
    if p.suffix == ".json":
        return p.with_suffix(".skops"), p
    return p, p.with_suffix(".json")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _load_pipeline(model_path: Path, meta_path: Path):
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
    try:
        data = model_path.read_bytes()
    except FileNotFoundError:
        raise ModelLoadError(f"model file not found: {model_path}") from None
    except OSError as e:
        raise ModelLoadError(f"model file {model_path} is unreadable: {e}") from None
    if sha256_bytes(data) != meta.get("sha256"):
        raise ModelLoadError(f"model file does not match its metadata (sha256 mismatch): {model_path}")

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
    pipe = payload.get("pipeline")
    try:
        transformers = pipe.named_steps["features"].transformers_
        vocabs = payload["vocabularies"]
        for name, vec, _col in transformers:
            if name in vocabs:
                vec.vocabulary_ = {str(t): i for i, t in enumerate(vocabs[name].tolist())}
    except (AttributeError, KeyError, TypeError, ValueError) as e:
        raise ModelLoadError(f"model file {model_path} has an unexpected structure ({type(e).__name__})") from None
    classes = getattr(pipe, "classes_", None)
    if not hasattr(pipe, "predict_proba") or classes is None or set(map(str, classes)) != set(LABELS):
        raise ModelLoadError(f"model file {model_path} is not an Onward classifier (labels {classes!r})")
    return pipe, meta


class Classifier:
    """A loaded model.  ``predict`` is batched; ``threshold`` is the rejection threshold (metadata
    ``recommended_threshold``): an email is labelled *rejection* only when P(rejection) >= threshold,
    otherwise it gets the most probable of the other labels."""

    def __init__(self, pipeline, info: dict | None = None, threshold: float | None = None):
        self.pipeline = pipeline
        self.info: dict = dict(info or {})
        self.threshold = float(threshold if threshold is not None
                               else self.info.get("recommended_threshold", DEFAULT_THRESHOLD))
        self._classes = [str(c) for c in pipeline.classes_]
        self._rej = self._classes.index("rejection")

    @classmethod
    def load(cls, path: str | Path | None = None) -> Classifier:
        """Load ``path`` (a ``.skops`` file with its ``.json`` metadata beside it); None = shipped model."""
        model_path, meta_path = _paths(path)
        pipe, meta = _load_pipeline(model_path, meta_path)
        meta = dict(meta)
        meta["path"] = str(model_path)
        import sklearn

        if meta.get("sklearn_version") not in (None, sklearn.__version__):
            import warnings

            warnings.warn(f"model was trained with scikit-learn {meta['sklearn_version']}, running "
                          f"{sklearn.__version__}; retrain it if predictions look wrong", stacklevel=2)
        return cls(pipe, meta)

    # -- prediction ---------------------------------------------------------------------------
    def predict_proba(self, items: Sequence[EmailText]) -> np.ndarray:
        """Probabilities, one row per item, columns in LABELS order."""
        if not items:
            return np.zeros((0, len(LABELS)))
        p = self.pipeline.predict_proba(model_inputs(items))
        order = [self._classes.index(lab) for lab in LABELS]
        return p[:, order]

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
        text = inputs[0, 0]
        feats = self.pipeline.steps[0][1]  # the ColumnTransformer
        clf = self.pipeline[-1]
        x = feats.transform(inputs).tocsr()
        coef = clf.coef_
        k = list(map(str, clf.classes_)).index(label)
        row = coef[k] if coef.shape[0] > 1 else (coef[0] if k == 1 else -coef[0])
        names = _active_feature_names(feats, inputs[0], x.indices)
        words = _WORD.findall(text)
        contrib: dict[str, float] = {}
        for j, v in zip(x.indices, x.data, strict=True):
            w = float(v * row[j])
            if w == 0.0 or j not in names:
                continue
            kind, gram = names[j]
            if kind == "char":
                phrase = _word_for_chargram(gram, words)
                if phrase is None:
                    continue
            else:
                phrase = gram
            contrib[phrase] = contrib.get(phrase, 0.0) + w
        ranked = sorted(((p, w) for p, w in contrib.items() if w > 0), key=lambda t: -t[1])
        return [(p, round(w, 4)) for p, w in ranked[:top]]


def _active_feature_names(feats, row_inputs, indices) -> dict[int, tuple[str, str]]:
    """Column index -> (block name, n-gram) for the features active in one email.  Vocabulary-based
    vectorizers are looked up; for hashed blocks the email's own n-grams are re-hashed (the same
    murmurhash3 scheme as sklearn's HashingVectorizer) to find which n-gram landed in which column."""
    from sklearn.utils import murmurhash3_32

    wanted = set(int(i) for i in indices)
    out: dict[int, tuple[str, str]] = {}
    for name, trans, col in feats.transformers_:
        if name not in feats.output_indices_:
            continue
        sl = feats.output_indices_[name]
        vec = trans.steps[0][1] if hasattr(trans, "steps") else trans
        if hasattr(vec, "vocabulary_"):
            inv = getattr(vec, "_onward_inverse", None)
            if inv is None:
                inv = [""] * len(vec.vocabulary_)
                for term, i in vec.vocabulary_.items():
                    inv[i] = term
                vec._onward_inverse = inv
            for j in wanted:
                if sl.start <= j < sl.stop:
                    out[j] = (name, inv[j - sl.start])
        elif hasattr(vec, "n_features"):
            for gram in vec.build_analyzer()(row_inputs[col]):
                j = sl.start + abs(murmurhash3_32(gram, seed=0)) % vec.n_features
                if j in wanted and j not in out:
                    out[j] = (name, gram)
    return out


def _word_for_chargram(gram: str, words: list[str]) -> str | None:
    core = gram.strip()
    if len(core) < 2:
        return None
    for w in words:
        padded = f" {w} "
        if gram in padded:
            return w
    return None
