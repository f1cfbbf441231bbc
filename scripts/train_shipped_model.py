#!/usr/bin/env python3
"""Train the shipped classifier from data/corpus (seeded) and write models/onward-classifier.{skops,json}.

    python scripts/train_shipped_model.py [--folds 5] [--seed 0] [--corpus data/corpus] [--out models]

Cross-validates first (the out-of-fold P(rejection) picks ``recommended_threshold``: the lowest
threshold with CV rejection precision >= 0.99), then fits on the whole corpus, saves with skops, and
records CV metrics, model size, load time and single-core throughput in the metadata.  Dev-set figures
are added separately by scripts/measure_dev.py.
"""
from __future__ import annotations

import argparse
import collections
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# one core, so the throughput figure means "per core"
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

from modelcard import replace_section  # noqa: E402

from agent.model import training  # noqa: E402
from agent.model.classifier import CHAR_BODY_CHARS, FORMAT_VERSION, MAX_BODY_CHARS, Classifier  # noqa: E402


def summary(rep: dict) -> dict:
    return {
        "rejection_precision": round(rep["rejection_precision"], 4),
        "rejection_recall": round(rep["rejection_recall"], 4),
        "rejection_f1": round(rep["rejection_f1"], 4),
        "ack_called_rejection": rep["ack_called_rejection"],
        "ack_called_rejection_rate": round(rep["ack_called_rejection_rate"], 4),
        "accuracy": round(rep["accuracy"], 4),
        "per_class_f1": {k: round(v["f1"], 4) for k, v in rep["per_class"].items()},
        "confusion": rep["confusion"],
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT / "data" / "corpus"))
    ap.add_argument("--out", default=str(ROOT / "models"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    examples = training.load_examples([args.corpus])
    counts = collections.Counter(e.label for e in examples)
    print(f"{len(examples)} examples: {dict(sorted(counts.items()))}")
    labels = [e.label for e in examples]
    print(f"== {args.folds}-fold CV over the whole corpus (optimistic: generated templates share phrasing)")
    cv = training.cross_validate(examples, folds=args.folds, seed=args.seed, progress=print, threshold=0.5)
    rep_all = training.report_from_labels(labels, [Classifier._decide(r, 0.5).label for r in np.array(cv["oof_proba"])])
    print(training.format_report(rep_all))

    # Style-shift CV: hand-written mail in folds, the generated corpus always in training.  This is the
    # honest estimate of how the model carries over to mail written differently, so the rejection
    # threshold is chosen here.
    gen = [e for e in examples if e.kind != "handwritten"]
    hw = [e for e in examples if e.kind == "handwritten"]
    print(f"== style-shift CV: {len(hw)} hand-written emails in {args.folds} folds, {len(gen)} generated always in training")
    cv_hw = training.cross_validate(hw, folds=args.folds, seed=args.seed, progress=print, fixed_train=gen)
    thr = cv_hw["threshold"]
    print(f"chosen rejection threshold: {thr:.2f}")
    rep_hw = training.report_from_labels([e.label for e in hw], [
        Classifier._decide(r, thr).label for r in np.array(cv_hw["oof_proba"])])
    print(training.format_report(rep_hw))

    t0 = time.process_time()
    pipe = training.train(examples, seed=args.seed, progress=print)
    train_cpu = time.process_time() - t0

    out = Path(args.out) / "onward-classifier.skops"
    meta = {
        "format_version": FORMAT_VERSION,
        "name": "onward-classifier",
        "recommended_threshold": thr,
        "seed": args.seed,
        "corpus": {"n": len(examples), "per_label": dict(sorted(counts.items())),
                   "per_lang": dict(sorted(collections.Counter(e.lang or "?" for e in examples).items())),
                   "per_kind": dict(sorted(collections.Counter(e.kind or "?" for e in examples).items()))},
        "hyperparameters": {"word_ngrams": list(training.WORD_NGRAMS), "char_wb_ngrams": list(training.CHAR_NGRAMS),
                            "word_max_features": training.WORD_MAX_FEATURES,
                            "char_max_features": training.CHAR_MAX_FEATURES,
                            "char_body_chars": CHAR_BODY_CHARS, "max_body_chars": MAX_BODY_CHARS, "logreg_C": training.LOGREG_C,
                            "class_weight": None},
        "cv": {"folds": args.folds, "threshold": 0.5, "whole_corpus": summary(cv["thresholded"]),
               "style_shift": {"description": "hand-written emails in folds, generated corpus always in training",
                               "n": len(hw), "threshold": thr, "at_threshold": summary(cv_hw["thresholded"]),
                               "argmax": summary(cv_hw["argmax"])}},
        "train_cpu_seconds": round(train_cpu, 2),
    }
    training.save_model(pipe, out, meta)

    # measure: load time, throughput (process CPU time, one thread)
    loads = []
    for _ in range(3):
        t0 = time.perf_counter()
        clf = Classifier.load(out)
        loads.append(time.perf_counter() - t0)
    items = [e.text for e in examples]
    t0 = time.process_time()
    clf.predict(items)
    rate = len(items) / (time.process_time() - t0)
    meta = dict(clf.info)
    meta.pop("path", None)
    meta["load_seconds"] = round(min(loads), 3)
    meta["throughput_emails_per_cpu_second"] = int(rate)
    meta["throughput_measured_on"] = "training corpus, one batch, process CPU time"
    # rewrite metadata only (the .skops bytes and their sha256 are unchanged)
    import json
    out.with_suffix(".json").write_text(json.dumps(meta, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
    # save_model writes private files (0600, right for a user's personal model); the shipped model is
    # package data that every user of an installed wheel must be able to read
    for suffix in (".skops", ".npz", ".json"):
        out.with_suffix(suffix).chmod(0o644)
    readme = Path(args.out) / "README.md"
    if readme.exists():
        md = "\n\n".join([
            f"Measured by `scripts/train_shipped_model.py` on {meta['trained_at'][:10]} (seed {args.seed}, "
            f"{len(examples)} examples).",
            f"- model file: {meta['size_bytes'] / 1e6:.2f} MB; load time {meta['load_seconds']:.3f} s; "
            f"{meta['throughput_emails_per_cpu_second']} emails per CPU-second (one batch of the training corpus, "
            f"one thread); training {train_cpu:.1f} CPU-seconds",
            f"- recommended rejection threshold (from the style-shift CV, best F0.5 in 0.50-0.90): {thr:.2f}",
            training.format_report(rep_all, f"{args.folds}-fold CV over the whole corpus, threshold 0.50 "
                                            "(optimistic: generated emails share templates across folds)"),
            training.format_report(rep_hw, f"Style-shift CV: {len(hw)} hand-written emails in {args.folds} folds, "
                                           f"the {len(gen)} generated always in training, threshold {thr:.2f}"),
        ])
        replace_section(readme, "cv-metrics", md)
    print(f"wrote {out} ({meta['size_bytes'] / 1e6:.2f} MB), load {meta['load_seconds']} s, "
          f"{int(rate)} emails/CPU-second, threshold {thr:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
