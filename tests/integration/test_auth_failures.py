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
