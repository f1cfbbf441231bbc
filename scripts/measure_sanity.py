#!/usr/bin/env python3
"""Measure a model (default: the shipped one) on the held-out French/German sanity set data/eval/fr_de_sanity.jsonl.

    python scripts/measure_sanity.py [--set data/eval/fr_de_sanity.jsonl] [--model models/onward-classifier.skops]
                                     [--no-write]

The set is written by the project and never used for training.  Prints a markdown report; unless --no-write,
stores the figures in the model's JSON metadata ("fr_de_sanity_metrics") and between the sanity-metrics markers
of models/README.md.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from modelcard import replace_section, update_metadata  # noqa: E402

from agent.model import training  # noqa: E402
from agent.model.classifier import Classifier  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default=str(ROOT / "data" / "eval" / "fr_de_sanity.jsonl"))
    ap.add_argument("--model", default=None)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)

    ex = training.load_examples([args.set])
    clf = Classifier.load(args.model)
    rep = training.evaluate(clf, ex)
    preds = rep.predictions
    per_lang = {}
    for lang in sorted({e.lang for e in ex}):
        idx = [i for i, e in enumerate(ex) if e.lang == lang]
        per_lang[lang] = training.report_from_labels([ex[i].label for i in idx], [preds[i] for i in idx])
    wrong = [f"- `{e.id}` ({e.lang}) {e.label} → {p}" for e, p in zip(ex, preds, strict=True) if e.label != p]
    md = "\n\n".join([
        f"Measured on `data/eval/fr_de_sanity.jsonl` ({len(ex)} emails written by the project, held out from "
        f"training) with `scripts/measure_sanity.py`, threshold {clf.threshold:.2f}.",
        "| | n | accuracy | rejection precision | rejection recall | acks called rejections |\n|---|---:|---:|---:|---:|---:|\n"
        + "\n".join(f"| {name} | {r.n} | {r.accuracy:.3f} | {r.rejection_precision:.3f} | {r.rejection_recall:.3f} | "
                    f"{r.ack_called_rejection} |" for name, r in [("all", rep)] + list(per_lang.items())),
        "Errors:\n" + ("\n".join(wrong) if wrong else "- none"),
    ])
    print(md)
    if args.no_write:
        return 0
    model_path = Path(clf.info.get("path"))
    meta_path = update_metadata(model_path, "fr_de_sanity_metrics", {
        "n": len(ex), "threshold": clf.threshold, "accuracy": round(rep.accuracy, 4),
        "rejection_precision": round(rep.rejection_precision, 4), "rejection_recall": round(rep.rejection_recall, 4),
        "ack_called_rejection": rep.ack_called_rejection, "confusion": rep.confusion,
        "per_lang_accuracy": {k: round(v.accuracy, 4) for k, v in per_lang.items()}})
    replace_section(model_path.parent / "README.md", "sanity-metrics", md)
    print(f"\nwrote sanity metrics to {meta_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
