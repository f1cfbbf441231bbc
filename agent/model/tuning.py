"""``onward train``: a personal model from the shipped corpus plus the user's own examples.

How "not worse" is decided (so a user's model can only improve what they see):

* with user examples (corrections, training folders, ``--data``), both models are scored on those
  examples only: the new model by cross-validation (its out-of-fold predictions, so it is never
  scored on an email it was trained on), the current model directly. The new model is adopted when
  its rejection F1 and its macro F1 are each at least the current model's (``--force`` overrides);
* without user examples there is nothing personal to learn: the new model is adopted only with
  ``--force``;
* an evaluation too small to mean anything is no evaluation: unless at least two labels have
  MIN_PER_LABEL of the user's examples each, the new model is not adopted (``--force`` overrides), and
  the summary says how many examples per label it needs.

An adopted model is kept as ``personal-N`` in the user's data dir and put in use (``personal.*``, see
:mod:`agent.model.registry`); earlier ones stay, and ``onward model use shipped|N`` goes back. It is
used from then on unless ``classifier.model`` names another file.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agent import shipped
from agent.model import registry, training
from agent.model.classifier import Classifier, EmailText

Say = Callable[[str], None]
MIN_PER_LABEL = 5  # of the user's examples, in each of at least MIN_LABELS labels
MIN_LABELS = 2


@dataclass
class TrainResult:
    switched: bool
    summary: str
    new: dict[str, Any] | None
    current: dict[str, Any] | None


def shipped_corpus_dir() -> Path:
    return shipped.corpus_dir()


def _user_examples(rows: Sequence[dict[str, str]]) -> list[training.Example]:
    return [training.Example(text=EmailText(subject=r.get("subject", ""), body=r.get("body", ""),
                                            sender=r.get("from", "")), label=r["label"], id=f"user-{i}",
                             source="user") for i, r in enumerate(rows) if r.get("label") in training.LABELS]


def _score(report: training.EvalReport) -> dict[str, float]:
    f1s = [report.per_class[lab]["f1"] for lab in report.labels if report.per_class[lab]["support"]]
    return {"rejection_f1": report.rejection_f1, "rejection_precision": report.rejection_precision,
            "rejection_recall": report.rejection_recall, "macro_f1": sum(f1s) / len(f1s) if f1s else 0.0,
            "n": report.n}


def _fmt(name: str, s: dict[str, float] | None) -> str:
    if s is None:
        return f"  {name:<14} (no score)"
    return (f"  {name:<14} rejection P {s['rejection_precision']:.3f}  R {s['rejection_recall']:.3f}  "
            f"F1 {s['rejection_f1']:.3f}   macro F1 {s['macro_f1']:.3f}   on {s['n']} examples")


def evaluation_too_small(labels: Sequence[str]) -> str | None:
    """Why an evaluation on examples with these labels means nothing, or None if it is big enough."""
    counts = {lab: labels.count(lab) for lab in training.LABELS if lab in labels}
    if sum(1 for n in counts.values() if n >= MIN_PER_LABEL) >= MIN_LABELS:
        return None
    have = ", ".join(f"{lab} {n}" for lab, n in counts.items()) or "none"
    return (f"an evaluation on {len(labels)} of your examples means nothing: it needs at least {MIN_PER_LABEL} "
            f"examples per label in at least {MIN_LABELS} labels (you have: {have})")


def train_personal(*, data: Sequence[str], user_examples: Sequence[dict[str, str]], current_model: Path | None,
                   out_path: Path, force: bool = False, folds: int = 5, seed: int = 0,
                   progress: Say | None = None) -> TrainResult:
    say = progress or (lambda _m: None)
    corpus = training.load_examples([shipped_corpus_dir()])
    mine = _user_examples(user_examples) + (training.load_examples(list(data)) if data else [])
    say(f"training data: {len(corpus)} shipped examples + {len(mine)} of yours")
    too_small = evaluation_too_small([e.label for e in mine]) if mine else None
    if not force and (too_small or not mine):  # counted first: the training takes minutes
        why = too_small or ("there are no examples of yours yet (label emails with `onward label` or file them "
                            "into training folders)")
        return TrainResult(False, f"kept the current model: {why}; nothing was trained. Label more emails "
                           "(`onward review`, `onward label`), or --force switches anyway", None, None)
    examples = corpus + mine
    say(f"cross-validation: {folds} folds, then the final model on all {len(examples)} examples; "
        "this takes minutes: the time left is shown after each fold")
    started = time.monotonic()
    cv = training.cross_validate(examples, folds=folds, seed=seed, progress=say)
    per_fold = (time.monotonic() - started) / max(1, int(cv["folds"]))
    threshold = float(cv["threshold"])
    new_score = cur_score = None
    if mine:
        oof = cv["oof_proba"][len(corpus):]
        new_labels = [Classifier.decide(row, threshold).label for row in _as_rows(oof)]
        new_score = _score(training.report_from_labels([e.label for e in mine], new_labels))
        current = Classifier.load(current_model)
        cur_score = _score(training.evaluate(current, mine))
    lines = ["cross-validated on your examples:" if mine else "no examples of yours yet (label emails with "
             "`onward label` or file them into training folders)", _fmt("new model", new_score),
             _fmt("current model", cur_score)]
    better = bool(new_score and cur_score and new_score["rejection_f1"] >= cur_score["rejection_f1"]
                  and new_score["macro_f1"] >= cur_score["macro_f1"])
    if too_small and not force:
        lines.append(f"kept the current model: {too_small}; label more emails (`onward review`, `onward label`), "
                     "or --force switches anyway")
        return TrainResult(False, "\n".join(lines), new_score, cur_score)
    if not (better or force):
        lines.append("kept the current model (the new one is not at least as good; --force switches anyway)")
        return TrainResult(False, "\n".join(lines), new_score, cur_score)
    say(f"training the final model on all examples (about {training.duration(per_fold * 1.3)})")
    model = training.train(examples, seed=seed, progress=say)
    model.calibrate(float(cv["temperature"]))
    root = out_path.parent
    fresh = root / "personal-new.skops"
    training.save_model(model, fresh, {"recommended_threshold": threshold, "temperature": cv["temperature"],
                                       "kind": "personal", "n_examples": len(examples), "n_user_examples": len(mine),
                                       "forced": bool(force and (too_small or not better)),
                                       "cv": {"thresholded": cv["thresholded"]}})
    number = registry.adopt(root, fresh)
    lines.append(f"switched to the new model: personal model {number} ({registry.current_path(root)}); "
                 "`onward model list` shows every model kept, `onward model use shipped|N` goes back")
    return TrainResult(True, "\n".join(lines), new_score, cur_score)


def _as_rows(oof: Any) -> list[Any]:
    import numpy as np
    return list(np.asarray(oof, dtype=float))
