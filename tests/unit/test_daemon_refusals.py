"""The daemon while a failed pass waits for its retry: after the server *refused* a command on a working
connection (``ServerRefusedError``: a Drafts folder that refuses APPEND) its IDLE connection keeps
watching, so new mail is handled at once instead of after the backoff; after a network failure it
waits (its own connection would fail the same way). The loop runs for real (``run_forever``) with a
scripted pass and a scripted IDLE connection, a real SQLite store, the real clock."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest

from agent import loop
from agent.config import parse_settings
from agent.loop import run_forever
from agent.mail.imap import ConnectError, MailboxError, ServerRefusedError
from agent.record.store import Store
from agent.report import PassReport, StopFlag

T = TypeVar("T")

FIRST_RETRY_AT_LEAST = 2.5  # s: Backoff's first delay is in [2.5, 5]


class ScriptedWatcher:
    """An IDLE connection on which new mail is announced at once."""

    def __init__(self, calls: list[float]) -> None:
        self.calls = calls

    def connect(self) -> None:
        pass

    def has_capability(self, name: str) -> bool:
        return name == "IDLE"

    def idle_wait(self, folder: str, seconds: float, should_stop: Any, known_uidnext: int | None = None) -> bool:
        self.calls.append(time.monotonic())
        return True

    def close(self) -> None:
        pass


class ScriptedPasses:
    """The first pass fails with ``error``; the second succeeds and stops the daemon."""

    def __init__(self, tmp_path: Path, error: MailboxError) -> None:
        self.settings = parse_settings({
            "imap": {"host": "imap.example.org", "username": "alex@example.org", "folders": ["INBOX"]},
            "followup": {"your_name": "Alex Doe", "from_address": "alex@example.org"},
            "daemon": {"poll_interval": 3600},
            "storage": {"database": f"sqlite:///{tmp_path / 'onward.db'}"},
        })
        self.imap = self.settings.require_imap()
        self.account = self.settings.account
        self.store = Store.open(self.settings.storage.database)
        self.store.migrate()
        self.stop = StopFlag()
        self.error = error
        self.passes: list[float] = []
        self.idle_calls: list[float] = []

    def run_pass(self, now: datetime | None = None) -> PassReport:
        self.passes.append(time.monotonic())
        if len(self.passes) == 1:
            raise self.error
        self.stop.set()
        return PassReport()

    def open_mailbox(self) -> ScriptedWatcher:
        return ScriptedWatcher(self.idle_calls)

    def watermark_uidnext(self, folder: str) -> int | None:
        return None

    def with_store(self, work: Callable[[Store], T]) -> T:
        return work(self.store)


def _run(passes: ScriptedPasses) -> None:
    guard = threading.Timer(20, passes.stop.set)  # bounded, whatever happens
    guard.start()
    try:
        run_forever(passes)  # type: ignore[arg-type]
    finally:
        guard.cancel()
        passes.store.close()


def test_a_refused_command_keeps_idle_going_while_the_retry_waits(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # the retry is due in 10 minutes, long after the 20 s bound of _run: a second pass within the bound
    # can only be the one the new mail announced during IDLE ran (no wall-clock bound to flake under load)
    monkeypatch.setattr(loop.Backoff, "next_delay", lambda self: 600.0)
    passes = ScriptedPasses(tmp_path, ServerRefusedError(
        "the IMAP server refused APPEND INBOX.Drafts: Current box is selected READ-ONLY."))
    _run(passes)
    assert len(passes.passes) == 2 and passes.idle_calls, (passes.passes, passes.idle_calls)
    assert passes.passes[0] <= passes.idle_calls[0] <= passes.passes[1], (passes.passes, passes.idle_calls)


@pytest.mark.parametrize("error", [ConnectError("cannot connect to imap.example.org:993: refused")])
def test_a_network_failure_waits_for_its_retry_without_idle(tmp_path: Path, error: MailboxError) -> None:
    passes = ScriptedPasses(tmp_path, error)
    _run(passes)
    assert len(passes.passes) == 2, passes.passes
    assert passes.passes[1] - passes.passes[0] >= FIRST_RETRY_AT_LEAST - 0.1, passes.passes
    assert not [t for t in passes.idle_calls if t < passes.passes[1]], "IDLE while the server is unreachable"
