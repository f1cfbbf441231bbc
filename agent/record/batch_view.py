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

And it knows the applications the batch's job emails could be linked to, read once for the batch
(:func:`agent.record.store.applications.batch_candidates`): every application of the account with one of
the company keys or sender identities of the batch's job emails (:attr:`BatchView.link_keys`,
:attr:`BatchView.link_senders`), as linking weighs it, and the state (row and events) of each application the
transaction holds once it was read; what recording an email changes of them is staged like the rest, so
that within the batch the view says what the database would. An email whose company key or sender the view
was not built for gets no answer (None): the caller asks the database. What another transaction commits
meanwhile (an application ``onward add`` adds, on PostgreSQL) the view does not know: before an email would
open a new application, the record stage asks the database once more
(:meth:`agent.record.outcomes.Recorder._candidates_since_the_view`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

from agent.record.linking import Candidate
from agent.record.store.applications import ApplicationRow, ApplicationState, Linkable, linkable
from agent.record.store.database import Value

_ROW_FIELDS = frozenset(f.name for f in fields(ApplicationRow))
_LINKABLE_FIELDS = frozenset(f.name for f in fields(Linkable)) & _ROW_FIELDS - {"id"}


@dataclass
class BatchView:
    asked: frozenset[str]                  # the Message-IDs whose thread owner this view knows
    owners: dict[str, tuple[int, str]]     # those on record in a thread → (application, account)
    events_asked: frozenset[str]           # the Message-IDs whose event this view knows
    with_event: set[str]                   # those that have an event
    added: list[tuple[str, int]] = field(default_factory=list)  # thread ids to insert: (Message-ID, application)
    held: set[int] = field(default_factory=set)  # applications this transaction locked or created
    link_keys: frozenset[str] = frozenset()     # the company keys whose applications it knows, all of them
    link_senders: frozenset[str] = frozenset()  # the sender identities whose applications it knows, all of them
    linkable: dict[int, Linkable] = field(default_factory=dict)  # those, and those the batch recorded in, by id
    states: dict[int, ApplicationState] = field(default_factory=dict)  # those read or created by the transaction
    _owners: dict[str, tuple[int, str]] = field(default_factory=dict)  # staged by the email being recorded
    _events: set[str] = field(default_factory=set)
    _held: set[int] = field(default_factory=set)
    _linkable: dict[int, Linkable] = field(default_factory=dict)
    _states: dict[int, ApplicationState] = field(default_factory=dict)
    # the applications of ``linkable`` by company key and by sender identity, each a superset of what it is now
    # (an application that no longer has the key or sender is passed over when it is looked up)
    _of_company: dict[str, set[int]] = field(default_factory=dict)
    _of_sender: dict[str, set[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._index(self.linkable.values())

    def _index(self, apps: Iterable[Linkable]) -> None:
        for app in apps:
            if app.company_key:
                self._of_company.setdefault(app.company_key, set()).add(app.id)
            for _, sender in app.senders:
                if sender:
                    self._of_sender.setdefault(sender, set()).add(app.id)

    def covers(self, message_ids: Iterable[str]) -> bool:
        return all(m in self.asked for m in message_ids if m)

    def has_event(self, message_id: str) -> bool | None:
        if message_id not in self.events_asked and message_id not in self._events:
            return None
        return message_id in self.with_event or message_id in self._events

    def thread_owners(self, message_ids: Sequence[str]) -> list[tuple[int, str]]:
        """The (application, account) whose thread holds each of ``message_ids``, in the order of the Message-IDs
        (as the database's index would find them: the smallest first)."""
        return [o for m in sorted(m for m in message_ids if m) if (o := self._owners.get(m) or self.owners.get(m))]

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

    def candidates(self, company_key: str, sender: str) -> tuple[list[Candidate], list[Candidate]] | None:
        """The applications linking weighs for an email of company key ``company_key`` and sender identity
        ``sender`` ("": none), as :func:`agent.record.store.applications.link_candidates` reads them: those of
        the company, and those with an email from the sender, by id; None when the view does not know them."""
        if (company_key and company_key not in self.link_keys) or (sender and sender not in self.link_senders):
            return None
        by_key: list[Candidate] = []
        by_sender: list[Candidate] = []
        if not company_key and not sender:
            return by_key, by_sender
        maybe = self._of_company.get(company_key, set()) | self._of_sender.get(sender, set()) | self._linkable.keys()
        for app_id in sorted(maybe):
            app = self._linkable.get(app_id) or self.linkable[app_id]
            if company_key and app.company_key == company_key:
                by_key.append(app.candidate)
            if sender and any(key == sender for _, key in app.senders):
                by_sender.append(app.candidate)
        return by_key, by_sender

    def state(self, application_id: int) -> ApplicationState | None:
        """The application's row and events, when the transaction holds it and read or created them."""
        if not self.holds(application_id):
            return None
        return self._states.get(application_id) or self.states.get(application_id)

    def stage_state(self, state: ApplicationState) -> None:
        """The application as the transaction now has it (read, created, or an event recorded in it)."""
        self._states[state.row.id] = state
        self._linkable[state.row.id] = linkable(state)

    def stage_update(self, application_id: int, values: Mapping[str, Value]) -> None:
        """The application's columns ``values`` were set (by the email being recorded)."""
        changed: dict[str, Any] = {k: str(v) if k == "status" else v for k, v in values.items() if k in _ROW_FIELDS}
        if (state := self._states.get(application_id) or self.states.get(application_id)) is not None:
            self._states[application_id] = replace(state, row=replace(state.row, **changed))
        if (app := self._linkable.get(application_id) or self.linkable.get(application_id)) is not None:
            self._linkable[application_id] = replace(app, **{k: v for k, v in changed.items()
                                                              if k in _LINKABLE_FIELDS})

    def commit(self) -> None:
        self.added.extend((m, app_id) for m, (app_id, _) in self._owners.items())
        self.owners.update(self._owners)
        self.with_event.update(self._events)
        self.held.update(self._held)
        self.linkable.update(self._linkable)
        self._index(self._linkable.values())
        self.states.update(self._states)
        self.discard()

    def discard(self) -> None:
        self._owners.clear()
        self._events.clear()
        self._held.clear()
        self._linkable.clear()
        self._states.clear()
