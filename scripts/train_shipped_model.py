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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# one core, so the throughput figure means "per core"
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

from agent import training  # noqa: E402
from agent.classifier import Classifier, FORMAT_VERSION  # noqa: E402


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
    cv = training.cross_validate(examples, folds=args.folds, seed=args.seed, progress=print)
    thr = cv["threshold"]
    print(f"CV ({args.folds}-fold) at threshold {thr:.2f}:")
    print(training.format_report(training.report_from_labels(
        [e.label for e in examples], [Classifier._decide(r, thr).label for r in __import__("numpy").array(cv["oof_proba"])])))

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
                            "char_max_features": training.CHAR_MAX_FEATURES, "logreg_C": training.LOGREG_C,
                            "class_weight": "balanced"},
        "cv": {"folds": args.folds, "threshold": thr, "thresholded": summary(cv["thresholded"]),
               "argmax": summary(cv["argmax"])},
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
    print(f"wrote {out} ({meta['size_bytes'] / 1e6:.2f} MB), load {meta['load_seconds']} s, "
          f"{int(rate)} emails/CPU-second, threshold {thr:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
