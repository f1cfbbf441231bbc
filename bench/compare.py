"""Speed of this checkout against an earlier revision, in the same run, on the same mailbox.

    python bench/compare.py --base f5c7122              # 5,000 heavy messages, 3 alternating rounds
    python bench/compare.py --base f5c7122 --light      # the text-only mailbox
    python bench/compare.py --base HEAD~5 --messages 1000 --repeat 1   # quick

The base revision is checked out into a temporary git worktree; one throwaway Dovecot is filled once;
then ``onward backfill`` of this checkout and of the base alternate ``--repeat`` times on fresh
databases (so both see the same machine noise), each with its own revision's shipped model. Reported:
the median msg/s of each and their ratio (this / base). A ratio, not a timed assertion: the figure
travels between machines, the absolute msg/s do not.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import run as bench  # noqa: E402  (bench/run.py: mailbox, backfill runner)


def worktree(rev: str, where: Path) -> Path:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(where), rev], check=True)
    return where


def drop_worktree(where: Path) -> None:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(where)], check=False)


def shipped_model(root: Path) -> str:
    return str(root / "models" / "onward-classifier.skops")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", required=True, help="the git revision to compare against")
    bench.mailbox_arguments(ap)
    ap.add_argument("--out", default=str(HERE / "results" / "compare.json"))
    args = ap.parse_args(argv)

    bench.SPEC = bench.spec_for(args.light, args.jobs)
    from agent.demo.dovecot import DovecotServer

    runs: dict[str, list[dict]] = {"this": [], "base": []}
    with tempfile.TemporaryDirectory(prefix="onward-compare-") as tmpdir:
        tmp = Path(tmpdir)
        base_root = worktree(args.base, tmp / "base")
        server = DovecotServer(["bench"]).start()
        try:
            bench.log(f"seeding {args.messages:,} messages")
            bench.seed(server, "bench", args.messages)
            for i in range(max(1, args.repeat)):
                for name, root in (("this", ROOT), ("base", base_root)):
                    r = bench.run_backfill(tmp, server, "bench", root=root, model=shipped_model(root))
                    runs[name].append(r)
                    bench.log(f"{name} #{i + 1}: {r['msg_per_s']} msg/s, {r['seconds']} s, "
                              f"CPU {r['cpu_user_s'] + r['cpu_sys_s']:.1f} s, "
                              f"RSS {r['peak_rss_mb']} MB, {r['db']['messages']} messages")
        finally:
            server.stop()
            drop_worktree(base_root)

    this = statistics.median(r["msg_per_s"] for r in runs["this"])
    base = statistics.median(r["msg_per_s"] for r in runs["base"])
    result = {"base": args.base, "messages": args.messages, "light": args.light, "jobs": args.jobs, "repeat": args.repeat,
              "this_msg_per_s": this, "base_msg_per_s": base, "ratio": round(this / base, 3),
              "this_runs": [r["msg_per_s"] for r in runs["this"]], "base_runs": [r["msg_per_s"] for r in runs["base"]],
              # CPU seconds of the backfill and its reaped workers: steadier than msg/s on a busy machine
              "this_cpu_s": statistics.median(r["cpu_user_s"] + r["cpu_sys_s"] for r in runs["this"]),
              "base_cpu_s": statistics.median(r["cpu_user_s"] + r["cpu_sys_s"] for r in runs["base"]),
              "this_peak_rss_mb": statistics.median(r["peak_rss_mb"] for r in runs["this"]),
              "base_peak_rss_mb": statistics.median(r["peak_rss_mb"] for r in runs["base"])}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"| backfill, {args.messages:,} {'text-only' if args.light else 'heavy'} messages"
          f"{'' if args.jobs is None else f', {args.jobs:.0%} job mail'} | this checkout "
          f"| base {args.base} | ratio |\n|---|---:|---:|---:|\n| msg/s (median of {args.repeat}) | {this:,.0f} "
          f"({min(result['this_runs']):,}–{max(result['this_runs']):,}) | {base:,.0f} "
          f"({min(result['base_runs']):,}–{max(result['base_runs']):,}) | {result['ratio']:.2f} |\n"
          f"| CPU s (median) | {result['this_cpu_s']:.1f} | {result['base_cpu_s']:.1f} "
          f"| {result['base_cpu_s'] / result['this_cpu_s']:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
