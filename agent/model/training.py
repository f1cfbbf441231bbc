"""Corpus loading, training, cross-validation and evaluation metrics for the Onward classifier.

Everything here is importable without side effects; functions that take long accept a ``progress``
callback (``callable(str)``) so the CLI can show what is happening.
"""
from __future__ import annotations

import datetime as _dt
import functools
import json
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import numpy as np

from agent.config import make_private_dir
from agent.inputs import InputError, iter_jsonl
from agent.mail.parse import email_text, parse_message
from agent.mail.types import MessageParseError
from agent.model import calibration
from agent.model.classifier import (
    CONTEXT_JOB,
    CONTEXT_MODEL,
    CORE_LABELS,
    FORMAT_VERSION,
    JOB_LABELS,
    LABELS,
    PAYLOAD_KIND,
    SENTENCE_MODEL,
    Classifier,
    EmailText,
    email_sentences,
    model_inputs,
    normalize,
    sentence_views,
    sha256_bytes,
)
from agent.model.jobwords import context_inputs
from agent.model.scorer import WORD_TOKEN_PATTERN, LinearTextScorer

Progress = Callable[[str], None] | None

# Model hyper-parameters (kept here so the model card and metadata can quote them).
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (3, 5)
WORD_MAX_FEATURES = 60_000
CHAR_MAX_FEATURES = 60_000
LOGREG_C = 8.0
THRESHOLD_BETA = 1.0  # F1: the goals ask recall 0.98 beside precision 0.99; F0.5 on the grouped CV chose 0.85
SENT_NGRAMS = (1, 3)  # sentence model: word 1-3-grams ("decided not to", "if we decide")
SENT_MAX_FEATURES = 40_000
SENT_C = 4.0
SENT_MAX_REPEATS = 20  # a (sentence, label) pair repeated by templates counts at most this often
INNER_FOLDS = 3
CONTEXT_C = 2.0  # the job-context model: word 1-2-grams of the whole email, job application or not
CONTEXT_MAX_FEATURES = 10_000
# Written `other` mail (hand-written, and the refusals that are not about a job) weighs this much more in the
# job-context model than generated list posts and newsletters: it is the mail that sounds like a job's.
# Within each language, job and other mail then weigh the same in all (context_weights), so the words of a
# language ("für", "Ihre") are no evidence either way: only what the mail is about is.
CONTEXT_HARD_OTHER_WEIGHT = 3.0
# Hand-written mail (each email its own family: people's own wording) weighs this much more than generated
# template mail in the document model: grouped CV holds each one out alone, and the template families,
# ten times as many, otherwise set the model's sense of how sure to be about a short human note.
HANDWRITTEN_WEIGHT = 2.0
# The decisive-sentence block weighs half (a smaller block value is a stronger L2 penalty on its
# coefficients). Measured on dev while building it: sentence-score tokens (binned P(label | sentence))
# as a fourth block made 37-123 of 2,472 list posts "rejections" (the sentence model has seen too little
# ordinary prose), so only the decisive sentence's words are given to the document model.
BLOCK_WEIGHTS = {"word": 1.0, "char": 1.0, "sent": 0.5}  # the document model learns from out-of-fold sentence scores (grouped folds)


@dataclass(frozen=True)
class Example:
    text: EmailText
    label: str
    id: str = ""
    lang: str = ""
    kind: str = ""
    source: str = ""
    family: str = ""  # source / template family: the unit cross-validation holds out together

    @property
    def group(self) -> str:
        return self.family or f"{self.source}:{self.id}"


def _say(progress: Progress, msg: str) -> None:
    if progress is not None:
        progress(msg)


# ---------------------------------------------------------------------------------------------
# loading
# ---------------------------------------------------------------------------------------------
def _read_jsonl(path: Path) -> list[Example]:
    out = []
    for n, o in iter_jsonl(path):
        label = str(o.get("label", "")).strip().lower()
        if label not in LABELS:
            raise InputError(f"{path}:{n}: label {o.get('label')!r} is not one of {', '.join(LABELS)}")
        sender = o.get("from", o.get("sender", "")) or ""
        out.append(Example(EmailText(str(o.get("subject") or ""), str(o.get("body") or ""), str(sender)),
                           label, id=str(o.get("id", o.get("source_id", f"{path.name}:{n}"))),
                           lang=str(o.get("lang", "")), kind=str(o.get("kind", "")),
                           source=str(o.get("source", path.name)), family=str(o.get("family", ""))))
    return out


def read_eml(path: Path) -> EmailText:
    """One RFC 5322 file, read exactly as the daemon reads mail (``agent.mail.parse``), so a model is
    trained on the same text it will later see."""
    try:
        return EmailText(*email_text(parse_message(path.read_bytes())))
    except MessageParseError as exc:
        raise InputError(f"{path}: {exc}") from None


def _read_eml_dir(root: Path) -> list[Example]:
    out = []
    for sub in sorted(p for p in root.iterdir() if p.is_dir()):
        label = sub.name.lower()
        if label not in LABELS:
            continue
        for f in sorted(sub.rglob("*.eml")):
            out.append(Example(read_eml(f), label, id=str(f.relative_to(root)), source=str(root)))
    return out


def load_examples(paths: str | Path | Iterable[str | Path]) -> list[Example]:
    """Load labelled emails from JSONL files (``.jsonl`` / ``.jsonl.gz``, fields subject, body, from,
    label) and/or directories.  A directory contributes its ``*.jsonl`` files and ``<label>/*.eml``
    sub-folders (e.g. ``dir/rejection/x.eml``).  Raises InputError (a ValueError naming file:line)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    out: list[Example] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(list(p.glob("*.jsonl")) + list(p.glob("*.jsonl.gz"))):
                out.extend(_read_jsonl(f))
            out.extend(_read_eml_dir(p))
        elif p.is_file():
            if p.suffix == ".eml":
                raise InputError(f"{p}: put .eml files in sub-folders named by label (e.g. rejection/{p.name})")
            out.extend(_read_jsonl(p))
        else:
            raise InputError(f"{p}: no such file or directory")
    return out


# ---------------------------------------------------------------------------------------------
# model
# ---------------------------------------------------------------------------------------------
def _tfidf(analyzer: str, ngrams: tuple[int, int], min_df: int, max_features: int | None, max_df: float = 0.9):
    from sklearn.feature_extraction.text import TfidfVectorizer

    kw: dict[str, Any] = {"token_pattern": WORD_TOKEN_PATTERN} if analyzer == "word" else {}
    return TfidfVectorizer(analyzer=analyzer, ngram_range=ngrams, sublinear_tf=True, min_df=min_df, max_df=max_df,
                           max_features=max_features, lowercase=False, dtype=np.float32, **kw)


def build_pipeline(seed: int = 0):
    """The document model: column 0 = full prepared text (word n-grams), 1 = short view (char n-grams),
    2 = the decisive sentence (word n-grams); see model_inputs."""
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    clf = LogisticRegression(C=LOGREG_C, max_iter=3000, class_weight=None, random_state=seed)
    return Pipeline([("features", ColumnTransformer([
        ("word", _tfidf("word", WORD_NGRAMS, 2, WORD_MAX_FEATURES), 0),
        ("char", _tfidf("char_wb", CHAR_NGRAMS, 3, CHAR_MAX_FEATURES), 1),
        ("sent", _tfidf("word", WORD_NGRAMS, 2, 20_000), 2)],
        transformer_weights=BLOCK_WEIGHTS)), ("clf", clf)])


def build_sentence_pipeline(seed: int = 0):
    """The sentence model: P(label | one normalised sentence), trained with each sentence labelled as
    its email (a sentence that rejections and acknowledgements share gets a split vote)."""
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    clf = LogisticRegression(C=SENT_C, max_iter=2000, class_weight="balanced", random_state=seed)
    return Pipeline([("features", ColumnTransformer([("sent", _tfidf("word", SENT_NGRAMS, 2, SENT_MAX_FEATURES,
                                                                     max_df=0.5), 0)])), ("clf", clf)])


def build_context_pipeline(seed: int = 0):
    """The job-context model: P(the email is about a job application) from the word n-grams of the
    whole prepared text (column 0 of model_inputs) after the job-words marker (agent.model.jobwords),
    trained with every job label as "job"."""
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    clf = LogisticRegression(C=CONTEXT_C, max_iter=2000, random_state=seed)
    return Pipeline([("features", ColumnTransformer([("word", _tfidf("word", WORD_NGRAMS, 2, CONTEXT_MAX_FEATURES),
                                                                0)])), ("clf", clf)])


def context_label(label: str) -> str:
    return CONTEXT_JOB if label in JOB_LABELS else "other"


def context_weights(examples: Sequence[Example]) -> list[float]:
    """Sample weights of the job-context model: written `other` mail counts CONTEXT_HARD_OTHER_WEIGHT times,
    then job and other mail are balanced within each language (each side weighs half the language's
    emails), so that a language's common words say nothing about job context."""
    base = [CONTEXT_HARD_OTHER_WEIGHT if e.label == "other" and e.kind in ("handwritten", "stages") else 1.0
            for e in examples]
    total: dict[tuple[str, str], float] = {}
    count: dict[str, int] = {}
    for e, w in zip(examples, base, strict=True):
        key = (e.lang, context_label(e.label))
        total[key] = total.get(key, 0.0) + w
        count[e.lang] = count.get(e.lang, 0) + 1
    return [w * count[e.lang] / 2 / total[(e.lang, context_label(e.label))]
            for e, w in zip(examples, base, strict=True)]


@dataclass
class TrainedModel:
    """A fitted document pipeline, the sentence pipeline it reads and the job-context pipeline that
    gates it (all plain scikit-learn)."""

    pipeline: Any
    sentences: Any
    context: Any = None

    def classifier(self, threshold: float | None = 0.5, info: dict | None = None) -> Classifier:
        return Classifier(self.pipeline, info, threshold=threshold, sentences=self.sentences, context=self.context)

    def calibrate(self, temperature: float) -> None:
        calibration.scale_pipeline(self.pipeline, temperature)


def _drop_stop_words(pipe) -> None:
    for _name, vec, _col in pipe.named_steps["features"].transformers_:
        if hasattr(vec, "stop_words_"):
            # terms cut by min_df/max_df/max_features; only kept for introspection, and they would make
            # the saved model several times larger and slower to load (safe to drop, see sklearn docs)
            vec.stop_words_ = None


def _fit_sentences(sentences: Sequence[Sequence[str]], labels: Sequence[str], seed: int):
    counts: dict[tuple[str, str], int] = {}
    for ss, lab in zip(sentences, labels, strict=True):
        for t in ss:
            key = (normalize(t), lab)
            counts[key] = counts.get(key, 0) + 1
    rows = [(t, lab) for (t, lab), k in counts.items() for _ in range(min(k, SENT_MAX_REPEATS))]
    x = np.empty((len(rows), 1), dtype=object)
    x[:, 0] = [t for t, _ in rows]
    pipe = build_sentence_pipeline(seed)
    pipe.fit(x, [lab for _, lab in rows])
    _drop_stop_words(pipe)
    return pipe


_P = ParamSpec("_P")
_R = TypeVar("_R")


def one_blas_thread(fit: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``fit`` with one BLAS thread. The logistic regressions' solver (L-BFGS-B over ~300,000 weights)
    spends most of its time in vector operations that are bound by memory, not by the CPU: a second
    BLAS thread gains nothing, and with another process on the other core OpenBLAS's spinning threads
    made `onward train` about three times slower (docs/model-card.md, *Training time*)."""
    @functools.wraps(fit)
    def limited(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        from threadpoolctl import threadpool_limits  # scikit-learn's own dependency; lazy like sklearn here
        with threadpool_limits(limits=1, user_api="blas"):
            return fit(*args, **kwargs)
    return limited


def group_folds(groups: Sequence[str], folds: int, seed: int) -> np.ndarray:
    """Fold number per item such that a group is never split (groups shuffled with ``seed``, then dealt)."""
    import random

    uniq = sorted(set(groups))
    random.Random(seed).shuffle(uniq)
    where = {g: i % folds for i, g in enumerate(uniq)}
    return np.asarray([where[g] for g in groups])


@one_blas_thread
def train(examples: Sequence[Example], seed: int = 0, progress: Progress = None,
          inner_folds: int = INNER_FOLDS) -> TrainedModel:
    """Fit the sentence model and the document model on ``examples``; deterministic for a given seed.

    The document model is fitted on sentence scores from sentence models that did not see the email's
    group (``inner_folds`` grouped folds), so it learns how far to trust them on unseen mail."""
    if not examples:
        raise InputError("no training examples")
    missing = set(CORE_LABELS) - {e.label for e in examples}  # (`assessment` may be absent)
    if missing:
        raise InputError(f"training data has no examples of: {', '.join(sorted(missing))}")
    _say(progress, f"preparing {len(examples)} examples")
    texts = [e.text for e in examples]
    y = [e.label for e in examples]
    sents = [email_sentences(t) for t in texts]
    fold = group_folds([e.group for e in examples], inner_folds, seed)
    views: list[Any] = [None] * len(examples)
    for f in range(inner_folds):
        _say(progress, f"sentence model {f + 1}/{inner_folds} (out-of-fold sentence scores)")
        tr, te = np.flatnonzero(fold != f), np.flatnonzero(fold == f)
        scorer = LinearTextScorer.from_pipeline(_fit_sentences([sents[i] for i in tr], [y[i] for i in tr], seed))
        for i, v in zip(te, sentence_views([texts[i] for i in te], scorer), strict=True):
            views[i] = v
    _say(progress, "sentence model on all examples")
    sent_pipe = _fit_sentences(sents, y, seed)
    pipe = build_pipeline(seed)
    _say(progress, "fitting TF-IDF features and logistic regression")
    inputs = model_inputs(texts, views)
    pipe.fit(inputs, y, clf__sample_weight=[HANDWRITTEN_WEIGHT if e.kind == "handwritten" else 1.0
                                            for e in examples])
    _drop_stop_words(pipe)
    _say(progress, "job-context model")
    ctx_pipe = build_context_pipeline(seed)
    ctx_pipe.fit(context_inputs(inputs[:, 0]), [context_label(t) for t in y],
                 clf__sample_weight=context_weights(examples))
    _drop_stop_words(ctx_pipe)
    _say(progress, "done")
    return TrainedModel(pipe, sent_pipe, ctx_pipe)


def choose_threshold(y_true: Sequence[str] | np.ndarray, p_rejection: Sequence[float] | np.ndarray, beta: float = THRESHOLD_BETA,
                     lo: float = 0.5, hi: float = 0.9) -> float:
    """The P(rejection) threshold on the grid lo..hi (step 0.01) with the best F-beta for the rejection
    class (beta 0.5 weighs precision twice as much as recall); ties go to the lowest threshold.  Never
    below 0.5, so "rejection" is never given to an email that is more likely something else."""
    y = np.asarray([t == "rejection" for t in y_true])
    p = np.asarray(p_rejection, dtype=float)
    b2 = beta * beta
    best, best_f = lo, -1.0
    for thr in np.round(np.arange(lo, hi + 1e-9, 0.01), 2):
        pred = p >= thr
        tp = int((pred & y).sum())
        prec = tp / pred.sum() if pred.sum() else 0.0
        rec = tp / y.sum() if y.sum() else 0.0
        f = (1 + b2) * prec * rec / (b2 * prec + rec) if prec + rec else 0.0
        if f > best_f + 1e-12:
            best, best_f = float(thr), f
    return best


def duration(seconds: float) -> str:
    """``45 s``, ``3 min 10 s``: for progress lines."""
    seconds = round(seconds)
    return f"{seconds} s" if seconds < 60 else f"{seconds // 60} min {seconds % 60:02d} s"


@one_blas_thread
def cross_validate(examples: Sequence[Example], folds: int = 5, seed: int = 0, progress: Progress = None,
                   threshold: float | None = None, fixed_train: Sequence[Example] = (),
                   calibrate: bool = True) -> dict:
    """K-fold CV over ``examples``, stratified by label and grouped by :attr:`Example.group` (a source
    or template family is never on both sides).  ``fixed_train`` examples are added to every training
    fold and never tested.  The out-of-fold probabilities give the temperature (``calibrate``, see
    :mod:`agent.model.calibration`) and, once calibrated, the rejection threshold (choose_threshold)
    unless one is given.  Returns {"folds", "threshold", "temperature", "argmax" and "thresholded"
    report dicts, "oof_proba" (calibrated), "oof_raw"}."""
    from sklearn.model_selection import StratifiedGroupKFold

    y = np.asarray([e.label for e in examples])
    groups = [e.group for e in examples]
    folds = max(2, min(folds, len(set(groups))))
    skf = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    oof = np.zeros((len(examples), len(LABELS)))
    oof_ungated = np.zeros((len(examples), len(LABELS)))  # the same models without the job-context gate
    oof_context = np.ones(len(examples))  # P(job context) of each held-out email
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*least populated class.*")
        splits = list(skf.split(np.zeros(len(y)), y, groups))
    started = time.monotonic()
    for i, (tr, te) in enumerate(splits, 1):
        _say(progress, f"fold {i}/{folds}: training on {len(tr)}, testing on {len(te)}")
        model = train([examples[j] for j in tr] + list(fixed_train), seed=seed)
        clf = model.classifier(0.5)
        oof[te] = clf.predict_proba([examples[j].text for j in te])
        oof_context[te] = clf.job_context(model_inputs([examples[j].text for j in te]))
        clf.context = None
        oof_ungated[te] = clf.predict_proba([examples[j].text for j in te])
        took = (time.monotonic() - started) / i
        _say(progress, f"fold {i}/{folds} done in {duration(took)}"
             + (f"; about {duration(took * (folds - i))} left for the folds" if i < folds else ""))
    yi = np.asarray([LABELS.index(t) for t in y])
    temperature = calibration.fit_temperature(oof, yi) if calibrate else 1.0
    cal = calibration.apply_temperature(oof, temperature)
    rej = LABELS.index("rejection")
    thr = choose_threshold(y, cal[:, rej]) if threshold is None else threshold
    argmax = [LABELS[int(k)] for k in cal.argmax(1)]
    thresholded = [Classifier._decide(row, thr).label for row in cal]
    _say(progress, f"temperature {temperature:.3f}; chosen rejection threshold {thr:.2f}")
    return {"folds": folds, "seed": seed, "n": len(examples), "threshold": thr, "temperature": temperature,
            "argmax": report_from_labels(list(y), argmax).as_dict(),
            "thresholded": report_from_labels(list(y), thresholded).as_dict(),
            "oof_proba": cal.tolist(), "oof_raw": oof.tolist(),
            "oof_ungated": calibration.apply_temperature(oof_ungated, temperature).tolist(),
            "oof_context": oof_context.tolist()}


# ---------------------------------------------------------------------------------------------
# evaluation
# ---------------------------------------------------------------------------------------------
@dataclass
class EvalReport:
    labels: tuple[str, ...]
    n: int
    accuracy: float
    per_class: dict[str, dict[str, float]]  # label -> precision, recall, f1, support
    confusion: list[list[int]]  # rows = true label, cols = predicted label, in `labels` order
    rejection_precision: float
    rejection_recall: float
    rejection_f1: float
    ack_called_rejection: int
    ack_called_rejection_rate: float
    predictions: list[str] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        d = {k: v for k, v in self.__dict__.items() if k != "predictions"}
        d["labels"] = list(self.labels)
        return d


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def report_from_labels(y_true: Sequence[str], y_pred: Sequence[str]) -> EvalReport:
    if len(y_true) != len(y_pred):
        raise ValueError("y_true and y_pred differ in length")
    idx = {lab: i for i, lab in enumerate(LABELS)}
    cm = [[0] * len(LABELS) for _ in LABELS]
    for t, q in zip(y_true, y_pred, strict=True):
        cm[idx[t]][idx[q]] += 1
    per: dict[str, dict[str, float]] = {}
    for lab, i in idx.items():
        tp = cm[i][i]
        fp = sum(cm[r][i] for r in range(len(LABELS))) - tp
        fn = sum(cm[i]) - tp
        p, r, f = _prf(tp, fp, fn)
        per[lab] = {"precision": p, "recall": r, "f1": f, "support": sum(cm[i])}
    n = len(y_true)
    acks = sum(cm[idx["acknowledgement"]])
    ack_rej = cm[idx["acknowledgement"]][idx["rejection"]]
    return EvalReport(labels=LABELS, n=n, accuracy=(sum(cm[i][i] for i in range(len(LABELS))) / n if n else 0.0),
                      per_class=per, confusion=cm, rejection_precision=per["rejection"]["precision"],
                      rejection_recall=per["rejection"]["recall"], rejection_f1=per["rejection"]["f1"],
                      ack_called_rejection=ack_rej, ack_called_rejection_rate=(ack_rej / acks if acks else 0.0),
                      predictions=list(y_pred))


def evaluate(model, examples: Sequence[Example], threshold: float | None = None) -> EvalReport:
    """Evaluate a :class:`Classifier` (uses its rejection threshold unless ``threshold`` is given), a
    fitted pipeline (argmax, or ``threshold``), or a function ``list[EmailText] -> list[str]`` (e.g.
    :func:`keyword_baseline_predict`)."""
    items = [e.text for e in examples]
    if isinstance(model, TrainedModel):
        model = model.classifier(threshold if threshold is not None else 0.5)
    if isinstance(model, Classifier):
        preds = [p.label for p in model.predict(items, threshold=threshold)]
    elif hasattr(model, "predict_proba"):
        clf = Classifier(model, threshold=threshold if threshold is not None else 0.0)
        if threshold is None:
            preds = [LABELS[int(k)] for k in clf.predict_proba(items).argmax(1)] if items else []
        else:
            preds = [p.label for p in clf.predict(items)]
    elif callable(model):
        preds = list(model(items))
    else:
        raise TypeError("model must be a Classifier, a fitted pipeline or a callable")
    return report_from_labels([e.label for e in examples], preds)


def report_to_dict(report: EvalReport) -> dict:
    """JSON-ready form of a report (everything except the per-email predictions)."""
    return report.as_dict()


def format_report(report: EvalReport, title: str = "") -> str:
    """Plain-text (markdown-compatible) tables: per-class metrics, rejection summary, confusion matrix."""
    lines = []
    if title:
        lines += [f"### {title}", ""]
    lines += ["| label | precision | recall | F1 | support |", "|---|---:|---:|---:|---:|"]
    for lab in report.labels:
        m = report.per_class[lab]
        if m["support"] == 0 and all(report.confusion[r][report.labels.index(lab)] == 0
                                     for r in range(len(report.labels))):
            continue
        lines.append(f"| {lab} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['support']} |")
    lines += ["", f"n = {report.n}, accuracy = {report.accuracy:.3f}",
              f"rejection: precision {report.rejection_precision:.3f}, recall {report.rejection_recall:.3f}, "
              f"F1 {report.rejection_f1:.3f}",
              f"acknowledgements called rejections: {report.ack_called_rejection} "
              f"({report.ack_called_rejection_rate:.1%})", "",
              "confusion matrix (rows = true, columns = predicted):", "",
              "| true \\ predicted | " + " | ".join(report.labels) + " |",
              "|---|" + "---:|" * len(report.labels)]
    for lab, row in zip(report.labels, report.confusion, strict=True):
        lines.append(f"| {lab} | " + " | ".join(str(v) for v in row) + " |")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# saving
# ---------------------------------------------------------------------------------------------
def _vocab_arrays(pipeline) -> tuple[dict[str, np.ndarray], list[tuple[Any, dict]]]:
    """The vectorizers' vocabularies as numpy string arrays, each removed from its vectorizer (the
    second value restores them)."""
    arrays, saved = {}, []
    for name, vec, _col in pipeline.named_steps["features"].transformers_:
        if hasattr(vec, "vocabulary_"):
            terms = [""] * len(vec.vocabulary_)
            for term, i in vec.vocabulary_.items():
                terms[i] = term
            arrays[name] = np.array(terms, dtype=str)
            saved.append((vec, vec.vocabulary_))
            del vec.vocabulary_
    return arrays, saved


def dump_bytes(model: TrainedModel | Any) -> bytes:
    """Serialise with skops.  The vectorizers' ``vocabulary_`` dicts are stored as plain numpy string
    arrays beside the pipelines (skops writes a dict as one JSON node per entry, which made the file
    ~40 MB and slow to load); :func:`agent.model.classifier.Classifier.load` rebuilds them."""
    import zipfile

    import skops.io as sio

    pipeline, sentences, context = ((model.pipeline, model.sentences, model.context) if isinstance(model, TrainedModel)
                                    else (model, None, None))
    saved: list[tuple[Any, dict]] = []
    try:
        vocab, s1 = _vocab_arrays(pipeline)
        saved += s1
        payload: dict[str, Any] = {"kind": PAYLOAD_KIND, "pipeline": pipeline, "vocabularies": vocab}
        if sentences is not None:
            svocab, s2 = _vocab_arrays(sentences)
            saved += s2
            payload[f"{SENTENCE_MODEL}_pipeline"] = sentences
            payload[f"{SENTENCE_MODEL}_vocabularies"] = svocab
        if context is not None:
            cvocab, s3 = _vocab_arrays(context)
            saved += s3
            payload[f"{CONTEXT_MODEL}_pipeline"] = context
            payload[f"{CONTEXT_MODEL}_vocabularies"] = cvocab
        return sio.dumps(payload, compression=zipfile.ZIP_DEFLATED, compresslevel=6)
    finally:
        for vec, v in saved:
            vec.vocabulary_ = v


def save_model(model: TrainedModel | Any, path: str | Path, metadata: dict | None = None) -> dict:
    """Write ``path`` (.skops), the same model as a scorer file (.npz, see :mod:`agent.model.scorer`; the
    sentence model travels inside it) and their metadata (.json beside them, with format_version, both
    sha256s, labels, sklearn/skops versions, recommended_threshold ...).  Returns the metadata written."""
    import sklearn
    import skops

    path = Path(path)
    if path.suffix != ".skops":
        path = path.with_suffix(".skops")
    make_private_dir(path.parent)
    data = dump_bytes(model)
    if isinstance(model, TrainedModel):
        extra = {SENTENCE_MODEL: LinearTextScorer.from_pipeline(model.sentences).to_bytes()}
        version = 2
        if model.context is not None:
            extra[CONTEXT_MODEL] = LinearTextScorer.from_pipeline(model.context).to_bytes()
            version = FORMAT_VERSION
        scorer = LinearTextScorer.from_pipeline(model.pipeline).to_bytes(extra)
    else:  # a document pipeline alone (format 1)
        scorer, version = LinearTextScorer.from_pipeline(model).to_bytes(), 1
    meta = dict(metadata or {})
    meta.update({
        "format_version": version,
        "sha256": sha256_bytes(data),
        "scorer_sha256": sha256_bytes(scorer),
        "scorer_size_bytes": len(scorer),
        "labels": [lab for lab in LABELS if lab in {str(c) for c in (
            model.pipeline if isinstance(model, TrainedModel) else model).steps[-1][1].classes_}],
        "sklearn_version": sklearn.__version__,
        "skops_version": skops.__version__,
        "size_bytes": len(data),
    })
    meta.setdefault("trained_at", _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"))
    meta.setdefault("recommended_threshold", 0.5)
    text = json.dumps(meta, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    for target, content in ((path, data), (path.with_suffix(".npz"), scorer),
                            (path.with_suffix(".json"), text.encode("utf-8"))):
        _write_private(target, content)
    return meta


def _write_private(target: Path, content: bytes) -> None:
    """Write ``target`` atomically (a temporary file renamed over it), readable by the user only from
    creation: a personal model's vocabulary comes from the user's own mail."""
    tmp = target.with_name(target.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        os.fchmod(f.fileno(), 0o600)  # a leftover temporary file keeps its mode through O_CREAT
        f.write(content)
    tmp.replace(target)


# ---------------------------------------------------------------------------------------------
# keyword baseline (what a typical job-tracker does)
# ---------------------------------------------------------------------------------------------
BASELINE_KEYWORDS = {
    "rejection": ["unfortunately", "not moving forward", "not be moving forward", "other candidates",
                  "regret to inform", "not been selected", "not selected", "decided to pursue", "position has been filled",
                  "will not be proceeding", "not to proceed", "no longer under consideration", "move forward with other",
                  "not a match", "leider", "absage", "malheureusement", "pas été retenue",
                  "lamentamos"],
    "interview": ["interview", "schedule", "availability", "phone screen", "assessment", "entretien",
                  "vorstellungsgespräch", "entrevista"],
    "offer": ["offer letter", "pleased to offer", "offer of employment", "job offer", "offer"],
    "acknowledgement": ["received your application", "thank you for applying", "thanks for applying",
                        "application was sent", "application has been received", "application received",
                        "we have received", "eingangsbestätigung", "bien reçu", "hemos recibido"],
}


def keyword_baseline_predict(texts: Sequence[EmailText | str]) -> list[str]:
    """Keyword rules in the usual tracker order: rejection, interview, offer, acknowledgement, else other."""
    out = []
    for t in texts:
        s = normalize(f"{t.subject} {t.body}") if isinstance(t, EmailText) else normalize(t)
        for label in ("rejection", "interview", "offer", "acknowledgement"):
            if any(k in s for k in BASELINE_KEYWORDS[label]):
                out.append(label)
                break
        else:
            out.append("other")
    return out
