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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from agent import shipped
from agent.config import unsafe_file_reason
from agent.model.jobwords import MARKERS, context_inputs, has_job_words, with_marker
from agent.model.scorer import LinearTextScorer, ScorerError, softmax
from agent.model.sentences import iter_sentences

LABELS = ("rejection", "interview", "offer", "acknowledgement", "assessment", "other")
JOB_LABELS = LABELS[:5]
# the labels every model knows; a model trained before `assessment` existed gives it probability 0
CORE_LABELS = ("rejection", "interview", "offer", "acknowledgement", "other")
# 2: a sentence model travels with the document model; 3: and a job-context model (1 and 2 are still read)
FORMAT_VERSION = 3
READABLE_FORMATS = (1, 2, 3)
SENTENCE_MODEL = "sentences"  # its name inside the .npz (extra_sentences) and the skops payload
CONTEXT_MODEL = "context"  # the job-context model: is this mail about a job application at all?
CONTEXT_JOB = "job"  # its two classes: "job" and "other"
# Job context decides before the verdict: when the context model gives P(job context) below this, the
# email's P(rejection) may not exceed that probability (the rest goes to `other`). A refusal of a flat, a
# course place or a loan that the context model reads as clearly not about a job is then `other`, however
# much it sounds like a rejection. Only the rejection is gated: on the grouped CV, capping every job label
# as well lost 5 of 60 held-out hand-written interviews and 3 acknowledgements and kept no more refusals
# out. 0.2, not 0.4 or 0.5: the context model reads short informal job mail as unsure (P(job) 0.35-0.40 for
# "thanks for your application ... the budget for the role was cut, so we won't be hiring"), and a gate at
# 0.4 turned such rejections into `other` - a missed rejection costs more than a refusal of a flat in
# review. Most non-job refusals are kept out by the document model itself, trained on them
# (docs/model-card.md).
CONTEXT_GATE = 0.2
# Below this P(job context), in an email that holds no job word (agent.model.jobwords), the rejection needs
# more evidence the less sure the context is: P(rejection) is scaled by P(job context) / CONTEXT_SOFT_GATE
# (the rest goes to `other`), before the cap above. Refusals of a flat, a loan, a date or a pet in wording a
# job refusal uses get P(job) 0.25-0.45 from the context model and P(rejection) 0.7-0.9 from the document
# model; a job refusal that names the vacancy ("de vacature voor marketeer gaat niet door") is left alone
# whatever its P(job). Figures, and the gates that traded worse: docs/model-card.md, "v3.2".
CONTEXT_SOFT_GATE = 0.4
MIN_SENTENCE_WORDS = 4  # "No, really." carries no decision; "We'll pass for now." does
MAX_SENTENCES = 20  # the decision comes early; a long list post should not get 40 draws
MAX_BODY_CHARS = 4000
CHAR_BODY_CHARS = 200  # the char n-gram view sees subject + sender + the start of the body (speed)
SENTENCE_COLUMN = 2  # the decisive sentence's column of model_inputs
# Sentence pre-filter (speed): an email that the document model alone - read without a decisive sentence -
# calls `other` with at least this probability is not split into sentences; its label stands. Most mail
# is such mail, and scoring its sentences was most of the classification time. Every shipped model is
# checked for agreement with the full path (scripts/train_shipped_model.py; figures in models/README.md).
PREFILTER_OTHER = 0.98
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
    sentence: str = ""  # the sentence that speaks most for `label` ("" when none does / no sentence model)
    sentence_score: float = 0.0  # P(label | that sentence) from the sentence model
    job_context: float | None = None  # P(about a job application) from the context model (None: not asked)


@dataclass
class SentenceView:
    """An email's sentences that count (subject first) and the sentence model's P(label | sentence),
    one row per sentence, columns in LABELS order."""

    sentences: list[str] = field(default_factory=list)
    proba: np.ndarray = field(default_factory=lambda: np.zeros((0, len(LABELS))))
    has_subject: bool = False  # sentences[0] is the subject

    def best(self, label: str) -> tuple[str, float]:
        """The sentence with the highest P(label), and that probability; a body sentence is preferred to
        the subject when it reaches 0.5 (it says why, the subject only what about)."""
        if not self.sentences:
            return "", 0.0
        k = LABELS.index(label)
        col = self.proba[:, k]
        i = int(col.argmax())
        if i == 0 and self.has_subject and len(col) > 1:
            j = 1 + int(col[1:].argmax())
            if col[j] >= 0.5:
                i = j
        return self.sentences[i], float(col[i])

    def decisive(self) -> str:
        """The decisive sentence (normalised) for the document model: the one with the highest
        probability of any job label, so a thanks-heavy opening cannot hide a late verdict."""
        if not self.sentences:
            return ""
        return normalize(self.sentences[int(self.proba[:, :len(JOB_LABELS)].max(1).argmax())])


# ---------------------------------------------------------------------------------------------
_TAG = re.compile(r"<[^>]{0,300}>")
_URL = re.compile(r"(?:https?://|www\.)([^\s/<>\"')\]]+)[^\s<>\"')\]]*", re.I)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
_NUM = re.compile(r"\d+(?:[.,:/-]\d+)*")
# _NUM on ASCII text, fast: every digit made "0" by str.translate (a C loop), then each run of zeros joined
# by single separators is one "0" - the same matches as _NUM, found by a regex that starts with a literal
# (which re scans for in C instead of testing a character class at every position): mail is mostly ASCII
# and mostly without digits, and _NUM was a third of the time spent preparing the text
_ASCII_DIGITS = str.maketrans(dict.fromkeys("123456789", "0"))
_ZERO_NUM = re.compile(r"0(?:0|[.,:/-]0)*")
_WORD = re.compile(r"\w[\w'-]*\w|\w")
_ANGLE_ADDR = re.compile(r"<\s*[^<>\s]+@[^<>\s]+\s*>")


def _host_words(host: str) -> str:
    parts = [p for p in re.split(r"[.\-]", host.lower()) if p and p not in {"www", "com", "org", "net", "io", "co"}]
    return " ".join(parts[-3:])


def normalize(text: str) -> str:
    """Lower-case; strip HTML tags/entities; URLs -> ``urltok`` + host words; e-mail addresses ->
    ``emailtok`` + domain words; numbers -> ``0``; collapse whitespace."""
    return " ".join(_normalize_words(text).split())


def _normalize_words(text: str) -> str:
    """:func:`normalize` without collapsing whitespace: the same words, for a reader of words only."""
    if not text:
        return ""
    t = html.unescape(_TAG.sub(" ", text)) if ("<" in text or "&" in text) else text
    if "://" in t or "w." in t or "W." in t:  # every URL match contains one of these (cheap test)
        t = _URL.sub(lambda m: f" urltok {_host_words(m.group(1))} ", t)
    if "@" in t:
        t = _EMAIL.sub(lambda m: f" emailtok {_host_words(m.group(1))} ", t)
    t = _ZERO_NUM.sub("0", t.translate(_ASCII_DIGITS)) if t.isascii() else _NUM.sub("0", t)
    return t.lower()


def _collapsed_prefix(text: str, n: int) -> str:
    """``" ".join(text.split())[:n]``, collapsing only as much of ``text`` as that needs: the collapsed
    start of a text is the start of the collapsed text."""
    k = 2 * n + 16
    while True:
        head = " ".join(text[:k].split())
        if len(head) >= n or k >= len(text):
            return head[:n]
        k *= 4


def _sender_text(item: EmailText) -> str:
    sender = item.sender or ""
    sender_txt = ""
    if sender:
        sender_txt = _ANGLE_ADDR.sub(" ", sender)
        m = re.search(r"([\w.+-]*)@([\w.-]+)", sender)
        if m:
            sender_txt += f" {_host_words(m.group(2))} {m.group(1).replace('.', ' ')}"
    return sender_txt


def _parts(item: EmailText) -> tuple[str, str, str]:
    """(normalised subject, normalised body capped at MAX_BODY_CHARS, normalised sender)."""
    return (normalize(item.subject or ""), normalize((item.body or "")[:MAX_BODY_CHARS]),
            normalize(_sender_text(item)))


def prepare_text(item: EmailText) -> str:
    """The single string the word n-grams see: subject, body (capped at MAX_BODY_CHARS) and sender."""
    s, b, f = _parts(item)
    return f"{s} | {b} | from {f}"


def model_inputs(items: Sequence[EmailText], views: Sequence[SentenceView] | None = None) -> np.ndarray:
    """The pipeline's input: an (n, 3) object array per email of [full text, short text, decisive
    sentence]; the short view (for character n-grams, which are costly) is subject + the first
    CHAR_BODY_CHARS of the normalised body + sender. Without ``views`` (a model without a sentence
    model) the last column is empty (format-1 models never read it).

    The full text's body is not whitespace-collapsed (only its words are read: word n-grams, job words,
    explanations), which saves splitting and re-joining every body; its words are :func:`prepare_text`'s."""
    full, short = [], []
    for it in items:
        s, f = normalize(it.subject or ""), normalize(_sender_text(it))
        b = _normalize_words((it.body or "")[:MAX_BODY_CHARS])
        full.append(f"{s} | {b} | from {f}")
        short.append(f"{s} | {_collapsed_prefix(b, CHAR_BODY_CHARS)} | from {f}")
    out = np.empty((len(items), 3), dtype=object)
    out[:, 0] = full
    out[:, 1] = short
    out[:, SENTENCE_COLUMN] = [v.decisive() for v in views] if views is not None else ""
    return out


def email_sentences(item: EmailText) -> list[str]:
    """The sentences the sentence model scores: the subject (when it has two words or more), then the
    body's sentences that count (:func:`agent.model.sentences.split_sentences`)."""
    subject = " ".join((item.subject or "").split())
    out = [subject] if len(subject.split()) >= 2 else []
    for x in iter_sentences((item.body or "")[:MAX_BODY_CHARS]):  # (at most sentences.MAX_SENTENCES)
        if len(out) >= MAX_SENTENCES:
            break
        if len(x.split()) >= MIN_SENTENCE_WORDS:
            out.append(x)
    return out


def sentence_views(items: Sequence[EmailText], scorer: LinearTextScorer | None) -> list[SentenceView]:
    """Each email's sentences scored by the sentence model in one batch (empty views without one)."""
    if scorer is None:
        return [SentenceView() for _ in items]
    per = [email_sentences(it) for it in items]
    subj = [len(" ".join((it.subject or "").split()).split()) >= 2 for it in items]
    flat = np.empty((sum(map(len, per)), 1), dtype=object)
    flat[:, 0] = [normalize(x) for ss in per for x in ss]
    if len(flat):
        raw = scorer.predict_proba(flat)
        proba = np.hstack([raw, np.zeros((len(raw), 1))])[:, _label_columns(scorer)]
    else:
        proba = np.zeros((0, len(LABELS)))
    out, at = [], 0
    for ss, has_subject in zip(per, subj, strict=True):
        out.append(SentenceView(ss, proba[at:at + len(ss)], has_subject and bool(ss)))
        at += len(ss)
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
    if meta.get("format_version") not in READABLE_FORMATS:
        raise ModelLoadError(
            f"unsupported model format_version {meta.get('format_version')!r} in {meta_path} "
            f"(this Onward reads {', '.join(map(str, READABLE_FORMATS))})")
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
    """The scikit-learn pipeline from the ``.skops`` file (checked against ``meta``, types allow-listed);
    its sentence pipeline, if any, is :func:`_load_pipelines`' second value."""
    return _load_pipelines(model_path, meta)[0]


def _load_pipelines(model_path: Path, meta: dict):
    """(document pipeline, sentence pipeline or None, context pipeline or None) from the ``.skops`` file."""
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
    sent: Any = payload.get(f"{SENTENCE_MODEL}_pipeline")
    ctx: Any = payload.get(f"{CONTEXT_MODEL}_pipeline")
    try:
        for p, key in ((pipe, "vocabularies"), (sent, f"{SENTENCE_MODEL}_vocabularies"),
                       (ctx, f"{CONTEXT_MODEL}_vocabularies")):
            if p is None and key != "vocabularies":
                continue
            vocabs = payload[key]
            for name, vec, _col in p.named_steps["features"].transformers_:
                if name in vocabs:
                    vec.vocabulary_ = {str(t): i for i, t in enumerate(vocabs[name].tolist())}
    except (AttributeError, KeyError, TypeError, ValueError) as e:
        raise ModelLoadError(f"model file {model_path} has an unexpected structure ({type(e).__name__})") from None
    import sklearn

    if meta.get("sklearn_version") not in (None, sklearn.__version__):
        import warnings

        warnings.warn(f"model was trained with scikit-learn {meta['sklearn_version']}, running "
                      f"{sklearn.__version__}; retrain it if predictions look wrong", stacklevel=3)
    return pipe, sent, ctx


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
    if not set(CORE_LABELS) <= set(scorer.classes) <= set(LABELS):
        raise ModelLoadError(f"model {where} is not an Onward classifier (labels {scorer.classes!r})")
    return scorer


def _to_context(model, where: object) -> LinearTextScorer:
    try:
        scorer = model if isinstance(model, LinearTextScorer) else LinearTextScorer.from_pipeline(model)
    except ScorerError as e:
        raise ModelLoadError(f"model {where}: the job-context model is not a text model ({e})") from None
    if sorted(scorer.classes) != sorted((CONTEXT_JOB, "other")):
        raise ModelLoadError(f"model {where}: the job-context model has labels {scorer.classes!r}")
    return scorer


def _label_columns(scorer: LinearTextScorer) -> np.ndarray:
    """Column of each of LABELS in the scorer's output; a label the model lacks points at an extra
    all-zero column (index len(classes))."""
    return np.asarray([scorer.classes.index(lab) if lab in scorer.classes else len(scorer.classes) for lab in LABELS])


def context_phrases(scorer: LinearTextScorer, text: str, top: int = 3) -> list[tuple[str, float]]:
    """The phrases of a prepared text that made the context model's decision: (phrase, weight) with a
    positive weight pushing towards a job application and a negative one away from it, strongest first,
    on the side the model decided. The job-words marker (agent.model.jobwords) is named in words, and
    the n-grams it forms with the text's first word count as the marker."""
    row = [with_marker(text)]
    p_job = float(scorer.predict_proba([row])[0, scorer.classes.index(CONTEXT_JOB)])
    j, o = scorer.classes.index(CONTEXT_JOB), scorer.classes.index("other")
    sign = 1.0 if p_job >= CONTEXT_GATE else -1.0
    contrib: dict[str, float] = {}
    for _kind, gram, value, coef in scorer.active_features(row):
        marker = next((m for m in gram.split() if m in MARKERS), None)
        phrase = MARKERS[marker] if marker else gram
        contrib[phrase] = contrib.get(phrase, 0.0) + float(value * (coef[j] - coef[o]))
    ranked = sorted(((g, w) for g, w in contrib.items() if w * sign > 0), key=lambda t: -abs(t[1]))
    return [(g, round(w, 4)) for g, w in ranked[:top]]


class Classifier:
    """A loaded model.  ``predict`` is batched; ``threshold`` is the rejection threshold (metadata
    ``recommended_threshold``): an email is labelled *rejection* only when P(rejection) >= threshold,
    otherwise it gets the most probable of the other labels.

    Predictions come from a :class:`~agent.model.scorer.LinearTextScorer` (numpy only); ``model`` may be that
    or a fitted scikit-learn pipeline, from which the scorer is extracted. ``sentences`` is the sentence
    model (format 2): it scores each sentence of an email, and the document model reads the decisive
    sentence and the sentence scores beside the whole text."""

    def __init__(self, model, info: dict | None = None, threshold: float | None = None, sentences=None,
                 context=None):
        if hasattr(model, "pipeline") and hasattr(model, "sentences"):  # a training.TrainedModel
            model, sentences, context = model.pipeline, model.sentences, getattr(model, "context", None)
        self.scorer = _to_scorer(model, "in memory")
        self.sentences = _to_scorer(sentences, "sentence model") if sentences is not None else None
        self.context = _to_context(context, "in memory") if context is not None else None
        self.info: dict = dict(info or {})
        self.threshold = float(threshold if threshold is not None
                               else self.info.get("recommended_threshold", DEFAULT_THRESHOLD))
        self._order = _label_columns(self.scorer)
        # the document model's blocks that read the decisive sentence, and the others (see _doc_scores)
        self._sentence_blocks = self.scorer.blocks_reading([SENTENCE_COLUMN])
        self._text_blocks = [i for i in range(len(self.scorer.blocks)) if i not in self._sentence_blocks]

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
        sentences: Any = None
        context: Any = None
        if meta.get("scorer_sha256"):
            if model_path.exists():  # the model is one unit: a tampered .skops is refused here too
                _read_checked(model_path, meta.get("sha256"), "model file")
            data = _read_checked(scorer_path, meta["scorer_sha256"], "model scorer file")
            try:
                model = LinearTextScorer.from_bytes(data)
                if SENTENCE_MODEL in model.extra:
                    sentences = LinearTextScorer.from_bytes(model.extra[SENTENCE_MODEL])
                if CONTEXT_MODEL in model.extra:
                    context = LinearTextScorer.from_bytes(model.extra[CONTEXT_MODEL])
                model.extra.clear()  # read: the compressed copies need not stay in memory
            except ScorerError as e:
                raise ModelLoadError(f"model scorer file {scorer_path}: {e}") from None
        else:
            model, sentences, context = _load_pipelines(model_path, meta)
        version = meta.get("format_version", 1)
        if version >= 2 and sentences is None:
            raise ModelLoadError(f"model {model_path} has no sentence model (format {version} needs one)")
        if version >= 3 and context is None:
            raise ModelLoadError(f"model {model_path} has no job-context model (format {version} needs one)")
        return cls(_to_scorer(model, model_path), meta,
                   sentences=_to_scorer(sentences, model_path) if sentences is not None else None,
                   context=_to_context(context, model_path) if context is not None else None)

    # -- prediction ---------------------------------------------------------------------------
    def views(self, items: Sequence[EmailText]) -> list[SentenceView]:
        """Each email's sentences with the sentence model's probabilities (empty without one)."""
        return sentence_views(items, self.sentences)

    def _doc_proba(self, inputs: np.ndarray) -> np.ndarray:
        """The document model's probabilities in LABELS order (0 for a label the model lacks)."""
        return self._labelled(self._doc_scores(inputs) + self._sentence_scores(inputs))

    def _doc_scores(self, inputs: np.ndarray) -> np.ndarray:
        """The document model's linear scores from the email's text alone (its blocks are normalised one
        by one, so the scores are a sum over them): the decisive sentence's part is
        :meth:`_sentence_scores`, added to these once the sentence is known - the text is read once."""
        return self.scorer.decision(inputs, self._text_blocks)

    def _sentence_scores(self, inputs: np.ndarray) -> np.ndarray:
        """The decisive sentence's part of the document model's linear scores (0 for a model without it)."""
        if not self._sentence_blocks:
            return np.zeros((len(inputs), len(self.scorer.classes)))
        return self.scorer.decision(inputs, self._sentence_blocks, intercept=False)

    def _labelled(self, scores: np.ndarray) -> np.ndarray:
        """Probabilities in LABELS order from linear scores (overwritten)."""
        p = softmax(scores)
        return np.hstack([p, np.zeros((len(p), 1))])[:, self._order]

    def job_context(self, inputs: np.ndarray, job_words: np.ndarray | None = None) -> np.ndarray:
        """P(the email is about a job application) per row of :func:`model_inputs` (1.0 without a
        context model); ``job_words``: :func:`has_job_words` of column 0, if known."""
        if self.context is None or not len(inputs):
            return np.ones(len(inputs))
        return self.context.predict_proba(context_inputs(inputs[:, 0], job_words))[
            :, self.context.classes.index(CONTEXT_JOB)]

    @staticmethod
    def gate(probs: np.ndarray, context: np.ndarray, threshold: float = CONTEXT_GATE,
             soft: float = CONTEXT_SOFT_GATE, job_words: np.ndarray | None = None) -> np.ndarray:
        """Job context first: where P(job context) < ``soft`` and the email holds no job word
        (``job_words`` False; None = not known, every email), P(rejection) is scaled by P(job context) /
        ``soft``; where it is < ``threshold``, P(rejection) is also capped at it. `other` takes what the
        rejection loses (the other labels keep theirs)."""
        rej, other = LABELS.index("rejection"), LABELS.index("other")
        kept = probs[:, rej].copy()
        if soft > 0:
            low = (context < soft) if job_words is None else (context < soft) & ~job_words
            kept[low] *= context[low] / soft
        capped = (context < threshold) & (kept > context)
        kept[capped] = context[capped]
        probs[:, other] += probs[:, rej] - kept
        probs[:, rej] = kept
        return probs

    def _proba(self, items: Sequence[EmailText], full: bool = False
               ) -> tuple[np.ndarray, list[SentenceView], np.ndarray]:
        """Probabilities, sentence views and P(job context) (NaN where not asked). Unless ``full``, mail
        that the document model alone calls `other` with P >= PREFILTER_OTHER keeps that reading, an empty
        view and no context reading (see PREFILTER_OTHER): the gate could only make it more `other`."""
        if self.sentences is None:
            inputs = model_inputs(items)
            words = has_job_words(inputs[:, 0])
            ctx = self.job_context(inputs, words)
            return self.gate(self._doc_proba(inputs), ctx, job_words=words), [SentenceView() for _ in items], ctx
        if full:
            views = self.views(items)
            inputs = model_inputs(items, views)
            words = has_job_words(inputs[:, 0])
            ctx = self.job_context(inputs, words)
            return self.gate(self._doc_proba(inputs), ctx, job_words=words), views, ctx
        inputs = model_inputs(items)  # the decisive-sentence column empty
        scores = self._doc_scores(inputs)
        probs = self._labelled(scores.copy())
        need = np.flatnonzero(probs[:, LABELS.index("other")] < PREFILTER_OTHER)
        all_views = [SentenceView() for _ in items]
        context = np.full(len(items), np.nan)
        if len(need):
            views = self.views([items[i] for i in need.tolist()])
            sub = inputs[need]
            sub[:, SENTENCE_COLUMN] = [v.decisive() for v in views]
            words = has_job_words(sub[:, 0])  # (read once: the gate and the context model's marker)
            ctx = self.job_context(sub, words)
            probs[need] = self.gate(self._labelled(scores[need] + self._sentence_scores(sub)), ctx,
                                    job_words=words)
            context[need] = ctx
            for i, v in zip(need.tolist(), views, strict=True):
                all_views[i] = v
        return probs, all_views, context

    def predict_proba(self, items: Sequence[EmailText], full: bool = False) -> np.ndarray:
        """Probabilities, one row per item, columns in LABELS order (``full``: no sentence pre-filter)."""
        if not items:
            return np.zeros((0, len(LABELS)))
        return self._proba(items, full)[0]

    def predict(self, items: Sequence[EmailText], threshold: float | None = None, full: bool = False) -> list[Prediction]:
        """Labels with probabilities, and for each the sentence that speaks most for its label
        (``full``: score the sentences of every email, even those the pre-filter would leave out)."""
        thr = self.threshold if threshold is None else float(threshold)
        items = list(items)
        if not items:
            return []
        probs, views, context = self._proba(items, full)
        out = []
        asked = self.context is not None
        for row, view, ctx in zip(probs.tolist(), views, context.tolist(), strict=True):
            pred = self._decide(row, thr)
            text, score = view.best(pred.label)
            # built once per email (dataclasses.replace per field was a measurable part of a batch)
            out.append(Prediction(pred.label, pred.confidence, pred.probabilities, text,
                                  round(score, 4) if text else 0.0,
                                  # (ctx NaN: the pre-filter left it out)
                                  round(ctx, 4) if asked and ctx == ctx else None))
        return out

    def prefilter_agreement(self, items: Sequence[EmailText]) -> dict:
        """How the sentence pre-filter compares with the full path on ``items``: emails it left out, labels
        that differ, and the highest full-path P(job label) among the emails left out."""
        items = list(items)
        full, fast = self._proba(items, full=True)[0], self._proba(items)[0]
        left = np.flatnonzero(np.abs(full - fast).max(axis=1) > 0) if items else np.zeros(0, dtype=int)
        other = LABELS.index("other")
        return {"n": len(items), "other_threshold": PREFILTER_OTHER, "left_out": int(len(left)),
                "label_differences": sum(self._decide(a, self.threshold).label != self._decide(b, self.threshold).label
                                         for a, b in zip(full, fast, strict=True)),
                "max_job_p_left_out": round(float((1 - full[left, other]).max()), 4) if len(left) else 0.0}

    @staticmethod
    def _decide(row: np.ndarray | list[float], thr: float) -> Prediction:
        if len(row) == len(CORE_LABELS):  # a row of a model without `assessment`
            row = np.insert(np.asarray(row, dtype=float), LABELS.index("assessment"), 0.0)
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
        Character n-grams are credited to the words of the email that contain them (the sentence
        behind the label is :attr:`Prediction.sentence`)."""
        label = label or self.predict([item])[0].label
        inputs = model_inputs([item], self.views([item]))
        words = _WORD.findall(inputs[0, 0])
        if label not in self.scorer.classes:
            return []
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


    def explain_context(self, item: EmailText, top: int = 3) -> dict | None:
        """Job context, explained: {"p_job": P(about a job application), "job": whether it passes the
        gate, "phrases": [(phrase, weight)] that made it so (positive = towards a job)}; None without a
        context model."""
        if self.context is None:
            return None
        text = prepare_text(item)
        p_job = float(self.job_context(np.asarray([[text, "", ""]], dtype=object))[0])
        return {"p_job": round(p_job, 4), "job": p_job >= CONTEXT_GATE,
                "phrases": context_phrases(self.context, text, top)}


def _word_for_chargram(gram: str, words: list[str]) -> str | None:
    core = gram.strip()
    if len(core) < 2:
        return None
    for w in words:
        padded = f" {w} "
        if gram in padded:
            return w
    return None
