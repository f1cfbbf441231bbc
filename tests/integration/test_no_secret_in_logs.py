"""No issued token reaches an output: every sign-in path (Microsoft device flow, Google loopback, token
command, a refresh inside a pass and inside the daemon), each with ``-v`` and ``-vv`` (the token command
with ``-vvv``, which adds the IMAP trace), against the local
identity provider and a real Dovecot. Checked: stdout, stderr (the journal, for the service), the
database, and the SASL payloads that would carry them (base64)."""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from agent.redaction import REDACTED, redact
from tests.helpers import PASSWORD_ENV
from tests.integration.test_oauth import (  # noqa: F401 - rig is a fixture
    _finish,
    _read_line,
    account_toml,
    cli,
    deliver,
    events,
    rig,
    write_config,
)
from tests.support.idp import IdentityProvider

pytestmark = pytest.mark.dovecot
ENV = {"G_SECRET": "g-client-secret", PASSWORD_ENV: "pw1-pw"}


def sasl_forms(user: str, token: str) -> list[str]:
    """How a token travels in AUTHENTICATE (XOAUTH2, OAUTHBEARER): base64 of these."""
    raw = [f"user={user}\1auth=Bearer {token}\1\1", f"n,a={user},\1auth=Bearer {token}\1\1"]
    return [base64.b64encode(r.encode()).decode() for r in raw]


def assert_nothing_leaked(idp: IdentityProvider, tmp_path: Path, user: str, *outputs: str) -> None:
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("onward.db*")).decode("latin-1")
    logs = "".join(p.read_text(errors="replace") for p in tmp_path.rglob("*.log"))
    texts = [*outputs, stored, logs]
    secrets = [*idp.issued, *(form for t in idp.issued for form in sasl_forms(user, t)), "g-client-secret"]
    leaked = sorted({s[:12] + "..." for s in secrets if any(s in text for text in texts)})
    assert leaked == []
    assert idp.issued  # the check saw tokens to look for


def onward(cfg: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "agent.cli", "--config", str(cfg), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **ENV})


def login_microsoft(cfg: Path, idp: IdentityProvider, flag: str, user: str) -> str:
    proc = onward(cfg, flag, "login", "--account", "work")
    try:
        said = _read_line(proc, r"enter the code (\S+)")
        code = said.split("enter the code ", 1)[1].split()[0]
        idp.approve(code, user)
        out, err = _finish(proc)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    return said + out + err


def login_google(cfg: Path, idp: IdentityProvider, flag: str) -> str:
    proc = onward(cfg, flag, "login", "--account", "gmail", "--no-browser")
    try:
        said = _read_line(proc, r"^https://")
        url = said.strip().splitlines()[-1]
        assert parse_qs(urlparse(url).query)["redirect_uri"][0].startswith("http://localhost:")
        answer = requests.get(url, allow_redirects=False, verify=idp.cafile, timeout=10)
        requests.get(answer.headers["Location"], timeout=10)
        out, err = _finish(proc)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    return said + out + err


def passes_with_a_refresh(cfg: Path, idp: IdentityProvider, srv, user: str, flag: str, n: int) -> list[str]:
    """A pass, then one whose access token the server refuses (refreshed inside the pass), then a revoked
    sign-in (the error message and the status row)."""
    deliver(srv, user, "Acme", f"<leak-{flag}-{n}@acme.example>")
    outputs = []
    first = cli(cfg, flag, "run", "--once")
    assert first.returncode == 0, first.stderr
    refreshes = idp.count("grant_type=refresh_token")
    idp.kill_access_tokens(user)
    second = cli(cfg, flag, "run", "--once")
    assert second.returncode == 0, second.stderr
    assert idp.count("grant_type=refresh_token") > refreshes
    idp.revoke(user)
    third = cli(cfg, flag, "run", "--once")
    assert third.returncode == 9, third.stderr
    status = cli(cfg, flag, "status", "--json")
    outputs += [first.stdout, first.stderr, second.stdout, second.stderr, third.stdout, third.stderr,
                status.stdout, status.stderr]
    if flag == "-vv":  # the libraries did log (so the test looks at their lines)
        assert "Starting new HTTPS connection" in second.stderr, second.stderr  # urllib3, for the refresh
        assert "AUTHENTICATE" not in second.stderr  # the IMAP trace (mail included) only with -vvv
    return outputs


@pytest.mark.parametrize("flag, user", [("-v", "oa1"), ("-vv", "oa2")])
def test_microsoft_device_flow_and_refresh(rig, tmp_path, flag, user):
    idp, srv = rig
    cfg = write_config(tmp_path, account_toml("work", srv, idp, user, "microsoft"))
    said = login_microsoft(cfg, idp, flag, user)
    outputs = passes_with_a_refresh(cfg, idp, srv, user, flag, 1)
    assert_nothing_leaked(idp, tmp_path, user, said, *outputs)


@pytest.mark.parametrize("flag, user", [("-v", "oa3"), ("-vv", "oa4")])
def test_google_loopback_and_refresh(rig, tmp_path, flag, user):
    idp, srv = rig
    idp.browser_user = user
    cfg = write_config(tmp_path, account_toml("gmail", srv, idp, user, "google"))
    said = login_google(cfg, idp, flag)
    outputs = passes_with_a_refresh(cfg, idp, srv, user, flag, 2)
    assert_nothing_leaked(idp, tmp_path, user, said, *outputs)


@pytest.mark.parametrize("flag, user", [("-v", "oa5"), ("-vvv", "oa6")])
def test_token_command(rig, tmp_path, flag, user):
    idp, srv = rig
    token = idp.tokens_for(user, "helper")["access_token"]
    (tmp_path / "helper.sh").write_text(f"#!/bin/sh\necho {token}\n")
    (tmp_path / "helper.sh").chmod(0o700)
    cfg = write_config(tmp_path, account_toml("work", srv, idp, user, "password")
                       .replace('auth = "password"', 'auth = "command"')
                       .replace(f'password_env = "{PASSWORD_ENV}"', f'token_command = "{tmp_path}/helper.sh"'))
    deliver(srv, user, "Stark", f"<leak-{user}@stark.example>")
    done = cli(cfg, flag, "run", "--once")
    assert done.returncode == 0, done.stderr
    check = cli(cfg, flag, "check")
    assert check.returncode == 0, check.stderr
    idp.kill_access_tokens(user)  # the helper's token is refused: the error must not show it either
    refused = cli(cfg, flag, "run", "--once")
    assert refused.returncode != 0
    if flag == "-vvv":  # the IMAP trace is there, the AUTHENTICATE payload is not
        assert "AUTHENTICATE" in done.stderr, done.stderr
    assert_nothing_leaked(idp, tmp_path, user, done.stdout, done.stderr, check.stdout, check.stderr,
                          refused.stdout, refused.stderr)


@pytest.mark.parametrize("flag, user", [("-v", "oa7"), ("-vv", "oa8")])
def test_refresh_in_the_daemon(rig, tmp_path, flag, user):
    idp, srv = rig
    cfg = write_config(tmp_path, account_toml("work", srv, idp, user, "microsoft"), poll=5)
    said = login_microsoft(cfg, idp, flag, user)
    deliver(srv, user, "Hooli", f"<d1-{user}@hooli.example>")
    daemon = onward(cfg, flag, "run")
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(_events(tmp_path)) < 1:
            time.sleep(0.3)
        refreshes = idp.count("grant_type=refresh_token")
        idp.kill_access_tokens(user)
        deliver(srv, user, "Globex", f"<d2-{user}@globex.example>")
        while time.monotonic() < deadline and len(_events(tmp_path)) < 2:
            time.sleep(0.3)
        assert len(_events(tmp_path)) == 2
        assert idp.count("grant_type=refresh_token") > refreshes
    finally:
        daemon.send_signal(signal.SIGTERM)
        out, err = daemon.communicate(timeout=60)
    assert_nothing_leaked(idp, tmp_path, user, said, out, err)


def _events(tmp_path: Path) -> list[tuple[str, str]]:
    try:
        return events(tmp_path)
    except Exception:  # noqa: BLE001 - the database is not there yet
        return []


@pytest.mark.parametrize("line, secret", [
    ("Obtained token {'access_token': 'ya29.a0AfB_secret', 'refresh_token': '1//0gSecret-refresh'}",
     "a0AfB_secret"),
    ('{"access_token":"at-abcdefgh","token_type":"Bearer"}', "at-abcdefgh"),
    ("POST /token body: grant_type=authorization_code&code=4/0Adeu5B-code&code_verifier=verif1234567",
     "0Adeu5B"),
    ("GET /?state=xyz&code=code-AbCdEf123 HTTP/1.1", "code-AbCdEf123"),
    ("Authorization: Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig", "eyJ0eXAi"),
    ("> b'A001 AUTHENTICATE XOAUTH2 dXNlcj1hbGV4AWF1dGg9QmVhcmVyIHNlY3JldAEB'", "dXNlcj1hbGV4"),
    ("> b'dXNlcj1hbGV4AWF1dGg9QmVhcmVyIHNlY3JldAEB'", "dXNlcj1hbGV4"),
    ("client_secret=GOCSPX-abcdef1234", "GOCSPX"),
    ("{\\'refresh_token\\': \\'rt-escaped-1234\\'}", "rt-escaped-1234"),
])
def test_redact_removes_secret_shapes(line, secret):
    assert secret not in redact(line) and REDACTED in redact(line)


def test_redact_keeps_ordinary_lines():
    for line in ("pass done: 3 fetched, 1 draft saved", "imap.token_command exited with status 3",
                 "login to 127.0.0.1:993 as 'alex' failed: [AUTHENTICATIONFAILED] Authentication failed.",
                 "exit code 3", "the server refused the access token; refreshing it once"):
        assert redact(line) == line
