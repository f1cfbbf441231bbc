"""Extraction accuracy on the real mail in /work/shared/data/dev.jsonl.gz against hand labels kept OUTSIDE the
repository (that mail is for evaluation only: its text is never copied here, nor trained on).

    python scripts/measure_extraction.py LABELS.jsonl [--dev /work/shared/data/dev.jsonl.gz] [--show]

LABELS.jsonl: one object per labelled email: ``source_id`` (the dev row's ``source_id``),
``company`` and ``role`` (a string, a list of acceptable spellings, or null when the email names none).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agent.extract.evaluation import Outcome, judge_company, judge_role, score  # noqa: E402
from agent.extract.extractor import email_of, extract  # noqa: E402


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("labels", type=Path)
    ap.add_argument("--dev", type=Path, default=Path("/work/shared/data/dev.jsonl.gz"))
    ap.add_argument("--show", action="store_true", help="print each miss and wrong answer")
    args = ap.parse_args(argv)
    rows = [json.loads(line) for line in gzip.open(args.dev, "rt", encoding="utf-8")]
    labels = [json.loads(line) for line in args.labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_id = {r["source_id"]: r for r in rows}
    pairs = []
    started = time.perf_counter()
    for lab in labels:
        row = by_id[lab["source_id"]]
        got = extract(email_of(row.get("subject") or "", row.get("body") or "", row.get("from") or ""))
        pairs.append(((lab["company"], lab["role"]), (got.company.text, got.role.text)))
        if args.show:
            for name, want, value, judge in (("company", lab["company"], got.company, judge_company),
                                             ("role", lab["role"], got.role, judge_role)):
                outcome = judge(want, value.text)
                if outcome != Outcome.CORRECT:
                    print(f"{lab['source_id']:>8} {name:7} {outcome:7} want {want!r} got {value.text!r} "
                          f"({value.source}, {value.confidence:.2f})")
    elapsed = time.perf_counter() - started
    print(score(pairs).format())
    print(f"({len(pairs)} emails in {elapsed:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
