"""One daemon, several accounts (issue 10): each account watched in IDLE and recorded under its name, and
one account's broken config (a missing folder) or refused password does not stop the others."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

from agent.demo import samples
from tests.helpers import folder_messages, run_cli


def _config(tmp_path, dovecot, users, extra=None):
    extra = extra or {}
    parts = []
    for name, user in users.items():
        parts.append(f'[accounts.{name}]\nhost = "127.0.0.1"\nport = {dovecot.ssl_port}\nca_file = "{dovecot.cafile}"\n'
                     f'username = "{user}"\npassword_command = "echo {dovecot.password(user)}"\n'
                     f'from_address = "{user}@example.org"\n{extra.get(name, "")}\n')
    cfg = tmp_path / "onward.toml"
    cfg.write_text("\n".join(parts) + '\n[followup]\nyour_name = "Alex Doe"\n\n[storage]\n'
                   f'database = "sqlite:///{tmp_path / "onward.db"}"\n\n[daemon]\npoll_interval = 600\n')
    cfg.chmod(0o600)
    return cfg


def _events(tmp_path):
    try:
        con = sqlite3.connect(f"file:{tmp_path / 'onward.db'}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("select account, message_id from events order by id").fetchall()
        finally:
            con.close()
    except sqlite3.OperationalError:
        return []


def test_one_daemon_watches_every_account_and_a_broken_one_stops_no_other(dovecot, imap_user, tmp_path):
    home, broken = next(dovecot._pool), next(dovecot._pool)
    cfg = _config(tmp_path, dovecot, {"work": imap_user, "home": home, "broken": broken},
                  extra={"broken": 'folders = ["NoSuchFolder"]'})
    daemon = subprocess.Popen([sys.executable, "-m", "agent.cli", "--config", str(cfg), "run"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # the first passes are done when status says so
            status = json.loads(run_cli(cfg, "status", "--json").stdout or "[]")
            if all(s["last_pass_at"] for s in status if s["account"] != "broken"):
                break
            time.sleep(0.5)
        when = datetime.now(UTC) - timedelta(hours=1)
        for user, mid in ((home, "<home-rej@acme.example>"), (imap_user, "<work-rej@acme.example>")):
            dovecot.append(user, "INBOX", [samples.rejection("Acme", "Engineer", "Jane Roe <jane@acme.example>",
                                                             when, mid)])
            started = time.monotonic()
            while time.monotonic() - started < 10 and mid not in [m for _a, m in _events(tmp_path)]:
                time.sleep(0.1)
            assert time.monotonic() - started < 10, f"{mid} not recorded within 10 s (IDLE)"
        assert sorted(_events(tmp_path)) == [("home", "<home-rej@acme.example>"), ("work", "<work-rej@acme.example>")]
        status = {s["account"]: s for s in json.loads(run_cli(cfg, "status", "--json").stdout)}
        assert status["broken"]["state"] == "error" and "NoSuchFolder" in status["broken"]["last_error"]
        assert status["work"]["state"] == status["home"]["state"] == "ok"
    finally:
        daemon.terminate()
        _out, err = daemon.communicate(timeout=30)
    assert daemon.returncode == 0, err
    assert "broken: " in err and "this account is not watched until the config is fixed" in err
    followups = json.loads(run_cli(cfg, "followups", "--json", "--account", "home").stdout)
    assert [f["account"] for f in followups] == ["home"]


def test_each_accounts_followup_is_drafted_in_its_own_drafts(dovecot, imap_user, tmp_path):
    """Two accounts on a real Dovecot, a rejection in each: after the due date one pass saves each
    account's thank-you in that account's Drafts, never in the other's."""
    home = next(dovecot._pool)
    cfg = _config(tmp_path, dovecot, {"work": imap_user, "home": home})
    when = datetime.now(UTC) - timedelta(days=1)
    for user, mid, person in ((home, "<home-rej@initech.example>", "Peter Gibbons <peter@initech.example>"),
                              (imap_user, "<work-rej@acme.example>", "Jane Roe <jane@acme.example>")):
        company = "Initech" if "initech" in mid else "Acme"
        dovecot.append(user, "INBOX", [samples.rejection(company, "Engineer", person, when, mid)])
    assert run_cli(cfg, "run", "--once").returncode == 0
    followups = json.loads(run_cli(cfg, "followups", "--json").stdout)
    by_account = {f["account"]: f for f in followups if f["kind"] == "rejection_thanks"}
    assert set(by_account) == {"work", "home"}
    due = max(datetime.fromisoformat(f["due_at"]) for f in by_account.values()) + timedelta(minutes=5)
    done = run_cli(cfg, "run", "--once", "--now", due.isoformat())
    assert done.returncode == 0, done.stderr

    def drafts(user):
        return [item[b"BODY[]"] for item in folder_messages(dovecot, user, "Drafts").values()]

    work, home_drafts = drafts(imap_user), drafts(home)
    assert len(work) == 1 and b"jane@acme.example" in work[0] and b"<work-rej@acme.example>" in work[0]
    assert len(home_drafts) == 1 and b"peter@initech.example" in home_drafts[0]
    assert b"<home-rej@initech.example>" in home_drafts[0]
