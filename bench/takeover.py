#!/usr/bin/env python
"""The worker pool: SIGKILL one worker, time until its accounts are taken over; nothing lost or doubled.

    python bench/takeover.py                              # 3 workers, 6 accounts, default leases (20 s), 2 kills
    python bench/takeover.py --workers 3 --accounts 9 --kills 3 --lease 20

One throwaway PostgreSQL (tests/support/postgres.py) and one throwaway Dovecot; each run gets a fresh
database and fresh mailboxes.  A run: W ``onward run`` workers on the same database share A accounts; once
every account is held and has had its first pass, a rejection goes into every account and is recorded,
each account's thank-you is made due now (``onward followups set --due``), then a second rejection goes
into every account - so every account has a pass running or about to - and, in a *kill* run, the worker
holding the most accounts is SIGKILLed 0.3 s later.  Per account it had: the time from the SIGKILL until a
live worker holds the account's lease (the takeover).  Then, until every account's mail is recorded and
its draft saved, and one more lease period for a late duplicate.

The first run has no kill: its events (account, Message-ID) and its drafts per account are the reference
each kill run is compared with - 0 lost, 0 doubled.  Writes bench/results/takeover.json; prints a summary.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from agent.accounts.leases import holders  # noqa: E402
from agent.accounts.state import states  # noqa: E402
from agent.demo import samples  # noqa: E402
from agent.demo.dovecot import DovecotServer  # noqa: E402
from agent.record.store import Store  # noqa: E402
from tests.support.postgres import PostgresCluster  # noqa: E402


def log(msg: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {msg}", file=sys.stderr, flush=True)


def write_config(tmp: Path, server: DovecotServer, users: dict[str, str], url: str, lease: int) -> Path:
    parts = [f'[accounts.{name}]\nhost = "127.0.0.1"\nport = {server.ssl_port}\nca_file = "{server.cafile}"\n'
             f'username = "{user}"\npassword_command = "echo {server.password(user)}"\n'
             f'from_address = "{user}@example.org"\n' for name, user in users.items()]
    cfg = tmp / "onward.toml"
    cfg.write_text("\n".join(parts) + '\n[followup]\nyour_name = "Alex Doe"\n\n[storage]\n'
                   f'database = "{url}"\n\n[daemon]\npoll_interval = 600\nlease_seconds = {lease}\n', encoding="utf-8")
    cfg.chmod(0o600)
    return cfg


def cli(cfg: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "agent.cli", "--config", str(cfg), *args], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)


def wait(what: str, check, seconds: float, procs=()) -> float:
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds:
        if any(p.poll() is not None for p in procs):
            raise SystemExit(f"a worker ended while waiting for: {what}")
        if check():
            return time.monotonic() - t0
        time.sleep(0.1)
    raise SystemExit(f"not within {seconds:.0f} s: {what}")


def one_run(server: DovecotServer, users: dict[str, str], url: str, workers: int, lease: int, kill: bool) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="onward-takeover-"))
    cfg = write_config(tmp, server, users, url, lease)
    store = Store.open(url)  # the schema first (the workers would create it too, one after the other)
    logs = [open(tmp / f"worker{i}.log", "wb") for i in range(workers)]
    procs = [subprocess.Popen([sys.executable, "-m", "agent.cli", "--config", str(cfg), "run"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=logs[i]) for i in range(workers)]
    out: dict = {"kill": kill, "workers": workers, "accounts": len(users), "lease_seconds": lease}

    def events() -> set[tuple[str, str]]:
        with store.transaction() as conn:
            rows = store.list_events(conn)
        return {(r.account, r.message_id) for r in rows}

    def drafts() -> dict[str, int]:
        return {a: count_drafts(server, u) for a, u in users.items()}

    try:
        t0 = time.monotonic()
        wait("every account held and passed once", lambda: sorted(holders(store)) == sorted(users) and all(
            r.last_pass_at for r in states(store).values()) and len(states(store)) == len(users), 300, procs)
        out["spread_s"] = round(time.monotonic() - t0, 1)
        out["spread"] = sorted(Counter(h.pid for h in holders(store).values()).values())
        first = {(a, _reject(server, u, a, 1)) for a, u in users.items()}
        wait("the first rejections recorded", lambda: first <= events(), 300, procs)
        due = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
        listed = json.loads(cli(cfg, "followups", "--json").stdout)
        for f in listed:
            cli(cfg, "followups", "set", str(f["id"]), "--due", due)
        second = {(a, _reject(server, u, a, 2)) for a, u in users.items()}
        survivors = procs
        if kill:
            time.sleep(0.3)
            held = holders(store)
            victim = max(procs, key=lambda p: sum(h.pid == p.pid for h in held.values()))
            theirs = sorted(a for a, h in held.items() if h.pid == victim.pid)
            os.kill(victim.pid, signal.SIGKILL)
            killed = time.monotonic()
            victim.wait(10)
            survivors = [p for p in procs if p is not victim]
            alive = {p.pid for p in survivors}
            taken: dict[str, float] = {}
            while len(taken) < len(theirs) and time.monotonic() - killed < 10 * lease + 60:
                now_held = holders(store)
                for a in theirs:
                    if a not in taken and a in now_held and now_held[a].pid in alive:
                        taken[a] = time.monotonic() - killed
                time.sleep(0.05)
            out["victim_accounts"] = theirs
            out["takeover_s"] = [round(taken.get(a, float("nan")), 2) for a in theirs]
        wait("every rejection recorded", lambda: first | second <= events(), 600, survivors)
        wait("a draft in every account's Drafts", lambda: all(n >= 1 for n in drafts().values()), 600, survivors)
        time.sleep(2 * lease)  # a late duplicate would land now
        out["events"] = sorted(f"{a} {m}" for a, m in events())
        out["drafts"] = drafts()
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(60)
            except subprocess.TimeoutExpired:
                p.kill()
        for f in logs:
            f.close()
        store.close()
    return out


def _reject(server: DovecotServer, user: str, account: str, n: int) -> str:
    mid = f"<{account}-{n}@acme{n}.example>"  # the same in every run: the runs are compared by Message-ID
    server.append(user, "INBOX", [samples.rejection(f"Acme{n}", "Engineer", f"Jane Roe <jane@acme{n}.example>",
                                                    datetime.now(UTC) - timedelta(hours=1), mid)])
    return mid


def count_drafts(server: DovecotServer, user: str) -> int:
    with server.client(user, ssl=False) as c:
        if not c.folder_exists("Drafts"):
            return 0
        return int(c.select_folder("Drafts", readonly=True)[b"EXISTS"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--accounts", type=int, default=6)
    ap.add_argument("--kills", type=int, default=2, help="kill runs after the reference run")
    ap.add_argument("--lease", type=int, default=20, help="daemon.lease_seconds")
    args = ap.parse_args(argv)
    runs = []
    names = [f"p{i:02d}" for i in range(1, (args.kills + 1) * args.accounts + 1)]
    started = datetime.now(UTC)
    with PostgresCluster() as pg, DovecotServer(names) as server:
        for r in range(args.kills + 1):
            users = {f"a{i:02d}": names[r * args.accounts + i] for i in range(args.accounts)}
            log(f"run {r}: {'kill' if r else 'reference, no kill'}")
            runs.append(one_run(server, users, pg.create_database(), args.workers, args.lease, r > 0))
            log(json.dumps({k: v for k, v in runs[-1].items() if k != "events"}))
    ref = runs[0]
    takeovers = [t for run in runs[1:] for t in run["takeover_s"]]
    summary = {
        "measured_at": started.isoformat(timespec="seconds"),
        "load_average_at_end": os.getloadavg(),
        "workers": args.workers, "accounts": args.accounts, "lease_seconds": args.lease,
        "takeover_median_s": round(statistics.median(takeovers), 2) if takeovers else None,
        "takeover_max_s": round(max(takeovers), 2) if takeovers else None,
        "takeovers": len(takeovers),
        "events_lost": sum(len(set(ref["events"]) - set(run["events"])) for run in runs[1:]),
        "events_extra": sum(len(set(run["events"]) - set(ref["events"])) for run in runs[1:]),
        "drafts_doubled": sum(max(0, n - ref["drafts"][a]) for run in runs[1:] for a, n in run["drafts"].items()),
        "drafts_missing": sum(max(0, ref["drafts"][a] - n) for run in runs[1:] for a, n in run["drafts"].items()),
        "reference_events": len(ref["events"]), "reference_drafts": sum(ref["drafts"].values()),
    }
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "takeover.json").write_text(json.dumps({"summary": summary, "runs": runs}, indent=2))
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
