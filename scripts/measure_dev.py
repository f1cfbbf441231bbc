#!/usr/bin/env python3
"""Measure a model (default: the shipped one) on ../shared/data/dev.jsonl.gz, beside the keyword baseline.

    python scripts/measure_dev.py [--dev ../shared/data/dev.jsonl.gz] [--model models/onward-classifier.skops]
                                  [--no-write]

Prints markdown tables; unless --no-write, stores the figures in the model's JSON metadata
("dev_metrics") and between the dev-metrics markers of models/README.md.  Never used by the tests.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from modelcard import replace_section, update_metadata  # noqa: E402

from agent.model import training  # noqa: E402
from agent.model.classifier import Classifier  # noqa: E402


def brief(rep: training.EvalReport) -> dict:
    return {"rejection_precision": round(rep.rejection_precision, 4), "rejection_recall": round(rep.rejection_recall, 4),
            "rejection_f1": round(rep.rejection_f1, 4), "ack_called_rejection": rep.ack_called_rejection,
            "ack_called_rejection_rate": round(rep.ack_called_rejection_rate, 4), "accuracy": round(rep.accuracy, 4),
            "confusion": rep.confusion}


def per_source(clf: Classifier, dev: list) -> list[dict]:
    """Rejection precision / recall, acknowledgements called rejections, other mail called a job label
    and the review-band load, per dev source (``source`` up to its first ':')."""
    band = (clf.info.get("review_band") or {}).get("p_rejection", [0.35, clf.threshold])
    preds = clf.predict([e.text for e in dev])
    groups: dict[str, list] = {}
    for e, p in zip(dev, preds, strict=True):
        groups.setdefault(e.source.split(":")[0], []).append((e.label, p))
    out = []
    for src, rows in sorted(groups.items()):
        tp = sum(g == "rejection" and p.label == "rejection" for g, p in rows)
        called, real = sum(p.label == "rejection" for _, p in rows), sum(g == "rejection" for g, _ in rows)
        out.append({"source": src, "n": len(rows),
                    "precision": f"{tp / called:.3f}" if called else "-", "recall": f"{tp / real:.3f}" if real else "-",
                    "ack_called_rejection": sum(g == "acknowledgement" and p.label == "rejection" for g, p in rows),
                    "other_called_job": sum(g == "other" and p.label != "other" for g, p in rows),
                    "review": sum(band[0] <= p.probabilities["rejection"] < band[1] for _, p in rows)})
    return out


def interviews(dev: list, rep: training.EvalReport) -> dict:
    """Interview recall and acknowledgements / rejections called interview. Dev has no `assessment` label
    (test invitations are labelled interview there), so an assessment counts as an interview here."""
    labels = list(rep.labels)
    rows = [(e.label, p) for e, p in zip(dev, rep.predictions, strict=True)]
    real = [p for g, p in rows if g == "interview"]
    ar = [p for g, p in rows if g in ("acknowledgement", "rejection")]
    return {"interviews": len(real), "recalled": sum(p in ("interview", "assessment") for p in real),
            "called_assessment": sum(p == "assessment" for p in real),
            "acks_rejections": len(ar), "called_interview": sum(p in ("interview", "assessment") for p in ar),
            "labels": labels}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", default=str(ROOT.parent / "shared" / "data" / "dev.jsonl.gz"))
    ap.add_argument("--model", default=None)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)

    dev = training.load_examples([args.dev])
    clf = Classifier.load(args.model)
    t0 = time.process_time()
    rep = training.evaluate(clf, dev)
    rate = len(dev) / (time.process_time() - t0)
    rep_argmax = training.evaluate(clf, dev, threshold=0.5)
    base = training.evaluate(training.keyword_baseline_predict, dev)
    by_source = per_source(clf, dev)
    inter = interviews(dev, rep)

    md = "\n\n".join([
        f"Measured on `dev.jsonl.gz` ({len(dev)} emails) with `scripts/measure_dev.py`; "
        f"{rate:.0f} emails per CPU-second on this set.",
        "| | rejection precision | rejection recall | rejection F1 | acks called rejections |\n|---|---:|---:|---:|---:|\n"
        + "\n".join(f"| {name} | {r.rejection_precision:.3f} | {r.rejection_recall:.3f} | {r.rejection_f1:.3f} | "
                    f"{r.ack_called_rejection} / {r.per_class['acknowledgement']['support']} "
                    f"({r.ack_called_rejection_rate:.1%}) |"
                    for name, r in [(f"model, threshold {clf.threshold:.2f} (shipped setting)", rep)]
                    + ([("model, threshold 0.50", rep_argmax)] if clf.threshold != 0.5 else [])
                    + [("keyword baseline", base)]),
        "By source (the shipped model never trains on dev, so each row is a leave-one-source-out figure; "
        "*review* = P(rejection) in the review band, what `onward review` would show):\n\n"
        "| source | n | rejections: P / R | acks called rejections | other called a job label | review |\n"
        "|---|---:|---:|---:|---:|---:|\n"
        + "\n".join(f"| {r['source']} | {r['n']} | {r['precision']} / {r['recall']} | {r['ack_called_rejection']} | "
                    f"{r['other_called_job']} | {r['review']} |" for r in by_source),
        f"Interviews: {inter['recalled']} / {inter['interviews']} recalled "
        f"({inter['recalled'] / max(1, inter['interviews']):.3f}; {inter['called_assessment']} of them called "
        f"assessment, counted as recalled: dev labels test invitations interview); acknowledgements and rejections "
        f"called interview or assessment: {inter['called_interview']} / {inter['acks_rejections']}.",
        training.format_report(rep, f"Model (threshold {clf.threshold:.2f})"),
        training.format_report(base, "Keyword baseline"),
    ])
    print(md)
    if args.no_write:
        return 0
    model_path = Path(clf.info.get("path"))
    meta_path = update_metadata(model_path, "dev_metrics", {
        "n": len(dev), "threshold": clf.threshold, "model": brief(rep), "model_threshold_0_5": brief(rep_argmax),
        "keyword_baseline": brief(base), "emails_per_cpu_second": int(rate), "by_source": by_source,
        "interviews": inter})
    readme = model_path.parent / "README.md"
    replace_section(readme, "dev-metrics", md)
    print(f"\nwrote dev metrics to {meta_path}" + (f" and {readme}" if readme.exists() else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
