#!/usr/bin/env python
"""Onward benchmark: one command, a throwaway Dovecot, real figures.

    python bench/run.py                 # 5,000-message mailbox + the 50,000-message RSS run
    python bench/run.py --quick         # 1,000 messages, no 50k run, short idle/latency phases
    python bench/run.py --messages 5000 --big 0

Measures, in one run (see bench/README.md):
  1. raw     imapclient alone: UID SEARCH ALL + UID FETCH BODY.PEEK[] in batches of 500
  2. pass    ``onward backfill`` as a subprocess on a fresh database (start-up + model load included)
  3. classify  Classifier.predict alone, in batches, one core, OMP/OPENBLAS threads = 1 (subprocess);
             also model load time and parse_message rate
  4. rss     peak RSS of the backfill (5k and 50k), of the idle daemon after a pass, its CPU% idle
  5. latency APPEND of a new rejection -> its row in the database while the daemon waits in IDLE
Writes bench/results/latest.json and prints a markdown table.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

PASSWORD_ENV = "ONWARD_BENCH_PASSWORD"
ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------------------- mailbox


SPEC = None  # the mailbox mix: mailgen.Spec() by default, LIGHT with --light
WORKERS: int | None = None  # classifier.workers of the backfill (None: the default, automatic)


def spec_for(light: bool, jobs: float | None):
    """The mailbox mix: heavy (default) or text-only (``light``), with ``jobs`` the share of job mail."""
    import mailgen
    spec = (mailgen.Spec(html_fraction=0.2, attachment_fraction=0.0, min_kb=1.0, max_kb=8.0)
            if light else mailgen.Spec())
    return spec if jobs is None else dataclasses.replace(spec, job_fraction=jobs)


def mailbox_arguments(ap: argparse.ArgumentParser) -> None:
    """The mailbox options of the benches that time a first pass against another (compare.py, stores.py);
    their values go to :func:`spec_for`."""
    ap.add_argument("--messages", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--light", action="store_true", help="text-only mailbox (1-8 KB, no attachments)")
    ap.add_argument("--jobs", type=float, metavar="FRACTION", help="share of job mail (default 0.10)")


def seed(server, user: str, n: int, *, seed_: int = 1, now: datetime | None = None) -> dict:
    """MULTIAPPEND ``n`` generated messages (500 per command) with their dates as INTERNALDATE."""
    import mailgen
    t0 = time.perf_counter()
    total = big = 0
    with server.client(user, ssl=False, timeout=300) as c:
        batch: list[dict] = []
        batch_bytes = 0
        for raw, when in mailgen.mailbox(n, seed=seed_, now=now, spec=SPEC):
            batch.append({"msg": raw, "flags": (b"\\Seen",), "date": when})
            batch_bytes += len(raw)
            total += len(raw)
            big += len(raw) >= 1_000_000
            if len(batch) >= 500 or batch_bytes > 64_000_000:
                c.multiappend("INBOX", batch)
                batch, batch_bytes = [], 0
        if batch:
            c.multiappend("INBOX", batch)
    dt = time.perf_counter() - t0
    return {"messages": n, "bytes": total, "mb": round(total / 1e6, 1), "large_1mb_plus": big,
            "seconds": round(dt, 2), "msg_per_s": round(n / dt)}


def raw_fetch(server, user: str, limit: int | None = None, batch: int = 500) -> dict:
    """The limit: imapclient fetching every message and nothing else (implicit TLS).

    ``limit=None``: ``BODY.PEEK[]``; else Onward's partial fetch ``BODY.PEEK[]<0.limit>`` (with the
    RFC822.SIZE and INTERNALDATE Onward asks for too).
    """
    t0 = time.perf_counter()
    c = server.client(user, ssl=True, timeout=300)
    items = [b"BODY.PEEK[]"] if limit is None else [f"BODY.PEEK[]<0.{limit}>".encode(), b"RFC822.SIZE",
                                                    b"INTERNALDATE"]
    try:
        c.select_folder("INBOX", readonly=True)
        uids = c.search(["ALL"])
        n = nbytes = 0
        for i in range(0, len(uids), batch):
            data = c.fetch(uids[i:i + batch], items)
            for item in data.values():
                nbytes += sum(len(v) for k, v in item.items() if k.startswith(b"BODY["))
                n += 1
            del data
    finally:
        c.logout()
    dt = time.perf_counter() - t0
    out = {"messages": n, "mb": round(nbytes / 1e6, 1), "seconds": round(dt, 3), "msg_per_s": round(n / dt)}
    if limit is None:
        out["mb_per_s"] = round(nbytes / 1e6 / dt)
    else:
        out["limit_bytes"] = limit
    return out


# ----------------------------------------------------------------------------------------- Onward

MODEL: dict = {"path": None, "source": "shipped"}


def ensure_model() -> dict:
    """The shipped model; if it does not load (it is being retrained), a provisional one trained here
    from data/corpus (same pipeline, no CV) so the rest of the bench still runs. Reported in the JSON."""
    from agent.model.classifier import Classifier, ModelLoadError
    try:
        Classifier.load()
        return MODEL
    except ModelLoadError as exc:
        reason = str(exc)
    from agent.model import training
    path = HERE / "results" / "model" / "onward-classifier.skops"
    if not path.exists():
        log(f"shipped model does not load ({reason}); training a provisional one into {path}")
        path.parent.mkdir(parents=True, exist_ok=True)
        examples = training.load_examples([ROOT / "data" / "corpus"])
        training.save_model(training.train(examples), path, {"name": "bench-provisional"})
    MODEL.update(path=str(path), source=f"provisional (shipped model failed: {reason})")
    return MODEL


def write_config(tmp: Path, server, user: str, *, idle: bool = False, poll_interval: int = 300,
                 extra_imap: str = "", model: str | None = None, database: str | None = None) -> tuple[Path, Path | str]:
    """The config of ``user``'s Onward and its database: a SQLite file in ``tmp``, or the URL ``database``."""
    from agent.demo.dovecot_setup import onward_config
    db: Path | str = database or tmp / f"{user}.db"
    cfg = tmp / f"{user}.toml"
    model_path = model or MODEL["path"]
    model = f'[classifier]\nmodel = "{model_path}"\n' if model_path else ""
    if WORKERS is not None:
        model = (model or "[classifier]\n") + f"workers = {WORKERS}\n"
    cfg.write_text(onward_config(
        port=server.ssl_port, user=user, cafile=server.cafile, database=db, password_env=PASSWORD_ENV,
        imap={"idle": idle}, imap_lines=extra_imap,
        extra=f"{model}\n[daemon]\npoll_interval = {poll_interval}\n"), encoding="utf-8")
    return cfg, db


def onward_env(server, user: str, extra: dict | None = None, root: Path = ROOT) -> dict:
    env = dict(os.environ)
    env[PASSWORD_ENV] = server.password(user)
    env["PYTHONPATH"] = str(root) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra or {})
    return env


def _pss(pid: int) -> int:
    """Proportional set size in bytes (shared pages divided among the processes sharing them)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class RssSampler(threading.Thread):
    """Polls a process's RSS (psutil) every ``every`` s; keeps the peak and a thinned series."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        super().__init__(daemon=True)
        import psutil
        self.proc = psutil.Process(pid)
        self.every = every
        self.samples: list[tuple[float, int]] = []
        self.peak = 0
        self.peak_tree = 0  # the process and its children (the worker processes), RSS summed
        self.peak_tree_pss = 0  # the same as PSS: pages shared by the forked workers counted once
        self._halt = threading.Event()
        self.t0 = time.perf_counter()

    def run(self) -> None:
        import psutil
        n = 0
        while not self._halt.is_set():
            try:
                rss = self.proc.memory_info().rss
            except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied):
                break
            self.peak = max(self.peak, rss, self._hwm())
            tree = rss
            pids = [self.proc.pid]
            try:
                for child in self.proc.children(recursive=True):
                    tree += child.memory_info().rss
                    pids.append(child.pid)
            except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied):
                pass
            self.peak_tree = max(self.peak_tree, tree)
            if n % 10 == 0:  # PSS costs a page-table walk: every 0.5 s is enough
                self.peak_tree_pss = max(self.peak_tree_pss, sum(_pss(p) for p in pids))
            n += 1
            self.samples.append((time.perf_counter() - self.t0, rss))
            self._halt.wait(self.every)

    def stop(self) -> None:
        self._halt.set()
        self.join(2)

    def _hwm(self) -> int:
        """VmHWM: the kernel's own peak RSS of the process (since exec), so spikes between samples count."""
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def peak_at(self) -> float:
        return round(max(self.samples, key=lambda s: s[1])[0], 2) if self.samples else 0.0

    def profile(self, points: int = 10) -> list[tuple[float, float]]:
        """RSS (MB) at ``points`` evenly spaced moments: shows whether memory is flat."""
        if not self.samples:
            return []
        step = max(1, len(self.samples) // points)
        return [(round(t, 1), round(r / 2**20, 1)) for t, r in self.samples[::step]]


def compile_bytecode(root: Path) -> None:
    """Write the bytecode of ``root``'s ``agent`` package, as installing it does: an installed Onward
    never compiles its modules at start-up, while a checkout run with PYTHONDONTWRITEBYTECODE set (as on
    the team's machines) would compile every one of them in every process it times (about 0.4 s)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "agent")], check=True,
                   stdout=subprocess.DEVNULL)


def run_backfill(tmp: Path, server, user: str, *, extra_args: tuple[str, ...] = (), profile: str | None = None,
                 extra_imap: str = "", root: Path = ROOT, model: str | None = None, database: str | None = None,
                 timeline: Path | None = None) -> dict:
    """``onward backfill`` of ``user``'s INBOX on a fresh database; ``root``: the checkout whose code runs
    (bench/compare.py runs an older one in the same session), ``model``: the model file it loads,
    ``database``: the URL of an empty database to use instead of a SQLite file (bench/stores.py),
    ``timeline``: run it under bench/tracer.py, its steps written to that file (bench/timeline.py)."""
    cfg, db = write_config(tmp, server, user, extra_imap=extra_imap, model=model, database=database)
    if isinstance(db, Path):
        for p in (db, Path(str(db) + "-wal"), Path(str(db) + "-shm")):
            p.unlink(missing_ok=True)
    compile_bytecode(root)
    cmd = [sys.executable]
    if profile:
        cmd += ["-m", "cProfile", "-o", profile]
    cmd += [str(HERE / "tracer.py")] if timeline else ["-m", "agent.cli"]
    cmd += ["--config", str(cfg), "-q", "backfill", *extra_args]
    env = onward_env(server, user, {"ONWARD_TIMELINE": str(timeline)} if timeline else None, root=root)
    errpath = tmp / f"{user}-backfill.stderr"
    t0 = time.perf_counter()
    with open(errpath, "wb") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=root, env=env)
        sampler = RssSampler(proc.pid)
        sampler.start()
        global LAST
        LAST = sampler
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    dt = time.perf_counter() - t0
    ended = time.time()
    sampler.stop()
    stderr = errpath.read_text(errors="replace")
    if proc.returncode != 0:
        raise SystemExit(f"backfill failed (exit {proc.returncode}):\n{stderr[-3000:]}")
    counts = db_counts(db)
    return {"seconds": round(dt, 2), "msg_per_s": round(counts["messages"] / dt), "exit": proc.returncode,
            # VmHWM polled every 50 ms (wait4's ru_maxrss would include the forked bench before exec)
            "peak_rss_mb": round(sampler.peak / 2**20, 1),
            "peak_tree_rss_mb": round(sampler.peak_tree / 2**20, 1),
            "peak_tree_pss_mb": round(sampler.peak_tree_pss / 2**20, 1),
            "cpu_user_s": round(usage.ru_utime, 2), "cpu_sys_s": round(usage.ru_stime, 2),
            "rss_profile_mb": sampler.profile(), "peak_at_s": sampler.peak_at(), "db": counts, "summary": stderr.strip().splitlines()[-1:],
            "db_path": str(db), "config": str(cfg), "started": ended - dt, "ended": ended}


COUNTS = {"messages": "select count(*) from messages",
          "failed": "select count(*) from messages where status='failed'",
          "review": "select count(*) from messages where status='review'",
          "events": "select count(*) from events",
          "applications": "select count(*) from applications",
          "followups": "select count(*) from followups"}


def db_counts(db: Path | str) -> dict:
    if isinstance(db, str):  # a server database's URL
        from sqlalchemy import create_engine, text
        engine = create_engine(db)
        try:
            with engine.connect() as conn:
                return {k: conn.execute(text(sql)).scalar() for k, sql in COUNTS.items()}
        finally:
            engine.dispose()
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        return {k: con.execute(sql).fetchone()[0] for k, sql in COUNTS.items()}
    finally:
        con.close()


# ----------------------------------------------------------------------------------------- classification


def classify_worker(n: int, batch_sizes: list[int]) -> dict:
    """Runs in a child with one BLAS/OpenMP thread and pinned to one CPU."""
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    except (AttributeError, OSError):
        pass
    import mailgen

    from agent.mail.parse import email_text, parse_message
    from agent.model.classifier import Classifier, EmailText
    t0 = time.perf_counter()
    clf = Classifier.load(os.environ.get("ONWARD_BENCH_MODEL") or None)
    load_s = time.perf_counter() - t0
    raws = [raw[:2_000_000] for raw, _ in mailgen.mailbox(n, seed=7)]
    t0 = time.perf_counter()
    parsed = [parse_message(r) for r in raws]
    parse_s = time.perf_counter() - t0
    items = [EmailText(*email_text(p)) for p in parsed]
    out = {"model_load_s": round(load_s, 2), "parse_msg_per_s": round(n / parse_s),
           "mean_raw_kb": round(sum(map(len, raws)) / n / 1024, 1), "by_batch": {}}
    clf.predict(items[:50])  # warm-up
    for bs in batch_sizes:
        t0 = time.perf_counter()
        for i in range(0, n, bs):
            clf.predict(items[i:i + bs])
        dt = time.perf_counter() - t0
        out["by_batch"][str(bs)] = round(n / dt)
    out["emails_per_s"] = max(out["by_batch"].values())
    return out


def run_classify(n: int) -> dict:
    env = dict(os.environ, **ONE_THREAD)
    if MODEL["path"]:
        env["ONWARD_BENCH_MODEL"] = MODEL["path"]
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run([sys.executable, __file__, "--_classify-worker", str(n)], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"classification worker failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ----------------------------------------------------------------------------------------- daemon


def wait_quiet(proc, *, settle: float = 1.0, threshold: float = 3.0, timeout: float = 180.0) -> float:
    """Wait until the process uses < threshold % CPU for ``settle`` seconds; returns seconds waited."""
    import psutil
    p = psutil.Process(proc.pid)
    t0 = time.perf_counter()
    p.cpu_percent(None)
    while time.perf_counter() - t0 < timeout:
        time.sleep(settle)
        if proc.poll() is not None:
            raise SystemExit(f"daemon exited early with {proc.returncode}")
        if p.cpu_percent(None) < threshold:
            return time.perf_counter() - t0
    raise SystemExit("daemon never became idle")


def run_daemon(tmp: Path, server, user: str, *, idle_seconds: float, trials: int) -> dict:
    """The daemon after a backfill: RSS and CPU% while idle, then APPEND -> DB latency, then SIGTERM."""
    import mailgen
    import psutil

    from agent.demo import samples
    cfg, db = write_config(tmp, server, user, idle=True, poll_interval=600)
    errpath = tmp / f"{user}-daemon.stderr"
    err = open(errpath, "wb")
    proc = subprocess.Popen([sys.executable, "-m", "agent.cli", "--config", str(cfg), "run"],
                            stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT, env=onward_env(server, user))
    out: dict = {}
    try:
        sampler = RssSampler(proc.pid, every=0.1)
        sampler.start()
        t0 = time.perf_counter()
        deadline = t0 + 180
        while not _state_row(db):
            if proc.poll() is not None or time.perf_counter() > deadline:
                raise SystemExit(f"daemon did not finish its first pass:\n{errpath.read_text()[-3000:]}")
            time.sleep(0.1)
        out["first_pass_s"] = round(time.perf_counter() - t0, 2)
        wait_quiet(proc)
        p = psutil.Process(proc.pid)
        p.cpu_percent(None)
        cpu0 = p.cpu_times()
        time.sleep(idle_seconds)
        cpu1 = p.cpu_times()
        busy = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)
        out["idle_seconds"] = idle_seconds
        out["idle_cpu_percent"] = round(100 * busy / idle_seconds, 2)
        out["idle_rss_mb"] = round(p.memory_info().rss / 2**20, 1)
        out["peak_rss_mb"] = round(sampler.peak / 2**20, 1)
        lat = []
        for k in range(trials):
            mid = f"<latency-{k}-{time.time_ns()}@bench.onward>"
            now = datetime.now(UTC)
            raw = samples.rejection(mailgen.COMPANIES[k % len(mailgen.COMPANIES)], "Backend Engineer",
                                    "Jane Miller <jane.miller@latency.example.com>", now, mid)
            with server.client(user, ssl=False) as c:
                t0 = time.perf_counter()
                c.append("INBOX", raw)
                while time.perf_counter() - t0 < 60:
                    if _has_message(db, mid):
                        break
                    time.sleep(0.02)
                lat.append(time.perf_counter() - t0)
            out.setdefault("latency_event", []).append(_has_event(db, mid))
            time.sleep(1.5)
        out["latency_s"] = [round(x, 2) for x in lat]
        out["latency_median_s"] = round(statistics.median(lat), 2)
        out["latency_max_s"] = round(max(lat), 2)
        t0 = time.perf_counter()
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        out["sigterm_exit_s"] = round(time.perf_counter() - t0, 2)
        out["sigterm_exit_code"] = proc.returncode
        sampler.stop()
        out["peak_rss_mb"] = round(sampler.peak / 2**20, 1)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        err.close()
    return out


def _q(db: Path, sql: str, *args) -> list:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    except sqlite3.OperationalError:
        return []
    try:
        return con.execute(sql, args).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        con.close()


def _state_row(db: Path) -> bool:
    return bool(db.exists() and _q(db, "select 1 from folder_state where folder='INBOX'"))


def _has_message(db: Path, mid: str) -> bool:
    return bool(_q(db, "select 1 from messages where message_id=?", mid))


def _has_event(db: Path, mid: str) -> bool:
    return bool(_q(db, "select 1 from events where message_id=?", mid))


# ----------------------------------------------------------------------------------------- report


def machine() -> dict:
    import psutil
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        dovecot = subprocess.run(["dovecot", "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        dovecot = "?"
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(), "os": platform.platform(), "dovecot": dovecot}


def startup_seconds(runs: int = 3) -> float:
    """Fixed cost of any ``onward`` pass process: interpreter start, imports, model load (best of 3)."""
    code = ("import agent.cli, agent.loop, agent.pipeline, agent.intake; from agent.model.classifier import Classifier; "
            "Classifier.load()")
    best = float("inf")
    compile_bytecode(ROOT)
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
        best = min(best, time.perf_counter() - t0)
    return round(best, 3)


def median_run(runs: list[dict]) -> dict:
    """The run with the median rate, plus every run's rate (``runs_msg_per_s``)."""
    ordered = sorted(runs, key=lambda r: r["msg_per_s"])
    return {**ordered[(len(ordered) - 1) // 2], "runs_msg_per_s": [r["msg_per_s"] for r in runs]}


def _runs(d: dict) -> str:
    rates = d.get("runs_msg_per_s", [])
    return f"; median of {len(rates)}: {min(rates):,}–{max(rates):,}" if len(rates) > 1 else ""


def table(r: dict) -> str:
    m = r["machine"]
    rows = [("machine", f"{m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB, Python {m['python']}, "
                        f"Dovecot {m['dovecot']}", "")]
    s = r["seed"]
    rows.append(("mailbox", f"{s['messages']:,} msgs, {s['mb']:,} MB ({s['large_1mb_plus']} ≥ 1 MB); "
                            f"MULTIAPPEND {s['seconds']} s ({s['msg_per_s']:,} msg/s)", ""))
    raw = r["raw_fetch"]
    rows.append(("(1) raw fetch, BODY.PEEK[] ×500, TLS", f"{raw['msg_per_s']:,} msg/s ({raw['seconds']} s, "
                 f"{raw['mb_per_s']} MB/s{_runs(raw)})", "limit"))
    if "raw_fetch_partial" in r:
        rp = r["raw_fetch_partial"]
        rows.append((f"(1b) raw fetch, BODY.PEEK[]<0.{rp['limit_bytes']}>", f"{rp['msg_per_s']:,} msg/s "
                     f"({rp['seconds']} s, {rp['mb']} MB)", ""))
    b = r["backfill"]
    rows.append(("(2) onward backfill, end to end", f"{b['msg_per_s']:,} msg/s ({b['seconds']} s; "
                 f"{b['db']['events']} events, {b['db']['followups']} follow-ups, {b['db']['failed']} failed"
                 f"{_runs(b)})", "goal ≥ 2,000"))
    rows.append(("(2)/(1) ratio", f"{r['ratio_pass_to_raw']:.2f}", ""))
    if "backfill_excl_startup_msg_per_s" in r:
        rows.append((f"(2) excl. start-up (interpreter, imports, model: {r['startup_s']} s)",
                     f"{r['backfill_excl_startup_msg_per_s']:,} msg/s", ""))
    c = r["classify"]
    rows.append(("(3) classification, 1 core", f"{c['emails_per_s']:,} emails/s (by batch: "
                 + ", ".join(f"{k}: {v:,}" for k, v in c["by_batch"].items()) + ")", "goal ≥ 2,000"))
    rows.append(("    parse_message, 1 core", f"{c['parse_msg_per_s']:,} msg/s", ""))
    rows.append(("    model load", f"{c['model_load_s']} s", ""))
    rows.append((f"(4) backfill peak RSS @ {s['messages']:,}", f"{b['peak_rss_mb']} MB (process tree: "
                 f"{b.get('peak_tree_rss_mb', '?')} MB, PSS {b.get('peak_tree_pss_mb', '?')} MB)", "goal ≤ 300"))
    if "big" in r:
        bb = r["big"]
        bf = bb["backfill"]
        flat = ", ".join(f"{m:.0f}" for _t, m in bf["rss_profile_mb"][1:])
        rows.append((f"(4) backfill peak RSS @ {bb['seed']['messages']:,}", f"{bf['peak_rss_mb']} MB (process tree: "
                     f"{bf.get('peak_tree_rss_mb', '?')} MB, PSS {bf.get('peak_tree_pss_mb', '?')} MB; "
                     f"over time: {flat}; {bf['msg_per_s']:,} msg/s, "
                     f"{bf['seconds']} s)", "goal ≤ 300, flat"))
    if "daemon" in r:
        d = r["daemon"]
        rows.append(("(4) idle daemon RSS after a pass", f"{d['idle_rss_mb']} MB (peak {d['peak_rss_mb']})",
                     "goal ≤ 150"))
        rows.append((f"(4) idle daemon CPU over {d['idle_seconds']:g} s", f"{d['idle_cpu_percent']} %", "goal ~0"))
        rows.append(("(5) APPEND → recorded, IDLE", f"median {d['latency_median_s']} s, max {d['latency_max_s']} s "
                     f"({len(d['latency_s'])} trials)", "goal ≤ 5 s"))
        rows.append(("    SIGTERM → exit", f"{d['sigterm_exit_s']} s (exit {d['sigterm_exit_code']})", ""))
    out = ["| measure | result | goal |", "|---|---|---|"]
    out += [f"| {a} | {b_} | {g} |" for a, b_, g in rows]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--messages", type=int, default=5000, help="mailbox size for (1), (2), (5) (default 5000)")
    ap.add_argument("--big", type=int, default=50_000, help="mailbox size for the RSS run (0 = skip; default 50000)")
    ap.add_argument("--classify", type=int, default=5000, help="emails for the classification run")
    ap.add_argument("--idle-seconds", type=float, default=20.0)
    ap.add_argument("--trials", type=int, default=5, help="latency trials")
    ap.add_argument("--repeat", type=int, default=3, help="runs of (1) and (2), alternating; medians reported")
    ap.add_argument("--quick", action="store_true", help="1,000 messages, no 50k run, 5 s idle, 3 trials")
    ap.add_argument("--no-daemon", action="store_true", help="skip (4) idle daemon and (5) latency")
    ap.add_argument("--light", action="store_true",
                    help="a text-only mailbox (1-8 KB, no attachments), where the raw fetch is ~40x faster")
    ap.add_argument("--jobs", type=float, metavar="FRACTION", help="share of job mail (default 0.10)")
    ap.add_argument("--workers", type=int, help="classifier.workers of the backfill (-1: none, all in one "
                    "process, e.g. with --profile; default automatic)")
    ap.add_argument("--profile", metavar="FILE", help="run the backfill under cProfile, stats to FILE")
    ap.add_argument("--out", default=str(HERE / "results" / "latest.json"))
    ap.add_argument("--_classify-worker", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._classify_worker:
        print(json.dumps(classify_worker(args._classify_worker, [50, 200, 500])))
        return 0
    if args.quick:
        args.messages, args.big, args.classify = min(args.messages, 1000), 0, min(args.classify, 2000)
        args.idle_seconds, args.trials, args.repeat = 5.0, 3, 1
    global SPEC, WORKERS
    SPEC = spec_for(args.light, args.jobs)
    WORKERS = args.workers

    from agent.demo.dovecot import DovecotServer
    t_start = time.perf_counter()
    results: dict = {"started_at": datetime.now(UTC).isoformat(timespec="seconds"), "machine": machine(),
                     "args": {k: v for k, v in vars(args).items() if not k.startswith("_")}}
    results["model"] = dict(ensure_model())
    server = DovecotServer(["bench", "bigbench"]).start()
    try:
        with tempfile.TemporaryDirectory(prefix="onward-bench-") as tmpdir:
            tmp = Path(tmpdir)
            log(f"seeding {args.messages:,} messages")
            results["seed"] = seed(server, "bench", args.messages)
            log(f"seeded: {results['seed']}")
            # (1) and (2) alternate, ``--repeat`` times, and the median run of each is reported: on a
            # shared 2-core VM one run can be 20 % off, and alternating exposes both to the same noise
            raws, parts, passes = [], [], []
            for i in range(max(1, args.repeat)):
                raws.append(raw_fetch(server, "bench"))
                log(f"(1) raw fetch #{i + 1}: {raws[-1]}")
                parts.append(raw_fetch(server, "bench", limit=2_000_000))
                log(f"(1b) raw partial fetch #{i + 1}: {parts[-1]}")
                passes.append(run_backfill(tmp, server, "bench", profile=args.profile if i == 0 else None))
                log(f"(2) backfill #{i + 1}: { {k: v for k, v in passes[-1].items() if k != 'rss_profile_mb'} }")
            results["raw_fetch"] = median_run(raws)
            results["raw_fetch_partial"] = median_run(parts)
            results["backfill"] = median_run(passes)
            results["ratio_pass_to_raw"] = round(results["backfill"]["msg_per_s"]
                                                 / results["raw_fetch"]["msg_per_s"], 3)
            results["classify"] = run_classify(args.classify)
            log(f"(3) classify: {results['classify']}")
            results["startup_s"] = startup_seconds()
            rest = results["backfill"]["seconds"] - results["startup_s"]
            if rest > 0:
                results["backfill_excl_startup_msg_per_s"] = round(results["backfill"]["db"]["messages"] / rest)
            if not args.no_daemon:
                results["daemon"] = run_daemon(tmp, server, "bench", idle_seconds=args.idle_seconds,
                                               trials=args.trials)
                log(f"(4,5) daemon: {results['daemon']}")
            if args.big:
                log(f"seeding {args.big:,} messages for the RSS run")
                big = {"seed": seed(server, "bigbench", args.big, seed_=2)}
                log(f"seeded: {big['seed']}")
                big["backfill"] = run_backfill(tmp, server, "bigbench")
                log(f"(4) big backfill: { {k: v for k, v in big['backfill'].items()} }")
                results["big"] = big
    finally:
        server.stop()
    results["total_seconds"] = round(time.perf_counter() - t_start, 1)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    print(table(results))
    print(f"\n(results: {out}; whole bench {results['total_seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
