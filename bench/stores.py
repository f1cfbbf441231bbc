"""The first pass on PostgreSQL against SQLite, in the same run, on the same mailbox.

    python bench/stores.py                          # 5,000 heavy messages, 3 alternating rounds
    python bench/stores.py --light --jobs 0.2       # text-only, 20 % job mail
    python bench/stores.py --messages 1000 --repeat 1   # quick

One throwaway Dovecot is filled once and one throwaway PostgreSQL cluster started (loopback, as the tests
start it: tests/support/postgres.py; it needs Debian's ``postgresql`` package and psycopg 3); then
``onward backfill`` (bench/run.py's runner: a subprocess, start-up and model load included) alternates
``--repeat`` times between a fresh SQLite file and a fresh PostgreSQL database, so both see the same
machine noise.  Reported: the median msg/s of each, their ratio (PostgreSQL / SQLite) and the CPU seconds
of the Onward processes (the PostgreSQL server's own CPU is not in them: it is another process, on the
same cores here).  The cluster runs with fsync off, like the tests' one: the figure is Onward's cost of
talking to a server, not a disk's.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import run as bench  # noqa: E402  (bench/run.py: mailbox, backfill runner)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    bench.mailbox_arguments(ap)
    ap.add_argument("--out", default=str(HERE / "results" / "stores.json"))
    args = ap.parse_args(argv)

    bench.SPEC = bench.spec_for(args.light, args.jobs)
    from agent.demo.dovecot import DovecotServer
    from tests.support.postgres import PostgresCluster

    bench.ensure_model()
    runs: dict[str, list[dict]] = {"sqlite": [], "postgresql": []}
    with tempfile.TemporaryDirectory(prefix="onward-stores-") as tmpdir, PostgresCluster() as cluster:
        tmp = Path(tmpdir)
        server = DovecotServer(["bench"]).start()
        try:
            bench.log(f"seeding {args.messages:,} messages")
            bench.seed(server, "bench", args.messages)
            for i in range(max(1, args.repeat)):
                for name in ("sqlite", "postgresql"):
                    database = cluster.create_database() if name == "postgresql" else None
                    r = bench.run_backfill(tmp, server, "bench", database=database)
                    runs[name].append(r)
                    bench.log(f"{name} #{i + 1}: {r['msg_per_s']} msg/s, {r['seconds']} s, "
                              f"CPU {r['cpu_user_s'] + r['cpu_sys_s']:.1f} s, {r['db']['messages']} messages, "
                              f"{r['db']['events']} events")
        finally:
            server.stop()

    def med(name: str, key: str) -> float:
        return statistics.median(r[key] if key != "cpu" else r["cpu_user_s"] + r["cpu_sys_s"] for r in runs[name])

    pg, lite = med("postgresql", "msg_per_s"), med("sqlite", "msg_per_s")
    same = all(r["db"] == runs["sqlite"][0]["db"] for rs in runs.values() for r in rs)
    result = {"messages": args.messages, "light": args.light, "jobs": args.jobs, "repeat": args.repeat,
              "sqlite_msg_per_s": lite, "postgresql_msg_per_s": pg, "ratio": round(pg / lite, 3),
              "sqlite_runs": [r["msg_per_s"] for r in runs["sqlite"]],
              "postgresql_runs": [r["msg_per_s"] for r in runs["postgresql"]],
              "sqlite_cpu_s": med("sqlite", "cpu"), "postgresql_cpu_s": med("postgresql", "cpu"),
              "same_record": same, "record": runs["sqlite"][0]["db"], "machine": bench.machine()}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"| first pass, {args.messages:,} {'text-only' if args.light else 'heavy'} messages"
          f"{'' if args.jobs is None else f', {args.jobs:.0%} job mail'} | SQLite | PostgreSQL | ratio |\n"
          f"|---|---:|---:|---:|\n"
          f"| msg/s (median of {args.repeat}) | {lite:,.0f} ({min(result['sqlite_runs']):,}–"
          f"{max(result['sqlite_runs']):,}) | {pg:,.0f} ({min(result['postgresql_runs']):,}–"
          f"{max(result['postgresql_runs']):,}) | {result['ratio']:.2f} |\n"
          f"| CPU s of Onward (median) | {result['sqlite_cpu_s']:.1f} | {result['postgresql_cpu_s']:.1f} "
          f"| {result['postgresql_cpu_s'] / result['sqlite_cpu_s']:.2f} |\n"
          f"| the same record (counts of messages, events, applications, follow-ups) | | | {same} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
