"""``onward report`` on a big record: 5,000 applications, 50,000 events, 2,000 follow-ups, 500 notes.

Builds the database directly through the store's tables (a recorded history, as passes would leave it),
then times the real CLI in subprocesses, best of ``--runs``: ``report --json``, ``report --html``,
``report`` (text) and, as the baseline of the same run on the same machine, ``outcomes --json`` (an
existing command that reads every application).  Goals (issue 12): --json < 2 s, --html < 5 s.

    python bench/report.py [--apps 5000] [--events 50000] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from agent.record.store import Store, iso
from agent.record.store.schema import applications, events, followups, notes

LABELS = ["acknowledgement", "interview", "rejection", "offer"]


def build(db: Path, n_apps: int, n_events: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    store = Store.open(f"sqlite:///{db}")
    t0 = datetime(2025, 1, 6, 9, tzinfo=UTC)
    apps, evs, fus, ns = [], [], [], []
    per_app = n_events // n_apps
    for i in range(1, n_apps + 1):
        start = t0 + timedelta(days=rng.randrange(0, 600), hours=rng.randrange(24))
        labels = ["acknowledgement"] + [rng.choice(LABELS) for _ in range(per_app - 1)]
        status = {"interview": "interview", "rejection": "rejected", "offer": "offer"}.get(labels[-1], "applied")
        apps.append(dict(id=i, company=f"Company {i % 997}", company_key=f"company{i % 997}", role=f"Role {i % 31}",
                         status=status, created_at=iso(start), updated_at=iso(start), account="default"))
        for k, label in enumerate(labels):
            evs.append(dict(message_id=f"<e{i}-{k}@bench>", application_id=i, label=label, confidence=0.9,
                            received_at=iso(start + timedelta(days=3 * k + rng.random())), source="model",
                            account="default"))
        if i % 5 == 0:
            sent = i % 10 == 0
            fus.append(dict(application_id=i, rejection_message_id=f"<e{i}-1@bench>", rejected_at=iso(start),
                            due_at=iso(start), status="sent" if sent else "drafted", in_reply_to=f"<e{i}-1@bench>",
                            draft_message_id=f"<d{i}@bench>", drafted_at=iso(start), created_at=iso(start),
                            to_addr=f"hr{i}@bench.example", slot="rejection_thanks",
                            sent_at=iso(start + timedelta(days=1)) if sent else None, account="default"))
        if i % 10 == 0:
            ns.append(dict(application_id=i, text=f"Note on application {i}: what went well, what to change.",
                           written_at=iso(start)))
    with store.transaction() as conn:
        for table, rows in ((applications, apps), (events, evs), (followups, fus), (notes, ns)):
            for k in range(0, len(rows), 5000):
                conn.execute(insert(table), rows[k:k + 5000])
    store.close()


def timed(cfg: Path, runs: int, *args: str) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "agent.cli", "--config", str(cfg), *args],
                              capture_output=True, text=True)
        best = min(best, time.perf_counter() - t)
        if done.returncode != 0:
            raise SystemExit(f"onward {' '.join(args)} failed: {done.stderr}")
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--apps", type=int, default=5000)
    ap.add_argument("--events", type=int, default=50000)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="onward-report-bench-"))
    db = tmp / "onward.db"
    t = time.perf_counter()
    build(db, a.apps, a.events)
    print(f"built {a.apps} applications / {a.events} events in {time.perf_counter() - t:.1f} s")
    cfg = tmp / "onward.toml"
    cfg.write_text(f'[storage]\ndatabase = "sqlite:///{db}"\n', encoding="utf-8")
    cfg.chmod(0o600)
    base = timed(cfg, a.runs, "outcomes", "--json")
    rows = [("outcomes --json (baseline)", base, None)]
    for args, goal in ((("report", "--json"), 2.0), (("report", "--html", str(tmp / "r.html")), 5.0),
                       (("report",), None)):
        rows.append((" ".join(args[:2]).replace(str(tmp / "r.html"), "FILE"), timed(cfg, a.runs, *args), goal))
    for name, secs, goal in rows:
        verdict = "" if goal is None else f"  goal < {goal:.0f} s: {'ok' if secs < goal else 'MISSED'}"
        print(f"{name:<28} {secs:6.2f} s  ({secs / base:4.2f} x baseline){verdict}")


if __name__ == "__main__":
    main()
