"""The accounts aggregate: how each account's passes ended (``account_state``), the daemon's IDLE
watcher (``idle_watch``), and Gmail's message ids (``gmail_ids``: one message under several labels is
recorded once).  What the states mean: :mod:`agent.accounts.state`.

Each function runs inside the caller's transaction (a ``Connection`` from ``Store.transaction()``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, Table, insert, select, update

from agent.record.store.database import Value, rows_as
from agent.record.store.schema import account_state, gmail_ids, idle_watch


@dataclass(frozen=True)
class AccountStateRow:
    """How an account's last pass ended (``onward status``)."""

    account: str
    auth: str
    state: str  # ok | needs_login | error
    last_pass_at: str | None
    last_error: str | None
    last_error_at: str | None
    updated_at: str


@dataclass(frozen=True)
class WatchRow:
    """The daemon's IDLE connection of an account: watching, lost, polling or stopped, since when."""

    account: str
    state: str
    since: str
    error: str | None


def _upsert(conn: Connection, table: Table, account: str, values: Mapping[str, Value]) -> None:
    if conn.execute(update(table).where(table.c.account == account).values(**values)).rowcount == 0:
        conn.execute(insert(table).values(account=account, **values))


def set_account_state(conn: Connection, account: str, **values: Value) -> None:
    """Write ``values`` on the account's ``account_state`` row (made when missing)."""
    _upsert(conn, account_state, account, values)


def set_watch(conn: Connection, account: str, state: str, since: str, error: str | None) -> None:
    _upsert(conn, idle_watch, account, {"state": state, "since": since, "error": error})


def account_states(conn: Connection) -> dict[str, AccountStateRow]:
    """account → its ``account_state`` row."""
    return {r.account: r for r in rows_as(AccountStateRow, conn.execute(select(account_state)))}


def watches(conn: Connection) -> dict[str, WatchRow]:
    """account → its ``idle_watch`` row."""
    return {r.account: r for r in rows_as(WatchRow, conn.execute(select(idle_watch)))}


def known_gmail_ids(conn: Connection, account: str, ids: Iterable[int]) -> dict[int, tuple[str, int, int]]:
    """gm_msgid → (folder, uidvalidity, uid) where it was recorded first, for the known ones of ``ids``."""
    wanted = list(set(ids))
    out: dict[int, tuple[str, int, int]] = {}
    for start in range(0, len(wanted), 500):
        for gm, folder, uidvalidity, uid in conn.execute(
                select(gmail_ids.c.gm_msgid, gmail_ids.c.folder, gmail_ids.c.uidvalidity, gmail_ids.c.uid)
                .where(gmail_ids.c.account == account, gmail_ids.c.gm_msgid.in_(wanted[start:start + 500]))):
            out[int(gm)] = (str(folder), int(uidvalidity), int(uid))
    return out


def remember_gmail_ids(conn: Connection, account: str, folder: str, uidvalidity: int, ids: Mapping[int, int]) -> None:
    """uid → gm_msgid of messages recorded in this transaction (the first folder a message is seen in)."""
    if not ids:
        return
    known = known_gmail_ids(conn, account, ids.values())
    rows = [{"account": account, "gm_msgid": gm, "folder": folder, "uidvalidity": uidvalidity, "uid": uid}
            for uid, gm in ids.items() if gm not in known]
    if rows:
        conn.execute(insert(gmail_ids), rows)
