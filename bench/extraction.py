"""Company / role extraction speed, with classification of the same emails in the same run as the yardstick.

    python bench/extraction.py [--repeat 3]

Both run in this process pinned to one CPU (one BLAS thread) on the project's labelled job emails
(``data/extraction/labelled.jsonl``), after a warm-up, with the extractor's caches cleared before each
timed pass (every email is new to it). The machine is shared, so the figure to quote is the same-run ratio
extraction / classification (bench/README.md); emails/s are CPU time of this process (``process_time``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agent.extract import candidates as cand_module  # noqa: E402
from agent.extract import cleaning, names  # noqa: E402
from agent.extract.extractor import email_of, extract  # noqa: E402
from agent.extract.ranker import shipped_ranker  # noqa: E402
from agent.model.classifier import Classifier, EmailText  # noqa: E402


def _clear_caches() -> None:
    for fn in (cleaning.clean_role, cleaning.company_of_team, cand_module._shape_features, cleaning.role_key,
               names.normalize_company):
        fn.cache_clear()


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT / "data/extraction/labelled.jsonl")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes; the best one counts")
    args = ap.parse_args(argv)
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    except (AttributeError, OSError):
        pass
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    mails = [email_of(r.get("subject") or "", r.get("body") or "", r.get("from") or "") for r in rows]
    texts = [EmailText(r.get("subject") or "", r.get("body") or "", r.get("from") or "") for r in rows]
    t0 = time.perf_counter()
    shipped_ranker.cache_clear()
    shipped_ranker()
    load_ms = (time.perf_counter() - t0) * 1000
    clf = Classifier.load()
    clf.predict(texts[:50])
    for m in mails[:50]:
        extract(m)
    best_x = best_c = float("inf")
    for _ in range(args.repeat):
        _clear_caches()
        t0 = time.process_time()
        for m in mails:
            extract(m)
        best_x = min(best_x, time.process_time() - t0)
        t0 = time.process_time()
        for i in range(0, len(texts), 500):
            clf.predict(texts[i:i + 500])
        best_c = min(best_c, time.process_time() - t0)
    n = len(mails)
    result = {"emails": n, "extraction_per_s": round(n / best_x), "classification_per_s": round(n / best_c),
              "ratio": round(best_c / best_x, 3), "ranker_load_ms": round(load_ms, 1)}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
