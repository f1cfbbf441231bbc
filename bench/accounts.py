#!/usr/bin/env python
"""Many accounts in one daemon (issue 10): idle RSS of the whole process tree and new-mail latency.

    python bench/accounts.py                 # 1 and 20 accounts (per-account cost from the difference)
    python bench/accounts.py --accounts 1 5 20 --trials 5

For each N: a throwaway Dovecot with N users (a few messages each), one ``onward run`` daemon watching
all N accounts ([accounts.aNN] tables, IDLE on), waits until every account's first pass is done and
the daemon is quiet, then measures the RSS (and PSS) of the daemon with all its children, and the time
from an APPEND of a rejection into a random account to its row in the database. Goals: RSS ≤ 100 MB at
20 accounts, every new mail recorded within 5 s. Writes bench/results/accounts.json; prints a table.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from run import _has_message, _pss, _q, log, onward_env, wait_quiet  # noqa: E402

PASSWORD_ENV = "ONWARD_BENCH_PASSWORD"


def write_config(tmp: Path, server, users: list[str]) -> tuple[Path, Path]:
    db = tmp / "onward.db"
    parts = []
    for u in users:
        parts.append(f'[accounts.{u}]\nhost = "127.0.0.1"\nport = {server.ssl_port}\nca_file = "{server.cafile}"\n'
                     f'username = "{u}"\npassword_command = "echo {server.password(u)}"\nidle = true\n'
                     f'from_address = "{u}@example.org"\n')
    cfg = tmp / "onward.toml"
    cfg.write_text("\n".join(parts) + '\n[followup]\nyour_name = "Alex Doe"\n\n[storage]\n'
                   f'database = "sqlite:///{db}"\n\n[daemon]\npoll_interval = 600\n', encoding="utf-8")
    cfg.chmod(0o600)
    return cfg, db


def tree(pid: int) -> tuple[float, float, int]:
    """(RSS MB, PSS MB, processes) of ``pid`` and all its children."""
    import psutil
    p = psutil.Process(pid)
    procs = [p, *p.children(recursive=True)]
    rss = sum(x.memory_info().rss for x in procs if x.is_running())
    pss = sum(_pss(x.pid) for x in procs)
    return round(rss / 2**20, 1), round(pss / 2**20, 1), len(procs)


def measure(n: int, trials: int, idle_seconds: float) -> dict:
    import psutil

    from agent.demo import samples
    from agent.demo.dovecot import DovecotServer
    users = [f"a{i:02d}" for i in range(1, n + 1)]
    tmp = Path(tempfile.mkdtemp(prefix="onward-accounts-"))
    out: dict = {"accounts": n}
    with DovecotServer(users) as server:
        now = datetime.now(UTC)
        for u in users:
            server.append(u, "INBOX", [samples.newsletter(now, f"<seed-{u}-{k}@bench>") for k in range(3)])
        cfg, db = write_config(tmp, server, users)
        err = open(tmp / "daemon.stderr", "wb")
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "agent.cli", "--config", str(cfg), "run"],
                                stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT, env=onward_env(server, users[0]))
        try:
            while len(_q(db, "select account from account_state where state = 'ok'")) < n:
                if proc.poll() is not None or time.perf_counter() - t0 > 60 + 10 * n:
                    raise SystemExit(f"first passes not done:\n{(tmp / 'daemon.stderr').read_text()[-3000:]}")
                time.sleep(0.2)
            out["first_passes_s"] = round(time.perf_counter() - t0, 1)
            wait_quiet(proc)
            time.sleep(1.0)
            p = psutil.Process(proc.pid)
            cpu0 = p.cpu_times()
            time.sleep(idle_seconds)
            cpu1 = p.cpu_times()
            out["idle_cpu_percent"] = round(100 * ((cpu1.user - cpu0.user) + (cpu1.system - cpu0.system))
                                            / idle_seconds, 2)
            out["idle_rss_mb"], out["idle_pss_mb"], out["processes"] = tree(proc.pid)
            out["threads"] = p.num_threads()
            lat = []
            rng = random.Random(n)
            for k in range(trials):
                u = rng.choice(users)
                mid = f"<acct-latency-{k}-{time.time_ns()}@bench.onward>"
                raw = samples.rejection("Acme Robotics", "Engineer", "Jane Roe <jane@acme.example>",
                                        datetime.now(UTC), mid)
                with server.client(u, ssl=False) as c:
                    t1 = time.perf_counter()
                    c.append("INBOX", raw)
                    while time.perf_counter() - t1 < 60 and not _has_message(db, mid):
                        time.sleep(0.02)
                    lat.append(time.perf_counter() - t1)
                time.sleep(1.0)
            out["latency_s"] = [round(x, 2) for x in lat]
            out["latency_median_s"] = round(statistics.median(lat), 2)
            out["latency_max_s"] = round(max(lat), 2)
            proc.send_signal(signal.SIGTERM)
            proc.wait(30)
            out["sigterm_exit_code"] = proc.returncode
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            err.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--accounts", type=int, nargs="+", default=[1, 20])
    ap.add_argument("--trials", type=int, default=5)
    ap.add_argument("--idle", type=float, default=10.0, help="seconds of idle CPU measurement")
    args = ap.parse_args(argv)
    runs = []
    for n in args.accounts:
        log(f"{n} account(s)")
        runs.append(measure(n, args.trials, args.idle))
        log(json.dumps(runs[-1]))
    result = {"runs": runs}
    if len(runs) > 1 and runs[-1]["accounts"] > runs[0]["accounts"]:
        a, b = runs[0], runs[-1]
        result["per_account_rss_mb"] = round((b["idle_rss_mb"] - a["idle_rss_mb"]) / (b["accounts"] - a["accounts"]), 2)
        result["per_account_pss_mb"] = round((b["idle_pss_mb"] - a["idle_pss_mb"]) / (b["accounts"] - a["accounts"]), 2)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "accounts.json").write_text(json.dumps(result, indent=2))
    print("| accounts | idle RSS (tree) | PSS | idle CPU | new mail → recorded (median / max) | first passes |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in runs:
        print(f"| {r['accounts']} | {r['idle_rss_mb']} MB | {r['idle_pss_mb']} MB | {r['idle_cpu_percent']} % | "
              f"{r['latency_median_s']} / {r['latency_max_s']} s | {r['first_passes_s']} s |")
    if "per_account_rss_mb" in result:
        print(f"\nper account: {result['per_account_rss_mb']} MB RSS, {result['per_account_pss_mb']} MB PSS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
