"""What each account's passes left behind, for ``onward status``; and Gmail's message ids.

Three small tables of the record's database (:mod:`agent.record.store.accounts` reads and writes them):

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

from datetime import datetime

from agent.accounts.status import AccountState, PassOutcome, WatchState
from agent.record.store import Connection, Store, iso
from agent.record.store import accounts as rows
from agent.record.store import leases as lease_rows
from agent.record.store.accounts import AccountStateRow, WatchRow
from agent.record.store.followups import due_counts
from agent.record.store.messages import review_counts


def record_outcome(store: Store, outcome: PassOutcome) -> None:
    """Remember how the account's last pass ended (``last_pass_at``: the last one that ended well)."""
    now = iso(outcome.at)
    with store.transaction() as conn:
        if outcome.state == AccountState.OK:
            rows.set_account_state(conn, outcome.account, auth=outcome.auth, state=outcome.state.value,
                                   updated_at=now, last_pass_at=now, last_error=None, last_error_at=None)
        else:
            rows.set_account_state(conn, outcome.account, auth=outcome.auth, state=outcome.state.value,
                                   updated_at=now, last_error=(outcome.error or "")[:500], last_error_at=now)


def record_watch(store: Store, account: str, state: WatchState, at: datetime,
                 error: str | None = None, holder: str | None = None) -> bool:
    """The daemon's IDLE connection for ``account`` changed: ``state`` since ``at``.  ``holder``: the worker
    of a pool writing it, which must still hold the account's lease - a worker that lost it (it was frozen
    and another took the account) says nothing more about it, so ``status`` shows the new holder's state,
    never the loser's "stopped".  False when nothing was written for that reason."""
    with store.transaction() as conn:
        if holder is not None and lease_rows.holder_of(conn, account) != holder:
            return False
        rows.set_watch(conn, account, state.value, iso(at), (error or "")[:300] or None)
    return True


def states(store: Store) -> dict[str, AccountStateRow]:
    """account -> its ``account_state`` row."""
    with store.transaction() as conn:
        return rows.account_states(conn)


def watches(store: Store) -> dict[str, WatchRow]:
    """account -> its ``idle_watch`` row (state, since, error)."""
    with store.transaction() as conn:
        return rows.watches(conn)


def waiting(conn: Connection, now: datetime) -> tuple[dict[str, int], dict[str, int]]:
    """Per account: emails waiting for review, and open follow-ups due by ``now``."""
    return review_counts(conn), due_counts(conn, now)


def signed_in(store: Store, account: str, auth: str, now: datetime) -> None:
    """After ``onward login``: the account is no longer waiting for a sign-in (its last pass stays)."""
    with store.transaction() as conn:
        rows.set_account_state(conn, account, auth=auth, state=AccountState.OK.value, last_error=None,
                               updated_at=iso(now))
