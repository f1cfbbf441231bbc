"""What the record stage knows of a batch before recording it, read in two queries for the whole
batch instead of several per job email: which of the batch's Message-IDs (each email's own and the
ones it answers) are in an application's thread, and whose; which of its emails already have an event.
Within the batch the view is the truth about threads: the thread ids its emails add are inserted
together when the batch is recorded (:attr:`BatchView.added`), not one statement per email.

What recording one email adds (its thread's Message-IDs, its event) is staged and joins the view only
when that email's savepoint is released (:meth:`BatchView.commit`); an email whose savepoint is rolled
back leaves the view as it was (:meth:`BatchView.discard`). A question about a Message-ID the view was
not built for is not answered (None): the caller asks the database.

The view also knows which applications the batch's transaction already holds: those it locked
(:func:`agent.record.store.applications.lock_applications`) and those it created, which no other
transaction can see. A lock lasts until the transaction ends, so an application several of the batch's
emails join is locked once; a lock taken in an email's savepoint that is rolled back is released with it,
so it is staged like the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass
class BatchView:
    asked: frozenset[str]                  # the Message-IDs whose thread owner this view knows
    owners: dict[str, tuple[int, str]]     # those on record in a thread → (application, account)
    events_asked: frozenset[str]           # the Message-IDs whose event this view knows
    with_event: set[str]                   # those that have an event
    added: list[tuple[str, int]] = field(default_factory=list)  # thread ids to insert: (Message-ID, application)
    held: set[int] = field(default_factory=set)  # applications this transaction locked or created
    _owners: dict[str, tuple[int, str]] = field(default_factory=dict)  # staged by the email being recorded
    _events: set[str] = field(default_factory=set)
    _held: set[int] = field(default_factory=set)

    def covers(self, message_ids: Iterable[str]) -> bool:
        return all(m in self.asked for m in message_ids if m)

    def has_event(self, message_id: str) -> bool | None:
        if message_id not in self.events_asked and message_id not in self._events:
            return None
        return message_id in self.with_event or message_id in self._events

    def thread_application(self, message_ids: Sequence[str], account: str) -> int | None:
        """The application of ``account`` whose thread holds one of ``message_ids`` (as the database's
        index would find it: the smallest such Message-ID's)."""
        for m in sorted(m for m in message_ids if m):
            owner = self._owners.get(m) or self.owners.get(m)
            if owner is not None and owner[1] == account:
                return owner[0]
        return None

    def not_in_threads(self, message_ids: Iterable[str]) -> list[str]:
        """Those of ``message_ids`` no application's thread holds, sorted (each once)."""
        return sorted({m for m in message_ids if m and m not in self.owners and m not in self._owners})

    def stage_thread(self, message_ids: Iterable[str], application_id: int, account: str) -> None:
        for m in message_ids:
            self._owners[m] = (application_id, account)

    def stage_event(self, message_id: str) -> None:
        self._events.add(message_id)

    def holds(self, application_id: int) -> bool:
        return application_id in self.held or application_id in self._held

    def stage_held(self, application_id: int) -> None:
        self._held.add(application_id)

    def commit(self) -> None:
        self.added.extend((m, app_id) for m, (app_id, _) in self._owners.items())
        self.owners.update(self._owners)
        self.with_event.update(self._events)
        self.held.update(self._held)
        self.discard()

    def discard(self) -> None:
        self._owners.clear()
        self._events.clear()
        self._held.clear()
