"""SQL statements per email of a first pass: how many the record stage issues per job email, and per
message in all.

    python bench/statements.py                        # 2,000 text-only messages, 20 % job mail
    python bench/statements.py --messages 5000 --jobs 0.3

A throwaway Dovecot is filled with the bench mailbox (bench/mailgen.py), then ``onward backfill`` runs
in this process (one process: ``classifier.workers = -1``; the statements are the same with workers,
which never write) with every statement SQLAlchemy sends to SQLite counted, and those issued while one
email goes through the record stage (``BatchRecorder._record_one``: a job email, one for review, or a
reply in a known application's thread) counted for that email. ``record_stage_per_recorded_email`` adds
what the record stage issues for the batch as a whole (its lookups for all its emails, the one insert of
its messages rows) to those, over the same emails: the figure to hold against "statements per job
email". SAVEPOINT / RELEASE pairs are counted apart, as in the earlier figures (bench/README.md).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import run as bench  # noqa: E402  (bench/run.py: mailbox, config)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--messages", type=int, default=2000)
    ap.add_argument("--jobs", type=float, default=0.2, metavar="FRACTION", help="share of job mail")
    ap.add_argument("--heavy", action="store_true", help="the heavy mailbox, not the text-only one")
    args = ap.parse_args(argv)

    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from agent.cli import main as onward
    from agent.demo.dovecot import DovecotServer
    from agent.record.batch import BatchRecorder

    bench.SPEC = bench.spec_for(not args.heavy, args.jobs)
    bench.WORKERS = -1
    counts: Counter[str] = Counter()
    per_email: list[int] = []
    inside: list[int] = []  # statements of the email being recorded (empty: none is)

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        kind = "savepoint" if statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")) \
            else "statement"
        counts[kind] += 1
        if inside and kind == "statement":
            inside[-1] += 1

    original = BatchRecorder._record_one
    original_batch = BatchRecorder.record
    batch_level: list[int] = []  # statements of each batch's record stage outside any one email

    def counting(method, sink: list[int]):  # noqa: ANN001, ANN202 - the method, counting what it issues into sink
        def wrapper(self, *a, **kw):  # noqa: ANN001, ANN002, ANN003, ANN202
            inside.append(0)
            try:
                return method(self, *a, **kw)
            finally:
                sink.append(inside.pop())
        return wrapper

    record_one, record_batch = counting(original, per_email), counting(original_batch, batch_level)

    event.listen(Engine, "before_cursor_execute", count)
    BatchRecorder._record_one = record_one  # type: ignore[method-assign]
    BatchRecorder.record = record_batch  # type: ignore[method-assign]
    server = DovecotServer(["bench"]).start()
    try:
        with tempfile.TemporaryDirectory(prefix="onward-statements-") as tmpdir:
            tmp = Path(tmpdir)
            bench.seed(server, "bench", args.messages)
            cfg, db = bench.write_config(tmp, server, "bench")
            env = bench.onward_env(server, "bench")
            os.environ[bench.PASSWORD_ENV] = env[bench.PASSWORD_ENV]
            code = onward(["--config", str(cfg), "-q", "backfill"])
            if code != 0:
                raise SystemExit(f"backfill failed (exit {code})")
            dbc = bench.db_counts(db)
    finally:
        server.stop()
        BatchRecorder._record_one = original  # type: ignore[method-assign]
        BatchRecorder.record = original_batch  # type: ignore[method-assign]
    result = {"messages": args.messages, "jobs": args.jobs, "heavy": args.heavy, "db": dbc,
              "statements": counts["statement"], "savepoint_statements": counts["savepoint"],
              "recorded_one_by_one": len(per_email),
              "statements_per_recorded_email": round(sum(per_email) / max(1, len(per_email)), 2),
              # the whole record stage (the batch's lookups, the messages rows of every email, plain mail's
              # too, and each recorded email's own statements) over the emails that went through it
              "record_stage_statements": sum(batch_level) + sum(per_email),
              "record_stage_per_recorded_email": round((sum(batch_level) + sum(per_email)) / max(1, len(per_email)), 2),
              "statements_per_message": round(counts["statement"] / args.messages, 3)}
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
