"""OAuth2 sign-in under attack and over time: a forged request to the loopback port cannot end (or take
over) a Google sign-in; a sign-in nobody completes times out with a clear message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from tests.integration.test_oauth import (  # noqa: F401 - rig is a fixture
    _finish,
    _read_line,
    account_toml,
    assert_no_secret,
    rig,
    write_config,
)

pytestmark = pytest.mark.dovecot


def start_google_login(cfg: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "agent.cli", "--config", str(cfg), "login", "--account",
                             "gmail", "--no-browser", *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "G_SECRET": "g-client-secret"})


def test_forged_requests_to_the_loopback_port_do_not_end_the_sign_in(rig, tmp_path):
    idp, srv = rig
    idp.browser_user = "oa7"
    cfg = write_config(tmp_path, account_toml("gmail", srv, idp, "oa7", "google"))
    proc = start_google_login(cfg)
    try:
        said = _read_line(proc, r"^https://")
        url = said.strip().splitlines()[-1]
        redirect = parse_qs(urlparse(url).query)["redirect_uri"][0]
        port = urlparse(redirect).port
        # a local user or a web page: no state, a wrong state, a forged code with a wrong state
        forged = [f"http://127.0.0.1:{port}/", f"http://127.0.0.1:{port}/?code=evil&state=guess",
                  f"http://127.0.0.1:{port}/?error=access_denied", f"http://127.0.0.1:{port}/favicon.ico"]
        for fake in forged:
            page = requests.get(fake, timeout=10)
            assert page.status_code == 400 and "still waiting" in page.text and "signed in" not in page.text
        assert proc.poll() is None  # still waiting for the real answer
        answer = requests.get(url, allow_redirects=False, verify=idp.cafile, timeout=10)  # the user allows
        final = requests.get(answer.headers["Location"], timeout=10)
        assert final.status_code == 200 and "Onward is signed in" in final.text
        out, err = _finish(proc)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "signed in: account gmail" in out
    assert "ignored a request to the sign-in port" in err and "evil" not in err + out
    assert_no_secret(idp, tmp_path, said, out, err)


def test_a_sign_in_nobody_completes_times_out_clearly(rig, tmp_path):
    idp, srv = rig
    cfg = write_config(tmp_path, account_toml("gmail", srv, idp, "oa8", "google"))
    started = time.monotonic()
    proc = start_google_login(cfg, "--timeout", "2")
    try:
        _read_line(proc, r"^https://")
        out, err = _finish(proc, timeout=30)
    finally:
        proc.kill()
    assert time.monotonic() - started < 30
    assert proc.returncode == 4, err
    assert "account gmail: no answer from the sign-in page within 2 s" in err
    assert "run onward login --account gmail again" in err and "Traceback" not in err


def test_the_default_wait_is_five_minutes():
    from agent.accounts.loopback import LOGIN_SECONDS
    from agent.cli import build_parser
    args = build_parser().parse_args(["login"])
    assert LOGIN_SECONDS == 300 and args.timeout == 300


def test_the_daemon_waits_for_onward_login_and_goes_on_once_it_is_done(rig, tmp_path):
    """A revoked sign-in: the daemon says so once and waits (no hourly hammering of the provider); once
    `onward login` is done it goes on within seconds, not after the hour."""
    import signal

    from tests.integration.test_oauth import cli, deliver, events, login_microsoft
    idp, srv = rig
    cfg = write_config(tmp_path, account_toml("work", srv, idp, "oa6", "microsoft"), poll=5)
    login_microsoft(cfg, idp, "work", "oa6")
    idp.revoke("oa6")
    daemon = subprocess.Popen([sys.executable, "-m", "agent.cli", "--config", str(cfg), "run"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "G_SECRET": "g-client-secret"})
    try:
        first = _read_line(daemon, r"login refused", stream="stderr")
        assert "run: onward login --account work" in first
        status = {s["account"]: s for s in json.loads(cli(cfg, "status", "--json").stdout)}
        assert status["work"]["state"] == "needs_login"
        time.sleep(6)
        refreshes = idp.count("grant_type=refresh_token")
        time.sleep(6)
        assert idp.count("grant_type=refresh_token") == refreshes  # waiting, not retrying
        login_microsoft(cfg, idp, "work", "oa6")
        deliver(srv, "oa6", "Vandelay", "<after-login@vandelay.example>")
        later = _read_line(daemon, r"signed in again: trying now", timeout=30, stream="stderr")
        assert "login refused" not in later  # said once
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and not events(tmp_path):
            time.sleep(0.3)
        assert events(tmp_path) == [("work", "<after-login@vandelay.example>")]
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(60)
