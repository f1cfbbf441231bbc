"""The resume point of each folder: :class:`FolderCursor` is the one owner of ``folder_state``.

A folder's pass resumes above the highest UID it has done, and a UID means something only under the
folder's UIDVALIDITY (RFC 3501 2.3.1.1): when the server changes it, the UIDs on record name other
messages, so the cursor starts over (:mod:`agent.newmail` then re-matches the recent mail by Message-ID).
The cursor moves inside the transaction that records the batch, so it moves exactly when the batch
is committed: a crash before the commit leaves both where they were (mbsync keeps its sync state the
same way, in one place).

Training folders keep their own cursor under the name ``training:<folder>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Connection, bindparam, insert, select, update

from agent.record.store.database import iso
from agent.record.store.schema import folder_state


@dataclass(frozen=True)
class FolderState:
    """Where a folder's passes got to: the highest UID done under ``uidvalidity``, and when."""

    uidvalidity: int
    last_uid: int
    updated_at: str = ""


# a folder's state, read at every pass of every folder: built once
_STATE = (select(folder_state.c.uidvalidity, folder_state.c.last_uid, folder_state.c.updated_at)
          .where(folder_state.c.account == bindparam("account"), folder_state.c.folder == bindparam("folder")))


@dataclass(frozen=True)
class FolderCursor:
    """The resume point of one folder of one account (load, advance, reset), read and written only here."""

    account: str
    folder: str

    def _where(self) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
        return folder_state.c.account == self.account, folder_state.c.folder == self.folder

    def load(self, conn: Connection) -> FolderState | None:
        """The state on record, or None before the folder's first pass."""
        row = conn.execute(_STATE, {"account": self.account, "folder": self.folder}).first()
        return None if row is None else FolderState(int(row.uidvalidity), int(row.last_uid), str(row.updated_at))

    def resume_after(self, conn: Connection, uidvalidity: int) -> int:
        """The highest UID done under ``uidvalidity`` (0: none, or the folder's UIDVALIDITY changed)."""
        state = self.load(conn)
        return state.last_uid if state is not None and state.uidvalidity == uidvalidity else 0

    def advance(self, conn: Connection, uidvalidity: int, uid: int, now: datetime) -> None:
        """Every UID up to ``uid`` is done, in ``conn``'s transaction: the cursor never moves back under
        the same UIDVALIDITY; under a new one it starts over at ``uid``."""
        self._write(conn, uidvalidity, max(self.resume_after(conn, uidvalidity), uid), now)

    def reset(self, conn: Connection, uidvalidity: int, uid: int, now: datetime) -> None:
        """Start over under ``uidvalidity`` at ``uid`` (a new folder, or its UIDVALIDITY changed)."""
        self._write(conn, uidvalidity, uid, now)

    def _write(self, conn: Connection, uidvalidity: int, last_uid: int, now: datetime) -> None:
        values = {"uidvalidity": uidvalidity, "last_uid": last_uid, "updated_at": iso(now)}
        if conn.execute(update(folder_state).where(*self._where()).values(**values)).rowcount == 0:
            conn.execute(insert(folder_state).values(account=self.account, folder=self.folder, **values))
