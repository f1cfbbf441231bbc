"""OAuth2 sign-in end to end (issue 10): a real Dovecot whose oauth2 passdb checks every token at a real
local identity provider (tests/support/idp.py), and the real `onward` commands.

The OAuth users' passwords are never given to Onward: when they get in, the token did it."""

from __future__ import annotations

import json
import os
import queue
import re
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from agent.demo import samples
from agent.demo.dovecot import DovecotServer, dovecot_available
from tests.helpers import PASSWORD_ENV, run_cli
from tests.support.idp import IdentityProvider

pytestmark = pytest.mark.dovecot
USERS = {f"oa{i}": f"never-used-{i}" for i in range(1, 9)} | {"pw1": "pw1-pw", "pw2": "pw2-pw"}


@pytest.fixture(scope="module")
def rig():
    if not dovecot_available():
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail("CI=true and Dovecot is not installed")
        pytest.skip("Dovecot is not installed")
    with IdentityProvider() as idp:
        srv = DovecotServer(USERS, oauth2=(idp.introspection_url, idp.cafile)).start()
        try:
            yield idp, srv
        finally:
            srv.stop()


def account_toml(name: str, srv: DovecotServer, idp: IdentityProvider, user: str, auth: str) -> str:
    lines = [f"[accounts.{name}]", 'host = "127.0.0.1"', f"port = {srv.ssl_port}", f'ca_file = "{srv.cafile}"',
             f'username = "{user}"', f'auth = "{auth}"', "idle = false", f'from_address = "{user}@example.org"']
    if auth == "password":
        lines.append(f'password_env = "{PASSWORD_ENV}"')
    else:
        lines += [f"[accounts.{name}.oauth]", 'client_id = "onward-test-client"', f'ca_file = "{idp.cafile}"']
        if auth == "microsoft":
            lines.append(f'authority = "{idp.authority}"')
        else:
            lines += ['client_secret_env = "G_SECRET"', f'auth_uri = "{idp.auth_uri}"', f'token_uri = "{idp.token_uri}"']
    return "\n".join(lines) + "\n"


def write_config(tmp_path: Path, *accounts: str, poll: int = 300) -> Path:
    cfg = tmp_path / "onward.toml"
    cfg.write_text("".join(accounts) + '\n[followup]\nyour_name = "Alex Doe"\ntimezone = "UTC"\n'
                   f'\n[storage]\ndatabase = "sqlite:///{tmp_path / "onward.db"}"\ntoken_store = "file"\n'
                   f"\n[daemon]\npoll_interval = {poll}\n", encoding="utf-8")
    cfg.chmod(0o600)
    return cfg


def cli(cfg: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return run_cli(cfg, *args, password="pw1-pw", timeout=timeout, env_extra={"G_SECRET": "g-client-secret"})


def deliver(srv: DovecotServer, user: str, company: str, mid: str, days_ago: float = 1) -> None:
    when = datetime.now(UTC) - timedelta(days=days_ago)
    srv.append(user, "INBOX", [samples.rejection(company, "Engineer", f"Jane Roe <jane@{company.lower()}.example>",
                                                 when, mid)])


def events(tmp_path: Path) -> list[tuple[str, str]]:
    con = sqlite3.connect(tmp_path / "onward.db")
    try:
        return con.execute("select account, message_id from events order by id").fetchall()
    finally:
        con.close()


def login_microsoft(cfg: Path, idp: IdentityProvider, name: str, user: str) -> str:
    """`onward login --account NAME`: read the device-code message, type the code at the provider."""
    proc = subprocess.Popen([sys.executable, "-m", "agent.cli", "--config", str(cfg), "login", "--account", name],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = _read_line(proc, r"enter the code (\S+)")
        idp.approve(re.search(r"enter the code (\S+)", line).group(1), user)
        out, err = _finish(proc)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    return line + out + err


def _read_line(proc: subprocess.Popen[str], pattern: str, timeout: float = 30, stream: str = "stdout") -> str:
    """What ``proc`` wrote on ``stream`` up to the first line matching ``pattern`` (a reader thread: a
    select() on the pipe misses lines already in Python's buffer)."""
    if not hasattr(proc, "_lines"):
        proc._lines = {}  # type: ignore[attr-defined]
    if stream not in proc._lines:  # type: ignore[attr-defined]
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda f=getattr(proc, stream): [lines.put(ln) for ln in f], daemon=True).start()
        proc._lines[stream] = lines  # type: ignore[attr-defined]
    lines = proc._lines[stream]  # type: ignore[attr-defined]
    deadline = time.monotonic() + timeout
    seen = ""
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        seen += line
        if re.search(pattern, line):
            return seen
    raise AssertionError(f"no line matching {pattern!r}: {seen!r}")


def assert_no_secret(idp: IdentityProvider, tmp_path: Path, *outputs: str) -> None:
    """No access token, refresh token, device code or authorization code in any output or the database."""
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("onward.db*"))
    texts = [*outputs, stored.decode("latin-1")]
    leaked = [t for t in idp.issued if any(t in text for text in texts)]
    assert leaked == []


def test_device_flow_login_then_passes_reuse_the_stored_token(rig, tmp_path):
    idp, srv = rig
    cfg = write_config(tmp_path, account_toml("work", srv, idp, "oa1", "microsoft"))
    before = cli(cfg, "run", "--once")
    assert before.returncode == 9 and "run: onward login --account work" in before.stderr, before.stderr
    status = json.loads(cli(cfg, "status", "--json").stdout)
    assert [(s["account"], s["auth"], s["state"]) for s in status] == [("work", "microsoft", "needs_login")]
    said = login_microsoft(cfg, idp, "work", "oa1")
    assert "open the page" in said and "signed in: account work" in said
    token_file = tmp_path / "tokens" / "work.json"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    deliver(srv, "oa1", "Acme", "<r1@acme.example>")
    outputs = [said]
    for _restart in range(2):  # a restart signs in from the stored token: no prompt, no new device code
        done = cli(cfg, "run", "--once")
        assert done.returncode == 0, done.stderr
        outputs += [done.stdout, done.stderr]
    assert idp.count("/devicecode") == 1
    assert events(tmp_path) == [("work", "<r1@acme.example>")]
    check = cli(cfg, "-v", "check", "--account", "work")
    assert check.returncode == 0 and "signed in with OAuth2 (microsoft)" in check.stdout, check.stderr
    status = json.loads(cli(cfg, "status", "--json").stdout)
    assert status[0]["state"] == "ok" and status[0]["last_pass_at"] and status[0]["last_error"] is None
    assert_no_secret(idp, tmp_path, *outputs, check.stdout, check.stderr, json.dumps(status))
    assert "method=XOAUTH2" in srv.log_text() or "method=OAUTHBEARER" in srv.log_text()


def test_killed_access_token_is_refreshed_and_the_pass_goes_on(rig, tmp_path):
    idp, srv = rig
    cfg = write_config(tmp_path, account_toml("work", srv, idp, "oa2", "microsoft"))
    login_microsoft(cfg, idp, "work", "oa2")
    assert cli(cfg, "run", "--once").returncode == 0
    refreshes = idp.count("grant_type=refresh_token")
    assert idp.kill_access_tokens("oa2") >= 1  # Dovecot's introspection now says "active": false
    deliver(srv, "oa2", "Globex", "<r2@globex.example>")
    done = cli(cfg, "run", "--once")
    assert done.returncode == 0, done.stderr
    assert idp.count("grant_type=refresh_token") > refreshes
    assert events(tmp_path) == [("work", "<r2@globex.example>")]
    assert_no_secret(idp, tmp_path, done.stdout, done.stderr)


def test_revoked_sign_in_needs_login_and_the_other_account_goes_on(rig, tmp_path):
    idp, srv = rig
    cfg = write_config(tmp_path, account_toml("work", srv, idp, "oa3", "microsoft"),
                       account_toml("home", srv, idp, "pw1", "password"))
    login_microsoft(cfg, idp, "work", "oa3")
    idp.revoke("oa3")  # password changed, or the user removed the app: refresh says invalid_grant
    deliver(srv, "pw1", "Initech", "<r3@initech.example>")
    done = cli(cfg, "run", "--once")
    assert done.returncode == 9, done.stderr
    assert "account work: the sign-in is no longer valid (invalid_grant); run: onward login --account work" \
        in done.stderr
    assert "pass done (home)" in done.stderr
    assert events(tmp_path) == [("home", "<r3@initech.example>")]
    status = {s["account"]: s for s in json.loads(cli(cfg, "status", "--json").stdout)}
    assert status["work"]["state"] == "needs_login" and "onward login --account work" in status["work"]["last_error"]
    assert status["home"]["state"] == "ok" and status["home"]["last_pass_at"]
    human = cli(cfg, "status")
    assert "run: onward login --account work" in human.stderr
    listing = json.loads(cli(cfg, "events", "--json", "--account", "home").stdout)
    assert [e["account"] for e in listing] == ["home"]
    assert json.loads(cli(cfg, "events", "--json", "--account", "work").stdout) == []
    login_microsoft(cfg, idp, "work", "oa3")  # signing in again clears it
    assert json.loads(cli(cfg, "status", "--json", "--account", "work").stdout)[0]["state"] == "ok"
    assert cli(cfg, "run", "--once").returncode == 0


def test_identity_provider_down_is_retried_like_a_network_fault(rig, tmp_path):
    idp, srv = rig
    cfg = write_config(tmp_path, account_toml("work", srv, idp, "oa4", "microsoft"), poll=5)
    login_microsoft(cfg, idp, "work", "oa4")
    idp.kill_access_tokens("oa4")
    idp.down = True
    try:
        once = cli(cfg, "run", "--once")
        assert once.returncode == 3 and "retrying later" in once.stderr, once.stderr  # not "needs login"
        daemon = subprocess.Popen([sys.executable, "-m", "agent.cli", "--config", str(cfg), "run"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env={**os.environ, PASSWORD_ENV: "unused"})
        try:
            _read_line_err(daemon, r"retrying in \d+ s")
            deliver(srv, "oa4", "Umbrella", "<r4@umbrella.example>")
            idp.down = False
            deadline = time.monotonic() + 40
            while time.monotonic() < deadline and not _has_event(tmp_path):
                time.sleep(0.3)
            assert events(tmp_path) == [("work", "<r4@umbrella.example>")]
        finally:
            daemon.terminate()
            daemon.wait(20)
    finally:
        idp.down = False


def _has_event(tmp_path: Path) -> bool:
    try:
        return bool(events(tmp_path))
    except sqlite3.OperationalError:
        return False


def _finish(proc: subprocess.Popen[str], timeout: float = 60) -> tuple[str, str]:
    """Wait for ``proc``; (rest of stdout, stderr)."""
    proc.wait(timeout)
    time.sleep(0.2)  # the reader thread takes the last lines
    lines = proc._lines["stdout"]  # type: ignore[attr-defined]
    out = "".join(lines.get() for _ in range(lines.qsize()))
    return out, proc.stderr.read()


def _read_line_err(proc: subprocess.Popen[str], pattern: str, timeout: float = 30) -> str:
    return _read_line(proc, pattern, timeout, "stderr")


def test_google_loopback_flow_and_refresh_with_a_custom_token_uri(rig, tmp_path):
    idp, srv = rig
    idp.browser_user = "oa5"
    cfg = write_config(tmp_path, account_toml("gmail", srv, idp, "oa5", "google"))
    proc = subprocess.Popen([sys.executable, "-m", "agent.cli", "--config", str(cfg), "login", "--account", "gmail",
                             "--no-browser"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "G_SECRET": "g-client-secret"})
    try:
        said = _read_line(proc, r"^https://")
        url = said.strip().splitlines()[-1]
        assert url.startswith(idp.auth_uri) and "code_challenge=" in url and "code_challenge_method=S256" in url
        answer = requests.get(url, allow_redirects=False, verify=idp.cafile, timeout=10)  # the user allows access
        assert answer.status_code == 302 and answer.headers["Location"].startswith("http://localhost:")
        requests.get(answer.headers["Location"], timeout=10)  # the browser follows it to the loopback port
        out, err = _finish(proc)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "signed in: account gmail" in out
    assert stat.S_IMODE((tmp_path / "tokens" / "gmail.json").stat().st_mode) == 0o600
    deliver(srv, "oa5", "Hooli", "<r5@hooli.example>")
    first = cli(cfg, "run", "--once")
    assert first.returncode == 0, first.stderr
    refreshes = idp.count("/testtenant/oauth2/v2.0/token grant_type=refresh_token")
    idp.kill_access_tokens("oa5")
    done = cli(cfg, "run", "--once")
    assert done.returncode == 0, done.stderr
    # the refresh went to the configured token_uri (google-auth's from_authorized_user_info would not)
    assert idp.count("/testtenant/oauth2/v2.0/token grant_type=refresh_token") == refreshes + 1
    assert events(tmp_path) == [("gmail", "<r5@hooli.example>")]
    assert_no_secret(idp, tmp_path, said, out, err, first.stderr, done.stdout, done.stderr)


def test_token_command_account(rig, tmp_path):
    idp, srv = rig
    token = idp.tokens_for("oa6", "helper")["access_token"]  # what a helper such as oama would print
    (tmp_path / "helper.sh").write_text(f"#!/bin/sh\necho {token}\n")
    (tmp_path / "helper.sh").chmod(0o700)
    cfg = write_config(tmp_path, account_toml("work", srv, idp, "oa6", "password")
                       .replace('auth = "password"', 'auth = "command"')
                       .replace(f'password_env = "{PASSWORD_ENV}"', f'token_command = "{tmp_path}/helper.sh"'))
    deliver(srv, "oa6", "Stark", "<r6@stark.example>")
    done = cli(cfg, "run", "--once")
    assert done.returncode == 0, done.stderr
    assert events(tmp_path) == [("work", "<r6@stark.example>")]
    assert token not in done.stderr + done.stdout
