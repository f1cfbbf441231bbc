"""The states an account and its IDLE watcher can be in, and how one pass ended: the names the daemon
writes (:mod:`agent.accounts.state` writes and reads them in the database). Stdlib only: the waiting
daemon names them without loading the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class AccountState(StrEnum):
    OK = "ok"
    NEEDS_LOGIN = "needs_login"
    ERROR = "error"


class WatchState(StrEnum):
    WATCHING = "watching"
    LOST = "lost"
    POLLING = "polling"
    STOPPED = "stopped"


@dataclass(frozen=True)
class PassOutcome:
    """How one pass of one account ended (what the loop writes)."""

    account: str
    auth: str
    state: AccountState
    at: datetime
    error: str | None = None
