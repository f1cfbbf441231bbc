"""CPU of the daemon's idle pass (nothing new in the mailbox) against an earlier revision, in the same run.

    python bench/idle_pass.py --base 8d71a6e                 # 40 applications, 60 idle passes, 3 rounds
    python bench/idle_pass.py --base 8d71a6e --apps 200 --repeat 5

Every pass of `onward run` reads what the record holds before it looks at the mailbox: the open follow-ups,
the drafts to look for in Sent, each folder's resume point, the facts of the applications it reconciles. With
nothing new that is all it does, every few minutes, for every account a daemon or a worker pool serves - so
its cost is multiplied by the accounts (docs/scaling.md). Each side runs in a child process of its own tree
(the base exported with ``git archive``, its own model and config beside it): the real pass over the in-memory mailbox (``agent.mail.memory``),
a real SQLite file and each revision's shipped model, ``--apps`` applications (a third of them rejected)
whose check-ins and thank-yous are drafted, then ``--passes`` idle passes timed in CPU time (the figure a
loaded machine disturbs least). The sides alternate ``--repeat`` times; reported: the median milliseconds of
CPU per idle pass of each, and their ratio (this / base: below 1 is faster).
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
sys.path.insert(0, str(HERE))

from revision import export_tree  # noqa: E402  (bench/revision.py)


def measure(root: Path, apps: int, passes: int) -> float:
    """Milliseconds of CPU per idle pass of the tree at ``root`` (imported from there: run in a child)."""
    import time
    from datetime import UTC, datetime, timedelta

    sys.path.insert(0, str(root))
    from agent.config import parse_settings
    from agent.demo import samples
    from agent.mail.memory import MemoryMailbox
    from agent.mail.parse import parse_message
    from agent.model.classifier import Classifier
    from agent.pipeline import Agent
    from agent.record.store import Store

    user = "alex@example.org"
    t0 = datetime(2026, 9, 1, 9, tzinfo=UTC)
    box = MemoryMailbox()
    with tempfile.TemporaryDirectory(prefix="onward-idle-") as tmp:
        settings = parse_settings({
            "imap": {"host": "imap.example.org", "username": user, "folders": ["INBOX"], "initial_lookback_days": 60},
            "followup": {"your_name": "Alex Doe", "from_address": user, "timezone": "UTC"},
            "classifier": {"workers": -1}, "storage": {"database": f"sqlite:///{tmp}/onward.db"}})
        store = Store.for_settings(settings)
        store.migrate()
        agent = Agent(settings, store, Classifier.load(), password="unused", client=lambda: box)
        for i in range(apps):
            mails = [samples.ack(f"Company{i}", "Data Engineer", t0 + timedelta(hours=i), f"<a{i}@c{i}.example>")]
            if i % 3 == 0:
                mails.append(samples.rejection(f"Company{i}", "Data Engineer", f"Jo Bo <jo@c{i}.example>",
                                               t0 + timedelta(days=5, hours=i), f"<r{i}@c{i}.example>"))
            for raw in mails:
                box.deliver("INBOX", raw, parse_message(raw).date)
        agent.run_pass(t0 + timedelta(days=6))
        agent.run_pass(t0 + timedelta(days=20))  # the check-ins and thank-yous saved in Drafts
        now = t0 + timedelta(days=20, minutes=5)
        for _ in range(5):
            agent.run_pass(now)  # warm: statement caches, the model's first call
        started = time.process_time()
        for k in range(passes):
            agent.run_pass(now + timedelta(minutes=k))
        spent = time.process_time() - started
        store.close()
    return spent / passes * 1000


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", help="the git revision to compare against")
    ap.add_argument("--apps", type=int, default=40)
    ap.add_argument("--passes", type=int, default=60)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the child: the tree to import
    args = ap.parse_args(argv)
    if args.measure is not None:
        print(json.dumps(measure(args.measure, args.apps, args.passes)))
        return 0
    if not args.base:
        ap.error("--base REV is required")
    figures: dict[str, list[float]] = {"this": [], "base": []}
    with tempfile.TemporaryDirectory(prefix="onward-idle-base-") as tmp:
        trees = {"this": ROOT, "base": export_tree(args.base, Path(tmp))}
        for _ in range(args.repeat):
            for side, tree in trees.items():
                out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--measure", str(tree),
                                      "--apps", str(args.apps), "--passes", str(args.passes)],
                                     check=True, capture_output=True, text=True, cwd=tree).stdout
                figures[side].append(json.loads(out.strip().splitlines()[-1]))
    this, base = statistics.median(figures["this"]), statistics.median(figures["base"])
    print(f"idle pass, {args.apps} applications, {args.passes} passes x {args.repeat}: "
          f"this {this:.2f} ms CPU ({min(figures['this']):.2f}-{max(figures['this']):.2f}), "
          f"base {args.base} {base:.2f} ms ({min(figures['base']):.2f}-{max(figures['base']):.2f}), "
          f"ratio {this / base:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
