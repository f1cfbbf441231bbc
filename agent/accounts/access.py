"""What every pass runner needs of an account: its password or token source, mailbox connections,
and the watermark of a folder (the daemon's IDLE watcher asks whether mail arrived unseen)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from agent.accounts.passwords import resolve_password
from agent.accounts.tokens import provider_for
from agent.config import ImapSettings, Settings
from agent.mail.client import MailClient
from agent.mail.imap import Mailbox
from agent.mail.signin import TokenSource
from agent.record.storage import StoreError

if TYPE_CHECKING:
    from agent.record.store import Store

T = TypeVar("T")


class AccountAccess:
    """What both pass runners need: the account's password (or token source), mailbox connections and
    watermarks."""

    settings: Settings
    imap: ImapSettings
    store: Store
    account: str  # the account's name in the config (``default`` for ``[imap]``): what its rows carry
    _password: str | TokenSource | None

    def password(self) -> str | TokenSource:
        if self._password is None:
            if self.imap.uses_oauth:
                self._password = provider_for(self.settings)
            else:
                self._password = resolve_password(self.imap)
        return self._password

    _client: Callable[[], MailClient] | None = None

    def open_mailbox(self) -> MailClient:
        """A new connection to the account (not yet connected), or the test's in-memory mailbox."""
        if self._client is not None:
            return self._client()
        return Mailbox(self.imap, self.password())

    def with_store(self, work: Callable[[Store], T]) -> T:
        """``work`` done on the account's store: here, on the runner's own (the daemon's lean runner
        does it in a short-lived child process instead, see :class:`agent.loop.IsolatedPasses`)."""
        return work(self.store)

    def watermark_uidnext(self, folder: str) -> int | None:
        """1 + the highest UID of ``folder`` on record (None when unknown or on a database error)."""
        try:
            return self.with_store(lambda store: folder_watermark(store, self.account, folder))
        except StoreError:
            return None


def folder_watermark(store: Store, account: str, folder: str) -> int | None:
    """1 + the highest UID of ``account``'s ``folder`` on record (None when unknown)."""
    from agent.record.store import FolderCursor  # with the store: loaded only where the store is open

    with store.transaction() as conn:
        state = FolderCursor(account, folder).load(conn)
    return state.last_uid + 1 if state is not None else None
