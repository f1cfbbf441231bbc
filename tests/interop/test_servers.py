"""The core scenario against each IMAP server people use - Dovecot, Courier-IMAP, Cyrus IMAP - each
started by the test on loopback (see conftest.py): ``onward check`` (and ``--probe-drafts``), a pass,
the drafts and the weekly digest due a month later (``--now``) landing in the server's Drafts folder
(``INBOX.Drafts`` on Courier and Cyrus) with ``\\Draft``, threaded, From and To right, each once, the
INBOX flags untouched; then the daemon in IDLE, new mail, the server killed and restarted under it.

Courier is the strict one: it refuses an APPEND into the folder the connection holds selected
read-only, offers no UNSELECT, has no SPECIAL-USE and sends no UIDNEXT on EXAMINE.
"""

from __future__ import annotations

import json
import signal
import time
from datetime import timedelta
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest

from agent.demo import samples
from agent.demo.dovecot_setup import onward_config
from tests.crashharness import (
    FROM_ADDRESS,
    PASSWORD_ENV,
    T0,
    T_DRAFTS,
    db_rows,
    folder_flags,
    message_ids,
    popen_cli,
    realistic_mailbox,
    run_cli,
    sigkill,
    stable_id,
    test_model,
    wait_for,
)
from tests.interop.conftest import IDLE_POLL, USER, ServerCase

pytestmark = [pytest.mark.interop]

# a Monday 10:00 UTC after every follow-up is due: the drafts and the weekly digest in one pass
MONDAY = (T_DRAFTS + timedelta(days=7 - T_DRAFTS.weekday())).replace(hour=10)
PROBE_SUBJECT = "Onward check: test draft (safe to delete)"


def _config(tmp_path: Path, case: ServerCase, *, idle: bool = False, extra: str = "") -> Path:
    cfg = tmp_path / "onward.toml"
    srv = case.server
    cfg.write_text(onward_config(
        port=case.port, tls=case.tls, user=USER, cafile=srv.cafile or "", database=tmp_path / "onward.db",
        password_env=PASSWORD_ENV,
        imap={"folders": ["INBOX", case.umlaut], "idle": idle, "fetch_batch": 7, "timeout": 20},
        followup={"from_address": FROM_ADDRESS},
        extra=f'[classifier]\nmodel = "{test_model()}"\n[digest]\nenabled = true\n{extra}'), encoding="utf-8")
    cfg.chmod(0o600)
    return cfg


def _drafts(case: ServerCase) -> list[tuple[bytes, tuple[bytes, ...]]]:
    """(raw, flags) of every message in the Drafts folder."""
    with case.server.client(USER) as c:
        c.select_folder(case.drafts, readonly=True)
        uids = c.search(["ALL"])
        data = c.fetch(uids, [b"BODY.PEEK[]", b"FLAGS"]) if uids else {}
    return [(item[b"BODY[]"], tuple(item[b"FLAGS"])) for item in data.values()]


def test_check_pass_and_every_due_draft_lands_in_drafts(imap_server: ServerCase, tmp_path: Path) -> None:
    case, password = imap_server, imap_server.server.password(USER)
    case.server.append(USER, "INBOX", realistic_mailbox(T0, tag="io"))
    moved = T0 - timedelta(days=3)  # a rejection the user filed in the folder with an umlaut
    case.deliver(samples.rejection("Knorr Werke", "Backend Engineer", "Jörg Brandt <joerg.brandt@knorr.example>",
                                   moved, "<rej-umlaut.io@test>"), case.umlaut)
    flags_before = folder_flags(case.server, USER)
    cfg = _config(tmp_path, case)

    check = run_cli(cfg, "check", password=password)
    assert check.returncode == 0, check.stderr
    assert f"drafts folder: {case.drafts}\n" in check.stdout and f"sent folder: {case.sent}\n" in check.stdout
    assert f"draft saving: EXAMINE {case.drafts} + SEARCH, then " in check.stdout, check.stdout
    assert f"  {case.umlaut}: 1 messages" in check.stdout, check.stdout
    assert not message_ids(case.server, USER, case.drafts), "check without --probe-drafts wrote a draft"

    probe = run_cli(cfg, "check", "--probe-drafts", password=password)
    assert probe.returncode == 0, probe.stderr  # before the fix Courier: exit 3, "NO ... READ-ONLY"
    assert f"probe draft saved in {case.drafts}" in probe.stdout, probe.stdout
    [(raw, flags)] = _drafts(case)
    assert b"\\Draft" in flags and message_from_bytes(raw, policy=default)["Subject"] == PROBE_SUBJECT

    for now in (T0, MONDAY, MONDAY):  # the mail; the drafts and the digest; the same pass again (no doubles)
        done = run_cli(cfg, "run", "--once", "--now", now.isoformat(), password=password)
        assert done.returncode == 0, f"{case.name} at {now}: rc={done.returncode}\n{done.stderr[-2000:]}"

    db = tmp_path / "onward.db"
    followups = {r["draft_message_id"]: r for r in db_rows(db, "followups")
                 if r["status"] != "cancelled" and r["draft_message_id"]}
    assert len(followups) >= 6, followups
    assert "<rej-umlaut.io@test>" in {r["rejection_message_id"] for r in followups.values()}
    saved = {}
    for raw, flags in _drafts(case):
        msg = message_from_bytes(raw, policy=default)
        if msg["Subject"] == PROBE_SUBJECT:
            continue
        assert b"\\Draft" in flags and b"\\Seen" not in flags, (msg["Subject"], flags)
        assert msg["Message-ID"] not in saved, f"saved twice: {msg['Message-ID']}"
        saved[stable_id(msg["Message-ID"])] = msg  # as db_rows gives it: without the install hash
    digests = [mid for mid in saved if mid.startswith("<onward-digest-")]
    year, week, _ = MONDAY.isocalendar()
    assert any(mid.startswith(f"<onward-digest-{year}-W{week:02d}-") for mid in digests), sorted(saved)
    assert set(saved) - set(digests) == set(followups), (sorted(saved), sorted(followups))
    for mid, row in followups.items():
        msg = saved[mid]
        assert msg["From"].addresses[0].addr_spec == FROM_ADDRESS
        if row["to_addr"]:
            assert msg["To"].addresses[0].addr_spec == row["to_addr"]
        assert msg["In-Reply-To"] == row["in_reply_to"]
    assert folder_flags(case.server, USER) == flags_before  # nothing opened read-write, \Recent kept


def _recorded(db: Path, message_id: str) -> bool:
    return db.exists() and any(r["message_id"] == message_id for r in db_rows(db, "messages"))


def _idle_state(cfg: Path, password: str) -> str | None:
    done = run_cli(cfg, "status", "--json", password=password)
    if done.returncode != 0:
        return None
    [row] = json.loads(done.stdout)
    return (row["idle"] or {}).get("state")


def test_daemon_idles_and_survives_a_server_restart(imap_server: ServerCase, tmp_path: Path) -> None:
    case, password = imap_server, imap_server.server.password(USER)
    when = T0 - timedelta(hours=1)
    case.deliver(samples.newsletter(when, "<before.io@test>"))
    cfg = _config(tmp_path, case, idle=True, extra="[daemon]\npoll_interval = 3600\n")
    db, log = tmp_path / "onward.db", tmp_path / "daemon.log"
    proc = popen_cli(cfg, "run", password=password, log=log)
    try:
        assert wait_for(lambda: _recorded(db, "<before.io@test>"), timeout=60), log.read_text()
        assert wait_for(lambda: _idle_state(cfg, password) == "watching", timeout=20), log.read_text()
        table = run_cli(cfg, "status", password=password)  # says that IDLE may be ~60 s late on some servers
        assert table.returncode == 0 and "only every ~60 s on some (Courier, Cyrus" in table.stderr, table.stderr
        time.sleep(1)  # the watcher is in IDLE
        case.deliver(samples.rejection("Globex", "Data Analyst", "Tom Baker <tom.baker@globex.com>", when,
                                       "<idle.io@test>"))
        # announced by IDLE (the scheduled pass is an hour away): Courier and Cyrus look every IDLE_POLL s
        assert wait_for(lambda: _recorded(db, "<idle.io@test>"), timeout=IDLE_POLL + 20), log.read_text()
        # that pass is over, the watcher back in IDLE
        assert wait_for(lambda: log.read_text().count("pass done") >= 2, timeout=30), log.read_text()
        time.sleep(1)

        case.kill()
        assert wait_for(lambda: "IDLE connection lost" in log.read_text(), timeout=5, interval=0.05), \
            log.read_text()
        late = samples.rejection("Initech", "Platform Engineer", "Sara Nilsen <sara.nilsen@initech.io>", when,
                                 "<down.io@test>")
        if case.deliver_while_down is not None:  # arrives while the server is away: never announced by
            case.deliver_while_down(late)  # IDLE; only the UIDNEXT check after reconnecting finds it
        time.sleep(1)
        case.restart()
        if case.deliver_while_down is None:
            case.deliver(late)
        assert wait_for(lambda: _recorded(db, "<down.io@test>"), timeout=30, interval=0.2), \
            f"mail around the restart not recorded:\n{log.read_text()}"
        assert wait_for(lambda: _idle_state(cfg, password) == "watching", timeout=20), log.read_text()
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(20)
        finally:
            sigkill(proc)
    assert rc == 0, log.read_text()
    assert "IDLE connection restored" in log.read_text()
