"""A malicious or broken IMAP server cannot hang or bloat Onward (issue 15, point 8).

Each mode of tests/support/hostile.py (a huge literal in FETCH or LIST, endless untagged lines, one
byte every second at the greeting or inside a FETCH) against ``onward check`` and ``onward run
--once`` as subprocesses: the exit code (3: cannot connect; 0 for ``check`` when the server only
misbehaves on FETCH, which ``check`` does not send), one clear line, a bounded time, and the memory
of the whole process tree (RSS, sampled every 50 ms) under 300 MB. And the daemon ends a pass that
outlives ``daemon.max_pass_seconds`` and backs off.

Before the guard (measured by the security review): a 1 GB FETCH literal cost 3.0 GB and 53 s, a LIST
literal 1.8 GB and still reading after 75 s, an untagged flood or a drip-feed hung past 75 s.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from agent.demo.dovecot_setup import onward_config
from tests.crashharness import PASSWORD_ENV, ROOT, cli_env, sigkill, test_model, wait_for
from tests.support.hostile import MODES, HostileServer

MEMORY_LIMIT = 300 * 2**20
TIMEOUT = 3  # imap.timeout: a command may take 4 x 3 s (+ 1 s per 32 KiB received)
TIME_LIMIT = 30.0

NEEDLE = {"fetch-literal": "literal of 1,000,000,000 bytes", "list-literal": "literal of 1,000,000,000 bytes",
          "fetch-flood": "untagged responses", "list-flood": "untagged responses",
          "drip-greeting": "sends too slowly", "drip-fetch": "sends too slowly"}
CHECK_FAILS = {"list-literal", "list-flood", "drip-greeting"}  # check sends no FETCH


def _config(tmp_path: Path, port: int, *, timeout: float = TIMEOUT, extra: str = "") -> Path:
    cfg = tmp_path / "onward.toml"
    cfg.write_text(onward_config(
        port=port, tls="none", user="victim", cafile="", database=tmp_path / "onward.db", password_env=PASSWORD_ENV,
        imap={"idle": False, "timeout": timeout}, followup={"from_address": "alex@example.org"},
        extra=f'[classifier]\nmodel = "{test_model()}"\nworkers = -1\n{extra}'), encoding="utf-8")
    cfg.chmod(0o600)
    return cfg


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def _run_measured(cfg: Path, *args: str, limit: float = TIME_LIMIT) -> tuple[int, str, float, int]:
    """(exit code, stderr, seconds, peak RSS of the process tree) of one onward command."""
    err = cfg.parent / f"stderr-{args[0]}.txt"
    with open(err, "wb") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "agent.cli", "--config", str(cfg), *args], stdout=fh,
                                stderr=fh, stdin=subprocess.DEVNULL, env=cli_env("any-password"), cwd=ROOT)
    ps, peak, start = psutil.Process(proc.pid), 0, time.monotonic()
    try:
        while proc.poll() is None and time.monotonic() - start < limit:
            try:
                peak = max(peak, _tree_rss(ps))
            except psutil.NoSuchProcess:
                pass
            time.sleep(0.05)
    finally:
        sigkill(proc)
    took = time.monotonic() - start
    assert took < limit, f"onward {' '.join(args)} still running after {limit:.0f} s"
    return proc.returncode, err.read_text(), took, peak


@pytest.mark.parametrize("mode", MODES)
def test_hostile_server_cannot_hang_or_bloat_onward(mode, tmp_path):
    with HostileServer(mode, drip_every=1.0) as srv:
        cfg = _config(tmp_path, srv.port)
        for args in (["check"], ["run", "--once"]):
            code, err, took, peak = _run_measured(cfg, *args)
            print(f"\n{mode:14} {' '.join(args):10} exit {code}  {took:5.1f} s  peak {peak / 2**20:4.0f} MB  "
                  f"{err.strip().splitlines()[-1] if err.strip() else ''}")
            assert "Traceback" not in err, err
            assert peak < MEMORY_LIMIT, f"{peak / 2**20:.0f} MB"
            if args == ["check"] and mode not in CHECK_FAILS:
                assert code == 0, err
                continue
            ours = [line for line in err.splitlines() if line.startswith("onward:")]
            assert code == 3, err
            assert len(ours) == 1 and NEEDLE[mode] in ours[0], err
            assert err.strip().splitlines()[-1] == ours[0], "the clear line is the last word"


@pytest.mark.slow
def test_daemon_ends_a_pass_that_outlives_max_pass_seconds(tmp_path):
    """imap.timeout = 600: the drip-fed FETCH is within its own deadline for 40 minutes; the daemon
    ends the pass after daemon.max_pass_seconds (5 s), says so, backs off, and keeps running."""
    with HostileServer("drip-fetch", drip_every=1.0) as srv:
        cfg = _config(tmp_path, srv.port, timeout=600,
                      extra="[daemon]\npoll_interval = 3600\nmax_pass_seconds = 5\n")
        log = tmp_path / "daemon.log"
        with open(log, "wb") as fh:
            proc = subprocess.Popen([sys.executable, "-m", "agent.cli", "--config", str(cfg), "run"], stdout=fh,
                                    stderr=fh, stdin=subprocess.DEVNULL, env=cli_env("any-password"), cwd=ROOT)
        try:
            said = re.compile(r"pass failed: the pass took longer than daemon.max_pass_seconds \(5 s\).*"
                              r"retrying in \d+ s")
            start = time.monotonic()
            assert wait_for(lambda: said.search(log.read_text()), timeout=30, interval=0.1), log.read_text()
            took = time.monotonic() - start
            daemon = psutil.Process(proc.pid)
            assert wait_for(lambda: not daemon.children(recursive=True), timeout=5), "the pass process is gone"
            assert proc.poll() is None, "the daemon keeps running"
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(15) == 0
        finally:
            sigkill(proc)
    text = log.read_text()
    print(f"\npass ended {took:.1f} s after start (max_pass_seconds = 5)")
    assert 5 <= took < 15, took
    assert "Traceback" not in text
