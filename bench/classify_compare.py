"""Classification speed and model load of this checkout against an earlier revision, in the same run.

    python bench/classify_compare.py --base 1670048 [--emails 5000] [--repeat 3]

The base revision is checked out into a temporary git worktree; then bench/run.py's classification worker
(one core, one BLAS thread, batches of 50/200/500 bench emails) runs in the base and in this checkout,
alternating ``--repeat`` times, each with its own code and its own shipped model. Reported: the median
emails/s and model load of each (and their min / median / max), and their ratios (this / base). A ratio,
not a timed assertion: the figure travels between machines, the absolute rates do not.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from compare import drop_worktree, worktree  # noqa: E402
from run import ONE_THREAD  # noqa: E402


def classify(checkout: Path, n: int) -> dict:
    env = dict(os.environ, **ONE_THREAD)
    # each checkout's own shipped model (an editable install would otherwise resolve `models` to this one)
    env["ONWARD_BENCH_MODEL"] = str(checkout / "models" / "onward-classifier.skops")
    env["PYTHONPATH"] = str(checkout)
    done = subprocess.run([sys.executable, str(checkout / "bench" / "run.py"), "--_classify-worker", str(n)],
                          capture_output=True, text=True, env=env, cwd=checkout, timeout=1200)
    if done.returncode != 0:
        raise SystemExit(f"classification worker in {checkout} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", required=True, help="the revision to compare with (e.g. 1670048)")
    ap.add_argument("--emails", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    runs: dict[str, list[dict]] = {"base": [], "this": []}
    with tempfile.TemporaryDirectory(prefix="onward-classify-base-") as tmp:
        base = worktree(args.base, Path(tmp) / "base")
        try:
            for i in range(args.repeat):
                for name, checkout in (("base", base), ("this", ROOT)):
                    r = classify(checkout, args.emails)
                    runs[name].append(r)
                    print(f"round {i + 1} {name}: {r['emails_per_s']:,} emails/s, load {r['model_load_s']} s",
                          file=sys.stderr)
        finally:
            drop_worktree(base)
    med = {name: {"emails_per_s": statistics.median(r["emails_per_s"] for r in rs),
                  "model_load_s": statistics.median(r["model_load_s"] for r in rs)} for name, rs in runs.items()}
    spread = {name: {key: [min(r[key] for r in rs), statistics.median(r[key] for r in rs), max(r[key] for r in rs)]
                     for key in ("emails_per_s", "model_load_s")} for name, rs in runs.items()}
    out = {"base": args.base, "emails": args.emails, "repeat": args.repeat, "median": med,
           "min_median_max": spread,
           "ratio_emails_per_s": round(med["this"]["emails_per_s"] / med["base"]["emails_per_s"], 3),
           "ratio_model_load": round(med["this"]["model_load_s"] / max(med["base"]["model_load_s"], 1e-9), 3),
           "runs": runs}
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
