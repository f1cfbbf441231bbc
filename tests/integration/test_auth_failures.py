"""A refused sign-in: the hint names the provider's real way in; the daemon stops hammering a refused
password (at most one try an hour, logged once) while its other accounts go on."""

from __future__ import annotations

import pytest

from agent.mail.signin import refused_password_hint
from tests.helpers import run_cli, write_config


@pytest.mark.parametrize("host, says, never", [
    ("imap.gmail.com", "Gmail needs an app password", "Microsoft"),
    ("outlook.office365.com", 'auth = "microsoft"', "app password"),
    ("Outlook.Office365.com.", "onward login", "app password"),
    ("mail.example.org", "app password", "Microsoft"),
])
def test_the_wrong_password_hint_names_the_providers_way(host, says, never):
    hint = refused_password_hint(host)
    assert says in hint and never not in hint


def test_a_refused_password_gets_the_generic_hint(tmp_path, imap_account):
    """Real Dovecot, wrong password: exit 3 (login failed), no claim about Gmail or Microsoft 365."""
    cfg = write_config(tmp_path, imap_account)
    done = run_cli(cfg, "check", password="not-the-password")
    assert done.returncode != 0
    assert "failed" in done.stderr and "app password" in done.stderr
    assert "Microsoft 365 need" not in done.stderr and "not-the-password" not in done.stderr


def _logins(dovecot, user: str) -> int:
    """Dovecot's login attempts for ``user`` (successful or not) so far."""
    text = dovecot.log_text()
    return sum(1 for line in text.splitlines() if f"user=<{user}>" in line and "imap-login:" in line)


def test_the_daemon_stops_hammering_a_refused_password_and_other_accounts_go_on(dovecot, imap_user, tmp_path):
    """Two accounts on a real Dovecot: ``bad`` has a wrong password, ``good`` works. Within 20 s the bad one
    is tried once (a backoff would have tried again), said once, shown as ``error`` in ``status``; the
    good one records mail as it arrives."""
    import json
    import subprocess
    import sys
    import time
    from datetime import UTC, datetime, timedelta

    from agent.demo import samples
    from tests.integration.test_accounts_daemon import _events

    bad = next(dovecot._pool)
    cfg = tmp_path / "onward.toml"
    accounts = {"good": (imap_user, dovecot.password(imap_user)), "bad": (bad, "not-the-password")}
    cfg.write_text("".join(
        f'[accounts.{name}]\nhost = "127.0.0.1"\nport = {dovecot.ssl_port}\nca_file = "{dovecot.cafile}"\n'
        f'username = "{user}"\npassword_command = "echo {pw}"\nfrom_address = "{user}@example.org"\n\n'
        for name, (user, pw) in accounts.items())
        + f'[followup]\nyour_name = "Alex Doe"\n\n[storage]\ndatabase = "sqlite:///{tmp_path / "onward.db"}"\n'
        "\n[daemon]\npoll_interval = 5\n")
    cfg.chmod(0o600)
    before = _logins(dovecot, bad)
    daemon = subprocess.Popen([sys.executable, "-m", "agent.cli", "--config", str(cfg), "run"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(6)
        when = datetime.now(UTC) - timedelta(hours=1)
        for i in range(2):  # the good account goes on, pass after pass
            mid = f"<good-{i}@acme.example>"
            dovecot.append(imap_user, "INBOX", [samples.rejection("Acme", "Engineer", "Jane Roe <jane@acme.example>",
                                                                  when, mid)])
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and mid not in [m for _a, m in _events(tmp_path)]:
                time.sleep(0.2)
            assert mid in [m for _a, m in _events(tmp_path)]
            time.sleep(5)
        status = {s["account"]: s for s in json.loads(run_cli(cfg, "status", "--json").stdout)}
        assert status["bad"]["state"] == "error" and "failed" in status["bad"]["last_error"]
        assert status["good"]["state"] == "ok"
        assert _logins(dovecot, bad) - before == 1
    finally:
        daemon.terminate()
        _out, err = daemon.communicate(timeout=30)
    assert daemon.returncode == 0, err
    assert err.count("login refused") == 1 and "trying again once an hour" in err, err
    assert "not-the-password" not in err
