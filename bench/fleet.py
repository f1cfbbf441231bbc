#!/usr/bin/env python
"""1,000 accounts over 3 workers: memory per account and new mail → recorded with every account in IDLE.

    nice -n 10 python bench/fleet.py                       # 1,000 accounts, 3 workers, 80 deliveries, one per 4 s
    python bench/fleet.py --accounts 300 --workers 3 --mails 40   # smaller
    python bench/fleet.py --pool                           # the workers share the accounts by lease (PostgreSQL)

A throwaway Dovecot on loopback (its own config: high-performance login processes, many IMAP clients per
process, a 1 s IDLE check where inotify runs out) with N passwd-file users, a few mails each. The accounts
are split by config across W ``onward run`` processes (each worker has its own config with its share of
the accounts and its own SQLite database), or, with ``--pool``, shared by W workers of a pool: one config
listing every account, one throwaway PostgreSQL database (tests/support/postgres.py), the accounts spread
by lease (docs/scaling.md). It waits until
every account's first pass is done and every watcher is in IDLE (the workers' established connections to
the server are counted too), measures the workers' memory (RSS and PSS of each process tree: the daemon,
its pass fork server, multiprocessing's resource tracker), then delivers ``--mails`` rejections to random
accounts (APPEND from another connection, one every ``--gap`` s on average) and measures each APPEND →
its row in the worker's database. Writes bench/results/fleet.json; prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
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

from run import _pss, _q, log  # noqa: E402

from agent.demo import samples  # noqa: E402
from agent.demo.dovecot import DovecotServer  # noqa: E402
from tests.support.postgres import PostgresCluster  # noqa: E402

PASSWORD_ENV = "ONWARD_BENCH_PASSWORD"
PASSWORD = "bench-pw"
MISSED_AFTER = 120.0  # s: a mail not recorded by then is counted as missed (the 9-minute re-IDLE would find it)

# Appended to the throwaway server's config (a later top-level value wins; service blocks merge).
SCALE_CONFIG = """
# -- bench/fleet.py: one client address holding a thousand IDLE connections --
default_client_limit = 4000
default_process_limit = 200
# login processes that serve many connections each (and proxy their TLS) instead of one process per client
service imap-login {
  service_count = 0
  client_limit = 1000
  process_min_avail = 2
  process_limit = 8
}
# many IMAP sessions per process instead of one process (a few MB) per idling client
service imap {
  service_count = 0
  client_limit = 100
  process_limit = 200
}
# the kernel allows 128 inotify instances per user: past them Dovecot checks an idling mailbox this often
mailbox_idle_check_interval = 1 secs
"""


class ScaleDovecot(DovecotServer):
    def _render_config(self) -> str:
        return super()._render_config() + SCALE_CONFIG


def write_config(tmp: Path, server, users: list[str], index: int, database: str | None = None) -> tuple[Path, Path | str]:
    """Worker ``index``'s config: ``users``' accounts and its own SQLite file, or the pool's ``database``."""
    db: Path | str = database or tmp / f"worker{index}.db"
    url = database or f"sqlite:///{db}"
    parts = [f'[accounts.{u}]\nhost = "127.0.0.1"\nport = {server.ssl_port}\nca_file = "{server.cafile}"\n'
             f'username = "{u}"\npassword_env = "{PASSWORD_ENV}"\nfrom_address = "{u}@example.org"\n'
             for u in users]
    cfg = tmp / f"worker{index}.toml"
    cfg.write_text("\n".join(parts) + '\n[followup]\nyour_name = "Alex Doe"\n\n[storage]\n'
                   f'database = "{url}"\n\n[daemon]\npoll_interval = 86400\n', encoding="utf-8")
    cfg.chmod(0o600)
    return cfg, db


def tree_memory(pid: int) -> dict:
    """RSS and PSS (MB) of ``pid`` and of its children, by role."""
    import psutil
    p = psutil.Process(pid)
    out = {"daemon_rss_mb": p.memory_info().rss / 2**20, "daemon_pss_mb": _pss(pid) / 2**20,
           "children": []}
    for c in p.children(recursive=True):
        try:
            out["children"].append({"cmd": " ".join(c.cmdline())[-80:], "rss_mb": c.memory_info().rss / 2**20,
                                    "pss_mb": _pss(c.pid) / 2**20})
        except psutil.NoSuchProcess:
            pass
    out["tree_rss_mb"] = out["daemon_rss_mb"] + sum(c["rss_mb"] for c in out["children"])
    out["tree_pss_mb"] = out["daemon_pss_mb"] + sum(c["pss_mb"] for c in out["children"])
    out["threads"] = p.num_threads()
    return out


def connections_to(pids: list[int], port: int) -> int:
    import psutil
    total = 0
    for pid in pids:
        total += sum(1 for c in psutil.Process(pid).net_connections("tcp")
                     if c.raddr and c.raddr.port == port and c.status == psutil.CONN_ESTABLISHED)
    return total


def rows(db: Path | str, sql: str, *args: object) -> list:
    """The rows of ``sql`` (``?`` placeholders) in a worker's SQLite file, or in the pool's PostgreSQL
    database (``db``: a libpq DSN)."""
    if isinstance(db, Path):
        return _q(db, sql, *args)
    import psycopg  # lazy: only the pool needs it
    with psycopg.connect(db, autocommit=True, connect_timeout=10) as conn:
        try:
            return list(conn.execute(sql.replace("?", "%s").encode(), args).fetchall())
        except psycopg.errors.UndefinedTable:  # made on first use (account_state, idle_watch), as _q's SQLite
            return []


def count(dbs: list, sql: str) -> int:
    return sum(len(rows(db, sql)) for db in dbs)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--accounts", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--mails", type=int, default=80, help="new mails delivered to random accounts")
    ap.add_argument("--gap", type=float, default=4.0, help="mean seconds between two deliveries")
    ap.add_argument("--seed-mails", type=int, default=3, help="mails in each account before the start")
    ap.add_argument("--keep", action="store_true", help="keep the server's directory (its log) afterwards")
    ap.add_argument("--pool", action="store_true", help="the workers share every account by lease, on a "
                    "throwaway PostgreSQL (else: the accounts split by config, a SQLite file per worker)")
    args = ap.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stopped: the workers and the server are stopped too
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # Dovecot and the workers inherit it
    users = [f"u{i:04d}" for i in range(1, args.accounts + 1)]
    shares = [users[i::args.workers] for i in range(args.workers)]
    tmp = Path(tempfile.mkdtemp(prefix="onward-fleet-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None))
    result: dict = {"accounts": args.accounts, "workers": args.workers, "date": datetime.now(UTC).isoformat(),
                    "load_before": os.getloadavg()}
    log(f"{args.accounts} users, {args.seed_mails} mails each; load {os.getloadavg()}")
    rng = random.Random(1)
    pg = PostgresCluster().start() if args.pool else None
    result["pool"] = bool(pg)
    try:
        return _measure(args, users, shares, tmp, result, rng, pg)
    finally:
        if pg is not None:
            pg.stop()


def _measure(args, users, shares, tmp, result, rng, pg) -> int:
    import psutil
    with ScaleDovecot(dict.fromkeys(users, PASSWORD), max_connections=20, keep=args.keep) as server:
        now = datetime.now(UTC)
        t0 = time.perf_counter()
        for u in users:
            server.append(u, "INBOX", [samples.newsletter(now, f"<seed-{u}-{k}@bench>")
                                       for k in range(args.seed_mails)])
        log(f"seeded in {time.perf_counter() - t0:.0f} s")
        if pg is not None:
            name = pg.create_database().rsplit("/", 1)[1]
            cfg, _url = write_config(tmp, server, users, 0, pg.url(name))
            configs = [(cfg, pg.dsn(name))] * args.workers
            dbs = [pg.dsn(name)]  # one database for the whole pool
        else:
            configs = [write_config(tmp, server, share, i) for i, share in enumerate(shares)]
            dbs = [db for _cfg, db in configs]
        env = dict(os.environ, **{PASSWORD_ENV: PASSWORD, "PYTHONPATH": str(ROOT)})
        procs = []
        errs = []
        t0 = time.perf_counter()
        for i, (cfg, _db) in enumerate(configs):
            errs.append(open(tmp / f"worker{i}.stderr", "wb"))
            procs.append(subprocess.Popen([sys.executable, "-m", "agent.cli", "--config", str(cfg), "run"],
                                          stdout=subprocess.DEVNULL, stderr=errs[-1], cwd=ROOT, env=env))
        try:
            def check_alive() -> None:
                for i, p in enumerate(procs):
                    if p.poll() is not None:
                        raise SystemExit(f"worker {i} exited {p.returncode}:\n"
                                         f"{(tmp / f'worker{i}.stderr').read_text()[-3000:]}")

            last = -1
            while (ok := count(dbs, "select account from account_state where state = 'ok'")) < args.accounts:
                check_alive()
                if ok // 100 != last // 100:
                    log(f"first passes: {ok}/{args.accounts} ({time.perf_counter() - t0:.0f} s, load "
                        f"{os.getloadavg()[0]:.1f})")
                last = ok
                time.sleep(1.0)
            result["first_passes_s"] = round(time.perf_counter() - t0, 1)
            deadline = time.monotonic() + 600
            while (watching := count(dbs, "select account from idle_watch where state = 'watching'")) < args.accounts:
                check_alive()
                if time.monotonic() > deadline:
                    raise SystemExit(f"only {watching} of {args.accounts} watchers in IDLE after 10 min")
                time.sleep(1.0)
            time.sleep(5.0)  # the last IDLE commands, then quiet
            result["all_watching_s"] = round(time.perf_counter() - t0, 1)
            result["established_connections"] = connections_to([p.pid for p in procs], server.ssl_port)
            log(f"all {args.accounts} watching after {result['all_watching_s']} s; "
                f"{result['established_connections']} connections; load {os.getloadavg()}")
            cpu0 = [psutil.Process(p.pid).cpu_times() for p in procs]
            time.sleep(10.0)
            cpu1 = [psutil.Process(p.pid).cpu_times() for p in procs]
            result["idle_cpu_percent_per_worker"] = [round(10 * ((b.user - a.user) + (b.system - a.system)), 2)
                                                     for a, b in zip(cpu0, cpu1, strict=True)]
            result["memory"] = [tree_memory(p.pid) for p in procs]
            mem = result["memory"]
            for key in ("daemon_rss_mb", "daemon_pss_mb", "tree_rss_mb", "tree_pss_mb"):
                result[f"{key}_total"] = round(sum(m[key] for m in mem), 1)
                result[f"{key}_per_account"] = round(sum(m[key] for m in mem) / args.accounts, 3)
            result["load_measuring"] = os.getloadavg()
            log(f"memory: {json.dumps({k: v for k, v in result.items() if k.endswith('_per_account')})}")

            # new mail to random accounts; each delivery's APPEND → the worker's row
            where = ({u: dbs[0] for u in users} if pg is not None
                     else {u: dbs[i] for i, share in enumerate(shares) for u in share})
            pending: dict[str, tuple[Path, float]] = {}
            latencies: list[float] = []
            missed: list[str] = []
            account_of: dict[str, str] = {}
            next_send = time.perf_counter()
            sent = 0
            while sent < args.mails or pending:
                if sent < args.mails and time.perf_counter() >= next_send:
                    u = rng.choice(users)
                    mid = f"<fleet-{sent}-{time.time_ns()}@bench.onward>"
                    raw = samples.rejection("Acme Robotics", "Engineer", "Jane Roe <jane@acme.example>",
                                            datetime.now(UTC), mid)
                    with server.client(u, ssl=False) as c:
                        c.append("INBOX", raw)
                        pending[mid] = (where[u], time.perf_counter())
                        account_of[mid] = u
                    sent += 1
                    next_send = time.perf_counter() + rng.expovariate(1.0 / args.gap)
                for mid, (db, at) in list(pending.items()):
                    if rows(db, "select 1 from messages where message_id=?", mid):
                        latencies.append(time.perf_counter() - at)
                        del pending[mid]
                    elif time.perf_counter() - at > MISSED_AFTER:
                        log(f"{mid} ({account_of[mid]}) not recorded within {MISSED_AFTER:.0f} s")
                        missed.append(account_of[mid])
                        del pending[mid]
                check_alive()
                time.sleep(0.02)
            result["load_after"] = os.getloadavg()
            result["missed"] = missed
            result["latency_s"] = [round(x, 2) for x in latencies]
            result["latency_median_s"] = round(statistics.median(latencies), 2)
            result["latency_p95_s"] = round(percentile(latencies, 0.95), 2)
            result["latency_max_s"] = round(max(latencies), 2)
            result["still_connected"] = connections_to([p.pid for p in procs], server.ssl_port)
            t1 = time.perf_counter()
            for p in procs:
                p.send_signal(signal.SIGTERM)
            result["exit_codes"] = [p.wait(120) for p in procs]
            result["stop_s"] = round(time.perf_counter() - t1, 1)
        finally:
            for p in procs:
                if p.poll() is None:
                    p.kill()
                    p.wait()
            for e in errs:
                e.close()
            warnings = [line for line in server.log_text().splitlines()
                        if any(w in line for w in ("Warning", "Error", "Fatal"))]
            result["dovecot_warnings"] = warnings[:10]
            result["dovecot_dir"] = server.tmp if args.keep else None
            for line in warnings[:10]:
                log(f"dovecot: {line}")
    for i in range(args.workers):
        text = (tmp / f"worker{i}.stderr").read_text()
        result.setdefault("worker_log_tracebacks", []).append(text.count("Traceback"))
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "fleet.json").write_text(json.dumps(result, indent=2))
    log(f"logs in {tmp}")
    print("| accounts / workers | first passes | all in IDLE | per account RSS (daemons / trees) | "
          "per account PSS (daemons / trees) | new mail → recorded (median / p95 / max) | idle CPU per worker |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(f"| {args.accounts} / {args.workers} | {result['first_passes_s']} s | {result['all_watching_s']} s | "
          f"{result['daemon_rss_mb_per_account']} / {result['tree_rss_mb_per_account']} MB | "
          f"{result['daemon_pss_mb_per_account']} / {result['tree_pss_mb_per_account']} MB | "
          f"{result['latency_median_s']} / {result['latency_p95_s']} / {result['latency_max_s']} s "
          f"({len(latencies)} mails, {len(missed)} missed) | {result['idle_cpu_percent_per_worker']} % |")
    print(f"\nload average: before {result['load_before']}, measuring {result['load_measuring']}, "
          f"after {result['load_after']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
