"""Corpus loading, training, cross-validation and evaluation metrics for the Onward classifier.

Everything here is importable without side effects; functions that take long accept a ``progress``
callback (``callable(str)``) so the CLI can show what is happening.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from agent.config import make_private_dir
from agent.inputs import InputError, iter_jsonl
from agent.mail.parse import email_text, parse_message
from agent.mail.types import MessageParseError
from agent.model.classifier import (
    FORMAT_VERSION,
    LABELS,
    PAYLOAD_KIND,
    Classifier,
    EmailText,
    model_inputs,
    normalize,
    sha256_bytes,
)
from agent.model.scorer import WORD_TOKEN_PATTERN, LinearTextScorer

Progress = Callable[[str], None] | None

# Model hyper-parameters (kept here so the model card and metadata can quote them).
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (3, 5)
WORD_MAX_FEATURES = 60_000
CHAR_MAX_FEATURES = 60_000
LOGREG_C = 8.0
THRESHOLD_BETA = 0.5


@dataclass(frozen=True)
class Example:
    text: EmailText
    label: str
    id: str = ""
    lang: str = ""
    kind: str = ""
    source: str = ""


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
                           source=str(o.get("source", path.name))))
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
def build_pipeline(seed: int = 0):
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    word = TfidfVectorizer(analyzer="word", ngram_range=WORD_NGRAMS, sublinear_tf=True, min_df=2,
                           max_df=0.9, max_features=WORD_MAX_FEATURES, lowercase=False,
                           token_pattern=WORD_TOKEN_PATTERN, dtype=np.float32)
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, sublinear_tf=True, min_df=3,
                           max_df=0.9, max_features=CHAR_MAX_FEATURES, lowercase=False, dtype=np.float32)
    clf = LogisticRegression(C=LOGREG_C, max_iter=3000, class_weight=None, random_state=seed)
    # column 0 = full prepared text (word n-grams), column 1 = short view (char n-grams); see model_inputs
    return Pipeline([("features", ColumnTransformer([("word", word, 0), ("char", char, 1)])), ("clf", clf)])


def train(examples: Sequence[Example], seed: int = 0, progress: Progress = None):
    """Fit the pipeline on ``examples``; deterministic for a given seed."""
    if not examples:
        raise InputError("no training examples")
    missing = set(LABELS) - {e.label for e in examples}
    if missing:
        raise InputError(f"training data has no examples of: {', '.join(sorted(missing))}")
    _say(progress, f"preparing {len(examples)} examples")
    texts = model_inputs([e.text for e in examples])
    y = [e.label for e in examples]
    pipe = build_pipeline(seed)
    _say(progress, "fitting TF-IDF features and logistic regression")
    pipe.fit(texts, y)
    for _name, vec, _col in pipe.named_steps["features"].transformers_:
        if hasattr(vec, "stop_words_"):
            # terms cut by min_df/max_df/max_features; only kept for introspection, and they would make
            # the saved model several times larger and slower to load (safe to drop, see sklearn docs)
            vec.stop_words_ = None
    _say(progress, "done")
    return pipe


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


def cross_validate(examples: Sequence[Example], folds: int = 5, seed: int = 0, progress: Progress = None,
                   threshold: float | None = None, fixed_train: Sequence[Example] = ()) -> dict:
    """Stratified k-fold CV over ``examples``.  ``fixed_train`` examples are added to every training
    fold and never tested (e.g. CV over hand-written mail with the generated corpus always in training,
    which measures how well the model carries over to mail written differently).  Returns {"folds",
    "threshold", "argmax": report dict, "thresholded": report dict, "oof_proba": list}, the threshold
    being chosen on the out-of-fold P(rejection) (see choose_threshold) unless given."""
    from sklearn.model_selection import StratifiedKFold

    y = np.asarray([e.label for e in examples])
    skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    oof = np.zeros((len(examples), len(LABELS)))
    for i, (tr, te) in enumerate(skf.split(np.zeros(len(y)), y), 1):
        _say(progress, f"fold {i}/{folds}: training on {len(tr)}, testing on {len(te)}")
        pipe = train([examples[j] for j in tr] + list(fixed_train), seed=seed)
        clf = Classifier(pipe, threshold=0.5)
        oof[te] = clf.predict_proba([examples[j].text for j in te])
    rej = LABELS.index("rejection")
    thr = choose_threshold(y, oof[:, rej]) if threshold is None else threshold
    argmax = [LABELS[int(k)] for k in oof.argmax(1)]
    thresholded = [Classifier._decide(row, thr).label for row in oof]
    _say(progress, f"chosen rejection threshold {thr:.2f}")
    return {"folds": folds, "seed": seed, "n": len(examples), "threshold": thr,
            "argmax": report_from_labels(list(y), argmax).as_dict(),
            "thresholded": report_from_labels(list(y), thresholded).as_dict(),
            "oof_proba": oof.tolist()}


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
def dump_bytes(pipeline) -> bytes:
    """Serialise with skops.  The vectorizers' ``vocabulary_`` dicts are stored as plain numpy string
    arrays beside the pipeline (skops writes a dict as one JSON node per entry, which made the file
    ~40 MB and slow to load); :func:`agent.model.classifier.Classifier.load` rebuilds them."""
    import zipfile

    import skops.io as sio

    vecs = [(name, vec) for name, vec, _col in pipeline.named_steps["features"].transformers_
            if hasattr(vec, "vocabulary_")]
    saved = {}
    try:
        vocab_arrays = {}
        for name, vec in vecs:
            saved[name] = vec.vocabulary_
            terms = [""] * len(vec.vocabulary_)
            for term, i in vec.vocabulary_.items():
                terms[i] = term
            vocab_arrays[name] = np.array(terms, dtype=str)
            del vec.vocabulary_
        payload = {"kind": PAYLOAD_KIND, "pipeline": pipeline, "vocabularies": vocab_arrays}
        return sio.dumps(payload, compression=zipfile.ZIP_DEFLATED, compresslevel=6)
    finally:
        for name, vec in vecs:
            vec.vocabulary_ = saved[name]


def save_model(pipeline, path: str | Path, metadata: dict | None = None) -> dict:
    """Write ``path`` (.skops), the same model as a scorer file (.npz, see :mod:`agent.model.scorer`) and their
    metadata (.json beside them, with format_version, both sha256s, labels, sklearn/skops versions,
    recommended_threshold ...).  Returns the metadata written."""
    import sklearn
    import skops

    path = Path(path)
    if path.suffix != ".skops":
        path = path.with_suffix(".skops")
    make_private_dir(path.parent)
    data = dump_bytes(pipeline)
    scorer = LinearTextScorer.from_pipeline(pipeline).to_bytes()
    meta = dict(metadata or {})
    meta.update({
        "format_version": FORMAT_VERSION,
        "sha256": sha256_bytes(data),
        "scorer_sha256": sha256_bytes(scorer),
        "scorer_size_bytes": len(scorer),
        "labels": list(LABELS),
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
