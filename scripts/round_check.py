#!/usr/bin/env python3
"""Measure a classifier round the way docs/model-card.md's ship rule asks (its "A round ships when").

    python scripts/round_check.py folds --base-corpus DIR [--corpus data/corpus] [--json OUT]
    python scripts/round_check.py sets --model PATH [--dev ../shared/data/dev.jsonl.gz]

``folds``: the shipped model's fixed folds. The emails of ``--base-corpus`` (the corpus the shipped model
was trained and cross-validated on, e.g. ``git archive 24045b2 data/corpus``) are split exactly as its
shipped CV split them (same seed, same families); the round's new emails (in ``--corpus`` and not in the
base, by id) are added to every training fold and never tested. Prints the goal rows of the card's table.

``sets``: the sets never trained on, for one model: the development set (rejection P / R, acknowledgements
called rejection, SpamAssassin mail called a job label or put in the review band), ``fr_de_sanity``,
``frozen_slice``, ``context_v3`` and ``weak_spots_v3_3`` (data/eval). Only figures are printed, never text.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from heldout import heldout_tables  # noqa: E402

from agent.model import training  # noqa: E402
from agent.model.classifier import Classifier  # noqa: E402

THRESHOLD = 0.72  # the shipped threshold (scripts/train_shipped_model.py SHIPPED_THRESHOLD)


def goal_rows(h: dict) -> list[tuple[str, str]]:
    """The card's goal rows from a ``heldout_tables`` dict."""
    en, nj, ik, rk = h["english_rejection"], h["nonjob"], h["interview_kinds"], h["rejection_kinds"]
    others = {lang: v["other_recall"] for lang, v in nj.items() if lang != "en"}
    low = min(others, key=lambda k: others[k])
    a = h["assessment"]
    tp = round(a["recall"] * a["n"])
    return [
        ("English rejections P / R (recalled of n)",
         f"P {en['precision']:.4f}, R {en['recall']:.4f} ({round(en['recall'] * en['n'])}/{en['n']})"),
        ("English acknowledgements called rejection", f"{en['ack_called_rejection']}/{en['acks']}"),
        ("non-job refusals called rejection", ", ".join(f"{lang} {v['called_rejection']}/{v['n']}"
                                                         for lang, v in nj.items() if v["called_rejection"] or lang == "en")),
        ("`other` recall (en; lowest other)", f"en {nj['en']['other_recall']:.4f}; {low} {others[low]:.4f}"),
        ("hand-written rejections", f"{rk['handwritten']['recalled']}/{rk['handwritten']['n']}"),
        ("hand-written interviews", f"{ik['hand-written']['recalled']}/{ik['hand-written']['n']}"),
        ("all interviews", f"{ik['all']['recalled']}/{ik['all']['n']}"),
        ("stage rejections after an assessment",
         f"{rk['after_assessment']['recalled']}/{rk['after_assessment']['n']}"),
        ("acks and rejections called interview",
         f"{h['ack_rejection_called_interview']['called']}/{h['ack_rejection_called_interview']['n']}"),
        ("assessment P and R", f"P {tp}/{a['called']}, R {tp}/{a['n']}"),
    ]


def folds(args: argparse.Namespace) -> int:
    base_ids = {e.id for e in training.load_examples([args.base_corpus])}
    examples = training.load_examples([args.corpus])
    base = [e for e in examples if e.id in base_ids]
    new = [e for e in examples if e.id not in base_ids]
    if len(base) != len(base_ids):
        print(f"{len(base_ids) - len(base)} emails of the base corpus are not in {args.corpus}", file=sys.stderr)
        return 1
    print(f"{len(base)} emails on the base's folds, {len(new)} new emails in every training fold")
    cv = training.cross_validate(base, folds=5, seed=0, threshold=THRESHOLD, fixed_train=new, progress=print)
    labels = [Classifier._decide(row, THRESHOLD).label for row in np.array(cv["oof_proba"])]
    md, h = heldout_tables(base, labels)
    print(md)
    print(f"\ntemperature of these folds {cv['temperature']:.3f}")
    for name, value in goal_rows(h):
        print(f"| {name} | {value} |")
    if args.json:
        Path(args.json).write_text(json.dumps({"heldout_by_kind": h, "temperature": cv["temperature"],
                                               "ids": [e.id for e in base], "oof_proba": cv["oof_proba"]}))
    return 0


def sets(args: argparse.Namespace) -> int:
    clf = Classifier.load(args.model)
    print(f"model {args.model}: threshold {clf.threshold}, temperature {clf.info.get('temperature')}")
    band = (clf.info.get("review_band") or {}).get("p_rejection", [0.5 * clf.threshold, clf.threshold])
    dev = training.load_examples([args.dev])
    rep = training.evaluate(clf, dev)
    print(f"dev ({len(dev)}): rejection P {rep.rejection_precision:.3f} R {rep.rejection_recall:.3f}; "
          f"acks called rejection {rep.ack_called_rejection}/{rep.per_class['acknowledgement']['support']}")
    preds = clf.predict([e.text for e in dev])
    spam = [(e, p) for e, p in zip(dev, preds, strict=True) if e.source.startswith("spamassassin")]
    print(f"dev SpamAssassin ({len(spam)}): called a job label {sum(p.label != 'other' for _, p in spam)}, "
          f"review band {sum(band[0] <= p.probabilities['rejection'] < band[1] for _, p in spam)}")
    near = sorted(round(p.probabilities["rejection"], 3) for e, p in zip(dev, preds, strict=True)
                  if e.label in ("acknowledgement", "rejection") and 0.6 <= p.probabilities["rejection"] < 0.85)
    print(f"dev acknowledgements and rejections with P(rejection) in [0.6, 0.85): {near}")
    for name in ("fr_de_sanity", "frozen_slice", "context_v3", "weak_spots_v3_3"):
        ex = training.load_examples([ROOT / "data" / "eval" / f"{name}.jsonl"])
        r = training.evaluate(clf, ex)
        wrong = [f"{e.id} {e.label}->{p}" for e, p in zip(ex, r.predictions, strict=True) if e.label != p]
        print(f"{name} ({len(ex)}): accuracy {r.accuracy:.3f}, right {len(ex) - len(wrong)}, "
              f"rejection P {r.rejection_precision:.3f} R {r.rejection_recall:.3f}, "
              f"acks called rejection {r.ack_called_rejection}; wrong: {', '.join(wrong) or '-'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("folds", help="held out on the base model's fixed folds")
    f.add_argument("--base-corpus", required=True)
    f.add_argument("--corpus", default=str(ROOT / "data" / "corpus"))
    f.add_argument("--json", default=None)
    s = sub.add_parser("sets", help="the sets never trained on")
    s.add_argument("--model", required=True)
    s.add_argument("--dev", default=str(ROOT.parent / "shared" / "data" / "dev.jsonl.gz"))
    args = ap.parse_args(argv)
    return folds(args) if args.cmd == "folds" else sets(args)


if __name__ == "__main__":
    sys.exit(main())
