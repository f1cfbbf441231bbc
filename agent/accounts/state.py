"""What each account's passes left behind, for ``onward status``; and Gmail's message ids.

Two small tables of their own (created on first use, in the record's database):

* ``account_state`` - per account: ``ok`` / ``needs_login`` / ``error``, when the last pass ended
  well, the last error (a one-line message: never a token, see :mod:`agent.accounts.tokens`).
* ``idle_watch`` - per account: the daemon's IDLE connection (*the watcher*): ``watching``, ``lost``
  (with the error, since when), ``polling`` (the server has no IDLE, or ``imap.idle`` is off) or
  ``stopped`` (the daemon ended); written on each change only.
* ``gmail_ids`` - per account, the ``X-GM-MSGID`` of every message recorded from a Gmail folder:
  Gmail shows one message under each of its labels (INBOX, a label, All Mail), each a folder with
  its own UIDs; the id is the same in all of them, so the message is recorded once (the other
  folders get a ``duplicate`` row, so they are not looked at again).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    insert,
    select,
    update,
)

from agent.record.followup_rows import OPEN_STATUSES, is_open
from agent.record.store import Store, followups, iso, messages

metadata = MetaData()

account_state = Table(
    "account_state", metadata,
    Column("account", String, primary_key=True),
    Column("auth", String, nullable=False),
    Column("state", String, nullable=False),
    Column("last_pass_at", String),
    Column("last_error", Text),
    Column("last_error_at", String),
    Column("updated_at", String, nullable=False),
)

idle_watch = Table(
    "idle_watch", metadata,
    Column("account", String, primary_key=True),
    Column("state", String, nullable=False),
    Column("since", String, nullable=False),
    Column("error", Text),
)

gmail_ids = Table(
    "gmail_ids", metadata,
    Column("account", String, primary_key=True),
    Column("gm_msgid", BigInteger, primary_key=True),
    Column("folder", String, nullable=False),
    Column("uidvalidity", Integer, nullable=False),
    Column("uid", Integer, nullable=False),
)


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


_ready: set[int] = set()
_creating = threading.Lock()


def ensure_tables(store: Store) -> None:
    with _creating:  # the daemon's account threads share this process
        if id(store.engine) not in _ready:
            with store.transaction() as conn:
                metadata.create_all(conn)
            _ready.add(id(store.engine))


def record_outcome(store: Store, outcome: PassOutcome) -> None:
    """Remember how the account's last pass ended (``last_pass_at``: the last one that ended well)."""
    ensure_tables(store)
    now = iso(outcome.at)
    values: dict[str, Any] = {"auth": outcome.auth, "state": outcome.state.value, "updated_at": now}
    if outcome.state == AccountState.OK:
        values.update(last_pass_at=now, last_error=None, last_error_at=None)
    else:
        values.update(last_error=(outcome.error or "")[:500], last_error_at=now)
    _upsert(store, account_state, outcome.account, values)


def record_watch(store: Store, account: str, state: WatchState, at: datetime,
                 error: str | None = None) -> None:
    """The daemon's IDLE connection for ``account`` changed: ``state`` since ``at``."""
    ensure_tables(store)
    _upsert(store, idle_watch, account,
            {"state": state.value, "since": iso(at), "error": (error or "")[:300] or None})


def _upsert(store: Store, table: Table, account: str, values: dict[str, Any]) -> None:
    with store.transaction() as conn:
        if conn.execute(update(table).where(table.c.account == account).values(**values)).rowcount == 0:
            conn.execute(insert(table).values(account=account, **values))


def states(store: Store) -> dict[str, Any]:
    """account -> its ``account_state`` row."""
    ensure_tables(store)
    with store.transaction() as conn:
        return {row.account: row for row in conn.execute(select(account_state))}


def watches(store: Store) -> dict[str, Any]:
    """account -> its ``idle_watch`` row (state, since, error)."""
    ensure_tables(store)
    with store.transaction() as conn:
        return {row.account: row for row in conn.execute(select(idle_watch))}


def waiting(conn: Connection, now: datetime) -> tuple[dict[str, int], dict[str, int]]:
    """Per account: emails waiting for review, and open follow-ups due by ``now``."""
    review = {str(a): int(n) for a, n in conn.execute(
        select(messages.c.account, func.count()).where(messages.c.status == "review").group_by(messages.c.account))}
    due: dict[str, int] = {}
    for account, due_at, status, draft in conn.execute(
            select(followups.c.account, followups.c.due_at, followups.c.status, followups.c.draft_message_id)
            .where(followups.c.status.in_(OPEN_STATUSES))):
        if due_at <= iso(now) and is_open(status, draft):  # a draft saved without a recipient is not due
            due[str(account)] = due.get(str(account), 0) + 1
    return review, due


# -- Gmail ---------------------------------------------------------------------------------------------


def known_gmail_ids(store: Store, conn: Connection, account: str, ids: Iterable[int]) -> dict[int, tuple[str, int, int]]:
    """gm_msgid -> (folder, uidvalidity, uid) where it was recorded first, for the known ones of ``ids``."""
    ensure_tables(store)
    wanted = list(set(ids))
    out: dict[int, tuple[str, int, int]] = {}
    for start in range(0, len(wanted), 500):
        for row in conn.execute(select(gmail_ids).where(gmail_ids.c.account == account,
                                                        gmail_ids.c.gm_msgid.in_(wanted[start:start + 500]))):
            out[int(row.gm_msgid)] = (row.folder, row.uidvalidity, row.uid)
    return out


def remember_gmail_ids(store: Store, conn: Connection, account: str, folder: str, uidvalidity: int,
                       ids: Mapping[int, int]) -> None:
    """uid -> gm_msgid of messages recorded in this transaction (the first folder a message is seen in)."""
    if not ids:
        return
    ensure_tables(store)
    known = known_gmail_ids(store, conn, account, ids.values())
    rows = [{"account": account, "gm_msgid": gm, "folder": folder, "uidvalidity": uidvalidity, "uid": uid}
            for uid, gm in ids.items() if gm not in known]
    if rows:
        conn.execute(insert(gmail_ids), rows)


def original_message_id(conn: Connection, account: str, where: tuple[str, int, int]) -> str | None:
    folder, uidvalidity, uid = where
    return conn.execute(select(messages.c.message_id).where(
        messages.c.account == account, messages.c.folder == folder, messages.c.uidvalidity == uidvalidity,
        messages.c.uid == uid)).scalar()


def signed_in(store: Store, account: str, auth: str, now: datetime) -> None:
    """After ``onward login``: the account is no longer waiting for a sign-in (its last pass stays)."""
    ensure_tables(store)
    with store.transaction() as conn:
        done = conn.execute(update(account_state).where(account_state.c.account == account).values(
            auth=auth, state=AccountState.OK.value, last_error=None, updated_at=iso(now)))
        if done.rowcount == 0:
            conn.execute(insert(account_state).values(account=account, auth=auth, state=AccountState.OK.value,
                                                      updated_at=iso(now)))
