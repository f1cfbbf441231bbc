"""Company / role extraction speed, with classification of the same emails in the same run as the yardstick, or
against another revision of the extractor in the same run.

    python bench/extraction.py [--repeat 3]
    python bench/extraction.py --base main [--rounds 3]

Everything runs pinned to one CPU (one BLAS thread) on the project's labelled job emails
(``data/extraction/labelled.jsonl``), after a warm-up, with every cache of the extractor's modules cleared
before each timed pass (every email is new to it). Emails/s are CPU time of the timing process
(``process_time``). The machine is shared, so the figure to quote is a same-run ratio (bench/README.md):

- without ``--base``: extraction / classification of the same emails;
- with ``--base REV``: this tree / REV's ``agent/``, ``config/`` and ``models/`` (exported with ``git archive``),
  each timed in its own child process, the two alternating ``--rounds`` times; the best pass of each counts.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
# --tree DIR (child processes of --base): time the extractor of another checkout, imported from DIR
TREE = Path(sys.argv[sys.argv.index("--tree") + 1]) if "--tree" in sys.argv[:-1] else ROOT
sys.path.insert(0, str(TREE))

from agent.extract import candidates, cleaning, extractor, lexicon, names, ranker, relays  # noqa: E402
from agent.extract.extractor import email_of, extract  # noqa: E402
from agent.extract.ranker import load_ranker  # noqa: E402
from agent.mail.types import ParsedEmail  # noqa: E402
from revision import export_tree  # noqa: E402  (bench/revision.py)

DATA = ROOT / "data/extraction/labelled.jsonl"


def _pin_one_cpu() -> None:
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    except (AttributeError, OSError):
        pass


def _clear_caches() -> None:
    """Every bounded memo of the extractor's modules, whatever the revision has (``lru_cache(maxsize=N)``: spans,
    names, domains); not what is loaded once (``functools.cache``: the weights, the relay list)."""
    modules: tuple[ModuleType, ...] = (candidates, cleaning, extractor, lexicon, names, ranker, relays)
    for module in modules:
        for value in list(vars(module).values()):
            info = getattr(value, "cache_info", None)
            if callable(info) and info().maxsize is not None:
                value.cache_clear()


def _mails(path: Path) -> list[ParsedEmail]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [email_of(r.get("subject") or "", r.get("body") or "", r.get("from") or "") for r in rows]


def time_extraction(mails: list[ParsedEmail], repeat: int) -> float:
    """The best CPU seconds of ``repeat`` passes over ``mails`` (caches cleared before each) with this tree's
    extractor and weights."""
    weights = load_ranker(TREE / "models/onward-extractor.json")
    for m in mails[:50]:
        extract(m, weights)
    best = float("inf")
    for _ in range(repeat):
        _clear_caches()
        t0 = time.process_time()
        for m in mails:
            extract(m, weights)
        best = min(best, time.process_time() - t0)
    return best


def _child(tree: Path, data: Path, repeat: int) -> float:
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", "--data", str(data),
                          "--repeat", str(repeat), "--tree", str(tree)], check=True, capture_output=True, text=True)
    return float(json.loads(out.stdout)["seconds"])


def compare(base: str, data: Path, rounds: int, repeat: int) -> dict[str, object]:
    n = len(_mails(data))
    with tempfile.TemporaryDirectory(prefix="onward-bench-base-") as tmp:
        tree = export_tree(base, Path(tmp))
        this_s = base_s = float("inf")
        for _ in range(rounds):
            this_s = min(this_s, _child(ROOT, data, repeat))
            base_s = min(base_s, _child(tree, data, repeat))
    return {"emails": n, "base": base, "extraction_per_s": round(n / this_s), "base_per_s": round(n / base_s),
            "ratio_to_base": round(base_s / this_s, 3), "load_average": [round(x, 2) for x in os.getloadavg()]}


def with_classification(data: Path, repeat: int) -> dict[str, object]:
    from agent.model.classifier import Classifier, EmailText  # the yardstick only: not needed by --base runs

    rows = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines() if line.strip()]
    mails = _mails(data)
    texts = [EmailText(r.get("subject") or "", r.get("body") or "", r.get("from") or "") for r in rows]
    t0 = time.perf_counter()
    ranker.shipped_ranker.cache_clear()
    ranker.shipped_ranker()
    load_ms = (time.perf_counter() - t0) * 1000
    clf = Classifier.load()
    clf.predict(texts[:50])
    best_x = best_c = float("inf")
    for _ in range(repeat):
        best_x = min(best_x, time_extraction(mails, 1))
        t0 = time.process_time()
        for i in range(0, len(texts), 500):
            clf.predict(texts[i:i + 500])
        best_c = min(best_c, time.process_time() - t0)
    n = len(mails)
    return {"emails": n, "extraction_per_s": round(n / best_x), "classification_per_s": round(n / best_c),
            "ratio": round(best_c / best_x, 3), "ranker_load_ms": round(load_ms, 1),
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--repeat", type=int, default=3, help="timed passes per process; the best one counts")
    ap.add_argument("--base", metavar="REV", help="also time REV's extractor, alternating, and give the ratio")
    ap.add_argument("--rounds", type=int, default=3, help="with --base: child processes per side, alternating")
    ap.add_argument("--tree", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    _pin_one_cpu()
    if args.child:
        print(json.dumps({"seconds": time_extraction(_mails(args.data), args.repeat)}))
    elif args.base:
        print(json.dumps(compare(args.base, args.data, args.rounds, args.repeat)))
    else:
        print(json.dumps(with_classification(args.data, args.repeat)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
