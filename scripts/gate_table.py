#!/usr/bin/env python3
"""The held-out tables (scripts/heldout.py) for another job-context gate, from the out-of-fold probabilities
that ``scripts/train_shipped_model.py --oof FILE`` wrote: the same folds, the gate applied afresh.

    python scripts/gate_table.py OOF.json --gate 0.2 [--soft 0.4] [--write]

``--write`` stores the tables in the shipped model's metadata (``cv.heldout_by_kind_at_gate``). The gate is
applied to the calibrated probabilities of the document model alone (the training run applied it before
calibration), so a figure may differ from a full run by an email or two.
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
from modelcard import update_metadata  # noqa: E402

from agent.model import training  # noqa: E402
from agent.model.classifier import CONTEXT_SOFT_GATE, Classifier, prepare_text, shipped_model_path  # noqa: E402
from agent.model.jobwords import has_job_words  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("oof")
    ap.add_argument("--gate", type=float, required=True)
    ap.add_argument("--soft", type=float, default=CONTEXT_SOFT_GATE,
                    help="the soft gate (P(rejection) scaled below it; 0 = none; default %(default)s)")
    ap.add_argument("--threshold", type=float, default=0.70)
    ap.add_argument("--corpus", default=str(ROOT / "data" / "corpus"))
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    oof = json.loads(Path(args.oof).read_text())
    by_id = {e.id: e for e in training.load_examples([args.corpus])}
    examples = [by_id[i] for i in oof["ids"]]
    words = has_job_words(np.array([prepare_text(e.text) for e in examples], dtype=object))
    probs = Classifier.gate(np.array(oof["ungated"]), np.array(oof["context"]), args.gate, args.soft, words)
    md, figures = heldout_tables(examples, [Classifier.decide(r, args.threshold).label for r in probs])
    print(md)
    if args.write:
        meta = json.loads(shipped_model_path().with_suffix(".json").read_text())
        cv = dict(meta.get("cv", {}), heldout_by_kind_at_gate={"gate": args.gate, "soft": args.soft, **figures})
        update_metadata(shipped_model_path(), "cv", cv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
