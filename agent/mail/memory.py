"""An in-memory mailbox behind the same interface as the IMAP one (:class:`agent.mail.client.MailClient`).

Folders hold raw messages with UIDs, a UIDVALIDITY, dates and flags; Drafts and Sent are found by
name. Enough of IMAP's semantics for the pass to run unchanged: ``examine`` opens a folder,
``uids_after``/``uids_since`` search it, ``fetch`` returns :class:`~agent.mail.imap.Fetched` batches
(partial reads honour ``limit``), ``append_draft`` stores a draft with ``\\Draft``. Used by the fast
unit tests of the record and follow-up rules; the real thing is tested against Dovecot.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from agent.mail.imap import Fetched, FolderStatus, MailboxError
from agent.mail.parse import parse_headers


def _header_fields(raw: bytes, fields: Sequence[str]) -> bytes:
    """The header lines of ``fields`` (with their continuation lines) and the blank line after them."""
    wanted = {f.lower().encode() for f in fields}
    head = raw.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    kept: list[bytes] = []
    keep = False
    for line in head.split(b"\n"):
        if line[:1] not in (b" ", b"\t"):
            keep = line.split(b":", 1)[0].strip().lower() in wanted
        if keep:
            kept.append(line)
    return b"".join(line + b"\r\n" for line in kept) + b"\r\n"


@dataclass
class _Message:
    uid: int
    raw: bytes
    internaldate: datetime
    flags: tuple[bytes, ...] = ()


@dataclass
class _Folder:
    uidvalidity: int
    messages: dict[int, _Message] = field(default_factory=dict)
    uidnext: int = 1


class MemoryMailbox:
    """One account's folders, in memory. ``connections`` counts ``connect`` calls (tests)."""

    def __init__(self, folders: Sequence[str] = ("INBOX", "Drafts", "Sent")) -> None:
        self.folders: dict[str, _Folder] = {}
        self.selected: str | None = None
        self.connections = 0
        for name in folders:
            self.create(name)

    # -- setting up (tests) ---------------------------------------------------------------------------
    def create(self, name: str, uidvalidity: int | None = None) -> None:
        self.folders[name] = _Folder(uidvalidity=uidvalidity or len(self.folders) + 1)

    def deliver(self, folder: str, raw: bytes, when: datetime | None = None,
                flags: tuple[bytes, ...] = ()) -> int:
        """Put a message into ``folder``; returns its UID."""
        f = self.folders[folder]
        uid = f.uidnext
        f.uidnext += 1
        f.messages[uid] = _Message(uid, raw, when or datetime.now(UTC), flags)
        return uid

    def raw_messages(self, folder: str) -> list[bytes]:
        return [m.raw for m in self.folders[folder].messages.values()]

    # -- the MailClient interface -----------------------------------------------------------------------
    def __enter__(self) -> MemoryMailbox:
        self.connect()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def connect(self) -> None:
        self.connections += 1

    def close(self) -> None:
        self.selected = None

    def has_capability(self, name: str) -> bool:
        return name.upper() in ("IMAP4REV1", "IDLE", "UIDPLUS")

    def folder_names(self) -> list[str]:
        return list(self.folders)

    def find_special(self, kind: str, override: str | None = None) -> str | None:
        name = override or {"drafts": "Drafts", "sent": "Sent", "junk": "Junk", "trash": "Trash", "all": "All Mail"}[kind]
        return name if name in self.folders else None

    def ensure_drafts(self) -> str:
        if "Drafts" not in self.folders:
            self.create("Drafts")
        return "Drafts"

    def examine(self, folder: str) -> FolderStatus:
        if folder not in self.folders:
            raise MailboxError(f"IMAP EXAMINE {folder} failed: no such folder")
        self.selected = folder
        f = self.folders[folder]
        return FolderStatus(name=folder, uidvalidity=f.uidvalidity, uidnext=f.uidnext, exists=len(f.messages))

    def _current(self) -> _Folder:
        if self.selected is None:
            raise MailboxError("no folder selected")
        return self.folders[self.selected]

    def uids_after(self, last_uid: int) -> list[int]:
        return sorted(u for u in self._current().messages if u > last_uid)

    def uids_since(self, day: date) -> list[int]:
        return sorted(u for u, m in self._current().messages.items() if m.internaldate.date() >= day)

    def all_uids(self) -> list[int]:
        return sorted(self._current().messages)

    def fetch(self, uids: Sequence[int], batch: int | None = None, limit: int | None = None,
              text_parts: int = 0) -> Iterator[list[Fetched]]:
        messages = self._current().messages
        size = batch or 200
        for start in range(0, len(uids), size):
            out = []
            for uid in uids[start:start + size]:
                m = messages.get(uid)
                if m is not None:  # expunged since the search: skipped, as over IMAP
                    raw = m.raw[:limit] if limit else m.raw
                    out.append(Fetched(uid=uid, raw=raw, size=len(m.raw), internaldate=m.internaldate,
                                       flags=m.flags))
            yield out

    def fetch_headers(self, uids: Sequence[int], fields: Sequence[str]) -> dict[int, bytes]:
        """Only the named header fields, as ``BODY.PEEK[HEADER.FIELDS (...)]`` returns them (folded lines kept)."""
        messages = self._current().messages
        return {uid: _header_fields(messages[uid].raw, fields) for uid in uids if uid in messages}

    def draft_exists(self, drafts: str, message_id: str) -> bool:
        self.examine(drafts)
        return any(parse_headers(m.raw).message_id == message_id for m in self._current().messages.values())

    def draft_headers(self, drafts: str, message_id: str, fields: Sequence[str]) -> list[bytes]:
        self.examine(drafts)
        found = [u for u, m in self._current().messages.items() if parse_headers(m.raw).message_id == message_id]
        return list(self.fetch_headers(found, fields).values())

    def append_draft(self, drafts: str, raw: bytes, when: datetime | None = None) -> None:
        self.deliver(drafts, raw, when, flags=(b"\\Draft",))
