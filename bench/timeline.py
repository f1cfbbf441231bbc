"""Where the wall time of one backfill goes: a timeline of the pass and its worker, for this checkout and
(``--base``) an earlier revision, on the same mailbox, alternating.

    python bench/timeline.py --base f5c7122 --light --jobs 0.3 --repeat 3
    python bench/timeline.py --base main --base f5c7122 --light      # two earlier revisions

Each backfill runs under bench/tracer.py, which timestamps the steps by name (interpreter up, the imports,
model load, store open, IMAP login, forking the workers, each slice a worker fetches and analyses, each slice
the recording process analyses itself, each batch recorded, the reconciliation, the end). Reported per run,
in seconds from the moment the process was started: the serial start (until the first slice is asked
of a worker), when the first batch is recorded, the last, and the end; per process its busy time, the time it
waited, and its CPU; the serial tail (after the last batch is recorded). Medians over the rounds.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import compare  # noqa: E402  (bench/compare.py: the base worktree)
import run as bench  # noqa: E402  (bench/run.py: mailbox, backfill runner)


def spans(steps: list[dict], what: str, pid: int | None = None) -> list[tuple[float, float, float]]:
    return sorted((s["t0"], s["t1"], s["cpu"]) for s in steps
                  if s["what"] == what and (pid is None or s["pid"] == pid))


def busy(intervals: list[tuple[float, float, float]]) -> float:
    return sum(t1 - t0 for t0, t1, _ in intervals)


def summarize(steps: list[dict], started: float, ended: float) -> dict:
    """The timeline's figures (seconds from the start of the process)."""
    main = next(s["pid"] for s in steps if s["what"] == "interpreter up")
    at = lambda t: round(t - started, 3)  # noqa: E731
    first = lambda what, pid=None: min((t0 for t0, *_ in spans(steps, what, pid)), default=None)  # noqa: E731
    last = lambda what, pid=None: max((t1 for _, t1, _c in spans(steps, what, pid)), default=None)  # noqa: E731
    imports = [s for s in steps if s["what"].startswith("import ") and s["pid"] == main
               and not s["what"].endswith("(thread)")]  # the main thread's (bench/tracer.py)
    workers = sorted({s["pid"] for s in steps if s["what"] == "worker slice"})
    records = spans(steps, "record batch", main)
    here = spans(steps, "slice here", main)
    loop0 = min([t0 for t0, *_ in records + here] + [t0 for w in workers for t0, *_ in spans(steps, "worker slice", w)])
    loop1 = max(t1 for _, t1, _c in records)
    out: dict = {
        "interpreter up": at(next(s["t0"] for s in steps if s["what"] == "interpreter up")),
        "imports (s, main)": round(sum(s["t1"] - s["t0"] for s in imports), 3),
        "model load": [at(first("model load")), at(last("model load"))],
        "store open": [at(first("store open")), at(last("store open"))],
        "first IMAP login": at(first("imap connect", main)),
        "fork workers": [at(first("fork workers")), at(last("fork workers"))] if workers else None,
        "first slice starts (serial start)": at(loop0),
        "first batch recorded": at(min(t1 for _, t1, _c in records)),
        "last batch recorded": at(loop1),
        "reconcile": [at(first("reconcile")), at(last("reconcile"))] if first("reconcile") else None,
        "main returned": at(first("main returned")),
        "process ended": at(ended),
        "serial tail (after the last batch)": round(ended - loop1, 3),
        "batch loop (s)": round(loop1 - loop0, 3),
        "main: recording (s)": round(busy(records), 3),
        "main: analysing slices itself (s)": round(busy(here), 3),
        "main: slices analysed itself": len(here),
        "main: waiting in the loop (s)": round(loop1 - loop0 - busy(records) - busy(here), 3),
        "main: CPU in recording / analysing (s)": [round(sum(c for *_, c in records), 3),
                                                   round(sum(c for *_, c in here), 3)],
    }
    for gen in (0, 1, 2):  # the main process's garbage collections (bench/tracer.py notes them as it ends)
        noted = [s for s in steps if s["what"] == f"gc {gen}" and s["pid"] == main]
        if noted:
            out[f"main: collections of generation {gen} (n, s)"] = [noted[0]["n"], noted[0]["cpu"]]
    for i, w in enumerate(workers):
        ws = spans(steps, "worker slice", w)
        out[f"worker {i + 1}: slices"] = len(ws)
        out[f"worker {i + 1}: busy / idle in the loop (s)"] = [round(busy(ws), 3), round(loop1 - loop0 - busy(ws), 3)]
        out[f"worker {i + 1}: CPU in slices (s)"] = round(sum(c for *_, c in ws), 3)
        out[f"worker {i + 1}: first slice starts / last ends"] = [at(ws[0][0]), at(ws[-1][1])]
        out[f"worker {i + 1}: analyse share of its slices"] = round(
            busy(spans(steps, "analyze", w)) / max(busy(ws), 1e-9), 3)
    return out


def median_summary(runs: list[dict]) -> dict:
    def med(values: list) -> object:
        if all(isinstance(v, (int, float)) for v in values):
            return round(statistics.median(values), 3)
        if all(isinstance(v, list) for v in values):
            return [med([v[i] for v in values]) for i in range(len(values[0]))]
        return values[0]
    keys = [k for k in runs[0] if all(k in r for r in runs)]
    return {k: med([r[k] for r in runs]) for k in keys}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", action="append", default=[],
                    help="an earlier git revision to time the same way, alternating (may be repeated)")
    bench.mailbox_arguments(ap)
    ap.add_argument("--workers", type=int, help="classifier.workers of the backfill (default automatic)")
    ap.add_argument("--out", default=str(HERE / "results" / "timeline.json"))
    args = ap.parse_args(argv)
    bench.SPEC = bench.spec_for(args.light, args.jobs)
    bench.WORKERS = args.workers
    from agent.demo.dovecot import DovecotServer

    runs: dict[str, list[dict]] = defaultdict(list)
    with tempfile.TemporaryDirectory(prefix="onward-timeline-") as tmpdir:
        tmp = Path(tmpdir)
        roots = {"this": ROOT}
        for i, rev in enumerate(args.base):
            roots[rev] = compare.worktree(rev, tmp / f"base{i}")
        server = DovecotServer(["bench"]).start()
        try:
            bench.log(f"seeding {args.messages:,} messages")
            bench.seed(server, "bench", args.messages)
            for i in range(max(1, args.repeat)):
                for name, root in roots.items():
                    trace = tmp / f"{name}-{i}.jsonl"
                    r = bench.run_backfill(tmp, server, "bench", root=root, model=compare.shipped_model(root),
                                           timeline=trace)
                    steps = [json.loads(line) for line in trace.read_text(encoding="utf-8").splitlines()]
                    s = summarize(steps, r["started"], r["ended"])
                    s["msg/s"] = r["msg_per_s"]
                    s["CPU s (process and workers)"] = round(r["cpu_user_s"] + r["cpu_sys_s"], 2)
                    runs[name].append(s)
                    bench.log(f"{name} #{i + 1}: {r['msg_per_s']} msg/s, {r['seconds']} s")
        finally:
            server.stop()
            for rev in args.base:
                compare.drop_worktree(roots[rev])
    result = {name: {"median": median_summary(rs), "runs": rs} for name, rs in runs.items()}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    names = list(result)
    print("| step (s from the process's start; medians) | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    keys = list(dict.fromkeys(k for n in names for k in result[n]["median"]))
    for k in keys:
        print(f"| {k} | " + " | ".join(str(result[n]["median"].get(k, "")) for n in names) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
