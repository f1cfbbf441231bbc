"""A password_command or token_command that hangs is ended with everything it started (its process
group), so the daemon leaks no process per retry."""

from __future__ import annotations

import time

import psutil
import pytest

from agent.accounts import passwords
from agent.accounts.passwords import resolve_password
from agent.accounts.tokens import CommandTokens
from agent.config import SecretError, parse_settings
from agent.mail.imap import TokenServiceError

MARK = "300.4711"  # a sleep length no other process uses: how the test finds the command's processes
HANGS = f"sleep {MARK} & sleep {MARK}"


def running(mark: str = MARK, wait: float = 3.0) -> list[psutil.Process]:
    """The live (not zombie) processes whose command line holds ``mark``, after they had ``wait`` s to go."""
    deadline = time.monotonic() + wait
    while True:
        found = []
        for proc in psutil.process_iter(["cmdline", "status"]):
            try:
                if mark in " ".join(proc.info["cmdline"] or ()) and proc.info["status"] != psutil.STATUS_ZOMBIE:
                    found.append(proc)
            except psutil.Error:
                continue
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


@pytest.fixture(autouse=True)
def no_leftovers():
    yield
    for proc in running(wait=0):
        proc.kill()


def test_a_hanging_token_command_leaves_no_process(monkeypatch):
    tokens = CommandTokens("default", HANGS, timeout=1)
    started = time.monotonic()
    with pytest.raises(TokenServiceError, match="token_command failed to run: TimeoutExpired"):
        tokens.get_access_token()
    assert time.monotonic() - started < 150  # stopped at its 1 s timeout, not after the 300 s sleep
    assert running() == []


def test_a_hanging_password_command_leaves_no_process(monkeypatch):
    monkeypatch.setattr(passwords, "COMMAND_SECONDS", 1.0)
    imap = parse_settings({"imap": {"host": "imap.example.com", "username": "me@example.com",
                                    "password_command": HANGS}}).imap
    for _ in range(3):  # each retry of the daemon
        with pytest.raises(SecretError, match="password_command failed to run"):
            resolve_password(imap)
    assert running() == []


def test_a_command_that_answers_in_time_still_works():
    assert CommandTokens("default", "printf 'tok\\n'", timeout=5).get_access_token() == "tok"
