"""The daemon and its server (issue 14, points 1, 2, 6, 7; issue 15, points 11 and 12).

* the server goes away while ``onward run`` waits in IDLE: noticed at once, logged once, no busy loop
  (CPU time measured), new mail recorded within seconds of the server's return (a long poll_interval:
  only a reset IDLE watcher can explain it); ``onward status`` shows the watcher watching, lost (with
  why), watching again, and stopped;
* started while the server is down: the failed pass is retried when the log says;
* a watched folder that does not exist is a config error (exit 2), for ``run --once`` and ``run``;
* ``tls = "starttls"`` on an implicit-TLS port: the hint to check imap.tls and imap.port;
* the read-only layer on its own: every FETCH Onward sends is BODY.PEEK, \\Seen flags are untouched;
* a SIGTERM at start-up: a defined outcome, never a hang.

Real Dovecot (stopped and restarted under a running daemon), real SQLite, the real model.
"""

from __future__ import annotations

import imaplib
import json
import re
import signal
import time
from datetime import timedelta

import psutil
import pytest

from agent.demo import samples
from tests.crashharness import (
    T0,
    T_DRAFTS,
    Account,
    db_rows,
    folder_flags,
    make_agent,
    popen_cli,
    realistic_mailbox,
    run_cli,
    sigkill,
    take_user,
    wait_for,
    write_config,
)

pytestmark = [pytest.mark.dovecot]

DOWN_SECONDS = 8.0  # how long the server stays away
BACK_WITHIN = 10.0  # new mail after the server's return is recorded within this (issue 14)


def _tree_cpu(proc: psutil.Process) -> float:
    """CPU seconds (user + system) of the daemon and its live children."""
    total = 0.0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def _connected_to(pid: int, port: int) -> bool:
    try:
        return any(c.raddr and c.raddr.port == port and c.status == psutil.CONN_ESTABLISHED
                   for c in psutil.Process(pid).net_connections("tcp"))
    except psutil.NoSuchProcess:
        return False


def _recorded(db, message_id: str) -> bool:
    return db.exists() and any(r["message_id"] == message_id for r in db_rows(db, "messages"))


def _idle(cfg, password: str) -> dict:
    """The `idle` object of `onward status --json` for the one account."""
    [row] = json.loads(run_cli(cfg, "status", "--json", password=password).stdout)
    return row["idle"] or {}


def _stop_daemon(proc) -> int:
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(15)
    finally:
        sigkill(proc)


@pytest.mark.slow
def test_server_going_away_during_idle_is_noticed_at_once_without_spinning(dovecot_factory, tmp_path):
    srv = dovecot_factory(["alice"])
    acc = Account(srv, "alice")
    srv.append("alice", "INBOX", [samples.newsletter(T0 - timedelta(days=1), "<before@test>")])
    cfg = write_config(tmp_path, acc, idle=True, extra="[daemon]\npoll_interval = 3600\n")
    db, log = tmp_path / "onward.db", tmp_path / "daemon.log"
    proc = popen_cli(cfg, "run", password=acc.password, log=log)
    try:
        assert wait_for(lambda: _recorded(db, "<before@test>"), timeout=60), log.read_text()
        # the pass is over and the daemon's IDLE connection is up
        assert wait_for(lambda: _connected_to(proc.pid, srv.ssl_port), timeout=15), log.read_text()
        assert wait_for(lambda: _idle(cfg, acc.password).get("state") == "watching", timeout=15)
        time.sleep(0.5)
        daemon = psutil.Process(proc.pid)
        cpu0, t0 = _tree_cpu(daemon), time.monotonic()
        srv._kill()  # the server goes away (its data stays; restart() brings it back on the same ports)
        assert wait_for(lambda: "IDLE connection lost" in log.read_text(), timeout=3, interval=0.05), \
            f"the lost connection went unnoticed:\n{log.read_text()}"
        noticed = time.monotonic() - t0
        lost = _idle(cfg, acc.password)  # `onward status` shows the lost watcher, with why
        assert lost["state"] == "lost" and lost["error"] and lost["since"], lost
        time.sleep(max(0.0, DOWN_SECONDS - (time.monotonic() - t0)))
        cpu = (_tree_cpu(daemon) - cpu0) / (time.monotonic() - t0)
        srv.restart()
        back = time.monotonic()
        srv.append("alice", "INBOX", [samples.rejection(
            "Globex", "Backend Engineer", "Hank Scorpio <hank.scorpio@globex.com>", T0, "<after@test>")])
        assert wait_for(lambda: _recorded(db, "<after@test>"), timeout=BACK_WITHIN, interval=0.1), \
            f"mail after the server's return not recorded within {BACK_WITHIN} s:\n{log.read_text()}"
        latency = time.monotonic() - back
        assert wait_for(lambda: _idle(cfg, acc.password).get("state") == "watching", timeout=15)
        assert proc.poll() is None
        assert _stop_daemon(proc) == 0
        assert _idle(cfg, acc.password)["state"] == "stopped"
        table = run_cli(cfg, "status", password=acc.password)
        assert table.returncode == 0 and "stopped" in table.stdout, table.stdout + table.stderr
    finally:
        sigkill(proc)
    text = log.read_text()
    print(f"\nserver away {DOWN_SECONDS:.0f} s: noticed after {noticed:.2f} s, daemon CPU {cpu:.1%} of wall "
          f"time, mail after the return recorded in {latency:.1f} s")
    assert cpu < 0.05, f"daemon CPU {cpu:.0%} while the server was away (busy loop?)"
    assert text.count("IDLE connection lost") == 1, text
    assert "Traceback" not in text


@pytest.mark.slow
def test_started_while_the_server_is_down_retries_when_it_says(dovecot_factory, tmp_path):
    srv = dovecot_factory(["alice"])
    acc = Account(srv, "alice")
    srv._kill()
    cfg = write_config(tmp_path, acc, idle=True, extra="[daemon]\npoll_interval = 3600\n")
    db, log = tmp_path / "onward.db", tmp_path / "daemon.log"
    proc = popen_cli(cfg, "run", password=acc.password, log=log)
    try:
        said = re.compile(r"pass failed: .*; retrying in (\d+) s")
        assert wait_for(lambda: said.search(log.read_text()), timeout=30, interval=0.05), log.read_text()
        logged_at = time.monotonic()
        delay = int(said.search(log.read_text()).group(1))
        srv.restart()
        srv.append("alice", "INBOX", [samples.rejection(
            "Initech", "QA Engineer", "Bill Lumbergh <bill@initech.com>", T0, "<while-down@test>")])
        bound = delay + 8.0  # the retry, then one pass (fork, model load, the mail)
        assert wait_for(lambda: _recorded(db, "<while-down@test>"), timeout=bound, interval=0.1), \
            f"the log said 'retrying in {delay} s'; nothing recorded within {bound:.0f} s:\n{log.read_text()}"
        took = time.monotonic() - logged_at
        assert _stop_daemon(proc) == 0
    finally:
        sigkill(proc)
    text = log.read_text()
    print(f"\n'retrying in {delay} s': the retry recorded the mail {took:.1f} s after that line")
    assert took >= delay - 1.0, "retried earlier than it said"
    assert len(said.findall(text)) == 1, text


def _with_folders(cfg, folders: str):
    cfg.write_text(cfg.read_text().replace('folders = ["INBOX"]', f"folders = {folders}", 1))
    return cfg


def test_missing_watched_folder_is_a_config_error_for_run(imap_account, tmp_path):
    cfg = _with_folders(write_config(tmp_path, imap_account), '["INBOX", "Jobs"]')
    log = tmp_path / "daemon.log"
    for args in (["run", "--once"], ["check"]):
        done = run_cli(cfg, *args, password=imap_account.password, timeout=60)
        assert done.returncode == 2, (args, done.stderr)
    done = run_cli(cfg, "run", "--once", password=imap_account.password, timeout=60)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "imap.folders" in lines[0] and "'Jobs'" in lines[0], lines
    assert "INBOX" in lines[0], "the folders that do exist are listed"
    proc = popen_cli(cfg, "run", password=imap_account.password, log=log)  # the daemon ends too
    try:
        rc = proc.wait(60)
    finally:
        sigkill(proc)
    assert rc == 2, log.read_text()
    assert "imap.folders" in log.read_text() and "Traceback" not in log.read_text()


def test_starttls_on_an_implicit_tls_port_says_check_tls_and_port(imap_account, tmp_path):
    cfg = write_config(tmp_path, imap_account, tls="starttls", port=imap_account.ssl_port, timeout=3)
    for args in (["check"], ["run", "--once"]):
        start = time.monotonic()
        done = run_cli(cfg, *args, password=imap_account.password, timeout=60)
        took = time.monotonic() - start
        lines = done.stderr.strip().splitlines()
        assert done.returncode == 3, (args, done.stderr)
        assert len(lines) == 1 and "check imap.tls and imap.port" in lines[0], lines
        assert took < 3 + 6, f"{args}: {took:.1f} s with timeout = 3"


# -- the read-only layer on its own ---------------------------------------------------------------------

_TAGGED = re.compile(rb"^[A-P]+\d+ (?:UID )?([A-Z]+)\b(.*)$", re.S)
ALLOWED = {b"CAPABILITY", b"LOGIN", b"LIST", b"EXAMINE", b"SEARCH", b"FETCH", b"APPEND", b"CREATE", b"IDLE",
           b"NOOP", b"LOGOUT", b"ID", b"ENABLE", b"UNSELECT", b"STATUS"}  # UNSELECT: leaves a folder, expunges nothing


def test_every_fetch_is_body_peek_and_seen_flags_are_untouched(dovecot, tmp_path, monkeypatch):
    """Mutation audit (issue 15.11): ``BODY[]`` instead of ``BODY.PEEK[]`` went unnoticed, because
    EXAMINE alone already keeps flags. Here the commands Onward sends are recorded and checked on
    their own: every FETCH reads with BODY.PEEK, and nothing but the read-only commands and APPEND."""
    acc = Account(dovecot, take_user(dovecot))
    mails = realistic_mailbox(T0, tag="peek")
    dovecot.append(acc.user, "INBOX", mails[::2], flags=[b"\\Seen"])
    dovecot.append(acc.user, "INBOX", mails[1::2])
    dovecot.append(acc.user, "Sent", [samples.newsletter(T0, "<sent-1@test>")], flags=[b"\\Seen"])
    before = folder_flags(dovecot, acc.user)
    sent: list[bytes] = []
    original = imaplib.IMAP4.send

    def record(self, data):
        sent.append(bytes(data))
        return original(self, data)

    monkeypatch.setattr(imaplib.IMAP4, "send", record)
    cfg = write_config(tmp_path, acc, extra="[classifier]\nworkers = -1\n" + _model_line())
    agent = make_agent(cfg, acc.password)
    try:
        for now in (T0, T_DRAFTS):
            report = agent.run_pass(now)
            assert not report.errors, report
        assert report.drafts_saved > 0, "the pass wrote drafts (APPEND) too"
    finally:
        agent.store.close()
    commands = [(m.group(1), m.group(2)) for m in map(_TAGGED.match, sent) if m]
    names = {name for name, _ in commands}
    fetches = [args for name, args in commands if name == b"FETCH"]
    assert fetches and b"APPEND" in names and b"EXAMINE" in names, names
    assert names <= ALLOWED, f"not read-only: {names - ALLOWED}"
    for args in fetches:
        items = args.upper()
        assert b"BODY[" not in items and not re.search(rb"\bRFC822(\.TEXT)?\b(?!\.)", items), args
        assert b"BODY.PEEK[" in items or b"BODY" not in items, args
    assert folder_flags(dovecot, acc.user) == before


def _model_line() -> str:
    from tests.crashharness import test_model
    return f'model = "{test_model()}"\n'


# -- SIGTERM at start-up ---------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.05, 0.4, 0.8, 1.5, 3.0])
def test_sigterm_at_start_up_has_a_defined_outcome(imap_account, tmp_path, delay):
    """Before ``onward run`` installs its handlers (while Python starts and imports, a fraction of a
    second) SIGTERM ends it by the default action (143 in a shell; nothing was opened yet); from
    then on it stops cleanly with exit 0 - whether the first pass has started or not."""
    cfg = write_config(tmp_path, imap_account, idle=True, extra="[daemon]\npoll_interval = 3600\n")
    log = tmp_path / "daemon.log"
    proc = popen_cli(cfg, "run", password=imap_account.password, log=log)
    try:
        time.sleep(delay)
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(15)
    finally:
        sigkill(proc)
    text = log.read_text()
    assert rc in (0, -signal.SIGTERM), text
    if rc == -signal.SIGTERM:
        assert text == "", "killed by the signal only before anything happened"
    else:
        assert "stopped" in text and "Traceback" not in text, text
    done = run_cli(cfg, "run", "--once", password=imap_account.password, timeout=60)
    assert done.returncode == 0, done.stderr  # no lock or half-made database left behind
